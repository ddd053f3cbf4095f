//! What static hosts and feed readers expect: `sitemap.xml` (every page in every language,
//! with its alternates), `robots.txt`, and an Atom feed per language with one entry per
//! province report, dated by its source.

use serde::Serialize;
use tera::Context;

use super::Sink;
use super::context::Scope;
use super::pages::{PageKind, as_of, jobs, site_ctx};
use super::theme::Theme;
use super::urls::Urls;
use crate::diagnostic::Diagnostic;
use crate::model::layout::{FEED_FILE, ROBOTS_FILE, SITEMAP_FILE};
use crate::model::{Province, Site};

#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<(String, String)>,
}

/// What `atom.xml` reads of the feed.
#[derive(Serialize)]
struct FeedCtx {
    self_url: String,
    home_url: String,
    /// The newest entry's date, else the build's.
    updated: String,
    entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    updated: String,
    author: String,
    summary: String,
}

/// The day of a province's report for the sitemap (`YYYY-MM-DD`): its newest source's
/// publication day, none when no source gives a full one.
fn report_date(site: &Site, p: &Province) -> Option<String> {
    match as_of::report_date(site, p)? {
        as_of::ReportDate::Published(d) => d.iso_day(),
        _ => None,
    }
}

fn render(
    theme: &Theme,
    template: &str,
    path: &str,
    ctx: &Context,
    sink: &dyn Sink,
    diags: &mut Vec<Diagnostic>,
) -> usize {
    match theme.tera.render(template, ctx) {
        Ok(xml) => match sink.write(path, xml.as_bytes()) {
            Ok(()) => 1,
            Err(e) => {
                diags.push(Diagnostic::error(path, format!("cannot write: {e}")));
                0
            }
        },
        Err(e) => {
            diags.push(theme.error(&e, template));
            0
        }
    }
}

/// The files `write_all` writes: none unless the base URL is absolute, since sitemaps,
/// robots.txt and Atom feeds allow only absolute URLs.
pub fn paths(site: &Site) -> Vec<String> {
    if !site.config.knows_origin() {
        return Vec::new();
    }
    let mut out = vec![SITEMAP_FILE.to_string(), ROBOTS_FILE.to_string()];
    for &lang in &site.config.languages {
        out.push(Urls::new(site, lang).output(FEED_FILE));
    }
    out
}

/// Why a build leaves out the sitemap, robots.txt and feeds, if it does.
pub fn missing_origin(site: &Site) -> Option<Diagnostic> {
    (!site.config.knows_origin()).then(|| {
        Diagnostic::warning(
            crate::model::inputs::CONFIG_FILE,
            format!(
                "base_url `{}` is a path, so sitemap.xml, robots.txt and atom.xml are not written \
                 (they allow only absolute URLs)",
                site.config.base_url
            ),
        )
        .with_hint("set base_url to the address the site is published at (https://example.org/), or pass --base-url")
    })
}

/// Writes sitemap.xml, robots.txt and an atom.xml per language.
pub fn write_all(site: &Site, theme: &Theme, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut written = 0;
    if !site.config.knows_origin() {
        return (written, diags);
    }
    let langs = &site.config.languages;
    let entries: Vec<SitemapEntry> = jobs(site)
        .iter()
        .filter(|j| j.kind.in_sitemap())
        .map(|j| {
            let path = j.kind.path(site);
            SitemapEntry {
                loc: Urls::new(site, j.lang).absolute(&path),
                lastmod: match &j.kind {
                    PageKind::Province(id) => site.province(id).and_then(|p| report_date(site, p)),
                    _ => None,
                },
                alternates: if langs.len() > 1 {
                    langs
                        .iter()
                        .map(|&l| (l.code().to_string(), Urls::new(site, l).absolute(&path)))
                        .collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let mut sitemap = Context::new();
    sitemap.insert("entries", &entries);
    written += render(
        theme,
        SITEMAP_FILE,
        SITEMAP_FILE,
        &sitemap,
        sink,
        &mut diags,
    );
    for &lang in langs {
        let s = Scope::new(site, theme, lang);
        // Every edition of every province: the latest at the province's page, earlier
        // ones at their own.
        let editions: Vec<(Province, PageKind)> = site
            .provinces
            .iter()
            .flat_map(|p| {
                (0..p.editions.len()).map(move |e| {
                    (
                        p.as_edition(e),
                        PageKind::Edition(p.id(), p.editions[e].year),
                    )
                })
            })
            .collect();
        let all = site
            .provinces
            .iter()
            .map(|p| (p, PageKind::Province(p.id())))
            .chain(editions.iter().map(|(p, k)| (p, k.clone())));
        let mut entries: Vec<FeedEntry> = all
            .map(|(p, kind)| {
                let text = p.text(lang, site.config.language);
                // An earlier edition is as new as its own sources, not the later figures.
                let (date, dated_by) = as_of::feed_date(&s, as_of::report_date(site, p));
                let author = p
                    .sources
                    .first()
                    .map(|r| site.source(*r).publisher_in(lang).to_string())
                    .unwrap_or_else(|| site.config.title(lang).to_string());
                let summary = text.summary.unwrap_or_default().to_string();
                FeedEntry {
                    title: match p.edition {
                        Some(y) => format!("{} ({y})", text.name),
                        None => text.name.to_string(),
                    },
                    url: s.urls.absolute(&kind.path(site)),
                    updated: format!("{date}T00:00:00Z"),
                    author,
                    summary: match dated_by {
                        Some(d) if summary.is_empty() => d,
                        Some(d) => format!("{summary} {d}"),
                        None => summary,
                    },
                }
            })
            .collect();
        // Newest report first; ties by name keep the feed stable.
        entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(&b.title)));
        // A feed without entries is as new as the build.
        let updated = entries.first().map_or_else(
            || as_of::feed_date(&s, None).0 + "T00:00:00Z",
            |e| e.updated.clone(),
        );
        let mut atom = Context::new();
        atom.insert("site", &site_ctx(&s));
        atom.insert(
            "feed",
            &FeedCtx {
                self_url: s.urls.absolute(FEED_FILE),
                home_url: s.urls.absolute(""),
                updated,
                entries,
            },
        );
        written += render(
            theme,
            FEED_FILE,
            &s.urls.output(FEED_FILE),
            &atom,
            sink,
            &mut diags,
        );
    }
    let robots = format!(
        "User-agent: *\nAllow: /\nSitemap: {}{SITEMAP_FILE}\n",
        site.config.base_url
    );
    match sink.write(ROBOTS_FILE, robots.as_bytes()) {
        Ok(()) => written += 1,
        Err(e) => diags.push(Diagnostic::error(ROBOTS_FILE, format!("cannot write: {e}"))),
    }
    (written, diags)
}
