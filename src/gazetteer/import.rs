//! Building the project's CSV gazetteer from GeoNames dumps, Natural Earth and a curated overlay.
//!
//! Inputs, as their publishers ship them:
//! - GeoNames `countryInfo.txt` (a BOM, `#` comment lines, 19 columns, no coordinates);
//! - GeoNames `admin1CodesASCII.txt` (`CC.code`, name, ASCII name, geonameid);
//! - GeoNames `geoname`-format place dumps (`cities15000.txt`, `cities500.txt`, country files;
//!   plain or `.gz`); when several list the same place, the first file's non-empty fields win and
//!   the others fill the gaps (so a newer partial dump can be completed by an older full one);
//! - Natural Earth admin-0 countries (GeoJSON): a point inside each country and its English names;
//! - GeoNames' own records of countries, first-order divisions, continents and regions
//!   ([`read_top_level`]), whose points replace the derived ones where a record exists;
//! - a curated overlay in the project's own CSV form, which may add entities (regions, people,
//!   organisations), override fields of imported ones, and derive a point instead of typing one
//!   (`point_from`: `gn:ID` takes that entity's point, `countries:ARM|AZE|GEO` the centroid of
//!   those countries' Natural Earth outlines, `continent:Africa`, `subregion:Central Asia` or
//!   `region:Americas` the centroid of the countries Natural Earth files under that name).
//!
//! GeoNames alternate names hold codes and noise beside the names people write; [`name_filter`]
//! keeps the names and says why it drops the rest.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use geo::{Area, Centroid, Contains, Coord, InteriorPoint, MapCoords, MultiPolygon, Polygon};
use serde::Deserialize;

use crate::normalize::normalize;
use crate::{Error, Result};

/// Which places of the dumps to keep: those of `countries` (all countries when `None`) with at
/// least `min_population` inhabitants. Written `AM,AZ:0` or `*:15000` on the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Include {
    /// ISO 3166-1 alpha-2 codes, or `None` for every country.
    pub countries: Option<HashSet<String>>,
    /// Smallest population kept.
    pub min_population: u64,
}

impl std::str::FromStr for Include {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (countries, population) = s.split_once(':').ok_or_else(|| {
            format!("{s:?} is not COUNTRIES:MIN_POPULATION (e.g. AM,AZ:0 or *:15000)")
        })?;
        let min_population = population
            .trim()
            .parse()
            .map_err(|_| format!("{population:?} in {s:?} is not a population"))?;
        let countries = match countries.trim() {
            "*" => None,
            list => Some(
                list.split(',')
                    .map(|c| c.trim().to_ascii_uppercase())
                    .collect(),
            ),
        };
        Ok(Include {
            countries,
            min_population,
        })
    }
}

impl Include {
    fn admits(&self, country_code: &str, population: u64) -> bool {
        population >= self.min_population
            && self
                .countries
                .as_ref()
                .is_none_or(|set| set.contains(country_code))
    }
}

/// What to import and from where.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// GeoNames `countryInfo.txt`.
    pub country_info: PathBuf,
    /// GeoNames `admin1CodesASCII.txt`, for first-order divisions.
    pub admin1: Option<PathBuf>,
    /// GeoNames `admin2Codes.txt`, for second-order divisions (counties). Only divisions with
    /// places in the dumps that name their admin2 code are kept: those places give the point.
    pub admin2: Option<PathBuf>,
    /// Countries whose first- and second-order divisions are imported (`*` for every country).
    pub admin1_countries: HashSet<String>,
    /// A word list (one word per line, such as Debian's `/usr/share/dict/american-english`):
    /// single-word aliases that are lower-case words in it ("bank", "central", "of") are dropped,
    /// except for countries, capitals, cities of [`COMMON_WORD_EXEMPT_POPULATION`] or more and
    /// curated entities, where the name is what the text means ("China", "Turkey").
    pub common_words: Option<PathBuf>,
    /// Cities at least this populous keep a name that is a common word.
    pub common_word_exempt_population: u64,
    /// A list of common given names and surnames (one per line, `#` comments): a minor place whose
    /// name is one ("David", "Nelson", "Evans") is dropped unless it is a country, a capital, or a
    /// city or division of `person_name_exempt_population` or more (a county, whose population
    /// the dumps lack, counts the people of its towns); alternate names that are person names are
    /// dropped for every imported entity ("Sam" for Damascus).
    pub person_names: Vec<PathBuf>,
    /// A list of less common given names (one per line, `#` comments), such as the given names
    /// of many countries: a town or village named by one ("Noma", "Zara", "Viktoria") is dropped
    /// unless it is a capital, a regional capital or a city of `person_name_exempt_population`
    /// or more; divisions keep such names ("Essex"). Alternate names that are one are dropped
    /// for every entity ("Zara" for Zadar).
    pub rare_person_names: Vec<PathBuf>,
    /// A list of language names (one per line, `#` comments): no entity keeps an alternate name
    /// that is one ("Igbo" for Igbo-Ukwu, "Thai" for Alor Setar, "Guarani" for a Brazilian town),
    /// since English text that writes it means the language or its people. A place's own name
    /// stays ("Cheyenne", "Kikuyu").
    pub language_names: Vec<PathBuf>,
    /// Nationality words (`demonym:CC` per line, `#` comments, as in geotext's
    /// `nationalities.txt`): each becomes a `demonym` alias of its country, with a plural for
    /// those ending in -n or -i ("Armenians", "Azerbaijanis").
    pub demonyms: Option<PathBuf>,
    /// Cities and divisions at least this populous keep a name that is a person name
    /// ("Austin", "Dallas", "Virginia").
    pub person_name_exempt_population: u64,
    /// GeoNames place dumps, most authoritative first.
    pub places: Vec<PathBuf>,
    /// GeoNames `alternateNamesV2.txt` dumps: names with their language and whether they are
    /// historic or short forms, for the imported entities. Pseudo-languages that hold codes and
    /// links (`post`, `iata`, `icao`, `faac`, `abbr`, `link`, `wkdt`, `unlc`) are skipped.
    pub alternate_names: Vec<PathBuf>,
    /// Which places to keep. Capitals (`PPLC`) are always kept.
    pub include: Vec<Include>,
    /// Natural Earth admin-0 countries GeoJSON.
    pub countries_geojson: Option<PathBuf>,
    /// GeoNames' own records of countries, first-order divisions, continents and regions, with
    /// GeoNames' points (a tab-separated file with the header `geonameid, name, lat, lon,
    /// feature_code, country_code, admin1_code, population`; see [`read_top_level`]). An imported
    /// country or division with a record takes the record's point instead of the derived one; a
    /// curated entity whose id is a record's (`gn:6269133`, the Middle East) takes its point,
    /// feature code and population where the curated row leaves them empty.
    pub top_level: Option<PathBuf>,
    /// A directory with the curated `entities.csv` and `aliases.csv`.
    pub curated: Option<PathBuf>,
}

