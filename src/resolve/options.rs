//! What the user knows about the news: countries and an area to prefer.

/// A longitude/latitude box, `min_lon,min_lat,max_lon,max_lat` as GIS tools write it.
///
/// # Units
/// Decimal degrees, WGS 84.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bbox {
    /// West edge.
    pub min_lon: f64,
    /// South edge.
    pub min_lat: f64,
    /// East edge.
    pub max_lon: f64,
    /// North edge.
    pub max_lat: f64,
}

impl Bbox {
    /// Does the box contain this point?
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.min_lon..=self.max_lon).contains(&lon) && (self.min_lat..=self.max_lat).contains(&lat)
    }
}

impl std::str::FromStr for Bbox {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<f64> = s
            .split(',')
            .map(|p| {
                p.trim()
                    .parse::<f64>()
                    .map_err(|_| format!("{p:?} is not a number"))
            })
            .collect::<Result<_, _>>()?;
        let [min_lon, min_lat, max_lon, max_lat] = parts[..] else {
            return Err(format!("{s:?} is not min_lon,min_lat,max_lon,max_lat"));
        };
        if !(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon) {
            return Err("longitudes must lie in [-180, 180]".into());
        }
        if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
            return Err("latitudes must lie in [-90, 90]".into());
        }
        if min_lon > max_lon || min_lat > max_lat {
            return Err(format!(
                "{s:?}: the minimum comes first (min_lon,min_lat,max_lon,max_lat)"
            ));
        }
        Ok(Bbox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        })
    }
}

/// What the user knows about the news: countries and an area to prefer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolverOptions {
    /// ISO 3166-1 alpha-2 codes to prefer (`AZ`, `AM`).
    pub countries: Vec<String>,
    /// An area to prefer.
    pub bbox: Option<Bbox>,
}
