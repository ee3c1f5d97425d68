//! One document, read once: the original text, its normalized form with the offset map, and its
//! words with their folded keys. Every pass after matching (fuzzy recovery, people) reads this
//! value; none tokenizes or folds the text again, and none asks the word lists again what a word
//! is (`classes.rs`).

mod classes;

pub(crate) use classes::{WordClass, WordClasses};

use crate::language::{Lang, LanguageSpans};
use crate::normalize::{char_at, is_word_char, NormalizedText};

/// A document as every pass after matching sees it. Built once per document by the scan.
#[derive(Debug)]
pub(crate) struct Document<'t> {
    /// The text as written; every reported offset slices it.
    pub original: &'t str,
    /// The folded text and its map back to `original`.
    pub normalized: &'t NormalizedText,
    /// The words, in order.
    pub words: &'t [Word],
    /// Each paragraph's language, when the scan read them (see [`LanguageSpans`]).
    pub languages: Option<&'t LanguageSpans>,
    /// Each word's class, when the scan found them (see [`WordClasses::classify_into`]).
    classes: &'t [WordClass],
}

impl<'t> Document<'t> {
    /// The words of `original` (see [`tokenize_into`]) must be `words`.
    pub fn new(original: &'t str, normalized: &'t NormalizedText, words: &'t [Word]) -> Self {
        Document {
            original,
            normalized,
            words,
            languages: None,
            classes: &[],
        }
    }

    /// The same document, with its words' classes (one per word).
    pub fn with_classes(self, classes: &'t [WordClass]) -> Self {
        debug_assert_eq!(classes.len(), self.words.len());
        Document { classes, ..self }
    }

    /// The class of word `i`. The passes that read it run only on a document built with
    /// [`Document::with_classes`].
    pub fn class(&self, i: usize) -> WordClass {
        self.classes[i]
    }

    /// The same document, with its paragraphs' languages.
    pub fn with_languages(self, languages: &'t LanguageSpans) -> Self {
        Document {
            languages: Some(languages),
            ..self
        }
    }

    /// The language of the paragraph at byte `at`, if it is one with endings.
    pub fn language_at(&self, at: usize) -> Option<Lang> {
        self.languages?.lookup(at)
    }

    /// The original text of word `i`.
    pub fn surface(&self, i: usize) -> &'t str {
        let w = &self.words[i];
        &self.original[w.start()..w.end()]
    }

    /// The folded key of word `i` ("Şuşa" -> "susa"): a slice of the normalized text, the same
    /// string [`crate::normalize::normalize`] makes of the word. Trimmed once, when the word was
    /// tokenized: the person passes ask for keys several times per word.
    pub fn key(&self, i: usize) -> &'t str {
        let w = &self.words[i];
        &self.normalized.as_str()[w.key_start()..w.key_end()]
    }

    /// The folded form of the words `first..=last` and what lies between them.
    pub fn key_span(&self, first: usize, last: usize) -> &'t str {
        let (a, b) = (&self.words[first], &self.words[last]);
        // The words' keys are trimmed already; a key that folded to white space alone is empty,
        // so the span is trimmed again.
        self.normalized.as_str()[a.key_start()..b.key_end()].trim()
    }
}

/// A run of letters and digits longer than this many bytes is cut into words of at most this
/// length: no name is that long (the longest place names are under 200 bytes), and it lets a
/// word keep its lengths in 16 bits (see [`Word`]). A long run is a hash or an encoded blob;
/// its pieces are never next to each other with a space between, so no name spans two.
pub(crate) const MAX_WORD_BYTES: usize = 1024;

/// The top bit of [`Word`]'s length: the word starts with an upper-case letter.
const CAPITALISED: u16 = 1 << 15;

/// A word of the original text: a run of letters and digits (an apostrophe followed by a
/// capital stays inside: "O'Brien"; a possessive does not: "Warhol's"). Twelve bytes: a document
/// has a word every six bytes or so, and the word list is held through every pass (a 20 MB
/// document has 3.5 million words). Offsets are `u32`, as in the offset map; lengths are
/// `u16`, words being at most [`MAX_WORD_BYTES`] long.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    start: u32,
    /// The word's folded form in the normalized text, without white space around it.
    key_start: u32,
    /// The length in bytes, and [`CAPITALISED`].
    len: u16,
    key_len: u16,
}

impl Word {
    /// Byte offset of the first character.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset one past the last character.
    pub fn end(&self) -> usize {
        self.start() + usize::from(self.len & !CAPITALISED)
    }

    /// Starts with an upper-case letter.
    pub fn capitalised(&self) -> bool {
        self.len & CAPITALISED != 0
    }

    fn key_start(&self) -> usize {
        self.key_start as usize
    }

