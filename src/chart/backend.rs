//! A plotters drawing backend that writes lean SVG elements straight into a chart's buffer,
//! through the one element writer (`super::element`).
//!
//! Elements carry geometry only: colours, line widths and the font come from the theme's CSS
//! through the classes of the enclosing `<g>` (`series-N`, `grid`, `axis`, …), so nothing is
//! repeated per element and nothing is rewritten afterwards. Coordinates are whole units
//! (plotters hands us integers). The few things a group cannot say are written per element:
//! `class="ol"` for an outline (no fill), `class="bg"` for a shape in the background colour
//! (the inside of a hollow marker), a `stroke-width` other than 1, a text anchor other
//! than the group's (`class="start"` / `"middle"` / `"end"`) and bold text.

use plotters::style::text_anchor::HPos;
use plotters::style::{FontStyle, RGBColor};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

use super::element::{El, Elements};
use super::svg::{Align, SMALL, colour};
use super::text;

/// The backend's error: writing into a `String` cannot fail, but the trait wants a type.
pub(super) type WriteError = std::fmt::Error;

type Drawn = Result<(), DrawingErrorKind<WriteError>>;

/// Writes the elements plotters draws at the end of `out`, through the one element writer
/// (`super::element`).
pub(super) struct SvgWriter<'b> {
    out: Elements<'b>,
    size: (u32, u32),
    /// The anchor text takes from its group (SVG's `start` unless the group says
    /// otherwise): text anchored so is written without a class.
    anchor: Align,
}

impl<'b> SvgWriter<'b> {
    pub fn new(out: &'b mut String, size: (u32, u32)) -> Self {
        Self {
            out: Elements::new(out),
            size,
            anchor: Align::Start,
        }
    }

    /// Text in a group whose `text-anchor` is `anchor`.
    pub fn in_anchor(mut self, anchor: Align) -> Self {
        self.anchor = anchor;
        self
    }
}

/// The class of a filled shape in `colour`, or of an outline.
fn shape_class(colour: BackendColor, filled: bool) -> Option<&'static str> {
    if !filled {
        Some("ol")
    } else if colour.rgb == rgb(colour::WHITE) {
        Some("bg")
    } else {
        None
    }
}

/// A stroke width other than the theme's 1.
fn stroke_width<'e, S: BackendStyle>(el: El<'e>, style: &S) -> El<'e> {
    match style.stroke_width() {
        1 => el,
        w => el.num("stroke-width", f64::from(w)),
    }
}

/// Ends a rectangle or circle: filled, or an outline with its stroke width.
fn close_shape<S: BackendStyle>(el: El<'_>, style: &S, fill: bool) {
    let el = el.attr_if("class", shape_class(style.color(), fill));
    let el = if fill { el } else { stroke_width(el, style) };
    el.end();
}

fn coords(points: impl IntoIterator<Item = BackendCoord>) -> impl Iterator<Item = (f64, f64)> {
    points
        .into_iter()
        .map(|(x, y)| (f64::from(x), f64::from(y)))
}

fn rgb(c: RGBColor) -> (u8, u8, u8) {
    (c.0, c.1, c.2)
}

impl DrawingBackend for SvgWriter<'_> {
    type ErrorType = WriteError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, colour: BackendColor) -> Drawn {
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let el = self.out.el("rect");
        let el = el.rect((f64::from(x), f64::from(y)), (1.0, 1.0));
        el.attr_if("class", shape_class(colour, true)).end();
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, s: &S) -> Drawn {
        self.draw_path([from, to], s)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (x0.min(x1), y0.min(y1));
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        let el = self
            .out
            .el("rect")
            .rect((f64::from(x), f64::from(y)), (f64::from(w), f64::from(h)));
        close_shape(el, style, fill);
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let el = self.out.el("polyline").points(coords(path));
        stroke_width(el, style).end();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (cx, cy): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let el = self.out.el("circle");
        let el = el
            .num("cx", f64::from(cx))
            .num("cy", f64::from(cy))
            .num("r", f64::from(radius));
        close_shape(el, style, fill);
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let el = self.out.el("polygon").points(coords(vertices));
        el.attr_if("class", shape_class(style.color(), true)).end();
        Ok(())
    }

    /// Text centred vertically on `y` (the theme's `dominant-baseline: central`), anchored
    /// by class; size, colour and font come from the theme.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        s: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Drawn {
        let (align, class) = match style.anchor().h_pos {
            HPos::Left => (Align::Start, "start"),
            HPos::Center => (Align::Middle, "middle"),
            HPos::Right => (Align::End, "end"),
        };
        let anchor = (align != self.anchor).then_some(class);
        let bold = matches!(style.style(), FontStyle::Bold).then_some("bold");
        self.out
            .el("text")
            .num("x", f64::from(x))
            .num("y", f64::from(y))
            .attr_if("class", anchor)
            .attr_if("font-weight", bold)
            .text("text", s);
        Ok(())
    }

    /// The same estimate the charts fit their labels with (`text::width`), so plotters'
    /// layout and ours agree.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        s: &str,
        _style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<WriteError>> {
        let width = text::width(s, SMALL).ceil() as u32;
        Ok((width, SMALL as u32))
    }
}

