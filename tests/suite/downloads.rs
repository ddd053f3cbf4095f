//! The data downloads: which files a site publishes, CSV for spreadsheets (BOM, plain
//! numbers), the normalised whole-site JSON and its schema, and the links pages give to them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::common::*;

fn csv_rows(out: &Path, rel: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let bytes = std::fs::read(out.join(rel)).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{rel} must start with a UTF-8 BOM"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    (headers, reader.records().map(Result::unwrap).collect())
}

fn json(out: &Path, rel: &str) -> Value {
    serde_json::from_slice(&std::fs::read(out.join(rel)).unwrap()).unwrap()
}

#[test]
fn downloads_hold_plain_numbers_and_a_bom() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let (headers, rows) = csv_rows(&out, "tai-ve/du-lieu.csv");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let alpha = |id: &str, year: &str| {
        rows.iter()
            .find(|r| {
                &r[col("province_slug")] == "alpha"
                    && &r[col("indicator_id")] == id
                    && &r[col("year")] == year
            })
            .unwrap()
            .clone()
    };
    assert_eq!(&alpha("ict_revenue", "2019")[col("value")], "72120");
    let share = alpha("signed_share", "2020");
    assert_eq!(&share[col("value")], "98.3");
    assert_eq!(&share[col("source_id")], "alpha-2020");
    let (headers, rows) = csv_rows(&out, "tai-ve/chi-so/signed_share.csv");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 3);
    let dak = rows
        .iter()
        .find(|r| &r[col("province_slug")] == "dak-lak")
        .unwrap();
    assert_eq!(&dak[col("value")], "68");
    assert_eq!(&dak[col("numerator")], "572594");
    assert_eq!(csv_rows(&out, "tai-ve/du-lieu.csv").1.len(), 12);
}

/// The whole-site CSV names a figure's source by its id (`nguon.csv` has its title); an
/// indicator's file leaves out its own id too, and no file has `derived`, which only
/// repeated `provenance`. Every other cell of an indicator's row is the whole-site row's.
#[test]
fn an_indicator_csv_leaves_out_what_its_name_and_the_source_id_say() {
    let site_columns = [
        "province_slug",
        "province",
        "indicator_id",
        "indicator",
        "unit",
        "year",
        "from_year",
        "value",
        "status",
        "qualifier",
        "numerator",
        "denominator",
        "out_of",
        "provenance",
        "source_id",
        "note",
        "note_en",
        "scope",
    ];
    let indicator_columns: Vec<&str> = site_columns
        .into_iter()
        .filter(|c| *c != "indicator_id")
        .collect();
    // The bundled site has derived figures, the fixture a numerator and a denominator.
    for root in [fixture("good"), repo()] {
        let (_tmp, out) = build_into_temp(&root, None);
        let (site_headers, site_rows) = csv_rows(&out, "tai-ve/du-lieu.csv");
        assert_eq!(site_headers.iter().collect::<Vec<_>>(), site_columns);
        let site_col = |name: &str| site_headers.iter().position(|h| h == name).unwrap();
        let mut compared = 0;
        for entry in std::fs::read_dir(out.join("tai-ve/chi-so")).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let id = name.strip_suffix(".csv").unwrap();
            let (headers, rows) = csv_rows(&out, &format!("tai-ve/chi-so/{name}"));
            assert_eq!(
                headers.iter().collect::<Vec<_>>(),
                indicator_columns,
                "{id}"
            );
            let of_indicator: Vec<&csv::StringRecord> = site_rows
                .iter()
                .filter(|r| &r[site_col("indicator_id")] == id)
                .collect();
            assert_eq!(rows.len(), of_indicator.len(), "{id}");
            for (row, site_row) in rows.iter().zip(of_indicator) {
                for (i, column) in headers.iter().enumerate() {
                    assert_eq!(&row[i], &site_row[site_col(column)], "{id} {column}");
                }
                compared += 1;
            }
        }
        assert_eq!(compared, site_rows.len(), "{}", root.display());
        if root == repo() {
            // `provenance` says what `derived` said, and more: how a figure was derived.
            let provenance: BTreeSet<&str> = site_rows
                .iter()
                .map(|r| &r[site_col("provenance")])
                .collect();
            assert!(provenance.contains("stated"), "{provenance:?}");
            assert!(provenance.len() > 1, "{provenance:?}");
        }
    }
}

