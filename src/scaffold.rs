//! `ictreport new province` and `ictreport init`: start a province bundle or a whole site
//! with files that already pass `check`.

use crate::model::geography::{RESOLUTION, geography};
use crate::model::inputs;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::model::Lang;
use crate::render::theme::{DEFAULT_STATIC, DEFAULT_TEMPLATES};
use crate::slug::slugify;
use crate::source_edit::SourceEdit;

/// The four sections every province summary has, in order.
pub const SECTIONS: [&str; 4] = [
    "Viễn thông và bưu chính",
    "Công nghệ thông tin và chính quyền điện tử",
    "Báo chí và xuất bản",
    "Mục tiêu",
];

/// A YAML double-quoted string.
pub(crate) fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The same sections in English, for `index.en.md`.
pub const SECTIONS_EN: [&str; 4] = [
    "Telecommunications and post",
    "IT and e-government",
    "Press and publishing",
    "Goals",
];

/// The metrics file of a new province: only comments, so it holds no data yet and figures
/// pasted under it (indicator ids at the left margin, as the example shows) parse as they are.
pub const EMPTY_METRICS: &str = "# Số liệu theo chỉ số (xem docs/content-format.md): mỗi chỉ số một khóa ở đầu dòng,\n# dưới đó mỗi số liệu gồm year, value, source. Viết hoặc dán số liệu bên dưới, ví dụ:\n#\n# ict_revenue:\n#   - year: 2020\n#     value: 1234\n#     source: id-nguon\n";

/// The files of a new province bundle, before they are written.
#[derive(Debug, Clone)]
pub struct ProvinceBundle {
    pub slug: String,
    /// `content/provinces/<slug>`, relative to the site root.
    pub dir: PathBuf,
    pub index: String,
    /// `index.en.md`, for sites built in English too.
    pub index_en: Option<String>,
    pub metrics: String,
}

/// What `new province` wrote.
#[derive(Debug)]
pub struct NewProvince {
    /// The bundle's folder, relative to the site root.
    pub dir: PathBuf,
    /// The files written, relative to the site root.
    pub files: Vec<PathBuf>,
    /// Whether the site is built in English too (then `index.en.md` is among the files).
    pub english: bool,
    /// What the name is in the 2025 reorganisation of provinces, for the reader.
    pub unit_note: String,
}

/// Which files a new bundle has.
#[derive(Debug, Clone, Copy)]
pub struct BundleKind {
    /// Write `index.en.md` (the site is built in English too).
    pub english: bool,
    /// Write the empty section headings to fill in. A province made by `import` has figures
    /// but no prose yet: without headings it is published with its figures, not as a draft.
    pub sections: bool,
}

/// The bundle `new province` writes for `name`: front matter, section headings and an empty
/// metrics file (and `index.en.md` when the site has English). Fails when the name gives no
/// slug.
pub fn province_bundle(
    name: &str,
    region: &str,
    kind: BundleKind,
) -> Result<ProvinceBundle, Diagnostic> {
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(
            Diagnostic::error("new province", format!("`{name}` gives an empty URL slug"))
                .with_hint("give the province's name in letters, e.g. Đắk Lắk"),
        );
    }
    let name = name.trim();
    let mut index = format!(
        "---\nname: {}\nregion: {}\n# director: Họ và tên Giám đốc Sở\n# term: 2020–2025\n{}sources: []\nsummary: {}\n---\n",
        quote(name),
        quote(region.trim()),
        unit_lines(name),
        quote(&format!(
            "Báo cáo ngành Thông tin và Truyền thông tỉnh {name}."
        ))
    );
    for s in SECTIONS.iter().filter(|_| kind.sections) {
        index.push_str(&format!("\n## {s}\n"));
    }
    let index_en = kind.english.then(|| {
        let mut en = format!(
            "---\nname: {}\n# region: the region in English, e.g. Central Highlands\nsummary: {}\n---\n",
            quote(name),
            quote(&format!("ICT sector report of {name} province."))
        );
        for s in SECTIONS_EN.iter().filter(|_| kind.sections) {
            en.push_str(&format!("\n## {s}\n"));
        }
        en
    });
    Ok(ProvinceBundle {
        dir: inputs::province_dir(&slug),
        slug,
        index,
        index_en,
        metrics: EMPTY_METRICS.to_string(),
    })
}

