//! Where the story happens, as evidence: a namesake near the document's clear places gains
//! over a bigger one far away (issue 28).
//!
//! A local paper names its own Paris, Athens or Springfield bare, beside the towns around it
//! and its state. The country and division focus (`context.rs`) count votes by area; this
//! counts nearness: a candidate is *in the story's area* for one of the document's clear
//! places (its anchors) when it lies within [`STORY_RADIUS_KM`] of a clear town or county, or
//! inside a clearly named first-order division. Across a state line (a town beside the story's
//! towns in the next state) and within a big state or among namesakes in many (the one "Henry
//! County" of ten near the story's towns), nearness says what the division vote cannot.
//!
//! How sure the area is scales the bonus: the share of the anchors near the candidate, shrunk
//! while there are fewer than [`SURE_ANCHORS`] (one town named in passing is no story area).
//! Countries, continents, regions and physical features are no anchors: their points are
//! centres of large areas, not where a story is.

use std::collections::{HashMap, HashSet};

use geo::{Distance, Haversine, Point};

use crate::gazetteer::LonLat;

use super::*;

/// A candidate within this distance of a clear town or county of the document is in the story's
/// area. 100 km is about a US county's commuting reach, the distance the local-news pass uses
/// for small places ([`crate::geography::NEAR_KM`]), and well inside the 161 km of the accuracy
/// measure.
pub const STORY_RADIUS_KM: f64 = 100.0;

/// With fewer anchors than this, the area's share is shrunk in proportion: one clear town is
/// half an area.
pub const SURE_ANCHORS: usize = 2;

/// One clear place of the document: a town or county (a point) or a first-order division.
#[derive(Debug, Clone, Copy)]
struct Anchor<'g> {
    entity: EntityIndex,
    /// Is it a first-order division?
    is_division: bool,
    country_code: &'g str,
    admin1_code: Option<&'g str>,
    point: LonLat,
}

/// The evidence value of the story area for a candidate: the shrunk share of the anchors other
/// than the name's own near it (0 to 1).
pub(super) fn story_share(near: usize, anchors: usize) -> f64 {
    if anchors == 0 {
        return 0.0;
    }
    let sure = anchors.min(SURE_ANCHORS) as f64 / SURE_ANCHORS as f64;
    near as f64 / anchors as f64 * sure
}

/// Adds the story-area evidence to every candidate of every name with more than one candidate:
/// `weight` times [`story_share`] of the document's anchors (other than the name's own first
/// choice) near it. `scored` holds the names' candidates, best first, and the written states'
/// one-candidate votes.
pub(super) fn add_story_area(gazetteer: &Gazetteer, weight: f64, scored: &mut [Vec<Scored>]) {
    if weight == 0.0 {
        return;
    }
    let mut seen: HashSet<EntityIndex> = HashSet::new();
    let anchors: Vec<Anchor> = scored
        .iter()
        .filter_map(|candidates| anchor(gazetteer, candidates))
        .filter(|a| seen.insert(a.entity))
        .collect();
    if anchors.is_empty() {
        return;
    }
    // How many anchors lie near each candidate entity, counted once per document: a name
    // repeated a thousand times in a long document weighs its candidates against the anchors once.
    let anchor_of: HashMap<EntityIndex, &Anchor> = anchors.iter().map(|a| (a.entity, a)).collect();
    let mut near_anchors: HashMap<EntityIndex, usize> = HashMap::new();
    for candidates in scored.iter_mut().filter(|c| c.len() > 1) {
        // A name is no evidence for its own reading: its first choice does not count.
        let own = candidates
            .first()
            .and_then(|c| anchor_of.get(&c.entity).copied());
        let others = anchors.len() - usize::from(own.is_some());
        if others == 0 {
            continue;
        }
        for c in candidates.iter_mut() {
            let entity = gazetteer.entity(c.entity);
            if entity.kind != EntityKind::Place || FeatureKind::of(entity).is_some() {
                continue;
            }
            let near_all = *near_anchors.entry(c.entity).or_insert_with(|| {
                anchors
                    .iter()
                    .filter(|a| a.entity != c.entity && is_near(entity, a))
                    .count()
            });
            let own_near = own.is_some_and(|a| a.entity != c.entity && is_near(entity, a));
            let near = near_all - usize::from(own_near);
            if near == 0 {
                continue;
            }
            let bonus = weight * story_share(near, others);
            c.score += bonus;
            let count = |n: usize| u32::try_from(n).expect("fewer anchors than u32::MAX");
            c.evidence.story_area = Some(Share {
                count: count(near),
                others: count(others),
                bonus,
            });
        }
        sort_candidates(candidates);
    }
}

/// The anchor a name gives, if its first choice is clear: a place ahead of its runner-up by
/// [`CONFIDENT_MARGIN`], a town, county or first-order division with a point.
fn anchor<'g>(gazetteer: &'g Gazetteer, candidates: &[Scored]) -> Option<Anchor<'g>> {
    let best = candidates.first()?;
    let clear = candidates
        .get(1)
        .is_none_or(|second| best.score - second.score >= CONFIDENT_MARGIN);
    let entity = gazetteer.entity(best.entity);
    if !clear || entity.kind != EntityKind::Place || FeatureKind::of(entity).is_some() {
        return None;
    }
    let code = entity.feature_code.as_deref().unwrap_or("");
    let is_division = match code {
        "ADM1" => true,
        "ADM2" => false,
        c if c.starts_with("PPL") => false,
        // Countries, continents, regions: too large to say where a story is.
        _ => return None,
    };
    Some(Anchor {
        entity: best.entity,
        is_division,
        country_code: entity.country_code.as_deref()?,
        admin1_code: entity.admin1_code.as_deref(),
        point: entity.point?,
    })
}

/// Is `candidate` in the area `anchor` stands for: inside its division, or near its point?
fn is_near(candidate: &Entity, anchor: &Anchor) -> bool {
    let same_division = || {
        anchor.admin1_code.is_some()
            && candidate.country_code.as_deref() == Some(anchor.country_code)
            && candidate.admin1_code.as_deref() == anchor.admin1_code
    };
    let candidate_is_division = candidate.feature_code.as_deref() == Some("ADM1");
    match (anchor.is_division, candidate_is_division) {
        // A division around the story's towns is in its area, as its towns are in a division
        // the story names.
        (true, false) | (false, true) => same_division(),
        (true, true) => false,
        (false, false) => candidate
            .point
            .is_some_and(|p| distance_km(p, anchor.point) <= STORY_RADIUS_KM),
    }
}

/// Great-circle distance in kilometres.
pub(super) fn distance_km(a: LonLat, b: LonLat) -> f64 {
    Haversine::distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat)) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_anchor_is_half_an_area_and_the_share_counts_the_rest() {
        let table = [
            (0, 0, 0.0),
            (1, 1, 0.5),
            (2, 2, 1.0),
            (1, 2, 0.5),
            (3, 4, 0.75),
            (0, 5, 0.0),
        ];
        for (near, anchors, share) in table {
            assert_eq!(story_share(near, anchors), share, "{near} of {anchors}");
        }
    }
}
