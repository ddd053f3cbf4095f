//! `ictreport import` and `export`: spreadsheets in both layouts and all three formats go
//! into metrics.yaml as a statistician means them, every wrong cell is reported where it
//! is, an export imports back without a change, and comments in metrics.yaml survive.

use std::path::{Path, PathBuf};

use crate::common::*;
use ictreport::sheet::{ExportOptions, ImportOptions, Imported, Layout, export, import};

/// A copy of the good fixture in a temporary folder.
pub(crate) fn site() -> (tempfile::TempDir, PathBuf) {
    site_copy("good")
}

/// Writes a workbook; a cell that reads as a number is written as a number, `""` is empty.
pub(crate) fn xlsx(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell.parse::<f64>() {
                    _ if cell.is_empty() => {}
                    Ok(n) => drop(ws.write_number(r, c, n).unwrap()),
                    Err(_) => drop(ws.write_string(r, c, *cell).unwrap()),
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// A copy of the good site and a workbook `name` beside it holding `sheets`.
fn site_and_workbook(
    name: &str,
    sheets: &[(&str, &[&[&str]])],
) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, root) = site();
    let file = tmp.path().join(name);
    xlsx(&file, sheets);
    (tmp, root, file)
}

pub(crate) fn run(root: &Path, file: &Path, dry_run: bool) -> Result<Imported, Vec<String>> {
    import(&ImportOptions {
        root: root.to_path_buf(),
        file: file.to_path_buf(),
        sheet: None,
        dry_run,
        source: None,
        out_of: None,
    })
    .map_err(|f| f.diagnostics.iter().map(|d| d.to_string()).collect())
}

pub(crate) fn imported(root: &Path, file: &Path) -> Imported {
    run(root, file, false).unwrap_or_else(|e| panic!("{}", e.join("\n")))
}

/// (slug, added, changed, unchanged) per province.
fn summary(i: &Imported) -> Vec<(String, usize, usize, usize)> {
    i.provinces
        .iter()
        .map(|p| (p.slug.clone(), p.added, p.changed, p.unchanged))
        .collect()
}

pub(crate) fn content(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(&root.join("content"))
}

pub(crate) fn check_passes(root: &Path) {
    if let Err(f) = ictreport::check(root) {
        let msgs: Vec<String> = f.diagnostics.iter().map(|d| d.to_string()).collect();
        panic!("check failed:\n{}", msgs.join("\n"));
    }
}

fn page_text(out: &Path, rel: &str) -> String {
    text_of(page(out, rel).root_element())
}

#[test]
fn a_long_xlsx_import_passes_check_and_shows_on_the_pages() {
    let (_tmp, root, file) = site_and_workbook(
        "data.xlsx",
        &[(
            "data",
            &[
                &["province", "indicator", "year", "value", "source", "note"],
                &["alpha", "ict_revenue", "2018", "70001", "alpha-2020", ""],
                &["Đắk Lắk", "Chứng thư số", "2019", "1500", "daklak-2019", ""],
                &[
                    "Ha Giang",
                    "ict_revenue",
                    "2019",
                    "12.5",
                    "daklak-2019",
                    "Số thử: 12,5",
                ],
                // A template row not filled in.
                &["alpha", "population", "2019", "", "", ""],
            ],
        )],
    );
    let done = imported(&root, &file);
    assert_eq!(
        summary(&done),
        [
            ("alpha".into(), 1, 0, 0),
            ("dak-lak".into(), 1, 0, 0),
            ("ha-giang".into(), 1, 0, 0)
        ]
    );
    assert!(done.provinces[2].index.is_some());
    assert_eq!(done.written.len(), 4, "{:?}", done.written);
    check_passes(&root);
    let (_out_tmp, out) = build_into_temp(&root, None);
    assert!(page_text(&out, "tinh/alpha/index.html").contains("70.001"));
    assert!(page_text(&out, "tinh/ha-giang/index.html").contains("12,5"));
    assert!(page_text(&out, "chi-so/digital_signatures/index.html").contains("1.500"));
    // The new province is complete: its unit, region, sources and a generated summary,
    // and the section headings `new province` writes.
    let dir = root.join("content/provinces/ha-giang");
    let index = std::fs::read_to_string(dir.join("index.md")).unwrap();
    for line in [
        "region: \"Đông Bắc Bộ\"\n",
        "unit_before_2025: \"Hà Giang\"\n",
        "sources: [\"daklak-2019\"]\n",
        "summary: \"Tỉnh Hà Giang: 1 số liệu của 1 chỉ số, năm 2019, nhập từ bảng tính (tóm tắt tự động).\"\n",
    ] {
        assert!(index.contains(line), "{line} in {index}");
    }
    for s in ictreport::scaffold::SECTIONS {
        assert!(index.contains(&format!("\n## {s}\n")), "{s} in {index}");
    }
    let metrics = std::fs::read_to_string(dir.join("metrics.yaml")).unwrap();
    assert!(metrics.starts_with("# Số liệu theo chỉ số"), "{metrics}");
    assert!(metrics.ends_with("ict_revenue:\n  - year: 2019\n    value: 12.5\n    source: daklak-2019\n    note: \"Số thử: 12,5\"\n"), "{metrics}");
}

