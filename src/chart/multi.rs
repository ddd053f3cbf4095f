//! Several provinces' series of one indicator on one chart, for indicator pages. Series
//! differ by colour and by marker shape, and the legend names them.

use super::bar_rows::draw_note;
use super::frame::{Frame, Key, LINE, Legend};
use super::series::{
    Markers, SeriesStyle, draw_series, province_table, province_value, reported, scope_note,
    series_key, tooltip,
};
use super::svg::{Canvas, SMALL, Shape, WIDTH, colour};
use super::text;
use super::types::{ChartType, Depends, Subject};
use super::{Chart, ChartKind, Context};
use crate::model::Status;
use crate::model::{Indicator, IndicatorRef, Observation, Province, Site};
use crate::values::indicator_name;

/// Height without the legend, which adds a row per line of entries.
const HEIGHT: f64 = 230.0;
const LEGEND_X: f64 = 14.0;

/// The most lines a multi-line chart draws.
pub const MAX_SERIES: usize = 8;

/// Several provinces' series on one chart (colour and marker shape differ, a legend names
/// them), for indicator pages.
pub struct MultiLine;

impl ChartType for MultiLine {
    fn kind(&self) -> ChartKind {
        ChartKind::MultiLine
    }

    fn has_data(&self, site: &Site, s: &Subject) -> bool {
        select(site, s.indicator).is_some()
    }

    fn depends(&self) -> Depends {
        Depends::EveryProvince
    }

    fn draw(&self, cx: Context, s: &Subject, id: &str) -> Option<Chart> {
        multi_line(cx, s.indicator, &super::safe_id(id))
    }
}

/// A drawn series: the province's position in the site's list (its colour and marker),
/// the province, its results and estimates.
type Drawn<'a> = (usize, &'a Province, Vec<&'a Observation>);

/// The series drawn (at most [`MAX_SERIES`]) and how many provinces have one. `None`
/// unless at least two of them have two or more years.
fn select(site: &Site, r: IndicatorRef) -> Option<(Vec<Drawn<'_>>, usize)> {
    // With each province its position in the site's list: its colour and marker.
    let mut series: Vec<(usize, &Province, Vec<&Observation>)> = site
        .provinces
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, p, reported(p.series_of(r)?))))
        .filter(|(_, _, obs)| !obs.is_empty())
        .collect();
    // Lines stay tellable apart up to MAX_SERIES: keep the longest series (then province
    // order); the page's table has every province.
    let total = series.len();
    if total > MAX_SERIES {
        let mut order: Vec<usize> = (0..total).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(series[i].2.len()), i));
        let keep: std::collections::HashSet<usize> = order.into_iter().take(MAX_SERIES).collect();
        let mut i = 0;
        series.retain(|_| {
            i += 1;
            keep.contains(&(i - 1))
        });
    }
    if series.iter().filter(|(_, _, obs)| obs.len() >= 2).count() < 2 {
        return None;
    }
    Some((series, total))
}

