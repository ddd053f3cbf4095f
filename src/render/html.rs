//! HTML escaping for the fragments built in Rust (inline values, tables, charts) and for
//! the templates' output.

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Tera's escape function, with the same bytes as tera's own (`& < > " '`, the last as
/// `&#39;`): tera writes its input byte by byte into a `dyn Write`, which was a twentieth of
/// a build's instructions; this writes each run of plain text at once.
pub fn escape_for_templates(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), input)
}

/// Escapes a URL for an `href` (percent-encodes what must be, escapes `&` and quotes).
pub fn escape_href(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    out
}

#[cfg(test)]
mod tests {
    /// Tera 2.4's `utils::escape_html` (without its `fast_escape` feature), which
    /// [`super::escape_for_templates`] replaces.
    fn tera_escape(input: &str, buf: &mut Vec<u8>) {
        for c in input.as_bytes() {
            match c {
                b'&' => buf.extend_from_slice(b"&amp;"),
                b'<' => buf.extend_from_slice(b"&lt;"),
                b'>' => buf.extend_from_slice(b"&gt;"),
                b'"' => buf.extend_from_slice(b"&quot;"),
                b'\'' => buf.extend_from_slice(b"&#39;"),
                _ => buf.push(*c),
            }
        }
    }

    /// Every pair of characters from a set with each special byte, ASCII, Vietnamese and
    /// wider characters, at the start, middle and end of longer strings.
    #[test]
    fn template_escaping_gives_teras_bytes() {
        let alphabet: Vec<char> = (0u8..128)
            .map(char::from)
            .chain("ĐđàẢếỹ€😀\u{a0}\u{200b}".chars())
            .collect();
        let mut inputs = vec![String::new(), "Hà Nội".repeat(40)];
        for a in &alphabet {
            for b in &alphabet {
                inputs.push(format!("{a}{b}"));
                inputs.push(format!("{a}Tỉnh {b} có 1.234,5 người{a}"));
            }
        }
        for input in &inputs {
            let (mut old, mut new) = (Vec::new(), Vec::new());
            tera_escape(input, &mut old);
            super::escape_for_templates(input, &mut new).unwrap();
            assert_eq!(old, new, "{input:?}");
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<script>\"'&"),
            "&lt;script&gt;&quot;&#39;&amp;"
        );
    }
}
