//! The drawing surface: plotters lays a chart out, this module assembles an accessible SVG.
//!
//! Each layer of a chart (grid, bars, points, labels) is a `<g class="…">` whose elements
//! plotters draws through our own backend (`super::backend`) straight into the chart's one
//! buffer. Colours, line widths and the font are the theme's CSS, selected by the group's
//! classes (so dark mode is a change of CSS variables); a group carries what depends on the
//! data: `stroke-dasharray` and `fill-opacity` for estimates, `data-*`, a `<title>` tooltip.
//! The root element is ours: `role="img"`, `aria-labelledby` pointing at `<title>` and
//! `<desc>`, a `viewBox` and no fixed size, so CSS scales it.

use std::fmt::Write;

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea};
use plotters::element::{Circle, PathElement, Polygon, Rectangle};
use plotters::style::{RGBColor, ShapeStyle};

use super::backend::{SvgWriter, WriteError};
use super::element::Elements;
use super::label::Label;
use super::text::escape_into;
use super::{Chart, ChartKind, DataTable};
use crate::model::Lang;

pub(super) type Area<'b> = DrawingArea<SvgWriter<'b>, Shift>;
pub(super) type Drawn = Result<(), DrawingAreaErrorKind<WriteError>>;

/// The light-scheme colours the theme's CSS gives each part of a chart (`--chart-*`, `--fg`,
/// `--muted`; the tests check both agree), all checked against white: graphics ≥ 3:1, text
/// ≥ 4.5:1. The series colours reach 4.5:1, so white text on a bar is readable. Shapes are
/// drawn with these for plotters' sake; the SVG names them by class, not by value.
pub(super) mod colour {
    use plotters::style::RGBColor;

    pub const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
    pub const MUTED: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);
    pub const AXIS: RGBColor = RGBColor(0x76, 0x76, 0x76);
    /// Decorative only (grid lines, the empty part of a progress track).
    pub const GRID: RGBColor = RGBColor(0xe3, 0xe6, 0xea);
    pub const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);
    pub const TARGET: RGBColor = RGBColor(0xb3, 0x47, 0x0b);
    /// The province palette (`super::series_colour`): a province keeps its colour, the one
    /// at its position in the site's province list, in every chart of the site.
    pub const SERIES: [RGBColor; 8] = [
        RGBColor(0x0b, 0x53, 0x94),
        RGBColor(0xb3, 0x47, 0x0b),
        RGBColor(0x2e, 0x7d, 0x32),
        RGBColor(0x6a, 0x1b, 0x9a),
        RGBColor(0xa3, 0x16, 0x5a),
        RGBColor(0x00, 0x70, 0x7a),
        RGBColor(0x6d, 0x4c, 0x41),
        RGBColor(0x45, 0x5a, 0x64),
    ];
    /// The band behind a highlighted bar's row (decorative, with a bold label).
    pub const HIGHLIGHT_BAND: RGBColor = RGBColor(0xee, 0xf1, 0xf5);

    pub fn series(i: usize) -> RGBColor {
        SERIES[i % SERIES.len()]
    }
}

/// The width every chart but the sparkline is drawn at, in viewBox units. Together with
/// [`SMALL`] it sets how large text reads: the theme shows a chart between 288 px wide (a
/// 320 px phone) and 408 px (`max-width: 25.5rem`), so 14 units render as 11.2 to 15.9 px.
pub(super) const WIDTH: f64 = 360.0;

/// Font size of all chart text (px in viewBox units): the theme's `.chart-svg text`.
pub(super) const SMALL: f64 = 14.0;

/// How much lighter an estimate's fill is than a result's (`fill-opacity`).
pub(super) const ESTIMATE_FILL: &str = "0.35";

/// How a chart's document starts: a file needs the namespace; HTML, which knows `<svg>`,
/// does not (see [`inline`]).
pub(super) const SVG_OPEN: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\"";

/// A chart's document as a page inlines it: without the namespace an HTML parser supplies.
pub(super) fn inline(svg: &str) -> (&str, &str) {
    match svg.strip_prefix(SVG_OPEN) {
        Some(rest) => ("<svg", rest),
        None => ("", svg),
    }
}

/// A `<g>` wrapper for one layer.
pub(super) struct Group {
    class: String,
    attrs: Vec<(&'static str, String)>,
    tooltip: Option<String>,
    /// The `text-anchor` its text inherits; text anchored otherwise says so by class.
    anchor: Align,
}

impl Group {
    pub fn new(class: impl Into<String>) -> Self {
        Self {
            class: class.into(),
            attrs: Vec::new(),
            tooltip: None,
            anchor: Align::Start,
        }
    }

    /// Text in the group is anchored at `align` unless it says otherwise: one attribute on
    /// the group instead of a class on each label (axis and value labels are centred).
    pub fn anchored(mut self, align: Align) -> Self {
        self.anchor = align;
        self
    }

    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.attrs.push((name, value.into()));
        self
    }

