//! Charts from a small site loaded through the real pipeline: the SVG is well-formed and
//! accessible, draws one mark per figure, labels with Vietnamese numbers, escapes user text
//! and draws estimates distinctly.
//!
//! Set `CHART_SVG_OUT=/some/dir` to write every chart these tests draw there, for looking at
//! (`rsvg-convert -z 1.5 x.svg -o x.png`).

use std::path::Path;

use ictreport::chart::{self, Chart, ChartKind};
use ictreport::model::Lang;
use ictreport::model::{IndicatorRef, Province, Site};
use roxmltree::{Document, Node};

const SITE_YAML: &str = "title: Thử biểu đồ\nlanguage: vi\n";

const INDICATORS: &str = r#"
categories:
  - id: chung
    name: Chung
    name_en: General
indicators:
  - id: ict_revenue
    name: Doanh thu toàn ngành Thông tin và Truyền thông
    name_en: ICT sector revenue
    unit: tỷ đồng
    unit_en: billion VND
    kind: money
    decimals: 1
    better: higher
    category: chung
  - id: ftth_household_share
    name: Tỷ lệ hộ gia đình có băng rộng cáp quang (FTTH)
    name_en: Households with fibre broadband
    unit: "%"
    kind: percent
    decimals: 1
    better: higher
    category: chung
  - id: ict_index_rank
    name: Xếp hạng ICT Index
    name_en: ICT Index rank
    unit: hạng
    unit_en: rank
    kind: rank
    decimals: 0
    better: lower
    category: chung
  - id: par_index
    name: Chỉ số cải cách hành chính
    name_en: PAR Index
    unit: điểm
    unit_en: points
    kind: score
    decimals: 2
    better: higher
    category: chung
  - id: online_public_services
    name: Dịch vụ công trực tuyến mức độ 3 và 4
    name_en: Online public services at levels 3 and 4
    unit: dịch vụ
    unit_en: services
    kind: count
    decimals: 0
    better: higher
    category: chung
  - id: online_services_level3
    name: Dịch vụ công trực tuyến mức độ 3
    name_en: Online public services at level 3
    unit: dịch vụ
    kind: count
    decimals: 0
    better: higher
    category: chung
    parent: online_public_services
  - id: online_services_level4
    name: Dịch vụ công trực tuyến mức độ 4
    name_en: Online public services at level 4
    unit: dịch vụ
    kind: count
    decimals: 0
    better: higher
    category: chung
    parent: online_public_services
  - id: unsafe_name
    name: <script>alert("x")</script> & co
    name_en: <script>alert("x")</script> & co
    unit: <b>
    kind: count
    decimals: 0
    better: higher
    category: chung
"#;

const SOURCES: &str = r#"
- id: vinh-phuc-2020
  title: "Ngành Thông tin và Truyền thông Vĩnh Phúc: Nỗ lực vượt qua khó khăn"
  publisher: Cổng Thông tin – Giao tiếp điện tử tỉnh Vĩnh Phúc
  date: 2020-10-04
  url: https://example.org/vp?a=1&b=2
- id: tong-hop-2021
  title: Tổng hợp số liệu các tỉnh
  publisher: <i>Báo</i> Thử
  date: 2021-05-01
"#;

const VINH_PHUC: &str = r#"
ict_revenue:
  - { year: 2015, value: 3566, source: vinh-phuc-2020 }
  - { year: 2016, value: 9671, source: vinh-phuc-2020 }
  - { year: 2017, value: 41828, source: vinh-phuc-2020 }
  - { year: 2018, value: 64465, source: vinh-phuc-2020 }
  - { year: 2019, value: 72120, source: vinh-phuc-2020 }
  - { year: 2020, value: 79300, source: vinh-phuc-2020, status: estimate, qualifier: approximate }
ftth_household_share:
  - { year: 2020, value: 68, numerator: 572594, denominator: 840932, source: vinh-phuc-2020 }
  - { year: 2025, value: 90, source: vinh-phuc-2020, status: target }
