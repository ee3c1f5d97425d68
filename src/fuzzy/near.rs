//! The patterns near a key, remembered per thread across documents.
//!
//! The fuzzy pass asks for the closest pattern of every capitalised span that no mention
//! covers, and the same spans come back document after document: sentence starts ("The",
//! "But"), days and months, titles, the names a story runs on. What the index finds for a key
//! depends on the key alone; which of those patterns a document accepts depends on the
//! document (see [`super::recover`]), so that choice is made anew each time from the list kept
//! here.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use foldhash::fast::RandomState as FastHash;

use crate::matcher::PatternId;

/// The patterns within the bound of one key, nearest first and, among equally near ones, in
/// the order the index meets them, each with its distance in edits.
pub(super) type Near = Box<[(PatternId, u8)]>;

/// Keys a thread remembers at most: about 4 MB. The memory is emptied whole when full, which
/// keeps a long run's memory flat at no cost in the common case (news repeats far fewer
/// distinct capitalised spans).
const REMEMBERED_KEYS: usize = 1 << 16;

/// Tells one index from another, so that a thread never answers from another index's memory
/// (tests and `eval` build several).
static NEXT_INDEX: AtomicU64 = AtomicU64::new(1);

/// Each key's near patterns, hashed with foldhash (the keys are ours).
type Memory = HashMap<Box<str>, Near, FastHash>;

thread_local! {
    /// The index the memory is of, and the memory.
    static REMEMBERED: RefCell<(u64, Memory)> = RefCell::new((0, Memory::default()));
}

/// A new index's number (0 is that of an index made by `default()`, which holds nothing).
pub(super) fn new_index_id() -> u64 {
    NEXT_INDEX.fetch_add(1, Ordering::Relaxed)
}

/// `pick` applied to the patterns near `key` in index `index`: remembered, or found by `find`
/// and remembered.
pub(super) fn with_near<T>(
    index: u64,
    key: &str,
    find: impl FnOnce() -> Near,
    pick: impl FnOnce(&[(PatternId, u8)]) -> T,
) -> T {
    REMEMBERED.with(|remembered| {
        let (of, near) = &mut *remembered.borrow_mut();
        if *of != index {
            near.clear();
            *of = index;
        }
        if let Some(found) = near.get(key) {
            return pick(found);
        }
        let found = find();
        let picked = pick(&found);
        if near.len() >= REMEMBERED_KEYS {
            near.clear();
        }
        near.insert(key.into(), found);
        picked
    })
}

#[cfg(test)]
mod tests {
    use crate::fuzzy::FuzzyIndex;
    use crate::gazetteer::{Gazetteer, GazetteerBuilder};
    use crate::matcher::Matcher;

    /// A gazetteer of countries (fuzzy targets whatever their population) named `names`.
    fn built(names: &[&str]) -> (Matcher, FuzzyIndex) {
        let mut csv = String::from(
            "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n",
        );
        for (i, name) in names.iter().enumerate() {
            csv.push_str(&format!("t:{i},place,\"{name}\",1,1,,PCLI,\n"));
        }
        let gazetteer: Gazetteer = GazetteerBuilder::new()
            .add_csv("t.csv", csv.into_bytes())
            .unwrap()
            .build()
            .unwrap();
        let matcher = Matcher::new(&gazetteer).unwrap();
        let index = FuzzyIndex::new(matcher.patterns(), &gazetteer);
        (matcher, index)
    }

    fn text(
        matcher: &Matcher,
        found: Option<(crate::matcher::PatternId, usize)>,
    ) -> Option<String> {
        found.map(|(p, d)| format!("{} {d}", matcher.pattern(p)))
    }

    /// The second answer for a key comes from the memory and must be the first one; what
    /// `allowed` refuses is left out each time (the memory keeps every near pattern); and an
    /// index built after another, on the same thread, answers from its own patterns.
    #[test]
    fn remembered_answers_are_the_searched_ones() {
        let (matcher, index) = built(&["Azerbaijan", "Azerbaijani Republic", "Kazakhstan"]);
        let first = text(&matcher, index.closest(&matcher, "azerbajan", |_| true));
        assert_eq!(first.as_deref(), Some("azerbaijan 1"));
        let again = text(&matcher, index.closest(&matcher, "azerbajan", |_| true));
        assert_eq!(again, first);
        assert_eq!(index.closest(&matcher, "azerbajan", |_| false), None);
        let (other_matcher, other) = built(&["Uzbekistan"]);
        assert_eq!(other.closest(&other_matcher, "azerbajan", |_| true), None);
        let back = text(&matcher, index.closest(&matcher, "azerbajan", |_| true));
        assert_eq!(back, first);
    }
}
