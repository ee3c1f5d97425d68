//! Names of countries, continents, regions and cities in other languages, from Unicode CLDR's
//! JSON files (the npm packages `cldr-localenames-full` and `cldr-dates-full`):
//! `territories/<locale>.json` names every ISO 3166-1 country and UN M49 region
//! (`"AM": "Հայաստան"`, `"150": "Европа"`, `"US-alt-short": "США"`), and
//! `timezone-names/<locale>.json` names each time zone's exemplar city (`Asia/Baku`: `Bakı`).
//!
//! A country's name attaches to the gazetteer's country entity of that ISO code; an M49 region
//! only where [`M49_ENTITIES`] says which entity it is; a city to the most populous place of its
//! time zone that bears the zone's English city name, so that a name is never guessed.

use serde_json::Value;

use super::languages::{newsworthy, EntityView, TranslatedName};
use super::*;

/// UN M49 codes of the continents and regions the gazetteer has an entity for, with that
/// entity's id. Only regions whose extent is the entity's: M49 "Western Asia" (145) is not the
/// Middle East (it holds the South Caucasus and leaves out Egypt and Iran), "Northern Europe"
/// (154) is not Scandinavia, and "Americas" (019) has no entity.
pub(super) const M49_ENTITIES: &[(&str, &str)] = &[
    ("002", "gn:6255146"), // Africa
    ("142", "gn:6255147"), // Asia
    ("150", "gn:6255148"), // Europe
    ("003", "gn:6255149"), // North America (M49: Northern and Central America, the Caribbean)
    ("005", "gn:6255150"), // South America
    ("009", "gn:6255151"), // Oceania
    ("143", "gn:7729893"), // Central Asia
    ("035", "gn:7729896"), // South-eastern Asia
    ("030", "gn:7729894"), // Eastern Asia
    ("034", "gn:7729895"), // Southern Asia
    ("029", "gn:7729891"), // Caribbean
    ("013", "gn:7729892"), // Central America
    ("011", "gn:7729885"), // Western Africa
    ("014", "gn:7729889"), // Eastern Africa
    ("015", "gn:7729887"), // Northern Africa
    ("018", "gn:9406051"), // Southern Africa
    ("017", "gn:7729886"), // Middle Africa, GeoNames' Central Africa
    ("EU", "gn:6695072"),  // European Union (CLDR files it among territories)
];

/// Time zone ids CLDR keeps that the IANA database has since renamed (its `backward` file);
/// GeoNames' dumps use the new ones.
const RENAMED_ZONES: &[(&str, &str)] = &[
    ("Africa/Asmera", "Africa/Asmara"),
    ("America/Cordoba", "America/Argentina/Cordoba"),
    ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ("America/Indianapolis", "America/Indiana/Indianapolis"),
    ("America/Louisville", "America/Kentucky/Louisville"),
    ("America/Godthab", "America/Nuuk"),
    ("Asia/Calcutta", "Asia/Kolkata"),
    ("Asia/Katmandu", "Asia/Kathmandu"),
    ("Asia/Rangoon", "Asia/Yangon"),
    ("Asia/Saigon", "Asia/Ho_Chi_Minh"),
    ("Atlantic/Faeroe", "Atlantic/Faroe"),
    ("Europe/Kiev", "Europe/Kyiv"),
    ("Pacific/Ponape", "Pacific/Pohnpei"),
    ("Pacific/Truk", "Pacific/Chuuk"),
];

/// The source names of [`TranslatedName::source`].
pub(super) const TERRITORY_SOURCE: &str = "CLDR territories";
/// See [`TERRITORY_SOURCE`].
pub(super) const CITY_SOURCE: &str = "CLDR exemplar cities";

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Json {
        path: path.to_path_buf(),
        line: e.line() as u64,
        message: e.to_string(),
    })
}

/// The object at `keys` under `main.<locale>`, or an error that names the missing key.
fn section<'a>(path: &Path, root: &'a Value, locale: &str, keys: &[&str]) -> Result<&'a Value> {
    let mut value = root
        .get("main")
        .and_then(|m| m.get(locale))
        .ok_or_else(|| Error::Json {
            path: path.to_path_buf(),
            line: 1,
            message: format!("no main.{locale}: is this the CLDR file of locale {locale}?"),
        })?;
    for key in keys {
        value = value.get(key).ok_or_else(|| Error::Json {
            path: path.to_path_buf(),
            line: 1,
            message: format!("no main.{locale}.{} (a CLDR JSON file?)", keys.join(".")),
        })?;
    }
    Ok(value)
}

