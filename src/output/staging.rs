//! Writing the site atomically: everything goes into a staging folder beside the output
//! folder, which is swapped into place only when the whole build succeeded. A failed or
//! killed build never touches the previous site.
//!
//! A file whose bytes equal the previous build's is hard-linked from it instead of written,
//! so a rebuild after a small edit only writes what changed (and keeps the other files'
//! timestamps, which static hosts and rsync use), while the swap stays atomic.
//!
//! The staging and old-site folders get unique names, carry a stamp from the moment they
//! exist, and only folders whose stamp says ictreport made them are ever removed.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::claim::OutputDir;
use super::stamp::{STAMP, Stamp};
use super::{Fill, Sink, safe_join, same_content, same_files};

/// A staging folder for one build. Dropped without `commit`, it is removed.
pub struct Staging {
    /// The output folder (a symbolic link's target).
    target: PathBuf,
    dir: PathBuf,
    /// The files of the site now in `target`, the only ones the swap may delete.
    previous: BTreeSet<String>,
    files: Mutex<BTreeSet<String>>,
    committed: bool,
    /// Files written with new content, and files linked unchanged from the previous build.
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// What the search bundle was built from, for the stamp.
    search: Mutex<Option<String>>,
}

impl Staging {
    /// Creates a new, uniquely named staging folder next to the output folder, after
    /// removing what interrupted builds left there.
    pub fn new(output: &OutputDir) -> io::Result<Staging> {
        let target = output.real.clone();
        let (parent, name) = parent_and_name(&target);
        fs::create_dir_all(&parent)?;
        remove_leftovers(&parent, &name, output.lock.is_some());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(&parent)?
            .keep();
        Stamp {
            files: BTreeSet::new(),
            staging_pid: Some(std::process::id()),
            search: None,
        }
        .write(&dir)?;
        Ok(Staging {
            target,
            dir,
            previous: output.previous.clone(),
            files: Mutex::default(),
            committed: false,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            search: Mutex::default(),
        })
    }

    /// (files written, files unchanged since the previous build).
    pub fn counts(&self) -> (usize, usize) {
        (
            self.written.load(Ordering::Relaxed),
            self.unchanged.load(Ordering::Relaxed),
        )
    }

    /// Records in the stamp what the search bundle was built from (see
    /// `render::search::BundleKey`).
    pub fn set_search_key(&self, key: String) {
        if let Ok(mut k) = self.search.lock() {
            *k = Some(key);
        }
    }

    /// Stamps the staged site with its file list and puts it in place of the output folder in
    /// one step where the OS allows it (`renameat2(RENAME_EXCHANGE)`), else with two renames.
    pub fn commit(mut self) -> io::Result<()> {
        let files = self.files.lock().map_err(|_| poisoned())?;
        let search = self.search.lock().map_err(|_| poisoned())?.clone();
        super::write_stamp(&self.dir, &files, None, search.as_deref())?;
        drop(files);
        if self.target.exists() {
            match rustix::fs::renameat_with(
                rustix::fs::CWD,
                &self.dir,
                rustix::fs::CWD,
                &self.target,
                rustix::fs::RenameFlags::EXCHANGE,
            ) {
                // `dir` now holds the previous site.
                Ok(()) => remove_site(&self.dir, &self.previous),
                Err(_) => {
                    let (parent, name) = parent_and_name(&self.target);
                    let old = tempfile::Builder::new()
                        .prefix(&format!(".{name}.old-"))
                        .tempdir_in(&parent)?
                        .keep();
                    fs::rename(&self.target, &old)?;
                    fs::rename(&self.dir, &self.target)?;
                    remove_site(&old, &self.previous);
                }
            }
        } else {
            fs::rename(&self.dir, &self.target)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // A folder this build created under a unique name: everything in it is ours.
            remove_staging(&self.dir);
        }
    }
}

