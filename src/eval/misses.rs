//! Why places are missed: each gold place is sorted into a class judged from its text and the
//! gazetteer's place names, to tell apart the misses that better matching of inflected forms
//! would recover from those that need new names.
//!
//! The classes are tried in order ([`PlaceKeys::classify`]): the normalized gold text is itself a
//! place name of the gazetteer (the pipeline dropped it for another reason); it is an *inflected*
//! form of one ([`Inflection::inflects`]: Москве of москва, Հայաստանի of հայաստան, İran'ın of
//! iran); it is an abbreviation (США, ՀՀ, ԱՄՆ-ի); or the gazetteer does not have it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::overlap::{self, Verdict};
use super::{most_frequent, GoldDocument};
use crate::gazetteer::{EntityKind, Gazetteer};
use crate::matcher::{Matcher, PatternId};
use crate::mention::Mention;
use crate::normalize::normalize;

/// Why a gold place may have been missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissClass {
    /// The normalized text is a place name of the gazetteer.
    InGazetteer,
    /// An inflected form of a place name of the gazetteer (see [`Inflection::inflects`]).
    Inflected,
    /// Two to five upper-case letters, of any script, perhaps with an ending (США, ՀՀ, ԱՄՆ-ի,
    /// ABD'de): see [`is_abbreviation`].
    Abbreviation,
    /// None of the above: a name the gazetteer lacks.
    NotInGazetteer,
}

impl MissClass {
    /// Every class, in the order they are tried.
    pub const ALL: [MissClass; 4] = [
        MissClass::InGazetteer,
        MissClass::Inflected,
        MissClass::Abbreviation,
        MissClass::NotInGazetteer,
    ];

    /// The class's name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            MissClass::InGazetteer => "in gazetteer",
            MissClass::Inflected => "inflected",
            MissClass::Abbreviation => "abbreviation",
            MissClass::NotInGazetteer => "not in gazetteer",
        }
    }
}

/// The longest ending, in characters, an inflection may add after the stem it shares with the
/// name: Russian case endings run to three (-ами, -ого), Armenian ones to four once the glide
/// after a vowel is counted (Եվրոպա → Եվրոպայում).
pub const MAX_ENDING_CHARS: usize = 4;

/// How many final characters of a name an inflection may replace: none of a name of up to three
/// characters (else "ала" would claim every word in "ал-"), one of four or five (Сирия →
/// Сирии, Китай → Китая), two of longer ones (Нижний → Нижнего).
pub fn max_replaced_chars(name_chars: usize) -> usize {
    match name_chars {
        0..=3 => 0,
        4 | 5 => 1,
        _ => 2,
    }
}

/// Letters an ending may replace at the end of a name (normalized: й is и): Russian declension
/// replaces only a final vowel, й or soft sign (Москва → Москве, Нижний → Нижнего), Armenian a
/// final vowel or glide (Լոռի → Լոռու). A consonant is never replaced, which keeps Лунд from
/// passing for the name of which Луне is a form.
pub fn is_replaceable(c: char) -> bool {
    matches!(
        c,
        'а' | 'е'
            | 'ё'
            | 'и'
            | 'о'
            | 'у'
            | 'ы'
            | 'э'
            | 'ю'
            | 'я'
            | 'ь'
            | 'ъ'
            | 'ա'
            | 'ե'
            | 'է'
            | 'ը'
            | 'ի'
            | 'ո'
            | 'օ'
            | 'ւ'
            | 'յ'
            | 'a'
            | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
    )
}

/// How a language attaches case endings to a name, which decides what an inflected form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inflection {
    /// Endings follow the stem and may replace the name's final vowel (Russian Москва → Москве,
    /// Armenian Հայաստան → Հայաստանի).
    Endings,
    /// Suffixes follow an apostrophe and leave the name whole (Turkish İran → İran'ın: the
    /// Turkish Language Association's rule for proper names). A Turkish name without one is in
    /// its bare form, however much a longer name of the gazetteer starts like it (Roma, Rom).
    Apostrophe,
}

