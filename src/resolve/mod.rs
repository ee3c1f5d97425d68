//! Turning name matches into mentions of one entity each.
//!
//! A matched name may belong to several entities (a country and a village, two cities called
//! Tripoli). Each candidate is scored on evidence, and the evidence is written on the mention:
//!
//! - **prior**: what it is (countries and continents over first-order divisions and capitals,
//!   over seats of divisions, over other places) and how big it is (population breaks ties
//!   within a rank);
//! - **country focus**: the share of the document's confidently resolved places that lie in the
//!   candidate's country ("Tripoli" among Benghazi and Misrata is in Libya);
//! - **container**: "A, B" where B is a country or first-order division containing a candidate
//!   of A ("Paris, Texas");
//! - **user bias**: `--country` codes and a `--bbox` the user knows the news is about.
//!
//! The best candidate wins; the runners-up are kept on the mention, and a close call is flagged
//! `ambiguous` rather than passed off as certain.
//!
//! People get their own document-level passes afterwards (see [`crate::people`]).
//!
//! The files: `prior.rs` scores what each candidate is, `context.rs` adds what the rest of the
//! document says, `evidence.rs` keeps the reasons as values and writes the winner's in words,
//! `weights.rs` reads how much each kind of evidence counts (`data/resolve-weights.csv`),
//! `options.rs` holds what the user says of the news (`--country`, `--bbox`), `decide.rs` makes
//! the best candidate the mention, `embedded.rs` tells a place's name from the same name inside
//! a building's or a feature's ("Manila Cathedral"), `alias_risk.rs` asks the document to
//! support a name that may mean something else, `adjectives.rs` reads a Russian town named like
//! an adjective as the adjective where it agrees with the next word ("по Московскому времени"),
//! `noun_heads.rs` a town named by a common noun ("Остров") as the head of the longer name
//! it starts ("Острова Уайт"), `quoted.rs` a name in quotes after a common noun as a thing's ("автомобиль «Славута»"). Local news has its own evidence:
//! `story_area.rs` (near the story's clear places), `outlet_home.rs` (in the outlet's home
//! area), `neighbours.rs` (in a country next to the story's).

mod adjectives;
mod alias_risk;
mod compound;
mod context;
mod decide;
mod embedded;
mod evidence;
mod features;
mod institution;
mod neighbours;
mod noun_heads;
mod options;
mod outlet_home;
mod prior;
mod quoted;
mod readings;
mod story_area;
mod weights;

use std::collections::HashMap;
use std::sync::Arc;

use crate::gazetteer::{AliasIndex, AliasType, Entity, EntityIndex, EntityKind, Gazetteer};
use crate::geography::{AbbreviationStyle, Geography};
use crate::language::Lang;
use crate::matcher::{Matcher, NameMatch};
use crate::mention::Mention;
use crate::normalize::{normalize, same_key, same_lower_case};
use crate::outlet::OutletHome;

pub(crate) use adjectives::is_adjective_shaped;
use context::{add_containers, add_country_focus, add_division_focus, add_written_states};
use decide::decide;
use evidence::{Evidence, Share, UserBias};
use features::{add_feature_words, physical_rank};
pub use features::{
    FeatureKind, FeatureWords, CURATED_FEATURE_SCALERANK, EMBEDDED_FEATURE_WORDS,
    FEATURE_RANK_STEP, FEATURE_RANK_TOP, FEATURE_WORD_WINDOW,
};
use neighbours::add_neighbours;
pub use neighbours::{
    are_neighbours, neighbours_of, EMBEDDED_NEIGHBOURS, IN_PLAY_WEIGHT, NEIGHBOUR_WEIGHT,
};
pub use options::{Bbox, ResolverOptions};
use outlet_home::add_outlet_home;
pub use outlet_home::{HOME_RADIUS_KM, OUTLET_HOME_WEIGHT};
use prior::{
    feature_rank, population_score, prefer_cities_over_smaller_divisions,
    prefer_metropolis_over_its_division,
};
use readings::read_both_ways;
use story_area::add_story_area;
pub use story_area::{STORY_RADIUS_KM, SURE_ANCHORS};
pub use weights::{
    CandidateFeatures, NameCandidates, ScoredCandidate, Weights, EMBEDDED_WEIGHTS, WEIGHT_COUNT,
    WEIGHT_NAMES,
};

