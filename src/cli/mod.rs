//! Command-line parsing and the glue that runs each subcommand.

mod audit;
mod counts;
mod eval;
mod explain;
mod gazetteer;
mod map;
mod resolve;
mod scan;
mod serve;

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use mentionmap::input::{self, Documents, JsonlFields};
use mentionmap::{stream, Gazetteer, GazetteerBuilder, Mention, Scanner};

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

/// Where documents come from, and how many are scanned at once.
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
    /// `audit --by day|week|month|year`. A value that is not such a date skips the document with
    /// a warning naming its file and line (`--strict`: stops the run); a missing or null field
    /// leaves the document undated.
    #[arg(long, value_name = "FIELD")]
    date_field: Option<String>,
    /// JSONL field naming the document's source (outlet, feed): counts are then kept per
    /// source, for `audit --by source`.
    #[arg(long, value_name = "FIELD")]
    source_field: Option<String>,
    /// Refuse a document (a text file, or a JSONL line) longer than this many bytes, naming its
    /// file and line, rather than hold it in memory; a K, M or G suffix multiplies by 1024,
    /// 1024² or 1024³. A scan needs a small multiple of its document's size.
    #[arg(long, default_value = "64M", value_name = "BYTES", value_parser = parse_bytes)]
    max_doc_bytes: usize,
    /// Scan on this many threads (default, or 0: every core). The output is the same, in the
    /// same order, whatever the number.
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Stop at the first document that cannot be read (or is not valid UTF-8), and at the
    /// first dangling link, unreadable directory or special file, instead of skipping it with a
    /// warning.
    #[arg(long)]
    strict: bool,
    /// Do not follow symbolic links inside directories (inputs named on the command line are
    /// followed). Links are otherwise followed, each real file read once, loops reported.
    #[arg(long)]
    no_follow: bool,
}

/// How many input problems are printed one by one before the rest are only counted.
const PROBLEMS_LISTED: usize = 20;

/// One input not read, or read lossily: a line of `errors.jsonl`.
#[derive(Debug, Clone, serde::Serialize)]
struct InputProblem {
    /// The file (as given, lossily for a name that is not UTF-8).
    file: String,
    /// The line of a JSONL file.
    line: Option<u64>,
    /// What was wrong.
    error: String,
    /// What the run did: `skipped` or `decoded lossily`.
    action: &'static str,
}

impl InputProblem {
    fn of_error(error: &mentionmap::Error, action: &'static str) -> Self {
        let (file, line, message) = match error {
            mentionmap::Error::Json {
                path,
                line,
                message,
            } => (
                path.to_string_lossy().into_owned(),
                Some(*line),
                message.clone(),
            ),
            mentionmap::Error::Io { path, cause } => {
                (path.to_string_lossy().into_owned(), None, cause.to_string())
            }
            other => (String::new(), None, other.to_string()),
        };
        InputProblem {
            file,
            line,
            error: message,
            action,
        }
    }
}

impl std::fmt::Display for InputProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.file.is_empty() {
            write!(f, "{}: ", self.file)?;
        }
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        write!(f, "{} ({})", self.error, self.action)
    }
}

/// What a run read.
#[derive(Debug, Default, Clone)]
struct RunSummary {
    /// Documents scanned.
    documents: usize,
    /// Inputs and documents skipped or read lossily, in input order.
    problems: Vec<InputProblem>,
}

impl InputArgs {
    /// The number of scanning threads; also sizes the pool that builds the gazetteer's automata,
    /// so call it before loading the gazetteer.
    fn threads(&self) -> usize {
        let threads = mentionmap::stream::thread_count(self.threads);
        // Fails only when the pool exists already (a second call): then it is sized already.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
        threads
    }

    /// Reads the inputs as a stream, scans each document on the scanning threads, and hands
    /// each document's id, date, source and mentions to `each`, in input order, with a progress
    /// bar on a terminal. Only the documents in flight are in memory. `exclude` lists the run's
    /// outputs, never read back as input.
    ///
    /// A document that cannot be read is skipped with a warning on stderr (file, and line for
    /// JSONL) and listed in the summary; with `--strict` it stops the run.
    fn scan_each(
        &self,
        scanner: &Scanner,
        quiet: bool,
        exclude: &[PathBuf],
        each: impl FnMut(stream::Scanned<Vec<Mention>>) -> Result<()>,
    ) -> Result<RunSummary> {
        self.scan_each_of(&self.inputs, scanner, quiet, exclude, each)
    }

