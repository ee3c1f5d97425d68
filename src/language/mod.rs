//! The languages whose names inflect: which language a text is in, and the endings a name takes.
//!
//! English writes a place's name the same in every sentence; Russian, Armenian, Azerbaijani and
//! Turkish add case endings to it (Москв|е, Ստեփանակերտ|ում, Şuşa|ya, İran'|ın) and sometimes
//! change its stem first (Москва → Москв-). The matcher still finds a name at a word start; a
//! name may end inside a word only when the rest of the word is an ending that the paragraph's
//! language allows for a name of that shape. So nothing stems every word of the text, and
//! English, which no paragraph detection calls one of these languages, matches exactly as before.
//!
//! The rules of a language live in one place, `data/languages/<lang>/endings.tsv` (embedded in
//! the binary), read by [`endings`]; [`detect`] tells a paragraph's language from its letters.
//! A new language is a data file, a line in [`detect`] and a test, not a change to the matcher.

mod compounds;
pub mod detect;
pub mod dictionary;
pub mod endings;
mod words;

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::normalize::normalize;

pub(crate) use compounds::{find_compound_places, place_kind_words};
pub use detect::LanguageSpans;
pub use endings::{ClassId, EndingId, Endings};
pub(crate) use words::{drop_capitalised_words, starts_sentence};

/// The end of a language tag (BCP 47 private use) that keeps an alias to its language's
/// paragraphs: `tr-x-only` (see [`Lang::only_in`]).
pub const ONLY_IN_SUBTAG: &str = "-x-only";

/// A language whose names take endings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// Russian.
    Ru,
    /// Eastern Armenian.
    Hy,
    /// Azerbaijani (Latin script).
    Az,
    /// Turkish.
    Tr,
}

impl Lang {
    /// Every language with endings, in a fixed order (the index of [`Lang::index`]).
    pub const ALL: [Lang; 4] = [Lang::Ru, Lang::Hy, Lang::Az, Lang::Tr];

    /// The BCP 47 tag (`ru`, `hy`, `az`, `tr`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::Hy => "hy",
            Lang::Az => "az",
            Lang::Tr => "tr",
        }
    }

    /// The language of a BCP 47 tag, compared whole: `hy-Latn` (Armenian in Latin letters) is
    /// not read with Armenian endings, and the gazetteer tags its names with bare languages.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split('-').next().unwrap_or(tag);
        Lang::ALL
            .into_iter()
            .find(|l| primary.eq_ignore_ascii_case(l.tag()))
    }

    /// The language an alias tagged `tag` is searched for in alone, when its tag says so with
    /// the private-use subtag [`ONLY_IN_SUBTAG`] (`tr-x-only`): a name of that language that
    /// is an English word or name ("Roma", Rome in Turkish; "Şam", Damascus, is "Sam").
    pub fn only_in(tag: &str) -> Option<Lang> {
        tag.strip_suffix(ONLY_IN_SUBTAG)
            .filter(|_| tag.len() > ONLY_IN_SUBTAG.len())
            .and_then(Lang::from_tag)
    }

    /// Does a name kept to `self`'s text (see [`Lang::only_in`]) count in a paragraph of
    /// `paragraph`? In its own language, and between Turkish and Azerbaijani, which name
    /// places alike and which a short paragraph does not always tell apart.
    pub fn admits(self, paragraph: Option<Lang>) -> bool {
        match paragraph {
            Some(p) => {
                p == self || matches!((self, p), (Lang::Tr, Lang::Az) | (Lang::Az, Lang::Tr))
            }
            None => false,
        }
    }

    /// Position in [`Lang::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The endings tables of every language, as shipped in `data/languages/`.
const TABLES: [(Lang, &str, &str); 4] = [
    (
        Lang::Ru,
        "data/languages/ru/endings.tsv",
        include_str!("../../data/languages/ru/endings.tsv"),
    ),
    (
        Lang::Hy,
        "data/languages/hy/endings.tsv",
        include_str!("../../data/languages/hy/endings.tsv"),
    ),
    (
        Lang::Az,
        "data/languages/az/endings.tsv",
        include_str!("../../data/languages/az/endings.tsv"),
    ),
    (
        Lang::Tr,
        "data/languages/tr/endings.tsv",
        include_str!("../../data/languages/tr/endings.tsv"),
    ),
];

/// Each language's common words that are also names in the gazetteer, as
/// `data/build-gazetteer.sh` derives them from a dictionary of the language (see
/// `data/languages/README.md`); by [`Lang::index`]. A language without a dictionary has none.
const WORDS: [&str; 4] = [
    include_str!("../../data/languages/ru/words.txt"),
    "",
    "",
    include_str!("../../data/languages/tr/words.txt"),
];

/// The endings of every language with endings, indexed by [`Lang::index`].
#[derive(Debug, Clone)]
pub struct Languages {
    endings: Vec<Endings>,
    /// Per language, folded common words (see [`Languages::is_inflected_word`]).
    words: Vec<HashSet<String, foldhash::fast::RandomState>>,
}

