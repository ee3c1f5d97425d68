//! Fuzzy recovery: capitalised names that match nothing, but are one or two edits from an alias.
//!
//! News misspells names ("Mnatskanyan" for Mnatsakanyan). After exact matching, runs of one to
//! three adjacent capitalised words that no mention covers are compared (optimal string
//! alignment: Levenshtein plus transpositions) with the aliases that share a blocking key: the
//! first two characters and a length within the bound. Within a block, a 64-bit set of the
//! characters each alias holds rules 98% of aliases out with one XOR and a popcount, in a loop
//! with no branch per alias (an edit changes at most two members), a second set of the
//! characters held twice rules out most of the rest, and the few left are compared on the
//! stack, without allocating. The bound depends on length, because short names are too close
//! to each other to guess at: no fuzzy match under [`MIN_CHARS`] characters, at most one edit
//! up to [`ONE_EDIT_UP_TO_CHARS`], two beyond. So "Shushan" never becomes Shusha (and is too
//! short anyway), nor "Goris" Gori. Three guards keep it from inventing places:
//!
//! - edits only at the end are morphology, not misspelling: "Armenian" is not a misspelt
//!   Armenia, nor "President" a misspelt Presidente. A span that is any known name plus up to
//!   [`MAX_SUFFIX_CHARS`] letters is a derived word ("Armenia"+n, "Azerbaijan"+i) and is never
//!   matched fuzzily, whichever alias it comes close to (German "Armenien" is one edit from
//!   "Armenian");
//! - a span never starts with a function word ("The Band" is not a misspelt "The Bend");
//! - only well-known names are recovered ([`is_fuzzy_target`]): people, organisations, curated
//!   entities, countries, regions, divisions, capitals and seats, and places of
//!   [`MIN_TARGET_POPULATION`] or more; and a place only where its country is in play: the
//!   document names at least [`COUNTRY_IN_PLAY_MENTIONS`] places there exactly, or the user
//!   asked for it (`--country`). GeoNames' continents have no country, so none is ever in play
//!   ("Oceanic" is not a misspelt Oceania); the curated regions (`local:`) always are. Measured
//!   on GeoWebNews, fuzzy matching against every place of the world mostly turns English words
//!   into towns ("National" into Nacional, "January" into Jaguariúna).
//!
//! Accepted matches are `method: fuzzy`, with a lower confidence, and flagged ambiguous.
//!
//! The stage's passes, a file each: `index` blocks the patterns and finds a key's closest
//! one, `distance` bounds the edit distance without allocating, `recover` finds the spans
//! and adds their mentions.

mod distance;
mod index;
mod near;
mod recover;

pub use index::FuzzyIndex;
pub(crate) use recover::recover;

use crate::gazetteer::{Entity, EntityKind};

/// Names shorter than this (in characters, after normalization) are never matched fuzzily.
pub const MIN_CHARS: usize = 7;

/// Names up to this length may differ from an alias by one edit; longer ones by two.
pub const ONE_EDIT_UP_TO_CHARS: usize = 12;

/// Confidence of a fuzzy match, per edit: one edit 0.6, two edits 0.45.
pub const CONFIDENCE_ONE_EDIT: f64 = 0.6;

/// Confidence of a two-edit fuzzy match.
pub const CONFIDENCE_TWO_EDITS: f64 = 0.45;

/// Places smaller than this are not fuzzy targets unless their rank makes them one.
pub const MIN_TARGET_POPULATION: u64 = 50_000;

/// A place is a fuzzy target only in a country the document names this many places in.
pub const COUNTRY_IN_PLAY_MENTIONS: usize = 2;

/// A known name plus this many letters or fewer is a derived word, not a misspelling.
pub const MAX_SUFFIX_CHARS: usize = 3;

/// The most words in one span compared fuzzily.
const MAX_SPAN_WORDS: usize = 3;

/// Is this entity well known enough that a misspelling of it is worth recovering?
pub fn is_fuzzy_target(entity: &Entity) -> bool {
    if entity.kind != EntityKind::Place || entity.id.0.starts_with("local:") {
        return true;
    }
    let major = entity.feature_code.as_deref().is_some_and(|c| {
        c.starts_with("PCL") || matches!(c, "CONT" | "RGN" | "ADM1" | "PPLC" | "PPLA")
    });
    major || entity.population >= MIN_TARGET_POPULATION
}
