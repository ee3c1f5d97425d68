//! People in running text: names the gazetteer lacks, places inside person names, and
//! coreference.
//!
//! After resolution, five document-level passes:
//!
//! 1. **Unlinked people.** A title written before capitalised words ("Foreign Minister Jeyhun
//!    Bayramov", "spokeswoman Shushan Stepanyan", "Dr. Jane Smith"), or a given name
//!    followed by a surname-like word ("Andy Warhol", "Daniel Montalvo"), is a person. When the
//!    gazetteer has no such person, the name becomes an `unlinked` mention, listed in
//!    `people.csv` for curation.
//! 2. **Places inside person names** are not places: "Washington" in "George Washington",
//!    "Jordan" in "Jordan Peterson", "Kent" in "Mr Kent".
//! 3. **Listed names.** Two or three capitalised words listed beside a person's name are a
//!    person's name too ("Romelu Lukaku, Yannick Carrasco, and Dries Mertens").
//! 4. **Coreference.** After a full name (linked or not), a bare surname is the same person
//!    ("Lavrov", "Warhol's"), even where the surname is also a place ("Montalvo"). So is a bare
//!    given name ("Daniel" after "Daniel Montalvo") when only one person of the document bears
//!    it and no country, state or capital is found there ("Jordan" after "Jordan Peterson" stays
//!    the country; "Mary" after "Mary Magdalene" is not the Turkmen town).
//! 5. **Lone given names.** A given name written alone, where nothing else was found, at least
//!    twice away from sentence starts, is a person known by that name ("their child, Gloria").
//!
//! The word lists are data (`data/curated/`): common given names and surnames (1990 US Census),
//! given names of many countries (Faker), titles, and the capitalised words that end a name rather
//! than continue it ("Assembly", "Tech").

use std::collections::{HashMap, HashSet};

use crate::gazetteer::EntityKind;
use crate::mention::{Mention, Method};
use crate::normalize::{is_function_word, normalize, words, Word};

/// Confidence of a person recognised from a title or a given name, without a gazetteer entry.
pub const UNLINKED_CONFIDENCE: f64 = 0.7;

/// Confidence of a surname linked to a person named in full earlier in the document.
pub const COREF_CONFIDENCE: f64 = 0.9;

/// The most capitalised words taken as one person's name after a title or given name.
pub const MAX_NAME_WORDS: usize = 3;

/// A given name written alone is taken for a person when it occurs at least this often in the
/// document, away from sentence starts ("Gloria" in a story about a child called Gloria).
pub const LONE_GIVEN_NAME_MIN_USES: usize = 2;

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
    given: HashSet<String>,
    /// The common ones (US Census): frequent enough to start a name even where they are also a
    /// place ("Regina Ip").
    common_given: HashSet<String>,
    /// Those that are not also English words ("Gloria", not "Mark" or "Grace"), nor months.
    wordless_given: HashSet<String>,
    surnames: HashSet<String>,
    /// Titles as normalized word sequences, longest first, each with whether it is written as an
    /// abbreviation ("Dr.").
    titles: Vec<(Vec<String>, bool)>,
    stops: HashSet<String>,
}

