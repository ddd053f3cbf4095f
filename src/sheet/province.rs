//! Merging one province's imported rows into its `metrics.yaml`: in memory first (the
//! merged site is validated before anything is written), then on disk. A province without
//! a folder gets the bundle `new province` writes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::merge::{self, Outcome, Refusal};
use super::read::CellRef;
use super::{Problem, ProvinceChange, layout, new_province, provinces, resolve, verify};
use crate::content::raw::RawMetrics;
use crate::content::{self, Doc, Loaded};
use crate::diagnostic::{Diagnostic, Position};
use crate::scaffold;
use crate::source_edit::SourceEdit;

/// The imported rows of a metrics file (relative path) with where each now sits in it.
pub(super) type Placed<'e> = (PathBuf, Vec<(&'e layout::Entry, String)>);

/// Where the cells of the rows went, by file and position, for the files `diags` point
/// into (a good import never asks; indexing the positions of a big file is not free).
pub(super) fn cells_of(
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

/// The updates (by index) that could not be merged, and why.
type Refusals = Vec<(usize, Refusal)>;

/// What merging the provinces one by one works on.
pub(super) struct Merging<'a> {
    pub loaded: &'a mut Loaded,
    pub problems: &'a mut Vec<Problem>,
    pub others: &'a mut Vec<Diagnostic>,
    pub bundles: &'a mut HashMap<String, scaffold::ProvinceBundle>,
    /// The catalog, to name the indicators in a new province's generated text.
    pub catalog: &'a [crate::model::Indicator],
}

impl Merging<'_> {
    /// Merges one province's rows into its metrics text and puts the result in `loaded`.
    pub fn province<'e>(
        &mut self,
        group: &resolve::ProvinceRows<'e>,
    ) -> Option<(ProvinceChange, Vec<(&'e layout::Entry, String)>)> {
        let slug = group.target.slug().to_string();
        let existing = self.loaded.provinces.iter().position(|p| p.slug == slug);
        let updates: Vec<merge::Update> = group.rows.iter().map(|(u, _)| u.clone()).collect();
        let before = self.take_metrics(&group.target, existing, &updates)?;
        let rel = before.source.path.clone();
        let before_text = match existing {
            Some(_) => before.source.text.to_string(),
            None => String::new(),
        };
        let (after, merged) = match self.merged(&before, &updates) {
            Ok((after, merged)) => (after.unwrap_or(before), merged),
            Err(refusals) => {
                for (i, refusal) in refusals {
                    self.problems.push(refused(group.rows[i].1, &refusal, &rel));
                }
                if let Some(i) = existing {
                    self.loaded.provinces[i].metrics = Some(before);
                }
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
        let entries = group.rows.iter().map(|(_, e)| *e);
        Some((change, entries.zip(merged.paths).collect()))
    }

    /// The metrics a province has now, taken out of `loaded` (a new province: the file
    /// `new province` writes).
    fn take_metrics(
        &mut self,
        target: &provinces::Target,
        existing: Option<usize>,
        updates: &[merge::Update],
    ) -> Option<Doc<RawMetrics>> {
        match (target, existing) {
            // A metrics file that cannot be read is reported by the load already.
            (_, Some(i)) => self.loaded.provinces[i].metrics.take(),
            (provinces::Target::New { name, slug }, None) => {
                let english = scaffold::site_has_english(&self.loaded.root);
                // Every name of a new target comes from the geography table.
                let bundle = new_province::bundle(name, updates, self.catalog, english)?;
                let rel = bundle.dir.join(crate::model::inputs::METRICS_FILE);
                let doc = content::parse_metrics(&rel, &bundle.metrics).ok()?;
                self.bundles.insert(slug.clone(), bundle);
                Some(doc)
            }
            (provinces::Target::Existing(_), None) => None,
        }
    }

    /// The merged file, read back and checked (`None`: the text did not change), or what
    /// refused to merge (nothing for a problem reported in `others`).
    fn merged(
        &mut self,
        before: &Doc<RawMetrics>,
        updates: &[merge::Update],
    ) -> Result<(Option<Doc<RawMetrics>>, merge::Merged), Refusals> {
        let rel = &before.source.path;
        let m = merge::merge(&before.source, &before.value, &before.spans, updates)?;
        if *m.text == *before.source.text {
            return Ok((None, m));
        }
        if m.text.len() as u64 > content::MAX_FILE_BYTES {
            self.others.push(
                Diagnostic::error(rel, format!("with the imported values the file would be {:.1} MB; files over {} MB are refused", m.text.len() as f64 / 1e6, content::MAX_FILE_BYTES / (1024 * 1024)))
                    .with_hint("check that the sheet holds this province's figures only once; long notes belong in the article, not the data"),
            );
            return Err(Vec::new());
        }
        match content::parse_metrics(rel, &m.text) {
            Ok(doc) if verify::merged_as_meant(&before.value, &doc.value, updates, &m.outcomes) => {
                Ok((Some(doc), m))
            }
            _ => {
                self.others.push(Diagnostic::error(rel, "the imported values could not be merged into this file without changing other data").with_hint("this is a bug in ictreport; please report it with the file. Meanwhile enter these values by hand"));
                Err(Vec::new())
            }
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

/// The files an import writes: a new province's bundle as `new province` writes it, an
/// existing province's metrics file only when its text changed. A dry run shows this edit;
/// the real run commits it.
pub(super) fn plan(
    root: &Path,
    changes: &[ProvinceChange],
    bundles: &HashMap<String, scaffold::ProvinceBundle>,
) -> SourceEdit {
    let mut edit = SourceEdit::new(root);
    for c in changes {
        match bundles.get(&c.slug) {
            Some(bundle) => scaffold::add_province(
                &mut edit,
                &scaffold::ProvinceBundle {
                    metrics: c.after.clone(),
                    ..bundle.clone()
                },
            ),
            None => edit.replace(&c.file, &c.before, &c.after),
        }
    }
    edit
}
