//! People in the languages whose names inflect (Russian, Armenian, Azerbaijani, Turkish).
//!
//! English writes a person's name the same in every sentence; these languages decline it
//! (Сергея Лаврова, Փաշինյանի, Əliyevin) and put the person's office before it in their own
//! words (министр, վարչապետ, Cumhurbaşkanı). What the English passes do with word lists, these
//! do with the same word lists in each language, read through the endings tables that the place
//! names use, so "Лаврову" is a form of "Лавров" by the same rule that makes "Москве" a form of
//! "Москва":
//!
//! - **given names** of the language in every case form (Сергей, Сергея, Сергеем), from
//!   `data/people/<lang>/given-names*.txt`, declined by `data/languages/<lang>/endings.tsv`;
//! - **titles and offices** (`data/people/<lang>/titles.txt`), each word in its case forms,
//!   after which the genitive of a place or an abbreviation may stand before the name
//!   ("глава МИД России Сергей Лавров");
//! - **patronymics** and **initials** (Сергей Викторович Лавров, С. Лавров, Հ. Թ.);
//! - **surnames**: a surname of the language's shape standing alone (Пашиняном, Մարությանի),
//!   and how a surname declines, which tells a later "Лаврова" or "Փաշինյանը" is the person named
//!   in full earlier (`data/people/ru/endings.tsv` for Russian surnames, which decline unlike
//!   nouns: Лавровым, Захаровой; the place tables for the others).
//!
//! Everything here is asked only in a paragraph of one of these languages, so English text is
//! read exactly as before. The lists are read once per process ([`NativePeople::embedded`]);
//! per word a pass does hash look-ups of the word's folded key, no allocation.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::learned::LearnedNames;
use super::lexicon::WordSet;
use super::{index, is_all_capitals, is_major_place, PersonLexicon, MAX_NAME_WORDS};
use crate::document::{is_function_word, Document, Word};
use crate::gazetteer::EntityKind;
use crate::language::{Endings, Lang, Languages};
use crate::mention::{Mention, Method};
use crate::normalize::normalize;

type WordMap<V> = HashMap<String, V, foldhash::fast::RandomState>;

/// The most words a title complement may have between a title and the name: "президент США",
/// "глава МИД России", "министр иностранных дел Франции".
const MAX_COMPLEMENT_WORDS: usize = 2;

/// The person lists of one language.
#[derive(Debug, Default)]
struct LangPeople {
    /// Every case form of every given name (folded) -> the given name as the list writes it.
    given: WordMap<u32>,
    given_names: Vec<String>,
    /// Titles as folded word sequences, every word in each of its forms; longest first.
    titles: Vec<Vec<String>>,
    titles_by_first: WordMap<Vec<u32>>,
    /// Every word of every title form: a name does not run into one.
    title_words: WordSet,
    /// How this language's surnames decline, where unlike its nouns (Russian); else the place
    /// table's rules apply.
    surnames: Option<Endings>,
    /// How often each capitalised word is a person's name, counted over annotated text
    /// (Turkish); empty where there is none.
    learned: LearnedNames,
    /// Every form of the words that make the name before them a place's (Turkish Irmağı,
    /// Kazası).
    place_words: WordSet,
}

/// The person lists of every language with endings, read once per process.
#[derive(Debug)]
pub(crate) struct NativePeople {
    langs: Vec<LangPeople>,
}

/// One language's shipped lists.
struct Lists {
    lang: Lang,
    /// Given names, one a line.
    given: &'static [&'static str],
    /// Titles, one a line.
    titles: &'static str,
    /// The surname declension table (path, text), where surnames decline unlike nouns.
    surnames: Option<(&'static str, &'static str)>,
    /// Counts of capitalised words in and out of person names (path, text), where learned.
    learned: Option<(&'static str, &'static str)>,
    /// Words after a name that make it a place's, the first column of a table of them
    /// (`data/languages/<lang>/place-kinds.tsv`, shared with the places those words name).
    place_words: &'static str,
}

