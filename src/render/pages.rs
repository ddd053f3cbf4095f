//! One job per output page: build its context, render its template, hand it to the sink.

use std::cell::RefCell;
use std::collections::HashSet;

use serde::Serialize;
use tera::Context;

use super::charts;
use super::downloads;
use super::context::*;

use super::theme::Theme;
use super::urls::{Urls, indicator_path, province_path};
use super::values::{self, year_text};
use super::Sink;
use crate::content::raw::{Better, Kind, Status};
use crate::diagnostic::Diagnostic;
use crate::format::{self, Lang};
use crate::markdown::{self, BlockChartType, ChartBlock, Embeds};
use crate::model::{IndicatorRef, POPULATION, Province, Site, Year, derived};

/// A page to render.
pub enum Job {
    Home,
    Provinces,
    Province(usize),
    Indicators,
    Indicator(IndicatorRef),
    Sources,
    Page(usize),
    NotFound,
}

/// The folder (or file) a page is written to, relative to the output folder.
pub fn page_path(site: &Site, job: &Job) -> String {
    match job {
        Job::Home => String::new(),
        Job::Provinces => "tinh/".into(),
        Job::Province(i) => province_path(&site.provinces[*i]),
        Job::Indicators => "chi-so/".into(),
        Job::Indicator(r) => indicator_path(site.indicator(*r)),
        Job::Sources => "nguon/".into(),
        Job::Page(i) => format!("{}/", site.pages[*i].slug),
        Job::NotFound => "404.html".into(),
    }
}

pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::Provinces, Job::Indicators, Job::Sources, Job::NotFound];
    jobs.extend((0..site.provinces.len()).map(Job::Province));
    jobs.extend(site.indicator_refs().map(Job::Indicator));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs
}

/// Renders one page; returns how many files it wrote and its problems.
pub fn render_job(site: &Site, theme: &Theme, job: &Job, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    let urls = Urls::new(site);
    let mut diags = Vec::new();
    let (template, path, ctx) = match job {
        Job::Home => ("home.html", String::new(), home(site, &urls)),
        Job::Provinces => ("provinces.html", "tinh/".into(), provinces(site, &urls)),
        Job::Province(i) => {
            let p = &site.provinces[*i];
            ("province.html", province_path(p), province(site, &urls, p, &mut diags))
        }
        Job::Indicators => ("indicators.html", "chi-so/".into(), indicators(site, &urls)),
        Job::Indicator(r) => ("indicator.html", indicator_path(site.indicator(*r)), indicator(site, &urls, *r)),
        Job::Sources => ("sources.html", "nguon/".into(), sources(site, &urls)),
        Job::Page(i) => {
            let page = &site.pages[*i];
            ("page.html", format!("{}/", page.slug), free_page(site, &urls, *i, &mut diags))
        }
        Job::NotFound => ("404.html", "404.html".into(), not_found(site, &urls)),
    };
    let file = if path.ends_with(".html") { path.clone() } else { format!("{path}index.html") };
    let mut context = ctx;
    context.insert("site", &site_ctx(site, theme, &urls));
    match theme.tera.render(template, &context) {
        Ok(html) => match sink.write(&file, html.as_bytes()) {
            Ok(()) => (1, diags),
            Err(e) => {
                diags.push(Diagnostic::error(file, format!("cannot write: {e}")));
                (0, diags)
            }
        },
        Err(e) => {
            diags.push(theme.error(&e, template));
            (0, diags)
        }
    }
}

pub fn site_ctx(site: &Site, theme: &Theme, urls: &Urls) -> SiteCtx {
    let mut nav = vec![
        Link { title: "Trang chủ".into(), url: urls.home() },
        Link { title: "Các tỉnh".into(), url: urls.path("tinh/") },
        Link { title: "Chỉ số".into(), url: urls.path("chi-so/") },
        Link { title: "Nguồn".into(), url: urls.path("nguon/") },
    ];
    nav.extend(site.pages.iter().map(|p| Link { title: p.title.clone(), url: urls.path(&format!("{}/", p.slug)) }));
    SiteCtx {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        lang: site.config.language.code(),
        base_path: site.config.base_path.clone(),
        css_url: urls.path(&theme.asset("style.css")),
        feed_url: urls.path("atom.xml"),
        nav,
    }
}

fn page_ctx(urls: &Urls, title: &str, path: &str, section: &'static str, description: Option<String>) -> PageCtx {
    PageCtx { title: title.to_string(), description, url: urls.path(path), canonical: urls.absolute(path), section }
}

fn context_with(page: PageCtx) -> Context {
    let mut c = Context::new();
    c.insert("page", &page);
    c
}

