//! What to render: everything for a build, and for the preview only what an edit touches.
//! The plan is derived from the page layout (`model::layout`): which kinds of page show
//! every province, which show one province or one indicator, and which files a site has.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::downloads::{self, Download};
use super::pages::{self, Job, PageKind};
use super::theme::Theme;
use crate::markdown::MarkdownLink;
use crate::model::layout::{Depends, SEARCH_BUNDLE_DIR, SEARCH_UI_FILES, STATIC_DIR};
use crate::model::{IndicatorRef, Province, Site};

/// Which parts of the site to render: everything for a build, the pages an edit touches
/// for the preview server.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub jobs: Vec<Job>,
    pub downloads: Vec<Download>,
    /// sitemap.xml, robots.txt and the feeds (cheap; redone whenever provinces change).
    pub publish: bool,
    pub static_files: bool,
    /// Rebuild the search index from the cache (the preview defers it until after reload).
    pub search: bool,
}

impl Plan {
    /// Every file of the site.
    pub fn full(site: &Site) -> Plan {
        Plan {
            jobs: pages::jobs(site),
            downloads: downloads::all(site),
            publish: true,
            static_files: true,
            search: true,
        }
    }

    /// The pages and downloads of `site` that show the provinces `slugs` or the indicators
    /// `refs` (those whose figures the edit changed), as the registry says what each
    /// depends on.
    pub fn for_provinces(site: &Site, slugs: &[String], refs: &BTreeSet<IndicatorRef>) -> Plan {
        let shows = |depends: Depends| match depends {
            Depends::AllProvinces => true,
            Depends::Province(id) => slugs.contains(&id.0),
            Depends::Provinces(ids) => ids.iter().any(|id| slugs.contains(&id.0)),
            Depends::Indicator(r) => refs.contains(&r),
            Depends::SiteOnly => false,
        };
        let jobs = pages::jobs(site)
            .into_iter()
            .filter(|job| shows(job.kind.depends(site)))
            .collect();
        let downloads = downloads::all(site)
            .into_iter()
            .filter(|d| shows(d.depends(site)))
            .collect();
        Plan {
            jobs,
            downloads,
            publish: true,
            static_files: false,
            search: true,
        }
    }
}

/// What decides which files a site has, as far as a province edit can change it: the
/// provinces (a page and downloads each) and the indicators with data (downloads each).
#[derive(PartialEq)]
pub struct Shape {
    /// Each province's slug and number of earlier editions (each edition is a page).
    provinces: Vec<(String, usize)>,
    successors: Vec<crate::model::Successor>,
    with_data: Vec<bool>,
    /// Which chart files the pages have (a chart comes with enough data).
    chart_files: Vec<bool>,
}

impl Shape {
    /// Whether both have the same provinces, in the same order (which sets their colours).
    pub fn same_provinces(&self, other: &Shape) -> bool {
        self.provinces.len() == other.provinces.len()
            && self
                .provinces
                .iter()
                .zip(&other.provinces)
                .all(|(a, b)| a.0 == b.0)
    }

    pub fn of(site: &Site) -> Shape {
        Shape {
            provinces: site
                .provinces
                .iter()
                .map(|p| (p.slug.clone(), p.editions.len()))
                .collect(),
            successors: site.successors.clone(),
            with_data: site
                .indicator_refs()
                .map(|r| site.provinces_with(r).next().is_some())
                .collect(),
            chart_files: crate::model::layout::pages(site)
                .into_iter()
                .filter(|(_, lang)| *lang == site.config.language)
                .flat_map(|(kind, _)| {
                    let files = kind.chart_files().iter();
                    files.map(move |&f| pages::has_chart_file(site, &kind, f))
                })
                .collect(),
        }
    }
}

/// The indicators whose pages differ after a province changed from `old` to `new` (`None`:
/// it did not exist): those whose series changed, or all of them when the province's name,
/// which every row shows, changed.
pub fn changed_indicators(
    old: Option<&Province>,
    new: Option<&Province>,
) -> BTreeSet<IndicatorRef> {
    let all = |p: Option<&Province>| -> Vec<IndicatorRef> {
        p.map(|p| p.series.iter().map(|s| s.indicator).collect())
            .unwrap_or_default()
    };
    let names = |p: &Province| -> Vec<String> {
        std::iter::once(p.name.clone())
            .chain(p.translations.iter().map(|(_, t)| t.name.clone()))
            .collect()
    };
    match (old, new) {
        (Some(a), Some(b)) if names(a) == names(b) => all(old)
            .into_iter()
            .chain(all(new))
            .filter(|&r| a.series_of(r) != b.series_of(r))
            .collect(),
        _ => all(old).into_iter().chain(all(new)).collect(),
    }
}

