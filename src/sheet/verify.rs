//! Reading a merged `metrics.yaml` back: it must hold the old observations with exactly the
//! imported changes, in the same order, and nothing else. The text edits of `merge` are
//! careful, but YAML has many ways to write a scalar; this check turns any surprise into
//! an error instead of a silently wrong file.

use super::merge::{Outcome, Update};
use crate::content::raw::{RawMetrics, RawObservation};
use crate::model::{ClaimKind, Qualifier, Status};

/// Everything an observation holds, comparable.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    year: i64,
    value: u64,
    source: String,
    status: Status,
    qualifier: Qualifier,
    numerator: Option<u64>,
    denominator: Option<u64>,
    out_of: Option<i64>,
    from_year: Option<i64>,
    derived: crate::model::Provenance,
    note: Option<String>,
    note_en: Option<String>,
    claims: Vec<(ClaimKind, i64, u64)>,
}

impl Snapshot {
    fn of(o: &RawObservation) -> Self {
        Snapshot {
            year: o.year,
            value: o.value.to_bits(),
            source: o.source.clone(),
            status: o.status,
            qualifier: o.qualifier,
            numerator: o.numerator.map(f64::to_bits),
            denominator: o.denominator.map(f64::to_bits),
            out_of: o.out_of,
            from_year: o.from_year,
            derived: o.derived,
            note: o.note.clone(),
            note_en: o.note_en.clone(),
            claims: o
                .claims
                .iter()
                .map(|c| (c.kind, c.base_year, c.value.to_bits()))
                .collect(),
        }
    }

    fn new(u: &Update) -> Self {
        Snapshot {
            year: u.year,
            value: u.value.to_bits(),
            source: u.source.clone().unwrap_or_default(),
            status: u.status,
            qualifier: u.qualifier.unwrap_or_default(),
            numerator: u.numerator.map(f64::to_bits),
            denominator: u.denominator.map(f64::to_bits),
            out_of: u.out_of,
            from_year: u.from_year,
            derived: crate::model::Provenance::Stated,
            note: u.note.clone(),
            note_en: u.note_en.clone(),
            claims: Vec::new(),
        }
    }

    fn apply(&mut self, u: &Update) {
        self.value = u.value.to_bits();
        if let Some(s) = &u.source {
            self.source = s.clone();
        }
        if let Some(q) = u.qualifier {
            self.qualifier = q;
        }
        self.numerator = u.numerator.map(f64::to_bits).or(self.numerator);
        self.denominator = u.denominator.map(f64::to_bits).or(self.denominator);
        self.out_of = u.out_of.or(self.out_of);
        self.from_year = u.from_year.or(self.from_year);
        if u.note.is_some() {
            self.note = u.note.clone();
        }
        if u.note_en.is_some() {
            self.note_en = u.note_en.clone();
        }
    }
}

type Contents = Vec<(String, Vec<Snapshot>)>;

fn contents(metrics: &RawMetrics) -> Contents {
    metrics
        .iter()
        .map(|(id, obs)| (id.clone(), obs.iter().map(Snapshot::of).collect()))
        .collect()
}

/// Whether `merged` is `old` with `updates` applied (changes in place, additions at the end
/// of their indicator's list, new indicators at the end of the file).
pub fn merged_as_meant(
    old: &RawMetrics,
    merged: &RawMetrics,
    updates: &[Update],
    outcomes: &[Outcome],
) -> bool {
    let mut expected = contents(old);
    for (u, outcome) in updates.iter().zip(outcomes) {
        let at = match expected.iter().position(|(id, _)| *id == u.indicator) {
            Some(at) => at,
            None => {
                expected.push((u.indicator.clone(), Vec::new()));
                expected.len() - 1
            }
        };
        let list = &mut expected[at].1;
        match outcome {
            Outcome::Added => list.push(Snapshot::new(u)),
            Outcome::Changed | Outcome::Unchanged => {
                if let Some(s) = list
                    .iter_mut()
                    .find(|s| s.year == u.year && s.status == u.status)
                {
                    s.apply(u);
                }
            }
        }
    }
    expected == contents(merged)
}
