//! The whole report of a large site typesets without exhausting a thread's stack: Typst's
//! layout recurses deeper the longer the document, and the report of 300 provinces
//! overflowed the 2 MiB of a rayon worker and aborted the build.

use ictreport::model::Lang;
use ictreport::pipeline::{Mode, Pipeline, Prepared};
use ictreport::render::downloads::{self, Download};

use crate::common::*;

/// Only the whole report is typeset (the 300 provinces' own PDFs would take minutes in a
/// debug build and recurse no deeper than a province); the call is the one `build` makes.
#[test]
fn the_whole_report_of_300_provinces_typesets() {
    let tmp = tempfile::tempdir().unwrap();
    many_provinces(tmp.path(), 300);
    let (prepared, diags) = Pipeline::new(tmp.path(), Mode::Build).prepare();
    let Some(Prepared { site, theme }) = prepared else {
        panic!("{}", messages(&diags).join("\n"));
    };
    assert_eq!(site.provinces.len(), 300);
    let report = Download::ReportPdf(Lang::Vi);
    let (written, errors, facts) =
        downloads::write(&site, &theme, &[report], &ictreport::output::Discard);
    assert!(errors.is_empty(), "{}", messages(&errors).join("\n"));
    assert_eq!(written, 1);
    // A page per province at least, besides the cover and the contents.
    let pages = facts.get(&report.path(&site)).map(|f| f.pages);
    assert!(pages.is_some_and(|n| n > 300), "{pages:?}");
}
