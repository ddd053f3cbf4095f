//! The two layouts a sheet may have, told apart by its header row, and the observations
//! each data row gives.
//!
//! - **long**: one row per observation, with `province`, `indicator`, `year`, `value` and
//!   optional `status`, `qualifier`, `source`, `note`, `note_en`, `numerator`, `denominator`,
//!   `from_year`, `out_of` columns.
//! - **wide**: provinces as rows, one column per year (`2020`, or `2025 target` for a
//!   status other than actual), optional `indicator` and `source` columns.
//!
//! Without an `indicator` column the sheet's name (a CSV file's name) is the indicator.
//! The header is the first row, among the first ten, that has a `province` column; rows
//! above it (a title) are skipped. Headers may be in English or Vietnamese, with or
//! without diacritics (`tỉnh`, `chỉ số`, `năm`, `giá trị`, `nguồn`, `ghi chú`).

use std::collections::HashMap;

use super::Problem;
use super::read::{Cell, CellRef, Table};
use super::values::{Located, integer, number, status_of_slug, status_word, text};
use crate::model::{Qualifier, Status};
use crate::slug::slugify;

/// One observation a sheet gives.
#[derive(Debug, Clone)]
pub struct Entry {
    pub province: Located<String>,
    pub indicator: Located<String>,
    /// The indicator came from the sheet's (or file's) name, not from a cell.
    pub indicator_from_name: bool,
    pub year: Located<i64>,
    pub status: Status,
    pub value: Located<f64>,
    pub qualifier: Option<Located<Qualifier>>,
    pub source: Option<Located<String>>,
    pub note: Option<Located<String>>,
    pub note_en: Option<Located<String>>,
    pub numerator: Option<Located<f64>>,
    pub denominator: Option<Located<f64>>,
    pub from_year: Option<Located<i64>>,
    pub out_of: Option<Located<i64>>,
}

/// What a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Province,
    Indicator,
    Year,
    Value,
    Status,
    Qualifier,
    Source,
    Note,
    NoteEn,
    Numerator,
    Denominator,
    FromYear,
    OutOf,
    /// Shown to help whoever fills the sheet (`indicator_name`, `unit`); not imported.
    Info,
    /// A wide layout's year column.
    YearValue(i64, Status),
}

/// The header names each column accepts, as slugs (`from_year` → `from-year`).
const NAMES: &[(Column, &[&str])] = &[
    (
        Column::Province,
        &["province", "tinh", "tinh-thanh", "tinh-thanh-pho"],
    ),
    (Column::Indicator, &["indicator", "chi-so", "ma-chi-so"]),
    (Column::Year, &["year", "nam"]),
    (Column::Value, &["value", "gia-tri", "so-lieu"]),
    (Column::Status, &["status", "trang-thai"]),
    (Column::Qualifier, &["qualifier", "muc-chinh-xac"]),
    (Column::Source, &["source", "nguon"]),
    (Column::Note, &["note", "ghi-chu"]),
    (
        Column::NoteEn,
        &["note-en", "ghi-chu-en", "ghi-chu-tieng-anh"],
    ),
    (Column::Numerator, &["numerator", "tu-so"]),
    (Column::Denominator, &["denominator", "mau-so"]),
    (Column::FromYear, &["from-year", "tu-nam"]),
    (Column::OutOf, &["out-of", "tren-tong-so"]),
    (
        Column::Info,
        &[
            "indicator-name",
            "ten-chi-so",
            "unit",
            "don-vi",
            "don-vi-tinh",
        ],
    ),
];

const COLUMNS_HINT: &str = "the columns are province, indicator, year, value, status, qualifier, source, note, note_en, numerator, denominator, from_year, out_of (long layout) or province, indicator, source and one column per year such as 2024 or `2025 target` (wide layout); see docs/import.md";

fn column_of(cell: &Cell) -> Option<Column> {
    let slug = match cell {
        Cell::Number(n) if n.fract() == 0.0 && (1000.0..10000.0).contains(n) => {
            return Some(Column::YearValue(*n as i64, Status::Actual));
        }
        Cell::Text(t) => slugify(t),
        _ => return None,
    };
    if let Some((c, _)) = NAMES
        .iter()
        .find(|(_, names)| names.contains(&slug.as_str()))
    {
        return Some(*c);
    }
    // `2024`, `năm 2024`, `2025 target`, `2025 mục tiêu`.
    let slug = slug.strip_prefix("nam-").unwrap_or(&slug);
    let (year, rest) = slug.split_at(slug.find('-').unwrap_or(slug.len()));
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let status = match rest.trim_start_matches('-') {
        "" => Status::Actual,
        word => status_of_slug(word)?,
    };
    Some(Column::YearValue(year.parse().ok()?, status))
}

