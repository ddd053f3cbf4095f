//! YAML errors as located diagnostics with a hint: serde_yaml's syntax and type errors, and
//! what the event pass refuses (repeated keys, deep nesting, forbidden characters).

use yaml_rust2::scanner::{Marker, ScanError};

use super::MAX_DEPTH;
use super::plain::reworded;
use super::spans::Lines;
use crate::diagnostic::{Diagnostic, Position, SourceText};
use crate::hygiene;

pub(super) fn to_diagnostic(source: &SourceText, error: &serde_yaml::Error) -> Diagnostic {
    let position = error.location().map(|l| source.position_of(l.index()));
    let raw = error.to_string();
    // serde_yaml appends " at line X column Y"; we print the position ourselves.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    located(source, position, message)
}

/// A type error of the one YAML pass (`de`), worded as serde_yaml words it.
pub(super) fn de_diagnostic(source: &SourceText, error: &super::de::Error) -> Diagnostic {
    located(source, error.position(), error.message())
}

/// A serde error `message` (path first, no position) at `position`, in plain words.
fn located(source: &SourceText, position: Option<Position>, message: String) -> Diagnostic {
    let position = position.unwrap_or(Position { line: 1, column: 1 });
    let hint = hint_for(&message);
    let message = if message.starts_with("EOF while parsing") || source.text.trim().is_empty() {
        "the file is empty".to_string()
    } else {
        reworded(&message)
    };
    Diagnostic::at(source, position, message).with_hint(hint)
}

/// A hint for the common serde_yaml messages: what the editor should do.
pub(super) fn hint_for(message: &str) -> String {
    let m = message.to_ascii_lowercase();
    let hint = if m.contains("unknown field") {
        "check the spelling of the key; the allowed keys are listed in docs/content-format.md"
    } else if m.contains("unknown variant") {
        "use one of the values the message lists"
    } else if m.contains("missing field") {
        "add the missing key; see docs/content-format.md for the required fields"
    } else if m.contains("duplicate entry")
        || m.contains("duplicate key")
        || m.contains("duplicate field")
    {
        "each key may appear only once in a mapping: merge or remove the repeated one"
    } else if m.contains("invalid value") {
        "the number is outside what this key allows; see docs/content-format.md"
    } else if m.contains("expected f64") || m.contains("expected i") || m.contains("expected u") {
        "write a plain number without thousands separators or units, e.g. 3566 or 45.212"
    } else if m.contains("invalid type") {
        "the value has the wrong type for this key; see docs/content-format.md"
    } else if m.contains("recursion limit") {
        "site files nest only a few levels: look for a run of `[`, `{` or `-` that never ends"
    } else if m.contains("repetition limit") || m.contains("alias") {
        "remove the YAML anchors and aliases (& and *): write the values out"
    } else if m.contains("eof while parsing") {
        "write the content the file is meant to hold, or delete the file"
    } else if m.contains("tab") {
        "YAML does not allow tabs for indentation: indent with spaces"
    } else {
        "fix the YAML syntax at this position"
    };
    hint.to_string()
}

/// Why the event pass refused a document.
pub(super) enum Problem {
    Syntax(ScanError),
    TooDeep(Position),
    DuplicateKey {
        key: String,
        first: Position,
        again: Position,
    },
    /// A refused character, written as an escape (`"\x0b"`) in a quoted scalar.
    Forbidden(Position, char),
}

impl Problem {
    pub(super) fn into_diagnostic(self, source: &SourceText) -> Diagnostic {
        match self {
            Problem::Syntax(e) => syntax_error(source, &e),
            Problem::TooDeep(pos) => Diagnostic::at(
                source,
                pos,
                format!("the document is nested more than {MAX_DEPTH} levels deep"),
            )
            .with_hint(hint_for("recursion limit")),
            Problem::DuplicateKey { key, first, again } => Diagnostic::at(
                source,
                again,
                format!("duplicate key `{key}` (first on line {})", first.line),
            )
            .with_hint(hint_for("duplicate key")),
            Problem::Forbidden(pos, c) => Diagnostic::at(source, pos, hygiene::message(c))
                .with_hint("remove the escape sequence that writes it"),
        }
    }
}

/// How far past yaml-rust2's syntax error serde_yaml may read for its own message.
const SYNTAX_LOOKAHEAD: usize = 4096;

/// A syntax error found by the event pass. libyaml (under serde_yaml) often names the spot
/// more precisely (yaml-rust2 points at the start of a scalar that holds a tab, libyaml at the
/// tab), so it reads the text up to the line after the error and its answer is used when it
/// finds a problem before that cut. The cut bounds its work whatever follows.
fn syntax_error(source: &SourceText, e: &ScanError) -> Diagnostic {
    let pos = marker_position(source, e.marker());
    let start = source.offset_of(pos);
    let rest = &source.text[start..];
    let mut cut = start
        + rest
            .match_indices('\n')
            .nth(1)
            .map_or(rest.len(), |(i, _)| i + 1)
            .min(SYNTAX_LOOKAHEAD);
    while !source.text.is_char_boundary(cut) {
        cut -= 1;
    }
    let prefix = &source.text[..cut];
    if let Err(err) = serde_yaml::from_str::<serde::de::IgnoredAny>(prefix)
        && err.location().is_some_and(|l| l.index() < cut)
    {
        return to_diagnostic(source, &err);
    }
    Diagnostic::at(source, pos, e.info()).with_hint(hint_for(e.info()))
}

/// Where a yaml-rust2 error points, kept inside the text.
pub(super) fn marker_position(source: &SourceText, mark: &Marker) -> Position {
    Lines::new(source).clamp(*mark)
}
