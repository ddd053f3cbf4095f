//! What static hosts and feed readers expect: `sitemap.xml`, `robots.txt` and an Atom feed
//! with one entry per province report, dated by its source.

use serde::Serialize;
use tera::Context;

use super::Sink;
use super::pages::{Job, jobs, page_path, site_ctx};
use super::theme::Theme;
use super::urls::Urls;
use crate::diagnostic::Diagnostic;
use crate::model::{Province, Site};

#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    updated: String,
    author: String,
    summary: String,
}

/// The newest publication date among a province's sources (`YYYY-MM-DD`).
fn report_date(site: &Site, p: &Province) -> Option<String> {
    let from_data = p.series.iter().flat_map(|s| &s.observations).map(|o| o.source);
    p.sources.iter().copied().chain(from_data).map(|r| site.source(r).date.clone()).max()
}

/// Writes sitemap.xml, robots.txt and atom.xml.
pub fn write_all(site: &Site, theme: &Theme, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    let urls = Urls::new(site);
    let mut diags = Vec::new();
    let mut written = 0;
    let entries: Vec<SitemapEntry> = jobs(site)
        .iter()
        .filter(|j| !matches!(j, Job::NotFound))
        .map(|j| SitemapEntry {
            loc: urls.absolute(&page_path(site, j)),
            lastmod: match j {
                Job::Province(i) => report_date(site, &site.provinces[*i]),
                _ => None,
            },
        })
        .collect();
    let mut feed_entries: Vec<FeedEntry> = site
        .provinces
        .iter()
        .map(|p| {
            let date = report_date(site, p).unwrap_or_else(|| "1975-01-01".into());
            let author = p.sources.first().map(|r| site.source(*r).publisher.clone()).unwrap_or_else(|| site.config.title.clone());
            FeedEntry {
                title: p.name.clone(),
                url: urls.absolute(&super::urls::province_path(p)),
                updated: format!("{date}T00:00:00Z"),
                author,
                summary: p.summary.clone().unwrap_or_default(),
            }
        })
        .collect();
    // Newest report first; ties by name keep the feed stable.
    feed_entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(&b.title)));
    let updated = feed_entries.first().map_or_else(|| "1975-01-01T00:00:00Z".to_string(), |e| e.updated.clone());
    let site_ctx = site_ctx(site, theme, &urls);
    let mut sitemap = Context::new();
    sitemap.insert("entries", &entries);
    let mut atom = Context::new();
    atom.insert("site", &site_ctx);
    atom.insert("feed", &serde_json::json!({
        "self_url": urls.absolute("atom.xml"),
        "home_url": urls.absolute(""),
        "updated": updated,
        "entries": feed_entries,
    }));
    for (template, path, ctx) in [("sitemap.xml", "sitemap.xml", &sitemap), ("atom.xml", "atom.xml", &atom)] {
        match theme.tera.render(template, ctx) {
            Ok(xml) => match sink.write(path, xml.as_bytes()) {
                Ok(()) => written += 1,
                Err(e) => diags.push(Diagnostic::error(path, format!("cannot write: {e}"))),
            },
            Err(e) => diags.push(theme.error(&e, template)),
        }
    }
    let robots = format!("User-agent: *\nAllow: /\nSitemap: {}\n", urls.absolute("sitemap.xml"));
    match sink.write("robots.txt", robots.as_bytes()) {
        Ok(()) => written += 1,
        Err(e) => diags.push(Diagnostic::error("robots.txt", format!("cannot write: {e}"))),
    }
    (written, diags)
}
