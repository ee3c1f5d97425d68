//! `mentionmap scan`: mentions as JSON Lines.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use mentionmap::export::JsonlWriter;

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
    // The output file is checked before the scan, not found unwritable after it.
    let mut outputs = super::output_file(args.output.as_deref(), args.force)?;
    args.input.threads();
    let scanner = args.gazetteer.scanner(args.quiet)?;
    // Mentions are written as each document's turn comes: nothing waits for the whole input.
    let write_all = |out: &mut dyn Write| -> Result<()> {
        let exclude: Vec<PathBuf> = args.output.iter().cloned().collect();
        let mut writer = JsonlWriter::new(out);
        args.input
            .scan_each(&scanner, args.quiet, &exclude, |doc| {
                writer.write(&doc.output)?;
                Ok(())
            })?;
        writer.finish()?;
        Ok(())
    };
    match &args.output {
        Some(path) => {
            super::write_streamed(&mut outputs, path, write_all)?;
            outputs.commit()?;
        }
        None => {
            let mut out = std::io::BufWriter::with_capacity(
                mentionmap::output::WRITE_BUFFER_BYTES,
                std::io::stdout().lock(),
            );
            write_all(&mut out)?;
            out.flush()?;
        }
    }
    // Freeing a quarter of a million aliases takes longer than the scan of a small input, and
    // the process is about to exit: leave it to the operating system.
    std::mem::forget(scanner);
    Ok(())
}
