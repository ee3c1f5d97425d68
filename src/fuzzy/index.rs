//! The blocking index: every fuzzily matchable pattern by its first two characters and its
//! length, with the sets of its letters, and the search for a key's closest pattern in it.

use std::collections::HashMap;

use foldhash::fast::RandomState as FastHash;
use rayon::prelude::*;

use super::distance::distance_within;
use super::near::{self, Near};
use super::{is_fuzzy_target, MAX_SUFFIX_CHARS, MIN_CHARS, ONE_EDIT_UP_TO_CHARS};
use crate::gazetteer::Gazetteer;
use crate::matcher::{Matcher, PatternId, Patterns};

/// Blocking index: patterns of at least [`MIN_CHARS`] characters by first two characters and
/// length, each with the sets of its letters (`Letters`). Built once per run.
///
/// The entries of a block (one pair of first characters) lie next to each other, sorted by
/// length, and so do their texts: the lengths a key is compared with are one run of entries,
/// found with one hash look-up, and read in order from memory, not by chasing each pattern's
/// own allocation.
#[derive(Debug, Clone, Default)]
pub struct FuzzyIndex {
    /// This index's number, for the patterns near a key that each thread remembers
    /// (`near.rs`); clones share it, and their contents.
    id: u64,
    /// Hashed with foldhash: one look-up per span tried, and the keys are ours.
    blocks: HashMap<(char, char), Block, FastHash>,
    /// The blocks of ASCII pairs again, as indices into `ascii_blocks` by `128 * a + b`
    /// ([`NO_BLOCK`] for none): most keys are ASCII, and an array index is cheaper than a hash
    /// look-up, which is made up to three times per capitalised word.
    ascii_table: Vec<u32>,
    ascii_blocks: Vec<Block>,
    /// The set of the letters of each entry ([`Letters::once`]), apart from the rest: the scan
    /// of a block reads every set, in order, and few entries (2%), so the sets are packed eight
    /// bytes apiece. (Packing the repeated letters beside them, sixteen bytes, took more time
    /// in the scan than it saved in cache misses on the entries.)
    sets: Vec<u64>,
    entries: Vec<Entry>,
    /// The patterns' texts, in the entries' order.
    texts: String,
}

/// No block for this pair of ASCII characters.
const NO_BLOCK: u32 = u32::MAX;

/// The entries of one pair of first characters: `starts[k]` is the first entry of length
/// `shortest + k` (in characters), and the last item ends the block.
#[derive(Debug, Clone, Default)]
struct Block {
    shortest: usize,
    starts: Vec<u32>,
}

/// One indexed pattern: its id and where its text lies in `texts` (its letter sets are in
/// `sets`).
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The characters the pattern holds twice or more ([`Letters::twice`]).
    twice: u64,
    pattern: PatternId,
    text_start: u32,
    text_end: u32,
}

/// The characters a name holds, and those it holds twice or more, each set hashed into 64 bits.
///
/// One edit changes the counts of at most two characters by one (a substitution drops one
/// character and brings another; an insertion or deletion one; a transposition none), and a
/// count moving by one crosses at most one of the thresholds "at least once" and "at least
/// twice". So the sets of two names `d` edits apart differ in at most `2d` members together
/// ([`Letters::apart`]): most of a block is ruled out by two XORs, before any comparison. Long
/// names, compared with two edits, repeat letters often enough that the second set rules out
/// most of what passes the first alone.
#[derive(Debug, Clone, Copy, Default)]
struct Letters {
    once: u64,
    twice: u64,
}

impl Letters {
    fn of(s: &str) -> Self {
        let mut letters = Letters::default();
        for c in s.chars() {
            let bit = 1 << (c as u32 % 64);
            letters.twice |= letters.once & bit;
            letters.once |= bit;
        }
        letters
    }

    /// How many members the two names' sets differ in, together: at most twice their edits.
    #[inline(always)]
    fn apart(self, other: Letters) -> u32 {
        (self.once ^ other.once).count_ones() + (self.twice ^ other.twice).count_ones()
    }
}

/// Where the pair of ASCII characters `(a, b)` is in `FuzzyIndex::ascii_table`.
fn ascii_pair(a: char, b: char) -> usize {
    128 * a as usize + b as usize
}

/// How many entries of a block are sifted by their letter sets at a time: the positions of the
/// few that pass fit in a small array on the stack.
const SIFTED_AT_ONCE: usize = 256;

/// Writes to `near` the positions in `sets` (at most [`SIFTED_AT_ONCE`]) of the letter sets
/// that differ from `key` in at most `most` members, and returns how many there are.
///
/// This is the fuzzy pass's inner loop: every entry of a block within the length bound goes
/// through it (about 120 per name tried, and 98% are ruled out), so it has no branch per entry
/// (each position is written, and kept by counting it or not) and counts bits with the CPU's
/// popcount instruction where there is one. The baseline x86-64 target has none, and counting
/// in software is a dozen operations.
fn sift(sets: &[u64], key: u64, most: u32, near: &mut [u16; SIFTED_AT_ONCE]) -> usize {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the CPU has the popcnt instruction, checked just above.
        return unsafe { sift_with_popcnt(sets, key, most, near) };
    }
    sift_portable(sets, key, most, near)
}

