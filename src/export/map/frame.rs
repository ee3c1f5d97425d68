//! Where the map looks: the projection and the view fitted to the places found.
//!
//! The projection is equirectangular with its standard parallel at the middle of the fitted view
//! (x = lon · cos φ₀, y = −lat), so shapes near the places keep their proportions: at 40° N a
//! plate carrée would stretch the Caucasus by a third east to west. Drawing units are
//! hundredths of a degree, so outlines simplified to 0.01° are written as integers.

/// Drawing units per degree of latitude.
pub(super) const UNITS_PER_DEGREE: f64 = 100.0;

/// The share of all mentions the fitted view must hold. The places nearest the weighted centre
/// are taken until they hold this share: the news's own region, rather than every capital it
/// names once. Two thirds keeps the sample articles' Caucasus (80% of their place mentions)
/// and leaves Washington and Paris outside, a zoom-out away.
const CORE_SHARE: f64 = 2.0 / 3.0;

/// The smallest view, in degrees of latitude (about 550 km): a region is shown with its
/// neighbours and coasts, enough to tell where it is; places 0.3° apart still stand apart.
const MIN_SPAN_DEGREES: f64 = 5.0;

/// Margin around the fitted places, as a share of their extent on each side.
const MARGIN: f64 = 0.15;

/// Height over width of the view, within these bounds (a strip or a tower reads badly).
const ASPECT: (f64, f64) = (0.5, 0.75);

/// A rectangle in drawing units (y grows southwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    /// The `viewBox` attribute value.
    pub fn view_box(&self) -> String {
        format!(
            "{:.0} {:.0} {:.0} {:.0}",
            self.x, self.y, self.width, self.height
        )
    }

    fn contains(&self, x: f64, y: f64) -> bool {
        (self.x..=self.x + self.width).contains(&x) && (self.y..=self.y + self.height).contains(&y)
    }
}

/// The projection and the two views: fitted to the core of the places, and to all of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Frame {
    /// cos φ₀: drawing units per degree of longitude over units per degree of latitude.
    kx: f64,
    /// The view fitted to the places holding most mentions.
    pub fitted: Rect,
    /// The view holding every place.
    pub all: Rect,
}

impl Frame {
    /// Fits a frame to `(lon, lat, weight)` points; the whole world when there are none.
    pub fn fit(points: &[(f64, f64, f64)]) -> Frame {
        if points.is_empty() {
            let kx = 1.0;
            let world = bounds(kx, &[(-180.0, -60.0), (180.0, 85.0)], 0.0);
            return Frame {
                kx,
                fitted: world,
                all: world,
            };
        }
        let centre_lon = weighted_median(points.iter().map(|p| (p.0, p.2)));
        let centre_lat = weighted_median(points.iter().map(|p| (p.1, p.2)));
        let total: f64 = points.iter().map(|p| p.2).sum();
        let mut by_distance: Vec<&(f64, f64, f64)> = points.iter().collect();
        let cos = centre_lat.to_radians().cos();
        let distance = |p: &(f64, f64, f64)| ((p.0 - centre_lon) * cos).hypot(p.1 - centre_lat);
        by_distance.sort_by(|a, b| distance(a).total_cmp(&distance(b)));
        let mut core = Vec::new();
        let mut held = 0.0;
        for p in by_distance {
            core.push((p.0, p.1));
            held += p.2;
            if held >= CORE_SHARE * total {
                break;
            }
        }
        // The standard parallel is the middle of the fitted places.
        let (south, north) = core
            .iter()
            .fold((90.0f64, -90.0f64), |(s, n), p| (s.min(p.1), n.max(p.1)));
        let kx = ((south + north) / 2.0).to_radians().cos().max(0.2);
        let everything: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.1)).collect();
        let mut fitted = bounds(kx, &core, MARGIN);
        // A place the margin already takes in is part of the picture.
        let frame = Frame {
            kx,
            fitted,
            all: fitted,
        };
        let inside: Vec<(f64, f64)> = everything
            .iter()
            .copied()
            .filter(|&(lon, lat)| fitted.contains(frame.x(lon), frame.y(lat)))
            .collect();
        if inside.len() > core.len() {
            fitted = bounds(kx, &inside, MARGIN);
        }
        Frame {
            kx,
            fitted,
            all: bounds(kx, &everything, MARGIN),
        }
    }

    /// Drawing x of a longitude.
    pub fn x(&self, lon: f64) -> f64 {
        lon * self.kx * UNITS_PER_DEGREE
    }

    /// Drawing y of a latitude.
    pub fn y(&self, lat: f64) -> f64 {
        -lat * UNITS_PER_DEGREE
    }

    /// Whether a point lies in the fitted view.
    pub fn shows(&self, lon: f64, lat: f64) -> bool {
        self.fitted.contains(self.x(lon), self.y(lat))
    }

    /// The world's rectangle in drawing units.
    pub fn world(&self) -> Rect {
        Rect {
            x: self.x(-180.0),
            y: self.y(90.0),
            width: self.x(180.0) - self.x(-180.0),
            height: 180.0 * UNITS_PER_DEGREE,
        }
    }
}

