//! The 2025 reorganisation of provinces: a former province's page names and links its
//! successor, the successor's page lists its former provinces and sums additive figures
//! only for years every former province reported, in both languages.

use crate::common::*;

#[test]
fn a_former_province_links_to_its_successor_which_lists_it() {
    let (_tmp, out) = build_into_temp(&fixture("reorg"), None);
    let vp = page(&out, "tinh/vinh-phuc/index.html");
    let notice = vp
        .select(&sel("p.notice.successor"))
        .next()
        .expect("notice");
    assert_eq!(text_of(notice), "Từ 01/07/2025, Vĩnh Phúc thuộc Phú Thọ.");
    let link = notice.select(&sel("a")).next().unwrap();
    assert_eq!(link.value().attr("href"), Some("/tinh-2025/phu-tho/"));
    let phu_tho = page(&out, "tinh-2025/phu-tho/index.html");
    let rows: Vec<String> = phu_tho
        .select(&sel("#tinh-cu + div tbody th"))
        .map(text_of)
        .collect();
    assert_eq!(rows, ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]);
    let linked: Vec<_> = phu_tho
        .select(&sel("#tinh-cu + div tbody th a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(linked, ["/tinh/vinh-phuc/"]);
    // Vĩnh Phúc's latest figures, each with its year.
    let cells: Vec<String> = phu_tho
        .select(&sel("#so-lieu-tinh-cu + p + div tbody td"))
        .map(text_of)
        .collect();
    assert_eq!(cells, ["3.000 tỷ đồng (2019)", "hạng 8/63 (2019)"]);
    // Phú Thọ and Hòa Bình have no pages: nothing can be summed.
    assert!(phu_tho.select(&sel(".summed")).next().is_none());
    // Units none of whose former provinces have pages get none.
    assert!(!out.join("tinh-2025/ha-noi").exists());
}

#[test]
fn additive_figures_are_summed_only_for_years_every_former_province_reported() {
    let (_tmp, out) = build_into_temp(&fixture("reorg"), None);
    let tq = page(&out, "tinh-2025/tuyen-quang/index.html");
    let sums: Vec<String> = tq.select(&sel(".summed")).map(text_of).collect();
    // 2019: 1.000 + 500; 2020 only Tuyên Quang reported; the rank is never summed.
    assert_eq!(sums, ["2019: 1.500 tỷ đồng († tổng do trang này cộng)"]);
    let en = page(&out, "en/tinh-2025/tuyen-quang/index.html");
    let sums: Vec<String> = en.select(&sel(".summed")).map(text_of).collect();
    assert_eq!(
        sums,
        ["2019: 1,500 billion VND († sum computed by this site)"]
    );
    let head: Vec<String> = en.select(&sel("thead th")).map(text_of).collect();
    assert!(
        head.iter()
            .any(|h| h.starts_with("Summed from the former provinces")),
        "{head:?}"
    );
}

#[test]
fn english_pages_say_the_same() {
    let (_tmp, out) = build_into_temp(&fixture("reorg"), None);
    let hg = page(&out, "en/tinh/ha-giang/index.html");
    let notice = hg
        .select(&sel("p.notice.successor"))
        .next()
        .expect("notice");
    assert_eq!(
        text_of(notice),
        "Since 1 July 2025, Hà Giang has been part of Tuyên Quang."
    );
    let as_of = hg.select(&sel("p.as-of")).next().expect("as of");
    assert_eq!(
        text_of(as_of),
        "Figures on this page are for 2019, from sources up to 20 November 2020. Reported by: \
         Department of Information and Communications (until 2025; from 2025, Department of \
         Science and Technology)."
    );
    let vi = page(&out, "tinh/ha-giang/index.html");
    let as_of = text_of(vi.select(&sel("p.as-of")).next().expect("as of"));
    assert_eq!(
        as_of,
        "Số liệu trên trang này thuộc năm 2019, theo nguồn mới nhất ngày 20/11/2020. Cơ quan \
         báo cáo số liệu: Sở Thông tin và Truyền thông (đến năm 2025; từ năm 2025 là Sở Khoa \
         học và Công nghệ)."
    );
}

#[test]
fn a_declared_unit_must_be_in_the_table() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("reorg"), &root);
    let index = root.join("content/provinces/ha-giang/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replace("unit_before_2025: Hà Giang", "unit_before_2025: Vinh Phuk"),
    )
    .unwrap();
    let opts = ictreport::BuildOptions {
        root: root.clone(),
        output: Some(tmp.path().join("out")),
        base_url: None,
        broken_links_are_warnings: false,
        pdf: false,
    };
    let Err(failure) = ictreport::build(&opts) else {
        panic!("the build fails")
    };
    let d = failure
        .diagnostics
        .iter()
        .find(|d| d.to_string().contains("Vinh Phuk"))
        .expect("a diagnostic on the unit");
    let shown = d.to_string();
    assert!(shown.contains("index.md:4"), "{shown}");
    assert!(shown.contains("not one of the 63 provinces"), "{shown}");
    assert!(shown.contains("did you mean `Vĩnh Phúc`"), "{shown}");
}

