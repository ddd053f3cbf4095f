//! Writes to the user's own files (`import`, `new`, `init`): all or nothing, never a cut
//! file, and a dry run that lists exactly what the real run writes.
//!
//! The kill test runs the real binary under `strace`, which kills it (SIGKILL) at its Nth
//! `write` (or rename) for N = 1, 2, … until a run completes; after every run each file of
//! the site is either as it was or as the complete import leaves it. The full-disk test
//! limits the file size (`ulimit -f`, so writes fail with EFBIG as on a full disk); strace
//! also makes one rename fail (EIO), after which the files renamed before are put back.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::*;

/// A copy of the good fixture, in Vietnamese and English, with a CSV beside it that changes
/// alpha and Đắk Lắk and creates Hà Giang (`note` makes Hà Giang's file `note_len` long).
fn site_and_sheet(note_len: usize) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, root) = site_copy("good");
    let config = root.join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}languages: [vi, en]\n")).unwrap();
    let file = tmp.path().join("so-lieu.csv");
    let note = "Ghi chú dài ".repeat(note_len / 12);
    std::fs::write(
        &file,
        format!(
            "province,indicator,year,value,source,note\n\
             alpha,ict_revenue,2019,72500,,\n\
             Đắk Lắk,ict_revenue,2018,530.9,,\n\
             Hà Giang,ict_revenue,2019,12.5,daklak-2019,{note}\n"
        ),
    )
    .unwrap();
    (tmp, root, file)
}

fn import_cmd(root: &Path, file: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("import")
        .arg(file)
        .arg("--root")
        .arg(root)
        .stdin(Stdio::null());
    cmd
}

