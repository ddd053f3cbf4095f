//! A line of chart text as a plotters element whose style is two plain values (anchor and
//! weight). Plotters' own `Text` carries a `TextStyle` whose `FontDesc` holds two `String`s
//! (family and weight), made anew for every label.
//! Our backend (`super::backend`) reads only the anchor and the weight of a style, so this
//! one writes the same `<text>` without allocating.

use plotters::element::{Drawable, PointCollection};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontFamily, FontStyle, RGBColor};
use plotters_backend::{BackendColor, BackendCoord, BackendTextStyle, DrawingBackend};
use plotters_backend::{DrawingErrorKind, FontTransform};

use super::svg::{Align, SMALL, colour};
use super::text;

/// One line of text at a point (backend coordinates), vertically centred on it.
pub(super) struct Label<'s> {
    text: &'s str,
    at: BackendCoord,
    style: LabelStyle,
}

impl<'s> Label<'s> {
    pub fn new(text: &'s str, at: BackendCoord, align: Align, bold: bool) -> Self {
        Self {
            text,
            at,
            style: LabelStyle {
                h: h_pos(align),
                bold,
            },
        }
    }
}

fn h_pos(align: Align) -> HPos {
    match align {
        Align::Start => HPos::Left,
        Align::Middle => HPos::Center,
        Align::End => HPos::Right,
    }
}

/// What the backend reads of a label's style; size, family and colour are the chart's
/// (`SMALL`, sans-serif, the text colour), as plotters' style said for every label.
#[derive(Clone, Copy)]
struct LabelStyle {
    h: HPos,
    bold: bool,
}

impl<'a> PointCollection<'a, BackendCoord> for &'a Label<'_> {
    type Point = &'a BackendCoord;
    type IntoIter = std::iter::Once<&'a BackendCoord>;

    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Label<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(at) => backend.draw_text(self.text, &self.style, at),
            None => Ok(()),
        }
    }
}

impl BackendTextStyle for LabelStyle {
    /// Only [`BackendTextStyle::draw`] fails: there are no glyphs to rasterise.
    type FontError = std::fmt::Error;

    fn color(&self) -> BackendColor {
        let RGBColor(r, g, b) = colour::TEXT;
        BackendColor {
            alpha: 1.0,
            rgb: (r, g, b),
        }
    }

    fn size(&self) -> f64 {
        SMALL
    }

    fn transform(&self) -> FontTransform {
        FontTransform::None
    }

    fn style(&self) -> FontStyle {
        if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }

    fn anchor(&self) -> Pos {
        Pos::new(self.h, VPos::Center)
    }

    fn family(&self) -> FontFamily<'_> {
        FontFamily::SansSerif
    }

    /// The estimate the charts fit their labels with, as the backend gives it.
    fn layout_box(&self, s: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        let width = text::width(s, SMALL).ceil() as i32;
        Ok(((0, 0), (width, SMALL as i32)))
    }

    /// Charts are SVG: the backend writes a `<text>` element and never asks for pixels.
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _: &str,
        _: BackendCoord,
        _: F,
    ) -> Result<Result<(), E>, Self::FontError> {
        Err(std::fmt::Error)
    }
}

#[cfg(test)]
mod tests {
    use plotters::drawing::IntoDrawingArea;
    use plotters::element::Text;
    use plotters::style::{FontDesc, TextStyle};

    use super::*;
    use crate::chart::backend::SvgWriter;

    /// What the charts drew before: plotters' `Text` with a `TextStyle` made per label.
    fn with_plotters_text(s: &str, at: BackendCoord, align: Align, bold: bool) -> String {
        let mut out = String::new();
        {
            let area = SvgWriter::new(&mut out, (300, 100)).into_drawing_area();
            let h = h_pos(align);
            let weight = if bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            };
            let font = FontDesc::new(FontFamily::SansSerif, SMALL, weight);
            let style = TextStyle::from(font)
                .color(&colour::TEXT)
                .pos(Pos::new(h, VPos::Center));
            area.draw(&Text::new(s, at, style)).unwrap();
        }
        out
    }

    fn with_label(s: &str, at: BackendCoord, align: Align, bold: bool) -> String {
        let mut out = String::new();
        {
            let area = SvgWriter::new(&mut out, (300, 100)).into_drawing_area();
            area.draw(&Label::new(s, at, align, bold)).unwrap();
        }
        out
    }

    #[test]
    fn a_label_is_written_as_plotters_text_was() {
        let texts = ["", "0", "1.234,5", "Đắk Lắk", "<b>&\"'", "2020 (ước tính)"];
        let points = [(0, 0), (12, 7), (-3, 250), (299, 99)];
        for s in texts {
            for at in points {
                for align in [Align::Start, Align::Middle, Align::End] {
                    for bold in [false, true] {
                        assert_eq!(
                            with_label(s, at, align, bold),
                            with_plotters_text(s, at, align, bold),
                            "{s:?} at {at:?}, {align:?}, bold {bold}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn its_style_says_what_plotters_style_said() {
        let label = Label::new("x", (0, 0), Align::End, true);
        let font = FontDesc::new(FontFamily::SansSerif, SMALL, FontStyle::Bold);
        let old = TextStyle::from(font)
            .color(&colour::TEXT)
            .pos(Pos::new(HPos::Right, VPos::Center));
        let new = label.style;
        assert_eq!(new.color().rgb, BackendTextStyle::color(&old).rgb);
        assert_eq!(new.size(), old.size());
        let (a, b) = (new.anchor(), BackendTextStyle::anchor(&old));
        assert!(matches!((a.h_pos, b.h_pos), (HPos::Right, HPos::Right)));
        assert!(matches!((a.v_pos, b.v_pos), (VPos::Center, VPos::Center)));
        assert!(matches!(new.style(), FontStyle::Bold));
        assert_eq!(
            new.family().as_str(),
            BackendTextStyle::family(&old).as_str()
        );
    }
}
