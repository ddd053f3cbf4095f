//! The fixed anchor ids pages offer (`#so-sanh`), spelled once: the layout lists them for
//! `check`'s link plan, and templates write them as `{{ anchor.<key> }}`, so a renamed
//! anchor cannot leave a link that `check` accepts and the page lacks.

use std::collections::BTreeMap;

/// An anchor a page kind offers whatever its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The main content, target of the skip link (every page).
    Main,
    /// Home: the province cards, the highlighted comparisons, the indicator list.
    HomeProvinces,
    Highlights,
    HomeIndicators,
    /// Provinces list: the provinces before and from the 2025 reorganisation.
    Before2025,
    From2025,
    /// A unit of 2025: reports on it, its former provinces, and their figures.
    NewUnitReports,
    FormerProvinces,
    FormerFigures,
    /// An indicator: its comparison and its table by year.
    Compare,
    ByYear,
    /// The search page's box.
    Search,
    /// A province: key figures, charts, claims, computed figures, tables, sources.
    KeyFigures,
    Charts,
    Claims,
    Computed,
    Tables,
    ProvinceSources,
}

impl Anchor {
    pub const ALL: [Anchor; 18] = [
        Anchor::Main,
        Anchor::HomeProvinces,
        Anchor::Highlights,
        Anchor::HomeIndicators,
        Anchor::Before2025,
        Anchor::From2025,
        Anchor::NewUnitReports,
        Anchor::FormerProvinces,
        Anchor::FormerFigures,
        Anchor::Compare,
        Anchor::ByYear,
        Anchor::Search,
        Anchor::KeyFigures,
        Anchor::Charts,
        Anchor::Claims,
        Anchor::Computed,
        Anchor::Tables,
        Anchor::ProvinceSources,
    ];

    /// The id in the page (Vietnamese, as the site's URLs).
    pub const fn id(self) -> &'static str {
        match self {
            Anchor::Main => "noi-dung",
            Anchor::HomeProvinces => "cac-tinh",
            Anchor::Highlights => "so-sanh-noi-bat",
            Anchor::HomeIndicators => "chi-so",
            Anchor::Before2025 => "truoc-2025",
            Anchor::From2025 => "tu-2025",
            Anchor::NewUnitReports => "bao-cao-tinh-moi",
            Anchor::FormerProvinces => "tinh-cu",
            Anchor::FormerFigures => "so-lieu-tinh-cu",
            Anchor::Compare => "so-sanh",
            Anchor::ByYear => "theo-nam",
            Anchor::Search => "tim-kiem",
            Anchor::KeyFigures => "so-lieu-chinh",
            Anchor::Charts => "bieu-do",
            Anchor::Claims => "bai-viet-va-so-lieu",
            Anchor::Computed => "so-lieu-tinh-toan",
            Anchor::Tables => "bang-so-lieu",
            Anchor::ProvinceSources => "nguon-tinh",
        }
    }

    /// The name templates use: `{{ anchor.compare }}`.
    pub const fn key(self) -> &'static str {
        match self {
            Anchor::Main => "main",
            Anchor::HomeProvinces => "home_provinces",
            Anchor::Highlights => "highlights",
            Anchor::HomeIndicators => "home_indicators",
            Anchor::Before2025 => "before_2025",
            Anchor::From2025 => "from_2025",
            Anchor::NewUnitReports => "new_unit_reports",
            Anchor::FormerProvinces => "former_provinces",
            Anchor::FormerFigures => "former_figures",
            Anchor::Compare => "compare",
            Anchor::ByYear => "by_year",
            Anchor::Search => "search",
            Anchor::KeyFigures => "key_figures",
            Anchor::Charts => "charts",
            Anchor::Claims => "claims",
            Anchor::Computed => "computed",
            Anchor::Tables => "tables",
            Anchor::ProvinceSources => "province_sources",
        }
    }

    /// Every anchor by its template name: the `anchor` of every page's context.
    pub fn for_templates() -> BTreeMap<&'static str, &'static str> {
        Anchor::ALL.iter().map(|a| (a.key(), a.id())).collect()
    }
}
