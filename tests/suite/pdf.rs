//! The PDF edition of the bundled site, read back with Debian's poppler-utils and qpdf
//! (`scripts/install-test-deps.sh` installs them): each province's PDF prints every figure
//! of its page's data table in the page's number format and its name with diacritics, embeds
//! its fonts, is tagged with its language, passes `qpdf --check`, draws its charts; two
//! builds give the same bytes; text full of Typst's special characters prints literally; a
//! character the font lacks is a located error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use proptest::prelude::*;

use crate::common::*;

/// Builds `root` with its PDF edition into `out`.
pub(crate) fn build_with_pdf(root: &Path, out: &Path) -> Result<(), ictreport::Failure> {
    let opts = ictreport::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url: None,
        broken_links_are_warnings: false,
        pdf: true,
    };
    ictreport::build(&opts).map(|_| ())
}

/// The bundled site (the repository's own content), built once with its PDFs.
fn bundled() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf-bundled");
        build_with_pdf(&repo(), &out).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        out
    })
}

/// Every PDF of a build, by path.
fn pdfs(out: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(out)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".pdf"))
        .collect()
}

/// Runs a poppler or qpdf tool on `pdf`; its standard output.
pub(crate) fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let mut cmd = Command::new(name);
    cmd.args(args).arg(pdf);
    if name == "pdftotext" {
        // To standard output, not a file beside the PDF.
        cmd.arg("-");
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{name} (scripts/install-test-deps.sh installs it): {e}"));
    assert!(
        out.status.success(),
        "{name} {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text without any whitespace, so that line breaks the typesetter chose do not matter.
pub(crate) fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of a PDF (`pdftotext`), without whitespace.
pub(crate) fn pdf_text(pdf: &Path) -> String {
    squeezed(&tool("pdftotext", &["-enc", "UTF-8"], pdf))
}

/// The province pages of the bundled site with their PDF (page folder, PDF path).
fn province_pdfs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for lang_prefix in ["", "en/"] {
        let dir = bundled().join(lang_prefix).join("tinh");
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let slug = e.file_name().to_string_lossy().into_owned();
            let pdf = format!("{lang_prefix}tinh/{slug}/{slug}.pdf");
            if bundled().join(&pdf).is_file() {
                out.push((format!("{lang_prefix}tinh/{slug}/index.html"), pdf));
            }
        }
    }
    assert!(out.len() >= 10, "{out:?}");
    out
}

#[test]
fn every_province_pdf_prints_its_data_table_and_its_name() {
    for (page_path, pdf) in province_pdfs() {
        let page = page(bundled(), &page_path);
        let text = squeezed(&tool(
            "pdftotext",
            &["-enc", "UTF-8"],
            &bundled().join(&pdf),
        ));
        let name = page
            .select(&sel("h1"))
            .next()
            .map(text_of)
            .unwrap_or_default();
        assert!(text.contains(&squeezed(&name)), "{pdf}: no {name}");
        // Each piece of a value cell: the figure, and its fraction on a line of its own.
        let values: Vec<String> = page
            .select(&sel("table.data td.num"))
            .flat_map(|td| td.text().map(squeezed).collect::<Vec<_>>())
            .filter(|v| !v.is_empty())
            .collect();
        assert!(!values.is_empty(), "{page_path}");
        for v in values {
            assert!(text.contains(&v), "{pdf} lacks the figure {v}");
        }
        // The page links its PDF.
        let linked = page
            .select(&sel("a[type=\"application/pdf\"]"))
            .filter_map(|a| a.value().attr("href"))
            .any(|href| href.ends_with(pdf.rsplit('/').next().unwrap_or_default()));
        assert!(linked, "{page_path} does not link {pdf}");
    }
}

