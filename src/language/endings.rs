//! One language's endings table (`data/languages/<lang>/endings.tsv`), read and asked.
//!
//! The table is folded at load the way names are (`crate::normalize::normalize`), so the
//! matcher compares it with the folded text it already has, byte for byte.

use crate::normalize::normalize;
use crate::{Error, Result};

/// An ending's position in its language's list of endings (see [`Endings::ending_id`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EndingId(pub u16);

/// A set of endings a name of one shape takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassId(pub u16);

/// What a shape matches at the end of a folded name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    /// `Some(true)`: one vowel before `tail`; `Some(false)`: one consonant; `None`: anything.
    before: Option<bool>,
    /// The literal ending, folded (empty for `C`, `V` and `*`).
    tail: String,
}

/// A rule: names of `shape` drop `strip` and take the endings of `class`.
#[derive(Debug, Clone)]
struct Rule {
    shape: Shape,
    /// Folded text dropped from the name before an ending; empty when nothing is.
    strip: String,
    class: ClassId,
}

/// An adjective before a name's last word, with the forms it takes when the name inflects.
#[derive(Debug, Clone)]
struct Adjective {
    shape: Shape,
    strip: String,
    forms: Vec<String>,
}

/// A language's endings: which endings a name takes after its whole form or after its stem.
#[derive(Debug, Clone, Default)]
pub struct Endings {
    /// The language's letters, folded: a name must end in one for the rules to apply.
    letters: Vec<char>,
    vowels: Vec<char>,
    /// Endings may follow an apostrophe (Turkish `İran'ın`).
    apostrophe: bool,
    rules: Vec<Rule>,
    adjectives: Vec<Adjective>,
    /// Every ending of every class, sorted; an [`EndingId`] indexes it.
    endings: Vec<String>,
    /// Each class's endings, sorted ids.
    classes: Vec<Vec<EndingId>>,
    /// Endings of surnames (Russian -ов, Armenian -յան), folded.
    surnames: Vec<String>,
    /// Word endings that look like a surname's but are not (Armenian -ության, "of the
    /// republic": Հանրապետության ends in -յան).
    not_surnames: Vec<String>,
    /// Words written capitalised that are never a place's name (Turkish months), folded.
    not_names: Vec<String>,
    /// Endings that the language's common words take (Turkish possessive -sı: "Valisi", "its
    /// governor"), folded and sorted: with a word list they tell a word from a name.
    word_endings: Vec<String>,
    /// Endings of patronymics (Russian -ович, -овна), folded.
    patronymics: Vec<String>,
}