/// Below this confidence a mention is flagged ambiguous. A candidate one feature rank ahead of
/// its runner-up reaches 0.93; same-rank places whose populations differ by less than a factor of
/// about 5, with no other evidence, stay under it.
pub const AMBIGUOUS_BELOW: f64 = 0.75;

/// How many runner-up candidates a mention keeps.
pub const MAX_RUNNERS_UP: usize = 3;

/// Score added in proportion to the share of the document's confident places that lie in the
/// candidate's country: a document entirely about one country moves a candidate there by 1.5,
/// more than one feature rank, so a village in the story's country beats a same-named town abroad.
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const COUNTRY_FOCUS_WEIGHT: f64 = 1.5;

/// Score added to both names of "A, B" when B is a country or division containing A: the writer
/// has said which one they mean, so it outweighs rank and focus.
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const CONTAINER_BONUS: f64 = 3.0;

/// Score added to a candidate inside the state written after its name as an abbreviation
/// (`Springfield, Ill.`, `PARIS, Tenn. (AP) —`): more than the prior's whole range (ranks 1 to
/// 6, population and spelling under 2), since the writer has said which one they mean.
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const WRITTEN_STATE_BONUS: f64 = 6.0;

/// Score added to a candidate whose alias is written exactly as the text (ignoring case only):
/// diacritics are information, so "Şuşa" leans to Shusha (alias "Şuşa") over Sousse (alias
/// "Susa"), which it matches only after folding. Half a rank: it settles close calls only.
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const EXACT_SPELLING_BONUS: f64 = 0.5;

/// Score added to a candidate whose own name the text is, over candidates it only matches
/// through an alternate name: "Goris" is the town in Armenia, not an old spelling of Gori.
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const CANONICAL_NAME_BONUS: f64 = 0.5;

/// Score taken from a candidate matched only through an alternate name when the text is another
/// candidate's own name: GeoNames alternate names include foreign and historic spellings
/// ("Goris" for Gori, "Salisbury" for Harare), which should not outrank the place that is called
/// that. Three feature ranks, so a capital's old name goes to the town of that name; a country
/// still keeps a name it shares with a town ("Holland").
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const ALTERNATE_NAME_PENALTY: f64 = 3.0;

/// Score added to a physical feature with a word of its kind near its name (`data/feature-words.csv`:
/// "river", "banks", "flooded" for a river or lake; "mount", "summit", "island" for a mountain or
/// island): four feature ranks, more than a first-order division with its population (5 and up
/// to 0.8) is ahead of a regional feature (2.5, see [`FEATURE_RANK_STEP`]), so that "refugees
/// crossed the Tartar river" is the river and "the Kura burst its banks" is not Chur.
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const FEATURE_WORDS_BONUS: f64 = 4.0;

/// Score added in proportion to how much of the document's clear places a candidate lies near
/// or in (see [`STORY_RADIUS_KM`], [`SURE_ANCHORS`]): a story wholly around one town moves its
/// namesake there by 2.5, which with the two focus votes closes the gap from a town to a capital
/// of its name (Paris, Texas: PPLA2 against PPLC, about 2.4 with populations) without a
/// written state. Measured on lgl-dev and GeoWebNews (README "Local news"): 1.5, 2.5 and 3.5
/// place .780, .782 and .786 of lgl-dev within 161 km, and .929, .931 and .929 of GeoWebNews.
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const STORY_AREA_WEIGHT: f64 = 2.5;

/// Score added to candidates in the user's `--country` list or inside their `--bbox`.
pub const USER_BIAS: f64 = 2.0;

/// A first-pass resolution counts toward the document's country focus when its winner leads the
/// runner-up by at least this much (one feature rank), or has no runner-up.
pub const CONFIDENT_MARGIN: f64 = 1.0;

/// The weight of the division focus (see [`COUNTRY_FOCUS_WEIGHT`]): on top of the country's,
/// enough to choose among same-named towns of one country ("Orange County", "Springfield").
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const DIVISION_FOCUS_WEIGHT: f64 = 1.0;

