//! Reading a Markdown body once, during validation, into a [`Document`]: the Markdown becomes
//! HTML (raw HTML escaped unless the site allows it, unsafe link schemes neutralised, `h2`/`h3`
//! given ids), and each chart block and inline value becomes a typed embed resolved against the
//! catalog. Every problem is a located error here; rendering only fills the embeds.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Deserialize;

use super::ids::Ids;
use super::positions::Positions;
use super::{inline, options};
use crate::diagnostic::{Diagnostic, Position, SourceText};
use crate::model::{BlockChartType, ChartBlock, Document, Embed, IndicatorRef, InlineValue, Year};
use crate::slug::slugify;
use crate::yaml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChartBlock {
    indicator: String,
    #[serde(rename = "type", default = "default_chart_type")]
    pub(super) chart_type: BlockName,
    #[serde(default)]
    title: Option<String>,
}

/// A block's `type:`, one of the registered chart types' block names.
#[derive(Debug)]
pub(super) struct BlockName(BlockChartType);

impl<'de> Deserialize<'de> for BlockName {
    /// Read as an enum of the registered names, so a wrong name is located and listed like
    /// any other unknown YAML word.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Names;
        impl<'de> serde::de::Visitor<'de> for Names {
            type Value = BlockName;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a chart type")
            }
            fn visit_enum<A: serde::de::EnumAccess<'de>>(
                self,
                data: A,
            ) -> Result<BlockName, A::Error> {
                use serde::de::{Error, VariantAccess};
                let (name, variant): (String, _) = data.variant()?;
                variant.unit_variant()?;
                crate::chart::block_type(&name)
                    .and_then(crate::chart::block_chart_type)
                    .map(BlockName)
                    .ok_or_else(|| A::Error::unknown_variant(&name, crate::chart::block_names()))
            }
        }
        d.deserialize_enum("BlockName", crate::chart::block_names(), Names)
    }
}

/// A block without `type:` draws a line.
fn default_chart_type() -> BlockName {
    let line = crate::chart::block_type(crate::chart::Line::NAME)
        .and_then(crate::chart::block_chart_type)
        .unwrap_or(BlockChartType::new(crate::chart::Line::NAME, false));
    BlockName(line)
}

/// What a body needs from the rest of the site to be read.
pub struct Context<'a> {
    /// The catalog's indicator for an id.
    pub find_indicator: &'a dyn Fn(&str) -> Option<IndicatorRef>,
    /// `allow_raw_html` of `site.yaml`.
    pub allow_raw_html: bool,
}

/// Reads the body of `source` (starting at `body_offset`) into a typed document.
pub fn parse(source: &SourceText, body_offset: usize, cx: &Context) -> (Document, Vec<Diagnostic>) {
    let mut r = Reader::new(source, body_offset, cx);
    let items = super::site_links::mark_site_rooted(r.rewrite(&source.text[body_offset..]));
    let mut pieces = Pieces(vec![String::new()]);
    let events = items.into_iter().map(|item| match item {
        Item::Event(e) => e,
        Item::Chart => Event::Html(CowStr::Borrowed(CHART_MARK)),
        Item::Value => Event::InlineHtml(CowStr::Borrowed(VALUE_MARK)),
        Item::Heading(level, id) => {
            Event::Html(CowStr::from(format!("<h{} id=\"{id}\">", level as usize)))
        }
        Item::HeadingEnd(level) => Event::Html(CowStr::from(format!("</h{}>\n", level as usize))),
    });
    // Writing into a String cannot fail.
    let _ =
        pulldown_cmark::html::write_html_fmt(&mut pieces, super::table_align::as_classes(events));
    let Reader {
        diags,
        anchors,
        links,
        embeds,
        ..
    } = r;
    let doc = Document::new(pieces.0, embeds, anchors, links).unwrap_or_default();
    (doc, diags)
}

