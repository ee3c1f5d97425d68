//! Scoring the pipeline against annotated corpora.
//!
//! Recognition is scored two ways. `centre` follows the EUPEG benchmark: a predicted name matches a
//! gold one when their lower-cased strings are equal and their span centres are under 10 characters
//! apart. `exact` asks for the same span. GUM's gold mentions are whole noun phrases ("US
//! President Donald Trump"), so for GUM `overlap` (same kind, overlapping spans) is the fair one.
//!
//! Resolution is scored on matched names whose gold carries coordinates: accuracy within 161 km
//! (100 miles, the customary threshold), median and mean error in km, and the area under the
//! curve of log errors (AUC, Gritta et al. 2018: 0 is perfect, 1 is the far side of the Earth).
//!
//! The multilingual corpora ([`multilingual`]) are read the steering team's way, [`overlap`]:
//! many-to-many overlap, with predictions on excluded spans left out of precision (the
//! report's `overlap_any`); [`misses`] sorts their missed places into classes.
//!
//! The resolver's evidence weights are fitted here too: [`weights`] labels the candidates of
//! each gold name, [`fit`] fits a conditional logit to them.

pub mod corpus;
pub mod fit;
pub mod misses;
pub mod multilingual;
pub mod outlets;
pub mod overlap;
pub mod surfaces;
pub mod weights;

use std::collections::BTreeMap;

use geo::{Distance, Haversine, Point};
use serde::Serialize;

use crate::gazetteer::{EntityKind, LonLat};
use crate::mention::Mention;

/// One annotated span of a gold document.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldSpan {
    /// Code-point offset of the first character.
    pub start_char: usize,
    /// Code-point offset one past the last character.
    pub end_char: usize,
    /// The annotated text.
    pub text: String,
    /// Place or person.
    pub kind: EntityKind,
    /// The corpus's own type (GeoWebNews: `Literal`, `Metonymic`, `Demonym`...).
    pub tag: Option<String>,
    /// Gold coordinates, when annotated.
    pub point: Option<LonLat>,
}

/// An annotated document.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldDocument {
    /// Corpus id.
    pub id: String,
    /// The full text the offsets count into.
    pub text: String,
    /// Gold spans.
    pub spans: Vec<GoldSpan>,
}

/// GeoWebNews types that are not toponyms and are left out of the gold set: non-toponyms,
/// demonyms and language names (as the task defines it), and the two kinds of *expression*
/// ("church", "citizens", "lot"): common nouns the corpus annotates for another task. Spans of
/// these types still count against a prediction that lands on them.
pub const GEOWEBNEWS_EXCLUDED: &[&str] = &[
    "Non_Toponym",
    "Demonym",
    "Language",
    "Literal_Expression",
    "Non_Lit_Expression",
];

/// EUPEG's tolerance on span centres, in characters.
pub const CENTRE_TOLERANCE_CHARS: f64 = 10.0;

/// The customary "correct" radius for geocoding: 100 miles.
pub const ACCURACY_RADIUS_KM: f64 = 161.0;

/// Half the Earth's circumference: the largest possible error, which normalizes the AUC.
pub const MAX_ERROR_KM: f64 = 20_039.0;

/// Precision, recall and F1 of one matching rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Matched predictions.
    pub true_positives: usize,
    /// Precision in [0, 1].
    pub precision: f64,
    /// Recall in [0, 1].
    pub recall: f64,
    /// F1 in [0, 1].
    pub f1: f64,
}

impl Prf {
    fn new(true_positives: usize, predicted: usize, gold: usize) -> Self {
        let precision = ratio(true_positives, predicted);
        let recall = ratio(true_positives, gold);
        Prf {
            true_positives,
            precision,
            recall,
            f1: f1(precision, recall),
        }
    }

    /// Figures whose two sides count different things, as in a many-to-many reading: `right` of
    /// `judged` predictions matched, `found` of `gold` names were matched. `true_positives` is
    /// `right`.
    fn from_sides(right: usize, judged: usize, found: usize, gold: usize) -> Self {
        let precision = ratio(right, judged);
        let recall = ratio(found, gold);
        Prf {
            true_positives: right,
            precision,
            recall,
            f1: f1(precision, recall),
        }
    }
}

fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// Geocoding figures over matched names with gold coordinates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct GeoScores {
    /// Matched names with gold coordinates and a predicted point.
    pub scored: usize,
    /// Share placed within 161 km.
    pub accuracy_161km: f64,
    /// Median error in km.
    pub median_error_km: f64,
    /// Mean error in km.
    pub mean_error_km: f64,
    /// Area under the log-error curve (lower is better).
    pub auc: f64,
}

/// The result of scoring one kind of name on one corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Corpus name.
    pub corpus: String,
    /// `place` or `person`.
    pub kind: String,
    /// Documents scored.
    pub documents: usize,
    /// Gold names in scope.
    pub gold: usize,
    /// Predicted names.
    pub predicted: usize,
    /// EUPEG rule: same lower-cased string, centres under 10 characters apart.
    pub centre: Prf,
    /// Same span exactly.
    pub exact: Prf,
    /// Same kind, overlapping spans.
    pub overlap: Prf,
    /// Same kind, overlapping spans, many to many; predictions that overlap only excluded spans
    /// are left out of precision ([`overlap`]): how the multilingual corpora are read.
    pub overlap_any: Prf,
    /// Predictions left out of `overlap_any` precision.
    pub left_out: usize,
    /// Geocoding of centre-matched names.
    pub geo: GeoScores,
    /// Recall per corpus type, centre rule (all types, excluded ones included, for the record).
    pub recall_by_type: BTreeMap<String, (usize, usize)>,
    /// The most frequent missed gold names, with counts.
    pub missed: Vec<(String, usize)>,
    /// The most frequent predictions that matched no gold name, with counts.
    pub false_positives: Vec<(String, usize)>,
    /// The largest geocoding errors: (name, predicted entity, km).
    pub worst_placed: Vec<(String, String, f64)>,
    /// Missed places sorted into classes, under `overlap_any` (filled by the caller, who holds
    /// the gazetteer's keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub miss_classes: Option<misses::MissClasses>,
}

/// Does a demonym mention read as a toponym in the GeoWebNews sense, an adjective standing for
/// its country ("Russian hackers", "the Mexican government")? A plural ("Mexicans",
/// "South Koreans") names people instead, which the corpus tags `Demonym` and leaves out.
/// Words in -ss ("Swiss") are not plurals.
pub fn demonym_reads_as_toponym(mention: &Mention) -> bool {
    let surface = mention.surface.trim_end();
    let plural = surface.ends_with('s') && !surface.ends_with("ss");
    mention.kind == EntityKind::Demonym && !plural
}

