//! Which places an audit covers: countries, a box, feature codes, or a list of the user's.

use std::collections::BTreeSet;
use std::path::Path;

use crate::gazetteer::{Entity, EntityKind};
use crate::resolve::Bbox;
use crate::{Error, Result};

/// The places an audit lists; each condition given narrows it, none given means every place of
/// the gazetteer.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// ISO 3166-1 alpha-2 codes (any case).
    pub countries: Vec<String>,
    /// A box the place's point must fall in.
    pub bbox: Option<Bbox>,
    /// GeoNames feature codes (`ADM1`, `PPLA`); a code ending in `*` is a prefix (`PPL*`).
    pub features: Vec<String>,
    /// Entity ids the user listed.
    pub places: Option<BTreeSet<String>>,
}

impl Scope {
    /// Is this entity a place of the scope?
    pub fn contains(&self, entity: &Entity) -> bool {
        if entity.kind != EntityKind::Place {
            return false;
        }
        let country_ok = self.countries.is_empty()
            || entity
                .country_code
                .as_ref()
                .is_some_and(|cc| self.countries.iter().any(|c| c.eq_ignore_ascii_case(cc)));
        let bbox_ok = self
            .bbox
            .is_none_or(|b| entity.point.is_some_and(|p| b.contains(p.lon, p.lat)));
        let feature_ok = self.features.is_empty()
            || entity.feature_code.as_ref().is_some_and(|code| {
                self.features.iter().any(|f| match f.strip_suffix('*') {
                    Some(prefix) => code.starts_with(&prefix.to_ascii_uppercase()),
                    None => f.eq_ignore_ascii_case(code),
                })
            });
        let listed_ok = self
            .places
            .as_ref()
            .is_none_or(|ids| ids.contains(entity.id.0.as_str()));
        country_ok && bbox_ok && feature_ok && listed_ok
    }

    /// Reads the user's places from a CSV with a header: the `entity_id` column (as in every
    /// mentionmap table), or the first column when there is none.
    ///
    /// # Errors
    /// If the file cannot be read, has no rows, or a row has no id (with its line).
    pub fn read_places(path: &Path) -> Result<BTreeSet<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .map_err(|e| Error::Csv {
                path: path.to_path_buf(),
                cause: e,
            })?;
        let headers = reader.headers().map_err(|e| Error::Csv {
            path: path.to_path_buf(),
            cause: e,
        })?;
        let column = headers
            .iter()
            .position(|h| h.trim() == "entity_id")
            .unwrap_or(0);
        let mut ids = BTreeSet::new();
        for record in reader.records() {
            let record = record.map_err(|e| Error::Csv {
                path: path.to_path_buf(),
                cause: e,
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let id = record.get(column).map(str::trim).unwrap_or("");
            if id.is_empty() {
                return Err(Error::bad_row(path, line, "no entity id"));
            }
            ids.insert(id.to_string());
        }
        if ids.is_empty() {
            return Err(Error::bad_row(path, 1, "no places listed"));
        }
        Ok(ids)
    }
}
