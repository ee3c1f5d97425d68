//! What kind of name an alias is for its entity, decided from evidence (issue 31).
//!
//! GeoNames lists, beside the names people write for a place, names that mean something else
//! first: phrases ("The City" for London, "The Mission" for the Mission District), the own name
//! of a bigger place ("Guatemala" for Guatemala City, "Paraguay" for Asunción), people's names
//! ("Chopin" for Chopinzinho, "Xie" for a Paris arrondissement), common words. Such a name is
//! kept (a reader of the right story does write it), but it is *risky*: the resolver counts it
//! only where the document supports the place (`crate::resolve`, `alias_risk.rs`), and
//! `gazetteer check --suspicious` lists it, so that a user extending the gazetteer sees the same
//! warnings. The class is computed, never typed by hand: from the alias's type and spelling,
//! the other entities' own names and ranks, and the word lists the project ships (people's
//! names) or the user gives (common words). No list of one-off exceptions.

use std::collections::{HashMap, HashSet};

use super::{Alias, AliasType, CaseRule, Entity, EntityKind, Gazetteer};
use crate::normalize::normalize;

/// The class of one alias, in the order [`AliasClass::of`] decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AliasClass {
    /// The entity's own name (after folding), its abbreviated form ("St. Paul"), or its short
    /// form: its first words ("Clacton" of Clacton-on-Sea) or the name without an Arabic
    /// article ("Qamishli" of Al Qāmishlī).
    OwnName,
    /// An abbreviation or a name written in capitals ("US", "CSTO").
    Abbreviation,
    /// A former name, as the gazetteer types it.
    Historic,
    /// A name a curator chose (short, contested, preferred, demonym) or a listed alternate that
    /// none of the classes below fits.
    Listed,
    /// A phrase that starts with "the" and is not the own name with its article ("The City" of
    /// London, "The Valley"; not "The Gambia").
    Phrase,
    /// The own name of an entity that outranks this one ("Guatemala" of Guatemala City).
    SharedWithHigher,
    /// A given name or a surname of the people lexicons ("Mary", "Nigel").
    PersonName,
    /// A common lower-case word of a word list (only when one is given).
    CommonWord,
}

