//! `map.html`: a self-contained offline preview of the places layer.
//!
//! One file, no network, no CDN: an SVG in plate carrée (x = longitude, y = latitude) framed on
//! the mentioned places, a graticule every 10° or 30° for orientation, one circle per place with
//! area proportional to its mentions, a tooltip with its spellings, and a table below. It is a
//! check of the output, not a GIS: open `places.geojson` in QGIS or kepler.gl for real maps.

use std::fmt::Write;

use crate::count::{Counts, EntityCount};
use crate::gazetteer::EntityKind;

/// Width of the SVG drawing, in user units (it scales to the page).
const WIDTH: f64 = 1000.0;

/// How many places get a label on the map (all are in the table).
const MAX_LABELS: usize = 12;

/// The largest circle's radius, in the drawing's units.
const MAX_RADIUS: f64 = 40.0;

/// Escapes text for HTML content and attributes.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders the preview page.
pub fn page(counts: &Counts, title: &str) -> String {
    let places: Vec<&EntityCount> = counts
        .ranked(EntityKind::Place)
        .into_iter()
        .filter(|c| c.lon.is_some() && c.lat.is_some())
        .collect();
    // Frame: the places' bounding box with a margin, at least 20 degrees wide and tall.
    let (mut west, mut east, mut south, mut north) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
    for c in &places {
        let (lon, lat) = (c.lon.unwrap_or(0.0), c.lat.unwrap_or(0.0));
        west = west.min(lon);
        east = east.max(lon);
        south = south.min(lat);
        north = north.max(lat);
    }
    if places.is_empty() {
        (west, east, south, north) = (-180.0, 180.0, -90.0, 90.0);
    }
    let grow = |lo: f64, hi: f64, min_span: f64, limit: f64| {
        let span = (hi - lo).max(min_span) * 1.15;
        let mid = (lo + hi) / 2.0;
        (
            (mid - span / 2.0).max(-limit),
            (mid + span / 2.0).min(limit),
        )
    };
    let (west, east) = grow(west, east, 20.0, 180.0);
    // Keep the frame from becoming a strip: at least half as tall as it is wide.
    let (south, north) = grow(south, north, ((east - west) / 2.0).min(180.0), 90.0);
    let scale = WIDTH / (east - west);
    let height = (north - south) * scale;
    let x = |lon: f64| (lon - west) * scale;
    let y = |lat: f64| (north - lat) * scale;
    let max_mentions = places.iter().map(|c| c.mentions).max().unwrap_or(1).max(1) as f64;

    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg viewBox="0 0 {WIDTH:.1} {height:.1}" role="img" aria-label="Mentioned places"><rect width="100%" height="100%" fill="#eef3f7"/>"##
    );
    let step = if east - west > 90.0 { 30.0 } else { 10.0 };
    let mut lon = (west / step).ceil() * step;
    while lon <= east {
        let _ = write!(
            svg,
            r##"<line x1="{0:.1}" y1="0" x2="{0:.1}" y2="{height:.1}" class="grid"/><text x="{1:.1}" y="{2:.1}" class="grid-label">{3:.0}°</text>"##,
            x(lon),
            x(lon) + 2.0,
            height - 4.0,
            lon + 0.0
        );
        lon += step;
    }
    let mut lat = (south / step).ceil() * step;
    while lat <= north {
        let _ = write!(
            svg,
            r##"<line x1="0" y1="{0:.1}" x2="{WIDTH:.1}" y2="{0:.1}" class="grid"/><text x="2" y="{1:.1}" class="grid-label">{2:.0}°</text>"##,
            y(lat),
            y(lat) - 2.0,
            lat + 0.0
        );
        lat += step;
    }
    // Biggest first, so small circles stay on top and clickable.
    let mut labels: Vec<(f64, f64, f64)> = Vec::new();
    for c in &places {
        let radius = (MAX_RADIUS * (c.mentions as f64 / max_mentions).sqrt()).max(3.0);
        let (cx, cy) = (x(c.lon.unwrap_or(0.0)), y(c.lat.unwrap_or(0.0)));
        let tip = format!(
            "{}: {} mentions in {} documents; {}",
            c.name,
            c.mentions,
            c.documents,
            super::spellings(&c.variants)
        );
        let _ = write!(
            svg,
            r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="{radius:.1}" class="place"><title>{}</title></circle>"##,
            escape(&tip)
        );
        // Labels for the biggest places only, and never over another label.
        let (lx, ly) = (cx + radius + 2.0, cy);
        let label_width = 7.0 * c.name.chars().count() as f64;
        let clear = labels.iter().all(|&(x0, y0, w): &(f64, f64, f64)| {
            lx + label_width < x0 || x0 + w < lx || (ly - y0).abs() > 14.0
        });
        if labels.len() < MAX_LABELS && clear {
            labels.push((lx, ly, label_width));
            let _ = write!(
                svg,
                r##"<text x="{lx:.1}" y="{ly:.1}" class="label">{}</text>"##,
                escape(&c.name)
            );
        }
    }
    svg.push_str("</svg>");

    let mut rows = String::new();
    for c in &places {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td><td>{}</td></tr>",
            escape(&c.name),
            escape(c.country_code.as_deref().unwrap_or("")),
            c.mentions,
            c.documents,
            escape(&super::spellings(&c.variants))
        );
    }
    format!(
        r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d2933; }}
