//! Finding gazetteer names in normalized text.
//!
//! One Aho-Corasick automaton holds every normalized alias once. The search is anchored at word
//! starts: at each position where a word begins, every alias that starts there is listed
//! (an anchored overlapping search), and the longest one that also ends on a word boundary and
//! shows the capitalisation its alias asks for wins. The scan then resumes after it.
//!
//! Why not a plain leftmost-longest scan followed by a boundary filter: an alias that starts
//! inside a word ("e man" in "de Mandeville") wins the leftmost-longest race, is then rejected,
//! and hides the real name right after it. Searching only where a name can start has no such
//! blind spot, and is cheaper besides: most positions are never searched.
//!
//! Because every search is anchored, the patterns are split into [`SHARDS`] automata by their
//! first character and built in parallel: a search at a word start only ever needs the shard of
//! that word's first character, so sharding speeds up start-up on several cores and costs the
//! scan nothing.
//!
//! Most words of running text start with a lower-case letter ("the", "said"), and almost every
//! alias asks for a capital there. So the patterns that start with a lower-case letter and that
//! some alias lets start so get a second, much smaller set of shards (a fiftieth of the
//! patterns), and a word whose first letter is lower case, in the text and once folded, is
//! searched there only: the walk for most words ends at once.
//!
//! Many walks from a capitalised word run deep into it and find nothing ("Democrats": "dem" to
//! "democrat" all start some alias), a cache miss per byte. Outside paragraphs with endings,
//! a name can only start at a word that is its own first word, so a compact filter of the
//! patterns' first words (`first_words`) is asked before each walk there: more than half the
//! capitalised words of English news are no pattern's first word. (Lower-case words are
//! not asked: their walks, in the small lower-case automata, cost less than the question.)
//!
//! The stage's parts, a file each: `shard` holds the automata and their walk, `find` the scan
//! of a document, `first_words` the filter; this file builds the matcher and answers look-ups
//! by key.

mod find;
mod first_words;
mod patterns;
mod shard;

pub use patterns::{Patterns, Stem};

pub use shard::SHARDS;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::MatchKind;
use rayon::prelude::*;

use self::first_words::FirstWords;
use self::shard::{shard_of, Shard};
use crate::gazetteer::{AliasIndex, CaseRule, Gazetteer};
use crate::language::{EndingId, Lang};
use crate::{Error, Result};

/// A normalized alias string shared by one or more gazetteer aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatternId(pub u32);

/// One name found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch {
    /// The normalized alias that matched.
    pub pattern: PatternId,
    /// Byte range in the original text.
    pub start: usize,
    /// End of the byte range in the original text (exclusive): the end of the word when the
    /// name ends in an ending.
    pub end: usize,
    /// The ending after the name (Москв|е, İran'|ın), when it has one.
    pub ending: Option<Ending>,
    /// The word also reads as another name with an ending. When this match is the name whole,
    /// the word reads two ways (Russian "Шуши": the Armenian name, and Шуша's genitive; see
    /// `resolve`). When this match has an ending too, both are stems of the word (Бразил|ии,
    /// Бразили|и) and [`Matcher::aliases_of`] gives the aliases of both.
    pub also: Option<Reading>,
    /// The language of the paragraph the name was found in, if it is one with endings: names
    /// kept to one language's text (`tr-x-only`, see [`crate::language::Lang::only_in`]) are
    /// its aliases only there.
    pub lang: Option<Lang>,
}

/// A name read with an ending: its pattern and the ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// The name's pattern (a stem or a whole name).
    pub pattern: PatternId,
    /// The ending after it.
    pub ending: Ending,
}

/// An ending a name was found with: the rest of its word, allowed by the paragraph's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ending {
    /// Original byte where the ending (or the apostrophe before it) starts.
    pub at: usize,
    /// The paragraph's language.
    pub lang: Lang,
    /// Which ending.
    pub id: EndingId,
    /// The pattern's own aliases take this ending whole (Степанакерт|е); otherwise only the
    /// aliases it is the stem of do (Москв|е).
    pub whole: bool,
    /// The ending is set off by an apostrophe (İran'|ın), which marks a proper name in Turkish
    /// and Azerbaijani.
    pub after_apostrophe: bool,
}

