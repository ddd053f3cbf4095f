//! Every error in one run: problems found while loading, validating and rendering are all
//! reported together, by `check` and by `build`, each with a source excerpt and a caret.

use std::fs;
use std::path::Path;

use crate::common::*;

/// The good fixture with one planted mistake per stage of the pipeline.
fn five_mistakes() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = site_copy("good");
    let provinces = root.join("content/provinces");
    for (slug, name) in [("beta", "Beta"), ("gamma", "Gamma")] {
        copy_dir(&provinces.join("alpha"), &provinces.join(slug));
        let index = provinces.join(slug).join("index.md");
        let text = fs::read_to_string(&index).unwrap();
        fs::write(
            &index,
            text.replace("name: Alpha", &format!("name: {name}")),
        )
        .unwrap();
    }
    let replace = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    // YAML syntax, a type error, an unknown source, an unknown indicator in prose, a
    // broken template override.
    replace(
        "content/provinces/alpha/metrics.yaml",
        "value: 3566",
        "value: [3566",
    );
    replace(
        "content/provinces/beta/metrics.yaml",
        "value: 3566",
        "value: ba nghìn",
    );
    replace(
        "content/provinces/gamma/metrics.yaml",
        "source: alpha-2020",
        "source: alpha-2021",
    );
    let index = root.join("content/provinces/dak-lak/index.md");
    let mut text = fs::read_to_string(&index).unwrap();
    text.push_str("\nXem {{ value(indicator=\"khong_co\", year=2019) }}.\n");
    fs::write(&index, text).unwrap();
    let templates = root.join("themes/default/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("page.html"),
        "{% extends \"base.html\" %}{% block content %}{{ page.title }{% endblock %}\n",
    )
    .unwrap();
    (tmp, root)
}

const EXPECTED: [(&str, &str); 5] = [
    (
        "content/provinces/alpha/metrics.yaml",
        "did not find expected",
    ),
    (
        "content/provinces/beta/metrics.yaml",
        "expected a number, found text `ba nghìn`",
    ),
    (
        "content/provinces/gamma/metrics.yaml",
        "unknown source `alpha-2021`",
    ),
    (
        "content/provinces/dak-lak/index.md",
        "unknown indicator `khong_co`",
    ),
    (
        "themes/default/templates/page.html",
        "template syntax error",
    ),
];

fn assert_all_five(diags: &[ictreport::diagnostic::Diagnostic]) {
    assert_located(diags, &EXPECTED);
}

/// Each of `expected` (file, part of the message) is an error at a line and column, shown
/// with an excerpt and a caret under the column.
fn assert_located(diags: &[ictreport::diagnostic::Diagnostic], expected: &[(&str, &str)]) {
    for &(file, message) in expected {
        let found = diags
            .iter()
            .find(|d| d.is_error() && d.file == Path::new(file) && d.message.contains(message));
        let Some(d) = found else {
            panic!("{file}: {message} not in {diags:#?}");
        };
        let shown = d.render_terminal(false);
        let first = shown.lines().next().unwrap();
        assert!(first.starts_with(&format!("error: {file}:")), "{shown}");
        let pos = d.position.expect("a position");
        // The excerpt shows the line, and a caret under the column.
        let caret_line = shown
            .lines()
            .find(|l| l.contains('▲'))
            .unwrap_or_else(|| panic!("{shown}"));
        let numbered = format!("{} │", pos.line);
        assert!(
            shown.lines().any(|l| l.trim_start().starts_with(&numbered)),
            "{shown}"
        );
        let gutter = caret_line.find('·').unwrap() + '·'.len_utf8();
        let column = caret_line[gutter..].chars().position(|c| c == '▲').unwrap();
        assert_eq!(column, pos.column, "{shown}");
    }
}

#[test]
fn check_reports_a_mistake_of_every_stage_in_one_run() {
    let (_tmp, root) = five_mistakes();
    let err = ictreport::check(&root).unwrap_err();
    assert_all_five(&err.diagnostics);
}

#[test]
fn build_reports_the_same_and_writes_nothing() {
    let (tmp, root) = five_mistakes();
    let out = tmp.path().join("out");
    let err = ictreport::build(&ictreport::BuildOptions {
        root,
        output: Some(out.clone()),
        base_url: None,
        broken_links_are_warnings: false,
        pdf: false,
    })
    .unwrap_err();
    assert_all_five(&err.diagnostics);
    assert!(!out.exists());
}

