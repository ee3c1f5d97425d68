//! Writing results: GeoJSON map layers, CSV tables, JSONL mentions.
//!
//! Files are written through [`crate::output`]: checked before the run, written beside their
//! destination and put in place together, so a failed run never leaves a half-written output.

pub mod contested;
pub mod countries;
pub mod coverage;
pub mod geojson;
mod jsonl;
pub mod map;
pub mod suggest;
pub mod table;

use std::path::Path;

pub use jsonl::{write_mentions_jsonl, JsonlWriter};

use crate::output::OutputSet;
use crate::Result;

/// The files [`write_count_outputs`] writes, for checking them before a run.
pub const COUNT_OUTPUTS: [&str; 6] = [
    "places.geojson",
    "places.geojsonl",
    "places.csv",
    "people.csv",
    "organisations.csv",
    "map.html",
];

/// Writes the count-derived outputs ([`COUNT_OUTPUTS`]) into `dir`, as part of `outputs`:
/// `places.geojson`, `places.geojsonl` (the same features as a GeoJSON text sequence),
/// `places.csv`, `people.csv`, `organisations.csv`, and `map.html` of `picture` (shared by
/// `map` and `export`).
///
/// # Errors
/// If a file cannot be a destination, or writing fails.
pub fn write_count_outputs(
    outputs: &mut OutputSet,
    dir: &Path,
    counts: &crate::Counts,
    gazetteer: &crate::Gazetteer,
    layer_name: &str,
    picture: &map::Picture,
) -> Result<()> {
    use crate::gazetteer::EntityKind;
    let layer = geojson::places(counts, gazetteer, layer_name);
    outputs.write(&dir.join("places.geojson"), |w| {
        serde_json::to_writer(&mut *w, &layer)?;
        w.write_all(b"\n")
    })?;
    outputs.write(&dir.join("places.geojsonl"), |w| {
        geojson::write_seq(w, &layer)
    })?;
    outputs.write(&dir.join("places.csv"), |w| {
        table::write_places(w, counts, gazetteer)
    })?;
    outputs.write(&dir.join("people.csv"), |w| {
        table::write_named(w, counts, EntityKind::Person)
    })?;
    outputs.write(&dir.join("organisations.csv"), |w| {
        table::write_named(w, counts, EntityKind::Organisation)
    })?;
    let page = picture.html();
    outputs.write(&dir.join("map.html"), |w| w.write_all(page.as_bytes()))
}

/// Rounds degrees to 6 decimals (about 10 cm), as GIS tools expect.
pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A flat, readable summary of spellings: `Stepanakert (3); Khankendi (1)`, most used first.
pub(crate) fn spellings(variants: &std::collections::BTreeMap<String, u64>) -> String {
    let mut pairs: Vec<_> = variants.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    pairs
        .iter()
        .map(|(k, v)| format!("{k} ({v})"))
        .collect::<Vec<_>>()
        .join("; ")
}
