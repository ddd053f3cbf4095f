//! Words and text measurement for charts.
//!
//! Every word and sentence comes from the interface strings through [`Context`] (`t`,
//! `fill`) and every figure from `crate::values`, as on the pages.
//!
//! Without a font backend nobody can tell us how wide a label is, and plotters' own guess
//! counts UTF-8 bytes (a Vietnamese letter such as `ệ` is three bytes, one glyph). So we
//! estimate widths ourselves from per-glyph advances of DejaVu Sans, the widest common
//! sans-serif, plus a safety margin: a label that fits with DejaVu fits with Arial, Segoe UI
//! or Roboto too.

use unicode_normalization::UnicodeNormalization;

use super::Context;
use crate::model::Lang;
use crate::model::{Indicator, Observation, Province};
use crate::values::{self, Figure};

/// Extra room on every estimate, for fonts wider than the table below.
const SAFETY: f64 = 1.08;

/// The estimated rendered width of `text` at `size` px.
pub(super) fn width(text: &str, size: f64) -> f64 {
    // ASCII decomposes to itself, so its decomposition is skipped (plotters asks for every
    // label's width, and most are numbers); the sum runs in the same order either way.
    let em: f64 = if text.is_ascii() {
        text.chars().map(advance).sum()
    } else {
        text.nfd().map(advance).sum()
    };
    em * size * SAFETY
}

/// Advance width in em of one character after canonical decomposition (so `ệ` is `e`
/// plus two combining marks that take no room).
fn advance(c: char) -> f64 {
    match c {
        '\u{300}'..='\u{36f}' => 0.0,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' => 0.32,
        ' ' | '\u{a0}' => 0.32,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.42,
        'm' => 0.98,
        'w' => 0.82,
        'M' | 'W' | '%' | '—' => 1.0,
        '0'..='9' => 0.64,
        'a'..='z' => 0.64,
        'A'..='Z' | 'Đ' => 0.78,
        '–' => 0.5,
        'đ' => 0.66,
        _ => 0.8,
    }
}

