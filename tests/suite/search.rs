//! The search bundle across builds: the output's stamp records what it was built from, a
//! rebuild reuses it only while the search text and the files are unchanged, and every
//! rebuild gives exactly the bytes of a cold build.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;

fn build(root: &Path, out: &Path) {
    build_with(root, out, None, false).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
}

/// A copy of the good fixture (search on) built once into `out`.
fn built() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, root) = site_copy("good");
    let out = tmp.path().join("out");
    build(&root, &out);
    (tmp, root, out)
}

fn bundle_files(out: &Path) -> Vec<String> {
    tree(out)
        .into_keys()
        .filter(|k| k.starts_with("pagefind/"))
        .collect()
}

#[test]
fn the_stamp_records_what_the_search_bundle_was_built_from() {
    let (tmp, root, out) = built();
    let stamp = fs::read_to_string(out.join(".ictreport-output")).unwrap();
    let line = stamp
        .lines()
        .find(|l| l.starts_with("# search index "))
        .unwrap_or_else(|| panic!("{stamp}"));
    let key: Vec<&str> = line["# search index ".len()..].split(' ').collect();
    assert_eq!(key.len(), 2, "{line}");
    assert!(key.iter().all(|k| k.len() == 64), "{line}");
    assert!(
        bundle_files(&out)
            .iter()
            .any(|f| f.ends_with("pagefind-entry.json"))
    );
    // Built again unchanged: the same files, the same stamp, as a cold build.
    build(&root, &out);
    assert_same_as_full_build(&root, &out, &tmp.path().join("cold"));
}

#[test]
fn a_changed_search_text_gives_the_bundle_of_a_cold_build() {
    let (tmp, root, out) = built();
    let before = tree(&out);
    let index = root.join("content/provinces/alpha/index.md");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(
        &index,
        text.replace("summary: Tỉnh thử nghiệm.", "summary: Tỉnh mới."),
    )
    .unwrap();
    build(&root, &out);
    let after = tree(&out);
    let changed = bundle_files(&out)
        .into_iter()
        .filter(|f| before.get(f) != after.get(f))
        .count();
    assert!(changed > 0, "the index did not change");
    assert_same_as_full_build(&root, &out, &tmp.path().join("cold"));
}

#[test]
fn a_bundle_file_changed_by_hand_is_not_reused() {
    let (tmp, root, out) = built();
    let entry = out.join("pagefind/pagefind-entry.json");
    fs::write(&entry, "{}").unwrap();
    build(&root, &out);
    assert_ne!(fs::read(&entry).unwrap(), b"{}");
    assert_same_as_full_build(&root, &out, &tmp.path().join("cold"));
}

#[test]
fn the_search_box_writes_queries_as_the_index_writes_text() {
    use ictreport::render::search_fold::{UI_SCRIPT, stroke_table_json, ui_script};
    let (_tmp, _root, out) = built();
    let script = fs::read_to_string(out.join("pagefind").join(UI_SCRIPT)).unwrap();
    // Pagefind's UI, then ours, with the index's own table: every theme's search box folds.
    let ours = script
        .find(&ui_script())
        .expect("the fold script is in the bundle");
    assert!(script[..ours].contains("window.PagefindUI="));
    assert!(ui_script().contains(&format!("var strokes = {};", stroke_table_json())));
    let search_page = fs::read_to_string(out.join("tim-kiem/index.html")).unwrap();
    assert!(search_page.contains(&format!("pagefind/{UI_SCRIPT}")));
}

#[test]
fn the_search_box_loads_pagefind_through_the_exact_first_module() {
    use ictreport::render::search_fold::{EXACT_FIRST_MODULE, exact_first_module, ui_script};
    let (_tmp, _root, out) = built();
    let module = fs::read_to_string(out.join("pagefind").join(EXACT_FIRST_MODULE)).unwrap();
    assert_eq!(module, exact_first_module());
    // It is Pagefind's module (every export of ../pagefind.js) with its own `search`, and the
    // search box is pointed at its folder.
    assert!(module.contains("export * from \"../pagefind.js\";"));
    assert!(module.contains("export async function search(term, options)"));
    let (folder, file) = EXACT_FIRST_MODULE.rsplit_once('/').unwrap();
    assert_eq!(file, "pagefind.js");
    assert!(ui_script().contains(&format!("var module = bundle + \"{folder}/{file}\";")));
    assert!(ui_script().contains("bundlePath: from,"));
    assert!(!ui_script().contains("EXACT_FIRST"));
}
