//! Pass 1: the people the text names by title ("Foreign Minister Jeyhun Bayramov"), by a given
//! name before a surname ("Andy Warhol"), surname first ("Lau Siu-lai"), or by a surname of the
//! region ("Aren Melikyan").

use super::MAX_NAME_WORDS;
use super::{adjacent, index, is_all_capitals, is_initial, is_major_place, PersonLexicon};
use crate::document::{is_function_word, Document, Word};
use crate::gazetteer::EntityKind;
use crate::mention::{Mention, Method};
use crate::normalize::normalize;

/// If a title starts at word `i`, the index of the first word after it (titles may stack:
/// "Deputy Foreign Minister").
pub(super) fn title_end(lexicon: &PersonLexicon, document: &Document, i: usize) -> Option<usize> {
    let (text, words) = (document.original, document.words);
    let keys = |i: usize| document.key(i);
    let mut at = i;
    let mut abbreviated = false;
    // Most words start no title: their class says so without a look-up.
    'stack: while let Some(first) = words
        .get(at)
        .filter(|_| document.class(at).starts_title())
        .map(|_| keys(at))
    {
        // Only the titles this word starts, longest first (as `titles` is ordered).
        for &t in lexicon.titles_starting_with(first) {
            index::probe();
            let (title, abbreviation) = &lexicon.titles[t];
            let end = at + title.len();
            if end > words.len() || !(at..end).zip(title).all(|(k, w)| keys(k) == w) {
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
pub(super) fn name_words(
    lexicon: &PersonLexicon,
    document: &Document,
    first: usize,
    mentions: &[Mention],
    unknown_ok: bool,
) -> Option<usize> {
    let (text, words) = (document.original, document.words);
    let keys = |i: usize| document.key(i);
    let mut last = None;
    let mut k = first;
    while k < words.len() && k < first + MAX_NAME_WORDS {
        let word = &words[k];
        // A name that runs straight into an organisation or place word is part of that name:
        // "Johnson Space Center", "Andy Warhol Museum".
        if k > first
            && word.capitalised()
            && document.class(k).stop()
            && adjacent(text, &words[k - 1], word, false)
        {
            return None;
        }
        // A title before a name starts another person's name: "Rada Chairman Andriy Parubiy" is
        // the Rada's chairman, not a person called Rada.
        if title_end(lexicon, document, k).is_some_and(|after| words[after].capitalised()) {
            break;
        }
        // Inside a name a full stop follows an initial only: "Nick Moreau. The" is two sentences.
        if !word.capitalised()
            || document.class(k).stop()
            || is_function_word(keys(k))
            || (k > 0
                && k != first
                && !adjacent(text, &words[k - 1], word, is_initial(text, &words[k - 1])))
        {
            break;
        }
        if k == first && k > 0 && !adjacent(text, &words[k - 1], word, true) {
            break;
        }
        // A capitalised word (the loop stopped at any other): its class answers.
        let known = document.class(k).surname() || document.class(k).given();
        // A minor place after a given name is a surname ("Daniel Montalvo"); a major one is not
        // a name's continuation (a country, capital or division is what it is).
        // Only a place called so, or by its acronym ("US"), counts: a fuzzy guess or another
        // language's spelling is no evidence against a name ("Roberto Maroni" is not Moroni,
        // which GeoNames also spells Maroni).
        let starts_major_place = index::starting_at(mentions, word.start()).is_some_and(|m| {
            is_major_place(m)
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
pub(super) fn surname_first_name(document: &Document, i: usize) -> Option<usize> {
    let (text, words) = (document.original, document.words);
    let keys = |i: usize| document.key(i);
    let (surname, given) = (words.get(i)?, words.get(i + 1)?);
    if !(surname.capitalised()
        && given.capitalised()
        && !is_all_capitals(text, surname)
        && adjacent(text, surname, given, false)
        && is_romanised_syllable(keys(i)))
    {
        return None;
    }
    // The words keep a hyphen before a capital inside ("Hee-Chan") and split at one before a
    // small letter ("Siu", "lai").
    let (syllables, last): (Vec<&str>, usize) = if text[given.start()..given.end()].contains('-') {
        let parts = keys(i + 1).split(|c: char| !c.is_alphanumeric());
        (parts.filter(|p| !p.is_empty()).collect(), i + 1)
    } else {
        let second = words.get(i + 2)?;
        if &text[given.end()..second.start()] != "-" {
            return None;
        }
        (vec![keys(i + 1), keys(i + 2)], i + 2)
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
pub(super) fn regional_surname_name(
    lexicon: &PersonLexicon,
    document: &Document,
    mentions: &[Mention],
    i: usize,
) -> Option<usize> {
    let (text, words) = (document.original, document.words);
    let keys = |i: usize| document.key(i);
    let (first, surname) = (words.get(i)?, words.get(i + 1)?);
    let plain = |k: usize, word: &Word| {
        word.capitalised()
            && !is_all_capitals(text, word)
            && !document.class(k).stop()
            && !is_function_word(keys(k))
            && title_end(lexicon, document, k).is_none()
            && !index::overlaps(mentions, word.start(), word.end())
    };
    // Both words capitalised first: the test every pair of words is put to, so the cheapest.
    let regional = first.capitalised()
        && surname.capitalised()
        && keys(i + 1).len() >= 5
        && REGIONAL_SURNAME_ENDINGS
            .iter()
            .any(|ending| keys(i + 1).ends_with(ending));
    (regional && plain(i, first) && plain(i + 1, surname) && adjacent(text, first, surname, false))
        .then_some(i + 1)
}

/// If a two-word name whose second word is a surname by the rules of its script's language
/// starts at word `i` (Russian "Владимир Путин", "Мирзояном"; Armenian "Արարատ Միրզոյանը"), the
/// index of its last word. Unlike [`regional_surname_name`], the first word may be a place the
/// matcher found, whole: a given name that is also a place's name (Владимир, Արարատ, Նարեկ) is
/// a given name before a surname. The surname may be nothing the matcher found. Latin script is
/// left to [`regional_surname_name`]: no language with endings reads it here.
pub(super) fn native_surname_name(
    lexicon: &PersonLexicon,
    document: &Document,
    mentions: &[Mention],
    i: usize,
) -> Option<usize> {
    let (text, words) = (document.original, document.words);
    let keys = |i: usize| document.key(i);
    let (first, surname) = (words.get(i)?, words.get(i + 1)?);
    if !(first.capitalised() && surname.capitalised()) || keys(i + 1).is_ascii() {
        return None;
    }
    // Only in a paragraph of a language with endings (English quoting "Владимир Смирнов" keeps
    // its old reading), and both words in that language's letters.
    let lang = document.language_at(first.start())?;
    let native = crate::language::Languages::embedded();
    let in_language = |k: usize| {
        keys(k)
            .chars()
            .next_back()
            .is_some_and(|c| native.endings(lang).writes(c))
    };
    if !(in_language(i) && in_language(i + 1)) {
        return None;
    }
    let first_is_free = !index::overlaps(mentions, first.start(), first.end())
        || index::starting_at(mentions, first.start()).is_some_and(|m| {
            // A given name before a surname is not inflected (the surname takes the case:
            // Արարատ Միրզոյանի); "Երևանի Աթոյան" is Yerevan's Atoyan.
            m.kind == EntityKind::Place
                && m.end_byte == first.end()
                && m.method != Method::Inflected
        });
    let name = first_is_free
        && !is_all_capitals(text, first)
        && !is_all_capitals(text, surname)
        && !document.class(i).stop()
        && !is_function_word(keys(i))
        && title_end(lexicon, document, i).is_none()
        && !index::overlaps(mentions, surname.start(), surname.end())
        && adjacent(text, first, surname, false)
        && native.endings(lang).is_surname(keys(i + 1));
    name.then_some(i + 1)
}

/// Has this normalized word the shape of one romanised Chinese or Korean syllable: an onset, one
/// to three vowels, and a final n, ng, m, k, p, t, h, l, r or rk ("leung", "siu", "hwang", "park")?
pub(super) fn is_romanised_syllable(word: &str) -> bool {
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
pub(super) fn inside_longer_place(word: &Word, mentions: &[Mention]) -> bool {
    index::containing(mentions, word.start(), word.end()).is_some_and(|m| {
        m.kind == EntityKind::Place && (m.start_byte, m.end_byte) != (word.start(), word.end())
    })
}
