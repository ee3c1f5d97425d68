//! The local-news pass: where a document places itself, and the names that are small places
//! there. Runs on a document's resolved mentions, after resolution and before fuzzy recovery,
//! in four steps, each linear in the document:
//!
//! 1. **votes**: every clearly placed entity votes once for its first-order division;
//! 2. **written states**: a state written after a town (`PARIS, Tenn.`) becomes a mention of the
//!    division, places the town when it is a small place there, and votes for the division;
//! 3. **namesakes**: a name the gazetteer gave to a bigger namesake elsewhere becomes the small
//!    place of a division where the document is, when that place is near the document's towns;
//! 4. **bare names**: capitalised names the gazetteer lacks become small places of a division
//!    where the document is;
//! 5. **strangers** (`strangers.rs`): a small town still placed in a country nothing else of a
//!    story set firmly elsewhere names becomes an unlinked place name.

use std::sync::Arc;

use crate::document::{is_function_word, Document, Word};
use crate::gazetteer::{Entity, EntityKind, Gazetteer, LonLat};
use crate::mention::{Candidate, Mention, Method};
use crate::normalize::normalize;

use super::anchors::Anchors;
use super::votes::{area_of, Votes};
use super::{
    area_of_place, clear_place, is_division_or_more, AbbreviationStyle, Area, Geography,
    MAX_NAME_WORDS, NEAR_KM, SMALL_PLACE_CONFIDENCE, WRITTEN_STATE_VOTES,
};

/// What the pass does to a document's mentions, applied at its end so that every step reads the
/// mentions as resolution left them.
#[derive(Default)]
struct Edits {
    added: Vec<Mention>,
    replaced: Vec<Replacement>,
    /// Indices of readings the writer contradicted, in text order.
    contradicted: Vec<usize>,
}

/// A mention to be given a small place instead of the entity it has.
struct Replacement {
    /// Its index among the document's mentions.
    index: usize,
    place: Entity,
    /// The evidence written on it.
    why: String,
}

impl Geography {
    /// Places the document's local names: the states written after towns become mentions of
    /// their division, and a name that is a small place of a division where the document is
    /// ([`super::MIN_AREA_VOTES`]) becomes that place, whether the gazetteer matched it to a bigger
    /// namesake elsewhere or not at all. Runs after resolution and before fuzzy recovery.
    pub(crate) fn place_locally(
        &self,
        gazetteer: &Gazetteer,
        doc: &Arc<str>,
        document: &Document,
        mentions: &mut Vec<Mention>,
    ) {
        self.place_local_names(gazetteer, doc, document, mentions);
        // After the small places took their names: a stranger is what is still placed abroad.
        super::strangers::unlink_strangers(gazetteer, mentions);
    }

    /// Steps 1 to 4 (the module doc).
    fn place_local_names(
        &self,
        gazetteer: &Gazetteer,
        doc: &Arc<str>,
        document: &Document,
        mentions: &mut Vec<Mention>,
    ) {
        let mut votes = Votes::count(gazetteer, mentions);
        let mut edits = Edits::default();
        for area in self.written_states_placed(gazetteer, doc, document, mentions, &mut edits) {
            votes.add(area, WRITTEN_STATE_VOTES);
        }
        let anchors = anchors(mentions, &edits.added, &edits.replaced);
        if !votes.any_supported() && anchors.is_empty() {
            edits.apply(mentions);
            return;
        }
        if votes.any_supported() {
            let namesakes =
                self.namesakes_replaced(gazetteer, mentions, &edits.replaced, &votes, &anchors);
            edits.replaced.extend(namesakes);
        }
        let found = self.bare_small_places(doc, document, mentions, &edits.added, &votes, &anchors);
        edits.added.extend(found);
        edits.apply(mentions);
    }