#[test]
fn wide_sheets_take_the_indicator_from_the_sheet_name_or_a_column() {
    let (_tmp, root, file) = site_and_workbook(
        "wide.xlsx",
        &[(
            "ict_revenue",
            &[
                &["Báo cáo doanh thu", "", ""],
                &["Tỉnh", "Nguồn", "2016", "2021 target"],
                &["alpha", "alpha-2020", "9671", "90000"],
                &["66", "daklak-2019", "", "600"],
            ],
        )],
    );
    let done = imported(&root, &file);
    assert_eq!(
        summary(&done),
        [("alpha".into(), 2, 0, 0), ("dak-lak".into(), 1, 0, 0)]
    );
    check_passes(&root);
    let metrics =
        std::fs::read_to_string(root.join("content/provinces/dak-lak/metrics.yaml")).unwrap();
    assert!(
        metrics.contains(
            "  - year: 2021\n    value: 600\n    source: daklak-2019\n    status: target\n"
        ),
        "{metrics}"
    );
}

#[test]
fn a_wide_csv_names_the_indicator_in_a_column() {
    let text = "province;indicator;2016;2021 target\nalpha;ict_revenue;9671;\n";
    let err = one_csv_error(text);
    assert!(
        err.starts_with("2:C: a new value for `ict_revenue` 2016 needs a source"),
        "{err}"
    );
    let (tmp, root) = site();
    let file = tmp.path().join("wide.csv");
    let text = "province;indicator;source;2016;2021 target\nalpha;ict_revenue;alpha-2020;9671;\n";
    std::fs::write(&file, text).unwrap();
    assert_eq!(
        summary(&imported(&root, &file)),
        [("alpha".into(), 1, 0, 0)]
    );
}

/// Imports a CSV file holding `text` into a copy of the good site and returns its one
/// error, without `error: FILE:`.
fn one_csv_error(text: &str) -> String {
    let (tmp, root) = site();
    let file = tmp.path().join("data.csv");
    std::fs::write(&file, text).unwrap();
    let err = run(&root, &file, false).unwrap_err();
    assert_eq!(err.len(), 1, "{err:?}");
    let prefix = format!("error: {}:", file.display());
    err[0]
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{err:?}"))
        .to_string()
}

#[test]
fn an_ods_workbook_imports_every_sheet() {
    let (_tmp, root) = site();
    let file = fixture("import/good.ods");
    let done = imported(&root, &file);
    assert_eq!(
        summary(&done),
        [("alpha".into(), 1, 0, 0), ("dak-lak".into(), 1, 0, 1)]
    );
    check_passes(&root);
}

/// Imports `rows` (below a long header) and returns the messages; asserts nothing was written.
fn errors_of(rows: &[&[&str]]) -> Vec<String> {
    let (tmp, root) = site();
    let before = content(&root);
    let file = tmp.path().join("bad.xlsx");
    let header: &[&str] = &["province", "indicator", "year", "value", "source"];
    let all: Vec<&[&str]> = std::iter::once(header)
        .chain(rows.iter().copied())
        .collect();
    xlsx(&file, &[("Sheet1", &all)]);
    let err = run(&root, &file, false).expect_err("the import should fail");
    assert_eq!(content(&root), before, "something was written");
    let prefix = format!("{}:", file.display());
    err.iter().map(|e| e.replace(&prefix, "")).collect()
}

