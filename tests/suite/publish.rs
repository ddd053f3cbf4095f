//! What a build publishes (issue 23, items 1 and 2): drafts of every kind (province, page,
//! dated edition, translation) are left out before any cross-reference is made, so a site
//! with drafts builds byte for byte like the same site with the draft files deleted, and a
//! draft province never shifts another province's links or figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;
use ictreport::diagnostic::Diagnostic;

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// Builds `root` into `root/output`; the output tree and the warnings.
fn build(root: &Path) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let out = root.join("output");
    let report = build_with(root, &out, Some("https://example.org/bao-cao/"), false)
        .unwrap_or_else(|f| panic!("build failed: {:#?}", messages(&f.diagnostics)));
    (tree(&out), messages(&report.warnings))
}

fn drafts(warnings: &[String]) -> Vec<&String> {
    warnings
        .iter()
        .filter(|w| w.contains(": draft, "))
        .collect()
}

/// The links of the successor page's table of former provinces: name → href.
fn former_links(out: &BTreeMap<String, Vec<u8>>, page: &str) -> BTreeMap<String, String> {
    let html = scraper::Html::parse_document(&String::from_utf8_lossy(&out[page]));
    html.select(&sel("main a[href*=\"/tinh/\"]"))
        .filter(|a| !a.value().attr("href").unwrap().contains("/tinh-2025/"))
        .map(|a| (text_of(a), a.value().attr("href").unwrap().to_string()))
        .collect()
}

/// The panic of issue 23: `new province` writes `unit_before_2025`, the province is a draft,
/// and leaving it out moved every later province in the list, while the successor pages
/// still pointed at the old positions.
#[test]
fn a_new_draft_province_merged_into_a_published_ones_unit_builds_and_links_by_identity() {
    let (_tmp, root) = bundled_copy();
    let (before, _) = build(&root);
    std::fs::remove_dir_all(root.join("output")).unwrap();
    // Hòa Bình merged into Phú Thọ with Vĩnh Phúc, and sorts before it.
    ictreport::scaffold::new_province(&root, "Hòa Bình", "Trung du và miền núi phía Bắc").unwrap();
    assert!(read(&root, "content/provinces/hoa-binh/index.md").contains("unit_before_2025"));
    let (after, warnings) = build(&root);
    assert_eq!(drafts(&warnings).len(), 1, "{warnings:#?}");
    let page = "tinh-2025/phu-tho/index.html";
    let links = former_links(&after, page);
    assert_eq!(
        links.get("Vĩnh Phúc").map(String::as_str),
        Some("/bao-cao/tinh/vinh-phuc/"),
        "{links:#?}"
    );
    assert!(!links.contains_key("Hòa Bình"), "{links:#?}");
    // Vĩnh Phúc's figures (its 2020 estimate of `ict_revenue` in metrics.yaml) in its column.
    let html = scraper::Html::parse_document(&String::from_utf8_lossy(&after[page]));
    let columns: Vec<String> = html
        .select(&sel("table.data thead th"))
        .map(text_of)
        .collect();
    assert_eq!(columns, ["Chỉ số", "Vĩnh Phúc"]);
    let revenue = html
        .select(&sel("table.data tbody tr"))
        .find(|row| row.html().contains("/chi-so/ict_revenue/"))
        .map(text_of)
        .unwrap_or_default();
    assert!(
        revenue.ends_with("khoảng 79.300 tỷ đồng (2020, dự kiến)"),
        "{revenue}"
    );
    // Vĩnh Phúc's figures, as without the draft: the same page, byte for byte.
    assert_eq!(
        String::from_utf8_lossy(&after[page]),
        String::from_utf8_lossy(&before[page])
    );
    assert_eq!(before, after);
}

