//! The two layouts a sheet may have, told apart by its header row, and the observations
//! each data row gives.
//!
//! - **long**: one row per observation, with `province`, `indicator`, `year`, `value` and
//!   optional `status`, `qualifier`, `source`, `note`, `note_en`, `numerator`, `denominator`,
//!   `from_year`, `out_of` columns.
//! - **wide**: provinces as rows, one column per year (`2020`, or `2025 target` for a
//!   status other than actual), optional `indicator`, `source`, `status`, `qualifier`,
//!   `note`, `note_en` and `out_of` columns, whose one value per row goes with every figure
//!   of the row.
//!
//! Without an `indicator` column the sheet's name (a CSV file's name) is the indicator.
//! Rows above the header (a title) are skipped; the header itself is read by `header`.
//! Either layout may have `indicator_name` and `unit` columns, which are checked against
//! the catalog, not imported.

use std::collections::{BTreeMap, HashSet};

use super::Problem;
use super::header::{self, COLUMNS_HINT, Column, Header, is_missing};
use super::heading::total_of;
use super::read::{Cell, CellRef, Table};
use super::values::{Located, integer, number, status_word, text};
use crate::model::{Qualifier, Status};

/// One observation a sheet gives.
#[derive(Debug, Clone)]
pub struct Entry {
    pub province: Located<String>,
    pub indicator: Located<String>,
    /// The indicator came from the sheet's (or file's) name, not from a cell.
    pub indicator_from_name: bool,
    /// The words of a column's header that name the indicator (a slug), when the header
    /// names it: `indicator` then holds the whole header, for messages.
    pub indicator_key: Option<String>,
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
    /// The indicator's name and unit as the sheet shows them, to check against the catalog.
    pub indicator_name: Option<Located<String>>,
    pub unit: Option<Located<String>>,
    /// The total a rank is out of, from the line above the table (`Xếp hạng trên 63 tỉnh`):
    /// it goes with rank indicators only.
    pub table_out_of: Option<i64>,
}

/// What an import skipped on purpose, to report: cells without a figure, the header rows
/// it took and the rows outside the table.
#[derive(Debug, Default)]
pub struct Tally {
    /// Cells of figure columns with no figure, by marker (`-`, `..`, `x`; `` for empty).
    pub missing: BTreeMap<String, usize>,
    /// Per table: the first and last row of its header (as the spreadsheet numbers them).
    pub headers: Vec<(usize, u32, u32)>,
    /// Rows above or below the table (a title, a unit line, a footnote, a source), each at
    /// its first cell with its text.
    pub outside: Vec<(CellRef, String)>,
}

/// Words a footnote or source line under a table starts with.
const NOTE_WORDS: [&str; 6] = ["nguon", "ghi-chu", "chu-thich", "source", "note", "notes"];

/// Whether row `r` is a line of text under or beside the table rather than a row of it: a
/// single cell of text, outside the province column or starting like a note (`Nguồn:`,
/// `Ghi chú`, `(*)`).
fn note_row(table: &Table, r: usize, header: &Header) -> Option<(usize, String)> {
    let row = table.rows.get(r)?;
    let mut filled = row.iter().enumerate().filter(|(_, c)| **c != Cell::Empty);
    let (c, Cell::Text(text)) = filled.next()? else {
        return None;
    };
    if filled.next().is_some() {
        return None;
    }
    let slug = crate::slug::slugify(text);
    let noted = text.starts_with(['(', '*'])
        || NOTE_WORDS
            .iter()
            .any(|w| slug == *w || slug.starts_with(&format!("{w}-")));
    let province = header.by_kind.get(&Column::Province) == Some(&c);
    (!province || noted).then(|| (c, text.clone()))
}

/// Reads the observations of table `t`. `name` names the indicator when the sheet has no
/// indicator column (the sheet's name, or the CSV file's stem).
pub fn entries(
    table: &Table,
    t: usize,
    name: &str,
    problems: &mut Vec<Problem>,
    tally: &mut Tally,
) -> Vec<Entry> {
    let before = problems.len();
    let Some(header) = header::find(table, t, problems) else {
        return Vec::new();
    };
    tally.headers.push((
        t,
        table.at(t, header.top, 0).row,
        table.at(t, header.row, 0).row,
    ));
    let mut table_out_of = None;
    for r in 0..header.top {
        let texts: Vec<String> = table.rows[r]
            .iter()
            .map(header::shown)
            .filter(|s| !s.is_empty())
            .collect();
        if let Some(first) = table.rows[r].iter().position(|c| *c != Cell::Empty) {
            let text = texts.join(" | ");
            table_out_of = table_out_of.or_else(|| total_of(&text));
            tally.outside.push((table.at(t, r, first), text));
        }
    }
    let notes: HashSet<usize> = (header.row + 1..table.rows.len())
        .filter_map(|r| {
            let (c, text) = note_row(table, r, &header)?;
            tally.outside.push((table.at(t, r, c), text));
            Some(r)
        })
        .collect();
    // An unknown column may be the one meant for values: then the layout is not told.
    let mut problems_if_header_ok = Vec::new();
    let layout_problems = if problems.len() == before {
        &mut *problems
    } else {
        &mut problems_if_header_ok
    };
    let long = header.long();
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
    header.refuse_columns(table, t, problems);
    unnamed_columns(table, t, &header, &notes, problems);
    let mut out = Vec::new();
    for r in header.row + 1..table.rows.len() {
        if notes.contains(&r) {
            continue;
        }
        let row = Row {
            table,
            t,
            r,
            header: &header,
            name,
            table_out_of,
        };
        if long {
            out.extend(row.long(problems, tally));
        } else {
            out.extend(row.wide(&years, problems, tally));
        }
    }
    out
}

