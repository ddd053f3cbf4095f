//! One problem report type for the whole pipeline.
//!
//! Every stage returns `Diagnostic`s instead of failing on the first problem, so a build can
//! show all of them at once. A diagnostic names the file, the 1-based line and column when the
//! input has them, a one-line message and a hint that says what to do. It renders for the
//! terminal (with a source excerpt, through miette) and as plain text for the browser overlay.
//!
//! Both renderings escape control characters (see [`crate::terminal`]) in everything they
//! show, the path, message, hint and excerpt alike: a content line or a spreadsheet cell
//! holding ESC or OSC sequences must not clear the screen, set the title or write the
//! clipboard of whoever reads the error. Escaping here, where every diagnostic is shown,
//! means no call site can forget it.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::terminal::terminal_safe;

mod excerpt;

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The text of a file, shared between the diagnostics that point into it.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl SourceText {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Converts a byte offset into a line and column. Offsets past the end clamp to the end.
    pub fn position_of(&self, byte_offset: usize) -> Position {
        let mut offset = byte_offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (index, start) = self
            .line_starts()
            .enumerate()
            .take_while(|(_, start)| *start <= offset)
            .last()
            .unwrap_or((0, 0));
        Position {
            line: index + 1,
            column: self.text[start..offset].chars().count() + 1,
        }
    }

    /// Converts a line and column back into a byte offset (for source excerpts). A column
    /// past the end of its line clamps to the line's end, a line past the end to the end.
    pub fn offset_of(&self, position: Position) -> usize {
        let mut starts = self.line_starts().skip(position.line.saturating_sub(1));
        let Some(start) = starts.next() else {
            return self.text.len();
        };
        let end = starts.next().unwrap_or(self.text.len());
        let line = self.text[start..end].trim_end_matches(['\n', '\r']);
        start
            + line
                .char_indices()
                .nth(position.column.saturating_sub(1))
                .map_or(line.len(), |(i, _)| i)
    }

    /// Byte offsets where lines start. Lines end at `\n`, `\r\n` or a lone `\r`, as YAML and
    /// CommonMark count them (and yaml-rust2 reports them).
    pub(crate) fn line_starts(&self) -> impl Iterator<Item = usize> + '_ {
        let bytes = self.text.as_bytes();
        std::iter::once(0).chain(bytes.iter().enumerate().filter_map(move |(i, &b)| {
            let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
            (b == b'\n' || lone_cr).then_some(i + 1)
        }))
    }
}

/// One problem found in the input.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    pub position: Option<Position>,
    pub message: String,
    pub hint: Option<String>,
    /// The file's text, for a source excerpt in the terminal.
    source: Option<Arc<str>>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            position: None,
            message: bounded(message.into()),
            hint: None,
            source: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    /// An error at a position in a file whose text we have.
    pub fn at(source: &SourceText, position: Position, message: impl Into<String>) -> Self {
        Self {
            position: Some(position),
            source: Some(source.text.clone()),
            ..Self::error(source.path.clone(), message)
        }
    }

    pub fn with_position(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a further suggestion to the hint.
    pub fn with_hint_suffix(mut self, more: &str) -> Self {
        self.hint = Some(match self.hint.take() {
            Some(h) => format!("{h}; {more}"),
            None => more.to_string(),
        });
        self
    }

    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` (or just the file when there is no position), terminal-safe.
    pub fn location(&self) -> String {
        let file = terminal_safe(&self.file.display().to_string(), false).into_owned();
        match self.position {
            Some(p) => format!("{file}:{}:{}", p.line, p.column),
            None => file,
        }
    }

    /// The plain `error: file:line:column: message` and `hint:` lines, which tools and logs
    /// can read, followed by a source excerpt with a caret under the column when the text is
    /// known (in colour on a terminal).
    pub fn render_terminal(&self, color: bool) -> String {
        let plain = self.to_string();
        let (Some(text), Some(pos)) = (&self.source, self.position) else {
            return plain;
        };
        let source = SourceText::new(self.file.clone(), text.clone());
        match excerpt::draw(&source, pos, &self.location(), self.severity, color) {
            Some(excerpt) => format!("{plain}\n{excerpt}"),
            None => plain,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let message = terminal_safe(&self.message, true);
        write!(f, "{kind}: {}: {message}", self.location())?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", terminal_safe(hint, true))?;
        }
        Ok(())
    }
}

/// How much of a quoted value a message repeats.
pub const QUOTE_CHARS: usize = 80;
/// The longest message printed whole.
const MESSAGE_CHARS: usize = 600;

/// At most `QUOTE_CHARS` characters of `value`, with `…` when cut: messages quote what the
/// user wrote, never a whole file that ended up in one value.
pub fn excerpt(value: &str) -> String {
    match value.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    }
}

/// Shortens every quoted part (`"…"` or `` `…` ``) of a message to an excerpt, then the
/// message itself: the serde and YAML errors quote whole values, which may be anything.
fn bounded(message: String) -> String {
    if message.len() <= QUOTE_CHARS {
        return message;
    }
    let mut out = String::with_capacity(message.len().min(MESSAGE_CHARS + 8));
    let mut rest = message.as_str();
    while let Some(open) = rest.find(['"', '`']) {
        let quote = &rest[open..open + 1];
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let close = rest.find(quote).unwrap_or(rest.len());
        out.push_str(&excerpt(&rest[..close]));
        rest = &rest[close..];
        if let Some(q) = rest.strip_prefix(quote) {
            out.push_str(quote);
            rest = q;
        }
    }
    out.push_str(rest);
    match out.char_indices().nth(MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}… (message shortened)", &out[..cut]),
        None => out,
    }
}

