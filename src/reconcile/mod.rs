//! Resolving bare names (a list, a spreadsheet column, a reconciliation query) to entities.
//!
//! The scan reads running text, where capitalisation tells a name from a word; a cell of a
//! names column is a name already, so [`NameResolver`] reads it whole and ignores case:
//!
//! 1. **whole-cell match**: the cell, normalized as the scanner normalizes text, is looked up
//!    among the gazetteer's normalized aliases (`Xankəndi`, `KHANKENDI` and `Khankendi` meet);
//! 2. **generated variants**: the same lookup reaches the spellings the transliteration rules
//!    generate (`method: variant`);
//! 3. **surnames**: a person's last name alone (`Mnatsakanyan`, `Lavrov`) reaches the person
//!    (`method: variant`, never a sure match: a surname is shared);
//! 4. **fuzzy**: otherwise the scanner's fuzzy index proposes the closest well-known name one
//!    or two edits away, and failing that the closest surname (`Mnatskanyan` → Zohrab
//!    Mnatsakanyan; `method: fuzzy`, never a sure match).
//!
//! The entities a name reaches are ranked by the scanner's resolver on the evidence a bare
//! name has (feature rank, population, own name, spelling, the user's country and box), and
//! each gets a score in [0, 1]: how close the name is (1 for a listed alias) times the
//! candidate's share of the ranking. The top candidate is a sure `match` when that score is at
//! least [`SURE_AT_LEAST`] and the name was not guessed fuzzily.
//!
//! [`api`] speaks the Reconciliation Service API over the same resolver.
//!
//! ```
//! use mentionmap::reconcile::{NameQuery, NameResolver};
//! use mentionmap::Gazetteer;
//!
//! let resolver = NameResolver::builder().build(Gazetteer::embedded()?)?;
//! let query = NameQuery::default();
//! let ids: Vec<String> = ["Khankendi", "Stepanakert", "Xankəndi"]
//!     .iter()
//!     .map(|name| {
//!         let resolution = resolver.resolve(name, &query);
//!         let best = resolution.best().expect("a known name");
//!         assert!(best.sure);
//!         resolver.gazetteer().entity(best.entity).id.to_string()
//!     })
//!     .collect();
//! assert!(ids.iter().all(|id| id == &ids[0]));
//! # Ok::<(), mentionmap::Error>(())
//! ```

pub mod api;
pub mod layer;
mod record;

pub use record::record;

use std::sync::Arc;

use crate::fuzzy::{
    is_fuzzy_target, FuzzyIndex, CONFIDENCE_ONE_EDIT, CONFIDENCE_TWO_EDITS, MIN_CHARS,
    ONE_EDIT_UP_TO_CHARS,
};
use crate::gazetteer::{AliasIndex, AliasType, Entity, EntityIndex, EntityKind, Gazetteer};
use crate::matcher::{Matcher, PatternId};
use crate::mention::Method;
use crate::normalize::normalize;
use crate::resolve::{Bbox, Ranked, Resolver, ResolverOptions};
use crate::Result;

/// The top candidate is a sure match at this score or above (and not found fuzzily). A listed
/// alias of one entity scores 1; a candidate one feature rank ahead of its runner-up (a capital
/// against a town) keeps about 0.88 of the ranking; a generated variant scores
/// [`VARIANT_SIMILARITY`] times its share. Below it, OpenRefine leaves the choice to the user.
pub const SURE_AT_LEAST: f64 = 0.85;

/// How close a name reached through a generated transliteration variant is: the rules encode
/// known romanisations, so closer than any edit, short of a listed alias.
pub const VARIANT_SIMILARITY: f64 = 0.9;

/// How close a person's surname alone is to the person: it names them, but any namesake too,
/// so it is never a sure match by itself (under [`SURE_AT_LEAST`]).
pub const SURNAME_SIMILARITY: f64 = 0.8;

/// How sharply the ranking's score gaps turn into shares: the factor the scanner's confidence
/// uses (see `resolve::decide`), so one feature rank (1.0) ahead gives a share of about 0.88.
pub const SHARE_SHARPNESS: f64 = 2.0;

/// How many candidates a resolution keeps unless the query asks otherwise: the winner and
/// three runners-up, as mentions do.
pub const DEFAULT_LIMIT: usize = 4;

