//! The rows of gazetteer CSV files: each entity or alias row read, checked and added, and
//! every problem kept with its file and line (returned, or skipped with `skip_bad_rows`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use compact_str::CompactString;
use foldhash::fast::RandomState as FastHash;
use serde::Deserialize;

use super::records::{read_stretch, File};
use super::{pieces, RowProblem, Source};
use crate::gazetteer::{
    Alias, AliasType, CaseRule, Entity, EntityId, EntityIndex, EntityKind, LonLat,
};
use crate::{Error, Result};

/// The longest name (an entity's name or an alias) a gazetteer may hold. The embedded one's
/// longest is 277 bytes (an Armenian list of a village's names), Bangkok's full ceremonial name
/// 193; a longer field is a broken row, and a name of many MB would take GB in the matcher.
const MAX_NAME_BYTES: usize = 1024;

/// What is wrong with `name` as a name of `id`, if it is too long.
fn too_long(name: &str, id: &str) -> Option<String> {
    (name.len() > MAX_NAME_BYTES).then(|| {
        let start: String = name.chars().take(30).collect();
        format!(
            "a name of {id} ({start:?}...) is {} bytes long, more than the {MAX_NAME_BYTES} a name may have",
            name.len()
        )
    })
}

/// One entity row, borrowed from the CSV record (no allocation per field).
#[derive(Debug, Deserialize)]
struct EntityRow<'a> {
    #[serde(borrow)]
    entity_id: Option<&'a str>,
    #[serde(borrow)]
    kind: Option<&'a str>,
    #[serde(borrow)]
    name: Option<&'a str>,
    #[serde(borrow)]
    latitude: Option<&'a str>,
    #[serde(borrow)]
    longitude: Option<&'a str>,
    #[serde(borrow)]
    country_code: Option<&'a str>,
    #[serde(borrow)]
    feature_code: Option<&'a str>,
    #[serde(borrow)]
    population: Option<&'a str>,
    #[serde(borrow)]
    aliases: Option<&'a str>,
    #[serde(borrow)]
    admin1_code: Option<&'a str>,
    #[serde(borrow)]
    scalerank: Option<&'a str>,
}

/// One alias row, borrowed from the CSV record.
#[derive(Debug, Deserialize)]
struct AliasRow<'a> {
    #[serde(borrow)]
    entity_id: Option<&'a str>,
    #[serde(borrow)]
    alias: Option<&'a str>,
    #[serde(borrow)]
    lang: Option<&'a str>,
    #[serde(rename = "type", borrow)]
    alias_type: Option<&'a str>,
}

#[derive(Default)]
pub(super) struct BuildState {
    pub(super) entities: Vec<Entity>,
    pub(super) aliases: Vec<Alias>,
    pub(super) by_id: HashMap<EntityId, EntityIndex, FastHash>,
    /// The line defining each entity, by entity index, for duplicate-id messages.
    defined_at: Vec<u64>,
    /// The file of the entities from each index on (one entry per entities file), so that the
    /// path is not copied once per entity.
    files_from: Vec<(usize, PathBuf)>,
    pub(super) skip_bad_rows: bool,
    pub(super) skipped: Vec<RowProblem>,
    /// Alias files are read in pieces of about this many bytes (see `pieces`).
    pub(super) piece_bytes: usize,
}

/// The row problem of a record the csv reader could not read (a row with more or fewer fields
/// than the header, invalid UTF-8), with its line.
pub(super) fn row_problem(
    error: &csv::Error,
    path: &Path,
    line_of: impl Fn(&csv::Position) -> u64,
) -> RowProblem {
    let line = error.position().map_or(0, line_of);
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the row has {len} fields, the header {expected_len}"),
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "field {} is not UTF-8 (byte {})",
            err.field() + 1,
            err.valid_up_to()
        ),
        _ => error.to_string(),
    };
    RowProblem {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// The line a record starts on, from the csv reader's position of it (`at`, `reader_line`):
/// the reader gives the line where the record before it ended, so the line feed of a `\r\n`
/// (which it reads with the next record) and blank lines before the record are counted here.
pub(super) fn record_line(bytes: &[u8], at: u64, reader_line: u64) -> u64 {
    let at = usize::try_from(at).unwrap_or(usize::MAX);
    let skipped = bytes
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .filter(|&&b| b == b'\n')
        .count();
    reader_line + skipped as u64
}

/// The header of a CSV source, and the byte where its rows start.
///
/// # Errors
/// If the header cannot be read, or runs over a line end (a quote not closed on line 1 would
/// make the whole file one header).
pub(super) fn headers_of(bytes: &[u8], path: &Path) -> Result<(csv::StringRecord, usize)> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().cloned().map_err(|e| Error::Csv {
        path: path.to_path_buf(),
        cause: e,
    })?;
    if headers.iter().any(|h| h.contains(['\n', '\r'])) {
        return Err(Error::bad_row(
            path,
            1,
            "the header runs over a line end: a quote opened on line 1 is not closed on it",
        ));
    }
    Ok((headers, reader.position().byte() as usize))
}

