//! `audit`, dated and sourced counts, and the GIS formats around them.

use std::path::Path;

use predicates::prelude::*;
use serde_json::{json, Value};

/// The five sample articles as one JSONL file with dates (September to November 2020, so a
/// month breakdown has a month without news in between) and two outlets.
fn dated_jsonl(dir: &Path) -> std::path::PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(super::articles())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let dates = [
        "2020-09-28",
        "2020-09-30T08:15:00Z",
        "2020-11-02T23:30:00-04:00",
        "2020-11-10 12:00",
        "2020-11-10",
    ];
    let mut lines = String::new();
    for (i, (file, date)) in files.iter().zip(dates).enumerate() {
        let text = std::fs::read_to_string(file).unwrap();
        let source = if i % 2 == 0 { "Outlet A" } else { "Outlet B" };
        let line =
            json!({"id": format!("doc{i}"), "body": text, "published": date, "outlet": source});
        lines.push_str(&format!("{line}\n"));
    }
    let path = dir.join("dated.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

const DATED: [&str; 4] = ["--text-field", "body", "--date-field", "published"];

fn stdout_of(cmd: &mut assert_cmd::Command) -> Vec<u8> {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn dated_counts_of_partitions_merge_into_the_counts_of_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let all = dated_jsonl(dir.path());
    let text = std::fs::read_to_string(&all).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(dir.path().join("p1.jsonl"), lines[..3].join("\n")).unwrap();
    std::fs::write(dir.path().join("p2.jsonl"), lines[3..].join("\n")).unwrap();
    let count = |file: &str| {
        stdout_of(
            super::mentionmap(dir.path())
                .arg("count")
                .args(DATED)
                .args(["--source-field", "outlet", file]),
        )
    };
    let whole: Value = serde_json::from_slice(&count("dated.jsonl")).unwrap();
    let parts = [count("p2.jsonl"), count("p1.jsonl")].concat();
    std::fs::write(dir.path().join("parts.jsonl"), parts).unwrap();
    let merged: Value = serde_json::from_slice(&stdout_of(
        super::mentionmap(dir.path()).args(["merge", "parts.jsonl"]),
    ))
    .unwrap();
    assert_eq!(
        merged, whole,
        "merge(split) == whole, per day and source too"
    );
    assert_eq!(whole["documents_by_day"]["2020-11-10"], 2);
    assert_eq!(
        whole["documents_by_day"]["2020-11-02"], 1,
        "the date as written, not UTC"
    );
    assert_eq!(whole["documents_by_source"]["Outlet A"], 3);
    let shusha = &whole["entities"]["gn:147105"];
    assert!(
        shusha["by_day"].as_object().is_some_and(|d| !d.is_empty()),
        "Shusha is counted per day: {shusha}"
    );
}

#[test]
fn an_unreadable_date_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.jsonl"),
        "{\"text\":\"Baku\",\"date\":\"2020-10-05\"}\n{\"text\":\"Baku\",\"date\":\"05/10/2020\"}\n",
    )
    .unwrap();
    // By default the line is skipped with a warning (issue 13: one bad document never costs the
    // run); --strict stops at it.
    super::mentionmap(dir.path())
        .args(["count", "--date-field", "date", "bad.jsonl"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"documents\":1,"))
        .stderr(predicate::str::contains(
            "bad.jsonl: line 2: cannot read date \"05/10/2020\"",
        ));
    super::mentionmap(dir.path())
        .args(["count", "--strict", "--date-field", "date", "bad.jsonl"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "bad.jsonl: line 2: cannot read date \"05/10/2020\"",
        ));
}

