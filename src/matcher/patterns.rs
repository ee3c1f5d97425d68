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
        // come (no list per pattern to flatten later).
        let mut texts: Vec<String> = Vec::new();
        let mut offsets: Vec<u32> = Vec::new();
        let mut alias_ids: Vec<AliasIndex> = Vec::with_capacity(keyed.len());
        for (key, alias) in keyed {
            if texts.last() != Some(&key) {
                texts.push(key);
                offsets.push(alias_ids.len() as u32);
            }
            alias_ids.push(alias);
        }
        offsets.push(alias_ids.len() as u32);
        if texts.is_empty() {
            return Err(Error::Gazetteer(
                "no alias is long enough to search for".into(),
            ));
        }
        let case_rules = alias_ids
            .iter()
            .map(|&a| gazetteer.alias(a).case_rule)
            .collect();
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
