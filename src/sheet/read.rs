//! Reading a spreadsheet file into tables of cells: `.xlsx` and `.ods` through calamine,
//! `.csv` through the csv crate. Every later problem names a cell as the spreadsheet shows
//! it (`data.xlsx:ict_revenue:12:C`), so tables keep their sheet name and where they start.

use std::path::Path;

use calamine::{Data, Reader};

use crate::diagnostic::Diagnostic;
use crate::render::downloads::formula_unescaped;

/// One cell's content, as far as the import cares.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    /// A date, a boolean or a formula error: never a valid figure; kept as shown, for the message.
    Other(String),
}

/// One sheet (a CSV file is one sheet without a name).
#[derive(Debug)]
pub struct Table {
    pub sheet: Option<String>,
    /// `rows[r][c]` is the cell at spreadsheet row `first_row + r + 1`, column `first_col + c`.
    pub rows: Vec<Vec<Cell>>,
    pub first_row: u32,
    pub first_col: u32,
}

impl Table {
    /// The cell at a 0-based position inside the table.
    pub fn cell(&self, r: usize, c: usize) -> &Cell {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&Cell::Empty)
    }

    /// Where the cell at a 0-based position inside the table sits in the sheet.
    pub fn at(&self, table: usize, r: usize, c: usize) -> CellRef {
        CellRef {
            table,
            row: self.first_row + r as u32 + 1,
            col: self.first_col + c as u32,
        }
    }
}

/// A cell of the imported file: which table, the 1-based row, the 0-based column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    pub table: usize,
    pub row: u32,
    pub col: u32,
}

/// The imported file's name and sheet names, to write `FILE[:SHEET]:ROW:COLUMN`.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: String,
    pub sheets: Vec<Option<String>>,
}

impl Origin {
    /// `data.xlsx:ict_revenue:12:C` (no sheet for a CSV file).
    pub fn locate(&self, at: CellRef) -> String {
        format!(
            "{}{}:{}",
            self.sheet_prefix(at.table),
            at.row,
            column_letter(at.col)
        )
    }

    /// `data.xlsx:ict_revenue:` or `data.csv:`.
    fn sheet_prefix(&self, table: usize) -> String {
        match self.sheets.get(table).cloned().flatten() {
            Some(sheet) => format!("{}:{sheet}:", self.file),
            None => format!("{}:", self.file),
        }
    }

    /// An error at a cell.
    pub fn error(&self, at: CellRef, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.locate(at), message)
    }
}

/// `A` for column 0, `Z` for 25, `AA` for 26.
pub fn column_letter(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads every sheet of `path` (or only `sheet`). `name` is how messages call the file.
pub fn read(path: &Path, name: &str, sheet: Option<&str>) -> Result<Vec<Table>, Diagnostic> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" => read_csv(path, name).map(|t| vec![t]),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(path, name, sheet),
        _ => Err(
            Diagnostic::error(name, "not a spreadsheet this command reads").with_hint(
                "import a .xlsx, .ods or .csv file (save other formats as one of these)",
            ),
        ),
    }
}

fn read_workbook(path: &Path, name: &str, only: Option<&str>) -> Result<Vec<Table>, Diagnostic> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| {
        Diagnostic::error(name, format!("cannot read the workbook: {e}")).with_hint(
            "check that the file exists and is a spreadsheet saved by Excel or LibreOffice",
        )
    })?;
    let names = book.sheet_names();
    if let Some(only) = only
        && !names.iter().any(|n| n == only)
    {
        return Err(
            Diagnostic::error(name, format!("there is no sheet `{only}`"))
                .with_hint(format!("the sheets are: {}", names.join(", "))),
        );
    }
    let mut tables = Vec::new();
    for sheet in names
        .iter()
        .filter(|n| only.is_none_or(|o| o == n.as_str()))
    {
        let range = book.worksheet_range(sheet).map_err(|e| {
            Diagnostic::error(
                format!("{name}:{sheet}"),
                format!("cannot read the sheet: {e}"),
            )
        })?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .map(|row| row.iter().map(cell).collect())
            .collect();
        tables.push(Table {
            sheet: Some(sheet.clone()),
            rows,
            first_row,
            first_col,
        });
    }
    Ok(tables)
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.trim().to_string()),
        Data::Bool(b) => Cell::Other(b.to_string().to_uppercase()),
        Data::DateTime(d) => Cell::Other(format!("a date ({})", d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Other(format!("a date ({s})")),
        Data::Error(e) => Cell::Other(format!("the error {e}")),
    }
}

/// Reads a CSV file. The delimiter is `;` when the first line has semicolons but no commas
/// (Excel's choice in locales where the comma is the decimal mark); a BOM is skipped.
fn read_csv(path: &Path, name: &str) -> Result<Table, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(name, format!("cannot read: {e}"))
            .with_hint("check that the file exists and is readable")
    })?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for (i, record) in reader.byte_records().enumerate() {
        let record = record.map_err(|e| {
            Diagnostic::error(
                format!("{name}:{}", i + 1),
                format!("cannot read the row: {e}"),
            )
            .with_hint("check the quotes on this row: a field that opens a quote must close it")
        })?;
        let mut row = Vec::with_capacity(record.len());
        for (c, field) in record.iter().enumerate() {
            let text = std::str::from_utf8(field).map_err(|_| {
                Diagnostic::error(
                    format!("{name}:{}:{}", i + 1, column_letter(c as u32)),
                    "the cell is not UTF-8 text",
                )
                .with_hint("save the file as \"CSV UTF-8\" (Excel) or choose UTF-8 when exporting")
            })?;
            let text = text.trim();
            row.push(if text.is_empty() {
                Cell::Empty
            } else {
                // What `export` (and the site's downloads) quoted against formulas.
                Cell::Text(formula_unescaped(text).to_string())
            });
        }
        rows.push(row);
    }
    Ok(Table {
        sheet: None,
        rows,
        first_row: 0,
        first_col: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letter)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn locations_name_the_sheet_only_for_workbooks() {
        let origin = Origin {
            file: "data.xlsx".into(),
            sheets: vec![Some("ict_revenue".into()), None],
        };
        let at = CellRef {
            table: 0,
            row: 12,
            col: 2,
        };
        assert_eq!(origin.locate(at), "data.xlsx:ict_revenue:12:C");
        assert_eq!(origin.locate(CellRef { table: 1, ..at }), "data.xlsx:12:C");
    }
}
