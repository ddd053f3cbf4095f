//! Figures computed from the data, never typed in: changes, growth multiples, CAGR, shares,
//! densities, and the check of the derived figures that articles state.
//!
//! Every computed figure comes back as a [`DerivedValue`]: its number (private, like an
//! observation's), what it measures, and the status, qualifier and sources it inherits from
//! its inputs. Only `values::DerivedFigure` turns one into text, with its † beside it.

use super::{Claim, Indicator, Observation, Series, SourceRef, Year};
use crate::model::{ClaimKind, Kind, Qualifier, Status};

/// Decimals of a computed multiple ("gấp 22,24 lần"), everywhere it is printed: one more
/// than articles usually give, so a rounded claim and the computed figure can be told apart.
pub const MULTIPLE_DECIMALS: u8 = 2;

/// Decimals of a computed percent (a share, a change in percent, a CAGR), everywhere.
pub const PERCENT_DECIMALS: u8 = 1;

/// Decimals of a computed density per 100 inhabitants.
pub const DENSITY_DECIMALS: u8 = 2;

/// The status and qualifier a figure computed from `inputs` inherits: an estimate in gives an
/// estimate out (a target, a target), and any inexact input ("khoảng", "gần", "hơn") makes
/// the result approximate.
pub fn inherited<'a>(inputs: impl IntoIterator<Item = &'a Observation>) -> (Status, Qualifier) {
    inputs
        .into_iter()
        .fold((Status::Actual, Qualifier::Exact), |(s, q), o| {
            let q = if o.qualifier == Qualifier::Exact {
                q
            } else {
                Qualifier::Approximate
            };
            (s.max(o.status), q)
        })
}

/// What a computed figure measures, which decides its words ("gấp … lần", "…%/năm").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// `later / earlier`: "gấp 22,24 lần".
    Multiple,
    /// A change in percent of the earlier figure: "+12,3%".
    ChangePercent,
    /// A change of a percent figure, in percentage points.
    Points,
    /// A change in the indicator's unit: "+4,556 điểm".
    Change,
    /// A rank's change, positive when it rose (a smaller number): "tăng 1 bậc".
    RankChange,
    /// Compound annual growth rate, in percent a year.
    Cagr,
    /// A share computed from the parts an article gives: "68,1%".
    Share,
    /// Units per 100 inhabitants.
    Density,
}

/// A figure the site computed: never printed bare, since its number is private to the model
/// and read by `values` alone (`clippy.toml` refuses [`DerivedValue::bare_number`] elsewhere).
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedValue {
    pub measure: Measure,
    number: f64,
    /// Decimals it is printed with.
    pub decimals: u8,
    pub status: Status,
    pub qualifier: Qualifier,
    /// The sources of its inputs, in input order without repeats: what it is cited by.
    pub sources: Vec<SourceRef>,
}

impl DerivedValue {
    /// `number` measured as `measure` from `inputs` (their status, qualifier and sources);
    /// `None` when it cannot be printed (see [`printable`]).
    fn of<'a>(
        measure: Measure,
        number: f64,
        decimals: u8,
        inputs: impl IntoIterator<Item = &'a Observation> + Clone,
    ) -> Option<DerivedValue> {
        let (status, qualifier) = inherited(inputs.clone());
        let mut sources = Vec::new();
        for o in inputs {
            if !sources.contains(&o.source) {
                sources.push(o.source);
            }
        }
        Some(DerivedValue {
            measure,
            number: printable(number)?,
            decimals,
            status,
            qualifier,
            sources,
        })
    }

    /// The bare number, for `values` alone (see [`super::Observation::bare_number`]).
    pub fn bare_number(&self) -> f64 {
        self.number
    }

    /// Whether it rose (positive), fell (negative) or stayed: the verb of a sentence.
    pub fn direction(&self) -> std::cmp::Ordering {
        self.number
            .partial_cmp(&0.0)
            .unwrap_or(std::cmp::Ordering::Equal)
    }

    /// Whether an article's `stated` figure is this one as the article rounds it.
    pub fn agrees_with(&self, stated: f64) -> bool {
        agrees(stated, self.number)
    }

    /// Whether it is at least `bound` (a multiple worth saying as "gấp N lần").
    pub fn at_least(&self, bound: f64) -> bool {
        self.number >= bound
    }
}

/// Year-on-year change between two consecutive reported years.
#[derive(Debug, Clone, PartialEq)]
pub struct YearChange {
    pub from: Year,
    pub to: Year,
    /// In the indicator's unit, printed with `decimals` (at least one).
    pub change: DerivedValue,
    /// `None` when the earlier value is zero.
    pub percent: Option<DerivedValue>,
}

