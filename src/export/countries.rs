//! `countries.geojson`: Natural Earth country outlines with the mentions of each country and of
//! its places, for choropleths.
//!
//! The outlines are `data/naturalearth/countries-110m.geojson` (Natural Earth 1:110m, public
//! domain), embedded in the binary; their `iso_a2` meets the gazetteer's `country_code`.

use std::collections::BTreeMap;

use geojson::{FeatureCollection, JsonObject};
use serde_json::json;

use crate::count::Counts;
use crate::gazetteer::EntityKind;

/// The shipped country outlines: one feature per country, `id` and `iso_a2` its ISO alpha-2
/// code (`null` for the few territories without one), `name`.
pub fn outlines() -> FeatureCollection {
    crate::borders::EMBEDDED_BORDERS
        .parse::<geojson::GeoJson>()
        .ok()
        .and_then(|g| FeatureCollection::try_from(g).ok())
        .expect("the shipped outlines are a FeatureCollection (a test reads them)")
}

#[derive(Default, Clone, Copy)]
struct CountryTally {
    country_mentions: u64,
    demonym_mentions: u64,
    place_mentions: u64,
    places_mentioned: u64,
}

/// Builds the per-country layer from counts: every country outline (as a MultiPolygon) with `country_mentions` (the
/// country named itself: feature codes `PCL*`), `demonym_mentions` ("Armenian officials"),
/// `place_mentions` (its other places: towns, regions), `places_mentioned` and
/// `total_mentions` (country and places).
pub fn layer(counts: &Counts, layer_name: &str) -> FeatureCollection {
    let mut by_country: BTreeMap<&str, CountryTally> = BTreeMap::new();
    for count in counts.entities.values() {
        let Some(cc) = count.country_code.as_deref() else {
            continue;
        };
        // A river or a range crosses borders: the country of its point does not hold it.
        if count
            .feature_code
            .as_deref()
            .is_some_and(|f| crate::resolve::FeatureKind::of_code(f).is_some())
        {
            continue;
        }
        let tally = by_country.entry(cc).or_default();
        let is_country = count
            .feature_code
            .as_deref()
            .is_some_and(|f| f.starts_with("PCL"));
        match count.kind {
            EntityKind::Demonym => tally.demonym_mentions += count.mentions,
            EntityKind::Place if is_country => tally.country_mentions += count.mentions,
            EntityKind::Place => {
                tally.place_mentions += count.mentions;
                tally.places_mentioned += 1;
            }
            EntityKind::Person | EntityKind::Organisation => {}
        }
    }
    let mut collection = outlines();
    for feature in &mut collection.features {
        // One geometry type for the layer: GDAL reports a mix as "Unknown (any)", and a
        // GeoPackage or shapefile wants one.
        if let Some(geometry) = feature.geometry.as_mut() {
            if let geojson::Value::Polygon(rings) = &geometry.value {
                geometry.value = geojson::Value::MultiPolygon(vec![rings.clone()]);
            }
        }
        let properties = feature.properties.get_or_insert_with(JsonObject::new);
        let code = properties.get("iso_a2").and_then(|v| v.as_str());
        let tally = code
            .and_then(|cc| by_country.get(cc))
            .copied()
            .unwrap_or_default();
        properties.insert("country_mentions".into(), json!(tally.country_mentions));
        properties.insert("demonym_mentions".into(), json!(tally.demonym_mentions));
        properties.insert("place_mentions".into(), json!(tally.place_mentions));
        properties.insert("places_mentioned".into(), json!(tally.places_mentioned));
        properties.insert(
            "total_mentions".into(),
            json!(tally.country_mentions + tally.place_mentions),
        );
    }
    let mut members = super::geojson::provenance(counts, layer_name);
    if let Some(serde_json::Value::Object(source)) = members.get_mut("mentionmap") {
        source.insert(
            "outlines".into(),
            json!("Natural Earth 1:110m Admin 0 - Countries (public domain)"),
        );
    }
    collection.foreign_members = Some(members);
    collection
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outlines_hold_the_caucasus_with_iso_codes() {
        let outlines = outlines();
        assert!(outlines.features.len() > 170);
        let code = |f: &geojson::Feature| {
            f.properties
                .as_ref()
                .and_then(|p| p.get("iso_a2"))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let codes: Vec<String> = outlines.features.iter().filter_map(code).collect();
        for cc in ["AM", "AZ", "GE", "FR", "NO", "RU"] {
            assert!(codes.iter().any(|c| c == cc), "{cc} has an outline");
        }
    }
}
