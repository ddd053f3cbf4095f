//! Rules for `metrics.yaml`: each observation against its indicator and source.

use std::collections::HashSet;

use super::Lookup;
use crate::content::Doc;
use crate::content::raw::{RawMetrics, RawObservation};
use crate::diagnostic::Diagnostic;
use crate::format::{self, decimals_needed};
use crate::model::Lang;
use crate::model::Status;
use crate::model::{Claim, Fraction, Indicator, Observation, Series, SourceRef, Year, derived};

/// Field names of metrics.yaml that have no place in a note readers see.
const FIELD_NAMES: [&str; 6] = [
    "out_of",
    "from_year",
    "base_year",
    "numerator",
    "denominator",
    "derived:",
];

/// Validates every observation of a province and returns its series in catalog order.
pub(super) fn series(
    doc: &Doc<RawMetrics>,
    ctx: &Lookup,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    for (id, raws) in &doc.value {
        let Some(ind) = ctx.indicator(id) else {
            diags.push(
                Diagnostic::at(
                    &doc.source,
                    doc.spans.key(id),
                    format!("unknown indicator `{id}`"),
                )
                .with_hint(ctx.indicator_hint(id)),
            );
            continue;
        };
        let indicator = &ctx.indicators[ind.0];
        let mut seen = HashSet::new();
        let mut observations = Vec::new();
        for (i, raw) in raws.iter().enumerate() {
            // Its error is reported where the file was read.
            if raw.unreadable {
                continue;
            }
            let check = Check {
                doc,
                ctx,
                indicator,
                path: format!("{id}/{i}"),
            };
            let Some(obs) = check.observation(raw, diags) else {
                continue;
            };
            if !seen.insert((obs.year, obs.status)) {
                diags.push(check.at("year", format!("`{id}` already has a {} value for {}", status_word(obs.status), obs.year))
                    .with_hint("keep one observation per year (and status); delete or correct the other"));
                continue;
            }
            observations.push(obs);
        }
        observations.sort_by_key(|o| (o.year, o.status));
        // Kept for the whole build: without the room pushing left (a quarter of the
        // model's memory at 10,000 provinces).
        observations.shrink_to_fit();
        let series = Series {
            indicator: ind,
            observations,
        };
        check_claims(doc, id, raws, &series, indicator, diags);
        if !series.observations.is_empty() {
            out.push(series);
        }
    }
    out.sort_by_key(|s| s.indicator);
    out.shrink_to_fit();
    out
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Actual => "reported",
        Status::Estimate => "estimated",
        Status::Target => "target",
    }
}

struct Check<'a> {
    doc: &'a Doc<RawMetrics>,
    ctx: &'a Lookup<'a>,
    indicator: &'a Indicator,
    path: String,
}

