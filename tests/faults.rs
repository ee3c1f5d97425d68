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
    // Every number that adds up to the mentions with them, so that the counts are checked
    // sound and the sum overflows.
    value["entities"][&key]["mentions"] = serde_json::json!(u64::MAX);
    for tally in ["variants", "methods"] {
        let only = value["entities"][&key][tally].as_object().unwrap();
        assert_eq!(only.len(), 1, "{only:?}");
        let name = only.keys().next().unwrap().clone();
        value["entities"][&key][tally][&name] = serde_json::json!(u64::MAX);
    }
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

/// The documents counted by `count` over `args` in `dir`, and its stderr.
fn counted(dir: &std::path::Path, args: &[&str]) -> (u64, serde_json::Value, String) {
    let out = super::mentionmap(dir)
        .arg("count")
        .args(args)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .success()
        .get_output()
        .clone();
    let counts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        counts["documents"].as_u64().unwrap(),
        counts,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn links_are_followed_once_per_real_file_and_loops_reported() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir_all(news.join("2020-10")).unwrap();
    std::fs::write(news.join("2020-10/a.txt"), "Fighting near Shusha.").unwrap();
    symlink("2020-10", news.join("latest")).unwrap();
    symlink(".", news.join("self")).unwrap();
    symlink("..", news.join("2020-10/up")).unwrap();
    symlink("2020-10/a.txt", news.join("same.txt")).unwrap();
    let (documents, counts, stderr) = counted(dir.path(), &["news"]);
    assert_eq!(documents, 1, "{stderr}");
    let shusha: u64 = counts["entities"]
        .as_object()
        .unwrap()
        .values()
        .filter(|e| e["name"] == "Shusha")
        .map(|e| e["mentions"].as_u64().unwrap())
        .sum();
    assert_eq!(shusha, 1);
    assert!(stderr.contains("a link loop back to"), "{stderr}");
    let (documents, _, stderr) = counted(dir.path(), &["--no-follow", "news"]);
    assert_eq!(documents, 1, "{stderr}");
}

#[cfg(unix)]
#[test]
fn odd_names_are_read_and_special_files_skipped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir(&news).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(news.join(name), "Fighting near Shusha.").unwrap();
    let fifo = news.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let out = super::mentionmap(dir.path())
        .args(["scan", "news"])
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "pipe.txt: a FIFO, not a regular file: skipped",
        ))
        .get_output()
        .stdout
        .clone();
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8(out).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["doc"], "news/caf\u{fffd}.txt");
    assert_eq!(first["name"], "Shusha");
}

#[test]
fn a_second_map_does_not_read_its_own_outputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Fighting near Shusha.").unwrap();
    for args in [&["map", "."][..], &["map", "--force", "."][..]] {
        super::mentionmap(dir.path())
            .args(args)
            .assert()
            .success()
            .stderr(predicate::str::contains("mentionmap: 1 documents"));
    }
}

#[cfg(unix)]
#[test]
fn a_bad_document_is_skipped_and_listed_and_strict_stops_at_it() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir(&news).unwrap();
    std::fs::write(news.join("a.txt"), "Fighting near Shusha.").unwrap();
    std::fs::write(news.join("b.txt"), b"Fighting near Ganja \xff.").unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "Shelling hit Baku."
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(news.join("c.txt"), utf16).unwrap();
    std::fs::write(
        news.join("d.jsonl"),
        "\u{feff}{\"id\":\"d1\",\"text\":\"Yerevan\"}\nnot json\n{\"id\":\"d3\",\"text\":\"Tbilisi\"}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("nowhere.txt", news.join("e.txt")).unwrap();
    super::mentionmap(dir.path())
        .args(["map", "news"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("mentionmap: 5 documents")
                .and(predicate::str::contains("news/d.jsonl: line 2: "))
                .and(predicate::str::contains("3 inputs skipped or read lossily")),
        );
    let errors = std::fs::read_to_string(dir.path().join("exports/errors.jsonl")).unwrap();
    let errors: Vec<serde_json::Value> = errors
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let listed: Vec<(String, Option<u64>, String)> = errors
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["line"].as_u64(),
                e["action"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("news/e.txt".to_string(), None, "skipped".to_string()),
            (
                "news/b.txt".to_string(),
                None,
                "decoded lossily".to_string()
            ),
            ("news/d.jsonl".to_string(), Some(2), "skipped".to_string()),
        ]
    );
    let mentions = std::fs::read_to_string(dir.path().join("exports/mentions.jsonl")).unwrap();
    for name in ["Shusha", "Ganja", "Baku", "Yerevan", "Tbilisi"] {
        assert!(
            mentions.contains(&format!("\"name\":\"{name}\"")),
            "{name}: {mentions}"
        );
    }
    // --strict stops at the first problem and leaves no output, not even a temporary.
    let strict = tempfile::tempdir().unwrap();
    super::mentionmap(dir.path())
        .args(["map", "--strict", "--out"])
        .arg(strict.path())
        .arg("news")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "news/e.txt: a dangling symbolic link",
        ));
    assert_eq!(std::fs::read_dir(strict.path()).unwrap().count(), 0);
    std::fs::remove_file(news.join("e.txt")).unwrap();
    super::mentionmap(dir.path())
        .args(["map", "--strict", "--out"])
        .arg(strict.path())
        .arg("news")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("news/b.txt: not UTF-8 at byte 20"));
    assert_eq!(std::fs::read_dir(strict.path()).unwrap().count(), 0);
}
