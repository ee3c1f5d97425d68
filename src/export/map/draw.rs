//! The picture itself, as SVG: shared by `map.html` (interactive) and `map.svg` (for reports).

use std::fmt::Write;

use super::frame::{Frame, Rect};
use super::{escape, Marker, Picture};
use crate::borders::Borders;

/// Width of the picture, in CSS pixels (it scales to the page).
pub(super) const WIDTH: f64 = 1000.0;

/// The most mentioned place's circle radius, in pixels; others have area in proportion.
const MAX_RADIUS_PX: f64 = 26.0;

/// The least radius of a mentioned place, in pixels, so one mention stays visible and hoverable.
const MIN_RADIUS_PX: f64 = 3.5;

/// Radius of a never-mentioned place's hollow marker, in pixels: smaller than any mention.
const ZERO_RADIUS_PX: f64 = 2.2;

/// How many places get a name on the map (all are in the table and the tooltips).
const MAX_LABELS: usize = 14;

/// Label font size, in pixels.
const LABEL_PX: f64 = 12.0;

/// Country name font size, in pixels.
const COUNTRY_LABEL_PX: f64 = 11.0;

/// The choropleth's fill colours, light to dark (a sequential orange ramp).
const SHADES: [&str; 5] = ["#fde4c3", "#fbbf7f", "#f5924f", "#de5f2a", "#a8380f"];

/// Where the SVG goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// Inline in `map.html`: data attributes for the page's tooltips, no `<title>`s.
    Page,
    /// A standalone `map.svg`: namespace, fixed size, `<title>` tooltips, circles only.
    File,
}

/// The radius of a place with `mentions`, in pixels.
fn radius_px(mentions: u64, max_mentions: u64) -> f64 {
    (MAX_RADIUS_PX * (mentions as f64 / max_mentions.max(1) as f64).sqrt()).max(MIN_RADIUS_PX)
}

/// The choropleth's class bounds for this picture's countries (shapes and legend share them).
fn country_class_bounds(picture: &Picture) -> Vec<u64> {
    let max = picture
        .countries
        .values()
        .map(|c| c.total())
        .max()
        .unwrap_or(0);
    class_bounds(max)
}

/// The upper bounds of the choropleth's classes for mentions up to `max`: about even steps on a
/// log scale (news mentions are skewed: a few countries take most), as whole numbers.
pub(super) fn class_bounds(max: u64) -> Vec<u64> {
    let mut bounds: Vec<u64> = Vec::new();
    if max == 0 {
        return bounds;
    }
    for i in 1..=SHADES.len() {
        let bound = (max as f64).powf(i as f64 / SHADES.len() as f64).floor() as u64;
        let bound = bound.max(1).min(max);
        if bounds.last().is_none_or(|&last| bound > last) {
            bounds.push(bound);
        }
    }
    if bounds.last() != Some(&max) {
        bounds.push(max);
    }
    bounds
}

/// The shade of class `k` of `n`: the darkest classes when there are few.
fn shade(k: usize, n: usize) -> &'static str {
    SHADES[SHADES.len() - n + k]
}

