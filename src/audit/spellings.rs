//! Contested names: which spelling of a place each outlet writes, month by month, and which
//! places the outlets disagree on.
//!
//! The counts keep every entity's mentions per spelling, source and day
//! ([`crate::count::SpellingCells`]). Here a spelling becomes a *name form*: the gazetteer alias
//! it is (so `STEPANAKERT` counts as `Stepanakert`, and an inflected `Шуше` was already counted
//! as `Шуша`), with the alias's language and type; a spelling the gazetteer lacks (a fuzzy or
//! generated variant) stays as written, with no language. The forms' mentions are then added up
//! per (source, period) cell, and the outlets compared:
//!
//! - **How strongly outlets disagree**: the Jensen-Shannon divergence of the outlets' spelling
//!   shares, each outlet weighted by its mentions (equal to the mutual information between
//!   outlet and spelling, in bits): 0 when every outlet writes the same mix, 1 when two equally
//!   large outlets each write only their own name. Outlets with fewer than a minimum of mentions
//!   of the place are left out of it, as their shares are noise.
//! - **Who switched, and when**: an outlet's preferred spelling in each period (the form it
//!   wrote most); a switch is the first period from which it wrote another form than before by
//!   a clear majority ([`CLEAR_MAJORITY`]) in every period with mentions, for at least
//!   [`MIN_SWITCH_PERIODS`] of them, having written the old one by a clear majority before.

use std::collections::{BTreeMap, HashMap};

use super::{Scope, NO_SOURCE, UNDATED};
use crate::count::{Counts, EntityCount};
use crate::date::Period;
use crate::gazetteer::{Alias, AliasIndex, AliasType, Gazetteer};

/// The label of a margin: every source, or every period.
pub const ALL: &str = "(all)";

/// A new preferred spelling must hold for this many periods with mentions to count as a switch:
/// one month's majority for the other name is as often a single story (an interview, a quoted
/// statement) as a change of house style; two in a row with nothing since is a change.
pub const MIN_SWITCH_PERIODS: usize = 2;

/// The share of an outlet's mentions a form needs in a period (and, pooled, in the periods
/// before a switch) to be its house style rather than a mix. With blindly assigned outlets
/// (`scripts/sample_feed.py`) and two spellings near 50/50, a plain majority "switched" at
/// random; two periods in a row at two thirds after a pooled two thirds the other way did not.
pub const CLEAR_MAJORITY: f64 = 2.0 / 3.0;

/// A spelling as the report names it: the gazetteer's alias when it is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForm {
    /// The alias as the gazetteer writes it, or the spelling as written.
    pub text: String,
    /// The alias's BCP 47 language (`az`, `hy-Latn`, `ru`), empty when unknown.
    pub lang: String,
    /// The alias's type (`contested`, `preferred`, ...), empty when the gazetteer lacks it.
    pub alias_type: String,
    /// Whose name it is (`armenian`, `azerbaijani`), as the gazetteer's sides file says; empty
    /// when it does not.
    pub side: String,
}

/// One entity's name forms and their mentions per source and period.
#[derive(Debug, Clone)]
pub struct EntitySpellings<'a> {
    /// The entity's counts.
    pub count: &'a EntityCount,
    /// Whether the gazetteer lists a contested name of it.
    pub contested: bool,
    /// Its name forms, most mentioned first (ties by text).
    pub forms: Vec<NameForm>,
    /// Mentions of each form, in the order of `forms`.
    pub totals: Vec<u64>,
    /// Mentions of each form per (source, period) label, [`NO_SOURCE`] and [`UNDATED`] for the
    /// documents without one; margins ([`ALL`]) not included.
    pub cells: BTreeMap<(String, String), Vec<u64>>,
}

