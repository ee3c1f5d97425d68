//! The word lists the person passes read: given names, surnames, titles and name stops.

use std::collections::{HashMap, HashSet};

use crate::document::{WordClass, WordClasses};
use crate::normalize::normalize;

/// A set of normalized words. Hashed with foldhash rather than SipHash: every word of every
/// document is looked up in several of these, and the keys are not chosen by an attacker who
/// could make them collide (they are the lists shipped in `data/curated/`).
pub(super) type WordSet = HashSet<String, foldhash::fast::RandomState>;

/// A map keyed by normalized words, hashed as [`WordSet`] is.
type WordMap<V> = HashMap<String, V, foldhash::fast::RandomState>;

/// Months and days, some of which are given names too (normalized): never a lone person's name.
const CALENDAR_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Feasts that Faker lists as given names (normalized): "Easter Monday" names no one.
const FEASTS: &[&str] = &["easter", "christmas"];

/// The word lists the person passes use; built once, shared across threads.
#[derive(Debug, Clone, Default)]
pub struct PersonLexicon {
    /// Every given name, common or not.
    pub(super) given: WordSet,
    /// The common ones (US Census): frequent enough to start a name even where they are also a
    /// place ("Regina Ip").
    pub(super) common_given: WordSet,
    /// Those that are not also English words ("Gloria", not "Mark" or "Grace"), nor months.
    pub(super) wordless_given: WordSet,
    pub(super) surnames: WordSet,
    /// Titles as normalized word sequences, longest first, each with whether it is written as an
    /// abbreviation ("Dr.").
    pub(super) titles: Vec<(Vec<String>, bool)>,
    /// Indices into `titles` by a title's first word, in `titles`' order: a word is compared
    /// with the few titles it could start, not with every title.
    titles_by_first: WordMap<Vec<usize>>,
    /// The same by a title's last word.
    titles_by_last: WordMap<Vec<usize>>,
    /// Every word of every title.
    pub(super) title_words: WordSet,
    pub(super) stops: WordSet,
}

impl PersonLexicon {
    /// The lists shipped in `data/curated/`.
    pub fn embedded() -> Self {
        Self::from_lists(&NameLists {
            common_given: include_str!("../../data/curated/given-names.txt"),
            world_given: include_str!("../../data/curated/given-names-world.txt"),
            surnames: include_str!("../../data/curated/surnames.txt"),
            titles: include_str!("../../data/curated/titles.txt"),
            stops: include_str!("../../data/curated/name-stops.txt"),
        })
    }

    /// Builds the lexicon from lists of one entry per line; `#` starts a comment line.
    pub fn from_lists(lists: &NameLists) -> Self {
        let entries = |text: &str| -> Vec<String> {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(normalize)
                .collect()
        };
        // A title written with a full stop ("Dr.", "Sen.") may be followed by one; others end
        // their sentence there ("her husband. Chen and his family").
        let mut by_words: HashMap<Vec<String>, bool> = HashMap::new();
        for entry in entries(lists.titles) {
            let words: Vec<String> = entry
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect();
            *by_words.entry(words).or_default() |= entry.ends_with('.');
        }
        let mut titles: Vec<(Vec<String>, bool)> = by_words.into_iter().collect();
        // Longest first; then alphabetical, so that matching does not depend on hash order.
        titles.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let common_given: WordSet = entries(lists.common_given).into_iter().collect();
        let world_given: WordSet = entries(lists.world_given).into_iter().collect();
        let mut given = common_given.clone();
        given.extend(world_given.iter().cloned());
        for feast in FEASTS {
            given.remove(*feast);
        }
        let mut wordless_given = world_given;
        for word in CALENDAR_WORDS.iter().chain(FEASTS) {
            wordless_given.remove(*word);
        }
        let mut titles_by_first: WordMap<Vec<usize>> = WordMap::default();
        let mut titles_by_last: WordMap<Vec<usize>> = WordMap::default();
        let mut title_words = WordSet::default();
        for (i, (words, _)) in titles.iter().enumerate() {
            if let (Some(first), Some(last)) = (words.first(), words.last()) {
                titles_by_first.entry(first.clone()).or_default().push(i);
                titles_by_last.entry(last.clone()).or_default().push(i);
            }
            title_words.extend(words.iter().cloned());
        }
        PersonLexicon {
            given,
            common_given,
            wordless_given,
            surnames: entries(lists.surnames).into_iter().collect(),
            titles,
            titles_by_first,
            titles_by_last,
            title_words,
            stops: entries(lists.stops).into_iter().collect(),
        }
    }
}

impl PersonLexicon {
    /// Is this normalized word a given name? A hyphenated one is when each part is
    /// ("Lin-Manuel", "Jean-Claude", "Anne-Marie").
    pub(super) fn is_given(&self, key: &str) -> bool {
        if self.given.contains(key) {
            return true;
        }
        let mut parts = key
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty());
        let first = parts.next();
        let mut rest = parts.peekable();
        // A key of one part is the key looked up above: asked first, so that most capitalised
        // words (no given name, no hyphen) cost one look-up, not two.
        rest.peek().is_some()
            && first.is_some_and(|f| self.given.contains(f))
            && rest.all(|p| self.given.contains(p))
    }

    /// Gives the words of these lists their classes, so that the passes read a word's class
    /// instead of asking the lists (see [`crate::document::WordClasses`]).
    pub(crate) fn add_classes(&self, classes: &mut WordClasses) {
        fn words(set: &WordSet) -> impl Iterator<Item = &str> {
            set.iter().map(String::as_str)
        }
        classes.add(words(&self.given), WordClass::GIVEN);
        classes.add(words(&self.common_given), WordClass::COMMON_GIVEN);
        classes.add(words(&self.wordless_given), WordClass::WORDLESS_GIVEN);
        classes.add(words(&self.surnames), WordClass::SURNAME);
        classes.add(words(&self.stops), WordClass::STOP);
        classes.add(
            self.titles_by_first.keys().map(String::as_str),
            WordClass::TITLE_FIRST,
        );
        classes.add(words(&self.title_words), WordClass::TITLE_WORD);
    }

    /// Is `word` (as written; folded here) a given name or a surname of the lists? For the
    /// alias classes of `gazetteer check --suspicious` (issue 31).
    pub fn names_a_person(&self, word: &str) -> bool {
        let key = normalize(word);
        self.is_given(&key) || self.surnames.contains(&key)
    }

    /// The titles (as indices into `titles`) whose first word is `key`, longest first.
    pub(super) fn titles_starting_with(&self, key: &str) -> &[usize] {
        self.titles_by_first.get(key).map_or(&[], Vec::as_slice)
    }

    /// The titles whose last word is `key`.
    pub(super) fn titles_ending_with(&self, key: &str) -> &[usize] {
        self.titles_by_last.get(key).map_or(&[], Vec::as_slice)
    }
}

/// The texts of the word lists a [`PersonLexicon`] is built from, one entry per line.
#[derive(Debug, Clone, Copy, Default)]
pub struct NameLists<'a> {
    /// Common given names ("Regina", "Mark").
    pub common_given: &'a str,
    /// Given names of many countries ("Thibaut", "Valeska") that are not also lower-case
    /// English words.
    pub world_given: &'a str,
    /// Common surnames.
    pub surnames: &'a str,
    /// Words written before a person's name ("Foreign Minister", "Dr.").
    pub titles: &'a str,
    /// Capitalised words that end a name rather than continue it ("Assembly", "Tech").
    pub stops: &'a str,
}
