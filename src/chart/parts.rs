//! The parts of a whole in one province: a labelled bar per part (indicators whose `parent`
//! is the whole) and year, the whole as an outline bar when the province reports it.

use super::bars::{Bar, Heading, Row, draw_bars};
use super::line::reported;
use super::svg::{SMALL, colour};
use super::text;
use super::{Chart, ChartKind, Citations, Context, DataTable};
use crate::format::Lang;
use crate::model::{IndicatorRef, Observation, Province, Site};

/// Longest line of a part's name before it wraps.
const NAME_MAX: f64 = 210.0;

pub(super) fn parts(
    cx: Context,
    province: &Province,
    whole: IndicatorRef,
    id: &str,
) -> Option<Chart> {
    let (site, lang) = (cx.site, cx.lang);
    let whole_ind = site.indicator(whole);
    let with_data: Vec<(IndicatorRef, Vec<&Observation>)> = site
        .parts_of(whole)
        .into_iter()
        .filter_map(|r| Some((r, reported(province.series_of(r)?))))
        .filter(|(_, obs)| !obs.is_empty())
        .collect();
    if with_data.len() < 2 {
        return None;
    }
    // Parts of different kinds (a count and a percent) share no scale.
    let kind = site.indicator(with_data[0].0).kind;
    if with_data
        .iter()
        .any(|(r, _)| site.indicator(*r).kind != kind)
    {
        return None;
    }
    let full_names: Vec<&str> = with_data
        .iter()
        .map(|(r, _)| text::name(site.indicator(*r), lang))
        .collect();
    let short_names = text::distinct_parts(&full_names);
    let whole_series = province.series_of(whole).map(reported).unwrap_or_default();
    let mut years: Vec<_> = with_data
        .iter()
        .flat_map(|(_, obs)| obs.iter().map(|o| o.year))
        .collect();
    years.sort();
    years.dedup();

    let w = text::words(lang);
    let mut rows: Vec<Row> = Vec::new();
    let mut groups: Vec<YearGroup> = Vec::new();
    for year in years {
        let members: Vec<(usize, &Observation)> = with_data
            .iter()
            .enumerate()
            .filter_map(|(i, (_, obs))| Some((i, *obs.iter().find(|o| o.year == year)?)))
            .collect();
        let total = whole_series.iter().find(|o| o.year == year).copied();
        let heading = heading(members[0].1, lang);
        rows.push(Row::Heading(Heading(heading.clone())));
        if let Some(t) = total {
            rows.push(Row::Bar(part_bar(
                w.total,
                t,
                site.indicator(whole),
                "whole",
                colour::TEXT,
                lang,
            )));
        }
        for &(i, o) in &members {
            let ind = site.indicator(with_data[i].0);
            let name = text::capitalise(&short_names[i]);
            let class = format!("series-{i}");
            rows.push(Row::Bar(part_bar(
                &name,
                o,
                ind,
                &class,
                colour::series(i),
                lang,
            )));
        }
        groups.push(YearGroup {
            heading,
            total,
            members,
        });
    }
    let canvas = draw_bars(&rows)?;

    let title = text::name(whole_ind, lang).to_string();
    let description = describe_parts(
        site,
        province,
        whole,
        &with_data,
        &short_names,
        &groups,
        lang,
    );
    let mut citations = Citations::default();
    let mut table_rows = Vec::new();
    for g in &groups {
        if let Some(t) = g.total {
            table_rows.push(vec![
                text::year(t),
                format!("{} ({})", title, w.total.to_lowercase()),
                text::value(whole_ind, t, lang),
                text::note(t, lang),
                citations.mark(t),
            ]);
        }
        for &(i, o) in &g.members {
            let ind = site.indicator(with_data[i].0);
            table_rows.push(vec![
                text::year(o),
                full_names[i].to_string(),
                text::value(ind, o, lang),
                text::note(o, lang),
                citations.mark(o),
            ]);
        }
    }
    let table = DataTable::new(
        format!("{title}, {}", text::province_name(province, lang)),
        &[
            (w.year, false),
            (w.part, false),
            (w.value, true),
            (w.note, false),
            (w.source, false),
        ],
        table_rows,
        citations,
        site,
    );
    let svg = canvas.finish(id, ChartKind::Parts.class(), &title, &description);
    Some(Chart {
        kind: ChartKind::Parts,
        id: id.to_string(),
        lang,
        svg,
        title,
        description,
        table,
    })
}

/// The parts reported for one year (or period), with the whole when known.
struct YearGroup<'a> {
    heading: String,
    total: Option<&'a Observation>,
    members: Vec<(usize, &'a Observation)>,
}

/// `Năm 2020` or `Giai đoạn 2015–2020`.
fn heading(o: &Observation, lang: Lang) -> String {
    let w = text::words(lang);
    match (o.from_year, lang) {
        (Some(_), _) => format!("{} {}", w.period, text::year(o)),
        (None, _) => format!("{} {}", w.year, o.year),
    }
}

fn part_bar<'a>(
    name: &str,
    o: &'a Observation,
    ind: &crate::model::Indicator,
    class: &str,
    colour: plotters::style::RGBColor,
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
fn describe_parts(
    site: &Site,
    province: &Province,
    whole: IndicatorRef,
    with_data: &[(IndicatorRef, Vec<&Observation>)],
    short_names: &[String],
    groups: &[YearGroup],
    lang: Lang,
) -> String {
    let whole_ind = site.indicator(whole);
    let mut out = match lang {
        Lang::Vi => format!(
            "{} của {}.",
            text::name(whole_ind, lang),
            text::province_name(province, lang)
        ),
        Lang::En => format!(
            "{} in {}.",
            text::name(whole_ind, lang),
            text::province_name(province, lang)
        ),
    };
    for g in groups {
        let items: Vec<String> = g
            .members
            .iter()
            .map(|&(i, o)| {
                let ind = site.indicator(with_data[i].0);
                let value = text::value(ind, o, lang);
                // "1 chỉ thị" says it all when the part's name is its unit.
                if short_names[i].to_lowercase() == text::unit(ind, lang).to_lowercase() {
                    value
                } else {
                    format!("{}: {value}", short_names[i])
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
            out.push_str(&format!("; {total} {}", text::value(whole_ind, t, lang)));
        }
        out.push('.');
    }
    out
}