/// Writes a draft of every kind into `root`; returns the files that make them.
fn add_drafts(root: &Path) -> Vec<&'static str> {
    // A province made by `new province`, merged into the unit of a published one.
    ictreport::scaffold::new_province(root, "Hòa Bình", "Trung du và miền núi phía Bắc").unwrap();
    // A finished province marked as a draft.
    let alpha = read(root, "content/provinces/nghe-an/index.md")
        .replacen("---\n", "---\ndraft: true\n", 1)
        .replace("unit_before_2025: Nghệ An", "unit_before_2025: Hà Tĩnh")
        .replace("name: Nghệ An", "name: Hà Tĩnh");
    write(root, "content/provinces/ha-tinh/index.md", &alpha);
    let metrics = read(root, "content/provinces/nghe-an/metrics.yaml");
    write(root, "content/provinces/ha-tinh/metrics.yaml", &metrics);
    // A free page and a translation of a published page.
    write(
        root,
        "content/ghi-chu.md",
        "---\ntitle: Ghi chú\ndraft: true\n---\n\nChưa xong.\n",
    );
    let about_en = read(root, "content/about.en.md").replacen("---\n", "---\ndraft: true\n", 1);
    write(root, "content/about.en.md", &about_en);
    // A translation of a published province, unfinished (an empty section).
    let en = read(root, "content/provinces/vinh-phuc/index.en.md");
    write(
        root,
        "content/provinces/vinh-phuc/index.en.md",
        &format!("{en}\n## Still to write\n"),
    );
    // Dated editions of a published province: one marked, one with an empty section, and
    // an English edition marked (its edition published without it).
    let index = read(root, "content/provinces/thanh-hoa/index.md");
    write(
        root,
        "content/provinces/thanh-hoa/2018.md",
        &index.replacen("---\n", "---\ndraft: true\n", 1),
    );
    write(
        root,
        "content/provinces/thanh-hoa/2016.md",
        &format!("{index}\n## Mục tiêu\n"),
    );
    // A published edition with a draft English text.
    write(root, "content/provinces/thanh-hoa/2017.md", &index);
    let en = read(root, "content/provinces/thanh-hoa/index.en.md");
    write(
        root,
        "content/provinces/thanh-hoa/2017.en.md",
        &en.replacen("---\n", "---\ndraft: true\n", 1),
    );
    vec![
        "content/provinces/thanh-hoa/2017.en.md",
        "content/provinces/hoa-binh",
        "content/provinces/ha-tinh",
        "content/ghi-chu.md",
        "content/about.en.md",
        "content/provinces/vinh-phuc/index.en.md",
        "content/provinces/thanh-hoa/2018.md",
        "content/provinces/thanh-hoa/2016.md",
    ]
}

/// Promise 5: build(site with drafts) == build(site without the draft files), byte for byte.
#[test]
fn a_site_with_drafts_of_every_kind_builds_like_the_site_without_them() {
    let (_tmp, root) = bundled_copy();
    let files = add_drafts(&root);
    let (with, warnings) = build(&root);
    let drafts = drafts(&warnings);
    assert_eq!(drafts.len(), files.len(), "{drafts:#?}");
    // The edition with a draft English text is published, in both languages.
    assert!(with.contains_key("tinh/thanh-hoa/2017/index.html"));
    assert!(with.contains_key("en/tinh/thanh-hoa/2017/index.html"));
    for file in &files {
        assert!(
            drafts.iter().any(|w| w.contains(file)),
            "no warning for {file}: {drafts:#?}"
        );
    }
    for file in &files {
        let path = root.join(file);
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
    }
    std::fs::remove_dir_all(root.join("output")).unwrap();
    let (without, _) = build(&root);
    let differ: Vec<&String> = with
        .keys()
        .chain(without.keys())
        .filter(|k| with.get(*k) != without.get(*k))
        .collect();
    assert!(differ.is_empty(), "files that differ: {differ:#?}");
}

