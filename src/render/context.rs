//! What templates see: plain, already formatted data built from the model.
//!
//! Numbers are formatted here (Vietnamese separators, units, qualifiers), so templates only
//! place strings and never compute; a theme author cannot get a figure wrong.

use serde::Serialize;

use super::html::escape;
use super::urls::{Urls, source_anchor};
use super::values::{self, citation_number, fraction_text, value_with_status, year_text};
use crate::format::{self, Lang};
use crate::model::{IndicatorRef, Observation, Province, Series, Site, Source};

#[derive(Serialize)]
pub struct SiteCtx {
    pub title: String,
    pub description: Option<String>,
    pub lang: &'static str,
    pub base_path: String,
    pub css_url: String,
    pub feed_url: String,
    pub nav: Vec<Link>,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// Common fields of every page.
#[derive(Serialize)]
pub struct PageCtx {
    pub title: String,
    pub description: Option<String>,
    /// The page's own path (for highlighting the nav and canonical links).
    pub url: String,
    pub canonical: String,
    pub section: &'static str,
}

#[derive(Serialize)]
pub struct SourceCtx {
    pub number: usize,
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub publisher: String,
    pub date: String,
    pub author: Option<String>,
    pub url: Option<String>,
    pub link: String,
    /// Provinces whose data come from this source.
    pub provinces: Vec<Link>,
}

/// One figure in a table.
#[derive(Serialize)]
pub struct FigureCtx {
    pub year: String,
    pub value: String,
    pub fraction: Option<String>,
    pub status: Option<&'static str>,
    pub derived: bool,
    pub note: Option<String>,
    pub citation: Citation,
    /// The inline HTML used in prose: value linked to its source.
    pub html: String,
}

#[derive(Serialize)]
pub struct Citation {
    pub number: usize,
    pub url: String,
    pub title: String,
}

#[derive(Serialize)]
pub struct IndicatorRowCtx {
    pub name: String,
    pub url: String,
    pub unit: String,
    pub figures: Vec<FigureCtx>,
}

#[derive(Serialize)]
pub struct CategoryGroup<T: Serialize> {
    pub id: String,
    pub name: String,
    pub items: Vec<T>,
}

#[derive(Serialize)]
pub struct KeyFigure {
    pub name: String,
    pub url: String,
    pub value: String,
    pub year: String,
    pub citation: Citation,
    pub sparkline: Option<String>,
}

pub fn citation(site: &Site, urls: &Urls, obs: &Observation) -> Citation {
    let src = site.source(obs.source);
    Citation {
        number: citation_number(obs),
        url: urls.source(src),
        title: format!("{} — {}, {}", src.title, src.publisher, format::date(&src.date, Lang::Vi)),
    }
}

pub fn figure(site: &Site, urls: &Urls, ind: IndicatorRef, obs: &Observation) -> FigureCtx {
    let indicator = site.indicator(ind);
    let value = values::value_text(indicator, obs, Lang::Vi);
    let status = values::status_word(obs.status);
    let citation = citation(site, urls, obs);
    let html = inline_html(&value, status, &citation);
    FigureCtx {
        year: year_text(obs),
        value,
        fraction: fraction_text(obs, Lang::Vi),
        status,
        derived: obs.derived,
        note: obs.note.clone(),
        citation,
        html,
    }
}

/// `<a class="fig" href="…/nguon/#…" title="source">khoảng 79.300 tỷ đồng</a> (dự kiến)`.
pub fn inline_html(value: &str, status: Option<&str>, c: &Citation) -> String {
    let mut html = format!(
        "<a class=\"fig\" href=\"{}\" title=\"{}\">{}</a><sup class=\"cite\">[{}]</sup>",
        escape(&c.url),
        escape(&c.title),
        escape(value),
        c.number
    );
    if let Some(s) = status {
        html.push_str(&format!(" ({s})"));
    }
    html
}

pub fn source_ctx(site: &Site, urls: &Urls, index: usize, src: &Source) -> SourceCtx {
    let provinces = site
        .provinces
        .iter()
        .filter(|p| p.sources.iter().any(|s| s.0 == index) || p.series.iter().any(|s| s.observations.iter().any(|o| o.source.0 == index)))
        .map(|p| Link { title: p.name.clone(), url: urls.province(p) })
        .collect();
    SourceCtx {
        number: index + 1,
        id: src.id.clone(),
        anchor: source_anchor(src),
        title: src.title.clone(),
        publisher: src.publisher.clone(),
        date: format::date(&src.date, Lang::Vi),
        author: src.author.clone(),
        url: src.url.clone(),
        link: urls.source(src),
        provinces,
    }
}

/// Rows of a province's indicator table, grouped by category in catalog order.
pub fn province_tables(site: &Site, urls: &Urls, p: &Province) -> Vec<CategoryGroup<IndicatorRowCtx>> {
    site.category_refs()
        .filter_map(|c| {
            let items: Vec<IndicatorRowCtx> = p
                .series
                .iter()
                .filter(|s| site.indicator(s.indicator).category == c)
                .map(|s| indicator_row(site, urls, s))
                .collect();
            (!items.is_empty()).then(|| {
                let cat = site.category(c);
                CategoryGroup { id: cat.id.clone(), name: cat.name.clone(), items }
            })
        })
        .collect()
}

fn indicator_row(site: &Site, urls: &Urls, s: &Series) -> IndicatorRowCtx {
    let ind = site.indicator(s.indicator);
    IndicatorRowCtx {
        name: ind.name.clone(),
        url: urls.indicator(ind),
        unit: ind.unit.clone(),
        figures: s.observations.iter().map(|o| figure(site, urls, s.indicator, o)).collect(),
    }
}

/// The figures a province card and the key-figures block show, at most `limit`: series with
/// a trend first, then indicators that other provinces share (they can be compared), then
/// longer series, then catalog order.
pub fn key_series<'a>(site: &Site, p: &'a Province, limit: usize) -> Vec<&'a Series> {
    let mut series: Vec<&Series> = p.series.iter().filter(|s| s.latest().is_some()).collect();
    series.sort_by_key(|s| {
        let years = s.reported().count();
        let shared = site.provinces_with(s.indicator).count();
        (std::cmp::Reverse((years >= 2, shared, years)), s.indicator)
    });
    series.truncate(limit);
    series
}

pub fn key_figure(site: &Site, urls: &Urls, s: &Series, sparkline: Option<String>) -> Option<KeyFigure> {
    let obs = s.latest()?;
    let ind = site.indicator(s.indicator);
    Some(KeyFigure {
        name: ind.name.clone(),
        url: urls.indicator(ind),
        value: value_with_status(ind, obs, Lang::Vi),
        year: year_text(obs),
        citation: citation(site, urls, obs),
        sparkline,
    })
}