    /// Dashes every stroke in the group (children inherit `stroke-dasharray`).
    pub fn dashed(self) -> Self {
        self.attr("stroke-dasharray", "6 4")
    }

    /// A hover tooltip (`<title>` child). Screen readers get the chart's `<desc>` instead.
    pub fn tooltip(mut self, text: impl Into<String>) -> Self {
        self.tooltip = Some(text.into());
        self
    }

    /// Without a tooltip: an empty group of this kind says nothing and may be left out.
    fn is_plain(&self) -> bool {
        self.tooltip.is_none()
    }

    pub(super) fn open(&self, out: &mut String) {
        out.push_str("<g class=\"");
        escape_into(out, &self.class);
        out.push('"');
        for (name, value) in &self.attrs {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            escape_into(out, value);
            out.push('"');
        }
        match self.anchor {
            Align::Start => {}
            Align::Middle => out.push_str(" text-anchor=\"middle\""),
            Align::End => out.push_str(" text-anchor=\"end\""),
        }
        out.push('>');
        if let Some(t) = &self.tooltip {
            out.push_str("<title>");
            escape_into(out, t);
            out.push_str("</title>");
        }
    }
}

#[cfg(test)]
thread_local! {
    /// How many canvases this thread has made: tests prove that checking content draws none.
    pub(super) static CANVASES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// An SVG being drawn, layer by layer.
pub(super) struct Canvas {
    pub width: u32,
    pub height: u32,
    body: String,
}

impl Canvas {
    pub fn new(width: u32, height: u32) -> Self {
        #[cfg(test)]
        CANVASES.with(|c| c.set(c.get() + 1));
        Self {
            width,
            height,
            body: String::new(),
        }
    }

    /// The chart's background (`.bg`, the page's background colour), so the chart reads
    /// the same on any page. One element: it starts at the origin, so no `x` or `y`.
    pub fn background(&mut self) -> Option<()> {
        let (w, h) = (f64::from(self.width), f64::from(self.height));
        Elements::new(&mut self.body)
            .el("rect")
            .attr("class", "bg")
            .num("width", w)
            .num("height", h)
            .end();
        Some(())
    }

    /// Draws one layer with plotters, inside `group`. A layer that draws nothing (an empty
    /// legend) leaves no empty group behind.
    pub fn layer(&mut self, group: Group, draw: impl FnOnce(&Area) -> Drawn) -> Option<()> {
        let start = self.body.len();
        group.open(&mut self.body);
        let inner = self.body.len();
        {
            let writer = SvgWriter::new(&mut self.body, (self.width, self.height));
            let area = writer.in_anchor(group.anchor).into_drawing_area();
            draw(&area).ok()?;
        }
        if self.body.len() == inner && group.is_plain() {
            self.body.truncate(start);
        } else {
            self.body.push_str("</g>");
        }
        Some(())
    }

    /// Draws with plotters straight into the enclosing group (see [`Canvas::nest`]).
    pub fn draw(&mut self, draw: impl FnOnce(&Area) -> Drawn) -> Option<()> {
        let area = SvgWriter::new(&mut self.body, (self.width, self.height)).into_drawing_area();
        draw(&area).ok()
    }

    /// Draws what `draw` draws inside `group`: a series' line and points share one group
    /// that names the series and its province once, instead of once per mark.
    pub fn nest(
        &mut self,
        group: Group,
        draw: impl FnOnce(&mut Canvas) -> Option<()>,
    ) -> Option<()> {
        group.open(&mut self.body);
        draw(self)?;
        self.body.push_str("</g>");
        Some(())
    }

    /// Draws one layer element by element, inside `group`: for the charts that place their
    /// elements themselves (the map, the shares chart), through the writer plotters uses.
    pub fn shapes(&mut self, group: Group, draw: impl FnOnce(&mut Elements)) {
        Elements::new(&mut self.body).group(&group, draw);
    }

    /// Definitions (a pattern), outside any layer.
    pub fn defs(&mut self, draw: impl FnOnce(&mut Elements)) {
        let mut e = Elements::new(&mut self.body);
        e.el("defs").open();
        draw(&mut e);
        e.close("defs");
    }

    /// The finished chart: the document with its `(title, description)`, and its data table.
    pub(super) fn into_chart(
        self,
        kind: ChartKind,
        id: &str,
        lang: Lang,
        (title, description): (String, String),
        table: DataTable,
    ) -> Chart {
        let size = (self.width, self.height);
        let svg = self.finish(id, kind.class(), &title, &description);
        Chart {
            kind,
            id: id.to_string(),
            lang,
            svg,
            body: self.body,
            size,
            title,
            description,
            table,
        }
    }

    /// The finished document. `id` must already be a safe id (see `super::safe_id`).
    pub fn finish(&self, id: &str, class: &str, title: &str, desc: &str) -> String {
        let mut svg = String::with_capacity(self.body.len() + 256 + title.len() + desc.len());
        // Writing into a String cannot fail.
        let _ = write!(
            svg,
            "{SVG_OPEN} viewBox=\"0 0 {w} {h}\" role=\"img\" \
             aria-labelledby=\"{id}-t {id}-d\" class=\"chart-svg {class}\">\
             <title id=\"{id}-t\">",
            w = self.width,
            h = self.height,
        );
        escape_into(&mut svg, title);
        let _ = write!(svg, "</title><desc id=\"{id}-d\">");
        escape_into(&mut svg, desc);
        svg.push_str("</desc>");
        svg.push_str(&self.body);
        svg.push_str("</svg>\n");
        svg
    }
}

fn px(v: f64) -> i32 {
    v.round() as i32
}

fn point((x, y): (f64, f64)) -> (i32, i32) {
    (px(x), px(y))
}

/// Where a label's x refers to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Align {
    Start,
    Middle,
    End,
}