/// Default for [`ImportOptions::common_word_exempt_population`]: cities of a million or more keep
/// a name that is also a common word. Measured on GeoWebNews (see the README's accuracy section).
pub const COMMON_WORD_EXEMPT_POPULATION: u64 = 1_000_000;

/// Default for [`ImportOptions::person_name_exempt_population`]: cities and divisions of 100,000
/// or more keep a name that is also a person name (Austin, Dallas, Virginia). Measured on
/// GeoWebNews.
pub const PERSON_NAME_EXEMPT_POPULATION: u64 = 100_000;

/// Alternate names of this many letters or fewer are kept only for countries, capitals, first-order
/// divisions and cities of `person_name_exempt_population` people or more.
pub const SHORT_ALTERNATE_MAX_LETTERS: usize = 3;

/// Why a GeoNames name was not kept as an alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DropReason {
    /// One or two characters.
    TooShort,
    /// A URL.
    Link,
    /// Contains digits: codes, Wikidata ids, postcodes.
    HasDigits,
    /// Up to four upper-case Latin letters: IATA, ICAO and similar codes (`BAK`, `UBBB`).
    Code,
    /// Latin letters with no capital at all: romanisation keys such as `ba ku` or `swsa`.
    LowerCaseKey,
    /// Brackets, commas or other punctuation that marks a note rather than a name.
    Punctuation,
    /// A script written without spaces between words (Han, Kana, Thai...), where word-boundary
    /// matching cannot work.
    UnspacedScript,
    /// A common English word ("Bank", "Central", "Of") naming a minor place or a division.
    CommonWord,
    /// A common given name or surname ("David", "Evans") naming a minor place, or an alternate
    /// name that is one ("Sam" for Damascus).
    PersonName,
    /// An alternate name that is a language's name ("Igbo" for Igbo-Ukwu).
    LanguageName,
    /// A minor place or division whose own name is a common word or given name: the whole
    /// entity is left out, since no text could tell it from the word.
    EntityNamedByWord,
}

impl DropReason {
    /// A short name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DropReason::TooShort => "too short",
            DropReason::Link => "link",
            DropReason::HasDigits => "digits",
            DropReason::Code => "code",
            DropReason::LowerCaseKey => "lower-case key",
            DropReason::Punctuation => "punctuation",
            DropReason::UnspacedScript => "unspaced script",
            DropReason::CommonWord => "common word",
            DropReason::PersonName => "person name",
            DropReason::LanguageName => "language name",
            DropReason::EntityNamedByWord => "entities named by a word",
        }
    }
}

/// Keeps names people write and rejects codes and noise, saying why.
///
/// # Errors
/// The reason a name is dropped.
pub fn name_filter(name: &str) -> Result<(), DropReason> {
    let name = name.trim();
    if name.chars().any(is_unspaced_script) {
        return Err(DropReason::UnspacedScript);
    }
    if name.chars().count() < 3 {
        return Err(DropReason::TooShort);
    }
    if name.contains("://") || name.starts_with("www.") {
        return Err(DropReason::Link);
    }
    if name.chars().any(|c| c.is_ascii_digit()) {
        return Err(DropReason::HasDigits);
    }
    if name.chars().any(|c| {
        matches!(
            c,
            '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';' | '/' | '\\' | '|' | '=' | '@' | '#'
        )
    }) {
        return Err(DropReason::Punctuation);
    }
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let latin = letters
        .iter()
        .all(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(c));
    if latin && letters.len() <= 4 && letters.iter().all(|c| c.is_uppercase()) {
        return Err(DropReason::Code);
    }
    if latin && !letters.iter().any(|c| c.is_uppercase()) {
        return Err(DropReason::LowerCaseKey);
    }
    Ok(())
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'   // Thai, Lao
        | '\u{0F00}'..='\u{0FFF}' // Tibetan
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' // Han
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables: spaced, but GeoNames lists Korean names of
                                  // foreign places that Korean text writes without the spaces
    )
}

/// One row of the output `entities.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRecord {
    /// `gn:ID` or `local:slug`.
    pub entity_id: String,
    /// `place`, `person` or `organisation`.
    pub kind: String,
    /// Canonical name.
    pub name: String,
    /// Latitude in degrees.
    pub latitude: Option<f64>,
    /// Longitude in degrees.
    pub longitude: Option<f64>,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: String,
    /// GeoNames feature code.
    pub feature_code: String,
    /// Population (0 unknown).
    pub population: u64,
    /// GeoNames first-order division code within the country (`TX`, `55`), when known.
    pub admin1_code: String,
}

