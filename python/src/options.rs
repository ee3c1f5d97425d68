//! The options every class shares, read from Python as the CLI reads its flags: which gazetteer
//! (`--gazetteer`, `--extend`, `--skip-bad-rows`, `--no-variants`) and the user's bias
//! (`--country`, `--bbox`).

use std::path::PathBuf;

use mentionmap::resolve::{Bbox, ResolverOptions};
use mentionmap::{Gazetteer, GazetteerBuilder};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

/// Which gazetteer to load, as Python gave it.
#[derive(Debug, Clone, Default)]
pub struct GazetteerOptions {
    /// Replace the embedded gazetteer with these (none: the embedded one).
    pub gazetteer: Vec<PathBuf>,
    /// Add these to it.
    pub extend: Vec<PathBuf>,
    /// Generate spelling variants of the names.
    pub variants: bool,
    /// Skip invalid rows instead of stopping at the first.
    pub skip_bad_rows: bool,
}

impl GazetteerOptions {
    /// Reads `gazetteer` (None, a path, or a sequence of paths) and `extend` (a path or a
    /// sequence of paths).
    pub fn from_py(
        gazetteer: Option<&Bound<'_, PyAny>>,
        extend: Option<&Bound<'_, PyAny>>,
        variants: bool,
        skip_bad_rows: bool,
    ) -> PyResult<Self> {
        Ok(GazetteerOptions {
            gazetteer: paths(gazetteer, "gazetteer")?,
            extend: paths(extend, "extend")?,
            variants,
            skip_bad_rows,
        })
    }

    /// Loads the gazetteer, as `--gazetteer`/`--extend` do.
    ///
    /// # Errors
    /// The first bad row (with its file and line), or a file that cannot be read.
    pub fn load(&self) -> mentionmap::Result<Gazetteer> {
        let mut builder = GazetteerBuilder::new().skip_bad_rows(self.skip_bad_rows);
        if !self.variants {
            builder = builder.variant_rules(None);
        }
        if self.gazetteer.is_empty() {
            builder = builder.with_embedded();
        }
        for path in self.gazetteer.iter().chain(&self.extend) {
            builder = builder.add_path(path)?;
        }
        builder.build()
    }
}

/// None, one path (str or os.PathLike) or a sequence of them.
fn paths(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<PathBuf>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(path) = value.extract::<PathBuf>() {
        return Ok(vec![path]);
    }
    value.extract::<Vec<PathBuf>>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} takes a path or a sequence of paths, not {}",
            type_name(value)
        ))
    })
}

/// The user's bias: `country` (None, "AZ,AM" or a sequence of codes) and `bbox` (None,
/// "min_lon,min_lat,max_lon,max_lat" or a sequence of those four numbers).
pub fn resolver_options(
    country: Option<&Bound<'_, PyAny>>,
    bbox: Option<&Bound<'_, PyAny>>,
) -> PyResult<ResolverOptions> {
    Ok(ResolverOptions {
        countries: countries(country)?,
        bbox: read_bbox(bbox)?,
    })
}

/// Country codes from None, "AZ,AM" or ["AZ", "AM"].
pub fn countries(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    words(value, "country", "\"AZ,AM\" or a sequence of codes")
}

/// Words from None, a comma-separated str or a sequence of str, trimmed, empty ones dropped.
pub fn words(value: Option<&Bound<'_, PyAny>>, what: &str, takes: &str) -> PyResult<Vec<String>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    let words: Vec<String> = if let Ok(text) = value.extract::<String>() {
        text.split(',').map(str::to_string).collect()
    } else {
        value.extract::<Vec<String>>().map_err(|_| {
            PyTypeError::new_err(format!("{what} takes {takes}, not {}", type_name(value)))
        })?
    };
    Ok(words
        .into_iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect())
}

/// A box from None, "min_lon,min_lat,max_lon,max_lat" or four numbers, checked as `--bbox` is.
pub fn read_bbox(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Bbox>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let text = if let Ok(text) = value.extract::<String>() {
        text
    } else {
        let numbers = value.extract::<Vec<f64>>().map_err(|_| {
            PyTypeError::new_err(format!(
                "bbox takes (min_lon, min_lat, max_lon, max_lat), not {}",
                type_name(value)
            ))
        })?;
        numbers
            .iter()
            .map(f64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    text.parse::<Bbox>()
        .map(Some)
        .map_err(|e| PyValueError::new_err(format!("bbox: {e}")))
}

/// The name of a value's type, for error messages.
pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |n| n.to_string())
}
