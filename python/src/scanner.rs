//! `Scanner`: the library's scanner, built once and shared by every document and thread.

use std::sync::Arc;

use pyo3::prelude::*;

use crate::convert::error;
use crate::counts::Counts;
use crate::mention::Mention;
use crate::options::{resolver_options, GazetteerOptions};
use crate::pipeline::{Pipeline, ScanIterator};

/// Finds and resolves the names in news text: the scanner of ``mentionmap scan``.
///
/// ``gazetteer`` replaces the embedded gazetteer (a directory with ``entities.csv`` and
/// ``aliases.csv``, or one CSV file; a sequence of them combines them), ``extend`` adds to it,
/// ``country`` (``"AZ,AM"`` or ``["AZ", "AM"]``) and ``bbox`` (``(min_lon, min_lat, max_lon,
/// max_lat)``) prefer places there when a name is ambiguous, ``fuzzy=False`` skips the fuzzy
/// pass and ``variants=False`` the generated spellings, as ``--gazetteer``, ``--extend``,
/// ``--country``, ``--bbox``, ``--no-fuzzy`` and ``--no-variants`` do. A bad gazetteer row
/// raises ``MentionmapError`` naming its file and line; ``skip_bad_rows=True`` skips such rows.
///
/// A scanner is immutable and thread-safe: build one (about 0.8 s of CPU time) and reuse
/// it. Its work runs with the GIL released.
///
/// >>> from mentionmap import Scanner
/// >>> scanner = Scanner()
/// >>> [m.name for m in scanner.scan("Shelling hit Shushi (Şuşa) and Stepanakert.")]
/// ['Shusha', 'Shusha', 'Stepanakert']
#[pyclass(frozen, module = "mentionmap")]
pub struct Scanner {
    pub inner: Arc<mentionmap::Scanner>,
}

#[pymethods]
impl Scanner {
    // One argument per option of the CLI's, as Python callers pass them by keyword.
    #[allow(clippy::too_many_arguments)]
    #[new]
    #[pyo3(signature = (gazetteer=None, extend=None, country=None, bbox=None, fuzzy=true, variants=true, skip_bad_rows=false))]
    fn new(
        py: Python<'_>,
        gazetteer: Option<&Bound<'_, PyAny>>,
        extend: Option<&Bound<'_, PyAny>>,
        country: Option<&Bound<'_, PyAny>>,
        bbox: Option<&Bound<'_, PyAny>>,
        fuzzy: bool,
        variants: bool,
        skip_bad_rows: bool,
    ) -> PyResult<Self> {
        let load = GazetteerOptions::from_py(gazetteer, extend, variants, skip_bad_rows)?;
        let options = resolver_options(country, bbox)?;
        let scanner = py
            .allow_threads(|| {
                let gazetteer = load.load()?;
                mentionmap::Scanner::build(gazetteer, options, fuzzy)
            })
            .map_err(|e| error(py, e))?;
        Ok(Scanner {
            inner: Arc::new(scanner),
        })
    }

    /// The mentions in one text, in text order. ``doc_id`` is the id the mentions carry
    /// (``doc``); it defaults to ``""``.
    ///
    /// >>> from mentionmap import Scanner
    /// >>> [(m.surface, m.name, m.kind) for m in Scanner().scan("Sergei Lavrov met Jeyhun Bayramov.")]
    /// [('Sergei Lavrov', 'Sergey Lavrov', 'person'), ('Jeyhun Bayramov', 'Jeyhun Bayramov', 'person')]
    #[pyo3(signature = (text, doc_id=None))]
    fn scan(
        &self,
        py: Python<'_>,
        text: String,
        doc_id: Option<String>,
    ) -> PyResult<Vec<Py<Mention>>> {
        let doc = doc_id.unwrap_or_default();
        let scanner = &self.inner;
        let mentions = py.allow_threads(|| scanner.scan(&doc, &text));
        mentions
            .into_iter()
            .map(|inner| Py::new(py, Mention { inner }))
            .collect()
    }

    /// Scans many documents on ``threads`` threads (None: every core) and yields
    /// ``(doc_id, mentions)`` for each, in input order, whatever the number of threads.
    ///
    /// Each item is a text (its id is then its 0-based position, as a str) or a tuple
    /// ``(doc_id, text)``; ``(doc_id, text, date, source)`` also works (the date and source
    /// matter to ``count`` only). Documents are taken from the iterable as the scanners need
    /// them, a few hundred ahead at most, so a generator over a huge file streams through in
    /// bounded memory; an item that is not a document raises ``TypeError`` naming its position.
    ///
    /// >>> from mentionmap import Scanner
    /// >>> docs = [("a", "Flights from Baku to Moscow."), ("b", "Nothing here.")]
    /// >>> [(doc, [m.name for m in ms]) for doc, ms in Scanner().scan_many(docs, threads=2)]
    /// [('a', ['Baku', 'Moscow']), ('b', [])]
    #[pyo3(signature = (documents, threads=None))]
    fn scan_many(
        &self,
        documents: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<ScanIterator> {
        Ok(ScanIterator {
            pipeline: Pipeline::start(Arc::clone(&self.inner), documents, threads)?,
        })
    }

    /// Counts the mentions of many documents (items as for ``scan_many``): the counts
    /// ``mentionmap count`` writes, mergeable with ``+``. Dates and sources given in
    /// ``(doc_id, text, date, source)`` items are counted per day and per source, as
    /// ``--date-field`` and ``--source-field`` do.
    ///
    /// >>> from mentionmap import Scanner
    /// >>> counts = Scanner().count(["Baku and Ganja.", "Baku again."])
    /// >>> counts.documents, [(p["name"], p["mentions"], p["documents"]) for p in counts.places()]
    /// (2, [('Baku', 2, 2), ('Ganja', 1, 1)])
    #[pyo3(signature = (documents, threads=None))]
    fn count(
        &self,
        py: Python<'_>,
        documents: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Counts> {
        let mut pipeline = Pipeline::start(Arc::clone(&self.inner), documents, threads)?;
        let mut counts = mentionmap::Counts::new(self.inner.gazetteer().checksum());
        while let Some(doc) = pipeline.next(py)? {
            counts.add_dated_document(&doc.id, doc.date, doc.source.as_deref(), &doc.output);
        }
        Ok(Counts::new(counts, Some(Arc::clone(&self.inner))))
    }

    /// The checksum of the gazetteer (counts made with different gazetteers do not merge).
    #[getter]
    fn checksum(&self) -> &str {
        self.inner.gazetteer().checksum()
    }

    fn __repr__(&self) -> String {
        let g = self.inner.gazetteer();
        format!(
            "Scanner({} entities, {} names, gazetteer {})",
            g.entities().len(),
            g.aliases().len(),
            g.checksum()
        )
    }
}
