//! The drawing surface: plotters draws, this module assembles an accessible SVG.
//!
//! Each layer of a chart (grid, bars, points, labels) is drawn by plotters' SVG backend into
//! its own buffer and wrapped in a `<g class="…">`, so a theme can restyle layers with CSS
//! (dark mode) and a group can carry what the backend cannot express: `stroke-dasharray`
//! for estimates, a white halo behind labels, a `<title>` tooltip. The root element is ours:
//! `role="img"`, `aria-labelledby` pointing at `<title>` and `<desc>`, a `viewBox` and no
//! fixed size, so CSS scales it.

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea};
use plotters::element::{Circle, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::SVGBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, RGBColor, ShapeStyle, TextStyle};

use super::text::escape;
use super::{Chart, ChartKind, DataTable};
use crate::model::Lang;

pub(super) type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;
pub(super) type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// The page's font stack, so inline charts match the text around them.
const FONT: &str =
    "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Helvetica Neue, Arial, sans-serif";

/// plotters writes `font-size` as the requested size divided by 1.24.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// Colours, all checked against white in the tests: graphics ≥ 3:1, text ≥ 4.5:1. The series
/// colours are the theme's `--chart-*` and reach 4.5:1, so white text on a bar is readable.
pub(super) mod colour {
    use plotters::style::RGBColor;

    pub const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
    pub const MUTED: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);
    pub const AXIS: RGBColor = RGBColor(0x76, 0x76, 0x76);
    /// Decorative only (grid lines, the empty part of a progress track).
    pub const GRID: RGBColor = RGBColor(0xe3, 0xe6, 0xea);
    pub const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);
    pub const TARGET: RGBColor = RGBColor(0xb3, 0x47, 0x0b);
    pub const SERIES: [RGBColor; 6] = [
        RGBColor(0x0b, 0x53, 0x94),
        RGBColor(0xb3, 0x47, 0x0b),
        RGBColor(0x2e, 0x7d, 0x32),
        RGBColor(0x6a, 0x1b, 0x9a),
        RGBColor(0xa3, 0x16, 0x5a),
        RGBColor(0x00, 0x70, 0x7a),
    ];
    /// A darker blue for a highlighted bar (together with a bold label).
    pub const HIGHLIGHT: RGBColor = RGBColor(0x06, 0x2f, 0x55);

    /// `#rrggbb`, for markup written by hand.
    pub fn hex(c: RGBColor) -> String {
        format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
    }

    pub fn series(i: usize) -> RGBColor {
        SERIES[i % SERIES.len()]
    }
}

/// Font size (px in viewBox units); one that survives plotters' ÷1.24 exactly.
pub(super) const SMALL: f64 = 12.0;

/// A `<g>` wrapper for one layer.
pub(super) struct Group {
    class: String,
    attrs: Vec<(&'static str, String)>,
    tooltip: Option<String>,
}

impl Group {
    pub fn new(class: impl Into<String>) -> Self {
        Self {
            class: class.into(),
            attrs: Vec::new(),
            tooltip: None,
        }
    }

    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.attrs.push((name, value.into()));
        self
    }

    /// Dashes every stroke in the group (children inherit `stroke-dasharray`).
    pub fn dashed(self) -> Self {
        self.attr("stroke-dasharray", "6 4")
    }

    /// A white outline behind text so labels stay readable where they cross a line.
    pub fn halo(self) -> Self {
        self.attr("stroke", "#ffffff")
            .attr("stroke-width", "3")
            .attr("stroke-linejoin", "round")
            .attr("paint-order", "stroke")
    }

    /// A hover tooltip (`<title>` child). Screen readers get the chart's `<desc>` instead.
    pub fn tooltip(mut self, text: impl Into<String>) -> Self {
        self.tooltip = Some(text.into());
        self
    }

    fn open(&self) -> String {
        let mut s = format!("<g class=\"{}\"", escape(&self.class));
        for (name, value) in &self.attrs {
            s.push_str(&format!(" {name}=\"{}\"", escape(value)));
        }
        s.push_str(">\n");
        if let Some(t) = &self.tooltip {
            s.push_str(&format!("<title>{}</title>\n", escape(t)));
        }
        s
    }
}

/// An SVG being drawn, layer by layer.
pub(super) struct Canvas {
    pub width: u32,
    pub height: u32,
    body: String,
}

impl Canvas {
    pub fn new(width: u32, height: u32) -> Self {
        Self {
            width,
            height,
            body: String::new(),
        }
    }

