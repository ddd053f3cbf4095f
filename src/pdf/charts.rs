//! Adapter between the PDF edition and the `chart` module: the one place the PDF asks for a
//! chart and turns the page's SVG into one Typst can paint.
//!
//! The site's charts are painted by the theme's chart stylesheet (classes, `var()`,
//! `:is()`, a dark scheme under `@media`); Typst's SVG renderer (resvg) reads none of that,
//! and it matches text only against the document's own fonts (a generic `sans-serif` is
//! ignored). So the rules of the site theme's `charts.css` are applied here in its print
//! paint mode, the light scheme ([`ChartStyle`]), as plain attributes on each element, and
//! the root names the bundled font.

use std::borrow::Cow;
use std::collections::HashMap;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use super::world::{FALLBACK_FAMILY, FONT_FAMILY};
use crate::chart::{Chart, ChartStyle};

/// The chart's SVG with the paint of `style` (the site theme's chart stylesheet) as
/// attributes and the bundled font named, or `None` when the chart's markup cannot be read
/// (then the PDF prints its data table only).
pub fn print_svg(chart: &Chart, style: &ChartStyle) -> Option<String> {
    paint(&chart.svg, &parse_sheet(style))
}

/// One simple selector: a tag and classes, any of which may be absent.
#[derive(Debug, Clone, Default)]
struct Compound {
    tag: Option<String>,
    classes: Vec<String>,
}

/// A rule's selector: a chain of descendant steps after `.chart-svg`, each step one of a
/// list of alternatives (`:is(a, b)`).
#[derive(Debug, Clone)]
struct Selector {
    steps: Vec<Vec<Compound>>,
    specificity: usize,
}

#[derive(Debug)]
struct Rule {
    selector: Selector,
    declarations: Vec<(String, String)>,
}

/// The light scheme's variables and the chart rules, read once.
struct Sheet {
    vars: HashMap<String, String>,
    rules: Vec<Rule>,
}

/// The light scheme's variables and the `.chart-svg` rules of `style`.
fn parse_sheet(style: &ChartStyle) -> Sheet {
    let vars = style.vars().iter().cloned().collect();
    let rules = style
        .rules()
        .iter()
        .flat_map(|(selectors, declarations)| {
            split_top(selectors)
                .into_iter()
                .filter_map(|s| selector(s.trim()))
                .map(move |selector| Rule {
                    selector,
                    declarations: declarations.clone(),
                })
        })
        .collect();
    Sheet { vars, rules }
}

/// Splits on commas outside parentheses.
fn split_top(s: &str) -> Vec<&str> {
    let (mut out, mut depth, mut from) = (Vec::new(), 0usize, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&s[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[from..]);
    out
}

fn compound(s: &str) -> Compound {
    let mut parts = s.split('.');
    let tag = parts.next().filter(|t| !t.is_empty()).map(str::to_string);
    Compound {
        tag,
        classes: parts.map(str::to_string).collect(),
    }
}

fn weight(c: &Compound) -> usize {
    c.classes.len() * 10 + usize::from(c.tag.is_some())
}

/// `.chart-svg .axis text`, `.chart-svg :is(rect, circle)`; `None` for other selectors.
fn selector(s: &str) -> Option<Selector> {
    let rest = s.strip_prefix(".chart-svg")?;
    let mut steps = Vec::new();
    let mut specificity = 10;
    for word in split_words(rest) {
        let alternatives: Vec<Compound> = match word.strip_prefix(":is(") {
            Some(list) => split_top(list.strip_suffix(')')?)
                .into_iter()
                .map(|c| compound(c.trim()))
                .collect(),
            None => vec![compound(word)],
        };
        specificity += alternatives.iter().map(weight).max().unwrap_or(0);
        steps.push(alternatives);
    }
    Some(Selector { steps, specificity })
}

/// Whitespace-separated words, keeping `:is(a, b)` whole.
fn split_words(s: &str) -> Vec<&str> {
    let (mut out, mut depth, mut from) = (Vec::new(), 0usize, None);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => {
                if let Some(f) = from.take() {
                    out.push(&s[f..i]);
                }
                continue;
            }
            _ => {}
        }
        from.get_or_insert(i);
    }
    if let Some(f) = from {
        out.push(&s[f..]);
    }
    out
}

