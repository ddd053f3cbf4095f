//! Comparisons that do not mislead: figures of different scopes say so beside the chart,
//! in its file and above the table; value axes start at zero and rank axes run from first
//! place to last; maps of whole-number indicators have whole-number classes; an indicator
//! page shows no year table without years.

use std::collections::HashSet;

use roxmltree::Document;

use crate::common::*;

/// The bundled site's model, as `check` sees it.
fn bundled_site() -> ictreport::model::Site {
    let (loaded, _) = ictreport::content::load(&repo());
    let (site, _) = ictreport::validate::validate(&loaded);
    site.expect("the bundled site validates")
}

/// The visible text of an SVG document: its `<text>` elements, in order, joined by spaces
/// (not its `<title>` or `<desc>`).
fn drawn_text(svg: &str) -> String {
    let doc = Document::parse(svg).unwrap_or_else(|e| panic!("{e}"));
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn mixed_scopes_are_stated_in_the_chart_its_file_and_the_table() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let cases = [
        (
            "chi-so/ict_revenue/",
            "Các số liệu có phạm vi khác nhau:",
            &[
                "Vĩnh Phúc (doanh thu toàn ngành theo Sở, quy mô cho thấy có tính cả sản xuất điện tử; bài không tách riêng)",
                "Thanh Hóa (không nêu phạm vi)",
                "Ninh Thuận (không nêu phạm vi)",
            ][..],
        ),
        (
            "en/chi-so/ict_revenue/",
            "The figures cover different scopes:",
            &[
                "Vĩnh Phúc (sector revenue as the department reports it",
                "Thanh Hóa (scope not stated)",
            ][..],
        ),
        (
            "chi-so/signed_edocs_share/",
            "Các số liệu có phạm vi khác nhau:",
            &[
                "Thanh Hóa (các sở, ban, ngành và UBND cấp huyện, trừ văn bản mật)",
                "Nghệ An (bình quân các cơ quan hành chính nhà nước trong tỉnh)",
            ][..],
        ),
        (
            "chi-so/budget_contribution/",
            "Các số liệu có phạm vi khác nhau:",
            &[
                "Thanh Hóa (ngân sách nhà nước (cả trung ương và địa phương))",
                "Ninh Thuận (chỉ ngân sách địa phương)",
            ][..],
        ),
    ];
    for (dir, opening, scopes) in cases {
        // The file: drawn as text in the picture, not only in its description.
        let file = std::fs::read_to_string(out.join(dir).join("so-sanh.svg")).expect("so-sanh.svg");
        let drawn = drawn_text(&file);
        // The page: in the comparison's caption and above the latest-figure table, outside
        // any collapsed part.
        let doc = page(&out, &format!("{dir}index.html"));
        let caption = doc
            .select(&sel("figure.chart-comparison > figcaption .chart-note"))
            .map(text_of)
            .next()
            .unwrap_or_else(|| panic!("{dir}: no scope note in the comparison's caption"));
        let above_table = doc
            .select(&sel("section.compare-latest > p.scope-note"))
            .map(text_of)
            .next()
            .unwrap_or_else(|| panic!("{dir}: no scope note above the table"));
        let inline_svg = doc
            .select(&sel("figure.chart-comparison svg"))
            .next()
            .map(|svg| text_of(svg))
            .expect("inline comparison");
        for (place, text) in [
            ("file", &drawn),
            ("caption", &caption),
            ("table", &above_table),
            ("inline chart", &inline_svg),
        ] {
            // Wrapped lines of the SVG are joined by a space, as the sentence was written.
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(text.contains(opening), "{dir} {place}: {text}");
            for scope in scopes {
                assert!(
                    text.contains(scope),
                    "{dir} {place} lacks {scope:?}: {text}"
                );
            }
        }
    }
    // The lines of every province over the years compare them too.
    let doc = page(&out, "chi-so/ict_revenue/index.html");
    let lines = doc
        .select(&sel("figure.chart-multi-line"))
        .next()
        .expect("multi-line chart");
    let caption = lines
        .select(&sel("figcaption .chart-note"))
        .map(text_of)
        .next()
        .unwrap_or_default();
    let drawn = lines
        .select(&sel("svg"))
        .map(text_of)
        .next()
        .unwrap_or_default();
    for text in [caption, drawn] {
        assert!(text.contains("Các số liệu có phạm vi khác nhau:"), "{text}");
        assert!(text.contains("Thanh Hóa (không nêu phạm vi)"), "{text}");
    }
    // Figures of one scope need no note.
    let doc = page(&out, "chi-so/mobile_subscribers/index.html");
    assert_eq!(doc.select(&sel("figure.chart-comparison")).count(), 1);
    assert_eq!(doc.select(&sel(".chart-note, .scope-note")).count(), 0);
}

/// The value ticks of every line chart on `rel` (labels right-aligned left of the axis),
/// with the chart's title and whether it is a rank chart (its unit caption is `hạng`).
fn value_axes(out: &std::path::Path, rel: &str) -> Vec<(String, bool, Vec<f64>)> {
    let doc = page(out, rel);
    let charts = sel("svg.chart-line, svg.chart-multi-line");
    doc.select(&charts)
        .map(|svg| {
            let title = svg
                .select(&sel("title"))
                .map(text_of)
                .next()
                .unwrap_or_default();
            let axis = svg.select(&sel("g.axis")).next().expect("axis");
            let rank = axis.select(&sel("text")).any(|t| text_of(t) == "hạng");
            let ticks = axis
                .select(&sel("text.end"))
                .map(|t| {
                    let n = text_of(t)
                        .trim_end_matches('%')
                        .replace('.', "")
                        .replace(',', ".");
                    n.parse()
                        .unwrap_or_else(|_| panic!("{rel}: tick {n:?} of {title}"))
                })
                .collect();
            (title, rank, ticks)
        })
        .collect()
}

