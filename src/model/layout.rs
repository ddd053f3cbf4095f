//! The site's layout: every kind of page and where it lives, the folders of shared files,
//! and what each page depends on. This is the one place a path is spelled; reserved names
//! for free pages, the sitemap, the file list the preview expects and its rebuild plan are
//! all derived from it.

use super::{Better, IndicatorRef, Lang, Markdown, PageId, Province, ProvinceId, Series, Site};
use super::{UnitId, Year};

/// What a page shows, by identities that no filtering of the site moves: a province by its
/// [`ProvinceId`], an earlier edition by its province and year, a free page by its
/// [`PageId`], a unit of 2025 by its [`UnitId`] (a position in a list would point at another
/// province once a draft left the list).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageKind {
    Home,
    Provinces,
    Province(ProvinceId),
    /// An earlier dated summary of a province: the province and the edition's year.
    Edition(ProvinceId, Year),
    /// A provincial unit from 1 July 2025 with its former provinces (the site has a page for
    /// the units in `Site::successors`).
    Successor(UnitId),
    Indicators,
    Indicator(IndicatorRef),
    Sources,
    Page(PageId),
    Search,
    NotFound,
    /// Every download of the site, the PDF edition with each file's size and page count.
    Downloads,
}

/// What a page's content depends on, for the preview's rebuild plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Depends {
    /// Every province (lists, comparisons, the home page).
    AllProvinces,
    /// One province's files.
    Province(ProvinceId),
    /// Some provinces' files (a unit of 2025: its former provinces and the pages about it).
    Provinces(Vec<ProvinceId>),
    /// The figures of one indicator across provinces.
    Indicator(IndicatorRef),
    /// The catalog, sources, config or theme only.
    SiteOnly,
}

/// The top-level URL folder of province pages.
pub const PROVINCES_DIR: &str = "tinh";
/// The top-level URL folder of the pages of provincial units from 1 July 2025.
pub const SUCCESSORS_DIR: &str = "tinh-2025";
/// The top-level URL folder of indicator pages.
pub const INDICATORS_DIR: &str = "chi-so";
/// The sources page.
pub const SOURCES_DIR: &str = "nguon";
/// The search page.
pub const SEARCH_DIR: &str = "tim-kiem";
/// The not-found page, at the root of each language.
pub const NOT_FOUND_FILE: &str = "404.html";
/// Theme files (stylesheet, icon), shared by all languages.
pub const STATIC_DIR: &str = "static";
/// Data downloads, shared by all languages.
pub const DOWNLOADS_DIR: &str = "tai-ve";
/// The search bundle, shared by all languages.
pub const SEARCH_BUNDLE_DIR: &str = "pagefind";
/// Files of the search bundle that pages link to by name.
pub const SEARCH_UI_FILES: [&str; 2] = ["pagefind-ui.css", "pagefind-ui.js"];
/// The whole report's PDF edition, at each language's root.
pub const REPORT_PDF_FILE: &str = "bao-cao.pdf";
/// The sitemap, for all languages.
pub const SITEMAP_FILE: &str = "sitemap.xml";
/// robots.txt, pointing at the sitemap.
pub const ROBOTS_FILE: &str = "robots.txt";
/// The Atom feed, one per language root.
pub const FEED_FILE: &str = "atom.xml";
/// Files for crawlers and feed readers (only with an absolute base URL).
pub const PUBLISH_FILES: [&str; 3] = [SITEMAP_FILE, ROBOTS_FILE, FEED_FILE];

/// A chart also written as a standalone SVG file beside its page (usable in an `<img>`
/// elsewhere), in the page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartFile {
    /// An indicator page's comparison of the provinces' latest figures.
    Comparison,
    /// An indicator page's tile map.
    Map,
    /// A province page's headline chart (its first key figure over the years). Written only
    /// for provinces that declare their provincial unit, so a site has at most one per real
    /// unit whatever its size.
    Headline,
}

impl ChartFile {
    /// The file's name in its page's folder.
    pub fn name(self) -> &'static str {
        match self {
            ChartFile::Comparison => "so-sanh.svg",
            ChartFile::Map => "ban-do.svg",
            ChartFile::Headline => "bieu-do.svg",
        }
    }
}

