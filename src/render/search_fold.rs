//! Search finds Vietnamese the way people type it: "dien tu" finds what "điện tử" finds,
//! "Da Nang" what "Đà Nẵng" finds, and a page with the query's exact marks ranks higher.
//!
//! The key a word is found by is [`crate::slug::fold`]. Pagefind already folds case and
//! every mark Unicode decomposes (NFD without combining marks), in the index and in the query
//! alike, and keeps each word's marked form to rank exact matches first. `đ`/`Đ` do not
//! decompose, so Pagefind would keep them: the index is given them as `d`/`D` followed by
//! [`STROKE`], a combining mark its folding drops, and the search box writes the query the
//! same way and turns the mark back into `đ` in the results it shows ([`ui_script`], added
//! to Pagefind's UI script, from the same table, so that every theme's search box does it).
//! Nothing grows: a word with `đ` is filed under its folded form, with its marked form as a
//! variant, like any word with a tone mark.
//!
//! Pagefind's own boost of exact marks ranks one page up, not every one: a long page with
//! "điện tử" can score below a short one with only "điện từ". So the search box searches
//! through [`EXACT_FIRST_MODULE`], which places every result that has each word of a marked
//! query with exactly its marks before every result that matches only once marks are folded
//! (reading the results' text to know, so a marked query loads all of its results).

use std::borrow::Cow;

/// Stands for the stroke of `đ` in what Pagefind reads: a combining mark (so Pagefind's
/// folding drops it) that is also alphabetic (so Pagefind keeps it inside the word, and does
/// not split the word there), and that no Vietnamese text contains (COMBINING GREEK
/// YPOGEGRAMMENI, written under Greek vowels only).
pub const STROKE: char = '\u{345}';

/// The letters Unicode does not decompose although people type them without their mark,
/// with the letter they type.
pub const UNDECOMPOSED: [(char, char); 2] = [('đ', 'd'), ('Đ', 'D')];