/// Creates `content/provinces/<slug>/` with front matter, section headings and an empty
/// metrics file, and `index.en.md` when the site has English among its `languages`. The
/// province is a draft (empty sections, no figures) until it is written. Refuses to
/// overwrite an existing bundle.
pub fn new_province(root: &Path, name: &str, region: &str) -> Result<NewProvince, Diagnostic> {
    let english = site_has_english(root);
    let kind = BundleKind {
        english,
        sections: true,
    };
    let bundle = province_bundle(name, region, kind)?;
    let files = write_province(root, &bundle)?;
    Ok(NewProvince {
        dir: bundle.dir,
        files,
        english,
        unit_note: unit_note(name),
    })
}

/// The front matter lines naming the province's unit: set for a province that no longer
/// exists, offered as comments for one of the 34 (a report may be from before or after).
fn unit_lines(name: &str) -> String {
    let geo = geography();
    match (geo.former_unit(name), geo.unit_index(name)) {
        (Some(f), None) => format!(
            "unit_before_2025: {}   # part of {} since 1 July 2025\n",
            quote(&f.name),
            geo.successor(f).name
        ),
        (former, Some(u)) => {
            let mut out = format!(
                "# unit_from_2025: {}    # a report on the province since 1 July 2025\n",
                quote(&geo.units[u].name)
            );
            if let Some(f) = former {
                out.push_str(&format!(
                    "# unit_before_2025: {}  # a report from before 1 July 2025\n",
                    quote(&f.name)
                ));
            }
            out
        }
        (None, None) => String::new(),
    }
}

/// What `name` is in the 2025 reorganisation (Resolution 202/2025/QH15), in a sentence.
pub fn unit_note(name: &str) -> String {
    let geo = geography();
    match (geo.former_unit(name), geo.unit_index(name)) {
        (Some(f), None) => format!(
            "{} is one of the 63 provinces before 1 July 2025 (Resolution {RESOLUTION}); since then it is part of {}. Its page says so and links to the page of {}.",
            f.name,
            geo.successor(f).name,
            geo.successor(f).name
        ),
        (_, Some(u)) => {
            let former: Vec<&str> = geo.predecessors(u).map(|f| f.name.as_str()).collect();
            format!(
                "{} is one of the 34 provinces since 1 July 2025 (Resolution {RESOLUTION}), formed from {}. Uncomment `unit_before_2025` or `unit_from_2025` in index.md to say which the report is about.",
                geo.units[u].name,
                former.join(", ")
            )
        }
        (None, None) => {
            let current: Vec<&str> = geo.units.iter().map(|u| u.name.as_str()).collect();
            format!(
                "`{}` is none of Vietnam's 63 provinces before 1 July 2025 nor of the 34 since (Resolution {RESOLUTION}). The 34 are: {}.",
                name.trim(),
                current.join(", ")
            )
        }
    }
}

/// Writes a bundle made by [`province_bundle`], all files or none; refuses to overwrite an
/// existing folder. Returns the files written, relative to the site root.
pub fn write_province(root: &Path, bundle: &ProvinceBundle) -> Result<Vec<PathBuf>, Diagnostic> {
    let rel = bundle.dir.clone();
    if root.join(&rel).exists() {
        return Err(
            Diagnostic::error(&rel, "this province folder already exists")
                .with_hint("edit the existing files, or remove the folder first"),
        );
    }
    if !root.join(inputs::CONTENT_DIR).is_dir() {
        return Err(Diagnostic::error(inputs::CONTENT_DIR, "no content/ folder here").with_hint("run this in a site folder, or pass --root, or create a site with `ictreport init DIR`"));
    }
    let mut edit = SourceEdit::new(root);
    add_province(&mut edit, bundle);
    let files = edit.files().map(Path::to_path_buf).collect();
    edit.commit().map_err(first)?;
    Ok(files)
}