impl NameMatch {
    /// The matched text as written in the original.
    pub fn surface<'t>(&self, original: &'t str) -> &'t str {
        &original[self.start..self.end]
    }
}

/// Can an alias with this rule match a surface whose first letter is lower case? Not one whose
/// first word is capitalised or that is all capitals ([`CaseRule::accepts`]): the patterns left
/// are the only ones a word starting in lower case can be.
fn accepts_lower_case_start(rule: CaseRule) -> bool {
    match rule {
        CaseRule::Any => true,
        CaseRule::Capitalized(mask) => mask & 1 == 0,
        CaseRule::Upper => false,
    }
}

/// An immutable matcher over all aliases of a gazetteer; `Send + Sync`, built once per run.
#[derive(Debug, Clone)]
pub struct Matcher {
    shards: Vec<Shard>,
    /// The same for the patterns that start with a lower-case letter and have an alias that
    /// [`accepts_lower_case_start`]: searched instead of `shards` where the word's first
    /// character is lower case in the original text and in the normalized one.
    lower_case_shards: Vec<Shard>,
    /// The patterns' first words, asked before a walk where names end on word boundaries.
    first_words: FirstWords,
    patterns: Patterns,
}

/// Aliases shorter than this many characters after normalization are not searched: single
/// letters match initials and list markers, never places.
pub const MIN_ALIAS_CHARS: usize = 2;

impl Matcher {
    /// Builds the automaton over every alias of `gazetteer`.
    ///
    /// # Errors
    /// If the gazetteer has no usable alias, or the automaton cannot be built.
    pub fn new(gazetteer: &Gazetteer) -> Result<Self> {
        Self::new_beside(gazetteer, |_| ()).map(|(matcher, ())| matcher)
    }

    /// Builds the matcher and, beside its automata (on the cores their build leaves idle),
    /// `beside` over its pattern table: work that needs the patterns but not the automata, such
    /// as the fuzzy index, then costs start-up no time of its own on two cores or more.
    ///
    /// # Errors
    /// As [`Matcher::new`].
    pub fn new_beside<R: Send>(
        gazetteer: &Gazetteer,
        beside: impl FnOnce(&Patterns) -> R + Send,
    ) -> Result<(Self, R)> {
        let patterns = Patterns::new(gazetteer)?;
        let (shards, (first_words, beside)) = rayon::join(
            || build_shards(&patterns),
            || {
                let first_words = FirstWords::new(patterns.texts().iter().map(String::as_str));
                (first_words, beside(&patterns))
            },
        );
        let (shards, lower_case_shards) = shards?;
        let matcher = Matcher {
            shards,
            lower_case_shards,
            first_words,
            patterns,
        };
        Ok((matcher, beside))
    }

    /// The normalized keys searched for, with their aliases.
    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    /// The byte lengths of the known names (normalized keys) that `key` starts with. `key` must
    /// be normalized. Stems (see [`Stem`]) are not names and are not among them.
    pub fn prefix_lengths<'a>(&'a self, key: &'a str) -> impl Iterator<Item = usize> + 'a {
        key.chars()
            .next()
            .map(|first| {
                let shard = &self.shards[shard_of(first)];
                shard
                    .starting(key.as_bytes(), 0)
                    .filter(|&(p, _)| self.patterns.is_name(shard.pattern_ids[p]))
            })
            .into_iter()
            .flatten()
            .map(|(_, end)| end)
    }