/// One step of a body as renderers other than HTML read it (the PDF edition): a Markdown
/// event, or the place of the body's next embed (in the order of `Document::embeds`).
pub enum BodyEvent<'a> {
    Markdown(Event<'a>),
    Embed,
}

/// The body's events as [`parse`] rewrote them (raw HTML as text unless allowed, unsafe
/// links neutralised, charts and values as embeds), for a renderer that is not HTML. Its
/// problems were reported when the body was parsed.
pub fn events<'a>(
    source: &'a SourceText,
    body_offset: usize,
    cx: &'a Context<'a>,
) -> Vec<BodyEvent<'a>> {
    let mut r = Reader::new(source, body_offset, cx);
    r.rewrite(&source.text[body_offset..])
        .into_iter()
        .map(|item| match item {
            Item::Event(e) => BodyEvent::Markdown(e),
            Item::Chart | Item::Value => BodyEvent::Embed,
            Item::Heading(level, id) => BodyEvent::Markdown(Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(id)),
                classes: Vec::new(),
                attrs: Vec::new(),
            })),
            Item::HeadingEnd(level) => BodyEvent::Markdown(Event::End(TagEnd::Heading(level))),
        })
        .collect()
}

/// Where an embed goes in the HTML: U+FFFF cannot come from a body (it is refused on reading,
/// typed or as a character reference). A chart ends with a line break, as its figure does, so
/// the Markdown after it is written as it would be after the figure itself.
const MARK: char = '\u{FFFF}';
const CHART_MARK: &str = "\u{FFFF}\n";
pub(super) const VALUE_MARK: &str = "\u{FFFF}";

/// The HTML as pieces between embeds.
struct Pieces(Vec<String>);

impl std::fmt::Write for Pieces {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let s = if s == CHART_MARK { VALUE_MARK } else { s };
        let mut parts = s.split(MARK);
        if let (Some(first), Some(last)) = (parts.next(), self.0.last_mut()) {
            last.push_str(first);
        }
        self.0.extend(parts.map(str::to_string));
        Ok(())
    }
}

/// A Markdown event, or the place of the next embed.
pub(super) enum Item<'a> {
    Event(Event<'a>),
    Chart,
    Value,
    /// A heading with the id given to it (written as HTML with its id), and its end.
    Heading(HeadingLevel, String),
    HeadingEnd(HeadingLevel),
}

/// Events inside a heading are collected to compute its id; others go straight out.
fn target<'b, 'a>(
    heading: &'b mut Option<(HeadingLevel, Vec<Item<'a>>)>,
    out: &'b mut Vec<Item<'a>>,
) -> &'b mut Vec<Item<'a>> {
    match heading {
        Some((_, events)) => events,
        None => out,
    }
}

/// Where each piece of a run of text events came from. Pulldown-cmark decodes entities and
/// escapes (`&amp;` is one byte of text, five of source), so offsets in the joined text are
/// mapped back piece by piece; inside a decoded piece they point at its start.
#[derive(Default)]
struct TextMap {
    /// (offset in the joined text, decoded length, byte range in the body)
    pieces: Vec<(usize, usize, std::ops::Range<usize>)>,
}

impl TextMap {
    fn push(&mut self, at: usize, len: usize, source: std::ops::Range<usize>) {
        self.pieces.push((at, len, source));
    }

    fn source_offset(&self, offset: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|(at, _, _)| *at <= offset)
            .saturating_sub(1);
        match self.pieces.get(i) {
            Some((at, len, src)) if *len == src.len() => src.start + (offset - at),
            Some((_, _, src)) => src.start,
            None => offset,
        }
    }
}

struct Reader<'a> {
    source: &'a SourceText,
    positions: Positions<'a>,
    offset: usize,
    cx: &'a Context<'a>,
    diags: Vec<Diagnostic>,
    anchors: Vec<String>,
    links: Vec<(String, Position)>,
    embeds: Vec<Embed>,
}

