//! Spreadsheets in and out: `ictreport import` reads `.xlsx`, `.ods` and `.csv` files into
//! the provinces' `metrics.yaml`, `ictreport export` writes the site's data (or an empty
//! template) as `.xlsx` or `.csv`.
//!
//! An import reads the sheet (`read`), tells its layout and reads its rows (`layout`),
//! resolves provinces and indicators (`resolve`), merges the rows into the text of each
//! metrics file (`merge`, checked by `verify`), then validates the merged site in memory
//! with the same rules as `check`. Every problem is reported at its cell
//! (`FILE[:SHEET]:ROW:COLUMN`); with any error nothing is written. What passes becomes one
//! planned edit (`source_edit::SourceEdit`): a dry run prints its file list and diff, the
//! real run commits that same plan, all files or none.

mod closest;
mod export;
mod export_target;
mod header;
mod heading;
mod layout;
mod merge;
#[cfg(test)]
mod merge_tests;
mod new_province;
mod ods_extent;
mod province;
mod provinces;
mod read;
mod resolve;
mod values;
mod verify;
mod workbook;
mod xlsx_refs;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::{self, Loaded};
use crate::diagnostic::{self, Diagnostic};
use crate::model::Site;
use crate::outcome::Failure;
use crate::progress::timing;
use crate::source_edit::SourceEdit;
use crate::validate::{self, Lookup};
use std::time::Instant;

pub use export::{ExportOptions, Layout, export};
use province::{Merging, Placed, cells_of, plan};
use read::{CellRef, Origin};

/// What `import` needs to know.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    pub file: PathBuf,
    /// Import only this sheet of a workbook.
    pub sheet: Option<String>,
    /// Report what would change; write nothing.
    pub dry_run: bool,
    /// The source of every imported value that names none (`--source ID`).
    pub source: Option<String>,
    /// How many were ranked, for every rank value that does not say (`--out-of 63`).
    pub out_of: Option<i64>,
}

/// What an import did (or, with `dry_run`, would do) to one province.
#[derive(Debug, Clone)]
pub struct ProvinceChange {
    pub slug: String,
    /// The `index.md` of a province that had no folder: the import creates it like
    /// `new province` does.
    pub index: Option<String>,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// `content/provinces/<slug>/metrics.yaml`, relative to the root.
    pub file: PathBuf,
    /// The file's text before the import (empty for a new province).
    pub before: String,
    pub after: String,
}

/// A successful import.
#[derive(Debug)]
pub struct Imported {
    pub provinces: Vec<ProvinceChange>,
    /// What the import writes (a dry run) or wrote: the same plan either way.
    pub edit: SourceEdit,
    /// Files written (absolute); empty for a dry run or when nothing changed.
    pub written: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
    /// What was skipped on purpose: cells without a figure, rows outside the tables.
    pub skipped: Skipped,
}

/// What an import read as headers and skipped on purpose, located for the terminal.
#[derive(Debug, Default)]
pub struct Skipped {
    /// `data.xlsx:Sheet1: rows 3–4`, one per table.
    pub headers: Vec<String>,
    /// Cells of figure columns holding no figure, by marker (`-`, `..`; `empty`).
    pub missing: Vec<(String, usize)>,
    /// Rows outside the tables (title, unit line, footnote, source): where, and the text.
    pub outside: Vec<(String, String)>,
}

impl Skipped {
    fn new(origin: &Origin, tally: layout::Tally) -> Self {
        let headers = tally
            .headers
            .iter()
            .map(|&(t, top, last)| {
                let sheet = origin.sheet_prefix(t);
                let sheet = sheet.trim_end_matches(':');
                match top == last {
                    true => format!("{sheet}: row {top}"),
                    false => format!("{sheet}: rows {top}–{last}"),
                }
            })
            .collect();
        let missing = tally
            .missing
            .into_iter()
            .map(|(m, n)| {
                (
                    if m.is_empty() {
                        "empty".to_string()
                    } else {
                        format!("`{m}`")
                    },
                    n,
                )
            })
            .collect();
        let outside = tally
            .outside
            .into_iter()
            .map(|(at, text)| (origin.locate(at), text))
            .collect();
        Skipped {
            headers,
            missing,
            outside,
        }
    }
}

