//! Validation's one path, for `build`, `check` and the preview alike: each province read and
//! validated in one task, so that only the provinces in flight hold their raw files, and
//! what each task found kept by province ([`Findings`]), so that after an edit the preview
//! reads and checks again only the provinces it touched.

use rayon::prelude::*;

use super::provinces::{Claims, check_name_collisions, check_unit_collisions, province};
use super::{Lookup, catalog, config, pages, sources, successors};
use crate::content::{self, Loaded, LoadedProvince, SiteDir};
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::model::{Province, Site, inputs};

/// What validation found about one province.
#[derive(Debug, Default)]
struct Found {
    /// Problems reading its files.
    reading: Vec<Diagnostic>,
    /// Problems of the province itself (rules across provinces run on `claims`).
    own: Vec<Diagnostic>,
    /// What it claims that no other province may claim too.
    claims: Option<Claims>,
    /// Facts its prose states as current (warnings of the publish step, which reports them
    /// for a site that loaded): found once, as its bodies are read.
    undated: Vec<Diagnostic>,
}

/// One province's task done: the province when it is usable, and what was found.
struct Checked {
    slug: String,
    province: Option<Province>,
    found: Found,
}

/// Validates `p`, read with the problems `reading`. Without a lookup (the catalog or the
/// sources did not load, so every id would look unknown) only its claims are taken.
fn check_one(p: &LoadedProvince, reading: Vec<Diagnostic>, ctx: Option<&Lookup>) -> Checked {
    let mut own = Vec::new();
    let province = ctx.and_then(|ctx| province(p, ctx, &mut own));
    let undated = province
        .as_ref()
        .map_or_else(Vec::new, |p| markdown::undated_in(p.bodies()));
    Checked {
        slug: p.slug.clone(),
        province,
        found: Found {
            reading,
            own,
            claims: Claims::of(p),
            undated,
        },
    }
}

/// Reads province folder `dir` (named `slug`) and validates it, in one task: its raw files
/// are dropped as soon as its typed values exist.
fn load_and_check(
    site: &SiteDir,
    slug: String,
    dir: std::path::PathBuf,
    ctx: Option<&Lookup>,
) -> Checked {
    let (p, reading) = content::load_province(site, slug, dir);
    check_one(&p, reading, ctx)
}

/// What validation found, by province, with the site folder it read: after an edit only
/// the provinces it touched are read and checked again ([`Findings::recheck`]).
#[derive(Debug)]
pub struct Findings {
    dir: SiteDir,
    /// Problems outside the provinces: config, catalog, sources, free pages.
    shared: Vec<Diagnostic>,
    /// Facts the free pages state as current.
    pages_undated: Vec<Diagnostic>,
    /// Each province's findings by folder name, sorted (the order claims are compared in).
    provinces: Vec<(String, Found)>,
}

/// Reads and validates each province in one task (`dirs`, the province folders
/// [`content::load_shared`] listed beside `loaded`, which holds what they share). Returns
/// the site (when the config, catalog and sources could be read at all), every problem of
/// reading and validation, and the findings the preview keeps.
pub fn load_and_validate(
    loaded: Loaded,
    dirs: content::ProvinceDirs,
) -> (Option<Site>, Vec<Diagnostic>, Findings) {
    let site_dir = loaded.dir.clone();
    validate_all(&loaded, dirs, |(slug, dir), ctx| {
        load_and_check(&site_dir, slug, dir, ctx)
    })
}

/// Validates a site whose provinces are already read into `loaded` (an import checks the
/// files it is about to write), through the same per-province task as
/// [`load_and_validate`]. The problems of reading them are the caller's.
pub fn validate(loaded: &Loaded) -> (Option<Site>, Vec<Diagnostic>) {
    let provinces: Vec<&LoadedProvince> = loaded.provinces.iter().collect();
    let (site, diags, _) = validate_all(loaded, provinces, |p, ctx| check_one(p, Vec::new(), ctx));
    (site, diags)
}

