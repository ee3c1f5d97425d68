//! The curated overlay (`entities.csv`, `aliases.csv`): entities the dumps lack and overrides of
//! imported ones, with points derived rather than typed (`point_from`).

use super::languages::TranslatedName;
use super::*;

#[derive(Default)]
pub(super) struct Curated {
    pub(super) entities: Vec<CuratedEntity>,
    pub(super) aliases: Vec<AliasRecord>,
}

#[derive(Debug, Deserialize)]
pub(super) struct CuratedEntity {
    pub(super) entity_id: String,
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) country_code: Option<String>,
    pub(super) feature_code: Option<String>,
    pub(super) population: Option<u64>,
    /// `gn:ID` or `countries:CC|CC`: where the point comes from, instead of typed coordinates.
    pub(super) point_from: Option<String>,
    #[serde(skip)]
    pub(super) line: u64,
    #[serde(skip)]
    pub(super) path: PathBuf,
}

#[derive(Debug, Deserialize)]
pub(super) struct CuratedAlias {
    pub(super) entity_id: String,
    pub(super) alias: String,
    pub(super) lang: Option<String>,
    #[serde(rename = "type")]
    pub(super) alias_type: Option<String>,
}

pub(super) fn read_curated(dir: &Path) -> Result<Curated> {
    let mut curated = Curated::default();
    let path = dir.join("entities.csv");
    let mut reader = csv::Reader::from_path(&path).map_err(|e| Error::Csv {
        path: path.clone(),
        cause: e,
    })?;
    for row in reader.deserialize::<CuratedEntity>() {
        let mut row = row.map_err(|e| Error::Csv {
            path: path.clone(),
            cause: e,
        })?;
        row.path.clone_from(&path);
        curated.entities.push(row);
    }
    // Line numbers for error messages: header is line 1.
    for (i, row) in curated.entities.iter_mut().enumerate() {
        row.line = i as u64 + 2;
    }
    let path = dir.join("aliases.csv");
    let mut reader = csv::Reader::from_path(&path).map_err(|e| Error::Csv {
        path: path.clone(),
        cause: e,
    })?;
    for row in reader.deserialize::<CuratedAlias>() {
        let row = row.map_err(|e| Error::Csv {
            path: path.clone(),
            cause: e,
        })?;
        curated.aliases.push(AliasRecord {
            entity_id: row.entity_id,
            alias: row.alias,
            lang: row.lang.unwrap_or_default(),
            alias_type: row.alias_type.unwrap_or_else(|| "variant".into()),
        });
    }
    Ok(curated)
}

/// The curated names in other languages (`regional-names.csv`: `entity_id,alias,lang,type,source`,
/// where `source` says why the row is there), if the directory has them: (file, line, name).
/// Rows are checked here, so that a bad one names its line: a language is required, and a
/// place's name (every type but `demonym`) starts with a capital letter.
///
/// # Errors
/// An unreadable file or a bad row (with file and line).
pub(super) fn read_regional_names(dir: &Path) -> Result<Vec<(PathBuf, u64, TranslatedName)>> {
    let path = dir.join(REGIONAL_NAMES);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    read_names(&path, "curated", true)
}

/// Names learned from annotated text, in the columns of `regional-names.csv`
/// (`data/languages/tr/learned-places.csv`): not trusted, so the filters of the other sources
/// apply to them (see `languages::apply_translations`).
///
/// # Errors
/// An unreadable file or a bad row (with file and line).
pub(super) fn read_learned_names(path: &Path) -> Result<Vec<(PathBuf, u64, TranslatedName)>> {
    read_names(path, "learned", false)
}

/// The rows of a file of names in other languages, checked as [`read_regional_names`] says.
fn read_names(
    path: &Path,
    source: &str,
    trusted: bool,
) -> Result<Vec<(PathBuf, u64, TranslatedName)>> {
    #[derive(Debug, Deserialize)]
    struct Row {
        entity_id: String,
        alias: String,
        lang: String,
        #[serde(rename = "type")]
        alias_type: String,
        source: String,
    }
    let path = path.to_path_buf();
    let mut out = Vec::new();
    for (line, row) in read_rows::<Row>(&path)? {
        let bad = |m: String| Error::bad_row(&path, line, m);
        let alias = row.alias.trim();
        if alias.is_empty() || row.lang.trim().is_empty() || row.source.trim().is_empty() {
            return Err(bad(
                "entity_id, alias, lang and source are all required".into()
            ));
        }
        let alias_type = row.alias_type.trim();
        if !KNOWN_TYPES.contains(&alias_type) {
            return Err(bad(format!(
                "alias type {alias_type:?} is not one of {KNOWN_TYPES:?}"
            )));
        }
        if alias_type != "demonym" && !alias.starts_with(char::is_uppercase) {
            return Err(bad(format!(
                "{alias:?} does not start with a capital: a lower-case name is matched as a word"
            )));
        }
        let mut name = TranslatedName::new(
            row.entity_id.trim().to_string(),
            alias.to_string(),
            row.lang.trim(),
            alias_type,
            source,
        );
        name.trusted = trusted;
        out.push((path.clone(), line, name));
    }
    Ok(out)
}

