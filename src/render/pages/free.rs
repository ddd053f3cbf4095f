//! Free pages (`content/about.md`): a title and a Markdown body.

use super::*;

pub(super) fn free_page(s: &Scope, page: &crate::model::Page) -> Context {
    let text = page.text(s.lang, s.site.config.language);
    let body = body_html(s, None, text.body, None).html;
    let mut c = page_ctx(
        s,
        text.title,
        PageKind::Page(page.id()),
        text.description.map(str::to_string),
    );
    c.insert("body", &body);
    c.insert("body_lang", text.lang.code());
    c
}
