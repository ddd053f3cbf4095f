//! Text as a terminal (or the preview's overlay) may show it: the characters a terminal
//! would act on instead of showing (ESC and OSC sequences that clear the screen, set the
//! title or write the clipboard; bidirectional overrides that reorder a line) are written as
//! `\u{1b}`. Diagnostics pass everything they show through it.

use std::borrow::Cow;

/// Whether a terminal or a browser would act on `c` rather than show it: C0 and C1
/// controls (ESC, BEL, …), DEL, the line and paragraph separators and the bidirectional
/// overrides and isolates, which reorder what follows them.
fn acts_on_display(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character a terminal would act on written as `\u{1b}`; tabs stay, and
/// line ends (`\n`, `\r\n`) too where `lines` says the layout needs them.
pub fn terminal_safe(text: &str, lines: bool) -> Cow<'_, str> {
    // Only a text that needs escaping is copied, from its first such character on.
    let mut out: Option<String> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let layout = c == '\t' || (lines && (c == '\n' || (c == '\r' && next == Some('\n'))));
        if acts_on_display(c) && !layout {
            let o = out.get_or_insert_with(|| text[..i].to_string());
            o.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else if let Some(o) = &mut out {
            o.push(c);
        }
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_acts_on_and_keeps_the_layout() {
        assert_eq!(
            terminal_safe(
                "a\u{1b}]52;c;x\u{7}b\u{7f}\u{85}\u{9b}\u{2028}\u{2029}\u{202a}\u{202e}\u{2066}\u{2069}",
                true
            ),
            "a\\u{1b}]52;c;x\\u{7}b\\u{7f}\\u{85}\\u{9b}\\u{2028}\\u{2029}\\u{202a}\\u{202e}\\u{2066}\\u{2069}"
        );
        // Clean text is borrowed; tabs stay, line ends too where the layout needs them.
        assert!(matches!(
            terminal_safe("Đắk Lắk\tb\r\nc", true),
            Cow::Borrowed(_)
        ));
        assert_eq!(terminal_safe("a\nb\rc", true), "a\nb\\u{d}c");
        assert_eq!(terminal_safe("a\nb\r\n", false), "a\\u{a}b\\u{d}\\u{a}");
        // Marks that only shape text are not controls.
        assert!(matches!(
            terminal_safe("\u{200d}\u{300}", false),
            Cow::Borrowed(_)
        ));
    }
}