#[derive(Serialize)]
struct ProvinceCard {
    name: String,
    url: String,
    region: String,
    term: Option<String>,
    summary: Option<String>,
    indicators: usize,
    observations: usize,
    key_figures: Vec<KeyFigure>,
}

fn province_card(site: &Site, urls: &Urls, p: &Province, figures: usize) -> ProvinceCard {
    let key_figures = key_series(site, p, figures)
        .into_iter()
        .filter_map(|s| {
            let spark = charts::sparkline(site, s, &format!("spark-{}-{}", p.slug, site.indicator(s.indicator).id));
            key_figure(site, urls, s, spark)
        })
        .collect();
    ProvinceCard {
        name: p.name.clone(),
        url: urls.province(p),
        region: p.region.clone(),
        term: p.term.clone(),
        summary: p.summary.clone(),
        indicators: p.series.len(),
        observations: p.series.iter().map(|s| s.observations.len()).sum(),
        key_figures,
    }
}

fn home(site: &Site, urls: &Urls) -> Context {
    let mut c = context_with(page_ctx(urls, &site.config.title, "", "home", site.config.description.clone()));
    let cards: Vec<ProvinceCard> = site.provinces.iter().map(|p| province_card(site, urls, p, 3)).collect();
    c.insert("provinces", &cards);
    c.insert("categories", &indicator_groups(site, urls));
    c.insert("downloads", &Downloads::new(urls, downloads::SITE_CSV, downloads::SITE_JSON));
    let observations: usize = site.provinces.iter().flat_map(|p| &p.series).map(|s| s.observations.len()).sum();
    c.insert("stats", &serde_json::json!({
        "provinces": site.provinces.len(),
        "indicators": site.indicators.len(),
        "observations": format::number(observations as f64, 0, Lang::Vi),
        "sources": site.sources.len(),
    }));
    c
}

fn provinces(site: &Site, urls: &Urls) -> Context {
    let mut c = context_with(page_ctx(urls, "Các tỉnh", "tinh/", "provinces", None));
    let cards: Vec<ProvinceCard> = site.provinces.iter().map(|p| province_card(site, urls, p, 0)).collect();
    c.insert("provinces", &cards);
    c
}

#[derive(Serialize)]
struct IndicatorLink {
    name: String,
    url: String,
    unit: String,
    provinces: usize,
}

fn indicator_groups(site: &Site, urls: &Urls) -> Vec<CategoryGroup<IndicatorLink>> {
    site.category_refs()
        .filter_map(|c| {
            let items: Vec<IndicatorLink> = site
                .indicator_refs()
                .filter(|&r| site.indicator(r).category == c)
                .map(|r| {
                    let ind = site.indicator(r);
                    IndicatorLink { name: ind.name.clone(), url: urls.indicator(ind), unit: ind.unit.clone(), provinces: site.provinces_with(r).count() }
                })
                .collect();
            (!items.is_empty()).then(|| {
                let cat = site.category(c);
                CategoryGroup { id: cat.id.clone(), name: cat.name.clone(), items }
            })
        })
        .collect()
}

fn indicators(site: &Site, urls: &Urls) -> Context {
    let mut c = context_with(page_ctx(urls, "Chỉ số", "chi-so/", "indicators", None));
    c.insert("categories", &indicator_groups(site, urls));
    c
}

fn sources(site: &Site, urls: &Urls) -> Context {
    let mut c = context_with(page_ctx(urls, "Nguồn số liệu", "nguon/", "sources", None));
    let list: Vec<SourceCtx> = site.sources.iter().enumerate().map(|(i, s)| source_ctx(site, urls, i, s)).collect();
    c.insert("sources", &list);
    c
}

fn not_found(site: &Site, urls: &Urls) -> Context {
    let _ = site;
    context_with(page_ctx(urls, "Không tìm thấy trang", "404.html", "404", None))
}

fn free_page(site: &Site, urls: &Urls, i: usize, diags: &mut Vec<Diagnostic>) -> Context {
    let page = &site.pages[i];
    let embeds = PageEmbeds { site, urls, province: None, charted: RefCell::default() };
    let (body, d) = markdown::render(&page.body, site, None, &embeds);
    diags.extend(d);
    let mut c = context_with(page_ctx(urls, &page.title, &format!("{}/", page.slug), "page", page.description.clone()));
    c.insert("body", &body.html);
    c
}

/// Charts and inline values for one page's Markdown.
struct PageEmbeds<'a> {
    site: &'a Site,
    urls: &'a Urls,
    province: Option<&'a Province>,
    /// Indicators already charted in the prose, so the page does not chart them twice.
    charted: RefCell<HashSet<(IndicatorRef, u8)>>,
}

