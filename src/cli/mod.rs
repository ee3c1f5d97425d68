//! Command-line parsing and the glue that runs each subcommand.

mod alias_report;
mod audit;
mod counts;
mod eval;
mod explain;
mod gazetteer;
mod inputs;
mod map;
mod resolve;
mod scan;
mod serve;
mod spellings;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use mentionmap::{Gazetteer, GazetteerBuilder, Scanner};

use self::inputs::{write_problems, InputArgs};

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
    /// Resolve names (one per line, or a CSV column with --column) to gazetteer entities: id,
    /// canonical name, point, country, how it was found, a score in [0, 1] and the runners-up.
    Resolve(resolve::ResolveArgs),
    /// Serve the resolver as an OpenRefine reconciliation service (Reconciliation Service API
    /// 0.2) on http://127.0.0.1:8088/reconcile.
    Serve(serve::ServeArgs),
    /// Score the pipeline on annotated corpora (GeoWebNews, LGL-schema XML, GUM).
    Eval(eval::EvalArgs),
    /// Audit coverage: every place of a scope (--country, --bbox, --feature, --places) with its
    /// mentions, documents, first and last date and spellings, zeros included, from documents or
    /// counts files (`count`/`merge` output; each INPUT may be either). Writes coverage.csv,
    /// coverage.geojson and countries.geojson; --by month (or source, day, week, year) and
    /// --compare A B add a breakdown and a comparison.
    Audit(audit::AuditArgs),
    /// Build or check a gazetteer.
    #[command(subcommand)]
    Gazetteer(gazetteer::GazetteerCommand),
}

/// Runs the command line; errors bubble up to `main`.
pub fn run() -> Result<()> {
    let command = Cli::parse().command;
    // `serve` shuts down gracefully on its own signals; every other command may be writing
    // outputs through temporary files, which an interrupted run must not leave behind.
    if !matches!(command, Command::Serve(_)) {
        remove_temporaries_on_signal();
    }
    match command {
        Command::Map(args) => map::run(args),
        Command::Scan(args) => scan::run(args),
        Command::Count(args) => counts::count(args),
        Command::Merge(args) => counts::merge(args),
        Command::Export(args) => counts::export(args),
        Command::Eval(args) => eval::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Resolve(args) => resolve::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Gazetteer(command) => gazetteer::run(command),
    }
}

/// On SIGINT, SIGTERM or SIGHUP: removes the temporary files of the outputs being written and
/// exits with 130, the shell's status for an interrupted command.
fn remove_temporaries_on_signal() {
    let installed = ctrlc::set_handler(|| {
        mentionmap::output::remove_temporaries();
        eprintln!("mentionmap: interrupted; its temporary files removed");
        std::process::exit(130);
    });
    if let Err(error) = installed {
        eprintln!("mentionmap: warning: cannot handle interruptions ({error}): an interrupted run may leave .mentionmap-* files");
    }
}

/// How many skipped gazetteer rows are listed on stderr: enough to see the pattern of a bad file
/// without burying the run's own output.
const SKIPPED_ROWS_LISTED: usize = 10;

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
    /// Do not recover misspelt names fuzzily (faster: the fuzzy pass adds about 13% to the
    /// scan's instructions; see the README's performance table).
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
                "mentionmap: skipped {} invalid gazetteer rows:",
                gazetteer.skipped_rows()
            );
            for problem in gazetteer.skipped().iter().take(SKIPPED_ROWS_LISTED) {
                eprintln!("  {problem}");
            }
            if gazetteer.skipped_rows() > SKIPPED_ROWS_LISTED {
                eprintln!(
                    "  ... and {} more (`mentionmap gazetteer check` lists them all)",
                    gazetteer.skipped_rows() - SKIPPED_ROWS_LISTED
                );
            }
        }
        Ok(gazetteer)
    }
}

