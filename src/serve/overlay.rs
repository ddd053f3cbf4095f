//! The error overlay of the preview: what a failed rebuild shows over open pages, in the
//! site's language, with a link to each file at its line.
//!
//! The link leads to `/__ictreport/source?file=…#L12`, a page the preview itself serves:
//! the file's text with numbered lines, the named one marked. No `file://` URL (browsers
//! refuse those from an `http://` page) and no editor URL scheme (each editor has its own,
//! and most are not registered). The page shows only a file an error of the current build
//! names, read from inside the site folder, capped in size and escaped, so it publishes
//! nothing a build would not read and runs nothing the file holds.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::model::Lang;
use crate::terminal::terminal_safe;

/// Where the page of a source file is served.
pub const SOURCE_PAGE: &str = "/__ictreport/source";

/// The largest source file the page shows (site files are far smaller).
const MAX_SOURCE_BYTES: u64 = 8 * 1024 * 1024;

/// One error as the overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OverlayError {
    /// The diagnostic as the terminal prints it, without colour.
    pub text: String,
    /// The file, relative to the site folder, as the diagnostic names it.
    pub file: String,
    pub line: Option<usize>,
    /// The preview's page of the file at that line, with its text in the site's language.
    pub link: Option<OverlayLink>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OverlayLink {
    pub href: String,
    pub text: String,
}

/// The overlay's own words, in the site's language.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct OverlayText {
    pub lang: String,
    pub heading: String,
    pub note: String,
}

impl OverlayText {
    pub fn new(lang: Lang) -> Self {
        let (heading, note) = match lang {
            Lang::Vi => (
                "ictreport: lần sửa vừa rồi làm bản dựng bị lỗi",
                "Trang bên dưới là bản dựng tốt gần nhất. Sửa các lỗi sau, trang sẽ tự tải lại.",
            ),
            Lang::En => (
                "ictreport: the last edit broke the build",
                "The page underneath is the last good build. Fix these errors and it reloads by itself.",
            ),
        };
        OverlayText {
            lang: lang.code().to_string(),
            heading: heading.to_string(),
            note: note.to_string(),
        }
    }
}

/// The site's first language as `site.yaml` says it now (Vietnamese when it cannot be read:
/// the overlay then shows why).
pub fn site_lang(root: &Path) -> Lang {
    let Ok(text) = std::fs::read_to_string(root.join("site.yaml")) else {
        return Lang::Vi;
    };
    let source = crate::diagnostic::SourceText::new("site.yaml", text);
    crate::yaml::parse::<crate::content::raw::RawConfig>(&source)
        .map_or(Lang::Vi, |c| c.value.language)
}

/// The overlay's view of a diagnostic.
pub fn overlay_error(d: &Diagnostic, lang: Lang) -> OverlayError {
    let file = d.file.display().to_string();
    let line = d.position.map(|p| p.line);
    let link = (!file.is_empty()).then(|| {
        let query: String = url::form_urlencoded::byte_serialize(file.as_bytes()).collect();
        let anchor = line.map(|l| format!("#L{l}")).unwrap_or_default();
        let shown = terminal_safe(&file, false);
        let text = match (lang, line) {
            (Lang::Vi, Some(l)) => format!("Mở {shown} ở dòng {l}"),
            (Lang::Vi, None) => format!("Mở {shown}"),
            (Lang::En, Some(l)) => format!("Open {shown} at line {l}"),
            (Lang::En, None) => format!("Open {shown}"),
        };
        OverlayLink {
            href: format!("{SOURCE_PAGE}?file={query}{anchor}"),
            text,
        }
    });
    OverlayError {
        text: d.render_terminal(false),
        file,
        line,
        link,
    }
}

/// The page of `file` (relative to `root`) with numbered lines, `line` marked; None when
/// the file is not one the current errors name, lies outside the site folder, is too large
/// or cannot be read.
pub fn source_page(root: &Path, file: &str, errors: &[OverlayError]) -> Option<String> {
    let named = errors.iter().filter(|e| e.file == file);
    let lines: Vec<usize> = named.filter_map(|e| e.line).collect();
    if !errors.iter().any(|e| e.file == file) {
        return None;
    }
    let root = root.canonicalize().ok()?;
    let path = root.join(file).canonicalize().ok()?;
    if !path.starts_with(&root) || std::fs::metadata(&path).ok()?.len() > MAX_SOURCE_BYTES {
        return None;
    }
    let bytes = std::fs::read(&path).ok()?;
    let source = crate::diagnostic::SourceText::new(file, String::from_utf8_lossy(&bytes));
    let text = &source.text;
    // Lines as the diagnostics count them (a lone `\r` ends one too), so `#L12` is line 12.
    let starts: Vec<usize> = source.line_starts().collect();
    let title = html_escape(&terminal_safe(file, false));
    let mut page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title><style>body{{margin:0;font:14px/1.5 ui-monospace,monospace;background:#fff;color:#111}}h1{{font:bold 16px system-ui,sans-serif;margin:1rem}}ol{{margin:0;padding-left:5em}}li{{white-space:pre-wrap;padding:0 .5em}}li.error{{background:#ffe0db;outline:2px solid #b3261e}}li:target{{scroll-margin-top:40vh}}</style></head><body><h1>{title}</h1><ol>\n"
    );
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let line = text[start..end].trim_end_matches(['\n', '\r']);
        if start == text.len() && i > 0 {
            break;
        }
        let n = i + 1;
        let class = if lines.contains(&n) {
            " class=\"error\""
        } else {
            ""
        };
        let shown = html_escape(&terminal_safe(line, true));
        let _ = writeln!(page, "<li id=\"L{n}\"{class}>{shown}</li>");
    }
    page.push_str("</ol></body></html>\n");
    Some(page)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Position, SourceText};

    fn error_in(root: &Path, file: &str, text: &str, line: usize) -> Diagnostic {
        std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        std::fs::write(root.join(file), text).unwrap();
        let source = SourceText::new(file, text);
        Diagnostic::at(&source, Position { line, column: 1 }, "bad")
    }

    #[test]
    fn the_link_names_the_file_and_line_in_the_site_language() {
        let tmp = tempfile::tempdir().unwrap();
        let d = error_in(tmp.path(), "content/a b.md", "x\n<y>\n", 2);
        let vi = overlay_error(&d, Lang::Vi);
        let link = vi.link.unwrap();
        assert_eq!(link.href, "/__ictreport/source?file=content%2Fa+b.md#L2");
        assert_eq!(link.text, "Mở content/a b.md ở dòng 2");
        let en = overlay_error(&d, Lang::En).link.unwrap();
        assert_eq!(en.text, "Open content/a b.md at line 2");
    }

    #[test]
    fn the_source_page_shows_only_named_files_escaped_with_the_line_marked() {
        let tmp = tempfile::tempdir().unwrap();
        let d = error_in(tmp.path(), "content/x.md", "a\r<script>\u{1b}[2J\r\n", 2);
        std::fs::write(tmp.path().join("secret.txt"), "s").unwrap();
        let errors = [overlay_error(&d, Lang::Vi)];
        let page = source_page(tmp.path(), "content/x.md", &errors).unwrap();
        assert!(page.contains("<li id=\"L2\" class=\"error\">&lt;script&gt;\\u{1b}[2J</li>"));
        assert!(page.contains("<li id=\"L1\">a</li>"));
        assert!(source_page(tmp.path(), "secret.txt", &errors).is_none());
        let outside = [OverlayError {
            file: "../x".into(),
            ..errors[0].clone()
        }];
        assert!(source_page(tmp.path(), "../x", &outside).is_none());
    }
}
