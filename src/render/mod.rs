//! Turns the `Site` into files: every page through the theme's templates, charts inline,
//! static files and downloads. Pages render in parallel; each file goes to the `sink` as soon
//! as it is ready, so the whole site is never held in memory.

mod charts;
mod context;
pub mod downloads;
pub mod html;
pub mod pages;
pub mod plan;
pub mod publish;
pub mod search;
pub mod theme;
pub mod urls;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
pub use plan::Plan;
pub use theme::Theme;

pub use crate::output::Sink;

/// What a render produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: usize,
    pub files: usize,
    /// Links written in Markdown, for `check`'s link verification.
    pub markdown_links: Vec<crate::markdown::MarkdownLink>,
}

pub use pages::{Job, PageKind};

/// What a render keeps for the next one, so that after an edit the preview re-renders only
/// what the edit touches.
#[derive(Default)]
pub struct Memo {
    /// The search text of every page rendered so far, by page key, so the index can be
    /// rebuilt without rendering every page again.
    search: std::collections::BTreeMap<String, Vec<search::SearchDoc>>,
    /// Indicator-page rows by province; only the preview keeps them (a one-off build would
    /// hold every row of the site in memory for nothing).
    rows: Option<pages::Rows>,
}

impl Memo {
    /// A memo that also keeps indicator-page rows, for repeated renders of one site.
    pub fn incremental() -> Memo {
        Memo {
            search: Default::default(),
            rows: Some(pages::Rows::default()),
        }
    }

    /// Forgets everything (the next render renders every page).
    pub fn clear(&mut self) {
        self.search.clear();
        if let Some(rows) = &mut self.rows {
            *rows = pages::Rows::default();
        }
    }

    /// Forgets the indicator-page rows of the provinces `slugs`, after they were edited,
    /// added or removed.
    pub fn forget_provinces(&mut self, slugs: &[String]) {
        if let Some(rows) = &mut self.rows {
            rows.forget(slugs);
        }
    }

    /// Forgets the search text of pages the site no longer has (`pages`: those it has, by
    /// [`pages::job_key`]).
    pub fn keep_pages(&mut self, pages: &std::collections::HashSet<String>) {
        self.search.retain(|key, _| pages.contains(key));
    }
}

/// Writes the search bundle from the remembered search text of every page.
fn write_search(site: &Site, memo: &Memo, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    if !site.config.search {
        return (0, Vec::new());
    }
    search::write_index(memo.search.values().flatten().cloned().collect(), sink)
}

/// Renders the whole site into `sink`; returns counts and every problem found.
pub fn render_site(site: &Site, theme: &Theme, sink: &dyn Sink) -> (Rendered, Vec<Diagnostic>) {
    render_plan(site, theme, &Plan::full(site), sink, &mut Memo::default())
}

/// Renders what `plan` lists, reusing and updating `memo`; the search index is rebuilt
/// from the search text of the pages rendered now and of those remembered.
pub fn render_plan(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    sink: &dyn Sink,
    memo: &mut Memo,
) -> (Rendered, Vec<Diagnostic>) {
    let t = std::time::Instant::now();
    let results: Vec<(String, pages::JobResult)> = plan
        .jobs
        .par_iter()
        .map(|job| {
            let t = std::time::Instant::now();
            let r = pages::render_job(site, theme, job, sink, memo.rows.as_ref());
            let key = pages::job_key(site, job);
            if std::env::var_os("ICTREPORT_TIMINGS").is_some() && t.elapsed().as_millis() >= 20 {
                eprintln!(
                    "timing: page {key}: {:.1} ms",
                    t.elapsed().as_secs_f64() * 1000.0
                );
            }
            (key, r)
        })
        .collect();
    let mut diags = Vec::new();
    let (mut pages, mut chart_files) = (0, 0);
    let mut markdown_links = Vec::new();
    for (key, r) in results {
        pages += r.written;
        chart_files += r.chart_files;
        diags.extend(r.diagnostics);
        markdown_links.extend(r.links);
        if r.search.is_empty() {
            memo.search.remove(&key);
        } else {
            memo.search.insert(key, r.search);
        }
    }
    let mut files = pages + chart_files;
    crate::timing("pages", t);
    let t = std::time::Instant::now();
    let (n, d) = downloads::write_sets(site, &plan.downloads, sink);
    files += n;
    diags.extend(d);
    crate::timing("downloads", t);
    if plan.search {
        let t = std::time::Instant::now();
        let (n, d) = write_search(site, memo, sink);
        files += n;
        diags.extend(d);
        crate::timing("search index", t);
    }
    if plan.publish {
        let t = std::time::Instant::now();
        let (n, d) = publish::write_all(site, theme, sink);
        files += n;
        diags.extend(d);
        crate::timing("sitemap and feeds", t);
    }
    if plan.static_files {
        for (name, _, bytes) in &theme.static_files {
            match sink.write(
                &format!("{}/{name}", crate::model::layout::STATIC_DIR),
                bytes,
            ) {
                Ok(()) => files += 1,
                Err(e) => diags.push(Diagnostic::error(
                    format!("static/{name}"),
                    format!("cannot write: {e}"),
                )),
            }
        }
    }
    (
        Rendered {
            pages,
            files,
            markdown_links,
        },
        diags,
    )
}
