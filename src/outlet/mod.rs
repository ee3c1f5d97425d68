//! The outlet's home: where a paper's stories happen, as evidence for its bare names (issue 28).
//!
//! A local paper names its own Paris, Athens or Springfield bare, and a third of its stories name
//! no other clear town to place it by. What the story cannot say, the paper's other stories can:
//! a paper that writes of Lamar County and Reno, Texas, week after week has its home in Texas,
//! and its "Paris" is that one. An [`OutletHome`] is that area (a country, a first-order
//! division, a point) with how sure it is; the resolver weighs a candidate in it as it weighs one
//! in the story's own area (`src/resolve/outlet_home.rs`).
//!
//! Homes come from two places, as a newsroom or a researcher auditing local papers would give
//! them: a CSV of outlets and their home places (`--home-places`, [`OutletHomes::from_csv`]), or
//! the outlets' own stories in the same run ([`HomeLearner`], `learn.rs`): a first pass over the
//! documents, whose clear places vote, one vote per story, for the division and country the story
//! happens in.

mod learn;

use std::collections::HashMap;
use std::path::Path;

use compact_str::CompactString;

use crate::gazetteer::{EntityIndex, EntityKind, Gazetteer, LonLat};
use crate::{Error, Result};

pub use learn::{HomeLearner, MIN_HOME_STORIES, SURE_STORIES};

/// Where an outlet's stories happen, and how sure that is.
#[derive(Debug, Clone, PartialEq)]
pub struct OutletHome {
    /// ISO 3166-1 alpha-2 code of the home country.
    pub country_code: CompactString,
    /// How sure the home country is, 0 to 1.
    pub country_sureness: f64,
    /// The home first-order division's code within the country (`TX`), if known.
    pub admin1_code: Option<CompactString>,
    /// How sure the home division and point are, 0 to 1.
    pub division_sureness: f64,
    /// The home town (or the given place), if known: its point.
    pub point: Option<LonLat>,
    /// The place the home is named by: the given place, or the town the outlet's stories name
    /// most, or the division.
    pub place: Option<EntityIndex>,
}

/// The homes of a run's outlets, by the source name documents carry (`--source-field`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutletHomes {
    homes: HashMap<String, OutletHome>,
}

impl OutletHomes {
    /// No outlet has a home.
    pub fn new() -> Self {
        Self::default()
    }

    /// The home of `source`, if it has one.
    pub fn get(&self, source: &str) -> Option<&OutletHome> {
        self.homes.get(source)
    }

    /// Sets `source`'s home.
    pub fn insert(&mut self, source: impl Into<String>, home: OutletHome) {
        self.homes.insert(source.into(), home);
    }

    /// How many outlets have a home.
    pub fn len(&self) -> usize {
        self.homes.len()
    }

    /// Does no outlet have a home?
    pub fn is_empty(&self) -> bool {
        self.homes.is_empty()
    }

    /// The outlets with their homes, sorted by outlet.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &OutletHome)> {
        let mut all: Vec<_> = self.homes.iter().map(|(k, v)| (k.as_str(), v)).collect();
        all.sort_by(|a, b| a.0.cmp(b.0));
        all.into_iter()
    }

    /// The home a place gives, taken as sure: its country, its division (a division is its own),
    /// its point.
    ///
    /// `None` for a place with no country (a continent, an ocean) or an entity that is no place.
    pub fn home_of(gazetteer: &Gazetteer, place: EntityIndex) -> Option<OutletHome> {
        let entity = gazetteer.entity(place);
        if entity.kind != EntityKind::Place {
            return None;
        }
        let is_country = entity
            .feature_code
            .as_deref()
            .is_some_and(|c| c.starts_with("PCL"));
        let is_division = entity.feature_code.as_deref() == Some("ADM1");
        Some(OutletHome {
            country_code: entity.country_code.clone()?,
            country_sureness: 1.0,
            admin1_code: if is_country {
                None
            } else {
                entity.admin1_code.clone()
            },
            division_sureness: if is_country { 0.0 } else { 1.0 },
            // A division's point is its centre, which says nothing about its towns.
            point: if is_country || is_division {
                None
            } else {
                entity.point
            },
            place: Some(place),
        })
    }

    /// Reads a CSV of outlets and their home places: a header `outlet,place`, then one row per
    /// outlet; the place is an entity id (`gn:4717560`) or a name the gazetteer gives exactly one
    /// place (write the id where a name has several: the error lists them).
    ///
    /// # Errors
    /// A malformed row, an unknown place, a name of several places, or an outlet given twice,
    /// with the file (`path`) and line.
    pub fn from_csv(gazetteer: &Gazetteer, text: &str, path: &Path) -> Result<Self> {
        let bad = |line: u64, message: String| Error::BadRow {
            path: path.to_path_buf(),
            line,
            message,
        };
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
        if headers.iter().collect::<Vec<_>>() != ["outlet", "place"] {
            return Err(bad(
                1,
                format!(
                    "expected the header outlet,place, found {:?}",
                    headers.iter().collect::<Vec<_>>().join(",")
                ),
            ));
        }
        // Places by name, built once for the file.
        let by_name = places_by_name(gazetteer);
        let mut homes = OutletHomes::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                bad(line, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let (outlet, place) = (&record[0], &record[1]);
            if outlet.is_empty() || place.is_empty() {
                return Err(bad(line, "an outlet and a place are both needed".into()));
            }
            let index = find_place(gazetteer, &by_name, place).map_err(|m| bad(line, m))?;
            let home = OutletHomes::home_of(gazetteer, index).ok_or_else(|| {
                bad(
                    line,
                    format!("{place:?} is no place with a country, so no home"),
                )
            })?;
            if homes.get(outlet).is_some() {
                return Err(bad(line, format!("outlet {outlet:?} given twice")));
            }
            homes.insert(outlet, home);
        }
        Ok(homes)
    }
}

