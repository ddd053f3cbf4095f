//! `ictreport import` on hostile workbooks: no column, sheet or cell is dropped in silence
//! (each is imported, checked, or a located error or warning), and the work stays bounded
//! whatever the file: special files, a sheet spanning every cell, a million bad rows.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::BIN;
use crate::import::{content, imported, run, site, xlsx};

/// Imports `file` with the real binary; a run that takes more than a minute (a hang) is
/// killed and fails the test instead of hanging it.
fn cli_import(root: &Path, file: &Path, extra: &[&str]) -> Output {
    let mut child = Command::new(BIN)
        .arg("import")
        .arg(file)
        .arg("--root")
        .arg(root)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("`ictreport import {}` hangs", file.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// The errors of importing `file`, without the file name; asserts nothing was written.
fn errors(root: &Path, file: &Path) -> Vec<String> {
    let before = content(root);
    let err = run(root, file, false).expect_err("the import should fail");
    assert_eq!(content(root), before, "something was written");
    let prefix = format!("{}:", file.display());
    err.iter().map(|e| e.replace(&prefix, "")).collect()
}

/// Asserts that each `want` starts one of `errors`, and that there are no others.
fn assert_errors(errors: &[String], want: &[&str]) {
    for w in want {
        assert!(
            errors.iter().any(|e| e.starts_with(w)),
            "no error starts with\n{w}\nin\n{}",
            errors.join("\n")
        );
    }
    assert_eq!(errors.len(), want.len(), "{}", errors.join("\n"));
}

/// A workbook written by hand: one sheet per `(name, state, sheet XML rows)`, where `state`
/// is `visible`, `hidden` or `veryHidden`. Cells are written as `<c r="A1" …>` elements, so
/// a test can write what no spreadsheet program would (a formula without its result, a
/// dimension of the whole grid).
fn raw_xlsx(path: &Path, sheets: &[(&str, &str, &str)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut list = String::new();
    let mut rels = String::new();
    for (i, (name, state, rows)) in sheets.iter().enumerate() {
        let n = i + 1;
        list.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" state="{state}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="{rel}/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        zip.start_file(format!("xl/worksheets/sheet{n}.xml"), opts)
            .unwrap();
        write!(
            zip,
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><dimension ref="A1:XFD1048576"/><sheetData>{rows}</sheetData></worksheet>"#
        )
        .unwrap();
    }
    zip.start_file("_rels/.rels", opts).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    )
    .unwrap();
    zip.start_file("xl/workbook.xml", opts).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{list}</sheets></workbook>"#
    )
    .unwrap();
    zip.start_file("xl/_rels/workbook.xml.rels", opts).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    )
    .unwrap();
    zip.finish().unwrap();
}

