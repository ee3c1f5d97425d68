//! `eval --folds`, `--features`, `--write-weights`: fitting the resolver's evidence weights on
//! GeoWebNews and checking them on documents the fit has not seen.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use mentionmap::eval::fit::{fit, Choice, Fit};
use mentionmap::eval::weights::{fold_of, labelled_names, LabelledName};
use mentionmap::eval::{self, GoldDocument};
use mentionmap::gazetteer::EntityKind;
use mentionmap::output::{write_atomic, Overwrite};
use mentionmap::resolve::{Weights, WEIGHT_NAMES};
use mentionmap::Scanner;
use rayon::prelude::*;

/// One fold's held-out figures under one set of weights.
#[derive(Debug, Clone, Copy, Default)]
struct Held {
    /// Names placed (matched, with a gold point and a predicted one) and those within 161 km.
    placed: usize,
    within: usize,
    /// Labelled names with two candidates or more, and those the resolver ranked right.
    choices: usize,
    right: usize,
}

impl Held {
    fn add(&mut self, other: Held) {
        self.placed += other.placed;
        self.within += other.within;
        self.choices += other.choices;
        self.right += other.right;
    }

    fn a161(&self) -> f64 {
        self.within as f64 / self.placed.max(1) as f64
    }

    fn choice(&self) -> f64 {
        self.right as f64 / self.choices.max(1) as f64
    }
}

/// The held-out figures of `scanner` (with its weights) on the documents of `fold`.
fn held_out(scanner: &Scanner, docs: &[GoldDocument], fold: usize, folds: usize) -> Held {
    let held: Vec<(usize, &GoldDocument)> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| fold_of(*i, folds) == fold)
        .collect();
    let gold: Vec<GoldDocument> = held.iter().map(|(_, d)| (*d).clone()).collect();
    let predicted: Vec<_> = gold
        .par_iter()
        .map(|d| scanner.scan(&d.id, &d.text))
        .collect();
    let report = eval::score(
        "fold",
        EntityKind::Place,
        &gold,
        &predicted,
        eval::GEOWEBNEWS_EXCLUDED,
        1,
    );
    let names = labelled_names(scanner, held, eval::GEOWEBNEWS_EXCLUDED);
    let informative: Vec<&LabelledName> = names.iter().filter(|n| n.informative()).collect();
    Held {
        placed: report.geo.scored,
        within: (report.geo.accuracy_161km * report.geo.scored as f64).round() as usize,
        choices: informative.len(),
        right: informative.iter().filter(|n| n.chosen_right()).count(),
    }
}

fn choices<'a>(names: impl Iterator<Item = &'a LabelledName>) -> Vec<Choice> {
    names
        .filter(|n| n.informative())
        .map(|n| Choice {
            candidates: n.candidates.iter().map(|(_, f)| *f).collect(),
            gold: n.gold.expect("informative names have a gold candidate"),
        })
        .collect()
}

/// What `eval --folds/--features/--write-weights` asked for.
pub struct Request<'a> {
    pub folds: usize,
    pub penalty: f64,
    pub features: Option<&'a Path>,
    pub write_weights: Option<&'a Path>,
}

