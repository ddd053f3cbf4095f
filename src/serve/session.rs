//! The preview's build state: the loaded site kept in memory, and rebuilds that redo only
//! what an edit touches.
//!
//! A province edit reloads that province's files and checks only that province again, then
//! renders only the pages that show what changed: its own page, the pages of the indicators
//! whose figures changed (all of its indicators if its name changed), the lists, sources and
//! home pages, and pages whose Markdown embeds a comparison chart. Its downloads, the feeds
//! and the search index follow after the reload message. Any other edit (catalog, sources,
//! config, theme, free pages) renders everything, the search index after the reload. Files
//! are written only when their bytes change and files no build would produce are removed,
//! so the output folder always equals what a full build of the same input gives.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::classify::{Change, classify};
use crate::diagnostic::{self, Diagnostic};
use crate::model::{Province, Site};
use crate::output::{self, OutputDir};
use crate::pipeline::{Mode, Pipeline};
use crate::render::plan::{self, Shape, changed_indicators, expected_files};
use crate::render::{self, Memo, Plan, Sink, Theme};
use crate::validate::Findings;

/// What a rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Pages rendered (both languages count).
    pub pages: usize,
    /// Files whose bytes changed and were written.
    pub written: usize,
    /// Files removed because no build produces them any more.
    pub removed: usize,
    pub elapsed: Duration,
    /// What the edit was classified as.
    pub scope: String,
    /// What the rebuild warns of (the publish step's warnings, as `build` gives them).
    pub warnings: Vec<Diagnostic>,
}

/// Writes files in place, only when their content changes, each through a temporary file
/// and a rename so a reader never sees half a file. Records every path it was given.
struct InPlace {
    dir: PathBuf,
    seen: Mutex<BTreeSet<String>>,
    written: AtomicUsize,
}

