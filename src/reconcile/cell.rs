//! Reading a spreadsheet cell as the names and the context it holds.
//!
//! A column of places rarely holds bare names: `Baku, Azerbaijan`, `Paris, Tex.`, `Yerevan, AM`,
//! `Stepanakert (Khankendi)`, `Shusha/Shushi`, `City of Baku`, `Baku 2020`. The resolver first
//! looks the whole cell up (so a name that has a comma or brackets of its own, `Washington,
//! D.C.` or `Halle (Saale)`, is found as listed); only a cell no name matches whole is split here:
//!
//! - **pieces**: what is inside brackets, what follows a comma (or a semicolon), and what
//!   follows a slash are pieces beside the main name (the text before all of them);
//! - **dropped**: words with a digit (years, postal codes: `2020`, `62701`, `AZ1000`) and the
//!   punctuation around a piece (`Baku.`, `Yerevan,`);
//! - **areas** ([`CellReader::areas`]): a piece may name where the name lies, a country (by any
//!   of its names in the gazetteer, `Azerbaijan`, `Азербайджан`, `Azərbaycan`, or its ISO 3166-1
//!   alpha-2 code, `AZ`) or a first-order division (by its names, `Texas`, `Shirak`, or an
//!   abbreviation: the postal and AP ones the scan reads after a town, `TX`, `Ill.`, and the
//!   older standard forms of `data/cells/state-abbreviations.csv`, `Tex.`). The lookups come
//!   from the gazetteer's countries and divisions, so a gazetteer of other countries brings its
//!   own. A two-letter code is every area it names (`GA`: Georgia the state, and Gabon): the
//!   candidates decide;
//! - **affixes** ([`CellReader::strip_affix`]): words written around a town's name (`City of`,
//!   `X City`, `г.`, `ք.`, `şəhəri`), from `data/cells/affixes.csv`, dropped only when the name as
//!   written reaches nothing ("Kansas City" is listed whole).
//!
//! Whether a piece is the name's context or a second name of it is for the resolver to say (a
//! piece that names an area is context unless it also names one of the main name's own
//! candidates: `Kyiv (Kiev)` is two names, `Athens (Georgia)` a name and its area).

use std::collections::{HashMap, HashSet};

use compact_str::CompactString;

use crate::gazetteer::{AliasType, Entity, EntityIndex, EntityKind, Gazetteer};
use crate::geography::EMBEDDED_ABBREVIATIONS;
use crate::matcher::Matcher;
use crate::normalize::normalize;

/// Words written around a town's name (`affix,position,lang,note`).
pub const EMBEDDED_AFFIXES: &str = include_str!("../../data/cells/affixes.csv");

/// State abbreviations read only in a cell's context (`abbreviation,division,name`), beside the
/// scan's [`EMBEDDED_ABBREVIATIONS`].
pub const EMBEDDED_CELL_ABBREVIATIONS: &str =
    include_str!("../../data/cells/state-abbreviations.csv");

/// The longest abbreviation or code looked up, in letters (`N. Mex.` folds to `nmex`, `Sask.` to
/// `sask`): longer pieces are names.
const MAX_CODE_LETTERS: usize = 5;

/// A place a cell or its row says a name lies in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Area {
    /// A country, by its ISO 3166-1 alpha-2 code.
    Country(CompactString),
    /// A first-order division of a country.
    Division(EntityIndex),
}

impl Area {
    /// Does the area hold `entity` (the division itself included)?
    pub fn contains(&self, gazetteer: &Gazetteer, entity: &Entity) -> bool {
        match self {
            Area::Country(code) => entity.country_code.as_deref() == Some(code.as_str()),
            Area::Division(division) => {
                let division = gazetteer.entity(*division);
                division.country_code.is_some()
                    && division.country_code == entity.country_code
                    && division.admin1_code.is_some()
                    && division.admin1_code == entity.admin1_code
            }
        }
    }

    /// How evidence names it: `country AZ`, `division Texas (US.TX)`.
    pub fn describe(&self, gazetteer: &Gazetteer) -> String {
        match self {
            Area::Country(code) => format!("country {code}"),
            Area::Division(division) => {
                let d = gazetteer.entity(*division);
                format!(
                    "division {} ({}.{})",
                    d.name,
                    d.country_code.as_deref().unwrap_or("-"),
                    d.admin1_code.as_deref().unwrap_or("-")
                )
            }
        }
    }
}

/// A cell taken apart: the main name, the pieces beside it, and what was dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pieces {
    /// The main name: the text before any bracket, comma or slash (may be empty).
    pub name: String,
    /// The other pieces, in the cell's order: after a slash, inside brackets, after a comma.
    pub others: Vec<String>,
    /// Words dropped as numbers (`2020`, `62701`).
    pub dropped: Vec<String>,
}

