//! Watching the inputs, and waiting out an editor's save before reporting a broken build.
//!
//! Editors that save in place truncate the file, then write it in pieces; the watcher can
//! report the first piece before the last is written, and a rebuild then reads half a file.
//! So a rebuild that fails, or an edit that left an input empty, is not reported at once:
//! the edited files are watched until they have stayed the same for `SETTLE`, and the
//! rebuild is redone on what they then hold. A good rebuild is reported at once, so an
//! ordinary edit waits for nothing. A failed one waits less when every edited file was
//! closed by its writer after its last write (the watcher says so): the save was over when
//! it was read, unless another began meanwhile, which the watcher reports within `SAVED`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, ModifyKind};
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

/// How long after a failed rebuild of files their writer had closed it waits for another
/// save begun meanwhile: the debouncer reports an edit at most a debounce period and one of
/// its ticks (a quarter period) late.
pub const SAVED: Duration = DEBOUNCE.saturating_mul(2);

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

/// The files of `events` whose writer closed them after its last change in the batch: their
/// save is over (an editor saving in place closes the file once its last piece is written).
pub fn closed_after_writing(events: &[DebouncedEvent]) -> Vec<PathBuf> {
    let mut closed: Vec<PathBuf> = Vec::new();
    for e in events {
        let done = match e.event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(_) => false,
            _ => continue,
        };
        for path in &e.event.paths {
            closed.retain(|p| p != path);
            if done {
                closed.push(path.clone());
            }
        }
    }
    closed.sort();
    closed
}

/// Runs `rebuild` on `paths` and returns its result once it can be believed: at once when
/// it succeeds; when it fails, or an edited file is empty, only after the edited files (and
/// any that `events` reports meanwhile) stayed unchanged for `SETTLE`, rebuilding again on
/// each change. Gives up waiting after `PATIENCE` and reports what the files then hold. A
/// failure is believed after `SAVED` instead when every path is among `closed` (see
/// [`closed_after_writing`]).
pub fn settled<T, E>(
    root: &Path,
    mut paths: Vec<PathBuf>,
    closed: &[PathBuf],
    events: &Events,
    mut rebuild: impl FnMut(&[PathBuf]) -> Result<T, E>,
) -> Result<T, E> {
    let deadline = Instant::now() + PATIENCE;
    // Set once an empty file stayed empty: it is what the editor saved.
    let mut empty_is_meant = false;
    // Whether every edited file's save is known to be over; false once more edits come.
    let mut saved = paths.iter().all(|p| closed.contains(p));
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
        let quiet = if saved && failed.is_some() {
            SAVED
        } else {
            SETTLE
        };
        saved = false;
        // From the end of the rebuild, which read the files at its start.
        match wait_for_quiet(root, events, &before, Instant::now() + quiet) {
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
    /// Nothing changed for the time waited.
    Yes,
    /// Files changed; these inputs are new to the rebuild.
    No(Vec<PathBuf>),
}

/// Waits `until` for more edits, then compares the files with `before`. Events that are
/// not edits (the rebuild reading the files) do not shorten the wait.
fn wait_for_quiet(root: &Path, events: &Events, before: &Snapshot, until: Instant) -> Quiet {
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
        settle_closed(root, file, &[], events, |_| {})
    }

    /// [`settle_with_events`] with the files `closed` by their writer, and `during` run on
    /// each rebuild's number after it read the file.
    fn settle_closed(
        root: &Path,
        file: &Path,
        closed: &[PathBuf],
        events: &Events,
        mut during: impl FnMut(usize),
    ) -> (Result<(), String>, Vec<String>) {
        let mut reads = Vec::new();
        let outcome = settled(root, vec![file.to_path_buf()], closed, events, |paths| {
            let text = fs::read_to_string(&paths[0]).unwrap_or_default();
            reads.push(text.clone());
            during(reads.len());
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

    #[test]
    fn a_failure_of_a_file_its_writer_closed_waits_only_for_another_save() {
        let (tmp, file) = site();
        fs::write(&file, "a: ").unwrap();
        let (_tx, rx) = mpsc::channel();
        let started = Instant::now();
        let closed = [file.clone()];
        let (outcome, reads) = settle_closed(tmp.path(), &file, &closed, &rx, |_| {});
        assert!(outcome.unwrap_err().contains("half a file"));
        let waited = started.elapsed();
        assert!(waited >= SAVED && waited < SETTLE, "{waited:?}");
        assert_eq!(reads, ["a: "]);
    }

    #[test]
    fn a_closed_file_written_again_while_it_is_read_is_waited_for() {
        let (tmp, file) = site();
        fs::write(&file, "a: ").unwrap();
        let (_tx, rx) = mpsc::channel();
        let closed = [file.clone()];
        let (outcome, reads) = settle_closed(tmp.path(), &file, &closed, &rx, |n| {
            if n == 1 {
                fs::write(&file, "a: 1\n").unwrap();
            }
        });
        assert!(outcome.is_ok());
        assert_eq!(reads, ["a: ", "a: 1\n"]);
    }

    fn event(kind: EventKind, path: &Path) -> DebouncedEvent {
        DebouncedEvent::new(
            Event::new(kind).add_path(path.to_path_buf()),
            Instant::now(),
        )
    }

    #[test]
    fn a_file_is_saved_once_closed_after_its_last_write() {
        let (a, b, c) = (Path::new("/s/a"), Path::new("/s/b"), Path::new("/s/c"));
        let write = EventKind::Modify(ModifyKind::Data(
            notify_debouncer_full::notify::event::DataChange::Content,
        ));
        let close = |mode| EventKind::Access(AccessKind::Close(mode));
        let batch = [
            event(write, a),
            event(close(AccessMode::Write), a),
            event(close(AccessMode::Read), a),
            event(close(AccessMode::Write), b),
            event(write, b),
            event(write, c),
            event(close(AccessMode::Read), c),
        ];
        assert_eq!(closed_after_writing(&batch), [a.to_path_buf()]);
    }

    /// The watcher reports a whole-file write's close, which lets a failure be believed at
    /// once; without it the preview would wait `SETTLE` on every broken save.
    #[test]
    fn the_watcher_reports_the_close_after_a_write() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let file = root.join("content/provinces/a/metrics.yaml");
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        let (_watching, events) = watch(&root).unwrap();
        fs::write(&file, "a: ").unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while !closed_after_writing(&seen).contains(&file) {
            let left = deadline.saturating_duration_since(Instant::now());
            match events.recv_timeout(left) {
                Ok(Ok(batch)) => seen.extend(batch),
                other => panic!("no close reported: {other:?}, {seen:?}"),
            }
        }
    }
}
