//! Every Markdown body checked before any page is rendered: inline values must name an
//! indicator and a year the province has, and chart blocks must parse, name an indicator and
//! have the data their chart type needs. The same reader the pages use does the reading, so
//! a body that passes renders without a content error, whatever the theme.

use super::{BlockChartType, ChartBlock, Embeds};
use crate::chart;
use crate::diagnostic::Diagnostic;
use crate::model::{IndicatorRef, Markdown, Province, Site, Year};

/// Answers what a page would embed, without drawing anything for the page.
struct Checker<'a> {
    site: &'a Site,
    province: Option<&'a Province>,
}

impl Embeds for Checker<'_> {
    fn chart(&self, block: &ChartBlock, _number: usize) -> Option<String> {
        let (site, p, r) = (self.site, self.province?, block.indicator);
        let drawn = match block.chart_type {
            BlockChartType::Line => chart::line(site, p, r, None, "check").is_some(),
            BlockChartType::Bar => chart::comparison(site, r, "check").is_some(),
            BlockChartType::Parts => chart::parts(site, p, r, "check").is_some(),
            BlockChartType::Progress => chart::progress(site, p, r, "check").is_some(),
        };
        drawn.then(String::new)
    }

    fn value(&self, indicator: IndicatorRef, year: Year) -> Option<String> {
        let p = self.province?;
        p.series_of(indicator)?.at(year).map(|_| String::new())
    }
}

/// The problems of every body of the site: provinces and free pages, in every language.
pub fn check_bodies(site: &Site) -> Vec<Diagnostic> {
    let mut bodies: Vec<(&Markdown, Option<&Province>)> = Vec::new();
    for p in &site.provinces {
        bodies.push((&p.body, Some(p)));
        bodies.extend(p.translations.iter().map(|(_, t)| (&t.body, Some(p))));
    }
    for page in &site.pages {
        bodies.push((&page.body, None));
        bodies.extend(page.translations.iter().map(|(_, t)| (&t.body, None)));
    }
    bodies
        .into_iter()
        .flat_map(|(body, province)| {
            let checker = Checker { site, province };
            super::render(body, site, province, &checker).1
        })
        .collect()
}
