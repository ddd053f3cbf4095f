//! What the chart types that draw observations share: the reported figures of a series,
//! a series' line and markers (hollow for estimates and derived figures), tooltips, legend
//! keys, and the data tables and description items of one or several provinces.

use super::frame::Key;
use super::svg::{self, Canvas, Group, Shape};
use super::text;
use super::{Citations, Context, DataTable};
use crate::model::{Indicator, Observation, Province, Series, Status};
use crate::values::{indicator_name, year_text};

/// Results and estimates, one per year (a result wins over an estimate of the same year).
pub(super) fn reported(series: &Series) -> Vec<&Observation> {
    let mut out: Vec<&Observation> = Vec::new();
    for o in series.reported() {
        match out.last() {
            Some(prev) if prev.year == o.year => {}
            _ => out.push(o),
        }
    }
    out
}

/// A legend key in the colour of palette entry `series`, or muted for none.
pub(super) fn series_key(series: Option<usize>, shape: Shape, estimate: bool) -> Key {
    Key::Series {
        series,
        shape,
        estimate,
    }
}

/// `2020: khoảng 79.300 tỷ đồng (dự kiến)`.
pub(super) fn tooltip(cx: Context, ind: &Indicator, o: &Observation) -> String {
    format!("{}: {}", year_text(o), cx.figure(ind, o).labelled())
}

/// How one series is drawn.
pub(super) struct SeriesStyle<'a> {
    pub class: &'a str,
    pub colour: plotters::style::RGBColor,
    pub shape: Shape,
    pub radius: f64,
    /// The province's slug, once on the series' group as `data-province`.
    pub province: Option<&'a str>,
    /// The series' tooltip (its province's name): the values of its stated points are in
    /// the value labels and the page's data table, so they get no tooltip of their own.
    pub title: Option<&'a str>,
}

impl SeriesStyle<'_> {
    /// The group around the series' line and points: its colour class and its province,
    /// written once for all its marks (they inherit the colour through `--series`).
    fn group(&self) -> Group {
        let mut group = Group::new(self.class);
        if let Some(slug) = self.province {
            group = group.attr("data-province", slug);
        }
        match self.title {
            Some(title) => group.tooltip(title),
            None => group,
        }
    }
}

/// Which points of a series get a marker.
#[derive(Clone, Copy)]
pub(super) enum Markers {
    /// Every point (a line chart).
    Every,
    /// The last point alone (a sparkline).
    Last,
}

/// A series in one group: solid line between results, dashed towards or from an estimate,
/// a marker per point `markers` names: a bare shape for a stated result, a `p` group with
/// its tooltip for a hollow one (an estimate or a derived figure, whose tooltip says which).
pub(super) fn draw_series(
    canvas: &mut Canvas,
    style: &SeriesStyle,
    obs: &[&Observation],
    points: &[(f64, f64)],
    tips: &[String],
    markers: Markers,
) -> Option<()> {
    let first_marked = match markers {
        Markers::Every => 0,
        Markers::Last => obs.len().checked_sub(1)?,
    };
    canvas.nest(style.group(), |canvas| {
        draw_series_lines(canvas, style, obs, points)?;
        for ((o, &p), tip) in obs.iter().zip(points).zip(tips).skip(first_marked) {
            draw_point(canvas, style, o, p, tip)?;
        }
        Some(())
    })
}

/// The solid runs as bare polylines (the series' group colours them); the dashed segments
/// in a `line estimate` group.
fn draw_series_lines(
    canvas: &mut Canvas,
    style: &SeriesStyle,
    obs: &[&Observation],
    points: &[(f64, f64)],
) -> Option<()> {
    let mut solid: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut dashed: Vec<[(f64, f64); 2]> = Vec::new();
    for i in 1..points.len() {
        if obs[i].status == Status::Estimate || obs[i - 1].status == Status::Estimate {
            dashed.push([points[i - 1], points[i]]);
            continue;
        }
        match solid.last_mut() {
            Some(run) if run.last() == Some(&points[i - 1]) => run.push(points[i]),
            _ => solid.push(vec![points[i - 1], points[i]]),
        }
    }
    if !solid.is_empty() {
        canvas.draw(|a| {
            for run in &solid {
                svg::polyline(a, run, style.colour, 2)?;
            }
            Ok(())
        })?;
    }
    if !dashed.is_empty() {
        canvas.layer(Group::new("line estimate").dashed(), |a| {
            for seg in &dashed {
                svg::polyline(a, seg, style.colour, 2)?;
            }
            Ok(())
        })?;
    }
    Some(())
}

/// One point: a stated result is its bare marker in the series' colour; an estimate or a
/// derived figure is hollow, in a `p estimate` or `p derived` group with its tooltip.
fn draw_point(
    canvas: &mut Canvas,
    style: &SeriesStyle,
    o: &Observation,
    p: (f64, f64),
    tip: &str,
) -> Option<()> {
    let estimate = o.status == Status::Estimate;
    let derived = o.derived.is_derived();
    let marker = |a: &svg::Area| {
        svg::marker(
            a,
            style.shape,
            p,
            style.radius,
            style.colour,
            estimate || derived,
        )
    };
    let class = match (estimate, derived) {
        (false, false) => return canvas.draw(marker),
        (true, false) => "p estimate",
        (false, true) => "p derived",
        (true, true) => "p estimate derived",
    };
    canvas.layer(Group::new(class).tooltip(tip), marker)
}

/// Year, value, note and source of each observation shown.
pub(super) fn series_table(
    cx: Context,
    ind: &Indicator,
    province: Option<&str>,
    shown: &[&Observation],
) -> DataTable {
    let name = indicator_name(ind, cx.lang);
    let caption = match province {
        Some(p) => format!("{name}, {p}"),
        None => name.to_string(),
    };
    let rows: Vec<(Option<&Province>, &Observation)> = shown.iter().map(|o| (None, *o)).collect();
    observation_table(cx, ind, caption, &rows)
}

/// Year, value, note and source of each observation, after the province's name when the
/// rows name one (tables of several provinces).
pub(super) fn observation_table(
    cx: Context,
    ind: &Indicator,
    caption: String,
    rows: &[(Option<&Province>, &Observation)],
) -> DataTable {
    let with_province = rows.first().is_some_and(|(p, _)| p.is_some());
    let mut citations = Citations::default();
    let cells = rows
        .iter()
        .map(|(p, o)| {
            let name = p.map(|p| text::province_name(p, cx.lang).to_string());
            let cells = [
                year_text(o),
                cx.figure(ind, o).value(),
                cx.note(o),
                citations.mark(o),
            ];
            name.into_iter().chain(cells).collect()
        })
        .collect();
    let province_column = with_province.then_some(("col_province", false));
    let columns: Vec<(&str, bool)> = province_column
        .into_iter()
        .chain([
            ("col_year", false),
            ("col_value", true),
            ("col_note", false),
            ("col_source", false),
        ])
        .collect();
    DataTable::new(cx, caption, &columns, cells, citations)
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
    observation_table(cx, ind, caption, &rows)
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