impl PageKind {
    /// The charts of the page that are also files (whether each exists depends on the data).
    pub fn chart_files(&self) -> &'static [ChartFile] {
        match self {
            PageKind::Indicator(_) => &[ChartFile::Comparison, ChartFile::Map],
            PageKind::Province(_) => &[ChartFile::Headline],
            _ => &[],
        }
    }

    /// The path of the page's chart `file`, relative to its language root.
    pub fn chart_file(&self, site: &Site, file: ChartFile) -> String {
        format!("{}{}", self.path(site), file.name())
    }

    /// One page of every kind (with placeholder ids): what the list of templates and the
    /// reserved names are read from. A test matches it exhaustively, so a new kind is added
    /// here when the compiler asks.
    pub fn one_of_each() -> [PageKind; 12] {
        let province = || ProvinceId(String::new());
        [
            PageKind::Home,
            PageKind::Provinces,
            PageKind::Province(province()),
            PageKind::Edition(province(), Year::FIRST),
            PageKind::Successor(UnitId(0)),
            PageKind::Indicators,
            PageKind::Indicator(IndicatorRef(0)),
            PageKind::Sources,
            PageKind::Page(PageId(String::new())),
            PageKind::Search,
            PageKind::NotFound,
            PageKind::Downloads,
        ]
    }

    /// The templates pages are rendered with, each once.
    pub fn templates() -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Self::one_of_each().iter().map(Self::template).collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The kinds that exist once per site (not per province, indicator or free page).
    pub const SINGLE: [PageKind; 7] = [
        PageKind::Home,
        PageKind::Provinces,
        PageKind::Indicators,
        PageKind::Sources,
        PageKind::Downloads,
        PageKind::Search,
        PageKind::NotFound,
    ];

    /// The page's path relative to its language root (a folder, or `404.html`).
    pub fn path(&self, site: &Site) -> String {
        match self {
            PageKind::Home => String::new(),
            PageKind::Provinces => format!("{PROVINCES_DIR}/"),
            PageKind::Province(id) => province_path(&id.0),
            PageKind::Edition(id, year) => format!("{}{year}/", province_path(&id.0)),
            PageKind::Successor(k) => successor_path(&site.successor_unit(*k).slug),
            PageKind::Indicators => format!("{INDICATORS_DIR}/"),
            PageKind::Indicator(r) => indicator_path(&site.indicator(*r).id),
            PageKind::Sources => format!("{SOURCES_DIR}/"),
            PageKind::Page(id) => format!("{}/", id.0),
            PageKind::Search => format!("{SEARCH_DIR}/"),
            PageKind::NotFound => NOT_FOUND_FILE.into(),
            PageKind::Downloads => format!("{DOWNLOADS_DIR}/"),
        }
    }

    /// The output file of the page, relative to its language root.
    pub fn file(&self, site: &Site) -> String {
        let path = self.path(site);
        if path.ends_with(".html") {
            path
        } else {
            format!("{path}index.html")
        }
    }

    /// The top-level name the kind's pages take in every language (a free page may not).
    pub fn top_level(&self) -> Option<&'static str> {
        match self {
            PageKind::Provinces | PageKind::Province(_) | PageKind::Edition(..) => {
                Some(PROVINCES_DIR)
            }
            PageKind::Successor(_) => Some(SUCCESSORS_DIR),
            PageKind::Indicators | PageKind::Indicator(_) => Some(INDICATORS_DIR),
            PageKind::Sources => Some(SOURCES_DIR),
            PageKind::Search => Some(SEARCH_DIR),
            PageKind::NotFound => Some(NOT_FOUND_FILE),
            PageKind::Downloads => Some(DOWNLOADS_DIR),
            PageKind::Home | PageKind::Page(_) => None,
        }
    }

    /// The theme template that renders the kind.
    pub fn template(&self) -> &'static str {
        match self {
            PageKind::Home => "home.html",
            PageKind::Provinces => "provinces.html",
            PageKind::Province(_) | PageKind::Edition(..) => "province.html",
            PageKind::Successor(_) => "successor.html",
            PageKind::Indicators => "indicators.html",
            PageKind::Indicator(_) => "indicator.html",
            PageKind::Sources => "sources.html",
            PageKind::Page(_) => "page.html",
            PageKind::Search => "search.html",
            PageKind::NotFound => "404.html",
            PageKind::Downloads => "downloads.html",
        }
    }

    /// The site section the page belongs to (templates style the navigation by it).
    pub fn section(&self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Provinces
            | PageKind::Province(_)
            | PageKind::Edition(..)
            | PageKind::Successor(_) => "provinces",
            PageKind::Indicators | PageKind::Indicator(_) => "indicators",
            PageKind::Sources => "sources",
            PageKind::Page(_) => "page",
            PageKind::Search => "search",
            PageKind::NotFound => "404",
            PageKind::Downloads => "downloads",
        }
    }

    /// The interface string naming the kind in the navigation, for kinds that have an
    /// entry there (free pages are listed by their own titles).
    pub fn nav_key(&self) -> Option<&'static str> {
        match self {
            PageKind::Home => Some("nav_home"),
            PageKind::Provinces => Some("nav_provinces"),
            PageKind::Indicators => Some("nav_indicators"),
            PageKind::Sources => Some("nav_sources"),
            PageKind::Search => Some("nav_search"),
            _ => None,
        }
    }

    /// Whether the page is listed in the sitemap (not the search or not-found pages).
    pub fn in_sitemap(&self) -> bool {
        !matches!(self, PageKind::Search | PageKind::NotFound)
    }

    /// The ids a page of this kind offers as link targets, besides its body's heading ids:
    /// its sections, and the groups, rows and sources it lists. Some appear only when the
    /// page has that section (a province without derived figures has no
    /// `#so-lieu-tinh-toan`). `check` tests Markdown `#fragment`s against this list without
    /// rendering; `build` tests them against the ids the theme actually wrote.
    pub fn anchors(&self, site: &Site) -> Vec<String> {
        let categories = |f: fn(&str) -> String| -> Vec<String> {
            site.categories.iter().map(|c| f(&c.id)).collect()
        };
        let fixed =
            |ids: &[Anchor]| -> Vec<String> { ids.iter().map(|a| a.id().to_string()).collect() };
        let mut out = vec![MAIN_ANCHOR.to_string()];
        out.extend(match self {
            PageKind::Home => {
                let mut v = fixed(&[
                    Anchor::HomeProvinces,
                    Anchor::Highlights,
                    Anchor::HomeIndicators,
                ]);
                v.extend(categories(category_anchor));
                v
            }
            PageKind::Provinces => fixed(&[Anchor::Before2025, Anchor::From2025]),
            PageKind::Province(_) | PageKind::Edition(..) => {
                let mut v = fixed(&[
                    Anchor::KeyFigures,
                    Anchor::Charts,
                    Anchor::Claims,
                    Anchor::Computed,
                    Anchor::Tables,
                    Anchor::ProvinceSources,
                ]);
                v.extend(categories(category_table_anchor));
                v
            }
            PageKind::Successor(_) => fixed(&[
                Anchor::NewUnitReports,
                Anchor::FormerProvinces,
                Anchor::FormerFigures,
            ]),
            PageKind::Indicators => categories(category_anchor),
            PageKind::Indicator(r) => {
                let mut v = fixed(&[Anchor::Compare]);
                // The year table and its rows exist only when some year has a figure.
                if !site.reported_years(*r).is_empty() {
                    v.push(Anchor::ByYear.id().to_string());
                    let (rows, _) = indicator_rows(site, *r);
                    v.extend(rows.iter().map(|(p, _, _)| province_row_anchor(&p.slug)));
                }
                v
            }
            PageKind::Sources => site.sources.iter().map(|s| source_anchor(&s.id)).collect(),
            PageKind::Search => fixed(&[Anchor::Search]),
            PageKind::Page(_) | PageKind::NotFound | PageKind::Downloads => Vec::new(),
        });
        out
    }

    /// Whether the page's prose, in any language, has a chart of every province.
    fn compares(&self, site: &Site) -> bool {
        let mut bodies = site
            .config
            .languages
            .iter()
            .filter_map(|&l| self.body(site, l));
        bodies.any(|b| b.doc.charts().any(|c| c.chart_type.shows_every_province()))
    }

    /// The Markdown body a page shows in `lang` (its translation, else the original), for
    /// pages that have one.
    pub fn body<'s>(&self, site: &'s Site, lang: Lang) -> Option<&'s Markdown> {
        let default = site.config.language;
        match self {
            PageKind::Province(id) => Some(site.province(id)?.text(lang, default).body),
            PageKind::Edition(id, year) => {
                let ed = site.province(id)?.edition(*year)?;
                Some(
                    ed.translations
                        .iter()
                        .find(|(l, _)| *l == lang)
                        .map_or(&ed.body, |(_, t)| &t.body),
                )
            }
            PageKind::Page(id) => Some(site.page(id)?.text(lang, default).body),
            _ => None,
        }
    }

    /// What the page's content depends on: the one source of the preview's plan.
    pub fn depends(&self, site: &Site) -> Depends {
        match self {
            PageKind::Home | PageKind::Provinces | PageKind::Sources => Depends::AllProvinces,
            PageKind::Indicators => Depends::AllProvinces,
            // It lists every province's PDF with its size, when the site has PDFs.
            PageKind::Downloads if site.config.pdf => Depends::AllProvinces,
            PageKind::Downloads => Depends::SiteOnly,
            // The unit's former provinces and the pages about the unit itself.
            PageKind::Successor(k) => site.successor(*k).map_or(Depends::AllProvinces, |s| {
                let former = s.predecessors.iter().filter_map(|(_, p)| p.clone());
                Depends::Provinces(former.chain(s.pages.iter().cloned()).collect())
            }),
            // Prose that compares every province changes with any of them.
            PageKind::Province(_) | PageKind::Edition(..) if self.compares(site) => {
                Depends::AllProvinces
            }
            PageKind::Province(id) | PageKind::Edition(id, _) => Depends::Province(id.clone()),
            PageKind::Indicator(r) => Depends::Indicator(*r),
            PageKind::Page(_) | PageKind::Search | PageKind::NotFound => Depends::SiteOnly,
        }
    }
}

