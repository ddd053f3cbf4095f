//! Horizontal bar charts: provinces compared on one indicator; the bar layout that `parts`
//! shares.
//!
//! Bars are labelled directly (name on the left, value and year on the right), so no
//! legend or colour has to be decoded. Label columns are sized from estimated text widths;
//! the canvas grows wider rather than squeezing bars below a readable length.

use super::frame::LINE;
use super::svg::{self, Align, Canvas, Group, SMALL, colour};
use super::text;
use super::{Chart, ChartKind, Context, DataTable};
use crate::model::{Better, Status};
use crate::model::{Indicator, IndicatorRef, Observation, Province, Year};
use crate::values::indicator_name;

const WIDTH: f64 = 640.0;
const PAD: f64 = 8.0;
const ROW: f64 = 30.0;
const BAR: f64 = 18.0;
const MIN_BAR_SPACE: f64 = 200.0;
/// Bold text runs wider than the estimate for regular text.
const BOLD: f64 = 1.1;

/// One bar to draw.
pub(super) struct Bar<'a> {
    pub name_lines: Vec<String>,
    pub bold: bool,
    pub obs: &'a Observation,
    pub label: String,
    /// `series-N`, `highlight` or `whole`.
    pub class: String,
    pub colour: plotters::style::RGBColor,
    pub tooltip: String,
    /// Extra attribute naming what the bar is (province slug or indicator id).
    pub data: (&'static str, String),
}

/// A heading row between groups of bars.
pub(super) struct Heading(pub String);

pub(super) enum Row<'a> {
    Bar(Bar<'a>),
    Heading(Heading),
}

impl Row<'_> {
    fn height(&self) -> f64 {
        match self {
            // Space above a heading separates it from the group before.
            Row::Heading(_) => LINE + 10.0,
            Row::Bar(b) => ROW.max(b.name_lines.len() as f64 * LINE + 6.0),
        }
    }
}

/// The most bars a comparison draws; a country has 63 provinces, synthetic sites many more.
pub const MAX_BARS: usize = 40;

pub(super) fn comparison(
    cx: Context,
    r: IndicatorRef,
    highlight: Option<&Province>,
    id: &str,
) -> Option<Chart> {
    let (site, lang) = (cx.site, cx.lang);
    let ind = site.indicator(r);
    let mut latest: Vec<(&Province, &Observation)> = site
        .provinces_with(r)
        .filter_map(|(p, s)| Some((p, s.latest()?)))
        .collect();
    if latest.len() < 2 {
        return None;
    }
    latest.sort_by(|(pa, a), (pb, b)| {
        let by_value = match ind.better {
            Better::Higher => b.value.total_cmp(&a.value),
            Better::Lower => a.value.total_cmp(&b.value),
            Better::None => std::cmp::Ordering::Equal,
        };
        by_value.then_with(|| pa.name.cmp(&pb.name))
    });
    // Past MAX_BARS the chart shows the best ones (and the highlighted province); the
    // page's table lists every province.
    let total = latest.len();
    if total > MAX_BARS {
        let keep_highlight = highlight.and_then(|h| {
            latest
                .iter()
                .skip(MAX_BARS)
                .position(|(p, _)| p.slug == h.slug)
        });
        let extra = keep_highlight.map(|i| latest[MAX_BARS + i]);
        latest.truncate(MAX_BARS);
        latest.extend(extra);
    }
    let newest = latest.iter().map(|(_, o)| o.year).max();
    let rows: Vec<Row> = latest
        .iter()
        .map(|(p, o)| {
            let highlighted = highlight.is_some_and(|h| h.slug == p.slug);
            let mut label = format!("{} ({})", cx.value(ind, o), cx.year_status(o));
            if let Some(gap) = year_gap(cx, o, newest) {
                label = format!("{label} {gap}");
            }
            Row::Bar(Bar {
                name_lines: vec![text::province_name(p, lang).to_string()],
                bold: highlighted,
                obs: o,
                tooltip: format!("{}: {label}", text::province_name(p, lang)),
                label,
                class: if highlighted { "highlight" } else { "series-0" }.to_string(),
                colour: if highlighted {
                    colour::HIGHLIGHT
                } else {
                    colour::series(0)
                },
                data: ("data-province", p.slug.clone()),
            })
        })
        .collect();
    let svg_parts = draw_bars(&rows)?;

    let name = indicator_name(ind, lang);
    let keys = ("chart_comparison_title", "chart_comparison_title_top");
    let title = cx.title(keys, name, latest.len(), total);
    let description = describe_comparison(cx, name, &latest, ind);
    let table = province_table(cx, ind, &latest);
    Some(svg_parts.into_chart(ChartKind::Comparison, id, lang, (title, description), table))
}