/// Scores predictions of `kind` against the gold spans of `kind` not in `excluded_tags`.
///
/// `predicted[i]` are the mentions found in `gold[i].text`.
pub fn score(
    corpus: &str,
    kind: EntityKind,
    gold: &[GoldDocument],
    predicted: &[Vec<Mention>],
    excluded_tags: &[&str],
    top: usize,
) -> Report {
    let mut report = Report {
        corpus: corpus.into(),
        kind: kind.as_str().into(),
        documents: gold.len(),
        ..Report::default()
    };
    let (mut centre_tp, mut exact_tp, mut overlap_tp) = (0, 0, 0);
    // The overlap reading: predictions right, predictions judged, gold names found.
    let (mut any_right, mut any_judged, mut any_found) = (0, 0, 0);
    let mut errors_km = Vec::new();
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    let mut false_positives: BTreeMap<String, usize> = BTreeMap::new();
    let mut worst: Vec<(String, String, f64)> = Vec::new();
    let mut by_type: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (doc, mentions) in gold.iter().zip(predicted) {
        let judged = overlap::judge(doc, mentions, kind, excluded_tags);
        any_found += judged.gold.iter().filter(|(_, found)| *found).count();
        for (_, verdict) in &judged.predicted {
            match verdict {
                overlap::Verdict::Right => any_right += 1,
                overlap::Verdict::LeftOut => report.left_out += 1,
                overlap::Verdict::Wrong => {}
            }
            if *verdict != overlap::Verdict::LeftOut {
                any_judged += 1;
            }
        }
        let spans: Vec<&GoldSpan> = doc.spans.iter().filter(|s| s.kind == kind).collect();
        let in_scope = |s: &GoldSpan| !s.tag.as_deref().is_some_and(|t| excluded_tags.contains(&t));
        let preds: Vec<&Mention> = mentions.iter().filter(|m| m.kind == kind).collect();
        report.gold += spans.iter().filter(|s| in_scope(s)).count();
        report.predicted += preds.len();
        // Centre rule, one-to-one, against every gold span (an excluded one still "takes" the
        // prediction, which then counts as a false positive rather than a miss elsewhere).
        let mut pred_used = vec![false; preds.len()];
        let mut gold_hit = vec![false; spans.len()];
        for (g, span) in spans.iter().enumerate() {
            let gold_centre = (span.start_char + span.end_char) as f64 / 2.0;
            let gold_text = span.text.to_lowercase();
            let found = preds.iter().enumerate().find(|(p, m)| {
                !pred_used[*p]
                    && m.surface.to_lowercase() == gold_text
                    && (((m.start_char + m.end_char) as f64 / 2.0) - gold_centre).abs()
                        < CENTRE_TOLERANCE_CHARS
            });
            let tag = span.tag.clone().unwrap_or_else(|| "all".into());
            let entry = by_type.entry(tag).or_default();
            entry.1 += 1;
            if let Some((p, m)) = found {
                pred_used[p] = true;
                gold_hit[g] = true;
                entry.0 += 1;
                if !in_scope(span) {
                    *false_positives
                        .entry(format!(
                            "{} [{}]",
                            m.surface,
                            span.tag.as_deref().unwrap_or("")
                        ))
                        .or_default() += 1;
                    continue;
                }
                centre_tp += 1;
                if let (Some(gold_point), Some(lon), Some(lat)) = (span.point, m.lon, m.lat) {
                    let km = Haversine::distance(
                        Point::new(gold_point.lon, gold_point.lat),
                        Point::new(lon, lat),
                    ) / 1000.0;
                    errors_km.push(km);
                    worst.push((
                        m.surface.to_string(),
                        format!("{} ({})", m.name, m.country_code.as_deref().unwrap_or("-")),
                        km,
                    ));
                }
            } else if in_scope(span) {
                *missed.entry(span.text.clone()).or_default() += 1;
            }
        }
        for (p, m) in preds.iter().enumerate() {
            if !pred_used[p] {
                *false_positives.entry(m.surface.to_string()).or_default() += 1;
            }
        }
        // Exact and overlap rules over in-scope gold.
        let scoped: Vec<&&GoldSpan> = spans.iter().filter(|s| in_scope(s)).collect();
        let mut used = vec![false; preds.len()];
        for span in &scoped {
            if let Some(p) = (0..preds.len()).find(|&p| {
                !used[p]
                    && preds[p].start_char == span.start_char
                    && preds[p].end_char == span.end_char
            }) {
                used[p] = true;
                exact_tp += 1;
            }
        }
        let mut used = vec![false; preds.len()];
        for span in &scoped {
            if let Some(p) = (0..preds.len()).find(|&p| {
                !used[p]
                    && preds[p].start_char < span.end_char
                    && span.start_char < preds[p].end_char
            }) {
                used[p] = true;
                overlap_tp += 1;
            }
        }
    }
    // Predictions that landed on excluded spans are false positives for every rule.
    report.centre = Prf::new(centre_tp, report.predicted, report.gold);
    report.exact = Prf::new(exact_tp, report.predicted, report.gold);
    report.overlap = Prf::new(overlap_tp, report.predicted, report.gold);
    report.overlap_any = Prf::from_sides(any_right, any_judged, any_found, report.gold);
    report.geo = geo_scores(&mut errors_km);
    report.recall_by_type = by_type;
    report.missed = most_frequent(missed, top);
    report.false_positives = most_frequent(false_positives, top);
    worst.sort_by(|a, b| b.2.total_cmp(&a.2));
    worst.truncate(top);
    report.worst_placed = worst;
    report
}

fn geo_scores(errors_km: &mut [f64]) -> GeoScores {
    if errors_km.is_empty() {
        return GeoScores::default();
    }
    errors_km.sort_by(f64::total_cmp);
    let n = errors_km.len();
    let within = errors_km
        .iter()
        .filter(|&&e| e <= ACCURACY_RADIUS_KM)
        .count();
    let median = if n % 2 == 1 {
        errors_km[n / 2]
    } else {
        (errors_km[n / 2 - 1] + errors_km[n / 2]) / 2.0
    };
    let mean = errors_km.iter().sum::<f64>() / n as f64;
    // Trapezoidal area under the sorted, log-scaled, normalized errors.
    let scaled: Vec<f64> = errors_km
        .iter()
        .map(|e| (e + 1.0).ln() / (MAX_ERROR_KM + 1.0).ln())
        .collect();
    let auc = if n == 1 {
        scaled[0]
    } else {
        scaled.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum::<f64>() / (n - 1) as f64
    };
    GeoScores {
        scored: n,
        accuracy_161km: ratio(within, n),
        median_error_km: median,
        mean_error_km: mean,
        auc,
    }
}

