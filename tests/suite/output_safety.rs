//! A build or a preview never deletes, moves or publishes a file it did not create or that
//! lies outside the site folder; what it publishes is safe to open (CSV in a spreadsheet,
//! XML in any parser); a build fails on what `check` reports.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;

/// A copy of the small good fixture in `tmp/site`.
fn site() -> (tempfile::TempDir, PathBuf) {
    site_copy("good-min")
}

fn build(root: &Path, output: &Path) -> Result<ictreport::Report, ictreport::Failure> {
    build_with(root, output, None, false)
}

fn messages(f: &ictreport::Failure) -> String {
    f.diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file and folder under `dir` (links not followed), with the bytes of files and the
/// targets of links.
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let what = if e.path_is_symlink() {
                format!("-> {}", fs::read_link(e.path()).unwrap().display())
            } else if e.file_type().is_file() {
                format!("{:?}", fs::read(e.path()).unwrap())
            } else {
                "dir".to_string()
            };
            (rel, what)
        })
        .collect()
}

#[test]
fn a_folder_of_user_files_at_output_survives_byte_for_byte() {
    let (tmp, root) = site();
    let docs = tmp.path().join("documents");
    fs::create_dir_all(docs.join("2024")).unwrap();
    fs::write(docs.join("thesis.docx"), b"\x50\x4b my thesis").unwrap();
    fs::write(docs.join("2024/notes.txt"), "ghi chú").unwrap();
    let before = snapshot(tmp.path());
    let err = build(&root, &docs).unwrap_err();
    assert!(
        messages(&err).contains("did not write"),
        "{}",
        messages(&err)
    );
    assert!(messages(&err).contains("thesis.docx"), "{}", messages(&err));
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn the_site_its_sources_its_parent_and_files_are_refused_with_nothing_changed() {
    let (tmp, root) = site();
    fs::write(tmp.path().join("out.txt"), "a file").unwrap();
    let before = snapshot(tmp.path());
    for output in [
        root.clone(),
        root.join("content"),
        root.join("content/provinces/new"),
        tmp.path().to_path_buf(),
        root.join("site.yaml"),
        tmp.path().join("out.txt"),
    ] {
        let err = build(&root, &output).expect_err(&output.display().to_string());
        assert!(err.diagnostics.iter().any(|d| d.is_error()));
        assert_eq!(snapshot(tmp.path()), before, "{}", output.display());
    }
    // The file is left where it was: the next build into a real folder works.
    build(&root, &tmp.path().join("out")).unwrap();
    assert_eq!(
        fs::read_to_string(tmp.path().join("out.txt")).unwrap(),
        "a file"
    );
}

#[test]
fn serve_refuses_the_site_folder_and_a_folder_of_user_files() {
    let (tmp, root) = site();
    let docs = tmp.path().join("docs");
    fs::create_dir_all(&docs).unwrap();
    fs::write(docs.join("mine.txt"), "mine").unwrap();
    let before = snapshot(tmp.path());
    for output in [root.clone(), docs.clone(), tmp.path().to_path_buf()] {
        let opts = ictreport::serve::ServeOptions {
            root: root.clone(),
            output: output.clone(),
            bind: "127.0.0.1".parse().unwrap(),
            port: Some(0),
            allow_hosts: Vec::new(),
            pdf: false,
        };
        let err = ictreport::serve::serve(&opts, false).expect_err("refused");
        assert!(err.is_error() && !err.message.is_empty(), "{err}");
        assert_eq!(snapshot(tmp.path()), before, "{}", output.display());
    }
}

#[test]
fn a_stamped_output_is_replaced_but_a_file_added_to_it_is_refused_not_deleted() {
    let (tmp, root) = site();
    let out = tmp.path().join("out");
    build(&root, &out).unwrap();
    let stamp = fs::read_to_string(out.join(".ictreport-output")).unwrap();
    assert!(stamp.lines().any(|l| l == "index.html"), "{stamp}");
    let again = build(&root, &out).unwrap();
    assert!(again.unchanged > 0);
    fs::write(out.join("CNAME"), "example.org").unwrap();
    let err = build(&root, &out).unwrap_err();
    assert!(messages(&err).contains("CNAME"), "{}", messages(&err));
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).unwrap(),
        "example.org"
    );
    assert!(out.join("index.html").is_file());
}

#[test]
fn a_symlinked_output_stays_a_link_to_the_new_site() {
    let (tmp, root) = site();
    let real = tmp.path().join("real");
    fs::create_dir(&real).unwrap();
    let link = tmp.path().join("public");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    build(&root, &link).unwrap();
    build(&root, &link).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(real.join("index.html").is_file());
}

