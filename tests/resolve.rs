//! `mentionmap resolve` on real names, as lists and as CSV columns.

use predicates::prelude::*;
use serde_json::{json, Value};

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
    assert_eq!(out[0].len(), 13);
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
    assert!(rows.iter().all(|r| r.len() == 3 + 12), "{rows:?}");
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

/// The issue's five cells (issue 32), none of which resolved before: each is read as a name
/// and its context, or as two names of one place.
#[test]
fn the_five_cells_of_the_issue_resolve_with_their_context_as_evidence() {
    let out = jsonl(&resolve(
        &["--format", "jsonl"],
        "Baku, Azerbaijan\nParis, Texas\nYerevan, AM\nStepanakert (Khankendi)\nShusha/Shushi\n",
    ));
    let expected = [
        ("gn:587084", "country from the cell: AZ"),
        ("gn:4717560", "division from the cell: Texas (US.TX)"),
        ("gn:616052", "country from the cell: AM"),
        ("gn:146970", "also named \"Khankendi\" in the cell"),
        ("gn:147105", "also named \"Shushi\" in the cell"),
    ];
    for (row, (id, evidence)) in out.iter().zip(expected) {
        assert_eq!(row["entity_id"], id, "{row}");
        assert_eq!(row["match"], true, "{row}");
        assert!(
            row["evidence"].as_str().unwrap().contains(evidence),
            "{evidence}: {row}"
        );
        assert!(row["doubt"].is_null(), "{row}");
    }
    // The context was read, and the reading is written for CSV users too.
    assert!(out[1]["notes"][0]
        .as_str()
        .unwrap()
        .contains("\"Texas\" read as division Texas (US.TX)"));
    let rows = csv_rows(&resolve(&[], "Paris, Texas\n"));
    assert_eq!(rows[0].last().unwrap(), "notes");
    assert!(
        rows[1].last().unwrap().contains("division Texas"),
        "{rows:?}"
    );
}

/// Traps: a bare "Georgia" is the country, a Georgia with a US context the state; the same
/// "Paris" goes two ways by its context; a name with a comma or brackets of its own is looked
/// up whole before any splitting; a Paris the gazetteer lacks is not made sure elsewhere.
#[test]
fn context_decides_namesakes_and_names_with_commas_stay_whole() {
    let table = [
        ("Georgia", "gn:614540", true),
        ("Georgia, USA", "gn:4197000", true),
        ("Tbilisi, Georgia", "gn:611717", true),
        ("Athens, Georgia", "gn:4180386", true),
        ("Athens, Ga.", "gn:4180386", true),
        ("Paris, France", "gn:2988507", true),
        ("Paris, Tex.", "gn:4717560", true),
        ("Paris, TX 75460", "gn:4717560", true),
        ("Columbus, GA", "gn:4188985", true),
        ("Kansas City, Mo.", "gn:4393217", true),
        ("Washington, D.C.", "gn:4140963", true),
        ("Halle (Saale)", "gn:2911522", true),
        ("Kyiv (Kiev)", "gn:703448", true),
        ("City of Baku", "gn:587084", true),
        ("г. Баку", "gn:587084", true),
        ("Bakı şəhəri", "gn:587084", true),
        ("Baku 2020", "gn:587084", true),
        ("Ереван, Армения", "gn:616052", true),
        ("Azerbaijan, Baku", "gn:587084", true),
        ("Texas, Paris", "gn:4717560", true),
    ];
    let input: String = table
        .iter()
        .map(|(cell, _, _)| format!("{cell}\n"))
        .collect();
    let out = jsonl(&resolve(&["--format", "jsonl"], &input));
    for (row, (cell, id, sure)) in out.iter().zip(table) {
        assert_eq!(row["input"], cell);
        assert_eq!(
            (&row["entity_id"], &row["match"]),
            (&json!(id), &json!(sure)),
            "{row}"
        );
    }
    // Names of their own are matched whole: nothing was read off them.
    for i in [10, 11] {
        assert_eq!(out[i]["notes"], json!([]), "{}", out[i]);
        assert_eq!(out[i]["method"], "exact");
    }
    // "Paris, Tenn.": the gazetteer has no Paris in Tennessee; the others are not sure.
    let tenn = &jsonl(&resolve(&["--format", "jsonl"], "Paris, Tenn.\n"))[0];
    assert_eq!(tenn["match"], false, "{tenn}");
    assert_eq!(tenn["doubt"], "outside the context", "{tenn}");
}

