//! Place names inside longer names (issue 31, item 4): what counts as a mention of the place.
//!
//! GeoWebNews (Gritta et al. 2019, "A Pragmatic Guide to Geoparsing Evaluation") is the model
//! here, read off its annotation of the 200 articles:
//!
//! - **A building, a district or a feature named after a place is a place of its own**, annotated
//!   whole as a literal toponym: "Manila Cathedral", "Windsor Castle", "Colchester Hospital",
//!   "Vatican Gardens", "Thames Valley", "Lake Manassas", "Hotel Kyjev", "Washington Township".
//!   The bare town inside it is not a mention of the town ([`BUILDING_HEADS`],
//!   [`PLACE_HEADS_BEFORE`]); the gazetteer does not list such buildings, so the name is dropped.
//!   LGL annotates the town inside some ("Hartford Hospital", "Meigs County Court": 6 names of
//!   lgl-dev); the issue asks for GeoWebNews' reading, and the README gives both figures.
//! - **An organisation "of" a place** ("Council of Europe") is annotated as a non-toponym with
//!   no toponym inside it ([`OF_HEADS`]); but a university "of" a place is where GUM counts the
//!   place, and stays a mention.
//! - **An organisation named with the place in front** ("Toronto Police", "The Washington Post",
//!   "Jamaica Cancer Society", "Air Zimbabwe") is annotated with the place inside it as an
//!   embedded toponym, which the corpus counts: those stay mentions. That is also why only the
//!   heads above are listed, and not "Police", "Times" or "Department".
//! - **A compass word written before a place** ("South Florida", "Northern Europe") is left
//!   out of the name: GeoWebNews annotates the whole phrase, LGL the place alone ("Northeast
//!   Georgia": 25 of its names), and the mention is the place's either way. Where GeoNames has
//!   a region of that name, the gazetteer lists it ("Northern Europe", `data/curated/`).
//!
//! Counting: a mention inside an organisation's name still counts as one of the place in the
//! GeoWebNews reading, and so in `map` and `audit`; the README says so ("What counts as a
//! mention"), since an outlet named after its town then counts its town.

/// Capitalised words that, written right after a place's name, make it the name of a building,
/// a district or a feature there (GeoWebNews annotates "Manila Cathedral" whole, not "Manila").
/// Sorted; compared ignoring case, on a capitalised word only.
pub const BUILDING_HEADS: &[&str] = &[
    "Armory",
    "Capitol",
    "Castle",
    "Cathedral",
    "Chapel",
    "Church",
    "Court",
    "Elementary",
    "Gardens",
    "Hills",
    "Hospital",
    "Library",
    "Office",
    "Railway",
    "Railways",
    "River",
    "Theater",
    "Theatre",
    "Township",
    "Valley",
    "World",
];

/// Of [`BUILDING_HEADS`], those that are also the kind word of a physical feature: "Jordan
/// River" may be the river itself under its bare name, which the feature-word evidence decides.
const FEATURE_KIND_HEADS: &[&str] = &["River"];

/// Capitalised words that, written right before a place's name, make it the name of another
/// thing: a lake, a hotel, a camp or a mountain named after it ("Lake Manassas", "Hotel Kyjev").
pub const PLACE_HEADS_BEFORE: &[&str] = &["Camp", "Hotel", "Lake", "Mount"];

/// Capitalised nouns that head an organisation or a building "of" a place: "Council of Europe",
/// "Mall of Asia". Not "Bank" or "Embassy": GeoWebNews counts the country of "Bank of America"
/// and of an embassy as an embedded toponym. Nor "University": GeoWebNews counts no place in
/// "University of California", but GUM counts "North Carolina" in "University of North Carolina
/// at Greensboro" (5 of its place names), and a reader of either would put the university there.
pub const OF_HEADS: &[&str] = &["Council", "Mall"];

/// Is the place name at bytes `start..end` of `original` part of the name of another thing
/// (a building, a feature, an organisation "of" it)? `feature`: the name's best candidate is a
/// physical feature, whose own kind word may follow it.
pub(super) fn inside_other_name(original: &str, start: usize, end: usize, feature: bool) -> bool {
    if let Some(word) = word_after(original, end) {
        let listed = |heads: &[&str]| heads.iter().any(|h| h.eq_ignore_ascii_case(word));
        if listed(BUILDING_HEADS) && !(feature && listed(FEATURE_KIND_HEADS)) {
            return true;
        }
    }
    let before = &original[..start];
    if let Some(word) = word_before(before) {
        if PLACE_HEADS_BEFORE
            .iter()
            .any(|h| h.eq_ignore_ascii_case(word))
        {
            return true;
        }
    }
    // "Council of Europe", "Council of the Baltic Sea States".
    let of = before.strip_suffix(' ').and_then(|b| {
        let b = b.strip_suffix(" the").unwrap_or(b);
        b.strip_suffix(" of")
    });
    of.and_then(last_word)
        .is_some_and(|word| OF_HEADS.iter().any(|h| h.eq_ignore_ascii_case(word)))
}

/// The capitalised word right after byte `end`, one space away.
fn word_after(original: &str, end: usize) -> Option<&str> {
    let rest = original.get(end..)?.strip_prefix(' ')?;
    let word = &rest[..rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len())];
    word.starts_with(char::is_uppercase).then_some(word)
}

/// The capitalised word that `before` ends with, followed by one space.
fn word_before(before: &str) -> Option<&str> {
    last_word(before.strip_suffix(' ')?)
}

/// The capitalised word that `before` ends with.
fn last_word(before: &str) -> Option<&str> {
    let from = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[from..];
    word.starts_with(char::is_uppercase).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name is the first occurrence of `name` in `text`.
    fn inside(text: &str, name: &str) -> bool {
        let start = text.find(name).unwrap();
        inside_other_name(text, start, start + name.len(), false)
    }

    #[test]
    fn buildings_and_organisations_of_a_place_are_other_names() {
        let cases = [
            ("Mass at the Manila Cathedral on Sunday", "Manila", true),
            ("taken to Colchester Hospital", "Colchester", true),
            ("the Easter Vigil in Manila on Sunday", "Manila", false),
            (
                "a professor at the University of California, Los Angeles",
                "California",
                false,
            ),
            ("the SM Mall of Asia", "Asia", true),
            (
                "a meeting of the Council of the Baltic Sea States",
                "Baltic Sea",
                true,
            ),
            ("the Council of Europe’s framework", "Europe", true),
            ("the Bank of America", "America", false),
            ("Lake Manassas is a reservoir", "Manassas", true),
            ("the adjacent Hotel Kyjev", "Kyjev", true),
            ("the Toronto Police said", "Toronto", false),
            ("the Washington Post reported", "Washington", false),
            // Lower case is a description, not a name: "a Manila cathedral".
            ("in a Manila cathedral", "Manila", false),
            ("the city of Manila", "Manila", false),
        ];
        for (text, name, expected) in cases {
            assert_eq!(inside(text, name), expected, "{text}");
        }
    }

    #[test]
    fn a_river_may_be_named_with_its_kind_word() {
        let text = "the Jordan River flooded";
        assert!(inside_other_name(text, 4, 10, false));
        assert!(!inside_other_name(text, 4, 10, true));
    }
}
