//! The only module that knows which YAML library we use.
//!
//! One pass of yaml-rust2's event parser reads each file (`spans`): it refuses repeated keys,
//! deep nesting and forbidden characters, records the events with their positions, and `de`
//! deserialises the typed values from those events, with serde_yaml's rules and words, so
//! the text is never parsed twice. Everything YAML-specific stays in this folder. Validation
//! rules that run after deserialisation ask `Spans` where a value sits to point at it;
//! `errors` turns syntax and type errors into located diagnostics (serde_yaml, kept for
//! `Value` and its messages, rereads the lines up to a syntax error for a sharper position).
//!
//! The positions are indexed only when a rule first asks for one: a good build never needs
//! them, and on a site of thousands of provinces the index would be most of the memory.

mod de;
mod each;
mod errors;
mod plain;
mod spans;

use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Position, SourceText};
use errors::de_diagnostic;
use spans::{Shift, scan, scan_events};

pub use each::parse_each;
pub use spans::Spans;

/// A deserialised document and where its values are.
#[derive(Debug)]
pub struct Parsed<T> {
    pub value: T,
    pub spans: Spans,
}

/// How deep collections may nest. Site files are a few levels deep; the limit keeps both
/// parsers fast (libyaml, under serde_yaml, slows down quadratically with flow nesting).
pub const MAX_DEPTH: usize = 64;

/// Parses a whole file into `T`; a syntax or type error, a repeated key, nesting deeper than
/// `MAX_DEPTH` or an empty file becomes a located diagnostic.
pub fn parse<T: DeserializeOwned>(source: &SourceText) -> Result<Parsed<T>, Diagnostic> {
    parse_document(source, true)
}

/// Parses a file that may still be a template: one holding only comments (what `new
/// province` writes into `metrics.yaml`) is `T::default()`, so figures pasted under the
/// comments parse as they are. A file without a single character is still refused.
pub fn parse_template<T: DeserializeOwned + Default>(
    source: &SourceText,
) -> Result<Parsed<T>, Diagnostic> {
    let lines = || source.text.lines().map(str::trim);
    let comments_only =
        lines().all(|l| l.is_empty() || l.starts_with('#')) && lines().any(|l| l.starts_with('#'));
    if !comments_only {
        return parse(source);
    }
    Ok(Parsed {
        value: T::default(),
        spans: Spans {
            source: source.clone(),
            shift: Shift::default(),
            index: OnceLock::new(),
        },
    })
}

/// Parses one YAML document in one pass: the event pass (yaml-rust2, linear, stopping at
/// `MAX_DEPTH`) checks it and records its events, which `de` turns into `T`.
fn parse_document<T: DeserializeOwned>(
    source: &SourceText,
    whole_file: bool,
) -> Result<Parsed<T>, Diagnostic> {
    let scanned = match scan_events(source) {
        Ok(scanned) => scanned,
        // Errors are rare: scan again, recording positions, for the exact one.
        Err(_) => match scan(source, true) {
            Ok(scanned) => scanned,
            Err(problem) => return Err(problem.into_diagnostic(source)),
        },
    };
    if whole_file && scanned.empty {
        return Err(Diagnostic::at(source, Position { line: 1, column: 1 }, "the file is empty")
            .with_hint("write what the file is meant to hold (a metrics file without data yet may hold only comments), or delete it"));
    }
    let document = scanned.document.unwrap_or_default();
    let value: T = document
        .deserialize()
        .map_err(|e| de_diagnostic(source, &e))?;
    let spans = Spans {
        source: source.clone(),
        shift: Shift::default(),
        index: OnceLock::new(),
    };
    Ok(Parsed { value, spans })
}

