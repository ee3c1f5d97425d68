//! The gazetteer: entities (places, people, organisations) and the names they go by.
//!
//! A gazetteer is loaded from CSV ([`GazetteerBuilder`]), checked row by row, and then immutable:
//! one value is shared by every document and thread of a run. The project's default gazetteer is
//! embedded in the binary ([`Gazetteer::embedded`]); `import` builds it from GeoNames dumps.

pub mod alias_class;
mod contested;
pub mod import;
mod load;
mod sides;
pub mod variants;

pub use contested::{script, Lonely};
pub use load::{GazetteerBuilder, RowProblem};

use std::collections::HashMap;
use std::fmt;

use compact_str::CompactString;
use foldhash::fast::RandomState as FastHash;
use serde::{Deserialize, Serialize};

/// A stable entity identifier with a source prefix: `gn:146970` (GeoNames), `local:osce-minsk-group`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityId(pub CompactString);

impl std::borrow::Borrow<str> for EntityId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Position of an entity in its gazetteer (a dense index, cheaper than the string id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityIndex(pub u32);

/// Position of an alias in its gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AliasIndex(pub u32);

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A place with a point on the map.
    Place,
    /// A person.
    Person,
    /// An organisation (the OSCE Minsk Group, the CSTO).
    Organisation,
    /// A mention kind only, never an entity's: a nationality adjective or noun ("Armenian",
    /// "Azerbaijanis") naming a country's people, counted apart from the country's mentions.
    Demonym,
}

impl EntityKind {
    /// The lower-case name used in CSV files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Place => "place",
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Demonym => "demonym",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "place" => Some(EntityKind::Place),
            "person" => Some(EntityKind::Person),
            "organisation" | "organization" | "org" => Some(EntityKind::Organisation),
            _ => None,
        }
    }
}

/// A WGS 84 position. Named fields, never a bare pair, so longitude and latitude cannot be swapped.
///
/// # Units
/// Decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LonLat {
    /// Longitude in [-180, 180].
    pub lon: f64,
    /// Latitude in [-90, 90].
    pub lat: f64,
}

/// A place, person or organisation.
///
/// Its strings are [`CompactString`]s (inline up to 24 bytes, as nearly all ids, names and codes
/// are), so that a mention copies them instead of allocating (see [`crate::mention::Mention`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// Stable identifier.
    pub id: EntityId,
    /// Place, person or organisation.
    pub kind: EntityKind,
    /// Canonical name.
    pub name: CompactString,
    /// Where a place is; `None` for people and organisations.
    pub point: Option<LonLat>,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: Option<CompactString>,
    /// GeoNames feature code (`PCLI`, `ADM1`, `PPLC`, `PPLA`, `PPL`, `RGN`, `CONT`, ...).
    pub feature_code: Option<CompactString>,
    /// Population, 0 when unknown.
    pub population: u64,
    /// GeoNames first-order division code within the country (`TX`), when known; a division
    /// carries its own code. Lets "Paris, Texas" be checked.
    pub admin1_code: Option<CompactString>,
    /// How prominent a physical feature is, as Natural Earth ranks it for its maps (0 the
    /// oceans and the longest rivers, up to 10 the smallest features it draws); `None` for
    /// places that are not from Natural Earth's physical layers. Ranks a feature against towns
    /// of its name (see [`crate::resolve`]).
    pub scalerank: Option<u8>,
}

/// How a name relates to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AliasType {
    /// The canonical or most common name.
    Preferred,
    /// A spelling variant (including attested misspellings).
    Variant,
    /// A short form (`Karabakh`, a person's surname).
    Short,
    /// A former name (`Kirovabad`).
    Historic,
    /// A name one side of a dispute uses (`Khankendi`, `Stepanakert`).
    Contested,
    /// A romanisation or a name in another script.
    Transliteration,
    /// An abbreviation (`US`, `CSTO`); matched case-sensitively.
    Abbreviation,
    /// A nationality adjective or noun of a country ("Armenian"): its mentions are demonyms,
    /// not mentions of the place.
    Demonym,
}

