//! Curation suggestions: what to add to the gazetteer, learnt from a run.
//!
//! Two kinds of rows in `suggestions.csv`:
//! - `add_entity`: a person the text names (after a title or a given name) that the gazetteer
//!   lacks, seen at least the given number of times;
//! - `add_alias`: a spelling recovered only fuzzily ("Mnatskanyan" for Zohrab Mnatsakanyan):
//!   listing it makes it an exact match next time.

use std::collections::BTreeMap;
use std::io::Write;

use crate::gazetteer::EntityKind;
use crate::mention::{Mention, Method};

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// `add_entity` or `add_alias`.
    pub action: &'static str,
    /// The entity to add the alias to (empty for a new entity).
    pub entity_id: String,
    /// The (canonical) name.
    pub name: String,
    /// The spelling to add as an alias (empty for a new entity).
    pub alias: String,
    /// The entity's kind.
    pub kind: EntityKind,
    /// Mentions seen.
    pub mentions: usize,
    /// Documents they were seen in.
    pub documents: usize,
    /// One document, to look at the context.
    pub example_doc: String,
}

/// Suggestions from the mentions of a run: unlinked people seen at least `min_mentions` times
/// and every fuzzily recovered spelling, most frequent first. `mentions` come document by
/// document (as a scan returns them).
pub fn suggestions(mentions: &[Mention], min_mentions: usize) -> Vec<Suggestion> {
    let mut found = Suggestions::default();
    for document in mentions.chunk_by(|a, b| a.doc == b.doc) {
        found.add_document(document);
    }
    found.finish(min_mentions)
}

/// Suggestions gathered document by document, so a run keeps one row per name, not its
/// mentions.
#[derive(Debug, Default)]
pub struct Suggestions {
    /// Per (name, alias): the suggestion so far and the last document counted for it.
    found: BTreeMap<(String, String), (Suggestion, String)>,
}

impl Suggestions {
    /// Adds the mentions of one document (call it once per document).
    pub fn add_document(&mut self, mentions: &[Mention]) {
        for m in mentions {
            let (action, entity_id, alias) = match (m.method, &m.entity_id) {
                (Method::Unlinked, None) => ("add_entity", String::new(), String::new()),
                (Method::Coref, None) => ("add_entity", String::new(), String::new()),
                (Method::Fuzzy, Some(id)) => (
                    "add_alias",
                    id.0.to_string(),
                    m.surface.split_whitespace().collect::<Vec<_>>().join(" "),
                ),
                _ => continue,
            };
            let entry = self
                .found
                .entry((m.name.to_string(), alias.clone()))
                .or_insert_with(|| {
                    let suggestion = Suggestion {
                        action,
                        entity_id,
                        name: m.name.to_string(),
                        alias,
                        kind: m.kind,
                        mentions: 0,
                        documents: 0,
                        example_doc: m.doc.to_string(),
                    };
                    (suggestion, String::new())
                });
            entry.0.mentions += 1;
            if entry.0.documents == 0 || entry.1 != *m.doc {
                entry.0.documents += 1;
                m.doc[..].clone_into(&mut entry.1);
            }
        }
    }

    /// The suggestions: unlinked people seen at least `min_mentions` times and every fuzzily
    /// recovered spelling, most frequent first.
    pub fn finish(self, min_mentions: usize) -> Vec<Suggestion> {
        let mut out: Vec<Suggestion> = self
            .found
            .into_values()
            .map(|(s, _)| s)
            .filter(|s| s.action == "add_alias" || s.mentions >= min_mentions)
            .collect();
        out.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name.cmp(&b.name))
        });
        out
    }
}

/// Writes suggestions as CSV.
///
/// # Errors
/// If writing fails.
pub fn write(out: &mut dyn Write, suggestions: &[Suggestion]) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "action",
        "entity_id",
        "name",
        "alias",
        "kind",
        "mentions",
        "documents",
        "example_doc",
    ])?;
    for s in suggestions {
        writer.write_record([
            s.action,
            &s.entity_id,
            &s.name,
            &s.alias,
            s.kind.as_str(),
            &s.mentions.to_string(),
            &s.documents.to_string(),
            &s.example_doc,
        ])?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Gazetteer, Scanner};

    #[test]
    fn suggests_unlinked_people_and_fuzzy_spellings() {
        let scanner = Scanner::new(Gazetteer::embedded().unwrap()).unwrap();
        let mut mentions = scanner.scan(
            "a",
            "Spokeswoman Anna Naghdalyan said so. Naghdalyan added more.",
        );
        mentions.extend(scanner.scan("b", "Officials in Baku and Ganja met Zohrab Mnatsakanyian."));
        let found = suggestions(&mentions, 2);
        let rows: Vec<(&str, &str, &str, usize)> = found
            .iter()
            .map(|s| (s.action, s.name.as_str(), s.alias.as_str(), s.mentions))
            .collect();
        assert_eq!(
            rows,
            [
                ("add_entity", "Anna Naghdalyan", "", 2),
                (
                    "add_alias",
                    "Zohrab Mnatsakanyan",
                    "Zohrab Mnatsakanyian",
                    1
                ),
            ]
        );
        assert_eq!(found[1].entity_id, "local:zohrab-mnatsakanyan");
    }
}
