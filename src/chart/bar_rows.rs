//! The bar layout that comparisons and parts share: each row has the name on the left and
//! the value and year on the right of a text line, and the bar below it across the chart's
//! whole width. Bars are labelled directly, so no legend has to be decoded; drawn this way
//! a chart stays readable at a phone's width, and a name or value too long for one line
//! wraps onto its own line.

use super::Context;
use super::frame::LINE;
use super::svg::{self, Align, Canvas, Group, SMALL, WIDTH, colour};
use super::text;
use crate::model::{Observation, Status};

const PAD: f64 = 8.0;

const BAR: f64 = 16.0;

/// Space between a row's bar and the next row's text.
const ROW_GAP: f64 = 8.0;

/// Room between a name and the value label on the same line.
const LABEL_GAP: f64 = 12.0;

/// Bold text runs wider than the estimate for regular text.
const BOLD: f64 = 1.1;

/// One bar to draw.
pub(super) struct Bar<'a> {
    pub name: String,
    pub bold: bool,
    pub obs: &'a Observation,
    /// Where the bar ends on the value axis: the figure's `Figure::position`.
    pub position: f64,
    pub label: String,
    /// `series-N` or `whole`.
    pub class: String,
    pub colour: plotters::style::RGBColor,
    /// A band behind the row marks the page's own province.
    pub highlight: bool,
    pub tooltip: String,
    /// Attributes naming what the bar is (`data-province`, `data-indicator`).
    pub data: Vec<(&'static str, String)>,
}

/// A heading row between groups of bars.
pub(super) struct Heading(pub String);

pub(super) enum Row<'a> {
    Bar(Bar<'a>),
    Heading(Heading),
}

/// A bar row laid out: its name lines, whether the value shares the last name line, and
/// the value label's lines (more than one when it is wider than the chart).
struct Laid<'r, 'a> {
    bar: &'r Bar<'a>,
    lines: Vec<String>,
    label_inline: bool,
    label_lines: Vec<String>,
}

impl Laid<'_, '_> {
    fn text_lines(&self) -> usize {
        if self.label_inline {
            self.lines.len()
        } else {
            self.lines.len() + self.label_lines.len()
        }
    }

    fn height(&self) -> f64 {
        self.text_lines() as f64 * LINE + BAR + ROW_GAP
    }
}

fn lay_out<'r, 'a>(bar: &'r Bar<'a>) -> Laid<'r, 'a> {
    let inner = WIDTH - 2.0 * PAD;
    let scale = if bar.bold { BOLD } else { 1.0 };
    let lines = text::wrap(&bar.name, inner / scale, SMALL);
    let last = lines.last().map_or(0.0, |l| text::width(l, SMALL) * scale);
    let label_inline = last + LABEL_GAP + text::width(&bar.label, SMALL) <= inner;
    // A label on lines of its own wraps, so a long one (value, year, marks) never runs
    // out of the chart at the left.
    let label_lines = if label_inline {
        vec![bar.label.clone()]
    } else {
        text::wrap(&bar.label, inner, SMALL)
    };
    Laid {
        bar,
        lines,
        label_inline,
        label_lines,
    }
}

/// Draws `lines` (a wrapped note) one under the other from `top`, starting at `x`.
pub(super) fn draw_note(canvas: &mut Canvas, lines: &[String], (x, top): (f64, f64)) -> Option<()> {
    if lines.is_empty() {
        return Some(());
    }
    canvas.layer(Group::new("legend scope-note"), |a| {
        for (k, line) in lines.iter().enumerate() {
            let pos = (x, top + LINE * (k as f64 + 0.5));
            svg::text(a, line, pos, Align::Start, false)?;
        }
        Ok(())
    })
}

