//! Drafts: provinces, pages, editions and translations that are not ready to publish.
//!
//! A page is a draft when its front matter says `draft: true`, or when it is visibly
//! unfinished: a heading with nothing under it (the sections `new province` writes), a free
//! page with no text, a province with no figures. `build` leaves drafts out and lists them
//! (see [`super::publish`]); `serve` shows them with a banner, so they can be finished in the
//! preview. Each file is judged on its own: a draft edition (`2018.md`) leaves out that
//! edition's page only, and a draft translation (`index.en.md`) leaves out that language
//! only, so the page is published as if it had no translation (the other language's text,
//! with a notice).

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::{Markdown, Province, Site};
use crate::diagnostic::{Diagnostic, SourceText};

/// Why a page is a draft, and where.
#[derive(Debug, Clone)]
pub struct DraftReason {
    /// The file that makes it one.
    pub source: SourceText,
    /// A byte offset into `source` (the empty heading), if the reason has a place.
    pub offset: Option<usize>,
    pub kind: DraftKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftKind {
    /// `draft: true` in the front matter.
    Marked,
    /// A heading (its text) with no content before the next heading of its level or above.
    EmptySection(String),
    /// A free page with no text at all.
    NoText,
    /// A province without a single figure in `metrics.yaml`.
    NoFigures,
}

impl DraftReason {
    fn new(body: &Markdown, offset: Option<usize>, kind: DraftKind) -> Self {
        DraftReason {
            source: body.source.clone(),
            offset: offset.map(|o| o + body.body_offset),
            kind,
        }
    }

    /// What is missing, in a few words (`empty section `## Mục tiêu``), naming the file
    /// when it is not `main`.
    pub fn describe(&self, main: &std::path::Path) -> String {
        let what = match &self.kind {
            DraftKind::Marked => "`draft: true`".into(),
            DraftKind::EmptySection(h) => format!("empty section `{h}`"),
            DraftKind::NoText => "no text".into(),
            DraftKind::NoFigures => "no figures".into(),
        };
        match self.source.path.file_name() {
            Some(name) if self.source.path != main => {
                format!("{what} in {}", name.to_string_lossy())
            }
            _ => what,
        }
    }

    fn hint(&self) -> &'static str {
        match &self.kind {
            DraftKind::Marked => "remove `draft: true` when it is ready",
            DraftKind::EmptySection(_) => "write the empty sections or remove their headings",
            DraftKind::NoText => "write the page's text",
            DraftKind::NoFigures => "add figures to metrics.yaml (docs/content-format.md)",
        }
    }
}

/// One warning for a draft whose main file is `main`: every reason, and `what` happens to
/// it. Located at the first empty heading of the main file, if any.
pub fn warning(main: &SourceText, reasons: &[DraftReason], what: &str) -> Option<Diagnostic> {
    if reasons.is_empty() {
        return None;
    }
    // Empty sections of one file go in one item: `empty sections `## A`, `## B` in x.md`.
    let mut listed: Vec<(Option<&std::path::Path>, String)> = Vec::new();
    for r in reasons {
        let file = Some(r.source.path.as_path());
        match (&r.kind, listed.last_mut()) {
            (DraftKind::EmptySection(h), Some((f, text))) if *f == file => {
                text.push_str(&format!(", `{h}`"));
            }
            (DraftKind::EmptySection(h), _) => listed.push((file, format!("`{h}`"))),
            _ => listed.push((None, r.describe(&main.path))),
        }
    }
    let listed: Vec<String> = listed
        .into_iter()
        .map(|(file, text)| match file {
            None => text,
            Some(f) => {
                let what = if text.contains(", `") {
                    "empty sections"
                } else {
                    "empty section"
                };
                match f.file_name().filter(|_| f != main.path) {
                    Some(name) => format!("{what} {text} in {}", name.to_string_lossy()),
                    None => format!("{what} {text}"),
                }
            }
        })
        .collect();
    let message = format!("draft, {what}: {}", listed.join("; "));
    let located = reasons
        .iter()
        .find_map(|r| r.offset.filter(|_| r.source.path == main.path));
    let d = match located {
        Some(o) => Diagnostic::at(main, main.position_of(o), message),
        None => Diagnostic::error(main.path.clone(), message),
    };
    let mut hints: Vec<&str> = Vec::new();
    for r in reasons {
        if !hints.contains(&r.hint()) {
            hints.push(r.hint());
        }
    }
    Some(d.as_warning().with_hint(format!(
        "{}; `ictreport serve` shows drafts with a banner",
        hints.join("; ")
    )))
}

