//! `places.geojson` as GIS tools need it (CONVENTIONS.md), checked on the parsed file.

use serde_json::Value;

fn map_outputs() -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap();
    super::mentionmap(dir.path())
        .args(["map", "-q", "--out", "out"])
        .arg(super::articles())
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("out/places.geojson")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    (dir, value)
}

#[test]
fn places_layer_follows_the_gis_conventions() {
    let (_dir, layer) = map_outputs();
    assert_eq!(layer["type"], "FeatureCollection");
    assert_eq!(
        layer["name"], "mentionmap places",
        "layer name for GDAL/QGIS"
    );
    assert!(layer.get("crs").is_none(), "RFC 7946: no crs member");
    assert!(
        layer["mentionmap"]["gazetteer"]
            .as_str()
            .is_some_and(|s| s.len() == 16),
        "provenance"
    );
    let features = layer["features"].as_array().unwrap();
    assert!(features.len() >= 15);
    let keys: Vec<String> = features[0]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert!(f["id"].is_string(), "string feature id: {}", f["id"]);
        let props = f["properties"].as_object().unwrap();
        assert!(!props.contains_key("id"), "no id inside properties");
        assert_eq!(
            props.keys().cloned().collect::<Vec<_>>(),
            keys,
            "the same keys on every feature"
        );
        assert!(
            props["mentions"].is_u64() && props["documents"].is_u64(),
            "counts are numbers"
        );
        assert!(props["variants"].is_object());
        let coordinates = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (
            coordinates[0].as_f64().unwrap(),
            coordinates[1].as_f64().unwrap(),
        );
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        for c in coordinates {
            let text = c.to_string();
            let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
            assert!(decimals <= 6, "coordinate {text} has more than 6 decimals");
        }
    }
    // Each property keeps one JSON type across features (null allowed).
    for key in &keys {
        let types: std::collections::BTreeSet<&str> = features
            .iter()
            .map(|f| &f["properties"][key])
            .filter(|v| !v.is_null())
            .map(|v| match v {
                Value::Bool(_) => "bool",
                Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
                Value::Number(_) => "real",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
                Value::Null => unreachable!(),
            })
            .collect();
        assert!(types.len() <= 1, "property {key} mixes types {types:?}");
    }
}

#[test]
fn known_places_sit_at_known_points_lon_first() {
    let (_dir, layer) = map_outputs();
    let features = layer["features"].as_array().unwrap();
    let point = |name: &str| {
        let f = features
            .iter()
            .find(|f| f["properties"]["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        let c = &f["geometry"]["coordinates"];
        (c[0].as_f64().unwrap(), c[1].as_f64().unwrap())
    };
    // (name, lon, lat) from GeoNames; a swapped pair would put Shusha near the Sea of Azov.
    for (name, lon, lat) in [
        ("Shusha", 46.75, 39.76),
        ("Stepanakert", 46.75, 39.82),
        ("Baku", 49.89, 40.38),
        ("Moscow", 37.62, 55.75),
    ] {
        let (got_lon, got_lat) = point(name);
        assert!(
            (got_lon - lon).abs() < 0.05 && (got_lat - lat).abs() < 0.05,
            "{name} at [{got_lon}, {got_lat}]"
        );
    }
    let stepanakert = features
        .iter()
        .find(|f| f["properties"]["name"] == "Stepanakert")
        .unwrap();
    assert_eq!(stepanakert["id"], "gn:146970");
    assert_eq!(
        stepanakert["properties"]["variants"],
        serde_json::json!({"Khankendi": 1, "Stepanakert": 3})
    );
    assert_eq!(stepanakert["properties"]["documents"], 2);
}

/// Runs a GDAL tool, or explains why the check cannot run. In CI (`CI` set) a missing GDAL is a
/// failure, not a skip: `.ci/run` installs `gdal-bin`.
fn gdal(tool: &str) -> Option<std::process::Command> {
    let found = std::process::Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some(std::process::Command::new(tool));
    }
    let message =
        format!("{tool} not found: install the Debian package gdal-bin to run this check");
    assert!(std::env::var_os("CI").is_none(), "{message}");
    eprintln!("skipped: {message}");
    None
}

#[test]
fn gdal_reads_the_layer_with_numeric_counts_and_converts_it() {
    let (dir, layer) = map_outputs();
    let Some(mut ogrinfo) = gdal("ogrinfo") else {
        return;
    };
    let path = dir.path().join("out/places.geojson");
    let output = ogrinfo
        .args(["-ro", "-al", "-so"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "ogrinfo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let info = String::from_utf8(output.stdout).unwrap();
    let features = layer["features"].as_array().unwrap().len();
    for expected in [
        "Layer name: mentionmap places".to_string(),
        "Geometry: Point".to_string(),
        format!("Feature Count: {features}"),
        "ID[\"EPSG\",4326]".to_string(),
        "mentions: Integer".to_string(),
        "documents: Integer".to_string(),
        "entity_id: String".to_string(),
    ] {
        assert!(
            info.contains(&expected),
            "ogrinfo output lacks {expected:?}:\n{info}"
        );
    }
    let Some(mut ogr2ogr) = gdal("ogr2ogr") else {
        return;
    };
    let gpkg = dir.path().join("places.gpkg");
    let status = ogr2ogr
        .args(["-f", "GPKG"])
        .arg(&gpkg)
        .arg(&path)
        .status()
        .unwrap();
    assert!(
        status.success() && gpkg.exists(),
        "ogr2ogr could not convert the layer to GeoPackage"
    );
}
