//! Pass 4: coreference. After a full name, a bare surname (or a given name only one person of
//! the document bears) is the same person.

use std::collections::HashMap;
use std::sync::Arc;

use foldhash::fast::RandomState as FastHash;

use super::native::{self, NativePeople};
use super::{index, PersonLexicon, COREF_CONFIDENCE};
use crate::document::Document;
use crate::gazetteer::EntityKind;
use crate::mention::{Mention, Method};
use crate::normalize::normalize;

/// Links bare surnames, and given names only one person bears, to people named in full earlier
/// in the same document. In a paragraph of a language with endings (`native`), a surname in
/// any of its case forms links ("Лаврова", "Փաշինյանը" after "Сергей Лавров", "Նիկոլ Փաշինյան"),
/// as does a given name.
pub(super) fn link_surnames(
    lexicon: &PersonLexicon,
    native: Option<&NativePeople>,
    doc: &Arc<str>,
    document: &Document,
    mentions: &mut Vec<Mention>,
) {
    let (text, words) = (document.original, document.words);
    let keys = |i: usize| document.key(i);
    // surname key -> index of the first full-name mention
    let mut surnames: HashMap<&str, usize, FastHash> = HashMap::default();
    let mut full_names: Vec<(usize, usize)> = Vec::new(); // (mention index, end byte)
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == EntityKind::Person
            && m.method != Method::Coref
            && m.surface.trim().contains(char::is_whitespace)
        {
            full_names.push((i, m.end_byte));
        }
    }
    if full_names.is_empty() {
        return;
    }
    let last_word_key = |surface: &str| surface.split_whitespace().next_back().map(normalize);
    let owned: Vec<(String, usize)> = full_names
        .iter()
        .flat_map(|&(i, _)| {
            let m = &mentions[i];
            [last_word_key(&m.name), last_word_key(&m.surface)]
                .into_iter()
                .flatten()
                .map(move |k| (k, i))
        })
        .collect();
    // In the languages with endings, every case form of each full name's surname, after the
    // surnames as written (which win: "Захарова" is Мария Захарова's before it is Захаров's
    // genitive), with the surname's dictionary form for the count.
    let mut forms: Vec<(String, usize)> = Vec::new();
    let mut dictionary: HashMap<usize, String, FastHash> = HashMap::default();
    let mut given_forms: Vec<(String, usize)> = Vec::new();
    // The given names of those full names, as the lists write them.
    let mut given_names_written: HashMap<usize, String, FastHash> = HashMap::default();
    if let (Some(native), Some(languages)) = (native, document.languages) {
        for &(i, _) in &full_names {
            let m = &mentions[i];
            let Some(lang) = languages.lookup(m.start_byte) else {
                continue;
            };
            let mut surface_words = m.surface.split_whitespace();
            let (Some(first), Some(last)) = (surface_words.next(), surface_words.next_back())
            else {
                continue;
            };
            let given = native::given_case(native, lang, first);
            let (surname_forms, written) =
                native::surname_forms(native, lang, last, &normalize(last), given);
            forms.extend(surname_forms.into_iter().map(|f| (f, i)));
            dictionary.insert(i, written);
            given_forms.extend(
                native::given_forms(native, lang, &normalize(first))
                    .into_iter()
                    .map(|f| (f, i)),
            );
            if let Some(given) = native::given_name(native, lang, first) {
                given_names_written.insert(i, given.to_string());
            }
        }
    }
    for (key, i) in owned.iter().chain(&forms) {
        surnames.entry(key.as_str()).or_insert(*i);
    }
    // given name key -> the one full-name mention whose person bears it (None: several do)
    let mut given_names: HashMap<String, Option<usize>, FastHash> = HashMap::default();
    let english_given = full_names.iter().filter_map(|&(i, _)| {
        let first = mentions[i]
            .surface
            .split_whitespace()
            .next()
            .map(normalize)?;
        lexicon.given.contains(&first).then_some((first, i))
    });
    for (first, i) in english_given
        .collect::<Vec<_>>()
        .into_iter()
        .chain(given_forms)
    {
        if surnames.contains_key(first.as_str()) {
            continue;
        }
        given_names
            .entry(first)
            .and_modify(|owner| {
                if owner.is_some_and(|o| mentions[o].name != mentions[i].name) {
                    *owner = None;
                }
            })
            .or_insert(Some(i));
    }
    // What to link, as positions: the linked mentions are built only when placed, so a long
    // document does not hold a second copy of every one of them (a mention is ~300 bytes).
    let mut added: Vec<Link> = Vec::new();
    // Only capitalised words are linked: the others are not looked up at all.
    for (w, word) in words
        .iter()
        .enumerate()
        .filter(|(_, word)| word.capitalised())
    {
        let (full, by_surname) = match surnames.get(keys(w)) {
            Some(&full) => (full, true),
            None => match given_names.get(keys(w)) {
                Some(&Some(full)) => (full, false),
                _ => continue,
            },
        };
        let (start, end) = (word.start(), word.end());
        let overlapping = index::first_overlapping(mentions, start, end);
        // Before the full name, a surname only displaces a fuzzy guess of that spelling (the
        // mayor "Chipeco" was not a misspelt Chapecó): a known surname outweighs a guess.
        let displaces_a_guess = by_surname
            && overlapping.is_some_and(|o| {
                let m = &mentions[o];
                m.method == Method::Fuzzy && (m.start_byte, m.end_byte) == (start, end)
            });
        if word.start() < mentions[full].end_byte && !displaces_a_guess {
            continue;
        }
        if let Some(other) = overlapping {
            // A surname outweighs a place of that name ("Montalvo"); a given name outweighs a
            // town ("Mary" after "Mary Magdalene" is not Mary in Turkmenistan), not a country,
            // state or capital ("Jordan" after "Jordan Peterson").
            let m = &mentions[other];
            let country_state_or_capital = m.feature_code.as_deref().is_some_and(|c| {
                c.starts_with("PCL") || matches!(c, "CONT" | "RGN" | "ADM1" | "PPLC")
            });
            if !((by_surname || !country_state_or_capital)
                && m.kind == EntityKind::Place
                && (m.start_byte, m.end_byte) == (start, end))
            {
                continue;
            }
        }
        // A case form of a surname counts under the surname's dictionary form.
        let dictionary_form = if by_surname {
            dictionary.get(&full)
        } else {
            given_names_written.get(&full)
        }
        .filter(|d| normalize(d) != keys(w))
        .cloned();
        added.push(Link {
            overlapping,
            full,
            start,
            end,
            by_surname,
            dictionary_form,
        });
    }
    let mut replaced = vec![false; mentions.len()];
    for link in added {
        // Only places are replaced and a full name is a person's, so `mentions[link.full]` is
        // still the mention it was when the link was found; pushes go to the end, so the indices
        // stay valid.
        match link.overlapping {
            Some(i) if !replaced[i] => {
                replaced[i] = true;
                mentions[i] = link.mention(doc, text, &mentions[link.full]);
            }
            Some(_) => {}
            None => {
                let linked = link.mention(doc, text, &mentions[link.full]);
                mentions.push(linked);
            }
        }
    }
    crate::mention::sort_by_start(mentions);
}