/// Reads `main.<locale>.localeDisplayNames.territories`: (key, name) in file order, keys such as
/// `AM`, `150` or `US-alt-short`.
///
/// # Errors
/// An unreadable file, invalid JSON, or a file without that section.
pub(super) fn read_territories(path: &Path, locale: &str) -> Result<Vec<(String, String)>> {
    let root = read_json(path)?;
    let territories = section(path, &root, locale, &["localeDisplayNames", "territories"])?;
    Ok(territories
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect())
}

/// Reads the exemplar cities of `main.<locale>.dates.timeZoneNames.zone`: (zone id, city) in
/// file order (`Asia/Baku`, `Bakı`); zones without one (`Etc/UTC`) are left out.
///
/// # Errors
/// An unreadable file, invalid JSON, or a file without that section.
pub(super) fn read_exemplar_cities(path: &Path, locale: &str) -> Result<Vec<(String, String)>> {
    fn walk(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
        let Some(object) = value.as_object() else {
            return;
        };
        if let Some(city) = object.get("exemplarCity").and_then(Value::as_str) {
            out.push((prefix.to_string(), city.to_string()));
            return;
        }
        for (key, child) in object {
            let id = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}/{key}")
            };
            walk(&id, child, out);
        }
    }
    let root = read_json(path)?;
    let zones = section(path, &root, locale, &["dates", "timeZoneNames", "zone"])?;
    let mut out = Vec::new();
    walk("", zones, &mut out);
    Ok(out)
}

/// The alias type of a CLDR territory key and name: `AM` → preferred, `-alt-short` → short,
/// `-alt-variant` → variant; all capitals is an abbreviation (`США`, `ABŞ`); other alternates
/// (`-alt-chagos`, `-alt-menu`) are no names of the country itself.
fn territory_type(key: &str, name: &str) -> Option<&'static str> {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    match key.split_once("-alt-") {
        None if capitals => Some("abbreviation"),
        None => Some("preferred"),
        Some((_, "short" | "variant")) if capitals => Some("abbreviation"),
        Some((_, "short")) => Some("short"),
        Some((_, "variant")) => Some("variant"),
        Some(_) => None,
    }
}

/// Names of countries, continents and regions from `<cldr>/territories/<lang>.json`.
///
/// # Errors
/// An unreadable or malformed file.
pub(super) fn territory_names(
    cldr: &Path,
    lang: &str,
    entities: &EntityView,
) -> Result<Vec<TranslatedName>> {
    let path = cldr.join("territories").join(format!("{lang}.json"));
    let mut out = Vec::new();
    for (key, name) in read_territories(&path, lang)? {
        let code = key.split("-alt-").next().unwrap_or(&key);
        let entity = match M49_ENTITIES.iter().find(|(m49, _)| *m49 == code) {
            Some((_, id)) => entities.has(id).then(|| id.to_string()),
            None => entities.country(code).map(str::to_string),
        };
        let (Some(entity_id), Some(alias_type)) = (entity, territory_type(&key, &name)) else {
            continue;
        };
        if !newsworthy(&name) {
            continue;
        }
        out.push(TranslatedName::new(
            entity_id,
            name,
            lang,
            alias_type,
            TERRITORY_SOURCE,
        ));
    }
    Ok(out)
}

/// Names of cities from `<cldr>/timezone-names/<lang>.json`, each attached to the place of its
/// time zone that [`ZoneCities`] finds.
///
/// # Errors
/// An unreadable or malformed file.
pub(super) fn city_names(
    cldr: &Path,
    lang: &str,
    zone_cities: &ZoneCities,
) -> Result<Vec<TranslatedName>> {
    let path = cldr.join("timezone-names").join(format!("{lang}.json"));
    let mut out = Vec::new();
    for (zone, name) in read_exemplar_cities(&path, lang)? {
        let Some(entity_id) = zone_cities.entity(&zone) else {
            continue;
        };
        if !newsworthy(&name) {
            continue;
        }
        out.push(TranslatedName::new(
            entity_id.to_string(),
            name,
            lang,
            "preferred",
            CITY_SOURCE,
        ));
    }
    Ok(out)
}

