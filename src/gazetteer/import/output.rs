//! Writing the imported gazetteer (`entities.csv`, `aliases.csv`, and the local-news tables
//! `division-abbreviations.csv`, `small-places.csv`) and a summary of the import.

use super::*;

/// The files [`write()`] puts in the gazetteer directory, for checking them before an import.
pub const OUTPUTS: [&str; 5] = [
    "entities.csv",
    "aliases.csv",
    "division-abbreviations.csv",
    "small-places.csv",
    "sides.csv",
];

/// Writes `entities.csv`, `aliases.csv`, `division-abbreviations.csv`, `small-places.csv` and
/// `sides.csv` into `dir`, as part of `outputs` (checked before the import, put in place together by the
/// caller).
///
/// # Errors
/// If a file cannot be written.
pub fn write(
    outputs: &mut crate::output::OutputSet,
    dir: &Path,
    imported: &Imported,
) -> Result<()> {
    outputs.write(&dir.join("entities.csv"), |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record([
            "entity_id",
            "kind",
            "name",
            "latitude",
            "longitude",
            "country_code",
            "feature_code",
            "population",
            "admin1_code",
            "scalerank",
        ])?;
        for e in &imported.entities {
            let degrees = |v: Option<f64>| {
                v.map(|v| crate::export::round6(v).to_string())
                    .unwrap_or_default()
            };
            csv.write_record([
                e.entity_id.as_str(),
                &e.kind,
                &e.name,
                &degrees(e.latitude),
                &degrees(e.longitude),
                &e.country_code,
                &e.feature_code,
                &if e.population > 0 {
                    e.population.to_string()
                } else {
                    String::new()
                },
                &e.admin1_code,
                &e.scalerank.map(|r| r.to_string()).unwrap_or_default(),
            ])?;
        }
        csv.flush()
    })?;
    outputs.write(&dir.join("aliases.csv"), |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(["entity_id", "alias", "lang", "type"])?;
        for a in &imported.aliases {
            csv.write_record([&a.entity_id, &a.alias, &a.lang, &a.alias_type])?;
        }
        csv.flush()
    })?;
    outputs.write(&dir.join("sides.csv"), |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(["entity_id", "alias", "side"])?;
        for s in &imported.sides {
            csv.write_record([&s.entity_id, &s.alias, &s.side])?;
        }
        csv.flush()
    })?;
    outputs.write(&dir.join("division-abbreviations.csv"), |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(["abbreviation", "entity_id", "style"])?;
        for a in &imported.division_abbreviations {
            csv.write_record([&a.abbreviation, &a.entity_id, &a.style])?;
        }
        csv.flush()
    })?;
    outputs.write(&dir.join("small-places.csv"), |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record([
            "entity_id",
            "name",
            "latitude",
            "longitude",
            "country_code",
            "admin1_code",
            "population",
            "word_like",
        ])?;
        for SmallPlaceRecord {
            place: p,
            word_like,
        } in &imported.small_places
        {
            let degrees = |v: Option<f64>| {
                v.map(|v| crate::export::round6(v).to_string())
                    .unwrap_or_default()
            };
            csv.write_record([
                p.entity_id.as_str(),
                &p.name,
                &degrees(p.latitude),
                &degrees(p.longitude),
                &p.country_code,
                &p.admin1_code,
                &p.population.to_string(),
                if *word_like { "1" } else { "" },
            ])?;
        }
        csv.flush()
    })
}

/// Writes a human summary of an import (counts by kind and drop reason).
///
/// # Errors
/// If writing fails.
pub fn summarize(out: &mut dyn Write, imported: &Imported) -> std::io::Result<()> {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &imported.entities {
        *kinds
            .entry(if e.kind == "place" {
                e.feature_code.as_str()
            } else {
                e.kind.as_str()
            })
            .or_default() += 1;
    }
    writeln!(
        out,
        "{} entities, {} aliases",
        imported.entities.len(),
        imported.aliases.len()
    )?;
    let kinds: Vec<String> = kinds.iter().map(|(k, v)| format!("{k} {v}")).collect();
    writeln!(out, "by feature code or kind: {}", kinds.join(", "))?;
    let dropped: Vec<String> = imported
        .dropped
        .iter()
        .map(|(k, v)| format!("{} {v}", k.as_str()))
        .collect();
    writeln!(
        out,
        "GeoNames names dropped: {}",
        if dropped.is_empty() {
            "none".into()
        } else {
            dropped.join(", ")
        }
    )?;
    writeln!(
        out,
        "divisions renamed \"<name> District\" to leave the bare name to their seat town: {}",
        imported.seat_names_moved
    )?;
    writeln!(
        out,
        "GeoNames' own points: {} countries and divisions, {} curated continents and regions",
        imported.top_level_points, imported.top_level_curated
    )?;
    let physical = imported.physical;
    if physical != Default::default() {
        writeln!(
            out,
            "Natural Earth physical features: {} added, {} merged into a GeoNames area of their name, {} on GeoNames' own region records",
            physical.added, physical.merged, physical.on_records
        )?;
    }
    let counties = imported.counties;
    if counties != Default::default() {
        writeln!(
            out,
            "US counties (Census boundaries): {} added, {} GeoNames counties placed inside their polygon, {} left out (independent cities, Alaska, territories)",
            counties.added, counties.placed, counties.skipped
        )?;
    }
    writeln!(
        out,
        "local news: {} division abbreviations, {} small places",
        imported.division_abbreviations.len(),
        imported.small_places.len()
    )?;
    for ((source, lang), c) in &imported.translations {
        writeln!(
            out,
            "names in {lang} from {source}: {} added ({} in {lang} text only), {} tagged onto existing aliases, {} there already, {} dropped",
            c.added, c.own_language_only, c.tagged, c.present, c.dropped
        )?;
    }
    if !imported.iso_divisions.is_empty() {
        let (mapped, total) = imported
            .iso_divisions
            .values()
            .fold((0, 0), |(m, t), (a, b)| (m + a, t + b));
        let by_country: Vec<String> = imported
            .iso_divisions
            .iter()
            .filter(|(_, (_, total))| *total > 0)
            .map(|(cc, (m, t))| format!("{cc} {m}/{t}"))
            .collect();
        writeln!(
            out,
            "ISO 3166-2 divisions mapped to first-order divisions: {mapped} of {total}: {}",
            by_country.join(", ")
        )?;
    }
    if !imported.unmapped_zones.is_empty() {
        writeln!(
            out,
            "CLDR time zones with no place of that name: {}",
            imported.unmapped_zones.len()
        )?;
    }
    Ok(())
}