/// Writes `path` of `outputs` with `write`, which may fail with any error (a bad input document
/// as well as a full disk): then nothing is put in place and that error is returned.
fn write_streamed(
    outputs: &mut mentionmap::output::OutputSet,
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> Result<()>,
) -> Result<()> {
    let mut failure = None;
    let written = outputs.write(path, |out| {
        write(out).map_err(|error| {
            failure = Some(error);
            std::io::Error::other("stopped")
        })
    });
    match failure {
        Some(error) => Err(error),
        None => Ok(written?),
    }
}

/// Commits `outputs` and says on stderr (unless `quiet`) which files of the command's last run
/// went with it.
fn commit_run(outputs: mentionmap::output::OutputSet, quiet: bool) -> Result<()> {
    let stale: Vec<String> = outputs
        .stale()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    outputs.commit()?;
    if !stale.is_empty() && !quiet {
        eprintln!(
            "mentionmap: removed {} of the last run, not written by this one",
            stale.join(", ")
        );
    }
    Ok(())
}

/// The destination of `-o FILE`, checked before any work (an empty set when the output is
/// stdout).
fn output_file(
    path: Option<&std::path::Path>,
    force: bool,
) -> Result<mentionmap::output::OutputSet> {
    let mut outputs = mentionmap::output::OutputSet::new(overwrite(force));
    if let Some(path) = path {
        outputs.add(path)?;
    }
    Ok(outputs)
}

/// The overwrite policy of a `--force` flag.
fn overwrite(force: bool) -> mentionmap::output::Overwrite {
    if force {
        mentionmap::output::Overwrite::Allow
    } else {
        mentionmap::output::Overwrite::Never
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

    /// Loads the gazetteer and builds the bare-name resolver of `resolve` and `serve`, with the
    /// query defaults the user's bias gives (countries upper-cased, the bbox).
    fn name_resolver(
        &self,
        quiet: bool,
    ) -> Result<(
        mentionmap::reconcile::NameResolver,
        mentionmap::reconcile::NameQuery,
    )> {
        let resolver = mentionmap::reconcile::NameResolver::builder()
            .fuzzy(!self.no_fuzzy)
            .build(self.load(quiet)?)
            .context("cannot build the name matcher")?;
        let defaults = mentionmap::reconcile::NameQuery {
            countries: self
                .country
                .iter()
                .map(|c| c.trim().to_ascii_uppercase())
                .collect(),
            bbox: self.bbox,
            ..Default::default()
        };
        Ok((resolver, defaults))
    }
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
    /// Also write map.svg: the map's picture (borders, circles, legend) for reports.
    #[arg(long)]
    svg: bool,
}

impl OutputArgs {
    /// Checks every file the run will write in `--out` (`names`, plus map.svg with `--svg`)
    /// before any work: the directory is created and must be writable, and no output may exist
    /// unless `--force` is given.
    ///
    /// The set replaces the whole set of `command`'s last run in `--out`: files of it this run
    /// does not write are removed with the commit (and refused without `--force`).
    fn prepare<S: AsRef<str>>(
        &self,
        command: &str,
        names: impl IntoIterator<Item = S>,
    ) -> Result<mentionmap::output::OutputSet> {
        let names: Vec<String> = names
            .into_iter()
            .map(|n| n.as_ref().to_string())
            .chain(self.svg.then(|| "map.svg".to_string()))
            .collect();
        Ok(mentionmap::output::OutputSet::for_run(
            &self.out,
            &names,
            overwrite(self.force),
            command,
        )?)
    }

    /// Writes map.svg when `--svg` asks for it.
    fn write_svg(
        &self,
        outputs: &mut mentionmap::output::OutputSet,
        picture: &mentionmap::export::map::Picture,
    ) -> Result<()> {
        if self.svg {
            let svg = picture.svg();
            outputs.write(&self.out.join("map.svg"), |w| w.write_all(svg.as_bytes()))?;
        }
        Ok(())
    }
}
