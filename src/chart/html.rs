//! A chart as HTML: the inline SVG in a `<figure>`, its title as the caption, and the data
//! table with its sources in a `<details>` below, for readers who want the numbers as text.

use super::text::escape;
use super::{Chart, ChartKind};
use crate::model::Source;

/// `<figure class="chart chart-line" id="…">` with caption, SVG and data table (left out of
/// the search index: its labels and `[n]` cells are no sentence). Every piece of text is
/// escaped; `source_url` gives the link for each cited source (an empty string
/// means no link).
pub fn figure_html(chart: &Chart, source_url: impl Fn(&Source) -> String) -> String {
    let note = chart.table.note.as_deref().map_or_else(String::new, |n| {
        format!("<span class=\"chart-note\">{}</span>", escape(n))
    });
    let mut out = format!(
        "<figure class=\"chart {}\" id=\"{}\" data-pagefind-ignore>\n<figcaption>{}{note}</figcaption>\n",
        chart.kind.class(),
        escape(&chart.id),
        escape(&chart.title)
    );
    out.push_str(&chart.inline_svg());
    if chart.kind != ChartKind::Sparkline && !chart.table.rows.is_empty() {
        out.push_str(&format!(
            "<details>\n<summary>{}</summary>\n",
            escape(&chart.table.summary)
        ));
        out.push_str(&table_html(chart));
        out.push_str(&sources_html(chart, &source_url));
        out.push_str("</details>\n");
    }
    out.push_str("</figure>\n");
    out
}

fn table_html(chart: &Chart) -> String {
    let t = &chart.table;
    // In a scroll container: five columns do not fit a phone.
    let note = t.note.as_deref().map_or_else(String::new, |n| {
        format!(" <span class=\"chart-note\">{}</span>", escape(n))
    });
    let mut out = format!(
        "<div class=\"table-scroll\" role=\"region\" aria-label=\"{0}\" tabindex=\"0\">\n\
         <table class=\"chart-table\">\n<caption>{0}{note}</caption>\n<thead><tr>",
        escape(&t.caption)
    );
    for c in &t.columns {
        out.push_str(&format!("<th scope=\"col\">{}</th>", escape(&c.label)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let numeric = t.columns.get(i).is_some_and(|c| c.numeric);
            let cell = escape(cell);
            match (i, numeric) {
                (0, _) => out.push_str(&format!("<th scope=\"row\">{cell}</th>")),
                (_, true) => out.push_str(&format!("<td class=\"num\">{cell}</td>")),
                _ => out.push_str(&format!("<td>{cell}</td>")),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out
}

/// `Nguồn: [1] <a>Title</a>, Publisher, 04/10/2020.`
fn sources_html(chart: &Chart, source_url: &impl Fn(&Source) -> String) -> String {
    let t = &chart.table;
    if t.sources.is_empty() {
        return String::new();
    }
    let entries = t.source_entries(|c| {
        let (s, url) = (&c.source, source_url(&c.source));
        let title = if url.is_empty() {
            escape(&s.title)
        } else {
            format!("<a href=\"{}\">{}</a>", escape(&url), escape(&s.title))
        };
        (title, escape(s.publisher_in(chart.lang)), escape(&c.date))
    });
    format!(
        "<p class=\"chart-sources\">{}: {}.</p>\n",
        escape(&t.sources_label),
        entries.join("; ")
    )
}