/// Which gazetteer place each time zone's exemplar city is: the most populous imported place of
/// the zone that bears the English exemplar city's name (CLDR's English file where it names the
/// city, else the zone id's last part: `Asia/Baku` → Baku). A zone with no such place, or two
/// equally populous ones, has none.
#[derive(Debug, Default)]
pub(super) struct ZoneCities {
    by_zone: HashMap<String, String>,
    /// Zones CLDR's English file lists that no place could be found for.
    pub(super) unmapped: Vec<String>,
}

impl ZoneCities {
    /// Maps the zones of `<cldr>/timezone-names/en.json` (and every zone the other files name,
    /// through their ids) to the imported places.
    ///
    /// # Errors
    /// An unreadable or malformed English file.
    pub(super) fn new(
        cldr: &Path,
        langs: &[String],
        places: &BTreeMap<u64, Place>,
        entities: &EntityView,
    ) -> Result<Self> {
        let english: HashMap<String, String> =
            read_exemplar_cities(&cldr.join("timezone-names").join("en.json"), "en")?
                .into_iter()
                .collect();
        let mut zones: Vec<String> = Vec::new();
        for lang in langs {
            let path = cldr.join("timezone-names").join(format!("{lang}.json"));
            for (zone, _) in read_exemplar_cities(&path, lang)? {
                if !zones.contains(&zone) {
                    zones.push(zone);
                }
            }
        }
        let mut by_timezone: HashMap<&str, Vec<&Place>> = HashMap::new();
        for place in places.values() {
            if entities.has(&format!("gn:{}", place.id)) {
                by_timezone.entry(&place.timezone).or_default().push(place);
            }
        }
        let mut out = ZoneCities::default();
        for zone in zones {
            let city = english
                .get(&zone)
                .cloned()
                .unwrap_or_else(|| zone.rsplit('/').next().unwrap_or(&zone).replace('_', " "));
            let key = normalize(&city);
            let renamed = RENAMED_ZONES
                .iter()
                .find(|(old, _)| *old == zone)
                .map(|(_, new)| *new);
            let mut candidates: Vec<&Place> = [Some(zone.as_str()), renamed]
                .into_iter()
                .flatten()
                .flat_map(|z| by_timezone.get(z).into_iter().flatten())
                .filter(|p| {
                    std::iter::once(&p.name)
                        .chain(std::iter::once(&p.ascii_name))
                        .chain(&p.alternate_names)
                        .any(|n| normalize(n) == key)
                })
                .copied()
                .collect();
            candidates.sort_by_key(|p| std::cmp::Reverse(p.population));
            match candidates.as_slice() {
                [first, second, ..] if first.population == second.population => {
                    out.unmapped.push(zone)
                }
                [first, ..] => {
                    out.by_zone.insert(zone, format!("gn:{}", first.id));
                }
                [] => out.unmapped.push(zone),
            }
        }
        Ok(out)
    }

    /// The entity id of a zone's exemplar city, when it was found.
    pub(super) fn entity(&self, zone: &str) -> Option<&str> {
        self.by_zone.get(zone).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cldr")
    }

    fn place(id: u64, name: &str, timezone: &str, population: u64) -> Place {
        Place {
            id,
            name: name.into(),
            ascii_name: name.into(),
            alternate_names: Vec::new(),
            lat: 0.0,
            lon: 0.0,
            feature_code: "PPL".into(),
            country_code: String::new(),
            admin1: String::new(),
            admin2: String::new(),
            population,
            timezone: timezone.into(),
        }
    }

