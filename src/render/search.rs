//! Client-side search with Pagefind: an index of province summaries, indicator names and
//! source titles, written as static files under `pagefind/`.
//!
//! Pagefind folds diacritics and case (so `nghe an` finds Nghệ An), splits the index by the
//! page language, works offline, and only the search page loads its script. We feed it a
//! small document per searchable page (not the rendered page with its charts), sorted by
//! URL, so the index is the same whatever order the pages rendered in.

use super::Sink;
use super::html::escape;
use crate::diagnostic::Diagnostic;
use crate::model::layout::SEARCH_BUNDLE_DIR;

/// The searchable part of one page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SearchDoc {
    pub url: String,
    pub lang: &'static str,
    pub title: String,
    /// HTML of the text to index (already escaped where it came from user text).
    pub body_html: String,
}

impl SearchDoc {
    pub fn new(url: String, lang: &'static str, title: &str, body_html: String) -> Self {
        SearchDoc {
            url,
            lang,
            title: title.to_string(),
            body_html,
        }
    }

    fn document(&self) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><title>{}</title></head><body><main data-pagefind-body><h1>{}</h1>{}</main></body></html>",
            self.lang,
            escape(&self.title),
            escape(&self.title),
            self.body_html
        )
    }
}

/// Builds the index and writes the Pagefind bundle (index, fragments, `pagefind-ui.js`…).
pub fn write_index(mut docs: Vec<SearchDoc>, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    docs.sort();
    let fail = |e: String| {
        (
            0,
            vec![Diagnostic::error(
                "pagefind/",
                format!("cannot build the search index: {e}"),
            )],
        )
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(r) => r,
        Err(e) => return fail(e.to_string()),
    };
    let files = runtime.block_on(async {
        let config = pagefind::options::PagefindServiceConfig::builder()
            .keep_index_url(false)
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for doc in &docs {
            index
                .add_html_file(None, Some(doc.url.clone()), doc.document())
                .await
                .map_err(|e| e.to_string())?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    });
    let mut files = match files {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    files.sort_by(|a, b| a.filename.cmp(&b.filename));
    let mut written = 0;
    let mut diags = Vec::new();
    for f in files {
        let path = format!("{SEARCH_BUNDLE_DIR}/{}", f.filename.to_string_lossy());
        match sink.write(&path, &f.contents) {
            Ok(()) => written += 1,
            Err(e) => diags.push(Diagnostic::error(path, format!("cannot write: {e}"))),
        }
    }
    (written, diags)
}
