//! Mention counts per entity, mergeable across processes and machines.
//!
//! [`Counts`] is a commutative monoid: `merge` is exact and order-free, so partial counts from
//! many partitions (Spark `RDD.pipe`, Hadoop Streaming, `xargs -P`) combine into the same result
//! as one run over all documents, provided each document is counted in one partition only.
//!
//! Documents with a date or a source (JSONL `--date-field`, `--source-field`) are also counted
//! per day and per source, so an audit's breakdown by period or outlet comes out of merged
//! counts exactly as out of one run. Those fields are left out of the JSON when empty: counts
//! written before them still read, and counts without dates are written as before.

mod spellings;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use spellings::{Cell, SpellingCells};

use crate::date::Date;
use crate::gazetteer::EntityKind;
use crate::mention::{Mention, Method};
use crate::{Error, Result};

/// The counts of one entity (or one unlinked name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityCount {
    /// Entity id, or `None` for an unlinked name.
    pub entity_id: Option<String>,
    /// Canonical name.
    pub name: String,
    /// Place, person or organisation.
    pub kind: EntityKind,
    /// Longitude of a place.
    pub lon: Option<f64>,
    /// Latitude of a place.
    pub lat: Option<f64>,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: Option<String>,
    /// GeoNames feature code.
    pub feature_code: Option<String>,
    /// Number of mentions.
    pub mentions: u64,
    /// Number of documents with at least one mention.
    pub documents: u64,
    /// Mentions per spelling as written (white space collapsed).
    pub variants: BTreeMap<String, u64>,
    /// Mentions per method (`exact`, `variant`, `coref`, ...).
    pub methods: BTreeMap<String, u64>,
    /// Mentions flagged ambiguous.
    pub ambiguous: u64,
    /// The smallest document id mentioning it (ids sort as strings; use dates as ids to get dates).
    pub first_doc: String,
    /// The largest document id mentioning it.
    pub last_doc: String,
    /// Mentions and documents per day, for dated documents.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_day: BTreeMap<Date, Tally>,
    /// Mentions and documents per source (outlet, feed), for documents that name one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_source: BTreeMap<String, Tally>,
    /// Mentions per spelling, source and day, for documents with a source or a date
    /// (`audit --spellings`).
    #[serde(default, skip_serializing_if = "SpellingCells::is_empty")]
    pub spellings: SpellingCells,
}

/// Mentions and documents in one day or from one source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Number of mentions.
    pub mentions: u64,
    /// Number of documents with at least one mention.
    pub documents: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.mentions += other.mentions;
        self.documents += other.documents;
    }
}

/// The mentions and documents of `tallies`, summed without overflow.
fn sum_tallies<'a>(tallies: impl Iterator<Item = &'a Tally>) -> (u128, u128) {
    tallies.fold((0, 0), |(m, d), t| {
        (m + u128::from(t.mentions), d + u128::from(t.documents))
    })
}

/// `a + b`, or an error naming what overflowed.
fn add(a: u64, b: u64, what: impl Fn() -> String) -> Result<u64> {
    a.checked_add(b)
        .ok_or_else(|| Error::Counts(format!("{} overflows (u64)", what())))
}

/// `a + b` for tallies, or an error naming what overflowed.
fn add_tally(a: Tally, b: Tally, what: impl Fn() -> String) -> Result<Tally> {
    Ok(Tally {
        mentions: add(a.mentions, b.mentions, || format!("{} (mentions)", what()))?,
        documents: add(a.documents, b.documents, || {
            format!("{} (documents)", what())
        })?,
    })
}

impl EntityCount {
    fn merge(&mut self, other: &EntityCount) -> Result<()> {
        let name = || self.entity_id.clone().unwrap_or_else(|| self.name.clone());
        self.mentions = add(self.mentions, other.mentions, || {
            format!("the mention count of {}", name())
        })?;
        self.documents = add(self.documents, other.documents, || {
            format!("the document count of {}", name())
        })?;
        self.ambiguous = add(self.ambiguous, other.ambiguous, || {
            format!("the ambiguous count of {}", name())
        })?;
        for (k, v) in &other.variants {
            let entry = self.variants.entry(k.clone()).or_default();
            *entry = add(*entry, *v, || format!("the count of spelling {k:?}"))?;
        }
        for (k, v) in &other.methods {
            let entry = self.methods.entry(k.clone()).or_default();
            *entry = add(*entry, *v, || format!("the count of method {k:?}"))?;
        }
        if other.first_doc < self.first_doc {
            self.first_doc.clone_from(&other.first_doc);
        }
        if other.last_doc > self.last_doc {
            self.last_doc.clone_from(&other.last_doc);
        }
        for (day, tally) in &other.by_day {
            let entry = self.by_day.entry(*day).or_default();
            *entry = add_tally(*entry, *tally, || {
                format!("the count of {} on {day}", name())
            })?;
        }
        for (source, tally) in &other.by_source {
            let entry = self.by_source.entry(source.clone()).or_default();
            *entry = add_tally(*entry, *tally, || {
                format!("the count of {} from {source:?}", name())
            })?;
        }
        let entity = name();
        self.spellings.merge(&other.spellings, &entity)?;
        Ok(())
    }

