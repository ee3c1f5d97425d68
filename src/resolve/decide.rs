//! The last step for each name: the best candidate becomes the mention, with its confidence,
//! its evidence in words when there was a choice, and the runners-up.

use std::sync::Arc;

use super::{Scored, Weights, AMBIGUOUS_BELOW, MAX_RUNNERS_UP};
use crate::gazetteer::{AliasType, EntityKind, Gazetteer};
use crate::matcher::NameMatch;
use crate::mention::{Candidate, Mention, Method};

/// Picks the best candidate, or nothing when there is none.
pub(super) fn decide(
    gazetteer: &Gazetteer,
    weights: &Weights,
    doc: &Arc<str>,
    original: &str,
    found: &NameMatch,
    candidates: Vec<Scored>,
) -> Option<Mention> {
    let best = candidates.first()?;
    let alias = gazetteer.alias(best.alias);
    let entity = gazetteer.entity(best.entity);
    let runner_up = candidates.get(1).map(|c| c.score);
    let confidence = match runner_up {
        None => 1.0,
        Some(runner_up) => 0.5 + 0.5 * (1.0 - (-(best.score - runner_up) * 2.0).exp()),
    };
    let method = if found.ending.is_some() {
        Method::Inflected
    } else if alias.generated {
        Method::Variant
    } else {
        Method::Exact
    };
    let mut mention = Mention::of_entity(
        entity,
        doc,
        found.start,
        found.end,
        found.surface(original),
        method,
    );
    if alias.alias_type == AliasType::Demonym {
        // "Armenian officials" names Armenia's people, not the place: no point on the map.
        mention.kind = EntityKind::Demonym;
        mention.lon = None;
        mention.lat = None;
    }
    mention.alias = Some(alias.text.clone());
    mention.confidence = round3(confidence);
    mention.ambiguous = runner_up.is_some() && confidence < AMBIGUOUS_BELOW;
    if runner_up.is_some() {
        mention.evidence = best.evidence_text(gazetteer, weights);
    }
    mention.candidates = candidates
        .iter()
        .skip(1)
        .take(MAX_RUNNERS_UP)
        .map(|c| {
            let other = gazetteer.entity(c.entity);
            Candidate {
                entity_id: other.id.clone(),
                name: other.name.clone(),
                country_code: other.country_code.clone(),
                score: round3(c.score),
            }
        })
        .collect();
    Some(mention)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
