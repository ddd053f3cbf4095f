//! The parts of a whole in one province: a labelled bar per part (indicators whose `parent`
//! is the whole) and year, the whole as an outline bar when the province reports it.

use super::bars::{Bar, Heading, Row, draw_bars};
use super::line::reported;
use super::svg::{SMALL, colour};
use super::text;
use super::{Chart, ChartKind, Citations, Context, DataTable};
use crate::format::Lang;
use crate::model::{Indicator, IndicatorRef, Observation, Province};
use plotters::style::RGBColor;

/// Longest line of a part's name before it wraps.
const NAME_MAX: f64 = 210.0;

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
    lang: Lang,
    whole: &'a Indicator,
    province: &'a str,
    parts: Vec<Part<'a>>,
    groups: Vec<YearGroup<'a>>,
}

pub(super) fn parts(
    cx: Context,
    province: &Province,
    whole: IndicatorRef,
    id: &str,
) -> Option<Chart> {
    let data = collect(cx, province, whole)?;
    let canvas = draw_bars(&rows(&data))?;
    let title = text::name(data.whole, data.lang).to_string();
    let description = describe(&data);
    let table = table(cx, &data);
    let svg = canvas.finish(id, ChartKind::Parts.class(), &title, &description);
    Some(Chart {
        kind: ChartKind::Parts,
        id: id.to_string(),
        lang: data.lang,
        svg,
        title,
        description,
        table,
    })
}

/// The parts with data, grouped by year. `None` with fewer than two parts, or parts of
/// different kinds (a count and a percent share no scale).
fn collect<'a>(cx: Context<'a>, province: &'a Province, whole: IndicatorRef) -> Option<Data<'a>> {
    let (site, lang) = (cx.site, cx.lang);
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
    let names: Vec<&str> = with_data
        .iter()
        .map(|(ind, _)| text::name(ind, lang))
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
                heading: heading(members.first()?.1, lang),
                total: totals.iter().find(|o| o.year == year).copied(),
                members,
            })
        })
        .collect();
    Some(Data {
        lang,
        whole: site.indicator(whole),
        province: text::province_name(province, lang),
        parts,
        groups,
    })
}

/// `Năm 2020` or `Giai đoạn 2015–2020`.
fn heading(o: &Observation, lang: Lang) -> String {
    let w = text::words(lang);
    match o.from_year {
        Some(_) => format!("{} {}", w.period, text::year(o)),
        None => format!("{} {}", w.year, o.year),
    }
}

/// Per group: a heading, the whole (outlined), then each part.
fn rows<'a>(data: &Data<'a>) -> Vec<Row<'a>> {
    let lang = data.lang;
    let mut rows = Vec::new();
    for g in &data.groups {
        rows.push(Row::Heading(Heading(g.heading.clone())));
        if let Some(t) = g.total {
            let total = text::words(lang).total;
            let look = ("whole", colour::TEXT);
            rows.push(Row::Bar(bar(total, t, data.whole, look, lang)));
        }
        for &(i, o) in &g.members {
            let part = &data.parts[i];
            let name = text::capitalise(&part.short);
            let class = format!("series-{i}");
            let look = (class.as_str(), colour::series(i));
            rows.push(Row::Bar(bar(&name, o, part.ind, look, lang)));
        }
    }
    rows
}

/// A bar; `look` is its class and colour.
fn bar<'a>(
    name: &str,
    o: &'a Observation,
    ind: &Indicator,
    (class, colour): (&str, RGBColor),
    lang: Lang,
) -> Bar<'a> {
    let value = text::value(ind, o, lang);
    let label = match text::status(o.status, lang) {
        Some(s) => format!("{value} ({s})"),
        None => value,
    };
    Bar {
        name_lines: text::wrap(name, NAME_MAX, SMALL),
        bold: class == "whole",
        obs: o,
        tooltip: format!("{name}, {}: {label}", text::year(o)),
        label,
        class: class.to_string(),
        colour,
        data: ("data-indicator", ind.id.clone()),
    }
}

/// `… của Vĩnh Phúc. Giai đoạn 2015–2020: 1 chỉ thị, 2 nghị quyết, 12 quyết định.`
fn describe(data: &Data) -> String {
    let lang = data.lang;
    let name = text::name(data.whole, lang);
    let mut out = match lang {
        Lang::Vi => format!("{name} của {}.", data.province),
        Lang::En => format!("{name} in {}.", data.province),
    };
    for g in &data.groups {
        let items: Vec<String> = g
            .members
            .iter()
            .map(|&(i, o)| {
                let part = &data.parts[i];
                let value = text::value(part.ind, o, lang);
                // "1 chỉ thị" says it all when the part's name is its unit.
                if part.short.to_lowercase() == text::unit(part.ind, lang).to_lowercase() {
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
        out.push_str(&format!(" {}: {}", g.heading, items.join(sep)));
        if let Some(t) = g.total {
            let total = text::words(lang).total.to_lowercase();
            out.push_str(&format!("; {total} {}", text::value(data.whole, t, lang)));
        }
        out.push('.');
    }
    out
}

/// Year, part (full name), value, note, source; the whole first in each year.
fn table(cx: Context, data: &Data) -> DataTable {
    let lang = data.lang;
    let w = text::words(lang);
    let whole_name = text::name(data.whole, lang);
    let mut citations = Citations::default();
    let mut rows = Vec::new();
    let mut row = |name: String, ind: &Indicator, o: &Observation| {
        vec![
            text::year(o),
            name,
            text::value(ind, o, lang),
            text::note(o, lang),
            citations.mark(o),
        ]
    };
    for g in &data.groups {
        if let Some(t) = g.total {
            let name = format!("{whole_name} ({})", w.total.to_lowercase());
            rows.push(row(name, data.whole, t));
        }
        for &(i, o) in &g.members {
            let part = &data.parts[i];
            rows.push(row(part.name.to_string(), part.ind, o));
        }
    }
    DataTable::new(
        format!("{whole_name}, {}", data.province),
        &[
            (w.year, false),
            (w.part, false),
            (w.value, true),
            (w.note, false),
            (w.source, false),
        ],
        rows,
        citations,
        cx.site,
    )
}
