//! Issue 29: a province page writes each figure once. The charts below its summary cite
//! their sources and link to the page's data table instead of carrying a table of the same
//! figures; a table whose figures have nothing to note has no empty note column; a province
//! has no CSV file of its own (see downloads.rs). A data table names its columns for phones
//! once, and a chart's markup carries no whitespace and names a series' province once.

use std::collections::HashSet;
use std::path::Path;

use scraper::Html;

use crate::common::*;

/// The ids of a page's elements.
fn ids(doc: &Html) -> HashSet<String> {
    doc.select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id").map(String::from))
        .collect()
}

/// For each chart below the summary of page `rel`: the `#id` it links to for its figures
/// (checked to exist on the page); panics on a chart that repeats its figures in a table or
/// cites no source.
fn chart_table_links(out: &Path, rel: &str) -> Vec<String> {
    let doc = page(out, rel);
    let ids = ids(&doc);
    doc.select(&sel("section.charts figure.chart"))
        .map(|fig| {
            assert_eq!(
                fig.select(&sel("table")).count(),
                0,
                "{rel}: {}",
                fig.html()
            );
            let hrefs: Vec<&str> = fig
                .select(&sel("p.chart-sources a"))
                .filter_map(|a| a.value().attr("href"))
                .collect();
            assert!(
                hrefs.iter().any(|h| h.contains("nguon/#")),
                "{rel}: a chart without its source: {hrefs:?}"
            );
            let anchor = hrefs
                .iter()
                .find_map(|h| h.strip_prefix('#'))
                .unwrap_or_else(|| panic!("{rel}: no link to the data table: {hrefs:?}"));
            assert!(ids.contains(anchor), "{rel}: #{anchor} is not on the page");
            anchor.to_string()
        })
        .collect()
}

#[test]
fn province_charts_link_to_the_data_table_instead_of_repeating_its_figures() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let mut charts = 0;
    for rel in [
        "tinh/vinh-phuc/index.html",
        "tinh/nghe-an/index.html",
        "en/tinh/nghe-an/index.html",
    ] {
        let links = chart_table_links(&out, rel);
        assert!(links.iter().all(|a| a == "bang-so-lieu"), "{links:?}");
        charts += links.len();
    }
    assert!(charts >= 10, "{charts} charts");
}

/// Alpha of the `good` fixture with its revenue line drawn below the summary (not in the
/// prose) and revenue figures that have nothing to note.
fn plain_revenue_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = site_copy("good");
    let index = "content/provinces/alpha/index.md";
    let text = std::fs::read_to_string(root.join(index)).unwrap();
    let block =
        "```chart\nindicator: ict_revenue\ntype: line\ntitle: Doanh thu toàn ngành Alpha\n```\n";
    assert!(text.contains(block));
    write(&root, index, &text.replace(block, ""));
    let metrics = "content/provinces/alpha/metrics.yaml";
    let text = std::fs::read_to_string(root.join(metrics)).unwrap();
    let rest = &text[text.find("signed_share:").unwrap()..];
    let revenue = "ict_revenue:\n".to_string()
        + &[(2015, 3566), (2019, 72120), (2020, 79300)]
            .map(|(y, v)| format!("  - year: {y}\n    value: {v}\n    source: alpha-2020\n"))
            .concat();
    write(&root, metrics, &(revenue + rest));
    (tmp, root)
}

#[test]
fn a_line_chart_links_to_its_category_table_and_a_table_without_notes_has_no_note_column() {
    let (_tmp, root) = plain_revenue_site();
    let (_out_tmp, out) = build_into_temp(&root, None);
    let links = chart_table_links(&out, "tinh/alpha/index.html");
    assert!(links.contains(&"bang-toan-nganh".to_string()), "{links:?}");
    let doc = page(&out, "tinh/alpha/index.html");
    let columns = |table: &str| -> Vec<String> {
        let region = doc
            .select(&sel(&format!(
                "div[aria-labelledby='{table}'] table.data thead th"
            )))
            .map(text_of)
            .collect::<Vec<_>>();
        assert!(!region.is_empty(), "{table}");
        region
    };
    // Revenue has nothing to note: no note column. Its figures share one source, cited
    // once in a cell spanning its rows, as its name is.
    assert_eq!(
        columns("bang-toan-nganh"),
        ["Chỉ số", "Năm", "Giá trị", "Nguồn"]
    );
    let rows = sel("div[aria-labelledby='bang-toan-nganh'] tbody tr");
    for (i, tr) in doc.select(&rows).enumerate() {
        let cells = tr.select(&sel("th, td")).count();
        assert_eq!(cells, if i == 0 { 4 } else { 2 }, "{}", tr.html());
    }
    let cite = doc
        .select(&sel(
            "div[aria-labelledby='bang-toan-nganh'] tbody td[rowspan]",
        ))
        .map(|td| (td.value().attr("rowspan"), text_of(td)))
        .collect::<Vec<_>>();
    assert_eq!(cite, [(Some("3"), "[1]".to_string())]);
    // The signed share's target keeps the column.
    assert_eq!(
        columns("bang-cntt"),
        ["Chỉ số", "Năm", "Giá trị", "Ghi chú", "Nguồn"]
    );
}

/// The `--cN` custom properties of a `style` attribute, in order: `(N, label)`.
fn column_labels(style: &str) -> Vec<(usize, String)> {
    style
        .split(';')
        .filter_map(|decl| {
            let (name, value) = decl.split_once(':')?;
            let n = name.trim().strip_prefix("--c")?.parse().ok()?;
            let label = value.trim().strip_prefix('"')?.strip_suffix('"')?;
            Some((n, label.to_string()))
        })
        .collect()
}

