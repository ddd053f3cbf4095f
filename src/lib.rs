//! ictreport: a static report-site generator for provincial ICT reports.
//!
//! The pipeline runs one way: `content` reads the site folder, `validate` checks it and builds
//! the `model::Site`, `render` turns it into pages and charts, `output` writes them atomically.
//! `build` and `check` below are the entry points the CLI calls.

pub mod content;
pub mod diagnostic;
pub mod format;
pub mod model;
pub mod slug;
pub mod validate;
pub mod yaml;
