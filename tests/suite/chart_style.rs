//! The chart stylesheet (`charts.css`, issue 28 item 2): pages link the site theme's own,
//! chart files embed its light scheme, and the charts that place their elements themselves
//! (the map, the shares chart) write no colour, so both schemes paint them.

use std::path::Path;

use crate::common::*;

/// The standalone chart files of a build (`so-sanh.svg`, `ban-do.svg`, `bieu-do.svg`).
fn chart_files(out: &Path) -> Vec<(String, String)> {
    tree(out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".svg") && !p.starts_with("static/"))
        .map(|(p, bytes)| (p, String::from_utf8(bytes).expect("UTF-8")))
        .collect()
}

/// The theme stylesheets a page links, as output paths (`static/…`, whatever the base path).
fn stylesheets(out: &Path, rel: &str) -> Vec<String> {
    page(out, rel)
        .select(&sel("link[rel=stylesheet]"))
        .filter_map(|l| l.value().attr("href"))
        .filter_map(|h| h.find("static/").map(|i| h[i..].to_string()))
        .collect()
}

#[test]
fn a_sites_charts_css_reaches_its_pages_and_its_chart_files() {
    let (_tmp, root) = site_copy("good");
    let default = std::fs::read_to_string(repo().join("themes/default/static/charts.css"))
        .expect("the default chart stylesheet");
    assert!(default.contains("--chart-1: #0b5394;"));
    let own = default.replace("--chart-1: #0b5394;", "--chart-1: #123456;")
        + ".chart-svg .own-rule { fill: #654321; }\n";
    write(&root, "themes/default/static/charts.css", &own);
    let (_out_tmp, out) = build_into_temp(&root, None);

    // Pages link the site's sheet, fingerprinted.
    let sheets = stylesheets(&out, "index.html");
    let charts = sheets
        .iter()
        .find(|s| s.starts_with("static/charts.") && s.ends_with(".css"))
        .unwrap_or_else(|| panic!("no chart stylesheet linked: {sheets:?}"));
    let linked = std::fs::read_to_string(out.join(charts)).expect("the linked sheet");
    assert_eq!(linked, own);

    // Chart files embed its light scheme, the site's colour and rule included.
    let files = chart_files(&out);
    assert!(!files.is_empty(), "the fixture has chart files");
    for (path, svg) in &files {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{path}: {e}"));
        let style = doc
            .descendants()
            .find(|n| n.has_tag_name("style"))
            .and_then(|n| n.text())
            .unwrap_or_default();
        assert!(style.contains("--chart-1: #123456;"), "{path}: {style}");
        assert!(
            style.contains(".chart-svg .own-rule{fill: #654321;}"),
            "{path}"
        );
        assert!(!style.contains("#0b5394"), "{path}: the default's colour");
        assert!(
            !style.contains("@media"),
            "{path}: a chart file is light only"
        );
    }
}

#[test]
fn without_an_override_pages_link_the_default_chart_stylesheet() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let default = std::fs::read(repo().join("themes/default/static/charts.css")).unwrap();
    let sheets = stylesheets(&out, "index.html");
    assert_eq!(sheets.len(), 2, "{sheets:?}");
    let linked = std::fs::read(out.join(&sheets[1])).expect("linked");
    assert_eq!(linked, default);
}

