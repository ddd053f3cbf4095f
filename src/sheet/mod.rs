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
use crate::{Failure, model::Site};

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
    /// The province folder did not exist; the import creates it like `new province`.
    pub created: bool,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// `content/provinces/<slug>/metrics.yaml`, relative to the root.
    pub file: PathBuf,
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
            let name = p.file.display().to_string();
            let before = if p.created {
                "/dev/null".to_string()
            } else {
                format!("a/{name}")
            };
            let diff = similar::TextDiff::from_lines(&p.before, &p.after);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(2)
                    .header(&before, &format!("b/{name}"))
                    .to_string(),
            );
        }
        out
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
    let fail = |diagnostics: Vec<Diagnostic>| Failure { diagnostics };
    let (mut loaded, mut others) = content::load(&opts.root);
    let (site, more) = validate::validate(&loaded);
    let Some(site) = site else {
        others.extend(more);
        others.retain(Diagnostic::is_error);
        diagnostic::sort(&mut others);
        return Err(fail(others));
    };
    let name = opts.file.display().to_string();
    let tables = read::read(&opts.file, &name, opts.sheet.as_deref()).map_err(|d| fail(vec![d]))?;
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
    let mut cells: BTreeMap<(PathBuf, Position), CellRef> = BTreeMap::new();
    let mut changes = Vec::new();
    let mut bundles = HashMap::new();
    for group in &groups {
        let Some(change) = merge_province(
            &mut loaded,
            group,
            &mut cells,
            &mut problems,
            &mut others,
            &mut bundles,
        ) else {
            continue;
        };
        changes.push(change);
    }
    let (_, diags) = validate::validate(&loaded);
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

/// Merges one province's rows into its metrics text and puts the result in `loaded`.
fn merge_province(
    loaded: &mut Loaded,
    group: &resolve::ProvinceRows,
    cells: &mut BTreeMap<(PathBuf, Position), CellRef>,
    problems: &mut Vec<Problem>,
    others: &mut Vec<Diagnostic>,
    bundles: &mut HashMap<String, scaffold::ProvinceBundle>,
) -> Option<ProvinceChange> {
    let slug = group.target.slug().to_string();
    let existing = loaded.provinces.iter().position(|p| p.slug == slug);
    let (dir, before_doc, created) = match (&group.target, existing) {
        (_, Some(i)) => {
            let p = &loaded.provinces[i];
            // A metrics file that cannot be read is reported by the load already.
            let doc = p.metrics.as_ref()?;
            (
                p.dir.clone(),
                content::parse_metrics(&doc.source.path, &doc.source.text).ok()?,
                false,
            )
        }
        (provinces::Target::New { name, .. }, None) => {
            let bundle = match scaffold::province_bundle(name, "") {
                Ok(b) => b,
                Err(d) => {
                    others.push(d);
                    return None;
                }
            };
            let doc =
                content::parse_metrics(&bundle.dir.join("metrics.yaml"), &bundle.metrics).ok()?;
            let dir = bundle.dir.clone();
            bundles.insert(slug.clone(), bundle);
            (dir, doc, true)
        }
        (provinces::Target::Existing(_), None) => return None,
    };
    let updates: Vec<merge::Update> = group.rows.iter().map(|(u, _)| u.clone()).collect();
    let merged = match merge::merge(
        &before_doc.source,
        &before_doc.value,
        &before_doc.spans,
        &updates,
    ) {
        Ok(m) => m,
        Err(refusals) => {
            for (i, refusal) in refusals {
                let entry = group.rows[i].1;
                problems.push(refused(entry, &refusal, &before_doc.source.path));
            }
            return None;
        }
    };
    let rel = dir.join("metrics.yaml");
    let after_doc = match content::parse_metrics(&rel, &merged.text) {
        Ok(doc)
            if verify::merged_as_meant(
                &before_doc.value,
                &doc.value,
                &updates,
                &merged.outcomes,
            ) =>
        {
            doc
        }
        _ => {
            others.push(Diagnostic::error(&rel, "the imported values could not be merged into this file without changing other data").with_hint("this is a bug in ictreport; please report it with the file. Meanwhile enter these values by hand"));
            return None;
        }
    };
    for ((_, entry), path) in group.rows.iter().zip(&merged.paths) {
        for (field, at) in entry_cells(entry) {
            let key = if field.is_empty() {
                path.clone()
            } else {
                format!("{path}/{field}")
            };
            cells.insert((rel.clone(), after_doc.spans.value(&key)), at);
        }
    }
    let count = |o: Outcome| merged.outcomes.iter().filter(|x| **x == o).count();
    let change = ProvinceChange {
        slug: slug.clone(),
        created,
        added: count(Outcome::Added),
        changed: count(Outcome::Changed),
        unchanged: count(Outcome::Unchanged),
        file: rel,
        before: before_doc.source.text.to_string(),
        after: merged.text,
    };
    match existing {
        Some(i) => loaded.provinces[i].metrics = Some(after_doc),
        None => {
            let bundle = &bundles[&slug];
            let (p, diags) = content::province_from_text(slug, dir, &bundle.index, &change.after);
            others.extend(diags);
            let at = loaded.provinces.partition_point(|q| q.slug < p.slug);
            loaded.provinces.insert(at, p);
        }
    }
    Some(change)
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
