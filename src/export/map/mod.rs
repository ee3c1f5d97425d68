//! `map.html` and `map.svg`: a map people can read, in one self-contained offline file.
//!
//! Country borders and coastlines ([`crate::borders`], Natural Earth), the view fitted to the
//! region holding most mentions, one circle per place with its area proportional to
//! its mentions and a legend, hollow markers for the places of an audit scope never mentioned,
//! and a choropleth of mentions by country. `map.html` adds zoom, pan, tooltips and a table with
//! a little hand-written JavaScript; `map.svg` is the same picture for reports. Neither loads
//! anything: the page forbids it (`Content-Security-Policy: default-src 'none'`).

mod draw;
mod frame;
mod page;

use std::collections::BTreeMap;

use crate::borders::Borders;
use crate::count::Counts;
use crate::gazetteer::{EntityKind, Gazetteer};

/// One marker: a place with its counts.
#[derive(Debug, Clone, PartialEq)]
struct Marker {
    name: String,
    country_code: Option<String>,
    feature_code: Option<String>,
    lon: f64,
    lat: f64,
    mentions: u64,
    documents: u64,
    spellings: String,
}

impl Marker {
    /// `AZ, PPLA`: what kind of place, for the tooltip; a physical feature's kind in words
    /// (`GE, STM river`), since its marker stands for a line or an area.
    fn what(&self) -> String {
        let code = self.feature_code.as_deref().map(|code| {
            match crate::resolve::FeatureKind::describe(code) {
                Some(kind) => format!("{code} {kind}"),
                None => code.to_string(),
            }
        });
        [self.country_code.clone(), code]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Mentions of a country: of the country itself, and of the places filed under it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct CountryMentions {
    own: u64,
    places: u64,
}

impl CountryMentions {
    fn total(&self) -> u64 {
        self.own + self.places
    }
}

/// What the map shows: the mentioned places and, for an audit, the places never mentioned.
#[derive(Debug, Clone)]
pub struct Picture {
    title: String,
    documents: u64,
    gazetteer: String,
    /// Mentioned places, most mentioned first.
    places: Vec<Marker>,
    /// Places of the audit scope never mentioned.
    zeros: Vec<Marker>,
    /// The scope's countries, when there is one.
    scope: Vec<String>,
    /// Mentions per ISO 3166-1 alpha-2 code.
    countries: BTreeMap<String, CountryMentions>,
}

impl Picture {
    /// The mentioned places of `counts` (those with coordinates), under a title.
    pub fn new(counts: &Counts, title: &str) -> Picture {
        let mut places = Vec::new();
        let mut countries: BTreeMap<String, CountryMentions> = BTreeMap::new();
        for c in counts.ranked(EntityKind::Place) {
            let (Some(lon), Some(lat)) = (c.lon, c.lat) else {
                continue;
            };
            // A river or a range crosses borders: the country of its point is no country it is
            // a place of, and the choropleth leaves it out (its marker stays).
            let physical = c
                .feature_code
                .as_deref()
                .is_some_and(|f| crate::resolve::FeatureKind::of_code(f).is_some());
            if let Some(cc) = c.country_code.as_ref().filter(|_| !physical) {
                let entry = countries.entry(cc.to_ascii_uppercase()).or_default();
                if c.feature_code.as_deref().is_some_and(is_country) {
                    entry.own += c.mentions;
                } else {
                    entry.places += c.mentions;
                }
            }
            places.push(Marker {
                name: c.name.clone(),
                country_code: c.country_code.clone(),
                feature_code: c.feature_code.clone(),
                lon,
                lat,
                mentions: c.mentions,
                documents: c.documents,
                spellings: super::spellings(&c.variants),
            });
        }
        Picture {
            title: title.to_string(),
            documents: counts.documents,
            gazetteer: counts.gazetteer.clone(),
            places,
            zeros: Vec::new(),
            scope: Vec::new(),
            countries,
        }
    }

    /// Adds the places of these countries (ISO alpha-2) the counts never mention, drawn as
    /// hollow markers: the audit's zeros.
    pub fn with_scope(mut self, counts: &Counts, gazetteer: &Gazetteer, scope: &[String]) -> Self {
        self.zeros = gazetteer
            .entities()
            .iter()
            .filter(|e| e.kind == EntityKind::Place)
            .filter(|e| {
                e.country_code
                    .as_ref()
                    .is_some_and(|cc| scope.iter().any(|s| s.eq_ignore_ascii_case(cc)))
            })
            .filter(|e| {
                counts
                    .entities
                    .get(e.id.0.as_str())
                    .is_none_or(|c| c.mentions == 0)
            })
            .filter_map(|e| {
                let point = e.point?;
                Some(Marker {
                    name: e.name.to_string(),
                    country_code: e.country_code.as_deref().map(str::to_string),
                    feature_code: e.feature_code.as_deref().map(str::to_string),
                    lon: point.lon,
                    lat: point.lat,
                    mentions: 0,
                    documents: 0,
                    spellings: String::new(),
                })
            })
            .collect();
        self.scope = scope.iter().map(|s| s.to_ascii_uppercase()).collect();
        self
    }

    /// Number of place markers drawn (mentioned places and zeros).
    pub fn markers(&self) -> usize {
        self.places.len() + self.zeros.len()
    }

    /// The interactive page, `map.html`.
    pub fn html(&self) -> String {
        page::html(self, Borders::embedded())
    }

    /// The static picture, `map.svg`.
    pub fn svg(&self) -> String {
        draw::svg(self, Borders::embedded(), draw::Target::File)
    }
}

/// Whether a GeoNames feature code names a country (`PCLI`, `PCLD`, `PCLF`, `PCLS`, `PCLIX`,
/// `PCL`; not `PCLH`, a historical one, drawn where its borders no longer are).
fn is_country(code: &str) -> bool {
    code.starts_with("PCL") && code != "PCLH"
}

/// Escapes text for HTML and SVG content and attributes.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::EntityId;
    use crate::mention::{Mention, Method};

    fn mention(name: &str, surface: &str, cc: &str, code: &str, lon: f64, lat: f64) -> Mention {
        Mention {
            entity_id: Some(EntityId(format!("t:{name}").into())),
            name: name.into(),
            lon: Some(lon),
            lat: Some(lat),
            country_code: Some(cc.into()),
            feature_code: Some(code.into()),
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

    fn counts() -> Counts {
        let mut counts = Counts::new("abc");
        counts.add_document(
            "d",
            &[
                mention("Shusha", "Şuşa", "AZ", "PPLA", 46.75, 39.76),
                mention("Shusha", "Shushi", "AZ", "PPLA", 46.75, 39.76),
                mention("Azerbaijan", "Azerbaijan", "AZ", "PCLI", 47.67, 40.33),
                mention("A<b>&c", "A<b>&c", "AM", "PPL", 44.5, 40.2),
            ],
        );
        counts
    }

    /// The values of `attribute` on the elements of `class` in `svg` that have it.
    fn values<'a>(svg: &'a str, class: &str, attribute: &str) -> Vec<&'a str> {
        svg.split(&format!(r#"class="{class}""#))
            .skip(1)
            .filter_map(|rest| {
                let rest = &rest[..rest.find('>').unwrap()];
                let at = rest.find(&format!(r#" {attribute}=""#))? + attribute.len() + 3;
                Some(&rest[at..at + rest[at..].find('"').unwrap()])
            })
            .collect()
    }

    #[test]
    fn the_page_draws_borders_one_circle_per_place_offline_and_escaped() {
        let picture = Picture::new(&counts(), "Test <layer>");
        let html = picture.html();
        assert_eq!(values(&html, "place", "data-m"), ["2", "1", "1"]);
        assert!(html.contains(r#"data-name="Shusha" data-what="AZ, PPLA" data-m="2" data-d="1" data-s="Shushi (1); Şuşa (1)""#));
        assert!(html.contains("A&lt;b&gt;&amp;c") && !html.contains("A<b>&c"));
        assert!(html.contains("<title>Test &lt;layer&gt;</title>"));
        for reference in ["http:", "https:", "src=", "href=", "url("] {
            assert!(
                !html.contains(reference),
                "no network references: {reference}"
            );
        }
        assert!(
            html.contains("default-src 'none'"),
            "the page forbids loading anything"
        );
        let countries = html.matches(r#"<path class="country"#).count();
        assert_eq!(countries, Borders::embedded().countries().len());
        // Azerbaijan is shaded by its own mention and Shusha's; Armenia by one place.
        let azerbaijan = html
            .split(r#"data-name="Azerbaijan" data-own"#)
            .next()
            .unwrap();
        let class = &azerbaijan[azerbaijan.rfind("class=\"").unwrap()..];
        assert!(
            class.starts_with(r#"class="country q5""#),
            "{}",
            &class[..30]
        );
        assert!(html.contains(r#"data-name="Armenia" data-own="0" data-places="1""#));
        // Shusha lies inside the fitted view, [lon, lat] not swapped.
        let fit: Vec<f64> = values(&html, "map", "viewBox")
            .iter()
            .flat_map(|v| v.split(' ').map(|n| n.parse::<f64>().unwrap()))
            .collect();
        assert_eq!(fit[..2], [0.0, 0.0]);
        let view = html.split(r#"<svg id="view""#).nth(1).unwrap();
        let vb: Vec<f64> = view
            .split(r#"viewBox=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        let cx: f64 = values(&html, "place", "cx")[0].parse().unwrap();
        let cy: f64 = values(&html, "place", "cy")[0].parse().unwrap();
        assert!((vb[0]..vb[0] + vb[2]).contains(&cx) && (vb[1]..vb[1] + vb[3]).contains(&cy));
        assert!(
            cy < -3900.0 && cy > -4000.0,
            "y is minus the latitude in hundredths: {cy}"
        );
    }

    #[test]
    fn a_scope_adds_hollow_markers_for_the_places_never_mentioned() {
        let gazetteer = Gazetteer::embedded().unwrap();
        let counts = counts();
        let picture = Picture::new(&counts, "t").with_scope(&counts, &gazetteer, &["am".into()]);
        assert!(picture.zeros.len() > 100, "every Armenian place");
        assert!(picture
            .zeros
            .iter()
            .all(|z| z.country_code.as_deref() == Some("AM")));
        assert!(picture.zeros.iter().any(|z| z.name == "Goris"));
        let svg = picture.svg();
        assert_eq!(
            svg.matches(r#"<circle class="zero""#).count(),
            picture.zeros.len() + 1,
            "and the legend's"
        );
        assert!(svg.contains("never mentioned (") && svg.contains(" of AM)"));
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
        assert!(svg.contains("<title>Goris (AM, "));
        assert_eq!(picture.markers(), picture.zeros.len() + 3);
    }
}