/// A word linked to the person named in full by mention `full`, replacing mention `overlapping`
/// if there is one.
struct Link {
    overlapping: Option<usize>,
    full: usize,
    start: usize,
    end: usize,
    /// Linked by the surname (else by a given name only that person bears).
    by_surname: bool,
    /// The surname's dictionary form, when the word is a case form of it ("Лавров" for
    /// "Лаврова").
    dictionary_form: Option<String>,
}

impl Link {
    /// The linked mention: the person's, at this word.
    fn mention(&self, doc: &Arc<str>, text: &str, person: &Mention) -> Mention {
        let mut linked = person.clone();
        linked.doc = Arc::clone(doc);
        linked.start_byte = self.start;
        linked.end_byte = self.end;
        linked.surface = text[self.start..self.end].into();
        linked.alias = person.entity_id.as_ref().map(|_| person.surface.clone());
        linked.method = Method::Coref;
        linked.confidence = COREF_CONFIDENCE;
        linked.ambiguous = false;
        linked.evidence = format!(
            "{} of {}, named earlier in the document",
            if self.by_surname {
                "surname"
            } else {
                "given name"
            },
            person.name
        );
        linked.candidates.clear();
        if let Some(form) = &self.dictionary_form {
            // Counted as the name it inflects: a linked person's mention becomes `inflected`
            // (the spelling is its alias); an unlinked one keeps its method, with the form as
            // its alias.
            if person.entity_id.is_some() {
                linked.method = Method::Inflected;
            }
            linked.alias = Some(form.as_str().into());
            linked.evidence = format!("{}; a case form of {form}", linked.evidence);
        }
        linked
    }
}