ict_index_rank:
  - { year: 2016, value: 20, out_of: 63, source: vinh-phuc-2020 }
  - { year: 2017, value: 15, out_of: 63, source: vinh-phuc-2020 }
  - { year: 2018, value: 12, out_of: 63, source: vinh-phuc-2020 }
  - { year: 2019, value: 10, out_of: 63, source: vinh-phuc-2020 }
par_index:
  - { year: 2017, value: 78.5, source: vinh-phuc-2020 }
  - { year: 2018, value: 80.1, source: vinh-phuc-2020 }
  - { year: 2019, value: 84.66, source: vinh-phuc-2020 }
online_public_services:
  - { year: 2020, value: 369, source: vinh-phuc-2020 }
online_services_level3:
  - { year: 2020, value: 174, source: vinh-phuc-2020 }
online_services_level4:
  - { year: 2020, value: 195, source: vinh-phuc-2020 }
unsafe_name:
  - { year: 2019, value: 5, source: vinh-phuc-2020 }
  - { year: 2020, value: 7, source: vinh-phuc-2020 }
"#;

const THANH_HOA: &str = r#"
ict_revenue:
  - { year: 2019, value: 3500, source: tong-hop-2021 }
  - { year: 2020, value: 3630, source: tong-hop-2021 }
ftth_household_share:
  - { year: 2021, value: 97.5, source: tong-hop-2021 }
  - { year: 2025, value: 100, source: tong-hop-2021, status: target }
ict_index_rank:
  - { year: 2018, value: 9, out_of: 63, source: tong-hop-2021 }
  - { year: 2019, value: 8, out_of: 63, source: tong-hop-2021 }
online_public_services:
  - { year: 2021, value: 900, source: tong-hop-2021 }
online_services_level3:
  - { year: 2020, value: 174, source: tong-hop-2021 }
  - { year: 2021, value: 210, source: tong-hop-2021 }
online_services_level4:
  - { year: 2020, value: 628, source: tong-hop-2021 }
  - { year: 2021, value: 690, source: tong-hop-2021, status: estimate }
"#;

const NGHE_AN: &str = r#"
ict_revenue:
  - { year: 2010, value: 1200, source: tong-hop-2021 }
  - { year: 2011, value: 1350, source: tong-hop-2021 }
  - { year: 2012, value: 1320, source: tong-hop-2021 }
  - { year: 2013, value: 1600, source: tong-hop-2021 }
  - { year: 2014, value: 1580, source: tong-hop-2021 }
  - { year: 2015, value: 2100, source: tong-hop-2021 }
  - { year: 2016, value: 2050, source: tong-hop-2021 }
  - { year: 2017, value: 2600, source: tong-hop-2021 }
  - { year: 2018, value: 2450, source: tong-hop-2021 }
  - { year: 2019, value: 3100, source: tong-hop-2021 }
  - { year: 2020, value: 3050, source: tong-hop-2021 }
  - { year: 2021, value: 3600, source: tong-hop-2021 }
  - { year: 2025, value: 6000, source: tong-hop-2021, status: target }
"#;

/// Province slug, name, metrics.
const PROVINCES: &[(&str, &str, &str)] = &[
    ("vinh-phuc", "Vĩnh Phúc", VINH_PHUC),
    ("thanh-hoa", "Thanh Hóa", THANH_HOA),
    ("nghe-an", "Nghệ An", NGHE_AN),
    (
        "ninh-thuan",
        "Ninh Thuận",
        "ict_revenue:\n  - { year: 2016, value: 500.9, source: tong-hop-2021, qualifier: approximate }\n  - { year: 2017, value: 520.9, source: tong-hop-2021 }\nftth_household_share:\n  - { year: 2020, value: 90, source: tong-hop-2021, status: target }\n  - { year: 2021, value: 95, source: tong-hop-2021 }\n",
    ),
    (
        "ba-ria-vung-tau",
        "Bà Rịa – Vũng Tàu",
        "ict_revenue:\n  - { year: 2019, value: 12000, source: tong-hop-2021 }\nftth_household_share:\n  - { year: 2021, value: 99, source: tong-hop-2021, status: estimate }\n  - { year: 2025, value: 100, source: tong-hop-2021, status: target }\n",
    ),
    (
        "thua-thien-hue",
        "Thừa Thiên Huế",
        "ict_revenue:\n  - { year: 2019, value: 2100, source: tong-hop-2021 }\nftth_household_share:\n  - { year: 2021, value: 3, source: tong-hop-2021 }\n  - { year: 2025, value: 50, source: tong-hop-2021, status: target }\n",
    ),
    (
        "ho-chi-minh",
        "Thành phố Hồ Chí Minh",
        "ict_revenue:\n  - { year: 2019, value: 150000, source: tong-hop-2021, qualifier: at_least }\n",
    ),
];

