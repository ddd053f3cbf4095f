//! Who writes which output folder, through the real binary: the preview writes a folder of
//! its own (never the `output/` that `build` publishes), a folder in use by a running preview
//! or build is refused to a second writer and left as it was, and a build removes what
//! interrupted builds and previews left, but nothing of the user's.

#![cfg(unix)]

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process};

use crate::common::*;
use crate::serve_http::start_with;

/// A build without the PDF edition, as `assert_same_as_full_build` and the preview make.
fn build(root: &Path, output: &Path) -> Output {
    Command::new(BIN)
        .args(["build", "--no-pdf", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .stdin(Stdio::null())
        .output()
        .expect("run ictreport")
}

#[test]
fn the_preview_writes_its_own_folder_and_leaves_output_untouched() {
    let s = start_with(&["--port", "0"]);
    let preview = s.root.join(ictreport::output::PREVIEW_DIR);
    // Built before the address is printed.
    assert!(preview.join("index.html").is_file());
    assert!(preview.join(".ictreport-output").is_file());
    assert!(!s.root.join("output").exists(), "the preview wrote output/");
    // Said on start, before the first build's report.
    let said = s
        .stderr
        .recv_timeout(Duration::from_secs(10))
        .expect("serve said where the preview goes");
    assert!(
        said.contains("Preview files go to") && said.contains(".ictreport/preview"),
        "{said}"
    );
    // A build publishes beside the running preview, into the default output/.
    let built = build(&s.root, &s.root.join("output"));
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert_same_as_full_build(&s.root, &s.root.join("output"), &s._tmp.path().join("full"));
}

#[test]
fn a_build_into_the_folder_a_running_preview_holds_is_refused_and_changes_nothing() {
    let s = start_with(&["--port", "0"]);
    let preview = s.root.join(ictreport::output::PREVIEW_DIR);
    let before = tree(&preview);
    let refused = build(&s.root, &preview);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    let holder = format!("is in use by `ictreport serve` (pid {})", s.child.id());
    assert!(err.contains(&holder), "{err}");
    assert!(err.contains("--output"), "{err}");
    assert_eq!(
        tree(&preview),
        before,
        "the refused build changed the preview"
    );
    let parent = preview.parent().unwrap();
    let beside: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "preview" && n != ".preview.ictreport-lock")
        .collect();
    assert!(beside.is_empty(), "the refused build left {beside:?}");
}

#[test]
fn of_two_builds_at_once_into_one_folder_one_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good"), &root);
    let output = tmp.path().join("out/output");
    let lock = tmp.path().join("out/.output.ictreport-lock");
    // The first build is stopped (SIGSTOP) while it holds the folder; a build finishing before
    // it could be stopped is started again. The stop makes "at once" certain.
    for _ in 0..50 {
        let mut first = Command::new(BIN)
            .args(["build", "--no-pdf", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&output)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let pid = Pid::from_child(&first);
        // The holder writes its record once it holds the lock.
        let record = format!("{} build", first.id());
        let holds = || fs::read_to_string(&lock).is_ok_and(|t| t.contains(&record));
        let started = Instant::now();
        while !holds() && first.try_wait().unwrap().is_none() {
            assert!(started.elapsed() < Duration::from_secs(60), "no lock taken");
            std::thread::yield_now();
        }
        kill_process(pid, Signal::STOP).unwrap();
        if first.try_wait().unwrap().is_some() || !holds() {
            let _ = kill_process(pid, Signal::CONT);
            let _ = first.wait();
            continue;
        }
        let second = build(&root, &output);
        kill_process(pid, Signal::CONT).unwrap();
        let first = first.wait_with_output().unwrap();
        let outcomes = [&first, &second].map(|o| {
            (
                o.status.success(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        });
        // The first ran; the second, started while the first held the folder, was refused.
        assert!(outcomes[0].0 && !outcomes[1].0, "{outcomes:#?}");
        let holder = format!(
            "is in use by `ictreport build` (pid {})",
            pid.as_raw_nonzero()
        );
        assert!(outcomes[1].1.contains(&holder), "{}", outcomes[1].1);
        // The folder holds the one build that ran, whole, and nothing is left beside it.
        assert_same_as_full_build(&root, &output, &tmp.path().join("full"));
        let beside: Vec<_> = fs::read_dir(tmp.path().join("out")).unwrap().collect();
        assert_eq!(beside.len(), 1, "{beside:?}");
        return;
    }
    panic!("every build finished before it could be stopped");
}

/// Writes a stamp marking `dir` as ictreport's: a finished site listing `files`, or a
/// staging folder of process `pid`.
fn stamp(dir: &Path, pid: Option<u32>, files: &[&str]) {
    let mut text = String::from("# ictreport output folder\n");
    if let Some(pid) = pid {
        text.push_str(&format!("# staging, process {pid}\n"));
    }
    for f in files {
        text.push_str(f);
        text.push('\n');
    }
    fs::write(dir.join(".ictreport-output"), text).unwrap();
}

#[test]
fn a_build_removes_what_interrupted_builds_and_previews_left_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good"), &root);
    let out = tmp.path().join("out");
    let output = out.join("output");
    assert!(build(&root, &output).status.success());
    let at = |name: &str| out.join(name);
    // Killed while writing, its process id since taken by a live process (this one).
    fs::create_dir_all(at(".output.staging-a1/tinh")).unwrap();
    fs::write(at(".output.staging-a1/tinh/half.html"), "<p>hal").unwrap();
    stamp(&at(".output.staging-a1"), Some(std::process::id()), &[]);
    // Killed while removing the site it had swapped out.
    fs::create_dir_all(at(".output.staging-b2")).unwrap();
    fs::write(at(".output.staging-b2/index.html"), "old").unwrap();
    stamp(&at(".output.staging-b2"), None, &["index.html"]);
    // Killed between creating its staging folder and stamping it.
    fs::create_dir_all(at(".output.staging-c3")).unwrap();
    // Killed after removing the files and the stamp of the site it swapped out.
    fs::create_dir_all(at(".output.staging-d4/en/tinh")).unwrap();
    // Killed while holding the lock (kill -9): the file stays, the OS lock does not.
    fs::write(
        at(".output.ictreport-lock"),
        "# ictreport lock\n4000000 build\n",
    )
    .unwrap();
    // A preview killed while writing a page.
    fs::write(output.join(".index.html.ictreport-tmp"), "<!doc").unwrap();
    // The user's: names like ours, no stamp, files inside.
    for mine in [".output.staging-notes", ".output.old-drafts"] {
        fs::create_dir_all(at(mine)).unwrap();
        fs::write(at(mine).join("keep.txt"), "mine").unwrap();
    }
    let rebuilt = build(&root, &output);
    assert!(
        rebuilt.status.success(),
        "{}",
        String::from_utf8_lossy(&rebuilt.stderr)
    );
    let mut left: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [".output.old-drafts", ".output.staging-notes", "output"]
    );
    for mine in [".output.staging-notes", ".output.old-drafts"] {
        assert_eq!(
            fs::read_to_string(at(mine).join("keep.txt")).unwrap(),
            "mine"
        );
    }
    assert_same_as_full_build(&root, &output, &tmp.path().join("full"));
}
