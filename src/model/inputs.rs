//! The names of a site folder's inputs, spelled once: the loader reads them, the preview
//! classifies an edited path by them, scaffolding and import write them, and the output
//! folder is refused inside them. A renamed input is renamed here only.

use std::path::{Path, PathBuf};

/// The site's settings, at the top of the site folder.
pub const CONFIG_FILE: &str = "site.yaml";
/// Everything a writer edits lives under this folder.
pub const CONTENT_DIR: &str = "content";
/// Under [`CONTENT_DIR`]: one folder per province.
pub const PROVINCES_DIR: &str = "provinces";
/// Under [`CONTENT_DIR`]: the indicator catalog.
pub const CATALOG_FILE: &str = "indicators.yaml";
/// Under [`CONTENT_DIR`]: the sources figures cite.
pub const SOURCES_FILE: &str = "sources.yaml";
/// In a province folder: its figures.
pub const METRICS_FILE: &str = "metrics.yaml";
/// In a province folder: its summary (without it, the newest dated edition is the page).
pub const SUMMARY_FILE: &str = "index.md";
/// The extension of every prose file (free pages, summaries, translations, editions).
pub const PROSE_EXTENSION: &str = "md";
/// A site's themes, one folder each, at the top of the site folder.
pub const THEMES_DIR: &str = "themes";
/// In a theme folder: templates replacing the embedded ones.
pub const TEMPLATES_DIR: &str = "templates";
/// In a theme folder: static files copied to the output.
pub const THEME_STATIC_DIR: &str = "static";

/// The folders of the site a build reads from: no output folder may lie inside them.
pub const SOURCE_DIRS: [&str; 2] = [CONTENT_DIR, THEMES_DIR];

/// `content/indicators.yaml`.
pub fn catalog() -> PathBuf {
    Path::new(CONTENT_DIR).join(CATALOG_FILE)
}

/// `content/sources.yaml`.
pub fn sources() -> PathBuf {
    Path::new(CONTENT_DIR).join(SOURCES_FILE)
}

/// `content/provinces`.
pub fn provinces_dir() -> PathBuf {
    Path::new(CONTENT_DIR).join(PROVINCES_DIR)
}

/// `content/provinces/<slug>`.
pub fn province_dir(slug: &str) -> PathBuf {
    provinces_dir().join(slug)
}

/// `themes/<name>`.
pub fn theme_dir(name: &str) -> PathBuf {
    Path::new(THEMES_DIR).join(name)
}

/// What a path of the site folder is, as an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input<'a> {
    /// `site.yaml`.
    Config,
    /// `content/indicators.yaml`.
    Catalog,
    /// `content/sources.yaml`.
    Sources,
    /// `content/provinces` itself.
    ProvinceList,
    /// `content/provinces/<slug>`, the folder itself.
    ProvinceDir(&'a str),
    /// Anything inside `content/provinces/<slug>/`.
    ProvinceFile(&'a str),
    /// `content/<stem>.md`, a free page.
    Page(&'a str),
    /// Anything under `themes/`.
    Theme,
    /// Not an input.
    Other,
}

/// What `rel` (relative to the site folder) is.
pub fn input_of(rel: &Path) -> Input<'_> {
    let parts: Vec<&str> = rel.iter().filter_map(|s| s.to_str()).collect();
    match parts.as_slice() {
        [CONFIG_FILE] => Input::Config,
        [CONTENT_DIR, CATALOG_FILE] => Input::Catalog,
        [CONTENT_DIR, SOURCES_FILE] => Input::Sources,
        [CONTENT_DIR, PROVINCES_DIR] => Input::ProvinceList,
        [CONTENT_DIR, PROVINCES_DIR, slug] => Input::ProvinceDir(slug),
        [CONTENT_DIR, PROVINCES_DIR, slug, ..] => Input::ProvinceFile(slug),
        [CONTENT_DIR, file] => match file.strip_suffix(PROSE_EXTENSION) {
            Some(stem) if stem.ends_with('.') => Input::Page(&stem[..stem.len() - 1]),
            _ => Input::Other,
        },
        [THEMES_DIR, ..] => Input::Theme,
        _ => Input::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified_by_the_names_above() {
        fn of(p: &str) -> Input<'_> {
            input_of(Path::new(p))
        }
        assert_eq!(of("site.yaml"), Input::Config);
        assert_eq!(of("content/indicators.yaml"), Input::Catalog);
        assert_eq!(of("content/sources.yaml"), Input::Sources);
        assert_eq!(of("content/provinces"), Input::ProvinceList);
        assert_eq!(of("content/provinces/ha-noi"), Input::ProvinceDir("ha-noi"));
        assert_eq!(
            of("content/provinces/ha-noi/metrics.yaml"),
            Input::ProvinceFile("ha-noi")
        );
        assert_eq!(of("content/gioi-thieu.md"), Input::Page("gioi-thieu"));
        assert_eq!(of("content/notes.txt"), Input::Other);
        assert_eq!(of("content/xmd"), Input::Other);
        assert_eq!(of("themes/x/templates/base.html"), Input::Theme);
        assert_eq!(of("output/index.html"), Input::Other);
        assert_eq!(
            province_dir("ha-noi").join(METRICS_FILE),
            Path::new("content/provinces/ha-noi/metrics.yaml")
        );
    }
}