impl Staging {
    /// Where `path` goes in the staging folder, recorded as a file of the new site, with its
    /// folder made and anything written there before removed.
    fn place(&self, path: &str) -> io::Result<PathBuf> {
        // Paths come from slugs and ids that validation checked; refuse anything else anyway.
        let full = safe_join(&self.dir, path)?;
        self.files
            .lock()
            .map_err(|_| poisoned())?
            .insert(path.to_string());
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)?;
        }
        Ok(full)
    }

    /// A path written twice may hold a hard link into the previous build by now: writing
    /// through it would change the live site, so the link is removed first.
    fn clear(full: &Path) -> io::Result<()> {
        match fs::remove_file(full) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let full = self.place(path)?;
        let previous = self.target.join(path);
        if self.previous.contains(path)
            && same_content(&previous, bytes)
            && fs::hard_link(&previous, &full).is_ok()
        {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Self::clear(&full)?;
        fs::write(full, bytes)
    }

    /// Writes the file, then compares it with the previous build's: when they are equal the
    /// previous file is linked in its place, as [`Staging::write`] does, without the bytes
    /// ever being whole in memory.
    fn write_streamed(&self, path: &str, fill: Fill<'_>) -> io::Result<()> {
        let full = self.place(path)?;
        Self::clear(&full)?;
        super::write_file_with(&full, fill)?;
        let previous = self.target.join(path);
        if self.previous.contains(path) && same_files(&previous, &full) {
            // Linked beside it, then renamed over it: the path always holds the file.
            let link = super::temporary_beside(&full);
            if fs::hard_link(&previous, &link).is_ok() && fs::rename(&link, &full).is_ok() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            let _ = fs::remove_file(&link);
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

fn poisoned() -> io::Error {
    io::Error::other("a build thread panicked")
}

pub(super) fn parent_and_name(target: &Path) -> (PathBuf, String) {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    (parent, name)
}

/// Removes a swapped-out site: the files its stamp lists, then the folders left empty.
/// Anything else (a file someone added after the build started) stays where it is.
fn remove_site(dir: &Path, files: &BTreeSet<String>) {
    for f in files {
        super::remove_file(dir, f);
    }
    let _ = fs::remove_file(dir.join(STAMP));
    remove_empty_folders(dir);
}

/// Removes a staging folder, its stamp last: cut short, what is left is still marked as
/// ictreport's, and the next build removes it.
fn remove_staging(dir: &Path) {
    let stamp = dir.join(STAMP);
    let walk = walkdir::WalkDir::new(dir).min_depth(1).contents_first(true);
    for entry in walk.into_iter().filter_map(Result::ok) {
        if entry.file_type().is_dir() {
            let _ = fs::remove_dir(entry.path());
        } else if entry.path() != stamp {
            let _ = fs::remove_file(entry.path());
        }
    }
    let _ = fs::remove_file(&stamp);
    let _ = fs::remove_dir(dir);
}

/// Removes `dir` and every folder under it that holds no file, deepest first. A removal cut
/// short leaves empty folders that no listed file leads back to; a file anywhere keeps its
/// folders.
fn remove_empty_folders(dir: &Path) {
    let walk = walkdir::WalkDir::new(dir).contents_first(true);
    for entry in walk.into_iter().filter_map(Result::ok) {
        if entry.file_type().is_dir() {
            let _ = fs::remove_dir(entry.path());
        }
    }
}

/// Removes what interrupted builds of this output left beside it: staging folders and
/// swapped-out sites, which carry ictreport's stamp from the moment they hold a file. With
/// the output locked (`locked`) no other build of it runs, so every stamped one is a
/// leftover, whatever its process id (ids are reused); without the lock, only staging
/// folders of processes that are gone and old-site folders. A folder without a stamp was cut
/// short before its stamp was written or after its files were removed: only its empty
/// folders are removed, so a folder of the user's with a similar name keeps its files.
fn remove_leftovers(parent: &Path, name: &str, locked: bool) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let ours = file_name.starts_with(&staging) || file_name.starts_with(&old);
        if !ours || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        match Stamp::read(&path) {
            // A staging folder still being written: everything in it is the build's.
            Ok(Some(stamp)) if stamp.staging_pid.is_some() => {
                if locked || stamp.staging_pid.is_some_and(process_is_gone) {
                    remove_staging(&path);
                }
            }
            // A whole site, swapped out (or stamped just before its swap): its listed files.
            Ok(Some(stamp)) => {
                if locked || file_name.starts_with(&old) {
                    remove_site(&path, &stamp.files);
                }
            }
            Ok(None) if locked => remove_empty_folders(&path),
            Ok(None) | Err(_) => {}
        }
    }
}

/// Whether no process has this id (Linux); elsewhere nothing is assumed gone.
fn process_is_gone(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::claim;

    fn output(tmp: &Path) -> OutputDir {
        let root = tmp.join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        claim(&root, &tmp.join("output")).unwrap()
    }

    #[test]
    fn writing_a_linked_path_again_leaves_the_previous_build_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let first = Staging::new(&output(tmp.path())).unwrap();
        first.write("a.html", b"old").unwrap();
        first.commit().unwrap();
        let target = tmp.path().join("output");
        let staging = Staging::new(&output(tmp.path())).unwrap();
        staging.write("a.html", b"old").unwrap();
        assert_eq!(staging.counts(), (0, 1));
        staging.write("a.html", b"new").unwrap();
        assert_eq!(fs::read_to_string(target.join("a.html")).unwrap(), "old");
        let dir = staging.dir.clone();
        drop(staging);
        assert_eq!(fs::read_to_string(target.join("a.html")).unwrap(), "old");
        assert!(!dir.exists());
    }

    /// Writes `bytes` through `write_streamed`, in two pieces.
    fn stream(staging: &Staging, path: &str, bytes: &'static [u8]) {
        let (a, b) = bytes.split_at(bytes.len() / 2);
        let mut fill = |w: &mut dyn io::Write| {
            w.write_all(a)?;
            w.write_all(b)
        };
        staging.write_streamed(path, &mut fill).unwrap();
    }

    #[test]
    fn a_streamed_file_equal_to_the_previous_build_is_linked_not_copied() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("output");
        let first = Staging::new(&output(tmp.path())).unwrap();
        stream(&first, "data/all.csv", b"a,b\n1,2\n");
        assert_eq!(first.counts(), (1, 0));
        first.commit().unwrap();
        let old_inode = fs::metadata(target.join("data/all.csv")).unwrap().ino();
        let second = Staging::new(&output(tmp.path())).unwrap();
        stream(&second, "data/all.csv", b"a,b\n1,2\n");
        stream(&second, "data/all.json", b"{}\n");
        assert_eq!(second.counts(), (1, 1));
        // Written again with other bytes: the previous build's file is not written through.
        stream(&second, "data/all.csv", b"a,b\n1,3\n");
        assert_eq!(
            fs::read(target.join("data/all.csv")).unwrap(),
            b"a,b\n1,2\n"
        );
        stream(&second, "data/all.csv", b"a,b\n1,2\n");
        second.commit().unwrap();
        assert_eq!(
            fs::metadata(target.join("data/all.csv")).unwrap().ino(),
            old_inode
        );
        assert_eq!(fs::read(target.join("data/all.json")).unwrap(), b"{}\n");
        let names: Vec<_> = fs::read_dir(target.join("data")).unwrap().collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn leftovers_of_killed_builds_go_and_look_alikes_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let out = output(tmp.path());
        // What a killed build leaves behind: a stamped staging folder of a dead process.
        let stale = tmp.path().join(".output.staging-killed");
        fs::create_dir_all(stale.join("x")).unwrap();
        fs::write(stale.join("x/half.html"), "hal").unwrap();
        Stamp {
            files: BTreeSet::new(),
            staging_pid: Some(u32::MAX - 1),
            search: None,
        }
        .write(&stale)
        .unwrap();
        // A user's folders that merely look like ours.
        for mine in [".output.staging", ".output.old", ".output.staging-notes"] {
            fs::create_dir_all(tmp.path().join(mine)).unwrap();
            fs::write(tmp.path().join(mine).join("keep.txt"), "mine").unwrap();
        }
        let staging = Staging::new(&out).unwrap();
        assert!(!stale.exists());
        staging.write("new.html", b"new").unwrap();
        staging.commit().unwrap();
        let target = tmp.path().join("output");
        assert_eq!(fs::read_to_string(target.join("new.html")).unwrap(), "new");
        assert!(
            Stamp::read(&target)
                .unwrap()
                .unwrap()
                .files
                .contains("new.html")
        );
        for mine in [".output.staging", ".output.old", ".output.staging-notes"] {
            let kept = tmp.path().join(mine).join("keep.txt");
            assert_eq!(fs::read_to_string(kept).unwrap(), "mine");
        }
    }

    #[test]
    fn a_locked_build_removes_every_marked_leftover_whatever_its_pid() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        let out = crate::output::claim_for(
            &root,
            &tmp.path().join("output"),
            super::super::Writer::Build,
        )
        .unwrap();
        let dir = |n: &str| tmp.path().join(n);
        // Interrupted while writing, its pid now someone else's (here: this very process).
        fs::create_dir_all(dir(".output.staging-reused/tinh")).unwrap();
        fs::write(dir(".output.staging-reused/tinh/a.html"), "half").unwrap();
        let staging_stamp = |pid| Stamp {
            files: BTreeSet::new(),
            staging_pid: Some(pid),
            search: None,
        };
        staging_stamp(std::process::id())
            .write(&dir(".output.staging-reused"))
            .unwrap();
        // Interrupted while removing the site it swapped out: a finished stamp, no pid.
        fs::create_dir_all(dir(".output.staging-swapped")).unwrap();
        fs::write(dir(".output.staging-swapped/index.html"), "old").unwrap();
        Stamp {
            files: ["index.html".to_string()].into(),
            staging_pid: None,
            search: None,
        }
        .write(&dir(".output.staging-swapped"))
        .unwrap();
        // Interrupted before its stamp: still empty.
        fs::create_dir_all(dir(".output.staging-unstamped")).unwrap();
        // Interrupted after removing the files and the stamp of the site it swapped out.
        fs::create_dir_all(dir(".output.staging-emptied/en/tinh")).unwrap();
        // Look-alikes of the user's, with files and no stamp.
        for mine in [".output.staging-notes", ".output.old-drafts"] {
            fs::create_dir_all(dir(mine)).unwrap();
            fs::write(dir(mine).join("keep.txt"), "mine").unwrap();
        }
        let staging = Staging::new(&out).unwrap();
        for gone in [
            ".output.staging-reused",
            ".output.staging-swapped",
            ".output.staging-unstamped",
            ".output.staging-emptied",
        ] {
            assert!(!dir(gone).exists(), "{gone} was left");
        }
        for mine in [".output.staging-notes", ".output.old-drafts"] {
            assert_eq!(
                fs::read_to_string(dir(mine).join("keep.txt")).unwrap(),
                "mine"
            );
        }
        drop(staging);
    }
}