svg {{ width: 100%; max-width: 1100px; border: 1px solid #c9d3db; }}
.grid {{ stroke: #c9d3db; stroke-width: 0.6; }}
.grid-label {{ fill: #7d8b96; font-size: 10px; }}
.place {{ fill: #d9480f; fill-opacity: 0.55; stroke: #7a2a08; stroke-width: 1; }}
.place:hover {{ fill-opacity: 0.85; }}
.label {{ fill: #1d2933; font-size: 12px; dominant-baseline: middle; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
td, th {{ border-bottom: 1px solid #e1e7ec; padding: 3px 10px; text-align: left; }}
.n {{ text-align: right; }}
</style></head><body>
<h1>{title}</h1>
<p>{places} places mentioned in {documents} documents. Circle area is proportional to mentions; hover for spellings.
Gazetteer {gazetteer}. A preview: open <code>places.geojson</code> in a GIS for real maps.</p>
{svg}
<table><thead><tr><th>place</th><th>country</th><th class=n>mentions</th><th class=n>documents</th><th>spellings</th></tr></thead>
<tbody>{rows}</tbody></table>
</body></html>
"##,
        title = escape(title),
        places = places.len(),
        documents = counts.documents,
        gazetteer = escape(&counts.gazetteer),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::EntityId;
    use crate::mention::{Mention, Method};

    fn mention(name: &str, surface: &str, lon: f64, lat: f64) -> Mention {
        Mention {
            entity_id: Some(EntityId(format!("t:{name}"))),
            name: name.into(),
            lon: Some(lon),
            lat: Some(lat),
            country_code: Some("AZ".into()),
            ..Mention::new(
                "d",
                0,
                surface.len(),
                surface,
                EntityKind::Place,
                Method::Exact,
            )
        }
    }

    #[test]
    fn draws_one_circle_per_place_offline_and_escaped() {
        let mut counts = Counts::new("abc");
        counts.add_document(
            "d",
            &[
                mention("Shusha", "Şuşa", 46.75, 39.76),
                mention("Shusha", "Shushi", 46.75, 39.76),
                mention("A<b>&c", "A<b>&c", 49.9, 40.4),
            ],
        );
        let html = page(&counts, "Test <layer>");
        assert_eq!(html.matches("<circle").count(), 2);
        assert!(html.contains("Shusha: 2 mentions in 1 documents; Shushi (1); Şuşa (1)"));
        assert!(html.contains("A&lt;b&gt;&amp;c") && !html.contains("A<b>&c"));
        assert!(html.contains("<title>Test &lt;layer&gt;</title>"));
        assert!(!html.contains("http"), "no network references");
        // Shusha (east of the frame's west edge, south of its north edge) lies inside the frame.
        let circle = html.split("<circle ").nth(1).unwrap();
        let cx: f64 = circle
            .split("cx=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=WIDTH).contains(&cx));
    }
}
