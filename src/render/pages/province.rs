//! A province's page: its summary with inline values and charts, key figures, derived
//! figures, charts of its indicators, its table and sources.

use super::files;
use super::*;
use crate::chart::{ChartKind, ChartType, Line, Parts, Progress, Subject};
use crate::model::layout::ChartFile;
use crate::model::{Markdown, Observation, Provenance};

/// Charts and inline values for one page's Markdown.
struct PageEmbeds<'a> {
    s: &'a Scope<'a>,
    province: Option<&'a Province>,
    /// Indicators already charted in the prose, so the page does not chart them twice.
    charted: RefCell<HashSet<(IndicatorRef, BlockChartType)>>,
    /// The page and indicator of the province's headline chart, and the chart once the
    /// prose has drawn it (it is then linked to its file there).
    headline: Option<(PageKind, IndicatorRef)>,
    headline_chart: RefCell<Option<crate::chart::Chart>>,
}

impl Embeds for PageEmbeds<'_> {
    fn chart(&self, block: &ChartBlock, number: usize) -> Option<String> {
        let p = self.province?;
        let s = self.s;
        let id = format!("chart-body-{number}");
        let headline = self
            .headline
            .as_ref()
            .filter(|(_, h)| *h == block.indicator && self.headline_chart.borrow().is_none());
        let chart_type = crate::chart::block_type(block.chart_type.name())?;
        let subject = Subject::of_province(p, block.indicator).titled(block.title.as_deref());
        // The headline is a line chart, also written as a file.
        let html = match headline.filter(|_| chart_type.kind() == ChartKind::Line) {
            Some((kind, _)) => {
                let c = chart_type.draw(charts::cx(s), &subject, &id)?;
                let html = files::figure_with_file(s, &c, kind, ChartFile::Headline);
                *self.headline_chart.borrow_mut() = Some(c);
                Some(html)
            }
            None => charts::figure(s, chart_type, &subject, &id),
        }?;
        self.charted
            .borrow_mut()
            .insert((block.indicator, block.chart_type));
        Some(html)
    }

    fn value(&self, indicator: IndicatorRef, year: Year) -> Option<String> {
        let p = self.province?;
        let series = p.series_of(indicator)?;
        Some(figure(self.s, series, series.at(year)?).html)
    }

    fn base_path(&self) -> &str {
        &self.s.site.config.base_path
    }
}

/// A body as HTML, with what the page needs to know of it.
pub(super) struct BodyHtml {
    pub(super) html: String,
    /// The charts it drew, so the page does not draw them again.
    pub(super) charted: HashSet<(IndicatorRef, BlockChartType)>,
    /// The headline chart, when the prose drew it.
    pub(super) headline_chart: Option<crate::chart::Chart>,
}

/// A body's HTML. `headline` names the province's headline chart, linked to its file where
/// the prose draws it.
pub(super) fn body_html(
    s: &Scope,
    province: Option<&Province>,
    body: &Markdown,
    headline: Option<(PageKind, IndicatorRef)>,
) -> BodyHtml {
    let embeds = PageEmbeds {
        s,
        province,
        charted: RefCell::default(),
        headline,
        headline_chart: RefCell::default(),
    };
    let html = markdown::render(&body.doc, &embeds);
    BodyHtml {
        html,
        charted: embeds.charted.into_inner(),
        headline_chart: embeds.headline_chart.into_inner(),
    }
}

#[derive(Serialize)]
pub(super) struct DerivedCtx {
    pub(super) indicator: String,
    pub(super) text: String,
}