impl Endings {
    /// Reads a table (`data/languages/<lang>/endings.tsv`); `path` names it in errors.
    ///
    /// # Errors
    /// A line that is not one of the table's kinds, or a rule without endings, with its line.
    pub fn parse(path: &str, text: &str) -> Result<Self> {
        let bad =
            |line: usize, what: &str| Error::Gazetteer(format!("{path}: line {line}: {what}"));
        let mut table = Endings::default();
        let mut raw_classes: Vec<Vec<String>> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let number = i + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let field = |k: usize| fields.get(k).copied().unwrap_or("").trim();
            match field(0) {
                "letters" => table.letters = normalize(field(1)).chars().collect(),
                "vowels" => table.vowels = normalize(field(1)).chars().collect(),
                "apostrophe" => table.apostrophe = field(1) == "yes",
                "surname" => table
                    .surnames
                    .extend(field(1).split_whitespace().map(normalize)),
                "not-name" => table
                    .not_names
                    .extend(field(1).split_whitespace().map(normalize)),
                "word-ending" => table
                    .word_endings
                    .extend(field(1).split_whitespace().map(normalize)),
                "patronymic" => table
                    .patronymics
                    .extend(field(1).split_whitespace().map(normalize)),
                "not-surname" => table
                    .not_surnames
                    .extend(field(1).split_whitespace().map(normalize)),
                kind @ ("rule" | "adjective") => {
                    let shape = parse_shape(field(1))
                        .ok_or_else(|| bad(number, "a shape is an ending, C, V or *"))?;
                    let strip = if field(2) == "-" {
                        String::new()
                    } else {
                        normalize(field(2))
                    };
                    let mut endings: Vec<String> = field(3)
                        .split_whitespace()
                        .map(normalize)
                        .filter(|e| !e.is_empty())
                        .collect();
                    endings.sort();
                    endings.dedup();
                    if endings.is_empty() {
                        return Err(bad(number, "no endings listed"));
                    }
                    if kind == "rule" {
                        table.rules.push(Rule {
                            shape,
                            strip,
                            class: ClassId(raw_classes.len() as u16),
                        });
                        raw_classes.push(endings);
                    } else {
                        table.adjectives.push(Adjective {
                            shape,
                            strip,
                            forms: endings,
                        });
                    }
                }
                other => return Err(bad(number, &format!("unknown line kind {other:?}"))),
            }
        }
        let mut all: Vec<String> = raw_classes.iter().flatten().cloned().collect();
        all.sort();
        all.dedup();
        table.classes = raw_classes
            .iter()
            .map(|class| {
                let mut ids: Vec<EndingId> = class
                    .iter()
                    .map(|e| EndingId(all.binary_search(e).expect("listed above") as u16))
                    .collect();
                ids.sort();
                ids
            })
            .collect();
        table.endings = all;
        table.word_endings.sort();
        table.word_endings.dedup();
        Ok(table)
    }

    /// Do this language's rules apply to a name whose folded form ends in `last`?
    pub fn writes(&self, last: char) -> bool {
        self.letters.contains(&last)
    }

    /// May the endings follow an apostrophe after the name?
    pub fn after_apostrophe(&self) -> bool {
        self.apostrophe
    }

    /// The id of a folded ending, if the language has it.
    pub fn ending_id(&self, ending: &str) -> Option<EndingId> {
        self.endings
            .binary_search_by(|e| e.as_str().cmp(ending))
            .ok()
            .map(|i| EndingId(i as u16))
    }

    /// Does class `class` hold ending `ending`?
    pub fn class_has(&self, class: ClassId, ending: EndingId) -> bool {
        self.classes[class.0 as usize]
            .binary_search(&ending)
            .is_ok()
    }

    /// The class of endings the whole folded `name` takes (a rule with nothing to strip).
    pub fn whole_name_class(&self, name: &str) -> Option<ClassId> {
        self.rules
            .iter()
            .find(|r| r.strip.is_empty() && self.fits(&r.shape, name))
            .map(|r| r.class)
    }

    /// The stem of a folded `name` (which a rule shortens before its endings) and the class of
    /// those endings; for a name of several words, the adjectives before its last word take
    /// each of their forms, so "нагорныи карабах" gives "нагорного карабах", "нагорном
    /// карабах" and the rest, each with the endings of "карабах".
    pub fn stems(&self, name: &str) -> Vec<(String, ClassId)> {
        if self.adjectives.is_empty() && self.rules.iter().all(|r| r.strip.is_empty()) {
            // Turkish and Azerbaijani add their endings to the whole name: no stems.
            return Vec::new();
        }
        let (head, last) = match name.rfind(' ') {
            Some(k) => (&name[..k + 1], &name[k + 1..]),
            None => ("", name),
        };
        let last_forms: Vec<(String, ClassId)> = {
            let mut forms = Vec::new();
            if let Some(rule) = self
                .rules
                .iter()
                .find(|r| !r.strip.is_empty() && self.fits(&r.shape, last))
            {
                if let Some(stem) = last.strip_suffix(rule.strip.as_str()) {
                    if !stem.is_empty() {
                        forms.push((stem.to_string(), rule.class));
                    }
                }
            }
            if !head.is_empty() {
                // In a name of several words the last one keeps its whole form too: the
                // adjectives before it change (Нагорного Карабаха).
                if let Some(class) = self.whole_name_class(last) {
                    forms.push((last.to_string(), class));
                }
            }
            forms
        };
        if head.is_empty() {
            return last_forms;
        }
        // The words before the last: each adjective in its forms, other words as they are.
        let mut heads: Vec<String> = vec![String::new()];
        let mut inflected = false;
        for word in head.split(' ').filter(|w| !w.is_empty()) {
            let forms: Vec<String> = match self
                .adjectives
                .iter()
                .find(|a| self.fits(&a.shape, word))
                .and_then(|a| word.strip_suffix(a.strip.as_str()).map(|stem| (a, stem)))
            {
                Some((adjective, stem)) if !stem.is_empty() => {
                    inflected = true;
                    adjective
                        .forms
                        .iter()
                        .map(|f| format!("{stem}{f}"))
                        .collect()
                }
                _ => vec![word.to_string()],
            };
            heads = heads
                .iter()
                .flat_map(|h| forms.iter().map(move |f| format!("{h}{f} ")))
                .take(MAX_HEAD_FORMS)
                .collect();
        }
        if !inflected {
            // Only the last word inflects ("Южно-Сахалинск" is one word; "Нью-Йорк" keeps "нью").
            return last_forms
                .into_iter()
                .filter(|(stem, _)| stem != last)
                .map(|(stem, class)| (format!("{head}{stem}"), class))
                .collect();
        }
        heads
            .iter()
            .flat_map(|h| last_forms.iter().map(move |(s, c)| (format!("{h}{s}"), *c)))
            .collect()
    }

    /// Every ending a name of this language may take, folded.
    pub fn name_endings(&self) -> impl Iterator<Item = &str> {
        self.endings.iter().map(String::as_str)
    }

    /// Is the folded `ending` one that the language's common words take (`word-ending`)?
    pub fn is_word_ending(&self, ending: &str) -> bool {
        self.word_endings
            .binary_search_by(|e| e.as_str().cmp(ending))
            .is_ok()
    }

    /// The longest `word-ending`, in bytes (0 when the table lists none).
    pub fn longest_word_ending(&self) -> usize {
        self.word_endings.iter().map(String::len).max().unwrap_or(0)
    }

    /// Is the folded `word` one the language writes capitalised but never as a place's name?
    pub fn is_not_name(&self, word: &str) -> bool {
        self.not_names.iter().any(|n| n == word)
    }

    /// Is the folded `word` shaped like a surname of this language: a surname ending (Russian
    /// -ов, Armenian -յան) after at least two letters, then nothing or one of the language's
    /// endings (Мирзоян|ом, Միրզոյան|ը)?
    pub fn is_surname(&self, word: &str) -> bool {
        let ends_like_surname = |w: &str| {
            !self.not_surnames.iter().any(|n| w.ends_with(n.as_str()))
                && self.surnames.iter().any(|s| {
                    w.strip_suffix(s.as_str())
                        .is_some_and(|stem| stem.chars().nth(1).is_some())
                })
        };
        ends_like_surname(word)
            || self.endings.iter().any(|e| {
                word.strip_suffix(e.as_str())
                    .is_some_and(&ends_like_surname)
            })
    }

    /// Is the folded `word` shaped like a patronymic of this language: a patronymic ending
    /// (Russian -ович, -овна) after at least two letters, then nothing or one of the language's
    /// endings (Викторович, Викторовича)?
    pub fn is_patronymic(&self, word: &str) -> bool {
        let ends_like = |w: &str| {
            self.patronymics.iter().any(|p| {
                w.strip_suffix(p.as_str())
                    .is_some_and(|stem| stem.chars().nth(1).is_some())
            })
        };
        ends_like(word)
            || self
                .endings
                .iter()
                .any(|e| word.strip_suffix(e.as_str()).is_some_and(ends_like))
    }

    /// Does a rule whose shape ends in a written ending of at least `letters` letters fit the
    /// folded `name`? ("захарова" fits Russian surnames' -ова; "пашиняна" fits only -а, a
    /// shape every noun in -а has.)
    pub fn fits_long_shape(&self, name: &str, letters: usize) -> bool {
        self.rules
            .iter()
            .any(|r| r.shape.tail.chars().count() >= letters && self.fits(&r.shape, name))
    }

    /// The endings of class `class`, folded.
    pub fn class_endings(&self, class: ClassId) -> impl Iterator<Item = &str> + '_ {
        self.classes[class.0 as usize]
            .iter()
            .map(|id| self.endings[id.0 as usize].as_str())
    }

    /// Every form of the folded `name` by this table: the name itself, the name with each
    /// ending of its whole-name class, and each stem with the endings of its class
    /// ("лавров" -> "лавров", "лаврова", "лаврову", "лавровым", "лаврове").
    pub fn forms(&self, name: &str) -> Vec<String> {
        let mut forms = vec![name.to_string()];
        if let Some(class) = self.whole_name_class(name) {
            forms.extend(self.class_endings(class).map(|e| format!("{name}{e}")));
        }
        for (stem, class) in self.stems(name) {
            forms.extend(self.class_endings(class).map(|e| format!("{stem}{e}")));
        }
        forms
    }

    /// The folded names of which the folded `word` is a form with an ending (not the word
    /// itself): "лаврова" -> "лавров" (and "лаврова" would be listed only if another name
    /// inflected to it). Asked of the few names a document names in full, never of every word.
    pub fn lemmas(&self, word: &str) -> Vec<String> {
        let mut lemmas: Vec<String> = Vec::new();
        for ending in &self.endings {
            let Some(stem) = word.strip_suffix(ending.as_str()) else {
                continue;
            };
            if stem.chars().nth(1).is_none() {
                continue;
            }
            let candidates = std::iter::once(stem.to_string()).chain(
                self.rules
                    .iter()
                    .filter(|r| !r.strip.is_empty())
                    .map(|r| format!("{stem}{}", r.strip)),
            );
            for name in candidates {
                if name != word
                    && !lemmas.contains(&name)
                    && self.forms(&name)[1..].iter().any(|f| f == word)
                {
                    lemmas.push(name);
                }
            }
        }
        lemmas
    }

    fn fits(&self, shape: &Shape, name: &str) -> bool {
        let Some(rest) = name.strip_suffix(shape.tail.as_str()) else {
            return false;
        };
        match shape.before {
            None => !name.is_empty(),
            Some(vowel) => rest
                .chars()
                .next_back()
                .is_some_and(|c| self.letters.contains(&c) && self.vowels.contains(&c) == vowel),
        }
    }
}

