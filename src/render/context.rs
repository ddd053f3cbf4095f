//! What templates see: plain, already formatted data built from the model, in one language.
//!
//! Numbers are formatted here (separators, units, qualifiers of the page language), so
//! templates only place strings and never compute; a theme author cannot get a figure wrong.

use std::cell::OnceCell;

use serde::Serialize;

use super::html::escape;
use super::theme::Theme;
use super::urls::{Urls, source_anchor};
use crate::i18n::I18n;
use crate::model::Lang;
use crate::model::{Observation, Province, Series, Site, Source, Year};
use crate::values::{self, Figure, citation_number, fraction_text, indicator_name, year_text};

/// Everything a page of one language needs to build its context.
pub struct Scope<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub urls: Urls,
    pub lang: Lang,
    /// Each source's link and title as this page cites it, made on first use: a page
    /// cites its few sources dozens of times, and dating a title costs more than a figure.
    cited: Vec<OnceCell<Cited>>,
    /// The current year, read once per page: a target before it is past due.
    this_year: Year,
}

/// A source as a page cites it: its link and title, and both as the attributes of a
/// figure's link, escaped once.
struct Cited {
    url: String,
    title: String,
    attrs: String,
}

impl<'a> Scope<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, lang: Lang) -> Self {
        Scope {
            site,
            theme,
            urls: Urls::new(site, lang),
            lang,
            cited: site.sources.iter().map(|_| OnceCell::new()).collect(),
            this_year: Year::current(),
        }
    }

    pub fn i18n(&self) -> &'a I18n {
        &self.theme.i18n
    }

    pub fn t(&self, key: &'a str) -> &'a str {
        self.theme.i18n.t(self.lang, key)
    }
}

