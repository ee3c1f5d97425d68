//! The scan: at each word start of a document's normalized text, the longest acceptable name.
//!
//! A name ends on a word boundary, or, in a paragraph of a language with endings, inside a word
//! whose rest is an ending that language allows for the name (its whole form or its stem; see
//! [`crate::language`]). Such a match runs to the end of the word, so the mention's span is the
//! word as written (Москве) and the name it inflects is its alias (Москва).

use super::first_words::first_word;
use super::shard::{shard_of, Shard};
use super::{Ending, Matcher, NameMatch, PatternId, Reading};
use crate::language::{Lang, LanguageSpans, Languages};
use crate::normalize::{char_at, is_word_char, NormalizedText};

impl Matcher {
    /// Appends to `out` the names found in `text` (the normalized form of `original`), left to
    /// right, without overlaps. `languages` gives each paragraph's language (see
    /// [`LanguageSpans::detect`]); where it has none, names end on word boundaries only.
    pub fn find_into(
        &self,
        original: &str,
        text: &NormalizedText,
        languages: &LanguageSpans,
        out: &mut Vec<NameMatch>,
    ) {
        let hay = text.as_str();
        let bytes = hay.as_bytes();
        let mut cursor = text.cursor();
        let mut at = 0;
        let mut previous_is_word = false;
        let inflecting = languages.any();
        let mut language_hint = 0;
        while at < bytes.len() {
            let ch = char_at(hay, at);
            let is_word = is_word_char(ch);
            // A name starts where an original character's folded form starts: inside `℅`
            // (folded `c/o`) the `o` begins a word of the folded text but no word of the original.
            let original_start = if is_word && !previous_is_word {
                cursor.original_start(at)
            } else {
                None
            };
            if let Some(original_start) = original_start {
                // Both tests matter: a lower-case letter (alphabetic, so it starts the surface's
                // first word) can fold to a letter without case (`ˤ` to `ʕ`).
                let lower_case = ch.is_lowercase()
                    && original[original_start..]
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase);
                let shards = if lower_case {
                    &self.lower_case_shards
                } else {
                    &self.shards
                };
                let lang = if inflecting {
                    languages.at(original_start, &mut language_hint)
                } else {
                    None
                };
                // Where names end on word boundaries, a word that is no pattern's first word
                // starts none (see `first_words`): its walk of the big automata is skipped. Not
                // asked at lower-case words: their walks, in automata a fiftieth the size, stay
                // in the cache and cost less than the question.
                let may_start = lower_case
                    || lang.is_some()
                    || self.first_words.may_start(first_word(&hay[at..]));
                let found = if may_start {
                    self.longest_at(shards, original, text, at, ch, lang)
                } else {
                    None
                };
                if let Some((found, end)) = found {
                    out.push(found);
                    at = end;
                    previous_is_word = false;
                    continue;
                }
            }
            previous_is_word = is_word;
            at += ch.len_utf8();
            if is_word {
                // The rest of the word starts no name: its ASCII letters and digits are passed
                // over at once.
                while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
                    at += 1;
                }
            }
        }
    }

    /// Convenience wrapper over [`Matcher::find_into`] that normalizes, reads the languages
    /// and allocates.
    pub fn find(&self, original: &str) -> Vec<NameMatch> {
        let mut text = NormalizedText::new();
        text.normalize(original);
        let mut languages = LanguageSpans::new();
        languages.detect(original);
        let mut out = Vec::new();
        self.find_into(original, &text, &languages, &mut out);
        out
    }

    /// The longest acceptable name of `shards` starting at normalized byte `start` (where the
    /// character `first` is), and its normalized end. In a paragraph of language `lang`, a
    /// name may also end inside a word, before one of its endings.
    fn longest_at(
        &self,
        shards: &[Shard],
        original: &str,
        text: &NormalizedText,
        start: usize,
        first: char,
        lang: Option<Lang>,
    ) -> Option<(NameMatch, usize)> {
        let hay = text.as_str();
        let shard = &shards[shard_of(first)];
        let mut best: Option<(NameMatch, usize)> = None;
        for (p, end) in shard.starting(hay.as_bytes(), start) {
            let pattern = shard.pattern_ids[p];
            let found = if ends_on_word_boundary(hay, end) {
                if !text.is_boundary(end) {
                    continue;
                }
                let (start_byte, end_byte) = text.original_range(start, end);
                let surface = &original[start_byte..end_byte];
                if self
                    .accepted_aliases(pattern, surface, lang)
                    .next()
                    .is_none()
                {
                    continue;
                }
                let whole = NameMatch {
                    pattern,
                    start: start_byte,
                    end: end_byte,
                    ending: None,
                    also: None,
                    lang,
                };
                // Turkish and Azerbaijani may set the ending off with an apostrophe (İran'ın).
                lang.and_then(|lang| {
                    self.after_apostrophe(original, text, pattern, start, end, lang)
                })
                .unwrap_or((whole, end))
            } else if let Some(lang) = lang {
                match self.with_ending(original, text, pattern, start, end, end, lang) {
                    Some(found) => found,
                    None => continue,
                }
            } else {
                continue;
            };
            // Matches arrive in order of their end, so a later one is at least as long; one
            // that ends where the kept one does is the name whole, which wins over a stem and
            // an ending (Шуши is the name, and also Шуша's genitive).
            if let Some((kept, kept_end)) = best {
                if found.1 < kept_end {
                    continue;
                }
                let mut found = found;
                // Both read the same word: the other reading is kept beside this one (the
                // name whole and a stem: Шуши; two stems: Бразил|ии for Бразилия and
                // Бразили|и for Бразилиа, where the resolver weighs both).
                if found.1 == kept_end {
                    if let Some(ending) = kept.ending {
                        found.0.also = Some(Reading {
                            pattern: kept.pattern,
                            ending,
                        });
                    }
                }
                best = Some(found);
            } else {
                best = Some(found);
            }
        }
        best
    }

    /// The name `pattern` (normalized `start..end`) followed by an ending that runs from
    /// normalized byte `ending_start` to the end of the word, if `lang` allows that ending for
    /// the pattern's own aliases or for the aliases it is the stem of. Returns the match and
    /// the normalized end of the word.
    #[allow(clippy::too_many_arguments)]
    fn with_ending(
        &self,
        original: &str,
        text: &NormalizedText,
        pattern: PatternId,
        start: usize,
        end: usize,
        ending_start: usize,
        lang: Lang,
    ) -> Option<(NameMatch, usize)> {
        let hay = text.as_str();
        let word_end = ending_start
            + hay[ending_start..]
                .find(|c: char| !is_word_char(c))
                .unwrap_or(hay.len() - ending_start);
        if word_end == ending_start || !text.is_boundary(word_end) || !text.is_boundary(end) {
            return None;
        }
        let endings = Languages::embedded().endings(lang);
        let id = endings.ending_id(&hay[ending_start..word_end])?;
        let name = self.pattern(pattern);
        let (start_byte, end_byte) = text.original_range(start, word_end);
        let (_, name_end) = text.original_range(start, end);
        let surface = &original[start_byte..end_byte];
        let whole = name.chars().next_back().is_some_and(|c| endings.writes(c))
            && endings
                .whole_name_class(name)
                .is_some_and(|class| endings.class_has(class, id))
            && self
                .accepted_aliases(pattern, &original[start_byte..name_end], Some(lang))
                .next()
                .is_some();
        // A name in lower case is a word (Russian "того" is spelled as Того, Togo): an
        // inflected form counts only capitalised, whatever its alias allows whole; a stem's
        // alias says for itself ([`super::Stem::takes`]).
        let capitalised = surface.chars().next().is_some_and(char::is_uppercase);
        let stem = self
            .patterns
            .stems(pattern)
            .iter()
            .any(|s| s.takes(lang, id, surface));
        if !(capitalised && whole || stem) {
            return None;
        }
        let found = NameMatch {
            pattern,
            start: start_byte,
            end: end_byte,
            ending: Some(Ending {
                at: name_end,
                lang,
                id,
                whole: whole && capitalised,
                after_apostrophe: ending_start > end,
            }),
            also: None,
            lang: Some(lang),
        };
        Some((found, word_end))
    }

    /// The name `pattern` (normalized `start..end`, ending on a word boundary) followed by an
    /// apostrophe and an ending, in a language that writes them so.
    fn after_apostrophe(
        &self,
        original: &str,
        text: &NormalizedText,
        pattern: PatternId,
        start: usize,
        end: usize,
        lang: Lang,
    ) -> Option<(NameMatch, usize)> {
        let hay = text.as_str();
        if !Languages::embedded().endings(lang).after_apostrophe()
            || hay.as_bytes().get(end) != Some(&b'\'')
        {
            return None;
        }
        self.with_ending(original, text, pattern, start, end, end + 1, lang)
    }
}

fn ends_on_word_boundary(hay: &str, end: usize) -> bool {
    let next_is_word = hay[end..].chars().next().is_some_and(is_word_char);
    let last_is_word = hay[..end].chars().next_back().is_some_and(is_word_char);
    !(next_is_word && last_is_word)
}
