//! Capitalised words that are not names, in the languages with endings.
//!
//! A sentence starts with a capital in every one of these languages, so the first word of a
//! sentence looks like a name: Turkish "Bir" ("one", also a village), "Eğer" ("if"), Russian
//! "Такой" ("such"). Two kinds of evidence, both kept apart from English (whose paragraphs
//! detect as no language, so its outputs do not move):
//!
//! - the same document writes the word in lower case elsewhere: then at a sentence start it is
//!   that word. The document is its own dictionary, so no word list of the language is needed;
//! - the language lists it as a word that is written capitalised but never a name of a place
//!   (`not-name` in `data/languages/<lang>/endings.tsv`: Turkish month names, "5 Aralık");
//! - the language's dictionary has the word, whole or with one of its words' endings (Turkish
//!   "Valisi", "its governor", read as The Valley's alternate name Valis with an ending), and
//!   the place is a minor one: a country or a continent keeps every name, a capital or a place
//!   of [`WORD_EXEMPT_POPULATION`] people its own (Ordu is a word, "army", and a city of
//!   229,000). The dictionary is `data/languages/<lang>/words.txt`, which lists only the words
//!   that are also names (see [`Languages::is_inflected_word`]).
//!
//! One pass: the lower-case words' folded keys are gathered once (borrowed from the normalized
//! text, no copy per word), and only when some place mention stands at a sentence start.

use std::collections::HashSet;

use super::Lang;
use super::{LanguageSpans, Languages};
use crate::document::Document;
use crate::gazetteer::{Entity, EntityKind, Gazetteer};
use crate::matcher::Matcher;
use crate::mention::{Mention, Method};
use crate::normalize::normalize;

/// A place of this many people keeps a name that is a common word of the text's language.
pub const WORD_EXEMPT_POPULATION: u64 = 100_000;

/// Drops the place mentions of one word that, in a paragraph of a language with endings, are
/// that language's words rather than names (see the module's documentation).
pub(crate) fn drop_capitalised_words(
    gazetteer: &Gazetteer,
    matcher: &Matcher,
    document: &Document,
    languages: &LanguageSpans,
    mentions: &mut Vec<Mention>,
) {
    if !languages.any() || mentions.is_empty() {
        return;
    }
    let tables = Languages::embedded();
    let words = document.words;
    let word_at = |start: usize| words.binary_search_by_key(&start, |w| w.start()).ok();
    let mut hint = 0;
    // (mention index, word index, at a sentence start) of the mentions to ask about.
    let mut asked: Vec<(usize, usize, bool)> = Vec::new();
    for (k, m) in mentions.iter().enumerate() {
        if m.kind != EntityKind::Place
            || !matches!(m.method, Method::Exact | Method::Inflected)
            || m.surface.contains(' ')
        {
            continue;
        }
        let Some(lang) = languages.at(m.start_byte, &mut hint) else {
            continue;
        };
        let Some(i) = word_at(m.start_byte) else {
            continue;
        };
        let key = document.key(i);
        let sentence_start = starts_sentence(document.original, m.start_byte);
        // A name read with an ending that also reads as a common word with one of its words'
        // endings ("Valisi": Valis|i or vali|si, "governor|its") is the word, and so is a
        // place's alternate name that is a word whole ("Güney", "south", a province's name in
        // Turkish). Turkish writes an apostrophe before the ending of a name only (İran'ın):
        // such a word is a name. A place's canonical name read whole is a name (Mucur), and so is
        // a name whole that only splits into a word and an ending: "Sicilya" is no
        // "sicil|ya" ("to the registry"); but not a name the text spells otherwise than the
        // place does, or the name of a village that the gazetteer
        // keeps to its language's text (`tr-x-only`): Başak ("ear of wheat") and Toplu
        // ("collective") are Turkish villages of a few hundred people.
        let word = !m.surface.contains(['\'', '’'])
            && (m.method == Method::Inflected && tables.is_inflected_word(lang, key)
                || m.method != Method::Inflected && tables.is_word(lang, key))
            && entity_of(gazetteer, m).is_some_and(|entity| {
                let canonical = m.alias.as_deref() == Some(entity.name.as_str());
                let in_language = in_language(gazetteer, matcher, m, entity, lang);
                // Written as the canonical name is, letter for letter: "Batı" ("west") only
                // folds to Batī, an Ethiopian town's name.
                let as_spelled = canonical && same_letters(&m.surface, &entity.name);
                is_minor(entity, canonical, in_language)
                    && (m.method == Method::Inflected
                        || !as_spelled
                        || kept_to_language(gazetteer, matcher, m, entity))
            });
        if tables.endings(lang).is_not_name(key) || word {
            asked.push((k, i, true));
            continue;
        }
        if sentence_start {
            asked.push((k, i, false));
        }
    }
    if asked.is_empty() {
        return;
    }
    let lower_case: HashSet<&str, foldhash::fast::RandomState> = (0..words.len())
        .filter(|&i| {
            document
                .surface(i)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        })
        .map(|i| document.key(i))
        .collect();
    let mut dropped = vec![false; mentions.len()];
    for (k, i, listed) in asked {
        dropped[k] = listed || lower_case.contains(document.key(i));
    }
    let mut keep = dropped.iter().map(|d| !d);
    mentions.retain(|_| keep.next().unwrap_or(true));
}

