//! Turning name matches into mentions of one entity each.
//!
//! A matched name may belong to several entities (a country and a village, two cities called
//! Tripoli). Each candidate gets a prior score from what it is (its feature code) and how big it
//! is (population); the best wins and the runner-up is kept on the mention. When the two are
//! close the mention is flagged `ambiguous` instead of being passed off as certain.
//!
//! People get a second, document-level pass: after "Sergey Lavrov", a bare "Lavrov" is the same
//! person (`method: coref`). A first name alone is never linked.

use std::collections::HashMap;

use crate::gazetteer::{AliasIndex, AliasType, Entity, EntityIndex, EntityKind, Gazetteer};
use crate::matcher::{Matcher, NameMatch};
use crate::mention::{Candidate, Mention, Method};
use crate::normalize::{is_word_char, normalize, NormalizedText};

/// Below this confidence a mention is flagged ambiguous. With the scores below, a candidate one
/// feature rank ahead of its runner-up reaches 0.93; same-rank places whose populations differ by
/// less than a factor of about 5 stay under it.
pub const AMBIGUOUS_BELOW: f64 = 0.75;

/// Confidence of a surname linked to a person named in full earlier in the document.
pub const COREF_CONFIDENCE: f64 = 0.9;

/// How many runner-up candidates a mention keeps.
pub const MAX_RUNNERS_UP: usize = 3;

/// Resolves matches to entities; immutable and shared across threads.
#[derive(Debug, Clone, Default)]
pub struct Resolver {}

impl Resolver {
    /// A resolver with the default evidence weights.
    pub fn new() -> Self {
        Self::default()
    }

    /// Resolves the matches of one document into mentions, in text order.
    pub fn resolve(
        &self,
        gazetteer: &Gazetteer,
        matcher: &Matcher,
        doc: &str,
        original: &str,
        text: &NormalizedText,
        matches: &[NameMatch],
    ) -> Vec<Mention> {
        let mut mentions: Vec<Mention> = matches
            .iter()
            .filter_map(|m| self.resolve_one(gazetteer, matcher, doc, original, m))
            .collect();
        link_surnames(doc, original, text, &mut mentions);
        fill_char_offsets(original, &mut mentions);
        mentions
    }

    fn resolve_one(
        &self,
        gazetteer: &Gazetteer,
        matcher: &Matcher,
        doc: &str,
        original: &str,
        found: &NameMatch,
    ) -> Option<Mention> {
        let surface = found.surface(original);
        // One candidate per entity, keeping its preferred alias for this surface if it has one.
        let mut best_alias: HashMap<EntityIndex, AliasIndex> = HashMap::new();
        for alias_index in matcher.accepted_aliases(found.pattern, surface) {
            let alias = gazetteer.alias(alias_index);
            best_alias
                .entry(alias.entity)
                .and_modify(|kept| {
                    if gazetteer.alias(*kept).alias_type != AliasType::Preferred {
                        *kept = alias_index;
                    }
                })
                .or_insert(alias_index);
        }
        let mut scored: Vec<(f64, EntityIndex, AliasIndex)> = best_alias
            .into_iter()
            .map(|(entity, alias)| (prior_score(gazetteer.entity(entity)), entity, alias))
            .collect();
        // Highest score first; ties broken by entity order so results are deterministic.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let &(score, winner, alias_index) = scored.first()?;
        let alias = gazetteer.alias(alias_index);
        let entity = gazetteer.entity(winner);
        let runner_up_score = scored.get(1).map(|c| c.0);
        let confidence = match runner_up_score {
            None => 1.0,
            Some(runner_up) => 0.5 + 0.5 * (1.0 - (-(score - runner_up) * 2.0).exp()),
        };
        let candidates = scored
            .iter()
            .skip(1)
            .take(MAX_RUNNERS_UP)
            .map(|&(score, index, _)| {
                let other = gazetteer.entity(index);
                Candidate {
                    entity_id: other.id.clone(),
                    name: other.name.clone(),
                    country_code: other.country_code.clone(),
                    score: round3(score),
                }
            })
            .collect();
        let mut mention = mention_of(entity, doc, found.start, found.end, surface, Method::Exact);
        mention.alias = Some(alias.text.clone());
        mention.confidence = round3(confidence);
        mention.ambiguous = runner_up_score.is_some() && confidence < AMBIGUOUS_BELOW;
        mention.candidates = candidates;
        Some(mention)
    }
}

