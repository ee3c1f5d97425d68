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

/// Adds the neighbour evidence to every candidate of every name with more than one candidate:
/// `weight` times the share of the document's other clear places (those of other names) that
/// lie in a country bordering the candidate's. `scored` holds the names' candidates, best
/// first, and the written states' one-candidate votes.
pub(super) fn add_neighbours(gazetteer: &Gazetteer, weight: f64, scored: &mut [Vec<Scored>]) {
    if weight == 0.0 {
        return;
    }
    // The clear places' countries, one per name that has a clear first choice.
    let clear: Vec<Option<&str>> = scored
        .iter()
        .map(|candidates| {
            let best = candidates.first()?;
            let sure = candidates
                .get(1)
                .is_none_or(|second| best.score - second.score >= CONFIDENT_MARGIN);
            let entity = gazetteer.entity(best.entity);
            (sure && entity.kind == EntityKind::Place)
                .then_some(entity.country_code.as_deref())
                .flatten()
        })
        .collect();
    let total = clear.iter().flatten().count();
    if total == 0 {
        return;
    }
    // Clear places per country, and per candidate country the clear places next door: counted
    // once per document, so that the pass stays linear in its names.
    let mut by_country: HashMap<&str, usize> = HashMap::new();
    for cc in clear.iter().flatten() {
        *by_country.entry(cc).or_default() += 1;
    }
    let mut next_door: HashMap<&str, usize> = HashMap::new();
    for (i, candidates) in scored.iter_mut().enumerate() {
        if candidates.len() < 2 {
            continue;
        }
        // A name is no evidence for its own reading.
        let own = clear[i];
        let others = total - usize::from(own.is_some());
        if others == 0 {
            continue;
        }
        let mut changed = false;
        for c in candidates.iter_mut() {
            let entity = gazetteer.entity(c.entity);
            let Some(cc) = entity.country_code.as_deref() else {
                continue;
            };
            if entity.kind != EntityKind::Place {
                continue;
            }
            let all = *next_door.entry(cc).or_insert_with(|| {
                neighbours_of(cc)
                    .iter()
                    .map(|o| by_country.get(o).copied().unwrap_or(0))
                    .sum()
            });
            let near = all - usize::from(own.is_some_and(|o| are_neighbours(cc, o)));
            if near == 0 {
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
