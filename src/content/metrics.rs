//! Reading a province's `metrics.yaml`: the whole file at once, or, when that fails, one
//! observation at a time so that one unreadable observation hides nothing else.

use std::path::Path;

use super::raw::{RawMetrics, RawObservation};
use super::{Doc, SiteDir, read_required};
use crate::diagnostic::{Diagnostic, SourceText};
use crate::yaml;

/// A `metrics.yaml` held in memory, parsed as [`load`] parses the file at `rel`.
pub fn parse_metrics(rel: &Path, text: &str) -> Result<Doc<RawMetrics>, Diagnostic> {
    let source = SourceText::new(rel, text);
    yaml::parse_template::<RawMetrics>(&source).map(|parsed| Doc {
        source,
        value: parsed.value,
        spans: parsed.spans,
    })
}

/// A province's `metrics.yaml`. An observation that cannot be read is reported and stands
/// as [`RawObservation::unreadable`], so the others are still checked and the province
/// (its prose, its links) too.
pub(super) fn load_metrics(
    site: &SiteDir,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Doc<RawMetrics>> {
    let source = read_required(site, rel, diags)?;
    let first = match yaml::parse_template::<RawMetrics>(&source) {
        Ok(parsed) => {
            return Some(Doc {
                source,
                value: parsed.value,
                spans: parsed.spans,
            });
        }
        Err(d) => d,
    };
    let (parsed, problems) = yaml::parse_each::<RawObservation>(&source, first);
    diags.extend(problems);
    let parsed = parsed?;
    let value = parsed
        .value
        .into_iter()
        .map(|(id, records)| {
            let records = records.into_iter();
            (
                id,
                records
                    .map(|r| r.unwrap_or_else(RawObservation::unreadable))
                    .collect(),
            )
        })
        .collect();
    Some(Doc {
        source,
        value,
        spans: parsed.spans,
    })
}
