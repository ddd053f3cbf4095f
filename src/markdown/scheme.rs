//! The scheme of a link, read by RFC 3986's grammar (`ALPHA *( ALPHA / DIGIT / "+" / "-" /
//! "." ) ":"`), after the clean-up a browser does first (leading and trailing controls and
//! spaces dropped, tabs and line breaks removed anywhere). Only a real scheme is checked
//! against the allowed list: `foo):` (CommonMark's example 500) is a relative URL, while
//! `java&#9;script:` is `javascript:` to a browser and so to us.

/// The scheme of `url` in lower case, or `None` for a relative URL.
pub fn scheme_of(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut chars = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    let mut scheme = String::new();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
        _ => return None,
    }
    for c in chars {
        match c {
            ':' => return Some(scheme),
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                scheme.push(c.to_ascii_lowercase())
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::scheme_of;

    #[test]
    fn only_the_rfc_grammar_makes_a_scheme() {
        let cases = [
            ("https://example.org/", Some("https")),
            ("MailTo:a@b.vn", Some("mailto")),
            ("javascript:alert(1)", Some("javascript")),
            ("svn+ssh://host/x", Some("svn+ssh")),
            ("a.b-c:x", Some("a.b-c")),
            // What a browser reads as javascript: is javascript: here too.
            (" \u{1}java\tscr\nipt:alert(1)", Some("javascript")),
            ("foo):", None),
            ("foo\\):", None),
            ("/tinh/a:b/", None),
            ("tinh/alpha/", None),
            ("../nguon/#a:b", None),
            ("?q=x:y", None),
            ("#id:x", None),
            ("1abc:x", None),
            ("+x:y", None),
            ("ftp", None),
            ("", None),
            ("xn--đ:x", None),
        ];
        for (url, want) in cases {
            assert_eq!(scheme_of(url).as_deref(), want, "{url:?}");
        }
    }
}
