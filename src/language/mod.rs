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

pub mod detect;
pub mod endings;
mod words;

use std::sync::OnceLock;

pub use detect::LanguageSpans;
pub use endings::{ClassId, EndingId, Endings};
pub(crate) use words::{drop_capitalised_words, starts_sentence};

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
        Lang::ALL
            .into_iter()
            .find(|l| tag.eq_ignore_ascii_case(l.tag()))
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

/// The endings of every language with endings, indexed by [`Lang::index`].
#[derive(Debug, Clone)]
pub struct Languages {
    endings: Vec<Endings>,
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
