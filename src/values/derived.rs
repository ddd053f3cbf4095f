//! [`DerivedFigure`]: the one way a figure the site computed (a multiple, a change, a CAGR,
//! a share, a density, a claim's computed value) becomes text.
//!
//! `model::derived` returns [`DerivedValue`]s whose number is private; this type prints one
//! with the qualifier and status its inputs pass on and the † "computed by this page" mark,
//! so a chart description or a table cannot show a computed figure as if an article had
//! stated it.

use crate::i18n::I18n;
use crate::model::derived::{self, DerivedValue, Measure};
use crate::model::{Claim, Indicator, Lang, Provenance};

use super::format;

/// A derived value of an indicator as a reader of `lang` sees it.
#[derive(Debug, Clone, Copy)]
pub struct DerivedFigure<'a> {
    value: &'a DerivedValue,
    ind: &'a Indicator,
    lang: Lang,
    i18n: &'a I18n,
}

impl<'a> DerivedFigure<'a> {
    pub fn new(value: &'a DerivedValue, ind: &'a Indicator, lang: Lang, i18n: &'a I18n) -> Self {
        DerivedFigure {
            value,
            ind,
            lang,
            i18n,
        }
    }

    /// `khoảng +85,9`, `gấp`-less `22,24`, `68,1%`: qualifier and number (signed when it is
    /// a change), for a sentence whose words say the measure and whose line carries the mark.
    pub fn number(&self) -> String {
        self.qualified(self.digits(self.number_of()))
    }

    /// `khoảng 12,3`: qualifier and the number without its sign, for a sentence whose verb
    /// says the direction ("tăng", "giảm").
    pub fn magnitude(&self) -> String {
        let n = format::number(self.number_of().abs(), self.value.decimals, self.lang);
        self.qualified(n)
    }

    /// The unit after the number, as the indicator writes it (`thuê bao`, `directives`).
    pub fn unit(&self) -> &'a str {
        let bare = self.digits(self.number_of());
        super::unit_after(self.ind, &bare, self.lang)
    }

    /// `gấp khoảng 22,24 lần`, `khoảng +12,3%`, `tăng 1 bậc`, `+4,556 điểm`: the number with
    /// the words of its measure.
    pub fn words(&self) -> String {
        let v = self.value;
        let q = super::qualifier_word(v.qualifier, self.lang, self.i18n);
        let number = self.number_of();
        words(
            self.ind, v.measure, number, v.decimals, q, self.lang, self.i18n,
        )
    }

    /// `dự kiến, † do trang này tính`: its status, if not actual, and its mark; what goes in
    /// brackets after it in a sentence.
    pub fn brackets(&self) -> String {
        let status = super::status_word(self.value.status, self.lang, self.i18n);
        let mut parts: Vec<String> = status.map(str::to_string).into_iter().collect();
        parts.push(self.mark());
        parts.join(", ")
    }

    /// `gấp khoảng 22,24 lần (dự kiến) († do trang này tính)`: its words with its status and
    /// mark, for a figure shown on its own (a table cell).
    pub fn labelled(&self) -> String {
        let mut out = self.words();
        if let Some(s) = super::status_word(self.value.status, self.lang, self.i18n) {
            out.push_str(&format!(" ({s})"));
        }
        out.push_str(&format!(" ({})", self.mark()));
        out
    }

    /// `† do trang này tính`: every derived value has it.
    pub fn mark(&self) -> String {
        super::provenance_text(Provenance::Computed, self.lang, self.i18n).unwrap_or_default()
    }

    /// The site-wide numbers of its inputs' sources, the `[n]`s it is cited by.
    pub fn citations(&self) -> Vec<usize> {
        self.value.sources.iter().map(|s| s.0 + 1).collect()
    }

    /// The exact number as data files write it, never locale-formatted.
    pub fn machine_value(&self) -> serde_json::Number {
        super::machine_number(self.number_of())
    }

    fn digits(&self, v: f64) -> String {
        digits(self.value.measure, v, self.value.decimals, self.lang)
    }

    fn qualified(&self, n: String) -> String {
        match super::qualifier_word(self.value.qualifier, self.lang, self.i18n) {
            Some(q) => format!("{q} {n}"),
            None => n,
        }
    }

    fn number_of(&self) -> f64 {
        super::derived_number(self.value)
    }
}

/// `gấp 22,3 lần`, `+4%`, `tăng 1 bậc`: a change as the article states it (a claim), with
/// as many decimals as it gives; the same words as the computed figure set beside it.
pub fn stated_claim(ind: &Indicator, claim: &Claim, lang: Lang, i18n: &I18n) -> String {
    let measure = derived::claim_measure(ind.kind, claim.kind);
    let decimals = derived::decimals_needed(claim.value);
    words(ind, measure, claim.value, decimals, None, lang, i18n)
}

/// The number `v` as `measure` prints it, without qualifier: signed for a change.
fn digits(measure: Measure, v: f64, decimals: u8, lang: Lang) -> String {
    match measure {
        Measure::ChangePercent | Measure::Change | Measure::Points | Measure::Cagr => {
            format::signed(v, decimals, lang)
        }
        Measure::RankChange | Measure::Multiple | Measure::Density => {
            format::number(v, decimals, lang)
        }
        Measure::Share => format!("{}%", format::number(v, decimals, lang)),
    }
}

