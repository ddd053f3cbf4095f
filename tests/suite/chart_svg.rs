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

/// The charts drawn through their types, as pages draw them, with the embedded strings.
mod draw {
    use ictreport::chart::{self, Chart, ChartType, Subject};
    use ictreport::model::{IndicatorRef, Province, Site};

    pub fn line<'a>(
        cx: impl Into<chart::Context<'a>>,
        p: &Province,
        r: IndicatorRef,
        title: Option<&str>,
        id: &str,
    ) -> Option<Chart> {
        let subject = Subject::of_province(p, r).titled(title);
        chart::Line.draw(cx.into(), &subject, id)
    }

    pub fn comparison(site: &Site, r: IndicatorRef, id: &str) -> Option<Chart> {
        chart::Comparison.draw(site.into(), &Subject::of_indicator(r), id)
    }

    pub fn comparison_highlighting(
        site: &Site,
        r: IndicatorRef,
        p: &Province,
        id: &str,
    ) -> Option<Chart> {
        chart::comparison_highlighting(site, r, p, id)
    }

    pub fn multi_line(site: &Site, r: IndicatorRef, id: &str) -> Option<Chart> {
        chart::MultiLine.draw(site.into(), &Subject::of_indicator(r), id)
    }

    pub fn parts(site: &Site, p: &Province, r: IndicatorRef, id: &str) -> Option<Chart> {
        chart::Parts.draw(site.into(), &Subject::of_province(p, r), id)
    }

    pub fn progress(site: &Site, p: &Province, r: IndicatorRef, id: &str) -> Option<Chart> {
        chart::Progress.draw(site.into(), &Subject::of_province(p, r), id)
    }
}

use crate::common::write;

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
    trim_zeros: true
    better: higher
    category: chung
  - id: ftth_household_share
    name: Tỷ lệ hộ gia đình có băng rộng cáp quang (FTTH)
    name_en: Households with fibre broadband
    unit: "%"
    kind: percent
    decimals: 1
    trim_zeros: true
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

/// The point markers of the series' groups with class `series`: a stated figure is its bare
/// shape, a hollow point (estimate, derived) a `p` group with its tooltip.
fn markers<'a, 'i>(doc: &'a Document<'i>, series: &str) -> Vec<Node<'a, 'i>> {
    groups(doc, &[series])
        .into_iter()
        // The series' own group names its province; legend keys share its colour class.
        .filter(|g| g.has_attribute("data-province"))
        .flat_map(|g| g.children())
        .filter(|n| {
            ["circle", "polygon", "rect"]
                .iter()
                .any(|t| n.has_tag_name(*t))
                || (n.has_tag_name("g") && classes(n).contains(&"p"))
        })
        .collect()
}

/// The year a hollow point's tooltip names (`2020: …`, `Vĩnh Phúc, 2020: …`).
fn tooltip_year(g: Node) -> Option<String> {
    let title = g.children().find(|c| c.has_tag_name("title"))?.text()?;
    let at = title.find(|c: char| c.is_ascii_digit())?;
    Some(title[at..].chars().take(4).collect())
}

/// The marker drawn at `year`: the shape whose centre sits under the year's axis label.
fn marker_at<'a, 'i>(doc: &'a Document<'i>, year: &str) -> Node<'a, 'i> {
    let x = groups(doc, &["axis"])[0]
        .children()
        .find(|t| t.has_tag_name("text") && t.text() == Some(year))
        .and_then(|t| t.attribute("x"))
        .expect("a year label");
    doc.descendants()
        .find(|n| n.has_tag_name("circle") && n.attribute("cx") == Some(x))
        .expect("a marker under the year's label")
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
    // Lean: the theme's CSS gives the font and colours, no element repeats them.
    for n in doc.descendants().filter(|n| n.is_element()) {
        for a in ["font-family", "font-size", "fill", "stroke", "opacity"] {
            assert_eq!(n.attribute(a), None, "{a} on {n:?}");
        }
    }
}

/// The palette colour the theme's CSS paints a mark in: that of the nearest `series-N`
/// group (`.chart-svg .series-N { --series: var(--chart-{N+1}) }`, checked below).
fn series_paint(n: Node) -> Option<String> {
    n.ancestors()
        .find_map(|a| {
            classes(&a)
                .iter()
                .find_map(|c| c.strip_prefix("series-")?.parse::<usize>().ok())
        })
        .map(chart::series_colour)
}

/// A shape the CSS fills with its series colour (not an outline `ol`, not the background
/// colour `bg`).
fn filled(n: &Node) -> bool {
    ["rect", "circle", "polygon"]
        .iter()
        .any(|t| n.has_tag_name(*t))
        && !classes(n).iter().any(|c| *c == "ol" || *c == "bg")
}

