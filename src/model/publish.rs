//! The publish stage: what a build publishes, decided before any cross-reference is made.
//!
//! Drafts (provinces, pages, dated editions, translations) leave the site first; only then
//! are the references between provinces computed (the pages of the units from 2025 and
//! their former provinces). Everything rendered afterwards (lists, colours, comparisons,
//! feeds, search, downloads) sees the published site only, so a build of a site with drafts
//! equals a build of the same site without the draft files. `build` and `check` (for its
//! link plan) go through [`publish`]; the preview keeps its drafts but computes the same
//! cross-references with [`successors`].

use super::geography::geography;
use super::{AdminUnit, Province, Site, Successor, draft};
use crate::diagnostic::Diagnostic;

/// The site a build publishes: `site` without its drafts, its cross-references made anew,
/// and a warning for each draft left out.
pub fn publish(mut site: Site) -> (Site, Vec<Diagnostic>) {
    let warnings = draft::warnings(&site, "left out of the build");
    site.provinces.retain(|p| p.draft.is_empty());
    site.pages.retain(|p| p.draft.is_empty());
    for p in &mut site.provinces {
        p.translations.retain(|(_, t)| t.draft.is_empty());
        p.editions.retain(|e| e.draft.is_empty());
        for e in &mut p.editions {
            e.translations.retain(|(_, t)| t.draft.is_empty());
        }
    }
    for p in &mut site.pages {
        p.translations.retain(|(_, t)| t.draft.is_empty());
    }
    site.successors = successors(&site.provinces);
    (site, warnings)
}

/// The units from 2025 whose former units have pages among `provinces`, with those pages,
/// in table order.
pub fn successors(provinces: &[Province]) -> Vec<Successor> {
    let geo = geography();
    let page_of = |f: usize| {
        provinces
            .iter()
            .find(|p| p.unit == Some(AdminUnit::Before2025(f)))
            .map(Province::id)
    };
    (0..geo.units.len())
        .filter_map(|unit| {
            let predecessors: Vec<_> = (0..geo.former.len())
                .filter(|&f| geo.former[f].successor == unit)
                .map(|f| (f, page_of(f)))
                .collect();
            predecessors
                .iter()
                .any(|(_, p)| p.is_some())
                .then(|| Successor {
                    unit,
                    predecessors,
                    pages: provinces
                        .iter()
                        .filter(|p| p.unit == Some(AdminUnit::From2025(unit)))
                        .map(Province::id)
                        .collect(),
                })
        })
        .collect()
}