/// The mention's place, if the gazetteer has it.
fn entity_of<'g>(gazetteer: &'g Gazetteer, mention: &Mention) -> Option<&'g Entity> {
    let id = mention.entity_id.as_ref()?;
    gazetteer.find(&id.0).map(|i| gazetteer.entity(i))
}

/// Does the gazetteer tag the alias the mention was found under with the paragraph's language
/// `lang` (Bakı, Baku in Azerbaijani; Bağdat, Baghdad in Turkish)?
fn in_language(
    gazetteer: &Gazetteer,
    matcher: &Matcher,
    mention: &Mention,
    entity: &Entity,
    lang: Lang,
) -> bool {
    alias_tag_is(gazetteer, matcher, mention, entity, |tag| {
        Lang::from_tag(tag).is_some_and(|tagged| tagged.admits(Some(lang)))
    })
}

/// Does the language tag of the entity's alias the mention was found under pass `test`?
fn alias_tag_is(
    gazetteer: &Gazetteer,
    matcher: &Matcher,
    mention: &Mention,
    entity: &Entity,
    test: impl Fn(&str) -> bool,
) -> bool {
    let Some(alias) = mention.alias.as_deref() else {
        return false;
    };
    let Some(pattern) = matcher.pattern_id(&normalize(alias)) else {
        return false;
    };
    matcher.aliases(pattern).iter().any(|&a| {
        let a = gazetteer.alias(a);
        a.text == alias
            && gazetteer.entity(a.entity).id == entity.id
            && a.lang.as_deref().is_some_and(&test)
    })
}

/// Are `a` and `b` the same letters but for case (no folding of diacritics)?
fn same_letters(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Is the alias the mention was found under one the gazetteer keeps to one language's text
/// (`tr-x-only`: a Turkish village's own name, see the importer's `own_name_places`)?
fn kept_to_language(
    gazetteer: &Gazetteer,
    matcher: &Matcher,
    mention: &Mention,
    entity: &Entity,
) -> bool {
    alias_tag_is(gazetteer, matcher, mention, entity, |tag| {
        Lang::only_in(tag).is_some()
    })
}

/// Is the mention's place one that a common word may not stand for? A country and a continent
/// keep every name (Turkish "Mısır" is Egypt and "maize"); a capital its canonical name and
/// those tagged with the paragraph's language (Bağdat, "Şam" for Damascus: `in_language`); a
/// place of [`WORD_EXEMPT_POPULATION`] people its canonical name (Ordu). Other names are
/// words: "Bir" for Beed, "Kuzey" ("north") and "Güney" ("south") for provinces of Uganda
/// and Sierra Leone, "Valis" for The Valley.
fn is_minor(entity: &Entity, canonical: bool, in_language: bool) -> bool {
    let top = entity
        .feature_code
        .as_deref()
        .is_some_and(|code| code.starts_with("PCL") || code == "CONT");
    let capital = entity.feature_code.as_deref() == Some("PPLC");
    !top && !(capital && (canonical || in_language))
        && !(canonical && entity.population >= WORD_EXEMPT_POPULATION)
}

/// Does a sentence start at byte `at` (the text's start, or after `.`, `!`, `?`, `:` or a line
/// break, with spaces and opening quotes between)?
pub(crate) fn starts_sentence(text: &str, at: usize) -> bool {
    let before =
        text[..at].trim_end_matches([' ', '\u{a0}', '"', '\'', '«', '“', '„', '(', '-', '—']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n', '։', '…'])
}

#[cfg(test)]
mod tests {
    use super::starts_sentence;

    #[test]
    fn sentence_starts() {
        let text = "Bir. «Bir» Ve bir\nBir";
        let starts: Vec<usize> = text
            .match_indices("Bir")
            .map(|(i, _)| i)
            .filter(|&i| starts_sentence(text, i))
            .collect();
        assert_eq!(starts.len(), 3);
        assert!(!starts_sentence(text, text.find("Ve").unwrap() + 3));
        // The Armenian full stop ends a sentence too.
        assert!(starts_sentence("Այո։ Շուշի", "Այո։ ".len()));
    }
}
