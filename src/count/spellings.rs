//! Mentions per spelling, source and day: what an outlet calls a place, and since when.
//!
//! An entity's [`SpellingCells`] hold, for each spelling (the name form, as
//! [`EntityCount::variants`](super::EntityCount::variants) keys it), the mentions in each
//! (source, day) cell of the documents that carry a source or a date. The cells are a sum like
//! every other count, so partitions counted apart and merged give the cells of one run, and an
//! audit adds them up by outlet, by period, or by outlet and period (who switched, and when).
//!
//! Memory grows with the distinct (entity, spelling, source, day) cells, not with the number of
//! documents: a year of daily news from 50 outlets is at most 18,250 cells per spelling.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::Date;
use crate::{Error, Result};

/// The source and day of a cell; either may be missing (but not both: documents with neither
/// are counted in the entity's totals only).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    /// The documents' source (outlet, feed).
    pub source: Option<String>,
    /// The documents' day.
    pub day: Option<Date>,
}

/// Mentions per spelling and (source, day) cell of one entity.
///
/// Written in JSON as `{"spelling": [[source, day, mentions], ...]}`, `null` for a missing
/// source or day, cells in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpellingCells(BTreeMap<String, BTreeMap<Cell, u64>>);

impl SpellingCells {
    /// True when no document with a source or a date mentioned the entity.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each spelling with its cells, spellings in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &BTreeMap<Cell, u64>)> {
        self.0.iter().map(|(s, cells)| (s.as_str(), cells))
    }

    /// Adds `mentions` of `spelling` in a document from `source` on `day`. A document with
    /// neither adds nothing: its mentions are in the entity's totals.
    pub(super) fn add(
        &mut self,
        spelling: &str,
        source: Option<&str>,
        day: Option<Date>,
        mentions: u64,
    ) {
        if source.is_none() && day.is_none() {
            return;
        }
        let cell = Cell {
            source: source.map(str::to_string),
            day,
        };
        let cells = match self.0.get_mut(spelling) {
            Some(cells) => cells,
            None => self.0.entry(spelling.to_string()).or_default(),
        };
        // One document adds at most its own length: no overflow in practice.
        *cells.entry(cell).or_default() += mentions;
    }

    /// Adds `other` into `self`.
    ///
    /// # Errors
    /// [`Error::Counts`] naming the cell whose sum overflows.
    pub(super) fn merge(&mut self, other: &SpellingCells, entity: &str) -> Result<()> {
        for (spelling, theirs) in &other.0 {
            let ours = self.0.entry(spelling.clone()).or_default();
            for (cell, n) in theirs {
                let entry = ours.entry(cell.clone()).or_default();
                *entry = entry.checked_add(*n).ok_or_else(|| {
                    Error::Counts(format!(
                        "the count of {entity} spelt {spelling:?} from {:?} on {:?} overflows (u64)",
                        cell.source, cell.day
                    ))
                })?;
            }
        }
        Ok(())
    }
}

/// One cell as JSON reads it: `[source, day, mentions]`.
type CellRow = (Option<String>, Option<Date>, u64);

/// One cell as JSON writes it, borrowed.
type CellRef<'a> = (&'a Option<String>, &'a Option<Date>, u64);

impl Serialize for SpellingCells {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let rows: BTreeMap<&str, Vec<CellRef<'_>>> = self
            .0
            .iter()
            .map(|(spelling, cells)| {
                let cells = cells.iter().map(|(c, n)| (&c.source, &c.day, *n)).collect();
                (spelling.as_str(), cells)
            })
            .collect();
        rows.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SpellingCells {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let rows = BTreeMap::<String, Vec<CellRow>>::deserialize(deserializer)?;
        let mut out = SpellingCells::default();
        for (spelling, cells) in rows {
            let mut map = BTreeMap::new();
            for (source, day, n) in cells {
                if source.is_none() && day.is_none() {
                    return Err(D::Error::custom(format!(
                        "spelling {spelling:?} has a cell with neither a source nor a day"
                    )));
                }
                if map.insert(Cell { source, day }, n).is_some() {
                    return Err(D::Error::custom(format!(
                        "spelling {spelling:?} lists a cell twice"
                    )));
                }
            }
            out.0.insert(spelling, map);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_round_trip_through_json_and_refuse_duplicates() {
        let mut cells = SpellingCells::default();
        let day = Date::new(2020, 11, 10);
        cells.add("Stepanakert", Some("AP"), day, 2);
        cells.add("Stepanakert", None, day, 1);
        cells.add("Khankendi", Some("APA"), None, 3);
        cells.add("Khankendi", None, None, 9);
        let json = serde_json::to_string(&cells).unwrap();
        assert_eq!(
            json,
            r#"{"Khankendi":[["APA",null,3]],"Stepanakert":[[null,"2020-11-10",1],["AP","2020-11-10",2]]}"#
        );
        assert_eq!(serde_json::from_str::<SpellingCells>(&json).unwrap(), cells);
        let twice = r#"{"X":[["AP",null,1],["AP",null,2]]}"#;
        assert!(serde_json::from_str::<SpellingCells>(twice)
            .unwrap_err()
            .to_string()
            .contains("lists a cell twice"));
        let neither = r#"{"X":[[null,null,1]]}"#;
        assert!(serde_json::from_str::<SpellingCells>(neither).is_err());
    }
}
