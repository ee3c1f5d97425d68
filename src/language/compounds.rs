//! Places named by a name and a word of their kind, as Turkish writes them: "Asi Irmağı" (the
//! river of Asi, the Orontes), "Şile Kazası", "Sakız Adası", "Osmanlı Devleti".
//!
//! Turkish names a river, an island, a district or a state by a compound (izafet): the name,
//! then a word of the place's kind in the possessive (Irmağı, Adası, Kazası, Devleti), which
//! takes the case endings of the whole (Asi Irmağı'nın, Sakız Adası'nda). No gazetteer holds
//! every such name (Porsuk Çayı, Beykoz Kazası, Revan Hanlığı are in none of the sources
//! here), but the kind word says what the name is: on the train split of Turkish-Wiki-NER
//! capitalised words before one are a place span 9 times in 10, and most of the rest a
//! facility or an organisation (see the README's Accuracy). So in a paragraph of the language,
//! capitalised words before such a word that no earlier pass read as a name are an unlinked
//! place (`method: unlinked`, no point: the map leaves it out; the tables and `suggest` list it
//! for curation), of the kind the word gives (`feature_code`), counted under its dictionary
//! form. The kinds are data, per language (`data/languages/<lang>/place-kinds.tsv`).
//!
//! One pass over the words, after matching and before the people: a hash look-up only for a
//! word right after a capitalised one in a paragraph of a language with a table.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use compact_str::CompactString;

use super::{starts_sentence, Lang, Languages};
use crate::document::Document;
use crate::gazetteer::EntityKind;
use crate::mention::{Mention, Method};
use crate::normalize::normalize;

/// The most capitalised words a name before its kind word has ("Helenistik Selevkos Krallığı",
/// "Somali İtalyan Güven Bölgesi").
const MAX_NAME_WORDS: usize = 4;

/// The confidence of a place found by its kind word alone: the share of such spans that are
/// places on the train split of Turkish-Wiki-NER is about .9, but nothing links it.
const COMPOUND_CONFIDENCE: f64 = 0.6;

/// The tables shipped in `data/languages/<lang>/place-kinds.tsv`.
const TABLES: [(Lang, &str); 1] = [(
    Lang::Tr,
    include_str!("../../data/languages/tr/place-kinds.tsv"),
)];

/// The kind words of a place-kinds table (its first column), as written.
pub(crate) fn place_kind_words(table: &str) -> impl Iterator<Item = &str> {
    rows(table).map(|(word, _)| word)
}

/// The rows of a place-kinds table: (word, GeoNames feature code), without the header.
fn rows(table: &str) -> impl Iterator<Item = (&str, &str)> {
    table
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(word, _)| *word != "word")
}

/// One kind word: how it is written in its dictionary form and the kind of place it names.
#[derive(Debug)]
struct Kind {
    word: String,
    feature_code: CompactString,
}

/// Every case form of every kind word of one language (folded) -> its kind.
#[derive(Debug, Default)]
struct LangKinds {
    forms: HashMap<String, u16, foldhash::fast::RandomState>,
    kinds: Vec<Kind>,
}

fn embedded() -> &'static [LangKinds] {
    static EMBEDDED: OnceLock<Vec<LangKinds>> = OnceLock::new();
    EMBEDDED.get_or_init(|| {
        let tables = Languages::embedded();
        let mut langs: Vec<LangKinds> = Lang::ALL.iter().map(|_| LangKinds::default()).collect();
        for (lang, table) in TABLES {
            let kinds = &mut langs[lang.index()];
            for (word, code) in rows(table) {
                // A building (GeoNames class S) is no place on a map; its word only keeps the
                // name before it from a person's (see the module doc of the table).
                if is_building(code) {
                    continue;
                }
                let id = u16::try_from(kinds.kinds.len()).expect("a few dozen kinds");
                kinds.kinds.push(Kind {
                    word: word.to_string(),
                    feature_code: code.into(),
                });
                for form in tables.endings(lang).forms(&normalize(word)) {
                    kinds.forms.entry(form).or_insert(id);
                }
            }
        }
        langs
    })
}

/// GeoNames feature codes of buildings (class S) that a place-kinds table uses.
fn is_building(code: &str) -> bool {
    matches!(code, "CSTL" | "BLDG" | "TMPL" | "MSQE" | "CH")
}

