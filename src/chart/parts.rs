//! The parts of a whole in one province: a labelled bar per part (indicators whose `parent`
//! is the whole) and year, the whole as an outline bar when the province reports it. Every
//! part is drawn in the province's colour: the labels tell the parts apart.

use super::bar_rows::{Bar, Heading, Row, draw_bars};
use super::series::reported;
use super::svg::colour;
use super::text;
use super::types::{ChartType, Depends, Subject};
use super::{Chart, ChartKind, Citations, Context, DataTable};
use crate::model::{Indicator, IndicatorRef, Observation, Province, Site};
use crate::values::{self, indicator_name, year_text};
use plotters::style::RGBColor;

/// One part with data in the province.
struct Part<'a> {
    ind: &'a Indicator,
    /// The catalog name, for the table.
    name: &'a str,
    /// The name without the words all parts share, for labels and the description.
    short: String,
    obs: Vec<&'a Observation>,
}

/// The parts reported for one year (or period), with the whole when known.
struct YearGroup<'a> {
    heading: String,
    total: Option<&'a Observation>,
    /// Index into the parts, observation.
    members: Vec<(usize, &'a Observation)>,
}

/// Everything the chart, its description and its table are made from.
struct Data<'a> {
    cx: Context<'a>,
    whole: &'a Indicator,
    province: &'a str,
    /// The province's slug and palette index.
    slug: &'a str,
    series: usize,
    parts: Vec<Part<'a>>,
    groups: Vec<YearGroup<'a>>,
}

/// The parts of a whole (indicators whose `parent` it is) in one province, one labelled bar
/// per part and year, the whole as an outline when known; the block type `parts`.
pub struct Parts;

impl ChartType for Parts {
    fn kind(&self) -> ChartKind {
        ChartKind::Parts
    }

    fn block_name(&self) -> Option<&'static str> {
        Some("parts")
    }

    fn has_data(&self, site: &Site, s: &Subject) -> bool {
        s.province
            .and_then(|p| with_data(site, p, s.indicator))
            .is_some()
    }

    fn depends(&self) -> Depends {
        Depends::OwnProvince
    }

    fn draw(&self, cx: Context, s: &Subject, id: &str) -> Option<Chart> {
        parts(cx, s.province?, s.indicator, &super::safe_id(id))
    }
}

/// The parts of `whole` with data in `province`, each with its results and estimates.
/// `None` with fewer than two, or parts of different kinds (a count and a percent share no
/// scale).
fn with_data<'a>(
    site: &'a Site,
    province: &'a Province,
    whole: IndicatorRef,
) -> Option<Vec<(&'a Indicator, Vec<&'a Observation>)>> {
    let with_data: Vec<(&Indicator, Vec<&Observation>)> = site
        .parts_of(whole)
        .into_iter()
        .filter_map(|r| Some((site.indicator(r), reported(province.series_of(r)?))))
        .filter(|(_, obs)| !obs.is_empty())
        .collect();
    let kind = with_data.first()?.0.kind;
    if with_data.len() < 2 || with_data.iter().any(|(ind, _)| ind.kind != kind) {
        return None;
    }
    Some(with_data)
}

fn parts(cx: Context, province: &Province, whole: IndicatorRef, id: &str) -> Option<Chart> {
    let data = collect(cx, province, whole)?;
    let canvas = draw_bars(cx, &rows(&data), None)?;
    let title = indicator_name(data.whole, cx.lang).to_string();
    let description = describe(&data);
    let table = table(&data);
    Some(canvas.into_chart(ChartKind::Parts, id, cx.lang, (title, description), table))
}

/// The parts with data, grouped by year. `None` with fewer than two parts, or parts of
/// different kinds (a count and a percent share no scale).
fn collect<'a>(cx: Context<'a>, province: &'a Province, whole: IndicatorRef) -> Option<Data<'a>> {
    let (site, lang) = (cx.site, cx.lang);
    let with_data = with_data(site, province, whole)?;
    let names: Vec<&str> = with_data
        .iter()
        .map(|(ind, _)| indicator_name(ind, lang))
        .collect();
    let shorts = text::distinct_parts(&names);
    let parts: Vec<Part> = with_data
        .into_iter()
        .zip(names)
        .zip(shorts)
        .map(|(((ind, obs), name), short)| Part {
            ind,
            name,
            short,
            obs,
        })
        .collect();
    let totals = province.series_of(whole).map(reported).unwrap_or_default();
    let mut years: Vec<_> = parts
        .iter()
        .flat_map(|p| p.obs.iter().map(|o| o.year))
        .collect();
    years.sort();
    years.dedup();
    let groups = years
        .into_iter()
        .filter_map(|year| {
            let members: Vec<(usize, &Observation)> = parts
                .iter()
                .enumerate()
                .filter_map(|(i, p)| Some((i, *p.obs.iter().find(|o| o.year == year)?)))
                .collect();
            Some(YearGroup {
                heading: heading(cx, members.first()?.1),
                total: totals.iter().find(|o| o.year == year).copied(),
                members,
            })
        })
        .collect();
    Some(Data {
        cx,
        whole: site.indicator(whole),
        province: text::province_name(province, lang),
        slug: &province.slug,
        series: super::province_series(site, province),
        parts,
        groups,
    })
}

