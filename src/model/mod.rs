//! The validated site: typed data that the renderer can trust.
//!
//! Cross references are indices into the site's vectors (`IndicatorRef`, `SourceRef`), made
//! only by validation, so a page can never mention an indicator or source that does not exist.
//! Those vectors are never filtered. Provinces and pages are: drafts leave them before a
//! build ([`publish`]), so a reference to a province is its [`ProvinceId`] (its slug), and a
//! unit of the 2025 reorganisation is its index into the static [`geography`] table.
//! Years are `Year`s (always in range), observations are sorted by year.

mod anchors;
mod body;
pub mod derived;
mod download;
pub mod draft;
pub mod geography;
pub mod inputs;
pub mod layout;
pub mod publish;
mod source;
mod vocab;
mod year;

pub use body::{BlockChartType, ChartBlock, Document, Embed, InlineValue, Markdown};
pub use publish::{PageId, ProvinceId, Successor, UnitId};
pub use source::{DatePrecision, OtherDate, Source};
pub use vocab::{Better, ClaimKind, Kind, Lang, Provenance, Qualifier, Status};
pub use year::{Year, build_date, source_date_epoch};

/// An index into `Site::indicators`; only validation creates one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndicatorRef(pub(crate) usize);

/// An index into `Site::sources`; only validation creates one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceRef(pub(crate) usize);

/// An index into `Site::categories`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CategoryRef(pub(crate) usize);

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    pub title_en: Option<String>,
    pub description_en: Option<String>,
    /// Absolute or root-relative base URL, always ending with `/`.
    pub base_url: String,
    /// The path part of the base URL (`/` or `/ict/`), used for links inside the site.
    pub base_path: String,
    pub language: Lang,
    /// The languages the site is built in; the first is `language`, served at the root.
    pub languages: Vec<Lang>,
    pub theme: String,
    pub allow_raw_html: bool,
    pub search: bool,
    /// The PDF edition (`site.yaml` `pdf`, off for one build with `--no-pdf`).
    pub pdf: bool,
    /// PDF/A-3a with each province's figures attached (`site.yaml` `pdf_archival`).
    pub pdf_archival: bool,
    /// Province cards on the home page (`site.yaml` `home_provinces`).
    pub home_provinces: usize,
    /// Comparisons mark a figure more than this many years older than the newest one
    /// (`site.yaml` `comparison_year_gap`, default 3).
    pub comparison_year_gap: u16,
    /// The bodies that published the figures, in order (`site.yaml` `bodies`).
    pub bodies: Vec<Body>,
}

/// A body that published figures, with the years it did (Sở TT&TT until 2025).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub name: String,
    pub name_en: Option<String>,
    pub from: Option<Year>,
    pub until: Option<Year>,
}

impl Body {
    pub fn name(&self, lang: Lang) -> &str {
        match (lang, &self.name_en) {
            (Lang::En, Some(n)) => n,
            _ => &self.name,
        }
    }

    /// Whether the body published in `year`.
    pub fn covers(&self, year: Year) -> bool {
        self.from.is_none_or(|f| f <= year) && self.until.is_none_or(|u| year <= u)
    }
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub name_en: String,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub unit: String,
    pub unit_en: Option<String>,
    /// The English unit after a count of one (`directive` beside `unit_en: directives`).
    pub unit_en_one: Option<String>,
    pub kind: Kind,
    pub decimals: u8,
    /// Whether figures print at most `decimals`, trailing zeros dropped (see `format::Decimals`).
    pub trim_zeros: bool,
    pub better: Better,
    pub category: CategoryRef,
    pub parent: Option<IndicatorRef>,
    pub max: Option<f64>,
    pub description: Option<String>,
    pub description_en: Option<String>,
    pub per_100_inhabitants: bool,
    pub key: bool,
    /// Values of several provinces may be added up (only counts and money may be).
    pub additive: bool,
    /// Other names spreadsheets head its columns with (`import` reads them).
    pub aliases: Vec<String>,
}

/// The indicator id whose values are a province's population, for densities.
pub const POPULATION: &str = "population";

/// Both parts of a share the article gives (572.594/840.932 hộ). Like an observation's
/// number, the parts are printed through `values` alone ([`Fraction::bare_parts`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fraction {
    numerator: f64,
    denominator: f64,
}

impl Fraction {
    /// The parts as validation read them (numerator ≤ denominator, denominator > 0).
    pub fn new(numerator: f64, denominator: f64) -> Fraction {
        Fraction {
            numerator,
            denominator,
        }
    }

