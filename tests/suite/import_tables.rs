//! `ictreport import` of a table as a statistics office publishes it (issue 26): a merged
//! title and unit line, a two-row merged header naming year and indicator per column, row
//! numbers, `-` for missing figures, official names (`Thừa Thiên - Huế`, `TP. Đà Nẵng`),
//! and a footnote and source under the table, imported in one run.

use std::path::{Path, PathBuf};

use crate::common::*;
use crate::import::{check_passes, site};
use ictreport::sheet::{ImportOptions, Imported, import};

/// The four indicators of the table, each with the alias its header spells.
const CATALOG: &str = "  - id: egov_rank
    name: Xếp hạng ứng dụng CNTT, phát triển chính quyền điện tử
    name_en: E-government and IT application rank
    unit: hạng
    unit_en: rank
    kind: rank
    decimals: 0
    better: lower
    category: cntt
    aliases: [\"Ứng dụng CNTT, phát triển CPĐT / Xếp hạng\"]
  - id: egov_index
    name: Chỉ số ứng dụng CNTT, phát triển chính quyền điện tử
    name_en: E-government and IT application index
    unit: điểm
    unit_en: points
    kind: index
    decimals: 4
    better: higher
    category: cntt
    aliases: [\"Ứng dụng CNTT, phát triển CPĐT / Chỉ số\"]
  - id: dti_rank
    name: Xếp hạng chỉ số chuyển đổi số cấp tỉnh (DTI)
    name_en: Provincial digital transformation index (DTI) rank
    unit: hạng
    unit_en: rank
    kind: rank
    decimals: 0
    better: lower
    category: cntt
    aliases: [\"Chỉ số chuyển đổi số cấp tỉnh (DTI) / Xếp hạng\"]
  - id: dti_score
    name: Chỉ số chuyển đổi số cấp tỉnh (DTI)
    name_en: Provincial digital transformation index (DTI)
    unit: điểm
    unit_en: points
    kind: index
    decimals: 4
    better: higher
    category: cntt
    aliases: [\"Chỉ số chuyển đổi số cấp tỉnh (DTI) / Chỉ số\"]
";

const SOURCE: &str = "- id: bo-tttt-2023
  title: Báo cáo xếp hạng đánh giá mức độ chuyển đổi số năm 2022
  publisher: Bộ Thông tin và Truyền thông
  date: 2023-07-12
  url: https://dti.gov.vn/xep-hang-2022
";

/// The 21 provinces: name as the table writes it, 2017 rank and index, 2022 rank and DTI.
/// The 2022 ranks of all 21 and the DTI of the first five are as dti.gov.vn publishes
/// them; the other figures are made up in the same ranges.
pub(crate) const ROWS: [[&str; 5]; 21] = [
    ["TP. Đà Nẵng", "1", "0.7650", "1", "0.8002"],
    ["TP. Hồ Chí Minh", "3", "0.6812", "2", "0.7163"],
    ["Quảng Ninh", "4", "0.6440", "3", "0.7024"],
    ["Thừa Thiên - Huế", "2", "0.6935", "4", "0.6975"],
    ["TP. Cần Thơ", "9", "0.5586", "5", "0.6924"],
    ["Lạng Sơn", "-", "-", "6", "0.6870"],
    ["Bắc Ninh", "6", "0.6013", "7", "0.6791"],
    ["Thái Nguyên", "11", "0.5402", "8", "0.6745"],
    ["Bắc Giang", "14", "0.5217", "9", "0.6702"],
    ["Nam Định", "-", "-", "10", "0.6655"],
    ["Long An", "-", "-", "11", "0.6618"],
    ["Bình Phước", "-", "-", "12", "0.6570"],
    ["Hải Dương", "-", "-", "13", "0.6532"],
    ["TP. Hải Phòng", "8", "0.5671", "14", "0.6497"],
    ["Thanh Hóa", "16", "0.5120", "15", "0.6460"],
    ["Yên Bái", "-", "-", "15", "0.6460"],
    ["Hậu Giang", "-", "-", "17", "0.6401"],
    ["Vĩnh Phúc", "12", "0.5358", "18", "0.6373"],
    ["Bình Dương", "5", "0.6280", "19", "0.6340"],
    ["Tiền Giang", "-", "-", "20", "0.6302"],
    ["Ninh Bình", "17", "0.5005", "21", "0.6268"],
];

/// The workbook as the office lays it out: title (row 1) and unit line (row 2) merged
/// across, header rows 3–4 with `STT` and the province column merged down and each year's
/// group merged over its two columns, data from row 5, a footnote and the source under it.
/// `unit` is the unit line (the rank's total may be in it or not).
pub(crate) fn office_workbook(path: &Path, unit: &str) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("DTI").unwrap();
    let f = rust_xlsxwriter::Format::new();
    let title = "KẾT QUẢ XẾP HẠNG ỨNG DỤNG CNTT NĂM 2017 VÀ CHỈ SỐ DTI NĂM 2022";
    ws.merge_range(0, 0, 0, 5, title, &f).unwrap();
    ws.merge_range(1, 0, 1, 5, unit, &f).unwrap();
    ws.merge_range(2, 0, 3, 0, "STT", &f).unwrap();
    let province = "Tỉnh, thành phố trực thuộc Trung ương";
    ws.merge_range(2, 1, 3, 1, province, &f).unwrap();
    let egov = "Năm 2017 - Ứng dụng CNTT, phát triển CPĐT";
    ws.merge_range(2, 2, 2, 3, egov, &f).unwrap();
    let dti = "Năm 2022 - Chỉ số chuyển đổi số cấp tỉnh (DTI)";
    ws.merge_range(2, 4, 2, 5, dti, &f).unwrap();
    for (c, sub) in ["Xếp hạng", "Chỉ số", "Xếp hạng", "Chỉ số"]
        .iter()
        .enumerate()
    {
        ws.write_string(3, c as u16 + 2, *sub).unwrap();
    }
    for (i, row) in ROWS.iter().enumerate() {
        let r = i as u32 + 4;
        ws.write_number(r, 0, i as f64 + 1.0).unwrap();
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => drop(ws.write_number(r, c as u16 + 1, n).unwrap()),
                Err(_) => drop(ws.write_string(r, c as u16 + 1, *cell).unwrap()),
            }
        }
    }
    let note = "Ghi chú: (-) không có số liệu";
    ws.merge_range(25, 0, 25, 5, note, &f).unwrap();
    let source = "Nguồn: Bộ Thông tin và Truyền thông";
    ws.merge_range(26, 0, 26, 5, source, &f).unwrap();
    book.save(path).unwrap();
}

/// The unit line of the published table: it gives the ranks' total.
pub(crate) const UNIT_LINE: &str = "Đơn vị: điểm (0–1); xếp hạng trên 63 tỉnh, thành phố";

/// The good fixture with the table's indicators (aliases included) and source, and the
/// office's workbook beside it.
pub(crate) fn office_site(unit: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, root) = site();
    let append = |rel: &str, text: &str| {
        let path = root.join(rel);
        let old = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, old + text).unwrap();
    };
    append("content/indicators.yaml", CATALOG);
    append("content/sources.yaml", SOURCE);
    let file = tmp.path().join("dti-2017-2022.xlsx");
    office_workbook(&file, unit);
    (tmp, root, file)
}