    /// The first day it was mentioned on (dated documents only).
    pub fn first_date(&self) -> Option<Date> {
        self.by_day.keys().next().copied()
    }

    /// The last day it was mentioned on (dated documents only).
    pub fn last_date(&self) -> Option<Date> {
        self.by_day.keys().next_back().copied()
    }

    /// Checks that a place's point is on the globe (both coordinates or neither, finite, in
    /// range), so a hand-edited counts file cannot put a point at 999 or 1e308 into a map layer.
    fn check_point(&self) -> Result<()> {
        let id = self.entity_id.as_deref().unwrap_or(&self.name);
        match (self.lon, self.lat) {
            (None, None) => Ok(()),
            (Some(lon), Some(lat)) => {
                if !(-180.0..=180.0).contains(&lon) {
                    Err(Error::Counts(format!(
                        "longitude {lon} of {id} is out of range [-180, 180]"
                    )))
                } else if !(-90.0..=90.0).contains(&lat) {
                    Err(Error::Counts(format!(
                        "latitude {lat} of {id} is out of range [-90, 90]"
                    )))
                } else {
                    Ok(())
                }
            }
            _ => Err(Error::Counts(format!("{id} has only one of lon and lat"))),
        }
    }
}

/// Counts of every entity mentioned in a set of documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// Checksum of the gazetteer the mentions were resolved with.
    pub gazetteer: String,
    /// Number of documents counted (with or without mentions).
    pub documents: u64,
    /// Per entity, keyed by [`Mention::count_key`].
    pub entities: BTreeMap<String, EntityCount>,
    /// Documents counted per day (dated documents only).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub documents_by_day: BTreeMap<Date, u64>,
    /// Documents counted per source (documents that name one).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub documents_by_source: BTreeMap<String, u64>,
}

impl Counts {
    /// Empty counts for mentions resolved with the gazetteer of this checksum.
    pub fn new(gazetteer_checksum: &str) -> Self {
        Counts {
            gazetteer: gazetteer_checksum.to_string(),
            ..Counts::default()
        }
    }

    /// Adds one document's mentions. Call it once per document, even one without mentions.
    pub fn add_document(&mut self, doc: &str, mentions: &[Mention]) {
        self.add_dated_document(doc, None, None, mentions);
    }