/// Renders the picture.
pub(super) fn svg(picture: &Picture, borders: &Borders, target: Target) -> String {
    let points: Vec<(f64, f64, f64)> = picture
        .places
        .iter()
        .map(|p| (p.lon, p.lat, p.mentions as f64))
        .collect();
    let frame = Frame::fit(&points);
    let fit = frame.fitted;
    let height = (WIDTH * fit.height / fit.width).round();
    let unit = fit.width / WIDTH; // drawing units per pixel at the fitted view
    let mut out = String::with_capacity(300_000);
    let (namespace, size) = match target {
        Target::Page => ("", String::new()),
        Target::File => (
            r#" xmlns="http://www.w3.org/2000/svg""#,
            format!(r#" width="{WIDTH:.0}" height="{height:.0}""#),
        ),
    };
    let _ = write!(
        out,
        r#"<svg{namespace} id="map" class="map" viewBox="0 0 {WIDTH:.0} {height:.0}"{size} role="img" aria-label="{title}" font-family="system-ui, sans-serif">"#,
        title = escape(&picture.title),
    );
    let _ = write!(out, "<style>{}</style>", include_str!("map.css"));
    let _ = write!(
        out,
        r#"<rect class="sea" width="{WIDTH:.0}" height="{height:.0}"/><svg id="view" width="{WIDTH:.0}" height="{height:.0}" viewBox="{}" data-fit="{}" data-all="{}">"#,
        fit.view_box(),
        fit.view_box(),
        frame.all.view_box()
    );
    graticule(&mut out, &frame);
    countries(&mut out, picture, borders, &frame, target);
    let max_mentions = picture.places.first().map_or(1, |p| p.mentions);
    let (place_names, country_names) = labels(picture, borders, &frame, max_mentions, unit);
    out.push_str(&country_names);
    out.push_str(r#"<g class="zeros">"#);
    for zero in &picture.zeros {
        marker(&mut out, zero, &frame, ZERO_RADIUS_PX, unit, "zero", target);
    }
    out.push_str(r#"</g><g class="places">"#);
    // Most mentioned first, so the smaller circles lie on top and stay hoverable.
    for place in &picture.places {
        let r = radius_px(place.mentions, max_mentions);
        marker(&mut out, place, &frame, r, unit, "place", target);
    }
    out.push_str("</g>");
    out.push_str(&place_names);
    out.push_str("</svg>");
    legend_circles(&mut out, picture, max_mentions, height);
    if target == Target::Page {
        legend_countries(&mut out, picture, height);
    }
    let _ = write!(
        out,
        r#"<text class="credit" x="{:.0}" y="{:.0}" text-anchor="end">Borders: Natural Earth (public domain)</text></svg>"#,
        WIDTH - 6.0,
        height - 6.0
    );
    out
}

/// Meridians and parallels over the whole world, a few across the fitted view.
fn graticule(out: &mut String, frame: &Frame) {
    let span = frame.fitted.height / super::frame::UNITS_PER_DEGREE;
    let step = [1.0, 2.0, 5.0, 10.0, 15.0, 30.0]
        .into_iter()
        .find(|s| span / s <= 6.0)
        .unwrap_or(30.0);
    let world = frame.world();
    out.push_str(r#"<path class="graticule" d=""#);
    let mut lon = -180.0;
    while lon <= 180.0 {
        let _ = write!(
            out,
            "M{:.0} {:.0}V{:.0}",
            frame.x(lon),
            world.y,
            world.y + world.height
        );
        lon += step;
    }
    let mut lat = -90.0 + step;
    while lat < 90.0 {
        let _ = write!(
            out,
            "M{:.0} {:.0}H{:.0}",
            world.x,
            frame.y(lat),
            world.x + world.width
        );
        lat += step;
    }
    out.push_str(r#""/>"#);
}

/// One path per country, classed by its mentions for the choropleth.
fn countries(
    out: &mut String,
    picture: &Picture,
    borders: &Borders,
    frame: &Frame,
    target: Target,
) {
    let bounds = country_class_bounds(picture);
    out.push_str(r#"<g class="countries">"#);
    for country in borders.countries() {
        let mentions = country
            .iso_a2
            .as_ref()
            .and_then(|cc| picture.countries.get(cc))
            .copied()
            .unwrap_or_default();
        let class = match bounds.iter().position(|&b| mentions.total() <= b) {
            Some(k) if mentions.total() > 0 => {
                format!("country q{}", SHADES.len() - bounds.len() + k + 1)
            }
            _ => "country".to_string(),
        };
        let _ = write!(out, r#"<path class="{class}" d=""#);
        for ring in country.polygons.iter().flatten() {
            let mut last: Option<(i64, i64)> = None;
            for point in &ring[..ring.len().saturating_sub(1)] {
                let (x, y) = (
                    frame.x(point[0]).round() as i64,
                    frame.y(point[1]).round() as i64,
                );
                match last {
                    None => {
                        let _ = write!(out, "M{x} {y}l");
                    }
                    Some((lx, ly)) if (lx, ly) != (x, y) => {
                        let _ = write!(out, "{} {} ", x - lx, y - ly);
                    }
                    Some(_) => continue,
                }
                last = Some((x, y));
            }
            out.push('z');
        }
        let _ = write!(
            out,
            r#"" data-name="{}" data-own="{}" data-places="{}">"#,
            escape(&country.name),
            mentions.own,
            mentions.places
        );
        if target == Target::File {
            let _ = write!(out, "<title>{}</title>", escape(&country.name));
        }
        out.push_str("</path>");
    }
    out.push_str("</g>");
}

/// One circle; its pixel radius is kept in `data-r` so the page can hold it on zoom.
fn marker(
    out: &mut String,
    place: &Marker,
    frame: &Frame,
    radius_px: f64,
    unit: f64,
    class: &str,
    target: Target,
) {
    let _ = write!(
        out,
        r#"<circle class="{class}" cx="{:.0}" cy="{:.0}" r="{:.1}" data-r="{radius_px:.1}" data-name="{}" data-what="{}" data-m="{}" data-d="{}" data-s="{}">"#,
        frame.x(place.lon),
        frame.y(place.lat),
        radius_px * unit,
        escape(&place.name),
        escape(&place.what()),
        place.mentions,
        place.documents,
        escape(&place.spellings),
    );
    if target == Target::File {
        let tip = if place.mentions == 0 {
            format!("{} ({}): never mentioned", place.name, place.what())
        } else {
            format!(
                "{} ({}): {} mentions in {} documents; {}",
                place.name,
                place.what(),
                place.mentions,
                place.documents,
                place.spellings
            )
        };
        let _ = write!(out, "<title>{}</title>", escape(&tip));
    }
    out.push_str("</circle>");
}

/// Names of the most mentioned places in the fitted view, then of the countries in it, none
/// over another: `(places, countries)` as SVG groups.
fn labels(
    picture: &Picture,
    borders: &Borders,
    frame: &Frame,
    max_mentions: u64,
    unit: f64,
) -> (String, String) {
    let fit: Rect = frame.fitted;
    let pixels =
        |lon: f64, lat: f64| ((frame.x(lon) - fit.x) / unit, (frame.y(lat) - fit.y) / unit);
    let mut taken: Vec<(f64, f64, f64, f64)> = Vec::new(); // x0, y0, x1, y1 in pixels
    let free = |taken: &[(f64, f64, f64, f64)], b: (f64, f64, f64, f64)| {
        !taken
            .iter()
            .any(|&(x0, y0, x1, y1)| b.0 < x1 && x0 < b.2 && b.1 < y1 && y0 < b.3)
    };
    // Every circle in view is an obstacle for country names.
    for place in picture.places.iter().filter(|p| frame.shows(p.lon, p.lat)) {
        let (px, py) = pixels(place.lon, place.lat);
        let r = radius_px(place.mentions, max_mentions);
        taken.push((px - r, py - r, px + r, py + r));
    }
    let circles = taken.len();
    let mut places = format!(r#"<g class="labels" font-size="{:.1}">"#, LABEL_PX * unit);
    let mut named: Vec<(f64, f64)> = Vec::new(); // centres already labelled, in pixels
    for place in &picture.places {
        if named.len() == MAX_LABELS || !frame.shows(place.lon, place.lat) {
            continue;
        }
        let (px, py) = pixels(place.lon, place.lat);
        // A place at the same point as a labelled one (Stepanakert at Nagorno-Karabakh's
        // point) is named in its tooltip only.
        if named
            .iter()
            .any(|&(x, y)| (x - px).abs() < 1.0 && (y - py).abs() < 1.0)
        {
            continue;
        }
        let r = radius_px(place.mentions, max_mentions);
        let width = 0.6 * LABEL_PX * place.name.chars().count() as f64;
        let b = (
            px + r + 3.0,
            py - LABEL_PX / 2.0,
            px + r + 3.0 + width,
            py + LABEL_PX / 2.0,
        );
        // Circles do not block place names (a name beside its circle may cross a neighbour).
        if !free(&taken[circles..], b) {
            continue;
        }
        taken.push(b);
        named.push((px, py));
        let (cx, cy) = (frame.x(place.lon), frame.y(place.lat));
        let _ = write!(
            places,
            r#"<text x="{:.0}" y="{cy:.0}" data-x="{cx:.0}" data-r="{r:.1}">{}</text>"#,
            cx + (r + 3.0) * unit,
            escape(&place.name)
        );
    }
    places.push_str("</g>");
    let mut countries = format!(
        r#"<g class="country-names" font-size="{:.1}">"#,
        COUNTRY_LABEL_PX * unit
    );
    let mut by_size: Vec<(f64, f64, f64, &str)> = borders
        .countries()
        .iter()
        .filter_map(|c| {
            let outer = c
                .polygons
                .iter()
                .map(|p| &p[0])
                .max_by(|a, b| ring_area(a).total_cmp(&ring_area(b)))?;
            let (lon, lat) = centroid(outer)?;
            Some((ring_area(outer), lon, lat, c.name.as_str()))
        })
        .collect();
    by_size.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, lon, lat, name) in by_size {
        if !frame.shows(lon, lat) {
            continue;
        }
        let (px, py) = pixels(lon, lat);
        let half = 0.4 * COUNTRY_LABEL_PX * name.chars().count() as f64;
        let b = (
            px - half,
            py - COUNTRY_LABEL_PX,
            px + half,
            py + COUNTRY_LABEL_PX,
        );
        if !free(&taken, b) {
            continue;
        }
        taken.push(b);
        let _ = write!(
            countries,
            r#"<text x="{:.0}" y="{:.0}" text-anchor="middle">{}</text>"#,
            frame.x(lon),
            frame.y(lat),
            escape(&name.to_uppercase())
        );
    }
    countries.push_str("</g>");
    (places, countries)
}

/// Twice the signed area of a ring, made positive, in square degrees (enough to compare).
fn ring_area(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum::<f64>()
        .abs()
}

/// The centroid of a ring's area, `None` for a degenerate ring.
fn centroid(ring: &[[f64; 2]]) -> Option<(f64, f64)> {
    let (mut a, mut x, mut y) = (0.0, 0.0, 0.0);
    for w in ring.windows(2) {
        let cross = w[0][0] * w[1][1] - w[1][0] * w[0][1];
        a += cross;
        x += (w[0][0] + w[1][0]) * cross;
        y += (w[0][1] + w[1][1]) * cross;
    }
    (a.abs() > 1e-12).then(|| (x / (3.0 * a), y / (3.0 * a)))
}

/// Round legend values: the largest, about a fifth of it on a 1-2-5 step, and 1.
fn legend_values(max: u64) -> Vec<u64> {
    let fifth = max as f64 / 5.0;
    let magnitude = 10f64.powf(fifth.max(1.0).log10().floor());
    let nice = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|v| *v <= fifth)
        .unwrap_or(1.0) as u64;
    let mut values = vec![max, nice, 1];
    values.dedup();
    values.retain(|&v| v >= 1);
    values
}

/// The circle legend, bottom left, in pixels.
fn legend_circles(out: &mut String, picture: &Picture, max_mentions: u64, height: f64) {
    if picture.places.is_empty() && picture.zeros.is_empty() {
        return;
    }
    let values = legend_values(max_mentions);
    let big = radius_px(max_mentions, max_mentions);
    let rows = if picture.zeros.is_empty() { 0.0 } else { 20.0 };
    let box_height = 30.0 + 2.0 * big + 18.0 + rows;
    let mut x = 14.0;
    let _ = write!(
        out,
        r#"<g class="legend legend-circles" transform="translate(10 {:.0})"><rect class="legend-box" width="{:.0}" height="{box_height:.0}" rx="4"/><text x="10" y="18" class="legend-title">Mentions</text>"#,
        height - box_height - 10.0,
        (28.0
            + values
                .iter()
                .map(|&v| 2.0 * radius_px(v, max_mentions) + 16.0)
                .sum::<f64>())
        .max(if picture.zeros.is_empty() {
            120.0
        } else {
            250.0
        }),
    );
    let base = 28.0 + 2.0 * big;
    for &value in &values {
        let r = radius_px(value, max_mentions);
        let _ = write!(
            out,
            r#"<circle class="place" cx="{:.1}" cy="{:.1}" r="{r:.1}"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{value}</text>"#,
            x + r,
            base - r,
            x + r,
            base + 14.0
        );
        x += 2.0 * r + 16.0;
    }
    if !picture.zeros.is_empty() {
        let _ = write!(
            out,
            r#"<circle class="zero" cx="{:.1}" cy="{:.1}" r="{ZERO_RADIUS_PX}"/><text x="24" y="{:.1}">never mentioned ({} of {})</text>"#,
            14.0 + ZERO_RADIUS_PX,
            base + 30.0,
            base + 34.0,
            picture.zeros.len(),
            escape(&picture.scope.join(", "))
        );
    }
    out.push_str("</g>");
}

/// The choropleth legend, bottom left, in pixels (shown in the page's country view).
fn legend_countries(out: &mut String, picture: &Picture, height: f64) {
    let bounds = country_class_bounds(picture);
    let box_height = 30.0 + 18.0 * (bounds.len() as f64 + 1.0);
    let _ = write!(
        out,
        r#"<g class="legend legend-countries" transform="translate(10 {:.0})"><rect class="legend-box" width="230" height="{box_height:.0}" rx="4"/><text x="10" y="18" class="legend-title">Mentions of a country and its places</text>"#,
        height - box_height - 10.0,
    );
    let mut low = 1;
    let mut y = 28.0;
    for (k, &high) in bounds.iter().enumerate() {
        let range = if low == high {
            format!("{low}")
        } else {
            format!("{low}–{high}")
        };
        let _ = write!(
            out,
            r#"<rect x="10" y="{y:.0}" width="22" height="13" fill="{}" class="swatch"/><text x="40" y="{:.0}">{range}</text>"#,
            shade(k, bounds.len()),
            y + 11.0
        );
        low = high + 1;
        y += 18.0;
    }
    let _ = write!(
        out,
        r#"<rect x="10" y="{y:.0}" width="22" height="13" class="swatch country"/><text x="40" y="{:.0}">none</text></g>"#,
        y + 11.0
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_step_on_a_log_scale_and_end_at_the_maximum() {
        assert_eq!(class_bounds(98), vec![2, 6, 15, 39, 98]);
        assert_eq!(class_bounds(3), vec![1, 2, 3]);
        assert_eq!(class_bounds(1), vec![1]);
        assert!(class_bounds(0).is_empty());
    }

    #[test]
    fn legend_values_are_round() {
        assert_eq!(legend_values(45), vec![45, 5, 1]);
        assert_eq!(legend_values(120), vec![120, 20, 1]);
        assert_eq!(legend_values(1), vec![1]);
        assert_eq!(legend_values(4), vec![4, 1]);
    }
}
