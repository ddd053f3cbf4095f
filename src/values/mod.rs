//! A figure as a reader sees it: qualifier, number, unit, status, and its citation, in the
//! page's language.
//!
//! Pages, inline values and charts all print figures through [`Figure`] (`figure.rs`), so a
//! value reads the same in a chart, its data table and the text around it; the functions
//! that turn an observation into text are private to this module.

use crate::i18n::I18n;
use crate::model::Lang;
use crate::model::{Category, DatePrecision, Indicator, Observation, Source};
use crate::model::{Kind, Provenance, Qualifier, Status};

mod derived;
mod figure;
pub use derived::{DerivedFigure, derived_in_message, stated_claim};
pub use figure::Figure;

/// The bare-number formatters of `crate::format`, which `clippy.toml` refuses outside this
/// module: `values` prints a figure's number only beside its qualifier, status and †.
#[expect(
    clippy::disallowed_methods,
    reason = "values is the one module that formats a figure's bare number"
)]
mod format {
    pub(super) use crate::format::{Decimals, unit_after};
    use crate::model::Lang;

    pub(super) fn figure(value: f64, decimals: Decimals, lang: Lang) -> String {
        crate::format::figure(value, decimals, lang)
    }

    pub(super) fn number(value: f64, decimals: u8, lang: Lang) -> String {
        crate::format::number(value, decimals, lang)
    }

    pub(super) fn signed(value: f64, decimals: u8, lang: Lang) -> String {
        crate::format::signed(value, decimals, lang)
    }
}

/// The indicator's name in `lang` (English from the catalog's `name_en`).
pub fn indicator_name(ind: &Indicator, lang: Lang) -> &str {
    match lang {
        Lang::En if !ind.name_en.is_empty() => &ind.name_en,
        _ => &ind.name,
    }
}

/// The unit in `lang` (`unit_en` where given).
pub fn unit(ind: &Indicator, lang: Lang) -> &str {
    match (lang, &ind.unit_en) {
        (Lang::En, Some(u)) => u,
        _ => &ind.unit,
    }
}

pub fn category_name(c: &Category, lang: Lang) -> &str {
    match lang {
        Lang::En => &c.name_en,
        Lang::Vi => &c.name,
    }
}

/// The unit after the number `shown` as `lang` writes it: `unit_en_one` after an English
/// 1 (`1 directive`), else [`unit`] (`2 directives`, `1 chỉ thị`).
pub fn unit_after<'a>(ind: &'a Indicator, shown: &str, lang: Lang) -> &'a str {
    match (&ind.unit_en_one, crate::i18n::plural(lang, shown)) {
        (Some(one), crate::i18n::Plural::One) if lang == Lang::En => one,
        _ => unit(ind, lang),
    }
}

/// The bare number of `obs`. The crate's one call of [`Observation::bare_number`]
/// (`clippy.toml` refuses it elsewhere): whatever prints, places or exports a figure gets
/// its number from here, through [`Figure`].
#[expect(
    clippy::disallowed_methods,
    reason = "values is the one module that reads an observation's bare number"
)]
fn number_of(obs: &Observation) -> f64 {
    obs.bare_number()
}

/// The bare number of a computed figure, for [`DerivedFigure`] alone, for the same reason as
/// [`number_of`].
#[expect(
    clippy::disallowed_methods,
    reason = "values is the one module that reads a derived value's bare number"
)]
fn derived_number(value: &crate::model::derived::DerivedValue) -> f64 {
    value.bare_number()
}

/// Both parts of the share `obs` gives, if it does: the one call of
/// [`crate::model::Fraction::bare_parts`], for the same reason as [`number_of`].
#[expect(
    clippy::disallowed_methods,
    reason = "values is the one module that reads the bare parts of a share"
)]
fn parts_of(obs: &Observation) -> Option<(f64, f64)> {
    obs.fraction.map(|f| f.bare_parts())
}

/// A number as data files (CSV, JSON) write it: exact, never locale-formatted, whole values
/// without `.0`.
fn machine_number(v: f64) -> serde_json::Number {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        serde_json::Number::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).unwrap_or_else(|| serde_json::Number::from(0))
    }
}

