//! A map layer of resolved names: one Point per place a names column resolved to.

use std::collections::BTreeMap;

use geojson::{Feature, FeatureCollection, Geometry, JsonObject, Value};
use serde_json::json;

use super::{NameResolver, Resolution};
use crate::export::{round6, spellings};
use crate::gazetteer::{EntityIndex, EntityKind};

/// Per place: how many rows named it, how many surely, and in which spellings.
#[derive(Debug, Default)]
struct PlaceRows {
    rows: u64,
    sure_rows: u64,
    spellings: BTreeMap<String, u64>,
}

/// Builds an RFC 7946 FeatureCollection of the places that `rows` (each a name as written and
/// its resolution) resolved to: one Point per place, most named first, with `rows` (how many
/// rows named it), `sure_rows` and the spellings used. People, organisations and unresolved
/// names have no point and are left out; the layer is named `layer_name`.
pub fn places<'a>(
    resolver: &NameResolver,
    rows: impl IntoIterator<Item = (&'a str, &'a Resolution)>,
    layer_name: &str,
) -> FeatureCollection {
    let gazetteer = resolver.gazetteer();
    let mut per_place: BTreeMap<EntityIndex, PlaceRows> = BTreeMap::new();
    for (name, resolution) in rows {
        let Some(best) = resolution.best() else {
            continue;
        };
        let entity = gazetteer.entity(best.entity);
        if entity.kind != EntityKind::Place || entity.point.is_none() {
            continue;
        }
        let place = per_place.entry(best.entity).or_default();
        place.rows += 1;
        place.sure_rows += u64::from(best.sure);
        *place.spellings.entry(name.trim().to_string()).or_default() += 1;
    }
    let mut ranked: Vec<(EntityIndex, PlaceRows)> = per_place.into_iter().collect();
    ranked.sort_by(|a, b| b.1.rows.cmp(&a.1.rows).then(a.0.cmp(&b.0)));
    let features = ranked
        .into_iter()
        .filter_map(|(index, place)| {
            let entity = gazetteer.entity(index);
            let point = entity.point?;
            let mut properties = JsonObject::new();
            properties.insert("entity_id".into(), json!(entity.id));
            properties.insert("name".into(), json!(entity.name));
            properties.insert("feature_code".into(), json!(entity.feature_code));
            properties.insert("country_code".into(), json!(entity.country_code));
            properties.insert("rows".into(), json!(place.rows));
            properties.insert("sure_rows".into(), json!(place.sure_rows));
            properties.insert("spellings".into(), json!(spellings(&place.spellings)));
            Some(Feature {
                bbox: None,
                geometry: Some(Geometry::new(Value::Point(vec![
                    round6(point.lon),
                    round6(point.lat),
                ]))),
                id: Some(geojson::feature::Id::String(entity.id.0.to_string())),
                properties: Some(properties),
                foreign_members: None,
            })
        })
        .collect();
    let mut members = JsonObject::new();
    members.insert("name".into(), json!(layer_name));
    members.insert(
        "mentionmap".into(),
        json!({ "version": env!("CARGO_PKG_VERSION"), "gazetteer": gazetteer.checksum() }),
    );
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(members),
    }
}