impl Imported {
    /// The change to every file as a unified diff (`a/…` before, `b/…` after).
    pub fn diff(&self) -> String {
        self.edit.diff()
    }

    /// The files the import writes (or, in a dry run, would write), relative to the root.
    pub fn files(&self) -> Vec<PathBuf> {
        self.edit.files().map(Path::to_path_buf).collect()
    }
}

/// A problem at a cell of the imported file.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    at: CellRef,
    message: String,
    hint: String,
    warning: bool,
}

impl Problem {
    fn error(at: CellRef, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Problem {
            at,
            message: message.into(),
            hint: hint.into(),
            warning: false,
        }
    }
}

/// Imports `opts.file` into the site at `opts.root`.
pub fn import(opts: &ImportOptions) -> Result<Imported, Failure> {
    let (mut loaded, mut others, site) = load_site(&opts.root)?;
    let (origin, entries, mut problems, read_warnings, tally) = read_sheet(opts)?;
    let t = Instant::now();
    let lookup = Lookup::new(&site.indicators, &site.sources);
    // A wrong `--source` would be an error at every value: said once, for the option.
    if let Some(id) = &opts.source
        && lookup.source(id).is_none()
    {
        return Err(Failure {
            diagnostics: vec![
                Diagnostic::error("--source", format!("unknown source `{id}`"))
                    .with_hint(lookup.source_hint(id)),
            ],
        });
    }
    let indicators = resolve::Indicators::new(&site.indicators, &lookup);
    let provinces = provinces::Provinces::new(&loaded);
    let defaults = resolve::Defaults {
        source: opts.source.clone(),
        out_of: opts.out_of,
    };
    let groups = resolve::by_province(
        &entries,
        &provinces,
        &indicators,
        &defaults,
        &origin,
        &mut problems,
    );
    timing("name provinces and indicators", t);
    let t = Instant::now();
    let mut changes = Vec::new();
    let mut placed = Vec::new();
    let mut bundles = HashMap::new();
    for group in &groups {
        let mut merging = Merging {
            loaded: &mut loaded,
            problems: &mut problems,
            others: &mut others,
            bundles: &mut bundles,
            catalog: &site.indicators,
        };
        if let Some((change, rows)) = merging.province(group) {
            placed.push((change.file.clone(), rows));
            changes.push(change);
        }
    }
    timing("merge", t);
    let t = Instant::now();
    validate_merged(&loaded, &placed, &mut problems, &mut others);
    timing("validate", t);
    let (errors, mut warnings) = located(&origin, problems, others);
    warnings.extend(read_warnings);
    if errors.iter().any(Diagnostic::is_error) {
        return Err(Failure {
            diagnostics: errors.into_iter().chain(warnings).collect(),
        });
    }
    let edit = plan(&opts.root, &changes, &bundles);
    let written = match opts.dry_run {
        true => Vec::new(),
        false => edit
            .clone()
            .commit()
            .map_err(|diagnostics| Failure { diagnostics })?,
    };
    Ok(Imported {
        provinces: changes,
        edit,
        written,
        warnings,
        skipped: Skipped::new(&origin, tally),
    })
}

/// The site as it is, and its validated catalog and sources (to name indicators); the
/// provinces are validated once the sheet is merged into them.
fn load_site(root: &Path) -> Result<(Loaded, Vec<Diagnostic>, Site), Failure> {
    let t = Instant::now();
    let (mut loaded, mut others) = content::load(root);
    timing("load", t);
    let provinces = std::mem::take(&mut loaded.provinces);
    let (site, more) = validate::validate(&loaded);
    loaded.provinces = provinces;
    match site {
        Some(site) => Ok((loaded, others, site)),
        None => {
            others.extend(more);
            others.retain(Diagnostic::is_error);
            diagnostic::sort(&mut others);
            Err(Failure {
                diagnostics: others,
            })
        }
    }
}

