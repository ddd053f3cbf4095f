//! The extent of an `.ods` sheet, read from its XML before calamine lays the sheet out:
//! calamine fills the whole rectangle a sheet's repeated rows and columns span, so a small
//! file (`number-rows-repeated="1048576"` on a row with a value) would allocate gigabytes.
//! Only cells with content count, as in the used range of the other formats.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};

/// The rows × columns each sheet's filled cells span, by sheet name, in document order.
pub fn sheet_extents(bytes: &[u8], max_unpacked: u64) -> Result<Vec<(String, u64)>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let content = zip.by_name("content.xml").map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content.take(max_unpacked)));
    let mut buf = Vec::new();
    let mut sheets = Vec::new();
    let mut sheet: Option<Extent> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().into_inner() == "table:table" => {
                sheet = Some(Extent::new(attr(&e, "table:name").unwrap_or_default()));
            }
            Event::End(e) if e.name().into_inner() == "table:table" => {
                if let Some(s) = sheet.take() {
                    sheets.push((s.name, s.rows.saturating_mul(s.cols)));
                }
            }
            Event::Start(e) if e.name().into_inner() == "table:table-row" => {
                if let Some(s) = &mut sheet {
                    s.start_row(repeated(&e, "table:number-rows-repeated"));
                }
            }
            Event::Empty(e) if e.name().into_inner() == "table:table-row" => {
                if let Some(s) = &mut sheet {
                    s.start_row(repeated(&e, "table:number-rows-repeated"));
                    s.end_row();
                }
            }
            Event::End(e) if e.name().into_inner() == "table:table-row" => {
                if let Some(s) = &mut sheet {
                    s.end_row();
                }
            }
            // A cell with children holds text (`<text:p>`); an empty one only a typed value.
            Event::Start(e) if is_cell(&e) => {
                if let Some(s) = &mut sheet {
                    s.cell(repeated(&e, "table:number-columns-repeated"), true);
                }
            }
            Event::Empty(e) if is_cell(&e) => {
                let filled = attr(&e, "office:value-type").is_some();
                if let Some(s) = &mut sheet {
                    s.cell(repeated(&e, "table:number-columns-repeated"), filled);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(sheets)
}

fn is_cell(e: &BytesStart) -> bool {
    matches!(
        e.name().into_inner(),
        "table:table-cell" | "table:covered-table-cell"
    )
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == key)
        .map(|a| a.value.to_string())
}

fn repeated(e: &BytesStart, key: &str) -> u64 {
    attr(e, key)
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Where the filled cells of one sheet reach.
struct Extent {
    name: String,
    /// The first row index after the rows read so far.
    next_row: u64,
    /// The rows the current row element repeats.
    row_repeat: u64,
    /// The first column after the cells of the current row read so far.
    next_col: u64,
    row_filled: bool,
    rows: u64,
    cols: u64,
}

impl Extent {
    fn new(name: String) -> Self {
        Extent {
            name,
            next_row: 0,
            row_repeat: 1,
            next_col: 0,
            row_filled: false,
            rows: 0,
            cols: 0,
        }
    }

    fn start_row(&mut self, repeat: u64) {
        self.row_repeat = repeat;
        self.next_col = 0;
        self.row_filled = false;
    }

    fn cell(&mut self, repeat: u64, filled: bool) {
        self.next_col = self.next_col.saturating_add(repeat);
        if filled {
            self.row_filled = true;
            self.cols = self.cols.max(self.next_col);
        }
    }

    fn end_row(&mut self) {
        self.next_row = self.next_row.saturating_add(self.row_repeat);
        if self.row_filled {
            self.rows = self.rows.max(self.next_row);
        }
        self.row_repeat = 1;
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// An `.ods` whose one sheet holds `rows` (the XML of its rows).
    fn ods(rows: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("mimetype", options).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("content.xml", options).unwrap();
        write!(
            zip,
            r#"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Số liệu">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
        .unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn only_filled_cells_count_however_far_empty_ones_repeat() {
        let bytes = ods(concat!(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>"#,
            r#"<table:table-cell office:value-type="float" office:value="2"/><table:table-cell table:number-columns-repeated="16382"/></table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        ));
        assert_eq!(
            sheet_extents(&bytes, 1 << 20).unwrap(),
            [("Số liệu".to_string(), 2)]
        );
    }

    #[test]
    fn a_value_repeated_over_the_whole_grid_spans_it_and_is_refused_unread() {
        let bytes = ods(concat!(
            r#"<table:table-row table:number-rows-repeated="1048576">"#,
            r#"<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#,
        ));
        assert_eq!(
            sheet_extents(&bytes, 1 << 20).unwrap(),
            [("Số liệu".to_string(), 1_048_576 * 16_384)]
        );
        let Err(err) = crate::sheet::workbook::read(bytes, "ods", "x.ods", None) else {
            panic!("the sheet was read");
        };
        assert!(
            err.to_string()
                .contains("x.ods:Số liệu: the sheet's filled cells span 17179869184 cells"),
            "{err}"
        );
    }
}