impl BuildState {
    /// An empty state; bad rows are returned as errors, or kept and skipped.
    pub(super) fn new(skip_bad_rows: bool) -> Self {
        BuildState {
            skip_bad_rows,
            piece_bytes: pieces::PIECE_BYTES,
            ..BuildState::default()
        }
    }

    /// Records a row error: returns it, or keeps it when bad rows are skipped.
    pub(super) fn reject(&mut self, error: Error) -> Result<()> {
        if !self.skip_bad_rows {
            return Err(error);
        }
        let problem = match error {
            Error::BadRow {
                path,
                line,
                message,
            } => RowProblem {
                path,
                line,
                message,
            },
            other => return Err(other),
        };
        self.skipped.push(problem);
        Ok(())
    }

    /// Reads the records of `source` one by one, passing each with its line to `row`; structural
    /// problems are rejected like invalid rows (skipped or returned).
    fn each_record(
        &mut self,
        source: &Source,
        mut row: impl FnMut(&mut Self, &csv::StringRecord, &csv::StringRecord, u64) -> Result<()>,
    ) -> Result<()> {
        let (headers, data_start) = headers_of(&source.bytes, &source.path)?;
        let file = File {
            bytes: &source.bytes,
            header: &source.bytes[..data_start],
            headers: &headers,
            path: &source.path,
            skip_bad_rows: self.skip_bad_rows,
        };
        let mut failure = None;
        let end = source.bytes.len();
        read_stretch(&file, data_start, end, 0, |read| {
            let done = match read {
                Ok((record, line)) => row(self, &headers, record, line),
                Err(problem) => self.reject(problem.into()),
            };
            match done {
                Ok(()) => true,
                Err(error) => {
                    failure = Some(error);
                    false
                }
            }
        });
        failure.map_or(Ok(()), Err)
    }

    pub(super) fn read_entities(&mut self, source: &Source) -> Result<()> {
        {
            let (headers, _) = headers_of(&source.bytes, &source.path)?;
            let has = |name: &str| headers.iter().any(|h| h.trim() == name);
            for (present, missing) in [("latitude", "longitude"), ("longitude", "latitude")] {
                if has(present) && !has(missing) {
                    return Err(Error::bad_row(
                        &source.path,
                        1,
                        format!("the header has a {present} column but no {missing} column"),
                    ));
                }
            }
        }
        self.files_from
            .push((self.entities.len(), source.path.clone()));
        self.each_record(source, |this, headers, record, line| {
            let row: EntityRow = match record.deserialize(Some(headers)) {
                Ok(row) => row,
                Err(e) => return this.reject(Error::bad_row(&source.path, line, e.to_string())),
            };
            match this.entity_from_row(&row, &source.path, line) {
                Ok(entity) => {
                    let index = EntityIndex(this.entities.len() as u32);
                    this.defined_at.push(line);
                    this.by_id.insert(entity.id.clone(), index);
                    this.push_alias(index, &entity.name, None, AliasType::Preferred);
                    for alias in row.aliases.unwrap_or("").split('|') {
                        if !alias.trim().is_empty() {
                            this.push_alias(index, alias.trim(), None, AliasType::Variant);
                        }
                    }
                    this.entities.push(entity);
                    Ok(())
                }
                Err(error) => this.reject(error),
            }
        })
    }

    /// The file and line that defined the entity at `index`.
    fn defined_where(&self, index: EntityIndex) -> (&Path, u64) {
        let i = index.0 as usize;
        let file = self.files_from[..self.files_from.partition_point(|(from, _)| *from <= i)]
            .last()
            .map(|(_, path)| path.as_path())
            .expect("every entity was read from a file");
        (file, self.defined_at[i])
    }