    pub fn share(self) -> f64 {
        self.numerator / self.denominator
    }

    /// `(numerator, denominator)`, for `values` alone, like [`Observation::bare_number`]
    /// (`clippy.toml` refuses a call anywhere else).
    pub fn bare_parts(self) -> (f64, f64) {
        (self.numerator, self.denominator)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claim {
    pub kind: ClaimKind,
    pub base_year: Year,
    pub value: f64,
}

/// One figure: a value for a year, with where it comes from and how exact it is.
///
/// Its number is private: pages, charts and downloads print and place it through
/// `values::Figure`, which keeps the qualifier, status and mark beside it, and the model's
/// own computations ([`derived`]) read it here. Everything else is public.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub year: Year,
    value: f64,
    pub source: SourceRef,
    pub status: Status,
    pub qualifier: Qualifier,
    pub fraction: Option<Fraction>,
    pub out_of: Option<u32>,
    pub from_year: Option<Year>,
    pub derived: Provenance,
    /// Free text for readers, in the site's language; numbers as `{num:45.212}`. Boxed
    /// `str`s and a boxed slice: a site keeps every observation for the whole build.
    pub note: Option<Box<str>>,
    pub note_en: Option<Box<str>>,
    /// What the figure covers, when that differs within the indicator; shown in comparisons.
    pub scope: Option<Box<str>>,
    pub scope_en: Option<Box<str>>,
    pub claims: Box<[Claim]>,
}

impl Observation {
    /// A plain figure the source states: an actual, exact value with nothing else known.
    pub fn stated(year: Year, value: f64, source: SourceRef) -> Observation {
        Observation {
            year,
            value,
            source,
            status: Status::Actual,
            qualifier: Qualifier::Exact,
            fraction: None,
            out_of: None,
            from_year: None,
            derived: Provenance::Stated,
            note: None,
            note_en: None,
            scope: None,
            scope_en: None,
            claims: Box::default(),
        }
    }

    /// The bare number, for `values` alone: it is the one module that turns it into text
    /// (`Figure`) or hands it out for geometry (`Figure::position`) and data files
    /// (`Figure::machine_value`). `clippy.toml` refuses a call anywhere else, so a page or
    /// chart cannot print it without the qualifier, status and † that `Figure` adds.
    pub fn bare_number(&self) -> f64 {
        self.value
    }
}

/// All observations of one indicator in one province, sorted by year then status.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub indicator: IndicatorRef,
    pub observations: Vec<Observation>,
}

impl Series {
    /// The observations that are results or estimates (not targets), in year order.
    pub fn reported(&self) -> impl Iterator<Item = &Observation> {
        self.observations
            .iter()
            .filter(|o| o.status != Status::Target)
    }

    /// The most recent reported observation: what a key figure or a comparison shows.
    pub fn latest(&self) -> Option<&Observation> {
        self.reported().last()
    }

    pub fn targets(&self) -> impl Iterator<Item = &Observation> {
        self.observations
            .iter()
            .filter(|o| o.status == Status::Target)
    }

    /// Whether `obs` is a target whose year is before `now` and for which no result was
    /// published: "đã quá hạn, chưa có số liệu thực hiện".
    pub fn past_due(&self, obs: &Observation, now: Year) -> bool {
        obs.status == Status::Target
            && obs.year < now
            && !self
                .observations
                .iter()
                .any(|o| o.year == obs.year && o.status == Status::Actual)
    }

    /// The observation for `year`, preferring a result over an estimate over a target.
    pub fn at(&self, year: Year) -> Option<&Observation> {
        self.observations
            .iter()
            .filter(|o| o.year == year)
            .min_by_key(|o| o.status)
    }
}

#[derive(Debug, Clone)]
pub struct Province {
    pub slug: String,
    pub name: String,
    pub region: String,
    pub director: Option<String>,
    pub director_title: Option<String>,
    pub term: Option<String>,
    pub sources: Vec<SourceRef>,
    pub summary: Option<String>,
    pub body: Markdown,
    /// In catalog order.
    pub series: Vec<Series>,
    /// Texts in other languages (`index.en.md`).
    pub translations: Vec<(Lang, ProvinceText)>,
    /// Why the province is a draft; empty when it is ready to publish.
    pub draft: Vec<draft::DraftReason>,
    /// Which provincial unit the page is about, when it says.
    pub unit: Option<AdminUnit>,
    /// The year of the page's edition, when it comes from a dated summary (`2024.md`).
    pub edition: Option<Year>,
    /// Earlier dated summaries, newest first; each has its own page.
    pub editions: Vec<Edition>,
    /// Indicators with an observation in metrics.yaml that could not be read (its error is
    /// reported): a figure the prose misses there may be that one, so it is not reported
    /// again as missing.
    pub unread: Vec<IndicatorRef>,
}

