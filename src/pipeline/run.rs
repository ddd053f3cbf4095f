//! `build` and `check`: the pipeline's stages run to the end, into an output folder or into
//! a check that writes nothing.

use std::path::{Path, PathBuf};

use super::published::{Published, draft_links};
use super::{Mode, Pipeline, Prepared};
use crate::diagnostic::{self, Diagnostic};
use crate::model::Site;
use crate::outcome::{Failure, Report};
use crate::progress::{self, timing};
use crate::render::{self, Rendered, Theme};
use crate::{linkcheck, model, output, validate};

/// What `build` needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `root/output` ([`output::BUILD_DIR`]).
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Broken internal links and anchors fail the build unless this is set (then they are
    /// warnings).
    pub broken_links_are_warnings: bool,
    /// Write the PDF edition when the site has it (`site.yaml` `pdf`); `--no-pdf` turns it
    /// off for one build.
    pub pdf: bool,
}

/// Passes every file to the output (if any) and to the link checker at the same time.
/// Ticks the progress bar too.
struct CheckedSink<'a> {
    out: Option<&'a dyn render::Sink>,
    links: &'a linkcheck::LinkCollector,
    progress: &'a progress::Progress,
}

impl render::Sink for CheckedSink<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.links.write(path, bytes)?;
        self.progress.tick();
        match self.out {
            Some(out) => out.write(path, bytes),
            None => Ok(()),
        }
    }

    /// A data file's bytes go straight to the output: the link checker reads only pages, so
    /// it takes the path alone. A page is collected and written as [`Self::write`] does.
    fn write_streamed(&self, path: &str, fill: output::Fill<'_>) -> std::io::Result<()> {
        match self.out {
            Some(out) if !path.ends_with(".html") => {
                self.links.write(path, &[])?;
                self.progress.tick();
                out.write_streamed(path, fill)
            }
            None => {
                self.progress.tick();
                self.links.write_streamed(path, fill)
            }
            Some(_) => {
                let mut bytes = Vec::new();
                fill(&mut bytes)?;
                render::Sink::write(self, path, &bytes)
            }
        }
    }

    fn phase(&self, name: &str, files: usize) {
        self.progress.phase(name, files);
    }
}

/// Renders `site` into `out` (or only in memory) and checks the internal links and anchors
/// written in Markdown and in the site's own templates (see [`linkcheck`]). Broken links
/// are errors unless `links_are_warnings`.
fn render_checked(
    site: &Site,
    drafts: &std::collections::HashSet<String>,
    theme: &Theme,
    out: Option<&dyn render::Sink>,
    links_are_warnings: bool,
    progress: &progress::Progress,
    memo: &mut render::Memo,
) -> (Rendered, Vec<Diagnostic>) {
    // Templates the site wrote can link anywhere: their pages are read for links and ids.
    let scanned = !theme.templates_are_embedded();
    let links = linkcheck::LinkCollector::new(scanned);
    let sink = CheckedSink {
        out,
        links: &links,
        progress,
    };
    // Without an output the search index would be thrown away, and so would the PDFs (what
    // they cannot print was reported by the publish step).
    let mut plan = render::Plan {
        search: out.is_some() && site.config.search,
        ..render::Plan::full(site)
    };
    if out.is_none() {
        plan.downloads.retain(|d| !d.is_pdf());
    }
    let (rendered, mut diags) = render::render_plan(site, theme, &plan, &sink, memo);
    if site.config.search && out.is_none() {
        use model::layout::{SEARCH_BUNDLE_DIR, SEARCH_UI_FILES};
        links.assume_written(SEARCH_UI_FILES.map(|f| format!("{SEARCH_BUNDLE_DIR}/{f}")));
    }
    // A page that failed to render has no anchors to check against: every link to it would be
    // reported as broken on top of the real error, so links are verified only on a full render.
    if !diags.iter().any(Diagnostic::is_error) {
        // Without pages read, only the Markdown links' fragments are looked up.
        let planned = render::plan::link_plan_for(site, |links| {
            (!scanned).then(|| linkcheck::fragment_targets(links))
        });
        let base_path = &site.config.base_path;
        let (to_pages, mut broken) = linkcheck::links_to_drafts(planned.links, drafts);
        broken.extend(links.verify(base_path, &to_pages, &planned.anchors));
        diags.extend(broken.into_iter().map(|d| {
            if links_are_warnings {
                d.as_warning()
            } else if out.is_some() {
                d.with_hint_suffix("or build with --warn-broken-links to publish anyway")
            } else {
                d
            }
        }));
    }
    (rendered, diags)
}

