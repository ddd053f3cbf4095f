//! Horizontal bar charts: provinces compared on one indicator; the bar layout that `parts`
//! shares.
//!
//! Bars are labelled directly, so no legend has to be decoded: each row has the name on the
//! left and the value and year on the right of a text line, and the bar below it across the
//! chart's whole width. Drawn this way a chart stays readable at a phone's width; a name or
//! value too long for one line wraps onto its own line.

use super::frame::LINE;
use super::svg::{self, Align, Canvas, Group, SMALL, WIDTH, colour};
use super::text;
use super::types::{ChartType, Depends, Subject};
use super::{Chart, ChartKind, Context, DataTable};
use crate::model::{Better, Status};
use crate::model::{Indicator, IndicatorRef, Observation, Province, Site, Year};
use crate::values::indicator_name;

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

/// The most bars a comparison draws; a country has 63 provinces, synthetic sites many more.
pub const MAX_BARS: usize = 40;

/// Horizontal bars comparing every province's latest figure, best first (by the
/// indicator's `better`), each labelled with value and year; the block type `bar`.
pub struct Comparison;

impl ChartType for Comparison {
    fn kind(&self) -> ChartKind {
        ChartKind::Comparison
    }

    fn block_name(&self) -> Option<&'static str> {
        Some("bar")
    }

    fn has_data(&self, site: &Site, s: &Subject) -> bool {
        latest_figures(site, s.indicator).is_some()
    }

    fn depends(&self) -> Depends {
        Depends::EveryProvince
    }

    fn draw(&self, cx: Context, s: &Subject, id: &str) -> Option<Chart> {
        comparison(cx, s.indicator, None, &super::safe_id(id))
    }
}

/// Each province with a latest figure of `r`, with its position in the site's list (its
/// colour). `None` with fewer than two.
fn latest_figures(site: &Site, r: IndicatorRef) -> Option<Vec<(usize, &Province, &Observation)>> {
    let latest: Vec<(usize, &Province, &Observation)> = site
        .provinces
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, p, p.series_of(r)?.latest()?)))
        .collect();
    (latest.len() >= 2).then_some(latest)
}

/// Like [`Comparison`], with one province's bar highlighted (darker, bold name), for a
/// province page.
pub fn comparison_highlighting<'a>(
    cx: impl Into<Context<'a>>,
    indicator: IndicatorRef,
    province: &Province,
    id: &str,
) -> Option<Chart> {
    comparison(cx.into(), indicator, Some(province), &super::safe_id(id))
}

fn comparison(
    cx: Context,
    r: IndicatorRef,
    highlight: Option<&Province>,
    id: &str,
) -> Option<Chart> {
    let (site, lang) = (cx.site, cx.lang);
    let ind = site.indicator(r);
    let mut latest = latest_figures(site, r)?;
    latest.sort_by(|(_, pa, a), (_, pb, b)| {
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
                .position(|(_, p, _)| p.slug == h.slug)
        });
        let extra = keep_highlight.map(|i| latest[MAX_BARS + i]);
        latest.truncate(MAX_BARS);
        latest.extend(extra);
    }
    let newest = latest.iter().map(|(_, _, o)| o.year).max();
    let rows: Vec<Row> = latest
        .iter()
        .map(|&(i, p, o)| {
            let highlighted = highlight.is_some_and(|h| h.slug == p.slug);
            let mut label = format!(
                "{} ({})",
                cx.figure(ind, o).value(),
                cx.figure(ind, o).year_status()
            );
            if let Some(gap) = year_gap(cx, o, newest) {
                label = format!("{label} {gap}");
            }
            Row::Bar(Bar {
                name: text::province_name(p, lang).to_string(),
                bold: highlighted,
                obs: o,
                tooltip: format!("{}: {label}", text::province_name(p, lang)),
                label,
                class: format!("series-{}", i % super::SERIES_COLOURS),
                colour: colour::series(i),
                highlight: highlighted,
                data: vec![("data-province", p.slug.clone())],
            })
        })
        .collect();
    let latest: Vec<(&Province, &Observation)> = latest.iter().map(|&(_, p, o)| (p, o)).collect();
    let note = scope_note(cx, &latest);
    let svg_parts = draw_bars(cx, &rows, note.as_deref())?;

    let name = indicator_name(ind, lang);
    let keys = ("chart_comparison_title", "chart_comparison_title_top");
    let title = cx.title(keys, name, latest.len(), total);
    let mut description = describe_comparison(cx, name, &latest, ind);
    let mut table = province_table(cx, ind, &latest);
    if let Some(note) = note {
        description = format!("{description} {note}");
        table.note = Some(note);
    }
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

/// `Các số liệu có phạm vi khác nhau: Vĩnh Phúc (…); Thanh Hóa (không nêu phạm vi).` when
/// the compared figures do not all cover the same thing (different `scope`s, or some with
/// one and some without), so a reader sees it beside the chart; `None` when they agree.
/// One item per province and scope, in the chart's order.
pub(super) fn scope_note(cx: Context, figures: &[(&Province, &Observation)]) -> Option<String> {
    let scopes: std::collections::BTreeSet<Option<&str>> =
        figures.iter().map(|(_, o)| o.scope.as_deref()).collect();
    if scopes.len() < 2 {
        return None;
    }
    let mut items: Vec<String> = Vec::new();
    for (p, o) in figures {
        let scope = cx
            .scope(o)
            .unwrap_or_else(|| cx.t("chart_scope_not_stated").to_string());
        let item = format!("{} ({scope})", text::province_name(p, cx.lang));
        if !items.contains(&item) {
            items.push(item);
        }
    }
    Some(cx.fill("chart_scopes_differ", &[("items", &items.join("; "))]))
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
    let (value, year) = (cx.figure(ind, o).value(), cx.figure(ind, o).year_status());
    let args = [("province", province), ("value", &value), ("year", &year)];
    cx.fill("chart_province_value", &args)
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
        .map(|l| l.bar.obs.value)
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
            (PAD + length(l.bar.obs.value), y0 + BAR),
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
            let inset = (from.0 + 1.0, from.1 + 1.0);
            svg::rect(a, inset, (to.0 - 1.0, to.1 - 1.0), colour::WHITE, true)?;
            return svg::rect(a, inset, (to.0 - 1.0, to.1 - 1.0), b.colour, false);
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
