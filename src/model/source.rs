//! A source article: its title, publisher and date, known as precisely as the article says.

use super::Year;

/// A date known to a day, a month, a year, or not at all; pages print only what is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DatePrecision {
    Unknown,
    Year(Year),
    Month(Year, u8),
    Day(Year, u8, u8),
}

impl DatePrecision {
    pub fn year(self) -> Option<Year> {
        match self {
            DatePrecision::Unknown => None,
            DatePrecision::Year(y) | DatePrecision::Month(y, _) | DatePrecision::Day(y, _, _) => {
                Some(y)
            }
        }
    }

    /// Orders dates by what is known of them (an unknown one first).
    pub fn sort_key(self) -> (u16, u8, u8) {
        match self {
            DatePrecision::Unknown => (0, 0, 0),
            DatePrecision::Year(y) => (y.get(), 0, 0),
            DatePrecision::Month(y, m) => (y.get(), m, 0),
            DatePrecision::Day(y, m, d) => (y.get(), m, d),
        }
    }

    /// `YYYY-MM-DD` when the day is known (feeds need a full date).
    pub fn iso_day(self) -> Option<String> {
        match self {
            DatePrecision::Day(y, m, d) => Some(format!("{y}-{m:02}-{d:02}")),
            _ => None,
        }
    }
}

/// A date about a source other than its publication date, labelled: when it was read
/// (`accessed`), or an event that dates it (`event`, with what happened).
#[derive(Debug, Clone, PartialEq)]
pub struct OtherDate {
    pub date: DatePrecision,
    /// What happened on that date (an event), in the site's language and in English.
    pub label: Option<String>,
    pub label_en: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    /// The publication date, as precisely as it is known.
    pub date: DatePrecision,
    /// The publication year, or for an undated source the latest year it can be from
    /// (`Year::MAX` when nothing says): a reported figure cannot be later.
    pub year: Year,
    pub accessed: Option<DatePrecision>,
    pub event: Option<OtherDate>,
    pub author: Option<String>,
    pub url: Option<String>,
}
