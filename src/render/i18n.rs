//! Interface strings per language, from the theme's `i18n/<lang>.yaml` files.
//!
//! The default theme's files are embedded; a site's `themes/<name>/i18n/<lang>.yaml` overrides
//! single keys. A key missing from one language is an error, so no page shows a raw key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, SourceText};
use crate::format::Lang;
use crate::yaml;

/// The embedded default strings.
pub const DEFAULT_STRINGS: &[(Lang, &str)] = &[
    (Lang::Vi, include_str!("../../themes/default/i18n/vi.yaml")),
    (Lang::En, include_str!("../../themes/default/i18n/en.yaml")),
];

/// One language's strings.
pub type Strings = BTreeMap<String, String>;

/// Every language's strings.
#[derive(Debug, Clone, Default)]
pub struct I18n {
    maps: BTreeMap<Lang, Strings>,
}

impl I18n {
    /// Loads the embedded strings, then the site theme's overrides under `dir/i18n/`.
    pub fn load(root: &Path, theme_dir: &Path, diags: &mut Vec<Diagnostic>) -> I18n {
        let mut maps = BTreeMap::new();
        for (lang, text) in DEFAULT_STRINGS {
            let path = PathBuf::from(format!("themes/default/i18n/{}.yaml", lang.code()));
            let source = SourceText::new(path, *text);
            match yaml::parse::<Strings>(&source) {
                Ok(p) => {
                    maps.insert(*lang, p.value);
                }
                Err(d) => diags.push(d),
            }
        }
        for lang in [Lang::Vi, Lang::En] {
            let rel = theme_dir.join(format!("i18n/{}.yaml", lang.code()));
            let rel = rel.strip_prefix(root).unwrap_or(&rel).to_path_buf();
            if !root.join(&rel).is_file() {
                continue;
            }
            let Some(source) = crate::content::read_text(root, &rel, diags) else {
                continue;
            };
            match yaml::parse::<Strings>(&source) {
                Ok(p) => maps
                    .entry(lang)
                    .or_insert_with(Strings::new)
                    .extend(p.value),
                Err(d) => diags.push(d),
            }
        }
        let i18n = I18n { maps };
        diags.extend(i18n.missing().into_iter().map(|(lang, key)| {
            Diagnostic::error(
                format!(
                    "themes/{}/i18n/{}.yaml",
                    theme_dir
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    lang.code()
                ),
                format!(
                    "interface string `{key}` has no {} translation",
                    lang.code()
                ),
            )
            .with_hint("add the key to this language's file")
        }));
        i18n
    }

    /// Keys that one language has and another lacks.
    pub fn missing(&self) -> Vec<(Lang, String)> {
        let all: std::collections::BTreeSet<&String> =
            self.maps.values().flat_map(|m| m.keys()).collect();
        let mut out = Vec::new();
        for (lang, map) in &self.maps {
            out.extend(
                all.iter()
                    .filter(|k| !map.contains_key(**k))
                    .map(|k| (*lang, (*k).clone())),
            );
        }
        out
    }

    pub fn strings(&self, lang: Lang) -> &Strings {
        static EMPTY: Strings = Strings::new();
        self.maps.get(&lang).unwrap_or(&EMPTY)
    }

    /// The string for `key` (the key itself if missing, which `load` already reported).
    pub fn t<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        self.strings(lang).get(key).map_or(key, String::as_str)
    }

    /// `t` with `{name}` placeholders filled in.
    pub fn fill(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(lang, key).to_string();
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_string_has_both_translations() {
        let mut diags = Vec::new();
        let i18n = I18n::load(
            Path::new("/nonexistent"),
            Path::new("/nonexistent/themes/default"),
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(i18n.missing(), Vec::new());
        assert!(i18n.strings(Lang::Vi).len() > 50);
        assert_eq!(i18n.strings(Lang::Vi).len(), i18n.strings(Lang::En).len());
        assert_eq!(
            i18n.fill(Lang::En, "province_description", &[("name", "Nghệ An")]),
            "ICT sector figures of Nghệ An province"
        );
    }
}
