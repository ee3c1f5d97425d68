//! Where a local story places itself, and the small places that count only there.
//!
//! A town's paper names its places bare, and writes the state only once, after a town:
//! `PARIS, Tenn. (AP) —`, `Springfield, Ill.`, `Springfield, IL 62701`. Two tables, both data
//! made by the importer (`data/gazetteer/`):
//!
//! - **division abbreviations** ([`Geography::abbreviation_after`]): the postal codes (GeoNames'
//!   own admin1 codes of the US) and the AP Stylebook's abbreviations ("Ill.", "Tenn.") of
//!   first-order divisions. They count only right after a name and a comma: "IL" or "Mass."
//!   elsewhere is an Italian article or a church service, never a place. The resolver gives a
//!   candidate of the name inside that division [`crate::resolve::WRITTEN_STATE_BONUS`];
//!   the scan (`place_locally`) makes the abbreviation a mention of the division, and counts
//!   it as the document's say on where it is.
//! - **small places** (under 15,000 people, which the gazetteer leaves out: matched everywhere,
//!   they cost precision): a name is one of them only where the document places itself in its
//!   first-order division, by [`MIN_AREA_VOTES`] places there or a written state. Then a bare
//!   "Paris" in a story of Tennessee towns is Paris, Tennessee, and "Riverdale" among New Jersey
//!   towns is New Jersey's. Their names also stop fuzzy recovery from making them into another
//!   place ([`Geography::is_small_place`]).
//!
//! Both tables are parsed on first use, so a run that never needs them never pays for them.
//!
//! The module, a file per job: `tables` reads the two tables; `local` is the pass that
//! places a document's local names; `strangers` unlinks a small town placed abroad in a story set
//! firmly elsewhere; `anchors` answers "is this point near the document's
//! places?" in time linear in the document.

mod anchors;
mod local;
mod strangers;
mod tables;
mod votes;

use std::collections::HashMap;
use std::sync::OnceLock;

use compact_str::CompactString;

use crate::gazetteer::{EntityIndex, EntityKind, Gazetteer};
use crate::mention::{Mention, Method};

use tables::SmallPlaces;

/// The division abbreviations, as the importer writes them (`abbreviation,entity_id,style`).
pub const EMBEDDED_ABBREVIATIONS: &str =
    include_str!("../../data/gazetteer/division-abbreviations.csv");

/// The small places, as the importer writes them (`entity_id,name,latitude,longitude,
/// country_code,admin1_code,population,word_like`).
pub const EMBEDDED_SMALL_PLACES: &str = include_str!("../../data/gazetteer/small-places.csv");

/// A first-order division counts as where the document is when this many of its distinct places
/// (or the division itself) are named clearly, or a state is written after a town (which counts
/// [`WRITTEN_STATE_VOTES`]). One place is not enough: a story names one foreign city in passing
/// ("flights to Paris") without being there. Two is the rule the README's simulation of small
/// places used.
pub const MIN_AREA_VOTES: usize = 2;

/// What a state written after a town (`Springfield, Ill.`) counts toward [`MIN_AREA_VOTES`]: the
/// writer has said where the story is, as much as two places there.
pub const WRITTEN_STATE_VOTES: usize = 2;

/// A name the gazetteer resolved to a bigger namesake becomes a small place of the document's
/// division only when the small place lies this close to another place the document names
/// clearly: in a story of Ohio towns, "Louisville" is still Kentucky's city unless the towns
/// are near Louisville, Ohio. 100 km is about a US county's commuting reach (and well inside
/// the 161 km of the accuracy measure).
pub const NEAR_KM: f64 = 100.0;

/// Confidence of a small place chosen on the document's geography: evidence, not a listed
/// name's certainty.
pub const SMALL_PLACE_CONFIDENCE: f64 = 0.8;

/// The most words of a small place's name looked up ("Red Oak", "Bayou La Batre").
const MAX_NAME_WORDS: usize = 3;

/// How an abbreviation is written, which decides what it proves on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbreviationStyle {
    /// A two-letter postal code ("IL", "MD"): also a degree or a word ("Jane Doe, MD"), so it
    /// names a state only after a place of that state.
    Postal,
    /// An AP Stylebook abbreviation ("Ill.", "N.M."): after any capitalised name and a comma,
    /// a state.
    Ap,
}

/// A division abbreviation written after a name: where it is and which division it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenState {
    /// The division.
    pub division: EntityIndex,
    /// Byte offsets of the abbreviation in the text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Postal code or AP abbreviation.
    pub style: AbbreviationStyle,
}

/// The division abbreviations and small places, resolved against one gazetteer. Built once per
/// run; `Send + Sync`.
#[derive(Debug, Default)]
pub struct Geography {
    abbreviations_csv: &'static str,
    small_places_csv: &'static str,
    /// Abbreviation as written -> (division, style), parsed on first use.
    abbreviations: OnceLock<HashMap<String, (EntityIndex, AbbreviationStyle)>>,
    small_places: OnceLock<SmallPlaces>,
}