/// An earlier dated summary of a province (`2020.md`): its own texts and sources over the
/// province's figures.
#[derive(Debug, Clone)]
pub struct Edition {
    pub year: Year,
    pub name: String,
    pub summary: Option<String>,
    pub sources: Vec<SourceRef>,
    pub body: Markdown,
    pub translations: Vec<(Lang, ProvinceText)>,
    /// Why the edition is a draft (its own file's mark or empty sections); a draft edition
    /// is left out of a build like a draft province.
    pub draft: Vec<draft::DraftReason>,
}

/// A provincial unit of [`geography`], before or after the 2025 reorganisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminUnit {
    /// Index into `geography().former`.
    Before2025(usize),
    /// Index into `geography().units`.
    From2025(usize),
}

/// The language-dependent texts of a province page.
#[derive(Debug, Clone)]
pub struct ProvinceText {
    pub name: String,
    pub region: String,
    pub director_title: Option<String>,
    pub term: Option<String>,
    pub summary: Option<String>,
    pub body: Markdown,
    /// Why this translation is a draft (`draft: true`, empty sections): a build publishes
    /// the page without it, as if it had no translation.
    pub draft: Vec<draft::DraftReason>,
}

/// A province's texts in one language, borrowed (pages ask for them often).
#[derive(Debug, Clone, Copy)]
pub struct ProvinceView<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub director_title: Option<&'a str>,
    pub term: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub body: &'a Markdown,
    /// The language the texts are written in (the default one when no translation exists).
    pub lang: Lang,
}

impl Province {
    /// The texts for `lang`, falling back to the main file's (in `default`).
    pub fn text(&self, lang: Lang, default: Lang) -> ProvinceView<'_> {
        match self.translations.iter().find(|(l, _)| *l == lang) {
            Some((l, t)) => ProvinceView {
                name: &t.name,
                region: &t.region,
                director_title: t.director_title.as_deref(),
                term: t.term.as_deref(),
                summary: t.summary.as_deref(),
                body: &t.body,
                lang: *l,
            },
            None => ProvinceView {
                name: &self.name,
                region: &self.region,
                director_title: self.director_title.as_deref(),
                term: self.term.as_deref(),
                summary: self.summary.as_deref(),
                body: &self.body,
                lang: default,
            },
        }
    }

    /// The province as its earlier edition `e` presented it: that edition's texts and
    /// sources over the same figures.
    pub fn as_edition(&self, e: usize) -> Province {
        let ed = &self.editions[e];
        Province {
            name: ed.name.clone(),
            summary: ed.summary.clone(),
            sources: ed.sources.clone(),
            body: ed.body.clone(),
            translations: ed.translations.clone(),
            draft: ed.draft.clone(),
            edition: Some(ed.year),
            editions: Vec::new(),
            ..self.clone()
        }
    }

    pub fn series_of(&self, indicator: IndicatorRef) -> Option<&Series> {
        self.series.iter().find(|s| s.indicator == indicator)
    }
}

/// A free page such as the about page.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub body: Markdown,
    /// The same page in other languages (`about.en.md`).
    pub translations: Vec<(Lang, PageText)>,
    /// Why the page is a draft; empty when it is ready to publish.
    pub draft: Vec<draft::DraftReason>,
}

#[derive(Debug, Clone)]
pub struct PageText {
    pub title: String,
    pub description: Option<String>,
    pub body: Markdown,
    /// Why this translation is a draft: a build publishes the page without it.
    pub draft: Vec<draft::DraftReason>,
}

/// A page's text in one language, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub body: &'a Markdown,
    pub lang: Lang,
}

impl Page {
    /// The page's text for `lang`, falling back to the main file's (in `default`).
    pub fn text(&self, lang: Lang, default: Lang) -> PageView<'_> {
        match self.translations.iter().find(|(l, _)| *l == lang) {
            Some((l, t)) => PageView {
                title: &t.title,
                description: t.description.as_deref(),
                body: &t.body,
                lang: *l,
            },
            None => PageView {
                title: &self.title,
                description: self.description.as_deref(),
                body: &self.body,
                lang: default,
            },
        }
    }
}

