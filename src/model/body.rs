//! A page's Markdown body as validation leaves it: HTML already made from the Markdown, with
//! the places where a chart block or an inline value goes, each resolved to an indicator
//! (and a year). Rendering only fills those places with figures, so it cannot meet a content
//! error; the preview asks a body which charts it embeds instead of reading it again.

use super::{IndicatorRef, Page, Province, Year};
use crate::diagnostic::{Position, SourceText};

/// The chart type a block asks for, by the name the chart registry gives it (`line`,
/// `bar`, …): the reader of bodies accepts only registered names, pages draw it through
/// the registry (`crate::chart::block_type`). It also keeps whether the type shows every
/// province, which the page registry needs and the model cannot ask the charts above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BlockChartType {
    name: &'static str,
    every_province: bool,
}

impl BlockChartType {
    /// The type registered as `name`; `every_province` when it compares every province.
    pub fn new(name: &'static str, every_province: bool) -> Self {
        Self {
            name,
            every_province,
        }
    }

    /// The name written after `type:` in a block.
    pub fn name(self) -> &'static str {
        self.name
    }

    /// Whether the chart shows every province's figures (a comparison), so that a page
    /// embedding it changes with any province.
    pub fn shows_every_province(self) -> bool {
        self.every_province
    }
}

/// A chart block (```` ```chart ````) naming an indicator of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartBlock {
    pub indicator: IndicatorRef,
    pub chart_type: BlockChartType,
    pub title: Option<String>,
    /// Where the indicator is written, for a located error when there is no data for it.
    pub at: Position,
}

/// An inline value (`{{ value(indicator="…", year=2019) }}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InlineValue {
    pub indicator: IndicatorRef,
    pub year: Year,
    /// Where the year is written, for a located error when there is no value for it.
    pub at: Position,
}

/// What a body embeds between its pieces of HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Embed {
    Chart(ChartBlock),
    Value(InlineValue),
}

/// A body in typed form: `html[0]`, then `embeds[0]`, then `html[1]`, and so on (one more
/// piece of HTML than embeds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    html: Vec<String>,
    embeds: Vec<Embed>,
    /// The ids given to the body's headings, for anchor checks.
    pub anchors: Vec<String>,
    /// Links to other places of the site (no scheme), with where they were written.
    pub links: Vec<(String, Position)>,
}

impl Default for Document {
    fn default() -> Self {
        Self {
            html: vec![String::new()],
            embeds: Vec::new(),
            anchors: Vec::new(),
            links: Vec::new(),
        }
    }
}

impl Document {
    /// A document from its pieces; `html` must have exactly one piece more than `embeds`.
    /// The pieces are shrunk to fit: a site keeps every body for the whole build, and HTML
    /// written by pushing holds up to twice its length.
    pub fn new(
        mut html: Vec<String>,
        mut embeds: Vec<Embed>,
        mut anchors: Vec<String>,
        mut links: Vec<(String, Position)>,
    ) -> Option<Self> {
        html.iter_mut().for_each(String::shrink_to_fit);
        html.shrink_to_fit();
        embeds.shrink_to_fit();
        anchors.shrink_to_fit();
        links.shrink_to_fit();
        (html.len() == embeds.len() + 1).then_some(Self {
            html,
            embeds,
            anchors,
            links,
        })
    }

    /// The HTML pieces, each followed by the embed at the same index (the last by none).
    pub fn pieces(&self) -> impl Iterator<Item = (&str, Option<&Embed>)> {
        self.html
            .iter()
            .enumerate()
            .map(|(i, h)| (h.as_str(), self.embeds.get(i)))
    }

    pub fn embeds(&self) -> &[Embed] {
        &self.embeds
    }

    /// The chart blocks, in the order they appear.
    pub fn charts(&self) -> impl Iterator<Item = &ChartBlock> {
        self.embeds.iter().filter_map(|e| match e {
            Embed::Chart(c) => Some(c),
            Embed::Value(_) => None,
        })
    }

    /// The length of the HTML without its embeds, to size the page buffer.
    pub fn html_len(&self) -> usize {
        self.html.iter().map(String::len).sum()
    }
}

/// The Markdown of a page: its file (for located errors and draft checks) and its typed body.
#[derive(Debug, Clone)]
pub struct Markdown {
    pub source: SourceText,
    pub body_offset: usize,
    pub doc: Document,
}

impl Markdown {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }

    /// Keeps of the source only the lines a diagnostic made after the publish step can
    /// quote: those of the body's links and embeds, each with the lines around it (an
    /// excerpt shows them). Every other line is left empty, its line break kept, so every
    /// position stays right. A build without the PDF edition reads the prose no further once
    /// it is published and checked; at 10,000 provinces the full texts are about 31 MB.
    pub fn keep_quoted_lines(&mut self) {
        let mut quoted: Vec<usize> = (self.doc.links.iter().map(|(_, at)| at.line))
            .chain(self.doc.embeds.iter().map(|e| match e {
                Embed::Chart(c) => c.at.line,
                Embed::Value(v) => v.at.line,
            }))
            .collect();
        quoted.sort_unstable();
        // Lines are counted from 1; an excerpt shows the one before and the one after.
        let kept = |line: usize| {
            let i = quoted.partition_point(|&q| q + 1 < line);
            quoted.get(i).is_some_and(|&q| q <= line + 1)
        };
        let text = &self.source.text;
        let mut starts: Vec<usize> = self.source.line_starts().collect();
        starts.push(text.len());
        let mut thin = String::new();
        let mut body_offset = self.body_offset;
        for (i, pair) in starts.windows(2).enumerate() {
            let line = &text[pair[0]..pair[1]];
            let content = line.trim_end_matches(['\n', '\r']);
            if (pair[0]..pair[1]).contains(&self.body_offset) {
                let within = self.body_offset - pair[0];
                body_offset = thin.len() + if kept(i + 1) { within } else { 0 };
            }
            thin.push_str(if kept(i + 1) {
                line
            } else {
                &line[content.len()..]
            });
        }
        if self.body_offset >= text.len() {
            body_offset = thin.len();
        }
        self.source = SourceText::new(self.source.path.clone(), thin);
        self.body_offset = body_offset;
    }
}

