//! Natural Earth country outlines: a point inside each country, names, and the groupings that
//! place curated regions; areas and centroids taken on an equal-area projection.

use super::*;

/// A polygon in Lambert's cylindrical equal-area projection (x: longitude in degrees, y: sine of
/// the latitude), where planar areas and centroids are true to the sphere's areas.
pub(super) fn equal_area(polygon: &Polygon<f64>) -> Polygon<f64> {
    polygon.map_coords(|Coord { x, y }| Coord {
        x,
        y: y.to_radians().sin(),
    })
}

/// The centroid of an outline, weighted by true area, as (lon, lat).
pub(super) fn equal_area_centroid(shape: &MultiPolygon<f64>) -> Option<(f64, f64)> {
    let projected = MultiPolygon(shape.0.iter().map(equal_area).collect());
    projected
        .centroid()
        .map(|c| (c.x(), c.y().clamp(-1.0, 1.0).asin().to_degrees()))
}

/// A country's outline from Natural Earth, reduced to what the importer needs.
pub(super) struct Outline {
    pub(super) shape: MultiPolygon<f64>,
    /// The country's point, as (lon, lat): the equal-area centroid of its largest landmass when
    /// that lies inside it (close to where GeoNames puts countries), else a point surely inside
    /// it.
    pub(super) interior: Option<(f64, f64)>,
    /// Natural Earth's `CONTINENT`, `SUBREGION` and `REGION_UN`, for `point_from` of regions.
    pub(super) groups: [String; 3],
    pub(super) names: Vec<String>,
    pub(super) feature_code: &'static str,
}

pub(super) fn read_outlines(path: &Path) -> Result<HashMap<String, Outline>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let collection: geojson::FeatureCollection = text
        .parse::<geojson::GeoJson>()
        .map_err(|e| Error::Json {
            path: path.to_path_buf(),
            line: 0,
            message: e.to_string(),
        })?
        .try_into()
        .map_err(|e: geojson::Error| Error::Json {
            path: path.to_path_buf(),
            line: 0,
            message: e.to_string(),
        })?;
    let mut out = HashMap::new();
    for feature in collection.features {
        let prop = |k: &str| {
            feature
                .property(k)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .filter(|s| s != "-99")
        };
        // GeoNames uses ISO alpha-3 codes, which Natural Earth leaves at -99 for a few countries
        // (France, Norway); ADM0_A3 is always set. Index the outline under both.
        let keys: Vec<String> = [prop("ISO_A3"), prop("ADM0_A3")]
            .into_iter()
            .flatten()
            .collect();
        if keys.is_empty() {
            continue;
        }
        let Some(geometry) = &feature.geometry else {
            continue;
        };
        let shape: MultiPolygon<f64> = match geo::Geometry::<f64>::try_from(geometry.value.clone())
        {
            Ok(geo::Geometry::Polygon(p)) => MultiPolygon(vec![p]),
            Ok(geo::Geometry::MultiPolygon(m)) => m,
            _ => continue,
        };
        // Areas and centroids are taken on an equal-area projection: in plain degrees a square
        // degree at 60 degrees north counts as much as one at the equator, which holds twice the
        // land, and the point of a country that spans latitudes drifts poleward.
        let largest: Option<&Polygon<f64>> = shape
            .0
            .iter()
            .map(|p| (equal_area(p).unsigned_area(), p))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, p)| p);
        let interior = largest.and_then(|p| {
            equal_area_centroid(&MultiPolygon(vec![p.clone()]))
                .filter(|&(lon, lat)| p.contains(&geo::Point::new(lon, lat)))
                .or_else(|| p.interior_point().map(|c| (c.x(), c.y())))
        });
        let groups = [prop("CONTINENT"), prop("SUBREGION"), prop("REGION_UN")]
            .map(Option::unwrap_or_default);
        let names: Vec<String> = ["NAME", "NAME_LONG", "ADMIN", "FORMAL_EN", "NAME_SORT"]
            .iter()
            .filter_map(|k| prop(k))
            .collect();
        let feature_code = match prop("TYPE").as_deref() {
            Some("Dependency") => "PCLD",
            Some("Indeterminate" | "Disputed") => "PCLS",
            _ => "PCLI",
        };
        for key in keys {
            out.entry(key).or_insert_with(|| Outline {
                shape: shape.clone(),
                interior,
                groups: groups.clone(),
                names: names.clone(),
                feature_code,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_centroid_weighs_land_by_its_true_area() {
        // A band from 60 to 80 degrees north: its middle in degrees is 70, but the land near 60
        // is twice as wide on the globe as near 80, so the true centroid lies further south.
        let band = Polygon::new(
            vec![
                (0.0, 60.0),
                (10.0, 60.0),
                (10.0, 80.0),
                (0.0, 80.0),
                (0.0, 60.0),
            ]
            .into(),
            vec![],
        );
        let (lon, lat) = equal_area_centroid(&MultiPolygon(vec![band])).unwrap();
        assert!((lon - 5.0).abs() < 1e-9, "{lon}");
        assert!((67.0..68.5).contains(&lat), "{lat}");
    }
}
