//! The document stream as a user meets it: the same output whatever the threads, and documents
//! too large to hold refused by name.

/// The sample articles cut into paragraphs, one JSONL document each: many documents of uneven
/// length, so that threads finish them out of order.
pub fn paragraphs_jsonl() -> String {
    let mut files: Vec<_> = std::fs::read_dir(super::articles())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut out = String::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for (i, paragraph) in text.split("\n\n").enumerate() {
            let line = serde_json::json!({ "id": format!("{name}#{i}"), "text": paragraph });
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }
    out
}

#[test]
fn outputs_are_byte_identical_whatever_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let feed = paragraphs_jsonl();
    assert!(feed.lines().count() > 40, "too few documents to reorder");
    std::fs::write(dir.path().join("feed.jsonl"), &feed).unwrap();
    let scan = |threads: &str| -> Vec<u8> {
        let out = super::mentionmap(dir.path())
            .args(["scan", "--threads", threads, "feed.jsonl"])
            .arg(super::articles())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let one = scan("1");
    assert!(one.len() > 10_000, "the scan found too little");
    assert!(one == scan("2"), "scan --threads 1 and 2 differ");

    for threads in ["1", "2"] {
        super::mentionmap(dir.path())
            .args([
                "map",
                "-q",
                "--suggest",
                "--threads",
                threads,
                "--out",
                threads,
            ])
            .arg("feed.jsonl")
            .assert()
            .success();
    }
    for file in [
        "mentions.jsonl",
        "places.geojson",
        "people.csv",
        "suggestions.csv",
    ] {
        let read = |d: &str| std::fs::read(dir.path().join(d).join(file)).unwrap();
        assert!(
            read("1") == read("2"),
            "{file} differs between 1 and 2 threads"
        );
    }
    // The mentions are in input order: the documents' ids appear as the feed lists them.
    let mentions = std::fs::read_to_string(dir.path().join("1/mentions.jsonl")).unwrap();
    let mut docs: Vec<String> = mentions
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    docs.dedup();
    let order: Vec<String> = feed
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .filter(|id| docs.contains(id))
        .collect();
    assert_eq!(docs, order);
}

#[test]
fn a_document_over_the_size_limit_is_refused_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{{\"text\":\"{}\"}}", "Baku and Ganja. ".repeat(10_000));
    std::fs::write(
        dir.path().join("feed.jsonl"),
        format!("{{\"text\":\"Yerevan\"}}\n{long}\n"),
    )
    .unwrap();
    let out = super::mentionmap(dir.path())
        .args(["scan", "--max-doc-bytes", "100K", "feed.jsonl"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "feed.jsonl: line 2: a line of {} bytes is longer than the limit of 102400 (raise --max-doc-bytes to read it)",
            long.len()
        )),
        "{stderr}"
    );
    // The first document was scanned before the second was read.
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"name\":\"Yerevan\""));
    super::mentionmap(dir.path())
        .args(["scan", "--max-doc-bytes", "1M", "feed.jsonl"])
        .assert()
        .success();
    super::mentionmap(dir.path())
        .args(["scan", "--max-doc-bytes", "lots", "feed.jsonl"])
        .assert()
        .code(2);
}