/// A line or an outline, stroked in its series colour.
fn stroked(n: &Node) -> bool {
    n.has_tag_name("polyline") || classes(n).contains(&"ol")
}

#[test]
fn the_theme_paints_each_series_in_its_palette_colour() {
    let css = include_str!("../../themes/default/static/charts.css");
    assert!(css.contains(".chart-svg { --series: var(--chart-1); }"));
    for n in 1..chart::SERIES_COLOURS {
        let rule = format!(
            ".chart-svg .series-{n} {{ --series: var(--chart-{}); }}",
            n + 1
        );
        assert!(css.contains(&rule), "{rule}");
        let decl = format!("--chart-{}: {};", n + 1, chart::series_colour(n));
        assert!(css.contains(&decl), "{decl}");
    }
}

const NBSP: char = '\u{a0}';

/// An estimate bar: a lighter fill that still reads as a bar, inside a full-colour outline.
fn assert_lighter_bar(g: Node) {
    assert_eq!(g.attribute("fill-opacity"), Some("0.35"));
    assert!(series_paint(g).is_some(), "in a series colour");
    let rects: Vec<Node> = g.descendants().filter(|n| n.has_tag_name("rect")).collect();
    assert!(rects.iter().any(filled), "filled with the series colour");
    assert!(rects.iter().any(stroked), "outlined in the same colour");
}

/// The `data-province` of every mark in `doc` with the colour it is drawn in (fill, or the
/// stroke of an outline).
fn province_colours(doc: &Document) -> Vec<(String, String)> {
    groups(doc, &[])
        .into_iter()
        .filter_map(|g| {
            let slug = g.attribute("data-province")?;
            // The first shape painted in a colour (a hollow marker's disc is not).
            let colour = g
                .descendants()
                .filter(|n| filled(n) || stroked(n))
                .find_map(series_paint)?;
            Some((slug.to_string(), colour.to_string()))
        })
        .collect()
}

#[test]
fn a_province_has_one_colour_in_every_chart() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let revenue = f.indicator("ict_revenue");
    let share = f.indicator("ftth_household_share");
    let charts = [
        draw::line(&f.site, vp, revenue, None, "a"),
        draw::comparison(&f.site, revenue, "b"),
        draw::comparison_highlighting(&f.site, share, vp, "c"),
        draw::multi_line(&f.site, revenue, "d"),
        draw::progress(&f.site, vp, share, "e"),
        draw::parts(&f.site, vp, f.indicator("online_public_services"), "f"),
        chart::sparkline(&f.site, vp.series_of(revenue).expect("series"), "g"),
    ];
    let mut seen: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for c in charts.iter().map(|c| c.as_ref().expect("chart")) {
        for (slug, colour) in province_colours(&parse(c)) {
            seen.entry(slug).or_default().insert(colour);
        }
    }
    assert!(seen.len() >= 5, "{seen:?}");
    for (slug, colours) in &seen {
        assert_eq!(colours.len(), 1, "{slug} drawn in {colours:?}");
        let p = f.province(slug);
        let own = chart::series_colour(chart::province_series(&f.site, p));
        assert!(colours.contains(&own), "{slug}: {colours:?}, palette {own}");
    }
    // Different provinces, different colours (the fixture has fewer than the palette).
    let distinct: std::collections::BTreeSet<&String> = seen.values().flatten().collect();
    assert_eq!(distinct.len(), seen.len());
}

#[test]
fn rank_and_count_axes_tick_whole_numbers_evenly() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let rank = draw::line(&f.site, vp, f.indicator("ict_index_rank"), None, "r").expect("chart");
    let doc = parse(&rank);
    let axis = texts(groups(&doc, &["axis"])[0]);
    let ticks: Vec<i64> = axis
        .iter()
        .filter(|t| t.len() <= 3)
        .map(|t| t.parse().unwrap_or_else(|_| panic!("{t} in {axis:?}")))
        .collect();
    assert_eq!(ticks[0], 1, "{ticks:?}");
    let steps: std::collections::BTreeSet<i64> = ticks.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(steps.len(), 1, "even steps: {ticks:?}");
    // Counts never tick 2,5.
    let th = f.province("thanh-hoa");
    let levels = draw::line(
        &f.site,
        th,
        f.indicator("online_services_level3"),
        None,
        "c",
    )
    .expect("chart");
    let doc = parse(&levels);
    let axis = texts(groups(&doc, &["axis"])[0]);
    assert!(axis.iter().all(|t| !t.contains(',')), "{axis:?}");
}

