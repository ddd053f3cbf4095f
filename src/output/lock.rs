//! One writer per output folder. A `build` swaps a new site in and the preview rewrites files
//! in place: two of them on one folder would mix two sites (and the stamp of neither would
//! match), so each holds an OS advisory lock (`flock`) on a small file beside the folder while
//! it works. The OS releases the lock when the process ends, however it ends (`kill -9`
//! included), so a dead holder never blocks; the file records who holds it, for the message
//! the next writer gets.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use rustix::fs::{FlockOperation, flock};

use crate::diagnostic::Diagnostic;

/// The first line of every lock file: a file of that name without it is not ours.
const MAGIC: &str = "# ictreport lock";

/// The command that writes into a folder, named in the message a second writer gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    Build,
    Serve,
}

impl Writer {
    fn name(self) -> &'static str {
        match self {
            Writer::Build => "build",
            Writer::Serve => "serve",
        }
    }
}

/// A held lock on an output folder; dropping it releases the lock and removes its file.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

/// The lock file of the output folder `real`: beside it (the folder itself is swapped out by
/// a build, and a lock inside would move with it), named after it.
pub fn lock_path(real: &Path) -> PathBuf {
    let (parent, name) = super::staging::parent_and_name(real);
    parent.join(format!(".{name}.ictreport-lock"))
}

/// What `flock` answers on a file system that has no locks.
const UNSUPPORTED: [rustix::io::Errno; 3] = [
    rustix::io::Errno::OPNOTSUPP,
    rustix::io::Errno::NOLCK,
    rustix::io::Errno::NOSYS,
];

/// Takes the lock of the output folder `real` for `writer`, creating the folder's parent if
/// needed (`None`: the file system has no locks). Refused, with who holds it, while another
/// process (or another build in this one) writes there.
pub fn lock(real: &Path, writer: Writer) -> Result<Option<OutputLock>, Diagnostic> {
    let path = lock_path(real);
    let io_err = |e: io::Error| {
        Diagnostic::error(real, format!("cannot lock the output folder: {e}"))
            .with_hint("check that the output's parent folder is writable")
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_err)?;
    }
    // The file a holder removes on release may be the one just opened: then it is opened
    // again, so two writers never hold locks on two different files of the same name.
    for _ in 0..16 {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err)?;
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(e) if e == rustix::io::Errno::WOULDBLOCK => {
                return Err(in_use(real, &holder_of(&mut file)));
            }
            // A file system without locks (some network mounts) must not stop every build:
            // the folder is written unlocked, as before locks existed.
            Err(e) if UNSUPPORTED.contains(&e) => {
                if file.metadata().is_ok_and(|m| m.len() == 0) {
                    let _ = fs::remove_file(&path);
                }
                return Ok(None);
            }
            Err(e) => return Err(io_err(e.into())),
        }
        if !same_file(&file, &path) {
            continue;
        }
        let mut previous = String::new();
        file.read_to_string(&mut previous).map_err(io_err)?;
        if !previous.is_empty() && !previous.starts_with(MAGIC) {
            return Err(Diagnostic::error(
                &path,
                "this file is in the place of ictreport's lock of the output folder, and ictreport did not write it; nothing was changed",
            )
            .with_hint("move it away, or build into another folder with --output"));
        }
        let record = format!("{MAGIC}\n{} {}\n", std::process::id(), writer.name());
        file.set_len(0).map_err(io_err)?;
        file.rewind().map_err(io_err)?;
        file.write_all(record.as_bytes()).map_err(io_err)?;
        return Ok(Some(OutputLock { file, path }));
    }
    Err(io_err(io::Error::other(
        "its lock file kept being replaced by other processes",
    )))
}

/// Whether `path` still names the file `file` has open (a holder may have removed it).
fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// "`ictreport serve` (pid 1234)", from the holder's record; less when it wrote none yet.
fn holder_of(file: &mut File) -> String {
    let mut text = String::new();
    // The record is a few bytes; a read error only makes the message vaguer.
    let _ = Read::by_ref(file).take(256).read_to_string(&mut text);
    let record = text
        .strip_prefix(MAGIC)
        .and_then(|rest| rest.lines().find(|l| !l.is_empty()));
    let parsed = record.and_then(|line| {
        let (pid, command) = line.split_once(' ')?;
        let pid: u32 = pid.parse().ok()?;
        let command = [Writer::Build, Writer::Serve]
            .into_iter()
            .find(|w| w.name() == command.trim())?;
        Some((pid, command))
    });
    match parsed {
        Some((pid, command)) if pid == std::process::id() => {
            format!("another `ictreport {}` of this process", command.name())
        }
        Some((pid, command)) => format!("`ictreport {}` (pid {pid})", command.name()),
        None => "another ictreport process".into(),
    }
}

fn in_use(real: &Path, holder: &str) -> Diagnostic {
    Diagnostic::error(
        real,
        format!("this output folder is in use by {holder}; nothing was changed"),
    )
    .with_hint("stop it, or build into another folder with --output")
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still held, and only if it is still our file: a writer that opened
        // it meanwhile sees it gone after locking and opens the path again.
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_with_the_holder_and_a_released_lock_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let held = lock(&out, Writer::Serve).unwrap().unwrap();
        let refused = lock(&out, Writer::Build).unwrap_err();
        assert!(
            refused.message.contains("is in use by"),
            "{}",
            refused.message
        );
        assert!(
            refused.message.contains("`ictreport serve`"),
            "{}",
            refused.message
        );
        assert!(refused.hint.as_deref().unwrap_or("").contains("--output"));
        drop(held);
        assert!(!lock_path(&out).exists());
        let again = lock(&out, Writer::Build).unwrap().unwrap();
        drop(again);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_lock_file_left_by_a_dead_process_does_not_block() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        fs::write(lock_path(&out), format!("{MAGIC}\n4000000 build\n")).unwrap();
        let held = lock(&out, Writer::Build).unwrap();
        assert!(held.is_some());
        drop(held);
        assert!(!lock_path(&out).exists());
    }

    #[test]
    fn a_file_of_the_lock_name_that_is_not_ours_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        fs::write(lock_path(&out), "my notes").unwrap();
        let e = lock(&out, Writer::Build).unwrap_err();
        assert!(e.message.contains("did not write"), "{}", e.message);
        assert_eq!(fs::read_to_string(lock_path(&out)).unwrap(), "my notes");
    }
}
