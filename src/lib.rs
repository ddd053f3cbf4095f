//! ictreport: a static report-site generator for provincial ICT reports.
//!
//! The pipeline runs one way: `content` reads the site folder, `validate` checks it and builds
//! the `model::Site`, `render` turns it into pages and charts, `output` writes them atomically.
//! `build` and `check` below are the entry points the CLI calls.

pub mod chart;
pub mod content;
pub mod diagnostic;
pub mod format;
pub mod i18n;
pub mod linkcheck;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod sheet;
pub mod slug;
pub mod validate;
pub mod values;
pub mod yaml;

use std::path::{Path, PathBuf};

use diagnostic::Diagnostic;
use model::Site;
use render::{Rendered, Theme};

/// What `build` needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `root/output`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
}

/// The result of a successful build or check.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    /// Of `files`, how many were unchanged since the previous build (not rewritten).
    pub unchanged: usize,
    pub output: Option<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

/// A failed build: every error and warning, sorted.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads and validates the site, ready to render.
/// Prints how long a build phase took when `ICTREPORT_TIMINGS` is set (for profiling).
pub fn timing(phase: &str, since: std::time::Instant) {
    if std::env::var_os("ICTREPORT_TIMINGS").is_some() {
        // Peak memory so far (Linux), to see which phase makes the peak.
        let peak = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .map(|l| l[6..].trim().to_string())
            })
            .unwrap_or_default();
        eprintln!(
            "timing: {phase}: {:.1} ms (peak RSS {peak})",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

fn prepare(root: &Path, base_url: Option<&str>) -> (Option<(Site, Theme)>, Vec<Diagnostic>) {
    let t = std::time::Instant::now();
    let (loaded, mut diags) = content::load(root);
    timing("load", t);
    let t = std::time::Instant::now();
    let (site, more) = validate::validate(&loaded);
    timing("validate", t);
    diags.extend(more);
    let Some(mut site) = site else {
        return (None, diags);
    };
    if let Some(url) = base_url {
        validate::override_base_url(&mut site.config, url, &mut diags);
    }
    match Theme::load(root, &site.config.theme) {
        Ok(theme) => (Some((site, theme)), diags),
        Err(more) => {
            diags.extend(more);
            (None, diags)
        }
    }
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
    let (prepared, mut diags) = prepare(&opts.root, opts.base_url.as_deref());
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("output"));
    let Some((site, theme)) = prepared else {
        return finish(diags, Rendered::default(), None);
    };
    let staging = match output::Staging::new(&output) {
        Ok(s) => s,
        Err(e) => {
            diags.push(
                Diagnostic::error(&output, format!("cannot create the staging folder: {e}"))
                    .with_hint("check that the output's parent folder is writable"),
            );
            return finish(diags, Rendered::default(), None);
        }
    };
    let (rendered, more) = render::render_site(&site, &theme, &staging);
    diags.extend(more);
    if diags.iter().any(Diagnostic::is_error) {
        return finish(diags, rendered, None);
    }
    let (_, unchanged) = staging.counts();
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

/// Validates everything, renders in memory and checks every internal link and anchor;
/// writes nothing.
pub fn check(root: &Path) -> Result<Report, Failure> {
    let (prepared, mut diags) = prepare(root, None);
    let Some((site, theme)) = prepared else {
        return finish(diags, Rendered::default(), None);
    };
    let collector = linkcheck::LinkCollector::default();
    let (rendered, more) = render::render_site(&site, &theme, &collector);
    // A page that failed to render has no anchors to check against: every link to it would be
    // reported as broken on top of the real error, so links are verified only on a full render.
    let render_failed = more.iter().any(Diagnostic::is_error);
    diags.extend(more);
    if !render_failed {
        diags.extend(collector.verify(&site.config.base_path, &rendered.markdown_links));
    }
    finish(diags, rendered, None)
}
