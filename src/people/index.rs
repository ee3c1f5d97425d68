//! Finding the mentions at a word: binary searches, never a pass over every mention.
//!
//! The person passes ask, for word after word, whether a mention covers it, starts at it or
//! surrounds it. Their mentions are sorted by start and never overlap (the matcher's names are
//! disjoint and every later pass only fills gaps or replaces what it overlaps), so their ends
//! are sorted too and each question is a binary search. Scanning the mention list per word made
//! a long document quadratic: 98% of a 20 MB document's scan.

use crate::mention::Mention;

#[cfg(test)]
thread_local! {
    /// Mentions looked at by the searches below, on this thread: what the linearity test counts.
    pub(super) static PROBES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts one mention (or title) looked at, in tests.
#[inline]
pub(super) fn probe() {
    #[cfg(test)]
    PROBES.with(|p| p.set(p.get() + 1));
}

/// Are these mentions sorted by start, without overlaps (what every search here assumes)?
pub(super) fn is_sorted_and_disjoint(mentions: &[Mention]) -> bool {
    mentions
        .windows(2)
        .all(|pair| pair[0].end_byte <= pair[1].start_byte)
}

/// The index of the first mention overlapping the byte range `start..end`.
pub(super) fn first_overlapping(mentions: &[Mention], start: usize, end: usize) -> Option<usize> {
    let i = mentions.partition_point(|m| {
        probe();
        m.end_byte <= start
    });
    mentions
        .get(i)
        .is_some_and(|m| m.start_byte < end)
        .then_some(i)
}

/// Does any mention overlap `start..end`?
pub(super) fn overlaps(mentions: &[Mention], start: usize, end: usize) -> bool {
    first_overlapping(mentions, start, end).is_some()
}

/// The mention that starts at byte `start`, if any.
pub(super) fn starting_at(mentions: &[Mention], start: usize) -> Option<&Mention> {
    let i = mentions.partition_point(|m| {
        probe();
        m.start_byte < start
    });
    mentions.get(i).filter(|m| m.start_byte == start)
}

/// The mention that holds all of `start..end`, if any.
pub(super) fn containing(mentions: &[Mention], start: usize, end: usize) -> Option<&Mention> {
    let after = mentions.partition_point(|m| {
        probe();
        m.start_byte <= start
    });
    let m = mentions.get(after.checked_sub(1)?)?;
    (end <= m.end_byte).then_some(m)
}

/// Spans added during a pass, on top of a sorted, disjoint list: the same questions, for a list
/// that grows.
#[derive(Debug, Default)]
pub(super) struct AddedSpans {
    /// start -> end; the spans do not overlap each other.
    spans: std::collections::BTreeMap<usize, usize>,
}

impl AddedSpans {
    /// Records a span that overlaps none recorded so far.
    pub fn insert(&mut self, start: usize, end: usize) {
        self.spans.insert(start, end);
    }

    /// Does a recorded span overlap `start..end`?
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        probe();
        self.spans
            .range(..end)
            .next_back()
            .is_some_and(|(_, &e)| e > start)
    }
}
