//! Combining forms in hyphenated compounds (issue 31).
//!
//! English builds compounds from combining forms ending in -o: "Agro-defense", "Afro-Cuban",
//! "Euro-sceptic", "Sino-Russian", "Anglo-Saxon". GeoNames lists some such spellings among a
//! place's names ("Agro" for Agra), and the matcher finds them at a word start. A name written
//! so, ending in an "o" that the place's own name does not end in, and joined by a hyphen to
//! the word after it, is the combining form, not the place. A place's own name is not one:
//! "Toronto-based", "Mexico-bound", "Logan-Rogersville", "Nagorno-Karabakh" stay mentions.

/// Is the name at bytes `start..end` of `original`, found for a place named `own_name`, a
/// combining form joined by a hyphen to the next word?
pub(super) fn combining_form(original: &str, start: usize, end: usize, own_name: &str) -> bool {
    let surface = &original[start..end];
    let ends_in_o = |s: &str| s.chars().next_back().is_some_and(|c| c == 'o' || c == 'O');
    let joined = original[end..]
        .strip_prefix('-')
        .is_some_and(|rest| rest.starts_with(char::is_alphabetic));
    joined && ends_in_o(surface) && !ends_in_o(own_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_combining_form_is_no_place() {
        let cases = [
            (
                "the National Bio- and Agro-defense Facility",
                "Agro",
                "Agra",
                true,
            ),
            ("a Toronto-based firm", "Toronto", "Toronto", false),
            ("Logan-Rogersville schools", "Logan", "Logan", false),
            ("in Agro, near the river", "Agro", "Agra", false),
            ("the Mexico-bound train", "Mexico", "Mexico", false),
        ];
        for (text, name, own_name, expected) in cases {
            let start = text.find(name).unwrap();
            let found = combining_form(text, start, start + name.len(), own_name);
            assert_eq!(found, expected, "{text}");
        }
    }
}
