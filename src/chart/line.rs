//! One province's time series: the line chart and the sparkline, their description and
//! data table.

use super::frame::{Frame, Key, Labels, Legend, Rect};
use super::scale::Linear;
use super::series::{
    Markers, SeriesStyle, draw_series, reported, series_key, series_table, tooltip,
};
use super::svg::{self, Canvas, Group, Shape, WIDTH, colour};
use super::text;
use super::types::{ChartType, Depends, Subject};
use super::{Chart, ChartKind, Context};
use crate::model::derived;
use crate::model::{Indicator, IndicatorRef, Observation, Province, Series, Site};
use crate::model::{Kind, Status};
use crate::values::{DerivedFigure, indicator_name};

/// Height without the legend, which adds a row per line of entries.
const HEIGHT: f64 = 230.0;
const POINT_RADIUS: f64 = 4.0;
const TARGET_RADIUS: f64 = 5.0;
const LEGEND_X: f64 = 14.0;

/// A province's time series: results as a line with marked points, estimates dashed and
/// hollow, targets as diamonds; the block type `line`.
pub struct Line;

impl Line {
    /// Its block name, also what a block without `type:` draws.
    pub const NAME: &'static str = "line";
}

impl ChartType for Line {
    fn kind(&self) -> ChartKind {
        ChartKind::Line
    }

    fn block_name(&self) -> Option<&'static str> {
        Some(Self::NAME)
    }

    fn has_data(&self, _: &Site, s: &Subject) -> bool {
        s.province.and_then(|p| select(p, s.indicator)).is_some()
    }

    fn depends(&self) -> Depends {
        Depends::OwnProvince
    }

    fn draw(&self, cx: Context, s: &Subject, id: &str) -> Option<Chart> {
        line(cx, s.province?, s.indicator, s.title, &super::safe_id(id))
    }
}

/// What a line chart draws: results and estimates (one per year), targets, and the years
/// they span. `None` without a result or with fewer than two years.
struct Selected<'a> {
    reported: Vec<&'a Observation>,
    targets: Vec<&'a Observation>,
    years: (u16, u16),
}

fn select(province: &Province, r: IndicatorRef) -> Option<Selected<'_>> {
    let series = province.series_of(r)?;
    let reported = reported(series);
    let targets: Vec<&Observation> = series.targets().collect();
    let mut years: Vec<u16> = reported
        .iter()
        .chain(&targets)
        .map(|o| o.year.get())
        .collect();
    years.sort_unstable();
    years.dedup();
    if reported.is_empty() || years.len() < 2 {
        return None;
    }
    let years = (years[0], years[years.len() - 1]);
    Some(Selected {
        reported,
        targets,
        years,
    })
}