impl EntitySpellings<'_> {
    /// Mentions of each form per source ([`ALL`] periods).
    pub fn by_source(&self) -> BTreeMap<&str, Vec<u64>> {
        self.margin(|(source, _)| source)
    }

    /// Mentions of each form per period ([`ALL`] sources).
    pub fn by_period(&self) -> BTreeMap<&str, Vec<u64>> {
        self.margin(|(_, period)| period)
    }

    fn margin<'s>(
        &'s self,
        key: impl Fn(&'s (String, String)) -> &'s String,
    ) -> BTreeMap<&'s str, Vec<u64>> {
        let mut out: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
        for (cell, ns) in &self.cells {
            let row = out
                .entry(key(cell).as_str())
                .or_insert_with(|| vec![0; ns.len()]);
            add_into(row, ns);
        }
        out
    }

    /// Every row of `spellings.csv` for this entity: (source, period, mentions per form), the
    /// margins first (all sources and periods; each source; each period), then each cell.
    pub fn rows(&self) -> Vec<(&str, &str, Vec<u64>)> {
        let mut out: Vec<(&str, &str, Vec<u64>)> = vec![(ALL, ALL, self.totals.clone())];
        out.extend(self.by_source().into_iter().map(|(s, ns)| (s, ALL, ns)));
        out.extend(self.by_period().into_iter().map(|(p, ns)| (ALL, p, ns)));
        out.extend(
            self.cells
                .iter()
                .map(|((s, p), ns)| (s.as_str(), p.as_str(), ns.clone())),
        );
        out
    }
}

fn add_into(row: &mut [u64], ns: &[u64]) {
    for (total, n) in row.iter_mut().zip(ns) {
        *total += n;
    }
}

/// The entities with two or more name forms, most mentioned first (ties by id): places of the
/// scope, people and organisations. Periods are labelled as `period` does.
pub fn spellings<'a>(
    counts: &'a Counts,
    gazetteer: &Gazetteer,
    scope: &Scope,
    period: Period,
) -> Vec<EntitySpellings<'a>> {
    // The aliases of the entities written more than one way, looked up in one pass over the
    // gazetteer's aliases.
    let wanted: Vec<(&EntityCount, Option<crate::gazetteer::EntityIndex>)> = counts
        .entities
        .values()
        // A demonym ("Azerbaijani", "Azeri") names a country's people, not the country.
        .filter(|c| {
            c.entity_id.is_some()
                && c.kind != crate::gazetteer::EntityKind::Demonym
                && c.variants.len() >= 2
        })
        .map(|c| (c, c.entity_id.as_deref().and_then(|id| gazetteer.find(id))))
        .filter(|(c, index)| match index {
            Some(i) => {
                let entity = gazetteer.entity(*i);
                entity.kind != crate::gazetteer::EntityKind::Place || scope.contains(entity)
            }
            // Counts made with another gazetteer: kept, with the spellings as written.
            None => c.kind != crate::gazetteer::EntityKind::Place,
        })
        .collect();
    let mut aliases: HashMap<u32, Vec<Known<'_>>> = wanted
        .iter()
        .filter_map(|(_, i)| i.map(|i| (i.0, Vec::new())))
        .collect();
    for (i, alias) in gazetteer.aliases().iter().enumerate() {
        if let Some(list) = aliases.get_mut(&alias.entity.0) {
            list.push((alias, gazetteer.side(AliasIndex(i as u32))));
        }
    }
    let mut out: Vec<EntitySpellings<'a>> = wanted
        .into_iter()
        .filter_map(|(count, index)| {
            let known = index
                .and_then(|i| aliases.get(&i.0))
                .map_or(&[][..], Vec::as_slice);
            entity_spellings(count, known, period)
        })
        .collect();
    out.sort_by(|a, b| {
        b.count
            .mentions
            .cmp(&a.count.mentions)
            .then_with(|| a.count.entity_id.cmp(&b.count.entity_id))
    });
    out
}

/// An alias of an entity and its side, if the gazetteer gives it one.
type Known<'g> = (&'g Alias, Option<&'g str>);

