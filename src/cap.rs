//! A cap on what a command prints: the first [`SHOWN`] diagnostics in full, then one line per
//! kind of the rest with its count. A sheet with a million wrong rows would otherwise print
//! hundreds of megabytes that nobody reads; the counts still say how much is left to fix.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;

/// How many diagnostics are printed in full.
pub const SHOWN: usize = 100;

/// The diagnostics to print in full, and the rest counted by kind, most frequent first.
pub struct Capped<'a> {
    pub shown: &'a [Diagnostic],
    /// (`error` or `warning`, the message with its particulars left out, how many).
    pub more: Vec<(&'static str, String, usize)>,
}

impl Capped<'_> {
    /// How many diagnostics are not shown.
    pub fn hidden(&self) -> usize {
        self.more.iter().map(|(_, _, n)| n).sum()
    }

    /// The lines that stand for the diagnostics not shown (none when all are shown).
    pub fn summary(&self) -> Vec<String> {
        if self.more.is_empty() {
            return Vec::new();
        }
        let mut lines = vec![format!(
            "… and {} more, not shown (the first {SHOWN} are); by kind:",
            self.hidden()
        )];
        for (severity, kind, n) in &self.more {
            lines.push(format!("  {n} × {severity}: {kind}"));
        }
        lines
    }
}

/// Splits `diags` into the first [`SHOWN`] and the counts of the rest.
pub fn cap(diags: &[Diagnostic]) -> Capped<'_> {
    let (shown, rest) = diags.split_at(diags.len().min(SHOWN));
    let mut counts: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    for d in rest {
        let severity = if d.is_error() { "error" } else { "warning" };
        *counts.entry((severity, kind(&d.message))).or_default() += 1;
    }
    let mut more: Vec<_> = counts.into_iter().map(|((s, k), n)| (s, k, n)).collect();
    more.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (a.0, &a.1).cmp(&(b.0, &b.1))));
    Capped { shown, more }
}

/// A message without its particulars: quoted text becomes `…` and numbers `N`, so that
/// "`x1` is not a number" and "`y` is not a number" are one kind.
pub fn kind(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    let mut in_number = false;
    for c in message.chars() {
        match c {
            '`' if quoted => {
                quoted = false;
                out.push_str("…`");
            }
            '`' => {
                quoted = true;
                out.push('`');
            }
            _ if quoted => {}
            '0'..='9' => {
                if !in_number {
                    out.push('N');
                }
                in_number = true;
                continue;
            }
            '.' | ',' if in_number => continue,
            c => out.push(c),
        }
        in_number = false;
    }
    if quoted {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_leave_out_quoted_text_and_numbers() {
        assert_eq!(kind("`x1` is not a number"), "`…` is not a number");
        assert_eq!(
            kind("130 is above the maximum 100 for `signed_share`"),
            "N is above the maximum N for `…`"
        );
        assert_eq!(kind("year 1,850.5 is out"), "year N is out");
        assert_eq!(kind("unclosed `quote"), "unclosed `…");
    }

    #[test]
    fn the_first_are_shown_and_the_rest_counted_by_kind() {
        let mut diags: Vec<Diagnostic> = (0..250)
            .map(|i| Diagnostic::error("a.csv", format!("`{i}` is not a number")))
            .collect();
        diags.extend((0..3).map(|i| Diagnostic::warning("a.csv", format!("row {i} is odd"))));
        let capped = cap(&diags);
        assert_eq!(capped.shown.len(), SHOWN);
        assert_eq!(capped.hidden(), 153);
        assert_eq!(
            capped.summary(),
            [
                format!("… and 153 more, not shown (the first {SHOWN} are); by kind:"),
                "  150 × error: `…` is not a number".to_string(),
                "  3 × warning: row N is odd".to_string(),
            ]
        );
        assert!(cap(&diags[..SHOWN]).summary().is_empty());
    }
}
