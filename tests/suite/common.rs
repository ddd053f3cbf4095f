//! Helpers shared by the integration tests: building fixture sites and reading the output.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// The real `ictreport` binary, for tests of the command line.
pub const BIN: &str = env!("CARGO_BIN_EXE_ictreport");

/// A command running the real binary.
pub fn cli() -> std::process::Command {
    std::process::Command::new(BIN)
}

/// A copy of the fixture `name` in a fresh temporary folder, as `<tmp>/site` (kept alive by
/// the guard): tests edit the copy, never the fixture.
pub fn site_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    copy_dir(&fixture(name), &root);
    (tmp, root)
}

/// A copy of the repository's own `content/` and `site.yaml` in a fresh temporary folder, as
/// `<tmp>/site`: tests edit the bundled site's copy, never the repository.
pub fn bundled_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    copy_dir(&repo().join("content"), &root.join("content"));
    std::fs::copy(repo().join("site.yaml"), root.join("site.yaml")).expect("copy site.yaml");
    (tmp, root)
}

/// Writes `text` into `rel` under `root`, making its folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Replaces the first `from` of `rel` under `root` with `to` (which must be there); returns
/// the file changed, as a watcher reports it.
pub fn edit(root: &Path, rel: &str, from: &str, to: &str) -> Vec<PathBuf> {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    vec![path]
}

/// The library's build of `root` into `output`.
pub fn build_with(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
    broken_links_are_warnings: bool,
) -> Result<ictreport::Report, ictreport::Failure> {
    ictreport::build(&ictreport::BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        base_url: base_url.map(str::to_string),
        broken_links_are_warnings,
        // The PDF edition has its own tests (pdf.rs); typesetting it here would slow every
        // test that builds a site.
        pdf: false,
    })
}

/// Each diagnostic as the terminal prints it.
pub fn messages(diags: &[ictreport::diagnostic::Diagnostic]) -> Vec<String> {
    diags.iter().map(ToString::to_string).collect()
}

/// An HTTP client that returns every status as it is and follows no redirect.
pub fn http_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// GETs `url`: (status, content type, body).
pub fn http_get(url: &str) -> (u16, String, String) {
    let mut r = http_agent()
        .get(url)
        .call()
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = r.body_mut().read_to_string().unwrap_or_default();
    (r.status().as_u16(), ct, body)
}

/// Builds `root` into a fresh temporary folder and returns it (kept alive by the guard).
pub fn build_into_temp(root: &Path, base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("output");
    if let Err(f) = build_with(root, &out, base_url, false) {
        let msgs = messages(&f.diagnostics);
        panic!("build of {} failed:\n{}", root.display(), msgs.join("\n"));
    }
    (tmp, out)
}

pub fn page(out: &Path, rel: &str) -> Html {
    let path = out.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// Text of an element with whitespace (including no-break spaces) collapsed.
pub fn text_of(el: scraper::ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every file and symbolic link under `dir` with its bytes (a link as `-> target`), by
/// relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = if e.file_type().is_symlink() {
                let target = std::fs::read_link(e.path()).unwrap();
                format!("-> {}", target.display()).into_bytes()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (rel, bytes)
        })
        .collect()
}

/// Checks every `href`/`src` under `base_path` of every HTML page resolves to a file in
/// `out`, and that `#fragment`s exist as ids in the target page. Returns the broken ones.
pub fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    let link = sel("a[href], link[href], img[src]");
    let origin = url::Url::parse("http://site.test/").unwrap();
    for (rel, bytes) in tree(out).into_iter().filter(|(r, _)| r.ends_with(".html")) {
        let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
        // The page's own URL, so that relative links resolve the way a browser resolves them.
        let page_path = format!(
            "{base_path}{}",
            rel.strip_suffix("index.html").unwrap_or(&rel)
        );
        let page_url = origin.join(&page_path).unwrap();
        for el in doc.select(&link) {
            let url = el
                .value()
                .attr("href")
                .or(el.value().attr("src"))
                .unwrap_or_default();
            if url.starts_with("http") || url.starts_with("mailto:") {
                continue;
            }
            let Ok(resolved) = page_url.join(url) else {
                broken.push(format!("{rel}: {url} is not a URL"));
                continue;
            };
            let path = percent_decode(resolved.path());
            let fragment = resolved.fragment().unwrap_or_default().to_string();
            let Some(p) = path.strip_prefix(base_path) else {
                broken.push(format!("{rel}: {url} is outside {base_path}"));
                continue;
            };
            let target_rel = if p.is_empty() || p.ends_with('/') {
                format!("{p}index.html")
            } else {
                p.to_string()
            };
            let target = out.join(&target_rel);
            if !target.is_file() {
                broken.push(format!("{rel}: {url} → missing {target_rel}"));
                continue;
            }
            if !fragment.is_empty() && target_rel.ends_with(".html") {
                let t = Html::parse_document(&std::fs::read_to_string(&target).unwrap());
                let id = percent_decode(&fragment);
                if t.select(&sel(&format!("[id=\"{id}\"]"))).next().is_none() {
                    broken.push(format!("{rel}: {url} → no id {fragment}"));
                }
            }
        }
    }
    broken
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Copies a fixture folder (files and folders) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Builds `root` from scratch into `full` and asserts `served` has the same files, byte for
/// byte.
pub fn assert_same_as_full_build(root: &Path, served: &Path, full: &Path) {
    let opts = ictreport::BuildOptions {
        root: root.to_path_buf(),
        output: Some(full.to_path_buf()),
        base_url: None,
        broken_links_are_warnings: false,
        pdf: false,
    };
    ictreport::build(&opts).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let (a, b) = (tree(served), tree(full));
    let only_served: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_full: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_served.is_empty() && only_full.is_empty(),
        "files differ: only served {only_served:?}, only full {only_full:?}"
    );
    let different: Vec<&String> = a
        .iter()
        .filter(|(k, v)| b[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(different.is_empty(), "contents differ: {different:?}");
}

/// `n` provinces with one revenue figure each (value = index).
pub fn many_provinces(root: &Path, n: usize) {
    std::fs::write(root.join("site.yaml"), "title: Nhiều tỉnh\nlanguage: vi\n").unwrap();
    let content = root.join("content");
    std::fs::create_dir_all(content.join("provinces")).unwrap();
    std::fs::copy(
        fixture("good").join("content/indicators.yaml"),
        content.join("indicators.yaml"),
    )
    .unwrap();
    std::fs::write(
        content.join("sources.yaml"),
        "- id: s\n  title: Nguồn\n  publisher: Báo\n  date: 2020-01-01\n",
    )
    .unwrap();
    for i in 0..n {
        let dir = content.join(format!("provinces/tinh-{i:04}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.md"),
            format!("---\nname: Tỉnh {i:04}\nregion: Vùng\nsources: [s]\n---\n\nVăn bản.\n"),
        )
        .unwrap();
        std::fs::write(
            dir.join("metrics.yaml"),
            format!(
                "ict_revenue:\n  - year: 2019\n    value: {}\n    source: s\n  - year: 2020\n    value: {}\n    source: s\n",
                i + 1,
                i + 2
            ),
        )
        .unwrap();
    }
}

/// The map's SVG on the page `rel` of the built site `out`, as the page holds it.
pub fn map_svg(out: &Path, rel: &str) -> String {
    page(out, rel)
        .select(&sel("figure.chart-tilemap svg"))
        .next()
        .unwrap_or_else(|| panic!("{rel} has a map"))
        .html()
}
