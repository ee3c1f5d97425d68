//! The curated overlay (`entities.csv`, `aliases.csv`): entities the dumps lack and overrides of
//! imported ones, with points derived rather than typed (`point_from`).

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
    };
    Ok((record, vec![(row.name.clone(), "preferred")]))
}