/// A table's header: which column is what, and where the header row is.
struct Header {
    row: usize,
    columns: Vec<Option<Column>>,
    by_kind: HashMap<Column, usize>,
}

/// Finds the header row: the first of the first ten non-empty rows with a province column.
fn find_header(table: &Table, t: usize, problems: &mut Vec<Problem>) -> Option<Header> {
    let non_empty = table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.iter().any(|c| *c != Cell::Empty));
    let mut first = None;
    for (r, row) in non_empty.take(10) {
        first.get_or_insert(r);
        let columns: Vec<Option<Column>> = row.iter().map(column_of).collect();
        if !columns.contains(&Some(Column::Province)) {
            continue;
        }
        let mut by_kind = HashMap::new();
        for (c, col) in columns.iter().enumerate() {
            let at = table.at(t, r, c);
            match (col, table.cell(r, c)) {
                (None, Cell::Empty) => {}
                (None, cell) => problems.push(Problem::error(
                    at,
                    format!("unknown column `{}`", shown(cell)),
                    COLUMNS_HINT,
                )),
                (Some(k), _) => {
                    if by_kind.insert(*k, c).is_some() && *k != Column::Info {
                        problems.push(Problem::error(
                            at,
                            format!("a second `{}` column", shown(table.cell(r, c))),
                            "keep one column of each kind: delete or rename this one",
                        ));
                    }
                }
            }
        }
        return Some(Header {
            row: r,
            columns,
            by_kind,
        });
    }
    let at = table.at(t, first?, 0);
    problems.push(Problem::error(
        at,
        "no header row with a `province` column",
        "the first row names the columns: province, then indicator, year, value (long layout) or one column per year (wide layout); see docs/import.md",
    ));
    None
}

fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty | Cell::Unreadable => String::new(),
        Cell::Number(n) => n.to_string(),
        Cell::Text(t) | Cell::Other(t) => t.clone(),
    }
}

/// Reads the observations of table `t`. `name` names the indicator when the sheet has no
/// indicator column (the sheet's name, or the CSV file's stem).
pub fn entries(table: &Table, t: usize, name: &str, problems: &mut Vec<Problem>) -> Vec<Entry> {
    let before = problems.len();
    let Some(header) = find_header(table, t, problems) else {
        return Vec::new();
    };
    // An unknown column may be the one meant for values: then the layout is not told.
    let mut problems_if_header_ok = Vec::new();
    let layout_problems = if problems.len() == before {
        &mut *problems
    } else {
        &mut problems_if_header_ok
    };
    let long = header.by_kind.contains_key(&Column::Value);
    let years: Vec<(usize, i64, Status)> = header
        .columns
        .iter()
        .enumerate()
        .filter_map(|(c, col)| match col {
            Some(Column::YearValue(y, s)) => Some((c, *y, *s)),
            _ => None,
        })
        .collect();
    let header_at = table.at(t, header.row, 0);
    if long && !years.is_empty() {
        layout_problems.push(Problem::error(
            table.at(t, header.row, years[0].0),
            "a year column in a sheet with a `value` column",
            "use one layout per sheet: either a `year` and a `value` column (long) or one column per year (wide)",
        ));
        return Vec::new();
    }
    if long && !header.by_kind.contains_key(&Column::Year) {
        layout_problems.push(Problem::error(
            header_at,
            "the sheet has a `value` column but no `year` column",
            "add a `year` column (long layout: one row per province, indicator and year)",
        ));
        return Vec::new();
    }
    if !long && years.is_empty() {
        layout_problems.push(Problem::error(
            header_at,
            "the header has neither a `value` column nor year columns",
            COLUMNS_HINT,
        ));
        return Vec::new();
    }
    unnamed_columns(table, t, &header, problems);
    let mut out = Vec::new();
    for r in header.row + 1..table.rows.len() {
        let row = Row {
            table,
            t,
            r,
            header: &header,
            name,
        };
        if long {
            out.extend(row.long(problems));
        } else {
            for &(c, year, status) in &years {
                out.extend(row.wide(c, year, status, problems));
            }
        }
    }
    out
}

/// Values under an empty header cell would be lost without a word: one problem per such
/// column, at its first value.
fn unnamed_columns(table: &Table, t: usize, header: &Header, problems: &mut Vec<Problem>) {
    let mut reported = std::collections::HashSet::new();
    for (r, row) in table.rows.iter().enumerate().skip(header.row + 1) {
        for (c, cell) in row.iter().enumerate() {
            let named = header.columns.get(c).copied().flatten().is_some()
                || *table.cell(header.row, c) != Cell::Empty;
            if !named && *cell != Cell::Empty && reported.insert(c) {
                problems.push(Problem::error(
                    table.at(t, r, c),
                    "a value in a column without a header",
                    "name the column in the header row, or delete its values",
                ));
            }
        }
    }
}

