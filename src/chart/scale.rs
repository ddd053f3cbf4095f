//! Mapping data to pixels: linear scales, "nice" value ticks and year ticks.

use crate::format::decimals_needed;

/// A linear map from a data interval onto a pixel interval (either may be reversed).
#[derive(Debug, Clone, Copy)]
pub(super) struct Linear {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Linear {
    pub fn new((d0, d1): (f64, f64), (r0, r1): (f64, f64)) -> Self {
        Self { d0, d1, r0, r1 }
    }

    pub fn map(&self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// Round tick values covering a data interval.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ticks {
    pub lo: f64,
    pub hi: f64,
    pub values: Vec<f64>,
    /// Decimals the tick labels need (`0,05` needs 2).
    pub decimals: u8,
}

/// About `target` round ticks (steps of 1, 2, 2,5 or 5 times a power of ten) covering
/// `min..=max`.
pub(super) fn nice(min: f64, max: f64, target: usize) -> Ticks {
    let (min, max) = if min <= max { (min, max) } else { (max, min) };
    let (min, max) = if max > min {
        (min, max)
    } else if max == 0.0 {
        (0.0, 1.0)
    } else {
        let pad = max.abs() * 0.1;
        (min - pad, max + pad)
    };
    let raw = (max - min) / target.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    let first = (min / step + 1e-9).floor() as i64;
    let last = (max / step - 1e-9).ceil() as i64;
    let decimals = decimals_needed(step).min(4);
    let round = |k: i64| {
        let v = k as f64 * step;
        let scale = 10f64.powi(i32::from(decimals));
        (v * scale).round() / scale
    };
    Ticks {
        lo: round(first),
        hi: round(last),
        values: (first..=last).map(round).collect(),
        decimals,
    }
}

/// Years to label on a time axis: every year for short spans, else every 2nd, 5th or 10th.
pub(super) fn year_ticks(first: u16, last: u16) -> Vec<u16> {
    let span = last.saturating_sub(first);
    let step = match span {
        0..=10 => 1,
        11..=20 => 2,
        21..=50 => 5,
        _ => 10,
    };
    (first..=last)
        .filter(|y| step == 1 || y % step == 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_cover_the_data() {
        let t = nice(0.0, 79300.0, 5);
        assert_eq!(t.lo, 0.0);
        assert_eq!(t.hi, 80000.0);
        assert_eq!(t.values, vec![0.0, 20000.0, 40000.0, 60000.0, 80000.0]);
        assert_eq!(t.decimals, 0);
        let t = nice(0.61, 0.6712, 4);
        assert!(t.lo <= 0.61 && t.hi >= 0.6712);
        assert!(t.decimals >= 2);
        let t = nice(5.0, 5.0, 4);
        assert!(t.lo < 5.0 && t.hi > 5.0);
        let t = nice(0.0, 0.0, 4);
        assert_eq!((t.lo, t.hi), (0.0, 1.0));
    }

    #[test]
    fn year_ticks_thin_out_long_spans() {
        assert_eq!(year_ticks(2015, 2020).len(), 6);
        assert_eq!(
            year_ticks(2005, 2025),
            vec![2006, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024]
        );
    }
}