impl PersonLexicon {
    /// The lists shipped in `data/curated/`.
    pub fn embedded() -> Self {
        Self::from_lists(&NameLists {
            common_given: include_str!("../data/curated/given-names.txt"),
            world_given: include_str!("../data/curated/given-names-world.txt"),
            surnames: include_str!("../data/curated/surnames.txt"),
            titles: include_str!("../data/curated/titles.txt"),
            stops: include_str!("../data/curated/name-stops.txt"),
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
        let common_given: HashSet<String> = entries(lists.common_given).into_iter().collect();
        let world_given: HashSet<String> = entries(lists.world_given).into_iter().collect();
        let mut given = common_given.clone();
        given.extend(world_given.iter().cloned());
        for feast in FEASTS {
            given.remove(*feast);
        }
        let mut wordless_given = world_given;
        for word in CALENDAR_WORDS.iter().chain(FEASTS) {
            wordless_given.remove(*word);
        }
        PersonLexicon {
            given,
            common_given,
            wordless_given,
            surnames: entries(lists.surnames).into_iter().collect(),
            titles,
            stops: entries(lists.stops).into_iter().collect(),
        }
    }
}

impl PersonLexicon {
    /// Is this normalized word a given name? A hyphenated one is when each part is
    /// ("Lin-Manuel", "Jean-Claude", "Anne-Marie").
    fn is_given(&self, key: &str) -> bool {
        if self.given.contains(key) {
            return true;
        }
        let mut parts = key
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty());
        let first = parts.next();
        let mut rest = parts.peekable();
        first.is_some_and(|f| self.given.contains(f))
            && rest.peek().is_some()
            && rest.all(|p| self.given.contains(p))
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

/// A document's words, and each word normalized: what every person rule reads.
struct Tokens<'t> {
    text: &'t str,
    words: Vec<Word>,
    /// `keys[i]` is `words[i]` normalized ("Şuşa" -> "susa").
    keys: Vec<String>,
}

impl<'t> Tokens<'t> {
    fn new(text: &'t str) -> Self {
        let words = words(text);
        let keys = words
            .iter()
            .map(|w| normalize(&text[w.start..w.end]))
            .collect();
        Tokens { text, words, keys }
    }
}

/// Are two words next to each other in the same phrase (only spaces between them)? With
/// `abbreviation`, word `a` may end in a full stop ("Dr. Jane", "George W. Bush").
fn adjacent(text: &str, a: &Word, b: &Word, abbreviation: bool) -> bool {
    let between = &text[a.end..b.start];
    let between = match between.strip_prefix('.') {
        Some(rest) if abbreviation => rest,
        Some(_) => return false,
        None => between,
    };
    !between.is_empty() && between.chars().all(|c| c == ' ' || c == '\u{a0}')
}

/// Is this word an initial ("W" in "George W. Bush")? A full stop after it does not end the name.
fn is_initial(text: &str, word: &Word) -> bool {
    let mut chars = text[word.start..word.end].chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// Runs the four passes over one document's resolved mentions (sorted by start).
pub fn find_people(lexicon: &PersonLexicon, doc: &str, text: &str, mentions: &mut Vec<Mention>) {
    let tokens = Tokens::new(text);
    let Tokens { words, keys, .. } = &tokens;
    let mut spans: Vec<(usize, usize)> = Vec::new(); // word index ranges [first, last]
    let mut i = 0;
    while i < words.len() {
        if let Some(last) = surname_first_name(&tokens, i)
            .or_else(|| regional_surname_name(lexicon, &tokens, mentions, i))
        {
            spans.push((i, last));
            i = last + 1;
            continue;
        }
        if let Some(after) = title_end(lexicon, &tokens, i) {
            let name = surname_first_name(&tokens, after)
                .or_else(|| name_words(lexicon, &tokens, after, mentions, true));
            if let Some(last) = name {
                spans.push((after, last));
                i = last + 1;
                continue;
            }
        }
        // A given name at a sentence start may be another word ("Will Congress act?", "May Day"):
        // the name stops ("Congress", "Day") are what keeps those out.
        // An acronym is not a given name ("IRENA", "LONDON Pope Francis"), unless the name
        // around it is written in capitals too ("GILLIAN WONG").
        if words[i].capitalised
            && lexicon.is_given(&keys[i])
            && i + 1 < words.len()
            && adjacent(text, &words[i], &words[i + 1], is_initial(text, &words[i]))
            && !inside_longer_place(&words[i], mentions)
            && (!is_all_capitals(text, &words[i]) || is_all_capitals(text, &words[i + 1]))
        {
            // A less common given name that is also a place ("Houston", "Texas") starts a
            // person's name only before a known surname ("Houston Nutt", not "Houston Texans").
            let place_like = !lexicon.common_given.contains(&keys[i])
                && mentions.iter().any(|m| {
                    m.kind == EntityKind::Place
                        && (m.start_byte, m.end_byte) == (words[i].start, words[i].end)
                });
            let surname_follows = lexicon.surnames.contains(&keys[i + 1]);
            if place_like && !surname_follows {
                i += 1;
                continue;
            }
            if let Some(last) = name_words(lexicon, &tokens, i + 1, mentions, true) {
                spans.push((i, last));
                i = last + 1;
                continue;
            }
        }
        i += 1;
    }
    for (first, last) in spans {
        let (start, end) = (words[first].start, words[last].end);
        let overlapping: Vec<usize> = (0..mentions.len())
            .filter(|&m| mentions[m].start_byte < end && start < mentions[m].end_byte)
            .collect();
        // A linked person or an organisation already covers this name: keep it.
        if overlapping
            .iter()
            .any(|&m| mentions[m].kind != EntityKind::Place)
        {
            continue;
        }
        let surface = &text[start..end];
        let name = surface.split_whitespace().collect::<Vec<_>>().join(" ");
        mentions.retain(|m| !(m.start_byte < end && start < m.end_byte));
        mentions.push(unlinked(doc, start, end, surface, &name));
    }
    mentions.sort_by_key(|m| m.start_byte);
    find_listed_names(lexicon, doc, &tokens, mentions);
    link_surnames(lexicon, doc, &tokens, mentions);
    find_lone_given_names(lexicon, doc, &tokens, mentions);
}

/// A name listed beside a person's name is a person's name too: in "Romelu Lukaku, Yannick
/// Carrasco, and Dries Mertens" the given name "Yannick" makes one person, and the list makes the
/// two whose given names no list has. A listed name is two or three capitalised words that
/// nothing else claims, standing alone between the list's commas or "and" (a longer capitalised
/// run is another kind of name: "Goldman Sachs Group"). Across a plain comma the list must go on
/// beyond the pair: "John Smith, Senior Analyst" is a name and its description. A name in
/// apposition to a title ("the coach, Alireza Mehraban, said") starts a list too. Each name
/// found may extend the list.
fn find_listed_names(
    lexicon: &PersonLexicon,
    doc: &str,
    tokens: &Tokens,
    mentions: &mut Vec<Mention>,
) {
    let Tokens { text, words, keys } = tokens;
    let joined = |a: usize, b: usize| adjacent(text, &words[a], &words[b], false);
    let capitalised_before =
        |first: usize| first > 0 && words[first - 1].capitalised && joined(first - 1, first);
    let capitalised_after = |last: usize| {
        last + 1 < words.len() && words[last + 1].capitalised && joined(last, last + 1)
    };
    let is_title_word = |k: usize| {
        lexicon
            .titles
            .iter()
            .any(|(title, _)| title.contains(&keys[k]))
    };
    // Titles are not names: "John Smith, Prime Minister" lists an office.
    let name_word = |k: usize| {
        words[k].capitalised
            && !is_all_capitals(text, &words[k])
            && !lexicon.stops.contains(&keys[k])
            && !is_function_word(&keys[k])
            && !is_title_word(k)
    };
    let name_shaped = |first: usize, last: usize| {
        (1..MAX_NAME_WORDS).contains(&(last - first))
            && (first..=last).all(name_word)
            && (first + 1..=last).all(|k| joined(k - 1, k))
            && !capitalised_before(first)
            && !capitalised_after(last)
    };
    let between = |a: usize, b: usize| &text[words[a].end..words[b].start];
    // The listed name after word `last` (", X Y", ", and X Y", " and X Y"), and whether a plain
    // comma separates it.
    let item_after = |last: usize| -> Option<(usize, usize, bool)> {
        let j = last + 1;
        if j >= words.len() {
            return None;
        }
        let (start, comma) = match (between(last, j), keys[j].as_str()) {
            (", " | " ", "and") if j + 1 < words.len() && between(j, j + 1) == " " => {
                (j + 1, false)
            }
            (", ", key) if key != "and" => (j, true),
            _ => return None,
        };
        let end = (start + 1..(start + MAX_NAME_WORDS).min(words.len()))
            .take_while(|&k| words[k].capitalised && joined(k - 1, k))
            .last()?;
        name_shaped(start, end).then_some((start, end, comma))
    };
    // The listed name before word `first` ("X Y, ", "X Y and ", "X Y, and "), and whether a plain
    // comma separates it. A determiner before it makes it a description ("a Digital Drama
    // Series"), and "of" an affiliation ("Raymond Chan of People Power, and Leung Kwok-hung").
    let item_before = |first: usize| -> Option<(usize, usize, bool)> {
        let i = first.checked_sub(1)?;
        let (end, comma) = match (between(i, first), keys[i].as_str()) {
            (" ", "and") if i > 0 && matches!(between(i - 1, i), ", " | " ") => (i - 1, false),
            (", ", _) => (i, true),
            _ => return None,
        };
        let start = (end.saturating_sub(MAX_NAME_WORDS - 1)..end)
            .rev()
            .take_while(|&k| words[k].capitalised && joined(k, k + 1))
            .last()?;
        let described = start > 0 && NOT_BEFORE_A_LISTED_NAME.contains(&keys[start - 1].as_str());
        (name_shaped(start, end) && !described).then_some((start, end, comma))
    };
    let claimed = |mentions: &[Mention], a: usize, b: usize| {
        let (start, end) = (words[a].start, words[b].end);
        mentions
            .iter()
            .any(|m| m.start_byte < end && start < m.end_byte)
    };
    let add = |mentions: &mut Vec<Mention>, a: usize, b: usize| {
        let (start, end) = (words[a].start, words[b].end);
        let surface = &text[start..end];
        let name = surface.split_whitespace().collect::<Vec<_>>().join(" ");
        mentions.push(unlinked(doc, start, end, surface, &name));
    };
    let word_at = |byte: usize| words.binary_search_by_key(&byte, |w| w.start).ok();
    let word_ending_at = |byte: usize| words.binary_search_by_key(&byte, |w| w.end).ok();
    let mut found: Vec<(usize, usize)> = mentions
        .iter()
        .filter(|m| {
            m.kind == EntityKind::Person
                && m.method != Method::Coref
                && m.surface.trim().contains(char::is_whitespace)
        })
        .filter_map(|m| Some((word_at(m.start_byte)?, word_ending_at(m.end_byte)?)))
        .filter(|&(first, last)| {
            let after_title = first > 0 && is_title_word(first - 1);
            (after_title || !capitalised_before(first)) && !capitalised_after(last)
        })
        .collect();
    // A name in apposition to a title is a person's: "the Afghan team's coach, Alireza
    // Mehraban, said". The name must close the apposition (a comma or a full stop after it).
    for end in 0..words.len() {
        let Some((a, b, true)) = item_after(end) else {
            continue;
        };
        let title_ends_here = lexicon.titles.iter().any(|(title, _)| {
            title.len() <= end + 1 && keys[end + 1 - title.len()..=end] == title[..]
        });
        if title_ends_here {
            let closed = words
                .get(b + 1)
                .map_or(&text[words[b].end..], |w| &text[words[b].end..w.start])
                .trim_start()
                .starts_with([',', '.', ';']);
            if closed && !claimed(mentions, a, b) {
                add(mentions, a, b);
                found.push((a, b));
            }
        }
    }
    let mut next = 0;
    while next < found.len() {
        let (first, last) = found[next];
        next += 1;
        let (after, before) = (item_after(last), item_before(first));
        let mut neighbours = Vec::new();
        if let Some((a, b, comma)) = after {
            if !comma || before.is_some() || item_after(b).is_some() {
                neighbours.push((a, b));
            }
        }
        if let Some((a, b, comma)) = before {
            if !comma || after.is_some() || item_before(a).is_some() {
                neighbours.push((a, b));
            }
        }
        for (a, b) in neighbours {
            if !claimed(mentions, a, b) {
                add(mentions, a, b);
                found.push((a, b));
            }
        }
    }
    mentions.sort_by_key(|m| m.start_byte);
}

/// Words that make the capitalised words after them a description or an affiliation, not a
/// listed person's name (normalized).
const NOT_BEFORE_A_LISTED_NAME: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
    "your", "of", "from", "for", "at",
];

/// A given name written alone where nothing else was found, repeatedly and away from sentence
/// starts, is a person known by that name ("Gloria" in "their child, Gloria."): news names a
/// child, a victim or an artwork's subject so. Only given names that are not also English words
/// qualify ("Grace", "Mark" and "Will" do not).
fn find_lone_given_names(
    lexicon: &PersonLexicon,
    doc: &str,
    tokens: &Tokens,
    mentions: &mut Vec<Mention>,
) {
    let Tokens { text, words, keys } = tokens;
    let lone: Vec<usize> = (0..words.len())
        .filter(|&w| {
            let word = &words[w];
            word.capitalised
                && !is_all_capitals(text, word)
                && lexicon.wordless_given.contains(&keys[w])
                && !words
                    .get(w + 1)
                    .is_some_and(|next| next.capitalised && adjacent(text, word, next, false))
                && !(w > 0 && words[w - 1].capitalised && adjacent(text, &words[w - 1], word, true))
                && !mentions
                    .iter()
                    .any(|m| m.start_byte < word.end && word.start < m.end_byte)
        })
        .collect();
    let mut mid_sentence_uses: HashMap<&str, usize> = HashMap::new();
    for &w in &lone {
        if !starts_sentence(text, &words[w]) {
            *mid_sentence_uses.entry(keys[w].as_str()).or_default() += 1;
        }
    }
    let before = mentions.len();
    for &w in &lone {
        if mid_sentence_uses
            .get(keys[w].as_str())
            .copied()
            .unwrap_or(0)
            >= LONE_GIVEN_NAME_MIN_USES
        {
            let (start, end) = (words[w].start, words[w].end);
            mentions.push(unlinked(
                doc,
                start,
                end,
                &text[start..end],
                &text[start..end],
            ));
        }
    }
    if mentions.len() > before {
        mentions.sort_by_key(|m| m.start_byte);
    }
}

/// Is this word written in capitals ("IRENA", "LONDON")? One letter is an initial, not that.
fn is_all_capitals(text: &str, word: &Word) -> bool {
    let letters = || {
        text[word.start..word.end]
            .chars()
            .filter(|c| c.is_alphabetic())
    };
    letters().nth(1).is_some() && letters().all(char::is_uppercase)
}

/// Does this word open a sentence or a line (so that any word would be capitalised there)?
fn starts_sentence(text: &str, word: &Word) -> bool {
    let before = text[..word.start].trim_end_matches([' ', '\u{a0}', '"', '\'', '“', '‘', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n'])
}

/// If a title starts at word `i`, the index of the first word after it (titles may stack:
/// "Deputy Foreign Minister").
fn title_end(lexicon: &PersonLexicon, tokens: &Tokens, i: usize) -> Option<usize> {
    let Tokens { text, words, keys } = tokens;
    let mut at = i;
    let mut abbreviated = false;
    'stack: loop {
        for (title, abbreviation) in &lexicon.titles {
            let end = at + title.len();
            if end > words.len() || keys[at..end] != title[..] {
                continue;
            }
            if (at + 1..end).any(|k| !adjacent(text, &words[k - 1], &words[k], *abbreviation)) {
                continue;
            }
            at = end;
            abbreviated = *abbreviation;
            continue 'stack;
        }
        break;
    }
    (at > i && at < words.len() && adjacent(text, &words[at - 1], &words[at], abbreviated))
        .then_some(at)
}

/// The last word of a name starting at word `first`: up to [`MAX_NAME_WORDS`] adjacent
/// capitalised words that are not name stops. `unknown_ok` lets a word that is neither a known
/// surname nor the start of a gazetteer mention count as a surname ("Warhol").
fn name_words(
    lexicon: &PersonLexicon,
    tokens: &Tokens,
    first: usize,
    mentions: &[Mention],
    unknown_ok: bool,
) -> Option<usize> {
    let Tokens { text, words, keys } = tokens;
    let mut last = None;
    let mut k = first;
    while k < words.len() && k < first + MAX_NAME_WORDS {
        let word = &words[k];
        // A name that runs straight into an organisation or place word is part of that name:
        // "Johnson Space Center", "Andy Warhol Museum".
        if k > first
            && word.capitalised
            && lexicon.stops.contains(&keys[k])
            && adjacent(text, &words[k - 1], word, false)
        {
            return None;
        }
        // A title before a name starts another person's name: "Rada Chairman Andriy Parubiy" is
        // the Rada's chairman, not a person called Rada.
        if title_end(lexicon, tokens, k).is_some_and(|after| words[after].capitalised) {
            break;
        }
        // Inside a name a full stop follows an initial only: "Nick Moreau. The" is two sentences.
        if !word.capitalised
            || lexicon.stops.contains(&keys[k])
            || is_function_word(&keys[k])
            || (k > 0
                && k != first
                && !adjacent(text, &words[k - 1], word, is_initial(text, &words[k - 1])))
        {
            break;
        }
        if k == first && k > 0 && !adjacent(text, &words[k - 1], word, true) {
            break;
        }
        let known = lexicon.surnames.contains(&keys[k]) || lexicon.is_given(&keys[k]);
        // A minor place after a given name is a surname ("Daniel Montalvo"); a major one is not
        // a name's continuation (a country, capital or division is what it is).
        // Only a place called so, or by its acronym ("US"), counts: a fuzzy guess or another
        // language's spelling is no evidence against a name ("Roberto Maroni" is not Moroni,
        // which GeoNames also spells Maroni).
        let starts_major_place = mentions.iter().any(|m| {
            m.start_byte == word.start
                && is_major_place(m)
                && m.method != Method::Fuzzy
                && (normalize(&m.surface) == normalize(&m.name)
                    || !m.surface.chars().any(char::is_lowercase))
        });
        let continues_name = known || (unknown_ok && !starts_major_place);
        if !continues_name {
            break;
        }
        last = Some(k);
        k += 1;
    }
    last
}

/// If a Chinese or Korean name written surname first starts at word `i` ("Lau Siu-lai", "Hwang
/// Hee-Chan", "Moon Jae-in"), the index of its last word. Such a name is a one-syllable surname
/// and a hyphenated two-syllable given name; requiring every part to have the shape of a
/// romanised syllable keeps out "Hong Kong-based" and "Coca-Cola". That shape is evidence
/// enough that a surname which is also a name stop counts ("Park Geun-hye").
fn surname_first_name(tokens: &Tokens, i: usize) -> Option<usize> {
    let Tokens { text, words, keys } = tokens;
    let (surname, given) = (words.get(i)?, words.get(i + 1)?);
    if !(surname.capitalised
        && given.capitalised
        && !is_all_capitals(text, surname)
        && adjacent(text, surname, given, false)
        && is_romanised_syllable(&keys[i]))
    {
        return None;
    }
    // The words keep a hyphen before a capital inside ("Hee-Chan") and split at one before a
    // small letter ("Siu", "lai").
    let (syllables, last): (Vec<&str>, usize) = if text[given.start..given.end].contains('-') {
        let parts = keys[i + 1].split(|c: char| !c.is_alphanumeric());
        (parts.filter(|p| !p.is_empty()).collect(), i + 1)
    } else {
        let second = words.get(i + 2)?;
        if &text[given.end..second.start] != "-" {
            return None;
        }
        (vec![&keys[i + 1], &keys[i + 2]], i + 2)
    };
    (syllables.len() == 2 && syllables.iter().all(|s| is_romanised_syllable(s))).then_some(last)
}

/// Surname endings of the Caucasus and the former Soviet Union, the region of this project's news
/// (normalized): Armenian -yan/-yants, Georgian -shvili/-dze, Ukrainian -enko, Russian and
/// Azerbaijani -ov/-ova/-ev/-eva, Slavic -vich/-ski/-sky, Turkic -oglu/-zade.
const REGIONAL_SURNAME_ENDINGS: &[&str] = &[
    "yan", "yants", "shvili", "dze", "enko", "ov", "ova", "ev", "eva", "vich", "ski", "sky",
    "oglu", "zade", "zadeh",
];

/// If a two-word name whose second word ends like a surname of the region starts at word `i`
/// ("Aren Melikyan", where "Aren" is in no list of given names), the index of its last word.
/// Neither word may be anything found already (a place, a demonym), a title, a name stop or a
/// function word, so "Lake Sevan" and "The Molotov" are not people.
fn regional_surname_name(
    lexicon: &PersonLexicon,
    tokens: &Tokens,
    mentions: &[Mention],
    i: usize,
) -> Option<usize> {
    let Tokens { text, words, keys } = tokens;
    let (first, surname) = (words.get(i)?, words.get(i + 1)?);
    let plain = |k: usize, word: &Word| {
        word.capitalised
            && !is_all_capitals(text, word)
            && !lexicon.stops.contains(&keys[k])
            && !is_function_word(&keys[k])
            && title_end(lexicon, tokens, k).is_none()
            && !mentions
                .iter()
                .any(|m| m.start_byte < word.end && word.start < m.end_byte)
    };
    let regional = keys[i + 1].len() >= 5
        && REGIONAL_SURNAME_ENDINGS
            .iter()
            .any(|ending| keys[i + 1].ends_with(ending));
    (regional && plain(i, first) && plain(i + 1, surname) && adjacent(text, first, surname, false))
        .then_some(i + 1)
}

/// Has this normalized word the shape of one romanised Chinese or Korean syllable: an onset, one
/// to three vowels, and a final n, ng, m, k, p, t, h, l, r or rk ("leung", "siu", "hwang", "park")?
fn is_romanised_syllable(word: &str) -> bool {
    const ONSETS: &[&str] = &["ch", "sh", "zh", "ts", "hs", "kw", "gw", "ng"];
    const FINALS: &[&str] = &["", "n", "ng", "m", "k", "p", "t", "h", "l", "r", "rk"];
    let is_vowel = |c: char| "aeiouy".contains(c);
    if !(2..=6).contains(&word.len()) || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let rest = match ONSETS.iter().find(|o| word.starts_with(**o)) {
        Some(onset) => &word[onset.len()..],
        None if !word.starts_with(is_vowel) => &word[1..],
        None => word,
    };
    // A glide after the onset: "hwang", "kwok".
    let rest = rest
        .strip_prefix('w')
        .filter(|r| r.starts_with(is_vowel))
        .unwrap_or(rest);
    let vowels = rest.chars().take_while(|&c| is_vowel(c)).count();
    (1..=3).contains(&vowels) && FINALS.contains(&&rest[vowels..])
}

/// Is this word part of a longer place name ("Angeles" in "Los Angeles")? It starts no person.
fn inside_longer_place(word: &Word, mentions: &[Mention]) -> bool {
    mentions.iter().any(|m| {
        m.kind == EntityKind::Place
            && m.start_byte <= word.start
            && word.end <= m.end_byte
            && (m.start_byte, m.end_byte) != (word.start, word.end)
    })
}

/// Countries, continents, regions, first-order divisions, capitals and seats of divisions.
fn is_major_place(m: &Mention) -> bool {
    m.kind == EntityKind::Place
        && m.feature_code.as_deref().is_some_and(|c| {
            c.starts_with("PCL") || matches!(c, "CONT" | "RGN" | "ADM1" | "PPLC" | "PPLA")
        })
}

fn unlinked(doc: &str, start: usize, end: usize, surface: &str, name: &str) -> Mention {
    Mention {
        name: name.to_string(),
        confidence: UNLINKED_CONFIDENCE,
        ..Mention::new(
            doc,
            start,
            end,
            surface,
            EntityKind::Person,
            Method::Unlinked,
        )
    }
}

/// Links bare surnames, and given names only one person bears, to people named in full earlier
/// in the same document.
fn link_surnames(lexicon: &PersonLexicon, doc: &str, tokens: &Tokens, mentions: &mut Vec<Mention>) {
    let Tokens { text, words, keys } = tokens;
    // surname key -> index of the first full-name mention
    let mut surnames: HashMap<&str, usize> = HashMap::new();
    let mut full_names: Vec<(usize, usize)> = Vec::new(); // (mention index, end byte)
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == EntityKind::Person
            && m.method != Method::Coref
            && m.surface.trim().contains(char::is_whitespace)
        {
            full_names.push((i, m.end_byte));
        }
    }
    if full_names.is_empty() {
        return;
    }
    let last_word_key = |surface: &str| surface.split_whitespace().next_back().map(normalize);
    let owned: Vec<(String, usize)> = full_names
        .iter()
        .flat_map(|&(i, _)| {
            let m = &mentions[i];
            [last_word_key(&m.name), last_word_key(&m.surface)]
                .into_iter()
                .flatten()
                .map(move |k| (k, i))
        })
        .collect();
    for (key, i) in &owned {
        surnames.entry(key.as_str()).or_insert(*i);
    }
    // given name key -> the one full-name mention whose person bears it (None: several do)
    let mut given_names: HashMap<String, Option<usize>> = HashMap::new();
    for &(i, _) in &full_names {
        let Some(first) = mentions[i].surface.split_whitespace().next().map(normalize) else {
            continue;
        };
        if !lexicon.given.contains(&first) || surnames.contains_key(first.as_str()) {
            continue;
        }
        given_names
            .entry(first)
            .and_modify(|owner| {
                if owner.is_some_and(|o| mentions[o].name != mentions[i].name) {
                    *owner = None;
                }
            })
            .or_insert(Some(i));
    }
    let mut added: Vec<(Option<usize>, Mention)> = Vec::new();
    for (w, word) in words.iter().enumerate() {
        let (full, by_surname) = match surnames.get(keys[w].as_str()) {
            Some(&full) => (full, true),
            None => match given_names.get(&keys[w]) {
                Some(&Some(full)) => (full, false),
                _ => continue,
            },
        };
        if !word.capitalised {
            continue;
        }
        let (start, end) = (word.start, word.end);
        let overlapping = mentions
            .iter()
            .position(|m| m.start_byte < end && start < m.end_byte);
        // Before the full name, a surname only displaces a fuzzy guess of that spelling (the
        // mayor "Chipeco" was not a misspelt Chapecó): a known surname outweighs a guess.
        let displaces_a_guess = by_surname
            && overlapping.is_some_and(|o| {
                let m = &mentions[o];
                m.method == Method::Fuzzy && (m.start_byte, m.end_byte) == (start, end)
            });
        if word.start < mentions[full].end_byte && !displaces_a_guess {
            continue;
        }
        if let Some(other) = overlapping {
            // A surname outweighs a place of that name ("Montalvo"); a given name outweighs a
            // town ("Mary" after "Mary Magdalene" is not Mary in Turkmenistan), not a country,
            // state or capital ("Jordan" after "Jordan Peterson").
            let m = &mentions[other];
            let country_state_or_capital = m.feature_code.as_deref().is_some_and(|c| {
                c.starts_with("PCL") || matches!(c, "CONT" | "RGN" | "ADM1" | "PPLC")
            });
            if !((by_surname || !country_state_or_capital)
                && m.kind == EntityKind::Place
                && (m.start_byte, m.end_byte) == (start, end))
            {
                continue;
            }
        }
        let person = &mentions[full];
        let mut linked = person.clone();
        linked.doc = doc.to_string();
        linked.start_byte = start;
        linked.end_byte = end;
        linked.surface = text[start..end].to_string();
        linked.alias = person.entity_id.as_ref().map(|_| person.surface.clone());
        linked.method = Method::Coref;
        linked.confidence = COREF_CONFIDENCE;
        linked.ambiguous = false;
        linked.evidence = format!(
            "{} of {}, named earlier in the document",
            if by_surname { "surname" } else { "given name" },
            person.name
        );
        linked.candidates.clear();
        added.push((overlapping, linked));
    }
    let mut replaced = vec![false; mentions.len()];
    for (overlapping, linked) in added {
        match overlapping {
            Some(i) if !replaced[i] => {
                replaced[i] = true;
                mentions[i] = linked;
            }
            Some(_) => {}
            None => mentions.push(linked),
        }
    }
    mentions.sort_by_key(|m| m.start_byte);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Gazetteer, Scanner};

    fn scanner() -> &'static Scanner {
        static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
        SCANNER.get_or_init(|| {
            Scanner::new(Gazetteer::embedded().expect("embedded")).expect("scanner")
        })
    }

