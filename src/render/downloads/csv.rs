//! CSV downloads, UTF-8 with a BOM and a header row. The data files have one row per figure
//! and name its source by `source_id`; `nguon.csv` has one row per source (its title,
//! publisher, author, date and address), as the whole-site JSON lists each source once.
//! The whole-site file has every column of a figure but the source's title; an indicator's
//! file leaves out its `indicator_id` too (its name), and keeps `indicator` and `unit`, so that
//! it says what it measures when opened alone. A province's file, attached to its PDF, travels
//! alone: it keeps `source_title`. Whether a figure was derived is its `provenance`
//! (anything but `stated`).

use std::borrow::Cow;

use serde::Serialize;

use crate::model::{IndicatorRef, Observation, Province, Site};

/// Which columns a file has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Columns {
    /// Every column: a province's file, attached to its PDF.
    All,
    /// The whole-site file: without `source_title` (`nguon.csv` has it).
    Site,
    /// One indicator's file: without `indicator_id` and `source_title`.
    Indicator,
}

/// One observation as a flat row. A column left out is `None` in every row of its file, so
/// the header and the rows agree.
#[derive(Serialize)]
struct Record<'a> {
    province_slug: Cell<'a>,
    province: Cell<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    indicator_id: Option<Cell<'a>>,
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
    /// `stated`, `computed`, `sum` or `back_computed`.
    provenance: &'static str,
    source_id: Cell<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_title: Option<Cell<'a>>,
    note: Cell<'a>,
    note_en: Cell<'a>,
    scope: Cell<'a>,
}

/// A text field. In a CSV file a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return runs as a formula when the file is opened in a spreadsheet program (a province
/// named `=HYPERLINK(…)`), so it gets a leading `'`, as OWASP recommends. Numbers are not
/// cells of this kind: a negative value stays a number.
struct Cell<'a>(Cow<'a, str>);

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Self {
        Cell(Cow::Borrowed(text))
    }
}

impl From<String> for Cell<'_> {
    fn from(text: String) -> Self {
        Cell(Cow::Owned(text))
    }
}

impl Serialize for Cell<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&formula_safe(&self.0))
    }
}

/// What starts a formula in a spreadsheet program.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell for a CSV file that no spreadsheet runs as a formula: a leading `'` before
/// `=`, `+`, `-`, `@`, a tab or a carriage return (and before a text that already starts
/// with `'` and one of those, so that [`formula_unescaped`] gives back exactly the text).
/// The site's downloads and `ictreport export` both write text cells through it.
pub(crate) fn formula_safe(text: &str) -> Cow<'_, str> {
    let quoted = text.strip_prefix('\'').unwrap_or(text);
    if quoted.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text [`formula_safe`] was given: what `import` reads from a CSV cell.
pub(crate) fn formula_unescaped(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if rest
                .strip_prefix('\'')
                .unwrap_or(rest)
                .starts_with(FORMULA_START) =>
        {
            rest
        }
        _ => cell,
    }
}

fn record<'a>(
    site: &'a Site,
    columns: Columns,
    p: &'a Province,
    r: IndicatorRef,
    o: &'a Observation,
) -> Record<'a> {
    let all = columns == Columns::All;
    let ind = site.indicator(r);
    let src = site.source(o.source);
    let (note, note_en) = super::notes(site, o);
    let figure = super::figure(site, r, o);
    let (numerator, denominator) = figure.machine_fraction().unzip();
    Record {
        province_slug: Cell::from(p.slug.as_str()),
        province: Cell::from(p.name.as_str()),
        indicator_id: (columns != Columns::Indicator).then(|| Cell::from(ind.id.as_str())),
        indicator: Cell::from(ind.name.as_str()),
        unit: Cell::from(ind.unit.as_str()),
        year: o.year.get(),
        from_year: o.from_year.map(|y| y.get()),
        value: figure.machine_value(),
        status: o.status.code(),
        qualifier: o.qualifier.code(),
        numerator,
        denominator,
        out_of: o.out_of,
        provenance: o.derived.code(),
        source_id: Cell::from(src.id.as_str()),
        source_title: all.then(|| Cell::from(src.title.as_str())),
        note: Cell::from(note),
        note_en: Cell::from(note_en),
        scope: Cell::from(o.scope.as_deref().unwrap_or("")),
    }
}

