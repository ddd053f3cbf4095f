//! What every built site must satisfy, read from its files: XML that parses, links that
//! resolve, and every derived figure marked wherever it is shown.

use std::path::Path;

use ictreport::model::Lang;
use scraper::{ElementRef, Html, Node};

use super::sites::Figure;
use crate::common::tree;

/// The XML and SVG files of `out` that do not parse.
pub fn xml_errors(out: &Path) -> Vec<String> {
    tree(out)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".xml") || rel.ends_with(".svg"))
        .filter_map(|(rel, bytes)| {
            let text = String::from_utf8(bytes).ok()?;
            roxmltree::Document::parse(&text)
                .err()
                .map(|e| format!("{rel}: {e}"))
        })
        .collect()
}

/// A derived figure to look for in the output: where it belongs and its number.
#[derive(Debug, Clone)]
pub struct Derived {
    pub province: String,
    pub indicator: String,
    pub year: u16,
    pub value: f64,
    pub decimals: u8,
    /// The catalog's `trim_zeros`: whether `decimals` is a maximum rather than exact.
    pub trim_zeros: bool,
}

impl Derived {
    /// `ict_revenue 2018 (vinh-phuc)`, for a problem's message.
    fn describe(&self) -> String {
        format!("{} {} ({})", self.indicator, self.year, self.province)
    }

    /// The text the figure is printed as in `lang`.
    #[expect(
        clippy::disallowed_methods,
        reason = "the check looks for the bare number a view might print without Figure"
    )]
    fn printed(&self, lang: Lang) -> String {
        let decimals = ictreport::format::Decimals {
            places: self.decimals,
            trailing_zeros: !self.trim_zeros,
        };
        ictreport::format::figure(self.value, decimals, lang)
    }
}

/// Whether `text` holds `needle` as a whole number at `at` (no digit, or separator followed
/// by a digit, on either side).
fn whole_number_at(text: &str, at: usize, needle: &str) -> bool {
    let before = text[..at].chars().next_back();
    let after: Vec<char> = text[at + needle.len()..].chars().take(2).collect();
    let digit_before = before.is_some_and(|c| c.is_ascii_digit());
    let sep_before = before.is_some_and(|c| c == '.' || c == ',')
        && text[..at]
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit());
    let digit_after = after.first().is_some_and(|c| c.is_ascii_digit());
    let sep_after =
        matches!(after.as_slice(), [s, d, ..] if (*s == '.' || *s == ',') && d.is_ascii_digit());
    !(digit_before || sep_before || digit_after || sep_after)
}

/// The positions of `needle` in `text` as a whole number.
fn occurrences<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(needle)
        .map(|(i, _)| i)
        .filter(move |&i| whole_number_at(text, i, needle))
}

/// Whether the mark † follows the figure at `at` closely enough to be its own.
fn marked_after(text: &str, at: usize, needle: &str) -> bool {
    text[at + needle.len()..]
        .chars()
        .take(140)
        .any(|c| c == '†')
}

/// Elements whose text is one statement: a figure in them must carry its own mark.
const BLOCKS: [&str; 16] = [
    "p",
    "li",
    "td",
    "th",
    "dd",
    "dt",
    "figcaption",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "text",
    "title",
    "desc",
    "summary",
];

fn element_text(el: ElementRef) -> String {
    el.text().collect::<String>()
}

/// Every place in the output where a derived figure of a generated site is printed without
/// its mark.
pub fn unmarked_derived(out: &Path, figures: &[Figure], english: bool) -> Vec<String> {
    let derived: Vec<Derived> = figures
        .iter()
        .filter(|f| f.derived && f.indicator.traceable())
        .map(|f| Derived {
            province: f.province.to_string(),
            indicator: f.indicator.id.to_string(),
            year: f.year,
            value: f.value,
            decimals: f.indicator.decimals,
            trim_zeros: f.indicator.trim_zeros,
        })
        .collect();
    let mut langs = vec![Lang::Vi];
    if english {
        langs.push(Lang::En);
    }
    unmarked(out, &derived, &langs)
}

