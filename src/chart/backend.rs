//! A plotters drawing backend that writes lean SVG elements straight into a chart's buffer.
//!
//! Elements carry geometry only: colours, line widths and the font come from the theme's CSS
//! through the classes of the enclosing `<g>` (`series-N`, `grid`, `axis`, …), so nothing is
//! repeated per element and nothing is rewritten afterwards. Coordinates are whole units
//! (plotters hands us integers). The few things a group cannot say are written per element:
//! `class="ol"` for an outline (no fill), `class="bg"` for a shape in the background colour
//! (the inside of a hollow marker), a `stroke-width` other than 1, the text anchor
//! (`class="middle"` / `"end"`) and bold text.

use std::fmt::Write;

use plotters::style::text_anchor::HPos;
use plotters::style::{FontStyle, RGBColor};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

use super::svg::{SMALL, colour};
use super::text;

/// The backend's error: writing into a `String` cannot fail, but the trait wants a type.
pub(super) type WriteError = std::fmt::Error;

type Drawn = Result<(), DrawingErrorKind<WriteError>>;

/// Writes the elements plotters draws, one per line, at the end of `out`.
pub(super) struct SvgWriter<'b> {
    out: &'b mut String,
    size: (u32, u32),
}

impl<'b> SvgWriter<'b> {
    pub fn new(out: &'b mut String, size: (u32, u32)) -> Self {
        Self { out, size }
    }

    /// ` class="…"` for a filled shape in `colour`, or an outline.
    fn shape_class(&mut self, colour: BackendColor, filled: bool) {
        if !filled {
            self.out.push_str(" class=\"ol\"");
        } else if colour.rgb == rgb(colour::WHITE) {
            self.out.push_str(" class=\"bg\"");
        }
    }

    /// Ends a rectangle or circle: filled, or an outline with its stroke width.
    fn close_shape<S: BackendStyle>(&mut self, style: &S, fill: bool) -> Drawn {
        self.shape_class(style.color(), fill);
        if !fill {
            self.stroke_width(style)?;
        }
        self.out.push_str("/>\n");
        Ok(())
    }

    fn stroke_width<S: BackendStyle>(&mut self, style: &S) -> Drawn {
        match style.stroke_width() {
            1 => Ok(()),
            w => written(write!(self.out, " stroke-width=\"{w}\"")),
        }
    }

    fn points(&mut self, points: impl IntoIterator<Item = BackendCoord>) -> Drawn {
        self.out.push_str(" points=\"");
        for (i, (x, y)) in points.into_iter().enumerate() {
            if i > 0 {
                self.out.push(' ');
            }
            written(write!(self.out, "{x},{y}"))?;
        }
        self.out.push('"');
        Ok(())
    }
}

fn written(r: std::fmt::Result) -> Drawn {
    r.map_err(DrawingErrorKind::DrawingError)
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
        written(write!(
            self.out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"1\" height=\"1\""
        ))?;
        self.shape_class(colour, true);
        self.out.push_str("/>\n");
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
        let rect = write!(
            self.out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\""
        );
        written(rect)?;
        self.close_shape(style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<polyline");
        self.points(path)?;
        self.stroke_width(style)?;
        self.out.push_str("/>\n");
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
        written(write!(
            self.out,
            "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{radius}\""
        ))?;
        self.close_shape(style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<polygon");
        self.points(vertices)?;
        self.shape_class(style.color(), true);
        self.out.push_str("/>\n");
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
        written(write!(self.out, "<text x=\"{x}\" y=\"{y}\""))?;
        match style.anchor().h_pos {
            HPos::Left => {}
            HPos::Center => self.out.push_str(" class=\"middle\""),
            HPos::Right => self.out.push_str(" class=\"end\""),
        }
        if let FontStyle::Bold = style.style() {
            self.out.push_str(" font-weight=\"bold\"");
        }
        self.out.push('>');
        text::escape_into(self.out, s);
        self.out.push_str("</text>\n");
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

    fn drawn(
        draw: impl FnOnce(&plotters::drawing::DrawingArea<SvgWriter, plotters::coord::Shift>),
    ) -> String {
        let mut out = String::new();
        {
            let area = SvgWriter::new(&mut out, (100, 50)).into_drawing_area();
            draw(&area);
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
            "<rect x=\"1\" y=\"2\" width=\"10\" height=\"5\"/>\n\
             <rect x=\"1\" y=\"2\" width=\"10\" height=\"5\" class=\"ol\"/>\n\
             <circle cx=\"5\" cy=\"5\" r=\"3\" class=\"bg\"/>\n\
             <circle cx=\"5\" cy=\"5\" r=\"3\" class=\"ol\" stroke-width=\"2\"/>\n\
             <polyline points=\"0,0 10,4\" stroke-width=\"2\"/>\n"
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
            "<text x=\"40\" y=\"9\" class=\"end\" font-weight=\"bold\">Đà &lt;b&gt;</text>\n"
        );
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