impl Embeds for PageEmbeds<'_> {
    fn chart(&self, block: &ChartBlock, number: usize) -> Option<String> {
        let p = self.province?;
        let id = format!("chart-body-{number}");
        let html = match block.chart_type {
            BlockChartType::Line => charts::line(self.site, self.urls, p, block.indicator, block.title.as_deref(), &id),
            BlockChartType::Bar => charts::comparison(self.site, self.urls, block.indicator, &id),
            BlockChartType::Parts => charts::parts(self.site, self.urls, p, block.indicator, &id),
            BlockChartType::Progress => charts::progress(self.site, self.urls, p, block.indicator, &id),
        }?;
        self.charted.borrow_mut().insert((block.indicator, block.chart_type as u8));
        Some(html)
    }

    fn value(&self, indicator: IndicatorRef, year: Year) -> Option<String> {
        let p = self.province?;
        let obs = p.series_of(indicator)?.at(year)?;
        Some(figure(self.site, self.urls, indicator, obs).html)
    }
}

#[derive(Serialize)]
struct DerivedCtx {
    indicator: String,
    text: String,
}

/// Sentences of computed figures: growth over the series and the latest yearly change.
fn derived_figures(site: &Site, p: &Province) -> Vec<DerivedCtx> {
    let mut out = Vec::new();
    let population = site.find_indicator(POPULATION).and_then(|r| p.series_of(r));
    for s in &p.series {
        let ind = site.indicator(s.indicator);
        if matches!(ind.kind, Kind::Rank) {
            continue;
        }
        let mut parts = Vec::new();
        if let Some((first, last, multiple, cagr)) = derived::series_growth(s) {
            parts.push(format!(
                "từ {} ({}) đến {} ({}): gấp {} lần, bình quân {}%/năm",
                values::value_text(ind, first, Lang::Vi), year_text(first),
                values::value_text(ind, last, Lang::Vi), year_text(last),
                format::number(multiple, 2, Lang::Vi),
                format::signed(cagr, 1, Lang::Vi)
            ));
        }
        if let Some(c) = derived::year_on_year(s).last() {
            let pct = c.percent.map(|p| format!(" ({}%)", format::signed(p, 1, Lang::Vi))).unwrap_or_default();
            parts.push(format!("{}–{}: {} {}{pct}", c.from, c.to, format::signed(c.change, ind.decimals.max(1), Lang::Vi), ind.unit));
        }
        for o in s.observations.iter().filter(|o| o.fraction.is_some() && ind.kind != Kind::Percent) {
            if let Some(f) = o.fraction {
                parts.push(format!("{}: {} ({})", year_text(o), format::percent(f.share(), 1, Lang::Vi), values::fraction_text(o, Lang::Vi).unwrap_or_default()));
            }
        }
        if let Some(pop) = population.filter(|_| ind.per_100_inhabitants) {
            for o in s.reported() {
                let Some(people) = pop.at(o.year).filter(|p| p.status != Status::Target) else { continue };
                if let Some(d) = derived::per_hundred(o.value, people.value) {
                    parts.push(format!("{}: {} {}/100 dân", year_text(o), format::number(d, 2, Lang::Vi), ind.unit));
                }
            }
        }
        if !parts.is_empty() {
            out.push(DerivedCtx { indicator: ind.name.clone(), text: parts.join("; ") });
        }
    }
    out
}

fn province(site: &Site, urls: &Urls, p: &Province, diags: &mut Vec<Diagnostic>) -> Context {
    let embeds = PageEmbeds { site, urls, province: Some(p), charted: RefCell::default() };
    let (body, d) = markdown::render(&p.body, site, Some(p), &embeds);
    diags.extend(d);
    let charted = embeds.charted.into_inner();
    let mut figures = Vec::new();
    let mut n = 0;
    let mut next_id = || {
        n += 1;
        format!("chart-{n}")
    };
    for s in &p.series {
        let r = s.indicator;
        let ind = site.indicator(r);
        if !charted.contains(&(r, BlockChartType::Line as u8)) && s.reported().count() >= 2 {
            figures.extend(charts::line(site, urls, p, r, None, &next_id()));
        }
        if ind.kind == Kind::Percent && !charted.contains(&(r, BlockChartType::Progress as u8)) {
            figures.extend(charts::progress(site, urls, p, r, &next_id()));
        }
    }
    for r in site.indicator_refs() {
        if !site.parts_of(r).is_empty() && !charted.contains(&(r, BlockChartType::Parts as u8)) {
            figures.extend(charts::parts(site, urls, p, r, &next_id()));
        }
    }
    let key: Vec<KeyFigure> = key_series(site, p, 6).into_iter().filter_map(|s| key_figure(site, urls, s, None)).collect();
    let srcs: Vec<SourceCtx> = p.sources.iter().map(|r| source_ctx(site, urls, r.0, site.source(*r))).collect();
    let description = p.summary.clone().or_else(|| Some(format!("Số liệu ngành Thông tin và Truyền thông tỉnh {}", p.name)));
    let mut c = context_with(page_ctx(urls, &p.name, &province_path(p), "provinces", description));
    c.insert("province", &serde_json::json!({
        "name": p.name, "region": p.region, "director": p.director, "director_title": p.director_title,
        "term": p.term, "summary": p.summary, "slug": p.slug,
    }));
    c.insert("body", &body.html);
    c.insert("key_figures", &key);
    c.insert("charts", &figures);
    c.insert("tables", &province_tables(site, urls, p));
    c.insert("derived", &derived_figures(site, p));
    c.insert("sources", &srcs);
    c.insert("downloads", &Downloads::new(urls, &downloads::province_file(p, "csv"), &downloads::province_file(p, "json")));
    c
}

