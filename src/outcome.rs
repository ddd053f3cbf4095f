//! What a build or a check ends with: a report of what was done, or every problem found.
//! Below the pipeline, so that commands built on it (import, export) can return it too.

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

/// The result of a successful build or check.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    /// Of `files`, how many were unchanged since the previous build (not rewritten).
    pub unchanged: usize,
    pub output: Option<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

/// A failed build: every error and warning, sorted.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}
