//! URL slugs from Vietnamese names: `Đắk Lắk` → `dak-lak`, `Thanh Hóa` → `thanh-hoa`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase ASCII words joined by `-`; tone marks and diacritics are dropped, `đ` is `d`.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for ch in fold(name).chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(ch);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Vietnamese the way people type it without its marks: lowercase, tone marks and other
/// diacritics dropped (NFD without combining marks), `đ`/`Đ` as `d`, which Unicode does not
/// decompose. Slugs are made of it, and search finds a word by it (`render::search_fold`).
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(|c| match c {
            'đ' | 'Đ' => 'd'.to_lowercase(),
            c => c.to_lowercase(),
        })
        .collect()
}

/// Whether `s` is already a slug (what folder names and ids must be).
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Whether `s` is a valid data id (`ict_revenue`, `vinh-phuc-2020`).
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        && s.as_bytes()[0].is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_names() {
        assert_eq!(slugify("Đắk Lắk"), "dak-lak");
        assert_eq!(slugify("Thanh Hóa"), "thanh-hoa");
        assert_eq!(slugify("Bà Rịa – Vũng Tàu"), "ba-ria-vung-tau");
        assert_eq!(slugify("  Hải   Dương "), "hai-duong");
        // NFD input gives the same slug as NFC.
        let nfd: String = "Vĩnh Phúc".nfd().collect();
        assert_eq!(slugify(&nfd), "vinh-phuc");
    }

    #[test]
    fn slug_and_id_rules() {
        assert!(is_slug("vinh-phuc"));
        assert!(!is_slug("Vinh-Phuc"));
        assert!(!is_slug("vĩnh-phúc"));
        assert!(!is_slug("a--b"));
        assert!(is_id("ict_revenue"));
        assert!(!is_id("ICT"));
        assert!(!is_id("_x"));
    }
}
