//! Neighbours as evidence (issue 28): a place in a country next to one the document names
//! clearly gains over a namesake far away. "Israel said its strikes hit Gaza" is the Gaza
//! beside Israel, not Mozambique's province of that name, which outranks the town as a
//! first-order division; the country focus (`context.rs`) speaks only for places inside the
//! countries named.
//!
//! The land borders are data: `data/naturalearth/country-neighbours.csv`, derived from Natural
//! Earth's 1:50m countries by `data/naturalearth/build-neighbours.py`.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::*;

/// Score added in proportion to the share of the document's other clear places that lie in a
/// country bordering the candidate's: as much as the country focus gives a place inside the
/// country named ([`COUNTRY_FOCUS_WEIGHT`]), enough to close the gap from a town to a
/// first-order division of its name (Gaza: PPLA against ADM1, 1.0 with populations).
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const NEIGHBOUR_WEIGHT: f64 = 1.5;

/// The land borders the binary carries (`country,neighbour` rows, each pair both ways).
pub const EMBEDDED_NEIGHBOURS: &str =
    include_str!("../../data/naturalearth/country-neighbours.csv");

/// Each country's land neighbours, parsed once.
fn neighbours() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static BORDERS: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    BORDERS.get_or_init(|| {
        let mut borders: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for line in EMBEDDED_NEIGHBOURS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
        {
            if let Some((a, b)) = line.split_once(',') {
                borders.entry(a.trim()).or_default().push(b.trim());
            }
        }
        borders
    })
}

/// The countries that share a land border with `country` (alpha-2 codes).
pub fn neighbours_of(country: &str) -> &'static [&'static str] {
    neighbours().get(country).map_or(&[], Vec::as_slice)
}

/// Do `a` and `b` share a land border?
pub fn are_neighbours(a: &str, b: &str) -> bool {
    neighbours_of(a).contains(&b)
}

/// Score added to a candidate whose country, or a country bordering it, has clear places in the
/// document when another candidate's has none: Gaza beside Israel in a world story that names
/// Israel, Egypt and "Palestinians" among a dozen other countries, where the neighbour share is
/// diluted to a third and Mozambique's province (a first-order division, one rank up) is in no
/// way in the story. Measured in the README (Accuracy, Local news).
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const IN_PLAY_WEIGHT: f64 = 1.0;

/// Adds the neighbour evidence to every candidate of every name with more than one candidate:
/// `weights.neighbour` times the share of the document's other clear places (those of other
/// names) that lie in a country bordering the candidate's, and `weights.in_play` where its
/// country or a neighbour has any of them, another candidate's has none, and the candidates so
/// favoured are all of one country. `scored` holds the
/// names' candidates, best first, and the written states' one-candidate votes.
pub(super) fn add_neighbours(gazetteer: &Gazetteer, weights: &Weights, scored: &mut [Vec<Scored>]) {
    let (weight, in_play_weight) = (weights.neighbour, weights.in_play);
    if weight == 0.0 && in_play_weight == 0.0 {
        return;
    }
    // The clear places' countries and entities, one per name that has a clear first choice.
    let clear: Vec<Option<(&str, EntityIndex)>> = scored
        .iter()
        .map(|candidates| {
            let best = candidates.first()?;
            let sure = candidates
                .get(1)
                .is_none_or(|second| best.score - second.score >= CONFIDENT_MARGIN);
            let entity = gazetteer.entity(best.entity);
            (sure && entity.kind == EntityKind::Place)
                .then_some(entity.country_code.as_deref().map(|cc| (cc, best.entity)))
                .flatten()
        })
        .collect();
    let total = clear.iter().flatten().count();
    if total == 0 {
        return;
    }
    // Clear places per country and per entity, and per candidate country the clear places next
    // door: counted once per document, so that the pass stays linear in its names.
    let mut by_country: HashMap<&str, usize> = HashMap::new();
    let mut by_entity: HashMap<EntityIndex, usize> = HashMap::new();
    for (cc, entity) in clear.iter().flatten() {
        *by_country.entry(cc).or_default() += 1;
        *by_entity.entry(*entity).or_default() += 1;
    }
    let mut next_door: HashMap<&str, usize> = HashMap::new();
    for (i, candidates) in scored.iter_mut().enumerate() {
        if candidates.len() < 2 {
            continue;
        }
        // A name is no evidence for its own reading, nor are its other mentions: seven clear
        // mentions of Gaza as Mozambique's would put Mozambique in the story (as in `context.rs`).
        let own = clear[i].map(|(cc, entity)| (cc, by_entity[&entity]));
        let others = total - own.map_or(0, |(_, n)| n);
        if others == 0 {
            continue;
        }
        // Per candidate: the other clear places next door, and whether any are in its country
        // or next door (None: no country, or not a place).
        let mut near_of: Vec<Option<(usize, bool, &str)>> = Vec::with_capacity(candidates.len());
        for c in candidates.iter() {
            let entity = gazetteer.entity(c.entity);
            let cc = entity
                .country_code
                .as_deref()
                .filter(|_| entity.kind == EntityKind::Place);
            near_of.push(cc.map(|cc| {
                let all = *next_door.entry(cc).or_insert_with(|| {
                    neighbours_of(cc)
                        .iter()
                        .map(|o| by_country.get(o).copied().unwrap_or(0))
                        .sum()
                });
                let own_in = |inside: bool| own.filter(|_| inside).map_or(0, |(_, n)| n);
                let near = all - own_in(own.is_some_and(|(o, _)| are_neighbours(cc, o)));
                let here = by_country.get(cc).copied().unwrap_or(0)
                    - own_in(own.is_some_and(|(o, _)| o == cc));
                (near, near + here > 0, cc)
            }));
        }
        // In play counts only against a candidate that is not (a constant for all would change
        // no choice), and only when the story points to one country of the name's: Cambridge
        // in an American story is as much Ontario's, next door, as Massachusetts'.
        let mut in_play_countries = near_of.iter().flatten().filter(|n| n.1).map(|n| n.2);
        let first_in_play = in_play_countries.next();
        let one_country =
            first_in_play.is_some() && in_play_countries.all(|cc| Some(cc) == first_in_play);
        let some_out = near_of.iter().any(|n| !n.is_some_and(|n| n.1));
        let mut changed = false;
        for (c, near) in candidates.iter_mut().zip(near_of) {
            let Some((near, in_play, _)) = near else {
                continue;
            };
            if in_play && one_country && some_out && in_play_weight != 0.0 {
                c.score += in_play_weight;
                c.evidence.in_play = Some(in_play_weight);
                changed = true;
            }
            if near == 0 || weight == 0.0 {
                continue;
            }
            let bonus = weight * near as f64 / others as f64;
            c.score += bonus;
            let count = |n: usize| u32::try_from(n).expect("fewer names than u32::MAX");
            c.evidence.neighbour = Some(Share {
                count: count(near),
                others: count(others),
                bonus,
            });
            changed = true;
        }
        if changed {
            sort_candidates(candidates);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_borders_are_read_both_ways() {
        assert!(neighbours().len() > 150);
        let table = [
            ("IL", "PS", true),
            ("PS", "IL", true),
            ("AM", "AZ", true),
            ("US", "CA", true),
            ("IL", "MZ", false),
            ("FR", "GB", false),
            ("XX", "IL", false),
        ];
        for (a, b, expected) in table {
            assert_eq!(are_neighbours(a, b), expected, "{a} {b}");
        }
    }
}
