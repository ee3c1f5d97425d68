//! `mentionmap audit`: every place of a scope with its counts, zeros included, from documents or
//! saved counts; by period or source; two bodies of news compared; a per-country layer.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Args;
use mentionmap::audit::{self, Breakdown, Scope};
use mentionmap::export;
use mentionmap::output::OutputSet;
use mentionmap::{Counts, Gazetteer, Scanner};

use super::{GazetteerArgs, InputArgs};

/// Options of `audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
    /// Audit only places of these GeoNames feature codes (comma-separated: ADM1,ADM2,PPLA; PPL*
    /// for every code starting PPL). With --country and --bbox (which also bias the resolver),
    /// each option given narrows the scope; none means every place of the gazetteer.
    #[arg(long, value_name = "CODE,CODE", value_delimiter = ',')]
    feature: Vec<String>,
    /// Audit only the places listed in this CSV: its `entity_id` column (or its first column),
    /// one gazetteer id per row (gn:147105).
    #[arg(long, value_name = "CSV")]
    places: Option<PathBuf>,
    /// Also write coverage_by_<KIND>.csv: one row per place and source or period (source, day,
    /// week, month, year), zeros included, every period from the first dated document to the
    /// last. Needs counts made with --source-field or --date-field.
    #[arg(long, value_name = "KIND", value_parser = parse_breakdown)]
    by: Option<Breakdown>,
    /// With --by day/week/month/year: documents dated before this year are counted undated,
    /// with a warning (a placeholder such as 0000-01-01 would make a column of every month
    /// since).
    #[arg(long, default_value_t = 1800, value_name = "YEAR")]
    first_year: i32,
    /// With --by day/week/month/year: documents dated after this year (default: next year) are
    /// counted undated, with a warning.
    #[arg(long, value_name = "YEAR")]
    last_year: Option<i32>,
    /// The most rows --by may write (places times sources or periods); above it the audit
    /// stops with a message and writes nothing.
    #[arg(long, default_value_t = 10_000_000, value_name = "N")]
    max_rows: u64,
    #[command(flatten)]
    spellings: super::spellings::SpellingArgs,
    /// Compare two bodies of news instead: each a counts file (from `count` or `merge`) or
    /// documents (a file or a directory). Writes compare.csv and compare.geojson: per place A's
    /// and B's mentions, B minus A, and which of them names it at all.
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with = "inputs")]
    compare: Vec<PathBuf>,
    /// Directory for the outputs (created if missing).
    #[arg(long, default_value = "exports", value_name = "DIR")]
    out: PathBuf,
    /// Replace outputs that already exist.
    #[arg(long)]
    force: bool,
    /// Print nothing on stderr but errors.
    #[arg(short, long)]
    quiet: bool,
}

fn parse_breakdown(text: &str) -> Result<Breakdown, String> {
    match text {
        "source" => Ok(Breakdown::Source),
        _ => text
            .parse()
            .map(Breakdown::Period)
            .map_err(|_| format!("unknown breakdown {text:?}: source, day, week, month or year")),
    }
}