struct Fixture {
    _dir: tempfile::TempDir,
    site: Site,
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "site.yaml", SITE_YAML);
    write(root, "content/indicators.yaml", INDICATORS);
    write(root, "content/sources.yaml", SOURCES);
    for (slug, name, metrics) in PROVINCES {
        let index = format!(
            "---\nname: {name}\nregion: Thử\nsources: [vinh-phuc-2020, tong-hop-2021]\n---\n\nNội dung.\n"
        );
        write(root, &format!("content/provinces/{slug}/index.md"), &index);
        write(
            root,
            &format!("content/provinces/{slug}/metrics.yaml"),
            metrics,
        );
    }
    let (loaded, mut diags) = ictreport::content::load(root);
    let (site, more) = ictreport::validate::validate(&loaded);
    diags.extend(more);
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "fixture has errors:\n{}",
        errors.join("\n")
    );
    Fixture {
        _dir: dir,
        site: site.expect("site"),
    }
}

impl Fixture {
    fn province(&self, slug: &str) -> &Province {
        self.site
            .provinces
            .iter()
            .find(|p| p.slug == slug)
            .expect("province")
    }

    fn indicator(&self, id: &str) -> IndicatorRef {
        self.site.find_indicator(id).expect("indicator")
    }
}

/// Writes the chart for looking at when `CHART_SVG_OUT` is set.
fn keep(chart: &Chart) {
    if let Some(dir) = std::env::var_os("CHART_SVG_OUT") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).expect("mkdir");
        std::fs::write(dir.join(format!("{}.svg", chart.id)), &chart.svg).expect("write");
    }
}

fn parse(chart: &Chart) -> Document<'_> {
    keep(chart);
    Document::parse(&chart.svg).unwrap_or_else(|e| panic!("{e}\n{}", chart.svg))
}

fn classes<'a>(n: &Node<'a, '_>) -> Vec<&'a str> {
    n.attribute("class")
        .unwrap_or("")
        .split_whitespace()
        .collect()
}

/// `<g>` elements whose class list has every one of `wanted`.
fn groups<'a, 'i>(doc: &'a Document<'i>, wanted: &[&str]) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter(|n| {
            let c = classes(n);
            wanted.iter().all(|w| c.contains(w))
        })
        .collect()
}

/// The text of every `<text>` under `n`, trimmed.
fn texts(n: Node) -> Vec<String> {
    n.descendants()
        .filter(|t| t.has_tag_name("text"))
        .map(|t| t.text().unwrap_or("").trim().to_string())
        .collect()
}

fn all_texts(doc: &Document) -> Vec<String> {
    texts(doc.root_element())
}

