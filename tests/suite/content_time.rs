//! Issue 25 on the bundled site: nothing from an article's time stated as current (and the
//! `check` warning that finds it), a claims table that lists every claim as the article gave
//! it, and the two re-readings (96,69% of communes; "máy/100 dân" as subscriptions).

use crate::common::*;
use ictreport::i18n::I18n;
use ictreport::model::{Kind, Lang, Site};
use ictreport::values::Figure;

const PRESENT_TENSE: &str = "states a fact as current";

fn bundled_site() -> Site {
    let (loaded, _) = ictreport::content::load(&repo());
    let (site, diags) = ictreport::validate::validate(&loaded);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    site.expect("the bundled site validates")
}

/// The text of every claims-table row of a page.
fn claim_rows(out: &std::path::Path, rel: &str) -> Vec<(String, String)> {
    page(out, rel)
        .select(&sel("table.claims tr.claim"))
        .map(|tr| {
            let class = tr.value().attr("class").unwrap_or_default().to_string();
            (text_of(tr), class)
        })
        .collect()
}

#[test]
fn check_on_the_bundled_site_gives_no_present_tense_warning() {
    let report = ictreport::check(&repo()).expect("the bundled site passes check");
    let stale: Vec<String> = report
        .warnings
        .iter()
        .filter(|d| d.message.contains(PRESENT_TENSE))
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    assert!(stale.is_empty(), "{stale:#?}");
}

/// The small fixture whose province summary says "Hiện nay" with no date (one warning), and
/// a dated "Đến nay (10/2020)" (none).
fn site_stating_a_fact_as_current() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = site_copy("good-min");
    let index = root.join("content/provinces/alpha/index.md");
    let text = std::fs::read_to_string(&index).expect("alpha");
    let text = text.replace(
        "summary: Tỉnh thử nghiệm.",
        "summary: Hiện nay tỉnh có 5 cổng thông tin.",
    ) + "\nĐến nay (10/2020), tỉnh có 3 cổng. Nó is known for them.\n";
    std::fs::write(&index, text).expect("write alpha");
    (tmp, root)
}

/// The preview runs the same publish step: it warns on its first build and again after an
/// edit of the province (it used to skip the step, and so the warning).
#[test]
fn the_preview_warns_of_it_first_and_after_an_edit() {
    let (tmp, root) = site_stating_a_fact_as_current();
    let claimed = ictreport::output::claim(&root, &tmp.path().join("served")).expect("claim");
    let mut session = ictreport::serve::Session::new(&root, &claimed);
    let first = session
        .full("first")
        .expect("a warning does not fail the preview");
    let index = root.join("content/provinces/alpha/index.md");
    let text = std::fs::read_to_string(&index).expect("alpha");
    std::fs::write(&index, text + "\nMột câu nữa.\n").expect("write alpha");
    let edited = session
        .apply(std::slice::from_ref(&index))
        .expect("a warning does not fail the preview")
        .expect("an input changed");
    for warnings in [&first.warnings, &edited.warnings] {
        let found: Vec<String> = warnings
            .iter()
            .filter(|d| d.message.contains(PRESENT_TENSE))
            .map(|d| d.location())
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].ends_with("index.md:5:10"), "{found:?}");
    }
}

#[test]
fn check_and_build_both_warn_of_an_undated_present_tense_sentence() {
    let (tmp, root) = site_stating_a_fact_as_current();
    let checked = ictreport::check(&root).expect("a warning does not fail check");
    let built = ictreport::build(&ictreport::BuildOptions {
        root: root.clone(),
        output: Some(tmp.path().join("out")),
        base_url: None,
        broken_links_are_warnings: false,
        pdf: false,
    })
    .expect("a warning does not fail build");
    for warnings in [&checked.warnings, &built.warnings] {
        let found: Vec<_> = warnings
            .iter()
            .filter(|d| d.message.contains(PRESENT_TENSE))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("\"Hiện nay\""), "{found:?}");
        assert!(
            found[0].location().ends_with("index.md:5:10"),
            "{}",
            found[0].location()
        );
        assert!(
            found[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("tại thời điểm bài viết")
        );
    }
}

