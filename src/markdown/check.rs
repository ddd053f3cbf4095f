//! Every embed of every body checked against the figures, before any page is rendered: an
//! inline value needs the province's value for its year, a chart block the data its chart
//! type needs (asked of the chart type's data selection, the one its drawing starts from,
//! so the check and the page agree without drawing anything).

use crate::chart;
use crate::diagnostic::Diagnostic;
use crate::model::{ChartBlock, Embed, Province, Site};

/// The embeds without data in every body of the site: provinces (with their earlier
/// editions) and free pages, in every language.
pub fn check_data(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (body, province) in site.bodies() {
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
    chart::block_type(block.chart_type.name())
        .is_some_and(|t| t.has_data(site, &chart::Subject::of_province(p, block.indicator)))
}

#[cfg(test)]
mod tests {
    use crate::chart::{self, Subject};
    use crate::model::Embed;

    /// Reading and checking the bundled site (whose prose has chart blocks of every type)
    /// draws no chart; the pages then draw each block once.
    #[test]
    fn checking_draws_no_chart() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (loaded, _) = crate::content::load(root);
        let before = chart::canvases_made();
        let (site, diags) = crate::validate::validate(&loaded);
        let site = site.expect("the bundled site validates");
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        assert!(super::check_data(&site).is_empty());
        assert_eq!(chart::canvases_made(), before, "validation drew a chart");
        let blocks: Vec<_> = site
            .provinces
            .iter()
            .flat_map(|p| p.body.doc.embeds().iter().map(move |e| (p, e)))
            .filter_map(|(p, e)| match e {
                Embed::Chart(b) => Some((p, b)),
                Embed::Value(_) => None,
            })
            .collect();
        assert!(blocks.len() >= 3, "{}", blocks.len());
        // The data the check accepted is the data the drawing finds.
        for (p, b) in blocks {
            let t = chart::block_type(b.chart_type.name()).expect("registered");
            let subject = Subject::of_province(p, b.indicator);
            assert!(t.has_data(&site, &subject));
            assert!(t.draw((&site).into(), &subject, "c").is_some());
        }
        assert!(chart::canvases_made() > before);
    }
}