/// Checks the root element and returns the title and description texts.
fn assert_accessible(chart: &Chart, doc: &Document, view_box: Option<&str>) {
    let svg = doc.root_element();
    assert!(svg.has_tag_name("svg"));
    assert_eq!(svg.attribute("role"), Some("img"));
    assert_eq!(svg.attribute("width"), None, "no fixed width");
    assert_eq!(svg.attribute("height"), None, "no fixed height");
    let vb = svg.attribute("viewBox").expect("viewBox");
    if let Some(expected) = view_box {
        assert_eq!(vb, expected);
    }
    let ids: Vec<&str> = svg
        .attribute("aria-labelledby")
        .expect("aria-labelledby")
        .split_whitespace()
        .collect();
    assert_eq!(ids.len(), 2);
    let by_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no element with id {id}"))
    };
    let title = by_id(ids[0]);
    let desc = by_id(ids[1]);
    assert!(title.has_tag_name("title"));
    assert!(desc.has_tag_name("desc"));
    // They are the root's first children, so they name the whole image.
    assert_eq!(title.parent(), Some(svg));
    assert_eq!(desc.parent(), Some(svg));
    assert_eq!(title.text(), Some(chart.title.as_str()));
    assert_eq!(desc.text(), Some(chart.description.as_str()));
    assert!(ids[0].starts_with(&chart.id) && ids[1].starts_with(&chart.id));
    // plotters prints font sizes as size / 1.24: only whole sizes should come out.
    for n in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let size = n.attribute("font-size").expect("font-size");
        assert!(size.parse::<u32>().is_ok(), "font-size {size}");
    }
}

const NBSP: char = '\u{a0}';

#[test]
fn line_chart_marks_every_year_and_draws_the_estimate_hollow_and_dashed() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let chart = chart::line(&f.site, vp, f.indicator("ict_revenue"), None, "c1").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, Some("0 0 640 320"));
    assert_eq!(chart.kind, ChartKind::Line);
    assert_eq!(
        chart.description,
        format!(
            "Doanh thu toàn ngành Thông tin và Truyền thông của Vĩnh Phúc tăng từ 3.566{NBSP}tỷ đồng \
             (2015) lên khoảng 79.300{NBSP}tỷ đồng (2020, dự kiến), gấp 22,24 lần."
        )
    );

    let points = groups(&doc, &["point", "series-0"]);
    assert_eq!(points.len(), 6, "one marker per year");
    let estimates = groups(&doc, &["point", "estimate"]);
    assert_eq!(estimates.len(), 1);
    assert_eq!(estimates[0].attribute("data-year"), Some("2020"));
    // Hollow: a white disc under a coloured ring with no fill.
    let circles: Vec<Node> = estimates[0]
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .collect();
    assert!(circles.iter().any(|c| c.attribute("fill") == Some("none")));
    assert!(
        circles
            .iter()
            .any(|c| c.attribute("fill") == Some("#FFFFFF"))
    );
    let actual = &groups(&doc, &["point", "actual"])[0];
    assert!(
        actual
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .all(|c| c.attribute("fill") != Some("none"))
    );
    // The segment into the estimate is dashed, the others are not.
    let dashed = groups(&doc, &["line", "estimate"]);
    assert_eq!(dashed.len(), 1);
    assert!(dashed[0].attribute("stroke-dasharray").is_some());
    let solid: Vec<Node> = groups(&doc, &["line", "series-0"])
        .into_iter()
        .filter(|g| !classes(g).contains(&"estimate"))
        .collect();
    assert!(
        solid
            .iter()
            .all(|g| g.attribute("stroke-dasharray").is_none())
    );

    // Vietnamese numbers on the axis and on the points.
    let axis = texts(groups(&doc, &["axis"])[0]);
    for tick in ["0", "20.000", "40.000", "60.000", "80.000", "tỷ đồng"] {
        assert!(axis.contains(&tick.to_string()), "{tick} in {axis:?}");
    }
    for year in 2015..=2020 {
        assert!(axis.contains(&year.to_string()));
    }
    let labels = texts(groups(&doc, &["value-labels"])[0]);
    for v in ["3.566", "72.120", "79.300"] {
        assert!(labels.contains(&v.to_string()), "{v} in {labels:?}");
    }
    // The legend says what the hollow point means.
    let legend = texts(groups(&doc, &["legend"])[0]);
    assert_eq!(legend, ["Số liệu thực tế", "Dự kiến"]);
}

