//! The words of the domain: what an indicator measures, which way is better, how sure a
//! figure is, what an article claims, and the page languages. Every layer speaks them; the
//! loader deserialises straight into them, so nothing above it needs its raw types.

use serde::{Deserialize, Serialize};

/// What an indicator measures; decides the validation rules and the formatting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Count,
    Money,
    Percent,
    Score,
    Rank,
    Ratio,
    Index,
    /// A rate of change in percent (tăng trưởng 30%/năm): may be negative, has no ceiling.
    Growth,
}

impl Kind {
    /// Every kind, in the order the catalog's documentation lists them.
    pub const ALL: [Kind; 8] = [
        Kind::Count,
        Kind::Money,
        Kind::Percent,
        Kind::Score,
        Kind::Rank,
        Kind::Ratio,
        Kind::Index,
        Kind::Growth,
    ];

    /// The word `kind:` takes in content/indicators.yaml, and downloads and schema.json print.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Score => "score",
            Kind::Rank => "rank",
            Kind::Ratio => "ratio",
            Kind::Index => "index",
            Kind::Growth => "growth",
        }
    }

    /// The theme's i18n key of the kind's name (an indicator page's "what it measures").
    pub fn i18n_key(self) -> &'static str {
        match self {
            Kind::Count => "kind_count",
            Kind::Money => "kind_money",
            Kind::Percent => "kind_percent",
            Kind::Score => "kind_score",
            Kind::Rank => "kind_rank",
            Kind::Ratio => "kind_ratio",
            Kind::Index => "kind_index",
            Kind::Growth => "kind_growth",
        }
    }

    /// What a value of this kind is called in a message about its sign ("count 3.5 is…"),
    /// for the kinds that cannot be negative; `None` for those that can.
    pub fn non_negative_noun(self) -> Option<&'static str> {
        match self {
            Kind::Percent => Some("percent"),
            Kind::Count => Some("count"),
            Kind::Money => Some("amount"),
            Kind::Score | Kind::Rank | Kind::Ratio | Kind::Index | Kind::Growth => None,
        }
    }

    /// Whether every value is a whole number (a count of things, a position).
    pub fn whole_numbers(self) -> bool {
        match self {
            Kind::Count | Kind::Rank => true,
            Kind::Money
            | Kind::Percent
            | Kind::Score
            | Kind::Ratio
            | Kind::Index
            | Kind::Growth => false,
        }
    }

    /// Whether values are positions (1 is best): a rank's axis runs from 1 to last, its
    /// prose names its year, and it needs no unit.
    pub fn is_position(self) -> bool {
        match self {
            Kind::Rank => true,
            Kind::Count
            | Kind::Money
            | Kind::Percent
            | Kind::Score
            | Kind::Ratio
            | Kind::Index
            | Kind::Growth => false,
        }
    }

    /// Whether a value is a share of a whole in percent: it equals its numerator over its
    /// denominator, draws as a progress bar, and joins its category's shares chart.
    pub fn is_share(self) -> bool {
        match self {
            Kind::Percent => true,
            Kind::Count
            | Kind::Money
            | Kind::Score
            | Kind::Rank
            | Kind::Ratio
            | Kind::Index
            | Kind::Growth => false,
        }
    }

    /// Whether figures of this kind may be added up across provinces (`additive: true`):
    /// counts and money; never shares, ranks, indices or rates.
    pub fn may_be_additive(self) -> bool {
        match self {
            Kind::Count | Kind::Money => true,
            Kind::Percent | Kind::Score | Kind::Rank | Kind::Ratio | Kind::Index | Kind::Growth => {
                false
            }
        }
    }

    /// The maximum a value may reach when the catalog sets no `max:`: a share is at most the
    /// whole.
    pub fn default_max(self) -> Option<f64> {
        self.is_share().then_some(100.0)
    }

    /// The largest value an indicator of this kind may hold. Money in the catalog's units
    /// (tỷ đồng) stays below 10^18; any other figure below 10^15. Beyond that a value is a
    /// typing slip, and formatting it would print a wall of digits.
    pub fn largest_value(self) -> f64 {
        match self {
            Kind::Money => 1e18,
            Kind::Count
            | Kind::Percent
            | Kind::Score
            | Kind::Rank
            | Kind::Ratio
            | Kind::Index
            | Kind::Growth => 1e15,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
    /// No direction (department staff, policy documents, monitored accounts): comparisons
    /// list provinces by name, never "best first".
    None,
}

impl Better {
    /// The theme's i18n key of the direction ("higher is better").
    pub fn i18n_key(self) -> &'static str {
        match self {
            Better::Higher => "better_higher",
            Better::Lower => "better_lower",
            Better::None => "better_none",
        }
    }
}