/// `Năm 2020` or `Giai đoạn 2015–2020`.
fn heading(cx: Context, o: &Observation) -> String {
    match o.from_year {
        Some(_) => cx.fill("chart_heading_period", &[("period", &year_text(o))]),
        None => cx.fill("chart_heading_year", &[("year", &o.year.to_string())]),
    }
}

/// Per group: a heading, the whole (outlined), then each part.
fn rows<'a>(data: &Data<'a>) -> Vec<Row<'a>> {
    let cx = data.cx;
    let mut rows = Vec::new();
    for g in &data.groups {
        rows.push(Row::Heading(Heading(g.heading.clone())));
        if let Some(t) = g.total {
            let total = cx.t("chart_total");
            let look = ("whole", colour::TEXT);
            rows.push(Row::Bar(bar(cx, total, t, data.whole, look)));
        }
        let class = format!("series-{}", data.series % super::SERIES_COLOURS);
        for &(i, o) in &g.members {
            let part = &data.parts[i];
            let name = text::capitalise(&part.short);
            let look = (class.as_str(), colour::series(data.series));
            let mut bar = bar(cx, &name, o, part.ind, look);
            bar.data.push(("data-province", data.slug.to_string()));
            rows.push(Row::Bar(bar));
        }
    }
    rows
}

/// A bar; `look` is its class and colour.
fn bar<'a>(
    cx: Context,
    name: &str,
    o: &'a Observation,
    ind: &Indicator,
    (class, colour): (&str, RGBColor),
) -> Bar<'a> {
    let label = cx.figure(ind, o).labelled();
    Bar {
        name: name.to_string(),
        bold: class == "whole",
        obs: o,
        position: cx.position(ind, o),
        tooltip: format!("{name}, {}: {label}", year_text(o)),
        label,
        class: class.to_string(),
        colour,
        highlight: false,
        data: vec![("data-indicator", ind.id.clone())],
    }
}

/// `… của Vĩnh Phúc. Giai đoạn 2015–2020: 1 chỉ thị, 2 nghị quyết, 12 quyết định.`
fn describe(data: &Data) -> String {
    let cx = data.cx;
    let name = indicator_name(data.whole, cx.lang);
    let args = [("name", name), ("province", data.province)];
    let mut out = cx.fill("chart_parts_description", &args);
    for g in &data.groups {
        let items: Vec<String> = g
            .members
            .iter()
            .map(|&(i, o)| {
                let part = &data.parts[i];
                let value = cx.figure(part.ind, o).labelled();
                // "1 chỉ thị" says it all when the part's name is its unit.
                if part.short.to_lowercase() == values::unit(part.ind, cx.lang).to_lowercase() {
                    value
                } else {
                    format!("{}: {value}", part.short)
                }
            })
            .collect();
        let sep = if items.iter().any(|i| i.contains(':')) {
            "; "
        } else {
            ", "
        };
        let items = items.join(sep);
        let mut args = vec![("heading", g.heading.as_str()), ("items", &items)];
        let total = g.total.map(|t| cx.figure(data.whole, t).labelled());
        let key = match &total {
            Some(total) => {
                args.push(("total", total));
                "chart_parts_group_total"
            }
            None => "chart_parts_group",
        };
        out.push(' ');
        out.push_str(&cx.fill(key, &args));
    }
    out
}

/// Year, part (full name), value, note, source; the whole first in each year.
fn table(data: &Data) -> DataTable {
    let cx = data.cx;
    let whole_name = indicator_name(data.whole, cx.lang);
    let mut citations = Citations::default();
    let mut rows = Vec::new();
    let mut row = |name: String, ind: &Indicator, o: &Observation| {
        vec![
            year_text(o),
            name,
            cx.figure(ind, o).value(),
            cx.note(o),
            citations.mark(o),
        ]
    };
    for g in &data.groups {
        if let Some(t) = g.total {
            let name = cx.fill("chart_total_row", &[("name", whole_name)]);
            rows.push(row(name, data.whole, t));
        }
        for &(i, o) in &g.members {
            let part = &data.parts[i];
            rows.push(row(part.name.to_string(), part.ind, o));
        }
    }
    DataTable::new(
        cx,
        format!("{whole_name}, {}", data.province),
        &[
            ("col_year", false),
            ("col_part", false),
            ("col_value", true),
            ("col_note", false),
            ("col_source", false),
        ],
        rows,
        citations,
    )
}
