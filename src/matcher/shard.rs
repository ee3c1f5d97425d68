//! The automata: the patterns split by first character into [`SHARDS`] contiguous NFAs, each
//! walked by hand from its anchored start state.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::Anchored;

use super::PatternId;

/// How many automata the patterns are split into (by first character). Building is parallel
/// across shards; eight keeps shards balanced on machines with up to eight cores.
pub const SHARDS: usize = 8;

/// One automaton over the patterns whose first character falls in this shard.
#[derive(Debug, Clone)]
pub(super) struct Shard {
    /// A contiguous NFA, walked by hand: every search is anchored and wants each pattern that
    /// starts where it starts, which a walk from the anchored start state gives without the
    /// overlapping search's per-match re-entry and without the suffixes it also reports.
    pub(super) automaton: NFA,
    /// Global pattern id of each of this automaton's patterns.
    pub(super) pattern_ids: Vec<PatternId>,
}

impl Shard {
    /// The patterns that start at byte `start` of `hay`, as (shard pattern id, end), shortest
    /// first.
    pub(super) fn starting<'a>(&'a self, hay: &'a [u8], start: usize) -> Starting<'a> {
        let automaton = &self.automaton;
        let sid = automaton
            .start_state(Anchored::Yes)
            .expect("an NFA supports anchored searches");
        Starting {
            automaton,
            hay,
            start,
            at: start,
            sid,
            next_match: 0,
        }
    }
}

/// A walk of a shard's automaton from its anchored start state until it dies (see
/// [`Shard::starting`]).
pub(super) struct Starting<'a> {
    automaton: &'a NFA,
    hay: &'a [u8],
    start: usize,
    /// The next byte to read.
    at: usize,
    sid: StateID,
    /// The first of `sid`'s matches not yet looked at.
    next_match: usize,
}

impl Iterator for Starting<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let automaton = self.automaton;
        loop {
            if automaton.is_match(self.sid) {
                // A state's matches include the patterns that end here but start later
                // (through the failure links): only the one as long as the walk starts here.
                while self.next_match < automaton.match_len(self.sid) {
                    let p = automaton.match_pattern(self.sid, self.next_match);
                    self.next_match += 1;
                    if automaton.pattern_len(p) == self.at - self.start {
                        return Some((p.as_usize(), self.at));
                    }
                }
            }
            let &byte = self.hay.get(self.at)?;
            self.sid = automaton.next_state(Anchored::Yes, self.sid, byte);
            self.at += 1;
            self.next_match = 0;
            if automaton.is_dead(self.sid) {
                self.hay = &[];
                return None;
            }
        }
    }
}

pub(super) fn shard_of(first: char) -> usize {
    first as usize % SHARDS
}
