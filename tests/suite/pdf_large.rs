//! The whole report of a large site typesets: 300 provinces make a report of over 300
//! pages (the build of such a site once aborted on a worker's exhausted stack; see
//! `pdf::typeset_each` and its unit test for the cause and the bound).

use ictreport::model::Lang;
use ictreport::pipeline::{Mode, Pipeline, Prepared};
use ictreport::render::downloads::{self, Download};

use crate::common::*;

/// Only the whole report is typeset (the 300 provinces' own PDFs would take minutes in a
/// debug build); the call is the one `build` makes.
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
    let (written, errors, facts) = downloads::write(
        &site,
        &theme,
        std::slice::from_ref(&report),
        &ictreport::output::Discard,
    );
    assert!(errors.is_empty(), "{}", messages(&errors).join("\n"));
    assert_eq!(written, 1);
    // A page per province at least, besides the cover and the contents.
    let pages = facts.get(&report.path(&site)).map(|f| f.pages);
    assert!(pages.is_some_and(|n| n > 300), "{pages:?}");
}

/// The whole build of 300 provinces with their PDFs: it aborted on an exhausted stack before
/// the PDF edition was typeset through `pdf::typeset_each` (a worker stacked one province's
/// compilation on another's). Ignored by default: about 90 s of CPU in a debug build; run
/// with `cargo test --test suite pdf_large -- --ignored`.
#[test]
#[ignore]
fn a_site_of_300_provinces_builds_with_its_pdfs() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    many_provinces(&root, 300);
    let out = tmp.path().join("out");
    if let Err(f) = crate::pdf::build_with_pdf(&root, &out) {
        panic!("{}", messages(&f.diagnostics).join("\n"));
    }
    for i in [0, 299] {
        let slug = format!("tinh-{i:04}");
        assert!(
            out.join(format!("tinh/{slug}/{slug}.pdf")).is_file(),
            "{slug}"
        );
    }
    assert!(out.join("bao-cao.pdf").is_file());
}
