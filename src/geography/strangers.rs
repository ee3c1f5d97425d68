//! Strangers: a small town in a country the story never otherwise touches, in a story set
//! firmly in another country, is left unresolved rather than placed abroad (issue 28).
//!
//! The gazetteer holds the big namesake of many small places it lacks: "Middletown" in a story of
//! Yorkshire towns is a namesake of Middletown, New York only by spelling, "Delft" among Cape
//! Town's townships is no Dutch city, "Rockingham, Northamptonshire" no Australian suburb. A
//! reading in a country that neither the story's other places nor its demonyms name, nor any
//! country beside them, is then more likely wrong than a trip abroad, and a town under
//! [`MAX_POPULATION`] is seldom named abroad without its country. Such a mention stays a place
//! name, unlinked (no entity, no point, the reading kept as its runner-up): the map shows nothing
//! wrong, and the curation list (`suggest`) offers it as a place to add.
//!
//! Measured on GeoWebNews and lgl-dev (README, Accuracy): the readings made strangers were wrong
//! places (Delft, Rockingham, Middletown) or no place at all (Honda the carmaker as Colombia's
//! town, Obama as Japan's, a house model called Norbury), never a right placement.

use std::collections::HashMap;

use crate::gazetteer::{EntityKind, Gazetteer};
use crate::mention::{Candidate, Mention, Method};
use crate::resolve::neighbours_of;

/// A story is set firmly in one country when at least this many of its place mentions (besides
/// the name judged) have a country: fewer says too little. Five is where, on the predictions of
/// GeoWebNews and lgl-dev, the rule unplaced no right placement (three or four unplaced one or
/// three among 3,300).
pub const MIN_COUNTRY_VOTES: usize = 5;

/// ... and at least this share of them lie in one country (a world story names many).
pub const MIN_TOP_SHARE: f64 = 0.6;

/// Only towns smaller than this are strangers: a city of this size is named abroad without its
/// country often enough ("flights to Lyon"). At a million, GeoWebNews lost twelve right placements.
pub const MAX_POPULATION: u64 = 100_000;

/// How sure an unlinked stranger is: a place name, of no known place.
const STRANGER_CONFIDENCE: f64 = 0.5;

/// Unlinks the mentions that are strangers to their document (see the module doc). Linear in
/// the document: one count of the countries, one look at each mention.
pub(crate) fn unlink_strangers(gazetteer: &Gazetteer, mentions: &mut [Mention]) {
    // Place mentions per country (the story's setting), the countries in play (places and
    // demonyms: "Spanish" puts Spain in play, but says nothing of where the story is), and
    // mentions per entity (a name is no evidence for its own reading: its other mentions are
    // taken off its country's count).
    let mut places: HashMap<&str, usize> = HashMap::new();
    let mut in_play: HashMap<&str, usize> = HashMap::new();
    let mut per_entity: HashMap<&str, usize> = HashMap::new();
    let mut total = 0;
    for m in mentions.iter() {
        let Some(cc) = m.country_code.as_deref() else {
            continue;
        };
        match m.kind {
            EntityKind::Place => {
                *places.entry(cc).or_default() += 1;
                total += 1;
            }
            EntityKind::Demonym => {}
            _ => continue,
        }
        *in_play.entry(cc).or_default() += 1;
        if let Some(id) = &m.entity_id {
            *per_entity.entry(id.0.as_str()).or_default() += 1;
        }
    }
    if total < MIN_COUNTRY_VOTES {
        return;
    }
    let stranger = |m: &Mention| -> bool {
        if m.kind != EntityKind::Place || !matches!(m.method, Method::Exact | Method::Variant) {
            return false;
        }
        // Towns only: a capital, a division's seat (Venice), a division or a country is named
        // abroad bare.
        let town = m
            .feature_code
            .as_deref()
            .is_some_and(|c| c.starts_with("PPL") && !matches!(c, "PPLC" | "PPLA"));
        let (Some(cc), Some(id)) = (m.country_code.as_deref(), m.entity_id.as_ref()) else {
            return false;
        };
        if !town {
            return false;
        }
        let small = gazetteer
            .find(id.0.as_str())
            .is_some_and(|e| gazetteer.entity(e).population < MAX_POPULATION);
        if !small {
            return false;
        }
        let own = per_entity.get(id.0.as_str()).copied().unwrap_or(0);
        let here = in_play.get(cc).copied().unwrap_or(0) - own;
        let next_door: usize = neighbours_of(cc)
            .iter()
            .map(|n| in_play.get(n).copied().unwrap_or(0))
            .sum();
        if here + next_door > 0 {
            return false;
        }
        // Its own mentions are places of its country, and no other place is there.
        let others = total - own;
        let top = places
            .iter()
            .filter(|(country, _)| **country != cc)
            .map(|(_, &n)| n)
            .max()
            .unwrap_or(0);
        others >= MIN_COUNTRY_VOTES && top as f64 >= MIN_TOP_SHARE * others as f64
    };
    let strangers: Vec<usize> = (0..mentions.len())
        .filter(|&i| stranger(&mentions[i]))
        .collect();
    for i in strangers {
        unlink(&mut mentions[i]);
    }
}

