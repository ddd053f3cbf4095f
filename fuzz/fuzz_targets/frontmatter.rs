//! `index.md`: the front-matter splitter and the front matter's YAML, located in the file.
#![no_main]

use ictreport::content::frontmatter::{self, SplitError};
use ictreport::content::raw::RawFrontMatter;
use ictreport::diagnostic::SourceText;
use ictreport_fuzz::assert_located;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(SplitError::Missing | SplitError::Unclosed) => return,
    };
    // The parts are the file's own text, in order.
    let fm_start = split.front_matter.as_ptr() as usize - text.as_ptr() as usize;
    assert!(
        text[..fm_start]
            .trim_end_matches(['\r', '\n', ' ', '\t'])
            .ends_with("---")
    );
    assert_eq!(&text[split.body_offset..], split.body);
    assert!(fm_start + split.front_matter.len() <= split.body_offset);
    let source = SourceText::new("content/provinces/alpha/index.md", text);
    let line = split.front_matter_line;
    if let Err(d) =
        ictreport::yaml::parse_embedded::<RawFrontMatter>(&source, split.front_matter, line, 0)
    {
        assert_located(&[d], &source);
    }
});