/// Reads a CSV output as header-keyed rows.
fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn json_file(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn audit_lists_every_place_in_scope_with_zeros_in_csv_and_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let audit = || {
        let mut cmd = super::mentionmap(dir.path());
        cmd.args([
            "audit",
            "--country",
            "AZ",
            "--feature",
            "PPLA,PPLC",
            "--out",
            "out",
        ])
        .arg(super::articles());
        cmd
    };
    audit()
        .assert()
        .success()
        .stderr(predicate::str::contains("places in scope"));
    let rows = csv_rows(&dir.path().join("out/coverage.csv"));
    assert!(
        rows.len() > 10,
        "every AZ PPLA/PPLC, not only the mentioned: {}",
        rows.len()
    );
    assert!(rows.iter().all(
        |r| r["country_code"] == "AZ" && ["PPLA", "PPLC"].contains(&r["feature_code"].as_str())
    ));
    let baku = rows
        .iter()
        .find(|r| r["name"] == "Baku")
        .expect("Baku in scope");
    assert!(baku["mentions"].parse::<u64>().unwrap() > 0);
    assert!(baku["spellings"].contains("Baku ("), "{baku:?}");
    let never = rows.iter().filter(|r| r["mentions"] == "0").count();
    assert!(never > 0, "places never mentioned are listed");
    let mentions: Vec<u64> = rows
        .iter()
        .map(|r| r["mentions"].parse().unwrap())
        .collect();
    assert!(
        mentions.windows(2).all(|w| w[0] >= w[1]),
        "most mentioned first"
    );
    let (lon, lat): (f64, f64) = (
        baku["longitude"].parse().unwrap(),
        baku["latitude"].parse().unwrap(),
    );
    assert!(
        (lon - 49.89).abs() < 0.05 && (lat - 40.38).abs() < 0.05,
        "lon/lat not swapped"
    );

    let layer = json_file(&dir.path().join("out/coverage.geojson"));
    assert_eq!(layer["name"], "mentionmap coverage");
    let features = layer["features"].as_array().unwrap();
    assert_eq!(features.len(), rows.len(), "zeros included in the layer");
    for f in features {
        let p = &f["properties"];
        assert!(f["id"].is_string());
        assert!(p["mentions"].is_u64() && p["documents"].is_u64() && p["spelling_count"].is_u64());
        assert!(p["first_doc"].is_string() || p["first_doc"].is_null());
        assert_eq!(p["mentioned"], json!(p["mentions"].as_u64().unwrap() > 0));
    }
    let countries = json_file(&dir.path().join("out/countries.geojson"));
    let az = countries["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "AZ")
        .unwrap();
    assert!(az["geometry"]["type"]
        .as_str()
        .unwrap()
        .ends_with("Polygon"));
    let p = &az["properties"];
    assert!(
        p["country_mentions"].as_u64().unwrap() > 0 && p["place_mentions"].as_u64().unwrap() > 0
    );
    assert_eq!(
        p["total_mentions"].as_u64(),
        Some(p["country_mentions"].as_u64().unwrap() + p["place_mentions"].as_u64().unwrap())
    );

    // No clobbering without --force; --force replaces.
    audit()
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists (pass --force"));
    audit().arg("--force").assert().success();
}

#[test]
fn audit_of_counts_files_equals_audit_of_documents_and_breaks_down_by_month_and_source() {
    let dir = tempfile::tempdir().unwrap();
    let all = dated_jsonl(dir.path());
    let text = std::fs::read_to_string(&all).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(dir.path().join("p1.jsonl"), lines[..2].join("\n")).unwrap();
    std::fs::write(dir.path().join("p2.jsonl"), lines[2..].join("\n")).unwrap();
    let mut parts = Vec::new();
    for part in ["p1.jsonl", "p2.jsonl"] {
        parts.extend(stdout_of(
            super::mentionmap(dir.path())
                .arg("count")
                .args(DATED)
                .args(["--source-field", "outlet", part]),
        ));
    }
    std::fs::write(dir.path().join("parts.json"), parts).unwrap();
    let scope = ["--country", "AZ", "--feature", "PPLA"];
    for (out, input) in [("direct", "dated.jsonl"), ("merged", "parts.json")] {
        super::mentionmap(dir.path())
            .args(["audit", "-q", "--by", "month", "--out", out])
            .args(DATED)
            .args(["--source-field", "outlet"])
            .args(scope)
            .arg(input)
            .assert()
            .success();
    }
    for file in [
        "coverage.csv",
        "coverage_by_month.csv",
        "coverage.geojson",
        "countries.geojson",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join("direct").join(file)).unwrap(),
            std::fs::read(dir.path().join("merged").join(file)).unwrap(),
            "{file}: the audit of merged counts equals the audit of the documents"
        );
    }
    let coverage = csv_rows(&dir.path().join("direct/coverage.csv"));
    let by_month = csv_rows(&dir.path().join("direct/coverage_by_month.csv"));
    assert_eq!(
        by_month.len(),
        coverage.len() * 3,
        "Sep, Oct (no news) and Nov for every place"
    );
    let shusha: Vec<_> = by_month.iter().filter(|r| r["name"] == "Shusha").collect();
    let months: Vec<&str> = shusha.iter().map(|r| r["month"].as_str()).collect();
    assert_eq!(months, ["2020-09", "2020-10", "2020-11"]);
    assert_eq!(shusha[1]["mentions"], "0");
    assert_eq!(shusha[1]["month_documents"], "0");
    assert_eq!(shusha[2]["month_documents"], "3");
    for place in &coverage {
        let sum: u64 = by_month
            .iter()
            .filter(|r| r["entity_id"] == place["entity_id"])
            .map(|r| r["mentions"].parse::<u64>().unwrap())
            .sum();
        assert_eq!(
            sum.to_string(),
            place["mentions"],
            "{} adds up",
            place["name"]
        );
    }
    let shusha_total = coverage.iter().find(|r| r["name"] == "Shusha").unwrap();
    assert!(
        !shusha_total["first_date"].is_empty()
            && shusha_total["first_date"] <= shusha_total["last_date"]
    );

    super::mentionmap(dir.path())
        .args(["audit", "-q", "--by", "source", "--out", "sources"])
        .args(scope)
        .arg("parts.json")
        .assert()
        .success();
    let by_source = csv_rows(&dir.path().join("sources/coverage_by_source.csv"));
    let labels: std::collections::BTreeSet<&str> =
        by_source.iter().map(|r| r["source"].as_str()).collect();
    assert_eq!(labels, ["Outlet A", "Outlet B"].into_iter().collect());
    assert_eq!(by_source.len(), coverage.len() * 2, "zeros included");
}

