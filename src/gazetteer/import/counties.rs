//! Every US county, from the Census Bureau's cartographic boundaries as the npm package us-atlas
//! ships them (TopoJSON, `counties-10m.json` and `states-10m.json`; issue 28).
//!
//! GeoNames' `admin2Codes.txt` names every county but gives no point, so the importer keeps only
//! the counties some imported place names as its admin2 (930 of 3,142): "Laurel County" and
//! "Edgar County", news in their papers, were never found. Each county polygon gives a point
//! inside it (not its centroid, which a crescent-shaped county can lie outside of) and its state
//! (the first two digits of its FIPS code, named in the states file), so every county becomes a
//! second-order division of its state: a county GeoNames already gave takes the polygon's point,
//! the others are added as `fips:<code>`.
//!
//! Not counties in the usual sense, and left out: Virginia's independent cities and the other
//! county-equivalent cities (county code 500 and up: "Alexandria" is the city, which the place
//! dumps have), Alaska's boroughs and census areas (named like their towns), the District of
//! Columbia, and the territories (their own countries in GeoNames).
//!
//! TopoJSON (<https://github.com/topojson/topojson-specification>): coordinates are quantized
//! integers, delta-encoded along each arc, and turned into longitude and latitude by the
//! topology's `transform`; a polygon's rings are lists of arc indexes, `!i` (that is `-i - 1`)
//! for arc `i` reversed, each arc's first point repeating the previous arc's last.

use super::*;

/// The counties file of the us-atlas directory.
pub const US_COUNTIES_FILE: &str = "counties-10m.json";

/// The states file of the us-atlas directory.
pub const US_STATES_FILE: &str = "states-10m.json";

/// County codes from this number up are cities that are their own county (Virginia's, Baltimore,
/// St. Louis, Carson City): the Census numbers them so.
const INDEPENDENT_CITY_CODES: u32 = 500;

/// States whose counties are not written "X County": Louisiana's parishes; Alaska's boroughs and
/// census areas are left out (see the module documentation), as is the District of Columbia.
fn county_word(state_fips: &str) -> Option<&'static str> {
    match state_fips {
        "22" => Some("Parish"),
        "02" | "11" => None,
        _ => Some("County"),
    }
}

/// How many US counties the importer placed ([`ImportOptions::us_counties`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CountyCounts {
    /// Counties GeoNames had, which took the polygon's point.
    pub placed: usize,
    /// Counties added from the Census boundaries alone.
    pub added: usize,
    /// Counties left out: independent cities, Alaska's, the territories', or a state the
    /// gazetteer's first-order divisions do not name.
    pub skipped: usize,
}

/// One county: its FIPS code, name as the Census writes it ("Laurel"), and a point inside it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct County {
    pub(super) fips: String,
    pub(super) name: String,
    pub(super) point: (f64, f64),
}

#[derive(Deserialize)]
struct Topology {
    transform: Transform,
    objects: HashMap<String, GeometryCollection>,
    arcs: Vec<Vec<[i64; 2]>>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct GeometryCollection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    arcs: serde_json::Value,
    id: Option<String>,
    #[serde(default)]
    properties: HashMap<String, serde_json::Value>,
}

