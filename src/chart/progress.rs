//! A share against its target as a bullet bar: a track from 0 to 100%, the latest value
//! filled in, the target as a marked line with its value and year.

use super::frame::LINE;
use super::scale;
use super::series::{series_table, tooltip};
use super::svg::{self, Align, Canvas, Group, SMALL, WIDTH, colour};
use super::text;
use super::types::{ChartType, Depends, Subject};
use super::{Chart, ChartKind, Context};
use crate::format;
use crate::model::{Indicator, IndicatorRef, Observation, Province, Series, Site};
use crate::model::{Kind, Status};
use crate::values::indicator_name;

/// A percent as a bullet bar, with the target marked when the province has one; the block
/// type `progress`.
pub struct Progress;

impl ChartType for Progress {
    fn kind(&self) -> ChartKind {
        ChartKind::Progress
    }

    fn block_name(&self) -> Option<&'static str> {
        Some("progress")
    }

    fn has_data(&self, site: &Site, s: &Subject) -> bool {
        s.province
            .and_then(|p| latest_share(site, p, s.indicator))
            .is_some()
    }

    fn depends(&self) -> Depends {
        Depends::OwnProvince
    }

    fn draw(&self, cx: Context, s: &Subject, id: &str) -> Option<Chart> {
        progress(cx, s.province?, s.indicator, &super::safe_id(id))
    }
}

/// The series and latest reported value of a percent indicator; `None` for another kind or
/// without a value.
fn latest_share<'a>(
    site: &Site,
    province: &'a Province,
    r: IndicatorRef,
) -> Option<(&'a Series, &'a Observation)> {
    if site.indicator(r).kind != Kind::Percent {
        return None;
    }
    let series = province.series_of(r)?;
    Some((series, series.latest()?))
}

pub(super) fn progress(
    cx: Context,
    province: &Province,
    r: IndicatorRef,
    id: &str,
) -> Option<Chart> {
    let ind = cx.site.indicator(r);
    let lang = cx.lang;
    let (series, latest) = latest_share(cx.site, province, r)?;
    let target = target_for(series, latest);

    let top = 8.0;
    let track_top = if target.is_some() {
        top + LINE + 8.0
    } else {
        top
    };
    let track_bottom = track_top + TRACK;
    let ticks_y = track_bottom + 6.0 + LINE / 2.0;
    let height = (ticks_y + LINE / 2.0 + 6.0).ceil();
    let at = |o| cx.position(ind, o);
    let domain_max = [100.0, at(latest), target.map_or(0.0, at)]
        .into_iter()
        .fold(0.0, f64::max);
    let ticks = scale::nice(0.0, domain_max, 4);
    let (x0, x1) = (PAD, WIDTH - PAD - 10.0);
    let x = scale::Linear::new((0.0, ticks.hi), (x0, x1));
    let yc = (track_top + track_bottom) / 2.0;

    let mut canvas = Canvas::new(WIDTH as u32, height as u32);
    canvas.background()?;
    canvas.layer(Group::new("track"), |a| {
        svg::rect(a, (x0, track_top), (x1, track_bottom), colour::GRID, true)?;
        svg::rect(a, (x0, track_top), (x1, track_bottom), colour::AXIS, false)
    })?;
    let xv = x.map(at(latest).max(0.0));
    let estimate = latest.status == Status::Estimate;
    let series = super::province_series(cx.site, province);
    let bar_colour = colour::series(series);
    // A figure the site computed is an outline, as in every bar chart; its label says †.
    let derived = latest.derived.is_derived();
    let class = format!(
        "bar series-{} {}{}",
        series % super::SERIES_COLOURS,
        if estimate { "estimate" } else { "actual" },
        if derived { " derived" } else { "" }
    );
    let mut group = Group::new(class)
        .attr("data-province", province.slug.clone())
        .attr("data-year", latest.year.to_string())
        .tooltip(tooltip(cx, ind, latest));
    if estimate {
        group = group.attr("fill-opacity", svg::ESTIMATE_FILL);
    }
    if derived {
        group = group.attr("stroke-width", "2");
    }
    let fill_top = track_top + 4.0;
    let fill_bottom = track_bottom - 4.0;
    canvas.layer(group, |a| {
        if derived {
            let inner = svg::outline_box((x0, fill_top), (xv, fill_bottom), 1.0);
            svg::rect(a, inner.0, inner.1, colour::WHITE, true)?;
            return svg::rect(a, inner.0, inner.1, bar_colour, false);
        }
        svg::rect(a, (x0, fill_top), (xv, fill_bottom), bar_colour, true)?;
        if estimate {
            let inner = ((x0 + 0.5, fill_top + 0.5), (xv - 0.5, fill_bottom - 0.5));
            svg::rect(a, inner.0, inner.1, bar_colour, false)?;
        }
        Ok(())
    })?;

    let value_label = format!(
        "{} ({})",
        cx.figure(ind, latest).value(),
        cx.figure(ind, latest).year_status()
    );
    let label_w = text::width(&value_label, SMALL) * 1.1;
    let target_x = target.map(|t| x.map(at(t)));
    if let (Some(t), Some(tx)) = (target, target_x) {
        let group = Group::new("target")
            .attr("data-year", t.year.to_string())
            .tooltip(tooltip(cx, ind, t));
        canvas.layer(group, |a| {
            svg::rect(
                a,
                (tx - 1.5, track_top - 6.0),
                (tx + 1.5, track_bottom + 6.0),
                colour::TARGET,
                true,
            )
        })?;
    }

    // The value goes inside the bar (white on the bar colour, 7.8:1) when it fits, else after
    // it; never across the target line when there is any other place.
    let fits_inside = xv - x0 >= label_w + 12.0;
    // An estimate's bar is white inside, so its label stays dark; on a result's bar it is
    // in the background colour (`on-bar`).
    let inside_on_bar = !estimate && !derived;
    let mut candidates = Vec::new();
    if fits_inside {
        candidates.push((xv - 6.0 - label_w, inside_on_bar, Align::End));
        candidates.push((x0 + 6.0, inside_on_bar, Align::Start));
    }
    candidates.push((xv + 6.0, false, Align::Start));
    if let Some(tx) = target_x {
        candidates.push((tx + 8.0, false, Align::Start));
    }
    // Each candidate is the start of the label's box; an end-aligned one hugs the bar end.
    let clear = |&&(start, _, _): &&(f64, bool, Align)| {
        start + label_w <= x1 - 2.0
            && target_x.is_none_or(|tx| tx < start - 4.0 || tx > start + label_w + 4.0)
    };
    let (start, on_bar, align) = candidates
        .iter()
        .find(clear)
        .or(candidates.first())
        .copied()
        .unwrap_or((xv + 6.0, false, Align::Start));
    let lx = if align == Align::End {
        start + label_w
    } else {
        start
    };
    let value_group = Group::new(if on_bar { "labels on-bar" } else { "labels" });
    canvas.layer(value_group, |a| {
        svg::text(a, &value_label, (lx, yc), align, true)
    })?;
    if let (Some(t), Some(tx)) = (target, target_x) {
        canvas.layer(Group::new("labels"), |a| {
            let label = target_label(cx, ind, t);
            let half = text::width(&label, SMALL) / 2.0;
            let (pos, align) = if tx - half < 4.0 {
                ((tx - 4.0).max(4.0), Align::Start)
            } else if tx + half > WIDTH - 4.0 {
                (tx + 4.0, Align::End)
            } else {
                (tx, Align::Middle)
            };
            svg::text(a, &label, (pos, top + LINE / 2.0), align, false)
        })?;
    }
    canvas.layer(Group::new("axis"), |a| {
        for &v in &ticks.values {
            let label = format!("{}%", format::scale_label(v, ticks.decimals, lang));
            svg::text(a, &label, (x.map(v), ticks_y), Align::Middle, false)?;
        }
        Ok(())
    })?;

    let title = indicator_name(ind, lang).to_string();
    let description = describe(cx, ind, province, latest, target);
    let shown: Vec<&Observation> = std::iter::once(latest).chain(target).collect();
    let table = series_table(cx, ind, Some(text::province_name(province, lang)), &shown);
    Some(canvas.into_chart(ChartKind::Progress, id, lang, (title, description), table))
}

