//! The draft rule: a province or page with empty sections, no figures (provinces), no text
//! (pages) or `draft: true` is left out of a build with a warning, listed by `check`, and
//! shown with a banner by the preview.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use crate::common::*;
use ictreport::diagnostic::Diagnostic;

/// A copy of the good fixture in a temporary folder.
fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    site_copy("good")
}

/// The good fixture in Vietnamese and English, with a province just made by `new province`.
fn bilingual_site_with_a_new_province() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = site();
    let config = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    write(
        &root,
        "site.yaml",
        &format!("{config}languages: [vi, en]\n"),
    );
    ictreport::scaffold::new_province(&root, "Gia Lai", "Tây Nguyên").unwrap();
    (tmp, root)
}

fn build(root: &Path) -> (Vec<Diagnostic>, BTreeMap<String, Vec<u8>>) {
    let out = root.join("output");
    // The fixture's about page links to Alpha: once Alpha is a draft that link is broken,
    // which `build` reports (an error by default, a warning here).
    let report = build_with(root, &out, None, true)
        .unwrap_or_else(|f| panic!("build failed: {:?}", f.diagnostics));
    (report.warnings, tree(&out))
}

/// The warnings about drafts (the fixture has a warning of its own, about a claim).
fn draft_warnings(diags: &[Diagnostic]) -> Vec<String> {
    messages(diags)
        .into_iter()
        .filter(|m| m.contains(": draft, "))
        .collect()
}

fn mentions(files: &BTreeMap<String, Vec<u8>>, needle: &str) -> Vec<String> {
    files
        .iter()
        .filter(|(name, bytes)| {
            name.contains(needle) || String::from_utf8_lossy(bytes).contains(needle)
        })
        .map(|(name, _)| name.clone())
        .collect()
}

#[test]
fn a_new_province_is_left_out_of_the_build_with_a_warning() {
    let (_tmp, root) = site();
    ictreport::scaffold::new_province(&root, "Gia Lai", "Tây Nguyên").unwrap();
    let (warnings, files) = build(&root);
    let msgs = draft_warnings(&warnings);
    assert_eq!(msgs.len(), 1, "{msgs:#?}");
    // Located at the first empty heading (line 12, after the 10-line front matter, which
    // offers the unit lines of the 2025 reorganisation as comments).
    assert!(
        msgs[0].starts_with(
            "warning: content/provinces/gia-lai/index.md:12:1: draft, left out of the build: \
             no figures in metrics.yaml; empty sections `## Viễn thông và bưu chính`, "
        ),
        "{}",
        msgs[0]
    );
    assert!(msgs[0].contains("`## Mục tiêu`"), "{}", msgs[0]);
    // Nothing of it is published: no page, no list entry, no sitemap or feed entry, no
    // download, no search record.
    assert_eq!(mentions(&files, "gia-lai"), Vec::<String>::new());
    assert_eq!(mentions(&files, "Gia Lai"), Vec::<String>::new());
    assert!(files.contains_key("tinh/alpha/index.html"));
    assert!(files.contains_key("tinh/dak-lak/index.html"));
}