#[derive(Serialize)]
struct Downloads {
    csv: String,
    json: String,
}

impl Downloads {
    fn new(urls: &Urls, csv: &str, json: &str) -> Self {
        Downloads { csv: urls.path(csv), json: urls.path(json) }
    }
}

#[derive(Serialize)]
struct ComparisonRow {
    province: Link,
    figure: FigureCtx,
    history: Vec<FigureCtx>,
}

fn indicator(site: &Site, urls: &Urls, r: IndicatorRef) -> Context {
    let ind = site.indicator(r);
    let mut rows: Vec<(f64, ComparisonRow)> = site
        .provinces_with(r)
        .filter_map(|(p, s)| {
            let latest = s.latest().or_else(|| s.observations.last())?;
            Some((latest.value, ComparisonRow {
                province: Link { title: p.name.clone(), url: urls.province(p) },
                figure: figure(site, urls, r, latest),
                history: s.observations.iter().map(|o| figure(site, urls, r, o)).collect(),
            }))
        })
        .collect();
    // Best first; ties keep province order, so the page is stable.
    rows.sort_by(|a, b| {
        let ord = a.0.total_cmp(&b.0);
        if ind.better == Better::Higher { ord.reverse() } else { ord }
    });
    let years: HashSet<String> = rows.iter().map(|(_, row)| row.figure.year.clone()).collect();
    let mut figures = Vec::new();
    figures.extend(charts::comparison(site, urls, r, "chart-comparison"));
    figures.extend(charts::multi_line(site, urls, r, "chart-series"));
    let parent = ind.parent.map(|p| {
        let pi = site.indicator(p);
        Link { title: pi.name.clone(), url: urls.indicator(pi) }
    });
    let parts: Vec<Link> = site.parts_of(r).into_iter().map(|c| {
        let ci = site.indicator(c);
        Link { title: ci.name.clone(), url: urls.indicator(ci) }
    }).collect();
    let description = ind.description.clone().or_else(|| Some(format!("{} ({}) của các tỉnh, kèm năm và nguồn.", ind.name, ind.unit)));
    let mut c = context_with(page_ctx(urls, &ind.name, &indicator_path(ind), "indicators", description));
    c.insert("indicator", &serde_json::json!({
        "id": ind.id, "name": ind.name, "name_en": ind.name_en, "unit": ind.unit,
        "description": ind.description, "category": site.category(ind.category).name,
        "better": if ind.better == Better::Higher { "Cao hơn là tốt hơn" } else { "Thấp hơn là tốt hơn" },
        "kind": kind_label(ind.kind),
    }));
    c.insert("parent", &parent);
    c.insert("parts", &parts);
    c.insert("rows", &rows.into_iter().map(|(_, row)| row).collect::<Vec<_>>());
    c.insert("years_differ", &(years.len() > 1));
    c.insert("charts", &figures);
    let has_data = site.provinces_with(r).next().is_some();
    let files = has_data.then(|| Downloads::new(urls, &downloads::indicator_file(site, r, "csv"), &downloads::indicator_file(site, r, "json")));
    c.insert("downloads", &files);
    c
}

fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::Count => "Số lượng",
        Kind::Money => "Giá trị tiền",
        Kind::Percent => "Tỷ lệ phần trăm",
        Kind::Score => "Điểm số",
        Kind::Rank => "Thứ hạng",
        Kind::Ratio => "Tỷ số",
        Kind::Index => "Chỉ số",
    }
}

