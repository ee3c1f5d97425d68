//! Fuzz targets on the stable toolchain (issue 13 item 5): a byte-level proptest driver for
//! normalization and its offset map, the whole scan (matcher, resolver, fuzzy and people
//! passes), the gazetteer CSV loader, the JSONL reader and counts parsing.
//!
//! Inputs are arbitrary bytes (decoded lossily where text is needed) mixed with pieces that
//! have broken the code before: compatibility characters that fold to several words (`℅`, `½`,
//! `ﷺ`), Turkic and German case folding, combining marks, names the gazetteer holds, titles.
//! Each target runs `MENTIONMAP_FUZZ_CASES` cases (256 by default; `.ci/run` runs a bounded
//! larger number, and a long run sets it high).

use std::sync::OnceLock;

use mentionmap::normalize::NormalizedText;
use mentionmap::{Counts, GazetteerBuilder, Scanner};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Pieces of text that exercise the hard paths of folding, matching and the people pass.
const PIECES: &[&str] = &[
    "℅",
    "½",
    "㎧",
    "ﷺ",
    "ﬁ",
    "ǅ",
    "İ",
    "ı",
    "ß",
    "ẞ",
    "Ş",
    "ş",
    "ə",
    "Ə",
    "\u{301}",
    "\u{308}",
    "\u{200d}",
    "\u{feff}",
    "’",
    "'",
    "-",
    "‐",
    "—",
    ".",
    ",",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\"",
    "(",
    ")",
    "Baku",
    "BAKU",
    "Shusha",
    "Şuşa",
    "Shushi",
    "Stepanakert",
    "Khankendi",
    "Paris",
    "Texas",
    "Minsk Group",
    "Nagorno-Karabakh",
    "Sergei Lavrov",
    "Lavrov",
    "Mr.",
    "Minister",
    "Foreign Minister",
    "President",
    "Jeyhun",
    "Bayramov",
    "de",
    "Mandeville",
    "Երևան",
    "Москва",
    "Тбилиси",
    "Ganja",
    "Yerevan",
    "Araga",
    "Uezzane",
    "Man",
    "Zzz",
    "USA",
    "U.S.",
    "e",
    "a",
    "1",
    "2020",
    "\t",
    "\r\n",
    // Names of the languages with endings, their stems and endings, so that the matcher's
    // inflected paths (an ending inside a word, after an apostrophe, a stem) are reached.
    "Москв",
    "е",
    "ом",
    "Шуш",
    "у",
    "Нагорном Карабах",
    "Китай",
    "я",
    "в Степанакерте и ",
    "Հայաստան",
    "ում",
    "Բաք",
    "վում",
    "ություն",
    "Kanada",
    "nın",
    "da",
    "ya",
    "İran'ın ",
    "Şuşanın ",
    "Xankəndidə ",
    "Владимир Мирзояном",
];

fn cases() -> u32 {
    std::env::var("MENTIONMAP_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        // Failures are reported with their minimal input; no regression files are written.
        failure_persistence: None,
        ..Config::default()
    })
}

/// Text made of pieces, arbitrary characters and arbitrary bytes (decoded lossily).
fn text() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => prop::collection::vec(any::<u8>(), 0..8)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    prop::collection::vec(part, 0..48).prop_map(|parts| parts.concat())
}

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| Scanner::new(mentionmap::Gazetteer::embedded().unwrap()).unwrap())
}