#[test]
fn value_axes_start_at_zero_and_rank_axes_run_from_first_to_last_place() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let mut seen = 0;
    let mut ranks = 0;
    for slug in [
        "vinh-phuc",
        "nghe-an",
        "ninh-thuan",
        "thanh-hoa",
        "hai-duong",
    ] {
        let rel = format!("tinh/{slug}/index.html");
        for (title, rank, ticks) in value_axes(&out, &rel) {
            let lowest = ticks.iter().copied().fold(f64::INFINITY, f64::min);
            let expected = if rank { 1.0 } else { 0.0 };
            assert_eq!(lowest, expected, "{rel}: {title}: {ticks:?}");
            seen += 1;
            ranks += usize::from(rank);
        }
    }
    assert!(seen >= 5 && ranks >= 3, "{seen} axes, {ranks} of ranks");
    // The ICT index score of Vĩnh Phúc (38–48) is drawn from zero.
    let score = value_axes(&out, "tinh/vinh-phuc/index.html")
        .into_iter()
        .find(|(t, _, _)| t.contains("Điểm ICT Index trung bình"))
        .expect("ICT index chart");
    assert_eq!(score.2.first(), Some(&0.0), "{score:?}");
    // Thanh Hóa's rank of 8 and 9 out of 63: the axis reaches past rank 9 towards 63.
    let rank = value_axes(&out, "tinh/thanh-hoa/index.html")
        .into_iter()
        .find(|(t, _, _)| t.contains("Xếp hạng mức độ ứng dụng công nghệ thông tin"))
        .expect("rank chart");
    assert_eq!(rank.2.first(), Some(&1.0), "{rank:?}");
    assert!(rank.2.iter().any(|&t| t > 50.0), "{rank:?}");
    // Comparison bars all start at the baseline: zero.
    let doc = page(&out, "chi-so/ict_revenue/index.html");
    let svg = doc
        .select(&sel("figure.chart-comparison svg"))
        .next()
        .expect("comparison");
    let baseline: HashSet<String> = svg
        .select(&sel("g.axis polyline"))
        .filter_map(|p| p.value().attr("points"))
        .filter_map(|p| p.split(',').next().map(str::to_string))
        .collect();
    // Each bar's left edge (an estimate's outline is inset by half a unit).
    let starts: HashSet<String> = svg
        .select(&sel("g.bar"))
        .filter_map(|g| {
            g.select(&sel("rect"))
                .filter_map(|r| r.value().attr("x")?.parse::<f64>().ok())
                .reduce(f64::min)
                .map(|x| x.to_string())
        })
        .collect();
    assert_eq!(baseline.len(), 1, "{baseline:?}");
    assert!(
        !starts.is_empty() && starts.is_subset(&baseline),
        "{starts:?} {baseline:?}"
    );
}

#[test]
fn maps_of_whole_number_indicators_have_whole_number_classes() {
    use ictreport::model::Kind;
    let (_tmp, out) = build_into_temp(&repo(), None);
    let site = bundled_site();
    let mut checked = Vec::new();
    for ind in &site.indicators {
        if !(matches!(ind.kind, Kind::Count | Kind::Rank) || ind.decimals == 0) {
            continue;
        }
        let rel = format!("chi-so/{}/index.html", ind.id);
        if !out.join(&rel).exists() {
            continue;
        }
        let doc = page(&out, &rel);
        let Some(legend) = doc.select(&sel("figure.chart-tilemap svg g.legend")).next() else {
            continue;
        };
        for t in legend.select(&sel("text")) {
            let words = text_of(t);
            let fractional = words
                .as_bytes()
                .windows(3)
                .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit());
            assert!(!fractional, "{rel}: legend class {words:?}");
        }
        checked.push(ind.id.clone());
    }
    for id in [
        "ict_index_rank",
        "national_portal_integration_rank",
        "breakthrough_tasks",
    ] {
        assert!(
            checked.iter().any(|c| c == id),
            "{id} not checked: {checked:?}"
        );
    }
}

#[test]
fn indicator_pages_have_no_empty_year_table_and_every_declared_anchor() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let site = bundled_site();
    let plan = ictreport::render::plan::link_plan(&site);
    let mut without_years = Vec::new();
    let mut pages = 0;
    for (file, declared) in &plan.anchors {
        let indicator_page = (file.starts_with("chi-so/") || file.starts_with("en/chi-so/"))
            && file.matches('/').count() >= 2
            && !file.ends_with("chi-so/index.html");
        if !indicator_page {
            continue;
        }
        pages += 1;
        let doc = page(&out, file);
        let ids: HashSet<&str> = doc
            .select(&sel("[id]"))
            .filter_map(|e| e.value().attr("id"))
            .collect();
        let missing: Vec<&String> = declared
            .iter()
            .filter(|a| !ids.contains(a.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{file} declares {missing:?}, which it does not have"
        );
        match doc.select(&sel("table.years")).next() {
            Some(table) => {
                let years = table.select(&sel("thead th.num")).count();
                let rows = table.select(&sel("tbody tr")).count();
                assert!(years > 0 && rows > 0, "{file}: {years} years, {rows} rows");
            }
            None => {
                assert!(!ids.contains("theo-nam"), "{file}");
                without_years.push(file.clone());
            }
        }
    }
    assert!(pages > 100, "{pages} indicator pages");
    // The eleven indicators with targets only, in both languages.
    assert_eq!(without_years.len(), 22, "{without_years:?}");
    assert!(without_years.contains(&"chi-so/egov_rank/index.html".to_string()));
}