#[test]
fn folders_named_like_ours_beside_the_output_survive() {
    let (tmp, root) = site();
    let mine = [
        ".out.staging",
        ".out.old",
        ".out.staging-2024",
        ".out.old-x",
    ];
    for name in mine {
        fs::create_dir_all(tmp.path().join(name)).unwrap();
        fs::write(tmp.path().join(name).join("keep.txt"), name).unwrap();
    }
    build(&root, &tmp.path().join("out")).unwrap();
    build(&root, &tmp.path().join("out")).unwrap();
    for name in mine {
        let kept = fs::read_to_string(tmp.path().join(name).join("keep.txt")).unwrap();
        assert_eq!(kept, name);
    }
    let leftovers: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out.") && !mine.contains(&n.as_str()))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn files_linked_from_outside_the_site_are_refused_and_never_shown() {
    const SECRET: &str = "root:x:0:0:SECRET-MARKER-31337";
    let (tmp, root) = site();
    let secret = tmp.path().join("passwd");
    fs::write(&secret, SECRET).unwrap();
    let statics = root.join("themes/default/static");
    fs::create_dir_all(&statics).unwrap();
    std::os::unix::fs::symlink(&secret, statics.join("leak.txt")).unwrap();
    let metrics = root.join("content/provinces/alpha/metrics.yaml");
    fs::remove_file(&metrics).unwrap();
    std::os::unix::fs::symlink(&secret, &metrics).unwrap();
    let out = tmp.path().join("out");
    let err = build(&root, &out).unwrap_err();
    let text = messages(&err);
    assert!(!text.contains("SECRET-MARKER"), "{text}");
    for file in [
        "themes/default/static/leak.txt",
        "content/provinces/alpha/metrics.yaml",
    ] {
        assert!(
            err.diagnostics
                .iter()
                .any(|d| d.file == Path::new(file) && d.message.contains("outside the site folder")),
            "{file}: {text}"
        );
    }
    assert!(!out.exists());
    // Opting in publishes the linked file (the metrics link is removed: it is not YAML).
    fs::remove_file(&metrics).unwrap();
    fs::copy(
        fixture("good-min/content/provinces/alpha/metrics.yaml"),
        &metrics,
    )
    .unwrap();
    let yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(
        root.join("site.yaml"),
        format!("{yaml}allow_symlinks_outside: true\n"),
    )
    .unwrap();
    build(&root, &out).unwrap();
    let published: Vec<(String, String)> = snapshot(&out);
    assert!(published.iter().any(|(p, _)| p.contains("leak")));
}

#[test]
fn a_long_value_is_quoted_as_a_short_excerpt() {
    let (_tmp, root) = site();
    let long = "x".repeat(100_000);
    let sources = root.join("content/sources.yaml");
    fs::write(&sources, format!("{long}\n")).unwrap();
    let err = ictreport::check(&root).unwrap_err();
    for d in &err.diagnostics {
        assert!(d.message.len() < 700, "{}", d.message.len());
    }
}

