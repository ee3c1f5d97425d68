//! `audit --spellings`: spellings.csv and contested.csv out of merged partitions exactly as out
//! of one run, and contested.html / contested.svg as a reader meets them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::json;

/// A dated, sourced feed of `n` documents from the sample articles: each document is three
/// paragraphs of one article (so an outlet writes the names its articles write), dated one
/// every three days from 2020-07-01, from one of five outlets: the article's own for the first
/// half of the feed, the next article's outlet for the second (so outlets change their mix).
fn feed(dir: &Path, n: usize) -> PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(super::articles())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let articles: Vec<Vec<String>> = files
        .iter()
        .map(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .split("\n\n")
                .map(str::trim)
                .filter(|p| p.len() > 80)
                .map(str::to_string)
                .collect()
        })
        .collect();
    let mut lines = String::new();
    for i in 0..n {
        let a = i % articles.len();
        let paragraphs = &articles[a];
        let text: Vec<&str> = (0..3)
            .map(|k| paragraphs[(i / articles.len() * 3 + k) % paragraphs.len()].as_str())
            .collect();
        let outlet = if i < n / 2 {
            a
        } else {
            (a + 1) % articles.len()
        };
        let day = 1 + 3 * i;
        let (month, day) = (7 + (day - 1) / 30, 1 + (day - 1) % 30);
        let date = format!(
            "{:04}-{:02}-{:02}",
            2020 + (month - 1) / 12,
            1 + (month - 1) % 12,
            day.min(28)
        );
        let line = json!({"id": format!("d{i:04}"), "text": text.join("\n\n"), "date": date,
                          "outlet": format!("outlet {outlet}")});
        lines.push_str(&format!("{line}\n"));
    }
    let path = dir.join("feed.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

const FIELDS: [&str; 4] = ["--date-field", "date", "--source-field", "outlet"];
const OUTPUTS: [&str; 4] = [
    "spellings.csv",
    "contested.csv",
    "contested.html",
    "contested.svg",
];

fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
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

/// Runs `audit --spellings` on the feed into `dir/out`.
fn audit(dir: &Path, input: &str, out: &str) {
    super::mentionmap(dir)
        .args([
            "audit",
            "-q",
            "--spellings",
            "--min-outlet-mentions",
            "3",
            "--out",
            out,
        ])
        .args(FIELDS)
        .arg(input)
        .assert()
        .success();
}

#[test]
fn spellings_of_merged_partitions_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let feed = feed(dir.path(), 150);
    let text = std::fs::read_to_string(&feed).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Three partitions of uneven size, counted apart, merged by `merge`.
    let mut parts = Vec::new();
    for (i, range) in [0..40, 40..41, 41..150].into_iter().enumerate() {
        let name = format!("p{i}.jsonl");
        std::fs::write(dir.path().join(&name), lines[range].join("\n")).unwrap();
        let out = super::mentionmap(dir.path())
            .arg("count")
            .args(FIELDS)
            .arg(&name)
            .output()
            .unwrap();
        assert!(out.status.success());
        let path = format!("p{i}.counts");
        std::fs::write(dir.path().join(&path), out.stdout).unwrap();
        parts.push(path);
    }
    let merged = super::mentionmap(dir.path())
        .arg("merge")
        .args(&parts)
        .output()
        .unwrap();
    assert!(merged.status.success());
    std::fs::write(dir.path().join("merged.counts"), merged.stdout).unwrap();
    audit(dir.path(), "feed.jsonl", "direct");
    audit(dir.path(), "merged.counts", "merged");
    for file in OUTPUTS {
        assert_eq!(
            std::fs::read(dir.path().join("direct").join(file)).unwrap(),
            std::fs::read(dir.path().join("merged").join(file)).unwrap(),
            "{file}: merged partitions give what one run gives"
        );
    }

    // Every cell's shares add up to 1, and each entity's (all, all) mentions to its total.
    let rows = csv_rows(&dir.path().join("direct/spellings.csv"));
    assert!(!rows.is_empty());
    let mut cells: BTreeMap<(String, String, String), (u64, f64)> = BTreeMap::new();
    for r in &rows {
        let key = (
            r["entity_id"].clone(),
            r["source"].clone(),
            r["period"].clone(),
        );
        let cell = cells.entry(key).or_default();
        cell.0 += r["mentions"].parse::<u64>().unwrap();
        cell.1 += r["share"].parse::<f64>().unwrap();
    }
    for (key, (_, share)) in &cells {
        assert!(
            (share - 1.0).abs() < 1e-3,
            "{key:?}: shares add up to {share}"
        );
    }
    let sum = |id: &str, source: &str, period: &str| {
        cells[&(id.to_string(), source.to_string(), period.to_string())].0
    };
    let shusha: Vec<_> = rows
        .iter()
        .filter(|r| r["entity_id"] == "gn:147105")
        .collect();
    assert!(
        shusha
            .iter()
            .any(|r| r["spelling"] == "Shushi" && r["language"] == "hy-Latn"),
        "Shushi with its language"
    );
    // Sides come from the gazetteer's sides.csv, not from the language: Shusha, the own name
    // with no language, is the Azerbaijani side's.
    for (spelling, side) in [("Shushi", "armenian"), ("Shusha", "azerbaijani")] {
        assert!(
            shusha
                .iter()
                .any(|r| r["spelling"] == spelling && r["side"] == side),
            "{spelling} is the {side} side's name"
        );
    }
    let outlets: u64 = cells
        .keys()
        .filter(|(id, s, p)| id == "gn:147105" && s != "(all)" && p == "(all)")
        .map(|(id, s, p)| sum(id, s, p))
        .sum();
    assert_eq!(
        outlets,
        sum("gn:147105", "(all)", "(all)"),
        "outlets add up"
    );
}

