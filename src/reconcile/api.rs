//! The Reconciliation Service API 0.2 (W3C Entity Reconciliation Community Group) over a
//! [`NameResolver`]: the service manifest, query batches, entity and type suggestions, and HTML
//! previews. Pure functions from request values to response values; the HTTP server lives in
//! the binary (`mentionmap serve`).
//!
//! Types are the entity kinds: `place`, `person`, `organisation`. Two kinds of property are
//! understood, as `resolve --country-column` and `--context-column` are: `country` (or
//! `country_code`: a country's name, its ISO 3166-1 alpha-2 code, or a reconciled country's id)
//! and `context` (or `state`, `division`, `admin1`, `region`: a country or a first-order
//! division, by name or abbreviation, `Texas`, `Tex.`, `TX`). Either says where this one name
//! lies, so it narrows the candidates to those inside, as a cell's own context does; when none
//! lies there, the candidates are all returned and none is a match (see
//! [`NameResolver::resolve`]). The service's `--country` stays a bias for every query. Other
//! properties are accepted and ignored.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{NameQuery, NameResolver, Resolution, RowContext};
use crate::gazetteer::{Entity, EntityIndex, EntityKind};
use crate::{Error, Result};

/// The most queries one batch may hold. OpenRefine sends 10 per request by default; a batch
/// far larger is a mistake or an abuse, refused whole rather than answered slowly.
pub const MAX_BATCH: usize = 1_000;

/// The most candidates one query may ask for.
pub const MAX_LIMIT: usize = 100;

/// How many suggestions a suggest request returns.
pub const SUGGEST_LIMIT: usize = 10;

/// The types this service knows, as `(id, name)`.
pub const TYPES: [(&str, &str); 3] = [
    ("place", "Place"),
    ("person", "Person"),
    ("organisation", "Organisation"),
];

/// Width and height in pixels of the preview frame OpenRefine opens.
const PREVIEW_SIZE: (u32, u32) = (400, 160);

/// The service manifest. `base_url` is where the service answers (`http://127.0.0.1:8088/reconcile`);
/// the view, preview and suggest URLs hang under it.
pub fn manifest(base_url: &str, service_name: &str) -> Value {
    let types: Vec<Value> = TYPES
        .iter()
        .map(|(id, name)| json!({ "id": id, "name": name }))
        .collect();
    json!({
        "versions": ["0.2"],
        "name": service_name,
        "identifierSpace": "urn:mentionmap:entity",
        "schemaSpace": "urn:mentionmap:kind",
        "serviceVersion": env!("CARGO_PKG_VERSION"),
        "defaultTypes": types,
        "view": { "url": format!("{base_url}/preview?id={{{{id}}}}") },
        "preview": {
            "url": format!("{base_url}/preview?id={{{{id}}}}"),
            "width": PREVIEW_SIZE.0,
            "height": PREVIEW_SIZE.1,
        },
        "suggest": {
            "entity": { "service_url": base_url, "service_path": "/suggest/entity" },
            "type": { "service_url": base_url, "service_path": "/suggest/type" },
        },
    })
}

/// One query as the protocol writes it. Unknown members are refused (the schema has
/// `additionalProperties: false`), so a misspelt `props` is a 400, not a silent no-op.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuery {
    query: Option<String>,
    #[serde(rename = "type")]
    types: Option<OneOrMany<String>>,
    limit: Option<f64>,
    properties: Option<Vec<RawProperty>>,
    #[allow(dead_code)] // validated only: with one type per entity, all strategies agree
    type_strict: Option<TypeStrict>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(x) => vec![x],
            OneOrMany::Many(xs) => xs,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum TypeStrict {
    Any,
    Should,
    All,
}

#[derive(Debug, Deserialize)]
struct RawProperty {
    pid: String,
    v: OneOrMany<PropertyValue>,
}

/// A property value: text, a number, a boolean, or a reconciled entity. Only text and entity
/// ids are compared (as country codes); numbers and booleans are checked for shape only.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum PropertyValue {
    Text(String),
    Number(#[allow(dead_code)] f64),
    Bool(#[allow(dead_code)] bool),
    Entity {
        id: String,
        #[allow(dead_code)] // part of the protocol; the id is what is compared
        name: Option<String>,
    },
}

/// A checked query: the name (if any) and what to resolve it with.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The text to match; `None` for a query by properties alone.
    pub text: Option<String>,
    /// Kinds, limit and countries.
    pub options: NameQuery,
}