/// A single line of chart text, vertically centred on `y`; its colour is the group's.
pub(super) fn text(area: &Area, s: &str, (x, y): (f64, f64), align: Align, bold: bool) -> Drawn {
    area.draw(&Label::new(s, point((x, y)), align, bold))
}

pub(super) fn polyline(area: &Area, points: &[(f64, f64)], colour: RGBColor, width: u32) -> Drawn {
    let style = ShapeStyle {
        color: colour.into(),
        filled: false,
        stroke_width: width,
    };
    area.draw(&PathElement::new(
        points.iter().copied().map(point).collect::<Vec<_>>(),
        style,
    ))
}

/// The corners of the outline a computed figure's bar is drawn as: `by` inside the box
/// `from`–`to`, and at least two pixels wide and high, so that a value near zero still shows
/// its hollow mark (an inset of a two-pixel bar would be too small for [`rect`] to draw).
pub(super) fn outline_box(from: (f64, f64), to: (f64, f64), by: f64) -> ((f64, f64), (f64, f64)) {
    const LEAST: f64 = 2.0;
    let start = (from.0.min(to.0) + by, from.1.min(to.1) + by);
    let end = (
        (from.0.max(to.0) - by).max(start.0 + LEAST),
        (from.1.max(to.1) - by).max(start.1 + LEAST),
    );
    (start, end)
}

/// A rectangle, filled or outlined (the outline's width comes from the enclosing group,
/// 1 by default: plotters does not write one). Corners may come in any order.
pub(super) fn rect(
    area: &Area,
    from: (f64, f64),
    to: (f64, f64),
    colour: RGBColor,
    filled: bool,
) -> Drawn {
    let (x0, x1) = (from.0.min(to.0), from.0.max(to.0));
    let (y0, y1) = (from.1.min(to.1), from.1.max(to.1));
    // Too small to see (a zero-length bar, the inside of a very short one): draw nothing.
    if x1 - x0 < 1.0 || y1 - y0 < 1.0 {
        return Ok(());
    }
    let style = ShapeStyle {
        color: colour.into(),
        filled,
        stroke_width: 1,
    };
    area.draw(&Rectangle::new([point((x0, y0)), point((x1, y1))], style))
}

pub(super) fn circle(
    area: &Area,
    centre: (f64, f64),
    radius: u32,
    colour: RGBColor,
    filled: bool,
) -> Drawn {
    let style = ShapeStyle {
        color: colour.into(),
        filled,
        stroke_width: 2,
    };
    area.draw(&Circle::new(point(centre), radius, style))
}

pub(super) fn polygon(area: &Area, points: &[(f64, f64)], colour: RGBColor) -> Drawn {
    let style = ShapeStyle {
        color: colour.into(),
        filled: true,
        stroke_width: 1,
    };
    area.draw(&Polygon::new(
        points.iter().copied().map(point).collect::<Vec<_>>(),
        style,
    ))
}

/// Marker shapes, so series differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
}

impl Shape {
    pub fn nth(i: usize) -> Shape {
        [
            Shape::Circle,
            Shape::Square,
            Shape::Triangle,
            Shape::Diamond,
        ][i % 4]
    }
}

