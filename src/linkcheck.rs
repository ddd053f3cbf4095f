//! Internal link and anchor checking.
//!
//! `check` tests the links written in Markdown against the pages and anchors the layout
//! plans ([`verify_planned`]), without rendering. `build` tests them against the files it
//! wrote, and, when the site overrides a template, scans each rendered HTML page (lol_html,
//! streaming) for its ids and its links: links inside the site must reach a file that was
//! written and, with a `#fragment`, an id on that page. The default theme's own links come
//! from the layout's URLs and are checked by ictreport's tests (every page of the bundled
//! and test sites is crawled), so its pages are not scanned again on each build. Links an
//! editor wrote in Markdown are reported at their `.md` line; a broken link the theme
//! produced is reported against the page and template.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use lol_html::{HtmlRewriter, Settings, element};

use crate::diagnostic::Diagnostic;
use crate::markdown::{self, MarkdownLink};
use crate::output::Sink;

#[derive(Debug, Default)]
struct PageScan {
    ids: HashSet<String>,
    links: Vec<String>,
}

/// A sink that writes nothing but remembers every path and, when it scans pages, each
/// page's ids and links.
#[derive(Default)]
pub struct LinkCollector {
    scan_pages: bool,
    files: Mutex<HashSet<String>>,
    pages: Mutex<HashMap<String, PageScan>>,
}

impl LinkCollector {
    /// A collector that reads each page for its links and ids when `scan_pages`, else only
    /// records which files were written.
    pub fn new(scan_pages: bool) -> Self {
        Self {
            scan_pages,
            ..Self::default()
        }
    }

    /// Counts `paths` as written: files a check leaves out on purpose (the search bundle)
    /// that pages still link to.
    pub fn assume_written(&self, paths: impl IntoIterator<Item = String>) {
        if let Ok(mut f) = self.files.lock() {
            f.extend(paths);
        }
    }
}

impl Sink for LinkCollector {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        if let Ok(mut f) = self.files.lock() {
            f.insert(path.to_string());
        }
        if self.scan_pages && path.ends_with(".html") {
            let scan = scan(bytes);
            if let Ok(mut p) = self.pages.lock() {
                p.insert(path.to_string(), scan);
            }
        }
        Ok(())
    }

    /// Streamed files are data, not pages: only their path is kept.
    fn write_streamed(&self, path: &str, fill: crate::output::Fill<'_>) -> std::io::Result<()> {
        if path.ends_with(".html") {
            let mut bytes = Vec::new();
            fill(&mut bytes)?;
            return self.write(path, &bytes);
        }
        if let Ok(mut f) = self.files.lock() {
            f.insert(path.to_string());
        }
        fill(&mut std::io::sink())
    }
}

/// Reads a page's ids and links; the rewriter's output is thrown away as it comes, so the
/// page is never copied.
fn scan(html: &[u8]) -> PageScan {
    let ids = Mutex::new(HashSet::new());
    let links = Mutex::new(Vec::new());
    let settings = Settings::new()
        .append_element_content_handler(element!("[id]", |el| {
            if let (Some(id), Ok(mut ids)) = (el.get_attribute("id"), ids.lock()) {
                ids.insert(id);
            }
            Ok(())
        }))
        .append_element_content_handler(element!(
            "a[href], link[href], img[src], script[src]",
            |el| {
                let url = el.get_attribute("href").or_else(|| el.get_attribute("src"));
                if let (Some(url), Ok(mut links)) = (url, links.lock()) {
                    links.push(url);
                }
                Ok(())
            }
        ));
    // A page we produced always parses; a failure only means fewer links checked.
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    match rewriter.write(html) {
        Ok(()) => drop(rewriter.end()),
        Err(_) => drop(rewriter),
    }
    PageScan {
        ids: ids.into_inner().unwrap_or_default(),
        links: links.into_inner().unwrap_or_default(),
    }
}

