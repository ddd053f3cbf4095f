//! HTML escaping for the fragments built in Rust (inline values, tables, charts).

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Escapes a URL for an `href` (percent-encodes what must be, escapes `&` and quotes).
pub fn escape_href(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<script>\"'&"),
            "&lt;script&gt;&quot;&#39;&amp;"
        );
    }
}