/// Sentences of computed figures: growth over the series, the latest yearly change, shares
/// from numerator/denominator and densities per 100 inhabitants.
pub(super) fn derived_figures(s: &Scope, p: &Province) -> Vec<DerivedCtx> {
    let (site, lang, i18n) = (s.site, s.lang, s.i18n());
    let mut out = Vec::new();
    let population = site.find_indicator(POPULATION).and_then(|r| p.series_of(r));
    for series in &p.series {
        let ind = site.indicator(series.indicator);
        if ind.kind.is_position() {
            continue;
        }
        let mut parts = Vec::new();
        // A change from a base worked back from the article's own change would only repeat
        // that change as if the data confirmed it: such changes are not computed.
        let from_claim = |o: &Observation| o.derived == Provenance::BackComputed;
        if let Some(g) =
            derived::series_growth(series).filter(|g| !from_claim(g.first) && !from_claim(g.last))
        {
            let (first, last) = (g.first, g.last);
            let derived = |v| values::DerivedFigure::new(v, ind, lang, i18n);
            parts.push(with_status(
                s,
                i18n.fill(
                    lang,
                    "derived_growth",
                    &[
                        (
                            "first",
                            &values::Figure::new(ind, first, lang, i18n).value(),
                        ),
                        (
                            "first_year",
                            &values::Figure::new(ind, first, lang, i18n).year_mark(),
                        ),
                        ("last", &values::Figure::new(ind, last, lang, i18n).value()),
                        (
                            "last_year",
                            &values::Figure::new(ind, last, lang, i18n).year_mark(),
                        ),
                        ("multiple", &derived(&g.multiple).number()),
                        ("cagr", &derived(&g.cagr).number()),
                    ],
                ),
                g.multiple.status,
            ));
        }
        let last_change = derived::year_on_year(series, ind.decimals)
            .pop()
            .filter(|c| {
                ![c.from, c.to]
                    .iter()
                    .any(|y| series.at(*y).is_some_and(from_claim))
            });
        if let Some(c) = last_change {
            let derived = |v| values::DerivedFigure::new(v, ind, lang, i18n);
            let pct = c
                .percent
                .as_ref()
                .map(|x| format!(" ({})", derived(x).words()))
                .unwrap_or_default();
            let change = derived(&c.change);
            // A percent figure's change reads "+1,2" in points, without a unit.
            let change = if unit(ind, lang) == "%" {
                change.number()
            } else {
                change.words()
            };
            let text = format!("{}–{}: {change}{pct}", c.from, c.to);
            parts.push(with_status(s, text, c.change.status));
        }
        for o in series.observations.iter().filter(|_| !ind.kind.is_share()) {
            if let Some(share) = derived::share(o) {
                let fraction = values::fraction_text(o, lang).unwrap_or_default();
                let shown = values::DerivedFigure::new(&share, ind, lang, i18n).number();
                let text = i18n.fill(
                    lang,
                    "derived_share",
                    &[
                        ("year", &year_text(o)),
                        ("share", &shown),
                        ("fraction", &fraction),
                    ],
                );
                parts.push(with_status(s, text, share.status));
            }
        }
        if let Some(pop) = population.filter(|_| ind.per_100_inhabitants) {
            for o in series.reported() {
                let Some(people) = pop.at(o.year).filter(|x| x.status != Status::Target) else {
                    continue;
                };
                if let Some(d) = derived::density(o, people) {
                    let shown = values::DerivedFigure::new(&d, ind, lang, i18n);
                    let text = i18n.fill(
                        lang,
                        "derived_density",
                        &[
                            ("year", &year_text(o)),
                            ("value", &shown.number()),
                            ("unit", shown.unit()),
                        ],
                    );
                    parts.push(with_status(s, text, d.status));
                }
            }
        }
        if !parts.is_empty() {
            out.push(DerivedCtx {
                indicator: indicator_name(ind, lang).into(),
                text: parts.join("; "),
            });
        }
    }
    out
}

/// A computed figure's sentence with the status its inputs pass on: `… (dự kiến)`.
fn with_status(s: &Scope, text: String, status: Status) -> String {
    match values::status_word(status, s.lang, s.i18n()) {
        Some(w) => format!("{text} ({w})"),
        None => text,
    }
}