#[test]
fn audit_scopes_by_a_list_of_places_and_by_a_box() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mine.csv"),
        "entity_id,note\ngn:147105,Shusha\ngn:174895,Goris\n",
    )
    .unwrap();
    super::mentionmap(dir.path())
        .args(["audit", "-q", "--places", "mine.csv", "--out", "listed"])
        .arg(super::articles())
        .assert()
        .success();
    let rows = csv_rows(&dir.path().join("listed/coverage.csv"));
    let names: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["name"].as_str(), r["mentions"].as_str()))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[0].0, "Shusha");
    assert_eq!(names[1], ("Goris", "0"), "listed and never mentioned");

    // Counts saved once, audited inside a box around Nagorno-Karabakh.
    let counts = stdout_of(
        super::mentionmap(dir.path())
            .arg("count")
            .arg(super::articles()),
    );
    std::fs::write(dir.path().join("counts.json"), counts).unwrap();
    super::mentionmap(dir.path())
        .args([
            "audit",
            "-q",
            "--bbox",
            "46.3,39.4,47.2,40.2",
            "--feature",
            "PPL*",
            "--out",
            "box",
        ])
        .arg("counts.json")
        .assert()
        .success();
    let rows = csv_rows(&dir.path().join("box/coverage.csv"));
    assert!(rows
        .iter()
        .any(|r| r["name"] == "Stepanakert" && r["mentions"] != "0"));
    for r in &rows {
        let (lon, lat): (f64, f64) = (
            r["longitude"].parse().unwrap(),
            r["latitude"].parse().unwrap(),
        );
        assert!(
            (46.3..=47.2).contains(&lon) && (39.4..=40.2).contains(&lat),
            "{r:?}"
        );
        assert!(r["feature_code"].starts_with("PPL"));
    }
}