/// Every `source_id` of every CSV file is a row of `nguon.csv`, which gives the source as
/// `sources.yaml` does: a figure's source is one lookup away in the downloads themselves.
#[test]
fn every_source_a_csv_names_is_a_row_of_the_sources_file() {
    for root in [fixture("good"), repo()] {
        let (_tmp, out) = build_into_temp(&root, None);
        let (headers, rows) = csv_rows(&out, "tai-ve/nguon.csv");
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let yaml: serde_yaml::Value = serde_yaml::from_str(
            &std::fs::read_to_string(root.join("content/sources.yaml")).unwrap(),
        )
        .unwrap();
        let listed = yaml.as_sequence().unwrap();
        assert_eq!(rows.len(), listed.len(), "{}", root.display());
        let titles: BTreeMap<String, String> = rows
            .iter()
            .map(|r| (r[col("source_id")].to_string(), r[col("title")].to_string()))
            .collect();
        for source in listed {
            let id = source["id"].as_str().unwrap();
            assert_eq!(
                titles.get(id).map(String::as_str),
                source["title"].as_str(),
                "{id}"
            );
        }
        let mut files = vec!["tai-ve/du-lieu.csv".to_string()];
        for entry in std::fs::read_dir(out.join("tai-ve/chi-so")).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            files.push(format!("tai-ve/chi-so/{name}"));
        }
        let mut named = 0;
        for file in files {
            let (headers, rows) = csv_rows(&out, &file);
            let id = headers.iter().position(|h| h == "source_id").unwrap();
            for row in &rows {
                assert!(titles.contains_key(&row[id]), "{file}: {}", &row[id]);
                named += 1;
            }
        }
        assert!(named > 10, "{named}");
    }
}

