//! The PDF edition's documents, written from the same data the pages print: a province's
//! report (cover, contents, summary, key figures, charts, claims, computed figures, data
//! tables, sources) and the whole report (a chapter per province, then the comparisons).
//! Every figure comes from the functions the pages use (`figure`, `key_series`,
//! `derived_figures`, `claims`), so it reads as the page prints it, marks and notes
//! included; `crate::pdf` typesets the result.

use std::path::{Path, PathBuf};

use super::claims::claims;
use super::province::{as_of, derived_figures, province_chart_list};
use super::*;
use crate::chart::ChartType;
use crate::pdf::{self, Meta, Pdf, Writer};

mod tables;
use tables::{claims_table, data_tables, derived, key_figures, sources};

/// Where the texts of a chapter come from, for located errors.
struct Files {
    /// The province's content file (its names, prose and notes).
    province: PathBuf,
    /// The theme's interface strings in the document's language.
    strings: PathBuf,
    /// `site.yaml` (titles and descriptions).
    site: PathBuf,
    /// The indicator catalog (names, topics) and the sources.
    catalog: PathBuf,
    sources: PathBuf,
}

impl Files {
    fn new(s: &Scope, p: Option<&Province>) -> Files {
        let root_file = |name: &str| PathBuf::from(name);
        Files {
            province: p.map_or_else(
                || root_file("site.yaml"),
                |p| {
                    p.text(s.lang, s.site.config.language)
                        .body
                        .source
                        .path
                        .clone()
                },
            ),
            strings: PathBuf::from(format!(
                "themes/{}/i18n/{}.yaml",
                s.site.config.theme,
                s.lang.code()
            )),
            site: root_file("site.yaml"),
            catalog: root_file("content/indicators.yaml"),
            sources: root_file("content/sources.yaml"),
        }
    }
}

/// The PDF of province `p` in `lang`.
pub fn province_pdf(
    site: &Site,
    theme: &Theme,
    lang: Lang,
    p: &Province,
) -> Result<Pdf, Vec<Diagnostic>> {
    let (w, meta) = province_document(site, theme, lang, p);
    pdf::compile(w, &meta)
}

/// The PDF of the whole report in `lang`: a chapter per province, then the comparisons.
pub fn report_pdf(site: &Site, theme: &Theme, lang: Lang) -> Result<Pdf, Vec<Diagnostic>> {
    let (w, meta) = report_document(site, theme, lang);
    pdf::compile(w, &meta)
}

/// Every character of the PDF edition that no bundled font can print, as errors on the files
/// that hold them: what `build` would refuse, found by `check` without typesetting.
pub fn missing_glyphs(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let langs = &site.config.languages;
    let provinces = langs
        .iter()
        .flat_map(|&l| site.provinces.iter().map(move |p| (l, p)))
        .flat_map(|(l, p)| province_document(site, theme, l, p).0.missing_glyphs());
    // The report repeats the provinces' texts; its own are its cover and comparisons.
    let reports = langs.iter().flat_map(|&l| {
        let s = Scope::new(site, theme, l);
        let files = Files::new(&s, None);
        let mut w = Writer::default();
        report_cover(&s, &files, &mut w);
        comparisons(&s, &files, &mut w);
        w.missing_glyphs()
    });
    provinces.chain(reports).collect()
}

fn province_document(site: &Site, theme: &Theme, lang: Lang, p: &Province) -> (Writer, Meta) {
    let s = Scope::new(site, theme, lang);
    let name = p.text(lang, site.config.language).name;
    let path = downloads::Download::ProvincePdf(p.id(), lang).path(site);
    let meta = Meta {
        title: format!("{name} — {}", site.config.title(lang)),
        lang,
        date: pdf_date(site, std::slice::from_ref(p)),
        ident: path.clone(),
        path,
        archival: site.config.pdf_archival,
    };
    let files = Files::new(&s, Some(p));
    let mut w = Writer::default();
    pdf::preamble(&mut w, &meta, name, &files.province);
    province_cover(&s, p, &files, &mut w);
    contents(&s, &files, 2, &mut w);
    chapter(&s, p, &files, 1, &mut w);
    if site.config.pdf_archival {
        attach_csv(&s, p, &files, &mut w);
    }
    (w, meta)
}

fn report_document(site: &Site, theme: &Theme, lang: Lang) -> (Writer, Meta) {
    let s = Scope::new(site, theme, lang);
    let title = site.config.title(lang);
    let path = downloads::Download::ReportPdf(lang).path(site);
    let meta = Meta {
        title: title.to_string(),
        lang,
        date: pdf_date(site, &site.provinces),
        ident: path.clone(),
        path,
        archival: site.config.pdf_archival,
    };
    let files = Files::new(&s, None);
    let mut w = Writer::default();
    pdf::preamble(&mut w, &meta, title, &files.site);
    report_cover(&s, &files, &mut w);
    contents(&s, &files, 1, &mut w);
    for p in &site.provinces {
        let files = Files::new(&s, Some(p));
        w.code("\n#pagebreak(weak: true)\n#heading(level: 1, ");
        w.str(
            p.text(lang, site.config.language).name,
            &files.province,
            "the province's name",
        );
        w.code(")\n");
        province_lines(&s, p, &files, &mut w);
        chapter(&s, p, &files, 2, &mut w);
    }
    comparisons(&s, &files, &mut w);
    (w, meta)
}

