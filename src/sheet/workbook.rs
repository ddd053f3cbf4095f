//! Workbooks (`.xlsx`, `.ods`, …) through calamine, with bounded work and nothing dropped in
//! silence: hidden sheets are skipped with a warning unless `--sheet` names them, every cell
//! that holds no usable value (an error, a formula without its result, a number a figure
//! cannot keep) is a problem at that cell, and a sheet's size is checked before its table is
//! laid out.
//!
//! calamine's `worksheet_range` allocates the whole rectangle its cells span, so two cells
//! (A1 and XFD1048576) of a 400-byte file would ask for 2^34 cells. `.xlsx` and `.xlsb`
//! sheets are therefore streamed cell by cell and kept sparse until their used range is known
//! to be small enough.

use std::io::Cursor;

use calamine::{Data, Reader, SheetType, SheetVisible, Sheets, Xls, Xlsb, Xlsx};

use super::Problem;
use super::read::{Cell, CellRef, Read, Table, column_letter, text_cell};
use crate::diagnostic::Diagnostic;

/// At most this many cells are read from a sheet, and its used range (rows × columns) may
/// hold at most this many.
pub const MAX_CELLS: u64 = 10_000_000;
/// The last row and column a spreadsheet program can have (1,048,576 and XFD), 0-based.
const LAST_ROW: u32 = 1_048_575;
const LAST_COL: u32 = 16_383;
/// At most this many bytes are unpacked from a workbook's zip (sheets, shared strings,
/// styles): a few kilobytes of deflated zeros can declare gigabytes.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// From this integer on (2^53), an f64 may have lost digits of the number written.
const EXACT_INTEGERS: u64 = 1 << 53;

type Book = Sheets<Cursor<Vec<u8>>>;

/// Reads the sheets of a workbook (or only `only`); `ext` is the file's lower-case extension.
pub fn read(bytes: Vec<u8>, ext: &str, name: &str, only: Option<&str>) -> Result<Read, Diagnostic> {
    if ext != "xls" {
        not_too_large(&bytes, name)?;
    }
    if ext == "ods" {
        ods_within_bounds(&bytes, name, only)?;
    }
    if matches!(ext, "xlsx" | "xlsm") {
        xlsx_references_in_bounds(&bytes, name)?;
    }
    let mut book = open(bytes, ext).map_err(|e| {
        Diagnostic::error(name, format!("cannot read the workbook: {e}"))
            .with_hint("check that the file is a spreadsheet saved by Excel or LibreOffice")
    })?;
    let sheets = book.sheets_metadata().to_vec();
    if let Some(only) = only
        && !sheets.iter().any(|s| s.name == only)
    {
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        return Err(
            Diagnostic::error(name, format!("there is no sheet `{only}`"))
                .with_hint(format!("the sheets are: {}", names.join(", "))),
        );
    }
    let mut read = Read::default();
    for sheet in sheets.iter().filter(|s| only.is_none_or(|o| o == s.name)) {
        if matches!(sheet.typ, SheetType::ChartSheet | SheetType::Vba) {
            continue;
        }
        if sheet.visible != SheetVisible::Visible && only.is_none() {
            read.warnings.push(hidden(name, &sheet.name));
            continue;
        }
        let t = read.tables.len();
        let mut cells = Sparse::new(t);
        cells.merged = merged_ranges(&mut book, &sheet.name);
        let result = match &mut book {
            Sheets::Xlsx(x) => xlsx_cells(x, &sheet.name, &mut cells, &mut read.problems),
            Sheets::Xlsb(x) => xlsb_cells(x, &sheet.name, &mut cells, &mut read.problems),
            other => range_cells(other, &sheet.name, &mut cells, &mut read.problems),
        };
        result.map_err(|e| {
            Diagnostic::error(
                format!("{name}:{}", sheet.name),
                format!("cannot read the sheet: {e}"),
            )
        })?;
        read.tables
            .push(cells.into_table(sheet.name.clone(), &mut read.problems));
    }
    Ok(read)
}

/// A workbook whose zip declares more than [`MAX_UNPACKED_BYTES`] is refused unread.
fn not_too_large(bytes: &[u8], name: &str) -> Result<(), Diagnostic> {
    match unpacked_size(bytes) {
        Some(size) if size > MAX_UNPACKED_BYTES => Err(Diagnostic::error(
            name,
            format!(
                "the workbook unpacks to {:.1} MB; at most {} MB are read",
                size as f64 / 1e6,
                MAX_UNPACKED_BYTES / (1024 * 1024)
            ),
        )
        .with_hint(
            "split the data into several files, or save it again from Excel or LibreOffice",
        )),
        _ => Ok(()),
    }
}

