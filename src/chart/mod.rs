//! Charts as accessible, self-contained SVG, each with the data table it was drawn from.
//!
//! Use this when a page shows figures graphically: a province's time series (`line`), all
//! provinces on one indicator (`comparison`, `multi_line`), the parts of a whole (`parts`), a
//! share against its target (`progress`), a province's shares of one topic (`shares`), the
//! tiny trend on a home-page card (`sparkline`) and a tile-grid map of Vietnam
//! (`tile_map`). Every function returns `None` when there is too little data for that
//! chart, never a half-empty picture.
//!
//! A [`Chart`] carries the SVG, a title, a one-sentence description in the site's language
//! (also the SVG's `<desc>`) and a [`DataTable`] with the same formatted numbers, so the page
//! can offer the figures as text; [`figure_html`] renders all of it as a `<figure>`.
//! Numbers are formatted by `crate::format`, so `3.566`, `45,212` and `98,3%` look the same
//! in charts, tables and text.
//!
//! The SVG holds geometry and meaning; the theme's chart stylesheet (`charts.css`, see
//! [`ChartStyle`]) gives it colours, line widths and the font, so a page styles all its charts once and the
//! dark scheme only swaps variables. Every layer is a `<g>` with classes the CSS selects:
//! `grid`, `axis`, `legend`, `legend-key`, `value-labels` and `labels` (text, `on-bar`
//! inside a bar), `line`, `p` (a hollow point with its tooltip), `bar`, `row-highlight`,
//! `track` and `target`, combined with `series-N`, `actual`, `estimate`, `derived`,
//! `whole`, `neutral` and `highlight`; elements add `bg` (the background colour: the
//! chart's background, a hollow marker's inside), `ol` (an outline) and `start`/`middle`/
//! `end` when their text anchor is not their group's `text-anchor`. Markup has no
//! whitespace between elements.
//!
//! Colour means province: a province is drawn in [`series_colour`] of its position in the
//! site's province list ([`province_series`]) in every chart, with class `series-N` (N below
//! [`SERIES_COLOURS`]) and `data-province` on its marks; a line's series is one group that
//! names them once for its line and points (a stated point is a bare marker: its value is
//! in the value labels and the page's data table). Estimates are lighter (bars) or hollow
//! and dashed (points and lines), and the legend says so.
//!
//! Every chart is drawn 360 units wide with 14-unit text, for a theme that shows
//! it between a phone's column and `25.5rem`: text then reads at 11 to 16 CSS px.

mod backend;
mod bar_rows;
mod bars;
mod element;
mod frame;
mod html;
mod label;
mod line;
mod multi;
mod parts;
mod progress;
mod scale;
mod series;
mod shares;
mod standalone;
mod style;
mod svg;
mod text;
mod tile_grid;
mod tilemap;
mod types;

pub use bars::{Comparison, comparison_highlighting};
pub use html::figure_html;
pub use line::Line;
pub use multi::MultiLine;
pub use parts::Parts;
pub use progress::Progress;
pub use standalone::{sources_line, standalone_svg};
pub use style::{CHARTS_CSS, ChartStyle};
pub use tile_grid::{Era, Grid, Tile, grid as map_grid};
pub use tilemap::TileMap;
pub use tilemap::{era as map_era, tile_map_provinces};
pub use types::{ChartType, Depends, Subject};

use crate::i18n::I18n;
use crate::model::Lang;
use crate::model::{IndicatorRef, Observation, Province, Series, Site, Source, SourceRef};

/// Every chart type, once: a new type is its own file and a line here. Blocks find theirs
/// by [`ChartType::block_name`], in this order (the order an error lists them in).
pub static CHART_TYPES: [&dyn ChartType; 6] =
    [&Line, &Comparison, &Parts, &Progress, &MultiLine, &TileMap];

/// The chart type a ```` ```chart ```` block names with `type: name`.
pub fn block_type(name: &str) -> Option<&'static dyn ChartType> {
    CHART_TYPES
        .iter()
        .copied()
        .find(|t| t.block_name() == Some(name))
}

/// What a body records of the chart type `t` when a block names it: its name and whether it
/// compares every province.
pub fn block_chart_type(t: &dyn ChartType) -> Option<crate::model::BlockChartType> {
    let every = t.depends() == Depends::EveryProvince;
    t.block_name()
        .map(|n| crate::model::BlockChartType::new(n, every))
}

/// The names a block may give, in registry order.
pub fn block_names() -> &'static [&'static str] {
    static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| CHART_TYPES.iter().filter_map(|t| t.block_name()).collect())
}

/// How many charts this thread has begun to draw (tests only).
#[cfg(test)]
pub(crate) fn canvases_made() -> usize {
    svg::CANVASES.with(std::cell::Cell::get)
}

