//! The map layer: an RFC 7946 FeatureCollection of mentioned places.
//!
//! Shaped for GIS tools (see `CONVENTIONS.md`): `[lon, lat]` rounded to 6 decimals, a string
//! feature `id` (GDAL would otherwise turn it into the FID and drop it), no `id` or `crs` inside,
//! flat properties with one JSON type per key so QGIS and kepler.gl can style on `mentions`, and
//! the layer name and provenance as foreign members of the collection.

use geojson::{Feature, FeatureCollection, Geometry, JsonObject, JsonValue, Value};
use serde_json::json;

use crate::count::{Counts, EntityCount};
use crate::gazetteer::{EntityKind, Gazetteer};

/// Builds the places layer: one Point feature per mentioned place, most mentioned first.
pub fn places(counts: &Counts, gazetteer: &Gazetteer, layer_name: &str) -> FeatureCollection {
    let features = counts
        .ranked(EntityKind::Place)
        .into_iter()
        .filter_map(|count| feature(count, counts, gazetteer))
        .collect();
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(provenance(counts, layer_name)),
    }
}

/// A layer's foreign members: its `name` (the layer name in GDAL/QGIS) and where it came from
/// (tool version, gazetteer checksum, documents counted). Shared by every layer mentionmap writes.
pub(crate) fn provenance(counts: &Counts, layer_name: &str) -> JsonObject {
    let mut members = JsonObject::new();
    members.insert("name".into(), json!(layer_name));
    members.insert(
        "mentionmap".into(),
        json!({
            "version": env!("CARGO_PKG_VERSION"),
            "gazetteer": counts.gazetteer,
            "documents": counts.documents,
        }),
    );
    members
}

/// Writes a layer as a GeoJSON text sequence: one Feature per line, UTF-8, each line ending in
/// `\n` (`places.geojsonl`), for loaders that stream (GDAL's GeoJSONSeq driver, tippecanoe,
/// `jq -c`). RFC 8142 also allows a record separator (0x1E) before each record; GDAL writes
/// `.geojsonl` without it and reads both, so it is left out. The collection's name and
/// provenance have no place in a sequence; GDAL names the layer after the file.
///
/// # Errors
/// If writing fails.
pub fn write_seq(out: &mut dyn std::io::Write, layer: &FeatureCollection) -> std::io::Result<()> {
    for feature in &layer.features {
        serde_json::to_writer(&mut *out, feature)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn feature(count: &EntityCount, counts: &Counts, gazetteer: &Gazetteer) -> Option<Feature> {
    let (lon, lat) = (count.lon?, count.lat?);
    let id = count.entity_id.clone()?;
    let population = gazetteer.find(&id).map(|i| gazetteer.entity(i).population);
    let top_spelling = count
        .variants
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(k, _)| k.clone());
    let mut properties = JsonObject::new();
    let mut put = |key: &str, value: JsonValue| {
        properties.insert(key.to_string(), value);
    };
    put("entity_id", json!(id));
    put("name", json!(count.name));
    put("feature_code", json!(count.feature_code));
    put("country_code", json!(count.country_code));
    put("population", json!(population));
    put("mentions", json!(count.mentions));
    let demonyms = counts
        .entities
        .get(&format!("demonym:{id}"))
        .map_or(0, |d| d.mentions);
    put("demonym_mentions", json!(demonyms));
    put("documents", json!(count.documents));
    put("ambiguous", json!(count.ambiguous));
    put("spelling_count", json!(count.variants.len()));
    put("top_spelling", json!(top_spelling));
    put("spellings", json!(super::spellings(&count.variants)));
    put("first_doc", json!(count.first_doc));
    put("last_doc", json!(count.last_doc));
    put("variants", json!(count.variants));
    Some(Feature {
        bbox: None,
        geometry: Some(Geometry::new(Value::Point(vec![
            super::round6(lon),
            super::round6(lat),
        ]))),
        id: Some(geojson::feature::Id::String(id)),
        properties: Some(properties),
        foreign_members: None,
    })
}