/// A first-order division: country code and admin1 code.
type Area = (CompactString, CompactString);

/// The first-order division a small place lies in.
fn area_of_place(place: &crate::gazetteer::Entity) -> Area {
    (
        place.country_code.clone().unwrap_or_default(),
        place.admin1_code.clone().unwrap_or_default(),
    )
}

impl Geography {
    /// The tables embedded in the binary. Rows naming a division the gazetteer lacks are
    /// skipped when the abbreviations are first read.
    pub fn embedded() -> Self {
        Self::from_csv(EMBEDDED_ABBREVIATIONS, EMBEDDED_SMALL_PLACES)
    }

    /// Tables from CSV text in the importer's format (for tests and other builds).
    pub fn from_csv(abbreviations: &'static str, small_places: &'static str) -> Self {
        Geography {
            abbreviations_csv: abbreviations,
            small_places_csv: small_places,
            ..Geography::default()
        }
    }

    /// The abbreviations, read against `gazetteer` on first use.
    fn abbreviations(
        &self,
        gazetteer: &Gazetteer,
    ) -> &HashMap<String, (EntityIndex, AbbreviationStyle)> {
        self.abbreviations
            .get_or_init(|| tables::read_abbreviations(self.abbreviations_csv, gazetteer))
    }

    /// The small places, read on first use.
    fn small_places(&self) -> &SmallPlaces {
        self.small_places
            .get_or_init(|| tables::read_small_places(self.small_places_csv))
    }

    /// Gives the words a small place's name can start with their class (this reads the small
    /// places, at start-up rather than in the first document's scan).
    pub(crate) fn add_classes(&self, classes: &mut crate::document::WordClasses) {
        classes.add(
            self.small_places().first_words(),
            crate::document::WordClass::SMALL_PLACE_FIRST,
        );
    }

    /// Is `key` (a normalized name) the name of a small place, other than a word or a person
    /// name? Fuzzy recovery leaves such a name alone: "Hinton" is a town, not a misspelling of
    /// another. ("Northwest" is a village's name too, but in text mostly a word.)
    pub fn is_small_place(&self, key: &str) -> bool {
        self.small_places().names_a_place(key)
    }

    /// The division abbreviation written right after byte `end` of `text` as `, ABBR` and
    /// ending there (followed by no letter or digit), if any.
    pub fn abbreviation_after(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        end: usize,
    ) -> Option<WrittenState> {
        let rest = text.get(end..)?.strip_prefix(", ")?;
        let len = rest
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '.'))
            .unwrap_or(rest.len());
        let token = &rest[..len];
        if token.is_empty() || token.len() > 6 {
            return None;
        }
        let table = self.abbreviations(gazetteer);
        // "Ill." is written with its dot; "IL." ends a sentence after the code.
        let (written, &(division, style)) = table
            .get_key_value(token)
            .or_else(|| table.get_key_value(token.trim_end_matches('.')))?;
        if rest[len..].starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let start = end + 2;
        Some(WrittenState {
            division,
            start,
            end: start + written.len(),
            style,
        })
    }

    /// Every division abbreviation written after a capitalised word and a comma in `text`
    /// (`PARIS, Tenn.`, `Springfield, IL`), with the comma's byte offset, in text order.
    pub fn written_states(&self, gazetteer: &Gazetteer, text: &str) -> Vec<(usize, WrittenState)> {
        // memchr's vectorized search: `str::match_indices` with a two-byte needle ran the
        // general two-way search, ~1.5% of a scan's CPU for this and the resolver's call.
        memchr::memmem::find_iter(text.as_bytes(), b", ")
            .filter(|&comma| capitalised_word_ends_at(text, comma))
            .filter_map(|comma| Some((comma, self.abbreviation_after(gazetteer, text, comma)?)))
            .collect()
    }
}

/// Does a word that starts with a capital letter end at byte `end` of `text`?
fn capitalised_word_ends_at(text: &str, end: usize) -> bool {
    let before = &text[..end];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i);
    start.is_some_and(|i| before[i..].starts_with(char::is_uppercase))
}

/// A place resolved from a listed name with a clear lead: it votes for its division.
fn clear_place(m: &Mention) -> bool {
    m.kind == EntityKind::Place
        && matches!(m.method, Method::Exact | Method::Variant)
        && !m.ambiguous
}

/// Countries, first-order divisions, continents and regions are not small places' namesakes:
/// "Georgia" among Georgia's towns is still the state.
fn is_division_or_more(feature_code: Option<&str>) -> bool {
    feature_code
        .is_some_and(|c| c.starts_with("PCL") || matches!(c, "ADM1" | "CONT" | "RGN" | "ADM2"))
}