/// How many colours the province palette has; province `i` gets colour `i % SERIES_COLOURS`.
pub const SERIES_COLOURS: usize = svg::colour::SERIES.len();

/// The light-scheme colour (`#rrggbb`) of palette entry `index` (taken modulo
/// [`SERIES_COLOURS`]); the theme's `--chart-N` holds the same colours (`N = index + 1`).
pub fn series_colour(index: usize) -> String {
    let c = svg::colour::series(index);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// The width the chart code estimates for `text` at `size` px, regular weight: what it
/// lays labels out by, so a test can check that every label stays inside its chart.
pub fn text_width(text: &str, size: f64) -> f64 {
    text::width(text, size)
}

/// A province's palette index: its position in the site's province list (sorted by slug), so
/// every chart of the site draws it in the same colour. In a build that list is the
/// published one (drafts are out before rendering), so a draft never shifts another
/// province's colour. 0 for a province not in the list.
pub fn province_series(site: &Site, province: &Province) -> usize {
    site.provinces
        .iter()
        .position(|p| p.slug == province.slug)
        .unwrap_or(0)
}

/// What a chart shows; also its CSS class (`chart-line`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Line,
    MultiLine,
    Comparison,
    Parts,
    Progress,
    Sparkline,
    TileMap,
    Shares,
}

impl ChartKind {
    pub fn class(self) -> &'static str {
        match self {
            ChartKind::Line => "chart-line",
            ChartKind::MultiLine => "chart-multi-line",
            ChartKind::Comparison => "chart-comparison",
            ChartKind::Parts => "chart-parts",
            ChartKind::Progress => "chart-progress",
            ChartKind::Sparkline => "chart-sparkline",
            ChartKind::TileMap => "chart-tilemap",
            ChartKind::Shares => "chart-shares",
        }
    }
}

/// A rendered chart with its text equivalents.
#[derive(Debug, Clone)]
pub struct Chart {
    pub kind: ChartKind,
    /// The id prefix given by the caller, made safe: the SVG uses `{id}-t`, `{id}-d`.
    pub id: String,
    pub lang: Lang,
    /// A complete `<svg>` element with `viewBox` and no width or height.
    pub svg: String,
    /// What the chart draws, without its root element, `<title>` and `<desc>`: the layers a
    /// standalone file (or a PDF) puts under a root of its own.
    pub body: String,
    /// The width and height of its `viewBox`.
    pub size: (u32, u32),
    pub title: String,
    /// One sentence saying what the chart shows (first and last value, change).
    pub description: String,
    pub table: DataTable,
}

impl Chart {
    /// The SVG as a page inlines it: without the namespace an HTML parser supplies.
    pub fn inline_svg(&self) -> String {
        let (open, rest) = svg::inline(&self.svg);
        format!("{open}{rest}")
    }
}

/// The figures behind a chart, already formatted.
#[derive(Debug, Clone, Default)]
pub struct DataTable {
    pub caption: String,
    /// What the disclosure around the table says (`Bảng số liệu`).
    pub summary: String,
    /// What precedes the list of sources (`Nguồn`).
    pub sources_label: String,
    pub columns: Vec<Column>,
    /// One cell per column; the first cell of a row names it (a year, a province).
    pub rows: Vec<Vec<String>>,
    /// The sources cited in the rows (`[n]` cells), in citation-number order.
    pub sources: Vec<Citation>,
    /// What a reader must know before comparing the rows (their scopes differ); shown
    /// with the caption, not in a collapsed note.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub label: String,
    /// Right-aligned (values).
    pub numeric: bool,
}

impl DataTable {
    /// A table whose columns are dropped when every row leaves them empty (a note column
    /// without notes). Columns are given as interface string keys and whether they are
    /// numeric.
    fn new(
        cx: Context,
        caption: String,
        columns: &[(&'static str, bool)],
        rows: Vec<Vec<String>>,
        citations: Citations,
    ) -> DataTable {
        let keep: Vec<bool> = (0..columns.len())
            .map(|i| i == 0 || rows.iter().any(|r| r.get(i).is_some_and(|c| !c.is_empty())))
            .collect();
        let columns = columns
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|((key, numeric), _)| Column {
                label: cx.t(key).to_string(),
                numeric: *numeric,
            })
            .collect();
        let rows = rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .zip(&keep)
                    .filter(|(_, k)| **k)
                    .map(|(c, _)| c)
                    .collect()
            })
            .collect();
        DataTable {
            caption,
            summary: cx.t("data_table_summary").to_string(),
            sources_label: cx.t("chart_source").to_string(),
            columns,
            rows,
            sources: citations.into_sources(cx),
            note: None,
        }
    }
}

