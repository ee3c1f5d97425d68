//! `Resolver`: bare names (a list, a DataFrame column) to entities, as `mentionmap resolve`.

use std::collections::HashMap;

use mentionmap::reconcile::{record, NameQuery, NameResolver};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::convert::{error, to_py};
use crate::counts::parse_kind;
use crate::options::{countries, read_bbox, type_name, words, GazetteerOptions};

/// Resolves bare names (the cells of a column, not running text) to gazetteer entities, as
/// ``mentionmap resolve`` does: whole, regardless of case and diacritics, then through the
/// generated spellings, a person's surname, and fuzzily. ``gazetteer``, ``extend``, ``fuzzy``,
/// ``variants`` and ``skip_bad_rows`` are those of ``Scanner``.
///
/// >>> from mentionmap import Resolver
/// >>> r = Resolver().resolve("Khankendi")
/// >>> r["entity_id"], r["name"], r["method"], r["match"]
/// ('gn:146970', 'Stepanakert', 'exact', True)
#[pyclass(frozen, module = "mentionmap")]
pub struct Resolver {
    inner: NameResolver,
}

#[pymethods]
impl Resolver {
    #[new]
    #[pyo3(signature = (gazetteer=None, extend=None, fuzzy=true, variants=true, skip_bad_rows=false))]
    fn new(
        py: Python<'_>,
        gazetteer: Option<&Bound<'_, PyAny>>,
        extend: Option<&Bound<'_, PyAny>>,
        fuzzy: bool,
        variants: bool,
        skip_bad_rows: bool,
    ) -> PyResult<Self> {
        let load = GazetteerOptions::from_py(gazetteer, extend, variants, skip_bad_rows)?;
        let inner = py
            .allow_threads(|| NameResolver::builder().fuzzy(fuzzy).build(load.load()?))
            .map_err(|e| error(py, e))?;
        Ok(Resolver { inner })
    }

    /// Resolves one name (a str: returns one dict) or many (any other iterable: returns a list
    /// of dicts, one per name, in order). Each dict has the keys of ``resolve --format jsonl``:
    /// ``input``, ``entity_id``, ``name``, ``kind``, ``longitude``, ``latitude``,
    /// ``country_code``, ``feature_code``, ``method``, ``score``, ``match`` (sure enough to
    /// accept unseen), ``evidence`` and ``runners_up``; an unresolved name has them None
    /// (``match`` False). None and NaN cells (pandas' missing values) are unresolved names.
    ///
    /// ``kind`` (``"place"``, ``"place,person"`` or a sequence) keeps those kinds only;
    /// ``country`` and ``bbox`` prefer places there; ``min_score`` leaves a name unresolved
    /// below that score. Each distinct name is resolved once.
    ///
    /// >>> from mentionmap import Resolver
    /// >>> [r["name"] for r in Resolver().resolve(["Xankəndi", "Mnatskanyan", None])]
    /// ['Stepanakert', 'Zohrab Mnatsakanyan', None]
    #[pyo3(signature = (names, kind=None, country=None, bbox=None, min_score=0.0))]
    fn resolve<'py>(
        &self,
        py: Python<'py>,
        names: &Bound<'py, PyAny>,
        kind: Option<&Bound<'py, PyAny>>,
        country: Option<&Bound<'py, PyAny>>,
        bbox: Option<&Bound<'py, PyAny>>,
        min_score: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        if !(0.0..=1.0).contains(&min_score) {
            return Err(PyValueError::new_err(format!(
                "min_score {min_score} is not in [0, 1]"
            )));
        }
        let query = NameQuery {
            kinds: kinds(kind)?,
            countries: countries(country)?
                .into_iter()
                .map(|c| c.to_ascii_uppercase())
                .collect(),
            bbox: read_bbox(bbox)?,
            min_score,
            ..NameQuery::default()
        };
        if let Ok(name) = names.downcast::<PyString>() {
            let name = name.extract::<String>()?;
            let resolution = py.allow_threads(|| self.inner.resolve(name.trim(), &query));
            return to_py(py, &record(&self.inner, &name, &resolution).into());
        }
        let mut cells = Vec::new();
        for (i, cell) in names.try_iter()?.enumerate() {
            cells.push(name_of(&cell?, i)?);
        }
        let rows = py.allow_threads(|| {
            // Each distinct name is resolved once, as `resolve` does.
            let mut seen: HashMap<&str, serde_json::Value> = HashMap::new();
            cells
                .iter()
                .map(|name| {
                    seen.entry(name.trim())
                        .or_insert_with(|| {
                            let resolution = self.inner.resolve(name.trim(), &query);
                            record(&self.inner, name, &resolution).into()
                        })
                        .clone()
                })
                .collect::<Vec<_>>()
        });
        let list = PyList::empty(py);
        for (row, name) in rows.into_iter().zip(&cells) {
            let dict = to_py(py, &row)?;
            // A repeated name with other white space around it keeps its own input.
            dict.set_item("input", name)?;
            list.append(dict)?;
        }
        Ok(list.into_any())
    }
}

/// A cell as a name: a str, or "" for None and NaN (pandas' missing values).
fn name_of(cell: &Bound<'_, PyAny>, i: usize) -> PyResult<String> {
    if cell.is_none() {
        return Ok(String::new());
    }
    if let Ok(name) = cell.downcast::<PyString>() {
        return name.extract::<String>();
    }
    if let Ok(x) = cell.extract::<f64>() {
        if x.is_nan() {
            return Ok(String::new());
        }
    }
    Err(PyTypeError::new_err(format!(
        "name {i}: a name is a str (or None), not {}",
        type_name(cell)
    )))
}

/// Kinds from None, "place,person" or a sequence of names.
fn kinds(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<mentionmap::gazetteer::EntityKind>> {
    words(value, "kind", "\"place,person\" or a sequence of kinds")?
        .iter()
        .map(|k| parse_kind(k))
        .collect()
}
