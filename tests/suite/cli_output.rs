//! What the command prints: `-q` only errors, `-v` each phase's time, and no progress bar
//! when stderr is not a terminal.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;

/// A copy of the good fixture with a draft province, which `build` warns about.
fn site_with_a_warning() -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = site_copy("good");
    ictreport::scaffold::new_province(&root, "Gia Lai", "Tây Nguyên").unwrap();
    (tmp, root)
}

fn build(root: &Path, flags: &[&str]) -> (Output, String, String) {
    let out = cli()
        .args(flags)
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(root.with_file_name("out"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

#[test]
fn a_build_reports_its_warnings_and_a_summary_without_a_progress_bar() {
    let (_tmp, root) = site_with_a_warning();
    let (out, stdout, stderr) = build(&root, &[]);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.starts_with("Built "), "{stdout}");
    assert!(stderr.starts_with("warning: "), "{stderr}");
    // Not a terminal: no bar, no carriage returns, no timings.
    assert!(
        !stderr.contains('\r') && !stderr.contains("timing:"),
        "{stderr}"
    );
}

#[test]
fn quiet_prints_only_errors() {
    let (_tmp, root) = site_with_a_warning();
    let (out, stdout, stderr) = build(&root, &["-q"]);
    assert!(out.status.success(), "{stderr}");
    assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""));
    // An error still shows, with the count; the draft's warning does not.
    let metrics = root.join("content/provinces/alpha/metrics.yaml");
    let text = std::fs::read_to_string(&metrics).unwrap();
    std::fs::write(&metrics, text.replacen("value: 98.3", "value: 130", 1)).unwrap();
    let (out, stdout, stderr) = build(&root, &["--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout, "");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
}

#[test]
fn verbose_prints_each_phase_with_its_time() {
    let (_tmp, root) = site_with_a_warning();
    let (out, stdout, stderr) = build(&root, &["-v"]);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.starts_with("Built "), "{stdout}");
    for phase in [
        "load shared files",
        "load and validate provinces",
        "pages",
        "downloads",
        "swap into place",
    ] {
        assert!(
            stderr.contains(&format!("timing: {phase}: ")),
            "{phase} missing:\n{stderr}"
        );
    }
}

#[test]
fn quiet_and_verbose_together_are_a_usage_error() {
    let (_tmp, root) = site_with_a_warning();
    let (out, _, stderr) = build(&root, &["-q", "-v"]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
}
