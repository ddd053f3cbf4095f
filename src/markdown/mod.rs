//! Markdown bodies with the two report extensions: chart blocks and inline values.
//!
//! A body is read once, during validation ([`parse`]): the pulldown-cmark event stream is
//! rewritten (```` ```chart ```` fences and `{{ value(...) }}` become typed embeds, raw HTML is
//! escaped unless the site allows it, unsafe link schemes are neutralised, `h2`/`h3` get ids)
//! and every content error is reported at its line. [`check_data`] then checks that each embed
//! has the figures it shows. Rendering ([`render`]) only fills the embeds with the renderer's
//! HTML (`Embeds`) and the base path into links written from the site's root
//! (`site_links`), so it cannot fail on content.

mod check;
#[cfg(test)]
mod growth_tests;
mod ids;
pub mod inline;
mod parse;
mod positions;
pub mod scheme;
mod site_links;
mod table_align;
mod tense;

pub use check::check_data;
pub use parse::{BodyEvent, Context, events, parse};
pub use site_links::{is_site_rooted, published};
pub use tense::undated_in;

use pulldown_cmark::Options;

use crate::diagnostic::{Position, SourceText};
use crate::model::{ChartBlock, Document, Embed, IndicatorRef, Year};

/// What the renderer supplies: HTML for charts and values. `None` (no data for it) leaves
/// the place empty; [`check_data`] has reported it before any page is rendered.
pub trait Embeds {
    fn chart(&self, block: &ChartBlock, number: usize) -> Option<String>;
    fn value(&self, indicator: IndicatorRef, year: Year) -> Option<String>;
    /// The site's base path (`/`, `/bao-cao/`): links written from the site's root go under it.
    fn base_path(&self) -> &str;
}

/// A link written in Markdown, with where it was written and the page it ended up on.
#[derive(Debug, Clone)]
pub struct MarkdownLink {
    pub source: SourceText,
    pub position: Position,
    pub url: String,
    /// The output path of the page the link is on (`tinh/vinh-phuc/index.html`).
    pub page: String,
}

/// The Markdown extensions the site's bodies use.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// The body as HTML, its charts and inline values drawn by `embeds`, its links from the
/// site's root put under the base path.
pub fn render(doc: &Document, embeds: &dyn Embeds) -> String {
    let mut html = String::with_capacity(doc.html_len() * 2);
    let mut charts = 0;
    for (piece, embed) in doc.pieces() {
        html.push_str(&site_links::fill_base_path(piece, embeds.base_path()));
        let filled = match embed {
            Some(Embed::Chart(block)) => {
                charts += 1;
                embeds.chart(block, charts)
            }
            Some(Embed::Value(v)) => embeds.value(v.indicator, v.year),
            None => None,
        };
        html.push_str(filled.as_deref().unwrap_or_default());
    }
    html
}
