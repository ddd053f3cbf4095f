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

/// Whole-number ticks (steps of 1, 2 or 5 times a power of ten, never below 1) covering
/// `min..=max`, for counts: an axis of documents never reads 2,5.
pub(super) fn nice_integer(min: f64, max: f64, target: usize) -> Ticks {
    let t = nice(min, max, target);
    let step = t.values.get(1).map_or(1.0, |v| v - t.values[0]);
    if step >= 1.0 && step.fract() == 0.0 && t.lo.fract() == 0.0 {
        return t;
    }
    let step = integer_step(step);
    let first = (t.lo / step).floor() as i64;
    let last = (t.hi / step).ceil() as i64;
    let values: Vec<f64> = (first..=last).map(|k| k as f64 * step).collect();
    Ticks {
        lo: values[0],
        hi: values[values.len() - 1],
        values,
        decimals: 0,
    }
}

/// Rank ticks: 1 (the best, drawn at the top) and every `step` after it, evenly spaced and
/// whole (1, 3, 5, 7 rather than 1, 4, 6, 8); the axis ends at `max` (the last place), which
/// is a tick only when the steps reach it.
pub(super) fn rank_ticks(max: f64, target: usize) -> Ticks {
    let max = max.max(2.0).ceil();
    let step = integer_step((max - 1.0) / target.max(1) as f64);
    let count = ((max - 1.0) / step + 1e-9).floor() as i64;
    let values: Vec<f64> = (0..=count).map(|k| 1.0 + k as f64 * step).collect();
    Ticks {
        lo: 1.0,
        hi: max,
        values,
        decimals: 0,
    }
}

/// The smallest of 1, 2, 5, 10, 20, 50, … not below `raw`.
fn integer_step(raw: f64) -> f64 {
    let mut magnitude = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            if m * magnitude >= raw * (1.0 - 1e-9) {
                return m * magnitude;
            }
        }
        magnitude *= 10.0;
    }
}

/// Years to label on a time axis: every year when their labels fit `room` apart (the
/// distance between two years on the axis, for labels `label` wide), else every 2nd, 5th,
/// 10th, … year, the multiples of the step.
pub(super) fn year_ticks(first: u16, last: u16, room: f64, label: f64) -> Vec<u16> {
    let step = [1u16, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|&s| f64::from(s) * room >= label)
        .unwrap_or(100);
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
    fn year_ticks_thin_out_when_labels_would_touch() {
        assert_eq!(year_ticks(2015, 2020, 50.0, 40.0).len(), 6);
        assert_eq!(
            year_ticks(2005, 2025, 25.0, 40.0),
            vec![2006, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024]
        );
        assert_eq!(
            year_ticks(2001, 2030, 9.0, 40.0),
            vec![2005, 2010, 2015, 2020, 2025, 2030]
        );
    }

    #[test]
    fn count_ticks_are_whole_numbers() {
        let t = nice_integer(0.0, 1.0, 4);
        assert_eq!(t.values, vec![0.0, 1.0]);
        assert_eq!(t.decimals, 0);
        let t = nice_integer(0.0, 9.0, 4);
        assert!(t.values.iter().all(|v| v.fract() == 0.0), "{:?}", t.values);
        assert!(t.hi >= 9.0);
        // Steps that are whole already stay as they are.
        assert_eq!(nice_integer(0.0, 80.0, 4), nice(0.0, 80.0, 4));
    }

    #[test]
    fn rank_ticks_start_at_one_evenly() {
        let t = rank_ticks(10.0, 5);
        assert_eq!(t.values, vec![1.0, 3.0, 5.0, 7.0, 9.0]);
        assert_eq!((t.lo, t.hi, t.decimals), (1.0, 10.0, 0));
        assert_eq!(rank_ticks(21.0, 4).values, vec![1.0, 6.0, 11.0, 16.0, 21.0]);
        // Out of 63: the axis runs to the last place.
        let t = rank_ticks(63.0, 5);
        assert_eq!((t.values[0], t.hi), (1.0, 63.0));
        assert_eq!(rank_ticks(2.0, 4).values, vec![1.0, 2.0]);
    }
}
