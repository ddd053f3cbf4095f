//! What the search index holds: the sentences of a page without its citation marks (`[3]`)
//! or the labels of its charts, so result excerpts read as the page does; its words filed
//! by their folded form (`dien` for `điện`), with the marked form kept for ranking.

use std::io::Read;

use ictreport::render::search_fold::{STROKE, UNDECOMPOSED};
use ictreport::slug::fold;

use crate::common::*;

/// Every indexed page's URL and text as the results show it (`đ` written back), from the
/// Pagefind fragments (gzip, `pagefind_dcd` then JSON).
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
        let mut content = json["content"].as_str().unwrap().to_string();
        for (letter, base) in UNDECOMPOSED {
            content = content.replace(&format!("{base}{STROKE}"), &letter.to_string());
        }
        docs.push((json["url"].as_str().unwrap().to_string(), content));
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

/// A CBOR value, as far as Pagefind's word index uses them.
enum Cbor {
    Int,
    Text(String),
    Array(Vec<Cbor>),
}

/// Reads one CBOR value at `at` (definite lengths, the major types Pagefind writes).
fn cbor(bytes: &[u8], at: &mut usize) -> Cbor {
    let head = bytes[*at];
    *at += 1;
    let extra = match head & 0x1f {
        n @ 0..=23 => n as usize,
        n @ 24..=27 => {
            let len = 1 << (n - 24);
            let v = bytes[*at..*at + len]
                .iter()
                .fold(0usize, |v, b| v << 8 | *b as usize);
            *at += len;
            v
        }
        n => panic!("CBOR length {n} at {at}"),
    };
    match head >> 5 {
        0 | 1 => Cbor::Int,
        3 => {
            let text = String::from_utf8(bytes[*at..*at + extra].to_vec()).unwrap();
            *at += extra;
            Cbor::Text(text)
        }
        4 => Cbor::Array((0..extra).map(|_| cbor(bytes, at)).collect()),
        t => panic!("CBOR major type {t} at {at}"),
    }
}

/// Every word key of the site's word index, with the marked forms filed under it.
fn index_words(out: &std::path::Path) -> Vec<(String, Vec<String>)> {
    let mut words = Vec::new();
    for e in std::fs::read_dir(out.join("pagefind/index")).unwrap() {
        let mut bytes = Vec::new();
        let file = std::fs::read(e.unwrap().path()).unwrap();
        flate2::read::GzDecoder::new(&file[..])
            .read_to_end(&mut bytes)
            .unwrap();
        let mut at = "pagefind_dcd".len();
        let Cbor::Array(chunk) = cbor(&bytes, &mut at) else {
            panic!("not an array")
        };
        let Some(Cbor::Array(packed)) = chunk.into_iter().next() else {
            panic!("no words")
        };
        for word in packed {
            let Cbor::Array(fields) = word else { panic!() };
            let mut fields = fields.into_iter();
            let (Some(Cbor::Text(key)), _, Some(Cbor::Array(variants))) =
                (fields.next(), fields.next(), fields.next())
            else {
                panic!("a word without its key")
            };
            let forms = variants
                .into_iter()
                .filter_map(|v| match v {
                    Cbor::Array(v) => match v.into_iter().next() {
                        Some(Cbor::Text(form)) => Some(form),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            words.push((key, forms));
        }
    }
    words
}

#[test]
fn the_index_files_every_word_by_its_folded_form() {
    let (_tmp, out) = build_into_temp(&repo(), None);
    let words = index_words(&out);
    let keys: std::collections::HashSet<&str> = words.iter().map(|(k, _)| k.as_str()).collect();
    // Before: `điện` was filed as `đien`, so `dien` never found it.
    let unfolded: Vec<&&str> = keys.iter().filter(|k| fold(k) != **k).collect();
    assert!(unfolded.is_empty(), "keys not folded: {unfolded:?}");
    // Vietnamese pages (English words are stemmed), each word as Pagefind reads it: its
    // letters and digits.
    for (url, text) in indexed(&out)
        .into_iter()
        .filter(|(u, _)| !u.starts_with("/en/"))
    {
        for word in text.split_whitespace() {
            let key = fold(&word.replace(|c: char| !c.is_alphanumeric(), ""));
            if !key.is_empty() {
                assert!(
                    keys.contains(key.as_str()),
                    "{url}: {word} is not found as {key}"
                );
            }
        }
    }
    // The marked form stays with its key, so that an exact match ranks first.
    let (_, forms) = words.iter().find(|(k, _)| k == "dien").unwrap();
    assert!(forms.iter().any(|f| f == "d\u{345}iện"), "{forms:?}");
    let (_, forms) = words.iter().find(|(k, _)| k == "nang").unwrap();
    assert!(forms.iter().any(|f| f == "nâng"), "{forms:?}");
}
