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
pub use in_one_task::load_and_validate;
use pages::pages;
use provinces::{Claims, check_name_collisions, check_unit_collisions, province};
use sources::sources;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::content::raw::RawFrontMatter;
use crate::content::raw::{RawCatalog, RawConfig, RawSource};
use crate::content::{Doc, Loaded, LoadedPage, LoadedProvince, MarkdownDoc};
use crate::diagnostic::Diagnostic;
use crate::model::geography::{RESOLUTION, geography};
use crate::model::{
    AdminUnit, Body, Category, CategoryRef, Config, Edition, Indicator, IndicatorRef, Markdown,
    Page, PageText, Province, ProvinceText, Site, Source, SourceRef, Year,
};
use crate::model::{DatePrecision, OtherDate};
use crate::slug::{is_id, is_slug, slugify};

/// The repository's own site, loaded and validated: the fixture of unit tests that need a
/// real `Site`.
#[cfg(test)]
pub(crate) fn bundled_site() -> Site {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (loaded, _) = crate::content::load(root);
    let (site, _) = validate(&loaded);
    site.expect("the bundled site validates")
}

/// Validates the loaded files. Returns the site (when the config, catalog and sources could
/// be read at all) and every problem found.
pub fn validate(loaded: &Loaded) -> (Option<Site>, Vec<Diagnostic>) {
    let (site, diags, _) = validate_keeping(loaded);
    (site, diags)
}

/// What validation found, by province, so that after a province edit only that province
/// is checked again (see [`Findings::recheck`]).
#[derive(Debug, Default)]
pub struct Findings {
    /// Problems outside the provinces: config, catalog, sources, free pages.
    shared: Vec<Diagnostic>,
    /// Each province's own problems, by folder name.
    provinces: HashMap<String, Vec<Diagnostic>>,
    /// Problems reading a province's files, by folder name, as reported when it was last
    /// reloaded (a file that cannot be read leaves the province out without a word here).
    loading: HashMap<String, Vec<Diagnostic>>,
}

/// Like [`validate`], and keeps what it found for [`Findings::recheck`].
pub fn validate_keeping(loaded: &Loaded) -> (Option<Site>, Vec<Diagnostic>, Findings) {
    validate_with(loaded, |ctx| {
        loaded
            .provinces
            .par_iter()
            .map(|p| check_province(p, ctx))
            .collect()
    })
}

/// A province checked on its own (rules across provinces run afterwards): its folder name,
/// the province when it is usable, its problems.
fn check_province(p: &LoadedProvince, ctx: &Lookup) -> (String, Option<Province>, Vec<Diagnostic>) {
    let mut own = Vec::new();
    let validated = province(p, ctx, &mut own);
    (p.slug.clone(), validated, own)
}

/// Validates what is shared, then the provinces with `check_provinces`.
fn validate_with(
    loaded: &Loaded,
    check_provinces: impl FnOnce(&Lookup) -> Vec<(String, Option<Province>, Vec<Diagnostic>)>,
) -> (Option<Site>, Vec<Diagnostic>, Findings) {
    let mut findings = Findings::default();
    let diags = &mut findings.shared;
    let config = loaded.config.as_ref().map(|c| config(c, diags));
    let (categories, indicators) = match &loaded.catalog {
        Some(c) => catalog(c, diags),
        None => (Vec::new(), Vec::new()),
    };
    let sources = match &loaded.sources {
        Some(s) => sources(s, diags),
        None => Vec::new(),
    };
    let allow_raw_html = config.as_ref().is_some_and(|c| c.allow_raw_html);
    let ctx = Lookup::new(&indicators, &sources).with_raw_html(allow_raw_html);
    let pages = pages(&loaded.pages, &ctx, diags);
    // Without the catalog or the sources every id would look unknown: one broken
    // indicators.yaml would bury its own error under one error per observation.
    let references_known = loaded.catalog.is_some() && loaded.sources.is_some();
    let mut provinces: Vec<Province> = Vec::new();
    if references_known {
        for (slug, validated, own) in check_provinces(&ctx) {
            provinces.extend(validated);
            findings.provinces.insert(slug, own);
        }
    }
    provinces.sort_by(|a, b| a.slug.cmp(&b.slug));
    let diags = findings.all(loaded);
    let site = match (config, &loaded.catalog, &loaded.sources) {
        (Some(config), Some(_), Some(_)) => Some(Site {
            config,
            categories,
            indicators,
            sources,
            successors: successors(&provinces),
            provinces,
            pages,
        }),
        _ => None,
    };
    (site, diags, findings)
}