fn multi_line(cx: Context, r: IndicatorRef, id: &str) -> Option<Chart> {
    let (site, lang) = (cx.site, cx.lang);
    let ind = site.indicator(r);
    let (series, total) = select(site, r)?;
    let all = || series.iter().flat_map(|(_, _, obs)| obs.iter().copied());
    let first_year = all().map(|o| o.year.get()).min()?;
    let last_year = all().map(|o| o.year.get()).max()?;
    let values = super::frame::axis_values(cx, ind, all());

    let mut keys: Vec<(Key, String)> = series
        .iter()
        .map(|&(i, p, _)| {
            (
                series_key(Some(i), Shape::nth(i), false),
                text::province_name(p, lang).to_string(),
            )
        })
        .collect();
    if all().any(|o| o.status == Status::Estimate) {
        keys.push((
            series_key(None, Shape::Circle, true),
            cx.t("chart_legend_estimate").to_string(),
        ));
    }
    keys.extend(super::frame::derived_keys(cx, None, all()));
    let legend = Legend::new(keys, LEGEND_X, WIDTH);
    // Figures of different scopes say so between the years and the legend.
    let figures: Vec<(&Province, &Observation)> = series
        .iter()
        .flat_map(|(_, p, obs)| obs.iter().map(move |o| (*p, *o)))
        .collect();
    let note = scope_note(cx, &figures);
    let note_lines = note
        .as_deref()
        .map_or_else(Vec::new, |n| text::wrap(n, WIDTH - 2.0 * LEGEND_X, SMALL));
    let note_height = note_lines.len() as f64 * LINE;
    let size = (WIDTH, (HEIGHT + legend.height() + note_height).ceil());
    let mut canvas = Canvas::new(size.0 as u32, size.1 as u32);
    canvas.background()?;
    let frame = Frame::new(
        ind,
        &values,
        (first_year, last_year),
        size,
        legend.height() + note_height,
        lang,
    );
    frame.draw(&mut canvas, ind, lang)?;
    for &(i, p, ref obs) in &series {
        let points: Vec<(f64, f64)> = obs
            .iter()
            .map(|o| frame.at(o.year.get(), cx.position(ind, o)))
            .collect();
        let tips: Vec<String> = obs
            .iter()
            .map(|o| format!("{}, {}", text::province_name(p, lang), tooltip(cx, ind, o)))
            .collect();
        let class = format!("series-{}", i % super::SERIES_COLOURS);
        let style = SeriesStyle {
            class: &class,
            colour: colour::series(i),
            shape: Shape::nth(i),
            radius: 4.0,
            province: Some(&p.slug),
            title: Some(text::province_name(p, lang)),
        };
        draw_series(&mut canvas, &style, obs, &points, &tips, Markers::Every)?;
    }
    legend.draw(&mut canvas)?;
    let note_top = size.1 - legend.height() - 2.0 - note_height;
    draw_note(&mut canvas, &note_lines, (LEGEND_X, note_top))?;

    let name = indicator_name(ind, lang);
    let keys = ("chart_multi_title", "chart_multi_title_top");
    let title = cx.title(keys, name, series.len(), total);
    let series: Vec<(&Province, Vec<&Observation>)> =
        series.into_iter().map(|(_, p, obs)| (p, obs)).collect();
    let mut description = describe(cx, ind, &series);
    let mut table = province_table(cx, ind, &figures);
    if let Some(note) = note {
        description = format!("{description} {note}");
        table.note = Some(note);
    }
    Some(canvas.into_chart(ChartKind::MultiLine, id, lang, (title, description), table))
}

/// `Doanh thu … của 3 tỉnh: Ninh Thuận từ … (2016) đến … (2020); Vĩnh Phúc …`.
fn describe(cx: Context, ind: &Indicator, series: &[(&Province, Vec<&Observation>)]) -> String {
    let items: Vec<String> = series
        .iter()
        .filter_map(|(p, obs)| {
            let (a, b) = (obs.first()?, obs.last()?);
            if a.year == b.year {
                return Some(province_value(cx, p, ind, a));
            }
            let province = text::province_name(p, cx.lang);
            let (first, first_year) = (cx.figure(ind, a).value(), cx.figure(ind, a).year_status());
            let (last, last_year) = (cx.figure(ind, b).value(), cx.figure(ind, b).year_status());
            let args = [
                ("province", province),
                ("first", &first),
                ("first_year", &first_year),
                ("last", &last),
                ("last_year", &last_year),
            ];
            Some(cx.fill("chart_multi_item", &args))
        })
        .collect();
    let name = indicator_name(ind, cx.lang);
    let (n, items) = (series.len().to_string(), items.join("; "));
    cx.fill(
        "chart_multi_description",
        &[("name", name), ("n", &n), ("items", &items)],
    )
}
