//! A province's front matter, translations and body, and names that would collide.

use super::*;
use crate::content::raw::RawTranslatedFrontMatter;
use crate::model::Lang;

pub(super) fn province(
    p: &LoadedProvince,
    ctx: &Lookup,
    diags: &mut Vec<Diagnostic>,
) -> Option<Province> {
    let index = p.index.as_ref()?;
    if !is_slug(&p.slug) {
        diags.push(
            Diagnostic::error(
                &p.dir,
                format!("folder name `{}` is not a URL slug", p.slug),
            )
            .with_hint(format!(
                "rename the folder to `{}` (lowercase ASCII, words joined by `-`)",
                slugify(&index.front.name)
            )),
        );
        return None;
    }
    let fm = &index.front;
    let at = |path: &str, msg: String| Diagnostic::at(&index.source, index.spans.value(path), msg);
    if fm.name.trim().is_empty() {
        diags.push(
            at("name", "province name is empty".into())
                .with_hint("write the province's name, e.g. Vĩnh Phúc"),
        );
    }
    let sources = sources_of(index, ctx, diags);
    // Read before the figures, so a body's own mistakes are reported even without them.
    let body = ctx.body(index, diags);
    let translations = texts(fm, &p.translations, ctx, diags);
    let editions = p
        .editions
        .iter()
        .filter_map(|e| {
            let body = ctx.body(&e.doc, diags);
            Some(Edition {
                year: Year::new(i64::from(e.year))?,
                name: e.doc.front.name.trim().to_string(),
                summary: e.doc.front.summary.clone(),
                sources: sources_of(&e.doc, ctx, diags),
                draft: crate::model::draft::text_reasons(&body, e.doc.front.draft),
                body,
                translations: texts(&e.doc.front, &e.translations, ctx, diags),
            })
        })
        .collect();
    // A metrics file that could not be read is reported already; a page without its data
    // would only add a "no value" error for every inline value and chart.
    let metrics = p.metrics.as_ref()?;
    let series = observations::series(metrics, ctx, diags);
    let unread = metrics
        .value
        .iter()
        .filter(|(_, raws)| raws.iter().any(|r| r.unreadable))
        .filter_map(|(id, _)| ctx.indicator(id))
        .collect();
    let mut province = Province {
        slug: p.slug.clone(),
        name: fm.name.trim().to_string(),
        region: fm.region.clone(),
        director: fm.director.clone(),
        director_title: fm.director_title.clone(),
        term: fm.term.clone(),
        sources,
        summary: fm.summary.clone(),
        body,
        series,
        translations,
        draft: Vec::new(),
        unit: admin_unit(index, diags),
        edition: p.edition.and_then(|y| Year::new(i64::from(y))),
        editions,
        unread,
    };
    province.draft = crate::model::draft::province_reasons(&province, fm.draft);
    if let Some(d) = on_no_map(&province, index) {
        diags.push(d);
    }
    Some(province)
}

/// A warning for a province of the geography table that has figures but declares no unit:
/// no map can place it, so its figures are on the charts and missing from every map.
fn on_no_map(p: &Province, index: &MarkdownDoc<RawFrontMatter>) -> Option<Diagnostic> {
    if p.unit.is_some() || p.series.is_empty() || !p.draft.is_empty() {
        return None;
    }
    let geo = geography();
    let former = geo.former_unit(&p.name).map(|f| f.name.clone());
    let unit = geo.unit_index(&p.name).map(|u| geo.units[u].name.clone());
    let hint = match (former, unit) {
        (Some(f), Some(u)) => format!(
            "write `unit_before_2025: {f}` for figures from before 1 July 2025, or `unit_from_2025: {u}` for the province since then"
        ),
        (Some(f), None) => format!("write `unit_before_2025: {f}`"),
        (None, Some(u)) => format!("write `unit_from_2025: {u}`"),
        (None, None) => return None,
    };
    Some(
        Diagnostic::at(
            &index.source,
            index.spans.value("name"),
            format!(
                "{} has figures but is on no map: it declares no unit",
                p.name
            ),
        )
        .with_hint(hint)
        .as_warning(),
    )
}

