//! `metrics.yaml`: the YAML layer (both parsers, spans, duplicate keys, depth) and every
//! validation rule for observations, with good-min's catalog and sources.
#![no_main]

use std::sync::Mutex;

use ictreport::content::raw::RawMetrics;
use ictreport::content::{Doc, Loaded};
use ictreport::diagnostic::SourceText;
use ictreport_fuzz::{assert_located, loaded};
use libfuzzer_sys::fuzz_target;

static SITE: Mutex<Option<Loaded>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = SourceText::new("content/provinces/alpha/metrics.yaml", text);
    let parsed = match ictreport::yaml::parse::<RawMetrics>(&source) {
        Ok(parsed) => parsed,
        Err(d) => return assert_located(&[d], &source),
    };
    let mut guard = SITE.lock().unwrap_or_else(|e| e.into_inner());
    let site = guard.get_or_insert_with(loaded);
    site.provinces[0].metrics = Some(Doc {
        source: source.clone(),
        value: parsed.value,
        spans: parsed.spans,
    });
    let (_, diags) = ictreport::validate::validate(site);
    assert_located(&diags, &source);
});