/// Parses YAML held inside another file (a chart block in Markdown); positions are shifted by
/// `first_line` so errors point into the outer file.
pub fn parse_embedded<T: DeserializeOwned>(
    outer: &SourceText,
    text: &str,
    first_line: usize,
    indent: usize,
) -> Result<Parsed<T>, Diagnostic> {
    let inner = SourceText::new(outer.path.clone(), text);
    let shift = Shift {
        lines: first_line - 1,
        columns: indent,
    };
    match parse_document::<T>(&inner, false) {
        Ok(mut parsed) => {
            parsed.spans.shift = shift;
            Ok(parsed)
        }
        Err(d) => {
            let start = Position { line: 1, column: 1 };
            let (pos, message) = if text.trim().is_empty() {
                (start, "the block is empty".to_string())
            } else {
                (d.position.unwrap_or(start), d.message)
            };
            // An empty block at the end of the file starts on a line that does not exist.
            let pos = outer.position_of(outer.offset_of(shift.apply(pos)));
            let mut out = Diagnostic::at(outer, pos, message);
            out.hint = d.hint;
            Err(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn records_value_positions_by_path() {
        let src = SourceText::new(
            "m.yaml",
            "ict_revenue:\n  - year: 2015\n    value: 3566\n  - year: 2016\n    value: \"Đắk\"\n",
        );
        let parsed: Parsed<BTreeMap<String, Vec<BTreeMap<String, serde_yaml::Value>>>> =
            parse(&src).unwrap();
        assert_eq!(
            parsed.spans.value("ict_revenue/1/value"),
            Position {
                line: 5,
                column: 12
            }
        );
        assert_eq!(
            parsed.spans.key("ict_revenue/0/value"),
            Position { line: 3, column: 5 }
        );
        assert_eq!(
            parsed.spans.value("ict_revenue/9/value"),
            Position { line: 2, column: 3 }
        );
    }

    #[test]
    fn positions_are_indexed_only_when_asked_for() {
        let src = SourceText::new("m.yaml", "a:\n  - 1\n  - 2\n");
        let parsed: Parsed<serde_yaml::Value> = parse(&src).unwrap();
        assert!(parsed.spans.index.get().is_none());
        assert_eq!(parsed.spans.value("a/1"), Position { line: 3, column: 5 });
        assert!(parsed.spans.index.get().is_some());
    }

    #[test]
    fn a_block_mapping_starts_at_its_first_key() {
        let src = SourceText::new(
            "m.yaml",
            "x:\n  - year: 2015\n    claims:\n      - kind: multiple\n        value: 2\n",
        );
        let parsed: Parsed<serde_yaml::Value> = parse(&src).unwrap();
        assert_eq!(parsed.spans.value(""), Position { line: 1, column: 1 });
        assert_eq!(parsed.spans.value("x/0"), Position { line: 2, column: 5 });
        assert_eq!(
            parsed.spans.value("x/0/claims/0"),
            Position { line: 4, column: 9 }
        );
        let src = SourceText::new("m.yaml", "a: {b: 1}\n");
        let parsed: Parsed<serde_yaml::Value> = parse(&src).unwrap();
        assert_eq!(parsed.spans.value("a"), Position { line: 1, column: 4 });
    }

    #[test]
    fn an_error_at_the_end_of_input_points_into_the_file() {
        // Found by the `metrics` fuzz target: yaml-rust2 named line 5 of a 4-line file.
        let src = SourceText::new("m.yaml", "x:\n  - year: 2015\n    value: 3566\ni  ");
        let err = parse::<serde_yaml::Value>(&src).unwrap_err();
        let pos = err.position.unwrap();
        assert!(pos.line <= 4, "{err}");
    }

    #[test]
    fn lone_carriage_returns_end_lines_for_both_parsers() {
        // Found by the `metrics` fuzz target: the duplicate was reported on line 113 of a
        // 47-line file, since yaml-rust2 counts a lone `\r` as a line break.
        let src = SourceText::new("m.yaml", "a: 1\rb: 2\ra: 3\n");
        let err = parse::<serde_yaml::Value>(&src).unwrap_err();
        assert_eq!(err.position, Some(Position { line: 3, column: 1 }));
        let src = SourceText::new("m.yaml", "a: 1\rb: [2\rc: 3\n");
        let err = parse::<serde_yaml::Value>(&src).unwrap_err();
        assert_eq!(err.position.map(|p| p.line), Some(3));
    }

    #[test]
    fn positions_at_the_end_of_input_stay_in_the_file() {
        // Found by the `metrics` fuzz target: an empty key at the end of a file without a
        // final newline was placed on line 2 of a 1-line file.
        let src = SourceText::new("m.yaml", "?    ");
        let parsed = parse::<Metrics>(&src).unwrap();
        assert_eq!(parsed.spans.key(""), Position { line: 1, column: 6 });
    }

    #[test]
    fn an_empty_block_at_the_end_of_a_file_is_located_in_it() {
        // Found by the `markdown` fuzz target: a ```chart fence on the last line.
        let outer = SourceText::new("p.md", "---\n---\ntext\n```chart");
        let err =
            parse_embedded::<crate::content::raw::RawFrontMatter>(&outer, "", 5, 0).unwrap_err();
        assert_eq!(err.position, Some(Position { line: 4, column: 9 }));
    }

    #[test]
    fn syntax_errors_are_located() {
        let src = SourceText::new("m.yaml", "a: 1\nb: [1, 2\n");
        let err = parse::<serde_yaml::Value>(&src).unwrap_err();
        assert_eq!(err.file.to_str(), Some("m.yaml"));
        assert!(err.position.is_some());
        assert!(!err.message.contains(" at line "));
    }

    #[test]
    fn type_errors_point_at_the_value() {
        #[derive(serde::Deserialize, Debug)]
        struct T {
            #[allow(dead_code)]
            value: f64,
        }
        let src = SourceText::new("m.yaml", "value: 3.566,5\n");
        let err = parse::<T>(&src).unwrap_err();
        assert_eq!(err.position, Some(Position { line: 1, column: 8 }));
        assert!(err.hint.unwrap().contains("plain number"));
    }

    type Metrics = crate::content::raw::RawMetrics;

    fn timed<T>(f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        assert!(
            start.elapsed().as_secs_f64() < 2.0,
            "took {:?}",
            start.elapsed()
        );
        out
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly() {
        // libyaml needs minutes for this; the event pass stops at MAX_DEPTH.
        let n = 1_000_000;
        let text = format!("a: {}{}\n", "[".repeat(n), "]".repeat(n));
        let src = SourceText::new("m.yaml", text);
        let err = timed(|| parse::<serde_yaml::Value>(&src).unwrap_err());
        assert!(
            err.message.contains("nested more than 64 levels"),
            "{}",
            err.message
        );
        assert_eq!(err.position.map(|p| p.line), Some(1));
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let text = format!("{}x\n", "- ".repeat(200_000));
        let src = SourceText::new("m.yaml", text);
        let err = timed(|| parse::<serde_yaml::Value>(&src).unwrap_err());
        assert!(err.message.contains("nested more than"), "{}", err.message);
    }

    #[test]
    fn syntax_error_before_deep_nesting_stays_fast() {
        // yaml-rust2 fails at the tab; serde_yaml only reads up to the line after it.
        let n = 1_000_000;
        let text = format!("a:\n\t- 1\nb: {}{}\n", "[".repeat(n), "]".repeat(n));
        let src = SourceText::new("m.yaml", text);
        let err = timed(|| parse::<serde_yaml::Value>(&src).unwrap_err());
        assert_eq!(err.position.map(|p| p.line), Some(2));
    }

    #[test]
    fn tab_errors_point_at_the_tab() {
        let src = SourceText::new("m.yaml", "x:\n  - year: 2015\n\tvalue: 3566\n");
        let err = parse::<serde_yaml::Value>(&src).unwrap_err();
        assert_eq!(err.position, Some(Position { line: 3, column: 1 }));
        assert!(err.hint.unwrap().contains("tabs"));
    }

    #[test]
    fn duplicate_keys_are_refused_where_they_repeat() {
        // serde would keep the last `ict_revenue` silently: an IndexMap does not complain.
        let src = SourceText::new(
            "m.yaml",
            "ict_revenue:\n  - year: 2015\n    value: 1\n    source: s\nict_revenue: []\n",
        );
        let err = parse::<Metrics>(&src).unwrap_err();
        assert_eq!(err.position, Some(Position { line: 5, column: 1 }));
        assert_eq!(err.message, "duplicate key `ict_revenue` (first on line 1)");
        // The same key in two different mappings is fine.
        let src = SourceText::new(
            "m.yaml",
            "x:\n  - year: 2015\n    value: 1\n    source: s\n  - year: 2016\n    value: 2\n    source: s\n",
        );
        assert!(parse::<Metrics>(&src).is_ok());
        // A quoted key is the same key.
        let src = SourceText::new("m.yaml", "a: 1\n\"a\": 2\n");
        assert!(parse::<serde_yaml::Value>(&src).is_err());
    }

    #[test]
    fn empty_files_are_refused_but_an_empty_map_is_data() {
        for text in ["", "\n\n", "# only a comment\n", "---\n", "~\n", "null\n"] {
            let src = SourceText::new("m.yaml", text);
            let err = parse::<Metrics>(&src).unwrap_err();
            assert_eq!(err.message, "the file is empty", "{text:?}");
        }
        let src = SourceText::new("m.yaml", "# no data yet\n{}\n");
        assert!(parse::<Metrics>(&src).unwrap().value.is_empty());
    }

    #[test]
    fn a_template_of_comments_is_no_data_and_takes_pasted_figures() {
        let template = crate::scaffold::EMPTY_METRICS;
        let src = SourceText::new("m.yaml", template);
        assert!(parse_template::<Metrics>(&src).unwrap().value.is_empty());
        let pasted =
            format!("{template}ict_revenue:\n  - year: 2020\n    value: 12\n    source: s\n");
        let src = SourceText::new("m.yaml", pasted);
        let parsed = parse_template::<Metrics>(&src).unwrap();
        assert_eq!(parsed.value["ict_revenue"].len(), 1);
        for text in ["", "\n\n", "---\n"] {
            let src = SourceText::new("m.yaml", text);
            assert!(parse_template::<Metrics>(&src).is_err(), "{text:?}");
        }
    }

    #[test]
    fn alias_bombs_hit_the_repetition_limit() {
        let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let src = SourceText::new("m.yaml", text);
        let err = timed(|| parse::<serde_yaml::Value>(&src).unwrap_err());
        assert!(err.message.contains("repetition limit"), "{}", err.message);
        assert!(err.hint.unwrap().contains("aliases"));
    }

    #[test]
    fn embedded_blocks_report_in_the_outer_file() {
        let outer = SourceText::new("p.md", "---\n\n---\n");
        let err =
            parse_embedded::<crate::content::raw::RawFrontMatter>(&outer, "\n", 2, 0).unwrap_err();
        assert_eq!(err.message, "the block is empty");
        assert_eq!(err.position.map(|p| p.line), Some(2));
    }
}