pub fn run(args: AuditArgs) -> Result<()> {
    let mut outputs = vec![
        "coverage.csv".to_string(),
        "coverage.geojson".to_string(),
        "countries.geojson".to_string(),
    ];
    if let Some(by) = args.by {
        outputs.push(format!("coverage_by_{}.csv", by.name()));
    }
    if !args.compare.is_empty() {
        outputs.extend(["compare.csv".to_string(), "compare.geojson".to_string()]);
    }
    if args.spellings.spellings {
        outputs.extend(super::spellings::OUTPUTS.map(String::from));
    }
    // Every output is checked before the inputs are read.
    let mut files = OutputSet::for_run(&args.out, &outputs, super::overwrite(args.force), "audit")?;
    let mut scope = Scope {
        countries: args.gazetteer.country.clone(),
        bbox: args.gazetteer.bbox,
        features: args.feature.clone(),
        places: None,
    };
    if let Some(path) = &args.places {
        scope.places = Some(Scope::read_places(path)?);
    }

    let sides: Vec<Vec<PathBuf>> = if args.compare.is_empty() {
        let inputs = if args.input.inputs.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            args.input.inputs.clone()
        };
        vec![inputs]
    } else {
        args.compare.iter().map(|p| vec![p.clone()]).collect()
    };
    let needs_scanner = sides.iter().flatten().any(|p| !is_counts_file(p));
    args.input.threads();
    let engine = if needs_scanner {
        Engine::Scanner(Box::new(args.gazetteer.scanner(args.quiet)?))
    } else {
        Engine::Gazetteer(args.gazetteer.load(args.quiet)?)
    };
    check_scope(&scope, engine.gazetteer())?;
    let mut all_counts = Vec::new();
    for paths in &sides {
        all_counts.push(gather(paths, &engine, &args.input, args.quiet)?);
    }
    let gazetteer = engine.gazetteer();
    for counts in &all_counts {
        if counts.gazetteer != gazetteer.checksum() && !args.quiet {
            eprintln!(
                "mentionmap: warning: counts made with gazetteer {}, audited against {}: places may be missing",
                counts.gazetteer,
                gazetteer.checksum()
            );
        }
    }

    let out = |name: &str| args.out.join(name);
    let counts = &all_counts[0];
    let rows = audit::coverage(counts, gazetteer, &scope);
    // The breakdown's columns first: one too large to write stops the audit before any file.
    let columns = match args.by {
        Some(by) => {
            let last_year = args.last_year.unwrap_or_else(|| this_year() + 1);
            let columns = by.columns_within(counts, args.first_year..=last_year);
            if columns.outside > 0 && !args.quiet {
                eprintln!(
                    "mentionmap: warning: {} document(s) dated before {} or after {last_year} \
                     counted as {} (--first-year, --last-year)",
                    columns.outside,
                    args.first_year,
                    audit::UNDATED
                );
            }
            let breakdown_rows = rows.len() as u64 * columns.labels.len() as u64;
            if breakdown_rows > args.max_rows {
                bail!(
                    "coverage_by_{}.csv would have {breakdown_rows} rows ({} places x {} {}s), \
                     more than --max-rows {}: narrow the places (--country, --feature, \
                     --places), the years (--first-year, --last-year), or break down by year",
                    by.name(),
                    rows.len(),
                    columns.labels.len(),
                    by.name(),
                    args.max_rows
                );
            }
            Some(columns)
        }
        None => None,
    };
    files.write(&out("coverage.csv"), |w| {
        export::coverage::write_csv(w, &rows)
    })?;
    let layer = export::coverage::layer(&rows, counts, "mentionmap coverage");
    files.write(&out("coverage.geojson"), |w| {
        serde_json::to_writer(&mut *w, &layer)?;
        w.write_all(b"\n")
    })?;
    let countries = export::countries::layer(counts, "mentionmap countries");
    files.write(&out("countries.geojson"), |w| {
        serde_json::to_writer(&mut *w, &countries)?;
        w.write_all(b"\n")
    })?;
    if let (Some(by), Some(columns)) = (args.by, columns) {
        let dated = match by {
            Breakdown::Source => !counts.documents_by_source.is_empty(),
            Breakdown::Period(_) => !counts.documents_by_day.is_empty(),
        };
        if !dated && !args.quiet {
            eprintln!(
                "mentionmap: warning: no document has a {}: count with --{}-field",
                if by == Breakdown::Source {
                    "source"
                } else {
                    "date"
                },
                if by == Breakdown::Source {
                    "source"
                } else {
                    "date"
                },
            );
        }
        let name = format!("coverage_by_{}.csv", by.name());
        files.write(&out(&name), |w| {
            export::coverage::write_breakdown_csv(w, &rows, &columns, by.name())
        })?;
    }
    if args.spellings.spellings {
        let period = super::spellings::period(args.by);
        let last_year = args.last_year.unwrap_or_else(|| this_year() + 1);
        let timeline: Vec<String> = Breakdown::Period(period)
            .columns_within(counts, args.first_year..=last_year)
            .labels
            .into_iter()
            .map(|(label, _)| label)
            .collect();
        super::spellings::write(
            &mut files,
            &args.out,
            (counts, gazetteer, &scope),
            &args.spellings,
            (period, &timeline),
            args.quiet,
        )?;
    }
    if let [a, b] = all_counts.as_slice() {
        let compared = audit::compare(a, b, gazetteer, &scope);
        files.write(&out("compare.csv"), |w| {
            export::coverage::write_compare_csv(w, &compared)
        })?;
        let layer = export::coverage::compare_layer(&compared, a, "mentionmap comparison");
        files.write(&out("compare.geojson"), |w| {
            serde_json::to_writer(&mut *w, &layer)?;
            w.write_all(b"\n")
        })?;
    }
    super::commit_run(files, args.quiet)?;
    if !args.quiet {
        let mentioned = rows.iter().filter(|r| r.mentions() > 0).count();
        eprintln!(
            "mentionmap: {} documents; {} places in scope, {mentioned} mentioned, {} never; wrote {} into {}",
            counts.documents,
            rows.len(),
            rows.len() - mentioned,
            outputs.join(", "),
            args.out.display()
        );
    }
    if let Engine::Scanner(scanner) = engine {
        // As in `map`: freeing the automaton takes longer than the process's exit.
        std::mem::forget(scanner);
    }
    Ok(())
}

