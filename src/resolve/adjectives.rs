//! Russian adjectives that are small towns' names (issue 31).
//!
//! GeoNames lists Russian names such as Московский, Южный, Северный and Центральный for
//! villages and settlements, and the same words are everyday adjectives: "по Московскому
//! времени" (Moscow time), "Южного потока" (the South Stream pipeline), "в Северной Европе",
//! "в Центральном доме литераторов". A place's name is rarely followed by a word it agrees with;
//! an adjective always is. So a one-word name of a minor place, where the name is shaped like an
//! adjective, is that adjective when its ending agrees in case, gender and number with the word
//! right after it (`data/languages/ru/agreement.tsv`).
//!
//! What keeps a place (a trial that asked only for an adjective's shape before a lower-case word
//! lost "в городе Грозном прошла", docs/alias-review.md):
//!
//! - the agreement itself: "Грозном" (prepositional) does not agree with "прошла";
//! - the place's rank and size: a capital, a first-order division's seat or a city of
//!   [`LANGUAGE_KNOWN_POPULATION`] people is read as written;
//! - a word of its kind before it ("в городе Грозном", "посёлок Южный");
//! - the document's support: another minor place of the document, found under a name that is
//!   not itself read so, in the same first-order division or within
//!   [`NEIGHBOUR_KM`](super::alias_risk::NEIGHBOUR_KM). The country, its divisions and its
//!   cities are no support: Russian news names Russia in nearly every story, and Moscow supports
//!   every Московский near it ("Московские власти").

use std::sync::OnceLock;

use super::alias_risk::{near, LANGUAGE_KNOWN_POPULATION};
use super::*;
use crate::gazetteer::alias_class::prominence;

/// The agreement table, as shipped.
const AGREEMENT_TSV: &str = include_str!("../../data/languages/ru/agreement.tsv");

/// A set of (case, gender or number) pairs, one bit each.
type Tags = u32;

/// The nominative tags: an alias with one of their endings is shaped like an adjective.
const NOMINATIVE: Tags = 0b1111;

/// The agreement table, read once per process.
#[derive(Debug, Default)]
struct Agreement {
    /// Adjective endings (folded) and what each may stand for.
    adjective: Vec<(String, Tags)>,
    /// Noun endings (folded) and what each may stand for.
    noun: Vec<(String, Tags)>,
    /// The beginnings of the forms of the words that name a place's kind (город, посёлок).
    place_words: Vec<String>,
}

impl Agreement {
    fn embedded() -> &'static Agreement {
        static EMBEDDED: OnceLock<Agreement> = OnceLock::new();
        EMBEDDED.get_or_init(|| Agreement::parse(AGREEMENT_TSV))
    }

    /// Reads the table; a line of an unknown kind or tag is a bug in the shipped file, caught by
    /// the tests.
    fn parse(text: &str) -> Agreement {
        let mut out = Agreement::default();
        for line in text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let mut fields = line.split('\t');
            let (kind, entries) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
            let tags = fields.next().map_or(0, parse_tags);
            let entries = entries.split_whitespace().map(normalize);
            match kind {
                "adjective" => out.adjective.extend(entries.map(|e| (e, tags))),
                "noun" => out.noun.extend(entries.map(|e| (e, tags))),
                "place-word" => out.place_words.extend(entries),
                _ => debug_assert!(false, "agreement.tsv: unknown kind {kind}"),
            }
        }
        out
    }

    /// What the adjective ending of folded `word` may stand for: the tags of its longest
    /// ending(s), leaving a stem of three letters at least.
    fn adjective_tags(&self, word: &str) -> Tags {
        let fits = |ending: &str| {
            word.ends_with(ending) && word.chars().count() >= ending.chars().count() + 3
        };
        let longest = self
            .adjective
            .iter()
            .filter(|(e, _)| fits(e))
            .map(|(e, _)| e.len())
            .max();
        self.adjective
            .iter()
            .filter(|(e, _)| Some(e.len()) == longest && fits(e))
            .fold(0, |tags, (_, t)| tags | t)
    }

    /// What folded `word` may stand for as a noun: every ending it ends in counts.
    fn noun_tags(&self, word: &str) -> Tags {
        self.noun
            .iter()
            .filter(|(e, _)| word.ends_with(e.as_str()) && word.len() > e.len())
            .fold(0, |tags, (_, t)| tags | t)
    }

    /// Is folded `word` a form of a word naming a place's kind?
    fn is_place_word(&self, word: &str) -> bool {
        self.place_words
            .iter()
            .any(|w| word.starts_with(w.as_str()) && word.len() <= w.len() + 6)
    }
}

