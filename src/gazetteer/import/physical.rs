//! Natural Earth's physical layers (1:10m): oceans, seas, straits, lakes, rivers, peaks, ranges,
//! islands, deserts, peninsulas and other named regions, as places with GeoNames feature codes.
//!
//! Natural Earth writes some names in capitals and abbreviates them for its maps (`CAUCASUS
//! MTS.`, `Long I.`); the written form is the name in title case with the abbreviations of
//! `physical-abbreviations.csv` expanded (`Caucasus Mountains`, `Long Island`). A feature's
//! point is where GeoNames would put it (`feature_point.rs`: an area's centre, a river's mouth).
//! A river drawn in several pieces, or a sea in two polygons, is one feature.
//!
//! Each feature is also given the ways English writes it ("Danube River" and "River Danube" for
//! the Danube, "Victoria Lake" for Lake Victoria, "Ararat" for Mount Ararat, "Atlantic" for the
//! Atlantic Ocean); a short form that is an English word or a person's name ("Black" for the
//! Black Sea, "Victoria") is not one of them.

use geo::{Distance, Haversine, LineString, Point};

use super::feature_point::{point_of, Seas};
use super::*;

/// A physical feature read from Natural Earth, before it meets the rest of the gazetteer.
#[derive(Debug, Clone)]
pub(super) struct PhysicalFeature {
    /// `ne:<feature code>:<slug of the written name>` (`ne:stm:danube`), with `-2`, `-3` for
    /// namesakes of one kind, in the order of the input.
    pub(super) entity_id: String,
    /// The written name (`Caucasus Mountains`).
    pub(super) name: String,
    /// A GeoNames feature code (`STM`, `LK`, `SEA`, `MTS`, ...).
    pub(super) feature_code: &'static str,
    /// A point on or inside it, as (lon, lat).
    pub(super) point: (f64, f64),
    /// Natural Earth's scale rank: 0 for the oceans and continents, up to 10.
    pub(super) scalerank: u8,
    /// The name first, then the other names and the generated forms, with their alias types.
    pub(super) names: Vec<(String, &'static str)>,
}

/// The abbreviations Natural Earth writes in names, beside the curated files.
pub(super) const PHYSICAL_ABBREVIATIONS: &str = "physical-abbreviations.csv";

/// The layers read from the directory.
const LAYERS: &[&str] = &[
    "ne_10m_geography_marine_polys.json.gz",
    "ne_10m_lakes.json.gz",
    "ne_10m_rivers_lake_centerlines.json.gz",
    "ne_10m_geography_regions_polys.json.gz",
    "ne_10m_geography_regions_points.json",
    "ne_10m_geography_regions_elevation_points.json",
];

/// GeoNames' feature code for a Natural Earth `featurecla` (case ignored). Classes without one
/// (unnamed "generic" waters, lake centrelines, which repeat the lake, poles and joke features)
/// are left out.
fn feature_code(class: &str) -> Option<&'static str> {
    Some(match class.to_lowercase().as_str() {
        "ocean" => "OCN",
        "sea" => "SEA",
        "gulf" => "GULF",
        "bay" | "inlet" => "BAY",
        "strait" => "STRT",
        "sound" => "SD",
        "channel" => "CHN",
        "fjord" => "FJD",
        "lagoon" => "LGN",
        "reef" => "RF",
        "river" => "STM",
        "lake" => "LK",
        "alkaline lake" => "LKSL",
        "reservoir" => "RSV",
        "island" => "ISL",
        "island group" => "ISLS",
        "range/mtn" => "MTS",
        "mountain" | "spot elevation" => "MT",
        "plateau" => "PLAT",
        "desert" => "DSRT",
        "pen/cape" | "peninsula" => "PEN",
        "cape" => "CAPE",
        "geoarea" => "RGN",
        "continent" => "CONT",
        "coast" => "CST",
        "plain" | "lowland" => "PLN",
        "delta" => "DLTA",
        "basin" => "BSND",
        "valley" => "VAL",
        "tundra" => "TUND",
        "isthmus" => "ISTH",
        "wetlands" => "WTLD",
        "gorge" => "GRGE",
        "foothills" => "HLLS",
        "depression" => "DPR",
        "pass" => "PASS",
        "waterfall" => "FLLS",
        _ => return None,
    })
}