/// Completions scan at most this many patterns for a prefix: a one-letter prefix would
/// otherwise rank tens of thousands of names per keystroke.
pub const MAX_PREFIX_PATTERNS: usize = 20_000;

/// Builds a [`NameResolver`].
#[derive(Debug, Clone)]
pub struct NameResolverBuilder {
    fuzzy: bool,
}

impl Default for NameResolverBuilder {
    fn default() -> Self {
        NameResolverBuilder { fuzzy: true }
    }
}

impl NameResolverBuilder {
    /// Whether names no alias matches are guessed fuzzily (on by default).
    pub fn fuzzy(mut self, on: bool) -> Self {
        self.fuzzy = on;
        self
    }

    /// Builds the matcher, the fuzzy index and the alias lists over `gazetteer`.
    ///
    /// # Errors
    /// If the gazetteer has no searchable alias.
    pub fn build(self, gazetteer: Gazetteer) -> Result<NameResolver> {
        let (matcher, fuzzy) = Matcher::new_beside(&gazetteer, |patterns| {
            self.fuzzy.then(|| FuzzyIndex::new(patterns, &gazetteer))
        })?;
        // The aliases of each entity, grouped by a counting sort (for previews).
        let mut entity_offsets = vec![0u32; gazetteer.entities().len() + 1];
        for alias in gazetteer.aliases() {
            entity_offsets[alias.entity.0 as usize + 1] += 1;
        }
        for i in 1..entity_offsets.len() {
            entity_offsets[i] += entity_offsets[i - 1];
        }
        let mut next = entity_offsets.clone();
        let mut entity_aliases = vec![AliasIndex(0); gazetteer.aliases().len()];
        for (i, alias) in gazetteer.aliases().iter().enumerate() {
            let slot = &mut next[alias.entity.0 as usize];
            entity_aliases[*slot as usize] = AliasIndex(i as u32);
            *slot += 1;
        }
        let surnames = surnames(&gazetteer);
        Ok(NameResolver {
            gazetteer: Arc::new(gazetteer),
            matcher,
            fuzzy,
            surnames,
            resolver: Resolver::new(),
            entity_offsets,
            entity_aliases,
        })
    }
}

/// What the user knows about the names: which kinds, countries and area, and how many
/// candidates to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct NameQuery {
    /// Only entities of these kinds (all kinds when empty).
    pub kinds: Vec<EntityKind>,
    /// Prefer places in these countries (ISO 3166-1 alpha-2), as `--country` does.
    pub countries: Vec<String>,
    /// Only entities of these countries (ISO 3166-1 alpha-2; all when empty): a reconciliation
    /// query's `country` property, which says where this one name is.
    pub only_countries: Vec<String>,
    /// Prefer places inside this box.
    pub bbox: Option<Bbox>,
    /// Drop candidates scoring below this, in [0, 1].
    pub min_score: f64,
    /// Keep at most this many candidates (the winner included).
    pub limit: usize,
}

impl Default for NameQuery {
    fn default() -> Self {
        NameQuery {
            kinds: Vec::new(),
            countries: Vec::new(),
            only_countries: Vec::new(),
            bbox: None,
            min_score: 0.0,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl NameQuery {
    fn wants(&self, entity: &Entity) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&entity.kind))
            && (self.only_countries.is_empty()
                || entity
                    .country_code
                    .as_ref()
                    .is_some_and(|cc| self.only_countries.iter().any(|c| c == cc)))
    }
}

/// One entity a name may mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The entity, in the resolver's gazetteer.
    pub entity: EntityIndex,
    /// The alias the name reached it through.
    pub alias: AliasIndex,
    /// In [0, 1]: how close the name is to the alias, times the candidate's share of the ranking.
    pub score: f64,
    /// True for a top candidate certain enough to accept without a look (see [`SURE_AT_LEAST`]).
    pub sure: bool,
    /// Why it ranks where it does, in words.
    pub evidence: String,
}

/// What one name resolved to: the candidates, best first, and how they were found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resolution {
    /// How the name reached its candidates; `None` when it reached none.
    pub method: Option<Method>,
    /// The candidates, best first (empty when nothing matched).
    pub candidates: Vec<Choice>,
}

