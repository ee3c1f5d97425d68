//! Coverage audits: which places of a scope a body of news mentions, how often, when and from
//! which sources, and which it never names.
//!
//! An audit reads [`Counts`] (from a run or merged from partitions) against a gazetteer: every
//! place of the [`Scope`] gets a row, mentioned or not, because the zeros are the point. A
//! [`Breakdown`] splits the rows by period or source, periods without documents included; a
//! comparison puts two bodies of news side by side.

mod scope;
pub mod spellings;

pub use scope::Scope;

use std::collections::HashMap;
use std::ops::RangeInclusive;

use crate::count::{Counts, EntityCount, Tally};
use crate::date::{Date, Period};
use crate::gazetteer::{Entity, Gazetteer};

/// One place of the scope with its counts (none when never mentioned).
#[derive(Debug, Clone, Copy)]
pub struct Coverage<'a> {
    /// The gazetteer's place.
    pub entity: &'a Entity,
    /// Its counts, `None` when the news never names it.
    pub count: Option<&'a EntityCount>,
    /// Mentions of its people ("Armenian officials"), counted apart from the place's.
    pub demonym_mentions: u64,
}

impl Coverage<'_> {
    /// Number of mentions (0 when never mentioned).
    pub fn mentions(&self) -> u64 {
        self.count.map_or(0, |c| c.mentions)
    }

    /// Number of documents mentioning it.
    pub fn documents(&self) -> u64 {
        self.count.map_or(0, |c| c.documents)
    }
}

/// Every place of `scope` with its counts, most mentioned first, then by population and name.
pub fn coverage<'a>(
    counts: &'a Counts,
    gazetteer: &'a Gazetteer,
    scope: &Scope,
) -> Vec<Coverage<'a>> {
    let mut rows: Vec<Coverage<'a>> = gazetteer
        .entities()
        .iter()
        .filter(|e| scope.contains(e))
        .map(|entity| Coverage {
            entity,
            count: counts.entities.get(entity.id.0.as_str()),
            demonym_mentions: counts
                .entities
                .get(&format!("demonym:{}", entity.id.0))
                .map_or(0, |d| d.mentions),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.mentions()
            .cmp(&a.mentions())
            .then(b.entity.population.cmp(&a.entity.population))
            .then_with(|| a.entity.name.cmp(&b.entity.name))
            .then_with(|| a.entity.id.0.cmp(&b.entity.id.0))
    });
    rows
}

/// What a breakdown splits the counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    /// Calendar periods of the documents' dates.
    Period(Period),
    /// The documents' sources.
    Source,
}

/// The label of the documents without a date, in a breakdown by period.
pub const UNDATED: &str = "(undated)";
/// The label of the documents without a source, in a breakdown by source.
pub const NO_SOURCE: &str = "(no source)";

/// The columns of a breakdown: every period from the first dated document to the last (those
/// without documents too) or every source, plus [`UNDATED`] or [`NO_SOURCE`] when some documents
/// lack one, so each place's rows add up to its totals.
#[derive(Debug, Clone)]
pub struct Columns {
    by: Breakdown,
    /// The labels, in order, with the number of documents counted under each.
    pub labels: Vec<(String, u64)>,
    index: HashMap<String, usize>,
    rest: Option<usize>,
    /// Documents whose date fell outside the years asked for, counted undated.
    pub outside: u64,
}

