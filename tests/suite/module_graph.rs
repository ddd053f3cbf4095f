//! The import graph of `src/`'s top-level modules, read from the source tree: an edge
//! `a → b` for every `crate::b` a file of module `a` names. Data flows one way (STYLE.md),
//! so the graph must have no cycle; an item of `lib.rs` reached from below (`crate::timing`)
//! is an edge to `lib`, which imports every module, and so a cycle too. Unit tests at the
//! end of a file (after `#[cfg(test)]`) are left out: they may borrow from anywhere.
//!
//! `cargo test --test suite module_graph -- --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::repo;

/// Where an edge was seen first: file and line.
type Graph = BTreeMap<String, BTreeMap<String, String>>;

/// The top-level modules of the crate: `src/<name>.rs` and `src/<name>/`.
fn modules(src: &Path) -> BTreeSet<String> {
    std::fs::read_dir(src)
        .expect("read src/")
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".rs").unwrap_or(&name).to_string();
            (stem != "lib" && stem != "main").then_some(stem)
        })
        .collect()
}

/// The source of a file without comments, string contents and its trailing unit tests.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        let mut kept = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !in_str && c == '/' && chars.get(i + 1) == Some(&'/') {
                break;
            }
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                kept.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
            i += 1;
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// The first path segment of every `crate::` path in `code` (each name of a `crate::{…}`
/// group), with its line number.
fn crate_paths(code: &str) -> Vec<(String, usize)> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    let mut rest = code;
    let mut offset = 0;
    while let Some(at) = rest.find("crate::") {
        let start = offset + at + "crate::".len();
        let line = code[..start].matches('\n').count() + 1;
        let after = &code[start..];
        if let Some(group) = after.strip_prefix('{') {
            // Top-level names of the group: split at commas outside nested braces.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push((ident(&item), line));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            found.push((ident(&item), line));
        } else {
            found.push((ident(after), line));
        }
        offset = start;
        rest = &code[start..];
    }
    found.retain(|(name, _)| !name.is_empty() && name != "self");
    found
}

/// The graph of `src/`, with `lib` for `lib.rs`.
fn graph() -> Graph {
    let src = repo().join("src");
    let mods = modules(&src);
    let mut graph = Graph::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("walk src/");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).expect("under src/");
        let first = rel.iter().next().expect("a name").to_string_lossy();
        let from = match first.strip_suffix(".rs").unwrap_or(&first) {
            "main" => continue,
            m => m.to_string(),
        };
        let text = std::fs::read_to_string(path).expect("read source");
        for (name, line) in crate_paths(&code_of(&text)) {
            let to = if mods.contains(&name) {
                name
            } else {
                "lib".into()
            };
            if to != from {
                let at = format!("src/{}:{line}", rel.display());
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert(at);
            }
        }
    }
    graph
}

/// A cycle of `graph` as its modules in order (the first repeated last), if it has one.
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|n| n == node) {
            let mut c = path[i..].to_vec();
            c.push(node.to_string());
            return Some(c);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|e| e.keys()) {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn module_import_graph_has_no_cycle() {
    let graph = graph();
    for (from, edges) in &graph {
        let to: Vec<&str> = edges.keys().map(String::as_str).collect();
        println!("{from} -> {}", to.join(", "));
    }
    if let Some(c) = cycle(&graph) {
        let steps: Vec<String> = c
            .windows(2)
            .map(|w| format!("{} -> {} ({})", w[0], w[1], graph[&w[0]][&w[1]]))
            .collect();
        panic!("the module graph has a cycle:\n{}", steps.join("\n"));
    }
}

#[test]
fn the_reader_finds_groups_and_ignores_comments_and_tests() {
    let code = code_of(
        "use crate::{a, b::{c, d}, self};\n// crate::e\nlet s = \"crate::f\"; crate::g::h();\n\
         #[cfg(test)]\nuse crate::i;",
    );
    let names: Vec<(String, usize)> = crate_paths(&code);
    let names: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["a", "b", "g"]);
    let mut g = Graph::new();
    g.entry("x".into())
        .or_default()
        .insert("y".into(), "1".into());
    assert_eq!(cycle(&g), None);
    g.entry("y".into())
        .or_default()
        .insert("x".into(), "2".into());
    assert_eq!(cycle(&g), Some(vec!["x".into(), "y".into(), "x".into()]));
}
