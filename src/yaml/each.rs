//! A map of lists of records (`metrics.yaml`: indicator → observations) read one record at a
//! time once the whole file failed to read: a value written as text in one observation must
//! not hide the mistakes of every other observation, nor the rest of the province.

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use super::errors::hint_for;
use super::plain::reworded;
use super::{Parsed, Spans, parse};
use crate::diagnostic::{Diagnostic, SourceText};

/// Records by key, `None` in the place of each that could not be read.
pub type EachRecord<T> = IndexMap<String, Vec<Option<T>>>;

/// The records of `source` that could be read (`None` in the place of each that could not)
/// and the problems, the first being `first`: the error of the whole file, which points at
/// the first record that failed. Only `first` when the file is not a map of lists at all.
pub fn parse_each<T: DeserializeOwned>(
    source: &SourceText,
    first: Diagnostic,
) -> (Option<Parsed<EachRecord<T>>>, Vec<Diagnostic>) {
    let Ok(untyped) = parse::<IndexMap<String, Vec<serde_yaml::Value>>>(source) else {
        return (None, vec![first]);
    };
    let Parsed { value, spans } = untyped;
    let mut diags = vec![first];
    // The whole file's error already names the first record that fails.
    let mut first_seen = false;
    let typed = value
        .into_iter()
        .map(|(key, records)| {
            let records = records
                .into_iter()
                .enumerate()
                .map(
                    |(i, record)| match serde_path_to_error::deserialize(record) {
                        Ok(v) => Some(v),
                        Err(e) if first_seen => {
                            diags.push(located(source, &spans, &key, i, &e));
                            None
                        }
                        Err(_) => {
                            first_seen = true;
                            None
                        }
                    },
                )
                .collect();
            (key, records)
        })
        .collect();
    (
        Some(Parsed {
            value: typed,
            spans,
        }),
        diags,
    )
}

/// The error of record `i` under `key`, at the value it names, worded like the whole
/// file's (`ict_revenue[1].value: expected a number, …`).
fn located(
    source: &SourceText,
    spans: &Spans,
    key: &str,
    i: usize,
    e: &serde_path_to_error::Error<serde_yaml::Error>,
) -> Diagnostic {
    let mut path = format!("{key}/{i}");
    let mut shown = format!("{key}[{i}]");
    for segment in e.path().iter() {
        match segment {
            Segment::Seq { index } => {
                path.push_str(&format!("/{index}"));
                shown.push_str(&format!("[{index}]"));
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                path.push_str(&format!("/{key}"));
                shown.push_str(&format!(".{key}"));
            }
            Segment::Unknown => {}
        }
    }
    let message = format!("{shown}: {}", e.inner());
    let hint = hint_for(&message);
    Diagnostic::at(source, spans.value(&path), reworded(&message)).with_hint(hint)
}
