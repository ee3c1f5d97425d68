//! The Python module `mentionmap._mentionmap`: a thin layer over the Rust library.
//!
//! Every class here converts between Python values and the library's, and does nothing the
//! library does not: the scan, the counts, their merge and the resolver are the CLI's own code,
//! so Python and the CLI give the same results. The pure-Python package `mentionmap` (in
//! `python/mentionmap/`) re-exports these classes and adds the few helpers that are plain Python.

mod convert;
mod counts;
mod mention;
mod options;
mod pipeline;
mod resolver;
mod scanner;
mod spellings;

use pyo3::prelude::*;

pyo3::create_exception!(
    mentionmap,
    MentionmapError,
    pyo3::exceptions::PyValueError,
    "A gazetteer, counts or input that mentionmap cannot use. The message says what is wrong \
     and where (`aliases.csv: line 812: latitude 146 is out of range`); `path` and `line` \
     hold the file and the 1-based line when there are any, else None."
);

#[pymodule]
fn _mentionmap(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MentionmapError", m.py().get_type::<MentionmapError>())?;
    m.add_class::<scanner::Scanner>()?;
    m.add_class::<pipeline::ScanIterator>()?;
    m.add_class::<mention::Mention>()?;
    m.add_class::<counts::Counts>()?;
    m.add_class::<resolver::Resolver>()?;
    Ok(())
}
