//! Fuzzy recovery: capitalised names that match nothing, but are one or two edits from an alias.
//!
//! News misspells names ("Mnatskanyan" for Mnatsakanyan). After exact matching, runs of one to
//! three adjacent capitalised words that no mention covers are compared (optimal string
//! alignment: Levenshtein plus transpositions) with the aliases that share a blocking key: the
//! first two characters and a length within the bound. Within a block, a 64-bit set of the
//! characters each alias holds rules 98% of aliases out with one XOR and a popcount, in a loop
//! with no branch per alias (an edit changes at most two members), a second set of the
//! characters held twice rules out most of the rest, and the few left are compared on the
//! stack, without allocating. The bound depends on length, because short names are too close
//! to each other to guess at: no fuzzy match under [`MIN_CHARS`] characters, at most one edit
//! up to [`ONE_EDIT_UP_TO_CHARS`], two beyond. So "Shushan" never becomes Shusha (and is too
//! short anyway), nor "Goris" Gori. Three guards keep it from inventing places:
//!
//! - edits only at the end are morphology, not misspelling: "Armenian" is not a misspelt
//!   Armenia, nor "President" a misspelt Presidente. A span that is any known name plus up to
//!   [`MAX_SUFFIX_CHARS`] letters is a derived word ("Armenia"+n, "Azerbaijan"+i) and is never
//!   matched fuzzily, whichever alias it comes close to (German "Armenien" is one edit from
//!   "Armenian");
//! - a span never starts with a function word ("The Band" is not a misspelt "The Bend");
//! - only well-known names are recovered ([`is_fuzzy_target`]): people, organisations, curated
//!   entities, countries, regions, divisions, capitals and seats, and places of
//!   [`MIN_TARGET_POPULATION`] or more; and a place only where its country is in play: the
//!   document names at least [`COUNTRY_IN_PLAY_MENTIONS`] places there exactly, or the user
//!   asked for it (`--country`). GeoNames' continents have no country, so none is ever in play
//!   ("Oceanic" is not a misspelt Oceania); the curated regions (`local:`) always are. Measured
//!   on GeoWebNews, fuzzy matching against every place of the world mostly turns English words
//!   into towns ("National" into Nacional, "January" into Jaguariúna).
//!
//! Accepted matches are `method: fuzzy`, with a lower confidence, and flagged ambiguous.

use std::collections::HashMap;
use std::sync::Arc;

use foldhash::fast::RandomState as FastHash;
use rayon::prelude::*;

use crate::document::{is_function_word, Document};
use crate::gazetteer::{Entity, EntityKind, Gazetteer};
use crate::matcher::{Matcher, NameMatch, PatternId};
use crate::mention::{Mention, Method};
use crate::resolve::Resolver;

/// Names shorter than this (in characters, after normalization) are never matched fuzzily.
pub const MIN_CHARS: usize = 7;

/// Names up to this length may differ from an alias by one edit; longer ones by two.
pub const ONE_EDIT_UP_TO_CHARS: usize = 12;

/// Confidence of a fuzzy match, per edit: one edit 0.6, two edits 0.45.
pub const CONFIDENCE_ONE_EDIT: f64 = 0.6;

/// Confidence of a two-edit fuzzy match.
pub const CONFIDENCE_TWO_EDITS: f64 = 0.45;

/// Places smaller than this are not fuzzy targets unless their rank makes them one.
pub const MIN_TARGET_POPULATION: u64 = 50_000;

/// A place is a fuzzy target only in a country the document names this many places in.
pub const COUNTRY_IN_PLAY_MENTIONS: usize = 2;

/// A known name plus this many letters or fewer is a derived word, not a misspelling.
pub const MAX_SUFFIX_CHARS: usize = 3;

/// The most words in one span compared fuzzily.
const MAX_SPAN_WORDS: usize = 3;