/// Parses and checks a query batch (`{"q0": {"query": "Baku"}, ...}`), keeping its order.
///
/// # Errors
/// [`Error::BatchTooLarge`] over [`MAX_BATCH`] queries; [`Error::Query`] naming the query and
/// what is wrong: not JSON, not an object, an unknown member, a wrong type, neither `query` nor
/// `properties`.
pub fn parse_batch(body: &str) -> Result<Vec<(String, Query)>> {
    let value: Value = serde_json::from_str(body)
        .map_err(|e| Error::Query(format!("the batch is not valid JSON: {e}")))?;
    let Value::Object(batch) = value else {
        return Err(Error::Query(
            "a batch is a JSON object of queries keyed by id".into(),
        ));
    };
    if batch.len() > MAX_BATCH {
        return Err(Error::BatchTooLarge {
            queries: batch.len(),
            limit: MAX_BATCH,
        });
    }
    batch
        .into_iter()
        .map(|(key, value)| {
            let query = parse_query(value).map_err(|e| Error::Query(format!("{key}: {e}")))?;
            Ok((key, query))
        })
        .collect()
}

/// Parses one query: a JSON object as in a batch, or (the older single-query form) a bare
/// string to match.
///
/// # Errors
/// [`Error::Query`] saying what is wrong.
pub fn parse_single(text: &str) -> Result<Query> {
    match serde_json::from_str::<Value>(text) {
        Ok(value @ Value::Object(_)) => parse_query(value).map_err(Error::Query),
        _ if text.trim().is_empty() => Err(Error::Query("the query is empty".into())),
        _ => Ok(Query {
            text: Some(text.to_string()),
            options: NameQuery::default(),
        }),
    }
}

fn parse_query(value: Value) -> std::result::Result<Query, String> {
    let raw: RawQuery = serde_json::from_value(value).map_err(|e| e.to_string())?;
    let properties = raw.properties.unwrap_or_default();
    if raw.query.is_none() && properties.is_empty() {
        return Err("a query needs a \"query\" string or a non-empty \"properties\" list".into());
    }
    let mut options = NameQuery::default();
    if let Some(limit) = raw.limit {
        if !(limit.is_finite() && limit >= 0.0) {
            return Err(format!("limit {limit} is not a count"));
        }
        options.limit = (limit as usize).min(MAX_LIMIT);
    }
    options.kinds = raw
        .types
        .map(OneOrMany::into_vec)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| kind_of_type(t))
        .collect();
    for property in properties {
        let pid = property.pid.trim().to_ascii_lowercase();
        let country_only = match pid.as_str() {
            "country" | "country_code" => true,
            "context" | "state" | "division" | "admin1" | "region" => false,
            _ => continue,
        };
        for value in property.v.into_vec() {
            let text = match value {
                PropertyValue::Text(text) | PropertyValue::Entity { id: text, .. } => text,
                PropertyValue::Number(_) | PropertyValue::Bool(_) => {
                    return Err(format!(
                        "property {pid:?} takes text: a country's name or ISO 3166-1 code \
                         (\"AZ\"), a division's name or abbreviation (\"Tex.\")"
                    ))
                }
            };
            if !text.trim().is_empty() {
                options.context.push(RowContext {
                    text: text.trim().to_string(),
                    source: format!("property {pid}"),
                    country_only,
                });
            }
        }
    }
    Ok(Query {
        text: raw.query,
        options,
    })
}

/// The kind a type id stands for (`organization` is accepted for `organisation`).
fn kind_of_type(id: &str) -> Option<EntityKind> {
    match id.trim().to_ascii_lowercase().as_str() {
        "place" => Some(EntityKind::Place),
        "person" => Some(EntityKind::Person),
        "organisation" | "organization" => Some(EntityKind::Organisation),
        _ => None,
    }
}

