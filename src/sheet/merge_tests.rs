//! Tests of `merge`: the text after each kind of edit, for the ways YAML writes a scalar.

use super::merge::{Outcome, Refusal, Update, merge};
use super::verify::merged_as_meant;
use crate::content::parse_metrics;
use crate::model::Status;

fn update(indicator: &str, year: i64, value: f64) -> Update {
    Update {
        indicator: indicator.into(),
        year,
        status: Status::Actual,
        value,
        ..Update::default()
    }
}

/// Merges and checks the result reads back as meant.
fn merged(text: &str, updates: &[Update]) -> String {
    let doc = parse_metrics("m.yaml".as_ref(), text).unwrap();
    let m = merge(&doc.source, &doc.value, &doc.spans, updates).unwrap();
    let after =
        parse_metrics("m.yaml".as_ref(), &m.text).unwrap_or_else(|d| panic!("{d}\n{}", m.text));
    assert!(
        merged_as_meant(&doc.value, &after.value, updates, &m.outcomes),
        "not as meant:\n{}",
        m.text
    );
    m.text
}

fn noted(indicator: &str, year: i64, value: f64, note: &str) -> Update {
    Update {
        note: Some(note.into()),
        ..update(indicator, year, value)
    }
}

#[test]
fn quoted_and_multi_line_scalars_are_replaced_whole() {
    let before = "a:\n  - year: 2020\n    value: 1\n    source: s\n    note: \"say \\\"hi\\\" # not a comment\"  # a comment\n  - year: 2021\n    value: 2\n    source: s\n    note: 'it''s'\n  - year: 2022\n    value: 3\n    source: s\n    note: plain text\n      that goes on\n    # a comment line\n  - year: 2023\n    value: 4\n    source: s\n    note: |\n      kept\n\n      lines\n  - year: 2024\n    value: 5\n    source: s\n    note:\n      on the next line\n";
    let after = merged(
        before,
        &[
            noted("a", 2020, 1.0, "x"),
            noted("a", 2021, 2.0, "it's: y"),
            noted("a", 2022, 3.0, "z"),
            noted("a", 2023, 4.0, "w"),
            noted("a", 2024, 5.0, "v"),
        ],
    );
    assert_eq!(
        after,
        "a:\n  - year: 2020\n    value: 1\n    source: s\n    note: x  # a comment\n  - year: 2021\n    value: 2\n    source: s\n    note: \"it's: y\"\n  - year: 2022\n    value: 3\n    source: s\n    note: z\n    # a comment line\n  - year: 2023\n    value: 4\n    source: s\n    note: w\n  - year: 2024\n    value: 5\n    source: s\n    note:\n      v\n"
    );
}

#[test]
fn windows_line_ends_are_kept() {
    let before = "a:\r\n  - year: 2020\r\n    value: 1\r\n    source: s\r\n";
    let after = merged(
        before,
        &[
            noted("a", 2020, 1.5, "nb"),
            Update {
                source: Some("s".into()),
                ..update("a", 2021, 2.0)
            },
        ],
    );
    assert_eq!(
        after,
        "a:\r\n  - year: 2020\r\n    value: 1.5\r\n    note: nb\r\n    source: s\r\n  - year: 2021\r\n    value: 2\r\n    source: s\r\n"
    );
}

#[test]
fn new_indicators_replace_an_empty_map_and_follow_a_file_without_final_newline() {
    let scaffold = crate::scaffold::EMPTY_METRICS;
    let new = Update {
        source: Some("s".into()),
        ..update("b", 2020, 7.0)
    };
    let after = merged(scaffold, std::slice::from_ref(&new));
    assert_eq!(
        after,
        format!("{scaffold}b:\n  - year: 2020\n    value: 7\n    source: s\n")
    );
    // What `new province` wrote before it wrote only comments.
    let after = merged("# c\n{}\n", std::slice::from_ref(&new));
    assert_eq!(
        after,
        "# c\nb:\n  - year: 2020\n    value: 7\n    source: s\n"
    );
    let after = merged("a:\n  - year: 2020\n    value: 1\n    source: s", &[new]);
    assert_eq!(
        after,
        "a:\n  - year: 2020\n    value: 1\n    source: s\nb:\n  - year: 2020\n    value: 7\n    source: s\n"
    );
}