/// The shipped lists of every language with endings.
const LISTS: [Lists; 4] = [
    Lists {
        lang: Lang::Ru,
        given: &[
            include_str!("../../data/people/ru/given-names.txt"),
            include_str!("../../data/people/ru/given-names-more.txt"),
        ],
        titles: include_str!("../../data/people/ru/titles.txt"),
        surnames: Some((
            "data/people/ru/endings.tsv",
            include_str!("../../data/people/ru/endings.tsv"),
        )),
        learned: None,
        place_words: "",
    },
    Lists {
        lang: Lang::Hy,
        given: &[
            include_str!("../../data/people/hy/given-names.txt"),
            include_str!("../../data/people/hy/given-names-more.txt"),
        ],
        titles: include_str!("../../data/people/hy/titles.txt"),
        surnames: None,
        learned: None,
        place_words: "",
    },
    Lists {
        lang: Lang::Az,
        given: &[],
        titles: include_str!("../../data/people/az/titles.txt"),
        surnames: None,
        learned: None,
        place_words: "",
    },
    Lists {
        lang: Lang::Tr,
        given: &[],
        titles: include_str!("../../data/people/tr/titles.txt"),
        surnames: None,
        learned: Some((
            "data/people/tr/names.tsv",
            include_str!("../../data/people/tr/names.tsv"),
        )),
        place_words: include_str!("../../data/languages/tr/place-kinds.tsv"),
    },
];

/// Forms of one title at most: three words of a dozen forms each would be 1,728.
const MAX_TITLE_FORMS: usize = 64;

fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl NativePeople {
    /// The lists shipped in `data/people/`, read once per process.
    pub(crate) fn embedded() -> &'static NativePeople {
        static EMBEDDED: OnceLock<NativePeople> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            let tables = Languages::embedded();
            let mut langs: Vec<LangPeople> =
                Lang::ALL.iter().map(|_| LangPeople::default()).collect();
            for Lists {
                lang,
                given: given_lists,
                titles,
                surnames,
                learned,
                place_words,
            } in LISTS
            {
                let nouns = tables.endings(lang);
                let people = &mut langs[lang.index()];
                for name in given_lists.iter().flat_map(|list| entries(list)) {
                    let key = normalize(name);
                    if people.given_names.iter().any(|n| n == name) {
                        continue;
                    }
                    let id = people.given_names.len() as u32;
                    people.given_names.push(name.to_string());
                    for form in nouns.forms(&key) {
                        people.given.entry(form).or_insert(id);
                    }
                }
                let mut titles_seen: WordSet = WordSet::default();
                for title in entries(titles) {
                    let words: Vec<String> = normalize(title)
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .map(String::from)
                        .collect();
                    let mut forms: Vec<Vec<String>> = vec![Vec::new()];
                    for word in &words {
                        let word_forms = nouns.forms(word);
                        forms = forms
                            .iter()
                            .flat_map(|f| {
                                word_forms.iter().map(move |w| {
                                    let mut f = f.clone();
                                    f.push(w.clone());
                                    f
                                })
                            })
                            .take(MAX_TITLE_FORMS)
                            .collect();
                    }
                    for form in forms {
                        if titles_seen.insert(form.join(" ")) {
                            people.title_words.extend(form.iter().cloned());
                            people.titles.push(form);
                        }
                    }
                }
                people
                    .titles
                    .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
                for (i, title) in people.titles.iter().enumerate() {
                    people
                        .titles_by_first
                        .entry(title[0].clone())
                        .or_default()
                        .push(i as u32);
                }
                people.surnames = surnames.map(|(path, text)| {
                    Endings::parse(path, text).expect("the embedded surname tables are valid")
                });
                for word in crate::language::place_kind_words(place_words) {
                    people.place_words.extend(nouns.forms(&normalize(word)));
                }
                if let Some((path, text)) = learned {
                    people.learned = LearnedNames::parse(path, text)
                        .expect("the embedded learned counts are valid (a test parses them)");
                }
            }
            NativePeople { langs }
        })
    }

    fn lang(&self, lang: Lang) -> &LangPeople {
        &self.langs[lang.index()]
    }

    /// The table a surname of `lang` declines by.
    fn surname_endings(&self, lang: Lang) -> &Endings {
        self.lang(lang)
            .surnames
            .as_ref()
            .unwrap_or_else(|| Languages::embedded().endings(lang))
    }

    /// The given name (as the list writes it) of which the folded `key` is a form, in `lang`.
    fn given(&self, lang: Lang, key: &str) -> Option<&str> {
        let people = self.lang(lang);
        people
            .given
            .get(key)
            .map(|&id| people.given_names[id as usize].as_str())
    }

    /// Does the folded `key` read as a person's name standing alone in `lang` (learned counts)?
    fn is_learned_name(&self, lang: Lang, key: &str) -> bool {
        self.lang(lang).learned.is_name(key)
    }

    /// Is the folded `key` a word of `lang` that is rarely a name (learned counts)?
    fn is_learned_word(&self, lang: Lang, key: &str) -> bool {
        self.lang(lang).learned.is_word(key)
    }

    /// Is the folded `key` a word of some title of `lang`?
    fn is_title_word(&self, lang: Lang, key: &str) -> bool {
        self.lang(lang).title_words.contains(key)
    }

    /// If a title of `lang` starts at word `i`, the index of the first word after it.
    fn title_end(&self, lang: Lang, document: &Document, i: usize) -> Option<usize> {
        let (text, words) = (document.original, document.words);
        let people = self.lang(lang);
        let candidates = people.titles_by_first.get(document.key(i))?;
        candidates.iter().find_map(|&t| {
            index::probe();
            let title = &people.titles[t as usize];
            let end = i + title.len();
            (end <= words.len()
                && (i..end).zip(title).all(|(k, w)| document.key(k) == w)
                && (i + 1..end).all(|k| joined(text, &words[k - 1], &words[k])))
            .then_some(end)
        })
    }
}