/// Answers one query: `{"result": [candidates]}`.
pub fn answer(resolver: &NameResolver, query: &Query) -> Value {
    let resolution = match &query.text {
        Some(text) => resolver.resolve(text, &query.options),
        // No property identifies an entity by itself here, so a query by properties alone has
        // no candidate.
        None => Resolution::default(),
    };
    let result: Vec<Value> = resolution
        .candidates
        .iter()
        .map(|c| {
            let entity = resolver.gazetteer().entity(c.entity);
            json!({
                "id": entity.id.0,
                "name": entity.name,
                "description": describe(entity),
                "score": c.score,
                "match": c.sure,
                "type": [type_of(entity.kind)],
            })
        })
        .collect();
    json!({ "result": result })
}

/// Answers a batch, keyed as it came.
pub fn answer_batch(resolver: &NameResolver, batch: &[(String, Query)]) -> Value {
    let mut out = Map::new();
    for (key, query) in batch {
        out.insert(key.clone(), answer(resolver, query));
    }
    Value::Object(out)
}

fn type_of(kind: EntityKind) -> Value {
    let (id, name) = TYPES
        .iter()
        .find(|(id, _)| *id == kind.as_str())
        .copied()
        .unwrap_or(("place", "Place"));
    json!({ "id": id, "name": name })
}

/// A one-line description that tells namesakes apart: `PPLA in AZ, lat 39.8177, lon 46.7528`.
fn describe(entity: &Entity) -> String {
    let mut parts = vec![entity
        .feature_code
        .as_deref()
        .unwrap_or_else(|| entity.kind.as_str())
        .to_string()];
    if let Some(cc) = &entity.country_code {
        parts.push(format!("in {cc}"));
    }
    let mut out = parts.join(" ");
    if let Some(p) = entity.point {
        out.push_str(&format!(", lat {:.4}, lon {:.4}", p.lat, p.lon));
    }
    out
}

/// Entity suggestions for a prefix (`/suggest/entity?prefix=Step`), optionally of one type.
pub fn suggest_entities(resolver: &NameResolver, prefix: &str, type_id: Option<&str>) -> Value {
    let kinds: Vec<EntityKind> = type_id.and_then(kind_of_type).into_iter().collect();
    let result: Vec<Value> = resolver
        .complete(prefix, &kinds, SUGGEST_LIMIT)
        .into_iter()
        .map(|e| {
            let entity = resolver.gazetteer().entity(e);
            json!({
                "id": entity.id.0,
                "name": entity.name,
                "description": describe(entity),
                "notable": [type_of(entity.kind)],
            })
        })
        .collect();
    json!({ "result": result })
}

/// Type suggestions for a prefix (`/suggest/type?prefix=pl`).
pub fn suggest_types(prefix: &str) -> Value {
    let prefix = prefix.trim().to_lowercase();
    let result: Vec<Value> = TYPES
        .iter()
        .filter(|(id, name)| id.starts_with(&prefix) || name.to_lowercase().starts_with(&prefix))
        .map(|(id, name)| json!({ "id": id, "name": name }))
        .collect();
    json!({ "result": result })
}

/// An HTML card for one entity (name, kind, country, point, the names it goes by), or `None`
/// for an unknown id.
pub fn preview(resolver: &NameResolver, id: &str) -> Option<String> {
    let index: EntityIndex = resolver.gazetteer().find(id)?;
    let entity = resolver.gazetteer().entity(index);
    // One pass with a set: a list searched for each alias made the card quadratic in an
    // entity's aliases (80,000 took 8 s; issue 30, item 3). Only the names shown are kept; the
    // rest are counted.
    let mut seen: std::collections::HashSet<&str, foldhash::fast::RandomState> =
        std::collections::HashSet::default();
    let mut names: Vec<&str> = Vec::with_capacity(MAX_PREVIEW_NAMES);
    for a in resolver.aliases_of(index) {
        let alias = resolver.gazetteer().alias(a);
        if !alias.generated
            && alias.text != entity.name
            && seen.insert(alias.text.as_str())
            && names.len() < MAX_PREVIEW_NAMES
        {
            names.push(&alias.text);
        }
    }
    let more = seen.len() - names.len();
    let mut rows = vec![
        ("kind", entity.kind.as_str().to_string()),
        ("id", entity.id.0.to_string()),
    ];
    if let Some(code) = &entity.feature_code {
        rows.push(("feature", code.to_string()));
    }
    if let Some(cc) = &entity.country_code {
        rows.push(("country", cc.to_string()));
    }
    if let Some(p) = entity.point {
        rows.push(("lat, lon", format!("{:.6}, {:.6}", p.lat, p.lon)));
    }
    if entity.population > 0 {
        rows.push(("population", entity.population.to_string()));
    }
    let mut also = names.join(", ");
    if more > 0 {
        also.push_str(&format!(" and {more} more"));
    }
    if !also.is_empty() {
        rows.push(("also", also));
    }
    let mut html = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
    html.push_str(&escape(&entity.name));
    html.push_str(
        "</title><style>body{font:13px sans-serif;margin:6px}h3{margin:0 0 4px}\
         th{text-align:left;padding-right:8px;vertical-align:top;color:#555}</style></head><body><h3>",
    );
    html.push_str(&escape(&entity.name));
    html.push_str("</h3><table>");
    for (label, value) in rows {
        html.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(label),
            escape(&value)
        ));
    }
    html.push_str("</table></body></html>\n");
    Some(html)
}

