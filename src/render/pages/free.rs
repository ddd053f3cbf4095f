//! Free pages (`content/about.md`): a title and a Markdown body.

use super::*;

/// Links written in Markdown, with the file they were written in.
pub(super) type BodyLinks = Vec<(SourceText, (String, Position))>;

pub(super) fn free_page(
    s: &Scope,
    i: usize,
    diags: &mut Vec<Diagnostic>,
    links: &mut BodyLinks,
) -> Context {
    let page = &s.site.pages[i];
    let text = page.text(s.lang, s.site.config.language);
    let embeds = PageEmbeds {
        s,
        province: None,
        charted: RefCell::default(),
        headline: None,
        headline_chart: RefCell::default(),
    };
    let (body, d) = markdown::render(text.body, s.site, None, &embeds);
    diags.extend(d);
    links.extend(
        body.links
            .iter()
            .map(|l| (text.body.source.clone(), l.clone())),
    );
    let mut c = page_ctx(
        s,
        text.title,
        PageKind::Page(i),
        text.description.map(str::to_string),
    );
    c.insert("body", &body.html);
    c.insert("body_lang", text.lang.code());
    c
}