/// An `.ods` whose filled cells span more than [`MAX_CELLS`] in a sheet is refused before
/// calamine lays it out (it would fill the whole rectangle).
fn ods_within_bounds(bytes: &[u8], name: &str, only: Option<&str>) -> Result<(), Diagnostic> {
    let Ok(extents) = super::ods_extent::sheet_extents(bytes, MAX_UNPACKED_BYTES) else {
        // Not readable as an ods: calamine says what is wrong.
        return Ok(());
    };
    for (sheet, cells) in extents {
        if cells > MAX_CELLS && only.is_none_or(|o| o == sheet) {
            return Err(Diagnostic::error(
                format!("{name}:{sheet}"),
                format!("the sheet's filled cells span {cells} cells; at most {MAX_CELLS} are read"),
            )
            .with_hint("delete the far-away cells (or split the data into several sheets), then save again"));
        }
    }
    Ok(())
}

/// An `.xlsx` whose sheets hold a cell reference beyond the largest sheet is refused before
/// calamine parses the reference (it would overflow); so is one whose sheet XML the scan
/// cannot read past.
fn xlsx_references_in_bounds(bytes: &[u8], name: &str) -> Result<(), Diagnostic> {
    use super::xlsx_refs::Refusal;
    let resave = "the file is damaged or was not written by a spreadsheet program: open it in Excel or LibreOffice and save it again";
    match super::xlsx_refs::first_refusal(bytes, MAX_UNPACKED_BYTES) {
        None => Ok(()),
        Some(Refusal::BeyondLargestSheet { part, reference }) => Err(Diagnostic::error(
            format!("{name}:{part}"),
            format!(
                "the cell reference `{reference}` lies beyond the largest sheet a spreadsheet can have (column XFD, row 1048576)"
            ),
        )
        .with_hint(resave)),
        Some(Refusal::Damaged {
            part,
            offset,
            message,
        }) => Err(Diagnostic::error(
            format!("{name}:{part}"),
            format!("the sheet's XML cannot be read at byte {offset}: {message}"),
        )
        .with_hint(resave)),
    }
}

/// The warning for a hidden sheet, which is not imported unless `--sheet` names it.
fn hidden(name: &str, sheet: &str) -> Diagnostic {
    Diagnostic::warning(
        format!("{name}:{sheet}"),
        "the sheet is hidden; it was not imported",
    )
    .with_hint(format!(
        "import it with --sheet \"{sheet}\", or show it in the spreadsheet and save again"
    ))
}

/// What the files of a zip (`.xlsx`, `.ods`) declare they unpack to, in all; `None` when it
/// is no zip (calamine then says what is wrong). The zip reader stops at each file's
/// declared size, so the declaration bounds the work.
fn unpacked_size(bytes: &[u8]) -> Option<u64> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        total = total.saturating_add(zip.by_index_raw(i).ok()?.size());
    }
    Some(total)
}

/// The workbook, by its extension (the bytes are not copied to try each format in turn).
fn open(bytes: Vec<u8>, ext: &str) -> Result<Book, String> {
    let rs = Cursor::new(bytes);
    let e = |e: &dyn std::fmt::Display| e.to_string();
    Ok(match ext {
        "xlsx" | "xlsm" => Sheets::Xlsx(Xlsx::new(rs).map_err(|x| e(&x))?),
        "xlsb" => Sheets::Xlsb(Xlsb::new(rs).map_err(|x| e(&x))?),
        "xls" => Sheets::Xls(Xls::new(rs).map_err(|x| e(&x))?),
        _ => Sheets::Ods(calamine::Ods::new(rs).map_err(|x| e(&x))?),
    })
}

