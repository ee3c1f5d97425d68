//! Reading and checking gazetteer CSV files.
//!
//! This file gathers the sources and builds the gazetteer from them; `rows` reads and checks
//! their rows, one by one, with file and line for every problem.

mod pieces;
mod records;
mod rows;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use self::rows::BuildState;
use super::variants::VariantRules;
use super::{
    sides, Alias, CaseRule, Gazetteer, EMBEDDED_ALIASES, EMBEDDED_ENTITIES, EMBEDDED_SIDES,
};
use crate::language::Lang;
use crate::{Error, Result};

/// What a CSV file holds, told apart by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `entity_id,kind,name,latitude,...`, optionally with a `|`-separated `aliases` column.
    Entities,
    /// `entity_id,alias,lang,type`.
    Aliases,
    /// `entity_id,alias,side`: whose name a name is (see `sides`).
    Sides,
}

/// One invalid gazetteer row: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The file holding the row.
    pub path: PathBuf,
    /// 1-based line number of the row.
    pub line: u64,
    /// What is wrong, in words.
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: line {}: {}",
            self.path.display(),
            self.line,
            self.message
        )
    }
}

impl From<RowProblem> for Error {
    fn from(problem: RowProblem) -> Self {
        Error::bad_row(problem.path, problem.line, problem.message)
    }
}

#[derive(Debug, Clone)]
struct Source {
    path: PathBuf,
    bytes: Cow<'static, [u8]>,
    form: Form,
}

/// Collects gazetteer CSV sources, then checks and builds an immutable [`Gazetteer`].
///
/// All entity rows of all sources are read before any alias row, so an overlay file may add
/// aliases to the entities of another source.
///
/// ```
/// use mentionmap::gazetteer::GazetteerBuilder;
///
/// let csv = "entity_id,kind,name,latitude,longitude,country_code,feature_code,population,aliases\n\
///            gn:147105,place,Shusha,39.76006,46.74989,AZ,PPLA,4064,Shushi|Şuşa\n";
/// let gazetteer = GazetteerBuilder::new().add_csv("places.csv", csv.as_bytes().to_vec())?.build()?;
/// assert_eq!(gazetteer.aliases().len(), 3);
/// # Ok::<(), mentionmap::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct GazetteerBuilder {
    sources: Vec<Source>,
    skip_bad_rows: bool,
    variant_rules: Option<VariantRules>,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        GazetteerBuilder {
            sources: Vec::new(),
            skip_bad_rows: false,
            variant_rules: Some(VariantRules::embedded()),
        }
    }
}