/// Is this code an arm of the sea (Natural Earth's marine layer)?
fn is_sea(code: &str) -> bool {
    matches!(
        code,
        "OCN" | "SEA" | "GULF" | "BAY" | "STRT" | "SD" | "CHN" | "FJD" | "LGN"
    )
}

/// Is this code a body of water or a river (GeoNames class H)?
pub(super) fn is_water(code: &str) -> bool {
    matches!(
        code,
        "OCN"
            | "SEA"
            | "GULF"
            | "BAY"
            | "STRT"
            | "SD"
            | "CHN"
            | "FJD"
            | "LGN"
            | "RF"
            | "STM"
            | "LK"
            | "LKSL"
            | "RSV"
    )
}

/// Words of a name that stay in lower case in its written form, after the first word.
const LOWER_CASE_WORDS: &[&str] = &[
    "of", "the", "and", "de", "del", "la", "las", "los", "le", "les", "des", "do", "dos", "da",
    "du", "al", "y",
];

/// Generic words that say what kind of feature a name is, as English writes them after the name
/// ("Danube River") or before it ("Lake Victoria", "Sea of Azov"), and in the names Natural Earth
/// gives in other languages ("Gora Elbrus"): the rest of the name is its specific part.
const SUFFIXES: &[&str] = &[
    "River",
    "Lake",
    "Reservoir",
    "Sea",
    "Ocean",
    "Mountains",
    "Mountain",
    "Range",
    "Island",
    "Islands",
    "Peninsula",
    "Desert",
    "Plateau",
    "Gulf",
    "Bay",
    "Strait",
    "Lerr",
];
const PREFIXES: &[&str] = &[
    "Lake ",
    "Mount ",
    "Mt. ",
    "Gora ",
    "Jabal ",
    "Jebel ",
    "Volcán ",
    "Cerro ",
    "Pico ",
    "Monte ",
    "Island of ",
    "Sea of ",
    "Gulf of ",
    "Bay of ",
    "Strait of ",
    "Straits of ",
];

/// One row of `physical-abbreviations.csv`: an abbreviation and the word it stands for, where it
/// stands (`start` or `end` of the name, or `any`).
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Abbreviation {
    abbreviation: String,
    position: String,
    written: String,
}

/// Reads `physical-abbreviations.csv` (`abbreviation,position,written,note`).
///
/// # Errors
/// An unreadable file or a row without a known position (with file and line).
pub(super) fn read_abbreviations(path: &Path) -> Result<Vec<Abbreviation>> {
    let csv_error = |e| Error::Csv {
        path: path.to_path_buf(),
        cause: e,
    };
    let mut reader = csv::Reader::from_path(path).map_err(csv_error)?;
    let mut out = Vec::new();
    for (i, row) in reader.deserialize::<Abbreviation>().enumerate() {
        let row: Abbreviation = row.map_err(csv_error)?;
        if !["start", "end", "any"].contains(&row.position.as_str()) {
            return Err(Error::bad_row(
                path,
                i as u64 + 2,
                format!("position {:?} is not start, end or any", row.position),
            ));
        }
        out.push(row);
    }
    Ok(out)
}

