//! Adapter between pages and the `chart` module: picks the chart, wraps it in a figure.

use super::urls::Urls;
use crate::model::{IndicatorRef, Province, Series, Site};

pub fn line(_site: &Site, _urls: &Urls, _p: &Province, _r: IndicatorRef, _title: Option<&str>, _id: &str) -> Option<String> { None }
pub fn comparison(_site: &Site, _urls: &Urls, _r: IndicatorRef, _id: &str) -> Option<String> { None }
pub fn multi_line(_site: &Site, _urls: &Urls, _r: IndicatorRef, _id: &str) -> Option<String> { None }
pub fn parts(_site: &Site, _urls: &Urls, _p: &Province, _r: IndicatorRef, _id: &str) -> Option<String> { None }
pub fn progress(_site: &Site, _urls: &Urls, _p: &Province, _r: IndicatorRef, _id: &str) -> Option<String> { None }
pub fn sparkline(_site: &Site, _s: &Series, _id: &str) -> Option<String> { None }
