//! [`Figure`]: the one way an observation or a derived value becomes text.
//!
//! A figure carries everything a reader must see with a number (qualifier, unit, year,
//! status, the † of a derived value and its citation) for one language. Pages, tables,
//! charts, chart files, 2025 unit pages, feeds, search records and downloads print figures
//! through it, so a new view cannot forget the mark or the status: the text functions
//! behind it are private to `values`. The bare number is only handed out as
//! [`Figure::position`], for geometry (scales, positions, sorting), never for text.

use crate::i18n::I18n;
use crate::model::{Indicator, Lang, Observation, Provenance};

/// An observation of an indicator as a reader of `lang` sees it.
#[derive(Debug, Clone, Copy)]
pub struct Figure<'a> {
    ind: &'a Indicator,
    obs: &'a Observation,
    lang: Lang,
    i18n: &'a I18n,
}

impl<'a> Figure<'a> {
    pub fn new(ind: &'a Indicator, obs: &'a Observation, lang: Lang, i18n: &'a I18n) -> Self {
        Figure {
            ind,
            obs,
            lang,
            i18n,
        }
    }

    /// `khoảng 79.300 tỷ đồng`: qualifier, number and unit, for a sentence that gives the
    /// year and mark beside it ([`Figure::year_status`], [`Figure::year_mark`]).
    pub fn value(&self) -> String {
        super::value_text(self.ind, self.obs, self.lang, self.i18n)
    }

    /// `khoảng 79.300`: qualifier and number without the unit, for a column headed by it
    /// (ranks keep their `/63`).
    pub fn without_unit(&self) -> String {
        if self.ind.kind.is_position() {
            return self.value();
        }
        let n = super::short_number(self.ind, super::number_of(self.obs), self.lang);
        match super::qualifier_word(self.obs.qualifier, self.lang, self.i18n) {
            Some(q) => format!("{q} {n}"),
            None => n,
        }
    }

    /// `khoảng 1.947`, `1.947 (dự kiến)` or `12.245 († tổng do trang này cộng)`: a term of
    /// a sum written once with its unit, with its qualifier, status and mark.
    pub fn term(&self) -> String {
        let mut out = self.without_unit();
        for note in super::status_word(self.obs.status, self.lang, self.i18n)
            .map(str::to_string)
            .into_iter()
            .chain(self.mark())
        {
            out.push_str(&format!(" ({note})"));
        }
        out
    }

    /// `khoảng 79.300 tỷ đồng (dự kiến)`: the value with its status, for a cell whose row
    /// marks a derived value in its note column.
    pub fn with_status(&self) -> String {
        super::value_with_status(self.ind, self.obs, self.lang, self.i18n)
    }

    /// `khoảng 79.300 tỷ đồng (dự kiến) († do trang này tính)`: what a figure shown on its
    /// own prints (a chart label, a tooltip, a sum).
    pub fn labelled(&self) -> String {
        super::value_with_status_and_mark(self.ind, self.obs, self.lang, self.i18n)
    }

    /// `500,9` or `500,9†`: the short label of a drawn point, whose legend names the mark.
    pub fn point_label(&self) -> String {
        let n = super::short_number(self.ind, super::number_of(self.obs), self.lang);
        if self.is_derived() {
            format!("{n}{}", super::PROVENANCE_MARK)
        } else {
            n
        }
    }

    /// `2019`, or `2015–2020` for a value that covers a period.
    pub fn year(&self) -> String {
        super::year_text(self.obs)
    }

    /// `2020, dự kiến` or `2017, † do trang này tính`: the brackets after a value.
    pub fn year_status(&self) -> String {
        super::year_status_text(self.obs, self.lang, self.i18n)
    }

    /// `2018` or `2018, † do trang này tính`: the year of a figure a sentence names, with
    /// its mark (its status said by the sentence itself).
    pub fn year_mark(&self) -> String {
        super::year_provenance_text(self.obs, self.lang, self.i18n)
    }

    /// `† do trang này tính` for a derived figure.
    pub fn mark(&self) -> Option<String> {
        super::provenance_text(self.obs.derived, self.lang, self.i18n)
    }

    /// How the figure was obtained (stated, computed, summed, worked back).
    pub fn provenance(&self) -> Provenance {
        self.obs.derived
    }

