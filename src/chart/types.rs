//! The extension point of charts: a [`ChartType`] is one unit (its block name, the data it
//! needs, what it depends on, its drawing and its CSS class), implemented once in the
//! type's own file and listed once in [`super::CHART_TYPES`].
//!
//! `check` asks a type whether a subject has the data it needs ([`ChartType::has_data`],
//! a pure selection the drawing starts from too), so checking content never draws; the
//! preview's plan asks what a chart depends on ([`ChartType::depends`]); pages ask it to
//! [`ChartType::draw`].

use super::{Chart, ChartKind, Context};
use crate::model::{IndicatorRef, Province, Site};

/// What a chart is drawn of: an indicator, on a province's page or not, with an optional
/// title (a chart block's `title:`).
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub province: Option<&'a Province>,
    pub indicator: IndicatorRef,
    pub title: Option<&'a str>,
}

impl<'a> Subject<'a> {
    /// `indicator` on the page of `province`.
    pub fn of_province(province: &'a Province, indicator: IndicatorRef) -> Self {
        Subject {
            province: Some(province),
            indicator,
            title: None,
        }
    }

    /// `indicator` across the site (an indicator page, the home page).
    pub fn of_indicator(indicator: IndicatorRef) -> Self {
        Subject {
            province: None,
            indicator,
            title: None,
        }
    }

    /// The same subject under the title `title` (the indicator's name when `None`).
    pub fn titled(self, title: Option<&'a str>) -> Self {
        Subject { title, ..self }
    }
}

/// Which edits a chart must be redrawn after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depends {
    /// The figures of its own province only.
    OwnProvince,
    /// The figures of every province (a comparison, a map): an edit of any province
    /// touches every page that draws it.
    EveryProvince,
}

/// One kind of chart. Implemented once per type, in the type's file.
pub trait ChartType: Sync {
    /// What it shows; also its CSS class (`chart-line`, …).
    fn kind(&self) -> ChartKind;

    /// The name a ```` ```chart ```` block gives after `type:`, if blocks may ask for it.
    fn block_name(&self) -> Option<&'static str> {
        None
    }

    /// Whether `subject` has the data this chart needs: the same selection
    /// [`ChartType::draw`] starts from, without drawing anything.
    fn has_data(&self, site: &Site, subject: &Subject) -> bool;

    /// Whose figures it draws.
    fn depends(&self) -> Depends;

    /// The chart, `None` exactly when [`ChartType::has_data`] is false.
    fn draw(&self, cx: Context, subject: &Subject, id: &str) -> Option<Chart>;
}
