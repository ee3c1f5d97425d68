//! Readers of the GeoNames dumps as GeoNames publishes them (plain, `.gz` or `.zip`): place
//! tables, `countryInfo.txt`, `alternateNamesV2.txt`, nationality words and the top-level records;
//! every bad row is an error with file and line.

use super::*;

/// A place row from a GeoNames dump.
#[derive(Debug, Clone, Default)]
pub(super) struct Place {
    pub(super) id: u64,
    pub(super) name: String,
    pub(super) ascii_name: String,
    pub(super) alternate_names: Vec<String>,
    pub(super) lat: f64,
    pub(super) lon: f64,
    pub(super) feature_code: String,
    pub(super) country_code: String,
    pub(super) admin1: String,
    /// Empty where the dump leaves it out (the partial cities500).
    pub(super) admin2: String,
    pub(super) population: u64,
    /// The IANA time zone (`Asia/Baku`): it ties a place to CLDR's exemplar cities.
    pub(super) timezone: String,
}

/// GeoNames pseudo-language codes whose "names" are codes and links, not names.
pub(super) const PSEUDO_LANGUAGES: &[&str] = &[
    "post", "iata", "icao", "faac", "abbr", "link", "wkdt", "unlc", "fr_1793",
];

/// Reads `alternateNamesV2` rows for the emitted entities: entity id -> (name, alias type, lang).
#[allow(clippy::type_complexity)]
pub(super) fn read_alternate_names(
    paths: &[PathBuf],
    emitted: &[(EntityRecord, Vec<(String, &'static str)>)],
) -> Result<HashMap<String, Vec<(String, &'static str, String)>>> {
    let wanted: HashSet<&str> = emitted.iter().map(|(r, _)| r.entity_id.as_str()).collect();
    let mut out: HashMap<String, Vec<(String, &'static str, String)>> = HashMap::new();
    for path in paths {
        for_each_line(path, |line_no, line| {
            if line.trim().is_empty() {
                return Ok(());
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 8 {
                return Err(Error::bad_row(
                    path,
                    line_no,
                    format!(
                        "expected 10 tab-separated columns (GeoNames alternateNamesV2), found {}",
                        fields.len()
                    ),
                ));
            }
            let id = format!("gn:{}", fields[1].trim());
            let lang = fields[2].trim();
            if !wanted.contains(id.as_str()) || PSEUDO_LANGUAGES.contains(&lang) {
                return Ok(());
            }
            let flag = |i: usize| fields.get(i).is_some_and(|f| f.trim() == "1");
            let alias_type = if flag(7) {
                "historic"
            } else if flag(5) {
                "short"
            } else {
                "variant"
            };
            out.entry(id).or_default().push((
                fields[3].trim().to_string(),
                alias_type,
                lang.to_string(),
            ));
            Ok(())
        })?;
    }
    Ok(out)
}

/// Reads `demonym:CC` lines; words are capitalised ("british Virgin Islander" -> "British
/// Virgin Islander").
pub(super) fn read_demonyms(path: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for_each_line(path, |line_no, line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(());
        }
        let (word, cc) = line
            .rsplit_once(':')
            .ok_or_else(|| Error::bad_row(path, line_no, format!("{line:?} is not demonym:CC")))?;
        let word: Vec<String> = word
            .split_whitespace()
            .map(|w| {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            })
            .collect();
        out.push((word.join(" "), cc.trim().to_ascii_uppercase()));
        Ok(())
    })?;
    Ok(out)
}

/// Opens a file, decompressing `.gz`, or reading the first `.txt` entry of a `.zip` (as GeoNames
/// publishes `cities15000.zip` and `alternateNamesV2.zip`).
pub(super) fn open(path: &Path) -> Result<Box<dyn BufRead>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        let bad_zip = |e: zip::result::ZipError| {
            Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            )
        };
        let mut archive = zip::ZipArchive::new(file).map_err(bad_zip)?;
        let entry = (0..archive.len())
            .find(|&i| {
                archive
                    .name_for_index(i)
                    .is_some_and(|n| n.ends_with(".txt") && !n.to_lowercase().contains("readme"))
            })
            .ok_or_else(|| {
                Error::io(
                    path,
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "no .txt entry in the archive",
                    ),
                )
            })?;
        let mut bytes = Vec::new();
        archive
            .by_index(entry)
            .map_err(bad_zip)?
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        return Ok(Box::new(std::io::Cursor::new(bytes)));
    }
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::new(reader)))
}

