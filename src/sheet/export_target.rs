//! Where `ictreport export` may write: a `.xlsx` or `.csv` file outside the folders the site
//! is made of (`content/`, `themes/`, the output folder), never reached through a symbolic
//! link inside the site, and replacing (with `--force`) only a regular file of the export's
//! kind. An export is the user's file too: it goes through the same atomic writer.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::source_edit::SourceEdit;

/// The folders of a site an export never writes into (relative to the root): its sources,
/// the folder `build` publishes and the preview's.
const SITE_FOLDERS: [&str; 4] = [
    "content",
    "themes",
    crate::output::BUILD_DIR,
    crate::output::PREVIEW_DIR,
];

/// The export's format, told by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Csv,
    Xlsx,
}

/// A checked place to write the export.
#[derive(Debug)]
pub(super) struct Target {
    pub format: Format,
    /// The folder the file goes in (resolved) and its name.
    dir: PathBuf,
    name: PathBuf,
    /// A file is there (which `--force` allows to replace).
    exists: bool,
}

impl Target {
    /// Checks that `file` may be written for the site at `root`.
    pub fn check(root: &Path, file: &Path, force: bool) -> Result<Target, Diagnostic> {
        let refuse = |what: &str, hint: &str| Diagnostic::error(file, what).with_hint(hint);
        let format = match extension(file).as_str() {
            "csv" => Format::Csv,
            "xlsx" => Format::Xlsx,
            _ => {
                return Err(refuse(
                    "export writes .xlsx or .csv files",
                    "name the file data.xlsx or data.csv",
                ));
            }
        };
        let Some(name) = file.file_name().map(PathBuf::from) else {
            return Err(refuse(
                "this is no file name",
                "name the file data.xlsx or data.csv",
            ));
        };
        let parent = match file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = fs::canonicalize(&parent).map_err(|e| {
            refuse(
                &format!("cannot use its folder: {e}"),
                "write the export into a folder that exists",
            )
        })?;
        let site = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        if let Some(link) = link_inside(file, &site) {
            return Err(refuse(
                &format!(
                    "{} is a symbolic link; export does not write through links",
                    link.display()
                ),
                "choose a path without links, e.g. beside site.yaml",
            ));
        }
        if let Some(folder) = SITE_FOLDERS
            .iter()
            .find(|f| dir.starts_with(resolved(&site.join(f))))
        {
            return Err(refuse(
                &format!("export does not write into the site's {folder}/ folder"),
                "write the export beside site.yaml or outside the site",
            ));
        }
        let exists = match fs::symlink_metadata(dir.join(&name)) {
            Ok(m) if !m.is_file() => {
                return Err(refuse(
                    "this is not a regular file",
                    "choose another name for the export",
                ));
            }
            Ok(_) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(refuse(&format!("cannot read: {e}"), "choose another name")),
        };
        if exists && !force {
            return Err(refuse(
                "the file exists",
                "choose another name, or pass --force to replace it",
            ));
        }
        Ok(Target {
            format,
            dir,
            name,
            exists,
        })
    }

    /// Writes the export's bytes atomically (a new file, or the one `--force` replaces).
    pub fn write(&self, bytes: Vec<u8>) -> Result<(), Vec<Diagnostic>> {
        let mut edit = SourceEdit::new(&self.dir);
        match self.exists {
            true => edit.overwrite(&self.name, bytes),
            false => edit.create(&self.name, bytes),
        }
        edit.commit().map(drop)
    }
}

fn extension(file: &Path) -> String {
    file.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// `path` with its links resolved, as far as it exists (a folder not made yet stays as is).
fn resolved(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The first symbolic link on the way to `file` (the file itself included) that lies in the
/// site (its folder is under `site`, resolved), if any. A link to the file itself is refused
/// anywhere: writing it would replace the link or the file behind it.
fn link_inside(file: &Path, site: &Path) -> Option<PathBuf> {
    if fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_symlink()) {
        return Some(file.to_path_buf());
    }
    let absolute = std::path::absolute(file).ok()?;
    absolute.ancestors().skip(1).find_map(|a| {
        let is_link = fs::symlink_metadata(a).is_ok_and(|m| m.file_type().is_symlink());
        let in_site = a.parent().is_some_and(|p| resolved(p).starts_with(site));
        (is_link && in_site).then(|| a.to_path_buf())
    })
}