/// Every observation of a province, with the columns of `columns`.
fn province_records<'a>(
    site: &'a Site,
    columns: Columns,
    p: &'a Province,
) -> impl Iterator<Item = Record<'a>> {
    p.series.iter().flat_map(move |s| {
        s.observations
            .iter()
            .map(move |o| record(site, columns, p, s.indicator, o))
    })
}

/// CSV with a UTF-8 BOM and a header row, the records serialised as they come.
#[cfg(feature = "pdf")]
fn write<'a>(records: impl Iterator<Item = Record<'a>>) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    write_rows(records, &mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// A BOM, the header row of `T`'s fields, then `rows` serialised as they come.
fn write_rows<T: Serialize>(
    rows: impl Iterator<Item = T>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = ::csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(out);
    for r in rows {
        w.serialize(r).map_err(std::io::Error::other)?;
    }
    w.flush()
}

/// One province's figures (attached to its archival PDF).
#[cfg(feature = "pdf")]
pub(super) fn province(site: &Site, p: &Province) -> Result<Vec<u8>, String> {
    write(province_records(site, Columns::All, p))
}

/// One indicator's figures across provinces, written into `out` as the rows are made.
pub(super) fn indicator(
    site: &Site,
    r: IndicatorRef,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_rows(
        site.provinces_with(r).flat_map(move |(p, s)| {
            s.observations
                .iter()
                .map(move |o| record(site, Columns::Indicator, p, r, o))
        }),
        out,
    )
}

/// Every figure of the site, written into `out` as the rows are made.
pub(super) fn site(site: &Site, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_rows(
        site.provinces
            .iter()
            .flat_map(move |p| province_records(site, Columns::Site, p)),
        out,
    )
}

/// One source as a row of `nguon.csv`: what the sources page says of it.
#[derive(Serialize)]
struct SourceRecord<'a> {
    source_id: Cell<'a>,
    title: Cell<'a>,
    publisher: Cell<'a>,
    publisher_en: Cell<'a>,
    author: Cell<'a>,
    author_en: Cell<'a>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precisely as it is known (as in the JSON).
    date: Option<String>,
    url: Cell<'a>,
}

/// An optional text as a cell (empty when absent).
fn text(t: Option<&str>) -> Cell<'_> {
    Cell::from(t.unwrap_or(""))
}

/// Every source of the site, the ids the data files name.
pub(super) fn sources(site: &Site, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let rows = site.sources.iter().map(|s| SourceRecord {
        source_id: Cell::from(s.id.as_str()),
        title: Cell::from(s.title.as_str()),
        publisher: Cell::from(s.publisher.as_str()),
        publisher_en: text(s.publisher_en.as_deref()),
        author: text(s.author.as_deref()),
        author_en: text(s.author_en.as_deref()),
        date: super::json::date(s.date),
        url: text(s.url.as_deref()),
    });
    write_rows(rows, out)
}

#[cfg(test)]
mod tests {
    use super::{formula_safe, formula_unescaped};

    #[test]
    fn formula_cells_are_quoted_and_read_back_exactly() {
        let cases = [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-5 tỷ", "'-5 tỷ"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("'ghi chú", "'ghi chú"),
            ("Vĩnh Phúc", "Vĩnh Phúc"),
            ("", ""),
        ];
        for (text, cell) in cases {
            assert_eq!(formula_safe(text), cell, "{text:?}");
            assert_eq!(formula_unescaped(cell), text, "{cell:?}");
        }
    }
}