impl Languages {
    /// The tables shipped with the binary, read once per process.
    pub fn embedded() -> &'static Languages {
        static EMBEDDED: OnceLock<Languages> = OnceLock::new();
        EMBEDDED.get_or_init(|| Languages {
            endings: TABLES
                .iter()
                .map(|(_, path, text)| {
                    Endings::parse(path, text).expect("the embedded endings tables are valid")
                })
                .collect(),
            words: WORDS
                .iter()
                .map(|text| {
                    text.lines()
                        .map(str::trim)
                        .filter(|w| !w.is_empty() && !w.starts_with('#'))
                        .map(normalize)
                        .collect()
                })
                .collect(),
        })
    }

    /// Is the folded `word` one of `lang`'s common words (of those that are also names)?
    pub fn is_word(&self, lang: Lang, word: &str) -> bool {
        self.words[lang.index()].contains(word)
    }

    /// Is the folded `word` one of `lang`'s common words of three letters or more followed by
    /// one of the endings its words take (Turkish "valisi": "vali", governor, and its
    /// possessive)? Only words that are also names are listed (see [`dictionary`]), so a name
    /// outside that list is never taken for a word.
    pub fn is_inflected_word(&self, lang: Lang, word: &str) -> bool {
        let words = &self.words[lang.index()];
        if words.is_empty() {
            return false;
        }
        let endings = self.endings(lang);
        let longest = endings.longest_word_ending();
        word.char_indices().skip(3).any(|(at, _)| {
            word.len() - at <= longest
                && endings.is_word_ending(&word[at..])
                && words.contains(&word[..at])
        })
    }

    /// The endings of `lang`.
    pub fn endings(&self, lang: Lang) -> &Endings {
        &self.endings[lang.index()]
    }

    /// The languages whose rules apply to a name whose folded form ends in `last` and whose
    /// gazetteer language is `tag` (if any): Cyrillic names are read with Russian endings
    /// unless tagged with another language, and so on.
    pub fn for_name<'a>(
        &'a self,
        last: char,
        tag: Option<&'a str>,
    ) -> impl Iterator<Item = Lang> + 'a {
        Lang::ALL.into_iter().filter(move |&lang| {
            self.endings(lang).writes(last)
                && tag.is_none_or(|t| t.is_empty() || Lang::from_tag(t) == Some(lang))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    /// Each sentence's inflected names, by the shipped tables: (language, name, word as
    /// written). The word must be the name's whole form or a stem, then an allowed ending.
    #[test]
    fn the_shipped_tables_read_real_forms() {
        let languages = Languages::embedded();
        let table = [
            (Lang::Ru, "Москва", "Москве", true),
            (Lang::Ru, "Москва", "Москвой", true),
            (Lang::Ru, "Россия", "России", true),
            (Lang::Ru, "Россия", "Россией", true),
            (Lang::Ru, "Шуша", "Шушу", true),
            (Lang::Ru, "Степанакерт", "Степанакерте", true),
            (Lang::Ru, "Китай", "Китае", true),
            (Lang::Ru, "Тверь", "Твери", true),
            (Lang::Ru, "Филиппины", "Филиппинах", true),
            // A zero ending is never one: Филиппин would make Виктор+и a place.
            (Lang::Ru, "Филиппины", "Филиппин", false),
            (Lang::Ru, "Баку", "Бакуе", false),
            (Lang::Ru, "Ереван", "Ереванский", false),
            (Lang::Hy, "Հայաստան", "Հայաստանում", true),
            (Lang::Hy, "Հայաստան", "Հայաստանի", true),
            (Lang::Hy, "Բաքու", "Բաքվում", true),
            (Lang::Hy, "Ֆրանսիա", "Ֆրանսիայի", true),
            (Lang::Hy, "Արցախ", "Արցախը", true),
            (Lang::Hy, "Լոռի", "Լոռու", true),
            (Lang::Az, "Şuşa", "Şuşaya", true),
            (Lang::Az, "Şuşa", "Şuşanın", true),
            (Lang::Az, "Xankəndi", "Xankəndidə", true),
            (Lang::Az, "Ağdam", "Ağdamda", true),
            (Lang::Az, "Bakı", "Bakıda", true),
            // -lı makes a person of the place: a demonym, not a mention of it.
            (Lang::Az, "Bakı", "Bakılı", false),
            (Lang::Tr, "Kanada", "Kanadada", true),
            (Lang::Tr, "Kanada", "Kanadanın", true),
            (Lang::Tr, "Tiflis", "Tiflisten", true),
            (Lang::Tr, "Rus", "Rusça", false),
        ];
        for (lang, name, word, expected) in table {
            let endings = languages.endings(lang);
            let (name, word) = (normalize(name), normalize(word));
            let whole = endings.whole_name_class(&name).is_some_and(|class| {
                word.strip_prefix(name.as_str())
                    .and_then(|rest| endings.ending_id(rest))
                    .is_some_and(|e| endings.class_has(class, e))
            });
            let stem = endings.stems(&name).into_iter().any(|(stem, class)| {
                word.strip_prefix(stem.as_str())
                    .and_then(|rest| endings.ending_id(rest))
                    .is_some_and(|e| endings.class_has(class, e))
            });
            assert_eq!(whole || stem, expected, "{lang:?} {name} -> {word}");
        }
    }

    #[test]
    fn names_are_read_in_the_language_of_their_script_and_tag() {
        let languages = Languages::embedded();
        let langs = |last: char, tag: Option<&str>| -> Vec<Lang> {
            languages.for_name(last, tag).collect()
        };
        assert_eq!(langs('а', None), [Lang::Ru]);
        assert_eq!(langs('ն', None), [Lang::Hy]);
        assert_eq!(langs('a', None), [Lang::Az, Lang::Tr]);
        assert_eq!(langs('a', Some("tr")), [Lang::Tr]);
        assert!(langs('а', Some("uk")).is_empty());
    }
}
