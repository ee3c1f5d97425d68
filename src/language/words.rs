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
//!   (`not-name` in `data/languages/<lang>/endings.tsv`: Turkish month names, "5 Aralık").
//!
//! One pass: the lower-case words' folded keys are gathered once (borrowed from the normalized
//! text, no copy per word), and only when some place mention stands at a sentence start.

use std::collections::HashSet;

use super::{LanguageSpans, Languages};
use crate::document::Document;
use crate::gazetteer::EntityKind;
use crate::mention::{Mention, Method};

/// Drops the place mentions of one word that, in a paragraph of a language with endings, are
/// that language's words rather than names (see the module's documentation).
pub(crate) fn drop_capitalised_words(
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
        if tables.endings(lang).is_not_name(document.key(i)) {
            asked.push((k, i, true));
            continue;
        }
        if starts_sentence(document.original, m.start_byte) {
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