/// Sorts diagnostics by file and position so output is stable whatever the walk order, and
/// drops exact repeats: an error in a template shared by many pages is met once per page.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    fn key(d: &Diagnostic) -> (Severity, &PathBuf, Option<Position>, &str, Option<&str>) {
        (
            d.severity,
            &d.file,
            d.position,
            &d.message,
            d.hint.as_deref(),
        )
    }
    diagnostics.sort_by(|a, b| key(a).cmp(&key(b)));
    diagnostics.dedup_by(|a, b| key(a) == key(b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = SourceText::new("a.yaml", "tên: Đắk Lắk\nx: 1\n");
        let offset = src.text.find("Lắk").unwrap();
        assert_eq!(
            src.position_of(offset),
            Position {
                line: 1,
                column: 10
            }
        );
        let x = src.text.find('x').unwrap();
        assert_eq!(src.position_of(x), Position { line: 2, column: 1 });
        assert_eq!(src.offset_of(Position { line: 2, column: 1 }), x);
        assert_eq!(
            src.offset_of(Position {
                line: 1,
                column: 10
            }),
            offset
        );
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        // Found by the `metrics` fuzz target: yaml-rust2 counts a lone `\r` as a line break.
        let src = SourceText::new("a.yaml", "a: 1\r\nb: 2\rc: 3\n\rd");
        let c = src.text.find('c').unwrap();
        assert_eq!(src.position_of(c), Position { line: 3, column: 1 });
        assert_eq!(src.offset_of(Position { line: 3, column: 1 }), c);
        let d = src.text.find('d').unwrap();
        assert_eq!(src.position_of(d), Position { line: 5, column: 1 });
        // The `\r` of a CRLF ends the line's columns; columns past the end clamp.
        assert_eq!(src.offset_of(Position { line: 1, column: 9 }), 4);
        assert_eq!(
            src.offset_of(Position { line: 9, column: 1 }),
            src.text.len()
        );
        assert_eq!(src.position_of(99), Position { line: 5, column: 2 });
    }

    #[test]
    fn display_names_file_line_column_and_hint() {
        let src = SourceText::new("content/x.yaml", "a: b\n");
        let d = Diagnostic::at(&src, Position { line: 1, column: 4 }, "bad").with_hint("fix it");
        assert_eq!(
            d.to_string(),
            "error: content/x.yaml:1:4: bad\n  hint: fix it"
        );
        assert!(d.render_terminal(false).contains("fix it"));
    }

    #[test]
    fn terminal_rendering_starts_with_the_plain_lines() {
        let src = SourceText::new("content/x.yaml", "a: b\nc: d\n");
        let d = Diagnostic::at(&src, Position { line: 2, column: 4 }, "bad").with_hint("fix it");
        // Not a terminal: the same lines and excerpt, without colour codes.
        let plain = d.render_terminal(false);
        assert!(plain.starts_with(&d.to_string()), "{plain}");
        assert!(!plain.contains('\u{1b}'), "{plain}");
        assert!(plain.contains("c: d"), "{plain}");
        // A terminal: the same lines, then the excerpt (without repeating the message).
        let shown = d.render_terminal(true);
        assert!(
            shown.starts_with("error: content/x.yaml:2:4: bad\n  hint: fix it\n"),
            "{shown}"
        );
        assert!(shown.contains("c: d"), "{shown}");
        assert_eq!(shown.matches("bad").count(), 1, "{shown}");
    }

    #[test]
    fn long_quoted_values_are_cut_to_an_excerpt() {
        let huge = "x".repeat(3_000_000);
        let d = Diagnostic::error(
            "m.yaml",
            format!("invalid type: string \"{huge}\", expected a map"),
        );
        assert!(d.message.len() < 200, "{}", d.message.len());
        assert!(d.message.ends_with("\", expected a map"), "{}", d.message);
        let d = Diagnostic::error("m.yaml", format!("unknown `{huge}"));
        assert!(d.message.chars().count() < 100);
    }

    #[test]
    fn a_very_long_line_shows_a_window_with_the_caret_under_the_column() {
        let line = format!("a: {}X{}\nb\n", "y".repeat(5_000), "y".repeat(5_000));
        let source = SourceText::new("p.md", line);
        let d = Diagnostic::at(
            &source,
            Position {
                line: 1,
                column: 5_004,
            },
            "bad",
        );
        let shown = d.render_terminal(false);
        assert!(shown.len() < 800, "{shown}");
        assert!(shown.contains("─[p.md:1:5004]"), "{shown}");
        let column = |l: &str, c: char| l.chars().position(|x| x == c);
        let text = shown.lines().find(|l| l.contains('X')).unwrap();
        let caret = shown.lines().find(|l| l.contains('▲')).unwrap();
        assert_eq!(column(text, 'X'), column(caret, '▲'), "{shown}");
        assert!(text.contains("…y") && text.contains("y…"), "{shown}");
    }

    #[test]
    fn control_characters_are_shown_escaped_everywhere() {
        let osc = "\u{1b}]52;c;cm0gLXJm\u{7}";
        let src = SourceText::new(
            "content/x\u{1b}[2J.md",
            format!("a\n{osc} b\u{202e}c\u{85}\rd\r\ne\n"),
        );
        let d = Diagnostic::at(
            &src,
            Position { line: 2, column: 2 },
            format!("bad `{osc}`"),
        )
        .with_hint("see \u{9b}31m");
        let plain = d.render_terminal(false);
        assert!(
            !plain.chars().any(|c| c.is_control() && c != '\n'),
            "{plain:?}"
        );
        assert!(
            plain.starts_with("error: content/x\\u{1b}[2J.md:2:2: bad `\\u{1b}]52;c;cm0gLXJm\\u{7}`\n  hint: see \\u{9b}31m\n"),
            "{plain}"
        );
        // The excerpt shows the line escaped, its caret under the column it names; a lone
        // `\r` ends a line there as it does for the positions.
        assert!(
            plain.contains(" 2 │ \\u{1b}]52;c;cm0gLXJm\\u{7} b\\u{202e}c\\u{85}\n   ·       ▲\n"),
            "{plain}"
        );
        assert!(plain.contains(" 3 │ d\n"), "{plain}");
        // In colour only miette's own colour codes remain: no OSC, no clear-screen.
        let shown = d.render_terminal(true);
        assert!(
            !shown.contains("\u{1b}]") && !shown.contains("\u{1b}[2J"),
            "{shown:?}"
        );
        assert!(
            !shown.contains('\u{7}') && !shown.contains('\u{202e}'),
            "{shown:?}"
        );
    }
}