/// The first problem of a new bundle or site (a folder that is new has room for all its
/// files, so one problem usually stops them all: a full disk, a folder that cannot be made).
fn first(diagnostics: Vec<Diagnostic>) -> Diagnostic {
    let more = diagnostics.len().saturating_sub(1);
    let mut all = diagnostics.into_iter();
    let d = all.next().unwrap_or_else(|| {
        Diagnostic::error(inputs::CONTENT_DIR, "the files could not be written")
    });
    match more {
        0 => d,
        n => d.with_hint_suffix(&format!("{n} more file(s) could not be written either")),
    }
}

/// Adds a new bundle's folder and files to an edit: `index.md`, `index.en.md` when there is
/// one, then `metrics.yaml`.
pub fn add_province(edit: &mut SourceEdit, bundle: &ProvinceBundle) {
    // The folder appears with all its files or not at all: never half a province.
    edit.create_folder(&bundle.dir);
    edit.create(bundle.dir.join(inputs::SUMMARY_FILE), bundle.index.as_str());
    if let Some(en) = &bundle.index_en {
        edit.create(bundle.dir.join("index.en.md"), en.as_str());
    }
    edit.create(
        bundle.dir.join(inputs::METRICS_FILE),
        bundle.metrics.as_str(),
    );
}

/// Whether `site.yaml` lists English among the site's languages (false when it cannot be
/// read: `check` reports that).
pub fn site_has_english(root: &Path) -> bool {
    let Ok(text) = fs::read_to_string(root.join(inputs::CONFIG_FILE)) else {
        return false;
    };
    let source = crate::diagnostic::SourceText::new(inputs::CONFIG_FILE, text);
    crate::yaml::parse::<crate::content::raw::RawConfig>(&source).is_ok_and(|c| {
        let c = c.value;
        c.language == Lang::En || c.languages.is_some_and(|l| l.contains(&Lang::En))
    })
}

/// The example site `init` writes: real figures from the Vĩnh Phúc article (source of the
/// bundled data), so the example is traceable like everything else.
const SITE_YAML: &str = "title: Báo cáo ngành Thông tin và Truyền thông\ndescription: Số liệu ngành Thông tin và Truyền thông, mỗi con số kèm năm và nguồn.\ntitle_en: ICT sector report\ndescription_en: Figures of the information and communications sector, each with its year and source.\nbase_url: /\nlanguage: vi\nlanguages: [vi, en]\ntheme: default\nallow_raw_html: false\n";

const INDICATORS_YAML: &str = "categories:\n  - id: toan-nganh\n    name: Toàn ngành\n    name_en: Whole sector\nindicators:\n  - id: ict_revenue\n    name: Doanh thu toàn ngành Thông tin và Truyền thông\n    name_en: ICT sector revenue\n    unit: tỷ đồng\n    unit_en: billion VND\n    kind: money\n    decimals: 0\n    better: higher\n    category: toan-nganh\n";

const SOURCES_YAML: &str = "- id: vinh-phuc-2020\n  title: \"Ngành Thông tin và Truyền thông Vĩnh Phúc: Nỗ lực vượt qua khó khăn, vững bước hội nhập\"\n  publisher: Cổng Thông tin – Giao tiếp điện tử tỉnh Vĩnh Phúc\n  publisher_en: Vĩnh Phúc Province Portal\n  date: 2020-10-04\n";