pub(crate) fn import_with(
    root: &Path,
    file: &Path,
    source: Option<&str>,
    out_of: Option<i64>,
) -> Result<Imported, Vec<String>> {
    import(&ImportOptions {
        root: root.to_path_buf(),
        file: file.to_path_buf(),
        sheet: None,
        dry_run: false,
        source: source.map(str::to_string),
        out_of,
    })
    .map_err(|f| f.diagnostics.iter().map(|d| d.to_string()).collect())
}

pub(crate) fn metrics(root: &Path, slug: &str) -> serde_yaml::Value {
    let path = root.join(format!("content/provinces/{slug}/metrics.yaml"));
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{slug}: {e}"));
    serde_yaml::from_str(&text).unwrap()
}

/// The figure of `indicator` for `year` in a province's metrics.
pub(crate) fn figure(
    m: &serde_yaml::Value,
    indicator: &str,
    year: i64,
) -> Option<serde_yaml::Value> {
    m.get(indicator)?
        .as_sequence()?
        .iter()
        .find(|o| o.get("year").and_then(|y| y.as_i64()) == Some(year))
        .cloned()
}

fn number(figure: &Option<serde_yaml::Value>, field: &str) -> Option<f64> {
    figure.as_ref()?.get(field)?.as_f64()
}

