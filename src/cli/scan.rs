//! `mentionmap scan`: mentions as JSON Lines.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use mentionmap::export::{write_atomic, write_mentions_jsonl, Overwrite};
use rayon::prelude::*;

use super::{GazetteerArgs, InputArgs};

/// Options of `scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
    /// Print nothing on stderr but errors.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: ScanArgs) -> Result<()> {
    let scanner = args.gazetteer.scanner(args.quiet)?;
    let documents = args.input.read()?;
    let bar = super::progress(documents.len(), args.quiet);
    let mentions: Vec<_> = documents
        .par_iter()
        .flat_map_iter(|doc| {
            let found = scanner.scan(&doc.id, &doc.text);
            bar.inc(1);
            found
        })
        .collect();
    bar.finish_and_clear();
    match &args.output {
        Some(path) => {
            let overwrite = if args.force {
                Overwrite::Allow
            } else {
                Overwrite::Never
            };
            write_atomic(path, overwrite, |w| write_mentions_jsonl(w, &mentions))?;
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write_mentions_jsonl(&mut out, &mentions)?;
            out.flush()?;
        }
    }
    // Freeing a quarter of a million aliases takes longer than the scan of a small input, and
    // the process is about to exit: leave it to the operating system.
    std::mem::forget(scanner);
    Ok(())
}