#[cfg(test)]
mod tests {
    use plotters::drawing::IntoDrawingArea;
    use plotters::element::{Circle, PathElement, Rectangle, Text};
    use plotters::style::text_anchor::{Pos, VPos};
    use plotters::style::{FontDesc, FontFamily, ShapeStyle, TextStyle};

    use super::*;

    type Area<'a, 'b> = plotters::drawing::DrawingArea<SvgWriter<'b>, plotters::coord::Shift>;

    fn drawn(draw: impl FnOnce(&Area)) -> String {
        drawn_in(Align::Start, draw)
    }

    /// What `draw` writes in a group whose text is anchored at `anchor`.
    fn drawn_in(anchor: Align, draw: impl FnOnce(&Area)) -> String {
        let mut out = String::new();
        {
            let writer = SvgWriter::new(&mut out, (100, 50)).in_anchor(anchor);
            draw(&writer.into_drawing_area());
        }
        out
    }

    fn style(colour: RGBColor, filled: bool, width: u32) -> ShapeStyle {
        ShapeStyle {
            color: colour.into(),
            filled,
            stroke_width: width,
        }
    }

    #[test]
    fn shapes_carry_geometry_and_only_what_css_cannot_infer() {
        let svg = drawn(|a| {
            let series = colour::series(0);
            a.draw(&Rectangle::new([(1, 2), (11, 7)], style(series, true, 1)))
                .unwrap();
            a.draw(&Rectangle::new([(1, 2), (11, 7)], style(series, false, 1)))
                .unwrap();
            a.draw(&Circle::new((5, 5), 3, style(colour::WHITE, true, 2)))
                .unwrap();
            a.draw(&Circle::new((5, 5), 3, style(series, false, 2)))
                .unwrap();
            a.draw(&PathElement::new(
                vec![(0, 0), (10, 4)],
                style(series, false, 2),
            ))
            .unwrap();
        });
        assert_eq!(
            svg,
            "<rect x=\"1\" y=\"2\" width=\"10\" height=\"5\"/>\
             <rect x=\"1\" y=\"2\" width=\"10\" height=\"5\" class=\"ol\"/>\
             <circle cx=\"5\" cy=\"5\" r=\"3\" class=\"bg\"/>\
             <circle cx=\"5\" cy=\"5\" r=\"3\" class=\"ol\" stroke-width=\"2\"/>\
             <polyline points=\"0,0 10,4\" stroke-width=\"2\"/>"
        );
    }

    #[test]
    fn text_is_one_escaped_line_without_font_or_colour() {
        let svg = drawn(|a| {
            let font = FontDesc::new(FontFamily::SansSerif, SMALL, FontStyle::Bold);
            let style = TextStyle::from(font)
                .color(&colour::TEXT)
                .pos(Pos::new(HPos::Right, VPos::Center));
            a.draw(&Text::new("Đà <b>".to_string(), (40, 9), style))
                .unwrap();
        });
        assert_eq!(
            svg,
            "<text x=\"40\" y=\"9\" class=\"end\" font-weight=\"bold\">Đà &lt;b&gt;</text>"
        );
    }

    /// Text anchored as its group says carries no class; any other anchor, `start`
    /// included, says so.
    #[test]
    fn text_names_only_an_anchor_other_than_its_groups() {
        let label = |h: HPos| {
            let font = FontDesc::new(FontFamily::SansSerif, SMALL, FontStyle::Normal);
            TextStyle::from(font).pos(Pos::new(h, VPos::Center))
        };
        let svg = drawn_in(Align::Middle, |a| {
            for (h, s) in [(HPos::Center, "a"), (HPos::Left, "b"), (HPos::Right, "c")] {
                a.draw(&Text::new(s.to_string(), (1, 2), label(h))).unwrap();
            }
        });
        assert_eq!(
            svg,
            "<text x=\"1\" y=\"2\">a</text>\
             <text x=\"1\" y=\"2\" class=\"start\">b</text>\
             <text x=\"1\" y=\"2\" class=\"end\">c</text>"
        );
        let start = drawn(|a| a.draw(&Text::new("b", (1, 2), label(HPos::Left))).unwrap());
        assert_eq!(start, "<text x=\"1\" y=\"2\">b</text>");
    }

    #[test]
    fn text_size_is_the_label_fitting_estimate() {
        let mut out = String::new();
        let w = SvgWriter::new(&mut out, (10, 10));
        let font = FontDesc::new(FontFamily::SansSerif, SMALL, FontStyle::Normal);
        let style = TextStyle::from(font);
        let (width, height) = w.estimate_text_size("Vĩnh Phúc", &style).unwrap();
        assert_eq!(width, text::width("Vĩnh Phúc", SMALL).ceil() as u32);
        assert_eq!(height, 14);
    }
}