/// What a link points to inside the output folder, or `None` for external links.
fn resolve(url: &str, page: &str, base_path: &str) -> Option<(String, Option<String>)> {
    // Any URL with a scheme leaves the site (Markdown allows only web, mail and phone ones).
    if crate::markdown::scheme::scheme_of(url).is_some() || url.starts_with("//") {
        return None;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let page_dir = page.rsplit_once('/').map_or("", |(d, _)| d);
    let joined = if path.is_empty() {
        page.to_string()
    } else if let Some(abs) = path.strip_prefix('/') {
        // Root-relative links must stay under the base path to be inside the site.
        let base = base_path.trim_start_matches('/');
        match abs.strip_prefix(base) {
            Some(rest) => rest.to_string(),
            None => {
                return Some((
                    format!("/{abs} (outside the site's base path {base_path})"),
                    None,
                ));
            }
        }
    } else {
        format!("{page_dir}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut target = parts.join("/");
    if path.is_empty() {
        return Some((page.to_string(), fragment));
    }
    if path.ends_with('/') || target.is_empty() {
        target = if target.is_empty() {
            "index.html".into()
        } else {
            format!("{target}/index.html")
        };
    }
    Some((target, fragment))
}

/// What is wrong with `url` on `page`, if anything: the file it leads to is not in `files`,
/// or the page has no id `#fragment` (`ids` gives a page's ids; `None` skips the anchor test).
fn problem<'a>(
    url: &str,
    page: &str,
    base_path: &str,
    files: &HashSet<String>,
    ids: impl Fn(&str) -> Option<&'a HashSet<String>>,
) -> Option<String> {
    let (target, fragment) = resolve(url, page, base_path)?;
    let target = if files.contains(&target) {
        target
    } else {
        let index = format!("{target}/index.html");
        if !files.contains(&index) {
            return Some(format!(
                "link `{url}` leads to a page that does not exist ({target})"
            ));
        }
        index
    };
    match (fragment, ids(&target)) {
        (Some(f), Some(ids)) if !f.is_empty() && !ids.contains(&f) => {
            Some(format!("link `{url}`: the page has no anchor `#{f}`"))
        }
        _ => None,
    }
}

/// The pages whose anchors the Markdown links name (with a `#fragment`), under both files
/// a link may lead to (`target` and `target/index.html`): the only anchors their check reads.
pub fn fragment_targets(markdown: &[MarkdownLink]) -> HashSet<String> {
    markdown
        .iter()
        .filter_map(|link| match resolve(&link.url, &link.page, "/")? {
            (target, Some(f)) if !f.is_empty() => Some(target),
            _ => None,
        })
        .flat_map(|target| [format!("{target}/index.html"), target])
        .collect()
}

/// What is wrong with a link written in Markdown, if anything. A link from the site's root
/// is published under the base path (see `markdown::published`), so it is resolved from the
/// site's own root whatever the base URL: `check` and every `build` agree on it.
fn markdown_problem<'a>(
    link: &MarkdownLink,
    files: &HashSet<String>,
    ids: impl Fn(&str) -> Option<&'a HashSet<String>>,
) -> Option<String> {
    problem(&link.url, &link.page, "/", files, ids)
}

/// A broken link written in Markdown, at its line.
fn markdown_error(link: &MarkdownLink, message: String) -> Diagnostic {
    Diagnostic::at(&link.source, link.position, message).with_hint(
        "fix the address: pages are /tinh/<slug>/, /chi-so/<id>/, /nguon/ (English: /en/tinh/<slug>/), \
         written from the site's root without the base URL's path, which every page adds; \
         anchors are heading ids",
    )
}

impl LinkCollector {
    /// Checks the Markdown links at their source lines and every link of the scanned pages,
    /// against the files written. A `#fragment` is looked up in the ids of its page when
    /// the page was scanned, else in the anchors the layout plans for it (`planned`).
    pub fn verify(
        &self,
        base_path: &str,
        markdown: &[MarkdownLink],
        planned: &HashMap<String, HashSet<String>>,
    ) -> Vec<Diagnostic> {
        // Read in place: at thousands of pages a copy of the written paths is megabytes.
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let files: &HashSet<String> = &files;
        let pages = match self.pages.lock() {
            Ok(p) => p,
            Err(_) => return Vec::new(),
        };
        let ids = |target: &str| {
            pages
                .get(target)
                .map(|scan| &scan.ids)
                .or_else(|| planned.get(target))
        };
        let mut diags = Vec::new();
        let mut from_markdown: HashSet<(&str, Cow<str>)> = HashSet::new();
        for link in markdown {
            from_markdown.insert((&link.page, markdown::published(&link.url, base_path)));
            if let Some(msg) = markdown_problem(link, files, ids) {
                diags.push(markdown_error(link, msg));
            }
        }
        let mut paths: Vec<&String> = pages.keys().collect();
        paths.sort();
        for page in paths {
            for url in &pages[page].links {
                if from_markdown.contains(&(page.as_str(), Cow::Borrowed(url.as_str()))) {
                    continue;
                }
                if let Some(msg) = problem(url, page, base_path, files, ids) {
                    diags.push(Diagnostic::error(format!("output/{page}"), msg).with_hint("this link comes from a theme template: fix the template that renders this page"));
                }
            }
        }
        diags
    }
}

/// Checks Markdown links without rendering (`check`): each must lead to a file a build would
/// write (`files`) and, with a `#fragment`, to an id its page offers (`anchors`: the page's
/// body headings and the ids its kind declares in the layout). Like `build`, whatever the
/// base URL.
pub fn verify_planned(
    files: &HashSet<String>,
    anchors: &HashMap<String, HashSet<String>>,
    markdown: &[MarkdownLink],
) -> Vec<Diagnostic> {
    markdown
        .iter()
        .filter_map(|link| {
            markdown_problem(link, files, |t| anchors.get(t)).map(|msg| markdown_error(link, msg))
        })
        .collect()
}

/// Splits off the Markdown links that lead to a page only a draft has (`drafts`, files as
/// [`crate::render::plan::page_files`] names them): an error each, saying the target is a
/// draft, as `build` leaves it out. Returns the other links and those errors. Markdown links
/// are written from the site's root, like [`verify_planned`] reads them.
pub fn links_to_drafts(
    markdown: Vec<MarkdownLink>,
    drafts: &HashSet<String>,
) -> (Vec<MarkdownLink>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut others = Vec::new();
    for link in markdown {
        let draft = resolve(&link.url, &link.page, "/").and_then(|(target, _)| {
            let index = format!("{target}/index.html");
            [target, index].into_iter().find(|t| drafts.contains(t))
        });
        match draft {
            Some(target) => errors.push(
                Diagnostic::at(
                    &link.source,
                    link.position,
                    format!(
                        "link `{}` leads to a draft ({target}), which `build` leaves out",
                        link.url
                    ),
                )
                .with_hint(
                    "finish the draft (its warning says what is missing) or remove the link until it is published",
                ),
            ),
            None => others.push(link),
        }
    }
    (others, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_root_and_fragment_links() {
        let r = |u: &str| resolve(u, "tinh/vinh-phuc/index.html", "/ict/");
        assert_eq!(
            r("/ict/tinh/nghe-an/"),
            Some(("tinh/nghe-an/index.html".into(), None))
        );
        assert_eq!(
            r("../nghe-an/#muc-tieu"),
            Some(("tinh/nghe-an/index.html".into(), Some("muc-tieu".into())))
        );
        assert_eq!(
            r("#bang"),
            Some(("tinh/vinh-phuc/index.html".into(), Some("bang".into())))
        );
        assert_eq!(
            r("/ict/static/style.css"),
            Some(("static/style.css".into(), None))
        );
        assert_eq!(r("https://example.org/"), None);
        assert_eq!(r("mailto:a@b.vn"), None);
        // No scheme by RFC 3986: relative links, checked like any other.
        assert_eq!(r("foo):"), Some(("tinh/vinh-phuc/foo):".into(), None)));
        assert_eq!(
            r("a/?u=https://x"),
            Some(("tinh/vinh-phuc/a/index.html".into(), None))
        );
        assert!(r("/other/").unwrap().0.contains("outside"));
    }

    #[test]
    fn scans_ids_and_links() {
        let s = scan(b"<h2 id=\"a\">x</h2><a href=\"/b/\">b</a><img src=\"c.png\">");
        assert!(s.ids.contains("a"));
        assert_eq!(s.links, ["/b/", "c.png"]);
    }
}
