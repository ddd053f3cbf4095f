//! The frame of a time chart (year axis, value axis with the indicator's unit) and the
//! placement of labels so that none overlaps another label, a marker or the frame.

use super::scale::{self, Linear, Ticks};
use super::svg::{self, Align, Canvas, Group, SMALL, colour};
use super::text;
use crate::format;
use crate::model::Kind;
use crate::model::Lang;
use crate::model::{Indicator, Observation, Provenance};
use crate::values;

/// An axis-aligned box: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn around((x, y): (f64, f64), half_w: f64, half_h: f64) -> Rect {
        Rect {
            x0: x - half_w,
            y0: y - half_h,
            x1: x + half_w,
            y1: y + half_h,
        }
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }

    fn contains(&self, (x, y): (f64, f64)) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
}

/// Where the plot area is and how data maps onto it.
pub(super) struct Frame {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub bottom: f64,
    pub x: Linear,
    pub y: Linear,
    ticks: Ticks,
    first_year: u16,
    last_year: u16,
}

/// Vertical room for one line of small text.
pub(super) const LINE: f64 = SMALL * 1.5;

impl Frame {
    /// Lays out a frame for `values` over `first_year..=last_year`. `bottom_extra` is room
    /// kept under the year labels (a legend).
    pub fn new(
        ind: &Indicator,
        values: &[f64],
        (first_year, last_year): (u16, u16),
        (width, height): (f64, f64),
        bottom_extra: f64,
        lang: Lang,
    ) -> Frame {
        let ticks = value_ticks(ind, values);
        let widest = ticks
            .values
            .iter()
            .map(|&v| text::width(&tick_label(ind, &ticks, v, lang), SMALL))
            .fold(0.0, f64::max);
        let left = (widest + 14.0).ceil();
        let right = width - 14.0;
        let top = LINE + 10.0;
        let bottom = height - LINE - 6.0 - bottom_extra;
        let x = Linear::new(
            (f64::from(first_year) - 0.5, f64::from(last_year) + 0.5),
            (left, right),
        );
        // Ranks read best at the top: rank 1 is the top edge.
        let y = if ind.kind == Kind::Rank {
            Linear::new((ticks.lo, ticks.hi), (top, bottom))
        } else {
            Linear::new((ticks.lo, ticks.hi), (bottom, top))
        };
        Frame {
            width,
            height,
            left,
            right,
            bottom,
            x,
            y,
            ticks,
            first_year,
            last_year,
        }
    }

    pub fn at(&self, year: u16, value: f64) -> (f64, f64) {
        (self.x.map(f64::from(year)), self.y.map(value))
    }

    /// Where labels may go: inside the canvas, right of the value axis's labels, above the
    /// years.
    pub fn label_bounds(&self) -> Rect {
        Rect {
            x0: self.left - 4.0,
            y0: 2.0,
            x1: self.width - 2.0,
            y1: self.bottom - 2.0,
        }
    }

    /// The unit caption's box (top left), an obstacle for labels.
    pub fn caption_box(&self, ind: &Indicator, lang: Lang) -> Option<Rect> {
        let unit = values::unit(ind, lang);
        (unit != "%" && !unit.is_empty()).then(|| Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 6.0 + text::width(unit, SMALL),
            y1: LINE + 2.0,
        })
    }

    /// Grid lines, the baseline, value and year labels, the unit caption.
    pub fn draw(&self, canvas: &mut Canvas, ind: &Indicator, lang: Lang) -> Option<()> {
        let baseline = self.bottom;
        // The grid lines as one path: one element instead of one per line.
        let mut grid = String::new();
        for &v in &self.ticks.values {
            let y = self.y.map(v).round();
            if (y - baseline).abs() > 0.5 {
                let (x0, x1) = (self.left.round(), self.right.round());
                grid.push_str(&format!("M{x0} {y}H{x1}"));
            }
        }
        if !grid.is_empty() {
            canvas.shapes(Group::new("grid"), |e| e.el("path").attr("d", &grid).end());
        }
        canvas.layer(Group::new("axis").anchored(Align::Middle), |a| {
            svg::polyline(
                a,
                &[(self.left, baseline), (self.right, baseline)],
                colour::AXIS,
                1,
            )?;
            for &v in &self.ticks.values {
                let label = tick_label(ind, &self.ticks, v, lang);
                let pos = (self.left - 8.0, self.y.map(v));
                svg::text(a, &label, pos, Align::End, false)?;
            }
            let room = self.x.map(1.0) - self.x.map(0.0);
            let label = text::width("2000", SMALL) + 6.0;
            for year in scale::year_ticks(self.first_year, self.last_year, room, label) {
                let pos = (self.x.map(f64::from(year)), self.bottom + LINE / 2.0 + 6.0);
                svg::text(a, &year.to_string(), pos, Align::Middle, false)?;
            }
            if self.caption_box(ind, lang).is_some() {
                let unit = values::unit(ind, lang);
                svg::text(a, unit, (4.0, LINE / 2.0 + 2.0), Align::Start, false)?;
            }
            Ok(())
        })
    }
}