/// One row of the output `aliases.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasRecord {
    /// The entity.
    pub entity_id: String,
    /// The name.
    pub alias: String,
    /// BCP 47 tag, when known.
    pub lang: String,
    /// Alias type (`preferred`, `variant`, ...).
    pub alias_type: String,
}

/// The imported gazetteer and what was dropped on the way.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Entities, in output order.
    pub entities: Vec<EntityRecord>,
    /// Aliases, grouped by entity in output order.
    pub aliases: Vec<AliasRecord>,
    /// How many GeoNames names each rule dropped.
    pub dropped: BTreeMap<DropReason, usize>,
    /// Divisions renamed "`<name> District`" because their name is their seat town's (see [`import`]).
    pub seat_names_moved: usize,
    /// Countries and divisions that took the point of GeoNames' own record
    /// ([`ImportOptions::top_level`]) instead of a derived one.
    pub top_level_points: usize,
    /// Curated entities built on GeoNames' own record (continents, regions).
    pub top_level_curated: usize,
}

/// A place row from a GeoNames dump.
#[derive(Debug, Clone, Default)]
struct Place {
    id: u64,
    name: String,
    ascii_name: String,
    alternate_names: Vec<String>,
    lat: f64,
    lon: f64,
    feature_code: String,
    country_code: String,
    admin1: String,
    /// Empty where the dump leaves it out (the partial cities500).
    admin2: String,
    population: u64,
}

