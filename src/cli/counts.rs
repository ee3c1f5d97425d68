//! `mentionmap count`, `merge` and `export`: mergeable partial counts, for running the scan where
//! the data lives (Spark `RDD.pipe`, Hadoop Streaming, `xargs -P`) and combining the parts.
//!
//! `count` writes one JSON line of counts; `merge` reads any number of such lines (files or
//! stdin) and writes their exact sum, refusing counts made with different gazetteers; `export`
//! turns counts into the map layer and tables.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;
use mentionmap::export;
use mentionmap::Counts;

use super::{GazetteerArgs, InputArgs, OutputArgs};

/// Options of `count`.
#[derive(Debug, Args)]
pub struct CountArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
}

/// Options of `merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Files of counts (one JSON object per line, as `count` writes); stdin when none or `-`.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// Options of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A counts file (one JSON line, as `count` or `merge` writes); `-` for stdin.
    #[arg(value_name = "COUNTS")]
    counts: PathBuf,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn count(args: CountArgs) -> Result<()> {
    args.input.threads();
    let scanner = args.gazetteer.scanner(true)?;
    let mut counts = Counts::new(scanner.gazetteer().checksum());
    args.input.scan_each(&scanner, true, &[], |doc| {
        counts.add_dated_document(&doc.id, doc.date, doc.source.as_deref(), &doc.output);
        Ok(())
    })?;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, &counts)?;
    writeln!(out)?;
    std::mem::forget(scanner);
    Ok(())
}

pub fn merge(args: MergeArgs) -> Result<()> {
    let mut total: Option<Counts> = None;
    let files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files
    };
    let mut overlap = Overlap::default();
    for file in &files {
        for (line_no, counts) in read_counts(file)? {
            overlap.add(&counts, || format!("{}: line {line_no}", file.display()));
            match total.as_mut() {
                None => total = Some(counts),
                Some(total) => total
                    .merge(&counts)
                    .with_context(|| format!("{}: line {line_no}", file.display()))?,
            }
        }
    }
    let Some(total) = total else {
        bail!("no counts to merge")
    };
    overlap.warn();
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, &total)?;
    writeln!(out)?;
    Ok(())
}

pub fn export(args: ExportArgs) -> Result<()> {
    let mut outputs = args.output.prepare("export", export::COUNT_OUTPUTS)?;
    let mut parts = read_counts(&args.counts)?.into_iter();
    let Some((first_line, mut counts)) = parts.next() else {
        bail!("{}: no counts", args.counts.display())
    };
    let mut overlap = Overlap::default();
    let at = |line: usize| format!("{}: line {line}", args.counts.display());
    overlap.add(&counts, || at(first_line));
    for (line_no, more) in parts {
        overlap.add(&more, || at(line_no));
        counts
            .merge(&more)
            .with_context(|| format!("{}: line {line_no}", args.counts.display()))?;
    }
    overlap.warn();
    let gazetteer = args.gazetteer.load(true)?;
    if gazetteer.checksum() != counts.gazetteer {
        eprintln!(
            "mentionmap: warning: the counts were made with gazetteer {}, not {} (populations may be missing)",
            counts.gazetteer,
            gazetteer.checksum()
        );
    }
    let picture = export::map::Picture::new(&counts, &args.output.layer_name);
    export::write_count_outputs(
        &mut outputs,
        &args.output.out,
        &counts,
        &gazetteer,
        &args.output.layer_name,
        &picture,
    )?;
    args.output.write_svg(&mut outputs, &picture)?;
    super::commit_run(outputs, false)?;
    Ok(())
}

/// Documents met in more than one part of a merge: the parts of a split count each document
/// once, so a document in two parts is counted twice (`merge a a`, a partition run again).
///
/// Counts keep no list of their documents, only each entity's first and last (by id); those
/// witnesses are compared. Two copies of the same counts always share them; parts that share
/// a few documents are caught when one of those is an entity's first or last. Ids made of
/// standard input's line numbers (`<stdin>:3`, when JSONL lines have no id) repeat in every
/// partition without being the same document, so they witness nothing.
#[derive(Default)]
struct Overlap {
    /// Each witness document, and the part it was first met in.
    seen: std::collections::HashMap<String, std::rc::Rc<str>>,
    /// The first document met again: it, and the two parts.
    first_repeat: Option<(String, std::rc::Rc<str>, std::rc::Rc<str>)>,
    /// How many witness documents were met again.
    repeats: usize,
}

impl Overlap {
    /// Adds one part's witnesses (`part` names where it was read).
    fn add(&mut self, counts: &Counts, part: impl Fn() -> String) {
        let here: std::rc::Rc<str> = part().into();
        let mut witnesses: std::collections::BTreeSet<&str> = Default::default();
        for count in counts.entities.values() {
            witnesses.insert(&count.first_doc);
            witnesses.insert(&count.last_doc);
        }
        for doc in witnesses {
            if doc.starts_with("<stdin>") {
                continue;
            }
            match self.seen.get(doc) {
                Some(there) if !std::rc::Rc::ptr_eq(there, &here) => {
                    self.repeats += 1;
                    if self.first_repeat.is_none() {
                        self.first_repeat = Some((doc.to_string(), there.clone(), here.clone()));
                    }
                }
                Some(_) => {}
                None => {
                    self.seen.insert(doc.to_string(), here.clone());
                }
            }
        }
    }

    /// Warns on stderr if a document was met in two parts.
    fn warn(&self) {
        if let Some((doc, there, here)) = &self.first_repeat {
            let more = match self.repeats - 1 {
                0 => String::new(),
                n => format!(", and {n} more documents like it"),
            };
            eprintln!(
                "mentionmap: warning: document {doc:?} is counted in {there} and again in {here}{more}: the same documents in two parts are counted twice"
            );
        }
    }
}

/// Reads counts, one JSON object per line, with their line numbers.
pub(super) fn read_counts(path: &std::path::Path) -> Result<Vec<(usize, Counts)>> {
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let counts: Counts = serde_json::from_str(&line).with_context(|| {
            format!(
                "{}: line {}: not counts from `mentionmap count`",
                path.display(),
                i + 1
            )
        })?;
        counts
            .check()
            .with_context(|| format!("{}: line {}", path.display(), i + 1))?;
        out.push((i + 1, counts));
    }
    Ok(out)
}
