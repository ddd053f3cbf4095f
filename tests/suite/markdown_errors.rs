//! Bad chart blocks and inline values are located errors in the `.md` file.

use crate::common::*;

/// A copy of the good fixture in a temp dir, with alpha's index.md body replaced.
fn site_with_body(body: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("good"), tmp.path());
    let index = tmp.path().join("content/provinces/alpha/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let front_end = text[4..].find("---\n").unwrap() + 8;
    std::fs::write(&index, format!("{}{body}", &text[..front_end])).unwrap();
    tmp
}

/// The errors `check` reports for alpha's body `body`.
fn check_with_body(body: &str) -> Vec<String> {
    let tmp = site_with_body(body);
    match ictreport::check(tmp.path()) {
        Ok(_) => Vec::new(),
        Err(f) => f
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect(),
    }
}

const FILE: &str = "content/provinces/alpha/index.md";

#[test]
fn unknown_option_in_chart_block() {
    // Front matter is 8 lines, the body starts on line 9 (blank): the fence is on line 10.
    let errs = check_with_body("\n```chart\nindicator: ict_revenue\ncolour: red\n```\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!(
            "error: {FILE}:12:1: chart block: unknown key `colour`"
        )),
        "{}",
        errs[0]
    );
}

#[test]
fn unknown_indicator_in_chart_block() {
    let errs = check_with_body("\n```chart\ntype: line\nindicator: ict_revenu\n```\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!(
            "error: {FILE}:12:12: chart block: unknown indicator `ict_revenu`"
        )),
        "{}",
        errs[0]
    );
}

#[test]
fn bad_chart_type() {
    let errs = check_with_body("\n```chart\nindicator: ict_revenue\ntype: pie\n```\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!(
            "error: {FILE}:12:7: chart block: type: unknown value `pie`"
        )),
        "{}",
        errs[0]
    );
}

#[test]
fn chart_without_enough_data() {
    let errs = check_with_body("\n```chart\nindicator: ict_index_rank\ntype: line\n```\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!(
            "error: {FILE}:11:12: chart block: Alpha has not enough data of `ict_index_rank`"
        )),
        "{}",
        errs[0]
    );
}

#[test]
fn inline_value_errors_are_located() {
    let body = "\nDoanh thu {{ value(indicator=\"nope\", year=2019) }}.\n\nNăm {{ value(indicator=\"ict_revenue\", year=2011) }} và {{ value(indicator=\"ict_revenue\") }} và {{ valeu(x=1) }}.\n";
    let errs = check_with_body(body);
    assert_eq!(errs.len(), 4, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!("error: {FILE}:10:20: unknown indicator `nope`")),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].starts_with(&format!(
            "error: {FILE}:12:39: Alpha has no value of `ict_revenue` for 2011"
        )),
        "{}",
        errs[1]
    );
    assert!(
        errs[2].starts_with(&format!(
            "error: {FILE}:12:56: `value` needs both indicator and year"
        )),
        "{}",
        errs[2]
    );
    assert!(
        errs[3].starts_with(&format!(
            "error: {FILE}:12:96: unknown inline function `valeu`"
        )),
        "{}",
        errs[3]
    );
}

#[test]
fn unclosed_inline_value() {
    let errs = check_with_body("\nDoanh thu {{ value(indicator=\"ict_revenue\", year=2019).\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!(
            "error: {FILE}:10:11: inline value: `{{{{` is not closed"
        )),
        "{}",
        errs[0]
    );
}

#[test]
fn javascript_links_are_refused() {
    let errs = check_with_body("\n[bấm](javascript:alert(1))\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].contains(":10:1: link uses the `javascript:` scheme"),
        "{}",
        errs[0]
    );
}

