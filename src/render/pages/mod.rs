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
use crate::diagnostic::Diagnostic;
use crate::format;
use crate::markdown::{self, Embeds};
use crate::model::Lang;
use crate::model::Status;
use crate::model::{AdminUnit, IndicatorRef, POPULATION, Province, Series, Site, Year, derived};
use crate::model::{BlockChartType, ChartBlock};
use crate::values::{self, category_name, indicator_name, unit, year_text};

pub(super) mod as_of;
mod claims;
mod downloads_page;
mod files;
mod free;
mod indicator;
mod lists;
#[cfg(feature = "pdf")]
pub(crate) mod pdf;
mod province;
mod successor;

pub use crate::model::layout::PageKind;
use files::ChartFiles;
pub use files::has_chart_file;
use free::free_page;
pub use indicator::Rows;
use indicator::indicator;
use lists::{Downloads, home, indicators, provinces, sources};
use province::{body_html, province};
use successor::successor;

/// A page in one language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// Other files the page wrote (its charts as SVG files).
    pub chart_files: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub search: Vec<SearchDoc>,
}

/// Renders one page; returns how many files it wrote, its problems and its search text.
/// `rows`, when given, keeps indicator-page rows for the next render (see [`Rows`]);
/// `pdfs` are the PDFs typeset so far, which the downloads page lists.
pub fn render_job(
    site: &Site,
    theme: &Theme,
    job: &Job,
    sink: &dyn Sink,
    rows: Option<&Rows>,
    pdfs: &downloads::PdfList,
) -> JobResult {
    let s = Scope::new(site, theme, job.lang);
    let mut diags = Vec::new();
    let mut chart_files = ChartFiles::new();
    let template = job.kind.template();
    let file = s.urls.output(&job.kind.file(site));
    let ctx = match &job.kind {
        PageKind::Home => Some(home(&s)),
        PageKind::Provinces => Some(provinces(&s)),
        PageKind::Province(id) => site
            .province(id)
            .map(|p| province(&s, p, None, &mut chart_files)),
        PageKind::Edition(id, year) => site.province(id).and_then(|p| {
            let e = p.edition_index(*year)?;
            Some(province(&s, p, Some(e), &mut chart_files))
        }),
        PageKind::Successor(k) => Some(successor(&s, *k)),
        PageKind::Indicators => Some(indicators(&s)),
        PageKind::Indicator(r) => Some(indicator(&s, *r, rows, &mut diags, &mut chart_files)),
        PageKind::Sources => Some(sources(&s)),
        PageKind::Page(id) => site.page(id).map(|p| free_page(&s, p)),
        PageKind::Search => Some(simple(&s, "search_title", PageKind::Search)),
        PageKind::NotFound => Some(simple(&s, "not_found_title", PageKind::NotFound)),
        PageKind::Downloads => Some(downloads_page::downloads_page(&s, pdfs)),
    };
    // A job names what it shows by identity: one the site does not have (a plan made
    // before an edit removed it) is reported, never rendered from another's data.
    let Some(mut ctx) = ctx else {
        let missing = Diagnostic::error(&file, "the site has no such page to render")
            .with_hint("build again: the page's province or file was removed");
        return JobResult {
            written: 0,
            chart_files: 0,
            diagnostics: vec![missing],
            search: Vec::new(),
        };
    };
    let search = if site.config.search {
        search_docs(&s, &job.kind, &ctx)
    } else {
        Vec::new()
    };
    insert_common(&s, &mut ctx, &job.kind);
    let files = files::write_chart_files(&s, &job.kind, &chart_files, sink, &mut diags);
    let written = with_page_buffer(
        |html| match theme.tera.render_to(template, &ctx, &mut *html) {
            Ok(()) => match sink.write(&file, html) {
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
        },
    );
    JobResult {
        written,
        chart_files: files,
        diagnostics: diags,
        search,
    }
}

thread_local! {
    /// Each thread renders its pages into one buffer, which keeps its capacity from page to
    /// page (no growing a new `String` per page, no UTF-8 check of what tera wrote).
    static PAGE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's page buffer, emptied; with a new one if the buffer is in use
/// (a render on this thread started while another was writing).
fn with_page_buffer<T>(f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    PAGE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            buf.clear();
            f(&mut buf)
        }
        Err(_) => f(&mut Vec::new()),
    })
}