pub use super::anchors::Anchor;
pub use super::download::Download;

/// The folder of a language's pages in the output: `""` for the site's default language,
/// `"<code>/"` for the others.
pub fn lang_prefix(site: &Site, lang: Lang) -> String {
    if lang == site.config.language {
        String::new()
    } else {
        format!("{}/", lang.code())
    }
}

/// A province page's path: `tinh/<slug>/`.
pub fn province_path(slug: &str) -> String {
    format!("{PROVINCES_DIR}/{slug}/")
}

/// A page of a unit from 2025: `tinh-2025/<slug>/`.
pub fn successor_path(slug: &str) -> String {
    format!("{SUCCESSORS_DIR}/{slug}/")
}

/// An indicator page's path: `chi-so/<id>/`.
pub fn indicator_path(id: &str) -> String {
    format!("{INDICATORS_DIR}/{id}/")
}

/// The id of a source's entry on the sources page (`/nguon/#nguon-<id>`).
pub fn source_anchor(source_id: &str) -> String {
    format!("nguon-{source_id}")
}

/// The most provinces an indicator page lists; past it, the best and worst half each.
pub const INDICATOR_ROWS_SHOWN: usize = 100;

/// The provinces an indicator page lists, best first (ties, and indicators without a
/// direction, in province order, so the page is stable), each with its series and latest
/// figure; past [`INDICATOR_ROWS_SHOWN`] the top and bottom halves only. Also the number
/// of provinces ranked. The page's rows and the anchors it declares both come from here.
pub fn indicator_rows(site: &Site, r: IndicatorRef) -> (Vec<(&Province, &Series, f64)>, usize) {
    let ind = site.indicator(r);
    let mut ranked: Vec<_> = site
        .provinces_with(r)
        .filter_map(|(p, x)| {
            let latest = x.latest().or_else(|| x.observations.last())?;
            Some((p, x, latest.value))
        })
        .collect();
    ranked.sort_by(|a, b| match ind.better {
        Better::Higher => b.2.total_cmp(&a.2),
        Better::Lower => a.2.total_cmp(&b.2),
        Better::None => std::cmp::Ordering::Equal,
    });
    let total = ranked.len();
    if total > INDICATOR_ROWS_SHOWN {
        ranked.drain(INDICATOR_ROWS_SHOWN / 2..total - INDICATOR_ROWS_SHOWN / 2);
    }
    (ranked, total)
}

