//! The charts of a page that are also written as standalone SVG files (see
//! [`ChartFile`]): which exist, how a page links to them, and writing them.

use super::*;
use crate::chart::{self, Chart};
use crate::model::layout::ChartFile;

/// The charts a page rendered that also become files.
pub(super) type ChartFiles = Vec<(ChartFile, Chart)>;

/// The series of `p` whose line chart is its headline chart: the first key figure with two
/// or more reported years. Only for a province that declares its provincial unit (see
/// [`ChartFile::Headline`]).
pub(super) fn headline_series<'a>(site: &Site, p: &'a Province) -> Option<&'a Series> {
    p.unit?;
    key_series(site, p, usize::MAX)
        .into_iter()
        .find(|x| x.reported().count() >= 2)
}

/// Whether the page `kind` has the chart `file`, without drawing it: what the preview
/// expects a full build to write.
pub fn has_chart_file(site: &Site, kind: &PageKind, file: ChartFile) -> bool {
    match (kind, file) {
        (PageKind::Indicator(r), ChartFile::Comparison) => {
            let with_latest = site
                .provinces_with(*r)
                .filter(|(_, x)| x.latest().is_some());
            with_latest.take(2).count() == 2
        }
        // A map of one province is not worth embedding elsewhere (the page still shows it).
        (PageKind::Indicator(r), ChartFile::Map) => chart::tile_map_provinces(site, *r) >= 2,
        (PageKind::Province(id), ChartFile::Headline) => site
            .province(id)
            .is_some_and(|p| headline_series(site, p).is_some()),
        _ => false,
    }
}

/// The `<figure>` of `chart` with a "Tải SVG" link to its file under it.
pub(super) fn figure_with_file(
    s: &Scope,
    chart: &Chart,
    kind: &PageKind,
    file: ChartFile,
) -> String {
    let html = chart::figure_html(chart, |src| s.urls.source(src));
    let href = s.urls.path(&kind.chart_file(s.site, file));
    let link = format!(
        "<p class=\"chart-file\"><a href=\"{}\" download type=\"image/svg+xml\">{}</a></p>\n",
        escape(&href),
        escape(s.t("download_svg"))
    );
    crate::render::charts::append_to_figure(html, &link)
}

/// Writes each chart of `files` as a standalone SVG beside page `kind`; returns how many
/// were written.
pub(super) fn write_chart_files(
    s: &Scope,
    kind: &PageKind,
    files: &ChartFiles,
    sink: &dyn Sink,
    diags: &mut Vec<Diagnostic>,
) -> usize {
    let mut written = 0;
    for (file, chart) in files {
        let path = s.urls.output(&kind.chart_file(s.site, *file));
        let svg = chart::standalone_svg(chart, &chart::sources_line(chart), &s.theme.charts);
        match sink.write(&path, svg.as_bytes()) {
            Ok(()) => written += 1,
            Err(e) => diags.push(Diagnostic::error(&path, format!("cannot write: {e}"))),
        }
    }
    written
}