impl<'a> Reader<'a> {
    /// A reader of the body of `source` that starts at `offset`.
    fn new(source: &'a SourceText, offset: usize, cx: &'a Context<'a>) -> Self {
        Reader {
            source,
            positions: Positions::new(source),
            offset,
            cx,
            diags: Vec::new(),
            anchors: Vec::new(),
            links: Vec::new(),
            embeds: Vec::new(),
        }
    }

    /// The line and column of an offset in the body.
    fn position(&self, body_offset: usize) -> Position {
        self.positions.of(self.offset + body_offset)
    }

    fn error_at(&mut self, body_offset: usize, msg: String, hint: &str) {
        let pos = self.position(body_offset);
        self.diags
            .push(Diagnostic::at(self.source, pos, msg).with_hint(hint));
    }

    fn rewrite(&mut self, body: &'a str) -> Vec<Item<'a>> {
        let mut out: Vec<Item<'a>> = Vec::new();
        let mut text_run: Option<(String, TextMap)> = None;
        let mut code: Option<(String, usize)> = None;
        let mut heading: Option<(HeadingLevel, Vec<Item<'a>>)> = None;
        let mut used_ids = Ids::default();
        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            if let Some((text, _)) = &mut code {
                match event {
                    Event::Text(t) => text.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let (text, start) = code.take().unwrap_or_default();
                        if let Some(block) = self.chart_block(&text, start) {
                            self.embeds.push(Embed::Chart(block));
                            out.push(Item::Chart);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            if let Event::Text(t) = &event {
                // Raw characters were refused on reading; entities (`&#11;`) arrive here.
                if let Some((_, c)) = crate::hygiene::first_forbidden(t) {
                    self.error_at(
                        range.start,
                        crate::hygiene::message(c),
                        "remove the character reference that writes it",
                    );
                    continue;
                }
                let (s, map) = text_run.get_or_insert_with(Default::default);
                map.push(s.len(), t.len(), range);
                s.push_str(t);
                continue;
            }
            if let Some((text, map)) = text_run.take() {
                let mut expanded = Vec::new();
                self.expand_text(&text, &map, &mut expanded);
                target(&mut heading, &mut out).extend(expanded);
            }
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                    if lang.as_ref() == "chart" =>
                {
                    code = Some((String::new(), range.start));
                }
                Event::Start(Tag::Heading { level, .. }) if heading.is_none() => {
                    heading = Some((level, Vec::new()));
                }
                Event::End(TagEnd::Heading(_)) if heading.is_some() => {
                    if let Some((level, inner)) = heading.take() {
                        self.push_heading(level, inner, &mut used_ids, &mut out);
                    }
                }
                other => {
                    let e = self.sanitize(other, range.start);
                    target(&mut heading, &mut out).push(Item::Event(e));
                }
            }
        }
        if let Some((text, map)) = text_run.take() {
            self.expand_text(&text, &map, &mut out);
        }
        out
    }

    /// Escapes raw HTML (unless allowed) and neutralises unsafe link schemes.
    fn sanitize(&mut self, event: Event<'a>, at: usize) -> Event<'a> {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) if !self.cx.allow_raw_html => {
                Event::Text(raw)
            }
            Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    let url = std::mem::replace(dest_url, CowStr::Borrowed(""));
                    *dest_url = self.safe_url(url, at);
                }
                Event::Start(tag)
            }
            other => other,
        }
    }

