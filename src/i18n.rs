//! Interface strings per language, from the theme's `i18n/<lang>.yaml` files.
//!
//! Pages and charts both take every word and sentence they show from here, so a translator
//! works in the YAML files only. The default theme's files are embedded; a site's
//! `themes/<name>/i18n/<lang>.yaml` overrides single keys. A key missing from one language is
//! an error, so no page shows a raw key. Callers without a theme (tests, tools) use
//! [`I18n::embedded`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::content::SiteDir;
use crate::diagnostic::{Diagnostic, SourceText};
use crate::model::Lang;
use crate::yaml;

/// Replaces every `{open}name}` in `text` for which `with(name)` gives a value, in one pass
/// (a value is not scanned again); anything else is left as written.
pub fn replace_braced(text: &str, open: &str, with: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        let after = &rest[at + open.len()..];
        let arg = after
            .find('}')
            .and_then(|close| with(&after[..close]).map(|v| (v, close)));
        match arg {
            Some((value, close)) => {
                out.push_str(&value);
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(open);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The embedded default strings.
pub const DEFAULT_STRINGS: &[(Lang, &str)] = &[
    (Lang::Vi, include_str!("../themes/default/i18n/vi.yaml")),
    (Lang::En, include_str!("../themes/default/i18n/en.yaml")),
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
    /// Without `theme` (site and theme folder), the embedded strings alone.
    pub fn load(theme: Option<(&SiteDir, &Path)>, diags: &mut Vec<Diagnostic>) -> I18n {
        let mut maps = defaults(diags);
        for (lang, (site, theme_dir)) in [Lang::Vi, Lang::En]
            .into_iter()
            .flat_map(|lang| theme.map(|t| (lang, t)))
        {
            let root = site.root();
            let rel = theme_dir.join(format!("i18n/{}.yaml", lang.code()));
            let rel = rel.strip_prefix(root).unwrap_or(&rel).to_path_buf();
            if !root.join(&rel).is_file() {
                continue;
            }
            let Some(source) = crate::content::read_text(site, &rel, diags) else {
                continue;
            };
            match yaml::parse::<Strings>(&source) {
                Ok(p) => maps.entry(lang).or_default().extend(p.value),
                Err(d) => diags.push(d),
            }
        }
        let i18n = I18n { maps };
        diags.extend(i18n.missing().into_iter().map(|(lang, key)| {
            Diagnostic::error(
                format!(
                    "themes/{}/i18n/{}.yaml",
                    theme
                        .and_then(|(_, dir)| dir.file_name())
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "default".into()),
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

    /// `t` with `{name}` placeholders filled in. One pass over the template: a value that
    /// itself contains `{name}` (an indicator called `{x}`) is not filled again.
    pub fn fill(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        replace_braced(self.t(lang, key), "{", |name| {
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    /// The embedded default strings alone, parsed once per process: for charts and tests
    /// drawn without a site theme.
    pub fn embedded() -> &'static I18n {
        static EMBEDDED: OnceLock<I18n> = OnceLock::new();
        // The embedded files cannot fail to parse: `every_default_string_has_both_translations`
        // checks them, so the diagnostics are dropped here.
        EMBEDDED.get_or_init(|| I18n {
            maps: defaults(&mut Vec::new()),
        })
    }
}

/// The embedded default strings, by language.
fn defaults(diags: &mut Vec<Diagnostic>) -> BTreeMap<Lang, Strings> {
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
    maps
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_default_string_has_both_translations() {
        let mut diags = Vec::new();
        let i18n = I18n::load(None, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(i18n.missing(), Vec::new());
        assert!(i18n.strings(Lang::Vi).len() > 50);
        assert_eq!(i18n.strings(Lang::Vi).len(), i18n.strings(Lang::En).len());
        assert_eq!(
            i18n.fill(Lang::En, "province_description", &[("name", "Nghệ An")]),
            "ICT sector figures of Nghệ An province"
        );
    }

    /// The `{name}` placeholders of a string.
    fn placeholders(s: &str) -> BTreeSet<&str> {
        s.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn translations_use_the_same_placeholders() {
        let i18n = I18n::embedded();
        // A date is written with other parts per language (04/10/2020, 4 October 2020).
        for (key, vi) in i18n
            .strings(Lang::Vi)
            .iter()
            .filter(|(k, _)| !k.starts_with("date_format"))
        {
            let en = i18n.t(Lang::En, key);
            assert_eq!(placeholders(vi), placeholders(en), "{key}");
        }
    }

    #[test]
    fn fill_does_not_fill_inserted_values_again() {
        let i18n = I18n::embedded();
        let filled = i18n.fill(
            Lang::En,
            "chart_subject_in_province",
            &[("name", "{province}"), ("province", "Nghệ An")],
        );
        assert_eq!(filled, "{province} in Nghệ An");
    }
}
