//! A spreadsheet given to `import`: the first byte picks the format (`.csv`, `.xlsx`, `.ods`),
//! the rest is the file. The whole import runs, as a dry run into good-min: reading the
//! workbook (zip, XML, sparse cells, size caps), the layouts, names, the merge and the
//! validation. Besides crashes and aborts, the oracle is that a failure always says where.
#![no_main]

use std::path::PathBuf;

use ictreport::sheet::{ImportOptions, import};
use ictreport_fuzz::good_min;
use libfuzzer_sys::fuzz_target;

const FORMATS: [&str; 3] = ["csv", "xlsx", "ods"];

fuzz_target!(|data: &[u8]| {
    let Some((&format, bytes)) = data.split_first() else {
        return;
    };
    let ext = FORMATS[usize::from(format) % FORMATS.len()];
    // One file per process (libFuzzer may run several jobs side by side), rewritten each run.
    let file: PathBuf =
        std::env::temp_dir().join(format!("ictreport-fuzz-{}.{ext}", std::process::id()));
    if std::fs::write(&file, bytes).is_err() {
        return;
    }
    let result = import(&ImportOptions {
        root: good_min(),
        file,
        sheet: None,
        dry_run: true,
    });
    if let Err(failure) = result {
        assert!(!failure.diagnostics.is_empty(), "a failure without a word");
        for d in &failure.diagnostics {
            assert!(!d.message.is_empty(), "a diagnostic without a message: {d:?}");
        }
    }
});
