//! One occurrence of a name in one document: the unit every later stage counts and exports.

use std::sync::Arc;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::gazetteer::{EntityId, EntityKind};

/// How a mention was tied to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The text matched a gazetteer alias (of any alias type).
    Exact,
    /// The text matched a spelling variant generated from an alias by transliteration rules.
    Variant,
    /// The text is an alias with an ending of its language (Москве for Москва, Şuşaya for
    /// Şuşa), or a person's surname in a case form (Лаврова for Лавров, named earlier in full):
    /// counted under the alias, the name as the writer chose it.
    Inflected,
    /// The text is close to an alias (edit distance), not equal to one.
    Fuzzy,
    /// A surname standing for a person named in full earlier in the same document.
    Coref,
    /// A name the text marks as an entity but the gazetteer lacks.
    Unlinked,
}

impl Method {
    /// The lower-case name used in outputs (what its `Serialize` writes).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Variant => "variant",
            Method::Inflected => "inflected",
            Method::Fuzzy => "fuzzy",
            Method::Coref => "coref",
            Method::Unlinked => "unlinked",
        }
    }
}

/// Another entity the same name could have meant, with its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The candidate's id.
    pub entity_id: EntityId,
    /// Its canonical name.
    pub name: CompactString,
    /// Its country, to tell same-named places apart at a glance.
    pub country_code: Option<CompactString>,
    /// The resolver's score (higher is better; comparable within one mention only).
    pub score: f64,
}

/// One occurrence of a name in one document.
///
/// Offsets point into the original text: `text[start_byte..end_byte] == surface`, and
/// `start_char`/`end_char` count Unicode code points for Python and JavaScript users.
///
/// The short strings are [`CompactString`]s: the size of a `String`, kept inline up to 24 bytes,
/// and serialized as plain strings. A 20 MB document has 180,000 mentions of six such strings
/// each, nearly all of 2-24 bytes (ids, names, codes); as `String`s each was a separate allocation,
/// and copying a name from the gazetteer into a mention is now a copy, not a `malloc`. The
/// document id, often a path longer than 24 bytes, is one `Arc<str>` shared by all the
/// document's mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The document's id, shared by the document's mentions.
    pub doc: Arc<str>,
    /// Byte offset of the first byte in the original text.
    pub start_byte: usize,
    /// Byte offset one past the last byte.
    pub end_byte: usize,
    /// Code-point offset of the first character.
    pub start_char: usize,
    /// Code-point offset one past the last character.
    pub end_char: usize,
    /// The text as written.
    pub surface: CompactString,
    /// The entity, or `None` for an unlinked name.
    pub entity_id: Option<EntityId>,
    /// The entity's canonical name (the surface for unlinked names).
    pub name: CompactString,
    /// Place, person or organisation.
    pub kind: EntityKind,
    /// Longitude of a place (WGS 84 degrees).
    pub lon: Option<f64>,
    /// Latitude of a place (WGS 84 degrees).
    pub lat: Option<f64>,
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: Option<CompactString>,
    /// GeoNames feature code of a place.
    pub feature_code: Option<CompactString>,
    /// The gazetteer alias the text matched. For an unlinked person found in a case form in a
    /// language with endings, the name's dictionary form ("Сергей Лавров" for "Сергея
    /// Лаврова"), which the counts use as its spelling.
    pub alias: Option<CompactString>,
    /// How sure the resolver is, in [0, 1].
    pub confidence: f64,
    /// How the mention was tied to its entity.
    pub method: Method,
    /// True when the runner-up came close: check it before trusting the choice.
    pub ambiguous: bool,
    /// Why the winner was chosen when there was a choice (`PPLA (+4.0); country AZ: 30 of 41
    /// clear places (+1.10)`), or how a coreference was made; empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
    /// The runner-up candidates, best first (empty when the name has one meaning).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
}

impl Mention {
    /// A mention of the text `surface` at `start_byte..end_byte` of `doc`, not yet tied to an
    /// entity: name = surface, confidence 1, no point, no candidates. Character offsets are
    /// filled in at the end of the scan.
    pub fn new(
        doc: &Arc<str>,
        start_byte: usize,
        end_byte: usize,
        surface: &str,
        kind: EntityKind,
        method: Method,
    ) -> Self {
        Mention {
            doc: Arc::clone(doc),
            start_byte,
            end_byte,
            start_char: 0,
            end_char: 0,
            surface: surface.into(),
            entity_id: None,
            name: surface.into(),
            kind,
            lon: None,
            lat: None,
            country_code: None,
            feature_code: None,
            alias: None,
            confidence: 1.0,
            method,
            ambiguous: false,
            evidence: String::new(),
            candidates: Vec::new(),
        }
    }