#[test]
fn csv_downloads_neutralise_formula_cells_and_keep_numbers() {
    let (tmp, root) = site();
    let index = root.join("content/provinces/alpha/index.md");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(
        &index,
        text.replace(
            "name: Alpha",
            "name: \"=HYPERLINK(\\\"http://evil.example\\\")\"",
        ),
    )
    .unwrap();
    let catalog = root.join("content/indicators.yaml");
    let mut cat = fs::read_to_string(&catalog).unwrap();
    cat.push_str(
        "  - id: revenue_growth\n    name: \"+Tăng trưởng\"\n    name_en: Growth\n    unit: \"%\"\n    kind: growth\n    decimals: 1\n    better: higher\n    category: toan-nganh\n",
    );
    fs::write(&catalog, cat).unwrap();
    let metrics = root.join("content/provinces/alpha/metrics.yaml");
    let mut m = fs::read_to_string(&metrics).unwrap();
    m.push_str("revenue_growth:\n  - year: 2020\n    value: -4.5\n    note: \"@SUM(A1:A2) -1\"\n    source: alpha-2020\n");
    fs::write(&metrics, m).unwrap();
    // The sources file has text cells too.
    let sources = root.join("content/sources.yaml");
    let s = fs::read_to_string(&sources).unwrap();
    fs::write(
        &sources,
        s.replacen("publisher: Báo Thử", "publisher: \"-Báo Thử\"", 1),
    )
    .unwrap();
    let out = tmp.path().join("out");
    build(&root, &out).unwrap();
    let mut csvs = 0;
    let mut sources_quoted = false;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "csv") {
            continue;
        }
        csvs += 1;
        let stem = entry
            .path()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let bytes = fs::read(entry.path()).unwrap();
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let headers = reader.headers().unwrap().clone();
        for record in reader.records() {
            let record = record.unwrap();
            for (name, cell) in headers.iter().zip(record.iter()) {
                if [
                    "value",
                    "numerator",
                    "denominator",
                    "year",
                    "from_year",
                    "out_of",
                ]
                .contains(&name)
                {
                    assert!(
                        cell.is_empty() || cell.parse::<f64>().is_ok(),
                        "{name}={cell}"
                    );
                } else {
                    assert!(!cell.starts_with(['=', '+', '-', '@']), "{name}={cell}");
                }
            }
            let get = |n: &str| &record[headers.iter().position(|h| h == n).unwrap()];
            if stem == "nguon" {
                // A row per source, not per figure.
                sources_quoted |= get("publisher") == "'-Báo Thử";
                continue;
            }
            assert!(
                get("province").starts_with("'=HYPERLINK"),
                "{}",
                get("province")
            );
            // The row's indicator: a column of the whole-site file, the name of an
            // indicator's own file.
            let indicator = match headers.iter().any(|h| h == "indicator_id") {
                true => get("indicator_id"),
                false => stem.as_str(),
            };
            if indicator == "revenue_growth" {
                assert_eq!(get("value"), "-4.5");
                assert_eq!(get("indicator"), "'+Tăng trưởng");
                assert_eq!(get("note"), "'@SUM(A1:A2) -1");
            }
        }
    }
    assert!(csvs >= 4, "{csvs}");
    assert!(
        sources_quoted,
        "nguon.csv quotes a publisher starting with -"
    );
    // JSON is for programs: it keeps the text as written.
    let json = fs::read_to_string(out.join("tai-ve/du-lieu.json")).unwrap();
    assert!(json.contains("\"=HYPERLINK"));
}

#[test]
fn control_characters_in_every_kind_of_file_are_located_errors() {
    let (_tmp, root) = site();
    let edits = [
        ("site.yaml", "title: ", "title: \u{b}"),
        (
            "content/indicators.yaml",
            "name: Toàn ngành",
            "name: Toàn\u{1} ngành",
        ),
        (
            "content/sources.yaml",
            "publisher: Báo Thử",
            "publisher: \"Báo\\x0b Thử\"",
        ),
        (
            "content/provinces/alpha/index.md",
            "name: Alpha",
            "name: \"Alpha\\uFFFE\"",
        ),
        (
            "content/provinces/alpha/metrics.yaml",
            "note: Tính",
            "note: Tính\u{0}",
        ),
    ];
    for (file, from, to) in edits {
        let path = root.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let err = ictreport::check(&root).unwrap_err();
    let text = messages(&err);
    for (file, ..) in edits {
        assert!(
            err.diagnostics.iter().any(|d| d.file == Path::new(file)
                && d.position.is_some()
                && (d.message.contains("control character") || d.message.contains("noncharacter"))),
            "{file}: {text}"
        );
    }
}

#[test]
fn a_character_reference_to_a_control_character_is_a_located_error() {
    let (tmp, root) = site();
    fs::write(
        root.join("content/about.md"),
        "---\ntitle: Giới thiệu\n---\n\nXin &#11; chào\n",
    )
    .unwrap();
    let err = build(&root, &tmp.path().join("out")).unwrap_err();
    assert!(
        err.diagnostics
            .iter()
            .any(|d| d.file == Path::new("content/about.md")
                && d.position.is_some_and(|p| p.line == 5)
                && d.message.contains("U+000B")),
        "{}",
        messages(&err)
    );
}

#[test]
fn every_xml_file_of_the_site_is_well_formed() {
    let (_tmp, out) = build_into_temp(&fixture("good"), Some("https://example.org/ict/"));
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let path = entry.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("xml" | "svg") => {
                let text = fs::read_to_string(path).unwrap();
                roxmltree::Document::parse(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                checked += 1;
            }
            Some("html") => {
                // Inline charts are XML inside HTML: each must parse on its own.
                let text = fs::read_to_string(path).unwrap();
                let mut rest = text.as_str();
                while let Some(start) = rest.find("<svg") {
                    let end = rest[start..].find("</svg>").unwrap() + start + 6;
                    roxmltree::Document::parse(&rest[start..end])
                        .unwrap_or_else(|e| panic!("{} (inline svg): {e}", path.display()));
                    checked += 1;
                    rest = &rest[end..];
                }
            }
            _ => {}
        }
    }
    assert!(out.join("atom.xml").is_file() && out.join("sitemap.xml").is_file());
    assert!(checked > 5, "{checked}");
}

