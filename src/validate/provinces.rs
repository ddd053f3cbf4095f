//! A province's front matter, translations and body, and names that would collide.

use super::*;

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
    let mut sources = Vec::new();
    for (i, id) in fm.sources.iter().enumerate() {
        match ctx.source(id) {
            Some(r) => sources.push(r),
            None => diags.push(
                at(&format!("sources/{i}"), format!("unknown source `{id}`"))
                    .with_hint(ctx.source_hint(id)),
            ),
        }
    }
    // A metrics file that could not be read is reported already; a page without its data
    // would only add a "no value" error for every inline value and chart.
    let series = observations::series(p.metrics.as_ref()?, ctx, diags);
    let translations = p
        .translations
        .iter()
        .map(|(lang, doc)| {
            let f = &doc.front;
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
                    body: Markdown {
                        source: doc.source.clone(),
                        body_offset: doc.body_offset,
                    },
                },
            )
        })
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
        body: Markdown {
            source: index.source.clone(),
            body_offset: index.body_offset,
        },
        series,
        translations,
        draft: Vec::new(),
    };
    province.draft = crate::model::draft::province_reasons(&province, fm.draft);
    Some(province)
}

/// Two provinces whose names give the same slug would look like one in URLs and search.
pub(super) fn check_name_collisions(provinces: &[LoadedProvince], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &LoadedProvince> = HashMap::new();
    for p in provinces {
        let Some(index) = &p.index else { continue };
        let slug = slugify(&index.front.name);
        if let Some(first) = seen.get(&slug) {
            diags.push(
                Diagnostic::at(&index.source, index.spans.value("name"), format!("province name `{}` gives the slug `{slug}`, like the province in {}", index.front.name, first.dir.display()))
                    .with_hint("two provinces cannot share a name; remove the duplicate folder or fix the name"),
            );
        } else {
            seen.insert(slug, p);
        }
    }
}
