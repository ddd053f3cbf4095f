//! The one way any command writes the user's own files (`import`, `new`, `init`, `export`).
//!
//! An edit is planned in memory as a list of files and their new bytes; its file list and
//! diff are what `--dry-run` shows, so a dry run and the real run cannot disagree. Committing
//! writes every file to a temporary file in its own folder, flushes it to disk, and only once
//! all of them are ready renames them over the old files (then flushes the folders). A crash,
//! a kill or a full disk therefore leaves each file either as it was or as it was meant to
//! be, never cut; a failure before the renames removes every temporary (and every folder the
//! edit made) and leaves the site as it was. A new folder (a new province) is written whole
//! into a temporary folder beside it and renamed into place in one step, so it appears with
//! all its files or not at all.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use disk::{
    Done, Prepared, Step, make_dirs, remove_dirs, remove_leftovers, rename, sync_folders,
    temp_dir_in, temp_in, undo, write_new,
};

mod disk;

/// What an edit expects to find where it writes a file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expect {
    /// Nothing: a new file, which never replaces one that appeared meanwhile.
    Nothing,
    /// The bytes read when the edit was planned: a file changed since is not overwritten.
    Bytes(Vec<u8>),
    /// Any regular file or nothing (the caller checked that the file is its own to replace).
    AnyFile,
}

#[derive(Debug, Clone)]
struct FileEdit {
    /// Relative to the edit's root.
    rel: PathBuf,
    expect: Expect,
    after: Vec<u8>,
}

/// A planned change to the user's files: what `--dry-run` shows and what `commit` writes.
#[derive(Debug, Clone)]
pub struct SourceEdit {
    root: PathBuf,
    files: Vec<FileEdit>,
    /// Folders made whole (see [`SourceEdit::create_folder`]).
    new_folders: Vec<PathBuf>,
}

