//! Every URL the site links to, built in one place so a sub-path base URL works everywhere.

use crate::model::{Indicator, Province, Site, Source};

/// Builds root-relative links (`/ict/tinh/vinh-phuc/`) and absolute ones for canonical links.
#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
    base_url: String,
}

impl Urls {
    pub fn new(site: &Site) -> Self {
        Self {
            base_path: site.config.base_path.clone(),
            base_url: site.config.base_url.clone(),
        }
    }

    /// A link to `path` (no leading slash) inside the site.
    pub fn path(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// The absolute URL of `path` when the base URL is absolute, else the same as `path`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
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
        self.path(&format!("nguon/#{}", source_anchor(s)))
    }
}

/// Output paths (relative to the output folder) of each page, without `index.html`.
pub fn province_path(p: &Province) -> String {
    format!("tinh/{}/", p.slug)
}

pub fn indicator_path(i: &Indicator) -> String {
    format!("chi-so/{}/", i.id)
}

pub fn source_anchor(s: &Source) -> String {
    format!("nguon-{}", s.id)
}
