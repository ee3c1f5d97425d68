//! Pass 3: names listed beside a person's name, or in apposition to a title, are people too.

use std::sync::Arc;

use super::index::{self, AddedSpans};
use super::{adjacent, is_all_capitals, unlinked, PersonLexicon, MAX_NAME_WORDS};
use crate::document::{is_function_word, Document};
use crate::gazetteer::EntityKind;
use crate::mention::{Mention, Method};

/// A name listed beside a person's name is a person's name too: in "Romelu Lukaku, Yannick
/// Carrasco, and Dries Mertens" the given name "Yannick" makes one person, and the list makes the
/// two whose given names no list has. A listed name is two or three capitalised words that
/// nothing else claims, standing alone between the list's commas or "and" (a longer capitalised
/// run is another kind of name: "Goldman Sachs Group"). Across a plain comma the list must go on
/// beyond the pair: "John Smith, Senior Analyst" is a name and its description. A name in
/// apposition to a title ("the coach, Alireza Mehraban, said") starts a list too. Each name
/// found may extend the list.
pub(super) fn find_listed_names(
    lexicon: &PersonLexicon,
    doc: &Arc<str>,
    document: &Document,
    mentions: &mut Vec<Mention>,
) {
    let (text, words) = (document.original, document.words);
    let keys = |i: usize| document.key(i);
    let joined = |a: usize, b: usize| adjacent(text, &words[a], &words[b], false);
    let capitalised_before =
        |first: usize| first > 0 && words[first - 1].capitalised() && joined(first - 1, first);
    let capitalised_after = |last: usize| {
        last + 1 < words.len() && words[last + 1].capitalised() && joined(last, last + 1)
    };
    let is_title_word = |k: usize| document.class(k).title_word();
    // Titles are not names: "John Smith, Prime Minister" lists an office.
    let name_word = |k: usize| {
        words[k].capitalised()
            && !is_all_capitals(text, &words[k])
            && !document.class(k).stop()
            && !is_function_word(keys(k))
            && !is_title_word(k)
    };
    let name_shaped = |first: usize, last: usize| {
        (1..MAX_NAME_WORDS).contains(&(last - first))
            && (first..=last).all(name_word)
            && (first + 1..=last).all(|k| joined(k - 1, k))
            && !capitalised_before(first)
            && !capitalised_after(last)
    };
    let between = |a: usize, b: usize| &text[words[a].end()..words[b].start()];
    // The listed name after word `last` (", X Y", ", and X Y", " and X Y"), and whether a plain
    // comma separates it.
    let item_after = |last: usize| -> Option<(usize, usize, bool)> {
        let j = last + 1;
        if j >= words.len() {
            return None;
        }
        let (start, comma) = match (between(last, j), keys(j)) {
            (", " | " ", "and") if j + 1 < words.len() && between(j, j + 1) == " " => {
                (j + 1, false)
            }
            (", ", key) if key != "and" => (j, true),
            _ => return None,
        };
        let end = (start + 1..(start + MAX_NAME_WORDS).min(words.len()))
            .take_while(|&k| words[k].capitalised() && joined(k - 1, k))
            .last()?;
        name_shaped(start, end).then_some((start, end, comma))
    };
    // The listed name before word `first` ("X Y, ", "X Y and ", "X Y, and "), and whether a plain
    // comma separates it. A determiner before it makes it a description ("a Digital Drama
    // Series"), and "of" an affiliation ("Raymond Chan of People Power, and Leung Kwok-hung").
    let item_before = |first: usize| -> Option<(usize, usize, bool)> {
        let i = first.checked_sub(1)?;
        let (end, comma) = match (between(i, first), keys(i)) {
            (" ", "and") if i > 0 && matches!(between(i - 1, i), ", " | " ") => (i - 1, false),
            (", ", _) => (i, true),
            _ => return None,
        };
        let start = (end.saturating_sub(MAX_NAME_WORDS - 1)..end)
            .rev()
            .take_while(|&k| words[k].capitalised() && joined(k, k + 1))
            .last()?;
        let described = start > 0 && NOT_BEFORE_A_LISTED_NAME.contains(&keys(start - 1));
        (name_shaped(start, end) && !described).then_some((start, end, comma))
    };
    // The mentions found before this pass are sorted and disjoint; the names this pass adds are
    // kept apart, so that both answer "is this claimed?" by a search, not a scan.
    let before = mentions.len();
    let mut added = AddedSpans::default();
    let claimed = |mentions: &[Mention], added: &AddedSpans, a: usize, b: usize| {
        let (start, end) = (words[a].start(), words[b].end());
        index::overlaps(&mentions[..before], start, end) || added.overlaps(start, end)
    };
    let add = |mentions: &mut Vec<Mention>, added: &mut AddedSpans, a: usize, b: usize| {
        let (start, end) = (words[a].start(), words[b].end());
        added.insert(start, end);
        let surface = &text[start..end];
        let name = surface.split_whitespace().collect::<Vec<_>>().join(" ");
        mentions.push(unlinked(doc, start, end, surface, &name));
    };
    let word_at = |byte: usize| words.binary_search_by_key(&byte, |w| w.start()).ok();
    let word_ending_at = |byte: usize| words.binary_search_by_key(&byte, |w| w.end()).ok();
    let mut found: Vec<(usize, usize)> = mentions
        .iter()
        .filter(|m| {
            m.kind == EntityKind::Person
                && m.method != Method::Coref
                && m.surface.trim().contains(char::is_whitespace)
        })
        .filter_map(|m| Some((word_at(m.start_byte)?, word_ending_at(m.end_byte)?)))
        .filter(|&(first, last)| {
            let after_title = first > 0 && is_title_word(first - 1);
            (after_title || !capitalised_before(first)) && !capitalised_after(last)
        })
        .collect();
    // A name in apposition to a title is a person's: "the Afghan team's coach, Alireza
    // Mehraban, said". The name must close the apposition (a comma or a full stop after it).
    for end in 0..words.len() {
        let Some((a, b, true)) = item_after(end) else {
            continue;
        };
        let title_ends_here = lexicon.titles_ending_with(keys(end)).iter().any(|&t| {
            index::probe();
            let title = &lexicon.titles[t].0;
            title.len() <= end + 1
                && (end + 1 - title.len()..=end)
                    .zip(title)
                    .all(|(k, w)| keys(k) == w)
        });
        if title_ends_here {
            let closed = words
                .get(b + 1)
                .map_or(&text[words[b].end()..], |w| {
                    &text[words[b].end()..w.start()]
                })
                .trim_start()
                .starts_with([',', '.', ';']);
            if closed && !claimed(mentions, &added, a, b) {
                add(mentions, &mut added, a, b);
                found.push((a, b));
            }
        }
    }
    let mut next = 0;
    while next < found.len() {
        let (first, last) = found[next];
        next += 1;
        let (after, before) = (item_after(last), item_before(first));
        let mut neighbours = Vec::new();
        if let Some((a, b, comma)) = after {
            if !comma || before.is_some() || item_after(b).is_some() {
                neighbours.push((a, b));
            }
        }
        if let Some((a, b, comma)) = before {
            if !comma || after.is_some() || item_before(a).is_some() {
                neighbours.push((a, b));
            }
        }
        for (a, b) in neighbours {
            if !claimed(mentions, &added, a, b) {
                add(mentions, &mut added, a, b);
                found.push((a, b));
            }
        }
    }
    crate::mention::sort_by_start(mentions);
}

/// Words that make the capitalised words after them a description or an affiliation, not a
/// listed person's name (normalized).
const NOT_BEFORE_A_LISTED_NAME: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
    "your", "of", "from", "for", "at",
];
