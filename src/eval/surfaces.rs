//! `eval --surfaces`: the names a body of unannotated text was found under that are not their
//! entity's own, most frequent first, each with an example sentence, for a person to review
//! (issue 31). Annotated corpora score what their annotators marked; this lists what the
//! gazetteer's alternate names make of everyday news, where a wrong alias repeats by the hundred.

use std::collections::HashMap;

use crate::gazetteer::alias_class::abbreviates;
use crate::gazetteer::EntityKind;
use crate::mention::Mention;
use crate::normalize::normalize;

/// One surface → entity pair, with how often it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct SurfacePair {
    /// The surface as first written.
    pub surface: String,
    /// The entity's id.
    pub entity_id: String,
    /// The entity's canonical name.
    pub name: String,
    /// Place, person or organisation.
    pub kind: EntityKind,
    /// The entity's country code, if any.
    pub country_code: Option<String>,
    /// The entity's GeoNames feature code, if any.
    pub feature_code: Option<String>,
    /// The gazetteer alias the first mention went by.
    pub alias: Option<String>,
    /// Mentions found under this surface for this entity.
    pub count: usize,
    /// The sentence of the first mention, on one line.
    pub example: String,
}

/// Collects surface → entity pairs, document by document.
#[derive(Debug, Default)]
pub struct Surfaces {
    /// By (folded surface, entity id).
    pairs: HashMap<(String, String), SurfacePair>,
}

/// An example sentence is cut to about this many characters on each side of the name.
pub const EXAMPLE_CONTEXT_CHARS: usize = 90;

impl Surfaces {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the mentions of one document (`text`, the original the mentions' offsets count
    /// into). Demonyms and unlinked names are left out, and so are names written as the
    /// entity's own (after folding: "Bogota" is Bogotá's own name) or its abbreviated form
    /// ("St. Paul").
    pub fn add(&mut self, text: &str, mentions: &[Mention]) {
        for m in mentions {
            let Some(id) = &m.entity_id else { continue };
            if m.kind == EntityKind::Demonym {
                continue;
            }
            // An inflected form counts by the name form it inflects.
            let written = m
                .alias
                .as_deref()
                .filter(|_| m.method == crate::Method::Inflected);
            let folded = normalize(written.unwrap_or(&m.surface));
            if folded == normalize(&m.name) || abbreviates(&m.surface, &m.name) {
                continue;
            }
            self.pairs
                .entry((folded, id.0.to_string()))
                .or_insert_with(|| SurfacePair {
                    surface: m.surface.to_string(),
                    entity_id: id.0.to_string(),
                    name: m.name.to_string(),
                    kind: m.kind,
                    country_code: m.country_code.as_ref().map(|c| c.to_string()),
                    feature_code: m.feature_code.as_ref().map(|c| c.to_string()),
                    alias: m.alias.as_ref().map(|a| a.to_string()),
                    count: 0,
                    example: sentence_around(text, m.start_byte, m.end_byte),
                })
                .count += 1;
        }
    }

    /// The `top` most frequent pairs, most frequent first (ties by surface, then id).
    pub fn top(&self, top: usize) -> Vec<&SurfacePair> {
        let mut pairs: Vec<&SurfacePair> = self.pairs.values().collect();
        pairs.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.surface.cmp(&b.surface))
                .then_with(|| a.entity_id.cmp(&b.entity_id))
        });
        pairs.truncate(top);
        pairs
    }
}

/// The sentence around `start..end` (byte offsets on char boundaries), on one line, cut to
/// [`EXAMPLE_CONTEXT_CHARS`] on each side, white space runs made one space, the name marked
/// `[[...]]`.
pub fn sentence_around(text: &str, start: usize, end: usize) -> String {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let before = &text[..start];
    let from = before
        .char_indices()
        .rev()
        .take(EXAMPLE_CONTEXT_CHARS)
        // A full stop after a capital ("U.S.", "J.") ends no sentence.
        .take_while(|&(i, c)| !is_end(c) || before[..i].ends_with(char::is_uppercase))
        .last()
        .map_or(start, |(i, _)| i);
    let after = &text[end..];
    let to = end
        + after
            .char_indices()
            .take(EXAMPLE_CONTEXT_CHARS)
            .find(|&(_, c)| is_end(c))
            .map_or_else(
                || {
                    after
                        .char_indices()
                        .nth(EXAMPLE_CONTEXT_CHARS)
                        .map_or(after.len(), |(i, _)| i)
                },
                |(i, c)| i + c.len_utf8(),
            );
    let mut line = String::with_capacity(to - from + 4);
    let mut space = false;
    for (i, c) in text[from..to].char_indices() {
        if i + from == start {
            line.push_str("[[");
        }
        if i + from == end {
            line.push_str("]]");
        }
        if c.is_whitespace() {
            if !space {
                line.push(' ');
            }
            space = true;
        } else {
            line.push(c);
            space = false;
        }
    }
    if to == end {
        line.push_str("]]");
    }
    line.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_the_sentence_around_the_name() {
        let text = "First one. Then the Chopin competition began in Warsaw. Next.";
        let start = text.find("Chopin").expect("in the text");
        assert_eq!(
            sentence_around(text, start, start + 6),
            "Then the [[Chopin]] competition began in Warsaw."
        );
        let text = "Привет, Москве! Да";
        let start = text.find("Москве").expect("in the text");
        assert_eq!(
            sentence_around(text, start, start + "Москве".len()),
            "Привет, [[Москве]]!"
        );
    }
}