impl AliasClass {
    /// Every class, in report order.
    pub const ALL: [AliasClass; 8] = [
        AliasClass::OwnName,
        AliasClass::Abbreviation,
        AliasClass::Historic,
        AliasClass::Listed,
        AliasClass::Phrase,
        AliasClass::SharedWithHigher,
        AliasClass::PersonName,
        AliasClass::CommonWord,
    ];

    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            AliasClass::OwnName => "own name",
            AliasClass::Abbreviation => "abbreviation",
            AliasClass::Historic => "historic",
            AliasClass::Listed => "listed variant",
            AliasClass::Phrase => "phrase",
            AliasClass::SharedWithHigher => "shared with a higher-ranked entity",
            AliasClass::PersonName => "person's name",
            AliasClass::CommonWord => "common word",
        }
    }

    /// Does a mention under this name need the document's support to count?
    ///
    /// The four classes that name something else first always do. A listed alternate does for
    /// a minor place only: "Bombay" or "Peking" is what a reader knows a metropolis by, "Chopin"
    /// is not what anyone calls Chopinzinho, nor "Abo" Turku in English news. Curated names
    /// (types other than GeoNames' `variant` and `transliteration`) are trusted, and so is every
    /// name of an entity that does not come from GeoNames (a curated `local:` entity, a user's
    /// own rows with their `aliases` column, a Natural Earth feature, a US county): someone
    /// chose each of its names for it, where GeoNames gathers every name anyone has used.
    /// A major city's or division's alternate that is its own name with another language's
    /// ending ("Adena", "Adenas", "Adeni" of Aden) is no name English news knows it by either.
    pub fn risky(self, alias: &Alias, entity: &Entity) -> bool {
        if !from_geonames(entity) {
            return false;
        }
        match self {
            AliasClass::OwnName | AliasClass::Abbreviation | AliasClass::Historic => false,
            AliasClass::Phrase
            | AliasClass::SharedWithHigher
            | AliasClass::PersonName
            | AliasClass::CommonWord => true,
            AliasClass::Listed => {
                is_alternate(alias)
                    && (!is_major(entity)
                        || (prominence(entity).0 < 4 && ends_own_name(&alias.text, &entity.name)))
            }
        }
    }

    /// The class of `alias` (of `entity`), given what is known of its spelling elsewhere.
    ///
    /// `shared_with_higher`: an entity that outranks `entity` has this name as its own (the
    /// caller knows: the check from an index of own names, the resolver from the other
    /// candidates of the same match). `person_name` and `common_word` answer for a one-word
    /// alias as the gazetteer writes it (they fold it as their lists are folded).
    pub fn of(
        alias: &Alias,
        entity: &Entity,
        shared_with_higher: bool,
        person_name: impl Fn(&str) -> bool,
        common_word: impl Fn(&str) -> bool,
    ) -> AliasClass {
        // An abbreviation stays one even when it is the entity's name ("CSTO");
        // `of_other_name` says so first.
        let abbreviation =
            alias.alias_type == AliasType::Abbreviation || alias.case_rule == CaseRule::Upper;
        if !abbreviation && normalize(&alias.text) == normalize(&entity.name) {
            return AliasClass::OwnName;
        }
        Self::of_other_name(alias, entity, shared_with_higher, person_name, common_word)
    }

    /// [`AliasClass::of`] for an alias known not to be its entity's own name as written (the
    /// resolver knows it already): folding, the one allocation, only for a listed alternate of
    /// a place that fits no other class.
    pub fn of_other_name(
        alias: &Alias,
        entity: &Entity,
        shared_with_higher: bool,
        person_name: impl Fn(&str) -> bool,
        common_word: impl Fn(&str) -> bool,
    ) -> AliasClass {
        if alias.alias_type == AliasType::Abbreviation || alias.case_rule == CaseRule::Upper {
            return AliasClass::Abbreviation;
        }
        if abbreviates(&alias.text, &entity.name) {
            return AliasClass::OwnName;
        }
        if alias.alias_type == AliasType::Historic {
            return AliasClass::Historic;
        }
        if !is_alternate(alias) || entity.kind != EntityKind::Place {
            return AliasClass::Listed;
        }
        let mut words = alias.text.split_whitespace();
        let first = words.next().unwrap_or("");
        let more = words.next().is_some();
        if more && first.eq_ignore_ascii_case(ARTICLE) {
            // "The Gambia", "the Balkans": the own name with its article is the own name.
            let rest = alias.text[first.len()..].trim_start();
            if normalize(rest) == normalize(&entity.name) {
                return AliasClass::OwnName;
            }
            return AliasClass::Phrase;
        }
        if shared_with_higher {
            return AliasClass::SharedWithHigher;
        }
        // One word of letters only: "Al-Riad" is no given name and surname.
        let one_word = !more && alias.text.chars().all(char::is_alphabetic);
        if one_word && person_name(&alias.text) {
            return AliasClass::PersonName;
        }
        if one_word && common_word(&alias.text) {
            return AliasClass::CommonWord;
        }
        if shortens(&alias.text, &entity.name) {
            return AliasClass::OwnName;
        }
        AliasClass::Listed
    }
}

/// Arabic articles that GeoNames writes before a name and English news leaves off
/// ("Al Qāmishlī", "Qamishli"), folded.
const ARABIC_ARTICLES: &[&str] = &["al", "el", "ad", "ar", "as", "at", "an", "az", "ash"];

/// Is `written` the entity's own name shortened: its first words ("Clacton" of
/// "Clacton-on-Sea"), or the name without an Arabic article ("Qamishli" of "Al Qāmishlī")?
fn shortens(written: &str, name: &str) -> bool {
    let (written, name) = (normalize(written), normalize(name));
    let split = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (short, full) = (split(&written), split(&name));
    if short.is_empty() || short.len() >= full.len() {
        return false;
    }
    full.starts_with(&short)
        || (ARABIC_ARTICLES.contains(&full[0].as_str()) && full[1..] == short[..])
}

