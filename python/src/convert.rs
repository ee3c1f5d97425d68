//! Conversions shared by the classes: JSON values to Python objects, library errors to
//! Python exceptions.

use std::path::Path;

use pyo3::exceptions::{PyFileNotFoundError, PyOSError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

use crate::MentionmapError;

/// A JSON value as the Python object `json.loads` would make of it (dicts keep their key
/// order), so that what Python returns equals what the CLI writes, parsed.
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_u64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else {
                n.as_f64()
                    .expect("a JSON number is an integer or a float")
                    .into_pyobject(py)?
                    .into_any()
            }
        }
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// A serializable library value as a Python object, through its JSON form.
pub fn serde_to_py<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value)
        .map_err(|e| MentionmapError::new_err(format!("cannot convert to Python: {e}")))?;
    to_py(py, &json)
}

/// A library error as a Python exception with the library's message: `FileNotFoundError` or
/// `OSError` for a file that cannot be read, else [`MentionmapError`] with `path` and `line`
/// set when the error has them.
pub fn error(py: Python<'_>, error: mentionmap::Error) -> PyErr {
    let message = error.to_string();
    let (path, line): (Option<&Path>, Option<u64>) = match &error {
        mentionmap::Error::Io { cause, .. } => {
            return if cause.kind() == std::io::ErrorKind::NotFound {
                PyFileNotFoundError::new_err(message)
            } else {
                PyOSError::new_err(message)
            };
        }
        mentionmap::Error::BadRow { path, line, .. }
        | mentionmap::Error::Json { path, line, .. } => (Some(path), Some(*line)),
        mentionmap::Error::Csv { path, cause } => (Some(path), cause.position().map(|p| p.line())),
        _ => (None, None),
    };
    located(py, message, path, line)
}

/// A [`MentionmapError`] with `path` and `line` attributes (None when unknown).
pub fn located(py: Python<'_>, message: String, path: Option<&Path>, line: Option<u64>) -> PyErr {
    let err = MentionmapError::new_err(message);
    let value = err.value(py);
    // Setting an attribute on a fresh exception instance cannot fail; if it did, the message
    // still says where.
    let _ = value.setattr("path", path.map(|p| p.display().to_string()));
    let _ = value.setattr("line", line);
    err
}
