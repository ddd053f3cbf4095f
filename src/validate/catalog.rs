//! `content/indicators.yaml`: categories and indicators, their ids, kinds and parts.

use super::*;

pub(super) fn catalog(
    doc: &Doc<RawCatalog>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Category>, Vec<Indicator>) {
    let raw = &doc.value;
    let at = |path: String, msg: String| Diagnostic::at(&doc.source, doc.spans.value(&path), msg);
    let mut categories = Vec::new();
    let mut category_ids: HashMap<&str, CategoryRef> = HashMap::new();
    for (i, c) in raw.categories.iter().enumerate() {
        let path = format!("categories/{i}/id");
        if !is_id(&c.id) {
            diags.push(
                at(path, format!("category id `{}` is not a valid id", c.id))
                    .with_hint("use lowercase ASCII letters, digits, `-` or `_`"),
            );
        } else if category_ids.contains_key(c.id.as_str()) {
            // The first definition keeps its place: indicators must not point past the list.
            diags.push(
                at(path, format!("category `{}` is defined twice", c.id))
                    .with_hint("remove or rename one of them"),
            );
            continue;
        } else {
            category_ids.insert(&c.id, CategoryRef(categories.len()));
        }
        categories.push(Category {
            id: c.id.clone(),
            name: c.name.clone(),
            name_en: c.name_en.clone(),
        });
    }
    let mut seen: HashSet<&str> = HashSet::new();
    // The first definition of a repeated id is the one kept below.
    let mut all_ids: HashMap<&str, usize> = HashMap::new();
    for (i, x) in raw.indicators.iter().enumerate() {
        all_ids.entry(x.id.as_str()).or_insert(i);
    }
    let mut indicators = Vec::new();
    let mut index_of_raw: HashMap<usize, IndicatorRef> = HashMap::new();
    for (i, x) in raw.indicators.iter().enumerate() {
        let p = |field: &str| format!("indicators/{i}/{field}");
        if !is_id(&x.id) {
            diags.push(
                at(
                    p("id"),
                    format!("indicator id `{}` is not a valid id", x.id),
                )
                .with_hint("use lowercase ASCII letters, digits and `_`, e.g. ict_revenue"),
            );
        }
        if !seen.insert(&x.id) {
            diags.push(
                at(p("id"), format!("indicator `{}` is defined twice", x.id))
                    .with_hint("remove or rename one of them"),
            );
            continue;
        }
        let category = match category_ids.get(x.category.as_str()) {
            Some(&category) => category,
            None => {
                diags.push(
                    at(p("category"), format!("unknown category `{}`", x.category))
                        .with_hint("use one of the ids under `categories:` at the top of the file"),
                );
                // Kept (in the first category) so that its data is still checked and not
                // reported as an unknown indicator everywhere it is used.
                match categories.first() {
                    Some(_) => CategoryRef(0),
                    None => continue,
                }
            }
        };
        if x.decimals > 6 {
            diags.push(
                at(
                    p("decimals"),
                    format!("{} decimals is too many", x.decimals),
                )
                .with_hint("use 0 to 6"),
            );
        }
        if x.name.trim().is_empty() || x.unit.trim().is_empty() && !x.kind.is_position() {
            diags.push(
                at(
                    p("name"),
                    "indicator name and unit must not be empty".into(),
                )
                .with_hint("give the Vietnamese name and unit, e.g. `tỷ đồng`"),
            );
        }
        if let Some(max) = x.max
            && (!max.is_finite() || max <= 0.0)
        {
            diags.push(
                at(
                    p("max"),
                    format!("max must be a positive number, not {max}"),
                )
                .with_hint("remove `max` or give the largest value allowed"),
            );
        }
        if x.unit_en_one.is_some() && x.unit_en.is_none() {
            diags.push(
                at(p("unit_en_one"), "`unit_en_one` without `unit_en`".into()).with_hint(
                    "give `unit_en` (the plural, as after 2 or 0) beside `unit_en_one` (after 1)",
                ),
            );
        }
        if x.unit_en_one
            .as_deref()
            .is_some_and(|u| u.trim().is_empty())
        {
            diags.push(
                at(p("unit_en_one"), "`unit_en_one` is empty".into())
                    .with_hint("give the English unit after a count of one, or remove the field"),
            );
        }
        if x.additive && !x.kind.may_be_additive() {
            diags.push(
                at(p("additive"), format!("a {:?} cannot be added up across provinces", x.kind).to_lowercase())
                    .with_hint("only counts and money are additive; remove `additive: true` (ranks, indices and shares are never summed)"),
            );
        }
        index_of_raw.insert(i, IndicatorRef(indicators.len()));
        indicators.push(Indicator {
            id: x.id.clone(),
            name: x.name.clone(),
            name_en: x.name_en.clone(),
            unit: x.unit.clone(),
            unit_en: x.unit_en.clone(),
            unit_en_one: x.unit_en_one.clone().filter(|u| !u.trim().is_empty()),
            kind: x.kind,
            decimals: x.decimals.min(6),
            trim_zeros: x.trim_zeros,
            better: x.better,
            category,
            parent: None,
            max: x.max.filter(|m| m.is_finite() && *m > 0.0),
            description: x.description.clone(),
            description_en: x.description_en.clone(),
            per_100_inhabitants: x.per_100_inhabitants,
            key: x.key,
            additive: x.additive && x.kind.may_be_additive(),
            aliases: x.aliases.clone(),
        });
    }
    check_aliases(raw, &at, diags);
    // Parents are resolved once every indicator is known, so order does not matter.
    for (i, x) in raw.indicators.iter().enumerate() {
        let (Some(parent), Some(&me)) = (&x.parent, index_of_raw.get(&i)) else {
            continue;
        };
        let path = format!("indicators/{i}/parent");
        match all_ids
            .get(parent.as_str())
            .and_then(|j| index_of_raw.get(j))
        {
            Some(&pr) if pr == me => diags.push(
                at(path, "an indicator cannot be a part of itself".into())
                    .with_hint("remove `parent`"),
            ),
            Some(_)
                if raw
                    .indicators
                    .iter()
                    .any(|y| y.id == *parent && y.parent.is_some()) =>
            {
                diags.push(
                    at(
                        path,
                        format!("`{parent}` is itself a part of another indicator"),
                    )
                    .with_hint("parts go one level deep: point `parent` at the whole"),
                );
            }
            Some(&pr) => indicators[me.0].parent = Some(pr),
            None => diags.push(
                at(path, format!("unknown parent indicator `{parent}`"))
                    .with_hint("use the id of an indicator in this file"),
            ),
        }
    }
    (categories, indicators)
}