/// The whole report's cover: the site's title and description.
fn report_cover(s: &Scope, files: &Files, w: &mut Writer) {
    let config = &s.site.config;
    w.code("#page(header: none, numbering: none)[\n#v(30%)\n#text(size: 24pt, weight: \"bold\")[");
    w.text(config.title(s.lang), &files.site, "the site's title");
    w.code("]\n#v(1em)\n");
    if let Some(d) = config.description(s.lang) {
        w.text(d, &files.site, "the site's description");
    }
    w.code("\n]\n");
}

/// The documents' date: `SOURCE_DATE_EPOCH` when set, else the newest date of the
/// provinces' reports (so that a rebuild of the same content gives the same bytes).
fn pdf_date(site: &Site, provinces: &[Province]) -> (i32, u8, u8) {
    if let Some(day) = crate::model::source_date_epoch() {
        return day;
    }
    provinces
        .iter()
        .filter_map(|p| as_of::report_date(site, p))
        .map(|d| match d {
            as_of::ReportDate::Published(d) => d.sort_key(),
            as_of::ReportDate::Event(e) => e.date.sort_key(),
            as_of::ReportDate::FiguresYear(y) => (y.get(), 1, 1),
        })
        .max()
        .map_or((Year::MIN as i32, 1, 1), |(y, m, d)| {
            (i32::from(y), m.max(1), d.max(1))
        })
}

/// The cover of a province's PDF.
fn province_cover(s: &Scope, p: &Province, files: &Files, w: &mut Writer) {
    let text = p.text(s.lang, s.site.config.language);
    w.code("#page(header: none, numbering: none)[\n#v(25%)\n#text(size: 11pt, fill: rgb(\"#4d4d4d\"))[");
    w.text(s.site.config.title(s.lang), &files.site, "the site's title");
    w.code("]\n#v(1em)\n#text(size: 28pt, weight: \"bold\")[");
    w.text(text.name, &files.province, "the province's name");
    w.code("]\n#v(1em)\n");
    province_lines(s, p, files, w);
    w.code("]\n");
}

/// Under a province's name: its unit from 2025, region, reporting period and director, and
/// as of when its figures are (with the body that published them).
fn province_lines(s: &Scope, p: &Province, files: &Files, w: &mut Writer) {
    let text = p.text(s.lang, s.site.config.language);
    if let Some(k) = s.site.successor_of(p) {
        let unit = &s.site.successor_unit(k).name;
        w.text(
            &format!("{}: {unit}", s.t("col_successor")),
            &files.strings,
            "the unit line",
        );
        w.code("\n\n");
    }
    let mut meta = text.region.to_string();
    if let Some(term) = text.term {
        meta.push_str(&format!(" · {} {term}", s.t("reporting_period")));
    }
    if let Some(d) = &p.director {
        let title = text.director_title.unwrap_or(s.t("director_default"));
        meta.push_str(&format!(" · {title}: {d}"));
    }
    w.text(&meta, &files.province, "the province's details");
    w.code("\n\n");
    if let Some(line) = as_of(s, p) {
        w.text(&line, &files.province, "the as-of line");
        w.code("\n");
    }
}

/// The table of contents, on its own page.
fn contents(s: &Scope, files: &Files, depth: usize, w: &mut Writer) {
    w.code("\n#outline(title: ");
    w.str(s.t("pdf_contents"), &files.strings, "the contents' title");
    w.code(&format!(", depth: {depth})\n#pagebreak(weak: true)\n"));
}

fn heading(w: &mut Writer, level: usize, text: &str, file: &Path) {
    w.code(&format!("\n#heading(level: {level}, "));
    w.str(text, file, "a heading");
    w.code(")\n");
}

/// A province's sections, their headings at `level`.
fn chapter(s: &Scope, p: &Province, files: &Files, level: usize, w: &mut Writer) {
    let text = p.text(s.lang, s.site.config.language);
    heading(w, level, s.t("pdf_summary"), &files.strings);
    if text.lang != s.lang {
        w.text(s.t("not_translated"), &files.strings, "a notice");
        w.code("\n\n");
    }
    if let Some(summary) = text.summary {
        w.code("#emph[");
        w.text(summary, &files.province, "the summary");
        w.code("]\n");
    }
    let embeds = BodyEmbeds {
        s,
        p,
        body: text.body,
        charted: RefCell::default(),
    };
    let find = |id: &str| s.site.find_indicator(id);
    let cx = markdown::Context {
        find_indicator: &find,
        allow_raw_html: s.site.config.allow_raw_html,
    };
    let events = markdown::events(&text.body.source, text.body.body_offset, &cx);
    pdf::body::write(events, &files.province, level + 1, &embeds, w);
    let charted = embeds.charted.into_inner();
    key_figures(s, p, files, level, w);
    let charts = province_chart_list(s, p, &charted);
    if !charts.is_empty() {
        heading(w, level, s.t("charts"), &files.strings);
        for (_, c) in &charts {
            chart(s, c, files, w);
        }
    }
    claims_table(s, p, files, level, w);
    derived(s, p, files, level, w);
    data_tables(s, p, files, level, w);
    sources(s, p, files, level, w);
}