    /// Heap memory of the automata, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.shards
            .iter()
            .chain(&self.lower_case_shards)
            .map(|s| s.automaton.memory_usage())
            .sum()
    }

    /// Number of distinct normalized aliases searched for.
    pub fn pattern_count(&self) -> usize {
        self.patterns.count()
    }

    /// Number of patterns searched at a word whose first letter is lower case: those that start
    /// with a lower-case letter and have an alias that does not ask for a capital there.
    pub fn lower_case_start_pattern_count(&self) -> usize {
        self.lower_case_shards
            .iter()
            .map(|s| s.pattern_ids.len())
            .sum()
    }

    /// The normalized text of a pattern.
    pub fn pattern(&self, pattern: PatternId) -> &str {
        self.patterns.text(pattern)
    }

    /// The gazetteer aliases that share a pattern.
    pub fn aliases(&self, pattern: PatternId) -> &[AliasIndex] {
        self.patterns.aliases(pattern)
    }

    /// The aliases of `pattern` whose case rule accepts `surface`, in a paragraph of `lang`
    /// (`None`: English or another language without endings; see [`NameMatch::lang`]).
    pub fn accepted_aliases<'a>(
        &'a self,
        pattern: PatternId,
        surface: &'a str,
        lang: Option<Lang>,
    ) -> impl Iterator<Item = AliasIndex> + 'a {
        self.patterns.accepted_aliases(pattern, surface, lang)
    }

    /// The aliases a found name may be: those of its pattern that its surface's capitalisation
    /// accepts or, when it ends in an ending, those that take that ending (the pattern's own
    /// aliases, whole, or the aliases it is the stem of).
    pub fn aliases_of<'a>(
        &'a self,
        found: &NameMatch,
        original: &'a str,
    ) -> impl Iterator<Item = AliasIndex> + 'a {
        let found = *found;
        let surface = found.surface(original);
        let (plain_surface, whole) = match found.ending {
            None => (surface, true),
            Some(e) => (&original[found.start..e.at], e.whole),
        };
        let plain = self
            .patterns
            .accepted_aliases(found.pattern, plain_surface, found.lang)
            .filter(move |_| whole);
        let stems = found.ending.into_iter().flat_map(move |e| {
            self.patterns
                .stems(found.pattern)
                .iter()
                .filter(move |s| s.takes(e.lang, e.id, surface))
                .map(|s| s.alias)
        });
        // A second stem of the same word (see [`NameMatch::also`]).
        let other = match (found.ending, found.also) {
            (Some(_), Some(reading)) => Some(NameMatch {
                pattern: reading.pattern,
                ending: Some(reading.ending),
                also: None,
                ..found
            }),
            _ => None,
        };
        let other: Box<dyn Iterator<Item = AliasIndex> + 'a> = match other {
            Some(other) => Box::new(self.aliases_of(&other, original)),
            None => Box::new(std::iter::empty()),
        };
        plain.chain(stems).chain(other)
    }

    /// The pattern whose normalized text is exactly `key` (`key` must be normalized): how a
    /// bare name, such as a spreadsheet cell, is looked up whole.
    pub fn pattern_id(&self, key: &str) -> Option<PatternId> {
        self.patterns.id(key)
    }

    /// The patterns that start with `prefix` (normalized), in sorted order: completions for a
    /// name being typed.
    pub fn patterns_with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = PatternId> + 'a {
        self.patterns.with_prefix(prefix)
    }
}