/// Breaks `text` into lines no wider than `max_width` at `size`, at spaces. A single word
/// longer than the line stays whole (it is never cut mid-word), and a no-break space
/// (`79.300 tỷ`) stays a no-break space.
pub(super) fn wrap(text: &str, max_width: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let words = text
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|w| !w.is_empty());
    for word in words {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || width(&candidate, size) <= max_width {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Short labels for sibling names: drops the words all names start or end with, when every
/// name keeps at least two words ("Dịch vụ công trực tuyến mức độ 3" / "… mức độ 4" become
/// "mức độ 3" / "mức độ 4"; the chart title says the rest). Case is kept: capitalise for a
/// label, not for the middle of a sentence.
pub(super) fn distinct_parts(names: &[&str]) -> Vec<String> {
    let words: Vec<Vec<&str>> = names
        .iter()
        .map(|n| n.split_whitespace().collect())
        .collect();
    if words.len() < 2 {
        return names.iter().map(|n| n.to_string()).collect();
    }
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let common = |nth: &dyn Fn(&Vec<&str>, usize) -> String| {
        (0..shortest)
            .take_while(|&i| words.iter().all(|w| nth(w, i) == nth(&words[0], i)))
            .count()
    };
    let mut prefix = common(&|w, i| w[i].to_lowercase());
    // "mức độ 3" / "mức độ 4" share "mức độ": back off one two-syllable word rather than
    // leave a bare "3".
    if shortest.saturating_sub(prefix) < 2 {
        prefix = prefix.saturating_sub(2);
    }
    let prefix = if shortest.saturating_sub(prefix) >= 2 {
        prefix
    } else {
        0
    };
    let suffix = common(&|w, i| w[w.len() - 1 - i].to_lowercase());
    let suffix = if shortest.saturating_sub(prefix + suffix) >= 2 {
        suffix
    } else {
        0
    };
    words
        .iter()
        .map(|w| w[prefix..w.len() - suffix].join(" "))
        .collect()
}

pub(super) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Escapes text for XML and HTML element content and quoted attribute values.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`: runs of plain text are copied at once (charts escape
/// every label and tooltip; pushing them character by character was 1.5 % of a build).
pub(super) fn escape_into(out: &mut String, s: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

/// The words and figures of a chart, in its language, from the interface strings.
impl<'a> Context<'a> {
    /// The interface string `key` (`themes/default/i18n/<lang>.yaml`).
    pub(super) fn t(&self, key: &'a str) -> &'a str {
        self.i18n.t(self.lang, key)
    }

    /// The interface sentence `key` with its `{placeholders}` filled in.
    pub(super) fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.i18n.fill(self.lang, key, args)
    }

    /// A title naming the indicator: `all` when every province is drawn, `some` (with
    /// `{shown}` and `{total}`) when the chart keeps only some of them.
    pub(super) fn title(
        &self,
        (all, some): (&str, &str),
        name: &str,
        shown: usize,
        total: usize,
    ) -> String {
        if shown < total {
            let (shown, total) = (shown.to_string(), total.to_string());
            let args = [("name", name), ("shown", &shown), ("total", &total)];
            self.fill(some, &args)
        } else {
            self.fill(all, &[("name", name)])
        }
    }

    /// The figure `obs` of `ind` in the chart's language: every number a chart prints
    /// (label, tooltip, description, table cell) is one of its texts.
    pub(super) fn figure<'f>(&self, ind: &'f Indicator, obs: &'f Observation) -> Figure<'f>
    where
        'a: 'f,
    {
        Figure::new(ind, obs, self.lang, self.i18n)
    }

    /// Where `obs` of `ind` sits on a value axis: its [`Figure::position`], the number for
    /// geometry only (every text of it goes through [`Context::figure`]).
    pub(super) fn position(&self, ind: &Indicator, obs: &Observation) -> f64 {
        self.figure(ind, obs).position()
    }

    /// What the figure covers, in the chart's language (the Vietnamese words when there is
    /// no English), without the `Phạm vi:` the table's note cell puts before it.
    pub(super) fn scope(&self, obs: &Observation) -> Option<String> {
        let scope = match (self.lang, &obs.scope_en) {
            (Lang::En, Some(en)) => en,
            _ => obs.scope.as_ref()?,
        };
        Some(values::numbers_in(scope, self.lang))
    }

    /// The note cell of a data table: status, derived, both parts of a share.
    pub(super) fn note(&self, obs: &Observation) -> String {
        let mut notes: Vec<String> = Vec::new();
        notes.extend(values::status_word(obs.status, self.lang, self.i18n).map(str::to_string));
        notes.extend(values::provenance_text(obs.derived, self.lang, self.i18n));
        notes.extend(values::scope_text(obs, self.lang, self.i18n));
        notes.extend(values::fraction_text(obs, self.lang));
        notes.join("; ")
    }
}

/// The province's name in `lang` (from its translation file), else its main name.
pub(super) fn province_name(p: &Province, lang: Lang) -> &str {
    p.translations
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or(&p.name, |(_, t)| &t.name)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::i18n::I18n;

    /// The chart sources, to find the interface string keys they use.
    const SOURCES: &[&str] = &[
        include_str!("bar_rows.rs"),
        include_str!("bars.rs"),
        include_str!("frame.rs"),
        include_str!("html.rs"),
        include_str!("line.rs"),
        include_str!("mod.rs"),
        include_str!("multi.rs"),
        include_str!("parts.rs"),
        include_str!("progress.rs"),
        include_str!("series.rs"),
        include_str!("shares.rs"),
        include_str!("standalone.rs"),
        include_str!("text.rs"),
        include_str!("tile_grid.rs"),
        include_str!("tilemap.rs"),
    ];

    /// String literals that name interface strings (`"chart_line_rose"`, `"col_year"`).
    fn keys_used() -> BTreeSet<&'static str> {
        const PREFIXES: &[&str] = &["chart_", "col_", "status_", "badge_", "data_table_"];
        SOURCES
            .iter()
            .flat_map(|s| s.split('"').skip(1).step_by(2))
            .filter(|l| PREFIXES.iter().any(|p| l.starts_with(p)))
            .filter(|l| l.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            // The prefixes themselves, in this test.
            .filter(|l| !l.ends_with('_'))
            .collect()
    }

    #[test]
    fn every_chart_key_exists_in_both_languages() {
        let i18n = I18n::embedded();
        let used = keys_used();
        assert!(used.len() > 40, "{used:?}");
        for lang in [Lang::Vi, Lang::En] {
            let missing: Vec<_> = used
                .iter()
                .filter(|k| !i18n.strings(lang).contains_key(**k))
                .collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
        // And no chart string is left over in the files once the code stops using it.
        let unused: Vec<&String> = i18n
            .strings(Lang::Vi)
            .keys()
            .filter(|k| k.starts_with("chart_") && !used.contains(k.as_str()))
            .collect();
        assert!(unused.is_empty(), "unused chart strings: {unused:?}");
    }

    #[test]
    fn width_counts_glyphs_not_bytes() {
        // Same glyph count, very different byte counts.
        let plain = width("Vinh Phuc", 12.0);
        let accented = width("Vĩnh Phúc", 12.0);
        assert!((plain - accented).abs() < 1e-9);
        assert!("Vĩnh Phúc".len() > "Vinh Phuc".len());
        assert!(width("72.120 tỷ đồng (2019)", 12.0) > 100.0);
    }

    #[test]
    fn wrap_keeps_no_break_spaces() {
        let lines = wrap("520,9\u{a0}tỷ đồng (2017) [‡ cũ hơn 4 năm]", 120.0, 14.0);
        assert!(lines.len() > 1);
        assert!(lines[0].starts_with("520,9\u{a0}tỷ"), "{lines:?}");
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        let lines = wrap("Điểm hội nghị trực tuyến tại UBND cấp huyện", 120.0, 12.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 12.0) <= 120.0));
        assert_eq!(
            lines.join(" "),
            "Điểm hội nghị trực tuyến tại UBND cấp huyện"
        );
    }

    #[test]
    fn distinct_parts_drop_shared_words() {
        let names = [
            "Dịch vụ công trực tuyến mức độ 3",
            "Dịch vụ công trực tuyến mức độ 4",
        ];
        assert_eq!(distinct_parts(&names), ["mức độ 3", "mức độ 4"]);
        assert_eq!(capitalise("mức độ 3"), "Mức độ 3");
        let names = [
            "Chỉ thị do Sở tham mưu ban hành",
            "Nghị quyết do Sở tham mưu ban hành",
        ];
        assert_eq!(distinct_parts(&names), ["Chỉ thị", "Nghị quyết"]);
        // Trimming would leave a single word: keep the suffix.
        let names = ["Văn bản đến được số hóa", "Văn bản đi được số hóa"];
        assert_eq!(
            distinct_parts(&names),
            ["đến được số hóa", "đi được số hóa"]
        );
    }

    /// What `escape_into` did before: each character pushed, the five special ones as
    /// entities.
    fn escape_by_char(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                other => out.push(other),
            }
        }
        out
    }

    #[test]
    fn escaping_gives_the_bytes_of_the_character_walk() {
        let alphabet: Vec<char> = (0u8..128)
            .map(char::from)
            .chain("ĐđàẢếỹ€😀\u{a0}".chars())
            .collect();
        for a in &alphabet {
            for b in &alphabet {
                for s in [format!("{a}{b}"), format!("{a}Năm 2020: {b}1.234,5{a}")] {
                    let mut out = String::from("<g>");
                    escape_into(&mut out, &s);
                    assert_eq!(out, format!("<g>{}", escape_by_char(&s)), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
