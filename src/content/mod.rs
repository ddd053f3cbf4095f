//! Reading a site folder: walks `content/`, reads files safely, parses YAML and front matter.
//!
//! This stage only checks what each file says on its own (syntax, types, encoding, size);
//! rules across files live in `validate`. Every problem becomes a diagnostic and loading goes
//! on, so a build reports all broken files at once.

mod editions;
pub mod frontmatter;
pub use crate::hygiene;
mod metrics;
pub mod raw;
pub mod regular;
mod site_dir;

pub use metrics::parse_metrics;
pub use site_dir::SiteDir;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Position, SourceText};
use crate::model::Lang;
use crate::model::inputs::{self, CONFIG_FILE, CONTENT_DIR, Input, METRICS_FILE, SUMMARY_FILE};
use crate::yaml::{self, Spans};
use raw::{
    RawCatalog, RawConfig, RawFrontMatter, RawMetrics, RawPageFrontMatter, RawSource,
    RawTranslatedFrontMatter,
};

/// Files larger than this are refused before parsing (a metrics file is a few KB).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A parsed YAML file with its text and value positions.
#[derive(Debug)]
pub struct Doc<T> {
    pub source: SourceText,
    pub value: T,
    pub spans: Spans,
}

/// A parsed Markdown file: front matter (positions point into the file) and body.
#[derive(Debug)]
pub struct MarkdownDoc<F> {
    pub source: SourceText,
    pub front: F,
    pub spans: Spans,
    pub body_offset: usize,
}

impl<F> MarkdownDoc<F> {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }
}

/// One `content/provinces/<slug>/` folder.
#[derive(Debug)]
pub struct LoadedProvince {
    pub slug: String,
    pub dir: PathBuf,
    pub index: Option<MarkdownDoc<RawFrontMatter>>,
    pub metrics: Option<Doc<RawMetrics>>,
    /// `index.<lang>.md` files, in language order.
    pub translations: Vec<(Lang, MarkdownDoc<RawTranslatedFrontMatter>)>,
    /// The year of the page's edition when it comes from a dated file (`2024.md`).
    pub edition: Option<u16>,
    /// Earlier dated editions (`2020.md`, `2020.en.md`), newest first.
    pub editions: Vec<LoadedEdition>,
}

/// One dated summary of a province (`content/provinces/<slug>/<year>.md`).
#[derive(Debug)]
pub struct LoadedEdition {
    pub year: u16,
    pub doc: MarkdownDoc<RawFrontMatter>,
    pub translations: Vec<(Lang, MarkdownDoc<RawTranslatedFrontMatter>)>,
}

/// A free page (`content/about.md`).
#[derive(Debug)]
pub struct LoadedPage {
    pub doc: MarkdownDoc<RawPageFrontMatter>,
    pub stem: String,
    /// `None` for the main file, `Some(lang)` for `<stem>.<lang>.md`.
    pub lang: Option<Lang>,
}

/// Splits `about.en` into (`about`, Some(En)); an unknown suffix stays part of the stem.
pub fn split_lang(stem: &str) -> (&str, Option<Lang>) {
    match stem.rsplit_once('.') {
        Some((base, "en")) => (base, Some(Lang::En)),
        Some((base, "vi")) => (base, Some(Lang::Vi)),
        _ => (stem, None),
    }
}

/// Everything read from a site folder. Parts that failed to load are `None`; their
/// problems are in the diagnostics returned beside it.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    /// The site folder as a boundary for reads (theme and translations are read later).
    pub dir: SiteDir,
    pub config: Option<Doc<RawConfig>>,
    pub catalog: Option<Doc<RawCatalog>>,
    pub sources: Option<Doc<Vec<RawSource>>>,
    pub provinces: Vec<LoadedProvince>,
    pub pages: Vec<LoadedPage>,
}

/// Reads the site at `root`. Never fails: what cannot be read is reported.
pub fn load(root: &Path) -> (Loaded, Vec<Diagnostic>) {
    let (mut loaded, dirs, mut diags) = load_shared(root);
    let provinces: Vec<(LoadedProvince, Vec<Diagnostic>)> = dirs
        .into_par_iter()
        .map(|(slug, dir)| load_province(&loaded.dir, slug, dir))
        .collect();
    loaded.provinces.reserve(provinces.len());
    for (p, d) in provinces {
        loaded.provinces.push(p);
        diags.extend(d);
    }
    (loaded, diags)
}

