//! `ictreport export` obeys the rules of the site's downloads and of the user's files: text
//! a spreadsheet would run as a formula is quoted in CSV and written as text in xlsx (and an
//! export still imports back unchanged), the file goes nowhere the site is made of and
//! through no symbolic link, `--force` replaces only a file of the export's kind, and every
//! argument and figure that cannot go into a spreadsheet is a located error.

#![cfg(unix)]

use std::path::{Path, PathBuf};

use calamine::{Data, Reader};

use crate::common::*;
use ictreport::sheet::{ExportOptions, ImportOptions, Layout, export, import};

const HYPERLINK: &str = "=HYPERLINK(\"https://evil.example/\",\"Xem\")";
const CMD: &str = "+cmd|' /C calc'!A0";

/// A copy of the good fixture whose alpha 2015 figure has formula-like notes.
fn site_with_formula_notes() -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = site_copy("good");
    let metrics = root.join("content/provinces/alpha/metrics.yaml");
    let text = std::fs::read_to_string(&metrics).unwrap();
    let notes = format!(
        "    source: alpha-2020\n    note: {}\n    note_en: {}\n",
        serde_json::to_string(HYPERLINK).unwrap(),
        serde_json::to_string(CMD).unwrap()
    );
    std::fs::write(
        &metrics,
        text.replacen("    source: alpha-2020\n", &notes, 1),
    )
    .unwrap();
    (tmp, root)
}

fn options(root: &Path, file: &Path) -> ExportOptions {
    ExportOptions {
        root: root.to_path_buf(),
        file: file.to_path_buf(),
        layout: Layout::Long,
        template: false,
        year: None,
        force: false,
    }
}

/// The one error of an export, as printed.
fn export_error(opts: &ExportOptions) -> String {
    match export(opts) {
        Ok(_) => panic!("the export of {} passed", opts.file.display()),
        Err(f) => {
            assert_eq!(f.diagnostics.len(), 1, "{:?}", f.diagnostics);
            f.diagnostics[0].to_string()
        }
    }
}

fn reimport_changes_nothing(root: &Path, file: &Path) {
    let before = tree(&root.join("content"));
    let again = import(&ImportOptions {
        root: root.to_path_buf(),
        file: file.to_path_buf(),
        sheet: None,
        dry_run: false,
        source: None,
        out_of: None,
    })
    .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(tree(&root.join("content")), before);
}

#[test]
fn csv_export_quotes_formula_cells_and_imports_back_unchanged() {
    let (tmp, root) = site_with_formula_notes();
    let file = tmp.path().join("data.csv");
    export(&options(&root, &file)).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let bytes = std::fs::read(&file).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = rows
        .iter()
        .find(|r| &r[col("province")] == "Alpha" && &r[col("year")] == "2015")
        .unwrap();
    assert_eq!(&row[col("note")], format!("'{HYPERLINK}"));
    assert_eq!(&row[col("note_en")], format!("'{CMD}"));
    assert_eq!(row[col("value")].parse::<f64>().unwrap(), 3566.0);
    // No other text cell starts a formula either.
    for r in &rows {
        for cell in r.iter() {
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r'])
                    && (!cell.starts_with('-') || cell.parse::<f64>().is_ok()),
                "{cell:?}"
            );
        }
    }
    reimport_changes_nothing(&root, &file);
}

#[test]
fn xlsx_export_writes_formula_like_text_as_text() {
    let (tmp, root) = site_with_formula_notes();
    let file = tmp.path().join("data.xlsx");
    export(&options(&root, &file)).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let formulas = book.worksheet_formula("data").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "a formula was written"
    );
    let range = book.worksheet_range("data").unwrap();
    let cells: Vec<&Data> = range.used_cells().map(|(_, _, d)| d).collect();
    assert!(
        cells.contains(&&Data::String(HYPERLINK.into())),
        "{cells:?}"
    );
    assert!(cells.contains(&&Data::String(CMD.into())), "{cells:?}");
    reimport_changes_nothing(&root, &file);
}

