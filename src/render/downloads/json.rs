//! The whole site's figures as one normalised JSON document: each province, indicator,
//! category and source once, then every figure as a row of values under one list of field
//! names (`observation_fields`), so no field name is repeated per figure. `SCHEMA` is its
//! JSON Schema (draft 2020-12), published beside it.

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use crate::model::DatePrecision;
use crate::model::layout::Download;
use crate::model::{IndicatorRef, Lang, Observation, Province, Site};

/// The JSON Schema of the document; `observation_fields` below must follow its
/// `prefixItems`, which a test checks.
pub(super) const SCHEMA: &str = include_str!("schema.json");

/// The names of an observation row's values, in order.
const OBSERVATION_FIELDS: [&str; 16] = [
    "province",
    "indicator",
    "year",
    "from_year",
    "value",
    "status",
    "qualifier",
    "numerator",
    "denominator",
    "out_of",
    "provenance",
    "source",
    "note",
    "note_en",
    "scope",
    "scope_en",
];

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: String,
    title: &'a str,
    language: &'static str,
    categories: Vec<CategoryEntry<'a>>,
    indicators: Vec<IndicatorEntry<'a>>,
    sources: Vec<SourceEntry<'a>>,
    provinces: Vec<ProvinceEntry<'a>>,
    observation_fields: [&'static str; 16],
    observations: Rows<'a>,
}

#[derive(Serialize)]
struct CategoryEntry<'a> {
    id: &'a str,
    name: &'a str,
    name_en: &'a str,
}

#[derive(Serialize)]
struct IndicatorEntry<'a> {
    id: &'a str,
    name: &'a str,
    name_en: &'a str,
    unit: &'a str,
    unit_en: Option<&'a str>,
    kind: crate::model::Kind,
    decimals: u8,
    category: &'a str,
    parent: Option<&'a str>,
}

#[derive(Serialize)]
struct SourceEntry<'a> {
    id: &'a str,
    title: &'a str,
    publisher: &'a str,
    /// The publisher as English pages name it, where `sources.yaml` gives it.
    publisher_en: Option<&'a str>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precisely as it is known.
    date: Option<String>,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct ProvinceEntry<'a> {
    slug: &'a str,
    name: &'a str,
    name_en: Option<&'a str>,
    region: &'a str,
}

/// One figure, serialised as an array in the order of `OBSERVATION_FIELDS`.
#[derive(Serialize)]
struct Row<'a>(
    &'a str,
    &'a str,
    u16,
    Option<u16>,
    serde_json::Number,
    &'static str,
    &'static str,
    Option<serde_json::Number>,
    Option<serde_json::Number>,
    Option<u32>,
    &'static str,
    &'a str,
    Option<String>,
    Option<String>,
    Option<&'a str>,
    Option<&'a str>,
);

/// Every figure of the site, serialised as it is produced.
struct Rows<'a>(&'a Site);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let site = self.0;
        let mut seq = s.serialize_seq(None)?;
        for p in &site.provinces {
            for series in &p.series {
                for o in &series.observations {
                    seq.serialize_element(&row(site, p, series.indicator, o))?;
                }
            }
        }
        seq.end()
    }
}

fn row<'a>(site: &'a Site, p: &'a Province, r: IndicatorRef, o: &'a Observation) -> Row<'a> {
    let (note, note_en) = super::notes(site, o);
    let some = |s: String| (!s.is_empty()).then_some(s);
    let figure = super::figure(site, r, o);
    let (numerator, denominator) = figure.machine_fraction().unzip();
    Row(
        &p.slug,
        &site.indicator(r).id,
        o.year.get(),
        o.from_year.map(|y| y.get()),
        figure.machine_value(),
        o.status.code(),
        o.qualifier.code(),
        numerator,
        denominator,
        o.out_of,
        o.derived.code(),
        &site.source(o.source).id,
        some(note),
        some(note_en),
        o.scope.as_deref(),
        o.scope_en.as_deref(),
    )
}

/// A date as the data files write it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub(super) fn date(d: DatePrecision) -> Option<String> {
    match d {
        DatePrecision::Unknown => None,
        DatePrecision::Year(y) => Some(y.to_string()),
        DatePrecision::Month(y, m) => Some(format!("{y}-{m:02}")),
        DatePrecision::Day(..) => d.iso_day(),
    }
}

/// The document, compact (it is for programs, and large sites have many figures), written
/// into `out` as the rows are made.
pub(super) fn site(site: &Site, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let doc = Document {
        schema: Download::schema_name(),
        title: &site.config.title,
        language: site.config.language.code(),
        categories: site
            .categories
            .iter()
            .map(|c| CategoryEntry {
                id: &c.id,
                name: &c.name,
                name_en: &c.name_en,
            })
            .collect(),
        indicators: site
            .indicators
            .iter()
            .map(|i| IndicatorEntry {
                id: &i.id,
                name: &i.name,
                name_en: &i.name_en,
                unit: &i.unit,
                unit_en: i.unit_en.as_deref(),
                kind: i.kind,
                decimals: i.decimals,
                category: &site.category(i.category).id,
                parent: i.parent.map(|r| site.indicator(r).id.as_str()),
            })
            .collect(),
        sources: site
            .sources
            .iter()
            .map(|s| SourceEntry {
                id: &s.id,
                title: &s.title,
                publisher: &s.publisher,
                publisher_en: s.publisher_en.as_deref(),
                date: date(s.date),
                url: s.url.as_deref(),
            })
            .collect(),
        provinces: site
            .provinces
            .iter()
            .map(|p| ProvinceEntry {
                slug: &p.slug,
                name: &p.name,
                name_en: p
                    .translations
                    .iter()
                    .find(|(l, _)| *l == Lang::En)
                    .map(|(_, t)| t.name.as_str()),
                region: &p.region,
            })
            .collect(),
        observation_fields: OBSERVATION_FIELDS,
        observations: Rows(site),
    };
    serde_json::to_writer(&mut *out, &doc)?;
    out.write_all(b"\n")
}
