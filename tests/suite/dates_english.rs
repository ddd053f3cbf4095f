//! Dates that are not placeholders and English pages that are English: no feed or page
//! gives a year before 1990 as a date, every province page says as of when its figures are,
//! an undated article's feed entry is dated by its event or by the build (`SOURCE_DATE_EPOCH`),
//! English outputs name sources in English, and English counts take their plural.

use std::path::Path;

use crate::common::*;

/// Sites whose every output is scanned: the bundled one and the fixtures.
fn sites() -> Vec<std::path::PathBuf> {
    vec![
        repo(),
        fixture("good"),
        fixture("good-min"),
        fixture("reorg"),
    ]
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The years of what reads as a date in `text`: `04/10/2020`, `10/2020`, `2020-10-04`
/// (and `…T00:00:00Z`), `4 October 2020`, `October 2020`.
fn years_of_dates(text: &str) -> Vec<u32> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "<>\"'=();,".contains(c))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let year = |s: &str| -> Option<u32> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let small = |s: &str, max: u32| {
        (1..=2).contains(&s.len()) && s.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
    };
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let parts: Vec<&str> = w.split('/').collect();
        match parts.as_slice() {
            [d, m, y] if small(d, 31) && small(m, 12) => out.extend(year(y)),
            [m, y] if small(m, 12) => out.extend(year(y)),
            _ => {}
        }
        let iso: Vec<&str> = w.splitn(3, '-').collect();
        if let [y, m, d] = iso.as_slice()
            && small(m, 12)
            && d.len() >= 2
            && small(&d[..2], 31)
        {
            out.extend(year(y));
        }
        if MONTHS.contains(w) {
            out.extend(words.get(i + 1).and_then(|n| year(n)));
        }
    }
    out
}

#[test]
fn the_date_scanner_finds_dates_and_only_dates() {
    let text = "ngày 04/10/2020, tháng 01/1975; <updated>1975-01-01T00:00:00Z</updated> \
                4 October 1989 and May 2024; 614/635 xã, 12.245 chữ ký, năm 1975";
    assert_eq!(years_of_dates(text), [2020, 1975, 1975, 1989, 2024]);
}