/// A city this populous, named like the division around it, takes the bare name.
pub const METROPOLIS_POPULATION: u64 = 1_000_000;

/// How far such a city is put ahead of its division: a clear but not a confident margin, so
/// that other evidence (a country focus elsewhere, "the state of") still counts.
pub const METROPOLIS_MARGIN: f64 = 0.5;

/// A first-order division gives way to a city of its name that has at least this many times its
/// population: "Portland" is the city in Oregon, not the Jamaican parish.
pub const CITY_OVER_DIVISION_RATIO: u64 = 2;

/// Bytes reserved for a winner's evidence text (see `Scored::evidence_text`).
const EVIDENCE_CAPACITY: usize = 128;

/// Resolves matches to entities; immutable and shared across threads.
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    options: ResolverOptions,
    /// Division abbreviations and small places; `None` reads no abbreviation.
    geography: Option<Arc<Geography>>,
    /// How much each kind of evidence counts.
    weights: Weights,
}

/// One candidate for a bare name, as [`Resolver::rank_name`] scores it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The candidate entity.
    pub entity: EntityIndex,
    /// The alias through which the name reached it.
    pub alias: AliasIndex,
    /// The resolver's score: higher is better, comparable within one name only.
    pub score: f64,
    /// Why, in words (`PPLA (+4.0); population 4064 (+0.36)`).
    pub evidence: String,
}

/// One candidate of one match, with its score so far and why.
#[derive(Debug, Clone, PartialEq)]
struct Scored {
    entity: EntityIndex,
    alias: AliasIndex,
    score: f64,
    /// Why, as values: a document keeps every candidate until it decides, and only the winner's
    /// evidence is ever written out.
    evidence: Evidence,
}

impl Scored {
    /// The alias is the entity's own name (it earned the `own_name` weight).
    fn own_name(&self) -> bool {
        self.evidence.own_name
    }

    /// The evidence in words (`PPLA (+4.0); population 4064 (+0.36)`).
    fn evidence_text(&self, gazetteer: &Gazetteer, weights: &Weights) -> String {
        // Room for most texts at once (median 80 bytes over the corpora's texts, two in three
        // under 128), instead of growing through 8, 16, 32 and 64 bytes.
        let mut text = String::with_capacity(EVIDENCE_CAPACITY);
        self.evidence
            .write(&mut text, gazetteer, weights, self.entity, self.alias)
            .expect("writing to a String does not fail");
        text
    }
}

impl Resolver {
    /// A resolver with no user bias.
    pub fn new() -> Self {
        Self::default()
    }

    /// A resolver that prefers the given countries and area.
    pub fn with_options(options: ResolverOptions) -> Self {
        let countries = options
            .countries
            .iter()
            .map(|c| c.trim().to_ascii_uppercase())
            .collect();
        Resolver {
            options: ResolverOptions {
                countries,
                ..options
            },
            geography: None,
            weights: Weights::embedded(),
        }
    }

    /// The same resolver, weighing the evidence with `weights` instead of the embedded ones.
    pub fn with_weights(mut self, weights: Weights) -> Self {
        self.weights = weights;
        self
    }

    /// The weights this resolver scores with.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The division abbreviations and small places this resolver reads, if any.
    pub fn geography(&self) -> Option<&Geography> {
        self.geography.as_deref()
    }

    /// The same resolver, reading the division abbreviations of `geography` after names
    /// (`Springfield, Ill.`).
    pub fn with_geography(mut self, geography: Arc<Geography>) -> Self {
        self.geography = Some(geography);
        self
    }

    /// Resolves the matches of one document into mentions, in text order.
    pub fn resolve(
        &self,
        gazetteer: &Gazetteer,
        matcher: &Matcher,
        doc: &Arc<str>,
        original: &str,
        matches: &[NameMatch],
    ) -> Vec<Mention> {
        self.resolve_checked(gazetteer, matcher, doc, original, matches, true, None)
    }

    /// [`Resolver::resolve`] for a document of an outlet whose home is known
    /// (`outlet_home.rs`).
    pub fn resolve_at_home(
        &self,
        gazetteer: &Gazetteer,
        matcher: &Matcher,
        doc: &Arc<str>,
        original: &str,
        matches: &[NameMatch],
        home: Option<&OutletHome>,
    ) -> Vec<Mention> {
        self.resolve_checked(gazetteer, matcher, doc, original, matches, true, home)
    }

