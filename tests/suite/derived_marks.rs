//! Issue 25 item 1 on the bundled site: every derived figure carries its † in every file a
//! reader can open, and charts draw derived points hollow (bars as outlines) and name them
//! in their legend.

use std::path::PathBuf;

use crate::common::*;
use crate::properties::checks::{self, Derived};
use crate::properties::computed;
use ictreport::chart::{self, ChartType};
use ictreport::i18n::I18n;
use ictreport::model::{Lang, Site};
use ictreport::values::Figure;
use roxmltree::Document;

/// The bundled site built with an absolute base URL (so its feeds are written) and its model.
fn bundled() -> (tempfile::TempDir, PathBuf, Site) {
    let (tmp, out) = build_into_temp(&repo(), Some("https://example.org/"));
    let (loaded, _) = ictreport::content::load(&repo());
    let (site, diags) = ictreport::validate::validate(&loaded);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    (tmp, out, site.expect("site"))
}

/// The derived observations of the site whose number is distinctive enough to be found by
/// its text (four digits or more): a short one such as 47 also reads as a stated count.
#[expect(
    clippy::disallowed_methods,
    reason = "the test looks for the bare number a view might print without Figure"
)]
fn traceable_derived(site: &Site) -> Vec<Derived> {
    let mut found = Vec::new();
    for p in &site.provinces {
        for s in &p.series {
            let ind = site.indicator(s.indicator);
            for o in s.observations.iter().filter(|o| o.derived.is_derived()) {
                let figure = Figure::new(ind, o, Lang::Vi, I18n::embedded());
                let value = figure.machine_value().as_f64().expect("a finite number");
                let printed = ictreport::format::number(value, ind.decimals, Lang::Vi);
                if printed.chars().filter(char::is_ascii_digit).count() < 4 {
                    continue;
                }
                found.push(Derived {
                    province: p.slug.to_string(),
                    indicator: ind.id.to_string(),
                    year: o.year.get(),
                    value,
                    decimals: ind.decimals,
                    trim_zeros: ind.trim_zeros,
                });
            }
        }
    }
    found
}