/// A preview lists at most this many other names (a country has hundreds in GeoNames).
const MAX_PREVIEW_NAMES: usize = 30;

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_parse_and_bad_ones_say_why() {
        let ok = parse_batch(
            r#"{"q0": {"query": "Baku", "type": "place", "limit": 2,
                "properties": [{"pid": "country", "v": ["az", {"id": "AM"}]}],
                "type_strict": "should"},
               "q1": {"query": "Lavrov", "type": ["person", "Unknown"]}}"#,
        )
        .unwrap();
        assert_eq!(ok[0].0, "q0");
        let given: Vec<(&str, &str, bool)> = ok[0]
            .1
            .options
            .context
            .iter()
            .map(|c| (c.text.as_str(), c.source.as_str(), c.country_only))
            .collect();
        assert_eq!(
            given,
            [
                ("az", "property country", true),
                ("AM", "property country", true)
            ]
        );
        assert_eq!(ok[0].1.options.limit, 2);
        assert_eq!(ok[0].1.options.kinds, [EntityKind::Place]);
        assert_eq!(ok[1].1.options.kinds, [EntityKind::Person]);
        let table = [
            ("not json", "not valid JSON"),
            ("[1]", "JSON object"),
            (r#"{"q1": {"limit": 1}}"#, "q1: a query needs"),
            (r#"{"q1": {"properties": []}}"#, "q1: a query needs"),
            (
                r#"{"q1": {"query": "x", "props": []}}"#,
                "unknown field `props`",
            ),
            (r#"{"q1": {"query": 5}}"#, "q1: invalid type"),
            (r#"{"q1": {"query": "x", "limit": -1}}"#, "not a count"),
            (
                r#"{"q1": {"query": "x", "type_strict": "some"}}"#,
                "unknown variant",
            ),
            (r#"{"q1": "Baku"}"#, "q1: invalid type"),
        ];
        for (body, expected) in table {
            let error = parse_batch(body).unwrap_err().to_string();
            assert!(error.contains(expected), "{body}: {error}");
        }
        let huge: Map<String, Value> = (0..=MAX_BATCH)
            .map(|i| (format!("q{i}"), json!({"query": "x"})))
            .collect();
        let error = parse_batch(&Value::Object(huge).to_string()).unwrap_err();
        assert!(error.to_string().contains("at most 1000"), "{error}");
    }

    #[test]
    fn single_queries_are_objects_or_bare_strings() {
        assert_eq!(parse_single("Baku").unwrap().text.as_deref(), Some("Baku"));
        let q = parse_single(r#"{"query": "Baku", "limit": 1}"#).unwrap();
        assert_eq!((q.text.as_deref(), q.options.limit), (Some("Baku"), 1));
        assert!(parse_single("  ").is_err());
        assert!(parse_single(r#"{"limit": 1}"#).is_err());
    }

    #[test]
    fn html_is_escaped_and_types_suggested() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(suggest_types("PL")["result"][0]["id"], "place");
        assert_eq!(suggest_types("")["result"].as_array().unwrap().len(), 3);
        assert!(manifest("http://h/reconcile", "n")["view"]["url"]
            .as_str()
            .unwrap()
            .ends_with("/preview?id={{id}}"));
    }
}
