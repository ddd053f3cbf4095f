//! serde's type errors in plain words: `invalid type: string "0,7024", expected f64` becomes
//! "expected a number, found text `0,7024`: write 0.7024". Every file read through this
//! module (metrics, catalog, sources, `site.yaml`, front matter, chart blocks) says what it
//! wanted in the words of the documentation, never in Rust's type names.

/// The message of a serde (or serde_yaml) error, reworded. A `path: ` in front (what
/// serde_yaml adds for a nested value) is kept; messages this does not know pass unchanged.
pub(super) fn reworded(message: &str) -> String {
    const KINDS: [&str; 5] = [
        "invalid type: ",
        "invalid value: ",
        "unknown field ",
        "missing field ",
        "unknown variant ",
    ];
    let Some((at, kind)) = KINDS
        .iter()
        .filter_map(|k| message.find(k).map(|i| (i, *k)))
        .min()
    else {
        return message.to_string();
    };
    let (prefix, rest) = message.split_at(at);
    let rest = &rest[kind.len()..];
    let plain = match kind {
        "invalid type: " | "invalid value: " => rest
            .rsplit_once(", expected ")
            .map(|(found, expected)| type_mismatch(found, expected)),
        "unknown field " => Some(unknown(rest, "key", "the keys allowed here are")),
        "unknown variant " => Some(unknown(rest, "value", "write one of")),
        _ => Some(format!("the key {rest} is missing")),
    };
    match plain {
        Some(plain) => format!("{prefix}{plain}"),
        None => message.to_string(),
    }
}

/// "expected a number, found text `0,7024`", with what to write when it can be guessed.
fn type_mismatch(found: &str, expected: &str) -> String {
    let wanted = expected_words(expected);
    let text = found
        .strip_prefix("string \"")
        .and_then(|s| s.strip_suffix('"'));
    let shown = match text {
        Some(t) => format!("text `{t}`"),
        None => found_words(found),
    };
    let mut out = format!("expected {wanted}, found {shown}");
    let number = text.filter(|_| wanted.contains("number"));
    if let Some(plain) = number.and_then(plain_number) {
        out.push_str(&format!(": write {plain}"));
    } else if number.is_some_and(|t| t.trim().parse::<f64>().is_ok_and(f64::is_finite)) {
        out.push_str(": write it without quotes");
    }
    out
}

/// What serde expected, as the documentation names it.
fn expected_words(expected: &str) -> String {
    let words = match expected {
        "f64" | "f32" => "a number",
        "i64" | "i32" | "i16" | "i8" | "isize" => "a whole number",
        "u64" | "u32" | "u16" | "usize" => "a whole number of 0 or more",
        "u8" => "a whole number from 0 to 255",
        "a string" | "a borrowed string" | "a character" => "text",
        "a boolean" => "true or false",
        "a sequence" => "a list (lines starting with `- `, or `[a, b]`)",
        "a map" | "a YAML mapping" => "a mapping (`key: value` lines)",
        e if e.starts_with("struct ") => "a mapping (`key: value` lines)",
        e => e,
    };
    words.to_string()
}

/// What serde found instead, in plain words.
fn found_words(found: &str) -> String {
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_string())
    };
    if let Some(n) = quoted("integer ").or_else(|| quoted("floating point ")) {
        return format!("the number {n}");
    }
    if let Some(b) = quoted("boolean ") {
        return format!("`{b}`");
    }
    let words = match found {
        "map" => "a mapping",
        "sequence" => "a list",
        "unit value" => "nothing (an empty value)",
        "null" => "nothing (an empty value)",
        f => f,
    };
    words.to_string()
}

/// The number a person meant by `text` written the Vietnamese way (`0,7024`, `3.566,5`,
/// `1 250`): a decimal comma, dots or spaces between thousands. None when it is no such
/// number (words, units, or already a plain number that is out of range).
fn plain_number(text: &str) -> Option<String> {
    let t = text.trim();
    let (int, frac) = match t.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let int: String = int.chars().filter(|c| *c != '.' && *c != ' ').collect();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let sign = int.starts_with('-');
    let int_digits = int.trim_start_matches(['-', '+']);
    if !digits(int_digits) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let number = match frac {
        Some(f) => format!("{}{int_digits}.{f}", if sign { "-" } else { "" }),
        None => format!("{}{int_digits}", if sign { "-" } else { "" }),
    };
    (number != t).then_some(number)
}

/// "unknown key `x`; the keys allowed here are `a`, `b`" from serde's
/// "`x`, expected one of `a`, `b`".
fn unknown(rest: &str, what: &str, allowed: &str) -> String {
    match rest.split_once(", expected ") {
        Some((name, list)) => {
            let list = list.strip_prefix("one of ").unwrap_or(list);
            format!("unknown {what} {name}; {allowed} {list}")
        }
        None => match rest.split_once(", there are no ") {
            Some((name, _)) => format!("unknown {what} {name}; none is allowed here"),
            None => format!("unknown {what} {rest}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::reworded;

    #[test]
    fn type_errors_say_what_was_expected_and_found() {
        let cases = [
            (
                r#"invalid type: string "0,7024", expected f64"#,
                "expected a number, found text `0,7024`: write 0.7024",
            ),
            (
                r#"ict_revenue[1].value: invalid type: string "72.120,5", expected f64"#,
                "ict_revenue[1].value: expected a number, found text `72.120,5`: write 72120.5",
            ),
            (
                r#"invalid type: string "ba nghìn", expected f64"#,
                "expected a number, found text `ba nghìn`",
            ),
            (
                r#"invalid type: string "1336", expected f64"#,
                "expected a number, found text `1336`: write it without quotes",
            ),
            (
                "digital_signatures: invalid type: map, expected a sequence",
                "digital_signatures: expected a list (lines starting with `- `, or `[a, b]`), found a mapping",
            ),
            (
                "title: invalid type: integer `5`, expected a string",
                "title: expected text, found the number 5",
            ),
            (
                "decimals: invalid value: integer `300`, expected u8",
                "decimals: expected a whole number from 0 to 255, found the number 300",
            ),
            (
                r#"a[0]: invalid type: string "lol", expected struct RawObservation"#,
                "a[0]: expected a mapping (`key: value` lines), found text `lol`",
            ),
            (
                "unknown field `valeu`, expected one of `year`, `value`",
                "unknown key `valeu`; the keys allowed here are `year`, `value`",
            ),
            (
                "status: unknown variant `planned`, expected one of `actual`, `estimate`",
                "status: unknown value `planned`; write one of `actual`, `estimate`",
            ),
            ("missing field `title`", "the key `title` is missing"),
            ("did not find expected key", "did not find expected key"),
        ];
        for (raw, plain) in cases {
            assert_eq!(reworded(raw), plain, "{raw}");
        }
    }

    #[test]
    fn no_rust_type_name_is_left() {
        for raw in [
            "x: invalid type: boolean `true`, expected i64",
            "x: invalid type: floating point `1.5`, expected u32",
            "x: invalid type: unit value, expected a string",
        ] {
            let plain = reworded(raw);
            for leak in ["i64", "u32", "invalid type", "unit value"] {
                assert!(!plain.contains(leak), "{plain}");
            }
        }
    }
}