/// The id of a province's row in an indicator page's year table (`#tinh-<slug>`).
pub fn province_row_anchor(slug: &str) -> String {
    format!("tinh-{slug}")
}

/// The id of a category's group on the home page and the indicator index (`#nhom-<id>`).
pub fn category_anchor(category_id: &str) -> String {
    format!("nhom-{category_id}")
}

/// The id of a category's data table on a province page (`#bang-<id>`).
pub fn category_table_anchor(category_id: &str) -> String {
    format!("bang-{category_id}")
}

/// The main content, on every page (the skip link's target).
pub const MAIN_ANCHOR: &str = Anchor::Main.id();

/// The navigation, in order: the site's own lists, then the free pages, then search.
pub fn nav(site: &Site) -> Vec<PageKind> {
    let mut out = vec![
        PageKind::Home,
        PageKind::Provinces,
        PageKind::Indicators,
        PageKind::Sources,
    ];
    out.extend(site.pages.iter().map(|p| PageKind::Page(p.id())));
    if site.config.search {
        out.push(PageKind::Search);
    }
    out
}

/// Every page of the site in every language: the pages the site has, as (kind, language).
pub fn pages(site: &Site) -> Vec<(PageKind, Lang)> {
    let mut kinds: Vec<PageKind> = PageKind::SINGLE
        .into_iter()
        .filter(|k| *k != PageKind::Search || site.config.search)
        .collect();
    // Indicator pages list every province, so on a large site they are the longest jobs:
    // started first, they do not leave one thread working alone at the end.
    kinds.extend(site.indicator_refs().map(PageKind::Indicator));
    kinds.extend(site.provinces.iter().map(|p| PageKind::Province(p.id())));
    kinds.extend(site.provinces.iter().flat_map(|p| {
        let id = p.id();
        p.editions
            .iter()
            .map(move |e| PageKind::Edition(id.clone(), e.year))
    }));
    kinds.extend(site.successors.iter().map(|s| PageKind::Successor(s.unit)));
    kinds.extend(site.pages.iter().map(|p| PageKind::Page(p.id())));
    site.config
        .languages
        .iter()
        .flat_map(|&lang| kinds.iter().map(move |kind| (kind.clone(), lang)))
        .collect()
}

