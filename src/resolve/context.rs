//! Evidence from the rest of the document: the country and division focus of its clear
//! places, "A, B" containers, and states written after a town ("Springfield, Ill.").

use super::*;

/// Adds the country-focus evidence: the share of confidently resolved places in each country.
pub(super) fn add_country_focus(gazetteer: &Gazetteer, weight: f64, scored: &mut [Vec<Scored>]) {
    add_focus(
        gazetteer,
        scored,
        weight,
        |e| Some((e.country_code.as_deref()?, None)),
        |evidence| &mut evidence.country_focus,
    );
}

/// The same vote one level down: "Orange County" among Anaheim and Irvine is California's.
/// Places vote for the division they lie in, divisions for themselves.
pub(super) fn add_division_focus(gazetteer: &Gazetteer, weight: f64, scored: &mut [Vec<Scored>]) {
    add_focus(
        gazetteer,
        scored,
        weight,
        |e| Some((e.country_code.as_deref()?, Some(e.admin1_code.as_deref()?))),
        |evidence| &mut evidence.division_focus,
    );
}

/// An area a place lies in: a country, or a country's first-order division.
type Area<'g> = (&'g str, Option<&'g str>);

/// Leave-one-name-out focus: each clearly resolved place votes for its `area`; every candidate of
/// every ambiguous mention gains `weight` times the share of the other names' votes its area got,
/// noted in the evidence field `slot` returns. (The evidence text names the area from the entity,
/// as `area` does.)
fn add_focus<'g>(
    gazetteer: &'g Gazetteer,
    scored: &mut [Vec<Scored>],
    weight: f64,
    area: impl Fn(&'g Entity) -> Option<Area<'g>>,
    slot: impl Fn(&mut Evidence) -> &mut Option<Share>,
) {
    // A name never votes for itself, nor do its other mentions: a local story that names its
    // Paris seven times and Illinois once would otherwise be seven parts about France (issue 28).
    let votes: Vec<Option<(Area, EntityIndex)>> = scored
        .iter()
        .map(|candidates| {
            let best = candidates.first()?;
            let entity = gazetteer.entity(best.entity);
            let clear = candidates
                .get(1)
                .is_none_or(|second| best.score - second.score >= CONFIDENT_MARGIN);
            // A river or a range is in no one country: the country of its point is no vote.
            if entity.kind != EntityKind::Place || !clear || FeatureKind::of(entity).is_some() {
                return None;
            }
            Some((area(entity)?, best.entity))
        })
        .collect();
    let mut per_area: HashMap<Area, usize> = HashMap::new();
    let mut per_entity: HashMap<EntityIndex, usize> = HashMap::new();
    for (key, entity) in votes.iter().flatten() {
        *per_area.entry(*key).or_default() += 1;
        *per_entity.entry(*entity).or_default() += 1;
    }
    let all_votes: usize = per_area.values().sum();
    for (candidates, own_vote) in scored.iter_mut().zip(&votes) {
        if candidates.len() < 2 {
            continue;
        }
        // The votes of every mention that chose what this one chose.
        let own = own_vote.map(|(key, entity)| (key, per_entity[&entity]));
        let others = all_votes - own.map_or(0, |(_, n)| n);
        if others == 0 {
            continue;
        }
        for c in candidates.iter_mut() {
            let entity = gazetteer.entity(c.entity);
            if entity.kind != EntityKind::Place {
                continue;
            }
            let Some(key) = area(entity) else { continue };
            let own_here = own
                .filter(|(own_key, _)| *own_key == key)
                .map_or(0, |(_, n)| n);
            let count = per_area.get(&key).copied().unwrap_or(0) - own_here;
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

/// Adds the container evidence for "A, B": B a country or division that contains a candidate of
/// A; both gain `weight`.
pub(super) fn add_containers(
    gazetteer: &Gazetteer,
    weight: f64,
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
            scored[i - 1][a].score += weight;
            scored[i - 1][a].evidence.followed_by_container = Some(outer);
            scored[i][b].score += weight;
            scored[i][b].evidence.contains_preceding = Some(inner);
            sort_candidates(&mut scored[i - 1]);
            sort_candidates(&mut scored[i]);
        }
    }
}

/// Adds the evidence of a state abbreviation written after a name ("Springfield, Ill."): the
/// candidates inside that division gain `weight`. Returns the divisions the
/// document has thus said it is in, as single-candidate lists that vote in the focus like
/// clear places: an AP abbreviation after any capitalised name ("CAMP MURRAY, Wash."), a postal
/// code only after a name with a candidate there ("Jane Doe, MD" says nothing).
pub(super) fn add_written_states(
    gazetteer: &Gazetteer,
    geography: &Geography,
    weight: f64,
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
                    c.score += weight;
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
