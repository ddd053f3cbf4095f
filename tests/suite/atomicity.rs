//! Determinism and atomicity of `build`, through the real binary.
//!
//! Two builds of the bundled site are byte-identical, whatever the number of worker threads
//! and whether the output folder is fresh or holds a previous build. A build killed with
//! SIGKILL while it writes leaves the previous output complete, and the next build succeeds
//! and clears what the killed one left.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{BIN, repo, tree};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn build_command(root: &Path, output: &Path, threads: Option<usize>) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(output)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    match threads {
        Some(n) => cmd.env("RAYON_NUM_THREADS", n.to_string()),
        None => cmd.env_remove("RAYON_NUM_THREADS"),
    };
    cmd
}

fn build(root: &Path, output: &Path, threads: Option<usize>) {
    let out = build_command(root, output, threads)
        .output()
        .expect("run ictreport");
    assert!(
        out.status.success(),
        "build of {} into {} failed:\n{}",
        root.display(),
        output.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The paths whose presence or bytes differ between two trees.
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out: Vec<String> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(b.keys().filter(|k| !a.contains_key(*k)).cloned());
    out
}

/// Names in `dir` other than `keep`: what a build left beside its output.
fn leftovers(dir: &Path, keep: &str) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != keep)
        .collect()
}

#[test]
fn builds_of_the_bundled_site_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name).join("output");
    build(&repo(), &out("a"), None);
    let first = tree(&out("a"));
    assert!(
        first.len() > 20,
        "the bundled site built only {} files",
        first.len()
    );
    for (name, threads) in [
        ("one-thread", Some(1)),
        ("two-threads", Some(2)),
        ("again", None),
    ] {
        build(&repo(), &out(name), threads);
        let diff = differences(&first, &tree(&out(name)));
        assert!(diff.is_empty(), "{name}: these files differ: {diff:?}");
    }
    // Over its own previous output (unchanged files are then linked, not written).
    build(&repo(), &out("a"), Some(2));
    let diff = differences(&first, &tree(&out("a")));
    assert!(
        diff.is_empty(),
        "rebuild in place: these files differ: {diff:?}"
    );
    assert!(leftovers(&tmp.path().join("a"), "output").is_empty());
}

/// A copy of good-min with `n` more provinces, so that a build writes for a while.
fn large_site(root: &Path, n: usize, title: &str) {
    let base = repo().join("tests/fixtures/good-min");
    for e in walkdir::WalkDir::new(&base) {
        let e = e.unwrap();
        let dest = root.join(e.path().strip_prefix(&base).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    let site: String = site
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                format!("title: {title}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    // Without the PDF edition: typesetting thousands of provinces (in a debug build) would
    // take the test far longer, and staging and the swap are the same with or without it.
    fs::write(root.join("site.yaml"), site + "pdf: false\n").unwrap();
    let alpha = base.join("content/provinces/alpha");
    let index = fs::read_to_string(alpha.join("index.md")).unwrap();
    let metrics = fs::read_to_string(alpha.join("metrics.yaml")).unwrap();
    for i in 0..n {
        let dir = root.join(format!("content/provinces/tinh-{i:04}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("index.md"),
            index.replace("name: Alpha", &format!("name: Tỉnh {i:04}")),
        )
        .unwrap();
        fs::write(dir.join("metrics.yaml"), &metrics).unwrap();
    }
}

/// The staging folder a build of `output` is writing (its name is unique per build).
fn staging_of(output: &Path) -> Option<PathBuf> {
    let name = output.file_name()?.to_string_lossy().into_owned();
    fs::read_dir(output.parent()?)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!(".{name}.staging-"))
        })
        .map(|e| e.path())
}

/// Starts a build and kills it (SIGKILL) once its staging folder holds some files. Returns
/// whether the kill came before the build finished.
fn kill_midway(root: &Path, output: &Path) -> bool {
    let mut child = build_command(root, output, None)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let written = staging_of(output).map_or(0, |staging| {
            walkdir::WalkDir::new(staging)
                .into_iter()
                .filter_map(Result::ok)
                .count()
        });
        if written > 50 {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the build never started writing"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn a_killed_build_leaves_the_previous_output_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("out/output");
    // A build that finishes before the kill proves nothing; a larger site gives it more to do.
    let mut killed = false;
    for n in [300, 1200, 4800] {
        let (old_site, new_site) = (
            tmp.path().join(format!("old-{n}")),
            tmp.path().join(format!("new-{n}")),
        );
        large_site(&old_site, n, "Báo cáo cũ");
        large_site(&new_site, n, "Báo cáo mới");
        let _ = fs::remove_dir_all(tmp.path().join("out"));
        build(&old_site, &output, None);
        let previous = tree(&output);

        killed = kill_midway(&new_site, &output);
        if !killed {
            continue;
        }
        let diff = differences(&previous, &tree(&output));
        assert!(
            diff.is_empty(),
            "a killed build changed the output: {diff:?}"
        );
        assert!(
            staging_of(&output).is_some(),
            "the killed build should have left its staging folder"
        );

        // The next build clears the stale staging folder and puts the new site in place.
        build(&new_site, &output, None);
        assert_eq!(
            leftovers(&tmp.path().join("out"), "output"),
            Vec::<String>::new()
        );
        let fresh = tmp.path().join("fresh/output");
        build(&new_site, &fresh, None);
        let diff = differences(&tree(&fresh), &tree(&output));
        assert!(
            diff.is_empty(),
            "the build after the kill differs from a fresh one: {diff:?}"
        );
        assert!(!differences(&previous, &tree(&output)).is_empty());
        break;
    }
    assert!(killed, "every build finished before it could be killed");
}
