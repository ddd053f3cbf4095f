//! The downloads page (`/tai-ve/`): the whole site's data files, then the PDF edition in
//! the page's language, each PDF with its size and page count. Those are known only once
//! the PDFs are typeset, so `render_plan` typesets them before it renders pages.

use super::*;
use crate::render::downloads::{Download, PdfList};

/// One PDF as the page lists it.
#[derive(Serialize)]
struct PdfRow {
    /// The province's name, or "the whole report".
    title: String,
    url: String,
    /// Size and page count, when this render has them (`check` typesets nothing).
    size: Option<String>,
    pages: Option<String>,
}

pub(super) fn downloads_page(s: &Scope, pdfs: &PdfList) -> Context {
    let mut c = page_ctx(s, s.t("downloads_title"), PageKind::Downloads, None);
    c.insert("downloads", &Downloads::site(s));
    // The PDFs in the page's language: the whole report, then the provinces in order.
    let files = std::iter::once(Download::ReportPdf(s.lang)).chain(
        s.site
            .provinces
            .iter()
            .map(|p| Download::ProvincePdf(p.id(), s.lang)),
    );
    let rows: Vec<PdfRow> = if downloads::has_pdf(s.site) {
        files.map(|d| pdf_row(s, d, pdfs)).collect()
    } else {
        Vec::new()
    };
    c.insert("pdfs", &rows);
    c
}

fn pdf_row(s: &Scope, file: Download, pdfs: &PdfList) -> PdfRow {
    let province = match &file {
        Download::ProvincePdf(id, _) => s.site.province(id),
        _ => None,
    };
    let title = match province {
        Some(p) => p.text(s.lang, s.site.config.language).name.to_string(),
        None => s.t("pdf_whole_report").to_string(),
    };
    let path = file.path(s.site);
    let facts = pdfs.get(&path);
    PdfRow {
        title,
        url: s.urls.shared(&path),
        size: facts.map(|f| format::file_size(f.bytes, s.lang)),
        pages: facts.map(|f| {
            let n = format::count(f.pages, s.lang);
            s.i18n().fill(s.lang, "pdf_pages", &[("n", &n)])
        }),
    }
}