/// The median of values weighted by their weights.
fn weighted_median(values: impl Iterator<Item = (f64, f64)>) -> f64 {
    let mut values: Vec<(f64, f64)> = values.collect();
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let half = values.iter().map(|v| v.1).sum::<f64>() / 2.0;
    let mut held = 0.0;
    for (value, weight) in &values {
        held += weight;
        if held >= half {
            return *value;
        }
    }
    values.last().map_or(0.0, |v| v.0)
}

/// The box around `points` with a margin, at least [`MIN_SPAN_DEGREES`] tall, its aspect within
/// [`ASPECT`], in drawing units.
fn bounds(kx: f64, points: &[(f64, f64)], margin: f64) -> Rect {
    let (mut west, mut east, mut south, mut north) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
    for &(lon, lat) in points {
        west = west.min(lon);
        east = east.max(lon);
        south = south.min(lat);
        north = north.max(lat);
    }
    let u = UNITS_PER_DEGREE;
    let mut width = (east - west) * kx * u;
    let mut height = (north - south) * u;
    width += 2.0 * margin * width;
    height += 2.0 * margin * height;
    let min = MIN_SPAN_DEGREES * u;
    height = height.max(min);
    width = width.max(min / ASPECT.1);
    if height < width * ASPECT.0 {
        height = width * ASPECT.0;
    }
    if height > width * ASPECT.1 {
        width = height / ASPECT.1;
    }
    let centre_x = (west + east) / 2.0 * kx * u;
    let centre_y = -(south + north) / 2.0 * u;
    Rect {
        x: centre_x - width / 2.0,
        y: centre_y - height / 2.0,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_fits_the_region_holding_most_mentions() {
        // A regional cluster with most mentions, and two far capitals mentioned a little.
        let points = [
            (47.7, 40.3, 45.0),
            (44.9, 40.3, 42.0),
            (46.75, 39.8, 36.0),
            (46.4, 40.7, 6.0),
            (37.6, 55.8, 16.0),
            (-99.0, 38.9, 2.0),
        ];
        let frame = Frame::fit(&points);
        assert!(frame.shows(46.75, 39.8) && frame.shows(47.7, 40.3) && frame.shows(44.9, 40.3));
        assert!(!frame.shows(-99.0, 38.9), "Washington is a zoom-out away");
        assert!(frame.fitted.width < 15.0 * UNITS_PER_DEGREE);
        assert!(frame.all.contains(frame.x(-99.0), frame.y(38.9)));
        // Two places 0.5° apart are 1/20 of the view apart or more: they separate.
        assert!(0.5 * UNITS_PER_DEGREE * frame.kx / frame.fitted.width > 0.05);
    }

    #[test]
    fn no_places_shows_the_world_and_one_place_its_surroundings() {
        let world = Frame::fit(&[]);
        assert!(world.fitted.width >= 360.0 * UNITS_PER_DEGREE);
        let one = Frame::fit(&[(46.75, 39.76, 3.0)]);
        assert!(one.shows(46.75, 39.76));
        assert!(one.fitted.height >= MIN_SPAN_DEGREES * UNITS_PER_DEGREE);
        let aspect = one.fitted.height / one.fitted.width;
        assert!((ASPECT.0..=ASPECT.1).contains(&aspect), "{aspect}");
    }
}
