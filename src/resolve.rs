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

mod evidence;

use std::collections::HashMap;
use std::sync::Arc;

use crate::gazetteer::{AliasIndex, AliasType, Entity, EntityIndex, EntityKind, Gazetteer};
use crate::geography::{AbbreviationStyle, Geography};
use crate::matcher::{Matcher, NameMatch};
use crate::mention::{Candidate, Mention, Method};
use crate::normalize::normalize;

use evidence::{Evidence, Share, UserBias};

/// Below this confidence a mention is flagged ambiguous. A candidate one feature rank ahead of
/// its runner-up reaches 0.93; same-rank places whose populations differ by less than a factor of
/// about 5, with no other evidence, stay under it.
pub const AMBIGUOUS_BELOW: f64 = 0.75;

/// How many runner-up candidates a mention keeps.
pub const MAX_RUNNERS_UP: usize = 3;

/// Score added in proportion to the share of the document's confident places that lie in the
/// candidate's country: a document entirely about one country moves a candidate there by 1.5,
/// more than one feature rank, so a village in the story's country beats a same-named town abroad.
pub const COUNTRY_FOCUS_WEIGHT: f64 = 1.5;

/// Score added to both names of "A, B" when B is a country or division containing A: the writer
/// has said which one they mean, so it outweighs rank and focus.
pub const CONTAINER_BONUS: f64 = 3.0;

/// Score added to a candidate inside the state written after its name as an abbreviation
/// (`Springfield, Ill.`, `PARIS, Tenn. (AP) —`): more than the prior's whole range (ranks 1 to
/// 6, population and spelling under 2), since the writer has said which one they mean.
pub const WRITTEN_STATE_BONUS: f64 = 6.0;

/// Score added to a candidate whose alias is written exactly as the text (ignoring case only):
/// diacritics are information, so "Şuşa" leans to Shusha (alias "Şuşa") over Sousse (alias
/// "Susa"), which it matches only after folding. Half a rank: it settles close calls only.
pub const EXACT_SPELLING_BONUS: f64 = 0.5;

/// Score added to a candidate whose own name the text is, over candidates it only matches
/// through an alternate name: "Goris" is the town in Armenia, not an old spelling of Gori.
pub const CANONICAL_NAME_BONUS: f64 = 0.5;

/// Score taken from a candidate matched only through an alternate name when the text is another
/// candidate's own name: GeoNames alternate names include foreign and historic spellings
/// ("Goris" for Gori, "Salisbury" for Harare), which should not outrank the place that is called
/// that. Three feature ranks, so a capital's old name goes to the town of that name; a country
/// still keeps a name it shares with a town ("Holland").
pub const ALTERNATE_NAME_PENALTY: f64 = 3.0;

/// Score added to candidates in the user's `--country` list or inside their `--bbox`.
pub const USER_BIAS: f64 = 2.0;

/// A first-pass resolution counts toward the document's country focus when its winner leads the
/// runner-up by at least this much (one feature rank), or has no runner-up.
pub const CONFIDENT_MARGIN: f64 = 1.0;

/// The weight of the division focus (see [`COUNTRY_FOCUS_WEIGHT`]): on top of the country's,
/// enough to choose among same-named towns of one country ("Orange County", "Springfield").
pub const DIVISION_FOCUS_WEIGHT: f64 = 1.0;

/// A city this populous, named like the division around it, takes the bare name.
pub const METROPOLIS_POPULATION: u64 = 1_000_000;

/// How far such a city is put ahead of its division: a clear but not a confident margin, so
/// that other evidence (a country focus elsewhere, "the state of") still counts.
pub const METROPOLIS_MARGIN: f64 = 0.5;

/// A first-order division gives way to a city of its name that has at least this many times its
/// population: "Portland" is the city in Oregon, not the Jamaican parish.
pub const CITY_OVER_DIVISION_RATIO: u64 = 2;