/// Are two words next to each other with only spaces (or a hyphen, inside a title:
/// "премьер-министр") between them?
fn joined(text: &str, a: &Word, b: &Word) -> bool {
    let between = &text[a.end()..b.start()];
    !between.is_empty() && between.chars().all(|c| matches!(c, ' ' | '\u{a0}' | '-'))
}

/// Only spaces between two words.
fn spaced(text: &str, a: &Word, b: &Word) -> bool {
    let between = &text[a.end()..b.start()];
    !between.is_empty() && between.chars().all(|c| matches!(c, ' ' | '\u{a0}'))
}

/// Is word `i` written in the letters of `lang` (its last letter is one)?
fn in_language(document: &Document, i: usize, lang: Lang) -> bool {
    let endings = Languages::embedded().endings(lang);
    document
        .key(i)
        .chars()
        .next_back()
        .is_some_and(|c| endings.writes(c))
}

/// Is word `i` one capital letter followed by a full stop ("С." in "С. Лавров", "Հ." in
/// "Հ. Թ.-ն")?
fn is_initial(document: &Document, i: usize) -> bool {
    let (text, word) = (document.original, &document.words[i]);
    let mut chars = text[word.start()..word.end()].chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.next().is_none()
        && text[word.end()..].starts_with('.')
}

/// Does word `b` follow the initial `a` ("С. Лавров", "В.Л")?
fn after_initial(text: &str, a: &Word, b: &Word) -> bool {
    let between = &text[a.end()..b.start()];
    between
        .strip_prefix('.')
        .is_some_and(|rest| rest.chars().all(|c| matches!(c, ' ' | '\u{a0}')))
}

/// What [`name_at`] found at a word.
pub(crate) enum Found {
    /// A person's name: its first and last word.
    Name(usize, usize),
    /// A word that starts no name, though the English passes might take it for a given name.
    NotAName,
}