#[test]
fn items_keep_the_list_indentation_of_the_file() {
    let before = "a:\n- year: 2020\n  value: 1\n  source: s\n\n# b's figures\nb:\n- year: 2020\n  value: 1\n  source: s\n";
    let new = Update {
        source: Some("s".into()),
        ..update("a", 2021, 2.0)
    };
    let after = merged(before, &[new]);
    assert_eq!(
        after,
        "a:\n- year: 2020\n  value: 1\n  source: s\n- year: 2021\n  value: 2\n  source: s\n\n# b's figures\nb:\n- year: 2020\n  value: 1\n  source: s\n"
    );
}

#[test]
fn flow_lists_and_sourceless_new_values_are_refused() {
    let doc = parse_metrics(
        "m.yaml".as_ref(),
        "a: [{year: 2020, value: 1, source: s}]\n",
    )
    .unwrap();
    let new = Update {
        source: Some("s".into()),
        ..update("a", 2021, 2.0)
    };
    let refused = merge(&doc.source, &doc.value, &doc.spans, &[new]).unwrap_err();
    assert_eq!(refused, [(0, Refusal::FlowStyle { line: 1 })]);
    // A value in a flow list can still change.
    let m = merge(
        &doc.source,
        &doc.value,
        &doc.spans,
        &[update("a", 2020, 3.0)],
    )
    .unwrap();
    assert_eq!(m.text, "a: [{year: 2020, value: 3, source: s}]\n");
    assert_eq!(m.outcomes, [Outcome::Changed]);
    let refused = merge(
        &doc.source,
        &doc.value,
        &doc.spans,
        &[update("b", 2020, 1.0)],
    )
    .unwrap_err();
    assert_eq!(refused, [(0, Refusal::NeedsSource)]);
}

#[test]
fn strings_are_plain_only_when_they_read_back_the_same() {
    use super::merge::string;
    assert_eq!(string("vinh-phuc-2020"), "vinh-phuc-2020");
    assert_eq!(string("Doanh thu tăng 4%"), "\"Doanh thu tăng 4%\"");
    for s in [
        "2020",
        "yes",
        "a: b",
        "x #y",
        " lead",
        "[x]",
        "line\nbreak",
        "",
    ] {
        assert!(string(s).starts_with('"'), "{s}");
    }
}

#[test]
fn every_field_of_every_metrics_file_in_the_repository_can_change() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = walkdir::WalkDir::new(repo.join("content"))
        .into_iter()
        .chain(walkdir::WalkDir::new(repo.join("tests/fixtures")))
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "metrics.yaml");
    let mut merged_files = 0;
    for file in files {
        let text = std::fs::read_to_string(file.path()).unwrap();
        let Ok(doc) = parse_metrics("m.yaml".as_ref(), &text) else {
            continue; // the broken fixtures
        };
        let mut updates = Vec::new();
        for (id, list) in &doc.value {
            for o in list {
                updates.push(Update {
                    status: o.status,
                    qualifier: Some(crate::model::Qualifier::AtLeast),
                    source: Some("nguon-khac".into()),
                    note: Some("ghi chú: đã sửa # không phải chú thích".into()),
                    numerator: Some(1.0),
                    denominator: Some(2.0),
                    from_year: Some(1990),
                    out_of: Some(63),
                    ..update(id, o.year, o.value + 1.0)
                });
            }
            if !list.is_empty() && !text.contains(&format!("{id}: [")) {
                updates.push(Update {
                    source: Some("s".into()),
                    ..update(id, 2099, 1.0)
                });
            }
        }
        let keys: std::collections::HashSet<_> = updates
            .iter()
            .map(|u| (&u.indicator, u.year, u.status))
            .collect();
        // A file with a repeated year (a broken fixture) has no one observation to change.
        if keys.len() < updates.len()
            || (text.trim_start().starts_with('{') && !doc.value.is_empty())
        {
            continue;
        }
        updates.push(Update {
            source: Some("s".into()),
            ..update("chi_so_moi", 2020, 5.0)
        });
        merged(&text, &updates);
        merged_files += 1;
    }
    assert!(merged_files > 10, "{merged_files}");
}
