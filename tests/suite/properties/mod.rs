//! Whole-site property tests: the promises of `shared/PROMISES.md` checked on random valid
//! sites that combine every feature (see [`sites`]), not only on the fixtures we thought of.
//!
//! On every generated site, for every base URL of [`sites::BASE_URLS`]:
//! - no panic and no hang (each case has a time limit);
//! - `check` passes if and only if `build` succeeds;
//! - drafts are metamorphic: the site builds byte-identical to the same site without its
//!   draft files (or both fail);
//! - every XML and SVG file parses; every internal link and anchor resolves;
//! - every derived figure carries its mark (†) wherever it is printed, and its provenance in
//!   the downloads;
//! - on a site with the PDF edition (under the first base URL): every published province has
//!   its PDF in each language, linked from its page, and Typst's special characters in its
//!   summary print literally (`pdf_checks.rs`); the drafts' metamorphic check covers the PDFs;
//!
//! and, once per site: `export` then `import` changes nothing, an import's `--dry-run` lists
//! exactly the files the import writes; a random sequence of edits under the preview ends
//! with the preview's folder equal to a fresh preview of the edited site.
//!
//! Knobs: `ICTREPORT_PROPTEST_CASES` (sites per run, 12 by default),
//! `ICTREPORT_PROPTEST_PROVINCES` (largest site, 12 by default, up to 24),
//! `ICTREPORT_PROPTEST_SECONDS` (time limit per case, 120 by default, twice that for a site
//! with the PDF edition). A failing case is
//! shrunk; proptest saves its seed beside this file (`mod.proptest-regressions`, rerun first
//! on every later run) and the smallest failing site is written to
//! `target/property-failures/` to be kept as a fixture.

pub mod checks;
pub mod computed;
mod office;
#[cfg(feature = "pdf")]
mod pdf_checks;
mod sites;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError};

use crate::common::tree;
use sites::{Edit, SiteSpec};

fn knob(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config() -> Config {
    Config {
        cases: knob("ICTREPORT_PROPTEST_CASES", 12),
        // Shrinking rebuilds the site each step: bounded so that a failure reports in minutes.
        max_shrink_iters: 100,
        max_shrink_time: 180_000,
        failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_promise_holds_on_generated_sites(
        spec in sites::site_strategy(),
        edits in sites::edits_strategy(),
    ) {
        with_time_limit(spec, edits)?;
    }
}

/// Runs the case on its own thread, failing it when it panics or outlives the time limit.
fn with_time_limit(spec: SiteSpec, edits: Vec<Edit>) -> Result<(), TestCaseError> {
    // A site with the PDF edition typesets it twice (with and without its drafts).
    let seconds = knob("ICTREPORT_PROPTEST_SECONDS", 120) * if spec.pdf { 2 } else { 1 };
    let (tx, rx) = mpsc::channel();
    let for_thread = spec.clone();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| run_case(&for_thread, &edits));
        let _ = tx.send(result);
    });
    let outcome = match rx.recv_timeout(Duration::from_secs(u64::from(seconds))) {
        Ok(Ok(Ok(()))) => return Ok(()),
        Ok(Ok(Err(problem))) => problem,
        Ok(Err(panic)) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            format!("panicked: {what}")
        }
        Err(_) => format!("no answer within {seconds} s (a hang?)"),
    };
    keep_failure(&spec);
    Err(TestCaseError::fail(outcome))
}

/// Writes the failing site (drafts included) where a developer can build it by hand; the
/// last one written is the shrunk case.
fn keep_failure(spec: &SiteSpec) {
    let dir = crate::common::repo().join("target/property-failures/last");
    let _ = std::fs::remove_dir_all(&dir);
    spec.write(&dir, true);
}

