//! Sides: whose name a name is. A contested place has names that mark their writer's side of
//! a dispute (Stepanakert and Shushi the Armenian side's, Khankendi and Shusha the Azerbaijani
//! side's), and the language of a name does not tell which: a Russian text writes Степанакерт or
//! Ханкенди, an English one Shushi or Shusha. So a gazetteer may say it, in a file of its own
//! (`sides.csv`: `entity_id,alias,side`), one row per name: the side is a free label
//! (`armenian`, `azerbaijani`), the same label across the entities of one dispute.
//!
//! Two names of one entity on different sides are a contested pair: `audit --spellings` sets
//! each outlet's use of one side's names against the other's, and `gazetteer check` lists the
//! contested names that have no side or whose entity names no other side.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use compact_str::CompactString;
use serde::Deserialize;

use super::{Alias, AliasIndex, EntityId, EntityIndex};
use crate::{Error, Result};

/// One row of a sides file, not yet tied to an alias.
#[derive(Debug, Clone)]
pub(super) struct SideRow {
    path: PathBuf,
    line: u64,
    entity_id: String,
    alias: String,
    side: CompactString,
}

/// The side of each alias a sides file names, by alias index.
#[derive(Debug, Clone, Default)]
pub(super) struct Sides {
    /// Sorted by alias; tens of rows in the default gazetteer.
    by_alias: Vec<(AliasIndex, CompactString)>,
}

impl Sides {
    /// The side of the alias at `index`, if a sides file names it.
    pub(super) fn of(&self, index: AliasIndex) -> Option<&str> {
        self.by_alias
            .binary_search_by_key(&index, |(a, _)| *a)
            .ok()
            .map(|i| self.by_alias[i].1.as_str())
    }

    /// The aliases with a side, in load order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (AliasIndex, &str)> {
        self.by_alias.iter().map(|(a, s)| (*a, s.as_str()))
    }
}

/// Reads the rows of a sides file (`entity_id,alias,side`).
///
/// # Errors
/// An unreadable row, or one with an empty field (with file and line).
pub(super) fn read(path: &Path, bytes: &[u8]) -> Result<Vec<SideRow>> {
    #[derive(Deserialize)]
    struct Row {
        entity_id: String,
        alias: String,
        side: String,
    }
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| Error::bad_row(path, 1, e.to_string()))?
        .clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            Error::bad_row(path, line, e.to_string())
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        let row: Row = record
            .deserialize(Some(&headers))
            .map_err(|e| Error::bad_row(path, line, e.to_string()))?;
        let (entity_id, alias, side) = (row.entity_id.trim(), row.alias.trim(), row.side.trim());
        if entity_id.is_empty() || alias.is_empty() || side.is_empty() {
            return Err(Error::bad_row(
                path,
                line,
                "entity_id, alias and side are all required",
            ));
        }
        out.push(SideRow {
            path: path.to_path_buf(),
            line,
            entity_id: entity_id.into(),
            alias: alias.into(),
            side: side.into(),
        });
    }
    Ok(out)
}

/// Ties each row to the listed alias it names (generated variants have no side). Returns the
/// sides and the rows naming no such alias, as (file, line, message).
pub(super) fn resolve(
    rows: Vec<SideRow>,
    by_id: &HashMap<EntityId, EntityIndex, impl std::hash::BuildHasher>,
    aliases: &[Alias],
) -> (Sides, Vec<(PathBuf, u64, String)>) {
    let mut problems = Vec::new();
    let mut wanted: HashMap<(EntityIndex, &str), Option<AliasIndex>> = HashMap::new();
    let mut tied: Vec<(EntityIndex, &SideRow)> = Vec::new();
    for row in &rows {
        match by_id.get(row.entity_id.as_str()) {
            Some(&entity) => {
                wanted.insert((entity, row.alias.as_str()), None);
                tied.push((entity, row));
            }
            None => problems.push((
                row.path.clone(),
                row.line,
                format!(
                    "side of {:?} names unknown entity {}",
                    row.alias, row.entity_id
                ),
            )),
        }
    }
    // One pass over the aliases, looking up only the (few) entities named.
    for (i, alias) in aliases.iter().enumerate() {
        if alias.generated {
            continue;
        }
        if let Some(slot) = wanted.get_mut(&(alias.entity, alias.text.as_str())) {
            slot.get_or_insert(AliasIndex(i as u32));
        }
    }
    let mut by_alias = Vec::new();
    for (entity, row) in tied {
        match wanted[&(entity, row.alias.as_str())] {
            Some(index) => by_alias.push((index, row.side.clone())),
            None => problems.push((
                row.path.clone(),
                row.line,
                format!(
                    "side of {:?}: {} has no alias written so (list it in aliases.csv first)",
                    row.alias, row.entity_id
                ),
            )),
        }
    }
    by_alias.sort_by_key(|(a, _)| *a);
    // A name listed twice keeps its first side.
    by_alias.dedup_by_key(|(a, _)| *a);
    (Sides { by_alias }, problems)
}