#[test]
fn export_never_writes_into_the_site_nor_through_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good"), &root);
    std::fs::create_dir_all(root.join("output")).unwrap();
    let folders = [
        ("content", "content"),
        ("content/provinces/alpha", "content"),
        ("themes", "themes"),
        ("output", "output"),
        (".ictreport/preview/tinh", ".ictreport/preview"),
    ];
    for (folder, top) in folders {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        let file = root.join(folder).join("data.csv");
        let err = export_error(&options(&root, &file));
        assert!(
            err.contains(&format!(
                "export does not write into the site's {top}/ folder"
            )),
            "{err}"
        );
        assert!(!file.exists());
    }
    // A dangling link: the file it names is not created, with or without --force.
    let elsewhere = tmp.path().join("elsewhere.csv");
    let link = root.join("data.csv");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    for force in [false, true] {
        let err = export_error(&ExportOptions {
            force,
            ..options(&root, &link)
        });
        assert!(
            err.contains("is a symbolic link; export does not write through links"),
            "{err}"
        );
        assert!(!elsewhere.exists());
    }
    // A folder of the site linked elsewhere, or linked to content/.
    std::os::unix::fs::symlink(root.join("content/provinces/alpha"), root.join("exports")).unwrap();
    let err = export_error(&options(&root, &root.join("exports/data.csv")));
    assert!(err.contains("is a symbolic link"), "{err}");
    // --force replaces no metrics.yaml, even one reached through a link named .csv.
    let metrics = root.join("content/provinces/alpha/metrics.yaml");
    let before = std::fs::read(&metrics).unwrap();
    let to_metrics = root.join("metrics.csv");
    std::os::unix::fs::symlink(&metrics, &to_metrics).unwrap();
    let err = export_error(&ExportOptions {
        force: true,
        ..options(&root, &to_metrics)
    });
    assert!(err.contains("is a symbolic link"), "{err}");
    let err = export_error(&ExportOptions {
        force: true,
        ..options(&root, &metrics)
    });
    assert!(err.contains("export writes .xlsx or .csv files"), "{err}");
    assert_eq!(std::fs::read(&metrics).unwrap(), before);
    // Beside site.yaml is fine; a second export there needs --force, which replaces it.
    let file = root.join("data.csv");
    std::fs::remove_file(&file).unwrap();
    export(&options(&root, &file)).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(export_error(&options(&root, &file)).contains("the file exists"));
    std::fs::write(&file, "old").unwrap();
    export(&ExportOptions {
        force: true,
        ..options(&root, &file)
    })
    .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert_ne!(std::fs::read(&file).unwrap(), b"old");
    // A folder where the file would go is not replaced.
    std::fs::create_dir(root.join("folder.csv")).unwrap();
    let err = export_error(&ExportOptions {
        force: true,
        ..options(&root, &root.join("folder.csv"))
    });
    assert!(err.contains("this is not a regular file"), "{err}");
}

#[test]
fn a_wrong_target_and_a_wrong_site_are_reported_together() {
    let (tmp, root) = site_with_formula_notes();
    std::fs::remove_file(root.join("content/sources.yaml")).unwrap();
    let file = root.join("content/data.csv");
    let err = match export(&options(&root, &file)) {
        Ok(_) => panic!("the export passed"),
        Err(f) => f.diagnostics,
    };
    assert!(err.len() >= 2, "{err:?}");
    assert!(
        err[0]
            .message
            .contains("export does not write into the site's content/ folder")
    );
    assert!(
        err[1..].iter().any(|d| d.file.ends_with("sources.yaml")),
        "{err:?}"
    );
    drop(tmp);
}

#[test]
fn a_note_too_long_for_a_cell_is_an_error_at_its_province_indicator_and_year() {
    let (tmp, root) = site_with_formula_notes();
    let metrics = root.join("content/provinces/alpha/metrics.yaml");
    let text = std::fs::read_to_string(&metrics).unwrap();
    let long = "Số liệu ước tính. ".repeat(2000);
    let text = text.replacen(
        "    source: alpha-2020\n    status: estimate",
        &format!("    source: alpha-2020\n    note: \"{long}\"\n    status: estimate"),
        1,
    );
    std::fs::write(&metrics, text).unwrap();
    let file = tmp.path().join("data.xlsx");
    let err = export_error(&options(&root, &file));
    assert!(
        err.starts_with(&format!(
            "error: content/provinces/alpha/metrics.yaml: the `note` of `ict_revenue` 2020 in Alpha has {} characters; a spreadsheet cell holds at most 32767",
            long.chars().count()
        )),
        "{err}"
    );
    assert!(!file.exists());
    // CSV has no such limit.
    export(&options(&root, &tmp.path().join("data.csv")))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
}

#[test]
fn the_template_year_is_range_checked() {
    let (tmp, root) = site_with_formula_notes();
    let file = tmp.path().join("mau.xlsx");
    let cli = |year: &str| {
        cli()
            .arg("export")
            .arg(&file)
            .arg("--root")
            .arg(&root)
            .arg("--template")
            .arg(format!("--year={year}"))
            .output()
            .unwrap()
    };
    for year in ["-1", "0", "1974", "2101", "99999999999"] {
        let out = cli(year);
        assert_eq!(out.status.code(), Some(2), "{year}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("'--year <YEAR>'"), "{stderr}");
        assert!(!file.exists());
    }
    assert!(cli("2026").status.success());
    // Through the library too.
    let err = export_error(&ExportOptions {
        template: true,
        year: Some(-1),
        ..options(&root, &tmp.path().join("mau2.xlsx"))
    });
    assert!(
        err.contains("the template's year -1 is outside 1975–2100"),
        "{err}"
    );
}