#[test]
fn compare_flags_places_one_body_covers_and_the_other_never_names() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        (
            "a.jsonl",
            "Shelling hit Shusha and Stepanakert. Shusha again.",
        ),
        ("b.jsonl", "A rally in Ganja. Stepanakert was quiet."),
    ];
    for (file, text) in texts {
        std::fs::write(
            dir.path().join(file),
            format!("{}\n", json!({"id": file, "text": text})),
        )
        .unwrap();
    }
    let a = stdout_of(super::mentionmap(dir.path()).args(["count", "a.jsonl"]));
    std::fs::write(dir.path().join("a.json"), a).unwrap();
    // One side counts, the other documents.
    super::mentionmap(dir.path())
        .args([
            "audit",
            "-q",
            "--country",
            "AZ",
            "--feature",
            "PPLA",
            "--compare",
            "a.json",
            "b.jsonl",
            "--out",
            "cmp",
        ])
        .assert()
        .success();
    let rows = csv_rows(&dir.path().join("cmp/compare.csv"));
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let shusha = row("Shusha");
    assert_eq!(
        (
            shusha["a_mentions"].as_str(),
            shusha["b_mentions"].as_str(),
            shusha["difference"].as_str(),
            shusha["covered_by"].as_str()
        ),
        ("2", "0", "-2", "a_only")
    );
    assert_eq!(row("Ganja")["covered_by"], "b_only");
    assert_eq!(row("Stepanakert")["covered_by"], "both");
    assert!(
        rows.iter().any(|r| r["covered_by"] == "neither"),
        "zeros included"
    );
    let layer = json_file(&dir.path().join("cmp/compare.geojson"));
    assert_eq!(layer["features"].as_array().unwrap().len(), rows.len());
    assert!(layer["features"][0]["properties"]["difference"].is_i64());
}

