//! CSV tables: places, people and organisations with their counts.

use std::io::Write;

use crate::count::Counts;
use crate::gazetteer::{EntityKind, Gazetteer};

/// Writes `places.csv`: one row per mentioned place, most mentioned first.
///
/// # Errors
/// If writing fails.
pub fn write_places(
    out: &mut dyn Write,
    counts: &Counts,
    gazetteer: &Gazetteer,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "entity_id",
        "name",
        "feature_code",
        "country_code",
        "latitude",
        "longitude",
        "population",
        "mentions",
        "documents",
        "ambiguous",
        "demonym_mentions",
        "spellings",
        "first_doc",
        "last_doc",
    ])?;
    for c in counts.ranked(EntityKind::Place) {
        let id = c.entity_id.clone().unwrap_or_default();
        let demonyms = counts
            .entities
            .get(&format!("demonym:{id}"))
            .map_or(0, |d| d.mentions);
        let population = gazetteer
            .find(&id)
            .map(|i| gazetteer.entity(i).population.to_string());
        writer.write_record([
            id,
            c.name.clone(),
            c.feature_code.clone().unwrap_or_default(),
            c.country_code.clone().unwrap_or_default(),
            c.lat
                .map(|v| super::round6(v).to_string())
                .unwrap_or_default(),
            c.lon
                .map(|v| super::round6(v).to_string())
                .unwrap_or_default(),
            population.unwrap_or_default(),
            c.mentions.to_string(),
            c.documents.to_string(),
            c.ambiguous.to_string(),
            demonyms.to_string(),
            super::spellings(&c.variants),
            c.first_doc.clone(),
            c.last_doc.clone(),
        ])?;
    }
    writer.flush()
}

/// Writes `people.csv` (for [`EntityKind::Person`]) or `organisations.csv`: linked and unlinked
/// names with their counts, most mentioned first. Unlinked names have an empty `entity_id`; they
/// are the list to curate into the gazetteer.
///
/// # Errors
/// If writing fails.
pub fn write_named(out: &mut dyn Write, counts: &Counts, kind: EntityKind) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "entity_id",
        "name",
        "country_code",
        "linked",
        "mentions",
        "documents",
        "spellings",
        "methods",
        "first_doc",
        "last_doc",
    ])?;
    for c in counts.ranked(kind) {
        let methods = c
            .methods
            .iter()
            .map(|(k, v)| format!("{k} ({v})"))
            .collect::<Vec<_>>()
            .join("; ");
        writer.write_record([
            c.entity_id.clone().unwrap_or_default(),
            c.name.clone(),
            c.country_code.clone().unwrap_or_default(),
            c.entity_id.is_some().to_string(),
            c.mentions.to_string(),
            c.documents.to_string(),
            super::spellings(&c.variants),
            methods,
            c.first_doc.clone(),
            c.last_doc.clone(),
        ])?;
    }
    writer.flush()
}
