//! Watching the inputs, and waiting out an editor's save before reporting a broken build.
//!
//! Editors that save in place truncate the file, then write it in pieces; the watcher can
//! report the first piece before the last is written, and a rebuild then reads half a file.
//! So a rebuild that fails, or an edit that left an input empty, is not reported at once:
//! the edited files are watched until they have stayed the same for `SETTLE`, and the
//! rebuild is redone on what they then hold. A good rebuild is reported at once, so an
//! ordinary edit waits for nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};

use super::classify::{Change, classify};
use crate::diagnostic::Diagnostic;
use crate::model::inputs::SOURCE_DIRS;

/// How long the watcher waits for an editor's burst of writes to end.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// How long the edited files must stay unchanged before a failed rebuild is believed.
pub const SETTLE: Duration = Duration::from_millis(100);

/// How long, at most, a rebuild waits for files that keep changing.
const PATIENCE: Duration = Duration::from_secs(2);

/// Batches of file events, as the watcher sends them.
pub type Events = mpsc::Receiver<DebounceEventResult>;

/// The running watcher; dropping it stops the events.
pub type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Watches `content/`, `themes/` and the files at the top of `root` (absolute).
pub fn watch(root: &Path) -> Result<(Watcher, Events), Diagnostic> {
    let (events_tx, events_rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, None, events_tx).map_err(|e| cannot_watch(root, &e))?;
    let sources = SOURCE_DIRS.map(|d| (d, RecursiveMode::Recursive));
    for (path, mode) in sources
        .into_iter()
        .chain([("", RecursiveMode::NonRecursive)])
    {
        let dir = root.join(path);
        if dir.is_dir() {
            debouncer
                .watch(&dir, mode)
                .map_err(|e| cannot_watch(&dir, &e))?;
        }
    }
    Ok((debouncer, events_rx))
}

/// Why `dir` cannot be watched: edits would not be seen, so the preview does not start.
fn cannot_watch(dir: &Path, e: &notify_debouncer_full::notify::Error) -> Diagnostic {
    Diagnostic::error(dir, format!("cannot watch this folder for edits: {e}")).with_hint(
        "check that the folder is readable; on Linux, raise fs.inotify.max_user_watches if it is \
         reached",
    )
}

/// The inputs of the site under `root` that `events` changed. Reads (our own rebuild opens
/// every input) and metadata changes are not edits.
pub fn edited(root: &Path, events: Vec<DebouncedEvent>) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = events
        .into_iter()
        .filter(|e| {
            matches!(
                e.event.kind,
                EventKind::Create(_)
                    | EventKind::Remove(_)
                    | EventKind::Modify(
                        ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any
                    )
            )
        })
        .flat_map(|e| e.event.paths)
        .filter(|p| classify(root, p) != Change::Ignored)
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Runs `rebuild` on `paths` and returns its result once it can be believed: at once when
/// it succeeds; when it fails, or an edited file is empty, only after the edited files (and
/// any that `events` reports meanwhile) stayed unchanged for `SETTLE`, rebuilding again on
/// each change. Gives up waiting after `PATIENCE` and reports what the files then hold.
pub fn settled<T, E>(
    root: &Path,
    mut paths: Vec<PathBuf>,
    events: &Events,
    mut rebuild: impl FnMut(&[PathBuf]) -> Result<T, E>,
) -> Result<T, E> {
    let deadline = Instant::now() + PATIENCE;
    // Set once an empty file stayed empty: it is what the editor saved.
    let mut empty_is_meant = false;
    loop {
        let before = Snapshot::of(&paths);
        let patient = Instant::now() < deadline;
        let mut failed = None;
        if empty_is_meant || !before.has_empty_file() || !patient {
            match rebuild(&paths) {
                Err(e) if patient && !empty_is_meant => failed = Some(e),
                outcome => return outcome,
            }
        }
        match wait_for_quiet(root, events, &before) {
            Quiet::Yes => match failed {
                Some(e) => return Err(e),
                None => empty_is_meant = true,
            },
            Quiet::No(more) => {
                paths.extend(more);
                paths.sort();
                paths.dedup();
            }
        }
    }
}

enum Quiet {
    /// Nothing changed for `SETTLE`.
    Yes,
    /// Files changed; these inputs are new to the rebuild.
    No(Vec<PathBuf>),
}

/// Waits `SETTLE` for more edits, then compares the files with `before`. Events that are
/// not edits (the rebuild reading the files) do not shorten the wait.
fn wait_for_quiet(root: &Path, events: &Events, before: &Snapshot) -> Quiet {
    let until = Instant::now() + SETTLE;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok(Ok(batch)) => {
                let more = edited(root, batch);
                if !more.is_empty() {
                    return Quiet::No(more);
                }
            }
            // A watcher error says nothing about the files; keep waiting.
            Ok(Err(_)) => {}
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return Quiet::Yes,
        }
    }
    let paths: Vec<PathBuf> = before.0.iter().map(|(p, _)| p.clone()).collect();
    if Snapshot::of(&paths) == *before {
        Quiet::Yes
    } else {
        Quiet::No(Vec::new())
    }
}

