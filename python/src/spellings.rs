//! The spelling report of `audit --spellings` for notebooks: the rows of `spellings.csv` and
//! `contested.csv` as dicts.
//!
//! The rows are the CLI's own: the library writes the CSV and this module reads it back, with
//! the numeric columns as numbers and empty cells as None, so a notebook and the CLI cannot
//! disagree on what a row holds.

use mentionmap::audit::spellings::{contests, spellings};
use mentionmap::audit::Scope;
use mentionmap::date::Period;
use mentionmap::export::contested;
use mentionmap::{Counts, Gazetteer};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// Which of the two tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `spellings.csv`.
    Spellings,
    /// `contested.csv`.
    Contested,
}

/// Columns holding whole numbers, and columns holding fractions; the others are text.
const INTEGERS: &[&str] = &["mentions", "rank", "source_mentions"];
const FLOATS: &[&str] = &["share", "divergence_bits", "preferred_share"];

/// The rows of `table` for `counts`, as `audit --spellings --by BY [--country ...]` writes
/// them: `by` is day, week, month or year.
pub fn rows<'py>(
    py: Python<'py>,
    (counts, gazetteer): (&Counts, &Gazetteer),
    table: Table,
    by: &str,
    countries: Vec<String>,
    min_outlet_mentions: u64,
) -> PyResult<Bound<'py, PyList>> {
    let period: Period = by.parse().map_err(PyValueError::new_err)?;
    let scope = Scope {
        countries,
        ..Scope::default()
    };
    let entities = spellings(counts, gazetteer, &scope, period);
    let mut csv_bytes = Vec::new();
    let written = match table {
        Table::Spellings => contested::write_spellings_csv(&mut csv_bytes, &entities),
        Table::Contested => {
            let contests = contests(&entities, min_outlet_mentions);
            contested::write_contested_csv(&mut csv_bytes, &contests)
        }
    };
    written.expect("writing to memory does not fail");
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let headers = reader.headers().expect("the table has a header").clone();
    let list = PyList::empty(py);
    for record in reader.records() {
        let record = record.expect("the table is valid CSV");
        let row = PyDict::new(py);
        for (column, value) in headers.iter().zip(record.iter()) {
            if value.is_empty() {
                row.set_item(column, py.None())?;
            } else if INTEGERS.contains(&column) {
                row.set_item(column, value.parse::<u64>().expect("a count"))?;
            } else if FLOATS.contains(&column) {
                row.set_item(column, value.parse::<f64>().expect("a share"))?;
            } else if column == "contested" {
                row.set_item(column, value == "true")?;
            } else {
                row.set_item(column, value)?;
            }
        }
        list.append(row)?;
    }
    Ok(list)
}
