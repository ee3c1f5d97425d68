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
pub mod cell;
pub mod layer;
mod record;

pub use record::record;

use std::collections::HashSet;
use std::sync::Arc;

use cell::{Area, CellReader};

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
        let cells = CellReader::new(&gazetteer);
        Ok(NameResolver {
            cells,
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
    /// Prefer places in these countries (ISO 3166-1 alpha-2), as `--country` does: a bias for
    /// a whole list, never a filter.
    pub countries: Vec<String>,
    /// What the row says about where this one name lies, beside its own cell: another column's
    /// value (`--country-column`, `--context-column`) or a reconciliation query's property
    /// (`country`, `context`). Read as a cell's context is, it narrows the candidates as the
    /// cell's own context does (see [`NameResolver::resolve`]).
    pub context: Vec<RowContext>,
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
            context: Vec::new(),
            bbox: None,
            min_score: 0.0,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl NameQuery {
    fn wants(&self, entity: &Entity) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&entity.kind)
    }
}

/// A value of the row that says where its name lies: a country's name or code, a first-order
/// division's name or abbreviation, or a reconciled entity's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowContext {
    /// The value as written (`Azerbaijan`, `AZ`, `Tex.`, `gn:587116`).
    pub text: String,
    /// Where it comes from, as the evidence names it: `column country`, `property country`.
    pub source: String,
    /// The value is a country (a country column or property): `Georgia` is then the country,
    /// never the state.
    pub country_only: bool,
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
    /// How a cell that was more than a name was read, in words: the context found (`"Tex."
    /// read as division Texas (US.TX)`), the other names (`also named "Khankendi"`), what was
    /// dropped (`"2020" dropped`) or not understood. Empty for a bare name.
    pub notes: Vec<String>,
    /// What in the cell or its row speaks against the winner, if anything: no candidate is then
    /// sure.
    pub conflict: Option<Conflict>,
}

/// What in a cell or its row speaks against its winner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// Two names in the cell (`Baku / Yerevan`) share no candidate.
    NamesDisagree,
    /// No candidate lies in the area the cell or its row gives (`Baku, Armenia`).
    OutsideContext,
}

/// Why a row is not resolved surely: the classes of `resolve`'s summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Doubt {
    /// No candidate at all.
    NoCandidate,
    /// Two names of the cell disagree.
    NamesDisagree,
    /// No candidate lies in the area the cell or its row gives.
    OutsideContext,
    /// Found only fuzzily (a spelling one or two edits away).
    FuzzyOnly,
    /// Several candidates score close: the winner keeps less than [`SURE_AT_LEAST`].
    SeveralClose,
    /// One candidate, reached by a generated variant or a surname alone.
    Weak,
}

impl Doubt {
    /// Its name in summaries and in the `--unresolved` file.
    pub fn as_str(self) -> &'static str {
        match self {
            Doubt::NoCandidate => "no candidate",
            Doubt::NamesDisagree => "names disagree",
            Doubt::OutsideContext => "outside the context",
            Doubt::FuzzyOnly => "fuzzy only",
            Doubt::SeveralClose => "several close",
            Doubt::Weak => "variant or surname only",
        }
    }
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

    /// Why the row is not a sure match, or `None` when it is.
    pub fn doubt(&self) -> Option<Doubt> {
        let best = match self.best() {
            None => return Some(Doubt::NoCandidate),
            Some(best) if best.sure => return None,
            Some(best) => best,
        };
        Some(match self.conflict {
            Some(Conflict::NamesDisagree) => Doubt::NamesDisagree,
            Some(Conflict::OutsideContext) => Doubt::OutsideContext,
            None if self.method == Some(Method::Fuzzy) => Doubt::FuzzyOnly,
            None if !self.runners_up().is_empty() && best.score < SURE_AT_LEAST => {
                Doubt::SeveralClose
            }
            None => Doubt::Weak,
        })
    }
}

/// A context the cell or its row gives, read: where it comes from and the areas it names.
#[derive(Debug, Clone)]
struct Within {
    /// As written.
    text: String,
    /// `cell`, `column country`, `property country`.
    source: String,
    /// The areas it names, any of which will do (`GA`: Georgia the state, or Gabon).
    areas: Vec<Area>,
}

