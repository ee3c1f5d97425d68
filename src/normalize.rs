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

use std::cell::RefCell;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A normalized copy of a text, with a compact map back to the original offsets.
///
/// The map holds one segment per run of characters that kept their byte length (most of a
/// text: ASCII letters, Cyrillic, Armenian), and one per character that did not (`ş` → `s`,
/// `ß` → `ss`, `℅` → `c/o`): a few bytes per non-ASCII character instead of eight per byte.
///
/// Reuse one value across documents ([`NormalizedText::normalize`] clears and refills it) so the
/// scan does not allocate per document once the buffers have grown.
#[derive(Debug, Default, Clone)]
pub struct NormalizedText {
    text: String,
    /// In normalized order; segment `i` covers the normalized bytes from its `norm` to the next
    /// segment's (or the end of the text). Every segment covers at least one byte.
    segments: Vec<Segment>,
}

/// A piece of the offset map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// First normalized byte.
    norm: u32,
    /// First original byte.
    orig: u32,
    /// `0`: a run of characters each folded to one character of the same byte length, so
    /// normalized byte `k` comes from original byte `orig + (k - norm)` and both texts have their
    /// character boundaries at the same places. `1..=4`: one original character of that many
    /// bytes, whose whole folded form is this segment; no position inside it is a boundary.
    width: u8,
}

/// Above this many bytes of capacity, a reused [`NormalizedText`] gives its memory back after a
/// document (see [`NormalizedText::release_if_large`]): one huge document must not keep its
/// buffers alive for the rest of the run. 4 MiB holds every news article many times over.
pub const KEEP_CAPACITY_BYTES: usize = 4 << 20;

impl NormalizedText {
    /// An empty value, ready for [`NormalizedText::normalize`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Normalizes `original` into this value, replacing what it held.
    ///
    /// # Panics
    /// If `original`, or its normalized form, is longer than 4 GiB (offsets are stored as
    /// `u32`).
    pub fn normalize(&mut self, original: &str) {
        assert!(
            original.len() <= u32::MAX as usize,
            "documents over 4 GiB are not supported"
        );
        self.text.clear();
        self.segments.clear();
        // Folding keeps most text at its length: one allocation of the right size, rather than
        // doubling into it (each step a copy, and for a huge document the old buffer's pages
        // left resident in the allocator).
        self.text.reserve(original.len());
        let bytes = original.as_bytes();
        let mut at = 0;
        while at < original.len() {
            if is_plain_ascii(bytes[at]) {
                // Most of a news text is runs of plain ASCII, which fold byte for byte: copied
                // and lower-cased at once, a run makes the segments the character-by-character
                // path below would make. A single space after a plain character folds to itself
                // too, so a run goes on over the spaces between words.
                let mut end = at + 1;
                while let Some(&b) = bytes.get(end) {
                    // Every byte of the run is plain or a space.
                    if !(is_plain_ascii(b) || b == b' ' && bytes[end - 1] != b' ') {
                        break;
                    }
                    end += 1;
                }
                let run = end - at;
                let before = self.text.len();
                self.text.push_str(&original[at..at + run]);
                self.text[before..].make_ascii_lowercase();
                self.check_offsets();
                self.push_kept_width(before as u32, at as u32);
                at += run;
                continue;
            }
            let start = at;
            let ch = original[at..]
                .chars()
                .next()
                .expect("`at` is a character boundary");
            at += ch.len_utf8();
            let before = self.text.len();
            push_folded(ch, &mut self.text);
            let added = self.text.len() - before;
            if added == 0 {
                continue;
            }
            let kept_width = added == ch.len_utf8()
                && (added == 1 || self.text[before..].chars().nth(1).is_none());
            self.check_offsets();
            let (norm, orig) = (before as u32, start as u32);
            if kept_width {
                self.push_kept_width(norm, orig);
            } else {
                self.segments.push(Segment {
                    norm,
                    orig,
                    width: ch.len_utf8() as u8,
                });
            }
        }
    }

