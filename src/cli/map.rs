//! `mentionmap map`: the whole job, from articles to map layers.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use mentionmap::export;
use mentionmap::gazetteer::EntityKind;
use mentionmap::Counts;

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
    /// alpha-2, comma-separated: AZ,AM) with its counts, zeros included; map.html draws the
    /// places never mentioned as hollow markers.
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

/// The files `map` always writes besides the count outputs: the mentions first, the list of
/// input problems last.
const MENTIONS: &str = "mentions.jsonl";
const ERRORS: &str = "errors.jsonl";
/// The files `map` writes only when asked: owned by it all the same.
const OPTIONAL_OUTPUTS: [&str; 3] = ["coverage.csv", "suggestions.csv", "map.svg"];

pub fn run(args: MapArgs) -> Result<()> {
    // Every output this run would write, optional ones included, is checked before the scan.
    let optional = [
        (!args.coverage.is_empty()).then_some("coverage.csv"),
        args.suggest.map(|_| "suggestions.csv"),
    ];
    let names: Vec<&str> = std::iter::once(MENTIONS)
        .chain(export::COUNT_OUTPUTS)
        .chain([ERRORS])
        .chain(optional.into_iter().flatten())
        .collect();
    let mut outputs = args.output.prepare("map", &names)?;
    args.input.threads();
    let scanner = args.gazetteer.scanner(args.quiet)?;
    let gazetteer = scanner.gazetteer();
    let out = |name: &str| -> PathBuf { args.output.out.join(name) };

    // One pass over the input: each document's mentions are written out and counted as its
    // turn comes, so the run holds the counts, not the mentions.
    let mut counts = Counts::new(gazetteer.checksum());
    let mut suggestions = export::suggest::Suggestions::default();
    let mut mentions = 0;
    let mut summary = None;
    // The files this run owns are never read back as input (`map .` twice), the optional ones
    // included; the rest of the output directory is, so `map arts --out arts` reads the articles.
    let exclude: Vec<PathBuf> = names
        .iter()
        .copied()
        .chain(OPTIONAL_OUTPUTS)
        .map(&out)
        .collect();
    super::write_streamed(&mut outputs, &out(MENTIONS), |w| {
        let mut writer = export::JsonlWriter::new(w);
        summary = Some(
            args.input
                .scan_each(&scanner, args.quiet, &exclude, |doc| {
                    let found = &doc.output;
                    writer.write(found)?;
                    counts.add_dated_document(&doc.id, doc.date, doc.source.as_deref(), found);
                    if args.suggest.is_some() {
                        suggestions.add_document(found);
                    }
                    mentions += found.len();
                    Ok(())
                })?,
        );
        writer.finish()?;
        Ok(())
    })?;
    let mut picture = export::map::Picture::new(&counts, &args.output.layer_name);
    if !args.coverage.is_empty() {
        picture = picture.with_scope(&counts, gazetteer, &args.coverage);
    }
    export::write_count_outputs(
        &mut outputs,
        &args.output.out,
        &counts,
        gazetteer,
        &args.output.layer_name,
        &picture,
    )?;
    args.output.write_svg(&mut outputs, &picture)?;
    if !args.coverage.is_empty() {
        let scope = mentionmap::audit::Scope {
            countries: args.coverage.clone(),
            ..Default::default()
        };
        let rows = mentionmap::audit::coverage(&counts, gazetteer, &scope);
        outputs.write(&out("coverage.csv"), |w| {
            export::coverage::write_csv(w, &rows)
        })?;
    }
    let mut suggested = None;
    if let Some(min_mentions) = args.suggest {
        let found = suggestions.finish(min_mentions);
        outputs.write(&out("suggestions.csv"), |w| {
            export::suggest::write(w, &found)
        })?;
        suggested = Some(found.len());
    }
    let summary = summary.unwrap_or_default();
    outputs.write(&out(ERRORS), |w| {
        super::write_problems(w, &summary.problems)
    })?;
    // Everything written: only now are the files put in place, together.
    super::commit_run(outputs, args.quiet)?;
    if !args.quiet {
        let mut written = names;
        if args.output.svg {
            written.push("map.svg");
        }
        let about = Written {
            dir: &args.output.out,
            files: &written,
            documents: summary.documents,
            mentions,
        };
        about.summarize(&counts);
        if let Some(suggested) = suggested {
            eprintln!(
                "mentionmap: {suggested} suggestions in {}",
                out("suggestions.csv").display()
            );
        }
        if !summary.problems.is_empty() {
            eprintln!(
                "mentionmap: {} inputs skipped or read lossily: see {}",
                summary.problems.len(),
                out(ERRORS).display()
            );
        }
    }
    // Freeing a quarter of a million aliases takes longer than the scan of a small input, and
    // the process is about to exit: leave it to the operating system.
    std::mem::forget(scanner);
    Ok(())
}

/// What a `map` run wrote, for its summary line.
struct Written<'a> {
    dir: &'a Path,
    files: &'a [&'a str],
    documents: usize,
    mentions: usize,
}

impl Written<'_> {
    fn summarize(&self, counts: &Counts) {
        let of_kind = |kind| counts.entities.values().filter(|c| c.kind == kind).count();
        eprintln!(
            "mentionmap: {} documents, {} mentions: {} places, {} people, {} organisations, {} demonyms; wrote {} into {}",
            self.documents,
            self.mentions,
            of_kind(EntityKind::Place),
            of_kind(EntityKind::Person),
            of_kind(EntityKind::Organisation),
            of_kind(EntityKind::Demonym),
            self.files.join(", "),
            self.dir.display()
        );
    }
}