fn run(mut cmd: Command) -> (Output, String, String) {
    let out = cmd.output().expect("run ictreport");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

/// The file names listed under the summary's last line (`  content/…`).
fn listed(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with("Dry run:") && !l.starts_with("Wrote "))
        .filter_map(|l| l.strip_prefix("  "))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_dry_run_lists_exactly_the_files_the_import_writes() {
    let (_tmp, root, file) = site_and_sheet(0);
    let before = tree(&root);
    let mut dry = import_cmd(&root, &file);
    dry.arg("--dry-run");
    let (out, dry_stdout, stderr) = run(dry);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(tree(&root), before, "the dry run wrote something");
    let (out, stdout, stderr) = run(import_cmd(&root, &file));
    assert!(out.status.success(), "{stderr}");
    let wrote: Vec<String> = tree(&root)
        .into_iter()
        .filter(|(k, v)| before.get(k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    let expected = [
        "content/provinces/alpha/metrics.yaml",
        "content/provinces/dak-lak/metrics.yaml",
        "content/provinces/ha-giang/index.md",
        "content/provinces/ha-giang/index.en.md",
        "content/provinces/ha-giang/metrics.yaml",
    ];
    assert_eq!(listed(&dry_stdout), expected, "{dry_stdout}");
    assert_eq!(listed(&stdout), expected, "{stdout}");
    let mut sorted = expected.to_vec();
    sorted.sort();
    assert_eq!(wrote, sorted);
    assert!(
        dry_stdout.contains("Dry run: 5 files would change; nothing was written.\n"),
        "{dry_stdout}"
    );
    assert!(stdout.contains("Wrote 5 files:\n"), "{stdout}");
    // The diff shows every file, the English page of the new province too, as written.
    let en = std::fs::read_to_string(root.join(expected[3])).unwrap();
    let added: String = en.lines().map(|l| format!("+{l}\n")).collect();
    assert!(
        dry_stdout.contains(&format!(
            "--- /dev/null\n+++ b/content/provinces/ha-giang/index.en.md\n@@ -0,0 +1,{} @@\n{added}",
            en.lines().count()
        )),
        "{dry_stdout}"
    );
}

/// Whether `strace` can run here (installed by scripts/install-test-deps.sh).
fn strace() -> Command {
    let ok = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "strace is missing: run scripts/install-test-deps.sh (or apt-get install strace)"
    );
    Command::new("strace")
}

/// Every file of `now` is as in `old` or as in `new`, and a new folder is there whole or
/// not at all; temporaries of the killed run (`.ictreport-*.tmp`, files or a folder) are the
/// only other files.
fn old_or_new(
    now: &BTreeMap<String, Vec<u8>>,
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    for (path, bytes) in now {
        let ours = |part: &str| part.starts_with(".ictreport-") && part.ends_with(".tmp");
        if path.split('/').any(ours) {
            continue;
        }
        assert!(
            old.get(path) == Some(bytes) || new.get(path) == Some(bytes),
            "{what}: {path} is neither the old nor the new file ({} bytes)",
            bytes.len()
        );
    }
    for path in old.keys() {
        assert!(
            now.contains_key(path) || !new.contains_key(path),
            "{what}: {path} is gone"
        );
    }
    // A new folder is there whole or not at all.
    let folder = |p: &String| p.rsplit_once('/').map(|(d, _)| d.to_string());
    let new_folders: std::collections::BTreeSet<String> = new
        .keys()
        .filter(|p| !old.contains_key(*p))
        .filter_map(folder)
        .collect();
    for dir in new_folders {
        let in_dir = |t: &BTreeMap<String, Vec<u8>>| {
            t.keys()
                .filter(|p| folder(p).as_deref() == Some(dir.as_str()))
                .count()
        };
        let (there, all) = (in_dir(now), in_dir(new));
        assert!(
            there == 0 || there == all,
            "{what}: {dir} has {there} of its {all} files"
        );
    }
}

/// Kills the import at the Nth call of `syscalls` for N = 1, 2, … until it completes;
/// returns how many runs were killed.
fn kill_at_every(
    syscalls: &str,
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
) -> usize {
    for n in 1..500 {
        let (tmp, root, file) = site_and_sheet(3000);
        let mut cmd = strace();
        cmd.args(["-f", "-qq", "-o", "/dev/null", "-e"])
            .arg(format!("trace={syscalls}"))
            .arg("-e")
            .arg(format!("inject={syscalls}:signal=SIGKILL:when={n}"))
            .arg(BIN)
            .arg("import")
            .arg(&file)
            .arg("--root")
            .arg(&root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let status = cmd.status().expect("run strace");
        let now = tree(&root);
        old_or_new(&now, old, new, &format!("killed at {syscalls} #{n}"));
        if status.success() {
            assert_eq!(&now, new, "completed at {syscalls} #{n}");
            return n - 1;
        }
        drop(tmp);
    }
    panic!("the import never completed");
}

#[test]
fn an_import_killed_at_any_write_leaves_each_file_old_or_new() {
    let (_tmp, root, file) = site_and_sheet(3000);
    let old = tree(&root);
    let (out, _, stderr) = run(import_cmd(&root, &file));
    assert!(out.status.success(), "{stderr}");
    let new = tree(&root);
    assert_eq!(
        new.keys().filter(|k| !old.contains_key(*k)).count(),
        3,
        "the import creates a province"
    );
    let writes = kill_at_every("write", &old, &new);
    assert!(writes >= 5, "killed at {writes} writes only");
    // Replacing a file renames it (renameat), and so does putting the new province's
    // folder in place; a new file beside others renames without replacing (renameat2 with
    // RENAME_NOREPLACE, or a link where the file system lacks it). Each kind counts alone.
    let renames: usize = ["rename", "renameat", "renameat2", "linkat"]
        .iter()
        .map(|syscall| kill_at_every(syscall, &old, &new))
        .sum();
    assert_eq!(
        renames, 3,
        "one kill before each rename: two files, one folder"
    );
    eprintln!("killed at each of {writes} writes and {renames} renames");
}

/// Runs the import with files limited to `blocks` × 512 bytes: writing past it fails with
/// EFBIG, as on a full disk (SIGXFSZ ignored, as a shell does for its background jobs).
fn import_on_a_small_disk(root: &Path, file: &Path, blocks: u32) -> (Output, String, String) {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks} && exec \"$0\" \"$@\""
        ))
        .arg(BIN)
        .arg("import")
        .arg(file)
        .arg("--root")
        .arg(root)
        .stdin(Stdio::null());
    run(cmd)
}

