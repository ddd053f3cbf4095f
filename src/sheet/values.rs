//! Cell contents as the data needs them: numbers written plainly, whole years, the words
//! of `status` and `qualifier`. A cell that is not what its column holds is a problem at
//! that cell.

use serde::de::DeserializeOwned;

use super::Problem;
use super::read::{Cell, CellRef};
use crate::model::Status;

/// A value and the cell it came from.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub at: CellRef,
}

/// The cell as text (numbers as written, `3` not `3.0`); `None` when empty.
pub fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty | Cell::Unreadable => None,
        Cell::Number(n) => Some(n.to_string()),
        Cell::Text(t) | Cell::Other(t) => Some(t.clone()),
    }
}

const NUMBER_HINT: &str = "write a plain number without thousands separators, units or %, e.g. 3566 or 45.212 (a percent is the number of percent: 45 for 45%)";

/// A number cell, or text that is a plain number (`3566`, `45.212`, `-1.5e3`). Text with a
/// comma is refused: `3.566,5` and `3,566` mean different things in different locales. So is
/// text a figure cannot keep: too large (`1e400`), rounding to zero (`1e-400`), or an integer
/// past 2^53 that would lose digits.
pub fn number(cell: &Cell, at: CellRef, problems: &mut Vec<Problem>) -> Option<Located<f64>> {
    let value = match cell {
        Cell::Empty | Cell::Unreadable => return None,
        Cell::Number(n) => *n,
        Cell::Text(t) => match plain_number(t) {
            Ok(n) => n,
            Err(why) => {
                let message = match why {
                    NotKept::NotANumber => format!("`{t}` is not a number"),
                    NotKept::TooLarge => format!("`{t}` is too large for a figure"),
                    NotKept::RoundsToZero => {
                        format!("`{t}` is too small for a figure: it would become 0")
                    }
                    NotKept::LosesDigits => {
                        format!("`{t}` has more digits than a figure can keep exactly")
                    }
                };
                problems.push(Problem::error(at, message, NUMBER_HINT));
                return None;
            }
        },
        Cell::Other(what) => {
            problems.push(Problem::error(
                at,
                format!("{what} where a number belongs"),
                NUMBER_HINT,
            ));
            return None;
        }
    };
    Some(Located { value, at })
}

/// Why text is not a figure.
#[derive(Debug, PartialEq)]
enum NotKept {
    NotANumber,
    TooLarge,
    RoundsToZero,
    LosesDigits,
}

/// From this integer on (2^53), an f64 may have lost digits of the number written.
const EXACT_INTEGERS: u128 = 1 << 53;

fn plain_number(t: &str) -> Result<f64, NotKept> {
    let ok = t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    let n: f64 = match ok.then(|| t.parse().ok()).flatten() {
        Some(n) => n,
        None => return Err(NotKept::NotANumber),
    };
    let mantissa = t.split(['e', 'E']).next().unwrap_or_default();
    let whole = !t.contains(['.', 'e', 'E']);
    if !n.is_finite() {
        Err(NotKept::TooLarge)
    } else if n == 0.0 && mantissa.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        Err(NotKept::RoundsToZero)
    } else if whole
        && !t
            .parse::<i128>()
            .is_ok_and(|i| i.unsigned_abs() < EXACT_INTEGERS)
    {
        Err(NotKept::LosesDigits)
    } else {
        Ok(n)
    }
}

/// A whole number (a year, a rank's size).
pub fn integer(cell: &Cell, at: CellRef, problems: &mut Vec<Problem>) -> Option<Located<i64>> {
    let n = number(cell, at, problems)?;
    if n.value.fract() != 0.0 || n.value.abs() > 1e15 {
        problems.push(Problem::error(
            at,
            format!("{} is not a whole number", n.value),
            "write a whole number, such as the four-digit year 2024",
        ));
        return None;
    }
    Some(Located {
        value: n.value as i64,
        at,
    })
}

