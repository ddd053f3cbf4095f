//! Words and text measurement for charts.
//!
//! Without a font backend nobody can tell us how wide a label is, and plotters' own guess
//! counts UTF-8 bytes (a Vietnamese letter such as `ệ` is three bytes, one glyph). So we
//! estimate widths ourselves from per-glyph advances of DejaVu Sans, the widest common
//! sans-serif, plus a safety margin: a label that fits with DejaVu fits with Arial, Segoe UI
//! or Roboto too.

use unicode_normalization::UnicodeNormalization;

use crate::content::raw::{Kind, Qualifier, Status};
use crate::format::{self, Lang};
use crate::model::{Indicator, Observation, Province};

/// Extra room on every estimate, for fonts wider than the table below.
const SAFETY: f64 = 1.08;

/// The estimated rendered width of `text` at `size` px.
pub(super) fn width(text: &str, size: f64) -> f64 {
    text.nfd().map(advance).sum::<f64>() * size * SAFETY
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
/// longer than the line stays whole (it is never cut mid-word).
pub(super) fn wrap(text: &str, max_width: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
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

/// The interface words of one language.
pub(super) struct Words {
    pub estimate: &'static str,
    pub target: &'static str,
    pub derived: &'static str,
    pub year: &'static str,
    pub value: &'static str,
    pub note: &'static str,
    pub source: &'static str,
    pub province: &'static str,
    pub part: &'static str,
    pub total: &'static str,
    pub period: &'static str,
    pub data_table: &'static str,
    pub legend_actual: &'static str,
    pub legend_estimate: &'static str,
    pub legend_target: &'static str,
}

const VI: Words = Words {
    estimate: "dự kiến",
    target: "mục tiêu",
    derived: "suy ra",
    year: "Năm",
    value: "Giá trị",
    note: "Ghi chú",
    source: "Nguồn",
    province: "Tỉnh",
    part: "Thành phần",
    total: "Tổng",
    period: "Giai đoạn",
    data_table: "Bảng số liệu",
    legend_actual: "Số liệu thực tế",
    legend_estimate: "Dự kiến",
    legend_target: "Mục tiêu",
};

const EN: Words = Words {
    estimate: "estimate",
    target: "target",
    derived: "derived",
    year: "Year",
    value: "Value",
    note: "Note",
    source: "Source",
    province: "Province",
    part: "Part",
    total: "Total",
    period: "Period",
    data_table: "Data table",
    legend_actual: "Actual",
    legend_estimate: "Estimate",
    legend_target: "Target",
};

pub(super) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// The province's name in `lang` (from its translation file), else its main name.
pub(super) fn province_name(p: &Province, lang: Lang) -> &str {
    p.translations
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or(&p.name, |(_, t)| &t.name)
}

pub(super) fn name(ind: &Indicator, lang: Lang) -> &str {
    match lang {
        Lang::Vi => &ind.name,
        Lang::En => &ind.name_en,
    }
}

pub(super) fn unit(ind: &Indicator, lang: Lang) -> &str {
    match lang {
        Lang::Vi => &ind.unit,
        Lang::En => ind.unit_en.as_deref().unwrap_or(&ind.unit),
    }
}

/// The bare number as the indicator shows it: `79.300`, `0,6712`, `68%` (percent keeps its
/// sign because a bare 68 reads as a count).
pub(super) fn number(ind: &Indicator, value: f64, lang: Lang) -> String {
    let decimals = if ind.kind == Kind::Rank {
        0
    } else {
        ind.decimals
    };
    let n = format::number(value, decimals, lang);
    if unit(ind, lang) == "%" {
        format!("{n}%")
    } else {
        n
    }
}

/// A value with unit and the article's qualifier: `khoảng 79.300 tỷ đồng`, `hạng 10/63`.
/// Matches what inline values print, so chart, table and text agree.
pub(super) fn value(ind: &Indicator, obs: &Observation, lang: Lang) -> String {
    let unit = unit(ind, lang);
    let number = if ind.kind == Kind::Rank {
        let n = format::number(obs.value, 0, lang);
        let rank = match obs.out_of {
            Some(of) => format!("{n}/{of}"),
            None => n,
        };
        if unit.is_empty() {
            rank
        } else {
            format!("{unit} {rank}")
        }
    } else {
        format::with_unit(obs.value, ind.decimals, unit, lang)
    };
    match qualifier(obs.qualifier, lang) {
        Some(q) => format!("{q} {number}"),
        None => number,
    }
}

fn qualifier(q: Qualifier, lang: Lang) -> Option<&'static str> {
    match (q, lang) {
        (Qualifier::Exact, _) => None,
        (Qualifier::Approximate, Lang::Vi) => Some("khoảng"),
        (Qualifier::AtLeast, Lang::Vi) => Some("hơn"),
        (Qualifier::AtMost, Lang::Vi) => Some("dưới"),
        (Qualifier::Approximate, Lang::En) => Some("about"),
        (Qualifier::AtLeast, Lang::En) => Some("more than"),
        (Qualifier::AtMost, Lang::En) => Some("under"),
    }
}

/// `2019`, or `2015–2020` for a value that covers a period.
pub(super) fn year(obs: &Observation) -> String {
    match obs.from_year {
        Some(from) => format!("{from}–{}", obs.year),
        None => obs.year.to_string(),
    }
}

/// `2020` or `2020, dự kiến`: what goes in brackets after a value.
pub(super) fn year_status(obs: &Observation, lang: Lang) -> String {
    match status(obs.status, lang) {
        Some(s) => format!("{}, {s}", year(obs)),
        None => year(obs),
    }
}

pub(super) fn status(s: Status, lang: Lang) -> Option<&'static str> {
    let w = words(lang);
    match s {
        Status::Actual => None,
        Status::Estimate => Some(w.estimate),
        Status::Target => Some(w.target),
    }
}

/// The note cell of a data table: status, derived, both parts of a share.
pub(super) fn note(obs: &Observation, lang: Lang) -> String {
    let w = words(lang);
    let mut notes: Vec<String> = Vec::new();
    notes.extend(status(obs.status, lang).map(str::to_string));
    if obs.derived {
        notes.push(w.derived.to_string());
    }
    if let Some(f) = obs.fraction {
        notes.push(format!(
            "{}/{}",
            format::number(f.numerator, 0, lang),
            format::number(f.denominator, 0, lang)
        ));
    }
    notes.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
