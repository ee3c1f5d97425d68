//! `mentionmap map`: the whole job, from articles to map layers.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::Args;
use mentionmap::export::{self, write_atomic, Overwrite};
use mentionmap::gazetteer::EntityKind;
use mentionmap::{Counts, Mention};
use rayon::prelude::*;

use super::{GazetteerArgs, InputArgs, OutputArgs};

/// Options of `map`.
#[derive(Debug, Args)]
pub struct MapArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// Also write coverage.csv, the audit: every gazetteer place of these countries (ISO
    /// alpha-2, comma-separated: AZ,AM) with its counts, zeros included.
    #[arg(long, value_name = "CC,CC", value_delimiter = ',')]
    coverage: Vec<String>,
    /// Also write suggestions.csv: people the gazetteer lacks, seen at least N times, and
    /// spellings recovered only fuzzily, ready to curate into the gazetteer.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "2")]
    suggest: Option<usize>,
    /// Print nothing on stderr but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// The files `map` writes, in the order it writes them.
const OUTPUTS: [&str; 6] = [
    "mentions.jsonl",
    "places.geojson",
    "places.csv",
    "people.csv",
    "organisations.csv",
    "map.html",
];

pub fn run(args: MapArgs) -> Result<()> {
    let overwrite = args.output.overwrite();
    let existing: Vec<_> = OUTPUTS
        .iter()
        .map(|f| args.output.out.join(f))
        .filter(|p| p.exists())
        .collect();
    if overwrite == Overwrite::Never && !existing.is_empty() {
        bail!(
            "{} already exists (pass --force to replace the outputs in {})",
            existing[0].display(),
            args.output.out.display()
        );
    }
    let scanner = args.gazetteer.scanner(args.quiet)?;
    let documents = args.input.read()?;
    let bar = super::progress(documents.len(), args.quiet);
    let per_document: Vec<Vec<Mention>> = documents
        .par_iter()
        .map(|doc| {
            let found = scanner.scan(&doc.id, &doc.text);
            bar.inc(1);
            found
        })
        .collect();
    bar.finish_and_clear();

    let gazetteer = scanner.gazetteer();
    let mut counts = Counts::new(gazetteer.checksum());
    for (doc, mentions) in documents.iter().zip(&per_document) {
        counts.add_dated_document(&doc.id, doc.date, doc.source.as_deref(), mentions);
    }
    args.output.create_dir()?;
    let out = |name: &str| -> PathBuf { args.output.out.join(name) };
    let all: Vec<Mention> = per_document.into_iter().flatten().collect();
    write_atomic(&out("mentions.jsonl"), overwrite, |w| {
        export::write_mentions_jsonl(w, &all)
    })?;
    export::write_count_outputs(
        &args.output.out,
        &counts,
        gazetteer,
        &args.output.layer_name,
        overwrite,
    )?;
    if !args.coverage.is_empty() {
        write_atomic(&out("coverage.csv"), overwrite, |w| {
            export::table::write_coverage(w, &counts, gazetteer, &args.coverage)
        })?;
    }
    if let Some(min_mentions) = args.suggest {
        let found = export::suggest::suggestions(&all, min_mentions);
        write_atomic(&out("suggestions.csv"), overwrite, |w| {
            export::suggest::write(w, &found)
        })?;
        if !args.quiet {
            eprintln!(
                "mentionmap: {} suggestions in {}",
                found.len(),
                out("suggestions.csv").display()
            );
        }
    }
    if !args.quiet {
        summarize(&args.output.out, documents.len(), &all, &counts);
    }
    // Freeing a quarter of a million aliases takes longer than the scan of a small input, and
    // the process is about to exit: leave it to the operating system.
    std::mem::forget(scanner);
    Ok(())
}

fn summarize(dir: &Path, documents: usize, mentions: &[Mention], counts: &Counts) {
    let of_kind = |kind| counts.entities.values().filter(|c| c.kind == kind).count();
    eprintln!(
        "mentionmap: {documents} documents, {} mentions: {} places, {} people, {} organisations, {} demonyms; wrote {} into {}",
        mentions.len(),
        of_kind(EntityKind::Place),
        of_kind(EntityKind::Person),
        of_kind(EntityKind::Organisation),
        of_kind(EntityKind::Demonym),
        OUTPUTS.join(", "),
        dir.display()
    );
}