/// `khoảng 79.300 tỷ đồng` / `about 79,300 billion VND`: qualifier, number, unit.
fn value_text(ind: &Indicator, obs: &Observation, lang: Lang, i18n: &I18n) -> String {
    let value = number_of(obs);
    let shown = format::figure(value, format::Decimals::of(ind), lang);
    let unit = unit_after(ind, &shown, lang);
    let number = if ind.kind == Kind::Rank {
        let n = format::number(value, 0, lang);
        // A bound on a rank reads as a group: "under rank 15" would sound worse than 15th.
        let bound = match obs.qualifier {
            Qualifier::AtMost => Some("rank_at_most"),
            Qualifier::AtLeast => Some("rank_at_least"),
            _ => None,
        };
        if let Some(key) = bound {
            return match obs.out_of {
                Some(of) => i18n.fill(
                    lang,
                    &format!("{key}_of"),
                    &[("n", &n), ("of", &of.to_string())],
                ),
                None => i18n.fill(lang, key, &[("n", &n)]),
            };
        }
        let rank = match obs.out_of {
            Some(of) => format!("{n}/{of}"),
            None => n,
        };
        if unit.is_empty() {
            rank
        } else {
            format!("{unit} {rank}")
        }
    } else {
        // The number was formatted once, for choosing the unit's form.
        format::unit_after(shown, unit)
    };
    match qualifier_word(obs.qualifier, lang, i18n) {
        Some(q) => format!("{q} {number}"),
        None => number,
    }
}

pub fn qualifier_word(q: Qualifier, lang: Lang, i18n: &I18n) -> Option<&str> {
    let key = match q {
        Qualifier::Exact => return None,
        Qualifier::Approximate => "qualifier_approximate",
        Qualifier::AtLeast => "qualifier_at_least",
        Qualifier::AtMost => "qualifier_at_most",
        Qualifier::Nearly => "qualifier_nearly",
    };
    Some(i18n.t(lang, key))
}

/// The short label of a derived value (`tổng do trang này cộng`) and its explanation; none for
/// a stated one. Every place that shows a figure marks a derived one with these words.
pub fn provenance_words(p: Provenance, lang: Lang, i18n: &I18n) -> Option<(&str, &str)> {
    let (key, explained) = match p {
        Provenance::Stated => return None,
        Provenance::Computed => ("provenance_computed", "provenance_computed_explained"),
        Provenance::Sum => ("provenance_sum", "provenance_sum_explained"),
        Provenance::BackComputed => (
            "provenance_back_computed",
            "provenance_back_computed_explained",
        ),
    };
    Some((i18n.t(lang, key), i18n.t(lang, explained)))
}

/// The mark of a derived value in plain text (charts, tables): `† tổng do trang này cộng`.
pub fn provenance_text(p: Provenance, lang: Lang, i18n: &I18n) -> Option<String> {
    provenance_words(p, lang, i18n).map(|(label, _)| format!("{PROVENANCE_MARK}\u{a0}{label}"))
}

/// The visible mark in front of every derived value's label.
pub const PROVENANCE_MARK: char = '†';

pub fn status_word(s: Status, lang: Lang, i18n: &I18n) -> Option<&str> {
    let key = match s {
        Status::Actual => return None,
        Status::Estimate => "status_estimate",
        Status::Target => "status_target",
    };
    Some(i18n.t(lang, key))
}

/// `2019`, or `2015–2020` for a value that covers a period.
pub fn year_text(obs: &Observation) -> String {
    match obs.from_year {
        Some(from) => format!("{from}–{}", obs.year),
        None => obs.year.to_string(),
    }
}

/// The value with its status in brackets: `khoảng 79.300 tỷ đồng (dự kiến)`.
fn value_with_status(ind: &Indicator, obs: &Observation, lang: Lang, i18n: &I18n) -> String {
    let v = value_text(ind, obs, lang, i18n);
    match status_word(obs.status, lang, i18n) {
        Some(s) => format!("{v} ({s})"),
        None => v,
    }
}

/// `2020`, `2020, dự kiến` or `2017, † do trang này tính`: what goes in brackets after a value
/// wherever it is printed with its year (its status and, for a derived value, its mark).
fn year_status_text(obs: &Observation, lang: Lang, i18n: &I18n) -> String {
    let mut parts = vec![year_text(obs)];
    parts.extend(status_word(obs.status, lang, i18n).map(str::to_string));
    parts.extend(provenance_text(obs.derived, lang, i18n));
    parts.join(", ")
}

/// `2018`, or `2018, † do trang này tính` for a derived value: the year of a figure a sentence
/// names, with its mark, so a computed figure never reads as a stated one.
fn year_provenance_text(obs: &Observation, lang: Lang, i18n: &I18n) -> String {
    match provenance_text(obs.derived, lang, i18n) {
        Some(mark) => format!("{}, {mark}", year_text(obs)),
        None => year_text(obs),
    }
}

/// `khoảng 79.300 tỷ đồng (dự kiến) († do trang này tính)`: a value with its status and, for
/// a derived one, its mark; what a figure shown on its own (a chart label, a sum) prints.
fn value_with_status_and_mark(
    ind: &Indicator,
    obs: &Observation,
    lang: Lang,
    i18n: &I18n,
) -> String {
    let v = value_with_status(ind, obs, lang, i18n);
    match provenance_text(obs.derived, lang, i18n) {
        Some(p) => format!("{v} ({p})"),
        None => v,
    }
}