    /// A few compatibility characters fold to several words (`ﷺ`), so the folded text can
    /// outgrow the original: its offsets must fit too.
    fn check_offsets(&self) {
        assert!(
            self.text.len() <= u32::MAX as usize,
            "documents whose normalized text passes 4 GiB are not supported"
        );
    }

    /// Maps normalized byte `norm` to original byte `orig`, the start of characters that kept
    /// their byte length: extends the last segment if it is such a run that reaches here.
    fn push_kept_width(&mut self, norm: u32, orig: u32) {
        if let Some(last) = self.segments.last() {
            if last.width == 0 && last.orig + (norm - last.norm) == orig {
                return;
            }
        }
        self.segments.push(Segment {
            norm,
            orig,
            width: 0,
        });
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Gives the buffers' memory back if a huge document made them larger than
    /// [`KEEP_CAPACITY_BYTES`].
    pub fn release_if_large(&mut self) {
        let held = self.text.capacity() + self.segments.capacity() * std::mem::size_of::<Segment>();
        if held > KEEP_CAPACITY_BYTES {
            *self = Self::default();
        }
    }

    /// Heap bytes held by the text and its offset map.
    pub fn memory_usage(&self) -> usize {
        self.text.capacity() + self.segments.capacity() * std::mem::size_of::<Segment>()
    }

    /// The segment holding normalized byte `k` (`k` < the text's length).
    fn segment_at(&self, k: usize) -> Segment {
        let after = self.segments.partition_point(|s| s.norm as usize <= k);
        // Segment 0 starts at byte 0 of a non-empty text, so `after` is at least 1.
        self.segments[after.max(1) - 1]
    }

    /// Is normalized byte `k` the start (or end) of the folded form of an original character?
    /// A name found in the normalized text must start and end on such positions, so that it maps
    /// back to whole original characters and no two names share one: `℅` folds to `c/o`, and
    /// "Araga℅Uezzane" must not yield both "aragac" and "ouezzane".
    pub fn is_boundary(&self, k: usize) -> bool {
        if k == 0 || k >= self.text.len() {
            return k <= self.text.len();
        }
        let s = self.segment_at(k);
        s.norm as usize == k || (s.width == 0 && self.text.is_char_boundary(k))
    }

    /// Maps an original byte offset (a char boundary) to the normalized byte where the folded
    /// form of the character there starts; past the last character, the normalized length. The
    /// inverse of [`NormalizedText::original_range`], so a word of the original text reads its
    /// folded key from the normalized text instead of folding again.
    pub fn normalized_offset(&self, orig: usize) -> usize {
        let after = self.segments.partition_point(|s| s.orig as usize <= orig);
        self.normalized_offset_before(after, orig)
    }

    /// [`NormalizedText::normalized_offset`] of `orig`, given the first segment whose original
    /// start is past it.
    fn normalized_offset_before(&self, after: usize, orig: usize) -> usize {
        let Some(&s) = after.checked_sub(1).and_then(|i| self.segments.get(i)) else {
            return 0;
        };
        let end = self
            .segments
            .get(after)
            .map_or(self.text.len(), |n| n.norm as usize);
        let (norm, start) = (s.norm as usize, s.orig as usize);
        if s.width == 0 {
            (norm + (orig - start)).min(end)
        } else if orig == start {
            norm
        } else {
            end
        }
    }

    /// A forward walk over the offset map, for a pass that asks about word after word: it answers
    /// [`NormalizedText::is_boundary`] and [`NormalizedText::normalized_offset`] in a step or two
    /// along the map instead of a binary search over it.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            text: self,
            after_norm: 0,
            after_orig: 0,
        }
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
        let first = self.segment_at(start);
        let begin = if first.width == 0 {
            let k = floor_char_boundary(&self.text, start);
            (first.orig + (k as u32 - first.norm)) as usize
        } else {
            first.orig as usize
        };
        let last = self.segment_at(end - 1);
        let finish = if last.width == 0 {
            let k = ceil_char_boundary(&self.text, end);
            (last.orig + (k as u32 - last.norm)) as usize
        } else {
            (last.orig + u32::from(last.width)) as usize
        };
        (begin, finish)
    }
}

