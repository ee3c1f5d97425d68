//! Scanning a stream of documents on several threads, in bounded memory, in input order.
//!
//! [`scan_ordered`] reads documents on one thread, scans them on `threads` others, and hands
//! each result to the caller's sink on the calling thread, in the order the documents were
//! read, whatever the number of threads. At most [`InFlight`] documents (and bytes of text) are
//! between the reader and the sink at any time, so a run's memory follows the size of its
//! documents, not their number.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

use crate::date::Date;
use crate::input::Document;
use crate::Result;

/// How much may be read ahead of the sink: a document is in flight from the moment it is read
/// until the sink has taken its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InFlight {
    /// Documents in flight at most.
    pub documents: usize,
    /// Bytes of text in flight at most; a document larger than this is let through alone.
    pub bytes: usize,
}

impl InFlight {
    /// Room for every thread to be busy while the sink and the reader catch up: 64 documents
    /// per thread, and 16 MiB of text per thread (a news article is a few KB; a book several
    /// MB). With 16 documents per thread, two scanning threads sharing two cores with the
    /// reader and the sink ran dry whenever the sink was not scheduled in time: a sixth of
    /// the second core idled (measured as twice the wall time less the CPU time).
    pub fn for_threads(threads: usize) -> Self {
        let threads = threads.max(1);
        InFlight {
            documents: 64 * threads,
            bytes: (16 << 20) * threads,
        }
    }
}

/// The result of scanning one document, handed to the sink: the document without its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Scanned<T> {
    /// The document's id.
    pub id: String,
    /// The day it is dated, if its input says.
    pub date: Option<Date>,
    /// Where it comes from, if its input says.
    pub source: Option<String>,
    /// The length of its text in bytes.
    pub bytes: usize,
    /// What the scan returned.
    pub output: T,
}

