//! Names of countries and first-order divisions from Debian iso-codes: ISO 3166-1 and 3166-2
//! (`json/iso_3166-1.json`, `json/iso_3166-2.json`) and their translations
//! (`locale/<lang>/iso_3166-1.mo`, `iso_3166-2.mo`: English msgid → name in the language).
//!
//! GeoNames codes most countries' divisions by its own admin1 codes, not by ISO 3166-2
//! (Armenia's Syunik is `AM.08`, ISO `AM-SU`), so a division is found by its name: the ISO name
//! ("Syunik'", "Moskovskaja oblast'") and GeoNames' ("Syunik", "Moscow Oblast") compared as
//! romanisation-blind skeletons ([`skeleton`]), kept only when each is the other's closest
//! in the country and close enough ([`MIN_DIVISION_SIMILARITY`]). What does not map is left out.

use super::gettext::read_mo;
use super::languages::{newsworthy, EntityView, TranslatedName};
use super::*;

/// The source names of [`TranslatedName::source`].
pub(super) const COUNTRY_SOURCE: &str = "iso-codes ISO 3166-1";
/// See [`COUNTRY_SOURCE`].
pub(super) const DIVISION_SOURCE: &str = "iso-codes ISO 3166-2";

/// Jaro-Winkler similarity of two division skeletons below which they are not the same
/// division. Chosen on the region's countries: "Vayoć Jor"/"Vayots Dzor" (AM) scores 0.89,
/// "Amurskaja oblast'"/"Amur Oblast" (RU) 0.95, while neighbours that differ in a whole word
/// ("Kvemo Kartli"/"Shida Kartli") fall below.
pub(super) const MIN_DIVISION_SIMILARITY: f64 = 0.85;

/// Words that say what kind of division a name is, in the romanisations ISO and GeoNames use:
/// left out of [`skeleton`] ("Amurskaja oblast'" and "Amur Oblast" are both "amur").
const DIVISION_WORDS: &[&str] = &[
    "oblast",
    "oblasti",
    "oblysy",
    "respublika",
    "respublikasy",
    "republic",
    "republik",
    "of",
    "the",
    "and",
    "kray",
    "kraj",
    "krai",
    "territory",
    "okrug",
    "avtonomnyy",
    "avtonomnyj",
    "avtonomnaja",
    "avtonomnaya",
    "autonomous",
    "region",
    "province",
    "rayon",
    "rayonu",
    "city",
    "sahari",
    "seheri",
    "il",
    "ili",
    "mkhare",
    "mxare",
    "municipality",
];

/// Adjective endings of Russian and Ukrainian ISO names ("Moskovskaja", "Kyivska", "Altajskij"):
/// cut, so that the stem meets GeoNames' noun ("Moscow", "Kyiv", "Altai").
const ADJECTIVE_ENDINGS: &[&str] = &[
    "skaja", "skaya", "skij", "skiy", "skii", "skyi", "skoe", "ckaja", "ckaya", "zkaja", "ska",
    "zka", "kaja", "kaya",
];

/// A division name with diacritics, apostrophes, the kind of division and adjective endings
/// left out and common romanisation pairs merged (kh/h, sh/s, ts/c, zh/z, j/y, w/v, ...):
/// "Geġark'unik'" and "Gegharkunik" are both "gegarkunik".
pub(super) fn skeleton(name: &str) -> String {
    let folded = normalize(name);
    let mut words = Vec::new();
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() || DIVISION_WORDS.contains(&word) {
            continue;
        }
        let stem = ADJECTIVE_ENDINGS
            .iter()
            .find_map(|e| word.strip_suffix(e).filter(|s| s.chars().count() >= 3))
            .unwrap_or(word);
        words.push(stem.to_string());
    }
    let mut s = words.concat();
    for (from, to) in [
        ("kh", "h"),
        ("gh", "g"),
        ("sh", "s"),
        ("ch", "c"),
        ("zh", "z"),
        ("ts", "c"),
        ("dz", "z"),
        ("yy", "y"),
        ("iy", "i"),
        ("ij", "i"),
        ("j", "y"),
        ("w", "v"),
        ("x", "ks"),
    ] {
        s = s.replace(from, to);
    }
    s
}

#[derive(Debug, Deserialize)]
struct Iso3166_1 {
    #[serde(rename = "3166-1")]
    countries: Vec<IsoCountry>,
}