impl Sink for InPlace {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(path.to_string());
        }
        if output::write_if_changed(&self.dir, path, bytes)? {
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    fn write_streamed(&self, path: &str, fill: output::Fill<'_>) -> io::Result<()> {
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(path.to_string());
        }
        if output::write_streamed_if_changed(&self.dir, path, fill)? {
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}

/// The preview state. `site` is the last good build's; after a failed rebuild it stays, and
/// so does the output folder.
pub struct Session {
    root: PathBuf,
    output: PathBuf,
    /// The stages, in preview mode: drafts shown, the prose checked as a build checks it.
    pipeline: Pipeline,
    site: Option<Site>,
    theme: Option<Theme>,
    /// What validation found per province, so a province edit rechecks only that province;
    /// `None` until a full load succeeds, so that the next edit loads everything again.
    findings: Option<Findings>,
    /// Provinces reloaded since the last good build whose rebuild failed: the next province
    /// rebuild takes them in too.
    pending: BTreeSet<String>,
    memo: Memo,
    /// Every file the last good build produced (relative paths).
    manifest: BTreeSet<String>,
    /// The files an earlier build left in the output folder (from its stamp): the first
    /// build may remove those it does not produce again, and nothing else.
    previous: BTreeSet<String>,
    /// What a province rebuild leaves until after the reload message: downloads, feeds and
    /// the search bundle. The page the editor looks at needs none of them, and on a large
    /// site they are most of the work.
    deferred: Option<Plan>,
}

impl Session {
    /// A session writing into `output`, which `output::claim` accepted.
    pub fn new(root: &Path, output: &OutputDir) -> Session {
        Session {
            root: root.to_path_buf(),
            output: output.real.clone(),
            pipeline: Pipeline::new(root, Mode::Preview),
            previous: output.previous.clone(),
            site: None,
            theme: None,
            findings: None,
            pending: BTreeSet::new(),
            memo: Memo::incremental(),
            manifest: BTreeSet::new(),
            deferred: None,
        }
    }

    /// The same session, writing the PDF edition or not (`serve --no-pdf`).
    pub fn with_pdf(self, pdf: bool) -> Session {
        Session {
            pipeline: self.pipeline.with_pdf(pdf),
            ..self
        }
    }

    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Loads and renders everything (the first build, and after catalog or theme edits).
    pub fn full(&mut self, scope: &str) -> Result<Stats, Vec<Diagnostic>> {
        let started = Instant::now();
        let (prepared, mut diags, findings) = self.pipeline.prepare_keeping();
        let prepared = prepared.map(|p| {
            let site = self.pipeline.publish(p.site, &p.theme, &mut diags).site;
            (site, p.theme)
        });
        let warnings = match errors_of(diags) {
            Ok(warnings) => warnings,
            Err(errors) => {
                // The next edit reloads everything again, whatever it touches.
                self.findings = None;
                return Err(errors);
            }
        };
        let Some((site, theme)) = prepared else {
            return Err(vec![Diagnostic::error(
                crate::model::inputs::CONFIG_FILE,
                "the site could not be loaded",
            )]);
        };
        // After the first build the search index waits until the reload is sent, as after a
        // province edit: on a small site it is most of the work.
        let defer_search = site.config.search && !self.manifest.is_empty();
        let mut plan = self.pipeline.full_plan(&site);
        plan.search = !defer_search;
        self.memo.clear();
        self.pending.clear();
        self.deferred = defer_search.then(|| Plan {
            search: true,
            ..Plan::default()
        });
        let files = Files::All {
            keep_search: defer_search,
        };
        let stats = match self.render(&site, &theme, &plan, files, scope, started) {
            Ok(stats) => Stats { warnings, ..stats },
            Err(errors) => {
                // As for errors above: the next edit starts from the files again.
                self.findings = None;
                self.deferred = None;
                return Err(errors);
            }
        };
        self.findings = Some(findings);
        self.site = Some(site);
        self.theme = Some(theme);
        Ok(stats)
    }

    /// Rebuilds after `paths` changed. `Ok(None)` when none of them is an input.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Option<Stats>, Vec<Diagnostic>> {
        let changes: BTreeSet<Change> = paths
            .iter()
            .map(|p| classify(&self.root, p))
            .filter(|c| *c != Change::Ignored)
            .collect();
        if changes.is_empty() {
            return Ok(None);
        }
        let everything = changes.iter().find_map(|c| match c {
            Change::Everything(what) => Some(*what),
            _ => None,
        });
        if let Some(what) = everything.or(self.findings.is_none().then_some("recovery")) {
            return self.full(what).map(Some);
        }
        let slugs: Vec<String> = changes
            .into_iter()
            .filter_map(|c| match c {
                Change::Province(s) => Some(s),
                _ => None,
            })
            .collect();
        self.provinces_changed(&slugs).map(Some)
    }

    fn provinces_changed(&mut self, edited: &[String]) -> Result<Stats, Vec<Diagnostic>> {
        let started = Instant::now();
        let (Some(mut findings), Some(mut site), Some(theme)) =
            (self.findings.take(), self.site.take(), self.theme.take())
        else {
            return self.full("recovery");
        };
        // Everything that changed since the last good build is read and checked again.
        self.pending.extend(edited.iter().cloned());
        let slugs: Vec<String> = self.pending.iter().cloned().collect();
        let t = Instant::now();
        let (fresh, diags) = findings.recheck(&site, &slugs);
        crate::progress::timing("reload and recheck provinces", t);
        if let Err(errors) = errors_of(diags) {
            self.findings = Some(findings);
            self.site = Some(site);
            self.theme = Some(theme);
            return Err(errors);
        }
        let before = Shape::of(&site);
        let mut touched = BTreeSet::new();
        for slug in &slugs {
            let old = site.provinces.iter().find(|p| p.slug == *slug);
            let new = fresh.iter().find(|p| p.slug == *slug);
            touched.extend(changed_indicators(old, new));
        }
        let replaced = swap_provinces(&mut site, &slugs, fresh);
        // Charts and values in prose may lack data now, here or (a comparison) elsewhere;
        // the publish step's warnings are said again after every edit, as a build says them.
        let t = Instant::now();
        let prose = self.pipeline.check_prose(&site, &findings);
        crate::progress::timing("check prose", t);
        self.findings = Some(findings);
        let warnings = match errors_of(prose) {
            Ok(warnings) => warnings,
            Err(errors) => {
                swap_provinces(&mut site, &slugs, replaced);
                self.site = Some(site);
                self.theme = Some(theme);
                return Err(errors);
            }
        };
        self.pending.clear();
        let after = Shape::of(&site);
        let reshaped = after != before;
        // A province's series colour is its place in the list: one added or removed
        // re-colours the others' charts, so every page is drawn again.
        let recoloured = !after.same_provinces(&before);
        let mut plan = if recoloured {
            self.pipeline.full_plan(&site)
        } else {
            self.pipeline.edit_plan(&site, &slugs, &touched)
        };
        let later = self.deferred.get_or_insert_with(Plan::default);
        later.downloads.append(&mut plan.downloads);
        later.downloads.sort();
        later.downloads.dedup();
        // The downloads page gives each PDF's size and page count: it waits for the PDFs.
        if later.downloads.iter().any(|d| d.is_pdf()) {
            let (listing, pages): (Vec<_>, Vec<_>) = std::mem::take(&mut plan.jobs)
                .into_iter()
                .partition(|j| j.kind == render::PageKind::Downloads);
            plan.jobs = pages;
            for job in listing {
                if !later.jobs.contains(&job) {
                    later.jobs.push(job);
                }
            }
        }
        later.publish |= std::mem::take(&mut plan.publish);
        later.search |= std::mem::take(&mut plan.search) && site.config.search;
        self.memo.forget_provinces(&slugs);
        if reshaped {
            // Pages that no longer exist (a removed province) leave the search index too.
            let pages: HashSet<String> = render::pages::jobs(&site)
                .iter()
                .map(|j| render::pages::job_key(&site, j))
                .collect();
            self.memo.keep_pages(&pages);
        }
        let result = self.render(
            &site,
            &theme,
            &plan,
            if reshaped {
                Files::Changed
            } else {
                Files::Same
            },
            &format!("province {}", slugs.join(", ")),
            started,
        );
        self.site = Some(site);
        self.theme = Some(theme);
        result.map(|stats| Stats { warnings, ..stats })
    }

    /// Whether `finish_deferred` has work to do.
    pub fn has_deferred(&self) -> bool {
        self.deferred.is_some()
    }

    /// Writes what a province rebuild deferred past the reload message; returns files
    /// written.
    pub fn finish_deferred(&mut self) -> Result<usize, Vec<Diagnostic>> {
        let (Some(site), Some(theme), Some(plan)) = (
            self.site.as_ref(),
            self.theme.as_ref(),
            self.deferred.take(),
        ) else {
            return Ok(0);
        };
        let sink = InPlace {
            dir: self.output.clone(),
            seen: Mutex::default(),
            written: AtomicUsize::new(0),
        };
        let (_, diags) = render::render_plan(site, theme, &plan, &sink, &mut self.memo);
        errors_of(diags)?;
        let now = sink.seen.into_inner().unwrap_or_default();
        let stale: Vec<String> = self
            .manifest
            .iter()
            .filter(|p| plan.search && plan::in_search_bundle(p) && !now.contains(*p))
            .cloned()
            .collect();
        for path in &stale {
            output::remove_file(&self.output, path);
            self.manifest.remove(path);
        }
        self.manifest.extend(now);
        self.write_stamp()?;
        Ok(sink.written.load(Ordering::Relaxed))
    }

    /// Renders `plan` in place, removes what no longer belongs, and updates the manifest.
    fn render(
        &mut self,
        site: &Site,
        theme: &Theme,
        plan: &Plan,
        files: Files,
        scope: &str,
        started: Instant,
    ) -> Result<Stats, Vec<Diagnostic>> {
        let sink = InPlace {
            dir: self.output.clone(),
            seen: Mutex::default(),
            written: AtomicUsize::new(0),
        };
        fs::create_dir_all(&self.output).map_err(|e| {
            vec![Diagnostic::error(
                &self.output,
                format!("cannot create the output folder: {e}"),
            )]
        })?;
        let (_, diags) = render::render_plan(site, theme, plan, &sink, &mut self.memo);
        errors_of(diags)?;
        let written_now = sink.seen.into_inner().unwrap_or_default();
        let (expected, stale): (BTreeSet<String>, Vec<String>) = match files {
            Files::Same => (std::mem::take(&mut self.manifest), Vec::new()),
            Files::Changed => (
                expected_files(site, theme, &self.manifest, &written_now),
                self.manifest.iter().cloned().collect(),
            ),
            Files::All { keep_search } => {
                let mut expected = written_now;
                if keep_search {
                    let search = self.manifest.iter().filter(|p| plan::in_search_bundle(p));
                    expected.extend(search.cloned());
                }
                let mut ours = std::mem::take(&mut self.previous);
                ours.extend(self.manifest.iter().cloned());
                (expected, ours.into_iter().collect())
            }
        };
        let mut removed = 0;
        for path in stale.into_iter().filter(|p| !expected.contains(p)) {
            if output::remove_file(&self.output, &path) {
                removed += 1;
            }
        }
        self.manifest = expected;
        self.write_stamp()?;
        Ok(Stats {
            pages: plan.jobs.len(),
            written: sink.written.load(Ordering::Relaxed),
            removed,
            elapsed: started.elapsed(),
            scope: scope.to_string(),
            warnings: Vec::new(),
        })
    }
}

