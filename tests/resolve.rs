//! `mentionmap resolve` on real names, as lists and as CSV columns.

use predicates::prelude::*;
use serde_json::Value;

/// Runs `resolve` with `args` on `stdin` and returns stdout.
fn resolve(args: &[&str], stdin: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let output = super::mentionmap(dir.path())
        .arg("resolve")
        .args(args)
        .write_stdin(stdin)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).unwrap()
}

/// Parses CSV text into rows of fields.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn contested_spellings_of_one_city_are_one_entity() {
    let out = jsonl(&resolve(
        &["--format", "jsonl"],
        "Khankendi\nStepanakert\nXankəndi\nSTEPANAKERT\n",
    ));
    assert_eq!(out.len(), 4);
    let id = out[0]["entity_id"].as_str().expect("Khankendi resolves");
    for row in &out {
        assert_eq!(row["entity_id"], id, "{row}");
        assert_eq!(row["name"], "Stepanakert");
        assert_eq!(row["country_code"], "AZ");
        // Stepanakert lies at about 39.8° N, 46.75° E: a swapped pair would fail here.
        let (lon, lat) = (
            row["longitude"].as_f64().unwrap(),
            row["latitude"].as_f64().unwrap(),
        );
        assert!(
            (lat - 39.8).abs() < 0.2 && (lon - 46.75).abs() < 0.2,
            "{row}"
        );
        assert_eq!(row["method"], "exact");
        assert_eq!(row["match"], true, "{row}");
    }
}

#[test]
fn a_misspelt_surname_reaches_the_person_but_is_not_sure() {
    let out = jsonl(&resolve(
        &["--format", "jsonl", "--kind", "person"],
        "Mnatskanyan\nMnatsakanyian\n",
    ));
    assert_eq!(out.len(), 2);
    assert_eq!(out[1]["method"], "fuzzy", "{}", out[1]);
    for row in &out {
        assert_eq!(row["name"], "Zohrab Mnatsakanyan", "{row}");
        assert!(
            row["method"] == "variant" || row["method"] == "fuzzy",
            "{row}"
        );
        assert_eq!(row["match"], false, "a guess is never sure: {row}");
        let score = row["score"].as_f64().unwrap();
        assert!(score > 0.0 && score < 0.85, "{row}");
    }
}

#[test]
fn a_plain_list_keeps_every_line_including_empty_ones() {
    let out = csv_rows(&resolve(&[], "Baku\n\nNo Such Place Anywhere\nParis\n"));
    assert_eq!(out[0][0], "input");
    assert_eq!(out[0].len(), 12);
    assert_eq!(out.len(), 5, "a header and four rows: {out:?}");
    assert_eq!((out[1][0].as_str(), out[1][2].as_str()), ("Baku", "Baku"));
    assert_eq!(out[1][9], "1.000");
    assert!(out[2][1..].iter().all(|f| f.is_empty() || f == "false"));
    assert!(out[3][1].is_empty() && out[3][10] == "false");
    // Paris has namesakes: the capital wins, the others are listed as runners-up.
    assert_eq!(out[4][6], "FR");
    assert!(out[4][11].contains("US"), "{:?}", out[4]);
}

#[test]
fn a_csv_comes_back_byte_for_byte_with_columns_appended() {
    let input = "id,\"city, as written\",note\r\n\
                 1,\"Khankendi\",\"said \"\"hello\"\"\"\r\n\
                 2,,empty cell\r\n\
                 3,Khankendi,duplicate\r\n\
                 4,\"Şuşa\",\"multi\nline\"\r\n";
    let out = resolve(&["--column", "city, as written"], input);
    let lines: Vec<&str> = out.split("\r\n").collect();
    assert!(lines[0].starts_with("id,\"city, as written\",note,entity_id,name,kind,"));
    assert!(
        lines[1].starts_with("1,\"Khankendi\",\"said \"\"hello\"\"\",gn:"),
        "{out}"
    );
    assert!(lines[2].starts_with("2,,empty cell,,,,"), "{out}");
    assert!(lines[3].starts_with("3,Khankendi,duplicate,gn:"), "{out}");
    assert!(
        lines[4].starts_with("4,\"Şuşa\",\"multi\nline\",gn:147105,Shusha,"),
        "{out}"
    );
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r.len() == 3 + 11), "{rows:?}");
    assert_eq!(rows[1][3], rows[3][3], "duplicates resolve alike");
    assert_eq!(rows[2][12], "false");
    // By index, and a header that already has a `name` column gets prefixed result columns.
    let out = resolve(&["--column", "2"], "id,name\n1,Baku\n");
    let rows = csv_rows(&out);
    assert_eq!(rows[0][2..5], ["entity_id", "resolved_name", "kind"]);
    assert_eq!(rows[1][3], "Baku");
}

#[test]
fn geojson_is_a_layer_of_the_places() {
    let out: Value = serde_json::from_str(&resolve(
        &["--format", "geojson"],
        "Khankendi\nStepanakert\nSergey Lavrov\nBaku\n",
    ))
    .unwrap();
    let features = out["features"].as_array().unwrap();
    assert_eq!(features.len(), 2, "people have no point: {out}");
    assert_eq!(features[0]["properties"]["name"], "Stepanakert");
    assert_eq!(features[0]["properties"]["rows"], 2);
    assert!(features[0]["id"].is_string());
    let xy = &features[0]["geometry"]["coordinates"];
    assert!(
        (xy[0].as_f64().unwrap() - 46.75).abs() < 0.2,
        "[lon, lat]: {xy}"
    );
}

#[test]
fn bad_columns_and_scores_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    super::mentionmap(dir.path())
        .args(["resolve", "--column", "town"])
        .write_stdin("id,city\n1,Baku\n")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no column named \"town\"")
                .and(predicate::str::contains("id, city")),
        );
    super::mentionmap(dir.path())
        .args(["resolve", "--min-score", "2"])
        .write_stdin("Baku\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not in [0, 1]"));
}