/// Changes between reported observations one year apart (gaps are skipped: a change over
/// two years is not a year-on-year change); `decimals` are the indicator's.
pub fn year_on_year(series: &Series, decimals: u8) -> Vec<YearChange> {
    let reported: Vec<&Observation> = series.reported().collect();
    reported
        .windows(2)
        .filter(|w| w[1].year.get() == w[0].year.get() + 1)
        .filter_map(|w| {
            let change = w[1].value - w[0].value;
            Some(YearChange {
                from: w[0].year,
                to: w[1].year,
                change: DerivedValue::of(Measure::Change, change, decimals.max(1), [w[0], w[1]])?,
                percent: change_percent(w[0].value, w[1].value).and_then(|p| {
                    DerivedValue::of(Measure::ChangePercent, p, PERCENT_DECIMALS, [w[0], w[1]])
                }),
            })
        })
        .collect()
}

/// A computed figure, if it can be printed: finite and within `LARGEST_DERIVED` (a base of
/// 1e-300 would otherwise give "gấp inf lần" or hundreds of digits).
fn printable(x: f64) -> Option<f64> {
    (x.is_finite() && x.abs() <= super::LARGEST_DERIVED).then_some(x)
}

/// `later / earlier`: "tăng gấp N lần".
fn multiple(earlier: f64, later: f64) -> Option<f64> {
    if earlier == 0.0 {
        return None;
    }
    printable(later / earlier)
}

/// Percent change from `earlier` to `later`.
fn change_percent(earlier: f64, later: f64) -> Option<f64> {
    if earlier == 0.0 {
        return None;
    }
    printable((later / earlier - 1.0) * 100.0)
}

/// Compound annual growth rate in percent between two observations.
fn cagr(first: &Observation, last: &Observation) -> Option<f64> {
    let years = f64::from(last.year.get()) - f64::from(first.year.get());
    if years <= 0.0 || first.value <= 0.0 || last.value < 0.0 {
        return None;
    }
    printable(((last.value / first.value).powf(1.0 / years) - 1.0) * 100.0)
}

/// Growth over a whole reported series, from its first to its last figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Growth<'a> {
    pub first: &'a Observation,
    pub last: &'a Observation,
    pub multiple: DerivedValue,
    pub cagr: DerivedValue,
}

/// Growth over the whole reported series.
pub fn series_growth(series: &Series) -> Option<Growth<'_>> {
    let first = series.reported().next()?;
    let last = series.latest()?;
    if first.year == last.year {
        return None;
    }
    let times = multiple(first.value, last.value)?;
    Some(Growth {
        first,
        last,
        multiple: DerivedValue::of(Measure::Multiple, times, MULTIPLE_DECIMALS, [first, last])?,
        cagr: DerivedValue::of(
            Measure::Cagr,
            cagr(first, last)?,
            PERCENT_DECIMALS,
            [first, last],
        )?,
    })
}

/// Units per 100 inhabitants.
fn per_hundred(value: f64, population: f64) -> Option<f64> {
    if population <= 0.0 {
        return None;
    }
    printable(value / population * 100.0)
}

/// [`per_hundred`] of a province's figure over its population of the same year.
pub fn density(figure: &Observation, population: &Observation) -> Option<DerivedValue> {
    let d = per_hundred(figure.value, population.value)?;
    DerivedValue::of(Measure::Density, d, DENSITY_DECIMALS, [figure, population])
}

/// The percent share `obs` gives by its two parts, if it gives them.
pub fn share(obs: &Observation) -> Option<DerivedValue> {
    let percent = obs.fraction?.share() * 100.0;
    DerivedValue::of(Measure::Share, percent, PERCENT_DECIMALS, [obs])
}

/// How `later` stands against `earlier`, for a sentence that describes the change (a
/// chart's description): the difference (in percentage points for a percent figure), and
/// the multiple and percent change when the earlier figure is positive.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub change: DerivedValue,
    pub multiple: Option<DerivedValue>,
    pub percent: Option<DerivedValue>,
}