impl Breakdown {
    /// The name used in `--by` and in file names: `source`, `day`, `week`, `month`, `year`.
    pub fn name(self) -> &'static str {
        match self {
            Breakdown::Source => "source",
            Breakdown::Period(Period::Day) => "day",
            Breakdown::Period(Period::Week) => "week",
            Breakdown::Period(Period::Month) => "month",
            Breakdown::Period(Period::Year) => "year",
        }
    }

    /// The columns of this breakdown over `counts`.
    pub fn columns(self, counts: &Counts) -> Columns {
        self.columns_within(counts, i32::MIN..=i32::MAX)
    }

    /// The columns of this breakdown over `counts`, periods only for the documents dated within
    /// `years`: one dated `0000-01-01` or `9999-12-31` (a placeholder) would otherwise make a
    /// column of every month between it and the real dates (issue 30, item 5). Documents
    /// dated outside are counted [`UNDATED`], and [`Columns::outside`] says how many.
    pub fn columns_within(self, counts: &Counts, years: RangeInclusive<i32>) -> Columns {
        let mut labels: Vec<(String, u64)> = Vec::new();
        let mut index = HashMap::new();
        let mut outside = 0;
        let counted: u64 = match self {
            Breakdown::Source => {
                for (source, n) in &counts.documents_by_source {
                    index.insert(source.clone(), labels.len());
                    labels.push((source.clone(), *n));
                }
                counts.documents_by_source.values().sum()
            }
            Breakdown::Period(period) => {
                let days: Vec<(&Date, &u64)> = counts
                    .documents_by_day
                    .iter()
                    .filter(|(day, _)| years.contains(&day.year()))
                    .collect();
                if let (Some(first), Some(last)) = (days.first(), days.last()) {
                    for (_, label) in Date::periods(*first.0, *last.0, period) {
                        index.insert(label.clone(), labels.len());
                        labels.push((label, 0));
                    }
                }
                for (day, n) in &days {
                    labels[index[&day.label(period)]].1 += *n;
                }
                let within: u64 = days.iter().map(|(_, n)| **n).sum();
                outside = counts.documents_by_day.values().sum::<u64>() - within;
                within
            }
        };
        let rest = (counted < counts.documents).then(|| {
            let label = match self {
                Breakdown::Source => NO_SOURCE,
                Breakdown::Period(_) => UNDATED,
            };
            labels.push((label.to_string(), counts.documents - counted));
            labels.len() - 1
        });
        Columns {
            by: self,
            labels,
            index,
            rest,
            outside,
        }
    }
}

impl Columns {
    /// One place's mentions and documents under each label, in the order of
    /// [`Columns::labels`]; zeros where it is not mentioned.
    pub fn tallies(&self, count: Option<&EntityCount>) -> Vec<Tally> {
        let mut out = vec![Tally::default(); self.labels.len()];
        let Some(count) = count else {
            return out;
        };
        let mut counted = Tally::default();
        match self.by {
            Breakdown::Source => {
                for (source, tally) in &count.by_source {
                    if let Some(&i) = self.index.get(source) {
                        out[i] += *tally;
                        counted += *tally;
                    }
                }
            }
            Breakdown::Period(period) => {
                for (day, tally) in &count.by_day {
                    if let Some(&i) = self.index.get(&day.label(period)) {
                        out[i] += *tally;
                        counted += *tally;
                    }
                }
            }
        }
        if let Some(rest) = self.rest {
            out[rest] = Tally {
                mentions: count.mentions.saturating_sub(counted.mentions),
                documents: count.documents.saturating_sub(counted.documents),
            };
        }
        out
    }
}

/// Which of two bodies of news name a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Covered {
    /// Both mention it.
    Both,
    /// Only the first.
    AOnly,
    /// Only the second.
    BOnly,
    /// Neither.
    Neither,
}

impl Covered {
    /// Of two mention counts.
    pub fn of(a: u64, b: u64) -> Covered {
        match (a > 0, b > 0) {
            (true, true) => Covered::Both,
            (true, false) => Covered::AOnly,
            (false, true) => Covered::BOnly,
            (false, false) => Covered::Neither,
        }
    }

    /// `both`, `a_only`, `b_only` or `neither`.
    pub fn as_str(self) -> &'static str {
        match self {
            Covered::Both => "both",
            Covered::AOnly => "a_only",
            Covered::BOnly => "b_only",
            Covered::Neither => "neither",
        }
    }
}

/// One place of the scope in two bodies of news.
#[derive(Debug, Clone, Copy)]
pub struct Comparison<'a> {
    /// The place as the first body covers it.
    pub a: Coverage<'a>,
    /// Its counts in the second.
    pub b: Option<&'a EntityCount>,
}

impl Comparison<'_> {
    /// Mentions in the second minus mentions in the first.
    pub fn difference(&self) -> i64 {
        let b = self.b.map_or(0, |c| c.mentions);
        b as i64 - self.a.mentions() as i64
    }

    /// Which of the two name it.
    pub fn covered(&self) -> Covered {
        Covered::of(self.a.mentions(), self.b.map_or(0, |c| c.mentions))
    }
}

