//! Spreadsheets in and out: `ictreport import` reads `.xlsx`, `.ods` and `.csv` files into
//! the provinces' `metrics.yaml`, `ictreport export` writes the site's data (or an empty
//! template) as `.xlsx` or `.csv`.
//!
//! An import reads the sheet (`read`), tells its layout and reads its rows (`layout`),
//! resolves provinces and indicators (`resolve`), merges the rows into the text of each
//! metrics file (`merge`, checked by `verify`), then validates the merged site in memory
//! with the same rules as `check`. Every problem is reported at its cell
//! (`FILE[:SHEET]:ROW:COLUMN`); with any error nothing is written.

mod export;
mod layout;
mod merge;
#[cfg(test)]
mod merge_tests;
mod provinces;
mod read;
mod resolve;
mod values;
mod verify;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::content::{self, Loaded};
use crate::diagnostic::{self, Diagnostic, Position};
use crate::scaffold;
use crate::validate::{self, Lookup};
use crate::{Failure, model::Site, timing};
use std::time::Instant;

pub use export::{ExportOptions, Layout, export};
use merge::{Outcome, Refusal};
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
    /// Files written (absolute); empty for a dry run or when nothing changed.
    pub written: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

impl Imported {
    /// The change to every metrics file as a unified diff (`a/…` before, `b/…` after).
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for p in self.provinces.iter().filter(|p| p.before != p.after) {
            if let Some(index) = &p.index {
                out.push_str(&unified(&p.file.with_file_name("index.md"), "", index));
            }
            out.push_str(&unified(&p.file, &p.before, &p.after));
        }
        out
    }
}

/// A unified diff of one file (from `/dev/null` when `before` is empty).
fn unified(file: &Path, before: &str, after: &str) -> String {
    let name = file.display();
    let from = match before {
        "" => "/dev/null".to_string(),
        _ => format!("a/{name}"),
    };
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&from, &format!("b/{name}"))
        .to_string()
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
    let fail = |diagnostics: Vec<Diagnostic>| Failure { diagnostics };
    let t = Instant::now();
    let (mut loaded, mut others) = content::load(&opts.root);
    timing("load", t);
    // The catalog and sources, to name indicators; the provinces are validated once merged.
    let provinces = std::mem::take(&mut loaded.provinces);
    let (site, more) = validate::validate(&loaded);
    loaded.provinces = provinces;
    let Some(site) = site else {
        others.extend(more);
        others.retain(Diagnostic::is_error);
        diagnostic::sort(&mut others);
        return Err(fail(others));
    };
    let name = opts.file.display().to_string();
    let t = Instant::now();
    let tables = read::read(&opts.file, &name, opts.sheet.as_deref()).map_err(|d| fail(vec![d]))?;
    timing("read the sheet", t);
    let t = Instant::now();
    let origin = Origin {
        file: name,
        sheets: tables.iter().map(|t| t.sheet.clone()).collect(),
    };
    let mut problems = Vec::new();
    let stem = opts
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let entries: Vec<layout::Entry> = tables
        .iter()
        .enumerate()
        .flat_map(|(t, table)| {
            let name = table.sheet.as_deref().unwrap_or(&stem);
            layout::entries(table, t, name, &mut problems)
        })
        .collect();
    let lookup = Lookup::new(&site.indicators, &site.sources);
    let indicators = resolve::Indicators::new(&site.indicators, &lookup);
    let lookup_provinces = provinces::Provinces::new(&loaded);
    let groups = resolve::by_province(
        &entries,
        &lookup_provinces,
        &indicators,
        &origin,
        &mut problems,
    );
    timing("read the rows", t);
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
        };
        if let Some((change, rows)) = merging.province(group) {
            placed.push((change.file.clone(), rows));
            changes.push(change);
        }
    }
    timing("merge", t);
    let t = Instant::now();
    let (_, diags) = validate::validate(&loaded);
    timing("validate", t);
    let cells = cells_of(&loaded, &placed, &diags);
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
    let (errors, warnings) = located(&origin, problems, others);
    if errors.iter().any(Diagnostic::is_error) {
        return Err(fail(errors.into_iter().chain(warnings).collect()));
    }
    let written = if opts.dry_run {
        Vec::new()
    } else {
        write(&opts.root, &changes, &bundles).map_err(|d| fail(vec![d]))?
    };
    Ok(Imported {
        provinces: changes,
        written,
        warnings,
    })
}