const EXAMPLE_INDEX: &str = "---\nname: Vĩnh Phúc\nregion: Đồng bằng sông Hồng\nunit_before_2025: Vĩnh Phúc\nterm: 2015–2020\nsources: [vinh-phuc-2020]\nsummary: Ví dụ một tỉnh với chuỗi doanh thu toàn ngành 2015–2019.\n---\n\n## Viễn thông và bưu chính\n\nDoanh thu toàn ngành năm 2019 đạt {{ value(indicator=\"ict_revenue\", year=2019) }}.\n\n```chart\nindicator: ict_revenue\ntype: line\ntitle: Doanh thu toàn ngành\n```\n\n## Công nghệ thông tin và chính quyền điện tử\n\nTỉnh đã ban hành Kiến trúc chính quyền điện tử phiên bản 1.0 (2018–2020) và chuẩn bị phiên bản 2.0.\n\n## Báo chí và xuất bản\n\nTỉnh có ba cơ quan báo chí chuyên nghiệp: Báo Vĩnh Phúc, Đài Phát thanh – Truyền hình tỉnh và Tạp chí Văn nghệ Vĩnh Phúc.\n\n## Mục tiêu\n\nĐến năm 2025, tỉnh muốn cơ bản hoàn thiện chính quyền điện tử ở ba cấp và vào nhóm 15 địa phương dẫn đầu cả nước về lĩnh vực này.\n";

const EXAMPLE_INDEX_EN: &str = "---\nregion: Red River Delta\nsummary: An example province with its ICT sector revenue for 2015–2019.\n---\n\n## Telecommunications and post\n\nThe sector's total revenue reached {{ value(indicator=\"ict_revenue\", year=2019) }} in 2019.\n\n```chart\nindicator: ict_revenue\ntype: line\ntitle: ICT sector revenue\n```\n\n## IT and e-government\n\nThe province adopted version 1.0 of its e-government architecture for 2018–2020 and was preparing version 2.0.\n\n## Press and publishing\n\nThe province has three professional press agencies: the Vĩnh Phúc newspaper, the provincial radio and television station and the Vĩnh Phúc literature and arts magazine.\n\n## Goals\n\nBy 2025 the province intends to have e-government largely in place at all three levels of administration and to be among the 15 best-performing provinces in this field.\n";

const EXAMPLE_METRICS: &str = "ict_revenue:\n  - year: 2015\n    value: 3566\n    source: vinh-phuc-2020\n  - year: 2016\n    value: 9671\n    source: vinh-phuc-2020\n  - year: 2017\n    value: 41828\n    source: vinh-phuc-2020\n  - year: 2018\n    value: 64465\n    source: vinh-phuc-2020\n  - year: 2019\n    value: 72120\n    source: vinh-phuc-2020\n";

/// What a site's repository should not track: the published site, the preview (which shows
/// drafts), and what a build leaves beside its output while it runs (staging, lock).
fn gitignore() -> String {
    let build = crate::output::BUILD_DIR;
    let preview = crate::output::PREVIEW_DIR
        .split('/')
        .next()
        .unwrap_or(crate::output::PREVIEW_DIR);
    format!(
        "# Written by ictreport: the built site, the preview and a build's temporary folders.\n/{build}/\n/.{build}.*\n/{preview}/\n"
    )
}

/// Creates a new site in `dir` (which must be empty or missing): config, catalog, sources,
/// one example province, a copy of the default theme to customise and a `.gitignore`.
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
        (".gitignore".into(), gitignore().into_bytes()),
        (inputs::CONFIG_FILE.into(), SITE_YAML.into()),
        (inputs::catalog(), INDICATORS_YAML.into()),
        (inputs::sources(), SOURCES_YAML.into()),
        (
            "content/provinces/vinh-phuc/index.md".into(),
            EXAMPLE_INDEX.into(),
        ),
        (
            "content/provinces/vinh-phuc/index.en.md".into(),
            EXAMPLE_INDEX_EN.into(),
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
    let mut edit = SourceEdit::new(dir);
    for (rel, bytes) in &files {
        edit.create(rel, bytes.as_slice());
    }
    edit.commit().map_err(first)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}
