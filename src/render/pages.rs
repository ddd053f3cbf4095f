//! One job per output page and language: build its context, render its template, hand the
//! HTML to the sink.

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use serde::Serialize;
use tera::Context;

use super::Sink;
use super::charts;
use super::context::*;
use super::downloads;
use super::html::escape;
use super::search::SearchDoc;
use super::theme::Theme;
use super::urls::Urls;
use crate::diagnostic::{Diagnostic, Position, SourceText};
use crate::format;
use crate::linkcheck::MarkdownLink;
use crate::markdown::{self, BlockChartType, ChartBlock, Embeds};
use crate::model::Lang;
use crate::model::{Better, Kind, Status};
use crate::model::{IndicatorRef, POPULATION, Province, Series, Site, Year, derived};
use crate::values::{self, category_name, indicator_name, unit, year_text};

pub use crate::model::layout::PageKind;

/// A page in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Job {
    pub kind: PageKind,
    pub lang: Lang,
}

/// A stable name for a page in one language (`vi:tinh/vinh-phuc/`), for caches.
pub fn job_key(site: &Site, job: &Job) -> String {
    format!("{}:{}", job.lang.code(), job.kind.path(site))
}

/// Every page of the site in every language.
pub fn jobs(site: &Site) -> Vec<Job> {
    crate::model::layout::pages(site)
        .into_iter()
        .map(|(kind, lang)| Job { kind, lang })
        .collect()
}

/// What rendering one page gave.
pub struct JobResult {
    pub written: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub search: Vec<SearchDoc>,
    pub links: Vec<MarkdownLink>,
}

/// Renders one page; returns how many files it wrote, its problems and its search text.
/// `rows`, when given, keeps indicator-page rows for the next render (see [`Rows`]).
pub fn render_job(
    site: &Site,
    theme: &Theme,
    job: &Job,
    sink: &dyn Sink,
    rows: Option<&Rows>,
) -> JobResult {
    let s = Scope::new(site, theme, job.lang);
    let mut diags = Vec::new();
    let mut links = Vec::new();
    let template = job.kind.template();
    let mut ctx = match job.kind {
        PageKind::Home => home(&s),
        PageKind::Provinces => provinces(&s),
        PageKind::Province(i) => province(&s, i, &mut diags, &mut links),
        PageKind::Indicators => indicators(&s),
        PageKind::Indicator(r) => indicator(&s, r, rows, &mut diags),
        PageKind::Sources => sources(&s),
        PageKind::Page(i) => free_page(&s, i, &mut diags, &mut links),
        PageKind::Search => simple(&s, "search_title", PageKind::Search),
        PageKind::NotFound => simple(&s, "not_found_title", PageKind::NotFound),
    };
    let file = s.urls.output(&job.kind.file(site));
    let search = if site.config.search {
        search_docs(&s, job.kind, &ctx)
    } else {
        Vec::new()
    };
    insert_common(&s, &mut ctx, job.kind);
    let written = match theme.tera.render(template, &ctx) {
        Ok(html) => match sink.write(&file, html.as_bytes()) {
            Ok(()) => 1,
            Err(e) => {
                diags.push(Diagnostic::error(&file, format!("cannot write: {e}")));
                0
            }
        },
        Err(e) => {
            diags.push(theme.error(&e, template));
            0
        }
    };
    let links = links
        .into_iter()
        .map(|(source, (url, position))| MarkdownLink {
            source,
            position,
            url,
            page: file.clone(),
        })
        .collect();
    JobResult {
        written,
        diagnostics: diags,
        search,
        links,
    }
}