impl AliasType {
    /// The lower-case name used in CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            AliasType::Preferred => "preferred",
            AliasType::Variant => "variant",
            AliasType::Short => "short",
            AliasType::Historic => "historic",
            AliasType::Contested => "contested",
            AliasType::Transliteration => "transliteration",
            AliasType::Abbreviation => "abbreviation",
            AliasType::Demonym => "demonym",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "" | "preferred" => AliasType::Preferred,
            "variant" => AliasType::Variant,
            "short" => AliasType::Short,
            "historic" => AliasType::Historic,
            "contested" => AliasType::Contested,
            "transliteration" => AliasType::Transliteration,
            "abbreviation" => AliasType::Abbreviation,
            "demonym" => AliasType::Demonym,
            _ => return None,
        })
    }
}

/// How the text must be capitalised for an alias to count.
///
/// Names are matched case-insensitively, but "china" and "reading" in running text are words, not
/// places, "The city" is not London's alias "The City", and "us" is not the United States: the
/// capitalisation of the alias as the gazetteer writes it says what the text must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Any capitalisation (the alias is written in lower case, or in a script without case).
    Any,
    /// Each word the alias capitalises must not be lower case in the text (`Shusha`, `SHUSHA`;
    /// not `shusha`). Bit `i` is set when word `i` of the alias is capitalised.
    Capitalized(u64),
    /// Every letter must be upper case: abbreviations (`US`, `CSTO`).
    Upper,
}

/// The words of a name: runs of letters and digits (the same split for aliases and text).
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

impl CaseRule {
    /// One pass over the alias, run for each of the ~250,000 aliases at every start-up.
    ///
    /// It asks `is_uppercase`/`is_lowercase` only: Unicode derives Alphabetic as Uppercase +
    /// Lowercase + other letters (DerivedCoreProperties.txt), so a cased letter is alphabetic and
    /// the `is_alphabetic` test, a slow table search outside ASCII and once a third of the alias
    /// loader's time, adds nothing (`cased_letters_are_alphabetic` checks every `char`). The
    /// word split is that of [`words`]: a word starts at an alphanumeric character after a
    /// non-alphanumeric one (or at the start).
    fn of(alias: &str, alias_type: AliasType) -> Self {
        let (mut upper, mut lower) = (0usize, 0usize);
        let mut mask = 0u64;
        let mut word = 0usize; // words started so far
        let mut in_word = false;
        for c in alias.chars() {
            let (is_upper, is_lower) = (c.is_uppercase(), c.is_lowercase());
            upper += usize::from(is_upper);
            lower += usize::from(is_lower);
            let alphanumeric = is_upper || is_lower || c.is_alphanumeric();
            if alphanumeric && !in_word {
                if word < 64 && is_upper {
                    mask |= 1 << word;
                }
                word += 1;
            }
            in_word = alphanumeric;
        }
        if alias_type == AliasType::Abbreviation || (upper >= 2 && lower == 0) {
            return CaseRule::Upper;
        }
        if mask == 0 {
            CaseRule::Any
        } else {
            CaseRule::Capitalized(mask)
        }
    }

    /// Does `surface` (the text as written) satisfy this rule?
    ///
    /// A short word in capitals ("WA", "OAS", "CHU") is an acronym: it matches only aliases
    /// written in capitals, never a mixed-case name ("Wa", "Oas").
    pub fn accepts(self, surface: &str) -> bool {
        if self != CaseRule::Upper {
            let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
            let acronym = (2..=MAX_ACRONYM_LETTERS).contains(&letters)
                && surface
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
            if acronym {
                return false;
            }
        }
        match self {
            CaseRule::Any => true,
            CaseRule::Capitalized(mask) => words(surface).take(64).enumerate().all(|(i, w)| {
                mask & (1 << i) == 0 || !w.chars().next().is_some_and(char::is_lowercase)
            }),
            CaseRule::Upper => !surface.chars().any(|c| c.is_lowercase()),
        }
    }
}

/// Words in capitals of up to this many letters are read as acronyms (see [`CaseRule::accepts`]).
pub const MAX_ACRONYM_LETTERS: usize = 3;