impl GazetteerBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the default gazetteer embedded in the binary.
    pub fn with_embedded(mut self) -> Self {
        let base = PathBuf::from("<embedded>/data/gazetteer");
        self.sources.push(Source {
            path: base.join("entities.csv"),
            bytes: Cow::Borrowed(EMBEDDED_ENTITIES.as_bytes()),
            form: Form::Entities,
        });
        self.sources.push(Source {
            path: base.join("aliases.csv"),
            bytes: Cow::Borrowed(EMBEDDED_ALIASES.as_bytes()),
            form: Form::Aliases,
        });
        self.sources.push(Source {
            path: base.join("sides.csv"),
            bytes: Cow::Borrowed(EMBEDDED_SIDES.as_bytes()),
            form: Form::Sides,
        });
        self
    }

    /// Sets the rules that generate spelling variants of aliases (the shipped rules by default;
    /// `None` generates none).
    pub fn variant_rules(mut self, rules: Option<VariantRules>) -> Self {
        self.variant_rules = rules;
        self
    }

    /// Skips invalid rows instead of failing, structural ones (a row with too few or too many
    /// fields, invalid UTF-8) included; [`Gazetteer::skipped`] lists them.
    pub fn skip_bad_rows(mut self, yes: bool) -> Self {
        self.skip_bad_rows = yes;
        self
    }

    /// Adds a directory (`entities.csv`, and `aliases.csv` and `sides.csv` if present) or a
    /// single CSV file (entities, entities with an `aliases` column, aliases only, or sides:
    /// told by the header).
    ///
    /// # Errors
    /// If the path cannot be read or the file's header fits none of the forms.
    pub fn add_path(self, path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        if path.is_dir() {
            let entities = path.join("entities.csv");
            let aliases = path.join("aliases.csv");
            let mut this = self.add_csv(&entities, read(&entities)?)?;
            for optional in [aliases, path.join("sides.csv")] {
                if optional.exists() {
                    this = this.add_csv(&optional, read(&optional)?)?;
                }
            }
            Ok(this)
        } else {
            self.add_csv(path, read(path)?)
        }
    }

    /// Adds CSV bytes under a display path used in error messages.
    ///
    /// # Errors
    /// If the header fits none of the forms.
    pub fn add_csv(mut self, path: impl Into<PathBuf>, bytes: Vec<u8>) -> Result<Self> {
        let path = path.into();
        let form = detect_form(&path, &bytes)?;
        self.sources.push(Source {
            path,
            bytes: Cow::Owned(bytes),
            form,
        });
        Ok(self)
    }

    /// Checks every row and builds the gazetteer.
    ///
    /// # Errors
    /// The first invalid row, with file and line (unless [`skip_bad_rows`](Self::skip_bad_rows)),
    /// or a gazetteer with no entities.
    pub fn build(self) -> Result<Gazetteer> {
        let mut state = BuildState::new(self.skip_bad_rows);
        // The checksum of 10 MB of CSV runs beside the parse (start-up time matters: every
        // partition of a distributed job loads the gazetteer).
        let (checksum, parsed) = rayon::join(
            || checksum(&self.sources),
            || -> Result<usize> {
                for source in self.sources.iter().filter(|s| s.form == Form::Entities) {
                    state.read_entities(source)?;
                }
                let from_entity_files = state.aliases.len();
                for source in self.sources.iter().filter(|s| s.form == Form::Aliases) {
                    state.read_aliases(source)?;
                }
                Ok(from_entity_files)
            },
        );
        let from_entity_files = parsed?;
        dedupe_aliases(&mut state.aliases, from_entity_files);
        if let Some(rules) = &self.variant_rules {
            let generated = rules.generate(&state.entities, &state.aliases);
            state.aliases.extend(generated);
        }
        if state.entities.is_empty() {
            return Err(Error::Gazetteer("no entities were loaded".into()));
        }
        // Sides name listed aliases, so they are tied to them once the list is final.
        let mut side_rows = Vec::new();
        for source in self.sources.iter().filter(|s| s.form == Form::Sides) {
            match sides::read(&source.path, &source.bytes) {
                Ok(rows) => side_rows.extend(rows),
                Err(error) => state.reject(error)?,
            }
        }
        let (sides, problems) = sides::resolve(side_rows, &state.by_id, &state.aliases);
        for (path, line, message) in problems {
            state.reject(Error::bad_row(path, line, message))?;
        }
        Ok(Gazetteer {
            entities: state.entities,
            aliases: state.aliases,
            sides,
            by_id: state.by_id,
            checksum,
            skipped: state.skipped,
        })
    }
}