/// The contested picture of the feed.
fn picture(dir: &Path) -> PathBuf {
    feed(dir, 150);
    audit(dir, "feed.jsonl", "out");
    dir.join("out")
}

#[test]
fn contested_svg_is_well_formed_with_a_segment_per_outlet_and_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let out = picture(dir.path());
    let svg = std::fs::read_to_string(out.join("contested.svg")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&svg);
    let mut segments = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == b"rect" => {
                if e.try_get_attribute("data-kind").unwrap().is_some() {
                    segments += 1;
                }
            }
            Ok(_) => {}
            Err(e) => panic!(
                "contested.svg is not well-formed at {}: {e}",
                reader.error_position()
            ),
        }
    }
    assert!(segments > 0);
    let contested = csv_rows(&out.join("contested.csv"));
    assert!(
        contested.iter().any(|r| r["group"] == "contested"),
        "the feed's outlets split on a name the gazetteer marks contested"
    );
    // Each outlet of Stepanakert writes the names of both sides, in shares adding up to 1
    // (every name of it the feed writes has a side).
    let stepanakert: Vec<_> = contested
        .iter()
        .filter(|r| r["entity_id"] == "gn:146970")
        .collect();
    assert!(!stepanakert.is_empty());
    for r in stepanakert {
        let shares: Vec<(&str, f64)> = r["side_shares"]
            .split("; ")
            .map(|s| {
                let (side, share) = s.rsplit_once(' ').unwrap();
                (side, share.parse().unwrap())
            })
            .collect();
        assert!(
            shares.iter().any(|(s, _)| *s == r["preferred_side"]),
            "{r:?}"
        );
        let total: f64 = shares.iter().map(|(_, share)| share).sum();
        assert!((total - 1.0).abs() < 1e-3, "{r:?}");
    }
}

/// Run once the page has loaded: its segments per entity and outlet, and a tooltip.
const PROBE: &str = r##"<script>
window.addEventListener("load", function () { setTimeout(function () {
  var panels = {};
  document.querySelectorAll("#chart g.panel").forEach(function (g) {
    var outlets = {};
    g.querySelectorAll("rect.seg[data-kind=outlet]").forEach(function (r) {
      var o = outlets[r.dataset.key] || (outlets[r.dataset.key] = { segments: 0, n: 0 });
      o.segments += 1; o.n += +r.dataset.n;
      var b = r.getBoundingClientRect();
      if (b.width <= 0 || b.height <= 0) { o.hidden = true; }
    });
    panels[g.dataset.entity] = outlets;
  });
  var seg = document.querySelector("#chart rect.seg");
  var b = seg.getBoundingClientRect();
  seg.dispatchEvent(new MouseEvent("mouseover", { bubbles: true, clientX: b.left + 1, clientY: b.top + 1 }));
  var tip = document.getElementById("tip");
  var report = { errors: window.__errors, panels: panels,
    tooltip: tip.hidden ? null : tip.innerText,
    first: { n: seg.dataset.n, total: seg.dataset.total, form: seg.dataset.form } };
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(report);
  document.body.appendChild(pre);
}, 200); });
</script>"##;

