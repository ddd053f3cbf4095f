//! The hostile-input corpus: every folder in `tests/fixtures/bad/` is a broken site and the
//! errors it must produce.
//!
//! A case is `tests/fixtures/good-min/` with the case's `site/` files laid over it, then the
//! steps in its `setup.txt` (for what cannot live in git: a 50 MB file, a symlink loop,
//! invalid UTF-8, a BOM, CRLF line endings, NFD file names). `expected.txt` lists the errors,
//! one per line, as `file:line:column: message substring` (or `file: message substring` where
//! the input has no position); `#` starts a comment. Lines in `setup.txt`:
//!
//! ```text
//! remove PATH             delete a file or folder of the base site
//! bom PATH                put a UTF-8 byte order mark in front of the file
//! crlf PATH               turn the file's line endings into CRLF
//! invalid-utf8 PATH       replace each `<FF>` in the file with the byte 0xFF
//! nfd-text PATH           rewrite the file's text in Unicode NFD
//! rename-nfd PATH NAME    rename PATH to NAME (in the same folder), written in NFD
//! symlink LINK TARGET     create a symbolic link LINK pointing at TARGET
//! grow PATH MB            make the file MB mebibytes long by repeating its text
//! args ARG...             extra arguments for `build`
//! build-only              the problem is in the arguments: `check` has nothing to find
//! known-bug TEXT          a bug in code outside this suite's care: the case must still
//!                         fail as described (it is printed, not counted); once it passes,
//!                         the test fails until this line is removed
//! ```
//!
//! For each case the real binary runs `build` into an output folder that holds a previous
//! good build, and `check`. Both must exit with 1, print exactly the expected errors (and no
//! panic), stay within a time and memory budget, and `build` must leave the previous output
//! byte-identical with no staging folder behind. What `check` prints (every diagnostic with
//! its source excerpt and caret) must equal the case's `check.snap` (`build.snap` for
//! build-only cases), and hold no raw control character; `UPDATE_SNAPSHOTS=1` rewrites them.
//! `HOSTILE_CASE=name` runs one case.

#![cfg(unix)]

use crate::common::BIN;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// CPU time (user + system, all threads) one run may take, in a debug build, which is
/// several times slower than a release build. CPU time, unlike wall time, stays put when
/// other work shares the machine.
const CPU_LIMIT: Duration = Duration::from_millis(1500);
/// A run that hangs is killed after this long, so the test fails instead of hanging.
const HANG_LIMIT: Duration = Duration::from_secs(60);
/// Address space for one run, in KiB (`ulimit -v`): generous for a small site, far below
/// what an alias bomb, a 50 MB parse or a runaway recursion would take.
const MEMORY_LIMIT_KIB: u64 = 1024 * 1024;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

struct Case {
    name: String,
    dir: PathBuf,
    setup: Vec<Vec<String>>,
    expected: Vec<(String, String)>,
}

impl Case {
    fn load(dir: PathBuf) -> Case {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let lines = |file: &str| -> Vec<String> {
            match fs::read_to_string(dir.join(file)) {
                Ok(text) => text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_string)
                    .collect(),
                Err(_) => Vec::new(),
            }
        };
        let setup = lines("setup.txt")
            .iter()
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .collect();
        let expected = lines("expected.txt")
            .iter()
            .map(|l| match l.split_once(": ") {
                Some((loc, msg)) => (loc.to_string(), msg.to_string()),
                None => panic!("{name}/expected.txt: `{l}` is not `location: message`"),
            })
            .collect();
        Case {
            name,
            dir,
            setup,
            expected,
        }
    }

    fn has(&self, step: &str) -> bool {
        self.setup.iter().any(|s| s[0] == step)
    }

    fn build_args(&self) -> Vec<String> {
        self.setup
            .iter()
            .filter(|s| s[0] == "args")
            .flat_map(|s| s[1..].to_vec())
            .collect()
    }

    /// Writes the case's site into `root`.
    fn materialize(&self, root: &Path) {
        copy_tree(&fixtures().join("good-min"), root);
        if self.dir.join("site").is_dir() {
            copy_tree(&self.dir.join("site"), root);
        }
        for step in &self.setup {
            apply(step, root)
                .unwrap_or_else(|e| panic!("{}: setup `{}`: {e}", self.name, step.join(" ")));
        }
    }
}