/// The charts a province page shows below its summary: a line for every indicator with two
/// or more years, its shares (percents) one chart per topic, parts of a whole; minus those
/// in the prose.
/// The line of `headline` (its indicator) is also pushed to `files`, with a link to its file
/// under it on page `kind`. The others link to the page's data table, which holds their
/// figures, instead of repeating them in a table of their own.
pub(super) fn province_charts(
    s: &Scope,
    p: &Province,
    charted: &HashSet<(IndicatorRef, BlockChartType)>,
    headline: Option<(PageKind, IndicatorRef)>,
    files: &mut super::ChartFiles,
) -> Vec<String> {
    let mut figures = Vec::new();
    for (line_of, c) in province_chart_list(s, p, charted) {
        match (&headline, line_of) {
            (Some((kind, h)), Some(r)) if r == *h => {
                figures.push(files::figure_with_file(s, &c, kind, ChartFile::Headline));
                files.push((ChartFile::Headline, c));
            }
            // The page's data table holds a line's figures under the indicator's category.
            (_, Some(r)) => {
                let category = &s.site.category(s.site.indicator(r).category).id;
                let anchor = crate::model::layout::category_table_anchor(category);
                figures.push(charts::figure_with_table_link(s, c, &anchor));
            }
            // The other charts show the province's latest figures of several indicators,
            // all in its data table.
            (_, None) => {
                let anchor = crate::model::layout::Anchor::Tables.id();
                figures.push(charts::figure_with_table_link(s, c, anchor));
            }
        }
    }
    figures
}

/// The charts of [`province_charts`], in order, each line chart with its indicator (the
/// page links the headline's to its file; the PDF edition prints them all).
pub(super) fn province_chart_list(
    s: &Scope,
    p: &Province,
    charted: &HashSet<(IndicatorRef, BlockChartType)>,
) -> Vec<(Option<IndicatorRef>, crate::chart::Chart)> {
    let mut out = Vec::new();
    let mut n = 0;
    let mut next_id = || {
        n += 1;
        format!("chart-{n}")
    };
    let cx = charts::cx(s);
    // Whether the prose already drew `r` with the chart type `t`.
    let drawn = |r, t: &dyn ChartType| {
        crate::chart::block_chart_type(t).is_some_and(|b| charted.contains(&(r, b)))
    };
    let mut shares: Vec<(crate::model::CategoryRef, Vec<IndicatorRef>)> = Vec::new();
    for series in &p.series {
        let r = series.indicator;
        let ind = s.site.indicator(r);
        if !drawn(r, &Line) && series.reported().count() >= 2 {
            let subject = Subject::of_province(p, r);
            out.extend(Line.draw(cx, &subject, &next_id()).map(|c| (Some(r), c)));
        }
        if ind.kind.is_share() && !drawn(r, &Progress) {
            match shares.iter_mut().find(|(c, _)| *c == ind.category) {
                Some((_, list)) => list.push(r),
                None => shares.push((ind.category, vec![r])),
            }
        }
    }
    // Shares come one chart per topic; a topic with a single share keeps its progress bar.
    for (category, list) in shares {
        let topic = category_name(s.site.category(category), s.lang);
        let chart = crate::chart::shares(cx, p, &list, topic, &next_id()).or_else(|| {
            list.iter()
                .find_map(|&r| Progress.draw(cx, &Subject::of_province(p, r), &next_id()))
        });
        out.extend(chart.map(|c| (None, c)));
    }
    for r in s.site.indicator_refs() {
        if !s.site.parts_of(r).is_empty() && !drawn(r, &Parts) {
            let subject = Subject::of_province(p, r);
            out.extend(Parts.draw(cx, &subject, &next_id()).map(|c| (None, c)));
        }
    }
    out
}

/// A category's part of the page's data table, and whether it has a note column.
#[derive(Serialize)]
struct DataTableGroup {
    #[serde(flatten)]
    group: CategoryGroup<IndicatorRowCtx>,
    /// Whether a row has something to note: a table without has no (empty) note column.
    notes: bool,
}