    pub fn is_derived(&self) -> bool {
        self.obs.derived.is_derived()
    }

    /// The site-wide number of its source, the `[n]` it is cited by.
    pub fn citation(&self) -> usize {
        super::citation_number(self.obs)
    }

    /// The number, for geometry only (a position on an axis, a bar's length, an order):
    /// text goes through the other methods, which keep the qualifier, status and mark.
    pub fn position(&self) -> f64 {
        super::number_of(self.obs)
    }

    /// The exact number as data files write it (`79300`, `0.6712`), never locale-formatted:
    /// the value column of CSV and JSON downloads, beside the provenance column that marks it.
    pub fn machine_value(&self) -> serde_json::Number {
        super::machine_number(super::number_of(self.obs))
    }

    /// Both parts of a share the article gives, as data files write them.
    pub fn machine_fraction(&self) -> Option<(serde_json::Number, serde_json::Number)> {
        super::parts_of(self.obs).map(|(n, d)| (super::machine_number(n), super::machine_number(d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, SourceRef, Status, Year};

    fn revenue() -> Indicator {
        super::super::test_indicator(Kind::Money, 1, ("tỷ đồng", "billion VND"))
    }

    #[test]
    fn a_derived_figure_carries_its_mark_in_every_form() {
        let i18n = I18n::embedded();
        let ind = revenue();
        let mut obs = Observation::stated(Year::new(2020).unwrap(), 500.9, SourceRef(2));
        obs.status = Status::Estimate;
        obs.derived = Provenance::Computed;
        let f = Figure::new(&ind, &obs, Lang::Vi, i18n);
        assert_eq!(f.point_label(), "500,9†");
        assert_eq!(
            f.labelled(),
            "500,9\u{a0}tỷ đồng (dự kiến) (†\u{a0}do trang này tính)"
        );
        assert_eq!(f.year_status(), "2020, dự kiến, †\u{a0}do trang này tính");
        assert_eq!(f.year_mark(), "2020, †\u{a0}do trang này tính");
        assert_eq!(f.citation(), 3);
        let en = Figure::new(&ind, &obs, Lang::En, i18n);
        assert_eq!(en.mark().as_deref(), Some("†\u{a0}computed by this site"));
        let stated = Observation::stated(Year::new(2020).unwrap(), 500.9, SourceRef(2));
        let f = Figure::new(&ind, &stated, Lang::En, i18n);
        assert_eq!(f.point_label(), "500.9");
        assert_eq!(f.labelled(), "500.9\u{a0}billion VND");
        assert_eq!(f.mark(), None);
    }

    #[test]
    fn data_files_get_the_exact_number_in_every_language() {
        let i18n = I18n::embedded();
        let ind = revenue();
        let year = Year::new(2020).unwrap();
        for (value, machine) in [(79300.0, "79300"), (0.6712, "0.6712"), (-4.5, "-4.5")] {
            let obs = Observation::stated(year, value, SourceRef(0));
            for lang in [Lang::Vi, Lang::En] {
                let f = Figure::new(&ind, &obs, lang, i18n);
                assert_eq!(f.machine_value().to_string(), machine);
            }
        }
        let mut share = Observation::stated(year, 68.1, SourceRef(0));
        share.fraction = Some(crate::model::Fraction::new(572594.0, 840932.0));
        let parts = Figure::new(&ind, &share, Lang::Vi, i18n).machine_fraction();
        let parts = parts.map(|(n, d)| (n.to_string(), d.to_string()));
        assert_eq!(parts, Some(("572594".into(), "840932".into())));
    }

    #[test]
    fn a_term_keeps_its_qualifier_status_and_mark() {
        let i18n = I18n::embedded();
        let ind = revenue();
        let mut obs = Observation::stated(Year::new(2020).unwrap(), 1947.0, SourceRef(0));
        obs.qualifier = crate::model::Qualifier::Approximate;
        obs.status = Status::Estimate;
        let term = |o: &Observation| Figure::new(&ind, o, Lang::Vi, i18n).term();
        assert_eq!(term(&obs), "khoảng 1.947,0 (dự kiến)");
        let sum = crate::model::derived::sum(&[&obs, &obs]).unwrap();
        assert_eq!(
            term(&sum),
            "khoảng 3.894,0 (dự kiến) (†\u{a0}tổng do trang này cộng)"
        );
    }
}
