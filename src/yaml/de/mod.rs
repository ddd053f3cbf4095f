//! Typed values straight from the event stream the span pass already reads: one YAML pass
//! per file. The events of a document are recorded (with their positions) by `spans::scan`
//! and deserialised here into any `serde::Deserialize` type.
//!
//! The rules follow serde_yaml 0.9's own deserialiser (`DeserializerFromEvents`,
//! MIT/Apache-2.0), so a value reads the same and a type error says the same words at the
//! same position as when serde_yaml parsed the text a second time: plain scalars resolve
//! to null, booleans, integers and floats as YAML 1.2's core schema says, quoted ones stay
//! text, aliases are followed up to a repetition limit, and errors name the path of the
//! value (`ict_revenue[1].value: invalid type: …`).

mod access;
mod deserializer;
mod scalar;

use std::collections::HashMap;
use std::fmt;

use yaml_rust2::parser::Tag;
use yaml_rust2::scanner::TScalarStyle;

use crate::diagnostic::Position;
use access::Reader;

/// One recorded event of a document.
#[derive(Debug)]
pub(super) enum Event {
    Scalar(Scalar),
    /// The index of the anchored event it repeats.
    Alias(usize),
    SequenceStart(Option<String>),
    SequenceEnd,
    MappingStart(Option<String>),
    MappingEnd,
    /// An empty stream.
    Void,
}

#[derive(Debug)]
pub(super) struct Scalar {
    pub(super) value: String,
    pub(super) style: TScalarStyle,
    /// The full tag (`tag:yaml.org,2002:str`, `!custom`).
    pub(super) tag: Option<String>,
}

/// The events of one document, each with where it starts.
#[derive(Debug, Default)]
pub(super) struct Document {
    pub(super) events: Vec<(Event, Position)>,
    /// Anchor id (yaml-rust2's) → index of the anchored event.
    anchors: HashMap<usize, usize>,
    /// An alias of an anchor that is not defined (before it).
    unknown_anchor: Option<Position>,
    /// A second document follows the first.
    more_than_one: bool,
    /// Where the input ends: an empty document is there.
    end: Option<Position>,
}

/// A tag as serde_yaml saw it from libyaml: the handle resolved, the suffix after it.
pub(super) fn full_tag(tag: Option<Tag>) -> Option<String> {
    tag.map(|t| format!("{}{}", t.handle, t.suffix))
}

impl Document {
    /// Records an event; `anchor` is yaml-rust2's anchor id (0: none).
    pub(super) fn push(&mut self, event: Event, anchor: usize, at: Position) {
        if self.more_than_one {
            return;
        }
        if anchor != 0 {
            self.anchors.insert(anchor, self.events.len());
        }
        self.events.push((event, at));
    }

    /// Records an alias of anchor `id`.
    pub(super) fn push_alias(&mut self, id: usize, at: Position) {
        if self.more_than_one {
            return;
        }
        match self.anchors.get(&id) {
            Some(&target) => self.events.push((Event::Alias(target), at)),
            None => {
                self.unknown_anchor.get_or_insert(at);
            }
        }
    }

    /// The input ends at `at`.
    pub(super) fn end_at(&mut self, at: Position) {
        self.end = Some(at);
    }

    /// A second document started.
    pub(super) fn another_document(&mut self) {
        self.more_than_one = true;
    }

    /// Moves the start of the mapping opened at event `index` back to `at` (its first key):
    /// yaml-rust2 starts a block mapping at its first `:`, libyaml at its first key.
    pub(super) fn start_mapping_at(&mut self, index: usize, at: Position) {
        if let Some((Event::MappingStart(_), start)) = self.events.get_mut(index) {
            *start = (*start).min(at);
        }
    }

    /// The document as a `T`.
    pub(super) fn deserialize<T: serde::de::DeserializeOwned>(mut self) -> Result<T, Error> {
        if let Some(at) = self.unknown_anchor {
            return Err(Error::at("unknown anchor", at));
        }
        if self.events.is_empty() {
            let end = self.end.unwrap_or(Position { line: 1, column: 1 });
            self.events.push((Event::Void, end));
        }
        let mut pos = 0;
        let mut jumps = 0;
        let mut reader = Reader::new(&self, &mut pos, &mut jumps);
        let value = T::deserialize(&mut reader)?;
        // As serde_yaml: the first document's own errors come first.
        if self.more_than_one {
            return Err(Error::unlocated(
                "deserializing from YAML containing more than one document is not supported",
            ));
        }
        Ok(value)
    }
}

/// Where a value sits, as serde_yaml writes it in front of a message: `a.b[2].c`.
#[derive(Clone, Copy)]
pub(super) enum Path<'a> {
    Root,
    Seq { parent: &'a Path<'a>, index: usize },
    Map { parent: &'a Path<'a>, key: &'a str },
    Alias { parent: &'a Path<'a> },
    Unknown { parent: &'a Path<'a> },
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        struct Parent<'a>(&'a Path<'a>);
        impl fmt::Display for Parent<'_> {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                match self.0 {
                    Path::Root => Ok(()),
                    path => write!(f, "{path}."),
                }
            }
        }
        match self {
            Path::Root => f.write_str("."),
            Path::Seq { parent, index } => write!(f, "{parent}[{index}]"),
            Path::Map { parent, key } => write!(f, "{}{key}", Parent(parent)),
            Path::Alias { parent } => write!(f, "{parent}"),
            Path::Unknown { parent } => write!(f, "{}?", Parent(parent)),
        }
    }
}

/// A deserialisation error: its message, and (once known) where and at which path.
#[derive(Debug)]
pub(super) struct Error {
    message: String,
    at: Option<Position>,
    path: Option<String>,
    /// serde_yaml names no position for the end of input or the repetition limit.
    unlocated: bool,
}

impl Error {
    fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            at: None,
            path: None,
            unlocated: false,
        }
    }

    fn unlocated(message: &str) -> Error {
        Error {
            unlocated: true,
            ..Error::new(message)
        }
    }

    fn at(message: impl Into<String>, at: Position) -> Error {
        Error {
            at: Some(at),
            path: Some(".".into()),
            ..Error::new(message)
        }
    }

    /// Locates an error raised below the value at `at`, unless a deeper value did.
    fn fix(mut self, at: Position, path: Path) -> Error {
        if self.at.is_none() && !self.unlocated {
            self.at = Some(at);
            self.path = Some(path.to_string());
        }
        self
    }

    /// Where the error is, if known.
    pub(super) fn position(&self) -> Option<Position> {
        self.at
    }

    /// The message as serde_yaml words it, without the position: `path: message`.
    pub(super) fn message(&self) -> String {
        match self.path.as_deref() {
            Some(path) if path != "." => format!("{path}: {}", self.message),
            _ => self.message.clone(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::new(msg.to_string())
    }
}

#[cfg(test)]
mod tests {
    // The one pass reads what serde_yaml read from the text: the same values, and for every
    // mistake the same words at the same position.
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
}
