//! What a changed path is, and so what must be redone.

use std::path::Path;

use crate::model::inputs::{Input, input_of};

/// The kinds of input a site has; each decides how much of the site an edit touches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// `content/provinces/<slug>/…`: that province's page, its indicators' pages, lists,
    /// downloads and feeds.
    Province(String),
    /// `content/indicators.yaml`, `content/sources.yaml`, `content/*.md`, `site.yaml`, or
    /// anything under `themes/`: every page may show it.
    Everything(&'static str),
    /// Not an input (editor swap files, the output folder).
    Ignored,
}

/// Classifies `path` (absolute, or relative to `root`).
pub fn classify(root: &Path, path: &Path) -> Change {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
    {
        return Change::Ignored;
    }
    match input_of(rel) {
        Input::Config => Change::Everything("site.yaml"),
        Input::Catalog => Change::Everything("indicator catalog"),
        Input::Sources => Change::Everything("sources"),
        Input::ProvinceDir(slug) | Input::ProvinceFile(slug) => Change::Province(slug.to_string()),
        Input::ProvinceList => Change::Everything("province list"),
        Input::Page(_) => Change::Everything("page"),
        Input::Theme => Change::Everything("theme"),
        Input::Other => Change::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_inputs() {
        let root = Path::new("/site");
        assert_eq!(
            classify(
                root,
                Path::new("/site/content/provinces/vinh-phuc/metrics.yaml")
            ),
            Change::Province("vinh-phuc".into())
        );
        assert_eq!(
            classify(root, Path::new("/site/content/provinces/vinh-phuc")),
            Change::Province("vinh-phuc".into())
        );
        assert_eq!(
            classify(root, Path::new("/site/content/indicators.yaml")),
            Change::Everything("indicator catalog")
        );
        assert_eq!(
            classify(root, Path::new("/site/themes/default/templates/base.html")),
            Change::Everything("theme")
        );
        assert_eq!(
            classify(root, Path::new("/site/site.yaml")),
            Change::Everything("site.yaml")
        );
        assert_eq!(
            classify(root, Path::new("/site/content/about.md")),
            Change::Everything("page")
        );
        assert_eq!(
            classify(
                root,
                Path::new("/site/content/provinces/x/.metrics.yaml.swp")
            ),
            Change::Ignored
        );
        assert_eq!(
            classify(root, Path::new("/site/output/index.html")),
            Change::Ignored
        );
    }
}
