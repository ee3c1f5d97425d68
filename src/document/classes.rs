//! What each word of a document is to the passes after matching: a given name, a surname, a
//! name stop, a title's first word or any title word, a small place's first word. Found once per
//! word by one hash look-up ([`WordClasses::classify_into`]) and read by every pass, instead of
//! each pass asking its own lists for the same words (the person passes asked the given names,
//! the titles and the name stops of a capitalised word up to five times between them, and the
//! local-news pass the small places' first words once more).

use std::collections::HashMap;

use compact_str::CompactString;
use foldhash::fast::RandomState as FastHash;

use super::Word;
use crate::normalize::NormalizedText;

/// One word's classes, as bits. The lists of names (given names, surnames, stops, small places)
/// are asked of capitalised words only, as every pass asks them; a word written in lower case
/// has only its title bits, which are asked of every word ("spokeswoman Shushan Stepanyan").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordClass(u8);

impl WordClass {
    /// A given name, or a hyphenated word whose parts each are one ("Lin-Manuel").
    pub const GIVEN: WordClass = WordClass(1);
    /// A given name of the common list (US Census).
    pub const COMMON_GIVEN: WordClass = WordClass(1 << 1);
    /// A given name that is not also an English word or a month.
    pub const WORDLESS_GIVEN: WordClass = WordClass(1 << 2);
    pub const SURNAME: WordClass = WordClass(1 << 3);
    /// A capitalised word that ends a name rather than continues it ("Assembly").
    pub const STOP: WordClass = WordClass(1 << 4);
    /// The first word of some title.
    pub const TITLE_FIRST: WordClass = WordClass(1 << 5);
    /// A word of some title.
    pub const TITLE_WORD: WordClass = WordClass(1 << 6);
    /// What a small place's name can start with (its first word, or the part of it before a
    /// hyphen or apostrophe).
    pub const SMALL_PLACE_FIRST: WordClass = WordClass(1 << 7);

    fn has(self, class: WordClass) -> bool {
        self.0 & class.0 != 0
    }

    /// Is the word a given name (capitalised words only)?
    pub fn given(self) -> bool {
        self.has(Self::GIVEN)
    }

    /// A common given name (capitalised words only)?
    pub fn common_given(self) -> bool {
        self.has(Self::COMMON_GIVEN)
    }

    /// A given name that is no English word (capitalised words only)?
    pub fn wordless_given(self) -> bool {
        self.has(Self::WORDLESS_GIVEN)
    }

    /// A surname of the lists (capitalised words only)?
    pub fn surname(self) -> bool {
        self.has(Self::SURNAME)
    }

    /// A name stop (capitalised words only)?
    pub fn stop(self) -> bool {
        self.has(Self::STOP)
    }

    /// Does some title start with this word (any word)?
    pub fn starts_title(self) -> bool {
        self.has(Self::TITLE_FIRST)
    }

    /// Is this a word of some title (any word)?
    pub fn title_word(self) -> bool {
        self.has(Self::TITLE_WORD)
    }

    /// Can a small place's name start with this word (capitalised words only)?
    pub fn starts_small_place(self) -> bool {
        self.has(Self::SMALL_PLACE_FIRST)
    }
}

/// The word lists behind [`WordClass`], folded into two tables: every listed word with all its
/// bits (asked of capitalised words), and the title words alone (a few hundred, asked of the
/// words in lower case). Built once per run: each module adds its own lists
/// ([`WordClasses::add`]), then [`WordClasses::finish`].
#[derive(Debug, Clone, Default)]
pub(crate) struct WordClasses {
    all: HashMap<CompactString, WordClass, FastHash>,
    titles: HashMap<CompactString, WordClass, FastHash>,
    /// Every given name, sorted, for the parts of a hyphenated word.
    given: Vec<CompactString>,
}

impl WordClasses {
    /// Gives each of `words` (normalized) the class `class` (one of [`WordClass`]'s bits).
    pub fn add<'w>(&mut self, words: impl IntoIterator<Item = &'w str>, class: WordClass) {
        let title = class.starts_title() || class.title_word();
        for word in words {
            self.all.entry(word.into()).or_default().0 |= class.0;
            if title {
                self.titles.entry(word.into()).or_default().0 |= class.0;
            }
        }
    }

    /// Done adding.
    pub fn finish(mut self) -> Self {
        self.given = self
            .all
            .iter()
            .filter(|(_, c)| c.given())
            .map(|(w, _)| w.clone())
            .collect();
        self.given.sort_unstable();
        self
    }

    /// Is `key` a given name, or hyphenated with every part one? (What the person lexicon's
    /// `is_given` answers, for the rare key with a hyphen or apostrophe in it.)
    fn parts_given(&self, key: &str) -> bool {
        let mut parts = key
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .peekable();
        let first = parts.next();
        parts.peek().is_some()
            && first.is_some_and(|f| self.is_listed_given(f))
            && parts.all(|p| self.is_listed_given(p))
    }

    fn is_listed_given(&self, word: &str) -> bool {
        self.given.binary_search_by(|g| (**g).cmp(word)).is_ok()
    }

    /// Replaces `out` with the class of each of `words` (the words of the text `normalized`
    /// was made from, see [`super::tokenize_into`]): one look-up per word.
    pub fn classify_into(
        &self,
        normalized: &NormalizedText,
        words: &[Word],
        out: &mut Vec<WordClass>,
    ) {
        out.clear();
        out.reserve(words.len());
        let text = normalized.as_str();
        out.extend(words.iter().map(|w| {
            let key = &text[w.key_start()..w.key_end()];
            if !w.capitalised() {
                return self.titles.get(key).copied().unwrap_or_default();
            }
            let mut class = self.all.get(key).copied().unwrap_or_default();
            if !class.given()
                && !key.bytes().all(|b| b.is_ascii_alphanumeric())
                && self.parts_given(key)
            {
                class.0 |= WordClass::GIVEN.0;
            }
            class
        }));
    }
}