/// A longitude/latitude box, `min_lon,min_lat,max_lon,max_lat` as GIS tools write it.
///
/// # Units
/// Decimal degrees, WGS 84.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bbox {
    /// West edge.
    pub min_lon: f64,
    /// South edge.
    pub min_lat: f64,
    /// East edge.
    pub max_lon: f64,
    /// North edge.
    pub max_lat: f64,
}

impl Bbox {
    /// Does the box contain this point?
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.min_lon..=self.max_lon).contains(&lon) && (self.min_lat..=self.max_lat).contains(&lat)
    }
}

impl std::str::FromStr for Bbox {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<f64> = s
            .split(',')
            .map(|p| {
                p.trim()
                    .parse::<f64>()
                    .map_err(|_| format!("{p:?} is not a number"))
            })
            .collect::<Result<_, _>>()?;
        let [min_lon, min_lat, max_lon, max_lat] = parts[..] else {
            return Err(format!("{s:?} is not min_lon,min_lat,max_lon,max_lat"));
        };
        if !(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon) {
            return Err("longitudes must lie in [-180, 180]".into());
        }
        if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
            return Err("latitudes must lie in [-90, 90]".into());
        }
        if min_lon > max_lon || min_lat > max_lat {
            return Err(format!(
                "{s:?}: the minimum comes first (min_lon,min_lat,max_lon,max_lat)"
            ));
        }
        Ok(Bbox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        })
    }
}

/// What the user knows about the news: countries and an area to prefer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolverOptions {
    /// ISO 3166-1 alpha-2 codes to prefer (`AZ`, `AM`).
    pub countries: Vec<String>,
    /// An area to prefer.
    pub bbox: Option<Bbox>,
}

/// Resolves matches to entities; immutable and shared across threads.
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    options: ResolverOptions,
    /// Division abbreviations and small places; `None` reads no abbreviation.
    geography: Option<Arc<Geography>>,
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
#[derive(Debug, Clone)]
struct Scored {
    entity: EntityIndex,
    alias: AliasIndex,
    score: f64,
    /// Why, as values: a document keeps every candidate until it decides, and only the winner's
    /// evidence is ever written out.
    evidence: Evidence,
}

impl Scored {
    /// The alias is the entity's own name (it earned [`CANONICAL_NAME_BONUS`]).
    fn own_name(&self) -> bool {
        self.evidence.own_name
    }