#[derive(Debug, Deserialize)]
struct IsoCountry {
    alpha_2: String,
    name: String,
    official_name: Option<String>,
    common_name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Iso3166_2 {
    #[serde(rename = "3166-2")]
    subdivisions: Vec<IsoSubdivision>,
}

/// One ISO 3166-2 subdivision.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct IsoSubdivision {
    /// `AM-SU`.
    pub(super) code: String,
    /// The name in the country's language or its romanisation (`Syunik'`).
    pub(super) name: String,
    /// The code of the subdivision it belongs to, for lower levels.
    pub(super) parent: Option<String>,
}

impl IsoSubdivision {
    fn country_code(&self) -> &str {
        self.code.split('-').next().unwrap_or_default()
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Json {
        path: path.to_path_buf(),
        line: e.line() as u64,
        message: e.to_string(),
    })
}

/// Reads `iso_3166-2.json`: every subdivision, of every level.
///
/// # Errors
/// An unreadable file or one not in iso-codes' form.
pub(super) fn read_subdivisions(path: &Path) -> Result<Vec<IsoSubdivision>> {
    Ok(read_json::<Iso3166_2>(path)?.subdivisions)
}

/// A language's catalogue of a domain (`iso_3166-2`), English name → translation; empty when
/// iso-codes has none for the language (Armenian has no subdivision names).
fn catalogue(iso: &Path, lang: &str, domain: &str) -> Result<HashMap<String, String>> {
    let file = format!("{domain}.mo");
    // The source tree's layout, then the installed one (/usr/share/locale).
    let candidates = [
        iso.join("locale").join(lang).join(&file),
        iso.join("locale")
            .join(lang)
            .join("LC_MESSAGES")
            .join(&file),
    ];
    match candidates.iter().find(|p| p.is_file()) {
        Some(path) => Ok(read_mo(path)?.into_iter().collect()),
        None => Ok(HashMap::new()),
    }
}

