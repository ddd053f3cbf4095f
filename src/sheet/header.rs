//! A sheet's header row: the first row, among the first ten, that has a `province` column;
//! what each of its cells names, in English or Vietnamese, with or without diacritics
//! (`tỉnh`, `chỉ số`, `năm`, `giá trị`, `nguồn`, `ghi chú`), and which columns a layout
//! cannot carry. Every column is read, checked, or refused with a located error: none is
//! dropped in silence.

use std::collections::HashMap;

use super::Problem;
use super::read::{Cell, Table};
use super::values::status_of_slug;
use crate::model::Status;
use crate::slug::slugify;

/// What a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
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
    /// What a figure covers; written in metrics.yaml only, so refused here.
    Scope,
    /// The indicator's name and unit, shown to help whoever fills the sheet: checked
    /// against the catalog (a warning when they differ), never imported.
    IndicatorName,
    Unit,
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
    (Column::Scope, &["scope", "scope-en", "pham-vi"]),
    (Column::IndicatorName, &["indicator-name", "ten-chi-so"]),
    (Column::Unit, &["unit", "don-vi", "don-vi-tinh"]),
];

pub const COLUMNS_HINT: &str = "the columns are province, indicator, year, value, status, qualifier, source, note, note_en, numerator, denominator, from_year, out_of (long layout) or province, indicator, source, status, qualifier, note, note_en, out_of and one column per year such as 2024 or `2025 target` (wide layout); see docs/import.md";

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
pub struct Header {
    pub row: usize,
    pub columns: Vec<Option<Column>>,
    pub by_kind: HashMap<Column, usize>,
}

impl Header {
    /// Whether the sheet has the long layout (a `value` column).
    pub fn long(&self) -> bool {
        self.by_kind.contains_key(&Column::Value)
    }

    /// Columns the layout cannot carry, each a problem at its header cell: `scope` in any
    /// layout; in the wide one, what belongs to one figure rather than to a row.
    pub fn refuse_columns(&self, table: &Table, t: usize, problems: &mut Vec<Problem>) {
        let long = self.long();
        for (c, col) in self.columns.iter().enumerate() {
            let at = table.at(t, self.row, c);
            let name = shown(table.cell(self.row, c));
            match col {
                Some(Column::Scope) => problems.push(Problem::error(
                    at,
                    format!("the `{name}` column cannot be imported"),
                    "what a figure covers is written in the province's metrics.yaml (`scope:` and `scope_en:`); delete this column",
                )),
                Some(Column::Year | Column::Numerator | Column::Denominator | Column::FromYear)
                    if !long =>
                {
                    problems.push(Problem::error(
                        at,
                        format!("a `{name}` column in a sheet with one column per year"),
                        "a year, numerator, denominator or from_year belongs to one figure: use the long layout (a `year` and a `value` column, one row per figure) for them",
                    ))
                }
                _ => {}
            }
        }
    }
}

/// Finds the header row: the first of the first ten non-empty rows with a province column.
pub fn find(table: &Table, t: usize, problems: &mut Vec<Problem>) -> Option<Header> {
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
                    if by_kind.insert(*k, c).is_some() {
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

/// A header cell as the spreadsheet shows it.
pub fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty | Cell::Unreadable => String::new(),
        Cell::Number(n) => n.to_string(),
        Cell::Text(t) | Cell::Other(t) => t.clone(),
    }
}