/// Reads the inputs and builds the gazetteer.
///
/// Divisions get the centre of the box around their places in the dumps (a division has no
/// outline there; its seat may lie at an edge, as Sacramento does in California).
/// A division named after its seat ("Shusha" district, "Shusha" town) gives up that bare name to
/// the town and becomes "Shusha District": news that writes the bare name means the town.
///
/// # Errors
/// An unreadable input, or a malformed row (with file and line).
pub fn import(options: &ImportOptions) -> Result<Imported> {
    let mut out = Imported::default();
    let places = read_places(&options.places)?;
    let outlines = match &options.countries_geojson {
        Some(path) => read_outlines(path)?,
        None => HashMap::new(),
    };
    let countries = read_country_info(&options.country_info)?;
    let mut points: HashMap<String, (f64, f64)> = HashMap::new();
    let mut emitted: Vec<(EntityRecord, Vec<(String, &'static str)>)> = Vec::new();

    // Countries: a point inside the largest landmass of the Natural Earth outline, else the capital.
    for country in &countries {
        let outline = outlines.get(&country.iso3);
        let point = outline.and_then(|o| o.interior).or_else(|| {
            places
                .values()
                .find(|p| p.country_code == country.iso2 && p.feature_code == "PPLC")
                .map(|p| (p.lon, p.lat))
        });
        let Some((lon, lat)) = point else { continue };
        let record = EntityRecord {
            entity_id: format!("gn:{}", country.geonameid),
            kind: "place".into(),
            name: country.name.clone(),
            latitude: Some(lat),
            longitude: Some(lon),
            country_code: country.iso2.clone(),
            feature_code: outline.map_or("PCLI", |o| o.feature_code).into(),
            population: country.population,
            admin1_code: String::new(),
        };
        let mut names = vec![(country.name.clone(), "preferred")];
        if let Some(o) = outline {
            names.extend(o.names.iter().map(|n| (n.clone(), "variant")));
        }
        emitted.push((record, names));
    }

    if let Some(path) = &options.demonyms {
        for (demonym, cc) in read_demonyms(path)? {
            if let Some((_, names)) = emitted
                .iter_mut()
                .find(|(r, _)| r.country_code == cc && r.feature_code.starts_with("PCL"))
            {
                names.push((demonym.clone(), "demonym"));
                if demonym.ends_with('n') || demonym.ends_with('i') {
                    names.push((format!("{demonym}s"), "demonym"));
                }
            }
        }
    }

    // First- and second-order divisions of the chosen countries, and how many people their
    // places hold (for the name filters; a county's ranking population stays unknown).
    let mut division_people: HashMap<String, u64> = HashMap::new();
    if let Some(admin1_path) = &options.admin1 {
        let divisions = read_divisions(admin1_path, DivisionLevel::First)?;
        emit_divisions(
            &mut out,
            &mut emitted,
            &places,
            DivisionLevel::First,
            divisions,
            options,
            &mut division_people,
        );
    }
    if let Some(admin2_path) = &options.admin2 {
        let divisions = read_divisions(admin2_path, DivisionLevel::Second)?;
        emit_divisions(
            &mut out,
            &mut emitted,
            &places,
            DivisionLevel::Second,
            divisions,
            options,
            &mut division_people,
        );
    }

    // Places.
    for place in places.values() {
        let capital = place.feature_code == "PPLC";
        if !capital
            && !options
                .include
                .iter()
                .any(|i| i.admits(&place.country_code, place.population))
        {
            continue;
        }
        let mut names = vec![(place.name.clone(), "preferred")];
        if !place.ascii_name.is_empty() {
            names.push((place.ascii_name.clone(), "transliteration"));
        }
        names.extend(place.alternate_names.iter().map(|n| (n.clone(), "variant")));
        let feature_code = if place.feature_code.is_empty() {
            "PPL".to_string()
        } else {
            place.feature_code.clone()
        };
        emitted.push((
            EntityRecord {
                entity_id: format!("gn:{}", place.id),
                kind: "place".into(),
                name: place.name.clone(),
                latitude: Some(place.lat),
                longitude: Some(place.lon),
                country_code: place.country_code.clone(),
                feature_code,
                population: place.population,
                admin1_code: place.admin1.clone(),
            },
            names,
        ));
    }

    // GeoNames' own points for the countries and divisions that have a record: the derived
    // points (a landmass's centroid, the middle of a state's towns) are where GeoNames is not.
    let mut top_level = match &options.top_level {
        Some(path) => read_top_level(path)?,
        None => HashMap::new(),
    };
    for (record, names) in &mut emitted {
        let Some(top) = top_level.get(&record.entity_id) else {
            continue;
        };
        let same_kind = record.feature_code == top.feature_code
            || (record.feature_code.starts_with("PCL") && top.feature_code.starts_with("PCL"));
        if !same_kind {
            continue;
        }
        record.latitude = top.latitude;
        record.longitude = top.longitude;
        // A country's record bears its formal name ("Kingdom of Eswatini"); a division's may be
        // its seat town's ("Dubai"), which the division gave up (see `emit_divisions`).
        if record.feature_code.starts_with("PCL") && !names.iter().any(|(n, _)| *n == top.name) {
            names.push((top.name.clone(), "variant"));
        }
        out.top_level_points += 1;
    }
    for (record, _) in &emitted {
        top_level.remove(&record.entity_id);
    }

    for (record, _) in &emitted {
        if let (Some(lon), Some(lat)) = (record.longitude, record.latitude) {
            points.insert(record.entity_id.clone(), (lon, lat));
        }
    }

    let mut alternates = read_alternate_names(&options.alternate_names, &emitted)?;

    let curated = match &options.curated {
        Some(dir) => read_curated(dir)?,
        None => Curated::default(),
    };
    let mut by_id: HashMap<String, usize> = emitted
        .iter()
        .enumerate()
        .map(|(i, (r, _))| (r.entity_id.clone(), i))
        .collect();
    for row in curated.entities {
        // A curated entity may be built on GeoNames' own record of a continent or region,
        // which the place dumps lack.
        let record_of = top_level.get(&row.entity_id);
        let (record, mut names) = curated_entity(
            &row,
            by_id
                .get(&row.entity_id)
                .map(|&i| &emitted[i].0)
                .or(record_of),
            &points,
            &outlines,
        )?;
        if let Some(top) = record_of {
            if top.name != record.name {
                names.push((top.name.clone(), "variant"));
            }
            out.top_level_curated += 1;
        }
        match by_id.get(&row.entity_id) {
            Some(&i) => {
                // The curated name becomes canonical; the GeoNames one stays as a variant.
                emitted[i].0 = record;
                for name in emitted[i].1.iter_mut() {
                    if name.1 == "preferred" {
                        name.1 = "variant";
                    }
                }
                let canonical = emitted[i].0.name.clone();
                emitted[i].1.insert(0, (canonical, "preferred"));
            }
            None => {
                by_id.insert(row.entity_id.clone(), emitted.len());
                if let (Some(lon), Some(lat)) = (record.longitude, record.latitude) {
                    points.insert(record.entity_id.clone(), (lon, lat));
                }
                emitted.push((record, names));
            }
        }
    }

    // Aliases: filtered GeoNames names (curated ones are trusted as written), deduplicated per
    // entity after normalization so the automaton holds each spelling once.
    let mut curated_aliases: HashMap<String, Vec<AliasRecord>> = HashMap::new();
    for alias in curated.aliases {
        if !by_id.contains_key(&alias.entity_id) {
            return Err(Error::bad_row(
                alias_path(options),
                0,
                format!(
                    "curated alias {:?} names unknown entity {}",
                    alias.alias, alias.entity_id
                ),
            ));
        }
        curated_aliases
            .entry(alias.entity_id.clone())
            .or_default()
            .push(alias);
    }
    let curated_ids: HashSet<String> = by_id
        .keys()
        .filter(|id| id.starts_with("local:"))
        .cloned()
        .collect();
    let common_words = match &options.common_words {
        Some(path) => read_common_words(path)?,
        None => HashSet::new(),
    };
    let mut person_names = HashSet::new();
    for path in &options.person_names {
        person_names.extend(read_name_list(path)?);
    }
    let mut rare_person_names = HashSet::new();
    for path in &options.rare_person_names {
        rare_person_names.extend(read_name_list(path)?);
    }
    let mut language_names = HashSet::new();
    for path in &options.language_names {
        language_names.extend(read_name_list(path)?);
    }
    for (record, names) in emitted {
        let mut seen = HashSet::new();
        let trusted = curated_ids.contains(&record.entity_id);
        let major =
            trusted || record.feature_code.starts_with("PCL") || record.feature_code == "PPLC";
        // A division named by a direction or other common word ("Central", "Western") never
        // stands alone in text; a big city named by one ("Nice" is not big enough) may.
        let word_exempt = major
            || (record.feature_code.starts_with("PPL")
                && record.population >= options.common_word_exempt_population);
        // A county's population is unknown, but the towns the dumps file under it say whether
        // it is big: Kent (1.8 million people) is not a minor place named like a person.
        let people = record.population.max(
            division_people
                .get(&record.entity_id)
                .copied()
                .unwrap_or_default(),
        );
        let person_exempt = major || people >= options.person_name_exempt_population;
        // Rarer given names weigh less than common ones: only a town or village gives way.
        let rare_person_exempt = person_exempt
            || !record.feature_code.starts_with("PPL")
            || record.feature_code.starts_with("PPLA");
        // Why a name of this entity cannot stand for it, if it cannot. The exemptions protect the
        // entity's own name only: an alternate name that is a word or a person name ("Sam" for
        // Damascus, "Victoria" for Hong Kong) is dropped whatever the entity.
        // A three-letter alternate name of a minor place is a syllable of other names more
        // often than the place: "Sen", "Lal" and "Xie" are Armenian villages' and a Paris
        // district's alternates, and Chinese and Indian names in the news.
        let short_alternate_exempt = person_exempt || record.feature_code == "ADM1";
        let word_like = |name: &str, canonical: bool| {
            let key = normalize(name);
            if !trusted
                && !canonical
                && !short_alternate_exempt
                && name.chars().filter(|c| c.is_alphabetic()).count() <= SHORT_ALTERNATE_MAX_LETTERS
            {
                Some(DropReason::TooShort)
            } else if !trusted && common_words.contains(&key) && !(canonical && word_exempt) {
                Some(DropReason::CommonWord)
            } else if !trusted
                && ((person_names.contains(&key) && !(canonical && person_exempt))
                    || (rare_person_names.contains(&key) && !(canonical && rare_person_exempt)))
            {
                Some(DropReason::PersonName)
            } else if !trusted && !canonical && language_names.contains(&key) {
                Some(DropReason::LanguageName)
            } else {
                None
            }
        };
        if word_like(&record.name, true).is_some() {
            *out.dropped
                .entry(DropReason::EntityNamedByWord)
                .or_default() += 1;
            continue;
        }
        // The canonical name is always an alias, whatever the filter says of it.
        seen.insert(normalize(&record.name));
        let mut names = names.into_iter();
        if let Some((name, alias_type)) = names.next() {
            push_alias(&mut out, &record, name, alias_type.into());
        }
        // Curated aliases first: their types (contested, historic, ...) are authoritative.
        // They are deduplicated on their exact text only: a curated spelling that differs from
        // another only in case ("Minsk group" beside "Minsk Group") is there for its case rule.
        let mut curated_seen = HashSet::new();
        for alias in curated_aliases
            .remove(&record.entity_id)
            .unwrap_or_default()
        {
            seen.insert(normalize(&alias.alias));
            if alias.alias != record.name && curated_seen.insert(alias.alias.clone()) {
                out.aliases.push(alias);
            }
        }
        for (name, alias_type) in names {
            let name = name.trim().to_string();
            if name.is_empty()
                || (!trusted && alias_type != "demonym" && record_drop(&mut out, &name))
            {
                continue;
            }
            if alias_type == "demonym" {
                if seen.insert(normalize(&name)) {
                    push_alias(&mut out, &record, name, alias_type.into());
                }
                continue;
            }
            if let Some(reason) = word_like(&name, name == record.name) {
                *out.dropped.entry(reason).or_default() += 1;
                continue;
            }
            if seen.insert(normalize(&name)) {
                push_alias(&mut out, &record, name, alias_type.into());
            }
        }
        for (name, alias_type, lang) in alternates.remove(&record.entity_id).unwrap_or_default() {
            if trusted || record_drop(&mut out, &name) {
                continue;
            }
            if let Some(reason) = word_like(&name, name == record.name) {
                *out.dropped.entry(reason).or_default() += 1;
                continue;
            }
            if seen.insert(normalize(&name)) {
                out.aliases.push(AliasRecord {
                    entity_id: record.entity_id.clone(),
                    alias: name,
                    lang,
                    alias_type: alias_type.into(),
                });
            }
        }
        out.entities.push(record);
    }
    if out.entities.is_empty() {
        return Err(Error::Gazetteer(
            "the import produced no entities: check the place dumps and the --include rules".into(),
        ));
    }
    Ok(out)
}

/// Adds the divisions of the countries `options.admin1_countries` names that have places in the
/// dumps (a division without one has nowhere to put its marker), and records in `people` how
/// many people each one's places hold.
fn emit_divisions(
    out: &mut Imported,
    emitted: &mut Vec<(EntityRecord, Vec<(String, &'static str)>)>,
    places: &BTreeMap<u64, Place>,
    level: DivisionLevel,
    divisions: Vec<Division>,
    options: &ImportOptions,
    people: &mut HashMap<String, u64>,
) {
    let mut by_division: HashMap<(String, String), Vec<&Place>> = HashMap::new();
    for place in places.values() {
        let code = match level {
            DivisionLevel::First => place.admin1.clone(),
            DivisionLevel::Second if !place.admin2.is_empty() => {
                format!("{}.{}", place.admin1, place.admin2)
            }
            DivisionLevel::Second => continue,
        };
        by_division
            .entry((place.country_code.clone(), code))
            .or_default()
            .push(place);
    }
    for division in divisions {
        if !options.admin1_countries.contains("*")
            && !options.admin1_countries.contains(&division.country_code)
        {
            continue;
        }
        // Some dumps give a city and its municipality one geonameid (Japanese -shi): the place
        // stands for both.
        if places.contains_key(&division.geonameid) {
            continue;
        }
        let members: &[&Place] = by_division
            .get(&(division.country_code.clone(), division.code.clone()))
            .map_or(&[], Vec::as_slice);
        let seat = members
            .iter()
            .filter(|p| level.seat_codes().contains(&p.feature_code.as_str()))
            .max_by_key(|p| p.population)
            .or_else(|| members.iter().max_by_key(|p| p.population));
        let Some(seat) = seat else { continue };
        let (lon, lat) = extent_centre(members.iter().map(|p| (p.lon, p.lat)));
        let seat_keys: HashSet<String> = std::iter::once(&seat.name)
            .chain(std::iter::once(&seat.ascii_name))
            .chain(&seat.alternate_names)
            .map(|n| normalize(n))
            .collect();
        // A division named after its seat town gives the bare name to the town and is
        // called "<name> District" instead (the usual English for a rayon or a district).
        let shadows_seat = |name: &String| seat_keys.contains(&normalize(name));
        let canonical = if shadows_seat(&division.name) {
            out.seat_names_moved += 1;
            format!("{} District", division.name)
        } else {
            division.name.clone()
        };
        let mut names = vec![(canonical.clone(), "preferred")];
        if !shadows_seat(&division.ascii_name) {
            names.push((division.ascii_name.clone(), "transliteration"));
        }
        // News names a state or province with the word written out: "Oaxaca State", "Benue
        // State", "Washington State", also where the bare name is the seat's.
        if level == DivisionLevel::First && !division.name.split(' ').any(|w| w == "State") {
            names.push((format!("{} State", division.name), "variant"));
        }
        let entity_id = format!("gn:{}", division.geonameid);
        people.insert(
            entity_id.clone(),
            members.iter().map(|p| p.population).sum(),
        );
        let admin1_code = match division.code.split_once('.') {
            Some((admin1, _)) => admin1.to_string(),
            None => division.code.clone(),
        };
        emitted.push((
            EntityRecord {
                entity_id,
                kind: "place".into(),
                name: canonical,
                latitude: Some(lat),
                longitude: Some(lon),
                country_code: division.country_code.clone(),
                feature_code: level.feature_code().into(),
                // A state's places add up to about its population; a county's do not: the dumps
                // file whole cities under one of their wards (Perth under the Town of Cambridge),
                // and a county then outweighs every town of its name.
                population: match level {
                    DivisionLevel::First => members.iter().map(|p| p.population).sum(),
                    DivisionLevel::Second => 0,
                },
                admin1_code,
            },
            names,
        ));
    }
}

/// The centre of the box around some points, as (lon, lat): where a division's marker goes.
///
/// A division has no outline in the GeoNames dumps, only its places; the middle of their extent
/// lies near the middle of the division, where its seat may be at an edge (Sacramento for
/// California, Chennai for Tamil Nadu). Measured on GeoWebNews' divisions, whose gold points are
/// GeoNames' own: 247 of 255 mentions within 161 km, against 131 for the seat. A box that
/// would span more than half the globe is taken across the antimeridian instead (the
/// Aleutians, Chukotka, Fiji).
fn extent_centre(points: impl Iterator<Item = (f64, f64)> + Clone) -> (f64, f64) {
    let centre = |lons: &mut dyn Iterator<Item = f64>| {
        let (min, max) = lons.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        });
        ((min + max) / 2.0, max - min)
    };
    let (mid, width) = centre(&mut points.clone().map(|(lon, _)| lon));
    let (mid_east, width_east) =
        centre(
            &mut points
                .clone()
                .map(|(lon, _)| if lon < 0.0 { lon + 360.0 } else { lon }),
        );
    let lon = if width_east < width {
        if mid_east > 180.0 {
            mid_east - 360.0
        } else {
            mid_east
        }
    } else {
        mid
    };
    let (lat, _) = centre(&mut points.map(|(_, lat)| lat));
    (lon, lat)
}

fn alias_path(options: &ImportOptions) -> PathBuf {
    options
        .curated
        .clone()
        .unwrap_or_default()
        .join("aliases.csv")
}

fn push_alias(out: &mut Imported, record: &EntityRecord, alias: String, alias_type: String) {
    out.aliases.push(AliasRecord {
        entity_id: record.entity_id.clone(),
        alias,
        lang: String::new(),
        alias_type,
    });
}

/// Counts and reports whether a name is dropped.
fn record_drop(out: &mut Imported, name: &str) -> bool {
    match name_filter(name) {
        Ok(()) => false,
        Err(reason) => {
            *out.dropped.entry(reason).or_default() += 1;
            true
        }
    }
}

/// Reads a word list and keeps its lower-case single words (proper nouns in it are capitalised).
fn read_common_words(path: &Path) -> Result<HashSet<String>> {
    let mut words = HashSet::new();
    for_each_line(path, |_, line| {
        let word = line.trim();
        if !word.is_empty() && word.chars().all(|c| c.is_lowercase()) {
            words.insert(normalize(word));
        }
        Ok(())
    })?;
    Ok(words)
}

/// GeoNames pseudo-language codes whose "names" are codes and links, not names.
const PSEUDO_LANGUAGES: &[&str] = &[
    "post", "iata", "icao", "faac", "abbr", "link", "wkdt", "unlc", "fr_1793",
];

/// Reads `alternateNamesV2` rows for the emitted entities: entity id -> (name, alias type, lang).
#[allow(clippy::type_complexity)]
fn read_alternate_names(
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
fn read_demonyms(path: &Path) -> Result<Vec<(String, String)>> {
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

/// Reads a list of names (given names, language names; one per line, `#` comments), normalized.
fn read_name_list(path: &Path) -> Result<HashSet<String>> {
    let mut names = HashSet::new();
    for_each_line(path, |_, line| {
        let name = line.trim();
        if !name.is_empty() && !name.starts_with('#') {
            names.insert(normalize(name));
        }
        Ok(())
    })?;
    Ok(names)
}

/// Writes `entities.csv` and `aliases.csv` into `dir`, atomically.
///
/// # Errors
/// If a file cannot be written.
pub fn write(dir: &Path, imported: &Imported, overwrite: crate::export::Overwrite) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    crate::export::write_atomic(&dir.join("entities.csv"), overwrite, |w| {
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
            ])?;
        }
        csv.flush()
    })?;
    crate::export::write_atomic(&dir.join("aliases.csv"), overwrite, |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(["entity_id", "alias", "lang", "type"])?;
        for a in &imported.aliases {
            csv.write_record([&a.entity_id, &a.alias, &a.lang, &a.alias_type])?;
        }
        csv.flush()
    })
}

