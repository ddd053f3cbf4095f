//! The site folder as a boundary: every file ictreport reads (content, theme templates and
//! static files, translations) must resolve, through any symbolic links, to a place inside
//! it. A link to `/etc/passwd` in `themes/x/static/` would otherwise be published, and a
//! province folder linked elsewhere built. `allow_symlinks_outside: true` in site.yaml opts
//! out, for sites that share content between folders on purpose.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The site folder, resolved once.
#[derive(Debug, Clone)]
pub struct SiteDir {
    root: PathBuf,
    /// `root` with every link resolved (`root` itself when it cannot be resolved).
    real: PathBuf,
    allow_outside: bool,
}

impl SiteDir {
    pub fn new(root: &Path) -> SiteDir {
        SiteDir {
            root: root.to_path_buf(),
            real: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            allow_outside: false,
        }
    }

    /// Lets links lead outside the site folder (`allow_symlinks_outside` in site.yaml).
    pub fn allowing_outside(mut self, allow: bool) -> SiteDir {
        self.allow_outside = allow;
        self
    }

    /// The folder as given (paths in messages are relative to it).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `root/rel`, once it is known to lie inside the site folder; else a located error
    /// that names the file but never reads it.
    pub fn inside(&self, rel: &Path) -> Result<PathBuf, Diagnostic> {
        let full = self.root.join(rel);
        if self.allow_outside {
            return Ok(full);
        }
        match full.canonicalize() {
            Ok(real) if real.starts_with(&self.real) => Ok(full),
            Ok(_) => Err(Diagnostic::error(
                rel,
                "this path leads (through a symbolic link) outside the site folder; it was not read",
            )
            .with_hint(
                "copy the file into the site folder, or set `allow_symlinks_outside: true` in \
                 site.yaml if the link is meant",
            )),
            // Missing files are reported by whoever needed them.
            Err(_) => Ok(full),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_out_of_the_site_are_refused_unless_allowed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(tmp.path().join("secret"), "s3cret").unwrap();
        std::fs::write(root.join("content/real.md"), "ok").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret"), root.join("content/x.md")).unwrap();
        std::os::unix::fs::symlink(root.join("content/real.md"), root.join("content/y.md"))
            .unwrap();
        let site = SiteDir::new(&root);
        let e = site.inside(Path::new("content/x.md")).unwrap_err();
        assert!(!e.message.contains("s3cret"));
        assert!(site.inside(Path::new("content/y.md")).is_ok());
        let open = SiteDir::new(&root).allowing_outside(true);
        assert!(open.inside(Path::new("content/x.md")).is_ok());
    }
}