/// Runs the fit and its cross-validation on GeoWebNews `docs`, printing to `out`; returns the
/// scanner (its weights as they were).
pub fn run(
    scanner: Scanner,
    docs: &[GoldDocument],
    request: &Request,
    out: &mut dyn Write,
) -> Result<Scanner> {
    let own = *scanner.resolver().weights();
    // The features are read as the hand weights resolve: the weights they are fitted against.
    let scanner = scanner.with_weights(Weights::HAND);
    let names = labelled_names(&scanner, docs.iter().enumerate(), eval::GEOWEBNEWS_EXCLUDED);
    let folds = request.folds.max(1);
    if let Some(path) = request.features {
        write_features(path, &scanner, docs, &names, folds)?;
    }
    writeln!(
        out,
        "{} gold place names the resolver weighed; {} with a candidate within 161 km of the gold \
         point, {} of them among two candidates or more (the examples)",
        names.len(),
        names.iter().filter(|n| n.gold.is_some()).count(),
        names.iter().filter(|n| n.informative()).count()
    )?;
    let mut scanner = scanner;
    if request.folds > 1 {
        writeln!(
            out,
            "\n{folds}-fold cross-validation by document (penalty {}): held-out figures",
            request.penalty
        )?;
        writeln!(
            out,
            "fold  names | placed  A@161 hand fitted | names  choice hand fitted | fitted weights"
        )?;
        let (mut hand_all, mut fitted_all) = (Held::default(), Held::default());
        for fold in 0..folds {
            let train = choices(names.iter().filter(|n| fold_of(n.document, folds) != fold));
            let fitted = fit(&train, &Weights::HAND, request.penalty);
            scanner = scanner.with_weights(Weights::HAND);
            let hand = held_out(&scanner, docs, fold, folds);
            scanner = scanner.with_weights(fitted.weights);
            let held = held_out(&scanner, docs, fold, folds);
            writeln!(
                out,
                "{fold:>4} {:>6} | {:>6} {:>10.3} {:>6.3} | {:>5} {:>11.3} {:>6.3} | {}",
                train.len(),
                hand.placed,
                hand.a161(),
                held.a161(),
                hand.choices,
                hand.choice(),
                held.choice(),
                describe(&fitted),
            )?;
            hand_all.add(hand);
            fitted_all.add(held);
        }
        writeln!(
            out,
            "{:>4} {:>6} | {:>6} {:>10.3} {:>6.3} | {:>5} {:>11.3} {:>6.3} |",
            "all",
            "",
            hand_all.placed,
            hand_all.a161(),
            fitted_all.a161(),
            hand_all.choices,
            hand_all.choice(),
            fitted_all.choice(),
        )?;
        writeln!(
            out,
            "(names: the fold's training examples; placed: held-out names with a gold and a \
             predicted point; choice: held-out names of two candidates or more, ranked right)"
        )?;
    }
    let all = fit(&choices(names.iter()), &Weights::HAND, request.penalty);
    writeln!(out, "\nfitted on every document: {}", describe(&all))?;
    if let Some(path) = request.write_weights {
        let comment = format!(
            "The resolver's evidence weights (src/resolve/weights.rs), in units of one feature rank.\n\
             Fitted by `mentionmap eval --geowebnews GWN.xml --folds {folds} --fit-penalty {} \
             --write-weights FILE`:\n\
             a conditional logit over each gold name's candidates ({} names), pulled towards the\n\
             hand-set values (Weights::HAND). Mean loss {:.4} after {} Newton steps.",
            request.penalty,
            choices(names.iter()).len(),
            all.mean_loss,
            all.steps
        );
        let text = all.weights.to_csv(&comment);
        write_atomic(path, Overwrite::Allow, |w| w.write_all(text.as_bytes()))?;
    }
    Ok(scanner.with_weights(own))
}

/// The weights of a fit, in a line.
fn describe(fit: &Fit) -> String {
    let weights: Vec<String> = WEIGHT_NAMES
        .iter()
        .zip(fit.weights.to_array())
        .map(|(name, w)| format!("{name} {w:.2}"))
        .collect();
    format!("scale {:.2}; {}", fit.scale, weights.join(", "))
}

/// One CSV row per candidate of each labelled name.
fn write_features(
    path: &Path,
    scanner: &Scanner,
    docs: &[GoldDocument],
    names: &[LabelledName],
    folds: usize,
) -> Result<()> {
    let gazetteer = scanner.gazetteer();
    write_atomic(path, Overwrite::Allow, |out| {
        let mut writer = csv::Writer::from_writer(out);
        let mut header = vec![
            "doc",
            "fold",
            "surface",
            "start_char",
            "rank",
            "entity_id",
            "name",
        ];
        header.extend(["gold", "offset"]);
        header.extend(WEIGHT_NAMES);
        writer.write_record(&header)?;
        for name in names {
            for (rank, (entity, features)) in name.candidates.iter().enumerate() {
                let e = gazetteer.entity(*entity);
                let mut row = vec![
                    docs[name.document].id.clone(),
                    fold_of(name.document, folds).to_string(),
                    name.surface.clone(),
                    name.start_char.to_string(),
                    rank.to_string(),
                    e.id.to_string(),
                    e.name.to_string(),
                    u8::from(name.gold == Some(rank)).to_string(),
                    format!("{:.4}", features.offset),
                ];
                row.extend(features.values.iter().map(|v| format!("{v:.4}")));
                writer.write_record(&row)?;
            }
        }
        writer.flush()
    })?;
    Ok(())
}
