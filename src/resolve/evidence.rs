//! Why a candidate has its score, kept as values while the document is resolved and written out
//! in words only for the candidate that wins.
//!
//! A document holds every candidate of every name it matched until the last pass has voted, and
//! all but one per name lose: formatting each one's reasons as it was scored made a 20 MB
//! document hold several strings per candidate (issue 12). Each rule records here the numbers
//! it added; what can be read back from the entity (its rank, its population, its own name) is
//! not stored twice.

use std::fmt::{self, Write};

use crate::gazetteer::{AliasIndex, Entity, EntityIndex, Gazetteer};

use super::outlet_home::HomeShare;
use super::story_area::story_share;
use super::{feature_rank, population_score, FeatureKind, Weights, USER_BIAS, WEIGHT_COUNT};

/// Which of the user's preferences a candidate met (see [`super::ResolverOptions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UserBias {
    /// Its country is in `--country`.
    Country,
    /// Its point is inside `--bbox`.
    Bbox,
}

/// A focus vote (see `add_focus`): `count` of the `others` clear places of the document lie in
/// the candidate's area, which added `bonus`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Share {
    pub count: u32,
    pub others: u32,
    pub bonus: f64,
}

/// The evidence of one candidate beyond its prior (rank and population, which are the entity's):
/// one field per rule, since each rule speaks at most once per candidate. The text lists them in
/// the order the rules run, the order [`Evidence::write`] follows.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Evidence {
    /// The alias is the entity's own name.
    pub own_name: bool,
    /// The alias is written as the text, ignoring case.
    pub exact_spelling: bool,
    /// The user's preference it met.
    pub user_bias: Option<UserBias>,
    /// Reached only through an alternate name that is this other candidate's own name.
    pub alternate_of: Option<EntityIndex>,
    /// Lifted by this much as a metropolis named like its division.
    pub metropolis_lift: Option<f64>,
    /// Dropped by `.0` as a division with fewer people than the city of its name (`.1` people).
    pub smaller_division: Option<(f64, u64)>,
    /// A state abbreviation containing it followed its name ("Springfield, Ill."): that state.
    pub written_state: Option<EntityIndex>,
    /// The document's vote for its country.
    pub country_focus: Option<Share>,
    /// The document's vote for its first-order division.
    pub division_focus: Option<Share>,
    /// The name before it ("A, B") has a candidate that this one contains.
    pub contains_preceding: Option<EntityIndex>,
    /// The name that follows ("A, B") has a candidate that contains this one.
    pub followed_by_container: Option<EntityIndex>,
    /// A word of this physical feature's kind stands near the name ("banks", "summit").
    pub feature_word: Option<FeatureKind>,
    /// The document's clear places near it or around it (`story_area.rs`): `count` of
    /// `others` anchors.
    pub story_area: Option<Share>,
    /// The outlet's home holds it (`outlet_home.rs`).
    pub outlet_home: Option<HomeShare>,
    /// The document's clear places in countries bordering its country (`neighbours.rs`).
    pub neighbour: Option<Share>,
    /// Its country or a neighbour has clear places, another candidate's none (`neighbours.rs`):
    /// the bonus it added.
    pub in_play: Option<f64>,
}

impl Evidence {
    /// The values the weights multiply, in the order of [`super::WEIGHT_NAMES`], for the
    /// candidate `entity`.
    pub fn values(&self, entity: &Entity) -> [f64; WEIGHT_COUNT] {
        let flag = |b: bool| f64::from(u8::from(b));
        let share = |s: Option<Share>| s.map_or(0.0, |s| f64::from(s.count) / f64::from(s.others));
        [
            population_score(entity),
            flag(self.own_name),
            flag(self.exact_spelling),
            flag(self.alternate_of.is_some()),
            flag(self.written_state.is_some()),
            share(self.country_focus),
            share(self.division_focus),
            flag(self.contains_preceding.is_some()) + flag(self.followed_by_container.is_some()),
            flag(self.feature_word.is_some()),
            self.story_area
                .map_or(0.0, |s| story_share(s.count as usize, s.others as usize)),
            self.outlet_home.map_or(0.0, |h| h.sureness),
            share(self.neighbour),
            flag(self.in_play.is_some()),
        ]
    }