/// The name form of a spelling: the alias written exactly so, else one written so but for case
/// (listed aliases before generated variants); else the spelling itself.
fn name_form(spelling: &str, aliases: &[Known<'_>]) -> NameForm {
    // A listed alias before a generated variant, one with a language before one without.
    let listed_first = |(a, _): &&Known<'_>| (a.generated, a.lang.is_none());
    let mut exact: Vec<&Known<'_>> = aliases.iter().filter(|(a, _)| a.text == spelling).collect();
    if exact.is_empty() {
        let lower = spelling.to_lowercase();
        exact = aliases
            .iter()
            .filter(|(a, _)| a.text.to_lowercase() == lower)
            .collect();
    }
    exact.sort_by_key(listed_first);
    match exact.first() {
        Some((alias, side)) => NameForm {
            text: alias.text.to_string(),
            lang: alias.lang.as_deref().unwrap_or_default().to_string(),
            alias_type: alias.alias_type.as_str().to_string(),
            side: side.unwrap_or_default().to_string(),
        },
        None => NameForm {
            text: spelling.to_string(),
            lang: String::new(),
            alias_type: String::new(),
            side: String::new(),
        },
    }
}

fn entity_spellings<'a>(
    count: &'a EntityCount,
    aliases: &[Known<'_>],
    period: Period,
) -> Option<EntitySpellings<'a>> {
    // Spellings as written → their form; forms merged (`STEPANAKERT` into `Stepanakert`).
    let mut forms: Vec<NameForm> = Vec::new();
    let mut form_of: HashMap<&str, usize> = HashMap::new();
    let mut totals: Vec<u64> = Vec::new();
    for (spelling, n) in &count.variants {
        let form = name_form(spelling, aliases);
        let i = match forms.iter().position(|f| f.text == form.text) {
            Some(i) => i,
            None => {
                forms.push(form);
                totals.push(0);
                forms.len() - 1
            }
        };
        totals[i] += n;
        form_of.insert(spelling.as_str(), i);
    }
    if forms.len() < 2 {
        return None;
    }
    // Most mentioned first, so that ties between forms go the same way everywhere.
    let mut order: Vec<usize> = (0..forms.len()).collect();
    order.sort_by(|&a, &b| {
        totals[b]
            .cmp(&totals[a])
            .then_with(|| forms[a].text.cmp(&forms[b].text))
    });
    let rank: Vec<usize> = {
        let mut rank = vec![0; order.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        rank
    };
    let forms: Vec<NameForm> = order.iter().map(|&i| forms[i].clone()).collect();
    let totals: Vec<u64> = order.iter().map(|&i| totals[i]).collect();
    let width = forms.len();

    let mut cells: BTreeMap<(String, String), Vec<u64>> = BTreeMap::new();
    let mut placed = vec![0u64; width];
    for (spelling, spelling_cells) in count.spellings.iter() {
        // A spelling in the cells but not in the totals: counts edited by hand; its cells are
        // still the writer's name, so it is placed by its own form.
        let Some(&i) = form_of.get(spelling) else {
            continue;
        };
        let f = rank[i];
        for (cell, n) in spelling_cells {
            let source = cell.source.clone().unwrap_or_else(|| NO_SOURCE.to_string());
            let label = cell
                .day
                .map_or_else(|| UNDATED.to_string(), |d| d.label(period));
            cells
                .entry((source, label))
                .or_insert_with(|| vec![0; width])[f] += n;
            placed[f] += n;
        }
    }
    // The mentions in documents with neither a source nor a date.
    let rest: Vec<u64> = totals
        .iter()
        .zip(&placed)
        .map(|(t, p)| t.saturating_sub(*p))
        .collect();
    if rest.iter().any(|n| *n > 0) {
        let key = (NO_SOURCE.to_string(), UNDATED.to_string());
        add_into(cells.entry(key).or_insert_with(|| vec![0; width]), &rest);
    }
    Some(EntitySpellings {
        count,
        contested: aliases
            .iter()
            .any(|(a, _)| a.alias_type == AliasType::Contested),
        forms,
        totals,
        cells,
    })
}

/// What one outlet writes for a contested entity.
#[derive(Debug, Clone, PartialEq)]
pub struct OutletUse {
    /// The source.
    pub source: String,
    /// Its mentions of the entity.
    pub mentions: u64,
    /// The form it writes most (an index into [`EntitySpellings::forms`]).
    pub preferred: usize,
    /// That form's share of its mentions.
    pub share: f64,
    /// When it changed its preferred form for good, if it did.
    pub switch: Option<Switch>,
}

/// Each side's share of `ns`, mentions of `forms` (as in [`EntitySpellings::forms`]): the
/// mentions of the forms of that side over all mentions, largest first (ties by side). Forms
/// with no side (Nagorno-Karabakh, which neither side's name list claims) count in the whole
/// but in no side, so the shares may add up to less than 1.
pub fn side_shares<'f>(forms: &'f [NameForm], ns: &[u64]) -> Vec<(&'f str, f64)> {
    let total: u64 = ns.iter().sum();
    let mut sides: Vec<(&str, u64)> = Vec::new();
    for (form, n) in forms.iter().zip(ns) {
        if form.side.is_empty() || *n == 0 {
            continue;
        }
        match sides.iter_mut().find(|(s, _)| *s == form.side) {
            Some((_, sum)) => *sum += n,
            None => sides.push((&form.side, *n)),
        }
    }
    sides.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    sides
        .into_iter()
        .map(|(side, n)| (side, n as f64 / total as f64))
        .collect()
}