/// Forms of the words before a name's last word, at most: the adjective lines give two to four
/// forms, so two adjectives give at most sixteen; a third adjective's forms beyond that are
/// not made (a name no one inflects whole).
const MAX_HEAD_FORMS: usize = 16;

fn parse_shape(s: &str) -> Option<Shape> {
    if s == "*" {
        return Some(Shape {
            before: None,
            tail: String::new(),
        });
    }
    let (before, tail) = match s.chars().next()? {
        'C' => (Some(false), &s[1..]),
        'V' => (Some(true), &s[1..]),
        _ => (None, s),
    };
    let tail = normalize(tail);
    (before.is_some() || !tail.is_empty()).then_some(Shape { before, tail })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "letters\tабвгдежзийклмнопрстуфхцчшщъыьэюя\nvowels\tаеиоуыэюя\n\
        rule\tия\tия\tии ию\tРоссия\nrule\tа\tа\tы е у\tМосква\nrule\tC\t-\tа е ом\tЕреван\n\
        adjective\tый\tый\tого ом\tНагорный\n";

    #[test]
    fn stems_and_classes_follow_the_shape() {
        let t = Endings::parse("t", TABLE).unwrap();
        let stems = t.stems("москва");
        assert_eq!(stems.len(), 1);
        assert_eq!(stems[0].0, "москв");
        let e = t.ending_id("е").unwrap();
        assert!(t.class_has(stems[0].1, e));
        assert!(t
            .ending_id("ом")
            .is_some_and(|om| !t.class_has(stems[0].1, om)));
        assert_eq!(t.stems("россия")[0].0, "росс");
        // A consonant-final name keeps its whole form: no stem, a class of its own.
        assert!(t.stems("ереван").is_empty());
        let class = t.whole_name_class("ереван").unwrap();
        assert!(t.class_has(class, t.ending_id("ом").unwrap()));
        // Vowel-final names without a rule do not inflect.
        assert_eq!(t.whole_name_class("баку"), None);
        assert!(t.stems("баку").is_empty());
    }

    #[test]
    fn adjectives_before_the_last_word_take_their_forms() {
        let t = Endings::parse("t", TABLE).unwrap();
        // й folds to и in the matcher's text; the table was folded the same way.
        let mut stems: Vec<String> = t
            .stems(&normalize("Нагорный Карабах"))
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        stems.sort();
        assert_eq!(stems, ["нагорного карабах", "нагорном карабах"]);
        let mut stems: Vec<String> = t
            .stems("новая москва")
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        stems.sort();
        assert_eq!(stems, ["новая москв"]);
    }

    #[test]
    fn bad_lines_name_their_line() {
        let err = Endings::parse("x.tsv", "letters\tab\nrule\tа\tа\t\tx\n").unwrap_err();
        assert!(err.to_string().contains("x.tsv: line 2"), "{err}");
        let err = Endings::parse("x.tsv", "nonsense\n").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}