/// Value ticks: zero-based for every amount, share, score and index (a fitted axis would
/// make a small difference look large), from 1 for ranks down to the last place.
fn value_ticks(ind: &Indicator, values: &[f64]) -> Ticks {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (min, max) = if min.is_finite() {
        (min, max)
    } else {
        (0.0, 1.0)
    };
    match ind.kind {
        Kind::Rank => scale::rank_ticks(max, 5),
        Kind::Count => scale::nice_integer(min.min(0.0), max, 4),
        _ => scale::nice(min.min(0.0), max, 4),
    }
}

/// The figures a frame's value axis must cover: each observation's value and, for a rank,
/// its `out_of`, so the axis runs from first to last place rather than around the ranks
/// held.
pub(super) fn axis_values<'o>(
    cx: super::Context,
    ind: &Indicator,
    obs: impl IntoIterator<Item = &'o Observation>,
) -> Vec<f64> {
    let rank = ind.kind == Kind::Rank;
    obs.into_iter()
        .flat_map(|o| {
            let last_place = o.out_of.filter(|_| rank).map(f64::from);
            std::iter::once(cx.position(ind, o)).chain(last_place)
        })
        .collect()
}

fn tick_label(ind: &Indicator, ticks: &Ticks, v: f64, lang: Lang) -> String {
    let n = format::scale_label(v, ticks.decimals, lang);
    if values::unit(ind, lang) == "%" {
        format!("{n}%")
    } else {
        n
    }
}

/// Places labels one by one, each where it collides with nothing placed before.
pub(super) struct Labels {
    bounds: Rect,
    obstacles: Vec<Rect>,
    /// Points along the drawn lines; a label over a line is a second choice.
    line_points: Vec<(f64, f64)>,
    pub placed: Vec<(String, (f64, f64))>,
}

impl Labels {
    pub fn new(bounds: Rect) -> Labels {
        Labels {
            bounds,
            obstacles: Vec::new(),
            line_points: Vec::new(),
            placed: Vec::new(),
        }
    }

    pub fn avoid(&mut self, r: Rect) {
        self.obstacles.push(r);
    }

    /// Remembers a drawn line segment (sampled every 3 px).
    pub fn avoid_line(&mut self, a: (f64, f64), b: (f64, f64)) {
        let steps = ((b.0 - a.0).hypot(b.1 - a.1) / 3.0).ceil().max(1.0) as usize;
        for i in 0..=steps {
            let t = i as f64 / steps as f64;
            self.line_points
                .push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
        }
    }

    /// Labels a marker at `p` (radius `r`): above, below, beside or diagonal, whichever is
    /// free first; over a line if nothing else is free; not at all if nothing fits.
    pub fn place(&mut self, label: String, p: (f64, f64), r: f64) -> bool {
        let half_w = text::width(&label, SMALL) / 2.0;
        let half_h = SMALL * 0.7;
        let gap = r + 3.0;
        let (x, y) = p;
        let candidates = [
            (x, y - gap - half_h),
            (x, y + gap + half_h),
            (x - gap - half_w, y - gap - half_h),
            (x + gap + half_w, y - gap - half_h),
            (x - gap - half_w, y + gap + half_h),
            (x + gap + half_w, y + gap + half_h),
            (x + gap + half_w, y),
            (x - gap - half_w, y),
        ];
        let boxes: Vec<Rect> = candidates
            .iter()
            .map(|&c| Rect::around(c, half_w, half_h))
            .filter(|b| b.inside(&self.bounds) && !self.obstacles.iter().any(|o| o.overlaps(b)))
            .collect();
        let free = boxes
            .iter()
            .find(|b| !self.line_points.iter().any(|&lp| b.contains(lp)))
            .or(boxes.first());
        let Some(&b) = free else { return false };
        self.obstacles.push(b);
        self.placed
            .push((label, ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0)));
        true
    }

    pub fn draw(&self, canvas: &mut Canvas) -> Option<()> {
        canvas.layer(Group::new("value-labels").anchored(Align::Middle), |a| {
            for (label, pos) in &self.placed {
                svg::text(a, label, *pos, Align::Middle, false)?;
            }
            Ok(())
        })
    }
}

