//! The overlap reading the steering team uses for the multilingual corpora (FactRuEval, ArmTDP,
//! Turkish Wiki-NER; their README, "How the steering team reads these corpora").
//!
//! Per document and kind: a gold name is *found* when any predicted mention of that kind overlaps
//! it; a prediction is *right* when it overlaps any gold name of its kind, and is *left out* of
//! precision when it overlaps no gold name but lies on a span whose tag the corpus excludes (an
//! organisation, a facility, a nationality, a place mention that is only a descriptor...), of
//! whatever kind. The matching is many to many, not one to one: these corpora put case endings
//! and suffixes inside the gold span ("İran'ın", "Հայաստանի"), and a matcher that finds the stem
//! should neither be punished for it nor rewarded twice. The headline `overlap` rule of
//! [`score`](super::score) stays one to one, so earlier figures keep their meaning.

use super::GoldDocument;
use super::GoldSpan;
use crate::gazetteer::EntityKind;
use crate::mention::Mention;

/// What the overlap reading made of one prediction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Overlaps a gold name of its kind.
    Right,
    /// Overlaps no gold name, but an excluded span: not counted in precision.
    LeftOut,
    /// Overlaps neither: a false positive.
    Wrong,
}

/// One document judged under the overlap reading, for one kind.
#[derive(Debug, Clone)]
pub struct Judged<'a> {
    /// The in-scope gold names of the kind, each with whether a prediction overlaps it.
    pub gold: Vec<(&'a GoldSpan, bool)>,
    /// The predictions of the kind, each with its verdict.
    pub predicted: Vec<(&'a Mention, Verdict)>,
}

/// Judges the mentions of `kind` found in `doc` against its gold spans; `excluded_tags` names
/// the span tags that withdraw a prediction from precision (and take those spans out of the
/// gold set).
pub fn judge<'a>(
    doc: &'a GoldDocument,
    mentions: &'a [Mention],
    kind: EntityKind,
    excluded_tags: &[&str],
) -> Judged<'a> {
    let excluded = |s: &GoldSpan| s.tag.as_deref().is_some_and(|t| excluded_tags.contains(&t));
    let gold_spans: Vec<&GoldSpan> = doc
        .spans
        .iter()
        .filter(|s| s.kind == kind && !excluded(s))
        .collect();
    let excluded_spans: Vec<&GoldSpan> = doc.spans.iter().filter(|s| excluded(s)).collect();
    let predictions: Vec<&Mention> = mentions.iter().filter(|m| m.kind == kind).collect();
    let gold = gold_spans
        .iter()
        .map(|&s| (s, predictions.iter().any(|m| overlaps(m, s))))
        .collect();
    let predicted = predictions
        .iter()
        .map(|&m| {
            let verdict = if gold_spans.iter().any(|s| overlaps(m, s)) {
                Verdict::Right
            } else if excluded_spans.iter().any(|s| overlaps(m, s)) {
                Verdict::LeftOut
            } else {
                Verdict::Wrong
            };
            (m, verdict)
        })
        .collect();
    Judged { gold, predicted }
}

/// Do a mention and a gold span share at least one character (both in code points)?
fn overlaps(mention: &Mention, span: &GoldSpan) -> bool {
    mention.start_char < span.end_char && span.start_char < mention.end_char
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mention::Method;

    fn span(start: usize, end: usize, kind: EntityKind, tag: &str) -> GoldSpan {
        GoldSpan {
            start_char: start,
            end_char: end,
            text: String::new(),
            kind,
            tag: Some(tag.into()),
            point: None,
        }
    }

    fn mention(start: usize, end: usize, kind: EntityKind) -> Mention {
        Mention {
            start_char: start,
            end_char: end,
            ..Mention::new(&"d".into(), start, end, "x", kind, Method::Exact)
        }
    }

    #[test]
    fn many_to_many_with_excluded_spans_left_out_of_precision() {
        let doc = GoldDocument {
            id: "d".into(),
            text: String::new(),
            spans: vec![
                span(0, 10, EntityKind::Place, "GPE"),
                span(20, 30, EntityKind::Organisation, "ORG"),
                span(40, 45, EntityKind::Person, "PERSON"),
                span(50, 55, EntityKind::Place, "GPE"),
            ],
        };
        let mentions = vec![
            mention(0, 4, EntityKind::Place),   // the stem of the first place
            mention(5, 10, EntityKind::Place),  // the same place again: right, not double-found
            mention(22, 25, EntityKind::Place), // inside the organisation: left out
            mention(40, 45, EntityKind::Place), // on a person: a person is not excluded
            mention(50, 55, EntityKind::Demonym),
        ];
        let judged = judge(&doc, &mentions, EntityKind::Place, &["ORG"]);
        let found: Vec<bool> = judged.gold.iter().map(|(_, f)| *f).collect();
        assert_eq!(found, [true, false], "a demonym mention is not a place");
        let verdicts: Vec<Verdict> = judged.predicted.iter().map(|(_, v)| *v).collect();
        assert_eq!(
            verdicts,
            [
                Verdict::Right,
                Verdict::Right,
                Verdict::LeftOut,
                Verdict::Wrong
            ]
        );
    }

    #[test]
    fn touching_spans_do_not_overlap() {
        let place = span(5, 10, EntityKind::Place, "GPE");
        assert!(!overlaps(&mention(0, 5, EntityKind::Place), &place));
        assert!(!overlaps(&mention(10, 12, EntityKind::Place), &place));
        assert!(overlaps(&mention(9, 12, EntityKind::Place), &place));
    }
}
