//! The data as files, each written in one pass from the model (records are produced as they
//! are serialised, never collected). The set, chosen so that nothing is written twice in the
//! same shape:
//!
//! - one CSV per indicator (linked by the indicator page): what a reader of that page takes
//!   into a spreadsheet (a province's rows are on its page and in the whole-site files, so
//!   it has no file of its own but the one attached to its archival PDF);
//! - one CSV of every figure, for spreadsheets and tools that want one table, and one of
//!   the sources those name by `source_id`;
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

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::i18n::I18n;
pub use crate::model::layout::Download;
use crate::model::{IndicatorRef, Lang, Observation, Site};
use crate::values::Figure;

/// Every download of the site, the largest first so that the parallel writers finish
/// together: the PDF edition (when the site has it), then the data files.
pub fn all(site: &Site) -> Vec<Download> {
    let mut files = pdfs(site);
    files.extend([
        Download::SiteCsv,
        Download::SiteJson,
        Download::SiteSchema,
        Download::SourcesCsv,
    ]);
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
        .flat_map(|&l| {
            let ids = site.provinces.iter().map(crate::model::Province::id);
            ids.map(move |id| Download::ProvincePdf(id, l))
        })
        .collect();
    files.extend(langs.iter().map(|&l| Download::ReportPdf(l)));
    files
}

/// Whether the site is built with its PDF edition.
pub fn has_pdf(site: &Site) -> bool {
    cfg!(feature = "pdf") && site.config.pdf
}

/// The CSV of province `p`'s figures, attached to its archival PDF.
#[cfg(feature = "pdf")]
pub(crate) fn province_csv(site: &Site, p: &crate::model::Province) -> Result<Vec<u8>, String> {
    csv::province(site, p)
}

/// The message for a province the site does not have (a plan made for another site).
#[cfg(feature = "pdf")]
fn no_province(id: &crate::model::ProvinceId) -> String {
    format!("the site has no province `{}`", id.0)
}

/// What the downloads page says of a PDF besides its link: known only once it is typeset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfFacts {
    /// The file's size in bytes.
    pub bytes: u64,
    pub pages: usize,
}

/// The PDFs typeset so far, by output path: a path names the same file whatever provinces
/// the preview adds or removes, where a province's index would not.
pub type PdfList = BTreeMap<String, PdfFacts>;

/// One download's bytes, and its page count when it is a PDF.
struct Content {
    bytes: Vec<u8>,
    pages: Option<usize>,
}

/// The content of one download; a PDF's problems are located diagnostics of their own.
#[cfg_attr(not(feature = "pdf"), allow(unused_variables))]
fn content(
    site: &Site,
    theme: &super::Theme,
    file: &Download,
) -> Result<Content, Result<Vec<Diagnostic>, String>> {
    let data =
        |r: Result<Vec<u8>, String>| r.map(|bytes| Content { bytes, pages: None }).map_err(Err);
    #[cfg(feature = "pdf")]
    let pdf = |r: Result<crate::pdf::Pdf, Vec<Diagnostic>>| {
        r.map(|p| Content {
            bytes: p.bytes,
            pages: Some(p.pages),
        })
        .map_err(Ok)
    };
    match file {
        // Streamed by `write`; collected here only for a caller that wants the bytes.
        Download::IndicatorCsv(_)
        | Download::SiteCsv
        | Download::SiteJson
        | Download::SourcesCsv => {
            let mut bytes = Vec::new();
            streamed(site, file, &mut bytes).map_err(|e| Err(e.to_string()))?;
            Ok(Content { bytes, pages: None })
        }
        Download::SiteSchema => data(Ok(json::SCHEMA.as_bytes().to_vec())),
        #[cfg(feature = "pdf")]
        Download::ProvincePdf(id, lang) => match site.province(id) {
            Some(p) => pdf(super::pages::pdf::province_pdf(site, theme, *lang, p)),
            None => Err(Err(no_province(id))),
        },
        #[cfg(feature = "pdf")]
        Download::ReportPdf(lang) => pdf(super::pages::pdf::report_pdf(site, theme, *lang)),
        #[cfg(not(feature = "pdf"))]
        Download::ProvincePdf(..) | Download::ReportPdf(_) => Err(Err(
            "this ictreport was built without the PDF edition".into(),
        )),
    }
}

/// The data files (CSV and JSON), written into their files as they are made.
fn is_streamed(file: &Download) -> bool {
    matches!(
        file,
        Download::IndicatorCsv(_) | Download::SiteCsv | Download::SiteJson | Download::SourcesCsv
    )
}

/// Writes a data file into `out` as it is made: at thousands of provinces the whole-site
/// ones are a hundred megabytes each and an indicator's ten, which memory never holds whole.
fn streamed(site: &Site, file: &Download, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    match file {
        Download::SiteJson => json::site(site, out),
        Download::IndicatorCsv(r) => csv::indicator(site, *r, out),
        Download::SourcesCsv => csv::sources(site, out),
        _ => csv::site(site, out),
    }
}

