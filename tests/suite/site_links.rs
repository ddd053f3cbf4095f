//! Markdown links written from the site's root (`/nguon/`, `/tinh/alpha/#nguon-tinh`) under
//! every base URL: the site root, a sub-path, absolute with and without a sub-path. `check`
//! and `build` accept and refuse the same links whatever the base URL, and the built pages'
//! links resolve.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use crate::common::*;

/// (`--base-url`, the base path pages link under).
const BASES: [(&str, &str); 4] = [
    ("/", "/"),
    ("/bao-cao/", "/bao-cao/"),
    ("https://example.github.io/bao-cao/", "/bao-cao/"),
    ("https://example.org/", "/"),
];

/// A copy of the good fixture (base URL `https://example.org/ict/`) whose province Alpha's
/// text ends with `paragraph`.
fn site_with(paragraph: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = site_copy("good");
    let index = root.join("content/provinces/alpha/index.md");
    let mut text = fs::read_to_string(&index).unwrap();
    text.push_str(&format!("\n{paragraph}\n"));
    fs::write(&index, text).unwrap();
    (tmp, root)
}

/// Each error as (line, column, message), in order.
fn errors(diags: &[ictreport::diagnostic::Diagnostic]) -> BTreeSet<(usize, usize, String)> {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let p = d.position.unwrap_or_default();
            (p.line, p.column, d.message.clone())
        })
        .collect()
}

#[test]
fn links_from_the_site_root_pass_check_and_every_build_and_resolve() {
    let (_tmp, root) = site_with(
        "Xem [các nguồn](/nguon/), [bảng của Alpha](/tinh/alpha/#nguon-tinh) và \
         [doanh thu](/chi-so/ict_revenue/#so-sanh).",
    );
    if let Err(f) = ictreport::check(&root) {
        panic!("check refused the links: {:?}", errors(&f.diagnostics));
    }
    for (base_url, base_path) in BASES {
        let (_out_tmp, out) = build_into_temp(&root, Some(base_url));
        let html = page(&out, "tinh/alpha/index.html");
        let hrefs: Vec<&str> = html
            .select(&sel("main a[href]"))
            .filter(|a| {
                ["các nguồn", "bảng của Alpha", "doanh thu"].contains(&text_of(*a).as_str())
            })
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert_eq!(
            hrefs,
            [
                format!("{base_path}nguon/"),
                format!("{base_path}tinh/alpha/#nguon-tinh"),
                format!("{base_path}chi-so/ict_revenue/#so-sanh"),
            ],
            "under {base_url}"
        );
        let broken = broken_links(&out, base_path);
        assert!(broken.is_empty(), "under {base_url}: {broken:?}");
    }
}

#[test]
fn a_broken_link_from_the_site_root_fails_check_and_every_build_alike() {
    // The second is written with site.yaml's base path, which pages add themselves: under any
    // other base URL it would lead elsewhere, so it is refused under every one.
    let (tmp, root) = site_with("Xem [tỉnh cũ](/tinh/khong-co/) và [nguồn](/ict/nguon/).");
    let checked = match ictreport::check(&root) {
        Ok(_) => panic!("check accepted broken links"),
        Err(f) => errors(&f.diagnostics),
    };
    assert_eq!(checked.len(), 2, "{checked:?}");
    for (i, (base_url, _)) in BASES.into_iter().enumerate() {
        let out = tmp.path().join(format!("out-{i}"));
        let built = ictreport::build(&ictreport::BuildOptions {
            root: root.clone(),
            output: Some(out.clone()),
            base_url: Some(base_url.to_string()),
            broken_links_are_warnings: false,
            pdf: false,
        });
        let Err(f) = built else {
            panic!("build under {base_url} accepted what check refused");
        };
        assert_eq!(errors(&f.diagnostics), checked, "under {base_url}");
        assert!(!out.exists(), "a failed build wrote {}", out.display());
    }
    // The hint names the form that works under every base URL.
    let f = ictreport::check(&root).unwrap_err();
    let hint = f.diagnostics[0].hint.clone().unwrap_or_default();
    assert!(hint.contains("without the base URL's path"), "{hint}");
}
