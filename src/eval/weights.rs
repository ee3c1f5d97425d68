//! What the resolver weighed for each gold place name, labelled with the candidate the gold
//! means: the examples the evidence weights are fitted on ([`super::fit`]), and the folds that
//! keep each document's names together when the fit is checked on names it has not seen.

use geo::{Distance, Haversine, Point};

use super::{GoldDocument, GoldSpan, ACCURACY_RADIUS_KM, CENTRE_TOLERANCE_CHARS};
use crate::gazetteer::{EntityIndex, EntityKind};
use crate::resolve::CandidateFeatures;
use crate::Scanner;

/// One gold place name the resolver weighed, with its candidates and the gold one.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledName {
    /// Index of its document in the corpus.
    pub document: usize,
    /// The text of the name.
    pub surface: String,
    /// Code-point offset of the name in its document.
    pub start_char: usize,
    /// The candidates, best first as the resolver ranked them.
    pub candidates: Vec<(EntityIndex, CandidateFeatures)>,
    /// The candidate nearest the gold point, when one lies within 161 km of it.
    pub gold: Option<usize>,
}

impl LabelledName {
    /// Did the resolver rank the gold candidate first?
    pub fn chosen_right(&self) -> bool {
        self.gold == Some(0)
    }

    /// Can a fit learn from it: a gold candidate among at least two?
    pub fn informative(&self) -> bool {
        self.gold.is_some() && self.candidates.len() > 1
    }
}

/// Which of `folds` folds document `document` (its index in the corpus) belongs to: every
/// `folds`-th document, so that each fold samples the whole corpus and a document is never split.
pub fn fold_of(document: usize, folds: usize) -> usize {
    document % folds.max(1)
}

/// The gold place names of `docs` (those not of `excluded_tags`, with a gold point) that one of
/// the resolver's names matches by the EUPEG centre rule, each with the candidates `scanner`'s
/// resolver weighed and the gold one among them. `documents` gives each doc's corpus index.
pub fn labelled_names<'d>(
    scanner: &Scanner,
    docs: impl IntoIterator<Item = (usize, &'d GoldDocument)>,
    excluded_tags: &[&str],
) -> Vec<LabelledName> {
    let gazetteer = scanner.gazetteer();
    let mut out = Vec::new();
    for (document, doc) in docs {
        let text = &doc.text;
        let matches = scanner.matcher().find(text);
        let names = scanner
            .resolver()
            .candidates(gazetteer, scanner.matcher(), text, &matches);
        let gold: Vec<&GoldSpan> = doc
            .spans
            .iter()
            .filter(|s| s.kind == EntityKind::Place && s.point.is_some())
            .filter(|s| !s.tag.as_deref().is_some_and(|t| excluded_tags.contains(&t)))
            .collect();
        let mut used = vec![false; gold.len()];
        // Names are in text order: count characters incrementally.
        let (mut byte, mut chars) = (0usize, 0usize);
        for name in names {
            if name.start < byte {
                (byte, chars) = (0, 0);
            }
            chars += text[byte..name.start].chars().count();
            byte = name.start;
            let surface = &text[name.start..name.end];
            let (start_char, end_char) = (chars, chars + surface.chars().count());
            let centre = (start_char + end_char) as f64 / 2.0;
            let lower = surface.to_lowercase();
            let Some(g) = (0..gold.len()).find(|&g| {
                let span = gold[g];
                !used[g]
                    && span.text.to_lowercase() == lower
                    && ((span.start_char + span.end_char) as f64 / 2.0 - centre).abs()
                        < CENTRE_TOLERANCE_CHARS
            }) else {
                continue;
            };
            used[g] = true;
            let point = gold[g].point.expect("filtered on a point");
            let gold_point = Point::new(point.lon, point.lat);
            let nearest = name
                .candidates
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    let p = gazetteer.entity(c.entity).point?;
                    let km = Haversine::distance(gold_point, Point::new(p.lon, p.lat)) / 1000.0;
                    Some((i, km))
                })
                .min_by(|a, b| a.1.total_cmp(&b.1));
            out.push(LabelledName {
                document,
                surface: surface.to_string(),
                start_char,
                candidates: name
                    .candidates
                    .iter()
                    .map(|c| (c.entity, c.features))
                    .collect(),
                gold: nearest
                    .filter(|(_, km)| *km <= ACCURACY_RADIUS_KM)
                    .map(|(i, _)| i),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_keep_documents_whole_and_cover_every_document() {
        let folds = 5;
        let mut sizes = [0usize; 5];
        for document in 0..200 {
            let fold = fold_of(document, folds);
            assert_eq!(fold, fold_of(document, folds), "one fold per document");
            sizes[fold] += 1;
        }
        assert_eq!(sizes, [40; 5]);
    }
}