/// What a legend entry shows before its text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Key {
    /// A line with a marker (`hollow` and dashed for estimates), in the colour of palette
    /// entry `series` (a province), or muted for a key that stands for every series.
    Series {
        series: Option<usize>,
        shape: svg::Shape,
        estimate: bool,
    },
    Target,
    /// A hollow marker alone: a point the site computed (its label carries the †).
    Derived {
        series: Option<usize>,
    },
}

/// One legend entry per kind of derived figure among `obs` (`† do trang này tính`, `† tổng
/// do trang này cộng`), keyed by a hollow marker: derived points are drawn hollow and the
/// legend says what the hollow and the † mean.
pub(super) fn derived_keys<'o>(
    cx: super::Context,
    series: Option<usize>,
    obs: impl IntoIterator<Item = &'o Observation>,
) -> Vec<(Key, String)> {
    let mut kinds: Vec<Provenance> = obs
        .into_iter()
        .map(|o| o.derived)
        .filter(|p| p.is_derived())
        .collect();
    kinds.sort_by_key(|p| p.code());
    kinds.dedup();
    kinds
        .into_iter()
        .filter_map(|p| values::provenance_text(p, cx.lang, cx.i18n))
        .map(|label| (Key::Derived { series }, label))
        .collect()
}

/// Legend entries laid out in rows across the bottom of the canvas.
pub(super) struct Legend {
    items: Vec<(Key, String, f64, usize)>,
    rows: usize,
}

impl Legend {
    pub fn new(entries: Vec<(Key, String)>, x0: f64, width: f64) -> Legend {
        let mut items = Vec::new();
        let (mut x, mut row) = (x0, 0);
        for (key, label) in entries {
            let w = 28.0 + text::width(&label, SMALL);
            if x > x0 && x + w > width - 4.0 {
                x = x0;
                row += 1;
            }
            items.push((key, label, x, row));
            x += w + 16.0;
        }
        let rows = if items.is_empty() { 0 } else { row + 1 };
        Legend { items, rows }
    }

    /// Room the legend takes at the bottom.
    pub fn height(&self) -> f64 {
        self.rows as f64 * LINE
    }

    pub fn draw(&self, canvas: &mut Canvas) -> Option<()> {
        let top = f64::from(canvas.height) - self.height() - 2.0;
        let row_y = |row: usize| top + LINE * (row as f64 + 0.5);
        canvas.layer(Group::new("legend"), |a| {
            for (_, label, x, row) in &self.items {
                let pos = (x + 28.0, row_y(*row));
                svg::text(a, label, pos, Align::Start, false)?;
            }
            Ok(())
        })?;
        for (key, _, x, row) in &self.items {
            let (x, y) = (*x, row_y(*row));
            match *key {
                Key::Series {
                    series,
                    shape,
                    estimate,
                } => {
                    let colour = series.map_or(colour::MUTED, colour::series);
                    // The class restyles the key with its series in the dark scheme.
                    let class = format!(
                        "legend-key {}{}",
                        series.map_or("neutral".to_string(), |i| format!(
                            "series-{}",
                            i % super::SERIES_COLOURS
                        )),
                        if estimate { " estimate" } else { "" }
                    );
                    let line = Group::new(class.clone());
                    let line = if estimate { line.dashed() } else { line };
                    canvas.layer(line, |a| {
                        svg::polyline(a, &[(x, y), (x + 22.0, y)], colour, 2)
                    })?;
                    canvas.layer(Group::new(class), |a| {
                        svg::marker(a, shape, (x + 11.0, y), 4.0, colour, estimate)
                    })?;
                }
                Key::Derived { series } => {
                    let colour = series.map_or(colour::MUTED, colour::series);
                    let class = format!(
                        "legend-key derived {}",
                        series.map_or("neutral".to_string(), |i| format!(
                            "series-{}",
                            i % super::SERIES_COLOURS
                        ))
                    );
                    canvas.layer(Group::new(class), |a| {
                        svg::marker(a, svg::Shape::Circle, (x + 11.0, y), 4.0, colour, true)
                    })?;
                }
                Key::Target => {
                    canvas.layer(Group::new("legend-key target"), |a| {
                        svg::marker(
                            a,
                            svg::Shape::Diamond,
                            (x + 11.0, y),
                            4.5,
                            colour::TARGET,
                            false,
                        )
                    })?;
                }
            }
        }
        Some(())
    }
}