#[test]
fn line_chart_table_has_the_same_numbers_and_sources() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let chart = chart::line(
        &f.site,
        vp,
        f.indicator("ict_revenue"),
        Some("Doanh thu"),
        "c1",
    )
    .expect("chart");
    assert_eq!(chart.title, "Doanh thu");
    let t = &chart.table;
    let labels: Vec<&str> = t.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["Năm", "Giá trị", "Ghi chú", "Nguồn"]);
    assert_eq!(t.rows.len(), 6);
    assert_eq!(
        t.rows[0],
        ["2015", &format!("3.566{NBSP}tỷ đồng"), "", "[1]"]
    );
    assert_eq!(
        t.rows[5],
        [
            "2020",
            &format!("khoảng 79.300{NBSP}tỷ đồng"),
            "dự kiến",
            "[1]"
        ]
    );
    assert_eq!(t.sources.len(), 1);
    assert_eq!(t.sources[0].number, 1);
    assert_eq!(t.sources[0].source.id, "vinh-phuc-2020");

    let html = chart::figure_html(&chart, |s| format!("/nguon/#{}", s.id));
    assert!(html.starts_with("<figure class=\"chart chart-line\" id=\"c1\" data-pagefind-ignore>"));
    assert!(html.contains("<figcaption>Doanh thu</figcaption>"));
    assert!(html.contains("<details>\n<summary>Bảng số liệu</summary>"));
    assert!(html.contains("<th scope=\"row\">2015</th><td class=\"num\">3.566\u{a0}tỷ đồng</td>"));
    assert!(html.contains("<a href=\"/nguon/#vinh-phuc-2020\">"));
    assert!(html.contains("04/10/2020"));
    assert!(html.contains(&chart.svg));
}

#[test]
fn line_chart_shows_targets_as_a_distinct_marker() {
    let f = fixture();
    let na = f.province("nghe-an");
    let chart = chart::line(&f.site, na, f.indicator("ict_revenue"), None, "c2").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, None);
    let targets = groups(&doc, &["point", "target"]);
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].attribute("data-year"), Some("2025"));
    // A diamond (polygon), not a circle like the data points.
    assert!(targets[0].descendants().any(|n| n.has_tag_name("polygon")));
    assert_eq!(groups(&doc, &["point", "actual"]).len(), 12);
    assert!(
        chart
            .description
            .ends_with(&format!(" Mục tiêu: 6.000{NBSP}tỷ đồng (2025)."))
    );
    let legend = texts(groups(&doc, &["legend"])[0]);
    assert_eq!(legend, ["Số liệu thực tế", "Mục tiêu"]);
    // Twelve crowded points: the labels that are drawn never overlap each other.
    let labels = texts(groups(&doc, &["value-labels"])[0]);
    assert!(labels.len() >= 6, "{labels:?}");
    assert!(labels.contains(&"3.600".to_string()) && labels.contains(&"1.200".to_string()));
}

#[test]
fn rank_line_puts_first_place_on_top() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let chart =
        chart::line(&f.site, vp, f.indicator("ict_index_rank"), None, "rank").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, None);
    assert_eq!(
        chart.description,
        "Xếp hạng ICT Index của Vĩnh Phúc cải thiện từ hạng 20/63 (2016) lên hạng 10/63 (2019)."
    );
    let y_of = |year: &str| -> i32 {
        let g = groups(&doc, &["point"])
            .into_iter()
            .find(|g| g.attribute("data-year") == Some(year))
            .expect("point");
        let c = g
            .descendants()
            .find(|n| n.has_tag_name("circle"))
            .expect("circle");
        c.attribute("cy").expect("cy").parse().expect("number")
    };
    assert!(
        y_of("2019") < y_of("2016"),
        "rank 10 is drawn above rank 20"
    );
}

#[test]
fn none_when_there_is_too_little_data() {
    let f = fixture();
    let bvt = f.province("ba-ria-vung-tau");
    let revenue = f.indicator("ict_revenue");
    assert!(chart::line(&f.site, bvt, revenue, None, "x").is_none());
    assert!(
        chart::progress(&f.site, bvt, revenue, "x").is_none(),
        "not a percent"
    );
    let unsafe_name = f.indicator("unsafe_name");
    assert!(
        chart::comparison(&f.site, unsafe_name, "x").is_none(),
        "one province"
    );
    assert!(chart::multi_line(&f.site, unsafe_name, "x").is_none());
    assert!(chart::parts(&f.site, bvt, f.indicator("online_public_services"), "x").is_none());
    let series = &bvt.series[0];
    assert!(chart::sparkline(&f.site, series, "x").is_none());
}