#[test]
fn every_wrong_cell_is_reported_at_its_sheet_row_and_column() {
    let errors = errors_of(&[
        &["alpha", "ict_revenue", "2016", "9.671 tỷ", "alpha-2020"],
        &["Atlantis", "ict_revenue", "2016", "1", "alpha-2020"],
        &["alpha", "ict_revenu", "2016", "1", "alpha-2020"],
        &["alpha", "ict_revenue", "1850", "1", "alpha-2020"],
        &["alpha", "signed_share", "2019", "130", "alpha-2020"],
        &["alpha", "digital_signatures", "2019", "5", "alpha-2020"],
        &["alpha", "digital_signatures", "2019", "6", "alpha-2020"],
        &["alpha", "ict_revenue", "2017", "1", "alpha-2030"],
    ]);
    let expected = [
        "error: Sheet1:2:D: `9.671 tỷ` is not a number",
        "error: Sheet1:3:A: unknown province `Atlantis`",
        "error: Sheet1:4:B: unknown indicator `ict_revenu`\n  hint: did you mean `ict_revenue`?",
        "error: Sheet1:5:C: year 1850 is outside 1975–2100",
        "error: Sheet1:6:D: 130 is above the maximum 100 for `signed_share`",
        "error: Sheet1:8:D: duplicate row: `digital_signatures` 2019 for alpha is already given at",
        "error: Sheet1:9:E: unknown source `alpha-2030`\n  hint: did you mean `alpha-2020`?",
    ];
    assert_eq!(errors.len(), expected.len(), "{}", errors.join("\n"));
    for (e, want) in errors.iter().zip(expected) {
        assert!(e.starts_with(want), "{e}\n  should start with\n{want}");
        assert!(e.contains("\n  hint: "), "{e}");
    }
    assert!(
        errors[5].contains("already given at Sheet1:7:D"),
        "{}",
        errors[5]
    );
}

#[test]
fn a_rule_across_fields_points_at_the_cell_that_breaks_it() {
    // A reported 2021 value cannot come from an article of 2020 (a rule of `check`).
    let errors = errors_of(&[&["alpha", "ict_revenue", "2021", "1", "alpha-2020"]]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "error: Sheet1:2:C: a reported value for 2021 cannot come from `alpha-2020`"
        ),
        "{errors:?}"
    );
}

#[test]
fn csv_locations_have_no_sheet() {
    let err = one_csv_error("province,indicator,year,value\nalpha,ict_revenue,20x6,1\n");
    assert!(err.starts_with("2:C: `20x6` is not a number"), "{err}");
}

#[test]
fn header_problems_are_reported_at_the_header() {
    let row = "\nalpha,ict_revenue,2019,72120,alpha-2020\n";
    for (header, want) in [
        (
            "province,indicator,year,valeu,source",
            "1:D: unknown column `valeu`",
        ),
        (
            "province,indicator,year,value,",
            "2:E: a value in a column without a header",
        ),
        (
            "province,indicator,value,value,source",
            "1:D: a second `value` column",
        ),
        (
            "tinh,chi so,nam,gia tri,nguon,2020",
            "1:F: a year column in a sheet with a `value` column",
        ),
        ("title", "1:A: no header row with a `province` column"),
    ] {
        let err = one_csv_error(&format!("{header}{row}"));
        assert!(err.starts_with(want), "{header}: {err}");
    }
}

#[test]
fn an_export_imports_back_without_a_change() {
    for (layout, ext) in [
        (Layout::Long, "xlsx"),
        (Layout::Long, "csv"),
        (Layout::Wide, "xlsx"),
        (Layout::Wide, "csv"),
    ] {
        let (tmp, root) = site();
        let before = content(&root);
        let file = tmp.path().join(format!("data.{ext}"));
        let opts = ExportOptions {
            root: root.clone(),
            file: file.clone(),
            layout,
            template: false,
            year: None,
            force: false,
        };
        let done = export(&opts).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        assert!(done.rows > 0);
        let again = imported(&root, &file);
        assert!(
            again.written.is_empty(),
            "{layout:?} {ext}: {:?}",
            again.written
        );
        assert!(
            again
                .provinces
                .iter()
                .all(|p| p.added == 0 && p.changed == 0 && p.unchanged > 0),
            "{layout:?} {ext}: {:?}",
            summary(&again)
        );
        assert_eq!(again.provinces.len(), 2);
        assert_eq!(content(&root), before);
        // Exporting over an existing file needs --force.
        assert!(export(&opts).is_err());
        assert!(
            export(&ExportOptions {
                force: true,
                ..opts
            })
            .is_ok()
        );
    }
}