#[test]
fn serve_rebuilds_the_successor_page_when_a_former_province_changes() {
    let (tmp, root, served, mut session) = served_copy();
    let metrics = root.join("content/provinces/ha-giang/metrics.yaml");
    let text = std::fs::read_to_string(&metrics).unwrap();
    std::fs::write(&metrics, text.replace("value: 500", "value: 700")).unwrap();
    rebuild(&mut session, metrics);
    let tq = page(&served, "tinh-2025/tuyen-quang/index.html");
    let sums: Vec<String> = tq.select(&sel(".summed")).map(text_of).collect();
    assert_eq!(sums, ["2019: 1.700 tỷ đồng († tổng do trang này cộng)"]);
    assert_same_as_full_build(&root, &served, &tmp.path().join("full"));
}

#[test]
fn a_rank_in_prose_prints_its_year_and_denominator() {
    let (_tmp, out) = build_into_temp(&fixture("reorg"), None);
    let vi = page(&out, "tinh/tuyen-quang/index.html");
    let prose = text_of(vi.select(&sel("article.summary")).next().unwrap());
    assert!(
        prose.contains("Tỉnh xếp hạng 8/63 năm 2019[1] về ICT Index."),
        "{prose}"
    );
    let en = page(&out, "en/tinh/tuyen-quang/index.html");
    let prose = text_of(en.select(&sel("article.summary")).next().unwrap());
    assert!(
        prose.contains("was at rank 8/63 in 2019[1] in the ICT Index."),
        "{prose}"
    );
}

#[test]
fn a_target_past_its_year_without_a_result_is_marked() {
    let (_tmp, out) = build_into_temp(&fixture("reorg"), None);
    let cells = |rel: &str| -> Vec<String> {
        page(&out, rel)
            .select(&sel("table.data td .badge"))
            .map(text_of)
            .collect()
    };
    // Hà Giang's 2021 revenue target has no result: past due.
    assert!(
        cells("tinh/ha-giang/index.html")
            .contains(&"mục tiêu, đã quá hạn, chưa có số liệu thực hiện".to_string())
    );
    assert!(
        cells("en/tinh/ha-giang/index.html")
            .contains(&"target, past due, no result published".to_string())
    );
    // Tuyên Quang's 2020 revenue target has a 2020 result: a plain target. Its 2020 rank
    // target has none: past due.
    let tq = cells("tinh/tuyen-quang/index.html");
    assert_eq!(
        tq,
        [
            "mục tiêu",
            "mục tiêu, đã quá hạn, chưa có số liệu thực hiện"
        ]
    );
}