#[test]
fn a_draft_edition_is_left_out_with_a_warning() {
    let (_tmp, root) = bundled_copy();
    let index = read(&root, "content/provinces/thanh-hoa/index.md");
    let rel = "content/provinces/thanh-hoa/2018.md";
    write(
        &root,
        rel,
        &index.replacen("---\n", "---\ndraft: true\n", 1),
    );
    let (out, warnings) = build(&root);
    assert_eq!(
        drafts(&warnings),
        [&format!(
            "warning: {rel}: draft, left out of the build: `draft: true`\n  hint: remove \
             `draft: true` when it is ready; `ictreport serve` shows drafts with a banner"
        )]
    );
    assert!(
        !out.keys().any(|k| k.contains("2018/")),
        "{:#?}",
        out.keys()
    );
    assert!(out.contains_key("tinh/thanh-hoa/index.html"));
    // An empty section makes one too, located at its heading.
    write(&root, rel, &format!("{index}\n## Mục tiêu\n"));
    let (out, warnings) = build(&root);
    let line = index.lines().count() + 2;
    let drafts = drafts(&warnings);
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert!(
        drafts[0].starts_with(&format!(
            "warning: {rel}:{line}:1: draft, left out of the build: empty section `## Mục tiêu`"
        )),
        "{}",
        drafts[0]
    );
    assert!(
        !out.keys().any(|k| k.contains("2018/")),
        "{:#?}",
        out.keys()
    );
}

/// A draft translation leaves out that language only: the page is published as a page
/// without a translation (the main text, with a notice).
#[test]
fn a_draft_translation_publishes_its_page_without_that_language() {
    let (_tmp, root) = bundled_copy();
    let rel = "content/provinces/vinh-phuc/index.en.md";
    let en = read(&root, rel).replacen("---\n", "---\ndraft: true\n", 1);
    write(&root, rel, &en);
    let (with, warnings) = build(&root);
    assert_eq!(drafts(&warnings).len(), 1, "{warnings:#?}");
    assert!(drafts(&warnings)[0].starts_with(&format!("warning: {rel}: draft, left out")));
    std::fs::remove_file(root.join(rel)).unwrap();
    std::fs::remove_dir_all(root.join("output")).unwrap();
    let (without, _) = build(&root);
    let page = "en/tinh/vinh-phuc/index.html";
    assert!(with.contains_key(page));
    assert_eq!(
        String::from_utf8_lossy(&with[page]),
        String::from_utf8_lossy(&without[page])
    );
    // The English page shows the Vietnamese text, in its own language.
    let html = scraper::Html::parse_document(&String::from_utf8_lossy(&with[page]));
    assert!(html.select(&sel("[lang=vi]")).next().is_some());
}

/// The good fixture with Alpha marked as a draft (its about page links to Alpha).
fn good_with_alpha_a_draft() -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = site_copy("good");
    let rel = "content/provinces/alpha/index.md";
    write(
        &root,
        rel,
        &read(&root, rel).replacen("---\n", "---\ndraft: true\n", 1),
    );
    (tmp, root)
}