/// The size and modification time of each path (`None`: missing, or not a file).
#[derive(PartialEq)]
struct Snapshot(Vec<(PathBuf, Option<(u64, SystemTime)>)>);

impl Snapshot {
    fn of(paths: &[PathBuf]) -> Snapshot {
        Snapshot(
            paths
                .iter()
                .map(|p| {
                    let meta = fs::metadata(p).ok().filter(fs::Metadata::is_file);
                    let stamp = meta.and_then(|m| Some((m.len(), m.modified().ok()?)));
                    (p.clone(), stamp)
                })
                .collect(),
        )
    }

    fn has_empty_file(&self) -> bool {
        self.0.iter().any(|(_, s)| matches!(s, Some((0, _))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::notify::Event;
    use notify_debouncer_full::notify::event::{AccessKind, AccessMode};

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("content/provinces/a/metrics.yaml");
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        (tmp, file)
    }

    /// Runs `settled` on `file` with a rebuild that fails on anything but a file ending
    /// with a newline; returns its outcome and what each rebuild read.
    fn settle_on(root: &Path, file: &Path) -> (Result<(), String>, Vec<String>) {
        let (_tx, rx) = mpsc::channel();
        settle_with_events(root, file, &rx)
    }

    fn settle_with_events(
        root: &Path,
        file: &Path,
        events: &Events,
    ) -> (Result<(), String>, Vec<String>) {
        let mut reads = Vec::new();
        let outcome = settled(root, vec![file.to_path_buf()], events, |paths| {
            let text = fs::read_to_string(&paths[0]).unwrap_or_default();
            reads.push(text.clone());
            if text.ends_with('\n') {
                Ok(())
            } else {
                Err(format!("half a file: {text:?}"))
            }
        });
        (outcome, reads)
    }

    /// Writes the whole file a third of the settle time from now, as an editor's last piece.
    fn write_whole_soon(file: &Path) -> std::thread::JoinHandle<()> {
        let file = file.to_path_buf();
        std::thread::spawn(move || {
            std::thread::sleep(SETTLE / 3);
            fs::write(&file, "a: 1\n").unwrap();
        })
    }

    #[test]
    fn a_good_rebuild_is_reported_at_once() {
        let (tmp, file) = site();
        fs::write(&file, "a: 1\n").unwrap();
        let started = Instant::now();
        let (outcome, reads) = settle_on(tmp.path(), &file);
        assert!(outcome.is_ok());
        assert!(started.elapsed() < SETTLE);
        assert_eq!(reads.len(), 1);
    }

    #[test]
    fn a_failure_while_the_file_is_written_is_rebuilt_once_it_is_whole() {
        let (tmp, file) = site();
        fs::write(&file, "a: ").unwrap();
        let writer = write_whole_soon(&file);
        let (outcome, reads) = settle_on(tmp.path(), &file);
        writer.join().unwrap();
        assert!(outcome.is_ok());
        assert_eq!(reads, ["a: ", "a: 1\n"]);
    }

    #[test]
    fn a_failure_that_stays_is_reported_after_the_settle_time() {
        let (tmp, file) = site();
        fs::write(&file, "a: ").unwrap();
        let started = Instant::now();
        let (outcome, reads) = settle_on(tmp.path(), &file);
        assert!(outcome.unwrap_err().contains("half a file"));
        assert!(started.elapsed() >= SETTLE);
        assert_eq!(reads.len(), 1);
    }

    #[test]
    fn reads_of_the_files_do_not_count_as_writes() {
        let (tmp, file) = site();
        fs::write(&file, "a: ").unwrap();
        let (tx, rx) = mpsc::channel();
        // The rebuild's own reads, as the watcher reports them, for longer than `SETTLE`.
        let reader = {
            let file = file.clone();
            std::thread::spawn(move || {
                for _ in 0..15 {
                    let read = Event::new(EventKind::Access(AccessKind::Close(AccessMode::Read)))
                        .add_path(file.clone());
                    if tx
                        .send(Ok(vec![DebouncedEvent::new(read, Instant::now())]))
                        .is_err()
                    {
                        break;
                    }
                    std::thread::sleep(SETTLE / 10);
                }
            })
        };
        let (outcome, reads) = settle_with_events(tmp.path(), &file, &rx);
        assert!(outcome.is_err());
        assert_eq!(reads.len(), 1, "rebuilt on a read");
        drop(rx);
        reader.join().unwrap();
    }

    #[test]
    fn an_empty_file_is_read_once_written_or_once_it_stays_empty() {
        let (tmp, file) = site();
        fs::write(&file, "").unwrap();
        let writer = write_whole_soon(&file);
        let (outcome, reads) = settle_on(tmp.path(), &file);
        writer.join().unwrap();
        assert!(outcome.is_ok());
        assert_eq!(reads, ["a: 1\n"]);

        // Saved empty on purpose: rebuilt (and its failure reported) once it stayed empty.
        fs::write(&file, "").unwrap();
        let (outcome, reads) = settle_on(tmp.path(), &file);
        assert!(outcome.is_err());
        assert_eq!(reads, [""]);
    }
}