#[test]
fn the_province_list_is_viewed_by_units_before_or_after_2025() {
    let (_tmp, out) = build_into_temp(&fixture("reorg"), None);
    let list = page(&out, "tinh/index.html");
    let units: Vec<String> = list.select(&sel("#tu-2025 + ul li")).map(text_of).collect();
    assert_eq!(
        units,
        ["Tuyên Quang: Tuyên Quang, Hà Giang", "Phú Thọ: Vĩnh Phúc"]
    );
    let part_of: Vec<String> = list
        .select(&sel("#truoc-2025 + div tbody td a[href^='/tinh-2025/']"))
        .map(text_of)
        .collect();
    assert_eq!(part_of, ["Tuyên Quang", "Tuyên Quang", "Phú Thọ"]);
    let en = page(&out, "en/tinh/index.html");
    let head = text_of(en.select(&sel("#tu-2025")).next().unwrap());
    assert_eq!(head, "Provincial units from 1 July 2025");
}

#[test]
fn two_editions_give_two_urls_with_the_latest_on_the_province_page() {
    let (_tmp, out) = build_into_temp(&fixture("reorg"), None);
    for (lang, prefix) in [("vi", ""), ("en", "en/")] {
        let page_of = |rel: &str| page(&out, &format!("{prefix}{rel}"));
        let current = page_of("tinh/vinh-phuc/index.html");
        let nav: Vec<String> = current.select(&sel("nav.editions")).map(text_of).collect();
        assert_eq!(nav.len(), 1, "{lang}");
        assert!(nav[0].ends_with("2020 · 2018"), "{lang}: {nav:?}");
        let links: Vec<_> = current
            .select(&sel("nav.editions a"))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert_eq!(links, [format!("/{prefix}tinh/vinh-phuc/2018/")], "{lang}");
        // The page shows the 2020 edition's text; the 2018 edition has its own page.
        let body = text_of(current.select(&sel("article.summary")).next().unwrap());
        assert!(!body.contains("2018"), "{lang}: {body}");
        let earlier = page_of("tinh/vinh-phuc/2018/index.html");
        let body = text_of(earlier.select(&sel("article.summary")).next().unwrap());
        assert!(body.contains("2018"), "{lang}: {body}");
        let back: Vec<_> = earlier
            .select(&sel("nav.editions a"))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert_eq!(back, [format!("/{prefix}tinh/vinh-phuc/")], "{lang}");
    }
    // The feed lists each edition.
    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(
        feed.contains("https://example.org/tinh/vinh-phuc/2018/"),
        "{feed}"
    );
    assert!(feed.contains("<title>Vĩnh Phúc (2018)</title>"), "{feed}");
    assert!(
        feed.contains("https://example.org/tinh/vinh-phuc/</"),
        "{feed}"
    );
}

#[test]
fn serve_rebuilds_an_earlier_edition_like_a_full_build() {
    let (tmp, root, served, mut session) = served_copy();
    let edition = root.join("content/provinces/vinh-phuc/2018.md");
    let text = std::fs::read_to_string(&edition).unwrap();
    std::fs::write(&edition, text.replace("dự kiến.", "dự kiến, đã sửa.")).unwrap();
    rebuild(&mut session, edition);
    let earlier = page(&served, "tinh/vinh-phuc/2018/index.html");
    let body = text_of(earlier.select(&sel("article.summary")).next().unwrap());
    assert!(body.contains("đã sửa"), "{body}");
    assert_same_as_full_build(&root, &served, &tmp.path().join("full"));
}

/// A copy of the fixture in a temporary folder, and a preview session that built it once.
fn served_copy() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    ictreport::serve::Session,
) {
    let (tmp, root) = site_copy("reorg");
    let served = tmp.path().join("served");
    let claimed = ictreport::output::claim(&root, &served).unwrap();
    let mut session = ictreport::serve::Session::new(&root, &claimed).with_pdf(false);
    session.full("first").unwrap_or_else(|d| panic!("{d:?}"));
    (tmp, root, served, session)
}

