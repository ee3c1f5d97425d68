//! "Is this point near the document's places?", asked of every name of a long document, in
//! time that does not grow with the number of places.

use geo::{Distance, Haversine, Point};

use crate::gazetteer::LonLat;

use super::NEAR_KM;

/// The document's anchor points, grouped by point and sorted by latitude, so that "is a place
/// within [`NEAR_KM`] of an anchor other than mention `i`?" reads only the anchors in the
/// latitude band that can be that near: a long document asks it of every name, and a scan of
/// every anchor per name would grow with the square of its length.
pub(super) struct Anchors {
    /// (point, the first mention that anchors there, how many do), by latitude.
    points: Vec<(LonLat, usize, usize)>,
}

impl Anchors {
    pub(super) fn new(mut anchors: Vec<(usize, LonLat)>) -> Self {
        anchors.sort_by(|(i, a), (j, b)| {
            a.lat
                .total_cmp(&b.lat)
                .then(a.lon.total_cmp(&b.lon))
                .then(i.cmp(j))
        });
        let mut points: Vec<(LonLat, usize, usize)> = Vec::new();
        for (i, point) in anchors {
            match points.last_mut() {
                Some((p, _, count)) if p.lat == point.lat && p.lon == point.lon => *count += 1,
                _ => points.push((point, i, 1)),
            }
        }
        Anchors { points }
    }

    /// Has the document no anchor at all?
    pub(super) fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Is an anchor within [`NEAR_KM`] of `place`, other than mention `except` itself (a name
    /// is no evidence for its own reading)?
    pub(super) fn near(&self, place: LonLat, except: Option<usize>) -> bool {
        // Great-circle distance is at least the distance along the meridian, so anchors
        // further than this in latitude are too far whatever their longitude.
        let band = NEAR_KM / KM_PER_DEGREE_OF_LATITUDE + 0.01;
        let first = self
            .points
            .partition_point(|(p, _, _)| p.lat < place.lat - band);
        self.points[first..]
            .iter()
            .take_while(|(p, _, _)| p.lat <= place.lat + band)
            .any(|&(p, first_mention, count)| {
                (count > 1 || Some(first_mention) != except) && distance_km(place, p) <= NEAR_KM
            })
    }
}

/// The shortest length of a degree of latitude on the spheres distances are measured on
/// (Haversine's mean Earth radius, 6,371 km): 111.19 km, rounded down.
const KM_PER_DEGREE_OF_LATITUDE: f64 = 111.0;

/// Great-circle distance in kilometres.
fn distance_km(a: LonLat, b: LonLat) -> f64 {
    Haversine::distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat)) / 1000.0
}