#[test]
fn line_chart_marks_every_year_and_draws_the_estimate_hollow_and_dashed() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let chart = draw::line(&f.site, vp, f.indicator("ict_revenue"), None, "c1").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, Some("0 0 360 251"));
    assert_eq!(chart.kind, ChartKind::Line);
    assert_eq!(
        chart.description,
        format!(
            "Doanh thu toàn ngành Thông tin và Truyền thông của Vĩnh Phúc tăng từ 3.566{NBSP}tỷ đồng \
             (2015) lên khoảng 79.300{NBSP}tỷ đồng (2020, dự kiến), gấp khoảng 22,24 lần \
             (dự kiến, †{NBSP}do trang này tính)."
        )
    );

    // In the province's own colour, everywhere.
    let series = format!("series-{}", chart::province_series(&f.site, vp));
    let points = markers(&doc, &series);
    assert_eq!(points.len(), 6, "one marker per year");
    // The series names its province once, not each of its marks.
    let group = &groups(&doc, &[&series])[0];
    assert_eq!(group.attribute("data-province"), Some("vinh-phuc"));
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_attribute("data-province"))
            .count(),
        1
    );
    let estimates = groups(&doc, &["p", "estimate"]);
    assert_eq!(estimates.len(), 1);
    assert_eq!(tooltip_year(estimates[0]).as_deref(), Some("2020"));
    // Hollow: a white disc under a coloured ring with no fill.
    let circles: Vec<Node> = estimates[0]
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .collect();
    assert!(circles.iter().any(stroked));
    assert!(circles.iter().any(|c| classes(c).contains(&"bg")));
    // A stated figure: a bare filled disc, its value in the labels and the data table.
    let stated: Vec<&Node> = points.iter().filter(|n| !n.has_tag_name("g")).collect();
    assert_eq!(stated.len(), 5);
    assert!(stated.iter().all(|c| c.has_tag_name("circle") && filled(c)));
    // The segment into the estimate is dashed, the others are not.
    let dashed = groups(&doc, &["line", "estimate"]);
    assert_eq!(dashed.len(), 1);
    assert!(dashed[0].attribute("stroke-dasharray").is_some());
    let solid: Vec<Node> = groups(&doc, &["line", &series])
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
    let chart = draw::line(
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
    // Inline, the SVG goes without the namespace an HTML parser supplies.
    let inline = chart
        .svg
        .replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
    assert_ne!(inline, chart.svg);
    assert!(html.contains(&inline));
    assert!(!html.contains("xmlns"));
}

#[test]
fn line_chart_shows_targets_as_a_distinct_marker() {
    let f = fixture();
    let na = f.province("nghe-an");
    let chart = draw::line(&f.site, na, f.indicator("ict_revenue"), None, "c2").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, None);
    let targets = groups(&doc, &["p", "target"]);
    assert_eq!(targets.len(), 1);
    assert_eq!(tooltip_year(targets[0]).as_deref(), Some("2025"));
    // A diamond (polygon), not a circle like the data points.
    assert!(targets[0].descendants().any(|n| n.has_tag_name("polygon")));
    let series = format!("series-{}", chart::province_series(&f.site, na));
    assert_eq!(markers(&doc, &series).len(), 12);
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
        draw::line(&f.site, vp, f.indicator("ict_index_rank"), None, "rank").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, None);
    assert_eq!(
        chart.description,
        "Xếp hạng ICT Index của Vĩnh Phúc cải thiện từ hạng 20/63 (2016) lên hạng 10/63 (2019)."
    );
    let y_of = |year: &str| -> i32 {
        let c = marker_at(&doc, year);
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
    assert!(draw::line(&f.site, bvt, revenue, None, "x").is_none());
    assert!(
        draw::progress(&f.site, bvt, revenue, "x").is_none(),
        "not a percent"
    );
    let unsafe_name = f.indicator("unsafe_name");
    assert!(
        draw::comparison(&f.site, unsafe_name, "x").is_none(),
        "one province"
    );
    assert!(draw::multi_line(&f.site, unsafe_name, "x").is_none());
    assert!(draw::parts(&f.site, bvt, f.indicator("online_public_services"), "x").is_none());
    let series = &bvt.series[0];
    assert!(chart::sparkline(&f.site, series, "x").is_none());
}

