//! Pass 5: a given name written alone, repeatedly, is a person known by that name.

use std::collections::HashMap;
use std::sync::Arc;

use foldhash::fast::RandomState as FastHash;

use super::LONE_GIVEN_NAME_MIN_USES;
use super::{adjacent, index, is_all_capitals, starts_sentence, unlinked};
use crate::document::Document;
use crate::mention::Mention;

/// A given name written alone where nothing else was found, repeatedly and away from sentence
/// starts, is a person known by that name ("Gloria" in "their child, Gloria."): news names a
/// child, a victim or an artwork's subject so. Only given names that are not also English words
/// qualify ("Grace", "Mark" and "Will" do not).
pub(super) fn find_lone_given_names(
    doc: &Arc<str>,
    document: &Document,
    mentions: &mut Vec<Mention>,
) {
    let (text, words) = (document.original, document.words);
    let keys = |i: usize| document.key(i);
    let lone: Vec<usize> = (0..words.len())
        .filter(|&w| {
            let word = &words[w];
            word.capitalised()
                && !is_all_capitals(text, word)
                && document.class(w).wordless_given()
                && !words
                    .get(w + 1)
                    .is_some_and(|next| next.capitalised() && adjacent(text, word, next, false))
                && !(w > 0
                    && words[w - 1].capitalised()
                    && adjacent(text, &words[w - 1], word, true))
                && !index::overlaps(mentions, word.start(), word.end())
        })
        .collect();
    let mut mid_sentence_uses: HashMap<&str, usize, FastHash> = HashMap::default();
    for &w in &lone {
        if !starts_sentence(text, &words[w]) {
            *mid_sentence_uses.entry(keys(w)).or_default() += 1;
        }
    }
    let before = mentions.len();
    for &w in &lone {
        if mid_sentence_uses.get(keys(w)).copied().unwrap_or(0) >= LONE_GIVEN_NAME_MIN_USES {
            let (start, end) = (words[w].start(), words[w].end());
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
        crate::mention::sort_by_start(mentions);
    }
}
