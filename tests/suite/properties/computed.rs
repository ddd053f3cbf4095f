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

/// Every number written in the site's content files (figures, notes, inline values,
/// prose), read both ways a separator can mean (`5.490` as 5.49 and 5490): a computed value
/// equal to one of them cannot be told from a stated figure or a number of the text by its
/// printed form, wherever it is found.
fn written_numbers(root: &Path) -> Vec<f64> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
    {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let tokens = text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','));
        for token in tokens
            .map(|t| t.trim_matches(['.', ',']))
            .filter(|t| !t.is_empty())
        {
            let as_decimal = token.replace(',', ".");
            let grouped: String = token.chars().filter(char::is_ascii_digit).collect();
            found.extend(as_decimal.parse::<f64>().ok());
            found.extend(grouped.parse::<f64>().ok());
        }
    }
    found
}

/// The value of a number as `lang` prints it (`5.490`, `12,5`).
fn read_back(printed: &str, lang: Lang) -> Option<f64> {
    let (thousands, decimal) = lang.separators();
    printed
        .replace(thousands, "")
        .replace(decimal, ".")
        .parse()
        .ok()
}

/// The bare numbers of the values `site` computes, in `langs`, with what each is.
pub fn computed_needles(site: &Site, langs: &[Lang]) -> Vec<(String, String)> {
    let computed = computed_values(site);
    langs
        .iter()
        .flat_map(|&l| {
            computed
                .iter()
                .filter_map(move |(ind, v, what)| bare(v, ind, l).map(|n| (n, what.clone())))
        })
        .collect()
}

/// Every place in `out` where a value `site` computes is printed without its †. With
/// `written_in` (a site's folder), the values equal to a number written in its content are
/// not looked for: a generated site draws its figures from a small range and repeats its
/// notes' numbers, so a computed value often prints like a stated one (see
/// [`written_numbers`]); the bundled site's test looks for every value.
pub fn unmarked_computed(
    out: &Path,
    site: &Site,
    langs: &[Lang],
    written_in: Option<&Path>,
) -> Vec<String> {
    let mut needles = computed_needles(site, langs);
    if let Some(root) = written_in {
        let written = written_numbers(root);
        let is_written = |x: f64| {
            written
                .iter()
                .any(|w| (w - x).abs() <= 1e-9 * x.abs().max(1.0))
        };
        needles.retain(|(n, _)| {
            !langs
                .iter()
                .any(|&l| read_back(n, l).is_some_and(is_written))
        });
    }
    super::checks::marks_in_files(out, &needles)
}