/// The PDFs the downloads page of `lang_prefix` (`""` or `"en/"`) lists in a site built for
/// `base_path`: (output path, size cell, pages cell), each cell with its spaces made plain.
pub(crate) fn listed_pdfs(
    out: &Path,
    base_path: &str,
    lang_prefix: &str,
) -> Vec<(String, String, String)> {
    let doc = page(out, &format!("{lang_prefix}tai-ve/index.html"));
    let cell = |row: scraper::ElementRef, css: &str| {
        let text = row
            .select(&sel(css))
            .next()
            .map(text_of)
            .unwrap_or_default();
        text.replace('\u{a0}', " ")
    };
    doc.select(&sel("table.pdfs tbody tr"))
        .map(|row| {
            let href = row
                .select(&sel("a[type=\"application/pdf\"]"))
                .next()
                .and_then(|a| a.value().attr("href"))
                .unwrap_or_default();
            (
                href.strip_prefix(base_path).unwrap_or(href).to_string(),
                cell(row, "td.size"),
                cell(row, "td.pages"),
            )
        })
        .collect()
}

/// A size as the downloads page writes it (`570 kB`, `1,2 MB` in Vietnamese) in bytes, and
/// how far the rounding of its last digit may be from the real size.
fn size_in_bytes(text: &str, decimal: char) -> (f64, f64) {
    let (number, unit) = text.split_once(' ').unwrap_or_else(|| panic!("{text}"));
    let scale = match unit {
        "B" => 1.0,
        "kB" => 1e3,
        "MB" => 1e6,
        _ => panic!("unit of {text}"),
    };
    let decimals = number.split_once(decimal).map_or(0, |(_, f)| f.len());
    let plain: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == decimal)
        .map(|c| if c == decimal { '.' } else { c })
        .collect();
    let value: f64 = plain.parse().unwrap_or_else(|_| panic!("{text}"));
    (value * scale, 0.5 * scale / 10f64.powi(decimals as i32))
}

/// Pages of a PDF, as `pdfinfo` counts them.
pub(crate) fn page_count(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{}: {info}", pdf.display()))
}

#[test]
fn the_downloads_page_lists_every_pdf_with_its_size_and_page_count() {
    let mut listed = Vec::new();
    for (prefix, decimal, word) in [("", ',', "trang"), ("en/", '.', "pages")] {
        for (path, size, pages) in listed_pdfs(bundled(), "/", prefix) {
            // The page lists the PDFs in its own language.
            assert_eq!(path.starts_with("en/"), prefix == "en/", "{prefix}: {path}");
            let file = bundled().join(&path);
            let bytes = std::fs::metadata(&file)
                .unwrap_or_else(|e| panic!("{path}: {e}"))
                .len() as f64;
            let (shown, slack) = size_in_bytes(&size, decimal);
            assert!(
                (shown - bytes).abs() <= slack,
                "{prefix}tai-ve: {path} is {bytes} bytes, listed as {size}"
            );
            assert_eq!(
                pages,
                format!("{} {word}", page_count(&file)),
                "{prefix}tai-ve: {path}"
            );
            listed.push(path);
        }
    }
    listed.sort();
    let all: Vec<String> = pdfs(bundled()).into_keys().collect();
    assert_eq!(listed, all, "every PDF listed once");
}

#[test]
fn every_pdf_embeds_its_fonts_is_tagged_with_its_language_and_passes_qpdf() {
    let all = pdfs(bundled());
    // A province and a report in each language.
    assert!(all.keys().any(|k| k == "bao-cao.pdf"), "{:?}", all.keys());
    assert!(
        all.keys().any(|k| k == "en/bao-cao.pdf"),
        "{:?}",
        all.keys()
    );
    for path in all.keys() {
        let file = bundled().join(path);
        let fonts = tool("pdffonts", &[], &file);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{path}: no fonts");
        for row in rows {
            // name type encoding emb sub uni object ID: `emb` is the 4th column from the end
            // of the fixed part (the type may have two words).
            let cols: Vec<&str> = row.split_whitespace().collect();
            let emb = cols.get(cols.len().saturating_sub(5)).copied();
            assert_eq!(emb, Some("yes"), "{path}: font not embedded: {row}");
        }
        let info = tool("pdfinfo", &[], &file);
        assert!(info.contains("Tagged:          yes"), "{path}: {info}");
        let lang = if path.starts_with("en/") { "en" } else { "vi" };
        let meta = tool("pdfinfo", &["-meta"], &file);
        assert!(
            meta.contains(&format!("<rdf:li>{lang}</rdf:li>")),
            "{path}: language {lang} not in the metadata: {meta}"
        );
        let title_line = info
            .lines()
            .find(|l| l.starts_with("Title:"))
            .unwrap_or_default();
        assert!(title_line.len() > "Title:".len() + 3, "{path}: {info}");
        let check = tool("qpdf", &["--check"], &file);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{path}: {check}"
        );
    }
}