    /// [`InputArgs::scan_each`] over other inputs read the same way (`audit --compare A B`).
    fn scan_each_of(
        &self,
        inputs: &[PathBuf],
        scanner: &Scanner,
        quiet: bool,
        exclude: &[PathBuf],
        mut each: impl FnMut(stream::Scanned<Vec<Mention>>) -> Result<()>,
    ) -> Result<RunSummary> {
        let threads = self.threads();
        let fields = JsonlFields {
            text: self.text_field.clone(),
            id: self.id_field.clone(),
            stdin_is_jsonl: self.jsonl,
            date: self.date_field.clone(),
            source: self.source_field.clone(),
        };
        let walked = input::walk(
            inputs,
            &input::WalkOptions {
                follow_links: !self.no_follow,
                exclude: exclude.to_vec(),
            },
        )?;
        let mut summary = RunSummary::default();
        let mut duplicates = 0;
        for skipped in &walked.skipped {
            if skipped.loses_input() {
                if self.strict {
                    anyhow::bail!("{skipped} (--strict)");
                }
                let problem = InputProblem {
                    file: skipped.path.to_string_lossy().into_owned(),
                    line: None,
                    error: skipped.to_string(),
                    action: "skipped",
                };
                note(&mut summary, problem);
            } else if matches!(skipped.reason, input::SkipReason::Duplicate(_)) {
                duplicates += 1;
            } else {
                // Loops, links not followed, outputs left out: said even with --quiet (as
                // warnings are), since they change what was read.
                eprintln!("mentionmap: warning: {skipped}");
            }
        }
        if duplicates > 0 && !quiet {
            eprintln!(
                "mentionmap: {duplicates} paths lead to files or directories already read (links): each read once"
            );
        }
        let bar = progress(walked.sources.len(), quiet);
        let documents = Documents::new(walked.sources, fields).max_doc_bytes(self.max_doc_bytes);
        let sources_done = documents.sources_done();
        let strict = self.strict;
        stream::scan_ordered(
            documents,
            threads,
            stream::InFlight::for_threads(threads),
            |doc| (scanner.scan(&doc.id, &doc.text), doc.warning.clone()),
            |scanned| {
                let scanned = match scanned {
                    Ok(scanned) => scanned,
                    Err(error) if strict => return Err(error.into()),
                    Err(error) => {
                        bar.suspend(|| {
                            note(&mut summary, InputProblem::of_error(&error, "skipped"))
                        });
                        return Ok(());
                    }
                };
                let (mentions, warning) = scanned.output;
                if let Some(warning) = warning {
                    let problem = InputProblem {
                        file: scanned.id.clone(),
                        line: None,
                        error: warning,
                        action: "decoded lossily",
                    };
                    if strict {
                        anyhow::bail!("{problem} (--strict)");
                    }
                    bar.suspend(|| note(&mut summary, problem));
                }
                summary.documents += 1;
                // Not even formatted when nothing is drawn (`--quiet`, no terminal): this runs
                // for every document, on the thread that hands results on in order.
                if !bar.is_hidden() {
                    bar.set_position(sources_done.load(Ordering::Relaxed) as u64);
                    bar.set_message(format!("{} documents", summary.documents));
                }
                each(stream::Scanned {
                    id: scanned.id,
                    date: scanned.date,
                    source: scanned.source,
                    bytes: scanned.bytes,
                    output: mentions,
                })
            },
        )?;
        bar.finish_and_clear();
        let problems = summary.problems.len();
        if problems > PROBLEMS_LISTED {
            eprintln!(
                "mentionmap: warning: {} more inputs skipped or read lossily ({problems} in all)",
                problems - PROBLEMS_LISTED
            );
        }
        Ok(summary)
    }
}

/// Records an input problem, and prints it while fewer than [`PROBLEMS_LISTED`] were (always:
/// input lost is worth a line even with `--quiet`).
fn note(summary: &mut RunSummary, problem: InputProblem) {
    if summary.problems.len() < PROBLEMS_LISTED {
        eprintln!("mentionmap: warning: {problem}");
    }
    summary.problems.push(problem);
}

/// Writes the problems as JSON Lines (`errors.jsonl`).
fn write_problems(out: &mut dyn std::io::Write, problems: &[InputProblem]) -> std::io::Result<()> {
    for problem in problems {
        serde_json::to_writer(&mut *out, problem)?;
        out.write_all(b"\n")?;
    }
    Ok(())
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

/// Parses a byte count with an optional K, M or G suffix (powers of 1024).
fn parse_bytes(value: &str) -> std::result::Result<usize, String> {
    let trimmed = value.trim();
    let (digits, unit) = match trimmed.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => trimmed.split_at(i),
        None => (trimmed, ""),
    };
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(format!("{value:?} is not a size (write 500000, 64M or 1G)")),
    };
    let number: usize = digits
        .parse()
        .map_err(|_| format!("{value:?} is not a size (write 500000, 64M or 1G)"))?;
    match number.checked_mul(1 << shift) {
        Some(bytes) if bytes > 0 => Ok(bytes),
        _ => Err(format!(
            "{value:?} is not a size from 1 byte to the machine's memory"
        )),
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

/// A progress bar on stderr over the input files (the message counts documents), drawn only
/// when stderr is a terminal and not `--quiet`.
fn progress(sources: usize, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(sources as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {pos}/{len} files, {msg} [{elapsed_precise}] {wide_bar} {eta}",
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
    /// Also write map.svg: the map's picture (borders, circles, legend) for reports.
    #[arg(long)]
    svg: bool,
}

impl OutputArgs {
    /// Checks every file the run will write in `--out` (`names`, plus map.svg with `--svg`)
    /// before any work: the directory is created and must be writable, and no output may exist
    /// unless `--force` is given.
    fn prepare<S: AsRef<str>>(
        &self,
        names: impl IntoIterator<Item = S>,
    ) -> Result<mentionmap::output::OutputSet> {
        let names: Vec<String> = names
            .into_iter()
            .map(|n| n.as_ref().to_string())
            .chain(self.svg.then(|| "map.svg".to_string()))
            .collect();
        Ok(mentionmap::output::OutputSet::in_dir(
            &self.out,
            &names,
            overwrite(self.force),
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

#[cfg(test)]
mod tests {
    use super::parse_bytes;

    #[test]
    fn sizes_take_binary_suffixes_and_refuse_nonsense() {
        assert_eq!(parse_bytes("500000"), Ok(500_000));
        assert_eq!(parse_bytes("64M"), Ok(64 << 20));
        assert_eq!(parse_bytes("2KiB"), Ok(2048));
        assert_eq!(parse_bytes("1g"), Ok(1 << 30));
        for bad in ["", "0", "M", "12Q", "-5", "99999999999999999999"] {
            assert!(parse_bytes(bad).is_err(), "{bad:?} accepted");
        }
    }
}
