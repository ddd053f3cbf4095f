//! Characters no text of a site may hold: control characters other than tab, newline and
//! carriage return, the line and paragraph separators U+2028 and U+2029 (line breaks that
//! YAML, Markdown and spreadsheets each read differently), Unicode noncharacters, and
//! (through YAML escapes) anything else that XML cannot carry. They are refused with a location rather than removed: a stray U+000B in a
//! summary makes the Atom feed malformed, and silently dropping it could hide a paste gone
//! wrong.

/// Whether `c` is refused in any text.
pub fn is_forbidden(c: char) -> bool {
    let n = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{2028}' | '\u{2029}')
        || (0xFDD0..=0xFDEF).contains(&n)
        || (n & 0xFFFE) == 0xFFFE
}

/// The byte offset and character of the first refused character in `text`.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    // Printable ASCII, tab and line ends are never refused: they are skipped byte by byte,
    // and only the other characters are decoded (every file of a site is read through here).
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if (0x20..0x7f).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r') {
            at += 1;
            continue;
        }
        let c = text.get(at..)?.chars().next()?;
        if is_forbidden(c) {
            return Some((at, c));
        }
        at += c.len_utf8();
    }
    None
}

/// The message for a refused character.
pub fn message(c: char) -> String {
    let what = if matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') {
        "a line or paragraph separator"
    } else if c.is_control() {
        "a control character"
    } else {
        "a Unicode noncharacter"
    };
    format!("the text holds U+{:04X}, {what}", u32::from(c))
}

/// The hint for a refused character.
pub const HINT: &str = "delete it (it is invisible in most editors; it often comes with text \
                        pasted from a PDF or a word processor)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_controls_and_noncharacters_but_not_text() {
        for c in [
            '\u{0}',
            '\u{1}',
            '\u{b}',
            '\u{7f}',
            '\u{85}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{fdd0}',
            '\u{1fffe}',
            '\u{2028}',
            '\u{2029}',
        ] {
            assert!(is_forbidden(c), "{:04X}", u32::from(c));
        }
        for c in [
            '\t', '\n', '\r', 'a', 'ệ', '\u{a0}', '\u{2027}', '\u{fffd}', '\u{feff}',
        ] {
            assert!(!is_forbidden(c), "{:04X}", u32::from(c));
        }
        assert_eq!(first_forbidden("ab\u{b}c"), Some((2, '\u{b}')));
        // The byte-wise skip finds what a walk over every character finds.
        let others = ['ệ', '\u{85}', '\u{2028}', '\u{fdd0}', '\u{1fffe}', '\u{a0}'];
        for c in (0..0x80u8).map(char::from).chain(others) {
            let text = format!("Vĩnh {c}Phúc");
            let walk = text.char_indices().find(|&(_, c)| is_forbidden(c));
            assert_eq!(first_forbidden(&text), walk, "{:04X}", u32::from(c));
        }
        assert_eq!(
            message('\u{2028}'),
            "the text holds U+2028, a line or paragraph separator"
        );
    }
}
