//! Where a physical feature's one point goes: the point a gazetteer gives for something that is
//! an area or a line.
//!
//! The points follow GeoNames, whose records (from the US NGA's GEOnet Names Server) place a
//! stream at its mouth and an area near its middle, so that a point from this importer and a
//! GeoNames point for the same feature agree and a user joining the two finds them together:
//! - an area (a sea, an ocean in two halves, a lake, a desert, a range): the centre of its whole
//!   extent, weighted by true area and taken on the sphere (an ocean drawn on both sides of the
//!   antimeridian has its centre in the ocean, not at longitude 0), when that centre lies inside
//!   it; otherwise a point surely inside its largest polygon (a crescent-shaped bay);
//! - a river: its mouth, the end of its main stem at the sea, or else the one most of its drawn
//!   length flows to (Natural Earth draws rivers mostly downstream, and its lake centrelines
//!   carry a river through the lakes it crosses); the middle of its longest piece for a river
//!   without ends;
//! - a feature Natural Earth gives as a point (a peak): that point.

use geo::{
    Area, BoundingRect, Centroid, Contains, Distance, Euclidean, Haversine, InteriorPoint,
    LineString, Point, Polygon, Rect,
};

use super::outlines::equal_area;
use super::physical::{distance_km, union_root, Piece, RIVER_GAP_KM};

/// The arms of the sea, for telling a river's mouth from its source.
pub(super) struct Seas {
    polygons: Vec<(Rect<f64>, Polygon<f64>)>,
}

/// How close to the sea (in degrees, ~330 km) a river's end must come to be taken for its mouth.
/// Natural Earth's rivers mostly stop at the coast, but some far up an estuary, gulf or delta its
/// marine polygons start beyond (the Ob, the Lena, the Amazon stop 100-280 km short).
const NEAR_SEA_DEGREES: f64 = 3.0;

impl Seas {
    pub(super) fn new(polygons: impl Iterator<Item = Polygon<f64>>) -> Seas {
        Seas {
            polygons: polygons
                .filter_map(|p| Some((p.bounding_rect()?, p)))
                .collect(),
        }
    }

    /// How far (lon, lat) lies from the sea in degrees, if within [`NEAR_SEA_DEGREES`].
    fn distance(&self, (lon, lat): (f64, f64)) -> Option<f64> {
        let point = Point::new(lon, lat);
        let reach = NEAR_SEA_DEGREES;
        self.polygons
            .iter()
            .filter(|(rect, _)| {
                let (min, max) = (rect.min(), rect.max());
                lon >= min.x - reach
                    && lon <= max.x + reach
                    && lat >= min.y - reach
                    && lat <= max.y + reach
            })
            .map(|(_, polygon)| Euclidean::distance(&point, polygon))
            .filter(|&d| d <= reach)
            .min_by(f64::total_cmp)
    }

    /// Which of two ends reaches the sea: the one near it when the other is far from any sea
    /// or three times as far plus a degree (a short coastal river, or a tributary whose both
    /// ends lie near a coast, is left undecided).
    fn nearer(&self, a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
        let clearly = |near: f64, far: f64| far >= 3.0 * near + 1.0;
        match (self.distance(a), self.distance(b)) {
            (Some(_), None) => Some(a),
            (None, Some(_)) => Some(b),
            (Some(da), Some(db)) if clearly(da, db) => Some(a),
            (Some(da), Some(db)) if clearly(db, da) => Some(b),
            _ => None,
        }
    }
}

/// A point on or inside a group of pieces (see the module doc), as (lon, lat).
pub(super) fn point_of(pieces: &[Piece], seas: &Seas) -> Option<(f64, f64)> {
    let polygons: Vec<_> = pieces.iter().flat_map(|p| &p.polygons).collect();
    if !polygons.is_empty() {
        if let Some(centre) = centre_on_sphere(&polygons) {
            let inside = polygons
                .iter()
                .any(|p| p.contains(&Point::new(centre.0, centre.1)));
            if inside {
                return Some(centre);
            }
        }
        let largest = polygons
            .iter()
            .map(|p| (equal_area(p).unsigned_area(), p))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, p)| p)?;
        return largest.interior_point().map(|c| (c.x(), c.y()));
    }
    let lines: Vec<&LineString<f64>> = pieces.iter().flat_map(|p| &p.lines).collect();
    if !lines.is_empty() {
        if let Some(mouth) = mouth(&lines, seas) {
            return Some(mouth);
        }
        let (length, line) = lines
            .iter()
            .map(|l| (length_km(l), *l))
            .max_by(|a, b| a.0.total_cmp(&b.0))?;
        return middle_of(line, length);
    }
    pieces.iter().find_map(|p| p.point)
}

