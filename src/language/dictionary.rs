//! A language's common words that are also names in a gazetteer, derived from a dictionary.
//!
//! Turkish writes "Bir" ("one"), "Kuzey" ("north") and "Valisi" ("its governor") capitalised at
//! a sentence's start or in a title, and the gazetteer has villages, regions and alternate names
//! spelt so. A dictionary of the language (Hunspell's `.dic`, as Debian's `hunspell-tr` ships
//! it, or a plain list of words) tells which words those are. Only the words that can be read as
//! a name (a gazetteer name, whole or with one of the language's name endings, is the word,
//! whole or with one of its words' endings) are kept: a few thousand, not the dictionary's
//! hundreds of thousands, and the project ships that short list (`data/languages/<lang>/
//! words.txt`), written by `mentionmap gazetteer check --dictionary LANG:FILE --words-out DIR`.

use std::collections::{BTreeSet, HashSet};

use super::Endings;
use crate::normalize::normalize;

/// The folded lower-case words of a dictionary: Hunspell's `.dic` (a count on the first line,
/// then `word/FLAGS` per line) or one word per line. Capitalised entries are proper names (the
/// dictionary's own list of places and people) and are left out; so are one-letter words.
pub fn read_dictionary(text: &str) -> HashSet<String> {
    text.lines()
        .filter_map(|line| line.split(['/', '\t', ' ']).next())
        .map(str::trim)
        .filter(|word| {
            word.chars().nth(2).is_some()
                && word.chars().next().is_some_and(char::is_lowercase)
                && word.chars().all(|c| c.is_alphabetic() || c == '-')
        })
        .map(normalize)
        .collect()
}

/// The dictionary's words that a name can be read as: for each single-word folded name in
/// `names`, whole or followed by one of the language's name endings, every split of it into a
/// dictionary word and nothing or one of its words' endings (`word-ending` in the endings
/// table). Sorted.
pub fn words_read_as_names<'a>(
    dictionary: &HashSet<String>,
    names: impl IntoIterator<Item = &'a str>,
    endings: &Endings,
) -> BTreeSet<String> {
    let name_endings: Vec<&str> = std::iter::once("").chain(endings.name_endings()).collect();
    let longest = endings.longest_word_ending();
    let mut found = BTreeSet::new();
    let mut form = String::new();
    for name in names {
        if name.contains(' ') || name.is_empty() {
            continue;
        }
        for ending in &name_endings {
            form.clear();
            form.push_str(name);
            form.push_str(ending);
            if dictionary.contains(&form) {
                found.insert(form.clone());
            }
            for (at, _) in form.char_indices().skip(1) {
                if form.len() - at <= longest
                    && endings.is_word_ending(&form[at..])
                    && dictionary.contains(&form[..at])
                {
                    found.insert(form[..at].to_string());
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "letters\tabcçdefgğhıijklmnoöprsştuüvyzâîû\n\
                         vowels\taeıioöuüâîû\n\
                         rule\tV\t-\tya nın da\tKanada\n\
                         rule\tC\t-\ta ı i ın da\tİran\n\
                         word-ending\tı i sı si ın in\n";

    #[test]
    fn hunspell_entries_are_read_without_flags_or_proper_names() {
        let words = read_dictionary("4\nvali/12,13\nBir\nbir/5\nİstanbul/3\nx\n");
        let mut words: Vec<&str> = words.iter().map(String::as_str).collect();
        words.sort();
        assert_eq!(words, ["bir", "vali"]);
    }

    #[test]
    fn a_name_read_as_a_word_with_its_ending_is_listed() {
        let endings = Endings::parse("test", TABLE).unwrap();
        let dictionary = read_dictionary("vali\nbir\nkanat\nsaray\n");
        // "Valis" + "i" reads as "vali" + "si"; "Bir" is the word; "Saray" + "ın" is
        // "saray" + "ın"; Kanada is no word, whatever its endings.
        let names = ["valis", "bir", "saray", "kanada"];
        let found = words_read_as_names(&dictionary, names, &endings);
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(found, ["bir", "saray", "vali"]);
    }
}