impl super::Site {
    /// Every body of the site keeps only the lines a later diagnostic can quote
    /// ([`Markdown::keep_quoted_lines`]): for a build that renders no PDF, once published.
    pub fn keep_quoted_lines(&mut self) {
        let provinces = self.provinces.iter_mut().flat_map(Province::bodies_mut);
        let pages = self.pages.iter_mut().flat_map(Page::bodies_mut);
        provinces.chain(pages).for_each(Markdown::keep_quoted_lines);
    }
}

impl Province {
    /// Every Markdown body of the province: its own, its translations', then each earlier
    /// edition's with its translations. The one list of what a province has written, for
    /// the checks of its prose (validation reads them as the province is read).
    pub fn bodies(&self) -> impl Iterator<Item = &Markdown> {
        let own = std::iter::once(&self.body).chain(self.translations.iter().map(|(_, t)| &t.body));
        let editions = self.editions.iter().flat_map(|e| {
            std::iter::once(&e.body).chain(e.translations.iter().map(|(_, t)| &t.body))
        });
        own.chain(editions)
    }

    /// [`Province::bodies`], to change them.
    pub fn bodies_mut(&mut self) -> impl Iterator<Item = &mut Markdown> {
        let own = std::iter::once(&mut self.body)
            .chain(self.translations.iter_mut().map(|(_, t)| &mut t.body));
        let editions = self.editions.iter_mut().flat_map(|e| {
            std::iter::once(&mut e.body).chain(e.translations.iter_mut().map(|(_, t)| &mut t.body))
        });
        own.chain(editions)
    }
}

impl Page {
    /// The page's Markdown body and its translations'.
    pub fn bodies(&self) -> impl Iterator<Item = &Markdown> {
        std::iter::once(&self.body).chain(self.translations.iter().map(|(_, t)| &t.body))
    }

    /// [`Page::bodies`], to change them.
    pub fn bodies_mut(&mut self) -> impl Iterator<Item = &mut Markdown> {
        std::iter::once(&mut self.body)
            .chain(self.translations.iter_mut().map(|(_, t)| &mut t.body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn markdown(text: &str, body_offset: usize, links: &[usize]) -> Markdown {
        let at = |line| Position { line, column: 3 };
        let links = links.iter().map(|&l| ("/x/".to_string(), at(l))).collect();
        Markdown {
            source: SourceText::new("a.md", text),
            body_offset,
            doc: Document::new(vec![String::new()], Vec::new(), Vec::new(), links)
                .unwrap_or_default(),
        }
    }

    /// The lines of a link and its neighbours stay, in place; the others are emptied, line
    /// breaks (`\n`, `\r\n`, a lone `\r`) kept, so a position means the same before and after.
    #[test]
    fn only_the_quoted_lines_are_kept_in_place() {
        let text = "---\nname: A\n---\none\r\ntwo\nthree [x](/x/)\rfour\nfive\nsix\n";
        let mut md = markdown(text, 16, &[6]);
        let quoted = Position { line: 6, column: 7 };
        let before = Diagnostic::at(&md.source, quoted, "broken").render_terminal(false);
        md.keep_quoted_lines();
        assert_eq!(
            &*md.source.text,
            "\n\n\n\r\ntwo\nthree [x](/x/)\rfour\n\n\n"
        );
        assert_eq!(md.body(), "\r\ntwo\nthree [x](/x/)\rfour\n\n\n");
        let after = Diagnostic::at(&md.source, quoted, "broken").render_terminal(false);
        assert_eq!(before, after);
        assert!(after.contains("three [x](/x/)"), "{after}");
        // A body without links or embeds keeps its line breaks alone.
        let mut plain = markdown("a\nb\n", 2, &[]);
        plain.keep_quoted_lines();
        assert_eq!((&*plain.source.text, plain.body()), ("\n\n", "\n"));
    }

    /// A build without PDFs keeps only the quoted lines of the bundled site's prose once it
    /// is published; `check`, the preview and a build with PDFs keep every text.
    #[test]
    fn a_build_without_pdfs_thins_the_published_prose() {
        use crate::pipeline::{Mode, Pipeline, Prepared};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let total = |mode: Mode, pdf: bool| {
            let pipeline = Pipeline::new(root, mode).with_pdf(pdf);
            let (prepared, mut diags) = pipeline.prepare();
            let Some(Prepared { site, theme }) = prepared else {
                panic!("{diags:?}");
            };
            let published = pipeline.publish(site, &theme, &mut diags);
            let bodies = published.site.bodies();
            let lines: usize = bodies
                .iter()
                .map(|(b, _)| b.source.line_starts().count())
                .sum();
            let bytes: usize = bodies.iter().map(|(b, _)| b.source.text.len()).sum();
            (lines, bytes)
        };
        let (lines, full) = total(Mode::Check, false);
        assert!(lines >= 100 && full > 10_000, "{lines} {full}");
        assert_eq!(total(Mode::Preview, false), (lines, full));
        if cfg!(feature = "pdf") {
            assert_eq!(total(Mode::Build, true), (lines, full));
        }
        // Every line is still there (positions keep their meaning), most of them emptied.
        let (built, thin) = total(Mode::Build, false);
        assert_eq!(built, lines);
        assert!(thin * 3 < full * 2, "{thin} of {full}");
    }
}