impl Inflection {
    /// Is the word `word` the name word `name`, or an inflected form of it (both normalized)?
    ///
    /// [`Inflection::Apostrophe`]: `word` is `name` followed by an apostrophe and more.
    ///
    /// [`Inflection::Endings`]: `name` has at least three characters; the two share a prefix
    /// that leaves at most [`max_replaced_chars`] of `name` unmatched, all of them
    /// [replaceable](is_replaceable); and `word` adds a non-empty ending after that prefix, at
    /// most [`MAX_ENDING_CHARS`] long and shorter than `name` (Рим → Римом, but not арм →
    /// армения). This tightens the rule of thumb "a common prefix of at least len(name) - 2
    /// characters, the name no more than 2 characters longer than the word", which it implies:
    /// short names and consonant stems would otherwise claim unrelated words. A form with no
    /// ending (the genitive plural Альп of Альпы) is given up to keep a name's truncations out.
    pub fn inflects(self, word: &str, name: &str) -> bool {
        if word == name {
            return true;
        }
        if self == Inflection::Apostrophe {
            return word
                .strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('\''));
        }
        let name_chars = name.chars().count();
        if name_chars < 3 {
            return false;
        }
        let shared = word
            .chars()
            .zip(name.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let replaced = name_chars - shared;
        let ending = word.chars().count() - shared;
        replaced <= max_replaced_chars(name_chars)
            && name.chars().skip(shared).all(is_replaceable)
            && (1..=MAX_ENDING_CHARS.min(name_chars - 1)).contains(&ending)
    }
}

/// The normalized names of the gazetteer's places, sorted: what gold places are looked up in.
#[derive(Debug, Clone, Default)]
pub struct PlaceKeys<'a> {
    keys: Vec<&'a str>,
}

impl<'a> PlaceKeys<'a> {
    /// Keys from a list of normalized names, in any order.
    pub fn new(keys: impl IntoIterator<Item = &'a str>) -> Self {
        let mut keys: Vec<&str> = keys.into_iter().collect();
        keys.sort_unstable();
        keys.dedup();
        PlaceKeys { keys }
    }

    /// The matcher's patterns that name at least one place of `gazetteer` (the one the matcher
    /// was built from): person and organisation names are not places a gold place could be.
    pub fn of_places(matcher: &'a Matcher, gazetteer: &Gazetteer) -> Self {
        let is_place = |id: PatternId| {
            matcher
                .aliases(id)
                .iter()
                .any(|&a| gazetteer.entity(gazetteer.alias(a).entity).kind == EntityKind::Place)
        };
        // Patterns are stored sorted: no need to sort again.
        let keys = matcher
            .patterns()
            .texts()
            .iter()
            .enumerate()
            .filter(|(i, _)| is_place(PatternId(*i as u32)))
            .map(|(_, t)| t.as_str())
            .collect();
        PlaceKeys { keys }
    }

    /// Is `key` (normalized) a place name?
    pub fn contains(&self, key: &str) -> bool {
        self.keys.binary_search(&key).is_ok()
    }

    /// The keys that start with `prefix`.
    fn with_prefix<'k>(&'k self, prefix: &'k str) -> impl Iterator<Item = &'a str> + 'k {
        let first = self.keys.partition_point(|k| *k < prefix);
        self.keys[first..]
            .iter()
            .copied()
            .take_while(move |k| k.starts_with(prefix))
    }

    /// Is `key` (normalized, not itself a place name) an inflected form of a place name: a key
    /// with as many words, each of which the gold's word [inflects](Inflection::inflects)?
    /// Multi-word names inflect word by word (Нижнем Новгороде, Ростова на Дону).
    pub fn has_inflected(&self, key: &str, inflection: Inflection) -> bool {
        let words: Vec<&str> = key.split(' ').collect();
        let first = words[0];
        // A name word of three characters or more shares at least three with its inflection
        // (max_replaced_chars), so the candidates share the gold's first three; a shorter first
        // word must be the name's whole first word.
        let prefix = match first.char_indices().nth(3) {
            Some((end, _)) => first[..end].to_string(),
            None if first.chars().count() == 3 => first.to_string(),
            None => format!("{first} "),
        };
        let found = self.with_prefix(&prefix).any(|candidate| {
            let names: Vec<&str> = candidate.split(' ').collect();
            names.len() == words.len()
                && words
                    .iter()
                    .zip(&names)
                    .all(|(w, n)| inflection.inflects(w, n))
        });
        found
    }

    /// The class of a gold place's text, in a language that inflects names as `inflection` says.
    pub fn classify(&self, gold_text: &str, inflection: Inflection) -> MissClass {
        let key = normalize(gold_text);
        if self.contains(&key) {
            MissClass::InGazetteer
        } else if !key.is_empty() && self.has_inflected(&key, inflection) {
            MissClass::Inflected
        } else if is_abbreviation(gold_text) {
            MissClass::Abbreviation
        } else {
            MissClass::NotInGazetteer
        }
    }
}