/// The written form of a Natural Earth name: spaces collapsed, a name in capitals in title case
/// (`CAUCASUS MTS.` → `Caucasus Mts.`), then abbreviations expanded (→ `Caucasus Mountains`).
pub(super) fn written_form(name: &str, abbreviations: &[Abbreviation]) -> String {
    let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    // "Kopet Dag Mts ." : a full stop set apart from its word.
    if words.len() > 1 && words.last().is_some_and(|w| w == ".") {
        words.pop();
        if let Some(last) = words.last_mut() {
            last.push('.');
        }
    }
    let capitals = !name.chars().any(char::is_lowercase);
    if capitals {
        for (i, word) in words.iter_mut().enumerate() {
            let lower = word.to_lowercase();
            *word = if i > 0 && LOWER_CASE_WORDS.contains(&lower.as_str()) {
                lower
            } else {
                title_case(&lower)
            };
        }
    }
    let last = words.len().saturating_sub(1);
    for (i, word) in words.iter_mut().enumerate() {
        let at = |position: &str| {
            position == "any" || (position == "start" && i == 0) || (position == "end" && i == last)
        };
        if let Some(a) = abbreviations
            .iter()
            .find(|a| a.abbreviation == *word && at(&a.position))
        {
            word.clone_from(&a.written);
        }
    }
    words.join(" ")
}

/// Upper-cases the first letter of a word and of each part after a hyphen (`izu-shotö` →
/// `Izu-Shotö`).
fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == '-';
    }
    out
}

/// The specific part of a name (`Danube` of `Danube River`, `Victoria` of `Lake Victoria`,
/// `Azov` of `Sea of Azov`) and whether the generic word came after it, if the name has one.
fn specific(name: &str) -> Option<(&str, bool)> {
    for suffix in SUFFIXES {
        if let Some(rest) = name.strip_suffix(suffix).and_then(|r| r.strip_suffix(' ')) {
            if !rest.is_empty() {
                return Some((rest, true));
            }
        }
    }
    PREFIXES
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .filter(|rest| !rest.is_empty())
        .map(|rest| (rest, false))
}

/// The names a feature is written by in English, beyond its own (see the module doc), each with
/// whether it is a short form (the specific part standing alone, which `is_word` may veto).
fn english_forms(name: &str, code: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let part = specific(name);
    let base = part.map_or(name, |(b, _)| b);
    let prefixed = |p: &str| name.starts_with(p);
    match code {
        "STM" => {
            out.push((format!("{base} River"), false));
            out.push((format!("River {base}"), false));
            if part.is_some() {
                out.push((base.to_string(), true));
            }
        }
        "LK" | "LKSL" => {
            out.push((format!("Lake {base}"), false));
            out.push((format!("{base} Lake"), false));
        }
        "RSV" => out.push((format!("{base} Reservoir"), false)),
        "MT" => {
            out.push((format!("Mount {base}"), false));
            out.push((format!("Mt. {base}"), false));
            out.push((format!("Mt {base}"), false));
            if part.is_some() {
                out.push((base.to_string(), true));
            }
        }
        "MTS" => {
            if let Some((base, true)) = part {
                if name.ends_with("Mountains") {
                    out.push((format!("{base} Mts"), false));
                    out.push((format!("{base} Mts."), false));
                    out.push((base.to_string(), true));
                    // "the Urals", "the Carpathians", "the Appalachians".
                    if base.ends_with("an") || base.ends_with("al") {
                        out.push((format!("{base}s"), true));
                    }
                } else if name.ends_with("Range") {
                    out.push((format!("{base} Mountains"), false));
                }
            }
        }
        "ISL" if part.is_none() => out.push((format!("{base} Island"), false)),
        "ISLS" => {
            if let Some((base, true)) = part {
                // "the Balearics", "the Aleutians", "the Andamans".
                if ["an", "ic"].iter().any(|e| base.ends_with(e)) {
                    out.push((format!("{base}s"), true));
                }
            }
        }
        "DSRT" => match part {
            Some((base, true)) => out.push((base.to_string(), true)),
            _ => out.push((format!("{base} Desert"), false)),
        },
        "PLAT" => {
            if let Some((base, true)) = part {
                out.push((base.to_string(), true));
            }
        }
        "SEA" | "OCN" if !prefixed("Sea of ") => {
            if let Some((base, true)) = part {
                out.push((base.to_string(), true));
            }
        }
        _ => {}
    }
    out.retain(|(form, _)| form != name);
    out
}