/// Every place in the output where one of `derived` is printed in one of `langs` without
/// its mark: HTML text, SVG `<text>`, `<title>` and `<desc>`, feeds, the downloads'
/// provenance column.
pub fn unmarked(out: &Path, derived: &[Derived], langs: &[Lang]) -> Vec<String> {
    if derived.is_empty() {
        return Vec::new();
    }
    let needles: Vec<(String, String)> = derived
        .iter()
        .flat_map(|f| langs.iter().map(move |&l| (f.printed(l), f.describe())))
        .collect();
    let mut problems = marks_in_files(out, &needles);
    problems.extend(download_marks(out, derived));
    problems
}

/// Every place in the HTML, SVG and XML files of `out` where one of `needles` (a number as
/// printed, and what it is) is printed without its mark.
pub(super) fn marks_in_files(out: &Path, needles: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (rel, bytes) in tree(out) {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if !needles
            .iter()
            .any(|(n, _)| occurrences(&text, n).next().is_some())
        {
            continue;
        }
        if rel.ends_with(".html") {
            html_marks(&rel, &text, needles, &mut problems);
        } else if rel.ends_with(".svg") || rel.ends_with(".xml") {
            xml_marks(&rel, &text, needles, &mut problems);
        }
    }
    problems
}

fn html_marks(rel: &str, text: &str, needles: &[(String, String)], problems: &mut Vec<String>) {
    let doc = Html::parse_document(text);
    for node in doc.root_element().descendants() {
        let Node::Text(t) = node.value() else {
            continue;
        };
        let Some(parent) = node.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        if matches!(parent.value().name(), "script" | "style" | "template") {
            continue;
        }
        // A chart's axis labels and legend classes are its scale (0, 2.500, 5.000…;
        // 4.000–4.500), no figure: a computed value may happen to be a round number.
        let on_a_scale = parent
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|e| scale_group(e.value().name(), e.value().attr("class")));
        if on_a_scale {
            continue;
        }
        for (needle, f) in needles {
            if occurrences(t, needle).next().is_none() {
                continue;
            }
            // The statement the figure is part of: its nearest block element.
            let block = parent
                .ancestors()
                .filter_map(ElementRef::wrap)
                .chain(std::iter::once(parent))
                .find(|e| BLOCKS.contains(&e.value().name()))
                .unwrap_or(parent);
            let block = if BLOCKS.contains(&parent.value().name()) {
                parent
            } else {
                block
            };
            // A table marks a figure in its row (the notes column says how it was made).
            let block = match block.value().name() {
                "td" | "th" => block
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .find(|e| e.value().name() == "tr")
                    .unwrap_or(block),
                _ => block,
            };
            let mut whole = element_text(block);
            // A wrapped chart label: one <text> per line at the same x (see `xml_marks`).
            if block.value().name() == "text" {
                let x = block.value().attr("x");
                let more = block
                    .next_siblings()
                    .filter_map(ElementRef::wrap)
                    .take_while(|n| n.value().name() == "text" && n.value().attr("x") == x)
                    .take(3);
                for line in more {
                    whole.push(' ');
                    whole.push_str(&element_text(line));
                }
            }
            let in_row = block.value().name() == "tr";
            for at in occurrences(&whole, needle) {
                if !(marked_after(&whole, at, needle) || in_row && whole.contains('†')) {
                    problems.push(format!(
                        "{rel}: derived {f} printed without † in <{}>: {:?}",
                        block.value().name(),
                        excerpt(&whole, at)
                    ));
                }
            }
        }
    }
}

/// Whether an element (its name and class attribute) is a group holding a chart's scale:
/// its axes' labels or its legend (the map's classes, the series' names), where no figure
/// is drawn.
fn scale_group(name: &str, class: Option<&str>) -> bool {
    name == "g"
        && class.is_some_and(|c| c.split_whitespace().any(|c| matches!(c, "axis" | "legend")))
}

