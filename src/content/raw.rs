//! The shapes of the files as users write them, before any cross-file rule is checked.
//!
//! Unknown keys are rejected so that a typo (`valeu:`) is an error, not a silently missing
//! value. Enumerations are closed: a kind, status or qualifier outside the list is a located
//! type error from the YAML layer.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::model::{Better, ClaimKind, Kind, Lang, Qualifier, Status};

/// `site.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The title and description on the English pages.
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub description_en: Option<String>,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: Lang,
    /// Every language the site is built in; the first is the default, served at the root,
    /// the others under `/<code>/`. Defaults to `[language]`.
    #[serde(default)]
    pub languages: Option<Vec<Lang>>,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Raw HTML in Markdown is escaped unless this is set, as Hugo does by default.
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Read files whose symbolic links lead outside the site folder (refused by default).
    #[serde(default)]
    pub allow_symlinks_outside: bool,
    /// Build the client-side search index and page (on by default).
    #[serde(default = "default_true")]
    pub search: bool,
    /// How many province cards (with their sparklines) the home page shows; the full list is
    /// on the provinces page. Keeps the home page small for sites with hundreds of provinces.
    #[serde(default = "default_home_provinces")]
    pub home_provinces: u16,
    /// The bodies that published the figures, each with the years it did.
    #[serde(default)]
    pub bodies: Vec<RawBody>,
}

/// One entry of `site.yaml` `bodies`: a publishing body and its years.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBody {
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    /// The first year it published (none: always did).
    #[serde(default)]
    pub from: Option<i64>,
    /// The last year it published (none: still does).
    #[serde(default)]
    pub until: Option<i64>,
}

fn default_base_url() -> String {
    "/".to_string()
}
fn default_language() -> Lang {
    Lang::Vi
}
fn default_home_provinces() -> u16 {
    12
}
fn default_true() -> bool {
    true
}
fn default_theme() -> String {
    "default".to_string()
}

/// `content/indicators.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalog {
    pub categories: Vec<RawCategory>,
    pub indicators: Vec<RawIndicator>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: String,
    pub name: String,
    pub name_en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub unit: String,
    #[serde(default)]
    pub unit_en: Option<String>,
    pub kind: Kind,
    pub decimals: u8,
    pub better: Better,
    pub category: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub description_en: Option<String>,
    /// Show a per-100-inhabitants density where the province gives its `population`.
    #[serde(default)]
    pub per_100_inhabitants: bool,
    /// A headline indicator: shown first among a province's key figures.
    #[serde(default)]
    pub key: bool,
    /// Values of several provinces may be added up (counts and money only).
    #[serde(default)]
    pub additive: bool,
}

/// One entry of `content/sources.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub date: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// The front matter of `content/provinces/<slug>/index.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub name: String,
    pub region: String,
    #[serde(default)]
    pub director: Option<String>,
    #[serde(default)]
    pub director_title: Option<String>,
    #[serde(default)]
    pub term: Option<String>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    /// The provincial unit before 1 July 2025 the page is about (one of the 63).
    #[serde(default)]
    pub unit_before_2025: Option<String>,
    /// The provincial unit from 1 July 2025 the page is about (one of the 34).
    #[serde(default)]
    pub unit_from_2025: Option<String>,
    /// Not ready: `build` leaves it out, `serve` shows it with a banner.
    #[serde(default)]
    pub draft: bool,
}

/// The front matter of a translation (`index.en.md`): what differs by language. Sources,
/// director and data are shared with the main file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTranslatedFrontMatter {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub director_title: Option<String>,
    #[serde(default)]
    pub term: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// The front matter of a free page such as `content/about.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPageFrontMatter {
    pub title: String,
    /// The page's URL folder; defaults to the file name.
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Not ready: `build` leaves it out, `serve` shows it with a banner.
    #[serde(default)]
    pub draft: bool,
}

/// `metrics.yaml`: indicator id → observations, in the order written.
pub type RawMetrics = IndexMap<String, Vec<RawObservation>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawObservation {
    pub year: i64,
    pub value: f64,
    pub source: String,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub qualifier: Qualifier,
    #[serde(default)]
    pub numerator: Option<f64>,
    #[serde(default)]
    pub denominator: Option<f64>,
    #[serde(default)]
    pub out_of: Option<i64>,
    #[serde(default)]
    pub from_year: Option<i64>,
    #[serde(default)]
    pub derived: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub claims: Vec<RawClaim>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClaim {
    pub kind: ClaimKind,
    pub base_year: i64,
    pub value: f64,
}
