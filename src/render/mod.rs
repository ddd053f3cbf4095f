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
pub mod search_fold;
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
    /// The last search bundle, reused while the search text is unchanged (the preview only).
    bundle: Option<Option<search::Bundle>>,
    /// The size and page count of every PDF typeset so far, for the downloads page (the
    /// preview typesets only the PDFs an edit touches; the page lists them all).
    pdfs: downloads::PdfList,
}

impl Memo {
    /// A memo that also keeps indicator-page rows, for repeated renders of one site.
    pub fn incremental() -> Memo {
        Memo {
            rows: Some(pages::Rows::default()),
            bundle: Some(None),
            ..Memo::default()
        }
    }

    /// A memo for one build that may reuse `bundle`, the previous build's search bundle.
    pub fn with_search_bundle(bundle: Option<search::Bundle>) -> Memo {
        Memo {
            bundle: Some(bundle),
            ..Memo::default()
        }
    }

    /// The search bundle the last render wrote (when this memo keeps it).
    pub fn search_bundle(&self) -> Option<&search::Bundle> {
        self.bundle.as_ref()?.as_ref()
    }

    /// Forgets everything (the next render renders every page).
    pub fn clear(&mut self) {
        self.search.clear();
        self.pdfs.clear();
        if let Some(rows) = &mut self.rows {
            *rows = pages::Rows::default();
        }
        if let Some(bundle) = &mut self.bundle {
            *bundle = None;
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

/// Writes the search bundle from the remembered search text of every page, reusing the
/// kept bundle when that text is unchanged.
fn write_search(
    site: &Site,
    search: &std::collections::BTreeMap<String, Vec<search::SearchDoc>>,
    kept: Option<&mut Option<search::Bundle>>,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    if !site.config.search {
        if let Some(kept) = kept {
            *kept = None;
        }
        return (0, Vec::new());
    }
    let docs = search.values().flatten().collect();
    match kept {
        Some(kept) => {
            let (n, diags, bundle) = search::write_index(docs, kept.take(), sink);
            *kept = bundle;
            (n, diags)
        }
        None => {
            let (n, diags, _) = search::write_index(docs, None, sink);
            (n, diags)
        }
    }
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
    // The PDFs first: the downloads page gives each one's size and page count.
    let (pdfs, data): (Vec<_>, Vec<_>) = plan.downloads.iter().cloned().partition(|d| d.is_pdf());
    let (mut files, mut diags) = (0, Vec::new());
    if !pdfs.is_empty() {
        let t = std::time::Instant::now();
        sink.phase("PDF edition", pdfs.len());
        let (n, more, facts) = downloads::write(site, theme, &pdfs, sink);
        files += n;
        diags.extend(more);
        memo.pdfs.extend(facts);
        crate::progress::timing("PDF edition", t);
    }
    let t = std::time::Instant::now();
    sink.phase("pages", plan.jobs.len());
    let results: Vec<(String, pages::JobResult)> = plan
        .jobs
        .par_iter()
        .map(|job| {
            let t = std::time::Instant::now();
            let r = pages::render_job(site, theme, job, sink, memo.rows.as_ref(), &memo.pdfs);
            let key = pages::job_key(site, job);
            crate::progress::slow_page(&key, t.elapsed());
            (key, r)
        })
        .collect();
    let (mut pages, mut chart_files) = (0, 0);
    for (key, r) in results {
        pages += r.written;
        chart_files += r.chart_files;
        diags.extend(r.diagnostics);
        if r.search.is_empty() {
            memo.search.remove(&key);
        } else {
            memo.search.insert(key, r.search);
        }
    }
    files += pages + chart_files;
    crate::progress::timing("pages", t);
    // The search index needs every page's text; it is built on a thread of its own while
    // the other files are written. Not a rayon task: Pagefind runs an async runtime that
    // uses rayon inside, and a rayon worker waiting there could pick up another build's
    // search task, whose runtime would then start inside this one (builds side by side, as
    // in the tests).
    let Memo { search, bundle, .. } = memo;
    let phase = if plan.search {
        "downloads, search"
    } else {
        "downloads"
    };
    sink.phase(phase, data.len());
    let (searched, (n, more)) = std::thread::scope(|scope| {
        let searching = plan.search.then(|| {
            scope.spawn(|| {
                let t = std::time::Instant::now();
                let r = write_search(site, search, bundle.as_mut(), sink);
                crate::progress::timing("search index", t);
                r
            })
        });
        let others = write_other_files(site, theme, plan, &data, sink);
        let searched = searching.map(|h| {
            h.join().unwrap_or_else(|_| {
                (
                    0,
                    vec![Diagnostic::error(
                        crate::model::layout::SEARCH_BUNDLE_DIR,
                        "the search index could not be built (its thread stopped)",
                    )],
                )
            })
        });
        (searched, others)
    });
    files += n;
    diags.extend(more);
    if let Some((n, more)) = searched {
        files += n;
        diags.extend(more);
    }
    (Rendered { pages, files }, diags)
}

/// The data downloads, sitemap and feeds, static files: what a plan writes besides the PDF
/// edition, pages and the search index.
fn write_other_files(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    data: &[downloads::Download],
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    let t = std::time::Instant::now();
    let (mut files, mut diags, _) = downloads::write(site, theme, data, sink);
    crate::progress::timing("downloads", t);
    if plan.publish {
        let t = std::time::Instant::now();
        let (n, d) = publish::write_all(site, theme, sink);
        files += n;
        diags.extend(d);
        crate::progress::timing("sitemap and feeds", t);
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
    (files, diags)
}