    /// [`Resolver::resolve`] for names recovered fuzzily, which the fuzzy pass admits only
    /// where their country is in play in the document: the document's support that a risky
    /// name needs is checked there (`alias_risk.rs`), and these matches are resolved without
    /// the rest of the document to check it against.
    pub(crate) fn resolve_recovered(
        &self,
        gazetteer: &Gazetteer,
        matcher: &Matcher,
        doc: &Arc<str>,
        original: &str,
        matches: &[NameMatch],
    ) -> Vec<Mention> {
        self.resolve_checked(gazetteer, matcher, doc, original, matches, false, None)
    }

    // The document's text, its matches and what is known around it (the risk check, the
    // outlet's home) are separate inputs of one call.
    #[allow(clippy::too_many_arguments)]
    fn resolve_checked(
        &self,
        gazetteer: &Gazetteer,
        matcher: &Matcher,
        doc: &Arc<str>,
        original: &str,
        matches: &[NameMatch],
        check_risk: bool,
        home: Option<&OutletHome>,
    ) -> Vec<Mention> {
        let (matches, scored) =
            self.score_document(gazetteer, matcher, original, matches, check_risk, home);
        // Nearly every name becomes a mention: room for all at once.
        let mut mentions: Vec<Mention> = Vec::with_capacity(matches.len());
        mentions.extend(
            matches
                .iter()
                .zip(scored)
                .filter_map(|(found, candidates)| {
                    decide(gazetteer, &self.weights, doc, original, found, candidates)
                }),
        );
        if matches
            .iter()
            .any(|m| m.also.is_some() && m.ending.is_none())
        {
            read_both_ways(gazetteer, matcher, original, &matches, &mut mentions);
        }
        mentions
    }