/// How one name of a cell reached its aliases.
struct Reach {
    aliases: Vec<AliasIndex>,
    found: Found,
    /// The name as looked up (without the affix it was written with).
    name: String,
}

/// Resolves bare names to gazetteer entities. Build it once ([`NameResolver::builder`]); it is
/// immutable and `Send + Sync`, shared by every row of `resolve` and every request of `serve`.
#[derive(Debug, Clone)]
pub struct NameResolver {
    gazetteer: Arc<Gazetteer>,
    /// What a cell's pieces are read with.
    cells: CellReader,
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

    /// Resolves one cell: a name read whole and regardless of case, or, when no name matches
    /// the whole cell, the names and context the cell holds ([`cell`]).
    ///
    /// A context (from the cell, `Paris, Texas`, or from the row, [`NameQuery::context`])
    /// narrows the candidates to those inside the areas it names, and says so in their
    /// evidence (`country from the cell: AZ`); when no candidate lies there, all are kept, none
    /// is sure, and the resolution's [`Conflict`] says why. Two names of one cell (`Shusha
    /// (Shushi)`, `Shusha/Shushi`) keep the candidates both reach; names that share none are a
    /// conflict too, and the first name's candidates are kept unsure.
    pub fn resolve(&self, cell: &str, query: &NameQuery) -> Resolution {
        let cell = cell.trim();
        let key = normalize(cell);
        if key.is_empty() || query.limit == 0 {
            return Resolution::default();
        }
        let mut notes = Vec::new();
        let mut within = self.row_context(query, &mut notes);
        // A listed name or a generated variant, whole: most cells, and every name that has a
        // comma or brackets of its own.
        if let Some(aliases) = self.whole(&key, query) {
            let reach = Reach {
                aliases,
                found: Found::Whole,
                name: cell.to_string(),
            };
            return self.decide(reach, &[], &within, notes, query);
        }
        let pieces = cell::split(cell);
        for word in &pieces.dropped {
            notes.push(format!("{word:?} dropped"));
        }
        let mut main = self.reach(&pieces.name, query);
        if main.is_none() && !pieces.name.is_empty() {
            notes.push(format!("{:?} not understood", pieces.name));
        }
        let mut others: Vec<(String, HashSet<EntityIndex>)> = Vec::new();
        // How the first of the other names reached its aliases.
        let mut second: Option<Reach> = None;
        for piece in &pieces.others {
            let reached = self.reach(piece, query);
            let entities = reached
                .as_ref()
                .map(|r| cell::entities_of(&self.gazetteer, &r.aliases))
                .unwrap_or_default();
            let areas = self
                .cells
                .areas(&self.gazetteer, &self.matcher, piece, false);
            // A piece that names an area is the name's context, unless it also names one of
            // the name's own candidates (`Kyiv (Kiev)`: Kyiv is a division too).
            let same_entity = main.as_ref().is_some_and(|m| {
                m.aliases
                    .iter()
                    .any(|&a| entities.contains(&self.gazetteer.alias(a).entity))
            });
            if !areas.is_empty() && !same_entity {
                notes.push(format!(
                    "{piece:?} read as {}",
                    describe_areas(&self.gazetteer, &areas)
                ));
                within.push(Within {
                    text: piece.clone(),
                    source: "cell".into(),
                    areas,
                });
            } else if let Some(reached) = reached {
                if main.is_none() {
                    main = Some(reached);
                } else {
                    others.push((piece.clone(), entities));
                    second = second.or(Some(reached));
                }
            } else {
                notes.push(format!("{piece:?} not understood"));
            }
        }
        // The area written first (`Azerbaijan, Baku`, `Texas / Paris`): when the one other name
        // shares no candidate with it and has one inside it, that name is the cell's and the
        // first piece its context.
        if let (Some(first), Some(other), [(name, entities)]) = (&main, &second, others.as_slice())
        {
            let g = &self.gazetteer;
            let areas = self.cells.areas(g, &self.matcher, &pieces.name, false);
            let shared = first
                .aliases
                .iter()
                .any(|&a| entities.contains(&g.alias(a).entity));
            let inside = entities
                .iter()
                .any(|&e| areas.iter().any(|a| a.contains(g, g.entity(e))));
            if !shared && inside {
                notes.push(format!(
                    "{:?} read as {}, {name:?} as the name",
                    pieces.name,
                    describe_areas(g, &areas)
                ));
                within.push(Within {
                    text: pieces.name.clone(),
                    source: "cell".into(),
                    areas,
                });
                main = Some(Reach {
                    aliases: other.aliases.clone(),
                    found: other.found,
                    name: other.name.clone(),
                });
                others.clear();
            }
        }
        match main {
            Some(main) => self.decide(main, &others, &within, notes, query),
            None => Resolution {
                notes,
                ..Resolution::default()
            },
        }
    }