#[test]
fn comparison_sorts_by_better_and_labels_value_and_year() {
    let f = fixture();
    let chart = chart::comparison(&f.site, f.indicator("ict_revenue"), "cmp").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, None);
    let bars = groups(&doc, &["bar"]);
    assert_eq!(
        bars.len(),
        PROVINCES.len(),
        "one bar per province with data"
    );
    let order: Vec<&str> = bars
        .iter()
        .map(|b| b.attribute("data-province").expect("data-province"))
        .collect();
    assert_eq!(
        order,
        [
            "ho-chi-minh",
            "vinh-phuc",
            "ba-ria-vung-tau",
            "thanh-hoa",
            "nghe-an",
            "thua-thien-hue",
            "ninh-thuan"
        ]
    );
    let labels = texts(groups(&doc, &["labels"])[0]);
    for l in [
        format!("hơn 150.000{NBSP}tỷ đồng (2019)"),
        format!("khoảng 79.300{NBSP}tỷ đồng (2020, dự kiến)"),
        format!("12.000{NBSP}tỷ đồng (2019)"),
        // 2017 is more than comparison_year_gap (3) years before 2021: marked.
        format!("520,9{NBSP}tỷ đồng (2017) [‡ cũ hơn 4 năm]"),
        "Bà Rịa – Vũng Tàu".to_string(),
        "Thành phố Hồ Chí Minh".to_string(),
    ] {
        assert!(labels.contains(&l), "{l} in {labels:?}");
    }
    // The estimate bar is an outline with dashes, the others are filled.
    let estimate = groups(&doc, &["bar", "estimate"]);
    assert_eq!(estimate.len(), 1);
    assert_eq!(estimate[0].attribute("data-province"), Some("vinh-phuc"));
    assert!(estimate[0].attribute("stroke-dasharray").is_some());
    assert!(chart.description.contains("năm số liệu khác nhau"));
    assert_eq!(chart.table.rows.len(), PROVINCES.len());
    assert_eq!(chart.table.rows[0][0], "Thành phố Hồ Chí Minh");
    assert_eq!(chart.table.sources.len(), 2);

    // Rank: lower is better, so rank 8 comes first.
    let ranks = chart::comparison(&f.site, f.indicator("ict_index_rank"), "r").expect("chart");
    let doc = parse(&ranks);
    let order: Vec<&str> = groups(&doc, &["bar"])
        .iter()
        .map(|b| b.attribute("data-province").expect("slug"))
        .collect();
    assert_eq!(order, ["thanh-hoa", "vinh-phuc"]);
}

#[test]
fn comparison_can_highlight_the_page_province() {
    let f = fixture();
    let th = f.province("thanh-hoa");
    let chart = chart::comparison_highlighting(&f.site, f.indicator("ict_revenue"), th, "h")
        .expect("chart");
    let doc = parse(&chart);
    let highlighted = groups(&doc, &["bar", "highlight"]);
    assert_eq!(highlighted.len(), 1);
    assert_eq!(highlighted[0].attribute("data-province"), Some("thanh-hoa"));
    let bold: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("font-weight") == Some("bold"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect();
    assert_eq!(bold, ["Thanh Hóa"]);
}

#[test]
fn multi_line_draws_each_province_with_its_own_marker() {
    let f = fixture();
    let chart = chart::multi_line(&f.site, f.indicator("ict_revenue"), "m").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, None);
    let with_data: Vec<(&str, usize)> = f
        .site
        .provinces
        .iter()
        .filter_map(|p| {
            let s = p.series_of(f.indicator("ict_revenue"))?;
            Some((p.name.as_str(), s.reported().count()))
        })
        .collect();
    let total: usize = with_data.iter().map(|(_, n)| n).sum();
    assert_eq!(groups(&doc, &["point"]).len(), total);
    let legend = texts(groups(&doc, &["legend"])[0]);
    for (name, _) in &with_data {
        assert!(legend.contains(&name.to_string()), "{name} in legend");
    }
    assert!(legend.contains(&"Dự kiến".to_string()));
    assert_eq!(chart.table.rows.len(), total);
}

