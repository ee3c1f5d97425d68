//! Learning each outlet's home from its own stories: one vote per story, for the division and
//! the country its clear places lie in most.
//!
//! A story votes once, whatever its length, and only for where it happens: a paper's stories
//! name Washington or the state capital in passing, but a story's clear places lie mostly around
//! its own town. The home division is the one most stories vote for; its sureness is the share
//! of the voting stories that voted for it, shrunk while there are fewer than [`SURE_STORIES`].
//! The home point is the town the most stories in that division name clearly.
//!
//! The learner holds a few counters per outlet and per place voted for, never a document: a
//! first pass over a run's documents is as bounded as the scan.

use std::collections::HashMap;

use compact_str::CompactString;

use crate::gazetteer::{EntityIndex, EntityKind, Gazetteer};
use crate::mention::{Mention, Method};

use super::{OutletHome, OutletHomes};

/// With fewer voting stories than this, an outlet's home is shrunk in proportion: two stories
/// of one town are half a home. lgl-dev's outlets have 5 to 11 stories each.
pub const SURE_STORIES: usize = 4;

/// A home needs at least this many stories voting for it: one story is no pattern.
pub const MIN_HOME_STORIES: u32 = 2;

/// The tallies of one outlet.
#[derive(Debug, Default, Clone)]
struct Tally {
    /// Stories with at least one clear place.
    voting: u32,
    /// Votes per country (a tied story splits its vote).
    countries: HashMap<CompactString, f64>,
    /// Votes per (country, division).
    divisions: HashMap<(CompactString, CompactString), f64>,
    /// Stories per clear town or county.
    towns: HashMap<EntityIndex, u32>,
}

/// Collects the clear places of each outlet's stories and turns them into homes.
#[derive(Debug, Default, Clone)]
pub struct HomeLearner {
    tallies: HashMap<String, Tally>,
}

impl HomeLearner {
    /// A learner that has seen no story.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one story of `source` from its mentions.
    pub fn add(&mut self, gazetteer: &Gazetteer, source: &str, mentions: &[Mention]) {
        let mut countries: HashMap<&str, u32> = HashMap::new();
        let mut divisions: HashMap<(&str, &str), u32> = HashMap::new();
        let mut towns: Vec<EntityIndex> = Vec::new();
        let mut seen: Vec<EntityIndex> = Vec::new();
        for m in mentions {
            let Some(index) = clear_place(gazetteer, m) else {
                continue;
            };
            // Each place counts once per story: a name repeated is no second place.
            if seen.contains(&index) {
                continue;
            }
            seen.push(index);
            let entity = gazetteer.entity(index);
            let Some(cc) = entity.country_code.as_deref() else {
                continue;
            };
            *countries.entry(cc).or_default() += 1;
            let code = entity.feature_code.as_deref().unwrap_or("");
            let local = code == "ADM1" || code == "ADM2" || code.starts_with("PPL");
            if let (true, Some(admin1)) = (local, entity.admin1_code.as_deref()) {
                *divisions.entry((cc, admin1)).or_default() += 1;
                if code != "ADM1" {
                    towns.push(index);
                }
            }
        }
        if countries.is_empty() {
            return;
        }
        let tally = self.tallies.entry(source.to_string()).or_default();
        tally.voting += 1;
        for (cc, vote) in split_vote(&countries) {
            *tally.countries.entry(cc.into()).or_default() += vote;
        }
        for ((cc, admin1), vote) in split_vote(&divisions) {
            *tally
                .divisions
                .entry((cc.into(), admin1.into()))
                .or_default() += vote;
        }
        for town in towns {
            *tally.towns.entry(town).or_default() += 1;
        }
    }

    /// The homes of the outlets whose stories agree enough (see [`MIN_HOME_STORIES`]).
    pub fn homes(&self, gazetteer: &Gazetteer) -> OutletHomes {
        let mut homes = OutletHomes::new();
        for (source, tally) in &self.tallies {
            if let Some(home) = home_of(gazetteer, tally) {
                homes.insert(source.clone(), home);
            }
        }
        homes
    }
}

