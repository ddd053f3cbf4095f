//! The theme: tera templates and static files, embedded defaults plus the site's overrides.
//!
//! The default theme is compiled into the binary so a site without `themes/` still builds.
//! A site's `themes/<name>/templates/x.html` replaces the embedded `x.html`; its
//! `themes/<name>/static/` files are copied over (and may replace) the embedded ones.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tera::Tera;
use walkdir::WalkDir;

use crate::chart::{CHARTS_CSS, ChartStyle};
use crate::content::SiteDir;
use crate::diagnostic::{Diagnostic, Position, SourceText};
use crate::i18n::I18n;
use crate::model::{Lang, inputs};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "home.html",
    "province.html",
    "successor.html",
    "provinces.html",
    "indicator.html",
    "partials/indicator_row.html",
    "partials/indicator_years.html",
    "indicators.html",
    "sources.html",
    "downloads.html",
    "page.html",
    "404.html",
    "search.html",
    "sitemap.xml",
    "atom.xml",
);

/// The default static files, by path under `static/`.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        crate::chart::CHARTS_CSS,
        include_bytes!("../../themes/default/static/charts.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "sort.js",
        include_bytes!("../../themes/default/static/sort.js"),
    ),
];

/// A loaded theme: compiled templates (once per build) and the static files to copy.
pub struct Theme {
    pub tera: Tera,
    /// Where each template came from, for error messages.
    origins: Vec<(String, PathBuf, String)>,
    /// (output name, theme name, bytes): the names the templates link carry a content hash
    /// so that browsers and CDNs can cache them forever (see `fingerprinted`).
    pub static_files: Vec<(String, String, Vec<u8>)>,
    pub i18n: I18n,
    /// The chart stylesheet among the static files (the site's own when it overrides it),
    /// which chart files and the PDF edition paint with.
    pub charts: ChartStyle,
    /// The interface strings of each language as one template value, built at most once:
    /// pages share it (tera's values are reference-counted) instead of copying every
    /// string into each page's context.
    strings_values: [OnceLock<tera::Value>; 2],
}

impl Theme {
    /// The interface strings of `lang`, the templates' `t`.
    pub fn strings_value(&self, lang: Lang) -> tera::Value {
        let cell = match lang {
            Lang::Vi => &self.strings_values[0],
            Lang::En => &self.strings_values[1],
        };
        cell.get_or_init(|| tera::Value::from_serializable(self.i18n.strings(lang)))
            .clone()
    }

    /// Loads the embedded theme and the overrides under `root/themes/<name>/`.
    pub fn load(site: &SiteDir, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        Theme::load_from(Some(site), name)
    }

    /// The embedded default theme alone: what the pages are checked with when a site's
    /// theme does not load.
    pub fn embedded() -> Result<Theme, Vec<Diagnostic>> {
        Theme::load_from(None, "default")
    }

    /// The embedded theme, with the overrides of `site`'s theme `name` when given.
    fn load_from(site: Option<&SiteDir>, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let mut templates: Vec<(String, PathBuf, String)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), embedded_path(n), t.to_string()))
            .collect();
        let mut static_files: Vec<(String, Vec<u8>)> = DEFAULT_STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        let i18n = match site {
            Some(site) => {
                let dir = site.root().join(inputs::theme_dir(name));
                overrides(
                    site,
                    name,
                    &dir,
                    &mut templates,
                    &mut static_files,
                    &mut diags,
                );
                I18n::load(Some((site, &dir)), &mut diags)
            }
            None => I18n::load(None, &mut diags),
        };
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(super::html::escape_for_templates);
        tera.register_filter("css_string", |s: &str, _: tera::Kwargs, _: &tera::State| {
            css_string(s)
        });
        for (n, path, text) in &templates {
            if let Err(e) = tera.add_raw_template(n, text) {
                diags.push(template_diagnostic(&e, path, text));
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        static_files.sort();
        let charts = static_files
            .iter()
            .find(|(n, _)| n == CHARTS_CSS)
            .map_or_else(ChartStyle::default, |(_, b)| {
                ChartStyle::new(&String::from_utf8_lossy(b))
            });
        let static_files = static_files
            .into_iter()
            .map(|(name, bytes)| (fingerprinted(&name, &bytes), name, bytes))
            .collect();
        Ok(Theme {
            tera,
            origins: templates,
            static_files,
            i18n,
            charts,
            strings_values: Default::default(),
        })
    }

    /// Whether every template is the embedded default theme's own (none overridden by the
    /// site): their links come from the layout's URLs and are tested with ictreport itself.
    pub fn templates_are_embedded(&self) -> bool {
        self.origins
            .iter()
            .all(|(name, path, _)| *path == embedded_path(name))
    }

    /// The output path (under `static/`) of a theme file, fingerprinted where it applies.
    pub fn asset(&self, name: &str) -> String {
        let out = self
            .static_files
            .iter()
            .find(|(_, n, _)| n == name)
            .map_or(name, |(o, ..)| o.as_str());
        format!("{}/{out}", crate::model::layout::STATIC_DIR)
    }

    /// Turns a tera error into a diagnostic that names the template file and position.
    pub fn error(&self, e: &tera::Error, fallback: &str) -> Diagnostic {
        let name = report_of(e)
            .map(|r| r.filename().to_string())
            .unwrap_or_else(|| fallback.to_string());
        match self.origins.iter().find(|(n, ..)| *n == name) {
            Some((_, path, text)) => template_diagnostic(e, path, text),
            None => Diagnostic::error(format!("templates/{fallback}"), full_message(e)),
        }
    }
}

