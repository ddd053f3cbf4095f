//! From what the cells say to what the site knows: the province folder and indicator id
//! each row names, one row per observation, grouped by province.

use std::collections::{BTreeMap, HashMap};

use super::Problem;
use super::closest::{closest, did_you_mean};
use super::layout::Entry;
use super::merge::Update;
use super::provinces::{Provinces, Target};
use super::read::{CellRef, Origin};
use crate::model::{Indicator, Kind, Status};
use crate::slug::slugify;
use crate::validate::Lookup;

/// The imported rows of one province.
#[derive(Debug)]
pub struct ProvinceRows<'e> {
    pub target: Target,
    pub rows: Vec<(Update, &'e Entry)>,
}

/// What the command line supplies for values whose row does not say.
#[derive(Debug, Default)]
pub struct Defaults {
    /// `--source ID`: the source of every value without one.
    pub source: Option<String>,
    /// `--out-of N`: how many were ranked, for rank values without it.
    pub out_of: Option<i64>,
}

/// Indicator ids by id and by the slug of their Vietnamese and English names and aliases.
pub struct Indicators<'a> {
    by_name: HashMap<String, &'a str>,
    /// Every name and alias as written, with its slug, for suggestions.
    names: Vec<(String, &'a str)>,
    by_id: HashMap<&'a str, &'a Indicator>,
    lookup: &'a Lookup<'a>,
}

impl<'a> Indicators<'a> {
    pub fn new(indicators: &'a [Indicator], lookup: &'a Lookup<'a>) -> Self {
        let mut by_name = HashMap::new();
        for i in indicators {
            by_name.insert(i.id.clone(), i.id.as_str());
        }
        let mut names = Vec::new();
        for i in indicators {
            for name in [&i.name, &i.name_en].into_iter().chain(&i.aliases) {
                by_name.entry(slugify(name)).or_insert(i.id.as_str());
                names.push((slugify(name), name.as_str()));
            }
        }
        let by_id = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
        Indicators {
            by_name,
            names,
            by_id,
            lookup,
        }
    }

    /// The hint for an indicator no name, alias or id gives: the closest names, then where
    /// indicators and their aliases are defined.
    fn unknown_hint(&self, text: &str, id_like: bool) -> String {
        if id_like {
            return self.lookup.indicator_hint(text);
        }
        let near = closest(text, self.names.iter().map(|(s, n)| (s.as_str(), *n)));
        match near.is_empty() {
            true => self.lookup.indicator_hint(text),
            false => format!(
                "{}or add this name to the indicator's `aliases:` in content/indicators.yaml",
                did_you_mean(&near)
            ),
        }
    }

    /// A warning at each of the entry's `indicator_name` and `unit` cells that does not say
    /// what the catalog says: the figure is read as the catalog's indicator, in its unit.
    fn check_description(&self, e: &Entry, id: &str, problems: &mut Vec<Problem>) {
        let Some(ind) = self.by_id.get(id) else {
            return;
        };
        let units = std::iter::once(ind.unit.as_str()).chain(ind.unit_en.as_deref());
        let checks = [
            (
                &e.indicator_name,
                "name",
                vec![ind.name.as_str(), &ind.name_en],
            ),
            (&e.unit, "unit", units.collect()),
        ];
        for (cell, what, catalog) in checks {
            let Some(cell) = cell else { continue };
            if catalog.iter().any(|c| same_words(c, &cell.value)) {
                continue;
            }
            problems.push(Problem {
                at: cell.at,
                message: format!(
                    "the {what} `{}` is not the catalog's `{}` for `{id}`; the figure is read as the catalog's",
                    cell.value, catalog[0]
                ),
                hint: "check that the figure is in the catalog's unit and for this indicator, or correct the cell (content/indicators.yaml defines the indicator)".to_string(),
                warning: true,
            });
        }
    }

    fn resolve(&self, text: &str) -> Option<&'a str> {
        let text = text.trim();
        self.by_name
            .get(text)
            .or_else(|| self.by_name.get(&slugify(text)))
            .copied()
    }
}

