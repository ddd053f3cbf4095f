//! Writing the site atomically: everything goes into a staging folder beside `output/`, which
//! is swapped into place only when the whole build succeeded. A failed or killed build never
//! touches the previous site.
//!
//! A file whose bytes equal the previous build's is hard-linked from it instead of written,
//! so a rebuild after a small edit only writes what changed (and keeps the other files'
//! timestamps, which static hosts and rsync use), while the swap stays atomic.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::render::Sink;

/// A staging folder for one build. Dropped without `commit`, it is removed.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// Files written with new content, and files linked unchanged from the previous build.
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

impl Staging {
    /// Creates an empty staging folder next to `target` (removing one a killed build left).
    pub fn new(target: &Path) -> io::Result<Staging> {
        let dir = sibling(target, "staging");
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        let old = sibling(target, "old");
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// (files written, files unchanged since the previous build).
    pub fn counts(&self) -> (usize, usize) {
        (
            self.written.load(Ordering::Relaxed),
            self.unchanged.load(Ordering::Relaxed),
        )
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Puts the staged site in place of the target in one step where the OS allows it
    /// (`renameat2(RENAME_EXCHANGE)`), else with two renames.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.exists() {
            match rustix::fs::renameat_with(
                rustix::fs::CWD,
                &self.dir,
                rustix::fs::CWD,
                &self.target,
                rustix::fs::RenameFlags::EXCHANGE,
            ) {
                Ok(()) => {
                    // `dir` now holds the previous site.
                    fs::remove_dir_all(&self.dir)?;
                }
                Err(_) => {
                    let old = sibling(&self.target, "old");
                    fs::rename(&self.target, &old)?;
                    fs::rename(&self.dir, &self.target)?;
                    fs::remove_dir_all(&old)?;
                }
            }
        } else {
            if let Some(parent) = self.target.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent)?;
            }
            fs::rename(&self.dir, &self.target)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let rel = Path::new(path);
        // Paths come from slugs and ids that validation checked; refuse anything else anyway.
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe output path {path}"),
            ));
        }
        let full = self.dir.join(rel);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)?;
        }
        let previous = self.target.join(rel);
        if same_content(&previous, bytes) && fs::hard_link(&previous, &full).is_ok() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        // A path written twice may hold a hard link into the previous build by now: writing
        // through it would change the live site, so the link is removed first.
        if let Err(e) = fs::remove_file(&full)
            && e.kind() != io::ErrorKind::NotFound
        {
            return Err(e);
        }
        fs::write(full, bytes)
    }
}

/// Whether `path` is a regular file (not a link) holding exactly `bytes`.
pub fn same_content(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// `output` → `.output.staging` in the same folder (same file system, so rename works).
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let parent = target.parent().unwrap_or(Path::new(""));
    parent.join(format!(".{name}.{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writing_a_linked_path_again_leaves_the_previous_build_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("output");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("a.html"), "old").unwrap();
        let staging = Staging::new(&target).unwrap();
        staging.write("a.html", b"old").unwrap();
        assert_eq!(staging.counts(), (0, 1));
        staging.write("a.html", b"new").unwrap();
        assert_eq!(fs::read_to_string(target.join("a.html")).unwrap(), "old");
        drop(staging);
        assert_eq!(fs::read_to_string(target.join("a.html")).unwrap(), "old");
        assert!(!sibling(&target, "staging").exists());
    }

    #[test]
    fn a_stale_staging_folder_is_replaced_and_commit_swaps() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("output");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        // What a killed build leaves behind.
        let stale = sibling(&target, "staging");
        fs::create_dir_all(stale.join("x")).unwrap();
        fs::write(stale.join("x/half.html"), "hal").unwrap();
        let staging = Staging::new(&target).unwrap();
        assert!(!stale.join("x").exists());
        staging.write("new.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert_eq!(fs::read_to_string(target.join("new.html")).unwrap(), "new");
        assert!(!stale.exists());
        assert!(!sibling(&target, "old").exists());
    }
}