/// Every place of `scope` in `a` and `b`, the largest change first, then by population.
pub fn compare<'a>(
    a: &'a Counts,
    b: &'a Counts,
    gazetteer: &'a Gazetteer,
    scope: &Scope,
) -> Vec<Comparison<'a>> {
    let mut rows: Vec<Comparison<'a>> = coverage(a, gazetteer, scope)
        .into_iter()
        .map(|row| Comparison {
            b: b.entities.get(row.entity.id.0.as_str()),
            a: row,
        })
        .collect();
    rows.sort_by(|x, y| {
        y.difference()
            .abs()
            .cmp(&x.difference().abs())
            .then(
                (y.a.mentions() + y.b.map_or(0, |c| c.mentions))
                    .cmp(&(x.a.mentions() + x.b.map_or(0, |c| c.mentions))),
            )
            .then(y.a.entity.population.cmp(&x.a.entity.population))
            .then_with(|| x.a.entity.id.0.cmp(&y.a.entity.id.0))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{EntityId, EntityKind};
    use crate::mention::{Mention, Method};

    fn mention(doc: &str, id: &str) -> Mention {
        Mention {
            entity_id: Some(EntityId(id.into())),
            name: id.into(),
            ..Mention::new(&doc.into(), 0, 4, "Baku", EntityKind::Place, Method::Exact)
        }
    }

    // Issue 30, item 5: a placeholder date (0000-01-01, 9999-12-31) made 120,000 month columns.
    #[test]
    fn dates_outside_the_years_asked_for_are_undated_not_columns() {
        let mut counts = Counts::new("g");
        counts.add_dated_document("a", Date::new(2020, 9, 28), None, &[mention("a", "x")]);
        counts.add_dated_document("b", Date::new(0, 1, 1), None, &[mention("b", "x")]);
        counts.add_dated_document("c", Date::new(9999, 12, 31), None, &[mention("c", "x")]);
        let columns = Breakdown::Period(Period::Month).columns_within(&counts, 1800..=2027);
        let labels: Vec<(&str, u64)> = columns
            .labels
            .iter()
            .map(|(l, n)| (l.as_str(), *n))
            .collect();
        assert_eq!(labels, [("2020-09", 1), (UNDATED, 2)]);
        assert_eq!(columns.outside, 2);
        let mentions: Vec<u64> = columns
            .tallies(counts.entities.get("x"))
            .iter()
            .map(|t| t.mentions)
            .collect();
        assert_eq!(
            mentions,
            [1, 2],
            "nothing lost: the placeholders count undated"
        );
    }

    #[test]
    fn a_month_breakdown_has_every_month_and_adds_up_to_the_totals() {
        let mut counts = Counts::new("g");
        let day = |m, d| Date::new(2020, m, d);
        counts.add_dated_document(
            "a",
            day(9, 28),
            Some("AP"),
            &[mention("a", "x"), mention("a", "x")],
        );
        counts.add_dated_document("b", day(11, 2), None, &[mention("b", "x")]);
        counts.add_dated_document("c", None, Some("AP"), &[mention("c", "x")]);
        let columns = Breakdown::Period(Period::Month).columns(&counts);
        let labels: Vec<(&str, u64)> = columns
            .labels
            .iter()
            .map(|(l, n)| (l.as_str(), *n))
            .collect();
        assert_eq!(
            labels,
            [("2020-09", 1), ("2020-10", 0), ("2020-11", 1), (UNDATED, 1)]
        );
        let tallies = columns.tallies(counts.entities.get("x"));
        let mentions: Vec<u64> = tallies.iter().map(|t| t.mentions).collect();
        assert_eq!(mentions, [2, 0, 1, 1]);
        assert_eq!(
            columns.tallies(None),
            vec![Tally::default(); 4],
            "zeros for the unmentioned"
        );

        let sources = Breakdown::Source.columns(&counts);
        let labels: Vec<&str> = sources.labels.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["AP", NO_SOURCE]);
        let tallies = sources.tallies(counts.entities.get("x"));
        assert_eq!(
            tallies[0],
            Tally {
                mentions: 3,
                documents: 2
            }
        );
        assert_eq!(
            tallies[1],
            Tally {
                mentions: 1,
                documents: 1
            }
        );
    }

    #[test]
    fn coverage_flags() {
        assert_eq!(Covered::of(1, 0), Covered::AOnly);
        assert_eq!(Covered::of(0, 2), Covered::BOnly);
        assert_eq!(Covered::of(0, 0).as_str(), "neither");
    }
}
