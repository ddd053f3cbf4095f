//! Reading a spreadsheet file into tables of cells: `.xlsx` and `.ods` through calamine,
//! `.csv` through the csv crate. Every later problem names a cell as the spreadsheet shows
//! it (`data.xlsx:ict_revenue:12:C`), so tables keep their sheet name and where they start.
//!
//! Only a regular file of at most [`MAX_FILE_BYTES`] is read (a FIFO or a device is an
//! error, never a hang), and a text cell holding a character no text of the site may hold
//! is a problem at that cell.

use std::path::Path;

use super::Problem;
use crate::content::regular;
use crate::diagnostic::Diagnostic;
use crate::hygiene;
use crate::render::downloads::formula_unescaped;

/// Spreadsheets larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One cell's content, as far as the import cares.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    /// A date or a boolean: never a valid figure; kept as shown, for the message.
    Other(String),
    /// A cell already reported as a problem when read (an error value, a formula without
    /// its result, a number a figure cannot keep, a refused character): it is filled, but
    /// gives no value.
    Unreadable,
}

/// What reading a file gives: its tables, the problems of their cells, and warnings about
/// what was not read (hidden sheets).
#[derive(Debug, Default)]
pub struct Read {
    pub tables: Vec<Table>,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Diagnostic>,
}

/// One sheet (a CSV file is one sheet without a name).
#[derive(Debug)]
pub struct Table {
    pub sheet: Option<String>,
    /// `rows[r][c]` is the cell at spreadsheet row `first_row + r + 1`, column `first_col + c`.
    pub rows: Vec<Vec<Cell>>,
    pub first_row: u32,
    pub first_col: u32,
    /// Merged cell ranges inside the table, 0-based and inclusive: `(top, left, bottom,
    /// right)`. A header cell merged over several columns names each of them.
    pub merged: Vec<(usize, usize, usize, usize)>,
}

impl Table {
    /// The cell at a position, or the top-left cell of the merged range covering it.
    pub fn spanning(&self, r: usize, c: usize) -> &Cell {
        match self
            .merged
            .iter()
            .find(|(r0, c0, r1, c1)| (*r0..=*r1).contains(&r) && (*c0..=*c1).contains(&c))
        {
            Some((r0, c0, ..)) => self.cell(*r0, *c0),
            None => self.cell(r, c),
        }
    }

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
    pub fn sheet_prefix(&self, table: usize) -> String {
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
pub fn read(path: &Path, name: &str, sheet: Option<&str>) -> Result<Read, Diagnostic> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !matches!(
        ext.as_str(),
        "csv" | "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"
    ) {
        return Err(
            Diagnostic::error(name, "not a spreadsheet this command reads").with_hint(
                "import a .xlsx, .ods or .csv file (save other formats as one of these)",
            ),
        );
    }
    let bytes = regular::read(path, MAX_FILE_BYTES).map_err(|e| {
        let hint = match e {
            regular::Refused::TooLarge(_) => format!(
                "spreadsheets over {} MB are refused: split the data into several files",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            regular::Refused::NotAFile(_) => {
                "save the spreadsheet as a file and import that file".to_string()
            }
            regular::Refused::Io(_) => "check that the file exists and is readable".to_string(),
        };
        Diagnostic::error(name, format!("cannot read: {e}")).with_hint(hint)
    })?;
    match ext.as_str() {
        "csv" => read_csv(&bytes, name),
        _ => super::workbook::read(bytes, &ext, name, sheet),
    }
}

/// A text cell: trimmed, `None` when blank; a refused character is a problem at the cell.
pub fn text_cell(text: &str, at: CellRef, problems: &mut Vec<Problem>) -> Option<Cell> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some((_, c)) = hygiene::first_forbidden(text) {
        problems.push(Problem::error(at, hygiene::message(c), hygiene::HINT));
        return Some(Cell::Unreadable);
    }
    Some(Cell::Text(text.to_string()))
}

/// Reads a CSV file. The delimiter is `;` when the first line has semicolons but no commas
/// (Excel's choice in locales where the comma is the decimal mark); a BOM is skipped.
fn read_csv(bytes: &[u8], name: &str) -> Result<Read, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
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
    let mut read = Read::default();
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
            let at = CellRef {
                table: 0,
                row: i as u32 + 1,
                col: c as u32,
            };
            // What `export` (and the site's downloads) quoted against formulas.
            let text = formula_unescaped(text.trim());
            row.push(text_cell(text, at, &mut read.problems).unwrap_or(Cell::Empty));
        }
        rows.push(row);
    }
    read.tables.push(Table {
        sheet: None,
        rows,
        first_row: 0,
        first_col: 0,
        merged: Vec::new(),
    });
    Ok(read)
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
