//! "X State" that names a university or its teams, not the state (issue 31, item 4).
//!
//! GeoNames lists "Mississippi State" and "Colorado State" among the states' names, and a
//! reader of "the state of Mississippi" may write so; but in American news a bare "Mississippi
//! State" is far more often the university or its teams ("Mississippi State’s Roshunda Johnson
//! hit the tying 3-pointer", "the forecasters at Colorado State believe"). GeoWebNews
//! (Gritta et al. 2019) annotates such a name as an organisation ("Mississippi State":
//! `Non_Toponym`) with the state's name inside it as an embedded toponym ("Mississippi":
//! `Embedded_Non_Lit`, at the state's point). mentionmap reads it the same way, as it reads
//! "Toronto Police" (`embedded.rs`): the mention is the state under its own name, spanning the
//! embedded "Mississippi", never the state under the name "Mississippi State".
//!
//! Which "X State" is the institution is decided once per document, as a writer uses one name
//! in one sense through a story: where one "X State" of the document stands in an institution's
//! context ([`INSTITUTION_WORDS_AFTER`] after it, [`INSTITUTION_WORDS_BEFORE`] before it), every
//! "X State" of the same X in it is read so ("Colorado State will update its outlook" in a story
//! that earlier wrote "the forecasters at Colorado State").

use super::*;

/// The word after a place's name that makes "<place> State" a name of its own.
const STATE: &str = " State";

/// Lower-case words that, written right after "X State", make it a university or its team:
/// "the Mississippi State team", "Colorado State forecasters". Not "government", "police",
/// "officials" or "lawmakers": the state's own institutions write them ("Lagos State
/// government"), and the state is what they name.
pub const INSTITUTION_WORDS_AFTER: &[&str] = &[
    "alumni",
    "athletes",
    "basketball",
    "coach",
    "football",
    "forecasters",
    "players",
    "professor",
    "program",
    "researchers",
    "scientists",
    "softball",
    "team",
    "volleyball",
];

/// Lower-case words that, written right before "X State" and with no capitalised word after it,
/// make it a university or its team: "the forecasters at Colorado State", "a game against
/// Mississippi State", "Duke plays Michigan State". A state is "in" a place or a name, not "at"
/// it.
pub const INSTITUTION_WORDS_BEFORE: &[&str] = &[
    "against", "at", "beat", "beats", "defeated", "plays", "vs", "vs.",
];

/// The matches of a document with each "X State" that names an institution there narrowed to
/// the embedded place's name "X" (the pattern of X, which the gazetteer must know); `None` when
/// the document has no such name, which is nearly always (no allocation then).
pub(super) fn narrow_institutions(
    matcher: &Matcher,
    original: &str,
    matches: &[NameMatch],
) -> Option<Vec<NameMatch>> {
    // "X State University", "X State Police": some other name, which `heads_another_name` or
    // the state itself answers for.
    let place = |m: &NameMatch| -> Option<&str> {
        if m.ending.is_some() || capitalised_after(original, m.end) {
            return None;
        }
        m.surface(original)
            .strip_suffix(STATE)
            .filter(|p| !p.is_empty())
    };
    let institutions: Vec<&str> = matches
        .iter()
        .filter(|m| in_institution_context(original, m.start, m.end))
        .filter_map(place)
        .collect();
    if institutions.is_empty() {
        return None;
    }
    let narrowed = matches
        .iter()
        .map(|m| {
            let Some(name) = place(m).filter(|p| institutions.contains(p)) else {
                return *m;
            };
            match matcher.pattern_id(&normalize(name)) {
                Some(pattern) => NameMatch {
                    pattern,
                    end: m.start + name.len(),
                    ending: None,
                    also: None,
                    ..*m
                },
                None => *m,
            }
        })
        .collect();
    Some(narrowed)
}

/// Does the name at bytes `start..end` stand where a university or a team does?
fn in_institution_context(original: &str, start: usize, end: usize) -> bool {
    if !original[start..end].ends_with(STATE) {
        return false;
    }
    let after = original[end..].strip_prefix(' ').map(first_word);
    if after.is_some_and(|w| INSTITUTION_WORDS_AFTER.contains(&w)) {
        return true;
    }
    // "at Colorado State University" is the university too, but `heads_another_name` drops
    // the whole name there; a capitalised word after ("at Lagos State Government House") is
    // some other name.
    if capitalised_after(original, end) {
        return false;
    }
    let before = original[..start]
        .strip_suffix(' ')
        .and_then(|b| b.rsplit(' ').next());
    before.is_some_and(|w| INSTITUTION_WORDS_BEFORE.contains(&w))
}

/// Does a capitalised word follow byte `end`, one space away?
fn capitalised_after(original: &str, end: usize) -> bool {
    original[end..]
        .strip_prefix(' ')
        .is_some_and(|rest| rest.starts_with(char::is_uppercase))
}

/// The word `text` starts with: its letters (and a dot, for "vs.").
fn first_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphabetic() || c == '.'))
        .unwrap_or(text.len());
    text[..end].trim_end_matches('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(text: &str, name: &str) -> bool {
        let start = text.find(name).unwrap();
        in_institution_context(text, start, start + name.len())
    }

    #[test]
    fn a_state_read_as_a_university_or_team() {
        let cases = [
            ("Most of the Mississippi State team ended up", true),
            ("but the forecasters at Mississippi State believe", true),
            ("Regardless, Mississippi State forecasters remind", true),
            ("Duke plays Mississippi State today.", true),
            // The state's own institutions and the state itself.
            ("In a press release, Mississippi State Police say", false),
            ("the Mississippi State government said", false),
            (
                "camped out in Matias Romero, Mississippi State, Mexico",
                false,
            ),
            ("at Mississippi State University", false),
        ];
        for (text, expected) in cases {
            assert_eq!(context(text, "Mississippi State"), expected, "{text}");
        }
    }
}