    fn entity_from_row(&self, row: &EntityRow, path: &Path, line: u64) -> Result<Entity> {
        let bad = |message: String| Error::bad_row(path, line, message);
        let id = non_empty(&row.entity_id).ok_or_else(|| bad("missing entity_id".into()))?;
        let id = EntityId(id.into());
        if let Some((first_path, first_line)) = self.by_id.get(&id).map(|&i| self.defined_where(i))
        {
            return Err(bad(format!(
                "duplicate entity_id {id} (first defined at {}: line {first_line})",
                first_path.display()
            )));
        }
        let kind_text = non_empty(&row.kind).unwrap_or("");
        let kind = EntityKind::parse(kind_text).ok_or_else(|| {
            bad(format!(
                "kind {kind_text:?} of {id} is not one of place, person, organisation"
            ))
        })?;
        let name = non_empty(&row.name).ok_or_else(|| bad(format!("{id} has an empty name")))?;
        let aliases = row.aliases.unwrap_or("").split('|');
        if let Some(long) = std::iter::once(name)
            .chain(aliases)
            .find_map(|n| too_long(n, &id.0))
        {
            return Err(bad(long));
        }
        let latitude = parse_number::<f64>(&row.latitude, "latitude").map_err(&bad)?;
        let longitude = parse_number::<f64>(&row.longitude, "longitude").map_err(&bad)?;
        if let Some(lat) = latitude.filter(|v| !(-90.0..=90.0).contains(v)) {
            return Err(bad(format!("latitude {lat} is out of range [-90, 90]")));
        }
        if let Some(lon) = longitude.filter(|v| !(-180.0..=180.0).contains(v)) {
            return Err(bad(format!("longitude {lon} is out of range [-180, 180]")));
        }
        let point = match (latitude, longitude) {
            (Some(lat), Some(lon)) => Some(LonLat { lon, lat }),
            (None, None) => None,
            _ => return Err(bad(format!("{id} has only one of latitude and longitude"))),
        };
        if kind == EntityKind::Place && point.is_none() {
            return Err(bad(format!("place {id} ({name}) has no coordinates")));
        }
        let population = parse_number::<u64>(&row.population, "population").map_err(&bad)?;
        let scalerank = parse_number::<u8>(&row.scalerank, "scalerank").map_err(&bad)?;
        Ok(Entity {
            id,
            kind,
            name: name.into(),
            point,
            country_code: non_empty(&row.country_code).map(|code| {
                let mut code = CompactString::from(code);
                code.make_ascii_uppercase();
                code
            }),
            feature_code: non_empty(&row.feature_code).map(CompactString::from),
            population: population.unwrap_or(0),
            admin1_code: non_empty(&row.admin1_code).map(CompactString::from),
            scalerank,
        })
    }

    /// Reads the rows of an alias file, in pieces read in parallel (see `pieces`).
    pub(super) fn read_aliases(&mut self, source: &Source) -> Result<()> {
        let by_id = &self.by_id;
        let problems = pieces::read_rows(
            source,
            self.piece_bytes,
            self.skip_bad_rows,
            &mut self.aliases,
            placeholder_alias,
            |headers, record, line| alias_row(headers, record, line, &source.path, by_id),
        )?;
        for problem in problems {
            self.reject(problem.into())?;
        }
        Ok(())
    }

    fn push_alias(
        &mut self,
        entity: EntityIndex,
        text: &str,
        lang: Option<CompactString>,
        alias_type: AliasType,
    ) {
        self.aliases.push(new_alias(entity, text, lang, alias_type));
    }
}

fn new_alias(
    entity: EntityIndex,
    text: &str,
    lang: Option<CompactString>,
    alias_type: AliasType,
) -> Alias {
    Alias {
        entity,
        text: text.into(),
        lang,
        alias_type,
        case_rule: CaseRule::of(text, alias_type),
        generated: false,
        from_alternate: false,
    }
}

/// What fills the room of an alias list not yet read into (see `pieces`).
fn placeholder_alias() -> Alias {
    new_alias(EntityIndex(0), "", None, AliasType::Variant)
}

/// The alias of one row of an alias file (`line` is its line), or what is wrong with the row.
/// It only reads `by_id`, so rows are checked in parallel.
fn alias_row(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
    line: u64,
    path: &Path,
    by_id: &HashMap<EntityId, EntityIndex, FastHash>,
) -> Result<Alias, RowProblem> {
    let bad = |message: String| RowProblem {
        path: path.to_path_buf(),
        line,
        message,
    };
    let row: AliasRow = record
        .deserialize(Some(headers))
        .map_err(|e| bad(e.to_string()))?;
    let id = non_empty(&row.entity_id).ok_or_else(|| bad("missing entity_id".into()))?;
    let alias = non_empty(&row.alias).ok_or_else(|| bad(format!("empty alias for {id}")))?;
    if let Some(long) = too_long(alias, id) {
        return Err(bad(long));
    }
    let entity = *by_id
        .get(id)
        .ok_or_else(|| bad(format!("alias {alias:?} names unknown entity {id}")))?;
    let type_text = row.alias_type.unwrap_or("");
    let alias_type = AliasType::parse(type_text)
        .ok_or_else(|| bad(format!("alias type {type_text:?} is not known")))?;
    let lang = non_empty(&row.lang).map(CompactString::from);
    Ok(new_alias(entity, alias, lang, alias_type))
}

fn non_empty<'a>(field: &Option<&'a str>) -> Option<&'a str> {
    field.map(str::trim).filter(|s| !s.is_empty())
}

fn parse_number<T: std::str::FromStr>(
    field: &Option<&str>,
    what: &str,
) -> Result<Option<T>, String> {
    match non_empty(field) {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| format!("{what} {text:?} is not a number")),
    }
}
