//! Adapter between pages and the `chart` module: draws a chart through its type and wraps it
//! in a `<figure>` with its data table, citations linking to this language's sources page.

use super::context::Scope;
use crate::chart::{self, Chart, ChartType, Subject};
use crate::model::Series;
use crate::render::html::escape;

/// The chart context of a page: its site, language and the theme's strings.
pub(super) fn cx<'a>(s: &Scope<'a>) -> chart::Context<'a> {
    chart::Context::from((s.site, s.lang, s.i18n()))
}

/// The chart of `subject` drawn by `chart_type`, as a `<figure>`; `None` without the data.
pub fn figure(
    s: &Scope,
    chart_type: &dyn ChartType,
    subject: &Subject,
    id: &str,
) -> Option<String> {
    let chart = chart_type.draw(cx(s), subject, id)?;
    Some(chart::figure_html(&chart, |src| s.urls.source(src)))
}

/// The `<figure>` of a chart whose figures the page already shows in a table of its own
/// (a province page's data table): its sources as the page's numbered citations, then a
/// link to that table (`#anchor`), instead of a second table of the same figures.
pub fn figure_with_table_link(s: &Scope, mut chart: Chart, anchor: &str) -> String {
    let mut line = String::from("<p class=\"chart-sources\">");
    if !chart.table.sources.is_empty() {
        line.push_str(&escape(&chart.table.sources_label));
        line.push(':');
    }
    for c in &chart.table.sources {
        line.push_str(&format!(
            " <a href=\"{}\">[{}]</a>",
            escape(&s.urls.source(&c.source)),
            c.number
        ));
    }
    line.push_str(&format!(
        "{}<a href=\"#{}\">{}</a></p>\n",
        if chart.table.sources.is_empty() {
            ""
        } else {
            " · "
        },
        escape(anchor),
        escape(s.t("data_table"))
    ));
    chart.table.rows.clear();
    let html = chart::figure_html(&chart, |src| s.urls.source(src));
    append_to_figure(html, &line)
}

/// `html`, a `<figure>`, with `extra` added before its end.
pub fn append_to_figure(html: String, extra: &str) -> String {
    match html.strip_suffix("</figure>\n") {
        Some(open) => format!("{open}{extra}</figure>\n"),
        None => html,
    }
}

/// Only the SVG: a card shows the trend next to the figure it already prints.
pub fn sparkline(s: &Scope, x: &Series, id: &str) -> Option<String> {
    chart::sparkline(cx(s), x, id).map(|c| c.inline_svg())
}
