//! A filter over the patterns' first words, asked before an automaton walk.
//!
//! The walk from a word start costs a cache miss per byte (the automata of a quarter of a million
//! aliases do not fit in any cache), and it runs deep into many capitalised words: "Democrat" is
//! a prefix of some alias (Democratic Republic of the Congo), "Democrats" of none. Yet a name that
//! must end on a word boundary (every name outside a paragraph with endings) can only start at a
//! word that is its own first word: a name that ended inside the text's word would end before a
//! word character, which the boundary forbids, so it is the word whole; a name that runs past the
//! word has the word as its first word. So a word that is no pattern's first word starts no such
//! name, and its walk can be skipped. In the English news `benches/compare.sh` reads, about 57% of
//! the capitalised words are no pattern's first word.
//!
//! The set is a blocked Bloom filter (each word's bits in one 64-byte block, so a query is at most
//! one cache miss, and the 128 KB it takes for the full gazetteer stays in the second-level
//! cache): a false positive only costs the walk that would have been made anyway.

use crate::normalize::{char_at, is_word_char};

/// Bits set per word. With 4 to 8 bits per word (see [`BITS_PER_WORD`]), three bits let
/// through under 10% of other words, even with each word's bits in one block (Putze,
/// Sanders and Singler, "Cache-, Hash- and Space-Efficient Bloom Filters", 2007, give the
/// blocked filter's rates); the test below checks it.
const BITS_SET: u32 = 3;

/// The filter's size in bits per distinct first word, before rounding up to a power of two of
/// blocks: the full gazetteer's 170,000 first words take 128 KB. Small on purpose: at 16 bits a
/// word (512 KB) the filter missed the cache about as often as the walks it saved did, and
/// saved nothing; a few per cent of false positives cost only their walks.
const BITS_PER_WORD: usize = 4;

/// One cache line of the filter.
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(64))]
struct Block([u64; 8]);

/// The first words of a set of patterns (see the module docs).
#[derive(Debug, Clone)]
pub(super) struct FirstWords {
    /// A power of two of blocks; none for a filter that lets every word through.
    blocks: Box<[Block]>,
}

impl FirstWords {
    /// The filter over the first words of `patterns` (normalized keys).
    pub(super) fn new<'a>(patterns: impl Iterator<Item = &'a str>) -> Self {
        let mut hashes: Vec<u64> = patterns.map(|p| hash(first_word(p).as_bytes())).collect();
        hashes.sort_unstable();
        hashes.dedup();
        let blocks = (hashes.len() * BITS_PER_WORD)
            .div_ceil(512)
            .max(1)
            .next_power_of_two();
        let mut filter = FirstWords {
            blocks: vec![Block::default(); blocks].into_boxed_slice(),
        };
        for h in hashes {
            let (block, bits) = filter.place(h);
            for (word, bit) in bits {
                filter.blocks[block].0[word] |= bit;
            }
        }
        filter
    }

    /// A filter that lets every word through (for tests that compare with the unfiltered scan).
    #[cfg(test)]
    pub(super) fn everything() -> Self {
        FirstWords {
            blocks: Box::new([]),
        }
    }

    /// Whether `word` (a whole word of normalized text) may be some pattern's first word. False
    /// means it is none's.
    #[inline]
    pub(super) fn may_start(&self, word: &str) -> bool {
        if self.blocks.is_empty() {
            return true;
        }
        let (block, bits) = self.place(hash(word.as_bytes()));
        let block = &self.blocks[block].0;
        bits.iter().all(|&(word, bit)| block[word] & bit != 0)
    }

    /// The block of a hash and its bits there, as (u64 index, mask).
    fn place(&self, h: u64) -> (usize, [(usize, u64); BITS_SET as usize]) {
        let block = (h >> 32) as usize & (self.blocks.len() - 1);
        let mut bits = [(0, 0); BITS_SET as usize];
        for (i, slot) in bits.iter_mut().enumerate() {
            let bit = (h >> (9 * i)) as usize & 511;
            *slot = (bit / 64, 1u64 << (bit % 64));
        }
        (block, bits)
    }
}

/// The first word of `text`: its longest prefix of word characters (as the scan's word
/// boundaries count them, [`is_word_char`]).
#[inline]
pub(super) fn first_word(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = 0;
    while let Some(&byte) = bytes.get(end) {
        if byte.is_ascii() {
            if !byte.is_ascii_alphanumeric() {
                break;
            }
            end += 1;
        } else {
            let ch = char_at(text, end);
            if !is_word_char(ch) {
                break;
            }
            end += ch.len_utf8();
        }
    }
    &text[..end]
}

/// A 64-bit hash of a word: eight bytes at a time, then mixed so that every output bit depends on
/// every input bit (the finalizer of MurmurHash3).
fn hash(word: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = word.len() as u64;
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        let v = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
        h = (h.rotate_left(5) ^ v).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_words_stop_at_the_first_non_word_character() {
        let table = [
            ("new york", "new"),
            ("nagorno-karabakh", "nagorno"),
            ("st. louis", "st"),
            ("степанакерт", "степанакерт"),
            ("xankəndi city", "xankəndi"),
            ("shusha's", "shusha"),
            ("", ""),
            (" x", ""),
        ];
        for (text, expected) in table {
            assert_eq!(first_word(text), expected, "in {text:?}");
        }
    }

    #[test]
    fn every_first_word_is_let_through_and_most_other_words_are_not() {
        let patterns: Vec<String> = (0..20_000).map(|i| format!("place{i} town")).collect();
        let filter = FirstWords::new(patterns.iter().map(String::as_str));
        for i in 0..20_000 {
            assert!(filter.may_start(&format!("place{i}")));
        }
        let passed = (0..20_000)
            .filter(|i| filter.may_start(&format!("other{i}")))
            .count();
        // About 6% at 4 bits a word (6.5 once rounded up); a broken hash lets through far more.
        assert!(passed < 2_000, "{passed} of 20,000 other words let through");
        assert!(FirstWords::everything().may_start("anything"));
    }
}