/// A person's name found at word `i` of a paragraph in `lang`. Tried in order: initials, a title
/// (and its complement) before a name, a given name before a surname, a learned name alone. A
/// name ending in, or followed by, a word that makes it a place's (Turkish "Asi Irmağı",
/// "Tovuz Rayonu") is none.
pub(crate) fn name_at(
    native: &NativePeople,
    lexicon: &PersonLexicon,
    document: &Document,
    mentions: &[Mention],
    i: usize,
    lang: Lang,
) -> Option<Found> {
    match person_name_at(native, lexicon, document, mentions, i, lang)? {
        Found::Name(first, last) if names_a_place(native, document, first, last, lang) => {
            Some(Found::NotAName)
        }
        found => Some(found),
    }
}

/// Is word `first + 1..=last`, or the word right after `last`, one that makes the name a place's?
fn names_a_place(
    native: &NativePeople,
    document: &Document,
    first: usize,
    last: usize,
    lang: Lang,
) -> bool {
    let place_words = &native.lang(lang).place_words;
    if place_words.is_empty() {
        return false;
    }
    let words = document.words;
    let next = (last + 1 < words.len()
        && spaced(document.original, &words[last], &words[last + 1]))
    .then_some(last + 1);
    (first + 1..=last)
        .chain(next)
        .any(|k| place_words.contains(document.key(k)))
}

/// [`name_at`] before the place-word check.
fn person_name_at(
    native: &NativePeople,
    lexicon: &PersonLexicon,
    document: &Document,
    mentions: &[Mention],
    i: usize,
    lang: Lang,
) -> Option<Found> {
    let (text, words) = (document.original, document.words);
    let word = &words[i];
    // Initials: "С. Лавров", "Н. Пашинян", "В.Л", "Հ. Թ.-ն".
    if is_initial(document, i) && in_language(document, i, lang) {
        let mut last = i;
        while last + 1 < words.len()
            && is_initial(document, last)
            && after_initial(text, &words[last], &words[last + 1])
            && words[last + 1].capitalised()
        {
            last += 1;
            if !is_initial(document, last) {
                break;
            }
        }
        let initials_only = last > i && is_initial(document, last);
        let surname_after = last > i
            && !is_initial(document, last)
            && name_word(native, lexicon, document, mentions, last, lang, false);
        if initials_only || surname_after {
            return Some(Found::Name(i, last));
        }
    }
    if !word.capitalised() {
        // A title in lower case: "министр Лавров", "վարչապետ Նիկոլ Փաշինյանը".
        return title_name(native, lexicon, document, mentions, i, lang)
            .map(|(first, last)| Found::Name(first, last));
    }
    if let Some(found) = title_name(native, lexicon, document, mentions, i, lang) {
        return Some(Found::Name(found.0, found.1));
    }
    if is_all_capitals(text, word) {
        return None;
    }
    // A given name of the language before a surname (Сергея Лаврова, Դոնալդ Թրամփի), with a
    // patronymic between (Сергей Викторович Лавров). Where the language's counts say a word is
    // mostly a person's name, it starts one too (Ebru Gündeş, Michael Jackson); where they say
    // it is rarely one, a Latin list's given name is that word (Dünya Savaşı, Güney Kore).
    let key = document.key(i);
    let learned_name = native.is_learned_name(lang, key);
    let learned_word = native.is_learned_word(lang, key);
    let given = native.given(lang, key).is_some()
        || ((lang_reads_latin(lang) && lexicon.is_given(key) && !learned_word || learned_name)
            // Such a name inside a longer place's name is the place's (Alp Dağları, the Alps).
            && !super::names::inside_longer_place(word, mentions));
    // At a sentence start a word that is no given name is capitalised for the sentence, not as a
    // name ("Вчера Пашинян заявил", "Позже Лаврову ответили"): the surname after it is left to
    // coreference and to the lone surnames, after the full names are known.
    if !given
        && i + 1 < words.len()
        && crate::language::starts_sentence(text, word.start())
        && spaced(text, word, &words[i + 1])
        && words[i + 1].capitalised()
        && in_language(document, i + 1, lang)
        && native.surname_endings(lang).is_surname(document.key(i + 1))
        && name_word(native, lexicon, document, mentions, i + 1, lang, false)
        && !(i + 2 < words.len()
            && words[i + 2].capitalised()
            && spaced(text, &words[i + 1], &words[i + 2]))
    {
        return Some(Found::NotAName);
    }
    if given && !native.is_title_word(lang, document.key(i)) {
        let mut k = i + 1;
        if k < words.len()
            && spaced(text, &words[k - 1], &words[k])
            && words[k].capitalised()
            && native.surname_endings(lang).is_patronymic(document.key(k))
        {
            k += 1;
        }
        if k < words.len()
            && spaced(text, &words[k - 1], &words[k])
            && name_word(native, lexicon, document, mentions, k, lang, true)
        {
            let mut last = k;
            // A surname of two words: "Ле Пен", "Аун Сан Су Чжи" is left at its first two.
            while last + 1 < words.len()
                && last + 1 < i + MAX_NAME_WORDS
                && spaced(text, &words[last], &words[last + 1])
                && name_word(native, lexicon, document, mentions, last + 1, lang, false)
                && native.given(lang, document.key(last + 1)).is_none()
            {
                last += 1;
            }
            return Some(Found::Name(i, last));
        }
    }
    // A word mostly a person's name stands for one alone (Gramsci, Vivaldi'nin), unless a
    // place other than a minor one of that name was found there.
    if learned_name
        && !native.is_title_word(lang, key)
        && lone_name_fits(mentions, word.start(), word.end())
    {
        return Some(Found::Name(i, i));
    }
    learned_word.then_some(Found::NotAName)
}