/// The present-tense warnings of `diags`, each in full (location, words, hint), in order.
fn present_tense(diags: &[ictreport::diagnostic::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.message.contains(PRESENT_TENSE))
        .map(|d| format!("{d:?}"))
        .collect()
}

/// Each body's present-tense warnings are found once, as validation reads it, and the
/// preview finds them again only for the provinces an edit re-reads: after an edit it says
/// exactly what a fresh `check` and `build` say, of the edited province, of the one it
/// kept, and of a free page.
#[test]
fn a_preview_edit_warns_of_facts_stated_as_current_as_a_fresh_check_does() {
    let (tmp, root) = site_copy("good");
    let append = |rel: &str, text: &str| {
        let path = root.join(rel);
        let old = std::fs::read_to_string(&path).expect(rel);
        std::fs::write(&path, old + text).expect(rel);
        path
    };
    append(
        "content/provinces/alpha/index.md",
        "\nHiện nay tỉnh có 3 cổng thông tin.\n",
    );
    append("content/about.md", "\nCurrently the page is a test.\n");
    let dak_lak = append(
        "content/provinces/dak-lak/index.md",
        "\nĐến nay, tỉnh có 12 đơn vị.\n",
    );
    let claimed = ictreport::output::claim(&root, &tmp.path().join("served")).expect("claim");
    let mut session = ictreport::serve::Session::new(&root, &claimed).with_pdf(false);
    let first = session.full("first").expect("warnings only");
    assert_eq!(
        present_tense(&first.warnings).len(),
        3,
        "{:#?}",
        first.warnings
    );
    // The edit drops dak-lak's marker and writes two others, on other lines.
    let text = std::fs::read_to_string(&dak_lak).expect("dak-lak");
    let text = text.replace(
        "Đến nay, tỉnh có 12 đơn vị.",
        "Tỉnh có 12 đơn vị. Hiện tại, Sở có 4 phòng.\n\nTrước đây, Sở hiện có 2 phòng.",
    );
    std::fs::write(&dak_lak, text).expect("dak-lak");
    let edited = session
        .apply(std::slice::from_ref(&dak_lak))
        .expect("warnings only")
        .expect("an input changed");
    let checked = ictreport::check(&root).expect("warnings only");
    let built = build_with(&root, &tmp.path().join("out"), None, false).expect("warnings only");
    let said = present_tense(&edited.warnings);
    assert_eq!(said, present_tense(&checked.warnings));
    assert_eq!(said, present_tense(&built.warnings));
    let words: Vec<&str> = ["Hiện nay", "Currently", "Hiện tại", "hiện có"]
        .into_iter()
        .filter(|w| said.iter().any(|d| d.contains(w)))
        .collect();
    assert_eq!(words.len(), 4, "{said:#?}");
    assert_eq!(said.len(), 4, "{said:#?}");
    assert!(!said.iter().any(|d| d.contains("Đến nay")), "{said:#?}");
}