/// The home a place gives (see [`OutletHomes::home_of`]), the place written as in
/// [`OutletHomes::from_csv`]: an entity id, or a name of one place.
///
/// # Errors
/// A message saying the place is unknown, or listing the places of a name of several.
pub fn home_named(gazetteer: &Gazetteer, place: &str) -> std::result::Result<OutletHome, String> {
    let index = find_place(gazetteer, &places_by_name(gazetteer), place)?;
    OutletHomes::home_of(gazetteer, index)
        .ok_or_else(|| format!("{place:?} is no place with a country, so no home"))
}

fn places_by_name(gazetteer: &Gazetteer) -> HashMap<&str, Vec<EntityIndex>> {
    let mut by_name: HashMap<&str, Vec<EntityIndex>> = HashMap::new();
    for (i, e) in gazetteer.entities().iter().enumerate() {
        if e.kind == EntityKind::Place {
            let index = EntityIndex(u32::try_from(i).expect("entity count fits u32"));
            by_name.entry(e.name.as_str()).or_default().push(index);
        }
    }
    by_name
}

/// The place `place` names: an entity id, or the name of exactly one place.
fn find_place(
    gazetteer: &Gazetteer,
    by_name: &HashMap<&str, Vec<EntityIndex>>,
    place: &str,
) -> std::result::Result<EntityIndex, String> {
    if let Some(index) = gazetteer.find(place) {
        return Ok(index);
    }
    match by_name.get(place).map(Vec::as_slice) {
        Some([one]) => Ok(*one),
        Some(many) => {
            let ids: Vec<String> = many
                .iter()
                .take(8)
                .map(|&i| {
                    let e = gazetteer.entity(i);
                    format!(
                        "{} ({} {})",
                        e.id,
                        e.country_code.as_deref().unwrap_or("-"),
                        e.admin1_code.as_deref().unwrap_or("-")
                    )
                })
                .collect();
            Err(format!(
                "{place:?} names {} places; write one's id instead: {}",
                many.len(),
                ids.join(", ")
            ))
        }
        None => Err(format!(
            "{place:?} is neither a place id nor a place's name"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GazetteerBuilder;

    fn gazetteer() -> Gazetteer {
        let csv = "entity_id,kind,name,latitude,longitude,country_code,feature_code,population,admin1_code\n\
                   gn:1,place,Paris,48.85,2.35,FR,PPLC,2000000,11\n\
                   gn:2,place,Paris,33.66,-95.56,US,PPLA2,25000,TX\n\
                   gn:3,place,Texas,31.25,-99.25,US,ADM1,25000000,TX\n\
                   gn:4,place,Reno,33.67,-95.48,US,PPL,3000,TX\n";
        GazetteerBuilder::new()
            .add_csv("entities.csv", csv.as_bytes().to_vec())
            .expect("test gazetteer")
            .build()
            .expect("test gazetteer builds")
    }

    #[test]
    fn a_home_places_csv_takes_ids_and_unique_names() {
        let g = gazetteer();
        let text = "outlet,place\n# a comment\ntheparisnews.example,gn:2\nreno.example,Reno\nstate.example,Texas\n";
        let homes = OutletHomes::from_csv(&g, text, Path::new("homes.csv")).expect("parses");
        assert_eq!(homes.len(), 3);
        let paris = homes.get("theparisnews.example").expect("a home");
        assert_eq!(paris.admin1_code.as_deref(), Some("TX"));
        assert_eq!(paris.point.map(|p| p.lon), Some(-95.56));
        // A division is a home without a point: its centre says nothing of its towns.
        let state = homes.get("state.example").expect("a home");
        assert_eq!(
            (state.admin1_code.as_deref(), state.point),
            (Some("TX"), None)
        );
    }

    #[test]
    fn a_bad_home_places_csv_names_its_line() {
        let g = gazetteer();
        let table = [
            ("source,place\n", "line 1", "header"),
            ("outlet,place\na,Paris\n", "line 2", "gn:1"),
            ("outlet,place\na,Atlantis\n", "line 2", "neither"),
            ("outlet,place\na,gn:2\na,gn:4\n", "line 3", "twice"),
        ];
        for (text, line, what) in table {
            let message = OutletHomes::from_csv(&g, text, Path::new("h.csv"))
                .expect_err(text)
                .to_string();
            assert!(
                message.contains("h.csv") && message.contains(line) && message.contains(what),
                "{text:?}: {message}"
            );
        }
    }
}
