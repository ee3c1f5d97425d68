//! Physical features among the candidates: how prominent each is, and the words around a name
//! that say it is one ("the Kura burst its banks": the river, not Chur, whose Romansh name it
//! is).
//!
//! A sea, river or mountain has no population; Natural Earth's scale rank (0 for the oceans, up
//! to 10 for the smallest features its maps draw) stands in for it in the prior, so that the
//! island of Java outranks a village called Java while a town outranks a small river of its name
//! until the words around the name say otherwise.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::gazetteer::{Entity, EntityKind};
use crate::normalize::normalize;

use super::*;

/// The words the binary carries (`data/feature-words.csv`).
pub const EMBEDDED_FEATURE_WORDS: &str = include_str!("../../data/feature-words.csv");

/// The two kinds of physical feature the words speak for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureKind {
    /// Seas, lakes, rivers, straits (GeoNames class H).
    Water,
    /// Mountains, ranges, islands, deserts, peninsulas (GeoNames class T).
    Land,
}

impl FeatureKind {
    /// The kind of a GeoNames feature code, if it is a physical feature's.
    pub fn of_code(code: &str) -> Option<FeatureKind> {
        match code {
            "OCN" | "SEA" | "GULF" | "BAY" | "STRT" | "SD" | "CHN" | "FJD" | "LGN" | "RF"
            | "STM" | "LK" | "LKSL" | "RSV" | "DLTA" => Some(FeatureKind::Water),
            "ISL" | "ISLS" | "MTS" | "MT" | "PK" | "PLAT" | "DSRT" | "PEN" | "CAPE" | "CST"
            | "PLN" | "BSND" | "VAL" | "TUND" | "ISTH" | "WTLD" | "GRGE" | "HLLS" | "DPR"
            | "PASS" | "FLLS" => Some(FeatureKind::Land),
            _ => None,
        }
    }

    /// What a physical feature's code means, in words for a map's tooltip ("river", "mountain
    /// range"), if it is one.
    pub fn describe(code: &str) -> Option<&'static str> {
        Some(match code {
            "OCN" => "ocean",
            "SEA" => "sea",
            "GULF" => "gulf",
            "BAY" => "bay",
            "STRT" => "strait",
            "SD" => "sound",
            "CHN" => "channel",
            "FJD" => "fjord",
            "LGN" => "lagoon",
            "RF" => "reef",
            "STM" => "river",
            "LK" => "lake",
            "LKSL" => "salt lake",
            "RSV" => "reservoir",
            "DLTA" => "delta",
            "ISL" => "island",
            "ISLS" => "islands",
            "MTS" => "mountain range",
            "MT" | "PK" => "mountain",
            "PLAT" => "plateau",
            "DSRT" => "desert",
            "PEN" => "peninsula",
            "CAPE" => "cape",
            "CST" => "coast",
            "PLN" => "plain",
            "BSND" => "basin",
            "VAL" => "valley",
            "TUND" => "tundra",
            "ISTH" => "isthmus",
            "WTLD" => "wetland",
            "GRGE" => "gorge",
            "HLLS" => "hills",
            "DPR" => "depression",
            "PASS" => "pass",
            "FLLS" => "waterfall",
            _ => return None,
        })
    }

    /// The kind of an entity, if it is a physical feature.
    pub fn of(entity: &Entity) -> Option<FeatureKind> {
        if entity.kind != EntityKind::Place {
            return None;
        }
        FeatureKind::of_code(entity.feature_code.as_deref()?)
    }
}

/// The feature rank of a physical feature of Natural Earth scale rank 0 (an ocean): under a
/// country (6.0), over a capital (5.2) and a first-order division (5.0).
pub const FEATURE_RANK_TOP: f64 = 5.5;

/// How much rank a physical feature loses per step of scale rank: Java (3) ranks 4.0, over a
/// village (2.0) and under a division's seat with its population (4.0 and up); a minor river (6)
/// 2.5, under a city of its name ("St. Paul" is the city in Minnesota, not the river in
/// Liberia); the Kura (8) 1.5; Mount Ararat (9) 1.0.
pub const FEATURE_RANK_STEP: f64 = 0.5;

/// The scale rank taken for a curated feature that has none (the Murovdag, the Hakari): a
/// regional feature, under the towns named like it until the words around it speak.
pub const CURATED_FEATURE_SCALERANK: u8 = 6;

/// The prior rank of a physical feature (see [`FEATURE_RANK_TOP`]), if the entity is one.
pub(super) fn physical_rank(entity: &Entity) -> Option<f64> {
    FeatureKind::of(entity)?;
    let scalerank = entity.scalerank.unwrap_or(CURATED_FEATURE_SCALERANK);
    Some((FEATURE_RANK_TOP - FEATURE_RANK_STEP * f64::from(scalerank)).max(1.0))
}

/// How many words either side of a name are read for feature words.
pub const FEATURE_WORD_WINDOW: usize = 4;

/// The feature words, read from `data/feature-words.csv`: whole words, and stems that take any
/// ending (written with a trailing `*`).
#[derive(Debug, Default)]
pub struct FeatureWords {
    words: HashMap<String, FeatureKind>,
    stems: Vec<(String, FeatureKind)>,
}

