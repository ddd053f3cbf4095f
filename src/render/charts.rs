//! Adapter between pages and the `chart` module: draws a chart through its type and wraps it
//! in a `<figure>` with its data table, citations linking to this language's sources page.

use super::context::Scope;
use crate::chart::{self, ChartType, Subject};
use crate::model::Series;

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

/// Only the SVG: a card shows the trend next to the figure it already prints.
pub fn sparkline(s: &Scope, x: &Series, id: &str) -> Option<String> {
    chart::sparkline(cx(s), x, id).map(|c| c.svg)
}