fn finish(
    mut diags: Vec<Diagnostic>,
    rendered: Rendered,
    output: Option<PathBuf>,
) -> Result<Report, Failure> {
    diagnostic::sort(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Failure { diagnostics: diags });
    }
    Ok(Report {
        pages: rendered.pages,
        files: rendered.files,
        unchanged: 0,
        output,
        warnings: diags,
    })
}

/// Builds the site into the output folder; on any error the previous output is untouched.
pub fn build(opts: &BuildOptions) -> Result<Report, Failure> {
    build_with_progress(opts, &progress::Progress::none())
}

/// [`build`], showing its progress.
pub fn build_with_progress(
    opts: &BuildOptions,
    progress: &progress::Progress,
) -> Result<Report, Failure> {
    let pipeline = Pipeline::new(&opts.root, Mode::Build)
        .with_base_url(opts.base_url.clone())
        .with_pdf(opts.pdf);
    let (prepared, mut diags) = pipeline.prepare();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join(output::BUILD_DIR));
    // Checked before anything else is reported, so a refused output joins the other errors.
    // Locked from here to the swap: a preview or another build on the same folder is refused.
    let claimed =
        output::claim_for(&opts.root, &output, output::Writer::Build).map_err(|d| diags.push(d));
    let Some(Prepared { site, theme }) = prepared else {
        return finish(diags, Rendered::default(), None);
    };
    let Published {
        site,
        warnings,
        drafts,
        ..
    } = pipeline.publish(site, &theme, &mut diags);
    diags.extend(warnings);
    let claimed = match claimed {
        Ok(c) if !diags.iter().any(Diagnostic::is_error) => c,
        // Nothing will be written, but the pages are rendered in memory: errors found only
        // while rendering (inline values, chart blocks, links) are reported with the others.
        _ => {
            let (rendered, more) = render_checked(
                &site,
                &drafts,
                &theme,
                None,
                opts.broken_links_are_warnings,
                progress,
                &mut render::Memo::default(),
            );
            diags.extend(more);
            return finish(diags, rendered, None);
        }
    };
    let staging = match output::Staging::new(&claimed) {
        Ok(s) => s,
        Err(e) => {
            diags.push(
                Diagnostic::error(&output, format!("cannot create the staging folder: {e}"))
                    .with_hint("check that the output's parent folder is writable"),
            );
            return finish(diags, Rendered::default(), None);
        }
    };
    // The previous search bundle is reused when the search text has not changed.
    let mut memo =
        render::Memo::with_search_bundle(render::search::Bundle::from_previous(&claimed));
    let (rendered, more) = render_checked(
        &site,
        &drafts,
        &theme,
        Some(&staging),
        opts.broken_links_are_warnings,
        progress,
        &mut memo,
    );
    if let Some(bundle) = memo.search_bundle() {
        staging.set_search_key(bundle.key());
    }
    diags.extend(more);
    if diags.iter().any(Diagnostic::is_error) {
        return finish(diags, rendered, None);
    }
    // Said only of a site that is written: a refused base URL has its own error.
    diags.extend(render::publish::missing_origin(&site));
    let (_, unchanged) = staging.counts();
    progress.phase("swap into place", 0);
    let t = std::time::Instant::now();
    let committed = staging.commit();
    timing("swap into place", t);
    if let Err(e) = committed {
        diags.push(Diagnostic::error(
            &output,
            format!("cannot move the new site into place: {e}"),
        ));
    }
    finish(diags, rendered, Some(output)).map(|r| Report { unchanged, ..r })
}