/// Calls `f(line_number, line)` for each line, with a UTF-8 BOM removed from the first.
pub(super) fn for_each_line(path: &Path, mut f: impl FnMut(u64, &str) -> Result<()>) -> Result<()> {
    let reader = open(path)?;
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        let line = if i == 0 {
            line.trim_start_matches('\u{feff}')
        } else {
            &line
        };
        f(i as u64 + 1, line.trim_end_matches('\r'))?;
    }
    Ok(())
}

/// The header of the top-level records file ([`ImportOptions::top_level`]).
pub const TOP_LEVEL_HEADER: [&str; 8] = [
    "geonameid",
    "name",
    "lat",
    "lon",
    "feature_code",
    "country_code",
    "admin1_code",
    "population",
];

/// Reads GeoNames' own records of countries, divisions, continents and regions: a header line
/// ([`TOP_LEVEL_HEADER`]), then one tab-separated record per line, points in decimal degrees
/// (latitude first, as in the GeoNames dumps). Entity id -> record.
///
/// # Errors
/// An unreadable file, a wrong header, or a malformed row (with file and line).
pub fn read_top_level(path: &Path) -> Result<HashMap<String, EntityRecord>> {
    let mut out = HashMap::new();
    for_each_line(path, |line_no, line| {
        let bad = |m: String| Error::bad_row(path, line_no, m);
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if line_no == 1 {
            if fields != TOP_LEVEL_HEADER {
                return Err(bad(format!(
                    "expected the header {:?} (GeoNames top-level records)",
                    TOP_LEVEL_HEADER.join("\t")
                )));
            }
            return Ok(());
        }
        if line.trim().is_empty() {
            return Ok(());
        }
        if fields.len() != TOP_LEVEL_HEADER.len() {
            return Err(bad(format!(
                "expected {} tab-separated columns (GeoNames top-level records), found {}",
                TOP_LEVEL_HEADER.len(),
                fields.len()
            )));
        }
        let id: u64 = fields[0]
            .parse()
            .map_err(|_| bad(format!("geonameid {:?} is not a number", fields[0])))?;
        let degrees = |i: usize, what: &str, limit: f64| -> Result<f64> {
            let value: f64 = fields[i]
                .parse()
                .map_err(|_| bad(format!("{what} {:?} is not a number", fields[i])))?;
            if !(-limit..=limit).contains(&value) {
                return Err(bad(format!(
                    "{what} {value} is out of range [-{limit}, {limit}]"
                )));
            }
            Ok(value)
        };
        let latitude = degrees(2, "latitude", 90.0)?;
        let longitude = degrees(3, "longitude", 180.0)?;
        let population = match fields[7] {
            "" => 0,
            p => p
                .parse()
                .map_err(|_| bad(format!("population {p:?} is not a number")))?,
        };
        if fields[1].is_empty() {
            return Err(bad(format!("record {id} has no name")));
        }
        let entity_id = format!("gn:{id}");
        out.insert(
            entity_id.clone(),
            EntityRecord {
                entity_id,
                kind: "place".into(),
                name: fields[1].to_string(),
                latitude: Some(latitude),
                longitude: Some(longitude),
                country_code: fields[5].to_ascii_uppercase(),
                feature_code: fields[4].to_string(),
                population,
                // "00" is GeoNames' code for "no division".
                admin1_code: match fields[6] {
                    "00" => String::new(),
                    code => code.to_string(),
                },
                scalerank: None,
            },
        );
        Ok(())
    })?;
    Ok(out)
}

/// Columns of the GeoNames `geoname` table.
pub(super) const GEONAME_COLUMNS: usize = 19;

pub(super) fn read_places(paths: &[PathBuf]) -> Result<BTreeMap<u64, Place>> {
    let mut places: BTreeMap<u64, Place> = BTreeMap::new();
    for path in paths {
        for_each_line(path, |line_no, line| {
            if line.trim().is_empty() {
                return Ok(());
            }
            let place =
                parse_place(line).map_err(|message| Error::bad_row(path, line_no, message))?;
            match places.get_mut(&place.id) {
                None => {
                    places.insert(place.id, place);
                }
                Some(kept) => fill_gaps(kept, place),
            }
            Ok(())
        })?;
    }
    Ok(places)
}