/// Whether two names say the same, forgiving case, spaces and diacritics (`Tỷ đồng`,
/// `ty dong`); names without letters or digits (`%`) must match as written.
fn same_words(a: &str, b: &str) -> bool {
    let (sa, sb) = (slugify(a), slugify(b));
    match sa.is_empty() && sb.is_empty() {
        true => a.trim().to_lowercase() == b.trim().to_lowercase(),
        false => sa == sb,
    }
}

/// Resolves every entry; problems for unknown provinces and indicators and for repeated
/// observations. Provinces come out sorted by slug.
pub fn by_province<'e>(
    entries: &'e [Entry],
    provinces: &Provinces,
    indicators: &Indicators,
    defaults: &Defaults,
    origin: &Origin,
    problems: &mut Vec<Problem>,
) -> Vec<ProvinceRows<'e>> {
    let mut out: BTreeMap<String, ProvinceRows<'e>> = BTreeMap::new();
    let mut seen: HashMap<(String, String, i64, Status), CellRef> = HashMap::new();
    for e in entries {
        let province = provinces.resolve(&e.province.value);
        if province.is_none() {
            problems.push(Problem::error(
                e.province.at,
                format!("unknown province `{}`", e.province.value),
                format!("{}write the province's name (with or without diacritics, `tỉnh`, `thành phố` or `TP.`), a former name or spelling, its folder name under content/provinces/, or its 2025 code", did_you_mean(&provinces.closest(&e.province.value))),
            ));
        }
        let indicator = match &e.indicator_key {
            Some(key) => indicators.resolve(key),
            None => indicators.resolve(&e.indicator.value),
        };
        if indicator.is_none() {
            let (message, hint) = if let Some(key) = &e.indicator_key {
                (
                    format!(
                        "no indicator is named `{}` (the header `{}` without its year)",
                        key.replace('-', " "),
                        e.indicator.value
                    ),
                    indicators.unknown_hint(key, false),
                )
            } else if e.indicator_from_name {
                (
                    format!("the sheet `{}` has no `indicator` column, and its name is no indicator", e.indicator.value),
                    "add an `indicator` column, or name the sheet (a CSV file: the file) after the indicator's id".to_string(),
                )
            } else {
                (
                    format!("unknown indicator `{}`", e.indicator.value),
                    indicators
                        .unknown_hint(&e.indicator.value, crate::slug::is_id(&e.indicator.value)),
                )
            };
            problems.push(Problem::error(e.indicator.at, message, hint));
        }
        let (Some(province), Some(indicator)) = (province, indicator) else {
            continue;
        };
        indicators.check_description(e, indicator, problems);
        let key = (
            province.slug().to_string(),
            indicator.to_string(),
            e.year.value,
            e.status,
        );
        if let Some(first) = seen.get(&key) {
            problems.push(Problem::error(
                e.value.at,
                format!(
                    "duplicate row: `{indicator}` {} for {} is already given at {}",
                    e.year.value,
                    province.slug(),
                    origin.locate(*first)
                ),
                "keep one row per province, indicator, year and status: delete or correct one of them",
            ));
            continue;
        }
        seen.insert(key, e.value.at);
        let update = Update {
            indicator: indicator.to_string(),
            year: e.year.value,
            status: e.status,
            value: e.value.value,
            qualifier: e.qualifier.as_ref().map(|q| q.value),
            source: e
                .source
                .as_ref()
                .map(|s| s.value.clone())
                .or_else(|| defaults.source.clone()),
            note: e.note.as_ref().map(|n| n.value.clone()),
            note_en: e.note_en.as_ref().map(|n| n.value.clone()),
            numerator: e.numerator.as_ref().map(|n| n.value),
            denominator: e.denominator.as_ref().map(|n| n.value),
            from_year: e.from_year.as_ref().map(|n| n.value),
            out_of: e.out_of.as_ref().map(|n| n.value).or_else(|| {
                let rank = indicators
                    .by_id
                    .get(indicator)
                    .is_some_and(|i| i.kind == Kind::Rank);
                rank.then_some(e.table_out_of.or(defaults.out_of)).flatten()
            }),
        };
        out.entry(province.slug().to_string())
            .or_insert_with(|| ProvinceRows {
                target: province,
                rows: Vec::new(),
            })
            .rows
            .push((update, e));
    }
    out.into_values().collect()
}
