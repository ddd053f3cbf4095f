//! The publish step `build` and `check` share, so that they accept the same sites: drafts
//! leave the site (see [`crate::model::publish`]), the prose's figures are checked on what is
//! published and the drafts' prose on the whole site, and the pages only drafts have are
//! known, so that a link to one is reported as a link to a draft.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::progress::timing;
use crate::render::Theme;
use crate::{linkcheck, markdown, model, render};

/// What `build` publishes and `check` checks against, decided in one place.
pub(crate) struct Published {
    pub site: Site,
    /// The warnings for the drafts left out.
    pub warnings: Vec<Diagnostic>,
    /// The page files only drafts had: a link to one is reported as a link to a draft.
    pub drafts: HashSet<String>,
    /// The site with its drafts, when it had any (for `check`, which reads their links).
    pub whole: Option<Site>,
}

/// The site `build` publishes (see [`model::publish`]). Checks that every chart and inline
/// value of the prose has its figures, before any page is rendered: on the published site
/// (a comparison may lose a draft province), and the drafts' prose against the whole one.
/// `keep_whole` keeps the site with its drafts in the result.
pub(crate) fn publish(site: Site, keep_whole: bool, diags: &mut Vec<Diagnostic>) -> Published {
    let t = std::time::Instant::now();
    if !model::draft::any(&site) {
        diags.extend(prose_checks(&site));
        timing("check prose figures", t);
        return Published {
            site,
            warnings: Vec::new(),
            drafts: Default::default(),
            whole: None,
        };
    }
    let of_whole = markdown::check_data(&site);
    let mut drafts = render::plan::page_files(&site);
    let whole = keep_whole.then(|| site.clone());
    let (site, warnings) = model::publish::publish(site);
    for file in render::plan::page_files(&site) {
        drafts.remove(&file);
    }
    let published = markdown::check_data(&site);
    let seen: HashSet<String> = published.iter().map(Diagnostic::to_string).collect();
    diags.extend(published);
    diags.extend(
        of_whole
            .into_iter()
            .filter(|d| !seen.contains(&d.to_string())),
    );
    timing("check prose figures", t);
    Published {
        site,
        warnings,
        drafts,
        whole,
    }
}

/// The publish step of the preview, which shows its drafts: nothing leaves the site, and
/// its prose is checked as `build` checks it.
pub(crate) fn preview(site: Site, diags: &mut Vec<Diagnostic>) -> Published {
    diags.extend(prose_checks(&site));
    Published {
        site,
        warnings: Vec::new(),
        drafts: Default::default(),
        whole: None,
    }
}

/// Prose figures that are missing, on `site` as it is. (Facts stated as current depend on
/// each body's text alone: validation finds them, see [`crate::validate::Findings`].)
pub(crate) fn prose_checks(site: &Site) -> Vec<Diagnostic> {
    markdown::check_data(site)
}

/// The broken links of the drafts' pages (`drafts`) and files (`draft_files`), checked
/// against the site with its drafts (as the preview shows them), as warnings: `build` leaves those pages out, so it cannot fail on
/// them, but the writer learns of them before publishing.
pub(crate) fn draft_links(
    whole: &Site,
    theme: &Theme,
    drafts: &HashSet<String>,
    draft_files: &HashSet<PathBuf>,
) -> Vec<Diagnostic> {
    let mut plan = render::plan::link_plan(whole);
    plan.links
        .retain(|l| drafts.contains(&l.page) || draft_files.contains(&l.source.path));
    let files = render::plan::planned_files(whole, theme);
    linkcheck::verify_planned(&files, &plan.anchors, &plan.links)
        .into_iter()
        .map(|d| {
            d.as_warning()
                .with_hint_suffix("(in a draft: an error once it is published)")
        })
        .collect()
}
