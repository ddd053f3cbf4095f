//! Markdown bodies are read in linear time: a body four times as long, of repeated
//! headings, inline values or links through reference definitions, takes about four times
//! as long, not sixteen (the quadratic heading ids and positions this guards against took
//! 14.7 s for 20,000 headings). Not a timed target: only the growth is compared, on the
//! fastest of five runs of each size, with a bound far above linear.

use std::time::{Duration, Instant};

use super::parse::{Context, parse};
use crate::diagnostic::SourceText;
use crate::model::IndicatorRef;

/// How much longer the larger body may take: linear growth gives 4, quadratic 16.
const MAX_RATIO: f64 = 9.0;

fn fastest_parse(body: &str) -> Duration {
    let source = SourceText::new("x.md", format!("---\n---\n{body}"));
    let find = |id: &str| (id == "ict_revenue").then_some(IndicatorRef(0));
    let cx = Context {
        find_indicator: &find,
        allow_raw_html: false,
    };
    (0..5)
        .map(|_| {
            let started = Instant::now();
            let (_, diags) = parse(&source, 8, &cx);
            assert!(diags.is_empty(), "{:?}", diags.first());
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn assert_linear(what: &str, body: impl Fn(usize) -> String) {
    let small = fastest_parse(&body(2_500));
    let large = fastest_parse(&body(10_000));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    assert!(
        ratio < MAX_RATIO,
        "{what}: 4× the input took {ratio:.1}× the time ({small:?} → {large:?})"
    );
}

#[test]
fn identical_headings_take_linear_time() {
    assert_linear("headings", |n| "## Mục\n\nchữ\n\n".repeat(n));
}

#[test]
fn inline_values_take_linear_time() {
    assert_linear("inline values", |n| {
        "Năm {{ value(indicator=\"ict_revenue\", year=2019) }} tăng.\n\n".repeat(n)
    });
}

#[test]
fn link_reference_definitions_take_linear_time() {
    assert_linear("link references", |n| {
        let defs: String = (0..n).map(|i| format!("[r{i}]: /a/{i}/\n")).collect();
        let uses: String = (0..n).map(|i| format!("[a][r{i}] [b](/b/)\n\n")).collect();
        format!("{defs}\n{uses}")
    });
}
