//! One name's resolution as a JSON object: the record `resolve --format jsonl` writes per row and
//! the Python package's `resolve` returns per name.

use serde_json::{json, Map, Value};

use super::{NameResolver, Resolution};
use crate::export::round6;

/// The resolution of the name `input` as a JSON object: `input`, the winner's `entity_id`,
/// `name`, `kind`, `longitude` and `latitude` (six decimals), `country_code`, `feature_code`,
/// then `method`, `score`, `match` (a sure winner), `evidence` and `runners_up` (objects with
/// their scores). Every key is there for an unresolved name too, `null` (`match` false, no
/// runners-up), so the records of a column make one table.
///
/// ```
/// use mentionmap::reconcile::{record, NameQuery, NameResolver};
/// use mentionmap::Gazetteer;
///
/// let resolver = NameResolver::builder().build(Gazetteer::embedded()?)?;
/// let resolution = resolver.resolve("Khankendi", &NameQuery::default());
/// let row = record(&resolver, "Khankendi", &resolution);
/// assert_eq!(row["name"], "Stepanakert");
/// assert_eq!(row["match"], true);
/// # Ok::<(), mentionmap::Error>(())
/// ```
pub fn record(resolver: &NameResolver, input: &str, resolution: &Resolution) -> Map<String, Value> {
    let g = resolver.gazetteer();
    let best = resolution.best();
    let entity = best.map(|c| g.entity(c.entity));
    let runners_up: Vec<_> = resolution
        .runners_up()
        .iter()
        .map(|c| {
            let other = g.entity(c.entity);
            json!({
                "entity_id": other.id,
                "name": other.name,
                "kind": other.kind,
                "country_code": other.country_code,
                "score": c.score,
            })
        })
        .collect();
    let row = json!({
        "input": input,
        "entity_id": entity.map(|e| &e.id),
        "name": entity.map(|e| &e.name),
        "kind": entity.map(|e| e.kind),
        "longitude": entity.and_then(|e| e.point).map(|p| round6(p.lon)),
        "latitude": entity.and_then(|e| e.point).map(|p| round6(p.lat)),
        "country_code": entity.and_then(|e| e.country_code.as_ref()),
        "feature_code": entity.and_then(|e| e.feature_code.as_ref()),
        "method": resolution.method,
        "score": best.map(|c| c.score),
        "match": best.is_some_and(|c| c.sure),
        "evidence": best.map(|c| &c.evidence),
        "notes": resolution.notes,
        "doubt": resolution.doubt().map(super::Doubt::as_str),
        "runners_up": runners_up,
    });
    match row {
        Value::Object(map) => map,
        _ => unreachable!("json! of braces is an object"),
    }
}