/// Every alias names one indicator: not empty, and not a name or alias of another one
/// (compared as `import` compares them: case, diacritics, punctuation and spaces aside).
fn check_aliases(
    raw: &RawCatalog,
    at: &dyn Fn(String, String) -> Diagnostic,
    diags: &mut Vec<Diagnostic>,
) {
    let mut owner: HashMap<String, &str> = HashMap::new();
    for x in &raw.indicators {
        for name in [&x.name, &x.name_en] {
            owner.entry(slugify(name)).or_insert(&x.id);
        }
    }
    for (i, x) in raw.indicators.iter().enumerate() {
        for (k, alias) in x.aliases.iter().enumerate() {
            let path = format!("indicators/{i}/aliases/{k}");
            let slug = slugify(alias);
            match owner.get(&slug) {
                _ if slug.is_empty() => diags.push(
                    at(path, "an empty alias".into())
                        .with_hint("write another name of the indicator, in words, or remove the line"),
                ),
                Some(other) if *other != x.id => diags.push(
                    at(path, format!("the alias `{alias}` also names `{other}`"))
                        .with_hint("an import could not tell the two apart: make the alias more specific (`Chỉ số DTI / Xếp hạng`), or remove it"),
                ),
                _ => {
                    owner.insert(slug, &x.id);
                }
            }
        }
    }
}