/// The `<updated>` dates of a feed, each checked to be an Atom date.
fn feed_dates(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("atom.xml is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("updated"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn no_feed_or_page_gives_a_year_before_1990_as_a_date() {
    for root in sites() {
        let (_tmp, out) = build_into_temp(&root, Some("https://example.org/"));
        let files = tree(&out);
        let feeds: Vec<&String> = files.keys().filter(|k| k.ends_with("atom.xml")).collect();
        assert!(!feeds.is_empty(), "{}: no feed", root.display());
        for feed in feeds {
            let xml = String::from_utf8_lossy(&files[feed]);
            let dates = feed_dates(&xml);
            assert!(!dates.is_empty(), "{feed}");
            for d in dates {
                let year: u32 = d.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
                assert!(
                    year >= 1990 && d.ends_with("T00:00:00Z") && d.len() == 20,
                    "{}: {feed}: <updated>{d}</updated>",
                    root.display()
                );
            }
        }
        for (rel, bytes) in &files {
            if ![".html", ".xml", ".svg"].iter().any(|e| rel.ends_with(e)) {
                continue;
            }
            let text = String::from_utf8_lossy(bytes);
            let old: Vec<u32> = years_of_dates(&text)
                .into_iter()
                .filter(|y| *y < 1990)
                .collect();
            assert!(
                old.is_empty(),
                "{}: {rel}: dates in {old:?}",
                root.display()
            );
            let html = scraper::Html::parse_document(&text);
            for t in html.select(&sel("time[datetime]")) {
                let d = t.value().attr("datetime").unwrap_or_default();
                let year: u32 = d.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
                assert!(
                    year >= 1990,
                    "{}: {rel}: <time datetime={d}>",
                    root.display()
                );
            }
        }
    }
}

/// The feed entry of `url_part` in `xml`: its `<updated>` and `<summary>`.
fn entry(xml: &str, url_part: &str) -> (String, String) {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let e = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .find(|n| {
            n.children()
                .any(|c| c.has_tag_name("id") && c.text().unwrap_or_default().contains(url_part))
        })
        .unwrap_or_else(|| panic!("no entry for {url_part}"));
    let child = |name: &str| {
        e.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    (child("updated"), child("summary"))
}

#[test]
fn an_undated_article_is_dated_in_the_feed_by_its_event_and_says_so() {
    let (_tmp, out) = build_into_temp(&repo(), Some("https://example.org/"));
    for (feed, said) in [
        ("atom.xml", "ngày của sự kiện 25/10/2020"),
        ("en/atom.xml", "dated by an event, 25 October 2020"),
    ] {
        let xml = std::fs::read_to_string(out.join(feed)).unwrap();
        let (updated, summary) = entry(&xml, "/tinh/hai-duong/");
        assert_eq!(updated, "2020-10-25T00:00:00Z", "{feed}");
        assert!(summary.contains(said), "{feed}: {summary}");
    }
}

#[test]
fn an_undated_article_without_an_event_takes_the_build_date_from_source_date_epoch() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good-min"), &root);
    let sources = root.join("content/sources.yaml");
    let text = std::fs::read_to_string(&sources).unwrap();
    std::fs::write(&sources, text.replace("date: 2020-10-04", "date: null")).unwrap();
    let build = |name: &str, epoch: &str| {
        let out = tmp.path().join(name);
        let run = cli()
            .args([
                "build",
                "-q",
                "--base-url",
                "https://example.org/",
                "--root",
            ])
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        std::fs::read_to_string(out.join("atom.xml")).unwrap()
    };
    // 2023-11-14T22:13:20Z
    let xml = build("a", "1700000000");
    let dates = feed_dates(&xml);
    assert!(
        dates.iter().all(|d| d == "2023-11-14T00:00:00Z"),
        "{dates:?}"
    );
    assert!(xml.contains("ngày dựng trang (14/11/2023)"), "{xml}");
    // The same epoch gives the same feed, byte for byte.
    assert_eq!(build("b", "1700000000"), xml);
    // A build system's epoch of 1980-01-01 would date the entry before its figures: the
    // entry takes the start of its newest figure's year instead, and says so.
    let old = build("c", "315532800");
    for d in feed_dates(&old) {
        let year: u32 = d[..4].parse().unwrap();
        assert!(year >= 2018 && d.ends_with("-01-01T00:00:00Z"), "{d}");
    }
    assert!(old.contains("vì ngày dựng trang sớm hơn năm đó"), "{old}");
    // The page has no date at all for its source: only the year of its newest figure.
    let html = std::fs::read_to_string(tmp.path().join("a/tinh/alpha/index.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let as_of = text_of(page.select(&sel("p.as-of")).next().expect("as-of line"));
    assert!(as_of.contains("không ghi ngày đăng"), "{as_of}");
    assert!(!as_of.contains("2023"), "{as_of}");
}

#[test]
fn every_province_page_says_as_of_when_in_both_languages() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let slugs: Vec<String> = std::fs::read_dir(repo().join("content/provinces"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(slugs.len() >= 5, "{slugs:?}");
    for slug in &slugs {
        for prefix in ["", "en/"] {
            let page = page(&out, &format!("{prefix}tinh/{slug}/index.html"));
            let lines: Vec<String> = page.select(&sel("p.as-of")).map(text_of).collect();
            assert_eq!(lines.len(), 1, "{prefix}{slug}");
            let line = &lines[0];
            let date_given = years_of_dates(line).iter().any(|y| *y >= 1990);
            let year_given = line.contains("(năm của số liệu mới nhất)")
                || line.contains("(the year of its newest figure)");
            assert!(date_given || year_given, "{prefix}{slug}: {line}");
        }
    }
    // Undated articles: an approximate date from the event, said to be approximate.
    let line = |rel: &str| text_of(page(&out, rel).select(&sel("p.as-of")).next().unwrap());
    let hd = line("tinh/hai-duong/index.html");
    assert!(hd.contains("khoảng tháng 10/2020"), "{hd}");
    assert!(hd.contains("bài không ghi ngày đăng"), "{hd}");
    let hd = line("en/tinh/hai-duong/index.html");
    assert!(hd.contains("about October 2020"), "{hd}");
    assert!(hd.contains("the article gives no publication date"), "{hd}");
    let nt = line("en/tinh/ninh-thuan/index.html");
    assert!(nt.contains("written in 2017 or later"), "{nt}");
    // An undated source is not reported as from the body of 2100.
    assert!(
        nt.contains("Reported by: Department of Information and Communications"),
        "{nt}"
    );
}

/// The Vietnamese publisher and author phrases of the bundled sources that have an English
/// name of their own.
fn vietnamese_source_phrases() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("content/sources.yaml")).unwrap();
    let sources: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
    let mut out = Vec::new();
    for s in &sources {
        let field = |k: &str| s.get(k).and_then(|v| v.as_str()).map(str::to_string);
        for (vi, en) in [("publisher", "publisher_en"), ("author", "author_en")] {
            if let Some(phrase) = field(vi) {
                let english = field(en);
                assert!(english.is_some(), "{s:?} has no `{en}`");
                if english.as_deref() != Some(phrase.as_str()) {
                    out.push(phrase);
                }
            }
        }
    }
    out
}

#[test]
fn english_pages_feed_and_charts_name_sources_in_english() {
    let phrases = vietnamese_source_phrases();
    assert!(phrases.len() >= 5, "{phrases:?}");
    let (_tmp, out) = build_into_temp(&repo(), Some("https://example.org/"));
    let files = tree(&out);
    let english: Vec<(&String, String)> = files
        .iter()
        .filter(|(k, _)| k.starts_with("en/"))
        .filter(|(k, _)| [".html", ".svg", ".xml"].iter().any(|e| k.ends_with(e)))
        .map(|(k, v)| (k, String::from_utf8_lossy(v).into_owned()))
        .collect();
    let kinds = |ext: &str| english.iter().filter(|(k, _)| k.ends_with(ext)).count();
    assert!(kinds(".svg") > 4 && kinds(".html") > 20 && kinds("atom.xml") == 1);
    for (rel, text) in &english {
        for p in &phrases {
            assert!(!text.contains(p.as_str()), "{rel} shows `{p}`");
        }
    }
    // …and the Vietnamese pages still show them.
    let sources_vi = String::from_utf8_lossy(&files["nguon/index.html"]).into_owned();
    assert!(sources_vi.contains("Báo Pháp luật Việt Nam"));
    let page = page(&out, "en/nguon/index.html");
    let publishers: Vec<String> = page
        .select(&sel("ol.sources span[lang=en]"))
        .map(text_of)
        .collect();
    assert!(
        publishers.contains(&"Vietnam Law Newspaper".to_string()),
        "{publishers:?}"
    );
    // The data download carries both names.
    let json: serde_json::Value =
        serde_json::from_slice(&files["tai-ve/du-lieu.json"]).expect("du-lieu.json");
    let sources = json["sources"].as_array().expect("sources");
    assert!(
        sources
            .iter()
            .any(|s| s["publisher"] == "Báo Pháp luật Việt Nam"
                && s["publisher_en"] == "Vietnam Law Newspaper")
    );
}

/// The texts of the table cells of `rel` in `out`.
fn cells(out: &Path, rel: &str) -> Vec<String> {
    page(out, rel).select(&sel("td")).map(text_of).collect()
}

#[test]
fn one_directive_is_singular_on_the_english_page() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let en = cells(&out, "en/tinh/vinh-phuc/index.html");
    let directives: Vec<&String> = en.iter().filter(|c| c.contains("directive")).collect();
    assert!(
        directives.iter().any(|c| *c == "1 directive"),
        "{directives:?}"
    );
    let all =
        String::from_utf8_lossy(&std::fs::read(out.join("en/tinh/vinh-phuc/index.html")).unwrap())
            .replace('\u{a0}', " ");
    assert!(!all.contains("1 directives"));
    let vi = cells(&out, "tinh/vinh-phuc/index.html");
    assert!(vi.iter().any(|c| c == "1 chỉ thị"), "{vi:?}");
    // Plurals stay plural, and no English page counts one thing in the plural.
    for (rel, bytes) in tree(&out.join("en")) {
        let text = String::from_utf8_lossy(&bytes).replace('\u{a0}', " ");
        for plural in ["1 directives", "1 sites", "1 provinces", "1 provinces have"] {
            assert!(!text.contains(&format!(" {plural}")), "{rel}: {plural}");
            assert!(!text.contains(&format!(">{plural}")), "{rel}: {plural}");
        }
    }
    let map = String::from_utf8_lossy(
        &std::fs::read(out.join("en/chi-so/policy_directives/index.html")).unwrap(),
    )
    .replace('\u{a0}', " ");
    assert!(
        map.contains("1 province has a figure"),
        "tile map description"
    );
}

#[test]
fn check_warns_about_sources_without_english_names() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("reorg"), &root);
    let report = ictreport::check(&root).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let warning = report
        .warnings
        .iter()
        .map(|d| d.to_string())
        .find(|d| d.contains("without English names"))
        .expect("a warning about the sources");
    assert!(warning.contains("content/sources.yaml"), "{warning}");
    assert!(warning.contains("publisher_en"), "{warning}");
}