    /// The row's context values of `query`, read; values that name no area are noted.
    fn row_context(&self, query: &NameQuery, notes: &mut Vec<String>) -> Vec<Within> {
        query
            .context
            .iter()
            .filter(|c| !c.text.trim().is_empty())
            .filter_map(|c| {
                // A context value may itself be a list (`Paris, Texas` in a context column
                // gives Texas; `Texas, USA` gives both).
                let mut areas = self.cells.areas(
                    &self.gazetteer,
                    &self.matcher,
                    c.text.trim(),
                    c.country_only,
                );
                if areas.is_empty() {
                    let pieces = cell::split(&c.text);
                    for piece in std::iter::once(&pieces.name).chain(&pieces.others) {
                        areas.extend(self.cells.areas(
                            &self.gazetteer,
                            &self.matcher,
                            piece,
                            c.country_only,
                        ));
                    }
                }
                if areas.is_empty() {
                    notes.push(format!("{:?} ({}) not understood", c.text, c.source));
                    return None;
                }
                Some(Within {
                    text: c.text.trim().to_string(),
                    source: c.source.clone(),
                    areas,
                })
            })
            .collect()
    }

    /// The listed aliases (or, failing those, the generated variants) whose key is `key`.
    fn whole(&self, key: &str, query: &NameQuery) -> Option<Vec<AliasIndex>> {
        let pattern = self.matcher.pattern_id(key)?;
        let mut whole: Vec<AliasIndex> = self
            .matcher
            .aliases(pattern)
            .iter()
            .copied()
            .filter(|&a| self.usable(a, query))
            .collect();
        // A listed spelling beats a generated one of the same key ("Khankendi" is listed, and
        // also generated from "Xankəndi"): generation never adds a meaning to a listed name.
        if whole.iter().any(|a| !self.gazetteer.alias(*a).generated) {
            whole.retain(|a| !self.gazetteer.alias(*a).generated);
        }
        (!whole.is_empty()).then_some(whole)
    }

    fn usable(&self, a: AliasIndex, query: &NameQuery) -> bool {
        let alias = self.gazetteer.alias(a);
        alias.alias_type != AliasType::Demonym && query.wants(self.gazetteer.entity(alias.entity))
    }

    /// How one name of a cell reaches aliases: whole, then without its affix (`City of Baku`),
    /// then as a surname, then fuzzily.
    fn reach(&self, name: &str, query: &NameQuery) -> Option<Reach> {
        let key = normalize(name);
        if key.is_empty() {
            return None;
        }
        let reach = |aliases, found, name: &str| Reach {
            aliases,
            found,
            name: name.to_string(),
        };
        if let Some(aliases) = self.whole(&key, query) {
            return Some(reach(aliases, Found::Whole, name));
        }
        let (name, key) = match self.cells.strip_affix(name) {
            Some(bare) => {
                let bare_key = normalize(bare);
                if let Some(aliases) = self.whole(&bare_key, query) {
                    return Some(reach(aliases, Found::Whole, bare));
                }
                (bare, bare_key)
            }
            None => (name, key),
        };
        let listed = |aliases: &[AliasIndex]| -> Vec<AliasIndex> {
            aliases
                .iter()
                .copied()
                .filter(|&a| self.usable(a, query) && !self.gazetteer.alias(a).generated)
                .collect()
        };
        if let Some(aliases) = self
            .surname(&key)
            .map(listed)
            .filter(|aliases| !aliases.is_empty())
        {
            Some(reach(aliases, Found::Surname, name))
        } else if let Some((pattern, similarity)) = self.closest(&key, query) {
            Some(reach(
                listed(self.matcher.aliases(pattern)),
                Found::Fuzzy(similarity),
                name,
            ))
        } else {
            self.closest_surname(&key)
                .map(|(aliases, similarity)| reach(listed(aliases), Found::Fuzzy(similarity), name))
        }
    }