/// Two names of one cell that are not one place, and a name outside its cell's country, are
/// flagged and never sure.
#[test]
fn names_that_disagree_and_names_outside_their_context_are_flagged() {
    let out = jsonl(&resolve(
        &["--format", "jsonl"],
        "Baku / Yerevan\nShusha (Yerevan)\nBaku, Armenia\n",
    ));
    assert_eq!(out[0]["doubt"], "names disagree", "{}", out[0]);
    assert_eq!(out[1]["doubt"], "names disagree", "{}", out[1]);
    assert_eq!(out[2]["doubt"], "outside the context", "{}", out[2]);
    for row in &out {
        assert_eq!(row["match"], false, "{row}");
    }
    assert_eq!(out[0]["entity_id"], "gn:587084", "the first name is kept");
    assert!(out[2]["evidence"]
        .as_str()
        .unwrap()
        .contains("not in \"Armenia\" (cell) as given"));
}

/// Item 2 of issue 32: `--country` prefers (a bias for the whole list, as in every command);
/// a country given for one row (in its cell, its country column, a query property) narrows.
#[test]
fn country_for_the_list_biases_and_country_for_the_row_narrows() {
    // Baku is in Azerbaijan whatever the list prefers...
    let biased = jsonl(&resolve(
        &["--format", "jsonl", "--country", "AM"],
        "Baku\n",
    ));
    assert_eq!(biased[0]["entity_id"], "gn:587084");
    assert_eq!(biased[0]["match"], true, "{}", biased[0]);
    // ...but a row that says Armenia is not surely Baku.
    let narrowed = jsonl(&resolve(
        &[
            "--format",
            "jsonl",
            "--column",
            "city",
            "--country-column",
            "country",
        ],
        "city,country\nBaku,Armenia\nGeorgia,US\nParis,United States\n",
    ));
    assert_eq!(narrowed[0]["match"], false);
    assert_eq!(narrowed[0]["doubt"], "outside the context");
    assert_eq!(narrowed[1]["entity_id"], "gn:4197000", "{}", narrowed[1]);
    assert!(narrowed[1]["evidence"]
        .as_str()
        .unwrap()
        .contains("country from the column country: US"));
    assert_eq!(narrowed[2]["entity_id"], "gn:4717560");
    assert_eq!(narrowed[2]["match"], true);
}

/// Item 3 of issue 32: other columns of the row as evidence. A country column reads only
/// countries ("GA" is Gabon there); a context column reads divisions too ("GA" is Georgia).
#[test]
fn country_and_context_columns_narrow_each_row() {
    let input = "id,city,country,state\n\
                 1,Columbus,,GA\n\
                 2,Columbus,GA,\n\
                 3,Paris,,Tex.\n\
                 4,Springfield,US,Illinois\n\
                 5,Springfield,US,Missouri\n\
                 6,Tbilisi,,\n";
    let out = jsonl(&resolve(
        &[
            "--format",
            "jsonl",
            "--column",
            "city",
            "--country-column",
            "country",
            "--context-column",
            "state",
        ],
        input,
    ));
    assert_eq!(out.len(), 6);
    assert_eq!(out[0]["entity_id"], "gn:4188985", "{}", out[0]);
    assert!(out[0]["evidence"]
        .as_str()
        .unwrap()
        .contains("division from the column state: Georgia (US.GA)"));
    assert_eq!(out[1]["match"], false, "no Columbus in Gabon: {}", out[1]);
    assert_eq!(out[2]["entity_id"], "gn:4717560");
    assert_eq!(out[3]["entity_id"], "gn:4250542");
    assert_eq!(out[4]["entity_id"], "gn:4409896");
    assert_eq!(out[3]["match"], true);
    assert_eq!(
        out[5]["entity_id"], "gn:611717",
        "empty context cells change nothing"
    );
    // The columns are checked like --column.
    let dir = tempfile::tempdir().unwrap();
    super::mentionmap(dir.path())
        .args(["resolve", "--column", "city", "--country-column", "nation"])
        .write_stdin("city,country\nBaku,AZ\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no column named \"nation\""));
}

