//! `mentionmap eval`: scores the pipeline on annotated corpora, and fits the resolver's
//! evidence weights on GeoWebNews (`weights.rs`). The multilingual corpora are read and printed
//! apart (`multilingual.rs`): they are scored the steering team's overlap way.

mod multilingual;
mod surfaces;
mod weights;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;
use mentionmap::eval::{self, corpus, GoldDocument, Report};
use mentionmap::gazetteer::EntityKind;
use mentionmap::outlet::{HomeLearner, OutletHomes};
use mentionmap::output::{write_atomic, Overwrite};
use mentionmap::resolve::Weights;
use mentionmap::{Mention, Scanner};
use rayon::prelude::*;

use super::GazetteerArgs;

/// Options of `eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// GeoWebNews XML (GWN.xml): toponym recognition and geocoding.
    #[arg(long, value_name = "FILE")]
    geowebnews: Option<PathBuf>,
    /// A corpus in the LGL XML schema (LGL, TR-News): toponyms with <gaztag> coordinates.
    /// Repeatable.
    #[arg(long, value_name = "FILE")]
    lgl: Vec<PathBuf>,
    /// Directory of GUM CoNLL-U files (GUM_news_*.conllu): people and places.
    #[arg(long, value_name = "DIR")]
    gum: Option<PathBuf>,
    /// FactRuEval-2016 directory (devset/ or testset/: book_N.txt, .spans, .objects): Russian
    /// places and people, scored by overlap with the places missed sorted into classes.
    #[arg(long, value_name = "DIR")]
    factrueval: Option<PathBuf>,
    /// ArmTDP-NER JSON Lines (ArmNER-HY.json1): Armenian places and people, as --factrueval.
    #[arg(long, value_name = "FILE")]
    armtdp: Option<PathBuf>,
    /// Turkish Wiki-NER CoNLL (dev.conll, train.conll): Turkish places and people, as
    /// --factrueval, 30 sentences to a document. Repeatable.
    #[arg(long, value_name = "FILE")]
    turkish: Vec<PathBuf>,
    /// Also score each --lgl corpus with each article's outlet (its <domain>) as its source: the
    /// outlets' homes are learned from their own articles in a first pass, or read from
    /// --home-places (corpus name suffixed "+outlet").
    #[arg(long, requires = "lgl")]
    outlets: bool,
    /// A CSV of outlets and their home places (outlet,place: an entity id or a name) for
    /// --outlets, instead of homes learned from the articles.
    #[arg(long, value_name = "FILE", requires = "outlets")]
    home_places: Option<PathBuf>,
    /// Score only the first N documents of each corpus.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Count adjectival demonym mentions ("Russian hackers") as toponyms, as GeoWebNews annotates
    /// them (Literal_Modifier, Non_Literal_Modifier); plurals ("Mexicans") name people, which
    /// GeoWebNews tags Demonym, and stay out. The default counts places only.
    #[arg(long)]
    demonyms_as_toponyms: bool,
    /// Print the JSON report instead of the table.
    #[arg(long)]
    json: bool,
    /// Also list the N most frequent misses, false positives and worst placements (for the
    /// multilingual corpora, which always list 15, N of each).
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
    /// Write every document's gold spans and predictions to FILE, one JSON object per document
    /// and kind, for error analysis (`jq`, a notebook).
    #[arg(long, value_name = "FILE")]
    dump: Option<PathBuf>,
    /// Resolve with the evidence weights of FILE (as data/resolve-weights.csv is written)
    /// instead of the embedded ones.
    #[arg(long, value_name = "FILE")]
    weights: Option<PathBuf>,
    /// Fit the evidence weights on GeoWebNews and cross-validate them by document in N folds:
    /// each fold's held-out A@161 and choice accuracy, fitted weights against the hand-set ones.
    #[arg(long, value_name = "N", requires = "geowebnews")]
    folds: Option<usize>,
    /// How strongly the fit pulls each weight towards its hand-set value (an L2 penalty; 0: none).
    #[arg(long, value_name = "X", default_value_t = 1.0, requires = "folds")]
    fit_penalty: f64,
    /// Write the weights fitted on every GeoWebNews document to FILE (as
    /// data/resolve-weights.csv is written).
    #[arg(long, value_name = "FILE", requires = "folds")]
    write_weights: Option<PathBuf>,
    /// Write, for every GeoWebNews place name the resolver weighed, its candidates' features and
    /// which one is the gold place (the nearest within 161 km of the gold point), as CSV.
    #[arg(long, value_name = "FILE", requires = "folds")]
    features: Option<PathBuf>,
    /// Unannotated text (text files or directories of them; a GeoWebNews or LGL `.xml` file or
    /// a GUM directory is read for its texts): list the most frequent surface -> entity pairs
    /// whose surface is not the entity's own name, with counts, the alias's class and an
    /// example sentence each, as a tab-separated table for review.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    surfaces: Vec<PathBuf>,
    /// How many pairs --surfaces lists.
    #[arg(long, value_name = "N", default_value_t = 200, requires = "surfaces")]
    top_surfaces: usize,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
}

