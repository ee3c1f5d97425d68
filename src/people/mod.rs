//! People in running text: names the gazetteer lacks, places inside person names, and
//! coreference.
//!
//! After resolution, five document-level passes (`names.rs` finds the names of pass 1, this file
//! applies them and so does pass 2; `listed.rs`, `coref.rs` and `lone.rs` are passes 3 to 5).
//! All read the one tokenized document the scan built (its words and their folded keys) and look
//! mentions up by binary search (`index.rs`), so each is linear in the document:
//!
//! 1. **Unlinked people.** A title written before capitalised words ("Foreign Minister Jeyhun
//!    Bayramov", "spokeswoman Shushan Stepanyan", "Dr. Jane Smith"), or a given name
//!    followed by a surname-like word ("Andy Warhol", "Daniel Montalvo"), is a person. When the
//!    gazetteer has no such person, the name becomes an `unlinked` mention, listed in
//!    `people.csv` for curation.
//! 2. **Places inside person names** are not places: "Washington" in "George Washington",
//!    "Jordan" in "Jordan Peterson", "Kent" in "Mr Kent".
//! 3. **Listed names.** Two or three capitalised words listed beside a person's name are a
//!    person's name too ("Romelu Lukaku, Yannick Carrasco, and Dries Mertens").
//! 4. **Coreference.** After a full name (linked or not), a bare surname is the same person
//!    ("Lavrov", "Warhol's"), even where the surname is also a place ("Montalvo"). So is a bare
//!    given name ("Daniel" after "Daniel Montalvo") when only one person of the document bears
//!    it and no country, state or capital is found there ("Jordan" after "Jordan Peterson" stays
//!    the country; "Mary" after "Mary Magdalene" is not the Turkmen town).
//!    `context.rs` adds three kinds of person context: a given name and a surname before a
//!    possessive ("Nigel Clough's", read in pass 1), a foreign given name transliterated into
//!    Russian before a small town's name ("Вишванатан Ананд", pass 1), and a lone surname's
//!    other case forms in the document ("Гагарина" after "С Гагариным"), which are that person,
//!    not a small town.
//! 5. **Lone given names.** A given name written alone, where nothing else was found, at least
//!    twice away from sentence starts, is a person known by that name ("their child, Gloria").
//!
//! In a paragraph of Russian, Armenian, Azerbaijani or Turkish, `native.rs` reads names as
//! those languages write them, before the passes above and with their lists in each language:
//! titles, given names in their case forms, patronymics, initials, and (after coreference,
//! which then links case forms too: "Лаврова" after "Сергей Лавров") surnames of the
//! language's shape standing alone. Unlinked names found there are counted in their dictionary
//! form ("Сергея Лаврова" as Сергей Лавров).
//!
//! The word lists are data (`data/curated/`): common given names and surnames (1990 US Census),
//! given names of many countries (Faker), titles, and the capitalised words that end a name rather
//! than continue it ("Assembly", "Tech").

mod context;
mod coref;
mod index;
mod learned;
mod lexicon;
mod listed;
mod lone;
mod names;
mod native;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::document::{Document, Word};
use crate::gazetteer::EntityKind;
use crate::mention::{Mention, Method};

pub use lexicon::{NameLists, PersonLexicon};

/// Confidence of a person recognised from a title or a given name, without a gazetteer entry.
pub const UNLINKED_CONFIDENCE: f64 = 0.7;

/// Confidence of a surname linked to a person named in full earlier in the document.
pub const COREF_CONFIDENCE: f64 = 0.9;

/// The most capitalised words taken as one person's name after a title or given name.
pub const MAX_NAME_WORDS: usize = 3;

/// A given name written alone is taken for a person when it occurs at least this often in the
/// document, away from sentence starts ("Gloria" in a story about a child called Gloria).
pub const LONE_GIVEN_NAME_MIN_USES: usize = 2;

