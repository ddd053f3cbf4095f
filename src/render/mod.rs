//! Turns the `Site` into files: every page through the theme's templates, charts inline,
//! static files and downloads. Pages render in parallel; each file goes to the `sink` as soon
//! as it is ready, so the whole site is never held in memory.

mod charts;
mod context;
pub mod downloads;
mod publish;
pub mod search;
pub mod html;
pub mod i18n;
mod pages;
pub mod theme;
pub mod urls;
pub mod values;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
pub use theme::Theme;

/// Where rendered files go: `output` writes them, `check` only counts them.
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Whether building the search index is worth it (not for `check`, which discards).
    fn wants_search_index(&self) -> bool {
        true
    }
}

/// What a render produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: usize,
    pub files: usize,
    /// Links written in Markdown, for `check`'s link verification.
    pub markdown_links: Vec<crate::linkcheck::MarkdownLink>,
}

/// Renders the whole site into `sink`; returns counts and every problem found.
pub fn render_site(site: &Site, theme: &Theme, sink: &dyn Sink) -> (Rendered, Vec<Diagnostic>) {
    let jobs = pages::jobs(site);
    let results: Vec<pages::JobResult> = jobs
        .par_iter()
        .map(|job| pages::render_job(site, theme, job, sink))
        .collect();
    let mut diags = Vec::new();
    let mut files = 0;
    let mut search_docs = Vec::new();
    let mut markdown_links = Vec::new();
    for r in results {
        files += r.written;
        diags.extend(r.diagnostics);
        search_docs.extend(r.search);
        markdown_links.extend(r.links);
    }
    let pages = files;
    let (n, d) = downloads::write_all(site, sink);
    files += n;
    diags.extend(d);
    if site.config.search && sink.wants_search_index() {
        let (n, d) = search::write_index(search_docs, sink);
        files += n;
        diags.extend(d);
    }
    let (n, d) = publish::write_all(site, theme, sink);
    files += n;
    diags.extend(d);
    for (name, _, bytes) in &theme.static_files {
        match sink.write(&format!("static/{name}"), bytes) {
            Ok(()) => files += 1,
            Err(e) => diags.push(Diagnostic::error(format!("static/{name}"), format!("cannot write: {e}"))),
        }
    }
    (Rendered { pages, files, markdown_links }, diags)
}