/// Lays out and draws rows of bars: each bar below its name and value label, to scale
/// from a common baseline at the left (zero); a legend row when some bar is an estimate,
/// and `note` (what the reader must know to compare them) under everything.
pub(super) fn draw_bars(cx: Context, rows: &[Row], note: Option<&str>) -> Option<Canvas> {
    let laid: Vec<Option<Laid>> = rows
        .iter()
        .map(|r| match r {
            Row::Bar(b) => Some(lay_out(b)),
            Row::Heading(_) => None,
        })
        .collect();
    let inner = WIDTH - 2.0 * PAD;
    let max = laid
        .iter()
        .flatten()
        .map(|l| l.bar.position)
        .fold(0.0, f64::max);
    let length = |v: f64| {
        if max > 0.0 {
            v.max(0.0) / max * inner
        } else {
            0.0
        }
    };
    let estimate_key = laid
        .iter()
        .flatten()
        .find(|l| l.bar.obs.status == Status::Estimate && l.bar.class != "whole")
        .map(|l| (l.bar.class.clone(), l.bar.colour));
    let drawn = laid.iter().flatten().filter(|l| l.bar.class != "whole");
    let derived_keys = super::frame::derived_keys(cx, None, drawn.map(|l| l.bar.obs));
    let row_height = |l: &Option<Laid>| l.as_ref().map_or(LINE + 10.0, Laid::height);
    let key_rows = usize::from(estimate_key.is_some()) + derived_keys.len();
    let legend_height = key_rows as f64 * (LINE + 4.0);
    let note_lines = note.map_or_else(Vec::new, |n| text::wrap(n, inner, SMALL));
    let note_height = note_lines.len() as f64 * LINE;
    let height = PAD + laid.iter().map(row_height).sum::<f64>() + legend_height + note_height + PAD;

    let mut canvas = Canvas::new(WIDTH as u32, height.ceil() as u32);
    canvas.background()?;
    let mut placed: Vec<(&Row, &Option<Laid>, f64)> = Vec::new();
    let mut y = PAD;
    for (row, l) in rows.iter().zip(&laid) {
        placed.push((row, l, y));
        y += row_height(l);
    }
    let bar_top = |l: &Laid, top: f64| top + l.text_lines() as f64 * LINE;
    for &(_, l, top) in &placed {
        let Some(l) = l else { continue };
        if l.bar.highlight {
            let to = (WIDTH - 2.0, top + l.height() - ROW_GAP / 2.0);
            canvas.layer(Group::new("row-highlight"), |a| {
                svg::rect(
                    a,
                    (2.0, top - ROW_GAP / 2.0),
                    to,
                    colour::HIGHLIGHT_BAND,
                    true,
                )
            })?;
        }
    }
    for &(_, l, top) in &placed {
        let Some(l) = l else { continue };
        let y0 = bar_top(l, top);
        draw_bar(
            &mut canvas,
            l.bar,
            (PAD, y0),
            (PAD + length(l.bar.position), y0 + BAR),
        )?;
    }
    // The baseline runs beside each bar only, so it never crosses a label.
    canvas.layer(Group::new("axis"), |a| {
        for &(_, l, top) in &placed {
            let Some(l) = l else { continue };
            let y0 = bar_top(l, top);
            svg::polyline(
                a,
                &[(PAD, y0 - 2.0), (PAD, y0 + BAR + 2.0)],
                colour::AXIS,
                1,
            )?;
        }
        Ok(())
    })?;
    canvas.layer(Group::new("labels"), |a| {
        for &(row, l, top) in &placed {
            match (row, l) {
                (Row::Heading(h), _) => {
                    let y = top + 10.0 + LINE / 2.0;
                    svg::text(a, &h.0, (PAD, y), Align::Start, true)?;
                }
                (Row::Bar(_), Some(l)) => {
                    let line_y = |k: usize| top + LINE * (k as f64 + 0.5);
                    for (k, line) in l.lines.iter().enumerate() {
                        let pos = (PAD, line_y(k));
                        svg::text(a, line, pos, Align::Start, l.bar.bold)?;
                    }
                    let first = l.text_lines() - l.label_lines.len();
                    for (k, line) in l.label_lines.iter().enumerate() {
                        let pos = (WIDTH - PAD, line_y(first + k));
                        svg::text(a, line, pos, Align::End, false)?;
                    }
                }
                (Row::Bar(_), None) => {}
            }
        }
        Ok(())
    })?;
    draw_note(&mut canvas, &note_lines, (PAD, height - PAD - note_height))?;
    let legend_top = height - PAD - note_height - legend_height;
    let key_y = |row: usize| legend_top + (row as f64 + 0.5) * (LINE + 4.0);
    for (row, (_, label)) in derived_keys.iter().enumerate() {
        let y = key_y(row + usize::from(estimate_key.is_some()));
        let group = Group::new("legend-key bar neutral derived").attr("stroke-width", "2");
        canvas.layer(group, |a| {
            let (from, to) = ((PAD + 1.0, y - 5.0), (PAD + 21.0, y + 5.0));
            svg::rect(a, from, to, colour::WHITE, true)?;
            svg::rect(a, from, to, colour::MUTED, false)
        })?;
        canvas.layer(Group::new("legend"), |a| {
            svg::text(a, label, (PAD + 30.0, y), Align::Start, false)
        })?;
    }
    if let Some((class, c)) = estimate_key {
        let y = key_y(0);
        let group = Group::new(format!("legend-key bar {class} estimate"))
            .attr("fill-opacity", svg::ESTIMATE_FILL);
        canvas.layer(group, |a| {
            svg::rect(a, (PAD, y - 6.0), (PAD + 22.0, y + 6.0), c, true)?;
            svg::rect(a, (PAD, y - 6.0), (PAD + 22.0, y + 6.0), c, false)
        })?;
        canvas.layer(Group::new("legend"), |a| {
            let label = cx.t("chart_legend_estimate");
            svg::text(a, label, (PAD + 30.0, y), Align::Start, false)
        })?;
    }
    Some(canvas)
}

/// One bar: filled for a result, a lighter fill inside a full-colour outline for an
/// estimate, an outline for the whole of a parts chart, and for a figure the site computed
/// (`derived`, named in the legend).
fn draw_bar(canvas: &mut Canvas, b: &Bar, from: (f64, f64), to: (f64, f64)) -> Option<()> {
    let estimate = b.obs.status == Status::Estimate;
    let whole = b.class == "whole";
    let derived = !whole && b.obs.derived.is_derived();
    let mut group = Group::new(format!(
        "bar {}{}{}",
        b.class,
        if estimate { " estimate" } else { "" },
        if derived { " derived" } else { "" }
    ));
    for (name, value) in &b.data {
        group = group.attr(name, value.clone());
    }
    group = group.tooltip(b.tooltip.clone());
    if whole || derived {
        group = group.attr("stroke-width", "2");
    }
    if estimate {
        group = group.attr("fill-opacity", svg::ESTIMATE_FILL);
    }
    canvas.layer(group, |a| {
        if derived {
            let (inset, end) = svg::outline_box(from, to, 1.0);
            svg::rect(a, inset, end, colour::WHITE, true)?;
            return svg::rect(a, inset, end, b.colour, false);
        }
        if !whole {
            svg::rect(a, from, to, b.colour, true)?;
        }
        if whole || estimate {
            let inset = (from.0 + 0.5, from.1 + 0.5);
            svg::rect(a, inset, (to.0 - 0.5, to.1 - 0.5), b.colour, false)?;
        }
        Ok(())
    })
}