#[test]
fn a_province_becomes_ready_once_its_sections_and_figures_are_written() {
    let (_tmp, root) = site();
    ictreport::scaffold::new_province(&root, "Gia Lai", "Tây Nguyên").unwrap();
    let dir = "content/provinces/gia-lai";
    let index = std::fs::read_to_string(root.join(dir).join("index.md")).unwrap();
    // Figures alone are not enough while a section is empty.
    write(
        &root,
        &format!("{dir}/metrics.yaml"),
        "ict_revenue:\n  - year: 2018\n    value: 100\n    source: daklak-2019\n",
    );
    let (warnings, files) = build(&root);
    let msgs = draft_warnings(&warnings);
    assert_eq!(msgs.len(), 1, "{msgs:#?}");
    assert!(!msgs[0].contains("no figures"), "{}", msgs[0]);
    assert!(!files.contains_key("tinh/gia-lai/index.html"));
    let filled = index
        .lines()
        .map(|l| {
            if l.starts_with("## ") {
                format!("{l}\n\nNội dung của mục.")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    write(&root, &format!("{dir}/index.md"), &filled);
    let (warnings, files) = build(&root);
    assert_eq!(draft_warnings(&warnings), Vec::<String>::new());
    assert!(files.contains_key("tinh/gia-lai/index.html"));
    let page = String::from_utf8_lossy(&files["tinh/gia-lai/index.html"]).into_owned();
    assert!(!page.contains("draft-banner"));
}

#[test]
fn draft_true_leaves_out_a_finished_province() {
    let (_tmp, root) = site();
    let rel = "content/provinces/alpha/index.md";
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    write(&root, rel, &text.replacen("---\n", "---\ndraft: true\n", 1));
    let (warnings, files) = build(&root);
    let msgs = draft_warnings(&warnings);
    assert_eq!(
        msgs,
        [format!(
            "warning: {rel}: draft, left out of the build: `draft: true`\n  hint: remove \
             `draft: true` when it is ready; `ictreport serve` shows drafts with a banner"
        )]
    );
    assert!(!files.contains_key("tinh/alpha/index.html"));
    assert!(files.contains_key("tinh/dak-lak/index.html"));
}

#[test]
fn a_free_page_without_text_or_marked_draft_is_left_out() {
    let (_tmp, root) = site();
    write(&root, "content/ghi-chu.md", "---\ntitle: Ghi chú\n---\n\n");
    let (warnings, files) = build(&root);
    assert_eq!(
        draft_warnings(&warnings),
        [
            "warning: content/ghi-chu.md: draft, left out of the build: no text\n  hint: write \
          the page's text; `ictreport serve` shows drafts with a banner"
        ]
    );
    assert!(!files.contains_key("ghi-chu/index.html"));
    assert!(files.contains_key("gioi-thieu/index.html"));
    assert_eq!(mentions(&files, "ghi-chu"), Vec::<String>::new());
    let about = std::fs::read_to_string(root.join("content/about.md")).unwrap();
    write(
        &root,
        "content/about.md",
        &about.replacen("---\n", "---\ndraft: true\n", 1),
    );
    let (warnings, files) = build(&root);
    assert_eq!(
        draft_warnings(&warnings).len(),
        2,
        "{:#?}",
        messages(&warnings)
    );
    assert!(!files.contains_key("gioi-thieu/index.html"));
    // The navigation no longer links the page.
    assert_eq!(mentions(&files, "gioi-thieu"), Vec::<String>::new());
}

#[test]
fn a_site_whose_every_province_is_a_draft_still_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good-min"), &root);
    let rel = "content/provinces/alpha/index.md";
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    write(&root, rel, &text.replacen("---\n", "---\ndraft: true\n", 1));
    let (warnings, files) = build(&root);
    assert_eq!(
        draft_warnings(&warnings).len(),
        1,
        "{:#?}",
        messages(&warnings)
    );
    assert!(files.contains_key("index.html"));
    assert!(files.contains_key("tinh/index.html"));
    assert!(!files.contains_key("tinh/alpha/index.html"));
    // The same site without the draft's folder builds the same files, with a warning that
    // it has no province.
    std::fs::remove_dir_all(root.join("content/provinces/alpha")).unwrap();
    let (warnings, without) = build(&root);
    assert!(
        messages(&warnings)
            .iter()
            .any(|m| m.contains("no province folders found")),
        "{:#?}",
        messages(&warnings)
    );
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        without.keys().collect::<Vec<_>>()
    );
    assert!(files == without, "the same files, but not the same bytes");
}

#[test]
fn check_lists_drafts_and_pages_without_an_english_version() {
    let (_tmp, root) = bilingual_site_with_a_new_province();
    // The site has English now, so `new province` wrote index.en.md too.
    assert!(root.join("content/provinces/gia-lai/index.en.md").is_file());
    let report = ictreport::check(&root).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let msgs = messages(&report.warnings);
    let drafts: Vec<&String> = msgs.iter().filter(|m| m.contains("draft")).collect();
    assert_eq!(drafts.len(), 1, "{msgs:#?}");
    assert!(
        // The translation is judged on its own once the province is ready: a draft
        // province's warning names its main file's reasons only.
        drafts[0].contains("draft, `build` leaves it out")
            && drafts[0].contains("empty sections `## ")
            && !drafts[0].contains("index.en.md"),
        "{}",
        drafts[0]
    );
    let untranslated: Vec<&String> = msgs.iter().filter(|m| m.contains("no `en`")).collect();
    assert_eq!(
        untranslated,
        [
            "warning: content/about.md: no `en` version: its /en/ page shows the `vi` text with \
             a notice\n  hint: add content/about.en.md with the translated front matter (name, \
             region, summary or title) and text",
            "warning: content/provinces/alpha/index.md: no `en` version: its /en/ page shows the \
             `vi` text with a notice\n  hint: add content/provinces/alpha/index.en.md with the \
             translated front matter (name, region, summary or title) and text",
            "warning: content/provinces/dak-lak/index.md: no `en` version: its /en/ page shows \
             the `vi` text with a notice\n  hint: add content/provinces/dak-lak/index.en.md with \
             the translated front matter (name, region, summary or title) and text",
        ]
    );
    // And the fixture's own warning, about a claim, and the one about its sources, which
    // have no English publisher.
    assert!(
        msgs.iter().any(|m| m.contains("without English names")),
        "{msgs:#?}"
    );
    // And Đắk Lắk, of the geography table, has figures but declares no unit: on no map.
    assert!(
        msgs.iter()
            .any(|m| m.contains("Đắk Lắk has figures but is on no map")),
        "{msgs:#?}"
    );
    assert_eq!(msgs.len(), 7, "{msgs:#?}");
}

/// Collects rendered files in memory.
#[derive(Default)]
struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

impl ictreport::render::Sink for Memory {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// The preview renders the validated site as it is, drafts included.
#[test]
fn the_preview_shows_drafts_with_a_banner_in_the_page_language() {
    let (_tmp, root) = bilingual_site_with_a_new_province();
    let (loaded, _) = ictreport::content::load(&root);
    let (site, _) = ictreport::validate::validate(&loaded);
    let site = site.unwrap();
    let theme = ictreport::render::Theme::load(&loaded.dir, &site.config.theme).unwrap();
    let sink = Memory::default();
    let (_, diags) = ictreport::render::render_site(&site, &theme, &sink);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let files = sink.0.into_inner().unwrap();
    let banner = |path: &str| {
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&files[path]));
        doc.select(&sel("main .draft-banner")).next().map(text_of)
    };
    let vi = banner("tinh/gia-lai/index.html").expect("a banner on the Vietnamese page");
    assert!(vi.starts_with("Bản nháp."), "{vi}");
    let en = banner("en/tinh/gia-lai/index.html").expect("a banner on the English page");
    assert!(en.starts_with("Draft."), "{en}");
    assert_eq!(banner("tinh/alpha/index.html"), None);
    assert_eq!(banner("index.html"), None);
}