/// Runs the five passes over one document's resolved mentions (sorted by start, disjoint).
pub(crate) fn find_people(
    lexicon: &PersonLexicon,
    doc: &Arc<str>,
    document: &Document,
    mentions: &mut Vec<Mention>,
) {
    debug_assert!(index::is_sorted_and_disjoint(mentions));
    let (text, words) = (document.original, document.words);
    let keys = |i: usize| document.key(i);
    let mut spans: Vec<(usize, usize)> = Vec::new(); // word index ranges [first, last]
                                                     // The languages with endings: asked only where a paragraph is in one (never in English).
    let languages = document.languages.filter(|l| l.any());
    let native_people = languages.map(|_| native::NativePeople::embedded());
    let mut hint = 0;
    let mut i = 0;
    while i < words.len() {
        if let (Some(languages), Some(native_people)) = (languages, native_people) {
            if let Some(lang) = languages.at(words[i].start(), &mut hint) {
                match native::name_at(native_people, lexicon, document, mentions, i, lang) {
                    Some(native::Found::Name(first, last)) => {
                        spans.push((first, last));
                        i = last + 1;
                        continue;
                    }
                    Some(native::Found::NotAName) => {
                        i += 1;
                        continue;
                    }
                    None => {
                        if let Some(last) = context::foreign_given_name(document, mentions, i, lang)
                        {
                            spans.push((i, last));
                            i = last + 1;
                            continue;
                        }
                    }
                }
            }
        }
        if let Some(last) = names::surname_first_name(document, i)
            .or_else(|| names::regional_surname_name(lexicon, document, mentions, i))
            .or_else(|| names::native_surname_name(lexicon, document, mentions, i))
        {
            spans.push((i, last));
            i = last + 1;
            continue;
        }
        if let Some(after) = names::title_end(lexicon, document, i) {
            let name = names::surname_first_name(document, after)
                .or_else(|| names::name_words(lexicon, document, after, mentions, true));
            if let Some(last) = name {
                spans.push((after, last));
                i = last + 1;
                continue;
            }
        }
        // A possessive after a given name and a surname makes a person even of a town's name
        // ("Nigel Clough's", "Tex Hill's"; `context.rs`).
        if let Some(last) = context::possessive_name(document, mentions, i) {
            spans.push((i, last));
            i = last + 1;
            continue;
        }
        // A given name at a sentence start may be another word ("Will Congress act?", "May Day"):
        // the name stops ("Congress", "Day") are what keeps those out.
        // An acronym is not a given name ("IRENA", "LONDON Pope Francis"), unless the name
        // around it is written in capitals too ("GILLIAN WONG").
        if words[i].capitalised()
            && document.class(i).given()
            && i + 1 < words.len()
            && adjacent(text, &words[i], &words[i + 1], is_initial(text, &words[i]))
            && !names::inside_longer_place(&words[i], mentions)
            && (!is_all_capitals(text, &words[i]) || is_all_capitals(text, &words[i + 1]))
        {
            // A less common given name that is also a place ("Houston", "Texas") starts a
            // person's name only before a known surname ("Houston Nutt", not "Houston Texans").
            let place_like = !document.class(i).common_given()
                && index::starting_at(mentions, words[i].start())
                    .is_some_and(|m| m.kind == EntityKind::Place && m.end_byte == words[i].end());
            let surname_follows = lexicon.surnames.contains(keys(i + 1));
            if place_like && !surname_follows {
                i += 1;
                continue;
            }
            if let Some(last) = names::name_words(lexicon, document, i + 1, mentions, true) {
                spans.push((i, last));
                i = last + 1;
                continue;
            }
        }
        i += 1;
    }
    // The spans are in order and disjoint, and each overlaps only mentions found before this
    // pass: one binary search per span, one sweep to drop the places they replace.
    let mut replaced = vec![false; mentions.len()];
    // The names to add, as byte ranges: their mentions are made once the places they replace
    // are gone, straight into the list, not into a second list of ~300-byte mentions.
    let mut added: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (first, last) in spans {
        let (start, end) = (words[first].start(), words[last].end());
        let overlapping = index::first_overlapping(mentions, start, end).map_or(0..0, |from| {
            from..from + mentions[from..].partition_point(|m| m.start_byte < end)
        });
        // A linked person or an organisation already covers this name: keep it.
        if mentions[overlapping.clone()]
            .iter()
            .any(|m| m.kind != EntityKind::Place)
        {
            continue;
        }
        replaced[overlapping].fill(true);
        added.push((start, end, first, last));
    }
    let mut kept = replaced.iter().map(|r| !r);
    mentions.retain(|_| kept.next().unwrap_or(true));
    mentions.extend(added.into_iter().map(|(start, end, first, last)| {
        let surface = &text[start..end];
        let written = surface.split_whitespace().collect::<Vec<_>>().join(" ");
        // In a language with endings the name is counted in its dictionary form (Сергея
        // Лаврова as Сергей Лавров), and that form is the spelling (see `Mention::alias`).
        let native = languages
            .zip(native_people)
            .and_then(|(l, n)| Some((l.lookup(start)?, n)));
        match native {
            Some((lang, native_people)) => {
                let name = native::dictionary_form(native_people, document, first, last, lang);
                let mut m = unlinked(doc, start, end, surface, &name);
                if name != written {
                    m.alias = Some(name.as_str().into());
                }
                m
            }
            None => unlinked(doc, start, end, surface, &written),
        }
    }));
    crate::mention::sort_by_start(mentions);
    listed::find_listed_names(lexicon, doc, document, mentions);
    coref::link_surnames(lexicon, native_people, doc, document, mentions);
    if let Some(native_people) = native_people {
        native::find_lone_surnames(native_people, lexicon, doc, document, mentions);
    }
    lone::find_lone_given_names(doc, document, mentions);
}

