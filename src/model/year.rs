//! A calendar year within the range the site accepts, and the current one.

/// A calendar year within the range the site accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Year(u16);

impl Year {
    pub const MIN: i64 = 1975;
    pub const MAX: i64 = 2100;

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
        let seconds = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            });
        Year::new(year_of_day(seconds.div_euclid(86_400))).unwrap_or(Year(Self::MAX as u16))
    }
}

/// The proleptic Gregorian year of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn year_of_day(days: i64) -> i64 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
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
    fn years_of_days() {
        assert_eq!(year_of_day(0), 1970);
        assert_eq!(year_of_day(-1), 1969);
        // 2025-07-01 is day 20270; 2024-12-31 is day 20088 (a leap year).
        assert_eq!(year_of_day(20_270), 2025);
        assert_eq!(year_of_day(20_088), 2024);
        assert_eq!(year_of_day(20_089), 2025);
    }
}
