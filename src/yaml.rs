//! The only module that knows which YAML library we use.
//!
//! serde_yaml does the typed deserialisation (and reports syntax and type errors with their
//! position); it is deprecated upstream, so everything YAML-specific stays here and swapping it
//! is a one-file change. serde_yaml does not expose where a value sits, so a second, event-level
//! pass (yaml-rust2) finds the position of every key and value by path. Validation rules that
//! run after deserialisation use those positions to point at the offending value.
//!
//! The positions are indexed only when a rule first asks for one: a good build never needs
//! them, and on a site of thousands of provinces the index would be most of the memory.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

use crate::content::hygiene;
use crate::diagnostic::{Diagnostic, Position, SourceText};

/// Positions of the values of one YAML document, by path (`ict_revenue/0/year`), indexed
/// from the text on first use.
#[derive(Debug, Clone)]
pub struct Spans {
    source: SourceText,
    /// Where the document sits in its file (a block embedded in Markdown starts inside it).
    shift: Shift,
    index: OnceLock<Index>,
}

/// How far an embedded document sits inside its file: the lines above it and its indent.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Shift {
    lines: usize,
    columns: usize,
}

impl Shift {
    fn apply(self, p: Position) -> Position {
        Position {
            line: p.line + self.lines,
            column: p.column + self.columns,
        }
    }
}

#[derive(Debug, Default, Clone)]
struct Index {
    values: HashMap<String, Position>,
    keys: HashMap<String, Position>,
}

impl Spans {
    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            // The text passed the same pass before, so this cannot fail.
            let mut index = scan(&self.source, true)
                .map(|s| s.index)
                .unwrap_or_default();
            if self.shift != Shift::default() {
                for pos in index.values.values_mut().chain(index.keys.values_mut()) {
                    *pos = self.shift.apply(*pos);
                }
            }
            index
        })
    }

    /// Where the value at `path` starts; falls back to the closest enclosing value, then to
    /// the top of the file, so every rule can name a position.
    pub fn value(&self, path: &str) -> Position {
        let index = self.index();
        let mut p = path;
        loop {
            if let Some(pos) = index.values.get(p) {
                return *pos;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => {
                    return index
                        .values
                        .get("")
                        .copied()
                        .unwrap_or(Position { line: 1, column: 1 });
                }
            }
        }
    }

    /// Where the key of the entry at `path` starts (falls back to its value).
    pub fn key(&self, path: &str) -> Position {
        self.index()
            .keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.value(path))
    }
}

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