/// `text` as the search index reads it: each `đ`/`Đ` as `d`/`D` and [`STROKE`], the rest
/// unchanged. Markup is left alone: only text between tags changes, so ids and links of
/// the document stay what the page has.
pub fn for_index(html: &str) -> Cow<'_, str> {
    if !html.chars().any(|c| stroked(c).is_some()) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 8);
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    for c in html.chars() {
        match (in_tag, quote, c) {
            (true, Some(q), c) if c == q => quote = None,
            (true, None, '"' | '\'') => quote = Some(c),
            (true, None, '>') => in_tag = false,
            (false, _, '<') => in_tag = true,
            (false, _, c) => {
                if let Some(base) = stroked(c) {
                    out.push(base);
                    out.push(STROKE);
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// The letter typed for `c` when Unicode does not decompose it.
fn stroked(c: char) -> Option<char> {
    UNDECOMPOSED
        .iter()
        .find(|(letter, _)| *letter == c)
        .map(|(_, base)| *base)
}

/// The bundle file that defines `PagefindUI`, which every search page loads.
pub const UI_SCRIPT: &str = "pagefind-ui.js";

/// Pagefind's module with its `search` re-ranked exact-first ([`exact_first_module`]),
/// inside the bundle; the search box loads it instead of `pagefind.js`.
pub const EXACT_FIRST_MODULE: &str = "ictreport/pagefind.js";

/// The text of [`EXACT_FIRST_MODULE`]: everything `pagefind.js` exports, with `search`
/// wrapped to put exact-mark results first (in Pagefind's order within each group).
pub fn exact_first_module() -> &'static str {
    EXACT_FIRST_TEMPLATE
}

const EXACT_FIRST_TEMPLATE: &str = r#"// ictreport (src/render/search_fold.rs): Pagefind's search with every result that has each
// word of a marked query with exactly its marks before every result that has them only once
// marks are folded away. The search box loads this module instead of ../pagefind.js.
import * as pagefind from "../pagefind.js";
export * from "../pagefind.js";

function words(text) {
  return (text || "").normalize("NFC").toLocaleLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
}
function folded(word) {
  return word.normalize("NFD").replace(/\p{M}/gu, "");
}

export async function search(term, options) {
  const found = await pagefind.search(term, options);
  const query = typeof term === "string" ? words(term) : [];
  if (!found || !Array.isArray(found.results) || query.every((w) => folded(w) === w)) return found;
  const results = found.results.map((r) => {
    let data = null;
    return Object.assign({}, r, { data: () => (data = data || r.data()) });
  });
  const exact = await Promise.all(results.map(async (r) => {
    const d = await r.data();
    const has = new Set(words(d.content + " " + ((d.meta && d.meta.title) || "")));
    return query.every((w) => has.has(w));
  }));
  found.results = results.filter((_, i) => exact[i]).concat(results.filter((_, i) => !exact[i]));
  return found;
}
"#;

/// What is added to [`UI_SCRIPT`]: `window.ictreportSearch` (`term` writes a query as the
/// index is written, `shown` and `result` turn the stroke back into `đ`), and a `PagefindUI`
/// that applies them around a theme's own `processTerm` and `processResult`.
pub fn ui_script() -> String {
    UI_SCRIPT_TEMPLATE
        .replace("STROKES", &stroke_table_json())
        .replace("EXACT_FIRST", EXACT_FIRST_MODULE)
}

const UI_SCRIPT_TEMPLATE: &str = r#"
// ictreport (src/render/search_fold.rs): the index has each đ as d and a mark Pagefind folds
// away, so that "dien" finds "điện"; a query is written the same way, results show đ again.
(function () {
  var strokes = STROKES;
  var letters = Object.keys(strokes);
  function swap(text, from, to) {
    return typeof text === "string" ? text.split(from).join(to) : text;
  }
  function term(text) {
    text = text.normalize("NFC");
    letters.forEach(function (l) { text = swap(text, l, strokes[l]); });
    return text;
  }
  function shown(text) {
    letters.forEach(function (l) { text = swap(text, strokes[l], l); });
    return text;
  }
  function result(r) {
    r.excerpt = shown(r.excerpt);
    r.content = shown(r.content);
    if (r.meta) r.meta.title = shown(r.meta.title);
    (r.sub_results || []).forEach(function (s) {
      s.title = shown(s.title);
      s.excerpt = shown(s.excerpt);
    });
    return r;
  }
  // Where this script was loaded from: Pagefind's bundle, which holds the exact-first module.
  var script = document.currentScript && document.currentScript.src;
  var bundle = script ? new URL("./", script).pathname : "/pagefind/";
  var module = bundle + "EXACT_FIRST";
  window.ictreportSearch = { term: term, shown: shown, result: result, module: module };
  var UI = window.PagefindUI;
  if (!UI) return;
  window.PagefindUI = class extends UI {
    constructor(options) {
      var own = options || {};
      var from = (own.bundlePath || bundle) + "EXACT_FIRST".replace(/[^/]*$/, "");
      super(Object.assign({}, own, {
        bundlePath: from,
        processTerm: function (t) { return term(own.processTerm ? own.processTerm(t) : t); },
        processResult: function (r) { r = result(r); return own.processResult ? own.processResult(r) : r; },
      }));
    }
  };
})();
"#;

/// The table the search box applies to a query, as JSON: `{"đ":"d\u0345","Đ":"D\u0345"}`.
pub fn stroke_table_json() -> String {
    let pairs: serde_json::Map<String, serde_json::Value> = UNDECOMPOSED
        .iter()
        .map(|(letter, base)| (letter.to_string(), format!("{base}{STROKE}").into()))
        .collect();
    serde_json::Value::Object(pairs).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slug::fold;
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;

    /// Every Vietnamese letter, composed from its base letter and marks, in both cases,
    /// with the base letter people type for it.
    fn vietnamese_letters() -> Vec<(String, char)> {
        let vowels: [(char, &str); 12] = [
            ('a', ""),
            ('a', "\u{306}"),
            ('a', "\u{302}"),
            ('e', ""),
            ('e', "\u{302}"),
            ('i', ""),
            ('o', ""),
            ('o', "\u{302}"),
            ('o', "\u{31b}"),
            ('u', ""),
            ('u', "\u{31b}"),
            ('y', ""),
        ];
        let tones = ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"];
        let mut letters = Vec::new();
        for (base, mark) in vowels {
            for tone in tones {
                for b in [base, base.to_ascii_uppercase()] {
                    let letter: String = format!("{b}{mark}{tone}").nfc().collect();
                    letters.push((letter, base));
                }
            }
        }
        for c in "bcdghklmnpqrstvx".chars() {
            letters.push((c.to_string(), c));
            letters.push((c.to_ascii_uppercase().to_string(), c));
        }
        letters.push(("đ".into(), 'd'));
        letters.push(("Đ".into(), 'd'));
        letters
    }

    /// What Pagefind files a word under (lowercase, NFD without combining marks): with
    /// `for_index` first, it is `fold` for every Vietnamese letter.
    fn pagefind_key(word: &str) -> String {
        word.to_lowercase()
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .collect()
    }

    #[test]
    fn every_vietnamese_letter_folds_to_its_base_letter() {
        let letters = vietnamese_letters();
        assert_eq!(letters.len(), 12 * 6 * 2 + 16 * 2 + 2);
        for (letter, base) in &letters {
            assert_eq!(
                letter.chars().count(),
                1,
                "{letter} is one code point in NFC"
            );
            assert_eq!(fold(letter), base.to_string(), "{letter}");
            assert_eq!(pagefind_key(&for_index(letter)), fold(letter), "{letter}");
        }
        assert_eq!(fold("Điện tử ĐỔI MỚI Đà Nẵng"), "dien tu doi moi da nang");
    }

    #[test]
    fn the_stroke_stays_inside_the_word_and_folds_away() {
        assert!(STROKE.is_alphanumeric() && is_combining_mark(STROKE));
        assert_eq!(
            for_index("Đà Nẵng, đổi mới"),
            "D\u{345}à Nẵng, d\u{345}ổi mới"
        );
        assert!(matches!(for_index("cáp quang"), Cow::Borrowed(_)));
    }

    #[test]
    fn markup_is_left_alone() {
        let html = r#"<h2 id="đ" title='a>đ'>Đà</h2><a href="/đ">đ</a>"#;
        assert_eq!(
            for_index(html),
            "<h2 id=\"đ\" title='a>đ'>D\u{345}à</h2><a href=\"/đ\">d\u{345}</a>"
        );
    }

    #[test]
    fn the_query_table_is_the_index_table() {
        let table: serde_json::Value = serde_json::from_str(&stroke_table_json()).unwrap();
        for (letter, _) in UNDECOMPOSED {
            let written = table[letter.to_string()].as_str().unwrap();
            assert_eq!(written, for_index(&letter.to_string()));
        }
    }
}