#[test]
fn markdown_errors_are_found_by_validation_before_any_page_is_rendered() {
    let (_tmp, root) = five_mistakes();
    let (loaded, _) = ictreport::content::load(&root);
    let (site, found) = ictreport::validate::validate(&loaded);
    assert!(
        found.iter().any(
            |d| d.file == Path::new("content/provinces/dak-lak/index.md")
                && d.message.contains("unknown indicator `khong_co`")
        ),
        "{found:#?}"
    );
    // The body comes out typed: the unknown inline value is left out, the rest kept.
    let site = site.expect("the site loads");
    let dak_lak = site.provinces.iter().find(|p| p.slug == "dak-lak").unwrap();
    assert!(dak_lak.body.doc.pieces().count() >= 1);
    assert!(
        dak_lak
            .body
            .doc
            .embeds()
            .iter()
            .all(|e| !matches!(e, ictreport::model::Embed::Value(v) if site.indicator(v.indicator).id == "khong_co"))
    );
}

/// The five independent mistakes of issue 23, all in one province: they took three rounds
/// of `check`, because a value written as text made the whole metrics.yaml unreadable
/// (hiding the source and the year) and left the province out (hiding its links).
fn five_mistakes_in_one_province() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = site_copy("good");
    let replace = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let metrics = "content/provinces/alpha/metrics.yaml";
    replace(metrics, "value: 72120", "value: bảy mươi hai nghìn");
    replace(
        metrics,
        "    value: 98.3\n    source: alpha-2020\n",
        "    value: 98.3\n",
    );
    replace(
        metrics,
        "year: 2020\n    value: 1336",
        "year: 1800\n    value: 1336",
    );
    replace(
        "content/provinces/alpha/index.md",
        "[liên kết](https://example.org)",
        "[liên kết](https://example.org), {{ value(indicator=\"khong_co\", year=2019) }} \
         và [trang](../khong-co/)",
    );
    (tmp, root)
}

const IN_ONE_PROVINCE: [(&str, &str); 5] = [
    (
        "content/provinces/alpha/index.md",
        "unknown indicator `khong_co`",
    ),
    (
        "content/provinces/alpha/metrics.yaml",
        "ict_revenue[1].value: expected a number, found text `bảy mươi hai nghìn`",
    ),
    (
        "content/provinces/alpha/metrics.yaml",
        "signed_share[0]: the key `source` is missing",
    ),
    (
        "content/provinces/alpha/metrics.yaml",
        "year 1800 is outside 1975–2100",
    ),
    ("content/provinces/alpha/index.md", "link `../khong-co/`"),
];

fn errors(diags: &[ictreport::diagnostic::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn one_check_reports_five_mistakes_in_one_province() {
    let (_tmp, root) = five_mistakes_in_one_province();
    let err = ictreport::check(&root).unwrap_err();
    assert_located(&err.diagnostics, &IN_ONE_PROVINCE);
    // Nothing else: no error that only follows from another.
    assert_eq!(
        errors(&err.diagnostics).len(),
        5,
        "{:#?}",
        errors(&err.diagnostics)
    );
}

#[test]
fn one_build_reports_the_same_five() {
    let (tmp, root) = five_mistakes_in_one_province();
    let out = tmp.path().join("out");
    let err = ictreport::build(&ictreport::BuildOptions {
        root: root.clone(),
        output: Some(out.clone()),
        base_url: None,
        broken_links_are_warnings: false,
        pdf: false,
    })
    .unwrap_err();
    assert_located(&err.diagnostics, &IN_ONE_PROVINCE);
    let checked = ictreport::check(&root).unwrap_err();
    assert_eq!(errors(&err.diagnostics), errors(&checked.diagnostics));
    assert!(!out.exists());
}

#[test]
fn every_unreadable_observation_of_a_file_is_reported() {
    let (_tmp, root) = five_mistakes_in_one_province();
    let metrics = root.join("content/provinces/alpha/metrics.yaml");
    let text = fs::read_to_string(&metrics).unwrap();
    let text = text.replacen("value: 3566", "value: ba nghìn", 1).replacen(
        "qualifier: at_least",
        "qualifier: khoang",
        1,
    );
    fs::write(&metrics, text).unwrap();
    let err = ictreport::check(&root).unwrap_err();
    assert_located(
        &err.diagnostics,
        &[
            (
                "content/provinces/alpha/metrics.yaml",
                "ict_revenue[0].value: expected a number, found text `ba nghìn`",
            ),
            (
                "content/provinces/alpha/metrics.yaml",
                "ict_revenue[1].value: expected a number, found text `bảy mươi hai nghìn`",
            ),
            (
                "content/provinces/alpha/metrics.yaml",
                "digital_signatures[0].qualifier: unknown value `khoang`",
            ),
        ],
    );
}