/// Whether `s` holds a `#rrggbb` colour (an `url(#id)` is no colour).
fn has_hex_colour(s: &str) -> bool {
    s.match_indices('#').any(|(i, _)| {
        let six: Vec<char> = s[i + 1..].chars().take(7).collect();
        six.len() >= 6
            && six[..6].iter().all(char::is_ascii_hexdigit)
            && six.get(6).is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// The custom properties the rules selecting one of `classes` use.
fn vars_for(css: &str, classes: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for line in css.lines().filter(|l| l.starts_with(".chart-svg")) {
        let Some((selector, body)) = line.split_once('{') else {
            continue;
        };
        let words: Vec<&str> = selector
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .collect();
        if !classes.iter().any(|c| words.contains(&c.as_str())) {
            continue;
        }
        for (i, _) in body.match_indices("var(") {
            let name: String = body[i + 4..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            out.push(name);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The map and the shares chart (both drawn element by element, not through plotters):
/// no colour in their markup, and every colour their classes take has a dark value.
#[test]
fn the_map_and_the_shares_chart_are_painted_by_the_theme_in_both_schemes() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let css = std::fs::read_to_string(repo().join("themes/default/static/charts.css")).unwrap();
    let (_, dark) = css
        .split_once("@media (prefers-color-scheme: dark)")
        .expect("a dark scheme");
    let style = std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    let (_, page_dark) = style
        .split_once("@media (prefers-color-scheme: dark)")
        .expect("the page's dark scheme");
    for (rel, chart) in [
        ("chi-so/ict_revenue/index.html", "figure.chart-tilemap svg"),
        ("tinh/nghe-an/index.html", "figure.chart-shares svg"),
    ] {
        let doc = page(&out, rel);
        let svg = doc
            .select(&sel(chart))
            .next()
            .unwrap_or_else(|| panic!("{rel} has no {chart}"))
            .html()
            .replace("&nbsp;", "\u{a0}");
        let parsed = roxmltree::Document::parse(&svg).expect("the chart is well-formed SVG");
        let mut classes: Vec<String> = Vec::new();
        for node in parsed.descendants().filter(|n| n.is_element()) {
            for a in node.attributes() {
                assert!(
                    !has_hex_colour(a.value()),
                    "{rel}: {}=\"{}\" on <{}>",
                    a.name(),
                    a.value(),
                    node.tag_name().name()
                );
                assert!(
                    !["fill", "stroke", "color"].contains(&a.name()),
                    "{rel}: a paint attribute on <{}>",
                    node.tag_name().name()
                );
            }
            let class = node.attribute("class").unwrap_or_default();
            classes.extend(class.split_whitespace().map(str::to_string));
        }
        let vars = vars_for(&css, &classes);
        assert!(vars.len() >= 3, "{rel}: {vars:?}");
        // `--series` and `--hatch` are set by the chart's own classes and layers.
        let own = |v: &&String| !v.starts_with("--series") && *v != "--hatch";
        for var in vars.iter().filter(own) {
            // The chart's bg, fg and muted follow the page's (dark in the page's sheet).
            let page_var = var.strip_prefix("--chart").map(|v| format!("-{v}:"));
            let followed = page_var.is_some_and(|v| page_dark.contains(&v));
            assert!(
                dark.contains(&format!("{var}:")) || followed,
                "{rel}: {var} has no dark value"
            );
        }
    }
}

/// The map says once what every tile shares (issue 29 item 3): the hatch is named on its
/// layers, the label anchor and size come from the theme, so a tile is a group with its
/// ramp class, a rectangle and its labels.
#[test]
fn the_maps_tiles_carry_only_what_differs_between_them() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let svg = map_svg(&out, "chi-so/ict_revenue/index.html").replace("&nbsp;", "\u{a0}");
    let parsed = roxmltree::Document::parse(&svg).expect("well-formed");
    let tiles = parsed
        .descendants()
        .find(|n| n.attribute("class") == Some("tiles baseline"))
        .expect("the tiles layer");
    assert_eq!(
        tiles
            .attribute("style")
            .map(|s| s.starts_with("--hatch:url(#")),
        Some(true)
    );
    let groups: Vec<_> = tiles.children().filter(|n| n.is_element()).collect();
    assert_eq!(groups.len(), 63);
    for g in &groups {
        let class = g.attribute("class").unwrap_or_default();
        assert!(
            class == "no-data" || (class.starts_with("ramp-") && class.len() == 6),
            "{class}"
        );
    }
    for n in parsed.descendants().filter(|n| n.is_element()) {
        assert!(n.attribute("font-size").is_none(), "a font size on <{n:?}>");
        if n.has_tag_name("text") {
            assert!(n.attribute("class").is_none(), "a class on a label");
        }
        if n.has_tag_name("rect") {
            assert!(n.attribute("style").is_none(), "a style on a tile");
        }
    }
    let css = std::fs::read_to_string(repo().join("themes/default/static/charts.css")).unwrap();
    assert!(css.contains(".chart-svg .tiles text { text-anchor: middle; }"));
    assert!(
        css.contains(".chart-svg .no-data rect, .chart-svg rect.no-data { fill: var(--hatch); }")
    );
}
