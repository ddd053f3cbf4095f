//! Source excerpts under a diagnostic: the line with a caret under the column and its
//! neighbours, drawn by miette. One renderer for every kind of file, so a Markdown error
//! deep in a long line of prose gets the same excerpt and caret as a YAML one: long lines
//! are cut to a window around the column. Everything shown is escaped (see
//! [`crate::terminal`]).

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::{Position, QUOTE_CHARS, Severity, SourceText};
use crate::terminal::terminal_safe;

/// The excerpt of `source` around `pos`, with a caret under the column (in colour on a
/// terminal), headed by `location`; None when miette cannot draw it.
pub(crate) fn draw(
    source: &SourceText,
    pos: Position,
    location: &str,
    severity: Severity,
    color: bool,
) -> Option<String> {
    let (shown, caret) = excerpt_lines(source, pos);
    let report = Excerpt {
        message: location.to_string(),
        hint: None,
        severity,
        source: NamedSource::new(
            terminal_safe(&source.path.display().to_string(), false),
            shown,
        ),
        span: SourceSpan::from((caret, 0)),
    };
    let mut out = String::new();
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .render_report(&mut out, &report)
        .ok()?;
    // miette's first line repeats the message that the plain lines already give; its header
    // names the position in the cut lines, so it is given the real one.
    let (_, excerpt) = out.split_once('\n')?;
    let excerpt = match (excerpt.find("─["), excerpt.find("]\n")) {
        (Some(open), Some(close)) if open < close => {
            format!("{}─[{location}{}", &excerpt[..open], &excerpt[close..])
        }
        _ => excerpt.to_string(),
    };
    Some(excerpt.trim_end().to_string())
}

/// How many characters of a long line the excerpt shows around the column.
const WINDOW_CHARS: usize = 100;

/// The text the excerpt draws, and the byte offset of the caret in it: the error's line and
/// its neighbours (the others left empty, so line numbers stay right), escaped, each cut to
/// the same window of `WINDOW_CHARS` around the column when the error's line is longer than
/// `2 * QUOTE_CHARS`. One renderer for every file: a YAML key and a column deep into a
/// paragraph of Markdown prose both get their excerpt and caret.
fn excerpt_lines(source: &SourceText, pos: Position) -> (String, usize) {
    let text = &source.text;
    let mut starts: Vec<usize> = source.line_starts().collect();
    // The empty "line" after a final line break is no line of the file.
    if starts.len() > 1 && starts.last() == Some(&text.len()) && pos.line < starts.len() {
        starts.pop();
    }
    let line_of = |i: usize| {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        text[starts[i]..end].trim_end_matches(['\n', '\r'])
    };
    let index = pos.line.saturating_sub(1).min(starts.len() - 1);
    let line = line_of(index);
    let column = pos.column.saturating_sub(1);
    let width = line.chars().count();
    let (from, to) = if width > 2 * QUOTE_CHARS {
        let from = column
            .saturating_sub(WINDOW_CHARS / 2)
            .min(width.saturating_sub(WINDOW_CHARS));
        (from, from + WINDOW_CHARS)
    } else {
        (0, usize::MAX)
    };
    // Characters `from..upto` of a line (within the window), escaped, `…` where cut before.
    let cut = |l: &str, upto: usize| {
        let mut out = String::new();
        if from > 0 && !l.is_empty() {
            out.push('…');
        }
        let part: String = l
            .chars()
            .skip(from)
            .take(upto.min(to).saturating_sub(from))
            .collect();
        out.push_str(&terminal_safe(&part, true));
        out
    };
    let mut shown = String::new();
    let mut caret = 0;
    for i in 0..starts.len() {
        if i + 1 >= index && i <= index + 1 {
            let l = line_of(i);
            if i == index {
                caret = shown.len() + cut(l, column).len();
            }
            shown.push_str(&cut(l, usize::MAX));
            if l.chars().count() > to {
                shown.push('…');
            }
        }
        shown.push('\n');
    }
    (shown, caret)
}

/// The miette view of a diagnostic: used only to draw the source excerpt.
#[derive(Debug)]
struct Excerpt {
    message: String,
    hint: Option<String>,
    severity: Severity,
    source: NamedSource<String>,
    span: SourceSpan,
}

impl fmt::Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Excerpt {}

impl miette::Diagnostic for Excerpt {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some("here".to_string()),
            self.span,
        ))))
    }
}