    fn people(text: &str) -> Vec<(String, String, Method)> {
        scanner()
            .scan("t", text)
            .into_iter()
            .filter(|m| m.kind == EntityKind::Person)
            .map(|m| (m.surface, m.name, m.method))
            .collect()
    }

    /// The surfaces of the people found in `text`, in order.
    fn surfaces(text: &str) -> Vec<String> {
        people(text)
            .into_iter()
            .map(|(surface, _, _)| surface)
            .collect()
    }

    fn places(text: &str) -> Vec<String> {
        scanner()
            .scan("t", text)
            .into_iter()
            .filter(|m| m.kind == EntityKind::Place)
            .map(|m| m.surface)
            .collect()
    }

    #[test]
    fn titled_names_the_gazetteer_lacks_are_unlinked_people() {
        let found = people("Deputy Prime Minister Mher Grigoryan met spokeswoman Anna Naghdalyan.");
        assert_eq!(
            found,
            [
                (
                    "Mher Grigoryan".into(),
                    "Mher Grigoryan".into(),
                    Method::Unlinked
                ),
                (
                    "Anna Naghdalyan".into(),
                    "Anna Naghdalyan".into(),
                    Method::Unlinked
                ),
            ]
        );
    }

    #[test]
    fn a_given_name_and_a_surname_make_a_person_and_the_surname_then_corefers() {
        let found = people("The exhibit shows Andy Warhol prints. Warhol's portraits sold well.");
        assert_eq!(
            found,
            [
                ("Andy Warhol".into(), "Andy Warhol".into(), Method::Unlinked),
                ("Warhol".into(), "Andy Warhol".into(), Method::Coref),
            ]
        );
    }