    /// `h2`/`h3` get an id from their text so sections can be linked.
    fn push_heading(
        &mut self,
        level: HeadingLevel,
        inner: Vec<Item<'a>>,
        used: &mut Ids,
        out: &mut Vec<Item<'a>>,
    ) {
        let text: String = inner
            .iter()
            .filter_map(|e| match e {
                Item::Event(Event::Text(t) | Event::Code(t)) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let base = match slugify(&text) {
            s if s.is_empty() => "muc".to_string(),
            s => s,
        };
        let id = used.take(base);
        out.push(Item::Heading(level, id.clone()));
        out.extend(inner);
        out.push(Item::HeadingEnd(level));
        self.anchors.push(id);
    }

    /// Links may only use web, mail, or relative addresses; `javascript:` and the like become
    /// a dead link and an error.
    fn safe_url(&mut self, url: CowStr<'a>, at: usize) -> CowStr<'a> {
        let scheme = super::scheme::scheme_of(&url);
        match scheme.as_deref() {
            None => {
                let pos = self.position(at);
                self.links.push((url.to_string(), pos));
                url
            }
            Some("http") | Some("https") | Some("mailto") | Some("tel") => url,
            Some(s) => {
                self.error_at(
                    at,
                    format!("link uses the `{s}:` scheme, which is not allowed"),
                    "link to an http(s) address, a mail address or a page of the site",
                );
                CowStr::from("#")
            }
        }
    }

    fn expand_text(&mut self, text: &str, map: &TextMap, out: &mut Vec<Item<'a>>) {
        if !text.contains("{{") {
            out.push(Item::Event(Event::Text(CowStr::from(text.to_string()))));
            return;
        }
        let pieces = match inline::scan(text) {
            Ok(p) => p,
            Err(e) => {
                self.error_at(
                    map.source_offset(e.offset),
                    format!("inline value: {}", e.message),
                    "write it like {{ value(indicator=\"ict_revenue\", year=2019) }}",
                );
                out.push(Item::Event(Event::Text(CowStr::from(text.to_string()))));
                return;
            }
        };
        for piece in pieces {
            match piece {
                inline::Piece::Text(t) => {
                    out.push(Item::Event(Event::Text(CowStr::from(t.to_string()))))
                }
                inline::Piece::Call(call) => {
                    if let Some(value) = self.inline_value(&call, map) {
                        self.embeds.push(Embed::Value(value));
                        out.push(Item::Value);
                    }
                }
            }
        }
    }

    fn inline_value(&mut self, call: &inline::Call, map: &TextMap) -> Option<InlineValue> {
        const HINT: &str = "write it like {{ value(indicator=\"ict_revenue\", year=2019) }}";
        if call.name != "value" {
            self.error_at(
                map.source_offset(call.start),
                format!("unknown inline function `{}`", call.name),
                HINT,
            );
            return None;
        }
        let mut indicator = None;
        let mut year = None;
        for (key, arg, at) in &call.args {
            match (key.as_str(), arg) {
                ("indicator", inline::Arg::Str(s)) => indicator = Some((s.clone(), *at)),
                ("year", inline::Arg::Int(y)) => year = Some((*y, *at)),
                _ => {
                    self.error_at(
                        map.source_offset(*at),
                        format!("unknown or mistyped argument `{key}`"),
                        "`value` takes indicator=\"id\" and year=YYYY",
                    );
                    return None;
                }
            }
        }
        let (Some((id, id_at)), Some((y, y_at))) = (indicator, year) else {
            self.error_at(
                map.source_offset(call.start),
                "`value` needs both indicator and year".into(),
                HINT,
            );
            return None;
        };
        let Some(ind) = (self.cx.find_indicator)(&id) else {
            let hint = format!("`{id}` is not in content/indicators.yaml");
            self.error_at(
                map.source_offset(id_at),
                format!("unknown indicator `{id}`"),
                &hint,
            );
            return None;
        };
        let Some(year) = Year::new(y) else {
            self.error_at(
                map.source_offset(y_at),
                format!("year {y} is out of range"),
                "write the four-digit year of an observation in metrics.yaml",
            );
            return None;
        };
        Some(InlineValue {
            indicator: ind,
            year,
            at: self.position(map.source_offset(y_at)),
        })
    }

    fn chart_block(&mut self, text: &str, start: usize) -> Option<ChartBlock> {
        // Options start on the line after the opening fence.
        let fence_pos = self.position(start);
        let parsed =
            match yaml::parse_embedded::<RawChartBlock>(self.source, text, fence_pos.line + 1, 0) {
                Ok(p) => p,
                Err(mut d) => {
                    d.message = format!("chart block: {}", d.message);
                    self.diags.push(d);
                    return None;
                }
            };
        let raw = parsed.value;
        let at_indicator = parsed.spans.value("indicator");
        let Some(indicator) = (self.cx.find_indicator)(&raw.indicator) else {
            self.diags.push(
                Diagnostic::at(
                    self.source,
                    at_indicator,
                    format!("chart block: unknown indicator `{}`", raw.indicator),
                )
                .with_hint("use an id from content/indicators.yaml"),
            );
            return None;
        };
        Some(ChartBlock {
            indicator,
            chart_type: raw.chart_type.0,
            title: raw.title,
            at: at_indicator,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Embeds, render};

    fn read(body: &str) -> (Document, Vec<Diagnostic>) {
        let source = SourceText::new("x.md", format!("---\n---\n{body}"));
        let find = |id: &str| (id == "ict_revenue").then_some(IndicatorRef(0));
        let cx = Context {
            find_indicator: &find,
            allow_raw_html: false,
        };
        parse(&source, 8, &cx)
    }

    struct Fill;
    impl Embeds for Fill {
        fn chart(&self, block: &ChartBlock, number: usize) -> Option<String> {
            Some(format!(
                "<figure>{}#{number}</figure>\n",
                block.chart_type.name()
            ))
        }
        fn value(&self, _: IndicatorRef, year: Year) -> Option<String> {
            Some(format!("<b>{year}</b>"))
        }
        fn base_path(&self) -> &str {
            "/"
        }
    }

    #[test]
    fn charts_and_values_become_typed_embeds_in_place() {
        let body = "## Doanh thu {{ value(indicator=\"ict_revenue\", year=2020) }}\n\n\
                    Năm {{ value(indicator=\"ict_revenue\", year=2019) }} tăng.\n\n\
                    ~~~chart\nindicator: ict_revenue\ntype: \"bar\"\n~~~\n\n\
                    | a | b |\n|---|---|\n| x | {{ value(indicator=\"ict_revenue\", year=2021) }} |\n";
        let (doc, diags) = read(body);
        assert!(diags.is_empty(), "{diags:?}");
        let kinds: Vec<String> = doc
            .embeds()
            .iter()
            .map(|e| match e {
                Embed::Chart(c) => c.chart_type.name().to_string(),
                Embed::Value(v) => v.year.to_string(),
            })
            .collect();
        assert_eq!(kinds, ["2020", "2019", "bar", "2021"]);
        assert_eq!(doc.anchors, ["doanh-thu"]);
        let html = render(&doc, &Fill);
        assert!(
            html.starts_with("<h2 id=\"doanh-thu\">Doanh thu <b>2020</b></h2>\n<p>Năm <b>2019</b> tăng.</p>\n<figure>bar#1</figure>\n<table>"),
            "{html}"
        );
        assert!(html.contains("<td><b>2021</b></td>"), "{html}");
        assert!(!html.contains('\u{FFFF}'), "{html}");
    }

    #[test]
    fn mistakes_are_located_and_left_out_of_the_document() {
        let (doc, diags) = read(
            "Text {{ value(indicator=\"khong_co\", year=2019) }}.\n\n```chart\nindicator: x\n```\n",
        );
        let found: Vec<(usize, usize, &str)> = diags
            .iter()
            .map(|d| {
                let p = d.position.unwrap_or_default();
                (p.line, p.column, d.message.as_str())
            })
            .collect();
        assert_eq!(
            found,
            [
                (3, 15, "unknown indicator `khong_co`"),
                (6, 12, "chart block: unknown indicator `x`")
            ]
        );
        assert!(doc.embeds().is_empty());
        assert_eq!(render(&doc, &Fill), "<p>Text .</p>\n");
    }
}