impl Findings {
    /// Checks the provinces `slugs` again after they were reloaded into `loaded` (or
    /// removed from it), against `site`'s catalog and sources, which the edit left alone.
    /// Returns those provinces, validated, and every problem of the site: the list
    /// [`validate`] would give for `loaded`.
    pub fn recheck(
        &mut self,
        loaded: &Loaded,
        site: &Site,
        slugs: &[String],
    ) -> (Vec<Province>, Vec<Diagnostic>) {
        let ctx =
            Lookup::new(&site.indicators, &site.sources).with_raw_html(site.config.allow_raw_html);
        let mut provinces = Vec::new();
        for slug in slugs {
            self.provinces.remove(slug);
            if let Some(p) = loaded.provinces.iter().find(|p| p.slug == *slug) {
                let (slug, validated, own) = check_province(p, &ctx);
                provinces.extend(validated);
                self.provinces.insert(slug, own);
            }
        }
        (provinces, self.all(loaded))
    }

    /// Keeps the problems found reading province `slug`'s files again, replacing those of
    /// its previous reload, so they are reported until its files are fixed.
    pub fn reloaded(&mut self, slug: &str, problems: Vec<Diagnostic>) {
        self.loading.insert(slug.to_string(), problems);
    }

    /// Every problem: the kept ones and those across provinces, which any edit can change.
    fn all(&self, loaded: &Loaded) -> Vec<Diagnostic> {
        let mut diags = self.shared.clone();
        diags.extend(self.provinces.values().flatten().cloned());
        diags.extend(self.loading.values().flatten().cloned());
        let claims: Vec<Claims> = loaded.provinces.iter().filter_map(Claims::of).collect();
        check_name_collisions(&claims, &mut diags);
        check_unit_collisions(&claims, &mut diags);
        diags
    }
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
    fn a_recheck_finds_what_a_full_validation_finds() {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        let (mut loaded, _) = crate::content::load(&fixture);
        let (site, diags, mut findings) = validate_keeping(&loaded);
        let site = site.unwrap();
        // alpha's claim warning is found once, by the full validation, and dak-lak's: it
        // declares no unit, so it is on no map.
        assert_eq!(diags.len(), 2, "{diags:?}");
        // An edit gives dak-lak an unknown source; alpha is not checked again.
        let tmp = tempfile::tempdir().unwrap();
        let dir = std::path::PathBuf::from("content/provinces/dak-lak");
        std::fs::create_dir_all(tmp.path().join(&dir)).unwrap();
        for file in ["index.md", "metrics.yaml"] {
            let text = std::fs::read_to_string(fixture.join(&dir).join(file)).unwrap();
            let text = text.replacen("source: daklak-2019", "source: daklak-2091", 1);
            std::fs::write(tmp.path().join(&dir).join(file), text).unwrap();
        }
        let (edited, d) = crate::content::load_province(
            &crate::content::SiteDir::new(tmp.path()),
            "dak-lak".into(),
            dir,
        );
        assert!(d.is_empty(), "{d:?}");
        let at = loaded
            .provinces
            .iter()
            .position(|p| p.slug == "dak-lak")
            .unwrap();
        loaded.provinces[at] = edited;
        let (provinces, mut rechecked) = findings.recheck(&loaded, &site, &["dak-lak".into()]);
        assert_eq!(provinces.len(), 1);
        let (_, mut full) = validate(&loaded);
        crate::diagnostic::sort(&mut rechecked);
        crate::diagnostic::sort(&mut full);
        let text = |d: &[Diagnostic]| d.iter().map(|d| d.to_string()).collect::<Vec<_>>();
        assert_eq!(text(&rechecked), text(&full));
        assert_eq!(full.len(), 3, "{full:?}");
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
