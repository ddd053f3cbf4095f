//! The import of a table laid out as a statistics office publishes it: the site's actual
//! figures written with a title and unit line, a row-number column, province names with
//! `Tỉnh` in front, a group row per indicator (its catalog alias) over a row of years with
//! the group cells left empty to its right as a merge exported to CSV leaves them, `-` for a
//! missing figure and a source line under the table. Importing it changes nothing, and the
//! import counts every `-` and every line outside the table.

use std::collections::BTreeMap;
use std::path::Path;

use ictreport::sheet::ImportOptions;

use super::sites::alias_of;

/// Writes the office's table of the figures in `long` (a long-layout export) and imports
/// it into `root`: nothing may change.
pub fn office_round_trip(root: &Path, long: &Path, tmp: &Path) -> Result<(), String> {
    let mut reader = csv::Reader::from_path(long).map_err(|e| e.to_string())?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let (Some(p), Some(i), Some(y), Some(s), Some(v)) = (
        col("province"),
        col("indicator"),
        col("year"),
        col("status"),
        col("value"),
    ) else {
        return Err(format!("unexpected export header {headers:?}"));
    };
    // (indicator, year) columns and, per province, their values.
    let mut columns: BTreeMap<(String, i64), ()> = BTreeMap::new();
    let mut rows: BTreeMap<String, BTreeMap<(String, i64), String>> = BTreeMap::new();
    for record in reader.records() {
        let r = record.map_err(|e| e.to_string())?;
        if !matches!(&r[s], "" | "actual") {
            continue;
        }
        let key = (
            r[i].to_string(),
            r[y].parse::<i64>().map_err(|e| e.to_string())?,
        );
        columns.insert(key.clone(), ());
        rows.entry(r[p].to_string())
            .or_default()
            .insert(key, r[v].to_string());
    }
    if columns.is_empty() {
        return Ok(());
    }
    let columns: Vec<(String, i64)> = columns.into_keys().collect();
    let mut text =
        String::from("Bảng số liệu thử\nĐơn vị: theo từng chỉ số\nSTT,\"Tỉnh, thành phố\"");
    let mut years = String::from(",");
    for (k, (id, year)) in columns.iter().enumerate() {
        let first = k == 0 || columns[k - 1].0 != *id;
        text.push(',');
        if first {
            text.push_str(&format!("\"{}\"", alias_of(id)));
        }
        years.push_str(&format!(",Năm {year}"));
    }
    text.push('\n');
    text.push_str(&years);
    text.push('\n');
    let mut dashes = 0;
    for (n, (province, values)) in rows.iter().enumerate() {
        text.push_str(&format!("{},\"Tỉnh {province}\"", n + 1));
        for key in &columns {
            match values.get(key) {
                Some(v) => text.push_str(&format!(",{v}")),
                None => {
                    dashes += 1;
                    text.push_str(",-");
                }
            }
        }
        text.push('\n');
    }
    text.push_str("Nguồn: số liệu thử\n");
    let file = tmp.join("bang-cong-bo.csv");
    std::fs::write(&file, text).map_err(|e| e.to_string())?;
    let before = crate::common::tree(root);
    let done = ictreport::sheet::import(&ImportOptions {
        root: root.to_path_buf(),
        file: file.clone(),
        sheet: None,
        dry_run: false,
        source: None,
        out_of: None,
    })
    .map_err(|f| {
        let msgs: Vec<String> = f.diagnostics.iter().map(|d| d.to_string()).collect();
        format!("the office table did not import:\n{}", msgs.join("\n"))
    })?;
    if crate::common::tree(root) != before || !done.written.is_empty() {
        return Err(format!(
            "the office table changed files: {:?}",
            done.files()
        ));
    }
    let counted: usize = done.skipped.missing.iter().map(|(_, n)| n).sum();
    if counted != dashes || done.skipped.outside.len() != 3 {
        return Err(format!(
            "wrote {dashes} `-` and 3 lines outside the table; the import counted {:?} and {:?}",
            done.skipped.missing, done.skipped.outside
        ));
    }
    Ok(())
}