/// Province, year, value, note, source: one row per observation, in the given order.
pub(super) fn province_table(
    cx: Context,
    ind: &Indicator,
    rows: &[(&Province, &Observation)],
) -> DataTable {
    let rows: Vec<(Option<&Province>, &Observation)> =
        rows.iter().map(|(p, o)| (Some(*p), *o)).collect();
    let caption = indicator_name(ind, cx.lang).to_string();
    super::line::observation_table(cx, ind, caption, &rows)
}

/// Lists every province in chart order (the first three and the last when there are many),
/// and says when the years differ.
fn describe_comparison(
    cx: Context,
    name: &str,
    latest: &[(&Province, &Observation)],
    ind: &Indicator,
) -> String {
    let item = |(p, o): &(&Province, &Observation)| province_value(cx, p, ind, o);
    let items: Vec<String> = if latest.len() > 6 {
        let mut v: Vec<String> = latest[..3].iter().map(item).collect();
        v.push("…".to_string());
        v.extend(latest.last().map(item));
        v
    } else {
        latest.iter().map(item).collect()
    };
    let years_differ = latest.windows(2).any(|w| w[0].1.year != w[1].1.year);
    let key = if years_differ {
        "chart_comparison_description_years_differ"
    } else {
        "chart_comparison_description"
    };
    let (n, items) = (latest.len().to_string(), items.join("; "));
    let mut out = cx.fill(key, &[("name", name), ("n", &n), ("items", &items)]);
    let newest = latest.iter().map(|(_, o)| o.year).max();
    let old: Vec<String> = latest
        .iter()
        .filter_map(|(p, o)| {
            year_gap(cx, o, newest)?;
            Some(format!("{} ({})", text::province_name(p, cx.lang), o.year))
        })
        .collect();
    if !old.is_empty() {
        let gap = cx.site.config.comparison_year_gap.to_string();
        out.push(' ');
        out.push_str(&cx.fill(
            "chart_comparison_years_apart",
            &[("provinces", &old.join(", ")), ("gap", &gap)],
        ));
    }
    out
}

/// `[‡ 19 năm trước số mới nhất]` for a figure more than `comparison_year_gap` years older
/// than the newest one in the comparison; none otherwise.
fn year_gap(cx: Context, o: &Observation, newest: Option<Year>) -> Option<String> {
    let apart = newest?.get().checked_sub(o.year.get())?;
    (apart > cx.site.config.comparison_year_gap)
        .then(|| cx.fill("chart_year_gap", &[("years", &apart.to_string())]))
}

/// `Vĩnh Phúc 72.120 tỷ đồng (2019)`: one province's figure in a description.
pub(super) fn province_value(
    cx: Context,
    p: &Province,
    ind: &Indicator,
    o: &Observation,
) -> String {
    let province = text::province_name(p, cx.lang);
    let (value, year) = (cx.value(ind, o), cx.year_status(o));
    let args = [("province", province), ("value", &value), ("year", &year)];
    cx.fill("chart_province_value", &args)
}