/// See [`NormalizedText::cursor`]. Each kind of question must come in order: normalized offsets
/// that never decrease to [`Cursor::original_start`], original offsets that never decrease to
/// [`Cursor::normalized_offset`].
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    text: &'a NormalizedText,
    /// The first segment that starts after the last normalized offset asked about.
    after_norm: usize,
    /// The first segment whose original start is after the last original offset asked about.
    after_orig: usize,
}

impl Cursor<'_> {
    /// Where the original character whose folded form starts at normalized byte `k` starts, or
    /// `None` if `k` is not such a start ([`NormalizedText::is_boundary`]) or is the end.
    pub fn original_start(&mut self, k: usize) -> Option<usize> {
        let text = self.text;
        if k >= text.text.len() {
            return None;
        }
        let segments = &text.segments;
        while segments
            .get(self.after_norm)
            .is_some_and(|s| s.norm as usize <= k)
        {
            self.after_norm += 1;
        }
        // Segment 0 starts at byte 0 of a non-empty text, so `after_norm` is at least 1.
        let s = segments[self.after_norm - 1];
        let (norm, orig) = (s.norm as usize, s.orig as usize);
        if norm == k {
            Some(orig)
        } else if s.width == 0 && text.text.is_char_boundary(k) {
            Some(orig + (k - norm))
        } else {
            None
        }
    }

    /// [`NormalizedText::normalized_offset`] of original byte `orig`.
    pub fn normalized_offset(&mut self, orig: usize) -> usize {
        let segments = &self.text.segments;
        while segments
            .get(self.after_orig)
            .is_some_and(|s| s.orig as usize <= orig)
        {
            self.after_orig += 1;
        }
        self.text.normalized_offset_before(self.after_orig, orig)
    }
}

/// The char boundary at or before `k` (`str::floor_char_boundary` needs a newer Rust).
fn floor_char_boundary(text: &str, mut k: usize) -> usize {
    while !text.is_char_boundary(k) {
        k -= 1;
    }
    k
}

/// The char boundary at or after `k` (`k` at most the text's length).
fn ceil_char_boundary(text: &str, mut k: usize) -> usize {
    while !text.is_char_boundary(k) {
        k += 1;
    }
    k
}

/// Normalizes a short string (an alias, a name) the same way as running text.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        push_folded(ch, &mut out);
    }
    // Trimmed in place: a second allocation for the trimmed copy was half this function's
    // cost, and it runs for every alias at start-up and for names during the scan.
    out.truncate(out.trim_end().len());
    let leading = out.len() - out.trim_start().len();
    out.drain(..leading);
    out
}

/// Do `a` and `b` normalize alike (`normalize(a) == normalize(b)`)? Without allocating: the
/// resolver asks it of every candidate of every name it weighs.
pub fn same_key(a: &str, b: &str) -> bool {
    thread_local! {
        static FOLDED: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
    }
    if a == b {
        return true;
    }
    FOLDED.with(|folded| {
        let (x, y) = &mut *folded.borrow_mut();
        x.clear();
        y.clear();
        a.chars().for_each(|ch| push_folded(ch, x));
        b.chars().for_each(|ch| push_folded(ch, y));
        x.trim() == y.trim()
    })
}

/// Are `a` and `b` the same in lower case (`a.to_lowercase() == b.to_lowercase()`)? ASCII
/// strings, most names, are compared in place; others through `str::to_lowercase`, whose
/// context rules (a final sigma) a character-by-character comparison would not follow.
pub fn same_lower_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.to_lowercase() == b.to_lowercase()
}

/// Is this normalized character part of a word? Letters and digits of every script are.
///
/// The letters of the Latin, Cyrillic and Armenian blocks are answered from their ranges:
/// `char::is_alphanumeric` searches a table for any non-ASCII character, which was a fifth of a
/// Russian scan's samples (every character of the text is asked). The ranges are checked
/// against `is_alphanumeric` for every character in them (`word_char_ranges_agree`).
pub fn is_word_char(ch: char) -> bool {
    match ch {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        c if c.is_ascii() => false,
        '\u{00C0}'..='\u{00D6}'
        | '\u{00D8}'..='\u{00F6}'
        | '\u{00F8}'..='\u{024F}'
        | '\u{0400}'..='\u{0481}'
        | '\u{048A}'..='\u{052F}'
        | '\u{0531}'..='\u{0556}'
        | '\u{0560}'..='\u{0588}' => true,
        c => c.is_alphanumeric(),
    }
}

