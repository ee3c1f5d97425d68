//! Reading the multilingual development corpora (Russian FactRuEval-2016, Armenian ArmTDP-NER,
//! Turkish Wiki-NER) into gold documents, the way the steering team reads them (the corpora's
//! README, "How the steering team reads these corpora").
//!
//! Every parser keeps three sorts of span: places (kind `Place`), people (kind `Person`), and the
//! spans whose tags the corpus's `*_EXCLUDED` list names, which take a prediction out of
//! precision under the [`overlap`](super::overlap) reading. Those keep the nearest kind
//! (`Organisation`; `Demonym` for nationalities, `Place` for FactRuEval's descriptor-only and
//! adjective-only place mentions); only their tag matters to the scoring. Spans of other types
//! (dates, numbers, languages, titles) are dropped.
//!
//! Offsets count Unicode code points of the text, as the corpora do. Parsers take the files'
//! text; the caller reads them. The path they are given only names the file in errors.

use std::path::Path;

use serde::Deserialize;

use super::{GoldDocument, GoldSpan};
use crate::error::{Error, Result};
use crate::gazetteer::EntityKind;

/// FactRuEval tags left out of scoring: organisations, the one project, and place mentions that
/// are only a descriptor ("страны") or only an adjective ("подмосковного").
pub const FACTRUEVAL_EXCLUDED: &[&str] = &[
    FACTRUEVAL_ORG,
    FACTRUEVAL_PROJECT,
    FACTRUEVAL_PLACE_DESCRIPTOR,
    FACTRUEVAL_PLACE_ADJECTIVE,
];

/// ArmTDP types left out of scoring (the corpus spells "WORK OF ART" with spaces).
pub const ARMTDP_EXCLUDED: &[&str] = &[
    "ORGANIZATION",
    "FACILITY",
    "NORP",
    "EVENT",
    "LAW",
    "WORK OF ART",
    "PRODUCT",
];

/// Turkish Wiki-NER types left out of scoring.
pub const TURKISH_EXCLUDED: &[&str] = &[
    "ORG",
    "FAC",
    "NORP",
    "EVENT",
    "LAW",
    "WORK_OF_ART",
    "PRODUCT",
];

/// How many CoNLL sentences make one document: the Turkish sentences are independent, and
/// scoring per document only needs a unit of text (the steering team's convention).
pub const CONLL_SENTENCES_PER_DOCUMENT: usize = 30;

const FACTRUEVAL_ORG: &str = "Org";
const FACTRUEVAL_PROJECT: &str = "Project";
const FACTRUEVAL_PLACE_DESCRIPTOR: &str = "place descriptor";
const FACTRUEVAL_PLACE_ADJECTIVE: &str = "place adjective";

