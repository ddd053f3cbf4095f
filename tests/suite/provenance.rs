//! Issue 14 on the bundled site: a reader can tell for every figure whether the article said
//! it or the site computed it; claims sit beside computations; dates are only what is known;
//! English pages carry no Vietnamese-format numbers.

use std::path::Path;

use crate::common::*;
use ictreport::model::{Lang, Provenance, Site};
use ictreport::values;
use scraper::{ElementRef, Html};

fn bundled() -> (tempfile::TempDir, std::path::PathBuf, Site) {
    let (tmp, out) = build_into_temp(&repo(), None);
    let (loaded, _) = ictreport::content::load(&repo());
    let (site, diags) = ictreport::validate::validate(&loaded);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    (tmp, out, site.unwrap())
}

fn html_files(out: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// The indicator id a link points at (`…/chi-so/<id>/`).
fn indicator_of(href: &str) -> Option<&str> {
    let rest = href.split("/chi-so/").nth(1)?;
    rest.split('/').next()
}

fn has_mark(el: ElementRef) -> bool {
    el.select(&sel(".prov")).next().is_some()
}

/// Key figures, table rows and inline values of every province page, in both languages:
/// a derived value carries the provenance mark, a stated one does not.
#[test]
fn every_derived_value_carries_the_mark() {
    let (_tmp, out, site) = bundled();
    let mut derived_seen = 0;
    for p in &site.provinces {
        for (prefix, lang) in [("", Lang::Vi), ("en/", Lang::En)] {
            let doc = page(&out, &format!("{prefix}tinh/{}/index.html", p.slug));
            let obs_of = |id: &str, year: &str| {
                let r = site.find_indicator(id)?;
                p.series_of(r)?
                    .observations
                    .iter()
                    .find(|o| values::year_text(o) == year)
            };
            // The province's data tables: one tbody per indicator.
            for tbody in doc.select(&sel("table.data tbody")) {
                let Some(id) = tbody
                    .select(&sel("th a"))
                    .next()
                    .and_then(|a| a.value().attr("href"))
                    .and_then(indicator_of)
                else {
                    continue;
                };
                for tr in tbody.select(&sel("tr")) {
                    let year = tr
                        .select(&sel("td"))
                        .next()
                        .map(text_of)
                        .unwrap_or_default();
                    let obs = obs_of(id, &year).unwrap_or_else(|| panic!("{id} {year}"));
                    if obs.derived.is_derived() {
                        derived_seen += 1;
                    }
                    assert_eq!(
                        has_mark(tr),
                        obs.derived.is_derived(),
                        "{} {prefix} table {id} {year}",
                        p.slug
                    );
                }
            }
            // Key figures.
            for kf in doc.select(&sel(".kf")) {
                let id = kf
                    .select(&sel("dt a"))
                    .next()
                    .and_then(|a| a.value().attr("href"))
                    .and_then(indicator_of)
                    .unwrap();
                let year = kf.select(&sel(".kf-year")).next().map(text_of).unwrap();
                let obs = obs_of(id, year.trim_matches(['(', ')'])).unwrap();
                assert_eq!(has_mark(kf), obs.derived.is_derived(), "{} kf {id}", p.slug);
            }
            // Inline values: the derived ones are followed by their mark.
            let i18n = ictreport::render::Theme::load(
                &ictreport::content::SiteDir::new(&repo()),
                "default",
            )
            .unwrap_or_else(|d| panic!("{d:?}"))
            .i18n;
            let derived_texts: Vec<String> = p
                .series
                .iter()
                .flat_map(|s| {
                    let ind = site.indicator(s.indicator);
                    s.observations
                        .iter()
                        .filter(|o| o.derived.is_derived())
                        .map(|o| values::Figure::new(ind, o, lang, &i18n).value())
                        .collect::<Vec<_>>()
                })
                .collect();
            for a in doc.select(&sel("a.fig")) {
                let text = a.text().collect::<String>();
                if derived_texts.contains(&text) {
                    let parent = ElementRef::wrap(a.parent().unwrap()).unwrap();
                    let after: String = parent.html();
                    let at = after.find(&a.html()).unwrap() + a.html().len();
                    let rest = &after[at..];
                    let next_fig = rest.find("class=\"fig\"").unwrap_or(rest.len());
                    assert!(
                        rest[..next_fig].contains("class=\"prov\""),
                        "{}: inline {text} without its mark",
                        p.slug
                    );
                }
            }
        }
    }
    // Sums, differences and back-computed bases of four provinces, in two languages.
    assert!(derived_seen >= 20, "{derived_seen}");
}

/// The three totals the site computed are marked as computed, never as the article's.
#[test]
fn the_three_totals_are_marked_derived() {
    let (_tmp, out, site) = bundled();
    for (slug, id, how) in [
        ("ninh-thuan", "mobile_subscribers", Provenance::Computed),
        ("vinh-phuc", "digital_signatures", Provenance::Sum),
        ("thanh-hoa", "online_public_services", Provenance::Sum),
    ] {
        let p = site.provinces.iter().find(|p| p.slug == slug).unwrap();
        let r = site.find_indicator(id).unwrap();
        assert_eq!(p.series_of(r).unwrap().observations[0].derived, how);
        let doc = page(&out, &format!("chi-so/{id}/index.html"));
        let row = doc
            .select(&sel("table.data tbody tr"))
            .find(|tr| text_of(*tr).contains(&p.name))
            .unwrap();
        assert!(has_mark(row), "{slug} {id}");
    }
}

#[test]
fn vinh_phuc_shows_the_claim_beside_the_computed_multiple() {
    let (_tmp, out, _) = bundled();
    let doc = page(&out, "tinh/vinh-phuc/index.html");
    let row = doc
        .select(&sel("table.claims tr.claim"))
        .find(|tr| text_of(*tr).contains("Doanh thu"))
        .expect("the revenue claim");
    let text = text_of(row);
    assert!(text.contains("gấp 22,3 lần"), "{text}");
    assert!(text.contains("gấp khoảng 22,24 lần"), "{text}");
    assert!(text.contains("Khác nhau"), "{text}");
    assert_eq!(row.value().attr("class"), Some("claim claim-differs"));
    // The quoted claim cites the article.
    assert!(row.select(&sel("q + a.cite")).next().is_some());
    for rel in ["tinh/vinh-phuc/index.html", "chi-so/ict_revenue/index.html"] {
        let html = std::fs::read_to_string(out.join(rel)).unwrap();
        assert!(!contains_number(&html, "22,2"), "{rel} shows 22,2");
    }
    let en = std::fs::read_to_string(out.join("en/tinh/vinh-phuc/index.html")).unwrap();
    assert!(en.contains("22.24") && en.contains("22.3"));
    assert!(!contains_number(&en, "22.2"));
}

/// Whether `needle` occurs in `text` as a whole number (not followed by another digit).
fn contains_number(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

#[test]
fn a_claim_checked_against_its_own_back_computed_base_is_not_reported_as_checked() {
    let (_tmp, out, _) = bundled();
    for (slug, expected) in [("ninh-thuan", 2), ("vinh-phuc", 1)] {
        let doc = page(&out, &format!("tinh/{slug}/index.html"));
        let verdicts: Vec<&str> = doc
            .select(&sel("table.claims tr.claim"))
            .filter_map(|tr| tr.value().attr("class"))
            .collect();
        let back = verdicts
            .iter()
            .filter(|c| **c == "claim claim-back_computed")
            .count();
        assert_eq!(back, expected, "{slug}: {verdicts:?}");
        assert!(
            !verdicts.contains(&"claim claim-agrees"),
            "{slug}: {verdicts:?}"
        );
    }
    // Nor is a change computed from such a base shown as a finding: 41 / 32,3 gives +26,9%.
    for rel in [
        "tinh/ninh-thuan/index.html",
        "en/tinh/ninh-thuan/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(rel)).unwrap();
        assert!(!html.contains("26,9") && !html.contains("26.9"), "{rel}");
    }
}

#[test]
fn no_placeholder_publication_date() {
    let (_tmp, out, _) = bundled();
    for f in html_files(&out) {
        let html = std::fs::read_to_string(&f).unwrap();
        for placeholder in [
            "01/01/2018",
            "31/10/2020",
            "1 January 2018",
            "31 October 2020",
        ] {
            assert!(
                !html.contains(placeholder),
                "{}: {placeholder}",
                f.display()
            );
        }
        // 11/01/2021 is shown only as the related event of an undated article (in its
        // citation, or in the as-of line that dates the page by it).
        for (i, _) in html.match_indices("11/01/2021") {
            assert!(
                html[..i].ends_with("sự kiện liên quan: ")
                    || html[..i].ends_with("(ngày của sự kiện "),
                "{}",
                f.display()
            );
        }
    }
    let sources =
        Html::parse_document(&std::fs::read_to_string(out.join("nguon/index.html")).unwrap());
    let undated = text_of(sources.root_element())
        .matches("không ghi ngày đăng")
        .count();
    assert_eq!(undated, 3);
}

/// `3.566` (Vietnamese thousands) or `45,212` / `6,01` (Vietnamese decimals) read wrongly in
/// English. Unambiguous signs: a comma followed by other than three digits, or two dot groups.
fn vietnamese_number(text: &str) -> Option<String> {
    let b = text.as_bytes();
    for i in 1..b.len() {
        if !b[i - 1].is_ascii_digit() {
            continue;
        }
        let run = |from: usize| {
            b.get(from..)
                .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
        };
        // Digits are ASCII, so these slices fall on character boundaries.
        let start = i - b[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if b[i] == b',' {
            let n = run(i + 1);
            if n > 0 && n != 3 {
                return Some(text[start..i + 1 + n].to_string());
            }
        }
        if b[i] == b'.' && run(i + 1) == 3 && b.get(i + 4) == Some(&b'.') && run(i + 5) == 3 {
            return Some(text[start..i + 8].to_string());
        }
    }
    None
}

#[test]
fn english_pages_show_no_vietnamese_format_numbers() {
    assert!(vietnamese_number("45,212 − 4,556").is_none());
    assert_eq!(vietnamese_number("đạt 6,01 máy").as_deref(), Some("6,01"));
    assert!(vietnamese_number("3.128.167 thuê bao").is_some());
    let (_tmp, out, _) = bundled();
    for f in html_files(&out.join("en")) {
        let doc = Html::parse_document(&std::fs::read_to_string(&f).unwrap());
        for node in doc.root_element().descendants() {
            let Some(t) = node.value().as_text() else {
                continue;
            };
            let in_script = node
                .parent()
                .and_then(|p| p.value().as_element())
                .is_some_and(|e| matches!(e.name(), "script" | "style"));
            if !in_script && let Some(n) = vietnamese_number(t) {
                panic!("{}: {n}", f.display());
            }
        }
    }
}

/// `check` warnings of a copy of the good fixture whose Alpha revenue 2015 is given `extra`
/// (and whose site.yaml ends with `config`), those containing `filter`.
fn warnings_with(extra: &str, config: &str, filter: &str) -> Vec<String> {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&fixture("good"), site.path());
    let metrics = site.path().join("content/provinces/alpha/metrics.yaml");
    let text = std::fs::read_to_string(&metrics).unwrap();
    let text = text.replacen(
        "    value: 3566\n    source: alpha-2020\n",
        &format!("    value: 3566\n    source: alpha-2020\n{extra}"),
        1,
    );
    std::fs::write(&metrics, text).unwrap();
    let yaml = site.path().join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}{config}")).unwrap();
    let report = ictreport::check(site.path()).unwrap_or_else(|f| {
        panic!(
            "{:?}",
            f.diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        )
    });
    report
        .warnings
        .iter()
        .map(|d| d.to_string())
        .filter(|d| d.contains(filter))
        .collect()
}

fn claim_warnings(extra: &str) -> Vec<String> {
    warnings_with(extra, "", "the article says")
}

#[test]
fn check_warns_about_notes_english_readers_would_misread() {
    let english = "languages: [vi, en]\n";
    let note = "    note: Xếp trên 63 tỉnh (out_of = 63).\n";
    let field = warnings_with(note, english, "names the field");
    assert_eq!(field.len(), 1, "{field:?}");
    assert!(field[0].contains("`out_of`"), "{field:?}");
    let untranslated = warnings_with(note, english, "without `note_en`");
    assert_eq!(untranslated.len(), 1, "{untranslated:?}");
    let note_en = "    note: Xếp trên 63 tỉnh.\n    note_en: Of 63 provinces.\n";
    assert!(warnings_with(note_en, english, "note").is_empty());
    // A Vietnamese-only site has no English page to warn about.
    assert!(warnings_with(note, "", "without `note_en`").is_empty());
}

/// A base computed some other way still checks the claim (22,3 vs 22,24 is reported); a
/// base worked back from the claim cannot, so nothing is reported as checked.
#[test]
fn a_back_computed_base_does_not_check_its_claim() {
    let note = "    note: \"{num:79300} / {num:22.3}\"\n";
    let computed = claim_warnings(&format!("    derived: true\n{note}"));
    assert_eq!(computed.len(), 1, "{computed:?}");
    assert!(computed[0].contains("22,3 lần, but the data gives 22,24 lần"));
    let back = claim_warnings(&format!("    derived: back_computed\n{note}"));
    assert_eq!(back, Vec::<String>::new());
}

/// Key figures show stated, recent values: none of Nghệ An's is its 2005 figure; "gần 80%"
/// reads "gần", not "khoảng"; a structural count is not ranked.
#[test]
fn key_figures_and_words_say_what_the_article_said() {
    let (_tmp, out, _) = bundled();
    let doc = page(&out, "tinh/nghe-an/index.html");
    let years: Vec<String> = doc.select(&sel(".kf .kf-year")).map(text_of).collect();
    assert!(!years.is_empty());
    assert!(years.iter().all(|y| y == "(2024)"), "{years:?}");
    let text = text_of(doc.root_element());
    assert!(text.contains("gần 80%"), "gần 80%");
    assert!(!text.contains("khoảng 80%"));
    // "máy" read as subscriptions (issue 25), with the article's word beside it.
    assert!(text.contains("182.079 thuê bao") && text.contains("gọi là \"máy\""));
    let en = text_of(page(&out, "en/tinh/nghe-an/index.html").root_element());
    assert!(en.contains("nearly 80%") && en.contains("182,079 subscriptions"));
    assert!(en.contains("the article says \"máy\""));
    let staff = text_of(page(&out, "chi-so/department_staff/index.html").root_element());
    assert!(staff.contains("không xếp hạng"), "{staff}");
}
