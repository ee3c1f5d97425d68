//! First- and second-order divisions: read from the admin code dumps, placed at the middle of
//! their places, and named so that a division does not take its seat town's bare name.

use super::*;

/// Adds the divisions of the countries `options.admin1_countries` names that have places in the
/// dumps (a division without one has nowhere to put its marker), and records in `people` how
/// many people each one's places hold.
pub(super) fn emit_divisions(
    out: &mut Imported,
    emitted: &mut Vec<(EntityRecord, Vec<(String, &'static str)>)>,
    places: &BTreeMap<u64, Place>,
    level: DivisionLevel,
    divisions: Vec<Division>,
    options: &ImportOptions,
    people: &mut HashMap<String, u64>,
) {
    let mut by_division: HashMap<(String, String), Vec<&Place>> = HashMap::new();
    for place in places.values() {
        let code = match level {
            DivisionLevel::First => place.admin1.clone(),
            DivisionLevel::Second if !place.admin2.is_empty() => {
                format!("{}.{}", place.admin1, place.admin2)
            }
            DivisionLevel::Second => continue,
        };
        by_division
            .entry((place.country_code.clone(), code))
            .or_default()
            .push(place);
    }
    for division in divisions {
        if !options.admin1_countries.contains("*")
            && !options.admin1_countries.contains(&division.country_code)
        {
            continue;
        }
        // Some dumps give a city and its municipality one geonameid (Japanese -shi): the place
        // stands for both.
        if places.contains_key(&division.geonameid) {
            continue;
        }
        let members: &[&Place] = by_division
            .get(&(division.country_code.clone(), division.code.clone()))
            .map_or(&[], Vec::as_slice);
        let seat = members
            .iter()
            .filter(|p| level.seat_codes().contains(&p.feature_code.as_str()))
            .max_by_key(|p| p.population)
            .or_else(|| members.iter().max_by_key(|p| p.population));
        let Some(seat) = seat else { continue };
        let (lon, lat) = extent_centre(members.iter().map(|p| (p.lon, p.lat)));
        // A state's seat called "<X> City" that GeoNames also lists as plain "<X>" (Oklahoma
        // City, Guatemala City, Belize City) has shortened its own name: the bare name is the
        // state's, which news means by it ("Oklahoma lawmakers"), and the city keeps
        // "<X> City". Not for a county: its bare name is as often a town's elsewhere (Logan
        // City's county in Queensland took the three mentions of Logan, Missouri, in lgl-dev).
        let city_short = seat
            .name
            .strip_suffix(" City")
            .filter(|_| level == DivisionLevel::First)
            .map(normalize);
        let seat_keys: HashSet<String> = std::iter::once(&seat.name)
            .chain(std::iter::once(&seat.ascii_name))
            .map(|n| normalize(n))
            .chain(
                seat.alternate_names
                    .iter()
                    .map(|n| normalize(n))
                    .filter(|n| city_short.as_ref() != Some(n)),
            )
            .collect();
        // A state's name that its seat only borrows ("Pará" among Belém's names) stays the
        // state's (`borrowed.rs`); a county's bare name is as often a town's elsewhere.
        let own_keys = [normalize(&seat.name), normalize(&seat.ascii_name)];
        let borrowed = |key: &String| {
            level == DivisionLevel::First
                && !own_keys.contains(key)
                && seat
                    .alternate_names
                    .iter()
                    .filter(|a| normalize(a) == *key)
                    .all(|a| borrowed_from_state(a, &[&seat.name, &seat.ascii_name]))
        };
        // A division named after its seat town gives the bare name to the town and is
        // called "<name> District" instead (the usual English for a rayon or a district).
        let shadows_seat = |name: &String| {
            let key = normalize(name);
            seat_keys.contains(&key) && !borrowed(&key)
        };
        let canonical = if shadows_seat(&division.name) {
            out.seat_names_moved += 1;
            format!("{} District", division.name)
        } else {
            division.name.clone()
        };
        let mut names = vec![(canonical.clone(), "preferred")];
        if !shadows_seat(&division.ascii_name) {
            names.push((division.ascii_name.clone(), "transliteration"));
        }
        // News names a state or province with the word written out: "Oaxaca State", "Benue
        // State", "Washington State", also where the bare name is the seat's.
        if level == DivisionLevel::First && !division.name.split(' ').any(|w| w == "State") {
            names.push((format!("{} State", division.name), "variant"));
        }
        let entity_id = format!("gn:{}", division.geonameid);
        people.insert(
            entity_id.clone(),
            members.iter().map(|p| p.population).sum(),
        );
        let admin1_code = match division.code.split_once('.') {
            Some((admin1, _)) => admin1.to_string(),
            None => division.code.clone(),
        };
        emitted.push((
            EntityRecord {
                entity_id,
                kind: "place".into(),
                name: canonical,
                latitude: Some(lat),
                longitude: Some(lon),
                country_code: division.country_code.clone(),
                feature_code: level.feature_code().into(),
                // A state's places add up to about its population; a county's do not: the dumps
                // file whole cities under one of their wards (Perth under the Town of Cambridge),
                // and a county then outweighs every town of its name.
                population: match level {
                    DivisionLevel::First => members.iter().map(|p| p.population).sum(),
                    DivisionLevel::Second => 0,
                },
                admin1_code,
                scalerank: None,
            },
            names,
        ));
    }
}

/// The centre of the box around some points, as (lon, lat): where a division's marker goes.
///
/// A division has no outline in the GeoNames dumps, only its places; the middle of their extent
/// lies near the middle of the division, where its seat may be at an edge (Sacramento for
/// California, Chennai for Tamil Nadu). Measured on GeoWebNews' divisions, whose gold points are
/// GeoNames' own: 247 of 255 mentions within 161 km, against 131 for the seat. A box that
/// would span more than half the globe is taken across the antimeridian instead (the
/// Aleutians, Chukotka, Fiji).
pub(super) fn extent_centre(points: impl Iterator<Item = (f64, f64)> + Clone) -> (f64, f64) {
    let centre = |lons: &mut dyn Iterator<Item = f64>| {
        let (min, max) = lons.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        });
        ((min + max) / 2.0, max - min)
    };
    let (mid, width) = centre(&mut points.clone().map(|(lon, _)| lon));
    let (mid_east, width_east) =
        centre(
            &mut points
                .clone()
                .map(|(lon, _)| if lon < 0.0 { lon + 360.0 } else { lon }),
        );
    let lon = if width_east < width {
        if mid_east > 180.0 {
            mid_east - 360.0
        } else {
            mid_east
        }
    } else {
        mid
    };
    let (lat, _) = centre(&mut points.map(|(_, lat)| lat));
    (lon, lat)
}