/// Is the folded word shaped like a Russian adjective (an adjective's ending after a stem of
/// three letters)? For the person passes: a capitalised adjective before a place's name starts
/// a longer name ("Великий Устюг"), not a person's.
pub(crate) fn is_adjective_shaped(word: &str) -> bool {
    Agreement::embedded().adjective_tags(word) != 0
}

/// "n.m" -> its bit; several tags separated by spaces.
fn parse_tags(field: &str) -> Tags {
    const CASES: &str = "ngdaip";
    const GENDERS: &str = "mnfp";
    field
        .split_whitespace()
        .filter_map(|tag| {
            let (case, gender) = tag.split_once('.')?;
            let case = CASES.find(case)?;
            let gender = GENDERS.find(gender)?;
            Some(1 << (case * 4 + gender))
        })
        .fold(0, |tags, bit| tags | bit)
}

/// The word of `text` right after byte `end` (spaces between, no punctuation), if any.
pub(super) fn word_after(text: &str, end: usize) -> Option<&str> {
    let rest = text.get(end..)?;
    let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
    if trimmed.len() == rest.len() {
        return None;
    }
    let len = trimmed
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(trimmed.len());
    (len > 0).then(|| &trimmed[..len])
}

/// The word of `text` right before byte `start` (spaces between), if any.
fn word_before(text: &str, start: usize) -> Option<&str> {
    let head = text.get(..start)?;
    let trimmed = head.trim_end_matches([' ', '\u{a0}']);
    if trimmed.len() == head.len() {
        return None;
    }
    let from = trimmed.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
    });
    (from < trimmed.len()).then(|| &trimmed[from..])
}

/// A place that its Russian name is read as written, however it agrees: a country, a capital, a
/// first-order division or its seat, or a city of [`LANGUAGE_KNOWN_POPULATION`] people.
pub(super) fn major(entity: &Entity) -> bool {
    entity.kind != EntityKind::Place
        || prominence(entity).0 >= 2
        || entity.population >= LANGUAGE_KNOWN_POPULATION
}

/// Drops the minor places from the front of a name's candidates, best first: what is left is
/// the major reading the word also has, or nothing (the name is then no mention).
pub(super) fn drop_minor_front(gazetteer: &Gazetteer, candidates: &mut Vec<Scored>) {
    let minor = candidates
        .iter()
        .take_while(|c| !major(gazetteer.entity(c.entity)))
        .count();
    candidates.drain(..minor);
}