/// The automata over `patterns`: every pattern by first character, then the lower-case start
/// ones (see [`accepts_lower_case_start`]), each shard built in parallel.
fn build_shards(patterns: &Patterns) -> Result<(Vec<Shard>, Vec<Shard>)> {
    // Shards 0..SHARDS hold every pattern; the next SHARDS the lower-case start ones.
    let mut by_shard: Vec<Vec<PatternId>> = vec![Vec::new(); 2 * SHARDS];
    for (id, pattern) in patterns.texts().iter().enumerate() {
        let rules = patterns.case_rules(PatternId(id as u32));
        let first = pattern.chars().next().expect("patterns are not empty");
        by_shard[shard_of(first)].push(PatternId(id as u32));
        let stem_rules = patterns
            .stems(PatternId(id as u32))
            .iter()
            .map(|s| s.case_rule);
        if first.is_lowercase()
            && rules
                .iter()
                .copied()
                .chain(stem_rules)
                .any(accepts_lower_case_start)
        {
            by_shard[SHARDS + shard_of(first)].push(PatternId(id as u32));
        }
    }
    let mut shards = by_shard
        .into_par_iter()
        .map(|pattern_ids| {
            let automaton = NFA::builder()
                .match_kind(MatchKind::Standard)
                // Prefilters speed up unanchored scans; every search here is anchored.
                .prefilter(false)
                .build(pattern_ids.iter().map(|p| patterns.text(*p)))
                .map_err(|e| Error::Gazetteer(format!("cannot build the name automaton: {e}")))?;
            Ok(Shard {
                automaton,
                pattern_ids,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let lower_case_shards = shards.split_off(SHARDS);
    Ok((shards, lower_case_shards))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::GazetteerBuilder;

    fn matcher(aliases: &[&str]) -> (Gazetteer, Matcher) {
        let mut csv = String::from(
            "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n",
        );
        for (i, alias) in aliases.iter().enumerate() {
            csv.push_str(&format!("t:{i},place,\"{alias}\",1,1,,,\n"));
        }
        let gazetteer = GazetteerBuilder::new()
            .add_csv("t.csv", csv.into_bytes())
            .unwrap()
            .build()
            .unwrap();
        let matcher = Matcher::new(&gazetteer).unwrap();
        (gazetteer, matcher)
    }

    fn found(aliases: &[&str], text: &str) -> Vec<String> {
        let (_, matcher) = matcher(aliases);
        matcher
            .find(text)
            .iter()
            .map(|m| m.surface(text).to_string())
            .collect()
    }

    #[test]
    fn looks_up_whole_keys_and_prefixes() {
        let (_, matcher) = matcher(&["Shusha", "Shushi", "Baku", "Şuşa"]);
        let id = matcher.pattern_id("shusha").expect("shusha is a pattern");
        assert_eq!(matcher.pattern(id), "shusha");
        assert_eq!(matcher.pattern_id("shush"), None);
        let completions: Vec<&str> = matcher
            .patterns_with_prefix("shu")
            .map(|p| matcher.pattern(p))
            .collect();
        assert_eq!(completions, ["shusha", "shushi"]);
        assert_eq!(matcher.patterns_with_prefix("x").count(), 0);
    }

    #[test]
    fn finds_names_on_word_boundaries_longest_first() {
        let aliases = [
            "Karabakh",
            "Nagorno-Karabakh",
            "Minsk",
            "Minsk Group",
            "Shusha",
            "E Man",
            "Mandeville",
            "New York",
            "New",
        ];
        let table: &[(&str, &[&str])] = &[
            ("in Nagorno-Karabakh today", &["Nagorno-Karabakh"]),
            ("in Nagorno Karabakh today", &["Nagorno Karabakh"]),
            ("the Karabakh region", &["Karabakh"]),
            ("the Minsk Group met in Minsk", &["Minsk Group", "Minsk"]),
            // The alias capitalises "Group"; the text does not: only Minsk matches here.
            ("the \"Minsk\" group heads", &["Minsk"]),
            ("Shushan Stepanian", &[]),
            ("Shusha, Shushi", &["Shusha"]),
            ("de Mandeville", &["Mandeville"]),
            ("New Yorkshire", &["New"]),
            ("NEW YORK", &["NEW YORK"]),
            ("Shusha's cathedral", &["Shusha"]),
            ("(Shusha)", &["Shusha"]),
            ("", &[]),
        ];
        for (text, expected) in table {
            assert_eq!(found(&aliases, text), *expected, "in {text:?}");
        }
    }

    #[test]
    fn a_quoted_name_inside_a_longer_alias_still_matches_whole() {
        assert_eq!(
            found(&["Minsk", "Minsk group"], "the \"Minsk\" group heads"),
            ["Minsk\" group"]
        );
    }

    #[test]
    fn lower_case_words_are_not_capitalised_names() {
        assert_eq!(
            found(&["Reading", "China"], "reading about china"),
            Vec::<String>::new()
        );
        assert_eq!(
            found(&["Reading", "China"], "Reading, China"),
            ["Reading", "China"]
        );
    }

    #[test]
    fn non_latin_scripts_match_with_their_own_boundaries() {
        let aliases = ["Шуша", "Ստեփանակերտ", "Xankəndi"];
        assert_eq!(found(&aliases, "город Шуша и Шушинский район"), ["Шуша"]);
        assert_eq!(found(&aliases, "Ստեփանակերտ քաղաքը"), ["Ստեփանակերտ"]);
        assert_eq!(
            found(&aliases, "Xankendi və XANKƏNDİ"),
            ["Xankendi", "XANKƏNDİ"]
        );
    }

    #[test]
    fn a_character_that_folds_to_several_words_is_never_split_between_names() {
        // "℅" folds to "c/o", "½" to "1⁄2", "ﷺ" to four Arabic words: a name may hold such a
        // character whole, never start or end inside it.
        let aliases = ["Aragac", "Ouezzane", "Oman", "Zzz", "الله"];
        assert_eq!(found(&aliases, "Araga℅Uezzane"), Vec::<String>::new());
        assert_eq!(found(&aliases, "Zzz℅Man"), Vec::<String>::new());
        assert_eq!(found(&aliases, "Zzz ℅ Oman"), ["Zzz", "Oman"]);
        assert_eq!(found(&aliases, "ﷺ"), Vec::<String>::new());
    }

    proptest::proptest! {
        #[test]
        fn names_never_share_an_original_character(
            text in "[a-zA-Z ,.℅½㎧ﷺﬁßİ-]{0,40}"
        ) {
            let (_, matcher) = matcher(&["Oman", "Aragac", "Ouezzane", "Man", "Co", "Ms",
                "Fin", "Strasse", "Ss", "Al", "12"]);
            let matches = matcher.find(&text);
            for pair in matches.windows(2) {
                proptest::prop_assert!(pair[0].end <= pair[1].start, "{:?} in {:?}", pair, text);
            }
            for m in &matches {
                proptest::prop_assert!(m.start < m.end && text.get(m.start..m.end).is_some());
            }
        }
    }

    /// The matcher with the lower-case shortcut and the first-word filter off: every word
    /// start is searched for every pattern.
    fn without_shortcut(matcher: &Matcher) -> Matcher {
        let mut full = matcher.clone();
        full.lower_case_shards = full.shards.clone();
        full.first_words = FirstWords::everything();
        full
    }

    /// Aliases of every case rule: capitalised, lower case (`Any`), capitalised after a lower-case
    /// particle, capitals, and scripts with and without case; `ʕayn` is what the lower-case `ˤayn`
    /// folds to.
    const MIXED_CASE_ALIASES: &[&str] = &[
        "Reading",
        "reading room",
        "van Buren",
        "US",
        "Minsk group",
        "de Mandeville",
        "Ǆemal",
        "Ստեփանակերտ",
        "الله",
        "12 Oaks",
        "E Man",
        "Ærø",
        "ʕayn",
    ];

    proptest::proptest! {
        #[test]
        fn the_shortcut_and_the_filter_find_what_the_full_search_finds(
            text in "((Reading|reading|READING|Reading Room|reading room|van Buren|Van buren|us|US|\
                Us|minsk Group|Minsk group|de mandeville|De Mandeville|ǅemal|ǆemal|Ǆemal|\
                Ստեփանակերտ|ստեփանակերտ|الله|12 oaks|12 Oaks|e man|E Man|ærø|Ærø|ˤayn|ʕayn|[a-zA-Zǅ]{1,3})\
                [ ,.'\"-]{1,2}){0,12}"
        ) {
            let (_, matcher) = matcher(MIXED_CASE_ALIASES);
            let full = without_shortcut(&matcher);
            proptest::prop_assert_eq!(matcher.find(&text), full.find(&text));
        }

        #[test]
        fn a_rule_that_rejects_lower_case_starts_accepts_none(
            surface in "[a-zßǆæ][a-zA-Z ]{0,12}",
            mask in proptest::prelude::any::<u64>(),
        ) {
            for rule in [CaseRule::Any, CaseRule::Capitalized(mask), CaseRule::Upper] {
                if !accepts_lower_case_start(rule) {
                    proptest::prop_assert!(!rule.accepts(&surface), "{:?} {:?}", rule, surface);
                }
            }
        }
    }

    #[test]
    fn the_shortcut_and_the_filter_find_what_the_full_search_finds_in_the_sample_articles() {
        let gazetteer = Gazetteer::embedded().expect("the embedded gazetteer is valid");
        let matcher = Matcher::new(&gazetteer).unwrap();
        assert!(matcher.lower_case_start_pattern_count() * 10 < matcher.pattern_count());
        let full = without_shortcut(&matcher);
        let articles = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles");
        let mut names = 0;
        for entry in std::fs::read_dir(articles).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let found = matcher.find(&text);
            assert_eq!(found, full.find(&text), "in {}", path.display());
            names += found.len();
        }
        assert!(names > 0, "the sample articles name places");
    }

    #[test]
    fn aliases_that_normalize_alike_share_one_pattern() {
        let (_, matcher) = matcher(&["Şuşa", "Susa", "SUSA"]);
        assert_eq!(matcher.pattern_count(), 1);
        assert_eq!(matcher.aliases(PatternId(0)).len(), 3);
    }
}
