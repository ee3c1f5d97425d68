//! Words that read two ways: a name whole, or another name with an ending of its language.

use std::collections::HashSet;

use super::Scored;
use crate::gazetteer::{AliasIndex, AliasType, EntityIndex, EntityKind, Gazetteer};
use crate::language::Lang;
use crate::matcher::{Ending, Matcher, NameMatch};
use crate::mention::{Mention, Method};

/// A place at least this populous is named often enough to be written with a suffix in Turkish
/// or Azerbaijani text without an apostrophe: a town of 50,000 is a district seat in either
/// country. Smaller places need their name in the paragraph's language (see
/// [`keep_named_enough`]).
const NAMED_ENOUGH_POPULATION: u64 = 50_000;

/// In Turkish and Azerbaijani a suffix joins any word, so a word is easily a short name plus a
/// suffix: "Kitabın" (the book's) is Kitab, Uzbekistan, + ın; "Paranın" is Para, Côte d'Ivoire.
/// A suffix set off by an apostrophe marks a proper name (İran'ın) and keeps every candidate;
/// without one, a candidate stays only when the name is written in the paragraph's language
/// (an alias tagged `az` or `tr`: Xankəndidə, Bakıda), or the place is one a reader knows by
/// name: a country, region, first-order division, capital or seat of a division, or a city of
/// [`NAMED_ENOUGH_POPULATION`] or more (Malatyada). Russian and Armenian endings, which no
/// word of the language takes after a place's stem by chance so easily, are not filtered.
///
/// `aliases` are all the aliases the word matched: an entity is written in the language when
/// any of them is, not only the one its candidate kept (Zangilan's "Zəngilan", tagged `az`,
/// folds like its untagged variant "Zengilan", which the candidate may keep).
pub(super) fn keep_named_enough(
    gazetteer: &Gazetteer,
    ending: Ending,
    aliases: impl IntoIterator<Item = AliasIndex>,
    scored: &mut Vec<Scored>,
) {
    if !matches!(ending.lang, Lang::Tr | Lang::Az) || ending.after_apostrophe {
        return;
    }
    // Turkish and Azerbaijani admit each other's names.
    let in_language = |tag: Option<&str>| {
        tag.and_then(Lang::from_tag)
            .is_some_and(|l| matches!(l, Lang::Tr | Lang::Az))
    };
    let written_in_language: Vec<EntityIndex> = aliases
        .into_iter()
        .map(|a| gazetteer.alias(a))
        .filter(|a| in_language(a.lang.as_deref()))
        .map(|a| a.entity)
        .collect();
    scored.retain(|c| {
        let entity = gazetteer.entity(c.entity);
        let in_language = written_in_language.contains(&c.entity);
        let known = entity.kind != EntityKind::Place
            || entity.population >= NAMED_ENOUGH_POPULATION
            || entity.feature_code.as_deref().is_some_and(|code| {
                code.starts_with("PCL") || matches!(code, "CONT" | "RGN" | "ADM1" | "PPLC" | "PPLA")
            });
        in_language || known
    });
}

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
        // Only a name whole read also as another name inflected; two stems of one word are
        // weighed together by the resolver (`Matcher::aliases_of`).
        let Some(reading) = found.also.filter(|_| found.ending.is_none()) else {
            continue;
        };
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
        let lang = reading.ending.lang;
        let tagged = |tag: Option<&str>| tag.and_then(Lang::from_tag) == Some(lang);
        // Of the entity's names the inflected reading may be, one of the paragraph's language
        // first, then the longest (Самара over a truncated variant Самар).
        let Some(other_alias) = matcher
            .aliases_of(&other, original)
            .map(|a| gazetteer.alias(a))
            .filter(|a| gazetteer.entity(a.entity).id == entity_id)
            .max_by_key(|a| (tagged(a.lang.as_deref()), a.text.chars().count()))
        else {
            continue;
        };
        if mention.kind == EntityKind::Demonym {
            // "Israeli" is a demonym whole; Israel + i is no reading of it in any language.
            continue;
        }
        let whole_name = mention.alias.clone().unwrap_or_default();
        let key = (entity_id.0.to_string(), other_alias.text.to_string());
        // The inflected reading also wins when the whole one is only an untagged spelling
        // variant: GeoNames lists some case forms as variants (Самаре, Софий), which are no
        // name of their own. A name of the entity's own (Ankara) or one tagged with the
        // paragraph's language (the curated contested Шуши) is not such a variant.
        let prefer_inflected = matcher.aliases_of(found, original).any(|a| {
            let alias = gazetteer.alias(a);
            gazetteer.entity(alias.entity).id == entity_id
                && alias.text == whole_name
                && alias.alias_type == AliasType::Variant
                && !tagged(alias.lang.as_deref())
        });
        let counted = if inflected.contains(&key) || prefer_inflected {
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
        let entities =
            "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n\
                        t:shusha,place,Шуша,39.76,46.75,AZ,PPLA2,4000\n";
        // Шуши is the Armenian name, written so in Russian by one side: a contested name.
        let aliases = "entity_id,alias,lang,type\nt:shusha,Шуши,ru,contested\n";
        let gazetteer = GazetteerBuilder::new()
            .add_csv("entities.csv", entities.as_bytes().to_vec())
            .unwrap()
            .add_csv("aliases.csv", aliases.as_bytes().to_vec())
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