/// [`Comparison`] of two figures of an indicator of `kind`.
pub fn compare(kind: Kind, earlier: &Observation, later: &Observation) -> Option<Comparison> {
    let (a, b) = (earlier.value, later.value);
    let inputs = [earlier, later];
    // Chart sentences say a change in points with one decimal.
    let measure = match kind {
        Kind::Percent => Measure::Points,
        _ => Measure::Change,
    };
    let positive = |x: Option<f64>| x.filter(|_| a > 0.0);
    Some(Comparison {
        change: DerivedValue::of(measure, b - a, 1, inputs)?,
        multiple: positive(multiple(a, b))
            .and_then(|m| DerivedValue::of(Measure::Multiple, m, MULTIPLE_DECIMALS, inputs)),
        percent: positive(change_percent(a, b))
            .and_then(|p| DerivedValue::of(Measure::ChangePercent, p, PERCENT_DECIMALS, inputs)),
    })
}

/// The sum of `parts` as a figure of its own, marked as summed by the site: the year, source
/// and notes of the first part, the least sure status of all, and their qualifier when they
/// share one ("hơn" plus "hơn" is "hơn"), else "khoảng". `None` without parts.
pub fn sum(parts: &[&Observation]) -> Option<Observation> {
    let first = parts.first()?;
    let mut sum = (*first).clone();
    sum.value = parts.iter().map(|x| x.value).sum();
    if parts.iter().any(|x| x.qualifier != sum.qualifier) {
        sum.qualifier = Qualifier::Approximate;
    }
    sum.status = parts.iter().map(|x| x.status).max().unwrap_or(sum.status);
    sum.fraction = None;
    sum.derived = super::Provenance::Sum;
    Some(sum)
}

/// [`agrees`] for two figures: whether `computed` (a sum) gives `stated` as the article
/// rounds it.
pub fn figures_agree(stated: &Observation, computed: &Observation) -> bool {
    agrees(stated.value, computed.value)
}

/// What the data says the claim of `obs` against `base` is, for the indicator `ind`: a
/// plain change printed with the claim's decimals or the indicator's, whichever are more.
pub fn claim_from(
    ind: &Indicator,
    claim: &Claim,
    base: &Observation,
    obs: &Observation,
) -> Option<DerivedValue> {
    let value = computed_claim_of(ind.kind, claim, base.value, obs.value)?;
    let measure = claim_measure(ind.kind, claim.kind);
    let decimals = match measure {
        Measure::Multiple => MULTIPLE_DECIMALS,
        Measure::ChangePercent => PERCENT_DECIMALS,
        _ => decimals_needed(claim.value).max(ind.decimals),
    };
    DerivedValue::of(measure, value, decimals, [base, obs])
}

/// What a claim of `claim` kind on an indicator of `kind` measures: a change of a rank is a
/// rank's move.
pub fn claim_measure(kind: Kind, claim: ClaimKind) -> Measure {
    match claim {
        ClaimKind::Multiple => Measure::Multiple,
        ClaimKind::ChangePercent => Measure::ChangePercent,
        ClaimKind::Change if kind.is_position() => Measure::RankChange,
        ClaimKind::Change => Measure::Change,
    }
}

/// What the data says a claimed figure should be.
fn computed_claim(claim: &Claim, base: f64, value: f64) -> Option<f64> {
    match claim.kind {
        ClaimKind::Multiple => multiple(base, value),
        ClaimKind::ChangePercent => change_percent(base, value),
        ClaimKind::Change => printable(value - base),
    }
}

/// [`computed_claim`] for a figure of kind `kind`: a rank that rises gets a smaller number,
/// so "tăng 1 bậc" (a change of +1) is the base minus the new rank.
fn computed_claim_of(kind: Kind, claim: &Claim, base: f64, value: f64) -> Option<f64> {
    if kind.is_position() && claim.kind == ClaimKind::Change {
        printable(base - value)
    } else {
        computed_claim(claim, base, value)
    }
}

/// Whether `computed`, rounded the way the article rounds `stated`, gives `stated`.
/// "22,3 lần" agrees with 22,26 or 22,34, not with 22,24.
pub fn agrees(stated: f64, computed: f64) -> bool {
    let decimals = decimals_needed(stated);
    let half_unit = 0.5 * 10f64.powi(-i32::from(decimals));
    (computed - stated).abs() <= half_unit + 1e-9 * stated.abs().max(1.0)
}