#[test]
fn an_office_table_imports_in_one_run() {
    let (_tmp, root, file) = office_site(UNIT_LINE);
    // The dry run writes nothing and lists exactly what the real run writes: for each of
    // the 21 new provinces its index.md and metrics.yaml, all through one planned edit.
    let before = crate::import::content(&root);
    let planned = import(&ImportOptions {
        root: root.clone(),
        file: file.clone(),
        sheet: None,
        dry_run: true,
        source: Some("bo-tttt-2023".into()),
        out_of: None,
    })
    .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert_eq!(crate::import::content(&root), before);
    let done = import_with(&root, &file, Some("bo-tttt-2023"), None)
        .unwrap_or_else(|e| panic!("{}", e.join("\n")));
    assert_eq!(planned.files(), done.files());
    assert_eq!(done.files().len(), 21 * 2);
    let after = crate::import::content(&root);
    let changed = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .count();
    assert_eq!(changed, 21 * 2);
    assert_eq!(done.provinces.len(), 21);
    let added: usize = done.provinces.iter().map(|p| p.added).sum();
    assert_eq!(added, 21 * 4 - 16);
    // The header block it took, the cells marked missing, the lines outside the table.
    let [header] = done.skipped.headers.as_slice() else {
        panic!("{:?}", done.skipped.headers)
    };
    assert!(
        header.ends_with("dti-2017-2022.xlsx:DTI: rows 3–4"),
        "{header}"
    );
    assert_eq!(done.skipped.missing, [("`-`".to_string(), 16)]);
    let outside: Vec<&str> = done
        .skipped
        .outside
        .iter()
        .map(|(at, _)| at.split(":DTI:").nth(1).unwrap_or(at))
        .collect();
    assert_eq!(outside, ["1:A", "2:A", "26:A", "27:A"]);
    assert!(done.skipped.outside[3].1.starts_with("Nguồn:"));
    // Official names: `Thừa Thiên - Huế` is Huế, `TP. Đà Nẵng` Đà Nẵng.
    let hue = metrics(&root, "hue");
    let dti = figure(&hue, "dti_score", 2022);
    assert_eq!(number(&dti, "value"), Some(0.6975));
    let source = dti.as_ref().and_then(|d| d.get("source")?.as_str());
    assert_eq!(source, Some("bo-tttt-2023"));
    let rank = figure(&hue, "dti_rank", 2022);
    assert_eq!(number(&rank, "value"), Some(4.0));
    // The unit line says the ranks are out of 63; an index has no total.
    assert_eq!(number(&rank, "out_of"), Some(63.0));
    assert_eq!(number(&dti, "out_of"), None);
    let da_nang = metrics(&root, "da-nang");
    assert_eq!(
        number(&figure(&da_nang, "egov_index", 2017), "value"),
        Some(0.765)
    );
    assert_eq!(
        number(&figure(&da_nang, "egov_rank", 2017), "out_of"),
        Some(63.0)
    );
    // A `-` gives no figure; the province's other figures are there.
    let lang_son = metrics(&root, "lang-son");
    assert!(figure(&lang_son, "egov_rank", 2017).is_none());
    assert!(figure(&lang_son, "dti_rank", 2022).is_some());
    check_passes(&root);
}