/// The text search indexes for a page: province summaries, indicator names and
/// descriptions, source titles, free pages. Lists and the home page are left out.
fn search_docs(s: &Scope, kind: &PageKind, ctx: &Context) -> Vec<SearchDoc> {
    let lang = s.lang.code();
    let body = || {
        ctx.get("body")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let p = |text: &str| format!("<p>{}</p>", escape(text));
    match kind {
        PageKind::Province(id) => {
            let Some(province) = s.site.province(id) else {
                return Vec::new();
            };
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
            let ind = s.site.indicator(*r);
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
                        p(src.publisher_in(s.lang)),
                        p(&values::source_date_text(src, s.lang, s.i18n()))
                    ),
                )
            })
            .collect(),
        // A unit from 2025: found by its name and those of its former provinces.
        PageKind::Successor(k) => {
            let name = &s.site.successor_unit(*k).name;
            let intro = ctx.get("intro").and_then(|v| v.as_str());
            vec![SearchDoc::new(
                s.urls.path(&kind.path(s.site)),
                lang,
                &s.i18n().fill(s.lang, "successor_title", &[("name", name)]),
                p(intro.unwrap_or_default()),
            )]
        }
        PageKind::Page(id) => {
            let Some(page) = s.site.page(id) else {
                return Vec::new();
            };
            let text = page.text(s.lang, s.site.config.language);
            vec![SearchDoc::new(
                s.urls.path(&kind.path(s.site)),
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
            title: match (&kind, kind.nav_key()) {
                (_, Some(key)) => s.t(key).into(),
                (PageKind::Page(id), None) => s.site.page(id).map_or_else(String::new, |p| {
                    p.text(s.lang, s.site.config.language).title.to_string()
                }),
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
        charts_css_url: u.shared(&s.theme.asset(crate::chart::CHARTS_CSS)),
        icon_url: u.shared(&s.theme.asset("favicon.svg")),
        feed_url: s
            .site
            .config
            .knows_origin()
            .then(|| u.path(crate::model::layout::FEED_FILE)),
        search_bundle: u.shared(&format!("{}/", crate::model::layout::SEARCH_BUNDLE_DIR)),
        nav,
    }
}

/// `site`, `t` (interface strings) and the page's alternates in the other languages.
fn insert_common(s: &Scope, ctx: &mut Context, kind: &PageKind) {
    ctx.insert("site", &site_ctx(s));
    ctx.insert_value("t", s.theme.strings_value(s.lang));
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
    // A draft edition or translation (of the page's language) gets one too.
    let draft = match kind {
        PageKind::Province(id) => s.site.province(id).is_some_and(|p| {
            !p.draft.is_empty() || text_is_draft(&p.translations, s.lang, |t| &t.draft)
        }),
        PageKind::Edition(id, year) => s.site.province(id).is_some_and(|p| {
            p.edition(*year).is_some_and(|ed| {
                !p.draft.is_empty()
                    || !ed.draft.is_empty()
                    || text_is_draft(&ed.translations, s.lang, |t| &t.draft)
            })
        }),
        PageKind::Page(id) => s.site.page(id).is_some_and(|p| {
            !p.draft.is_empty() || text_is_draft(&p.translations, s.lang, |t| &t.draft)
        }),
        _ => false,
    };
    ctx.insert("draft", &draft);
}

/// Whether the translation into `lang` among `texts` is a draft.
fn text_is_draft<T>(
    texts: &[(Lang, T)],
    lang: Lang,
    draft: impl Fn(&T) -> &Vec<crate::model::draft::DraftReason>,
) -> bool {
    texts
        .iter()
        .any(|(l, t)| *l == lang && !draft(t).is_empty())
}

/// The anchor ids every template may write, as one shared template value.
static ANCHORS: std::sync::LazyLock<tera::Value> = std::sync::LazyLock::new(|| {
    tera::Value::from_serializable(&crate::model::layout::Anchor::for_templates())
});

fn page_ctx(s: &Scope, title: &str, kind: PageKind, description: Option<String>) -> Context {
    let path = kind.path(s.site);
    let page = PageCtx {
        title: title.to_string(),
        description,
        url: s.urls.path(&path),
        canonical: s.urls.absolute(&path),
        share_url: s.site.config.knows_origin().then(|| s.urls.absolute(&path)),
        section: kind.section(),
        alternates: Vec::new(),
    };
    let mut c = Context::new();
    c.insert("page", &page);
    c.insert_value("anchor", ANCHORS.clone());
    c
}

fn simple(s: &Scope, title_key: &'static str, kind: PageKind) -> Context {
    page_ctx(s, s.t(title_key), kind, None)
}
