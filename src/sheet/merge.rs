//! Merging imported observations into the text of a `metrics.yaml`, touching nothing else.
//!
//! A changed field has its scalar replaced where the YAML layer says it starts; a new field
//! is written on a line after the observation's `value`; a new observation is appended to
//! its indicator's list, a new indicator to the end of the file. Comments, blank lines,
//! order and the formatting of everything else stay as they were, and [`verify`] reads
//! the result back to prove it says what was meant.

use crate::content::raw::{RawMetrics, RawObservation};
use crate::diagnostic::SourceText;
use crate::model::{Qualifier, Status};
use crate::yaml::Spans;

use super::values::word_of;

/// What an imported row says about one observation (`None`: the sheet leaves it as it is).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Update {
    pub indicator: String,
    pub year: i64,
    pub status: Status,
    pub value: f64,
    pub qualifier: Option<Qualifier>,
    pub source: Option<String>,
    pub note: Option<String>,
    pub note_en: Option<String>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub from_year: Option<i64>,
    pub out_of: Option<i64>,
}

/// What an update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Changed,
    Unchanged,
}

/// Why an update cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A new observation without a source.
    NeedsSource,
    /// The indicator's list (or the whole file) is written in flow style (`[...]`, `{...}`).
    FlowStyle { line: usize },
}

/// The merged text, and per update what happened and where it now sits (`ict_revenue/3`).
#[derive(Debug)]
pub struct Merged {
    pub text: String,
    pub outcomes: Vec<Outcome>,
    pub paths: Vec<String>,
}

/// One replacement of `text[start..end]`; edits at the same offset apply in `rank` order.
struct Edit {
    start: usize,
    end: usize,
    rank: u8,
    text: String,
}

/// Merges `updates` into the metrics file `source` (parsed as `raw`, positions `spans`).
pub fn merge(
    source: &SourceText,
    raw: &RawMetrics,
    spans: &Spans,
    updates: &[Update],
) -> Result<Merged, Vec<(usize, Refusal)>> {
    let text = &source.text;
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut edits = Vec::new();
    let mut refusals = Vec::new();
    let mut outcomes = Vec::with_capacity(updates.len());
    let mut paths = Vec::with_capacity(updates.len());
    // New observations by indicator, in the order first met.
    let mut appended: Vec<(&str, Vec<usize>)> = Vec::new();
    let offset = |path: &str| source.offset_of(spans.value(path));
    for (u_i, u) in updates.iter().enumerate() {
        let existing = raw.get(&u.indicator).and_then(|obs| {
            obs.iter()
                .position(|o| o.year == u.year && o.status == u.status)
        });
        if let Some(i) = existing {
            let path = format!("{}/{i}", u.indicator);
            let changes = changes(&raw[&u.indicator][i], u);
            outcomes.push(if changes.is_empty() {
                Outcome::Unchanged
            } else {
                Outcome::Changed
            });
            // Asking for a position indexes them all: only when something changes.
            if !changes.is_empty() {
                let item = Item {
                    source,
                    nl,
                    spans,
                    path: &path,
                    flow: text[offset(&path)..].starts_with('{'),
                };
                edits.extend(
                    changes
                        .into_iter()
                        .map(|(key, scalar)| item.set(key, scalar)),
                );
            }
            paths.push(path);
            continue;
        }
        if u.source.is_none() {
            refusals.push((u_i, Refusal::NeedsSource));
        }
        let count = raw.get(&u.indicator).map_or(0, Vec::len);
        let slot = match appended.iter_mut().find(|(id, _)| *id == u.indicator) {
            Some((_, list)) => list,
            None => {
                appended.push((&u.indicator, Vec::new()));
                &mut appended.last_mut().expect("just pushed").1
            }
        };
        paths.push(format!("{}/{}", u.indicator, count + slot.len()));
        slot.push(u_i);
        outcomes.push(Outcome::Added);
    }
    let mut new_blocks = String::new();
    for (id, list) in &appended {
        let items: Vec<&Update> = list.iter().map(|&i| &updates[i]).collect();
        match raw.get_index_of(*id) {
            Some(at) => match append_items(source, raw, spans, at, &items, nl) {
                Ok(edit) => edits.push(edit),
                Err(r) => refusals.extend(list.iter().map(|&i| (i, r.clone()))),
            },
            None => {
                new_blocks.push_str(&format!("{id}:"));
                for u in &items {
                    new_blocks.push_str(nl);
                    new_blocks.push_str(&item_text(u, "  - ", nl));
                }
                new_blocks.push_str(nl);
            }
        }
    }
    if !new_blocks.is_empty() {
        match append_blocks(source, raw, spans, new_blocks, nl) {
            Ok(edit) => edits.push(edit),
            Err(r) => {
                for (id, list) in &appended {
                    if !raw.contains_key(*id) {
                        refusals.extend(list.iter().map(|&i| (i, r.clone())));
                    }
                }
            }
        }
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    Ok(Merged {
        text: apply(text, edits),
        outcomes,
        paths,
    })
}

/// The fields an update changes on an existing observation, as (key, YAML scalar).
fn changes(o: &RawObservation, u: &Update) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if o.value.to_bits() != u.value.to_bits() {
        out.push(("value", number(u.value)));
    }
    if let Some(s) = u.source.as_ref().filter(|s| **s != o.source) {
        out.push(("source", string(s)));
    }
    if let Some(q) = u.qualifier.filter(|q| *q != o.qualifier) {
        out.push(("qualifier", word_of(&q)));
    }
    if let Some(y) = u.from_year.filter(|y| Some(*y) != o.from_year) {
        out.push(("from_year", y.to_string()));
    }
    if let Some(n) = u.numerator.filter(|n| Some(*n) != o.numerator) {
        out.push(("numerator", number(n)));
    }
    if let Some(d) = u.denominator.filter(|d| Some(*d) != o.denominator) {
        out.push(("denominator", number(d)));
    }
    if let Some(n) = u.out_of.filter(|n| Some(*n) != o.out_of) {
        out.push(("out_of", n.to_string()));
    }
    if let Some(n) = u.note.as_ref().filter(|n| Some(*n) != o.note.as_ref()) {
        out.push(("note", string(n)));
    }
    if let Some(n) = u
        .note_en
        .as_ref()
        .filter(|n| Some(*n) != o.note_en.as_ref())
    {
        out.push(("note_en", string(n)));
    }
    out
}