impl Session {
    /// Records in the output folder's stamp every file the site now has there, and what
    /// its search bundle was built from (as a build does).
    fn write_stamp(&self) -> Result<(), Vec<Diagnostic>> {
        let search = self.memo.search_bundle().map(|b| b.key());
        output::write_stamp(&self.output, &self.manifest, None, search.as_deref()).map_err(|e| {
            vec![Diagnostic::error(
                &self.output,
                format!("cannot write the output folder's stamp: {e}"),
            )]
        })
    }
}

/// Puts `provinces` in the place of those named `slugs`, returning those it replaced.
fn swap_provinces(site: &mut Site, slugs: &[String], provinces: Vec<Province>) -> Vec<Province> {
    let (replaced, kept) = std::mem::take(&mut site.provinces)
        .into_iter()
        .partition(|p| slugs.contains(&p.slug));
    site.provinces = kept;
    for p in provinces {
        let at = site.provinces.partition_point(|q| q.slug < p.slug);
        site.provinces.insert(at, p);
    }
    site.successors = crate::validate::successors(&site.provinces);
    replaced
}

/// `diags`, sorted: `Err` when one is an error, else the warnings.
fn errors_of(mut diags: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    diagnostic::sort(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok(diags)
    }
}

/// Which files a render may add or remove, against those of the last good build.
enum Files {
    /// A full render: every file it did not write is stale, except the search bundle when
    /// `keep_search` (it is written after the reload).
    All { keep_search: bool },
    /// A partial render that changes which files the site has (a province or an indicator's
    /// first data came or went).
    Changed,
    /// A partial render of a site with the same files as before.
    Same,
}
