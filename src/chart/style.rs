//! The theme's chart stylesheet (`static/charts.css`): the one place charts get their
//! colours, line widths and fonts, for every way a chart is shown.
//!
//! Pages link the sheet as it is (both schemes). A chart file, shown where no page's CSS
//! reaches, embeds its light scheme: the sheet without comments and `@media` blocks. Print
//! (the PDF edition, whose SVG renderer reads no CSS) paints with the same light scheme,
//! read here as custom properties and rules. The sheet is the site's theme's when it has
//! one, so a site's override reaches pages, chart files and the PDF alike.

/// The file name of the chart stylesheet among a theme's static files.
pub const CHARTS_CSS: &str = "charts.css";

/// A CSS declaration: property and value.
pub type Declaration = (String, String);

/// A theme's chart stylesheet, read once per build.
#[derive(Debug, Clone, Default)]
pub struct ChartStyle {
    light: String,
    vars: Vec<Declaration>,
    rules: Vec<(String, Vec<Declaration>)>,
}

impl ChartStyle {
    /// Reads `css`, the text of a theme's `charts.css`.
    pub fn new(css: &str) -> ChartStyle {
        let mut light = String::with_capacity(css.len());
        let (mut vars, mut rules) = (Vec::new(), Vec::new());
        for (selector, body) in blocks(&strip_comments(css)) {
            if selector.starts_with('@') {
                continue;
            }
            light.push_str(&selector);
            light.push('{');
            light.push_str(&body);
            light.push('}');
            let decls = declarations(&body);
            if selector == ":root" {
                vars.extend(decls);
            } else {
                rules.push((selector, decls));
            }
        }
        ChartStyle { light, vars, rules }
    }

    /// The light scheme as CSS text (no comments, no `@media`, one line per rule).
    pub fn light(&self) -> &str {
        &self.light
    }

    /// The light scheme's custom properties (`:root`).
    pub fn vars(&self) -> &[Declaration] {
        &self.vars
    }

    /// The light scheme's other rules, as (selector list, declarations).
    pub fn rules(&self) -> &[(String, Vec<Declaration>)] {
        &self.rules
    }

    /// The default theme's sheet, for callers without a theme (tests, tools).
    pub fn embedded() -> &'static ChartStyle {
        static STYLE: std::sync::OnceLock<ChartStyle> = std::sync::OnceLock::new();
        STYLE.get_or_init(|| ChartStyle::new(DEFAULT_CHARTS_CSS))
    }
}

/// The default theme's chart stylesheet.
pub const DEFAULT_CHARTS_CSS: &str = include_str!("../../themes/default/static/charts.css");

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// The top-level blocks of `css` as (selector or at-rule, body), whitespace collapsed; a
/// block's nested blocks (inside `@media`) stay in its body.
fn blocks(css: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (mut depth, mut start, mut open) = (0usize, 0, 0);
    for (i, c) in css.char_indices() {
        match c {
            '{' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let selector = collapse(&css[start..open]);
                    let body = collapse(&css[open + 1..i]);
                    out.push((selector, body));
                    start = i + 1;
                }
            }
            _ => {}
        }
    }
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn declarations(block: &str) -> Vec<Declaration> {
    block
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_light_scheme_leaves_out_comments_and_media_blocks() {
        let style = ChartStyle::new(
            "/* a { } */ :root { --a: #fff; --b: var(--x, #000); }\n\
             @media (prefers-color-scheme: dark) { :root { --a: #000; } }\n\
             .chart-svg .x, .chart-svg :is(rect, circle) { fill: var(--a); }",
        );
        assert_eq!(
            style.light(),
            ":root{--a: #fff; --b: var(--x, #000);}\
             .chart-svg .x, .chart-svg :is(rect, circle){fill: var(--a);}"
        );
        assert_eq!(style.vars().len(), 2);
        assert_eq!(style.rules().len(), 1);
        assert_eq!(style.rules()[0].1, vec![("fill".into(), "var(--a)".into())]);
    }

    /// Every chart colour has a light value in the default sheet, and a dark one.
    #[test]
    fn the_default_sheet_has_both_schemes() {
        let style = ChartStyle::embedded();
        assert!(style.vars().iter().any(|(k, _)| k == "--map-6"));
        let dark = &DEFAULT_CHARTS_CSS[DEFAULT_CHARTS_CSS.find("@media").unwrap_or(0)..];
        for (name, _) in style.vars() {
            let background = ["--chart-bg", "--chart-fg", "--chart-muted"];
            if !background.contains(&name.as_str()) {
                assert!(dark.contains(&format!("{name}:")), "no dark {name}");
            }
        }
    }
}
