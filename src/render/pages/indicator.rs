//! An indicator's page: every province's figures, ranked where the indicator has a
//! direction, as a latest-figure table, a year × province table and a tile map. A
//! province's rows are rendered once and kept between preview edits (`Rows`). On a large
//! site the page lists the top and bottom of the ranking only ([`ROWS_SHOWN`]); the full
//! table is the indicator's download.

use super::*;
use crate::chart::{self, ChartType};
use crate::model::layout::ChartFile;

#[derive(Serialize)]
pub(super) struct ComparisonRow {
    province: Link,
    /// The province's folder name, for anchors that stay put when the order changes.
    slug: String,
    figure: FigureCtx,
    history: Vec<FigureCtx>,
    /// The province's figure for each of the page's years (`None`: no figure that year).
    cells: Vec<Option<YearCell>>,
}

/// A figure in the year × province table: the bare number (the unit is in the caption),
/// with the figure's status, provenance and citation, and the number it sorts by.
#[derive(Serialize)]
struct YearCell {
    #[serde(flatten)]
    figure: FigureCtx,
    number: String,
    sort: f64,
}

/// A note on a figure of the year × province table, listed below it.
#[derive(Serialize)]
struct NoteCtx {
    province: String,
    year: String,
    note: String,
    mark: Option<String>,
    lang: &'static str,
}

/// The notes of the figures of `provinces` in `years`, in table order.
fn year_notes(s: &Scope, provinces: &[(&Province, &Series, f64)], years: &[Year]) -> Vec<NoteCtx> {
    let default = s.site.config.language;
    provinces
        .iter()
        .flat_map(|&(p, x, _)| {
            years.iter().filter_map(move |&y| {
                let obs = x
                    .reported()
                    .filter(|o| o.year == y)
                    .min_by_key(|o| o.status)?;
                let (note, lang) = values::note_text(obs, s.lang, default)?;
                let ind = s.site.indicator(x.indicator);
                Some(NoteCtx {
                    province: p.text(s.lang, default).name.to_string(),
                    year: year_text(obs),
                    // The note of a figure the site computed ends with its mark, after the
                    // result it explains.
                    mark: values::Figure::new(ind, obs, s.lang, s.i18n()).mark(),
                    note,
                    lang: lang.code(),
                })
            })
        })
        .collect()
}

/// The most provinces an indicator page lists; past it, the best and worst half each.
pub use crate::model::layout::INDICATOR_ROWS_SHOWN as ROWS_SHOWN;

/// The theme's templates for one province's part of an indicator page: its row in the
/// latest-figure table, and its row in the year × province table. Rendered once per
/// province, so the preview can keep them (see [`Rows`]) and the page template only joins
/// them.
pub(super) const ROW_TEMPLATES: [(&str, &str); 2] = [
    ("table_html", "partials/indicator_row.html"),
    ("years_html", "partials/indicator_years.html"),
];

/// A province's part of an indicator page, ready for the template.
#[derive(Clone)]
pub(super) struct Row {
    year: Arc<str>,
    /// `ComparisonRow` with `table_html` and `years_html` as a template value; its arrays
    /// and maps are shared, so a copy is cheap.
    value: tera::Value,
}

/// The rows of the indicator pages by page and province, kept by the preview between
/// renders, with the years (columns) they were made for. Building and rendering rows is
/// most of an indicator page's cost; after an edit only the edited provinces' rows are made
/// again (all of the page's when its years changed).
#[derive(Default)]
pub struct Rows(RwLock<HashMap<(Lang, IndicatorRef), PageRows>>);

/// One indicator page's rows by province slug, with the years they have a cell for.
type PageRows = (Vec<Year>, HashMap<String, Row>);

impl Rows {
    /// Forgets the rows of the provinces `slugs` (they were edited, added or removed).
    pub fn forget(&mut self, slugs: &[String]) {
        if let Ok(map) = self.0.get_mut() {
            for (_, rows) in map.values_mut() {
                rows.retain(|slug, _| !slugs.contains(slug));
            }
        }
    }
}

/// What the row templates see besides the row: the page's `site` and `t`.
pub(super) struct RowScope {
    site: tera::Value,
    t: tera::Value,
}

