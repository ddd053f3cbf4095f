//! Builds fixture sites and the bundled site, then reads the produced HTML like a reader would.

use crate::common::*;
use ictreport::model::Lang;
use ictreport::model::Status;
use ictreport::values;

#[test]
fn fixture_pages_show_formatted_values_with_sources() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let doc = page(&out, "tinh/alpha/index.html");
    let cells: Vec<String> = doc.select(&sel("table.data td.num")).map(text_of).collect();
    for expected in [
        "3.566 tỷ đồng",
        "72.120 tỷ đồng",
        "khoảng 79.300 tỷ đồng",
        "98,3%",
        "100%",
        "hơn 1.336 chứng thư",
        "hạng 10/63",
    ] {
        assert!(
            cells.iter().any(|c| c == expected),
            "{expected} not in {cells:?}"
        );
    }
    // Every figure cites its source on the sources page: in its row, or once for its
    // indicator's rows when they share it.
    let cites = row_citations(&doc);
    assert_eq!(cites.len(), 8);
    assert!(
        cites
            .iter()
            .all(|(_, h)| h == "/ict/nguon/#nguon-alpha-2020")
    );
    // Status words appear as badges; the 2025 target has no result and its year is past.
    let badges: Vec<String> = doc.select(&sel("table.data .badge")).map(text_of).collect();
    assert_eq!(
        badges,
        ["dự kiến", "mục tiêu, đã quá hạn, chưa có số liệu thực hiện"]
    );
}

#[test]
fn inline_values_come_from_the_data() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let doc = page(&out, "tinh/alpha/index.html");
    let fig = doc
        .select(&sel("article.summary a.fig"))
        .next()
        .expect("inline value");
    assert_eq!(text_of(fig), "72.120 tỷ đồng");
    assert_eq!(
        fig.value().attr("href"),
        Some("/ict/nguon/#nguon-alpha-2020")
    );
    let dak = page(&out, "tinh/dak-lak/index.html");
    let fig = dak
        .select(&sel("article.summary a.fig"))
        .next()
        .expect("inline value");
    assert_eq!(text_of(fig), "68%");
}

#[test]
fn raw_html_in_markdown_is_escaped_by_default() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let html = std::fs::read_to_string(out.join("tinh/alpha/index.html")).unwrap();
    assert!(html.contains("&lt;b&gt;tăng trưởng&lt;/b&gt;"));
    assert!(!html.contains("<b>tăng trưởng</b>"));
}

#[test]
fn indicator_page_shows_each_province_with_its_year() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let doc = page(&out, "chi-so/ict_revenue/index.html");
    let rows: Vec<Vec<String>> = doc
        .select(&sel("table.data tbody tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text_of).collect())
        .collect();
    // Alpha's latest reported value is the 2020 estimate; Đắk Lắk's is 2018. Sorted best first.
    assert_eq!(rows[0][..3], ["Alpha", "2020", "khoảng 79.300 tỷ đồng"]);
    assert_eq!(rows[1][..3], ["Đắk Lắk", "2018", "520,9 tỷ đồng"]);
    let notice = doc
        .select(&sel("p.notice"))
        .next()
        .map(text_of)
        .unwrap_or_default();
    assert!(notice.contains("năm của số liệu khác nhau"), "{notice}");
}

#[test]
fn all_internal_links_resolve_under_a_sub_path() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    assert_eq!(broken_links(&out, "/ict/"), Vec::<String>::new());
    let home = page(&out, "index.html");
    let canonical = home.select(&sel("link[rel=canonical]")).next().unwrap();
    assert_eq!(
        canonical.value().attr("href"),
        Some("https://example.org/ict/")
    );
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let (_tmp, out) = build_into_temp(&fixture("good"), Some("/bao-cao/"));
    assert_eq!(broken_links(&out, "/bao-cao/"), Vec::<String>::new());
}

/// Each body row of a page's data tables: its cells' texts and the source it cites, in the
/// row or in a cell spanning the rows of its indicator (`rowspan`).
fn row_citations(doc: &scraper::Html) -> Vec<(Vec<String>, String)> {
    let href = |el: scraper::ElementRef| -> Option<String> {
        let a = el.select(&sel("a[href*='nguon/#']")).next()?;
        a.value().attr("href").map(String::from)
    };
    let mut out = Vec::new();
    for tbody in doc.select(&sel("table.data tbody")) {
        let spanning = tbody.select(&sel("td[rowspan]")).next().and_then(href);
        for tr in tbody.select(&sel("tr")) {
            let own = tr.select(&sel("td:not([rowspan])")).find_map(href);
            let tds = tr.select(&sel("td:not([rowspan])")).map(text_of).collect();
            if let Some(cite) = own.or_else(|| spanning.clone()) {
                out.push((tds, cite));
            }
        }
    }
    out
}