/// An outlet's change of preferred name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switch {
    /// The first period of the new preference.
    pub period: String,
    /// The form it preferred before (an index into [`EntitySpellings::forms`]).
    pub from: usize,
}

/// An entity whose spellings split across sources.
#[derive(Debug, Clone)]
pub struct Contest<'s, 'a> {
    /// The entity and its forms.
    pub entity: &'s EntitySpellings<'a>,
    /// Jensen-Shannon divergence of the outlets' spelling shares, in bits.
    pub divergence_bits: f64,
    /// The outlets taking part (those with enough mentions), most mentions first.
    pub outlets: Vec<OutletUse>,
}

/// The entities two or more outlets write (each at least `min_outlet_mentions` times) with two
/// or more forms between them: those the gazetteer marks contested first, then the others, each
/// group ranked by divergence (ties by mentions, then id).
pub fn contests<'s, 'a>(
    spellings: &'s [EntitySpellings<'a>],
    min_outlet_mentions: u64,
) -> Vec<Contest<'s, 'a>> {
    let mut out: Vec<Contest<'s, 'a>> = spellings
        .iter()
        .filter_map(|entity| contest(entity, min_outlet_mentions))
        .collect();
    out.sort_by(|a, b| {
        b.entity
            .contested
            .cmp(&a.entity.contested)
            .then(b.divergence_bits.total_cmp(&a.divergence_bits))
            .then(b.entity.count.mentions.cmp(&a.entity.count.mentions))
            .then_with(|| a.entity.count.entity_id.cmp(&b.entity.count.entity_id))
    });
    out
}

fn contest<'s, 'a>(entity: &'s EntitySpellings<'a>, min_mentions: u64) -> Option<Contest<'s, 'a>> {
    let by_source = entity.by_source();
    let outlets: Vec<(&str, &Vec<u64>)> = by_source
        .iter()
        .filter(|(source, ns)| **source != NO_SOURCE && ns.iter().sum::<u64>() >= min_mentions)
        .map(|(s, ns)| (*s, ns))
        .collect();
    let used_forms = (0..entity.forms.len())
        .filter(|&f| outlets.iter().any(|(_, ns)| ns[f] > 0))
        .count();
    if outlets.len() < 2 || used_forms < 2 {
        return None;
    }
    let rows: Vec<&[u64]> = outlets.iter().map(|(_, ns)| ns.as_slice()).collect();
    let divergence_bits = divergence_bits(&rows);
    let mut uses: Vec<OutletUse> = outlets
        .iter()
        .map(|(source, ns)| {
            let mentions: u64 = ns.iter().sum();
            let preferred = preferred(ns);
            OutletUse {
                source: source.to_string(),
                mentions,
                preferred,
                share: ns[preferred] as f64 / mentions as f64,
                switch: switch(entity, source),
            }
        })
        .collect();
    uses.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.source.cmp(&b.source))
    });
    Some(Contest {
        entity,
        divergence_bits,
        outlets: uses,
    })
}

/// The form with the most mentions; a tie goes to the form most mentioned overall (the lower
/// index), so that a tie is never read as a change.
fn preferred(ns: &[u64]) -> usize {
    let mut best = 0;
    for (i, n) in ns.iter().enumerate() {
        if *n > ns[best] {
            best = i;
        }
    }
    best
}

/// The generalised Jensen-Shannon divergence of the rows' distributions, each weighted by its
/// total: H(mixture) minus the weighted mean of the rows' entropies, in bits.
pub fn divergence_bits(rows: &[&[u64]]) -> f64 {
    let total: u64 = rows.iter().flat_map(|r| r.iter()).sum();
    if total == 0 {
        return 0.0;
    }
    let entropy = |ns: &[u64]| {
        let sum: u64 = ns.iter().sum();
        ns.iter()
            .filter(|n| **n > 0)
            .map(|&n| {
                let p = n as f64 / sum as f64;
                -p * p.log2()
            })
            .sum::<f64>()
    };
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut mixture = vec![0u64; width];
    for row in rows {
        add_into(&mut mixture, row);
    }
    let within: f64 = rows
        .iter()
        .map(|r| r.iter().sum::<u64>() as f64 / total as f64 * entropy(r))
        .sum();
    // Rounding can leave -1e-16 for identical rows.
    (entropy(&mixture) - within).max(0.0)
}

