//! The recovery pass: the capitalised spans no mention covers, looked up in the index, and
//! the mentions of those that come close enough to a well-known name in play.

use std::collections::HashMap;
use std::sync::Arc;

use foldhash::fast::RandomState as FastHash;

use super::index::FuzzyIndex;
use super::{
    is_fuzzy_target, CONFIDENCE_ONE_EDIT, CONFIDENCE_TWO_EDITS, COUNTRY_IN_PLAY_MENTIONS,
    MAX_SPAN_WORDS, MIN_CHARS,
};
use crate::document::{is_function_word, Document};
use crate::gazetteer::{EntityKind, Gazetteer};
use crate::matcher::{Matcher, NameMatch, PatternId};
use crate::mention::{Mention, Method};
use crate::resolve::Resolver;

/// Adds fuzzy mentions for capitalised spans that no mention covers.
pub(crate) fn recover(
    index: &FuzzyIndex,
    matcher: &Matcher,
    gazetteer: &Gazetteer,
    resolver: &Resolver,
    doc: &Arc<str>,
    document: &Document,
    mentions: &mut Vec<Mention>,
) {
    let text = document.original;
    // Countries in play: where the document names places exactly, or the user's --country.
    let mut per_country: HashMap<&str, usize, FastHash> = HashMap::default();
    for m in mentions.iter().filter(|m| m.kind == EntityKind::Place) {
        if let Some(cc) = m.country_code.as_deref() {
            *per_country.entry(cc).or_default() += 1;
        }
    }
    let in_play = |cc: Option<&str>| {
        cc.is_some_and(|cc| {
            per_country.get(cc).copied().unwrap_or(0) >= COUNTRY_IN_PLAY_MENTIONS
                || resolver.prefers_country(cc)
        })
    };
    let allowed = |p: PatternId| {
        matcher.aliases(p).iter().any(|&a| {
            let alias = gazetteer.alias(a);
            let entity = gazetteer.entity(alias.entity);
            !alias.generated
                && is_fuzzy_target(entity)
                && (entity.kind != EntityKind::Place
                    || entity.id.0.starts_with("local:")
                    || in_play(entity.country_code.as_deref()))
        })
    };
    // The capitalised words, as indices into the document's words.
    let words: Vec<usize> = (0..document.words.len())
        .filter(|&i| document.words[i].capitalised())
        .collect();
    let span = |w: usize| (document.words[w].start(), document.words[w].end());
    // The resolved mentions are sorted and do not overlap, so their ends are sorted too: only
    // the last one starting before `end` can reach past `start` (a binary search, not a pass
    // over every mention for every word, which made long documents quadratic).
    debug_assert!(mentions
        .windows(2)
        .all(|pair| pair[0].end_byte <= pair[1].start_byte));
    let covered = |start: usize, end: usize, mentions: &[Mention]| {
        let before_end = mentions.partition_point(|m| m.start_byte < end);
        before_end > 0 && mentions[before_end - 1].end_byte > start
    };
    // Each recovered span with its edit distance and the index of its first word.
    let mut found: Vec<(NameMatch, usize, usize)> = Vec::new();
    // A name recurs within a story, and so does a capitalised word that is no name: each key's
    // closest alias is looked up once per document (in the benchmark's news, 27% of the
    // look-ups repeated one made earlier in the same document). The answer cannot change within
    // the document: the countries in play are fixed above.
    let mut closest: HashMap<&str, Option<(PatternId, usize)>, FastHash> = HashMap::default();
    let mut i = 0;
    while i < words.len() {
        // A name does not start with "The" or "In": "The Band" is not a misspelt "The Bend".
        if is_function_word(document.surface(words[i])) {
            i += 1;
            continue;
        }
        let mut taken = None;
        // Longest run first: "Zohrab Mnatskanyan" before "Mnatskanyan".
        for n in (1..=MAX_SPAN_WORDS).rev() {
            let last = i + n - 1;
            if last >= words.len()
                || (i..last).any(|k| !spaced(text, span(words[k]), span(words[k + 1])))
            {
                continue;
            }
            let (start, end) = (span(words[i]).0, span(words[last]).1);
            if covered(start, end, mentions) {
                continue;
            }
            let surface = &text[start..end];
            if surface.chars().filter(|c| c.is_alphanumeric()).count() < MIN_CHARS {
                continue;
            }
            // The words are joined by spaces only, so their folded form is this span of the
            // normalized text: no folding again.
            let key = document.key_span(words[i], words[last]);
            let looked_up = closest
                .entry(key)
                .or_insert_with(|| index.closest(matcher, key, allowed));
            let Some((pattern, distance)) = *looked_up else {
                continue;
            };
            // A small place's name is that place, not a misspelling of a bigger one.
            if resolver.geography().is_some_and(|g| g.is_small_place(key)) {
                continue;
            }
            if matcher
                .accepted_aliases(pattern, surface, None)
                .next()
                .is_none()
            {
                continue;
            }
            taken = Some((
                NameMatch {
                    pattern,
                    start,
                    end,
                    ending: None,
                    also: None,
                    lang: None,
                },
                distance,
                n,
            ));
            break;
        }
        match taken {
            Some((m, distance, n)) => {
                found.push((m, distance, words[i]));
                i += n;
            }
            None => i += 1,
        }
    }
    if found.is_empty() {
        return;
    }
    let matches: Vec<NameMatch> = found.iter().map(|(m, _, _)| *m).collect();
    let resolved = resolver.resolve_recovered(gazetteer, matcher, doc, text, &matches);
    // A place one edit from the surname of a longer name is no place: "Toshihiko Memphys" is a
    // person, not Memphis (issue 28). The word before the span is then capitalised, no name the
    // text already gave, and no function word ("In Memphys" still reads as Memphis). Decided
    // before any recovered mention joins `mentions`, whose order `covered` relies on.
    let in_longer_names: Vec<bool> = found
        .iter()
        .map(|&(_, _, first_word)| {
            first_word > 0 && {
                let before = first_word - 1;
                let (start, end) = span(before);
                document.words[before].capitalised()
                    && spaced(text, (start, end), span(first_word))
                    && !is_function_word(document.surface(before))
                    && !covered(start, end, mentions)
            }
        })
        .collect();
    for ((mut mention, (m, distance, _)), in_longer_name) in
        resolved.into_iter().zip(&found).zip(&in_longer_names)
    {
        if mention.kind == EntityKind::Place && *in_longer_name {
            continue;
        }
        let alias = matcher.pattern(m.pattern).to_string();
        mention.method = Method::Fuzzy;
        mention.confidence = if *distance == 1 {
            CONFIDENCE_ONE_EDIT
        } else {
            CONFIDENCE_TWO_EDITS
        };
        mention.ambiguous = true;
        let why = format!("{distance} edit(s) from the alias {alias:?}");
        mention.evidence = if mention.evidence.is_empty() {
            why
        } else {
            format!("{why}; {}", mention.evidence)
        };
        mentions.push(mention);
    }
    crate::mention::sort_by_start(mentions);
}

/// Only spaces between two words.
fn spaced(text: &str, a: (usize, usize), b: (usize, usize)) -> bool {
    let between = &text[a.1..b.0];
    !between.is_empty() && between.chars().all(|c| c == ' ')
}
