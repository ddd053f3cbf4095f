//! What the search index holds: the sentences of a page without its citation marks (`[3]`)
//! or the labels of its charts, so result excerpts read as the page does.

use std::io::Read;

use crate::common::*;

/// Every indexed page's URL and text, from the Pagefind fragments (gzip, `pagefind_dcd`
/// then JSON).
fn indexed(out: &std::path::Path) -> Vec<(String, String)> {
    let mut docs = Vec::new();
    for e in std::fs::read_dir(out.join("pagefind/fragment")).unwrap() {
        let bytes = std::fs::read(e.unwrap().path()).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        let json: serde_json::Value =
            serde_json::from_str(text.trim_start_matches("pagefind_dcd")).unwrap();
        docs.push((
            json["url"].as_str().unwrap().to_string(),
            json["content"].as_str().unwrap().to_string(),
        ));
    }
    docs.sort();
    docs
}

/// Whether `text` has a citation mark: `[` digits `]`.
fn has_citation_mark(text: &str) -> bool {
    text.split('[').skip(1).any(|rest| {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        !digits.is_empty() && rest[digits.len()..].starts_with(']')
    })
}

#[test]
fn the_search_index_has_no_citation_marks() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let docs = indexed(&out);
    let provinces: Vec<&(String, String)> = docs
        .iter()
        .filter(|(url, _)| url.contains("/tinh/"))
        .collect();
    assert!(provinces.len() >= 10, "{}", provinces.len());
    for (url, text) in &docs {
        assert!(!has_citation_mark(text), "{url}: {text}");
    }
    // The figures themselves are still there, as the sentence gives them.
    let (_, ninh_thuan) = docs.iter().find(|(u, _)| u == "/tinh/ninh-thuan/").unwrap();
    assert!(ninh_thuan.contains("520,9 tỷ đồng"), "{ninh_thuan}");
    assert!(has_citation_mark("a[3] b") && !has_citation_mark("[a] [] [3"));
}