fn line(
    cx: Context,
    province: &Province,
    r: IndicatorRef,
    title: Option<&str>,
    id: &str,
) -> Option<Chart> {
    let (site, lang) = (cx.site, cx.lang);
    let ind = site.indicator(r);
    let Selected {
        reported,
        targets,
        years: (first_year, last_year),
    } = select(province, r)?;

    let series = super::province_series(site, province);
    let series_colour = colour::series(series);
    let values = super::frame::axis_values(cx, ind, reported.iter().chain(&targets).copied());
    let keys = legend_keys(cx, series, &reported, &targets);
    let legend = Legend::new(keys, LEGEND_X, WIDTH);
    let size = (WIDTH, (HEIGHT + legend.height()).ceil());
    let mut canvas = Canvas::new(size.0 as u32, size.1 as u32);
    canvas.background()?;
    let years = (first_year, last_year);
    let frame = Frame::new(ind, &values, years, size, legend.height(), lang);
    frame.draw(&mut canvas, ind, lang)?;

    let at = |o: &&Observation| frame.at(o.year.get(), cx.position(ind, o));
    let points: Vec<(f64, f64)> = reported.iter().map(at).collect();
    let tips: Vec<String> = reported.iter().map(|o| tooltip(cx, ind, o)).collect();
    let class = format!("series-{}", series % super::SERIES_COLOURS);
    let style = SeriesStyle {
        class: &class,
        colour: series_colour,
        shape: Shape::Circle,
        radius: POINT_RADIUS,
        province: Some(&province.slug),
        // One series: the chart's own title is its tooltip.
        title: None,
    };
    draw_series(
        &mut canvas,
        &style,
        &reported,
        &points,
        &tips,
        Markers::Every,
    )?;
    let target_points: Vec<(f64, f64)> = targets.iter().map(at).collect();
    for (o, &p) in targets.iter().zip(&target_points) {
        // A target the site computed is a hollow diamond, like every derived point.
        let derived = o.derived.is_derived();
        let class = if derived {
            "p target derived"
        } else {
            "p target"
        };
        let group = Group::new(class).tooltip(tooltip(cx, ind, o));
        canvas.layer(group, |a| {
            svg::marker(a, Shape::Diamond, p, TARGET_RADIUS, colour::TARGET, derived)
        })?;
    }
    let marks = Marks {
        reported: &reported,
        points: &points,
        targets: &targets,
        target_points: &target_points,
    };
    let labels = value_labels(cx, &frame, ind, &marks);
    labels.draw(&mut canvas)?;
    legend.draw(&mut canvas)?;

    let title = title.map_or_else(|| indicator_name(ind, lang).to_string(), str::to_string);
    let province_name = text::province_name(province, lang);
    let description = describe(cx, ind, Some(province_name), &reported, &targets);
    let mut shown: Vec<&Observation> = reported.iter().chain(&targets).copied().collect();
    shown.sort_by_key(|o| (o.year, o.status));
    let table = series_table(cx, ind, Some(province_name), &shown);
    Some(canvas.into_chart(ChartKind::Line, id, lang, (title, description), table))
}

/// The legend says what hollow points and diamonds mean; a plain series of stated figures
/// needs none.
fn legend_keys(
    cx: Context,
    series: usize,
    reported: &[&Observation],
    targets: &[&Observation],
) -> Vec<(Key, String)> {
    let estimates = reported.iter().any(|o| o.status == Status::Estimate);
    let mut keys = Vec::new();
    if estimates || !targets.is_empty() {
        let key = series_key(Some(series), Shape::Circle, false);
        keys.push((key, cx.t("chart_legend_actual").to_string()));
    }
    if estimates {
        let key = series_key(Some(series), Shape::Circle, true);
        keys.push((key, cx.t("chart_legend_estimate").to_string()));
    }
    if !targets.is_empty() {
        keys.push((Key::Target, cx.t("chart_legend_target").to_string()));
    }
    let shown = reported.iter().chain(targets).copied();
    keys.extend(super::frame::derived_keys(cx, Some(series), shown));
    keys
}

/// The marks of a line chart, with where they were drawn.
struct Marks<'a> {
    reported: &'a [&'a Observation],
    points: &'a [(f64, f64)],
    targets: &'a [&'a Observation],
    target_points: &'a [(f64, f64)],
}

