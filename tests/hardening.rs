//! Hostile use of the commands (issue 30, items 6, 7, 9 and 10): each case runs the real binary
//! and checks the exit code, the message and that nothing is lost or left behind.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

const ENTITIES: &str =
    "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n\
                        gn:587084,place,Baku,40.37767,49.89201,AZ,PPLC,2300000\n\
                        gn:147105,place,Shusha,39.76006,46.74989,AZ,PPLA,4064\n";

/// A two-place gazetteer (one file), so that each run loads in milliseconds.
fn gazetteer(dir: &Path) -> PathBuf {
    let path = dir.join("g.csv");
    std::fs::write(&path, ENTITIES).unwrap();
    path
}

/// The file names in `dir`, sorted, hidden ones left out.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn map_into_its_input_directory_reads_the_articles_not_its_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteer(dir.path());
    let arts = dir.path().join("arts");
    std::fs::create_dir(&arts).unwrap();
    std::fs::write(arts.join("a.txt"), "Shelling hit Baku and Shusha.").unwrap();
    std::fs::write(arts.join("b.txt"), "Baku again.").unwrap();
    // Twice: the second run must not read the first run's mentions.jsonl or errors.jsonl.
    for force in [false, true] {
        let mut cmd = super::mentionmap(dir.path());
        cmd.args(["map", "arts", "--out", "arts", "--gazetteer"])
            .arg(&g);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
            .success()
            .stderr(predicate::str::contains("2 documents, 3 mentions"));
    }
    let places = std::fs::read_to_string(arts.join("places.csv")).unwrap();
    assert!(
        places.contains("Baku") && places.contains("Shusha"),
        "{places}"
    );
    // Every input skipped is an error, not empty outputs and status 0: here the only input
    // is the output itself, which is left as it was.
    std::fs::write(dir.path().join("a.jsonl"), "{\"text\":\"Baku.\"}\n").unwrap();
    super::mentionmap(dir.path())
        .args(["scan", "a.jsonl", "-o", "a.jsonl", "--force", "--gazetteer"])
        .arg(&g)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "nothing to read: every input was skipped (a.jsonl: an output of this run, not read)",
        ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.jsonl")).unwrap(),
        "{\"text\":\"Baku.\"}\n"
    );
}

#[test]
fn a_run_replaces_the_whole_set_of_its_commands_last_run() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteer(dir.path());
    std::fs::write(dir.path().join("one.txt"), "Shelling hit Baku.").unwrap();
    std::fs::write(
        dir.path().join("news.jsonl"),
        "{\"text\":\"Baku, Shusha.\",\"date\":\"2020-10-05\"}\n\
         {\"text\":\"Shusha.\",\"date\":\"2020-11-02\"}\n",
    )
    .unwrap();
    let map = |out: &str, args: &[&str]| {
        let mut cmd = super::mentionmap(dir.path());
        cmd.args(["map", "--out", out, "--gazetteer"])
            .arg(&g)
            .args(args);
        cmd.assert()
    };
    map(
        "o",
        &["--svg", "--coverage", "AZ", "--suggest", "1", "one.txt"],
    )
    .success();
    let o = dir.path().join("o");
    for name in ["map.svg", "coverage.csv", "suggestions.csv"] {
        assert!(o.join(name).exists(), "{name}");
    }
    // The user's own file in the directory, and a file of the last run edited by hand since.
    std::fs::write(o.join("notes.txt"), "mine").unwrap();
    std::fs::write(o.join("suggestions.csv"), "edited by hand\n").unwrap();
    map("o", &["--force", "one.txt"])
        .success()
        .stderr(predicate::str::contains(
            "removed o/coverage.csv, o/map.svg of the last run",
        ));
    let expected = [
        "errors.jsonl",
        "map.html",
        "mentions.jsonl",
        "notes.txt",
        "organisations.csv",
        "people.csv",
        "places.csv",
        "places.geojson",
        "places.geojsonl",
        "suggestions.csv",
    ];
    assert_eq!(files_in(&o), expected);
    assert_eq!(
        std::fs::read_to_string(o.join("notes.txt")).unwrap(),
        "mine"
    );

    // `audit` keeps its own set: --by month, then without it.
    let audit = |args: &[&str]| {
        let mut cmd = super::mentionmap(dir.path());
        cmd.args(["audit", "--out", "a", "--country", "AZ", "--gazetteer"])
            .arg(&g)
            .args(args);
        cmd.assert()
    };
    audit(&["--by", "month", "--date-field", "date", "news.jsonl"]).success();
    let a = dir.path().join("a");
    assert!(a.join("coverage_by_month.csv").exists());
    // Without --force the last run's file is refused, like any output there.
    audit(&["news.jsonl"])
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    audit(&["--force", "news.jsonl"]).success();
    assert!(!a.join("coverage_by_month.csv").exists());
    assert_eq!(
        files_in(&a),
        ["countries.geojson", "coverage.csv", "coverage.geojson"]
    );

    // Another command's file is not this command's: `map --coverage` into the audit's
    // directory, then `map` without it, leaves the audit's coverage.geojson and, once the
    // audit has replaced it, its coverage.csv.
    map("a", &["--coverage", "AZ", "--force", "one.txt"]).success();
    audit(&["--force", "news.jsonl"]).success();
    map("a", &["--force", "one.txt"]).success();
    let coverage = std::fs::read_to_string(a.join("coverage.csv")).unwrap();
    assert!(a.join("coverage.geojson").exists() && !coverage.is_empty());
}

