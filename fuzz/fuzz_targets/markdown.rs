//! A province body: the `{{ value() }}` scanner, reading the body into its typed form (chart
//! blocks, inline values, links, headings) against good-min's catalog, and filling it.
#![no_main]

use ictreport::diagnostic::SourceText;
use ictreport::markdown::inline::{self, Piece};
use ictreport::markdown::{self, Embeds};
use ictreport::model::{ChartBlock, IndicatorRef, Year};
use ictreport_fuzz::{assert_on_a_line, site};
use libfuzzer_sys::fuzz_target;

/// Stands in for the renderer: values exist for even years, every other chart has data.
struct Stub;

impl Embeds for Stub {
    fn chart(&self, _block: &ChartBlock, number: usize) -> Option<String> {
        (!number.is_multiple_of(2)).then(|| "<svg></svg>".to_string())
    }
    fn value(&self, _indicator: IndicatorRef, year: Year) -> Option<String> {
        year.get().is_multiple_of(2).then(|| "<b>1</b>".to_string())
    }
    fn base_path(&self) -> &str {
        "/bao-cao/"
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The scanner's pieces put back together are the text.
    match inline::scan(text) {
        Ok(pieces) => {
            let mut end = 0;
            for piece in pieces {
                let (start, stop) = match piece {
                    Piece::Text(t) => {
                        let start = t.as_ptr() as usize - text.as_ptr() as usize;
                        (start, start + t.len())
                    }
                    Piece::Call(call) => (call.start, call.end),
                };
                assert_eq!(start, end, "gap or overlap in the scan of {text:?}");
                end = stop;
            }
            assert_eq!(end, text.len());
        }
        Err(e) => assert!(e.offset <= text.len()),
    }
    let site = site();
    let source = SourceText::new(
        "content/provinces/alpha/index.md",
        format!("---\n---\n{text}"),
    );
    let find = |id: &str| site.find_indicator(id);
    let cx = markdown::Context {
        find_indicator: &find,
        allow_raw_html: false,
    };
    let (doc, diags) = markdown::parse(&source, 8, &cx);
    assert_on_a_line(&diags, &source);
    // Filling never fails and leaves no embed mark behind.
    let html = markdown::render(&doc, &Stub);
    assert!(!html.contains('\u{FFFF}'), "a mark left in {html:?}");
});