#[test]
fn parts_label_each_part_and_show_the_whole() {
    let f = fixture();
    let whole = f.indicator("online_public_services");
    let vp = f.province("vinh-phuc");
    let chart = chart::parts(&f.site, vp, whole, "p").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, None);
    assert_eq!(groups(&doc, &["bar"]).len(), 3, "two parts and the whole");
    assert_eq!(groups(&doc, &["bar", "whole"]).len(), 1);
    let labels = texts(groups(&doc, &["labels"])[0]);
    for l in [
        "Năm 2020".to_string(),
        "Mức độ 3".to_string(),
        "Mức độ 4".to_string(),
        "Tổng".to_string(),
        format!("174{NBSP}dịch vụ"),
        format!("369{NBSP}dịch vụ"),
    ] {
        assert!(labels.contains(&l), "{l} in {labels:?}");
    }
    assert_eq!(
        chart.description,
        format!(
            "Dịch vụ công trực tuyến mức độ 3 và 4 của Vĩnh Phúc. Năm 2020: mức độ 3: \
             174{NBSP}dịch vụ; mức độ 4: 195{NBSP}dịch vụ; tổng 369{NBSP}dịch vụ."
        )
    );

    // Two years, an estimate among the parts.
    let th = f.province("thanh-hoa");
    let chart = chart::parts(&f.site, th, whole, "p2").expect("chart");
    let doc = parse(&chart);
    assert_eq!(
        groups(&doc, &["bar"]).len(),
        5,
        "2 + 2 parts and the 2021 whole"
    );
    let estimate = groups(&doc, &["bar", "estimate"]);
    assert_eq!(estimate.len(), 1);
    assert!(estimate[0].attribute("stroke-dasharray").is_some());
    assert_eq!(chart.table.rows.len(), 5);
}

#[test]
fn progress_shows_the_share_and_the_target() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let chart =
        chart::progress(&f.site, vp, f.indicator("ftth_household_share"), "pr").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, None);
    let labels = all_texts(&doc);
    for l in ["68% (2020)", "Mục tiêu 2025: 90%", "0%", "50%", "100%"] {
        assert!(labels.contains(&l.to_string()), "{l} in {labels:?}");
    }
    let target = groups(&doc, &["target"]);
    assert_eq!(target.len(), 1);
    assert_eq!(target[0].attribute("data-year"), Some("2025"));
    assert_eq!(groups(&doc, &["bar"]).len(), 1);
    assert_eq!(
        chart.description,
        "Tỷ lệ hộ gia đình có băng rộng cáp quang (FTTH) của Vĩnh Phúc là 68% (2020), \
         còn cách mục tiêu 90% (2025) 22 điểm phần trăm."
    );
    assert_eq!(
        chart.table.rows[0],
        ["2020", "68%", "572.594/840.932", "[1]"]
    );
    assert_eq!(chart.table.rows[1], ["2025", "90%", "mục tiêu", "[1]"]);
}

#[test]
fn progress_places_the_value_clear_of_the_target() {
    let f = fixture();
    let r = f.indicator("ftth_household_share");
    // Target met (and already past): the marker sits inside the bar.
    let met = chart::progress(&f.site, f.province("ninh-thuan"), r, "met").expect("chart");
    let doc = parse(&met);
    assert!(all_texts(&doc).contains(&"95% (2021)".to_string()));
    assert!(
        met.description
            .ends_with("là 95% (2021), đã đạt mục tiêu 90% (2020).")
    );
    // An estimate: a dashed outline, the label says so.
    let est = chart::progress(&f.site, f.province("ba-ria-vung-tau"), r, "est").expect("chart");
    let doc = parse(&est);
    let bar = &groups(&doc, &["bar", "estimate"])[0];
    assert!(bar.attribute("stroke-dasharray").is_some());
    assert!(all_texts(&doc).contains(&"99% (2021, dự kiến)".to_string()));
    // A tiny share: the label goes after the bar.
    let tiny = chart::progress(&f.site, f.province("thua-thien-hue"), r, "tiny").expect("chart");
    let doc = parse(&tiny);
    assert!(all_texts(&doc).contains(&"3% (2021)".to_string()));
    assert!(
        tiny.description
            .contains("còn cách mục tiêu 50% (2025) 47 điểm phần trăm")
    );
}