/// The sources a summary's front matter names, each checked.
fn sources_of(
    doc: &MarkdownDoc<RawFrontMatter>,
    ctx: &Lookup,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SourceRef> {
    let mut sources = Vec::new();
    for (i, id) in doc.front.sources.iter().enumerate() {
        match ctx.source(id) {
            Some(r) => sources.push(r),
            None => diags.push(
                Diagnostic::at(
                    &doc.source,
                    doc.spans.value(&format!("sources/{i}")),
                    format!("unknown source `{id}`"),
                )
                .with_hint(ctx.source_hint(id)),
            ),
        }
    }
    sources
}

/// A summary's texts in other languages, falling back to the main file's front matter.
fn texts(
    fm: &RawFrontMatter,
    translations: &[(Lang, MarkdownDoc<RawTranslatedFrontMatter>)],
    ctx: &Lookup,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Lang, ProvinceText)> {
    translations
        .iter()
        .map(|(lang, doc)| {
            let f = &doc.front;
            let body = ctx.body(doc, diags);
            (
                *lang,
                ProvinceText {
                    name: f.name.clone().unwrap_or_else(|| fm.name.trim().to_string()),
                    region: f.region.clone().unwrap_or_else(|| fm.region.clone()),
                    director_title: f
                        .director_title
                        .clone()
                        .or_else(|| fm.director_title.clone()),
                    term: f.term.clone().or_else(|| fm.term.clone()),
                    summary: f.summary.clone(),
                    draft: crate::model::draft::text_reasons(&body, f.draft),
                    body,
                },
            )
        })
        .collect()
}

/// What a province claims that no other province may claim too: the slug of its name and
/// the former province it reports on. Kept when its raw files are dropped, for the checks
/// across provinces that run once every province is read.
#[derive(Debug)]
pub(crate) struct Claims {
    dir: std::path::PathBuf,
    /// The summary's front matter positions, indexed only when a collision is reported.
    spans: crate::yaml::Spans,
    source: crate::diagnostic::SourceText,
    name: String,
    unit_before_2025: Option<String>,
}

impl Claims {
    /// The claims of `p` (none without a summary).
    pub(crate) fn of(p: &LoadedProvince) -> Option<Claims> {
        let index = p.index.as_ref()?;
        Some(Claims {
            dir: p.dir.clone(),
            spans: index.spans.unindexed(),
            source: index.source.clone(),
            name: index.front.name.clone(),
            unit_before_2025: index.front.unit_before_2025.clone(),
        })
    }
}

/// Two provinces whose names give the same slug would look like one in URLs and search.
pub(super) fn check_name_collisions(provinces: &[&Claims], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &Claims> = HashMap::new();
    for &p in provinces {
        let slug = slugify(&p.name);
        if let Some(first) = seen.get(&slug) {
            diags.push(
                Diagnostic::at(&p.source, p.spans.value("name"), format!("province name `{}` gives the slug `{slug}`, like the province in {}", p.name, first.dir.display()))
                    .with_hint("two provinces cannot share a name; remove the duplicate folder or fix the name"),
            );
        } else {
            seen.insert(slug, p);
        }
    }
}

/// The unit a province declares (`unit_before_2025` or `unit_from_2025`), checked against
/// the table of the 2025 reorganisation.
fn admin_unit(
    index: &MarkdownDoc<RawFrontMatter>,
    diags: &mut Vec<Diagnostic>,
) -> Option<AdminUnit> {
    let geo = geography();
    let fm = &index.front;
    let at = |path: &str, msg: String| Diagnostic::at(&index.source, index.spans.value(path), msg);
    match (&fm.unit_before_2025, &fm.unit_from_2025) {
        (Some(_), Some(_)) => {
            diags.push(
                at("unit_from_2025", "a page declares one unit, before or from 2025, not both".into())
                    .with_hint("keep `unit_before_2025` for a report on a former province; the page of its successor is made for you"),
            );
            None
        }
        (Some(name), None) => match geo.former_unit(name) {
            Some(f) => geo
                .former
                .iter()
                .position(|x| x == f)
                .map(AdminUnit::Before2025),
            None => {
                diags.push(
                    at(
                        "unit_before_2025",
                        format!("`{name}` is not one of the 63 provinces before 1 July 2025"),
                    )
                    .with_hint(closest(name, geo.former.iter().map(|f| f.name.as_str()))),
                );
                None
            }
        },
        (None, Some(name)) => match geo.unit_index(name) {
            Some(u) => Some(AdminUnit::From2025(u)),
            None => {
                let hint = match geo.former_unit(name) {
                    Some(f) => format!(
                        "{} became part of {} on 1 July 2025; write `unit_before_2025: {}` for a report on it",
                        f.name,
                        geo.successor(f).name,
                        f.name
                    ),
                    None => closest(name, geo.units.iter().map(|u| u.name.as_str())),
                };
                diags.push(
                    at(
                        "unit_from_2025",
                        format!("`{name}` is not one of the 34 provinces from 1 July 2025"),
                    )
                    .with_hint(hint),
                );
                None
            }
        },
        (None, None) => None,
    }
}

/// A hint naming the unit whose slug shares the longest start with `name`'s.
fn closest<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> String {
    let slug = slugify(name);
    let common = |n: &str| {
        slugify(n)
            .chars()
            .zip(slug.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    match names.max_by_key(|n| common(n)) {
        Some(best) if common(best) > 0 => {
            format!("did you mean `{best}`? (names as in Resolution {RESOLUTION})")
        }
        _ => format!("write the name as in Resolution {RESOLUTION}, e.g. Vĩnh Phúc"),
    }
}

/// Two pages about the same former province would each claim to be its report; the unit's
/// page could list only one.
pub(super) fn check_unit_collisions(provinces: &[&Claims], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &Claims> = HashMap::new();
    for &p in provinces {
        let Some(name) = &p.unit_before_2025 else {
            continue;
        };
        match seen.get(&slugify(name)) {
            Some(first) => diags.push(
                Diagnostic::at(
                    &p.source,
                    p.spans.value("unit_before_2025"),
                    format!("{} also says it is about `{name}`", first.dir.display()),
                )
                .with_hint("keep one folder per former province; put later reports in it as dated editions (2024.md)"),
            ),
            None => {
                seen.insert(slugify(name), p);
            }
        }
    }
}