#[test]
fn imported_provinces_are_complete_and_on_the_map() {
    let (_tmp, root, file) = office_site(UNIT_LINE);
    import_with(&root, &file, Some("bo-tttt-2023"), None)
        .unwrap_or_else(|e| panic!("{}", e.join("\n")));
    // Hà Nội is not in the table, Đà Nẵng is: a city, with its unit, region and sources.
    let index = std::fs::read_to_string(root.join("content/provinces/da-nang/index.md")).unwrap();
    for line in [
        "region: \"Duyên hải Nam Trung Bộ\"\n",
        "unit_before_2025: \"Đà Nẵng\"\n",
        "sources: [\"bo-tttt-2023\"]\n",
        "summary: \"Thành phố Đà Nẵng: 4 số liệu của 4 chỉ số, năm 2017–2022, nhập từ bảng tính (tóm tắt tự động).\"\n",
        "# summary: generated by `ictreport import` from the figures; rewrite it\n",
    ] {
        assert!(index.contains(line), "{line} in {index}");
    }
    let quang_ninh =
        std::fs::read_to_string(root.join("content/provinces/quang-ninh/index.md")).unwrap();
    assert!(
        quang_ninh.contains("summary: \"Tỉnh Quảng Ninh:"),
        "{quang_ninh}"
    );
    for s in ictreport::scaffold::SECTIONS {
        assert!(index.contains(&format!("\n## {s}\n")), "{s} in {index}");
    }
    // Every imported province is published and on the DTI map (the 63 units of 2022),
    // with its figure; the 21 are all the map's provinces with data.
    let (_out_tmp, out) = build_into_temp(&root, None);
    let doc = page(&out, "chi-so/dti_score/index.html");
    let tiles = crate::compare::map_tiles(&doc);
    assert_eq!(tiles.len(), 63);
    let mut with_data: Vec<&str> = tiles.iter().filter(|t| t.1).map(|t| t.0.as_str()).collect();
    with_data.sort();
    let mut slugs: Vec<String> = ROWS
        .iter()
        .map(|r| {
            let name = r[0].trim_start_matches("TP. ").replace("Thừa Thiên - ", "");
            ictreport::slug::slugify(&name)
        })
        .collect();
    slugs.sort();
    assert_eq!(with_data, slugs);
    let hue = page(&out, "tinh/hue/index.html");
    let text = text_of(hue.root_element());
    assert!(text.contains("0,6975"), "{text}");
    // `check` has nothing to say about them (the fixture's own Đắk Lắk and Alpha aside).
    let diags = ictreport::check(&root)
        .map(|c| c.warnings)
        .unwrap_or_default();
    let about_new: Vec<String> = diags
        .iter()
        .filter(|d| {
            let file = d.file.to_string_lossy();
            !file.contains("/alpha/") && !file.contains("/dak-lak/") && file.contains("provinces/")
        })
        .map(|d| d.to_string())
        .collect();
    assert!(about_new.is_empty(), "{about_new:#?}");
}

/// The office's site with a CSV file of `text` beside it, imported with `--source`.
fn csv_import(
    text: &str,
    out_of: Option<i64>,
) -> (tempfile::TempDir, PathBuf, Result<Imported, Vec<String>>) {
    let (tmp, root, _) = office_site(UNIT_LINE);
    let file = tmp.path().join("bang.csv");
    std::fs::write(&file, text).unwrap();
    let result = import_with(&root, &file, Some("bo-tttt-2023"), out_of);
    (tmp, root, result)
}

#[test]
fn a_csv_group_row_spans_the_sub_headers_under_it_and_names_are_read_as_written() {
    // No merged cells in CSV: the empty cell right of a group over a sub-header is the group's.
    let text = "STT,\"Tỉnh, thành phố\",Năm 2022 - Chỉ số chuyển đổi số cấp tỉnh (DTI),\n\
                ,,Xếp hạng /63,Chỉ số\n\
                1,Thừa Thiên Huế,4,0.6975\n\
                2,TP HCM,2,0.7163\n\
                3,Hoà Bình,42,..\n\
                4,tỉnh Bà Rịa - Vũng Tàu,28,n/a\n";
    let (_tmp, root, result) = csv_import(text, None);
    let done = result.unwrap_or_else(|e| panic!("{}", e.join("\n")));
    let slugs: Vec<&str> = done.provinces.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["ba-ria-vung-tau", "ho-chi-minh", "hoa-binh", "hue"]);
    assert!(
        done.skipped.headers[0].ends_with("bang.csv: rows 1–2"),
        "{:?}",
        done.skipped.headers
    );
    assert_eq!(
        done.skipped.missing,
        [("`..`".to_string(), 1), ("`n/a`".to_string(), 1)]
    );
    let rank = figure(&metrics(&root, "hoa-binh"), "dti_rank", 2022);
    assert_eq!(number(&rank, "value"), Some(42.0));
    assert_eq!(number(&rank, "out_of"), Some(63.0));
}