#[test]
fn a_filled_template_imports_the_next_year() {
    let (tmp, root) = site();
    let file = tmp.path().join("template.csv");
    let opts = ExportOptions {
        root: root.clone(),
        file: file.clone(),
        layout: Layout::Long,
        template: true,
        year: None,
        force: false,
    };
    let done = export(&opts).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    // Two provinces × seven indicators, for the year after the latest reported (2020).
    assert_eq!(done.rows, 14);
    let text = std::fs::read_to_string(&file).unwrap();
    let line = "Alpha,ict_revenue,Doanh thu toàn ngành,tỷ đồng,2021,,,,,,,,,";
    assert!(text.contains(line), "{text}");
    let filled = text.replace(
        line,
        "Alpha,ict_revenue,,,2021,estimate,80000,,alpha-2020,,,,,",
    );
    std::fs::write(&file, filled).unwrap();
    assert_eq!(
        summary(&imported(&root, &file)),
        [("alpha".into(), 1, 0, 0)]
    );
    check_passes(&root);
}

#[test]
fn merging_keeps_comments_order_and_untouched_text() {
    let (tmp, root) = site();
    let metrics = root.join("content/provinces/alpha/metrics.yaml");
    let before = "# Alpha: figures from alpha-2020.\n\n# ---- whole sector\nict_revenue:   # tỷ đồng\n  - year: 2015\n    value: 3566   # the base year\n    source: alpha-2020\n  - {year: 2019, value: 72120, source: alpha-2020}\n\n# ---- digital signatures\ndigital_signatures:\n  - year: 2020\n    value: 1336\n    source: 'alpha-2020'\n    qualifier: at_least\n    note: >\n      folded\n      note\n";
    std::fs::write(&metrics, before).unwrap();
    let file = tmp.path().join("data.csv");
    std::fs::write(
        &file,
        "province,indicator,year,status,source,value,qualifier,note\n\
         alpha,ict_revenue,2015,,,3600,,\n\
         alpha,ict_revenue,2019,,,72500,approximate,\n\
         alpha,ict_revenue,2020,estimate,alpha-2020,79300,,Dự kiến: cả năm\n\
         alpha,digital_signatures,2020,,,1400,,one line\n\
         alpha,population,2019,,alpha-2020,1200000,,\n",
    )
    .unwrap();
    let done = imported(&root, &file);
    assert_eq!(summary(&done), [("alpha".into(), 2, 3, 0)]);
    let after = std::fs::read_to_string(&metrics).unwrap();
    let expected = "# Alpha: figures from alpha-2020.\n\n# ---- whole sector\nict_revenue:   # tỷ đồng\n  - year: 2015\n    value: 3600   # the base year\n    source: alpha-2020\n  - {year: 2019, value: 72500, qualifier: approximate, source: alpha-2020}\n  - year: 2020\n    value: 79300\n    source: alpha-2020\n    status: estimate\n    note: \"Dự kiến: cả năm\"\n\n# ---- digital signatures\ndigital_signatures:\n  - year: 2020\n    value: 1400\n    source: 'alpha-2020'\n    qualifier: at_least\n    note: one line\npopulation:\n  - year: 2019\n    value: 1200000\n    source: alpha-2020\n";
    assert_eq!(after, expected);
    // The same import again changes nothing.
    let again = imported(&root, &file);
    assert_eq!(summary(&again), [("alpha".into(), 0, 0, 5)]);
    assert!(again.written.is_empty());
}

#[test]
fn a_dry_run_shows_the_diff_and_writes_nothing() {
    let (tmp, root) = site();
    let before = content(&root);
    let file = tmp.path().join("data.csv");
    std::fs::write(
        &file,
        "province,indicator,year,value\nalpha,ict_revenue,2019,72500\n",
    )
    .unwrap();
    let done = run(&root, &file, true).unwrap();
    assert_eq!(content(&root), before);
    assert!(done.written.is_empty());
    let diff = done.diff();
    assert!(diff.contains("--- a/content/provinces/alpha/metrics.yaml\n+++ b/content/provinces/alpha/metrics.yaml\n"), "{diff}");
    assert!(
        diff.contains("\n-    value: 72120\n+    value: 72500\n"),
        "{diff}"
    );
}

