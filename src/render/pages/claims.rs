//! What an article states about a change (a multiple, a change in percent or in units)
//! beside what the site computes from the article's own figures, and whether they differ
//! beyond rounding. A base worked back from the claim is said to be unusable for the check.

use super::*;
use crate::model::{Claim, ClaimKind, Indicator, Observation, Provenance};

/// One claim of a province page, in the page's language.
#[derive(Serialize)]
pub(super) struct ClaimCtx {
    pub(super) indicator: String,
    pub(super) url: String,
    /// `2020 so với 2015`.
    pub(super) period: String,
    /// The claim as the article states it: `gấp 22,3 lần`.
    pub(super) stated: String,
    pub(super) citation: Citation,
    /// The same figure computed from the data (`gấp 22,24 lần`), with its mark; none when it
    /// cannot be computed.
    pub(super) computed: Option<String>,
    /// `agrees`, `differs`, `back_computed` or `unchecked`.
    pub(super) verdict: &'static str,
    /// The sentence that says so.
    pub(super) verdict_text: String,
}

/// Every claim of the province's figures, in catalog order.
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
    }
    out
}

fn claim_ctx(
    s: &Scope,
    ind: &Indicator,
    obs: &Observation,
    claim: &Claim,
    base: Option<&Observation>,
) -> ClaimCtx {
    let (lang, i18n) = (s.lang, s.i18n());
    let stated_decimals = format::decimals_needed(claim.value);
    let stated = claim_text(ind, claim.kind, claim.value, stated_decimals, lang, i18n);
    let computed_value = base
        .filter(|b| b.derived != Provenance::BackComputed)
        .and_then(|b| derived::computed_claim(claim, b.value, obs.value));
    let computed = computed_value.map(|v| {
        let decimals = match claim.kind {
            ClaimKind::Multiple => derived::MULTIPLE_DECIMALS,
            ClaimKind::ChangePercent => derived::PERCENT_DECIMALS,
            ClaimKind::Change => stated_decimals.max(ind.decimals),
        };
        let mark = values::provenance_text(Provenance::Computed, lang, i18n).unwrap_or_default();
        format!(
            "{} ({mark})",
            claim_text(ind, claim.kind, v, decimals, lang, i18n)
        )
    });
    let base_year = claim.base_year.to_string();
    let (verdict, key) = match (base, computed_value) {
        (Some(b), _) if b.derived == Provenance::BackComputed => {
            ("back_computed", "claim_back_computed")
        }
        (_, Some(v)) if derived::agrees(claim.value, v) => ("agrees", "claim_agrees"),
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

/// `gấp 22,3 lần`, `tăng 4%`, `tăng 4,556 điểm`.
fn claim_text(
    ind: &Indicator,
    kind: ClaimKind,
    value: f64,
    decimals: u8,
    lang: Lang,
    i18n: &crate::i18n::I18n,
) -> String {
    let (key, number) = match kind {
        ClaimKind::Multiple => ("claim_multiple", format::number(value, decimals, lang)),
        ClaimKind::ChangePercent => (
            "claim_change_percent",
            format::signed(value, decimals, lang),
        ),
        ClaimKind::Change => ("claim_change", format::signed(value, decimals, lang)),
    };
    let unit = crate::values::unit_after(ind, &number, lang);
    i18n.fill(lang, key, &[("value", &number), ("unit", unit)])
}
