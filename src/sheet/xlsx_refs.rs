//! Cell references of an `.xlsx`, checked before calamine reads them: calamine turns `r="…"`
//! and `ref="…"` into numbers by multiplying without a bound, so a damaged or hand-made file
//! with an over-long reference (`AAAAAAAAA1`, `A99999999999`) overflows inside it. Every
//! reference a sheet or table part holds must lie within the largest sheet a spreadsheet
//! program can have (XFD1048576).

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;

/// The first reference beyond a spreadsheet's largest sheet: the part it is in (e.g.
/// `xl/worksheets/sheet1.xml`) and the reference as written (cut to a readable length).
#[derive(Debug, PartialEq)]
pub struct BadReference {
    pub part: String,
    pub reference: String,
}

/// Scans the sheet and table parts of an `.xlsx`; `None` when every reference is in bounds
/// or the file is no readable zip (calamine then says what is wrong). At most `max_unpacked`
/// bytes are read from each part.
pub fn first_bad_reference(bytes: &[u8], max_unpacked: u64) -> Option<BadReference> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let parts: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .filter(|n| {
            (n.starts_with("xl/worksheets/") || n.starts_with("xl/tables/")) && n.ends_with(".xml")
        })
        .collect();
    for part in parts {
        let Ok(file) = zip.by_name(&part) else {
            continue;
        };
        if let Some(reference) = bad_in_part(BufReader::new(file.take(max_unpacked))) {
            return Some(BadReference { part, reference });
        }
    }
    None
}

/// The first `r` or `ref` attribute of the part that is out of bounds; unreadable XML stops
/// the scan (calamine reports it).
fn bad_in_part(xml: impl std::io::BufRead) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) => {
                for attr in e.attributes().flatten() {
                    // Unprefixed only: `xmlns:r` and `r:id` are no references.
                    let key = attr.key.into_inner();
                    if matches!(key, "r" | "ref")
                        && let Some(bad) = out_of_bounds(&attr.value)
                    {
                        return Some(bad);
                    }
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// The largest column (XFD) and row a spreadsheet program allows, 1-based.
const MAX_COLUMN: u64 = 16_384;
const MAX_ROW: u64 = 1_048_576;

/// `Some(reference)` when a cell or range reference (`B7`, `$A$1:C9`, `A:C`, `3:5`) names a
/// column or row beyond the largest sheet.
fn out_of_bounds(text: &str) -> Option<String> {
    let too_far = text.split(':').any(|cell| {
        let (mut col, mut row) = (0u64, 0u64);
        for b in cell.bytes().filter(|&b| b != b'$') {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' => {
                    col = col * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1;
                }
                b'0'..=b'9' => row = row * 10 + u64::from(b - b'0'),
                // Not a reference (calamine refuses it with its own error).
                _ => return false,
            }
            if col > MAX_COLUMN || row > MAX_ROW {
                return true;
            }
        }
        false
    });
    too_far.then(|| {
        let shown: String = text.chars().take(24).collect();
        if shown.len() < text.len() {
            format!("{shown}…")
        } else {
            shown
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_within_the_largest_sheet_pass() {
        for ok in ["A1", "XFD1048576", "$B$7:C9", "A:C", "3:5", "a1"] {
            assert_eq!(out_of_bounds(ok), None, "{ok}");
        }
    }

    #[test]
    fn references_beyond_it_are_named() {
        for bad in [
            "XFE1",
            "A1048577",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1",
            "A1:A99999999999",
        ] {
            assert!(out_of_bounds(bad).is_some(), "{bad}");
        }
        let long = "A".repeat(40) + "1";
        assert_eq!(
            out_of_bounds(&long).map(|s| s.chars().count()),
            Some(25),
            "cut to 24 characters and an ellipsis"
        );
    }

    #[test]
    fn the_first_bad_reference_of_a_part_is_found() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="ZZZZZZZZ1"/></row></sheetData></worksheet>"#;
        assert_eq!(bad_in_part(&xml[..]), Some("ZZZZZZZZ1".to_owned()));
        let namespaced = br#"<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><hyperlinks><hyperlink ref="B2" r:id="rId1"/></hyperlinks></worksheet>"#;
        assert_eq!(bad_in_part(&namespaced[..]), None);
        let fine = br#"<worksheet><dimension ref="A1:B2"/><sheetData><row r="2"/></sheetData></worksheet>"#;
        assert_eq!(bad_in_part(&fine[..]), None);
    }
}
