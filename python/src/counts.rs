//! `Counts`: mention counts per entity, the monoid of `mentionmap count` and `merge`.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use mentionmap::export::geojson;
use mentionmap::gazetteer::EntityKind;
use mentionmap::Gazetteer;
use pyo3::exceptions::{PyImportError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyList};
use serde_json::Value;

use crate::convert::{error, located, serde_to_py, to_py};

/// The layer name `map` and `export` write by default.
const LAYER_NAME: &str = "mentionmap places";

/// Mentions, documents and spellings per entity: what ``mentionmap count`` writes.
///
/// Counts are a commutative monoid: ``a + b`` (and ``sum(parts)``) is the exact count of both
/// sets of documents, as ``mentionmap merge`` gives; counts made with different gazetteers
/// refuse to merge (``MentionmapError``). ``to_json()`` is the line ``count`` writes and
/// ``Counts.load`` reads such files.
///
/// >>> from mentionmap import Scanner
/// >>> scanner = Scanner()
/// >>> a = scanner.count([("1", "Baku and Ganja.")])
/// >>> b = scanner.count([("2", "Baku again.")])
/// >>> (a + b) == scanner.count([("1", "Baku and Ganja."), ("2", "Baku again.")])
/// True
/// >>> sum([a, b]).documents
/// 2
#[pyclass(module = "mentionmap")]
#[derive(Clone)]
pub struct Counts {
    inner: mentionmap::Counts,
    /// The scanner the counts were made with, for the places' populations; None for counts
    /// read from a file (the embedded gazetteer is used, as `export` does).
    scanner: Option<Arc<mentionmap::Scanner>>,
}

impl Counts {
    pub fn new(inner: mentionmap::Counts, scanner: Option<Arc<mentionmap::Scanner>>) -> Self {
        Counts { inner, scanner }
    }

    /// The gazetteer to export with.
    fn with_gazetteer<T>(&self, py: Python<'_>, f: impl FnOnce(&Gazetteer) -> T) -> PyResult<T> {
        if let Some(scanner) = &self.scanner {
            return Ok(f(scanner.gazetteer()));
        }
        static EMBEDDED: OnceLock<Gazetteer> = OnceLock::new();
        if EMBEDDED.get().is_none() {
            let gazetteer = py
                .allow_threads(Gazetteer::embedded)
                .map_err(|e| error(py, e))?;
            let _ = EMBEDDED.set(gazetteer);
        }
        Ok(f(EMBEDDED.get().expect("set above")))
    }

    fn layer(&self, py: Python<'_>, layer_name: &str) -> PyResult<Value> {
        let layer = self.with_gazetteer(py, |g| geojson::places(&self.inner, g, layer_name))?;
        Ok(serde_json::to_value(&layer).expect("a layer serializes"))
    }

    fn merged(&self, py: Python<'_>, other: &Counts) -> PyResult<Counts> {
        let mut sum = self.clone();
        sum.inner.merge(&other.inner).map_err(|e| error(py, e))?;
        Ok(sum)
    }
}

#[pymethods]
impl Counts {
    /// Empty counts: the zero of ``+``.
    #[new]
    fn empty() -> Self {
        Counts::new(mentionmap::Counts::default(), None)
    }