#[test]
fn normalization_maps_every_boundary_back_to_whole_original_characters() {
    runner()
        .run(&text(), |original| {
            let mut folded = NormalizedText::new();
            folded.normalize(&original);
            let norm = folded.as_str();
            let boundaries: Vec<usize> = (0..=norm.len())
                .filter(|&k| folded.is_boundary(k))
                .collect();
            prop_assert!(boundaries.first() == Some(&0));
            prop_assert!(boundaries.last() == Some(&norm.len()));
            let mut previous_end = 0;
            for pair in boundaries.windows(2) {
                let (start, end) = folded.original_range(pair[0], pair[1]);
                prop_assert!(start <= end && end <= original.len(), "{start}..{end}");
                prop_assert!(original.is_char_boundary(start) && original.is_char_boundary(end));
                // Consecutive pieces of the folded text come from disjoint, ordered originals.
                prop_assert!(
                    start >= previous_end,
                    "{start} < {previous_end} in {original:?}"
                );
                previous_end = end;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn every_mention_slices_the_original_text() {
    let scanner = scanner();
    runner()
        .run(&text(), |original| {
            for m in scanner.scan("doc", &original) {
                prop_assert!(m.start_byte < m.end_byte && m.end_byte <= original.len());
                prop_assert!(original.is_char_boundary(m.start_byte));
                prop_assert!(original.is_char_boundary(m.end_byte));
                prop_assert_eq!(&original[m.start_byte..m.end_byte], m.surface.as_str());
                prop_assert_eq!(m.start_char, original[..m.start_byte].chars().count());
                prop_assert_eq!(m.end_char, original[..m.end_byte].chars().count());
            }
            Ok(())
        })
        .unwrap();
}

/// Bytes shaped like a gazetteer CSV: a header of real columns, then rows of pieces, numbers,
/// quotes, separators and arbitrary bytes.
fn csv_bytes() -> impl Strategy<Value = Vec<u8>> {
    let headers = prop::sample::select(vec![
        "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n",
        "entity_id,kind,name,latitude,longitude,country_code,feature_code,population,aliases\n",
        "entity_id,kind,name,latitude,country_code\n",
        "entity_id,alias,lang,type\n",
        "",
    ]);
    let field = prop_oneof![
        prop::sample::select(vec![
            "gn:1",
            "gn:2",
            "place",
            "person",
            "organisation",
            "town",
            "40.4",
            "-181",
            "1e308",
            "NaN",
            "Baku",
            "A|B|",
            "\"",
            "\"a,b\"",
            ",",
            "\n",
            "\r",
            "",
            "AZ",
            "PPLC",
            "18446744073709551616",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..6),
    ];
    (headers, prop::collection::vec(field, 0..64)).prop_map(|(header, fields)| {
        let mut bytes = header.as_bytes().to_vec();
        for f in fields {
            bytes.extend_from_slice(&f);
            bytes.push(b',');
        }
        bytes
    })
}

#[test]
fn the_gazetteer_loader_returns_an_error_or_a_gazetteer_never_a_panic() {
    runner()
        .run(&(csv_bytes(), any::<bool>()), |(bytes, skip)| {
            let built = GazetteerBuilder::new()
                .variant_rules(None)
                .skip_bad_rows(skip)
                .add_csv("fuzz.csv", bytes)
                .and_then(GazetteerBuilder::build);
            if let Ok(gazetteer) = built {
                prop_assert!(skip || gazetteer.skipped_rows() == 0);
                for problem in gazetteer.skipped() {
                    prop_assert!(problem.line >= 1, "{problem}");
                }
            }
            Ok(())
        })
        .unwrap();
}

/// Counts lines: real counts with fields replaced by extreme or ill-typed values, and noise.
fn counts_text() -> impl Strategy<Value = String> {
    let value = prop::sample::select(vec![
        "0",
        "1",
        "18446744073709551615",
        "18446744073709551616",
        "-1",
        "1e308",
        "999",
        "-999",
        "null",
        "\"x\"",
        "[]",
        "{}",
        "90.0000001",
        "true",
    ]);
    let field = prop::sample::select(vec![
        "mentions",
        "documents",
        "lon",
        "lat",
        "ambiguous",
        "kind",
        "entity_id",
        "name",
    ]);
    let base = r#"{"gazetteer":"g","documents":2,"entities":{"gn:1":{"entity_id":"gn:1","name":"Baku","kind":"place","lon":49.89,"lat":40.37,"country_code":"AZ","feature_code":"PPLC","mentions":3,"documents":2,"variants":{"Baku":3},"methods":{"exact":3},"ambiguous":0,"first_doc":"a","last_doc":"b"}}}"#;
    prop_oneof![
        4 => (field, value).prop_map(move |(f, v)| {
            let mut json: serde_json::Value = serde_json::from_str(base).unwrap();
            let raw: serde_json::Value =
                serde_json::from_str(v).unwrap_or(serde_json::Value::Null);
            json["entities"]["gn:1"][f] = raw;
            json.to_string()
        }),
        1 => prop::collection::vec(any::<u8>(), 0..64)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

#[test]
fn counts_parse_check_and_merge_without_a_panic() {
    runner()
        .run(&counts_text(), |line| {
            if let Ok(counts) = serde_json::from_str::<Counts>(&line) {
                let checked = counts.check();
                for c in counts.entities.values() {
                    let on_globe = match (c.lon, c.lat) {
                        (Some(lon), Some(lat)) => lon.abs() <= 180.0 && lat.abs() <= 90.0,
                        (None, None) => true,
                        _ => false,
                    };
                    prop_assert!(checked.is_err() || on_globe);
                }
                let mut twice = counts.clone();
                if twice.merge(&counts).is_ok() {
                    prop_assert_eq!(twice.documents, counts.documents * 2);
                }
            }
            Ok(())
        })
        .unwrap();
}

/// One line of a JSONL file.
#[derive(Debug, Clone)]
enum JsonlLine {
    /// A well-formed document with this text (its id is its place among the documents).
    Document(String),
    /// Anything else: broken JSON, invalid UTF-8, stray quotes, braces and carriage returns.
    Noise(Vec<u8>),
}

fn jsonl_lines() -> impl Strategy<Value = Vec<JsonlLine>> {
    let noise = prop_oneof![
        prop::sample::select(vec![
            "not json",
            "{",
            "}",
            "{\"id\":",
            "{\"text\":1}",
            "{\"text\":null}",
            "[]",
            "\"\\ud800\"",
            "{\"id\":\"x\",\"text\":\"a\",\"date\":\"2020-13-45\"}",
            "\u{feff}",
            "\r",
            "",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..24),
    ];
    let line = prop_oneof![
        3 => text().prop_map(JsonlLine::Document),
        1 => noise.prop_map(JsonlLine::Noise),
    ];
    prop::collection::vec(line, 0..24)
}

#[test]
fn the_jsonl_reader_keeps_every_good_line_and_names_the_line_of_every_bad_one() {
    use mentionmap::input::{Documents, JsonlFields, Source};
    use std::io::Write;
    // Small enough that some generated lines are over it.
    const LIMIT: usize = 160;
    let dir = tempfile::tempdir().unwrap();
    runner()
        .run(
            &(jsonl_lines(), any::<bool>(), any::<bool>()),
            |(lines, bom, gzip)| {
                let mut bytes = Vec::new();
                if bom {
                    bytes.extend_from_slice("\u{feff}".as_bytes());
                }
                // The documents the reader must return, in order: (id, text).
                let mut expected = Vec::new();
                let mut too_long = 0;
                for (i, line) in lines.iter().enumerate() {
                    match line {
                        JsonlLine::Document(text) => {
                            let id = format!("doc{i}");
                            let json =
                                serde_json::json!({ "id": id, "text": text, "source": "fuzz" })
                                    .to_string();
                            // The byte-order mark is part of the first line's length.
                            let mark = if i == 0 && bom { 3 } else { 0 };
                            if json.len() + mark <= LIMIT {
                                expected.push((id, text.clone()));
                            } else {
                                too_long += 1;
                            }
                            bytes.extend_from_slice(json.as_bytes());
                        }
                        // A line feed inside noise would only make more noise lines.
                        JsonlLine::Noise(noise) => {
                            bytes.extend(noise.iter().filter(|&&b| b != b'\n'))
                        }
                    }
                    bytes.push(b'\n');
                }
                let path = dir
                    .path()
                    .join(if gzip { "feed.jsonl.gz" } else { "feed.jsonl" });
                if gzip {
                    let mut encoder = flate2::write::GzEncoder::new(
                        std::fs::File::create(&path).unwrap(),
                        flate2::Compression::fast(),
                    );
                    encoder.write_all(&bytes).unwrap();
                    encoder.finish().unwrap();
                } else {
                    std::fs::write(&path, &bytes).unwrap();
                }
                let fields = JsonlFields {
                    date: Some("date".into()),
                    source: Some("source".into()),
                    ..JsonlFields::default()
                };
                let lines_in_file = lines.len();
                let mut read = Vec::new();
                let mut refused_as_too_long = 0;
                for item in Documents::new(vec![Source::File(path)], fields).max_doc_bytes(LIMIT) {
                    match item {
                        Ok(doc) => read.push((doc.id, doc.text)),
                        Err(error) => {
                            let message = error.to_string();
                            let line: usize = message
                                .split(": line ")
                                .nth(1)
                                .and_then(|rest| rest.split(':').next())
                                .and_then(|n| n.parse().ok())
                                .unwrap_or_else(|| panic!("no line number in {message:?}"));
                            prop_assert!((1..=lines_in_file).contains(&line), "{message}");
                            if message.contains("longer than the limit") {
                                refused_as_too_long += 1;
                            }
                        }
                    }
                }
                // Every good line is read, whole and in order (noise may parse as more).
                let mut found = read.iter();
                for wanted in &expected {
                    prop_assert!(
                        found.any(|got| got == wanted),
                        "{wanted:?} missing from {read:?}"
                    );
                }
                prop_assert!(refused_as_too_long >= too_long);
                Ok(())
            },
        )
        .unwrap();
}

/// Pieces of the Reconciliation API's query language, and of what breaks JSON parsers.
const QUERY_PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "null",
    "true",
    "1e309",
    "-1",
    "0",
    "3",
    "1.5",
    "\"q0\"",
    "\"q1\"",
    "\"query\"",
    "\"type\"",
    "\"limit\"",
    "\"properties\"",
    "\"pid\"",
    "\"v\"",
    "\"id\"",
    "\"country\"",
    "\"type_strict\"",
    "\"place\"",
    "\"person\"",
    "\"AZ\"",
    "\"Baku\"",
    "\"Xankəndi\"",
    "\"Lavrov\"",
    "\"\"",
    " ",
    "\n",
];

/// Text shaped like a query batch: JSON pieces mixed with arbitrary characters.
fn query_text() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        6 => prop::sample::select(QUERY_PIECES).prop_map(str::to_string),
        1 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(part, 0..64).prop_map(|parts| parts.concat())
}

fn name_resolver() -> &'static mentionmap::reconcile::NameResolver {
    static RESOLVER: OnceLock<mentionmap::reconcile::NameResolver> = OnceLock::new();
    RESOLVER.get_or_init(|| {
        mentionmap::reconcile::NameResolver::builder()
            .build(mentionmap::Gazetteer::embedded().unwrap())
            .unwrap()
    })
}

// Issue 30: the service's query parsing. A batch either parses, and is answered key for key
// with at most `limit` candidates each, or is refused with a message; nothing panics.
#[test]
fn query_batches_parse_or_are_refused_and_answers_keep_their_keys() {
    use mentionmap::reconcile::api;
    let resolver = name_resolver();
    runner()
        .run(&query_text(), |text| {
            match api::parse_batch(&text) {
                Ok(batch) => {
                    let answer = api::answer_batch(resolver, &batch);
                    let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
                    let asked: Vec<&String> = batch.iter().map(|(k, _)| k).collect();
                    prop_assert_eq!(keys, asked);
                    for (key, query) in &batch {
                        let results = answer[key]["result"].as_array().unwrap();
                        prop_assert!(results.len() <= query.options.limit);
                    }
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
            match api::parse_single(&text) {
                Ok(query) => {
                    let answer = api::answer(resolver, &query);
                    prop_assert!(answer["result"].is_array());
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
            let _ = api::suggest_entities(resolver, &text, Some("place"));
            let _ = api::preview(resolver, &text);
            Ok(())
        })
        .unwrap();
}