/// Every property on one generated site.
fn run_case(spec: &SiteSpec, edits: &[Edit]) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let with = tmp.path().join("site");
    let without = tmp.path().join("site-without-drafts");
    spec.write(&with, true);
    spec.write(&without, false);
    let figures = spec.published_figures();
    for (k, base) in sites::BASE_URLS.iter().enumerate() {
        set_base_url(spec, &with, base);
        set_base_url(spec, &without, base);
        let checked = ictreport::check(&with);
        let out_with = tmp.path().join(format!("out-{k}"));
        let out_without = tmp.path().join(format!("out-{k}-without"));
        // The PDF edition under the first base URL only: typesetting is the slow part.
        let pdf = spec.pdf && k == 0;
        let built = build(&with, &out_with, pdf);
        let built_without = build(&without, &out_without, pdf);
        // Only a link to a draft makes a generated site invalid.
        let valid = !spec.provinces.iter().any(|p| p.links_to_a_draft(spec));
        if let (true, Err(f)) = (valid, &checked) {
            return Err(format!(
                "base {base}: `check` refuses a valid generated site:\n{}",
                messages(&f.diagnostics)
            ));
        }
        match (&checked, &built) {
            (Ok(_), Err(errors)) => {
                return Err(format!(
                    "base {base}: `check` passed but `build` failed:\n{errors}"
                ));
            }
            (Err(f), Ok(())) => {
                return Err(format!(
                    "base {base}: `build` succeeded but `check` failed:\n{}",
                    messages(&f.diagnostics)
                ));
            }
            _ => {}
        }
        match (&built, &built_without) {
            (Ok(()), Ok(())) => {
                let (a, b) = (tree(&out_with), tree(&out_without));
                let differ: Vec<&String> = a
                    .keys()
                    .chain(b.keys())
                    .filter(|p| a.get(*p) != b.get(*p))
                    .collect();
                if !differ.is_empty() {
                    return Err(format!(
                        "base {base}: drafts reach the output: {} files differ from the \
                         build without drafts: {:?}",
                        differ.len(),
                        differ.iter().take(12).collect::<Vec<_>>()
                    ));
                }
            }
            (Err(e), Err(_)) => {
                if std::env::var("ICTREPORT_PROPTEST_DEBUG").is_ok() {
                    eprintln!("base {base}: build failed:\n{e}");
                }
                continue;
            }
            (Ok(()), Err(e)) => {
                return Err(format!(
                    "base {base}: the site builds, but not without its drafts:\n{e}"
                ));
            }
            (Err(e), Ok(())) => {
                return Err(format!(
                    "base {base}: the site without drafts builds, but not with them:\n{e}"
                ));
            }
        }
        let mut problems = checks::xml_errors(&out_with);
        problems.extend(crate::common::broken_links(&out_with, &base_path(base)));
        problems.extend(checks::unmarked_derived(&out_with, &figures, spec.english));
        problems.extend(checks::undrawn_derived(&out_with));
        problems.extend(computed_unmarked(&with, &out_with, spec.english));
        #[cfg(feature = "pdf")]
        if pdf {
            problems.extend(pdf_checks::pdf_edition(&out_with, spec, &base_path(base)));
        }
        if !problems.is_empty() {
            return Err(format!(
                "base {base}: {} problems in the output:\n{}",
                problems.len(),
                problems
                    .iter()
                    .take(20)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    set_base_url(spec, &with, "/");
    import_round_trip(&with, tmp.path())?;
    office::office_round_trip(&with, &tmp.path().join("so-lieu.csv"), tmp.path())?;
    preview_after_edits(spec, &with, edits, tmp.path())
}

/// Every value the site in `root` computes (see [`computed`]) printed in `out` without its †.
fn computed_unmarked(root: &Path, out: &Path, english: bool) -> Vec<String> {
    let (loaded, _) = ictreport::content::load(root);
    let (Some(site), _) = ictreport::validate::validate(&loaded) else {
        return vec!["the site builds but does not validate".into()];
    };
    let mut langs = vec![ictreport::model::Lang::Vi];
    if english {
        langs.push(ictreport::model::Lang::En);
    }
    computed::unmarked_computed(out, &site, &langs, Some(root))
}

/// `export` then `import` of the same site changes nothing; an import that restores a
/// province's figures writes exactly the files its dry run lists, and only those.
fn import_round_trip(root: &Path, tmp: &Path) -> Result<(), String> {
    use ictreport::sheet::{ExportOptions, ImportOptions, Layout};
    let book = tmp.join("so-lieu.csv");
    let exported = ictreport::sheet::export(&ExportOptions {
        root: root.to_path_buf(),
        file: book.clone(),
        layout: Layout::Long,
        template: false,
        year: None,
        force: false,
    });
    if exported.is_err() {
        // A site that does not validate has nothing to export.
        return Ok(());
    }
    let import = |root: &Path, dry_run: bool| {
        ictreport::sheet::import(&ImportOptions {
            root: root.to_path_buf(),
            file: book.clone(),
            sheet: None,
            dry_run,
            source: None,
            out_of: None,
        })
        .map_err(|f| messages(&f.diagnostics))
    };
    let before = tree(root);
    let same = import(root, false).map_err(|e| format!("re-import of the export failed:\n{e}"))?;
    if !same.written.is_empty() || tree(root) != before {
        return Err(format!(
            "export then import changed files: {:?}",
            same.files()
        ));
    }
    // One province loses its figures; the import puts them back.
    let Some(metrics) = before
        .keys()
        .find(|k| k.ends_with("metrics.yaml") && before[*k] != b"{}\n")
        .cloned()
    else {
        return Ok(());
    };
    std::fs::write(root.join(&metrics), "{}\n").unwrap();
    let emptied = tree(root);
    let planned = import(root, true).map_err(|e| format!("dry run failed:\n{e}"))?;
    if tree(root) != emptied {
        return Err("the dry run wrote files".into());
    }
    let done = import(root, false).map_err(|e| format!("import failed:\n{e}"))?;
    let after = tree(root);
    let changed: Vec<PathBuf> = after
        .keys()
        .filter(|k| emptied.get(*k) != after.get(*k))
        .map(PathBuf::from)
        .collect();
    let (planned, done) = (planned.files(), done.files());
    if planned != done || done != changed {
        return Err(format!(
            "the dry run listed {planned:?}, the import reported {done:?} and changed {changed:?}"
        ));
    }
    // The restored file may be laid out as `import` writes files; its figures are the same.
    let again = tmp.join("so-lieu-again.csv");
    ictreport::sheet::export(&ExportOptions {
        root: root.to_path_buf(),
        file: again.clone(),
        layout: Layout::Long,
        template: false,
        year: None,
        force: false,
    })
    .map_err(|f| {
        format!(
            "export after the import failed:\n{}",
            messages(&f.diagnostics)
        )
    })?;
    if std::fs::read(&again).ok() != std::fs::read(&book).ok() {
        return Err(format!(
            "the import did not restore the figures of {metrics}"
        ));
    }
    Ok(())
}

/// Starts a preview of `root`, applies `edits` one by one as the watcher would report
/// them, and compares its folder with a fresh preview of the result.
fn preview_after_edits(
    spec: &SiteSpec,
    root: &Path,
    edits: &[Edit],
    tmp: &Path,
) -> Result<(), String> {
    let served = tmp.join("served");
    let Some(mut session) = preview(root, &served) else {
        // A site that does not build has no preview to edit.
        return Ok(());
    };
    for edit in edits {
        let changed = spec.apply(root, edit);
        if changed.is_empty() {
            continue;
        }
        // A failed rebuild keeps the last good site: the next edit starts from it.
        if session.apply(&changed).is_ok() && session.has_deferred() {
            session
                .finish_deferred()
                .map_err(|d| format!("deferred work failed after {edit:?}: {d:?}"))?;
        }
    }
    let fresh = tmp.join("fresh");
    if preview(root, &fresh).is_none() {
        return Ok(());
    }
    let (a, b) = (tree(&served), tree(&fresh));
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|p| a.get(*p) != b.get(*p))
        .collect();
    if differ.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "after the edits {edits:?} the preview differs from a fresh preview in {} files: {:?}",
            differ.len(),
            differ.iter().take(12).collect::<Vec<_>>()
        ))
    }
}