pub(super) fn comparison_row(
    s: &Scope,
    scope: &RowScope,
    p: &Province,
    x: &Series,
    years: &[Year],
) -> Result<Option<Row>, Diagnostic> {
    let Some(latest) = x.latest().or_else(|| x.observations.last()) else {
        return Ok(None);
    };
    let latest_figure = figure(s, x, latest);
    let year: Arc<str> = latest_figure.year.as_str().into();
    let row = ComparisonRow {
        province: Link {
            title: p.text(s.lang, s.site.config.language).name.to_string(),
            url: s.urls.province(p),
        },
        slug: p.slug.clone(),
        figure: latest_figure,
        history: x.observations.iter().map(|o| figure(s, x, o)).collect(),
        cells: years
            .iter()
            .map(|&y| {
                let obs = x
                    .reported()
                    .filter(|o| o.year == y)
                    .min_by_key(|o| o.status)?;
                let number =
                    values::Figure::new(s.site.indicator(x.indicator), obs, s.lang, s.i18n());
                Some(YearCell {
                    figure: figure(s, x, obs),
                    number: number.without_unit(),
                    sort: number.position(),
                })
            })
            .collect(),
    };
    let value = tera::Value::from_serializable(&row);
    let mut ctx = Context::new();
    ctx.insert_value("row", value);
    ctx.insert_value("site", scope.site.clone());
    ctx.insert_value("t", scope.t.clone());
    let mut html = Vec::new();
    for (key, template) in ROW_TEMPLATES {
        let text = s
            .theme
            .tera
            .render(template, &ctx)
            .map_err(|e| s.theme.error(&e, template))?;
        html.push((key, text));
    }
    let mut map = ctx
        .remove("row")
        .and_then(|v| v.into_map())
        .unwrap_or_default();
    for (key, text) in html {
        map.insert(key.into(), text.into());
    }
    Ok(Some(Row {
        year,
        value: tera::Value::from(map),
    }))
}

