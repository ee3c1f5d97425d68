//! Which GeoNames names to keep: codes and noise out ([`name_filter`]), and the word lists
//! (common words, person and language names) that say which names stand for something else.

use super::*;

/// Why a GeoNames name was not kept as an alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DropReason {
    /// One or two characters.
    TooShort,
    /// A URL.
    Link,
    /// Contains digits: codes, Wikidata ids, postcodes.
    HasDigits,
    /// Up to four upper-case Latin letters: IATA, ICAO and similar codes (`BAK`, `UBBB`).
    Code,
    /// Latin letters with no capital at all: romanisation keys such as `ba ku` or `swsa`.
    LowerCaseKey,
    /// Brackets, commas or other punctuation that marks a note rather than a name.
    Punctuation,
    /// A script written without spaces between words (Han, Kana, Thai...), where word-boundary
    /// matching cannot work.
    UnspacedScript,
    /// A common English word ("Bank", "Central", "Of") naming a minor place or a division.
    CommonWord,
    /// A common given name or surname ("David", "Evans") naming a minor place, or an alternate
    /// name that is one ("Sam" for Damascus).
    PersonName,
    /// An alternate name that is a language's name ("Igbo" for Igbo-Ukwu).
    LanguageName,
    /// A minor place or division whose own name is a common word or given name: the whole
    /// entity is left out, since no text could tell it from the word.
    EntityNamedByWord,
}

impl DropReason {
    /// A short name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DropReason::TooShort => "too short",
            DropReason::Link => "link",
            DropReason::HasDigits => "digits",
            DropReason::Code => "code",
            DropReason::LowerCaseKey => "lower-case key",
            DropReason::Punctuation => "punctuation",
            DropReason::UnspacedScript => "unspaced script",
            DropReason::CommonWord => "common word",
            DropReason::PersonName => "person name",
            DropReason::LanguageName => "language name",
            DropReason::EntityNamedByWord => "entities named by a word",
        }
    }
}

/// Keeps names people write and rejects codes and noise, saying why.
///
/// # Errors
/// The reason a name is dropped.
pub fn name_filter(name: &str) -> Result<(), DropReason> {
    let name = name.trim();
    if name.chars().any(is_unspaced_script) {
        return Err(DropReason::UnspacedScript);
    }
    if name.chars().count() < 3 {
        return Err(DropReason::TooShort);
    }
    if name.contains("://") || name.starts_with("www.") {
        return Err(DropReason::Link);
    }
    if name.chars().any(|c| c.is_ascii_digit()) {
        return Err(DropReason::HasDigits);
    }
    if name.chars().any(|c| {
        matches!(
            c,
            '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';' | '/' | '\\' | '|' | '=' | '@' | '#'
        )
    }) {
        return Err(DropReason::Punctuation);
    }
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let latin = letters
        .iter()
        .all(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(c));
    if latin && letters.len() <= 4 && letters.iter().all(|c| c.is_uppercase()) {
        return Err(DropReason::Code);
    }
    if latin && !letters.iter().any(|c| c.is_uppercase()) {
        return Err(DropReason::LowerCaseKey);
    }
    Ok(())
}

pub(super) fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'   // Thai, Lao
        | '\u{0F00}'..='\u{0FFF}' // Tibetan
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' // Han
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables: spaced, but GeoNames lists Korean names of
                                  // foreign places that Korean text writes without the spaces
    )
}

/// Reads a word list and keeps its lower-case single words (proper nouns in it are capitalised).
pub(super) fn read_common_words(path: &Path) -> Result<HashSet<String>> {
    let mut words = HashSet::new();
    for_each_line(path, |_, line| {
        let word = line.trim();
        if !word.is_empty() && word.chars().all(|c| c.is_lowercase()) {
            words.insert(normalize(word));
        }
        Ok(())
    })?;
    Ok(words)
}

/// Reads the capitalised single words of a word list ("Pembroke", "Kurdistan"): names English
/// text writes, which a name in another language ([`super::languages`]) must not bring to an
/// entity that does not bear it already.
pub(super) fn read_proper_nouns(path: &Path) -> Result<HashSet<String>> {
    let mut words = HashSet::new();
    for_each_line(path, |_, line| {
        let word = line.trim();
        if word.starts_with(char::is_uppercase) && word.chars().all(char::is_alphabetic) {
            words.insert(normalize(word));
        }
        Ok(())
    })?;
    Ok(words)
}

/// Reads a list of names (given names, language names; one per line, `#` comments), normalized.
pub(super) fn read_name_list(path: &Path) -> Result<HashSet<String>> {
    let mut names = HashSet::new();
    for_each_line(path, |_, line| {
        let name = line.trim();
        if !name.is_empty() && !name.starts_with('#') {
            names.insert(normalize(name));
        }
        Ok(())
    })?;
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_names_and_drops_codes_and_noise() {
        let table: &[(&str, Result<(), DropReason>)] = &[
            ("Baku", Ok(())),
            ("Bakı", Ok(())),
            ("Баку", Ok(())),
            ("Բաքու", Ok(())),
            ("باكو", Ok(())),
            ("al-Hasakah", Ok(())),
            ("Kirovabad", Ok(())),
            ("Nagorno-Karabakh", Ok(())),
            ("BAK", Err(DropReason::Code)),
            ("UBBB", Err(DropReason::Code)),
            ("ba ku", Err(DropReason::LowerCaseKey)),
            ("swsa", Err(DropReason::LowerCaseKey)),
            ("Ba", Err(DropReason::TooShort)),
            ("Q9248", Err(DropReason::HasDigits)),
            ("https://en.wikipedia.org/wiki/Baku", Err(DropReason::Link)),
            ("Baku (city)", Err(DropReason::Punctuation)),
            ("巴库", Err(DropReason::UnspacedScript)),
            ("バクー", Err(DropReason::UnspacedScript)),
        ];
        for (name, expected) in table {
            assert_eq!(name_filter(name), *expected, "name {name:?}");
        }
    }
}