    /// Ranks the main name's candidates, keeps those the other names agree on and those inside
    /// the context, and scores them.
    fn decide(
        &self,
        main: Reach,
        others: &[(String, HashSet<EntityIndex>)],
        within: &[Within],
        mut notes: Vec<String>,
        query: &NameQuery,
    ) -> Resolution {
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
        let mut ranked = resolver.rank_name(&self.gazetteer, &main.name, main.aliases);
        let mut conflict = None;
        for (name, entities) in others {
            if ranked.iter().any(|r| entities.contains(&r.entity)) {
                ranked.retain(|r| entities.contains(&r.entity));
                notes.push(format!("also named {name:?}"));
                for r in &mut ranked {
                    r.evidence
                        .push_str(&format!("; also named {name:?} in the cell"));
                }
            } else {
                conflict = Some(Conflict::NamesDisagree);
                notes.push(format!("names disagree: {name:?} is not {:?}", main.name));
            }
        }
        if !within.is_empty() {
            let g = &self.gazetteer;
            // For each candidate, the area of each context it lies in (all must hold).
            let placed: Vec<Option<Vec<&Area>>> = ranked
                .iter()
                .map(|r| {
                    let entity = g.entity(r.entity);
                    within
                        .iter()
                        .map(|w| w.areas.iter().find(|a| a.contains(g, entity)))
                        .collect()
                })
                .collect();
            if placed.iter().any(Option::is_some) {
                let mut kept = Vec::with_capacity(ranked.len());
                for (mut r, areas) in ranked.into_iter().zip(placed) {
                    let Some(areas) = areas else { continue };
                    for (w, area) in within.iter().zip(areas) {
                        r.evidence
                            .push_str(&format!("; {}", context_evidence(g, area, &w.source)));
                    }
                    kept.push(r);
                }
                ranked = kept;
            } else {
                conflict = conflict.or(Some(Conflict::OutsideContext));
                let given: Vec<String> = within
                    .iter()
                    .map(|w| format!("{:?} ({})", w.text, w.source))
                    .collect();
                notes.push(format!("no candidate lies in {}", given.join(" and ")));
                for r in &mut ranked {
                    r.evidence
                        .push_str(&format!("; not in {} as given", given.join(" and ")));
                }
            }
        }
        let mut resolution = self.score(ranked, main.found, conflict.is_some(), query);
        resolution.notes = notes;
        resolution.conflict = conflict;
        resolution
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
    fn score(
        &self,
        ranked: Vec<Ranked>,
        found: Found,
        conflict: bool,
        query: &NameQuery,
    ) -> Resolution {
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
                    sure: i == 0 && !fuzzy && !conflict && score >= SURE_AT_LEAST,
                    evidence: r.evidence.clone(),
                }
            })
            .filter(|c| c.score >= query.min_score)
            .take(query.limit)
            .collect();
        Resolution {
            method: (!candidates.is_empty()).then_some(method),
            candidates,
            ..Resolution::default()
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

/// `country AZ`, or `division Georgia (US.GA) or country GA`.
fn describe_areas(gazetteer: &Gazetteer, areas: &[Area]) -> String {
    areas
        .iter()
        .map(|a| a.describe(gazetteer))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The evidence of a candidate inside a context: `country from the cell: AZ`, `division from
/// the column state: Texas (US.TX)`.
fn context_evidence(gazetteer: &Gazetteer, area: &Area, source: &str) -> String {
    match area {
        Area::Country(code) => format!("country from the {source}: {code}"),
        Area::Division(_) => {
            let described = area.describe(gazetteer);
            let rest = described.strip_prefix("division ").unwrap_or(&described);
            format!("division from the {source}: {rest}")
        }
    }
}

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
        // A row's country narrows; with no candidate there, all stay and none is sure.
        let in_us = NameQuery {
            context: vec![RowContext {
                text: "US".into(),
                source: "property country".into(),
                country_only: true,
            }],
            ..NameQuery::default()
        };
        assert_eq!(best_id(&r, "Paris", &in_us).as_deref(), Some("gn:2"));
        let elsewhere = r.resolve("Stepanakert", &in_us);
        assert_eq!(elsewhere.conflict, Some(Conflict::OutsideContext));
        assert!(!elsewhere.best().unwrap().sure);
        assert_eq!(elsewhere.doubt(), Some(Doubt::OutsideContext));
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
