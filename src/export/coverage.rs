//! Audit outputs: `coverage.csv` and `coverage.geojson` (every place of the scope, zeros
//! included), the long table of a breakdown by period or source, and the comparison of two
//! bodies of news.
//!
//! The CSV tables put `longitude` and `latitude` first among the numbers, named as QGIS and
//! kepler.gl look for them; the GeoJSON follows `CONVENTIONS.md` (string feature `id`, one JSON
//! type per property, `null` for the dates and documents of places never mentioned).

use std::io::Write;

use geojson::{Feature, FeatureCollection, Geometry, JsonObject, JsonValue, Value};
use serde_json::json;

use crate::audit::{Columns, Comparison, Coverage};
use crate::count::Counts;

const PLACE_COLUMNS: [&str; 7] = [
    "entity_id",
    "name",
    "feature_code",
    "country_code",
    "longitude",
    "latitude",
    "population",
];

fn place_fields(row: &Coverage<'_>) -> Vec<String> {
    let e = row.entity;
    let coordinate = |f: fn(&crate::gazetteer::LonLat) -> f64| {
        e.point
            .as_ref()
            .map(|p| super::round6(f(p)).to_string())
            .unwrap_or_default()
    };
    vec![
        e.id.0.to_string(),
        e.name.to_string(),
        e.feature_code.as_deref().unwrap_or_default().to_string(),
        e.country_code.as_deref().unwrap_or_default().to_string(),
        coordinate(|p| p.lon),
        coordinate(|p| p.lat),
        e.population.to_string(),
    ]
}

