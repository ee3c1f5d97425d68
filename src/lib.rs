//! # mentionmap
//!
//! Finds place and person names in news articles, reconciles their spelling variants against a
//! CSV gazetteer, and counts mentions per entity for map layers (GeoJSON), alias resolution and
//! coverage audits.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! input ─► normalize ─► matcher ─► resolve ─► mention ─► count ─► export
//! ```
//!
//! - [`input`] reads documents (files, directories, `.gz`, JSONL, stdin), one at a time;
//! - [`stream`] scans them on every core in bounded memory and hands results on in input order;
//! - [`normalize`] folds case, diacritics, dashes and quotes, keeping a map to original offsets;
//! - [`language`] tells a paragraph's language and the endings its names take (Москв|е);
//! - [`matcher`] finds gazetteer aliases with one Aho-Corasick automaton, on word boundaries
//!   (or before an ending of the paragraph's language);
//! - [`resolve`] picks one entity per name, with a runner-up and a confidence;
//! - [`fuzzy`] recovers misspelt names one or two edits from an alias;
//! - [`people`] finds people the gazetteer lacks, drops places inside their names, links surnames;
//! - [`outlet`] learns or reads where each outlet's stories happen, evidence for their names;
//! - [`reconcile`] resolves bare names (lists, CSV columns, reconciliation queries) whole;
//! - [`mention`] is the record every later stage consumes;
//! - [`count`] sums mentions per entity (per day and source too), mergeably across processes;
//! - [`audit`] lists every place of a scope with its counts, zeros included;
//! - [`export`] writes GeoJSON, CSV, JSONL and the map, drawn over [`borders`], through
//!   [`output`], which checks every destination first and puts the files in place together;
//! - [`eval`] scores all of it against annotated corpora.
//!
//! [`Scanner`] ties the first four together:
//!
//! ```
//! use mentionmap::{Gazetteer, Scanner};
//!
//! let scanner = Scanner::new(Gazetteer::embedded()?)?;
//! let text = "Sergei Lavrov met Zohrab Mnatsakanyan in Moscow. Lavrov said...";
//! for m in scanner.scan("example", text) {
//!     assert_eq!(&text[m.start_byte..m.end_byte], m.surface);
//!     println!("{} -> {} ({:?})", m.surface, m.name, m.method);
//! }
//! # Ok::<(), mentionmap::Error>(())
//! ```
#![deny(missing_docs)]

pub mod audit;
pub mod borders;
pub mod count;
pub mod date;
mod document;
mod error;
pub mod eval;
pub mod export;
pub mod fuzzy;
pub mod gazetteer;
pub mod geography;
pub mod input;
pub mod language;
pub mod matcher;
pub mod mention;
pub mod normalize;
pub mod outlet;
pub mod output;
pub mod people;
pub mod reconcile;
pub mod resolve;
mod scan;
pub mod stream;

pub use count::Counts;
pub use error::{Error, Result};
pub use gazetteer::{Gazetteer, GazetteerBuilder};
pub use mention::{Mention, Method};
pub use scan::Scanner;