/// May a word at `start..end` be a person's name standing alone: nothing found there but, at
/// most, a town of exactly that name, even a division's seat (Mao in Chad, Ivanovo read from
/// "Ivanov", Stalin once Donetsk's name), never a country, region, first-order division or
/// capital?
fn lone_name_fits(mentions: &[Mention], start: usize, end: usize) -> bool {
    match index::first_overlapping(mentions, start, end) {
        None => true,
        Some(k) => {
            let m = &mentions[k];
            m.start_byte == start
                && m.end_byte == end
                && m.kind == EntityKind::Place
                && !m.feature_code.as_deref().is_some_and(|c| {
                    c.starts_with("PCL") || matches!(c, "CONT" | "RGN" | "ADM1" | "PPLC")
                })
                && !index::overlaps(&mentions[k + 1..], start, end)
        }
    }
}

/// Surnames of the language's shape standing alone (Пашиняном, Մարությանի), after
/// coreference has linked those of people named in full: each becomes an unlinked person.
/// Not a word the document writes in lower case too (Armenian adjectives in -յան: Արցախյան,
/// "of Artsakh"), not part of a run of capitalised words, not anything found already, and
/// at a sentence start only if the document writes it inside a sentence too.
pub(crate) fn find_lone_surnames(
    native: &NativePeople,
    lexicon: &PersonLexicon,
    doc: &std::sync::Arc<str>,
    document: &Document,
    mentions: &mut Vec<Mention>,
) {
    let (text, words) = (document.original, document.words);
    let Some(languages) = document.languages else {
        return;
    };
    let mut hint = 0;
    let before = mentions.len();
    // (word index, at a sentence start) of the words shaped like a lone surname.
    let mut lone: Vec<(usize, bool)> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if !word.capitalised() || is_all_capitals(text, word) {
            continue;
        }
        let Some(lang) = languages.at(word.start(), &mut hint) else {
            continue;
        };
        let key = document.key(i);
        // A word before it that opens the sentence is capitalised for the sentence ("Вчера
        // Пашинян"); a given name there would have made the two a name in the first pass.
        let joined_before = i > 0
            && words[i - 1].capitalised()
            && spaced(text, &words[i - 1], word)
            && !crate::language::starts_sentence(text, words[i - 1].start());
        let joined_after =
            i + 1 < words.len() && words[i + 1].capitalised() && spaced(text, word, &words[i + 1]);
        let alone = !joined_before && !joined_after;
        // The shape test compares the word with every ending: asked last.
        if alone
            && in_language(document, i, lang)
            && !index::overlaps(&mentions[..before], word.start(), word.end())
            && !lexicon.stops.contains(key)
            && !native.is_title_word(lang, key)
            && native.surname_endings(lang).is_surname(key)
        {
            lone.push((i, crate::language::starts_sentence(text, word.start())));
        }
    }
    if lone.is_empty() {
        return;
    }
    // A word the document also writes in lower case is that word (Armenian adjectives in -յան:
    // Արցախյան, "of Artsakh"). The few candidates are looked up, once per lower-case word; the
    // lower-case words are not gathered.
    type KeySet<'t> = std::collections::HashSet<&'t str, foldhash::fast::RandomState>;
    let mut candidates: KeySet = lone.iter().map(|&(i, _)| document.key(i)).collect();
    for (i, word) in words.iter().enumerate() {
        if !word.capitalised() && candidates.remove(document.key(i)) && candidates.is_empty() {
            return;
        }
    }
    // At a sentence start any word is capitalised: there a word shaped like a surname
    // (Russian Однако, Только, Если) is one only if the document writes it so inside a
    // sentence too.
    let mid_sentence: KeySet = lone
        .iter()
        .filter(|(_, start)| !start)
        .map(|&(i, _)| document.key(i))
        .collect();
    for (i, at_start) in lone {
        if !candidates.contains(document.key(i)) {
            continue;
        }
        let word = &words[i];
        let lang = languages
            .lookup(word.start())
            .expect("found in a language above");
        let key = document.key(i);
        // Where the language's counts know its words, a surname shape they never show in lower
        // case needs no second use (Turkish sentences open with the subject: "Kalayoğlu'nun").
        let known_not_a_word = native.lang(lang).learned.knows_as_name_shape(key);
        if at_start && !mid_sentence.contains(key) && !known_not_a_word {
            continue;
        }
        let surface = document.surface(i);
        let name =
            surname_lemma(native, lang, surface, key, None).unwrap_or_else(|| surface.to_string());
        let mut m = super::unlinked(doc, word.start(), word.end(), surface, &name);
        if name != surface {
            m.alias = Some(name.as_str().into());
        }
        mentions.push(m);
    }
    if mentions.len() > before {
        super::context::absorb_namesake_places(native, doc, document, mentions, before);
        crate::mention::sort_by_start(mentions);
    }
}

