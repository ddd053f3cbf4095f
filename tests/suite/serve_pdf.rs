//! The preview with the PDF edition: after the reload, an edit of a province rewrites that
//! province's PDFs and the whole report with the new text, leaves the other provinces' PDFs
//! as they were, and the downloads page gives the new sizes.

use std::fs;

use crate::common::*;
use crate::pdf::{listed_pdfs, page_count, pdf_text};
use ictreport::serve::Session;

#[test]
fn an_edit_retypesets_the_pdfs_it_touches_after_the_reload() {
    let (tmp, root) = site_copy("good");
    let served = tmp.path().join("served");
    let claimed = ictreport::output::claim(&root, &served).unwrap();
    let mut session = Session::new(&root, &claimed);
    session.full("first").unwrap_or_else(|d| panic!("{d:?}"));
    let alpha = served.join("tinh/alpha/alpha.pdf");
    let report = served.join("bao-cao.pdf");
    let other = served.join("tinh/dak-lak/dak-lak.pdf");
    let other_before = (
        fs::read(&other).unwrap(),
        fs::metadata(&other).unwrap().modified().unwrap(),
    );
    let alpha_before = fs::read(&alpha).unwrap();

    let word = "Chữviếtmớisausửađổi";
    let changed = edit(
        &root,
        "content/provinces/alpha/index.md",
        "Doanh thu năm 2019 đạt",
        &format!("{word}. Doanh thu năm 2019 đạt"),
    );
    session
        .apply(&changed)
        .unwrap_or_else(|d| panic!("{d:?}"))
        .expect("an input changed");
    // The page first; the PDFs after the reload.
    assert!(session.has_deferred());
    assert_eq!(
        fs::read(&alpha).unwrap(),
        alpha_before,
        "typeset before the reload"
    );
    session
        .finish_deferred()
        .unwrap_or_else(|d| panic!("{d:?}"));

    assert!(
        pdf_text(&alpha).contains(word),
        "alpha.pdf lacks the new text"
    );
    assert!(
        pdf_text(&report).contains(word),
        "bao-cao.pdf lacks the new text"
    );
    let other_after = (
        fs::read(&other).unwrap(),
        fs::metadata(&other).unwrap().modified().unwrap(),
    );
    assert!(other_after == other_before, "dak-lak.pdf was rewritten");
    // The downloads page lists the PDFs as they are now.
    let listed = listed_pdfs(&served, "/ict/", "");
    let (_, size, pages) = listed
        .iter()
        .find(|(path, ..)| path == "tinh/alpha/alpha.pdf")
        .unwrap_or_else(|| panic!("{listed:?}"));
    assert_eq!(*pages, format!("{} trang", page_count(&alpha)));
    let kb = fs::metadata(&alpha).unwrap().len() as f64 / 1e3;
    assert_eq!(*size, format!("{} kB", kb.round()), "{listed:?}");
}