/// A slug for an entity id: lower-case ASCII letters and digits, other runs as one hyphen.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in normalize(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// What groups Natural Earth's features into one: GeoNames code, written name, and -1 (kept
/// for the shape of the key; rivers are split by where their pieces meet).
type GroupKey = (&'static str, String, i64);

/// What one Natural Earth feature contributes to its group.
pub(super) struct Piece {
    pub(super) polygons: Vec<Polygon<f64>>,
    pub(super) lines: Vec<LineString<f64>>,
    pub(super) point: Option<(f64, f64)>,
    pub(super) scalerank: u8,
    pub(super) alternate: Option<String>,
    /// A lake centreline: part of a river's course, not a feature by itself.
    pub(super) connector: bool,
}

/// Reads the physical layers from `dir` (the file names of [`LAYERS`]).
///
/// `is_word(name, major)` says whether a short form is an English word or (unless the feature is
/// major: [`MAJOR_SCALERANK`]) a person's name, which the text would mean instead: such a form is not given, and a feature whose name is one takes its
/// English form as its name ("Orange River").
///
/// # Errors
/// An unreadable or malformed layer.
pub(super) fn read_physical(
    dir: &Path,
    abbreviations: &[Abbreviation],
    is_word: &dyn Fn(&str, bool) -> bool,
) -> Result<Vec<PhysicalFeature>> {
    // (code, written name, river number) → its pieces, in input order.
    let mut groups: Vec<(GroupKey, Vec<Piece>)> = Vec::new();
    let mut index: HashMap<(&'static str, String, i64), usize> = HashMap::new();
    for layer in LAYERS {
        let path = dir.join(layer);
        let mut text = String::new();
        open(&path)?
            .read_to_string(&mut text)
            .map_err(|e| Error::io(&path, e))?;
        let json_error = |message: String| Error::Json {
            path: path.clone(),
            line: 0,
            message,
        };
        let collection: geojson::FeatureCollection = text
            .parse::<geojson::GeoJson>()
            .map_err(|e| json_error(e.to_string()))?
            .try_into()
            .map_err(|e: geojson::Error| json_error(e.to_string()))?;
        for feature in collection.features {
            let text_of = |k: &str| {
                feature
                    .property(k)
                    .and_then(|v| v.as_str())
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let number = |k: &str| feature.property(k).and_then(serde_json::Value::as_f64);
            let class = text_of("featurecla");
            // A river's course through a lake is drawn as a lake centreline of the river's name:
            // not a feature of its own, but it joins the river's pieces (for its mouth and for
            // which pieces are one river).
            let connector = class
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("lake centerline"));
            let code = if connector {
                Some("STM")
            } else {
                class.as_deref().and_then(feature_code)
            };
            let Some(code) = code else {
                continue;
            };
            // The marine layer draws the mouths of a few rivers; the rivers layer has them whole.
            if code == "STM" && !layer.contains("rivers") {
                continue;
            }
            let Some(raw) = text_of("name_en").or_else(|| text_of("name")) else {
                continue;
            };
            let name = written_form(&raw, abbreviations);
            let scalerank = number("scalerank").unwrap_or(10.0).clamp(0.0, 10.0) as u8;
            let alternate = text_of("name_alt")
                .or_else(|| text_of("namealt"))
                .map(|a| written_form(&a, abbreviations));
            let mut piece = Piece {
                polygons: Vec::new(),
                lines: Vec::new(),
                point: None,
                scalerank,
                alternate,
                connector,
            };
            match feature
                .geometry
                .as_ref()
                .and_then(|g| geo::Geometry::<f64>::try_from(g.value.clone()).ok())
            {
                Some(geo::Geometry::Polygon(p)) => piece.polygons.push(p),
                Some(geo::Geometry::MultiPolygon(m)) => piece.polygons.extend(m.0),
                Some(geo::Geometry::LineString(l)) => piece.lines.push(l),
                Some(geo::Geometry::MultiLineString(m)) => piece.lines.extend(m.0),
                Some(geo::Geometry::Point(p)) => piece.point = Some((p.x(), p.y())),
                _ => continue,
            }
            let mut keys = vec![(code, name.clone(), -1)];
            // The North and South Atlantic and Pacific are also one ocean each.
            if code == "OCN" {
                if let Some(whole) = name
                    .strip_prefix("North ")
                    .or_else(|| name.strip_prefix("South "))
                {
                    keys.push((code, whole.to_string(), -1));
                }
            }
            for key in keys {
                let slot = *index.entry(key.clone()).or_insert_with(|| {
                    groups.push((key, Vec::new()));
                    groups.len() - 1
                });
                groups[slot].1.push(Piece {
                    polygons: piece.polygons.clone(),
                    lines: piece.lines.clone(),
                    point: piece.point,
                    scalerank: piece.scalerank,
                    alternate: piece.alternate.clone(),
                    connector: piece.connector,
                });
            }
        }
    }

    // A river drawn in pieces is one river where its pieces meet; namesakes far apart (the
    // Colorado of the United States and of Argentina) stay apart.
    let groups: Vec<(GroupKey, Vec<Piece>)> = groups
        .into_iter()
        .flat_map(|(key, pieces)| {
            if key.0 != "STM" {
                return vec![(key, pieces)];
            }
            connected(pieces)
                .into_iter()
                .map(|part| (key.clone(), part))
                .collect()
        })
        .collect();
    // The seas, for which end of a river is its mouth.
    let seas = Seas::new(
        groups
            .iter()
            .filter(|((code, _, _), _)| is_sea(code))
            .flat_map(|(_, pieces)| pieces.iter().flat_map(|p| p.polygons.iter().cloned())),
    );
    let mut ids: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for ((code, name, _), pieces) in groups {
        let Some(point) = point_of(&pieces, &seas) else {
            continue;
        };
        // Lake centrelines with no river of their name are no feature.
        if pieces.iter().all(|p| p.connector) {
            continue;
        }
        let scalerank = pieces
            .iter()
            .filter(|p| !p.connector)
            .map(|p| p.scalerank)
            .min()
            .unwrap_or(10);
        let major = scalerank <= MAJOR_SCALERANK;
        // Antarctica's peaks and glaciers are named for people ("Mount Kaplan"), and news that
        // writes such a name alone means the person.
        let antarctic = point.1 < ANTARCTIC_LATITUDE;
        let letters = name.chars().filter(|c| c.is_alphabetic()).count();
        let is_word = |name: &str| is_word(name, major);
        let mut forms = english_forms(&name, code);
        if antarctic {
            forms.retain(|(_, short)| !short);
        }
        // A name that is an English word stands for the word: the feature goes by its English
        // form ("Orange River"), and keeps the bare name only as what it is.
        // So is a minor feature's name of three letters or fewer (the Wu and the Han in China are
        // surnames first): it goes by its English form ("Wu River").
        let canonical = if is_word(&name) || (!major && letters <= SHORT_NAME_MAX_LETTERS) {
            match forms.iter().find(|(_, short)| !short) {
                Some((form, _)) => form.clone(),
                None => continue,
            }
        } else {
            name.clone()
        };
        let mut names: Vec<(String, &'static str)> = vec![(canonical.clone(), "preferred")];
        let push = |names: &mut Vec<(String, &'static str)>, n: String, t: &'static str| {
            if !names.iter().any(|(m, _)| normalize(m) == normalize(&n)) {
                names.push((n, t));
            }
        };
        if canonical != name {
            push(&mut names, name.clone(), "short");
        }
        for piece in pieces.iter().filter(|p| !p.connector) {
            if let Some(alternate) = &piece.alternate {
                if !alternate.contains(' ') || alternate.split(' ').count() < 6 {
                    push(&mut names, alternate.clone(), "variant");
                }
            }
        }
        for (form, short) in forms {
            if short && is_word(&form) {
                continue;
            }
            push(&mut names, form, if short { "short" } else { "variant" });
        }
        let base = format!("ne:{}:{}", code.to_lowercase(), slug(&canonical));
        let mut entity_id = base.clone();
        let mut n = 1;
        while !ids.insert(entity_id.clone()) {
            n += 1;
            entity_id = format!("{base}-{n}");
        }
        out.push(PhysicalFeature {
            entity_id,
            name: canonical,
            feature_code: code,
            point,
            scalerank,
            names,
        });
    }
    Ok(out)
}

/// How close two pieces of a river of one name must come to be one river: Natural Earth's
/// pieces meet end to end, except across the lakes a river flows through (the Nile through Lake
/// Victoria), which its centrelines leave out.
pub(super) const RIVER_GAP_KM: f64 = 250.0;

/// Splits the pieces of rivers of one name into rivers: pieces whose ends come within
/// [`RIVER_GAP_KM`] of each other, directly or through others, are one river.
fn connected(pieces: Vec<Piece>) -> Vec<Vec<Piece>> {
    let ends: Vec<Vec<(f64, f64)>> = pieces
        .iter()
        .map(|p| {
            p.lines
                .iter()
                .flat_map(|l| [l.0.first(), l.0.last()])
                .flatten()
                .map(|c| (c.x, c.y))
                .collect()
        })
        .collect();
    let mut root: Vec<usize> = (0..pieces.len()).collect();
    for i in 0..pieces.len() {
        for j in i + 1..pieces.len() {
            let near = ends[i]
                .iter()
                .any(|&a| ends[j].iter().any(|&b| distance_km(a, b) <= RIVER_GAP_KM));
            if near {
                let (a, b) = (union_root(&mut root, i), union_root(&mut root, j));
                root[a.max(b)] = a.min(b);
            }
        }
    }
    let mut parts: BTreeMap<usize, Vec<Piece>> = BTreeMap::new();
    for (i, piece) in pieces.into_iter().enumerate() {
        let r = union_root(&mut root, i);
        parts.entry(r).or_default().push(piece);
    }
    parts.into_values().collect()
}

/// The representative of `i`'s set in a union-find forest (`parent[i] == i` at a root), halving
/// the path on the way.
pub(super) fn union_root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// South of this latitude a feature gets no short form (see [`read_physical`]).
pub(super) const ANTARCTIC_LATITUDE: f64 = -60.0;

/// A minor feature's name this short (in letters) is not an alias by itself (see
/// [`read_physical`]).
pub(super) const SHORT_NAME_MAX_LETTERS: usize = 3;

/// Features of this scale rank or less (the Nile, the Danube, the Alps, the Caspian Sea) are
/// what news means by their name even where it is also a person's ("Nile"): only an English word
/// vetoes their short forms. Natural Earth draws such features on its smallest-scale maps.
pub(super) const MAJOR_SCALERANK: u8 = 3;

/// How far a Natural Earth feature's point may lie from a GeoNames entity of its name for the
/// two to be one (a continent's or a peninsula's point differs by hundreds of kilometres between
/// the two sources; a river and a town of one name are never merged, whatever the distance).
pub(super) const SAME_FEATURE_MAX_KM: f64 = 1500.0;

/// Kilometres between two (lon, lat) points.
pub(super) fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    Haversine::distance(Point::new(a.0, a.1), Point::new(b.0, b.1)) / 1000.0
}

/// What became of the physical features: added, merged into a GeoNames area, or built on a
/// GeoNames region record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PhysicalCounts {
    /// New entities.
    pub added: usize,
    /// Features that were a GeoNames entity already (a country, division, continent or region of
    /// their name nearby): their names went to it.
    pub merged: usize,
    /// Features built on GeoNames' own record of a region or continent (`top-level-records.tsv`).
    pub on_records: usize,
}

/// Is this an entity a physical feature of its name may be (a land area: a country, a
/// first-order division, a continent or a region)?
fn area_like(code: &str) -> bool {
    code.starts_with("PCL") || matches!(code, "ADM1" | "RGN" | "CONT" | "TERR")
}

/// Adds the physical features to the entities: a land feature that GeoNames already holds (a
/// country, division, continent or region of its name within [`SAME_FEATURE_MAX_KM`]: Crimea,
/// Scandinavia, Sri Lanka) gives its names to that entity, or becomes GeoNames' own record of a
/// region where one exists (the Sahel); the rest are new entities, in the country whose outline
/// holds their point. A short form ("Caucasus" of the Caucasus Mountains, "Java" of the Java
/// Sea) that is the name of such an area or of another feature is not given.
pub(super) fn merge_physical(
    emitted: &mut Vec<(EntityRecord, Vec<(String, &'static str)>)>,
    curated_aliases: &[AliasRecord],
    top_level: &HashMap<String, EntityRecord>,
    features: Vec<PhysicalFeature>,
    country_of: &dyn Fn((f64, f64)) -> Option<String>,
) -> PhysicalCounts {
    let mut counts = PhysicalCounts::default();
    // Names of the areas GeoNames has, and the own names of the features.
    let mut areas: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (record, names)) in emitted.iter().enumerate() {
        if !area_like(&record.feature_code) {
            continue;
        }
        for (name, _) in names.iter().chain([&(record.name.clone(), "preferred")]) {
            let list = areas.entry(normalize(name)).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    // The curated names of those areas too ("Great Britain" for the United Kingdom).
    let by_id: HashMap<&str, usize> = emitted
        .iter()
        .enumerate()
        .map(|(i, (r, _))| (r.entity_id.as_str(), i))
        .collect();
    for alias in curated_aliases {
        if let Some(&i) = by_id.get(alias.entity_id.as_str()) {
            if area_like(&emitted[i].0.feature_code) {
                let list = areas.entry(normalize(&alias.alias)).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
    }
    let mut records: HashMap<String, Vec<&EntityRecord>> = HashMap::new();
    for record in top_level.values() {
        if matches!(record.feature_code.as_str(), "RGN" | "CONT")
            && !emitted.iter().any(|(e, _)| e.entity_id == record.entity_id)
        {
            records
                .entry(normalize(&record.name))
                .or_default()
                .push(record);
        }
    }
    let own_names: HashMap<String, usize> = features
        .iter()
        .enumerate()
        .map(|(i, f)| (normalize(&f.name), i))
        .collect();
    let mut used_records: HashSet<String> = HashSet::new();
    for (i, mut feature) in features.into_iter().enumerate() {
        feature.names.retain(|(name, alias_type)| {
            let key = normalize(name);
            *alias_type != "short"
                || (!areas.contains_key(&key)
                    && !records.contains_key(&key)
                    && own_names.get(&key).is_none_or(|&j| j == i))
        });
        let near = |point: Option<(f64, f64)>| {
            point.is_some_and(|p| distance_km(p, feature.point) <= SAME_FEATURE_MAX_KM)
        };
        if !is_water(feature.feature_code) {
            let key = normalize(&feature.name);
            let same = areas.get(&key).and_then(|list| {
                list.iter().copied().find(|&j| {
                    let r = &emitted[j].0;
                    near(r.longitude.zip(r.latitude))
                })
            });
            if let Some(j) = same {
                let (record, names) = &mut emitted[j];
                record.scalerank = Some(
                    record
                        .scalerank
                        .map_or(feature.scalerank, |r| r.min(feature.scalerank)),
                );
                for (name, _) in feature.names {
                    if !names.iter().any(|(n, _)| normalize(n) == normalize(&name)) {
                        names.push((name, "variant"));
                    }
                }
                counts.merged += 1;
                continue;
            }
            // A land feature named by a word of two or more nearby countries' names ("Korea",
            // the peninsula of North and South Korea) is what news means by those countries:
            // it would take their short name.
            let part_of_area = emitted.iter().filter(|(r, _)| {
                r.feature_code.starts_with("PCL")
                    && near(r.longitude.zip(r.latitude))
                    && normalize(&r.name)
                        .split(' ')
                        .collect::<Vec<_>>()
                        .windows(key.split(' ').count())
                        .any(|w| w.join(" ") == key)
            });
            if part_of_area.count() >= 2 {
                counts.merged += 1;
                continue;
            }
            let record = records.get(&key).and_then(|list| {
                list.iter()
                    .find(|r| near(r.longitude.zip(r.latitude)))
                    .copied()
            });
            if let Some(record) = record.filter(|r| used_records.insert(r.entity_id.clone())) {
                let mut record = record.clone();
                record.name.clone_from(&feature.name);
                record.scalerank = Some(feature.scalerank);
                emitted.push((record, feature.names));
                counts.on_records += 1;
                continue;
            }
        }
        let country_code = if matches!(feature.feature_code, "OCN" | "SEA" | "CONT") {
            String::new()
        } else {
            country_of(feature.point).unwrap_or_default()
        };
        emitted.push((
            EntityRecord {
                entity_id: feature.entity_id,
                kind: "place".into(),
                name: feature.name,
                latitude: Some(feature.point.1),
                longitude: Some(feature.point.0),
                country_code,
                feature_code: feature.feature_code.into(),
                population: 0,
                admin1_code: String::new(),
                scalerank: Some(feature.scalerank),
            },
            feature.names,
        ));
        counts.added += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbreviations() -> Vec<Abbreviation> {
        let row = |a: &str, p: &str, w: &str| Abbreviation {
            abbreviation: a.into(),
            position: p.into(),
            written: w.into(),
        };
        vec![
            row("Mts.", "end", "Mountains"),
            row("I.", "end", "Island"),
            row("I.", "start", "Isla"),
            row("Pen.", "end", "Peninsula"),
        ]
    }

    #[test]
    fn names_in_capitals_are_written_out() {
        let a = abbreviations();
        for (raw, written) in [
            ("CAUCASUS MTS.", "Caucasus Mountains"),
            ("Kopet Dag Mts .", "Kopet Dag Mountains"),
            ("NORTH ATLANTIC OCEAN", "North Atlantic Ocean"),
            ("Caribbean  Sea", "Caribbean Sea"),
            ("IZU-SHOTÖ", "Izu-Shotö"),
            ("PLATEAU OF TIBET", "Plateau of Tibet"),
            ("Long I.", "Long Island"),
            ("I. Guadalupe", "Isla Guadalupe"),
            ("BALKAN PEN.", "Balkan Peninsula"),
            ("Lake Sevan", "Lake Sevan"),
        ] {
            assert_eq!(written_form(raw, &a), written, "{raw}");
        }
    }

    #[test]
    fn features_get_the_forms_english_writes() {
        let forms = |name: &str, code: &str| -> Vec<String> {
            english_forms(name, code)
                .into_iter()
                .map(|(f, _)| f)
                .collect()
        };
        assert_eq!(forms("Danube", "STM"), ["Danube River", "River Danube"]);
        assert_eq!(forms("Lake Victoria", "LK"), ["Victoria Lake"]);
        assert_eq!(forms("Sevan", "LK"), ["Lake Sevan", "Sevan Lake"]);
        assert_eq!(
            forms("Mount Ararat", "MT"),
            ["Mt. Ararat", "Mt Ararat", "Ararat"]
        );
        assert!(forms("Ural Mountains", "MTS").contains(&"Urals".to_string()));
        assert_eq!(forms("Atlantic Ocean", "OCN"), ["Atlantic"]);
        assert!(forms("Sea of Azov", "SEA").is_empty());
        assert_eq!(forms("Gobi Desert", "DSRT"), ["Gobi"]);
        assert_eq!(forms("Sahara", "DSRT"), ["Sahara Desert"]);
    }

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(slug("Lake Sevan"), "lake-sevan");
        assert_eq!(slug("Rub’ al Khali"), "rub-al-khali");
    }
}