/// Makes `m` an unlinked place name, its reading kept as the runner-up.
fn unlink(m: &mut Mention) {
    let reading = m.entity_id.take().map(|id| Candidate {
        entity_id: id,
        name: m.name.clone(),
        country_code: m.country_code.clone(),
        score: 0.0,
    });
    m.evidence = format!(
        "unlinked: {} ({}) is a small town in a country nothing else of this story names, \
         which is set in another",
        m.name,
        m.country_code.as_deref().unwrap_or("-")
    );
    m.name = m.surface.clone();
    m.method = Method::Unlinked;
    m.confidence = STRANGER_CONFIDENCE;
    m.ambiguous = false;
    m.lon = None;
    m.lat = None;
    m.country_code = None;
    m.feature_code = None;
    m.candidates = reading.into_iter().collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::GazetteerBuilder;
    use std::sync::Arc;

    fn gazetteer() -> Gazetteer {
        let csv = "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n\
            t:dewsbury,place,Dewsbury,53.69,-1.63,GB,PPL,62945\n\
            t:leeds,place,Leeds,53.80,-1.55,GB,PPLA2,455123\n\
            t:yorkshire,place,Yorkshire,53.9,-1.2,GB,ADM2,\n\
            t:middletown,place,Middletown,41.44,-74.42,US,PPL,65490\n\
            t:lyon,place,Lyon,45.75,4.85,FR,PPLA,472317\n";
        GazetteerBuilder::new()
            .add_csv("places.csv", csv.as_bytes().to_vec())
            .expect("test csv")
            .build()
            .expect("test gazetteer")
    }

    fn mention(g: &Gazetteer, id: &str, at: usize) -> Mention {
        let e = g.entity(g.find(id).expect("test entity"));
        let doc: Arc<str> = "d".into();
        Mention::of_entity(e, &doc, at, at + 1, &e.name, Method::Exact)
    }

    fn story(g: &Gazetteer, ids: &[&str]) -> Vec<String> {
        let mut mentions: Vec<Mention> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| mention(g, id, i * 10))
            .collect();
        unlink_strangers(g, &mut mentions);
        mentions
            .iter()
            .filter(|m| m.entity_id.is_some())
            .map(|m| m.name.to_string())
            .collect()
    }

    #[test]
    fn a_small_town_abroad_in_a_story_set_elsewhere_is_unlinked() {
        let g = gazetteer();
        let ids = [
            "t:dewsbury",
            "t:leeds",
            "t:yorkshire",
            "t:middletown",
            "t:dewsbury",
            "t:leeds",
        ];
        assert!(!story(&g, &ids).contains(&"Middletown".to_string()));
    }

    #[test]
    fn a_city_abroad_or_a_story_of_few_places_keeps_its_reading() {
        let g = gazetteer();
        let big = [
            "t:dewsbury",
            "t:leeds",
            "t:yorkshire",
            "t:lyon",
            "t:dewsbury",
            "t:leeds",
        ];
        assert!(story(&g, &big).contains(&"Lyon".to_string()));
        let few = ["t:dewsbury", "t:leeds", "t:middletown"];
        assert!(story(&g, &few).contains(&"Middletown".to_string()));
    }
}