#[test]
fn the_rank_total_comes_from_the_header_the_unit_line_or_out_of() {
    // Neither the unit line nor the header says: no total, unless `--out-of` gives it.
    for (out_of, want) in [(None, None), (Some(63), Some(63.0))] {
        let (tmp, root, _) = office_site("Đơn vị: điểm");
        let file = tmp.path().join("dti.xlsx");
        office_workbook(&file, "Đơn vị: điểm");
        import_with(&root, &file, Some("bo-tttt-2023"), out_of)
            .unwrap_or_else(|e| panic!("{}", e.join("\n")));
        let rank = figure(&metrics(&root, "quang-ninh"), "dti_rank", 2022);
        assert_eq!(number(&rank, "out_of"), want, "{out_of:?}");
        let index = figure(&metrics(&root, "quang-ninh"), "dti_score", 2022);
        assert_eq!(number(&index, "out_of"), None);
    }
}

#[test]
fn an_unknown_source_option_is_one_error() {
    let (_tmp, root, file) = office_site(UNIT_LINE);
    let errors = import_with(&root, &file, Some("bo-tttt-2032"), None).unwrap_err();
    let [error] = errors.as_slice() else {
        panic!("{errors:#?}")
    };
    assert!(
        error.starts_with("error: --source: unknown source `bo-tttt-2032`"),
        "{error}"
    );
    assert!(error.contains("did you mean `bo-tttt-2023`?"), "{error}");
}

#[test]
fn without_source_every_new_value_says_it_needs_one() {
    let (_tmp, root, file) = office_site(UNIT_LINE);
    let errors = import_with(&root, &file, None, None).unwrap_err();
    let needs: Vec<&String> = errors
        .iter()
        .filter(|e| e.contains("needs a source"))
        .collect();
    assert_eq!(needs.len(), 21 * 4 - 16, "{errors:#?}");
    assert!(needs[0].contains("add a `source` column"), "{}", needs[0]);
}

#[test]
fn unknown_names_get_the_closest_known_ones() {
    let text =
        "Tỉnh,Năm 2022 - Chỉ số chuyển đổi số cấp tinh DTI / Xep hng\nThua Thien,4\nQuang Nimh,3\n";
    let (_tmp, _root, result) = csv_import(text, None);
    let errors = result.unwrap_err().join("\n");
    assert!(
        errors.contains("2:A: unknown province `Thua Thien`\n  hint: did you mean `Huế`?"),
        "{errors}"
    );
    assert!(
        errors.contains("3:A: unknown province `Quang Nimh`\n  hint: did you mean `Quảng Ninh`"),
        "{errors}"
    );
    assert!(
        errors.contains("1:B: no indicator is named `chi so chuyen doi so cap tinh dti xep hng`"),
        "{errors}"
    );
    assert!(
        errors.contains("did you mean `Chỉ số chuyển đổi số cấp tỉnh (DTI) / Xếp hạng`"),
        "{errors}"
    );
}

#[test]
fn without_a_province_column_the_hint_names_the_row_and_the_vietnamese_names() {
    let text = "Bảng 1. Chỉ số DTI\nSTT,Đơn vị,2022\n1,Huế,0.6975\n";
    let (_tmp, _root, result) = csv_import(text, None);
    let errors = result.unwrap_err();
    let [error] = errors.as_slice() else {
        panic!("{errors:#?}")
    };
    assert!(
        error.contains("bang.csv:2:A: no header row with a `province` column in rows 1–3; this row reads `STT | Đơn vị | 2022`"),
        "{error}"
    );
    assert!(
        error.contains("`tỉnh`") && error.contains("`năm`") && error.contains("`giá trị`"),
        "{error}"
    );
}