impl DataTable {
    /// `[1] Title, Publisher, 04/10/2020` for each cited source, with the title, publisher
    /// and date as `parts` gives them (escaped or linked for HTML, plain for SVG text).
    pub(crate) fn source_entries(
        &self,
        parts: impl Fn(&Citation) -> (String, String, String),
    ) -> Vec<String> {
        self.sources
            .iter()
            .map(|c| {
                let (title, publisher, date) = parts(c);
                format!("[{}] {title}, {publisher}, {date}", c.number)
            })
            .collect()
    }
}

/// A source as the table cites it: `[n]` is the site-wide source number.
#[derive(Debug, Clone)]
pub struct Citation {
    pub number: usize,
    pub source: Source,
    /// The source's date in the chart's language.
    pub date: String,
}

/// What a chart is drawn for: the site, the page's language and the interface strings.
/// Every chart function takes `impl Into<Context>`: pass `(&site, lang, &i18n)` with the
/// theme's strings, or `&site` / `(&site, lang)` for the embedded default strings.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub site: &'a Site,
    pub lang: Lang,
    pub i18n: &'a I18n,
}

impl<'a> From<&'a Site> for Context<'a> {
    fn from(site: &'a Site) -> Self {
        Context::from((site, site.config.language))
    }
}

impl<'a> From<(&'a Site, Lang)> for Context<'a> {
    fn from((site, lang): (&'a Site, Lang)) -> Self {
        Context::from((site, lang, I18n::embedded()))
    }
}

impl<'a> From<(&'a Site, Lang, &'a I18n)> for Context<'a> {
    fn from((site, lang, i18n): (&'a Site, Lang, &'a I18n)) -> Self {
        Context { site, lang, i18n }
    }
}

/// A province's shares (percent indicators among `indicators`) in one chart titled
/// `topic`: a bullet bar per indicator with its year and target. `None` with fewer than two
/// shares with a value.
pub fn shares<'a>(
    cx: impl Into<Context<'a>>,
    province: &Province,
    indicators: &[IndicatorRef],
    topic: &str,
    id: &str,
) -> Option<Chart> {
    shares::shares(cx.into(), province, indicators, topic, &safe_id(id))
}

/// A tiny line without axes or labels (120×32) for a card, the last point marked. `series`
/// should belong to one of the site's provinces (its name goes into the description).
/// `None` with fewer than two reported years.
pub fn sparkline<'a>(cx: impl Into<Context<'a>>, series: &Series, id: &str) -> Option<Chart> {
    let cx = cx.into();
    let province = cx
        .site
        .provinces
        .iter()
        .find(|p| p.series.iter().any(|s| std::ptr::eq(s, series)));
    line::sparkline(cx, province, series, &safe_id(id))
}

/// An id usable in `id` and `aria-labelledby`: ASCII letters, digits, `-` and `_`, starting
/// with a letter. Anything else becomes `-`, so the caller's id cannot break the markup.
fn safe_id(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "chart-");
    }
    out
}

/// Builds the rows' citation marks and the list of sources they point to.
#[derive(Default)]
struct Citations {
    used: Vec<SourceRef>,
}

impl Citations {
    /// `[n]` for the observation's source, remembering it for the source list.
    fn mark(&mut self, obs: &Observation) -> String {
        if !self.used.contains(&obs.source) {
            self.used.push(obs.source);
        }
        format!("[{}]", citation_number(obs.source))
    }

    fn into_sources(mut self, cx: Context) -> Vec<Citation> {
        self.used.sort();
        self.used
            .into_iter()
            .map(|r| {
                let source = cx.site.source(r).clone();
                Citation {
                    number: citation_number(r),
                    date: crate::values::source_date_text(&source, cx.lang, cx.i18n),
                    source,
                }
            })
            .collect()
    }
}

/// The site-wide citation number of a source (its position in sources.yaml, from 1), as
/// the rest of the site numbers them.
fn citation_number(r: SourceRef) -> usize {
    r.0 + 1
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_made_safe() {
        assert_eq!(super::safe_id("chart-body-1"), "chart-body-1");
        assert_eq!(super::safe_id("1\" onload=\"x"), "chart-1--onload--x");
        assert_eq!(super::safe_id(""), "chart-");
    }

    #[test]
    fn series_colours_are_hex_and_wrap_around() {
        assert_eq!(super::series_colour(0), "#0b5394");
        assert_eq!(
            super::series_colour(super::SERIES_COLOURS),
            super::series_colour(0)
        );
        assert_ne!(super::series_colour(1), super::series_colour(0));
    }
}
