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
        for (field, text) in [
            ("publisher_en", &s.publisher_en),
            ("author_en", &s.author_en),
        ] {
            if text.as_deref().is_some_and(|t| t.trim().is_empty()) {
                diags.push(at(field, format!("`{field}` is empty")).with_hint(
                    "give the English name (a person's name as it is written), or remove the field",
                ));
            }
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
        let mut date_at = |field: &str, text: &Option<String>| match text.as_deref() {
            None | Some("unknown") => Some(DatePrecision::Unknown),
            Some(t) => {
                let d = parse_date(t);
                if d.is_none() {
                    diags.push(at(field, format!("`{t}` is not a date")).with_hint(
                        "write YYYY-MM-DD, YYYY-MM or YYYY (as precisely as the source says), or null when it has no date",
                    ));
                }
                d
            }
        };
        let date = date_at("date", &s.date);
        let accessed = date_at("accessed", &s.accessed).filter(|d| *d != DatePrecision::Unknown);
        let event = s.event.as_ref().and_then(|e| {
            Some(OtherDate {
                date: date_at("event/date", &e.date)?,
                label: Some(e.label.clone()),
                label_en: e.label_en.clone(),
            })
        });
        // A source with a bad or unknown date stays known, so that every reference to it is
        // not reported as unknown too; the latest year blames no figure on a missing date.
        let Some(year) = date
            .and_then(DatePrecision::year)
            .or_else(|| Year::new(Year::MAX))
        else {
            continue;
        };
        out.push(Source {
            id: s.id.clone(),
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            date: date.unwrap_or(DatePrecision::Unknown),
            year,
            accessed,
            event,
            author: s.author.clone(),
            publisher_en: s.publisher_en.clone().filter(|t| !t.trim().is_empty()),
            author_en: s.author_en.clone().filter(|t| !t.trim().is_empty()),
            url: s
                .url
                .clone()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        });
    }
    out
}

/// Reads `YYYY-MM-DD` (with a real month length), `YYYY-MM` or `YYYY`.
pub(super) fn parse_date(s: &str) -> Option<DatePrecision> {
    let mut parts = s.split('-');
    let y = parts.next().filter(|p| p.len() == 4)?;
    let year = Year::new(y.parse().ok()?)?;
    let Some(mm) = parts.next() else {
        return Some(DatePrecision::Year(year));
    };
    let m: u8 = mm.parse().ok().filter(|_| mm.len() == 2)?;
    if !(1..=12).contains(&m) {
        return None;
    }
    let Some(dd) = parts.next() else {
        return Some(DatePrecision::Month(year, m));
    };
    if parts.next().is_some() || dd.len() != 2 {
        return None;
    }
    let d: u8 = dd.parse().ok()?;
    let y = i64::from(year.get());
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
    (d >= 1 && d <= days[usize::from(m - 1)]).then_some(DatePrecision::Day(year, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn read(yaml: &str) -> (Vec<Source>, Vec<Diagnostic>) {
        let source = crate::diagnostic::SourceText::new("content/sources.yaml", yaml);
        let parsed = crate::yaml::parse::<Vec<RawSource>>(&source).unwrap();
        let doc = Doc {
            source,
            value: parsed.value,
            spans: parsed.spans,
        };
        let mut diags = Vec::new();
        let out = sources(&doc, &mut diags);
        (out, diags)
    }

    #[test]
    fn english_names_are_read_and_an_empty_one_is_located() {
        let (out, diags) = read(
            "- {id: a, title: T, publisher: Báo Thử, publisher_en: Test Newspaper, author: Phóng viên, author_en: Staff reporter}\n\
             - {id: b, title: T, publisher: P, publisher_en: \" \"}\n",
        );
        assert_eq!(out[0].publisher_in(Lang::En), "Test Newspaper");
        assert_eq!(out[0].publisher_in(Lang::Vi), "Báo Thử");
        assert_eq!(out[0].author_in(Lang::En), Some("Staff reporter"));
        assert_eq!(out[0].publisher_lang(Lang::En, Lang::Vi), Lang::En);
        // An empty English name is an error at its line, and the page keeps the other one.
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("`publisher_en` is empty"));
        assert_eq!(diags[0].position.map(|p| p.line), Some(2));
        assert_eq!(out[1].publisher_in(Lang::En), "P");
        assert_eq!(out[1].publisher_lang(Lang::En, Lang::Vi), Lang::Vi);
    }
}
