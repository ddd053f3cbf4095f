//! A chart as a file of its own: the chart's body under a root of its own, its title drawn
//! above, its source line below, its `<title>` and `<desc>`, the light scheme of the theme's
//! chart stylesheet in one `<style>`, and a fixed size, so it opens in a browser and works in
//! an `<img>` on another site, where the page's CSS does not reach.

use super::text::{self, escape};
use super::{Chart, ChartStyle};

const PAD: f64 = 12.0;
const TITLE_SIZE: f64 = 16.0;
const TITLE_LINE: f64 = 21.0;
const SOURCE_SIZE: f64 = 12.0;
const SOURCE_LINE: f64 = 16.0;
/// The title is bold (`.file-title`), which runs wider than the width estimate for
/// regular text.
const TITLE_BOLD: f64 = 1.1;

/// The standalone document of `chart`, painted by `style` (the site theme's `charts.css`).
/// `sources` is the line naming where its figures come from (`Nguồn: [1] …`), already in
/// the chart's language.
pub fn standalone_svg(chart: &Chart, sources: &str, style: &ChartStyle) -> String {
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
         lang=\"{lang}\" class=\"chart-standalone\">\n<title id=\"{id}-title\">{title}</title>\n\
         <desc id=\"{id}-desc\">{desc}</desc>\n<style>{rules}</style>\n\
         <rect width=\"100%\" height=\"100%\" class=\"file-bg\"/>\n",
        lang = chart.lang.code(),
        title = escape(&chart.title),
        desc = escape(&chart.description),
        rules = style.light(),
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
        let style = ChartStyle::new(
            ":root { --chart-fg: #111; } @media print { :root { --chart-fg: #000; } }\n\
             .chart-svg .bar { fill: var(--chart-fg); }",
        );
        let file = standalone_svg(&chart, "Nguồn: [1] Bài <a>, Báo, 2020.", &style);
        let doc = roxmltree::Document::parse(&file).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        let svgs = doc.descendants().filter(|n| n.has_tag_name("svg")).count();
        assert_eq!(svgs, 2, "the file's root and the chart inside it");
        assert!(file.contains("<title id=\"c-title\">Doanh thu &amp; thuế</title>"));
        assert_eq!(file.matches("<title").count(), 1);
        assert_eq!(file.matches("<style>").count(), 1);
        // Painted by the theme's chart rules, in the light scheme's colours only.
        assert!(file.contains(
            "<style>:root{--chart-fg: #111;}.chart-svg .bar{fill: var(--chart-fg);}</style>"
        ));
        assert!(file.contains("<svg class=\"chart-svg\""));
        assert!(file.contains("class=\"file-source\""));
        assert!(file.contains("Bài &lt;a&gt;"));
        assert!(file.contains("width=\"200\" height=\"100\" viewBox=\"0 0 200 100\""));
        assert!(file.contains("<g class=\"bar\">"));
    }
}