/// Opens a file, decompressing `.gz`, or reading the first `.txt` entry of a `.zip` (as GeoNames
/// publishes `cities15000.zip` and `alternateNamesV2.zip`).
fn open(path: &Path) -> Result<Box<dyn BufRead>> {
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
fn for_each_line(path: &Path, mut f: impl FnMut(u64, &str) -> Result<()>) -> Result<()> {
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
            },
        );
        Ok(())
    })?;
    Ok(out)
}

/// Columns of the GeoNames `geoname` table.
const GEONAME_COLUMNS: usize = 19;

fn read_places(paths: &[PathBuf]) -> Result<BTreeMap<u64, Place>> {
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

fn fill_gaps(kept: &mut Place, other: Place) {
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
    for name in other.alternate_names {
        if !kept.alternate_names.contains(&name) {
            kept.alternate_names.push(name);
        }
    }
}

fn parse_place(line: &str) -> Result<Place, String> {
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
    })
}

struct CountryInfo {
    iso2: String,
    iso3: String,
    name: String,
    population: u64,
    geonameid: u64,
}

fn read_country_info(path: &Path) -> Result<Vec<CountryInfo>> {
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

/// First-order (`ADM1`: states, provinces) or second-order (`ADM2`: counties) divisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DivisionLevel {
    First,
    Second,
}