/// The imported rows of a metrics file (relative path) with where each now sits in it.
type Placed<'e> = (PathBuf, Vec<(&'e layout::Entry, String)>);

/// Where the cells of the rows went, by file and position, for the files `diags` point
/// into (a good import never asks; indexing the positions of a big file is not free).
fn cells_of(
    loaded: &Loaded,
    placed: &[Placed],
    diags: &[Diagnostic],
) -> BTreeMap<(PathBuf, Position), CellRef> {
    let mut cells = BTreeMap::new();
    for (rel, rows) in placed {
        if !diags.iter().any(|d| d.file == *rel) {
            continue;
        }
        let Some(doc) = loaded
            .provinces
            .iter()
            .filter_map(|p| p.metrics.as_ref())
            .find(|m| m.source.path == *rel)
        else {
            continue;
        };
        for (entry, path) in rows {
            for (field, at) in entry_cells(entry) {
                let key = match field {
                    "" => path.clone(),
                    _ => format!("{path}/{field}"),
                };
                cells.insert((rel.clone(), doc.spans.value(&key)), at);
            }
        }
    }
    cells
}

/// What merging the provinces one by one works on.
struct Merging<'a> {
    loaded: &'a mut Loaded,
    problems: &'a mut Vec<Problem>,
    others: &'a mut Vec<Diagnostic>,
    bundles: &'a mut HashMap<String, scaffold::ProvinceBundle>,
}

impl Merging<'_> {
    /// Merges one province's rows into its metrics text and puts the result in `loaded`.
    fn province<'e>(
        &mut self,
        group: &resolve::ProvinceRows<'e>,
    ) -> Option<(ProvinceChange, Vec<(&'e layout::Entry, String)>)> {
        let slug = group.target.slug().to_string();
        let existing = self.loaded.provinces.iter().position(|p| p.slug == slug);
        let before = match (&group.target, existing) {
            // A metrics file that cannot be read is reported by the load already.
            (_, Some(i)) => self.loaded.provinces[i].metrics.take()?,
            (provinces::Target::New { name, .. }, None) => {
                let bundle = scaffold::province_bundle(name, "")
                    .map_err(|d| self.others.push(d))
                    .ok()?;
                let rel = bundle.dir.join("metrics.yaml");
                let doc = content::parse_metrics(&rel, &bundle.metrics).ok()?;
                self.bundles.insert(slug.clone(), bundle);
                doc
            }
            (provinces::Target::Existing(_), None) => return None,
        };
        let rel = before.source.path.clone();
        let before_text = match existing {
            Some(_) => before.source.text.to_string(),
            None => String::new(),
        };
        let updates: Vec<merge::Update> = group.rows.iter().map(|(u, _)| u.clone()).collect();
        let merged = merge::merge(&before.source, &before.value, &before.spans, &updates);
        let (after, merged) = match merged {
            Ok(m) if *m.text == *before.source.text => (before, m),
            Ok(m) if m.text.len() as u64 > content::MAX_FILE_BYTES => {
                self.others.push(
                    Diagnostic::error(&rel, format!("with the imported values the file would be {:.1} MB; files over {} MB are refused", m.text.len() as f64 / 1e6, content::MAX_FILE_BYTES / (1024 * 1024)))
                        .with_hint("check that the sheet holds this province's figures only once; long notes belong in the article, not the data"),
                );
                self.put_back(existing, before);
                return None;
            }
            Ok(m) => match content::parse_metrics(&rel, &m.text) {
                Ok(doc)
                    if verify::merged_as_meant(
                        &before.value,
                        &doc.value,
                        &updates,
                        &m.outcomes,
                    ) =>
                {
                    (doc, m)
                }
                _ => {
                    self.others.push(Diagnostic::error(&rel, "the imported values could not be merged into this file without changing other data").with_hint("this is a bug in ictreport; please report it with the file. Meanwhile enter these values by hand"));
                    self.put_back(existing, before);
                    return None;
                }
            },
            Err(refusals) => {
                for (i, refusal) in refusals {
                    self.problems.push(refused(group.rows[i].1, &refusal, &rel));
                }
                self.put_back(existing, before);
                return None;
            }
        };
        let count = |o: Outcome| merged.outcomes.iter().filter(|x| **x == o).count();
        let change = ProvinceChange {
            slug: slug.clone(),
            index: self.bundles.get(&slug).map(|b| b.index.clone()),
            added: count(Outcome::Added),
            changed: count(Outcome::Changed),
            unchanged: count(Outcome::Unchanged),
            file: rel,
            before: before_text,
            after: merged.text,
        };
        match existing {
            Some(i) => self.loaded.provinces[i].metrics = Some(after),
            None => {
                let bundle = self.bundles.get(&slug)?;
                let (p, diags) =
                    content::province_from_text(slug, bundle.dir.clone(), &bundle.index, after);
                self.others.extend(diags);
                let at = self.loaded.provinces.partition_point(|q| q.slug < p.slug);
                self.loaded.provinces.insert(at, p);
            }
        }
        let rows = group
            .rows
            .iter()
            .map(|(_, e)| *e)
            .zip(merged.paths)
            .collect();
        Some((change, rows))
    }

    /// Returns a province's metrics taken for a merge that failed.
    fn put_back(
        &mut self,
        existing: Option<usize>,
        metrics: content::Doc<crate::content::raw::RawMetrics>,
    ) {
        if let Some(i) = existing {
            self.loaded.provinces[i].metrics = Some(metrics);
        }
    }
}