/// Parses one FactRuEval text (`book_N`): its `.txt`, `.spans` and `.objects` files.
///
/// Places are the `Location` and `LocOrg` objects, each spanning its `loc_name` and `org_name`
/// spans only (so "Тверской площади" is gold "Тверской"); people are the `Person` objects over
/// their `name`, `surname`, `patronymic` and `nickname` spans. A span covers from its objects'
/// first name character to their last. `Org` and `Project` objects (over all their spans), and
/// place objects with only descriptor or only adjective spans, are kept with the tags of
/// [`FACTRUEVAL_EXCLUDED`]. The two place objects named by a person's name ("улица Ленина"
/// annotated with `surname`) are neither.
///
/// `book` is the path without extension; the id is its file name.
///
/// # Errors
/// [`Error::BadRow`] naming the `.spans` or `.objects` file and line of a malformed line, a span
/// outside the text, or an object that cites an unknown span.
pub fn parse_factrueval(
    book: &Path,
    text: &str,
    spans: &str,
    objects: &str,
) -> Result<GoldDocument> {
    let chars = CharIndex::new(text);
    let spans_path = book.with_extension("spans");
    let objects_path = book.with_extension("objects");
    // Span id -> (type, start, end) in code points.
    let mut by_id = std::collections::HashMap::new();
    for (i, line) in spans.lines().enumerate() {
        let fields: Vec<&str> = uncommented(line).split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let bad = |message: String| Error::bad_row(&spans_path, i as u64 + 1, message);
        let [id, kind, start, length, ..] = fields[..] else {
            return Err(bad(format!(
                "expected `id type start length ...`, found {line:?}"
            )));
        };
        let number = |s: &str| {
            s.parse::<usize>()
                .map_err(|_| bad(format!("{s:?} is not an offset")))
        };
        let start = number(start)?;
        let end = start + number(length)?;
        if end > chars.len() {
            return Err(bad(format!(
                "span {id} ends at character {end}, past the text's {}",
                chars.len()
            )));
        }
        by_id.insert(id, (kind, start, end));
    }
    let mut gold = Vec::new();
    for (i, line) in objects.lines().enumerate() {
        let fields: Vec<&str> = uncommented(line).split_whitespace().collect();
        let [_, object, ref span_ids @ ..] = fields[..] else {
            if fields.is_empty() {
                continue;
            }
            return Err(Error::bad_row(
                &objects_path,
                i as u64 + 1,
                format!("expected `id type span...`, found {line:?}"),
            ));
        };
        let mut parts = Vec::with_capacity(span_ids.len());
        for id in span_ids {
            let span = by_id.get(id).ok_or_else(|| {
                Error::bad_row(
                    &objects_path,
                    i as u64 + 1,
                    format!("span {id} is not in {}", spans_path.display()),
                )
            })?;
            parts.push(*span);
        }
        let over = |types: &[&str]| {
            let mut cited = parts.iter().filter(|(t, _, _)| types.contains(t));
            let first = cited.next()?;
            Some(cited.fold((first.1, first.2), |(s, e), p| (s.min(p.1), e.max(p.2))))
        };
        let everything = over(&parts.iter().map(|p| p.0).collect::<Vec<_>>());
        let (kind, tag, extent) = match object {
            "Location" | "LocOrg" => match over(&["loc_name", "org_name"]) {
                Some(extent) => (EntityKind::Place, object, Some(extent)),
                None if parts.iter().all(|p| p.0.ends_with("_descr")) => {
                    (EntityKind::Place, FACTRUEVAL_PLACE_DESCRIPTOR, everything)
                }
                None if parts.iter().all(|p| p.0 == "geo_adj") => {
                    (EntityKind::Place, FACTRUEVAL_PLACE_ADJECTIVE, everything)
                }
                None => continue,
            },
            "Person" => (
                EntityKind::Person,
                object,
                over(&["name", "surname", "patronymic", "nickname"]),
            ),
            "Org" => (EntityKind::Organisation, FACTRUEVAL_ORG, everything),
            "Project" => (EntityKind::Organisation, FACTRUEVAL_PROJECT, everything),
            _ => continue,
        };
        if let Some((start, end)) = extent {
            gold.push(GoldSpan {
                start_char: start,
                end_char: end,
                text: chars.slice(text, start, end).to_string(),
                kind,
                tag: Some(tag.to_string()),
                point: None,
            });
        }
    }
    gold.sort_by_key(|s| (s.start_char, s.end_char));
    Ok(GoldDocument {
        id: book
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
        text: text.to_string(),
        spans: gold,
    })
}

/// The part of a FactRuEval line before its `#` comment (token ids and texts).
fn uncommented(line: &str) -> &str {
    line.split('#').next().unwrap_or("")
}

/// One ArmTDP line as doccano exports it.
#[derive(Deserialize)]
struct ArmTdpLine {
    id: serde_json::Value,
    text: String,
    labels: Vec<(usize, usize, String)>,
}

/// Parses ArmTDP-NER JSON Lines (`ArmNER-HY.json1`): places are `GPE` and `LOCATION`, people
/// `PERSON`, and the types of [`ARMTDP_EXCLUDED`] are kept as excluded spans.
///
/// A stray space at either end of a label (44 in the corpus: " Մոլդովայի", "ԱՄՆ ") is
/// trimmed off the span.
///
/// # Errors
/// [`Error::Json`] for a line that is not an ArmTDP object; [`Error::BadRow`] for a label that
/// does not lie inside its text.
pub fn parse_armtdp(path: &Path, jsonl: &str) -> Result<Vec<GoldDocument>> {
    let mut documents = Vec::new();
    for (i, line) in jsonl.lines().enumerate() {
        let line_number = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let record: ArmTdpLine = serde_json::from_str(line).map_err(|e| Error::Json {
            path: path.to_path_buf(),
            line: line_number,
            message: e.to_string(),
        })?;
        let chars = CharIndex::new(&record.text);
        let mut spans = Vec::new();
        for (start, end, label) in &record.labels {
            if start > end || *end > chars.len() {
                return Err(Error::bad_row(
                    path,
                    line_number,
                    format!(
                        "label [{start}, {end}, {label}] lies outside the text's {} characters",
                        chars.len()
                    ),
                ));
            }
            let kind = match label.as_str() {
                "GPE" | "LOCATION" => EntityKind::Place,
                "PERSON" => EntityKind::Person,
                "NORP" => EntityKind::Demonym,
                l if ARMTDP_EXCLUDED.contains(&l) => EntityKind::Organisation,
                _ => continue,
            };
            spans.extend(chars.trimmed_span(&record.text, *start, *end, kind, label));
        }
        spans.sort_by_key(|s| (s.start_char, s.end_char));
        let id = match &record.id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        documents.push(GoldDocument {
            id,
            text: record.text,
            spans,
        });
    }
    Ok(documents)
}

