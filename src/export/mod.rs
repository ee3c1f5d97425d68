//! Writing results: GeoJSON map layers, CSV tables, JSONL mentions.
//!
//! Files are written through [`crate::output`]: checked before the run, written beside their
//! destination and put in place together, so a failed run never leaves a half-written output.

pub mod countries;
pub mod coverage;
pub mod geojson;
pub mod map;
pub mod suggest;
pub mod table;

use std::io::Write;
use std::path::Path;

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

/// Writes mentions as JSON Lines, one object per mention.
///
/// # Errors
/// If writing fails.
pub fn write_mentions_jsonl(
    out: &mut dyn Write,
    mentions: &[crate::Mention],
) -> std::io::Result<()> {
    // serde_json writes a mention in some forty pieces (keys, punctuation, values); through
    // `dyn Write` and a `BufWriter` each piece is a call and a bounds check that cost more than
    // its bytes. Into a `Vec` they are plain appends, and `out` gets a few large writes.
    let mut buffer = Vec::with_capacity(JSONL_CHUNK_BYTES.min(512 * mentions.len()));
    for m in mentions {
        serde_json::to_writer(&mut buffer, m)?;
        buffer.push(b'\n');
        // A big document's mentions are written in chunks, not held as text all at once.
        if buffer.len() >= JSONL_CHUNK_BYTES {
            out.write_all(&buffer)?;
            buffer.clear();
        }
    }
    out.write_all(&buffer)
}

/// [`write_mentions_jsonl`] hands its output on in chunks of about this many bytes.
const JSONL_CHUNK_BYTES: usize = 64 << 10;

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
