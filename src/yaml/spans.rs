//! Where every key and value of a YAML document sits: an event-level pass (yaml-rust2) that
//! also refuses what serde_yaml would take too long over or silently accept (repeated keys,
//! deep nesting, forbidden characters).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::MAX_DEPTH;
use super::de::{Document, Event as DocEvent, Scalar, full_tag};
use super::errors::{Problem, marker_position};
use crate::diagnostic::{Position, SourceText};
use crate::hygiene;

/// Positions of the values of one YAML document, by path (`ict_revenue/0/year`), indexed
/// from the text on first use.
#[derive(Debug, Clone)]
pub struct Spans {
    pub(super) source: SourceText,
    /// Where the document sits in its file (a block embedded in Markdown starts inside it).
    pub(super) shift: Shift,
    pub(super) index: OnceLock<Index>,
}

/// How far an embedded document sits inside its file: the lines above it and its indent.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct Shift {
    pub(super) lines: usize,
    pub(super) columns: usize,
}

impl Shift {
    pub(super) fn apply(self, p: Position) -> Position {
        Position {
            line: p.line + self.lines,
            column: p.column + self.columns,
        }
    }
}

#[derive(Debug, Default, Clone)]
pub(super) struct Index {
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

    /// The same positions, not yet indexed: a copy that is kept long (beyond its file's
    /// raw values) costs nothing until a rule asks for a position.
    pub fn unindexed(&self) -> Spans {
        Spans {
            source: self.source.clone(),
            shift: self.shift,
            index: OnceLock::new(),
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

/// Turns yaml-rust2 marks into positions inside the text. yaml-rust2 counts lines as we do
/// (`\n`, `\r\n`, a lone `\r`) and columns in characters, but at the end of input it names
/// the line after the last one, and after a block scalar's line its column counts bytes.
pub(super) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Width in characters of each line asked about so far, by line index (a vector, not a
    /// hash map: every event of a document asks, and hashing cost more than counting).
    widths: Vec<Option<usize>>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(source: &'a SourceText) -> Self {
        let starts: Vec<usize> = source.line_starts().collect();
        Lines {
            text: &source.text,
            widths: vec![None; starts.len()],
            starts,
        }
    }

    pub(super) fn clamp(&mut self, mark: Marker) -> Position {
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

    /// Where the block scalar whose content starts at `content` starts: at its `|` or `>`
    /// (as libyaml, and so serde_yaml's messages, say), on the last line above its content
    /// that is not blank. yaml-rust2 names the content.
    pub(super) fn block_header(&self, content: Position) -> Position {
        let line_text = |line: usize| {
            let start = self.starts[line - 1];
            let end = self.starts.get(line).copied().unwrap_or(self.text.len());
            &self.text[start..end]
        };
        let Some(line) = (1..content.line.min(self.starts.len() + 1))
            .rev()
            .find(|&l| !line_text(l).trim().is_empty())
        else {
            return content;
        };
        let text = line_text(line);
        let is_header_end = |rest: &str| {
            let rest = rest
                .trim_start_matches(['-', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
            let rest = rest.trim_start();
            rest.is_empty() || rest.starts_with('#')
        };
        text.char_indices()
            .filter(|&(i, c)| matches!(c, '|' | '>') && is_header_end(&text[i + 1..]))
            .map(|(i, _)| Position {
                line,
                column: text[..i].chars().count() + 1,
            })
            .next()
            .unwrap_or(content)
    }

    fn width(&mut self, line: usize) -> usize {
        if let Some(Some(known)) = self.widths.get(line - 1) {
            return *known;
        }
        let start = self.starts[line - 1];
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        let width = self.text[start..end]
            .trim_end_matches(['\n', '\r'])
            .chars()
            .count();
        if let Some(slot) = self.widths.get_mut(line - 1) {
            *slot = Some(width);
        }
        width
    }
}

/// What the event pass found in a document it accepts.
pub(super) struct Scanned {
    pub(super) index: Index,
    /// The events, when asked for: what the typed values are read from.
    pub(super) document: Option<Document>,
    /// The document is nothing, or only `null` / `~`.
    pub(super) empty: bool,
}

/// Walks yaml-rust2's event stream, refusing syntax errors, repeated keys and too deep
/// nesting; with `record`, also indexes the position of each key and value by path.
pub(super) fn scan(source: &SourceText, record: bool) -> Result<Scanned, Problem> {
    scan_with(source, record, None)
}

/// [`scan`], keeping the document's events for [`Document::deserialize`]: the one pass
/// over the text that both checks it and gives its typed values.
pub(super) fn scan_events(source: &SourceText) -> Result<Scanned, Problem> {
    scan_with(source, false, Some(Document::default()))
}

fn scan_with(
    source: &SourceText,
    record: bool,
    document: Option<Document>,
) -> Result<Scanned, Problem> {
    let mut recorder = SpanRecorder {
        lines: Lines::new(source),
        spans: Index::default(),
        record,
        document,
        documents: 0,
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
    if let Some(document) = &mut recorder.document {
        document.end_at(source.position_of(source.text.len()));
    }
    match recorder.problem {
        Some(problem) => Err(problem),
        None => Ok(Scanned {
            empty: !recorder.has_root || recorder.null_root,
            index: recorder.spans,
            document: recorder.document,
        }),
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        seen: HashSet<String>,
        /// Where its start is among the recorded events.
        event: usize,
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
    /// The events, when they are kept.
    document: Option<Document>,
    /// Documents started so far.
    documents: usize,
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
            Some(Frame::Map {
                path,
                key,
                seen,
                event,
            }) => match key {
                None => {
                    if let Some(document) = &mut self.document {
                        document.start_mapping_at(*event, pos);
                    }
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
            Event::Scalar(text, style, anchor, tag) => {
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
                if let Some(document) = &mut self.document {
                    let pos = match style {
                        TScalarStyle::Literal | TScalarStyle::Folded => {
                            self.lines.block_header(pos)
                        }
                        _ => pos,
                    };
                    let tag = full_tag(tag);
                    let (value, style) = (text, style);
                    document.push(DocEvent::Scalar(Scalar { value, style, tag }), anchor, pos);
                }
            }
            Event::Alias(id) => {
                if let Some(path) = self.begin_node(Node::Other, pos) {
                    self.record_value(path, pos);
                    self.end_value();
                }
                if let Some(document) = &mut self.document {
                    document.push_alias(id, pos);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.problem.get_or_insert(Problem::TooDeep(pos));
                    return;
                }
                let is_map = matches!(event, Event::MappingStart(..));
                let at_event = self.document.as_ref().map_or(0, |d| d.events.len());
                if let Some(document) = &mut self.document {
                    match event {
                        Event::MappingStart(anchor, tag) => {
                            document.push(DocEvent::MappingStart(full_tag(tag)), anchor, pos);
                        }
                        Event::SequenceStart(anchor, tag) => {
                            document.push(DocEvent::SequenceStart(full_tag(tag)), anchor, pos);
                        }
                        _ => {}
                    }
                }
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
                        event: at_event,
                    }
                } else {
                    Frame::Seq { path, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(document) = &mut self.document {
                    let end = match event {
                        Event::MappingEnd => DocEvent::MappingEnd,
                        _ => DocEvent::SequenceEnd,
                    };
                    document.push(end, 0, pos);
                }
                self.stack.pop();
                self.end_value();
            }
            Event::DocumentStart => {
                self.documents += 1;
                if let (Some(document), true) = (&mut self.document, self.documents > 1) {
                    document.another_document();
                }
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