/// Charts and inline values of a body, in the page's words.
struct BodyEmbeds<'a> {
    s: &'a Scope<'a>,
    p: &'a Province,
    body: &'a crate::model::Markdown,
    charted: RefCell<HashSet<(IndicatorRef, BlockChartType)>>,
}

impl pdf::body::Embeds for BodyEmbeds<'_> {
    fn embed(&self, index: usize, w: &mut Writer) {
        let (s, p) = (self.s, self.p);
        let file = &self.body.source.path;
        match self.body.doc.embeds().get(index) {
            Some(crate::model::Embed::Value(v)) => {
                let Some((series, obs)) = p
                    .series_of(v.indicator)
                    .and_then(|x| Some((x, x.at(v.year)?)))
                else {
                    return;
                };
                w.text(&figure_words(s, series, obs), file, "an inline figure");
            }
            Some(crate::model::Embed::Chart(block)) => {
                let cx = crate::chart::Context::from((s.site, s.lang, s.i18n()));
                let id = format!("chart-body-{}", index + 1);
                let subject = crate::chart::Subject::of_province(p, block.indicator)
                    .titled(block.title.as_deref());
                let c = crate::chart::block_type(block.chart_type.name())
                    .and_then(|t| t.draw(cx, &subject, &id));
                if let Some(c) = c {
                    chart(s, &c, &Files::new(s, Some(p)), w);
                    self.charted
                        .borrow_mut()
                        .insert((block.indicator, block.chart_type));
                }
            }
            None => {}
        }
    }
}

/// A figure as prose prints it, without the link: `khoảng 79.300 tỷ đồng [1] (dự kiến)`
/// and its mark (`† tổng do trang này cộng`).
fn figure_words(s: &Scope, series: &Series, obs: &crate::model::Observation) -> String {
    let f = figure(s, series, obs);
    let mut out = format!("{}[{}]", f.value, f.citation.number);
    if let Some(status) = &f.status {
        out.push_str(&format!(" ({status})"));
    }
    if let Some(mark) = &f.derived {
        out.push_str(&format!(" {mark}"));
    }
    out
}

/// A chart as a vector figure, its description as alternative text, its title as caption.
fn chart(s: &Scope, c: &crate::chart::Chart, files: &Files, w: &mut Writer) {
    let Some(svg) = pdf::charts::print_svg(c, &s.theme.charts) else {
        return;
    };
    w.code("\n#figure(image(bytes(");
    w.str(&svg, &files.province, "a chart");
    w.code("), format: \"svg\", width: 100%, alt: ");
    w.str(&c.description, &files.province, "a chart's description");
    w.code("), caption: ");
    w.str(&c.title, &files.province, "a chart's title");
    w.code(")\n");
}

/// The whole report's comparisons: each indicator's provinces side by side.
fn comparisons(s: &Scope, files: &Files, w: &mut Writer) {
    let cx = crate::chart::Context::from((s.site, s.lang, s.i18n()));
    let charts: Vec<(String, crate::chart::Chart)> = s
        .site
        .indicator_refs()
        .filter_map(|r| {
            let id = format!("so-sanh-{}", s.site.indicator(r).id);
            let c =
                crate::chart::Comparison.draw(cx, &crate::chart::Subject::of_indicator(r), &id)?;
            Some((indicator_name(s.site.indicator(r), s.lang).to_string(), c))
        })
        .collect();
    if charts.is_empty() {
        return;
    }
    w.code("\n#pagebreak(weak: true)\n");
    heading(w, 1, s.t("pdf_comparisons"), &files.strings);
    for (name, c) in &charts {
        heading(w, 2, name, &files.catalog);
        chart(s, c, files, w);
    }
}

/// With `pdf_archival`, the province's figures travel inside its PDF as the CSV the site
/// publishes (PDF/A-3 allows attachments).
fn attach_csv(s: &Scope, p: &Province, files: &Files, w: &mut Writer) {
    let Ok(csv) = downloads::province_csv(s.site, p) else {
        return;
    };
    let name = format!("{}.csv", p.slug);
    let text = String::from_utf8_lossy(&csv);
    let description = s.i18n().fill(
        s.lang,
        "pdf_attached",
        &[("name", p.text(s.lang, s.site.config.language).name)],
    );
    w.code("\n#pdf.attach(");
    w.data(&name, &files.province, "the attached file's name");
    w.code(", bytes(");
    w.data(&text, &files.province, "the attached figures");
    w.code("), relationship: \"data\", mime-type: \"text/csv\", description: ");
    w.data(
        &description,
        &files.strings,
        "the attached file's description",
    );
    w.code(")\n");
}
