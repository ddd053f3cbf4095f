//! Values the site computes from a province's figures (a growth multiple, a CAGR, a
//! year-on-year change, a share from its parts, a density per 100 people, a claim's
//! computed value, the change a chart describes): each must carry its † wherever it is
//! printed, in pages, SVG files and feeds alike.

use std::path::Path;

use ictreport::i18n::I18n;
use ictreport::model::derived::{self, DerivedValue};
use ictreport::model::{Indicator, Lang, Observation, Provenance, Site};
use ictreport::values::DerivedFigure;

/// A number with this many digits or more is told apart from the site's other numbers by
/// its text (`7.180`); with a decimal part, one digit fewer is enough (`85,9`); a shorter
/// one (`4`) could be any stated count.
const TRACEABLE_DIGITS: usize = 4;

/// Every value `model::derived` computes for `site`'s provinces, with its indicator and what
/// it is, for a problem's message. A change from a base worked back from the article's own
/// change is that stated change again, not a computed value: none is taken from such a base.
pub fn computed_values(site: &Site) -> Vec<(&Indicator, DerivedValue, String)> {
    let population = site.find_indicator(ictreport::model::POPULATION);
    let mut found = Vec::new();
    for p in &site.provinces {
        let people = population.and_then(|r| p.series_of(r));
        for series in &p.series {
            let ind = site.indicator(series.indicator);
            let what = |kind: &str| format!("{kind} of {} ({})", ind.id, p.slug);
            let mut push = |v: DerivedValue, kind: &str| found.push((ind, v, what(kind)));
            let worked_back = |o: &Observation| o.derived == Provenance::BackComputed;
            if let Some(g) = derived::series_growth(series)
                .filter(|g| !worked_back(g.first) && !worked_back(g.last))
            {
                push(g.multiple, "growth multiple");
                push(g.cagr, "CAGR");
            }
            let reported: Vec<&Observation> = series.reported().collect();
            let ends = (reported.first(), reported.last());
            if let (Some(a), Some(b)) = ends
                && !worked_back(a)
                && !worked_back(b)
                && let Some(c) = derived::compare(ind.kind, a, b)
            {
                push(c.change, "change");
                c.multiple.into_iter().for_each(|m| push(m, "multiple"));
                c.percent
                    .into_iter()
                    .for_each(|x| push(x, "change in percent"));
            }
            let changes = derived::year_on_year(series, ind.decimals)
                .into_iter()
                .filter(|c| {
                    ![c.from, c.to]
                        .iter()
                        .any(|y| series.at(*y).is_some_and(worked_back))
                });
            for c in changes {
                push(c.change, "year-on-year change");
                c.percent
                    .into_iter()
                    .for_each(|x| push(x, "year-on-year percent"));
            }
            for o in &series.observations {
                derived::share(o).into_iter().for_each(|s| push(s, "share"));
                if let Some(d) = people
                    .and_then(|s| s.at(o.year))
                    .filter(|_| ind.per_100_inhabitants)
                    .and_then(|x| derived::density(o, x))
                {
                    push(d, "density");
                }
                for claim in &o.claims {
                    let base = series
                        .reported()
                        .find(|b| b.year == claim.base_year)
                        .filter(|b| !worked_back(b));
                    if let Some(v) = base.and_then(|b| derived::claim_from(ind, claim, b, o)) {
                        push(v, "claim's computed value");
                    }
                }
            }
        }
    }
    found
}

/// The number of `value` as a view would print it bare in `lang`, without sign or
/// qualifier: what a view that lost the mark would still show.
#[expect(
    clippy::disallowed_methods,
    reason = "the check looks for the bare number a view might print without DerivedFigure"
)]
fn bare(value: &DerivedValue, ind: &Indicator, lang: Lang) -> Option<String> {
    let figure = DerivedFigure::new(value, ind, lang, I18n::embedded());
    let n = figure.machine_value().as_f64()?.abs();
    let printed = ictreport::format::number(n, value.decimals, lang);
    let digits = printed.chars().filter(char::is_ascii_digit).count();
    let decimal = printed.contains(lang.separators().1);
    (digits >= TRACEABLE_DIGITS || decimal && digits + 1 >= TRACEABLE_DIGITS).then_some(printed)
}

/// The bare numbers of the values `site` computes, in `langs`, with what each is.
pub fn computed_needles(site: &Site, langs: &[Lang]) -> Vec<(String, String)> {
    computed_values(site)
        .iter()
        .flat_map(|(ind, v, what)| {
            langs
                .iter()
                .filter_map(move |&l| bare(v, ind, l).map(|n| (n, what.clone())))
        })
        .collect()
}

/// Every place in `out` where a value `site` computes is printed without its †.
pub fn unmarked_computed(out: &Path, site: &Site, langs: &[Lang]) -> Vec<String> {
    super::checks::marks_in_files(out, &computed_needles(site, langs))
}
