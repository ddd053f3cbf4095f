//! Which folder may receive the site. A build replaces its output folder and the preview
//! removes files from it, so the folder must be ictreport's: new, empty, or stamped by an
//! earlier build and holding nothing else. The site folder, its parents, `content/`,
//! `themes/` and files are never accepted, whatever they hold.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::lock::{OutputLock, Writer, lock};
use super::stamp::{STAMP, Stamp, files_in};
use crate::diagnostic::Diagnostic;

/// An output folder that passed `claim`.
#[derive(Debug, Clone)]
pub struct OutputDir {
    /// The folder the site is written into: a symbolic link given as output is followed
    /// (and kept), so this is its target.
    pub real: PathBuf,
    /// The files the previous build left there, from its stamp (empty for a new folder).
    pub previous: BTreeSet<String>,
    /// What the previous build's search bundle was built from, from its stamp.
    pub previous_search: Option<String>,
    /// Held from the claim until the last copy is dropped when the folder was claimed for
    /// writing ([`claim_for`]): the previous site was read under it, so nobody changes the
    /// folder between the reading and the writing.
    pub lock: Option<Arc<OutputLock>>,
}

/// How many of a folder's files an error lists.
const LISTED: usize = 8;

/// Checks that `output` may receive the site built from `root`; nothing is changed.
pub fn claim(root: &Path, output: &Path) -> Result<OutputDir, Diagnostic> {
    claim_with(root, output, None)
}

/// [`claim`] for `writer`, which is about to write there: the folder is locked first (see
/// [`super::lock`]), then its previous site read; a folder another writer holds is refused.
/// Only the folder's parent and the lock file beside it are created.
pub fn claim_for(root: &Path, output: &Path, writer: Writer) -> Result<OutputDir, Diagnostic> {
    claim_with(root, output, Some(writer))
}

fn claim_with(root: &Path, output: &Path, writer: Option<Writer>) -> Result<OutputDir, Diagnostic> {
    let refuse = |msg: String, hint: &str| Diagnostic::error(output, msg).with_hint(hint);
    let root_real = root.canonicalize().map_err(|e| {
        Diagnostic::error(root, format!("cannot open the site folder: {e}"))
            .with_hint("check the --root path")
    })?;
    let real = match fs::symlink_metadata(output) {
        Ok(meta) if meta.file_type().is_symlink() => match output.canonicalize() {
            Ok(target) if target.is_dir() => target,
            Ok(target) => {
                return Err(refuse(
                    format!(
                        "the output is a link to {}, which is not a folder",
                        target.display()
                    ),
                    "point --output at a folder (or a link to a folder)",
                ));
            }
            Err(e) => {
                return Err(refuse(
                    format!("the output is a link whose target cannot be opened: {e}"),
                    "create the folder the link points to, or choose another --output",
                ));
            }
        },
        Ok(meta) if meta.is_dir() => output.canonicalize().map_err(|e| {
            refuse(
                format!("cannot open the output folder: {e}"),
                "check its permissions",
            )
        })?,
        Ok(_) => {
            return Err(refuse(
                "the output is a file, not a folder; it was left as it is".into(),
                "choose a folder for --output (a new one is created)",
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => resolve_missing(output),
        Err(e) => {
            return Err(refuse(
                format!("cannot open the output: {e}"),
                "check the path and its permissions",
            ));
        }
    };
    check_place(&root_real, &real).map_err(|msg| {
        refuse(
            msg,
            "write the site into a folder of its own, e.g. the default `output/` inside the site folder",
        )
    })?;
    let held = match writer {
        Some(w) => lock(&real, w)?.map(Arc::new),
        None => None,
    };
    let previous = if real.is_dir() {
        previous_site(&real).map_err(|(msg, hint)| refuse(msg, hint))?
    } else {
        Stamp::default()
    };
    Ok(OutputDir {
        real,
        previous: previous.files,
        previous_search: previous.search,
        lock: held,
    })
}

/// The site folder itself, a folder that contains it, and its sources are never outputs.
fn check_place(root: &Path, real: &Path) -> Result<(), String> {
    if real == root {
        return Err("the output is the site folder itself; building would replace it".into());
    }
    if root.starts_with(real) {
        return Err(format!(
            "the output {} contains the site folder; building would replace it",
            real.display()
        ));
    }
    for sources in crate::model::inputs::SOURCE_DIRS {
        let lexical = root.join(sources);
        let resolved = lexical.canonicalize().unwrap_or_else(|_| lexical.clone());
        if real.starts_with(&lexical) || real.starts_with(&resolved) {
            return Err(format!(
                "the output is inside `{sources}/`, the site's own sources"
            ));
        }
    }
    Ok(())
}

/// The stamp of the previous site in `real`, if the folder is ictreport's.
fn previous_site(real: &Path) -> Result<Stamp, (String, &'static str)> {
    let io_err = |e: io::Error| {
        (
            format!("cannot read the output folder: {e}"),
            "check its permissions",
        )
    };
    let present = files_in(real).map_err(io_err)?;
    let stamp = Stamp::read(real).map_err(io_err)?;
    let Some(stamp) = stamp.filter(|s| s.staging_pid.is_none()) else {
        if present.is_empty() && !real.join(STAMP).exists() {
            return Ok(Stamp::default());
        }
        return Err((
            format!(
                "the output folder holds files ictreport did not write ({}); nothing was changed",
                listing(&present)
            ),
            "choose a new or empty folder, or move these files away; ictreport only replaces \
             folders it wrote itself (they hold a .ictreport-output stamp). If an earlier \
             ictreport version built this folder, delete it once by hand",
        ));
    };
    let (temporaries, foreign): (Vec<String>, Vec<String>) = present
        .into_iter()
        .filter(|f| !stamp.files.contains(f))
        .partition(|f| is_temporary_of(f, &stamp.files));
    if !foreign.is_empty() {
        return Err((
            format!(
                "the output folder holds files the last build did not write ({}); nothing was changed",
                listing(&foreign)
            ),
            "move them out of the output folder: a build replaces the whole folder. To publish a \
             file with the site, put it in themes/<theme>/static/",
        ));
    }
    // Half-written files of an interrupted preview count as the site's: the next build or
    // preview removes them with it.
    let mut stamp = stamp;
    stamp.files.extend(temporaries);
    Ok(stamp)
}

/// Whether `rel` is the temporary file [`super::write_if_changed`] writes beside one of
/// `files` (or beside the stamp) before renaming it into place.
fn is_temporary_of(rel: &str, files: &BTreeSet<String>) -> bool {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, n)| (d, n));
    let Some(of) = name
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(super::TEMPORARY_SUFFIX))
    else {
        return false;
    };
    let target = if dir.is_empty() {
        of.to_string()
    } else {
        format!("{dir}/{of}")
    };
    target == STAMP || files.contains(&target)
}

