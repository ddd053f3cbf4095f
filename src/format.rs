//! Number formatting for the page language.
//!
//! Vietnamese writes 3.566 (thousands) and 45,212 (decimals); English the reverse. A figure's
//! number is formatted here for `values` alone (`Figure`, `DerivedFigure`, which add its
//! qualifier, status and †; `clippy.toml` refuses the bare formatters elsewhere), so a figure
//! looks the same everywhere it appears; counts, scales and messages have their own names.

use crate::model::Indicator;
pub use crate::model::Lang;

/// How many decimals an indicator's figures print. The catalog's `decimals` is kept
/// whole, trailing zeros included (`decimals: 4` prints 0,7650, as a statistics office
/// prints a score), unless the indicator says `trim_zeros: true` (its sources state
/// figures to varying precision). Computed figures (multiples, changes, ticks) go through
/// [`number`], which always drops trailing zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimals {
    pub places: u8,
    pub trailing_zeros: bool,
}

impl Decimals {
    /// The decimals `ind`'s catalog entry gives.
    pub fn of(ind: &Indicator) -> Self {
        Decimals {
            places: ind.decimals,
            trailing_zeros: !ind.trim_zeros,
        }
    }

    /// No decimals (ranks).
    pub fn whole() -> Self {
        Decimals {
            places: 0,
            trailing_zeros: false,
        }
    }
}

/// A figure of the catalog: `figure(0.765, 4 places, Vi)` is `0,7650`.
pub fn figure(value: f64, decimals: Decimals, lang: Lang) -> String {
    digits(value, decimals.places, decimals.trailing_zeros, lang)
}

/// Formats `value` with at most `decimals` decimals (trailing zeros dropped) and grouped
/// thousands: `number(3566.0, 0, Vi)` is `3.566`, `number(45.212, 3, Vi)` is `45,212`.
pub fn number(value: f64, decimals: u8, lang: Lang) -> String {
    digits(value, decimals, false, lang)
}

/// `value` rounded to `decimals`, keeping or dropping trailing zeros, thousands grouped.
fn digits(value: f64, decimals: u8, trailing_zeros: bool, lang: Lang) -> String {
    let mut out = String::with_capacity(16);
    push_digits(&mut out, value, decimals, trailing_zeros, lang);
    out
}

thread_local! {
    /// The plain digits of the number being formatted: one buffer per thread, reused by
    /// every figure instead of a new string each.
    static FIXED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// [`digits`] appended to `out`.
fn push_digits(out: &mut String, value: f64, decimals: u8, trailing_zeros: bool, lang: Lang) {
    FIXED.with(|cell| match cell.try_borrow_mut() {
        Ok(mut fixed) => grouped(out, &mut fixed, value, decimals, trailing_zeros, lang),
        Err(_) => grouped(
            out,
            &mut String::new(),
            value,
            decimals,
            trailing_zeros,
            lang,
        ),
    })
}

/// Writes `value` with `decimals` into `fixed`, then appends it to `out` grouped.
fn grouped(
    out: &mut String,
    fixed: &mut String,
    value: f64,
    decimals: u8,
    trailing_zeros: bool,
    lang: Lang,
) {
    use std::fmt::Write;
    let (thousands, decimal) = lang.separators();
    fixed.clear();
    match scaled(value.abs(), decimals) {
        Some(n) => {
            let pow = 10u128.pow(u32::from(decimals));
            // Both parts are below 10^18 (see `scaled`).
            push_whole(fixed, (n / pow) as u64, 1);
            if decimals > 0 {
                fixed.push('.');
                push_whole(fixed, (n % pow) as u64, usize::from(decimals));
            }
        }
        None => {
            // Writing into a String cannot fail.
            let _ = write!(fixed, "{:.*}", usize::from(decimals), value.abs());
        }
    }
    let (int_part, frac_part) = match fixed.split_once('.') {
        Some((i, f)) if trailing_zeros => (i, f),
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (fixed.as_str(), ""),
    };
    // A value that rounds to zero prints without a minus sign.
    if value < 0.0 && int_part.bytes().chain(frac_part.bytes()).any(|b| b != b'0') {
        out.push('-');
    }
    let digits = int_part.len();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(ch);
    }
    if !frac_part.is_empty() {
        out.push(decimal);
        out.push_str(frac_part);
    }
}

/// Appends the decimal digits of `n`, zero-padded to `width` (at most 20) digits: the
/// standard integer formatter's padding machinery cost as much as the digits themselves.
pub(crate) fn push_whole(out: &mut String, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    start = start.min(buf.len().saturating_sub(width));
    out.extend(buf[start..].iter().map(|&b| char::from(b)));
}

