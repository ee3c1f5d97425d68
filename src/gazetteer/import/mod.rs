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
//! - names of countries, regions, cities and divisions in Russian, Armenian, Azerbaijani and
//!   Turkish, tagged with their language: Unicode CLDR's territory and exemplar-city names,
//!   Debian iso-codes' ISO 3166 translations and the curated `regional-names.csv`
//!   (`languages.rs`);
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

mod borrowed;
mod cldr;
mod counties;
mod curated;
mod divisions;
mod dumps;
mod feature_point;
mod gettext;
mod iso_codes;
mod languages;
mod local;
mod names;
mod outlines;
mod output;
mod physical;
mod sides;

use borrowed::*;
use counties::*;
pub use counties::{CountyCounts, US_COUNTIES_FILE, US_STATES_FILE};
use curated::*;
use divisions::*;
use dumps::*;
pub use dumps::{read_top_level, TOP_LEVEL_HEADER};
pub use languages::TranslationCounts;
use languages::*;
use local::*;
pub use local::{AbbreviationRecord, SmallPlaceRecord, CURATED_ABBREVIATIONS};
use names::*;
pub use names::{name_filter, DropReason};
use outlines::*;
pub use output::{summarize, write, OUTPUTS};
pub use physical::PhysicalCounts;
use physical::*;
pub use sides::SideRecord;

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
    /// curated entities, where the name is what the text means ("China", "Turkey"). Its
    /// capitalised words ("Pembroke") keep names in other languages ([`Self::name_languages`])
    /// from entities that do not bear them already.
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
    /// Which further places to keep under their own name only (`TR:0`: Turkey's towns and
    /// villages, which Turkish text names). Their GeoNames alternate names are left out: a
    /// village's are its old names, rarely written and often words ("Aynı", "Osmanlı",
    /// "Mağara" name Turkish villages of other names).
    pub own_name_places: Vec<Include>,
    /// Natural Earth admin-0 countries GeoJSON.
    pub countries_geojson: Option<PathBuf>,
    /// GeoNames' own records of countries, first-order divisions, continents and regions, with
    /// GeoNames' points (a tab-separated file with the header `geonameid, name, lat, lon,
    /// feature_code, country_code, admin1_code, population`; see [`read_top_level`]). An imported
    /// country or division with a record takes the record's point instead of the derived one; a
    /// curated entity whose id is a record's (`gn:6269133`, the Middle East) takes its point,
    /// feature code and population where the curated row leaves them empty.
    pub top_level: Option<PathBuf>,
    /// Natural Earth's 1:10m physical layers (a directory; see `physical.rs`): seas, lakes,
    /// rivers, peaks, ranges, islands and other named features, each with a GeoNames feature
    /// code, a point on it and the ways English writes it. Abbreviations in its names are
    /// expanded by the curated `physical-abbreviations.csv`.
    pub physical: Option<PathBuf>,
    /// The npm package us-atlas's directory (`counties-10m.json`, `states-10m.json`: the Census
    /// Bureau's boundaries): every US county becomes a second-order division with a point inside
    /// its polygon (see `counties.rs`). Needs [`ImportOptions::admin1`] for the states' codes.
    pub us_counties: Option<PathBuf>,
    /// A directory with the curated `entities.csv` and `aliases.csv` (and, optionally,
    /// `division-abbreviations.csv`: abbreviations written after a town, such as AP's "Ill.").
    pub curated: Option<PathBuf>,
    /// Countries whose GeoNames admin1 codes are the postal abbreviations of their divisions
    /// (`US`: `US.IL` is Illinois): each becomes a division abbreviation.
    pub postal_code_countries: HashSet<String>,
    /// Which places the gazetteer leaves out are kept as small places, named only where a
    /// document places itself in their division (see [`crate::geography`]).
    pub small_places: Vec<Include>,
    /// Unicode CLDR JSON (a directory with `territories/<lang>.json` and
    /// `timezone-names/<lang>.json`): names of countries, continents, regions and the exemplar
    /// cities of time zones in [`ImportOptions::name_languages`].
    pub cldr: Option<PathBuf>,
    /// Debian iso-codes (a directory with `json/iso_3166-1.json`, `json/iso_3166-2.json` and
    /// `locale/<lang>/iso_3166-1.mo`, `iso_3166-2.mo`): names of countries and first-order
    /// divisions in [`ImportOptions::name_languages`].
    pub iso_codes: Option<PathBuf>,
    /// The languages (BCP 47, as CLDR and iso-codes name their files: `ru`, `hy`, `az`, `tr`)
    /// whose names [`ImportOptions::cldr`] and [`ImportOptions::iso_codes`] give, each alias
    /// tagged with its language.
    pub name_languages: Vec<String>,
    /// Names learned from annotated text (the `regional-names.csv` columns, `source` saying
    /// what the evidence was; `data/languages/tr/learned-places.csv`), filtered like CLDR's.
    pub learned_names: Vec<PathBuf>,
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
    /// Natural Earth's scale rank of a physical feature (see [`crate::gazetteer::Entity`]).
    pub scalerank: Option<u8>,
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
    /// What became of Natural Earth's physical features ([`ImportOptions::physical`]).
    pub physical: PhysicalCounts,
    /// What became of the US counties ([`ImportOptions::us_counties`]).
    pub counties: CountyCounts,
    /// Abbreviations of first-order divisions written after a town (`division-abbreviations.csv`).
    pub division_abbreviations: Vec<AbbreviationRecord>,
    /// Places the gazetteer leaves out, for local news (`small-places.csv`).
    pub small_places: Vec<SmallPlaceRecord>,
    /// Names in other languages, by (source, language): how many were added, tagged onto an
    /// existing alias, already there, or dropped.
    pub translations: BTreeMap<(String, String), TranslationCounts>,
    /// ISO 3166-2 subdivisions mapped to the gazetteer's first-order divisions, by country:
    /// (mapped, top-level subdivisions).
    pub iso_divisions: BTreeMap<String, (usize, usize)>,
    /// CLDR time zones whose exemplar city no imported place could be found for.
    pub unmapped_zones: Vec<String>,
    /// The curated sides of contested names (`sides.csv`).
    pub sides: Vec<SideRecord>,
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
            scalerank: None,
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
    let mut first_divisions = Vec::new();
    if let Some(admin1_path) = &options.admin1 {
        let divisions = read_divisions(admin1_path, DivisionLevel::First)?;
        first_divisions.clone_from(&divisions);
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

    // Every US county, with a point inside its polygon (GeoNames has points for a third).
    if let Some(dir) = &options.us_counties {
        let (counties, state_names) = read_us_counties(dir)?;
        out.counties = emit_us_counties(&mut emitted, counties, &state_names, &first_divisions);
    }

    // Places. Those kept under their own name only are named in their country's language
    // alone: "Meydan" and "Bünyan", Turkish towns, are a racecourse and a surname in English.
    let mut own_name_ids: HashSet<String> = HashSet::new();
    for place in places.values() {
        let capital = place.feature_code == "PPLC";
        let admitted = |rules: &[Include]| {
            rules
                .iter()
                .any(|i| i.admits(&place.country_code, place.population))
        };
        let own_name_only = !capital && !admitted(&options.include);
        if own_name_only && !admitted(&options.own_name_places) {
            continue;
        }
        if own_name_only {
            own_name_ids.insert(format!("gn:{}", place.id));
        }
        let mut names = vec![(place.name.clone(), "preferred")];
        if !place.ascii_name.is_empty() {
            names.push((place.ascii_name.clone(), "transliteration"));
        }
        if !own_name_only {
            names.extend(place.alternate_names.iter().map(|n| (n.clone(), "variant")));
        }
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
                scalerank: None,
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

    let common_words = match &options.common_words {
        Some(path) => read_common_words(path)?,
        None => HashSet::new(),
    };
    let proper_nouns = match &options.common_words {
        Some(path) if !options.name_languages.is_empty() => read_proper_nouns(path)?,
        _ => HashSet::new(),
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

    // Natural Earth's physical features, after the curated areas they may be (Scandinavia).
    if let Some(dir) = &options.physical {
        let abbreviations = match &options.curated {
            Some(curated) if curated.join(PHYSICAL_ABBREVIATIONS).is_file() => {
                read_abbreviations(&curated.join(PHYSICAL_ABBREVIATIONS))?
            }
            _ => Vec::new(),
        };
        let is_word = |name: &str, major: bool| {
            let key = normalize(name);
            common_words.contains(&key)
                || language_names.contains(&key)
                || (!major && (person_names.contains(&key) || rare_person_names.contains(&key)))
        };
        let features = read_physical(dir, &abbreviations, &is_word)?;
        let iso2: HashMap<&str, &str> = countries
            .iter()
            .map(|c| (c.iso3.as_str(), c.iso2.as_str()))
            .collect();
        let shapes: Vec<(&str, &MultiPolygon<f64>, geo::Rect<f64>)> = outlines
            .iter()
            .filter_map(|(iso3, o)| {
                let rect = geo::BoundingRect::bounding_rect(&o.shape)?;
                Some((*iso2.get(iso3.as_str())?, &o.shape, rect))
            })
            .collect();
        let country_of = |(lon, lat): (f64, f64)| {
            let point = geo::Point::new(lon, lat);
            let mut inside: Vec<&str> = shapes
                .iter()
                .filter(|(_, shape, rect)| {
                    geo::Intersects::intersects(rect, &point) && shape.contains(&point)
                })
                .map(|(cc, _, _)| *cc)
                .collect();
            inside.sort_unstable();
            inside.first().map(|cc| cc.to_string())
        };
        out.physical = merge_physical(
            &mut emitted,
            &curated.aliases,
            &top_level,
            features,
            &country_of,
        );
        for (i, (record, _)) in emitted.iter().enumerate() {
            by_id.entry(record.entity_id.clone()).or_insert(i);
        }
    }

    let mut translations = gather_translations(
        &mut out,
        options,
        &emitted,
        &places,
        &first_divisions,
        &own_name_ids,
    )?;

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
        // A major physical feature ("Nile", "Jordan") is what news means by its name.
        let person_exempt = major
            || people >= options.person_name_exempt_population
            || record.scalerank.is_some_and(|r| r <= MAJOR_SCALERANK);
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
        let first_alias = out.aliases.len();
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
            if alias.alias == record.name {
                // The own name can be one side's name too (Stepanakert, contested, hy-Latn):
                // the curated row's language and type go onto the own name's row.
                curated_own_name(&mut out.aliases[first_alias..], alias);
            } else if curated_seen.insert(alias.alias.clone()) {
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
        // Names in other languages last: they tag the spellings the entity has, and a new
        // spelling must not shadow an untagged one the loader would then drop.
        if let Some(names) = translations.remove(&record.entity_id) {
            let english_word = |key: &str| {
                common_words.contains(key)
                    || proper_nouns.contains(key)
                    || person_names.contains(key)
                    || rare_person_names.contains(key)
                    || language_names.contains(key)
            };
            apply_translations(
                &mut out,
                &record,
                first_alias,
                &mut seen,
                names,
                &english_word,
            );
        }
        if own_name_ids.contains(&record.entity_id) {
            if let Some(lang) = national_language(&record.country_code) {
                for alias in &mut out.aliases[first_alias..] {
                    alias.lang = format!("{lang}{}", crate::language::ONLY_IN_SUBTAG);
                }
            }
        }
        out.entities.push(record);
    }
    if out.entities.is_empty() {
        return Err(Error::Gazetteer(
            "the import produced no entities: check the place dumps and the --include rules".into(),
        ));
    }
    let imported_ids: HashSet<&str> = out.entities.iter().map(|e| e.entity_id.as_str()).collect();
    let division_abbreviations = division_abbreviations(&first_divisions, options, &imported_ids)?;
    let small_places = small_places(&places, options, &imported_ids, |key| {
        common_words.contains(key) || person_names.contains(key) || rare_person_names.contains(key)
    });
    out.division_abbreviations = division_abbreviations;
    out.small_places = small_places;
    if let Some(dir) = &options.curated {
        out.sides = sides::curated_sides(dir, &out.aliases)?;
    }
    Ok(out)
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

/// Puts a curated row's language and type on the entity's own-name row, the first of `aliases`
/// (the entity's rows so far), if that row has the curated text; an empty curated language
/// keeps the row's.
fn curated_own_name(aliases: &mut [AliasRecord], curated: AliasRecord) {
    if let Some(own) = aliases.first_mut().filter(|a| a.alias == curated.alias) {
        if !curated.lang.is_empty() {
            own.lang = curated.lang;
        }
        own.alias_type = curated.alias_type;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_curated_row_on_the_own_name_types_it() {
        let row = |alias: &str, lang: &str, alias_type: &str| AliasRecord {
            entity_id: "gn:146970".into(),
            alias: alias.into(),
            lang: lang.into(),
            alias_type: alias_type.into(),
        };
        let mut rows = vec![row("Stepanakert", "", "preferred")];
        curated_own_name(&mut rows, row("Stepanakert", "hy-Latn", "contested"));
        assert_eq!(
            (rows[0].lang.as_str(), rows[0].alias_type.as_str()),
            ("hy-Latn", "contested")
        );
        // Another spelling is not the own name's row.
        curated_own_name(&mut rows, row("Khankendi", "az", "variant"));
        assert_eq!(rows[0].alias, "Stepanakert");
        assert_eq!(rows[0].alias_type, "contested");
    }
}