/// The cells a row's fields came from, by field of its observation (`""`: the whole one).
fn entry_cells(e: &layout::Entry) -> Vec<(&'static str, CellRef)> {
    let mut out = vec![("", e.value.at), ("year", e.year.at), ("value", e.value.at)];
    let optional = [
        ("source", e.source.as_ref().map(|x| x.at)),
        ("qualifier", e.qualifier.as_ref().map(|x| x.at)),
        ("note", e.note.as_ref().map(|x| x.at)),
        ("numerator", e.numerator.as_ref().map(|x| x.at)),
        ("denominator", e.denominator.as_ref().map(|x| x.at)),
        ("from_year", e.from_year.as_ref().map(|x| x.at)),
        ("out_of", e.out_of.as_ref().map(|x| x.at)),
    ];
    out.extend(optional.into_iter().filter_map(|(f, at)| Some((f, at?))));
    out
}

fn refused(entry: &layout::Entry, refusal: &Refusal, file: &Path) -> Problem {
    match refusal {
        Refusal::NeedsSource => Problem::error(
            entry.source.as_ref().map_or(entry.value.at, |s| s.at),
            format!(
                "a new value for `{}` {} needs a source",
                entry.indicator.value, entry.year.value
            ),
            "add a `source` column with the id of the article in content/sources.yaml",
        ),
        Refusal::FlowStyle { line } => Problem::error(
            entry.value.at,
            format!(
                "{}:{line} is written in flow style (`[…]` or `{{…}}`), which an import cannot extend",
                file.display()
            ),
            "rewrite that list in block style (one `- year:` item per observation), then import again",
        ),
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
        let d = origin.error(p.at, p.message).with_hint(p.hint);
        if p.warning {
            warnings.push(d.as_warning());
        } else {
            errors.push(d);
        }
    }
    errors.extend(others);
    (errors, warnings)
}

/// Writes the merged files: a new province's bundle as `new province` writes it, an
/// existing province's metrics file only when its text changed.
fn write(
    root: &Path,
    changes: &[ProvinceChange],
    bundles: &HashMap<String, scaffold::ProvinceBundle>,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut written = Vec::new();
    for c in changes {
        if let Some(bundle) = bundles.get(&c.slug) {
            let bundle = scaffold::ProvinceBundle {
                metrics: c.after.clone(),
                ..bundle.clone()
            };
            let dir = scaffold::write_province(root, &bundle)?;
            written.push(root.join(&dir).join("index.md"));
            written.push(root.join(&c.file));
        } else if c.before != c.after {
            let path = root.join(&c.file);
            std::fs::write(&path, &c.after)
                .map_err(|e| Diagnostic::error(&c.file, format!("cannot write: {e}")))?;
            written.push(path);
        }
    }
    Ok(written)
}

/// The site's data for `export`, validated; `None` with the errors when it does not pass.
fn valid_site(root: &Path) -> Result<Site, Failure> {
    let (loaded, mut diags) = content::load(root);
    let (site, more) = validate::validate(&loaded);
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