/// Reads everything but the provinces (left empty) and lists the province folders, for
/// [`load_province`]: a build reads each province in the task that validates it, so only
/// the provinces in flight hold their raw files.
pub fn load_shared(root: &Path) -> (Loaded, ProvinceDirs, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let strict = SiteDir::new(root);
    let config = load_yaml::<RawConfig>(&strict, Path::new(CONFIG_FILE), &mut diags);
    let site = strict.allowing_outside(
        config
            .as_ref()
            .is_some_and(|c| c.value.allow_symlinks_outside),
    );
    let catalog = load_yaml::<RawCatalog>(&site, &inputs::catalog(), &mut diags);
    let sources = load_yaml::<Vec<RawSource>>(&site, &inputs::sources(), &mut diags);
    let (dirs, pages) = walk_content(&site, &mut diags);
    let pages = pages
        .into_iter()
        .filter_map(|(stem, rel)| {
            let source = read_text(&site, &rel, &mut diags)?;
            let doc = parse_markdown::<RawPageFrontMatter>(source, &mut diags)?;
            let (base, lang) = split_lang(&stem);
            Some(LoadedPage {
                doc,
                stem: base.to_string(),
                lang,
            })
        })
        .collect();
    (
        Loaded {
            root: root.to_path_buf(),
            dir: site,
            config,
            catalog,
            sources,
            provinces: Vec::new(),
            pages,
        },
        dirs,
        diags,
    )
}

/// Province folders by name: (folder name, path relative to the site folder), sorted.
pub type ProvinceDirs = Vec<(String, PathBuf)>;
type PageFiles = Vec<(String, PathBuf)>;

/// Lists province folders and free pages, sorted, reporting walk errors (symlink loops,
/// unreadable folders) as diagnostics.
fn walk_content(site: &SiteDir, diags: &mut Vec<Diagnostic>) -> (ProvinceDirs, PageFiles) {
    let root = site.root();
    let mut dirs = Vec::new();
    let mut pages = Vec::new();
    if let Err(d) = site.inside(Path::new(CONTENT_DIR)) {
        diags.push(d);
        return (dirs, pages);
    }
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(CONTENT_DIR, "the content folder is missing")
                .with_hint("create content/ with indicators.yaml, sources.yaml and provinces/"),
        );
        return (dirs, pages);
    }
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .min_depth(1)
        .max_depth(3)
        .sort_by_file_name();
    let mut entries = walker.into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(walk_error(root, &e));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        if entry.path_is_symlink()
            && let Err(d) = site.inside(rel)
        {
            diags.push(d);
            if entry.file_type().is_dir() {
                entries.skip_current_dir();
            }
            continue;
        }
        match inputs::input_of(rel) {
            Input::Page(stem) if entry.file_type().is_file() => {
                pages.push((stem.to_string(), rel.to_path_buf()));
            }
            Input::ProvinceDir(_) if entry.file_type().is_dir() => {
                let name = entry.file_name().to_string_lossy().into_owned();
                dirs.push((name, rel.to_path_buf()));
            }
            _ => {}
        }
    }
    // A site without provinces builds (its other pages), as one whose every province is a
    // draft does: leaving the drafts' files out must not change what a build does.
    if dirs.is_empty() && diags.is_empty() {
        diags.push(
            Diagnostic::error(inputs::provinces_dir(), "no province folders found: the site has no province pages")
                .with_hint("add content/provinces/<slug>/index.md and metrics.yaml (`ictreport new province NAME`)")
                .as_warning(),
        );
    }
    (dirs, pages)
}

fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
        .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
    if let Some(ancestor) = e.loop_ancestor() {
        let ancestor = ancestor.strip_prefix(root).unwrap_or(ancestor);
        return Diagnostic::error(
            path,
            format!(
                "symbolic link loop: this link points back to {}",
                ancestor.display()
            ),
        )
        .with_hint("remove the link or point it outside its own parent folders");
    }
    Diagnostic::error(path, format!("cannot read: {e}"))
        .with_hint("check that the file exists and is readable")
}

pub fn load_province(
    site: &SiteDir,
    slug: String,
    dir: PathBuf,
) -> (LoadedProvince, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut years = editions::edition_years(&site.root().join(&dir), &dir, &mut diags);
    // Without `index.md` the newest dated summary is the province's page.
    let edition = years
        .first()
        .copied()
        .filter(|_| !site.root().join(dir.join(SUMMARY_FILE)).exists());
    let stem = edition.map_or_else(|| "index".to_string(), |y| y.to_string());
    if edition.is_some() {
        years.remove(0);
    }
    let index = read_required(site, &dir.join(format!("{stem}.md")), &mut diags)
        .and_then(|s| parse_markdown::<RawFrontMatter>(s, &mut diags));
    let metrics = metrics::load_metrics(site, &dir.join(METRICS_FILE), &mut diags);
    let translations = translations_of(site, &dir, &stem, &mut diags);
    let editions = years
        .into_iter()
        .filter_map(|year| {
            let rel = dir.join(format!("{year}.md"));
            let doc = read_text(site, &rel, &mut diags)
                .and_then(|s| parse_markdown::<RawFrontMatter>(s, &mut diags))?;
            let translations = translations_of(site, &dir, &year.to_string(), &mut diags);
            Some(LoadedEdition {
                year,
                doc,
                translations,
            })
        })
        .collect();
    (
        LoadedProvince {
            slug,
            dir,
            index,
            metrics,
            translations,
            edition,
            editions,
        },
        diags,
    )
}