impl SourceEdit {
    /// An empty edit of the files under `root` (paths are given relative to it).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        SourceEdit {
            root: root.into(),
            files: Vec::new(),
            new_folders: Vec::new(),
        }
    }

    /// Creates a new file; the commit fails if it exists by then.
    pub fn create(&mut self, rel: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) {
        self.push(rel.into(), Expect::Nothing, bytes.into());
    }

    /// Makes `rel` a new folder whose files (given with [`create`](Self::create)) appear
    /// together: they are written into a temporary folder beside it, renamed into place
    /// whole. The commit fails if the folder exists by then.
    pub fn create_folder(&mut self, rel: impl Into<PathBuf>) {
        let rel = rel.into();
        if !self.new_folders.contains(&rel) {
            self.new_folders.push(rel);
        }
    }

    /// The new folder `rel` is written in, if any.
    fn new_folder_of(&self, rel: &Path) -> Option<&Path> {
        self.new_folders
            .iter()
            .find(|d| rel.starts_with(d))
            .map(PathBuf::as_path)
    }

    /// Replaces a file whose text was `before` when it was read; nothing when the text stays.
    pub fn replace(&mut self, rel: impl Into<PathBuf>, before: &str, after: &str) {
        if before != after {
            self.push(rel.into(), Expect::Bytes(before.into()), after.into());
        }
    }

    /// Writes a regular file whatever it holds now (the caller decides it may be replaced).
    pub fn overwrite(&mut self, rel: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) {
        self.push(rel.into(), Expect::AnyFile, bytes.into());
    }

    fn push(&mut self, rel: PathBuf, expect: Expect, after: Vec<u8>) {
        self.files.retain(|f| f.rel != rel);
        self.files.push(FileEdit { rel, expect, after });
    }

    /// The files the edit writes, relative to its root, in the order they were planned.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|f| f.rel.as_path())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file's change as a unified diff (`a/…` before, `b/…` after; `/dev/null` for a
    /// new file).
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for f in &self.files {
            let name = f.rel.display();
            let before = match &f.expect {
                Expect::Bytes(b) => Some(String::from_utf8_lossy(b)),
                Expect::Nothing | Expect::AnyFile => None,
            };
            let after = String::from_utf8_lossy(&f.after);
            if f.expect == Expect::AnyFile || after.contains('\0') {
                out.push_str(&format!("Binary file b/{name} written\n"));
                continue;
            }
            let from = before
                .as_ref()
                .map_or("/dev/null".to_string(), |_| format!("a/{name}"));
            let diff = similar::TextDiff::from_lines(before.as_deref().unwrap_or(""), &after)
                .unified_diff()
                .context_radius(2)
                .header(&from, &format!("b/{name}"))
                .to_string();
            out.push_str(&diff);
        }
        out
    }

    /// Writes every file, all or nothing; returns the paths written (under the root). Every
    /// file that may not be written is reported, not only the first.
    pub fn commit(self) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
        let targets = self.files.iter().map(|f| self.root.join(&f.rel));
        remove_leftovers(targets.chain(self.new_folders.iter().map(|d| self.root.join(d))));
        let olds = self.check_all()?;
        let mut made_dirs = Vec::new();
        let steps = match self.prepare_all(olds, &mut made_dirs) {
            Ok(steps) => steps,
            Err(d) => {
                remove_dirs(&made_dirs);
                return Err(vec![d.with_hint_suffix(NOTHING_CHANGED)]);
            }
        };
        let mut done = Vec::new();
        let mut steps = steps.into_iter();
        while let Some(step) = steps.next() {
            if let Err((path, error)) = rename(step, &mut done) {
                // Every temporary goes before the folders made for them.
                drop(steps);
                let left = undo(&done);
                remove_dirs(&made_dirs);
                return Err(vec![rename_failed(&self.root, &path, &error, &left)]);
            }
        }
        let written: Vec<PathBuf> = done
            .into_iter()
            .flat_map(|d| match d {
                Done::File { path, .. } => vec![path],
                Done::Folder { files, .. } => files,
            })
            .collect();
        // The folders holding the files, those holding new folders, and the folders made.
        let folders = self.new_folders.iter().map(|d| self.root.join(d));
        sync_folders(written.iter().cloned().chain(folders).chain(made_dirs));
        Ok(written)
    }

    /// What is at each file now, or every reason a file or new folder may not be written.
    fn check_all(&self) -> Result<Vec<Option<Vec<u8>>>, Vec<Diagnostic>> {
        let mut refused = Vec::new();
        for d in &self.new_folders {
            let exists = fs::symlink_metadata(self.root.join(d)).is_ok();
            match self.refuse_links(d) {
                Err(e) => refused.push(e),
                Ok(()) if exists => {
                    refused.push(Diagnostic::error(d, "this folder exists already"))
                }
                Ok(()) => {}
            }
        }
        let mut olds = Vec::new();
        for f in &self.files {
            match self.check(f) {
                Ok(old) => olds.push(old),
                Err(d) => refused.push(d),
            }
        }
        match refused.is_empty() {
            true => Ok(olds),
            false => Err(refused
                .into_iter()
                .map(|d| d.with_hint_suffix(NOTHING_CHANGED))
                .collect()),
        }
    }

    /// Writes every temporary file and new folder, each flushed to disk, in the plan's order.
    fn prepare_all(
        &self,
        olds: Vec<Option<Vec<u8>>>,
        made_dirs: &mut Vec<PathBuf>,
    ) -> Result<Vec<Step>, Diagnostic> {
        let mut steps: Vec<Step> = Vec::new();
        for (f, old) in self.files.iter().zip(olds) {
            let Some(folder) = self.new_folder_of(&f.rel) else {
                steps.push(Step::File(self.prepare(f, old, made_dirs)?));
                continue;
            };
            let path = self.root.join(folder);
            let at = steps
                .iter()
                .position(|s| matches!(s, Step::Folder { path: p, .. } if *p == path));
            let at = match at {
                Some(at) => at,
                None => {
                    let fail =
                        |e: io::Error| Diagnostic::error(folder, format!("cannot create: {e}"));
                    let parent = path.parent().unwrap_or(Path::new("."));
                    make_dirs(parent, made_dirs).map_err(fail)?;
                    let temp = temp_dir_in(parent).map_err(fail)?;
                    steps.push(Step::Folder {
                        temp,
                        path,
                        files: Vec::new(),
                    });
                    steps.len() - 1
                }
            };
            if let Some(Step::Folder { temp, files, .. }) = steps.get_mut(at) {
                let inside = temp
                    .path()
                    .join(f.rel.strip_prefix(folder).unwrap_or(&f.rel));
                write_new(&inside, &f.after)
                    .map_err(|e| Diagnostic::error(&f.rel, format!("cannot write: {e}")))?;
                files.push(self.root.join(&f.rel));
            }
        }
        for step in &steps {
            if let Step::Folder { temp, .. } = step {
                sync_folders(std::iter::once(temp.path().join(".")));
            }
        }
        Ok(steps)
    }

    /// Checks that `f` may be written where it goes; returns what is there now.
    fn check(&self, f: &FileEdit) -> Result<Option<Vec<u8>>, Diagnostic> {
        self.refuse_links(&f.rel)?;
        if self.new_folder_of(&f.rel).is_some() {
            return Ok(None);
        }
        current(&self.root.join(&f.rel), &f.expect).map_err(|what| Diagnostic::error(&f.rel, what))
    }

    /// Checks where `f` goes and writes its temporary file there, flushed to disk.
    fn prepare(
        &self,
        f: &FileEdit,
        old: Option<Vec<u8>>,
        made_dirs: &mut Vec<PathBuf>,
    ) -> Result<Prepared, Diagnostic> {
        let path = self.root.join(&f.rel);
        let fail = |what: String| Diagnostic::error(&f.rel, what);
        let parent = path.parent().unwrap_or(Path::new("."));
        make_dirs(parent, made_dirs).map_err(|e| fail(format!("cannot create its folder: {e}")))?;
        let mut temp = temp_in(parent).map_err(|e| fail(format!("cannot write: {e}")))?;
        // The old file's permissions carry over; a new file gets what `fs::write` gives.
        let permissions = match &old {
            Some(_) => fs::metadata(&path).map(|m| m.permissions()).ok(),
            None => None,
        };
        let written = (|| {
            if let Some(p) = permissions {
                temp.as_file().set_permissions(p)?;
            }
            temp.write_all(&f.after)?;
            temp.flush()?;
            temp.as_file().sync_all()
        })();
        written.map_err(|e| fail(format!("cannot write: {e}")))?;
        Ok(Prepared { temp, path, old })
    }

    /// Refuses a path that passes through a symbolic link under the root: a link could lead
    /// the write anywhere, and renaming over it would replace the link, not its target.
    fn refuse_links(&self, rel: &Path) -> Result<(), Diagnostic> {
        let mut at = self.root.clone();
        for part in rel.components() {
            at.push(part);
            if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
                let shown = at.strip_prefix(&self.root).unwrap_or(&at);
                return Err(Diagnostic::error(
                    rel,
                    format!(
                        "{} is a symbolic link; ictreport does not write through links",
                        shown.display()
                    ),
                )
                .with_hint("replace the link with the file or folder it points to, then run the command again"));
            }
        }
        Ok(())
    }
}

const NOTHING_CHANGED: &str = "no file was changed";

/// What `path` holds now, checked against what the edit expects there (`None`: no file).
fn current(path: &Path, expect: &Expect) -> Result<Option<Vec<u8>>, String> {
    let meta = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read: {e}")),
        Ok(m) => m,
    };
    if *expect == Expect::Nothing {
        return Err("the file exists already".into());
    }
    if !meta.is_file() {
        return Err("this is not a regular file".into());
    }
    let bytes = fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    match expect {
        Expect::Bytes(b) if *b != bytes => {
            Err("the file changed while the command ran; run it again".into())
        }
        _ => Ok(Some(bytes)),
    }
}

fn rename_failed(root: &Path, path: &Path, e: &io::Error, left: &[PathBuf]) -> Diagnostic {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let d = Diagnostic::error(rel, format!("cannot put it in place: {e}"));
    if left.is_empty() {
        return d.with_hint(format!(
            "the files written before it were put back: {NOTHING_CHANGED}"
        ));
    }
    let names: Vec<String> = left
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    d.with_hint(format!(
        "these files were written and could not be put back: {}",
        names.join(", ")
    ))
}

#[cfg(test)]
mod tests;
