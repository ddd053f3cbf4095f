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
    /// itself contains `{name}` (an indicator called `{x}`) is not filled again. A count
    /// takes its plural form ICU-style: `{n, plural, one {# province has} other {# provinces
    /// have}}` picks the form `lang`'s rule gives for the value of `n` (see [`plural`]),
    /// with `#` standing for that value.
    pub fn fill(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let template = plurals_chosen(self.t(lang, key), lang, args);
        replace_braced(&template, "{", |name| {
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

/// A plural category of CLDR's rules: the only two the site's languages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    One,
    Other,
}

/// The plural category of a number as `lang` writes it (`1`, `+1`, `1,5`): English says
/// "1 province" but "1.5 provinces" and "0 provinces" (CLDR: one for 1 without visible
/// decimals); Vietnamese nouns do not change with the count.
pub fn plural(lang: Lang, shown: &str) -> Plural {
    let digits = shown.trim().trim_start_matches(['+', '-', '\u{2212}']);
    match lang {
        Lang::En if digits == "1" => Plural::One,
        _ => Plural::Other,
    }
}

/// `template` with every `{name, plural, one {…} other {…}}` replaced by the form that
/// `args`' value of `name` takes in `lang`, `#` in it by the value. A block whose name has
/// no value, or that is not well formed, is left as written (a translator sees it).
fn plurals_chosen<'a>(
    template: &'a str,
    lang: Lang,
    args: &[(&str, &str)],
) -> std::borrow::Cow<'a, str> {
    if !template.contains(", plural,") {
        return std::borrow::Cow::Borrowed(template);
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        match plural_block(&rest[at..], lang, args) {
            Some((chosen, used)) => {
                out.push_str(&chosen);
                rest = &rest[at + used..];
            }
            None => {
                out.push('{');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The chosen form of the plural block `text` starts with, and the block's length.
fn plural_block(text: &str, lang: Lang, args: &[(&str, &str)]) -> Option<(String, usize)> {
    let inner = text.strip_prefix('{')?;
    let (name, after) = inner.split_once(',')?;
    let name = name.trim();
    let after = after.trim_start().strip_prefix("plural,")?;
    let value = args.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)?;
    let wanted = match plural(lang, value) {
        Plural::One => "one",
        Plural::Other => "other",
    };
    let mut pos = text.len() - after.len();
    let mut chosen: Option<&str> = None;
    loop {
        let tail = &text[pos..];
        let trimmed = tail.trim_start();
        pos += tail.len() - trimmed.len();
        if trimmed.starts_with('}') {
            return Some((chosen?.replace('#', value), pos + 1));
        }
        let selector_end = trimmed.find('{')?;
        let selector = trimmed[..selector_end].trim();
        let body_start = pos + selector_end + 1;
        let body_len = balanced_len(&text[body_start..])?;
        let body = &text[body_start..body_start + body_len];
        if selector == wanted || (selector == "other" && chosen.is_none()) {
            chosen = Some(body);
        }
        pos = body_start + body_len + 1;
    }
}

/// The length of `text` up to the `}` that closes a brace already opened.
fn balanced_len(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
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

    /// The `{name}` placeholders of a string, a plural block's name among them (its forms
    /// are words, not placeholders).
    fn placeholders(s: &str) -> BTreeSet<&str> {
        let pieces: Vec<&str> = s.split('{').collect();
        pieces
            .windows(2)
            .filter(|w| {
                let before = w[0].trim_end();
                !(before.ends_with(" one") || before.ends_with(" other"))
            })
            .filter_map(|w| w[1].split(['}', ',']).next())
            .collect()
    }

    #[test]
    fn counts_take_their_plural_form() {
        let i18n = I18n::embedded();
        let shown = |n: &str, lang| {
            i18n.fill(
                lang,
                "chart_tilemap_description",
                &[("total", "63"), ("era", ""), ("shown", n)],
            )
        };
        assert!(shown("1", Lang::En).contains("; 1 province has a figure,"));
        assert!(shown("2", Lang::En).contains("; 2 provinces have a figure,"));
        assert!(shown("1", Lang::Vi).contains("; 1 tỉnh có số liệu,"));
        assert_eq!(plural(Lang::En, "+1"), Plural::One);
        assert_eq!(plural(Lang::En, "1.5"), Plural::Other);
        assert_eq!(plural(Lang::En, "0"), Plural::Other);
        assert_eq!(plural(Lang::Vi, "1"), Plural::Other);
        let block = "{n, plural, one {# site {x}} other {# sites}}!";
        assert_eq!(
            plurals_chosen(block, Lang::En, &[("n", "1")]),
            "1 site {x}!"
        );
        assert_eq!(plurals_chosen(block, Lang::En, &[("n", "3")]), "3 sites!");
        // Unknown names and broken blocks stay as written.
        assert_eq!(plurals_chosen(block, Lang::En, &[]), block);
        let broken = "{n, plural, one {# site";
        assert_eq!(plurals_chosen(broken, Lang::En, &[("n", "1")]), broken);
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