/// The form with a clear majority of `ns` ([`CLEAR_MAJORITY`]), if one has it.
fn clear_majority(ns: &[u64]) -> Option<usize> {
    let total: u64 = ns.iter().sum();
    let best = preferred(ns);
    (total > 0 && ns[best] as f64 >= CLEAR_MAJORITY * total as f64).then_some(best)
}

/// The period from which `source` wrote another form than before and kept to it.
fn switch(entity: &EntitySpellings<'_>, source: &str) -> Option<Switch> {
    // The source's dated periods with mentions, in order (labels sort as dates do).
    let periods: Vec<(&str, &[u64])> = entity
        .cells
        .range((source.to_string(), String::new())..)
        .take_while(|((s, _), _)| s == source)
        .filter(|((_, period), ns)| period != UNDATED && ns.iter().any(|n| *n > 0))
        .map(|((_, period), ns)| (period.as_str(), ns.as_slice()))
        .collect();
    // The last run of periods with one clear form, a mixed period ending it.
    let prefs: Vec<Option<usize>> = periods.iter().map(|(_, ns)| clear_majority(ns)).collect();
    let last = (*prefs.last()?)?;
    let start = prefs
        .iter()
        .rposition(|p| *p != Some(last))
        .map_or(0, |i| i + 1);
    if start == 0 || prefs.len() - start < MIN_SWITCH_PERIODS {
        return None;
    }
    let mut before = vec![0u64; entity.forms.len()];
    for (_, ns) in &periods[..start] {
        add_into(&mut before, ns);
    }
    let from = clear_majority(&before)?;
    (from != last).then(|| Switch {
        period: periods[start].0.to_string(),
        from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::gazetteer::{EntityId, EntityKind, GazetteerBuilder};
    use crate::mention::{Mention, Method};

    fn gazetteer() -> Gazetteer {
        let entities =
            "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n\
                        t:x,place,Stepanakert,39.8,46.75,AZ,PPLA,50000\n";
        let aliases = "entity_id,alias,lang,type\n\
                       t:x,Khankendi,az,contested\n";
        let sides = "entity_id,alias,side\n\
                     t:x,Stepanakert,armenian\n\
                     t:x,Khankendi,azerbaijani\n";
        GazetteerBuilder::new()
            .add_csv("entities.csv", entities.as_bytes().to_vec())
            .unwrap()
            .add_csv("aliases.csv", aliases.as_bytes().to_vec())
            .unwrap()
            .add_csv("sides.csv", sides.as_bytes().to_vec())
            .unwrap()
            .build()
            .unwrap()
    }

    fn mention(surface: &str) -> Mention {
        Mention {
            entity_id: Some(EntityId("t:x".into())),
            name: "Stepanakert".into(),
            ..Mention::new(
                &"d".into(),
                0,
                surface.len(),
                surface,
                EntityKind::Place,
                Method::Exact,
            )
        }
    }

    /// Two outlets, one month each way and a switch: `a` writes Stepanakert, `b` writes
    /// Stepanakert in September and October, then Khankendi from November on.
    fn counts() -> Counts {
        let mut counts = Counts::new("g");
        let day = |m| Date::new(2020, m, 15);
        let mut n = 0;
        let mut add = |source: &str, month: u8, surfaces: &[&str]| {
            let ms: Vec<Mention> = surfaces.iter().map(|s| mention(s)).collect();
            n += 1;
            counts.add_dated_document(&format!("d{n}"), day(month), Some(source), &ms);
        };
        for month in 9..=12 {
            add("a", month, &["Stepanakert", "STEPANAKERT"]);
        }
        add("b", 9, &["Stepanakert", "Stepanakert", "Khankendi"]);
        add("b", 10, &["Stepanakert"]);
        add("b", 11, &["Khankendi", "Khankendi"]);
        add("b", 12, &["Khankendi"]);
        counts.add_document("undated", &[mention("Khankendi")]);
        counts
    }

    #[test]
    fn spellings_are_name_forms_with_language_per_source_and_period() {
        let counts = counts();
        let gazetteer = gazetteer();
        let all = spellings(&counts, &gazetteer, &Scope::default(), Period::Month);
        let x = &all[0];
        let forms: Vec<(&str, &str, &str, &str)> = x
            .forms
            .iter()
            .map(|f| {
                let (text, lang) = (f.text.as_str(), f.lang.as_str());
                (text, lang, f.alias_type.as_str(), f.side.as_str())
            })
            .collect();
        assert_eq!(
            forms,
            [
                ("Stepanakert", "", "preferred", "armenian"),
                ("Khankendi", "az", "contested", "azerbaijani")
            ],
            "STEPANAKERT is Stepanakert"
        );
        assert_eq!(
            side_shares(&x.forms, &x.by_source()["b"]),
            [("azerbaijani", 4.0 / 7.0), ("armenian", 3.0 / 7.0)]
        );
        // A form with no side counts in the whole, in no side.
        let mut forms = x.forms.clone();
        forms[1].side.clear();
        assert_eq!(side_shares(&forms, &[3, 1]), [("armenian", 0.75)]);
        assert_eq!(x.totals, [11, 5]);
        assert!(x.contested);
        assert_eq!(x.by_source()["a"], [8, 0]);
        assert_eq!(x.by_source()["b"], [3, 4]);
        assert_eq!(
            x.by_source()[NO_SOURCE],
            [0, 1],
            "the undated, unsourced document"
        );
        assert_eq!(x.by_period()["2020-11"], [2, 2]);
        assert_eq!(x.by_period()[UNDATED], [0, 1]);
    }

    #[test]
    fn contests_rank_by_divergence_and_find_the_switch() {
        let counts = counts();
        let gazetteer = gazetteer();
        let all = spellings(&counts, &gazetteer, &Scope::default(), Period::Month);
        let contests = contests(&all, 1);
        let c = &contests[0];
        // a: 8 Stepanakert; b: 3 Stepanakert, 4 Khankendi.
        let expected = divergence_bits(&[&[8, 0], &[3, 4]]);
        assert!((c.divergence_bits - expected).abs() < 1e-12 && expected > 0.3);
        let b = c.outlets.iter().find(|o| o.source == "b").unwrap();
        assert_eq!(b.preferred, 1, "b prefers Khankendi overall");
        assert_eq!(
            b.switch,
            Some(Switch {
                period: "2020-11".into(),
                from: 0
            })
        );
        let a = c.outlets.iter().find(|o| o.source == "a").unwrap();
        assert_eq!((a.preferred, a.share, a.switch.clone()), (0, 1.0, None));
        assert!(
            super::contests(&all, 9).is_empty(),
            "b's 7 mentions are too few to take part"
        );
    }

    #[test]
    fn divergence_is_zero_for_one_mix_and_one_bit_for_two_camps() {
        assert_eq!(divergence_bits(&[&[2, 1], &[4, 2]]), 0.0);
        assert!((divergence_bits(&[&[5, 0], &[0, 5]]) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_last_period_alone_is_not_a_switch() {
        let mut counts = Counts::new("g");
        for (i, (month, s)) in [(9, "Stepanakert"), (10, "Stepanakert"), (11, "Khankendi")]
            .iter()
            .enumerate()
        {
            counts.add_dated_document(
                &format!("d{i}"),
                Date::new(2020, *month, 1),
                Some("b"),
                &[mention(s)],
            );
        }
        let gazetteer = gazetteer();
        let all = spellings(&counts, &gazetteer, &Scope::default(), Period::Month);
        assert_eq!(switch(&all[0], "b"), None);
    }

    #[test]
    fn a_mix_before_is_not_a_house_style_to_switch_from() {
        let mut counts = Counts::new("g");
        let months: [(u8, &[&str]); 4] = [
            (9, &["Stepanakert", "Khankendi"]),
            (10, &["Khankendi", "Stepanakert"]),
            (11, &["Khankendi", "Khankendi", "Khankendi"]),
            (12, &["Khankendi", "Khankendi"]),
        ];
        for (i, (month, surfaces)) in months.iter().enumerate() {
            let ms: Vec<Mention> = surfaces.iter().map(|s| mention(s)).collect();
            counts.add_dated_document(&format!("d{i}"), Date::new(2020, *month, 1), Some("b"), &ms);
        }
        let gazetteer = gazetteer();
        let all = spellings(&counts, &gazetteer, &Scope::default(), Period::Month);
        assert_eq!(
            switch(&all[0], "b"),
            None,
            "50/50 before: no switch from anything"
        );
    }
}