/// Parses CoNLL `token<TAB>IOB-tag` lines (Turkish Wiki-NER) into documents of
/// [`CONLL_SENTENCES_PER_DOCUMENT`] sentences: tokens joined by one space, sentences by a line
/// break. Places are `GPE` and `LOC`, people `PERSON`, and the types of [`TURKISH_EXCLUDED`] are
/// kept as excluded spans. Document ids are `{name}:{n}`, from 1.
///
/// An `I-` tag that does not continue a span of its type opens one, as a `B-` would.
///
/// # Errors
/// [`Error::BadRow`] for a line without a tab, or with a tag that is neither `O` nor `B-`/`I-`.
pub fn parse_conll(path: &Path, name: &str, conll: &str) -> Result<Vec<GoldDocument>> {
    /// A span being read: its type, and its first and end characters so far (code points,
    /// then bytes).
    struct Open {
        label: String,
        chars: (usize, usize),
        bytes: (usize, usize),
    }
    let mut documents = Vec::new();
    let mut doc = GoldDocument {
        id: String::new(),
        text: String::new(),
        spans: Vec::new(),
    };
    // Code points in `doc.text`, kept so that offsets need no recount.
    let mut length = 0usize;
    let mut sentences = 0usize;
    let mut in_sentence = false;
    let mut open: Option<Open> = None;
    let close = |open: &mut Option<Open>, doc: &mut GoldDocument| {
        if let Some(o) = open.take() {
            let kind = match o.label.as_str() {
                "GPE" | "LOC" => EntityKind::Place,
                "PERSON" => EntityKind::Person,
                "NORP" => EntityKind::Demonym,
                l if TURKISH_EXCLUDED.contains(&l) => EntityKind::Organisation,
                _ => return,
            };
            doc.spans.push(GoldSpan {
                start_char: o.chars.0,
                end_char: o.chars.1,
                text: doc.text[o.bytes.0..o.bytes.1].to_string(),
                kind,
                tag: Some(o.label),
                point: None,
            });
        }
    };
    let finish = |doc: &mut GoldDocument, documents: &mut Vec<GoldDocument>| {
        let done = std::mem::replace(
            doc,
            GoldDocument {
                id: String::new(),
                text: String::new(),
                spans: Vec::new(),
            },
        );
        documents.push(GoldDocument {
            id: format!("{name}:{}", documents.len() + 1),
            ..done
        });
    };
    for (i, line) in conll.lines().enumerate() {
        if line.trim().is_empty() {
            if in_sentence {
                close(&mut open, &mut doc);
                in_sentence = false;
                sentences += 1;
                if sentences % CONLL_SENTENCES_PER_DOCUMENT == 0 {
                    finish(&mut doc, &mut documents);
                    length = 0;
                }
            }
            continue;
        }
        let bad = |message: String| Error::bad_row(path, i as u64 + 1, message);
        let Some((token, tag)) = line.split_once('\t') else {
            return Err(bad(format!("expected `token<TAB>tag`, found {line:?}")));
        };
        let tag = tag.trim();
        // The separator before this token: a space within a sentence, a line break between.
        if in_sentence {
            doc.text.push(' ');
            length += 1;
        } else if length > 0 {
            doc.text.push('\n');
            length += 1;
        }
        in_sentence = true;
        let (start, start_byte) = (length, doc.text.len());
        doc.text.push_str(token);
        length += token.chars().count();
        let (end, end_byte) = (length, doc.text.len());
        let (begins, label) = match tag.split_once('-') {
            _ if tag == "O" => {
                close(&mut open, &mut doc);
                continue;
            }
            Some(("B", label)) => (true, label),
            Some(("I", label)) => (false, label),
            _ => return Err(bad(format!("{tag:?} is not an IOB tag"))),
        };
        match &mut open {
            Some(o) if !begins && o.label == label => {
                o.chars.1 = end;
                o.bytes.1 = end_byte;
            }
            _ => {
                close(&mut open, &mut doc);
                open = Some(Open {
                    label: label.to_string(),
                    chars: (start, end),
                    bytes: (start_byte, end_byte),
                });
            }
        }
    }
    if in_sentence {
        close(&mut open, &mut doc);
    }
    if !doc.text.is_empty() {
        finish(&mut doc, &mut documents);
    }
    Ok(documents)
}

