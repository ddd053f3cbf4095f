//! Comparison views of an indicator page: the tile map of Vietnam (63 or 34 units, by the
//! years of the data), the year × province table, and the page's size on a large site.

use std::path::Path;

use crate::common::*;

/// The tiles of a page's map: (unit slug, has data, label texts).
pub(crate) fn map_tiles(doc: &scraper::Html) -> Vec<(String, bool, Vec<String>)> {
    doc.select(&sel("figure.chart-tilemap svg g.tiles > g"))
        .map(|g| {
            let unit = g.value().attr("data-unit").unwrap_or_default().to_string();
            let class = g.value().attr("class").unwrap_or_default();
            let texts = g.select(&sel("text")).map(text_of).collect();
            (unit, !class.contains("no-data"), texts)
        })
        .collect()
}

#[test]
fn the_bundled_revenue_page_maps_the_63_former_provinces() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let doc = page(&out, "chi-so/ict_revenue/index.html");
    let tiles = map_tiles(&doc);
    assert_eq!(tiles.len(), 63);
    let with_data: Vec<(&str, &[String])> = tiles
        .iter()
        .filter(|t| t.1)
        .map(|t| (t.0.as_str(), t.2.as_slice()))
        .collect();
    // The three provinces with revenue figures, each with the year of its latest value.
    assert_eq!(
        with_data,
        [
            ("vinh-phuc", &["V.Phúc".to_string(), "2020".to_string()][..]),
            ("thanh-hoa", &["T.Hóa".to_string(), "2020".to_string()][..]),
            (
                "ninh-thuan",
                &["N.Thuận".to_string(), "2017".to_string()][..]
            ),
        ]
    );
    let ha_giang = tiles.iter().find(|t| t.0 == "ha-giang").unwrap();
    assert_eq!(ha_giang.2, ["H.Giang"]);
    let svg = doc.select(&sel("figure.chart-tilemap svg")).next().unwrap();
    let legend = text_of(svg.select(&sel("g.legend")).next().unwrap());
    assert!(legend.contains("Không có số liệu"), "{legend}");
    assert!(legend.contains("tỷ đồng"), "{legend}");
    // Accessible: named by its title and description, and its figures as a table.
    let title = text_of(svg.select(&sel("title")).next().unwrap());
    assert!(
        title.contains("63 tỉnh, thành phố trước 01/07/2025"),
        "{title}"
    );
    let table_rows = doc
        .select(&sel("figure.chart-tilemap details table tbody tr"))
        .count();
    assert_eq!(table_rows, 3);
    let html = std::fs::read_to_string(out.join("chi-so/ict_revenue/index.html")).unwrap();
    let at = html.find("class=\"chart-svg chart-tilemap\"").unwrap();
    let start = html[..at].rfind("<svg").unwrap();
    let end = start + html[start..].find("</svg>").unwrap() + 6;
    roxmltree::Document::parse(&html[start..end]).expect("the map is well-formed XML");
    // English names the same map in English.
    let en = page(&out, "en/chi-so/ict_revenue/index.html");
    let legend = text_of(
        en.select(&sel("figure.chart-tilemap g.legend"))
            .next()
            .unwrap(),
    );
    assert!(legend.contains("No data"), "{legend}");
}

/// A copy of the `good` fixture with a province page about Hà Nội as a unit from 2025.
fn site_with_a_2025_unit(year: u16) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&fixture("good"), site.path());
    let sources = site.path().join("content/sources.yaml");
    let mut text = std::fs::read_to_string(&sources).unwrap();
    text.push_str(
        "- id: ha-noi\n  title: Bài viết thử về Hà Nội\n  publisher: Báo Thử\n  date: 2026-01-15\n",
    );
    std::fs::write(&sources, text).unwrap();
    let dir = site.path().join("content/provinces/ha-noi");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.md"),
        "---\nname: Hà Nội\nregion: Đồng bằng sông Hồng\nunit_from_2025: Hà Nội\nsources: [ha-noi]\n---\n\nThủ đô.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("metrics.yaml"),
        format!("ict_revenue:\n  - year: {year}\n    value: 120000\n    source: ha-noi\n"),
    )
    .unwrap();
    site
}

