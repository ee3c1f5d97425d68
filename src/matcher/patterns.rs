//! The pattern table: every alias normalized, equal keys made one pattern, each with its
//! aliases and their case rules. The automata are built over it, and so is the fuzzy index,
//! which needs the keys but not the automata.

use rayon::prelude::*;

use super::{PatternId, MIN_ALIAS_CHARS};
use crate::gazetteer::{AliasIndex, CaseRule, Gazetteer};
use crate::normalize::normalize;
use crate::{Error, Result};

/// The distinct normalized aliases of a gazetteer, sorted, with the aliases behind each.
#[derive(Debug, Clone)]
pub struct Patterns {
    /// The normalized keys, sorted: a [`PatternId`] indexes them.
    texts: Vec<String>,
    /// The aliases of pattern `p` are `alias_ids[offsets[p]..offsets[p + 1]]`.
    offsets: Vec<u32>,
    alias_ids: Vec<AliasIndex>,
    /// Case rule of each entry of `alias_ids`, kept beside it so the scan needs no gazetteer.
    case_rules: Vec<CaseRule>,
}

impl Patterns {
    /// Normalizes every alias of `gazetteer` long enough to search for.
    ///
    /// # Errors
    /// If no alias is long enough.
    pub(super) fn new(gazetteer: &Gazetteer) -> Result<Self> {
        // Normalize every alias (in parallel), then group equal keys by sorting: cheaper than a
        // hash map of a quarter of a million strings on the start-up path.
        let mut keyed: Vec<(String, AliasIndex)> = gazetteer
            .aliases()
            .par_iter()
            .enumerate()
            .map(|(i, alias)| (normalize(&alias.text), AliasIndex(i as u32)))
            .filter(|(key, _)| key.chars().count() >= MIN_ALIAS_CHARS)
            .collect();
        keyed.par_sort_unstable();
        // Equal keys are adjacent: each run is one pattern, its aliases laid out flat as they
        // come (no list per pattern to flatten later). Every step in parallel: this is on the
        // start-up path, and the case rules are a quarter of a million scattered reads.
        let starts_run: Vec<bool> = (0..keyed.len())
            .into_par_iter()
            .map(|i| i == 0 || keyed[i].0 != keyed[i - 1].0)
            .collect();
        let mut offsets: Vec<u32> = starts_run
            .par_iter()
            .enumerate()
            .filter_map(|(i, &starts)| starts.then_some(i as u32))
            .collect();
        offsets.push(keyed.len() as u32);
        let alias_ids: Vec<AliasIndex> = keyed.par_iter().map(|&(_, alias)| alias).collect();
        let case_rules = alias_ids
            .par_iter()
            .map(|&a| gazetteer.alias(a).case_rule)
            .collect();
        let texts: Vec<String> = keyed
            .into_par_iter()
            .zip(starts_run)
            .filter_map(|((key, _), starts)| starts.then_some(key))
            .collect();
        if texts.is_empty() {
            return Err(Error::Gazetteer(
                "no alias is long enough to search for".into(),
            ));
        }
        Ok(Patterns {
            texts,
            offsets,
            alias_ids,
            case_rules,
        })
    }

    /// Number of patterns.
    pub fn count(&self) -> usize {
        self.texts.len()
    }

    /// Every pattern's normalized text, in [`PatternId`] order.
    pub fn texts(&self) -> &[String] {
        &self.texts
    }

    /// The normalized text of a pattern.
    pub fn text(&self, pattern: PatternId) -> &str {
        &self.texts[pattern.0 as usize]
    }

    /// The gazetteer aliases that share a pattern.
    pub fn aliases(&self, pattern: PatternId) -> &[AliasIndex] {
        &self.alias_ids[self.range(pattern)]
    }

    /// The case rules of a pattern's aliases, in the order of [`Patterns::aliases`].
    pub fn case_rules(&self, pattern: PatternId) -> &[CaseRule] {
        &self.case_rules[self.range(pattern)]
    }

    /// The aliases of `pattern` whose case rule accepts `surface`.
    pub fn accepted_aliases<'a>(
        &'a self,
        pattern: PatternId,
        surface: &'a str,
    ) -> impl Iterator<Item = AliasIndex> + 'a {
        self.range(pattern)
            .filter(move |&i| self.case_rules[i].accepts(surface))
            .map(move |i| self.alias_ids[i])
    }

    /// The pattern whose normalized text is exactly `key` (`key` must be normalized). Patterns
    /// are kept sorted, so this is a binary search.
    pub fn id(&self, key: &str) -> Option<PatternId> {
        self.texts
            .binary_search_by(|p| p.as_str().cmp(key))
            .ok()
            .map(|i| PatternId(i as u32))
    }

    /// The patterns that start with `prefix` (normalized), in sorted order.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = PatternId> + 'a {
        let first = self.texts.partition_point(|p| p.as_str() < prefix);
        self.texts[first..]
            .iter()
            .take_while(move |p| p.starts_with(prefix))
            .enumerate()
            .map(move |(i, _)| PatternId((first + i) as u32))
    }

    fn range(&self, pattern: PatternId) -> std::ops::Range<usize> {
        let p = pattern.0 as usize;
        self.offsets[p] as usize..self.offsets[p + 1] as usize
    }
}