/// A preview session of `root` writing into `out`, after its first build; `None` when the
/// site does not build.
fn preview(root: &Path, out: &Path) -> Option<ictreport::serve::Session> {
    let claimed = ictreport::output::claim(root, out).ok()?;
    let mut session = ictreport::serve::Session::new(root, &claimed).with_pdf(false);
    session.full("first").ok()?;
    if session.has_deferred() {
        session.finish_deferred().ok()?;
    }
    Some(session)
}

fn set_base_url(spec: &SiteSpec, root: &Path, base: &str) {
    std::fs::write(root.join("site.yaml"), spec.site_yaml(base)).unwrap();
}

/// The path part of a base URL (`/bao-cao/` of `https://example.github.io/bao-cao/`).
fn base_path(base: &str) -> String {
    match base.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/".into(), |i| rest[i..].to_string()),
        None => base.to_string(),
    }
}

/// Builds `root` into `out`, with the PDF edition when `pdf` and the site has it.
fn build(root: &Path, out: &Path, pdf: bool) -> Result<(), String> {
    ictreport::build(&ictreport::BuildOptions {
        root: root.to_path_buf(),
        output: Some(PathBuf::from(out)),
        base_url: None,
        broken_links_are_warnings: false,
        pdf,
    })
    .map(|_| ())
    .map_err(|f| messages(&f.diagnostics))
}

fn messages(diags: &[ictreport::diagnostic::Diagnostic]) -> String {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
