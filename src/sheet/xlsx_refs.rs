//! Cell references of an `.xlsx`, checked before calamine reads them: calamine turns `r="…"`
//! and `ref="…"` into numbers by multiplying without a bound, so a damaged or hand-made file
//! with an over-long reference (`AAAAAAAAA1`, `A99999999999`) overflows inside it. Every
//! reference a sheet or table part holds must lie within the largest sheet a spreadsheet
//! program can have (XFD1048576).

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;

/// Why a sheet or table part is refused before calamine reads it.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// A reference beyond the largest sheet, as written (cut to a readable length).
    BeyondLargestSheet { part: String, reference: String },
    /// XML the scan cannot read past (so it cannot vouch for the references after it);
    /// `offset` is the byte in the unpacked part.
    Damaged {
        part: String,
        offset: u64,
        message: String,
    },
}

/// Scans the sheet and table parts of an `.xlsx`; `None` when every reference is in bounds
/// or the file is no readable zip (calamine then says what is wrong). At most `max_unpacked`
/// bytes are read from each part.
pub fn first_refusal(bytes: &[u8], max_unpacked: u64) -> Option<Refusal> {
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
        match scan_part(BufReader::new(file.take(max_unpacked))) {
            Ok(None) => {}
            Ok(Some(reference)) => return Some(Refusal::BeyondLargestSheet { part, reference }),
            Err((offset, message)) => {
                return Some(Refusal::Damaged {
                    part,
                    offset,
                    message,
                });
            }
        }
    }
    None
}

/// The first `r` or `ref` attribute of the part that is out of bounds. The reader is set up
/// as calamine sets up its own (end tags not matched against start tags), and anything it
/// cannot read is an error rather than the end of the scan: calamine's reader may read on
/// where this one stops, and would meet the references this scan did not see.
fn scan_part(xml: impl std::io::BufRead) -> Result<Option<String>, (u64, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| (reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                for attr in e.attributes() {
                    let attr = attr.map_err(|e| (reader.buffer_position(), e.to_string()))?;
                    // Unprefixed only: `xmlns:r` and `r:id` are no references.
                    let key = attr.key.into_inner();
                    if matches!(key, "r" | "ref")
                        && let Some(bad) = out_of_bounds(&attr.value)
                    {
                        return Ok(Some(bad));
                    }
                }
            }
            Event::Eof => return Ok(None),
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
        assert_eq!(scan_part(&xml[..]), Ok(Some("ZZZZZZZZ1".to_owned())));
        let namespaced = br#"<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><hyperlinks><hyperlink ref="B2" r:id="rId1"/></hyperlinks></worksheet>"#;
        assert_eq!(scan_part(&namespaced[..]), Ok(None));
        let fine = br#"<worksheet><dimension ref="A1:B2"/><sheetData><row r="2"/></sheetData></worksheet>"#;
        assert_eq!(scan_part(&fine[..]), Ok(None));
    }

    /// The fuzz smoke's second find: an end tag that does not match its start tag stopped
    /// the scan, calamine (which does not match them) read on into the over-long reference.
    #[test]
    fn a_mismatched_end_tag_does_not_hide_the_references_after_it() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><alpha-2020t>x</t></is></c><c r="AAAAAAAAAAAAAAAAAAAAAAAAA1"><v>1</v></c></row></sheetData></worksheet>"#;
        assert_eq!(
            scan_part(&xml[..]),
            Ok(Some("AAAAAAAAAAAAAAAAAAAAAAAA…".to_owned()))
        );
    }

    #[test]
    fn xml_the_scan_cannot_read_is_refused_with_its_offset() {
        let xml =
            br#"<worksheet><sheetData><row r="1"><c r="A1" r="B2"/></row></sheetData></worksheet>"#;
        let Err((offset, message)) = scan_part(&xml[..]) else {
            panic!("a repeated attribute is no readable XML");
        };
        assert!(offset > 0 && !message.is_empty(), "{offset} {message}");
    }
}