/// An element as selectors see it.
struct Element {
    tag: String,
    classes: Vec<String>,
}

fn matches(c: &Compound, e: &Element) -> bool {
    c.tag.as_ref().is_none_or(|t| *t == e.tag) && c.classes.iter().all(|k| e.classes.contains(k))
}

/// Whether `sel` matches the last element of `path` (the root is `.chart-svg`).
fn selects(sel: &Selector, path: &[Element]) -> bool {
    let Some((last, ancestors)) = path.split_last() else {
        return false;
    };
    let Some((target, before)) = sel.steps.split_last() else {
        // `.chart-svg` itself: the root.
        return ancestors.is_empty();
    };
    if ancestors.is_empty() || !target.iter().any(|c| matches(c, last)) {
        return false;
    }
    // The other steps, right to left, each on some ancestor below the root.
    let mut up = ancestors[1..].iter().rev();
    before
        .iter()
        .rev()
        .all(|step| up.any(|a| step.iter().any(|c| matches(c, a))))
}

/// Replaces each `var(--x)` with its value in `env`, or `var(--x, fallback)` with the
/// fallback when `env` has no `--x` (a chart file's `--bg`, which only pages define).
fn resolve(value: &str, env: &HashMap<String, String>) -> String {
    let mut out = value.to_string();
    for _ in 0..4 {
        let Some(start) = out.find("var(") else { break };
        let Some(len) = out[start..].find(')') else {
            break;
        };
        let inner = &out[start + 4..start + len];
        let (name, fallback) = inner.split_once(',').unwrap_or((inner, ""));
        let v = env
            .get(name.trim())
            .cloned()
            .unwrap_or_else(|| fallback.trim().to_string());
        out.replace_range(start..start + len + 1, &v);
    }
    out
}

fn paint(svg: &str, sheet: &Sheet) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(svg.len() * 2));
    let mut path: Vec<Element> = Vec::new();
    let mut envs: Vec<HashMap<String, String>> = vec![sheet.vars.clone()];
    loop {
        let event = reader.read_event().ok()?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let (out, env) = styled(&e, &mut path, &envs, sheet)?;
                envs.push(env);
                writer.write_event(Event::Start(out)).ok()?;
            }
            Event::Empty(e) => {
                let (out, _) = styled(&e, &mut path, &envs, sheet)?;
                path.pop();
                writer.write_event(Event::Empty(out)).ok()?;
            }
            Event::End(e) => {
                path.pop();
                envs.pop();
                writer.write_event(Event::End(e)).ok()?;
            }
            other => writer.write_event(other).ok()?,
        }
    }
    String::from_utf8(writer.into_inner()).ok()
}