/// Two to five letters, all upper case (any script: США, ՀՀ, ABD), perhaps followed by a hyphen
/// or an apostrophe and a lower-case ending: Armenian and Turkish inflect an abbreviation that
/// way (ԱՄՆ-ի, ABD'de).
pub fn is_abbreviation(text: &str) -> bool {
    let text = text.trim();
    let (letters, ending) = match text.find(['-', '\'', '’']) {
        Some(i) => {
            let mut rest = text[i..].chars();
            rest.next();
            (&text[..i], rest.as_str())
        }
        None => (text, ""),
    };
    (2..=5).contains(&letters.chars().count())
        && letters
            .chars()
            .all(|c| c.is_alphabetic() && c.is_uppercase())
        && ending
            .chars()
            .all(|c| c.is_alphabetic() && c.is_lowercase())
}

/// The places of one corpus, missed and found, by class, under the overlap reading.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MissClasses {
    /// Missed gold places per class.
    pub missed: BTreeMap<MissClass, usize>,
    /// The most frequent missed gold texts of each class, with counts.
    pub most_missed: BTreeMap<MissClass, Vec<(String, usize)>>,
    /// Gold places of class inflected, found or not.
    pub inflected_gold: usize,
    /// Of those, the ones found.
    pub inflected_found: usize,
    /// The most frequent predicted places that overlap neither a gold place nor an excluded
    /// span, with counts.
    pub false_positives: Vec<(String, usize)>,
}

impl MissClasses {
    /// The share of inflected gold places found (0 when there are none).
    pub fn inflected_recall(&self) -> f64 {
        super::ratio(self.inflected_found, self.inflected_gold)
    }
}

