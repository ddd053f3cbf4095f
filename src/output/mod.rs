//! Writing the site: the output folder is ictreport's or nothing.
//!
//! `claim` decides whether a folder may receive the site (never the site folder, its parents,
//! `content/`, `themes/`, a file, or a folder of someone else's files); `lock` keeps a
//! second writer (a build beside a running preview) out of a folder in use; `stamp` marks a folder
//! ictreport wrote and lists every file in it, so later builds and the preview know exactly
//! what they may replace or remove; `staging` builds the new site beside the old one and swaps
//! it in atomically; `write_if_changed` is the one place a file of the site is written.

mod claim;
mod lock;
mod staging;
mod stamp;

pub use claim::{OutputDir, claim, claim_for};
pub use lock::{OutputLock, Writer};
pub use staging::Staging;
pub use stamp::{STAMP, Stamp, write_stamp};

use std::fs;
use std::io;

/// Where `build` publishes the site, inside the site folder, unless `--output` says otherwise.
pub const BUILD_DIR: &str = "output";

/// Where the preview writes, inside the site folder, unless `--output` says otherwise: never
/// the folder `build` publishes, since the preview shows drafts and a deploy of `output/`
/// after a preview would publish them. Hidden, as it is nobody's to publish or commit.
pub const PREVIEW_DIR: &str = ".ictreport/preview";
use std::path::{Component, Path, PathBuf};

/// Where rendered files go: the staging folder and the preview write them, `check` only
/// scans them for links.
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Writes the file at `path` as `fill` produces it, in pieces: the whole-site downloads
    /// are too large to hold in memory whole on a site of thousands of provinces. A sink
    /// that needs the bytes whole (the default) collects them.
    fn write_streamed(&self, path: &str, fill: Fill<'_>) -> io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(path, &bytes)
    }

    /// The render starts a phase that writes about `files` files (0: unknown), for a
    /// progress display; most sinks ignore it.
    fn phase(&self, _name: &str, _files: usize) {}
}

/// What writes a streamed file's bytes into the writer it is given.
pub type Fill<'a> = &'a mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>;

/// A sink that keeps nothing: for rendering only to see whether it succeeds (`check`).
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _path: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn write_streamed(&self, _path: &str, fill: Fill<'_>) -> io::Result<()> {
        fill(&mut io::sink())
    }
}

/// `dir/rel` for a relative path made only of normal components; anything else (`..`, an
/// absolute path, a drive prefix) is refused, whatever produced it.
pub fn safe_join(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    let path = Path::new(rel);
    if rel.is_empty()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("unsafe output path {rel}"),
        ));
    }
    if rel == STAMP {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{STAMP} is reserved for ictreport's own record of the output"),
        ));
    }
    Ok(dir.join(path))
}

/// Writes `bytes` at `dir/rel` unless the file already holds them, through a temporary file
/// and a rename so a reader (the preview's browser) never sees half a file. Returns whether
/// it wrote.
pub fn write_if_changed(dir: &Path, rel: &str, bytes: &[u8]) -> io::Result<bool> {
    replace_if_changed(&safe_join(dir, rel)?, bytes)
}

/// The end of the name of a file written beside its target and renamed into place.
const TEMPORARY_SUFFIX: &str = ".ictreport-tmp";

/// Writes `bytes` at `full` unless the file already holds them, through a temporary file
/// beside it and a rename. Returns whether it wrote.
fn replace_if_changed(full: &Path, bytes: &[u8]) -> io::Result<bool> {
    if same_content(full, bytes) {
        return Ok(false);
    }
    if let Some(parent) = full.parent() {
        fs::create_dir_all(parent)?;
    }
    let tmp = temporary_beside(full);
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, full)?;
    Ok(true)
}

/// [`write_if_changed`] for a file written as `fill` produces it: written beside its target,
/// compared with it, and renamed into place only when they differ (else removed), so an
/// unchanged file keeps its timestamp. Returns whether it wrote.
pub fn write_streamed_if_changed(dir: &Path, rel: &str, fill: Fill<'_>) -> io::Result<bool> {
    let full = safe_join(dir, rel)?;
    if let Some(parent) = full.parent() {
        fs::create_dir_all(parent)?;
    }
    let tmp = temporary_beside(&full);
    write_file_with(&tmp, fill)?;
    if same_files(&full, &tmp) {
        fs::remove_file(&tmp)?;
        return Ok(false);
    }
    fs::rename(&tmp, &full)?;
    Ok(true)
}

/// Creates `path` and writes it through a buffer as `fill` produces the bytes.
pub(crate) fn write_file_with(path: &Path, fill: Fill<'_>) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, fs::File::create(path)?);
    fill(&mut out)?;
    out.into_inner().map_err(io::IntoInnerError::into_error)?;
    Ok(())
}

/// Where a file is written before it is renamed to `full`.
pub(crate) fn temporary_beside(full: &Path) -> PathBuf {
    let name = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    full.with_file_name(format!(".{name}{TEMPORARY_SUFFIX}"))
}

/// Whether `old` is a regular file (not a link) with exactly the bytes of the file `new`,
/// compared a block at a time so neither is read whole into memory.
pub fn same_files(old: &Path, new: &Path) -> bool {
    use io::Read;
    let (Ok(a), Ok(b)) = (fs::symlink_metadata(old), fs::metadata(new)) else {
        return false;
    };
    if !a.is_file() || a.len() != b.len() {
        return false;
    }
    let (Ok(a), Ok(b)) = (fs::File::open(old), fs::File::open(new)) else {
        return false;
    };
    let (mut a, mut b) = (io::BufReader::new(a), io::BufReader::new(b));
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = match a.read(&mut x) {
            Ok(n) => n,
            Err(_) => return false,
        };
        if n == 0 {
            // Same length, every byte so far equal: `new` ends here too.
            return true;
        }
        if b.read_exact(&mut y[..n]).is_err() || x[..n] != y[..n] {
            return false;
        }
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

/// Removes `dir/rel` and then its parent folders as long as they are empty (never `dir`).
pub fn remove_file(dir: &Path, rel: &str) -> bool {
    let Ok(full) = safe_join(dir, rel) else {
        return false;
    };
    if fs::remove_file(&full).is_err() {
        return false;
    }
    let mut parent = full;
    while parent.pop() && parent != dir {
        if fs::remove_dir(&parent).is_err() {
            break;
        }
    }
    true
}