#[test]
fn contested_html_renders_in_chromium_with_a_bar_per_outlet_and_spelling_and_tooltips() {
    let Some(chromium) = super::map::chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = picture(dir.path());
    let html = std::fs::read_to_string(out.join("contested.html")).unwrap();
    assert!(html.len() < 2_000_000);
    let report = super::map::probe_page(&chromium, dir.path(), &html, PROBE);
    assert_eq!(report["errors"], json!([]), "no errors in the page");

    // Each outlet of contested.csv has a bar, a segment per spelling it writes (as
    // spellings.csv lists them), adding up to its mentions.
    let contested = csv_rows(&out.join("contested.csv"));
    let spellings = csv_rows(&out.join("spellings.csv"));
    let panels = report["panels"].as_object().unwrap();
    assert!(!panels.is_empty());
    for (entity, outlets) in panels {
        let rows: Vec<_> = contested
            .iter()
            .filter(|r| &r["entity_id"] == entity)
            .collect();
        assert_eq!(
            outlets.as_object().unwrap().len(),
            rows.len(),
            "{entity}: a bar per outlet"
        );
        for row in rows {
            let drawn = &outlets[row["source"].as_str()];
            assert_eq!(
                drawn["n"].to_string(),
                row["source_mentions"],
                "{entity} {}",
                row["source"]
            );
            assert!(drawn.get("hidden").is_none(), "every segment has an area");
            let written = spellings
                .iter()
                .filter(|s| {
                    &s["entity_id"] == entity
                        && s["source"] == row["source"]
                        && s["period"] == "(all)"
                })
                .count();
            assert_eq!(
                drawn["segments"].as_u64().unwrap() as usize,
                written.min(7),
                "{entity} {}: a segment per spelling (the rarest past six share one)",
                row["source"]
            );
        }
    }
    let tooltip = report["tooltip"].as_str().expect("a tooltip is shown");
    let first = &report["first"];
    assert!(
        tooltip.contains(&format!(
            "{}, {} of {} mentions",
            first["form"].as_str().unwrap(),
            first["n"].as_str().unwrap(),
            first["total"].as_str().unwrap()
        )),
        "{tooltip}"
    );
}

#[test]
fn gazetteer_check_lists_contested_names_without_a_counterpart() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("entities.csv"),
        "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n\
         x:1,place,Stepanakert,39.82,46.75,AZ,PPLA,55000\n\
         x:2,place,Murovdag,40.3,46.3,AZ,MT,0\n",
    )
    .unwrap();
    // The own name is contested too, and its row says so.
    std::fs::write(
        dir.path().join("aliases.csv"),
        "entity_id,alias,lang,type\n\
         x:1,Stepanakert,hy-Latn,contested\n\
         x:1,Khankendi,az,contested\n\
         x:2,Mrav,hy-Latn,contested\n\
         x:2,Murov,az,contested\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sides.csv"),
        "entity_id,alias,side\n\
         x:1,Stepanakert,armenian\n\
         x:1,Khankendi,azerbaijani\n\
         x:2,Mrav,armenian\n",
    )
    .unwrap();
    let out = super::mentionmap(dir.path())
        .args([
            "gazetteer",
            "check",
            "entities.csv",
            "aliases.csv",
            "sides.csv",
            "--deny-warnings",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "notes are not warnings: {stdout}");
    assert!(
        stdout.contains("note: 2 contested names have no counterpart")
            && stdout.contains("note:   Mrav (x:2, hy-Latn, Latin): no other side's name")
            && stdout.contains("note:   Murov (x:2, az, Latin): no side")
            && !stdout.contains("Khankendi (")
            && !stdout.contains("Stepanakert ("),
        "{stdout}"
    );
}

#[test]
fn every_contested_name_of_the_embedded_gazetteer_has_a_counterpart() {
    let dir = tempfile::tempdir().unwrap();
    let out = super::mentionmap(dir.path())
        .args(["gazetteer", "check"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let both =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        both.starts_with("ok: ") || both.contains("\nok: "),
        "{both}"
    );
    assert!(
        !both.contains("contested names have no counterpart"),
        "{both}"
    );
    // The loader keeps the curated type of the own name: Stepanakert is one side's name.
    let g = mentionmap::Gazetteer::embedded().unwrap();
    let stepanakert = g.find("gn:146970").unwrap();
    let own = g
        .aliases()
        .iter()
        .position(|a| a.entity == stepanakert && a.text == "Stepanakert")
        .unwrap();
    let alias = &g.aliases()[own];
    assert_eq!(
        (alias.lang.as_deref(), alias.alias_type),
        (Some("hy-Latn"), mentionmap::gazetteer::AliasType::Contested)
    );
    assert_eq!(
        g.side(mentionmap::gazetteer::AliasIndex(own as u32)),
        Some("armenian")
    );
}
