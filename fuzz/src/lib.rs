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
/// Lines end at `\n`, `\r\n` or a lone `\r`, as YAML and CommonMark count them.
pub fn assert_located(diags: &[Diagnostic], source: &SourceText) {
    for (d, column, line) in on_its_lines(diags, source) {
        assert!(
            column >= 1 && column <= line.chars().count() + 1,
            "column off the line: {d}"
        );
    }
}

/// The weaker check for Markdown bodies: every position names a line of the file. Columns
/// are not checked yet: markdown/mod.rs maps an offset in a paragraph's decoded text back to
/// the file as if the two were the same length, so an entity (`&amp;`), a backslash escape
/// or a NUL (decoded as U+FFFD) before an error shifts its column (reported; the hostile
/// case `inline-error-after-entity` shows it).
pub fn assert_on_a_line(diags: &[Diagnostic], source: &SourceText) {
    on_its_lines(diags, source).for_each(drop);
}

/// The diagnostics about `source` that carry a position, each asserted to name a line of
/// the file and rendered for a terminal (the excerpt must not panic), with its column and
/// the text of its line.
fn on_its_lines<'a>(
    diags: &'a [Diagnostic],
    source: &'a SourceText,
) -> impl Iterator<Item = (&'a Diagnostic, usize, &'a str)> {
    let lines = lines(&source.text);
    diags
        .iter()
        .filter(|d| d.file == source.path)
        .filter_map(move |d| {
            let pos = d.position?;
            assert!(
                pos.line >= 1 && pos.line <= lines.len(),
                "line out of the file: {d}"
            );
            let _ = d.render_terminal(true);
            Some((d, pos.column, lines[pos.line - 1]))
        })
}

fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\n', '\r']) {
        out.push(&rest[..i]);
        let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + skip..];
    }
    out.push(rest);
    out
}
