//! Rules across files: turns what `content` loaded into a `Site`, reporting every problem.
//!
//! Validation keeps going after a problem so that one build lists them all. It still builds
//! the best `Site` it can (dropping only what cannot be represented, such as an observation
//! of an unknown indicator), so that later stages can report their own problems too; the
//! build fails if any error was reported anywhere.

mod catalog;
mod config;
mod in_one_task;
mod observations;
mod pages;
mod provinces;
mod sources;
pub mod translations;

pub use crate::model::publish::successors;
use catalog::catalog;
use config::config;
pub use config::override_base_url;
pub use in_one_task::{Findings, load_and_validate, validate};
use pages::pages;
use sources::sources;

use std::collections::{HashMap, HashSet};

use crate::content::raw::RawFrontMatter;
use crate::content::raw::{RawCatalog, RawConfig, RawSource};
use crate::content::{Doc, LoadedPage, LoadedProvince, MarkdownDoc};
use crate::diagnostic::Diagnostic;
use crate::model::geography::{RESOLUTION, geography};
use crate::model::{
    AdminUnit, Body, Category, CategoryRef, Config, Edition, Indicator, IndicatorRef, Markdown,
    Page, PageText, Province, ProvinceText, Source, SourceRef, Year,
};
use crate::model::{DatePrecision, OtherDate};
use crate::slug::{is_id, is_slug, slugify};

/// The repository's own site, loaded and validated: the fixture of unit tests that need a
/// real `Site`.
#[cfg(test)]
pub(crate) fn bundled_site() -> crate::model::Site {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (shared, dirs, _) = crate::content::load_shared(root);
    let (site, _, _) = load_and_validate(shared, dirs);
    site.expect("the bundled site validates")
}

/// Id → index maps for the references that metrics and front matter make.
pub(crate) struct Lookup<'a> {
    pub indicators: &'a [Indicator],
    pub sources: &'a [Source],
    indicator_ids: HashMap<&'a str, IndicatorRef>,
    source_ids: HashMap<&'a str, SourceRef>,
    /// `allow_raw_html` of the site's config, for reading bodies.
    allow_raw_html: bool,
}

impl<'a> Lookup<'a> {
    pub(crate) fn new(indicators: &'a [Indicator], sources: &'a [Source]) -> Self {
        Self {
            indicators,
            sources,
            indicator_ids: indicators
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.as_str(), IndicatorRef(i)))
                .collect(),
            source_ids: sources
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.as_str(), SourceRef(i)))
                .collect(),
            allow_raw_html: false,
        }
    }

    /// Bodies read with this lookup keep raw HTML when the config allows it.
    pub(crate) fn with_raw_html(self, allow: bool) -> Self {
        Self {
            allow_raw_html: allow,
            ..self
        }
    }

    /// A Markdown file's body, read into its typed form (problems located in `diags`).
    pub(crate) fn body<F>(&self, doc: &MarkdownDoc<F>, diags: &mut Vec<Diagnostic>) -> Markdown {
        let find = |id: &str| self.indicator(id);
        let cx = crate::markdown::Context {
            find_indicator: &find,
            allow_raw_html: self.allow_raw_html,
        };
        let (parsed, problems) = crate::markdown::parse(&doc.source, doc.body_offset, &cx);
        diags.extend(problems);
        Markdown {
            source: doc.source.clone(),
            body_offset: doc.body_offset,
            doc: parsed,
        }
    }

    pub fn indicator(&self, id: &str) -> Option<IndicatorRef> {
        self.indicator_ids.get(id).copied()
    }

    pub fn source(&self, id: &str) -> Option<SourceRef> {
        self.source_ids.get(id).copied()
    }

    /// "did you mean" list for an unknown id.
    fn closest<'b>(id: &str, known: impl Iterator<Item = &'b str>) -> Option<&'b str> {
        known
            .map(|k| (edit_distance(id, k), k))
            .filter(|(d, k)| *d <= (k.len() / 3).max(2))
            .min()
            .map(|(_, k)| k)
    }

    pub fn indicator_hint(&self, id: &str) -> String {
        match Self::closest(id, self.indicator_ids.keys().copied()) {
            Some(k) => {
                format!("did you mean `{k}`? Indicators are defined in content/indicators.yaml")
            }
            None => "add the indicator to content/indicators.yaml or fix the id".to_string(),
        }
    }

    pub fn source_hint(&self, id: &str) -> String {
        match Self::closest(id, self.source_ids.keys().copied()) {
            Some(k) => format!("did you mean `{k}`? Sources are defined in content/sources.yaml"),
            None => "add the source to content/sources.yaml or fix the id".to_string(),
        }
    }
}