/// What the audit resolves against: a scanner when there are documents to read, else the
/// gazetteer alone.
enum Engine {
    Scanner(Box<Scanner>),
    Gazetteer(Gazetteer),
}

impl Engine {
    fn gazetteer(&self) -> &Gazetteer {
        match self {
            Engine::Scanner(s) => s.gazetteer(),
            Engine::Gazetteer(g) => g,
        }
    }
}

/// Is this a counts file (its first line is counts as `count` writes them)?
fn is_counts_file(path: &Path) -> bool {
    if !path.is_file() {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let first = std::io::BufReader::new(file)
        .lines()
        .map_while(|l| l.ok())
        .find(|l| !l.trim().is_empty());
    first.is_some_and(|line| serde_json::from_str::<Counts>(&line).is_ok())
}

/// The counts of these inputs: counts files merged, documents streamed through the scanner.
fn gather(paths: &[PathBuf], engine: &Engine, input: &InputArgs, quiet: bool) -> Result<Counts> {
    let mut total = Counts::new(engine.gazetteer().checksum());
    let mut documents = Vec::new();
    for path in paths {
        if is_counts_file(path) {
            for (line_no, counts) in super::counts::read_counts(path)? {
                total
                    .merge(&counts)
                    .with_context(|| format!("{}: line {line_no}", path.display()))?;
            }
        } else {
            documents.push(path.clone());
        }
    }
    if documents.is_empty() {
        return Ok(total);
    }
    let Engine::Scanner(scanner) = engine else {
        unreachable!("a scanner is built whenever an input is not a counts file")
    };
    input.scan_each_of(&documents, scanner, quiet, &[], |doc| {
        total.add_dated_document(&doc.id, doc.date, doc.source.as_deref(), &doc.output);
        Ok(())
    })?;
    Ok(total)
}

/// The current year (UTC), to within a day of New Year: the default of --last-year is the next.
fn this_year() -> i32 {
    /// The mean Gregorian year, in seconds.
    const YEAR_SECONDS: u64 = 31_556_952;
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    1970 + i32::try_from(since_epoch / YEAR_SECONDS).unwrap_or(0)
}

/// How many unknown ids an error lists before it counts the rest.
const UNKNOWN_IDS_LISTED: usize = 10;

/// Refuses a scope that names what the gazetteer does not hold: an id of --places that is no
/// entity, a --country that no place has (a country's name suggests its code). Otherwise the
/// audit is silently smaller, or empty, with exit 0 (issue 30, item 8).
fn check_scope(scope: &Scope, gazetteer: &Gazetteer) -> Result<()> {
    if let Some(ids) = &scope.places {
        let unknown: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| gazetteer.find(id).is_none())
            .collect();
        if !unknown.is_empty() {
            let mut listed = unknown[..unknown.len().min(UNKNOWN_IDS_LISTED)].join(", ");
            if unknown.len() > UNKNOWN_IDS_LISTED {
                listed.push_str(&format!(" and {} more", unknown.len() - UNKNOWN_IDS_LISTED));
            }
            bail!(
                "--places: {} of {} ids are not in the gazetteer: {listed}",
                unknown.len(),
                ids.len()
            );
        }
    }
    let places = || {
        gazetteer
            .entities()
            .iter()
            .filter(|e| e.kind == mentionmap::gazetteer::EntityKind::Place)
    };
    for wanted in &scope.countries {
        let wanted = wanted.trim();
        let held = places().any(|e| {
            e.country_code
                .as_ref()
                .is_some_and(|cc| cc.eq_ignore_ascii_case(wanted))
        });
        if held {
            continue;
        }
        let named = places().find(|e| {
            e.feature_code
                .as_ref()
                .is_some_and(|code| code.starts_with("PCL"))
                && e.name.eq_ignore_ascii_case(wanted)
        });
        match named.and_then(|e| e.country_code.as_ref()) {
            Some(code) => bail!(
                "--country {wanted:?} is not a country code: did you mean {code}? (ISO 3166-1 \
                 alpha-2)"
            ),
            None => bail!(
                "--country {wanted:?}: no place of the gazetteer has this country code (ISO \
                 3166-1 alpha-2, such as AM or AZ)"
            ),
        }
    }
    Ok(())
}
