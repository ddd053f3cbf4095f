//! A build's validation: each province read and validated in one task, so that only the
//! provinces in flight hold their raw files (the preview keeps them, see `validate_keeping`).

use rayon::prelude::*;

use super::provinces::{Claims, check_name_collisions, check_unit_collisions};
use super::{check_province, validate_with};
use crate::content::{self, Loaded};
use crate::diagnostic::Diagnostic;
use crate::model::Site;

/// Reads and validates each province in one task, for a build, which reads the files
/// once: `loaded` holds what the provinces share ([`content::load_shared`]) and `dirs` the
/// province folders. A province's raw files are dropped as soon as its typed values exist,
/// so only the provinces in flight hold them. The problems of every province are returned,
/// reading and validation alike.
pub fn load_and_validate(
    loaded: Loaded,
    dirs: content::ProvinceDirs,
) -> (Option<Site>, Vec<Diagnostic>) {
    let site_dir = loaded.dir.clone();
    let load = |(slug, dir)| content::load_province(&site_dir, slug, dir);
    let mut claims = Vec::new();
    let mut reading = Vec::new();
    let mut collect = |claimed: Option<Claims>, problems: Vec<Diagnostic>| {
        claims.extend(claimed);
        reading.extend(problems);
    };
    let references_known = loaded.catalog.is_some() && loaded.sources.is_some();
    let mut dirs = Some(dirs);
    let (site, mut diags, _) = validate_with(&loaded, |ctx| {
        let checked: Vec<_> = dirs
            .take()
            .unwrap_or_default()
            .into_par_iter()
            .map(|d| {
                let (p, problems) = load(d);
                (check_province(&p, ctx), Claims::of(&p), problems)
            })
            .collect();
        checked
            .into_iter()
            .map(|(checked, claimed, problems)| {
                collect(claimed, problems);
                checked
            })
            .collect()
    });
    // Without the catalog or the sources nothing is validated; the provinces are still
    // read, for the problems of their files.
    if !references_known {
        let read: Vec<_> = dirs
            .take()
            .unwrap_or_default()
            .into_par_iter()
            .map(|d| {
                let (p, problems) = load(d);
                (Claims::of(&p), problems)
            })
            .collect();
        for (claimed, problems) in read {
            collect(claimed, problems);
        }
    }
    diags.extend(reading);
    check_name_collisions(&claims, &mut diags);
    check_unit_collisions(&claims, &mut diags);
    (site, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate;

    #[test]
    fn reading_and_validating_each_province_in_one_task_finds_what_two_stages_find() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let bad = std::fs::read_dir(fixtures.join("bad")).unwrap();
        let mut roots: Vec<_> = bad.map(|e| e.unwrap().path()).collect();
        roots.sort();
        roots.extend(["good", "good-min", "reorg"].map(|f| fixtures.join(f)));
        let shown = |mut diags: Vec<Diagnostic>| {
            crate::diagnostic::sort(&mut diags);
            diags.iter().map(|d| format!("{d:?}")).collect::<Vec<_>>()
        };
        let slugs = |site: Option<Site>| {
            site.map(|s| s.provinces.into_iter().map(|p| p.slug).collect::<Vec<_>>())
        };
        let mut problems = 0;
        for root in roots {
            let (loaded, mut reading) = content::load(&root);
            let (site, more) = validate(&loaded);
            reading.extend(more);
            let (shared, dirs, mut in_one) = content::load_shared(&root);
            let (one_site, more) = load_and_validate(shared, dirs);
            in_one.extend(more);
            problems += reading.len();
            assert_eq!(shown(in_one), shown(reading), "{}", root.display());
            assert_eq!(slugs(one_site), slugs(site), "{}", root.display());
        }
        assert!(problems > 100, "{problems}");
    }
}