/// Lays out and draws rows of bars: names right-aligned before a common baseline, bars to
/// scale, value labels after the bar ends.
pub(super) fn draw_bars(rows: &[Row]) -> Option<Canvas> {
    let bars = || {
        rows.iter().filter_map(|r| match r {
            Row::Bar(b) => Some(b),
            Row::Heading(_) => None,
        })
    };
    let name_width = |b: &Bar| {
        let scale = if b.bold { BOLD } else { 1.0 };
        b.name_lines
            .iter()
            .map(|l| text::width(l, SMALL) * scale)
            .fold(0.0, f64::max)
    };
    let names = bars().map(name_width).fold(0.0, f64::max);
    let headings = rows
        .iter()
        .filter_map(|r| match r {
            Row::Heading(h) => Some(text::width(&h.0, SMALL) * BOLD),
            Row::Bar(_) => None,
        })
        .fold(0.0, f64::max);
    let x0 = (PAD + names + 10.0).ceil();
    let max = bars().map(|b| b.obs.value).fold(0.0, f64::max);
    let share = |v: f64| if max > 0.0 { v.max(0.0) / max } else { 0.0 };
    // The longest bar that still leaves room for every bar's own label after its end.
    let space = bars()
        .map(|b| {
            let room = WIDTH - PAD - 6.0 - text::width(&b.label, SMALL) - x0;
            if share(b.obs.value) > 0.0 {
                room / share(b.obs.value)
            } else {
                f64::INFINITY
            }
        })
        .fold(WIDTH - PAD - x0, f64::min)
        .max(MIN_BAR_SPACE);
    let length = |v: f64| share(v) * space;
    let width = bars()
        .map(|b| x0 + length(b.obs.value) + 6.0 + text::width(&b.label, SMALL) + PAD)
        .fold(WIDTH.max(PAD + headings + PAD), f64::max)
        .ceil();
    let height = (PAD + rows.iter().map(Row::height).sum::<f64>() + PAD).ceil();

    let mut canvas = Canvas::new(width as u32, height as u32);
    canvas.background()?;
    let mut y = PAD;
    let mut placed: Vec<(&Row, f64)> = Vec::new();
    for row in rows {
        placed.push((row, y + row.height() / 2.0));
        y += row.height();
    }
    for &(row, yc) in &placed {
        let Row::Bar(b) = row else { continue };
        let estimate = b.obs.status == Status::Estimate;
        let hollow = estimate || b.class == "whole";
        let mut group = Group::new(format!(
            "bar {}{}",
            b.class,
            if estimate { " estimate" } else { "" }
        ))
        .attr(b.data.0, b.data.1.clone())
        .tooltip(b.tooltip.clone());
        if hollow {
            group = group.attr("stroke-width", "2");
        }
        if estimate {
            group = group.dashed();
        }
        let (from, to) = (
            (x0, yc - BAR / 2.0),
            (x0 + length(b.obs.value), yc + BAR / 2.0),
        );
        canvas.layer(group, |a| {
            if hollow {
                svg::rect(a, from, to, colour::WHITE, true)?;
                svg::rect(
                    a,
                    (from.0 + 1.0, from.1 + 1.0),
                    (to.0 - 1.0, to.1 - 1.0),
                    b.colour,
                    false,
                )
            } else {
                svg::rect(a, from, to, b.colour, true)
            }
        })?;
    }
    // The baseline runs beside the bars only, so it never crosses a heading.
    canvas.layer(Group::new("axis"), |a| {
        for &(row, yc) in &placed {
            if let Row::Bar(_) = row {
                let half = row.height() / 2.0;
                svg::polyline(a, &[(x0, yc - half), (x0, yc + half)], colour::AXIS, 1)?;
            }
        }
        Ok(())
    })?;
    canvas.layer(Group::new("labels"), |a| {
        for &(row, yc) in &placed {
            match row {
                Row::Heading(h) => {
                    let y = yc + 3.0;
                    svg::text(a, &h.0, (PAD, y), SMALL, colour::TEXT, Align::Start, true)?;
                }
                Row::Bar(b) => {
                    let n = b.name_lines.len() as f64;
                    for (k, line) in b.name_lines.iter().enumerate() {
                        let ly = yc + (k as f64 - (n - 1.0) / 2.0) * LINE;
                        svg::text(
                            a,
                            line,
                            (x0 - 10.0, ly),
                            SMALL,
                            colour::TEXT,
                            Align::End,
                            b.bold,
                        )?;
                    }
                    let lx = x0 + length(b.obs.value) + 6.0;
                    svg::text(
                        a,
                        &b.label,
                        (lx, yc),
                        SMALL,
                        colour::TEXT,
                        Align::Start,
                        false,
                    )?;
                }
            }
        }
        Ok(())
    })?;
    Some(canvas)
}
