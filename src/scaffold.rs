//! `ictreport new province` and `ictreport init`: start a province bundle or a whole site
//! with files that already pass `check`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::render::theme::{DEFAULT_STATIC, DEFAULT_TEMPLATES};
use crate::slug::slugify;

/// The four sections every province summary has, in order.
pub const SECTIONS: [&str; 4] = [
    "Viễn thông và bưu chính",
    "Công nghệ thông tin và chính quyền điện tử",
    "Báo chí và xuất bản",
    "Mục tiêu",
];

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The metrics file of a new province: a commented example and no data yet.
pub const EMPTY_METRICS: &str = "# Số liệu theo chỉ số: mỗi mục gồm year, value, source (xem docs/content-format.md).\n# ict_revenue:\n#   - year: 2020\n#     value: 1234\n#     source: id-nguon\n{}\n";

/// The files of a new province bundle, before they are written.
#[derive(Debug, Clone)]
pub struct ProvinceBundle {
    pub slug: String,
    /// `content/provinces/<slug>`, relative to the site root.
    pub dir: PathBuf,
    pub index: String,
    pub metrics: String,
}

/// The bundle `new province` writes for `name`: front matter, section headings and an empty
/// metrics file. Fails when the name gives no slug.
pub fn province_bundle(name: &str, region: &str) -> Result<ProvinceBundle, Diagnostic> {
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(
            Diagnostic::error("new province", format!("`{name}` gives an empty URL slug"))
                .with_hint("give the province's name in letters, e.g. Đắk Lắk"),
        );
    }
    let mut index = format!(
        "---\nname: {}\nregion: {}\n# director: Họ và tên Giám đốc Sở\n# term: 2020–2025\nsources: []\nsummary: {}\n---\n",
        quote(name.trim()),
        quote(region.trim()),
        quote(&format!(
            "Báo cáo ngành Thông tin và Truyền thông tỉnh {}.",
            name.trim()
        ))
    );
    for s in SECTIONS {
        index.push_str(&format!("\n## {s}\n"));
    }
    Ok(ProvinceBundle {
        dir: PathBuf::from("content/provinces").join(&slug),
        slug,
        index,
        metrics: EMPTY_METRICS.to_string(),
    })
}

/// Creates `content/provinces/<slug>/` with front matter, section headings and an empty
/// metrics file. Refuses to overwrite an existing bundle.
pub fn new_province(root: &Path, name: &str, region: &str) -> Result<PathBuf, Diagnostic> {
    write_province(root, &province_bundle(name, region)?)
}

/// Writes a bundle made by [`province_bundle`]; refuses to overwrite an existing folder.
pub fn write_province(root: &Path, bundle: &ProvinceBundle) -> Result<PathBuf, Diagnostic> {
    let rel = bundle.dir.clone();
    let dir = root.join(&rel);
    if dir.exists() {
        return Err(
            Diagnostic::error(&rel, "this province folder already exists")
                .with_hint("edit the existing files, or remove the folder first"),
        );
    }
    if !root.join("content").is_dir() {
        return Err(Diagnostic::error("content", "no content/ folder here").with_hint("run this in a site folder, or pass --root, or create a site with `ictreport init DIR`"));
    }
    let io = |e: std::io::Error| Diagnostic::error(&rel, format!("cannot write: {e}"));
    fs::create_dir_all(&dir).map_err(io)?;
    fs::write(dir.join("index.md"), &bundle.index).map_err(io)?;
    fs::write(dir.join("metrics.yaml"), &bundle.metrics).map_err(io)?;
    Ok(rel)
}

/// The example site `init` writes: real figures from the Vĩnh Phúc article (source of the
/// bundled data), so the example is traceable like everything else.
const SITE_YAML: &str = "title: Báo cáo ngành Thông tin và Truyền thông\ndescription: Số liệu ngành Thông tin và Truyền thông, mỗi con số kèm năm và nguồn.\nbase_url: /\nlanguage: vi\ntheme: default\nallow_raw_html: false\n";

const INDICATORS_YAML: &str = "categories:\n  - id: toan-nganh\n    name: Toàn ngành\n    name_en: Whole sector\nindicators:\n  - id: ict_revenue\n    name: Doanh thu toàn ngành Thông tin và Truyền thông\n    name_en: ICT sector revenue\n    unit: tỷ đồng\n    unit_en: billion VND\n    kind: money\n    decimals: 1\n    better: higher\n    category: toan-nganh\n";

const SOURCES_YAML: &str = "- id: vinh-phuc-2020\n  title: \"Ngành Thông tin và Truyền thông Vĩnh Phúc: Nỗ lực vượt qua khó khăn, vững bước hội nhập\"\n  publisher: Cổng Thông tin – Giao tiếp điện tử tỉnh Vĩnh Phúc\n  date: 2020-10-04\n";

const EXAMPLE_INDEX: &str = "---\nname: Vĩnh Phúc\nregion: Đồng bằng sông Hồng\nterm: 2015–2020\nsources: [vinh-phuc-2020]\nsummary: Ví dụ một tỉnh với chuỗi doanh thu toàn ngành 2015–2019.\n---\n\n## Viễn thông và bưu chính\n\nDoanh thu toàn ngành năm 2019 đạt {{ value(indicator=\"ict_revenue\", year=2019) }}.\n\n```chart\nindicator: ict_revenue\ntype: line\ntitle: Doanh thu toàn ngành\n```\n\n## Công nghệ thông tin và chính quyền điện tử\n\n## Báo chí và xuất bản\n\n## Mục tiêu\n";

const EXAMPLE_METRICS: &str = "ict_revenue:\n  - year: 2015\n    value: 3566\n    source: vinh-phuc-2020\n  - year: 2016\n    value: 9671\n    source: vinh-phuc-2020\n  - year: 2017\n    value: 41828\n    source: vinh-phuc-2020\n  - year: 2018\n    value: 64465\n    source: vinh-phuc-2020\n  - year: 2019\n    value: 72120\n    source: vinh-phuc-2020\n";

/// Creates a new site in `dir` (which must be empty or missing): config, catalog, sources,
/// one example province, and a copy of the default theme to customise.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists()
        && fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Diagnostic::error(dir, "the folder exists and is not empty")
            .with_hint("choose a new folder name"));
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        ("site.yaml".into(), SITE_YAML.into()),
        ("content/indicators.yaml".into(), INDICATORS_YAML.into()),
        ("content/sources.yaml".into(), SOURCES_YAML.into()),
        (
            "content/provinces/vinh-phuc/index.md".into(),
            EXAMPLE_INDEX.into(),
        ),
        (
            "content/provinces/vinh-phuc/metrics.yaml".into(),
            EXAMPLE_METRICS.into(),
        ),
    ];
    files.extend(DEFAULT_TEMPLATES.iter().map(|(n, t)| {
        (
            PathBuf::from("themes/default/templates").join(n),
            t.as_bytes().to_vec(),
        )
    }));
    files.extend(
        DEFAULT_STATIC
            .iter()
            .map(|(n, b)| (PathBuf::from("themes/default/static").join(n), b.to_vec())),
    );
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        let io = |e: std::io::Error| Diagnostic::error(path.clone(), format!("cannot write: {e}"));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        fs::write(&path, bytes).map_err(io)?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}
