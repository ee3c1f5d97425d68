//! Names learned from an annotated corpus: how often a capitalised word of the language is a
//! person's name there.
//!
//! Turkish news and encyclopaedias name people of every country, mostly by a surname or a single
//! name standing alone (Gramsci, Vivaldi'nin, Erbakan), and Turkish given names are also common
//! words (Dünya "world", Güney "south", Kasım "November", Özel "special"): no hand-written list
//! tells these apart as well as counts over annotated text do. `data/people/tr/names.tsv` holds,
//! per word, the times the train split of Turkish-Wiki-NER writes it inside a person's name,
//! capitalised at all, inside a place's name, and in lower case (`data/build-turkish-names.sh`).
//! Two readings come of them, with their thresholds here:
//!
//! - a **name**: mostly a person's where capitalised, and not a common word in lower case
//!   ("Newton", "Madonna", "Erbakan"), which names a person standing alone;
//! - a **word**: often capitalised, rarely a person's ("Dünya", "Güney"), which starts no name
//!   even where a given-name list has it ("Dünya Savaşı" is the World War, "Güney Kore" a
//!   country).

use std::collections::HashMap;

use crate::normalize::normalize;

/// A word must have been seen at least this often in a person's name to read as one alone.
/// One: most people of an encyclopaedia are named once; the share below does the filtering.
const MIN_PERSON_USES: u32 = 1;

/// Of the times a word is capitalised, the share (in per cent) that must be inside a person's
/// name for it to read as a name alone. At 50% (a word more often a person's than anything
/// else) the Turkish dev split gained most; 60% lost recall for no precision, 40% let in
/// words that are mostly places (measured with `mentionmap eval --turkish`, README).
const MIN_NAME_SHARE_PERCENT: u32 = 50;

/// A word capitalised at least this often ...
const MIN_WORD_EVIDENCE: u32 = 5;

/// ... and inside a person's name less than this share of those times (per cent) is a word of
/// the language that starts no name: Dünya (0 of 321), Güney (2 of 124), Kasım (4 of 159);
/// Deniz (10 of 34) stays a given name.
const MAX_WORD_NAME_SHARE_PERCENT: u32 = 20;

/// The counts of one word (folded).
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    person: u32,
    capitalised: u32,
    place: u32,
    lower: u32,
}

/// The learned counts of one language, keyed by the folded word.
#[derive(Debug, Default)]
pub(super) struct LearnedNames {
    words: HashMap<String, Counts, foldhash::fast::RandomState>,
}

impl LearnedNames {
    /// Reads `word<TAB>person<TAB>capitalised<TAB>place<TAB>lower` lines (`#` starts a comment).
    /// Words that fold alike (Ali, Alî) add up.
    ///
    /// # Errors
    /// A message naming `path` and the line, for a line without five fields or with a count
    /// that is not a number.
    pub(super) fn parse(path: &str, text: &str) -> Result<Self, String> {
        let mut words: HashMap<String, Counts, foldhash::fast::RandomState> = HashMap::default();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let bad = || format!("{path}: line {}: expected a word and four counts", n + 1);
            let [word, person, capitalised, place, lower] = fields[..] else {
                return Err(bad());
            };
            let count = |s: &str| s.trim().parse::<u32>().map_err(|_| bad());
            let entry = words.entry(normalize(word)).or_default();
            entry.person += count(person)?;
            entry.capitalised += count(capitalised)?;
            entry.place += count(place)?;
            entry.lower += count(lower)?;
        }
        Ok(LearnedNames { words })
    }

    /// Does the folded `key` read as a person's name standing alone: seen in a person's name,
    /// mostly so where capitalised, less often in a place's, and not written in lower case more
    /// often than as a name?
    pub(super) fn is_name(&self, key: &str) -> bool {
        self.words.get(key).is_some_and(|c| {
            c.person >= MIN_PERSON_USES
                && c.person * 100 >= c.capitalised * MIN_NAME_SHARE_PERCENT
                && c.place < c.person
                && c.lower <= c.person
        })
    }

    /// May the folded `key`, shaped like a surname, be one at a sentence start: counts were
    /// learned for this language, and they show it neither as a word nor in lower case?
    pub(super) fn knows_as_name_shape(&self, key: &str) -> bool {
        !self.words.is_empty()
            && self
                .words
                .get(key)
                .is_none_or(|c| c.lower == 0 && !self.is_word(key))
    }

    /// Is the folded `key` a word of the language that is rarely a name, however capitalised?
    pub(super) fn is_word(&self, key: &str) -> bool {
        self.words.get(key).is_some_and(|c| {
            c.capitalised >= MIN_WORD_EVIDENCE
                && c.person * 100 < c.capitalised * MAX_WORD_NAME_SHARE_PERCENT
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# word\tperson\tcapitalised\tplace\tlower\n\
        newton\t12\t12\t0\t0\n\
        dünya\t0\t321\t24\t86\n\
        deniz\t10\t34\t2\t48\n\
        alan\t21\t22\t0\t324\n\
        jackson\t3\t6\t3\t0\n\
        ali\t2\t3\t0\t0\n\
        alî\t1\t1\t0\t0\n";

    #[test]
    fn reads_names_and_words_from_counts() {
        let learned = LearnedNames::parse("names.tsv", SAMPLE).unwrap();
        let cases = [
            // (word, a name alone, a word that starts no name)
            ("newton", true, false),
            ("dunya", false, true),
            // A given name that is also a word, 10 of 34: neither reading is sure.
            ("deniz", false, false),
            // Mostly a name capitalised, but a common word ("alan", "field") in lower case.
            ("alan", false, false),
            // As often a place's as a person's.
            ("jackson", false, false),
            // Ali and Alî fold alike: 3 of 4.
            ("ali", true, false),
            ("unseen", false, false),
        ];
        for (word, name, is_word) in cases {
            assert_eq!(learned.is_name(word), name, "{word} as a name");
            assert_eq!(learned.is_word(word), is_word, "{word} as a word");
        }
    }

    #[test]
    fn a_surname_shape_at_a_sentence_start_needs_counts_that_know_no_such_word() {
        let learned = LearnedNames::parse("names.tsv", SAMPLE).unwrap();
        assert!(learned.knows_as_name_shape("newton"));
        assert!(learned.knows_as_name_shape("kalayoglu"), "unseen");
        assert!(
            !learned.knows_as_name_shape("deniz"),
            "written in lower case"
        );
        assert!(!learned.knows_as_name_shape("dunya"));
        assert!(
            !LearnedNames::default().knows_as_name_shape("newton"),
            "no counts"
        );
    }

    #[test]
    fn a_bad_line_names_the_file_and_line() {
        let err = LearnedNames::parse("names.tsv", "# x\nnewton\t1\t1\n").unwrap_err();
        assert_eq!(err, "names.tsv: line 2: expected a word and four counts");
        let err = LearnedNames::parse("names.tsv", "newton\t1\tx\t0\t0\n").unwrap_err();
        assert!(err.starts_with("names.tsv: line 1"), "{err}");
    }

    #[test]
    fn the_shipped_turkish_counts_parse() {
        let text = include_str!("../../data/people/tr/names.tsv");
        let learned = LearnedNames::parse("data/people/tr/names.tsv", text).unwrap();
        assert!(learned.words.len() > 10_000);
    }
}