/// [`sift_portable`] compiled with the popcount instruction.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn sift_with_popcnt(sets: &[u64], key: u64, most: u32, near: &mut [u16; SIFTED_AT_ONCE]) -> usize {
    sift_portable(sets, key, most, near)
}

/// [`sift`] in plain Rust: inlined into each caller, so that [`sift_with_popcnt`] compiles it
/// with the popcount instruction.
#[inline(always)]
fn sift_portable(sets: &[u64], key: u64, most: u32, near: &mut [u16; SIFTED_AT_ONCE]) -> usize {
    let sets = &sets[..sets.len().min(SIFTED_AT_ONCE)];
    let mut kept = 0;
    for (at, &set) in sets.iter().enumerate() {
        // `kept <= at`, so the mask never wraps: it only spares a bounds check.
        near[kept % SIFTED_AT_ONCE] = at as u16;
        kept += usize::from((set ^ key).count_ones() <= most);
    }
    kept
}

impl FuzzyIndex {
    /// Indexes every pattern long enough to be matched fuzzily whose entities include a fuzzy
    /// target. It needs the matcher's pattern table, not its automata: see
    /// [`Matcher::new_beside`](crate::matcher::Matcher::new_beside).
    pub fn new(patterns: &Patterns, gazetteer: &Gazetteer) -> Self {
        // In parallel: this runs at start-up over every key.
        let mut keyed: Vec<((char, char, usize), PatternId)> = (0..patterns.count() as u32)
            .into_par_iter()
            .map(PatternId)
            .filter_map(|p| {
                let pattern = patterns.text(p);
                let len = pattern.chars().count();
                if len < MIN_CHARS {
                    return None;
                }
                let targets = patterns.aliases(p).iter().any(|&a| {
                    let alias = gazetteer.alias(a);
                    !alias.generated && is_fuzzy_target(gazetteer.entity(alias.entity))
                });
                let mut chars = pattern.chars();
                let (a, b) = (chars.next()?, chars.next()?);
                targets.then_some(((a, b, len), p))
            })
            .collect();
        // By block, then length, then pattern id: the order in which `closest` meets them.
        keyed.par_sort_unstable();
        let mut index = FuzzyIndex {
            id: near::new_index_id(),
            ..FuzzyIndex::default()
        };
        for ((a, b, len), p) in keyed {
            let at = index.entries.len() as u32;
            let block = index.blocks.entry((a, b)).or_insert_with(|| Block {
                shortest: len,
                starts: vec![at],
            });
            // Lengths with no pattern get an empty run.
            while block.shortest + block.starts.len() <= len {
                block.starts.push(at);
            }
            let pattern = patterns.text(p);
            let text_start = index.texts.len() as u32;
            index.texts.push_str(pattern);
            let letters = Letters::of(pattern);
            index.sets.push(letters.once);
            index.entries.push(Entry {
                twice: letters.twice,
                pattern: p,
                text_start,
                text_end: index.texts.len() as u32,
            });
        }
        // Close every block's last run: entries of one block are contiguous, so a block ends
        // where the next begins.
        let mut ends: Vec<u32> = index.blocks.values().map(|b| b.starts[0]).collect();
        ends.sort_unstable();
        let total = index.entries.len() as u32;
        for block in index.blocks.values_mut() {
            let next = ends.partition_point(|&s| s <= block.starts[0]);
            block.starts.push(ends.get(next).copied().unwrap_or(total));
        }
        index.ascii_table = vec![NO_BLOCK; 128 * 128];
        for (&(a, b), block) in &index.blocks {
            if a.is_ascii() && b.is_ascii() {
                index.ascii_table[ascii_pair(a, b)] = index.ascii_blocks.len() as u32;
                index.ascii_blocks.push(block.clone());
            }
        }
        index
    }

    /// The block of the first two characters `(a, b)`, if there is one.
    fn block(&self, a: char, b: char) -> Option<&Block> {
        if a.is_ascii() && b.is_ascii() {
            // `get`: an index made by `default()` has no table, and no block.
            let at = self.ascii_table.get(ascii_pair(a, b)).copied();
            return at
                .filter(|&at| at != NO_BLOCK)
                .map(|at| &self.ascii_blocks[at as usize]);
        }
        self.blocks.get(&(a, b))
    }

    /// The entries of block `(a, b)` whose length (in characters) is within `lengths`: a range
    /// of indices into `sets` and `entries`.
    fn candidates(
        &self,
        a: char,
        b: char,
        lengths: std::ops::RangeInclusive<usize>,
    ) -> std::ops::Range<usize> {
        let Some(block) = self.block(a, b) else {
            return 0..0;
        };
        // `starts` has one item per length from `shortest`, and one more that ends the block.
        let runs = block.starts.len() - 1;
        let first = lengths.start().saturating_sub(block.shortest).min(runs);
        let last = (lengths.end() + 1).saturating_sub(block.shortest).min(runs);
        block.starts[first] as usize..block.starts[last] as usize
    }

