//! Russian common nouns that head another name (issue 31).
//!
//! GeoNames lists towns whose Russian name is a common noun: Остров ("island"), Гора
//! ("mountain"). Written capitalised inside a sentence and followed by a capitalised word, such
//! a noun is the head of a longer name the gazetteer lacks: "столицы Острова Уайт" is the Isle of
//! Wight, not the town Ostrov in Pskov Oblast. It is the Russian counterpart of the English
//! `NAME_HEADS` rule ("Colorado State University"), with the language's dictionary
//! (`data/languages/ru/words.txt`) in place of a list. The town keeps its name where the word
//! after it starts another name found in the text ("в Острове Псковской области": the town and
//! its region), and where the place is not a minor one ([`super::adjectives::major`]).

use super::adjectives::{drop_minor_front, major, word_after};
use super::*;
use crate::language::{starts_sentence, Languages};

/// Empties the candidates of the one-word minor places of a Russian paragraph found under a
/// common noun of the language that heads another name (see the module's documentation).
pub(super) fn drop_noun_heads(
    gazetteer: &Gazetteer,
    original: &str,
    matches: &[NameMatch],
    scored: &mut [Vec<Scored>],
) {
    let languages = Languages::embedded();
    for (i, found) in matches.iter().enumerate() {
        if found.lang != Some(Lang::Ru) {
            continue;
        }
        let Some(best) = scored[i].first() else {
            continue;
        };
        if major(gazetteer.entity(best.entity)) {
            continue;
        }
        let surface = &original[found.start..found.end];
        if surface.contains(char::is_whitespace)
            || !surface.starts_with(char::is_uppercase)
            || starts_sentence(original, found.start)
        {
            continue;
        }
        let Some(next) = word_after(original, found.end) else {
            continue;
        };
        if !next.starts_with(char::is_uppercase) {
            continue;
        }
        // The byte where the next word starts: a name found there makes the pair two names.
        let next_start = found.end + original[found.end..].find(next).unwrap_or(0);
        if matches.iter().any(|m| m.start == next_start) {
            continue;
        }
        let alias = normalize(&gazetteer.alias(best.alias).text);
        if !languages.is_word(Lang::Ru, &alias) {
            continue;
        }
        drop_minor_front(gazetteer, &mut scored[i]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(text: &str) -> Vec<String> {
        crate::scan::embedded_scanner()
            .scan("t", text)
            .into_iter()
            .filter(|m| m.kind == EntityKind::Place)
            .map(|m| m.name.to_string())
            .collect()
    }

    /// Issue 31: FactRuEval's "Острова Уайт" (the Isle of Wight) is not Ostrov.
    #[test]
    fn a_common_noun_before_another_name_heads_it() {
        let found = places("Завод в Ньюпорте, столице Острова Уайт, закрыт.");
        assert!(!found.iter().any(|n| n == "Ostrov"), "{found:?}");
    }
}