/// The element with the theme's paint as attributes (pushed onto `path`), and the custom
/// properties its children inherit.
fn styled<'a>(
    e: &BytesStart,
    path: &mut Vec<Element>,
    envs: &[HashMap<String, String>],
    sheet: &Sheet,
) -> Option<(BytesStart<'a>, HashMap<String, String>)> {
    let tag = e.name().as_ref().to_string();
    let attrs: Vec<Attribute> = e.attributes().collect::<Result<_, _>>().ok()?;
    let classes = attrs
        .iter()
        .find(|a| a.key.as_ref() == "class")
        .map(|a| a.value.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    path.push(Element { tag, classes });
    let mut matched: Vec<(usize, usize, &Rule)> = sheet
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| selects(&r.selector, path))
        .map(|(i, r)| (r.selector.specificity, i, r))
        .collect();
    matched.sort_by_key(|(s, i, _)| (*s, *i));
    let mut env = envs.last().cloned().unwrap_or_default();
    // Custom properties a chart sets on an element itself (the map's `--hatch`).
    let inline = attrs.iter().find(|a| a.key.as_ref() == "style");
    for decl in inline.map_or("", |a| a.value.as_ref()).split(';') {
        if let Some((k, v)) = decl.split_once(':')
            && k.trim().starts_with("--")
        {
            env.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    let mut props: Vec<(String, String)> = Vec::new();
    for (_, _, rule) in &matched {
        for (k, v) in &rule.declarations {
            if k.starts_with("--") {
                let v = resolve(v, &env);
                env.insert(k.clone(), v);
            }
        }
    }
    for (_, _, rule) in &matched {
        for (k, v) in rule
            .declarations
            .iter()
            .filter(|(k, _)| !k.starts_with("--"))
        {
            let v = resolve(v, &env).trim_end_matches("px").to_string();
            props.retain(|(p, _)| p != k);
            props.push((k.clone(), v));
        }
    }
    if path.len() == 1 {
        props.push((
            "font-family".into(),
            format!("{FONT_FAMILY}, {FALLBACK_FAMILY}"),
        ));
    }
    let mut out = BytesStart::new(e.name().as_ref().to_string());
    for a in attrs
        .iter()
        .filter(|a| !props.iter().any(|(k, _)| k == a.key.as_ref()))
    {
        out.push_attribute(Attribute {
            key: QName(a.key.as_ref()),
            value: Cow::Borrowed(&a.value),
        });
    }
    for (k, v) in &props {
        out.push_attribute(Attribute {
            key: QName(k),
            value: Cow::Borrowed(v),
        });
    }
    Some((out.into_owned(), env))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_rules_become_attributes_in_the_light_scheme() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg line\">\
                   <g class=\"series-1\"><rect x=\"1\"/><polyline points=\"0,0 1,1\"/></g>\
                   <g class=\"axis\"><text x=\"1\">2020</text><polyline points=\"0,0\"/></g>\
                   <g class=\"labels\"><text class=\"end\">a &lt; b</text></g></svg>";
        let out = paint(svg, &parse_sheet(ChartStyle::embedded())).unwrap_or_default();
        // series-1 takes the second chart colour (the theme's --chart-2, light).
        assert!(out.contains("<rect x=\"1\" fill=\"#b3470b\"/>"), "{out}");
        assert!(out.contains("fill=\"none\" stroke=\"#b3470b\""), "{out}");
        assert!(out.contains("stroke=\"#767676\""), "axis line: {out}");
        assert!(out.contains("fill=\"#4d4d4d\""), "axis text muted: {out}");
        assert!(out.contains("text-anchor=\"end\""), "{out}");
        assert!(out.contains("font-size=\"14\""), "{out}");
        assert!(
            out.contains("font-family=\"Noto Sans, Noto Sans Math\""),
            "{out}"
        );
        assert!(out.contains("a &lt; b"), "text kept escaped: {out}");
        assert!(!out.contains("var("), "{out}");
    }

    /// Print paints with the site theme's chart stylesheet, in its light scheme.
    #[test]
    fn print_takes_the_sites_chart_stylesheet() {
        let style = ChartStyle::new(
            ":root { --chart-1: #123456; }\n\
             @media (prefers-color-scheme: dark) { :root { --chart-1: #fedcba; } }\n\
             .chart-svg { --series: var(--chart-1); }\n\
             .chart-svg rect { fill: var(--series); }",
        );
        let svg = "<svg class=\"chart-svg\"><g><rect x=\"1\"/></g></svg>";
        let out = paint(svg, &parse_sheet(&style)).unwrap_or_default();
        assert!(out.contains("<rect x=\"1\" fill=\"#123456\"/>"), "{out}");
    }

    /// A custom property a chart sets on an element (the map's `--hatch`) reaches the
    /// paint of its descendants.
    #[test]
    fn inline_custom_properties_are_inherited() {
        let svg = "<svg class=\"chart-svg\"><g class=\"tiles\" style=\"--hatch:url(#m-hatch)\">\
                   <g class=\"no-data\"><rect x=\"1\"/></g></g></svg>";
        let out = paint(svg, &parse_sheet(ChartStyle::embedded())).unwrap_or_default();
        assert!(out.contains("fill=\"url(#m-hatch)\""), "{out}");
    }
}