    /// Step 2: every state written after a name. The abbreviation becomes a mention of its
    /// division (a postal code only after a place of that state); a name before it that is a
    /// small place of that state is placed there. Returns the divisions written after a place.
    fn written_states_placed(
        &self,
        gazetteer: &Gazetteer,
        doc: &Arc<str>,
        document: &Document,
        mentions: &[Mention],
        edits: &mut Edits,
    ) -> Vec<Area> {
        let text = document.original;
        let mut written_areas: Vec<Area> = Vec::new();
        for (comma, state) in self.written_states(gazetteer, text) {
            let division = gazetteer.entity(state.division);
            let (Some(cc), Some(admin1)) = (&division.country_code, &division.admin1_code) else {
                continue;
            };
            let area: Area = (cc.clone(), admin1.clone());
            // The name before the comma: a mention ending there, or capitalised words.
            let before = mentions.partition_point(|m| m.end_byte < comma);
            let named = mentions.get(before).filter(|m| m.end_byte == comma);
            let mut confirmed =
                named.is_some_and(|m| area_of(gazetteer, m).as_ref() == Some(&area));
            if !confirmed {
                let span = match named {
                    Some(m) if m.kind == EntityKind::Place => Some((m.start_byte, comma)),
                    Some(_) => None,
                    None => capitalised_name_before(document, comma),
                };
                if let Some((start, end)) = span {
                    let key = normalize(&text[start..end]);
                    if let Some(place) = self.small_places().in_area(&key, &area) {
                        let why = format!(
                            "a place under 15,000 people followed by its state {}",
                            &text[state.start..state.end]
                        );
                        match named {
                            Some(_) => edits.replaced.push(Replacement {
                                index: before,
                                place: place.clone(),
                                why,
                            }),
                            None => edits.added.push(small_place_mention(
                                place,
                                doc,
                                start,
                                end,
                                &text[start..end],
                                why,
                            )),
                        }
                        confirmed = true;
                    }
                }
            }
            // A town the writer placed in this state that the gazetteer read as a place elsewhere
            // ("CAMP MURRAY, Wash." as Australia's Murray River): the resolver already prefers a
            // candidate followed by its state, so none is in the state and the reading is
            // contradicted by the writer: dropped rather than counted on another continent.
            // Only after a written-out abbreviation (AP style): a postal code after a name is
            // less sure to be a state.
            if !confirmed && state.style == AbbreviationStyle::Ap {
                // A division before it is a list of states ("Indiana, Ill."), not a town.
                if named.is_some_and(|m| {
                    m.kind == EntityKind::Place && !is_division_or_more(m.feature_code.as_deref())
                }) {
                    edits.contradicted.push(before);
                    confirmed = true;
                }
            }
            // Mentions are sorted by start and do not overlap: only the last one starting
            // before the abbreviation's end can cover it (no scan of all mentions per state).
            let before_end = mentions.partition_point(|m| m.start_byte < state.end);
            let covered_already = before_end > 0 && mentions[before_end - 1].end_byte > state.start;
            if covered_already {
                continue;
            }
            if confirmed || state.style == AbbreviationStyle::Ap {
                written_areas.push(area);
                let mut mention = Mention::of_entity(
                    division,
                    doc,
                    state.start,
                    state.end,
                    &text[state.start..state.end],
                    Method::Exact,
                );
                mention.alias = Some(text[state.start..state.end].into());
                mention.evidence = "a state written after a town's name".into();
                edits.added.push(mention);
            }
        }
        written_areas
    }

    /// Step 3: names the gazetteer placed elsewhere that are small places where the document is,
    /// near its other places.
    fn namesakes_replaced(
        &self,
        gazetteer: &Gazetteer,
        mentions: &[Mention],
        replaced: &[Replacement],
        votes: &Votes,
        anchors: &Anchors,
    ) -> Vec<Replacement> {
        let mut replaced_already = vec![false; mentions.len()];
        for r in replaced {
            if let Some(flag) = replaced_already.get_mut(r.index) {
                *flag = true;
            }
        }
        let mut out = Vec::new();
        for (i, m) in mentions.iter().enumerate() {
            if m.kind != EntityKind::Place
                || !matches!(m.method, Method::Exact | Method::Variant)
                || replaced_already[i]
                || is_division_or_more(m.feature_code.as_deref())
                || votes.in_capital_of_own_country(m)
            {
                continue;
            }
            if area_of(gazetteer, m).is_some_and(|area| votes.supported(&area, Some(m))) {
                continue;
            }
            let key = normalize(&m.surface);
            let near = |place: &Entity| place.point.is_some_and(|p| anchors.near(p, Some(i)));
            if let Some((place, count)) = self.small_places().best(&key, false, |area, place| {
                (votes.supported(area, Some(m)) && near(place)).then(|| votes.of(area))
            }) {
                let why = format!(
                    "a place under 15,000 people in {}.{}, where the document is ({count} votes), over {}",
                    place.country_code.as_deref().unwrap_or("-"),
                    place.admin1_code.as_deref().unwrap_or("-"),
                    m.name
                );
                out.push(Replacement {
                    index: i,
                    place: place.clone(),
                    why,
                });
            }
        }
        out
    }

