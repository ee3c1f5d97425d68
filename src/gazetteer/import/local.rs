//! The tables local news needs beside the gazetteer: division abbreviations (postal codes from
//! GeoNames' admin1 codes, AP abbreviations from the curated overlay) and small places, which
//! [`crate::geography`] consults only where a document places itself in their division.

use super::*;

/// One row of the output `division-abbreviations.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbbreviationRecord {
    /// As written after a town ("IL", "Ill.").
    pub abbreviation: String,
    /// The first-order division (`gn:4896861`).
    pub entity_id: String,
    /// `postal` (a code that is also a word or a degree: "MD", "OK") or `ap` (an AP Stylebook
    /// abbreviation).
    pub style: String,
}

/// A curated abbreviation: `abbreviation,division,name`, the division as GeoNames' admin1 key
/// (`US.IL`).
#[derive(Debug, Deserialize)]
struct CuratedAbbreviation {
    abbreviation: String,
    division: String,
}

/// The curated abbreviations file inside the curated directory.
pub const CURATED_ABBREVIATIONS: &str = "division-abbreviations.csv";

/// The division abbreviations of the imported first-order divisions: for the countries in
/// `options.postal_code_countries`, each division's admin1 code that is two ASCII letters (GeoNames
/// codes the US states by their postal abbreviations, `US.IL`); and the curated AP abbreviations
/// (`<curated>/division-abbreviations.csv`). Sorted, for a deterministic file.
pub(super) fn division_abbreviations(
    divisions: &[Division],
    options: &ImportOptions,
    imported_ids: &HashSet<&str>,
) -> Result<Vec<AbbreviationRecord>> {
    let mut out = Vec::new();
    let mut by_key: HashMap<String, String> = HashMap::new();
    for d in divisions {
        let entity_id = format!("gn:{}", d.geonameid);
        if !imported_ids.contains(entity_id.as_str()) {
            continue;
        }
        by_key.insert(format!("{}.{}", d.country_code, d.code), entity_id.clone());
        let postal = d.code.len() == 2 && d.code.chars().all(|c| c.is_ascii_uppercase());
        if postal && options.postal_code_countries.contains(&d.country_code) {
            out.push(AbbreviationRecord {
                abbreviation: d.code.clone(),
                entity_id,
                style: "postal".into(),
            });
        }
    }
    if let Some(path) = options
        .curated
        .as_ref()
        .map(|dir| dir.join(CURATED_ABBREVIATIONS))
        .filter(|p| p.exists())
    {
        let mut reader = csv::Reader::from_path(&path).map_err(|e| Error::Csv {
            path: path.clone(),
            cause: e,
        })?;
        for (i, row) in reader.deserialize::<CuratedAbbreviation>().enumerate() {
            let row = row.map_err(|e| Error::Csv {
                path: path.clone(),
                cause: e,
            })?;
            let Some(entity_id) = by_key.get(&row.division) else {
                return Err(Error::bad_row(
                    &path,
                    i as u64 + 2,
                    format!(
                        "division {:?} of {:?} is not an imported first-order division",
                        row.division, row.abbreviation
                    ),
                ));
            };
            out.push(AbbreviationRecord {
                abbreviation: row.abbreviation,
                entity_id: entity_id.clone(),
                style: "ap".into(),
            });
        }
    }
    out.sort_by(|a, b| (&a.entity_id, &a.abbreviation).cmp(&(&b.entity_id, &b.abbreviation)));
    out.dedup_by(|a, b| a.abbreviation == b.abbreviation);
    Ok(out)
}

/// One row of the output `small-places.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct SmallPlaceRecord {
    /// The place (`kind`, `feature_code` unused: a populated place).
    pub place: EntityRecord,
    /// The name is also a common word or a person name ("Commerce", "Paris", "Sutton"): local
    /// text writes it for other things more often than for a village, so it is read as this
    /// place only where the gazetteer already matched it as a place or a state follows it.
    pub word_like: bool,
}

/// The small places: those `options.small_places` admits that the gazetteer did not import,
/// named by their main name only, each marked when that name is a common word or a person
/// name. In id order.
pub(super) fn small_places(
    places: &BTreeMap<u64, Place>,
    options: &ImportOptions,
    imported_ids: &HashSet<&str>,
    is_word_or_person: impl Fn(&str) -> bool,
) -> Vec<SmallPlaceRecord> {
    places
        .values()
        .filter(|p| {
            options
                .small_places
                .iter()
                .any(|i| i.admits(&p.country_code, p.population))
                && !p.admin1.is_empty()
                && !imported_ids.contains(format!("gn:{}", p.id).as_str())
                && name_filter(&p.name).is_ok()
        })
        .map(|p| SmallPlaceRecord {
            place: EntityRecord {
                entity_id: format!("gn:{}", p.id),
                kind: "place".into(),
                name: p.name.clone(),
                latitude: Some(p.lat),
                longitude: Some(p.lon),
                country_code: p.country_code.clone(),
                feature_code: "PPL".into(),
                population: p.population,
                admin1_code: p.admin1.clone(),
                scalerank: None,
            },
            word_like: is_word_or_person(&normalize(&p.name)),
        })
        .collect()
}