    /// Writes the evidence of `entity`'s candidate, reached through `alias`, as `; `-separated
    /// reasons with what each added (`PPLA (+4.0); population 4064 (+0.36)`).
    pub fn write(
        &self,
        out: &mut impl Write,
        gazetteer: &Gazetteer,
        weights: &Weights,
        entity: EntityIndex,
        alias: AliasIndex,
    ) -> fmt::Result {
        let e = gazetteer.entity(entity);
        let (rank, rank_label) = feature_rank(e);
        write!(out, "{rank_label} (+{rank:.1})")?;
        if e.population > 0 {
            let population = weights.population * population_score(e);
            write!(out, "; population {} ({population:+.2})", e.population)?;
        }
        if self.own_name {
            write!(out, "; its own name ({:+.1})", weights.own_name)?;
        }
        if self.exact_spelling {
            let written = &gazetteer.alias(alias).text;
            write!(
                out,
                "; spelled exactly as {written:?} ({:+.1})",
                weights.exact_spelling
            )?;
        }
        match self.user_bias {
            Some(UserBias::Country) => write!(
                out,
                "; in --country {} (+{USER_BIAS:.1})",
                e.country_code.as_deref().unwrap_or_default()
            )?,
            Some(UserBias::Bbox) => write!(out, "; inside --bbox (+{USER_BIAS:.1})")?,
            None => {}
        }
        if let Some(HomeShare { sureness, bonus }) = self.outlet_home {
            write!(
                out,
                "; in the outlet's home area, {:.0}% sure (+{bonus:.2})",
                sureness * 100.0
            )?;
        }
        if let Some(owner) = self.alternate_of {
            let owner = gazetteer.entity(owner);
            write!(
                out,
                "; only an alternate name, the own name of {} ({}) ({:+.1})",
                owner.name,
                owner.country_code.as_deref().unwrap_or("-"),
                weights.alternate_name
            )?;
        }
        if let Some(lift) = self.metropolis_lift {
            write!(
                out,
                "; a city of a million or more inside the division of that name (+{lift:.2})"
            )?;
        }
        if let Some((drop, city_population)) = self.smaller_division {
            write!(
                out,
                "; a division of fewer people than the city of that name ({} against {city_population}) (-{drop:.2})",
                e.population
            )?;
        }
        if let Some(state) = self.written_state {
            let state = &gazetteer.entity(state).name;
            write!(
                out,
                "; followed by its state's abbreviation ({state}) ({:+.1})",
                weights.written_state
            )?;
        }
        if let (Some(share), Some(cc)) = (self.country_focus, e.country_code.as_deref()) {
            write_share(out, format_args!("country {cc}"), share)?;
        }
        if let (Some(share), Some(cc)) = (self.neighbour, e.country_code.as_deref()) {
            write_share(
                out,
                format_args!("{cc}, a neighbour of the countries of"),
                share,
            )?;
        }
        if let Some(bonus) = self.in_play {
            write!(
                out,
                "; its country or a neighbour is in the story, another candidate's not (+{bonus:.2})"
            )?;
        }
        if let (Some(share), Some(cc), Some(admin1)) = (
            self.division_focus,
            e.country_code.as_deref(),
            e.admin1_code.as_deref(),
        ) {
            write_share(out, format_args!("division {cc}.{admin1}"), share)?;
        }
        if let Some(inner) = self.contains_preceding {
            let inner = &gazetteer.entity(inner).name;
            write!(
                out,
                "; contains the preceding {inner} ({:+.1})",
                weights.container
            )?;
        }
        if let Some(outer) = self.followed_by_container {
            let outer = &gazetteer.entity(outer).name;
            write!(
                out,
                "; followed by its container {outer} ({:+.1})",
                weights.container
            )?;
        }
        if let Some(kind) = self.feature_word {
            let words = match kind {
                FeatureKind::Water => "a word of water nearby (river, lake, sea, banks)",
                FeatureKind::Land => "a word of land nearby (mount, range, island, summit)",
            };
            write!(out, "; {words} ({:+.1})", weights.feature_words)?;
        }
        if let Some(Share {
            count,
            others,
            bonus,
        }) = self.story_area
        {
            write!(
                out,
                "; in the story's area: near {count} of {others} other clear places (+{bonus:.2})"
            )?;
        }
        Ok(())
    }
}

fn write_share(out: &mut impl Write, label: fmt::Arguments, share: Share) -> fmt::Result {
    let Share {
        count,
        others,
        bonus,
    } = share;
    write!(
        out,
        "; {label}: {count} of {others} other clear places (+{bonus:.2})"
    )
}