/// A short hex digest of the sources (their file names and bytes, in order).
fn checksum(sources: &[Source]) -> String {
    let mut hasher = Sha256::new();
    for source in sources {
        hasher.update(
            source
                .path
                .file_name()
                .map(|n| n.as_encoded_bytes())
                .unwrap_or(b""),
        );
        hasher.update(&source.bytes);
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Drops repeated (entity, text) aliases, keeping the first; sorting avoids a set of owned keys.
/// The first `from_entity_files` aliases come from entity files, which give a name no language
/// or type (the own name is `preferred`): where an alias file lists the same name, its first
/// row's language and type describe the kept alias (Stepanakert, the own name, is `contested`,
/// `hy-Latn`). A repeat tagged to one language's text (`tr-x-only`) keeps an untagged first to
/// that text too: an entity's own name may be a name only its country's language writes (a
/// Turkish village's, see the importer's `own_name_places`).
fn dedupe_aliases(aliases: &mut Vec<Alias>, from_entity_files: usize) {
    let mut order: Vec<usize> = (0..aliases.len()).collect();
    // In parallel; stable, as the aliases come nearly sorted (by entity) and a merge sort
    // makes use of it.
    order.par_sort_by(|&a, &b| {
        (aliases[a].entity, &aliases[a].text, a).cmp(&(aliases[b].entity, &aliases[b].text, b))
    });
    let mut keep = vec![true; aliases.len()];
    // The alias a run of equal (entity, text) keeps, and whether an alias file described it.
    let mut kept = (usize::MAX, false);
    for pair in order.windows(2) {
        let (first, second) = (&aliases[pair[0]], &aliases[pair[1]]);
        if first.entity == second.entity && first.text == second.text {
            if kept.0 != pair[0] && keep[pair[0]] {
                kept = (pair[0], pair[0] >= from_entity_files);
            }
            keep[pair[1]] = false;
            let (lang, alias_type) = (second.lang.clone(), second.alias_type);
            let only_in = lang.as_deref().and_then(Lang::only_in).is_some();
            let own = &mut aliases[kept.0];
            if !kept.1 && pair[1] >= from_entity_files {
                own.lang = lang;
                own.alias_type = alias_type;
                own.case_rule = CaseRule::of(&own.text, alias_type);
                kept.1 = true;
            } else if only_in && own.lang.is_none() {
                own.lang = lang;
            }
        }
    }
    let mut keep = keep.into_iter();
    aliases.retain(|_| keep.next().unwrap_or(true));
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

fn detect_form(path: &Path, bytes: &[u8]) -> Result<Form> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().map_err(|source| Error::Csv {
        path: path.to_path_buf(),
        cause: source,
    })?;
    let has = |name: &str| headers.iter().any(|h| h.trim() == name);
    if has("entity_id") && has("kind") && has("name") {
        Ok(Form::Entities)
    } else if has("entity_id") && has("alias") && has("side") && !has("type") {
        Ok(Form::Sides)
    } else if has("entity_id") && has("alias") {
        Ok(Form::Aliases)
    } else {
        Err(Error::bad_row(
            path,
            1,
            "header fits no gazetteer form: expected entity_id,kind,name,..., entity_id,alias,lang,type or entity_id,alias,side",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::EntityKind;

    const HEADER: &str =
        "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n";

    fn build_entities(rows: &str) -> Result<Gazetteer> {
        GazetteerBuilder::new()
            .add_csv(
                "data/gazetteer/entities.csv",
                format!("{HEADER}{rows}").into_bytes(),
            )?
            .build()
    }

    fn error_of(rows: &str) -> String {
        build_entities(rows)
            .expect_err("rows are invalid")
            .to_string()
    }

    #[test]
    fn bad_rows_are_reported_with_file_and_line() {
        let good = "gn:1,place,Baku,40.37,49.89,AZ,PPLC,2000000\n";
        let table = [
            (",place,X,1,1,,,\n", "line 3: missing entity_id"),
            ("gn:1,place,Again,1,1,,,\n", "line 3: duplicate entity_id gn:1 (first defined at data/gazetteer/entities.csv: line 2)"),
            ("gn:2,place,X,146,1,,,\n", "line 3: latitude 146 is out of range [-90, 90]"),
            ("gn:2,place,X,1,-181,,,\n", "line 3: longitude -181 is out of range [-180, 180]"),
            ("gn:2,place,X,,,,,\n", "line 3: place gn:2 (X) has no coordinates"),
            ("gn:2,place,X,1,,,,\n", "line 3: gn:2 has only one of latitude and longitude"),
            ("gn:2,town,X,1,1,,,\n", "line 3: kind \"town\" of gn:2 is not one of place, person, organisation"),
            ("gn:2,place,X,north,1,,,\n", "line 3: latitude \"north\" is not a number"),
            ("gn:2,place,,1,1,,,\n", "line 3: gn:2 has an empty name"),
        ];
        for (row, expected) in table {
            let message = error_of(&format!("{good}{row}"));
            assert_eq!(
                message,
                format!("data/gazetteer/entities.csv: {expected}"),
                "row {row:?}"
            );
        }
    }

    #[test]
    fn bad_alias_rows_are_reported_with_file_and_line() {
        let builder = || {
            GazetteerBuilder::new()
                .add_csv(
                    "e.csv",
                    format!("{HEADER}gn:1,place,Baku,40.37,49.89,AZ,PPLC,1\n").into_bytes(),
                )
                .unwrap()
        };
        let table = [
            (
                "gn:9,Nowhere,,\n",
                "a.csv: line 2: alias \"Nowhere\" names unknown entity gn:9",
            ),
            ("gn:1,,,\n", "a.csv: line 2: empty alias for gn:1"),
            (
                "gn:1,Baki,az,nickname\n",
                "a.csv: line 2: alias type \"nickname\" is not known",
            ),
        ];
        for (row, expected) in table {
            let csv = format!("entity_id,alias,lang,type\n{row}").into_bytes();
            let error = builder()
                .add_csv("a.csv", csv)
                .unwrap()
                .build()
                .unwrap_err();
            assert_eq!(error.to_string(), expected);
        }
    }

    #[test]
    fn skipping_bad_rows_counts_them() {
        let csv = format!("{HEADER}gn:1,place,Baku,40.37,49.89,AZ,PPLC,1\ngn:2,place,X,99,1,,,\n");
        let gazetteer = GazetteerBuilder::new()
            .skip_bad_rows(true)
            .add_csv("e.csv", csv.into_bytes())
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(gazetteer.entities().len(), 1);
        assert_eq!(gazetteer.skipped_rows(), 1);
    }

    #[test]
    fn structural_errors_are_rows_too_with_their_lines() {
        let mut bytes = format!(
            "{HEADER}gn:1,place,Baku,40.37,49.89,AZ,PPLC,1\ngn:2,place,Short,1\n\
             gn:3,place,Long,1,1,,,,,extra\ngn:4,place,Bad"
        )
        .into_bytes();
        bytes.push(0xff); // not UTF-8
        bytes.extend_from_slice(b",1,1,,,\ngn:5,place,Ganja,40.68,46.36,AZ,PPLA,1\n");
        let builder = || {
            GazetteerBuilder::new()
                .add_csv("e.csv", bytes.clone())
                .unwrap()
        };
        assert_eq!(
            builder().build().unwrap_err().to_string(),
            "e.csv: line 3: the row has 4 fields, the header 8"
        );
        let gazetteer = builder().skip_bad_rows(true).build().unwrap();
        assert_eq!(gazetteer.entities().len(), 2);
        let skipped: Vec<String> = gazetteer.skipped().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            skipped,
            [
                "e.csv: line 3: the row has 4 fields, the header 8",
                "e.csv: line 4: the row has 10 fields, the header 8",
                "e.csv: line 5: field 3 is not UTF-8 (byte 3)",
            ]
        );
    }

    #[test]
    fn a_missing_coordinate_column_is_named() {
        let csv = "entity_id,kind,name,latitude,country_code\ngn:1,place,Baku,40.37,AZ\n";
        let err = GazetteerBuilder::new()
            .add_csv("e.csv", csv.as_bytes().to_vec())
            .unwrap()
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "e.csv: line 1: the header has a latitude column but no longitude column"
        );
    }

    #[test]
    fn single_file_form_splits_the_aliases_column() {
        let csv =
            "entity_id,kind,name,latitude,longitude,country_code,feature_code,population,aliases\n\
                   gn:146970,place,Stepanakert,39.8177,46.7528,AZ,PPLA,55000,Khankendi| Xankəndi \n\
                   local:lavrov,person,Sergey Lavrov,,,RU,,,Sergei Lavrov\n";
        let gazetteer = GazetteerBuilder::new()
            .variant_rules(None)
            .add_csv("one.csv", csv.as_bytes().to_vec())
            .unwrap()
            .build()
            .unwrap();
        let names: Vec<_> = gazetteer
            .aliases()
            .iter()
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Stepanakert",
                "Khankendi",
                "Xankəndi",
                "Sergey Lavrov",
                "Sergei Lavrov"
            ]
        );
        let lavrov = gazetteer.entity(gazetteer.find("local:lavrov").unwrap());
        assert_eq!(lavrov.kind, EntityKind::Person);
        assert_eq!(lavrov.point, None);
    }

    #[test]
    fn an_alias_row_on_the_own_name_gives_it_its_language_and_type() {
        use crate::gazetteer::AliasType;
        let aliases = "entity_id,alias,lang,type\n\
                       gn:146970,Stepanakert,hy-Latn,contested\n\
                       gn:146970,Stepanakert,,preferred\n\
                       gn:146970,Khankendi,az,contested\n\
                       gn:146970,Khankendi,,variant\n";
        let gazetteer = GazetteerBuilder::new()
            .variant_rules(None)
            .add_csv(
                "entities.csv",
                format!("{HEADER}gn:146970,place,Stepanakert,39.8,46.75,AZ,PPLA,2100\n")
                    .into_bytes(),
            )
            .unwrap()
            .add_csv("aliases.csv", aliases.as_bytes().to_vec())
            .unwrap()
            .build()
            .unwrap();
        let rows: Vec<_> = gazetteer
            .aliases()
            .iter()
            .map(|a| (a.text.as_str(), a.lang.as_deref(), a.alias_type))
            .collect();
        // The first row of an alias file describes the own name; later repeats change nothing.
        assert_eq!(
            rows,
            [
                ("Stepanakert", Some("hy-Latn"), AliasType::Contested),
                ("Khankendi", Some("az"), AliasType::Contested),
            ]
        );
    }

    #[test]
    fn latitude_and_longitude_land_in_their_own_fields() {
        let gazetteer =
            build_entities("gn:147105,place,Shusha,39.76006,46.74989,AZ,PPLA,4064\n").unwrap();
        let point = gazetteer.entities()[0].point.unwrap();
        assert_eq!((point.lat, point.lon), (39.76006, 46.74989));
    }
}
