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
/// fence is the next line that is exactly `---` (trailing spaces allowed). Lines end at `\n`,
/// `\r\n` or a lone `\r`, as CommonMark and YAML count them, so that the front matter's
/// line numbers agree with theirs.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = lines(text);
    let Some((first, fm_start, ended)) = lines.next() else {
        return Err(SplitError::Missing);
    };
    if !is_fence(first) {
        return Err(SplitError::Missing);
    }
    if !ended {
        return Err(SplitError::Unclosed);
    }
    let mut offset = fm_start;
    for (line, next, _) in lines {
        if is_fence(line) {
            return Ok(Split {
                front_matter: &text[fm_start..offset],
                front_matter_line: 2,
                body: &text[next..],
                body_offset: next,
            });
        }
        offset = next;
    }
    Err(SplitError::Unclosed)
}

/// Each line without its line break, the offset after the break, and whether it had one.
fn lines(text: &str) -> impl Iterator<Item = (&str, usize, bool)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let rest = text.get(start..).filter(|r| !r.is_empty())?;
        let (len, brk) = match rest.find(['\n', '\r']) {
            Some(i) if rest[i..].starts_with("\r\n") => (i, 2),
            Some(i) => (i, 1),
            None => (rest.len(), 0),
        };
        start += len + brk;
        Some((&rest[..len], start, brk > 0))
    })
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches([' ', '\t']) == "---"
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
    fn a_lone_carriage_return_ends_a_line() {
        // Found by the `frontmatter` fuzz target: `---\r\r\n` was one fence line, so the
        // front matter (really from line 3) was reported from line 2.
        let s = split("---\r\r\nname: A\n---\nx").unwrap();
        assert_eq!(s.front_matter, "\r\nname: A\n");
        assert_eq!(s.body, "x");
        let s = split("---\rname: A\r---\rx").unwrap();
        assert_eq!(s.front_matter, "name: A\r");
        assert_eq!(s.body, "x");
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
