//! The publish stage: what a build publishes, decided before any cross-reference is made.
//!
//! Drafts (provinces, pages, dated editions, translations) leave the site first; only then
//! are the references between provinces computed (the pages of the units from 2025 and
//! their former provinces). Everything rendered afterwards (lists, colours, comparisons,
//! feeds, search, downloads) sees the published site only, so a build of a site with drafts
//! equals a build of the same site without the draft files. `build` and `check` (for its
//! link plan) go through [`publish`]; the preview keeps its drafts but computes the same
//! cross-references with [`successors`]. The references themselves live here too: a
//! province is its [`ProvinceId`], a unit of 2025 its index in the static table.

use super::geography::geography;
use super::{AdminUnit, Province, Site, draft, geography};
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
                    unit: UnitId(unit),
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

/// A province by its slug, which stays the same when other provinces are left out (a
/// position in `Site::provinces` does not).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProvinceId(pub String);

/// A provincial unit from 1 July 2025: its index in the static table `geography().units`,
/// which nothing filters or reorders, so it stays the unit's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitId(pub usize);

/// A free page by its slug, which stays the same when draft pages are left out.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub String);

/// A unit from 2025 that some province pages were predecessors of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Successor {
    pub unit: UnitId,
    /// Every former unit of it (index into `geography().former`), with its province page
    /// when the site has one.
    pub predecessors: Vec<(usize, Option<ProvinceId>)>,
    /// Province pages about the unit itself (declared `unit_from_2025`).
    pub pages: Vec<ProvinceId>,
}

impl Province {
    /// The province's identity, which no filtering of the province list changes.
    pub fn id(&self) -> ProvinceId {
        ProvinceId(self.slug.clone())
    }
}

impl super::Page {
    /// The page's identity.
    pub fn id(&self) -> PageId {
        PageId(self.slug.clone())
    }
}

impl Province {
    /// The earlier edition dated `year` (a province has at most one a year).
    pub fn edition(&self, year: super::Year) -> Option<&super::Edition> {
        self.editions.iter().find(|e| e.year == year)
    }

    /// The position of that edition in `editions`.
    pub fn edition_index(&self, year: super::Year) -> Option<usize> {
        self.editions.iter().position(|e| e.year == year)
    }
}

impl Site {
    /// The free page `id`, when it is in the site (drafts are not, in a build).
    pub fn page(&self, id: &PageId) -> Option<&super::Page> {
        self.pages.iter().find(|p| p.slug == id.0)
    }

    /// Unit `unit` of the 2025 reorganisation.
    pub fn successor_unit(&self, unit: UnitId) -> &geography::Unit {
        &geography::geography().units[unit.0]
    }

    /// The successor page of unit `unit`, when the site has one.
    pub fn successor(&self, unit: UnitId) -> Option<&Successor> {
        self.successors
            .binary_search_by_key(&unit, |s| s.unit)
            .ok()
            .map(|k| &self.successors[k])
    }

    /// The unit from 2025 a province is about or became part of, when the site has its page.
    pub fn successor_of(&self, p: &Province) -> Option<UnitId> {
        let unit = match p.unit? {
            AdminUnit::Before2025(f) => geography::geography().former[f].successor,
            AdminUnit::From2025(u) => u,
        };
        self.successor(UnitId(unit)).map(|s| s.unit)
    }

    /// The province `id`, when it is in the site (drafts are not, in a build).
    pub fn province(&self, id: &ProvinceId) -> Option<&Province> {
        self.provinces
            .binary_search_by(|p| p.slug.as_str().cmp(&id.0))
            .ok()
            .map(|i| &self.provinces[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaving_out_a_draft_keeps_every_other_reference() {
        let mut site = crate::validate::bundled_site();
        // Make the first province (by slug) a draft: every later one moves up the list.
        let first = site.provinces[0].id();
        let reason = draft::text_reasons(&site.provinces[0].body, true);
        site.provinces[0].draft = reason;
        let before: Vec<_> = site.successors.clone();
        let (published, warnings) = publish(site);
        assert_eq!(warnings.len(), 1);
        assert!(published.province(&first).is_none());
        for s in &published.successors {
            let ids = s.predecessors.iter().filter_map(|(_, p)| p.as_ref());
            for id in ids.chain(&s.pages) {
                // Each reference finds the province it names, by its slug.
                assert_eq!(published.province(id).map(|p| &p.slug), Some(&id.0));
                assert_ne!(*id, first);
            }
            assert!(before.iter().any(|b| b.unit == s.unit));
        }
    }
}