#[test]
fn a_site_publishes_one_csv_per_indicator_and_the_whole_site_once_in_each_format() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let files: BTreeSet<String> = walkdir::WalkDir::new(out.join("tai-ve"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    let doc = json(&out, "tai-ve/du-lieu.json");
    let mut expected: BTreeSet<String> = [
        "tai-ve/du-lieu.csv",
        "tai-ve/du-lieu.json",
        "tai-ve/du-lieu.schema.json",
        "tai-ve/nguon.csv",
        // The downloads page, which lists them all.
        "tai-ve/index.html",
    ]
    .map(String::from)
    .into();
    // No file per province: its rows are on its page and in the whole-site files.
    // One file per indicator with figures.
    let with_data: BTreeSet<&str> = doc["observations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[1].as_str().unwrap())
        .collect();
    expected.extend(with_data.iter().map(|id| format!("tai-ve/chi-so/{id}.csv")));
    assert_eq!(files, expected);
}

#[test]
fn pages_link_to_their_downloads() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let hrefs = |rel: &str| -> Vec<String> {
        page(&out, rel)
            .select(&sel("p.downloads a"))
            .filter_map(|a| a.value().attr("href").map(String::from))
            .collect()
    };
    assert_eq!(
        hrefs("tinh/alpha/index.html"),
        ["/ict/tai-ve/du-lieu.csv", "/ict/tai-ve/du-lieu.json"]
    );
    assert_eq!(
        hrefs("chi-so/signed_share/index.html"),
        ["/ict/tai-ve/chi-so/signed_share.csv"]
    );
    assert_eq!(
        hrefs("index.html"),
        [
            "/ict/tai-ve/du-lieu.csv",
            "/ict/tai-ve/du-lieu.json",
            "/ict/tai-ve/du-lieu.schema.json",
            "/ict/tai-ve/nguon.csv",
            "/ict/tai-ve/"
        ]
    );
    for href in hrefs("index.html") {
        let rel = href.strip_prefix("/ict/").unwrap();
        // A folder link is its index page.
        let file = match rel.strip_suffix('/') {
            Some(dir) => out.join(dir).join("index.html"),
            None => out.join(rel),
        };
        assert!(file.is_file(), "{href}");
    }
}

#[test]
fn the_site_json_names_each_thing_once_and_holds_every_figure_of_the_csv() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let doc = json(&out, "tai-ve/du-lieu.json");
    assert_eq!(doc["$schema"], "du-lieu.schema.json");
    let fields: Vec<&str> = doc["observation_fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let at = |name: &str| fields.iter().position(|f| *f == name).unwrap();
    let rows = doc["observations"].as_array().unwrap();
    // Every figure is a row of values, not an object repeating the field names.
    assert!(
        rows.iter()
            .all(|r| r.as_array().unwrap().len() == fields.len())
    );
    let key = |p: &str, i: &str, y: &str, v: &str| format!("{p} {i} {y} {v}");
    let from_json: BTreeSet<String> = rows
        .iter()
        .map(|r| {
            key(
                r[at("province")].as_str().unwrap(),
                r[at("indicator")].as_str().unwrap(),
                &r[at("year")].to_string(),
                &r[at("value")].to_string(),
            )
        })
        .collect();
    let (headers, csv) = csv_rows(&out, "tai-ve/du-lieu.csv");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let from_csv: BTreeSet<String> = csv
        .iter()
        .map(|r| {
            key(
                &r[col("province_slug")],
                &r[col("indicator_id")],
                &r[col("year")],
                &r[col("value")],
            )
        })
        .collect();
    assert_eq!(from_json, from_csv);
    assert_eq!(rows.len(), csv.len());
    let dak = rows
        .iter()
        .find(|r| r[at("province")] == "dak-lak" && r[at("indicator")] == "signed_share")
        .unwrap();
    assert_eq!(dak[at("numerator")], serde_json::json!(572594));
    // Provinces, indicators and sources are listed once, with what the rows refer to.
    let ids = |list: &str, id: &str| -> BTreeSet<String> {
        doc[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[id].as_str().unwrap().to_string())
            .collect()
    };
    for (list, id, field) in [
        ("provinces", "slug", "province"),
        ("indicators", "id", "indicator"),
        ("sources", "id", "source"),
    ] {
        let known = ids(list, id);
        assert_eq!(known.len(), doc[list].as_array().unwrap().len(), "{list}");
        for r in rows {
            assert!(known.contains(r[at(field)].as_str().unwrap()), "{r}");
        }
    }
}

/// Checks `value` against the parts of JSON Schema the published schema uses: `type`,
/// `enum`, `required`, `properties`, `items` (a schema or `false`), `prefixItems`,
/// `minItems` and `minimum`. Returns the first mismatch, with its JSON path.
fn validate(schema: &Value, value: &Value, path: &str) -> Result<(), String> {
    let fail = |what: &str| Err(format!("{path}: {what} ({value})"));
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => return fail("bad type in schema"),
        };
        let ok = types.iter().any(|t| match *t {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "null" => value.is_null(),
            "object" => value.is_object(),
            "array" => value.is_array(),
            "boolean" => value.is_boolean(),
            _ => false,
        });
        if !ok {
            return fail(&format!("not of type {types:?}"));
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        return fail("not one of the enum");
    }
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
        && value.as_f64().is_some_and(|v| v < min)
    {
        return fail("below the minimum");
    }
    if let Some(obj) = value.as_object() {
        for name in schema["required"].as_array().into_iter().flatten() {
            if !obj.contains_key(name.as_str().unwrap()) {
                return fail(&format!("{name} missing"));
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, sub) in props {
                if let Some(v) = obj.get(name) {
                    validate(sub, v, &format!("{path}.{name}"))?;
                }
            }
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            return fail("too few items");
        }
        let prefix = schema
            .get("prefixItems")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, item) in items.iter().enumerate() {
            let sub = match prefix.get(i) {
                Some(s) => s,
                None => match schema.get("items") {
                    Some(Value::Bool(false)) => return fail("more items than prefixItems"),
                    Some(s) => s,
                    None => continue,
                },
            };
            validate(sub, item, &format!("{path}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn the_site_json_follows_its_published_schema() {
    for root in [fixture("good"), repo()] {
        let (_tmp, out) = build_into_temp(&root, None);
        let schema = json(&out, "tai-ve/du-lieu.schema.json");
        let doc = json(&out, "tai-ve/du-lieu.json");
        validate(&schema, &doc, "$").unwrap();
        // The row's field names are the schema's, in its order.
        let titles: Vec<&Value> = schema["properties"]["observations"]["items"]["prefixItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["title"])
            .collect();
        let fields: Vec<&Value> = doc["observation_fields"]
            .as_array()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(titles, fields);
    }
}

#[test]
fn the_schema_check_catches_a_wrong_document() {
    let (_tmp, out) = build_into_temp(&fixture("good"), None);
    let schema = json(&out, "tai-ve/du-lieu.schema.json");
    let mut doc = json(&out, "tai-ve/du-lieu.json");
    doc["observations"][0][4] = Value::String("72.120".into());
    assert!(
        validate(&schema, &doc, "$")
            .unwrap_err()
            .contains("$.observations[0][4]")
    );
    let mut doc = json(&out, "tai-ve/du-lieu.json");
    doc["observations"][0][5] = Value::String("guess".into());
    assert!(validate(&schema, &doc, "$").is_err());
    let mut doc = json(&out, "tai-ve/du-lieu.json");
    doc["observations"][0]
        .as_array_mut()
        .unwrap()
        .push(Value::Null);
    assert!(validate(&schema, &doc, "$").is_err());
}

/// Every enum of the published schema lists exactly the vocabulary's codes, in its order:
/// a new status, qualifier, provenance or kind cannot reach the downloads undescribed.
#[test]
fn schema_enums_are_the_vocabulary() {
    use ictreport::model::{Kind, Provenance, Qualifier, Status};
    fn enums(v: &Value, name: Option<&str>, out: &mut Vec<(String, Vec<String>)>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::Array(words)) = map.get("enum") {
                    let title = map.get("title").and_then(Value::as_str).or(name);
                    let words = words.iter().filter_map(Value::as_str).map(String::from);
                    out.push((title.unwrap_or_default().to_string(), words.collect()));
                }
                for (k, child) in map {
                    enums(child, Some(k), out);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| enums(i, None, out)),
            _ => {}
        }
    }
    let schema = std::fs::read_to_string(repo().join("src/render/downloads/schema.json")).unwrap();
    let mut found = Vec::new();
    enums(&serde_json::from_str(&schema).unwrap(), None, &mut found);
    let codes = |c: Vec<&str>| c.into_iter().map(String::from).collect::<Vec<_>>();
    let expected = [
        ("kind", codes(Kind::ALL.map(Kind::code).to_vec())),
        ("status", codes(Status::ALL.map(Status::code).to_vec())),
        (
            "qualifier",
            codes(Qualifier::ALL.map(Qualifier::code).to_vec()),
        ),
        (
            "provenance",
            codes(Provenance::ALL.map(Provenance::code).to_vec()),
        ),
    ];
    found.sort();
    let mut expected: Vec<(String, Vec<String>)> = expected
        .into_iter()
        .map(|(n, c)| (n.to_string(), c))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
}