/// The bare number as the indicator shows it on a point: `79.300`, `0,6712`, `68%` (percent
/// keeps its sign because a bare 68 reads as a count).
fn short_number(ind: &Indicator, value: f64, lang: Lang) -> String {
    let decimals = if ind.kind == Kind::Rank {
        format::Decimals::whole()
    } else {
        format::Decimals::of(ind)
    };
    let n = format::figure(value, decimals, lang);
    if unit(ind, lang) == "%" {
        format!("{n}%")
    } else {
        n
    }
}

/// `572.594/840.932` when the article gives both parts.
pub fn fraction_text(obs: &Observation, lang: Lang) -> Option<String> {
    parts_of(obs).map(|(n, d)| {
        format!(
            "{}/{}",
            format::number(n, 0, lang),
            format::number(d, 0, lang)
        )
    })
}

/// The 1-based number of a source in the site's source list, used as the citation mark.
/// A source's date (`2020-10-04`) as the language writes it: the `date_format` string with
/// `{day}`, `{dd}`, `{mm}`, `{month_name}` (`month_1`…`month_12`) and `{year}`. A date
/// that is not a full ISO date is shown as written.
pub fn date_text(iso: &str, lang: Lang, i18n: &I18n) -> String {
    let mut parts = iso.splitn(3, '-');
    let (Some(year), Some(mm), Some(dd)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_string();
    };
    let (Ok(month), Ok(day)) = (mm.parse::<u8>(), dd.parse::<u8>()) else {
        return iso.to_string();
    };
    let month_key = format!("month_{month}");
    i18n.fill(
        lang,
        "date_format",
        &[
            ("day", &day.to_string()),
            ("dd", dd),
            ("mm", mm),
            ("month_name", i18n.t(lang, &month_key)),
            ("year", year),
        ],
    )
}

/// A date as precisely as it is known: `04/10/2020`, `tháng 10/2020`, `2020`, or the words
/// for an unknown date (`date_unknown`).
pub fn precise_date_text(d: DatePrecision, lang: Lang, i18n: &I18n) -> String {
    match d {
        DatePrecision::Day(..) => date_text(&d.iso_day().unwrap_or_default(), lang, i18n),
        DatePrecision::Month(y, m) => i18n.fill(
            lang,
            "date_format_month",
            &[
                ("mm", &format!("{m:02}")),
                ("month_name", i18n.t(lang, &format!("month_{m}"))),
                ("year", &y.to_string()),
            ],
        ),
        DatePrecision::Year(y) => y.to_string(),
        DatePrecision::Unknown => i18n.t(lang, "date_unknown").to_string(),
    }
}

/// A source's dates for a reader: the publication date as precisely as known, then a
/// labelled access or event date: `không ghi ngày đăng; sự kiện liên quan: 25/10/2020 (…)`.
pub fn source_date_text(src: &Source, lang: Lang, i18n: &I18n) -> String {
    let mut out = precise_date_text(src.date, lang, i18n);
    if let Some(e) = &src.event {
        let label = match lang {
            Lang::En => e.label_en.as_deref().or(e.label.as_deref()),
            Lang::Vi => e.label.as_deref(),
        };
        let date = precise_date_text(e.date, lang, i18n);
        let event = match label {
            Some(l) => format!("{date} ({l})"),
            None => date,
        };
        out.push_str(&i18n.fill(lang, "date_event", &[("date", &event)]));
    }
    if let Some(a) = src.accessed {
        let date = precise_date_text(a, lang, i18n);
        out.push_str(&i18n.fill(lang, "date_accessed", &[("date", &date)]));
    }
    out
}

/// The note of `obs` for a `lang` page and the language it is written in: `note_en` on an
/// English page when there is one, else `note`. Numbers written `{num:45.212}` are formatted
/// for the page (`45,212` on a Vietnamese page, `45.212` on an English one) whatever the
/// language of the words around them.
pub fn note_text(obs: &Observation, lang: Lang, default: Lang) -> Option<(String, Lang)> {
    let (text, written) = match (lang, &obs.note_en) {
        (Lang::En, Some(en)) => (en, Lang::En),
        _ => (obs.note.as_ref()?, default),
    };
    Some((numbers_in(text, lang), written))
}

/// What the figure covers, for a `lang` page: `Phạm vi: ngân sách địa phương`.
pub fn scope_text(obs: &Observation, lang: Lang, i18n: &I18n) -> Option<String> {
    let scope = match (lang, &obs.scope_en) {
        (Lang::En, Some(en)) => en,
        _ => obs.scope.as_ref()?,
    };
    Some(i18n.fill(lang, "scope", &[("scope", &numbers_in(scope, lang))]))
}