pub(super) fn fill_gaps(kept: &mut Place, other: Place) {
    if kept.ascii_name.is_empty() {
        kept.ascii_name = other.ascii_name;
    }
    if kept.feature_code.is_empty() {
        kept.feature_code = other.feature_code;
    }
    if kept.admin1.is_empty() {
        kept.admin1 = other.admin1;
    }
    if kept.admin2.is_empty() {
        kept.admin2 = other.admin2;
    }
    if kept.population == 0 {
        kept.population = other.population;
    }
    if kept.timezone.is_empty() {
        kept.timezone = other.timezone;
    }
    for name in other.alternate_names {
        if !kept.alternate_names.contains(&name) {
            kept.alternate_names.push(name);
        }
    }
}

pub(super) fn parse_place(line: &str) -> Result<Place, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() != GEONAME_COLUMNS {
        return Err(format!(
            "expected {GEONAME_COLUMNS} tab-separated columns (GeoNames geoname format), found {}",
            fields.len()
        ));
    }
    let id = fields[0]
        .parse()
        .map_err(|_| format!("geonameid {:?} is not a number", fields[0]))?;
    let lat: f64 = fields[4]
        .parse()
        .map_err(|_| format!("latitude {:?} is not a number", fields[4]))?;
    let lon: f64 = fields[5]
        .parse()
        .map_err(|_| format!("longitude {:?} is not a number", fields[5]))?;
    if !(-90.0..=90.0).contains(&lat) {
        return Err(format!("latitude {lat} is out of range [-90, 90]"));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon} is out of range [-180, 180]"));
    }
    let population = match fields[14].trim() {
        "" => 0,
        p => p
            .parse()
            .map_err(|_| format!("population {p:?} is not a number"))?,
    };
    let name = match (fields[1].trim(), fields[2].trim()) {
        ("", "") => return Err("the place has neither a name nor an ASCII name".into()),
        ("", ascii) => ascii,
        (name, _) => name,
    };
    Ok(Place {
        id,
        name: name.to_string(),
        ascii_name: fields[2].trim().to_string(),
        alternate_names: fields[3]
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from)
            .collect(),
        lat,
        lon,
        feature_code: fields[7].trim().to_string(),
        country_code: fields[8].trim().to_ascii_uppercase(),
        admin1: fields[10].trim().to_string(),
        admin2: fields[11].trim().to_string(),
        population,
        timezone: fields[17].trim().to_string(),
    })
}

pub(super) struct CountryInfo {
    pub(super) iso2: String,
    pub(super) iso3: String,
    pub(super) name: String,
    pub(super) population: u64,
    pub(super) geonameid: u64,
}

pub(super) fn read_country_info(path: &Path) -> Result<Vec<CountryInfo>> {
    let mut out = Vec::new();
    for_each_line(path, |line_no, line| {
        if line.starts_with('#') || line.trim().is_empty() {
            return Ok(());
        }
        let bad = |m: String| Error::bad_row(path, line_no, m);
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 17 {
            return Err(bad(format!(
                "expected at least 17 tab-separated columns (GeoNames countryInfo), found {}",
                fields.len()
            )));
        }
        let geonameid = fields[16].trim();
        if geonameid.is_empty() {
            // Dissolved countries (CS Serbia and Montenegro, AN Netherlands Antilles) keep their
            // rows but have no GeoNames entity: nothing to import.
            return Ok(());
        }
        let geonameid = geonameid
            .parse()
            .map_err(|_| bad(format!("geonameid {geonameid:?} is not a number")))?;
        out.push(CountryInfo {
            iso2: fields[0].trim().to_string(),
            iso3: fields[1].trim().to_string(),
            name: fields[4].trim().to_string(),
            population: fields[7].trim().parse().unwrap_or(0),
            geonameid,
        });
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_geoname_row_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cities.txt");
        let good = "147105\tShusha\tShusha\tShushi,Şuşa\t39.76006\t46.74989\tP\tPPLA\tAZ\t\t55\t\t\t\t4064\t\t\tAsia/Baku\t2020-01-01";
        std::fs::write(&path, format!("{good}\n147106\tBroken\tBroken\n")).unwrap();
        let err = read_places(std::slice::from_ref(&path))
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("cities.txt: line 2: expected 19 tab-separated columns (GeoNames geoname format), found 3"), "{err}");
        let swapped = good.replace("39.76006\t46.74989", "146.74989\t39.76006");
        std::fs::write(&path, format!("{swapped}\n")).unwrap();
        let err = read_places(std::slice::from_ref(&path))
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with("line 1: latitude 146.74989 is out of range [-90, 90]"),
            "{err}"
        );
    }
}
