//! The one pipeline `build`, `check` and `serve` run, so that they cannot disagree: load →
//! validate (facts stated as current found as each body is read) → publish (what readers
//! may see, the prose's figures) →
//! plan → render → write. A [`Pipeline`] is made for a mode; `build` and `check` run it once
//! (`run.rs`), the preview holds one and asks it again for each edit.

mod published;
mod run;

pub use run::{BuildOptions, build, build_with_progress, check};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::content;
use crate::diagnostic::Diagnostic;
use crate::model::{IndicatorRef, Site};
use crate::progress::timing;
use crate::render::{Plan, Theme};
use crate::validate;
pub(crate) use published::Published;

/// What the pipeline is run for; decides what the publish step leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Writes the site readers see: drafts are left out.
    Build,
    /// Writes nothing; checks what `build` would publish, and the drafts' links as well.
    Check,
    /// The preview: drafts are shown, everything else is checked as for `build`.
    Preview,
}

/// A site that loaded and validated, with the theme it renders with.
pub struct Prepared {
    pub site: Site,
    pub theme: Theme,
}

/// The stages, for one site folder and one mode.
#[derive(Debug, Clone)]
pub struct Pipeline {
    root: PathBuf,
    mode: Mode,
    /// Replaces `base_url` from site.yaml (`--base-url`).
    base_url: Option<String>,
    /// Whether the PDF edition is written when the site has it (`--no-pdf` turns it off).
    pdf: bool,
}

impl Pipeline {
    pub fn new(root: &Path, mode: Mode) -> Pipeline {
        Pipeline {
            root: root.to_path_buf(),
            mode,
            base_url: None,
            pdf: true,
        }
    }

    /// The pipeline with the PDF edition on (as the site says) or off for this run: the one
    /// place `build --no-pdf` and `serve --no-pdf` take effect.
    pub fn with_pdf(mut self, pdf: bool) -> Pipeline {
        self.pdf = pdf;
        self
    }

    /// The pipeline with site.yaml's `base_url` replaced.
    pub fn with_base_url(mut self, url: Option<String>) -> Pipeline {
        self.base_url = url;
        self
    }

    /// Loads and validates the site, ready to render. Each province is read and checked in
    /// one task and its raw files dropped then (see [`validate::load_and_validate`]).
    pub fn prepare(&self) -> (Option<Prepared>, Vec<Diagnostic>) {
        let (prepared, diags, _) = self.prepare_keeping();
        (prepared, diags)
    }

    /// [`Pipeline::prepare`] keeping what validation found per province, so that an edit
    /// of one province reads and checks only that one again (the preview).
    pub fn prepare_keeping(&self) -> (Option<Prepared>, Vec<Diagnostic>, validate::Findings) {
        let t = Instant::now();
        let (loaded, dirs, mut diags) = content::load_shared(&self.root);
        timing("load shared files", t);
        let t = Instant::now();
        let dir = loaded.dir.clone();
        let (site, more, findings) = validate::load_and_validate(loaded, dirs);
        timing("load and validate provinces", t);
        diags.extend(more);
        let prepared = site.and_then(|site| self.with_theme(&dir, site, &mut diags));
        // Facts stated as current, in every body (drafts too: they are about to be
        // published), found as each was read: said of a site that goes on to be published.
        if prepared.is_some() {
            diags.extend(findings.undated());
        }
        (prepared, diags, findings)
    }

    /// `site` with its theme. When the site's theme does not load, the pages are still
    /// rendered with the embedded one, so that errors in the content join the theme's in
    /// the same run.
    fn with_theme(
        &self,
        dir: &content::SiteDir,
        mut site: Site,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Prepared> {
        if let Some(url) = &self.base_url {
            validate::override_base_url(&mut site.config, url, diags);
        }
        site.config.pdf &= self.pdf;
        let theme = match Theme::load(dir, &site.config.theme) {
            Ok(theme) => theme,
            Err(more) => {
                diags.extend(more);
                match Theme::embedded() {
                    Ok(theme) => theme,
                    Err(more) => {
                        diags.extend(more);
                        return None;
                    }
                }
            }
        };
        Some(Prepared { site, theme })
    }

    /// The publish step: what readers may see, decided before any cross-reference is made,
    /// and the checks of the prose's figures on it and of the
    /// PDF edition (a character no bundled font prints, found without typesetting, so that
    /// `check` and a build that stops on other errors report it too). `build` leaves the
    /// drafts out; `check` keeps the whole site too, to check the drafts' links; the preview
    /// shows its drafts, so nothing leaves.
    #[cfg_attr(not(feature = "pdf"), allow(unused_variables))]
    pub(crate) fn publish(
        &self,
        site: Site,
        theme: &Theme,
        diags: &mut Vec<Diagnostic>,
    ) -> Published {
        let mut published = match self.mode {
            Mode::Build => published::publish(site, false, diags),
            Mode::Check => published::publish(site, true, diags),
            Mode::Preview => published::preview(site, diags),
        };
        #[cfg(feature = "pdf")]
        if crate::render::downloads::has_pdf(&published.site) {
            let t = Instant::now();
            diags.extend(crate::render::pages::pdf::missing_glyphs(
                &published.site,
                theme,
            ));
            timing("check PDF glyphs", t);
        }
        // Past this step only the PDF edition reads the prose again; the rest of a build
        // quotes a few lines in its diagnostics (the preview and `check` keep every text).
        if self.mode == Mode::Build && !crate::render::downloads::has_pdf(&published.site) {
            published.site.keep_quoted_lines();
        }
        published
    }

    /// The checks of the prose of `site` as it stands (the preview's, drafts included), as
    /// [`Pipeline::prepare`] and the publish step make them: facts stated as current (kept
    /// by `findings`, which the preview's recheck updated), charts and inline values
    /// without their figures. The preview says them again after each province edit.
    pub fn check_prose(&self, site: &Site, findings: &validate::Findings) -> Vec<Diagnostic> {
        let mut diags = findings.undated();
        diags.extend(published::prose_checks(site));
        diags
    }

    /// Everything a full build renders.
    pub fn full_plan(&self, site: &Site) -> Plan {
        Plan::full(site)
    }

    /// What the preview renders after the provinces `slugs` changed: the pages and
    /// downloads that show them or the indicators `touched` (see [`Plan::for_provinces`]).
    pub fn edit_plan(
        &self,
        site: &Site,
        slugs: &[String],
        touched: &BTreeSet<IndicatorRef>,
    ) -> Plan {
        let t = Instant::now();
        let plan = Plan::for_provinces(site, slugs, touched);
        timing("plan", t);
        plan
    }
}
