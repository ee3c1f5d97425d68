//! `Mention`: one name found in one document, the record of `mentions.jsonl`.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{serde_to_py, to_py};

/// One occurrence of a name in one document: the fields of a line of `mentionmap scan`'s
/// `mentions.jsonl`, as attributes.
///
/// Offsets point into the text as given: ``text[m.start_char:m.end_char] == m.surface``
/// (code points, as Python indexes strings); ``start_byte`` and ``end_byte`` index its UTF-8
/// encoding. ``to_dict()`` gives the JSONL object itself.
///
/// >>> from mentionmap import Scanner
/// >>> text = "Shelling hit Şuşa."
/// >>> m = Scanner().scan(text)[0]
/// >>> m.name, m.kind, m.method, text[m.start_char:m.end_char]
/// ('Shusha', 'place', 'exact', 'Şuşa')
/// >>> (round(m.lat, 2), round(m.lon, 2))
/// (39.76, 46.75)
#[pyclass(frozen, eq, module = "mentionmap")]
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub inner: mentionmap::Mention,
}

#[pymethods]
impl Mention {
    /// The document's id.
    #[getter]
    fn doc(&self) -> &str {
        &self.inner.doc
    }

    /// UTF-8 byte offset of the first byte.
    #[getter]
    fn start_byte(&self) -> usize {
        self.inner.start_byte
    }

    /// UTF-8 byte offset one past the last byte.
    #[getter]
    fn end_byte(&self) -> usize {
        self.inner.end_byte
    }

    /// Code-point offset of the first character (a Python string index).
    #[getter]
    fn start_char(&self) -> usize {
        self.inner.start_char
    }

    /// Code-point offset one past the last character.
    #[getter]
    fn end_char(&self) -> usize {
        self.inner.end_char
    }

    /// The text as written.
    #[getter]
    fn surface(&self) -> &str {
        &self.inner.surface
    }

    /// The entity's id (``gn:147105``), or None for a person the gazetteer lacks.
    #[getter]
    fn entity_id(&self) -> Option<&str> {
        self.inner.entity_id.as_ref().map(|id| id.0.as_str())
    }

    /// The entity's canonical name (the surface for an unlinked name).
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// ``place``, ``person``, ``organisation`` or ``demonym``.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.as_str()
    }

    /// Longitude of a place (WGS 84 degrees), else None.
    #[getter]
    fn lon(&self) -> Option<f64> {
        self.inner.lon
    }

    /// Latitude of a place (WGS 84 degrees), else None.
    #[getter]
    fn lat(&self) -> Option<f64> {
        self.inner.lat
    }

    /// ISO 3166-1 alpha-2 country code, or None.
    #[getter]
    fn country_code(&self) -> Option<&str> {
        self.inner.country_code.as_deref()
    }

    /// GeoNames feature code of a place (``PPLA``), or None.
    #[getter]
    fn feature_code(&self) -> Option<&str> {
        self.inner.feature_code.as_deref()
    }

    /// The gazetteer name the text matched (the name an inflected word counts under).
    #[getter]
    fn alias(&self) -> Option<&str> {
        self.inner.alias.as_deref()
    }

    /// How sure the resolver is, in [0, 1].
    #[getter]
    fn confidence(&self) -> f64 {
        self.inner.confidence
    }

    /// ``exact``, ``inflected``, ``variant``, ``fuzzy``, ``coref`` or ``unlinked``.
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method.as_str()
    }

    /// True when the runner-up came close: check it before trusting the choice.
    #[getter]
    fn ambiguous(&self) -> bool {
        self.inner.ambiguous
    }

    /// Why the winner won, when there was a choice; empty otherwise.
    #[getter]
    fn evidence(&self) -> &str {
        &self.inner.evidence
    }

    /// The runners-up, best first: dicts with ``entity_id``, ``name``, ``country_code``,
    /// ``score``.
    #[getter]
    fn candidates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_py(py, &self.inner.candidates)
    }

    /// The mention as the dict of its ``mentions.jsonl`` line (``evidence`` and ``candidates``
    /// only when not empty, as the CLI writes them).
    ///
    /// >>> from mentionmap import Scanner
    /// >>> d = Scanner().scan("Talks in Baku.", doc_id="a")[0].to_dict()
    /// >>> d["doc"], d["surface"], d["entity_id"], d["start_char"], d["end_char"]
    /// ('a', 'Baku', 'gn:587084', 9, 13)
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let json = serde_json::to_value(&self.inner).expect("a mention serializes");
        Ok(to_py(py, &json)?.downcast_into::<PyDict>()?)
    }

    fn __repr__(&self) -> String {
        let m = &self.inner;
        format!(
            "Mention(surface={:?}, name={:?}, entity_id={}, kind='{}', method='{}', start_char={})",
            m.surface.as_str(),
            m.name.as_str(),
            m.entity_id
                .as_ref()
                .map_or("None".to_string(), |id| format!("{:?}", id.0.as_str())),
            m.kind.as_str(),
            m.method.as_str(),
            m.start_char
        )
    }
}