/// The text search indexes for a page: province summaries, indicator names and
/// descriptions, source titles, free pages. Lists and the home page are left out.
fn search_docs(s: &Scope, kind: PageKind, ctx: &Context) -> Vec<SearchDoc> {
    let lang = s.lang.code();
    let body = || {
        ctx.get("body")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let p = |text: &str| format!("<p>{}</p>", escape(text));
    match kind {
        PageKind::Province(i) => {
            let province = &s.site.provinces[i];
            let text = province.text(s.lang, s.site.config.language);
            let names: String = province
                .series
                .iter()
                .map(|x| p(indicator_name(s.site.indicator(x.indicator), s.lang)))
                .collect();
            let html = format!(
                "{}{}{}{}",
                p(text.region),
                p(text.summary.unwrap_or_default()),
                body(),
                names
            );
            vec![SearchDoc::new(
                s.urls.province(province),
                lang,
                text.name,
                html,
            )]
        }
        PageKind::Indicator(r) => {
            let ind = s.site.indicator(r);
            let other = if s.lang == Lang::Vi {
                &ind.name_en
            } else {
                &ind.name
            };
            let description = if s.lang == Lang::Vi {
                &ind.description
            } else {
                &ind.description_en
            };
            let html = format!(
                "{}{}{}",
                p(other),
                p(description.as_deref().unwrap_or_default()),
                p(category_name(s.site.category(ind.category), s.lang))
            );
            vec![SearchDoc::new(
                s.urls.indicator(ind),
                lang,
                indicator_name(ind, s.lang),
                html,
            )]
        }
        PageKind::Sources => s
            .site
            .sources
            .iter()
            .map(|src| {
                SearchDoc::new(
                    s.urls.source(src),
                    lang,
                    &src.title,
                    format!(
                        "{}{}",
                        p(&src.publisher),
                        p(&values::date_text(&src.date, s.lang, s.i18n()))
                    ),
                )
            })
            .collect(),
        PageKind::Page(i) => {
            let text = s.site.pages[i].text(s.lang, s.site.config.language);
            vec![SearchDoc::new(
                s.urls.path(&format!("{}/", s.site.pages[i].slug)),
                lang,
                text.title,
                body(),
            )]
        }
        _ => Vec::new(),
    }
}

pub fn site_ctx(s: &Scope) -> SiteCtx {
    let u = &s.urls;
    let nav = crate::model::layout::nav(s.site)
        .into_iter()
        .map(|kind| Link {
            title: match (kind, kind.nav_key()) {
                (_, Some(key)) => s.t(key).into(),
                (PageKind::Page(i), None) => s.site.pages[i]
                    .text(s.lang, s.site.config.language)
                    .title
                    .to_string(),
                _ => String::new(),
            },
            url: u.path(&kind.path(s.site)),
        })
        .collect();
    SiteCtx {
        title: s.site.config.title(s.lang).to_string(),
        description: s.site.config.description(s.lang).map(str::to_string),
        lang: s.lang.code(),
        home: u.home(),
        css_url: u.shared(&s.theme.asset("style.css")),
        icon_url: u.shared(&s.theme.asset("favicon.svg")),
        feed_url: s.site.config.knows_origin().then(|| u.path("atom.xml")),
        search_bundle: u.shared(&format!("{}/", crate::model::layout::SEARCH_BUNDLE_DIR)),
        nav,
    }
}

/// `site`, `t` (interface strings) and the page's alternates in the other languages.
fn insert_common(s: &Scope, ctx: &mut Context, kind: PageKind) {
    ctx.insert("site", &site_ctx(s));
    ctx.insert("t", s.i18n().strings(s.lang));
    let path = kind.path(s.site);
    let alternates: Vec<Alternate> = s
        .site
        .config
        .languages
        .iter()
        .filter(|&&l| l != s.lang)
        .map(|&l| {
            let other = Urls::new(s.site, l);
            Alternate {
                lang: l.code(),
                label: s.i18n().t(l, "language_name").to_string(),
                url: other.path(&path),
                absolute: other.absolute(&path),
            }
        })
        .collect();
    ctx.insert("alternates", &alternates);
    // Only the preview renders drafts (a build leaves them out): they get a banner.
    let draft = match kind {
        PageKind::Province(i) => !s.site.provinces[i].draft.is_empty(),
        PageKind::Page(i) => !s.site.pages[i].draft.is_empty(),
        _ => false,
    };
    ctx.insert("draft", &draft);
}

fn page_ctx(s: &Scope, title: &str, kind: PageKind, description: Option<String>) -> Context {
    let path = kind.path(s.site);
    let page = PageCtx {
        title: title.to_string(),
        description,
        url: s.urls.path(&path),
        canonical: s.urls.absolute(&path),
        section: kind.section(),
        alternates: Vec::new(),
    };
    let mut c = Context::new();
    c.insert("page", &page);
    c
}

fn simple(s: &Scope, title_key: &'static str, kind: PageKind) -> Context {
    page_ctx(s, s.t(title_key), kind, None)
}

#[derive(Serialize)]
struct ProvinceCard {
    /// The language of the card's texts when it is not the page's (no translation yet).
    text_lang: Option<&'static str>,
    name: String,
    url: String,
    region: String,
    term: Option<String>,
    summary: Option<String>,
    indicators: usize,
    observations: usize,
    key_figures: Vec<KeyFigure>,
}

fn province_card(s: &Scope, p: &Province, figures: usize) -> ProvinceCard {
    let text = p.text(s.lang, s.site.config.language);
    let key_figures = key_series(s.site, p, figures)
        .into_iter()
        .filter_map(|x| {
            let spark = charts::sparkline(
                s,
                x,
                &format!("spark-{}-{}", p.slug, s.site.indicator(x.indicator).id),
            );
            key_figure(s, x, spark)
        })
        .collect();
    ProvinceCard {
        text_lang: (text.lang != s.lang).then(|| text.lang.code()),
        name: text.name.to_string(),
        url: s.urls.province(p),
        region: text.region.to_string(),
        term: text.term.map(str::to_string),
        summary: text.summary.map(str::to_string),
        indicators: p.series.len(),
        observations: p.series.iter().map(|x| x.observations.len()).sum(),
        key_figures,
    }
}

#[derive(Serialize)]
struct Downloads {
    csv: String,
    json: String,
}

impl Downloads {
    fn new(urls: &Urls, csv: &str, json: &str) -> Self {
        Downloads {
            csv: urls.shared(csv),
            json: urls.shared(json),
        }
    }
}

fn home(s: &Scope) -> Context {
    let site = s.site;
    let mut c = page_ctx(
        s,
        site.config.title(s.lang),
        PageKind::Home,
        site.config.description(s.lang).map(str::to_string),
    );
    let cards: Vec<ProvinceCard> = site
        .provinces
        .iter()
        .take(site.config.home_provinces)
        .map(|p| province_card(s, p, 3))
        .collect();
    c.insert("provinces", &cards);
    // The rest are one click away on the provinces page.
    c.insert(
        "more_provinces",
        &site.provinces.len().saturating_sub(cards.len()),
    );
    c.insert("categories", &indicator_groups(s));
    c.insert(
        "downloads",
        &Downloads::new(&s.urls, downloads::SITE_CSV, downloads::SITE_JSON),
    );
    let observations: usize = site
        .provinces
        .iter()
        .flat_map(|p| &p.series)
        .map(|x| x.observations.len())
        .sum();
    c.insert(
        "stats",
        &serde_json::json!({
            "provinces": site.provinces.len(),
            "indicators": site.indicators.len(),
            "observations": format::number(observations as f64, 0, s.lang),
            "sources": site.sources.len(),
        }),
    );
    c
}

fn provinces(s: &Scope) -> Context {
    let mut c = page_ctx(s, s.t("nav_provinces"), PageKind::Provinces, None);
    let cards: Vec<ProvinceCard> = s
        .site
        .provinces
        .iter()
        .map(|p| province_card(s, p, 0))
        .collect();
    c.insert("provinces", &cards);
    c
}

#[derive(Serialize)]
struct IndicatorLink {
    name: String,
    url: String,
    unit: String,
    /// "3 tỉnh" / "3 provinces": provinces with data of the indicator or of its parts.
    provinces: String,
}

fn indicator_groups(s: &Scope) -> Vec<CategoryGroup<IndicatorLink>> {
    let site = s.site;
    site.category_refs()
        .filter_map(|c| {
            let items: Vec<IndicatorLink> = site
                .indicator_refs()
                .filter(|&r| site.indicator(r).category == c)
                .map(|r| {
                    let ind = site.indicator(r);
                    let parts = site.parts_of(r);
                    let n = site
                        .provinces
                        .iter()
                        .filter(|p| {
                            p.series_of(r).is_some()
                                || parts.iter().any(|&c| p.series_of(c).is_some())
                        })
                        .count();
                    let key = if n == 1 {
                        "n_provinces_one"
                    } else {
                        "n_provinces_other"
                    };
                    IndicatorLink {
                        name: indicator_name(ind, s.lang).into(),
                        url: s.urls.indicator(ind),
                        unit: unit(ind, s.lang).into(),
                        provinces: s.i18n().fill(s.lang, key, &[("n", &n.to_string())]),
                    }
                })
                .collect();
            (!items.is_empty()).then(|| {
                let cat = site.category(c);
                CategoryGroup {
                    id: cat.id.clone(),
                    name: category_name(cat, s.lang).into(),
                    items,
                }
            })
        })
        .collect()
}

fn indicators(s: &Scope) -> Context {
    let mut c = page_ctx(s, s.t("nav_indicators"), PageKind::Indicators, None);
    c.insert("categories", &indicator_groups(s));
    c
}

fn sources(s: &Scope) -> Context {
    let mut c = page_ctx(s, s.t("sources_title"), PageKind::Sources, None);
    let list: Vec<SourceCtx> = s
        .site
        .sources
        .iter()
        .enumerate()
        .map(|(i, x)| source_ctx(s, i, x, true))
        .collect();
    c.insert("sources", &list);
    c
}

/// Links written in Markdown, with the file they were written in.
type BodyLinks = Vec<(SourceText, (String, Position))>;

fn free_page(s: &Scope, i: usize, diags: &mut Vec<Diagnostic>, links: &mut BodyLinks) -> Context {
    let page = &s.site.pages[i];
    let text = page.text(s.lang, s.site.config.language);
    let embeds = PageEmbeds {
        s,
        province: None,
        charted: RefCell::default(),
    };
    let (body, d) = markdown::render(text.body, s.site, None, &embeds);
    diags.extend(d);
    links.extend(
        body.links
            .iter()
            .map(|l| (text.body.source.clone(), l.clone())),
    );
    let mut c = page_ctx(
        s,
        text.title,
        PageKind::Page(i),
        text.description.map(str::to_string),
    );
    c.insert("body", &body.html);
    c.insert("body_lang", text.lang.code());
    c
}

/// Charts and inline values for one page's Markdown.
struct PageEmbeds<'a> {
    s: &'a Scope<'a>,
    province: Option<&'a Province>,
    /// Indicators already charted in the prose, so the page does not chart them twice.
    charted: RefCell<HashSet<(IndicatorRef, u8)>>,
}