    /// What [`Resolver::resolve`] weighed for each name it kept: every candidate, best first,
    /// with its score and its features (the values the weights multiply), for fitting the
    /// weights (see [`crate::eval::weights`]).
    pub fn candidates(
        &self,
        gazetteer: &Gazetteer,
        matcher: &Matcher,
        original: &str,
        matches: &[NameMatch],
    ) -> Vec<NameCandidates> {
        let (matches, scored) =
            self.score_document(gazetteer, matcher, original, matches, true, None);
        matches
            .iter()
            .zip(scored)
            .map(|(found, candidates)| NameCandidates {
                start: found.start,
                end: found.end,
                candidates: candidates
                    .iter()
                    .map(|c| {
                        let values = c.evidence.values(gazetteer.entity(c.entity));
                        let mut features = CandidateFeatures {
                            offset: 0.0,
                            values,
                        };
                        // Whatever of the score no weight gave: the rank and the margins.
                        features.offset = c.score - self.weights.score(&features);
                        ScoredCandidate {
                            entity: c.entity,
                            score: c.score,
                            features,
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    /// The names of one document that stay, each with its candidates scored on all the
    /// evidence, best first.
    fn score_document(
        &self,
        gazetteer: &Gazetteer,
        matcher: &Matcher,
        original: &str,
        matches: &[NameMatch],
        check_risk: bool,
        home: Option<&OutletHome>,
    ) -> (Vec<NameMatch>, Vec<Vec<Scored>>) {
        // "Mississippi State" the team is the state's name embedded in the team's.
        let narrowed = institution::narrow_institutions(matcher, original, matches);
        let matches = narrowed.as_deref().unwrap_or(matches);
        // Room for every name at once: few are dropped here.
        let mut kept: Vec<NameMatch> = Vec::with_capacity(matches.len());
        let mut scored: Vec<Vec<Scored>> = Vec::with_capacity(matches.len());
        for m in matches {
            let candidates = self.prior_candidates(gazetteer, matcher, original, m);
            if let Some(best) = candidates.first().map(|c| gazetteer.entity(c.entity)) {
                let feature = best.scalerank.is_some();
                if best.kind == EntityKind::Place
                    && (heads_another_name(original, m.end)
                        || embedded::inside_other_name(original, m.start, m.end, feature)
                        || compound::combining_form(original, m.start, m.end, &best.name))
                {
                    continue;
                }
            }
            kept.push(*m);
            scored.push(candidates);
        }
        let matches = kept;
        if let Some(home) = home {
            add_outlet_home(gazetteer, &self.weights, home, &mut scored);
        }
        // States written after names vote in the focus as clear places do, through lists of
        // one candidate appended for the vote only (a list of one is never rescored).
        let names = scored.len();
        if let Some(geography) = &self.geography {
            let votes = add_written_states(
                gazetteer,
                geography,
                self.weights.written_state,
                original,
                &matches,
                &mut scored,
            );
            scored.extend(votes);
        }
        add_feature_words(
            gazetteer,
            self.weights.feature_words,
            original,
            &matches,
            &mut scored,
        );
        // The document's votes (focus, neighbours, story area) only move candidates of a name
        // that has two or more; the votes appended above are lists of one. A document whose
        // every name has one candidate left (most short stories) has nothing to weigh, and the
        // passes' tallies and hash maps are not built for it.
        if scored[..names]
            .iter()
            .any(|candidates| candidates.len() > 1)
        {
            self.add_document_votes(gazetteer, &mut scored);
        } else if cfg!(debug_assertions) {
            let mut weighed = scored.clone();
            self.add_document_votes(gazetteer, &mut weighed);
            assert_eq!(weighed, scored, "nothing to weigh, nothing weighed");
        }
        scored.truncate(names);
        add_containers(
            gazetteer,
            self.weights.container,
            original,
            &matches,
            &mut scored,
        );
        if check_risk {
            alias_risk::drop_unsupported(gazetteer, &matches, &mut scored);
            adjectives::drop_agreeing_adjectives(gazetteer, original, &matches, &mut scored);
            noun_heads::drop_noun_heads(gazetteer, original, &matches, &mut scored);
            quoted::drop_quoted_things(original, &matches, &mut scored);
        }
        (matches, scored)
    }

    /// The votes of the document's clear places for each name's candidates: their country,
    /// the countries next door, their division, the story's area.
    fn add_document_votes(&self, gazetteer: &Gazetteer, scored: &mut [Vec<Scored>]) {
        add_country_focus(gazetteer, self.weights.country_focus, scored);
        add_neighbours(gazetteer, &self.weights, scored);
        add_division_focus(gazetteer, self.weights.division_focus, scored);
        add_story_area(gazetteer, self.weights.story_area, scored);
    }

    /// Ranks the entities that `aliases` name as candidates for the bare name `surface`, on the
    /// prior evidence alone (rank, population, own name, spelling, the user's bias): what a name
    /// means with no document around it, as for a spreadsheet cell. Best first.
    pub fn rank_name(
        &self,
        gazetteer: &Gazetteer,
        surface: &str,
        aliases: impl IntoIterator<Item = AliasIndex>,
    ) -> Vec<Ranked> {
        self.score_aliases(gazetteer, surface, aliases, None)
            .into_iter()
            .map(|c| Ranked {
                entity: c.entity,
                alias: c.alias,
                score: c.score,
                evidence: c.evidence_text(gazetteer, &self.weights),
            })
            .collect()
    }

    /// The candidates of one match with their prior scores (and user bias), best first.
    fn prior_candidates(
        &self,
        gazetteer: &Gazetteer,
        matcher: &Matcher,
        original: &str,
        found: &NameMatch,
    ) -> Vec<Scored> {
        let surface = found.surface(original);
        let mut scored = self.score_aliases(
            gazetteer,
            surface,
            matcher.aliases_of(found, original),
            found.lang,
        );
        if let Some(ending) = found.ending {
            readings::keep_named_enough(
                gazetteer,
                ending,
                matcher.aliases_of(found, original),
                &mut scored,
            );
        }
        if found.ending.is_some() {
            // An inflected form counts under the spelling the writer chose: of the entity's
            // aliases that fold to the same key as the one kept, the one the word starts with as
            // written (Ağdam|da counts as Ağdam, not Agdam). Only a spelling of the same key: a
            // shorter variant that the word also starts with (Праг for Праг|е) is no spelling
            // of the name.
            let word = surface.to_lowercase();
            for c in &mut scored {
                let kept = &gazetteer.alias(c.alias).text;
                let written = |text: &str| word.starts_with(text.to_lowercase().as_str());
                if written(kept) {
                    continue;
                }
                let key = normalize(kept);
                if let Some(a) = matcher.aliases_of(found, original).find(|&a| {
                    let alias = gazetteer.alias(a);
                    alias.entity == c.entity
                        && written(&alias.text)
                        && normalize(&alias.text) == key
                }) {
                    c.alias = a;
                }
            }
        }
        scored
    }

    /// One candidate per entity that `aliases` name, scored on the prior evidence, best first.
    /// `paragraph`: the language of the paragraph the name is in, if it is one with endings.
    fn score_aliases(
        &self,
        gazetteer: &Gazetteer,
        surface: &str,
        aliases: impl IntoIterator<Item = AliasIndex>,
        paragraph: Option<Lang>,
    ) -> Vec<Scored> {
        let mut aliases = aliases.into_iter();
        // The cheap path: a name that reaches one alias has one candidate, and nothing below
        // can change it. Its alias is the group's choice (a group of one); the owner search
        // marks only candidates other than the owner, and there is no other; the metropolis
        // and city-over-division rules move one candidate against another. So the name skips
        // them and the grouping's allocation, with the same score and evidence.
        let first = aliases.next();
        let second = aliases.next();
        if let (Some(only), None) = (first, second) {
            let entity = gazetteer.alias(only).entity;
            let single = vec![self.score_candidate(gazetteer, surface, entity, only)];
            debug_assert_eq!(
                single,
                self.score_grouped(gazetteer, surface, [only], paragraph),
                "the cheap path scores as the full one"
            );
            return single;
        }
        self.score_grouped(
            gazetteer,
            surface,
            first.into_iter().chain(second).chain(aliases),
            paragraph,
        )
    }

    /// [`Resolver::score_aliases`] for any number of aliases: grouped by entity, scored, and
    /// weighed against each other.
    fn score_grouped(
        &self,
        gazetteer: &Gazetteer,
        surface: &str,
        aliases: impl IntoIterator<Item = AliasIndex>,
        paragraph: Option<Lang>,
    ) -> Vec<Scored> {
        // Is this alias the name the paragraph's language writes (a tag it admits)?
        let tagged_in_paragraph = |a: AliasIndex| tagged_in(gazetteer, a, paragraph);
        // One candidate per entity, keeping its alias for this surface in the paragraph's
        // language if it has one ("Zəngilan", tagged `az`, over the untagged "Zengilan" that
        // folds alike), and among those its first preferred one, else its last. Grouped by a
        // stable sort, not a hash map: most names have one or two aliases, and a map hashed and
        // allocated for each cost more than the scoring. (The order of `out` is the sort's
        // below, whatever the order it is built in.)
        let mut by_entity: Vec<(EntityIndex, AliasIndex)> = aliases
            .into_iter()
            .map(|a| (gazetteer.alias(a).entity, a))
            .collect();
        by_entity.sort_by_key(|&(entity, _)| entity);
        let preferred = |a: AliasIndex| gazetteer.alias(a).alias_type == AliasType::Preferred;
        let best_alias = by_entity.chunk_by(|a, b| a.0 == b.0).map(|group| {
            let in_language = group.iter().any(|&(_, a)| tagged_in_paragraph(a));
            let kept = || {
                group
                    .iter()
                    .filter(move |&&(_, a)| !in_language || tagged_in_paragraph(a))
            };
            *kept()
                .find(|&&(_, a)| preferred(a))
                .or_else(|| kept().next_back())
                .expect("chunks are not empty")
        });
        let mut out: Vec<Scored> = best_alias
            .map(|(entity, alias)| self.score_candidate(gazetteer, surface, entity, alias))
            .collect();
        // Best prior first, ties by entity: the owner below is then the likeliest candidate
        // going by the name, the same in every run (the map's order is seeded at random).
        sort_candidates(&mut out);
        let by_own_name = out.iter().find(|c| c.own_name()).map(|c| c.entity);
        // Where no candidate goes by the name itself, in a paragraph of Russian, Armenian,
        // Azerbaijani or Turkish the name that language writes for exactly one of them (Gəncə,
        // Azerbaijani, for Ganja) owns it against the others' untagged alternates (GeoNames
        // lists Gəncə for Yevlakh too).
        let in_paragraph_language = |c: &Scored| tagged_in_paragraph(c.alias);
        let by_language = || {
            let mut tagged = out.iter().filter(|c| in_paragraph_language(c));
            match (tagged.next(), tagged.next()) {
                (Some(only), None) => Some(only.entity),
                _ => None,
            }
        };
        if let Some(owner) = by_own_name.or_else(by_language) {
            // Only spellings of the kind GeoNames lists as alternates; an abbreviation ("UN") or a
            // curated short or contested name is what its entity is called.
            let alternate = |c: &Scored| {
                matches!(
                    gazetteer.alias(c.alias).alias_type,
                    AliasType::Variant | AliasType::Transliteration | AliasType::Historic
                )
            };
            // "St. Paul" is Saint Paul's own name abbreviated, not a foreign spelling of it: the
            // river St. Paul in Liberia does not take it from the city.
            let abbreviated = |c: &Scored| {
                let written = &gazetteer.alias(c.alias).text;
                let expanded = written
                    .strip_prefix("St. ")
                    .or_else(|| written.strip_prefix("St "))
                    .map(|rest| format!("Saint {rest}"));
                expanded
                    .is_some_and(|e| normalize(&e) == normalize(&gazetteer.entity(c.entity).name))
            };
            // The name the paragraph's language writes for a place is no foreign alternate of
            // it, even where another place goes by it: Turkish "Kudüs" is Jerusalem, not
            // Kudus in Java, and "Pekin" Beijing, not Pekin, Illinois.
            for c in out.iter_mut().filter(|c| {
                !c.own_name()
                    && c.entity != owner
                    && alternate(c)
                    && !abbreviated(c)
                    && !in_paragraph_language(c)
            }) {
                c.score += self.weights.alternate_name;
                c.evidence.alternate_of = Some(owner);
            }
        }
        prefer_metropolis_over_its_division(gazetteer, &mut out);
        prefer_cities_over_smaller_divisions(gazetteer, &mut out, |e| self.user_bias(e).is_some());
        sort_candidates(&mut out);
        out
    }

    /// One candidate: `entity` reached through `alias`, scored on its prior (rank, population,
    /// own name, spelling as written in `surface`, the user's bias).
    fn score_candidate(
        &self,
        gazetteer: &Gazetteer,
        surface: &str,
        entity_index: EntityIndex,
        alias: AliasIndex,
    ) -> Scored {
        let entity = gazetteer.entity(entity_index);
        // The rank and population terms are the entity's: the evidence text reads them back
        // from it.
        let (rank, _) = feature_rank(entity);
        let weights = &self.weights;
        let mut score = rank + weights.population * population_score(entity);
        let mut evidence = Evidence::default();
        let written = &gazetteer.alias(alias).text;
        evidence.own_name = same_key(written, &entity.name);
        if evidence.own_name {
            score += weights.own_name;
        }
        evidence.exact_spelling = same_lower_case(written, surface);
        if evidence.exact_spelling {
            score += weights.exact_spelling;
        }
        evidence.user_bias = self.user_bias(entity);
        if evidence.user_bias.is_some() {
            score += USER_BIAS;
        }
        Scored {
            entity: entity_index,
            alias,
            score,
            evidence,
        }
    }

    /// Did the user ask to prefer places in this country (`--country`)?
    pub fn prefers_country(&self, country_code: &str) -> bool {
        self.options.countries.iter().any(|c| c == country_code)
    }

    fn user_bias(&self, entity: &Entity) -> Option<UserBias> {
        if entity
            .country_code
            .as_deref()
            .is_some_and(|cc| self.prefers_country(cc))
        {
            return Some(UserBias::Country);
        }
        let (bbox, point) = (self.options.bbox?, entity.point?);
        bbox.contains(point.lon, point.lat)
            .then_some(UserBias::Bbox)
    }
}

/// Capitalised nouns that head the name of another thing, one a place's name is borrowed for
/// rather than pointing at the place: streets and estates ("Northumberland Avenue" is in London,
/// "Hampton Avenue" in St. Louis), counties the gazetteer lacks ("Saint Croix County" is in
/// Wisconsin), schools and clubs ("Colorado State University", "Washington University in St.
/// Louis", "Birmingham City", "Queens Park Rangers"). A place name written directly before one is
/// part of that name, not a mention of the place. Buildings, arenas and rivers are not listed:
/// "Manila Cathedral" and "the Volgograd Arena" stand in the place they are named after, and
/// GUM counts the place inside them. Names the gazetteer knows whole ("Mexico City", "Orange
/// County") match whole before this is asked.
const NAME_HEADS: &[&str] = &[
    "Academy",
    "Avenue",
    "Boulevard",
    "City",
    "College",
    "County",
    "Estate",
    "High",
    "Institute",
    "Lane",
    "Park",
    "Road",
    "School",
    "Square",
    "Street",
    "United",
    "University",
];

/// Does the text after byte `end` go on with a capitalised [`NAME_HEADS`] word?
fn heads_another_name(original: &str, end: usize) -> bool {
    let Some(rest) = original.get(end..).and_then(|r| r.strip_prefix(' ')) else {
        return false;
    };
    let word = &rest[..rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len())];
    word.starts_with(|c: char| c.is_uppercase())
        && NAME_HEADS
            .iter()
            .any(|head| head.eq_ignore_ascii_case(word))
}

/// Is `alias` the name the paragraph's language writes (a tag that `paragraph`, a language with
/// endings, admits)?
fn tagged_in(gazetteer: &Gazetteer, alias: AliasIndex, paragraph: Option<Lang>) -> bool {
    paragraph.is_some()
        && gazetteer
            .alias(alias)
            .lang
            .as_deref()
            .and_then(Lang::from_tag)
            .is_some_and(|written| written.admits(paragraph))
}

/// Highest score first; ties broken by entity order so results are deterministic.
fn sort_candidates(candidates: &mut [Scored]) {
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entity.cmp(&b.entity)));
}

/// Fills `start_char`/`end_char` from the byte offsets in one pass over the text.
pub(crate) fn fill_char_offsets(original: &str, mentions: &mut [Mention]) {
    let (mut byte, mut chars) = (0usize, 0usize);
    for m in mentions.iter_mut() {
        if m.start_byte < byte {
            // Mentions are sorted, so this only happens for overlaps; count from the start.
            (byte, chars) = (0, 0);
        }
        chars += original[byte..m.start_byte].chars().count();
        byte = m.start_byte;
        m.start_char = chars;
        m.end_char = chars + original[m.start_byte..m.end_byte].chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cheap path of [`Resolver::score_aliases`] (a name of one alias) gives the candidate
    /// the grouped path gives, score and evidence alike: over every 41st alias of the embedded
    /// gazetteer, as written and in upper case, outside and inside paragraphs with endings,
    /// with and without a user's country bias (which adds to the score and the evidence).
    #[test]
    fn one_alias_scores_as_the_grouped_path() {
        let gazetteer = Gazetteer::embedded().expect("the embedded gazetteer loads");
        let resolvers = [
            Resolver::new(),
            Resolver::with_options(ResolverOptions {
                countries: vec!["AZ".into(), "US".into()],
                ..ResolverOptions::default()
            }),
        ];
        let mut compared = 0;
        for index in (0..gazetteer.aliases().len()).step_by(41) {
            let alias = AliasIndex(u32::try_from(index).expect("alias indices fit u32"));
            let text = &gazetteer.alias(alias).text;
            for surface in [text.to_string(), text.to_uppercase().to_string()] {
                for paragraph in [None, Some(Lang::Ru), Some(Lang::Tr)] {
                    for resolver in &resolvers {
                        let cheap =
                            resolver.score_aliases(&gazetteer, &surface, [alias], paragraph);
                        let grouped =
                            resolver.score_grouped(&gazetteer, &surface, [alias], paragraph);
                        assert_eq!(cheap, grouped, "{surface:?} ({paragraph:?})");
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 10_000, "only {compared} names compared");
    }
}
