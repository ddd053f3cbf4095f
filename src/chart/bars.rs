//! The comparison: provinces' latest figures of one indicator as horizontal bars, best
//! first, laid out by `bar_rows`.

use super::bar_rows::{Bar, Row, draw_bars};
use super::series::{province_table, province_value, scope_note};
use super::svg::colour;
use super::text;
use super::types::{ChartType, Depends, Subject};
use super::{Chart, ChartKind, Context};
use crate::model::Better;
use crate::model::{Indicator, IndicatorRef, Observation, Province, Site, Year};
use crate::values::indicator_name;

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
    let at = |o| cx.position(ind, o);
    latest.sort_by(|(_, pa, a), (_, pb, b)| {
        let by_value = match ind.better {
            Better::Higher => at(b).total_cmp(&at(a)),
            Better::Lower => at(a).total_cmp(&at(b)),
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
                position: cx.position(ind, o),
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