pub fn run(args: EvalArgs) -> Result<()> {
    if args.geowebnews.is_none()
        && args.lgl.is_empty()
        && args.gum.is_none()
        && args.factrueval.is_none()
        && args.armtdp.is_none()
        && args.turkish.is_empty()
        && args.surfaces.is_empty()
    {
        bail!(
            "nothing to evaluate: give --geowebnews, --lgl, --gum, --factrueval, --armtdp, \
             --turkish or --surfaces (see mentionmap eval --help)"
        );
    }
    let mut scanner = args.gazetteer.scanner(true)?;
    if let Some(path) = &args.weights {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        scanner = scanner.with_weights(Weights::from_csv(&text, path)?);
    }
    let mut run = Run {
        scanner,
        top: args.errors.max(1),
        dump: args.dump.as_ref().map(|_| Vec::new()),
    };
    if !args.surfaces.is_empty() {
        let docs = surfaces::read(&args.surfaces)?;
        let mut out = std::io::stdout().lock();
        surfaces::run(&run.scanner, &docs, args.top_surfaces, &mut out)?;
    }
    let mut reports = Vec::new();
    if let (Some(path), Some(folds)) = (&args.geowebnews, args.folds) {
        let docs = read_xml(path, args.limit)?;
        let request = weights::Request {
            folds,
            penalty: args.fit_penalty,
            features: args.features.as_deref(),
            write_weights: args.write_weights.as_deref(),
        };
        let mut out = std::io::stdout().lock();
        run.scanner = weights::run(run.scanner, &docs, &request, &mut out)?;
        writeln!(out)?;
    }
    if let Some(path) = &args.geowebnews {
        let docs = read_xml(path, args.limit)?;
        // Named apart so that a table never passes one reading off as the other.
        let name = if args.demonyms_as_toponyms {
            "GeoWebNews+dem"
        } else {
            "GeoWebNews"
        };
        let predicted = run.predict(&docs, args.demonyms_as_toponyms);
        reports.push(run.score(
            name,
            EntityKind::Place,
            &docs,
            &predicted,
            eval::GEOWEBNEWS_EXCLUDED,
        ));
    }
    for path in &args.lgl {
        let docs = read_xml(path, args.limit)?;
        let name = path
            .file_stem()
            .map_or("LGL".into(), |s| s.to_string_lossy().into_owned());
        let predicted = run.predict(&docs, args.demonyms_as_toponyms);
        reports.push(run.score(&name, EntityKind::Place, &docs, &predicted, &[]));
        if args.outlets {
            let xml = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let mut sources = eval::outlets::article_domains(&xml)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            sources.truncate(docs.len());
            let homes = match &args.home_places {
                Some(csv) => read_home_places(run.scanner.gazetteer(), csv)?,
                None => {
                    let mut learner = HomeLearner::new();
                    for (source, mentions) in sources.iter().zip(&predicted) {
                        if let Some(source) = source {
                            learner.add(run.scanner.gazetteer(), source, mentions);
                        }
                    }
                    learner.homes(run.scanner.gazetteer())
                }
            };
            if args.errors > 0 {
                print_homes(run.scanner.gazetteer(), &homes);
            }
            let predicted = run.predict_at_home(&docs, &sources, &homes, args.demonyms_as_toponyms);
            let name = format!("{name}+outlet");
            reports.push(run.score(&name, EntityKind::Place, &docs, &predicted, &[]));
        }
    }
    if let Some(dir) = &args.gum {
        let docs = read_gum(dir, args.limit)?;
        let predicted = run.predict(&docs, false);
        for kind in [EntityKind::Person, EntityKind::Place] {
            reports.push(run.score("GUM news", kind, &docs, &predicted, &[]));
        }
    }
    let corpora = multilingual::read(&args)?;
    let multilingual_reports = multilingual::score(&mut run, &corpora, args.errors);
    if let (Some(path), Some(lines)) = (&args.dump, &run.dump) {
        write_atomic(path, Overwrite::Allow, |out| {
            for line in lines {
                serde_json::to_writer(&mut *out, line)?;
                writeln!(out)?;
            }
            Ok(())
        })?;
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let all: Vec<&Report> = reports.iter().chain(&multilingual_reports).collect();
        serde_json::to_writer_pretty(&mut out, &all)?;
        writeln!(out)?;
    } else {
        if !reports.is_empty() {
            print_table(&mut out, &reports, args.errors)?;
        }
        if !multilingual_reports.is_empty() {
            if !reports.is_empty() {
                writeln!(out)?;
            }
            multilingual::print(&mut out, &multilingual_reports)?;
        }
    }
    // Freeing a quarter of a million aliases takes longer than the scan of a small input, and
    // the process is about to exit: leave it to the operating system.
    std::mem::forget(run.scanner);
    Ok(())
}