/// Splits a cell into its main name and the pieces beside it (see the module doc). Pure text:
/// no lookup.
pub fn split(cell: &str) -> Pieces {
    let mut pieces = Pieces::default();
    // Brackets first: their content is a piece wherever it stands.
    let mut outside = String::with_capacity(cell.len());
    let mut bracketed: Vec<String> = Vec::new();
    let mut rest = cell;
    while let Some(open) = rest.find(['(', '[']) {
        outside.push_str(&rest[..open]);
        outside.push(' ');
        let close_char = if rest[open..].starts_with('(') {
            ')'
        } else {
            ']'
        };
        let inner = &rest[open + 1..];
        match inner.find(close_char) {
            Some(close) => {
                bracketed.push(inner[..close].to_string());
                rest = &inner[close + 1..];
            }
            None => {
                bracketed.push(inner.to_string());
                rest = "";
            }
        }
    }
    outside.push_str(rest);
    let mut commas = outside.split([',', ';']);
    let first = commas.next().unwrap_or("");
    let mut slashes = first.split('/');
    pieces.name = clean(slashes.next().unwrap_or(""), &mut pieces.dropped);
    let mut others: Vec<String> = slashes.map(str::to_string).collect();
    others.extend(bracketed);
    others.extend(commas.map(str::to_string));
    pieces.others = others
        .iter()
        .map(|p| clean(p, &mut pieces.dropped))
        .filter(|p| !p.is_empty())
        .collect();
    pieces
}

/// A piece without words that hold a digit and without the punctuation around it.
fn clean(piece: &str, dropped: &mut Vec<String>) -> String {
    let mut words: Vec<&str> = Vec::new();
    for word in piece.split_whitespace() {
        if word.chars().any(|c| c.is_ascii_digit()) {
            dropped.push(word.to_string());
        } else {
            words.push(word);
        }
    }
    let joined = words.join(" ");
    let trimmed = joined.trim_matches(|c: char| {
        c.is_whitespace() || (c.is_ascii_punctuation() && c != '.') || "«»“”„‘’".contains(c)
    });
    // A final dot goes too, except after a single letter ("D.C." keeps its last dot, and
    // "Tex." loses its: abbreviations are read without dots anyway).
    let trimmed = match trimmed.strip_suffix('.') {
        Some(before) if before.chars().rev().nth(1).is_some_and(|c| c != '.') => before,
        _ => trimmed,
    };
    trimmed.trim().to_string()
}

/// The lookups a cell's pieces are read with, built once per gazetteer.
#[derive(Debug, Clone, Default)]
pub struct CellReader {
    /// Folded abbreviations and two-letter codes (letters only, lower case) -> the divisions they
    /// name.
    abbreviations: HashMap<String, Vec<EntityIndex>>,
    /// The ISO 3166-1 alpha-2 codes the gazetteer places entities in, lower case -> as written.
    countries: HashMap<String, CompactString>,
    /// Lower-case affixes written before a name.
    prefixes: Vec<String>,
    /// Lower-case affixes written after a name.
    suffixes: Vec<String>,
}

/// Is this entity a country (an independent or dependent one)?
fn is_country(entity: &Entity) -> bool {
    entity.kind == EntityKind::Place
        && entity
            .feature_code
            .as_deref()
            .is_some_and(|f| f.starts_with("PCL") || f == "TERR")
}

/// Is this entity a first-order division?
fn is_division(entity: &Entity) -> bool {
    entity.kind == EntityKind::Place
        && entity.feature_code.as_deref() == Some("ADM1")
        && entity.admin1_code.is_some()
}

/// Letters only, lower case: `N. Mex.` -> `nmex`; `None` for a piece with anything but letters,
/// dots and spaces, or with more than [`MAX_CODE_LETTERS`] letters.
fn fold_code(piece: &str) -> Option<String> {
    if !piece
        .chars()
        .all(|c| c.is_alphabetic() || c == '.' || c == ' ')
    {
        return None;
    }
    let folded: String = piece
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let letters = folded.chars().count();
    (2..=MAX_CODE_LETTERS).contains(&letters).then_some(folded)
}

