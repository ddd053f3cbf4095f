//! `ictreport export`: the site's data as a spreadsheet, in the layouts `import` reads, so
//! that importing an export changes nothing. With `--template`, the same sheets without
//! values, one row per province and indicator, for the next year's collection.

use std::path::PathBuf;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::export_target::{Format as FileFormat, Target};
use super::merge::number;
use super::values::word_of;
use crate::diagnostic::Diagnostic;
use crate::i18n::I18n;
use crate::model::inputs;
use crate::model::{Indicator, Observation, Province, Site};
use crate::model::{Qualifier, Status, Year};
use crate::outcome::Failure;
use crate::render::downloads::formula_safe;
use crate::values::Figure;

/// How the rows are laid out (see `layout` for both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One row per observation.
    Long,
    /// One sheet per indicator, provinces as rows, years as columns.
    Wide,
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub root: PathBuf,
    /// `.xlsx` or `.csv`.
    pub file: PathBuf,
    pub layout: Layout,
    /// Empty rows for every province and indicator instead of the data.
    pub template: bool,
    /// The template's year [default: the year after the latest reported one].
    pub year: Option<i64>,
    /// Replace `file` if it exists.
    pub force: bool,
}

/// What `export` wrote.
#[derive(Debug)]
pub struct Exported {
    pub file: PathBuf,
    pub sheets: usize,
    /// Data rows, over all sheets.
    pub rows: usize,
}

/// A cell to write.
#[derive(Debug, Clone, PartialEq)]
enum Out {
    Empty,
    Text(String),
    Number(f64),
}

fn text(s: impl Into<String>) -> Out {
    Out::Text(s.into())
}

/// Figure `o` of `ind`, whose machine form (the same in every language) gives the number
/// cells: an export writes figures through `Figure` like every other view of them, and
/// `import` reads them back unchanged.
fn figure<'a>(site: &'a Site, ind: &'a Indicator, o: &'a Observation) -> Figure<'a> {
    Figure::new(ind, o, site.config.language, I18n::embedded())
}

/// A number cell from a figure's machine form.
fn machine_cell(n: Option<serde_json::Number>) -> Out {
    opt_number(n.and_then(|n| n.as_f64()))
}

fn opt_number(v: Option<f64>) -> Out {
    v.map_or(Out::Empty, Out::Number)
}

/// One sheet: a name and rows, the first of which is the header.
struct Sheet {
    name: String,
    rows: Vec<Vec<Out>>,
}

const LONG_HEADER: [&str; 15] = [
    "province",
    "indicator",
    "indicator_name",
    "unit",
    "year",
    "status",
    "value",
    "qualifier",
    "source",
    "note",
    "note_en",
    "numerator",
    "denominator",
    "from_year",
    "out_of",
];

/// Writes the site's data (or a template) to `opts.file`.
pub fn export(opts: &ExportOptions) -> Result<Exported, Failure> {
    let fail = |d: Diagnostic| Failure {
        diagnostics: vec![d],
    };
    // A wrong target and a site that does not pass are reported together.
    let (target, site) = match (
        Target::check(&opts.root, &opts.file, opts.force),
        super::valid_site(&opts.root),
    ) {
        (Ok(target), Ok(site)) => (target, site),
        (target, site) => {
            let mut diagnostics: Vec<Diagnostic> = target.err().into_iter().collect();
            diagnostics.extend(site.err().into_iter().flat_map(|f| f.diagnostics));
            return Err(Failure { diagnostics });
        }
    };
    let csv = target.format == FileFormat::Csv;
    let year = match (opts.template, opts.year) {
        (false, _) => 0,
        (true, Some(y)) => y,
        (true, None) => next_year(&site).ok_or_else(|| {
            fail(
                Diagnostic::error(&opts.file, "the site has no reported value to follow")
                    .with_hint("pass --year with the year the template is for"),
            )
        })?,
    };
    if opts.template && Year::new(year).is_none() {
        return Err(fail(
            Diagnostic::error(
                &opts.file,
                format!(
                    "the template's year {year} is outside {}–{}",
                    Year::MIN,
                    Year::MAX
                ),
            )
            .with_hint("pass --year with a year the site accepts"),
        ));
    }
    if !csv {
        too_long_for_a_cell(&site)?;
    }
    let sheets = match (opts.layout, csv) {
        (Layout::Long, _) => vec![long(&site, opts.template.then_some(year))],
        (Layout::Wide, true) => vec![wide(&site, None, opts.template.then_some(year))],
        (Layout::Wide, false) => (0..site.indicators.len())
            .filter(|i| {
                opts.template
                    || site
                        .provinces
                        .iter()
                        .any(|p| series(p, *i).next().is_some())
            })
            .map(|i| wide(&site, Some(i), opts.template.then_some(year)))
            .collect(),
    };
    let rows = sheets.iter().map(|s| s.rows.len() - 1).sum();
    let bytes = if csv {
        csv_bytes(&sheets[0])
    } else {
        xlsx_bytes(&sheets).map_err(|e| e.to_string())
    };
    let bytes =
        bytes.map_err(|e| fail(Diagnostic::error(&opts.file, format!("cannot write: {e}"))))?;
    // The writer names the file by its resolved folder; the user knows it as given.
    target.write(bytes).map_err(|mut diagnostics| {
        for d in &mut diagnostics {
            d.file = opts.file.clone();
        }
        Failure { diagnostics }
    })?;
    Ok(Exported {
        file: opts.file.clone(),
        sheets: sheets.len(),
        rows,
    })
}

