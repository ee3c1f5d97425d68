//! Reading documents: plain text files, directories of them, `.gz`, JSONL, and standard input.
//!
//! [`expand`] turns the user's inputs into [`Source`]s; [`Documents`] reads them one document at
//! a time, so a run never holds more of its input than the documents in flight.

mod read;
mod walk;

use std::path::{Path, PathBuf};

pub use read::{Documents, DEFAULT_MAX_DOC_BYTES};
pub use walk::{walk, SkipReason, Skipped, WalkOptions, Walked};

use crate::date::Date;
use crate::Result;

/// One document: an id (the path, or the JSONL id field), its text, and the date and source a
/// JSONL line may give.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Stable identifier used in mentions and counts.
    pub id: String,
    /// The full text, as read.
    pub text: String,
    /// The day it is dated (JSONL `--date-field`).
    pub date: Option<Date>,
    /// Where it comes from: an outlet, a feed (JSONL `--source-field`).
    pub source: Option<String>,
    /// What was wrong with its bytes, if it was read all the same (invalid UTF-8 replaced by
    /// U+FFFD), for the caller to report.
    pub warning: Option<String>,
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

/// How to read JSONL inputs.
#[derive(Debug, Clone)]
pub struct JsonlFields {
    /// The field that holds the text.
    pub text: String,
    /// The field that holds the id; missing ids become `<file>:<line>`.
    pub id: String,
    /// Read standard input as JSONL (files are told by their extension).
    pub stdin_is_jsonl: bool,
    /// The field that holds an ISO 8601 date or datetime, if any.
    pub date: Option<String>,
    /// The field that names the source, if any.
    pub source: Option<String>,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            text: "text".into(),
            id: "id".into(),
            stdin_is_jsonl: false,
            date: None,
            source: None,
        }
    }
}

/// File extensions read from directories (after removing a `.gz`).
const TEXT_EXTENSIONS: &[&str] = &["txt", "text"];
const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];

/// Expands inputs into sources with the default [`WalkOptions`] (see [`walk`]), dropping the
/// list of what was skipped.
///
/// # Errors
/// If an input named on the command line does not exist.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<Source>> {
    walk(inputs, &WalkOptions::default()).map(|walked| walked.sources)
}

/// The extension of a path with any `.gz` removed.
fn inner_extension(path: &Path) -> Option<String> {
    // Lossy: a name that is not UTF-8 is still told by its (ASCII) extension.
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.').map(|(_, ext)| ext.to_string())
}

pub(crate) fn is_text(path: &Path) -> bool {
    inner_extension(path).is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str()))
}

pub(crate) fn is_jsonl(path: &Path) -> bool {
    inner_extension(path).is_some_and(|e| JSONL_EXTENSIONS.contains(&e.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_input_is_an_error() {
        let err = expand(&[PathBuf::from("no/such/dir")]).unwrap_err();
        assert!(err.to_string().starts_with("no/such/dir: "));
    }
}
