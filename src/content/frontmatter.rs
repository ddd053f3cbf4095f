//! Splits a Markdown file into its YAML front matter and body.

/// The two parts of a Markdown file with front matter.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// 1-based line of the front matter's first line.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file (so body positions map back to the file).
    pub body_offset: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---` line.
    Unclosed,
}

/// Splits `text` at the `---` fences. The opening fence must be the first line; the closing
/// fence is the next line that is exactly `---` (trailing spaces and `\r` allowed).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').ok_or(if is_fence(text) {
        SplitError::Unclosed
    } else {
        SplitError::Missing
    })?;
    if !is_fence(&text[..first_end]) {
        return Err(SplitError::Missing);
    }
    let fm_start = first_end + 1;
    let mut offset = fm_start;
    for line in text[fm_start..].split_inclusive('\n') {
        if is_fence(line.trim_end_matches('\n')) {
            let body_offset = offset + line.len();
            return Ok(Split {
                front_matter: &text[fm_start..offset],
                front_matter_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\r', ' ', '\t']) == "---"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\nname: A\n---\n# Body\n").unwrap();
        assert_eq!(s.front_matter, "name: A\n");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_offset, 16);
    }

    #[test]
    fn crlf_and_empty_front_matter() {
        let s = split("---\r\nname: A\r\n---\r\nx").unwrap();
        assert_eq!(s.front_matter, "name: A\r\n");
        assert_eq!(s.body, "x");
        let s = split("---\n---\n").unwrap();
        assert_eq!(s.front_matter, "");
    }

    #[test]
    fn missing_or_unclosed() {
        assert_eq!(split("# no front matter\n"), Err(SplitError::Missing));
        assert_eq!(split("---\nname: A\n"), Err(SplitError::Unclosed));
        assert_eq!(split("---"), Err(SplitError::Unclosed));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("----\n---\n"), Err(SplitError::Missing));
    }
}