fn xml_marks(rel: &str, text: &str, needles: &[(String, String)], problems: &mut Vec<String>) {
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return;
    };
    for node in doc.descendants().filter(|n| n.is_element()) {
        // The element's own text (an SVG <text> may hold <tspan>s).
        let whole: String = node
            .descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect();
        let own = node
            .children()
            .any(|c| c.is_text() && !c.text().unwrap_or("").trim().is_empty());
        if !own {
            continue;
        }
        let on_a_scale = node
            .ancestors()
            .any(|a| scale_group(a.tag_name().name(), a.attribute("class")));
        if on_a_scale {
            continue;
        }
        // A label wrapped over several lines is drawn as one <text> per line at the same x:
        // its mark may be on a later line.
        let whole = if node.tag_name().name() == "text" {
            let x = node.attribute("x");
            let more: Vec<&str> = node
                .next_siblings()
                .filter(|n| n.is_element())
                .skip(1)
                .take_while(|n| n.tag_name().name() == "text" && n.attribute("x") == x)
                .take(3)
                .filter_map(|n| n.text())
                .collect();
            format!("{whole} {}", more.join(" "))
        } else {
            whole
        };
        for (needle, f) in needles {
            for at in occurrences(&whole, needle) {
                if !marked_after(&whole, at, needle) {
                    problems.push(format!(
                        "{rel}: derived {f} printed without † in <{}>: {:?}",
                        node.tag_name().name(),
                        excerpt(&whole, at)
                    ));
                }
            }
        }
    }
}