/// One name of one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// The entity this name belongs to.
    pub entity: EntityIndex,
    /// The name as the gazetteer writes it.
    pub text: CompactString,
    /// BCP 47 language tag, when known.
    pub lang: Option<CompactString>,
    /// How the name relates to the entity.
    pub alias_type: AliasType,
    /// Capitalisation the text must show.
    pub case_rule: CaseRule,
    /// Made by the variant rules ([`variants`]), not listed in the gazetteer's files.
    pub generated: bool,
    /// Made by the variant rules from a name GeoNames lists among the entity's alternates (not
    /// from its own name or a curated one): such a spelling is no better known than the name it
    /// was made from, and inherits its class ([`alias_class`]). "Tex", made from "Tekh", an
    /// alternate of the Armenian village Tegh, was Tex Hill the pilot; "Khankendi", made from
    /// the curated "Xankəndi", is Stepanakert wherever it is written.
    pub from_alternate: bool,
}

/// An immutable set of entities and aliases, shared across documents and threads.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    aliases: Vec<Alias>,
    /// Hashed with foldhash: the loader looks every alias row's id up here.
    by_id: HashMap<EntityId, EntityIndex, FastHash>,
    sides: sides::Sides,
    checksum: String,
    skipped: Vec<RowProblem>,
}

/// The default gazetteer's entities, embedded at build time.
pub const EMBEDDED_ENTITIES: &str = include_str!("../../data/gazetteer/entities.csv");
/// The default gazetteer's aliases, embedded at build time.
pub const EMBEDDED_ALIASES: &str = include_str!("../../data/gazetteer/aliases.csv");
/// The default gazetteer's sides of contested names (see [`Gazetteer::side`]).
pub const EMBEDDED_SIDES: &str = include_str!("../../data/gazetteer/sides.csv");

impl Gazetteer {
    /// The default gazetteer shipped inside the binary (`data/gazetteer/`).
    ///
    /// # Errors
    /// Only if the embedded files are invalid, which the test suite rules out.
    pub fn embedded() -> crate::Result<Self> {
        GazetteerBuilder::new().with_embedded().build()
    }

    /// All entities, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// All aliases, in load order.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// The entity at `index`.
    ///
    /// # Panics
    /// If `index` does not come from this gazetteer.
    pub fn entity(&self, index: EntityIndex) -> &Entity {
        &self.entities[index.0 as usize]
    }

    /// The alias at `index`.
    ///
    /// # Panics
    /// If `index` does not come from this gazetteer.
    pub fn alias(&self, index: AliasIndex) -> &Alias {
        &self.aliases[index.0 as usize]
    }

    /// Whose name the alias at `index` is (`armenian` for Stepanakert, `azerbaijani` for
    /// Khankendi), when the gazetteer's sides file says: two names of one entity on different
    /// sides are a contested pair.
    pub fn side(&self, index: AliasIndex) -> Option<&str> {
        self.sides.of(index)
    }

    /// The aliases with a side, in load order.
    pub fn sided_aliases(&self) -> impl Iterator<Item = (AliasIndex, &str)> {
        self.sides.iter()
    }

    /// Looks an entity up by its id.
    pub fn find(&self, id: &str) -> Option<EntityIndex> {
        self.by_id.get(id).copied()
    }

    /// A short hex digest of the CSV sources: partial counts made with different gazetteers
    /// refuse to merge.
    pub fn checksum(&self) -> &str {
        &self.checksum
    }

    /// How many invalid rows were skipped (only with [`GazetteerBuilder::skip_bad_rows`]).
    pub fn skipped_rows(&self) -> usize {
        self.skipped.len()
    }