    /// Step 4: capitalised names (of up to [`MAX_NAME_WORDS`] words, not part of a longer name)
    /// that no mention covers and that are small places where the document is.
    fn bare_small_places(
        &self,
        doc: &Arc<str>,
        document: &Document,
        mentions: &[Mention],
        added: &[Mention],
        votes: &Votes,
        anchors: &Anchors,
    ) -> Vec<Mention> {
        let text = document.original;
        let covered = Covered::new(mentions, added);
        let words = document.words;
        let mut found: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if !words[i].capitalised()
                || !document.class(i).starts_small_place()
                || is_function_word(document.surface(i))
                || (i > 0 && joined(text, words, i - 1) && continues_name(document, i - 1))
            {
                i += 1;
                continue;
            }
            let mut taken = 0;
            for n in (1..=MAX_NAME_WORDS).rev() {
                let last = i + n - 1;
                if last >= words.len()
                    || (i..last).any(|k| !words[k + 1].capitalised() || !joined(text, words, k))
                    || (last + 1 < words.len()
                        && joined(text, words, last)
                        && continues_name(document, last + 1))
                {
                    continue;
                }
                let (start, end) = (words[i].start(), words[last].end());
                if covered.overlaps(start, end) {
                    continue;
                }
                let key = document.key_span(i, last);
                // Where the document is, or near its places (a story of Chicago names the
                // villages around it without naming two places of their state).
                let Some((place, count)) = self.small_places().best(key, true, |area, place| {
                    let near = || place.point.is_some_and(|p| anchors.near(p, None));
                    (votes.supported(area, None) || near()).then(|| votes.of(area))
                }) else {
                    continue;
                };
                let area = area_of_place(place);
                let why = if votes.supported(&area, None) {
                    format!(
                        "a place under 15,000 people in {}.{}, where the document is ({count} votes)",
                        area.0, area.1
                    )
                } else {
                    format!(
                        "a place under 15,000 people within {NEAR_KM} km of the document's places"
                    )
                };
                found.push(small_place_mention(
                    place,
                    doc,
                    start,
                    end,
                    &text[start..end],
                    why,
                ));
                taken = n;
                break;
            }
            i += taken.max(1);
        }
        found
    }
}

/// Where the document's clearly placed towns and counties are (by mention), and the small
/// places a written state placed (`usize::MAX`: a mention not yet among them).
fn anchors(mentions: &[Mention], added: &[Mention], replaced: &[Replacement]) -> Anchors {
    let point = |m: &Mention| {
        Some(LonLat {
            lon: m.lon?,
            lat: m.lat?,
        })
    };
    let mut anchors: Vec<(usize, LonLat)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            clear_place(m)
                && (m.feature_code.as_deref() == Some("ADM2")
                    || !is_division_or_more(m.feature_code.as_deref()))
        })
        .filter_map(|(i, m)| Some((i, point(m)?)))
        .collect();
    anchors.extend(
        replaced
            .iter()
            .filter_map(|r| Some((r.index, r.place.point?))),
    );
    anchors.extend(
        added
            .iter()
            .filter(|m| m.kind == EntityKind::Place && m.feature_code.as_deref() == Some("PPL"))
            .filter_map(|m| Some((usize::MAX, point(m)?))),
    );
    Anchors::new(anchors)
}

