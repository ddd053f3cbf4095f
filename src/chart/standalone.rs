//! A chart as a file of its own: the inline SVG with its title drawn above, its source line
//! below, its `<title>` and `<desc>`, one `<style>` and a fixed size, so it opens in a
//! browser and works in an `<img>` on another site, where the page's CSS does not reach.

use super::Chart;
use super::text::{self, escape};

/// What the standalone file needs besides the chart's rules: the font, and the title and
/// source lines.
const STYLE: &str = "svg{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",\
\"Helvetica Neue\",Arial,sans-serif}.file-title{font-size:16px;font-weight:bold;fill:#1a1a1a}\
.file-source{font-size:12px;fill:#4d4d4d}";

/// The default theme's stylesheet: charts are painted by its `.chart-svg` rules, which a
/// file shown elsewhere (an `<img>` on another site) cannot reach.
const THEME_CSS: &str = include_str!("../../themes/default/static/style.css");

/// The chart rules of the default theme (its lines that start with `.chart-svg`) with the
/// colours of its light scheme, read once.
fn chart_rules() -> &'static str {
    static RULES: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let light = THEME_CSS
            .split_once(":root {")
            .and_then(|(_, rest)| rest.split_once('}'))
            .map_or("", |(vars, _)| vars);
        let mut out = String::from(".chart-svg{");
        out.extend(light.split_whitespace().flat_map(|w| [w, " "]));
        out.push('}');
        for rule in THEME_CSS.lines().filter(|l| l.starts_with(".chart-svg")) {
            out.push_str(rule);
        }
        out
    })
}

const PAD: f64 = 12.0;
const TITLE_SIZE: f64 = 16.0;
const TITLE_LINE: f64 = 21.0;
const SOURCE_SIZE: f64 = 12.0;
const SOURCE_LINE: f64 = 16.0;
/// The title is bold (`.file-title`), which runs wider than the width estimate for
/// regular text.
const TITLE_BOLD: f64 = 1.1;

/// The standalone document of `chart`. `sources` is the line naming where its figures come
/// from (`Nguồn: [1] …`), already in the chart's language.
pub fn standalone_svg(chart: &Chart, sources: &str) -> String {
    let (width, height) = (f64::from(chart.size.0), f64::from(chart.size.1));
    let title_lines = text::wrap(&chart.title, (width - 2.0 * PAD) / TITLE_BOLD, TITLE_SIZE);
    let source_lines = if sources.is_empty() {
        Vec::new()
    } else {
        text::wrap(sources, width - 2.0 * PAD, SOURCE_SIZE)
    };
    let top = PAD + title_lines.len() as f64 * TITLE_LINE;
    let bottom = PAD + source_lines.len() as f64 * SOURCE_LINE;
    let total = (top + height + bottom).ceil();
    let id = &chart.id;
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{total}\" \
         viewBox=\"0 0 {width} {total}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         lang=\"{lang}\">\n<title id=\"{id}-title\">{title}</title>\n\
         <desc id=\"{id}-desc\">{desc}</desc>\n<style>{STYLE}{rules}</style>\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
        lang = chart.lang.code(),
        title = escape(&chart.title),
        desc = escape(&chart.description),
        rules = chart_rules(),
    );
    for (i, line) in title_lines.iter().enumerate() {
        let y = PAD + TITLE_SIZE + i as f64 * TITLE_LINE - 2.0;
        out.push_str(&format!(
            "<text class=\"file-title\" x=\"{PAD}\" y=\"{y}\">{}</text>\n",
            escape(line)
        ));
    }
    out.push_str(&format!(
        "<svg class=\"chart-svg\" x=\"0\" y=\"{top}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n\n{body}</svg>\n",
        body = chart.body
    ));
    for (i, line) in source_lines.iter().enumerate() {
        let y = top + height + PAD + i as f64 * SOURCE_LINE + 2.0;
        out.push_str(&format!(
            "<text class=\"file-source\" x=\"{PAD}\" y=\"{y}\">{}</text>\n",
            escape(line)
        ));
    }
    out.push_str("</svg>\n");
    out
}

/// `Nguồn: [1] Title, Publisher, 04/10/2020; [2] …` from the chart's data table.
pub fn sources_line(chart: &Chart) -> String {
    let t = &chart.table;
    if t.sources.is_empty() {
        return String::new();
    }
    let entries = t.source_entries(|c| {
        let s = &c.source;
        (
            s.title.clone(),
            s.publisher_in(chart.lang).to_string(),
            c.date.clone(),
        )
    });
    format!("{}: {}.", t.sources_label, entries.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn a_standalone_file_is_one_svg_document_with_its_texts() {
        let chart = Chart {
            kind: super::super::ChartKind::Comparison,
            id: "c".into(),
            lang: Lang::Vi,
            svg:
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 100\" role=\"img\">\n\
                  <title id=\"c-title\">T</title>\n<desc id=\"c-desc\">D</desc>\n\
                  <g class=\"bar\"><rect x=\"1\" y=\"1\" width=\"5\" height=\"5\"/></g>\n</svg>\n"
                    .into(),
            body: "<g class=\"bar\"><rect x=\"1\" y=\"1\" width=\"5\" height=\"5\"/></g>\n".into(),
            size: (200, 100),
            title: "Doanh thu & thuế".into(),
            description: "Mô tả".into(),
            table: Default::default(),
        };
        let file = standalone_svg(&chart, "Nguồn: [1] Bài <a>, Báo, 2020.");
        let doc = roxmltree::Document::parse(&file).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        let svgs = doc.descendants().filter(|n| n.has_tag_name("svg")).count();
        assert_eq!(svgs, 2, "the file's root and the chart inside it");
        assert!(file.contains("<title id=\"c-title\">Doanh thu &amp; thuế</title>"));
        assert_eq!(file.matches("<title").count(), 1);
        assert_eq!(file.matches("<style>").count(), 1);
        // Painted by the theme's chart rules, in the light scheme's colours.
        assert!(file.contains(".chart-svg{--bg: #ffffff;"));
        assert!(file.contains(".chart-svg :is(rect, circle, polygon) { fill: var(--series); }"));
        assert!(file.contains("<svg class=\"chart-svg\""));
        assert!(file.contains("class=\"file-source\""));
        assert!(file.contains("Bài &lt;a&gt;"));
        assert!(file.contains("width=\"200\" height=\"100\" viewBox=\"0 0 200 100\""));
        assert!(file.contains("<g class=\"bar\">"));
    }
}