impl DivisionLevel {
    fn feature_code(self) -> &'static str {
        match self {
            DivisionLevel::First => "ADM1",
            DivisionLevel::Second => "ADM2",
        }
    }

    /// Feature codes of the places that may be a division's seat.
    fn seat_codes(self) -> &'static [&'static str] {
        match self {
            DivisionLevel::First => &["PPLA", "PPLC"],
            DivisionLevel::Second => &["PPLA2", "PPLA", "PPLC"],
        }
    }
}

struct Division {
    country_code: String,
    /// The code within the country: `TX` for a first-order division, `TX.201` for a county.
    code: String,
    name: String,
    ascii_name: String,
    geonameid: u64,
}

/// Reads `admin1CodesASCII.txt` or `admin2Codes.txt` (the same four columns).
fn read_divisions(path: &Path, level: DivisionLevel) -> Result<Vec<Division>> {
    let mut out = Vec::new();
    for_each_line(path, |line_no, line| {
        if line.trim().is_empty() {
            return Ok(());
        }
        let bad = |m: String| Error::bad_row(path, line_no, m);
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 4 {
            return Err(bad(format!(
                "expected 4 tab-separated columns (GeoNames {} codes), found {}",
                level.feature_code().to_lowercase(),
                fields.len()
            )));
        }
        let (country_code, code) = fields[0]
            .split_once('.')
            .ok_or_else(|| bad(format!("code {:?} is not COUNTRY.CODE", fields[0])))?;
        let geonameid = fields[3]
            .trim()
            .parse()
            .map_err(|_| bad(format!("geonameid {:?} is not a number", fields[3])))?;
        // A few rows have only the ASCII name (MC.00 "Commune de Monaco").
        let (name, ascii_name) = (fields[1].trim(), fields[2].trim());
        if name.is_empty() && ascii_name.is_empty() {
            return Ok(());
        }
        if level == DivisionLevel::Second && !code.contains('.') {
            return Err(bad(format!(
                "code {:?} is not COUNTRY.ADMIN1.ADMIN2",
                fields[0]
            )));
        }
        out.push(Division {
            country_code: country_code.to_string(),
            code: code.to_string(),
            name: if name.is_empty() { ascii_name } else { name }.to_string(),
            ascii_name: ascii_name.to_string(),
            geonameid,
        });
        Ok(())
    })?;
    Ok(out)
}

