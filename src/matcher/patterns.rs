//! The pattern table: every alias normalized, equal keys made one pattern, each with its
//! aliases and their case rules. The automata are built over it, and so is the fuzzy index,
//! which needs the keys but not the automata.
//!
//! Names of a language that changes their stem before an ending (Москва → Москв|е, Բաքու →
//! Բաք|վում) add their stems as patterns too, each with the alias it shortens and the class of
//! endings that may follow it ([`Stem`]). A stem is not a name: a pattern that is only a stem
//! has no aliases, and is accepted only where the rest of its word is one of its endings.

use rayon::prelude::*;

use super::{PatternId, MIN_ALIAS_CHARS};
use crate::gazetteer::{AliasIndex, AliasType, CaseRule, Gazetteer};
use crate::language::{ClassId, EndingId, Lang, Languages};
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
    /// The one language whose paragraphs each entry of `alias_ids` is searched in, if it is
    /// kept to one ([`Lang::only_in`]).
    only_in: Vec<Option<Lang>>,
    /// The stems of pattern `p` are `stems[stem_offsets[p]..stem_offsets[p + 1]]`.
    stem_offsets: Vec<u32>,
    stems: Vec<Stem>,
}

/// A pattern that is the stem of an alias in a language that changes its names' stems: the
/// alias counts where the rest of the word is an ending of `class`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stem {
    /// The alias whose stem this is.
    pub alias: AliasIndex,
    /// The language whose endings follow.
    pub lang: Lang,
    /// Which of its endings.
    pub class: ClassId,
    /// The alias's case rule.
    pub case_rule: CaseRule,
    /// The alias is a demonym (азербайджанский): the only kind of alias whose inflected forms
    /// count in lower case (азербайджанские войска); a place's never do (Russian "того", "of
    /// that", is Того, Togo, in lower case).
    pub demonym: bool,
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
        // The stems are read off the folded keys before these are moved into the table.
        let stems = stems_of(gazetteer, &keyed);
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
        let only_in = alias_ids
            .par_iter()
            .map(|&a| gazetteer.alias(a).lang.as_deref().and_then(Lang::only_in))
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
        Ok(with_stems(
            Patterns {
                texts,
                offsets,
                alias_ids,
                case_rules,
                only_in,
                stem_offsets: Vec::new(),
                stems: Vec::new(),
            },
            stems,
        ))
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

    /// The aliases of `pattern` whose case rule accepts `surface`, in a paragraph of `lang`
    /// (`None`: English or another language without endings).
    pub fn accepted_aliases<'a>(
        &'a self,
        pattern: PatternId,
        surface: &'a str,
        lang: Option<Lang>,
    ) -> impl Iterator<Item = AliasIndex> + 'a {
        self.range(pattern)
            .filter(move |&i| {
                self.only_in[i].is_none_or(|only| only.admits(lang))
                    && self.case_rules[i].accepts(surface)
            })
            .map(move |i| self.alias_ids[i])
    }

    /// The pattern whose normalized text is exactly `key` (`key` must be normalized). Patterns
    /// are kept sorted, so this is a binary search.
    pub fn id(&self, key: &str) -> Option<PatternId> {
        self.texts
            .binary_search_by(|p| p.as_str().cmp(key))
            .ok()
            .map(|i| PatternId(i as u32))
            .filter(|&p| self.is_name(p))
    }

    /// Is this pattern the key of some alias (not only a stem, see [`Stem`])?
    pub fn is_name(&self, pattern: PatternId) -> bool {
        !self.range(pattern).is_empty()
    }

    /// The patterns that start with `prefix` (normalized), in sorted order; stems are not names
    /// and are left out.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = PatternId> + 'a {
        let first = self.texts.partition_point(|p| p.as_str() < prefix);
        self.texts[first..]
            .iter()
            .take_while(move |p| p.starts_with(prefix))
            .enumerate()
            .map(move |(i, _)| PatternId((first + i) as u32))
            .filter(move |&p| self.is_name(p))
    }

    /// The stems a pattern is (empty for most patterns).
    pub fn stems(&self, pattern: PatternId) -> &[Stem] {
        let p = pattern.0 as usize;
        &self.stems[self.stem_offsets[p] as usize..self.stem_offsets[p + 1] as usize]
    }

    /// Number of stems, over all patterns.
    pub fn stem_count(&self) -> usize {
        self.stems.len()
    }

    fn range(&self, pattern: PatternId) -> std::ops::Range<usize> {
        let p = pattern.0 as usize;
        self.offsets[p] as usize..self.offsets[p + 1] as usize
    }
}

