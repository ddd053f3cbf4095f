//! A sheet's header: a block of one or more rows starting at the first row, among the first
//! ten, that has a `province` column (a title or unit line above it is not the table's);
//! what each column's cells, top to bottom, name in English or Vietnamese, with or without
//! diacritics (`tỉnh`, `chỉ số`, `năm`, `giá trị`, `nguồn`, `ghi chú`, `Năm 2017 - Chỉ số
//! DTI / Xếp hạng`), and which columns a layout cannot carry. Every column is read, checked,
//! ignored on purpose (a row number) or refused with a located error: none is dropped in
//! silence.

use std::collections::HashMap;

use super::Problem;
use super::heading::{Heading, figure_heading};
use super::read::{Cell, CellRef, Table};
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
    /// A row number (`STT`, `TT`, `No.`): not data, ignored.
    Ordinal,
}

/// The header names each column accepts, as slugs (`from_year` → `from-year`).
const NAMES: &[(Column, &[&str])] = &[
    (
        Column::Province,
        &[
            "province",
            "tinh",
            "tinh-thanh",
            "tinh-thanh-pho",
            "tinh-tp",
            "ten-tinh",
            "ten-tinh-thanh-pho",
            "dia-phuong",
            "tinh-thanh-pho-truc-thuoc-trung-uong",
            "tinh-thanh-pho-truc-thuoc-tw",
            "tinh-thanh-pho-trung-uong",
        ],
    ),
    (
        Column::Ordinal,
        &["stt", "tt", "no", "so-tt", "so-thu-tu", "thu-tu"],
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

pub const COLUMNS_HINT: &str = "the columns are province (tỉnh), indicator (chỉ số), year (năm), value (giá trị), status (trạng thái), qualifier, source (nguồn), note (ghi chú), note_en, numerator (tử số), denominator (mẫu số), from_year (từ năm), out_of (long layout) or province, indicator, source, status, qualifier, note, note_en, out_of and one column per year such as `2024`, `Năm 2024` or `2025 mục tiêu`, which may name its indicator too (`Năm 2024 - Chỉ số DTI`; wide layout); row numbers (STT, TT, No.) are ignored; see docs/import.md";

/// What a column's header parts (top to bottom) name: a column of `NAMES` (the whole name,
/// or its last part under a group), else a figure's column when a part holds a year.
fn column_of(parts: &[String]) -> (Option<Column>, Option<Heading>) {
    let named = |text: &str| {
        let slug = slugify(text);
        NAMES
            .iter()
            .find(|(_, names)| names.contains(&slug.as_str()))
            .map(|(c, _)| *c)
    };
    if parts.is_empty() {
        return (None, None);
    }
    if let Some(c) = named(&parts.join(" ")) {
        return (Some(c), None);
    }
    match figure_heading(parts) {
        Some(h) => (Some(Column::YearValue(h.year, h.status)), Some(h)),
        None => (parts.last().and_then(|p| named(p)), None),
    }
}

/// A table's header: which column is what, and where the header rows are.
pub struct Header {
    /// The first row of the header block.
    pub top: usize,
    /// The last row of the header block: the data start under it.
    pub row: usize,
    pub columns: Vec<Option<Column>>,
    /// Each column's name as the header shows it (its cells top to bottom, ` / ` between).
    pub names: Vec<String>,
    /// For a figure's column: its year, status, rank total and the words naming an indicator.
    pub figures: Vec<Option<Heading>>,
    /// The column of each kind other than a year's.
    pub by_kind: HashMap<Column, usize>,
}

impl Header {
    /// The cell a column's name is located at: its lowest header cell with text.
    pub fn at(&self, table: &Table, t: usize, c: usize) -> CellRef {
        let r = (self.top..=self.row)
            .rev()
            .find(|&r| *table.cell(r, c) != Cell::Empty)
            .unwrap_or(self.top);
        table.at(t, r, c)
    }

    /// Whether the sheet has the long layout (a `value` column).
    pub fn long(&self) -> bool {
        self.by_kind.contains_key(&Column::Value)
    }

    /// Columns the layout cannot carry, each a problem at its header cell: `scope` in any
    /// layout; in the wide one, what belongs to one figure rather than to a row.
    pub fn refuse_columns(&self, table: &Table, t: usize, problems: &mut Vec<Problem>) {
        let long = self.long();
        for (c, col) in self.columns.iter().enumerate() {
            let at = self.at(table, t, c);
            let name = &self.names[c];
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

/// At most this many rows make a header block (a group, a sub-group, a column's name).
const MAX_HEADER_ROWS: usize = 4;

/// Finds the header block: its first row is the first of the first ten non-empty rows with
/// a province column; the rows under it belong to it while they only add names (a
/// sub-header under a merged group), never a province.
pub fn find(table: &Table, t: usize, problems: &mut Vec<Problem>) -> Option<Header> {
    let looked: Vec<usize> = table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.iter().any(|c| *c != Cell::Empty))
        .map(|(r, _)| r)
        .take(10)
        .collect();
    for &top in &looked {
        let width = table.rows[top].len();
        let single = |c: usize| column_of(&[shown(table.spanning(top, c))]).0;
        let Some(province) = (0..width).find(|&c| single(c) == Some(Column::Province)) else {
            continue;
        };
        // A long layout's header (a `value` column) is one row: a row under it is data.
        let long = (0..width).any(|c| single(c) == Some(Column::Value));
        let mut row = top;
        while !long && row + 1 - top < MAX_HEADER_ROWS && continues(table, row + 1, province) {
            row += 1;
        }
        return Some(header(table, t, top, row, problems));
    }
    let first = *looked.first()?;
    // The row that looks most like a header: no figures (a year may head a column), the
    // most cells of words.
    let score = |r: &usize| {
        let row = &table.rows[*r];
        let figures = row.iter().any(|c| {
            let n = match c {
                Cell::Number(n) => Some(*n),
                Cell::Text(t) => t.trim().parse::<f64>().ok(),
                _ => None,
            };
            n.is_some_and(|n| n.fract() != 0.0 || !(1975.0..=2100.0).contains(&n))
        });
        let words = row
            .iter()
            .filter(|c| matches!(c, Cell::Text(t) if t.chars().any(char::is_alphabetic)))
            .count();
        (!figures, words, std::cmp::Reverse(*r))
    };
    let likely = looked.iter().copied().max_by_key(score).unwrap_or(first);
    let cells: Vec<String> = table.rows[likely]
        .iter()
        .map(shown)
        .filter(|s| !s.is_empty())
        .collect();
    problems.push(Problem::error(
        table.at(t, likely, 0),
        format!(
            "no header row with a `province` column in rows {}–{}; this row reads `{}`",
            table.at(t, first, 0).row,
            table.at(t, looked[looked.len() - 1], 0).row,
            cells.join(" | ")
        ),
        NO_HEADER_HINT,
    ));
    None
}

pub const NO_HEADER_HINT: &str = "the header names the columns: the province column is `province` or `tỉnh` (also `tỉnh, thành phố`, `tỉnh, thành phố trực thuộc Trung ương`, `địa phương`), then `indicator`/`chỉ số`, `year`/`năm`, `value`/`giá trị` (long layout) or one column per year such as `2024` or `Năm 2024` (wide layout); see docs/import.md";

/// Whether row `r` continues a header block whose province column is `province`: it names
/// no province, holds only words and years, and either names a column the row above left
/// unnamed (the sub-headers under a group merged over several columns) or gives years
/// (`Năm 2020` under each indicator's group).
fn continues(table: &Table, r: usize, province: usize) -> bool {
    let Some(row) = table.rows.get(r) else {
        return false;
    };
    let year = |cell: &Cell| match cell {
        Cell::Number(n) => n.fract() == 0.0 && (1975.0..=2100.0).contains(n),
        Cell::Text(t) => figure_heading(std::slice::from_ref(t)).is_some(),
        _ => false,
    };
    let words = |cell: &Cell| match cell {
        Cell::Text(t) => !is_missing(t) && slugify(t).bytes().any(|b| b.is_ascii_alphabetic()),
        _ => false,
    };
    let filled: Vec<usize> = (0..row.len()).filter(|&c| row[c] != Cell::Empty).collect();
    let unnamed_above = |c: usize| {
        *table.cell(r - 1, c) == Cell::Empty
            || table.merged.iter().any(|(r0, c0, r1, c1)| {
                (*r0..=*r1).contains(&(r - 1)) && (*c0..=*c1).contains(&c) && c0 != c1
            })
    };
    !filled.is_empty()
        && *table.cell(r, province) == Cell::Empty
        && filled.iter().all(|&c| words(&row[c]) || year(&row[c]))
        && filled.iter().any(|&c| unnamed_above(c) || year(&row[c]))
}

/// The header of rows `top..=row`: each column's name from its cells top to bottom.
fn header(table: &Table, t: usize, top: usize, row: usize, problems: &mut Vec<Problem>) -> Header {
    let parts = column_parts(table, top, row);
    let mut columns = Vec::with_capacity(parts.len());
    let mut figures = Vec::with_capacity(parts.len());
    for p in &parts {
        let (column, heading) = column_of(p);
        columns.push(column);
        figures.push(heading);
    }
    let names: Vec<String> = parts.iter().map(|p| p.join(" / ")).collect();
    let mut header = Header {
        top,
        row,
        columns,
        names,
        figures,
        by_kind: HashMap::new(),
    };
    let mut figure_columns = std::collections::HashSet::new();
    for c in 0..header.columns.len() {
        let at = header.at(table, t, c);
        let name = &header.names[c];
        match header.columns[c] {
            None if name.is_empty() => {}
            None => problems.push(Problem::error(
                at,
                format!("unknown column `{name}`"),
                COLUMNS_HINT,
            )),
            Some(k @ Column::YearValue(..)) => {
                let indicator = header.figures[c].as_ref().map(|h| h.indicator.clone());
                if !figure_columns.insert((k, indicator)) {
                    problems.push(Problem::error(
                        at,
                        format!("a second `{name}` column"),
                        "keep one column per indicator, year and status: delete or rename this one",
                    ));
                }
            }
            // Several row numbers (`STT`, `No.`) do no harm: none is read.
            Some(Column::Ordinal) => {}
            Some(k) => {
                if header.by_kind.insert(k, c).is_some() {
                    problems.push(Problem::error(
                        at,
                        format!("a second `{name}` column"),
                        "keep one column of each kind: delete or rename this one",
                    ));
                }
            }
        }
    }
    header
}

/// Each column's header cells from top to bottom, as text, without repeats (a cell merged
/// down several rows is one part). In a file without merged cells (CSV), an empty cell of
/// a group row over a named sub-header takes the group on its left, as a merge would.
fn column_parts(table: &Table, top: usize, row: usize) -> Vec<Vec<String>> {
    let width = (top..=row).map(|r| table.rows[r].len()).max().unwrap_or(0);
    let mut grid: Vec<Vec<String>> = Vec::new();
    for r in top..=row {
        let mut line: Vec<String> = Vec::with_capacity(width);
        for c in 0..width {
            let mut text = shown(table.spanning(r, c));
            let named_below = (r + 1..=row).any(|b| *table.cell(b, c) != Cell::Empty);
            if text.is_empty() && named_below && c > 0 {
                let left_below = (r + 1..=row).any(|b| *table.cell(b, c - 1) != Cell::Empty);
                if left_below {
                    text = line[c - 1].clone();
                }
            }
            line.push(text);
        }
        grid.push(line);
    }
    (0..width)
        .map(|c| {
            let mut parts: Vec<String> = Vec::new();
            for line in &grid {
                let text = line[c].trim();
                if !text.is_empty() && parts.last().map(String::as_str) != Some(text) {
                    parts.push(text.to_string());
                }
            }
            parts
        })
        .collect()
}

/// Whether a cell's text marks a figure that is missing: `-`, `–`, `..`, `...`, `x`,
/// `n/a`. Such a cell is skipped (and counted), not an error.
pub fn is_missing(text: &str) -> bool {
    const MARKERS: [&str; 9] = ["-", "–", "—", "..", "...", "…", "x", "n/a", "na"];
    MARKERS.contains(&text.trim().to_lowercase().as_str())
}

/// A header cell as the spreadsheet shows it.
pub fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty | Cell::Unreadable => String::new(),
        Cell::Number(n) => n.to_string(),
        Cell::Text(t) | Cell::Other(t) => t.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]], merged: Vec<(usize, usize, usize, usize)>) -> Table {
        let cell = |t: &&str| match t.parse::<f64>() {
            _ if t.is_empty() => Cell::Empty,
            Ok(n) => Cell::Number(n),
            Err(_) => Cell::Text(t.to_string()),
        };
        Table {
            sheet: None,
            rows: rows.iter().map(|r| r.iter().map(cell).collect()).collect(),
            first_row: 0,
            first_col: 0,
            merged,
        }
    }

    fn found(t: &Table) -> (Header, Vec<String>) {
        let mut problems = Vec::new();
        let h = find(t, 0, &mut problems).unwrap();
        (h, problems.into_iter().map(|p| p.message).collect())
    }

    #[test]
    fn a_merged_two_row_header_under_a_title() {
        let t = table(
            &[
                &["Bảng 1", "", "", ""],
                &[
                    "STT",
                    "Tỉnh, thành phố trực thuộc Trung ương",
                    "Năm 2017 - Chỉ số A",
                    "",
                ],
                &["", "", "Xếp hạng", "Chỉ số"],
                &["1", "Huế", "2", "0.69"],
            ],
            // The title across, STT and the province down, the group over two columns.
            vec![(0, 0, 0, 3), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3)],
        );
        let (h, problems) = found(&t);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!((h.top, h.row), (1, 2));
        assert_eq!(h.columns[0], Some(Column::Ordinal));
        assert_eq!(h.columns[1], Some(Column::Province));
        assert_eq!(h.names[3], "Năm 2017 - Chỉ số A / Chỉ số");
        assert_eq!(h.columns[3], Some(Column::YearValue(2017, Status::Actual)));
        let indicator = h.figures[2].as_ref().map(|f| f.indicator.as_str());
        assert_eq!(indicator, Some("chi-so-a-xep-hang"));
        // `Chỉ số` under a year's group is that group's column, not the `indicator` column.
        assert!(!h.by_kind.contains_key(&Column::Indicator));
    }

    #[test]
    fn without_merges_a_group_spans_the_empty_cells_right_of_it() {
        let t = table(
            &[
                &["TT", "Tỉnh", "Năm 2022 - DTI", "", "No."],
                &["", "", "Xếp hạng", "Chỉ số", ""],
                &["1", "Huế", "4", "0.69", ""],
            ],
            Vec::new(),
        );
        let (h, problems) = found(&t);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(h.names[3], "Năm 2022 - DTI / Chỉ số");
        assert_eq!(h.columns[4], Some(Column::Ordinal));
    }

    #[test]
    fn a_row_of_years_under_groups_named_in_full() {
        let t = table(
            &[
                &["STT", "Tỉnh", "Chỉ số A", "Chỉ số B"],
                &["", "", "Năm 2020", "2021"],
                &["1", "Huế", "4", "0.69"],
            ],
            Vec::new(),
        );
        let (h, problems) = found(&t);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(h.row, 1);
        assert_eq!(h.columns[3], Some(Column::YearValue(2021, Status::Actual)));
        let indicator = h.figures[2].as_ref().map(|f| f.indicator.as_str());
        assert_eq!(indicator, Some("chi-so-a"));
    }

    #[test]
    fn a_data_row_is_never_taken_for_a_sub_header() {
        // The province is missing, but every column already has a name.
        let t = table(
            &[
                &["province", "indicator", "2020"],
                &["", "ict_revenue", "5"],
            ],
            Vec::new(),
        );
        assert_eq!(found(&t).0.row, 0);
        let words = table(&[&["tỉnh", "2020", ""], &["", "ghi chú", "x"]], Vec::new());
        assert_eq!(found(&words).0.row, 0);
        // Nor, in a long layout, a row without its province and value.
        let long = table(
            &[
                &["province", "indicator", "year", "value"],
                &["", "ict_revenue", "2019", ""],
            ],
            Vec::new(),
        );
        assert_eq!(found(&long).0.row, 0);
    }

    #[test]
    fn missing_markers() {
        for m in [
            "-", "–", "—", "..", "...", "…", "x", "X", "n/a", "N/A", " - ",
        ] {
            assert!(is_missing(m), "{m}");
        }
        for not in ["0", "-1", "xx", "na na", ""] {
            assert!(!is_missing(not), "{not}");
        }
    }
}