/// The target to show: the first one not before the latest value, else the latest target.
fn target_for<'a>(series: &'a Series, latest: &Observation) -> Option<&'a Observation> {
    series
        .targets()
        .find(|t| t.year >= latest.year)
        .or_else(|| series.targets().last())
}

/// `Mục tiêu 2025: 100%`.
fn target_label(cx: Context, ind: &Indicator, t: &Observation) -> String {
    let (year, value) = (t.year.to_string(), cx.figure(ind, t).value());
    cx.fill("chart_target_label", &[("year", &year), ("value", &value)])
}

/// The latest value, and how far it is from the target or that it met it.
fn describe(
    cx: Context,
    ind: &Indicator,
    province: &Province,
    latest: &Observation,
    target: Option<&Observation>,
) -> String {
    let name = indicator_name(ind, cx.lang);
    let p = text::province_name(province, cx.lang);
    let (value, year) = (
        cx.figure(ind, latest).value(),
        cx.figure(ind, latest).year_status(),
    );
    let mut args = vec![
        ("name", name),
        ("province", p),
        ("value", value.as_str()),
        ("year", year.as_str()),
    ];
    let Some(t) = target else {
        return cx.fill("chart_progress", &args);
    };
    let (target_value, target_year) = (cx.figure(ind, t).value(), t.year.to_string());
    let Some(gap) = crate::model::derived::compare(ind.kind, latest, t).map(|c| c.change) else {
        return cx.fill("chart_progress", &args);
    };
    let shown = crate::values::DerivedFigure::new(&gap, ind, cx.lang, cx.i18n);
    // The gap to a target is no target itself: its mark, without the status it inherits.
    let (points, mark) = (shown.magnitude(), format!(" ({})", shown.mark()));
    args.extend([
        ("target", target_value.as_str()),
        ("target_year", target_year.as_str()),
        ("points", points.as_str()),
        ("mark", mark.as_str()),
    ]);
    let key = if gap.direction() == std::cmp::Ordering::Greater {
        "chart_progress_short"
    } else {
        "chart_progress_met"
    };
    cx.fill(key, &args)
}

/// The chart's padding and the height of a bar's track.
const PAD: f64 = 16.0;
const TRACK: f64 = 28.0;