/// `style.css` → `style.3f2a9c1b7e.css` (first 10 hex digits of its SHA-256), for every
/// file the templates link through [`Theme::asset`] (the default theme's stylesheet, script
/// and icon, also when a site replaces them), so a changed file gets a new URL and the
/// deploy recipes cache these names for good. A file a site adds keeps its name, since
/// Markdown links to it by name (`/static/bao-cao.pdf`); the recipes do not mark such
/// names immutable (docs/publishing.md), so a replaced one is fetched again.
fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let linked = DEFAULT_STATIC.iter().any(|(n, _)| *n == name);
    match name.rsplit_once('.') {
        Some((stem, ext)) if linked => {
            let digest = Sha256::digest(bytes);
            let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
            format!("{stem}.{hex}.{ext}")
        }
        _ => name.to_string(),
    }
}

/// Reads the site theme's templates and static files over the embedded ones.
fn overrides(
    site: &SiteDir,
    name: &str,
    dir: &Path,
    templates: &mut Vec<(String, PathBuf, String)>,
    static_files: &mut Vec<(String, Vec<u8>)>,
    diags: &mut Vec<Diagnostic>,
) {
    let root = site.root();
    if name != "default" && !dir.is_dir() {
        diags.push(
            Diagnostic::error(
                inputs::CONFIG_FILE,
                format!("theme `{name}` not found in themes/{name}/"),
            )
            .with_hint("create the folder or set `theme: default`"),
        );
    }
    for (rel, file) in files_under(root, &dir.join(inputs::TEMPLATES_DIR), diags) {
        let Some(text) = crate::content::read_text(site, &file, diags) else {
            continue;
        };
        match templates.iter_mut().find(|(n, ..)| *n == rel) {
            Some(t) => *t = (rel, file, text.text.to_string()),
            None => templates.push((rel, file, text.text.to_string())),
        }
    }
    for (rel, file) in files_under(root, &dir.join(inputs::THEME_STATIC_DIR), diags) {
        let path = match site.inside(&file) {
            Ok(path) => path,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        match std::fs::read(path) {
            Ok(bytes) => match static_files.iter_mut().find(|(n, _)| *n == rel) {
                Some(s) => s.1 = bytes,
                None => static_files.push((rel, bytes)),
            },
            Err(e) => diags.push(Diagnostic::error(file, format!("cannot read: {e}"))),
        }
    }
}

fn embedded_path(name: &str) -> PathBuf {
    PathBuf::from(format!("themes/default/templates/{name}"))
}

/// Files under `dir`, as (path relative to `dir` with `/`, path relative to `root`), sorted.
fn files_under(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let rel = rel
                    .iter()
                    .map(|s| s.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((
                    rel,
                    e.path()
                        .strip_prefix(root)
                        .unwrap_or(e.path())
                        .to_path_buf(),
                ));
            }
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::error(
                dir.strip_prefix(root).unwrap_or(dir),
                format!("cannot read theme: {e}"),
            )),
        }
    }
    out
}

fn report_of(e: &tera::Error) -> Option<&tera::ReportError> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    }
}

fn full_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg.lines().next().unwrap_or_default().to_string()
}

fn template_diagnostic(e: &tera::Error, path: &Path, text: &str) -> Diagnostic {
    let source = SourceText::new(path, text.to_string());
    match report_of(e) {
        Some(r) => {
            // Tera's own line and column are the reliable pair: at the end of input the byte
            // range still points into the previous line.
            let span = r.span();
            let kind = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            Diagnostic::at(
                &source,
                Position {
                    line: span.start_line.max(1),
                    column: span.start_col + 1,
                },
                format!("{kind}: {}", r.message()),
            )
            .with_hint("fix the template at this position (see the tera documentation)")
        }
        None => Diagnostic::error(path, format!("template error: {}", full_message(e)))
            .with_hint("check the template's `extends`, `include` and `import` names"),
    }
}

/// `s` as a CSS string literal (`"…"`): what a template puts into a custom property, such
/// as the column names a phone shows before each cell of a data table. Quotes, backslashes
/// and control characters are escaped the CSS way (`\22 `), so no text can end the string.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' || c.is_control() {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A label that quotes, escapes or breaks a line cannot end its CSS string.
    #[test]
    fn css_strings_escape_what_would_end_them() {
        assert_eq!(css_string("Năm"), "\"Năm\"");
        assert_eq!(css_string("a\"b\\c\nd"), "\"a\\22 b\\5c c\\a d\"");
    }
    use crate::model::layout::PageKind;

    /// The embedded theme has a template for every page kind the registry names (the list
    /// above spells them again because `include_str!` takes no computed name).
    #[test]
    fn every_page_kind_has_an_embedded_template() {
        let embedded: Vec<&str> = DEFAULT_TEMPLATES.iter().map(|(n, _)| *n).collect();
        for name in PageKind::templates() {
            assert!(embedded.contains(&name), "{name} is not embedded");
        }
    }

    /// Templates write the registry's anchors through `anchor.<key>`, never by their id, so
    /// `check`'s link plan and the pages cannot disagree.
    #[test]
    fn templates_take_anchor_ids_from_the_registry() {
        use crate::model::layout::Anchor;
        for (name, text) in DEFAULT_TEMPLATES {
            for a in Anchor::ALL {
                let id = a.id();
                for typed in [
                    format!("id=\"{id}\""),
                    format!("#{id}\""),
                    format!("=\"{id}\""),
                ] {
                    assert!(!text.contains(&typed), "{name} types {typed}");
                }
            }
        }
        let keys = Anchor::for_templates();
        assert_eq!(keys.len(), Anchor::ALL.len(), "two anchors share a key");
    }
}