    /// A mention of `entity`, with the entity's id, name, kind, point and codes filled in.
    pub fn of_entity(
        entity: &crate::gazetteer::Entity,
        doc: &Arc<str>,
        start_byte: usize,
        end_byte: usize,
        surface: &str,
        method: Method,
    ) -> Self {
        Mention {
            entity_id: Some(entity.id.clone()),
            name: entity.name.clone(),
            lon: entity.point.map(|p| p.lon),
            lat: entity.point.map(|p| p.lat),
            country_code: entity.country_code.clone(),
            feature_code: entity.feature_code.clone(),
            ..Mention::new(doc, start_byte, end_byte, surface, entity.kind, method)
        }
    }

    /// The key counts are grouped by: the entity id, `demonym:<id>` for a country's demonyms, or
    /// `unlinked:<name>` for unlinked names.
    pub fn count_key(&self) -> String {
        match (&self.entity_id, self.kind) {
            (Some(id), EntityKind::Demonym) => format!("demonym:{id}"),
            (Some(id), _) => id.0.to_string(),
            (None, _) => format!("unlinked:{}", self.name),
        }
    }
}

/// Sorts mentions by start byte, keeping the order of those that start together, as
/// `sort_by_key(|m| m.start_byte)` would, without its scratch copy of half the list: a mention is
/// about 300 bytes, and the passes that add mentions re-sort the whole list, so for a 20 MB
/// document (180,000 mentions) that copy was 26 MB of the peak. This sorts (start, position)
/// pairs instead and moves each mention once, along the cycles of the permutation.
pub(crate) fn sort_by_start(mentions: &mut [Mention]) {
    if mentions.is_sorted_by_key(|m| m.start_byte) {
        return;
    }
    // `order[i]` is the position of the mention that belongs at `i`; (start, position) pairs are
    // distinct, so the unstable sort gives the stable order.
    let mut order: Vec<(usize, usize)> = mentions
        .iter()
        .enumerate()
        .map(|(i, m)| (m.start_byte, i))
        .collect();
    order.sort_unstable();
    for i in 0..order.len() {
        // Follow the cycle through `i`, marking each visited place as done (pointing at itself).
        let mut j = i;
        loop {
            let from = order[j].1;
            order[j].1 = j;
            if from == i {
                break;
            }
            mentions.swap(j, from);
            j = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The inline strings serialize as plain JSON strings, short (inline) and long (on the heap)
    /// alike, so the output is what it was with `String` fields, and they read back.
    #[test]
    fn strings_serialize_as_plain_strings() {
        let long_doc = "/tmp/a-directory-name-longer-than-24/doc.txt";
        let mut mention = Mention::new(
            &long_doc.into(),
            3,
            7,
            "Baku",
            EntityKind::Place,
            Method::Exact,
        );
        mention.alias = Some("Baki".into());
        mention.country_code = Some("AZ".into());
        let json = serde_json::to_value(&mention).expect("a mention serializes");
        assert_eq!(json["doc"], long_doc);
        assert_eq!(json["surface"], "Baku");
        assert_eq!(json["alias"], "Baki");
        assert_eq!(json["country_code"], "AZ");
        assert_eq!(json["feature_code"], serde_json::Value::Null);
        let back: Mention = serde_json::from_value(json).expect("a mention reads back");
        assert_eq!(back, mention);
    }

    /// A mention is smaller than with `String` fields (296 bytes), by the shared document id
    /// (180,000 mentions for a 20 MB document).
    #[test]
    fn a_mention_is_smaller_than_with_strings() {
        assert!(std::mem::size_of::<Mention>() <= 288);
    }

    proptest! {
        /// The permutation is applied right: the same order as the standard library's stable
        /// sort, ties (equal starts) included.
        #[test]
        fn sort_by_start_is_a_stable_sort(starts in proptest::collection::vec(0usize..20, 0..60)) {
            let mentions: Vec<Mention> = starts
                .iter()
                .enumerate()
                .map(|(i, &s)| Mention::new(&"d".into(), s, s + 1, &i.to_string(), EntityKind::Place, Method::Exact))
                .collect();
            let mut expected = mentions.clone();
            expected.sort_by_key(|m| m.start_byte);
            let mut sorted = mentions;
            sort_by_start(&mut sorted);
            prop_assert_eq!(sorted, expected);
        }
    }
}
