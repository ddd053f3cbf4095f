//! A spreadsheet given to `import`: the first byte picks the format (`.csv`, `.xlsx`, `.ods`,
//! or a sheet's XML that the target packs into a valid `.xlsx`, since the fuzzer cannot keep
//! a zip's checksums right), the rest is the file. The whole import runs, as a dry run into good-min: reading the
//! workbook (zip, XML, sparse cells, size caps), the layouts, names, the merge and the
//! validation. Besides crashes and aborts, the oracle is that a failure always says where.
#![no_main]

use std::io::Write;
use std::path::PathBuf;

use ictreport::sheet::{ImportOptions, import};
use ictreport_fuzz::good_min;
use libfuzzer_sys::fuzz_target;

const FORMATS: [&str; 4] = ["csv", "xlsx", "ods", "xlsx"];

/// An `.xlsx` with one sheet, `ict_revenue`, whose XML is `sheet`.
fn packed(sheet: &[u8]) -> Vec<u8> {
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let files: [(&str, Vec<u8>); 4] = [
        (
            "_rels/.rels",
            format!(r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).into_bytes(),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="ict_revenue" sheetId="1" r:id="rId1"/></sheets></workbook>"#).into_bytes(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#).into_bytes(),
        ),
        ("xl/worksheets/sheet1.xml", sheet.to_vec()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        if zip.start_file(name, opts).is_err() || zip.write_all(&bytes).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Some((&format, bytes)) = data.split_first() else {
        return;
    };
    let ext = FORMATS[usize::from(format % 4)];
    // One file per process (libFuzzer may run several jobs side by side), rewritten each run.
    let file: PathBuf =
        std::env::temp_dir().join(format!("ictreport-fuzz-{}.{ext}", std::process::id()));
    let bytes = match format % 4 {
        3 => packed(bytes),
        _ => bytes.to_vec(),
    };
    if std::fs::write(&file, bytes).is_err() {
        return;
    }
    let result = import(&ImportOptions {
        root: good_min(),
        file,
        sheet: None,
        dry_run: true,
        source: None,
        out_of: None,
    });
    if let Err(failure) = result {
        assert!(!failure.diagnostics.is_empty(), "a failure without a word");
        for d in &failure.diagnostics {
            assert!(
                !d.message.is_empty(),
                "a diagnostic without a message: {d:?}"
            );
        }
    }
});