/// The rows of a curated CSV file with a header, each with its line: an unreadable file or
/// row is an error with the file (and line).
pub(super) fn read_rows<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<(u64, T)>> {
    let csv_error = |e| Error::Csv {
        path: path.to_path_buf(),
        cause: e,
    };
    let mut reader = csv::Reader::from_path(path).map_err(csv_error)?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, csv::Position::line);
        let row = record
            .deserialize(Some(&headers))
            .map_err(|e| Error::bad_row(path, line, e.to_string()))?;
        out.push((line, row));
    }
    Ok(out)
}

/// The curated names in other languages, beside `aliases.csv` (see [`read_regional_names`]).
pub(super) const REGIONAL_NAMES: &str = "regional-names.csv";

/// The alias types a curated row may have.
const KNOWN_TYPES: &[&str] = &[
    "preferred",
    "variant",
    "short",
    "historic",
    "contested",
    "transliteration",
    "abbreviation",
    "demonym",
];

pub(super) fn curated_entity(
    row: &CuratedEntity,
    imported: Option<&EntityRecord>,
    points: &HashMap<String, (f64, f64)>,
    outlines: &HashMap<String, Outline>,
) -> Result<(EntityRecord, Vec<(String, &'static str)>)> {
    let bad = |m: String| Error::bad_row(&row.path, row.line, m);
    let point = match row
        .point_from
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => imported.and_then(|r| r.longitude.zip(r.latitude)),
        Some(from)
            if ["continent:", "subregion:", "region:"]
                .iter()
                .any(|p| from.starts_with(p)) =>
        {
            let (group, name) = from.split_once(':').expect("checked prefix");
            let slot = match group {
                "continent" => 0,
                "subregion" => 1,
                _ => 2,
            };
            // Outlines are indexed under two codes; take each country once.
            let mut seen = HashSet::new();
            let polygons: Vec<Polygon<f64>> = outlines
                .values()
                .filter(|o| {
                    o.groups[slot] == name
                        && seen.insert(o.groups.clone().join("|") + &o.names.join("|"))
                })
                .flat_map(|o| o.shape.0.iter().cloned())
                .collect();
            if polygons.is_empty() {
                return Err(bad(format!(
                    "point_from {from}: no Natural Earth country has {group} {name:?}"
                )));
            }
            equal_area_centroid(&MultiPolygon(polygons))
        }
        Some(from) if from.starts_with("countries:") => {
            let codes: Vec<&str> = from["countries:".len()..].split('|').collect();
            let mut polygons = Vec::new();
            for code in &codes {
                let outline = outlines
                    .get(*code)
                    .ok_or_else(|| bad(format!("point_from names {code}, which has no Natural Earth outline (use ISO alpha-3 codes)")))?;
                polygons.extend(outline.shape.0.iter().cloned());
            }
            equal_area_centroid(&MultiPolygon(polygons))
        }
        Some(from) => Some(*points.get(from).ok_or_else(|| {
            bad(format!(
                "point_from {from} is not an imported entity with a point"
            ))
        })?),
    };
    if row.kind == "place" && point.is_none() {
        return Err(bad(format!(
            "curated place {} has no point_from and is not an imported place",
            row.entity_id
        )));
    }
    let pick = |value: &Option<String>, fallback: Option<&String>| {
        value
            .clone()
            .filter(|v| !v.is_empty())
            .or_else(|| fallback.cloned())
            .unwrap_or_default()
    };
    let record = EntityRecord {
        entity_id: row.entity_id.clone(),
        kind: row.kind.clone(),
        name: row.name.clone(),
        latitude: point.map(|p| p.1),
        longitude: point.map(|p| p.0),
        country_code: pick(&row.country_code, imported.map(|r| &r.country_code)),
        feature_code: pick(&row.feature_code, imported.map(|r| &r.feature_code)),
        population: row
            .population
            .or(imported.map(|r| r.population))
            .unwrap_or(0),
        admin1_code: imported.map(|r| r.admin1_code.clone()).unwrap_or_default(),
        scalerank: imported.and_then(|r| r.scalerank),
    };
    Ok((record, vec![(row.name.clone(), "preferred")]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_names_are_checked_row_by_row() {
        let dir = std::env::temp_dir().join(format!("mentionmap-regional-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let header = "entity_id,alias,lang,type,source\n";
        let good = "gn:174982,ՀՀ,hy,abbreviation,curated: official abbreviation\n\
                    gn:174982,армянский,ru,demonym,curated: demonym adjective\n";
        std::fs::write(dir.join(REGIONAL_NAMES), format!("{header}{good}")).unwrap();
        let names = read_regional_names(&dir).unwrap();
        assert_eq!(names.len(), 2);
        assert_eq!((names[1].1, names[1].2.lang.as_str()), (3, "ru"));
        assert!(names
            .iter()
            .all(|(_, _, n)| n.trusted && n.source == "curated"));
        for (bad, message) in [
            (
                "gn:1,ереван,ru,preferred,curated\n",
                "line 4: \"ереван\" does not start with a capital",
            ),
            (
                "gn:1,Ереван,ru,nickname,curated\n",
                "line 4: alias type \"nickname\"",
            ),
            (
                "gn:1,Ереван,,preferred,curated\n",
                "line 4: entity_id, alias, lang and source",
            ),
        ] {
            std::fs::write(dir.join(REGIONAL_NAMES), format!("{header}{good}{bad}")).unwrap();
            let error = read_regional_names(&dir).unwrap_err().to_string();
            assert!(error.contains(message), "{error}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