/// `gấp khoảng 22,24 lần`, `khoảng +12,3%`, `tăng 1 bậc`, `+4,556 điểm`: `v` with its
/// qualifier word and the words of `measure` (a rank's move by its direction).
fn words(
    ind: &Indicator,
    measure: Measure,
    v: f64,
    decimals: u8,
    qualifier: Option<&str>,
    lang: Lang,
    i18n: &I18n,
) -> String {
    let bare = match measure {
        Measure::RankChange => format::number(v.abs(), decimals, lang),
        _ => digits(measure, v, decimals, lang),
    };
    let unit = super::unit_after(ind, &bare, lang);
    let number = match qualifier {
        Some(q) => format!("{q} {bare}"),
        None => bare,
    };
    let key = match measure {
        Measure::RankChange if v < 0.0 => "claim_rank_down",
        Measure::RankChange => "claim_rank_up",
        Measure::Multiple => "claim_multiple",
        Measure::ChangePercent => "claim_change_percent",
        Measure::Change => "claim_change",
        Measure::Points => "measure_points",
        Measure::Cagr => "measure_cagr",
        Measure::Density => "measure_density",
        // `68,1%`: the number carries its sign.
        Measure::Share => return number,
    };
    i18n.fill(lang, key, &[("value", &number), ("unit", unit)])
}

/// The number of `value` with `decimals`, in Vietnamese digits, for a diagnostic that quotes
/// it to the site's author beside the article's claim (never on a page).
pub fn derived_in_message(value: &DerivedValue, decimals: u8) -> String {
    crate::format::message_number(super::derived_number(value), decimals, Lang::Vi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimKind, Kind, Observation, Qualifier, SourceRef, Status, Year};

    fn obs(year: i64, value: f64) -> Observation {
        Observation::stated(Year::new(year).unwrap(), value, SourceRef(0))
    }

    /// Vĩnh Phúc's revenue: 3.566 in 2015, about 79.300 expected for 2020 (source 2).
    fn revenue() -> (Indicator, Observation, Observation) {
        let ind = super::super::test_indicator(Kind::Money, 0, ("tỷ đồng", "billion VND"));
        let mut last = obs(2020, 79300.0);
        last.qualifier = Qualifier::Approximate;
        last.status = Status::Estimate;
        last.source = SourceRef(1);
        (ind, obs(2015, 3566.0), last)
    }

    #[test]
    fn a_multiple_keeps_its_inputs_qualifier_status_and_mark_in_every_form() {
        let i18n = I18n::embedded();
        let (ind, first, last) = revenue();
        let c = derived::compare(ind.kind, &first, &last).unwrap();
        let m = c.multiple.unwrap();
        let vi = DerivedFigure::new(&m, &ind, Lang::Vi, i18n);
        assert_eq!(vi.number(), "khoảng 22,24");
        assert_eq!(vi.words(), "gấp khoảng 22,24 lần");
        assert_eq!(vi.brackets(), "dự kiến, †\u{a0}do trang này tính");
        assert_eq!(
            vi.labelled(),
            "gấp khoảng 22,24 lần (dự kiến) (†\u{a0}do trang này tính)"
        );
        assert_eq!(vi.citations(), [1, 2]);
        assert_eq!(
            vi.machine_value().to_string(),
            (79300.0f64 / 3566.0).to_string()
        );
        let en = DerivedFigure::new(&m, &ind, Lang::En, i18n);
        assert_eq!(en.words(), "about 22.24 times");
        assert_eq!(en.brackets(), "estimate, †\u{a0}computed by this site");
    }

    #[test]
    fn each_measure_reads_with_its_own_words() {
        let i18n = I18n::embedded();
        let (ind, first, last) = revenue();
        let series = crate::model::Series {
            indicator: crate::model::IndicatorRef(0),
            observations: vec![first.clone(), last.clone()],
        };
        let g = derived::series_growth(&series).unwrap();
        let text = |v: &DerivedValue, lang| DerivedFigure::new(v, &ind, lang, i18n).words();
        assert_eq!(text(&g.cagr, Lang::Vi), "khoảng +86%/năm");
        assert_eq!(text(&g.cagr, Lang::En), "about +86% a year");
        let change = derived::compare(ind.kind, &first, &last).unwrap();
        let pct = change.percent.unwrap();
        assert_eq!(text(&pct, Lang::Vi), "khoảng +2.123,8%");
        let fell = DerivedFigure::new(&change.change, &ind, Lang::Vi, i18n);
        assert_eq!(fell.magnitude(), "khoảng 75.734");
        let mut share = obs(2020, 68.0);
        share.fraction = Some(crate::model::Fraction::new(572594.0, 840932.0));
        let s = derived::share(&share).unwrap();
        assert_eq!(text(&s, Lang::Vi), "68,1%");
        let people = obs(2020, 1_150_000.0);
        let d = derived::density(&obs(2020, 1_194_000.0), &people).unwrap();
        assert_eq!(text(&d, Lang::Vi), "103,83 tỷ đồng/100 dân");
    }

    #[test]
    fn a_claim_reads_the_same_stated_and_computed() {
        let i18n = I18n::embedded();
        let rank = super::super::test_indicator(Kind::Rank, 0, ("hạng", "rank"));
        let claim = Claim {
            kind: ClaimKind::Change,
            base_year: Year::new(2018).unwrap(),
            value: 1.0,
        };
        assert_eq!(stated_claim(&rank, &claim, Lang::Vi, i18n), "tăng 1 bậc");
        let v = derived::claim_from(&rank, &claim, &obs(2018, 9.0), &obs(2019, 8.0)).unwrap();
        let f = DerivedFigure::new(&v, &rank, Lang::En, i18n);
        assert_eq!(f.labelled(), "up by 1 (†\u{a0}computed by this site)");
        let fell = derived::claim_from(&rank, &claim, &obs(2018, 43.0), &obs(2019, 57.0));
        let f = DerivedFigure::new(fell.as_ref().unwrap(), &rank, Lang::Vi, i18n);
        assert_eq!(f.words(), "giảm 14 bậc");
        assert!(!fell.unwrap().agrees_with(1.0));
    }
}
