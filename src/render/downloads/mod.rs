//! The data as files, each written in one pass from the model (records are produced as they
//! are serialised, never collected). The set, chosen so that nothing is written twice in the
//! same shape:
//!
//! - one CSV per indicator (linked by the indicator page): what a reader of that page takes
//!   into a spreadsheet (a province's rows are on its page and in the whole-site files, so
//!   it has no file of its own but the one attached to its archival PDF);
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
/// together: the PDF edition (when the site has it), then the data files.
pub fn all(site: &Site) -> Vec<Download> {
    let mut files = pdfs(site);
    files.extend([Download::SiteCsv, Download::SiteJson, Download::SiteSchema]);
    files.extend(
        site.indicator_refs()
            .filter(|&r| site.provinces_with(r).next().is_some())
            .map(Download::IndicatorCsv),
    );
    files
}

/// The PDF edition: every province in every language, then the whole report in each
/// (none when the site turns it off, or the binary was built without the `pdf` feature).
fn pdfs(site: &Site) -> Vec<Download> {
    if !has_pdf(site) {
        return Vec::new();
    }
    let langs = &site.config.languages;
    let mut files: Vec<Download> = langs
        .iter()
        .flat_map(|&l| (0..site.provinces.len()).map(move |i| Download::ProvincePdf(i, l)))
        .collect();
    files.extend(langs.iter().map(|&l| Download::ReportPdf(l)));
    files
}

/// Whether the site is built with its PDF edition.
pub fn has_pdf(site: &Site) -> bool {
    cfg!(feature = "pdf") && site.config.pdf
}

/// The CSV of province `i`'s figures, attached to its archival PDF.
#[cfg(feature = "pdf")]
pub(crate) fn province_csv(site: &Site, i: usize) -> Result<Vec<u8>, String> {
    csv::province(site, &site.provinces[i])
}

/// The bytes of one download; a PDF's problems are located diagnostics of their own.
#[cfg_attr(not(feature = "pdf"), allow(unused_variables))]
fn bytes(
    site: &Site,
    theme: &super::Theme,
    file: Download,
) -> Result<Vec<u8>, Result<Vec<Diagnostic>, String>> {
    match file {
        Download::IndicatorCsv(r) => csv::indicator(site, r).map_err(Err),
        Download::SiteCsv => csv::site(site).map_err(Err),
        Download::SiteJson => json::site(site).map_err(Err),
        Download::SiteSchema => Ok(json::SCHEMA.as_bytes().to_vec()),
        #[cfg(feature = "pdf")]
        Download::ProvincePdf(i, lang) => super::pages::pdf::province_pdf(site, theme, lang, i)
            .map(|p| p.bytes)
            .map_err(Ok),
        #[cfg(feature = "pdf")]
        Download::ReportPdf(lang) => super::pages::pdf::report_pdf(site, theme, lang)
            .map(|p| p.bytes)
            .map_err(Ok),
        #[cfg(not(feature = "pdf"))]
        Download::ProvincePdf(..) | Download::ReportPdf(_) => Err(Err(
            "this ictreport was built without the PDF edition".into(),
        )),
    }
}

/// Writes the listed downloads; returns how many and the problems.
pub fn write(
    site: &Site,
    theme: &super::Theme,
    files: &[Download],
    sink: &dyn super::Sink,
) -> (usize, Vec<Diagnostic>) {
    let results: Vec<Result<(), Vec<Diagnostic>>> = files
        .par_iter()
        .map(|&file| {
            let path = file.path(site);
            let cannot = |e: String| {
                vec![Diagnostic::error(
                    path.as_str(),
                    format!("cannot write download: {e}"),
                )]
            };
            match bytes(site, theme, file) {
                Ok(b) => sink.write(&path, &b).map_err(|e| cannot(e.to_string())),
                Err(Ok(located)) => Err(located),
                Err(Err(e)) => Err(cannot(e)),
            }
        })
        .collect();
    let written = results.iter().filter(|r| r.is_ok()).count();
    (
        written,
        results
            .into_iter()
            .filter_map(Result::err)
            .flatten()
            .collect(),
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
