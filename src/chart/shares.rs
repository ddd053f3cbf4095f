//! One province's shares (percent indicators) of one topic in one chart: a row per
//! indicator with a track from 0 to 100%, the latest value filled in and labelled with its
//! year, and the target marked. It replaces a column of single progress bars on a province
//! page, so a dozen shares take the height of a dozen lines.

use super::element::Elements;
use super::svg::{Canvas, ESTIMATE_FILL, Group};
use super::text;
use super::{Chart, ChartKind, Citations, Context, DataTable};
use crate::model::{IndicatorRef, Kind, Observation, Province, Status};
use crate::values::{indicator_name, year_text};

/// Narrow, like the other charts of a page: drawn 288 to 408 px wide, 14-unit text reads
/// between 11 and 16 px. Each share's name takes the full width, its bar the line below.
const WIDTH: f64 = 360.0;
const FONT: f64 = 14.0;
const ROWS: Rows = Rows {
    pad: 8.0,
    line: 18.0,
    gap: 10.0,
    track: 16.0,
    legend: 24.0,
};

/// The vertical rhythm, in viewBox units.
struct Rows {
    /// Around the chart.
    pad: f64,
    /// One line of a share's (wrapped) name.
    line: f64,
    /// Between one share's bar and the next share's name.
    gap: f64,
    /// A bar's track (the full 100%).
    track: f64,
    /// The legend's line under the bars.
    legend: f64,
}

/// One share to draw.
struct Share<'a> {
    r: IndicatorRef,
    name: Vec<String>,
    latest: &'a Observation,
    target: Option<&'a Observation>,
    label: String,
}

impl Share<'_> {
    /// Where `obs` (its latest figure or target) sits on the value axis.
    fn position(&self, cx: Context, obs: &Observation) -> f64 {
        cx.position(cx.site.indicator(self.r), obs)
    }
}

