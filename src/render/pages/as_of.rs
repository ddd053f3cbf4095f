//! When a province's figures are from: the "as of" line of its page and the date of its
//! feed entry.
//!
//! An article without a publication date is never given one: the page says how the date
//! is known (an event, or only the year of the newest figure) and that it is approximate,
//! and the feed, which needs a full date, takes the event's day or else the build's date,
//! and says which in the entry.

use super::*;
use crate::model::{DatePrecision, OtherDate, Province, Site, Year, build_date};

/// How the date of a province's report is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReportDate<'a> {
    /// The newest publication date among its sources, as precisely as it is known.
    Published(DatePrecision),
    /// No source gives a date: the newest event that dates one of them.
    Event(&'a OtherDate),
    /// Nothing dates its sources: the year of its newest figure.
    FiguresYear(Year),
}

/// The date of `p`'s report, from its sources and those of its figures.
pub fn report_date<'a>(site: &'a Site, p: &Province) -> Option<ReportDate<'a>> {
    let from_data = p
        .series
        .iter()
        .flat_map(|s| &s.observations)
        .map(|o| o.source);
    let sources: Vec<_> = p
        .sources
        .iter()
        .copied()
        .chain(from_data)
        .map(|r| site.source(r))
        .collect();
    let published = sources
        .iter()
        .map(|s| s.date)
        .filter(|d| *d != DatePrecision::Unknown)
        .max_by_key(|d| d.sort_key());
    if let Some(d) = published {
        return Some(ReportDate::Published(d));
    }
    let event = sources
        .iter()
        .filter_map(|s| s.event.as_ref())
        .filter(|e| e.date != DatePrecision::Unknown)
        .max_by_key(|e| e.date.sort_key());
    if let Some(e) = event {
        return Some(ReportDate::Event(e));
    }
    p.series
        .iter()
        .flat_map(|s| s.reported())
        .map(|o| o.year)
        .max()
        .map(ReportDate::FiguresYear)
}

/// `theo nguồn mới nhất ngày 04/10/2020`, or for an undated article how its date is known:
/// `theo nguồn mới nhất, khoảng tháng 10/2020 (ngày của sự kiện 25/10/2020: …; bài không
/// ghi ngày đăng)`.
pub fn as_of_words(s: &Scope, date: ReportDate) -> String {
    let (lang, i18n) = (s.lang, s.i18n());
    match date {
        ReportDate::Published(d) => {
            // "ngày 04/10/2020", but "(tháng 10/2020)": a month is not a day.
            let key = match d {
                DatePrecision::Day(..) => "as_of_published",
                _ => "as_of_published_partial",
            };
            let date = values::precise_date_text(d, lang, i18n);
            i18n.fill(lang, key, &[("date", &date)])
        }
        ReportDate::Event(e) => {
            // The event only bounds the article's date: the page gives its month, not its day.
            let about = match e.date {
                DatePrecision::Day(y, m, _) => DatePrecision::Month(y, m),
                d => d,
            };
            i18n.fill(
                lang,
                "as_of_event",
                &[
                    ("date", &values::precise_date_text(about, lang, i18n)),
                    ("event", &event_text(s, e)),
                ],
            )
        }
        ReportDate::FiguresYear(y) => {
            i18n.fill(lang, "as_of_figures_year", &[("year", &y.to_string())])
        }
    }
}

/// `25/10/2020: khai mạc Đại hội …`: the event's date and what happened.
fn event_text(s: &Scope, e: &OtherDate) -> String {
    let date = values::precise_date_text(e.date, s.lang, s.i18n());
    let label = match s.lang {
        Lang::En => e.label_en.as_deref().or(e.label.as_deref()),
        Lang::Vi => e.label.as_deref(),
    };
    match label {
        Some(l) => format!("{date}: {l}"),
        None => date,
    }
}

/// The day a feed entry is dated by (`YYYY-MM-DD`) and, when it is not the article's own
/// publication day, the sentence that says what it is: the event's day, else the build's
/// date, but never a day before the year the report is known to be from (a
/// `SOURCE_DATE_EPOCH` of 1980, as some build systems set, would date it before its figures).
pub fn feed_date(s: &Scope, date: Option<ReportDate>) -> (String, Option<String>) {
    let (lang, i18n) = (s.lang, s.i18n());
    let own = match date {
        Some(ReportDate::Published(d)) => d.iso_day().map(|day| (day, None)),
        Some(ReportDate::Event(e)) => e.date.iso_day().map(|day| {
            let said = i18n.fill(lang, "feed_dated_by_event", &[("event", &event_text(s, e))]);
            (day, Some(said))
        }),
        _ => None,
    };
    if let Some(own) = own {
        return own;
    }
    let known_year = match date {
        Some(ReportDate::Published(d)) => d.year(),
        Some(ReportDate::Event(e)) => e.date.year(),
        Some(ReportDate::FiguresYear(y)) => Some(y),
        None => None,
    };
    let today = build_date();
    match known_year.filter(|y| today.year().is_some_and(|t| t < *y)) {
        Some(year) => {
            let day = DatePrecision::Day(year, 1, 1);
            let said = i18n.fill(
                lang,
                "feed_dated_by_year",
                &[
                    ("date", &values::precise_date_text(day, lang, i18n)),
                    ("year", &year.to_string()),
                ],
            );
            (day.iso_day().unwrap_or_default(), Some(said))
        }
        None => {
            let date = values::precise_date_text(today, lang, i18n);
            let said = i18n.fill(lang, "feed_dated_by_build", &[("date", &date)]);
            (today.iso_day().unwrap_or_default(), Some(said))
        }
    }
}