/// The rows of `provinces` on indicator `r`'s page, in the given order, from `cache` where
/// it has them for these `years`.
pub(super) fn comparison_rows(
    s: &Scope,
    r: IndicatorRef,
    provinces: &[(&Province, &Series, f64)],
    years: &[Year],
    cache: Option<&Rows>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Row> {
    let key = (s.lang, r);
    // Only needed for rows not in the cache: after an edit, one row of the page.
    let scope = OnceCell::new();
    let scope = || {
        scope.get_or_init(|| RowScope {
            site: tera::Value::from_serializable(&site_ctx(s)),
            t: tera::Value::from_serializable(s.i18n().strings(s.lang)),
        })
    };
    let cached = cache.and_then(|c| c.0.read().ok());
    let known = cached
        .as_ref()
        .and_then(|m| m.get(&key))
        .filter(|(y, _)| y == years)
        .map(|(_, rows)| rows);
    let mut built = Vec::new();
    let mut rows = Vec::new();
    for &(p, x, _) in provinces {
        if let Some(row) = known.and_then(|k| k.get(&p.slug)) {
            rows.push(row.clone());
            continue;
        }
        match comparison_row(s, scope(), p, x, years) {
            Ok(Some(row)) => {
                if cache.is_some() {
                    built.push((p.slug.clone(), row.clone()));
                }
                rows.push(row);
            }
            Ok(None) => {}
            // The template fails for every province alike: one report is enough.
            Err(d) => {
                diags.push(d);
                break;
            }
        }
    }
    drop(cached);
    if let Some(mut map) = cache.and_then(|c| c.0.write().ok())
        && !built.is_empty()
    {
        let entry = map.entry(key).or_default();
        if entry.0 != years {
            *entry = (years.to_vec(), HashMap::new());
        }
        entry.1.extend(built);
    }
    rows
}

pub(super) fn indicator(
    s: &Scope,
    r: IndicatorRef,
    cache: Option<&Rows>,
    diags: &mut Vec<Diagnostic>,
    files: &mut super::ChartFiles,
) -> Context {
    let site = s.site;
    let ind = site.indicator(r);
    // Best first, the top and bottom of the ranking on a large site (the download has
    // every province): the layout decides, so the page's row anchors match its own.
    let (shown, total) = crate::model::layout::indicator_rows(site, r);
    let left_out = total.saturating_sub(ROWS_SHOWN);
    let table_years = site.reported_years(r);
    let rows = comparison_rows(s, r, &shown, &table_years, cache, diags);
    let years: HashSet<&str> = rows.iter().map(|row| &*row.year).collect();
    // The comparison and the map are also files, linked under each.
    let kind = PageKind::Indicator(r);
    let cx = chart::Context::from((site, s.lang, s.i18n()));
    let subject = chart::Subject::of_indicator(r);
    let comparison = chart::Comparison.draw(cx, &subject, "chart-comparison");
    // Said above the latest-figure table too: its rows compare the same figures.
    let scope_note = comparison.as_ref().and_then(|c| c.table.note.clone());
    let map = chart::TileMap.draw(cx, &subject, "chart-map");
    let with_file = |c: &chart::Chart, file| super::files::figure_with_file(s, c, &kind, file);
    let mut figures = Vec::new();
    figures.extend(
        comparison
            .as_ref()
            .map(|c| with_file(c, ChartFile::Comparison)),
    );
    figures.extend(charts::figure(
        s,
        &chart::MultiLine,
        &subject,
        "chart-series",
    ));
    let map_file = super::files::has_chart_file(site, &kind, ChartFile::Map);
    let map_html = map.as_ref().map(|c| match map_file {
        true => with_file(c, ChartFile::Map),
        false => chart::figure_html(c, |src| s.urls.source(src)),
    });
    files.extend(comparison.map(|c| (ChartFile::Comparison, c)));
    files.extend(map.filter(|_| map_file).map(|c| (ChartFile::Map, c)));
    let link = |x: IndicatorRef| {
        let i = site.indicator(x);
        Link {
            title: indicator_name(i, s.lang).into(),
            url: s.urls.indicator(i),
        }
    };
    let name = indicator_name(ind, s.lang);
    let u = unit(ind, s.lang);
    let description = match s.lang {
        Lang::Vi => ind.description.clone(),
        Lang::En => ind.description_en.clone(),
    };
    let meta_description = description.clone().or_else(|| {
        Some(s.i18n().fill(
            s.lang,
            "indicator_description",
            &[("name", name), ("unit", u)],
        ))
    });
    let mut c = page_ctx(s, name, PageKind::Indicator(r), meta_description);
    let kind_key = ind.kind.i18n_key();
    let other_name = match s.lang {
        Lang::Vi => &ind.name_en,
        Lang::En => &ind.name,
    };
    let other_lang = match s.lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    c.insert(
        "indicator",
        &IndicatorCtx {
            id: &ind.id,
            name,
            other_name,
            other_lang: other_lang.code(),
            unit: u,
            description,
            category: category_name(site.category(ind.category), s.lang),
            better: s.t(ind.better.i18n_key()),
            kind: s.t(kind_key),
        },
    );
    c.insert("parent", &ind.parent.map(link));
    c.insert(
        "parts",
        &site.parts_of(r).into_iter().map(link).collect::<Vec<_>>(),
    );
    c.insert("years_differ", &(years.len() > 1));
    c.insert(
        "years",
        &table_years.iter().map(Year::to_string).collect::<Vec<_>>(),
    );
    let count = |n: usize| format::count(n, s.lang);
    c.insert(
        "rows_shown_text",
        &s.i18n().fill(
            s.lang,
            "rows_shown",
            &[("shown", &count(rows.len())), ("total", &count(total))],
        ),
    );
    c.insert(
        "rows_left_out_text",
        &s.i18n()
            .fill(s.lang, "rows_left_out", &[("n", &count(left_out))]),
    );
    c.insert(
        "years_caption",
        &s.i18n().fill(
            s.lang,
            "years_by_province_caption",
            &[("name", name), ("unit", u)],
        ),
    );
    c.insert("year_notes", &year_notes(s, &shown, &table_years));
    c.insert("rows_total", &total);
    c.insert("rows_left_out", &left_out);
    c.insert("rows_left_out_at", &(ROWS_SHOWN / 2));
    c.insert("map", &map_html);
    c.insert("scope_note", &scope_note);
    c.insert("sort_script", &s.urls.shared(&s.theme.asset("sort.js")));
    c.insert_value(
        "rows",
        tera::Value::from(rows.into_iter().map(|row| row.value).collect::<Vec<_>>()),
    );
    c.insert("charts", &figures);
    let has_data = site.provinces_with(r).next().is_some();
    let files = has_data.then(|| Downloads::csv(s, downloads::Download::IndicatorCsv(r)));
    c.insert("downloads", &files);
    c
}

/// What an indicator page's template reads of its indicator.
#[derive(Serialize)]
struct IndicatorCtx<'a> {
    id: &'a str,
    name: &'a str,
    /// Its name in the other language, and that language's code.
    other_name: &'a str,
    other_lang: &'static str,
    unit: &'a str,
    description: Option<String>,
    category: &'a str,
    /// "Higher is better" and the kind, in the page's language.
    better: &'a str,
    kind: &'a str,
}
