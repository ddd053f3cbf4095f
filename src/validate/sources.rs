//! `content/sources.yaml`: the articles every figure comes from, and their dates.

use super::*;

pub(super) fn sources(doc: &Doc<Vec<RawSource>>, diags: &mut Vec<Diagnostic>) -> Vec<Source> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, s) in doc.value.iter().enumerate() {
        let at = |field: &str, msg: String| {
            Diagnostic::at(&doc.source, doc.spans.value(&format!("{i}/{field}")), msg)
        };
        if !is_id(&s.id) {
            diags.push(
                at("id", format!("source id `{}` is not a valid id", s.id))
                    .with_hint("use lowercase ASCII letters, digits and `-`, e.g. vinh-phuc-2020"),
            );
        }
        if !seen.insert(s.id.as_str()) {
            diags.push(
                at("id", format!("source `{}` is defined twice", s.id))
                    .with_hint("remove or rename one of them"),
            );
            continue;
        }
        if s.title.trim().is_empty() {
            diags.push(
                at("title", "source title is empty".into()).with_hint("give the article's title"),
            );
        }
        if let Some(url) = &s.url
            && (!(url.starts_with("https://") || url.starts_with("http://"))
                || url.contains(char::is_whitespace))
        {
            diags.push(
                at(
                    "url",
                    format!("source URL `{url}` is not an http(s) address"),
                )
                .with_hint(
                    "give the article's web address starting with https://, or remove `url`",
                ),
            );
        }
        let year = parse_date(&s.date);
        if year.is_none() {
            diags.push(
                at("date", format!("`{}` is not a date", s.date))
                    .with_hint("write the publication date as YYYY-MM-DD, e.g. 2020-10-04"),
            );
        }
        // A source with a bad date stays known, so that every reference to it is not reported
        // as unknown too; the latest year blames no figure on a date we cannot read.
        let Some(year) = year.or_else(|| Year::new(Year::MAX)) else {
            continue;
        };
        out.push(Source {
            id: s.id.clone(),
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            date: s.date.clone(),
            year,
            author: s.author.clone(),
            url: s
                .url
                .clone()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        });
    }
    out
}

/// Checks `YYYY-MM-DD` (with a real month length) and returns the year.
pub(super) fn parse_date(s: &str) -> Option<Year> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s[..4].parse().ok()?;
    let m: u32 = s[5..7].parse().ok()?;
    let d: u32 = s[8..10].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let ok = (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize];
    ok.then(|| Year::new(y)).flatten()
}