/// An existing observation in the text.
struct Item<'a> {
    source: &'a SourceText,
    nl: &'a str,
    spans: &'a Spans,
    path: &'a str,
    /// Written as `{year: …, value: …}`.
    flow: bool,
}

impl Item<'_> {
    fn value_at(&self, path: &str) -> usize {
        self.source.offset_of(self.spans.value(path))
    }

    /// Replaces the scalar of `key`, or adds the key after `value`.
    fn set(&self, key: &str, scalar: String) -> Edit {
        let text = &self.source.text;
        let field = format!("{}/{key}", self.path);
        let start = self.value_at(&field);
        // A missing key falls back to the position of its observation.
        if start != self.value_at(self.path) {
            let key_at = self.source.offset_of(self.spans.key(&field));
            let key_indent = self.spans.key(&field).column.saturating_sub(1);
            let start = after_key(text, key_at).unwrap_or(start);
            return Edit {
                start,
                end: scalar_end(text, start, self.flow, key_indent),
                rank: 0,
                text: scalar,
            };
        }
        let value_path = format!("{}/value", self.path);
        let value_start = self.value_at(&value_path);
        if self.flow {
            let end = scalar_end(text, value_start, true, 0);
            return Edit {
                start: end,
                end,
                rank: 1,
                text: format!(", {key}: {scalar}"),
            };
        }
        let indent = self.spans.key(&value_path).column.saturating_sub(1);
        let end = line_end(text, value_start);
        Edit {
            start: end,
            end,
            rank: 1,
            text: format!("{}{}{key}: {scalar}", self.nl, " ".repeat(indent)),
        }
    }
}