/// Levenshtein distance, for "did you mean" hints on short ids.
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::sources::parse_date;
    use super::*;

    #[test]
    fn dates_are_checked() {
        let y = Year::new(2020).unwrap();
        assert_eq!(parse_date("2020-10-04"), Some(DatePrecision::Day(y, 10, 4)));
        assert_eq!(parse_date("2020-02-29"), Some(DatePrecision::Day(y, 2, 29)));
        assert_eq!(parse_date("2020-10"), Some(DatePrecision::Month(y, 10)));
        assert_eq!(parse_date("2020"), Some(DatePrecision::Year(y)));
        assert_eq!(parse_date("2020-13"), None);
        assert_eq!(parse_date("2020-1-04"), None);
        assert_eq!(parse_date("2019-02-29"), None);
        assert_eq!(parse_date("04/10/2020"), None);
        assert_eq!(parse_date("1800-01-01"), None);
    }

    #[test]
    fn a_province_whose_metrics_failed_is_left_out() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good-min");
        let (mut loaded, diags) = crate::content::load(&root);
        assert!(diags.is_empty(), "{diags:?}");
        loaded.provinces[0].metrics = None;
        let (site, diags) = validate(&loaded);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(site.unwrap().provinces.is_empty());
    }

    #[test]
    fn ids_are_not_checked_against_a_catalog_that_failed_to_load() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good-min");
        for broken in ["catalog", "sources"] {
            let (mut loaded, _) = crate::content::load(&root);
            match broken {
                "catalog" => loaded.catalog = None,
                _ => loaded.sources = None,
            }
            let (site, diags) = validate(&loaded);
            assert!(site.is_none());
            assert!(diags.is_empty(), "{broken}: {diags:?}");
        }
    }

    fn catalog_of(text: &str) -> (Vec<Category>, Vec<Indicator>, Vec<Diagnostic>) {
        let source = crate::diagnostic::SourceText::new("content/indicators.yaml", text);
        let parsed = crate::yaml::parse::<RawCatalog>(&source).unwrap();
        let doc = Doc {
            source,
            value: parsed.value,
            spans: parsed.spans,
        };
        let mut diags = Vec::new();
        let (categories, indicators) = catalog(&doc, &mut diags);
        (categories, indicators, diags)
    }

    const INDICATOR: &str = "    name: X\n    name_en: X\n    unit: x\n    kind: count\n    decimals: 0\n    better: higher\n";

    #[test]
    fn a_repeated_category_keeps_the_first_definition() {
        // The second `a` used to overwrite the first's index with one past the end of the
        // list, and rendering the indicator page panicked.
        let text = format!(
            "categories:\n  - {{id: a, name: A, name_en: A}}\n  - {{id: a, name: B, name_en: B}}\nindicators:\n  - id: x\n{INDICATOR}    category: a\n"
        );
        let (categories, indicators, diags) = catalog_of(&text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("defined twice"));
        assert_eq!(categories.len(), 1);
        assert_eq!(indicators[0].category, CategoryRef(0));
    }

    #[test]
    fn a_part_of_a_repeated_indicator_finds_the_first_definition() {
        let text = format!(
            "categories:\n  - {{id: a, name: A, name_en: A}}\nindicators:\n  - id: x\n{INDICATOR}    category: a\n  - id: x\n{INDICATOR}    category: a\n  - id: y\n{INDICATOR}    category: a\n    parent: x\n"
        );
        let (_, indicators, diags) = catalog_of(&text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("defined twice"));
        assert_eq!(indicators[1].parent, Some(IndicatorRef(0)));
    }

    #[test]
    fn an_indicator_in_an_unknown_category_stays_known() {
        let text = format!(
            "categories:\n  - {{id: a, name: A, name_en: A}}\nindicators:\n  - id: x\n{INDICATOR}    category: b\n"
        );
        let (_, indicators, diags) = catalog_of(&text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("unknown category `b`"));
        assert_eq!(indicators.len(), 1);
    }

    #[test]
    fn a_source_with_a_bad_date_stays_known() {
        let source = crate::diagnostic::SourceText::new(
            "content/sources.yaml",
            "- {id: s, title: T, publisher: P, date: 2020-02-30}\n",
        );
        let parsed = crate::yaml::parse::<Vec<RawSource>>(&source).unwrap();
        let doc = Doc {
            source,
            value: parsed.value,
            spans: parsed.spans,
        };
        let mut diags = Vec::new();
        let out = sources(&doc, &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("is not a date"));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].year, Year::new(Year::MAX).unwrap());
    }

    #[test]
    fn edit_distance_for_hints() {
        assert_eq!(edit_distance("ict_revenu", "ict_revenue"), 1);
        assert_eq!(
            Lookup::closest("ict_revenu", ["ict_revenue", "press"].into_iter()),
            Some("ict_revenue")
        );
        assert_eq!(Lookup::closest("zzz", ["ict_revenue"].into_iter()), None);
    }
}