#[test]
fn comparison_sorts_by_better_and_labels_value_and_year() {
    let f = fixture();
    let chart = draw::comparison(&f.site, f.indicator("ict_revenue"), "cmp").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, None);
    let bars = groups(&doc, &["bar"])
        .into_iter()
        .filter(|g| !classes(g).contains(&"legend-key"))
        .collect::<Vec<_>>();
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
    // The estimate bar is a lighter fill inside a full-colour outline, and the legend says
    // what the lighter bar means.
    let estimate = groups(&doc, &["bar", "estimate"])
        .into_iter()
        .filter(|g| !classes(g).contains(&"legend-key"))
        .collect::<Vec<_>>();
    assert_eq!(estimate.len(), 1);
    assert_eq!(estimate[0].attribute("data-province"), Some("vinh-phuc"));
    assert_lighter_bar(estimate[0]);
    let legend = texts(groups(&doc, &["legend"])[0]);
    assert_eq!(legend, ["Dự kiến"]);
    assert!(chart.description.contains("năm số liệu khác nhau"));
    assert_eq!(chart.table.rows.len(), PROVINCES.len());
    assert_eq!(chart.table.rows[0][0], "Thành phố Hồ Chí Minh");
    assert_eq!(chart.table.sources.len(), 2);

    // Rank: lower is better, so rank 8 comes first.
    let ranks = draw::comparison(&f.site, f.indicator("ict_index_rank"), "r").expect("chart");
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
    let chart =
        draw::comparison_highlighting(&f.site, f.indicator("ict_revenue"), th, "h").expect("chart");
    let doc = parse(&chart);
    // A band behind the row; the bar keeps the province's own colour.
    assert_eq!(groups(&doc, &["row-highlight"]).len(), 1);
    let own = chart::series_colour(chart::province_series(&f.site, th));
    let bar = groups(&doc, &["bar"])
        .into_iter()
        .find(|g| g.attribute("data-province") == Some("thanh-hoa"))
        .expect("bar");
    assert!(
        bar.descendants()
            .any(|n| filled(&n) && series_paint(n).as_ref() == Some(&own))
    );
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
    let chart = draw::multi_line(&f.site, f.indicator("ict_revenue"), "m").expect("chart");
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
    let drawn: usize = (0..chart::SERIES_COLOURS)
        .map(|i| markers(&doc, &format!("series-{i}")).len())
        .sum();
    assert_eq!(drawn, total);
    // Each series names its province in its tooltip, once.
    for g in groups(&doc, &[])
        .into_iter()
        .filter(|g| g.has_attribute("data-province"))
    {
        let title = g.children().find(|c| c.has_tag_name("title"));
        assert!(title.and_then(|t| t.text()).is_some_and(|t| !t.is_empty()));
    }
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
    let chart = draw::parts(&f.site, vp, whole, "p").expect("chart");
    let doc = parse(&chart);
    assert_accessible(&chart, &doc, None);
    assert_eq!(groups(&doc, &["bar"]).len(), 3, "two parts and the whole");
    // The parts are drawn in the province's colour; the whole is an outline.
    let own = chart::series_colour(chart::province_series(&f.site, vp));
    for part in groups(&doc, &["bar"]) {
        let whole = classes(&part).contains(&"whole");
        assert_eq!(part.attribute("data-province").is_some(), !whole);
        let filled = part
            .descendants()
            .any(|n| filled(&n) && series_paint(n).as_ref() == Some(&own));
        assert_eq!(filled, !whole);
    }
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
    let chart = draw::parts(&f.site, th, whole, "p2").expect("chart");
    let doc = parse(&chart);
    let bars = groups(&doc, &["bar"])
        .into_iter()
        .filter(|g| !classes(g).contains(&"legend-key"));
    assert_eq!(bars.count(), 5, "2 + 2 parts and the 2021 whole");
    let estimate = groups(&doc, &["bar", "estimate"])
        .into_iter()
        .filter(|g| !classes(g).contains(&"legend-key"))
        .collect::<Vec<_>>();
    assert_eq!(estimate.len(), 1);
    assert_lighter_bar(estimate[0]);
    assert_eq!(chart.table.rows.len(), 5);
}

#[test]
fn progress_shows_the_share_and_the_target() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let chart =
        draw::progress(&f.site, vp, f.indicator("ftth_household_share"), "pr").expect("chart");
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
        format!(
            "Tỷ lệ hộ gia đình có băng rộng cáp quang (FTTH) của Vĩnh Phúc là 68% (2020), \
             còn cách mục tiêu 90% (2025) 22 điểm phần trăm (†{NBSP}do trang này tính)."
        )
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
    let met = draw::progress(&f.site, f.province("ninh-thuan"), r, "met").expect("chart");
    let doc = parse(&met);
    assert!(all_texts(&doc).contains(&"95% (2021)".to_string()));
    assert!(
        met.description
            .ends_with("là 95% (2021), đã đạt mục tiêu 90% (2020).")
    );
    // An estimate: a lighter bar, the label says so.
    let est = draw::progress(&f.site, f.province("ba-ria-vung-tau"), r, "est").expect("chart");
    let doc = parse(&est);
    assert_lighter_bar(groups(&doc, &["bar", "estimate"])[0]);
    assert!(all_texts(&doc).contains(&"99% (2021, dự kiến)".to_string()));
    // A tiny share: the label goes after the bar.
    let tiny = draw::progress(&f.site, f.province("thua-thien-hue"), r, "tiny").expect("chart");
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
    let points = groups(&doc, &["p"]);
    assert_eq!(points.len(), 1);
    assert!(classes(&points[0]).contains(&"estimate"));
}

