//! Reading annotated corpora into gold documents. Parsers take the file's text; the caller reads.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{GoldDocument, GoldSpan};
use crate::gazetteer::{EntityKind, LonLat};

/// Parses the toponym XML schemas of GeoWebNews (`<article file>`, `<extractedName>`, `<type>`,
/// `<latitude>`) and of LGL/TR-News (`<article docid>`, `<phrase>`, `<gaztag><lat><lon>`).
///
/// Offsets count Unicode code points of the text as unescaped.
///
/// # Errors
/// A message naming the XML problem or the toponym that lacks offsets.
pub fn parse_toponym_xml(xml: &str) -> Result<Vec<GoldDocument>, String> {
    let mut reader = Reader::from_str(xml);
    let mut documents = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut doc: Option<GoldDocument> = None;
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut in_toponym = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                match name.as_str() {
                    "article" => {
                        let mut id = format!("article-{}", documents.len());
                        for attr in start.attributes().flatten() {
                            if matches!(attr.key.as_ref(), b"file" | b"docid") {
                                id = String::from_utf8_lossy(&attr.value).into_owned();
                            }
                        }
                        doc = Some(GoldDocument {
                            id,
                            text: String::new(),
                            spans: Vec::new(),
                        });
                    }
                    "toponym" => {
                        in_toponym = true;
                        fields.clear();
                    }
                    "gaztag" => {
                        for attr in start.attributes().flatten() {
                            if attr.key.as_ref() == b"geonameid" {
                                fields.push((
                                    "geonameid".into(),
                                    String::from_utf8_lossy(&attr.value).into_owned(),
                                ));
                            }
                        }
                    }
                    _ => {}
                }
                path.push(name);
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                match name.as_str() {
                    "toponym" => {
                        in_toponym = false;
                        if let Some(d) = doc.as_mut() {
                            d.spans.push(span_from_fields(&fields)?);
                        }
                    }
                    "article" => documents.extend(doc.take()),
                    _ => {}
                }
            }
            Event::Text(text) => {
                let value = text
                    .unescape()
                    .map_err(|e| format!("XML text error: {e}"))?
                    .into_owned();
                append_text(&path, in_toponym, &value, &mut doc, &mut fields);
            }
            Event::CData(data) => {
                let value = String::from_utf8_lossy(&data).into_owned();
                append_text(&path, in_toponym, &value, &mut doc, &mut fields);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(documents)
}

fn append_text(
    path: &[String],
    in_toponym: bool,
    value: &str,
    doc: &mut Option<GoldDocument>,
    fields: &mut Vec<(String, String)>,
) {
    let Some(current) = path.last() else { return };
    if in_toponym {
        fields.push((current.clone(), value.to_string()));
    } else if current == "text" {
        if let Some(d) = doc.as_mut() {
            d.text.push_str(value);
        }
    }
}