/// What every corpus of one `eval` run shares.
struct Run {
    scanner: Scanner,
    /// How many misses, false positives and placements the report lists.
    top: usize,
    /// Gold beside predictions, per document and kind, when `--dump` asks for them.
    dump: Option<Vec<serde_json::Value>>,
}

impl Run {
    /// The pipeline's mentions for each document, in parallel.
    fn predict(&self, docs: &[GoldDocument], demonyms_as_places: bool) -> Vec<Vec<Mention>> {
        self.predict_at_home(docs, &[], &OutletHomes::new(), demonyms_as_places)
    }

    /// [`Run::predict`] with each document's source (`sources`, in document order; missing
    /// ones have none) and the sources' homes.
    fn predict_at_home(
        &self,
        docs: &[GoldDocument],
        sources: &[Option<String>],
        homes: &OutletHomes,
        demonyms_as_places: bool,
    ) -> Vec<Vec<Mention>> {
        docs.par_iter()
            .enumerate()
            .map(|(i, d)| {
                let home = sources
                    .get(i)
                    .and_then(Option::as_deref)
                    .and_then(|s| homes.get(s));
                let mut mentions = self.scanner.scan_at_home(&d.id, &d.text, home);
                if demonyms_as_places {
                    for m in mentions
                        .iter_mut()
                        .filter(|m| eval::demonym_reads_as_toponym(m))
                    {
                        m.kind = EntityKind::Place;
                    }
                }
                mentions
            })
            .collect()
    }

    fn score(
        &mut self,
        name: &str,
        kind: EntityKind,
        docs: &[GoldDocument],
        predicted: &[Vec<Mention>],
        excluded: &[&str],
    ) -> Report {
        if let Some(lines) = &mut self.dump {
            lines.extend(
                docs.iter()
                    .zip(predicted)
                    .map(|(doc, mentions)| dump_line(name, kind, doc, mentions)),
            );
        }
        eval::score(name, kind, docs, predicted, excluded, self.top)
    }
}

/// One document's gold spans and predictions of `kind`, in code-point offsets.
fn dump_line(
    corpus: &str,
    kind: EntityKind,
    doc: &GoldDocument,
    mentions: &[Mention],
) -> serde_json::Value {
    let gold: Vec<_> = doc
        .spans
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| {
            serde_json::json!({
                "start": s.start_char, "end": s.end_char, "text": s.text, "tag": s.tag,
                "lon": s.point.map(|p| p.lon), "lat": s.point.map(|p| p.lat),
            })
        })
        .collect();
    let predicted: Vec<_> = mentions
        .iter()
        .filter(|m| m.kind == kind)
        .map(|m| {
            serde_json::json!({
                "start": m.start_char, "end": m.end_char, "text": m.surface, "name": m.name,
                "entity_id": m.entity_id, "feature_code": m.feature_code,
                "country_code": m.country_code, "method": m.method,
                "lon": m.lon, "lat": m.lat,
            })
        })
        .collect();
    serde_json::json!({
        "corpus": corpus, "doc": doc.id, "kind": kind.as_str(),
        "gold": gold, "predicted": predicted,
    })
}

