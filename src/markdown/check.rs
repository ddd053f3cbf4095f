//! Every embed of every body checked against the figures, before any page is rendered: an
//! inline value needs the province's value for its year, a chart block the data its chart
//! type needs (asked of the chart module itself, so the check and the page agree).

use crate::chart;
use crate::diagnostic::Diagnostic;
use crate::model::{BlockChartType, ChartBlock, Embed, Markdown, Province, Site};

/// The embeds without data in every body of the site: provinces (with their earlier
/// editions) and free pages, in every language.
pub fn check_data(site: &Site) -> Vec<Diagnostic> {
    let mut bodies: Vec<(&Markdown, Option<&Province>)> = Vec::new();
    for p in &site.provinces {
        bodies.push((&p.body, Some(p)));
        bodies.extend(p.translations.iter().map(|(_, t)| (&t.body, Some(p))));
        for e in &p.editions {
            bodies.push((&e.body, Some(p)));
            bodies.extend(e.translations.iter().map(|(_, t)| (&t.body, Some(p))));
        }
    }
    for page in &site.pages {
        bodies.push((&page.body, None));
        bodies.extend(page.translations.iter().map(|(_, t)| (&t.body, None)));
    }
    let mut diags = Vec::new();
    for (body, province) in bodies {
        let whose = province.map_or("this page", |p| p.name.as_str());
        let unread = |r| province.is_some_and(|p| p.unread.contains(&r));
        for embed in body.doc.embeds() {
            match embed {
                // The unreadable observation has its own error.
                Embed::Chart(block) if unread(block.indicator) => {}
                Embed::Value(v) if unread(v.indicator) => {}
                Embed::Chart(block) if !drawable(site, province, block) => diags.push(
                    Diagnostic::at(
                        &body.source,
                        block.at,
                        format!(
                            "chart block: {whose} has not enough data of `{}` for a {} chart",
                            site.indicator(block.indicator).id,
                            block.chart_type.name()
                        ),
                    )
                    .with_hint(
                        "a line chart needs two or more years; parts need values of the parts; \
                         progress needs a percent; bar needs two provinces with a value",
                    ),
                ),
                Embed::Value(v)
                    if province
                        .and_then(|p| p.series_of(v.indicator))
                        .and_then(|s| s.at(v.year))
                        .is_none() =>
                {
                    diags.push(
                        Diagnostic::at(
                            &body.source,
                            v.at,
                            format!(
                                "{whose} has no value of `{}` for {}",
                                site.indicator(v.indicator).id,
                                v.year
                            ),
                        )
                        .with_hint("add the observation to metrics.yaml or change the year"),
                    )
                }
                _ => {}
            }
        }
    }
    diags
}

/// Whether the page of `province` can draw `block`. Free pages have no province to chart.
fn drawable(site: &Site, province: Option<&Province>, block: &ChartBlock) -> bool {
    let Some(p) = province else { return false };
    let r = block.indicator;
    match block.chart_type {
        BlockChartType::Line => chart::line(site, p, r, None, "check").is_some(),
        BlockChartType::Bar => chart::comparison(site, r, "check").is_some(),
        BlockChartType::Parts => chart::parts(site, p, r, "check").is_some(),
        BlockChartType::Progress => chart::progress(site, p, r, "check").is_some(),
    }
}