impl Stem {
    /// Does this stem's alias take ending `id` of `lang` in the word `surface` (as written)? Its
    /// language and class must allow the ending, and its capitalisation the word: a place's
    /// inflected form counts capitalised only (Russian "того", "of that", is Того, Togo, in
    /// lower case), a demonym's in lower case too (азербайджанские).
    pub fn takes(&self, lang: Lang, id: EndingId, surface: &str) -> bool {
        let capitalised = surface.chars().next().is_some_and(char::is_uppercase);
        self.lang == lang
            && (capitalised || self.demonym)
            && Languages::embedded()
                .endings(lang)
                .class_has(self.class, id)
            && self.case_rule.accepts(surface)
    }
}

/// Every alias's stems in the languages of its script (see [`Languages::for_name`]), from its
/// folded key, sorted by key: the keys ending in a Cyrillic or Armenian letter, a sixth of the
/// gazetteer, are the only ones asked.
fn stems_of(gazetteer: &Gazetteer, keyed: &[(String, AliasIndex)]) -> Vec<(String, Stem)> {
    let languages = Languages::embedded();
    let mut stems: Vec<(String, Stem)> = keyed
        .par_iter()
        .flat_map_iter(|(key, alias_index)| {
            let mut out = Vec::new();
            // Most keys are Latin, which no language here shortens: one look at the last
            // letter, and nothing more, for those.
            let Some(last) = key.chars().next_back().filter(|c| !c.is_ascii()) else {
                return out;
            };
            let alias = gazetteer.alias(*alias_index);
            for lang in languages.for_name(last, alias.lang.as_deref()) {
                for (stem, class) in languages.endings(lang).stems(key) {
                    if stem.chars().count() >= MIN_STEM_CHARS {
                        out.push((
                            stem,
                            Stem {
                                alias: *alias_index,
                                lang,
                                class,
                                case_rule: alias.case_rule,
                                demonym: alias.alias_type == AliasType::Demonym,
                            },
                        ));
                    }
                }
            }
            out
        })
        .collect();
    stems.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.alias.cmp(&b.1.alias)));
    stems.dedup();
    stems
}

/// Stems shorter than this are not searched: a two-letter stem (Уфа → Уф-) followed by an
/// ending is as likely any word.
const MIN_STEM_CHARS: usize = 3;

/// The pattern table with `stems` (sorted by key) merged in: a stem whose key is a pattern
/// already joins it, any other becomes a pattern of its own without aliases.
fn with_stems(patterns: Patterns, stems: Vec<(String, Stem)>) -> Patterns {
    let Patterns {
        texts: old_texts,
        offsets: old_offsets,
        alias_ids,
        case_rules,
        only_in,
        ..
    } = patterns;
    let mut texts = Vec::with_capacity(old_texts.len());
    let mut offsets = Vec::with_capacity(old_offsets.len());
    let mut stem_offsets = Vec::with_capacity(old_offsets.len());
    let mut stem_entries = Vec::with_capacity(stems.len());
    let mut old = old_texts.into_iter().enumerate().peekable();
    let mut new = stems.into_iter().peekable();
    loop {
        let next_old = old.peek().map(|(_, t)| t.as_str());
        let next_new = new.peek().map(|(t, _)| t.as_str());
        let take_old = match (next_old, next_new) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(o), Some(n)) => o <= n,
        };
        offsets.push(*offsets_end(&old_offsets, old.peek().map(|(j, _)| *j)));
        stem_offsets.push(stem_entries.len() as u32);
        let text = if take_old {
            let (j, text) = old.next().expect("peeked");
            *offsets.last_mut().expect("pushed") = old_offsets[j];
            text
        } else {
            new.peek().expect("peeked").0.clone()
        };
        while new.peek().is_some_and(|(t, _)| *t == text) {
            stem_entries.push(new.next().expect("peeked").1);
        }
        texts.push(text);
    }
    offsets.push(alias_ids.len() as u32);
    stem_offsets.push(stem_entries.len() as u32);
    Patterns {
        texts,
        offsets,
        alias_ids,
        case_rules,
        only_in,
        stem_offsets,
        stems: stem_entries,
    }
}

/// Where the aliases of the next old pattern start (its first alias), or the end of all
/// aliases when there is none: a stem-only pattern's alias range is empty there.
fn offsets_end(old_offsets: &[u32], next_old: Option<usize>) -> &u32 {
    match next_old {
        Some(j) => &old_offsets[j],
        None => old_offsets
            .last()
            .expect("offsets end with the alias count"),
    }
}