    fn view(ids: &[&str], countries: &[(&str, &str)]) -> EntityView {
        let mut records: Vec<(EntityRecord, Vec<(String, &'static str)>)> = Vec::new();
        let record = |id: &str, cc: &str, feature: &str| EntityRecord {
            entity_id: id.into(),
            kind: "place".into(),
            name: id.into(),
            latitude: None,
            longitude: None,
            country_code: cc.into(),
            feature_code: feature.into(),
            population: 0,
            admin1_code: String::new(),
            scalerank: None,
        };
        for id in ids {
            records.push((record(id, "", "PPL"), Vec::new()));
        }
        for (cc, id) in countries {
            records.push((record(id, cc, "PCLI"), Vec::new()));
        }
        EntityView::new(&records)
    }

    #[test]
    fn reads_territories_and_exemplar_cities() {
        let territories = read_territories(&fixtures().join("territories/ru.json"), "ru").unwrap();
        assert_eq!(territories[2], ("AM".to_string(), "Армения".to_string()));
        assert_eq!(territories.len(), 11);
        let cities =
            read_exemplar_cities(&fixtures().join("timezone-names/ru.json"), "ru").unwrap();
        let zones: Vec<&str> = cities.iter().map(|(z, _)| z.as_str()).collect();
        // Zones without an exemplar city (Etc/UTC) are left out; three-part ids are kept whole.
        assert_eq!(
            zones,
            [
                "Etc/Unknown",
                "Asia/Baku",
                "Asia/Calcutta",
                "Asia/Yerevan",
                "America/Argentina/Rio_Gallegos"
            ]
        );
        let wrong = read_territories(&fixtures().join("territories/ru.json"), "hy").unwrap_err();
        assert!(wrong.to_string().contains("no main.hy"), "{wrong}");
    }

    #[test]
    fn territory_names_attach_to_countries_and_mapped_regions_only() {
        let view = view(
            &["gn:6255148"],
            &[("AM", "gn:174982"), ("US", "gn:6252001")],
        );
        let names = territory_names(&fixtures(), "ru", &view).unwrap();
        let got: Vec<(&str, &str, &str)> = names
            .iter()
            .map(|n| {
                (
                    n.entity_id.as_str(),
                    n.alias.as_str(),
                    n.alias_type.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("gn:6255148", "Европа", "preferred"),
                ("gn:174982", "Армения", "preferred"),
                ("gn:6252001", "Соединенные Штаты", "preferred"),
                ("gn:6252001", "США", "abbreviation"),
            ],
            "Western Asia has no entity, Kosovo none here, GB none; notes and words are skipped"
        );
    }

    #[test]
    fn zones_map_to_the_most_populous_place_of_their_english_name() {
        let places: BTreeMap<u64, Place> = [
            place(1, "Baku", "Asia/Baku", 2_000_000),
            place(2, "Baku", "Asia/Baku", 100),
            place(3, "Kolkata", "Asia/Kolkata", 4_000_000),
            place(4, "Yerevan", "Asia/Yerevan", 1_000_000),
            place(5, "Yerevan", "Asia/Yerevan", 1_000_000),
            place(6, "Not Imported", "America/Argentina/Rio_Gallegos", 1),
        ]
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
        let view = view(&["gn:1", "gn:2", "gn:3", "gn:4", "gn:5"], &[]);
        let zones = ZoneCities::new(&fixtures(), &["ru".to_string()], &places, &view).unwrap();
        assert_eq!(zones.entity("Asia/Baku"), Some("gn:1"));
        assert_eq!(
            zones.entity("Asia/Calcutta"),
            Some("gn:3"),
            "renamed zone, English name"
        );
        assert_eq!(
            zones.entity("Asia/Yerevan"),
            None,
            "two equally populous places"
        );
        assert_eq!(zones.entity("America/Argentina/Rio_Gallegos"), None);
        let names = city_names(&fixtures(), "ru", &zones).unwrap();
        let got: Vec<&str> = names.iter().map(|n| n.alias.as_str()).collect();
        assert_eq!(got, ["Баку", "Калькутта"]);
    }

    #[test]
    fn territory_keys_give_alias_types() {
        assert_eq!(territory_type("AM", "Հայաստան"), Some("preferred"));
        assert_eq!(territory_type("US-alt-short", "США"), Some("abbreviation"));
        assert_eq!(territory_type("US-alt-short", "ABŞ"), Some("abbreviation"));
        assert_eq!(territory_type("GB-alt-short", "Британия"), Some("short"));
        assert_eq!(
            territory_type("CZ-alt-variant", "Чешская Республика"),
            Some("variant")
        );
        assert_eq!(territory_type("IO-alt-chagos", "архипелаг Чагос"), None);
    }
}
