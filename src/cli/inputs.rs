//! Where a run's documents come from (`InputArgs`), and what it says of the ones it could not
//! read: the warnings, the summary, `errors.jsonl`, the progress bar.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use mentionmap::input::{self, Documents, JsonlFields};
use mentionmap::outlet::{HomeLearner, OutletHomes};
use mentionmap::{stream, Mention, Scanner};

/// Where documents come from, and how many are scanned at once.
#[derive(Debug, Args)]
pub(super) struct InputArgs {
    /// Text files, directories (every .txt, .txt.gz, .jsonl, .ndjson inside), or `-` for stdin.
    /// No input reads stdin.
    #[arg(value_name = "INPUT")]
    pub(super) inputs: Vec<PathBuf>,
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
    /// A CSV of outlets and their home places (header outlet,place; the place an entity id such
    /// as gn:4717560, or a name of one place): a bare name in an outlet's story leans to its
    /// namesake in the outlet's home state or near its home town. Needs --source-field.
    #[arg(long, value_name = "FILE", requires = "source_field")]
    home_places: Option<PathBuf>,
    /// Learn each outlet's home from its own stories, in a first pass over the inputs (which
    /// are then read twice, so not stdin): the state most of its stories' unambiguous places lie
    /// in, and the town they name most. Needs --source-field.
    #[arg(long, requires = "source_field", conflicts_with = "home_places")]
    learn_homes: bool,
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
pub(super) struct InputProblem {
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
pub(super) struct RunSummary {
    /// Documents scanned.
    pub(super) documents: usize,
    /// Inputs and documents skipped or read lossily, in input order.
    pub(super) problems: Vec<InputProblem>,
}

impl InputArgs {
    /// The number of scanning threads; also sizes the pool that builds the gazetteer's automata,
    /// so call it before loading the gazetteer.
    pub(super) fn threads(&self) -> usize {
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
    pub(super) fn scan_each(
        &self,
        scanner: &Scanner,
        quiet: bool,
        exclude: &[PathBuf],
        each: impl FnMut(stream::Scanned<Vec<Mention>>) -> Result<()>,
    ) -> Result<RunSummary> {
        self.scan_each_of(&self.inputs, scanner, quiet, exclude, each)
    }

    /// [`InputArgs::scan_each`] over other inputs read the same way (`audit --compare A B`).
    pub(super) fn scan_each_of(
        &self,
        inputs: &[PathBuf],
        scanner: &Scanner,
        quiet: bool,
        exclude: &[PathBuf],
        each: impl FnMut(stream::Scanned<Vec<Mention>>) -> Result<()>,
    ) -> Result<RunSummary> {
        let homes = self.outlet_homes(inputs, scanner, exclude)?;
        self.scan_pass(inputs, scanner, quiet, exclude, &homes, true, each)
    }

    /// The outlets' homes the run weighs: read from --home-places, learned in a first pass over
    /// `inputs` (--learn-homes), or none.
    fn outlet_homes(
        &self,
        inputs: &[PathBuf],
        scanner: &Scanner,
        exclude: &[PathBuf],
    ) -> Result<OutletHomes> {
        if let Some(path) = &self.home_places {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            return Ok(OutletHomes::from_csv(scanner.gazetteer(), &text, path)?);
        }
        if !self.learn_homes {
            return Ok(OutletHomes::new());
        }
        if inputs.is_empty() || inputs.iter().any(|p| p.as_os_str() == "-") {
            anyhow::bail!(
                "--learn-homes reads the inputs twice, and stdin cannot be: name the input files, or give the homes with --home-places"
            );
        }
        let mut learner = HomeLearner::new();
        self.scan_pass(
            inputs,
            scanner,
            true,
            exclude,
            &OutletHomes::new(),
            false,
            |doc| {
                if let Some(source) = doc.source.as_deref() {
                    learner.add(scanner.gazetteer(), source, &doc.output);
                }
                Ok(())
            },
        )?;
        Ok(learner.homes(scanner.gazetteer()))
    }

    /// One pass of [`InputArgs::scan_each_of`], each document resolved with its outlet's home
    /// from `homes`; `report`: whether input problems are said (the first of two passes
    /// leaves them to the second).
    #[allow(clippy::too_many_arguments)]
    fn scan_pass(
        &self,
        inputs: &[PathBuf],
        scanner: &Scanner,
        quiet: bool,
        exclude: &[PathBuf],
        homes: &OutletHomes,
        report: bool,
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
        // Inputs were named and not one of them is read: a run that went on would write empty
        // outputs and exit 0 as if the inputs held no names (`scan a.jsonl -o a.jsonl --force`).
        if walked.sources.is_empty() && !walked.skipped.is_empty() {
            let reasons: Vec<String> = walked
                .skipped
                .iter()
                .take(3)
                .map(|s| s.to_string())
                .collect();
            let more = walked.skipped.len().saturating_sub(reasons.len());
            anyhow::bail!(
                "nothing to read: every input was skipped ({}{}); name the documents to read, and write the outputs elsewhere",
                reasons.join("; "),
                if more > 0 { format!("; and {more} more") } else { String::new() }
            );
        }
        let mut summary = RunSummary::default();
        let mut duplicates = 0;
        for skipped in walked.skipped.iter().filter(|_| report) {
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
            |doc| {
                let home = doc.source.as_deref().and_then(|s| homes.get(s));
                let mentions = scanner.scan_at_home(&doc.id, &doc.text, home);
                (mentions, doc.warning.clone())
            },
            |scanned| {
                let scanned = match scanned {
                    Ok(scanned) => scanned,
                    Err(error) if strict => return Err(error.into()),
                    Err(error) => {
                        if report {
                            bar.suspend(|| {
                                note(&mut summary, InputProblem::of_error(&error, "skipped"))
                            });
                        }
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
                    if report {
                        bar.suspend(|| note(&mut summary, problem));
                    }
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
pub(super) fn write_problems(
    out: &mut dyn std::io::Write,
    problems: &[InputProblem],
) -> std::io::Result<()> {
    for problem in problems {
        serde_json::to_writer(&mut *out, problem)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Parses a byte count with an optional K, M or G suffix (powers of 1024).
pub(super) fn parse_bytes(value: &str) -> std::result::Result<usize, String> {
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
