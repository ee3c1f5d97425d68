//! The scan: one document in, its mentions out. Everything shared is built once.

use std::cell::RefCell;
use std::sync::Arc;

use crate::document::{tokenize_into, Document, Word, WordClass, WordClasses};
use crate::fuzzy::{recover, FuzzyIndex};
use crate::gazetteer::Gazetteer;
use crate::geography::Geography;
use crate::language::LanguageSpans;
use crate::matcher::{Matcher, NameMatch};
use crate::mention::Mention;
use crate::normalize::NormalizedText;
use crate::outlet::OutletHome;
use crate::people::{find_people, PersonLexicon};
use crate::resolve::{fill_char_offsets, Resolver, ResolverOptions, Weights};
use crate::Result;

/// Normalizes, matches and resolves documents. Build it once; it is `Send + Sync` and reused by
/// every document and thread of a run.
///
/// ```
/// use mentionmap::{Gazetteer, Scanner};
///
/// let scanner = Scanner::new(Gazetteer::embedded()?)?;
/// let mentions = scanner.scan("doc-1", "Shelling hit Shushi (Şuşa) and Stepanakert.");
/// let names: Vec<_> = mentions.iter().map(|m| m.name.as_str()).collect();
/// assert_eq!(names, ["Shusha", "Shusha", "Stepanakert"]);
/// # Ok::<(), mentionmap::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scanner {
    gazetteer: Arc<Gazetteer>,
    matcher: Matcher,
    resolver: Resolver,
    /// Division abbreviations and small places (shared with the resolver).
    geography: Arc<Geography>,
    people: PersonLexicon,
    /// What the person lists and the small places make of a word, asked once per word.
    classes: Arc<WordClasses>,
    /// `None` when fuzzy recovery is off.
    fuzzy: Option<FuzzyIndex>,
}

/// Per-thread buffers, reused so that scanning allocates per mention, not per document.
#[derive(Default)]
struct Scratch {
    text: NormalizedText,
    matches: Vec<NameMatch>,
    words: Vec<Word>,
    classes: Vec<WordClass>,
    languages: LanguageSpans,
}

/// A thread's match buffer is dropped after a document that needed more than this many
/// matches (a few hundred thousand bytes; a long news article has a few hundred).
const MAX_KEPT_MATCHES: usize = 16_384;

/// The same for the word buffer: about a megabyte of text.
const MAX_KEPT_WORDS: usize = 1 << 18;

/// A document longer than this hands the memory its resolve pass freed back to the system
/// before the next passes ([`release_freed_memory`]).
const TRIM_AFTER_BYTES: usize = 4 << 20;

