//! The preview's incremental rebuilds give exactly the files a full build gives, for every
//! kind of edit, and only rewrite what changed.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use ictreport::serve::Session;

/// Applies `edit` to a copy of the good fixture under a running session, then compares the
/// session's output with a full build of the edited site. Returns the files written.
fn incremental_equals_full(edit: impl FnOnce(&Path) -> Vec<std::path::PathBuf>) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good"), &root);
    let served = tmp.path().join("served");
    let mut session = Session::new(&root, &served);
    session.full("first").unwrap_or_else(|d| panic!("{d:?}"));
    let changed = edit(&root);
    let stats = session
        .apply(&changed)
        .unwrap_or_else(|d| panic!("{d:?}"))
        .expect("an input changed");
    if session.has_deferred() {
        session.finish_deferred().unwrap();
    }
    let full = tmp.path().join("full");
    let opts = ictreport::BuildOptions {
        root: root.clone(),
        output: Some(full.clone()),
        base_url: None,
    };
    ictreport::build(&opts).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let (a, b) = (tree(&served), tree(&full));
    let only_served: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_full: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_served.is_empty() && only_full.is_empty(),
        "files differ: only served {only_served:?}, only full {only_full:?}"
    );
    let different: Vec<&String> = a
        .iter()
        .filter(|(k, v)| b[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(different.is_empty(), "contents differ: {different:?}");
    stats.written
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) -> Vec<std::path::PathBuf> {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    vec![path]
}

#[test]
fn province_metrics_edit() {
    let written = incremental_equals_full(|r| {
        edit(
            r,
            "content/provinces/alpha/metrics.yaml",
            "value: 72120",
            "value: 72500",
        )
    });
    // The province page (2 languages is 1 here), its indicator page, lists, downloads; not
    // every file of the site.
    assert!(written > 0);
}

#[test]
fn province_markdown_edit() {
    incremental_equals_full(|r| edit(r, "content/provinces/alpha/index.md", "Giữ", "Duy trì"));
}

#[test]
fn province_gains_an_indicator() {
    incremental_equals_full(|r| {
        edit(
            r,
            "content/provinces/dak-lak/metrics.yaml",
            "signed_share:",
            "ict_index_rank:\n  - year: 2019\n    value: 5\n    out_of: 63\n    source: daklak-2019\nsigned_share:",
        )
    });
}

#[test]
fn province_added_and_removed() {
    incremental_equals_full(|r| {
        let dir = r.join("content/provinces/beta");
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("index.md"),
            "---\nname: Beta\nregion: Tây Nguyên\nsources: [daklak-2019]\n---\n\nThử.\n",
        )
        .unwrap();
        fs::write(
            dir.join("metrics.yaml"),
            "ict_revenue:\n  - year: 2018\n    value: 12\n    source: daklak-2019\n",
        )
        .unwrap();
        vec![dir.join("index.md"), dir.join("metrics.yaml")]
    });
    incremental_equals_full(|r| {
        let dir = r.join("content/provinces/dak-lak");
        fs::remove_dir_all(&dir).unwrap();
        vec![dir]
    });
}

#[test]
fn catalog_edit() {
    incremental_equals_full(|r| {
        edit(
            r,
            "content/indicators.yaml",
            "name: Doanh thu toàn ngành",
            "name: Tổng doanh thu toàn ngành",
        )
    });
}

#[test]
fn sources_edit() {
    incremental_equals_full(|r| {
        edit(
            r,
            "content/sources.yaml",
            "publisher: Báo Thử",
            "publisher: Báo Thử Nghiệm",
        )
    });
}

#[test]
fn template_and_static_overrides() {
    incremental_equals_full(|r| {
        let dir = r.join("themes/default/templates");
        fs::create_dir_all(&dir).unwrap();
        let page = ictreport::render::theme::DEFAULT_TEMPLATES
            .iter()
            .find(|(n, _)| *n == "page.html")
            .unwrap()
            .1;
        fs::write(
            dir.join("page.html"),
            page.replace("<h1>", "<h1 class=\"title\">"),
        )
        .unwrap();
        vec![dir.join("page.html")]
    });
    incremental_equals_full(|r| {
        let dir = r.join("themes/default/static");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("style.css"), "body { color: #111; }\n").unwrap();
        vec![dir.join("style.css")]
    });
}

#[test]
fn config_and_page_edits() {
    incremental_equals_full(|r| {
        edit(
            r,
            "site.yaml",
            "title: Báo cáo thử nghiệm",
            "title: Báo cáo thử",
        )
    });
    incremental_equals_full(|r| edit(r, "content/about.md", "Trang thử nghiệm.", "Trang thử."));
}

#[test]
fn a_broken_edit_keeps_the_last_good_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good"), &root);
    let served = tmp.path().join("served");
    let mut session = Session::new(&root, &served);
    session.full("first").unwrap();
    let before = tree(&served);
    let changed = edit(
        &root,
        "content/provinces/alpha/metrics.yaml",
        "value: 72120",
        "value: 72.120,5",
    );
    let errors = session.apply(&changed).unwrap_err();
    assert!(
        errors[0]
            .to_string()
            .contains("content/provinces/alpha/metrics.yaml:6:12"),
        "{}",
        errors[0]
    );
    assert_eq!(tree(&served), before);
    // Fixing it recovers.
    let changed = edit(
        &root,
        "content/provinces/alpha/metrics.yaml",
        "value: 72.120,5",
        "value: 72121",
    );
    session.apply(&changed).unwrap();
    let html = fs::read_to_string(served.join("tinh/alpha/index.html")).unwrap();
    assert!(html.contains("72.121"));
}