/// Validates what the provinces share, then each province with `task`, in parallel.
fn validate_all<T: Send>(
    loaded: &Loaded,
    provinces: Vec<T>,
    task: impl Fn(T, Option<&Lookup>) -> Checked + Sync,
) -> (Option<Site>, Vec<Diagnostic>, Findings) {
    let mut shared = Vec::new();
    let diags = &mut shared;
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
    let pages_undated = markdown::undated_in(pages.iter().flat_map(|p| p.bodies()));
    // Without the catalog or the sources every id would look unknown: one broken
    // indicators.yaml would bury its own error under one error per observation. The
    // provinces are still read, for the problems of their files.
    let references_known = loaded.catalog.is_some() && loaded.sources.is_some();
    let ctx = references_known.then_some(&ctx);
    let checked: Vec<Checked> = provinces.into_par_iter().map(|p| task(p, ctx)).collect();
    let mut findings = Findings {
        dir: loaded.dir.clone(),
        shared,
        pages_undated,
        provinces: Vec::with_capacity(checked.len()),
    };
    let mut provinces: Vec<Province> = Vec::with_capacity(checked.len());
    for c in checked {
        provinces.extend(c.province);
        findings.provinces.push((c.slug, c.found));
    }
    findings.provinces.sort_by(|a, b| a.0.cmp(&b.0));
    provinces.sort_by(|a, b| a.slug.cmp(&b.slug));
    let diags = findings.all();
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
    /// Reads and checks the provinces `slugs` again after an edit (a folder that is gone
    /// leaves the site), against `site`'s catalog and sources, which the edit left alone.
    /// Returns those provinces, validated, and every problem of the site: the list
    /// [`load_and_validate`] would give.
    pub fn recheck(&mut self, site: &Site, slugs: &[String]) -> (Vec<Province>, Vec<Diagnostic>) {
        let ctx =
            Lookup::new(&site.indicators, &site.sources).with_raw_html(site.config.allow_raw_html);
        let dir = &self.dir;
        let checked: Vec<Checked> = slugs
            .par_iter()
            .filter_map(|slug| {
                let rel = inputs::province_dir(slug);
                let present = dir.root().join(&rel).is_dir();
                present.then(|| load_and_check(dir, slug.clone(), rel, Some(&ctx)))
            })
            .collect();
        self.provinces.retain(|(s, _)| !slugs.contains(s));
        let mut provinces = Vec::new();
        for c in checked {
            provinces.extend(c.province);
            let at = self.provinces.partition_point(|(s, _)| *s < c.slug);
            self.provinces.insert(at, (c.slug, c.found));
        }
        (provinces, self.all())
    }

    /// The warnings of facts stated as current, in every body of the site validation
    /// returned (its provinces, drafts too, and its free pages): what checking each body
    /// of that site gives, in the site's order. The provinces whose validation failed
    /// have none, as they are not in the site.
    pub fn undated(&self) -> Vec<Diagnostic> {
        let provinces = self.provinces.iter().flat_map(|(_, f)| f.undated.iter());
        provinces.chain(&self.pages_undated).cloned().collect()
    }

    /// Every problem: the kept ones and those across provinces, which any edit can change.
    fn all(&self) -> Vec<Diagnostic> {
        let mut diags = self.shared.clone();
        for (_, found) in &self.provinces {
            diags.extend(found.reading.iter().cloned());
            diags.extend(found.own.iter().cloned());
        }
        let claims: Vec<&Claims> = self
            .provinces
            .iter()
            .filter_map(|(_, f)| f.claims.as_ref())
            .collect();
        check_name_collisions(&claims, &mut diags);
        check_unit_collisions(&claims, &mut diags);
        diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
    }

    fn shown(mut diags: Vec<Diagnostic>) -> Vec<String> {
        crate::diagnostic::sort(&mut diags);
        diags.iter().map(|d| format!("{d:?}")).collect()
    }

    fn slugs(site: Option<Site>) -> Option<Vec<String>> {
        site.map(|s| s.provinces.into_iter().map(|p| p.slug).collect())
    }

    /// `root` read and validated the way `build`, `check` and the preview do.
    fn one_path(root: &Path) -> (Option<Site>, Vec<Diagnostic>, Findings) {
        let (shared, dirs, mut diags) = content::load_shared(root);
        let (site, more, findings) = load_and_validate(shared, dirs);
        diags.extend(more);
        (site, diags, findings)
    }

    #[test]
    fn the_kept_model_holds_no_spare_room() {
        let (site, _, _) = one_path(&fixtures().join("good"));
        let site = site.unwrap();
        let mut series = 0;
        for p in &site.provinces {
            assert_eq!(p.series.capacity(), p.series.len(), "{}", p.slug);
            for s in &p.series {
                series += 1;
                assert_eq!(s.observations.capacity(), s.observations.len());
            }
        }
        assert!(series > 5, "{series}");
    }

    #[test]
    fn an_import_validates_read_provinces_as_a_build_reads_and_validates_them() {
        let bad = std::fs::read_dir(fixtures().join("bad")).unwrap();
        let mut roots: Vec<_> = bad.map(|e| e.unwrap().path()).collect();
        roots.sort();
        roots.extend(["good", "good-min", "reorg"].map(|f| fixtures().join(f)));
        let mut problems = 0;
        for root in roots {
            let (loaded, mut read_first) = content::load(&root);
            let (site, more) = validate(&loaded);
            read_first.extend(more);
            let (one_site, in_one, _) = one_path(&root);
            problems += in_one.len();
            assert_eq!(shown(in_one), shown(read_first), "{}", root.display());
            assert_eq!(slugs(one_site), slugs(site), "{}", root.display());
        }
        assert!(problems > 100, "{problems}");
    }

    fn copy_site(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    #[test]
    fn a_recheck_reads_the_edited_province_again_and_finds_what_a_full_run_finds() {
        let tmp = tempfile::tempdir().unwrap();
        copy_site(&fixtures().join("good"), tmp.path());
        let (site, diags, mut findings) = one_path(tmp.path());
        let site = site.unwrap();
        // alpha's claim warning, and dak-lak's: it declares no unit, so it is on no map.
        assert_eq!(diags.len(), 2, "{diags:?}");
        // An edit gives dak-lak an unknown source and a second `alpha` a taken name.
        let dak_lak = tmp.path().join("content/provinces/dak-lak");
        for file in ["index.md", "metrics.yaml"] {
            let text = std::fs::read_to_string(dak_lak.join(file)).unwrap();
            let text = text.replacen("source: daklak-2019", "source: daklak-2091", 1);
            std::fs::write(dak_lak.join(file), text).unwrap();
        }
        let (provinces, rechecked) = findings.recheck(&site, &["dak-lak".into()]);
        assert_eq!(provinces.len(), 1);
        let (_, full, _) = one_path(tmp.path());
        assert_eq!(shown(rechecked), shown(full.clone()));
        assert_eq!(full.len(), 3, "{full:?}");
        // A province whose folder is gone leaves the site and its problems with it.
        std::fs::remove_dir_all(&dak_lak).unwrap();
        let (provinces, rechecked) = findings.recheck(&site, &["dak-lak".into()]);
        assert!(provinces.is_empty());
        let (_, full, _) = one_path(tmp.path());
        assert_eq!(shown(rechecked), shown(full.clone()));
        assert_eq!(full.len(), 1, "{full:?}");
    }

    /// `diags` in their order, each in full.
    fn listed(diags: Vec<Diagnostic>) -> Vec<String> {
        diags.iter().map(|d| format!("{d:?}")).collect()
    }

    /// What checking every body of `site` for facts stated as current gives (the check as
    /// the publish step ran it before validation kept each province's warnings).
    fn undated_of_every_body(site: &Site) -> Vec<String> {
        let bodies = site.bodies().into_iter().map(|(b, _)| b);
        listed(markdown::undated_in(bodies))
    }

    #[test]
    fn a_recheck_keeps_the_facts_stated_as_current_a_full_run_finds() {
        let tmp = tempfile::tempdir().unwrap();
        copy_site(&fixtures().join("good"), tmp.path());
        let provinces = tmp.path().join("content/provinces");
        for (file, text) in [
            ("alpha/index.md", "\nHiện nay tỉnh có 3 cổng.\n"),
            ("dak-lak/index.md", "\nĐến nay, tỉnh có 12 đơn vị.\n"),
            ("../about.md", "\nThe page is a test today.\n"),
        ] {
            let old = std::fs::read_to_string(provinces.join(file)).unwrap();
            std::fs::write(provinces.join(file), old + text).unwrap();
        }
        let (site, _, mut findings) = one_path(tmp.path());
        let site = site.unwrap();
        let full = undated_of_every_body(&site);
        assert_eq!(listed(findings.undated()), full);
        assert_eq!(full.len(), 3, "{full:?}");
        // dak-lak's marker moves and a second one comes; alpha's and the page's stay.
        let index = provinces.join("dak-lak/index.md");
        let text = std::fs::read_to_string(&index).unwrap().replace(
            "Đến nay, tỉnh có 12 đơn vị.",
            "Tỉnh có 12 đơn vị.\n\nHiện tại, Sở có 4 phòng. Currently 4.",
        );
        std::fs::write(&index, text).unwrap();
        let (fresh, _) = findings.recheck(&site, &["dak-lak".into()]);
        let (again, _, _) = one_path(tmp.path());
        let again = undated_of_every_body(&again.unwrap());
        assert_eq!(listed(findings.undated()), again);
        assert_eq!(again.len(), 4, "{again:?}");
        assert_eq!(listed(markdown::undated_in(fresh[0].bodies())).len(), 2);
        // A province whose folder is gone takes its warnings with it.
        std::fs::remove_dir_all(provinces.join("dak-lak")).unwrap();
        findings.recheck(&site, &["dak-lak".into()]);
        let (gone, _, _) = one_path(tmp.path());
        assert_eq!(
            listed(findings.undated()),
            undated_of_every_body(&gone.unwrap())
        );
        assert_eq!(findings.undated().len(), 2);
    }
}