fn listing(files: &[String]) -> String {
    let shown: Vec<&str> = files.iter().take(LISTED).map(String::as_str).collect();
    let more = files.len().saturating_sub(LISTED);
    if more > 0 {
        format!("{}, and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// The absolute, link-free form of a path that does not exist yet: `..` taken lexically,
/// then its deepest existing ancestor resolved and the remaining names appended.
fn resolve_missing(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut lexical = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut rest = Vec::new();
    let mut base = lexical;
    loop {
        if let Ok(real) = base.canonicalize() {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match base.file_name().map(|n| n.to_os_string()) {
            Some(name) => {
                rest.push(name);
                base.pop();
            }
            None => {
                base.extend(rest.iter().rev());
                return base;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir_all(tmp.path().join("site/content/provinces")).unwrap();
        fs::create_dir_all(tmp.path().join("site/themes")).unwrap();
        tmp
    }

    #[test]
    fn the_site_its_parent_and_its_sources_are_refused() {
        let tmp = site();
        let root = tmp.path().join("site");
        for bad in [
            root.clone(),
            tmp.path().to_path_buf(),
            root.join("content"),
            root.join("content/provinces/new"),
            root.join("themes/x"),
            root.join("content/../content"),
        ] {
            let e = claim(&root, &bad).unwrap_err();
            assert!(e.is_error(), "{}", bad.display());
        }
    }

    #[test]
    fn a_new_or_empty_folder_is_accepted_and_a_file_is_not() {
        let tmp = site();
        let root = tmp.path().join("site");
        assert!(claim(&root, &root.join("output")).is_ok());
        fs::create_dir(tmp.path().join("empty")).unwrap();
        assert!(claim(&root, &tmp.path().join("empty")).is_ok());
        fs::write(tmp.path().join("out.txt"), "notes").unwrap();
        let e = claim(&root, &tmp.path().join("out.txt")).unwrap_err();
        assert!(e.message.contains("is a file"), "{}", e.message);
    }

    #[test]
    fn a_folder_of_other_files_is_refused_until_stamped_and_clean() {
        let tmp = site();
        let root = tmp.path().join("site");
        let docs = tmp.path().join("docs");
        fs::create_dir(&docs).unwrap();
        fs::write(docs.join("thesis.docx"), "mine").unwrap();
        let e = claim(&root, &docs).unwrap_err();
        assert!(e.message.contains("thesis.docx"), "{}", e.message);
        let stamp = Stamp {
            files: ["index.html".to_string()].into(),
            staging_pid: None,
            search: None,
        };
        stamp.write(&docs).unwrap();
        let e = claim(&root, &docs).unwrap_err();
        assert!(e.message.contains("thesis.docx"), "{}", e.message);
        fs::remove_file(docs.join("thesis.docx")).unwrap();
        fs::write(docs.join("index.html"), "site").unwrap();
        let ok = claim(&root, &docs).unwrap();
        assert_eq!(ok.previous, stamp.files);
    }

    #[test]
    fn a_symlinked_output_resolves_to_its_target() {
        let tmp = site();
        let root = tmp.path().join("site");
        let target = tmp.path().join("real");
        fs::create_dir(&target).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let ok = claim(&root, &link).unwrap();
        assert_eq!(ok.real, target.canonicalize().unwrap());
        std::os::unix::fs::symlink(&root, tmp.path().join("to-site")).unwrap();
        assert!(claim(&root, &tmp.path().join("to-site")).is_err());
    }

    #[test]
    fn half_written_files_of_an_interrupted_preview_are_the_sites() {
        let tmp = site();
        let root = tmp.path().join("site");
        let out = tmp.path().join("out");
        fs::create_dir_all(out.join("tinh")).unwrap();
        fs::write(out.join("tinh/a.html"), "a").unwrap();
        fs::write(out.join("tinh/.a.html.ictreport-tmp"), "hal").unwrap();
        Stamp {
            files: ["tinh/a.html".to_string()].into(),
            staging_pid: None,
            search: None,
        }
        .write(&out)
        .unwrap();
        let ok = claim(&root, &out).unwrap();
        assert!(ok.previous.contains("tinh/.a.html.ictreport-tmp"));
        // Not beside a file of the site: someone else's.
        fs::write(out.join("tinh/.b.html.ictreport-tmp"), "?").unwrap();
        let e = claim(&root, &out).unwrap_err();
        assert!(e.message.contains(".b.html.ictreport-tmp"), "{}", e.message);
    }
}
