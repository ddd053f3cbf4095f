//! One province's shares (percent indicators) of one topic in one chart: a row per
//! indicator with a track from 0 to 100%, the latest value filled in and labelled with its
//! year, and the target marked. It replaces a column of single progress bars on a province
//! page, so a dozen shares take the height of a dozen lines.

use super::svg::{Canvas, Group};
use super::text::{self, escape};
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
/// How much lighter an estimate's bar is than a result's.
const ESTIMATE_FILL: &str = "0.35";

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
    let (mut tracks, mut bars, mut targets, mut labels_svg) =
        (String::new(), String::new(), String::new(), String::new());
    let mut y = ROWS.pad;
    for (s, h) in rows.iter().zip(&heights) {
        for (k, line) in s.name.iter().enumerate() {
            let ly = y + (k as f64 + 1.0) * ROWS.line - 4.0;
            labels_svg.push_str(&text_at(line, x0, ly, "start"));
        }
        let top = y + s.name.len() as f64 * ROWS.line + 3.0;
        let yc = top + ROWS.track / 2.0;
        tracks.push_str(&format!(
            "<rect x=\"{x0}\" y=\"{top}\" width=\"{}\" height=\"{}\"/>",
            x1 - x0,
            ROWS.track
        ));
        let ind = site.indicator(s.r);
        let estimate = s.latest.status == Status::Estimate;
        let (class, style) = if estimate {
            ("estimate", format!(" fill-opacity=\"{ESTIMATE_FILL}\""))
        } else {
            ("actual", String::new())
        };
        // A figure the site computed is an outline, named in the legend.
        let (derived, style) = if s.latest.derived.is_derived() {
            (
                " derived",
                format!("{style} class=\"ol\" stroke-width=\"2\""),
            )
        } else {
            ("", style)
        };
        bars.push_str(&format!(
            "<g class=\"bar {series} {class}{derived}\" data-province=\"{}\" data-indicator=\"{}\">\
             <title>{}</title>\
             <rect x=\"{x0}\" y=\"{}\" width=\"{:.1}\" height=\"{}\"{style}/></g>\n",
            escape(&province.slug),
            escape(&ind.id),
            escape(&format!(
                "{}: {}",
                year_text(s.latest),
                cx.figure(ind, s.latest).labelled()
            )),
            top + 3.0,
            (x(s.position(cx, s.latest)) - x0).max(1.0),
            ROWS.track - 6.0,
        ));
        if let Some(t) = s.target {
            targets.push_str(&format!(
                "<g class=\"target\"><title>{}</title><rect x=\"{:.1}\" y=\"{}\" width=\"3\" height=\"{}\"/></g>\n",
                escape(&cx.fill(
                    "chart_target_label",
                    &[("year", &t.year.to_string()), ("value", &cx.figure(ind, t).value())],
                )),
                x(s.position(cx, t)) - 1.5,
                top - 3.0,
                ROWS.track + 6.0,
            ));
        }
        labels_svg.push_str(&text_at(&s.label, x1 + 8.0, yc + 5.0, "start"));
        y += h;
    }
    canvas.raw_layer(Group::new("track"), &tracks);
    canvas.raw_layer(Group::new("bars"), &bars);
    canvas.raw_layer(Group::new("targets"), &targets);
    // What the marks mean: the target line, the lighter bar of an estimate.
    let ly = y + ROWS.legend / 2.0;
    let mut lx = x0;
    if has_target {
        labels_svg.push_str(&format!(
            "<rect class=\"target\" x=\"{lx}\" y=\"{}\" width=\"3\" height=\"16\"/>",
            ly - 8.0,
        ));
        let words = cx.t("chart_legend_target");
        labels_svg.push_str(&text_at(words, lx + 9.0, ly + 5.0, "start"));
        lx += 9.0 + text::width(words, FONT) + 16.0;
    }
    if has_estimate {
        labels_svg.push_str(&format!(
            "<rect class=\"{series}\" x=\"{lx}\" y=\"{}\" width=\"16\" height=\"10\" fill-opacity=\"{ESTIMATE_FILL}\"/>",
            ly - 5.0,
        ));
        let words = cx.t("chart_legend_estimate");
        labels_svg.push_str(&text_at(words, lx + 22.0, ly + 5.0, "start"));
        lx += 22.0 + text::width(words, FONT) + 16.0;
    }
    for (_, words) in &derived_keys {
        labels_svg.push_str(&format!(
            "<rect class=\"legend-key neutral ol\" stroke-width=\"2\" x=\"{lx}\" y=\"{}\" width=\"16\" height=\"10\"/>",
            ly - 5.0,
        ));
        labels_svg.push_str(&text_at(words, lx + 22.0, ly + 5.0, "start"));
        lx += 22.0 + text::width(words, FONT) + 16.0;
    }
    canvas.raw_layer(Group::new("labels baseline"), &labels_svg);

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

fn text_at(s: &str, x: f64, y: f64, anchor: &str) -> String {
    format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\">{}</text>\n",
        escape(s)
    )
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
