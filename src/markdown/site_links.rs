//! Links written from the site's root (`/nguon/`, `/tinh/vinh-phuc/#so-sanh`, an image
//! `/static/logo.svg`) follow the base URL: published under `https://example.github.io/bao-cao/`
//! they lead to `/bao-cao/nguon/`. A body is read once, before the base URL of a build is known
//! (`--base-url` may override `site.yaml`), so its HTML keeps a mark where the base path goes
//! and [`super::render`] puts the page's base path there. `check` and `build` then check such
//! a link against the site's own files whatever the base URL, and agree on it.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Tag};

use super::parse::Item;

/// Where the base path goes in a body's HTML. A noncharacter, refused in every file (typed or
/// as a character reference), so it cannot come from what the editor wrote.
pub(super) const BASE_MARK: char = '\u{FFFE}';

/// Whether a link written in Markdown starts from the site's root (not `//host/`).
pub fn is_site_rooted(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//")
}

/// The address a page shows for a link written in Markdown as `url`, on a site whose base
/// path is `base_path` (`/` or `/bao-cao/`).
pub fn published<'a>(url: &'a str, base_path: &str) -> Cow<'a, str> {
    match url.strip_prefix('/') {
        Some(rest) if is_site_rooted(url) && base_path != "/" => {
            Cow::Owned(format!("{base_path}{rest}"))
        }
        _ => Cow::Borrowed(url),
    }
}

/// Replaces the start of every link and image whose address starts from the site's root by
/// the same HTML as raw HTML, the leading `/` replaced by [`BASE_MARK`]. pulldown-cmark
/// percent-encodes anything but ASCII in an address, so the mark must bypass its writer.
pub(super) fn mark_site_rooted(items: Vec<Item<'_>>) -> Vec<Item<'_>> {
    let mut out = Vec::with_capacity(items.len());
    let mut items = items.into_iter();
    while let Some(item) = items.next() {
        match item {
            Item::Event(Event::Start(Tag::Link {
                dest_url, title, ..
            })) if is_site_rooted(&dest_url) => {
                let mut html = format!("<a href=\"{}", href(&dest_url));
                if !title.is_empty() {
                    html.push_str("\" title=\"");
                    escape(&mut html, &title);
                }
                html.push_str("\">");
                out.push(Item::Event(Event::InlineHtml(CowStr::from(html))));
            }
            Item::Event(Event::Start(Tag::Image {
                dest_url, title, ..
            })) if is_site_rooted(&dest_url) => {
                let mut html = format!("<img src=\"{}\" alt=\"", href(&dest_url));
                alt_text(&mut items, &mut html);
                if !title.is_empty() {
                    html.push_str("\" title=\"");
                    escape(&mut html, &title);
                }
                html.push_str("\" />");
                out.push(Item::Event(Event::InlineHtml(CowStr::from(html))));
            }
            other => out.push(other),
        }
    }
    out
}

/// `/rest` as the marked, escaped address `<mark>rest`.
fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 4);
    out.push(BASE_MARK);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut out, &url[1..]);
    out
}

fn escape(out: &mut String, text: &str) {
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

/// An image's description as its `alt` text, up to the image's end, as pulldown-cmark writes
/// it. An inline value keeps its place (its mark), so every embed is still filled in order.
fn alt_text<'a>(items: &mut impl Iterator<Item = Item<'a>>, out: &mut String) {
    let mut nested = 0usize;
    for item in items.by_ref() {
        match item {
            Item::Event(Event::Start(_)) => nested += 1,
            Item::Event(Event::End(_)) if nested == 0 => return,
            Item::Event(Event::End(_)) => nested -= 1,
            Item::Event(Event::Text(t) | Event::Code(t) | Event::InlineHtml(t)) => {
                escape(out, &t);
            }
            Item::Event(Event::SoftBreak | Event::HardBreak | Event::Rule) => out.push(' '),
            Item::Value => out.push_str(super::parse::VALUE_MARK),
            Item::Event(_) | Item::Chart | Item::Heading(..) | Item::HeadingEnd(_) => {}
        }
    }
}

/// `html` with every mark replaced by `base_path` (escaped for an attribute).
pub(super) fn fill_base_path<'a>(html: &'a str, base_path: &str) -> Cow<'a, str> {
    if !html.contains(BASE_MARK) {
        return Cow::Borrowed(html);
    }
    let mut base = String::with_capacity(base_path.len());
    let _ = pulldown_cmark_escape::escape_href(&mut base, base_path);
    Cow::Owned(html.replace(BASE_MARK, &base))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, SourceText};
    use crate::markdown::{Context, Embeds, parse};
    use crate::model::{ChartBlock, Document, IndicatorRef, Year};

    fn read(body: &str) -> (Document, Vec<Diagnostic>) {
        let source = SourceText::new("x.md", body.to_string());
        let find = |_: &str| None;
        let cx = Context {
            find_indicator: &find,
            allow_raw_html: false,
        };
        parse(&source, 0, &cx)
    }

    /// A page under base path `.0`, without charts or values.
    struct Under(&'static str);
    impl Embeds for Under {
        fn chart(&self, _: &ChartBlock, _: usize) -> Option<String> {
            None
        }
        fn value(&self, _: IndicatorRef, _: Year) -> Option<String> {
            None
        }
        fn base_path(&self) -> &str {
            self.0
        }
    }

    #[test]
    fn the_published_address_of_a_link() {
        assert_eq!(published("/nguon/", "/bao-cao/"), "/bao-cao/nguon/");
        assert_eq!(published("/nguon/", "/"), "/nguon/");
        assert_eq!(published("../nguon/", "/bao-cao/"), "../nguon/");
        assert_eq!(published("//example.org/", "/bao-cao/"), "//example.org/");
    }

    #[test]
    fn links_from_the_site_root_go_under_the_base_path_and_others_stay() {
        let body = "[Nguồn](/nguon/ 'Các \"nguồn\"') [so sánh](/tinh/vinh-phuc/#so-sanh) [bên](../nghe-an/) \
             [ngoài](//example.org/x) [web](https://example.org/a) \
             ![Bản đồ *tỉnh*](</static/ban do.svg>)\n";
        let (doc, diags) = read(body);
        assert!(diags.is_empty(), "{diags:?}");
        // At the site's root, the HTML is pulldown-cmark's own, byte for byte.
        let mut plain = String::new();
        pulldown_cmark::html::push_html(&mut plain, pulldown_cmark::Parser::new(body));
        assert_eq!(crate::markdown::render(&doc, &Under("/")), plain);
        let html = crate::markdown::render(&doc, &Under("/bao-cao/"));
        assert_eq!(
            html,
            "<p><a href=\"/bao-cao/nguon/\" title=\"Các &quot;nguồn&quot;\">Nguồn</a> \
             <a href=\"/bao-cao/tinh/vinh-phuc/#so-sanh\">so sánh</a> \
             <a href=\"../nghe-an/\">bên</a> <a href=\"//example.org/x\">ngoài</a> \
             <a href=\"https://example.org/a\">web</a> \
             <img src=\"/bao-cao/static/ban%20do.svg\" alt=\"Bản đồ tỉnh\" /></p>\n"
        );
        let links: Vec<&str> = doc.links.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(
            links,
            [
                "/nguon/",
                "/tinh/vinh-phuc/#so-sanh",
                "../nghe-an/",
                "//example.org/x",
                "/static/ban do.svg"
            ]
        );
    }
}
