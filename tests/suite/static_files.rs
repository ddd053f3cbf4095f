//! Files under `/static/` (issue 26 item 6): a file whose name carries its content's hash
//! may be cached for good; any other (a file a site adds to `themes/<theme>/static/`) keeps
//! its name and must not be cached as immutable by a deploy recipe, or a replaced one would
//! stay stale for a year. tests/suite/deploy_nginx.rs checks the nginx recipe for real.

use std::path::Path;

use crate::common::*;

/// Whether `name` carries the first 10 hex digits of the SHA-256 of `bytes`
/// (`style.3f2a9c1b7e.css`), as a fingerprinted name does.
pub(crate) fn carries_its_hash(name: &str, bytes: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    name.contains(&format!(".{hex}."))
}

/// A copy of the good fixture whose theme adds `bao-cao.pdf` and replaces the icon.
fn site_with_static(root: &Path, icon: &str, pdf: &[u8]) {
    copy_dir(&fixture("good"), root);
    let dir = root.join("themes/default/static");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("favicon.svg"), icon).unwrap();
    std::fs::write(dir.join("bao-cao.pdf"), pdf).unwrap();
}

/// The `href` of the page's icon link.
fn icon_href(out: &Path) -> String {
    let html = page(out, "index.html");
    let link = html.select(&sel("link[rel=icon]")).next().unwrap();
    link.value().attr("href").unwrap().to_string()
}

/// The `for` patterns of netlify.toml's `[[headers]]` that set an immutable cache.
fn netlify_immutable_patterns() -> Vec<String> {
    let recipe = std::fs::read_to_string(repo().join("docs/deploy/netlify.toml")).unwrap();
    recipe
        .split("[[headers]]")
        .skip(1)
        .filter(|block| block.contains("immutable"))
        .filter_map(|block| {
            let line = block.lines().find(|l| l.trim_start().starts_with("for"))?;
            Some(line.split('"').nth(1)?.to_string())
        })
        .collect()
}

/// Netlify's path match: `*` stands for any run of characters.
fn glob(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == path,
        Some((head, tail)) => {
            path.starts_with(head)
                && (0..=path.len() - head.len())
                    .filter(|&i| path.is_char_boundary(head.len() + i))
                    .any(|i| glob(tail, &path[head.len() + i..]))
        }
    }
}

#[test]
fn a_replaced_static_file_gets_a_new_url_or_is_not_cached_immutably() {
    let icon = |colour: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" fill=\"{colour}\"/></svg>\n"
        )
    };
    let first = tempfile::tempdir().unwrap();
    site_with_static(first.path(), &icon("#c00"), b"%PDF-1.4 first");
    let (_a, out_a) = build_into_temp(first.path(), None);
    let second = tempfile::tempdir().unwrap();
    site_with_static(second.path(), &icon("#00c"), b"%PDF-1.4 second");
    let (_b, out_b) = build_into_temp(second.path(), None);
    // The icon the pages link is fingerprinted: replaced, it has a new URL.
    let (href_a, href_b) = (icon_href(&out_a), icon_href(&out_b));
    assert_ne!(href_a, href_b);
    assert!(
        href_a.contains("/static/favicon.") && href_a.ends_with(".svg"),
        "{href_a}"
    );
    // A file the site adds keeps its URL (Markdown links it by name): no recipe may cache it
    // for good.
    assert!(out_a.join("static/bao-cao.pdf").is_file());
    assert!(out_b.join("static/bao-cao.pdf").is_file());
    for out in [&out_a, &out_b] {
        for entry in std::fs::read_dir(out.join("static")).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let bytes = std::fs::read(entry.path()).unwrap();
            if carries_its_hash(&name, &bytes) {
                continue;
            }
            let path = format!("/static/{name}");
            for pattern in netlify_immutable_patterns() {
                assert!(
                    !glob(&pattern, &path),
                    "netlify.toml caches {path} as immutable ({pattern}), but its name does not change with its content"
                );
            }
        }
    }
    // The default theme's own files are all fingerprinted.
    let names: Vec<String> = std::fs::read_dir(out_a.join("static"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for (theme_name, _) in ictreport::render::theme::DEFAULT_STATIC {
        let (stem, ext) = theme_name.rsplit_once('.').unwrap();
        let found = names
            .iter()
            .find(|n| n.starts_with(&format!("{stem}.")) && n.ends_with(&format!(".{ext}")))
            .unwrap_or_else(|| panic!("no {theme_name} in {names:?}"));
        let bytes = std::fs::read(out_a.join("static").join(found)).unwrap();
        assert!(carries_its_hash(found, &bytes), "{found}");
    }
}

#[test]
fn netlify_patterns_match_as_netlify_does() {
    assert!(glob("/static/*", "/static/bao-cao.pdf"));
    assert!(glob("/*.css", "/static/style.css"));
    assert!(!glob("/tai-ve/*", "/static/bao-cao.pdf"));
}
