//! What an article states about a change (a multiple, a change in percent or in units, a
//! rank's move) beside what the site computes from the article's own figures, and whether
//! they differ beyond rounding. A base worked back from the claim is said to be unusable for
//! the check. A stated total is set beside the sum of its stated parts, so that a reader sees
//! whether "hơn 12.245" is the article's word or the parts' shortfall.

use super::*;
use crate::model::{Claim, Indicator, Observation, Provenance, Qualifier};

/// One claim of a province page, in the page's language.
#[derive(Serialize)]
pub(super) struct ClaimCtx {
    pub(super) indicator: String,
    pub(super) url: String,
    /// `2020 so với 2015`.
    pub(super) period: String,
    /// The claim as the article states it, with the status of its figure: `gấp 22,3 lần
    /// (dự kiến)`.
    pub(super) stated: String,
    pub(super) citation: Citation,
    /// The same figure computed from the data, with the qualifier and status its inputs pass
    /// on and its mark (`gấp khoảng 22,24 lần (dự kiến) (…)`); none when it cannot be computed.
    pub(super) computed: Option<String>,
    /// `agrees`, `differs`, `back_computed` or `unchecked`.
    pub(super) verdict: &'static str,
    /// The sentence that says so.
    pub(super) verdict_text: String,
}

/// Every claim of the province's figures, in catalog order: the article's changes, then
/// each stated total beside its stated parts.
pub(super) fn claims(s: &Scope, p: &Province) -> Vec<ClaimCtx> {
    let mut out = Vec::new();
    for series in &p.series {
        let ind = s.site.indicator(series.indicator);
        for obs in &series.observations {
            for claim in &obs.claims {
                let base = series.reported().find(|o| o.year == claim.base_year);
                out.push(claim_ctx(s, ind, obs, claim, base));
            }
        }
        out.extend(
            series
                .observations
                .iter()
                .filter_map(|total| sum_ctx(s, p, ind, series.indicator, total)),
        );
    }
    out
}

/// A stated total beside the sum of its parts, when the article states the total and every
/// part of the same year (a part or total the site computed proves nothing).
fn sum_ctx(
    s: &Scope,
    p: &Province,
    ind: &Indicator,
    r: IndicatorRef,
    total: &Observation,
) -> Option<ClaimCtx> {
    let (lang, i18n) = (s.lang, s.i18n());
    let parts = s.site.parts_of(r);
    if total.derived.is_derived() || parts.len() < 2 {
        return None;
    }
    let values = parts
        .iter()
        .map(|&part| {
            p.series_of(part)
                .and_then(|series| series.at(total.year))
                .filter(|o| !o.derived.is_derived() && o.status == total.status)
        })
        .collect::<Option<Vec<_>>>()?;
    let sum = derived::sum(&values)?;
    let figure = |o| values::Figure::new(ind, o, lang, i18n);
    let terms: Vec<String> = values.iter().map(|o| figure(o).term()).collect();
    let computed = format!("{} = {}", terms.join(" + "), figure(&sum).term());
    let stated = with_status(s, figure(total).value(), total.status);
    let equal = derived::figures_agree(total, &sum);
    let (verdict, key) = if equal {
        match total.qualifier {
            Qualifier::Exact => ("agrees", "claim_sum_equal"),
            Qualifier::Approximate | Qualifier::AtLeast | Qualifier::AtMost | Qualifier::Nearly => {
                ("agrees", "claim_sum_equal_qualified")
            }
        }
    } else {
        ("differs", "claim_sum_differs")
    };
    let word = values::qualifier_word(total.qualifier, lang, i18n).unwrap_or_default();
    let verdict_text = i18n.fill(
        lang,
        key,
        &[
            ("stated", &stated),
            ("computed", &figure(&sum).without_unit()),
            ("word", word),
        ],
    );
    Some(ClaimCtx {
        indicator: indicator_name(ind, lang).to_string(),
        url: s.urls.indicator(ind),
        period: i18n.fill(lang, "claim_sum_period", &[("year", &year_text(total))]),
        stated,
        citation: citation(s, total),
        computed: Some(computed),
        verdict,
        verdict_text,
    })
}

/// `text (dự kiến)` for a figure that is not an actual result.
fn with_status(s: &Scope, text: String, status: crate::model::Status) -> String {
    match values::status_word(status, s.lang, s.i18n()) {
        Some(w) => format!("{text} ({w})"),
        None => text,
    }
}

fn claim_ctx(
    s: &Scope,
    ind: &Indicator,
    obs: &Observation,
    claim: &Claim,
    base: Option<&Observation>,
) -> ClaimCtx {
    let (lang, i18n) = (s.lang, s.i18n());
    // The article's claim is as sure as its figure: a change to an expected value is
    // expected too.
    let stated = with_status(s, values::stated_claim(ind, claim, lang, i18n), obs.status);
    let computed_value = base
        .filter(|b| b.derived != Provenance::BackComputed)
        .and_then(|b| derived::claim_from(ind, claim, b, obs));
    let computed = computed_value
        .as_ref()
        .map(|v| values::DerivedFigure::new(v, ind, lang, i18n).labelled());
    let base_year = claim.base_year.to_string();
    let (verdict, key) = match (base, computed_value) {
        (Some(b), _) if b.derived == Provenance::BackComputed => {
            ("back_computed", "claim_back_computed")
        }
        (_, Some(v)) if v.agrees_with(claim.value) => ("agrees", "claim_agrees"),
        (_, Some(_)) => ("differs", "claim_differs"),
        (_, None) => ("unchecked", "claim_unchecked"),
    };
    let verdict_text = i18n.fill(
        lang,
        key,
        &[
            ("stated", &stated),
            ("computed", computed.as_deref().unwrap_or("")),
            ("base_year", &base_year),
        ],
    );
    ClaimCtx {
        indicator: indicator_name(ind, lang).to_string(),
        url: s.urls.indicator(ind),
        period: i18n.fill(
            lang,
            "claim_period",
            &[("year", &year_text(obs)), ("base_year", &base_year)],
        ),
        stated,
        citation: citation(s, obs),
        computed,
        verdict,
        verdict_text,
    }
}