/// An alias file of `rows` good rows, with a quote left open on line 3.
fn aliases_with_an_open_quote(rows: usize) -> String {
    let mut csv = String::from("entity_id,alias,lang,type\ngn:587084,Bakı,az,variant\n");
    csv.push_str("gn:147105,\"Şuşa,az,variant\n");
    for i in 0..rows {
        csv.push_str(&format!("gn:147105,Shushi {i},,preferred\n"));
    }
    csv.push_str("gn:147105,Shushi,hy-Latn,preferred\n");
    csv
}

#[test]
fn an_open_quote_in_a_gazetteer_loses_its_row_only() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g");
    std::fs::create_dir(&g).unwrap();
    std::fs::write(g.join("entities.csv"), ENTITIES).unwrap();
    std::fs::write(g.join("aliases.csv"), aliases_with_an_open_quote(1000)).unwrap();
    let scan = || {
        let mut cmd = super::mentionmap(dir.path());
        cmd.args(["scan", "--gazetteer"]).arg(&g);
        cmd.write_stdin("Shelling hit Bakı and Shushi 999, then Shushi.");
        cmd
    };
    // The quote opened on line 3 closes on no line: the record would run to the end.
    scan().assert().code(1).stderr(predicate::str::contains(
        "aliases.csv: line 3: the row runs over lines 3 to 1004: a quote opened on line 3 is not closed on it",
    ));
    let out = scan()
        .arg("--skip-bad-rows")
        .assert()
        .success()
        .stderr(
            predicate::str::contains("skipped 1 invalid gazetteer rows").and(
                predicate::str::contains("line 3: the row runs over lines 3 to 1004"),
            ),
        )
        .get_output()
        .stdout
        .clone();
    let surfaces: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["surface"].to_string())
        .collect();
    // The rows after the broken one are all read: the 1,000th and the last.
    assert_eq!(
        surfaces,
        ["\"Bakı\"", "\"Shushi 999\"", "\"Shushi\""],
        "{surfaces:?}"
    );
}

#[test]
fn a_name_past_the_length_cap_is_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Baku".repeat(100_000);
    let csv = format!("{ENTITIES}gn:1,place,{long},1,1,AZ,PPL,1\n");
    std::fs::write(dir.path().join("g.csv"), csv).unwrap();
    let scan = || {
        let mut cmd = super::mentionmap(dir.path());
        cmd.args(["scan", "--gazetteer", "g.csv"])
            .write_stdin("Baku.");
        cmd
    };
    let message = "g.csv: line 4: a name of gn:1 (\"BakuBakuBakuBakuBakuBakuBakuBa\"...) is 400000 bytes long, more than the 1024 a name may have";
    scan()
        .assert()
        .code(1)
        .stderr(predicate::str::contains(message));
    scan()
        .arg("--skip-bad-rows")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"entity_id\":\"gn:587084\""))
        .stderr(predicate::str::contains(message));
}

