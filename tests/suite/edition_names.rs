//! Edition files (issue 23, item 6): only `YYYY.md`, and `YYYY.LANG.md` beside its
//! `YYYY.md`, are dated editions; every other Markdown file of a province folder named like
//! one is an error that names the file, in `check` and in `build`, never silence.

use std::path::Path;

use crate::common::*;

/// The good fixture with `name` written into a province folder; `check`'s and `build`'s
/// errors.
fn errors_with(name: &str) -> (Vec<String>, Vec<String>) {
    let (tmp, root) = site_copy("good");
    let dir = root.join("content/provinces/alpha");
    let index = std::fs::read_to_string(dir.join("index.md")).unwrap();
    std::fs::write(dir.join(name), &index).unwrap();
    let errors = |diags: &[ictreport::diagnostic::Diagnostic]| -> Vec<String> {
        diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect()
    };
    let check = ictreport::check(&root).expect_err("check must fail");
    let build = ictreport::build(&ictreport::BuildOptions {
        root: root.clone(),
        output: Some(tmp.path().join("output")),
        base_url: None,
        broken_links_are_warnings: false,
        pdf: false,
    })
    .expect_err("build must fail");
    assert!(
        !Path::new(&tmp.path().join("output"))
            .join("index.html")
            .exists()
    );
    (errors(&check.diagnostics), errors(&build.diagnostics))
}

fn assert_one_error_naming(name: &str, says: &str) {
    let (check, build) = errors_with(name);
    assert_eq!(check, build, "check and build disagree on {name}");
    assert_eq!(check.len(), 1, "{name}: {check:#?}");
    let prefix = format!("error: content/provinces/alpha/{name}: ");
    assert!(check[0].starts_with(&prefix), "{name}: {}", check[0]);
    assert!(check[0].contains(says), "{name}: {}", check[0]);
    assert!(check[0].contains("hint: "), "{name}: {}", check[0]);
}

#[test]
fn a_year_out_of_range_names_its_own_file() {
    // It used to fail on `0.md`, a file that does not exist.
    assert_one_error_naming("0000.md", "a year outside 1975–2100");
    assert_one_error_naming("3000.md", "a year outside 1975–2100");
}

#[test]
fn names_that_look_like_editions_are_errors() {
    for name in ["02018.md", "2018-01.md", "٢٠١٨.md", "2018.fr.md"] {
        assert_one_error_naming(
            name,
            "looks like a dated edition, but editions are named `YYYY.md`",
        );
    }
}

#[test]
fn a_translated_edition_needs_its_edition() {
    assert_one_error_naming(
        "2018.en.md",
        "`2018.en.md` translates an edition, but there is no `2018.md`",
    );
}