#[test]
fn user_text_is_escaped_everywhere() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let r = f.indicator("unsafe_name");
    let chart = draw::line(&f.site, vp, r, None, "u\"><script>").expect("chart");
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
        &draw::comparison(&f.site, f.indicator("ict_revenue"), "c").expect("chart"),
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
    let a = draw::line(&f.site, vp, r, None, "chart-1").expect("chart");
    let b = draw::line(&f.site, vp, r, None, "chart-2").expect("chart");
    assert!(a.svg.contains("id=\"chart-1-t\"") && b.svg.contains("id=\"chart-2-t\""));
    assert_eq!(a.svg.replace("chart-1", "chart-2"), b.svg);
    let again = draw::line(&f.site, vp, r, None, "chart-1").expect("chart");
    assert_eq!(a.svg, again.svg);
    // A score is drawn from zero like every value axis: a fitted axis makes a small
    // change look large (issue 25).
    let doc = parse(&a);
    let axis = texts(groups(&doc, &["axis"])[0]);
    assert_eq!(axis.first().map(String::as_str), Some("0"), "{axis:?}");
}

#[test]
fn english_uses_english_names_and_separators() {
    let f = fixture();
    let vp = f.province("vinh-phuc");
    let chart = draw::line(
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

/// Issue 25 item 1: a line chart's description that states an amount of change (a multiple,
/// a percent, percentage points) marks it † as computed by the site, whatever the series.
#[test]
fn every_change_a_line_describes_is_marked_as_computed() {
    let f = fixture();
    let amounts = ["gấp ", "điểm phần trăm", "%, từ"];
    let mut described = Vec::new();
    for p in &f.site.provinces {
        for s in &p.series {
            let Some(chart) = draw::line(&f.site, p, s.indicator, None, "c") else {
                continue;
            };
            if amounts.iter().any(|a| chart.description.contains(a)) {
                described.push(chart.description);
            }
        }
    }
    let marked = format!("†{NBSP}do trang này tính");
    for d in &described {
        assert!(d.contains(&marked), "{d}");
    }
    // A multiple and a change in percent at least: Vĩnh Phúc's revenue, and one more.
    assert!(described.len() >= 2, "{described:#?}");
}

/// A rise in percent and a rise in percentage points, drawn from series set here: each
/// amount carries its mark, and the qualifier and status its inputs pass on.
#[test]
fn a_change_in_percent_or_points_is_marked_with_what_its_inputs_pass_on() {
    use ictreport::model::{Observation, Qualifier, Status, Year};
    let f = fixture();
    let mut site = f.site.clone();
    let at = site
        .provinces
        .iter()
        .position(|p| p.slug == "vinh-phuc")
        .expect("Vĩnh Phúc");
    let cases = [
        ("ict_revenue", "tăng khoảng 12,3% (dự kiến, †"),
        (
            "ftth_household_share",
            "tăng khoảng 8 điểm phần trăm (dự kiến, †",
        ),
    ];
    for (id, expected) in cases {
        let r = f.indicator(id);
        let series = site.provinces[at]
            .series
            .iter_mut()
            .find(|s| s.indicator == r)
            .expect("series");
        let source = series.observations[0].source;
        let (first, last) = if id == "ict_revenue" {
            (100.0, 112.3)
        } else {
            (60.0, 68.0)
        };
        let mut later = Observation::stated(Year::new(2020).expect("year"), last, source);
        later.qualifier = Qualifier::Approximate;
        later.status = Status::Estimate;
        let earlier = Observation::stated(Year::new(2019).expect("year"), first, source);
        series.observations = vec![earlier, later];
        let chart = draw::line(&site, &site.provinces[at], r, None, "c").expect("chart");
        let d = chart.description.replace(NBSP, " ");
        assert!(d.contains(expected), "{d}");
        assert!(d.contains("(dự kiến, † do trang này tính), từ"), "{d}");
    }
}