#[test]
fn broken_internal_links_in_markdown_are_reported_at_their_line() {
    let errs = check_with_body(
        "\n[Đắk Lắk](/tinh/dak-lak/) và [sai](/tinh/khong-co/)\n\n[mục](#muc-tieu) [mục sai](/tinh/dak-lak/#khong-co) [tương đối](../dak-lak/)\n\n## Mục tiêu\n\nGiữ tăng trưởng.\n",
    );
    // (The section has text: an empty one would make Alpha a draft, whose links `build`
    // does not publish, and `check` reports as warnings.)
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!("error: {FILE}:10:"))
            && errs[0].contains("`/tinh/khong-co/` leads to a page that does not exist"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].starts_with(&format!("error: {FILE}:12:"))
            && errs[1].contains("has no anchor `#khong-co`"),
        "{}",
        errs[1]
    );
}

/// `check` knows the anchors a page offers without rendering it: the sections its kind
/// declares, the rows and sources it lists, the headings of its body. `build`, which reads
/// the rendered ids, agrees on the same links.
#[test]
fn links_to_theme_anchors_are_checked_without_rendering() {
    let good = "\n[so sánh](/chi-so/ict_revenue/#so-sanh) [hàng](/chi-so/ict_revenue/#tinh-dak-lak) \
        [nguồn](/nguon/#nguon-alpha-2020) [bảng](/tinh/dak-lak/#bang-so-lieu) \
        [giới thiệu](/gioi-thieu/) [đầu trang](#noi-dung)\n";
    assert_eq!(check_with_body(good), Vec::<String>::new());
    let errs =
        check_with_body("\n[x](/chi-so/ict_revenue/#so-lieu-chinh) [y](/nguon/#nguon-khong-co)\n");
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(
        errs[0].contains("has no anchor `#so-lieu-chinh`"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].contains("has no anchor `#nguon-khong-co`"),
        "{}",
        errs[1]
    );
    // The same links, built: accepted and refused alike.
    for (body, broken) in [
        (good, 0),
        ("\n[x](/chi-so/ict_revenue/#so-lieu-chinh)\n", 1),
    ] {
        let tmp = site_with_body(body);
        let built = ictreport::build(&ictreport::BuildOptions {
            root: tmp.path().to_path_buf(),
            output: Some(tmp.path().join("out")),
            base_url: None,
            broken_links_are_warnings: false,
            pdf: false,
        });
        let errors = built
            .err()
            .map_or(0, |f| f.diagnostics.iter().filter(|d| d.is_error()).count());
        assert_eq!(errors, broken, "{body}");
    }
}

/// A build without the PDF edition keeps of the prose only the lines its later diagnostics
/// quote: a broken link deep in a long body reads the same, excerpt included, as `check`
/// (which keeps every text) says it.
#[test]
fn a_broken_link_is_quoted_alike_by_check_and_by_a_build_that_thins_the_prose() {
    let mut body = String::from("\n");
    for i in 0..40 {
        body.push_str(&format!("Đoạn {i} của bài.\n\n"));
    }
    body.push_str("Trước liên kết.\n[x](/chi-so/ict_revenue/#khong-co) ở giữa.\nSau liên kết.\n");
    body.push_str("\nĐoạn cuối.\n");
    let tmp = site_with_body(&body);
    let rendered = |diags: Vec<ictreport::diagnostic::Diagnostic>| -> Vec<String> {
        diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.render_terminal(false))
            .collect()
    };
    let checked = rendered(ictreport::check(tmp.path()).unwrap_err().diagnostics);
    let built = ictreport::build(&ictreport::BuildOptions {
        root: tmp.path().to_path_buf(),
        output: Some(tmp.path().join("out")),
        base_url: None,
        broken_links_are_warnings: false,
        pdf: false,
    });
    // A build's hint says how to publish anyway; the rest, excerpt included, is the same.
    let built: Vec<String> = rendered(built.unwrap_err().diagnostics)
        .iter()
        .map(|d| d.replace("; or build with --warn-broken-links to publish anyway", ""))
        .collect();
    assert_eq!(checked.len(), 1, "{checked:?}");
    assert!(
        checked[0].contains("[x](/chi-so/ict_revenue/#khong-co) ở giữa."),
        "{}",
        checked[0]
    );
    assert!(checked[0].contains("Trước liên kết."), "{}", checked[0]);
    assert_eq!(built, checked);
}