impl Topology {
    fn read(path: &Path) -> Result<Topology> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        serde_json::from_str(&text)
            .map_err(|e| Error::bad_row(path, e.line() as u64, format!("not TopoJSON: {e}")))
    }

    /// The arcs in longitude and latitude (quantized deltas decoded).
    fn decoded_arcs(&self) -> Vec<Vec<Coord<f64>>> {
        let [sx, sy] = self.transform.scale;
        let [tx, ty] = self.transform.translate;
        self.arcs
            .iter()
            .map(|arc| {
                let (mut x, mut y) = (0i64, 0i64);
                arc.iter()
                    .map(|[dx, dy]| {
                        x += dx;
                        y += dy;
                        Coord {
                            x: x as f64 * sx + tx,
                            y: y as f64 * sy + ty,
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// The named object's geometries (`counties`, `states`).
    fn geometries(&self, path: &Path, name: &str) -> Result<&[Geometry]> {
        self.objects
            .get(name)
            .map(|o| o.geometries.as_slice())
            .ok_or_else(|| Error::bad_row(path, 0, format!("no object {name:?} in the topology")))
    }
}

/// A ring from its arc indexes: each arc's points, reversed for `!i`, the shared point once.
fn ring(arcs: &[Vec<Coord<f64>>], indexes: &[i64]) -> Option<geo::LineString<f64>> {
    let mut points: Vec<Coord<f64>> = Vec::new();
    for &i in indexes {
        let (arc, reversed) = if i >= 0 {
            (arcs.get(usize::try_from(i).ok()?)?, false)
        } else {
            (arcs.get(usize::try_from(!i).ok()?)?, true)
        };
        let mut part: Vec<Coord<f64>> = arc.clone();
        if reversed {
            part.reverse();
        }
        let skip = usize::from(!points.is_empty());
        points.extend(part.into_iter().skip(skip));
    }
    (points.len() >= 4).then(|| geo::LineString::new(points))
}

/// A geometry's polygons (a `Polygon`'s or a `MultiPolygon`'s arcs: rings of arc indexes).
fn polygons(arcs: &[Vec<Coord<f64>>], geometry: &Geometry) -> Option<MultiPolygon<f64>> {
    let as_rings = |value: &serde_json::Value| -> Option<Vec<Vec<i64>>> {
        serde_json::from_value(value.clone()).ok()
    };
    let polygon = |rings: Vec<Vec<i64>>| -> Option<Polygon<f64>> {
        let mut rings = rings.iter().map(|r| ring(arcs, r));
        let outer = rings.next()??;
        let holes: Option<Vec<_>> = rings.collect();
        Some(Polygon::new(outer, holes?))
    };
    let list: Vec<Polygon<f64>> = match geometry.kind.as_str() {
        "Polygon" => vec![polygon(as_rings(&geometry.arcs)?)?],
        "MultiPolygon" => {
            let parts: Vec<Vec<Vec<i64>>> = serde_json::from_value(geometry.arcs.clone()).ok()?;
            parts.into_iter().map(polygon).collect::<Option<_>>()?
        }
        _ => return None,
    };
    Some(MultiPolygon::new(list))
}

/// A point inside the largest part of `shape` (islands off a county do not pull it to sea).
fn point_inside(shape: &MultiPolygon<f64>) -> Option<(f64, f64)> {
    let largest = shape
        .0
        .iter()
        .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    let point = largest.interior_point()?;
    Some((point.x(), point.y()))
}

/// Reads the counties and the states' names (by two-digit FIPS code) of a us-atlas directory.
///
/// # Errors
/// A file that is missing or not TopoJSON with `counties` and `states` objects.
pub(super) fn read_us_counties(dir: &Path) -> Result<(Vec<County>, HashMap<String, String>)> {
    let states_path = dir.join(US_STATES_FILE);
    let states = Topology::read(&states_path)?;
    let state_names: HashMap<String, String> = states
        .geometries(&states_path, "states")?
        .iter()
        .filter_map(|g| {
            let name = g.properties.get("name")?.as_str()?;
            Some((g.id.clone()?, name.to_string()))
        })
        .collect();
    let counties_path = dir.join(US_COUNTIES_FILE);
    let topology = Topology::read(&counties_path)?;
    let arcs = topology.decoded_arcs();
    let mut counties = Vec::new();
    for geometry in topology.geometries(&counties_path, "counties")? {
        let (Some(fips), Some(name)) = (
            geometry.id.as_deref(),
            geometry.properties.get("name").and_then(|n| n.as_str()),
        ) else {
            continue;
        };
        let Some(point) = polygons(&arcs, geometry).as_ref().and_then(point_inside) else {
            continue;
        };
        counties.push(County {
            fips: fips.to_string(),
            name: name.to_string(),
            point,
        });
    }
    Ok((counties, state_names))
}

/// Adds the counties to `emitted` as second-order divisions of their states (`divisions`: the
/// first-order divisions read from GeoNames, whose US names match the states file's): a county
/// GeoNames gave (same state, same name) takes the polygon's point, the others are added.
pub(super) fn emit_us_counties(
    emitted: &mut Vec<(EntityRecord, Vec<(String, &'static str)>)>,
    counties: Vec<County>,
    state_names: &HashMap<String, String>,
    divisions: &[Division],
) -> CountyCounts {
    let admin1_of_state: HashMap<String, &str> = divisions
        .iter()
        .filter(|d| d.country_code == "US")
        .map(|d| (normalize(&d.name), d.code.as_str()))
        .collect();
    let mut existing: HashMap<(String, String), usize> = HashMap::new();
    for (i, (record, _)) in emitted.iter().enumerate() {
        if record.country_code == "US" && record.feature_code == "ADM2" {
            existing.insert((record.admin1_code.clone(), normalize(&record.name)), i);
        }
    }
    let mut counts = CountyCounts::default();
    for county in counties {
        let (state, code) = county.fips.split_at(county.fips.len().min(2));
        let admin1 = state_names
            .get(state)
            .and_then(|name| admin1_of_state.get(&normalize(name)));
        let word = county_word(state);
        let independent_city = code
            .parse::<u32>()
            .is_ok_and(|c| c >= INDEPENDENT_CITY_CODES);
        let (Some(admin1), Some(word), false) = (admin1, word, independent_city) else {
            counts.skipped += 1;
            continue;
        };
        let name = format!("{} {word}", county.name);
        let (lon, lat) = county.point;
        if let Some(&i) = existing.get(&(admin1.to_string(), normalize(&name))) {
            emitted[i].0.longitude = Some(lon);
            emitted[i].0.latitude = Some(lat);
            counts.placed += 1;
            continue;
        }
        emitted.push((
            EntityRecord {
                entity_id: format!("fips:{}", county.fips),
                kind: "place".into(),
                name: name.clone(),
                latitude: Some(lat),
                longitude: Some(lon),
                country_code: "US".into(),
                feature_code: "ADM2".into(),
                population: 0,
                admin1_code: admin1.to_string(),
                scalerank: None,
            },
            vec![(name, "preferred")],
        ));
        counts.added += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A topology of two squares sharing an edge, as TopoJSON writes it: quantized, delta-encoded
    /// arcs, the shared one reversed (`-1` is `!0`) in the second square.
    const TWO_SQUARES: &str = r#"{"type":"Topology",
      "transform":{"scale":[0.5,0.25],"translate":[-90,30]},
      "objects":{"counties":{"type":"GeometryCollection","geometries":[
        {"type":"Polygon","arcs":[[0,1]],"id":"21125","properties":{"name":"Laurel"}},
        {"type":"Polygon","arcs":[[-1,2]],"id":"51510","properties":{"name":"Alexandria"}}]}},
      "arcs":[[[2,0],[0,4]],[[2,4],[-2,0],[0,-4],[2,0]],[[2,0],[2,0],[0,4],[-2,0]]]}"#;

    #[test]
    fn arcs_decode_to_closed_rings_with_a_point_inside() {
        let topology: Topology = serde_json::from_str(TWO_SQUARES).unwrap();
        let arcs = topology.decoded_arcs();
        // The first arc: (2,0) then +(0,4), scaled and translated.
        assert_eq!(arcs[0][0], Coord { x: -89.0, y: 30.0 });
        assert_eq!(arcs[0][1], Coord { x: -89.0, y: 31.0 });
        let geometries = &topology.objects["counties"].geometries;
        for (geometry, (west, east)) in geometries.iter().zip([(-90.0, -89.0), (-89.0, -88.0)]) {
            let shape = polygons(&arcs, geometry).expect("a polygon");
            let ring = &shape.0[0].exterior().0;
            assert_eq!(ring.first(), ring.last(), "closed");
            let (lon, lat) = point_inside(&shape).expect("a point");
            assert!(
                lon > west && lon < east && lat > 30.0 && lat < 31.0,
                "{lon},{lat}"
            );
        }
    }

    #[test]
    fn counties_join_their_state_and_independent_cities_stay_out() {
        let counties = vec![
            County {
                fips: "21125".into(),
                name: "Laurel".into(),
                point: (-84.1, 37.1),
            },
            County {
                fips: "51510".into(),
                name: "Alexandria".into(),
                point: (-77.1, 38.8),
            },
            County {
                fips: "22071".into(),
                name: "Orleans".into(),
                point: (-90.0, 30.0),
            },
            County {
                fips: "13151".into(),
                name: "Henry".into(),
                point: (-84.2, 33.45),
            },
        ];
        let states: HashMap<String, String> = [
            ("21", "Kentucky"),
            ("51", "Virginia"),
            ("22", "Louisiana"),
            ("13", "Georgia"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .into_iter()
        .collect();
        let division = |code: &str, name: &str| Division {
            country_code: "US".into(),
            code: code.into(),
            name: name.into(),
            ascii_name: name.into(),
            geonameid: 1,
        };
        let divisions = [
            division("KY", "Kentucky"),
            division("VA", "Virginia"),
            division("LA", "Louisiana"),
            division("GA", "Georgia"),
        ];
        let henry = EntityRecord {
            entity_id: "gn:4200051".into(),
            kind: "place".into(),
            name: "Henry County".into(),
            latitude: Some(33.5),
            longitude: Some(-84.19),
            country_code: "US".into(),
            feature_code: "ADM2".into(),
            population: 0,
            admin1_code: "GA".into(),
            scalerank: None,
        };
        let mut emitted = vec![(henry, vec![("Henry County".to_string(), "preferred")])];
        let counts = emit_us_counties(&mut emitted, counties, &states, &divisions);
        assert_eq!(
            counts,
            CountyCounts {
                placed: 1,
                added: 2,
                skipped: 1
            }
        );
        let names: Vec<(&str, &str, &str)> = emitted
            .iter()
            .map(|(r, _)| {
                (
                    r.entity_id.as_str(),
                    r.name.as_str(),
                    r.admin1_code.as_str(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("gn:4200051", "Henry County", "GA"),
                ("fips:21125", "Laurel County", "KY"),
                ("fips:22071", "Orleans Parish", "LA"),
            ]
        );
        // GeoNames' county took the polygon's point, lon/lat in their places.
        assert_eq!(emitted[0].0.longitude, Some(-84.2));
        assert_eq!(emitted[0].0.latitude, Some(33.45));
    }
}