    /// The closest pattern within the bound for `key` (normalized) that `allowed` accepts, with
    /// its distance in edits. The same guards as the scan's: no key under [`MIN_CHARS`], one
    /// edit up to [`ONE_EDIT_UP_TO_CHARS`], and no derived word (a known name plus a suffix).
    ///
    /// The patterns near `key` are found once per thread and remembered (`near.rs`); the
    /// nearest that `allowed` accepts, the first the index meets among equally near ones, is
    /// chosen each time.
    pub fn closest(
        &self,
        matcher: &Matcher,
        key: &str,
        allowed: impl Fn(PatternId) -> bool,
    ) -> Option<(PatternId, usize)> {
        let len = key.chars().count();
        if len < MIN_CHARS {
            return None;
        }
        let best = near::with_near(
            self.id,
            key,
            || self.near(key, len),
            |near| {
                near.iter()
                    .find(|&&(p, _)| allowed(p))
                    .map(|&(p, distance)| (p, usize::from(distance)))
            },
        );
        // A known name that is a prefix of the key, short of it by a few letters: a derived
        // word. Asked last, of the few keys that came close to a name: it searches the automaton.
        let derived = || {
            matcher
                .prefix_lengths(key)
                .any(|cut| key.len() - cut <= MAX_SUFFIX_CHARS)
        };
        best.filter(|_| !derived())
    }

    /// The patterns within the bound of `key` (of `len` characters), nearest first, among
    /// equally near ones in the order of the index.
    fn near(&self, key: &str, len: usize) -> Near {
        let bound = if len <= ONE_EDIT_UP_TO_CHARS { 1 } else { 2 };
        let mut chars = key.chars();
        let (Some(a), Some(b)) = (chars.next(), chars.next()) else {
            return Near::default();
        };
        let key_letters = Letters::of(key);
        let mut found: Vec<(PatternId, u8)> = Vec::new();
        let run = self.candidates(a, b, len.saturating_sub(bound)..=len + bound);
        let mut near = [0u16; SIFTED_AT_ONCE];
        for (chunk, sets) in self.sets[run.clone()].chunks(SIFTED_AT_ONCE).enumerate() {
            let first = run.start + chunk * SIFTED_AT_ONCE;
            let kept = sift(sets, key_letters.once, 2 * bound as u32, &mut near);
            for &at in &near[..kept] {
                let entry = &self.entries[first + at as usize];
                let letters = Letters {
                    once: sets[at as usize],
                    twice: entry.twice,
                };
                if letters.apart(key_letters) as usize > 2 * bound {
                    continue;
                }
                let pattern = &self.texts[entry.text_start as usize..entry.text_end as usize];
                // Edits only at the end make another word, not a misspelling ("Armenian").
                if pattern.starts_with(key) || key.starts_with(pattern) {
                    continue;
                }
                let Some(distance) = distance_within(key, pattern, bound) else {
                    continue;
                };
                if distance > 0 {
                    let distance = u8::try_from(distance).expect("the bound is at most 2");
                    found.push((entry.pattern, distance));
                }
            }
        }
        // Stable: equally near patterns stay in the index's order.
        found.sort_by_key(|&(_, distance)| distance);
        found.into_boxed_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Sets of about four members, as names' sets are sparse next to each other: random words
    /// would differ in about 32 and never be kept.
    fn sparse_set() -> impl Strategy<Value = u64> {
        (any::<u64>(), any::<u64>(), any::<u64>(), any::<u64>())
            .prop_map(|(a, b, c, d)| a & b & c & d)
    }

    proptest! {
        #[test]
        fn the_letter_sets_never_rule_out_a_name_within_the_bound(
            a in "[a-fş' ]{0,14}",
            b in "[a-fş' ]{0,14}",
        ) {
            let d = strsim::osa_distance(&a, &b);
            let apart = Letters::of(&a).apart(Letters::of(&b)) as usize;
            prop_assert!(apart <= 2 * d, "{} members apart, {} edits", apart, d);
        }

        #[test]
        fn sifting_keeps_exactly_the_sets_within_the_bound(
            sets in proptest::collection::vec(sparse_set(), 0..300),
            key in sparse_set(),
            most in 0u32..=6,
        ) {
            let mut near = [0u16; SIFTED_AT_ONCE];
            let kept = sift(&sets, key, most, &mut near);
            let expected: Vec<u16> = (0..sets.len().min(SIFTED_AT_ONCE) as u16)
                .filter(|&at| (sets[at as usize] ^ key).count_ones() <= most)
                .collect();
            prop_assert_eq!(&near[..kept], &expected[..]);
        }
    }
}