/// Adds the places named by capitalised words and a word of their kind (see the module doc)
/// to `mentions`, which are sorted and disjoint and stay so.
pub(crate) fn find_compound_places(
    doc: &Arc<str>,
    document: &Document,
    mentions: &mut Vec<Mention>,
) {
    let Some(languages) = document.languages else {
        return;
    };
    if !languages.any() {
        return;
    }
    let langs = embedded();
    let (text, words) = (document.original, document.words);
    let mut found = Vec::new();
    let mut hint = 0;
    for i in 1..words.len() {
        if !words[i - 1].capitalised() || !spaced(text, i - 1, document) {
            continue;
        }
        let Some(lang) = languages.at(words[i].start(), &mut hint) else {
            continue;
        };
        let table = &langs[lang.index()];
        let Some(&kind) = table.forms.get(document.key(i)) else {
            continue;
        };
        let Some(first) = name_start(document, i, lang, table) else {
            continue;
        };
        // A lower-case kind word after one word opening a sentence is a phrase of the
        // language more often than a name ("Bu ilin", "İlk golünü").
        let mut first = first;
        if starts_sentence(text, words[first].start()) {
            if first + 1 == i {
                if !words[i].capitalised() {
                    continue;
                }
            } else {
                // Any word is capitalised there: the name starts after it ("Tırmanıcılar
                // Whitney dağına ulaştı", "climbers reached Mount Whitney").
                first += 1;
            }
        }
        let (start, mut end) = (words[first].start(), words[i].end());
        // The case ending after an apostrophe belongs to the name (Asi Irmağı'nın).
        if let Some(next) = words.get(i + 1) {
            let between = &text[end..next.start()];
            if matches!(between, "'" | "’") {
                end = next.end();
            }
        }
        if overlaps(mentions, start, end) {
            continue;
        }
        let kind = &table.kinds[usize::from(kind)];
        let name = format!(
            "{} {}",
            &text[start..words[i - 1].end()],
            written_like(&kind.word, words[i].capitalised())
        );
        found.push(Mention {
            name: name.as_str().into(),
            alias: Some(name.into()),
            feature_code: Some(kind.feature_code.clone()),
            confidence: COMPOUND_CONFIDENCE,
            ..Mention::new(
                doc,
                start,
                end,
                &text[start..end],
                EntityKind::Place,
                Method::Unlinked,
            )
        });
    }
    if !found.is_empty() {
        mentions.extend(found);
        mentions.sort_by_key(|m| m.start_byte);
    }
}

/// The first word of the name before the kind word `i`: the capitalised words right before it,
/// spaced apart, at most [`MAX_NAME_WORDS`], without the language's words that are never a
/// name (Bu, Ve, Bir), another kind word or a number. `None` when no word is left. A sentence's
/// first word is left out of a name of several words by the caller.
fn name_start(document: &Document, i: usize, lang: Lang, table: &LangKinds) -> Option<usize> {
    let endings = Languages::embedded().endings(lang);
    let words = document.words;
    let mut first = i;
    while first > 0
        && i - first < MAX_NAME_WORDS
        && words[first - 1].capitalised()
        && spaced(document.original, first - 1, document)
    {
        let key = document.key(first - 1);
        if endings.is_not_name(key)
            || table.forms.contains_key(key)
            || key.starts_with(|c: char| c.is_ascii_digit())
        {
            break;
        }
        first -= 1;
    }
    (first < i).then_some(first)
}

/// Is word `i` followed by word `i + 1` with nothing but spaces between?
fn spaced(text: &str, i: usize, document: &Document) -> bool {
    let (a, b) = (&document.words[i], document.words.get(i + 1));
    b.is_some_and(|b| {
        let between = &text[a.end()..b.start()];
        !between.is_empty() && between.chars().all(|c| matches!(c, ' ' | '\u{a0}'))
    })
}

/// Does a mention of `mentions` (sorted, disjoint) share a byte with `start..end`?
fn overlaps(mentions: &[Mention], start: usize, end: usize) -> bool {
    let after = mentions.partition_point(|m| m.start_byte < end);
    after > 0 && mentions[after - 1].end_byte > start
}