/// The bundled site: every observation of every province appears on its page, formatted,
/// with a citation to its source.
#[test]
fn bundled_site_shows_every_figure_with_its_source() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let (loaded, _) = ictreport::content::load(&repo());
    let (site, diags) = ictreport::validate::validate(&loaded);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let site = site.unwrap();
    assert_eq!(site.provinces.len(), 5);
    let theme =
        ictreport::render::Theme::load(&ictreport::content::SiteDir::new(&repo()), "default")
            .unwrap_or_else(|d| panic!("{d:?}"));
    for p in &site.provinces {
        let doc = page(&out, &format!("tinh/{}/index.html", p.slug));
        let rows: Vec<(String, String, String)> = row_citations(&doc)
            .into_iter()
            .filter_map(|(tds, cite)| Some((tds.first()?.clone(), tds.get(1)?.clone(), cite)))
            .collect();
        let mut count = 0;
        for s in &p.series {
            let ind = site.indicator(s.indicator);
            for o in &s.observations {
                count += 1;
                let value = values::Figure::new(ind, o, Lang::Vi, &theme.i18n)
                    .value()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let year = values::year_text(o);
                let cite = format!("/nguon/#nguon-{}", site.source(o.source).id);
                assert!(
                    rows.iter()
                        .any(|(y, v, c)| *y == year && v.starts_with(&value) && *c == cite),
                    "{}: {} {year} {value} ({cite}) missing from the table",
                    p.slug,
                    ind.id
                );
                if o.status == Status::Estimate {
                    assert!(value.chars().any(|c| c.is_ascii_digit()));
                }
            }
        }
        assert_eq!(rows.len(), count, "{}: table rows vs observations", p.slug);
    }
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
    for rel in [
        "index.html",
        "tinh/index.html",
        "chi-so/index.html",
        "nguon/index.html",
        "404.html",
        "gioi-thieu/index.html",
        "chi-so/ict_revenue/index.html",
    ] {
        assert!(out.join(rel).is_file(), "{rel} missing");
    }
}

#[test]
fn derived_figures_are_computed_on_the_page() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let alpha = page(&out, "tinh/alpha/index.html");
    let items: Vec<String> = alpha.select(&sel("ul.derived li")).map(text_of).collect();
    let revenue = items
        .iter()
        .find(|t| t.starts_with("Doanh thu toàn ngành"))
        .expect("revenue growth");
    // 79.300 / 3.566 = 22,24; CAGR over 5 years = 85,96%.
    // The 2020 value is "khoảng … (dự kiến)": the computed figures inherit both.
    assert!(revenue.contains("gấp khoảng 22,24 lần"), "{revenue}");
    assert!(revenue.contains("(dự kiến)"), "{revenue}");
    assert!(revenue.contains("khoảng +86%/năm"), "{revenue}");
    assert!(
        revenue.contains("2019–2020: khoảng +7.180 tỷ đồng (khoảng +10%) (dự kiến)"),
        "{revenue}"
    );
    let dak = page(&out, "tinh/dak-lak/index.html");
    let items: Vec<String> = dak.select(&sel("ul.derived li")).map(text_of).collect();
    assert!(
        items
            .iter()
            .any(|t| t.contains("2018: 111,35 thuê bao/100 dân")),
        "{items:?}"
    );
}

/// `home_provinces` caps the cards on the home page; the provinces page still lists all.
#[test]
fn home_page_shows_at_most_home_provinces_cards() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&fixture("good"), site.path());
    let yaml = site.path().join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}home_provinces: 1\n")).unwrap();
    let (_tmp, out) = build_into_temp(site.path(), None);
    let home = page(&out, "index.html");
    assert_eq!(home.select(&sel("ul.cards > li.card")).count(), 1);
    let more = home
        .select(&sel("p.more a"))
        .next()
        .expect("a link to all provinces");
    assert_eq!(more.value().attr("href"), Some("/ict/tinh/"));
    assert!(text_of(more).contains("(2)"), "{}", text_of(more));
    let all = page(&out, "tinh/index.html");
    assert_eq!(all.select(&sel("tbody tr")).count(), 2);
    // Without the setting both fit, and no link is needed.
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let home = page(&out, "index.html");
    assert_eq!(home.select(&sel("ul.cards > li.card")).count(), 2);
    assert!(home.select(&sel("p.more")).next().is_none());
}