/// A row of inline-string cells from column A.
fn text_row(r: u32, cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .enumerate()
        .map(|(c, t)| {
            let col = (b'A' + c as u8) as char;
            format!(r#"<c r="{col}{r}" t="inlineStr"><is><t>{t}</t></is></c>"#)
        })
        .collect();
    format!(r#"<row r="{r}">{cells}</row>"#)
}

#[test]
fn wide_rows_carry_status_qualifier_notes_and_out_of() {
    let (tmp, root) = site();
    let file = tmp.path().join("wide.xlsx");
    xlsx(
        &file,
        &[(
            "ict_index_rank",
            &[
                &[
                    "province",
                    "source",
                    "status",
                    "qualifier",
                    "note",
                    "note_en",
                    "out_of",
                    "unit",
                    "2016",
                    "2017",
                ],
                &[
                    "alpha",
                    "alpha-2020",
                    "estimate",
                    "approximate",
                    "Ước tính",
                    "Estimated",
                    "63",
                    "hạng",
                    "12",
                    "11",
                ],
            ],
        )],
    );
    let done = imported(&root, &file);
    assert_eq!(done.provinces[0].added, 2);
    let metrics =
        std::fs::read_to_string(root.join("content/provinces/alpha/metrics.yaml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&metrics).unwrap();
    let ranks = doc["ict_index_rank"].as_sequence().unwrap();
    for (year, value) in [(2016, 12), (2017, 11)] {
        let o = ranks
            .iter()
            .find(|o| o["year"] == year)
            .unwrap_or_else(|| panic!("{year} missing in\n{metrics}"));
        assert_eq!(o["value"], value);
        assert_eq!(o["status"], "estimate");
        assert_eq!(o["qualifier"], "approximate");
        assert_eq!(o["note"], "Ước tính");
        assert_eq!(o["note_en"], "Estimated");
        assert_eq!(o["out_of"], 63);
    }
}

#[test]
fn wide_columns_a_row_cannot_carry_are_located_errors() {
    let (tmp, root) = site();
    let file = tmp.path().join("wide.xlsx");
    xlsx(
        &file,
        &[(
            "ict_revenue",
            &[
                &[
                    "province",
                    "source",
                    "numerator",
                    "scope",
                    "status",
                    "2016",
                    "2021 target",
                ],
                &[
                    "alpha",
                    "alpha-2020",
                    "5",
                    "local",
                    "estimate",
                    "9671",
                    "90000",
                ],
            ],
        )],
    );
    assert_errors(
        &errors(&root, &file),
        &[
            "error: ict_revenue:1:C: a `numerator` column in a sheet with one column per year",
            "error: ict_revenue:1:D: the `scope` column cannot be imported",
            "error: ict_revenue:2:E: the row's status `estimate` differs from the status `target` of column 2021 target",
        ],
    );
}

#[test]
fn an_indicator_name_or_unit_unlike_the_catalog_is_a_warning_at_its_cell() {
    let (tmp, root) = site();
    let file = tmp.path().join("long.xlsx");
    xlsx(
        &file,
        &[(
            "Sheet1",
            &[
                &[
                    "province",
                    "indicator",
                    "indicator_name",
                    "unit",
                    "year",
                    "value",
                    "source",
                ],
                &[
                    "alpha",
                    "ict_revenue",
                    "doanh thu toan nganh",
                    "USD",
                    "2016",
                    "1",
                    "alpha-2020",
                ],
            ],
        )],
    );
    let done = imported(&root, &file);
    let warnings: Vec<String> = done.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("Sheet1:2:D: the unit `USD` is not the catalog's"),
        "{warnings:?}"
    );
}

#[test]
fn hidden_sheets_are_skipped_with_a_warning_unless_named() {
    let (tmp, root) = site();
    let file = tmp.path().join("book.xlsx");
    let rows = [
        text_row(1, &["province", "year", "value", "source"]),
        text_row(2, &["alpha", "2016", "1", "alpha-2020"]),
    ]
    .concat();
    raw_xlsx(
        &file,
        &[
            ("ict_revenue", "hidden", &rows),
            ("mobile_subscribers", "veryHidden", &rows),
        ],
    );
    let done = imported(&root, &file);
    assert!(done.provinces.is_empty());
    let warnings: Vec<String> = done.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains("book.xlsx:ict_revenue: the sheet is hidden; it was not imported")
    );
    assert!(
        warnings[1].contains("--sheet \"mobile_subscribers\""),
        "{warnings:?}"
    );
    let named = ictreport::sheet::import(&ictreport::sheet::ImportOptions {
        root: root.clone(),
        file: file.clone(),
        sheet: Some("ict_revenue".into()),
        dry_run: true,
        source: None,
        out_of: None,
    })
    .unwrap();
    assert_eq!(named.provinces.len(), 1);
    assert!(named.warnings.is_empty());
}

#[test]
fn cells_without_a_usable_value_are_located_errors() {
    let (tmp, root) = site();
    let file = tmp.path().join("cells.xlsx");
    let num = |r: u32, v: &str| {
        format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>alpha</t></is></c><c r="B{r}"><v>{}</v></c><c r="C{r}">{v}</c><c r="D{r}" t="inlineStr"><is><t>alpha-2020</t></is></c></row>"#,
            2000 + r
        )
    };
    let rows = [
        text_row(1, &["province", "year", "value", "source", "note"]),
        num(2, r#"<v>#DIV/0!</v>"#).replace(r#"<c r="C2">"#, r#"<c r="C2" t="e">"#),
        num(3, "<f>B3*2</f>"),
        num(4, "<v>NaN</v>"),
        num(5, "<v>1e400</v>"),
        num(6, "<v>9007199254740993</v>"),
        text_row(7, &["alpha", "2007", "1e-400", "alpha-2020"]),
        text_row(8, &["alpha", "2008", "9007199254740993", "alpha-2020"]),
        text_row(9, &["alpha", "2009", "1", "alpha-2020", "một\u{2028}hai"]),
        text_row(10, &["alpha", "2010", "1", "alpha-2020", "ba\u{85}bốn"]),
    ]
    .concat();
    raw_xlsx(&file, &[("ict_revenue", "visible", &rows)]);
    assert_errors(
        &errors(&root, &file),
        &[
            "error: ict_revenue:2:C: the cell holds the error #DIV/0!",
            "error: ict_revenue:3:C: the formula `=B3*2` has no computed value in the file",
            "error: ict_revenue:4:C: `NaN` is not a finite number",
            "error: ict_revenue:5:C: `inf` is not a finite number",
            "error: ict_revenue:6:C: 9007199254740992 has more digits than a figure can keep exactly",
            "error: ict_revenue:7:C: `1e-400` is too small for a figure: it would become 0",
            "error: ict_revenue:8:C: `9007199254740993` has more digits than a figure can keep exactly",
            "error: ict_revenue:9:E: the text holds U+2028, a line or paragraph separator",
            "error: ict_revenue:10:E: the text holds U+0085, a line or paragraph separator",
        ],
    );
}

#[test]
fn a_sheet_spanning_the_whole_grid_is_an_error_not_an_abort() {
    let (tmp, root) = site();
    let file = tmp.path().join("grid.xlsx");
    let rows = concat!(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>province</t></is></c></row>"#,
        r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#
    );
    raw_xlsx(&file, &[("ict_revenue", "visible", rows)]);
    assert!(std::fs::metadata(&file).unwrap().len() < 2000);
    assert_errors(
        &errors(&root, &file),
        &[
            "error: ict_revenue:1048576:XFD: the sheet's cells span A1:XFD1048576, 17179869184 cells; at most 10000000 are read",
        ],
    );
}

/// Found by the fuzz smoke: calamine multiplies a reference's letters and digits without a
/// bound, so an over-long one overflowed inside it (a panic in the test profile).
#[test]
fn a_cell_reference_beyond_the_largest_sheet_is_an_error_not_a_panic() {
    let (tmp, root) = site();
    for (i, bad) in [
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1",
        "A99999999999999999999",
    ]
    .iter()
    .enumerate()
    {
        let file = tmp.path().join(format!("bad-ref-{i}.xlsx"));
        let rows = format!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>province</t></is></c><c r="{bad}"><v>1</v></c></row>"#
        );
        raw_xlsx(&file, &[("ict_revenue", "visible", &rows)]);
        let errs = errors(&root, &file);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].starts_with("error: xl/worksheets/sheet1.xml: the cell reference `")
                && errs[0].contains("beyond the largest sheet"),
            "{errs:?}"
        );
        let out = cli_import(&root, &file, &[]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
    }
}