/// Sorts the gold places of `docs` into classes, found or not, under the overlap reading
/// (`excluded_tags` as for [`super::score`]), and lists the `top` most frequent of each.
pub fn classify_misses(
    keys: &PlaceKeys,
    inflection: Inflection,
    docs: &[GoldDocument],
    predicted: &[Vec<Mention>],
    excluded_tags: &[&str],
    top: usize,
) -> MissClasses {
    let mut result = MissClasses::default();
    let mut missed: BTreeMap<MissClass, BTreeMap<String, usize>> = BTreeMap::new();
    let mut false_positives: BTreeMap<String, usize> = BTreeMap::new();
    for (doc, mentions) in docs.iter().zip(predicted) {
        let judged = overlap::judge(doc, mentions, EntityKind::Place, excluded_tags);
        for (span, found) in judged.gold {
            let class = keys.classify(&span.text, inflection);
            if class == MissClass::Inflected {
                result.inflected_gold += 1;
                result.inflected_found += usize::from(found);
            }
            if !found {
                *missed
                    .entry(class)
                    .or_default()
                    .entry(span.text.clone())
                    .or_default() += 1;
            }
        }
        for (mention, verdict) in judged.predicted {
            if verdict == Verdict::Wrong {
                *false_positives
                    .entry(mention.surface.to_string())
                    .or_default() += 1;
            }
        }
    }
    for class in MissClass::ALL {
        let texts = missed.remove(&class).unwrap_or_default();
        result.missed.insert(class, texts.values().sum());
        result.most_missed.insert(class, most_frequent(texts, top));
    }
    result.false_positives = most_frequent(false_positives, top);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::GoldSpan;
    use crate::mention::Method;

    #[test]
    fn inflections_by_endings_and_lookalikes_that_are_not() {
        for (word, name, expected) in [
            ("москве", "москва", true),      // one vowel replaced
            ("нижнего", "нижнии", true),     // two replaced in a long name (й folds to и)
            ("сирии", "сирия", true),        // one replaced in a five-letter name
            ("римом", "рим", true),          // an ending added to a short name
            ("հայաստանի", "հայաստան", true), // an ending added
            ("եվրոպայում", "եվրոպա", true),  // a four-letter ending
            ("на", "на", true),              // equal words, however short
            ("уфе", "уфа", false),           // three-letter names must be whole
            ("луне", "лунд", false),         // a consonant is not replaced
            ("թուրքիան", "թուրին", false),   // nor ն, and the ending is too long
            ("армения", "арм", false),       // an ending as long as the name is no ending
            ("москв", "москва", false),      // a truncation carries no ending
            ("де", "да", false),
        ] {
            assert_eq!(
                Inflection::Endings.inflects(word, name),
                expected,
                "{word} of {name}"
            );
        }
    }

    #[test]
    fn turkish_suffixes_follow_an_apostrophe() {
        for (word, name, expected) in [
            ("iran'in", "iran", true),
            ("ingiltere'dekilerden", "ingiltere", true),
            ("iran", "iran", true),
            ("roma", "rom", false), // a bare Turkish name is not a form of a shorter one
            ("irani", "iran", false),
        ] {
            assert_eq!(
                Inflection::Apostrophe.inflects(word, name),
                expected,
                "{word} of {name}"
            );
        }
    }

    #[test]
    fn classifies_gold_texts() {
        let keys = PlaceKeys::new([
            "москва",
            "ростов на дону",
            "հայաստան",
            "iran",
            "rom",
            "ереван",
            "арм",
        ]);
        for (gold, inflection, expected) in [
            ("Ереван", Inflection::Endings, MissClass::InGazetteer),
            ("Москве", Inflection::Endings, MissClass::Inflected),
            ("Ростова-на-Дону", Inflection::Endings, MissClass::Inflected),
            ("Հայաստանի", Inflection::Endings, MissClass::Inflected),
            ("İran'ın", Inflection::Apostrophe, MissClass::Inflected),
            ("Roma", Inflection::Apostrophe, MissClass::NotInGazetteer),
            ("США", Inflection::Endings, MissClass::Abbreviation),
            ("ՀՀ", Inflection::Endings, MissClass::Abbreviation),
            ("ԱՄՆ-ի", Inflection::Endings, MissClass::Abbreviation),
            ("ABD'de", Inflection::Apostrophe, MissClass::Abbreviation),
            ("Армения", Inflection::Endings, MissClass::NotInGazetteer),
            // One word of a two-word name.
            ("Ростова", Inflection::Endings, MissClass::NotInGazetteer),
            ("Сша", Inflection::Endings, MissClass::NotInGazetteer),
            (
                "НАТО-Россия",
                Inflection::Endings,
                MissClass::NotInGazetteer,
            ),
        ] {
            assert_eq!(keys.classify(gold, inflection), expected, "{gold}");
        }
    }

    #[test]
    fn counts_misses_by_class_and_the_recall_of_inflected_forms() {
        let place = |text: &str, start: usize, tag: &str| GoldSpan {
            start_char: start,
            end_char: start + text.chars().count(),
            text: text.into(),
            kind: EntityKind::Place,
            tag: Some(tag.into()),
            point: None,
        };
        // "Москве и Москве, США, Омск, ЕС" with ЕС an organisation.
        let doc = GoldDocument {
            id: "d".into(),
            text: "Москве и Москве, США, Омск, ЕС".into(),
            spans: vec![
                place("Москве", 0, "GPE"),
                place("Москве", 9, "GPE"),
                place("США", 17, "GPE"),
                place("ЕС", 28, "ORG"),
            ],
        };
        let mention = |start: usize, surface: &str| Mention {
            start_char: start,
            end_char: start + surface.chars().count(),
            ..Mention::new(&"d".into(), 0, 0, surface, EntityKind::Place, Method::Exact)
        };
        // The stem of the first Москве, Омск (not annotated), and ЕС (excluded).
        let predicted = vec![vec![
            mention(0, "Москв"),
            mention(22, "Омск"),
            mention(28, "ЕС"),
        ]];
        let keys = PlaceKeys::new(["москва", "омск"]);
        let classes = classify_misses(&keys, Inflection::Endings, &[doc], &predicted, &["ORG"], 5);
        assert_eq!(classes.missed[&MissClass::Inflected], 1);
        assert_eq!(classes.missed[&MissClass::Abbreviation], 1);
        assert_eq!(classes.missed[&MissClass::NotInGazetteer], 0);
        assert_eq!(
            classes.most_missed[&MissClass::Inflected],
            [("Москве".to_string(), 1)]
        );
        assert_eq!((classes.inflected_found, classes.inflected_gold), (1, 2));
        assert_eq!(classes.inflected_recall(), 0.5);
        assert_eq!(classes.false_positives, [("Омск".to_string(), 1)]);
    }
}