fn apply(step: &[String], root: &Path) -> std::io::Result<()> {
    let path = |i: usize| root.join(&step[i]);
    let edit = |f: &dyn Fn(Vec<u8>) -> Vec<u8>| fs::write(path(1), f(fs::read(path(1))?));
    match step[0].as_str() {
        "remove" if path(1).is_dir() => fs::remove_dir_all(path(1)),
        "remove" => fs::remove_file(path(1)),
        "bom" => edit(&|b| [b"\xEF\xBB\xBF".as_slice(), &b].concat()),
        "crlf" => edit(&|b| {
            String::from_utf8(b)
                .unwrap()
                .replace('\n', "\r\n")
                .into_bytes()
        }),
        "invalid-utf8" => edit(&|b| {
            let text = String::from_utf8(b).unwrap();
            text.split("<FF>")
                .map(str::as_bytes)
                .collect::<Vec<_>>()
                .join(&0xFF)
        }),
        "nfd-text" => edit(&|b| {
            String::from_utf8(b)
                .unwrap()
                .nfd()
                .collect::<String>()
                .into_bytes()
        }),
        "rename-nfd" => {
            let to = path(1).with_file_name(step[2].nfd().collect::<String>());
            fs::rename(path(1), to)
        }
        "symlink" => std::os::unix::fs::symlink(&step[2], path(1)),
        "grow" => {
            let size: u64 = step[2].parse::<u64>().unwrap() * 1024 * 1024;
            let chunk = fs::read(path(1))?;
            let mut out = Vec::with_capacity(size as usize + chunk.len());
            while (out.len() as u64) < size {
                out.extend_from_slice(&chunk);
            }
            out.truncate(size as usize);
            fs::write(path(1), out)
        }
        "args" | "build-only" | "known-bug" => Ok(()),
        other => panic!("unknown setup step `{other}`"),
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A digest of every path, file type, link target and file content under `dir`.
fn tree_hash(dir: &Path) -> String {
    let mut hasher = Sha256::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(dir).unwrap();
        hasher.update(rel.as_os_str().as_encoded_bytes());
        let ft = e.file_type();
        if ft.is_symlink() {
            hasher.update(b"\0link\0");
            hasher.update(
                fs::read_link(e.path())
                    .unwrap()
                    .as_os_str()
                    .as_encoded_bytes(),
            );
        } else if ft.is_dir() {
            hasher.update(b"\0dir\0");
        } else {
            hasher.update(b"\0file\0");
            hasher.update(fs::read(e.path()).unwrap());
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

struct Run {
    code: Option<i32>,
    stderr: String,
    cpu: Duration,
}

impl Run {
    /// The `error:` lines, without the prefix, in Unicode NFC.
    fn errors(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter_map(|l| l.strip_prefix("error: "))
            .map(|l| l.nfc().collect())
            .collect()
    }
}

/// Runs the binary under a memory limit, killing it if it hangs. The shell reports the CPU
/// time its child used (`times`) on the last line of stderr.
fn run(args: &[&str]) -> Run {
    let start = Instant::now();
    let script = format!(
        "ulimit -v {MEMORY_LIMIT_KIB} || exit 99; \"$0\" \"$@\"; code=$?; times >&2; exit $code"
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .args(args)
        // A fixed pool, so that the memory limit means the same on any machine.
        .env("RAYON_NUM_THREADS", "2")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ictreport");
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > HANG_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = reader.join().unwrap();
    // The last two lines are the shell's own times, then its child's.
    let mut lines: Vec<&str> = stderr.trim_end().lines().collect();
    let children = lines.pop().unwrap_or_default();
    lines.pop();
    Run {
        code: status.and_then(|s| s.code()),
        stderr: lines.join("\n"),
        cpu: children.split_whitespace().map(shell_time).sum(),
    }
}

/// `0m0.050000s` → 50 ms.
fn shell_time(t: &str) -> Duration {
    let (min, sec) = t
        .trim_end_matches('s')
        .split_once('m')
        .unwrap_or(("0", "0"));
    let secs = min.parse::<f64>().unwrap_or(0.0) * 60.0 + sec.parse::<f64>().unwrap_or(0.0);
    Duration::from_secs_f64(secs)
}

/// Checks one run against the case; returns what is wrong.
fn judge(case: &Case, what: &str, run: &Run) -> Vec<String> {
    let mut problems = Vec::new();
    let mut say = |p: String| problems.push(format!("{}: {what}: {p}", case.name));
    if run.code != Some(1) {
        say(format!("exit code {:?}, expected 1", run.code));
    }
    if run.stderr.contains("panicked") {
        say("panicked".into());
    }
    if run.cpu > CPU_LIMIT {
        say(format!(
            "took {:?} of CPU time (limit {CPU_LIMIT:?})",
            run.cpu
        ));
    }
    let mut unmatched = run.errors();
    for (loc, msg) in &case.expected {
        let prefix = format!("{loc}: ");
        let found = unmatched
            .iter()
            .position(|e| e.starts_with(&prefix) && e[prefix.len()..].contains(msg.as_str()));
        match found {
            Some(i) => {
                unmatched.remove(i);
            }
            None => say(format!("missing `{loc}: …{msg}…`")),
        }
    }
    for e in unmatched {
        say(format!("unexpected `error: {e}`"));
    }
    problems
}

fn cases() -> Vec<Case> {
    let only = std::env::var("HOSTILE_CASE").ok();
    let mut dirs: Vec<PathBuf> = fs::read_dir(fixtures().join("bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(Case::load)
        .filter(|c| only.as_deref().is_none_or(|o| o == c.name))
        .collect()
}

/// A good build of good-min: the "previous output" every failed build must leave alone.
fn previous_build(tmp: &Path) -> PathBuf {
    let out = tmp.join("previous");
    let root = fixtures().join("good-min");
    let (root, out_s) = (root.to_str().unwrap(), out.to_str().unwrap());
    let run = run(&["build", "--root", root, "--output", out_s]);
    assert_eq!(run.code, Some(0), "good-min must build:\n{}", run.stderr);
    out
}

#[test]
fn every_hostile_site_fails_with_located_errors_and_leaves_output_alone() {
    let cases = cases();
    if std::env::var("HOSTILE_CASE").is_err() {
        assert!(cases.len() >= 40, "only {} cases", cases.len());
    }
    let tmp = tempfile::tempdir().unwrap();
    let previous = previous_build(tmp.path());
    let previous_hash = tree_hash(&previous);
    let mut problems = Vec::new();
    let mut cpu = BTreeMap::new();
    for case in &cases {
        let (found, most) = run_case(case, &previous, &previous_hash);
        cpu.insert(case.name.clone(), most);
        let known_bug = case.setup.iter().find(|s| s[0] == "known-bug");
        match known_bug.map(|s| s[1..].join(" ")) {
            Some(bug) if found.is_empty() => problems.push(format!(
                "{}: the known bug is fixed ({bug}): remove `known-bug` from its setup.txt",
                case.name
            )),
            Some(bug) => eprintln!(
                "known bug, not counted: {}: {bug}\n  {}",
                case.name,
                found.join("\n  ")
            ),
            None => problems.extend(found),
        }
    }
    let (name, most) = cpu.iter().max_by_key(|(_, t)| **t).unwrap();
    eprintln!(
        "{} hostile cases; most CPU time: {name} ({most:?})",
        cases.len()
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Compares what a command printed (with the temporary paths replaced) with the case's
/// snapshot file: every diagnostic with its excerpt and caret, exactly as a user sees it.
/// `UPDATE_SNAPSHOTS=1` writes the snapshots instead.
fn snapshot(case: &Case, file: &str, printed: &str, paths: &[(&str, &str)]) -> Option<String> {
    // Whatever the input holds, a terminal gets no control character but the line ends.
    if let Some(c) = printed.chars().find(|c| c.is_control() && *c != '\n') {
        return Some(format!(
            "{}: {file}: printed U+{:04X} raw:\n{printed}",
            case.name,
            u32::from(c)
        ));
    }
    let mut shown = printed.to_string();
    for (path, name) in paths {
        shown = shown.replace(path, name);
    }
    let shown = format!("{}\n", shown.trim_end());
    let path = case.dir.join(file);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::write(&path, &shown).unwrap();
        return None;
    }
    match fs::read_to_string(&path) {
        Ok(expected) if expected == shown => None,
        Ok(expected) => Some(format!(
            "{}: {file} differs (UPDATE_SNAPSHOTS=1 rewrites it):\n--- expected\n{expected}--- printed\n{shown}",
            case.name
        )),
        Err(_) => Some(format!(
            "{}: no {file} (UPDATE_SNAPSHOTS=1 writes it):\n{shown}",
            case.name
        )),
    }
}

/// Runs `build` and `check` on one case; returns what is wrong and the larger CPU time.
fn run_case(case: &Case, previous: &Path, previous_hash: &str) -> (Vec<String>, Duration) {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("site");
    let output = work.path().join("out/output");
    case.materialize(&root);
    copy_tree(previous, &output);
    let (root_s, output_s) = (root.to_str().unwrap(), output.to_str().unwrap());

    let extra = case.build_args();
    let mut args = vec!["build", "--root", root_s, "--output", output_s];
    args.extend(extra.iter().map(String::as_str));
    let build = run(&args);
    let mut problems = judge(case, "build", &build);
    if tree_hash(&output) != previous_hash {
        problems.push(format!("{}: build changed the previous output", case.name));
    }
    let leftovers: Vec<_> = fs::read_dir(work.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "output")
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!(
            "{}: build left {leftovers:?} beside the output",
            case.name
        ));
    }
    if case.has("build-only") {
        problems.extend(snapshot(
            case,
            "build.snap",
            &build.stderr,
            &[(root_s, "<site>"), (output_s, "<output>")],
        ));
        return (problems, build.cpu);
    }
    let check = run(&["check", "--root", root_s]);
    problems.extend(judge(case, "check", &check));
    problems.extend(snapshot(
        case,
        "check.snap",
        &check.stderr,
        &[(root_s, "<site>")],
    ));
    if check.errors() != build.errors() {
        problems.push(format!(
            "{}: check and build report different errors:\n  check: {:?}\n  build: {:?}",
            case.name,
            check.errors(),
            build.errors()
        ));
    }
    (problems, build.cpu.max(check.cpu))
}