impl FeatureWords {
    /// The embedded list, parsed once.
    pub fn embedded() -> &'static FeatureWords {
        static WORDS: OnceLock<FeatureWords> = OnceLock::new();
        WORDS.get_or_init(|| FeatureWords::parse(EMBEDDED_FEATURE_WORDS))
    }

    /// Parses `word,kind` rows after `#` comments and a header. Rows of an unknown kind are
    /// skipped (the embedded list is checked by a test).
    pub fn parse(text: &str) -> FeatureWords {
        let mut out = FeatureWords::default();
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .skip(1)
        {
            let Some((word, kind)) = line.split_once(',') else {
                continue;
            };
            let kind = match kind.trim() {
                "water" => FeatureKind::Water,
                "land" => FeatureKind::Land,
                _ => continue,
            };
            match word.trim().strip_suffix('*') {
                Some(stem) => out.stems.push((normalize(stem), kind)),
                None => {
                    out.words.insert(normalize(word.trim()), kind);
                }
            }
        }
        out
    }

    /// The kind a word speaks for, if any: the word is compared folded, so `bank` and `Bank`
    /// are one; callers pass lower-case words only.
    pub fn kind_of(&self, word: &str) -> Option<FeatureKind> {
        let key = normalize(word);
        self.words.get(&key).copied().or_else(|| {
            self.stems
                .iter()
                .find(|(stem, _)| key.starts_with(stem.as_str()))
                .map(|(_, kind)| *kind)
        })
    }

    /// The feature word nearest the name at `start..end` of `text` within
    /// [`FEATURE_WORD_WINDOW`] words of the same sentence, for each kind: lower-case words only
    /// (a capitalised "Bank" or "Deniz" is a name).
    pub fn around(&self, text: &str, start: usize, end: usize) -> [Option<FeatureKind>; 2] {
        let mut found = [None, None];
        // A capitalised word is a name ("Bank", "Deniz"), except the first word of a sentence
        // right before the name: "Озеро Севан", "Река Кура" open sentences in the region's news
        // ("Floods hit Tocantins" is the state: a word further off says what befell a place).
        let mut note = |word: &str, sentence_initial: bool| {
            if sentence_initial || word.chars().next().is_some_and(char::is_lowercase) {
                match self.kind_of(word) {
                    Some(FeatureKind::Water) => found[0] = Some(FeatureKind::Water),
                    Some(FeatureKind::Land) => found[1] = Some(FeatureKind::Land),
                    None => {}
                }
            }
        };
        let sentence_end = |c: char| matches!(c, '.' | '!' | '?' | '\n' | '։' | ';');
        let before = &text[..start];
        let cut = before
            .char_indices()
            .rev()
            .find(|&(_, c)| sentence_end(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let before = &before[cut..];
        let first_word = words(before).next().map(str::as_ptr);
        for (i, word) in words(before).rev().take(FEATURE_WORD_WINDOW).enumerate() {
            note(word, i == 0 && Some(word.as_ptr()) == first_word);
        }
        let after = &text[end..];
        // The rest of the word the name ends inside ("Kura's") is no feature word.
        let after =
            after.trim_start_matches(|c: char| c.is_alphanumeric() || c == '\'' || c == '’');
        let after = &after[..after.find(sentence_end).unwrap_or(after.len())];
        for word in words(after).take(FEATURE_WORD_WINDOW) {
            note(word, false);
        }
        found
    }
}

/// The words of a text, split at anything that is not a letter.
fn words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
}

/// Adds the feature-word evidence: each physical candidate of a name with a word of its kind
/// nearby gains `weight`.
pub(super) fn add_feature_words(
    gazetteer: &Gazetteer,
    weight: f64,
    original: &str,
    matches: &[NameMatch],
    scored: &mut [Vec<Scored>],
) {
    let words = FeatureWords::embedded();
    for (found, candidates) in matches.iter().zip(scored.iter_mut()) {
        if !candidates
            .iter()
            .any(|c| FeatureKind::of(gazetteer.entity(c.entity)).is_some())
        {
            continue;
        }
        let near = words.around(original, found.start, found.end);
        let mut changed = false;
        for c in candidates.iter_mut() {
            let Some(kind) = FeatureKind::of(gazetteer.entity(c.entity)) else {
                continue;
            };
            if near.contains(&Some(kind)) {
                c.score += weight;
                c.evidence.feature_word = Some(kind);
                changed = true;
            }
        }
        if changed {
            sort_candidates(candidates);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_words_parse_and_read_the_text_around_a_name() {
        let words = FeatureWords::embedded();
        assert!(words.words.len() + words.stems.len() > 80);
        assert_eq!(words.kind_of("flooded"), Some(FeatureKind::Water));
        assert_eq!(words.kind_of("summit"), Some(FeatureKind::Land));
        assert_eq!(words.kind_of("реки"), Some(FeatureKind::Water));
        assert_eq!(words.kind_of("parliament"), None);
        let text = "Officials met in Baku. The Kura burst its banks near Sabirabad.";
        let at = text.find("Kura").unwrap();
        assert_eq!(
            words.around(text, at, at + 4),
            [Some(FeatureKind::Water), None]
        );
        // Another sentence's words do not count, nor do capitalised ones.
        let text = "The river rose. Kura said nothing to Bank officials.";
        let at = text.find("Kura").unwrap();
        assert_eq!(words.around(text, at, at + 4), [None, None]);
        // A feature word that opens the sentence counts though capitalised; one inside it does
        // not.
        let text = "Суд закрыт. Озеро Севан обмелело.";
        let at = text.find("Севан").unwrap();
        assert_eq!(
            words.around(text, at, at + "Севан".len()),
            [Some(FeatureKind::Water), None]
        );
        let text = "Суд закрыт. Министр Озеро Севан посетил.";
        let at = text.find("Севан").unwrap();
        assert_eq!(words.around(text, at, at + "Севан".len()), [None, None]);
        let text = "Floods hit Tocantins.";
        let at = text.find("Tocantins").unwrap();
        assert_eq!(words.around(text, at, at + "Tocantins".len()), [None, None]);
    }
}
