//! A state's name that GeoNames lists among its seat town's names (issue 31, "Santarem, Para").
//!
//! GeoNames gives a state's capital, among its alternates, the state's own name: "Pará" for
//! Belém, "Bahia" for Salvador, "Pernambuco" for Recife, "Chuquisaca" for Sucre, "Kocaeli" for
//! İzmit. The rule that leaves a seat town its bare name (`divisions.rs`) would then rename the
//! state "Pará District", and "the river port of Santarem, Para" has no state to find. Such a
//! name is the state's, borrowed by its seat: it shares no word with the seat's own name and is
//! no spelling of it. Other spellings of the seat's name that a division is also called ("Baki"
//! for Baku, "Gǝncǝ" for Ganja, "Dimashq" for Damascus, "Bucureşti", "Lucerne") are the town's,
//! and the division named so still leaves it the bare name.

use super::*;

/// Below this similarity of the folded names (Ratcliff and Obershelp's, as Python's
/// `difflib.SequenceMatcher.ratio` computes it), a name that also starts with another letter is
/// no spelling of the seat's. Measured on the first-order divisions whose name is only among
/// their seat's alternates (admin1CodesASCII against cities15000): the borrowed names lie at
/// 0.38 or less (Paraíba / João Pessoa 0.22, Bahia / Salvador 0.31, Sakarya / Adapazarı 0.38);
/// the spellings that start with another letter at 0.40 or more (Ammochostos / Famagusta 0.40,
/// Al Qaşrayn / Kasserine 0.42, Rangoon / Yangon 0.77), and those starting with the same letter
/// are spellings whatever their score (Gǝncǝ / Ganja 0.40, Baki / Baku 0.75).
pub const SPELLING_SIMILARITY: f64 = 0.40;

/// Is `alternate`, one of a seat town's alternate names, a name it borrows from its state
/// rather than a spelling of its own names `seat_names`?
pub(super) fn borrowed_from_state(alternate: &str, seat_names: &[&str]) -> bool {
    let alternate = normalize(alternate);
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let alternate_words = words(&alternate);
    seat_names.iter().all(|name| {
        let name = normalize(name);
        let shares_word = words(&name).iter().any(|w| alternate_words.contains(w));
        let same_start = alternate.chars().next() == name.chars().next();
        !shares_word && !same_start && similarity(&alternate, &name) < SPELLING_SIMILARITY
    })
}

/// Ratcliff and Obershelp's similarity of two strings: twice the characters of their common
/// blocks (the longest common run, then the same on either side of it) over their total length.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    2.0 * matching(&a, &b) as f64 / total as f64
}

/// The characters of `a` and `b` in common blocks, found recursively.
fn matching(a: &[char], b: &[char]) -> usize {
    let (mut best, mut at_a, mut at_b) = (0, 0, 0);
    for i in 0..a.len() {
        for j in 0..b.len() {
            let run = a[i..]
                .iter()
                .zip(&b[j..])
                .take_while(|(x, y)| x == y)
                .count();
            if run > best {
                (best, at_a, at_b) = (run, i, j);
            }
        }
    }
    if best == 0 {
        return 0;
    }
    best + matching(&a[..at_a], &b[..at_b]) + matching(&a[at_a + best..], &b[at_b + best..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_agrees_with_difflib() {
        // Python: difflib.SequenceMatcher(None, a, b).ratio()
        let cases = [
            ("bahia", "salvador", 0.31),
            ("baki", "baku", 0.75),
            ("ammochostos", "famagusta", 0.40),
        ];
        for (a, b, expected) in cases {
            assert!((similarity(a, b) - expected).abs() < 0.01, "{a} {b}");
        }
    }

    #[test]
    fn a_state_name_its_seat_borrows_is_told_from_a_spelling() {
        let cases = [
            ("Pará", &["Belém", "Belem"][..], true),
            ("Bahia", &["Salvador"][..], true),
            ("Sakarya", &["Adapazarı", "Adapazari"][..], true),
            ("Baki", &["Baku"][..], false),
            ("Gǝncǝ", &["Ganja"][..], false),
            ("Ammochostos", &["Famagusta"][..], false),
            ("Rangoon", &["Yangon"][..], false),
            ("Belem do Para", &["Belém"][..], false),
        ];
        for (alternate, seat, expected) in cases {
            assert_eq!(
                borrowed_from_state(alternate, seat),
                expected,
                "{alternate}"
            );
        }
    }
}
