//! The evidence weights, kept as data (`data/resolve-weights.csv`) so that they can be refitted
//! (`mentionmap eval --folds`, see [`crate::eval::weights`]) without touching the rules.
//!
//! A candidate's score is its feature rank (the unit every weight is measured in: one step from
//! a town to a division's seat) plus each weight times its feature's value
//! ([`CandidateFeatures`]), plus the rules that place one candidate just ahead of another
//! (a metropolis and its division, `--country`), which are not weights but margins.

use std::path::Path;
use std::sync::OnceLock;

use crate::gazetteer::EntityIndex;
use crate::{Error, Result};

use super::neighbours::{IN_PLAY_WEIGHT, NEIGHBOUR_WEIGHT};
use super::outlet_home::OUTLET_HOME_WEIGHT;
use super::{
    ALTERNATE_NAME_PENALTY, CANONICAL_NAME_BONUS, CONTAINER_BONUS, COUNTRY_FOCUS_WEIGHT,
    DIVISION_FOCUS_WEIGHT, EXACT_SPELLING_BONUS, FEATURE_WORDS_BONUS, STORY_AREA_WEIGHT,
    WRITTEN_STATE_BONUS,
};

/// The weights the binary carries.
pub const EMBEDDED_WEIGHTS: &str = include_str!("../../data/resolve-weights.csv");

/// How many weights there are: one per feature of [`CandidateFeatures::values`].
pub const WEIGHT_COUNT: usize = 13;

/// The weights' names, in the order of [`Weights::to_array`] and of the data file.
pub const WEIGHT_NAMES: [&str; WEIGHT_COUNT] = [
    "population",
    "own_name",
    "exact_spelling",
    "alternate_name",
    "written_state",
    "country_focus",
    "division_focus",
    "container",
    "feature_words",
    "story_area",
    "outlet_home",
    "neighbour",
    "in_play",
];

/// One weight per kind of evidence, in units of one feature rank.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Times `log10(population + 1) / 10`: population orders places of one rank.
    pub population: f64,
    /// The alias is the entity's own name ("Goris" is the Armenian town, not an old spelling
    /// of Gori).
    pub own_name: f64,
    /// The alias is written as the text, ignoring case only: diacritics are information
    /// ("Şuşa" leans to Shusha over Sousse, alias "Susa").
    pub exact_spelling: f64,
    /// Reached only through an alternate name that is another candidate's own name (negative:
    /// GeoNames lists "Salisbury" for Harare).
    pub alternate_name: f64,
    /// Inside the state written after the name as an abbreviation ("Springfield, Ill.").
    pub written_state: f64,
    /// Times the share of the document's other clear places in the candidate's country.
    pub country_focus: f64,
    /// Times the share of the document's other clear places in its first-order division.
    pub division_focus: f64,
    /// Per "A, B" pair where B is a country or division containing A (both names gain).
    pub container: f64,
    /// A physical feature with a word of its kind near its name ("the Kura burst its banks").
    pub feature_words: f64,
    /// Times the share of the document's clear towns, counties and divisions the candidate
    /// lies near or in (see `story_area.rs`): a local paper's own Paris.
    pub story_area: f64,
    /// Times the sureness of the outlet's home, for a candidate in its home division or near
    /// its home town (see `outlet_home.rs`): the paper's own Paris.
    pub outlet_home: f64,
    /// Times the share of the document's other clear places in a country bordering the
    /// candidate's (see `neighbours.rs`): the Gaza beside Israel.
    pub neighbour: f64,
    /// Its country, or one bordering it, has clear places in the document while another
    /// candidate's has none (see `neighbours.rs`): not diluted by a world story's many
    /// countries, as the shares are.
    pub in_play: f64,
}

impl Weights {
    /// The hand-set values, each argued in its constant's documentation: what the fitted
    /// weights are compared with.
    pub const HAND: Weights = Weights {
        population: 1.0,
        own_name: CANONICAL_NAME_BONUS,
        exact_spelling: EXACT_SPELLING_BONUS,
        alternate_name: -ALTERNATE_NAME_PENALTY,
        written_state: WRITTEN_STATE_BONUS,
        country_focus: COUNTRY_FOCUS_WEIGHT,
        division_focus: DIVISION_FOCUS_WEIGHT,
        container: CONTAINER_BONUS,
        feature_words: FEATURE_WORDS_BONUS,
        story_area: STORY_AREA_WEIGHT,
        outlet_home: OUTLET_HOME_WEIGHT,
        neighbour: NEIGHBOUR_WEIGHT,
        in_play: IN_PLAY_WEIGHT,
    };

    /// The weights embedded in the binary (`data/resolve-weights.csv`), parsed once.
    pub fn embedded() -> Self {
        static EMBEDDED: OnceLock<Weights> = OnceLock::new();
        *EMBEDDED.get_or_init(|| {
            Weights::from_csv(EMBEDDED_WEIGHTS, Path::new("data/resolve-weights.csv"))
                .expect("the embedded weights parse (tested)")
        })
    }