/// The area-weighted centre of polygons on the sphere, as (lon, lat): each polygon's own
/// equal-area centroid as a unit vector, weighted by its true area, summed and projected back.
/// Natural Earth cuts polygons at the antimeridian, so each piece's own centroid is sound.
fn centre_on_sphere(polygons: &[&Polygon<f64>]) -> Option<(f64, f64)> {
    let mut sum = [0.0_f64; 3];
    for polygon in polygons {
        let projected = equal_area(polygon);
        let area = projected.unsigned_area();
        let Some(c) = projected.centroid() else {
            continue;
        };
        let (lon, lat) = (c.x().to_radians(), c.y().clamp(-1.0, 1.0).asin());
        sum[0] += area * lat.cos() * lon.cos();
        sum[1] += area * lat.cos() * lon.sin();
        sum[2] += area * lat.sin();
    }
    let norm = (sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]).sqrt();
    if norm == 0.0 || !norm.is_finite() {
        return None;
    }
    let lat = (sum[2] / norm).asin().to_degrees();
    let lon = sum[1].atan2(sum[0]).to_degrees();
    Some((lon, lat))
}

/// How close two line ends must be to be one point of the river (Natural Earth's pieces mostly
/// share their end points; a lake centreline may stop ~150 m from the river it continues).
const SAME_END_KM: f64 = 1.0;

/// One line of a river between two of its points: drawn from `from` to `to`, or (`drawn` false)
/// a gap the importer closed (across a lake or a split the drawing leaves open).
struct Reach {
    from: usize,
    to: usize,
    length_km: f64,
    drawn: bool,
}

/// A river's mouth (see the module doc), or None for a river without two ends.
///
/// The river's lines are joined into one network at their shared ends, and pieces that do not
/// touch are joined across their closest ends (up to [`RIVER_GAP_KM`]). Its main stem is the
/// longest path through it (found by two sweeps of shortest paths). Of the stem's two ends, the
/// mouth is the one near the sea; when neither or both are, the one most of the stem's drawn
/// length flows to. Natural Earth draws most rivers downstream but some whole rivers upstream
/// (the Ob, the Lena, the Amazon), so the sea decides first.
fn mouth(lines: &[&LineString<f64>], seas: &Seas) -> Option<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = Vec::new();
    let mut node_at = |c: &geo::Coord<f64>| {
        let at = (c.x, c.y);
        match points
            .iter()
            .position(|&p| distance_km(p, at) <= SAME_END_KM)
        {
            Some(i) => i,
            None => {
                points.push(at);
                points.len() - 1
            }
        }
    };
    let mut reaches: Vec<Reach> = Vec::new();
    for line in lines {
        let (Some(first), Some(last)) = (line.0.first(), line.0.last()) else {
            continue;
        };
        let (from, to) = (node_at(first), node_at(last));
        if from != to {
            reaches.push(Reach {
                from,
                to,
                length_km: length_km(line),
                drawn: true,
            });
        }
    }
    if reaches.is_empty() {
        return None;
    }
    close_gaps(&points, &mut reaches);
    // Two sweeps: the point farthest from anywhere is one end of the stem; the point farthest
    // from it is the other, and the second sweep's paths lead back along the stem.
    let (source, _) = farthest(points.len(), &reaches, reaches[0].from);
    let (end, via) = farthest(points.len(), &reaches, source);
    // A river that reaches the sea at one end of its stem ends there.
    if let Some(mouth) = seas.nearer(points[source], points[end]) {
        return Some(mouth);
    }
    // Otherwise (a tributary, a river into a lake or the desert), the way it is drawn decides:
    // walk the stem back from `end` to `source`, weighing the drawn length that flows each way.
    let mut towards_end = 0.0;
    let mut at = end;
    while at != source {
        let r = &reaches[via[at]?];
        let from = if r.to == at { r.from } else { r.to };
        if r.drawn {
            towards_end += if r.to == at {
                r.length_km
            } else {
                -r.length_km
            };
        }
        at = from;
    }
    Some(points[if towards_end >= 0.0 { end } else { source }])
}