impl Resolution {
    /// The winner, if any.
    pub fn best(&self) -> Option<&Choice> {
        self.candidates.first()
    }

    /// The candidates after the winner.
    pub fn runners_up(&self) -> &[Choice] {
        self.candidates.get(1..).unwrap_or(&[])
    }
}

/// Resolves bare names to gazetteer entities. Build it once ([`NameResolver::builder`]); it is
/// immutable and `Send + Sync`, shared by every row of `resolve` and every request of `serve`.
#[derive(Debug, Clone)]
pub struct NameResolver {
    gazetteer: Arc<Gazetteer>,
    matcher: Matcher,
    fuzzy: Option<FuzzyIndex>,
    /// Normalized last words of people's names of two words or more, with the aliases they end,
    /// sorted by key.
    surnames: Vec<(String, Vec<AliasIndex>)>,
    /// The resolver without user bias, used when a query has none.
    resolver: Resolver,
    /// The aliases of entity `e` are `entity_aliases[entity_offsets[e]..entity_offsets[e + 1]]`.
    entity_offsets: Vec<u32>,
    entity_aliases: Vec<AliasIndex>,
}

impl NameResolver {
    /// A builder with fuzzy matching on.
    pub fn builder() -> NameResolverBuilder {
        NameResolverBuilder::default()
    }