    /// Adds one document's mentions, with the day it is dated and the source it came from when
    /// known. Call it once per document, even one without mentions.
    pub fn add_dated_document(
        &mut self,
        doc: &str,
        date: Option<Date>,
        source: Option<&str>,
        mentions: &[Mention],
    ) {
        self.documents += 1;
        if let Some(date) = date {
            *self.documents_by_day.entry(date).or_default() += 1;
        }
        if let Some(source) = source {
            *self
                .documents_by_source
                .entry(source.to_string())
                .or_default() += 1;
        }
        let mut this_doc: BTreeMap<String, EntityCount> = BTreeMap::new();
        for m in mentions {
            let entry = this_doc
                .entry(m.count_key())
                .or_insert_with(|| EntityCount {
                    entity_id: m.entity_id.as_ref().map(|id| id.0.to_string()),
                    name: m.name.to_string(),
                    kind: m.kind,
                    lon: m.lon,
                    lat: m.lat,
                    country_code: m.country_code.as_deref().map(str::to_string),
                    feature_code: m.feature_code.as_deref().map(str::to_string),
                    mentions: 0,
                    documents: 1,
                    variants: BTreeMap::new(),
                    methods: BTreeMap::new(),
                    ambiguous: 0,
                    first_doc: doc.to_string(),
                    last_doc: doc.to_string(),
                    by_day: BTreeMap::new(),
                    by_source: BTreeMap::new(),
                    spellings: SpellingCells::default(),
                });
            entry.mentions += 1;
            entry.ambiguous += u64::from(m.ambiguous);
            // An inflected form counts as the name it inflects (Шуше and Шушу as Шуша): the
            // spelling is the writer's choice of name, not the sentence's case.
            // So does a person's name found in a case form without a gazetteer entry ("Сергея
            // Лаврова" is the unlinked person Сергей Лавров, its alias): in English such a
            // mention has no alias.
            let written = match (&m.alias, m.method) {
                (Some(alias), Method::Inflected) => alias.as_str(),
                (Some(alias), Method::Unlinked | Method::Coref) if m.entity_id.is_none() => {
                    alias.as_str()
                }
                _ => m.surface.as_str(),
            };
            let spelling = written.split_whitespace().collect::<Vec<_>>().join(" ");
            *entry.variants.entry(spelling).or_default() += 1;
            *entry
                .methods
                .entry(m.method.as_str().to_string())
                .or_default() += 1;
        }
        for (key, mut count) in this_doc {
            let tally = Tally {
                mentions: count.mentions,
                documents: 1,
            };
            if let Some(date) = date {
                count.by_day.insert(date, tally);
            }
            if let Some(source) = source {
                count.by_source.insert(source.to_string(), tally);
            }
            for (spelling, n) in &count.variants {
                count.spellings.add(spelling, source, date, *n);
            }
            match self.entities.get_mut(&key) {
                // One document adds at most its own length to a count: no overflow in practice.
                Some(existing) => existing
                    .merge(&count)
                    .expect("one document's mentions cannot overflow a u64 count"),
                None => {
                    self.entities.insert(key, count);
                }
            }
        }
    }

    /// Adds `other` into `self`.
    ///
    /// # Errors
    /// [`Error::GazetteerMismatch`] if the two were made with different gazetteers,
    /// [`Error::Counts`] if a sum overflows (`self` may then be partly merged).
    pub fn merge(&mut self, other: &Counts) -> Result<()> {
        if self.entities.is_empty() && self.documents == 0 && self.gazetteer.is_empty() {
            self.gazetteer.clone_from(&other.gazetteer);
        }
        if self.gazetteer != other.gazetteer {
            return Err(Error::GazetteerMismatch {
                left: self.gazetteer.clone(),
                right: other.gazetteer.clone(),
            });
        }
        self.documents = add(self.documents, other.documents, || {
            "the number of documents".to_string()
        })?;
        for (day, n) in &other.documents_by_day {
            let entry = self.documents_by_day.entry(*day).or_default();
            *entry = add(*entry, *n, || format!("the number of documents on {day}"))?;
        }
        for (source, n) in &other.documents_by_source {
            let entry = self.documents_by_source.entry(source.clone()).or_default();
            *entry = add(*entry, *n, || {
                format!("the number of documents from {source:?}")
            })?;
        }
        for (key, count) in &other.entities {
            match self.entities.get_mut(key) {
                Some(existing) => existing.merge(count)?,
                None => {
                    self.entities.insert(key.clone(), count.clone());
                }
            }
        }
        Ok(())
    }

    /// Checks counts read from outside (a file a person may have edited): every point on the
    /// globe, every entity under the key its id gives, its numbers adding up as counting makes
    /// them.
    ///
    /// # Errors
    /// [`Error::Counts`] naming the first entity whose point is out of range or whose numbers
    /// do not add up.
    pub fn check(&self) -> Result<()> {
        for (key, count) in &self.entities {
            count.check_point()?;
            self.check_sums(key, count)?;
        }
        let dated: u128 = self.documents_by_day.values().map(|&n| u128::from(n)).sum();
        let sourced: u128 = self
            .documents_by_source
            .values()
            .map(|&n| u128::from(n))
            .sum();
        if dated.max(sourced) > u128::from(self.documents) {
            return Err(Error::Counts(format!(
                "{dated} dated and {sourced} sourced documents of {} counted: the numbers do not add up",
                self.documents
            )));
        }
        Ok(())
    }