/// Where the value of the key at `key` starts when it is on the key's line: just after
/// `: ` (the YAML layer places a block scalar at its first content line, past its `|`).
fn after_key(text: &str, key: usize) -> Option<usize> {
    let line = &text[key..line_end(text, key)];
    let colon = line
        .match_indices(':')
        .find(|(i, _)| matches!(line.as_bytes().get(i + 1), None | Some(b' ' | b'\t')))?
        .0;
    let rest = &line[colon + 1..];
    let start = colon + 1 + (rest.len() - rest.trim_start().len());
    (start < line.len() && !line[start..].starts_with('#')).then_some(key + start)
}

/// Where the scalar starting at `start` ends: a quoted string at its closing quote, a
/// block scalar (`|`, `>`) or a plain one at its last line indented past `key_indent`, a
/// plain scalar in a flow mapping at `,` `}` `]`; a comment is never part of it.
fn scalar_end(text: &str, start: usize, flow: bool, key_indent: usize) -> usize {
    let rest = &text[start..];
    let bytes = rest.as_bytes();
    match bytes.first() {
        Some(b'"') => {
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => return start + i + 1,
                    _ => i += 1,
                }
            }
            text.len()
        }
        Some(b'\'') => {
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return start + i + 1;
                }
                i += 1;
            }
            text.len()
        }
        Some(b'|' | b'>') => continued(text, line_end(text, start), key_indent, true),
        _ => {
            let first = line_end(text, start);
            let mut end = start + rest[..first - start].find(" #").unwrap_or(first - start);
            if flow {
                end = start
                    + rest[..end - start]
                        .find([',', '}', ']'])
                        .unwrap_or(end - start);
            }
            let end = start + rest[..end - start].trim_end().len();
            if flow || end < first {
                end
            } else {
                continued(text, end, key_indent, false)
            }
        }
    }
}

/// Extends a scalar ending at `end` over the following lines indented past `key_indent`
/// (blank lines inside included for block scalars).
fn continued(text: &str, mut end: usize, key_indent: usize, block: bool) -> usize {
    let mut at = end;
    while at < text.len() {
        let line_start = at + text[at..].find('\n').map_or(text.len() - at, |i| i + 1);
        if line_start >= text.len() {
            break;
        }
        let line_stop = line_end(text, line_start);
        let line = &text[line_start..line_stop];
        let indent = line.len() - line.trim_start_matches(' ').len();
        if line.trim().is_empty() {
            if !block {
                break;
            }
        } else if indent <= key_indent || (!block && line.trim_start().starts_with('#')) {
            break;
        } else {
            end = line_stop;
        }
        at = line_stop;
    }
    if block {
        end
    } else {
        // A plain scalar's line may end with a comment.
        let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[line_start..end];
        line_start
            + line
                .find(" #")
                .map_or(line.len(), |i| i)
                .min(line.trim_end().len())
    }
}

/// The offset of the end of the line holding `at` (before `\r\n` or `\n`).
fn line_end(text: &str, at: usize) -> usize {
    at + text[at..].find(['\n', '\r']).unwrap_or(text.len() - at)
}

/// Appends new observations to the list of the `at`-th indicator of the file.
fn append_items(
    source: &SourceText,
    raw: &RawMetrics,
    spans: &Spans,
    at: usize,
    items: &[&Update],
    nl: &str,
) -> Result<Edit, Refusal> {
    let text = &source.text;
    let (id, list) = raw.get_index(at).expect("index from get_index_of");
    let list_pos = spans.value(id);
    let list_start = source.offset_of(list_pos);
    if list.is_empty() || text[list_start..].starts_with('[') {
        return Err(Refusal::FlowStyle {
            line: list_pos.line,
        });
    }
    let first = source.offset_of(spans.value(&format!("{id}/0")));
    let line_start = text[..first].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let prefix = &text[line_start..first];
    let prefix = if !prefix.is_empty() && prefix.bytes().all(|b| b == b' ' || b == b'-') {
        prefix
    } else {
        "  - "
    };
    let stop = match raw.get_index(at + 1) {
        Some((next, _)) => {
            let key = source.offset_of(spans.key(next));
            text[..key].rfind(['\n', '\r']).map_or(0, |i| i + 1)
        }
        None => text.len(),
    };
    let end = last_content_end(text, stop);
    let mut out = String::new();
    for u in items {
        out.push_str(nl);
        out.push_str(&item_text(u, prefix, nl));
    }
    Ok(Edit {
        start: end,
        end,
        rank: 2,
        text: out,
    })
}