/// Blocking index: patterns of at least [`MIN_CHARS`] characters by first two characters and
/// length, each with the sets of its letters (`Letters`). Built once per run.
///
/// The entries of a block (one pair of first characters) lie next to each other, sorted by
/// length, and so do their texts: the lengths a key is compared with are one run of entries,
/// found with one hash look-up, and read in order from memory, not by chasing each pattern's
/// own allocation.
#[derive(Debug, Clone, Default)]
pub struct FuzzyIndex {
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
    /// Indexes every pattern of `matcher` long enough to be matched fuzzily whose entities
    /// include a fuzzy target.
    pub fn new(matcher: &Matcher, gazetteer: &Gazetteer) -> Self {
        // In parallel: this runs at start-up over every key.
        let mut keyed: Vec<((char, char, usize), PatternId)> = (0..matcher.pattern_count() as u32)
            .into_par_iter()
            .map(PatternId)
            .filter_map(|p| {
                let pattern = matcher.pattern(p);
                let len = pattern.chars().count();
                if len < MIN_CHARS {
                    return None;
                }
                let targets = matcher.aliases(p).iter().any(|&a| {
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
        let mut index = FuzzyIndex::default();
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
            let pattern = matcher.pattern(p);
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
        let bound = if len <= ONE_EDIT_UP_TO_CHARS { 1 } else { 2 };
        let mut chars = key.chars();
        let (a, b) = (chars.next()?, chars.next()?);
        let key_letters = Letters::of(key);
        let mut best: Option<(PatternId, usize)> = None;
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
                let p = entry.pattern;
                if distance > 0 && best.is_none_or(|(_, d)| distance < d) && allowed(p) {
                    best = Some((p, distance));
                }
            }
        }
        // A known name that is a prefix of the key, short of it by a few letters: a derived
        // word. Asked last, of the few keys that came close to a name: it searches the automaton.
        let derived = || {
            matcher
                .prefix_lengths(key)
                .any(|cut| key.len() - cut <= MAX_SUFFIX_CHARS)
        };
        best.filter(|_| !derived())
    }
}

/// The optimal-string-alignment distance of `a` and `b` (what `strsim::osa_distance` gives) if
/// it is at most `bound`. No allocation: ASCII names are compared as bytes, others up to
/// [`MAX_COMPARED_CHARS`] characters on the stack (longer ones, which no news name is, go to
/// `strsim`), and one edit, the common bound, needs no edit matrix at all.
fn distance_within(a: &str, b: &str, bound: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        if bound == 1 {
            return if a == b {
                Some(0)
            } else {
                one_edit_apart(a, b).then_some(1)
            };
        }
        if a.len().max(b.len()) <= MAX_COMPARED_CHARS {
            return osa_within(a.as_bytes(), b.as_bytes(), bound);
        }
    }
    let mut left = ['\0'; MAX_COMPARED_CHARS];
    let mut right = ['\0'; MAX_COMPARED_CHARS];
    let (Some(n), Some(m)) = (fill(&mut left, a), fill(&mut right, b)) else {
        let d = strsim::osa_distance(a, b);
        return (d <= bound).then_some(d);
    };
    osa_within(&left[..n], &right[..m], bound)
}

/// The most characters of a name compared on the stack.
const MAX_COMPARED_CHARS: usize = 48;

/// Copies the characters of `s` into `out`; `None` if they do not fit.
fn fill(out: &mut [char; MAX_COMPARED_CHARS], s: &str) -> Option<usize> {
    let mut n = 0;
    for c in s.chars() {
        *out.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
}

/// Optimal string alignment distance (Levenshtein plus transpositions of neighbours, no
/// substring edited twice) of `a` and `b`, if it is at most `bound` (and both hold at most
/// [`MAX_COMPARED_CHARS`] items), with three rows on the stack.
///
/// Only the cells within `bound` of the diagonal are computed: a cell further off is more than
/// `bound` edits (one per step off the diagonal), and no cell of `bound` or less is reached
/// through one. Every value past the bound is stored as `bound + 1`, and the comparison stops
/// when two rows in a row are past it, as every later cell is then: a cell is at least its
/// left neighbour's row minimum, or one more than the minimum two rows up.
fn osa_within<T: PartialEq>(a: &[T], b: &[T], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let far = bound + 1;
    let mut rows = [[far; MAX_COMPARED_CHARS + 1]; 3];
    let (mut two_back, mut back, mut row) = (0, 1, 2);
    for (j, cell) in rows[back]
        .iter_mut()
        .enumerate()
        .take(b.len().min(bound) + 1)
    {
        *cell = j;
    }
    let mut back_past = false;
    for i in 1..=a.len() {
        let lo = i.saturating_sub(bound).max(1);
        let hi = (i + bound).min(b.len());
        // The cell left of the band: the first column (`i` deletions), or off the band.
        rows[row][lo - 1] = if lo == 1 { i.min(far) } else { far };
        let mut least = rows[row][lo - 1];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[back][j] + 1)
                .min(rows[row][j - 1] + 1)
                .min(rows[back][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[two_back][j - 2] + 1);
            }
            let d = d.min(far);
            rows[row][j] = d;
            least = least.min(d);
        }
        let past = least > bound;
        if past && back_past {
            return None;
        }
        back_past = past;
        (two_back, back, row) = (back, row, two_back);
    }
    let d = rows[back][b.len()];
    (d <= bound).then_some(d)
}