/// Are two words next to each other in the same phrase (only spaces between them)? With
/// `abbreviation`, word `a` may end in a full stop ("Dr. Jane", "George W. Bush").
fn adjacent(text: &str, a: &Word, b: &Word, abbreviation: bool) -> bool {
    let between = &text[a.end()..b.start()];
    let between = match between.strip_prefix('.') {
        Some(rest) if abbreviation => rest,
        Some(_) => return false,
        None => between,
    };
    !between.is_empty() && between.chars().all(|c| c == ' ' || c == '\u{a0}')
}

/// Is this word an initial ("W" in "George W. Bush")? A full stop after it does not end the name.
fn is_initial(text: &str, word: &Word) -> bool {
    let mut chars = text[word.start()..word.end()].chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// Is this word written in capitals ("IRENA", "LONDON")? One letter is an initial, not that.
fn is_all_capitals(text: &str, word: &Word) -> bool {
    let letters = || {
        text[word.start()..word.end()]
            .chars()
            .filter(|c| c.is_alphabetic())
    };
    letters().nth(1).is_some() && letters().all(char::is_uppercase)
}

/// Does this word open a sentence or a line (so that any word would be capitalised there)?
fn starts_sentence(text: &str, word: &Word) -> bool {
    let before = text[..word.start()].trim_end_matches([' ', '\u{a0}', '"', '\'', '“', '‘', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n'])
}

/// Countries, continents, regions, first-order divisions, capitals and seats of divisions.
fn is_major_place(m: &Mention) -> bool {
    m.kind == EntityKind::Place
        && m.feature_code.as_deref().is_some_and(|c| {
            c.starts_with("PCL") || matches!(c, "CONT" | "RGN" | "ADM1" | "PPLC" | "PPLA")
        })
}

fn unlinked(doc: &Arc<str>, start: usize, end: usize, surface: &str, name: &str) -> Mention {
    Mention {
        name: name.into(),
        confidence: UNLINKED_CONFIDENCE,
        ..Mention::new(
            doc,
            start,
            end,
            surface,
            EntityKind::Person,
            Method::Unlinked,
        )
    }
}
