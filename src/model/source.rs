//! A source article: its title, publisher and date, known as precisely as the article says.

use super::{Lang, Year};

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
    /// The publisher and author as an English page names them (`publisher_en`,
    /// `author_en`): a Vietnamese phrase would otherwise stand in an English sentence.
    pub publisher_en: Option<String>,
    pub author_en: Option<String>,
    pub url: Option<String>,
}

impl Source {
    /// The publisher for a `lang` page: `publisher_en` on an English page when given.
    pub fn publisher_in(&self, lang: Lang) -> &str {
        match (lang, &self.publisher_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.publisher,
        }
    }

    /// The author for a `lang` page: `author_en` on an English page when given.
    pub fn author_in(&self, lang: Lang) -> Option<&str> {
        match (lang, &self.author_en) {
            (Lang::En, Some(en)) => Some(en),
            _ => self.author.as_deref(),
        }
    }

    /// The language `publisher_in(lang)` is written in, for the `lang` attribute: the
    /// site's language `default` unless the English name is shown.
    pub fn publisher_lang(&self, lang: Lang, default: Lang) -> Lang {
        match (lang, &self.publisher_en) {
            (Lang::En, Some(_)) => Lang::En,
            _ => default,
        }
    }
}
