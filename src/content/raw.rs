//! The shapes of the files as users write them, before any cross-file rule is checked.
//!
//! Unknown keys are rejected so that a typo (`valeu:`) is an error, not a silently missing
//! value. Enumerations are closed: a kind, status or qualifier outside the list is a located
//! type error from the YAML layer.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::model::{Better, ClaimKind, Kind, Lang, Provenance, Qualifier, Status};

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
    /// Write the PDF edition: one PDF per province and language and one of the whole report
    /// (on by default; `build --no-pdf` skips it for one build).
    #[serde(default = "default_true")]
    pub pdf: bool,
    /// Make the PDFs archival (PDF/A-3a besides PDF/UA-1), each province's figures attached
    /// as CSV.
    #[serde(default)]
    pub pdf_archival: bool,
    /// How many province cards (with their sparklines) the home page shows; the full list is
    /// on the provinces page. Keeps the home page small for sites with hundreds of provinces.
    #[serde(default = "default_home_provinces")]
    pub home_provinces: u16,
    /// Comparisons mark a figure more than this many years older than the newest one.
    #[serde(default = "default_comparison_year_gap")]
    pub comparison_year_gap: u16,
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
fn default_comparison_year_gap() -> u16 {
    3
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
    /// The English unit after a count of one (`directive`), where `unit_en` is a plural.
    #[serde(default)]
    pub unit_en_one: Option<String>,
    pub kind: Kind,
    pub decimals: u8,
    /// Print at most `decimals`, dropping trailing zeros: for sources that state figures to
    /// varying precision (95,5 beside 56,35), where 95,50 would claim a precision they lack.
    #[serde(default)]
    pub trim_zeros: bool,
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
    /// Other names of the indicator, Vietnamese or English, as spreadsheets head its
    /// columns (`Ứng dụng CNTT, phát triển CPĐT / Xếp hạng`); `import` reads them.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// One entry of `content/sources.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: String,
    pub title: String,
    pub publisher: String,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or `null` when the source has no date.
    #[serde(default, deserialize_with = "date_field")]
    pub date: Option<String>,
    /// When the source was read, if it has no date of its own worth printing.
    #[serde(default, deserialize_with = "date_field")]
    pub accessed: Option<String>,
    /// An event that dates an undated source ("published after the congress of 25/10/2020").
    #[serde(default)]
    pub event: Option<RawEvent>,
    #[serde(default)]
    pub author: Option<String>,
    /// The publisher and author as English pages name them.
    #[serde(default)]
    pub publisher_en: Option<String>,
    #[serde(default)]
    pub author_en: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    #[serde(deserialize_with = "date_field")]
    pub date: Option<String>,
    pub label: String,
    #[serde(default)]
    pub label_en: Option<String>,
}

/// A date written as YAML reads it: `2020-10-04` and `2020-10` are strings, `2020` a number.
fn date_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Field {
        Year(i64),
        Text(String),
    }
    Ok(Option::<Field>::deserialize(d)?.map(|f| match f {
        Field::Year(y) => y.to_string(),
        Field::Text(t) => t,
    }))
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
    /// Not ready: `build` publishes the page without this language.
    #[serde(default)]
    pub draft: bool,
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
    /// `true` (computed), `sum` or `back_computed`; absent or `false` when stated.
    #[serde(default, deserialize_with = "derived_field")]
    pub derived: Provenance,
    #[serde(default)]
    pub note: Option<String>,
    /// The note in English; numbers in either are written `{num:45.212}`.
    #[serde(default)]
    pub note_en: Option<String>,
    /// What this figure covers when it differs from the indicator's other figures (local
    /// budget only, a one-off saving); shown wherever figures are compared.
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub scope_en: Option<String>,
    #[serde(default)]
    pub claims: Vec<RawClaim>,
    /// Stands in for an observation that could not be read (its error is reported): the
    /// others keep their places, and so their positions in the file.
    #[serde(skip)]
    pub unreadable: bool,
}

impl RawObservation {
    /// The stand-in for an observation that could not be read.
    pub fn unreadable() -> RawObservation {
        RawObservation {
            year: 0,
            value: 0.0,
            source: String::new(),
            status: Status::default(),
            qualifier: Qualifier::default(),
            numerator: None,
            denominator: None,
            out_of: None,
            from_year: None,
            derived: Provenance::Stated,
            note: None,
            note_en: None,
            scope: None,
            scope_en: None,
            claims: Vec::new(),
            unreadable: true,
        }
    }
}

/// `derived:` takes a flag (the older form) or the way the value was derived.
fn derived_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Provenance, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Field {
        Flag(bool),
        How(Provenance),
    }
    Ok(match Field::deserialize(d)? {
        Field::Flag(false) => Provenance::Stated,
        Field::Flag(true) => Provenance::Computed,
        Field::How(p) => p,
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClaim {
    pub kind: ClaimKind,
    pub base_year: i64,
    pub value: f64,
}