/// Joins the pieces of a river that do not touch, closest ends first, as long as they are
/// within [`RIVER_GAP_KM`] (the importer's test for one river).
fn close_gaps(points: &[(f64, f64)], reaches: &mut Vec<Reach>) {
    let mut part: Vec<usize> = (0..points.len()).collect();
    for r in reaches.iter() {
        let (a, b) = (union_root(&mut part, r.from), union_root(&mut part, r.to));
        part[a] = b;
    }
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for i in 0..points.len() {
            for j in i + 1..points.len() {
                if union_root(&mut part, i) == union_root(&mut part, j) {
                    continue;
                }
                let d = distance_km(points[i], points[j]);
                if d <= RIVER_GAP_KM && best.is_none_or(|(b, _, _)| d < b) {
                    best = Some((d, i, j));
                }
            }
        }
        let Some((d, i, j)) = best else {
            return;
        };
        let (a, b) = (union_root(&mut part, i), union_root(&mut part, j));
        part[a] = b;
        reaches.push(Reach {
            from: i,
            to: j,
            length_km: d,
            drawn: false,
        });
    }
}

/// The point farthest (along the river) from `start`, and for every point the reach by which
/// the shortest path from `start` arrives (Dijkstra over a few dozen points).
fn farthest(n: usize, reaches: &[Reach], start: usize) -> (usize, Vec<Option<usize>>) {
    let mut distance = vec![f64::INFINITY; n];
    let mut via: Vec<Option<usize>> = vec![None; n];
    let mut done = vec![false; n];
    distance[start] = 0.0;
    loop {
        let next = (0..n)
            .filter(|&i| !done[i] && distance[i].is_finite())
            .min_by(|&a, &b| distance[a].total_cmp(&distance[b]));
        let Some(at) = next else {
            break;
        };
        done[at] = true;
        for (k, r) in reaches.iter().enumerate() {
            let other = if r.from == at {
                r.to
            } else if r.to == at {
                r.from
            } else {
                continue;
            };
            if distance[at] + r.length_km < distance[other] {
                distance[other] = distance[at] + r.length_km;
                via[other] = Some(k);
            }
        }
    }
    let far = (0..n)
        .filter(|&i| distance[i].is_finite())
        .max_by(|&a, &b| distance[a].total_cmp(&distance[b]))
        .unwrap_or(start);
    (far, via)
}

/// A line's length along the sphere, in kilometres.
fn length_km(line: &LineString<f64>) -> f64 {
    line.lines()
        .map(|s| Haversine::distance(Point::from(s.start), Point::from(s.end)) / 1000.0)
        .sum()
}