/// `value` (not negative) times 10^`decimals`, rounded to the nearest integer, ties to
/// even: the digits `{:.*}` prints, computed from the exact binary value with integer
/// arithmetic, because the standard formatter's exact mode was a tenth of a build's work.
/// `None` (the caller uses the standard formatter) past 10^18 or 18 decimals, for
/// infinities and NaN.
fn scaled(value: f64, decimals: u8) -> Option<u128> {
    if !(0.0..1e18).contains(&value) || decimals > 18 {
        return None;
    }
    let bits = value.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    // value = mantissa · 2^shift exactly.
    let (mantissa, shift) = match exponent {
        0 => (fraction, -1074),
        e => (fraction | 1 << 52, e - 1075),
    };
    // Below 2^53 · 10^18 < 2^113.
    let x = u128::from(mantissa) * 10u128.pow(u32::from(decimals));
    if shift >= 0 {
        // value < 10^18 < 2^60, so shift < 8 and x << shift < 2^120.
        return Some(x << shift);
    }
    let k = shift.unsigned_abs();
    if k >= 114 {
        // x < 2^113 ≤ 2^(k-1): less than half a unit.
        return Some(0);
    }
    let (q, rem, half) = (x >> k, x & ((1u128 << k) - 1), 1u128 << (k - 1));
    Some(q + u128::from(rem > half || (rem == half && q & 1 == 1)))
}

// The formatters above print a figure's number bare: `clippy.toml` keeps them inside
// `values`, which adds the qualifier, status and †. What is not a figure goes through the
// functions below, named for what they print.

/// A count of things the site itself has (pages, observations, provinces): `1.234`.
pub fn count(n: usize, lang: Lang) -> String {
    digits(n as f64, 0, false, lang)
}

/// A label on a chart's scale (an axis tick, the bound of a map's class): a position on the
/// scale, not a figure of the data.
pub fn scale_label(value: f64, decimals: u8, lang: Lang) -> String {
    digits(value, decimals, false, lang)
}

/// A number quoted in a diagnostic for the site's author (never on a page).
pub fn message_number(value: f64, decimals: u8, lang: Lang) -> String {
    digits(value, decimals, false, lang)
}

/// A figure's text `n` (from [`figure`]) followed by its unit: `3.566 tỷ đồng`, `98,3%`,
/// `30%/năm` (no space before `%`). It takes the text, not the number, so a caller that
/// needs the text without its unit as well formats the number once.
pub fn unit_after(mut n: String, unit: &str) -> String {
    if !unit.is_empty() && !unit.starts_with('%') {
        n.push('\u{a0}');
    }
    n.push_str(unit);
    n
}

/// A file's size as file managers show it (SI units): `850 B`, `570 kB` (whole kilobytes),
/// `1,2 MB`.
pub fn file_size(bytes: u64, lang: Lang) -> String {
    let b = bytes as f64;
    let (value, decimals, unit) = if b < 999.5 {
        (b, 0, "B")
    } else if b < 999_500.0 {
        (b / 1e3, 0, "kB")
    } else {
        (b / 1e6, 1, "MB")
    };
    unit_after(digits(value, decimals, false, lang), unit)
}

/// A signed change: `+4,556` or `-12`.
pub fn signed(value: f64, decimals: u8, lang: Lang) -> String {
    let mut out = String::with_capacity(16);
    if value > 0.0 {
        out.push('+');
    }
    push_digits(&mut out, value, decimals, false, lang);
    // A positive value that rounds to zero is written without its sign.
    if out == "+0" {
        out.remove(0);
    }
    out
}

/// Lives with the figures it measures (the model), so the model imports nothing from here.
pub use crate::model::derived::decimals_needed;

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    reason = "the formatters' own tests call them bare"
)]
mod tests {
    use super::*;
    use Lang::{En, Vi};

