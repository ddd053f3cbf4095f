//! Issue 25 item 1, by construction: an observation's number reaches pages, charts, chart
//! files and data files only through `values::Figure`. The compiler keeps the field private
//! to the model (and the parts of a share with it); clippy (`clippy.toml`, run with
//! `-D warnings`) refuses their readers, `Observation::bare_number` and
//! `Fraction::bare_parts`, anywhere but `values`. The first test checks that neither
//! guard has been switched off; the others check the views that printed numbers beside
//! `Figure` before: the terms of a sum in the claims table.

use std::path::Path;

use crate::common::*;

/// Every Rust file under `src/` with its path relative to the repository.
fn sources() -> Vec<(String, String)> {
    let root = repo();
    walkdir::WalkDir::new(root.join("src"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e.path().strip_prefix(&root).expect("under the repo");
            let text = std::fs::read_to_string(e.path()).expect("read source");
            (rel.display().to_string(), text)
        })
        .collect()
}

/// The fields of `struct name` in `text`, as written (`pub year: Year,`).
fn fields_of<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let head = format!("pub struct {name} {{");
    let Some(start) = text.find(&head) else {
        return Vec::new();
    };
    text[start + head.len()..]
        .lines()
        .map(str::trim)
        .take_while(|l| *l != "}")
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect()
}

#[test]
fn the_bare_number_of_an_observation_is_read_in_values_alone() {
    let files = sources();
    let model = files
        .iter()
        .find(|(rel, _)| rel == "src/model/mod.rs")
        .map(|(_, t)| t.as_str())
        .expect("src/model/mod.rs");
    let fields = fields_of(model, "Observation");
    assert!(fields.contains(&"value: f64,"), "{fields:#?}");
    assert!(
        !fields
            .iter()
            .any(|f| f.starts_with("pub") && f.contains("value")),
        "the number of an observation is a public field: {fields:#?}"
    );
    let parts = fields_of(model, "Fraction");
    assert_eq!(parts, ["numerator: f64,", "denominator: f64,"]);
    // clippy refuses the reader everywhere (tests included) unless a module allows it.
    let clippy = std::fs::read_to_string(repo().join("clippy.toml")).expect("clippy.toml");
    for reader in ["Observation::bare_number", "Fraction::bare_parts"] {
        let entry = format!("path = \"ictreport::model::{reader}\"");
        assert!(clippy.contains(&entry), "{clippy}");
    }
    let allows: Vec<&str> = files
        .iter()
        .filter(|(_, t)| t.contains("clippy::disallowed_methods"))
        .map(|(rel, _)| rel.as_str())
        .collect();
    // format's own unit tests call its formatters bare.
    assert_eq!(
        allows,
        ["src/format.rs", "src/values/mod.rs"],
        "who may read the bare number"
    );
    for reader in [".bare_number()", ".bare_parts()"] {
        let calls: Vec<(&str, usize)> = files
            .iter()
            .map(|(rel, t)| (rel.as_str(), t.matches(reader).count()))
            .filter(|&(_, n)| n > 0)
            .collect();
        let expected = if reader == ".bare_number()" { 2 } else { 1 };
        assert_eq!(calls, [("src/values/mod.rs", expected)], "{reader}");
    }
}

/// The same for derived values: `model::derived` returns a `DerivedValue` whose number is a
/// private field (no `pub` field but what it measures and inherits), clippy refuses its
/// reader and the bare-number formatters of `format` outside `values`, and no file of
/// render, chart or pdf names those formatters.
#[test]
fn a_derived_value_is_printed_through_derived_figure_alone() {
    let files = sources();
    let text = |path: &str| {
        files
            .iter()
            .find(|(rel, _)| rel == path)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("{path}"))
    };
    let fields = fields_of(text("src/model/derived.rs"), "DerivedValue");
    assert!(fields.contains(&"number: f64,"), "{fields:#?}");
    assert!(
        fields
            .iter()
            .all(|f| !f.starts_with("pub") || !f.contains("f64")),
        "a public number on a derived value: {fields:#?}"
    );
    let clippy = std::fs::read_to_string(repo().join("clippy.toml")).expect("clippy.toml");
    let formatters = ["number", "signed", "figure"];
    let refused = std::iter::once("model::derived::DerivedValue::bare_number".to_string())
        .chain(formatters.iter().map(|f| format!("format::{f}")));
    for path in refused {
        let entry = format!("path = \"ictreport::{path}\"");
        assert!(clippy.contains(&entry), "{entry} in {clippy}");
    }
    for (rel, source) in &files {
        let view = ["src/render/", "src/chart/", "src/pdf/"]
            .iter()
            .any(|dir| rel.starts_with(dir));
        if !view {
            continue;
        }
        for f in formatters {
            let call = format!("format::{f}(");
            assert!(!source.contains(&call), "{rel} calls {call}");
        }
    }
}

/// The text of the "computed" cell of each claim row of `rel` whose stated total is `total`.
fn computed_cells(out: &Path, rel: &str, total: &str) -> Vec<String> {
    page(out, rel)
        .select(&sel("table.claims tr.claim"))
        .filter(|tr| text_of(*tr).contains(total))
        .filter_map(|tr| tr.select(&sel("td")).nth(2).map(text_of))
        .collect()
}

/// Nghệ An states 12.245 signatures with both parts; `edits` rewrite its metrics.yaml.
fn nghe_an_sum(edits: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
    let (_tmp, root) = bundled_copy();
    for (from, to) in edits {
        edit(&root, "content/provinces/nghe-an/metrics.yaml", from, to);
    }
    let out = root.join("output");
    build_with(&root, &out, None, false)
        .unwrap_or_else(|f| panic!("build failed: {:#?}", messages(&f.diagnostics)));
    (
        computed_cells(&out, "tinh/nghe-an/index.html", "12.245"),
        computed_cells(&out, "en/tinh/nghe-an/index.html", "12,245"),
    )
}

#[test]
fn a_sum_writes_each_term_with_its_qualifier_and_the_total_with_its_mark() {
    // "khoảng 1.947" was printed "1.947": a qualifier dropped from a stated part.
    let (vi, en) = nghe_an_sum(&[(
        "    value: 1947\n",
        "    value: 1947\n    qualifier: approximate\n",
    )]);
    assert_eq!(
        vi,
        ["khoảng 1.947 + 10.298 = khoảng 12.245 († tổng do trang này cộng)"]
    );
    assert_eq!(
        en,
        ["about 1,947 + 10,298 = about 12,245 († sum computed by this site)"]
    );
}

#[test]
fn a_sum_of_expected_figures_says_so_of_each_term_and_of_the_total() {
    let expected = "    status: estimate\n    source: nghe-an-2024\n";
    let (vi, en) = nghe_an_sum(&[
        (
            "    source: nghe-an-2024\n    note: Bộ",
            &format!("{expected}    note: Bộ"),
        ),
        (
            "    value: 1947\n    source: nghe-an-2024\n",
            &format!("    value: 1947\n{expected}"),
        ),
        (
            "    value: 10298\n    source: nghe-an-2024\n",
            &format!("    value: 10298\n{expected}"),
        ),
    ]);
    assert_eq!(
        vi,
        ["1.947 (dự kiến) + 10.298 (dự kiến) = 12.245 (dự kiến) († tổng do trang này cộng)"]
    );
    assert_eq!(
        en,
        ["1,947 (estimate) + 10,298 (estimate) = 12,245 (estimate) († sum computed by this site)"]
    );
}