/// Are `a` and `b` exactly one edit apart (substitution, insertion, deletion, or a transposition
/// of neighbours)? Linear, allocation-free: the fuzzy pass runs it on every candidate.
fn one_edit_apart(a: &str, b: &str) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        // Keys are mostly ASCII; for the rest, count edits on characters, not bytes.
        return distance_within(a, b, 2) == Some(1);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[common..], &b[common..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Greater => ra[1..] == *rb,
        std::cmp::Ordering::Less => *ra == rb[1..],
    }
}

/// Is this entity well known enough that a misspelling of it is worth recovering?
pub fn is_fuzzy_target(entity: &Entity) -> bool {
    if entity.kind != EntityKind::Place || entity.id.0.starts_with("local:") {
        return true;
    }
    let major = entity.feature_code.as_deref().is_some_and(|c| {
        c.starts_with("PCL") || matches!(c, "CONT" | "RGN" | "ADM1" | "PPLC" | "PPLA")
    });
    major || entity.population >= MIN_TARGET_POPULATION
}

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
    let mut found: Vec<(NameMatch, usize)> = Vec::new();
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
            if matcher.accepted_aliases(pattern, surface).next().is_none() {
                continue;
            }
            taken = Some((
                NameMatch {
                    pattern,
                    start,
                    end,
                },
                distance,
                n,
            ));
            break;
        }
        match taken {
            Some((m, distance, n)) => {
                found.push((m, distance));
                i += n;
            }
            None => i += 1,
        }
    }
    if found.is_empty() {
        return;
    }
    let matches: Vec<NameMatch> = found.iter().map(|(m, _)| *m).collect();
    let resolved = resolver.resolve(gazetteer, matcher, doc, text, &matches);
    for (mut mention, (m, distance)) in resolved.into_iter().zip(&found) {
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
        fn the_bounded_distance_is_strsim_s_within_the_bound(
            a in "[abcş ]{0,14}",
            b in "[abcş ]{0,14}",
            bound in 1usize..=2,
        ) {
            let d = strsim::osa_distance(&a, &b);
            prop_assert_eq!(distance_within(&a, &b, bound), (d <= bound).then_some(d));
        }

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

    #[test]
    fn one_edit_apart_matches_the_edit_distance() {
        let table = [
            ("mnatskanyan", "mnatsakanyan", true),
            ("stepanakret", "stepanakert", true),
            ("pashinyian", "pashinyan", true),
            ("shusha", "shusha", false),
            ("goris", "gori", true),
            ("abcdef", "abcxyz", false),
            ("şuşa", "şusa", true),
            ("şuşa", "susa", false),
            ("", "a", true),
        ];
        for (a, b, expected) in table {
            assert_eq!(one_edit_apart(a, b), expected, "{a} / {b}");
            assert_eq!(one_edit_apart(b, a), expected, "{b} / {a}");
            assert_eq!(
                strsim::osa_distance(a, b) == 1,
                expected,
                "osa agrees on {a} / {b}"
            );
        }
    }
}