/// Pixels of a PPM (P6) image that are not white, and those clearly coloured (a chart's
/// series, not black or grey text).
fn ink(ppm: &[u8]) -> (usize, usize) {
    // Header: P6, width, height, max value, each followed by whitespace.
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 && at < ppm.len() {
        while at < ppm.len() && ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        while at < ppm.len() && !ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    let pixels = ppm.get(at + 1..).unwrap_or_default().chunks_exact(3);
    let mut inked = 0;
    let mut coloured = 0;
    for p in pixels {
        let (r, g, b) = (i32::from(p[0]), i32::from(p[1]), i32::from(p[2]));
        if r < 240 || g < 240 || b < 240 {
            inked += 1;
        }
        if (r - g).abs() > 40 || (g - b).abs() > 40 || (r - b).abs() > 40 {
            coloured += 1;
        }
    }
    (inked, coloured)
}

#[test]
fn a_province_pdf_renders_its_cover_and_its_charts() {
    let (_, pdf) = &province_pdfs()[0];
    let file = bundled().join(pdf);
    let tmp = tempfile::tempdir().unwrap();
    let prefix = tmp.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "30"])
        .arg(&file)
        .arg(&prefix)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    pages.sort();
    assert!(pages.len() >= 3, "{pdf}: {} pages", pages.len());
    let measured: Vec<(usize, usize)> = pages
        .iter()
        .map(|p| ink(&std::fs::read(p).unwrap()))
        .collect();
    assert!(measured[0].0 > 100, "{pdf}: the cover is blank");
    // The charts' series colours reach the page (text alone is black and grey).
    let coloured = measured.iter().map(|m| m.1).max().unwrap_or(0);
    assert!(coloured > 200, "{pdf}: no chart drawn: {measured:?}");
}

#[test]
fn two_builds_give_identical_pdfs() {
    let again = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf-bundled-again");
    build_with_pdf(&repo(), &again).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let (a, b) = (pdfs(bundled()), pdfs(&again));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(b[k] == *v, "{k} differs between two builds");
    }
}

#[test]
fn a_character_the_font_lacks_is_a_located_error() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good"), &root);
    let index = root.join("content/provinces/alpha/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replace("summary: Tỉnh thử nghiệm.", "summary: Tỉnh 🛰 thử nghiệm."),
    )
    .unwrap();
    let failure = build_with_pdf(&root, &tmp.path().join("out")).expect_err("a box would print");
    let errors: Vec<_> = failure
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("U+1F6F0"))
        .collect();
    assert!(!errors.is_empty(), "{:?}", failure.diagnostics);
    assert!(
        errors
            .iter()
            .all(|d| d.file.ends_with("content/provinces/alpha/index.md")),
        "{errors:?}"
    );
    // `check` finds it too, without typesetting: it accepts what `build` accepts.
    let checked = ictreport::check(&root).expect_err("check refuses it too");
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.message.contains("U+1F6F0")
                && d.file.ends_with("content/provinces/alpha/index.md")),
        "{:?}",
        checked.diagnostics
    );
    // Without the PDF edition the same site builds.
    build_into_temp(&root, None);
}