#[test]
fn special_files_are_refused_at_once() {
    let (tmp, root) = site();
    let fifo = tmp.path().join("pipe.csv");
    rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::RUSR).unwrap();
    let zero = tmp.path().join("zero.csv");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for (file, what) in [
        (&fifo, "a FIFO (named pipe)"),
        (&zero, "a character device"),
    ] {
        let out = cli_import(&root, file, &[]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8(out.stderr).unwrap();
        let want = format!(
            "error: {}: cannot read: it is {what}, not a regular file",
            file.display()
        );
        assert!(stderr.starts_with(&want), "{stderr}");
    }
}

#[test]
fn a_content_file_that_is_a_fifo_is_an_error_not_a_hang() {
    let (tmp, root) = site();
    let index = root.join("content/provinces/alpha/index.md");
    std::fs::remove_file(&index).unwrap();
    rustix::fs::mkfifoat(rustix::fs::CWD, &index, rustix::fs::Mode::RUSR).unwrap();
    let file = tmp.path().join("data.csv");
    std::fs::write(
        &file,
        "province,indicator,year,value\nalpha,ict_revenue,2016,1\n",
    )
    .unwrap();
    let out = cli_import(&root, &file, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "content/provinces/alpha/index.md: cannot read: it is a FIFO (named pipe), not a regular file"
        ),
        "{stderr}"
    );
}

#[test]
fn many_bad_rows_print_the_first_hundred_and_counts_by_kind() {
    let (tmp, root) = site();
    let file = tmp.path().join("bad.csv");
    let mut text = String::from("province,indicator,year,value,source\n");
    for i in 0..20_000 {
        text.push_str(&format!("alpha,ict_revenue,2016,x{i},alpha-2020\n"));
        if i % 1000 == 0 {
            text.push_str("Atlantis,ict_revenue,2017,1,alpha-2020\n");
        }
    }
    std::fs::write(&file, text).unwrap();
    let out = cli_import(&root, &file, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let shown = stderr.lines().filter(|l| l.starts_with("error: ")).count();
    assert_eq!(shown, 100, "{stderr}");
    assert!(
        stderr.contains(
            "… and 19920 more, not shown (the first 100 are); by kind:\n  19901 × error: `…` is not a number\n  19 × error: unknown province `…`\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("20020 errors and 0 warnings; nothing was written.\n"),
        "{stderr}"
    );
    assert!(stderr.len() < 100_000, "{} bytes", stderr.len());
}

#[test]
fn a_workbook_declaring_gigabytes_is_refused_before_it_is_unpacked() {
    let (tmp, root) = site();
    let file = tmp.path().join("bomb.xlsx");
    raw_xlsx(
        &file,
        &[("ict_revenue", "visible", &text_row(1, &["province"]))],
    );
    // The first central directory entry (a sheet) now declares 2 GB unpacked, as a few
    // kilobytes of deflated zeros can.
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes
        .windows(4)
        .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .unwrap();
    bytes[at + 24..at + 28].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
    std::fs::write(&file, bytes).unwrap();
    assert_errors(
        &errors(&root, &file),
        &["error:  the workbook unpacks to 2147.5 MB; at most 512 MB are read"],
    );
}