/// The kind word as the text writes it: capitalised like the text (Turkish capitals: ı -> I,
/// i -> İ).
fn written_like(word: &str, capitalised: bool) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if capitalised => {
            let upper: String = match c {
                'i' => "İ".to_string(),
                c => c.to_uppercase().collect(),
            };
            upper + chars.as_str()
        }
        _ => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tokenize_into;
    use crate::language::LanguageSpans;
    use crate::normalize::NormalizedText;

    /// The compound places of `text`, read as one Turkish paragraph, with no other mention.
    /// Runs the pass over `text`, read as one paragraph of `lang`, adding to `mentions`.
    fn find_in(text: &str, lang: Option<Lang>, mentions: &mut Vec<Mention>) {
        let mut normalized = NormalizedText::default();
        normalized.normalize(text);
        let mut words = Vec::new();
        tokenize_into(text, &normalized, &mut words);
        let languages = LanguageSpans::whole(lang);
        let document = Document::new(text, &normalized, &words).with_languages(&languages);
        find_compound_places(&"d".into(), &document, mentions);
    }

    fn places(text: &str) -> Vec<(String, String, String)> {
        let mut mentions = Vec::new();
        find_in(text, Some(Lang::Tr), &mut mentions);
        mentions
            .iter()
            .map(|m| {
                assert_eq!(&text[m.start_byte..m.end_byte], m.surface.as_str());
                (
                    m.surface.to_string(),
                    m.name.to_string(),
                    m.feature_code.as_deref().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// A place expected: its surface, its name and its feature code.
    type Expected<'a> = (&'a str, &'a str, &'a str);

    #[test]
    fn a_name_and_its_kind_word_are_a_place() {
        let cases: &[(&str, &[Expected])] = &[
            (
                "Kent, Asi Irmağı'nın kıyısındadır.",
                &[("Asi Irmağı'nın", "Asi Irmağı", "STM")],
            ),
            (
                "Ada, Sakız Adası'nda bulunur ve Porsuk Çayı buradan geçer.",
                &[
                    ("Sakız Adası'nda", "Sakız Adası", "ISL"),
                    ("Porsuk Çayı", "Porsuk Çayı", "STM"),
                ],
            ),
            (
                "Osmanlı Devleti, Revan Hanlığı'nı aldı.",
                &[
                    ("Osmanlı Devleti", "Osmanlı Devleti", "PCLH"),
                    ("Revan Hanlığı'nı", "Revan Hanlığı", "PCLH"),
                ],
            ),
            // A lower-case kind word, and a case ending without an apostrophe.
            (
                "Tırmanıcılar Whitney dağının zirvesine ulaştı.",
                &[("Whitney dağının", "Whitney dağı", "MT")],
            ),
            (
                "Gemi Karayip Denizindeki adalara gitti.",
                &[("Karayip Denizindeki", "Karayip Denizi", "SEA")],
            ),
            (
                "Köy İstanbul ilinin Şile ilçesine bağlıdır.",
                &[
                    ("İstanbul ilinin", "İstanbul ili", "ADM1"),
                    ("Şile ilçesine", "Şile ilçesi", "ADM2"),
                ],
            ),
        ];
        for (text, expected) in cases {
            let expected: Vec<(String, String, String)> = expected
                .iter()
                .map(|(s, n, c)| (s.to_string(), n.to_string(), c.to_string()))
                .collect();
            assert_eq!(places(text), expected, "{text}");
        }
    }

    #[test]
    fn phrases_and_buildings_are_not_places() {
        for text in [
            // A sentence's first word and a lower-case kind word: "this province".
            "Bu ilin nüfusu artmıştır.",
            "Ülke bölgesi büyüktür.",
            // No capitalised name before the word.
            "Bu bölgesi geniş bir ülkedir.",
            // A castle is a building, not a place on the map.
            "Ordu Revan Kalesi'ni kuşattı.",
            // A sentence ends between the name and the word.
            "Ankara. Bölgesi geniştir.",
        ] {
            assert_eq!(places(text), [], "{text}");
        }
    }

    #[test]
    fn a_name_found_already_is_left_alone() {
        let doc: Arc<str> = "d".into();
        let ankara = Mention::new(&doc, 0, 6, "Ankara", EntityKind::Place, Method::Exact);
        let mut mentions = vec![ankara.clone()];
        find_in("Ankara ili büyüktür.", Some(Lang::Tr), &mut mentions);
        assert_eq!(mentions, [ankara]);
    }

    #[test]
    fn english_paragraphs_are_not_read() {
        let mut mentions = Vec::new();
        find_in("Crews reached Whitney Ili yesterday.", None, &mut mentions);
        assert!(mentions.is_empty());
    }
}