/// An `.xlsx` sheet streamed: a formula cell without a stored result is a problem (the
/// file was written by a program that does not compute formulas).
fn xlsx_cells(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    sheet: &str,
    cells: &mut Sparse,
    problems: &mut Vec<Problem>,
) -> Result<(), String> {
    let mut reader = match book.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(e.to_string()),
    };
    while let Some(c) = reader.next_cell_with_formula().map_err(|e| e.to_string())? {
        let value = Data::from(c.value);
        match (&value, c.formula) {
            (Data::Empty, Some(f)) if !f.is_empty() => {
                if !cells.formula_without_result(c.pos, &f, problems) {
                    break;
                }
            }
            _ => {
                if !cells.push(c.pos, value, problems) {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// An `.xlsb` sheet streamed.
fn xlsb_cells(
    book: &mut Xlsb<Cursor<Vec<u8>>>,
    sheet: &str,
    cells: &mut Sparse,
    problems: &mut Vec<Problem>,
) -> Result<(), String> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| e.to_string())?;
    while let Some(c) = reader.next_cell().map_err(|e| e.to_string())? {
        if !cells.push(
            c.get_position(),
            Data::from(c.get_value().clone()),
            problems,
        ) {
            break;
        }
    }
    Ok(())
}

/// An `.ods` or `.xls` sheet, through calamine's range (its readers cap the rows and cells
/// they lay out); formulas without a result are found in the formula range.
fn range_cells(
    book: &mut Book,
    sheet: &str,
    cells: &mut Sparse,
    problems: &mut Vec<Problem>,
) -> Result<(), String> {
    let range = book.worksheet_range(sheet).map_err(|e| e.to_string())?;
    if let Ok(formulas) = book.worksheet_formula(sheet) {
        for (r, c, f) in formulas.used_cells() {
            let (start_r, start_c) = formulas.start().unwrap_or((0, 0));
            let pos = (start_r + r as u32, start_c + c as u32);
            let empty = range.get_value(pos).is_none_or(|v| *v == Data::Empty);
            if empty && !cells.formula_without_result(pos, f, problems) {
                return Ok(());
            }
        }
    }
    let (start_r, start_c) = range.start().unwrap_or((0, 0));
    for (r, c, value) in range.used_cells() {
        let pos = (start_r + r as u32, start_c + c as u32);
        if !cells.push(pos, value.clone(), problems) {
            break;
        }
    }
    Ok(())
}

/// Merged ranges name header columns: only those starting in the first [`MERGED_ROWS`]
/// rows of a sheet's table are kept, at most [`MAX_MERGED`] of them (a header has a
/// handful), so that reading a header costs at most rows × columns × this.
const MAX_MERGED: usize = 256;
const MERGED_ROWS: u32 = 64;

/// The merged ranges of a sheet, as `(top, left, bottom, right)` 0-based; none for formats
/// calamine does not give them for (`.ods`, `.xlsb`) or a sheet whose list cannot be read.
fn merged_ranges(book: &mut Book, sheet: &str) -> Vec<(u32, u32, u32, u32)> {
    let dims = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        _ => Vec::new(),
    };
    dims.iter()
        .take(MAX_MERGED)
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect()
}

/// The filled cells of one sheet, before they are laid out as a table.
struct Sparse {
    table: usize,
    cells: Vec<(u32, u32, Cell)>,
    merged: Vec<(u32, u32, u32, u32)>,
    /// Set once the sheet was found too large: nothing more is kept.
    too_large: bool,
}

impl Sparse {
    fn new(table: usize) -> Self {
        Sparse {
            table,
            cells: Vec::new(),
            merged: Vec::new(),
            too_large: false,
        }
    }

    fn at(&self, (row, col): (u32, u32)) -> CellRef {
        CellRef {
            table: self.table,
            row: row.saturating_add(1),
            col,
        }
    }

    /// Reads one cell's value; `false` once the sheet is too large to go on.
    fn push(&mut self, pos: (u32, u32), value: Data, problems: &mut Vec<Problem>) -> bool {
        match cell(value, self.at(pos), problems) {
            Some(cell) => self.keep(pos, cell, problems),
            None => true,
        }
    }

    /// A formula whose result the file does not store; `false` once the sheet is too large.
    fn formula_without_result(
        &mut self,
        pos: (u32, u32),
        formula: &str,
        problems: &mut Vec<Problem>,
    ) -> bool {
        problems.push(Problem::error(
            self.at(pos),
            format!("the formula `={formula}` has no computed value in the file"),
            "open the file in Excel or LibreOffice and save it again (the program that wrote it stores formulas without their results), or type the figure",
        ));
        self.keep(pos, Cell::Unreadable, problems)
    }

    /// Keeps a filled cell; `false` once the sheet is too large to go on.
    fn keep(&mut self, pos: (u32, u32), cell: Cell, problems: &mut Vec<Problem>) -> bool {
        let at = self.at(pos);
        if pos.0 > LAST_ROW || pos.1 > LAST_COL {
            problems.push(Problem::error(
                at,
                format!(
                    "a cell at row {} column {}, beyond the last one a spreadsheet can have",
                    at.row,
                    column_letter(pos.1)
                ),
                "save the file again from Excel or LibreOffice (it was not written by one)",
            ));
            return true;
        }
        if self.cells.len() as u64 >= MAX_CELLS {
            self.too_large = true;
            problems.push(Problem::error(
                at,
                format!("the sheet has more than {MAX_CELLS} filled cells; no more are read"),
                "split the data into several files, or delete what does not belong in it",
            ));
            return false;
        }
        self.cells.push((pos.0, pos.1, cell));
        true
    }

    /// The cells laid out from their used range's first row and column; no rows when that
    /// range holds more than [`MAX_CELLS`] (a problem at its far corner).
    fn into_table(self, sheet: String, problems: &mut Vec<Problem>) -> Table {
        let mut table = Table {
            sheet: Some(sheet),
            rows: Vec::new(),
            first_row: 0,
            first_col: 0,
            merged: Vec::new(),
        };
        let Some((first_row, last_row, first_col, last_col)) = used_range(&self.cells) else {
            return table;
        };
        let rows = u64::from(last_row - first_row) + 1;
        let cols = u64::from(last_col - first_col) + 1;
        if self.too_large {
            return table;
        }
        if rows * cols > MAX_CELLS {
            problems.push(Problem::error(
                self.at((last_row, last_col)),
                format!(
                    "the sheet's cells span {}{}:{}{}, {} cells; at most {MAX_CELLS} are read",
                    column_letter(first_col),
                    first_row + 1,
                    column_letter(last_col),
                    last_row + 1,
                    rows * cols
                ),
                "delete the cells far from the table (select the rows and columns after it, delete them) and save again",
            ));
            return table;
        }
        table.first_row = first_row;
        table.first_col = first_col;
        // Ranges that start inside the used range; clipped to it (a title merged far right).
        table.merged = self
            .merged
            .iter()
            .filter(|(r0, c0, ..)| {
                let top = first_row..=last_row.min(first_row.saturating_add(MERGED_ROWS));
                top.contains(r0) && (first_col..=last_col).contains(c0)
            })
            .take(MAX_MERGED)
            .map(|&(r0, c0, r1, c1)| {
                let (r1, c1) = (r1.clamp(r0, last_row), c1.clamp(c0, last_col));
                (
                    (r0 - first_row) as usize,
                    (c0 - first_col) as usize,
                    (r1 - first_row) as usize,
                    (c1 - first_col) as usize,
                )
            })
            .collect();
        table.rows = vec![Vec::new(); rows as usize];
        for (r, c, cell) in self.cells {
            let row = &mut table.rows[(r - first_row) as usize];
            let c = (c - first_col) as usize;
            if row.len() <= c {
                row.resize(c + 1, Cell::Empty);
            }
            row[c] = cell;
        }
        table
    }
}

/// First and last row, first and last column of the cells.
fn used_range(cells: &[(u32, u32, Cell)]) -> Option<(u32, u32, u32, u32)> {
    let first = cells.first()?;
    Some(cells.iter().fold(
        (first.0, first.0, first.1, first.1),
        |(r0, r1, c0, c1), (r, c, _)| (r0.min(*r), r1.max(*r), c0.min(*c), c1.max(*c)),
    ))
}

/// One cell's value as the import reads it; `None` for an empty cell. A value no figure can
/// be read from is a problem here, and the cell is kept as [`Cell::Unreadable`].
fn cell(data: Data, at: CellRef, problems: &mut Vec<Problem>) -> Option<Cell> {
    let refuse = |problems: &mut Vec<Problem>, message: String, hint: &str| {
        problems.push(Problem::error(at, message, hint));
        Some(Cell::Unreadable)
    };
    match data {
        Data::Empty => None,
        Data::Int(i) if i.unsigned_abs() >= EXACT_INTEGERS => refuse(
            problems,
            format!("{i} has more digits than a figure can keep exactly"),
            "round it (a figure keeps 15 significant digits), or write it in a larger unit",
        ),
        Data::Int(i) => Some(Cell::Number(i as f64)),
        Data::Float(f) if !f.is_finite() => refuse(
            problems,
            format!("`{f}` is not a finite number"),
            "type the figure, or leave the cell empty when there is none",
        ),
        Data::Float(f) if f.fract() == 0.0 && f.abs() >= EXACT_INTEGERS as f64 => refuse(
            problems,
            format!("{f} has more digits than a figure can keep exactly"),
            "round it (a figure keeps 15 significant digits), or write it in a larger unit",
        ),
        Data::Float(f) => Some(Cell::Number(f)),
        Data::String(s) => text_cell(&s, at, problems),
        Data::Bool(b) => Some(Cell::Other(b.to_string().to_uppercase())),
        Data::DateTime(d) => Some(Cell::Other(format!("a date ({})", d.as_f64()))),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(Cell::Other(format!("a date ({s})"))),
        Data::Error(e) => refuse(
            problems,
            format!("the cell holds the error {e}"),
            "correct the formula (or the figures it uses), or type the figure",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_unpacked_size_is_what_the_zip_declares() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for (name, len) in [("a.xml", 3000), ("b.xml", 70_000)] {
            zip.start_file(name, opts).unwrap();
            zip.write_all(&vec![b'0'; len]).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 2000);
        assert_eq!(unpacked_size(&bytes), Some(73_000));
        assert_eq!(unpacked_size(b"province,year\n"), None);
    }
}