/// The number of threads to use when the user asks for `requested` (0 or none: every core).
pub fn thread_count(requested: Option<usize>) -> usize {
    match requested {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

/// Scans `documents` with `scan` on `threads` threads and calls `sink` with each result in input
/// order: a document's [`Scanned`] value, or the error that the reader gave in its place (so
/// the sink decides whether a bad document stops the run or is skipped).
///
/// The first error the sink returns stops the run: nothing more is read, the documents in
/// flight are dropped, and that error is returned.
///
/// ```
/// use mentionmap::input::Document;
/// use mentionmap::stream::{scan_ordered, InFlight};
///
/// let docs = (0..100).map(|i| Ok(Document { id: i.to_string(), text: "x".repeat(i), ..Document::default() }));
/// let mut lengths = Vec::new();
/// scan_ordered(docs, 4, InFlight::for_threads(4), |d| d.text.len(), |r| {
///     lengths.push(r?.output);
///     Ok::<(), mentionmap::Error>(())
/// })?;
/// assert_eq!(lengths, (0..100).collect::<Vec<_>>());
/// # Ok::<(), mentionmap::Error>(())
/// ```
///
/// # Errors
/// The first error of the sink.
///
/// # Panics
/// If `scan` panics on a document, once the other threads have stopped.
pub fn scan_ordered<T, E>(
    documents: impl Iterator<Item = Result<Document>> + Send,
    threads: usize,
    limits: InFlight,
    scan: impl Fn(&Document) -> T + Sync,
    mut sink: impl FnMut(Result<Scanned<T>>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E>
where
    T: Send,
{
    let budget = Budget::new(limits);
    let (job_tx, job_rx) = mpsc::channel::<(u64, Document)>();
    let job_rx = Mutex::new(job_rx);
    // Results travel in batches: one message (and at most one wake-up of the sink) per batch.
    let (done_tx, done_rx) = mpsc::channel::<Vec<(u64, usize, Result<Scanned<T>>)>>();
    std::thread::scope(|threads_scope| {
        let budget = &budget;
        let done = done_tx.clone();
        threads_scope.spawn(move || {
            for (seq, item) in (0u64..).zip(documents) {
                let weight = item.as_ref().map_or(0, |d| d.text.len());
                if !budget.acquire(weight) {
                    break;
                }
                let sent = match item {
                    Ok(document) => job_tx.send((seq, document)).is_ok(),
                    Err(error) => done.send(vec![(seq, 0, Err(error))]).is_ok(),
                };
                if !sent {
                    break;
                }
            }
        });
        for _ in 0..threads.max(1) {
            let (job_rx, done, scan) = (&job_rx, done_tx.clone(), &scan);
            threads_scope.spawn(move || loop {
                // A panicking scan stops the run instead of leaving the sink waiting for it.
                let _stop = StopOnPanic(budget);
                let Some(batch) = take_batch(job_rx) else {
                    break;
                };
                if budget.is_closed() {
                    break;
                }
                let results = batch
                    .into_iter()
                    .map(|(seq, document)| {
                        let output = scan(&document);
                        let bytes = document.text.len();
                        let scanned = Scanned {
                            id: document.id,
                            date: document.date,
                            source: document.source,
                            bytes,
                            output,
                        };
                        (seq, bytes, Ok(scanned))
                    })
                    .collect();
                if done.send(results).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        // The sink, on this thread: results wait here until every earlier one has been taken.
        let mut waiting = BTreeMap::new();
        let mut next = 0u64;
        // However the sink ends (an error, a panic, the last result), stop the reader and the
        // scanning threads: on success they have stopped already.
        let _stop = StopOnDrop(budget);
        for results in &done_rx {
            for (seq, weight, result) in results {
                waiting.insert(seq, (weight, result));
            }
            // What the sink took from this message is uncounted at once: one lock (and at most
            // one wake-up of the reader) per batch, not per document.
            // (A sink error returns at once: the budget is closed then, room no longer matters.)
            let (mut taken, mut taken_bytes) = (0, 0);
            while let Some((weight, result)) = waiting.remove(&next) {
                next += 1;
                sink(result)?;
                taken += 1;
                taken_bytes += weight;
            }
            budget.release(taken, taken_bytes);
        }
        Ok(())
    })
}

/// A scanning thread takes at most this many documents at once...
const BATCH_DOCUMENTS: usize = 8;

/// ...and stops adding to a batch once it holds this many bytes of text.
const BATCH_BYTES: usize = 256 << 10;

/// Waits for the next document, then takes whatever else is already queued, up to a batch.
///
/// Why batches: handing news articles of a few KB over one at a time costs a thread wake-up
/// (a futex call and a context switch) per article for the scanning thread, the sink and the
/// reader, about a tenth of a one-thread run's CPU. A batch never waits for documents that are
/// not read yet, so a slow input (a pipe) is scanned as soon as each document arrives.
/// `None` when the reader has finished and the queue is empty (or a thread panicked).
fn take_batch(jobs: &Mutex<mpsc::Receiver<(u64, Document)>>) -> Option<Vec<(u64, Document)>> {
    let jobs = jobs.lock().ok()?;
    let first = jobs.recv().ok()?;
    let mut bytes = first.1.text.len();
    let mut batch = vec![first];
    while batch.len() < BATCH_DOCUMENTS && bytes < BATCH_BYTES {
        let Ok(job) = jobs.try_recv() else { break };
        bytes += job.1.text.len();
        batch.push(job);
    }
    Some(batch)
}

/// Closes the budget when dropped.
struct StopOnDrop<'a>(&'a Budget);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Closes the budget when its thread unwinds.
struct StopOnPanic<'a>(&'a Budget);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.close();
        }
    }
}

/// Counts what is in flight; the reader waits on it before taking another document.
struct Budget {
    limits: InFlight,
    state: Mutex<BudgetState>,
    freed: Condvar,
}

#[derive(Default)]
struct BudgetState {
    documents: usize,
    bytes: usize,
    closed: bool,
    /// The reader is waiting for room: a release that frees enough must wake it.
    reader_waits: bool,
}

impl Budget {
    fn new(limits: InFlight) -> Self {
        Budget {
            limits,
            state: Mutex::default(),
            freed: Condvar::new(),
        }
    }

    /// Waits until a document of `bytes` fits (one always fits when nothing is in flight), then
    /// counts it. False when the run is stopping.
    fn acquire(&self, bytes: usize) -> bool {
        let Ok(mut state) = self.state.lock() else {
            return false;
        };
        loop {
            if state.closed {
                return false;
            }
            let fits = state.documents == 0
                || (state.documents < self.limits.documents
                    && state.bytes + bytes <= self.limits.bytes);
            if fits {
                state.documents += 1;
                state.bytes += bytes;
                return true;
            }
            state.reader_waits = true;
            state = match self.freed.wait(state) {
                Ok(state) => state,
                Err(_) => return false,
            };
            state.reader_waits = false;
        }
    }

    /// Uncounts `documents` the sink has taken, of `bytes` in all. The reader is woken only if
    /// it waits and once half the room is free (or nothing is in flight, when any document
    /// fits), so that it reads documents in bursts rather than being woken, at the cost of a
    /// system call, for each one.
    fn release(&self, documents: usize, bytes: usize) {
        if documents == 0 {
            return;
        }
        let wake = match self.state.lock() {
            Ok(mut state) => {
                state.documents -= documents;
                state.bytes -= bytes;
                state.reader_waits
                    && (state.documents == 0
                        || (state.documents <= self.limits.documents / 2
                            && state.bytes <= self.limits.bytes / 2))
            }
            Err(_) => true,
        };
        if wake {
            self.freed.notify_all();
        }
    }

    fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.closed = true;
        }
        self.freed.notify_all();
    }

    fn is_closed(&self) -> bool {
        self.state.lock().map_or(true, |state| state.closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn documents(n: usize) -> impl Iterator<Item = Result<Document>> + Send {
        (0..n).map(|i| {
            Ok(Document {
                id: format!("d{i}"),
                text: "w ".repeat(i % 17),
                ..Document::default()
            })
        })
    }

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        for threads in [1, 2, 5] {
            let mut ids = Vec::new();
            scan_ordered(
                documents(300),
                threads,
                InFlight::for_threads(threads),
                |d| {
                    // Uneven work, so later documents often finish first.
                    std::thread::yield_now();
                    d.text.len()
                },
                |r| {
                    let r = r?;
                    assert_eq!(r.output, r.bytes);
                    ids.push(r.id);
                    Ok::<(), Error>(())
                },
            )
            .unwrap();
            let expected: Vec<_> = (0..300).map(|i| format!("d{i}")).collect();
            assert_eq!(ids, expected, "{threads} threads");
        }
    }

    #[test]
    fn no_more_than_the_limit_is_in_flight() {
        let read = AtomicUsize::new(0);
        let taken = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let docs = documents(500).inspect(|_| {
            let ahead = read.fetch_add(1, Ordering::SeqCst) + 1 - taken.load(Ordering::SeqCst);
            most.fetch_max(ahead, Ordering::SeqCst);
        });
        let limits = InFlight {
            documents: 7,
            bytes: usize::MAX,
        };
        scan_ordered(
            docs,
            3,
            limits,
            |d| d.text.len(),
            |_| {
                taken.fetch_add(1, Ordering::SeqCst);
                Ok::<(), Error>(())
            },
        )
        .unwrap();
        // The reader takes one document past the budget before it waits for room.
        assert!(most.load(Ordering::SeqCst) <= 8, "{most:?} ahead");
        assert_eq!(taken.load(Ordering::SeqCst), 500);
    }

    #[test]
    fn a_document_is_scanned_before_the_next_is_read() {
        // The reader gives document i only after the sink has taken document i - 1: a scan
        // that waited to fill a batch would never see the next document (the reader panics
        // after ten seconds instead of hanging the test).
        for threads in [1, 3] {
            let (taken_tx, taken_rx) = mpsc::channel::<()>();
            let docs = (0..20).map(move |i| {
                if i > 0 {
                    taken_rx
                        .recv_timeout(std::time::Duration::from_secs(10))
                        .expect("the previous document reached the sink");
                }
                Ok(Document {
                    id: i.to_string(),
                    ..Document::default()
                })
            });
            let mut seen = Vec::new();
            scan_ordered(
                docs,
                threads,
                InFlight::for_threads(threads),
                |_| (),
                |r| {
                    seen.push(r?.id);
                    taken_tx.send(()).ok();
                    Ok::<(), Error>(())
                },
            )
            .unwrap();
            assert_eq!(seen.len(), 20, "{threads} threads");
        }
    }

    #[test]
    fn a_large_document_goes_alone_and_bytes_bound_the_rest() {
        let texts = [10, 5000, 10, 10, 10];
        let docs = texts.iter().enumerate().map(|(i, &n)| {
            Ok(Document {
                id: i.to_string(),
                text: "x".repeat(n),
                ..Document::default()
            })
        });
        let limits = InFlight {
            documents: 100,
            bytes: 100,
        };
        let mut seen = Vec::new();
        scan_ordered(
            docs,
            2,
            limits,
            |d| d.text.len(),
            |r| {
                seen.push(r?.output);
                Ok::<(), Error>(())
            },
        )
        .unwrap();
        assert_eq!(seen, texts);
    }

    #[test]
    fn reader_errors_reach_the_sink_in_place_and_a_sink_error_stops_the_run() {
        let docs = (0..1000).map(|i| {
            if i == 3 {
                Err(Error::Gazetteer("bad document".into()))
            } else {
                Ok(Document {
                    id: i.to_string(),
                    ..Document::default()
                })
            }
        });
        let mut seen = Vec::new();
        let result = scan_ordered(
            docs,
            2,
            InFlight::for_threads(2),
            |_| (),
            |r| match r {
                Ok(s) => {
                    seen.push(s.id);
                    Ok(())
                }
                Err(e) => Err(e.to_string()),
            },
        );
        assert_eq!(result, Err("gazetteer: bad document".to_string()));
        assert_eq!(seen, ["0", "1", "2"]);
    }
}