    /// The evidence in words (`PPLA (+4.0); population 4064 (+0.36)`).
    fn evidence_text(&self, gazetteer: &Gazetteer) -> String {
        let mut text = String::new();
        self.evidence
            .write(&mut text, gazetteer, self.entity, self.alias)
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
        }
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
        doc: &str,
        original: &str,
        matches: &[NameMatch],
    ) -> Vec<Mention> {
        let (matches, mut scored): (Vec<NameMatch>, Vec<Vec<Scored>>) = matches
            .iter()
            .map(|m| (*m, self.prior_candidates(gazetteer, matcher, original, m)))
            .filter(|(m, candidates)| {
                let place = candidates
                    .first()
                    .is_some_and(|c| gazetteer.entity(c.entity).kind == EntityKind::Place);
                !(place && heads_another_name(original, m.end))
            })
            .unzip();
        // States written after names vote in the focus as clear places do, through lists of
        // one candidate appended for the vote only (a list of one is never rescored).
        let names = scored.len();
        if let Some(geography) = &self.geography {
            let votes = add_written_states(gazetteer, geography, original, &matches, &mut scored);
            scored.extend(votes);
        }
        add_country_focus(gazetteer, &mut scored);
        add_division_focus(gazetteer, &mut scored);
        scored.truncate(names);
        add_containers(gazetteer, original, &matches, &mut scored);
        let mentions: Vec<Mention> = matches
            .iter()
            .zip(scored)
            .filter_map(|(found, candidates)| decide(gazetteer, doc, original, found, candidates))
            .collect();
        mentions
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
        self.score_aliases(gazetteer, surface, aliases)
            .into_iter()
            .map(|c| Ranked {
                entity: c.entity,
                alias: c.alias,
                score: c.score,
                evidence: c.evidence_text(gazetteer),
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
        self.score_aliases(
            gazetteer,
            surface,
            matcher.accepted_aliases(found.pattern, surface),
        )
    }

    /// One candidate per entity that `aliases` name, scored on the prior evidence, best first.
    fn score_aliases(
        &self,
        gazetteer: &Gazetteer,
        surface: &str,
        aliases: impl IntoIterator<Item = AliasIndex>,
    ) -> Vec<Scored> {
        // One candidate per entity, keeping its preferred alias for this surface if it has one.
        let mut best_alias: HashMap<EntityIndex, AliasIndex> = HashMap::new();
        for alias_index in aliases {
            let alias = gazetteer.alias(alias_index);
            best_alias
                .entry(alias.entity)
                .and_modify(|kept| {
                    if gazetteer.alias(*kept).alias_type != AliasType::Preferred {
                        *kept = alias_index;
                    }
                })
                .or_insert(alias_index);
        }
        let mut out: Vec<Scored> = best_alias
            .into_iter()
            .map(|(entity_index, alias)| {
                let entity = gazetteer.entity(entity_index);
                // The rank and population terms are the entity's: the evidence text reads them
                // back from it.
                let (rank, _) = feature_rank(entity);
                let mut score = rank + population_score(entity);
                let mut evidence = Evidence::default();
                let written = &gazetteer.alias(alias).text;
                evidence.own_name = normalize(written) == normalize(&entity.name);
                if evidence.own_name {
                    score += CANONICAL_NAME_BONUS;
                }
                evidence.exact_spelling = written.to_lowercase() == surface.to_lowercase();
                if evidence.exact_spelling {
                    score += EXACT_SPELLING_BONUS;
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
            })
            .collect();
        if let Some(owner) = out.iter().find(|c| c.own_name()).map(|c| c.entity) {
            // Only spellings of the kind GeoNames lists as alternates; an abbreviation ("UN") or a
            // curated short or contested name is what its entity is called.
            let alternate = |c: &Scored| {
                matches!(
                    gazetteer.alias(c.alias).alias_type,
                    AliasType::Variant | AliasType::Transliteration | AliasType::Historic
                )
            };
            for c in out.iter_mut().filter(|c| !c.own_name() && alternate(c)) {
                c.score -= ALTERNATE_NAME_PENALTY;
                c.evidence.alternate_of = Some(owner);
            }
        }
        prefer_metropolis_over_its_division(gazetteer, &mut out);
        prefer_cities_over_smaller_divisions(gazetteer, &mut out, |e| self.user_bias(e).is_some());
        sort_candidates(&mut out);
        out
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

/// A city of [`METROPOLIS_POPULATION`] or more that shares its name with the first-order division
/// around it ("New York", "São Paulo", "Buenos Aires") is what news means by the bare name: the
/// division is written out ("New York State", "the state of São Paulo"). Below that size the
/// division keeps its rank ("Quebec").
fn prefer_metropolis_over_its_division(gazetteer: &Gazetteer, candidates: &mut [Scored]) {
    fn area(e: &Entity) -> (Option<&str>, Option<&str>) {
        (e.country_code.as_deref(), e.admin1_code.as_deref())
    }
    // (country, division, score) of each division among the candidates; usually none.
    let divisions: Vec<(Option<&str>, Option<&str>, f64)> = candidates
        .iter()
        .filter_map(|c| {
            let e = gazetteer.entity(c.entity);
            (e.feature_code.as_deref() == Some("ADM1")).then(|| {
                let (cc, admin1) = area(e);
                (cc, admin1, c.score)
            })
        })
        .collect();
    if divisions.is_empty() {
        return;
    }
    for c in candidates.iter_mut() {
        let e = gazetteer.entity(c.entity);
        let is_city = e
            .feature_code
            .as_deref()
            .is_some_and(|f| f.starts_with("PPL"));
        if !is_city || e.population < METROPOLIS_POPULATION || e.admin1_code.is_none() {
            continue;
        }
        if let Some((_, _, division_score)) = divisions
            .iter()
            .find(|(cc, admin1, _)| (*cc, *admin1) == area(e))
        {
            let lift = (division_score - c.score).max(0.0) + METROPOLIS_MARGIN;
            c.score += lift;
            c.evidence.metropolis_lift = Some(lift);
        }
    }
}

/// A first-order division outranks a city of its name because divisions are usually the bigger
/// thing; where the city has [`CITY_OVER_DIVISION_RATIO`] times the division's population, it is
/// not: "Portland" is the city in Oregon (650,000), not the Jamaican parish (22,000 in the
/// gazetteer's places). The division's population is the sum of its places, an undercount, so
/// the ratio is a margin as well as a rule. The document's evidence still applies afterwards,
/// and a division the user prefers (`user_preferred`: in `--country` or `--bbox`) over the city
/// keeps its place.
fn prefer_cities_over_smaller_divisions(
    gazetteer: &Gazetteer,
    candidates: &mut [Scored],
    user_preferred: impl Fn(&Entity) -> bool,
) {
    let biggest_city = candidates
        .iter()
        .filter(|c| {
            gazetteer
                .entity(c.entity)
                .feature_code
                .as_deref()
                .is_some_and(|f| f.starts_with("PPL"))
        })
        .max_by_key(|c| gazetteer.entity(c.entity).population)
        .map(|c| {
            let city = gazetteer.entity(c.entity);
            (city.population, c.score, user_preferred(city))
        });
    let Some((city_population, city_score, city_preferred)) = biggest_city else {
        return;
    };
    for c in candidates.iter_mut() {
        let e = gazetteer.entity(c.entity);
        if e.feature_code.as_deref() != Some("ADM1")
            || city_population < e.population.saturating_mul(CITY_OVER_DIVISION_RATIO)
            || (user_preferred(e) && !city_preferred)
        {
            continue;
        }
        let drop = (c.score - city_score).max(0.0) + METROPOLIS_MARGIN;
        c.score -= drop;
        c.evidence.smaller_division = Some((drop, city_population));
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

/// Highest score first; ties broken by entity order so results are deterministic.
fn sort_candidates(candidates: &mut [Scored]) {
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entity.cmp(&b.entity)));
}

/// Adds the country-focus evidence: the share of confidently resolved places in each country.
fn add_country_focus(gazetteer: &Gazetteer, scored: &mut [Vec<Scored>]) {
    add_focus(
        gazetteer,
        scored,
        COUNTRY_FOCUS_WEIGHT,
        |e| Some((e.country_code.as_deref()?, None)),
        |evidence| &mut evidence.country_focus,
    );
}

/// The same vote one level down: "Orange County" among Anaheim and Irvine is California's.
/// Places vote for the division they lie in, divisions for themselves.
fn add_division_focus(gazetteer: &Gazetteer, scored: &mut [Vec<Scored>]) {
    add_focus(
        gazetteer,
        scored,
        DIVISION_FOCUS_WEIGHT,
        |e| Some((e.country_code.as_deref()?, Some(e.admin1_code.as_deref()?))),
        |evidence| &mut evidence.division_focus,
    );
}

/// An area a place lies in: a country, or a country's first-order division.
type Area<'g> = (&'g str, Option<&'g str>);

/// Leave-one-out focus: each clearly resolved place votes for its `area`; every candidate of
/// every ambiguous mention gains `weight` times the share of the other votes its area got, noted
/// in the evidence field `slot` returns. (The evidence text names the area from the entity, as
/// `area` does.)
fn add_focus<'g>(
    gazetteer: &'g Gazetteer,
    scored: &mut [Vec<Scored>],
    weight: f64,
    area: impl Fn(&'g Entity) -> Option<Area<'g>>,
    slot: impl Fn(&mut Evidence) -> &mut Option<Share>,
) {
    // A mention never votes for itself: "Tripoli" among Beirut and Sidon must not count its own
    // first guess.
    let votes: Vec<Option<Area>> = scored
        .iter()
        .map(|candidates| {
            let best = candidates.first()?;
            let entity = gazetteer.entity(best.entity);
            let clear = candidates
                .get(1)
                .is_none_or(|second| best.score - second.score >= CONFIDENT_MARGIN);
            if entity.kind != EntityKind::Place || !clear {
                return None;
            }
            area(entity)
        })
        .collect();
    let mut per_area: HashMap<Area, usize> = HashMap::new();
    for key in votes.iter().flatten() {
        *per_area.entry(*key).or_default() += 1;
    }
    let all_votes: usize = per_area.values().sum();
    for (candidates, own_vote) in scored.iter_mut().zip(&votes) {
        if candidates.len() < 2 {
            continue;
        }
        let others = all_votes - usize::from(own_vote.is_some());
        if others == 0 {
            continue;
        }
        for c in candidates.iter_mut() {
            let entity = gazetteer.entity(c.entity);
            if entity.kind != EntityKind::Place {
                continue;
            }
            let Some(key) = area(entity) else { continue };
            let count =
                per_area.get(&key).copied().unwrap_or(0) - usize::from(*own_vote == Some(key));
            if count > 0 {
                let bonus = weight * count as f64 / others as f64;
                c.score += bonus;
                // Votes are mentions, fewer than the bytes of a document (u32 offsets).
                let votes = |n: usize| u32::try_from(n).expect("fewer votes than u32::MAX");
                *slot(&mut c.evidence) = Some(Share {
                    count: votes(count),
                    others: votes(others),
                    bonus,
                });
            }
        }
        sort_candidates(candidates);
    }
}

/// Adds the container evidence for "A, B": B a country or division that contains a candidate of A.
fn add_containers(
    gazetteer: &Gazetteer,
    original: &str,
    matches: &[NameMatch],
    scored: &mut [Vec<Scored>],
) {
    for i in 1..matches.len() {
        // Matches never overlap (the matcher cuts only between whole original characters); a
        // pair that did would simply not be "A, B".
        let between = original.get(matches[i - 1].end..matches[i].start);
        if between.is_none_or(|b| b.trim() != ",") {
            continue;
        }
        let mut pair: Option<(usize, usize)> = None;
        'search: for (a, inner) in scored[i - 1].iter().enumerate() {
            let inner = gazetteer.entity(inner.entity);
            for (b, outer) in scored[i].iter().enumerate() {
                let outer = gazetteer.entity(outer.entity);
                if contains(outer, inner) {
                    pair = Some((a, b));
                    break 'search;
                }
            }
        }
        if let Some((a, b)) = pair {
            let (outer, inner) = (scored[i][b].entity, scored[i - 1][a].entity);
            scored[i - 1][a].score += CONTAINER_BONUS;
            scored[i - 1][a].evidence.followed_by_container = Some(outer);
            scored[i][b].score += CONTAINER_BONUS;
            scored[i][b].evidence.contains_preceding = Some(inner);
            sort_candidates(&mut scored[i - 1]);
            sort_candidates(&mut scored[i]);
        }
    }
}

/// Adds the evidence of a state abbreviation written after a name ("Springfield, Ill."): the
/// candidates inside that division gain [`WRITTEN_STATE_BONUS`]. Returns the divisions the
/// document has thus said it is in, as single-candidate lists that vote in the focus like
/// clear places: an AP abbreviation after any capitalised name ("CAMP MURRAY, Wash."), a postal
/// code only after a name with a candidate there ("Jane Doe, MD" says nothing).
fn add_written_states(
    gazetteer: &Gazetteer,
    geography: &Geography,
    original: &str,
    matches: &[NameMatch],
    scored: &mut [Vec<Scored>],
) -> Vec<Vec<Scored>> {
    let mut votes = Vec::new();
    for (comma, state) in geography.written_states(gazetteer, original) {
        let division = gazetteer.entity(state.division);
        let mut confirmed = false;
        let at = matches.partition_point(|m| m.end < comma);
        if let Some(candidates) = scored.get_mut(at).filter(|_| matches[at].end == comma) {
            for c in candidates.iter_mut() {
                if contains(division, gazetteer.entity(c.entity)) {
                    c.score += WRITTEN_STATE_BONUS;
                    c.evidence.written_state = Some(state.division);
                    confirmed = true;
                }
            }
            sort_candidates(candidates);
        }
        if confirmed || state.style == AbbreviationStyle::Ap {
            votes.push(vec![Scored {
                entity: state.division,
                alias: AliasIndex(0),
                score: 0.0,
                evidence: Evidence::default(),
            }]);
        }
    }
    votes
}

/// Is `outer` a country or first-order division that contains `inner`?
fn contains(outer: &Entity, inner: &Entity) -> bool {
    if outer.kind != EntityKind::Place || inner.kind != EntityKind::Place || outer.id == inner.id {
        return false;
    }
    let same_country = outer.country_code.is_some() && outer.country_code == inner.country_code;
    match outer.feature_code.as_deref() {
        Some(code) if code.starts_with("PCL") => {
            same_country
                && !inner
                    .feature_code
                    .as_deref()
                    .is_some_and(|c| c.starts_with("PCL"))
        }
        Some("ADM1") => {
            same_country && outer.admin1_code.is_some() && outer.admin1_code == inner.admin1_code
        }
        _ => false,
    }
}

/// Picks the best candidate, or nothing when there is none.
fn decide(
    gazetteer: &Gazetteer,
    doc: &str,
    original: &str,
    found: &NameMatch,
    candidates: Vec<Scored>,
) -> Option<Mention> {
    let best = candidates.first()?;
    let alias = gazetteer.alias(best.alias);
    let entity = gazetteer.entity(best.entity);
    let runner_up = candidates.get(1).map(|c| c.score);
    let confidence = match runner_up {
        None => 1.0,
        Some(runner_up) => 0.5 + 0.5 * (1.0 - (-(best.score - runner_up) * 2.0).exp()),
    };
    let method = if alias.generated {
        Method::Variant
    } else {
        Method::Exact
    };
    let mut mention = Mention::of_entity(
        entity,
        doc,
        found.start,
        found.end,
        found.surface(original),
        method,
    );
    if alias.alias_type == AliasType::Demonym {
        // "Armenian officials" names Armenia's people, not the place: no point on the map.
        mention.kind = EntityKind::Demonym;
        mention.lon = None;
        mention.lat = None;
    }
    mention.alias = Some(alias.text.clone());
    mention.confidence = round3(confidence);
    mention.ambiguous = runner_up.is_some() && confidence < AMBIGUOUS_BELOW;
    if runner_up.is_some() {
        mention.evidence = best.evidence_text(gazetteer);
    }
    mention.candidates = candidates
        .iter()
        .skip(1)
        .take(MAX_RUNNERS_UP)
        .map(|c| {
            let other = gazetteer.entity(c.entity);
            Candidate {
                entity_id: other.id.clone(),
                name: other.name.clone(),
                country_code: other.country_code.clone(),
                score: round3(c.score),
            }
        })
        .collect();
    Some(mention)
}

/// The population term of the prior: `log10(population + 1) / 10`, under one rank step, so
/// population only orders candidates of the same rank.
fn population_score(entity: &Entity) -> f64 {
    (entity.population as f64 + 1.0).log10() / 10.0
}

/// Countries and continents over first-order divisions and capitals, over seats of divisions,
/// over other populated places. The order follows what news text means by a bare name: "Georgia"
/// in most news is the country, "Paris" the capital; "Washington" the capital before the state.
fn feature_rank(entity: &Entity) -> (f64, &str) {
    if entity.kind != EntityKind::Place {
        return (5.5, entity.kind.as_str());
    }
    let code = entity.feature_code.as_deref().unwrap_or("");
    let rank = match code {
        "CONT" | "PCLI" | "PCL" | "PCLD" | "PCLF" | "PCLS" | "PCLIX" | "PCLH" | "TERR" => 6.0,
        "PPLC" => 5.2,
        "RGN" | "ADM1" => 5.0,
        "PPLA" => 4.0,
        "PPLA2" | "PPLA3" | "PPLA4" | "ADM2" => 3.0,
        c if c.starts_with("PPL") => 2.0,
        _ => 1.0,
    };
    (rank, if code.is_empty() { "place" } else { code })
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

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