/// The word that starts a phrase rather than a name when an alternate name begins with it (any
/// case). English only, and only "the": the articles of other languages start real names (El
/// Paso, La Paz, Le Havre; Vietnamese "An Giang"), and it is English news that reads "The City
/// of ...".
const ARTICLE: &str = "the";

/// The prefix of GeoNames' entity ids (DESIGN.md, "Data model").
pub const GEONAMES_PREFIX: &str = "gn:";

/// Does the entity come from GeoNames, whose alternate names gather every name anyone has
/// written for a place (codes, phrases, people's names), rather than from a curator?
pub fn from_geonames(entity: &Entity) -> bool {
    entity.id.0.starts_with(GEONAMES_PREFIX)
}

/// One of the kinds GeoNames lists as alternates (not chosen by a curator), or a spelling the
/// variant rules made from one.
fn is_alternate(alias: &Alias) -> bool {
    if alias.generated {
        // A generated spelling is what the name it was made from is.
        return alias.from_alternate;
    }
    matches!(
        alias.alias_type,
        AliasType::Variant | AliasType::Transliteration
    )
}

/// The most letters another language's ending adds to a name in GeoNames' alternates
/// (Latvian "Adena", Lithuanian "Adenas", Georgian "Adeni" for Aden).
const MAX_FOREIGN_ENDING: usize = 2;

/// Is `written` the entity's own name `name` with a lower-case ending of up to
/// [`MAX_FOREIGN_ENDING`] letters? Compared as written, with no allocation: the resolver asks
/// it of candidates.
fn ends_own_name(written: &str, name: &str) -> bool {
    written.strip_prefix(name).is_some_and(|ending| {
        (1..=MAX_FOREIGN_ENDING).contains(&ending.chars().count())
            && ending.chars().all(char::is_lowercase)
    })
}

/// "St. Paul" written for "Saint Paul": the own name abbreviated, not another name.
pub(crate) fn abbreviates(written: &str, name: &str) -> bool {
    written
        .strip_prefix("St. ")
        .or_else(|| written.strip_prefix("St "))
        .is_some_and(|rest| normalize(&format!("Saint {rest}")) == normalize(name))
}

/// A place whose listed alternates a reader knows it by: a country, continent, region or
/// first-order division, a capital, a physical feature, or a city of [`MAJOR_POPULATION`].
pub fn is_major(entity: &Entity) -> bool {
    entity.kind != EntityKind::Place
        || entity.scalerank.is_some()
        || entity.population >= MAJOR_POPULATION
        || prominence(entity).0 >= 3
}

/// A city of this many people is known abroad by its alternate names ("Bombay", "Canton",
/// "Saigon"); Turku (180,000: "Abo") and Detroit (680,000: "Motown") are not, in the news of
/// the benchmark (`eval --surfaces`, README "Names that are not what they seem").
pub const MAJOR_POPULATION: u64 = 1_000_000;

/// How prominent a place is, for telling which of two entities of one name outranks the other:
/// a tier (4 countries, continents and territories; 3 first-order divisions, regions and
/// capitals; 2 seats of first-order divisions; 1 the rest), then population.
pub fn prominence(entity: &Entity) -> (u8, u64) {
    let code = entity.feature_code.as_deref().unwrap_or("");
    let tier = match code {
        "CONT" | "PCLI" | "PCL" | "PCLD" | "PCLF" | "PCLS" | "PCLIX" | "PCLH" | "TERR" => 4,
        "PPLC" | "RGN" | "ADM1" => 3,
        "PPLA" => 2,
        _ => 1,
    };
    (tier, entity.population)
}

/// Every alias's class, for a whole gazetteer (`gazetteer check --suspicious`).
#[derive(Debug, Clone)]
pub struct AliasClasses {
    classes: Vec<AliasClass>,
}