/// Writes `coverage.csv`: one row per place of the scope, zeros included.
///
/// # Errors
/// If writing fails.
pub fn write_csv(out: &mut dyn Write, rows: &[Coverage<'_>]) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = PLACE_COLUMNS.to_vec();
    header.extend([
        "mentions",
        "documents",
        "demonym_mentions",
        "first_date",
        "last_date",
        "spelling_count",
        "spellings",
        "first_doc",
        "last_doc",
    ]);
    writer.write_record(&header)?;
    for row in rows {
        let mut record = place_fields(row);
        let c = row.count;
        let date = |d: Option<crate::date::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        record.extend([
            row.mentions().to_string(),
            row.documents().to_string(),
            row.demonym_mentions.to_string(),
            date(c.and_then(|c| c.first_date())),
            date(c.and_then(|c| c.last_date())),
            c.map_or(0, |c| c.variants.len()).to_string(),
            c.map(|c| super::spellings(&c.variants)).unwrap_or_default(),
            c.map(|c| c.first_doc.clone()).unwrap_or_default(),
            c.map(|c| c.last_doc.clone()).unwrap_or_default(),
        ]);
        writer.write_record(&record)?;
    }
    writer.flush()
}

/// Builds `coverage.geojson`: one Point per place of the scope, zeros included, so a GIS can
/// style the places the news never names.
pub fn layer(rows: &[Coverage<'_>], counts: &Counts, layer_name: &str) -> FeatureCollection {
    let features = rows
        .iter()
        .filter_map(|row| {
            let c = row.count;
            let mut properties = JsonObject::new();
            let mut put = |key: &str, value: JsonValue| {
                properties.insert(key.to_string(), value);
            };
            put("mentions", json!(row.mentions()));
            put("documents", json!(row.documents()));
            put("demonym_mentions", json!(row.demonym_mentions));
            put("mentioned", json!(row.mentions() > 0));
            put("first_date", json!(c.and_then(|c| c.first_date())));
            put("last_date", json!(c.and_then(|c| c.last_date())));
            put("spelling_count", json!(c.map_or(0, |c| c.variants.len())));
            put("spellings", json!(c.map(|c| super::spellings(&c.variants))));
            put("first_doc", json!(c.map(|c| &c.first_doc)));
            put("last_doc", json!(c.map(|c| &c.last_doc)));
            place_feature(row, properties)
        })
        .collect();
    collection(features, counts, layer_name)
}

/// A Point feature of a scope's place: its gazetteer fields, then `extra`.
fn place_feature(row: &Coverage<'_>, extra: JsonObject) -> Option<Feature> {
    let e = row.entity;
    let point = e.point?;
    let mut properties = JsonObject::new();
    properties.insert("entity_id".into(), json!(e.id.0));
    properties.insert("name".into(), json!(e.name));
    properties.insert("feature_code".into(), json!(e.feature_code));
    properties.insert("country_code".into(), json!(e.country_code));
    properties.insert("population".into(), json!(e.population));
    properties.extend(extra);
    Some(Feature {
        bbox: None,
        geometry: Some(Geometry::new(Value::Point(vec![
            super::round6(point.lon),
            super::round6(point.lat),
        ]))),
        id: Some(geojson::feature::Id::String(e.id.0.to_string())),
        properties: Some(properties),
        foreign_members: None,
    })
}

fn collection(features: Vec<Feature>, counts: &Counts, layer_name: &str) -> FeatureCollection {
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(super::geojson::provenance(counts, layer_name)),
    }
}

/// Writes the breakdown table (`coverage_by_month.csv` and the like): one row per place of the
/// scope and period or source, zeros included, with the documents counted under the label.
///
/// # Errors
/// If writing fails.
pub fn write_breakdown_csv(
    out: &mut dyn Write,
    rows: &[Coverage<'_>],
    columns: &Columns,
    by: &str,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = PLACE_COLUMNS.to_vec();
    let label_documents = format!("{by}_documents");
    header.extend([by, "mentions", "documents", label_documents.as_str()]);
    writer.write_record(&header)?;
    for row in rows {
        let fields = place_fields(row);
        for ((label, total), tally) in columns.labels.iter().zip(columns.tallies(row.count)) {
            let mut record = fields.clone();
            record.extend([
                label.clone(),
                tally.mentions.to_string(),
                tally.documents.to_string(),
                total.to_string(),
            ]);
            writer.write_record(&record)?;
        }
    }
    writer.flush()
}

/// Writes `compare.csv`: per place of the scope, the mentions and documents in A and B, B's
/// mentions minus A's, and `covered_by` (`both`, `a_only`, `b_only`, `neither`).
///
/// # Errors
/// If writing fails.
pub fn write_compare_csv(out: &mut dyn Write, rows: &[Comparison<'_>]) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = PLACE_COLUMNS.to_vec();
    header.extend([
        "a_mentions",
        "b_mentions",
        "difference",
        "a_documents",
        "b_documents",
        "covered_by",
    ]);
    writer.write_record(&header)?;
    for row in rows {
        let mut record = place_fields(&row.a);
        record.extend([
            row.a.mentions().to_string(),
            row.b.map_or(0, |c| c.mentions).to_string(),
            row.difference().to_string(),
            row.a.documents().to_string(),
            row.b.map_or(0, |c| c.documents).to_string(),
            row.covered().as_str().to_string(),
        ]);
        writer.write_record(&record)?;
    }
    writer.flush()
}

/// Builds `compare.geojson`: the comparison as Points, every place of the scope.
pub fn compare_layer(rows: &[Comparison<'_>], a: &Counts, layer_name: &str) -> FeatureCollection {
    let features = rows
        .iter()
        .filter_map(|row| {
            let mut properties = JsonObject::new();
            properties.insert("a_mentions".into(), json!(row.a.mentions()));
            properties.insert("b_mentions".into(), json!(row.b.map_or(0, |c| c.mentions)));
            properties.insert("difference".into(), json!(row.difference()));
            properties.insert("a_documents".into(), json!(row.a.documents()));
            properties.insert(
                "b_documents".into(),
                json!(row.b.map_or(0, |c| c.documents)),
            );
            properties.insert("covered_by".into(), json!(row.covered().as_str()));
            place_feature(&row.a, properties)
        })
        .collect();
    collection(features, a, layer_name)
}
