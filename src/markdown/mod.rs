//! Markdown to HTML with the two report extensions: chart blocks and inline values.
//!
//! The pulldown-cmark event stream is rewritten before it becomes HTML: ```` ```chart ````
//! fences become charts, `{{ value(...) }}` in text becomes a formatted figure, raw HTML is
//! escaped unless the site allows it, unsafe link schemes are neutralised, and `h2`/`h3` get
//! ids for anchors. What a chart or value looks like is the renderer's business (`Embeds`);
//! this module parses, validates and reports located errors.

mod check;
pub mod inline;

pub use check::check_bodies;

use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Position, SourceText};
use crate::model::{IndicatorRef, Markdown, Province, Site, Year};
use crate::slug::slugify;
use crate::yaml;

/// The chart types a block may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockChartType {
    Line,
    Bar,
    Parts,
    Progress,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChartBlock {
    indicator: String,
    #[serde(rename = "type", default = "default_chart_type")]
    chart_type: BlockChartType,
    #[serde(default)]
    title: Option<String>,
}

fn default_chart_type() -> BlockChartType {
    BlockChartType::Line
}

/// A validated chart block.
#[derive(Debug, Clone)]
pub struct ChartBlock {
    pub indicator: IndicatorRef,
    pub chart_type: BlockChartType,
    pub title: Option<String>,
}

/// What the renderer supplies: HTML for charts and values. `None` means "no data for it",
/// which this module turns into a located error.
pub trait Embeds {
    fn chart(&self, block: &ChartBlock, number: usize) -> Option<String>;
    fn value(&self, indicator: IndicatorRef, year: Year) -> Option<String>;
}

/// A link written in Markdown, with where it was written and the page it ended up on.
#[derive(Debug, Clone)]
pub struct MarkdownLink {
    pub source: SourceText,
    pub position: Position,
    pub url: String,
    /// The output path of the page the link is on (`tinh/vinh-phuc/index.html`).
    pub page: String,
}

/// The rendered body and the ids of its headings (for anchor checks).
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub anchors: Vec<String>,
    /// Links to other places of the site (no scheme), with where they were written.
    pub links: Vec<(String, Position)>,
}

/// Renders a page body. `province` scopes inline values and charts to its data.
pub fn render(
    md: &Markdown,
    site: &Site,
    province: Option<&Province>,
    embeds: &dyn Embeds,
) -> (Rendered, Vec<Diagnostic>) {
    let mut r = Renderer {
        source: &md.source,
        offset: md.body_offset,
        site,
        province,
        embeds,
        diags: Vec::new(),
        charts: 0,
        anchors: Vec::new(),
        links: Vec::new(),
    };
    let events = r.rewrite(md.body());
    let mut html = String::with_capacity(md.body().len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let anchors = std::mem::take(&mut r.anchors);
    let links = std::mem::take(&mut r.links);
    (
        Rendered {
            html,
            anchors,
            links,
        },
        r.diags,
    )
}

/// The Markdown extensions the site's bodies use.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// The types of the chart blocks a body embeds, read as rendering reads them (either fence,
/// quoted or plain YAML). Blocks that do not parse are left out: rendering reports them.
pub fn chart_types(md: &Markdown) -> Vec<BlockChartType> {
    let mut out = Vec::new();
    let mut code: Option<String> = None;
    for event in Parser::new_ext(md.body(), options()) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if lang.as_ref() == "chart" =>
            {
                code = Some(String::new());
            }
            Event::Text(t) => {
                if let Some(text) = &mut code {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(text) = code.take()
                    && let Ok(block) =
                        yaml::parse_embedded::<RawChartBlock>(&md.source, &text, 1, 0)
                {
                    out.push(block.value.chart_type);
                }
            }
            _ => {}
        }
    }
    out
}

/// Events inside a heading are collected to compute its id; others go straight out.
fn target<'b, 'a>(
    heading: &'b mut Option<(HeadingLevel, Vec<Event<'a>>)>,
    out: &'b mut Vec<Event<'a>>,
) -> &'b mut Vec<Event<'a>> {
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

struct Renderer<'a> {
    source: &'a SourceText,
    offset: usize,
    site: &'a Site,
    province: Option<&'a Province>,
    embeds: &'a dyn Embeds,
    diags: Vec<Diagnostic>,
    charts: usize,
    anchors: Vec<String>,
    links: Vec<(String, Position)>,
}

impl<'a> Renderer<'a> {
    fn error_at(&mut self, body_offset: usize, msg: String, hint: &str) {
        let pos = self.source.position_of(self.offset + body_offset);
        self.diags
            .push(Diagnostic::at(self.source, pos, msg).with_hint(hint));
    }