#[test]
fn a_path_base_url_writes_no_sitemap_robots_or_feed_and_says_why() {
    let (tmp, root) = site();
    let yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(
        root.join("site.yaml"),
        yaml.replace("https://example.org/ict/", "/ict/"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let report = build(&root, &out).unwrap();
    assert!(
        report.warnings.iter().any(|w| w
            .message
            .contains("sitemap.xml, robots.txt and atom.xml are not written")),
        "{:?}",
        report.warnings
    );
    for f in ["sitemap.xml", "robots.txt", "atom.xml", "en/atom.xml"] {
        assert!(!out.join(f).exists(), "{f}");
    }
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("application/atom+xml"));
    // --base-url supplies the origin: everything is written, with absolute URLs.
    let report = ictreport::build(&ictreport::BuildOptions {
        root: root.clone(),
        output: Some(out.clone()),
        base_url: Some("https://example.org/ict/".into()),
        broken_links_are_warnings: false,
        pdf: false,
    })
    .unwrap();
    assert!(
        report
            .warnings
            .iter()
            .all(|w| !w.message.contains("not written"))
    );
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.org/ict/sitemap.xml"),
        "{robots}"
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/ict/"),
        "{sitemap}"
    );
}

#[test]
fn protocol_relative_and_hostless_base_urls_are_refused() {
    let (tmp, root) = site();
    for bad in [
        "//evil.example/",
        "https://",
        "http://user:pw@example.org/",
        "evil.example",
    ] {
        let err = ictreport::build(&ictreport::BuildOptions {
            root: root.clone(),
            output: Some(tmp.path().join("out")),
            base_url: Some(bad.into()),
            broken_links_are_warnings: false,
            pdf: false,
        })
        .expect_err(bad);
        assert!(
            err.diagnostics
                .iter()
                .any(|d| d.file == Path::new("--base-url")),
            "{bad}: {}",
            messages(&err)
        );
    }
}

#[test]
fn a_broken_internal_link_fails_the_build_unless_downgraded() {
    let (tmp, root) = site();
    let index = root.join("content/provinces/alpha/index.md");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(
        &index,
        format!("{text}\nXem [trang khác](/ict/tinh/khong-co/).\n"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let err = build(&root, &out).unwrap_err();
    assert!(
        err.diagnostics.iter().any(|d| d.is_error()
            && d.file == Path::new("content/provinces/alpha/index.md")
            && d.message.contains("does not exist")),
        "{}",
        messages(&err)
    );
    assert!(!out.exists());
    let report = ictreport::build(&ictreport::BuildOptions {
        root: root.clone(),
        output: Some(out.clone()),
        base_url: None,
        broken_links_are_warnings: true,
        pdf: false,
    })
    .unwrap();
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("does not exist"))
    );
}

#[test]
fn a_free_page_at_any_reserved_path_is_refused_where_its_slug_is_written() {
    let (_tmp, root) = site();
    for name in ictreport::model::layout::reserved_names() {
        let page = root.join("content/trang.md");
        fs::write(
            &page,
            format!("---\ntitle: Trang\nslug: \"{name}\"\n---\n\nNội dung.\n"),
        )
        .unwrap();
        let err = ictreport::check(&root).expect_err(name);
        assert!(
            err.diagnostics
                .iter()
                .any(|d| d.file == Path::new("content/trang.md")
                    && d.position.is_some_and(|p| p.line == 3)
                    && d.message.contains("cannot be a page URL")),
            "{name}: {}",
            messages(&err)
        );
    }
    // A file named like a reserved folder takes it as its slug: refused too.
    fs::remove_file(root.join("content/trang.md")).unwrap();
    fs::write(
        root.join("content/tim-kiem.md"),
        "---\ntitle: Tìm\n---\n\nx\n",
    )
    .unwrap();
    let err = ictreport::check(&root).unwrap_err();
    assert!(
        messages(&err).contains("`tim-kiem` cannot be a page URL"),
        "{}",
        messages(&err)
    );
}