/// A polygon in Lambert's cylindrical equal-area projection (x: longitude in degrees, y: sine of
/// the latitude), where planar areas and centroids are true to the sphere's areas.
fn equal_area(polygon: &Polygon<f64>) -> Polygon<f64> {
    polygon.map_coords(|Coord { x, y }| Coord {
        x,
        y: y.to_radians().sin(),
    })
}

/// The centroid of an outline, weighted by true area, as (lon, lat).
fn equal_area_centroid(shape: &MultiPolygon<f64>) -> Option<(f64, f64)> {
    let projected = MultiPolygon(shape.0.iter().map(equal_area).collect());
    projected
        .centroid()
        .map(|c| (c.x(), c.y().clamp(-1.0, 1.0).asin().to_degrees()))
}

/// A country's outline from Natural Earth, reduced to what the importer needs.
struct Outline {
    shape: MultiPolygon<f64>,
    /// The country's point, as (lon, lat): the equal-area centroid of its largest landmass when
    /// that lies inside it (close to where GeoNames puts countries), else a point surely inside
    /// it.
    interior: Option<(f64, f64)>,
    /// Natural Earth's `CONTINENT`, `SUBREGION` and `REGION_UN`, for `point_from` of regions.
    groups: [String; 3],
    names: Vec<String>,
    feature_code: &'static str,
}