    /// Checks one entity as [`Counts::check`] says. Its key must be the one its id and kind
    /// give: two keys of one id would put one place twice into a map layer (duplicate feature
    /// ids).
    fn check_sums(&self, key: &str, count: &EntityCount) -> Result<()> {
        let id = count.entity_id.as_deref().unwrap_or(&count.name);
        let expected = match (&count.entity_id, count.kind) {
            (Some(id), EntityKind::Demonym) => format!("demonym:{id}"),
            (Some(id), _) => id.clone(),
            (None, _) => format!("unlinked:{}", count.name),
        };
        let wrong = |what: String| Err(Error::Counts(format!("{id}: {what}")));
        if key != expected {
            return wrong(format!(
                "listed under {key:?}, not {expected:?} (its id's key): the same entity could be listed twice"
            ));
        }
        let sum = |values: &mut dyn Iterator<Item = u64>| values.map(u128::from).sum::<u128>();
        let mentions = u128::from(count.mentions);
        let spellings = sum(&mut count.variants.values().copied());
        let methods = sum(&mut count.methods.values().copied());
        if spellings != mentions || methods != mentions {
            return wrong(format!(
                "{} mentions, but its spellings add up to {spellings} and its methods to {methods}",
                count.mentions
            ));
        }
        if count.documents == 0 || count.documents > count.mentions {
            return wrong(format!(
                "{} mentions in {} documents: each document it is counted in mentions it",
                count.mentions, count.documents
            ));
        }
        if count.documents > self.documents || count.ambiguous > count.mentions {
            return wrong(format!(
                "in {} documents of {} counted, {} of {} mentions ambiguous: more than there are",
                count.documents, self.documents, count.ambiguous, count.mentions
            ));
        }
        for (what, tallies) in [
            ("day", sum_tallies(count.by_day.values())),
            ("source", sum_tallies(count.by_source.values())),
        ] {
            if tallies.0 > mentions || tallies.1 > u128::from(count.documents) {
                return wrong(format!(
                    "its counts by {what} add up to {} mentions in {} documents, more than its {} in {}",
                    tallies.0, tallies.1, count.mentions, count.documents
                ));
            }
        }
        Ok(())
    }

    /// Entities of one kind, most mentioned first (ties by name).
    pub fn ranked(&self, kind: EntityKind) -> Vec<&EntityCount> {
        let mut out: Vec<_> = self.entities.values().filter(|c| c.kind == kind).collect();
        out.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name.cmp(&b.name))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::EntityId;
    use crate::mention::Method;
    use proptest::prelude::*;

    fn mention(doc: &str, id: &str, surface: &str) -> Mention {
        Mention {
            entity_id: Some(EntityId(id.into())),
            name: id.into(),
            lon: Some(1.0),
            lat: Some(2.0),
            end_char: surface.chars().count(),
            ..Mention::new(
                &doc.into(),
                0,
                surface.len(),
                surface,
                EntityKind::Place,
                Method::Exact,
            )
        }
    }

    #[test]
    fn counts_mentions_documents_and_spellings() {
        let mut counts = Counts::new("g");
        counts.add_document(
            "a",
            &[
                mention("a", "x", "Stepanakert"),
                mention("a", "x", "Khankendi"),
            ],
        );
        counts.add_document("b", &[mention("b", "x", "Stepanakert")]);
        counts.add_document("c", &[]);
        let x = &counts.entities["x"];
        assert_eq!((x.mentions, x.documents, counts.documents), (3, 2, 3));
        assert_eq!(x.variants["Stepanakert"], 2);
        assert_eq!(x.variants["Khankendi"], 1);
        assert_eq!((x.first_doc.as_str(), x.last_doc.as_str()), ("a", "b"));
    }

    #[test]
    fn dated_documents_are_counted_per_day_and_source() {
        let mut counts = Counts::new("g");
        let day = |d| Date::new(2020, 10, d);
        counts.add_dated_document(
            "a",
            day(5),
            Some("AP"),
            &[mention("a", "x", "Shusha"), mention("a", "x", "Shushi")],
        );
        counts.add_dated_document("b", day(2), Some("AP"), &[mention("b", "x", "Shusha")]);
        counts.add_dated_document("c", day(9), None, &[]);
        counts.add_dated_document("d", None, Some("BBC"), &[mention("d", "x", "Şuşa")]);
        let x = &counts.entities["x"];
        assert_eq!((x.first_date(), x.last_date()), (day(2), day(5)));
        assert_eq!(
            x.by_day[&day(5).unwrap()],
            Tally {
                mentions: 2,
                documents: 1
            }
        );
        assert_eq!(
            x.by_source["AP"],
            Tally {
                mentions: 3,
                documents: 2
            }
        );
        assert_eq!(
            x.by_source["BBC"],
            Tally {
                mentions: 1,
                documents: 1
            }
        );
        assert_eq!(counts.documents_by_day.values().sum::<u64>(), 3);
        assert_eq!(counts.documents_by_source["AP"], 2);
    }