/// Runs `ogrinfo` with `args`, or returns `None` (with a message) where GDAL is missing; in CI
/// (`CI` set) a missing GDAL fails: `.ci/run` installs `gdal-bin`.
fn ogrinfo(args: &[&str], path: &Path) -> Option<String> {
    let found = std::process::Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let message = "ogrinfo not found: install the Debian package gdal-bin to run this check";
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("skipped: {message}");
        return None;
    }
    let output = std::process::Command::new("ogrinfo")
        .args(["-ro", "-al"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "ogrinfo {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

fn assert_contains_all(info: &str, expected: &[String]) {
    for e in expected {
        assert!(
            info.contains(e.as_str()),
            "ogrinfo output lacks {e:?}:\n{info}"
        );
    }
}

#[test]
fn gdal_reads_the_geojson_sequence_and_the_places_csv_as_points() {
    let dir = tempfile::tempdir().unwrap();
    super::mentionmap(dir.path())
        .args(["map", "-q", "--out", "out"])
        .arg(super::articles())
        .assert()
        .success();
    let layer = json_file(&dir.path().join("out/places.geojson"));
    let features = layer["features"].as_array().unwrap();
    // The sequence is the layer's features, one per line, parsed alike.
    let seq = std::fs::read_to_string(dir.path().join("out/places.geojsonl")).unwrap();
    let lines: Vec<Value> = seq
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        &lines, features,
        "one Feature per line, the same as places.geojson"
    );
    assert!(!seq.starts_with('\u{feff}') && seq.ends_with('\n'));

    let count = format!("Feature Count: {}", features.len());
    if let Some(info) = ogrinfo(&["-so"], &dir.path().join("out/places.geojsonl")) {
        assert_contains_all(
            &info,
            &[
                "GeoJSONSeq".into(),
                "Geometry: Point".into(),
                count.clone(),
                "mentions: Integer".into(),
                "ID[\"EPSG\",4326]".into(),
            ],
        );
    }
    // The CSV's longitude/latitude columns make points (the names QGIS and kepler.gl detect).
    let csv = dir.path().join("out/places.csv");
    let options = [
        "-oo",
        "X_POSSIBLE_NAMES=longitude",
        "-oo",
        "Y_POSSIBLE_NAMES=latitude",
        "-oo",
        "AUTODETECT_TYPE=YES",
    ];
    if let Some(info) = ogrinfo(&[&options[..], &["-so"]].concat(), &csv) {
        assert_contains_all(
            &info,
            &["Geometry: Point".into(), count, "mentions: Integer".into()],
        );
    }
    let shusha = [&options[..], &["-where", "name = 'Shusha'"]].concat();
    if let Some(info) = ogrinfo(&shusha, &csv) {
        assert!(
            info.contains("POINT (46.74989 39.76006)"),
            "lon first:\n{info}"
        );
    }
}

#[test]
fn gdal_reads_the_coverage_and_countries_layers() {
    let dir = tempfile::tempdir().unwrap();
    super::mentionmap(dir.path())
        .args([
            "audit",
            "-q",
            "--country",
            "AM",
            "--feature",
            "PPLA,PPLC",
            "--out",
            "out",
        ])
        .arg(super::articles())
        .assert()
        .success();
    let coverage = json_file(&dir.path().join("out/coverage.geojson"));
    let n = coverage["features"].as_array().unwrap().len();
    if let Some(info) = ogrinfo(&["-so"], &dir.path().join("out/coverage.geojson")) {
        assert_contains_all(
            &info,
            &[
                "Layer name: mentionmap coverage".into(),
                format!("Feature Count: {n}"),
                "mentions: Integer".into(),
                "documents: Integer".into(),
                "spelling_count: Integer".into(),
            ],
        );
    }
    let countries = json_file(&dir.path().join("out/countries.geojson"));
    let n = countries["features"].as_array().unwrap().len();
    if let Some(info) = ogrinfo(&["-so"], &dir.path().join("out/countries.geojson")) {
        assert_contains_all(
            &info,
            &[
                "Layer name: mentionmap countries".into(),
                format!("Feature Count: {n}"),
                "Geometry: Multi Polygon".into(),
                "total_mentions: Integer".into(),
                "iso_a2: String".into(),
            ],
        );
    }
}

// Issue 30, item 5: a placeholder date made `audit --by month` write a column of every month
// from year 0 (about 7 GB); such dates are counted undated with a warning, and a breakdown
// past --max-rows stops before writing anything.
#[test]
fn placeholder_dates_are_undated_and_a_breakdown_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for (i, date) in ["2020-09-28", "0000-01-01", "9999-12-31"]
        .iter()
        .enumerate()
    {
        let line = json!({"id": format!("d{i}"), "body": "Shelling hit Shusha and Baku.", "published": date});
        lines.push_str(&format!("{line}\n"));
    }
    std::fs::write(dir.path().join("docs.jsonl"), lines).unwrap();
    let audit = |out: &str, extra: &[&str]| {
        let mut cmd = super::mentionmap(dir.path());
        cmd.args(["audit", "--by", "month", "--out", out])
            .args(DATED)
            .args(["--country", "AZ", "--feature", "PPLA"])
            .args(extra)
            .arg("docs.jsonl");
        cmd
    };
    audit("ok", &[])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "2 document(s) dated before 1800 or after",
        ));
    let coverage = csv_rows(&dir.path().join("ok/coverage.csv"));
    let by_month = csv_rows(&dir.path().join("ok/coverage_by_month.csv"));
    assert_eq!(by_month.len(), coverage.len() * 2, "2020-09 and (undated)");
    let shusha: Vec<_> = by_month.iter().filter(|r| r["name"] == "Shusha").collect();
    assert_eq!(shusha[0]["mentions"], "1");
    assert_eq!(shusha[1]["mentions"], "2", "the placeholders are not lost");

    audit("capped", &["--max-rows", "5"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("more than --max-rows 5"));
    assert!(
        !dir.path().join("capped/coverage.csv").exists(),
        "nothing written"
    );
}

// Issue 30, item 8: unknown ids and codes used to give a smaller or empty audit with exit 0.
#[test]
fn unknown_places_and_countries_are_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mine.csv"),
        "entity_id\ngn:147105\ngn:999999999\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("doc.txt"), "Shusha and Baku.\n").unwrap();
    super::mentionmap(dir.path())
        .args([
            "audit", "-q", "--places", "mine.csv", "--out", "listed", "doc.txt",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "1 of 2 ids are not in the gazetteer: gn:999999999",
        ));
    super::mentionmap(dir.path())
        .args([
            "audit",
            "-q",
            "--country",
            "Armenia",
            "--out",
            "named",
            "doc.txt",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean AM?"));
    super::mentionmap(dir.path())
        .args([
            "audit",
            "-q",
            "--country",
            "QQ",
            "--out",
            "coded",
            "doc.txt",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no place of the gazetteer has this country code",
        ));
    assert!(!dir.path().join("listed/coverage.csv").exists());
}