fn read_outlines(path: &Path) -> Result<HashMap<String, Outline>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let collection: geojson::FeatureCollection = text
        .parse::<geojson::GeoJson>()
        .map_err(|e| Error::Json {
            path: path.to_path_buf(),
            line: 0,
            message: e.to_string(),
        })?
        .try_into()
        .map_err(|e: geojson::Error| Error::Json {
            path: path.to_path_buf(),
            line: 0,
            message: e.to_string(),
        })?;
    let mut out = HashMap::new();
    for feature in collection.features {
        let prop = |k: &str| {
            feature
                .property(k)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .filter(|s| s != "-99")
        };
        // GeoNames uses ISO alpha-3 codes, which Natural Earth leaves at -99 for a few countries
        // (France, Norway); ADM0_A3 is always set. Index the outline under both.
        let keys: Vec<String> = [prop("ISO_A3"), prop("ADM0_A3")]
            .into_iter()
            .flatten()
            .collect();
        if keys.is_empty() {
            continue;
        }
        let Some(geometry) = &feature.geometry else {
            continue;
        };
        let shape: MultiPolygon<f64> = match geo::Geometry::<f64>::try_from(geometry.value.clone())
        {
            Ok(geo::Geometry::Polygon(p)) => MultiPolygon(vec![p]),
            Ok(geo::Geometry::MultiPolygon(m)) => m,
            _ => continue,
        };
        // Areas and centroids are taken on an equal-area projection: in plain degrees a square
        // degree at 60 degrees north counts as much as one at the equator, which holds twice the
        // land, and the point of a country that spans latitudes drifts poleward.
        let largest: Option<&Polygon<f64>> = shape
            .0
            .iter()
            .map(|p| (equal_area(p).unsigned_area(), p))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, p)| p);
        let interior = largest.and_then(|p| {
            equal_area_centroid(&MultiPolygon(vec![p.clone()]))
                .filter(|&(lon, lat)| p.contains(&geo::Point::new(lon, lat)))
                .or_else(|| p.interior_point().map(|c| (c.x(), c.y())))
        });
        let groups = [prop("CONTINENT"), prop("SUBREGION"), prop("REGION_UN")]
            .map(Option::unwrap_or_default);
        let names: Vec<String> = ["NAME", "NAME_LONG", "ADMIN", "FORMAL_EN", "NAME_SORT"]
            .iter()
            .filter_map(|k| prop(k))
            .collect();
        let feature_code = match prop("TYPE").as_deref() {
            Some("Dependency") => "PCLD",
            Some("Indeterminate" | "Disputed") => "PCLS",
            _ => "PCLI",
        };
        for key in keys {
            out.entry(key).or_insert_with(|| Outline {
                shape: shape.clone(),
                interior,
                groups: groups.clone(),
                names: names.clone(),
                feature_code,
            });
        }
    }
    Ok(out)
}

#[derive(Default)]
struct Curated {
    entities: Vec<CuratedEntity>,
    aliases: Vec<AliasRecord>,
}

#[derive(Debug, Deserialize)]
struct CuratedEntity {
    entity_id: String,
    kind: String,
    name: String,
    country_code: Option<String>,
    feature_code: Option<String>,
    population: Option<u64>,
    /// `gn:ID` or `countries:CC|CC`: where the point comes from, instead of typed coordinates.
    point_from: Option<String>,
    #[serde(skip)]
    line: u64,
    #[serde(skip)]
    path: PathBuf,
}

#[derive(Debug, Deserialize)]
struct CuratedAlias {
    entity_id: String,
    alias: String,
    lang: Option<String>,
    #[serde(rename = "type")]
    alias_type: Option<String>,
}

fn read_curated(dir: &Path) -> Result<Curated> {
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

fn curated_entity(
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
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_centroid_weighs_land_by_its_true_area() {
        // A band from 60 to 80 degrees north: its middle in degrees is 70, but the land near 60
        // is twice as wide on the globe as near 80, so the true centroid lies further south.
        let band = Polygon::new(
            vec![
                (0.0, 60.0),
                (10.0, 60.0),
                (10.0, 80.0),
                (0.0, 80.0),
                (0.0, 60.0),
            ]
            .into(),
            vec![],
        );
        let (lon, lat) = equal_area_centroid(&MultiPolygon(vec![band])).unwrap();
        assert!((lon - 5.0).abs() < 1e-9, "{lon}");
        assert!((67.0..68.5).contains(&lat), "{lat}");
    }

    #[test]
    fn a_division_sits_in_the_middle_of_its_places_even_across_the_antimeridian() {
        let (lon, lat) =
            extent_centre([(-124.0, 42.0), (-114.0, 32.0), (-121.5, 38.6)].into_iter());
        assert_eq!((lon, lat), (-119.0, 37.0));
        // Chukotka: places at 177 E and 170 W; the middle is at 176.5 W, not at 3.5 E.
        let (lon, _) = extent_centre([(177.0, 64.7), (-170.0, 66.0)].into_iter());
        assert!((lon - -176.5).abs() < 1e-9, "{lon}");
    }

    #[test]
    fn keeps_names_and_drops_codes_and_noise() {
        let table: &[(&str, Result<(), DropReason>)] = &[
            ("Baku", Ok(())),
            ("Bakı", Ok(())),
            ("Баку", Ok(())),
            ("Բաքու", Ok(())),
            ("باكو", Ok(())),
            ("al-Hasakah", Ok(())),
            ("Kirovabad", Ok(())),
            ("Nagorno-Karabakh", Ok(())),
            ("BAK", Err(DropReason::Code)),
            ("UBBB", Err(DropReason::Code)),
            ("ba ku", Err(DropReason::LowerCaseKey)),
            ("swsa", Err(DropReason::LowerCaseKey)),
            ("Ba", Err(DropReason::TooShort)),
            ("Q9248", Err(DropReason::HasDigits)),
            ("https://en.wikipedia.org/wiki/Baku", Err(DropReason::Link)),
            ("Baku (city)", Err(DropReason::Punctuation)),
            ("巴库", Err(DropReason::UnspacedScript)),
            ("バクー", Err(DropReason::UnspacedScript)),
        ];
        for (name, expected) in table {
            assert_eq!(name_filter(name), *expected, "name {name:?}");
        }
    }

    #[test]
    fn include_rules_parse_and_admit() {
        let regional: Include = "am, az:0".parse().unwrap();
        assert!(regional.admits("AZ", 0));
        assert!(!regional.admits("GE", 1_000_000));
        let world: Include = "*:15000".parse().unwrap();
        assert!(world.admits("FR", 15_000) && !world.admits("FR", 14_999));
        assert!("AZ".parse::<Include>().is_err());
        assert!("AZ:many".parse::<Include>().is_err());
    }

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
