//! The preview's incremental rebuilds give exactly the files a full build gives, for every
//! kind of edit, and only rewrite what changed.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;
use ictreport::serve::{Session, Stats};

/// A copy of the good fixture in a temporary folder, and a session that has built it once.
fn started() -> (tempfile::TempDir, PathBuf, PathBuf, Session) {
    started_with(|_| {})
}

/// [`started`], with `setup` run on the copy before the first build.
fn started_with(setup: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf, PathBuf, Session) {
    let (tmp, root) = site_copy("good");
    setup(&root);
    let served = tmp.path().join("served");
    let claimed = ictreport::output::claim(&root, &served).unwrap();
    let mut session = Session::new(&root, &claimed).with_pdf(false);
    session.full("first").unwrap_or_else(|d| panic!("{d:?}"));
    (tmp, root, served, session)
}

/// Applies `edit` to a copy of the good fixture under a running session, then compares the
/// session's output with a full build of the edited site. Returns the rebuild's figures and
/// the files whose bytes changed.
fn incremental_equals_full(edit: impl FnOnce(&Path) -> Vec<PathBuf>) -> (Stats, BTreeSet<String>) {
    let (tmp, root, served, mut session) = started();
    let before = tree(&served);
    let changed = edit(&root);
    let stats = session
        .apply(&changed)
        .unwrap_or_else(|d| panic!("{d:?}"))
        .expect("an input changed");
    settle(&mut session);
    let after = tree(&served);
    let touched = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    assert_same_as_full_build(&root, &served, &tmp.path().join("full"));
    (stats, touched)
}

/// Writes what the session left for after the reload, as the server does next.
fn settle(session: &mut Session) {
    if session.has_deferred() {
        session.finish_deferred().unwrap();
    }
}

/// A good edit of the other province's figures.
fn edit_dak_lak(root: &Path) -> Vec<PathBuf> {
    edit(
        root,
        "content/provinces/dak-lak/metrics.yaml",
        "value: 520.9",
        "value: 530.9",
    )
}