#[test]
fn sparkline_is_small_and_labelled() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let series = vp.series_of(f.indicator("ict_revenue")).expect("series");
    let chart = chart::sparkline(&f.site, series, "s").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, Some("0 0 120 32"));
    assert!(all_texts(&doc).is_empty(), "no text in a sparkline");
    assert!(chart.description.contains("Vĩnh Phúc"));
    // Only the last point is marked, hollow because it is an estimate.
    let points = groups(&doc, &["point"]);
    assert_eq!(points.len(), 1);
    assert!(classes(&points[0]).contains(&"estimate"));
}

#[test]
fn user_text_is_escaped_everywhere() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let r = f.indicator("unsafe_name");
    let chart = chart::line(&f.site, vp, r, None, "u\"><script>").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, None);
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
    assert!(!doc.descendants().any(|n| n.has_tag_name("b")));
    assert_eq!(chart.title, "<script>alert(\"x\")</script> & co");
    assert!(!chart.svg.contains("<script"));
    assert!(chart.svg.contains("&lt;script&gt;"));
    assert!(
        all_texts(&doc).contains(&"<b>".to_string()),
        "the unit is shown as text"
    );

    let html = chart::figure_html(&chart, |s| s.url.clone().unwrap_or_default());
    assert!(!html.contains("<script"));
    assert!(!html.contains("<b>"));
    assert!(!html.contains("<i>"), "publisher text is escaped too");
    assert!(html.contains("https://example.org/vp?a=1&amp;b=2"));
    let html = chart::figure_html(
        &chart::comparison(&f.site, f.indicator("ict_revenue"), "c").expect("chart"),
        |_| String::new(),
    );
    assert!(html.contains("&lt;i&gt;Báo&lt;/i&gt; Thử"));
    assert!(!html.contains("<a "), "no link without a URL");
}

#[test]
fn ids_are_unique_per_chart_and_output_is_deterministic() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let r = f.indicator("par_index");
    let a = chart::line(&f.site, vp, r, None, "chart-1").expect("chart");
    let b = chart::line(&f.site, vp, r, None, "chart-2").expect("chart");
    assert!(a.svg.contains("id=\"chart-1-title\"") && b.svg.contains("id=\"chart-2-title\""));
    assert_eq!(a.svg.replace("chart-1", "chart-2"), b.svg);
    let again = chart::line(&f.site, vp, r, None, "chart-1").expect("chart");
    assert_eq!(a.svg, again.svg);
    // A score is fitted to its range rather than drawn from zero.
    let doc = parse(&a);
    let axis = texts(groups(&doc, &["axis"])[0]);
    assert!(!axis.contains(&"0".to_string()), "{axis:?}");
    assert!(axis.iter().any(|t| t.contains(',')) || axis.contains(&"80".to_string()));
}

#[test]
fn english_uses_english_names_and_separators() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let chart = chart::line(
        (&f.site, Lang::En),
        vp,
        f.indicator("ict_revenue"),
        None,
        "en",
    )
    .expect("chart");
    let doc = parse(&chart);
    assert_eq!(chart.title, "ICT sector revenue");
    assert!(
        chart
            .description
            .starts_with("ICT sector revenue in Vĩnh Phúc rose from 3,566")
    );
    let axis = texts(groups(&doc, &["axis"])[0]);
    assert!(axis.contains(&"80,000".to_string()) && axis.contains(&"billion VND".to_string()));
    let html = chart::figure_html(&chart, |_| String::new());
    assert!(html.contains("<summary>Data table</summary>"));
}