/// Text made of what Typst treats specially, with letters and Vietnamese diacritics.
fn special_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "#", "$", "*", "_", "@", "<", ">", "\\", "`", "=", "-", "+", "/", "//", "/*", "[", "]",
        "~", "'", "\"", "{", "}", "(", ")", ";", ":", "ặ", "Ự", "a", "x", " ",
    ]);
    prop::collection::vec(pieces, 1..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// What any text field of a document becomes (a string literal) prints literally.
    #[test]
    fn typst_special_characters_print_literally(text in special_text()) {
        let meta = ictreport::pdf::Meta {
            path: "t.pdf".into(),
            title: "Thử".into(),
            lang: ictreport::model::Lang::Vi,
            date: (2025, 1, 1),
            ident: "t.pdf".into(),
            archival: false,
        };
        let file = Path::new("content/provinces/x/index.md");
        let mut w = ictreport::pdf::Writer::default();
        ictreport::pdf::preamble(&mut w, &meta, "x", file);
        w.code("#heading(level: 1, ");
        w.str("H", file, "a heading");
        w.code(")\n");
        w.text(&format!("«{text}»"), file, "a field");
        let pdf = ictreport::pdf::compile(w, &meta).map_err(|d| format!("{d:?}"));
        prop_assert!(pdf.is_ok(), "{:?}", pdf.err());
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("t.pdf");
        std::fs::write(&path, pdf.map(|p| p.bytes).unwrap_or_default()).unwrap();
        let printed = squeezed(&tool("pdftotext", &["-enc", "UTF-8"], &path));
        prop_assert!(printed.contains(&squeezed(&format!("«{text}»"))), "{text:?} printed as {printed:?}");
    }
}

#[test]
fn an_archival_pdf_is_pdf_a_3a_and_carries_the_province_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good"), &root);
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        format!("{yaml}pdf_archival: true\n"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    build_with_pdf(&root, &out).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let pdf = out.join("tinh/alpha/alpha.pdf");
    let meta = tool("pdfinfo", &["-meta"], &pdf);
    assert!(meta.contains("<pdfaid:part>3</pdfaid:part>"), "{meta}");
    assert!(
        meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "{meta}"
    );
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
    let list = tool("pdfdetach", &["-list"], &pdf);
    assert!(list.contains("alpha.csv"), "{list}");
    let saved = tmp.path().join("attached.csv");
    let status = Command::new("pdfdetach")
        .args(["-save", "1", "-o"])
        .arg(&saved)
        .arg(&pdf)
        .status()
        .expect("pdfdetach");
    assert!(status.success());
    // The attached figures are the province's rows of the whole-site CSV (a province has no
    // CSV download of its own), with the source's title beside its id: the attachment
    // travels without `nguon.csv`.
    let records = |bytes: Vec<u8>| {
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let mut reader = csv::Reader::from_reader(std::io::Cursor::new(bytes[3..].to_vec()));
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        (headers, rows)
    };
    let (headers, attached) = records(std::fs::read(&saved).unwrap());
    let (site_headers, site_rows) = records(std::fs::read(out.join("tai-ve/du-lieu.csv")).unwrap());
    let (_, sources) = records(std::fs::read(out.join("tai-ve/nguon.csv")).unwrap());
    let title_of = |id: &str| {
        sources
            .iter()
            .find(|s| &s[0] == id)
            .map(|s| s[1].to_string())
    };
    let mut expected_headers: Vec<&str> = site_headers.iter().collect();
    let at = expected_headers
        .iter()
        .position(|h| *h == "source_id")
        .unwrap()
        + 1;
    expected_headers.insert(at, "source_title");
    assert_eq!(headers.iter().collect::<Vec<_>>(), expected_headers);
    let alpha: Vec<_> = site_rows.into_iter().filter(|r| &r[0] == "alpha").collect();
    assert!(!alpha.is_empty());
    assert_eq!(attached.len(), alpha.len());
    for (row, site_row) in attached.iter().zip(&alpha) {
        let mut expected: Vec<String> = site_row.iter().map(String::from).collect();
        let title = title_of(&site_row[at - 1]).expect("the source is in nguon.csv");
        expected.insert(at, title);
        assert_eq!(row.iter().collect::<Vec<_>>(), expected);
    }
}
