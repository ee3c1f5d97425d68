//! The scan: at each word start of a document's normalized text, the longest acceptable name.

use super::shard::{shard_of, Shard};
use super::{Matcher, NameMatch};
use crate::normalize::{char_at, is_word_char, NormalizedText};

impl Matcher {
    /// Appends to `out` the names found in `text` (the normalized form of `original`), left to
    /// right, without overlaps.
    pub fn find_into(&self, original: &str, text: &NormalizedText, out: &mut Vec<NameMatch>) {
        let hay = text.as_str();
        let bytes = hay.as_bytes();
        let mut cursor = text.cursor();
        let mut at = 0;
        let mut previous_is_word = false;
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
                if let Some((found, end)) = self.longest_at(shards, original, text, at, ch) {
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

    /// Convenience wrapper over [`Matcher::find_into`] that normalizes and allocates.
    pub fn find(&self, original: &str) -> Vec<NameMatch> {
        let mut text = NormalizedText::new();
        text.normalize(original);
        let mut out = Vec::new();
        self.find_into(original, &text, &mut out);
        out
    }

    /// The longest acceptable name of `shards` starting at normalized byte `start` (where the
    /// character `first` is), and its normalized end.
    fn longest_at(
        &self,
        shards: &[Shard],
        original: &str,
        text: &NormalizedText,
        start: usize,
        first: char,
    ) -> Option<(NameMatch, usize)> {
        let hay = text.as_str();
        let shard = &shards[shard_of(first)];
        let mut best = None;
        for (p, end) in shard.starting(hay.as_bytes(), start) {
            if !ends_on_word_boundary(hay, end) || !text.is_boundary(end) {
                continue;
            }
            let (start_byte, end_byte) = text.original_range(start, end);
            let pattern = shard.pattern_ids[p];
            let surface = &original[start_byte..end_byte];
            if self.accepted_aliases(pattern, surface).next().is_some() {
                // Matches arrive in order of their end, so a later one is longer.
                best = Some((
                    NameMatch {
                        pattern,
                        start: start_byte,
                        end: end_byte,
                    },
                    end,
                ));
            }
        }
        best
    }
}

fn ends_on_word_boundary(hay: &str, end: usize) -> bool {
    let next_is_word = hay[end..].chars().next().is_some_and(is_word_char);
    let last_is_word = hay[..end].chars().next_back().is_some_and(is_word_char);
    !(next_is_word && last_is_word)
}