/// Value labels where they fit: the last and first values first, then targets (with their
/// year, which often lies past the last year on the axis), then the rest.
fn value_labels(cx: Context, frame: &Frame, ind: &Indicator, m: &Marks) -> Labels {
    let lang = cx.lang;
    let mut labels = Labels::new(frame.label_bounds());
    // The value axis' labels end 8 units left of the plot; a value label may come closer.
    labels.avoid(Rect {
        x0: 0.0,
        y0: 0.0,
        x1: frame.left - 6.0,
        y1: frame.height,
    });
    if let Some(caption) = frame.caption_box(ind, lang) {
        labels.avoid(caption);
    }
    for &p in m.points.iter().chain(m.target_points) {
        labels.avoid(Rect::around(p, TARGET_RADIUS + 1.0, TARGET_RADIUS + 1.0));
    }
    for pair in m.points.windows(2) {
        labels.avoid_line(pair[0], pair[1]);
    }
    let order = label_order(m.reported);
    let place_reported = |labels: &mut Labels, i: usize| {
        let label = cx.figure(ind, m.reported[i]).point_label();
        labels.place(label, m.points[i], POINT_RADIUS);
    };
    for &i in order.iter().take(2) {
        place_reported(&mut labels, i);
    }
    for (o, &p) in m.targets.iter().zip(m.target_points) {
        let label = format!("{} ({})", cx.figure(ind, o).point_label(), o.year);
        labels.place(label, p, TARGET_RADIUS);
    }
    for &i in order.iter().skip(2) {
        place_reported(&mut labels, i);
    }
    labels
}

pub(super) fn sparkline(
    cx: Context,
    province: Option<&Province>,
    series: &Series,
    id: &str,
) -> Option<Chart> {
    const W: f64 = 120.0;
    const H: f64 = 32.0;
    const PAD: f64 = 4.0;
    let (site, lang) = (cx.site, cx.lang);
    let ind = site.indicator(series.indicator);
    let reported = reported(series);
    if reported.len() < 2 {
        return None;
    }
    let first = reported[0].year.get();
    let last = reported[reported.len() - 1].year.get();
    let positions: Vec<f64> = reported.iter().map(|o| cx.position(ind, o)).collect();
    let min = positions.iter().copied().fold(f64::INFINITY, f64::min);
    let max = positions.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let x = Linear::new((f64::from(first), f64::from(last)), (PAD, W - PAD));
    // Better is up: a rank that improves (falls) rises on the card.
    let y = if ind.kind == Kind::Rank {
        Linear::new((min, max), (PAD, H - PAD))
    } else {
        Linear::new((min, max), (H - PAD, PAD))
    };
    let points: Vec<(f64, f64)> = reported
        .iter()
        .zip(&positions)
        .map(|(o, &v)| (x.map(f64::from(o.year.get())), y.map(v)))
        .collect();
    let mut canvas = Canvas::new(W as u32, H as u32);
    let series = province.map_or(0, |p| super::province_series(site, p));
    let class = format!("series-{}", series % super::SERIES_COLOURS);
    let style = SeriesStyle {
        class: &class,
        colour: colour::series(series),
        shape: Shape::Circle,
        radius: 3.0,
        province: province.map(|p| p.slug.as_str()),
        title: None,
    };
    let tips: Vec<String> = reported.iter().map(|o| tooltip(cx, ind, o)).collect();
    draw_series(
        &mut canvas,
        &style,
        &reported,
        &points,
        &tips,
        Markers::Last,
    )?;

    let province_name = province.map(|p| text::province_name(p, lang));
    let title = indicator_name(ind, lang).to_string();
    let description = describe(cx, ind, province_name, &reported, &[]);
    let table = series_table(cx, ind, province_name, &reported);
    Some(canvas.into_chart(ChartKind::Sparkline, id, lang, (title, description), table))
}

/// Which points get a value label first: the last and the first, then the rest in order.
fn label_order(reported: &[&Observation]) -> Vec<usize> {
    let n = reported.len();
    let mut order = vec![n - 1];
    if n > 1 {
        order.push(0);
    }
    order.extend(1..n.saturating_sub(1));
    order
}

