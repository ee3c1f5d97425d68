//! The two tables the importer writes (`data/gazetteer/`): division abbreviations and small
//! places, read into lookups by name.

use std::collections::{HashMap, HashSet};

use foldhash::fast::RandomState as FastHash;

use crate::gazetteer::{Entity, EntityId, EntityIndex, EntityKind, Gazetteer, LonLat};
use crate::normalize::normalize;

use super::{area_of_place, AbbreviationStyle, Area};

/// Abbreviation as written -> (division, style), for the divisions `gazetteer` has; rows naming
/// a division it lacks, or a style not known, are skipped.
pub(super) fn read_abbreviations(
    csv_text: &str,
    gazetteer: &Gazetteer,
) -> HashMap<String, (EntityIndex, AbbreviationStyle)> {
    let mut out = HashMap::new();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    for row in reader.records().flatten() {
        let (Some(text), Some(id), Some(style)) = (row.get(0), row.get(1), row.get(2)) else {
            continue;
        };
        let style = match style {
            "postal" => AbbreviationStyle::Postal,
            "ap" => AbbreviationStyle::Ap,
            _ => continue,
        };
        if let Some(division) = gazetteer.find(id) {
            out.insert(text.to_string(), (division, style));
        }
    }
    out
}

/// Small places by their normalized name.
#[derive(Debug, Default)]
pub(super) struct SmallPlaces {
    places: Vec<Entity>,
    /// Named by a common word or person name (by place): not taken from bare text.
    word_like: Vec<bool>,
    /// Hashed with foldhash, not SipHash: looked up for every capitalised word of a local
    /// story, and the keys are ours.
    by_key: HashMap<String, Vec<u32>, FastHash>,
    /// What a name's first word can fold to: its first word and every part of it that ends
    /// before a hyphen or an apostrophe (however the tokenizer splits "Winston-Salem"), so that
    /// a word that starts no name is passed over with one lookup instead of one per length.
    first_words: HashSet<String, FastHash>,
}

/// The small places of `csv_text` (`entity_id,name,latitude,longitude,country_code,
/// admin1_code,population,word_like`); rows without a point are skipped.
pub(super) fn read_small_places(csv_text: &str) -> SmallPlaces {
    let mut out = SmallPlaces::default();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    for row in reader.records().flatten() {
        let field = |i: usize| row.get(i).unwrap_or("");
        let (Ok(lat), Ok(lon)) = (field(2).parse::<f64>(), field(3).parse::<f64>()) else {
            continue;
        };
        let index = out.places.len() as u32;
        out.places.push(Entity {
            id: EntityId(field(0).into()),
            kind: EntityKind::Place,
            name: field(1).into(),
            point: Some(LonLat { lon, lat }),
            country_code: Some(field(4).into()),
            feature_code: Some("PPL".into()),
            population: field(6).parse().unwrap_or(0),
            admin1_code: Some(field(5).into()),
            scalerank: None,
        });
        out.word_like.push(field(7) == "1");
        let key = normalize(field(1));
        let first_word = key.split(' ').next().unwrap_or("");
        for (end, _) in first_word.match_indices(|c: char| !c.is_alphanumeric()) {
            out.first_words.insert(first_word[..end].to_string());
        }
        out.first_words.insert(first_word.to_string());
        out.by_key.entry(key).or_default().push(index);
    }
    out
}

impl SmallPlaces {
    /// Is `key` the name of a small place other than a word or a person's name?
    pub(super) fn names_a_place(&self, key: &str) -> bool {
        self.by_key
            .get(key)
            .is_some_and(|found| found.iter().any(|&i| !self.word_like[i as usize]))
    }

    /// Every word a small place's name can start with: the scan gives these words a class
    /// ([`crate::document::WordClass::starts_small_place`]) and the local pass reads it.
    pub(super) fn first_words(&self) -> impl Iterator<Item = &str> {
        self.first_words.iter().map(String::as_str)
    }

    /// The small place named `key` in `area`, the most populous if several.
    pub(super) fn in_area(&self, key: &str, area: &Area) -> Option<&Entity> {
        self.by_key
            .get(key)?
            .iter()
            .map(|&i| &self.places[i as usize])
            .filter(|p| {
                p.country_code.as_deref() == Some(area.0.as_str())
                    && p.admin1_code.as_deref() == Some(area.1.as_str())
            })
            .max_by_key(|p| p.population)
    }

    /// The small place named `key` in the area with the most votes that `votes` gives (`None`:
    /// not where the document is), then the most populous; with those votes. A `bare` name (no
    /// match, no state after it) is never one named like a word or a person ("Paris", "Sutton").
    pub(super) fn best(
        &self,
        key: &str,
        bare: bool,
        votes: impl Fn(&Area, &Entity) -> Option<usize>,
    ) -> Option<(&Entity, usize)> {
        self.by_key
            .get(key)?
            .iter()
            .filter(|&&i| !(bare && self.word_like[i as usize]))
            .filter_map(|&i| {
                let place = &self.places[i as usize];
                let area = area_of_place(place);
                votes(&area, place).map(|v| (place, v))
            })
            .max_by(|(a, va), (b, vb)| {
                va.cmp(vb)
                    .then(a.population.cmp(&b.population))
                    .then(b.id.cmp(&a.id))
            })
    }
}