/// How many decimals a value needs to be shown exactly (capped at 6).
pub fn decimals_needed(value: f64) -> u8 {
    (0..=6u8)
        .find(|&d| {
            let scaled = value * 10f64.powi(i32::from(d));
            (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
        })
        .unwrap_or(6)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IndicatorRef, SourceRef};

    fn obs(year: i64, value: f64) -> Observation {
        Observation::stated(Year::new(year).unwrap(), value, SourceRef(0))
    }

    fn vinh_phuc_revenue() -> Series {
        let mut last = obs(2020, 79300.0);
        last.status = Status::Estimate;
        Series {
            indicator: IndicatorRef(0),
            observations: vec![
                obs(2015, 3566.0),
                obs(2016, 9671.0),
                obs(2017, 41828.0),
                obs(2018, 64465.0),
                obs(2019, 72120.0),
                last,
            ],
        }
    }

    #[test]
    fn vinh_phuc_multiple_claim_is_flagged() {
        // The article says revenue 2020 is 22,3 times 2015; 79.300 / 3.566 is 22,24.
        let s = vinh_phuc_revenue();
        let claim = Claim {
            kind: ClaimKind::Multiple,
            base_year: Year::new(2015).unwrap(),
            value: 22.3,
        };
        let computed = computed_claim(&claim, 3566.0, 79300.0).unwrap();
        assert!((computed - 22.2378).abs() < 1e-3);
        assert!(!agrees(22.3, computed));
        assert!(agrees(22.2, computed));
        let g = series_growth(&s).unwrap();
        assert!((g.multiple.number - computed).abs() < 1e-12);
        let c = g.cagr.number;
        assert!((c - 85.96).abs() < 0.01, "CAGR was {c}");
        // The 2020 figure is an estimate: so are the multiple and the CAGR.
        assert_eq!(g.multiple.status, Status::Estimate);
        assert_eq!((g.cagr.measure, g.cagr.sources.len()), (Measure::Cagr, 1));
    }

    #[test]
    fn an_estimate_in_gives_an_estimate_out() {
        let s = vinh_phuc_revenue();
        let g = series_growth(&s).unwrap();
        assert_eq!(
            inherited([g.first, g.last]),
            (Status::Estimate, Qualifier::Exact)
        );
        assert_eq!(
            inherited([&s.observations[0], &s.observations[1]]),
            (Status::Actual, Qualifier::Exact)
        );
        let mut nearly = obs(2019, 80.0);
        nearly.qualifier = Qualifier::Nearly;
        assert_eq!(inherited([&nearly]).1, Qualifier::Approximate);
    }

    #[test]
    fn year_on_year_skips_gaps() {
        let s = Series {
            indicator: IndicatorRef(0),
            observations: vec![obs(2017, 100.0), obs(2018, 104.0), obs(2020, 110.0)],
        };
        let yoy = year_on_year(&s, 0);
        assert_eq!(yoy.len(), 1);
        assert_eq!(yoy[0].change.number, 4.0);
        assert_eq!(yoy[0].change.decimals, 1);
        assert!(yoy[0].percent.as_ref().unwrap().agrees_with(4.0));
    }

    #[test]
    fn figures_too_large_to_print_are_not_computed() {
        assert_eq!(multiple(1e-300, 5.0), None);
        assert_eq!(change_percent(1e-300, 5.0), None);
        assert_eq!(per_hundred(1e18, 1e-10), None);
        assert_eq!(multiple(2.0, 5.0), Some(2.5));
    }

    #[test]
    fn shares_and_densities() {
        assert!(agrees(68.1, 572594.0 / 840932.0 * 100.0));
        assert_eq!(per_hundred(150.0, 1000.0), Some(15.0));
        assert_eq!(per_hundred(1.0, 0.0), None);
        let mut o = obs(2019, 68.1);
        o.fraction = Some(super::super::Fraction::new(572594.0, 840932.0));
        o.qualifier = Qualifier::AtLeast;
        let s = share(&o).unwrap();
        assert!(s.agrees_with(68.1));
        assert_eq!(
            (s.measure, s.qualifier),
            (Measure::Share, Qualifier::Approximate)
        );
        assert_eq!(share(&obs(2019, 68.1)), None);
        assert_eq!(multiple(0.0, 5.0), None);
    }

    #[test]
    fn a_rank_that_rises_is_a_positive_change() {
        let claim = Claim {
            kind: ClaimKind::Change,
            base_year: Year::new(2018).unwrap(),
            value: 1.0,
        };
        assert_eq!(computed_claim_of(Kind::Rank, &claim, 9.0, 8.0), Some(1.0));
        assert_eq!(
            computed_claim_of(Kind::Rank, &claim, 43.0, 57.0),
            Some(-14.0)
        );
        assert_eq!(computed_claim_of(Kind::Count, &claim, 9.0, 8.0), Some(-1.0));
    }
}