/// The end of the last line before `stop` that holds data: trailing blank lines and
/// comments at the start of a line (which introduce what follows) are skipped.
fn last_content_end(text: &str, stop: usize) -> usize {
    let mut end = stop;
    loop {
        let before = text[..end].trim_end_matches(['\n', '\r']);
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = &before[line_start..];
        if line_start == 0 || !(line.trim().is_empty() || line.starts_with('#')) {
            return before.len();
        }
        end = line_start;
    }
}

/// Adds new indicators' lists at the end of the file (in place of `{}` in an empty one).
fn append_blocks(
    source: &SourceText,
    raw: &RawMetrics,
    spans: &Spans,
    blocks: String,
    nl: &str,
) -> Result<Edit, Refusal> {
    let text = &source.text;
    let root_pos = spans.value("");
    let root = source.offset_of(root_pos);
    if text[root..].starts_with('{') {
        if !raw.is_empty() {
            return Err(Refusal::FlowStyle {
                line: root_pos.line,
            });
        }
        let close = root + text[root..].find('}').map_or(1, |i| i + 1);
        let blocks = blocks.strip_suffix(nl).unwrap_or(&blocks).to_string();
        return Ok(Edit {
            start: root,
            end: close,
            rank: 0,
            text: blocks,
        });
    }
    let sep = if text.is_empty() || text.ends_with('\n') || text.ends_with('\r') {
        ""
    } else {
        nl
    };
    Ok(Edit {
        start: text.len(),
        end: text.len(),
        rank: 3,
        text: format!("{sep}{blocks}"),
    })
}

/// A new observation as a block list item, fields in the order the docs show them.
fn item_text(u: &Update, prefix: &str, nl: &str) -> String {
    let indent = " ".repeat(prefix.chars().count());
    let mut lines = vec![
        format!("{prefix}year: {}", u.year),
        format!("value: {}", number(u.value)),
    ];
    if let Some(s) = &u.source {
        lines.push(format!("source: {}", string(s)));
    }
    if u.status != Status::Actual {
        lines.push(format!("status: {}", word_of(&u.status)));
    }
    if let Some(q) = u.qualifier.filter(|q| *q != Qualifier::Exact) {
        lines.push(format!("qualifier: {}", word_of(&q)));
    }
    let optional = [
        ("from_year", u.from_year.map(|y| y.to_string())),
        ("numerator", u.numerator.map(number)),
        ("denominator", u.denominator.map(number)),
        ("out_of", u.out_of.map(|n| n.to_string())),
        ("note", u.note.as_deref().map(string)),
        ("note_en", u.note_en.as_deref().map(string)),
    ];
    for (key, v) in optional {
        if let Some(v) = v {
            lines.push(format!("{key}: {v}"));
        }
    }
    let mut out = lines.remove(0);
    for line in lines {
        out.push_str(nl);
        out.push_str(&indent);
        out.push_str(&line);
    }
    out
}

/// Applies non-overlapping edits.
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.start, e.rank));
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut at = 0;
    for e in edits {
        // Edits never overlap; if one did, dropping it lets `verify` report the file
        // instead of corrupting it.
        if e.start < at {
            continue;
        }
        out.push_str(&text[at..e.start]);
        out.push_str(&e.text);
        at = e.end.max(at);
    }
    out.push_str(&text[at..]);
    out
}

/// A number as metrics.yaml writes it: `72120`, `45.212` (the shortest text that reads
/// back as the same number).
pub fn number(v: f64) -> String {
    format!("{v}")
}

/// A string scalar: plain when YAML reads it back as the same string, else double-quoted.
pub fn string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && s.chars().next().is_some_and(char::is_alphanumeric)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s
            .chars()
            .any(|c| c.is_control() || "{}[],&*!|>'\"%@`".contains(c))
        && s.parse::<f64>().is_err()
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
    }
}
