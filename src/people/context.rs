//! Person context that outweighs a small town of the same name (issue 31, item 3).
//!
//! Two kinds of evidence the other passes did not read:
//!
//! - **a possessive**: a given name, then a surname or a capitalised word nothing else claims,
//!   then "'s" ("Nigel Clough's side", "Tiger Tex Hill's plane") is a person, even where the
//!   given name is also a town (Nigel in South Africa; "Tex", a spelling of Tegh in Armenia)
//!   and the surname a word that usually ends a place's name ("Hill");
//! - **a foreign given name in Russian**: a capitalised word inside a sentence that no list
//!   knows and nothing was found under, not shaped like an adjective, right before a minor
//!   place's name, is a given name the lists lack, transliterated ("Вишванатан Ананд (Индия)",
//!   Anand in Gujarat): Russian writes a place after another capitalised word only inside a
//!   longer name, which the gazetteer matches whole ("Нижний Новгород", "Южная Корея") or which
//!   starts with an adjective ("Великий Устюг");
//! - **the document's own person**: where a surname standing alone has been read as a person
//!   ("С Гагариным всё уже давно ясно"), its other case forms in the same document are that
//!   person too, not a minor place of the name ("45-летие полёта Гагарина", Gagarin the town).
//!   A country, region, first-order division, capital or a division's seat keeps its name.

use std::collections::HashMap;
use std::sync::Arc;

use foldhash::fast::RandomState as FastHash;

use super::native::{self, NativePeople};
use super::{adjacent, index, is_all_capitals, is_major_place, names};
use super::{unlinked, COREF_CONFIDENCE};
use crate::document::{is_function_word, Document, Word};
use crate::gazetteer::EntityKind;
use crate::language::Lang;
use crate::mention::{Mention, Method};

/// If a given name, a surname (or an unclaimed capitalised word) and a possessive "'s" start at
/// word `i`, the index of the surname.
pub(super) fn possessive_name(
    document: &Document,
    mentions: &[Mention],
    i: usize,
) -> Option<usize> {
    let (text, words) = (document.original, document.words);
    let (given, surname) = (words.get(i)?, words.get(i + 1)?);
    // The possessive first: the test that rules out nearly every pair of words, and the cheapest.
    let after = &text[surname.end()..];
    let possessive = after
        .strip_prefix(['\'', '’'])
        .and_then(|rest| rest.strip_prefix('s'))
        .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric));
    if !(possessive && given.capitalised() && surname.capitalised()) {
        return None;
    }
    let key = |k: usize| document.key(k);
    let major_at = |k: usize| {
        index::starting_at(mentions, words[k].start()).is_some_and(|m| {
            is_major_place(m) || (m.kind != EntityKind::Place && m.end_byte > words[k].end())
        })
    };
    let surname_key = key(i + 1);
    // Both words are capitalised, so their classes answer as the lists do.
    let surname_class = document.class(i + 1);
    let surname_fits = surname_class.surname()
        || (!surname_class.stop() && !index::overlaps(mentions, surname.start(), surname.end()));
    let name = document.class(i).given()
        && !is_all_capitals(text, given)
        && !is_all_capitals(text, surname)
        && adjacent(text, given, surname, false)
        && !major_at(i)
        && !names::inside_longer_place(given, mentions)
        && !is_function_word(surname_key)
        && !surname_class.title_word()
        && surname_fits;
    name.then_some(i + 1)
}

/// If a foreign given name (see the module's documentation) starts at word `i` of a Russian
/// paragraph, the index of the surname after it.
pub(super) fn foreign_given_name(
    document: &Document,
    mentions: &[Mention],
    i: usize,
    lang: Lang,
) -> Option<usize> {
    let (text, words) = (document.original, document.words);
    let (given, surname) = (words.get(i)?, words.get(i + 1)?);
    if lang != Lang::Ru || !(given.capitalised() && surname.capitalised()) {
        return None;
    }
    let place = index::starting_at(mentions, surname.start())?;
    let minor_place = place.kind == EntityKind::Place
        && place.end_byte == surname.end()
        && !is_major_place(place)
        && !place
            .feature_code
            .as_deref()
            .is_some_and(|c| c.starts_with("PPLA"));
    let third = words
        .get(i + 2)
        .is_some_and(|w| w.capitalised() && joined(text, surname, w));
    let name = minor_place
        && !third
        && joined(text, given, surname)
        && !is_all_capitals(text, given)
        && !is_all_capitals(text, surname)
        && !crate::language::starts_sentence(text, given.start())
        && !index::overlaps(mentions, given.start(), given.end())
        && in_cyrillic(document.surface(i))
        && !crate::resolve::is_adjective_shaped(document.key(i));
    name.then_some(i + 1)
}

/// Only spaces between two words.
fn joined(text: &str, a: &Word, b: &Word) -> bool {
    let between = &text[a.end()..b.start()];
    !between.is_empty() && between.chars().all(|c| matches!(c, ' ' | '\u{a0}'))
}

/// Is the word written in Cyrillic letters?
fn in_cyrillic(word: &str) -> bool {
    word.chars().all(|c| matches!(c, '\u{0400}'..='\u{04FF}'))
}

/// After the lone surnames (`native::find_lone_surnames`) have been added as people from
/// `added` on: the minor places found under another case form of one of those surnames become
/// that person.
pub(super) fn absorb_namesake_places(
    native: &NativePeople,
    doc: &Arc<str>,
    document: &Document,
    mentions: &mut [Mention],
    added: usize,
) {
    let Some(languages) = document.languages else {
        return;
    };
    // Every case form of each lone surname -> the person's name.
    let mut forms: HashMap<String, Arc<str>, FastHash> = HashMap::default();
    for m in &mentions[added..] {
        let Some(lang) = languages.lookup(m.start_byte) else {
            continue;
        };
        let key = crate::normalize::normalize(&m.surface);
        let (surname_forms, _) = native::surname_forms(native, lang, &m.surface, &key, None);
        let name: Arc<str> = m.name.as_str().into();
        for form in surname_forms {
            forms.entry(form).or_insert_with(|| Arc::clone(&name));
        }
    }
    if forms.is_empty() {
        return;
    }
    let words = document.words;
    for m in &mut mentions[..added] {
        if m.kind != EntityKind::Place
            || is_major_place(m)
            || m.feature_code
                .as_deref()
                .is_some_and(|c| c.starts_with("PPLA"))
        {
            continue;
        }
        let Ok(w) = words.binary_search_by_key(&m.start_byte, |w| w.start()) else {
            continue;
        };
        if words[w].end() != m.end_byte {
            continue;
        }
        let Some(name) = forms.get(document.key(w)) else {
            continue;
        };
        let (start, end) = (m.start_byte, m.end_byte);
        let surface = &document.original[start..end];
        let mut person = unlinked(doc, start, end, surface, name);
        person.method = Method::Coref;
        person.confidence = COREF_CONFIDENCE;
        person.evidence = format!("surname of {name}, named alone elsewhere in the document");
        if **name != *surface {
            person.alias = Some((**name).into());
        }
        *m = person;
    }
}