#[test]
fn resolve_refuses_an_ambiguous_column_and_a_line_without_end() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteer(dir.path());
    std::fs::write(dir.path().join("in.csv"), "city,city\nBaku,Shusha\n").unwrap();
    let resolve = |args: &[&str]| {
        let mut cmd = super::mentionmap(dir.path());
        cmd.args(["resolve", "-q", "--gazetteer"])
            .arg(&g)
            .args(args);
        cmd.assert()
    };
    resolve(&["--column", "city", "in.csv"])
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "the header names 2 columns \"city\" (columns 1, 2): say which with --column 1 or --column 2",
        ));
    let out = resolve(&["--column", "2", "in.csv", "--format", "jsonl"])
        .success()
        .get_output()
        .stdout
        .clone();
    let row: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(row["entity_id"], "gn:147105", "{row}");
    // A line that never ends is refused after a MiB, not read into memory for ever.
    #[cfg(unix)]
    resolve(&["/dev/zero"])
        .code(1)
        .stderr(predicate::str::contains(
            "/dev/zero: line 1 is longer than 1 MiB",
        ));
    let mut long = "Baku\n".to_string();
    long.push_str(&"x".repeat(2 << 20));
    super::mentionmap(dir.path())
        .args(["resolve", "-q", "--gazetteer"])
        .arg(&g)
        .write_stdin(long)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "stdin: line 2 is longer than 1 MiB",
        ));
}

/// Counts of one document `doc` holding `text`, made by the real binary.
fn counts_line(dir: &Path, g: &Path, doc: &str, text: &str) -> serde_json::Value {
    std::fs::write(dir.join(doc), text).unwrap();
    let out = super::mentionmap(dir)
        .args(["count", "--gazetteer"])
        .arg(g)
        .arg(doc)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn counts_that_do_not_add_up_are_refused_and_overlaps_named() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteer(dir.path());
    let good = counts_line(dir.path(), &g, "one.txt", "Baku, Baku and Shusha.");
    std::fs::write(dir.path().join("a.jsonl"), format!("{good}\n")).unwrap();
    let refused = |value: &serde_json::Value, command: &str, message: &str| {
        std::fs::write(dir.path().join("bad.jsonl"), format!("\n{value}\n")).unwrap();
        let mut cmd = super::mentionmap(dir.path());
        cmd.arg(command);
        if command == "export" {
            cmd.args(["--out", "x", "--gazetteer"]).arg(&g);
        } else {
            cmd.arg("a.jsonl");
        }
        cmd.arg("bad.jsonl")
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "bad.jsonl: line 2: counts: {message}"
            )));
        assert!(!dir.path().join("x/places.geojson").exists());
    };
    // A mention count edited, its spellings left.
    let mut edited = good.clone();
    edited["entities"]["gn:587084"]["mentions"] = serde_json::json!(5);
    for command in ["merge", "export"] {
        refused(
            &edited,
            command,
            "gn:587084: 5 mentions, but its spellings add up to 2 and its methods to 2",
        );
    }
    // More documents than mentions, or than the counts hold.
    let mut edited = good.clone();
    edited["entities"]["gn:147105"]["documents"] = serde_json::json!(2);
    refused(&edited, "merge", "gn:147105: 1 mentions in 2 documents");
    // One place under two keys would be two features with one id.
    let mut edited = good.clone();
    let baku = edited["entities"]["gn:587084"].clone();
    edited["entities"]["baku-again"] = baku;
    refused(
        &edited,
        "export",
        "gn:587084: listed under \"baku-again\", not \"gn:587084\"",
    );

    // The same documents twice: merged (the sum is still exact), with a warning.
    let other = counts_line(dir.path(), &g, "two.txt", "Shusha.");
    std::fs::write(dir.path().join("b.jsonl"), format!("{other}\n")).unwrap();
    let merge = |files: &[&str]| {
        let out = super::mentionmap(dir.path())
            .arg("merge")
            .args(files)
            .assert()
            .success()
            .get_output()
            .clone();
        let total: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (total, String::from_utf8(out.stderr).unwrap())
    };
    let (total, warned) = merge(&["a.jsonl", "a.jsonl"]);
    assert_eq!(total["documents"], 2);
    assert!(
        warned.contains(
            "warning: document \"one.txt\" is counted in a.jsonl: line 1 and again in a.jsonl: line 1: the same documents in two parts are counted twice"
        ),
        "{warned}"
    );
    let (total, quiet) = merge(&["a.jsonl", "b.jsonl"]);
    assert_eq!(total["documents"], 2);
    assert_eq!(quiet, "");
}
