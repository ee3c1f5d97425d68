//! Words that read two ways: a name whole, or another name with an ending of its language.

use std::collections::HashSet;

use crate::gazetteer::Gazetteer;
use crate::matcher::{Matcher, NameMatch};
use crate::mention::{Mention, Method};

/// Words that read as a name whole and as another name with an ending (Russian "Шуши": the
/// Armenian name, or Шуша's genitive). When both readings are the same entity, the mention
/// counts under the name the document writes elsewhere with an ending (a text that writes
/// "в Шуше" writes Шуша), else under the name whole; either way it is flagged ambiguous, with
/// both readings in its evidence. Both lists are in text order: one pass over each.
pub(super) fn read_both_ways(
    gazetteer: &Gazetteer,
    matcher: &Matcher,
    original: &str,
    matches: &[NameMatch],
    mentions: &mut [Mention],
) {
    // (entity, alias) of every mention read through an ending alone.
    let inflected: HashSet<(String, String)> = mentions
        .iter()
        .filter(|m| m.method == Method::Inflected)
        .filter_map(|m| {
            Some((
                m.entity_id.as_ref()?.0.to_string(),
                m.alias.as_ref()?.to_string(),
            ))
        })
        .collect();
    let mut next = 0;
    for found in matches {
        let Some(reading) = found.also else { continue };
        while next < mentions.len() && mentions[next].start_byte < found.start {
            next += 1;
        }
        let Some(mention) = mentions
            .get_mut(next)
            .filter(|m| m.start_byte == found.start)
        else {
            continue;
        };
        let Some(entity_id) = mention.entity_id.clone() else {
            continue;
        };
        let other = NameMatch {
            pattern: reading.pattern,
            ending: Some(reading.ending),
            also: None,
            ..*found
        };
        let Some(other_alias) = matcher
            .aliases_of(&other, original)
            .map(|a| gazetteer.alias(a))
            .find(|a| gazetteer.entity(a.entity).id == entity_id)
        else {
            continue;
        };
        let whole_name = mention.alias.clone().unwrap_or_default();
        let key = (entity_id.0.to_string(), other_alias.text.to_string());
        let counted = if inflected.contains(&key) {
            mention.alias = Some(other_alias.text.clone());
            mention.method = Method::Inflected;
            &other_alias.text
        } else {
            &whole_name
        };
        mention.ambiguous = true;
        let note = format!(
            "reads as {whole_name} or as a form of {}; counted as {counted}",
            other_alias.text
        );
        if mention.evidence.is_empty() {
            mention.evidence = note;
        } else {
            mention.evidence = format!("{}; {note}", mention.evidence);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::GazetteerBuilder;
    use crate::{Method, Scanner};

    fn scanner() -> Scanner {
        let csv =
            "entity_id,kind,name,latitude,longitude,country_code,feature_code,population,aliases\n\
                   t:shusha,place,Шуша,39.76,46.75,AZ,PPLA2,4000,Шуши\n";
        let gazetteer = GazetteerBuilder::new()
            .add_csv("t.csv", csv.as_bytes().to_vec())
            .unwrap()
            .build()
            .unwrap();
        Scanner::new(gazetteer).unwrap()
    }

    /// (surface, alias counted, method, ambiguous) of each mention.
    fn read(text: &str) -> Vec<(String, String, Method, bool)> {
        scanner()
            .scan("t", text)
            .into_iter()
            .map(|m| {
                (
                    m.surface.to_string(),
                    m.alias.unwrap().to_string(),
                    m.method,
                    m.ambiguous,
                )
            })
            .collect()
    }

    #[test]
    fn a_word_read_two_ways_counts_as_the_document_writes_the_name() {
        // The document writes Шуша elsewhere (в Шуше): "Шуши" is its genitive.
        let found = read("Бои шли в Шуше и вокруг Шуши весь день, сообщили военные.");
        assert_eq!(
            found[1],
            ("Шуши".into(), "Шуша".into(), Method::Inflected, true)
        );
        assert!(!found[0].3, "Шуше reads one way only");
        // Nothing else in the document: the name as written, still flagged.
        let found = read("Армяне называют этот город Шуши, и так пишут их газеты.");
        assert_eq!(found, [("Шуши".into(), "Шуши".into(), Method::Exact, true)]);
    }
}
