//! The tables and lists of a province's chapter: key figures, claims, computed figures, data
//! tables by topic, sources. Each row comes from the function the page's table uses.

use super::*;

/// A table whose first row is its header (repeated on every page it runs over).
fn table(w: &mut Writer, columns: &[&str], file: &Path) {
    w.code(&format!(
        "\n#table(columns: {}, align: left, table.header(",
        columns.len()
    ));
    for c in columns {
        w.code("table.cell(")
            .str(c, file, "a column heading")
            .code("), ");
    }
    w.code("),\n");
}

fn cell(w: &mut Writer, text: &str, file: &Path, what: &'static str) {
    w.str(text, file, what).code(", ");
}

pub(super) fn key_figures(s: &Scope, p: &Province, files: &Files, level: usize, w: &mut Writer) {
    let key = key_series(s.site, p, 6);
    if key.is_empty() {
        return;
    }
    heading(w, level, s.t("key_figures"), &files.strings);
    let cols = [
        "col_indicator",
        "col_value",
        "col_year",
        "col_note",
        "col_source",
    ]
    .map(|k| s.t(k));
    table(w, &cols, &files.strings);
    for series in key {
        let Some(obs) = key_observation(series) else {
            continue;
        };
        let ind = s.site.indicator(series.indicator);
        let f = figure(s, series, obs);
        cell(
            w,
            indicator_name(ind, s.lang),
            &files.catalog,
            "an indicator\'s name",
        );
        cell(w, &f.value, &files.province, "a figure");
        cell(w, &f.year, &files.province, "a year");
        cell(w, &note_words(&f), &files.province, "a figure's note");
        cell(
            w,
            &format!("[{}]", f.citation.number),
            &files.sources,
            "a citation",
        );
    }
    w.code(")\n");
}

/// The note column of a figure, as the page's table prints it: status, mark, scope, note.
fn note_words(f: &FigureCtx) -> String {
    [&f.status, &f.derived, &f.scope, &f.note]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn claims_table(s: &Scope, p: &Province, files: &Files, level: usize, w: &mut Writer) {
    let list = claims(s, p);
    if list.is_empty() {
        return;
    }
    heading(w, level, s.t("claims_heading"), &files.strings);
    w.text(s.t("claims_intro"), &files.strings, "an introduction");
    w.code("\n");
    let cols = [
        "col_claim_indicator",
        "col_claim_period",
        "col_claim_stated",
        "col_claim_computed",
        "col_claim_check",
    ]
    .map(|k| s.t(k));
    table(w, &cols, &files.strings);
    for c in list {
        cell(w, &c.indicator, &files.catalog, "an indicator's name");
        cell(w, &c.period, &files.province, "a claim's period");
        let stated = format!("“{}”[{}]", c.stated, c.citation.number);
        cell(w, &stated, &files.province, "a claim");
        cell(
            w,
            c.computed.as_deref().unwrap_or("–"),
            &files.province,
            "a computed figure",
        );
        cell(w, &c.verdict_text, &files.strings, "a claim's check");
    }
    w.code(")\n");
}

pub(super) fn derived(s: &Scope, p: &Province, files: &Files, level: usize, w: &mut Writer) {
    let list = derived_figures(s, p);
    if list.is_empty() {
        return;
    }
    heading(w, level, s.t("derived_figures"), &files.strings);
    w.text(s.t("derived_intro"), &files.strings, "an introduction");
    w.code("\n#list(");
    let mark = format!(
        "{}\u{a0}{}",
        crate::values::PROVENANCE_MARK,
        s.t("provenance_computed")
    );
    for d in list {
        w.code("[#strong[");
        w.text(&d.indicator, &files.catalog, "an indicator's name");
        w.code("]");
        w.text(
            &format!(": {} {mark}", d.text),
            &files.province,
            "a computed figure",
        );
        w.code("], ");
    }
    w.code(")\n");
}

pub(super) fn data_tables(s: &Scope, p: &Province, files: &Files, level: usize, w: &mut Writer) {
    let groups = province_tables(s, p);
    if groups.is_empty() {
        return;
    }
    heading(w, level, s.t("data_table"), &files.strings);
    let cols = [
        "col_indicator",
        "col_year",
        "col_value",
        "col_note",
        "col_source",
    ]
    .map(|k| s.t(k));
    for group in groups {
        heading(w, level + 1, &group.name, &files.catalog);
        table(w, &cols, &files.strings);
        for row in group.items {
            w.code(&format!(
                "table.cell(rowspan: {}, ",
                row.figures.len().max(1)
            ));
            w.str(&row.name, &files.catalog, "an indicator's name")
                .code("), ");
            for f in &row.figures {
                cell(w, &f.year, &files.province, "a year");
                let value = match &f.fraction {
                    Some(fr) => format!("{}\n{fr}", f.value),
                    None => f.value.clone(),
                };
                cell(w, &value, &files.province, "a figure");
                cell(w, &note_words(f), &files.province, "a figure's note");
                cell(
                    w,
                    &format!("[{}]", f.citation.number),
                    &files.sources,
                    "a citation",
                );
            }
        }
        w.code(")\n");
    }
}

/// The province's sources, numbered as the citations number them.
pub(super) fn sources(s: &Scope, p: &Province, files: &Files, level: usize, w: &mut Writer) {
    if p.sources.is_empty() {
        return;
    }
    heading(w, level, s.t("sources_heading"), &files.strings);
    w.code("#enum(");
    for r in &p.sources {
        let src = source_ctx(s, r.0, s.site.source(*r), false);
        let mut text = format!("{}. {}, {}", src.title, src.publisher, src.date);
        if let Some(a) = &src.author {
            text.push_str(&format!(", {a}"));
        }
        text.push('.');
        if let Some(url) = &src.url {
            text.push_str(&format!(" {url}"));
        }
        w.code(&format!("enum.item({})[", src.number));
        w.text(&text, &files.sources, "a source");
        w.code("], ");
    }
    w.code(")\n");
}
