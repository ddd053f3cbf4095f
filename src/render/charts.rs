//! Adapter between pages and the `chart` module: draws the chart and wraps it in a
//! `<figure>` with its data table, citations linking to this language's sources page.

use super::context::Scope;
use crate::chart::{self, Chart};
use crate::model::{IndicatorRef, Province, Series};

/// The chart context of a page: its site, language and the theme's strings.
fn cx<'a>(s: &Scope<'a>) -> chart::Context<'a> {
    chart::Context::from((s.site, s.lang, s.i18n()))
}

fn figure(s: &Scope, chart: Option<Chart>) -> Option<String> {
    chart.map(|c| chart::figure_html(&c, |src| s.urls.source(src)))
}

pub fn line(
    s: &Scope,
    p: &Province,
    r: IndicatorRef,
    title: Option<&str>,
    id: &str,
) -> Option<String> {
    figure(s, chart::line(cx(s), p, r, title, id))
}

pub fn comparison(s: &Scope, r: IndicatorRef, id: &str) -> Option<String> {
    figure(s, chart::comparison(cx(s), r, id))
}

pub fn multi_line(s: &Scope, r: IndicatorRef, id: &str) -> Option<String> {
    figure(s, chart::multi_line(cx(s), r, id))
}

pub fn parts(s: &Scope, p: &Province, r: IndicatorRef, id: &str) -> Option<String> {
    figure(s, chart::parts(cx(s), p, r, id))
}

pub fn progress(s: &Scope, p: &Province, r: IndicatorRef, id: &str) -> Option<String> {
    figure(s, chart::progress(cx(s), p, r, id))
}

/// Only the SVG: a card shows the trend next to the figure it already prints.
pub fn sparkline(s: &Scope, x: &Series, id: &str) -> Option<String> {
    chart::sparkline(cx(s), x, id).map(|c| c.svg)
}
