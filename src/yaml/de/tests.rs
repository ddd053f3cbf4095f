//! The one pass reads what serde_yaml read from the text: the same values, and for every
//! mistake the same words at the same position.

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::super::errors::{de_diagnostic, to_diagnostic};
use super::super::spans::scan_events;
use crate::content::raw::{
    RawCatalog, RawConfig, RawFrontMatter, RawMetrics, RawPageFrontMatter, RawSource,
};
use crate::diagnostic::SourceText;

/// What a reading gave: the value's debug form, or the error's message and position.
fn outcome<T: Debug>(r: Result<T, crate::diagnostic::Diagnostic>) -> String {
    match r {
        Ok(v) => format!("ok {v:?}"),
        Err(d) => format!("error {:?} {} (hint: {:?})", d.position, d.message, d.hint),
    }
}

/// Reads `text` as `T` both ways; false when the event pass refuses it (neither is run).
fn same<T: DeserializeOwned + Debug>(text: &str) -> bool {
    let source = SourceText::new("x.yaml", text);
    let Ok(scanned) = scan_events(&source) else {
        return false;
    };
    let once = scanned.document.unwrap_or_default().deserialize::<T>();
    let mut once = once.map_err(|e| de_diagnostic(&source, &e));
    let mut twice = serde_yaml::from_str::<T>(text).map_err(|e| to_diagnostic(&source, &e));
    // libyaml starts a tagged or anchored value at its tag or anchor, yaml-rust2 (and so the
    // positions validation rules name) at the value itself.
    if text.contains(['!', '&']) {
        for d in [&mut once, &mut twice]
            .into_iter()
            .filter_map(|r| r.as_mut().err())
        {
            d.position = None;
        }
    }
    let (once, twice) = (outcome(once), outcome(twice));
    assert_eq!(
        once,
        twice,
        "{} read from {text:?}",
        std::any::type_name::<T>()
    );
    true
}

/// Every type a site file is read as, on `text`; how many readings compared.
fn all_types(text: &str) -> usize {
    [
        same::<serde_yaml::Value>(text),
        same::<RawMetrics>(text),
        same::<RawCatalog>(text),
        same::<Vec<RawSource>>(text),
        same::<RawConfig>(text),
        same::<RawFrontMatter>(text),
        same::<RawPageFrontMatter>(text),
        same::<Option<Vec<u8>>>(text),
        same::<(bool, i64, u16, f64, char, ())>(text),
    ]
    .into_iter()
    .filter(|&compared| compared)
    .count()
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The YAML of a file: a YAML file whole, a Markdown file's front matter.
fn yaml_of(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    match path.extension()?.to_str()? {
        "yaml" | "yml" => Some(text),
        "md" => {
            let rest = text.strip_prefix("---\n")?;
            Some(rest[..rest.find("\n---")? + 1].to_string())
        }
        _ => None,
    }
}

#[test]
fn every_site_file_of_the_repository_reads_as_serde_yaml_read_it() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![repo.join("site.yaml")];
    for dir in ["content", "tests/fixtures", "fuzz/corpus", "themes"] {
        files(&repo.join(dir), &mut paths);
    }
    let compared: usize = paths
        .iter()
        .filter_map(|p| yaml_of(p))
        .map(|t| all_types(&t))
        .sum();
    assert!(compared > 1000, "{compared}");
}

#[test]
fn scalars_tags_aliases_and_shapes_read_as_serde_yaml_read_them() {
    let cases = [
        "",
        "~",
        "null",
        "- 1\n- 2\n",
        "[true, 1, 2.5, -3, x, '4', \"5\"]\n",
        "a: 0x1F\nb: 0o17\nc: 0b101\nd: -0x10\ne: +12\nf: 0123\ng: 1e3\nh: .inf\ni: -.INF\nj: .nan\n",
        "a: 1_000\nb: 12.\nc: .5\nd: 1.5e-3\ne: +.inf\nf: ++1\ng: 00\nh: -0\n",
        "x: !!str 12\ny: !!int 7\nz: !!float 1\nw: !!bool true\nv: !!null ~\nu: !!int x\n",
        "x: !custom 12\ny: !other {a: 1}\n",
        "a: &a [1, 2]\nb: *a\nc: &c {x: 1}\nd: *c\n",
        "value: |\n  12\n",
        "value: !!int |\n  12\n",
        "[1, 2, 3]\n",
        "[[1, 2], [3]]\n",
        "{a: [1, {b: 2}]}\n",
        "? [a, b]\n: c\n",
        "ict_revenue:\n  - year: 2015\n    value: \"3566\"\n    source: s\n",
        "ict_revenue:\n  - year: 2015.5\n    value: 1\n    source: s\n",
        "ict_revenue:\n  - year: 20150\n    value: 1\n    source: s\n    status: weird\n",
        "ict_revenue:\n  - year: 2015\n    value: 1\n    source: s\n    colour: red\n",
        "ict_revenue:\n  - year: 2015\n    source: s\n",
        "ict_revenue:\n  - value: 3.566,5\n",
        "ict_revenue: 12\n",
        "ict_revenue: [12]\n",
        "ict_revenue:\n  - [1, 2]\n",
        "- id: s\n  title: t\n  publisher: p\n  date: 2020-13-01\n",
        "- id: s\n  title: [t]\n",
        "name: Đắk Lắk\nregion: [a]\n",
        "name: x\ndraft: maybe\n",
        "a: 1\n---\nb: 2\n",
        "true",
        "12",
        "'x'",
        "x",
        "(1, 2)",
        "[true, -5, 7, 1.5, c, ~]\n",
        "[true, -5, 70000, 1.5, c, ~]\n",
        "[true, -5, 7, 1.5, cd, ~]\n",
        "[true, -5, 7, 1.5, c, 1]\n",
        "[true, -5, 7]\n",
        "[true, -5, 7, 1.5, c, ~, 9]\n",
        "[1, 2]\n",
        "~\n",
        "[]\n",
    ];
    let compared: usize = cases.iter().map(|t| all_types(t)).sum();
    assert!(compared > 250, "{compared}");
}
