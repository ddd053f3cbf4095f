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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
    /// No direction (department staff, policy documents, monitored accounts): comparisons
    /// list provinces by name, never "best first".
    None,
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
