//! `scan_many` and `count`: documents from a Python iterable scanned on Rust threads, in input
//! order, in bounded memory.
//!
//! The library's [`scan_ordered`] does the work, as it does for the CLI, on a thread of its own:
//! its reader takes documents from a channel that the Python thread fills from the iterable,
//! and its sink hands each document's mentions back through another channel. The Python thread
//! holds the GIL only to take an item from the iterable and to turn results into Python
//! objects; it waits for the scanners with the GIL released. It sends at most
//! [`Window`] documents ahead of what it has handed on, so memory follows the window, not the
//! length of the iterable (a generator over a huge file streams through).

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};

use mentionmap::date::Date;
use mentionmap::input::Document;
use mentionmap::stream::{scan_ordered, thread_count, InFlight, Scanned};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PyString, PyTuple};

use crate::mention::Mention;
use crate::options::type_name;

/// What a document's scan gives.
type Output = Scanned<Vec<mentionmap::Mention>>;

/// How far the Python thread may run ahead of the results it has handed on: twice what the
/// library keeps in flight between its reader and its sink, so that the scanners never wait
/// for the Python thread to send more while it turns a batch of results into objects.
#[derive(Debug, Clone, Copy)]
struct Window {
    documents: usize,
    bytes: usize,
}

/// Documents on their way through the scanners, fed from a Python iterable.
pub struct Pipeline {
    /// The iterable's iterator; None once it is exhausted (or failed).
    input: Option<Py<PyIterator>>,
    /// To the library's reader; dropped when the input ends, which ends the run.
    documents: Option<Sender<Document>>,
    /// From the library's sink, in input order. (A `Mutex` only because a Python class must be
    /// `Sync`; one thread uses it at a time.)
    results: Mutex<Receiver<Output>>,
    /// Items taken from the iterable so far (the id of an item that gives none).
    taken: usize,
    /// Documents sent and not yet handed on, and their bytes.
    pending: usize,
    pending_bytes: usize,
    window: Window,
}