impl CellReader {
    /// The lookups over `gazetteer`: its countries' codes, its divisions' abbreviations (the
    /// embedded tables' rows for divisions it has), the embedded affixes.
    pub fn new(gazetteer: &Gazetteer) -> Self {
        let mut reader = CellReader::default();
        let mut divisions: HashMap<(&str, &str), EntityIndex> = HashMap::new();
        for (i, entity) in gazetteer.entities().iter().enumerate() {
            let index = EntityIndex(i as u32);
            // Every code an entity is placed in, so that a gazetteer without country rows
            // still reads `AZ`.
            if let Some(code) = &entity.country_code {
                reader
                    .countries
                    .entry(code.to_lowercase().to_string())
                    .or_insert_with(|| code.clone());
            }
            if is_division(entity) {
                if let (Some(cc), Some(admin1)) = (&entity.country_code, &entity.admin1_code) {
                    divisions.insert((cc.as_str(), admin1.as_str()), index);
                }
            }
        }
        let mut add = |abbreviation: &str, division: EntityIndex| {
            if let Some(key) = fold_code(abbreviation) {
                let found = reader.abbreviations.entry(key).or_default();
                if !found.contains(&division) {
                    found.push(division);
                }
            }
        };
        // The scan's table: postal codes and AP abbreviations, by entity id.
        for row in rows(EMBEDDED_ABBREVIATIONS) {
            if let (Some(text), Some(division)) =
                (row.first(), row.get(1).and_then(|id| gazetteer.find(id)))
            {
                add(text, division);
            }
        }
        // The cell's own table, by admin1 key (`US.TX`).
        for row in rows(EMBEDDED_CELL_ABBREVIATIONS) {
            let key = row.get(1).and_then(|k| k.split_once('.'));
            if let (Some(text), Some(&division)) =
                (row.first(), key.and_then(|k| divisions.get(&k)))
            {
                add(text, division);
            }
        }
        for row in rows(EMBEDDED_AFFIXES) {
            let (Some(affix), Some(position)) = (row.first(), row.get(1)) else {
                continue;
            };
            let affix = affix.to_lowercase();
            match position.as_str() {
                "prefix" => reader.prefixes.push(affix),
                "suffix" => reader.suffixes.push(affix),
                _ => {}
            }
        }
        reader
    }

    /// The areas `piece` names: a country by name, alpha-2 code or entity id, a first-order
    /// division by name, abbreviation or entity id (a division's only with `countries_only`
    /// false). Empty when it names none.
    pub fn areas(
        &self,
        gazetteer: &Gazetteer,
        matcher: &Matcher,
        piece: &str,
        countries_only: bool,
    ) -> Vec<Area> {
        let mut out: Vec<Area> = Vec::new();
        let mut push = |area: Area| {
            if !out.contains(&area) {
                out.push(area);
            }
        };
        let area_of = |index: EntityIndex| {
            let entity = gazetteer.entity(index);
            if is_country(entity) {
                entity.country_code.clone().map(Area::Country)
            } else if is_division(entity) && !countries_only {
                Some(Area::Division(index))
            } else {
                None
            }
        };
        // A reconciled value: an entity id.
        if let Some(area) = gazetteer.find(piece.trim()).and_then(area_of) {
            return vec![area];
        }
        if let Some(code) = fold_code(piece) {
            if code.chars().count() == 2 {
                if let Some(cc) = self.countries.get(&code) {
                    push(Area::Country(cc.clone()));
                }
            }
            if !countries_only {
                for &division in self.abbreviations.get(&code).into_iter().flatten() {
                    push(Area::Division(division));
                }
            }
        }
        if let Some(pattern) = matcher.pattern_id(&normalize(piece)) {
            for &a in matcher.aliases(pattern) {
                let alias = gazetteer.alias(a);
                if alias.alias_type == AliasType::Demonym {
                    continue;
                }
                if let Some(area) = area_of(alias.entity) {
                    push(area);
                }
            }
        }
        out
    }

    /// `name` without an affix written around it (`City of Baku` -> `Baku`, `г.Баку` -> `Баку`,
    /// `Bakı şəhəri` -> `Bakı`), or `None` when it has none.
    pub fn strip_affix<'n>(&self, name: &'n str) -> Option<&'n str> {
        let lower = name.to_lowercase();
        // Lower-casing keeps byte lengths for the scripts of the table, which is what lets
        // offsets into `lower` cut `name`; a name where it does not is left alone.
        if lower.len() != name.len() {
            return None;
        }
        for prefix in &self.prefixes {
            if let Some(rest) = lower.strip_prefix(prefix.as_str()) {
                let joined = prefix.ends_with('.') || rest.starts_with(char::is_whitespace);
                let rest = name[name.len() - rest.len()..].trim();
                if joined && !rest.is_empty() {
                    return Some(rest);
                }
            }
        }
        for suffix in &self.suffixes {
            if let Some(before) = lower.strip_suffix(suffix.as_str()) {
                let before = &name[..before.len()];
                if before.ends_with(char::is_whitespace) && !before.trim().is_empty() {
                    return Some(before.trim());
                }
            }
        }
        None
    }
}

