//! Names in the languages whose texts the matcher inflects (Russian, Armenian, Azerbaijani,
//! Turkish): gathered from CLDR ([`cldr`](super::cldr)), Debian iso-codes
//! ([`iso_codes`](super::iso_codes)) and the curated `regional-names.csv`, each tagged with its
//! language, and added to the entities' aliases.
//!
//! A name the entity already has in the same spelling gets the language tag instead of a second
//! row (the loader keeps one row per entity and spelling), unless that row is tagged already or
//! is the entity's own name in a foreign language ("Paris" stays untagged, "Ağdam" of
//! Azerbaijan becomes `az`). A spelling that differs from an existing one only by what the
//! normalizer folds ("Ağdam" beside "Agdam") is added: the tag travels with the spelling.

use super::*;
use crate::language::ONLY_IN_SUBTAG;

/// One name in a language, for one entity.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TranslatedName {
    pub(super) entity_id: String,
    pub(super) alias: String,
    /// BCP 47 (`ru`, `hy`, `az`, `tr`).
    pub(super) lang: String,
    pub(super) alias_type: String,
    /// Where the name comes from, for the import's report (`CLDR territories`, `curated`).
    pub(super) source: String,
    /// Curated names are kept as written; the others pass the filters of [`apply_translations`].
    pub(super) trusted: bool,
}

impl TranslatedName {
    pub(super) fn new(
        entity_id: String,
        alias: String,
        lang: &str,
        alias_type: &str,
        source: &str,
    ) -> Self {
        TranslatedName {
            entity_id,
            alias,
            lang: lang.into(),
            alias_type: alias_type.into(),
            source: source.into(),
            trusted: false,
        }
    }
}

/// What happened to the names of one source in one language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TranslationCounts {
    /// New aliases.
    pub added: usize,
    /// Aliases the entity had in the same spelling without a language, now tagged.
    pub tagged: usize,
    /// Names the entity had already, tagged or as its own untagged name.
    pub present: usize,
    /// Names dropped: codes, lower-case names, noise.
    pub dropped: usize,
    /// Of the added, Latin names that are English words or person names, searched for in their
    /// own language's paragraphs only (`tr-x-only`).
    pub own_language_only: usize,
}

/// The language an entity's own name is in, by its country, where it is one of the languages
/// read here: Azerbaijan's places are named in Azerbaijani, and so on.
pub(super) fn national_language(country_code: &str) -> Option<&'static str> {
    match country_code {
        "AM" => Some("hy"),
        "AZ" => Some("az"),
        "RU" => Some("ru"),
        "TR" => Some("tr"),
        _ => None,
    }
}

/// The imported entities, as the sources need them to attach names.
#[derive(Debug, Default)]
pub(super) struct EntityView {
    ids: HashSet<String>,
    /// Entity id → (country code, feature code).
    kinds: HashMap<String, (String, String)>,
    countries: HashMap<String, String>,
    /// (country code, GeoNames admin1 code) → entity id of the first-order division.
    divisions: HashMap<(String, String), String>,
}