/// Do the people of `lang` write their names in Latin letters (so the English given-name lists
/// apply)?
fn lang_reads_latin(lang: Lang) -> bool {
    matches!(lang, Lang::Az | Lang::Tr)
}

/// A title of `lang` at word `i`, then at most [`MAX_COMPLEMENT_WORDS`] words of a complement
/// (a place in a case form, an abbreviation: "президент США", "глава МИД России"), then a name.
fn title_name(
    native: &NativePeople,
    lexicon: &PersonLexicon,
    document: &Document,
    mentions: &[Mention],
    i: usize,
    lang: Lang,
) -> Option<(usize, usize)> {
    let (text, words) = (document.original, document.words);
    let after = native.title_end(lang, document, i)?;
    let mut first = after;
    while first < words.len()
        && first < after + MAX_COMPLEMENT_WORDS
        && first > 0
        && spaced(text, &words[first - 1], &words[first])
        && is_complement(document, mentions, first)
    {
        first += 1;
    }
    if first >= words.len() || first == 0 || !spaced(text, &words[first - 1], &words[first]) {
        return None;
    }
    let mut last = None;
    let mut k = first;
    while k < words.len()
        && k < first + MAX_NAME_WORDS
        && (k == first || spaced(text, &words[k - 1], &words[k]))
        && name_word(native, lexicon, document, mentions, k, lang, true)
    {
        last = Some(k);
        k += 1;
    }
    last.map(|last| (first, last))
}

/// Is word `k` a title's complement: a place in a case form ("России", "Հայաստանի"), or an
/// abbreviation ("США", "МИД", "ՀՀ")?
fn is_complement(document: &Document, mentions: &[Mention], k: usize) -> bool {
    let word = &document.words[k];
    is_all_capitals(document.original, word)
        || index::starting_at(mentions, word.start())
            .is_some_and(|m| m.kind == EntityKind::Place && m.method == Method::Inflected)
}