/// The point half-way along a line of `length_km` kilometres, as (lon, lat).
fn middle_of(line: &LineString<f64>, length_km: f64) -> Option<(f64, f64)> {
    let mut left = length_km / 2.0;
    for segment in line.lines() {
        let step =
            Haversine::distance(Point::from(segment.start), Point::from(segment.end)) / 1000.0;
        if step >= left && step > 0.0 {
            let t = left / step;
            let x = segment.start.x + t * (segment.end.x - segment.start.x);
            let y = segment.start.y + t * (segment.end.y - segment.start.y);
            return Some((x, y));
        }
        left -= step;
    }
    line.0.last().map(|c| (c.x, c.y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn river(lines: Vec<LineString<f64>>) -> Piece {
        Piece {
            polygons: vec![],
            lines,
            point: None,
            scalerank: 3,
            alternate: None,
            connector: false,
        }
    }

    fn no_seas() -> Seas {
        Seas::new(std::iter::empty())
    }

    #[test]
    fn a_river_drawn_upstream_ends_at_the_sea() {
        // Drawn from its mouth at (2, 0), on the coast of a sea east of it, to its source.
        let line = LineString::from(vec![(2.0, 0.0), (1.0, 0.0), (0.0, 0.0)]);
        let sea =
            polygon![(x: 2.05, y: -1.0), (x: 4.0, y: -1.0), (x: 4.0, y: 1.0), (x: 2.05, y: 1.0)];
        let seas = Seas::new(std::iter::once(sea));
        assert_eq!(
            point_of(&[river(vec![line.clone()])], &seas),
            Some((2.0, 0.0))
        );
        assert_eq!(point_of(&[river(vec![line])], &no_seas()), Some((0.0, 0.0)));
    }

    #[test]
    fn a_river_point_is_its_mouth() {
        // Drawn downstream in two pieces that meet at (1, 0); the mouth is (2, 0).
        let upper = LineString::from(vec![(0.0, 0.0), (1.0, 0.0)]);
        let lower = LineString::from(vec![(1.0, 0.0), (2.0, 0.0)]);
        assert_eq!(
            point_of(&[river(vec![lower, upper])], &no_seas()),
            Some((2.0, 0.0))
        );
    }

    #[test]
    fn a_side_channel_is_not_the_mouth() {
        // The main stem runs from (0, 0) through (2, 0) to the sea at (4, 0); a 10 km side
        // channel leaves it at (2, 0) and ends.
        let above = LineString::from(vec![(0.0, 0.0), (2.0, 0.0)]);
        let channel = LineString::from(vec![(2.0, 0.0), (2.0, 0.1)]);
        let below = LineString::from(vec![(2.0, 0.0), (4.0, 0.0)]);
        let found = point_of(&[river(vec![channel, above, below])], &no_seas());
        assert_eq!(found, Some((4.0, 0.0)));
    }

    #[test]
    fn a_gap_is_closed_and_one_piece_drawn_backwards_does_not_turn_the_river() {
        // Source (0, 0) to a lake at (2, 0); out of it at (2.2, 0); a stretch drawn the wrong
        // way (from (3, 0) back to (2.2, 0)); the last stretch to the sea at (5, 0).
        let top = LineString::from(vec![(0.0, 0.0), (2.0, 0.0)]);
        let backwards = LineString::from(vec![(3.0, 0.0), (2.2, 0.0)]);
        let bottom = LineString::from(vec![(3.0, 0.0), (5.0, 0.0)]);
        let found = point_of(&[river(vec![backwards, top, bottom])], &no_seas());
        assert_eq!(found, Some((5.0, 0.0)));
    }

    #[test]
    fn a_piece_drawn_backwards_at_the_source_is_not_the_mouth() {
        // The head piece is drawn from (1, 0) back to the source at (0, 0).
        let head = LineString::from(vec![(1.0, 0.0), (0.0, 0.0)]);
        let rest = LineString::from(vec![(1.0, 0.0), (5.0, 0.0)]);
        assert_eq!(
            point_of(&[river(vec![head, rest])], &no_seas()),
            Some((5.0, 0.0))
        );
    }

    #[test]
    fn a_closed_loop_falls_back_to_its_middle() {
        // Every end meets another: no mouth, so the middle of the longest piece.
        let line = LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (0.0, 0.0)]);
        let (lon, lat) = point_of(&[river(vec![line])], &no_seas()).unwrap();
        assert!(lat.abs() < 1e-9 && lon > 1.0, "{lon} {lat}");
    }

    #[test]
    fn an_area_across_the_antimeridian_has_its_centre_there() {
        let west = polygon![(x: 170.0, y: -10.0), (x: 180.0, y: -10.0), (x: 180.0, y: 10.0), (x: 170.0, y: 10.0)];
        let east = polygon![(x: -180.0, y: -10.0), (x: -170.0, y: -10.0), (x: -170.0, y: 10.0), (x: -180.0, y: 10.0)];
        let ocean = Piece {
            polygons: vec![west, east],
            lines: vec![],
            point: None,
            scalerank: 0,
            alternate: None,
            connector: false,
        };
        // The centre is on the antimeridian (a plane average of longitudes would put it at 0°).
        let polygons: Vec<&Polygon<f64>> = ocean.polygons.iter().collect();
        let (lon, lat) = centre_on_sphere(&polygons).unwrap();
        assert!(
            (lon.abs() - 180.0).abs() < 1e-6 && lat.abs() < 1e-6,
            "{lon} {lat}"
        );
        // It lies on both pieces' edge, inside neither: the point falls back to one inside.
        let (lon, lat) = point_of(&[ocean], &no_seas()).unwrap();
        assert!(lon.abs() > 169.0 && lat.abs() < 10.0, "{lon} {lat}");
    }
}
