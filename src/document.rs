//! One document, read once: the original text, its normalized form with the offset map, and its
//! words with their folded keys. Every pass after matching (fuzzy recovery, people) reads this
//! value; none tokenizes or folds the text again.

use crate::normalize::NormalizedText;

/// A document as every pass after matching sees it. Built once per document by the scan.
#[derive(Debug)]
pub(crate) struct Document<'t> {
    /// The text as written; every reported offset slices it.
    pub original: &'t str,
    /// The folded text and its map back to `original`.
    pub normalized: &'t NormalizedText,
    /// The words, in order.
    pub words: &'t [Word],
}

impl<'t> Document<'t> {
    /// The words of `original` (see [`tokenize_into`]) must be `words`.
    pub fn new(original: &'t str, normalized: &'t NormalizedText, words: &'t [Word]) -> Self {
        Document {
            original,
            normalized,
            words,
        }
    }

    /// The original text of word `i`.
    pub fn surface(&self, i: usize) -> &'t str {
        let w = &self.words[i];
        &self.original[w.start()..w.end()]
    }

    /// The folded key of word `i` ("Şuşa" -> "susa"): a slice of the normalized text, the same
    /// string [`crate::normalize::normalize`] makes of the word.
    pub fn key(&self, i: usize) -> &'t str {
        let w = &self.words[i];
        self.normalized.as_str()[w.key_start as usize..w.key_end as usize].trim()
    }

    /// The folded form of the words `first..=last` and what lies between them.
    pub fn key_span(&self, first: usize, last: usize) -> &'t str {
        let (a, b) = (&self.words[first], &self.words[last]);
        self.normalized.as_str()[a.key_start as usize..b.key_end as usize].trim()
    }
}

/// A word of the original text: a run of letters and digits (an apostrophe followed by a
/// capital stays inside: "O'Brien"; a possessive does not: "Warhol's"). Offsets are `u32`, as
/// in the offset map: a document has a word every few bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    start: u32,
    end: u32,
    /// The word's folded form in the normalized text.
    key_start: u32,
    key_end: u32,
    /// Starts with an upper-case letter.
    pub capitalised: bool,
}

impl Word {
    /// Byte offset of the first character.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset one past the last character.
    pub fn end(&self) -> usize {
        self.end as usize
    }
}

/// English function words (normalized): never part of a name, so neither a person's name ("Elizabeth
/// Quat In" is a name and the next sentence) nor a fuzzily matched place ("The Band" is not a
/// misspelt "The Bend").
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "if", "in", "of", "on", "or", "the",
    "to", "when", "while", "with", "this", "that", "these", "those", "his", "her", "its", "their",
    "our", "my", "your", "i", "he", "she", "it", "we", "they", "you",
];

/// Is this word an English function word ("the", "The", "IN")? Compares in place: no
/// allocation, as the fuzzy pass asks it of every capitalised word it tries.
pub(crate) fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(word))
}

/// Replaces `out` with the words of `text`, in order, each with its key in `normalized` (the
/// normalized form of `text`).
pub(crate) fn tokenize_into(text: &str, normalized: &NormalizedText, out: &mut Vec<Word>) {
    out.clear();
    let mut chars = text.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        if !ch.is_alphanumeric() {
            continue;
        }
        let mut end = start + ch.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                chars.next();
            } else if (c == '\'' || c == '’' || c == '-')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_uppercase())
            {
                chars.next();
            } else {
                break;
            }
        }
        // Offsets fit: the scan refuses documents over 4 GiB when it normalizes them.
        out.push(Word {
            start: start as u32,
            end: end as u32,
            key_start: normalized.normalized_offset(start) as u32,
            key_end: normalized.normalized_offset(end) as u32,
            capitalised: ch.is_uppercase(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use proptest::prelude::*;

    fn keys(text: &str) -> Vec<String> {
        let mut normalized = NormalizedText::new();
        normalized.normalize(text);
        let mut words = Vec::new();
        tokenize_into(text, &normalized, &mut words);
        let doc = Document::new(text, &normalized, &words);
        (0..words.len()).map(|i| doc.key(i).to_string()).collect()
    }

    #[test]
    fn words_carry_their_folded_keys() {
        assert_eq!(
            keys("Şuşa, O'Brien's Lin-Manuel “Gəncə” ½ ﬁnal"),
            [
                "susa",
                "o'brien",
                "s",
                "lin manuel",
                "gence",
                "1⁄2",
                "final"
            ]
        );
    }

    proptest! {
        #[test]
        fn a_word_s_key_is_the_word_normalized(text in "[a-zA-Zşəß℅½㎧ﷺﬁİ'’\\\" ,.\\n-]{0,40}") {
            let mut normalized = NormalizedText::new();
            normalized.normalize(&text);
            let mut words = Vec::new();
            tokenize_into(&text, &normalized, &mut words);
            let doc = Document::new(&text, &normalized, &words);
            for i in 0..words.len() {
                prop_assert_eq!(doc.key(i), normalize(doc.surface(i)));
            }
        }
    }
}
