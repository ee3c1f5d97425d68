//! `audit --spellings`: who writes which name of a place, by outlet and period, and the picture.

use std::path::Path;

use anyhow::Result;
use clap::Args;
use mentionmap::audit::spellings;
use mentionmap::audit::{Breakdown, Scope};
use mentionmap::date::Period;
use mentionmap::export::contested;
use mentionmap::output::OutputSet;
use mentionmap::{Counts, Gazetteer};

/// Options of `audit` for spellings.
#[derive(Debug, Args)]
pub struct SpellingArgs {
    /// Also write spellings.csv (every entity written more than one way: each spelling, its
    /// language, alias type and side, mentions and share per source and period), contested.csv
    /// (the entities outlets disagree on, ranked, with each outlet's preferred spelling, its
    /// side, each side's share and when it switched) and contested.html / contested.svg (the shares by outlet and by period).
    /// Periods are those of --by (day, week, month, year), months otherwise.
    #[arg(long)]
    pub spellings: bool,
    /// With --spellings: an outlet takes part in an entity's comparison when it mentions the
    /// entity at least this often (fewer mentions make noisy shares).
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub min_outlet_mentions: u64,
}

/// The files `--spellings` writes.
pub const OUTPUTS: [&str; 4] = [
    "spellings.csv",
    "contested.csv",
    "contested.html",
    "contested.svg",
];

/// The period the spellings are broken down by: that of `--by`, months otherwise.
pub fn period(by: Option<Breakdown>) -> Period {
    match by {
        Some(Breakdown::Period(period)) => period,
        _ => Period::Month,
    }
}

/// Writes the four files into `dir`, as part of `files`, of the counts audited against the
/// gazetteer within the scope; `timeline` is the breakdown's columns by `period` (every period
/// from the first dated document to the last). Returns how many entities are contested.
pub fn write(
    files: &mut OutputSet,
    dir: &Path,
    (counts, gazetteer, scope): (&Counts, &Gazetteer, &Scope),
    args: &SpellingArgs,
    (period, timeline): (Period, &[String]),
    quiet: bool,
) -> Result<usize> {
    if counts.documents_by_source.is_empty() && !quiet {
        eprintln!(
            "mentionmap: warning: no document has a source: contested.csv compares outlets, \
             count with --source-field"
        );
    }
    let entities = spellings::spellings(counts, gazetteer, scope, period);
    let contests = spellings::contests(&entities, args.min_outlet_mentions);
    files.write(&dir.join("spellings.csv"), |w| {
        contested::write_spellings_csv(w, &entities)
    })?;
    files.write(&dir.join("contested.csv"), |w| {
        contested::write_contested_csv(w, &contests)
    })?;
    let chart = contested::Chart::new("mentionmap: contested names", &contests, timeline);
    files.write(&dir.join("contested.html"), |w| {
        w.write_all(contested::html(&chart).as_bytes())
    })?;
    files.write(&dir.join("contested.svg"), |w| {
        w.write_all(contested::svg(&chart, contested::Target::File).as_bytes())
    })?;
    Ok(contests.len())
}
