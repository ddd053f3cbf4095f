//! The data downloads a site publishes, beside its pages in the layout: where each file
//! goes and what it depends on.

use super::layout::{
    DOWNLOADS_DIR, Depends, INDICATORS_DIR, PageKind, REPORT_PDF_FILE, lang_prefix, province_path,
};
use super::{IndicatorRef, Lang, ProvinceId, Site};

/// The whole site's data, as `<DOWNLOADS_DIR>/<stem>.csv` and `.json`, the JSON's schema as
/// `<stem>.schema.json`.
const SITE_DATA_STEM: &str = "du-lieu";
/// The sources every figure of the data files names by `source_id`, as
/// `<DOWNLOADS_DIR>/<stem>.csv`.
const SOURCES_DATA_STEM: &str = "nguon";

/// A data download. Every file holds figures from the model, written in one pass; see
/// `render::downloads` for what each one holds. A province has no CSV file of its own: its
/// rows are on its page and in the whole-site CSV and JSON (one file fewer per province).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Download {
    /// One indicator across provinces, `tai-ve/chi-so/<id>.csv` (linked by its page).
    IndicatorCsv(IndicatorRef),
    /// Every figure, `tai-ve/du-lieu.csv`.
    SiteCsv,
    /// Every figure with the provinces, indicators and sources, normalised,
    /// `tai-ve/du-lieu.json`.
    SiteJson,
    /// The JSON Schema of [`Download::SiteJson`], `tai-ve/du-lieu.schema.json`.
    SiteSchema,
    /// Every source, `tai-ve/nguon.csv`: the CSV files name a figure's source by its id.
    SourcesCsv,
    /// A province's PDF edition in one language, beside its page:
    /// `tinh/<slug>/<slug>.pdf`, `en/tinh/<slug>/<slug>.pdf`.
    ProvincePdf(ProvinceId, Lang),
    /// The whole report's PDF edition in one language, `bao-cao.pdf`, `en/bao-cao.pdf`.
    ReportPdf(Lang),
}

impl Download {
    /// The file's path relative to the output folder (downloads are shared by all languages).
    pub fn path(&self, site: &Site) -> String {
        match self {
            Download::IndicatorCsv(r) => format!(
                "{DOWNLOADS_DIR}/{INDICATORS_DIR}/{}.csv",
                site.indicator(*r).id
            ),
            Download::SiteCsv => format!("{DOWNLOADS_DIR}/{SITE_DATA_STEM}.csv"),
            Download::SiteJson => format!("{DOWNLOADS_DIR}/{SITE_DATA_STEM}.json"),
            Download::SiteSchema => format!("{DOWNLOADS_DIR}/{}", Download::schema_name()),
            Download::SourcesCsv => format!("{DOWNLOADS_DIR}/{SOURCES_DATA_STEM}.csv"),
            Download::ProvincePdf(id, lang) => {
                let slug = &id.0;
                format!(
                    "{}{}{slug}.pdf",
                    lang_prefix(site, *lang),
                    province_path(slug)
                )
            }
            Download::ReportPdf(lang) => format!("{}{REPORT_PDF_FILE}", lang_prefix(site, *lang)),
        }
    }

    /// The schema's file name, as the whole-site JSON refers to it (same folder).
    pub fn schema_name() -> String {
        format!("{SITE_DATA_STEM}.schema.json")
    }

    /// Whether the file is part of the PDF edition.
    pub fn is_pdf(&self) -> bool {
        matches!(self, Download::ProvincePdf(..) | Download::ReportPdf(_))
    }

    /// What the file's content depends on, for the preview's rebuild plan.
    pub fn depends(&self, site: &Site) -> Depends {
        match self {
            // A province's PDF prints what its page prints, comparisons in its prose too.
            Download::ProvincePdf(id, _) => PageKind::Province(id.clone()).depends(site),
            // The report's comparisons show every province.
            Download::ReportPdf(_) => Depends::AllProvinces,
            Download::IndicatorCsv(r) => Depends::Indicator(*r),
            Download::SiteCsv | Download::SiteJson => Depends::AllProvinces,
            Download::SiteSchema | Download::SourcesCsv => Depends::SiteOnly,
        }
    }
}