impl Embeds for PageEmbeds<'_> {
    fn chart(&self, block: &ChartBlock, number: usize) -> Option<String> {
        let p = self.province?;
        let s = self.s;
        let id = format!("chart-body-{number}");
        let html = match block.chart_type {
            BlockChartType::Line => {
                charts::line(s, p, block.indicator, block.title.as_deref(), &id)
            }
            BlockChartType::Bar => charts::comparison(s, block.indicator, &id),
            BlockChartType::Parts => charts::parts(s, p, block.indicator, &id),
            BlockChartType::Progress => charts::progress(s, p, block.indicator, &id),
        }?;
        self.charted
            .borrow_mut()
            .insert((block.indicator, block.chart_type as u8));
        Some(html)
    }

    fn value(&self, indicator: IndicatorRef, year: Year) -> Option<String> {
        let p = self.province?;
        let obs = p.series_of(indicator)?.at(year)?;
        Some(figure(self.s, indicator, obs).html)
    }
}

#[derive(Serialize)]
struct DerivedCtx {
    indicator: String,
    text: String,
}

/// Sentences of computed figures: growth over the series, the latest yearly change, shares
/// from numerator/denominator and densities per 100 inhabitants.
fn derived_figures(s: &Scope, p: &Province) -> Vec<DerivedCtx> {
    let (site, lang, i18n) = (s.site, s.lang, s.i18n());
    let mut out = Vec::new();
    let population = site.find_indicator(POPULATION).and_then(|r| p.series_of(r));
    for series in &p.series {
        let ind = site.indicator(series.indicator);
        if matches!(ind.kind, Kind::Rank) {
            continue;
        }
        let u = unit(ind, lang);
        let mut parts = Vec::new();
        if let Some((first, last, multiple, cagr)) = derived::series_growth(series) {
            parts.push(i18n.fill(
                lang,
                "derived_growth",
                &[
                    ("first", &values::value_text(ind, first, lang, i18n)),
                    ("first_year", &year_text(first)),
                    ("last", &values::value_text(ind, last, lang, i18n)),
                    ("last_year", &year_text(last)),
                    ("multiple", &format::number(multiple, 2, lang)),
                    ("cagr", &format::signed(cagr, 1, lang)),
                ],
            ));
        }
        if let Some(c) = derived::year_on_year(series).last() {
            let pct = c
                .percent
                .map(|x| format!(" ({}%)", format::signed(x, 1, lang)))
                .unwrap_or_default();
            let change = format::signed(c.change, ind.decimals.max(1), lang);
            parts.push(if u == "%" {
                format!("{}–{}: {change}{pct}", c.from, c.to)
            } else {
                format!("{}–{}: {change} {u}{pct}", c.from, c.to)
            });
        }
        for o in series
            .observations
            .iter()
            .filter(|_| ind.kind != Kind::Percent)
        {
            if let Some(f) = o.fraction {
                let fraction = values::fraction_text(o, lang).unwrap_or_default();
                parts.push(i18n.fill(
                    lang,
                    "derived_share",
                    &[
                        ("year", &year_text(o)),
                        ("share", &format::percent(f.share(), 1, lang)),
                        ("fraction", &fraction),
                    ],
                ));
            }
        }
        if let Some(pop) = population.filter(|_| ind.per_100_inhabitants) {
            for o in series.reported() {
                let Some(people) = pop.at(o.year).filter(|x| x.status != Status::Target) else {
                    continue;
                };
                if let Some(d) = derived::per_hundred(o.value, people.value) {
                    parts.push(i18n.fill(
                        lang,
                        "derived_density",
                        &[
                            ("year", &year_text(o)),
                            ("value", &format::number(d, 2, lang)),
                            ("unit", u),
                        ],
                    ));
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

/// The charts a province page shows below its summary: a line for every indicator with two
/// or more years, progress bars for percents, parts of a whole; minus those in the prose.
fn province_charts(s: &Scope, p: &Province, charted: &HashSet<(IndicatorRef, u8)>) -> Vec<String> {
    let mut figures = Vec::new();
    let mut n = 0;
    let mut next_id = || {
        n += 1;
        format!("chart-{n}")
    };
    for series in &p.series {
        let r = series.indicator;
        let ind = s.site.indicator(r);
        if !charted.contains(&(r, BlockChartType::Line as u8)) && series.reported().count() >= 2 {
            figures.extend(charts::line(s, p, r, None, &next_id()));
        }
        if ind.kind == Kind::Percent && !charted.contains(&(r, BlockChartType::Progress as u8)) {
            figures.extend(charts::progress(s, p, r, &next_id()));
        }
    }
    for r in s.site.indicator_refs() {
        if !s.site.parts_of(r).is_empty() && !charted.contains(&(r, BlockChartType::Parts as u8)) {
            figures.extend(charts::parts(s, p, r, &next_id()));
        }
    }
    figures
}

fn province(s: &Scope, i: usize, diags: &mut Vec<Diagnostic>, links: &mut BodyLinks) -> Context {
    let site = s.site;
    let p = &site.provinces[i];
    let text = p.text(s.lang, site.config.language);
    let embeds = PageEmbeds {
        s,
        province: Some(p),
        charted: RefCell::default(),
    };
    let (body, d) = markdown::render(text.body, site, Some(p), &embeds);
    diags.extend(d);
    links.extend(
        body.links
            .iter()
            .map(|l| (text.body.source.clone(), l.clone())),
    );
    let charted = embeds.charted.into_inner();
    let figures = province_charts(s, p, &charted);
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
    let mut c = page_ctx(s, text.name, PageKind::Province(i), description);
    c.insert("province", &serde_json::json!({
        "name": text.name, "region": text.region, "director": p.director, "director_title": text.director_title,
        "term": text.term, "summary": text.summary, "slug": p.slug,
    }));
    c.insert("body", &body.html);
    c.insert("body_lang", text.lang.code());
    c.insert("key_figures", &key);
    c.insert("charts", &figures);
    c.insert("tables", &province_tables(s, p));
    c.insert("derived", &derived_figures(s, p));
    c.insert("sources", &srcs);
    c.insert(
        "downloads",
        &Downloads::new(
            &s.urls,
            &downloads::province_file(p, "csv"),
            &downloads::province_file(p, "json"),
        ),
    );
    c
}

#[derive(Serialize)]
struct ComparisonRow {
    province: Link,
    /// The province's folder name, for anchors that stay put when the order changes.
    slug: String,
    figure: FigureCtx,
    history: Vec<FigureCtx>,
}

/// The theme's templates for one province's part of an indicator page: its row in the
/// table, and its figures over the years. Rendered once per province, so the preview can
/// keep them (see [`Rows`]) and the page template only joins them.
const ROW_TEMPLATES: [(&str, &str); 2] = [
    ("table_html", "partials/indicator_row.html"),
    ("history_html", "partials/indicator_history.html"),
];

/// A province's part of an indicator page, ready for the template.
#[derive(Clone)]
struct Row {
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
struct RowScope {
    site: tera::Value,
    t: tera::Value,
}

fn comparison_row(
    s: &Scope,
    scope: &RowScope,
    r: IndicatorRef,
    p: &Province,
    x: &Series,
) -> Result<Option<Row>, Diagnostic> {
    let Some(latest) = x.latest().or_else(|| x.observations.last()) else {
        return Ok(None);
    };
    let latest_figure = figure(s, r, latest);
    let year: Arc<str> = latest_figure.year.as_str().into();
    let row = ComparisonRow {
        province: Link {
            title: p.text(s.lang, s.site.config.language).name.to_string(),
            url: s.urls.province(p),
        },
        slug: p.slug.clone(),
        figure: latest_figure,
        history: x.observations.iter().map(|o| figure(s, r, o)).collect(),
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
fn comparison_rows(
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
        match comparison_row(s, scope(), r, p, x) {
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

fn indicator(
    s: &Scope,
    r: IndicatorRef,
    cache: Option<&Rows>,
    diags: &mut Vec<Diagnostic>,
) -> Context {
    let site = s.site;
    let ind = site.indicator(r);
    let mut rows = comparison_rows(s, r, cache, diags);
    // Best first; ties keep province order, so the page is stable.
    rows.sort_by(|a, b| {
        let ord = a.sort.total_cmp(&b.sort);
        if ind.better == Better::Higher {
            ord.reverse()
        } else {
            ord
        }
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
        "better": s.t(if ind.better == Better::Higher { "better_higher" } else { "better_lower" }),
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
    let files = has_data.then(|| {
        Downloads::new(
            &s.urls,
            &downloads::indicator_file(site, r, "csv"),
            &downloads::indicator_file(site, r, "json"),
        )
    });
    c.insert("downloads", &files);
    c
}