/// May word `k` be part of a person's name in `lang`: capitalised, not a title word, name stop
/// or function word, and not a country, capital or division found there (a minor place of that
/// name is a surname: Обама). With `first`, it may be a word that is some place in a case form
/// only if that place is minor too.
fn name_word(
    native: &NativePeople,
    lexicon: &PersonLexicon,
    document: &Document,
    mentions: &[Mention],
    k: usize,
    lang: Lang,
    after_name_evidence: bool,
) -> bool {
    let word = &document.words[k];
    let key = document.key(k);
    let blocks = |m: &Mention| {
        m.kind != EntityKind::Place
            || if after_name_evidence {
                is_country(m)
            } else {
                is_major_place(m)
            }
    };
    word.capitalised()
        && !is_all_capitals(document.original, word)
        && !native.is_title_word(lang, key)
        && !lexicon.stops.contains(key)
        && !is_function_word(key)
        && !index::containing(mentions, word.start(), word.end()).is_some_and(blocks)
}

/// A country or continent: never a person's surname, even after a given name or a title (a
/// city may be: Иванов after Валентин is not Ivanovo, Дарвина after Чарльза not Darwin).
fn is_country(m: &Mention) -> bool {
    m.feature_code
        .as_deref()
        .is_some_and(|c| c.starts_with("PCL") || c == "CONT")
}

/// The dictionary form of a name found in a paragraph of `lang` (words `first..=last`):
/// "Сергея Лаврова" -> "Сергей Лавров", "Դոնալդ Թրամփի" -> "Դոնալդ Թրամփ". A given name is
/// read from the lists; the words after it take the surname declension, in the case the given
/// name shows (Russian declines both) or, where given names do not decline before a surname
/// (Armenian, Turkish, Azerbaijani), with its ending removed when it has one.
pub(crate) fn dictionary_form(
    native: &NativePeople,
    document: &Document,
    first: usize,
    last: usize,
    lang: Lang,
) -> String {
    let mut out: Vec<String> = Vec::with_capacity(last + 1 - first);
    // Whether the given name was written in a case form (Russian: so is the surname).
    let mut case_form = None;
    for k in first..=last {
        let key = document.key(k);
        let surface = document.surface(k);
        if is_initial(document, k) {
            out.push(format!("{surface}."));
            continue;
        }
        if k == first {
            if let Some(given) = native.given(lang, key) {
                case_form = Some(normalize(given) != key);
                out.push(given.to_string());
                continue;
            }
        }
        // Only the surname is read for its case: a patronymic or a second given name before it
        // is kept as written.
        if k < last {
            out.push(surface.to_string());
            continue;
        }
        out.push(
            surname_lemma(native, lang, surface, key, case_form)
                .unwrap_or_else(|| surface.to_string()),
        );
    }
    out.join(" ")
}

/// The dictionary form of a surname written `surface` (folded `key`) in `lang`, when it is a
/// case form of one. `case_form`: whether the given name before it was declined (Some(true)),
/// was not (Some(false): the surname is as written), or is not known (None).
fn surname_lemma(
    native: &NativePeople,
    lang: Lang,
    surface: &str,
    key: &str,
    case_form: Option<bool>,
) -> Option<String> {
    if case_form == Some(false) && lang == Lang::Ru {
        return None;
    }
    // Where a name's endings follow an apostrophe (Turkish Vivaldi'nin), the word before it is
    // the name whole: "Vivaldi" is not "Vivald" with an ending.
    if writes_endings_apart(lang) {
        return None;
    }
    let endings = native.surname_endings(lang);
    // Without a given name to tell the case (a surname alone), a Russian word shaped like a
    // surname's dictionary form is taken as written (Захарова, not Захаров's genitive);
    // Пашиняна and Алиевым are not.
    if lang == Lang::Ru && case_form.is_none() && endings.fits_long_shape(key, 2) {
        return None;
    }
    let lemmas = endings.lemmas(key);
    let lemma = lemmas.into_iter().min_by_key(String::len)?;
    Some(respell(surface, key, &lemma, lang))
}

