//! The prior: what a candidate is and how big, before the document says anything.
//!
//! Feature rank and population score every candidate of a name; two rules then settle the
//! namesakes where rank alone misleads (a metropolis and the division named after it, a city and
//! a smaller division of its name).

use super::*;

/// A city of [`METROPOLIS_POPULATION`] or more that shares its name with the first-order division
/// around it ("New York", "São Paulo", "Buenos Aires") is what news means by the bare name: the
/// division is written out ("New York State", "the state of São Paulo"). Below that size the
/// division keeps its rank ("Quebec"). The city must be reached under its own name or one sharing
/// a word with it ("New York" of New York City): a state's name that GeoNames lists among its
/// capital's ("Para" of Belém) is the state's.
pub(super) fn prefer_metropolis_over_its_division(
    gazetteer: &Gazetteer,
    candidates: &mut [Scored],
) {
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
        if !shares_word(&gazetteer.alias(c.alias).text, &e.name) {
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

/// Do two names share a word, folded? Asked only where a metropolis and a division of its name
/// are both candidates, so the folding's allocation is rare.
fn shares_word(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let b = words(&b);
    words(&a).iter().any(|w| b.contains(w))
}

/// A first-order division outranks a city of its name because divisions are usually the bigger
/// thing; where the city has [`CITY_OVER_DIVISION_RATIO`] times the division's population, it is
/// not: "Portland" is the city in Oregon (650,000), not the Jamaican parish (22,000 in the
/// gazetteer's places). The division's population is the sum of its places, an undercount, so
/// the ratio is a margin as well as a rule. The document's evidence still applies afterwards,
/// and a division the user prefers (`user_preferred`: in `--country` or `--bbox`) over the city
/// keeps its place.
pub(super) fn prefer_cities_over_smaller_divisions(
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

/// The population term of the prior: `log10(population + 1) / 10`, under one rank step, so
/// population only orders candidates of the same rank.
pub(super) fn population_score(entity: &Entity) -> f64 {
    (entity.population as f64 + 1.0).log10() / 10.0
}

/// Countries and continents over first-order divisions and capitals, over seats of divisions,
/// over other populated places. The order follows what news text means by a bare name: "Georgia"
/// in most news is the country, "Paris" the capital; "Washington" the capital before the state.
/// A physical feature ranks by its prominence (`features.rs`).
pub(super) fn feature_rank(entity: &Entity) -> (f64, &str) {
    if entity.kind != EntityKind::Place {
        return (5.5, entity.kind.as_str());
    }
    let code = entity.feature_code.as_deref().unwrap_or("");
    if let Some(rank) = physical_rank(entity) {
        return (rank, code);
    }
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