    /// The rows skipped as invalid, in file order, each with its file, line and reason (only
    /// with [`GazetteerBuilder::skip_bad_rows`]).
    pub fn skipped(&self) -> &[RowProblem] {
        &self.skipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_rules_follow_the_alias_spelling() {
        let table = [
            ("Shusha", AliasType::Preferred, "shusha", false),
            ("Shusha", AliasType::Preferred, "SHUSHA", true),
            ("Shusha", AliasType::Preferred, "Shusha", true),
            ("US", AliasType::Abbreviation, "us", false),
            ("US", AliasType::Abbreviation, "Us", false),
            ("US", AliasType::Abbreviation, "US", true),
            ("CSTO", AliasType::Preferred, "CSTO", true),
            ("al-Hasakah", AliasType::Preferred, "Al-Hasakah", true),
            ("Шуша", AliasType::Preferred, "шуша", false),
            ("شوشا", AliasType::Preferred, "شوشا", true),
            ("The City", AliasType::Variant, "The city", false),
            ("Wa", AliasType::Preferred, "WA", false),
            ("Oas", AliasType::Preferred, "OAS", false),
            ("Baku", AliasType::Preferred, "BAKU", true),
            ("The City", AliasType::Variant, "THE CITY", true),
            (
                "Republic of Artsakh",
                AliasType::Contested,
                "Republic of Artsakh",
                true,
            ),
            ("Minsk Group", AliasType::Short, "Minsk group", false),
            ("Minsk group", AliasType::Short, "Minsk\" group", true),
        ];
        for (alias, alias_type, surface, expected) in table {
            assert_eq!(
                CaseRule::of(alias, alias_type).accepts(surface),
                expected,
                "alias {alias:?} against {surface:?}"
            );
        }
    }

    /// The premise of `CaseRule::of`'s single pass: no `char` is upper or lower case without
    /// being alphabetic (and so alphanumeric).
    #[test]
    fn cased_letters_are_alphabetic() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if c.is_uppercase() || c.is_lowercase() {
                assert!(
                    c.is_alphabetic() && c.is_alphanumeric(),
                    "{c:?} U+{:04X}",
                    c as u32
                );
            }
        }
    }

    /// The single pass gives the rule the definition gives: letters counted by case, and the
    /// capitalised words among the first 64 of [`words`].
    #[test]
    fn case_rules_match_their_definition() {
        fn by_definition(alias: &str, alias_type: AliasType) -> CaseRule {
            let letters = || alias.chars().filter(|c| c.is_alphabetic());
            let upper = letters().filter(|c| c.is_uppercase()).count();
            let lower = letters().filter(|c| c.is_lowercase()).count();
            if alias_type == AliasType::Abbreviation || (upper >= 2 && lower == 0) {
                return CaseRule::Upper;
            }
            let mask = words(alias)
                .take(64)
                .enumerate()
                .filter(|(_, w)| w.chars().next().is_some_and(char::is_uppercase))
                .fold(0u64, |mask, (i, _)| mask | (1 << i));
            if mask == 0 {
                CaseRule::Any
            } else {
                CaseRule::Capitalized(mask)
            }
        }
        let many_words = "A b ".repeat(40);
        let mut aliases = vec![
            "",
            " ",
            "Shusha",
            "SHUSHA",
            "US",
            "al-Hasakah",
            "Шуша",
            "ШУША",
            "شوشا",
            "Ⅻ Legion",
            "ǅemal Bijedić",
            "ﬁnal Ⅸ",
            "x Y z",
            "  Nagorno-Karabakh  ",
            "O'Brien",
            "ⓐⓑ Ⓒ",
            "İstanbul",
            "ǈ",
            "'s-Hertogenbosch",
            "日本 Tokyo",
            "a1 B2",
        ];
        aliases.push(&many_words);
        for alias in aliases {
            for alias_type in [AliasType::Preferred, AliasType::Abbreviation] {
                assert_eq!(
                    CaseRule::of(alias, alias_type),
                    by_definition(alias, alias_type),
                    "{alias:?}"
                );
            }
        }
        let gazetteer = Gazetteer::embedded().expect("embedded gazetteer is valid");
        for alias in gazetteer.aliases() {
            assert_eq!(
                alias.case_rule,
                by_definition(&alias.text, alias.alias_type),
                "{:?}",
                alias.text
            );
        }
    }

    #[test]
    fn the_embedded_gazetteer_loads() {
        let gazetteer = Gazetteer::embedded().expect("embedded gazetteer is valid");
        assert!(gazetteer.entities().len() > 100);
        assert!(
            gazetteer.find("gn:147105").is_some(),
            "Shusha is in the default gazetteer"
        );
    }
}