/// Returns the allocator's free memory to the system.
///
/// Resolving a 20 MB document frees about 50 MB of temporaries in the thread's arena. Whether
/// glibc then reuses them for the word list that comes next depends on how they lie there,
/// which varied from run to run: the document peaked at 265 MiB in some runs and 293 MiB in
/// others. Trimmed after resolving, it peaks at 254-256 MiB every time. A trim walks the heap,
/// so it is kept for documents over [`TRIM_AFTER_BYTES`], where it is a fraction of the scan.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_freed_memory() {
    // SAFETY: malloc_trim only hands free memory back to the system; it touches no live block.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_freed_memory() {}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Scanner {
    /// Builds the matcher over `gazetteer`.
    ///
    /// # Errors
    /// If the gazetteer has no searchable alias.
    pub fn new(gazetteer: Gazetteer) -> Result<Self> {
        Self::with_options(gazetteer, ResolverOptions::default())
    }

    /// Builds the matcher over `gazetteer`, resolving with the user's country and area bias.
    ///
    /// # Errors
    /// If the gazetteer has no searchable alias.
    pub fn with_options(gazetteer: Gazetteer, options: ResolverOptions) -> Result<Self> {
        Self::build(gazetteer, options, true)
    }

    /// Builds the scanner, with or without the fuzzy pass: without it, its index is never built.
    ///
    /// # Errors
    /// If the gazetteer has no searchable alias.
    pub fn build(gazetteer: Gazetteer, options: ResolverOptions, fuzzy: bool) -> Result<Self> {
        // What needs only the pattern table (the fuzzy index) or nothing of the gazetteer (the
        // embedded tables) is built beside the automata.
        let (matcher, (fuzzy, (geography, people, classes))) =
            Matcher::new_beside(&gazetteer, |patterns| {
                rayon::join(
                    || fuzzy.then(|| FuzzyIndex::new(patterns, &gazetteer)),
                    || {
                        let (geography, people) =
                            (Geography::embedded(), PersonLexicon::embedded());
                        let mut classes = WordClasses::default();
                        people.add_classes(&mut classes);
                        geography.add_classes(&mut classes);
                        (geography, people, classes.finish())
                    },
                )
            })?;
        let geography = Arc::new(geography);
        Ok(Scanner {
            gazetteer: Arc::new(gazetteer),
            matcher,
            resolver: Resolver::with_options(options).with_geography(Arc::clone(&geography)),
            geography,
            people,
            classes: Arc::new(classes),
            fuzzy,
        })
    }

    /// Turns fuzzy recovery of misspelt names on or off (on by default).
    pub fn with_fuzzy(mut self, on: bool) -> Self {
        self.fuzzy = on.then(|| FuzzyIndex::new(self.matcher.patterns(), &self.gazetteer));
        self
    }

    /// Weighs the resolver's evidence with `weights` (the embedded ones by default): for
    /// fitting and comparing weights (`eval --folds`).
    pub fn with_weights(mut self, weights: Weights) -> Self {
        self.resolver = self.resolver.with_weights(weights);
        self
    }

    /// The resolver (its weights, its candidates for a document's names).
    pub fn resolver(&self) -> &Resolver {
        &self.resolver
    }

    /// The gazetteer this scanner resolves against.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The matcher (for statistics such as the pattern count).
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Finds and resolves the mentions of one document, in text order.
    pub fn scan(&self, doc: &str, original: &str) -> Vec<Mention> {
        self.scan_at_home(doc, original, None)
    }

    /// [`Scanner::scan`] for a document of an outlet whose home is known: its candidates there
    /// gain (see [`crate::outlet`]).
    pub fn scan_at_home(
        &self,
        doc: &str,
        original: &str,
        home: Option<&OutletHome>,
    ) -> Vec<Mention> {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let Scratch {
                text,
                matches,
                words,
                classes,
                languages,
            } = &mut *scratch;
            // One copy of the id for all the document's mentions.
            let doc: Arc<str> = doc.into();
            text.normalize(original);
            matches.clear();
            languages.detect(original);
            self.matcher.find_into(original, text, languages, matches);
            let mut mentions = self.resolver.resolve_at_home(
                &self.gazetteer,
                &self.matcher,
                &doc,
                original,
                matches,
                home,
            );
            if original.len() > TRIM_AFTER_BYTES {
                release_freed_memory();
            }
            // Tokenized once, read by the fuzzy and person passes alike.
            tokenize_into(original, text, words);
            self.classes.classify_into(text, words, classes);
            let document = Document::new(original, text, words)
                .with_languages(languages)
                .with_classes(classes);
            crate::language::drop_capitalised_words(
                &self.gazetteer,
                &self.matcher,
                &document,
                languages,
                &mut mentions,
            );
            self.geography
                .place_locally(&self.gazetteer, &doc, &document, &mut mentions);
            if let Some(index) = &self.fuzzy {
                recover(
                    index,
                    &self.matcher,
                    &self.gazetteer,
                    &self.resolver,
                    &doc,
                    &document,
                    &mut mentions,
                );
            }
            crate::language::find_compound_places(&doc, &document, &mut mentions);
            find_people(&self.people, &doc, &document, &mut mentions);
            fill_char_offsets(original, &mut mentions);
            // One huge document must not pin its buffers for the rest of the thread's run.
            text.release_if_large();
            if matches.capacity() > MAX_KEPT_MATCHES {
                *matches = Vec::new();
            }
            if words.capacity() > MAX_KEPT_WORDS {
                *words = Vec::new();
                *classes = Vec::new();
            }
            mentions
        })
    }
}

/// One scanner over the embedded gazetteer, built once for all the unit tests that scan whole
/// sentences (building it takes most of a second).
#[cfg(test)]
pub(crate) fn embedded_scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| Scanner::new(Gazetteer::embedded().expect("embedded")).expect("scanner"))
}