/// Country names in the languages, from `iso_3166-1.mo`: the common, official and short names
/// ("Российская Федерация", "Республика Армения") where they are names news writes.
///
/// # Errors
/// An unreadable or malformed file.
pub(super) fn country_names(
    iso: &Path,
    langs: &[String],
    entities: &EntityView,
) -> Result<Vec<TranslatedName>> {
    let countries = read_json::<Iso3166_1>(&iso.join("json").join("iso_3166-1.json"))?.countries;
    let mut out = Vec::new();
    for lang in langs {
        let catalogue = catalogue(iso, lang, "iso_3166-1")?;
        for country in &countries {
            let Some(entity) = entities.country(&country.alpha_2) else {
                continue;
            };
            let forms = [
                (Some(&country.name), "preferred"),
                (country.official_name.as_ref(), "variant"),
                (country.common_name.as_ref(), "short"),
            ];
            for (english, alias_type) in forms {
                let Some(name) = english.and_then(|e| catalogue.get(e)) else {
                    continue;
                };
                if newsworthy(name) {
                    out.push(TranslatedName::new(
                        entity.to_string(),
                        name.clone(),
                        lang,
                        alias_type,
                        COUNTRY_SOURCE,
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// The gazetteer's first-order division of each ISO 3166-2 subdivision that could be mapped,
/// and how many mapped per country.
#[derive(Debug, Default)]
pub(super) struct DivisionMap {
    subdivisions: Vec<(IsoSubdivision, String)>,
    /// Country code → (subdivisions mapped, top-level subdivisions).
    pub(super) counts: BTreeMap<String, (usize, usize)>,
}

impl DivisionMap {
    /// Maps the top-level subdivisions of `<iso>/json/iso_3166-2.json` to the imported
    /// first-order divisions, by name (see the module doc).
    ///
    /// # Errors
    /// An unreadable or malformed file.
    pub(super) fn new(iso: &Path, divisions: &[Division], entities: &EntityView) -> Result<Self> {
        let subdivisions = read_subdivisions(&iso.join("json").join("iso_3166-2.json"))?;
        Ok(Self::map(subdivisions, divisions, entities))
    }

    fn map(
        subdivisions: Vec<IsoSubdivision>,
        divisions: &[Division],
        entities: &EntityView,
    ) -> Self {
        // Per country: the ISO subdivisions, and the gazetteer's divisions with their keys.
        type Sides<'a> = (Vec<IsoSubdivision>, Vec<(&'a str, String)>);
        let mut by_country: BTreeMap<String, Sides> = BTreeMap::new();
        for s in subdivisions.into_iter().filter(|s| s.parent.is_none()) {
            by_country
                .entry(s.country_code().to_string())
                .or_default()
                .0
                .push(s);
        }
        for d in divisions {
            let Some(entity) = entities.division(&d.country_code, &d.code) else {
                continue;
            };
            if let Some((_, gazetteer)) = by_country.get_mut(&d.country_code) {
                // The dump's name and its ASCII form: "Zǝngilan" and "Zangilan Rayon".
                let keys = [skeleton(&d.name), skeleton(&d.ascii_name)];
                gazetteer.push((entity, keys.join("\t")));
            }
        }
        let mut out = DivisionMap::default();
        for (country, (isos, gazetteer)) in by_country {
            let score = |iso: &str, keys: &str| {
                keys.split('\t')
                    .map(|k| strsim::jaro_winkler(iso, k))
                    .fold(0.0, f64::max)
            };
            let iso_keys: Vec<String> = isos.iter().map(|s| skeleton(&s.name)).collect();
            // The closest of `candidates` to `of`, if no other is as close.
            let closest = |scores: Vec<f64>| -> Option<usize> {
                let best = scores.iter().copied().fold(0.0, f64::max);
                let mut at = scores.iter().enumerate().filter(|(_, &s)| s == best);
                match (at.next(), at.next()) {
                    (Some((i, _)), None) if best >= MIN_DIVISION_SIMILARITY => Some(i),
                    _ => None,
                }
            };
            let mut mapped = 0;
            for (i, iso) in isos.iter().enumerate() {
                let forward = closest(
                    gazetteer
                        .iter()
                        .map(|(_, keys)| score(&iso_keys[i], keys))
                        .collect(),
                );
                let Some(j) = forward else { continue };
                let backward =
                    closest(iso_keys.iter().map(|k| score(k, &gazetteer[j].1)).collect());
                if backward == Some(i) {
                    mapped += 1;
                    out.subdivisions
                        .push((iso.clone(), gazetteer[j].0.to_string()));
                }
            }
            out.counts.insert(country, (mapped, isos.len()));
        }
        out
    }

    /// The gazetteer entity of an ISO 3166-2 code, when it was mapped.
    #[cfg(test)]
    fn entity(&self, code: &str) -> Option<&str> {
        self.subdivisions
            .iter()
            .find(|(s, _)| s.code == code)
            .map(|(_, e)| e.as_str())
    }
}

/// Division names in the languages: the translations of `iso_3166-2.mo` ("Сюникская
/// область"), with the bare name of a republic as a short form ("Республика Татарстан" →
/// "Татарстан", "Çeçenistan Cumhuriyeti" → "Çeçenistan"), and the ISO name itself where it is
/// in the language of its country (Azerbaijan's "Cəbrayıl", Turkey's "Şanlıurfa").
///
/// # Errors
/// An unreadable or malformed catalogue.
pub(super) fn division_names(
    iso: &Path,
    langs: &[String],
    divisions: &DivisionMap,
) -> Result<Vec<TranslatedName>> {
    let mut out = Vec::new();
    for lang in langs {
        let catalogue = catalogue(iso, lang, "iso_3166-2")?;
        let national = match lang.as_str() {
            "az" => "AZ",
            "tr" => "TR",
            _ => "",
        };
        for (subdivision, entity) in &divisions.subdivisions {
            let mut push = |name: &str, alias_type: &str| {
                if newsworthy(name) {
                    out.push(TranslatedName::new(
                        entity.clone(),
                        name.to_string(),
                        lang,
                        alias_type,
                        DIVISION_SOURCE,
                    ));
                }
            };
            if subdivision.country_code() == national {
                push(&subdivision.name, "preferred");
            }
            let Some(name) = catalogue.get(&subdivision.name) else {
                continue;
            };
            push(name, "preferred");
            let bare = name
                .strip_prefix("Республика ")
                .or_else(|| name.strip_suffix(" Cumhuriyeti"));
            if let Some(bare) = bare.filter(|b| !b.contains(' ')) {
                push(bare, "short");
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch directory under the target directory, emptied first.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("mentionmap-{}", std::process::id()))
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn division_names_from_a_catalogue() {
        let iso = scratch("iso-codes-fixture");
        let locale = iso.join("locale/ru");
        std::fs::create_dir_all(&locale).unwrap();
        let pairs = [
            ("Syunik'", "Сюникская область"),
            ("Tatarstan, Respublika", "Республика Татарстан"),
        ];
        std::fs::write(
            locale.join("iso_3166-2.mo"),
            super::super::gettext::tests::mo_bytes(&pairs, false),
        )
        .unwrap();
        let iso_division = |code: &str, name: &str| IsoSubdivision {
            code: code.into(),
            name: name.into(),
            parent: None,
        };
        let map = DivisionMap {
            subdivisions: vec![
                (iso_division("AM-SU", "Syunik'"), "gn:409314".into()),
                (
                    iso_division("RU-TA", "Tatarstan, Respublika"),
                    "gn:484048".into(),
                ),
                (iso_division("AZ-CAB", "Cəbrayıl"), "gn:148140".into()),
            ],
            counts: BTreeMap::new(),
        };
        let langs = ["ru".to_string(), "az".to_string(), "hy".to_string()];
        let names = division_names(&iso, &langs, &map).unwrap();
        let got: Vec<(&str, &str, &str)> = names
            .iter()
            .map(|n| (n.alias.as_str(), n.lang.as_str(), n.alias_type.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Сюникская область", "ru", "preferred"),
                ("Республика Татарстан", "ru", "preferred"),
                ("Татарстан", "ru", "short"),
                ("Cəbrayıl", "az", "preferred"),
            ],
            "no catalogue for az or hy: only Azerbaijan's own names in az"
        );
    }

    #[test]
    fn skeletons_meet_across_romanisations() {
        let pairs = [
            ("Geġark'unik'", "Gegharkunik"),
            ("Širak", "Shirak"),
            ("Amurskaja oblast'", "Amur Oblast"),
            ("Tatarstan, Respublika", "Tatarstan Republic"),
            ("Kyivska oblast", "Kyiv"),
        ];
        for (iso, geonames) in pairs {
            assert_eq!(skeleton(iso), skeleton(geonames), "{iso} / {geonames}");
        }
    }

    fn division(code: &str, name: &str, geonameid: u64) -> Division {
        let (cc, code) = code.split_once('.').unwrap();
        Division {
            country_code: cc.into(),
            code: code.into(),
            name: name.into(),
            ascii_name: name.into(),
            geonameid,
        }
    }

    #[test]
    fn divisions_map_by_name_only_when_unambiguous() {
        let divisions = [
            division("AM.08", "Syunik", 409314),
            division("AM.10", "Vayots Dzor", 409315),
            division("AM.11", "Yerevan", 616051),
            division("GE.68", "Kvemo Kartli", 1),
            division("GE.73", "Shida Kartli", 2),
        ];
        let records: Vec<(EntityRecord, Vec<(String, &'static str)>)> = divisions
            .iter()
            .map(|d| {
                let record = EntityRecord {
                    entity_id: format!("gn:{}", d.geonameid),
                    kind: "place".into(),
                    name: d.name.clone(),
                    latitude: None,
                    longitude: None,
                    country_code: d.country_code.clone(),
                    feature_code: "ADM1".into(),
                    population: 0,
                    admin1_code: d.code.clone(),
                    scalerank: None,
                };
                (record, Vec::new())
            })
            .collect();
        let view = EntityView::new(&records);
        let iso = |code: &str, name: &str, parent: Option<&str>| IsoSubdivision {
            code: code.into(),
            name: name.into(),
            parent: parent.map(String::from),
        };
        let map = DivisionMap::map(
            vec![
                iso("AM-SU", "Syunik'", None),
                iso("AM-VD", "Vayoć Jor", None),
                iso("AM-ER", "Erevan", None),
                iso("AM-LO", "Loṙi", None),
                iso("GE-KK", "Kvemo Kartli", None),
                iso("GE-SK", "Shida Kartli", None),
                iso("GE-XX", "Kartli", Some("GE-SK")),
            ],
            &divisions,
            &view,
        );
        assert_eq!(map.entity("AM-SU"), Some("gn:409314"));
        assert_eq!(map.entity("AM-VD"), Some("gn:409315"));
        assert_eq!(map.entity("AM-ER"), Some("gn:616051"));
        assert_eq!(
            map.entity("AM-LO"),
            None,
            "Lori has no division in the fixture"
        );
        assert_eq!(map.entity("GE-KK"), Some("gn:1"));
        assert_eq!(map.entity("GE-SK"), Some("gn:2"));
        assert_eq!(
            map.entity("GE-XX"),
            None,
            "lower levels are not first-order divisions"
        );
        assert_eq!(map.counts["AM"], (3, 4));
        assert_eq!(map.counts["GE"], (2, 2));
    }
}
