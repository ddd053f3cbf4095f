//! The home page and the lists: provinces (as cards), indicators by field, sources.

use super::*;

#[derive(Serialize)]
pub(super) struct ProvinceCard {
    /// The language of the card's texts when it is not the page's (no translation yet).
    text_lang: Option<&'static str>,
    name: String,
    url: String,
    region: String,
    term: Option<String>,
    summary: Option<String>,
    /// The unit from 1 July 2025 a former province is part of.
    successor: Option<Link>,
    indicators: usize,
    observations: usize,
    key_figures: Vec<KeyFigure>,
}

pub(super) fn province_card(s: &Scope, p: &Province, figures: usize) -> ProvinceCard {
    let text = p.text(s.lang, s.site.config.language);
    let key_figures = key_series(s.site, p, figures)
        .into_iter()
        .filter_map(|x| {
            let spark = charts::sparkline(
                s,
                x,
                &format!("spark-{}-{}", p.slug, s.site.indicator(x.indicator).id),
            );
            key_figure(s, x, spark)
        })
        .collect();
    ProvinceCard {
        text_lang: (text.lang != s.lang).then(|| text.lang.code()),
        name: text.name.to_string(),
        url: s.urls.province(p),
        region: text.region.to_string(),
        term: text.term.map(str::to_string),
        summary: text.summary.map(str::to_string),
        successor: s.site.successor_of(p).map(|k| Link {
            title: s.site.successor_unit(k).name.clone(),
            url: s.urls.path(&PageKind::Successor(k).path(s.site)),
        }),
        indicators: p.series.len(),
        observations: p.series.iter().map(|x| x.observations.len()).sum(),
        key_figures,
    }
}

#[derive(Serialize)]
pub(super) struct Downloads {
    csv: String,
    /// The whole site's JSON and its schema, and the sources its CSV names by id, on the
    /// home page.
    json: Option<String>,
    schema: Option<String>,
    sources: Option<String>,
    /// The page's PDF edition (a province's, or the whole report's on the home page).
    pdf: Option<String>,
}

impl Downloads {
    /// A page's one CSV file.
    pub(super) fn csv(s: &Scope, file: downloads::Download) -> Self {
        Downloads {
            csv: s.urls.shared(&file.path(s.site)),
            json: None,
            schema: None,
            sources: None,
            pdf: None,
        }
    }

    /// With a link to the PDF edition `file`, when the site has one.
    pub(super) fn with_pdf(self, s: &Scope, file: downloads::Download) -> Self {
        let pdf = downloads::has_pdf(s.site).then(|| s.urls.shared(&file.path(s.site)));
        Downloads { pdf, ..self }
    }

    /// The whole site's files.
    pub(super) fn site(s: &Scope) -> Self {
        use downloads::Download;
        let url = |d: Download| Some(s.urls.shared(&d.path(s.site)));
        Downloads {
            json: url(Download::SiteJson),
            schema: url(Download::SiteSchema),
            sources: url(Download::SourcesCsv),
            ..Downloads::csv(s, Download::SiteCsv).with_pdf(s, Download::ReportPdf(s.lang))
        }
    }
}

pub(super) fn home(s: &Scope) -> Context {
    let site = s.site;
    let mut c = page_ctx(
        s,
        site.config.title(s.lang),
        PageKind::Home,
        site.config.description(s.lang).map(str::to_string),
    );
    let cards: Vec<ProvinceCard> = site
        .provinces
        .iter()
        .take(site.config.home_provinces)
        .map(|p| province_card(s, p, 3))
        .collect();
    c.insert("provinces", &cards);
    // The rest are one click away on the provinces page.
    c.insert(
        "more_provinces",
        &site.provinces.len().saturating_sub(cards.len()),
    );
    c.insert("categories", &indicator_groups(s));
    c.insert("comparisons", &headline_comparisons(s));
    c.insert("downloads", &Downloads::site(s));
    c.insert(
        "downloads_page",
        &s.urls.path(&PageKind::Downloads.path(site)),
    );
    let observations: usize = site
        .provinces
        .iter()
        .flat_map(|p| &p.series)
        .map(|x| x.observations.len())
        .sum();
    c.insert(
        "stats",
        &SiteStats {
            provinces: site.provinces.len(),
            indicators: site.indicators.len(),
            observations: format::count(observations, s.lang),
            sources: site.sources.len(),
        },
    );
    c
}

/// The home page's counts.
#[derive(Serialize)]
struct SiteStats {
    provinces: usize,
    indicators: usize,
    /// Formatted: the template prints it as it is.
    observations: String,
    sources: usize,
}

/// A unit from 2025 and the former provinces of it that have pages.
#[derive(Serialize)]
pub(super) struct UnitGroup {
    name: String,
    url: String,
    former: Vec<Link>,
}