    /// Reads a counts file (one JSON line per part, as ``count`` and ``merge`` write) and
    /// merges its lines. A line that is not counts raises ``MentionmapError`` naming the file
    /// and the line; a missing file ``FileNotFoundError``.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Counts> {
        let text = std::fs::read_to_string(&path).map_err(|cause| {
            error(
                py,
                mentionmap::Error::Io {
                    path: path.clone(),
                    cause,
                },
            )
        })?;
        let mut total = mentionmap::Counts::default();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let line_no = i as u64 + 1;
            let at = |message: String| located(py, message, Some(&path), Some(line_no));
            let part =
                read(line).map_err(|e| at(format!("{}: line {line_no}: {e}", path.display())))?;
            total
                .merge(&part)
                .map_err(|e| at(format!("{}: line {line_no}: {e}", path.display())))?;
        }
        Ok(Counts::new(total, None))
    }

    /// Counts from the JSON line ``count`` writes (see ``to_json``).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Counts> {
        let counts = read(text).map_err(|e| located(py, e, None, None))?;
        Ok(Counts::new(counts, None))
    }

    /// The counts as one JSON line (without its line end), as ``mentionmap count`` writes them:
    /// ``mentionmap merge`` and ``export`` read it.
    fn to_json(&self) -> String {
        serde_json::to_string(&self.inner).expect("counts serialize")
    }

    /// Documents counted (with or without mentions).
    #[getter]
    fn documents(&self) -> u64 {
        self.inner.documents
    }

    /// The checksum of the gazetteer the counts were made with.
    #[getter]
    fn gazetteer(&self) -> &str {
        &self.inner.gazetteer
    }

    /// The counts of each entity (``kind``: ``place``, ``person``, ``organisation``,
    /// ``demonym``, or None for all), most mentioned first: dicts with ``entity_id``, ``name``,
    /// ``kind``, ``mentions``, ``documents``, ``variants`` (mentions per spelling), ``methods``,
    /// first and last document, as in the counts file.
    ///
    /// >>> from mentionmap import Scanner
    /// >>> people = Scanner().count(["Sergei Lavrov spoke. Lavrov said no."]).entities("person")
    /// >>> [(p["name"], p["mentions"], p["variants"]) for p in people]
    /// [('Sergey Lavrov', 2, {'Lavrov': 1, 'Sergei Lavrov': 1})]
    #[pyo3(signature = (kind=None))]
    fn entities<'py>(&self, py: Python<'py>, kind: Option<&str>) -> PyResult<Bound<'py, PyList>> {
        let kinds: Vec<EntityKind> = match kind {
            None => vec![
                EntityKind::Place,
                EntityKind::Person,
                EntityKind::Organisation,
                EntityKind::Demonym,
            ],
            Some(kind) => vec![parse_kind(kind)?],
        };
        let mut ranked: Vec<_> = kinds
            .into_iter()
            .flat_map(|k| self.inner.ranked(k))
            .collect();
        ranked.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name.cmp(&b.name))
        });
        let list = PyList::empty(py);
        for count in ranked {
            list.append(serde_to_py(py, count)?)?;
        }
        Ok(list)
    }

    /// The mentioned places, most mentioned first: one dict per place with the properties of
    /// ``places.geojson`` (``entity_id``, ``name``, ``mentions``, ``documents``, ``spellings``,
    /// ``population``, ...) and its ``longitude`` and ``latitude`` (six decimals).
    fn places<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let layer = self.layer(py, LAYER_NAME)?;
        let list = PyList::empty(py);
        for feature in layer["features"].as_array().into_iter().flatten() {
            let row = to_py(py, &feature["properties"])?.downcast_into::<PyDict>()?;
            let point = &feature["geometry"]["coordinates"];
            row.set_item("longitude", to_py(py, &point[0])?)?;
            row.set_item("latitude", to_py(py, &point[1])?)?;
            list.append(row)?;
        }
        Ok(list)
    }

    /// Every entity written more than one way, as the rows of ``spellings.csv`` (``audit
    /// --spellings``): per spelling (``spelling``, its ``language``, ``alias_type`` and
    /// ``side``) and per ``source`` and ``period`` (``"(all)"`` in the margins; ``by``: day,
    /// week, month or year), its ``mentions`` and ``share`` of the entity's mentions there.
    /// ``country`` ("AZ,AM" or a sequence of codes) keeps the places of those countries.
    ///
    /// >>> from mentionmap import Scanner
    /// >>> docs = [("1", "Talks in Stepanakert.", "2020-10-02", "a"),
    /// ...         ("2", "Talks in Khankendi.", "2020-11-02", "b")]
    /// >>> rows = Scanner().count(docs).spellings()
    /// >>> [(r["spelling"], r["side"], r["mentions"], r["share"]) for r in rows
    /// ...  if r["source"] == "(all)" and r["period"] == "(all)"]
    /// [('Khankendi', 'azerbaijani', 1, 0.5), ('Stepanakert', 'armenian', 1, 0.5)]
    #[pyo3(signature = (by="month", country=None))]
    fn spellings<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        country: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let countries = crate::options::countries(country)?;
        self.with_gazetteer(py, |g| {
            let table = crate::spellings::Table::Spellings;
            crate::spellings::rows(py, (&self.inner, g), table, by, countries, 0)
        })?
    }

    /// The entities the outlets disagree on, as the rows of ``contested.csv`` (``audit
    /// --spellings``): one per entity and outlet (``source``) mentioning it at least
    /// ``min_outlet_mentions`` times, ranked by ``divergence_bits``, with the outlet's
    /// ``preferred`` spelling, its ``preferred_side``, each side's share (``side_shares``) and
    /// the period of a switch (``switch_period``, ``switched_from``; None without one).
    ///
    /// >>> from mentionmap import Scanner
    /// >>> docs = [(str(i), "Talks in Stepanakert.", "2020-10-02", "a") for i in range(3)]
    /// >>> docs += [(str(i), "Talks in Khankendi.", "2020-10-02", "b") for i in range(3, 6)]
    /// >>> rows = Scanner().count(docs).contested(min_outlet_mentions=3)
    /// >>> [(r["source"], r["preferred"], r["preferred_side"], r["divergence_bits"]) for r in rows]
    /// [('a', 'Stepanakert', 'armenian', 1.0), ('b', 'Khankendi', 'azerbaijani', 1.0)]
    #[pyo3(signature = (by="month", country=None, min_outlet_mentions=5))]
    fn contested<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        country: Option<&Bound<'py, PyAny>>,
        min_outlet_mentions: u64,
    ) -> PyResult<Bound<'py, PyList>> {
        let countries = crate::options::countries(country)?;
        self.with_gazetteer(py, |g| {
            let table = crate::spellings::Table::Contested;
            let inner = &self.inner;
            crate::spellings::rows(py, (inner, g), table, by, countries, min_outlet_mentions)
        })?
    }

    /// The places as the GeoJSON FeatureCollection ``export`` writes to ``places.geojson`` (a
    /// dict; ``json.dump`` it to a file QGIS opens).
    ///
    /// >>> from mentionmap import Scanner
    /// >>> layer = Scanner().count(["Shelling hit Şuşa."]).to_geojson()
    /// >>> layer["name"], layer["features"][0]["id"], layer["features"][0]["geometry"]["coordinates"]
    /// ('mentionmap places', 'gn:147105', [46.74989, 39.76006])
    #[pyo3(signature = (layer_name=LAYER_NAME))]
    fn to_geojson<'py>(&self, py: Python<'py>, layer_name: &str) -> PyResult<Bound<'py, PyAny>> {
        let layer = self.layer(py, layer_name)?;
        to_py(py, &layer)
    }

    /// The places (``places()``) as a pandas DataFrame. Needs pandas (``pip install pandas``).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = import_optional(py, "pandas", "to_pandas")?;
        let columns = self.places(py)?;
        pandas.call_method1("DataFrame", (columns,))
    }

    /// The places as a GeoPandas GeoDataFrame of points in EPSG:4326. Needs geopandas
    /// (``pip install geopandas``).
    fn to_geopandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let geopandas = import_optional(py, "geopandas", "to_geopandas")?;
        let layer = self.to_geojson(py, LAYER_NAME)?;
        let features = layer.get_item("features")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("crs", "EPSG:4326")?;
        geopandas
            .getattr("GeoDataFrame")?
            .call_method("from_features", (features,), Some(&kwargs))
    }

    fn __add__(&self, py: Python<'_>, other: PyRef<'_, Counts>) -> PyResult<Counts> {
        self.merged(py, &other)
    }

    /// ``0 + counts``, so that ``sum()`` of counts works.
    fn __radd__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        if other.is_instance_of::<PyInt>() && other.extract::<i64>().is_ok_and(|n| n == 0) {
            return Ok(self.clone().into_pyobject(py)?.into_any().unbind());
        }
        Ok(py.NotImplemented())
    }

    fn __iadd__(&mut self, py: Python<'_>, other: PyRef<'_, Counts>) -> PyResult<()> {
        self.inner.merge(&other.inner).map_err(|e| error(py, e))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .downcast::<Counts>()
            .is_ok_and(|other| other.borrow().inner == self.inner)
    }

    /// The number of entities counted.
    fn __len__(&self) -> usize {
        self.inner.entities.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Counts({} documents, {} entities, gazetteer {})",
            self.inner.documents,
            self.inner.entities.len(),
            if self.inner.gazetteer.is_empty() {
                "none"
            } else {
                &self.inner.gazetteer
            }
        )
    }
}

