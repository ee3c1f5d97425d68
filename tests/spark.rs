//! `count` as a stage of Apache Spark: scripts/spark_count.py pipes partitions of the sample
//! articles through `mentionmap count` in local mode, and the merge equals one `count`.
//!
//! Needs Java and pyspark: the Python is `MENTIONMAP_PYSPARK_PYTHON` (`.ci/run` makes a
//! virtual environment with pyspark and sets it), else `python3`. Without them the test is
//! skipped with a message, and fails when `CI` is set.

use std::path::PathBuf;
use std::process::Command;

/// The Python that has pyspark, or `None` (after saying why) when the test cannot run here.
fn pyspark_python() -> Option<String> {
    let python =
        std::env::var("MENTIONMAP_PYSPARK_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let java = Command::new("java").arg("-version").output();
    let pyspark = Command::new(&python)
        .args(["-c", "import pyspark"])
        .output();
    let missing = match (java, pyspark) {
        (Ok(j), _) if !j.status.success() => "java does not run",
        (Err(_), _) => "java is not installed",
        (_, Err(_)) => "the Python interpreter is missing",
        (_, Ok(p)) if !p.status.success() => "pyspark is not installed",
        _ => return Some(python),
    };
    let message = format!(
        "the Spark test needs Java 17 and pyspark ({missing} for {python}): run .ci/run, or set \
         MENTIONMAP_PYSPARK_PYTHON to a Python with pyspark"
    );
    if std::env::var_os("CI").is_some() {
        panic!("{message}");
    }
    eprintln!("skipped: {message}");
    None
}

#[test]
fn spark_pipe_counts_of_partitions_merge_into_one_count() {
    let Some(python) = pyspark_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The sample articles, one JSONL document each, with ids (a document without an id is
    // named after its line in its partition, which depends on the split).
    let mut files: Vec<PathBuf> = std::fs::read_dir(super::articles())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut feed = String::new();
    for path in &files {
        let line = serde_json::json!({
            "id": path.file_name().unwrap().to_string_lossy(),
            "text": std::fs::read_to_string(path).unwrap(),
        });
        feed.push_str(&format!("{line}\n"));
    }
    std::fs::write(dir.path().join("feed.jsonl"), &feed).unwrap();

    let binary = assert_cmd::cargo::cargo_bin("mentionmap");
    let spark = Command::new(&python)
        .arg(super::root().join("scripts/spark_count.py"))
        .arg("--binary")
        .arg(&binary)
        .args([
            "--master",
            "local[2]",
            "--partitions",
            "4",
            "-o",
            "spark.json",
        ])
        .arg("feed.jsonl")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&spark.stderr);
    assert!(spark.status.success(), "spark_count.py failed:\n{stderr}");
    // Several partitions, each piped through its own `count`.
    let partitions = stderr
        .lines()
        .find_map(|l| l.strip_prefix("spark_count: "))
        .unwrap_or_else(|| panic!("no partition report in:\n{stderr}"));
    let n: usize = partitions.split(' ').next().unwrap().parse().unwrap();
    assert!(n >= 3, "only {partitions}");
    assert!(
        partitions.ends_with(&format!("{n} counts lines")),
        "{partitions}"
    );

    let whole = super::mentionmap(dir.path())
        .args(["count", "feed.jsonl"])
        .output()
        .unwrap();
    assert!(whole.status.success());
    let parse = |bytes: &[u8]| -> serde_json::Value { serde_json::from_slice(bytes).unwrap() };
    let merged = parse(&std::fs::read(dir.path().join("spark.json")).unwrap());
    assert_eq!(merged["documents"], 5);
    assert_eq!(
        merged,
        parse(&whole.stdout),
        "Spark's merged counts differ from one count"
    );
}
