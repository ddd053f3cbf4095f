//! An indicator's page: every province's figures, ranked where the indicator has a
//! direction. A province's row is rendered once and kept between preview edits (`Rows`).

use super::*;

#[derive(Serialize)]
pub(super) struct ComparisonRow {
    province: Link,
    /// The province's folder name, for anchors that stay put when the order changes.
    slug: String,
    figure: FigureCtx,
    history: Vec<FigureCtx>,
}

/// The theme's templates for one province's part of an indicator page: its row in the
/// table, and its figures over the years. Rendered once per province, so the preview can
/// keep them (see [`Rows`]) and the page template only joins them.
pub(super) const ROW_TEMPLATES: [(&str, &str); 2] = [
    ("table_html", "partials/indicator_row.html"),
    ("history_html", "partials/indicator_history.html"),
];

/// A province's part of an indicator page, ready for the template.
#[derive(Clone)]
pub(super) struct Row {
    /// The figure the table is sorted by.
    sort: f64,
    year: Arc<str>,
    /// `ComparisonRow` with `table_html` and `history_html` as a template value; its arrays
    /// and maps are shared, so a copy is cheap.
    value: tera::Value,
}

/// The rows of the indicator pages by page and province, kept by the preview between
/// renders. On a large site an indicator page lists every province, and building and
/// rendering those rows is most of its cost; after an edit only the edited provinces' rows
/// are made again.
#[derive(Default)]
pub struct Rows(RwLock<HashMap<(Lang, IndicatorRef), HashMap<String, Row>>>);

impl Rows {
    /// Forgets the rows of the provinces `slugs` (they were edited, added or removed).
    pub fn forget(&mut self, slugs: &[String]) {
        if let Ok(map) = self.0.get_mut() {
            for rows in map.values_mut() {
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
        sort: latest.value,
        year,
        value: tera::Value::from(map),
    }))
}

/// The rows of indicator `r`'s page in province order, from `cache` where it has them.
pub(super) fn comparison_rows(
    s: &Scope,
    r: IndicatorRef,
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
    let known = cached.as_ref().and_then(|m| m.get(&key));
    let mut built = Vec::new();
    let mut rows = Vec::new();
    for (p, x) in s.site.provinces_with(r) {
        if let Some(row) = known.and_then(|k| k.get(&p.slug)) {
            rows.push(row.clone());
            continue;
        }
        match comparison_row(s, scope(), p, x) {
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
        map.entry(key).or_default().extend(built);
    }
    rows
}

pub(super) fn indicator(
    s: &Scope,
    r: IndicatorRef,
    cache: Option<&Rows>,
    diags: &mut Vec<Diagnostic>,
) -> Context {
    let site = s.site;
    let ind = site.indicator(r);
    let mut rows = comparison_rows(s, r, cache, diags);
    // Best first; ties keep province order, so the page is stable.
    rows.sort_by(|a, b| match ind.better {
        Better::Higher => b.sort.total_cmp(&a.sort),
        Better::Lower => a.sort.total_cmp(&b.sort),
        // No direction: keep province order.
        Better::None => std::cmp::Ordering::Equal,
    });
    let years: HashSet<&str> = rows.iter().map(|row| &*row.year).collect();
    let mut figures = Vec::new();
    figures.extend(charts::comparison(s, r, "chart-comparison"));
    figures.extend(charts::multi_line(s, r, "chart-series"));
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
    let kind_key = match ind.kind {
        Kind::Count => "kind_count",
        Kind::Money => "kind_money",
        Kind::Percent => "kind_percent",
        Kind::Score => "kind_score",
        Kind::Rank => "kind_rank",
        Kind::Ratio => "kind_ratio",
        Kind::Index => "kind_index",
        Kind::Growth => "kind_growth",
    };
    let other_name = match s.lang {
        Lang::Vi => &ind.name_en,
        Lang::En => &ind.name,
    };
    c.insert("indicator", &serde_json::json!({
        "id": ind.id, "name": name, "other_name": other_name, "other_lang": if s.lang == Lang::Vi { "en" } else { "vi" },
        "unit": u, "description": description,
        "category": category_name(site.category(ind.category), s.lang),
        "better": s.t(match ind.better { Better::Higher => "better_higher", Better::Lower => "better_lower", Better::None => "better_none" }),
        "kind": s.t(kind_key),
    }));
    c.insert("parent", &ind.parent.map(link));
    c.insert(
        "parts",
        &site.parts_of(r).into_iter().map(link).collect::<Vec<_>>(),
    );
    c.insert("years_differ", &(years.len() > 1));
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