#[test]
fn the_command_says_which_header_rows_it_took_and_with_v_what_it_left_outside() {
    let (_tmp, root, file) = office_site(UNIT_LINE);
    let run = |verbose: bool| {
        let mut cmd = crate::common::cli();
        cmd.arg("import").arg(&file).arg("--root").arg(&root);
        cmd.args(["--source", "bo-tttt-2023", "--dry-run"]);
        if verbose {
            cmd.arg("-v");
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let plain = run(false);
    let verbose = run(true);
    for (out, line) in [
        (&plain, "dti-2017-2022.xlsx:DTI: rows 3–4\n"),
        (&plain, "Skipped 16 cells without a figure (16 `-`)\n"),
        (
            &plain,
            "4 rows outside the table (title, unit, notes) not imported; -v lists them\n",
        ),
        (&verbose, ":DTI:27:A: Nguồn: Bộ Thông tin và Truyền thông\n"),
        (
            &verbose,
            ":DTI:2:A: Đơn vị: điểm (0–1); xếp hạng trên 63 tỉnh, thành phố\n",
        ),
    ] {
        assert!(out.contains(line), "{line} in {out}");
    }
}

#[test]
fn check_warns_about_a_province_with_figures_on_no_map() {
    let (_tmp, root) = site();
    // The fixture's Đắk Lắk has figures and declares no unit.
    let warnings = ictreport::check(&root).unwrap().warnings;
    let said: Vec<String> = warnings
        .iter()
        .map(|d| d.to_string())
        .filter(|d| d.contains("no map"))
        .collect();
    let [one] = said.as_slice() else {
        panic!("{said:#?}")
    };
    assert!(
        one.contains(
            "content/provinces/dak-lak/index.md:2:7: Đắk Lắk has figures but is on no map"
        ),
        "{one}"
    );
    assert!(one.contains("`unit_before_2025: Đắk Lắk`"), "{one}");
    let index = root.join("content/provinces/dak-lak/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replacen("\nregion:", "\nunit_before_2025: Đắk Lắk\nregion:", 1),
    )
    .unwrap();
    let warnings = ictreport::check(&root).unwrap().warnings;
    assert!(!warnings.iter().any(|d| d.to_string().contains("no map")));
}

#[test]
fn a_bilingual_site_gets_the_english_page_of_an_imported_province_too() {
    let (_tmp, root, file) = office_site(UNIT_LINE);
    let site = root.join("site.yaml");
    let yaml = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, yaml + "languages: [vi, en]\ntitle_en: Test report\n").unwrap();
    let done = import_with(&root, &file, Some("bo-tttt-2023"), None)
        .unwrap_or_else(|e| panic!("{}", e.join("\n")));
    let hue_files: Vec<String> = done
        .files()
        .iter()
        .map(|f| f.display().to_string())
        .filter(|f| f.contains("/hue"))
        .collect();
    assert!(
        hue_files.iter().any(|f| f.ends_with("hue/index.en.md")),
        "{hue_files:?}"
    );
    check_passes(&root);
    let (_out_tmp, out) = build_into_temp(&root, None);
    let index_en = std::fs::read_to_string(root.join("content/provinces/hue/index.en.md")).unwrap();
    assert!(index_en.contains("summary: \"Huế province: 4 figures of 4 indicators, 2017–2022, imported from a spreadsheet (generated summary).\""), "{index_en}");
    assert!(
        index_en.contains("region: \"North Central Coast\""),
        "{index_en}"
    );
    let en = text_of(page(&out, "en/tinh/hue/index.html").root_element());
    assert!(en.contains("this paragraph was generated"), "{en}");
    assert!(en.contains("0.6975 points"), "{en}");
    // The generated text is in English only, and no comment is shown as text (the
    // source's title is its own, in Vietnamese).
    let generated = en.split("Data table").next().unwrap_or_default();
    for vi in ["tỉnh", "Tỉnh", "hạng", "<!--"] {
        assert!(!generated.contains(vi), "{vi} in {generated}");
    }
}
