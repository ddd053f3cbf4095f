//! The one writer of SVG elements. Plotters' drawing (through `super::backend`) and the
//! charts that place their elements themselves (the map's tiles, the shares chart's rows)
//! both write through [`Elements`], so every chart's markup has one form: elements one after
//! the other without whitespace (the browser needs none), coordinates as whole numbers or
//! one decimal, every attribute value escaped, and no colour (the theme's `charts.css`
//! paints by class).

use std::fmt::Write;

use super::svg::Group;
use super::text::escape_into;
use crate::format::push_whole;

/// Where elements are written: the body of a chart being drawn.
pub(super) struct Elements<'b> {
    out: &'b mut String,
}

impl<'b> Elements<'b> {
    pub fn new(out: &'b mut String) -> Self {
        Self { out }
    }

    /// Starts element `tag`; its attributes follow, then [`El::end`], [`El::open`] or
    /// [`El::text`].
    pub fn el(&mut self, tag: &'static str) -> El<'_> {
        self.out.push('<');
        self.out.push_str(tag);
        El { out: self.out }
    }

    /// `group` (a `<g>` with its classes, attributes and tooltip) around what `inner` writes.
    pub fn group(&mut self, group: &Group, inner: impl FnOnce(&mut Elements)) {
        group.open(self.out);
        inner(self);
        self.out.push_str("</g>");
    }

    /// Closes a container opened with [`El::open`].
    pub fn close(&mut self, tag: &'static str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }
}

/// An element whose attributes are being written.
pub(super) struct El<'e> {
    out: &'e mut String,
}

impl El<'_> {
    /// A number: whole units as integers, anything else with one decimal.
    pub fn num(self, name: &str, v: f64) -> Self {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        number_into(self.out, v);
        self.out.push('"');
        self
    }

    /// `x`, `y`, `width` and `height` of a rectangle.
    pub fn rect(self, (x, y): (f64, f64), (w, h): (f64, f64)) -> Self {
        self.num("x", x)
            .num("y", y)
            .num("width", w)
            .num("height", h)
    }

    /// Any other attribute, escaped.
    pub fn attr(self, name: &str, value: &str) -> Self {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(self.out, value);
        self.out.push('"');
        self
    }

    /// An attribute written only when `value` is given.
    pub fn attr_if(self, name: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    /// `points="x,y x,y …"` of a polyline or polygon.
    pub fn points(self, points: impl IntoIterator<Item = (f64, f64)>) -> Self {
        self.out.push_str(" points=\"");
        for (i, (x, y)) in points.into_iter().enumerate() {
            if i > 0 {
                self.out.push(' ');
            }
            number_into(self.out, x);
            self.out.push(',');
            number_into(self.out, y);
        }
        self.out.push('"');
        self
    }

    /// Ends an empty element.
    pub fn end(self) {
        self.out.push_str("/>");
    }

    /// Ends the start tag of a container; close it with [`Elements::close`].
    pub fn open(self) {
        self.out.push('>');
    }

    /// The element's text content, escaped, and its end tag.
    pub fn text(self, tag: &'static str, content: &str) {
        self.out.push('>');
        escape_into(self.out, content);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }
}

/// `v` rounded to one decimal, without a trailing `.0`.
fn number_into(out: &mut String, v: f64) {
    // `+ 0.0` turns a negative zero into zero.
    let tenths = (v * 10.0).round() + 0.0;
    // Whole tenths below 2^53 are exact as integers: printed as integers they give the
    // float formatter's text without its cost (a chart writes thousands of coordinates).
    if tenths.abs() < 9_007_199_254_740_992.0 {
        let t = tenths as i64;
        if t < 0 {
            out.push('-');
        }
        let t = t.unsigned_abs();
        push_whole(out, t / 10, 1);
        if !t.is_multiple_of(10) {
            out.push('.');
            push_whole(out, t % 10, 1);
        }
        return;
    }
    // Writing into a String cannot fail.
    if tenths % 10.0 == 0.0 {
        let _ = write!(out, "{}", tenths / 10.0);
    } else {
        let _ = write!(out, "{:.1}", tenths / 10.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_have_one_form() {
        let mut out = String::new();
        let mut e = Elements::new(&mut out);
        e.el("rect").rect((1.0, 2.25), (10.0, -0.0)).end();
        e.el("text")
            .num("x", 3.04)
            .num("y", 7.96)
            .attr("class", "middle")
            .text("text", "a <b> & \"c\"");
        e.group(&Group::new("g x").tooltip("t<"), |e| {
            e.el("polyline").points([(0.0, 1.5), (2.0, 3.0)]).end();
        });
        assert_eq!(
            out,
            "<rect x=\"1\" y=\"2.3\" width=\"10\" height=\"0\"/>\
             <text x=\"3\" y=\"8\" class=\"middle\">a &lt;b&gt; &amp; &quot;c&quot;</text>\
             <g class=\"g x\"><title>t&lt;</title>\
             <polyline points=\"0,1.5 2,3\"/></g>"
        );
    }

    /// The integer path prints what the float formatter printed before it.
    #[test]
    fn numbers_print_as_the_float_formatter_does() {
        let old = |v: f64| {
            let tenths = (v * 10.0).round() + 0.0;
            if tenths % 10.0 == 0.0 {
                format!("{}", tenths / 10.0)
            } else {
                format!("{:.1}", tenths / 10.0)
            }
        };
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut values = vec![
            0.0,
            -0.0,
            0.04,
            -0.05,
            2.25,
            -2.25,
            1e15,
            -7e14,
            1e300,
            f64::NAN,
        ];
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let unit = (seed >> 11) as f64 / (1u64 << 53) as f64;
            values.push((unit - 0.5) * 10f64.powi((seed % 16) as i32));
        }
        for v in values {
            let mut out = String::new();
            number_into(&mut out, v);
            assert_eq!(out, old(v), "{v}");
        }
    }
}