/// On a phone each row of a province's data table is a card whose cells say their column's
/// name: the table names its columns once (`--c1`, `--c2`… for a row's 1st, 2nd… cell)
/// instead of a `data-label` on each of its cells, and the stylesheet prints each one.
#[test]
fn a_data_table_names_its_columns_once_for_phones() {
    let (_tmp, root) = plain_revenue_site();
    let (_out_tmp, out) = build_into_temp(&root, None);
    let css = std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    let doc = page(&out, "tinh/alpha/index.html");
    let mut widths = Vec::new();
    for table in doc.select(&sel("table.data")) {
        assert!(
            table
                .value()
                .has_class("cards", scraper::CaseSensitivity::CaseSensitive)
        );
        assert_eq!(table.select(&sel("[data-label]")).count(), 0);
        let labels = column_labels(table.value().attr("style").unwrap_or(""));
        // The header's columns after the indicator, in the same order.
        let header: Vec<String> = table
            .select(&sel("thead th"))
            .skip(1)
            .map(text_of)
            .collect();
        let named: Vec<String> = labels.iter().map(|(_, l)| l.clone()).collect();
        assert_eq!(named, header);
        let numbers: Vec<usize> = labels.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, (1..=header.len()).collect::<Vec<_>>());
        // Every row has a cell per column, but for a source cited once for its indicator.
        for tbody in table.select(&sel("tbody")) {
            let spanned = tbody.select(&sel("td[rowspan]")).count();
            for (i, tr) in tbody.select(&sel("tr")).enumerate() {
                let cells = tr.select(&sel("td")).count();
                let wanted = header.len() - usize::from(i > 0 && spanned > 0);
                assert_eq!(cells, wanted, "{}", tr.html());
            }
        }
        widths.push(header.len());
    }
    assert!(widths.contains(&3) && widths.contains(&4), "{widths:?}");
    for n in 1..=4 {
        let rule = format!("td:nth-of-type({n})::before {{ content: var(--c{n}) \": \"; }}");
        assert!(css.contains(&rule), "style.css lacks {rule}");
    }
}

/// The SVG of every chart on a province page, as written.
fn svgs(out: &Path, rel: &str) -> Vec<String> {
    let html = std::fs::read_to_string(out.join(rel)).unwrap();
    html.split("<svg")
        .skip(1)
        .filter_map(|s| {
            s.split_once("</svg>")
                .map(|(svg, _)| format!("<svg{svg}</svg>"))
        })
        .collect()
}

/// A chart is one line of markup (the browser needs no whitespace between its elements);
/// a series' group names its province once for its line and points, and a stated point is
/// its bare marker (its value is in the value labels and the data table).
#[test]
fn chart_markup_has_no_whitespace_and_names_a_province_once_per_series() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let mut stated = 0;
    for rel in ["tinh/vinh-phuc/index.html", "en/tinh/nghe-an/index.html"] {
        let charts = svgs(&out, rel);
        assert!(charts.len() >= 5, "{rel}: {} charts", charts.len());
        for svg in &charts {
            assert!(!svg.contains(">\n") && !svg.contains("> <"), "{rel}: {svg}");
            assert!(
                !svg.contains("xmlns"),
                "{rel}: inline SVG with its namespace"
            );
            let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
            for n in doc
                .descendants()
                .filter(|n| n.has_attribute("data-province"))
            {
                let class = n.attribute("class").unwrap_or("");
                if !class.starts_with("series-") {
                    continue; // a bar names the province it stands for
                }
                assert!(n.has_tag_name("g"), "{rel}: {class}");
                let inner = n.descendants().skip(1);
                assert!(inner.clone().all(|d| !d.has_attribute("data-province")));
                stated += n
                    .children()
                    .filter(|c| c.has_tag_name("circle") && c.attribute("class").is_none())
                    .count();
            }
        }
    }
    assert!(stated > 0, "no stated point drawn bare");
}

/// A Markdown table's column alignment is a class on each cell, not an inline style on each
/// (shorter, and no inline style for a strict Content-Security-Policy to block).
#[test]
fn a_prose_table_aligns_its_columns_by_class() {
    let (_tmp, root) = site_copy("good");
    edit(
        &root,
        "content/provinces/alpha/index.md",
        "## Viễn thông và bưu chính\n",
        "## Viễn thông và bưu chính\n\n| Chỉ tiêu | 2019 | Ghi chú |\n|:--|--:|:-:|\n| Doanh thu | 72 | có |\n",
    );
    let (_out_tmp, out) = build_into_temp(&root, None);
    let doc = page(&out, "tinh/alpha/index.html");
    let table = doc
        .select(&sel("article table"))
        .next()
        .expect("the prose table");
    let classes = |cells: &str| -> Vec<String> {
        table
            .select(&sel(cells))
            .map(|c| c.value().attr("class").unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(classes("thead th"), ["ta-l", "ta-r", "ta-c"]);
    assert_eq!(classes("tbody td"), ["ta-l", "ta-r", "ta-c"]);
    assert!(!table.html().contains("style="), "{}", table.html());
    let css = std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    for (class, align) in [("ta-l", "left"), ("ta-c", "center"), ("ta-r", "right")] {
        assert!(
            css.contains(&format!(".{class} {{ text-align: {align}; }}")),
            "{class}"
        );
    }
}
