//! Command-line parsing and the glue that runs each subcommand.

mod counts;
mod eval;
mod explain;
mod gazetteer;
mod map;
mod scan;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use mentionmap::input::{self, Document, JsonlFields};
use mentionmap::{Gazetteer, GazetteerBuilder, Scanner};

/// Find place and person names in news articles, reconcile their spellings against a gazetteer,
/// and export map layers with mention counts.
///
/// Start with `mentionmap map data/articles`: it writes places.geojson, places.csv, people.csv,
/// organisations.csv and mentions.jsonl into exports/.
#[derive(Debug, Parser)]
#[command(name = "mentionmap", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole job: scan the inputs, count mentions, write every output into a directory.
    Map(map::MapArgs),
    /// Write one JSON object per mention (JSON Lines) to stdout or a file.
    Scan(scan::ScanArgs),
    /// Scan the inputs and write mergeable counts (one JSON line) to stdout: the step to run
    /// per partition on a distributed engine (Spark RDD.pipe, Hadoop Streaming).
    Count(counts::CountArgs),
    /// Sum counts (files or stdin, one JSON line each) exactly; refuses counts made with
    /// different gazetteers.
    Merge(counts::MergeArgs),
    /// Write places.geojson, the CSV tables and map.html from counts.
    Export(counts::ExportArgs),
    /// Show, for each name in a text, the alias it matched, the candidates with their scores and
    /// the evidence that chose the winner.
    Explain(explain::ExplainArgs),
    /// Score the pipeline on annotated corpora (GeoWebNews, LGL-schema XML, GUM).
    Eval(eval::EvalArgs),
    /// Build or check a gazetteer.
    #[command(subcommand)]
    Gazetteer(gazetteer::GazetteerCommand),
}

/// Runs the command line; errors bubble up to `main`.
pub fn run() -> Result<()> {
    match Cli::parse().command {
        Command::Map(args) => map::run(args),
        Command::Scan(args) => scan::run(args),
        Command::Count(args) => counts::count(args),
        Command::Merge(args) => counts::merge(args),
        Command::Export(args) => counts::export(args),
        Command::Eval(args) => eval::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Gazetteer(command) => gazetteer::run(command),
    }
}

/// Which gazetteer to resolve against.
#[derive(Debug, Args)]
struct GazetteerArgs {
    /// Use this gazetteer instead of the embedded default: a directory with entities.csv (and
    /// aliases.csv), or one CSV file (an `aliases` column may list `|`-separated names).
    /// Repeat to combine several.
    #[arg(long, value_name = "PATH")]
    gazetteer: Vec<PathBuf>,
    /// Add this gazetteer (directory or CSV, entities or aliases only) to the embedded default.
    /// Repeatable.
    #[arg(long, value_name = "PATH")]
    extend: Vec<PathBuf>,
    /// Skip invalid gazetteer rows (and report how many) instead of stopping at the first.
    #[arg(long)]
    skip_bad_rows: bool,
    /// Do not recover misspelt names fuzzily (faster: the fuzzy pass halves scan throughput;
    /// see the README's performance table).
    #[arg(long)]
    no_fuzzy: bool,
    /// Do not generate spelling variants of the gazetteer's names (Şuşa -> Shusha,
    /// Stepanyan -> Stepanian, Sergey -> Sergei): match listed names only.
    #[arg(long)]
    no_variants: bool,
    /// Prefer places in these countries when a name is ambiguous (ISO alpha-2, comma-separated:
    /// AZ,AM).
    #[arg(long, value_name = "CC,CC", value_delimiter = ',')]
    country: Vec<String>,
    /// Prefer places inside this box when a name is ambiguous: min_lon,min_lat,max_lon,max_lat.
    #[arg(long, value_name = "BOX", allow_hyphen_values = true)]
    bbox: Option<mentionmap::resolve::Bbox>,
}