/// The records of an embedded CSV table after its header, as owned fields (bad rows skipped:
/// the tables are ours and tested).
fn rows(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    csv::Reader::from_reader(text.as_bytes())
        .into_records()
        .flatten()
        .map(|r| r.iter().map(str::to_string).collect())
}

/// The distinct entities that `aliases` reach.
pub(super) fn entities_of(
    gazetteer: &Gazetteer,
    aliases: &[crate::gazetteer::AliasIndex],
) -> HashSet<EntityIndex> {
    aliases.iter().map(|&a| gazetteer.alias(a).entity).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(cell: &str) -> (String, Vec<String>, Vec<String>) {
        let p = split(cell);
        (p.name, p.others, p.dropped)
    }

    #[test]
    fn cells_split_into_a_name_and_pieces() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let table: [(&str, &str, &[&str], &[&str]); 14] = [
            ("Baku, Azerbaijan", "Baku", &["Azerbaijan"], &[]),
            ("Paris, Tex.", "Paris", &["Tex"], &[]),
            (
                "Stepanakert (Khankendi)",
                "Stepanakert",
                &["Khankendi"],
                &[],
            ),
            ("Shusha/Shushi", "Shusha", &["Shushi"], &[]),
            ("Shushi / Shusha", "Shushi", &["Shusha"], &[]),
            ("Baku 2020", "Baku", &[], &["2020"]),
            ("Baku.", "Baku", &[], &[]),
            ("Yerevan,", "Yerevan", &[], &[]),
            ("Tbilisi;", "Tbilisi", &[], &[]),
            ("Stepanakert (2023)", "Stepanakert", &[], &["2023"]),
            ("Springfield, IL 62701", "Springfield", &["IL"], &["62701"]),
            ("Paris, Texas, USA", "Paris", &["Texas", "USA"], &[]),
            ("Kyiv (Kiev", "Kyiv", &["Kiev"], &[]),
            ("\"Baku\"", "Baku", &[], &[]),
        ];
        for (cell, name, others, dropped) in table {
            let (n, o, d) = pieces(cell);
            assert_eq!((n.as_str(), o, d), (name, s(others), s(dropped)), "{cell}");
        }
        // A piece of digits alone is dropped whole; "D.C." keeps its dots.
        assert_eq!(pieces("Washington, D.C.").1, ["D.C."]);
        assert_eq!(pieces("2020").0, "");
    }

    #[test]
    fn every_row_of_the_embedded_tables_is_read() {
        // A row with a field too many is an error the reader skips: none may be.
        for table in [EMBEDDED_AFFIXES, EMBEDDED_CELL_ABBREVIATIONS] {
            assert_eq!(rows(table).count(), table.lines().count() - 1);
        }
        let gazetteer = crate::GazetteerBuilder::new()
            .variant_rules(None)
            .add_csv(
                "t.csv",
                b"entity_id,kind,name,latitude,longitude,country_code,feature_code,population,admin1_code\n\
                  gn:1,place,Texas,31,-99,US,ADM1,1,TX\n\
                  gn:2,place,Azerbaijan,40.5,47.5,AZ,PCLI,1,\n"
                    .to_vec(),
            )
            .unwrap()
            .build()
            .unwrap();
        let reader = CellReader::new(&gazetteer);
        assert_eq!(reader.abbreviations["tex"], [EntityIndex(0)]);
        assert_eq!(reader.countries["az"], "AZ");
        let table = [
            ("City of Baku", Some("Baku")),
            ("city of  Baku", Some("Baku")),
            ("Baku City", Some("Baku")),
            ("г. Баку", Some("Баку")),
            ("г.Баку", Some("Баку")),
            ("город Баку", Some("Баку")),
            ("ք. Երևան", Some("Երևան")),
            ("Bakı şəhəri", Some("Bakı")),
            ("Cityville", None),
            ("City", None),
            ("Velocity", None),
        ];
        for (name, bare) in table {
            assert_eq!(reader.strip_affix(name), bare, "{name}");
        }
    }

    #[test]
    fn codes_fold_to_letters() {
        assert_eq!(fold_code("Tex.").as_deref(), Some("tex"));
        assert_eq!(fold_code("N. Mex.").as_deref(), Some("nmex"));
        assert_eq!(fold_code("W.Va.").as_deref(), Some("wva"));
        assert_eq!(fold_code("AZ").as_deref(), Some("az"));
        assert_eq!(fold_code("Azerbaijan"), None);
        assert_eq!(fold_code("A"), None);
        assert_eq!(fold_code("AZ1000"), None);
    }
}