    fn figure_with_unit(value: f64, decimals: Decimals, unit: &str, lang: Lang) -> String {
        unit_after(figure(value, decimals, lang), unit)
    }

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(number(3566.0, 0, Vi), "3.566");
        assert_eq!(number(72120.0, 0, Vi), "72.120");
        assert_eq!(number(3128167.0, 0, Vi), "3.128.167");
        assert_eq!(number(45.212, 3, Vi), "45,212");
        assert_eq!(number(520.9, 1, Vi), "520,9");
        assert_eq!(number(98.30, 2, Vi), "98,3");
        assert_eq!(number(999.0, 0, Vi), "999");
        assert_eq!(number(1000.0, 0, Vi), "1.000");
        assert_eq!(number(0.6712, 4, Vi), "0,6712");
        assert_eq!(number(-1234.5, 1, Vi), "-1.234,5");
        assert_eq!(number(-0.01, 0, Vi), "0");
    }

    #[test]
    fn catalog_decimals_keep_their_trailing_zeros() {
        let four = Decimals {
            places: 4,
            trailing_zeros: true,
        };
        assert_eq!(figure(0.765, four, Vi), "0,7650");
        assert_eq!(figure(0.765, four, En), "0.7650");
        assert_eq!(figure(1.0, four, Vi), "1,0000");
        assert_eq!(figure(-0.00001, four, Vi), "0,0000");
        assert_eq!(
            figure_with_unit(98.3, Decimals { places: 2, ..four }, "%", Vi),
            "98,30%"
        );
        let trimmed = Decimals {
            trailing_zeros: false,
            ..four
        };
        assert_eq!(figure(0.765, trimmed, Vi), "0,765");
        assert_eq!(figure(3566.0, Decimals::whole(), Vi), "3.566");
    }

    /// At most one decimal, trailing zeros dropped.
    fn one() -> Decimals {
        Decimals {
            places: 1,
            trailing_zeros: false,
        }
    }

    #[test]
    fn english_numbers() {
        assert_eq!(number(3566.0, 0, En), "3,566");
        assert_eq!(number(45.212, 3, En), "45.212");
        assert_eq!(figure_with_unit(98.3, one(), "%", En), "98.3%");
    }

    #[test]
    fn units_and_percent() {
        let whole = Decimals::whole();
        assert_eq!(
            figure_with_unit(3566.0, whole, "tỷ đồng", Vi),
            "3.566\u{a0}tỷ đồng"
        );
        assert_eq!(figure_with_unit(98.3, one(), "%", Vi), "98,3%");
        assert_eq!(figure_with_unit(30.0, whole, "%/năm", Vi), "30%/năm");
        assert_eq!(signed(4.556, 3, Vi), "+4,556");
        assert_eq!(signed(-2.0, 0, Vi), "-2");
        assert_eq!(signed(0.001, 1, Vi), "0");
        assert_eq!(signed(-0.001, 1, Vi), "0");
    }

    /// The integer rounding prints what the standard formatter prints, ties included.
    #[test]
    fn fixed_digits_match_the_standard_formatter() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut values = vec![
            0.0, 0.5, 1.5, 2.5, 0.125, 0.375, 2431.75, 5e-324, 1e17, 1e18,
        ];
        for _ in 0..50_000 {
            let r = next();
            values.push(f64::from_bits(r >> 2));
            values.push((r >> 11) as f64 / 1024.0);
            values.push((r % 100_000_000) as f64 / 10f64.powi((r % 7) as i32));
        }
        for (i, v) in values.into_iter().enumerate() {
            let decimals = (i % 19) as u8;
            let mut ours = String::new();
            grouped(&mut ours, &mut String::new(), v, decimals, true, En);
            let std = format!("{v:.*}", usize::from(decimals));
            let (int, frac) = std.split_once('.').unwrap_or((&std, ""));
            let mut expected = String::new();
            for (j, ch) in int.chars().enumerate() {
                if j > 0 && (int.len() - j) % 3 == 0 {
                    expected.push(',');
                }
                expected.push(ch);
            }
            if !frac.is_empty() {
                expected.push('.');
                expected.push_str(frac);
            }
            assert_eq!(ours, expected, "{v:e} with {decimals} decimals");
        }
    }

    #[test]
    fn whole_numbers_pad_to_their_width() {
        let mut out = String::new();
        for (n, width) in [(0, 1), (7, 3), (1234, 2), (u64::MAX, 1), (5, 20)] {
            push_whole(&mut out, n, width);
            out.push(' ');
        }
        let max = u64::MAX;
        assert_eq!(out, format!("0 007 1234 {max} 00000000000000000005 "));
    }

    #[test]
    fn file_sizes() {
        assert_eq!(file_size(850, Vi), "850\u{a0}B");
        assert_eq!(file_size(569_612, Vi), "570\u{a0}kB");
        assert_eq!(file_size(999_600, Vi), "1\u{a0}MB");
        assert_eq!(file_size(1_234_567, Vi), "1,2\u{a0}MB");
        assert_eq!(file_size(1_234_567, En), "1.2\u{a0}MB");
    }

    #[test]
    fn decimals_needed_counts_fraction_digits() {
        assert_eq!(decimals_needed(3566.0), 0);
        assert_eq!(decimals_needed(45.212), 3);
        assert_eq!(decimals_needed(98.3), 1);
    }
}
