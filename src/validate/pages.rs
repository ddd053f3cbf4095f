//! Free pages (`content/about.md`): their URLs, never one the site uses itself.

use super::*;

pub(super) fn pages(pages: &[LoadedPage], ctx: &Lookup, diags: &mut Vec<Diagnostic>) -> Vec<Page> {
    let mut out: Vec<Page> = Vec::new();
    let mut marked = Vec::new();
    for p in pages.iter().filter(|p| p.lang.is_none()) {
        let doc = &p.doc;
        let slug = doc.front.slug.clone().unwrap_or_else(|| p.stem.clone());
        let pos = doc.spans.value(if doc.front.slug.is_some() {
            "slug"
        } else {
            "title"
        });
        let reserved = crate::model::layout::reserved_names();
        if !is_slug(&slug) || reserved.contains(&slug.as_str()) {
            diags.push(
                Diagnostic::at(&doc.source, pos, format!("`{slug}` cannot be a page URL"))
                    .with_hint(format!(
                        "set `slug:` to lowercase ASCII words joined by `-`, not one of the \
                         site's own names: {}",
                        reserved.join(", ")
                    )),
            );
            continue;
        }
        if out.iter().any(|o| o.slug == slug) {
            diags.push(
                Diagnostic::at(
                    &doc.source,
                    pos,
                    format!("another page already uses the URL `/{slug}/`"),
                )
                .with_hint("give this page another `slug:`"),
            );
            continue;
        }
        out.push(Page {
            slug,
            title: doc.front.title.clone(),
            description: doc.front.description.clone(),
            body: ctx.body(doc, diags),
            translations: Vec::new(),
            // Known once the translations are attached, below.
            draft: Vec::new(),
        });
        marked.push(doc.front.draft);
    }
    // Translations attach to the page with the same file stem.
    for p in pages {
        let Some(lang) = p.lang else { continue };
        let doc = &p.doc;
        let main = pages
            .iter()
            .position(|m| m.lang.is_none() && m.stem == p.stem)
            .and_then(|i| {
                let m = &pages[i];
                let slug = m.doc.front.slug.clone().unwrap_or_else(|| m.stem.clone());
                out.iter_mut().find(|o| o.slug == slug)
            });
        let Some(main) = main else {
            diags.push(
                Diagnostic::at(
                    &doc.source,
                    doc.spans.value("title"),
                    format!(
                        "translation without a main page: there is no content/{}.md",
                        p.stem
                    ),
                )
                .with_hint("add the main (default-language) page, or rename this file"),
            );
            continue;
        };
        if doc.front.slug.as_ref().is_some_and(|s| *s != main.slug) {
            diags.push(
                Diagnostic::at(
                    &doc.source,
                    doc.spans.value("slug"),
                    format!("a translation keeps its page's URL `{}`", main.slug),
                )
                .with_hint("remove `slug:` or make it the same as the main page's"),
            );
        }
        main.translations.push((
            lang,
            PageText {
                title: doc.front.title.clone(),
                description: doc.front.description.clone(),
                body: ctx.body(doc, diags),
                draft: Vec::new(),
            },
        ));
        if let Some((_, text)) = main.translations.last_mut() {
            text.draft = crate::model::draft::page_reasons(&text.body, doc.front.draft);
        }
    }
    for (page, marked) in out.iter_mut().zip(marked) {
        page.draft = crate::model::draft::page_reasons(&page.body, marked);
    }
    out
}
