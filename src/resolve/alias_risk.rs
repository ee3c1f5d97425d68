//! Risky names count only where the document supports them (issue 31).
//!
//! A name whose class is risky for its entity ([`AliasClass::risky`]: a phrase such as "The
//! Mission", another entity's own name, a person's name, or a listed alternate of a minor place
//! such as "Chopin" for Chopinzinho) wins a mention only with evidence from the document that
//! this entity is meant:
//!
//! - a neighbour: another place of the document, not itself found under a risky name, within
//!   [`NEIGHBOUR_KM`] of it (not for a name [`GENERIC_PLACES`] places go by), or its
//!   first-order division named as such;
//! - its country named as such ("Chopin, in Brazil");
//! - but for a name that is the own name of a bigger place of the same country ("Guatemala" of
//!   Guatemala City, "Oklahoma" of Oklahoma City), only the resolver's own evidence below: the
//!   neighbours of the city are the bigger place's too;
//! - the resolver's own evidence: the user's `--country` or `--bbox`, a state written after it,
//!   an "A, B" container, a word of its kind beside a physical feature, the metropolis rule
//!   (`prior.rs`: "New York" the city).
//!
//! Without it the candidate gives way to the next (a village under its own name, a division),
//! or the name is no place: "the Chopin competition" is not about a town in Brazil, "timeless
//! Motown tunes" in a story set in Las Vegas not about Detroit.

use geo::{Distance, Haversine, Point};

use super::*;
use crate::gazetteer::alias_class::{prominence, AliasClass};
use crate::language::Lang;

/// How near another place of the document must lie to support a risky name, when it is not in
/// the same first-order division: about a county's or a metropolitan area's reach, the distance
/// the small-places rule already uses for "near the document's places" (README, Accuracy).
pub const NEIGHBOUR_KM: f64 = 100.0;

/// A name that reaches this many places of different own names, each under an alternate and
/// none under its own, is a description many places go by ("Old Town": Baltimore's, Winchester's, Las Vegas's and Staré
/// Mesto's) rather than a name: a place near one of them does not tell them apart (Washington
/// made "Old Town" Baltimore in a story of Alexandria's), only its division or its country named
/// as such does.
pub const GENERIC_PLACES: usize = 3;

/// A place abroad of this many people is known by its Russian name without the document's
/// support. Measured on the FactRuEval devset (`eval --surfaces`, the
/// listed Russian names of minor places abroad, docs/alias-review.md): of the towns it read
/// wrongly under such a name all but Saint-Louis (Senegal, 254,000: a hockey team's St. Louis)
/// have fewer people, the largest Anand (209,000: the chess player); the cities it read rightly
/// with no neighbour or country named beside them (Bonn, Leipzig, Turin, Naples, San Francisco)
/// all have more.
pub const LANGUAGE_KNOWN_POPULATION: u64 = 250_000;

/// The countries where Russian is a national language (official status, as CLDR gives it):
/// their towns are what Russian news is about, named as it names them, however small.
const RUSSIAN_HOME_COUNTRIES: &[&str] = &["RU", "BY", "KZ", "KG"];

/// Does a paragraph in `lang` name `entity` by a listed name without help?
///
/// In Russian, only a town of [`RUSSIAN_HOME_COUNTRIES`] or a city abroad of
/// [`LANGUAGE_KNOWN_POPULATION`]: GeoNames lists a Cyrillic spelling, untagged, for towns the
/// world over, and on FactRuEval asking the others for support took 27 false places and 6 true
/// ones (P .958 -> .981, R .820 -> .814). In Armenian and Turkish every listed name still
/// counts: the same rule took 7 true places in ArmTDP for no better F1, and in the Turkish
/// Wiki-NER dev split 10 true ones (Lozan, Batum, Ottoman names of Balkan towns) for 6 false.
fn known_in(lang: Lang, entity: &Entity) -> bool {
    match lang {
        Lang::Ru => {
            entity.population >= LANGUAGE_KNOWN_POPULATION
                || entity
                    .country_code
                    .as_deref()
                    .is_some_and(|cc| RUSSIAN_HOME_COUNTRIES.contains(&cc))
        }
        Lang::Hy | Lang::Az | Lang::Tr => true,
    }
}

