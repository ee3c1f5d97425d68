//! The library's one error type.

use std::path::PathBuf;

/// Everything that can go wrong in the library. Each variant carries the context a user needs to
/// find and fix the problem: the file, the line, the offending value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error (in the message; not chained, so it is not printed twice).
        cause: std::io::Error,
    },
    /// A row of a gazetteer or dump is invalid.
    #[error("{}: line {line}: {message}", path.display())]
    BadRow {
        /// The file holding the row.
        path: PathBuf,
        /// 1-based line number of the row.
        line: u64,
        /// What is wrong, in words.
        message: String,
    },
    /// A CSV file could not be parsed at all.
    #[error("{}: {cause}", path.display())]
    Csv {
        /// The file involved.
        path: PathBuf,
        /// The underlying error, which carries the position (in the message, not chained).
        cause: csv::Error,
    },
    /// A JSON input could not be parsed.
    #[error("{}: line {line}: {message}", path.display())]
    Json {
        /// The file involved.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// Two sets of partial counts were made with different gazetteers and cannot be merged.
    #[error("cannot merge counts made with gazetteer {left} and gazetteer {right}: rerun both with the same gazetteer")]
    GazetteerMismatch {
        /// Checksum of the first gazetteer.
        left: String,
        /// Checksum of the second gazetteer.
        right: String,
    },
    /// A reconciliation query is malformed (the key of the query in its batch, and what is wrong).
    #[error("bad reconciliation query: {0}")]
    Query(String),
    /// A reconciliation batch holds more queries than one request may ask.
    #[error("{queries} queries in one batch; at most {limit} are answered at once: send smaller batches")]
    BatchTooLarge {
        /// How many queries the batch held.
        queries: usize,
        /// The most one batch may hold.
        limit: usize,
    },
    /// The gazetteer as a whole is unusable (for example, it has no aliases).
    #[error("gazetteer: {0}")]
    Gazetteer(String),
    /// Counts cannot be used: a sum overflows, or a place's point is off the globe.
    #[error("counts: {0}")]
    Counts(String),
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause: source,
        }
    }

    pub(crate) fn bad_row(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Self {
        Error::BadRow {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}
