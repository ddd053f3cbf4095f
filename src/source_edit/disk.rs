//! The disk side of an edit: temporary files and folders named as ours, renames and their
//! undoing, flushing folders, and removing what a killed run left.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempDir};

/// One step of the renames: a file, or a new folder with all its files.
pub(super) enum Step {
    File(Prepared),
    Folder {
        temp: TempDir,
        path: PathBuf,
        files: Vec<PathBuf>,
    },
}

/// What a rename did, to undo it when a later one fails.
pub(super) enum Done {
    File { path: PathBuf, old: Option<Vec<u8>> },
    Folder { path: PathBuf, files: Vec<PathBuf> },
}

/// A temporary file ready to be renamed over its target.
pub(super) struct Prepared {
    pub(super) temp: NamedTempFile,
    pub(super) path: PathBuf,
    /// The target's bytes before the edit (`None`: it did not exist), to put back when a
    /// later rename fails.
    pub(super) old: Option<Vec<u8>>,
}

/// Whether a file name is one of our temporaries (`.ictreport-*.tmp`).
fn is_temporary(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
}

/// Removes the temporaries a killed run left in the folders this edit writes to (only
/// files named as ours: nothing the user made).
pub(super) fn remove_leftovers(paths: impl Iterator<Item = PathBuf>) {
    let mut dirs: Vec<PathBuf> = paths
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(kind) = e.file_type() else { continue };
            if !is_temporary(&e.file_name()) {
                continue;
            }
            // A folder named as ours is a new folder a killed run was writing.
            let _ = match (kind.is_file(), kind.is_dir()) {
                (true, _) => fs::remove_file(e.path()),
                (_, true) => fs::remove_dir_all(e.path()),
                _ => Ok(()),
            };
        }
    }
}

/// Creates `dir` and its missing parents one by one, noting each made (to remove on failure).
pub(super) fn make_dirs(dir: &Path, made: &mut Vec<PathBuf>) -> io::Result<()> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && fs::symlink_metadata(d).is_err())
        .collect();
    for d in missing.into_iter().rev() {
        fs::create_dir(d)?;
        made.push(d.to_path_buf());
    }
    Ok(())
}

/// Removes the folders an edit made, deepest first (only if empty: they hold nothing else).
pub(super) fn remove_dirs(made: &[PathBuf]) {
    for d in made.iter().rev() {
        let _ = fs::remove_dir(d);
    }
}

/// Renames one prepared file or folder into place; on failure, the target and the error.
pub(super) fn rename(step: Step, done: &mut Vec<Done>) -> Result<(), (PathBuf, io::Error)> {
    match step {
        Step::File(p) => {
            let renamed = match p.old {
                None => p.temp.persist_noclobber(&p.path),
                Some(_) => p.temp.persist(&p.path),
            };
            match renamed {
                Ok(_) => {
                    done.push(Done::File {
                        path: p.path,
                        old: p.old,
                    });
                    Ok(())
                }
                // The temporary (in the error) is removed as it is dropped.
                Err(e) => Err((p.path, e.error)),
            }
        }
        Step::Folder { temp, path, files } => match fs::rename(temp.path(), &path) {
            Ok(()) => {
                // Now the folder itself: nothing is left to remove where it was made.
                let _ = temp.keep();
                done.push(Done::Folder { path, files });
                Ok(())
            }
            Err(e) => Err((path, e)),
        },
    }
}

/// Puts back what was renamed before a rename failed; returns what it could not.
pub(super) fn undo(done: &[Done]) -> Vec<PathBuf> {
    let mut left = Vec::new();
    for d in done.iter().rev() {
        let (path, restored) = match d {
            Done::File { path, old: None } => (path, fs::remove_file(path)),
            Done::File {
                path,
                old: Some(bytes),
            } => (path, restore(path, bytes)),
            // The folder is new and holds only what this edit wrote.
            Done::Folder { path, .. } => (path, fs::remove_dir_all(path)),
        };
        if restored.is_err() {
            left.push(path.clone());
        }
    }
    left
}

/// Writes a new file in a temporary folder, flushed to disk.
pub(super) fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Writes `bytes` back to `path` the same atomic way.
fn restore(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut temp = temp_in(path.parent().unwrap_or(Path::new(".")))?;
    if let Ok(m) = fs::metadata(path) {
        temp.as_file().set_permissions(m.permissions())?;
    }
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Flushes each folder that got a file (the parent of each path), so the renames themselves
/// survive a power cut. Some file systems cannot sync a folder; the files are in place either
/// way.
pub(super) fn sync_folders(paths: impl Iterator<Item = PathBuf>) {
    let mut dirs: Vec<PathBuf> = paths
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        if let Ok(f) = fs::File::open(&d) {
            let _ = f.sync_all();
        }
    }
}

const TEMP_PREFIX: &str = ".ictreport-";
const TEMP_SUFFIX: &str = ".tmp";

/// A temporary folder in `dir`, named as ours, with the permissions `fs::create_dir` gives
/// (0777 less the umask), not the usual 0700: it becomes the new folder as it is.
pub(super) fn temp_dir_in(dir: &Path) -> io::Result<TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o777));
    }
    builder.tempdir_in(dir)
}

/// A temporary file in `dir`, named as ours (`.ictreport-*.tmp`), created with the
/// permissions `fs::write` gives a new file (0666 less the umask), not the usual 0600.
pub(super) fn temp_in(dir: &Path) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}