/// Writes the listed downloads; returns how many, the problems, and the size and page
/// count of each PDF written.
pub fn write(
    site: &Site,
    theme: &super::Theme,
    files: &[Download],
    sink: &dyn super::Sink,
) -> (usize, Vec<Diagnostic>, PdfList) {
    let write_one = |file: &Download| -> Result<Option<(String, PdfFacts)>, Vec<Diagnostic>> {
        let path = file.path(site);
        let cannot = |e: String| {
            vec![Diagnostic::error(
                path.as_str(),
                format!("cannot write download: {e}"),
            )]
        };
        if is_streamed(file) {
            return sink
                .write_streamed(&path, &mut |out| streamed(site, file, out))
                .map(|()| None)
                .map_err(|e| cannot(e.to_string()));
        }
        match content(site, theme, file) {
            Ok(Content { bytes, pages }) => {
                sink.write(&path, &bytes)
                    .map_err(|e| cannot(e.to_string()))?;
                let bytes = bytes.len() as u64;
                Ok(pages.map(|pages| (path, PdfFacts { bytes, pages })))
            }
            Err(Ok(located)) => Err(located),
            Err(Err(e)) => Err(cannot(e)),
        }
    };
    let results = if files.iter().any(|f| f.is_pdf()) {
        typeset_each(files, write_one)
    } else {
        files.par_iter().map(write_one).collect()
    };
    let written = results.iter().filter(|r| r.is_ok()).count();
    let mut pdfs = PdfList::new();
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(facts) => pdfs.extend(facts),
            Err(more) => diags.extend(more),
        }
    }
    (written, diags, pdfs)
}

/// The PDF edition's documents are typeset as `crate::pdf::typeset_each` says.
#[cfg(feature = "pdf")]
use crate::pdf::typeset_each;

/// Without the PDF edition there is nothing to typeset: the files are written in parallel.
#[cfg(not(feature = "pdf"))]
fn typeset_each<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    items.par_iter().map(&f).collect()
}

/// Figure `o` of indicator `r`, for its machine form ([`Figure::machine_value`]), which is
/// the same in every language: data files take their numbers from the one type that prints
/// figures, like every other view.
fn figure<'a>(site: &'a Site, r: IndicatorRef, o: &'a Observation) -> Figure<'a> {
    Figure::new(site.indicator(r), o, site.config.language, I18n::embedded())
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    use super::*;
    use crate::output::{Fill, Sink};

    /// Keeps every file, and the paths that came through `write_streamed`.
    #[derive(Default)]
    struct Recorder {
        files: Mutex<BTreeMap<String, Vec<u8>>>,
        streamed: Mutex<Vec<String>>,
    }

    impl Sink for Recorder {
        fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
            self.files.lock().unwrap().insert(path.into(), bytes.into());
            Ok(())
        }

        fn write_streamed(&self, path: &str, fill: Fill<'_>) -> std::io::Result<()> {
            self.streamed.lock().unwrap().push(path.into());
            let mut bytes = Vec::new();
            fill(&mut bytes)?;
            self.write(path, &bytes)
        }
    }

    #[test]
    fn the_data_files_are_streamed_with_the_bytes_of_the_collected_ones() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        let pipeline = crate::pipeline::Pipeline::new(&root, crate::pipeline::Mode::Build);
        let (prepared, _) = pipeline.prepare();
        let crate::pipeline::Prepared { site, theme } = prepared.unwrap();
        // The data files (the PDFs are no stream, and slow to typeset here).
        let files: Vec<Download> = all(&site).into_iter().filter(|d| !d.is_pdf()).collect();
        let sink = Recorder::default();
        let (_, diags, _) = write(&site, &theme, &files, &sink);
        assert!(diags.is_empty(), "{diags:?}");
        let mut streamed = sink.streamed.lock().unwrap().clone();
        streamed.sort();
        let data: Vec<Download> = files
            .iter()
            .filter(|f| matches!(f, Download::IndicatorCsv(_)))
            .cloned()
            .chain([Download::SiteCsv, Download::SiteJson, Download::SourcesCsv])
            .collect();
        let mut paths: Vec<String> = data.iter().map(|f| f.path(&site)).collect();
        paths.sort();
        assert_eq!(streamed, paths);
        assert!(paths.len() > 3, "{paths:?}");
        let written = sink.files.lock().unwrap();
        for file in data {
            let collected = content(&site, &theme, &file).map_err(|_| ()).unwrap().bytes;
            assert_eq!(written[&file.path(&site)], collected);
            assert!(collected.len() > 100);
        }
    }
}
