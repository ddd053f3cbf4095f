//! A warning for prose that states a fact of its article's time as current: a present-tense
//! marker ("hiện nay", "currently", …) in a sentence that gives no date. Such a sentence goes
//! stale as soon as the article is old (promise 10); dating it or writing it in the past keeps
//! it true. Front matter (the summary) is read as prose too, one line per sentence.

use std::sync::LazyLock;

use crate::diagnostic::{Diagnostic, SourceText};
use crate::model::Markdown;

/// Markers that say "at present", lower case, matched as whole words in any case.
const MARKERS: &[&str] = &[
    "hiện nay",
    "đến nay",
    "hiện là",
    "hiện có",
    "hiện tại",
    "now",
    "currently",
    "today",
    "at present",
];

/// Each marker after its first letter: most characters start none, which one comparison
/// per marker tells.
static FIRST_LETTERS: LazyLock<Vec<(char, &str)>> = LazyLock::new(|| {
    MARKERS
        .iter()
        .filter_map(|m| Some((m.chars().next()?, *m)))
        .collect()
});

/// Words that make "hiện" part of another word ("thực hiện có" is "carries out", not
/// "currently has"), so the marker after them is no marker.
const HIEN_COMPOUNDS: &[&str] = &["thực", "thể", "xuất", "phát", "biểu", "hiển"];

/// Years that read as a date in a sentence.
const YEARS: std::ops::RangeInclusive<u32> = 1975..=2100;

/// One warning per present-tense marker without a date in its sentence, in each of
/// `bodies` in turn. A body's warnings depend on its text alone: validation finds them as
/// it reads each province (and the free pages), and the preview again only for the
/// provinces an edit re-read.
pub fn undated_in<'a>(bodies: impl IntoIterator<Item = &'a Markdown>) -> Vec<Diagnostic> {
    bodies
        .into_iter()
        .flat_map(|b| undated_markers(&b.source, b.body_offset))
        .collect()
}

/// The warnings of one file whose body starts at `body_offset` (front matter before it).
pub fn undated_markers(source: &SourceText, body_offset: usize) -> Vec<Diagnostic> {
    sentences(&source.text, body_offset)
        .into_iter()
        .flat_map(|(start, end)| {
            let sentence = &source.text[start..end];
            // Most sentences have no marker: their date is not looked for.
            let mut found = markers_in(sentence);
            if !found.is_empty() && has_date(sentence) {
                found.clear();
            }
            found
                .into_iter()
                .map(move |(at, marker)| (start + at, marker))
        })
        .map(|(at, marker)| {
            Diagnostic::at(
                source,
                source.position_of(at),
                format!("\"{marker}\" states a fact as current, but the sentence gives no date"),
            )
            .with_hint(
                "date the fact — 'tại thời điểm bài viết (10/2020)' / 'at the time of the \
                 article (10/2020)' — or write it in the past",
            )
            .as_warning()
        })
        .collect()
}

/// Byte ranges of the sentences of a file: front matter line by line; the body by blocks
/// (blank lines, headings, list items) cut after `.`, `!` or `?` before a space. Fenced code
/// (chart blocks) is no prose.
fn sentences(text: &str, body_offset: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut block: Option<(usize, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let (start, end) = (offset, offset + line.trim_end().len());
        offset += line.len();
        let trimmed = line.trim();
        if start < body_offset {
            out.push((start, end));
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            out.extend(block.take());
            continue;
        }
        if in_fence {
            continue;
        }
        let new_block = trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with("- ")
            || trimmed.starts_with("* ")
            || trimmed.starts_with('|');
        if new_block {
            out.extend(block.take());
        }
        if !trimmed.is_empty() {
            block = Some(block.map_or((start, end), |(s, _)| (s, end)));
        }
    }
    out.extend(block);
    out.into_iter()
        .flat_map(|(s, e)| split_sentences(text, s, e))
        .collect()
}

/// Cuts `text[start..end]` after each `.`, `!` or `?` followed by white space.
fn split_sentences(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let part = &text[start..end];
    let mut out = Vec::new();
    let mut from = 0;
    let mut chars = part.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') && chars.peek().is_some_and(|(_, n)| n.is_whitespace()) {
            out.push((start + from, start + i + 1));
            from = i + 1;
        }
    }
    out.push((start + from, end));
    out
}

/// Whether the sentence's own words hold a year of [`YEARS`] (alone or in a month/year
/// such as `10/2020`): a run of exactly four digits. The `year=` of an inline value is no
/// date of the sentence: "Đến nay, tỉnh có {{ value(…, year=2024) }}" still says "to this day".
fn has_date(sentence: &str) -> bool {
    without_embeds(sentence)
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .filter_map(|run| run.parse::<u32>().ok())
        .any(|y| YEARS.contains(&y))
}

/// The sentence with every `{{ … }}` left out.
fn without_embeds(sentence: &str) -> String {
    let mut out = String::new();
    let mut rest = sentence;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        out.push(' ');
        rest = rest[open..]
            .find("}}")
            .map_or("", |close| &rest[open + close + 2..]);
    }
    out.push_str(rest);
    out
}

/// Every marker of the sentence as a whole word: its byte offset and its text as written.
fn markers_in(sentence: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut before: Option<char> = None;
    for (at, c) in sentence.char_indices() {
        let previous = before.replace(c);
        // Each character is lowered once, to find the markers that could start at it; the
        // word boundary is looked up only where one does.
        let Some(first) = lowered(c) else { continue };
        for &(_, marker) in FIRST_LETTERS.iter().filter(|(f, _)| *f == first) {
            let Some(len) = match_len(&sentence[at..], marker) else {
                continue;
            };
            if previous.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let after = sentence[at + len..].chars().next();
            if after.is_some_and(char::is_alphanumeric) || hien_compound(&sentence[..at], marker) {
                continue;
            }
            found.push((at, &sentence[at..at + len]));
        }
    }
    found
}

/// `c` in lower case when that is one character, as [`match_len`] compares them.
fn lowered(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => Some(l),
        _ => None,
    }
}

/// The byte length of `marker` at the start of `text`, compared case-insensitively.
fn match_len(text: &str, marker: &str) -> Option<usize> {
    let mut len = 0;
    let mut chars = text.chars();
    for m in marker.chars() {
        let c = chars.next()?;
        if !c.to_lowercase().eq(std::iter::once(m)) {
            return None;
        }
        len += c.len_utf8();
    }
    Some(len)
}

/// Whether `marker` starts with "hiện" and the word before it makes a compound with it.
fn hien_compound(before: &str, marker: &str) -> bool {
    if !marker.starts_with("hiện") {
        return false;
    }
    let word = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    HIEN_COMPOUNDS
        .iter()
        .any(|w| match_len(word, w).is_some_and(|l| l == word.len()))
}

#[cfg(test)]
#[path = "tense_tests.rs"]
mod tests;