#[test]
fn a_full_disk_fails_the_import_with_a_clear_error_and_changes_no_file() {
    // Alpha's and Đắk Lắk's files fit; the new province's long note does not.
    let (_tmp, root, file) = site_and_sheet(40_000);
    let before = tree(&root);
    let (out, stdout, stderr) = import_on_a_small_disk(&root, &file, 40);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "error: content/provinces/ha-giang/metrics.yaml: cannot write: File too large"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("no file was changed"), "{stderr}");
    assert!(stderr.ends_with("nothing was written.\n"), "{stderr}");
    assert!(!stdout.contains("Wrote"), "{stdout}");
    // Nothing changed, nothing left behind: not the new folder, not a temporary.
    assert_eq!(tree(&root), before);
    assert!(!root.join("content/provinces/ha-giang").exists());
    // With room enough the same import goes through.
    let (out, stdout, stderr) = import_on_a_small_disk(&root, &file, 400);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("Wrote 5 files:"), "{stdout}");
}

#[test]
fn a_refused_write_for_one_province_leaves_the_other_provinces_unchanged() {
    // Đắk Lắk's metrics file is a link to a file elsewhere in the site: the import does not
    // write through it, and so writes alpha's file neither.
    let (_tmp, root, file) = site_and_sheet(0);
    let dak_lak = root.join("content/provinces/dak-lak/metrics.yaml");
    std::fs::rename(&dak_lak, root.join("dak-lak-metrics.yaml")).unwrap();
    std::os::unix::fs::symlink("../../../dak-lak-metrics.yaml", &dak_lak).unwrap();
    let before = tree(&root);
    let (out, stdout, stderr) = run(import_cmd(&root, &file));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("error: content/provinces/dak-lak/metrics.yaml: content/provinces/dak-lak/metrics.yaml is a symbolic link; ictreport does not write through links"),
        "{stderr}"
    );
    assert_eq!(tree(&root), before);
}

#[test]
fn new_province_and_init_write_complete_files_with_the_usual_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let files = ictreport::scaffold::init(&site).unwrap();
    assert_eq!(tree(&site).len(), files.len());
    let created = ictreport::scaffold::new_province(&site, "Đắk Lắk", "Tây Nguyên").unwrap();
    // The mode any program gets for a new file here (0666 less the umask), not a
    // temporary file's 0600.
    let plain = site.join("plain");
    std::fs::write(&plain, "x").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for f in files.iter().chain(&created.files) {
        assert_eq!(mode(&site.join(f)), mode(&plain), "{f:?}");
    }
    std::fs::remove_file(&plain).unwrap();
    // An import keeps the mode of the file it replaces.
    let metrics = site.join("content/provinces/vinh-phuc/metrics.yaml");
    std::fs::set_permissions(&metrics, std::fs::Permissions::from_mode(0o640)).unwrap();
    let sheet = tmp.path().join("a.csv");
    std::fs::write(
        &sheet,
        "province,indicator,year,value\nVĩnh Phúc,ict_revenue,2019,72121\n",
    )
    .unwrap();
    let (out, _, stderr) = run(import_cmd(&site, &sheet));
    assert!(out.status.success(), "{stderr}");
    assert!(std::fs::read_to_string(&metrics).unwrap().contains("72121"));
    assert_eq!(mode(&metrics), 0o640);
    // No temporary is left beside them.
    let names: Vec<String> = tree(&site).into_keys().collect();
    assert!(
        names.iter().all(|k| !k.contains(".ictreport-")),
        "{names:?}"
    );
}

#[test]
fn a_rename_that_fails_puts_back_the_files_renamed_before_it() {
    // The new province's folder (renamed after alpha's and Đắk Lắk's files, by `rename`
    // where the files take `renameat`) cannot be put in place: those two are put back.
    let (_tmp, root, file) = site_and_sheet(0);
    let before = tree(&root);
    let mut cmd = strace();
    cmd.args(["-f", "-qq", "-o", "/dev/null"])
        .args(["-e", "trace=rename", "-e", "inject=rename:error=EIO:when=1"])
        .arg(BIN)
        .arg("import")
        .arg(&file)
        .arg("--root")
        .arg(&root)
        .stdin(Stdio::null());
    let (out, stdout, stderr) = run(cmd);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "error: content/provinces/ha-giang: cannot put it in place: Input/output error"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: the files written before it were put back: no file was changed"),
        "{stderr}"
    );
    assert_eq!(tree(&root), before);
    assert!(!root.join("content/provinces/ha-giang").exists());
}