/// Drops, from the front of each name's candidates, those reached under a risky name that the
/// document does not support; a name left with none is no mention.
pub(super) fn drop_unsupported(
    gazetteer: &Gazetteer,
    matches: &[NameMatch],
    scored: &mut [Vec<Scored>],
) {
    let risky = |c: &Scored, found: &NameMatch| {
        if c.own_name() {
            return false;
        }
        let (alias, entity) = (gazetteer.alias(c.alias), gazetteer.entity(c.entity));
        let class =
            AliasClass::of_other_name(alias, entity, outranked(gazetteer, c), |_| false, |_| false);
        // In a paragraph of a language with endings (Russian, Armenian, Azerbaijani, Turkish)
        // a listed name is how that language writes a place its readers know (Женева,
        // Գյումրի, Napoli in Turkish); of a small town it is as often a word or a person
        // ("Такая", "Московскому времени", "премьер-министр Н. Кан"), which the document's
        // support tells apart as it does in English.
        if class == AliasClass::Listed && found.lang.is_some_and(|lang| known_in(lang, entity)) {
            return false;
        }
        class.risky(alias, entity)
    };
    // Most documents find no name under a risky alias: nothing to count then.
    if !scored
        .iter()
        .zip(matches)
        .any(|(candidates, found)| candidates.first().is_some_and(|c| risky(c, found)))
    {
        return;
    }
    // The places the document names clearly: each name's best candidate when it is a place
    // found under a name that is not risky.
    let votes: Vec<Option<EntityIndex>> = scored
        .iter()
        .zip(matches)
        .map(|(candidates, found)| {
            let best = candidates.first()?;
            let entity = gazetteer.entity(best.entity);
            (entity.kind == EntityKind::Place && !risky(best, found)).then_some(best.entity)
        })
        .collect();
    for (i, (candidates, found)) in scored.iter_mut().zip(matches).enumerate() {
        let mut generic = None;
        while let Some(best) = candidates.first() {
            if !risky(best, found) {
                break;
            }
            // Asked once per name, of its full list, and only of a name found risky (rare).
            let generic = *generic.get_or_insert_with(|| generic_name(gazetteer, candidates));
            if supported(gazetteer, best, i, &votes, generic) {
                break;
            }
            candidates.remove(0);
        }
    }
}

/// Do [`GENERIC_PLACES`] places of different own names go by this name, none of them by its
/// own? Namesakes ("Манчестер": Manchester in England, Jamaica and New Hampshire) share their
/// own name and are one name's readings, not a description.
fn generic_name(gazetteer: &Gazetteer, candidates: &[Scored]) -> bool {
    if candidates.iter().any(Scored::own_name) {
        return false;
    }
    let mut names: Vec<&str> = Vec::with_capacity(GENERIC_PLACES);
    for c in candidates {
        let name = gazetteer.entity(c.entity).name.as_str();
        if !names.contains(&name) {
            names.push(name);
            if names.len() == GENERIC_PLACES {
                return true;
            }
        }
    }
    false
}

/// The bigger place whose own name this candidate was reached under, if one outranks it.
fn outranked(gazetteer: &Gazetteer, c: &Scored) -> bool {
    let entity = gazetteer.entity(c.entity);
    c.evidence
        .alternate_of
        .is_some_and(|owner| prominence(gazetteer.entity(owner)) > prominence(entity))
}

/// Does the document support `candidate` of name `name`?
fn supported(
    gazetteer: &Gazetteer,
    candidate: &Scored,
    name: usize,
    votes: &[Option<EntityIndex>],
    generic: bool,
) -> bool {
    let evidence = &candidate.evidence;
    if evidence.user_bias.is_some()
        || evidence.metropolis_lift.is_some()
        || evidence.written_state.is_some()
        || evidence.contains_preceding.is_some()
        || evidence.followed_by_container.is_some()
        || evidence.feature_word.is_some()
    {
        return true;
    }
    let entity = gazetteer.entity(candidate.entity);
    let Some(country) = entity.country_code.as_deref() else {
        return false;
    };
    // The bigger place that owns the name supports it least of all; and where that place is in
    // the same country (a division named like its city: "Oklahoma"), the document's places near
    // the city lie in the division too and tell them apart no better: only the evidence above
    // (a container, a written state, the metropolis rule) does.
    let owner = evidence
        .alternate_of
        .filter(|_| outranked(gazetteer, candidate));
    if owner.is_some_and(|o| gazetteer.entity(o).country_code.as_deref() == Some(country)) {
        return false;
    }
    votes.iter().enumerate().any(|(j, vote)| {
        let Some(vote) = *vote else { return false };
        if j == name || Some(vote) == owner {
            return false;
        }
        let other = gazetteer.entity(vote);
        if other.country_code.as_deref() != Some(country) {
            return false;
        }
        if prominence(other).0 == 4 {
            // The country named as such (a country's tier; its code is the candidate's).
            return true;
        }
        // Its first-order division supports it when named as such ("Rogersville, in Missouri");
        // another place of that division only when near: a state is wide, and a namesake read
        // in the wrong state brings the whole state along (a Springfield of Missouri read as
        // Illinois's capital made "Rogersville" Chicago's Rogers Park, 290 km away).
        let same_division = entity.admin1_code.is_some() && entity.admin1_code == other.admin1_code;
        (same_division && other.feature_code.as_deref() == Some("ADM1"))
            || (!generic && near(entity, other))
    })
}

/// Are the two places within [`NEIGHBOUR_KM`] of each other?
pub(super) fn near(a: &Entity, b: &Entity) -> bool {
    match (a.point, b.point) {
        (Some(p), Some(q)) => {
            Haversine::distance(Point::new(p.lon, p.lat), Point::new(q.lon, q.lat)) / 1000.0
                <= NEIGHBOUR_KM
        }
        _ => false,
    }
}