#[test]
fn a_theme_can_override_the_indicator_row_partials() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&fixture("good"), site.path());
    let dir = site.path().join("themes/default/templates/partials");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("indicator_row.html"),
        "<tr class=\"mine\"><th scope=\"row\">{{ row.province.title }}</th><td>{{ row.figure.value }}</td><td>{{ site.title }}</td><td>{{ t.col_value }}</td></tr>\n",
    )
    .unwrap();
    let (_tmp, out) = build_into_temp(site.path(), None);
    let doc = page(&out, "chi-so/ict_revenue/index.html");
    let rows: Vec<Vec<String>> = doc
        .select(&sel("table.data tbody tr.mine"))
        .map(|tr| tr.select(&sel("th, td")).map(text_of).collect())
        .collect();
    assert_eq!(
        rows,
        [
            [
                "Alpha",
                "khoảng 79.300 tỷ đồng",
                "Báo cáo thử nghiệm",
                "Giá trị"
            ],
            ["Đắk Lắk", "520,9 tỷ đồng", "Báo cáo thử nghiệm", "Giá trị"],
        ]
    );
    // The year × province table still comes from the default partial, one row per
    // province, anchored by its folder name.
    let anchors: Vec<&str> = doc
        .select(&sel("table.years tbody tr[id]"))
        .filter_map(|h| h.value().attr("id"))
        .collect();
    assert_eq!(anchors, ["tinh-alpha", "tinh-dak-lak"]);
}

/// `check` tests Markdown `#fragment`s against the anchors the layout declares for each page
/// (plus its body's headings), without rendering. Every id the default theme writes that a
/// reader could link to must be among them, or `check` would refuse a link `build` accepts.
/// Ids inside figures (chart titles, descriptions, patterns) are not link targets.
#[test]
fn declared_anchors_cover_every_section_id_of_the_bundled_site() {
    for root in [repo(), fixture("good")] {
        let (_tmp, out) = build_into_temp(&root, None);
        let (loaded, _) = ictreport::content::load(&root);
        let (site, _) = ictreport::validate::validate(&loaded);
        let mut site = site.unwrap();
        // As `build_into_temp` built it: without the PDF edition.
        site.config.pdf = false;
        let theme =
            ictreport::render::Theme::load(&ictreport::content::SiteDir::new(&root), "default")
                .unwrap_or_else(|d| panic!("{d:?}"));
        let plan = ictreport::render::plan::link_plan(&site);
        let mut undeclared = Vec::new();
        let mut checked = 0;
        for (file, declared) in &plan.anchors {
            let doc = page(&out, file);
            for el in doc.select(&sel("[id]")) {
                let in_figure = el
                    .ancestors()
                    .filter_map(scraper::ElementRef::wrap)
                    .any(|a| matches!(a.value().name(), "figure" | "svg"));
                if in_figure || matches!(el.value().name(), "figure" | "svg") {
                    continue;
                }
                let id = el.value().attr("id").unwrap_or_default();
                checked += 1;
                if !declared.contains(id) {
                    undeclared.push(format!("{file}: #{id} ({})", el.value().name()));
                }
            }
        }
        assert!(
            checked > 50,
            "only {checked} ids seen in {}",
            root.display()
        );
        assert_eq!(undeclared, Vec::<String>::new(), "{}", root.display());
        // Every page the plan lists was written, and nothing else was.
        let written: std::collections::HashSet<String> = tree(&out)
            .into_keys()
            .filter(|p| !p.starts_with("pagefind/") && !p.starts_with(".ictreport"))
            .collect();
        let planned: std::collections::HashSet<String> =
            ictreport::render::plan::planned_files(&site, &theme)
                .into_iter()
                .filter(|p| !p.starts_with("pagefind/"))
                .collect();
        assert_eq!(
            written.symmetric_difference(&planned).collect::<Vec<_>>(),
            Vec::<&String>::new()
        );
    }
}