/// A mention of `entity` with the entity's fields filled in and no resolution detail yet.
fn mention_of(
    entity: &Entity,
    doc: &str,
    start: usize,
    end: usize,
    surface: &str,
    method: Method,
) -> Mention {
    Mention {
        doc: doc.to_string(),
        start_byte: start,
        end_byte: end,
        start_char: 0,
        end_char: 0,
        surface: surface.to_string(),
        entity_id: Some(entity.id.clone()),
        name: entity.name.clone(),
        kind: entity.kind,
        lon: entity.point.map(|p| p.lon),
        lat: entity.point.map(|p| p.lat),
        country_code: entity.country_code.clone(),
        feature_code: entity.feature_code.clone(),
        alias: None,
        confidence: 1.0,
        method,
        ambiguous: false,
        candidates: Vec::new(),
    }
}

/// The prior score of a candidate before any document evidence: its feature rank, plus a
/// population term below one rank step (`log10(population + 1) / 10`), so population only orders
/// candidates of the same rank.
pub fn prior_score(entity: &Entity) -> f64 {
    feature_rank(entity) + (entity.population as f64 + 1.0).log10() / 10.0
}

/// Countries and continents over first-order divisions and capitals, over seats of divisions,
/// over other populated places. The order follows what news text means by a bare name: "Georgia"
/// in most news is the country, "Paris" the capital.
fn feature_rank(entity: &Entity) -> f64 {
    if entity.kind != EntityKind::Place {
        return 5.5;
    }
    let code = entity.feature_code.as_deref().unwrap_or("");
    match code {
        "CONT" | "PCLI" | "PCL" | "PCLD" | "PCLF" | "PCLS" | "PCLIX" | "PCLH" | "TERR" => 6.0,
        "RGN" | "ADM1" | "PPLC" => 5.0,
        "PPLA" => 4.0,
        "PPLA2" | "PPLA3" | "PPLA4" | "ADM2" => 3.0,
        c if c.starts_with("PPL") => 2.0,
        _ => 1.0,
    }
}

/// Links bare surnames to people named in full earlier in the same document.
fn link_surnames(doc: &str, original: &str, text: &NormalizedText, mentions: &mut Vec<Mention>) {
    // surname key -> (index of the full-name mention, end of that mention in the original)
    let mut surnames: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind != EntityKind::Person || !m.surface.trim().contains(char::is_whitespace) {
            continue;
        }
        for name in [&m.name, &m.surface] {
            if let Some(last) = name.split_whitespace().next_back() {
                surnames.entry(normalize(last)).or_insert((i, m.end_byte));
            }
        }
    }
    if surnames.is_empty() {
        return;
    }
    let mut added = Vec::new();
    for (start, end) in words(text.as_str()) {
        let Some(&(full, full_end)) = surnames.get(&text.as_str()[start..end]) else {
            continue;
        };
        let (start_byte, end_byte) = text.original_range(start, end);
        let surface = &original[start_byte..end_byte];
        if start_byte < full_end || surface.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let overlapping = mentions
            .iter()
            .position(|m| m.start_byte < end_byte && start_byte < m.end_byte);
        if let Some(other) = overlapping {
            let exact_place = mentions[other].kind == EntityKind::Place
                && (mentions[other].start_byte, mentions[other].end_byte) == (start_byte, end_byte);
            if !exact_place {
                continue;
            }
        }
        let person = &mentions[full];
        let mut linked = person.clone();
        linked.doc = doc.to_string();
        linked.start_byte = start_byte;
        linked.end_byte = end_byte;
        linked.surface = surface.to_string();
        linked.alias = Some(person.surface.clone());
        linked.method = Method::Coref;
        linked.confidence = COREF_CONFIDENCE;
        linked.ambiguous = false;
        linked.candidates.clear();
        added.push((overlapping, linked));
    }
    let mut replaced = vec![false; mentions.len()];
    for (overlapping, linked) in added {
        match overlapping {
            Some(i) if !replaced[i] => {
                replaced[i] = true;
                mentions[i] = linked;
            }
            Some(_) => {}
            None => mentions.push(linked),
        }
    }
    mentions.sort_by_key(|m| m.start_byte);
}

/// Byte ranges of the words (runs of letters and digits) of a normalized text.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, ch)) = chars.peek() {
            if is_word_char(ch) {
                break;
            }
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some(&(i, ch)) = chars.peek() {
            if !is_word_char(ch) {
                break;
            }
            end = i + ch.len_utf8();
            chars.next();
        }
        Some((start, end))
    })
}

/// Fills `start_char`/`end_char` from the byte offsets in one pass over the text.
fn fill_char_offsets(original: &str, mentions: &mut [Mention]) {
    let (mut byte, mut chars) = (0usize, 0usize);
    for m in mentions.iter_mut() {
        if m.start_byte < byte {
            // Mentions are sorted, so this only happens for overlaps; count from the start.
            (byte, chars) = (0, 0);
        }
        chars += original[byte..m.start_byte].chars().count();
        byte = m.start_byte;
        m.start_char = chars;
        m.end_char = chars + original[m.start_byte..m.end_byte].chars().count();
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
