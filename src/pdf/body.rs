//! A Markdown body as Typst: the events the page's HTML is made from (pulldown-cmark, as
//! `markdown::events` rewrites them) become Typst elements, every text a string literal, and
//! each embed (a chart, an inline figure) is filled by the caller in the page's own words.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::markup::Writer;
use crate::markdown::BodyEvent;

/// What fills a body's embeds, in order: a chart block or an inline value.
pub trait Embeds {
    /// Writes embed number `index` (0-based, in `Document::embeds` order) into `w`.
    fn embed(&self, index: usize, w: &mut Writer);
}

/// Writes `events` into `w` in markup position. `first_level` is the Typst heading level of
/// the body's `#` headings (a body's `##` sits under the chapter heading).
pub fn write(
    events: Vec<BodyEvent>,
    file: &Path,
    first_level: usize,
    embeds: &dyn Embeds,
    w: &mut Writer,
) {
    const WHAT: &str = "the Markdown body";
    let mut embed = 0;
    // Text inside a code block, collected to be written as one raw element.
    let mut code: Option<String> = None;
    for event in events {
        let e = match event {
            BodyEvent::Embed => {
                embeds.embed(embed, w);
                embed += 1;
                continue;
            }
            BodyEvent::Markdown(e) => e,
        };
        if let Some(text) = &mut code {
            match e {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    w.code("\n#raw(block: true, ");
                    w.str(text, file, WHAT).code(")\n");
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match e {
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::Start(tag) => start(tag, first_level, file, w),
            Event::End(tag) => end(tag, w),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                w.text(&t, file, WHAT);
            }
            Event::Code(t) => {
                w.code("#raw(");
                w.str(&t, file, WHAT).code(")");
            }
            Event::SoftBreak => {
                w.code(" ");
            }
            Event::HardBreak => {
                w.code("#linebreak()");
            }
            Event::Rule => {
                w.code("\n#line(length: 100%)\n");
            }
            Event::FootnoteReference(label) => {
                w.code("#super(");
                w.str(&format!("[{label}]"), file, WHAT).code(")");
            }
            Event::TaskListMarker(done) => {
                w.code(if done { "#\"☑ \"" } else { "#\"☐ \"" });
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                w.text(&t, file, WHAT);
            }
        }
    }
}

fn level(first_level: usize, h: HeadingLevel) -> usize {
    let n = match h {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    };
    // A body's headings start at `##` (its page's title is the `#`).
    (first_level + n).saturating_sub(2).max(first_level)
}

fn start(tag: Tag, first_level: usize, file: &Path, w: &mut Writer) {
    match tag {
        Tag::Paragraph => {
            w.code("\n");
        }
        Tag::Heading { level: h, .. } => {
            w.code(&format!("\n#heading(level: {})[", level(first_level, h)));
        }
        Tag::BlockQuote(_) => {
            w.code("\n#quote(block: true)[");
        }
        Tag::List(None) => {
            w.code("\n#list(");
        }
        Tag::List(Some(first)) => {
            w.code(&format!("\n#enum(start: {first}, "));
        }
        Tag::Item => {
            w.code("[");
        }
        Tag::FootnoteDefinition(label) => {
            w.code("\n#block[#super(");
            w.str(&format!("[{label}]"), file, "a footnote label")
                .code(") ");
        }
        Tag::Table(aligns) => {
            w.code(&format!("\n#table(columns: {}, ", aligns.len().max(1)));
        }
        Tag::TableHead => {
            w.code("table.header(");
        }
        Tag::TableRow => {}
        Tag::TableCell => {
            w.code("[");
        }
        Tag::Emphasis => {
            w.code("#emph[");
        }
        Tag::Strong => {
            w.code("#strong[");
        }
        Tag::Strikethrough => {
            w.code("#strike[");
        }
        // Typst refuses an empty address (`[text]()`): the text stands alone.
        Tag::Link { dest_url, .. } if dest_url.is_empty() => {
            w.code("#[");
        }
        Tag::Link { dest_url, .. } => {
            w.code("#link(");
            w.str(&dest_url, file, "a link").code(")[");
        }
        // An image cannot be fetched (no files are read): its description stands in.
        Tag::Image { .. } => {
            w.code("#emph[");
        }
        _ => {}
    }
}

fn end(tag: TagEnd, w: &mut Writer) {
    let close = match tag {
        TagEnd::Paragraph => "\n",
        TagEnd::Heading(_) => "]\n",
        TagEnd::BlockQuote(_) => "]\n",
        TagEnd::List(_) => ")\n",
        TagEnd::Item => "],",
        TagEnd::FootnoteDefinition => "]\n",
        TagEnd::Table => ")\n",
        TagEnd::TableHead => "),",
        TagEnd::TableCell => "],",
        TagEnd::Emphasis
        | TagEnd::Strong
        | TagEnd::Strikethrough
        | TagEnd::Link
        | TagEnd::Image => "]",
        _ => "",
    };
    w.code(close);
}