    /// The gazetteer names resolve against.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Every alias of `entity`, in load order (listed and generated).
    pub fn aliases_of(&self, entity: EntityIndex) -> impl Iterator<Item = AliasIndex> + '_ {
        let e = entity.0 as usize;
        let range = self.entity_offsets[e] as usize..self.entity_offsets[e + 1] as usize;
        self.entity_aliases[range].iter().copied()
    }

    /// Resolves one name, read whole and regardless of case.
    pub fn resolve(&self, name: &str, query: &NameQuery) -> Resolution {
        let name = name.trim();
        let key = normalize(name);
        if key.is_empty() || query.limit == 0 {
            return Resolution::default();
        }
        let usable = |a: &AliasIndex| {
            let alias = self.gazetteer.alias(*a);
            alias.alias_type != AliasType::Demonym
                && query.wants(self.gazetteer.entity(alias.entity))
        };
        let listed = |aliases: &[AliasIndex]| -> Vec<AliasIndex> {
            aliases
                .iter()
                .copied()
                .filter(|a| usable(a) && !self.gazetteer.alias(*a).generated)
                .collect()
        };
        let mut whole: Vec<AliasIndex> = self
            .matcher
            .pattern_id(&key)
            .map(|p| {
                self.matcher
                    .aliases(p)
                    .iter()
                    .copied()
                    .filter(usable)
                    .collect()
            })
            .unwrap_or_default();
        // A listed spelling beats a generated one of the same key ("Khankendi" is listed, and
        // also generated from "Xankəndi"): generation never adds a meaning to a listed name.
        if whole.iter().any(|a| !self.gazetteer.alias(*a).generated) {
            whole.retain(|a| !self.gazetteer.alias(*a).generated);
        }
        let (aliases, found) = if !whole.is_empty() {
            (whole, Found::Whole)
        } else if let Some(aliases) = self
            .surname(&key)
            .map(listed)
            .filter(|aliases| !aliases.is_empty())
        {
            (aliases, Found::Surname)
        } else if let Some((pattern, similarity)) = self.closest(&key, query) {
            (
                listed(self.matcher.aliases(pattern)),
                Found::Fuzzy(similarity),
            )
        } else if let Some((aliases, similarity)) = self.closest_surname(&key) {
            (listed(aliases), Found::Fuzzy(similarity))
        } else {
            return Resolution::default();
        };
        let biased;
        let resolver = if query.countries.is_empty() && query.bbox.is_none() {
            &self.resolver
        } else {
            biased = Resolver::with_options(ResolverOptions {
                countries: query.countries.clone(),
                bbox: query.bbox,
            });
            &biased
        };
        let ranked = resolver.rank_name(&self.gazetteer, name, aliases);
        self.score(ranked, found, query)
    }

    /// The aliases of people whose surname `key` (normalized) is.
    fn surname(&self, key: &str) -> Option<&[AliasIndex]> {
        self.surnames
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| self.surnames[i].1.as_slice())
    }

    /// The surname closest to `key` within the fuzzy bound, with the similarity its distance
    /// gives. The same guards as the fuzzy index: no key under [`MIN_CHARS`] characters, one
    /// edit up to [`ONE_EDIT_UP_TO_CHARS`], no surname plus or minus a suffix.
    fn closest_surname(&self, key: &str) -> Option<(&[AliasIndex], f64)> {
        self.fuzzy.as_ref()?;
        let len = key.chars().count();
        if len < MIN_CHARS {
            return None;
        }
        let bound = if len <= ONE_EDIT_UP_TO_CHARS { 1 } else { 2 };
        let first = key.chars().next()?;
        self.surnames
            .iter()
            .filter(|(k, _)| {
                k.starts_with(first)
                    && k.chars().count().abs_diff(len) <= bound
                    && !k.starts_with(key)
                    && !key.starts_with(k.as_str())
            })
            .map(|(k, aliases)| (strsim::osa_distance(k, key), aliases))
            .filter(|(d, _)| (1..=bound).contains(d))
            .min_by_key(|(d, _)| *d)
            .map(|(d, aliases)| (aliases.as_slice(), similarity_of(d)))
    }

    /// The closest fuzzy target of the query's kinds, with the similarity its distance gives.
    fn closest(&self, key: &str, query: &NameQuery) -> Option<(PatternId, f64)> {
        let index = self.fuzzy.as_ref()?;
        let allowed = |p: PatternId| {
            self.matcher.aliases(p).iter().any(|&a| {
                let alias = self.gazetteer.alias(a);
                let entity = self.gazetteer.entity(alias.entity);
                !alias.generated
                    && alias.alias_type != AliasType::Demonym
                    && query.wants(entity)
                    && is_fuzzy_target(entity)
            })
        };
        let (pattern, distance) = index.closest(&self.matcher, key, allowed)?;
        Some((pattern, similarity_of(distance)))
    }

    /// Turns the ranking into scores in [0, 1], keeps what the query asks for.
    fn score(&self, ranked: Vec<Ranked>, found: Found, query: &NameQuery) -> Resolution {
        let Some(top) = ranked.first().map(|r| r.score) else {
            return Resolution::default();
        };
        // Shares of a softmax over the scores, computed from the gaps to the top (no overflow).
        let weights: Vec<f64> = ranked
            .iter()
            .map(|r| (SHARE_SHARPNESS * (r.score - top)).exp())
            .collect();
        let total: f64 = weights.iter().sum();
        let similarity = |r: &Ranked| match found {
            Found::Fuzzy(similarity) => similarity,
            Found::Surname => SURNAME_SIMILARITY,
            Found::Whole if self.gazetteer.alias(r.alias).generated => VARIANT_SIMILARITY,
            Found::Whole => 1.0,
        };
        let method = match found {
            Found::Fuzzy(_) => Method::Fuzzy,
            Found::Surname => Method::Variant,
            Found::Whole if self.gazetteer.alias(ranked[0].alias).generated => Method::Variant,
            Found::Whole => Method::Exact,
        };
        let fuzzy = matches!(found, Found::Fuzzy(_));
        let candidates: Vec<Choice> = ranked
            .iter()
            .zip(&weights)
            .enumerate()
            .map(|(i, (r, weight))| {
                let score = round3(similarity(r) * weight / total);
                Choice {
                    entity: r.entity,
                    alias: r.alias,
                    score,
                    sure: i == 0 && !fuzzy && score >= SURE_AT_LEAST,
                    evidence: r.evidence.clone(),
                }
            })
            .filter(|c| c.score >= query.min_score)
            .take(query.limit)
            .collect();
        Resolution {
            method: (!candidates.is_empty()).then_some(method),
            candidates,
        }
    }

    /// Entities whose names start with `prefix` (ignoring case and diacritics), for
    /// auto-completion: names equal to the prefix first, then bigger places, at most `limit`.
    pub fn complete(&self, prefix: &str, kinds: &[EntityKind], limit: usize) -> Vec<EntityIndex> {
        let key = normalize(prefix);
        if key.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut found: Vec<(bool, u64, EntityIndex)> = Vec::new();
        for pattern in self
            .matcher
            .patterns_with_prefix(&key)
            .take(MAX_PREFIX_PATTERNS)
        {
            let whole = self.matcher.pattern(pattern) == key;
            for &a in self.matcher.aliases(pattern) {
                let alias = self.gazetteer.alias(a);
                let entity = self.gazetteer.entity(alias.entity);
                if alias.alias_type == AliasType::Demonym
                    || !(kinds.is_empty() || kinds.contains(&entity.kind))
                {
                    continue;
                }
                found.push((whole, entity.population, alias.entity));
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut seen = std::collections::HashSet::new();
        found
            .into_iter()
            .filter(|(_, _, e)| seen.insert(*e))
            .map(|(_, _, e)| e)
            .take(limit)
            .collect()
    }
}

/// How a name reached its aliases.
#[derive(Debug, Clone, Copy)]
enum Found {
    /// Whole, as an alias or a generated variant.
    Whole,
    /// As a person's surname.
    Surname,
    /// Fuzzily, with this similarity.
    Fuzzy(f64),
}

/// The similarity a fuzzy match of `distance` edits has: the scanner's fuzzy confidences.
fn similarity_of(distance: usize) -> f64 {
    if distance == 1 {
        CONFIDENCE_ONE_EDIT
    } else {
        CONFIDENCE_TWO_EDITS
    }
}

/// The normalized last word of every listed name of two words or more of every person, with
/// the aliases it ends, sorted by key for binary search.
fn surnames(gazetteer: &Gazetteer) -> Vec<(String, Vec<AliasIndex>)> {
    let mut keyed: Vec<(String, AliasIndex)> = gazetteer
        .aliases()
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.generated && gazetteer.entity(a.entity).kind == EntityKind::Person)
        .filter_map(|(i, a)| {
            let key = normalize(&a.text);
            let (_, last) = key.rsplit_once(' ')?;
            (last.chars().count() >= MIN_SURNAME_CHARS)
                .then(|| (last.to_string(), AliasIndex(i as u32)))
        })
        .collect();
    keyed.sort();
    let mut out: Vec<(String, Vec<AliasIndex>)> = Vec::new();
    for (key, alias) in keyed {
        match out.last_mut() {
            Some((last, aliases)) if *last == key => aliases.push(alias),
            _ => out.push((key, vec![alias])),
        }
    }
    out
}