/// Counts from one JSON line, checked as `merge` checks them.
fn read(line: &str) -> Result<mentionmap::Counts, String> {
    let counts: mentionmap::Counts = serde_json::from_str(line)
        .map_err(|e| format!("not counts from `mentionmap count`: {e}"))?;
    counts.check().map_err(|e| e.to_string())?;
    Ok(counts)
}

/// An entity kind from its name (``organization`` too).
pub fn parse_kind(kind: &str) -> PyResult<EntityKind> {
    Ok(match kind.trim().to_ascii_lowercase().as_str() {
        "place" => EntityKind::Place,
        "person" => EntityKind::Person,
        "organisation" | "organization" => EntityKind::Organisation,
        "demonym" => EntityKind::Demonym,
        other => {
            return Err(PyValueError::new_err(format!(
                "kind {other:?} is not place, person, organisation or demonym"
            )))
        }
    })
}

/// An optional dependency, or an ImportError saying what needs it and how to install it.
fn import_optional<'py>(
    py: Python<'py>,
    module: &str,
    method: &str,
) -> PyResult<Bound<'py, PyModule>> {
    py.import(module).map_err(|e| {
        PyImportError::new_err(format!(
            "Counts.{method}() needs {module}: pip install {module} ({e})"
        ))
    })
}