/// Does `lang` always write a proper name's endings after an apostrophe, so that a word of a
/// person's name is never a case form? Turkish spelling rules do (Vivaldi'nin, Erdoğan'ın);
/// Azerbaijani writes them on (Əliyevin), though its place table allows an apostrophe too.
fn writes_endings_apart(lang: Lang) -> bool {
    lang == Lang::Tr
}

/// The folded `lemma` written in the letters of `surface` (whose folded form is `key`): the
/// common part as written, the rest as folded, with Russian й restored ("зеленскии" ->
/// "Зеленский").
fn respell(surface: &str, key: &str, lemma: &str, lang: Lang) -> String {
    let common = key
        .chars()
        .zip(lemma.chars())
        .take_while(|(a, b)| a == b)
        .count();
    // A character of the surface may fold to several (և -> եւ): then keep the fold.
    if surface.chars().count() != key.chars().count() {
        return lemma.to_string();
    }
    let mut out: String = surface.chars().take(common).collect();
    let rest: String = lemma.chars().skip(common).collect();
    if lang == Lang::Ru && rest.ends_with('и') {
        let vowel_before = out
            .chars()
            .chain(rest.chars())
            .rev()
            .nth(1)
            .is_some_and(|c| "аеёиоуыэюя".contains(c));
        if vowel_before {
            out.push_str(&rest[..rest.len() - 'и'.len_utf8()]);
            out.push('й');
            return out;
        }
    }
    out.push_str(&rest);
    out
}

/// For coreference: the folded forms under which a later word names the person whose full name
/// ends in the word written `surface` (folded `key`) in a paragraph of `lang`, with the surname's
/// dictionary form as written. `given_form`: whether the given name before it was in a case
/// form (None: no known given name).
pub(crate) fn surname_forms(
    native: &NativePeople,
    lang: Lang,
    surface: &str,
    key: &str,
    given_form: Option<bool>,
) -> (Vec<String>, String) {
    let endings = native.surname_endings(lang);
    let lemmas: Vec<String> = match (lang, given_form) {
        // Russian declines the given name with the surname: the given name tells the case.
        (Lang::Ru, Some(false)) => vec![key.to_string()],
        (Lang::Ru, Some(true)) => {
            let lemmas = endings.lemmas(key);
            if lemmas.is_empty() {
                vec![key.to_string()]
            } else {
                lemmas
            }
        }
        // Turkish writes a name's endings after an apostrophe: the word is the name.
        _ if writes_endings_apart(lang) => vec![key.to_string()],
        // Elsewhere a given name keeps its form before a declined surname (Նիկոլ Փաշինյանը):
        // the surname may be in any case, most likely one with an ending when it has one.
        _ => {
            let mut lemmas = endings.lemmas(key);
            lemmas.push(key.to_string());
            lemmas
        }
    };
    let written = if lemmas[0] == key {
        surface.to_string()
    } else {
        respell(surface, key, &lemmas[0], lang)
    };
    let mut forms: Vec<String> = lemmas.iter().flat_map(|l| endings.forms(l)).collect();
    forms.sort();
    forms.dedup();
    (forms, written)
}

/// Whether the first word of a person mention's surface is a given name of `lang` in a case
/// form (Some(true)), in its dictionary form (Some(false)), or no given name (None).
pub(crate) fn given_case(native: &NativePeople, lang: Lang, first_word: &str) -> Option<bool> {
    let key = normalize(first_word);
    native
        .given(lang, &key)
        .map(|given| normalize(given) != key)
}

/// The given name of `lang`, as its list writes it, of which the word written `word` is a form.
pub(crate) fn given_name<'a>(native: &'a NativePeople, lang: Lang, word: &str) -> Option<&'a str> {
    native.given(lang, &normalize(word))
}

/// The forms of a given name (folded `key`) of `lang`: all of its case forms, when it is one.
pub(crate) fn given_forms(native: &NativePeople, lang: Lang, key: &str) -> Vec<String> {
    match native.given(lang, key) {
        Some(given) => Languages::embedded().endings(lang).forms(&normalize(given)),
        None => Vec::new(),
    }
}
