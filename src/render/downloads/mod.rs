//! The data as files, each written in one pass from the model (records are produced as they
//! are serialised, never collected). The set, chosen so that nothing is written twice in the
//! same shape:
//!
//! - one CSV per province (linked by its page) and one per indicator (linked by the
//!   indicator page): what a reader of that page takes into a spreadsheet;
//! - one CSV of every figure, for spreadsheets and tools that want one table;
//! - one normalised JSON of every figure (`json.rs`): provinces, indicators, categories and
//!   sources once each, the figures as rows of values under one list of field names, with a
//!   JSON Schema beside it.
//!
//! CSV files are UTF-8 with a BOM (so spreadsheet programs read Vietnamese) and neutralise
//! cells a spreadsheet would run as formulas (`csv.rs`). Numbers are plain machine numbers
//! (72120, 98.3), never formatted. Paths come from `model::layout::Download`.

mod csv;
pub(crate) use csv::{formula_safe, formula_unescaped};
mod json;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
pub use crate::model::layout::Download;
use crate::model::{Lang, Observation, Site};

/// Every download of the site, the largest first so that the parallel writers finish
/// together.
pub fn all(site: &Site) -> Vec<Download> {
    let mut files = vec![Download::SiteCsv, Download::SiteJson, Download::SiteSchema];
    files.extend(
        site.indicator_refs()
            .filter(|&r| site.provinces_with(r).next().is_some())
            .map(Download::IndicatorCsv),
    );
    files.extend((0..site.provinces.len()).map(Download::ProvinceCsv));
    files
}

/// The bytes of one download.
fn bytes(site: &Site, file: Download) -> Result<Vec<u8>, String> {
    match file {
        Download::ProvinceCsv(i) => csv::province(site, &site.provinces[i]),
        Download::IndicatorCsv(r) => csv::indicator(site, r),
        Download::SiteCsv => csv::site(site),
        Download::SiteJson => json::site(site),
        Download::SiteSchema => Ok(json::SCHEMA.as_bytes().to_vec()),
    }
}

/// Writes the listed downloads; returns how many and the problems.
pub fn write(site: &Site, files: &[Download], sink: &dyn super::Sink) -> (usize, Vec<Diagnostic>) {
    let results: Vec<Result<(), Diagnostic>> = files
        .par_iter()
        .map(|&file| {
            let path = file.path(site);
            bytes(site, file)
                .and_then(|b| sink.write(&path, &b).map_err(|e| e.to_string()))
                .map_err(|e| {
                    Diagnostic::error(path.as_str(), format!("cannot write download: {e}"))
                })
        })
        .collect();
    let written = results.iter().filter(|r| r.is_ok()).count();
    (
        written,
        results.into_iter().filter_map(Result::err).collect(),
    )
}

/// A number as data files write it: whole values without `.0`.
fn plain(v: f64) -> serde_json::Number {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        serde_json::Number::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).unwrap_or_else(|| serde_json::Number::from(0))
    }
}

/// A note with its `{num:…}` figures written for `lang` (empty without a note).
fn note_text(note: Option<&str>, lang: Lang) -> String {
    note.map(|n| crate::values::numbers_in(n, lang))
        .unwrap_or_default()
}

/// The notes of an observation: in the site's language and in English.
fn notes(site: &Site, o: &Observation) -> (String, String) {
    (
        note_text(o.note.as_deref(), site.config.language),
        note_text(o.note_en.as_deref(), Lang::En),
    )
}