/// The shares of `province` among `indicators` (percent indicators with a reported value),
/// titled by `topic`. `None` when fewer than two have a value (a single one keeps its own
/// progress bar).
pub(super) fn shares(
    cx: Context,
    province: &Province,
    indicators: &[IndicatorRef],
    topic: &str,
    id: &str,
) -> Option<Chart> {
    let site = cx.site;
    let rows: Vec<Share> = indicators
        .iter()
        .filter_map(|&r| {
            let ind = site.indicator(r);
            if ind.kind != Kind::Percent {
                return None;
            }
            let series = province.series_of(r)?;
            let latest = series.latest()?;
            let target = series
                .targets()
                .find(|t| t.year >= latest.year)
                .or_else(|| series.targets().last());
            let name = text::wrap(indicator_name(ind, cx.lang), WIDTH - 2.0 * ROWS.pad, FONT);
            let label = format!(
                "{} ({})",
                cx.figure(ind, latest).value(),
                cx.figure(ind, latest).year_status()
            );
            Some(Share {
                r,
                name,
                latest,
                target,
                label,
            })
        })
        .collect();
    if rows.len() < 2 {
        return None;
    }
    let labels = rows
        .iter()
        .map(|s| text::width(&s.label, FONT))
        .fold(0.0, f64::max);
    let x0 = ROWS.pad;
    let x1 = (WIDTH - ROWS.pad - labels - 8.0).max(x0 + 120.0).floor();
    let width = (x1 + 8.0 + labels + ROWS.pad).max(WIDTH).ceil();
    let max = rows
        .iter()
        .flat_map(|s| [Some(s.latest), s.target].map(|o| o.map(|o| s.position(cx, o))))
        .flatten()
        .fold(100.0, f64::max);
    let x = |v: f64| x0 + v.max(0.0) / max * (x1 - x0);
    let heights: Vec<f64> = rows
        .iter()
        .map(|s| s.name.len() as f64 * ROWS.line + ROWS.track + 6.0 + ROWS.gap)
        .collect();
    let has_target = rows.iter().any(|s| s.target.is_some());
    let has_estimate = rows.iter().any(|s| s.latest.status == Status::Estimate);
    let derived_keys = super::frame::derived_keys(cx, None, rows.iter().map(|s| s.latest));
    let legend = if has_target || has_estimate || !derived_keys.is_empty() {
        ROWS.legend
    } else {
        0.0
    };
    let height = (ROWS.pad + heights.iter().sum::<f64>() + legend + ROWS.pad).ceil();

    // The province's own colour, as in its other charts.
    let series = format!(
        "series-{}",
        super::province_series(site, province) % super::SERIES_COLOURS
    );
    let mut canvas = Canvas::new(width as u32, height as u32);
    canvas.background()?;
    // Where each share's rows start, and its bar's track.
    let starts: Vec<f64> = heights
        .iter()
        .scan(ROWS.pad, |y, h| {
            let start = *y;
            *y += h;
            Some(start)
        })
        .collect();
    let top = |s: &Share, start: f64| start + s.name.len() as f64 * ROWS.line + 3.0;
    let placed = || rows.iter().zip(starts.iter().copied());
    canvas.shapes(Group::new("track"), |e| {
        for (s, start) in placed() {
            let el = e.el("rect");
            el.rect((x0, top(s, start)), (x1 - x0, ROWS.track)).end();
        }
    });
    canvas.shapes(Group::new("bars"), |e| {
        for (s, start) in placed() {
            let ind = site.indicator(s.r);
            let estimate = s.latest.status == Status::Estimate;
            // A figure the site computed is an outline, named in the legend.
            let derived = s.latest.derived.is_derived();
            let class = format!(
                "bar {series} {}{}",
                if estimate { "estimate" } else { "actual" },
                if derived { " derived" } else { "" }
            );
            let tip = format!(
                "{}: {}",
                year_text(s.latest),
                cx.figure(ind, s.latest).labelled()
            );
            let group = Group::new(class)
                .attr("data-province", province.slug.as_str())
                .attr("data-indicator", ind.id.as_str())
                .tooltip(tip);
            e.group(&group, |e| {
                let width = (x(s.position(cx, s.latest)) - x0).max(1.0);
                let el = e.el("rect");
                let el = el.rect((x0, top(s, start) + 3.0), (width, ROWS.track - 6.0));
                let el = el.attr_if("fill-opacity", estimate.then_some(ESTIMATE_FILL));
                let el = if derived {
                    el.attr("class", "ol").num("stroke-width", 2.0)
                } else {
                    el
                };
                el.end();
            });
        }
    });
    canvas.shapes(Group::new("targets"), |e| {
        for (s, start) in placed() {
            let Some(t) = s.target else { continue };
            let ind = site.indicator(s.r);
            let tip = cx.fill(
                "chart_target_label",
                &[
                    ("year", &t.year.to_string()),
                    ("value", &cx.figure(ind, t).value()),
                ],
            );
            e.group(&Group::new("target").tooltip(tip), |e| {
                let at = (x(s.position(cx, t)) - 1.5, top(s, start) - 3.0);
                e.el("rect").rect(at, (3.0, ROWS.track + 6.0)).end();
            });
        }
    });
    let legend_y = ROWS.pad + heights.iter().sum::<f64>() + ROWS.legend / 2.0;
    canvas.shapes(Group::new("labels baseline"), |e| {
        for (s, start) in placed() {
            for (k, line) in s.name.iter().enumerate() {
                label(e, line, (x0, start + (k as f64 + 1.0) * ROWS.line - 4.0));
            }
            let yc = top(s, start) + ROWS.track / 2.0;
            label(e, &s.label, (x1 + 8.0, yc + 5.0));
        }
        // What the marks mean: the target line, the lighter bar of an estimate, the
        // outline of a derived figure.
        let ly = legend_y;
        let mut lx = x0;
        if has_target {
            let el = e.el("rect").attr("class", "target");
            el.rect((lx, ly - 8.0), (3.0, 16.0)).end();
            let words = cx.t("chart_legend_target");
            label(e, words, (lx + 9.0, ly + 5.0));
            lx += 9.0 + text::width(words, FONT) + 16.0;
        }
        let key = (16.0, 10.0);
        if has_estimate {
            let el = e.el("rect").attr("class", &series);
            let el = el.rect((lx, ly - 5.0), key);
            el.attr("fill-opacity", ESTIMATE_FILL).end();
            let words = cx.t("chart_legend_estimate");
            label(e, words, (lx + 22.0, ly + 5.0));
            lx += 22.0 + text::width(words, FONT) + 16.0;
        }
        for (_, words) in &derived_keys {
            let el = e.el("rect").attr("class", "legend-key neutral ol");
            el.num("stroke-width", 2.0).rect((lx, ly - 5.0), key).end();
            label(e, words, (lx + 22.0, ly + 5.0));
            lx += 22.0 + text::width(words, FONT) + 16.0;
        }
    });

    let province_name = text::province_name(province, cx.lang);
    let title = cx.fill("chart_shares_title", &[("topic", topic)]);
    let items: Vec<String> = rows
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                indicator_name(site.indicator(s.r), cx.lang),
                s.label
            )
        })
        .collect();
    let description = cx.fill(
        "chart_shares_description",
        &[
            ("province", province_name),
            ("topic", topic),
            ("items", &items.join("; ")),
        ],
    );
    let table = table(cx, &rows, format!("{title} — {province_name}"));
    Some(canvas.into_chart(ChartKind::Shares, id, cx.lang, (title, description), table))
}

/// One line of text starting at `x`, on the baseline `y` (the layer's `baseline` class).
fn label(e: &mut Elements, s: &str, (x, y): (f64, f64)) {
    e.el("text").num("x", x).num("y", y).text("text", s);
}

/// Indicator, year, value, note and source of each share.
fn table(cx: Context, rows: &[Share], caption: String) -> DataTable {
    let mut citations = Citations::default();
    let cells = rows
        .iter()
        .map(|s| {
            let ind = cx.site.indicator(s.r);
            vec![
                indicator_name(ind, cx.lang).to_string(),
                year_text(s.latest),
                cx.figure(ind, s.latest).value(),
                cx.note(s.latest),
                citations.mark(s.latest),
            ]
        })
        .collect();
    let columns = [
        ("col_indicator", false),
        ("col_year", false),
        ("col_value", true),
        ("col_note", false),
        ("col_source", false),
    ];
    DataTable::new(cx, caption, &columns, cells, citations)
}
