//! The multilingual corpora of `eval` (--factrueval, --armtdp, --turkish): reading them, scoring
//! places and people under the overlap reading, and the table and miss classes they print.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use mentionmap::eval::misses::{classify_misses, Inflection, MissClass, PlaceKeys};
use mentionmap::eval::multilingual::{
    parse_armtdp, parse_conll, parse_factrueval, ARMTDP_EXCLUDED, FACTRUEVAL_EXCLUDED,
    TURKISH_EXCLUDED,
};
use mentionmap::eval::{GoldDocument, Report};
use mentionmap::gazetteer::EntityKind;

use super::{EvalArgs, Run};

/// How many missed names of each class, and false positives, are listed when `--errors` does not
/// say: enough to see the pattern of a class.
const DEFAULT_LISTED: usize = 15;

/// One multilingual corpus, read.
pub(super) struct Corpus {
    /// Its name in the table.
    name: String,
    docs: Vec<GoldDocument>,
    /// The tags its reading leaves out of scoring.
    excluded: &'static [&'static str],
    /// How its language inflects place names.
    inflection: Inflection,
}

/// Reads the corpora the options name, each cut to `--limit` documents.
pub(super) fn read(args: &EvalArgs) -> Result<Vec<Corpus>> {
    let mut corpora = Vec::new();
    let limit = args.limit.unwrap_or(usize::MAX);
    let mut push = |name: String, mut docs: Vec<GoldDocument>, excluded, inflection| {
        docs.truncate(limit);
        corpora.push(Corpus {
            name,
            docs,
            excluded,
            inflection,
        });
    };
    if let Some(dir) = &args.factrueval {
        push(
            "FactRuEval".into(),
            read_factrueval(dir)?,
            FACTRUEVAL_EXCLUDED,
            Inflection::Endings,
        );
    }
    if let Some(path) = &args.armtdp {
        let docs = parse_armtdp(path, &read_to_string(path)?)?;
        push("ArmTDP".into(), docs, ARMTDP_EXCLUDED, Inflection::Endings);
    }
    for path in &args.turkish {
        let stem = path
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        let docs = parse_conll(path, &stem, &read_to_string(path)?)?;
        push(
            format!("Turkish {stem}"),
            docs,
            TURKISH_EXCLUDED,
            Inflection::Apostrophe,
        );
    }
    Ok(corpora)
}

fn read_to_string(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The `book_N` texts of a FactRuEval directory, each with its `.spans` and `.objects`, in
/// numeric order.
fn read_factrueval(dir: &Path) -> Result<Vec<GoldDocument>> {
    let mut books: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.with_extension(""))
        .collect();
    if books.is_empty() {
        bail!(
            "{}: no .txt files: give the FactRuEval devset/ or testset/ directory",
            dir.display()
        );
    }
    // book_9 before book_10, so that --limit takes the same texts on every system.
    let number = |p: &PathBuf| {
        p.file_name()
            .and_then(|n| n.to_str()?.rsplit('_').next()?.parse::<u64>().ok())
    };
    books.sort_by_key(|p| (number(p), p.clone()));
    books
        .iter()
        .map(|book| {
            let file = |ext: &str| read_to_string(&book.with_extension(ext));
            Ok(parse_factrueval(
                book,
                &file("txt")?,
                &file("spans")?,
                &file("objects")?,
            )?)
        })
        .collect()
}

/// Scores places and people of every corpus, with the places' miss classes.
pub(super) fn score(run: &mut Run, corpora: &[Corpus], errors: usize) -> Vec<Report> {
    if corpora.is_empty() {
        return Vec::new();
    }
    let listed = if errors > 0 { errors } else { DEFAULT_LISTED };
    // Demonym mentions are not scored: no conversion to places.
    let predicted: Vec<_> = corpora
        .iter()
        .map(|c| run.predict(&c.docs, false))
        .collect();
    let classes: Vec<_> = {
        let keys = PlaceKeys::of_places(run.scanner.matcher(), run.scanner.gazetteer());
        corpora
            .iter()
            .zip(&predicted)
            .map(|(c, p)| classify_misses(&keys, c.inflection, &c.docs, p, c.excluded, listed))
            .collect()
    };
    let mut reports = Vec::new();
    for ((corpus, predicted), classes) in corpora.iter().zip(&predicted).zip(classes) {
        for kind in [EntityKind::Place, EntityKind::Person] {
            let mut report =
                run.score(&corpus.name, kind, &corpus.docs, predicted, corpus.excluded);
            if kind == EntityKind::Place {
                report.miss_classes = Some(classes.clone());
            }
            reports.push(report);
        }
    }
    reports
}

/// The table of the overlap reading, then each corpus's missed places by class.
pub(super) fn print(out: &mut dyn Write, reports: &[Report]) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<13} {:<7} {:>4} {:>5} {:>5} {:>5} | {:>5} {:>5} {:>5} | {:>8}",
        "corpus", "kind", "docs", "gold", "pred", "left", "P", "R", "F1", "exact F1"
    )?;
    for r in reports {
        writeln!(
            out,
            "{:<13} {:<7} {:>4} {:>5} {:>5} {:>5} | {:>5.3} {:>5.3} {:>5.3} | {:>8.3}",
            r.corpus,
            r.kind,
            r.documents,
            r.gold,
            r.predicted,
            r.left_out,
            r.overlap_any.precision,
            r.overlap_any.recall,
            r.overlap_any.f1,
            r.exact.f1,
        )?;
    }
    writeln!(
        out,
        "(overlap, many to many; `left`: predictions on excluded spans only, left out of P)"
    )?;
    let list = |v: &[(String, usize)]| {
        if v.is_empty() {
            return "-".to_string();
        }
        v.iter()
            .map(|(s, n)| format!("{s} ({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for r in reports {
        let Some(classes) = &r.miss_classes else {
            continue;
        };
        let counts: Vec<String> = MissClass::ALL
            .iter()
            .map(|c| format!("{} {}", c.as_str(), classes.missed[c]))
            .collect();
        writeln!(
            out,
            "\n{} places missed by class: {}",
            r.corpus,
            counts.join(", ")
        )?;
        writeln!(
            out,
            "{} recall of inflected forms: {}/{} = {:.3}",
            r.corpus,
            classes.inflected_found,
            classes.inflected_gold,
            classes.inflected_recall()
        )?;
        for class in MissClass::ALL {
            writeln!(
                out,
                "{} most missed, {}: {}",
                r.corpus,
                class.as_str(),
                list(&classes.most_missed[&class])
            )?;
        }
        writeln!(
            out,
            "{} most frequent false positives: {}",
            r.corpus,
            list(&classes.false_positives)
        )?;
    }
    Ok(())
}