/// Item 4 of issue 32: the rows left to curate are counted by reason on stderr, and written
/// with `--unresolved` as alias rows to confirm.
#[test]
fn unresolved_rows_are_counted_by_reason_and_written_for_curation() {
    let dir = tempfile::tempdir().unwrap();
    let output = super::mentionmap(dir.path())
        .args(["resolve", "--unresolved", "todo.csv", "-o", "out.csv"])
        .write_stdin(
            "Baku\nQwxzv Plorth\nBaku, Armenia\nBaku / Yerevan\nMnatsakanyian\nQwxzv Plorth\n",
        )
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    for line in [
        "2 no candidate: row 2 \"Qwxzv Plorth\"\n",
        "1 names disagree: row 4 \"Baku / Yerevan\"",
        "1 outside the context: row 3 \"Baku, Armenia\"",
        "1 fuzzy only: row 5 \"Mnatsakanyian\"",
    ] {
        assert!(stderr.contains(line), "{line}: {stderr}");
    }
    let todo = csv_rows(&std::fs::read_to_string(dir.path().join("todo.csv")).unwrap());
    assert_eq!(
        todo[0],
        [
            "entity_id",
            "alias",
            "lang",
            "type",
            "reason",
            "candidate",
            "score",
            "rows"
        ]
    );
    assert_eq!(todo.len(), 5, "one line per distinct cell: {todo:?}");
    assert_eq!(
        (todo[1][1].as_str(), todo[1][7].as_str()),
        ("Qwxzv Plorth", "2")
    );
    assert!(todo[1][0].is_empty());
    let armenia = todo.iter().find(|r| r[1] == "Baku, Armenia").unwrap();
    assert_eq!(armenia[0], "gn:587084");
    assert!(std::fs::read_to_string(dir.path().join("out.csv"))
        .unwrap()
        .starts_with("input,entity_id"));
}

/// The measure of issue 32: 93 cells written the ways spreadsheets write places
/// (`tests/fixtures/cells.csv`, each with its entity or `none`): at least 95% right, and no
/// wrong sure match. Right: the expected entity wins; for `none`, no sure match.
#[test]
fn a_table_of_spreadsheet_cells_resolves_right() {
    let fixture = super::root().join("tests/fixtures/cells.csv");
    let text = std::fs::read_to_string(&fixture).unwrap();
    let expected: Vec<(String, String)> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    assert!(expected.len() >= 60);
    let out = jsonl(&resolve(&["--format", "jsonl", "--column", "cell"], &text));
    assert_eq!(out.len(), expected.len());
    let mut wrong = Vec::new();
    let mut wrong_sure = Vec::new();
    for (row, (cell, id)) in out.iter().zip(&expected) {
        let sure = row["match"] == true;
        let right = if id == "none" {
            !sure
        } else {
            row["entity_id"] == id.as_str()
        };
        if !right {
            wrong.push(format!("{cell} -> {} (want {id})", row["entity_id"]));
        }
        if sure && row["entity_id"] != id.as_str() {
            wrong_sure.push(cell.clone());
        }
    }
    assert!(wrong_sure.is_empty(), "wrong sure matches: {wrong_sure:?}");
    let right = expected.len() - wrong.len();
    assert!(
        right * 100 >= expected.len() * 95,
        "{right} of {} right; wrong: {wrong:#?}",
        expected.len()
    );
}