pub(super) fn provinces(s: &Scope) -> Context {
    let site = s.site;
    let mut c = page_ctx(s, s.t("nav_provinces"), PageKind::Provinces, None);
    let cards: Vec<ProvinceCard> = site
        .provinces
        .iter()
        .map(|p| province_card(s, p, 0))
        .collect();
    c.insert("provinces", &cards);
    // The same provinces by the units they belong to since 1 July 2025.
    let units: Vec<UnitGroup> = site
        .successors
        .iter()
        .map(|succ| UnitGroup {
            name: site.successor_unit(succ.unit).name.clone(),
            url: s.urls.path(&PageKind::Successor(succ.unit).path(site)),
            former: succ
                .predecessors
                .iter()
                .filter_map(|(_, p)| p.as_ref())
                .chain(&succ.pages)
                .filter_map(|id| site.province(id))
                .map(|p| Link {
                    title: p.text(s.lang, site.config.language).name.to_string(),
                    url: s.urls.province(p),
                })
                .collect(),
        })
        .collect();
    c.insert("units", &units);
    c
}

#[derive(Serialize)]
pub(super) struct IndicatorLink {
    name: String,
    url: String,
    unit: String,
    /// "3 tỉnh" / "3 provinces": provinces with data of the indicator or of its parts.
    provinces: String,
}

pub(super) fn indicator_groups(s: &Scope) -> Vec<CategoryGroup<IndicatorLink>> {
    let site = s.site;
    site.category_refs()
        .filter_map(|c| {
            let items: Vec<IndicatorLink> = site
                .indicator_refs()
                .filter(|&r| site.indicator(r).category == c)
                .map(|r| {
                    let ind = site.indicator(r);
                    let parts = site.parts_of(r);
                    let n = site
                        .provinces
                        .iter()
                        .filter(|p| {
                            p.series_of(r).is_some()
                                || parts.iter().any(|&c| p.series_of(c).is_some())
                        })
                        .count();
                    let key = if n == 1 {
                        "n_provinces_one"
                    } else {
                        "n_provinces_other"
                    };
                    IndicatorLink {
                        name: indicator_name(ind, s.lang).into(),
                        url: s.urls.indicator(ind),
                        unit: unit(ind, s.lang).into(),
                        provinces: s.i18n().fill(s.lang, key, &[("n", &n.to_string())]),
                    }
                })
                .collect();
            (!items.is_empty()).then(|| {
                let cat = site.category(c);
                CategoryGroup {
                    id: cat.id.clone(),
                    name: category_name(cat, s.lang).into(),
                    items,
                }
            })
        })
        .collect()
}

/// How many comparisons the home page shows.
const HOME_COMPARISONS: usize = 3;

/// A comparison on the home page, with the indicator it links to.
#[derive(Serialize)]
struct HeadlineComparison {
    chart: String,
    name: String,
    url: String,
}

/// The comparisons the home page leads with: the indicators most provinces report (key
/// indicators first among equals, then catalog order), at least two provinces each.
fn headline_comparisons(s: &Scope) -> Vec<HeadlineComparison> {
    let site = s.site;
    let mut counted: Vec<(usize, bool, IndicatorRef)> = site
        .indicator_refs()
        .map(|r| {
            let n = site
                .provinces_with(r)
                .filter(|(_, x)| x.latest().is_some())
                .count();
            (n, site.indicator(r).key, r)
        })
        .filter(|(n, ..)| *n >= 2)
        .collect();
    counted.sort_by_key(|&(n, key, r)| (std::cmp::Reverse((n, key)), r));
    counted
        .into_iter()
        .take(HOME_COMPARISONS)
        .filter_map(|(.., r)| {
            let ind = site.indicator(r);
            Some(HeadlineComparison {
                chart: charts::figure(
                    s,
                    &crate::chart::Comparison,
                    &crate::chart::Subject::of_indicator(r),
                    &format!("chart-home-{}", ind.id),
                )?,
                name: indicator_name(ind, s.lang).into(),
                url: s.urls.indicator(ind),
            })
        })
        .collect()
}

pub(super) fn indicators(s: &Scope) -> Context {
    let mut c = page_ctx(s, s.t("nav_indicators"), PageKind::Indicators, None);
    c.insert("categories", &indicator_groups(s));
    c
}

pub(super) fn sources(s: &Scope) -> Context {
    let mut c = page_ctx(s, s.t("sources_title"), PageKind::Sources, None);
    let list: Vec<SourceCtx> = s
        .site
        .sources
        .iter()
        .enumerate()
        .map(|(i, x)| source_ctx(s, i, x, true))
        .collect();
    c.insert("sources", &list);
    c
}
