//! A figure as a reader sees it: qualifier, number, unit, status, and its citation.

use crate::content::raw::{Kind, Qualifier, Status};
use crate::format::{self, Lang};
use crate::model::{Indicator, Observation};

/// `khoảng 79.300 tỷ đồng` (the qualifier words come before the number, as in the articles).
pub fn value_text(ind: &Indicator, obs: &Observation, lang: Lang) -> String {
    let number = if ind.kind == Kind::Rank {
        let n = format::number(obs.value, 0, lang);
        let rank = match obs.out_of {
            Some(of) => format!("{n}/{of}"),
            None => n,
        };
        if ind.unit.is_empty() { rank } else { format!("{} {rank}", ind.unit) }
    } else {
        format::with_unit(obs.value, ind.decimals, &ind.unit, lang)
    };
    match qualifier_word(obs.qualifier) {
        Some(q) => format!("{q} {number}"),
        None => number,
    }
}

pub fn qualifier_word(q: Qualifier) -> Option<&'static str> {
    match q {
        Qualifier::Exact => None,
        Qualifier::Approximate => Some("khoảng"),
        Qualifier::AtLeast => Some("hơn"),
        Qualifier::AtMost => Some("dưới"),
    }
}

pub fn status_word(s: Status) -> Option<&'static str> {
    match s {
        Status::Actual => None,
        Status::Estimate => Some("dự kiến"),
        Status::Target => Some("mục tiêu"),
    }
}

/// `2019`, or `2015–2020` for a value that covers a period.
pub fn year_text(obs: &Observation) -> String {
    match obs.from_year {
        Some(from) => format!("{from}–{}", obs.year),
        None => obs.year.to_string(),
    }
}

/// The value with its status in brackets: `khoảng 79.300 tỷ đồng (dự kiến)`.
pub fn value_with_status(ind: &Indicator, obs: &Observation, lang: Lang) -> String {
    let v = value_text(ind, obs, lang);
    match status_word(obs.status) {
        Some(s) => format!("{v} ({s})"),
        None => v,
    }
}

/// `572.594/840.932` when the article gives both parts.
pub fn fraction_text(obs: &Observation, lang: Lang) -> Option<String> {
    obs.fraction.map(|f| {
        format!(
            "{}/{}",
            format::number(f.numerator, 0, lang),
            format::number(f.denominator, 0, lang)
        )
    })
}

/// The 1-based number of a source in the site's source list, used as the citation mark.
pub fn citation_number(obs: &Observation) -> usize {
    obs.source.0 + 1
}