#[test]
fn province_metrics_edit() {
    let (stats, touched) = incremental_equals_full(|r| {
        edit(
            r,
            "content/provinces/alpha/metrics.yaml",
            "value: 72120",
            "value: 72500",
        )
    });
    // Rendered: the province's page, the page of the one indicator whose figures changed,
    // and the home page and lists; not alpha's other indicators, not the other province.
    assert_eq!(stats.pages, 6, "{stats:?}");
    let pages: Vec<&str> = touched
        .iter()
        .filter(|p| p.ends_with(".html"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        pages,
        ["chi-so/ict_revenue/index.html", "tinh/alpha/index.html"],
        "{touched:?}"
    );
    let downloads: Vec<&str> = touched
        .iter()
        .filter(|p| p.starts_with("tai-ve/"))
        .map(String::as_str)
        .collect();
    assert!(
        downloads
            .iter()
            .all(|p| p.contains("alpha") || p.contains("ict_revenue") || p.contains("du-lieu")),
        "{downloads:?}"
    );
}

#[test]
fn a_province_renamed_changes_all_its_indicator_pages() {
    let (_, touched) = incremental_equals_full(|r| {
        edit(
            r,
            "content/provinces/alpha/index.md",
            "name: Alpha",
            "name: Alpha Mới",
        )
    });
    assert!(
        touched.contains("chi-so/ict_revenue/index.html"),
        "{touched:?}"
    );
}

#[test]
fn an_error_elsewhere_holds_back_later_edits_until_fixed() {
    let (tmp, root, served, mut session) = started();
    let alpha = "content/provinces/alpha/metrics.yaml";
    let broken = edit(&root, alpha, "value: 72120", "value: 72.120,5");
    assert!(session.apply(&broken).is_err());
    // A good edit of another province while alpha is broken: alpha's error is still there.
    let other = edit_dak_lak(&root);
    let errors = session.apply(&other).unwrap_err();
    assert!(
        errors.iter().any(|e| e.to_string().contains(alpha)),
        "{errors:?}"
    );
    // Fixing alpha brings in both edits.
    let fixed = edit(&root, alpha, "value: 72.120,5", "value: 72121");
    session.apply(&fixed).unwrap();
    settle(&mut session);
    assert_same_as_full_build(&root, &served, &tmp.path().join("full"));
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
fn a_spreadsheet_import_rebuilds_like_any_edit() {
    let (_, touched) = incremental_equals_full(|r| {
        let file = r.with_file_name("data.csv");
        fs::write(
            &file,
            "province,indicator,year,value,source\n\
             alpha,ict_revenue,2018,70001,alpha-2020\n\
             Hà Giang,ict_revenue,2019,12.5,daklak-2019\n",
        )
        .unwrap();
        let opts = ictreport::sheet::ImportOptions {
            root: r.to_path_buf(),
            file,
            sheet: None,
            dry_run: false,
            source: None,
            out_of: None,
        };
        let imported =
            ictreport::sheet::import(&opts).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        // What the watcher reports: the files the import wrote.
        imported.written
    });
    for page in [
        "tinh/alpha/index.html",
        "tinh/ha-giang/index.html",
        "chi-so/ict_revenue/index.html",
    ] {
        assert!(touched.contains(page), "{page} not rewritten: {touched:?}");
    }
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
    let (_tmp, root, served, mut session) = started();
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

#[test]
fn a_comparison_chart_in_prose_follows_other_provinces_edits() {
    comparison_chart_follows_other_provinces(
        "\n\n```chart\nindicator: ict_revenue\ntype: bar\n```\n",
    );
}

#[test]
fn a_tilde_fenced_comparison_chart_follows_other_provinces_edits() {
    comparison_chart_follows_other_provinces(
        "\n\n~~~chart\nindicator: ict_revenue\ntype: bar\n~~~\n",
    );
}

#[test]
fn a_quoted_comparison_chart_type_follows_other_provinces_edits() {
    comparison_chart_follows_other_provinces(
        "\n\n```chart\nindicator: \"ict_revenue\"\ntype: \"bar\"\ntitle: 'So sánh'\n```\n",
    );
}

/// Adds `chart` (a comparison across provinces) to Alpha's prose, edits Đắk Lắk, and checks
/// that Alpha's page follows and the preview equals a full build.
fn comparison_chart_follows_other_provinces(chart: &str) {
    let (tmp, root, served, mut session) = started();
    let index = root.join("content/provinces/alpha/index.md");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(&index, format!("{text}{chart}")).unwrap();
    session.apply(&[index]).unwrap();
    // Alpha's page now charts Đắk Lắk's figure too, so Đắk Lắk's edit changes it.
    let before = fs::read(served.join("tinh/alpha/index.html")).unwrap();
    let other = edit_dak_lak(&root);
    session.apply(&other).unwrap();
    settle(&mut session);
    assert_ne!(
        fs::read(served.join("tinh/alpha/index.html")).unwrap(),
        before
    );
    assert_same_as_full_build(&root, &served, &tmp.path().join("full"));
}

#[test]
fn a_broken_template_fails_every_rebuild_until_fixed() {
    let (tmp, root, served, mut session) = started();
    let dir = root.join("themes/default/templates");
    fs::create_dir_all(&dir).unwrap();
    let template = dir.join("province.html");
    fs::write(&template, "<p>{{ province.no_such_field.deeper }}</p>\n").unwrap();
    let errors = session.apply(std::slice::from_ref(&template)).unwrap_err();
    assert!(
        errors[0].to_string().contains("province.html"),
        "{}",
        errors[0]
    );
    // A data edit meanwhile cannot render with the old theme: the template still fails.
    let other = edit_dak_lak(&root);
    assert!(session.apply(&other).is_err());
    fs::remove_file(&template).unwrap();
    session.apply(&[template]).unwrap();
    settle(&mut session);
    assert_same_as_full_build(&root, &served, &tmp.path().join("full"));
}

#[test]
fn an_edit_that_leaves_prose_without_its_figure_is_an_error_until_fixed() {
    let (tmp, root, served, mut session) = started();
    let before = tree(&served);
    // Alpha's prose quotes its 2019 revenue; the figure's year changes under it.
    let changed = edit(
        &root,
        "content/provinces/alpha/metrics.yaml",
        "year: 2019",
        "year: 2018",
    );
    let errors = session.apply(&changed).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        shown
            .iter()
            .any(|e| e.contains("content/provinces/alpha/index.md:12:")
                && e.contains("has no value of `ict_revenue` for 2019")),
        "{shown:#?}"
    );
    assert_eq!(tree(&served), before);
    // Fixing it recovers, and the preview equals a full build.
    let changed = edit(
        &root,
        "content/provinces/alpha/metrics.yaml",
        "year: 2018",
        "year: 2019",
    );
    session.apply(&changed).unwrap();
    settle(&mut session);
    assert_same_as_full_build(&root, &served, &tmp.path().join("full"));
}

/// A dated edition whose prose compares every province changes with any province's figures,
/// as the page kind's dependencies say (the plan used to look for comparisons in the
/// current summary only, and left this page stale).
#[test]
fn an_edition_comparing_provinces_follows_another_provinces_edit() {
    let edition = "---\nname: Alpha\nregion: Đồng bằng sông Hồng\nsources: [alpha-2020]\n\
                   summary: Bản năm 2018.\n---\n\n## So sánh\n\n```chart\nindicator: ict_revenue\n\
                   type: bar\n```\n";
    let (tmp, root, served, mut session) =
        started_with(|root| write(root, "content/provinces/alpha/2018.md", edition));
    let before = tree(&served);
    session
        .apply(&edit_dak_lak(&root))
        .unwrap_or_else(|d| panic!("{d:?}"))
        .expect("an input changed");
    settle(&mut session);
    let after = tree(&served);
    let page = after
        .keys()
        .find(|k| k.starts_with("tinh/alpha/") && k.contains("2018") && k.ends_with(".html"))
        .expect("the edition's page")
        .clone();
    assert!(before.get(&page) != after.get(&page), "{page} not redrawn");
    assert_same_as_full_build(&root, &served, &tmp.path().join("full"));
}
