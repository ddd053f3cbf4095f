//! A calendar year within the range the site accepts, and the current one.

/// A calendar year within the range the site accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Year(u16);

impl Year {
    pub const MIN: i64 = 1975;
    pub const MAX: i64 = 2100;
    /// The earliest year the site accepts.
    pub const FIRST: Year = Year(Year::MIN as u16);

    pub fn new(year: i64) -> Option<Year> {
        (Self::MIN..=Self::MAX)
            .contains(&year)
            .then_some(Year(year as u16))
    }

    pub fn get(self) -> u16 {
        self.0
    }

    /// The current calendar year (UTC), or that of `SOURCE_DATE_EPOCH` when set, so that a
    /// reproducible build says the same. A target before it is past due.
    pub fn current() -> Year {
        let (year, ..) = date_of_day(build_day());
        Year::new(year).unwrap_or(Year(Self::MAX as u16))
    }
}

/// The build's date (UTC), or that of `SOURCE_DATE_EPOCH` when set, as a day: what dates a
/// feed entry whose article has no full date. A clock outside the site's years gives the
/// nearest year's bounds rather than a date no source can have.
pub fn build_date() -> super::DatePrecision {
    let (year, month, day) = date_of_day(build_day());
    match Year::new(year) {
        Some(y) => super::DatePrecision::Day(y, month, day),
        None if year < Year::MIN => super::DatePrecision::Day(Year(Year::MIN as u16), 1, 1),
        None => super::DatePrecision::Day(Year(Year::MAX as u16), 12, 31),
    }
}

/// The day of `SOURCE_DATE_EPOCH` (UTC) as (year, month, day), when it is set: what a
/// reproducible build dates its PDFs with.
pub fn source_date_epoch() -> Option<(i32, u8, u8)> {
    let (y, m, d) = date_of_day(epoch_seconds()?.div_euclid(86_400));
    Some((i32::try_from(y).ok()?, m, d))
}

fn epoch_seconds() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
}

/// Days since 1970-01-01 of the build: `SOURCE_DATE_EPOCH` when set, else the clock.
fn build_day() -> i64 {
    let seconds = epoch_seconds().unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    seconds.div_euclid(86_400)
}

/// The proleptic Gregorian (year, month, day) of a day counted from 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn date_of_day(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month as u8, day)
}

impl std::fmt::Display for Year {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_days() {
        assert_eq!(date_of_day(0), (1970, 1, 1));
        assert_eq!(date_of_day(-1), (1969, 12, 31));
        // 2025-07-01 is day 20270; 2024-12-31 is day 20088 (a leap year).
        assert_eq!(date_of_day(20_270), (2025, 7, 1));
        assert_eq!(date_of_day(20_088), (2024, 12, 31));
        assert_eq!(date_of_day(20_089), (2025, 1, 1));
        assert_eq!(date_of_day(19_417), (2023, 3, 1));
        assert_eq!(date_of_day(19_416), (2023, 2, 28));
    }
}