    fn rewrite(&mut self, body: &'a str) -> Vec<Event<'a>> {
        let mut out: Vec<Event<'a>> = Vec::new();
        let mut text_run: Option<(String, TextMap)> = None;
        let mut code: Option<(String, usize)> = None;
        let mut heading: Option<(HeadingLevel, Vec<Event<'a>>)> = None;
        let mut used_ids = HashSet::new();
        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            if let Some((text, _)) = &mut code {
                match event {
                    Event::Text(t) => text.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let (text, start) = code.take().unwrap_or_default();
                        let html = self.chart_block(&text, start);
                        out.push(Event::Html(CowStr::from(html)));
                    }
                    _ => {}
                }
                continue;
            }
            if let Event::Text(t) = &event {
                // Raw characters were refused on reading; entities (`&#11;`) arrive here.
                if let Some((_, c)) = crate::content::hygiene::first_forbidden(t) {
                    self.error_at(
                        range.start,
                        crate::content::hygiene::message(c),
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
                    target(&mut heading, &mut out).push(e);
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
            Event::Html(raw) | Event::InlineHtml(raw) if !self.site.config.allow_raw_html => {
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
        inner: Vec<Event<'a>>,
        used: &mut HashSet<String>,
        out: &mut Vec<Event<'a>>,
    ) {
        let text: String = inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let base = match slugify(&text) {
            s if s.is_empty() => "muc".to_string(),
            s => s,
        };
        let mut id = base.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let level_num = level as usize;
        out.push(Event::Html(CowStr::from(format!(
            "<h{level_num} id=\"{id}\">"
        ))));
        out.extend(inner);
        out.push(Event::Html(CowStr::from(format!("</h{level_num}>\n"))));
        self.anchors.push(id);
    }

    /// Links may only use web, mail, or relative addresses; `javascript:` and the like become
    /// a dead link and an error.
    fn safe_url(&mut self, url: CowStr<'a>, at: usize) -> CowStr<'a> {
        let lower = url.trim().to_ascii_lowercase();
        let scheme = lower
            .split_once(':')
            .map(|(s, _)| s)
            .filter(|s| !s.contains(['/', '?', '#']));
        match scheme {
            None => {
                let pos = self.source.position_of(self.offset + at);
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

    fn expand_text(&mut self, text: &str, map: &TextMap, out: &mut Vec<Event<'a>>) {
        if !text.contains("{{") {
            out.push(Event::Text(CowStr::from(text.to_string())));
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
                out.push(Event::Text(CowStr::from(text.to_string())));
                return;
            }
        };
        for piece in pieces {
            match piece {
                inline::Piece::Text(t) => out.push(Event::Text(CowStr::from(t.to_string()))),
                inline::Piece::Call(call) => {
                    let html = self.inline_value(&call, map);
                    out.push(Event::InlineHtml(CowStr::from(html)));
                }
            }
        }
    }

    fn inline_value(&mut self, call: &inline::Call, map: &TextMap) -> String {
        const HINT: &str = "write it like {{ value(indicator=\"ict_revenue\", year=2019) }}";
        if call.name != "value" {
            self.error_at(
                map.source_offset(call.start),
                format!("unknown inline function `{}`", call.name),
                HINT,
            );
            return String::new();
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
                    return String::new();
                }
            }
        }
        let (Some((id, id_at)), Some((y, y_at))) = (indicator, year) else {
            self.error_at(
                map.source_offset(call.start),
                "`value` needs both indicator and year".into(),
                HINT,
            );
            return String::new();
        };
        let Some(ind) = self.site.find_indicator(&id) else {
            let hint = format!("`{id}` is not in content/indicators.yaml");
            self.error_at(
                map.source_offset(id_at),
                format!("unknown indicator `{id}`"),
                &hint,
            );
            return String::new();
        };
        let Some(year) = Year::new(y) else {
            self.error_at(
                map.source_offset(y_at),
                format!("year {y} is out of range"),
                "write the four-digit year of an observation in metrics.yaml",
            );
            return String::new();
        };
        match self.embeds.value(ind, year) {
            Some(html) => html,
            None => {
                let whose = self
                    .province
                    .map_or("this page".to_string(), |p| p.name.clone());
                self.error_at(
                    map.source_offset(y_at),
                    format!("{whose} has no value of `{id}` for {y}"),
                    "add the observation to metrics.yaml or change the year",
                );
                String::new()
            }
        }
    }

    fn chart_block(&mut self, text: &str, start: usize) -> String {
        // Options start on the line after the opening fence.
        let fence_pos = self.source.position_of(self.offset + start);
        let parsed =
            match yaml::parse_embedded::<RawChartBlock>(self.source, text, fence_pos.line + 1, 0) {
                Ok(p) => p,
                Err(mut d) => {
                    d.message = format!("chart block: {}", d.message);
                    self.diags.push(d);
                    return String::new();
                }
            };
        let raw = parsed.value;
        let at_indicator = parsed.spans.value("indicator");
        let Some(indicator) = self.site.find_indicator(&raw.indicator) else {
            self.diags.push(
                Diagnostic::at(
                    self.source,
                    at_indicator,
                    format!("chart block: unknown indicator `{}`", raw.indicator),
                )
                .with_hint("use an id from content/indicators.yaml"),
            );
            return String::new();
        };
        let block = ChartBlock {
            indicator,
            chart_type: raw.chart_type,
            title: raw.title,
        };
        self.charts += 1;
        match self.embeds.chart(&block, self.charts) {
            Some(html) => html,
            None => {
                let whose = self
                    .province
                    .map_or("this page".to_string(), |p| p.name.clone());
                self.diags.push(Diagnostic::at(self.source, at_indicator, format!("chart block: {whose} has not enough data of `{}` for a {} chart", raw.indicator, format!("{:?}", block.chart_type).to_lowercase()))
                    .with_hint("a line chart needs two or more years; parts need values of the parts; progress needs a percent"));
                String::new()
            }
        }
    }
}
