//! The data as files: CSV (UTF-8 with BOM, so spreadsheet programs read Vietnamese) and JSON,
//! per province, per indicator and for the whole site. Numbers are plain machine numbers
//! (72120, 98.3), never formatted.

use std::borrow::Cow;

use serde::Serialize;

use crate::model::layout::{DOWNLOADS_DIR, INDICATORS_DIR, PROVINCES_DIR, SITE_DATA_STEM};
use crate::model::{IndicatorRef, Observation, Province, Site};
use crate::model::{Lang, Qualifier, Status};
use crate::values;

/// One observation as a flat record.
#[derive(Serialize)]
pub struct Record<'a> {
    province_slug: Cell<'a>,
    province: Cell<'a>,
    indicator_id: Cell<'a>,
    indicator: Cell<'a>,
    unit: Cell<'a>,
    year: u16,
    from_year: Option<u16>,
    value: serde_json::Number,
    status: &'static str,
    qualifier: &'static str,
    numerator: Option<serde_json::Number>,
    denominator: Option<serde_json::Number>,
    out_of: Option<u32>,
    derived: bool,
    /// `stated`, `computed`, `sum` or `back_computed`.
    provenance: &'static str,
    source_id: Cell<'a>,
    source_title: Cell<'a>,
    note: Cell<'a>,
    note_en: Cell<'a>,
    scope: Cell<'a>,
}

impl Record<'_> {
    /// The record as a spreadsheet should read it: every text cell neutralised.
    fn for_spreadsheet(mut self) -> Self {
        for cell in [
            &mut self.province_slug,
            &mut self.province,
            &mut self.indicator_id,
            &mut self.indicator,
            &mut self.unit,
            &mut self.source_id,
            &mut self.source_title,
            &mut self.note,
            &mut self.note_en,
            &mut self.scope,
        ] {
            cell.spreadsheet = true;
        }
        self
    }
}

/// A text field. In a CSV file a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return runs as a formula when the file is opened in a spreadsheet program (a province
/// named `=HYPERLINK(…)`), so there it gets a leading `'`, as OWASP recommends. Numbers are
/// not cells of this kind: a negative value stays a number.
#[derive(Clone)]
struct Cell<'a> {
    text: Cow<'a, str>,
    spreadsheet: bool,
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Self {
        Cell {
            text: Cow::Borrowed(text),
            spreadsheet: false,
        }
    }
}

impl From<String> for Cell<'_> {
    fn from(text: String) -> Self {
        Cell {
            text: Cow::Owned(text),
            spreadsheet: false,
        }
    }
}

impl Serialize for Cell<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.spreadsheet && self.text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            s.serialize_str(&format!("'{}", self.text))
        } else {
            s.serialize_str(&self.text)
        }
    }
}

/// Paths of the download files (relative to the output folder).
pub fn province_file(p: &Province, ext: &str) -> String {
    format!("{DOWNLOADS_DIR}/{PROVINCES_DIR}/{}.{ext}", p.slug)
}

pub fn indicator_file(site: &Site, r: IndicatorRef, ext: &str) -> String {
    format!(
        "{DOWNLOADS_DIR}/{INDICATORS_DIR}/{}.{ext}",
        site.indicator(r).id
    )
}

/// The whole site's data file with extension `ext`.
pub fn site_file(ext: &str) -> String {
    format!("{DOWNLOADS_DIR}/{SITE_DATA_STEM}.{ext}")
}

/// A number as JSON writes it: whole values without `.0`.
fn plain(v: f64) -> serde_json::Number {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        serde_json::Number::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).unwrap_or_else(|| serde_json::Number::from(0))
    }
}

fn status_code(s: Status) -> &'static str {
    match s {
        Status::Actual => "actual",
        Status::Estimate => "estimate",
        Status::Target => "target",
    }
}

fn qualifier_code(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::Approximate => "approximate",
        Qualifier::AtLeast => "at_least",
        Qualifier::AtMost => "at_most",
        Qualifier::Nearly => "nearly",
    }
}

fn record<'a>(site: &'a Site, p: &'a Province, r: IndicatorRef, o: &'a Observation) -> Record<'a> {
    let ind = site.indicator(r);
    let src = site.source(o.source);
    Record {
        province_slug: Cell::from(p.slug.as_str()),
        province: Cell::from(p.name.as_str()),
        indicator_id: Cell::from(ind.id.as_str()),
        indicator: Cell::from(ind.name.as_str()),
        unit: Cell::from(ind.unit.as_str()),
        year: o.year.get(),
        from_year: o.from_year.map(|y| y.get()),
        value: plain(o.value),
        status: status_code(o.status),
        qualifier: qualifier_code(o.qualifier),
        numerator: o.fraction.map(|f| plain(f.numerator)),
        denominator: o.fraction.map(|f| plain(f.denominator)),
        out_of: o.out_of,
        derived: o.derived.is_derived(),
        provenance: o.derived.code(),
        source_id: Cell::from(src.id.as_str()),
        source_title: Cell::from(src.title.as_str()),
        note: Cell::from(
            o.note
                .as_deref()
                .map(|n| values::numbers_in(n, site.config.language))
                .unwrap_or_default(),
        ),
        scope: Cell::from(o.scope.as_deref().unwrap_or("")),
        note_en: Cell::from(
            o.note_en
                .as_deref()
                .map(|n| values::numbers_in(n, Lang::En))
                .unwrap_or_default(),
        ),
    }
}