/// The translations (`<stem>.<lang>.md`) of a province summary, in language order.
fn translations_of(
    site: &SiteDir,
    dir: &Path,
    stem: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Lang, MarkdownDoc<RawTranslatedFrontMatter>)> {
    [Lang::En, Lang::Vi]
        .into_iter()
        .filter_map(|lang| {
            let rel = dir.join(format!("{stem}.{}.md", lang.code()));
            site.root().join(&rel).is_file().then_some((lang, rel))
        })
        .filter_map(|(lang, rel)| {
            let source = read_text(site, &rel, diags)?;
            Some((
                lang,
                parse_markdown::<RawTranslatedFrontMatter>(source, diags)?,
            ))
        })
        .collect()
}

/// A province bundle held in memory (`dir` relative to the root; the metrics parsed with
/// [`parse_metrics`]): an import checks the files it is about to write as a build would
/// read them.
pub fn province_from_text(
    slug: String,
    dir: PathBuf,
    index: &str,
    metrics: Doc<RawMetrics>,
) -> (LoadedProvince, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let index = parse_markdown(SourceText::new(dir.join(SUMMARY_FILE), index), &mut diags);
    let province = LoadedProvince {
        slug,
        dir,
        index,
        metrics: Some(metrics),
        translations: Vec::new(),
        edition: None,
        editions: Vec::new(),
    };
    (province, diags)
}

fn load_yaml<T: DeserializeOwned>(
    site: &SiteDir,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Doc<T>> {
    let source = read_required(site, rel, diags)?;
    match yaml::parse::<T>(&source) {
        Ok(parsed) => Some(Doc {
            source,
            value: parsed.value,
            spans: parsed.spans,
        }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

fn read_required(site: &SiteDir, rel: &Path, diags: &mut Vec<Diagnostic>) -> Option<SourceText> {
    if !site.root().join(rel).exists() {
        diags.push(
            Diagnostic::error(rel, "required file is missing")
                .with_hint(format!("create {}", rel.display())),
        );
        return None;
    }
    read_text(site, rel, diags)
}

/// Reads a UTF-8 text file, refusing huge files and reporting where invalid UTF-8 starts.
/// A leading BOM is dropped (editors on Windows add one).
/// Files that lead outside the site folder are refused before they are opened.
pub fn read_text(site: &SiteDir, rel: &Path, diags: &mut Vec<Diagnostic>) -> Option<SourceText> {
    let path = match site.inside(rel) {
        Ok(path) => path,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let bytes = match regular::read(&path, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(regular::Refused::TooLarge(size)) => {
            diags.push(
                Diagnostic::error(
                    rel,
                    format!(
                        "file is {:.1} MB; files over {} MB are refused",
                        size as f64 / 1e6,
                        MAX_FILE_BYTES / (1024 * 1024)
                    ),
                )
                .with_hint("split the data or remove what does not belong in it"),
            );
            return None;
        }
        Err(e @ regular::Refused::NotAFile(_)) => {
            diags.push(
                Diagnostic::error(rel, format!("cannot read: {e}"))
                    .with_hint("replace it with a text file (a pipe or device is never read)"),
            );
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::error(rel, format!("cannot read: {e}")));
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let pos = SourceText::new(rel, prefix).position_of(valid);
            diags.push(
                Diagnostic::error(rel, "the file is not valid UTF-8")
                    .with_position(pos)
                    .with_hint("save the file as UTF-8 (most editors: File → Save with Encoding)"),
            );
            return None;
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let source = SourceText::new(rel, text);
    if let Some((at, c)) = hygiene::first_forbidden(&source.text) {
        let pos = source.position_of(at);
        diags.push(Diagnostic::at(&source, pos, hygiene::message(c)).with_hint(hygiene::HINT));
        return None;
    }
    Some(source)
}

fn parse_markdown<F: DeserializeOwned>(
    source: SourceText,
    diags: &mut Vec<Diagnostic>,
) -> Option<MarkdownDoc<F>> {
    let split = match frontmatter::split(&source.text) {
        Ok(s) => s,
        Err(e) => {
            let (msg, hint) = match e {
                frontmatter::SplitError::Missing => (
                    "front matter is missing",
                    "start the file with a `---` line, the YAML fields, then another `---` line",
                ),
                frontmatter::SplitError::Unclosed => (
                    "front matter is not closed",
                    "add a line with only `---` after the front matter fields",
                ),
            };
            diags.push(
                Diagnostic::at(&source, Position { line: 1, column: 1 }, msg).with_hint(hint),
            );
            return None;
        }
    };
    let body_offset = split.body_offset;
    let line = split.front_matter_line;
    match yaml::parse_embedded::<F>(&source, split.front_matter, line, 0) {
        Ok(parsed) => Some(MarkdownDoc {
            front: parsed.value,
            spans: parsed.spans,
            body_offset,
            source,
        }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}