impl GazetteerArgs {
    fn load(&self, quiet: bool) -> Result<Gazetteer> {
        let mut builder = GazetteerBuilder::new().skip_bad_rows(self.skip_bad_rows);
        if self.no_variants {
            builder = builder.variant_rules(None);
        }
        if self.gazetteer.is_empty() {
            builder = builder.with_embedded();
        }
        for path in self.gazetteer.iter().chain(&self.extend) {
            builder = builder
                .add_path(path)
                .with_context(|| format!("cannot load gazetteer {}", path.display()))?;
        }
        let gazetteer = builder.build().context("cannot load the gazetteer")?;
        if gazetteer.skipped_rows() > 0 && !quiet {
            eprintln!(
                "mentionmap: skipped {} invalid gazetteer rows",
                gazetteer.skipped_rows()
            );
        }
        Ok(gazetteer)
    }
}

/// Where documents come from.
#[derive(Debug, Args)]
struct InputArgs {
    /// Text files, directories (every .txt, .txt.gz, .jsonl, .ndjson inside), or `-` for stdin.
    /// No input reads stdin.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// JSONL field holding the text (files ending .jsonl/.ndjson; stdin when --jsonl is given).
    #[arg(long, default_value = "text", value_name = "FIELD")]
    text_field: String,
    /// JSONL field holding the document id (missing ids become <file>:<line>).
    #[arg(long, default_value = "id", value_name = "FIELD")]
    id_field: String,
    /// Read stdin as JSON Lines, one document per line.
    #[arg(long)]
    jsonl: bool,
    /// JSONL field holding the document's date: ISO 8601, a date or a datetime (2020-10-05,
    /// 2020-10-05T14:30:00Z; the date is taken as written). Counts are then kept per day, for
    /// `audit --by day|week|month|year`. A value that is not such a date stops the run with its
    /// file and line; a missing or null field leaves the document undated.
    #[arg(long, value_name = "FIELD")]
    date_field: Option<String>,
    /// JSONL field naming the document's source (outlet, feed): counts are then kept per
    /// source, for `audit --by source`.
    #[arg(long, value_name = "FIELD")]
    source_field: Option<String>,
}

impl InputArgs {
    fn read(&self) -> Result<Vec<Document>> {
        let fields = JsonlFields {
            text: self.text_field.clone(),
            id: self.id_field.clone(),
            stdin_is_jsonl: self.jsonl,
            date: self.date_field.clone(),
            source: self.source_field.clone(),
        };
        let mut documents = Vec::new();
        for source in input::expand(&self.inputs)? {
            documents.extend(input::read(&source, &fields)?);
        }
        Ok(documents)
    }
}

impl GazetteerArgs {
    /// Loads the gazetteer and builds the scanner with the user's bias.
    fn scanner(&self, quiet: bool) -> Result<Scanner> {
        let options = mentionmap::resolve::ResolverOptions {
            countries: self.country.clone(),
            bbox: self.bbox,
        };
        Scanner::build(self.load(quiet)?, options, !self.no_fuzzy)
            .context("cannot build the name matcher")
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal and not `--quiet`.
fn progress(len: usize, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {pos}/{len} documents [{elapsed_precise}] {wide_bar} {eta}",
        )
        .expect("the template is valid"),
    );
    bar
}

/// Where `map` and `export` write, and whether they may replace what is there.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Directory for the outputs (created if missing).
    #[arg(long, default_value = "exports", value_name = "DIR")]
    out: PathBuf,
    /// Replace outputs that already exist.
    #[arg(long)]
    force: bool,
    /// Layer name written into places.geojson (GIS tools show it).
    #[arg(long, default_value = "mentionmap places", value_name = "NAME")]
    layer_name: String,
}

impl OutputArgs {
    fn overwrite(&self) -> mentionmap::export::Overwrite {
        if self.force {
            mentionmap::export::Overwrite::Allow
        } else {
            mentionmap::export::Overwrite::Never
        }
    }

    fn create_dir(&self) -> Result<()> {
        std::fs::create_dir_all(&self.out)
            .with_context(|| format!("cannot create {}", self.out.display()))
    }
}