/// Whether a figure is a result, a forecast or a goal.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Actual,
    Estimate,
    Target,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 3] = [Status::Actual, Status::Estimate, Status::Target];

    /// The word `status:` takes in metrics.yaml, and downloads and schema.json print.
    pub fn code(self) -> &'static str {
        match self {
            Status::Actual => "actual",
            Status::Estimate => "estimate",
            Status::Target => "target",
        }
    }
}

/// How exact the article says the figure is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    Approximate,
    AtLeast,
    AtMost,
    /// Close to but below the figure ("gần 80%"), unlike `approximate` ("khoảng 80%").
    Nearly,
}

impl Qualifier {
    /// Every qualifier.
    pub const ALL: [Qualifier; 5] = [
        Qualifier::Exact,
        Qualifier::Approximate,
        Qualifier::AtLeast,
        Qualifier::AtMost,
        Qualifier::Nearly,
    ];

    /// The word `qualifier:` takes in metrics.yaml, and downloads and schema.json print.
    pub fn code(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approximate => "approximate",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::Nearly => "nearly",
        }
    }
}

/// Where a figure comes from: said by the source, or computed by the site from what it said.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Stated by the source.
    #[default]
    Stated,
    /// Computed from other figures of the source (`derived: true`); the note says how.
    Computed,
    /// A total added up from parts the source lists (`derived: sum`).
    Sum,
    /// A base value worked back from a change the source states (`derived: back_computed`):
    /// it cannot check that change.
    BackComputed,
}

impl Provenance {
    /// Every provenance.
    pub const ALL: [Provenance; 4] = [
        Provenance::Stated,
        Provenance::Computed,
        Provenance::Sum,
        Provenance::BackComputed,
    ];

    pub fn is_derived(self) -> bool {
        self != Provenance::Stated
    }

    /// The word used in CSV/JSON downloads and CSS classes.
    pub fn code(self) -> &'static str {
        match self {
            Provenance::Stated => "stated",
            Provenance::Computed => "computed",
            Provenance::Sum => "sum",
            Provenance::BackComputed => "back_computed",
        }
    }
}

/// A derived figure stated by the article, to be checked against the computed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// "tăng gấp 22,3 lần so với năm 2015"
    Multiple,
    /// "tăng 4% so với năm trước"
    ChangePercent,
    /// "tăng 4,556 điểm so với 2018"
    Change,
}

/// A page language; decides separators and words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// (thousands, decimal) separators.
    pub fn separators(self) -> (char, char) {
        match self {
            Lang::Vi => ('.', ','),
            Lang::En => (',', '.'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes are the YAML words: what a download prints is what a writer types.
    #[test]
    fn codes_are_the_yaml_words() {
        fn word<T: Serialize>(v: T) -> String {
            serde_json::to_value(v)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        }
        for k in Kind::ALL {
            assert_eq!(word(k), k.code());
            assert_eq!(k.i18n_key(), format!("kind_{}", k.code()));
        }
        for s in Status::ALL {
            assert_eq!(word(s), s.code());
        }
        for q in Qualifier::ALL {
            assert_eq!(word(q), q.code());
        }
        for p in Provenance::ALL {
            assert_eq!(word(p), p.code());
        }
    }
}