#[derive(Serialize)]
pub struct SiteCtx {
    pub title: String,
    pub description: Option<String>,
    pub lang: &'static str,
    pub home: String,
    pub css_url: String,
    /// The theme's chart stylesheet (`charts.css`), linked after `css_url`.
    pub charts_css_url: String,
    pub icon_url: String,
    /// The feed of this language, when the site has one (an absolute base URL).
    pub feed_url: Option<String>,
    /// Where the search index and UI live (shared by all languages).
    pub search_bundle: String,
    pub nav: Vec<Link>,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A link to the same page in another language.
#[derive(Serialize)]
pub struct Alternate {
    pub lang: &'static str,
    pub label: String,
    pub url: String,
    pub absolute: String,
}

/// Common fields of every page.
#[derive(Serialize)]
pub struct PageCtx {
    pub title: String,
    pub description: Option<String>,
    /// The page's own path (for highlighting the nav).
    pub url: String,
    pub canonical: String,
    /// The canonical URL when it is absolute (the share card's `og:url`); none with a path
    /// base URL, since scrapers need the whole address.
    pub share_url: Option<String>,
    pub section: &'static str,
    pub alternates: Vec<Alternate>,
}

#[derive(Serialize)]
pub struct SourceCtx {
    pub number: usize,
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub publisher: String,
    /// The language the publisher is written in (`lang` attribute).
    pub publisher_lang: &'static str,
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
    pub status: Option<String>,
    /// The provenance label of a derived value (`† tổng do trang này cộng`), none when stated.
    pub derived: Option<String>,
    /// `stated`, `computed`, `sum` or `back_computed`.
    pub provenance: &'static str,
    pub note: Option<String>,
    /// What the figure covers, when it differs within the indicator.
    pub scope: Option<String>,
    /// The language the note is written in (`vi` on an English page without `note_en`).
    pub note_lang: &'static str,
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
    pub figures: Vec<FigureCtx>,
    /// Whether a figure has something for the note column (status, provenance, scope or
    /// note): a table whose rows have none leaves the empty column out.
    pub notes: bool,
    /// Whether every figure cites the same source: the table cites it once, in a cell that
    /// spans the indicator's rows (as its name does), instead of once per row.
    pub shared_citation: bool,
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
    /// The provenance mark of a derived value (HTML), empty when stated.
    pub provenance: String,
}

pub fn citation(s: &Scope, obs: &Observation) -> Citation {
    with_cited(s, obs, |c| Citation {
        number: citation_number(obs),
        url: c.url.clone(),
        title: c.title.clone(),
    })
}

/// `f` applied to how this page cites `obs`'s source (made on first use).
fn with_cited<T>(s: &Scope, obs: &Observation, f: impl FnOnce(&Cited) -> T) -> T {
    let cite = || {
        let src = s.site.source(obs.source);
        let title = format!(
            "{} — {}, {}",
            src.title,
            src.publisher_in(s.lang),
            values::source_date_text(src, s.lang, s.i18n())
        );
        let url = s.urls.source(src);
        let attrs = format!("href=\"{}\" title=\"{}\"", escape(&url), escape(&title));
        Cited { url, title, attrs }
    };
    match s.cited.get(obs.source.0) {
        Some(cell) => f(cell.get_or_init(cite)),
        None => f(&cite()),
    }
}

/// A figure of `series` as pages print it; a target past its year without a result says so.
pub fn figure(s: &Scope, series: &Series, obs: &Observation) -> FigureCtx {
    let indicator = s.site.indicator(series.indicator);
    let value = Figure::new(indicator, obs, s.lang, s.i18n()).value();
    let mut status = values::status_word(obs.status, s.lang, s.i18n()).map(str::to_string);
    if series.past_due(obs, s.this_year) {
        status = status.map(|w| format!("{w}, {}", s.t("past_due")));
    }
    let citation = citation(s, obs);
    let note = values::note_text(obs, s.lang, s.site.config.language);
    // A rank means nothing without its year: rankings change, and from 2025 they are out
    // of 34 provinces, not 63. Prose prints it ("hạng 8/63 năm 2019"); tables have a column.
    let prose = if indicator.kind.is_position() {
        s.i18n().fill(
            s.lang,
            "rank_in_year",
            &[("rank", &value), ("year", &year_text(obs))],
        )
    } else {
        value.clone()
    };
    let mut html = with_cited(s, obs, |c| {
        inline_html(&prose, status.as_deref(), &c.attrs, citation.number)
    });
    html.push_str(&provenance_html(s, obs));
    FigureCtx {
        year: year_text(obs),
        value,
        fraction: fraction_text(obs, s.lang),
        status,
        derived: values::provenance_text(obs.derived, s.lang, s.i18n()),
        provenance: obs.derived.code(),
        note: note.as_ref().map(|(n, _)| n.clone()),
        note_lang: note.map_or(s.lang, |(_, l)| l).code(),
        scope: values::scope_text(obs, s.lang, s.i18n()),
        citation,
        html,
    }
}

/// `<a class="fig" href="…/nguon/#…" title="source">khoảng 79.300 tỷ đồng</a>[1] (dự kiến)`.
/// The search index leaves the citation mark out (`data-pagefind-ignore`), so excerpts read
/// as the sentence did.
/// `attrs` are the link's `href` and `title`, escaped ([`Cited`]).
fn inline_html(value: &str, status: Option<&str>, attrs: &str, number: usize) -> String {
    let mut html = format!(
        "<a class=\"fig\" {attrs}>{}</a><sup class=\"cite\" data-pagefind-ignore>[{number}]</sup>",
        escape(value),
    );
    if let Some(s) = status {
        html.push_str(&format!(" ({})", escape(s)));
    }
    html
}

/// The mark of a derived value in HTML: ` <span class="prov" …>† tổng do trang này cộng</span>`,
/// its explanation as the title; empty for a stated value.
pub fn provenance_html(s: &Scope, obs: &Observation) -> String {
    let Some((label, explained)) = values::provenance_words(obs.derived, s.lang, s.i18n()) else {
        return String::new();
    };
    format!(
        " <span class=\"prov\" data-provenance=\"{}\" title=\"{}\"><span aria-hidden=\"true\">{}</span>\u{a0}{}</span>",
        obs.derived.code(),
        escape(explained),
        values::PROVENANCE_MARK,
        escape(label),
    )
}

/// A source for the lists; `with_provinces` adds the provinces whose data it gives (the
/// sources page wants them; a province page does not, and skipping them keeps province
/// pages independent of the number of provinces).
pub fn source_ctx(s: &Scope, index: usize, src: &Source, with_provinces: bool) -> SourceCtx {
    let provinces = if with_provinces {
        s.site
            .provinces
            .iter()
            .filter(|p| {
                p.sources.iter().any(|r| r.0 == index)
                    || p.series
                        .iter()
                        .any(|x| x.observations.iter().any(|o| o.source.0 == index))
            })
            .map(|p| Link {
                title: p.text(s.lang, s.site.config.language).name.to_string(),
                url: s.urls.province(p),
            })
            .collect()
    } else {
        Vec::new()
    };
    SourceCtx {
        number: index + 1,
        id: src.id.clone(),
        anchor: source_anchor(src),
        title: src.title.clone(),
        publisher: src.publisher_in(s.lang).to_string(),
        publisher_lang: src.publisher_lang(s.lang, s.site.config.language).code(),
        date: values::source_date_text(src, s.lang, s.i18n()),
        author: src.author_in(s.lang).map(str::to_string),
        url: src.url.clone(),
        link: s.urls.source(src),
        provinces,
    }
}

/// Rows of a province's indicator table, grouped by category in catalog order.
pub fn province_tables(s: &Scope, p: &Province) -> Vec<CategoryGroup<IndicatorRowCtx>> {
    let site = s.site;
    site.category_refs()
        .filter_map(|c| {
            let items: Vec<IndicatorRowCtx> = p
                .series
                .iter()
                .filter(|x| site.indicator(x.indicator).category == c)
                .map(|x| indicator_row(s, x))
                .collect();
            (!items.is_empty()).then(|| {
                let cat = site.category(c);
                CategoryGroup {
                    id: cat.id.clone(),
                    name: values::category_name(cat, s.lang).to_string(),
                    items,
                }
            })
        })
        .collect()
}

fn indicator_row(s: &Scope, series: &Series) -> IndicatorRowCtx {
    let ind = s.site.indicator(series.indicator);
    let figures: Vec<FigureCtx> = series
        .observations
        .iter()
        .map(|o| figure(s, series, o))
        .collect();
    let notes = figures.iter().any(|f| {
        f.status.is_some() || f.derived.is_some() || f.scope.is_some() || f.note.is_some()
    });
    let shared_citation = figures
        .windows(2)
        .all(|w| w[0].citation.number == w[1].citation.number);
    IndicatorRowCtx {
        name: indicator_name(ind, s.lang).to_string(),
        url: s.urls.indicator(ind),
        figures,
        notes,
        shared_citation,
    }
}

/// How many years a key figure may lag behind the province's latest figure and still be
/// "recent".
const KEY_FIGURE_RECENT_YEARS: u16 = 3;

/// The figure a key figure shows for a series: the latest one the source states, else the
/// latest computed one.
pub fn key_observation(series: &Series) -> Option<&Observation> {
    series
        .reported()
        .filter(|o| !o.derived.is_derived())
        .last()
        .or_else(|| series.latest())
}

/// The figures a province card and the key-figures block show, at most `limit`: stated
/// figures no more than `KEY_FIGURE_RECENT_YEARS` older than the province's latest first,
/// among them headline indicators (`key: true` in the catalog), then series with a trend,
/// then longer series, then catalog order. Only the province's own data decide, so a page
/// never changes because another province's data did.
pub fn key_series<'a>(site: &Site, p: &'a Province, limit: usize) -> Vec<&'a Series> {
    // The list of provinces asks for none: a thousand cards sorted for nothing.
    if limit == 0 {
        return Vec::new();
    }
    let mut series: Vec<&Series> = p.series.iter().filter(|s| s.latest().is_some()).collect();
    let newest = series
        .iter()
        .filter_map(|s| s.latest())
        .map(|o| o.year.get())
        .max()
        .unwrap_or(0);
    // Each key counts a series' years: made once per series, not once per comparison.
    series.sort_by_cached_key(|s| {
        let years = s.reported().count();
        let shown = key_observation(s);
        let stated = shown.is_some_and(|o| !o.derived.is_derived());
        let recent = shown.is_some_and(|o| o.year.get() + KEY_FIGURE_RECENT_YEARS >= newest);
        (
            std::cmp::Reverse((
                stated && recent,
                site.indicator(s.indicator).key,
                years >= 2,
                years,
            )),
            s.indicator,
        )
    });
    series.truncate(limit);
    series
}

pub fn key_figure(s: &Scope, series: &Series, sparkline: Option<String>) -> Option<KeyFigure> {
    let obs = key_observation(series)?;
    let ind = s.site.indicator(series.indicator);
    Some(KeyFigure {
        name: indicator_name(ind, s.lang).to_string(),
        url: s.urls.indicator(ind),
        value: Figure::new(ind, obs, s.lang, s.i18n()).with_status(),
        year: year_text(obs),
        citation: citation(s, obs),
        sparkline,
        provenance: provenance_html(s, obs),
    })
}