/// Surnames shorter than this are not looked up alone ("Li", "Ng" name too many people).
const MIN_SURNAME_CHARS: usize = 4;

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GazetteerBuilder;

    const ENTITIES: &str = "\
entity_id,kind,name,latitude,longitude,country_code,feature_code,population,aliases
gn:146970,place,Stepanakert,39.8177,46.7528,AZ,PPLA,55000,Khankendi|Xankəndi
gn:1,place,Paris,48.85,2.35,FR,PPLC,2100000,
gn:2,place,Paris,33.66,-95.55,US,PPL,25000,
local:mnatsakanyan,person,Zohrab Mnatsakanyan,,,AM,,,Mnatsakanyan
gn:3,place,Armenia,40.0,45.0,AM,PCLI,3000000,
";

    fn resolver() -> NameResolver {
        let gazetteer = GazetteerBuilder::new()
            .variant_rules(None)
            .add_csv("t.csv", ENTITIES.as_bytes().to_vec())
            .unwrap()
            .build()
            .unwrap();
        NameResolver::builder().build(gazetteer).unwrap()
    }

    fn best_id(r: &NameResolver, name: &str, query: &NameQuery) -> Option<String> {
        let resolution = r.resolve(name, query);
        resolution
            .best()
            .map(|c| r.gazetteer().entity(c.entity).id.to_string())
    }

    #[test]
    fn whole_names_ignore_case_and_diacritics() {
        let r = resolver();
        let q = NameQuery::default();
        for name in [
            "Khankendi",
            "stepanakert",
            "XANKƏNDI",
            "Xankəndi",
            " Khankendi ",
        ] {
            let resolution = r.resolve(name, &q);
            let best = resolution.best().expect(name);
            assert_eq!(
                r.gazetteer().entity(best.entity).id.0,
                "gn:146970",
                "{name}"
            );
            assert_eq!(resolution.method, Some(Method::Exact));
            assert!(best.sure && best.score == 1.0, "{name}: {best:?}");
        }
    }

    #[test]
    fn same_named_places_share_the_score_and_the_bias_moves_it() {
        let r = resolver();
        let plain = r.resolve("Paris", &NameQuery::default());
        assert_eq!(plain.candidates.len(), 2);
        assert_eq!(
            r.gazetteer().entity(plain.candidates[0].entity).id.0,
            "gn:1"
        );
        assert!(plain.candidates[0].sure);
        assert!(plain.candidates[1].score < 0.1 && !plain.candidates[1].sure);
        let texas = NameQuery {
            countries: vec!["US".into()],
            ..NameQuery::default()
        };
        let biased = r.resolve("Paris", &texas);
        assert!(biased.candidates[0].score < plain.candidates[0].score);
        let sum: f64 = plain.candidates.iter().map(|c| c.score).sum();
        assert!((sum - 1.0).abs() < 0.01, "shares add up to the similarity");
    }

    #[test]
    fn misspelt_names_are_fuzzy_and_never_sure() {
        let r = resolver();
        let resolution = r.resolve("Mnatskanyan", &NameQuery::default());
        assert_eq!(resolution.method, Some(Method::Fuzzy));
        let best = resolution.best().expect("one edit from Mnatsakanyan");
        assert_eq!(r.gazetteer().entity(best.entity).id.0, "local:mnatsakanyan");
        assert!(!best.sure && best.score <= CONFIDENCE_ONE_EDIT);
        let off = NameResolver::builder()
            .fuzzy(false)
            .build(r.gazetteer().clone())
            .unwrap();
        assert!(off
            .resolve("Mnatskanyan", &NameQuery::default())
            .best()
            .is_none());
    }

    #[test]
    fn kinds_scores_and_limits_filter() {
        let r = resolver();
        let people = NameQuery {
            kinds: vec![EntityKind::Person],
            ..NameQuery::default()
        };
        assert_eq!(best_id(&r, "Paris", &people), None);
        assert_eq!(
            best_id(&r, "Mnatsakanyan", &people).as_deref(),
            Some("local:mnatsakanyan")
        );
        let strict = NameQuery {
            min_score: 0.5,
            ..NameQuery::default()
        };
        assert_eq!(r.resolve("Paris", &strict).candidates.len(), 1);
        let in_us = NameQuery {
            only_countries: vec!["US".into()],
            ..NameQuery::default()
        };
        assert_eq!(best_id(&r, "Paris", &in_us).as_deref(), Some("gn:2"));
        assert_eq!(best_id(&r, "Stepanakert", &in_us), None);
        let one = NameQuery {
            limit: 1,
            ..NameQuery::default()
        };
        assert_eq!(r.resolve("Paris", &one).candidates.len(), 1);
        assert_eq!(r.resolve("", &NameQuery::default()), Resolution::default());
        assert_eq!(r.resolve("  ", &NameQuery::default()).method, None);
        assert_eq!(
            r.resolve("Nowhere At All", &NameQuery::default()).method,
            None
        );
    }

    #[test]
    fn completes_prefixes_whole_names_first() {
        let r = resolver();
        let names: Vec<&str> = r
            .complete("par", &[], 10)
            .into_iter()
            .map(|e| r.gazetteer().entity(e).name.as_str())
            .collect();
        assert_eq!(names, ["Paris", "Paris"]);
        let ids: Vec<&str> = r
            .complete("arm", &[EntityKind::Place], 10)
            .into_iter()
            .map(|e| r.gazetteer().entity(e).id.0.as_str())
            .collect();
        assert_eq!(ids, ["gn:3"]);
        assert!(r.complete("", &[], 10).is_empty());
        let aliases: Vec<&str> = r
            .aliases_of(r.gazetteer().find("gn:146970").unwrap())
            .map(|a| r.gazetteer().alias(a).text.as_str())
            .collect();
        assert!(aliases.contains(&"Khankendi") && aliases.contains(&"Xankəndi"));
    }

    #[test]
    fn the_resolver_is_shared_across_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<NameResolver>();
    }
}