/// The entity of a mention that is a clear place: a name of one place only, written as the
/// gazetteer has it (not fuzzily, not by coreference), with a point and a country, and no
/// country itself.
///
/// Only names of one place vote, since a name of several was resolved without the home and
/// leans to the famous namesake: Paris, France voted for the home of the Paris, Tennessee
/// paper, and country Georgia for a Georgian (US) paper's (measured on lgl-dev: places within
/// 161 km .839 with every sure place voting, .859 with names of one place only). A country
/// named says what the story is about, not where it happens (as for the story area's anchors).
fn clear_place(gazetteer: &Gazetteer, m: &Mention) -> Option<EntityIndex> {
    if m.kind != EntityKind::Place
        || !m.candidates.is_empty()
        || !matches!(m.method, Method::Exact | Method::Inflected)
    {
        return None;
    }
    let index = gazetteer.find(m.entity_id.as_ref()?.0.as_str())?;
    let entity = gazetteer.entity(index);
    let country = entity
        .feature_code
        .as_deref()
        .is_some_and(|c| c.starts_with("PCL"));
    (entity.point.is_some() && entity.country_code.is_some() && !country).then_some(index)
}

/// The story's vote: 1 for the key most of its places have, split among ties.
fn split_vote<K: Copy + Eq + std::hash::Hash>(counts: &HashMap<K, u32>) -> Vec<(K, f64)> {
    let Some(&top) = counts.values().max() else {
        return Vec::new();
    };
    let winners: Vec<K> = counts
        .iter()
        .filter(|(_, &n)| n == top)
        .map(|(k, _)| *k)
        .collect();
    let vote = 1.0 / winners.len() as f64;
    winners.into_iter().map(|k| (k, vote)).collect()
}

/// The key with the most votes, ties broken by key so that homes do not depend on hash order.
fn most_voted<K: Ord + Clone>(votes: &HashMap<K, f64>) -> Option<(K, f64)> {
    votes
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(k, v)| (k.clone(), *v))
}

/// How sure `votes` of `voting` stories make a home: their share, shrunk under
/// [`SURE_STORIES`].
fn sureness(votes: f64, voting: u32) -> f64 {
    if voting == 0 {
        return 0.0;
    }
    let shrink = (voting as usize).min(SURE_STORIES) as f64 / SURE_STORIES as f64;
    votes / f64::from(voting) * shrink
}

fn home_of(gazetteer: &Gazetteer, tally: &Tally) -> Option<OutletHome> {
    let enough = |votes: f64| votes >= f64::from(MIN_HOME_STORIES);
    let (country, country_votes) = most_voted(&tally.countries).filter(|(_, v)| enough(*v))?;
    let division = most_voted(&tally.divisions)
        .filter(|((cc, _), v)| *cc == country && enough(*v))
        .map(|((_, admin1), v)| (admin1, v));
    // The home town: the one the most stories name, in the home division, by at least two.
    let town = division.as_ref().and_then(|(admin1, _)| {
        tally
            .towns
            .iter()
            .filter(|(&t, &n)| {
                let e = gazetteer.entity(t);
                n >= MIN_HOME_STORIES
                    && e.country_code.as_deref() == Some(country.as_str())
                    && e.admin1_code.as_deref() == Some(admin1.as_str())
            })
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(&t, _)| t)
    });
    Some(OutletHome {
        country_sureness: sureness(country_votes, tally.voting),
        division_sureness: division
            .as_ref()
            .map_or(0.0, |(_, v)| sureness(*v, tally.voting)),
        admin1_code: division.map(|(admin1, _)| admin1),
        point: town.and_then(|t| gazetteer.entity(t).point),
        place: town,
        country_code: country,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_votes_once_and_a_tie_splits_its_vote() {
        let counts: HashMap<&str, u32> = [("TX", 3), ("IL", 3), ("DC", 1)].into();
        let mut votes = split_vote(&counts);
        votes.sort_by(|a, b| a.0.cmp(b.0));
        assert_eq!(votes, [("IL", 0.5), ("TX", 0.5)]);
    }

    #[test]
    fn sureness_is_the_share_shrunk_under_sure_stories() {
        let table = [(0.0, 0, 0.0), (2.0, 2, 0.5), (4.0, 4, 1.0), (3.0, 6, 0.5)];
        for (votes, voting, sure) in table {
            assert_eq!(sureness(votes, voting), sure, "{votes} of {voting}");
        }
    }
}