impl Check<'_> {
    fn at(&self, field: &str, msg: String) -> Diagnostic {
        let pos = self.doc.spans.value(&format!("{}/{field}", self.path));
        Diagnostic::at(&self.doc.source, pos, msg)
    }

    fn year(&self, field: &str, year: i64, diags: &mut Vec<Diagnostic>) -> Option<Year> {
        let y = Year::new(year);
        if y.is_none() {
            diags.push(
                self.at(
                    field,
                    format!("year {year} is outside {}–{}", Year::MIN, Year::MAX),
                )
                .with_hint("write the four-digit year the figure is for"),
            );
        }
        y
    }

    /// Checks one observation; `None` when it cannot be represented at all.
    fn observation(
        &self,
        raw: &RawObservation,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Observation> {
        let year = self.year("year", raw.year, diags);
        let source = self.ctx.source(&raw.source);
        if source.is_none() {
            diags.push(
                self.at("source", format!("unknown source `{}`", raw.source))
                    .with_hint(self.ctx.source_hint(&raw.source)),
            );
        }
        let from_year = raw.from_year.and_then(|y| self.year("from_year", y, diags));
        // The value is checked even when the year or the source is wrong: one run reports all.
        self.check_value(raw, diags);
        let (year, source) = (year?, source?);
        self.check_year_against_source(raw, year, source, diags);
        if let Some(from) = from_year
            && from >= year
        {
            diags.push(
                self.at(
                    "from_year",
                    format!("from_year {from} is not before year {year}"),
                )
                .with_hint("from_year starts the period that ends at `year`"),
            );
        }
        let fraction = self.fraction(raw, diags);
        let out_of = self.out_of(raw, diags);
        if raw.derived.is_derived() && raw.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            diags.push(
                self.at(
                    "derived",
                    "a derived value needs a note saying how it was computed".into(),
                )
                .with_hint(
                    "add `note:` with the article's statement, e.g. tăng 4,556 điểm so với 2018",
                ),
            );
        }
        for (field, text) in [("note", &raw.note), ("note_en", &raw.note_en)] {
            let Some(text) = text else { continue };
            if let Some(name) = FIELD_NAMES.iter().find(|f| text.contains(*f)) {
                diags.push(
                    self.at(
                        field,
                        format!("the note names the field `{name}`, which readers do not see"),
                    )
                    .with_hint("say it in words, e.g. \"of 63 provinces\" instead of `out_of = 63`")
                    .as_warning(),
                );
            }
        }
        let claims = raw
            .claims
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let base_year = self.year(&format!("claims/{i}/base_year"), c.base_year, diags);
                if !c.value.is_finite() || c.value.abs() > crate::model::LARGEST_DERIVED {
                    diags.push(
                        self.at(
                            &format!("claims/{i}/value"),
                            format!("{} is not a figure an article can state", c.value),
                        )
                        .with_hint(
                            "write the multiple, percent or change the article gives, e.g. 22.3",
                        ),
                    );
                    return None;
                }
                let base_year = base_year?;
                Some(Claim {
                    kind: c.kind,
                    base_year,
                    value: c.value,
                })
            })
            .collect();
        let mut obs = Observation::stated(year, raw.value, source);
        obs.status = raw.status;
        obs.qualifier = raw.qualifier;
        obs.fraction = fraction;
        obs.out_of = out_of;
        obs.from_year = from_year;
        obs.derived = raw.derived;
        obs.note = raw.note.as_deref().map(Box::from);
        obs.note_en = raw.note_en.as_deref().map(Box::from);
        obs.scope = raw.scope.as_deref().map(Box::from);
        obs.scope_en = raw.scope_en.as_deref().map(Box::from);
        obs.claims = claims;
        Some(obs)
    }

    fn check_value(&self, raw: &RawObservation, diags: &mut Vec<Diagnostic>) {
        let v = raw.value;
        let ind = self.indicator;
        if !v.is_finite() {
            diags.push(
                self.at("value", format!("{v} is not a number the site can show"))
                    .with_hint("write a finite number such as 3566 or 45.212"),
            );
            return;
        }
        let limit = ind.kind.largest_value();
        if v.abs() > limit {
            diags.push(
                self.at(
                    "value",
                    format!("{v:e} is beyond what a {:?} indicator can hold (at most {limit:e})", ind.kind),
                )
                .with_hint(format!(
                    "check the figure and the unit of `{}` ({}): a value this large is a typing slip",
                    ind.id, ind.unit
                )),
            );
            return;
        }
        let max = ind.max.or(ind.kind.default_max());
        let whole = v.fract() == 0.0;
        let kind = ind.kind;
        let noun = kind.non_negative_noun();
        let problem = if let Some(noun) = noun.filter(|_| v < 0.0) {
            Some(format!("{noun} {v} is negative"))
        } else if kind.is_position() && (!whole || v < 1.0) {
            Some(format!("{} {v} is not a position (1, 2, 3…)", kind.code()))
        } else if kind.whole_numbers() && !whole {
            Some(format!("{} {v} is not a whole number", kind.code()))
        } else {
            None
        };
        if let Some(msg) = problem {
            diags.push(self.at("value", msg).with_hint(format!(
                "`{}` is a {:?} indicator ({}); check the figure in the article",
                ind.id, ind.kind, ind.unit
            )));
        } else if let Some(max) = max.filter(|m| v > *m) {
            diags.push(self.at("value", format!("{v} is above the maximum {max} for `{}`", ind.id))
                .with_hint("check the figure; if the indicator can exceed it, set `max:` in content/indicators.yaml"));
        }
        if decimals_needed(v) > ind.decimals {
            diags.push(
                self.at(
                    "value",
                    format!(
                        "{v} has more decimals than `{}` shows ({}): it will appear as {}",
                        ind.id,
                        ind.decimals,
                        format::message_number(v, ind.decimals, Lang::Vi)
                    ),
                )
                .with_hint("raise `decimals` for the indicator in content/indicators.yaml")
                .as_warning(),
            );
        }
    }

    /// A result cannot be reported before the article was published.
    fn check_year_against_source(
        &self,
        raw: &RawObservation,
        year: Year,
        source: SourceRef,
        diags: &mut Vec<Diagnostic>,
    ) {
        let src = &self.ctx.sources[source.0];
        if raw.status == Status::Actual && year > src.year {
            diags.push(
                self.at(
                    "year",
                    format!(
                        "a reported value for {year} cannot come from `{}`, published in {}",
                        src.id, src.year
                    ),
                )
                .with_hint(
                    "use `status: estimate` or `status: target` for figures about later years",
                ),
            );
        }
    }

    fn fraction(&self, raw: &RawObservation, diags: &mut Vec<Diagnostic>) -> Option<Fraction> {
        match (raw.numerator, raw.denominator) {
            (None, None) => None,
            (Some(_), None) | (None, Some(_)) => {
                diags.push(
                    self.at(
                        if raw.numerator.is_some() {
                            "numerator"
                        } else {
                            "denominator"
                        },
                        "numerator and denominator go together".into(),
                    )
                    .with_hint("give both parts (e.g. 20 of 20 departments) or neither"),
                );
                None
            }
            (Some(n), Some(d)) => {
                let big = crate::model::Kind::Count.largest_value();
                if !(n.is_finite() && d.is_finite()) || n < 0.0 || d <= 0.0 || d > big {
                    diags.push(
                        self.at("denominator", format!("{n}/{d} is not a valid share"))
                            .with_hint("numerator ≥ 0 and denominator > 0"),
                    );
                    return None;
                }
                if n > d {
                    diags.push(
                        self.at(
                            "numerator",
                            format!("numerator {n} is larger than denominator {d}"),
                        )
                        .with_hint("the part cannot exceed the whole: check which number is which"),
                    );
                    return None;
                }
                let f = Fraction::new(n, d);
                if self.indicator.kind.is_share()
                    && raw.value.is_finite()
                    && !derived::agrees(raw.value, f.share() * 100.0)
                {
                    diags.push(
                        self.at(
                            "value",
                            format!(
                                "{} does not match {n}/{d} = {}%",
                                raw.value,
                                format::message_number(f.share() * 100.0, 2, Lang::En)
                            ),
                        )
                        .with_hint("check the value or the two parts")
                        .as_warning(),
                    );
                }
                Some(f)
            }
        }
    }

    fn out_of(&self, raw: &RawObservation, diags: &mut Vec<Diagnostic>) -> Option<u32> {
        let n = raw.out_of?;
        if !self.indicator.kind.is_position() {
            diags.push(
                self.at("out_of", "`out_of` is only for rank indicators".into())
                    .with_hint("use numerator/denominator for parts of a whole"),
            );
            return None;
        }
        if !(1..=100_000).contains(&n) {
            diags.push(
                self.at("out_of", format!("out_of {n} is not a ranking size"))
                    .with_hint("give how many were ranked, e.g. 63"),
            );
            return None;
        }
        if raw.value.is_finite() && raw.value > n as f64 {
            diags.push(
                self.at(
                    "value",
                    format!("rank {} is past the end of a ranking of {n}", raw.value),
                )
                .with_hint("check the rank and `out_of`"),
            );
        }
        Some(n as u32)
    }
}