    /// A white background, so the chart reads the same on any page (a theme may restyle
    /// `.chart-bg` for dark mode).
    pub fn background(&mut self) -> Option<()> {
        let (w, h) = (f64::from(self.width), f64::from(self.height));
        self.layer(Group::new("chart-bg"), |a| {
            rect(a, (0.0, 0.0), (w, h), colour::WHITE, true)
        })
    }

    /// Draws one layer with plotters and appends it wrapped in `group`.
    pub fn layer(&mut self, group: Group, draw: impl FnOnce(&Area) -> Drawn) -> Option<()> {
        let mut buf = String::new();
        {
            let area =
                SVGBackend::with_string(&mut buf, (self.width, self.height)).into_drawing_area();
            draw(&area).ok()?;
            area.present().ok()?;
        }
        // Keep what plotters drew inside its own root element.
        let (_, inner) = buf.split_once(">\n")?;
        let inner = inner.trim_end().strip_suffix("</svg>")?;
        self.body.push_str(&group.open());
        self.body.push_str(inner);
        self.body.push_str("</g>\n");
        Some(())
    }

    /// Appends markup written by hand (definitions such as patterns), outside any layer.
    pub fn raw(&mut self, markup: &str) {
        self.body.push_str(markup);
    }

    /// Appends a layer written by hand (already escaped SVG elements) wrapped in `group`.
    pub fn raw_layer(&mut self, group: Group, inner: &str) {
        self.body.push_str(&group.open());
        self.body.push_str(inner);
        self.body.push_str("</g>\n");
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
        let svg = self.finish(id, kind.class(), &title, &description);
        Chart {
            kind,
            id: id.to_string(),
            lang,
            svg,
            title,
            description,
            table,
        }
    }

    /// The finished document. `id` must already be a safe id (see `super::safe_id`).
    pub fn finish(self, id: &str, class: &str, title: &str, desc: &str) -> String {
        // plotters repeats the font stack and `opacity="1"` on every element; the font is
        // set once on the root (inherited) and full opacity is the default, which keeps
        // pages with many charts small.
        let body = self
            .body
            .replace(&format!(" font-family=\"{FONT}\""), "")
            .replace(" opacity=\"1\"", "");
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
             aria-labelledby=\"{id}-title {id}-desc\" class=\"chart-svg {class}\" \
             font-family=\"{FONT}\">\n\
             <title id=\"{id}-title\">{title}</title>\n\
             <desc id=\"{id}-desc\">{desc}</desc>\n{body}</svg>\n",
            w = self.width,
            h = self.height,
            title = escape(title),
            desc = escape(desc),
        )
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

/// A single line of text, vertically centred on `y`.
pub(super) fn text(
    area: &Area,
    s: &str,
    (x, y): (f64, f64),
    size: f64,
    colour: RGBColor,
    align: Align,
    bold: bool,
) -> Drawn {
    let h = match align {
        Align::Start => HPos::Left,
        Align::Middle => HPos::Center,
        Align::End => HPos::Right,
    };
    let weight = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    let font = FontDesc::new(FontFamily::Name(FONT), size * PLOTTERS_FONT_SCALE, weight);
    let style = TextStyle::from(font)
        .color(&colour)
        .pos(Pos::new(h, VPos::Center));
    area.draw(&Text::new(s.to_string(), point((x, y)), style))
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
        for c in colour::SERIES
            .iter()
            .chain([colour::TARGET, colour::HIGHLIGHT].iter())
        {
            assert!(contrast_with_white(*c) >= 4.5, "{c:?}");
        }
        assert!(contrast_with_white(colour::TEXT) >= 4.5);
        assert!(contrast_with_white(colour::MUTED) >= 4.5);
        assert!(contrast_with_white(colour::AXIS) >= 3.0);
    }

    #[test]
    fn layers_are_grouped_and_text_escaped() {
        let mut c = Canvas::new(100, 50);
        c.layer(Group::new("labels").halo().tooltip("a < b"), |a| {
            text(
                a,
                "<script>",
                (10.0, 10.0),
                SMALL,
                colour::TEXT,
                Align::Start,
                false,
            )
        })
        .unwrap();
        let svg = c.finish("x", "chart-test", "T & t", "D");
        assert!(svg.contains("<g class=\"labels\" stroke=\"#ffffff\""));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script"));
        assert!(svg.contains("<title>a &lt; b</title>"));
        assert!(svg.contains("font-size=\"12\""));
        assert_eq!(svg.matches("<svg").count(), 1);
    }
}
