//! The outlet's home as evidence (issue 28): a namesake in the paper's home division, or near its
//! home town, gains over one far away, in proportion to how sure the home is (see
//! [`crate::outlet`] for where homes come from). The rest of the home country gains nothing: a
//! bonus for it (1.0 times the country's sureness, tried) took lgl-dev's placements within
//! 161 km from .859 to .855, moving foreign stories' capitals to American namesakes.
//!
//! Like a user's `--bbox`, it is weighed before the document's own votes: a bare "Paris" in a
//! Texan paper is then Paris, Texas, before the story's other names are weighed against it, and
//! it becomes one of the story's anchors in turn. The document's own evidence (a written state,
//! "A, B", the story's area) still outweighs it where the story is elsewhere.

use crate::outlet::OutletHome;

use super::*;

/// Score added to a candidate in the outlet's home division or near its home town, times the
/// home's sureness: a little more than a story wholly around one town gives
/// ([`STORY_AREA_WEIGHT`]), since a sure home is many stories' word. Measured on lgl-dev with
/// each article's outlet (README "Local news"): 1.5, 2.5, 3.0, 3.5 and 4.5 place .850, .854,
/// .859, .859 and .859 within 161 km.
///
/// The hand-set value ([`Weights::HAND`]); the resolver reads [`Weights`].
pub const OUTLET_HOME_WEIGHT: f64 = 3.0;

/// A candidate within this distance of the outlet's home town is at home across a state line:
/// the story area's radius ([`STORY_RADIUS_KM`]).
pub const HOME_RADIUS_KM: f64 = STORY_RADIUS_KM;

/// The outlet-home evidence of one candidate: the home's sureness, which scales the weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct HomeShare {
    pub sureness: f64,
    pub bonus: f64,
}

/// Adds the home evidence to every place candidate of every name with more than one candidate.
pub(super) fn add_outlet_home(
    gazetteer: &Gazetteer,
    weights: &Weights,
    home: &OutletHome,
    scored: &mut [Vec<Scored>],
) {
    for candidates in scored.iter_mut().filter(|c| c.len() > 1) {
        let mut changed = false;
        for c in candidates.iter_mut() {
            let entity = gazetteer.entity(c.entity);
            if entity.kind != EntityKind::Place || FeatureKind::of(entity).is_some() {
                continue;
            }
            if !at_home(entity, home) {
                continue;
            }
            let sureness = home.division_sureness;
            let bonus = weights.outlet_home * sureness;
            if bonus == 0.0 {
                continue;
            }
            c.score += bonus;
            c.evidence.outlet_home = Some(HomeShare { sureness, bonus });
            changed = true;
        }
        if changed {
            sort_candidates(candidates);
        }
    }
}

/// Is `entity` in the home's division, or near its home town?
fn at_home(entity: &Entity, home: &OutletHome) -> bool {
    let in_division = home.admin1_code.is_some()
        && entity.country_code.as_deref() == Some(home.country_code.as_str())
        && entity.admin1_code == home.admin1_code;
    let near = || {
        let is_division = entity.feature_code.as_deref() == Some("ADM1");
        // A division's point is its centre: only its code says it is the home's.
        !is_division
            && matches!((entity.point, home.point), (Some(p), Some(h))
                if super::story_area::distance_km(p, h) <= HOME_RADIUS_KM)
    };
    in_division || near()
}
