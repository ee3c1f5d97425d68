//! Bad input and faults (issue 13): a bad gazetteer row, a bad counts file, a closed pipe.
//! Each case runs the real binary and checks the exit code, the message (file and line) and
//! what is left on disk.

use std::io::Write;
use std::process::{Command, Stdio};

use predicates::prelude::*;

const HEADER: &str =
    "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n";

/// A gazetteer with two good rows and four bad ones: a short row, a long row, invalid UTF-8 and a
/// latitude out of range.
fn bad_gazetteer(dir: &std::path::Path) -> std::path::PathBuf {
    let mut bytes = format!(
        "{HEADER}gn:1,place,Baku,40.37,49.89,AZ,PPLC,1\ngn:2,place,Short,1\n\
         gn:3,place,Long,1,1,,,,,extra\ngn:4,place,Bad"
    )
    .into_bytes();
    bytes.push(0xff);
    bytes.extend_from_slice(
        b",1,1,,,\ngn:5,place,Ganja,40.68,46.36,AZ,PPLA,1\ngn:6,place,Far,99,1,,,\n",
    );
    let path = dir.join("g.csv");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn skip_bad_rows_skips_structural_errors_and_lists_the_lines() {
    let dir = tempfile::tempdir().unwrap();
    let gazetteer = bad_gazetteer(dir.path());
    super::mentionmap(dir.path())
        .args(["scan", "--gazetteer"])
        .arg(&gazetteer)
        .write_stdin("From Baku to Ganja.")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "g.csv: line 3: the row has 4 fields, the header 8",
        ));
    let out = super::mentionmap(dir.path())
        .args(["scan", "--skip-bad-rows", "--gazetteer"])
        .arg(&gazetteer)
        .write_stdin("From Baku to Ganja.")
        .assert()
        .success()
        .stderr(
            predicate::str::contains("skipped 4 invalid gazetteer rows")
                .and(predicate::str::contains(
                    "g.csv: line 3: the row has 4 fields, the header 8",
                ))
                .and(predicate::str::contains(
                    "g.csv: line 4: the row has 10 fields, the header 8",
                ))
                .and(predicate::str::contains(
                    "g.csv: line 5: field 3 is not UTF-8",
                ))
                .and(predicate::str::contains(
                    "g.csv: line 7: latitude 99 is out of range",
                )),
        )
        .get_output()
        .stdout
        .clone();
    let names: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["name"].to_string())
        .collect();
    assert_eq!(names, ["\"Baku\"", "\"Ganja\""]);
}

#[test]
fn gazetteer_check_lists_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let gazetteer = bad_gazetteer(dir.path());
    let out = super::mentionmap(dir.path())
        .args(["gazetteer", "check"])
        .arg(&gazetteer)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("4 errors (listed above)"))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 4, "{out}");
    assert!(errors[3].ends_with("g.csv: line 7: latitude 99 is out of range [-90, 90]"));
}

#[test]
fn gazetteer_check_lints_an_extension_against_the_default() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ext.csv"),
        "entity_id,alias,lang,type\ngn:587084,Bakı şəhəri,az,variant\ngn:587084,B,,variant\nnope:1,Nowhere,,\n",
    )
    .unwrap();
    super::mentionmap(dir.path())
        .args(["gazetteer", "check", "--extend", "ext.csv"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains(
                "error: ext.csv: line 4: alias \"Nowhere\" names unknown entity nope:1",
            )
            .and(
                predicate::str::contains("never searched for")
                    .and(predicate::str::contains("\"B\"")),
            ),
        );
    // Alone, the same file is nothing but unknown entities.
    std::fs::write(
        dir.path().join("ok.csv"),
        "entity_id,alias,lang,type\ngn:587084,Bakı şəhəri,az,variant\n",
    )
    .unwrap();
    super::mentionmap(dir.path())
        .args(["gazetteer", "check", "--extend", "ok.csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: "));
}

#[test]
fn a_missing_column_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("g.csv"),
        "entity_id,kind,name,latitude,country_code\ngn:1,place,Baku,40.37,AZ\n",
    )
    .unwrap();
    super::mentionmap(dir.path())
        .args(["gazetteer", "check", "g.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "g.csv: line 1: the header has a latitude column but no longitude column",
        ));
}

/// Counts of one document, made by the real binary.
fn counts_line(dir: &std::path::Path) -> String {
    let out = super::mentionmap(dir)
        .args(["count", "-"])
        .write_stdin("Fighting near Shusha.")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn counts_that_overflow_or_leave_the_globe_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let line = counts_line(dir.path());
    let mut value: serde_json::Value = serde_json::from_str(&line).unwrap();
    let (key, _) = value["entities"]
        .as_object()
        .unwrap()
        .iter()
        .next()
        .unwrap();
    let key = key.clone();
    value["entities"][&key]["mentions"] = serde_json::json!(u64::MAX);
    std::fs::write(dir.path().join("a.jsonl"), &line).unwrap();
    std::fs::write(dir.path().join("b.jsonl"), format!("{value}\n")).unwrap();
    super::mentionmap(dir.path())
        .args(["merge", "a.jsonl", "b.jsonl"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "b.jsonl: line 1: counts: the mention count of {key} overflows (u64)"
        )));
    for (field, bad, message) in [
        ("lat", 999.0, "latitude 999 of"),
        ("lon", 1e308, "longitude 1000"),
    ] {
        let mut value: serde_json::Value = serde_json::from_str(&line).unwrap();
        value["entities"][&key][field] = serde_json::json!(bad);
        std::fs::write(dir.path().join("far.jsonl"), format!("\n{value}\n")).unwrap();
        super::mentionmap(dir.path())
            .args(["export", "far.jsonl", "--out", "x"])
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("far.jsonl: line 2: counts: ")
                    .and(predicate::str::contains(message)),
            );
        assert!(!dir.path().join("x/places.geojson").exists());
    }
}

/// Runs the binary with its stdout a pipe whose reading end is closed before anything is
/// written (stdin is written only after the close), as `mentionmap ... | true` does.
fn into_a_closed_pipe(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("mentionmap"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut input = child.stdin.take().unwrap();
    // The process may be gone before all is written: a failed write here is fine.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let line = counts_line(dir.path());
    for (args, stdin) in [
        (&["count", "-"][..], "Fighting near Shusha."),
        (&["merge", "-"][..], line.as_str()),
        (&["scan", "-"][..], "Fighting near Shusha."),
    ] {
        let out = into_a_closed_pipe(args, stdin);
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).into_owned()
            ),
            (Some(0), String::new()),
            "{args:?}"
        );
    }
}
