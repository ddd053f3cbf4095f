//! Denser pages: a province's shares grouped into one chart per topic, the home page led by
//! the provinces and a few comparisons, the indicator lists collapsed by category.

use crate::common::*;

#[test]
fn a_provinces_shares_are_one_chart_per_topic() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let doc = page(&out, "tinh/vinh-phuc/index.html");
    assert_eq!(doc.select(&sel("figure.chart-progress")).count(), 0);
    let charts: Vec<(String, usize)> = doc
        .select(&sel("figure.chart-shares"))
        .map(|f| {
            let title = text_of(f.select(&sel("figcaption")).next().unwrap());
            (title, f.select(&sel("svg g.bar")).count())
        })
        .collect();
    assert_eq!(
        charts,
        [
            ("Công nghệ thông tin: các tỷ lệ".to_string(), 5),
            ("Chính quyền điện tử: các tỷ lệ".to_string(), 2),
        ]
    );
    // Each bar is named and labelled with its value and year; the page's data table lists
    // them, and the chart links there instead of repeating them.
    let first = doc.select(&sel("figure.chart-shares")).next().unwrap();
    let labels = text_of(first.select(&sel("g.labels")).next().unwrap());
    assert!(labels.contains("95% (2020)"), "{labels}");
    assert_eq!(first.select(&sel("details")).count(), 0);
    let link = sel("p.chart-sources a[href='#bang-so-lieu']");
    assert_eq!(first.select(&link).count(), 1);
    let en = page(&out, "en/tinh/vinh-phuc/index.html");
    let title = text_of(
        en.select(&sel("figure.chart-shares figcaption"))
            .next()
            .unwrap(),
    );
    assert!(title.ends_with(": shares"), "{title}");
}

#[test]
fn the_home_page_leads_with_provinces_then_comparisons() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let doc = page(&out, "index.html");
    let headings: Vec<String> = doc.select(&sel("main h2")).map(text_of).collect();
    assert_eq!(
        headings,
        ["Các tỉnh", "So sánh nổi bật", "Chỉ số theo lĩnh vực"]
    );
    let comparisons = doc.select(&sel("figure.chart-comparison")).count();
    assert_eq!(comparisons, 3);
    // Revenue is reported by the most provinces (3): it comes first.
    let first = doc
        .select(&sel("figure.chart-comparison figcaption"))
        .next()
        .unwrap();
    assert!(text_of(first).starts_with("Doanh thu toàn ngành"));
    // The indicators, by field, collapsed.
    assert!(doc.select(&sel("details.category[open]")).next().is_none());
    assert!(doc.select(&sel("details.category")).count() >= 5);
}

#[test]
fn the_indicator_index_is_collapsed_by_category_with_counts() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let doc = page(&out, "chi-so/index.html");
    let groups: Vec<_> = doc.select(&sel("main details.category")).collect();
    assert!(groups.len() >= 5);
    let mut total = 0;
    for g in &groups {
        assert!(g.value().attr("open").is_none());
        let count = text_of(g.select(&sel("summary .count")).next().unwrap());
        let items = g.select(&sel("li")).count();
        assert_eq!(count, format!("({items})"));
        total += items;
    }
    let (loaded, _) = ictreport::content::load(&repo());
    let (site, _) = ictreport::validate::validate(&loaded);
    assert_eq!(total, site.unwrap().indicators.len());
}