/// First-order (`ADM1`: states, provinces) or second-order (`ADM2`: counties) divisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DivisionLevel {
    First,
    Second,
}

impl DivisionLevel {
    fn feature_code(self) -> &'static str {
        match self {
            DivisionLevel::First => "ADM1",
            DivisionLevel::Second => "ADM2",
        }
    }

    /// Feature codes of the places that may be a division's seat.
    fn seat_codes(self) -> &'static [&'static str] {
        match self {
            DivisionLevel::First => &["PPLA", "PPLC"],
            DivisionLevel::Second => &["PPLA2", "PPLA", "PPLC"],
        }
    }
}

#[derive(Clone)]
pub(super) struct Division {
    pub(super) country_code: String,
    /// The code within the country: `TX` for a first-order division, `TX.201` for a county.
    pub(super) code: String,
    pub(super) name: String,
    pub(super) ascii_name: String,
    pub(super) geonameid: u64,
}

/// Reads `admin1CodesASCII.txt` or `admin2Codes.txt` (the same four columns).
pub(super) fn read_divisions(path: &Path, level: DivisionLevel) -> Result<Vec<Division>> {
    let mut out = Vec::new();
    for_each_line(path, |line_no, line| {
        if line.trim().is_empty() {
            return Ok(());
        }
        let bad = |m: String| Error::bad_row(path, line_no, m);
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 4 {
            return Err(bad(format!(
                "expected 4 tab-separated columns (GeoNames {} codes), found {}",
                level.feature_code().to_lowercase(),
                fields.len()
            )));
        }
        let (country_code, code) = fields[0]
            .split_once('.')
            .ok_or_else(|| bad(format!("code {:?} is not COUNTRY.CODE", fields[0])))?;
        let geonameid = fields[3]
            .trim()
            .parse()
            .map_err(|_| bad(format!("geonameid {:?} is not a number", fields[3])))?;
        // A few rows have only the ASCII name (MC.00 "Commune de Monaco").
        let (name, ascii_name) = (fields[1].trim(), fields[2].trim());
        if name.is_empty() && ascii_name.is_empty() {
            return Ok(());
        }
        if level == DivisionLevel::Second && !code.contains('.') {
            return Err(bad(format!(
                "code {:?} is not COUNTRY.ADMIN1.ADMIN2",
                fields[0]
            )));
        }
        out.push(Division {
            country_code: country_code.to_string(),
            code: code.to_string(),
            name: if name.is_empty() { ascii_name } else { name }.to_string(),
            ascii_name: ascii_name.to_string(),
            geonameid,
        });
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_division_sits_in_the_middle_of_its_places_even_across_the_antimeridian() {
        let (lon, lat) =
            extent_centre([(-124.0, 42.0), (-114.0, 32.0), (-121.5, 38.6)].into_iter());
        assert_eq!((lon, lat), (-119.0, 37.0));
        // Chukotka: places at 177 E and 170 W; the middle is at 176.5 W, not at 3.5 E.
        let (lon, _) = extent_centre([(177.0, 64.7), (-170.0, 66.0)].into_iter());
        assert!((lon - -176.5).abs() < 1e-9, "{lon}");
    }
}