/// Top-level names the site uses itself, in any language: page folders, shared folders,
/// crawler files and language prefixes. A free page may not take one.
pub fn reserved_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = PageKind::one_of_each()
        .iter()
        .filter_map(PageKind::top_level)
        .collect();
    names.extend([STATIC_DIR, DOWNLOADS_DIR, SEARCH_BUNDLE_DIR]);
    names.extend(PUBLISH_FILES);
    names.push(REPORT_PDF_FILE);
    names.extend([Lang::Vi, Lang::En].map(Lang::code));
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind is in [`PageKind::one_of_each`]: a new variant fails to compile here.
    #[test]
    fn one_of_each_kind_lists_every_kind() {
        let kinds = PageKind::one_of_each();
        let mut seen = vec![false; kinds.len()];
        for kind in kinds {
            let at = match kind {
                PageKind::Home => 0,
                PageKind::Provinces => 1,
                PageKind::Province(_) => 2,
                PageKind::Edition(..) => 3,
                PageKind::Successor(_) => 4,
                PageKind::Indicators => 5,
                PageKind::Indicator(_) => 6,
                PageKind::Sources => 7,
                PageKind::Page(_) => 8,
                PageKind::Search => 9,
                PageKind::NotFound => 10,
                PageKind::Downloads => 11,
            };
            seen[at] = true;
        }
        assert!(seen.iter().all(|s| *s), "{seen:?}");
    }

    /// A page names its province, edition or free page by identity: removing another
    /// province from the list (a draft left out) changes neither its path nor its body, and
    /// a page whose province is gone has no body rather than another province's.
    #[test]
    fn pages_name_what_they_show_whatever_leaves_the_lists() {
        let mut site = crate::validate::bundled_site();
        let lang = site.config.language;
        // The last province gets an earlier edition (its own text, a year before).
        let p = site.provinces.last_mut().expect("provinces");
        let year = Year::FIRST;
        p.editions.push(super::super::Edition {
            year,
            name: p.name.clone(),
            summary: None,
            sources: p.sources.clone(),
            body: p.body.clone(),
            translations: Vec::new(),
            draft: Vec::new(),
        });
        let id = p.id();
        let kinds = [
            PageKind::Province(id.clone()),
            PageKind::Edition(id.clone(), year),
        ];
        let before: Vec<_> = kinds
            .iter()
            .map(|k| {
                (
                    k.path(&site),
                    k.body(&site, lang).map(|b| b.source.path.clone()),
                )
            })
            .collect();
        site.provinces.remove(0);
        site.pages.clear();
        for (k, (path, body)) in kinds.iter().zip(&before) {
            assert_eq!(&k.path(&site), path);
            assert_eq!(&k.body(&site, lang).map(|b| b.source.path.clone()), body);
            assert!(body.is_some());
        }
        site.provinces.retain(|p| p.id() != id);
        for k in &kinds {
            assert!(k.body(&site, lang).is_none(), "{k:?}");
        }
    }

    #[test]
    fn every_top_level_folder_is_reserved() {
        let names = reserved_names();
        for n in [
            "tinh",
            "tinh-2025",
            "chi-so",
            "nguon",
            "tim-kiem",
            "static",
            "tai-ve",
            "pagefind",
            "en",
            "vi",
        ] {
            assert!(names.contains(&n), "{n}");
        }
    }
}