    #[test]
    fn places_inside_person_names_are_not_places() {
        assert_eq!(
            places("George Washington crossed the Delaware near Trenton."),
            ["Delaware", "Trenton"]
        );
        assert_eq!(places("Mr Kent spoke in Canterbury."), ["Canterbury"]);
        assert_eq!(places("Jordan Peterson visited Jordan."), ["Jordan"]);
    }

    #[test]
    fn names_that_end_in_an_organisation_word_are_not_people() {
        assert!(people("The General Assembly met. Georgia Tech won.").is_empty());
        assert!(people("Kids toured the Johnson Space Center.").is_empty());
    }

    #[test]
    fn a_surname_displaces_a_fuzzy_guess_even_before_the_full_name() {
        // "Chipeco" is one edit from Chapecó, a Brazilian city, and Brazil is in play.
        let text = "Chipeco praised the team. Brazil and Santa Catarina sent coaches to Curitiba. \
            Mayor Joaquin Chipeco spoke later.";
        let found = people(text);
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(surfaces, ["Chipeco", "Joaquin Chipeco"]);
    }

    #[test]
    fn a_given_name_corefers_when_one_person_bears_it() {
        let found = people("Daniel Montalvo spoke. Later Daniel left, and Montalvo stayed.");
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(surfaces, ["Daniel Montalvo", "Daniel", "Montalvo"]);
        let found = people("Daniel Montalvo met Daniel Craig. Daniel left.");
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            surfaces,
            ["Daniel Montalvo", "Daniel Craig"],
            "two Daniels: neither"
        );
        assert!(
            places("Daniel Montalvo spoke. Later Montalvo stayed.").is_empty(),
            "Montalvo the town is not meant"
        );
        // A given name outweighs a town of that name (Mary in Turkmenistan), not a country.
        let text = "Mary Magdalene went to the tomb; Mary wept.";
        assert!(places(text).is_empty(), "{:?}", places(text));
        let text = "Jordan Peterson spoke. Jordan closed its border.";
        assert_eq!(places(text), ["Jordan"]);
    }

    #[test]
    fn a_name_ends_at_a_full_stop_unless_it_follows_an_initial() {
        let found = people("Comics by Nick Moreau. The show opened. George W. Bush came.");
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(surfaces, ["Nick Moreau", "George W. Bush"]);
        // "The" never became a surname, so it corefers with nobody.
        assert!(people("Nick Moreau. The end. The start.").len() == 1);
    }

    #[test]
    fn given_names_of_many_countries_start_names() {
        let found = people("Coach Hernan Dario Gomez praised Thibaut Courtois and Ahmed Mohamed.");
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            surfaces,
            ["Hernan Dario Gomez", "Thibaut Courtois", "Ahmed Mohamed"]
        );
    }

    #[test]
    fn a_hyphenated_given_name_is_one_when_each_part_is() {
        let found = people("Lin-Manuel Miranda wrote it; later Miranda sang.");
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(surfaces, ["Lin-Manuel Miranda", "Miranda"]);
        assert!(places("Lin-Manuel Miranda wrote it; later Miranda sang.").is_empty());
    }

    #[test]
    fn a_rarer_given_name_that_is_a_place_needs_a_surname_after_it() {
        // "Houston" is a given name too; the Texans are a team.
        assert!(people("The Houston Texans won in Houston.").is_empty());
        assert_eq!(places("The Houston Texans won in Houston.").len(), 2);
        let found = people("Fans cheered Houston Smith.");
        assert_eq!(found[0].0, "Houston Smith");
        // A word inside a longer place name starts no person ("Los Angeles Sheriff").
        assert!(people("The Los Angeles Sheriff spoke.").is_empty());
    }

    #[test]
    fn acronyms_are_not_given_names_and_titles_start_new_names() {
        assert!(people("IRENA Director spoke. LONDON Police said.").is_empty());
        let found = people("Verkhovna Rada Chairman Andriy Parubiy proposed it.");
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(surfaces, ["Andriy Parubiy"]);
    }

    #[test]
    fn chinese_and_korean_names_written_surname_first_are_people() {
        let text = "Lau Siu-lai and councillor Wu Chi-wai met Hwang Hee-Chan in a Hong Kong-based \
            Coca-Cola office.";
        let found = people(text);
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(surfaces, ["Lau Siu-lai", "Wu Chi-wai", "Hwang Hee-Chan"]);
        // "Park" also ends names ("Gorky Park"); before a hyphenated given name it is a surname.
        let found = people("President Park Geun-hye met Park Chung-hee's old aides.");
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(surfaces, ["Park Geun-hye", "Park Chung-hee"]);
        for syllable in ["leung", "siu", "hwang", "park", "kwok", "jae", "in"] {
            assert!(is_romanised_syllable(syllable), "{syllable}");
        }
        for word in ["based", "coca", "the", "street", "pro"] {
            assert!(!is_romanised_syllable(word), "{word}");
        }
    }

    #[test]
    fn a_surname_ending_of_the_region_makes_a_name() {
        let text =
            "CNN's Aren Melikyan reported. Then Hovik Arsenyants and Elena Shevchenko spoke.";
        let found = people(text);
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            surfaces,
            ["Aren Melikyan", "Hovik Arsenyants", "Elena Shevchenko"]
        );
        assert!(people("The Molotov cocktail hit Lake Sevan in Rostov.").is_empty());
    }

    #[test]
    fn kin_words_are_titles_and_only_abbreviations_take_a_full_stop() {
        // "Tyler" alone is a city in Texas; after "brother" it is the brother.
        let found = people("He left with a group that did not include his brother Tyler.");
        assert_eq!(found[0].0, "Tyler");
        // "husband." ends a sentence; "Dr." does not.
        let found = people("She met her husband. Emboldened, Dr. Jane Smith spoke.");
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(surfaces, ["Jane Smith"]);
    }

    #[test]
    fn a_lone_given_name_used_repeatedly_is_a_person() {
        let text = "The parents of their child, Gloria, were charged. Doctors saw Gloria twice.";
        let found = people(text);
        let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(surfaces, ["Gloria", "Gloria"]);
        // Once is not enough; English words (Grace) and months (April) never qualify.
        assert!(people("The parents of their child, Gloria, were charged.").is_empty());
        assert!(
            people("They sang of Grace, and Grace alone, in April and April again.").is_empty()
        );
    }

    #[test]
    fn a_given_name_before_an_organisation_word_is_not_a_person() {
        assert!(people("Will Congress act? May Day parades filled Moscow.").is_empty());
    }

    #[test]
    fn a_capital_s_foreign_spelling_does_not_end_a_name_but_its_own_name_does() {
        // GeoNames spells Moroni "Maroni" too; "US" is the United States by its acronym.
        assert_eq!(
            surfaces("The president of the region, Roberto Maroni, has reacted."),
            ["Roberto Maroni"]
        );
        assert_eq!(
            surfaces("By Henry Lazenby US-based producers signed."),
            ["Henry Lazenby"]
        );
        // Called by its own name, a capital is what it is.
        assert_eq!(places("Talks with Daniel Moroni."), ["Moroni"]);
    }

    #[test]
    fn names_listed_beside_a_person_are_people() {
        // "Yannick" is a given name; the list makes the other two people, and then their
        // surnames corefer.
        assert_eq!(
            surfaces(
                "It began with Romelu Lukaku, Yannick Carrasco, and Dries Mertens attacking. \
                 Lukaku scored."
            ),
            [
                "Romelu Lukaku",
                "Yannick Carrasco",
                "Dries Mertens",
                "Lukaku"
            ]
        );
        // Two names across a comma are a name and its description, not a list; "of" makes an
        // affiliation; a determiner a description.
        assert_eq!(
            surfaces("The prize went to Maria Lopez, Head Chef at Nobu."),
            ["Maria Lopez"]
        );
        assert_eq!(
            surfaces("Raymond Chan of People Power, and Mary Jones were elected."),
            ["Raymond Chan", "Mary Jones"]
        );
        assert_eq!(
            surfaces("It won in a Digital Drama Series, and Victoria Rowell was nominated."),
            ["Victoria Rowell"]
        );
        // A name in apposition to a title, closed by a comma or a full stop.
        assert_eq!(
            surfaces("The team's coach, Alireza Mehraban, said so."),
            ["Alireza Mehraban"]
        );
        assert!(surfaces("The coach, Alireza Mehraban of Kabul said so.").is_empty());
    }
}