    #[test]
    fn counts_written_before_dates_still_read() {
        let old = r#"{"gazetteer":"g","documents":1,"entities":{"x":{"entity_id":"x","name":"X","kind":"place","lon":1.0,"lat":2.0,"country_code":null,"feature_code":null,"mentions":1,"documents":1,"variants":{"X":1},"methods":{"exact":1},"ambiguous":0,"first_doc":"a","last_doc":"a"}}}"#;
        let counts: Counts = serde_json::from_str(old).unwrap();
        assert!(counts.entities["x"].by_day.is_empty() && counts.documents_by_day.is_empty());
        assert_eq!(
            serde_json::to_string(&counts).unwrap(),
            old,
            "undated counts are written as before"
        );
    }

    #[test]
    fn merging_counts_of_different_gazetteers_is_refused() {
        let mut a = Counts::new("one");
        a.add_document("d", &[]);
        let err = a.merge(&Counts::new("two")).unwrap_err();
        assert!(err
            .to_string()
            .contains("cannot merge counts made with gazetteer one and gazetteer two"));
    }

    #[test]
    fn an_overflowing_sum_and_a_point_off_the_globe_are_errors() {
        let mut a = Counts::new("g");
        a.add_document("a", &[mention("a", "x", "X")]);
        let mut b = a.clone();
        b.entities.get_mut("x").unwrap().mentions = u64::MAX;
        let err = a.merge(&b).unwrap_err();
        assert_eq!(
            err.to_string(),
            "counts: the mention count of x overflows (u64)"
        );
        let mut far = Counts::new("g");
        far.add_document("a", &[mention("a", "x", "X")]);
        far.check().unwrap();
        far.entities.get_mut("x").unwrap().lat = Some(1e308);
        let err = far.check().unwrap_err().to_string();
        assert!(
            err.starts_with("counts: latitude 1000")
                && err.ends_with(" of x is out of range [-90, 90]"),
            "{err}"
        );
        far.entities.get_mut("x").unwrap().lat = Some(2.0);
        far.entities.get_mut("x").unwrap().lon = Some(999.0);
        assert_eq!(
            far.check().unwrap_err().to_string(),
            "counts: longitude 999 of x is out of range [-180, 180]"
        );
    }

    proptest! {
        #[test]
        fn merging_any_split_equals_counting_everything(
            docs in prop::collection::vec(
                (prop::collection::vec((0u8..4, 0u8..3), 0..5), prop::option::of(1u8..5), prop::option::of(0u8..3)),
                0..12,
            ),
            split in 0usize..12,
        ) {
            // Each document: its mentions, maybe a day (1..5 October), maybe a source.
            type Doc = (String, Option<Date>, Option<String>, Vec<Mention>);
            let doc_mentions: Vec<Doc> = docs.iter().enumerate().map(|(i, (ms, day, source))| {
                let doc = format!("d{i:02}");
                let ms = ms.iter().map(|(e, s)| mention(&doc, &format!("e{e}"), &format!("S{s}"))).collect();
                let date = day.map(|d| Date::new(2020, 10, d).unwrap());
                (doc, date, source.map(|s| format!("outlet{s}")), ms)
            }).collect();
            let add = |counts: &mut Counts, docs: &[Doc]| {
                for (doc, date, source, ms) in docs {
                    counts.add_dated_document(doc, *date, source.as_deref(), ms);
                }
            };
            let mut whole = Counts::new("g");
            add(&mut whole, &doc_mentions);
            let split = split.min(doc_mentions.len());
            let (mut left, mut right) = (Counts::new("g"), Counts::new("g"));
            add(&mut left, &doc_mentions[..split]);
            add(&mut right, &doc_mentions[split..]);
            // Through the JSON the `count` command writes, as a merge of files would.
            let right: Counts = serde_json::from_str(&serde_json::to_string(&right).unwrap()).unwrap();
            let mut reversed = right.clone();
            reversed.merge(&left).unwrap();
            left.merge(&right).unwrap();
            prop_assert_eq!(&left, &whole);
            prop_assert_eq!(&reversed, &whole);
        }
    }
}