/// The most characters a spreadsheet cell holds (Excel's limit, which rust_xlsxwriter
/// enforces).
const CELL_CHARS: usize = 32_767;

/// Every note too long for a cell, each named by its province, indicator and year.
fn too_long_for_a_cell(site: &Site) -> Result<(), Failure> {
    let mut diagnostics = Vec::new();
    for p in &site.provinces {
        let file = inputs::province_dir(&p.slug).join(inputs::METRICS_FILE);
        for s in &p.series {
            let id = &site.indicators[s.indicator.0].id;
            for o in &s.observations {
                for (field, note) in [("note", &o.note), ("note_en", &o.note_en)] {
                    let n = note.as_deref().map_or(0, |t| t.chars().count());
                    if n > CELL_CHARS {
                        diagnostics.push(
                            Diagnostic::error(
                                &file,
                                format!(
                                    "the `{field}` of `{id}` {} in {} has {n} characters; a spreadsheet cell holds at most {CELL_CHARS}",
                                    o.year, p.name
                                ),
                            )
                            .with_hint("shorten the note (the article can say the rest), or export as .csv"),
                        );
                    }
                }
            }
        }
    }
    match diagnostics.is_empty() {
        true => Ok(()),
        false => Err(Failure { diagnostics }),
    }
}

/// The year after the latest reported (actual) value.
fn next_year(site: &Site) -> Option<i64> {
    site.provinces
        .iter()
        .flat_map(|p| &p.series)
        .flat_map(|s| &s.observations)
        .filter(|o| o.status == Status::Actual)
        .map(|o| i64::from(o.year.get()) + 1)
        .max()
}

/// One row per observation, or per province and indicator for a template.
fn long(site: &Site, template: Option<i64>) -> Sheet {
    let mut rows = vec![LONG_HEADER.iter().map(|h| text(*h)).collect::<Vec<_>>()];
    for p in &site.provinces {
        for (index, ind) in site.indicators.iter().enumerate() {
            let head = |year: Out| {
                vec![
                    text(&p.name),
                    text(&ind.id),
                    text(&ind.name),
                    text(&ind.unit),
                    year,
                ]
            };
            if let Some(year) = template {
                let mut row = head(Out::Number(year as f64));
                row.resize(LONG_HEADER.len(), Out::Empty);
                rows.push(row);
                continue;
            }
            for o in series(p, index) {
                let mut row = head(Out::Number(f64::from(o.year.get())));
                let figure = figure(site, ind, o);
                let (numerator, denominator) = figure.machine_fraction().unzip();
                row.extend([
                    text(word_of(&o.status)),
                    machine_cell(Some(figure.machine_value())),
                    if o.qualifier == Qualifier::Exact {
                        Out::Empty
                    } else {
                        text(word_of(&o.qualifier))
                    },
                    text(&site.sources[o.source.0].id),
                    o.note.as_deref().map_or(Out::Empty, text),
                    o.note_en.as_deref().map_or(Out::Empty, text),
                    machine_cell(numerator),
                    machine_cell(denominator),
                    opt_number(o.from_year.map(|y| f64::from(y.get()))),
                    opt_number(o.out_of.map(f64::from)),
                ]);
                rows.push(row);
            }
        }
    }
    Sheet {
        name: "data".into(),
        rows,
    }
}

