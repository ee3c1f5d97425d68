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
fn an_unreadable_date_stops_the_run_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.jsonl"),
        "{\"text\":\"Baku\",\"date\":\"2020-10-05\"}\n{\"text\":\"Baku\",\"date\":\"05/10/2020\"}\n",
    )
    .unwrap();
    super::mentionmap(dir.path())
        .args(["count", "--date-field", "date", "bad.jsonl"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "bad.jsonl: line 2: cannot read date \"05/10/2020\"",
        ));
}
