//! Every URL the site links to, built in one place so a sub-path base URL and the language
//! prefix (`/en/`) work everywhere.

use crate::model::Lang;
use crate::model::{Indicator, Province, Site, Source, layout};

/// Builds root-relative links (`/ict/en/tinh/vinh-phuc/`) and absolute ones for canonical
/// links, for one language of the site.
#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
    base_url: String,
    /// `""` for the default language, `"en/"` for the others.
    prefix: String,
    pub lang: Lang,
}

impl Urls {
    pub fn new(site: &Site, lang: Lang) -> Self {
        Self {
            base_path: site.config.base_path.clone(),
            base_url: site.config.base_url.clone(),
            prefix: lang_prefix(site, lang),
            lang,
        }
    }

    /// A link to page `path` (no leading slash) in this language.
    pub fn path(&self, path: &str) -> String {
        format!("{}{}{}", self.base_path, self.prefix, path)
    }

    /// A link to a file shared by all languages (static files, downloads).
    pub fn shared(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// The absolute URL of page `path` when the base URL is absolute, else root-relative.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}{}", self.base_url, self.prefix, path)
    }

    /// The output path (relative to the output folder) of page `path` in this language.
    pub fn output(&self, path: &str) -> String {
        format!("{}{}", self.prefix, path)
    }

    pub fn home(&self) -> String {
        self.path("")
    }

    pub fn province(&self, p: &Province) -> String {
        self.path(&province_path(p))
    }

    pub fn indicator(&self, i: &Indicator) -> String {
        self.path(&indicator_path(i))
    }

    pub fn source(&self, s: &Source) -> String {
        self.path(&format!("{}/#{}", layout::SOURCES_DIR, source_anchor(s)))
    }
}

pub use layout::lang_prefix;

/// Paths of each page relative to a language root, without `index.html`.
pub fn province_path(p: &Province) -> String {
    layout::province_path(&p.slug)
}

pub fn indicator_path(i: &Indicator) -> String {
    layout::indicator_path(&i.id)
}

pub fn source_anchor(s: &Source) -> String {
    layout::source_anchor(&s.id)
}