fn most_frequent(counts: BTreeMap<String, usize>, top: usize) -> Vec<(String, usize)> {
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(top);
    v
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::EntityId;
    use crate::mention::Method;

    #[test]
    fn adjectival_demonyms_read_as_toponyms_plurals_do_not() {
        let demonym = |s: &str| {
            Mention::new(
                &"d".into(),
                0,
                s.len(),
                s,
                EntityKind::Demonym,
                Method::Exact,
            )
        };
        assert!(demonym_reads_as_toponym(&demonym("Russian")));
        assert!(demonym_reads_as_toponym(&demonym("Swiss")));
        assert!(!demonym_reads_as_toponym(&demonym("Mexicans")));
        assert!(!demonym_reads_as_toponym(&demonym("South Koreans")));
        let place = Mention::new(
            &"d".into(),
            0,
            6,
            "Russia",
            EntityKind::Place,
            Method::Exact,
        );
        assert!(
            !demonym_reads_as_toponym(&place),
            "only demonyms are converted"
        );
    }

    fn gold(text: &str, start: usize, end: usize, tag: &str, point: Option<LonLat>) -> GoldSpan {
        GoldSpan {
            start_char: start,
            end_char: end,
            text: text.into(),
            kind: EntityKind::Place,
            tag: Some(tag.into()),
            point,
        }
    }

    fn predicted(surface: &str, start: usize, lon: f64, lat: f64) -> Mention {
        Mention {
            entity_id: Some(EntityId("x".into())),
            start_char: start,
            end_char: start + surface.chars().count(),
            lon: Some(lon),
            lat: Some(lat),
            ..Mention::new(
                &"d".into(),
                start,
                start + surface.len(),
                surface,
                EntityKind::Place,
                Method::Exact,
            )
        }
    }

    #[test]
    fn scores_recognition_and_geocoding() {
        let paris = LonLat {
            lon: 2.35,
            lat: 48.85,
        };
        let doc = GoldDocument {
            id: "d".into(),
            text: "Paris and Lyon and the French and Texas".into(),
            spans: vec![
                gold("Paris", 0, 5, "Literal", Some(paris)),
                gold("Lyon", 10, 14, "Literal", None),
                gold("French", 23, 29, "Demonym", None),
            ],
        };
        let mentions = vec![
            predicted("Paris", 0, -95.55, 33.66), // Paris, Texas: wrong place
            predicted("French", 23, 2.0, 46.0),   // lands on an excluded span: false positive
            predicted("Texas", 34, -99.0, 31.0),  // not annotated: false positive
        ];
        let report = score(
            "t",
            EntityKind::Place,
            &[doc],
            &[mentions],
            GEOWEBNEWS_EXCLUDED,
            5,
        );
        assert_eq!(
            (report.gold, report.predicted, report.centre.true_positives),
            (2, 3, 1)
        );
        assert!(
            (report.centre.precision - 1.0 / 3.0).abs() < 1e-9
                && (report.centre.recall - 0.5).abs() < 1e-9
        );
        assert_eq!(report.geo.scored, 1);
        assert_eq!(report.geo.accuracy_161km, 0.0);
        assert!(
            report.geo.median_error_km > 7000.0,
            "Paris, Texas is far from Paris"
        );
        assert_eq!(report.missed, [("Lyon".to_string(), 1)]);
        assert_eq!(report.recall_by_type["Demonym"], (1, 1));
        // The overlap reading leaves "French" (on an excluded span) out of precision.
        assert_eq!(report.left_out, 1);
        assert_eq!(
            (report.overlap_any.precision, report.overlap_any.recall),
            (0.5, 0.5)
        );
    }

    #[test]
    fn auc_is_zero_when_every_error_is_zero_and_grows_with_error() {
        assert_eq!(geo_scores(&mut [0.0, 0.0]).auc, 0.0);
        let small = geo_scores(&mut [10.0, 20.0]).auc;
        let large = geo_scores(&mut [1000.0, 2000.0]).auc;
        assert!(0.0 < small && small < large && large < 1.0);
    }
}
