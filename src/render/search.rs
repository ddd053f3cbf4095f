//! Client-side search with Pagefind: an index of province summaries, indicator names and
//! source titles, written as static files under `pagefind/`.
//!
//! Pagefind folds diacritics and case (so `nghe an` finds Nghệ An; `dien` finds điện through
//! [`search_fold`]), splits the index by the page language, works offline, and only the
//! search page loads its script. We feed it a small document per searchable page (not the
//! rendered page with its charts), sorted by URL, so the index is the same whatever order
//! the pages rendered in.
//!
//! Pagefind numbers pages and compresses its index as a whole, so one changed page means a
//! new index. What can be kept is the bundle itself: it depends only on the documents, so a
//! [`Bundle`] is labelled with a digest of them, and a rebuild whose documents have that
//! digest writes the kept files instead of running Pagefind again.

use super::Sink;
use super::html::escape;
use super::search_fold;
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

    /// The page Pagefind reads; its text has `đ` written for folding ([`search_fold`]).
    fn document(&self) -> String {
        let title = escape(&self.title);
        let title = search_fold::for_index(&title);
        format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><title>{}</title></head><body><main data-pagefind-body><h1>{}</h1>{}</main></body></html>",
            self.lang,
            title,
            title,
            search_fold::for_index(&self.body_html)
        )
    }
}

/// A built search bundle: its files (path inside the bundle folder, bytes), sorted by path,
/// and the digest of the documents it was built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub digest: [u8; 32],
    pub files: Vec<(String, Vec<u8>)>,
}

impl Bundle {
    /// What the stamp records of the bundle: the documents' digest and the files' digest,
    /// in hex. The second lets the next build check that the files are still as written.
    pub fn key(&self) -> String {
        format!("{} {}", hex(&self.digest), hex(&files_digest(&self.files)))
    }

    /// The previous build's bundle, read back from the output folder, when its stamp
    /// recorded what it was built from and the files are still as written.
    pub fn from_previous(output: &crate::output::OutputDir) -> Option<Bundle> {
        let (docs, files) = output.previous_search.as_deref()?.split_once(' ')?;
        let prefix = format!("{SEARCH_BUNDLE_DIR}/");
        let mut read = Vec::new();
        for path in &output.previous {
            if let Some(name) = path.strip_prefix(&prefix) {
                let full = crate::output::safe_join(&output.real, path).ok()?;
                read.push((name.to_string(), std::fs::read(full).ok()?));
            }
        }
        read.sort();
        if read.is_empty() || hex(&files_digest(&read)) != files {
            return None;
        }
        let mut digest = [0u8; 32];
        for (i, byte) in digest.iter_mut().enumerate() {
            *byte = u8::from_str_radix(docs.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(Bundle {
            digest,
            files: read,
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn files_digest(files: &[(String, Vec<u8>)]) -> [u8; 32] {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for (name, bytes) in files {
        for part in [name.as_bytes(), bytes] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
    }
    h.finalize().into()
}

/// The digest of `docs` (sorted) and of what ictreport adds to the bundle: equal
/// documents, equal bundle.
pub fn digest(docs: &[&SearchDoc]) -> [u8; 32] {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    // What is added to Pagefind's files is part of the bundle too.
    h.update(search_fold::ui_script().as_bytes());
    h.update(search_fold::exact_first_module().as_bytes());
    for d in docs {
        // Lengths first, so that no two different lists hash the same bytes.
        for part in [
            d.url.as_str(),
            d.lang,
            d.title.as_str(),
            d.body_html.as_str(),
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    h.finalize().into()
}

/// Writes the search bundle for `docs`, reusing `kept` when it was built from the same
/// documents; returns how many files were written, the problems, and the bundle (to keep
/// for the next build).
pub fn write_index(
    mut docs: Vec<&SearchDoc>,
    kept: Option<Bundle>,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>, Option<Bundle>) {
    docs.sort();
    let digest = digest(&docs);
    let bundle = match kept.filter(|b| b.digest == digest) {
        Some(b) => b,
        None => match build_bundle(&docs) {
            Ok(files) => Bundle { digest, files },
            Err(e) => {
                let d =
                    Diagnostic::error("pagefind/", format!("cannot build the search index: {e}"));
                return (0, vec![d], None);
            }
        },
    };
    let mut written = 0;
    let mut diags = Vec::new();
    for (name, bytes) in &bundle.files {
        let path = format!("{SEARCH_BUNDLE_DIR}/{name}");
        match sink.write(&path, bytes) {
            Ok(()) => written += 1,
            Err(e) => diags.push(Diagnostic::error(path, format!("cannot write: {e}"))),
        }
    }
    (written, diags, Some(bundle))
}

/// Runs Pagefind over the sorted documents; returns the bundle's files sorted by path.
fn build_bundle(docs: &[&SearchDoc]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    let files = runtime.block_on(async {
        let config = pagefind::options::PagefindServiceConfig::builder()
            .keep_index_url(false)
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for doc in docs {
            index
                .add_html_file(None, Some(doc.url.clone()), doc.document())
                .await
                .map_err(|e| e.to_string())?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    })?;
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().into_owned(), f.contents))
        .collect();
    // Every theme's search box folds the query as the documents were folded.
    for (name, bytes) in &mut files {
        if name == search_fold::UI_SCRIPT {
            bytes.extend_from_slice(search_fold::ui_script().as_bytes());
        }
    }
    // ... and ranks pages with the query's exact marks first.
    files.push((
        search_fold::EXACT_FIRST_MODULE.to_string(),
        search_fold::exact_first_module().as_bytes().to_vec(),
    ));
    files.sort();
    Ok(files)
}