impl AliasClasses {
    /// Classifies every alias of `gazetteer`. `person_name` and `common_word` answer for a
    /// one-word alias as written.
    pub fn of(
        gazetteer: &Gazetteer,
        person_name: impl Fn(&str) -> bool,
        common_word: impl Fn(&str) -> bool,
    ) -> Self {
        // The most prominent place that has each folded name as its own.
        let mut owners: HashMap<String, (u8, u64)> = HashMap::new();
        for entity in gazetteer.entities() {
            if entity.kind != EntityKind::Place {
                continue;
            }
            let rank = prominence(entity);
            owners
                .entry(normalize(&entity.name))
                .and_modify(|r| *r = (*r).max(rank))
                .or_insert(rank);
        }
        let classes = gazetteer
            .aliases()
            .iter()
            .map(|alias| {
                let entity = gazetteer.entity(alias.entity);
                let shared = owners
                    .get(&normalize(&alias.text))
                    .is_some_and(|&owner| owner > prominence(entity));
                AliasClass::of(alias, entity, shared, &person_name, &common_word)
            })
            .collect();
        AliasClasses { classes }
    }

    /// The class of the alias at `index` (in [`Gazetteer::aliases`] order).
    pub fn get(&self, index: usize) -> AliasClass {
        self.classes[index]
    }

    /// Counts per class, in [`AliasClass::ALL`] order.
    pub fn counts(&self) -> Vec<(AliasClass, usize)> {
        let mut counts: HashMap<AliasClass, usize> = HashMap::new();
        for class in &self.classes {
            *counts.entry(*class).or_default() += 1;
        }
        AliasClass::ALL
            .iter()
            .map(|c| (*c, counts.get(c).copied().unwrap_or(0)))
            .collect()
    }
}

