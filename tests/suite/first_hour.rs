//! Issue 26 item 4, the first hour of a new user: a new province's `metrics.yaml` takes
//! pasted figures, type mistakes are told in plain words in every file, Markdown errors get
//! an excerpt and caret, `decimals` keeps trailing zeros, `init --root` and its
//! `.gitignore`.

use std::path::Path;

use crate::common::*;

/// A copy of the good fixture in a temporary folder.
fn good_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("good"), tmp.path());
    tmp
}

fn replace_in(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Every diagnostic `check` prints for the site at `root`, as the terminal shows it.
fn checked(root: &Path) -> String {
    match ictreport::check(root) {
        Ok(r) => r
            .warnings
            .iter()
            .map(|d| d.render_terminal(false))
            .collect(),
        Err(f) => f
            .diagnostics
            .iter()
            .map(|d| d.render_terminal(false) + "\n")
            .collect(),
    }
}

#[test]
fn figures_pasted_under_a_new_provinces_template_parse() {
    let tmp = good_copy();
    let out = cli()
        .args(["new", "province", "Quảng Ninh", "--root"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let metrics = tmp.path().join("content/provinces/quang-ninh/metrics.yaml");
    let template = std::fs::read_to_string(&metrics).unwrap();
    assert!(
        template
            .lines()
            .all(|l| l.trim().is_empty() || l.starts_with('#')),
        "{template}"
    );
    // As written, the province has no figures yet: a draft, not an error.
    let report = ictreport::check(tmp.path()).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(
        report
            .warnings
            .iter()
            .any(|d| d.file.ends_with("quang-ninh/index.md") && d.message.contains("draft"))
    );
    std::fs::write(
        &metrics,
        format!(
            "{template}ict_revenue:\n  - year: 2020\n    value: 1250\n    source: alpha-2020\n"
        ),
    )
    .unwrap();
    let shown = checked(tmp.path());
    assert!(!shown.contains("quang-ninh/metrics.yaml"), "{shown}");
    assert!(
        shown.contains("quang-ninh/index.md"),
        "still a draft: {shown}"
    );
}

#[test]
fn type_mistakes_are_told_in_plain_words_in_every_file() {
    let tmp = good_copy();
    let root = tmp.path();
    let metrics = "content/provinces/alpha/metrics.yaml";
    replace_in(root, metrics, "value: 3566", "value: \"0,7024\"");
    replace_in(
        root,
        "content/indicators.yaml",
        "decimals: 1",
        "decimals: một",
    );
    replace_in(
        root,
        "content/sources.yaml",
        "url: https://example.org/alpha",
        "url: [a, b]",
    );
    replace_in(
        root,
        "site.yaml",
        "language: vi",
        "language: vi\nsearch: có",
    );
    replace_in(
        root,
        "content/provinces/alpha/index.md",
        "sources: [alpha-2020]",
        "sources: alpha-2020",
    );
    let shown = checked(root);
    for leak in [
        "invalid type",
        "f64",
        "u8",
        "expected a sequence",
        "expected a string",
        "struct ",
    ] {
        assert!(!shown.contains(leak), "`{leak}` leaks:\n{shown}");
    }
    for plain in [
        "expected a number, found text `0,7024`: write 0.7024",
        "expected a whole number from 0 to 255, found text `một`",
        "expected text, found a list",
        "expected true or false, found text `có`",
        "expected a list (lines starting with `- `, or `[a, b]`), found text `alpha-2020`",
    ] {
        assert!(shown.contains(plain), "no `{plain}` in:\n{shown}");
    }
}

#[test]
fn markdown_errors_have_an_excerpt_and_a_caret_like_yaml_ones() {
    let tmp = good_copy();
    let long = "Một đoạn văn dài về ngành thông tin và truyền thông của tỉnh, viết trên một dòng như người soạn thảo vẫn viết, ";
    replace_in(
        tmp.path(),
        "content/provinces/alpha/index.md",
        "Doanh thu năm 2019 đạt {{ value(indicator=\"ict_revenue\", year=2019) }}.",
        &format!("{long}{long}doanh thu đạt {{{{ value(indicator=\"ict_revenu\", year=2019) }}}}."),
    );
    let shown = checked(tmp.path());
    let error = shown
        .split("\nerror: ")
        .find(|e| e.contains("unknown indicator `ict_revenu`"))
        .unwrap_or_else(|| panic!("{shown}"));
    let line = error
        .lines()
        .find(|l| l.contains("ict_revenu\""))
        .expect(error);
    let caret = error.lines().find(|l| l.contains('▲')).expect(error);
    let at = |l: &str, s: &str| l[..l.find(s).unwrap()].chars().count();
    // The caret is under the indicator the message names.
    assert_eq!(
        at(line, "indicator=\"ict_revenu\""),
        at(caret, "▲"),
        "{error}"
    );
    assert!(line.chars().count() < 140, "{line}");
}

#[test]
fn decimals_keep_their_trailing_zeros_on_every_page() {
    let tmp = good_copy();
    let root = tmp.path();
    let catalog = root.join("content/indicators.yaml");
    let mut text = std::fs::read_to_string(&catalog).unwrap();
    text.push_str("  - id: par_score\n    name: Chỉ số cải cách hành chính\n    name_en: PAR index\n    unit: điểm\n    kind: score\n    decimals: 4\n    better: higher\n    category: cntt\n");
    std::fs::write(&catalog, text).unwrap();
    let metrics = root.join("content/provinces/alpha/metrics.yaml");
    let mut text = std::fs::read_to_string(&metrics).unwrap();
    text.push_str("par_score:\n  - year: 2019\n    value: 0.765\n    source: alpha-2020\n");
    std::fs::write(&metrics, text).unwrap();
    replace_in(
        root,
        "content/provinces/alpha/index.md",
        "Doanh thu năm 2019",
        "Chỉ số {{ value(indicator=\"par_score\", year=2019) }}. Doanh thu năm 2019",
    );
    let (_out, site) = build_into_temp(root, None);
    for rel in ["tinh/alpha/index.html", "chi-so/par_score/index.html"] {
        let html = page(&site, rel);
        let text = text_of(html.root_element());
        assert!(text.contains("0,7650"), "{rel}: {text}");
        assert!(
            !text.replace("0,7650", "").contains("0,765"),
            "{rel} prints 0,765 without its zero"
        );
    }
}

#[test]
fn init_takes_root_and_writes_a_gitignore() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("bao-cao");
    let out = cli().arg("init").arg("--root").arg(&site).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    let rules: Vec<&str> = ignore.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(rules, ["/output/", "/.output.*", "/.ictreport/"]);
    // What a build and a preview write beside the sources is what the rules ignore.
    let built = cli()
        .args(["build", "-q", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    assert!(site.join("output/index.html").is_file());
    assert!(ictreport::output::PREVIEW_DIR.starts_with(".ictreport/"));
    // DIR and --root are the same folder, never both.
    let both = cli()
        .arg("init")
        .arg(tmp.path().join("a"))
        .arg("--root")
        .arg(tmp.path().join("b"))
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
}
