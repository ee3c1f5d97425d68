//! `mentionmap eval` on the multilingual corpora's formats: tiny hand-written fixtures in
//! `tests/fixtures/multilingual/` (FactRuEval layers, ArmTDP JSON Lines, Turkish CoNLL) against a
//! gazetteer of eleven names, so that every printed figure can be worked out by hand.

use std::path::PathBuf;

fn fixtures() -> PathBuf {
    super::root().join("tests/fixtures/multilingual")
}

/// The printed table row of `corpus` and `kind`, as its whitespace-separated cells (the
/// corpus's name may hold a space; the `|` separators dropped).
fn row(stdout: &str, corpus: &str, kind: &str) -> Vec<String> {
    let line = stdout
        .lines()
        .find(|l| {
            l.strip_prefix(corpus)
                .is_some_and(|rest| rest.split_whitespace().next() == Some(kind))
        })
        .unwrap_or_else(|| panic!("no row for {corpus} {kind} in:\n{stdout}"));
    line[corpus.len()..]
        .split_whitespace()
        .filter(|c| *c != "|")
        .map(str::to_string)
        .collect()
}

#[test]
fn eval_scores_places_and_people_of_the_three_formats_by_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixtures();
    let output = super::mentionmap(dir.path())
        .arg("eval")
        .arg("--gazetteer")
        .arg(f.join("gazetteer.csv"))
        .args(["--no-fuzzy", "--no-variants", "--factrueval"])
        .arg(f.join("factrueval"))
        .arg("--armtdp")
        .arg(f.join("armtdp.json1"))
        .arg("--turkish")
        .arg(f.join("dev.conll"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    // Cells: kind, docs, gold, predicted, left out, P, R, F1, exact F1.
    let cells = |corpus: &str, kind: &str| row(&stdout, corpus, kind)[1..8].join(" ");
    // FactRuEval: gold Москве (found: Москва's stem and an ending), Москва, Лион; predicted Лион
    // inside the organisation "Банк Лион" (left out), Москве, Москва, Лион, and Самара
    // (annotated as nothing): P 3/4, R 3/3. Иван Петров found.
    assert_eq!(cells("FactRuEval", "place"), "1 3 5 1 0.750 1.000 0.857");
    assert_eq!(cells("FactRuEval", "person"), "1 1 1 0 1.000 1.000 1.000");
    // ArmTDP: gold "ՀՀ " (trimmed, missed: the fixture's gazetteer lacks it), Երևանում (found:
    // Երևան and an ending), Երևան, " Գյումրի" (found); Վանաձոր inside an organisation is left
    // out: P 3/3, R 3/4.
    assert_eq!(cells("ArmTDP", "place"), "1 4 4 1 1.000 0.750 0.857");
    // Turkish: İran found inside İran'ın, Tahran'dır and Roma missed; Ankara inside an
    // organisation left out, Bursa wrong: P 1/2, R 1/3, F1 0.4.
    assert_eq!(cells("Turkish dev", "place"), "1 3 3 1 0.500 0.333 0.400");
    assert_eq!(cells("Turkish dev", "person"), "1 1 1 0 1.000 1.000 1.000");
    for line in [
        "FactRuEval places missed by class: in gazetteer 0, inflected 0, abbreviation 0, not in gazetteer 0",
        "FactRuEval recall of inflected forms: 1/1 = 1.000",
        "FactRuEval most frequent false positives: Самара (1)",
        "ArmTDP places missed by class: in gazetteer 0, inflected 0, abbreviation 1, not in gazetteer 0",
        "ArmTDP most missed, abbreviation: ՀՀ (1)",
        "Turkish dev recall of inflected forms: 1/1 = 1.000",
        "Turkish dev most missed, not in gazetteer: Roma (1), Tahran'dır (1)",
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "no line {line:?} in:\n{stdout}"
        );
    }
}

#[test]
fn eval_json_carries_the_overlap_figures_and_miss_classes() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixtures();
    let output = super::mentionmap(dir.path())
        .args([
            "eval",
            "--json",
            "--no-fuzzy",
            "--no-variants",
            "--gazetteer",
        ])
        .arg(f.join("gazetteer.csv"))
        .arg("--turkish")
        .arg(f.join("dev.conll"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let reports: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let place = &reports[0];
    assert_eq!(place["kind"], "place");
    assert_eq!(place["left_out"], 1);
    assert_eq!(place["overlap_any"]["precision"], 0.5);
    assert_eq!(place["miss_classes"]["missed"]["not_in_gazetteer"], 2);
    assert_eq!(place["miss_classes"]["inflected_found"], 1);
    assert!(
        reports[1].get("miss_classes").is_none(),
        "people are not sorted into miss classes: {}",
        reports[1]
    );
}

#[test]
fn eval_without_a_corpus_says_which_options_give_one() {
    let dir = tempfile::tempdir().unwrap();
    let output = super::mentionmap(dir.path()).arg("eval").output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("nothing to evaluate") && stderr.contains("--factrueval"),
        "{stderr}"
    );
}