/// The whole-site CSV and JSON, and each indicator's CSV, give each derived figure a
/// provenance other than `stated`.
fn download_marks(out: &Path, derived: &[Derived]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut files = vec![("tai-ve/du-lieu.csv".to_string(), None)];
    // An indicator's file names its indicator instead of a column.
    let indicators: std::collections::BTreeSet<&str> =
        derived.iter().map(|f| f.indicator.as_str()).collect();
    files.extend(
        indicators
            .into_iter()
            .map(|id| (format!("tai-ve/chi-so/{id}.csv"), Some(id))),
    );
    // Every row names its source by an id that the sources file lists.
    let sources: std::collections::BTreeSet<String> =
        csv::Reader::from_path(out.join("tai-ve/nguon.csv"))
            .map(|mut r| {
                r.records()
                    .filter_map(Result::ok)
                    .filter_map(|row| row.get(0).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
    for (rel, indicator) in files {
        problems.extend(csv_marks(out, &rel, indicator, derived, &sources));
    }
    if let Ok(text) = std::fs::read_to_string(out.join("tai-ve/du-lieu.json")) {
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let fields: Vec<&str> = json["observation_fields"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let col = |name: &str| fields.iter().position(|f| *f == name);
        if let (Some(p), Some(i), Some(y), Some(prov)) = (
            col("province"),
            col("indicator"),
            col("year"),
            col("provenance"),
        ) {
            for obs in json["observations"].as_array().into_iter().flatten() {
                for f in derived {
                    if obs[p] == f.province.as_str()
                        && obs[i] == f.indicator.as_str()
                        && obs[y] == f.year
                        && obs[prov] == "stated"
                    {
                        problems.push(format!(
                            "tai-ve/du-lieu.json: derived {} {} ({}) has provenance `stated`",
                            f.indicator, f.year, f.province
                        ));
                    }
                }
            }
        }
    }
    problems
}

/// The rows of CSV file `rel` that say `stated` of a derived figure; `indicator` when the
/// file is one indicator's (without an `indicator_id` column).
fn csv_marks(
    out: &Path,
    rel: &str,
    indicator: Option<&str>,
    derived: &[Derived],
    sources: &std::collections::BTreeSet<String>,
) -> Vec<String> {
    let Ok(mut reader) = csv::Reader::from_path(out.join(rel)) else {
        return Vec::new();
    };
    let headers = reader.headers().cloned().unwrap_or_default();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let (Some(p), Some(y), Some(prov), Some(src)) = (
        col("province_slug"),
        col("year"),
        col("provenance"),
        col("source_id"),
    ) else {
        return vec![format!("{rel}: missing columns")];
    };
    let i = col("indicator_id");
    if i.is_none() && indicator.is_none() {
        return vec![format!("{rel}: missing columns")];
    }
    let mut problems = Vec::new();
    for row in reader.records().filter_map(Result::ok) {
        let row_indicator = indicator.or_else(|| i.and_then(|i| row.get(i)));
        if !row.get(src).is_some_and(|id| sources.contains(id)) {
            problems.push(format!(
                "{rel}: source {:?} of {:?} {:?} is not in tai-ve/nguon.csv",
                row.get(src),
                row_indicator,
                row.get(y)
            ));
        }
        for f in derived {
            if row.get(p) == Some(f.province.as_str())
                && row_indicator == Some(f.indicator.as_str())
                && row.get(y) == Some(&f.year.to_string())
                && row.get(prov) == Some("stated")
            {
                problems.push(format!(
                    "{rel}: derived {} {} ({}) has provenance `stated`",
                    f.indicator, f.year, f.province
                ));
            }
        }
    }
    problems
}

fn excerpt(text: &str, at: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(30)
        .map_or(0, |(i, _)| i);
    text[start..].chars().take(90).collect()
}

/// Every chart mark (a point, a bar) of a derived figure drawn like a stated one, or a
/// stated one drawn like a derived one, in every SVG of `out` (files and charts inside
/// pages): a mark whose tooltip carries † is `derived` and hollow (only outlines and the
/// background colour), and a chart that draws such marks among others names them in its
/// legend with the same †.
pub fn undrawn_derived(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (rel, bytes) in tree(out) {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let svgs: Vec<&str> = if rel.ends_with(".svg") {
            vec![text.as_str()]
        } else if rel.ends_with(".html") {
            inline_svgs(&text)
        } else {
            continue;
        };
        for svg in svgs {
            if let Ok(doc) = roxmltree::Document::parse(svg) {
                derived_drawing(&rel, &doc, &mut problems);
            }
        }
    }
    problems
}

/// The `<svg>…</svg>` elements written inside a page (charts are never nested there).
fn inline_svgs(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let Some(len) = rest[start..].find("</svg>") else {
            break;
        };
        let end = start + len + "</svg>".len();
        found.push(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}

fn classes<'a>(n: &roxmltree::Node<'a, '_>) -> Vec<&'a str> {
    n.attribute("class")
        .unwrap_or("")
        .split_whitespace()
        .collect()
}

fn derived_drawing(rel: &str, doc: &roxmltree::Document, problems: &mut Vec<String>) {
    let marks: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter(|n| {
            let c = classes(n);
            (c.contains(&"p") || c.contains(&"bar"))
                && !c.contains(&"whole")
                && !c.contains(&"legend-key")
        })
        .collect();
    let mut derived_marks = 0;
    for g in &marks {
        let tip: String = g
            .children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .unwrap_or("")
            .to_string();
        let marked = tip.contains('†');
        let derived = classes(g).contains(&"derived");
        let shapes: Vec<roxmltree::Node> = g
            .descendants()
            .filter(|n| {
                ["rect", "circle", "polygon"]
                    .iter()
                    .any(|t| n.has_tag_name(*t))
            })
            .collect();
        let hollow = !shapes.is_empty()
            && shapes
                .iter()
                .all(|s| classes(s).iter().any(|c| *c == "ol" || *c == "bg"));
        if marked != derived {
            problems.push(format!(
                "{rel}: a mark with tooltip {tip:?} is {}drawn as derived",
                if derived { "" } else { "not " }
            ));
        }
        if derived {
            derived_marks += 1;
            if !hollow {
                problems.push(format!("{rel}: derived mark {tip:?} is filled, not hollow"));
            }
        }
    }
    // A stated point is a bare shape in its series' group, not a mark group of its own.
    let bare_points = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.has_attribute("data-province"))
        .flat_map(|g| g.children())
        .filter(|n| n.has_tag_name("circle") || n.has_tag_name("polygon"))
        .count();
    // A single bar (a progress chart) says † in its own label; among others the legend does.
    if derived_marks > 0 && marks.len() + bare_points > 1 {
        let legend_names_it = doc
            .descendants()
            .filter(|n| n.has_tag_name("g") && classes(n).iter().any(|c| c.starts_with("legend")))
            .flat_map(|g| g.descendants())
            .chain(
                // The hand-drawn legend of the shares chart sits among its labels.
                doc.descendants()
                    .filter(|n| n.has_tag_name("g") && classes(n).contains(&"labels"))
                    .flat_map(|g| g.descendants()),
            )
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|t| t.text())
            .any(|t| t.starts_with('†'));
        if !legend_names_it {
            problems.push(format!(
                "{rel}: {derived_marks} derived marks but no legend entry with †"
            ));
        }
    }
}
