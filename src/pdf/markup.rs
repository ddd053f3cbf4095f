//! Writing Typst source that prints what users wrote literally. Every text from the site
//! (names, figures, notes, prose) goes in as a Typst string literal (`#"…"` in markup), the
//! one form in which no character is markup: `#`, `$`, `*`, `_`, `@`, `<`, `>`, `=`, `-`,
//! `+`, `/`, `[`, `]`, `~`, `` ` `` and quotes print as themselves, and only `\` and `"` need
//! an escape. Each literal remembers the file its text came from, so that what Typst or the
//! font check reports points at the content file, not at generated source.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Where a piece of the generated source came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: PathBuf,
    /// What the text is, in words (`the province's name`).
    pub what: &'static str,
}

/// Typst source being written, with the origin of each literal in it.
#[derive(Default)]
pub struct Writer {
    out: String,
    origins: Vec<(Range<usize>, Origin)>,
    /// Characters no bundled font can print, with where they came from (first of each).
    missing: Vec<(char, Origin)>,
}

impl Writer {
    /// Generated code, written by this crate (never text from the site).
    pub fn code(&mut self, code: &str) -> &mut Self {
        self.out.push_str(code);
        self
    }

    /// `text` as a string literal, in code position (an argument, a value), to be printed:
    /// each of its characters must have a glyph.
    pub fn str(&mut self, text: &str, file: &Path, what: &'static str) -> &mut Self {
        let origin = Origin {
            file: file.to_path_buf(),
            what,
        };
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            if !super::world::has_glyph(c) && !self.missing.iter().any(|(m, _)| *m == c) {
                self.missing.push((c, origin.clone()));
            }
        }
        self.data(text, file, what)
    }

    /// `text` as a string literal that is not printed (an attached file's bytes).
    pub fn data(&mut self, text: &str, file: &Path, what: &'static str) -> &mut Self {
        let origin = Origin {
            file: file.to_path_buf(),
            what,
        };
        let start = self.out.len();
        self.out.push_str(&string_literal(text));
        self.origins.push((start..self.out.len(), origin));
        self
    }

    /// `text` printed in markup position (`#"…"`).
    pub fn text(&mut self, text: &str, file: &Path, what: &'static str) -> &mut Self {
        if text.is_empty() {
            return self;
        }
        self.out.push('#');
        self.str(text, file, what)
    }

    /// The characters written so far that no bundled font can print, as errors.
    pub fn missing_glyphs(&self) -> Vec<Diagnostic> {
        missing_glyph_errors(&self.missing)
    }

    /// The source written so far.
    pub fn source(&self) -> &str {
        &self.out
    }

    pub fn into_parts(self) -> (String, Origins) {
        (
            self.out,
            Origins {
                spans: self.origins,
                missing: self.missing,
            },
        )
    }
}

/// What the source's literals came from.
#[derive(Debug, Default)]
pub struct Origins {
    spans: Vec<(Range<usize>, Origin)>,
    missing: Vec<(char, Origin)>,
}

impl Origins {
    /// The origin of the literal around byte `at` of the source, if any.
    pub fn at(&self, at: usize) -> Option<&Origin> {
        let i = self.spans.partition_point(|(r, _)| r.end <= at);
        self.spans
            .get(i)
            .filter(|(r, _)| r.start <= at)
            .map(|(_, o)| o)
    }

    /// One error per character the fonts lack: it would print as a box.
    pub fn missing_glyphs(&self) -> Vec<Diagnostic> {
        missing_glyph_errors(&self.missing)
    }
}

fn missing_glyph_errors(missing: &[(char, Origin)]) -> Vec<Diagnostic> {
    missing
        .iter()
        .map(|(c, o)| {
            Diagnostic::error(
                &o.file,
                format!(
                    "{} has the character {} (U+{:04X}), which the PDF's font (Noto Sans) \
                         cannot print",
                    o.what,
                    crate::terminal::terminal_safe(&c.to_string(), false),
                    *c as u32
                ),
            )
            .with_hint("replace it with a letter or sign the font has, or build with --no-pdf")
        })
        .collect()
}

/// `text` as a Typst string literal: `"…"` with `\`, `"` and control characters escaped.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_escapes_only_what_strings_need() {
        assert_eq!(string_literal("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(string_literal("#$*_@<>=-+/[]~`'"), "\"#$*_@<>=-+/[]~`'\"");
        assert_eq!(string_literal("x\ny\u{7}"), "\"x\\ny\\u{7}\"");
    }

    #[test]
    fn a_literal_knows_its_file_and_a_missing_glyph_is_an_error() {
        let mut w = Writer::default();
        w.code("#heading(");
        w.str(
            "Vĩnh Phúc 🙂",
            Path::new("content/provinces/vinh-phuc/index.md"),
            "the name",
        );
        w.code(")");
        let (src, origins) = w.into_parts();
        let at = src.find("Phúc").unwrap_or_default();
        let o = origins.at(at).map(|o| o.file.clone());
        assert_eq!(
            o,
            Some(PathBuf::from("content/provinces/vinh-phuc/index.md"))
        );
        assert!(origins.at(1).is_none());
        let errors = origins.missing_glyphs();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("U+1F642"),
            "{}",
            errors[0].message
        );
    }
}