/// Replaces every `{num:1234.5}` in `text` with the number as `lang` writes it (as many
/// decimals as written); anything else is left as it is.
pub fn numbers_in(text: &str, lang: Lang) -> String {
    crate::i18n::replace_braced(text, "{num:", |raw| {
        let value: f64 = raw.parse().ok().filter(|v: &f64| v.is_finite())?;
        let decimals = raw.split_once('.').map_or(0, |(_, f)| f.len().min(6) as u8);
        Some(format::number(value, decimals, lang))
    })
}

pub fn citation_number(obs: &Observation) -> usize {
    obs.source.0 + 1
}

/// An indicator of `kind` showing `decimals` decimals with its Vietnamese and English unit,
/// for tests of how figures read.
#[cfg(test)]
fn test_indicator(kind: Kind, decimals: u8, (unit, unit_en): (&str, &str)) -> Indicator {
    Indicator {
        id: "test".into(),
        name: "Chỉ số".into(),
        name_en: "Indicator".into(),
        unit: unit.into(),
        unit_en: Some(unit_en.into()),
        unit_en_one: None,
        kind,
        decimals,
        better: crate::model::Better::None,
        category: crate::model::CategoryRef(0),
        parent: None,
        max: None,
        description: None,
        description_en: None,
        per_100_inhabitants: false,
        trim_zeros: false,
        additive: false,
        aliases: Vec::new(),
        key: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_on_a_rank_reads_as_a_group() {
        use crate::model::{SourceRef, Year};
        let i18n = I18n::embedded();
        let rank = test_indicator(Kind::Rank, 0, ("hạng", "rank"));
        let mut obs = Observation::stated(Year::new(2025).unwrap(), 15.0, SourceRef(0));
        obs.status = Status::Target;
        obs.qualifier = Qualifier::AtMost;
        obs.out_of = Some(63);
        let text = |o: &Observation, lang| value_text(&rank, o, lang, i18n);
        assert_eq!(text(&obs, Lang::Vi), "trong top 15/63");
        assert_eq!(text(&obs, Lang::En), "in the top 15 of 63");
        obs.out_of = None;
        assert_eq!(text(&obs, Lang::Vi), "trong top 15");
        assert_eq!(text(&obs, Lang::En), "in the top 15");
        obs.qualifier = Qualifier::AtLeast;
        assert_eq!(text(&obs, Lang::En), "rank 15 or lower");
        obs.qualifier = Qualifier::Exact;
        obs.out_of = Some(63);
        assert_eq!(text(&obs, Lang::Vi), "hạng 15/63");
        assert_eq!(text(&obs, Lang::En), "rank 15/63");
    }

    #[test]
    fn an_english_count_of_one_takes_the_singular_unit() {
        use crate::model::{SourceRef, Year};
        let i18n = I18n::embedded();
        let directives = Indicator {
            unit_en_one: Some("directive".into()),
            // Directives are counted whole or in halves: no trailing zero.
            trim_zeros: true,
            ..test_indicator(Kind::Count, 1, ("chỉ thị", "directives"))
        };
        let text = |v: f64, lang| {
            let obs = Observation::stated(Year::new(2020).unwrap(), v, SourceRef(0));
            value_text(&directives, &obs, lang, i18n).replace('\u{a0}', " ")
        };
        assert_eq!(text(1.0, Lang::En), "1 directive");
        assert_eq!(text(2.0, Lang::En), "2 directives");
        assert_eq!(text(1.5, Lang::En), "1.5 directives");
        assert_eq!(text(0.0, Lang::En), "0 directives");
        assert_eq!(text(1.0, Lang::Vi), "1 chỉ thị");
        assert_eq!(unit_after(&directives, "+1", Lang::En), "directive");
    }

    #[test]
    fn numbers_in_notes_follow_the_page_language() {
        let note = "{num:45.212} − {num:4.556} = {num:40.656}; {num:627832} thuê bao";
        assert_eq!(
            numbers_in(note, Lang::Vi),
            "45,212 − 4,556 = 40,656; 627.832 thuê bao"
        );
        assert_eq!(
            numbers_in(note, Lang::En),
            "45.212 − 4.556 = 40.656; 627,832 thuê bao"
        );
        assert_eq!(numbers_in("{num:x} {num:", Lang::En), "{num:x} {num:");
    }

    #[test]
    fn dates_follow_the_language() {
        let i18n = I18n::embedded();
        assert_eq!(date_text("2020-10-04", Lang::Vi, i18n), "04/10/2020");
        assert_eq!(date_text("2020-10-04", Lang::En, i18n), "4 October 2020");
        assert_eq!(date_text("2020", Lang::Vi, i18n), "2020");
        assert_eq!(date_text("2020-13-xx", Lang::En, i18n), "2020-13-xx");
    }
}