/// The whole validated site.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub categories: Vec<Category>,
    pub indicators: Vec<Indicator>,
    pub sources: Vec<Source>,
    /// Sorted by slug.
    pub provinces: Vec<Province>,
    pub pages: Vec<Page>,
    /// Units from 2025 with at least one predecessor page, in table order.
    pub successors: Vec<Successor>,
}

/// The largest value an indicator of `kind` may hold. Money in the catalog's units (tỷ đồng)
/// stays below 10^18; any other figure below 10^15. Beyond that a value is a typing slip,
/// and formatting it would print a wall of digits.
pub fn largest_value(kind: Kind) -> f64 {
    kind.largest_value()
}

/// The largest derived figure (a multiple, a change, a density) the site prints.
pub const LARGEST_DERIVED: f64 = 1e18;

impl Config {
    /// The body that published figures of `year` (the first that covers it), with the one
    /// that followed it, if any.
    pub fn body_of(&self, year: Year) -> Option<(&Body, Option<&Body>)> {
        let i = self.bodies.iter().position(|b| b.covers(year))?;
        let body = &self.bodies[i];
        let next = self.bodies[i + 1..]
            .iter()
            .find(|n| body.until.is_some() && n.from >= body.until);
        Some((body, next))
    }

    /// Whether the base URL names the host the site is published at. Sitemaps, robots.txt
    /// and feeds need absolute URLs, so they are written only then.
    pub fn knows_origin(&self) -> bool {
        self.base_url.starts_with("https://") || self.base_url.starts_with("http://")
    }

    /// The site title in `lang` (English falls back to the main title).
    pub fn title(&self, lang: Lang) -> &str {
        match (lang, &self.title_en) {
            (Lang::En, Some(t)) => t,
            _ => &self.title,
        }
    }

    pub fn description(&self, lang: Lang) -> Option<&str> {
        match (lang, &self.description_en) {
            (Lang::En, Some(d)) => Some(d),
            _ => self.description.as_deref(),
        }
    }
}

impl Site {
    pub fn indicator(&self, r: IndicatorRef) -> &Indicator {
        &self.indicators[r.0]
    }

    pub fn source(&self, r: SourceRef) -> &Source {
        &self.sources[r.0]
    }

    pub fn category(&self, r: CategoryRef) -> &Category {
        &self.categories[r.0]
    }

    pub fn indicator_refs(&self) -> impl Iterator<Item = IndicatorRef> + '_ {
        (0..self.indicators.len()).map(IndicatorRef)
    }

    pub fn find_indicator(&self, id: &str) -> Option<IndicatorRef> {
        self.indicators
            .iter()
            .position(|i| i.id == id)
            .map(IndicatorRef)
    }

    pub fn category_refs(&self) -> impl Iterator<Item = CategoryRef> + '_ {
        (0..self.categories.len()).map(CategoryRef)
    }

    /// The indicators whose `parent` is `r` (parts of a whole), in catalog order.
    pub fn parts_of(&self, r: IndicatorRef) -> Vec<IndicatorRef> {
        self.indicator_refs()
            .filter(|&c| self.indicator(c).parent == Some(r))
            .collect()
    }

    /// Every Markdown body of the site, with the province it belongs to: each province's,
    /// its earlier editions', then the free pages' (no province), every language.
    pub fn bodies(&self) -> Vec<(&Markdown, Option<&Province>)> {
        let provinces = (self.provinces.iter()).flat_map(|p| p.bodies().map(move |b| (b, Some(p))));
        let pages = self
            .pages
            .iter()
            .flat_map(|page| page.bodies().map(|b| (b, None)));
        provinces.chain(pages).collect()
    }

    /// Every province that has at least one observation of `r`, with its series.
    pub fn provinces_with(&self, r: IndicatorRef) -> impl Iterator<Item = (&Province, &Series)> {
        self.provinces
            .iter()
            .filter_map(move |p| p.series_of(r).map(|s| (p, s)))
    }

    /// The years in which some province reports a figure of `r` (targets left out), in
    /// order: the columns of the indicator page's year table, which has no table (and no
    /// anchor) without them.
    pub fn reported_years(&self, r: IndicatorRef) -> Vec<Year> {
        let years: std::collections::BTreeSet<Year> = self
            .provinces_with(r)
            .flat_map(|(_, x)| x.reported().map(|o| o.year))
            .collect();
        years.into_iter().collect()
    }
}