/// A data point: filled for a result, hollow (white inside, coloured ring) for an estimate.
pub(super) fn marker(
    area: &Area,
    shape: Shape,
    (x, y): (f64, f64),
    r: f64,
    colour: RGBColor,
    hollow: bool,
) -> Drawn {
    if shape == Shape::Circle {
        let radius = r.round() as u32;
        if hollow {
            circle(area, (x, y), radius, colour::WHITE, true)?;
        }
        return circle(area, (x, y), radius, colour, !hollow);
    }
    let outline: Vec<(f64, f64)> = match shape {
        Shape::Square => vec![
            (x - r, y - r),
            (x + r, y - r),
            (x + r, y + r),
            (x - r, y + r),
        ],
        Shape::Triangle => vec![(x, y - r * 1.2), (x + r * 1.1, y + r), (x - r * 1.1, y + r)],
        _ => vec![
            (x, y - r * 1.3),
            (x + r * 1.3, y),
            (x, y + r * 1.3),
            (x - r * 1.3, y),
        ],
    };
    if hollow {
        polygon(area, &outline, colour::WHITE)?;
        let mut closed = outline.clone();
        closed.push(outline[0]);
        polyline(area, &closed, colour, 2)
    } else {
        polygon(area, &outline, colour)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A computed figure near zero keeps an outline big enough to draw (a 0.9 % progress
    /// bar, 2.9 px long, drew none: a generated site found its derived mark missing).
    #[test]
    fn an_outline_is_at_least_two_pixels_and_inside_its_bar() {
        assert_eq!(
            outline_box((16.0, 41.0), (116.0, 61.0), 1.0),
            ((17.0, 42.0), (115.0, 60.0))
        );
        for length in [0.0, 0.5, 2.86, 3.0] {
            let (start, end) = outline_box((16.0, 41.0), (16.0 + length, 61.0), 1.0);
            assert_eq!(start, (17.0, 42.0), "{length}");
            assert!(end.0 - start.0 >= 2.0 && end.1 - start.1 >= 2.0, "{length}");
        }
        // Corners in either order, as `rect` takes them.
        assert_eq!(
            outline_box((116.0, 61.0), (16.0, 41.0), 1.0),
            ((17.0, 42.0), (115.0, 60.0))
        );
    }

    fn luminance(c: RGBColor) -> f64 {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    }

    fn contrast_with_white(c: RGBColor) -> f64 {
        1.05 / (luminance(c) + 0.05)
    }

    #[test]
    fn colours_meet_wcag_aa_on_white() {
        for c in colour::SERIES.iter().chain([colour::TARGET].iter()) {
            assert!(contrast_with_white(*c) >= 4.5, "{c:?}");
        }
        assert!(contrast_with_white(colour::TEXT) >= 4.5);
        assert!(contrast_with_white(colour::MUTED) >= 4.5);
        assert!(contrast_with_white(colour::AXIS) >= 3.0);
    }

    #[test]
    fn layers_are_grouped_and_text_escaped() {
        let mut c = Canvas::new(100, 50);
        c.layer(Group::new("labels").tooltip("a < b"), |a| {
            text(a, "<script>", (10.0, 10.0), Align::Start, false)
        })
        .unwrap();
        let svg = c.finish("x", "chart-test", "T & t", "D");
        assert!(svg.contains("<g class=\"labels\"><title>a &lt; b</title><text x=\"10\""));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script"));
        assert!(svg.contains("<title id=\"x-t\">T &amp; t</title>"));
        assert_eq!(svg.matches("<svg").count(), 1);
    }

    /// A layer that draws nothing leaves no empty group, unless it has a tooltip to give.
    #[test]
    fn empty_layers_leave_nothing() {
        let mut c = Canvas::new(10, 10);
        c.layer(Group::new("legend"), |_| Ok(())).unwrap();
        assert_eq!(c.body, "");
        c.layer(Group::new("p").tooltip("t"), |_| Ok(())).unwrap();
        assert_eq!(c.body, "<g class=\"p\"><title>t</title></g>");
    }

    /// The colours the charts are drawn with are the theme's: the light scheme of the
    /// default chart stylesheet (a page's `--bg`, `--fg` and `--muted` fall back to them).
    #[test]
    fn colours_are_the_themes() {
        let vars = super::super::ChartStyle::embedded().vars();
        let hex = |c: RGBColor| format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2);
        let mut wanted = vec![
            ("--chart-fg", colour::TEXT),
            ("--chart-muted", colour::MUTED),
            ("--chart-bg", colour::WHITE),
            ("--chart-grid", colour::GRID),
            ("--chart-axis", colour::AXIS),
            ("--chart-band", colour::HIGHLIGHT_BAND),
            ("--chart-2", colour::TARGET),
        ];
        let names: Vec<String> = (1..=colour::SERIES.len())
            .map(|i| format!("--chart-{i}"))
            .collect();
        for (name, c) in names.iter().zip(colour::SERIES) {
            wanted.push((name, c));
        }
        for (name, c) in wanted {
            let value = vars.iter().find(|(k, _)| k == name).map(|(_, v)| v);
            let light =
                value.and_then(|v| v.split(&[' ', ',', ')'][..]).find(|w| w.starts_with('#')));
            assert_eq!(light, Some(hex(c).as_str()), "charts.css: {name}");
        }
    }
}
