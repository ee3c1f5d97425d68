//! Text normalization with a map back to the original offsets.
//!
//! Text and gazetteer aliases go through the same function so that `Şuşa`, `SHUSHA` and `Susa`
//! meet on the same key (`susa`). The steps, applied one original character at a time so that
//! every normalized byte knows which original character produced it:
//!
//! 1. compatibility decomposition (the NFKD half of NFKC: ligatures, full-width forms, `ﬁ` → `fi`);
//! 2. combining marks dropped (diacritic folding: `ş` → `s`, `é` → `e`, `İ` → `I`);
//! 3. full lower-casing, then a small folding table for letters that carry no combining mark
//!    (`ı` → `i`, `ə` → `e`, `ø` → `o`, `ß` → `ss`, final `ς` → `σ`);
//! 4. every dash and hyphen, and every run of white space, becomes one space, so `Nagorno-Karabakh`,
//!    `Nagorno Karabakh` and `Nagorno–Karabakh` are one key;
//! 5. typographic apostrophes become `'`; double quotation marks are dropped, so that
//!    `the "Minsk" group` reads `the minsk group`.
//!
//! Working per character (rather than running NFKC over the whole string) is what makes the offset
//! map exact: a normalized span always maps back to whole original characters.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A normalized copy of a text, with the original byte offsets of every normalized byte.
///
/// Reuse one value across documents ([`NormalizedText::normalize`] clears and refills it) so the
/// scan does not allocate per document once the buffers have grown.
#[derive(Debug, Default, Clone)]
pub struct NormalizedText {
    text: String,
    /// For normalized byte `k`: the original byte range of the character that produced it.
    source_start: Vec<u32>,
    source_end: Vec<u32>,
}

impl NormalizedText {
    /// An empty value, ready for [`NormalizedText::normalize`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Normalizes `original` into this value, replacing what it held.
    ///
    /// # Panics
    /// If `original` is longer than 4 GiB (offsets are stored as `u32`).
    pub fn normalize(&mut self, original: &str) {
        assert!(
            original.len() <= u32::MAX as usize,
            "documents over 4 GiB are not supported"
        );
        self.text.clear();
        self.source_start.clear();
        self.source_end.clear();
        for (start, ch) in original.char_indices() {
            let end = (start + ch.len_utf8()) as u32;
            let start = start as u32;
            let before = self.text.len();
            push_folded(ch, &mut self.text);
            let added = self.text.len() - before;
            self.source_start.extend(std::iter::repeat_n(start, added));
            self.source_end.extend(std::iter::repeat_n(end, added));
        }
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a normalized byte range to the byte range of the original characters that produced it.
    ///
    /// # Panics
    /// If the range is empty or out of bounds.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        assert!(
            start < end && end <= self.text.len(),
            "bad normalized range {start}..{end}"
        );
        (
            self.source_start[start] as usize,
            self.source_end[end - 1] as usize,
        )
    }
}

/// Normalizes a short string (an alias, a name) the same way as running text.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        push_folded(ch, &mut out);
    }
    out.trim().to_string()
}

/// Is this normalized character part of a word? Letters and digits of every script are.
pub fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric()
}

/// Appends the folded form of one original character to `out`.
fn push_folded(ch: char, out: &mut String) {
    if ch.is_ascii() {
        // Fast path: most news text is ASCII.
        push_mapped(ch.to_ascii_lowercase(), out);
        return;
    }
    decompose_compatible(ch, |part| {
        if is_combining_mark(part) {
            return;
        }
        for lower in part.to_lowercase() {
            push_mapped(lower, out);
        }
    });
}