/// Byte offsets of a text's characters, to turn code-point offsets into slices.
struct CharIndex {
    /// The byte offset of each character, then the text's length.
    bytes: Vec<usize>,
}

impl CharIndex {
    fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { bytes }
    }

    /// Characters in the text.
    fn len(&self) -> usize {
        self.bytes.len() - 1
    }

    /// Characters `start..end` of `text` (the text this index was made from; both in range).
    fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        &text[self.bytes[start]..self.bytes[end]]
    }

    /// The span `start..end` with white space trimmed off both ends, or none if nothing is left.
    fn trimmed_span(
        &self,
        text: &str,
        mut start: usize,
        mut end: usize,
        kind: EntityKind,
        label: &str,
    ) -> Option<GoldSpan> {
        let is_space = |i: usize| self.slice(text, i, i + 1).chars().all(char::is_whitespace);
        while start < end && is_space(start) {
            start += 1;
        }
        while end > start && is_space(end - 1) {
            end -= 1;
        }
        (start < end).then(|| GoldSpan {
            start_char: start,
            end_char: end,
            text: self.slice(text, start, end).to_string(),
            kind,
            tag: Some(label.to_string()),
            point: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, kind, tag) of every span, in order.
    fn spans(doc: &GoldDocument) -> Vec<(&str, EntityKind, &str)> {
        doc.spans
            .iter()
            .map(|s| (s.text.as_str(), s.kind, s.tag.as_deref().unwrap_or("")))
            .collect()
    }

    /// Every span's text must be what its offsets cut from the document, in code points.
    fn assert_offsets_are_code_points(doc: &GoldDocument) {
        for s in &doc.spans {
            let cut: String = doc
                .text
                .chars()
                .skip(s.start_char)
                .take(s.end_char - s.start_char)
                .collect();
            assert_eq!(cut, s.text, "{s:?}");
        }
    }

    // "Мэрия Москвы на Тверской площади. Юрий Лужков, страны." with the layers as FactRuEval
    // writes them; offsets in characters (every Cyrillic letter is two bytes).
    const FRE_TEXT: &str = "Мэрия Москвы на Тверской площади. Юрий Лужков, страны.";
    const FRE_SPANS: &str = "\
1 org_descr 0 5 10 1  # 10 Мэрия
2 loc_name 6 6 11 1  # 11 Москвы
3 loc_name 16 8 13 1  # 13 Тверской
4 loc_descr 25 7 14 1  # 14 площади
5 name 34 4 16 1  # 16 Юрий
6 surname 39 6 17 1  # 17 Лужков
7 loc_descr 47 6 19 1  # 19 страны
";
    const FRE_OBJECTS: &str = "\
20 Org 1 2 # Мэрия Москвы
21 LocOrg 2 # Москвы
22 Location 3 4 # Тверской площади
23 Person 5 6 # Юрий Лужков
24 Location 7 # страны
";

    #[test]
    fn reads_factrueval_places_over_their_name_spans_in_code_points() {
        let doc =
            parse_factrueval(Path::new("dev/book_1"), FRE_TEXT, FRE_SPANS, FRE_OBJECTS).unwrap();
        assert_eq!(doc.id, "book_1");
        assert_eq!(
            spans(&doc),
            [
                ("Мэрия Москвы", EntityKind::Organisation, "Org"),
                ("Москвы", EntityKind::Place, "LocOrg"),
                ("Тверской", EntityKind::Place, "Location"),
                ("Юрий Лужков", EntityKind::Person, "Person"),
                ("страны", EntityKind::Place, "place descriptor"),
            ]
        );
        assert_offsets_are_code_points(&doc);
        assert_eq!((doc.spans[1].start_char, doc.spans[1].end_char), (6, 12));
        for tag in ["Org", "place descriptor"] {
            assert!(FACTRUEVAL_EXCLUDED.contains(&tag), "{tag} is excluded");
        }
    }

    #[test]
    fn factrueval_errors_name_the_file_and_line() {
        let err = parse_factrueval(
            Path::new("dev/book_1"),
            FRE_TEXT,
            FRE_SPANS,
            "20 Org 1 99\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("book_1.objects: line 1") && err.contains("span 99"),
            "{err}"
        );
        let err = parse_factrueval(Path::new("b"), "short", "1 loc_name 2 9 0 1\n", "")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("b.spans: line 1") && err.contains("past"),
            "{err}"
        );
    }

    #[test]
    fn reads_armtdp_trimming_stray_spaces_and_counting_code_points() {
        // "ԱՄՆ " and " Մոլդովա" carry a stray space, as 44 of the corpus's labels do; DATE is
        // dropped. Armenian letters are two bytes: byte offsets would cut the wrong text.
        let text = "ԱՄՆ նախագահ Դոնալդ Թրամփը այցելեց Մոլդովա, ԵՄ";
        let line = serde_json::json!({
            "id": 7, "text": text, "meta": {}, "annotation_approver": "marat",
            "labels": [[12, 25, "PERSON"], [0, 4, "GPE"], [33, 41, "GPE"],
                       [43, 45, "ORGANIZATION"], [4, 11, "DATE"]],
        });
        let docs = parse_armtdp(Path::new("a.json1"), &format!("{line}\n")).unwrap();
        assert_eq!(docs[0].id, "7");
        assert_eq!(
            spans(&docs[0]),
            [
                ("ԱՄՆ", EntityKind::Place, "GPE"),
                ("Դոնալդ Թրամփը", EntityKind::Person, "PERSON"),
                ("Մոլդովա", EntityKind::Place, "GPE"),
                ("ԵՄ", EntityKind::Organisation, "ORGANIZATION"),
            ]
        );
        assert_eq!(
            (docs[0].spans[2].start_char, docs[0].spans[2].end_char),
            (34, 41)
        );
        assert_offsets_are_code_points(&docs[0]);
    }

    #[test]
    fn armtdp_errors_name_the_line() {
        let err = parse_armtdp(Path::new("a.json1"), "\n{\"id\": 1}\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a.json1: line 2"), "{err}");
        let line = r#"{"id": 1, "text": "Երևան", "labels": [[0, 9, "GPE"]]}"#;
        let err = parse_armtdp(Path::new("a.json1"), line)
            .unwrap_err()
            .to_string();
        assert!(err.contains("outside the text's 5 characters"), "{err}");
    }

    #[test]
    fn reads_conll_sentences_into_documents_of_thirty() {
        let sentence =
            "İran'ın\tB-GPE\nbaşkenti\tO\nTahran\tB-GPE\n,\tO\nAli\tB-PERSON\nBaba\tI-PERSON\n\
                        Halk\tB-ORG\nPartisi\tI-ORG\n1949'da\tB-DATE\n.\tO\n\n";
        let conll = sentence.repeat(CONLL_SENTENCES_PER_DOCUMENT + 1);
        let docs = parse_conll(Path::new("dev.conll"), "dev", &conll).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(
            (docs[0].id.as_str(), docs[1].id.as_str()),
            ("dev:1", "dev:2")
        );
        let first_line = "İran'ın başkenti Tahran , Ali Baba Halk Partisi 1949'da .";
        assert_eq!(docs[1].text, first_line);
        assert_eq!(
            docs[0].text,
            vec![first_line; CONLL_SENTENCES_PER_DOCUMENT].join("\n")
        );
        assert_eq!(
            spans(&docs[1]),
            [
                ("İran'ın", EntityKind::Place, "GPE"),
                ("Tahran", EntityKind::Place, "GPE"),
                ("Ali Baba", EntityKind::Person, "PERSON"),
                ("Halk Partisi", EntityKind::Organisation, "ORG"),
            ]
        );
        // The second sentence of a document starts after the first and its line break.
        let second_tahran = &docs[0].spans[5];
        assert_eq!(second_tahran.text, "Tahran");
        assert_eq!(
            second_tahran.start_char,
            first_line.chars().count() + 1 + 17
        );
        for doc in &docs {
            assert_offsets_are_code_points(doc);
        }
    }

    #[test]
    fn conll_i_tag_of_another_type_opens_a_span_and_bad_lines_are_located() {
        let docs = parse_conll(Path::new("x"), "x", "Van\tB-GPE\nGölü\tI-LOC\n").unwrap();
        assert_eq!(
            spans(&docs[0]),
            [
                ("Van", EntityKind::Place, "GPE"),
                ("Gölü", EntityKind::Place, "LOC")
            ]
        );
        let err = parse_conll(Path::new("x.conll"), "x", "Van B-GPE\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.conll: line 1"), "{err}");
        let err = parse_conll(Path::new("x.conll"), "x", "a\tO\nVan\tGPE\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("not an IOB tag"),
            "{err}"
        );
    }
}