/// The spans of the mentions and of those added so far, to tell whether a span overlaps one
/// with a binary search, not a scan of them all per word.
struct Covered<'m> {
    /// Sorted by start, not overlapping.
    mentions: &'m [Mention],
    /// The added spans by start, and the furthest end of each prefix: a span overlaps one of
    /// them when the furthest end among those starting before its end passes its start.
    added: Vec<(usize, usize)>,
    furthest_end: Vec<usize>,
}

impl<'m> Covered<'m> {
    fn new(mentions: &'m [Mention], added: &[Mention]) -> Self {
        let mut spans: Vec<(usize, usize)> =
            added.iter().map(|m| (m.start_byte, m.end_byte)).collect();
        spans.sort_unstable();
        let furthest_end: Vec<usize> = spans
            .iter()
            .scan(0, |furthest, &(_, end)| {
                *furthest = end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        Covered {
            mentions,
            added: spans,
            furthest_end,
        }
    }

    fn overlaps(&self, start: usize, end: usize) -> bool {
        let before_end = self.mentions.partition_point(|m| m.start_byte < end);
        let added_before_end = self.added.partition_point(|&(s, _)| s < end);
        (before_end > 0 && self.mentions[before_end - 1].end_byte > start)
            || (added_before_end > 0 && self.furthest_end[added_before_end - 1] > start)
    }
}

/// Are words `k` and `k + 1` separated by spaces only?
fn joined(text: &str, words: &[Word], k: usize) -> bool {
    let between = &text[words[k].end()..words[k + 1].start()];
    !between.is_empty() && between.chars().all(|c| c == ' ')
}

/// Does word `k` carry a name on (capitalised, not a function word)? A small place's name is
/// not part of a longer one: "Franklin Road", "John Hinton".
fn continues_name(document: &Document, k: usize) -> bool {
    document.words[k].capitalised() && !is_function_word(document.surface(k))
}

/// The capitalised words (up to [`MAX_NAME_WORDS`]) that end right before byte `comma`, as a
/// byte span, when they do.
fn capitalised_name_before(document: &Document, comma: usize) -> Option<(usize, usize)> {
    let words = document.words;
    let last = words.partition_point(|w| w.end() <= comma).checked_sub(1)?;
    if words[last].end() != comma || !continues_name(document, last) {
        return None;
    }
    let mut first = last;
    while first > 0
        && last - first + 1 < MAX_NAME_WORDS
        && joined(document.original, words, first - 1)
        && continues_name(document, first - 1)
    {
        first -= 1;
    }
    Some((words[first].start(), comma))
}

fn small_place_mention(
    place: &Entity,
    doc: &Arc<str>,
    start: usize,
    end: usize,
    surface: &str,
    why: String,
) -> Mention {
    let mut mention = Mention::of_entity(place, doc, start, end, surface, Method::Exact);
    mention.alias = Some(place.name.clone());
    mention.confidence = SMALL_PLACE_CONFIDENCE;
    mention.evidence = why;
    mention
}

impl Edits {
    /// Applies the replacements (the displaced entity kept as the runner-up), removes the
    /// readings the writer contradicted and adds the new mentions, in text order.
    fn apply(self, mentions: &mut Vec<Mention>) {
        let Edits {
            added,
            replaced,
            contradicted,
        } = self;
        for Replacement { index, place, why } in replaced {
            let old = &mentions[index];
            let displaced = old.entity_id.clone().map(|id| Candidate {
                entity_id: id,
                name: old.name.clone(),
                country_code: old.country_code.clone(),
                score: 0.0,
            });
            let mut mention = small_place_mention(
                &place,
                &old.doc,
                old.start_byte,
                old.end_byte,
                &old.surface,
                why,
            );
            mention.candidates = displaced.into_iter().collect();
            mentions[index] = mention;
        }
        if !contradicted.is_empty() {
            // `contradicted` is in text order (the states are found in order): a binary search.
            let mut index = 0;
            mentions.retain(|_| {
                index += 1;
                contradicted.binary_search(&(index - 1)).is_err()
            });
        }
        if !added.is_empty() {
            mentions.extend(added);
            // Not `sort_by_key`: its scratch copy of half the list is 27 MB for a 20 MB document.
            crate::mention::sort_by_start(mentions);
        }
    }
}