/// Lets the session rebuild after `changed` was edited, as the server does.
fn rebuild(session: &mut ictreport::serve::Session, changed: std::path::PathBuf) {
    session
        .apply(&[changed])
        .unwrap_or_else(|d| panic!("{d:?}"))
        .expect("an input changed");
    if session.has_deferred() {
        session.finish_deferred().unwrap();
    }
}

#[test]
fn a_unit_that_was_not_merged_is_not_said_to_be_formed_from_itself() {
    // Nghệ An was not merged: one former province, the same.
    let (_tmp, root) = with_province_like_ha_giang("nghe-an", &[("Hà Giang", "Nghệ An")]);
    let (_out_tmp, out) = build_into_temp(&root, None);
    let unit = page(&out, "tinh-2025/nghe-an/index.html");
    let intro = text_of(unit.select(&sel("p.lead")).next().unwrap());
    assert!(
        intro.contains("Nghệ An không hợp nhất với tỉnh nào khác"),
        "{intro}"
    );
    assert!(!intro.contains("hợp nhất từ"), "{intro}");
    let notice = page(&out, "en/tinh/nghe-an/index.html");
    let notice = text_of(notice.select(&sel("p.notice.successor")).next().unwrap());
    assert_eq!(
        notice,
        "Since 1 July 2025, Nghệ An has not been merged with another province and remains a \
         provincial unit: Nghệ An."
    );
}

#[test]
fn a_report_on_a_unit_from_2025_is_listed_on_its_page() {
    let (_tmp, root) = with_province_like_ha_giang(
        "phu-tho",
        &[
            ("unit_before_2025: Hà Giang", "unit_from_2025: Phú Thọ"),
            ("Hà Giang", "Phú Thọ"),
        ],
    );
    let (_out_tmp, out) = build_into_temp(&root, None);
    let unit = page(&out, "tinh-2025/phu-tho/index.html");
    let reports: Vec<_> = unit
        .select(&sel("#bao-cao-tinh-moi + ul a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(reports, ["/tinh/phu-tho/"]);
    let own = page(&out, "tinh/phu-tho/index.html");
    let notice = text_of(own.select(&sel("p.notice.successor")).next().unwrap());
    assert_eq!(
        notice,
        "Phú Thọ là đơn vị hành chính cấp tỉnh từ 01/07/2025; các tỉnh trước đó hợp thành được \
         liệt kê ở trang Phú Thọ."
    );
}

/// A copy of the fixture with one more province `slug`: Hà Giang's files with `replace`d
/// texts.
fn with_province_like_ha_giang(
    slug: &str,
    replace: &[(&str, &str)],
) -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = site_copy("reorg");
    let dir = root.join("content/provinces").join(slug);
    copy_dir(&root.join("content/provinces/ha-giang"), &dir);
    for f in ["index.md", "index.en.md"] {
        let mut text = std::fs::read_to_string(dir.join(f)).unwrap();
        for (from, to) in replace {
            text = text.replace(from, to);
        }
        std::fs::write(dir.join(f), text).unwrap();
    }
    (tmp, root)
}

#[test]
fn two_pages_cannot_both_be_about_one_former_province() {
    let (tmp, root) =
        with_province_like_ha_giang("ha-giang-2", &[("name: Hà Giang", "name: Hà Giang mới")]);
    let opts = ictreport::BuildOptions {
        root,
        output: Some(tmp.path().join("out")),
        base_url: None,
        broken_links_are_warnings: false,
        pdf: false,
    };
    let Err(failure) = ictreport::build(&opts) else {
        panic!("the build fails")
    };
    let shown: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        shown.iter().any(|d| d.contains("ha-giang-2/index.md:4:")
            && d.contains("content/provinces/ha-giang also says it is about `Hà Giang`")),
        "{shown:#?}"
    );
}