/// The files a full build of `site` would produce, without rendering them: every page and
/// its chart files, download, feed and static file, plus the search bundle as last written.
pub fn expected_files(
    site: &Site,
    theme: &Theme,
    previous: &BTreeSet<String>,
    written_now: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    for job in pages::jobs(site) {
        let urls = super::urls::Urls::new(site, job.lang);
        out.insert(urls.output(&job.kind.file(site)));
        for &file in job.kind.chart_files() {
            if pages::has_chart_file(site, &job.kind, file) {
                out.insert(urls.output(&job.kind.chart_file(site, file)));
            }
        }
    }
    out.extend(downloads::all(site).into_iter().map(|d| d.path(site)));
    out.extend(
        theme
            .static_files
            .iter()
            .map(|(name, ..)| format!("{STATIC_DIR}/{name}")),
    );
    out.extend(super::publish::paths(site));
    // The search bundle was rewritten now if anything was rendered; else it is unchanged.
    let search_now: HashSet<&String> = written_now.iter().filter(|p| in_search_bundle(p)).collect();
    if search_now.is_empty() {
        out.extend(previous.iter().filter(|p| in_search_bundle(p)).cloned());
    } else {
        out.extend(search_now.into_iter().cloned());
    }
    out
}

/// Whether an output path belongs to the search bundle.
pub fn in_search_bundle(path: &str) -> bool {
    path.strip_prefix(SEARCH_BUNDLE_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// What the layout says of a site's links without rendering it: the anchors each page
/// offers and the links written in Markdown, each with its page.
pub struct LinkPlan {
    pub anchors: HashMap<String, HashSet<String>>,
    pub links: Vec<MarkdownLink>,
    pub pages: usize,
}

/// The files a full build of `site` writes, for checking links without building it. The
/// search bundle, not built by `check`, counts as written.
pub fn planned_files(site: &Site, theme: &Theme) -> HashSet<String> {
    let none = BTreeSet::new();
    let mut files: HashSet<String> = expected_files(site, theme, &none, &none)
        .into_iter()
        .collect();
    if site.config.search {
        files.extend(SEARCH_UI_FILES.map(|f| format!("{SEARCH_BUNDLE_DIR}/{f}")));
    }
    files
}

/// The page files of `site`, in every language (`tinh/alpha/index.html`): those of the site
/// with drafts less those of the published one are the pages only drafts have.
pub fn page_files(site: &Site) -> HashSet<String> {
    pages::jobs(site)
        .iter()
        .map(|job| super::urls::Urls::new(site, job.lang).output(&job.kind.file(site)))
        .collect()
}

/// The [`LinkPlan`] of a full build of `site`: pages and anchors from the layout, plus each
/// page's body headings and links.
pub fn link_plan(site: &Site) -> LinkPlan {
    link_plan_for(site, |_| None)
}

/// [`link_plan`] with the anchors of only the pages `wanted` picks, given the links (every
/// page's when it picks `None`): a build of thousands of pages would otherwise hold every
/// page's ids to check the few links that name one.
pub fn link_plan_for(
    site: &Site,
    wanted: impl FnOnce(&[MarkdownLink]) -> Option<HashSet<String>>,
) -> LinkPlan {
    let jobs = pages::jobs(site);
    let paths: Vec<String> = jobs
        .iter()
        .map(|job| super::urls::Urls::new(site, job.lang).output(&job.kind.file(site)))
        .collect();
    let mut links = Vec::new();
    for (job, page) in jobs.iter().zip(&paths) {
        if let Some(body) = job.kind.body(site, job.lang) {
            links.extend(body.doc.links.iter().map(|(url, position)| MarkdownLink {
                source: body.source.clone(),
                position: *position,
                url: url.clone(),
                page: page.clone(),
            }));
        }
    }
    let wanted = wanted(&links);
    let mut anchors = HashMap::new();
    for (job, page) in jobs.iter().zip(paths) {
        if wanted.as_ref().is_some_and(|w| !w.contains(&page)) {
            continue;
        }
        let mut ids: HashSet<String> = job.kind.anchors(site).into_iter().collect();
        if let Some(body) = job.kind.body(site, job.lang) {
            ids.extend(body.doc.anchors.iter().cloned());
        }
        anchors.insert(page, ids);
    }
    LinkPlan {
        anchors,
        links,
        pages: jobs.len(),
    }
}

/// One page per template and language, for `check`: the richest of its kind (the province
/// with the most series, the indicator most provinces report), so that the template and the
/// partials it calls meet as many of their fields as a page offers. An error a template
/// raises on one page only is left to `build`, which renders them all.
pub fn template_samples(site: &Site) -> Vec<Job> {
    let weight = |kind: &PageKind| match kind {
        PageKind::Province(id) | PageKind::Edition(id, _) => {
            site.province(id).map_or(0, |p| p.series.len())
        }
        PageKind::Indicator(r) => site
            .provinces
            .iter()
            .filter(|p| p.series_of(*r).is_some())
            .count(),
        _ => 0,
    };
    let mut best: Vec<(Job, usize)> = Vec::new();
    for job in pages::jobs(site) {
        let w = weight(&job.kind);
        let same = best
            .iter_mut()
            .find(|(b, _)| b.lang == job.lang && b.kind.template() == job.kind.template());
        match same {
            Some(b) if b.1 < w => *b = (job, w),
            Some(_) => {}
            None => best.push((job, w)),
        }
    }
    best.into_iter().map(|(job, _)| job).collect()
}
