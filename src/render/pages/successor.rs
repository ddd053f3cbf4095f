//! The page of a provincial unit from 1 July 2025 whose former provinces have pages: which
//! provinces it was made of, what each reported and for which years, and for additive
//! indicators the sum of a year that every former province reported.

use super::*;
use crate::model::geography::{RESOLUTION, geography};
use crate::model::{Observation, Successor};

#[derive(Serialize)]
struct PredecessorCtx {
    name: String,
    /// The province page, when the site has one.
    url: Option<String>,
    /// Years its figures cover (`2015–2020`).
    period: Option<String>,
    /// Date of its latest source.
    latest_source: Option<String>,
}

#[derive(Serialize)]
struct RowCtx {
    name: String,
    url: String,
    /// One cell per former province with a page: its latest reported value and year.
    cells: Vec<Option<String>>,
    /// Years every former province reported, summed (additive indicators only).
    sums: Vec<String>,
}

/// The years a province's reported figures cover: `2015–2020`, or one year.
pub(super) fn figure_period(p: &Province) -> Option<String> {
    let years = p
        .series
        .iter()
        .flat_map(|s| s.reported())
        .flat_map(|o| [o.from_year.unwrap_or(o.year), o.year]);
    let (min, max) = years.fold(None, |acc: Option<(Year, Year)>, y| match acc {
        None => Some((y, y)),
        Some((a, b)) => Some((a.min(y), b.max(y))),
    })?;
    Some(if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    })
}

/// The date of the province's latest source, as precisely as it is known.
pub(super) fn latest_source(s: &Scope, p: &Province) -> Option<String> {
    let date = p
        .sources
        .iter()
        .map(|r| s.site.source(*r).date)
        .max_by_key(|d| d.sort_key())
        .filter(|d| *d != crate::model::DatePrecision::Unknown)?;
    Some(values::precise_date_text(date, s.lang, s.i18n()))
}

/// The sum of `r` for each year that every former unit reported (results, not targets).
/// `None` for a former unit without a page: its share is unknown, so nothing is summed.
pub(super) fn summed(provinces: &[Option<&Province>], r: IndicatorRef) -> Vec<Observation> {
    let Some(Some(first)) = provinces.first() else {
        return Vec::new();
    };
    let Some(series) = first.series_of(r) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for o in series.reported().filter(|o| o.from_year.is_none()) {
        let all: Option<Vec<&Observation>> = provinces
            .iter()
            .map(|p| {
                p.and_then(|p| p.series_of(r))?
                    .reported()
                    .find(|x| x.year == o.year && x.from_year.is_none())
            })
            .collect();
        let Some(all) = all else { continue };
        if out.iter().any(|x: &Observation| x.year == o.year) {
            continue;
        }
        out.extend(crate::model::derived::sum(&all));
    }
    out
}

/// The page of unit `unit` with its former provinces.
pub(super) fn successor(s: &Scope, unit: crate::model::UnitId) -> Context {
    let site = s.site;
    let geo = geography();
    // The page list comes from `site.successors`; without its entry the page has no rows.
    let none = Successor {
        unit,
        predecessors: Vec::new(),
        pages: Vec::new(),
    };
    let succ = site.successor(unit).unwrap_or(&none);
    let unit = site.successor_unit(succ.unit);
    let former: Vec<Option<&Province>> = succ
        .predecessors
        .iter()
        .map(|(_, p)| p.as_ref().and_then(|id| site.province(id)))
        .collect();
    let predecessors: Vec<PredecessorCtx> = succ
        .predecessors
        .iter()
        .zip(&former)
        .map(|((f, _), p)| PredecessorCtx {
            name: geo.former[*f].name.clone(),
            url: p.map(|p| s.urls.province(p)),
            period: p.and_then(figure_period),
            latest_source: p.and_then(|p| latest_source(s, p)),
        })
        .collect();
    let with_pages: Vec<&Province> = former.iter().flatten().copied().collect();
    let rows: Vec<RowCtx> = site
        .indicator_refs()
        .filter(|&r| {
            with_pages
                .iter()
                .any(|p| p.series_of(r).is_some_and(|x| x.latest().is_some()))
        })
        .map(|r| {
            let ind = site.indicator(r);
            let cells = with_pages
                .iter()
                .map(|p| {
                    let o = p.series_of(r)?.latest()?;
                    let f = values::Figure::new(ind, o, s.lang, s.i18n());
                    let (value, notes) = (f.value(), f.year_status());
                    Some(format!("{value} ({notes})"))
                })
                .collect();
            let sums = if ind.additive {
                summed(&former, r)
                    .iter()
                    .map(|o| {
                        // A sum is the site's own figure: it carries its mark.
                        let value = values::Figure::new(ind, o, s.lang, s.i18n()).labelled();
                        format!("{}: {value}", o.year)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            RowCtx {
                name: indicator_name(ind, s.lang).to_string(),
                url: s.urls.indicator(ind),
                cells,
                sums,
            }
        })
        .collect();
    let names: Vec<&str> = predecessors.iter().map(|p| p.name.as_str()).collect();
    // A unit with one former province was not merged: it is not "formed from" itself.
    let key = if names.len() == 1 {
        "successor_intro_same"
    } else {
        "successor_intro"
    };
    let intro = s.i18n().fill(
        s.lang,
        key,
        &[
            ("name", &unit.name),
            (
                "date",
                &values::date_text(crate::model::geography::EFFECTIVE, s.lang, s.i18n()),
            ),
            ("resolution", RESOLUTION),
            ("former", &names.join(", ")),
            ("communes", &unit.communes.to_string()),
        ],
    );
    let title = s
        .i18n()
        .fill(s.lang, "successor_title", &[("name", &unit.name)]);
    let mut c = page_ctx(
        s,
        &title,
        PageKind::Successor(succ.unit),
        Some(intro.clone()),
    );
    c.insert("intro", &intro);
    c.insert("predecessors", &predecessors);
    c.insert(
        "columns",
        &with_pages
            .iter()
            .map(|p| p.text(s.lang, site.config.language).name)
            .collect::<Vec<_>>(),
    );
    c.insert("summed", &rows.iter().any(|r| !r.sums.is_empty()));
    c.insert("rows", &rows);
    c.insert(
        "unit_pages",
        &succ
            .pages
            .iter()
            .filter_map(|id| site.province(id))
            .map(|p| Link {
                title: p.text(s.lang, site.config.language).name.to_string(),
                url: s.urls.province(p),
            })
            .collect::<Vec<_>>(),
    );
    c
}