/// Parses one YAML document. The event pass (yaml-rust2) runs first: it is linear and stops
/// at `MAX_DEPTH`, so serde_yaml only ever sees shallow, well-formed text.
fn parse_document<T: DeserializeOwned>(
    source: &SourceText,
    whole_file: bool,
) -> Result<Parsed<T>, Diagnostic> {
    let scanned = match scan(source, false) {
        Ok(scanned) => scanned,
        // Errors are rare: scan again, recording positions, for the exact one.
        Err(_) => match scan(source, true) {
            Ok(scanned) => scanned,
            Err(problem) => return Err(problem.into_diagnostic(source)),
        },
    };
    if whole_file && scanned.empty {
        return Err(Diagnostic::at(source, Position { line: 1, column: 1 }, "the file is empty")
            .with_hint("write what the file is meant to hold (a metrics file without data yet holds `{}`), or delete it"));
    }
    let value: T = serde_yaml::from_str(&source.text).map_err(|e| to_diagnostic(source, &e))?;
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

fn to_diagnostic(source: &SourceText, error: &serde_yaml::Error) -> Diagnostic {
    let position = error
        .location()
        .map(|l| source.position_of(l.index()))
        .unwrap_or(Position { line: 1, column: 1 });
    let raw = error.to_string();
    // serde_yaml appends " at line X column Y"; we print the position ourselves.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let hint = hint_for(&message);
    let message = if message.starts_with("EOF while parsing") || source.text.trim().is_empty() {
        "the file is empty".to_string()
    } else {
        message
    };
    Diagnostic::at(source, position, message).with_hint(hint)
}

/// A hint for the common serde_yaml messages: what the editor should do.
fn hint_for(message: &str) -> String {
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
enum Problem {
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
    fn into_diagnostic(self, source: &SourceText) -> Diagnostic {
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
fn marker_position(source: &SourceText, mark: &Marker) -> Position {
    Lines::new(source).clamp(*mark)
}

/// Turns yaml-rust2 marks into positions inside the text. yaml-rust2 counts lines as we do
/// (`\n`, `\r\n`, a lone `\r`) and columns in characters, but at the end of input it names
/// the line after the last one, and after a block scalar's line its column counts bytes.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Width in characters of the lines asked about so far.
    widths: HashMap<usize, usize>,
}

impl<'a> Lines<'a> {
    fn new(source: &'a SourceText) -> Self {
        Lines {
            text: &source.text,
            starts: source.line_starts().collect(),
            widths: HashMap::new(),
        }
    }

    fn clamp(&mut self, mark: Marker) -> Position {
        let (line, column) = (mark.line().max(1), mark.col() + 1);
        if line > self.starts.len() {
            let last = self.starts.len();
            return Position {
                line: last,
                column: self.width(last) + 1,
            };
        }
        Position {
            line,
            column: column.min(self.width(line) + 1),
        }
    }

    fn width(&mut self, line: usize) -> usize {
        let (text, starts) = (self.text, &self.starts);
        *self.widths.entry(line).or_insert_with(|| {
            let start = starts[line - 1];
            let end = starts.get(line).copied().unwrap_or(text.len());
            text[start..end]
                .trim_end_matches(['\n', '\r'])
                .chars()
                .count()
        })
    }
}

/// What the event pass found in a document it accepts.
struct Scanned {
    index: Index,
    /// The document is nothing, or only `null` / `~`.
    empty: bool,
}

/// Walks yaml-rust2's event stream, refusing syntax errors, repeated keys and too deep
/// nesting; with `record`, also indexes the position of each key and value by path.
fn scan(source: &SourceText, record: bool) -> Result<Scanned, Problem> {
    let mut recorder = SpanRecorder {
        lines: Lines::new(source),
        spans: Index::default(),
        record,
        has_root: false,
        stack: Vec::new(),
        problem: None,
        null_root: false,
    };
    let mut parser = Parser::new_from_str(&source.text);
    while recorder.problem.is_none() {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((event, mark)) => recorder.on_event(event, mark),
            // The scanner reads nested flow collections ahead of the events and gives up at
            // 255 levels.
            Err(e) if e.info().contains("recursion limit") => {
                return Err(Problem::TooDeep(marker_position(source, e.marker())));
            }
            Err(e) => return Err(Problem::Syntax(e)),
        }
    }
    match recorder.problem {
        Some(problem) => Err(problem),
        None => Ok(Scanned {
            empty: !recorder.has_root || recorder.null_root,
            index: recorder.spans,
        }),
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        seen: HashSet<String>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

struct SpanRecorder<'a> {
    lines: Lines<'a>,
    spans: Index,
    /// Index positions by path (else only check the document).
    record: bool,
    has_root: bool,
    stack: Vec<Frame>,
    problem: Option<Problem>,
    null_root: bool,
}

/// What a node is, as far as keys go: a plain key can repeat, a collection or alias used as
/// a key cannot be compared here.
enum Node<'a> {
    Scalar(&'a str),
    Other,
}

impl SpanRecorder<'_> {
    fn position(&mut self, mark: Marker) -> Position {
        self.lines.clamp(mark)
    }

    /// Decides what the next node is (a key, or a value at some path) and records it.
    /// Returns the node's path when it is a value.
    fn begin_node(&mut self, node: Node, pos: Position) -> Option<String> {
        let record = self.record;
        // Without recording, paths are never looked at: skip building them.
        let path_of = |path: &str, segment: &dyn std::fmt::Display| {
            if record {
                join(path, segment)
            } else {
                String::new()
            }
        };
        match self.stack.last_mut() {
            None => {
                self.has_root = true;
                Some(String::new())
            }
            Some(Frame::Map { path, key, seen }) => match key {
                None => {
                    let k = match node {
                        Node::Scalar(s) => s.to_string(),
                        Node::Other => "?".to_string(),
                    };
                    let full = path_of(path, &k);
                    if matches!(node, Node::Scalar(_)) && !seen.insert(k.clone()) {
                        let first = self.spans.keys.get(&full).copied().unwrap_or(pos);
                        self.problem.get_or_insert(Problem::DuplicateKey {
                            key: k.clone(),
                            first,
                            again: pos,
                        });
                    }
                    if record {
                        self.spans.keys.entry(full).or_insert(pos);
                        // yaml-rust2 starts a block mapping at its first `:`; the mapping
                        // really starts at its first key.
                        if let Some(start) = self.spans.values.get_mut(path.as_str()) {
                            *start = (*start).min(pos);
                        }
                    }
                    *key = Some(k);
                    None
                }
                Some(k) => Some(path_of(path, k)),
            },
            Some(Frame::Seq { path, index }) => Some(path_of(path, &*index)),
        }
    }

    fn record_value(&mut self, path: String, pos: Position) {
        if self.record {
            self.spans.values.entry(path).or_insert(pos);
        }
    }

    /// A value finished: the enclosing map expects a key again, a sequence moves on.
    fn end_value(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }

    fn on_event(&mut self, event: Event, mark: Marker) {
        let pos = self.position(mark);
        match event {
            Event::Scalar(text, style, ..) => {
                if let Some((_, c)) = hygiene::first_forbidden(&text) {
                    self.problem.get_or_insert(Problem::Forbidden(pos, c));
                }
                if self.stack.is_empty() && style == TScalarStyle::Plain {
                    self.null_root = matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL");
                }
                if let Some(path) = self.begin_node(Node::Scalar(&text), pos) {
                    self.record_value(path, pos);
                    self.end_value();
                }
            }
            Event::Alias(_) => {
                if let Some(path) = self.begin_node(Node::Other, pos) {
                    self.record_value(path, pos);
                    self.end_value();
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.problem.get_or_insert(Problem::TooDeep(pos));
                    return;
                }
                let is_map = matches!(event, Event::MappingStart(..));
                let path = match self.begin_node(Node::Other, pos) {
                    Some(path) => {
                        self.record_value(path.clone(), pos);
                        path
                    }
                    // A complex key: its content gets a path nobody asks for.
                    None => "?".to_string(),
                };
                self.stack.push(if is_map {
                    Frame::Map {
                        path,
                        key: None,
                        seen: HashSet::new(),
                    }
                } else {
                    Frame::Seq { path, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.end_value();
            }
            _ => {}
        }
    }
}

fn join(path: &str, segment: &dyn std::fmt::Display) -> String {
    if path.is_empty() {
        segment.to_string()
    } else {
        format!("{path}/{segment}")
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