/// Every observation of a province.
fn province_records<'a>(site: &'a Site, p: &'a Province) -> impl Iterator<Item = Record<'a>> {
    p.series.iter().flat_map(move |s| {
        s.observations
            .iter()
            .map(move |o| record(site, p, s.indicator, o))
    })
}

/// The records of one set, produced as they are serialised: the whole-site set of a large
/// site is hundreds of thousands of records, never held at once.
fn set_records(site: &Site, set: DownloadSet) -> Box<dyn Iterator<Item = Record<'_>> + '_> {
    match set {
        DownloadSet::Province(i) => Box::new(province_records(site, &site.provinces[i])),
        DownloadSet::Indicator(r) => Box::new(
            site.provinces_with(r)
                .flat_map(move |(p, s)| s.observations.iter().map(move |o| record(site, p, r, o))),
        ),
        DownloadSet::Site => Box::new(
            site.provinces
                .iter()
                .flat_map(move |p| province_records(site, p)),
        ),
    }
}

/// CSV with a UTF-8 BOM and a header row.
fn to_csv<'a>(records: impl Iterator<Item = Record<'a>>) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for r in records {
        w.serialize(r.for_spreadsheet())
            .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

fn to_json<'a>(records: impl Iterator<Item = Record<'a>>) -> Result<Vec<u8>, String> {
    use serde::Serializer;
    // Compact: downloads are for programs, and sites with many provinces have many of them.
    let mut out = Vec::new();
    serde_json::Serializer::new(&mut out)
        .collect_seq(records)
        .map_err(|e| e.to_string())?;
    out.push(b'\n');
    Ok(out)
}

/// One group of download files (a CSV and a JSON with the same records).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DownloadSet {
    Province(usize),
    Indicator(IndicatorRef),
    Site,
}

/// Every download of the site, the largest first so that the parallel writers finish
/// together.
pub fn all_sets(site: &Site) -> Vec<DownloadSet> {
    let mut sets = vec![DownloadSet::Site];
    sets.extend(
        site.indicator_refs()
            .filter(|&r| site.provinces_with(r).next().is_some())
            .map(DownloadSet::Indicator),
    );
    sets.extend((0..site.provinces.len()).map(DownloadSet::Province));
    sets
}

/// The two paths of a set.
pub fn set_paths(site: &Site, set: DownloadSet) -> [String; 2] {
    match set {
        DownloadSet::Province(i) => [
            province_file(&site.provinces[i], "csv"),
            province_file(&site.provinces[i], "json"),
        ],
        DownloadSet::Indicator(r) => [
            indicator_file(site, r, "csv"),
            indicator_file(site, r, "json"),
        ],
        DownloadSet::Site => [site_file("csv"), site_file("json")],
    }
}

/// Writes the listed download files; returns how many and the problems.
pub fn write_sets(
    site: &Site,
    sets: &[DownloadSet],
    sink: &dyn super::Sink,
) -> (usize, Vec<crate::diagnostic::Diagnostic>) {
    use rayon::prelude::*;
    let results: Vec<(usize, Vec<crate::diagnostic::Diagnostic>)> = sets
        .par_iter()
        .map(|&set| {
            let [csv_path, json_path] = set_paths(site, set);
            let mut written = 0;
            let mut diags = Vec::new();
            // One file's bytes at a time.
            for (path, json) in [(csv_path, false), (json_path, true)] {
                let records = set_records(site, set);
                let bytes = if json {
                    to_json(records)
                } else {
                    to_csv(records)
                };
                match bytes.and_then(|b| sink.write(&path, &b).map_err(|e| e.to_string())) {
                    Ok(()) => written += 1,
                    Err(e) => diags.push(crate::diagnostic::Diagnostic::error(
                        path.as_str(),
                        format!("cannot write download: {e}"),
                    )),
                }
            }
            (written, diags)
        })
        .collect();
    results
        .into_iter()
        .fold((0, Vec::new()), |(n, mut all), (w, d)| {
            all.extend(d);
            (n + w, all)
        })
}