/// One data row of a table.
struct Row<'a> {
    table: &'a Table,
    t: usize,
    r: usize,
    header: &'a Header,
    name: &'a str,
}

impl Row<'_> {
    fn at(&self, c: usize) -> CellRef {
        self.table.at(self.t, self.r, c)
    }

    fn cell(&self, kind: Column) -> Option<(&Cell, CellRef)> {
        let c = *self.header.by_kind.get(&kind)?;
        Some((self.table.cell(self.r, c), self.at(c)))
    }

    fn text(&self, kind: Column) -> Option<Located<String>> {
        let (cell, at) = self.cell(kind)?;
        text(cell).map(|value| Located { value, at })
    }

    fn number(&self, kind: Column, problems: &mut Vec<Problem>) -> Option<Located<f64>> {
        let (cell, at) = self.cell(kind)?;
        number(cell, at, problems)
    }

    fn integer(&self, kind: Column, problems: &mut Vec<Problem>) -> Option<Located<i64>> {
        let (cell, at) = self.cell(kind)?;
        integer(cell, at, problems)
    }

    /// The province and indicator of the row; a problem when either is missing.
    fn who(
        &self,
        value_at: CellRef,
        problems: &mut Vec<Problem>,
    ) -> Option<(Located<String>, Located<String>, bool)> {
        let province = self.text(Column::Province);
        let indicator = match self.cell(Column::Indicator) {
            Some((cell, at)) => text(cell).map(|value| (Located { value, at }, false)),
            None => Some((
                Located {
                    value: self.name.to_string(),
                    at: self.table.at(self.t, self.header.row, 0),
                },
                true,
            )),
        };
        let missing = |kind: Column, what: &str, problems: &mut Vec<Problem>| {
            let at = self.cell(kind).map_or(value_at, |(_, at)| at);
            problems.push(Problem::error(
                at,
                format!("a value without {what}"),
                format!("fill in the {what} of this row, or clear its values"),
            ));
        };
        match (province, indicator) {
            (Some(p), Some((i, from_name))) => Some((p, i, from_name)),
            (None, _) => {
                missing(Column::Province, "province", problems);
                None
            }
            (_, None) => {
                missing(Column::Indicator, "indicator", problems);
                None
            }
        }
    }

    fn long(&self, problems: &mut Vec<Problem>) -> Option<Entry> {
        let (value_cell, value_at) = self.cell(Column::Value)?;
        // A row without a value is a template row not filled in (or a blank line).
        let value = number(value_cell, value_at, problems)?;
        let (province, indicator, indicator_from_name) = self.who(value_at, problems)?;
        let (year_cell, year_at) = self.cell(Column::Year)?;
        if *year_cell == Cell::Empty {
            problems.push(Problem::error(
                year_at,
                "a value without a year",
                "fill in the year the figure is for",
            ));
            return None;
        }
        let year = integer(year_cell, year_at, problems)?;
        let status = match self.cell(Column::Status) {
            Some((cell, at)) => status_word(cell, at, problems)?,
            None => Status::Actual,
        };
        Some(Entry {
            province,
            indicator,
            indicator_from_name,
            year,
            status,
            value,
            qualifier: self.qualifier(problems),
            source: self.text(Column::Source),
            note: self.text(Column::Note),
            note_en: self.text(Column::NoteEn),
            numerator: self.number(Column::Numerator, problems),
            denominator: self.number(Column::Denominator, problems),
            from_year: self.integer(Column::FromYear, problems),
            out_of: self.integer(Column::OutOf, problems),
        })
    }

    fn qualifier(&self, problems: &mut Vec<Problem>) -> Option<Located<Qualifier>> {
        let (cell, at) = self.cell(Column::Qualifier)?;
        let word = text(cell)?;
        match super::values::enum_word::<Qualifier>(&word) {
            Some(value) => Some(Located { value, at }),
            None => {
                problems.push(Problem::error(
                    at,
                    format!("unknown qualifier `{word}`"),
                    "use exact, approximate, nearly, at_least or at_most (or leave it empty for exact)",
                ));
                None
            }
        }
    }

    fn wide(
        &self,
        c: usize,
        year: i64,
        status: Status,
        problems: &mut Vec<Problem>,
    ) -> Option<Entry> {
        let value_at = self.at(c);
        let value = number(self.table.cell(self.r, c), value_at, problems)?;
        let (province, indicator, indicator_from_name) = self.who(value_at, problems)?;
        Some(Entry {
            province,
            indicator,
            indicator_from_name,
            year: Located {
                value: year,
                at: self.table.at(self.t, self.header.row, c),
            },
            status,
            value,
            qualifier: None,
            source: self.text(Column::Source),
            note: None,
            note_en: None,
            numerator: None,
            denominator: None,
            from_year: None,
            out_of: None,
        })
    }
}
