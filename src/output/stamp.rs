//! The stamp: a small file inside every folder ictreport writes a site into. It marks the
//! folder as ictreport's and lists every file of the site, which is what lets a later build
//! replace the folder, and the preview remove a file, without ever touching a file someone
//! else put there.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;

/// The stamp's file name inside the output folder.
pub const STAMP: &str = ".ictreport-output";

const MAGIC: &str = "# ictreport output folder";
const STAGING: &str = "# staging, process ";
const SEARCH: &str = "# search index ";

/// What a stamp says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamp {
    /// Every file of the site, relative with `/`.
    pub files: BTreeSet<String>,
    /// Set while a build is still writing the folder: the builder's process id.
    pub staging_pid: Option<u32>,
    /// What the search bundle in the folder was built from, for the next build to reuse it
    /// (see `render::search::BundleKey`).
    pub search: Option<String>,
}

impl Stamp {
    /// Reads the stamp of `dir`: `Ok(None)` when the folder has none (or it is not ours).
    pub fn read(dir: &Path) -> io::Result<Option<Stamp>> {
        let path = dir.join(STAMP);
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        if !meta.is_file() {
            return Ok(None);
        }
        let text = fs::read_to_string(&path)?;
        Ok(Stamp::parse(&text))
    }

    fn parse(text: &str) -> Option<Stamp> {
        let mut lines = text.lines();
        if lines.next() != Some(MAGIC) {
            return None;
        }
        let mut stamp = Stamp::default();
        for line in lines {
            if let Some(pid) = line.strip_prefix(STAGING) {
                stamp.staging_pid = pid.trim().parse().ok();
            } else if let Some(key) = line.strip_prefix(SEARCH) {
                stamp.search = Some(key.trim().to_string());
            } else if !line.starts_with('#') && !line.is_empty() {
                stamp.files.insert(line.to_string());
            }
        }
        Some(stamp)
    }

    /// Writes the stamp into `dir` (only if it changed).
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        write_stamp(dir, &self.files, self.staging_pid, self.search.as_deref())
    }
}

/// Writes the stamp of `dir` listing `files` (only if it changed), without copying the list:
/// the preview rewrites it after every edit. The same files give the same bytes, so the
/// preview and a full build write identical stamps.
pub fn write_stamp(
    dir: &Path,
    files: &BTreeSet<String>,
    staging_pid: Option<u32>,
    search: Option<&str>,
) -> io::Result<()> {
    let mut out = String::with_capacity(256 + files.len() * 40);
    out.push_str(MAGIC);
    out.push_str(
        "\n# Written by ictreport: the files below are its own and the next build replaces \
         them.\n# Files added here by hand make builds stop (put them in your theme's static/ \
         folder instead).\n",
    );
    if let Some(pid) = staging_pid {
        out.push_str(&format!("{STAGING}{pid}\n"));
    }
    if let Some(key) = search {
        out.push_str(&format!("{SEARCH}{key}\n"));
    }
    for f in files {
        out.push_str(f);
        out.push('\n');
    }
    super::replace_if_changed(&dir.join(STAMP), out.as_bytes()).map(|_| ())
}

/// Every file under `dir` except the stamp, relative with `/`, sorted; folders that hold
/// nothing are listed with a trailing `/` so an empty folder someone made is seen too.
pub fn files_in(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(dir)
            .map_err(io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        if rel == STAMP {
            continue;
        }
        if entry.file_type().is_dir() {
            let empty = fs::read_dir(entry.path())?.next().is_none();
            if empty {
                out.push(format!("{rel}/"));
            }
        } else {
            out.push(rel);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back_what_was_written() {
        let tmp = tempfile::tempdir().unwrap();
        let stamp = Stamp {
            files: ["a.html", "b/c.css"].map(String::from).into(),
            staging_pid: Some(42),
            search: Some("ab12 cd34".into()),
        };
        stamp.write(tmp.path()).unwrap();
        assert_eq!(Stamp::read(tmp.path()).unwrap(), Some(stamp));
    }

    #[test]
    fn a_file_named_like_the_stamp_but_not_ours_is_no_stamp() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(STAMP), "my notes\n").unwrap();
        assert_eq!(Stamp::read(tmp.path()).unwrap(), None);
    }
}