/// Appends one decomposed, lower-cased character, applying the folding table.
fn push_mapped(ch: char, out: &mut String) {
    match ch {
        c if is_double_quote(c) => {}
        c if c.is_whitespace() || is_dash(c) => {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
        // Typographic apostrophes, and the modifier letters romanisations use as apostrophes
        // (`Stepʻanakert`), including the soft and hard signs of transliterated Russian.
        c if is_apostrophe(c) || matches!(c, 'ʻ' | 'ʼ' | 'ʹ' | 'ʿ' | 'ʾ') => out.push('\''),
        'ı' => out.push('i'),
        'ə' => out.push('e'),
        'ø' => out.push('o'),
        'ł' => out.push('l'),
        'đ' | 'ð' => out.push('d'),
        'ħ' => out.push('h'),
        'ŧ' => out.push('t'),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'þ' => out.push_str("th"),
        'ß' => out.push_str("ss"),
        'ς' => out.push('σ'),
        c => out.push(c),
    }
}

fn is_dash(ch: char) -> bool {
    matches!(
        ch,
        '-' | '\u{2010}'
            ..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' | '\u{00AD}'
    )
}

fn is_apostrophe(ch: char) -> bool {
    matches!(
        ch,
        '\'' | '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}'
    )
}

fn is_double_quote(ch: char) -> bool {
    matches!(
        ch,
        '"' | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2033}'
    )
}

/// A word of the original text: a run of letters and digits (an apostrophe followed by a
/// capital stays inside: "O'Brien"; a possessive does not: "Warhol's").
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// Starts with an upper-case letter.
    pub capitalised: bool,
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

/// The words of a text, in order (shared by the person and fuzzy passes).
pub(crate) fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
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
        out.push(Word {
            start,
            end,
            capitalised: ch.is_uppercase(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_the_spellings_of_one_name_to_one_key() {
        let table = [
            ("Şuşa", "susa"),
            ("SHUSHA", "shusha"),
            ("Xankəndi", "xankendi"),
            ("Nagorno-Karabakh", "nagorno karabakh"),
            ("Nagorno–Karabakh", "nagorno karabakh"),
            ("Nagorno  \n Karabakh", "nagorno karabakh"),
            ("İmişli", "imisli"),
            ("Bakı", "baki"),
            ("Lavrov’s", "lavrov's"),
            ("Stepʻanakert", "step'anakert"),
            ("Gəncə", "gence"),
            ("Ağdam", "agdam"),
            ("Шуша", "шуша"),
            ("Йошкар-Ола", "иошкар ола"),
            ("Ստեփանակերտ", "ստեփանակերտ"),
            ("ﬁnal", "final"),
            ("Straße", "strasse"),
            ("the \"Minsk\" group", "the minsk group"),
            ("«Minsk» group", "minsk group"),
        ];
        for (input, expected) in table {
            assert_eq!(normalize(input), expected, "normalizing {input:?}");
        }
    }

    #[test]
    fn text_and_alias_normalize_alike() {
        let mut text = NormalizedText::new();
        text.normalize("Şuşa");
        assert_eq!(text.as_str(), normalize("SUSA"));
    }

    #[test]
    fn maps_a_span_back_to_the_original_characters() {
        let original = "In “Şuşa” and Gəncə";
        let mut text = NormalizedText::new();
        text.normalize(original);
        let at = text.as_str().find("gence").unwrap();
        let (s, e) = text.original_range(at, at + "gence".len());
        assert_eq!(&original[s..e], "Gəncə");
        let at = text.as_str().find("susa").unwrap();
        let (s, e) = text.original_range(at, at + 4);
        assert_eq!(&original[s..e], "Şuşa");
    }

    #[test]
    fn a_character_that_expands_maps_back_whole() {
        let original = "Große Straße";
        let mut text = NormalizedText::new();
        text.normalize(original);
        assert_eq!(text.as_str(), "grosse strasse");
        // A span covering only half of the "ss" from ß still maps to the whole ß.
        let (s, e) = text.original_range(3, 4);
        assert_eq!(&original[s..e], "ß");
    }

    proptest! {
        #[test]
        fn every_normalized_range_slices_the_original(original in "\\PC{0,40}", a in 0usize..200, b in 0usize..200) {
            let mut text = NormalizedText::new();
            text.normalize(&original);
            let len = text.as_str().len();
            prop_assume!(len > 0);
            let (start, end) = (a % len, b % len);
            let (start, end) = (start.min(end), start.max(end) + 1);
            let (s, e) = text.original_range(start, end);
            prop_assert!(s < e && e <= original.len());
            prop_assert!(original.is_char_boundary(s) && original.is_char_boundary(e));
        }

        #[test]
        fn normalizing_is_idempotent(original in "\\PC{0,40}") {
            let once = normalize(&original);
            prop_assert_eq!(normalize(&once), once.clone());
        }
    }
}