#[test]
fn the_claims_table_is_complete_and_keeps_the_articles_words() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    // Vĩnh Phúc: the 2020 revenue was "dự kiến … khoảng": the row says so on both sides.
    let rows = claim_rows(&out, "tinh/vinh-phuc/index.html");
    let (revenue, _) = rows
        .iter()
        .find(|(t, _)| t.contains("Doanh thu"))
        .expect("the revenue claim");
    assert!(revenue.contains("gấp 22,3 lần (dự kiến)"), "{revenue}");
    assert!(
        revenue.contains("gấp khoảng 22,24 lần (dự kiến)"),
        "{revenue}"
    );
    // Thanh Hóa: its three rank changes, each a claim on the 2019 rank.
    let rows = claim_rows(&out, "tinh/thanh-hoa/index.html");
    let ranks: Vec<&String> = rows
        .iter()
        .map(|(t, _)| t)
        .filter(|t| t.contains("2019 so với 2018"))
        .collect();
    assert_eq!(ranks.len(), 3, "{rows:#?}");
    for (row, words) in ranks
        .iter()
        .zip(["tăng 1 bậc", "tăng 14 bậc", "tăng 1 bậc"])
    {
        assert!(row.contains(words), "{row}");
    }
    let en = claim_rows(&out, "en/tinh/thanh-hoa/index.html");
    assert_eq!(
        en.iter().filter(|(t, _)| t.contains("up by")).count(),
        3,
        "{en:#?}"
    );
    // Nghệ An: "hơn 12.245" beside parts that add up to exactly 12.245.
    let rows = claim_rows(&out, "tinh/nghe-an/index.html");
    let (total, class) = rows
        .iter()
        .find(|(t, _)| t.contains("hơn 12.245"))
        .expect("the stated total");
    assert!(total.contains("1.947 + 10.298 = 12.245"), "{total}");
    assert!(total.contains("Khớp") && total.contains("“hơn”"), "{total}");
    assert_eq!(class, "claim claim-agrees");
    let en = claim_rows(&out, "en/tinh/nghe-an/index.html");
    assert!(
        en.iter()
            .any(|(t, _)| t.contains("1,947 + 10,298 = 12,245") && t.contains("Consistent")),
        "{en:#?}"
    );
}

#[test]
fn ranks_in_prose_carry_year_and_denominator() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let text = text_of(page(&out, "tinh/thanh-hoa/index.html").root_element());
    assert!(text.contains("hạng 3/63 năm 2020"), "national portal rank");
    assert!(text.contains("hạng 8/63 năm 2019"));
    // Every national rank of the bundled data says out of how many (a rank within the
    // province's own departments has no known denominator, and its note says so).
    let site = bundled_site();
    for p in &site.provinces {
        for series in &p.series {
            let ind = site.indicator(series.indicator);
            if ind.kind != Kind::Rank || ind.id == "dept_par_rank_in_province" {
                continue;
            }
            for obs in &series.observations {
                assert_eq!(
                    obs.out_of,
                    Some(63),
                    "{} {} {}",
                    p.slug,
                    ind.id,
                    obs.year.get()
                );
            }
        }
    }
}

#[test]
fn the_two_re_readings_are_back_to_what_the_figures_support() {
    let site = bundled_site();
    assert!(site.find_indicator("telephone_sets").is_none());
    let of = |slug: &str, id: &str, year: u16| {
        let p = site.provinces.iter().find(|p| p.slug == slug).expect(slug);
        let r = site.find_indicator(id).expect(id);
        let series = p.series_of(r).expect(id);
        let o = series
            .observations
            .iter()
            .find(|o| o.year.get() == year)
            .cloned()
            .expect("the observation");
        let figure = Figure::new(site.indicator(r), &o, Lang::Vi, I18n::embedded());
        (figure.machine_value().to_string(), o)
    };
    let (number, phones) = of("nghe-an", "telephone_subscribers", 2005);
    assert_eq!(number, "182079");
    assert!(phones.note.as_deref().unwrap_or("").contains("\"máy\""));
    let density = site.find_indicator("telephone_density").expect("density");
    assert_eq!(site.indicator(density).unit, "thuê bao/100 dân");
    let (number, communes) = of("thanh-hoa", "commune_edoc_exchange_share", 2020);
    assert_eq!(number, "96.69");
    let note = communes.note.unwrap_or_default();
    assert!(
        note.contains("614/635") && note.contains("Cách đọc khác"),
        "{note}"
    );
    assert!(site.find_indicator("commune_signed_edocs_share").is_none());
}