/// Reads a word list (one word per line) into its folded lower-case single words: a
/// capitalised entry is a name, not a common word.
pub fn common_words(text: &str) -> HashSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|w| !w.is_empty() && w.chars().all(char::is_lowercase))
        .map(normalize)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{EntityId, EntityIndex};

    fn place(name: &str, code: &str, population: u64) -> Entity {
        Entity {
            id: EntityId(format!("gn:{name}").into()),
            kind: EntityKind::Place,
            name: name.into(),
            point: None,
            country_code: None,
            feature_code: Some(code.into()),
            population,
            admin1_code: None,
            scalerank: None,
        }
    }

    fn alias(text: &str, alias_type: AliasType) -> Alias {
        Alias {
            entity: EntityIndex(0),
            text: text.into(),
            lang: None,
            alias_type,
            case_rule: CaseRule::of(text, alias_type),
            generated: false,
            from_alternate: false,
        }
    }

    #[test]
    fn classes_follow_the_evidence() {
        let people = |w: &str| ["chopin", "mary"].contains(&normalize(w).as_str());
        let words = |w: &str| ["valley", "bank"].contains(&normalize(w).as_str());
        let london = place("London", "PPLC", 8_000_000);
        let town = place("Chopinzinho", "PPL", 20_000);
        let city = place("Guatemala City", "PPLC", 1_000_000);
        let table = [
            (
                &london,
                "London",
                AliasType::Preferred,
                false,
                AliasClass::OwnName,
            ),
            (
                &london,
                "LONDON",
                AliasType::Variant,
                false,
                AliasClass::Abbreviation,
            ),
            (
                &london,
                "The City",
                AliasType::Variant,
                false,
                AliasClass::Phrase,
            ),
            (
                &london,
                "Londinium",
                AliasType::Historic,
                false,
                AliasClass::Historic,
            ),
            (
                &london,
                "The City",
                AliasType::Short,
                false,
                AliasClass::Listed,
            ),
            (
                &place("Gambia", "PCLI", 2_000_000),
                "The Gambia",
                AliasType::Variant,
                false,
                AliasClass::OwnName,
            ),
            (
                &town,
                "Al-Chopin",
                AliasType::Variant,
                false,
                AliasClass::Listed,
            ),
            (
                &city,
                "Guatemala",
                AliasType::Variant,
                true,
                AliasClass::SharedWithHigher,
            ),
            (
                &town,
                "Chopin",
                AliasType::Variant,
                false,
                AliasClass::PersonName,
            ),
            (
                &town,
                "Bank",
                AliasType::Variant,
                false,
                AliasClass::CommonWord,
            ),
            (
                &town,
                "Chopinzinyo",
                AliasType::Variant,
                false,
                AliasClass::Listed,
            ),
            (
                &town,
                "Chopin-zinho",
                AliasType::Variant,
                false,
                AliasClass::Listed,
            ),
            (
                &place("Clacton-on-Sea", "PPL", 50_000),
                "Clacton",
                AliasType::Variant,
                false,
                AliasClass::OwnName,
            ),
            (
                &place("Al Qāmishlī", "PPL", 180_000),
                "Qamishli",
                AliasType::Variant,
                false,
                AliasClass::OwnName,
            ),
            (
                &city,
                "Guatemala",
                AliasType::Variant,
                false,
                AliasClass::OwnName,
            ),
            (
                &town,
                "St. Chopinzinho",
                AliasType::Variant,
                false,
                AliasClass::Listed,
            ),
            (
                &place("Saint Paul", "PPLA", 300_000),
                "St. Paul",
                AliasType::Variant,
                false,
                AliasClass::OwnName,
            ),
            (
                &town,
                "Chopínzinho",
                AliasType::Variant,
                false,
                AliasClass::OwnName,
            ),
        ];
        for (entity, text, alias_type, shared, expected) in table {
            let a = alias(text, alias_type);
            assert_eq!(
                AliasClass::of(&a, entity, shared, people, words),
                expected,
                "{text:?} of {}",
                entity.name
            );
        }
    }

    #[test]
    fn a_listed_alternate_is_risky_for_a_minor_place_only() {
        let variant = alias("Abo", AliasType::Variant);
        let curated = alias("Abo", AliasType::Short);
        let turku = place("Turku", "PPLA", 180_000);
        let bombay = place("Mumbai", "PPLA", 12_000_000);
        assert!(AliasClass::Listed.risky(&variant, &turku));
        assert!(!AliasClass::Listed.risky(&variant, &bombay));
        assert!(!AliasClass::Listed.risky(&curated, &turku));
        assert!(AliasClass::Phrase.risky(&variant, &bombay));
        assert!(!AliasClass::OwnName.risky(&variant, &turku));
    }

    #[test]
    fn names_of_entities_that_do_not_come_from_geonames_are_trusted() {
        // A user's bridge with a nickname in its `aliases` column, a curated region's phrase.
        let nickname = alias("Z-Bridge", AliasType::Variant);
        let phrase = alias("The Valley", AliasType::Variant);
        let mut bridge = place("Zangilan Bridge", "BDG", 0);
        assert!(
            AliasClass::Listed.risky(&nickname, &bridge),
            "as GeoNames' own"
        );
        assert!(AliasClass::Phrase.risky(&phrase, &bridge));
        bridge.id = EntityId("local:zangilan-bridge".into());
        assert!(!AliasClass::Listed.risky(&nickname, &bridge));
        assert!(!AliasClass::Phrase.risky(&phrase, &bridge));
    }

    #[test]
    fn the_embedded_gazetteer_sorts_the_issue_examples() {
        let g = Gazetteer::embedded().expect("embedded gazetteer is valid");
        let classes = AliasClasses::of(&g, |_| false, |_| false);
        let class_of = |id: &str, text: &str| {
            let entity = g.find(id).expect("entity in the gazetteer");
            let (i, _) = g
                .aliases()
                .iter()
                .enumerate()
                .find(|(_, a)| a.entity == entity && a.text == text)
                .expect("alias in the gazetteer");
            classes.get(i)
        };
        // London's "The City"; Guatemala City's "Guatemala", the country's own name.
        assert_eq!(class_of("gn:2643743", "The City"), AliasClass::Phrase);
        assert_eq!(
            class_of("gn:3598132", "Guatemala"),
            AliasClass::SharedWithHigher
        );
        assert_eq!(class_of("gn:2643743", "London"), AliasClass::OwnName);
    }
}