/// The observations of province `p` for the indicator at `index` in the catalog.
fn series(p: &Province, index: usize) -> impl Iterator<Item = &Observation> {
    p.series
        .iter()
        .filter(move |s| s.indicator.0 == index)
        .flat_map(|s| &s.observations)
}

/// Provinces as rows, one column per year (and status): one indicator's sheet, or every
/// indicator in one sheet (`only: None`, for CSV).
fn wide(site: &Site, only: Option<usize>, template: Option<i64>) -> Sheet {
    let indicators: Vec<usize> = match only {
        Some(i) => vec![i],
        None => (0..site.indicators.len()).collect(),
    };
    let mut columns: Vec<(u16, Status)> = match template {
        Some(_) => Vec::new(),
        None => site
            .provinces
            .iter()
            .flat_map(|p| indicators.iter().flat_map(move |i| series(p, *i)))
            .map(|o| (o.year.get(), o.status))
            .collect(),
    };
    columns.sort();
    columns.dedup();
    let mut header: Vec<Out> = ["province", "indicator", "indicator_name", "unit", "source"]
        .into_iter()
        .map(text)
        .collect();
    match template {
        Some(year) => header.push(Out::Number(year as f64)),
        None => header.extend(columns.iter().map(|(y, s)| match s {
            Status::Actual => Out::Number(f64::from(*y)),
            s => text(format!("{y} {}", word_of(s))),
        })),
    }
    let mut rows = vec![header];
    for &i in &indicators {
        let ind = &site.indicators[i];
        for p in &site.provinces {
            let obs: Vec<&Observation> = series(p, i).collect();
            if obs.is_empty() && template.is_none() {
                continue;
            }
            let mut row = vec![
                text(&p.name),
                text(&ind.id),
                text(&ind.name),
                text(&ind.unit),
            ];
            let first = obs.first().map(|o| o.source);
            row.push(match first {
                Some(s) if obs.iter().all(|o| o.source == s) => text(&site.sources[s.0].id),
                _ => Out::Empty,
            });
            if template.is_some() {
                row.push(Out::Empty);
            }
            for (y, s) in &columns {
                let o = obs.iter().find(|o| o.year.get() == *y && o.status == *s);
                row.push(machine_cell(
                    o.map(|o| figure(site, ind, o).machine_value()),
                ));
            }
            rows.push(row);
        }
    }
    let name = match only {
        Some(i) => sheet_name(&site.indicators[i].id),
        None => "data".into(),
    };
    Sheet { name, rows }
}

/// An indicator id as a sheet name: Excel allows 31 characters (the `indicator` column
/// says which indicator a sheet holds when its name is cut).
fn sheet_name(id: &str) -> String {
    id.chars().take(31).collect()
}

/// CSV in UTF-8 with a BOM, so that Excel shows the diacritics; text cells are quoted
/// against formulas as the site's downloads are (numbers stay numbers).
fn csv_bytes(sheet: &Sheet) -> Result<Vec<u8>, String> {
    let mut out = b"\xef\xbb\xbf".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        for row in &sheet.rows {
            let fields: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Out::Empty => String::new(),
                    Out::Text(t) => formula_safe(t).into_owned(),
                    Out::Number(n) => number(*n),
                })
                .collect();
            w.write_record(&fields).map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// The workbook's bytes. Text goes in as text (`write_string`), never as a formula.
fn xlsx_bytes(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed date keeps the file the same for the same data.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let mut names = std::collections::HashSet::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        let mut name = sheet.name.clone();
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{}~{n}", sheet.name.chars().take(28).collect::<String>());
            n += 1;
        }
        ws.set_name(&name)?;
        fill(ws, sheet, &bold)?;
    }
    book.save_to_buffer()
}

fn fill(ws: &mut Worksheet, sheet: &Sheet, bold: &Format) -> Result<(), XlsxError> {
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match (cell, r) {
                (Out::Empty, _) => {}
                (Out::Text(t), 0) => drop(ws.write_string_with_format(r, c, t, bold)?),
                (Out::Number(n), 0) => drop(ws.write_number_with_format(r, c, *n, bold)?),
                (Out::Text(t), _) => drop(ws.write_string(r, c, t)?),
                (Out::Number(n), _) => drop(ws.write_number(r, c, *n)?),
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    Ok(())
}