/// The warnings for every draft of `site`, saying `what` happens to them: a draft province
/// or page (which covers its editions and translations), and else each draft edition and
/// translation on its own.
pub fn warnings(site: &Site, what: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut warn = |body: &Markdown, reasons: &[DraftReason]| {
        out.extend(warning(&body.source, reasons, what));
    };
    for p in &site.provinces {
        if !p.draft.is_empty() {
            warn(&p.body, &p.draft);
            continue;
        }
        for (_, t) in &p.translations {
            warn(&t.body, &t.draft);
        }
        for e in &p.editions {
            if !e.draft.is_empty() {
                warn(&e.body, &e.draft);
                continue;
            }
            for (_, t) in &e.translations {
                warn(&t.body, &t.draft);
            }
        }
    }
    for p in &site.pages {
        if !p.draft.is_empty() {
            warn(&p.body, &p.draft);
            continue;
        }
        for (_, t) in &p.translations {
            warn(&t.body, &t.draft);
        }
    }
    out
}

/// Whether `site` has a draft of any kind.
pub fn any(site: &Site) -> bool {
    let texts =
        |t: &[(super::Lang, super::ProvinceText)]| t.iter().any(|(_, t)| !t.draft.is_empty());
    site.provinces.iter().any(|p| {
        !p.draft.is_empty()
            || texts(&p.translations)
            || p.editions
                .iter()
                .any(|e| !e.draft.is_empty() || texts(&e.translations))
    }) || site
        .pages
        .iter()
        .any(|p| !p.draft.is_empty() || p.translations.iter().any(|(_, t)| !t.draft.is_empty()))
}

/// Why a province is a draft (empty when it is ready): its `draft:` mark, its figures, and
/// the sections of its main file (a translation is judged on its own, [`text_reasons`]).
pub fn province_reasons(p: &Province, marked: bool) -> Vec<DraftReason> {
    let mut reasons = Vec::new();
    if marked {
        reasons.push(DraftReason::new(&p.body, None, DraftKind::Marked));
    }
    if p.series.iter().all(|s| s.observations.is_empty()) {
        let metrics = p
            .body
            .source
            .path
            .with_file_name(super::inputs::METRICS_FILE);
        reasons.push(DraftReason {
            source: SourceText::new(metrics, ""),
            offset: None,
            kind: DraftKind::NoFigures,
        });
    }
    reasons.extend(empty_sections(&p.body));
    reasons
}

/// Why a dated edition (`2018.md`) or a translation of a province summary is a draft: its
/// own `draft:` mark and empty sections.
pub fn text_reasons(body: &Markdown, marked: bool) -> Vec<DraftReason> {
    let mut reasons = Vec::new();
    if marked {
        reasons.push(DraftReason::new(body, None, DraftKind::Marked));
    }
    reasons.extend(empty_sections(body));
    reasons
}

/// Why a free page, or one translation of it, is a draft (empty when it is ready).
pub fn page_reasons(body: &Markdown, marked: bool) -> Vec<DraftReason> {
    let mut reasons = Vec::new();
    if marked {
        reasons.push(DraftReason::new(body, None, DraftKind::Marked));
    }
    if body.body().trim().is_empty() {
        reasons.push(DraftReason::new(body, None, DraftKind::NoText));
    } else {
        reasons.extend(empty_sections(body));
    }
    reasons
}