    fn key_end(&self) -> usize {
        self.key_start() + usize::from(self.key_len)
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
    // Words come in order, so their offsets are mapped by walking the map forward.
    let mut offsets = normalized.cursor();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let ch = char_at(text, at);
        at += ch.len_utf8();
        // is_word_char is is_alphanumeric, with the common scripts' letters answered fast.
        if !is_word_char(ch) {
            continue;
        }
        // ASCII letters and digits, most of a word, are taken a run at a time: each is a word
        // character, and the longest word is cut where the loop below would cut it.
        let ascii_end = bytes.len().min(start + MAX_WORD_BYTES);
        while at < ascii_end && bytes[at].is_ascii_alphanumeric() {
            at += 1;
        }
        let mut end = at;
        while at < bytes.len() {
            let c = char_at(text, at);
            let after = at + c.len_utf8();
            if after - start > MAX_WORD_BYTES {
                // The rest of the run starts the next word.
                break;
            }
            if is_word_char(c) {
                end = after;
            } else if matches!(c, '\'' | '’' | '-')
                && text[after..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_uppercase())
            {
                // Inside the word, though not its end unless a letter follows: "O'Brien".
            } else {
                break;
            }
            at = after;
        }
        let (key_start, key_end) = trimmed(
            normalized.as_str(),
            offsets.normalized_offset(start),
            offsets.normalized_offset(end),
        );
        let len = u16::try_from(end - start).expect("a word is at most MAX_WORD_BYTES long");
        // A character folds to at most 18 characters (U+FDFA, 3 bytes to 33), so a key is
        // at most about 11 times its word.
        let key_len =
            u16::try_from(key_end - key_start).expect("a word's key is at most 12 KB long");
        // Offsets fit: the scan refuses documents over 4 GiB when it normalizes them.
        out.push(Word {
            start: start as u32,
            key_start: key_start as u32,
            len: if ch.is_uppercase() {
                len | CAPITALISED
            } else {
                len
            },
            key_len,
        });
    }
}

/// The byte range of `text[start..end]` without the white space around it; an empty range at
/// `start` if nothing else is there.
fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let span = &text[start..end];
    let kept = span.trim_start();
    let start = start + (span.len() - kept.len());
    (start, start + kept.trim_end().len())
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

    /// A run of letters too long for one word is cut into words of at most MAX_WORD_BYTES
    /// that cover it, each with its own key.
    #[test]
    fn a_long_run_of_letters_is_cut_into_words() {
        let run = format!("Ab{}", "şə".repeat(MAX_WORD_BYTES));
        let text = format!("x {run} y");
        let mut normalized = NormalizedText::new();
        normalized.normalize(&text);
        let mut words = Vec::new();
        tokenize_into(&text, &normalized, &mut words);
        let doc = Document::new(&text, &normalized, &words);
        let pieces: Vec<&str> = (1..words.len() - 1).map(|i| doc.surface(i)).collect();
        assert_eq!(pieces.concat(), run);
        assert!(pieces.len() > 1 && pieces.iter().all(|p| p.len() <= MAX_WORD_BYTES));
        assert!(words[1].capitalised() && !words[2].capitalised());
        for i in 0..words.len() {
            assert_eq!(doc.key(i), normalize(doc.surface(i)));
        }
    }

    /// The tokenizer as first written, a character at a time, less the cut of long runs (which
    /// these short texts never reach): the byte-wise one must find the same words.
    fn words_char_by_char(text: &str) -> Vec<(usize, usize, bool)> {
        let mut words = Vec::new();
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
            words.push((start, end, ch.is_uppercase()));
        }
        words
    }

    proptest! {
        #[test]
        fn words_are_those_found_a_character_at_a_time(
            text in prop_oneof!["[a-zA-Zşəß℅½ﬁİ'’\\\" ,.\\n-]{0,40}", "\\PC{0,40}"]
        ) {
            let mut normalized = NormalizedText::new();
            normalized.normalize(&text);
            let mut words = Vec::new();
            tokenize_into(&text, &normalized, &mut words);
            let found: Vec<_> = words.iter().map(|w| (w.start(), w.end(), w.capitalised())).collect();
            prop_assert_eq!(found, words_char_by_char(&text));
        }

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

        #[test]
        fn a_span_s_key_is_the_span_normalized(text in "[a-zA-Zşəß℅½㎧ﷺﬁİ'’\\\" ,.\\n-]{0,40}") {
            let mut normalized = NormalizedText::new();
            normalized.normalize(&text);
            let mut words = Vec::new();
            tokenize_into(&text, &normalized, &mut words);
            let doc = Document::new(&text, &normalized, &words);
            for first in 0..words.len() {
                for last in first..words.len() {
                    let span = &text[words[first].start()..words[last].end()];
                    prop_assert_eq!(doc.key_span(first, last), normalize(span));
                }
            }
        }
    }
}