#[test]
fn every_derived_figure_is_marked_in_every_output_file() {
    let (_tmp, out, site) = bundled();
    let derived = traceable_derived(&site);
    // Ninh Thuận's revenue and subscribers, Vĩnh Phúc's signatures and index score.
    assert!(derived.len() >= 4, "{derived:?}");
    assert!(out.join("atom.xml").exists() && out.join("en/atom.xml").exists());
    let problems = checks::unmarked(&out, &derived, &[Lang::Vi, Lang::En]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Issue 25 item 1: the values the site computes (multiples, CAGR, changes, shares,
/// densities, claims' computed values) carry their † in page text, SVG `<text>`, `<title>`
/// and `<desc>`, and feeds. Vĩnh Phúc's revenue chart described "gấp 22,24 lần" unmarked
/// and without the "khoảng" and "dự kiến" its 2020 input has.
#[test]
fn every_computed_value_is_marked_in_every_output_file() {
    let (_tmp, out, site) = bundled();
    let langs = [Lang::Vi, Lang::En];
    let needles = computed::computed_needles(&site, &langs);
    let numbers: Vec<&str> = needles.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        numbers.contains(&"22,24") && numbers.contains(&"22.24"),
        "{numbers:?}"
    );
    let problems = computed::unmarked_computed(&out, &site, &langs, None);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for (svg, times) in [
        (
            "tinh/vinh-phuc/bieu-do.svg",
            "gấp khoảng 22,24 lần (dự kiến, †\u{a0}do trang này tính)",
        ),
        (
            "en/tinh/vinh-phuc/bieu-do.svg",
            "about 22.24 times as much (estimate, †\u{a0}computed by this site)",
        ),
    ] {
        let text = std::fs::read_to_string(out.join(svg)).expect("chart file");
        assert!(text.contains(times), "{svg}: {times}");
    }
}

#[test]
fn every_chart_draws_derived_marks_hollow_and_names_them() {
    let (_tmp, out, _site) = bundled();
    let problems = checks::undrawn_derived(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check found something to check: derived points and bars in pages and files.
    let files = tree(&out);
    let count = |class: &str| {
        files
            .values()
            .filter_map(|b| std::str::from_utf8(b).ok())
            .map(|t| t.matches(class).count())
            .sum::<usize>()
    };
    assert!(count("<g class=\"p derived\">") > 0);
    assert!(count("<g class=\"bar series-") > 0);
}

/// Vĩnh Phúc's revenue line: the 2018 base worked back from a stated change is a hollow
/// point labelled with †, the stated points are filled, and the legend names the mark.
#[test]
fn a_derived_point_is_hollow_and_the_legend_names_it() {
    let (loaded, _) = ictreport::content::load(&repo());
    let (site, _) = ictreport::validate::validate(&loaded);
    let site = site.expect("site");
    let vp = site
        .provinces
        .iter()
        .find(|p| p.slug == "vinh-phuc")
        .expect("Vĩnh Phúc");
    let mut seen = 0;
    for series in &vp.series {
        let subject = chart::Subject::of_province(vp, series.indicator);
        let Some(c) = chart::Line.draw((&site).into(), &subject, "c") else {
            continue;
        };
        let doc = Document::parse(&c.svg).expect("svg");
        // The series' marks: a stated figure's bare disc, a hollow point's `p` group.
        let points: Vec<_> = doc
            .descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.starts_with("series-"))
            })
            .flat_map(|g| g.children())
            .filter(|n| {
                n.has_tag_name("circle")
                    || n.attribute("class")
                        .is_some_and(|c| c == "p" || c.starts_with("p "))
            })
            .collect();
        let derived_in = |year: u16| {
            series
                .observations
                .iter()
                .any(|o| o.year.get() == year && o.derived.is_derived())
        };
        for g in &points {
            if g.has_tag_name("circle") {
                // Stated: filled, and no derived figure sits under its year's label.
                assert_eq!(g.attribute("class"), None, "a bare marker is filled");
                let year = doc
                    .descendants()
                    .find(|t| t.has_tag_name("text") && t.attribute("x") == g.attribute("cx"))
                    .and_then(|t| t.text())
                    .and_then(|y| y.parse().ok());
                assert!(!year.is_some_and(derived_in), "{year:?} drawn as stated");
                continue;
            }
            let title = g
                .children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
                .unwrap_or("");
            let year: u16 = title.get(..4).and_then(|y| y.parse().ok()).expect("year");
            let derived = derived_in(year);
            let class = g.attribute("class").unwrap_or("");
            assert_eq!(class.split(' ').any(|c| c == "derived"), derived, "{class}");
            let shapes: Vec<&str> = g
                .descendants()
                .filter(|n| n.has_tag_name("circle"))
                .map(|n| n.attribute("class").unwrap_or("filled"))
                .collect();
            if derived {
                seen += 1;
                assert_eq!(shapes, ["bg", "ol"], "hollow: a background disc, a ring");
            }
        }
        if points
            .iter()
            .any(|g| g.attribute("class").unwrap_or("").contains("derived"))
        {
            let legend: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("legend"))
                .flat_map(|g| g.descendants())
                .filter_map(|t| t.text())
                .collect();
            let i18n = ictreport::i18n::I18n::embedded();
            let kinds = series
                .observations
                .iter()
                .filter(|o| o.derived.is_derived());
            for o in kinds {
                let words = ictreport::values::provenance_text(o.derived, Lang::Vi, i18n)
                    .expect("derived words");
                assert!(legend.contains(&words.as_str()), "{words} in {legend:?}");
            }
        }
    }
    assert!(seen > 0, "Vĩnh Phúc has a derived point on a line chart");
}