#[test]
fn figures_from_2025_units_get_the_34_unit_map() {
    let site = site_with_a_2025_unit(2025);
    let (_tmp, out) = build_into_temp(site.path(), None);
    let doc = page(&out, "chi-so/ict_revenue/index.html");
    let tiles = map_tiles(&doc);
    assert_eq!(tiles.len(), 34);
    let data: Vec<&str> = tiles.iter().filter(|t| t.1).map(|t| t.0.as_str()).collect();
    assert_eq!(data, ["ha-noi"]);
    let title = text_of(
        doc.select(&sel("figure.chart-tilemap figcaption"))
            .next()
            .unwrap(),
    );
    assert!(
        title.contains("34 tỉnh, thành phố từ 01/07/2025"),
        "{title}"
    );

    // The same unit with a figure from before the change: the 63 former provinces, where
    // Hà Nội (not merged) has its own tile.
    let site = site_with_a_2025_unit(2024);
    let (_tmp, out) = build_into_temp(site.path(), None);
    let doc = page(&out, "chi-so/ict_revenue/index.html");
    let tiles = map_tiles(&doc);
    assert_eq!(tiles.len(), 63);
    let data: Vec<&str> = tiles.iter().filter(|t| t.1).map(|t| t.0.as_str()).collect();
    assert_eq!(data, ["ha-noi"]);
}

#[test]
fn a_site_without_units_has_no_map() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let doc = page(&out, "chi-so/ict_revenue/index.html");
    assert_eq!(doc.select(&sel("figure.chart-tilemap")).count(), 0);
}

#[test]
fn the_year_table_has_a_column_per_year_and_a_row_per_province() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let doc = page(&out, "chi-so/ict_revenue/index.html");
    let head: Vec<String> = doc
        .select(&sel("table.years thead th"))
        .map(text_of)
        .collect();
    assert_eq!(head[0], "Tỉnh");
    let years = &head[1..];
    let mut sorted = years.to_vec();
    sorted.sort();
    assert_eq!(years, sorted, "years ascend");
    assert!(years.contains(&"2015".to_string()) && years.contains(&"2020".to_string()));
    let rows: Vec<Vec<String>> = doc
        .select(&sel("table.years tbody tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text_of).collect())
        .collect();
    assert_eq!(rows.len(), 2);
    // Best first, as the latest-figure table; each cell under its year.
    assert_eq!(rows[0][0], "Alpha");
    let col = |y: &str| 1 + years.iter().position(|h| h == y).unwrap();
    assert_eq!(rows[0][col("2015")], "3.566[1]");
    assert!(rows[0][col("2020")].starts_with("khoảng 79.300 dự kiến"));
    assert_eq!(rows[1][0], "Đắk Lắk");
    assert_eq!(rows[1][col("2015")], "");
    // Sortable where JavaScript runs: every value cell has the number it sorts by.
    let table = doc.select(&sel("table.years")).next().unwrap();
    assert!(table.value().attr("data-sortable").is_some());
    let sort: Vec<f64> = doc
        .select(&sel("table.years td[data-sort]"))
        .filter_map(|td| td.value().attr("data-sort")?.parse().ok())
        .collect();
    assert!(
        sort.contains(&3566.0) && sort.contains(&79300.0),
        "{sort:?}"
    );
    let script = doc.select(&sel("script[src]")).next().unwrap();
    let src = script.value().attr("src").unwrap();
    let name = src.rsplit('/').next().unwrap();
    assert!(out.join("static").join(name).is_file(), "{src}");
}

#[test]
fn a_large_site_lists_the_top_and_bottom_of_the_ranking() {
    let site = tempfile::tempdir().unwrap();
    many_provinces(site.path(), 130);
    let (_tmp, out) = build_into_temp(site.path(), None);
    let doc = page(&out, "chi-so/ict_revenue/index.html");
    for table in ["table.data", "table.years"] {
        let names: Vec<String> = doc
            .select(&sel(&format!("{table} tbody tr:not(.left-out) th")))
            .map(text_of)
            .collect();
        assert_eq!(names.len(), 100, "{table}");
        // Highest revenue first: 0129 down to 0080, then 0049 down to 0000.
        assert_eq!(names[0], "Tỉnh 0129");
        assert_eq!(names[49], "Tỉnh 0080");
        assert_eq!(names[50], "Tỉnh 0049");
        assert_eq!(names[99], "Tỉnh 0000");
        let gap = doc
            .select(&sel(&format!("{table} tr.left-out")))
            .next()
            .map(text_of)
            .unwrap_or_default();
        assert!(gap.contains("còn 30 tỉnh"), "{gap}");
    }
    // Sorting a partial table would mislead: it is left as ranked.
    let table = doc.select(&sel("table.years")).next().unwrap();
    assert!(table.value().attr("data-sortable").is_none());
    let notice = text_of(doc.select(&sel("p.notice a[download]")).next().unwrap());
    assert_eq!(notice, "CSV");
    // `check` knows the rows left out: it declares only the row anchors the page has.
    let (loaded, _) = ictreport::content::load(site.path());
    let (model, _) = ictreport::validate::validate(&loaded);
    let plan = ictreport::render::plan::link_plan(&model.expect("site"));
    let declared = &plan.anchors["chi-so/ict_revenue/index.html"];
    let ids: std::collections::HashSet<&str> = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    assert!(declared.iter().all(|a| ids.contains(a.as_str())));
    assert!(!declared.contains("tinh-tinh-0060") && declared.contains("tinh-tinh-0129"));
}

/// The root element and the texts of an SVG file.
fn svg_file(path: &Path) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc =
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert!(root.attribute("width").is_some() && root.attribute("height").is_some());
    let styles = doc
        .descendants()
        .filter(|n| n.has_tag_name("style"))
        .count();
    assert_eq!(styles, 1, "{}", path.display());
    let texts = root
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    (root.tag_name().name().to_string(), texts)
}

