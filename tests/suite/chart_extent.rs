//! Chart text stays inside its chart: every `<text>` of every SVG the bundled site writes
//! (inline in pages and as files), measured with the width estimate the chart code lays
//! labels out by, lies within its `viewBox`.

use std::path::Path;

use roxmltree::{Document, Node};

use crate::common::*;

/// Room for rounding in the coordinates the charts write.
const TOLERANCE: f64 = 0.5;

/// Every SVG document of the output: `.svg` files whole, and each `<svg>…</svg>` of a page.
fn svg_documents(out: &Path) -> Vec<(String, String)> {
    let mut docs = Vec::new();
    for (rel, bytes) in tree(out) {
        if rel.starts_with("pagefind/") {
            continue;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if rel.ends_with(".svg") {
            docs.push((rel, text));
        } else if rel.ends_with(".html") {
            let mut rest = text.as_str();
            while let Some(start) = rest.find("<svg") {
                let Some(len) = rest[start..].find("</svg>") else {
                    break;
                };
                let end = start + len + "</svg>".len();
                docs.push((rel.clone(), rest[start..end].to_string()));
                rest = &rest[end..];
            }
        }
    }
    docs
}

/// `(min x, min y, width, height)` of the nearest `viewBox` around `n`.
fn view_box(n: Node) -> Option<(f64, f64, f64, f64)> {
    let vb = n
        .ancestors()
        .find(|a| a.has_tag_name("svg") && a.has_attribute("viewBox"))?
        .attribute("viewBox")?;
    let v: Vec<f64> = vb
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    (v.len() == 4).then(|| (v[0], v[1], v[2], v[3]))
}

fn has_class(n: Node, class: &str) -> bool {
    n.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|w| w == class))
}

/// The font size and weight factor of a `<text>`, as the default theme sets them: an
/// attribute, the standalone file's title and source classes, else 14 px.
fn font(n: Node) -> (f64, f64) {
    let size = n
        .ancestors()
        .find_map(|a| a.attribute("font-size"))
        .and_then(|s| s.trim_end_matches("px").parse().ok())
        .unwrap_or(if has_class(n, "file-title") {
            16.0
        } else if has_class(n, "file-source") {
            12.0
        } else {
            14.0
        });
    let bold = n.attribute("font-weight") == Some("bold") || has_class(n, "file-title");
    (size, if bold { 1.1 } else { 1.0 })
}

/// The horizontal extent of a `<text>`: from its `x`, anchor and estimated width.
fn extent(n: Node) -> Option<(f64, f64)> {
    let x: f64 = n.attribute("x")?.parse().ok()?;
    let content: String = n
        .descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect();
    let (size, weight) = font(n);
    let width = match n.attribute("textLength").and_then(|l| l.parse().ok()) {
        Some(squeezed) => squeezed,
        None => ictreport::chart::text_width(content.trim(), size) * weight,
    };
    // The text's class (`start`, `middle`, `end`), else the `text-anchor` its group gives
    // it; the map's labels are centred by the theme (`.chart-svg .tiles text`).
    let class = ["start", "middle", "end"]
        .into_iter()
        .find(|c| has_class(n, c));
    let inherited = || n.ancestors().find_map(|a| a.attribute("text-anchor"));
    let anchor =
        class
            .or_else(inherited)
            .unwrap_or(if n.ancestors().any(|a| has_class(a, "tiles")) {
                "middle"
            } else {
                "start"
            });
    Some(match anchor {
        "end" => (x - width, x),
        "middle" => (x - width / 2.0, x + width / 2.0),
        _ => (x, x + width),
    })
}

/// The texts of `svg` that run out of their `viewBox`, described.
fn overflowing(svg: &str) -> Vec<String> {
    let doc = Document::parse(svg).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let (Some((x0, x1)), Some((vx, vy, vw, vh))) = (extent(t), view_box(t)) else {
            continue;
        };
        let y: f64 = t.attribute("y").and_then(|y| y.parse().ok()).unwrap_or(vy);
        let inside = x0 >= vx - TOLERANCE
            && x1 <= vx + vw + TOLERANCE
            && y >= vy - TOLERANCE
            && y <= vy + vh + TOLERANCE;
        if !inside {
            let content: String = t
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect();
            out.push(format!(
                "{content:?} spans x {x0:.1}..{x1:.1}, y {y:.1} in viewBox {vx} {vy} {vw} {vh}"
            ));
        }
    }
    out
}

#[test]
fn no_chart_text_of_the_bundled_site_runs_out_of_its_chart() {
    let charts_css = std::fs::read_to_string(repo().join("themes/default/static/charts.css"))
        .expect("the theme's chart stylesheet");
    assert!(
        charts_css.contains(".chart-svg .tiles text { text-anchor: middle; }"),
        "the extents below take the map's labels as centred"
    );
    let (_tmp, out) = build_into_temp(&repo(), None);
    let docs = svg_documents(&out);
    assert!(docs.len() > 100, "only {} SVGs found", docs.len());
    let texts: usize = docs
        .iter()
        .map(|(_, svg)| svg.matches("<text").count())
        .sum();
    assert!(texts > 1000, "only {texts} texts");
    let mut problems: Vec<String> = docs
        .iter()
        .flat_map(|(file, svg)| {
            overflowing(svg)
                .into_iter()
                .map(move |p| format!("{file}: {p}"))
        })
        .collect();
    problems.sort();
    problems.dedup();
    assert_eq!(problems, Vec::<String>::new());
}

/// The long Ninh Thuận label of the home page's comparison (value, year, derived mark and
/// age mark) wraps onto lines that fit, instead of running out at the left.
#[test]
fn the_home_comparison_wraps_a_label_wider_than_the_chart() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let svg = svg_documents(&out)
        .into_iter()
        .filter(|(file, _)| file == "index.html")
        .map(|(_, svg)| svg)
        .find(|svg| svg.contains("605.228\u{a0}thuê bao"))
        .expect("the home page compares mobile subscribers");
    let doc = Document::parse(&svg).expect("SVG");
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    // Ninh Thuận's label: value, year and derived mark, then the age mark `[‡ …]`.
    let first = texts
        .iter()
        .position(|t| t.starts_with("605.228\u{a0}thuê bao"))
        .expect("Ninh Thuận's label");
    let last = first
        + texts[first..]
            .iter()
            .position(|t| t.ends_with(']'))
            .expect("the age mark");
    let label = texts[first..=last].join(" ");
    assert!(last > first, "one line: {label}");
    assert!(
        label.contains("(2017, †") && label.contains("[‡"),
        "{label}"
    );
    assert_eq!(overflowing(&svg), Vec::<String>::new());
}