fn errors(diags: &[Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect()
}

fn check_and_build_errors(root: &Path) -> (Vec<String>, Vec<String>) {
    let check = ictreport::check(root).expect_err("check must fail");
    let build = ictreport::build(&ictreport::BuildOptions {
        root: root.to_path_buf(),
        output: Some(root.join("output")),
        base_url: None,
        broken_links_are_warnings: false,
        pdf: false,
    })
    .expect_err("build must fail");
    (errors(&check.diagnostics), errors(&build.diagnostics))
}

/// Item 5: `check` used the site with its drafts for the link plan, so a link to a draft
/// passed `check` and failed `build`.
#[test]
fn check_and_build_both_refuse_a_link_to_a_draft_and_say_so() {
    let (_tmp, root) = good_with_alpha_a_draft();
    let (check, build) = check_and_build_errors(&root);
    assert_eq!(
        check,
        [
            "error: content/about.md:6:23: link `../tinh/alpha/` leads to a draft \
             (tinh/alpha/index.html), which `build` leaves out\n  hint: finish the draft (its \
             warning says what is missing) or remove the link until it is published"
        ]
    );
    assert_eq!(build.len(), 1, "{build:#?}");
    assert!(build[0].starts_with(&check[0]), "{}", build[0]);
}

/// A comparison chart on a published page loses the draft provinces in `build`: `check`
/// sees the same.
#[test]
fn check_draws_comparisons_without_the_drafts_like_build() {
    let (_tmp, root) = good_with_alpha_a_draft();
    write(
        &root,
        "content/about.md",
        "---\ntitle: Giới thiệu\nslug: gioi-thieu\n---\n\nTrang thử nghiệm.\n",
    );
    let rel = "content/provinces/dak-lak/index.md";
    let chart = "\n```chart\nindicator: ict_revenue\ntype: bar\n```\n";
    write(&root, rel, &format!("{}{chart}", read(&root, rel)));
    let (check, build) = check_and_build_errors(&root);
    assert_eq!(check, build);
    assert_eq!(check.len(), 1, "{check:#?}");
    assert!(
        check[0].contains("not enough data of `ict_revenue` for a bar chart"),
        "{}",
        check[0]
    );
}

/// The drafts' own content is still checked, by `check` and `build` alike (as their
/// validation is): a draft's inline value without its figure is an error in both.
#[test]
fn a_drafts_prose_is_still_checked_by_both() {
    let (_tmp, root) = good_with_alpha_a_draft();
    let rel = "content/provinces/alpha/index.md";
    let text = read(&root, rel).replace("year=2019", "year=2011");
    write(&root, rel, &text);
    let (check, build) = check_and_build_errors(&root);
    assert!(
        check
            .iter()
            .any(|e| e.starts_with(&format!("error: {rel}:"))
                && e.contains("has no value of `ict_revenue` for 2011")),
        "{check:#?}"
    );
    let without_links = |e: &Vec<String>| -> Vec<String> {
        e.iter()
            .filter(|m| !m.contains("link `"))
            .cloned()
            .collect()
    };
    assert_eq!(without_links(&check), without_links(&build));
}

/// A draft's broken link cannot fail `build`, which leaves the draft out: `check` warns.
#[test]
fn check_warns_of_a_broken_link_in_a_draft() {
    let (_tmp, root) = good_with_alpha_a_draft();
    write(
        &root,
        "content/about.md",
        "---\ntitle: Giới thiệu\nslug: gioi-thieu\n---\n\nTrang thử nghiệm.\n",
    );
    let rel = "content/provinces/alpha/index.md";
    write(
        &root,
        rel,
        &format!("{}\nXem [trang](../khong-co/).\n", read(&root, rel)),
    );
    let report =
        ictreport::check(&root).unwrap_or_else(|f| panic!("{:#?}", messages(&f.diagnostics)));
    let warnings = messages(&report.warnings);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with(&format!("warning: {rel}:"))
                && w.contains("link `../khong-co/` leads to a page that does not exist")
                && w.contains("(in a draft: an error once it is published)")),
        "{warnings:#?}"
    );
    build(&root);
}

/// The same for a draft translation, whose page is published in the other language.
#[test]
fn check_warns_of_a_broken_link_in_a_draft_translation() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good"), &root);
    let config = read(&root, "site.yaml");
    write(
        &root,
        "site.yaml",
        &format!("{config}languages: [vi, en]\n"),
    );
    let rel = "content/provinces/alpha/index.en.md";
    write(
        &root,
        rel,
        "---\nname: Alpha\ndraft: true\n---\n\nSee [the page](../khong-co/).\n",
    );
    let report =
        ictreport::check(&root).unwrap_or_else(|f| panic!("{:#?}", messages(&f.diagnostics)));
    let warnings = messages(&report.warnings);
    assert!(
        warnings.iter().any(
            |w| w.starts_with(&format!("warning: {rel}:6:5: link `../khong-co/`"))
                && w.contains("(in a draft: an error once it is published)")
        ),
        "{warnings:#?}"
    );
    let (out, _) = build(&root);
    assert!(out.contains_key("en/tinh/alpha/index.html"));
}