#[test]
fn charts_are_also_svg_files_linked_under_them() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let doc = page(&out, "chi-so/ict_revenue/index.html");
    let links: Vec<(String, String)> = doc
        .select(&sel("figure.chart p.chart-file a[download]"))
        .map(|a| (a.value().attr("href").unwrap().to_string(), text_of(a)))
        .collect();
    assert_eq!(
        links,
        [
            (
                "/chi-so/ict_revenue/so-sanh.svg".to_string(),
                "Tải SVG".to_string()
            ),
            (
                "/chi-so/ict_revenue/ban-do.svg".to_string(),
                "Tải SVG".to_string()
            ),
        ]
    );
    for name in ["so-sanh.svg", "ban-do.svg"] {
        let (root, texts) = svg_file(&out.join("chi-so/ict_revenue").join(name));
        assert_eq!(root, "svg");
        // Title and description for readers and screen readers, the source line visible.
        assert!(texts[0].starts_with("Doanh thu toàn ngành"), "{texts:?}");
        assert!(!texts[1].is_empty());
        let all = texts.join(" ");
        assert!(all.contains("Nguồn: [1]"), "{name}: {all}");
    }
    // A province's headline chart, in both languages.
    for (rel, word) in [
        ("tinh/vinh-phuc/", "Tải SVG"),
        ("en/tinh/vinh-phuc/", "Download SVG"),
    ] {
        let doc = page(&out, &format!("{rel}index.html"));
        let a = doc.select(&sel("p.chart-file a")).next().expect(rel);
        assert_eq!(text_of(a), word);
        assert!(
            a.value()
                .attr("href")
                .unwrap()
                .ends_with(&format!("{rel}bieu-do.svg"))
        );
        svg_file(&out.join(rel).join("bieu-do.svg"));
    }
    // Few files: an indicator with one province has a map on its page but no file.
    let single = out.join("chi-so/department_staff");
    assert!(single.join("index.html").is_file());
    assert!(!single.join("ban-do.svg").exists() && !single.join("so-sanh.svg").exists());
}