    /// Reads weights written as `data/resolve-weights.csv` is: `#` comment lines, a
    /// `weight,value` header, then one `name,value` row per weight, each exactly once.
    ///
    /// # Errors
    /// A row that is not `name,number`, an unknown or repeated name, or a missing one, with the
    /// line (`path` names the file in the message).
    pub fn from_csv(text: &str, path: &Path) -> Result<Self> {
        let bad = |line: usize, message: String| Error::BadRow {
            path: path.to_path_buf(),
            line: line as u64,
            message,
        };
        let mut values: [Option<f64>; WEIGHT_COUNT] = [None; WEIGHT_COUNT];
        // The csv crate skips the `#` comments and blank lines and counts lines for us.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut header = false;
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                bad(line, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            let row = record.iter().collect::<Vec<_>>().join(",");
            if !header {
                if row != "weight,value" {
                    return Err(bad(
                        line,
                        format!("expected the header weight,value, found {row:?}"),
                    ));
                }
                header = true;
                continue;
            }
            let [name, value] = [record.get(0), record.get(1)];
            let (Some(name), Some(value), 2) = (name, value, record.len()) else {
                return Err(bad(line, format!("expected name,value, found {row:?}")));
            };
            let value: f64 = value
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| bad(line, format!("{value:?} is not a number")))?;
            let Some(k) = WEIGHT_NAMES.iter().position(|n| *n == name) else {
                return Err(bad(
                    line,
                    format!(
                        "unknown weight {name:?} (known: {})",
                        WEIGHT_NAMES.join(", ")
                    ),
                ));
            };
            if values[k].replace(value).is_some() {
                return Err(bad(line, format!("weight {name:?} given twice")));
            }
        }
        let mut out = [0.0; WEIGHT_COUNT];
        for (k, value) in values.iter().enumerate() {
            out[k] = value.ok_or_else(|| {
                bad(
                    text.lines().count(),
                    format!("weight {:?} is missing", WEIGHT_NAMES[k]),
                )
            })?;
        }
        Ok(Weights::from_array(out))
    }

    /// The weights as the data file writes them, after `comment` (each of its lines prefixed
    /// with `# `).
    pub fn to_csv(&self, comment: &str) -> String {
        let mut out = String::new();
        for line in comment.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("weight,value\n");
        for (name, value) in WEIGHT_NAMES.iter().zip(self.to_array()) {
            out.push_str(&format!("{name},{}\n", round4(value)));
        }
        out
    }

    /// In the order of [`WEIGHT_NAMES`].
    pub fn to_array(&self) -> [f64; WEIGHT_COUNT] {
        [
            self.population,
            self.own_name,
            self.exact_spelling,
            self.alternate_name,
            self.written_state,
            self.country_focus,
            self.division_focus,
            self.container,
            self.feature_words,
            self.story_area,
            self.outlet_home,
            self.neighbour,
            self.in_play,
        ]
    }

    /// From values in the order of [`WEIGHT_NAMES`].
    pub fn from_array(v: [f64; WEIGHT_COUNT]) -> Self {
        let [population, own_name, exact_spelling, alternate_name, written_state, country_focus, division_focus, container, feature_words, story_area, outlet_home, neighbour, in_play] =
            v;
        Weights {
            population,
            own_name,
            exact_spelling,
            alternate_name,
            written_state,
            country_focus,
            division_focus,
            container,
            feature_words,
            story_area,
            outlet_home,
            neighbour,
            in_play,
        }
    }

    /// The part of a candidate's score the weights give it (the rest is its offset).
    pub fn score(&self, features: &CandidateFeatures) -> f64 {
        features.offset
            + self
                .to_array()
                .iter()
                .zip(features.values)
                .map(|(w, x)| w * x)
                .sum::<f64>()
    }
}

impl Default for Weights {
    /// The embedded weights.
    fn default() -> Self {
        Weights::embedded()
    }
}

/// What the resolver knew of one candidate when it decided: the values its weights multiply,
/// and the rest of its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CandidateFeatures {
    /// Feature rank, plus the margins of the rules that are no weights (a metropolis lifted
    /// over its division, a division dropped under a bigger city, `--country` and `--bbox`).
    pub offset: f64,
    /// One value per weight, in the order of [`WEIGHT_NAMES`]: the population term, 0 or 1 for
    /// own name, exact spelling, alternate name and written state, the two focus shares (0 to
    /// 1), how many "A, B" pairs it is part of, 0 or 1 for a feature word nearby, the story
    /// area's share and the outlet home's sureness (0 to 1).
    pub values: [f64; WEIGHT_COUNT],
}

/// One name the resolver weighed, as [`super::Resolver::candidates`] reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct NameCandidates {
    /// Byte offset of the name in the original text.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// Its candidates, best first.
    pub candidates: Vec<ScoredCandidate>,
}

/// One candidate of a name with what it was scored on.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredCandidate {
    /// The entity.
    pub entity: EntityIndex,
    /// Its score (comparable within the name only).
    pub score: f64,
    /// The values behind the score.
    pub features: CandidateFeatures,
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_weights_load_and_round_trip() {
        let w = Weights::embedded();
        assert!(w.written_state > 0.0 && w.alternate_name < 0.0);
        let again = Weights::from_csv(&w.to_csv("a comment\nover two lines"), Path::new("x"))
            .expect("written weights parse");
        assert_eq!(again, w);
    }

    #[test]
    fn a_bad_weights_file_names_its_line() {
        let table = [
            ("weight,value\npopulation,x\n", "line 2", "not a number"),
            (
                "# c\nweight,value\nnearness,1\n",
                "line 3",
                "unknown weight",
            ),
            ("name,value\n", "line 1", "header"),
            (
                "weight,value\npopulation,1\npopulation,2\n",
                "line 3",
                "twice",
            ),
            (
                "weight,value\npopulation,1\n",
                "",
                "\"own_name\" is missing",
            ),
        ];
        for (text, line, what) in table {
            let message = Weights::from_csv(text, Path::new("w.csv"))
                .expect_err(text)
                .to_string();
            assert!(
                message.starts_with("w.csv") && message.contains(line) && message.contains(what),
                "{text:?}: {message}"
            );
        }
    }
}
