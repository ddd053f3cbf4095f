//! Figures computed from the data, never typed in: changes, growth multiples, CAGR, shares,
//! densities, and the check of the derived figures that articles state.

use super::{Claim, Observation, Series, Year};
use crate::model::{ClaimKind, Kind, Qualifier, Status};

/// Decimals of a computed multiple ("gấp 22,24 lần"), everywhere it is printed: one more
/// than articles usually give, so a rounded claim and the computed figure can be told apart.
pub const MULTIPLE_DECIMALS: u8 = 2;

/// Decimals of a computed percent (a share, a change in percent, a CAGR), everywhere.
pub const PERCENT_DECIMALS: u8 = 1;

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

/// Year-on-year change between two consecutive reported years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearChange {
    pub from: Year,
    pub to: Year,
    pub change: f64,
    /// `None` when the earlier value is zero.
    pub percent: Option<f64>,
}

/// Changes between reported observations one year apart (gaps are skipped: a change over
/// two years is not a year-on-year change).
pub fn year_on_year(series: &Series) -> Vec<YearChange> {
    let reported: Vec<&Observation> = series.reported().collect();
    reported
        .windows(2)
        .filter(|w| w[1].year.get() == w[0].year.get() + 1)
        .map(|w| YearChange {
            from: w[0].year,
            to: w[1].year,
            change: w[1].value - w[0].value,
            percent: change_percent(w[0].value, w[1].value),
        })
        .collect()
}

/// A computed figure, if it can be printed: finite and within `LARGEST_DERIVED` (a base of
/// 1e-300 would otherwise give "gấp inf lần" or hundreds of digits).
fn printable(x: f64) -> Option<f64> {
    (x.is_finite() && x.abs() <= super::LARGEST_DERIVED).then_some(x)
}

/// `later / earlier`: "tăng gấp N lần".
pub fn multiple(earlier: f64, later: f64) -> Option<f64> {
    if earlier == 0.0 {
        return None;
    }
    printable(later / earlier)
}

/// Percent change from `earlier` to `later`.
pub fn change_percent(earlier: f64, later: f64) -> Option<f64> {
    if earlier == 0.0 {
        return None;
    }
    printable((later / earlier - 1.0) * 100.0)
}

/// Compound annual growth rate in percent between two observations.
pub fn cagr(first: &Observation, last: &Observation) -> Option<f64> {
    let years = f64::from(last.year.get()) - f64::from(first.year.get());
    if years <= 0.0 || first.value <= 0.0 || last.value < 0.0 {
        return None;
    }
    printable(((last.value / first.value).powf(1.0 / years) - 1.0) * 100.0)
}

/// Growth over the whole reported series: (first, last, multiple, CAGR %).
pub fn series_growth(series: &Series) -> Option<(&Observation, &Observation, f64, f64)> {
    let first = series.reported().next()?;
    let last = series.latest()?;
    if first.year == last.year {
        return None;
    }
    Some((
        first,
        last,
        multiple(first.value, last.value)?,
        cagr(first, last)?,
    ))
}

/// Units per 100 inhabitants.
pub fn per_hundred(value: f64, population: f64) -> Option<f64> {
    if population <= 0.0 {
        return None;
    }
    printable(value / population * 100.0)
}

/// [`per_hundred`] of a province's figure over its population of the same year.
pub fn density(figure: &Observation, population: &Observation) -> Option<f64> {
    per_hundred(figure.value, population.value)
}

/// How `later` stands against `earlier`, for a sentence that describes the change (a
/// chart's description): the difference, and the multiple and percent change when the
/// earlier figure is positive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    pub change: f64,
    pub multiple: Option<f64>,
    pub percent: Option<f64>,
}

pub fn compare(earlier: &Observation, later: &Observation) -> Comparison {
    let (a, b) = (earlier.value, later.value);
    Comparison {
        change: b - a,
        multiple: multiple(a, b).filter(|_| a > 0.0),
        percent: change_percent(a, b).filter(|_| a > 0.0),
    }
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

/// [`computed_claim_of`] for the claim of `obs` against `base`: what the data says the
/// claimed change is.
pub fn claim_from(kind: Kind, claim: &Claim, base: &Observation, obs: &Observation) -> Option<f64> {
    computed_claim_of(kind, claim, base.value, obs.value)
}

/// What the data says a claimed figure should be.
pub fn computed_claim(claim: &Claim, base: f64, value: f64) -> Option<f64> {
    match claim.kind {
        ClaimKind::Multiple => multiple(base, value),
        ClaimKind::ChangePercent => change_percent(base, value),
        ClaimKind::Change => printable(value - base),
    }
}

/// [`computed_claim`] for a figure of kind `kind`: a rank that rises gets a smaller number,
/// so "tăng 1 bậc" (a change of +1) is the base minus the new rank.
pub fn computed_claim_of(kind: Kind, claim: &Claim, base: f64, value: f64) -> Option<f64> {
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
        let (_, _, m, c) = series_growth(&s).unwrap();
        assert!((m - computed).abs() < 1e-12);
        assert!((c - 85.96).abs() < 0.01, "CAGR was {c}");
    }

    #[test]
    fn an_estimate_in_gives_an_estimate_out() {
        let s = vinh_phuc_revenue();
        let (first, last, _, _) = series_growth(&s).unwrap();
        assert_eq!(
            inherited([first, last]),
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
        let yoy = year_on_year(&s);
        assert_eq!(yoy.len(), 1);
        assert_eq!(yoy[0].change, 4.0);
        assert!(agrees(4.0, yoy[0].percent.unwrap()));
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
