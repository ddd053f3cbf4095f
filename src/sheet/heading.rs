//! What one column's header says when a statistics office wrote it: its cells from top to
//! bottom (`Năm 2017 - Ứng dụng CNTT, phát triển CPĐT` over `Xếp hạng`), a year in any of
//! them (`2017`, `Năm 2017`, `năm 2017 (ước)`), the total of a rank (`/63`, `trên 63`), and
//! the remaining words, which name an indicator (by its name or one of its `aliases:`).
//! Everything is compared as slugs, so case, diacritics, punctuation and spaces do not
//! matter.

use super::values::status_of_slug;
use crate::model::{Status, Year};
use crate::slug::slugify;

/// A column header read as a figure's column: year, status, the rank's total, and the
/// words left for the indicator (a slug, empty when the header is only a year).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub year: i64,
    pub status: Status,
    pub out_of: Option<i64>,
    pub indicator: String,
}

/// Reads the header parts of one column (top to bottom, repeats already removed); `None`
/// when no part holds a year.
pub fn figure_heading(parts: &[String]) -> Option<Heading> {
    let mut year = None;
    let mut status = Status::Actual;
    let mut out_of = None;
    let mut words: Vec<String> = Vec::new();
    // A group `Năm` over the years' sub-headers says only that they are years.
    let parts = parts
        .iter()
        .filter(|p| !matches!(slugify(p).as_str(), "nam" | "year" | "years"));
    for part in parts {
        out_of = out_of.or_else(|| total_of(part));
        let mut part_words: Vec<&str> = Vec::new();
        let slug = slugify(&part.replace('/', " / "));
        let mut all: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
        drop_total(&mut all, part.contains('/'));
        let mut i = 0;
        while i < all.len() {
            let w = all[i];
            if year.is_none() && is_year(w) {
                year = w.parse().ok();
                // `năm 2017`, `year 2017`: the word before the year goes with it.
                if matches!(part_words.last(), Some(&"nam" | &"year")) {
                    part_words.pop();
                }
                // `2025 ước tính`, `2025 mục tiêu`, `2025 target`: a status after the year.
                if let Some((s, used)) = status_after(&all[i + 1..]) {
                    status = s;
                    i += used;
                }
            } else {
                part_words.push(w);
            }
            i += 1;
        }
        words.extend(part_words.into_iter().map(str::to_string));
    }
    Some(Heading {
        year: year?,
        status,
        out_of,
        indicator: words.join("-"),
    })
}

fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && word
            .parse::<i64>()
            .is_ok_and(|y| (Year::MIN..=Year::MAX).contains(&y))
}

/// A status written after a year, in one or two words, and how many words it took.
fn status_after(words: &[&str]) -> Option<(Status, usize)> {
    if let [a, b, ..] = words
        && let Some(s) = status_of_slug(&format!("{a}-{b}"))
    {
        return Some((s, 2));
    }
    // `actual` is what a plain year says; only another status is read here.
    let s = status_of_slug(words.first()?)?;
    (s != Status::Actual || words.first() == Some(&"actual")).then_some((s, 1))
}

/// The total a rank is out of, written `/63`, `trên 63`, `trên tổng số 63` or `out of 63`.
pub fn total_of(text: &str) -> Option<i64> {
    for (_, after) in text.match_indices('/').map(|(i, _)| text.split_at(i + 1)) {
        let digits: String = after
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(n) = digits.parse::<i64>()
            && n > 0
        {
            return Some(n);
        }
    }
    let slug = slugify(text);
    let words: Vec<&str> = slug.split('-').collect();
    total_at(&words).map(|(n, _, _)| n)
}

/// Where a total is among slug words: (total, first word, words used).
fn total_at(words: &[&str]) -> Option<(i64, usize, usize)> {
    const LEADS: [&[&str]; 3] = [&["tren", "tong", "so"], &["tren"], &["out", "of"]];
    for i in 0..words.len() {
        for lead in LEADS {
            let end = i + lead.len();
            if words.get(i..end) == Some(lead)
                && let Some(n) = words.get(end).and_then(|w| w.parse::<i64>().ok())
                && n > 0
                && !is_year(words[end])
            {
                return Some((n, i, lead.len() + 1));
            }
        }
    }
    None
}

/// Removes the words of a total (`tren 63`) from a header's words, and the number of a
/// `/63` when the header has a slash.
fn drop_total(words: &mut Vec<&str>, slash: bool) {
    if let Some((_, from, used)) = total_at(words) {
        words.drain(from..from + used);
    }
    // `Xếp hạng /63` → `xep-hang-63`: a bare number after a slash is a total, not a name.
    if let Some(last) = words.last()
        && slash
        && last.bytes().all(|b| b.is_ascii_digit())
        && !is_year(last)
    {
        words.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(parts: &[&str]) -> Option<Heading> {
        figure_heading(&parts.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn a_year_in_any_form() {
        for (parts, year, status) in [
            (&["2017"][..], 2017, Status::Actual),
            (&["Năm 2017"], 2017, Status::Actual),
            (&["năm 2017 (ước)"], 2017, Status::Estimate),
            (&["2025 target"], 2025, Status::Target),
            (&["Năm 2025 - kế hoạch"], 2025, Status::Target),
            (&["2024 ước tính"], 2024, Status::Estimate),
        ] {
            let h = heading(parts).unwrap();
            assert_eq!((h.year, h.status), (year, status), "{parts:?}");
            assert_eq!(h.indicator, "", "{parts:?}");
        }
        let h = heading(&["Năm", "2017"]).unwrap();
        assert_eq!((h.year, h.indicator.as_str()), (2017, ""));
        assert_eq!(heading(&["Xếp hạng"]), None);
        assert_eq!(heading(&["1850"]), None);
    }

    #[test]
    fn group_over_sub_header_names_the_indicator() {
        let h = heading(&["Năm 2017 - Ứng dụng CNTT, phát triển CPĐT", "Xếp hạng"]).unwrap();
        assert_eq!(h.year, 2017);
        assert_eq!(
            h.indicator,
            slugify("Ứng dụng CNTT, phát triển CPĐT / Xếp hạng")
        );
        let h = heading(&["Chỉ số DTI", "năm 2022 (ước)"]).unwrap();
        assert_eq!((h.year, h.status), (2022, Status::Estimate));
        assert_eq!(h.indicator, "chi-so-dti");
    }

    #[test]
    fn the_total_of_a_rank() {
        let h = heading(&["Năm 2022", "Xếp hạng /63"]).unwrap();
        assert_eq!((h.out_of, h.indicator.as_str()), (Some(63), "xep-hang"));
        let h = heading(&["Năm 2022", "Xếp hạng trên 63 tỉnh"]).unwrap();
        assert_eq!(
            (h.out_of, h.indicator.as_str()),
            (Some(63), "xep-hang-tinh")
        );
        assert_eq!(
            total_of("(Xếp hạng trên tổng số 63 tỉnh, thành phố)"),
            Some(63)
        );
        assert_eq!(total_of("Rank out of 34"), Some(34));
        assert_eq!(total_of("Chỉ số DTI / Xếp hạng /63"), Some(63));
        let h = heading(&["Năm 2022 - Chỉ số DTI / Xếp hạng /63"]).unwrap();
        assert_eq!(
            (h.out_of, h.indicator.as_str()),
            (Some(63), "chi-so-dti-xep-hang")
        );
        assert_eq!(total_of("Đơn vị: điểm"), None);
        assert_eq!(heading(&["2017"]).unwrap().out_of, None);
    }
}