impl EntityView {
    pub(super) fn new(emitted: &[(EntityRecord, Vec<(String, &'static str)>)]) -> Self {
        let mut view = EntityView::default();
        for (record, _) in emitted {
            view.ids.insert(record.entity_id.clone());
            view.kinds.insert(
                record.entity_id.clone(),
                (record.country_code.clone(), record.feature_code.clone()),
            );
            if record.feature_code.starts_with("PCL") && !record.country_code.is_empty() {
                view.countries
                    .entry(record.country_code.clone())
                    .or_insert_with(|| record.entity_id.clone());
            }
            if record.feature_code == "ADM1" {
                view.divisions.insert(
                    (record.country_code.clone(), record.admin1_code.clone()),
                    record.entity_id.clone(),
                );
            }
        }
        view
    }

    pub(super) fn has(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The country entity of an ISO 3166-1 alpha-2 code.
    pub(super) fn country(&self, code: &str) -> Option<&str> {
        self.countries.get(code).map(String::as_str)
    }

    /// The first-order division entity of a GeoNames admin1 code (`AZ`, `05`).
    pub(super) fn division(&self, country_code: &str, admin1: &str) -> Option<&str> {
        self.divisions
            .get(&(country_code.to_string(), admin1.to_string()))
            .map(String::as_str)
    }
}

/// Is this a name news writes? Not one with a note in brackets ("Мьянма (Бирма)"), a
/// disambiguated pair ("Конго - Киншаса"), a list ("Бонэйр, Синт-Эстатиус и Саба"), an
/// abbreviated word ("о-ва Кука", "Св. Елены"), or one in lower case ("еврозона": a common word).
pub(super) fn newsworthy(name: &str) -> bool {
    let abbreviated = name
        .split_whitespace()
        .any(|w| w.contains('.') || w.starts_with("о-в"));
    name.chars().next().is_some_and(char::is_uppercase)
        && !name.contains(['(', ')', ','])
        && !name.contains(" - ")
        && !abbreviated
}

fn is_latin(name: &str) -> bool {
    name.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
}

/// Whether a source's name is added, and where it is searched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// Searched for in every text.
    Everywhere,
    /// A Latin-script name that is an English word, proper noun or person name ("Şam",
    /// Damascus in Turkish, is "Sam"; "Roma", Rome, a given name; "Kürdistan", Iran's Kordestan
    /// province in iso-codes' Turkish, is "Kurdistan"): in English text it would be found where
    /// the word is meant, so it is searched for in its own language's paragraphs only
    /// (`tr-x-only`), unless the entity has that name already.
    OwnLanguageOnly,
    /// Not added: not a name (codes, noise), or an abbreviation of one or two Latin letters
    /// ("BK" is a code in English text).
    Unfit,
}

fn fit(name: &TranslatedName, known_key: bool, english_word: &dyn Fn(&str) -> bool) -> Fit {
    if name.trusted {
        return Fit::Everywhere;
    }
    let letters = name.alias.chars().filter(|c| c.is_alphabetic()).count();
    let filtered = if name.alias_type == "abbreviation" {
        is_latin(&name.alias) && letters < 3
    } else {
        name_filter(&name.alias).is_err() || !newsworthy(&name.alias)
    };
    if filtered {
        Fit::Unfit
    } else if !known_key && is_latin(&name.alias) && english_word(&normalize(&name.alias)) {
        Fit::OwnLanguageOnly
    } else {
        Fit::Everywhere
    }
}

/// Adds an entity's names in other languages to `out.aliases`, whose rows from `first_alias` on
/// are the entity's (its own name first), and counts what happened by source and language.
/// `seen` holds the normalized names the entity has; `english_word` says whether a normalized
/// name is an English word, person or language name.
pub(super) fn apply_translations(
    out: &mut Imported,
    record: &EntityRecord,
    first_alias: usize,
    seen: &mut HashSet<String>,
    names: Vec<TranslatedName>,
    english_word: &dyn Fn(&str) -> bool,
) {
    let national = national_language(&record.country_code);
    for name in names {
        let counts = out
            .translations
            .entry((name.source.clone(), name.lang.clone()))
            .or_default();
        let existing = out.aliases[first_alias..]
            .iter()
            .position(|a| a.alias == name.alias)
            .map(|i| i + first_alias);
        match existing {
            Some(i) => {
                let own_name = i == first_alias;
                let alias = &mut out.aliases[i];
                // A name kept to its language's text never restricts a spelling that is
                // searched for everywhere.
                let everywhere = !name.lang.ends_with(ONLY_IN_SUBTAG);
                if everywhere
                    && alias.lang.is_empty()
                    && (!own_name || national == Some(name.lang.as_str()))
                {
                    alias.lang = name.lang;
                    counts.tagged += 1;
                } else {
                    counts.present += 1;
                }
            }
            None => {
                let key = normalize(&name.alias);
                let lang = match fit(&name, seen.contains(&key), english_word) {
                    Fit::Unfit => {
                        counts.dropped += 1;
                        continue;
                    }
                    // A source may keep its names to their language already (learned ones).
                    Fit::OwnLanguageOnly if !name.lang.ends_with(ONLY_IN_SUBTAG) => {
                        counts.own_language_only += 1;
                        format!("{}{ONLY_IN_SUBTAG}", name.lang)
                    }
                    Fit::OwnLanguageOnly => {
                        counts.own_language_only += 1;
                        name.lang
                    }
                    Fit::Everywhere => name.lang,
                };
                counts.added += 1;
                let mut alias = AliasRecord {
                    entity_id: record.entity_id.clone(),
                    alias: name.alias,
                    lang,
                    alias_type: name.alias_type,
                };
                if seen.insert(key.clone()) {
                    out.aliases.push(alias);
                    continue;
                }
                // A spelling the normalizer folds onto one the entity has ("Ağdam" beside
                // "Agdam") goes before it, as a variant: the resolver reports the preferred
                // alias of a match, else the last one, so English text's "Agdam" stays "Agdam".
                let at = out.aliases[first_alias..]
                    .iter()
                    .position(|a| normalize(&a.alias) == key)
                    .map_or(out.aliases.len(), |i| {
                        (first_alias + i).max(first_alias + 1)
                    });
                if alias.alias_type == "preferred" {
                    alias.alias_type = "variant".into();
                }
                out.aliases.insert(at, alias);
            }
        }
    }
}

/// Gathers the names of every source for the languages `options.name_languages`: curated first
/// (`regional-names.csv`, authoritative), then CLDR territories and cities, then iso-codes, then
/// the names learned from annotated text (`options.learned_names`).
/// Entity id → names, in that order.
///
/// # Errors
/// An unreadable or malformed source file, or a curated row naming an unknown entity.
pub(super) fn gather_translations(
    out: &mut Imported,
    options: &ImportOptions,
    emitted: &[(EntityRecord, Vec<(String, &'static str)>)],
    places: &BTreeMap<u64, Place>,
    first_divisions: &[Division],
    own_language_only: &HashSet<String>,
) -> Result<HashMap<String, Vec<TranslatedName>>> {
    let view = EntityView::new(emitted);
    let mut names = Vec::new();
    if let Some(dir) = &options.curated {
        for (path, line, name) in read_regional_names(dir)? {
            if !view.has(&name.entity_id) {
                return Err(Error::bad_row(
                    &path,
                    line,
                    format!(
                        "{:?} names unknown entity {}: use the id of an entity of data/gazetteer/entities.csv",
                        name.alias, name.entity_id
                    ),
                ));
            }
            names.push(name);
        }
    }
    let langs = &options.name_languages;
    if let Some(cldr) = &options.cldr {
        let zone_cities = cldr::ZoneCities::new(cldr, langs, places, &view)?;
        out.unmapped_zones.clone_from(&zone_cities.unmapped);
        for lang in langs {
            names.extend(cldr::territory_names(cldr, lang, &view)?);
            names.extend(cldr::city_names(cldr, lang, &zone_cities)?);
        }
    }
    if let Some(iso) = &options.iso_codes {
        let divisions = iso_codes::DivisionMap::new(iso, first_divisions, &view)?;
        out.iso_divisions = divisions.counts.clone();
        names.extend(iso_codes::country_names(iso, langs, &view)?);
        names.extend(iso_codes::division_names(iso, langs, &divisions)?);
    }
    // Learned names come last, the least authoritative. They name entities of the gazetteer
    // they were learned against; one that is gone (a rebuild over other inputs) is dropped,
    // not an error.
    for path in &options.learned_names {
        for (_, _, name) in read_learned_names(path)? {
            if view.has(&name.entity_id) {
                names.push(name);
            } else {
                out.translations
                    .entry((name.source.clone(), name.lang.clone()))
                    .or_default()
                    .dropped += 1;
            }
        }
    }
    // A division that bears its seat town's name gave the bare name to the town (`emit_divisions`):
    // a source's name of the division that is a name of a town of the country ("Ереван" of the
    // Yerevan marz, "Ağdam" of the Ağdam rayon) would take it back.
    let kind = |id: &str| view.kinds.get(id).cloned().unwrap_or_default();
    // A Latin-script name that is another entity's own name would be found in English text
    // and take that entity's mentions: "Tunis", Tunisia in Azerbaijani, is the city. Places
    // named in their own language's text only (`own_language_only`) are not found there.
    let mut own_names: HashMap<String, Vec<&str>> = HashMap::new();
    for (record, _) in emitted
        .iter()
        .filter(|(r, _)| !own_language_only.contains(&r.entity_id))
    {
        own_names
            .entry(normalize(&record.name))
            .or_default()
            .push(&record.entity_id);
    }
    let population: HashMap<&str, u64> = emitted
        .iter()
        .map(|(r, _)| (r.entity_id.as_str(), r.population))
        .collect();
    let people = |id: &str| population.get(id).copied().unwrap_or_default();
    // A city's name in the language (a CLDR exemplar city: a capital or a large city) that
    // folds onto a smaller place's own name is still how the language writes the city: Turkish
    // "Kudüs", Jerusalem, folds to Kudus in Java. It is kept to that language's paragraphs,
    // where the resolver does not take it for a foreign alternate. Other sources' names stay
    // out: Azerbaijani "Salvador" (El Salvador) is a given name in "Salvador Allende".
    names.retain_mut(|name| {
        let others: Vec<&str> = own_names
            .get(&normalize(&name.alias))
            .map(|ids| {
                ids.iter()
                    .copied()
                    .filter(|id| *id != name.entity_id)
                    .collect()
            })
            .unwrap_or_default();
        if name.trusted || !is_latin(&name.alias) || others.is_empty() {
            return true;
        }
        let bigger_city = name.source == super::cldr::CITY_SOURCE
            && others.iter().all(|id| people(id) < people(&name.entity_id));
        if bigger_city {
            if !name.lang.ends_with(ONLY_IN_SUBTAG) {
                name.lang = format!("{}{ONLY_IN_SUBTAG}", name.lang);
            }
            return true;
        }
        out.translations
            .entry((name.source.clone(), name.lang.clone()))
            .or_default()
            .dropped += 1;
        false
    });
    let mut town_names: HashSet<(String, String)> = emitted
        .iter()
        .filter(|(r, _)| {
            r.feature_code.starts_with("PPL") && !own_language_only.contains(&r.entity_id)
        })
        .flat_map(|(r, names)| {
            std::iter::once(&r.name)
                .chain(names.iter().map(|(n, _)| n))
                .map(|n| (r.country_code.clone(), normalize(n)))
        })
        .collect();
    for name in &names {
        let (country, feature) = kind(&name.entity_id);
        if feature.starts_with("PPL") {
            town_names.insert((country, normalize(&name.alias)));
        }
    }
    names.retain(|name| {
        let (country, feature) = kind(&name.entity_id);
        let keep = name.trusted
            || feature != "ADM1"
            || !town_names.contains(&(country, normalize(&name.alias)));
        if !keep {
            out.translations
                .entry((name.source.clone(), name.lang.clone()))
                .or_default()
                .dropped += 1;
        }
        keep
    });
    let mut by_entity: HashMap<String, Vec<TranslatedName>> = HashMap::new();
    for name in names {
        by_entity
            .entry(name.entity_id.clone())
            .or_default()
            .push(name);
    }
    Ok(by_entity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, name: &str, country_code: &str) -> EntityRecord {
        EntityRecord {
            entity_id: id.into(),
            kind: "place".into(),
            name: name.into(),
            latitude: Some(0.0),
            longitude: Some(0.0),
            country_code: country_code.into(),
            feature_code: "PPL".into(),
            population: 0,
            admin1_code: String::new(),
            scalerank: None,
        }
    }

    fn alias(id: &str, alias: &str, lang: &str) -> AliasRecord {
        AliasRecord {
            entity_id: id.into(),
            alias: alias.into(),
            lang: lang.into(),
            alias_type: "variant".into(),
        }
    }

    fn apply(record: &EntityRecord, existing: &[AliasRecord], names: &[(&str, &str)]) -> Imported {
        let mut out = Imported {
            aliases: existing.to_vec(),
            ..Imported::default()
        };
        let mut seen: HashSet<String> = existing.iter().map(|a| normalize(&a.alias)).collect();
        let names = names
            .iter()
            .map(|(n, lang)| {
                TranslatedName::new(
                    record.entity_id.clone(),
                    n.to_string(),
                    lang,
                    "preferred",
                    "test",
                )
            })
            .collect();
        apply_translations(&mut out, record, 0, &mut seen, names, &|key| {
            ["sam", "bank"].contains(&key)
        });
        out
    }

    #[test]
    fn tags_existing_spellings_and_adds_new_ones() {
        let baku = record("gn:587084", "Baku", "AZ");
        let out = apply(
            &baku,
            &[
                alias("gn:587084", "Baku", ""),
                alias("gn:587084", "Баку", ""),
            ],
            &[
                ("Баку", "ru"),
                ("Bakı", "az"),
                ("Bakü", "tr"),
                ("Baku", "tr"),
            ],
        );
        let rows: Vec<(&str, &str)> = out
            .aliases
            .iter()
            .map(|a| (a.alias.as_str(), a.lang.as_str()))
            .collect();
        // "Baku" is Azerbaijan's place's own name in a foreign spelling: not Turkish. "Bakü"
        // folds onto it and goes before the entity's other names, as a variant.
        assert_eq!(
            rows,
            [("Baku", ""), ("Bakü", "tr"), ("Баку", "ru"), ("Bakı", "az")]
        );
        let types: Vec<&str> = out.aliases.iter().map(|a| a.alias_type.as_str()).collect();
        assert_eq!(types, ["variant", "variant", "variant", "preferred"]);
        let counts = out.translations[&("test".to_string(), "tr".to_string())];
        assert_eq!((counts.added, counts.present), (1, 1));
    }

    #[test]
    fn a_national_name_is_tagged_and_english_words_kept_to_their_language() {
        let agdam = record("gn:148565", "Ağdam", "AZ");
        let out = apply(
            &agdam,
            &[alias("gn:148565", "Ağdam", "")],
            &[("Ağdam", "az")],
        );
        assert_eq!(out.aliases[0].lang, "az");
        let damascus = record("gn:170654", "Damascus", "SY");
        let out = apply(
            &damascus,
            &[alias("gn:170654", "Damascus", "")],
            &[("Şam", "tr"), ("Дамаск", "ru"), ("şam", "az")],
        );
        let added: Vec<(&str, &str)> = out.aliases[1..]
            .iter()
            .map(|a| (a.alias.as_str(), a.lang.as_str()))
            .collect();
        assert_eq!(
            added,
            [("Şam", "tr-x-only"), ("Дамаск", "ru")],
            "Şam is Sam in English text: Turkish text only; şam is lower case, no name"
        );
        let counts = out.translations[&("test".to_string(), "tr".to_string())];
        assert_eq!((counts.added, counts.own_language_only), (1, 1));
    }

    #[test]
    fn newsworthy_names() {
        for name in ["Россия", "Тимор-Лесте", "Dağlıq Qarabağ", "Çek Cumhuriyeti"]
        {
            assert!(newsworthy(name), "{name}");
        }
        for name in [
            "Мьянма (Бирма)",
            "Конго - Киншаса",
            "Бонэйр, Синт-Эстатиус и Саба",
            "о-в Мэн",
            "Кокосовые о-ва",
            "о-в Св. Елены",
            "еврозона",
        ] {
            assert!(!newsworthy(name), "{name}");
        }
    }
}