fn span_from_fields(fields: &[(String, String)]) -> Result<GoldSpan, String> {
    let get = |names: &[&str]| {
        fields
            .iter()
            .find(|(k, v)| names.contains(&k.as_str()) && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let number = |names: &[&str]| get(names).and_then(|v| v.parse::<f64>().ok());
    let start = number(&["start"]).ok_or("a toponym has no <start>")? as usize;
    let end = number(&["end"]).ok_or("a toponym has no <end>")? as usize;
    let point = match (number(&["latitude", "lat"]), number(&["longitude", "lon"])) {
        (Some(lat), Some(lon)) => Some(LonLat { lon, lat }),
        _ => None,
    };
    Ok(GoldSpan {
        start_char: start,
        end_char: end,
        text: get(&["extractedName", "phrase"]).unwrap_or_default(),
        kind: EntityKind::Place,
        tag: get(&["type"]),
        point,
    })
}

/// Parses one GUM document (CoNLL-U with `Entity=` annotations) into its text and the person and
/// place mentions that are names, headed by a proper noun (GUM also marks pronouns and
/// descriptions, which a name finder is not asked to find).
///
/// The text is the sentences' `# text =` lines joined by spaces (by a line break after one that
/// ends without punctuation, such as a caption), and paragraphs (`# newpar`: headlines,
/// datelines, captions) by blank lines (GUM's `SpaceAfter=No` marks are
/// incomplete: "Warhol's" has none), and each token is found in its sentence, so offsets are code
/// points of the text as written.
pub fn parse_gum(id: &str, conllu: &str) -> GoldDocument {
    struct Open {
        group: String,
        kind: Option<EntityKind>,
        start: usize,
        /// The mention's tokens so far.
        tokens: Vec<Token>,
    }
    let mut text = String::new();
    let mut open: Vec<Open> = Vec::new();
    let mut spans = Vec::new();
    // The current sentence: its text, its offset in the document (chars), and the token cursor
    // within it (chars).
    let mut sentence: Vec<char> = Vec::new();
    let mut sentence_base = 0usize;
    let mut cursor = 0usize;
    let mut new_paragraph = false;
    for line in conllu.lines() {
        if line == "# newpar" || line.starts_with("# newpar ") {
            new_paragraph = true;
            continue;
        }
        if let Some(sentence_text) = line.strip_prefix("# text = ") {
            if !text.is_empty() {
                // A sentence without closing punctuation is a line of its own (a caption, a
                // credit: "Ahmed Mohamed" then "Image: Twitter"), as on the page.
                let open_ended = !text
                    .trim_end()
                    .ends_with(['.', '!', '?', '"', '\'', ')', '”', '’', ':', ';', ',']);
                text.push_str(if new_paragraph {
                    "\n\n"
                } else if open_ended {
                    "\n"
                } else {
                    " "
                });
            }
            new_paragraph = false;
            sentence_base = text.chars().count();
            text.push_str(sentence_text);
            sentence = sentence_text.chars().collect();
            cursor = 0;
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 || cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let (form, upos, misc) = (cols[1], cols[3], cols[9]);
        let form_chars: Vec<char> = form.chars().collect();
        let found = (cursor..=sentence.len().saturating_sub(form_chars.len()))
            .find(|&i| sentence[i..].starts_with(&form_chars));
        let local = found.unwrap_or(cursor);
        cursor = (local + form_chars.len()).min(sentence.len());
        let (token_start, token_end) = (sentence_base + local, sentence_base + cursor);
        let entity = misc
            .split('|')
            .find_map(|f| f.strip_prefix("Entity="))
            .unwrap_or("");
        // Openings ("(3-person-...", possibly closed on the same token) and closings ("3)").
        let mut rest = entity;
        let mut closing_here: Vec<String> = Vec::new();
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('(') {
                let end = after.find(['(', ')']).unwrap_or(after.len());
                let mut parts = after[..end].split('-');
                let group = parts.next().unwrap_or("").to_string();
                let kind = match parts.next() {
                    Some("person") => Some(EntityKind::Person),
                    Some("place") => Some(EntityKind::Place),
                    _ => None,
                };
                open.push(Open {
                    group: group.clone(),
                    kind,
                    start: token_start,
                    tokens: Vec::new(),
                });
                rest = &after[end..];
                if let Some(after_close) = rest.strip_prefix(')') {
                    closing_here.push(group);
                    rest = after_close;
                }
            } else {
                let end = rest.find(['(', ')']).unwrap_or(rest.len());
                let group = rest[..end].to_string();
                rest = &rest[end..];
                if let Some(after_close) = rest.strip_prefix(')') {
                    closing_here.push(group);
                    rest = after_close;
                } else if end == 0 {
                    rest = &rest[1..];
                }
            }
        }
        let token = Token {
            id: cols[0].parse().unwrap_or(0),
            head: cols[6].parse().unwrap_or(0),
            is_proper_noun: upos == "PROPN",
            is_flat_or_appos: matches!(cols[7], "flat" | "appos"),
        };
        for o in open.iter_mut() {
            o.tokens.push(token);
        }
        for group in closing_here {
            if let Some(i) = open.iter().rposition(|o| o.group == group) {
                let o = open.remove(i);
                if let (Some(kind), true) = (o.kind, is_named(&o.tokens)) {
                    let surface: String = text
                        .chars()
                        .skip(o.start)
                        .take(token_end - o.start)
                        .collect();
                    spans.push(GoldSpan {
                        start_char: o.start,
                        end_char: token_end,
                        text: surface,
                        kind,
                        tag: None,
                        point: None,
                    });
                }
            }
        }
    }
    spans.sort_by_key(|s| (s.start_char, s.end_char));
    GoldDocument {
        id: id.to_string(),
        text,
        spans,
    }
}

/// One token of a GUM mention, as far as [`is_named`] needs it.
#[derive(Clone, Copy)]
struct Token {
    /// Id within its sentence.
    id: usize,
    /// Id of its syntactic head (0 for the root).
    head: usize,
    is_proper_noun: bool,
    /// Attached as `flat` or `appos`: GUM hangs "Mark Zuckerberg" flat under "co-founder".
    is_flat_or_appos: bool,
}

/// A mention is a name when its head (a token whose syntactic head lies outside the mention) is a
/// proper noun, or has a proper noun hung flat or in apposition under it: "Lau Siu-lai and Yau
/// Wai-ching" and "Facebook co-founder Mark Zuckerberg" are names; "Thailand's foreign
/// minister" and "the thousands of men at Johnson Space Center" are descriptions that merely
/// contain one.
fn is_named(tokens: &[Token]) -> bool {
    let inside = |id: usize| tokens.iter().any(|t| t.id == id);
    let heads: Vec<usize> = tokens
        .iter()
        .filter(|t| !inside(t.head))
        .map(|t| t.id)
        .collect();
    tokens.iter().any(|t| {
        t.is_proper_noun
            && (heads.contains(&t.id) || (t.is_flat_or_appos && heads.contains(&t.head)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_lgl_schema() {
        let xml = r#"<articles><article docid="7"><text>Rain in Paris &amp; Lyon.</text><toponyms>
            <toponym><start>8</start><end>13</end><phrase>Paris</phrase>
              <gaztag geonameid="2988507"><name>Paris</name><lat>48.85341</lat><lon>2.3488</lon></gaztag></toponym>
            <toponym><start>16</start><end>20</end><phrase>Lyon</phrase></toponym>
            </toponyms></article></articles>"#;
        let docs = parse_toponym_xml(xml).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, "7");
        assert_eq!(docs[0].text, "Rain in Paris & Lyon.");
        let paris = &docs[0].spans[0];
        assert_eq!(
            (paris.start_char, paris.end_char, paris.text.as_str()),
            (8, 13, "Paris")
        );
        assert_eq!(
            paris.point,
            Some(LonLat {
                lon: 2.3488,
                lat: 48.85341
            })
        );
        assert_eq!(docs[0].spans[1].point, None);
    }

    #[test]
    fn reads_the_geowebnews_schema() {
        let xml = r#"<articles><article file="3"><title>t</title><link>l</link><text>Şuşa and Baku</text><toponyms>
            <toponym><extractedName>Baku</extractedName><normalisedName/><type>Literal</type><modifierType/>
            <nonLocational>No</nonLocational><start>9</start><end>13</end><geonamesID>587084</geonamesID>
            <latitude>40.37767</latitude><longitude>49.89201</longitude></toponym></toponyms></article></articles>"#;
        let docs = parse_toponym_xml(xml).unwrap();
        let baku = &docs[0].spans[0];
        assert_eq!(baku.tag.as_deref(), Some("Literal"));
        let sliced: String = docs[0]
            .text
            .chars()
            .skip(baku.start_char)
            .take(baku.end_char - baku.start_char)
            .collect();
        assert_eq!(sliced, "Baku", "offsets count code points, not bytes");
    }

    /// The gold spans of a document as (text, kind), to compare with a list.
    fn texts_and_kinds(doc: &GoldDocument) -> Vec<(&str, EntityKind)> {
        doc.spans
            .iter()
            .map(|s| (s.text.as_str(), s.kind))
            .collect()
    }

    #[test]
    fn reads_gum_named_people_and_places() {
        let conllu = "# text = President Trump visited Kabul.\n\
            1\tPresident\tpresident\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(1-person-new-s-cf1-2-coref-Donald_Trump\n\
            2\tTrump\tTrump\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=1)\n\
            3\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\t_\t_\n\
            4\tKabul\tKabul\tPROPN\tNNP\t_\t3\tobj\t_\tEntity=(2-place-new-s-cf2-1-sgl-Kabul)|SpaceAfter=No\n\
            5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\
            \n\
            # newpar\n\
            # text = He left\n\
            1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(1-person-giv-s-cf1-1-coref)\n\
            2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\t_\n";
        let doc = parse_gum("d", conllu);
        assert!(
            doc.text
                .starts_with("President Trump visited Kabul.\n\nHe left"),
            "{:?}",
            doc.text
        );
        let spans = texts_and_kinds(&doc);
        assert_eq!(
            spans,
            [
                ("President Trump", EntityKind::Person),
                ("Kabul", EntityKind::Place)
            ]
        );
    }

    #[test]
    fn a_gum_sentence_without_closing_punctuation_ends_its_line() {
        let conllu = "# text = Ahmed Mohamed\n\
            1\tAhmed\tAhmed\tPROPN\tNNP\t_\t0\troot\t_\t_\n\
            2\tMohamed\tMohamed\tPROPN\tNNP\t_\t1\tflat\t_\t_\n\
            \n\
            # text = Image: NASA.\n\
            1\tImage\timage\tNOUN\tNN\t_\t0\troot\t_\t_\n\
            \n\
            # text = He smiled.\n\
            1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n";
        let doc = parse_gum("d", conllu);
        assert_eq!(doc.text, "Ahmed Mohamed\nImage: NASA. He smiled.");
    }

    #[test]
    fn gum_descriptions_that_contain_a_name_are_not_names() {
        // "Thailand's foreign minister" is headed by "minister"; "co-founder Mark Zuckerberg"
        // hangs the name flat under "co-founder" and is a name.
        let conllu = "# text = Thailand's foreign minister met co-founder Mark Zuckerberg\n\
            1\tThailand\tThailand\tPROPN\tNNP\t_\t4\tnmod:poss\t_\tEntity=(1-person-new-s-cf1-4-sgl(2-place-new-s-cf2-1-sgl-Thailand)|SpaceAfter=No\n\
            2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_\n\
            3\tforeign\tforeign\tADJ\tJJ\t_\t4\tamod\t_\t_\n\
            4\tminister\tminister\tNOUN\tNN\t_\t5\tnsubj\t_\tEntity=1)\n\
            5\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n\
            6\tco-founder\tco-founder\tNOUN\tNN\t_\t5\tobj\t_\tEntity=(3-person-new-s-cf3-2,3-sgl-Mark_Zuckerberg\n\
            7\tMark\tMark\tPROPN\tNNP\t_\t6\tflat\t_\t_\n\
            8\tZuckerberg\tZuckerberg\tPROPN\tNNP\t_\t6\tflat\t_\tEntity=3)\n";
        let doc = parse_gum("d", conllu);
        let spans = texts_and_kinds(&doc);
        assert_eq!(
            spans,
            [
                ("Thailand", EntityKind::Place),
                ("co-founder Mark Zuckerberg", EntityKind::Person)
            ]
        );
    }
}
