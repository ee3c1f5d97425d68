//! Country outlines shipped with the binary: Natural Earth 1:110m Admin 0 countries (public
//! domain), as `data/naturalearth/build-countries.py` writes them (shared with the per-country
//! layer).
//!
//! The map draws them as borders and coastlines and shades them by mentions; a per-country
//! layer can join them to counts through [`Country::iso_a2`], the code the gazetteer uses.
//!
//! ```
//! let borders = mentionmap::borders::Borders::embedded();
//! let armenia = borders.by_iso_a2("AM").expect("Armenia is in Natural Earth");
//! assert_eq!(armenia.name, "Armenia");
//! ```

use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::{Error, Result};

/// The shipped outlines, a GeoJSON FeatureCollection of Polygons and MultiPolygons in
/// `[lon, lat]`.
pub const EMBEDDED_BORDERS: &str = include_str!("../data/naturalearth/countries-110m.geojson");

/// A ring of `[lon, lat]` positions, first and last equal.
pub type Ring = Vec<[f64; 2]>;

/// One country (or Natural Earth unit: Northern Cyprus, Somaliland) and its outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// Natural Earth's `ADM0_A3` code, unique per feature (`ARM`, `CYN`).
    pub id: String,
    /// ISO 3166-1 alpha-2 code, `None` for units without one (Northern Cyprus).
    pub iso_a2: Option<String>,
    /// ISO 3166-1 alpha-3 code, when it has one.
    pub iso_a3: Option<String>,
    /// English short name.
    pub name: String,
    /// Polygons, each an outer ring followed by its holes.
    pub polygons: Vec<Vec<Ring>>,
}

/// The outlines of the world's countries.
#[derive(Debug, Clone, PartialEq)]
pub struct Borders {
    countries: Vec<Country>,
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    geometry: Geometry,
    properties: Properties,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Ring>),
    MultiPolygon(Vec<Vec<Ring>>),
}

#[derive(Deserialize)]
struct Properties {
    iso_a2: Option<String>,
    iso_a3: Option<String>,
    adm0_a3: String,
    name: String,
}

impl Borders {
    /// The outlines shipped in `data/naturalearth/countries-110m.geojson`, parsed once.
    ///
    /// # Panics
    /// Never in a released binary: the embedded file is checked by a unit test.
    pub fn embedded() -> &'static Borders {
        static BORDERS: OnceLock<Borders> = OnceLock::new();
        BORDERS.get_or_init(|| {
            Borders::from_geojson(
                Path::new("data/naturalearth/countries-110m.geojson"),
                EMBEDDED_BORDERS,
            )
            .expect("the embedded borders parse (tested)")
        })
    }

    /// Parses outlines in the shipped format: a FeatureCollection of Polygons and MultiPolygons
    /// with `iso_a2`, `iso_a3`, `adm0_a3` and `name` properties.
    ///
    /// # Errors
    /// [`Error::Json`] with the line when the text is not such a collection, and when a position
    /// is out of range (`path` names the source in messages only).
    pub fn from_geojson(path: &Path, text: &str) -> Result<Borders> {
        let collection: Collection = serde_json::from_str(text).map_err(|e| Error::Json {
            path: path.to_path_buf(),
            line: e.line() as u64,
            message: e.to_string(),
        })?;
        let mut countries = Vec::with_capacity(collection.features.len());
        for feature in collection.features {
            let polygons = match feature.geometry {
                Geometry::Polygon(rings) => vec![rings],
                Geometry::MultiPolygon(polygons) => polygons,
            };
            let id = feature.properties.adm0_a3;
            let bad = polygons.iter().flatten().flatten().find(|[lon, lat]| {
                !(-180.0..=180.0).contains(lon) || !(-90.0..=90.0).contains(lat)
            });
            if let Some([lon, lat]) = bad {
                return Err(Error::Json {
                    path: path.to_path_buf(),
                    line: 0,
                    message: format!(
                        "{}: position [{lon}, {lat}] is out of range (expected [lon, lat])",
                        id
                    ),
                });
            }
            countries.push(Country {
                id,
                iso_a2: feature.properties.iso_a2,
                iso_a3: feature.properties.iso_a3,
                name: feature.properties.name,
                polygons,
            });
        }
        Ok(Borders { countries })
    }

    /// Every country, in the file's order.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// The country with this ISO 3166-1 alpha-2 code (any case).
    pub fn by_iso_a2(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| {
            c.iso_a2
                .as_deref()
                .is_some_and(|a2| a2.eq_ignore_ascii_case(code))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_borders_parse_with_codes_and_lon_lat_order() {
        let borders = Borders::embedded();
        assert!(borders.countries().len() > 170);
        // Yerevan (44.51 E, 40.18 N) lies inside Armenia's box, so the order is [lon, lat].
        let armenia = borders.by_iso_a2("am").unwrap();
        let ring = &armenia.polygons[0][0];
        let (lons, lats): (Vec<f64>, Vec<f64>) = ring.iter().map(|p| (p[0], p[1])).unzip();
        let within = |v: &[f64], x: f64| {
            v.iter().cloned().fold(f64::MAX, f64::min) < x
                && x < v.iter().cloned().fold(f64::MIN, f64::max)
        };
        assert!(within(&lons, 44.51) && within(&lats, 40.18));
        assert_eq!(ring.first(), ring.last(), "rings are closed");
        // Natural Earth writes -99 for France's code; the build script restores FR.
        assert_eq!(borders.by_iso_a2("FR").unwrap().id, "FRA");
    }

    #[test]
    fn a_swapped_position_is_an_error_that_names_the_country() {
        let text = r#"{"features":[{"geometry":{"type":"Polygon","coordinates":[[[10,100],[0,0],[10,100]]]},
            "properties":{"iso_a2":null,"iso_a3":null,"adm0_a3":"X","name":"X"}}]}"#;
        let err = Borders::from_geojson(Path::new("b.geojson"), text).unwrap_err();
        assert!(err
            .to_string()
            .contains("X: position [10, 100] is out of range"));
    }
}
