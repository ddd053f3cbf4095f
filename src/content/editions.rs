//! Which Markdown files of a province folder are dated editions (`2018.md`, with
//! `2018.en.md`), and a located error for each file named like one that is not.

use std::fs;
use std::path::Path;

use super::split_lang;
use crate::diagnostic::Diagnostic;
use crate::model::Year;

/// The years of the dated summaries (`2020.md`) in a province folder, newest first. A
/// Markdown file named like an edition that is not one (`0000.md`, `02018.md`, `2018-01.md`,
/// `٢٠١٨.md`, `2018.en.md` without `2018.md`) is reported: it would otherwise be left out
/// without a word. `rel` is the folder relative to the site root, for the messages.
pub(super) fn edition_years(dir: &Path, rel: &Path, diags: &mut Vec<Diagnostic>) -> Vec<u16> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort_unstable();
    let mut years: Vec<u16> = Vec::new();
    for name in &names {
        let Some(stem) = name.strip_suffix(".md") else {
            continue;
        };
        match edition_name(stem, |base| {
            names.iter().any(|n| *n == format!("{base}.md"))
        }) {
            EditionName::Edition(year) => years.push(year),
            EditionName::Other => {}
            EditionName::Wrong(message, hint) => {
                diags.push(Diagnostic::error(rel.join(name), message).with_hint(hint));
            }
        }
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    years
}

/// What a Markdown file of a province folder is, by its stem.
#[derive(Debug, PartialEq)]
enum EditionName {
    /// `2018.md`: a dated edition of that year.
    Edition(u16),
    /// Not an edition: `index.md`, a translation with its main file, a file of another name.
    Other,
    /// Named like an edition but not one: the message and the hint.
    Wrong(String, String),
}

/// Classifies `stem` (`2018`, `2018.en`, `index`); `exists(base)` says whether `base.md` is
/// in the folder too.
fn edition_name(stem: &str, exists: impl Fn(&str) -> bool) -> EditionName {
    let (base, lang) = split_lang(stem);
    let hint = || {
        format!(
            "name a dated edition with its four-digit year, from {} to {}, e.g. `2018.md` \
             (and its English text `2018.en.md`)",
            Year::MIN,
            Year::MAX
        )
    };
    if base.len() == 4 && base.bytes().all(|b| b.is_ascii_digit()) {
        let year: i64 = base.parse().unwrap_or_default();
        return match (Year::new(year), lang) {
            (None, _) => EditionName::Wrong(
                format!(
                    "`{stem}.md` is named as an edition of {base}, a year outside {}–{}",
                    Year::MIN,
                    Year::MAX
                ),
                hint(),
            ),
            (Some(y), None) => EditionName::Edition(y.get()),
            (Some(_), Some(_)) if exists(base) => EditionName::Other,
            (Some(_), Some(lang)) => EditionName::Wrong(
                format!("`{stem}.md` translates an edition, but there is no `{base}.md`"),
                format!(
                    "add `{base}.md` (the edition in the main language) beside it, or rename \
                     this file if it is the {} text of `index.md` (`index.{}.md`)",
                    lang.code(),
                    lang.code()
                ),
            ),
        };
    }
    if base.chars().next().is_some_and(char::is_numeric) {
        return EditionName::Wrong(
            format!("`{stem}.md` looks like a dated edition, but editions are named `YYYY.md`"),
            hint(),
        );
    }
    EditionName::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(stem: &str) -> EditionName {
        edition_name(stem, |base| base == "2018")
    }

    #[test]
    fn only_four_digit_years_in_range_and_their_translations_are_editions() {
        assert_eq!(classify("2018"), EditionName::Edition(2018));
        assert_eq!(classify("2018.en"), EditionName::Other);
        assert_eq!(classify("index"), EditionName::Other);
        assert_eq!(classify("ghi-chu"), EditionName::Other);
        for wrong in [
            "0000", "9999", "02018", "2018-01", "٢٠١٨", "2019.en", "2018.fr",
        ] {
            assert!(
                matches!(classify(wrong), EditionName::Wrong(..)),
                "{wrong}: {:?}",
                classify(wrong)
            );
        }
    }
}