#[test]
fn every_page_has_a_share_card() {
    let (_tmp, out) = build_into_temp(&repo(), Some("https://example.org/ict/"));
    let meta = |doc: &scraper::Html, key: &str| -> Option<String> {
        let css = format!("meta[property=\"{key}\"], meta[name=\"{key}\"]");
        doc.select(&sel(&css))
            .next()
            .and_then(|m| m.value().attr("content").map(str::to_string))
    };
    let doc = page(&out, "tinh/vinh-phuc/index.html");
    assert_eq!(meta(&doc, "og:title").as_deref(), Some("Vĩnh Phúc"));
    assert_eq!(
        meta(&doc, "og:url").as_deref(),
        Some("https://example.org/ict/tinh/vinh-phuc/")
    );
    assert!(meta(&doc, "og:description").is_some_and(|d| !d.is_empty()));
    assert_eq!(meta(&doc, "og:type").as_deref(), Some("article"));
    assert_eq!(meta(&doc, "og:locale").as_deref(), Some("vi_VN"));
    assert_eq!(meta(&doc, "twitter:card").as_deref(), Some("summary"));
    let home = page(&out, "en/index.html");
    assert_eq!(meta(&home, "og:type").as_deref(), Some("website"));
    assert_eq!(meta(&home, "og:locale").as_deref(), Some("en_US"));
    for file in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
    {
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(file.path()).unwrap());
        for key in ["og:title", "og:url", "og:type", "twitter:card"] {
            assert!(
                meta(&doc, key).is_some(),
                "{key} in {}",
                file.path().display()
            );
        }
    }
    // A path base URL has no address to share: no og:url, the rest stays.
    let (_tmp, out) = build_into_temp(&repo(), None);
    let doc = page(&out, "tinh/vinh-phuc/index.html");
    assert!(meta(&doc, "og:url").is_none() && meta(&doc, "og:title").is_some());
}

/// Whether `s` holds a `#rrggbb` colour.
fn has_hex_colour(s: &str) -> bool {
    s.match_indices('#').any(|(i, _)| {
        let six: Vec<char> = s[i + 1..].chars().take(7).collect();
        six.len() >= 6
            && six[..6].iter().all(char::is_ascii_hexdigit)
            && six.get(6).is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// The map takes every colour from the theme (tiles, their labels, the hatch, the legend),
/// so the dark scheme recolours it like every other chart (issue 28 item 3).
#[test]
fn the_map_takes_its_colours_from_the_theme_in_both_schemes() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let svg = map_svg(&out, "chi-so/ict_revenue/index.html");
    assert!(
        !has_hex_colour(&svg),
        "a colour written into the map: {svg}"
    );
    let file =
        std::fs::read_to_string(out.join("chi-so/ict_revenue/ban-do.svg")).expect("map file");
    // The file's chart (its own white page and title lines aside).
    let body = &file[file.find("<svg class=\"chart-svg\"").expect("chart")..];
    assert!(!has_hex_colour(body), "a colour written into the map file");

    let css = std::fs::read_to_string(repo().join("themes/default/static/charts.css")).unwrap();
    let (light, dark) = css
        .split_once("@media (prefers-color-scheme: dark)")
        .expect("a dark scheme");
    let ramps: Vec<&str> = svg
        .split(|c: char| c == '"' || c.is_whitespace())
        .filter(|w| w.starts_with("ramp-"))
        .collect();
    assert!(ramps.len() >= 5, "{ramps:?}");
    for ramp in ramps {
        let n = &ramp["ramp-".len()..];
        for var in [format!("--map-{n}:"), format!("--map-ink-{n}:")] {
            assert!(
                light.contains(&var) && dark.contains(&var),
                "{var} in both schemes"
            );
        }
        assert!(
            css.contains(&format!(".chart-svg .{ramp} rect")),
            "{ramp} styled"
        );
    }
}