fn data_tables(s: &Scope, p: &Province) -> Vec<DataTableGroup> {
    province_tables(s, p)
        .into_iter()
        .map(|group| DataTableGroup {
            notes: group.items.iter().any(|row| row.notes),
            group,
        })
        .collect()
}

/// A province's page, or the page of its earlier edition `edition`.
pub(super) fn province(
    s: &Scope,
    latest: &Province,
    edition: Option<usize>,
    files: &mut super::ChartFiles,
) -> Context {
    let site = s.site;
    let earlier = edition.map(|e| latest.as_edition(e));
    let p = earlier.as_ref().unwrap_or(latest);
    let kind = match &earlier {
        Some(ed) => ed.edition.map(|year| PageKind::Edition(latest.id(), year)),
        None => None,
    }
    .unwrap_or_else(|| PageKind::Province(latest.id()));
    let text = p.text(s.lang, site.config.language);
    // Only a province's current page has a headline chart file (not its earlier editions).
    let headline = match &kind {
        PageKind::Province(_) => {
            files::headline_series(site, p).map(|x| (kind.clone(), x.indicator))
        }
        _ => None,
    };
    let BodyHtml {
        html: body,
        charted,
        headline_chart: in_prose,
    } = body_html(s, Some(p), text.body, headline.clone());
    // The headline chart is linked where it is first drawn: in the prose, else below it.
    let headline = headline.filter(|_| in_prose.is_none());
    files.extend(in_prose.map(|c| (ChartFile::Headline, c)));
    let figures = province_charts(s, p, &charted, headline, files);
    let key: Vec<KeyFigure> = key_series(site, p, 6)
        .into_iter()
        .filter_map(|x| key_figure(s, x, None))
        .collect();
    let srcs: Vec<SourceCtx> = p
        .sources
        .iter()
        .map(|r| source_ctx(s, r.0, site.source(*r), false))
        .collect();
    let description = text.summary.map(str::to_string).or_else(|| {
        Some(
            s.i18n()
                .fill(s.lang, "province_description", &[("name", text.name)]),
        )
    });
    let mut c = page_ctx(s, text.name, kind.clone(), description);
    c.insert("editions", &editions(s, latest, &kind));
    c.insert(
        "province",
        &ProvinceCtx {
            name: text.name,
            region: text.region,
            director: p.director.as_deref(),
            director_title: text.director_title,
            term: text.term,
            summary: text.summary,
            slug: &p.slug,
        },
    );
    c.insert("successor_notice", &successor_notice(s, p, text.name));
    c.insert("as_of", &as_of(s, p));
    c.insert("body", &body);
    c.insert("body_lang", text.lang.code());
    c.insert("key_figures", &key);
    c.insert("charts", &figures);
    c.insert("tables", &data_tables(s, p));
    c.insert("derived", &derived_figures(s, p));
    c.insert("claims", &super::claims::claims(s, p));
    c.insert("sources", &srcs);
    c.insert(
        "downloads",
        &Downloads::site(s).with_pdf(s, downloads::Download::ProvincePdf(latest.id(), s.lang)),
    );
    c
}

/// "Từ 01/07/2025, Vĩnh Phúc thuộc Phú Thọ." linking to the successor's page, for a page
/// about a former province.
fn successor_notice(s: &Scope, p: &Province, name: &str) -> Option<String> {
    let k = s.site.successor_of(p)?;
    let unit = s.site.successor_unit(k);
    let link = format!(
        "<a href=\"{}\">{}</a>",
        escape(&s.urls.path(&PageKind::Successor(k).path(s.site))),
        escape(&unit.name)
    );
    let geo = crate::model::geography::geography();
    let single = geo.predecessors(k.0).count() == 1;
    let key = match p.unit {
        Some(AdminUnit::From2025(_)) => "successor_banner_unit",
        _ if single => "successor_banner_same",
        _ => "successor_banner",
    };
    Some(s.i18n().fill(
        s.lang,
        key,
        &[("name", &escape(name)), ("successor", &link)],
    ))
}

