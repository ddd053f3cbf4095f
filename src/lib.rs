//! ictreport: a static report-site generator for provincial ICT reports.
//!
//! The pipeline runs one way: `content` reads the site folder, `validate` checks it and builds
//! the `model::Site`, `render` turns it into pages and charts, `output` writes them atomically.
//! `build` and `check` below are the entry points the CLI calls.

pub mod cap;
pub mod chart;
pub mod content;
pub mod diagnostic;
pub mod format;
pub mod hygiene;
pub mod i18n;
pub mod linkcheck;
pub mod markdown;
pub mod model;
pub mod outcome;
pub mod output;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod sheet;
pub mod slug;
pub mod source_edit;
pub mod terminal;
pub mod validate;
pub mod values;
pub mod yaml;

pub use outcome::{Failure, Report};
pub use pipeline::{BuildOptions, build, build_with_progress, check};
pub use progress::timing;