#[test]
fn sheet_picks_one_sheet_of_a_workbook() {
    let (_tmp, root, file) = site_and_workbook(
        "book.xlsx",
        &[
            ("ghi chú", &[&["Bảng này chỉ để đọc"]]),
            (
                "ict_revenue",
                &[
                    &["province", "source", "2016"],
                    &["alpha", "alpha-2020", "9671"],
                ],
            ),
            ("ict_revenu", &[&["province", "2016"], &["alpha", "1"]]),
        ],
    );
    let only = |sheet: &str| {
        import(&ImportOptions {
            root: root.clone(),
            file: file.clone(),
            sheet: Some(sheet.into()),
            dry_run: true,
            source: None,
            out_of: None,
        })
        .map_err(|f| {
            f.diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        })
    };
    let done = only("ict_revenue").unwrap();
    assert_eq!(summary(&done), [("alpha".into(), 1, 0, 0)]);
    let err = only("ict_revenu").unwrap_err();
    assert!(err[0].contains("book.xlsx:ict_revenu:1:A: the sheet `ict_revenu` has no `indicator` column, and its name is no indicator"), "{err:?}");
    let err = only("data").unwrap_err();
    assert!(
        err[0].contains(
            "there is no sheet `data`\n  hint: the sheets are: ghi chú, ict_revenue, ict_revenu"
        ),
        "{err:?}"
    );
    // Without --sheet, every sheet counts: the notes sheet has no header.
    let err = run(&root, &file, true).unwrap_err();
    assert!(
        err[0].contains("book.xlsx:ghi chú:1:A: no header row"),
        "{err:?}"
    );
}

#[test]
fn the_command_prints_the_summary_and_with_dry_run_the_diff() {
    let (tmp, root) = site();
    let file = tmp.path().join("data.csv");
    std::fs::write(
        &file,
        "province,indicator,year,value\nĐắk Lắk,ict_revenue,2018,530.9\n",
    )
    .unwrap();
    let cli = |args: &[&str]| {
        cli()
            .arg("import")
            .arg(&file)
            .arg("--root")
            .arg(&root)
            .args(args)
            .output()
            .unwrap()
    };
    let out = cli(&["--dry-run"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("-    value: 520.9\n+    value: 530.9\n"),
        "{stdout}"
    );
    assert!(stdout.contains("dak-lak: 0 added, 1 changed, 0 unchanged\nDry run: 1 file would change; nothing was written.\n  content/provinces/dak-lak/metrics.yaml\n"), "{stdout}");
    let out = cli(&[]);
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .ends_with("Wrote 1 file:\n  content/provinces/dak-lak/metrics.yaml\n")
    );
    std::fs::write(
        &file,
        "province,indicator,year,value\nĐắk Lắk,ict_revenue,2018,7x\n",
    )
    .unwrap();
    let out = cli(&[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("data.csv:2:D: `7x` is not a number"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("1 error and 0 warnings; nothing was written.\n"),
        "{stderr}"
    );
}

#[test]
fn vietnamese_headers_and_words_are_understood() {
    let (tmp, root) = site();
    let file = tmp.path().join("so-lieu.csv");
    let text = "Tỉnh,Chỉ số,Năm,Trạng thái,Giá trị,Nguồn,Ghi chú\n\
                Alpha,Doanh thu toàn ngành,2025,Mục tiêu,100000,alpha-2020,Kế hoạch 2021–2025\n";
    std::fs::write(&file, text).unwrap();
    assert_eq!(
        summary(&imported(&root, &file)),
        [("alpha".into(), 1, 0, 0)]
    );
    let file = tmp.path().join("ict_revenue.csv");
    std::fs::write(&file, "Tỉnh,Nguồn,Năm 2016\nĐẮK LẮK,daklak-2019,500.9\n").unwrap();
    assert_eq!(
        summary(&imported(&root, &file)),
        [("dak-lak".into(), 1, 0, 0)]
    );
    check_passes(&root);
    let metrics =
        std::fs::read_to_string(root.join("content/provinces/alpha/metrics.yaml")).unwrap();
    assert!(metrics.contains("  - year: 2025\n    value: 100000\n    source: alpha-2020\n    status: target\n    note: Kế hoạch 2021–2025\n"), "{metrics}");
}

#[test]
fn an_english_note_is_imported_and_exported() {
    let (tmp, root) = site();
    let file = tmp.path().join("notes.csv");
    let text = "province,indicator,year,value,source,note,note_en\n\
                alpha,ict_revenue,2016,9671,alpha-2020,Theo bài viết.,As the article says.\n";
    std::fs::write(&file, text).unwrap();
    imported(&root, &file);
    let metrics =
        std::fs::read_to_string(root.join("content/provinces/alpha/metrics.yaml")).unwrap();
    assert!(
        metrics.contains("note_en: As the article says."),
        "{metrics}"
    );
    check_passes(&root);
    let out = tmp.path().join("out.csv");
    let opts = ExportOptions {
        root: root.clone(),
        file: out.clone(),
        layout: Layout::Long,
        template: false,
        year: None,
        force: false,
    };
    export(&opts).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let exported = std::fs::read_to_string(&out).unwrap();
    assert!(
        exported.lines().next().unwrap().contains("note_en"),
        "{exported}"
    );
    assert!(exported.contains("As the article says."), "{exported}");
}