/// The years the page's figures cover, the date of its latest source and the body that
/// published them then (`site.yaml` `bodies`).
pub(super) fn as_of(s: &Scope, p: &Province) -> Option<String> {
    let period = super::successor::figure_period(p)?;
    let when = super::as_of::as_of_words(s, super::as_of::report_date(s.site, p)?);
    // An undated source's `year` is only the latest it can be from (2100 when nothing
    // says): the body that published it is the one of its newest figure's year.
    let latest = p
        .sources
        .iter()
        .map(|r| s.site.source(*r))
        .filter_map(|src| match src.date {
            crate::model::DatePrecision::Unknown => figures_year(p),
            _ => Some(src.year),
        })
        .max()?;
    let body = published_by(s, latest)
        .map(|b| format!(" {b}"))
        .unwrap_or_default();
    let key = if period.contains('–') {
        "province_as_of"
    } else {
        "province_as_of_year"
    };
    let text = s
        .i18n()
        .fill(s.lang, key, &[("period", &period), ("when", &when)]);
    Some(text + &body)
}

/// The year of the newest figure `p` reports.
fn figures_year(p: &Province) -> Option<Year> {
    p.series
        .iter()
        .flat_map(|s| s.reported())
        .map(|o| o.year)
        .max()
}

/// "Cơ quan báo cáo số liệu: Sở Thông tin và Truyền thông (đến năm 2025; từ năm 2025 là
/// Sở Khoa học và Công nghệ)."
fn published_by(s: &Scope, year: Year) -> Option<String> {
    let (body, next) = s.site.config.body_of(year)?;
    let i18n = s.i18n();
    let mut period = match (body.from, body.until) {
        (Some(f), Some(u)) => format!("{f}–{u}"),
        (None, Some(u)) => i18n.fill(s.lang, "body_until", &[("year", &u.to_string())]),
        (Some(f), None) => i18n.fill(s.lang, "body_from", &[("year", &f.to_string())]),
        (None, None) => String::new(),
    };
    if let (Some(next), Some(from)) = (next, next.and_then(|n| n.from)) {
        period = i18n.fill(
            s.lang,
            "body_followed",
            &[
                ("period", &period),
                ("year", &from.to_string()),
                ("next", next.name(s.lang)),
            ],
        );
    }
    let key = if period.is_empty() {
        "province_body"
    } else {
        "province_body_period"
    };
    Some(i18n.fill(
        s.lang,
        key,
        &[("body", body.name(s.lang)), ("period", &period)],
    ))
}

#[derive(Serialize)]
struct EditionLink {
    year: String,
    url: String,
    /// The page shown.
    current: bool,
}

/// The dated editions of province `p`, newest first, when it has earlier ones.
fn editions(s: &Scope, p: &Province, shown: &PageKind) -> Vec<EditionLink> {
    if p.editions.is_empty() {
        return Vec::new();
    }
    let latest = (
        p.edition
            .map_or_else(|| s.t("edition_latest").to_string(), |y| y.to_string()),
        PageKind::Province(p.id()),
    );
    let earlier = p
        .editions
        .iter()
        .map(|e| (e.year.to_string(), PageKind::Edition(p.id(), e.year)));
    std::iter::once(latest)
        .chain(earlier)
        .map(|(year, kind)| EditionLink {
            year,
            url: s.urls.path(&kind.path(s.site)),
            current: kind == *shown,
        })
        .collect()
}

/// What a province page's template reads of its province, in the page's language.
#[derive(Serialize)]
struct ProvinceCtx<'a> {
    name: &'a str,
    region: &'a str,
    director: Option<&'a str>,
    director_title: Option<&'a str>,
    term: Option<&'a str>,
    summary: Option<&'a str>,
    slug: &'a str,
}
