//! Where a document says it is: the votes of its clearly placed names for their first-order
//! divisions.

use std::collections::{HashMap, HashSet};

use crate::gazetteer::Gazetteer;
use crate::mention::Mention;

use super::{clear_place, Area, MIN_AREA_VOTES};

/// The document's say on where it is: the distinct clearly placed entities of each first-order
/// division, and [`super::WRITTEN_STATE_VOTES`] for each state written after a town.
pub(super) struct Votes<'m> {
    /// (division, entity id) of every clearly placed entity.
    voters: HashSet<(Area, &'m str)>,
    per_area: HashMap<Area, usize>,
    /// The countries the document names clearly by their own name ("the United States").
    countries_named: HashSet<&'m str>,
}

impl<'m> Votes<'m> {
    /// Every clearly placed entity of `mentions`, once per division.
    pub(super) fn count(gazetteer: &Gazetteer, mentions: &'m [Mention]) -> Self {
        let mut voters: HashSet<(Area, &str)> = HashSet::new();
        let mut countries_named: HashSet<&str> = HashSet::new();
        for m in mentions.iter().filter(|m| clear_place(m)) {
            if m.feature_code
                .as_deref()
                .is_some_and(|c| c.starts_with("PCL"))
            {
                if let Some(cc) = m.country_code.as_deref() {
                    countries_named.insert(cc);
                }
            }
            if let (Some(area), Some(id)) = (area_of(gazetteer, m), m.entity_id.as_ref()) {
                voters.insert((area, id.0.as_str()));
            }
        }
        let mut per_area: HashMap<Area, usize> = HashMap::new();
        for (area, _) in &voters {
            *per_area.entry(area.clone()).or_default() += 1;
        }
        Votes {
            voters,
            per_area,
            countries_named,
        }
    }

    pub(super) fn add(&mut self, area: Area, votes: usize) {
        *self.per_area.entry(area).or_default() += votes;
    }

    pub(super) fn of(&self, area: &Area) -> usize {
        self.per_area.get(area).copied().unwrap_or(0)
    }

    /// Does the document place itself in `area`, on the votes of places other than `m`? A name
    /// is no evidence for its own reading.
    pub(super) fn supported(&self, area: &Area, m: Option<&Mention>) -> bool {
        let own = m.is_some_and(|m| {
            clear_place(m)
                && m.entity_id
                    .as_ref()
                    .is_some_and(|id| self.voters.contains(&(area.clone(), id.0.as_str())))
        });
        self.of(area) - usize::from(own) >= MIN_AREA_VOTES
    }

    /// Does the document place itself in any division?
    pub(super) fn any_supported(&self) -> bool {
        self.per_area.values().any(|&v| v >= MIN_AREA_VOTES)
    }

    /// Is `m` the capital of a country the document places itself in, or names? "Washington" in
    /// a New Jersey story is the nation's capital, not New Jersey's small Washington, and so it
    /// is in a London story of diplomats "expelled from the United States"; "Paris" in a
    /// Tennessee story that never names France is no capital of the story's country.
    pub(super) fn in_capital_of_own_country(&self, m: &Mention) -> bool {
        m.feature_code.as_deref() == Some("PPLC")
            && m.country_code.as_deref().is_some_and(|cc| {
                self.countries_named.contains(cc)
                    || self
                        .per_area
                        .iter()
                        .any(|((country, _), &v)| country == cc && v >= MIN_AREA_VOTES)
            })
    }
}

/// The first-order division of `m`'s entity, when it has one.
pub(super) fn area_of(gazetteer: &Gazetteer, m: &Mention) -> Option<Area> {
    let entity = gazetteer.entity(gazetteer.find(m.entity_id.as_ref()?.0.as_str())?);
    Some((entity.country_code.clone()?, entity.admin1_code.clone()?))
}