impl Pipeline {
    /// Starts the scanners on `threads` threads (None or 0: every core) over `iterable`.
    pub fn start(
        scanner: Arc<mentionmap::Scanner>,
        iterable: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Self> {
        let input = iterable.try_iter()?.unbind();
        let threads = thread_count(threads);
        let limits = InFlight::for_threads(threads);
        let (documents, inbox) = mpsc::channel::<Document>();
        let (outbox, results) = mpsc::channel::<Output>();
        std::thread::Builder::new()
            .name("mentionmap-scan".into())
            .spawn(move || {
                // Stops when the inbox closes (the input ended or the Pipeline was dropped), or
                // when the outbox does (the Pipeline was dropped: nobody wants the rest).
                let _ = scan_ordered(
                    inbox.into_iter().map(Ok),
                    threads,
                    limits,
                    |document| scanner.scan(&document.id, &document.text),
                    |result| {
                        let scanned = result.expect("documents from Python are never errors");
                        outbox.send(scanned).map_err(|_| ())
                    },
                );
            })
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start a scan thread: {e}")))?;
        Ok(Pipeline {
            input: Some(input),
            documents: Some(documents),
            results: Mutex::new(results),
            taken: 0,
            pending: 0,
            pending_bytes: 0,
            window: Window {
                documents: 2 * limits.documents,
                bytes: 2 * limits.bytes,
            },
        })
    }

    /// The next document's result in input order, or None when the input is done.
    ///
    /// # Errors
    /// An item of the iterable that is not a document (the error names it), an exception the
    /// iterable raised, or a scan thread that died.
    pub fn next(&mut self, py: Python<'_>) -> PyResult<Option<Output>> {
        loop {
            // Keep the scanners fed first: taking an item is cheap next to scanning it.
            if self.has_room() {
                if let Some(document) = self.take(py)? {
                    self.pending += 1;
                    self.pending_bytes += document.text.len();
                    let sent = self
                        .documents
                        .as_ref()
                        .is_some_and(|tx| tx.send(document).is_ok());
                    if !sent {
                        return Err(died());
                    }
                    continue;
                }
            }
            if self.pending == 0 {
                return Ok(None);
            }
            let results = self.results.get_mut().expect("never poisoned: one user");
            let result = match results.try_recv() {
                Ok(result) => Ok(result),
                Err(TryRecvError::Disconnected) => Err(()),
                // Wait for the scanners with the GIL released.
                // (`move`: the closure takes the `&mut`, which is `Send`; a `&Receiver` is not.)
                Err(TryRecvError::Empty) => {
                    py.allow_threads(move || results.recv().map_err(|_| ()))
                }
            };
            let Ok(result) = result else {
                return Err(died());
            };
            self.pending -= 1;
            self.pending_bytes -= result.bytes;
            return Ok(Some(result));
        }
    }

    /// Whether another document may be sent: the input is not done and the window has room
    /// (a document larger than the window goes through alone).
    fn has_room(&self) -> bool {
        self.input.is_some()
            && (self.pending == 0
                || (self.pending < self.window.documents && self.pending_bytes < self.window.bytes))
    }

    /// The next item of the iterable as a document, or None (and the run's input closed) at its
    /// end.
    fn take(&mut self, py: Python<'_>) -> PyResult<Option<Document>> {
        let Some(input) = &self.input else {
            return Ok(None);
        };
        let mut iterator = input.bind(py).clone();
        match iterator.next() {
            None => {
                self.close();
                Ok(None)
            }
            Some(Err(error)) => {
                self.close();
                Err(error)
            }
            Some(Ok(item)) => {
                let position = self.taken;
                self.taken += 1;
                match document(&item, position) {
                    Ok(document) => Ok(Some(document)),
                    Err(error) => {
                        self.close();
                        Err(error)
                    }
                }
            }
        }
    }

    /// Ends the input: the scanners finish what was sent, and nothing more is taken.
    fn close(&mut self) {
        self.input = None;
        self.documents = None;
    }
}

fn died() -> PyErr {
    PyRuntimeError::new_err("the scan stopped: a scan thread failed (a bug: please report it)")
}

/// One item of the iterable as a document: a str (its id is its 0-based position), or a tuple
/// `(id, text)`, `(id, text, date)` or `(id, text, date, source)`; a None id is the position,
/// any other id is made a string with str(); a date is an ISO 8601 str, a `datetime.date` or
/// None.
fn document(item: &Bound<'_, PyAny>, position: usize) -> PyResult<Document> {
    if let Ok(text) = item.downcast::<PyString>() {
        return Ok(Document {
            id: position.to_string(),
            text: text.extract::<String>()?,
            ..Document::default()
        });
    }
    let bad = || {
        PyTypeError::new_err(format!(
            "item {position}: a document is a str or a tuple (id, text[, date[, source]]), not {}",
            type_name(item)
        ))
    };
    let fields = item.downcast::<PyTuple>().map_err(|_| bad())?;
    if !(2..=4).contains(&fields.len()) {
        return Err(bad());
    }
    let id = fields.get_item(0)?;
    let id = if id.is_none() {
        position.to_string()
    } else {
        id.str()?.extract::<String>()?
    };
    let text = fields.get_item(1)?;
    let text = text.downcast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "item {position} ({id}): the text is {}, not str",
            type_name(&text)
        ))
    })?;
    let date = match fields.get_item(2).ok().filter(|d| !d.is_none()) {
        None => None,
        Some(date) => {
            let written = if date.is_instance_of::<PyString>() {
                date.extract::<String>()?
            } else if date.hasattr("isoformat")? {
                date.call_method0("isoformat")?.extract::<String>()?
            } else {
                return Err(PyTypeError::new_err(format!(
                    "item {position} ({id}): the date is {}, not an ISO 8601 str or a date",
                    type_name(&date)
                )));
            };
            Some(
                Date::parse_iso8601(&written)
                    .map_err(|e| PyValueError::new_err(format!("item {position} ({id}): {e}")))?,
            )
        }
    };
    let source = match fields.get_item(3).ok().filter(|s| !s.is_none()) {
        None => None,
        Some(source) => Some(source.str()?.extract::<String>()?),
    };
    Ok(Document {
        id,
        text: text.extract::<String>()?,
        date,
        source,
        warning: None,
    })
}

/// The iterator `Scanner.scan_many` returns: ``(doc_id, mentions)`` for each document, in input
/// order.
#[pyclass(module = "mentionmap")]
pub struct ScanIterator {
    pub pipeline: Pipeline,
}

#[pymethods]
impl ScanIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<(String, Vec<Py<Mention>>)>> {
        let Some(scanned) = self.pipeline.next(py)? else {
            return Ok(None);
        };
        let mentions = scanned
            .output
            .into_iter()
            .map(|inner| Py::new(py, Mention { inner }))
            .collect::<PyResult<_>>()?;
        Ok(Some((scanned.id, mentions)))
    }
}