/// What reading the sheets gives: where cells are, the rows, the problems of their cells,
/// warnings about what was not read, and what was skipped on purpose.
type Sheet = (
    Origin,
    Vec<layout::Entry>,
    Vec<Problem>,
    Vec<Diagnostic>,
    layout::Tally,
);

/// Every sheet's rows (or the one `--sheet` names), with the problems of their cells.
fn read_sheet(opts: &ImportOptions) -> Result<Sheet, Failure> {
    let name = opts.file.display().to_string();
    let t = Instant::now();
    let read::Read {
        tables,
        mut problems,
        warnings,
    } = read::read(&opts.file, &name, opts.sheet.as_deref()).map_err(|d| Failure {
        diagnostics: vec![d],
    })?;
    timing("read the sheet", t);
    let t = Instant::now();
    let origin = Origin {
        file: name,
        sheets: tables.iter().map(|t| t.sheet.clone()).collect(),
    };
    // A CSV file (a sheet without a name) is named after its file.
    let stem = opts
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tally = layout::Tally::default();
    let entries = tables
        .iter()
        .enumerate()
        .flat_map(|(t, table)| {
            let name = table.sheet.as_deref().unwrap_or(&stem);
            layout::entries(table, t, name, &mut problems, &mut tally)
        })
        .collect();
    timing("read the rows", t);
    Ok((origin, entries, problems, warnings, tally))
}

/// Validates the merged site; a problem at an imported value goes to its cell.
fn validate_merged(
    loaded: &Loaded,
    placed: &[Placed],
    problems: &mut Vec<Problem>,
    others: &mut Vec<Diagnostic>,
) {
    let (_, diags) = validate::validate(loaded);
    let cells = cells_of(loaded, placed, &diags);
    for d in diags {
        match d.position.and_then(|p| cells.get(&(d.file.clone(), p))) {
            Some(at) => problems.push(Problem {
                at: *at,
                message: d.message.clone(),
                hint: d.hint.clone().unwrap_or_default(),
                warning: !d.is_error(),
            }),
            // Problems elsewhere in the site still fail the import (as `check` would fail
            // after it); warnings there are not this import's business.
            None if d.is_error() => others.push(d),
            None => {}
        }
    }
}

/// The problems at cells, in sheet order and without repeats, then the others; split into
/// what fails the import (with the warnings that go with it) and the warnings.
fn located(
    origin: &Origin,
    mut problems: Vec<Problem>,
    mut others: Vec<Diagnostic>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    problems.sort_by(|a, b| (a.at, a.warning, &a.message).cmp(&(b.at, b.warning, &b.message)));
    problems.dedup_by(|a, b| a.at == b.at && a.message == b.message);
    diagnostic::sort(&mut others);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for p in problems {
        let mut d = origin.error(p.at, p.message);
        if !p.hint.is_empty() {
            d = d.with_hint(p.hint);
        }
        if p.warning {
            warnings.push(d.as_warning());
        } else {
            errors.push(d);
        }
    }
    errors.extend(others);
    (errors, warnings)
}

/// The site's data for `export`, validated; `None` with the errors when it does not pass.
fn valid_site(root: &Path) -> Result<Site, Failure> {
    let (shared, dirs, mut diags) = content::load_shared(root);
    let (site, more, _) = validate::load_and_validate(shared, dirs);
    diags.extend(more);
    diags.retain(Diagnostic::is_error);
    match site {
        Some(site) if diags.is_empty() => Ok(site),
        _ => {
            diagnostic::sort(&mut diags);
            Err(Failure { diagnostics: diags })
        }
    }
}
