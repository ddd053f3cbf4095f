//! Which provinces and pages have no version in one of the site's other languages: those
//! pages show the default-language text under a notice. `check` lists them as warnings,
//! since a site may well publish before every translation is done.

use crate::diagnostic::Diagnostic;
use crate::format::Lang;
use crate::model::{Markdown, Site};

/// A warning for every province and free page without a translation into each of the
/// site's languages but the first.
pub fn missing(site: &Site) -> Vec<Diagnostic> {
    let default = site.config.language;
    let others = site.config.languages.iter().filter(|&&l| l != default);
    let mut out = Vec::new();
    for &lang in others {
        let provinces = site.provinces.iter().map(|p| {
            let has = p.translations.iter().any(|(l, _)| *l == lang);
            (&p.body, has)
        });
        let pages = site.pages.iter().map(|p| {
            let has = p.translations.iter().any(|(l, _)| *l == lang);
            (&p.body, has)
        });
        out.extend(
            provinces
                .chain(pages)
                .filter(|(_, has)| !has)
                .map(|(body, _)| untranslated(body, lang, default)),
        );
    }
    out
}

fn untranslated(body: &Markdown, lang: Lang, default: Lang) -> Diagnostic {
    let main = &body.source.path;
    let stem = main.file_stem().map(|s| s.to_string_lossy().into_owned());
    let translation =
        main.with_file_name(format!("{}.{}.md", stem.unwrap_or_default(), lang.code()));
    Diagnostic::warning(
        main.clone(),
        format!(
            "no `{}` version: its /{}/ page shows the `{}` text with a notice",
            lang.code(),
            lang.code(),
            default.code()
        ),
    )
    .with_hint(format!(
        "add {} with the translated front matter (name, region, summary or title) and text",
        translation.display()
    ))
}

/// A warning for the catalog and for every province whose English pages would show
/// descriptions or notes only written in the site's language (no `description_en`,
/// `note_en`), with how many.
pub fn untranslated_notes(site: &Site) -> Vec<Diagnostic> {
    let default = site.config.language;
    if default == Lang::En || !site.config.languages.contains(&Lang::En) {
        return Vec::new();
    }
    let descriptions: Vec<&str> = site
        .indicators
        .iter()
        .filter(|i| i.description.is_some() && i.description_en.is_none())
        .map(|i| i.id.as_str())
        .collect();
    let catalog = (!descriptions.is_empty()).then(|| {
        Diagnostic::warning(
            "content/indicators.yaml",
            format!(
                "{} description(s) without `description_en` ({}): the /en/ pages show them in `{}`",
                descriptions.len(),
                descriptions.join(", "),
                default.code()
            ),
        )
        .with_hint("add `description_en:` beside each `description:`")
    });
    let notes = site.provinces.iter().filter_map(|p| {
            let missing = p
                .series
                .iter()
                .flat_map(|s| &s.observations)
                .filter(|o| o.note.is_some() && o.note_en.is_none())
                .count();
            (missing > 0).then(|| {
                Diagnostic::warning(
                    p.body.source.path.with_file_name(crate::model::inputs::METRICS_FILE),
                    format!(
                        "{missing} note(s) without `note_en`: the /en/ page shows them in `{}`",
                        default.code()
                    ),
                )
                .with_hint("add `note_en:` beside each `note:`; write numbers as {num:45.212} so each language formats them")
            })
    });
    catalog.into_iter().chain(notes).collect()
}

/// A warning naming the sources whose English pages, feed and chart files would show the
/// publisher or author in the site's language (no `publisher_en`, `author_en`).
pub fn untranslated_sources(site: &Site) -> Vec<Diagnostic> {
    let default = site.config.language;
    if default == Lang::En || !site.config.languages.contains(&Lang::En) {
        return Vec::new();
    }
    let missing: Vec<String> = site
        .sources
        .iter()
        .filter_map(|s| {
            let fields: Vec<&str> = [
                ("publisher_en", s.publisher_en.is_none()),
                ("author_en", s.author.is_some() && s.author_en.is_none()),
            ]
            .into_iter()
            .filter_map(|(f, lacking)| lacking.then_some(f))
            .collect();
            (!fields.is_empty()).then(|| format!("{} ({})", s.id, fields.join(", ")))
        })
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![
        Diagnostic::warning(
            "content/sources.yaml",
            format!(
                "{} source(s) without English names: {}; the /en/ pages and feed show them in `{}`",
                missing.len(),
                missing.join("; "),
                default.code()
            ),
        )
        .with_hint("add `publisher_en:` (e.g. \"X Province Portal\") and, beside `author:`, `author_en:` (a person's name as it is written)"),
    ]
}