/// An enumeration word as metrics.yaml writes it (`estimate`, `at_least`); case, spaces
/// and dashes are forgiven.
pub fn enum_word<T: DeserializeOwned>(word: &str) -> Option<T> {
    let word = crate::slug::slugify(word).replace('-', "_");
    serde_json::from_value(serde_json::Value::String(word)).ok()
}

/// The word metrics.yaml writes for an enumeration value.
pub fn word_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A status in English as metrics.yaml writes it, or in Vietnamese (`thực hiện`,
/// `ước tính`, `mục tiêu`, `kế hoạch`), as a slug.
pub fn status_of_slug(slug: &str) -> Option<Status> {
    match slug {
        "thuc-hien" => Some(Status::Actual),
        "uoc-tinh" | "uoc" | "du-kien" => Some(Status::Estimate),
        "muc-tieu" | "ke-hoach" => Some(Status::Target),
        word => enum_word(word),
    }
}

/// A `status` cell: empty is `actual`.
pub fn status_word(cell: &Cell, at: CellRef, problems: &mut Vec<Problem>) -> Option<Status> {
    let Some(word) = text(cell) else {
        return Some(Status::Actual);
    };
    let status = status_of_slug(&crate::slug::slugify(&word));
    if status.is_none() {
        problems.push(Problem::error(
            at,
            format!("unknown status `{word}`"),
            "use actual, estimate or target (or leave it empty for actual)",
        ));
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Qualifier;

    const AT: CellRef = CellRef {
        table: 0,
        row: 2,
        col: 3,
    };

    #[test]
    fn plain_numbers_only() {
        let mut p = Vec::new();
        let n =
            |t: &str, p: &mut Vec<Problem>| number(&Cell::Text(t.into()), AT, p).map(|l| l.value);
        assert_eq!(n("3566", &mut p), Some(3566.0));
        assert_eq!(n("45.212", &mut p), Some(45.212));
        assert_eq!(n("-1.5e3", &mut p), Some(-1500.0));
        assert!(p.is_empty());
        for bad in ["3,566", "45%", "inf", "NaN", "khoảng 5", "1.2.3", "-"] {
            assert_eq!(n(bad, &mut p), None, "{bad}");
        }
        assert_eq!(p.len(), 7);
        assert_eq!(number(&Cell::Empty, AT, &mut p).map(|l| l.value), None);
        assert_eq!(p.len(), 7);
    }

    #[test]
    fn text_a_figure_cannot_keep_is_refused() {
        assert_eq!(plain_number("1e400"), Err(NotKept::TooLarge));
        assert_eq!(plain_number("-1e400"), Err(NotKept::TooLarge));
        assert_eq!(plain_number("1e-400"), Err(NotKept::RoundsToZero));
        assert_eq!(plain_number("0.000e-400"), Ok(0.0));
        assert_eq!(plain_number("9007199254740993"), Err(NotKept::LosesDigits));
        assert_eq!(plain_number("9007199254740992"), Err(NotKept::LosesDigits));
        assert_eq!(plain_number("9007199254740991"), Ok(9007199254740991.0));
        assert_eq!(plain_number("-0"), Ok(0.0));
        assert_eq!(plain_number("1.5e20"), Ok(1.5e20));
    }

    #[test]
    fn enumeration_words() {
        assert_eq!(enum_word::<Status>("Estimate"), Some(Status::Estimate));
        assert_eq!(enum_word::<Qualifier>("at least"), Some(Qualifier::AtLeast));
        assert_eq!(enum_word::<Qualifier>("about"), None);
        assert_eq!(word_of(&Qualifier::AtMost), "at_most");
        assert_eq!(status_of_slug("muc-tieu"), Some(Status::Target));
        assert_eq!(status_of_slug("estimate"), Some(Status::Estimate));
        assert_eq!(status_of_slug("maybe"), None);
    }

    #[test]
    fn years_are_whole() {
        let mut p = Vec::new();
        assert_eq!(
            integer(&Cell::Number(2024.0), AT, &mut p).map(|l| l.value),
            Some(2024)
        );
        assert!(integer(&Cell::Number(2024.5), AT, &mut p).is_none());
        assert_eq!(p.len(), 1);
    }
}