/// Compares each claim the article makes with what the data gives; a mismatch is a warning
/// naming both figures, since the article may have used unrounded or revised numbers.
fn check_claims(
    doc: &Doc<RawMetrics>,
    id: &str,
    raws: &[RawObservation],
    series: &Series,
    ind: &Indicator,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, raw) in raws.iter().enumerate() {
        let Some(year) = Year::new(raw.year) else {
            continue;
        };
        let Some(obs) = series
            .observations
            .iter()
            .find(|o| o.year == year && o.status == raw.status)
        else {
            continue;
        };
        for (j, claim) in obs.claims.iter().enumerate() {
            let path = format!("{id}/{i}/claims/{j}");
            let at = |msg: String| Diagnostic::at(&doc.source, doc.spans.value(&path), msg);
            let Some(base) = series.reported().find(|o| o.year == claim.base_year) else {
                // An observation that could not be read may be the base: its own error says
                // what is wrong, this one would only follow from it.
                if raws.iter().any(|r| r.unreadable) {
                    continue;
                }
                diags.push(
                    at(format!(
                        "the claim compares with {}, but `{id}` has no value for {}",
                        claim.base_year, claim.base_year
                    ))
                    .with_hint("add the base year's value to metrics.yaml, or remove the claim"),
                );
                continue;
            };
            // A base worked back from this very claim would agree with it by construction.
            if base.derived == crate::model::Provenance::BackComputed {
                continue;
            }
            let Some(computed) = derived::claim_from(ind, claim, base, obs) else {
                diags.push(
                    at(format!(
                        "the claim cannot be computed: the {} value is zero or too small",
                        claim.base_year
                    ))
                    .with_hint("check the base year's value")
                    .as_warning(),
                );
                continue;
            };
            if !computed.agrees_with(claim.value) {
                let d = decimals_needed(claim.value) + 1;
                let (stated, got) = (
                    format::message_number(claim.value, d, Lang::Vi),
                    crate::values::derived_in_message(&computed, d.max(2)),
                );
                let what = match claim.kind {
                    crate::model::ClaimKind::Multiple => {
                        format!("{stated} lần, but the data gives {got} lần")
                    }
                    crate::model::ClaimKind::ChangePercent => {
                        format!("{stated}%, but the data gives {got}%")
                    }
                    crate::model::ClaimKind::Change => {
                        format!("{stated} {}, but the data gives {got}", ind.unit)
                    }
                };
                diags.push(at(format!("`{id}` {year} vs {}: the article says {what}", claim.base_year))
                    .with_hint("the article may round differently or use revised figures; check both values")
                    .as_warning());
            }
        }
    }
}