/// The character at byte `at` of `text` (a char boundary); ASCII, most of a text, is not
/// decoded.
pub(crate) fn char_at(text: &str, at: usize) -> char {
    match text.as_bytes()[at] {
        b if b.is_ascii() => char::from(b),
        _ => text[at..]
            .chars()
            .next()
            .expect("`at` is a char boundary inside the text"),
    }
}

/// Is this byte an ASCII character that folds to itself lower-cased, whatever comes before it?
/// Every ASCII character but white space, the hyphen, the backtick (an apostrophe) and the
/// double quote (dropped).
fn is_plain_ascii(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b' ' | b'\t'..=b'\r' | b'-' | b'`' | b'"')
}

/// Appends the folded form of one original character to `out`.
fn push_folded(ch: char, out: &mut String) {
    if ch.is_ascii() {
        // Fast path: most news text is ASCII.
        push_mapped(ch.to_ascii_lowercase(), out);
        return;
    }
    if let Some(folded) = fold_plain_letter(ch) {
        // Russian and Armenian text is almost all such letters: no decomposition to look up.
        out.push(folded);
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

/// The folded form of a basic Cyrillic or Armenian letter, which has no decomposition and whose
/// lower case is a fixed offset away (А → а, Ա → ա); `None` for any other character (й and ё
/// decompose, և is a ligature). Checked against the general path for every character of the two
/// blocks (`plain_letters_fold_as_the_general_path_does`).
fn fold_plain_letter(ch: char) -> Option<char> {
    let c = ch as u32;
    let lower = match ch {
        'а'..='и' | 'к'..='я' => c,
        'А'..='И' | 'К'..='Я' => c + 0x20,
        'ա'..='ֆ' => c,
        'Ա'..='Ֆ' => c + 0x30,
        _ => return None,
    };
    char::from_u32(lower)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The allocation-free comparisons answer as the allocating forms they replace, on names
    /// that differ by accents, case, spaces, hyphens and a final sigma (whose lower case
    /// depends on where it stands).
    #[test]
    fn comparisons_agree_with_the_allocating_forms() {
        let names = [
            "Shusha",
            "Şuşa",
            "SHUSHA",
            "shusha ",
            " Shusha",
            "Nagorno-Karabakh",
            "Nagorno Karabakh",
            "Xankəndi",
            "Khankendi",
            "Москва",
            "МОСКВА",
            "ΟΔΥΣΣΕΥΣ",
            "Οδυσσεύς",
            "ΟΔΥΣΣΕΥσ",
            "İstanbul",
            "istanbul",
            "Straße",
            "STRASSE",
            "",
            " ",
        ];
        for a in names {
            for b in names {
                assert_eq!(same_key(a, b), normalize(a) == normalize(b), "{a:?} {b:?}");
                assert_eq!(
                    same_lower_case(a, b),
                    a.to_lowercase() == b.to_lowercase(),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn word_char_ranges_agree() {
        for c in (0..=0x0600u32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn plain_letters_fold_as_the_general_path_does() {
        for c in (0x0400..=0x058Fu32).filter_map(char::from_u32) {
            if let Some(fast) = fold_plain_letter(c) {
                let mut general = String::new();
                decompose_compatible(c, |part| {
                    if !is_combining_mark(part) {
                        for lower in part.to_lowercase() {
                            push_mapped(lower, &mut general);
                        }
                    }
                });
                assert_eq!(general, fast.to_string(), "U+{:04X}", c as u32);
            }
        }
    }

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

    /// The map as it was first written, two offsets per normalized byte: the compact map must
    /// answer exactly as this does.
    fn per_byte_map(original: &str) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut map = Vec::new();
        for (start, ch) in original.char_indices() {
            let before = text.len();
            push_folded(ch, &mut text);
            map.extend(std::iter::repeat_n(
                (start, start + ch.len_utf8()),
                text.len() - before,
            ));
        }
        (text, map)
    }

    #[test]
    fn the_offset_map_is_a_few_segments_for_plain_text() {
        let mut text = NormalizedText::new();
        text.normalize("Shelling hit Shusha and Stepanakert, officials said.");
        assert_eq!(text.segments.len(), 1);
        text.normalize("Şuşa");
        // Ş and ş fold to one byte from two; u and a stay.
        assert_eq!(text.segments.len(), 4);
    }

    #[test]
    fn only_whole_characters_are_boundaries() {
        let mut text = NormalizedText::new();
        text.normalize("a℅b ß");
        assert_eq!(text.as_str(), "ac/ob ss");
        let boundaries: Vec<usize> = (0..=text.as_str().len())
            .filter(|&k| text.is_boundary(k))
            .collect();
        assert_eq!(boundaries, [0, 1, 4, 5, 6, 8]);
    }

    /// Text rich in characters whose folded form differs in length, and in characters that fold
    /// to several words (`℅` → `c/o`, `½` → `1⁄2`, `㎧` → `m∕s`, `ﷺ` → four words).
    const AWKWARD: &str = "[a-zA-Zşəß℅½㎧ﷺﬁİ'’\" \n-]{0,40}";

    #[test]
    fn plain_ascii_folds_to_itself_lower_cased() {
        // After a word and after a space: white space folds by what comes before it.
        for b in 0..=127u8 {
            let itself = ["x", "x "].iter().all(|before| {
                let mut out = before.to_string();
                push_folded(char::from(b), &mut out);
                out == format!("{before}{}", char::from(b.to_ascii_lowercase()))
            });
            assert_eq!(is_plain_ascii(b), itself, "byte {b:#x}");
        }
    }

    proptest! {
        #[test]
        fn the_compact_map_answers_as_the_per_byte_map(
            original in prop_oneof![AWKWARD, "\\PC{0,40}"],
            a in 0usize..400,
            b in 0usize..400,
        ) {
            let (expected_text, map) = per_byte_map(&original);
            let mut text = NormalizedText::new();
            text.normalize(&original);
            prop_assert_eq!(text.as_str(), expected_text.as_str());
            let len = map.len();
            prop_assume!(len > 0);
            let (start, end) = (a % len, b % len);
            let (start, end) = (start.min(end), start.max(end) + 1);
            prop_assert_eq!(text.original_range(start, end), (map[start].0, map[end - 1].1));
            for k in 0..=len {
                let whole = k == 0 || k == len || map[k - 1] != map[k];
                prop_assert_eq!(text.is_boundary(k), whole, "at {}", k);
            }
            let mut cursor = text.cursor();
            for (c, _) in original.char_indices().chain([(original.len(), ' ')]) {
                let expected = map.iter().position(|&(s, _)| s >= c).unwrap_or(len);
                prop_assert_eq!(text.normalized_offset(c), expected, "char at {}", c);
                prop_assert_eq!(cursor.normalized_offset(c), expected, "char at {}", c);
            }
            let mut cursor = text.cursor();
            for (k, &(start, _)) in map.iter().enumerate() {
                let expected = text.is_boundary(k).then_some(start);
                prop_assert_eq!(cursor.original_start(k), expected, "at {}", k);
            }
            prop_assert_eq!(cursor.original_start(len), None);
        }

        #[test]
        fn ranges_between_boundaries_never_share_an_original_character(
            original in AWKWARD,
            cuts in proptest::collection::vec(0usize..400, 0..6),
        ) {
            let mut text = NormalizedText::new();
            text.normalize(&original);
            let len = text.as_str().len();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (len + 1)).collect();
            cuts.retain(|&c| text.is_boundary(c));
            cuts.extend([0, len]);
            cuts.sort_unstable();
            cuts.dedup();
            let mut previous_end = 0;
            for pair in cuts.windows(2) {
                let (s, e) = text.original_range(pair[0], pair[1]);
                prop_assert!(previous_end <= s && s < e && e <= original.len());
                previous_end = e;
            }
        }

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
