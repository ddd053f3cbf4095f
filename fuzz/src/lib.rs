//! What the fuzz targets share: the minimal good site to plug fuzzed files into, and the
//! oracle every diagnostic must pass (it points at a real place in its file).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ictreport::content::{self, Loaded};
use ictreport::diagnostic::{Diagnostic, SourceText};
use ictreport::model::Site;

/// `tests/fixtures/good-min`, the site the targets put their input into.
pub fn good_min() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/good-min")
}

/// good-min as loaded from disk (read once).
pub fn loaded() -> Loaded {
    let (loaded, diags) = content::load(&good_min());
    assert!(diags.is_empty(), "good-min does not load: {diags:?}");
    loaded
}

/// good-min validated into a site (built once).
pub fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let (site, diags) = ictreport::validate::validate(&loaded());
        assert!(diags.is_empty(), "good-min does not validate: {diags:?}");
        site.expect("good-min gives a site")
    })
}

/// Every diagnostic about `source` must point inside it: a line that exists and a column
/// on that line (one past its end at most), so that editors and the excerpt can show it.
pub fn assert_located(diags: &[Diagnostic], source: &SourceText) {
    let lines: Vec<&str> = source.text.split('\n').collect();
    for d in diags.iter().filter(|d| d.file == source.path) {
        let Some(pos) = d.position else { continue };
        assert!(pos.line >= 1 && pos.line <= lines.len(), "line out of the file: {d}");
        let width = lines[pos.line - 1].trim_end_matches('\r').chars().count();
        assert!(pos.column >= 1 && pos.column <= width + 2, "column off the line: {d}");
        let _ = d.render_terminal(true);
    }
}