/// Validates everything, checks the prose's figures and its links against the pages and
/// anchors the layout plans, and tries each template on one page (in memory); writes
/// nothing. Content is checked whole without rendering; what only rendering every page can
/// find (a template error on some pages only, a broken link a template writes) is left to
/// `build`, which checks every link of the rendered pages.
pub fn check(root: &Path) -> Result<Report, Failure> {
    let pipeline = Pipeline::new(root, Mode::Check);
    let (prepared, mut diags) = pipeline.prepare();
    let Some(Prepared { site, theme }) = prepared else {
        return finish(diags, Rendered::default(), None);
    };
    let drafts_said = model::draft::warnings(&site, "`build` leaves it out");
    // The files of drafts (a draft translation's page is published, in the other language).
    let draft_files: std::collections::HashSet<PathBuf> =
        drafts_said.iter().map(|d| d.file.clone()).collect();
    diags.extend(drafts_said);
    diags.extend(validate::translations::missing(&site));
    diags.extend(validate::translations::untranslated_notes(&site));
    diags.extend(validate::translations::untranslated_sources(&site));
    // The rest is checked on the site `build` publishes, so the two agree: a comparison
    // without the draft provinces, links against the pages without the drafts'.
    let Published {
        site,
        drafts,
        whole,
        ..
    } = pipeline.publish(site, &theme, &mut diags);
    let t = std::time::Instant::now();
    let plan = render::plan::link_plan(&site);
    let files = render::plan::planned_files(&site, &theme);
    let (to_pages, to_drafts) = linkcheck::links_to_drafts(plan.links, &drafts);
    diags.extend(to_drafts);
    diags.extend(linkcheck::verify_planned(&files, &plan.anchors, &to_pages));
    if let Some(whole) = whole {
        diags.extend(draft_links(&whole, &theme, &drafts, &draft_files));
    }
    timing("check links", t);
    // Templates are parsed when the theme loads; one page per template shows what they
    // raise at run time (an unknown field, a filter on the wrong type).
    let t = std::time::Instant::now();
    let samples = render::Plan {
        jobs: render::plan::template_samples(&site),
        publish: true,
        ..render::Plan::default()
    };
    let (_, more) = render::render_plan(
        &site,
        &theme,
        &samples,
        &output::Discard,
        &mut render::Memo::default(),
    );
    diags.extend(more);
    timing("check templates", t);
    let planned = Rendered {
        pages: plan.pages,
        files: files.len(),
    };
    finish(diags, planned, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(diags: &[Diagnostic]) -> Vec<String> {
        let mut errors: Vec<String> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{d:?}"))
            .collect();
        errors.sort();
        errors
    }

    #[test]
    fn a_build_plans_the_anchors_of_the_pages_links_name_alone() {
        let mut site = validate::bundled_site();
        let at = crate::diagnostic::Position { line: 1, column: 1 };
        let links = &mut site.provinces[0].body.doc.links;
        links.push(("/tinh/nghe-an/#khong-co".into(), at));
        links.push(("#cung-trang".into(), at));
        links.push(("/nguon/".into(), at));
        let full = render::plan::link_plan(&site);
        let targets = linkcheck::fragment_targets(&full.links);
        let lean =
            render::plan::link_plan_for(&site, |links| Some(linkcheck::fragment_targets(links)));
        assert_eq!(lean.links.len(), full.links.len());
        // The page a fragment names and the page linking to its own anchor.
        assert_eq!(lean.anchors.len(), 2, "{:?}", lean.anchors.keys());
        assert!(lean.anchors.contains_key("tinh/nghe-an/index.html"));
        for (page, ids) in &full.anchors {
            match lean.anchors.get(page) {
                Some(kept) => assert_eq!(kept, ids),
                None => assert!(!targets.contains(page), "{page}"),
            }
        }
    }

    #[test]
    fn check_and_build_find_the_same_errors_in_every_fixture() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let bad = std::fs::read_dir(fixtures.join("bad")).unwrap();
        let mut roots: Vec<_> = bad.map(|e| e.unwrap().path()).collect();
        roots.sort();
        roots.extend(["good", "good-min", "reorg"].map(|f| fixtures.join(f)));
        let mut found = 0;
        for root in roots {
            let out = tempfile::tempdir().unwrap();
            let checked = match check(&root) {
                Ok(report) => report.warnings,
                Err(failure) => failure.diagnostics,
            };
            let built = match build(&BuildOptions {
                root: root.clone(),
                output: Some(out.path().join("site")),
                base_url: None,
                broken_links_are_warnings: false,
                pdf: false,
            }) {
                Ok(report) => report.warnings,
                Err(failure) => failure.diagnostics,
            };
            found += errors(&checked).len();
            assert_eq!(errors(&checked), errors(&built), "{}", root.display());
        }
        assert!(found > 100, "{found}");
    }
}
