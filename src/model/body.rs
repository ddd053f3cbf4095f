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
}

impl Page {
    /// The page's Markdown body and its translations'.
    pub fn bodies(&self) -> impl Iterator<Item = &Markdown> {
        std::iter::once(&self.body).chain(self.translations.iter().map(|(_, t)| &t.body))
    }
}