/// The headings of `body` with nothing under them: the next top-level block is a heading of
/// the same level or above, or there is none. A heading followed by a deeper one is not
/// empty itself (the deeper one is judged on its own). HTML comments are not content.
fn empty_sections(body: &Markdown) -> Vec<DraftReason> {
    let mut reasons = Vec::new();
    // The heading waiting for content: its level, text and offset in the body.
    let mut open: Option<(HeadingLevel, String, usize)> = None;
    let mut depth = 0usize;
    let mut heading: Option<(HeadingLevel, String, usize)> = None;
    let mut html = String::new();
    let close = |open: &mut Option<(HeadingLevel, String, usize)>,
                 reasons: &mut Vec<DraftReason>| {
        if let Some((level, text, at)) = open.take() {
            let hashes = "#".repeat(level as usize);
            let kind = DraftKind::EmptySection(format!("{hashes} {}", text.trim()));
            reasons.push(DraftReason::new(body, Some(at), kind));
        }
    };
    for (event, range) in Parser::new(body.body()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                if open.as_ref().is_some_and(|(l, _, _)| *l >= level) {
                    close(&mut open, &mut reasons);
                }
                heading = Some((level, String::new(), range.start));
                depth += 1;
            }
            Event::End(TagEnd::Heading(_)) if depth == 1 => {
                depth = 0;
                open = heading.take();
            }
            Event::Start(Tag::HtmlBlock) if depth == 0 => {
                html.clear();
                depth += 1;
            }
            Event::Html(h) if depth == 1 && heading.is_none() => html.push_str(&h),
            Event::End(TagEnd::HtmlBlock) if depth == 1 => {
                depth = 0;
                if !is_comment(&html) {
                    open = None;
                }
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some((_, text, _)) = &mut heading {
                    text.push_str(&t);
                }
            }
            Event::Start(_) => {
                if depth == 0 {
                    open = None;
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            // A rule or a stray inline event at the top level is content.
            _ if depth == 0 => open = None,
            _ => {}
        }
    }
    close(&mut open, &mut reasons);
    reasons
}

/// Whether an HTML block is only comments (`<!-- viết phần này -->`).
fn is_comment(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after[end + 3..].trim_start(),
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(body: &str) -> Vec<String> {
        let md = Markdown {
            source: SourceText::new("x.md", format!("---\n---\n{body}")),
            body_offset: 8,
            doc: Default::default(),
        };
        empty_sections(&md)
            .iter()
            .map(|r| {
                let p = r.source.position_of(r.offset.unwrap_or(0));
                format!("{}:{}", p.line, r.describe(&r.source.path))
            })
            .collect()
    }

    #[test]
    fn a_heading_followed_by_a_heading_of_its_level_is_empty() {
        assert_eq!(
            sections("## A\n\n## B\n\ntext\n"),
            ["3:empty section `## A`"]
        );
        assert_eq!(sections("## A\ntext\n## B\n"), ["5:empty section `## B`"]);
    }

    #[test]
    fn a_heading_with_a_filled_subsection_is_not_empty() {
        assert!(sections("## A\n### A1\ntext\n## B\n- item\n").is_empty());
        assert_eq!(
            sections("## A\n### A1\n## B\ntext\n"),
            ["4:empty section `### A1`"]
        );
    }

    #[test]
    fn charts_tables_and_rules_count_as_content_but_comments_do_not() {
        assert!(sections("## A\n```chart\nindicator: x\n```\n## B\n---\n").is_empty());
        assert_eq!(
            sections("## A\n<!-- viết phần này -->\n## `B` *c*\n\n<div>x</div>\n"),
            ["3:empty section `## A`"]
        );
    }

    #[test]
    fn comments_are_recognised() {
        assert!(is_comment("<!-- a -->\n<!-- b -->"));
        assert!(!is_comment("<!-- a --> <p>"));
        assert!(!is_comment("<!-- unclosed"));
    }
}