/// Drops, from the front of each one-word name of a Russian paragraph, the minor places whose
/// name is an adjective agreeing with the word after it, unless the document supports them (see
/// the module's documentation). A name left with no candidate is no mention.
pub(super) fn drop_agreeing_adjectives(
    gazetteer: &Gazetteer,
    original: &str,
    matches: &[NameMatch],
    scored: &mut [Vec<Scored>],
) {
    let table = Agreement::embedded();
    // The names read as adjectives (indices, in order).
    let mut read: Vec<usize> = Vec::new();
    for (i, (found, candidates)) in matches.iter().zip(scored.iter()).enumerate() {
        if found.lang != Some(Lang::Ru) {
            continue;
        }
        let Some(best) = candidates.first() else {
            continue;
        };
        let entity = gazetteer.entity(best.entity);
        if major(entity) {
            continue;
        }
        let surface = &original[found.start..found.end];
        if surface.contains(char::is_whitespace) {
            continue;
        }
        let alias = normalize(&gazetteer.alias(best.alias).text);
        if table.adjective_tags(&alias) & NOMINATIVE == 0 {
            continue;
        }
        let adjective = table.adjective_tags(&normalize(surface));
        let Some(next) = word_after(original, found.end) else {
            continue;
        };
        if adjective & table.noun_tags(&normalize(next)) == 0 {
            continue;
        }
        if word_before(original, found.start).is_some_and(|w| table.is_place_word(&normalize(w))) {
            continue;
        }
        read.push(i);
    }
    if read.is_empty() {
        return;
    }
    // The places the document names otherwise: each other name's best candidate.
    let others: Vec<EntityIndex> = scored
        .iter()
        .enumerate()
        .filter(|(i, _)| read.binary_search(i).is_err())
        .filter_map(|(_, c)| Some(c.first()?.entity))
        .filter(|&e| gazetteer.entity(e).kind == EntityKind::Place)
        .collect();
    for i in read {
        let entity = gazetteer.entity(scored[i][0].entity);
        let supported = others.iter().any(|&e| {
            let other = gazetteer.entity(e);
            e != scored[i][0].entity
                && prominence(other).0 == 1
                && other.country_code.is_some()
                && other.country_code == entity.country_code
                && ((entity.admin1_code.is_some() && entity.admin1_code == other.admin1_code)
                    || near(entity, other))
        });
        if supported {
            continue;
        }
        drop_minor_front(gazetteer, &mut scored[i]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_reads() {
        let table = Agreement::parse(AGREEMENT_TSV);
        assert!(table.adjective.len() > 20 && table.noun.len() > 20);
        assert!(table.adjective.iter().all(|(_, t)| *t != 0));
        assert!(table.noun.iter().all(|(_, t)| *t != 0));
    }

    /// Table-driven: (adjective as written, the word after it, do they agree).
    #[test]
    fn agreement() {
        let table = Agreement::embedded();
        let cases = [
            ("Московскому", "времени", true),
            ("Центральном", "доме", true),
            ("Северной", "Европе", true),
            ("Южного", "потока", true),
            ("Южного", "округа", true),
            // "в городе Грозном прошла": a verb after the name, no agreement.
            ("Грозном", "прошла", false),
            ("Московском", "прошли", false),
            ("Центральном", "округа", false),
        ];
        for (adjective, noun, agree) in cases {
            let tags =
                table.adjective_tags(&normalize(adjective)) & table.noun_tags(&normalize(noun));
            assert_eq!(tags != 0, agree, "{adjective} {noun}");
        }
    }

    #[test]
    fn shapes_and_kinds() {
        let table = Agreement::embedded();
        assert!(table.adjective_tags(&normalize("Московский")) & NOMINATIVE != 0);
        assert!(table.adjective_tags(&normalize("Южная")) & NOMINATIVE != 0);
        assert_eq!(table.adjective_tags(&normalize("Москва")) & NOMINATIVE, 0);
        assert!(table.is_place_word(&normalize("городе")));
        assert!(table.is_place_word(&normalize("посёлке")));
        assert!(!table.is_place_word(&normalize("времени")));
    }

    fn places(text: &str) -> Vec<String> {
        crate::scan::embedded_scanner()
            .scan("t", text)
            .into_iter()
            .filter(|m| m.kind == EntityKind::Place)
            .map(|m| m.name.to_string())
            .collect()
    }

    /// Issue 31: the adjectives of FactRuEval's news that GeoNames lists as Russian towns.
    #[test]
    fn an_agreeing_adjective_is_no_town_and_a_city_keeps_its_name() {
        assert!(places("В 19 часов по Московскому времени был открыт год.").is_empty());
        assert!(places("В субботу в Центральном доме литераторов состоится прощание.").is_empty());
        assert_eq!(places("Спрос упал в Северной Европе."), ["Europe"]);
        // Grozny is a first-order division's seat: read as written.
        assert_eq!(places("В городе Грозном прошла акция."), ["Grozny"]);
    }

    #[test]
    fn neighbouring_words() {
        let text = "по Московскому времени, в городе Грозном";
        let at = text.find("Московскому").unwrap();
        assert_eq!(word_before(text, at), Some("по"));
        assert_eq!(word_after(text, at + "Московскому".len()), Some("времени"));
        let at = text.find("Грозном").unwrap();
        assert_eq!(word_before(text, at), Some("городе"));
        assert_eq!(word_after(text, text.len()), None);
        assert_eq!(word_after(text, text.find(',').unwrap()), None);
    }
}