/// Lists the outlets' homes on stderr, for error analysis.
fn print_homes(gazetteer: &mentionmap::Gazetteer, homes: &OutletHomes) {
    for (outlet, home) in homes.iter() {
        let place = home
            .place
            .map_or("-", |p| gazetteer.entity(p).name.as_str());
        eprintln!(
            "home {outlet}: {} {:.2}, {}.{} {:.2}, {place}",
            home.country_code,
            home.country_sureness,
            home.country_code,
            home.admin1_code.as_deref().unwrap_or("-"),
            home.division_sureness
        );
    }
}

fn read_home_places(gazetteer: &mentionmap::Gazetteer, path: &PathBuf) -> Result<OutletHomes> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(OutletHomes::from_csv(gazetteer, &text, path)?)
}

fn read_xml(path: &PathBuf, limit: Option<usize>) -> Result<Vec<GoldDocument>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut docs =
        corpus::parse_toponym_xml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    docs.truncate(limit.unwrap_or(usize::MAX));
    Ok(docs)
}

fn read_gum(dir: &PathBuf, limit: Option<usize>) -> Result<Vec<GoldDocument>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "conllu"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!("{}: no .conllu files", dir.display());
    }
    paths.truncate(limit.unwrap_or(usize::MAX));
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            let id = p
                .file_stem()
                .map_or(String::new(), |s| s.to_string_lossy().into_owned());
            Ok(corpus::parse_gum(&id, &text))
        })
        .collect()
}

fn print_table(out: &mut dyn Write, reports: &[Report], errors: usize) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<12} {:<7} {:>4} {:>5} {:>5} | {:>5} {:>5} {:>5} | {:>8} {:>10} | {:>6} {:>9} {:>9} {:>5}",
        "corpus", "kind", "docs", "gold", "pred", "P", "R", "F1", "exact F1", "overlap F1", "A@161", "median km", "mean km", "AUC"
    )?;
    for r in reports {
        let geo = if r.geo.scored > 0 {
            format!(
                "{:>6.3} {:>9.1} {:>9.1} {:>5.3}",
                r.geo.accuracy_161km, r.geo.median_error_km, r.geo.mean_error_km, r.geo.auc
            )
        } else {
            format!("{:>6} {:>9} {:>9} {:>5}", "-", "-", "-", "-")
        };
        writeln!(
            out,
            "{:<12} {:<7} {:>4} {:>5} {:>5} | {:>5.3} {:>5.3} {:>5.3} | {:>8.3} {:>10.3} | {geo}",
            r.corpus,
            r.kind,
            r.documents,
            r.gold,
            r.predicted,
            r.centre.precision,
            r.centre.recall,
            r.centre.f1,
            r.exact.f1,
            r.overlap.f1
        )?;
    }
    for r in reports.iter().filter(|r| r.recall_by_type.len() > 1) {
        let types: Vec<String> = r
            .recall_by_type
            .iter()
            .map(|(t, (hit, all))| format!("{t} {hit}/{all}"))
            .collect();
        writeln!(
            out,
            "\n{} recall by type (centre rule): {}",
            r.corpus,
            types.join(", ")
        )?;
    }
    if errors > 0 {
        for r in reports {
            let list = |v: &[(String, usize)]| {
                v.iter()
                    .map(|(s, n)| format!("{s} ({n})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            writeln!(
                out,
                "\n{} {}: most missed: {}",
                r.corpus,
                r.kind,
                list(&r.missed)
            )?;
            writeln!(
                out,
                "{} {}: most frequent false positives: {}",
                r.corpus,
                r.kind,
                list(&r.false_positives)
            )?;
            if !r.worst_placed.is_empty() {
                let worst: Vec<String> = r
                    .worst_placed
                    .iter()
                    .map(|(s, e, km)| format!("{s} -> {e} {km:.0} km"))
                    .collect();
                writeln!(
                    out,
                    "{} {}: worst placed: {}",
                    r.corpus,
                    r.kind,
                    worst.join("; ")
                )?;
            }
        }
    }
    Ok(())
}
