//! `mentionmap audit`: every place of a scope with its counts, zeros included, from documents or
//! saved counts; by period or source; two bodies of news compared; a per-country layer.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
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
    // Every output is checked before the inputs are read.
    let mut files = OutputSet::in_dir(&args.out, &outputs, super::overwrite(args.force))?;
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
    if let Some(by) = args.by {
        let columns = by.columns(counts);
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
    files.commit()?;
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