/// One sentence on a series: first and last value and the change, then any targets.
pub(super) fn describe(
    cx: Context,
    ind: &Indicator,
    province: Option<&str>,
    reported: &[&Observation],
    targets: &[&Observation],
) -> String {
    let name = indicator_name(ind, cx.lang);
    let subject = match province {
        Some(p) => cx.fill(
            "chart_subject_in_province",
            &[("name", name), ("province", p)],
        ),
        None => name.to_string(),
    };
    let mut out = match (reported.first(), reported.last()) {
        (Some(a), Some(b)) if a.year != b.year => change_sentence(cx, ind, &subject, a, b),
        (Some(a), _) => {
            let (value, year) = (cx.figure(ind, a).value(), cx.figure(ind, a).year_status());
            let args = [
                ("subject", subject.as_str()),
                ("value", &value),
                ("year", &year),
            ];
            cx.fill("chart_line_one_value", &args)
        }
        _ => format!("{subject}."),
    };
    if !targets.is_empty() {
        let list: Vec<String> = targets
            .iter()
            .map(|t| {
                let f = cx.figure(ind, t);
                format!("{} ({})", f.value(), f.year_mark())
            })
            .collect();
        out.push(' ');
        out.push_str(&cx.fill("chart_line_targets", &[("targets", &list.join(", "))]));
    }
    out
}

/// From the first to the last value: held, improved or fell (ranks), rose or fell by a
/// multiple, a percentage, percentage points or just from one value to the other.
fn change_sentence(
    cx: Context,
    ind: &Indicator,
    subject: &str,
    a: &Observation,
    b: &Observation,
) -> String {
    let (first, last) = (cx.figure(ind, a).value(), cx.figure(ind, b).value());
    let (first_year, last_year) = (
        cx.figure(ind, a).year_status(),
        cx.figure(ind, b).year_status(),
    );
    let mut args = vec![
        ("subject", subject),
        ("first", first.as_str()),
        ("first_year", first_year.as_str()),
        ("last", last.as_str()),
        ("last_year", last_year.as_str()),
    ];
    let Some(change) = derived::compare(ind.kind, a, b) else {
        // A change too large to print: its direction alone.
        let up = cx.figure(ind, b).position() > cx.figure(ind, a).position();
        return cx.fill(
            if up {
                "chart_line_rose"
            } else {
                "chart_line_fell"
            },
            &args,
        );
    };
    let rose = change.change.direction() == std::cmp::Ordering::Greater;
    let pick = |up: &'static str, down: &'static str| if rose { up } else { down };
    if change.change.direction() == std::cmp::Ordering::Equal {
        return cx.fill("chart_line_stayed", &args);
    }
    if ind.kind == Kind::Rank {
        // A smaller rank is better.
        return cx.fill(pick("chart_rank_fell", "chart_rank_improved"), &args);
    }
    // A base worked back from the article's change would only repeat that change: say the
    // direction, not an amount.
    if [a, b]
        .iter()
        .any(|o| o.derived == crate::model::Provenance::BackComputed)
    {
        return cx.fill(pick("chart_line_rose", "chart_line_fell"), &args);
    }
    let derived = |v| DerivedFigure::new(v, ind, cx.lang, cx.i18n);
    // At least twice a positive first value, so always a rise.
    if let Some(m) = change.multiple.as_ref().filter(|m| m.at_least(2.0)) {
        let (m, mark) = (
            derived(m).magnitude(),
            format!(" ({})", derived(m).brackets()),
        );
        args.extend([("multiple", m.as_str()), ("mark", mark.as_str())]);
        return cx.fill("chart_line_rose_times", &args);
    }
    let (up, down, amount) = if ind.kind == Kind::Percent {
        let amount = Some(("points", &change.change));
        ("chart_line_rose_points", "chart_line_fell_points", amount)
    } else {
        match &change.percent {
            Some(p) => (
                "chart_line_rose_percent",
                "chart_line_fell_percent",
                Some(("percent", p)),
            ),
            None => ("chart_line_rose", "chart_line_fell", None),
        }
    };
    let amount = amount.map(|(name, v)| {
        let mark = format!(" ({})", derived(v).brackets());
        (name, derived(v).magnitude(), mark)
    });
    if let Some((name, value, mark)) = &amount {
        args.extend([(*name, value.as_str()), ("mark", mark.as_str())]);
    }
    cx.fill(pick(up, down), &args)
}