/// Values under an empty header cell would be lost without a word: one problem per such
/// column, at its first value.
fn unnamed_columns(
    table: &Table,
    t: usize,
    header: &Header,
    notes: &HashSet<usize>,
    problems: &mut Vec<Problem>,
) {
    let mut reported = HashSet::new();
    for (r, row) in table.rows.iter().enumerate().skip(header.row + 1) {
        if notes.contains(&r) {
            continue;
        }
        for (c, cell) in row.iter().enumerate() {
            let named = header.columns.get(c).copied().flatten().is_some()
                || header.names.get(c).is_some_and(|n| !n.is_empty());
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

/// The marker of a cell that holds no figure (`""` for an empty one), or `None`.
fn missing(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => Some(String::new()),
        Cell::Text(t) if is_missing(t) => Some(t.trim().to_string()),
        _ => None,
    }
}

/// One data row of a table.
struct Row<'a> {
    table: &'a Table,
    t: usize,
    r: usize,
    header: &'a Header,
    name: &'a str,
    table_out_of: Option<i64>,
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

    fn long(&self, problems: &mut Vec<Problem>, tally: &mut Tally) -> Option<Entry> {
        let (value_cell, value_at) = self.cell(Column::Value)?;
        // A row without a value is a template row not filled in (or a blank line).
        if let Some(marker) = missing(value_cell) {
            *tally.missing.entry(marker).or_default() += 1;
            return None;
        }
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
            indicator_key: None,
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
            indicator_name: self.text(Column::IndicatorName),
            unit: self.text(Column::Unit),
            table_out_of: self.table_out_of,
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

    /// The figures of a wide row, one per filled year column; what the row's other
    /// columns say goes with each of them.
    fn wide(
        &self,
        years: &[(usize, i64, Status)],
        problems: &mut Vec<Problem>,
        tally: &mut Tally,
    ) -> Vec<Entry> {
        let named = self.text(Column::Province).is_some();
        let values: Vec<(Located<f64>, usize, i64, Status)> = years
            .iter()
            .filter_map(|&(c, year, status)| {
                let cell = self.table.cell(self.r, c);
                match missing(cell) {
                    // An empty cell counts as missing only on a province's row.
                    Some(marker) if named || !marker.is_empty() => {
                        *tally.missing.entry(marker).or_default() += 1;
                        None
                    }
                    Some(_) => None,
                    None => {
                        let value = number(cell, self.at(c), problems)?;
                        Some((value, c, year, status))
                    }
                }
            })
            .collect();
        let Some((first, ..)) = values.first() else {
            return Vec::new();
        };
        let Some((province, indicator, indicator_from_name)) = self.who(first.at, problems) else {
            return Vec::new();
        };
        let row_status = match self.cell(Column::Status) {
            Some((cell, at)) => match status_word(cell, at, problems) {
                Some(status) => text(cell).map(|_| (status, at)),
                None => return Vec::new(),
            },
            None => None,
        };
        let qualifier = self.qualifier(problems);
        let note = self.text(Column::Note);
        let note_en = self.text(Column::NoteEn);
        let out_of = self.integer(Column::OutOf, problems);
        let mut out = Vec::new();
        for (value, c, year, column_status) in values {
            let Some(status) = self.wide_status(column_status, row_status, c, problems) else {
                continue;
            };
            let heading = self.header.figures[c].as_ref();
            let named_here = heading.filter(|h| !h.indicator.is_empty());
            let header_at = self.header.at(self.table, self.t, c);
            out.push(Entry {
                province: province.clone(),
                indicator: match named_here {
                    Some(_) => Located {
                        value: self.header.names[c].clone(),
                        at: header_at,
                    },
                    None => indicator.clone(),
                },
                indicator_from_name: indicator_from_name && named_here.is_none(),
                indicator_key: named_here.map(|h| h.indicator.clone()),
                year: Located {
                    value: year,
                    at: header_at,
                },
                status,
                value,
                qualifier: qualifier.clone(),
                source: self.text(Column::Source),
                note: note.clone(),
                note_en: note_en.clone(),
                numerator: None,
                denominator: None,
                from_year: None,
                out_of: heading
                    .and_then(|h| h.out_of)
                    .map(|value| Located {
                        value,
                        at: header_at,
                    })
                    .or_else(|| out_of.clone()),
                indicator_name: self.text(Column::IndicatorName),
                unit: self.text(Column::Unit),
                table_out_of: self.table_out_of,
            });
        }
        out
    }

    /// A wide figure's status: its column's (`2025 target`), or the row's `status` cell
    /// under a plain year column; the two must agree when both say one.
    fn wide_status(
        &self,
        column: Status,
        row: Option<(Status, CellRef)>,
        c: usize,
        problems: &mut Vec<Problem>,
    ) -> Option<Status> {
        match row {
            None => Some(column),
            Some((status, _)) if column == Status::Actual || column == status => Some(status),
            Some((status, at)) => {
                problems.push(Problem::error(
                    at,
                    format!(
                        "the row's status `{}` differs from the status `{}` of column {}",
                        super::values::word_of(&status),
                        super::values::word_of(&column),
                        self.header.names[c],
                    ),
                    "leave the status cell empty (the column's status holds), or put the figure under a plain year column",
                ));
                None
            }
        }
    }
}
