//! Mentions as JSON Lines, written by hand.
//!
//! `scan` writes every mention it finds, so on a large input writing them is a tenth of the
//! work left on the thread that hands results on in order, the one part of a run that does not
//! spread over `--threads`. Through `serde` each of a mention's eighteen keys went through
//! the string escaper like any value; here keys are written as they are, strings are copied
//! whole when (as nearly always) they hold nothing to escape, and numbers go through
//! `serde_json`'s own formatter. The bytes are exactly those of `serde_json::to_writer` (a test
//! holds the two to it), so that the output's format is still the one `Mention`'s `Serialize`
//! and `Deserialize` define.

use std::io::Write;

use serde_json::ser::{CompactFormatter, Formatter};

use crate::mention::Candidate;
use crate::output::WRITE_BUFFER_BYTES;
use crate::Mention;

/// Writes mentions as JSON Lines, one object per mention: a [`JsonlWriter`] for one batch.
///
/// # Errors
/// If writing fails.
pub fn write_mentions_jsonl(out: &mut dyn Write, mentions: &[Mention]) -> std::io::Result<()> {
    let mut writer = JsonlWriter::new(out);
    writer.write(mentions)?;
    writer.finish()
}

/// Mentions as JSON Lines over a whole run (`scan`, `map`): they gather in one buffer, and `out`
/// gets it whole each time it holds [`WRITE_BUFFER_BYTES`]. A `BufWriter` of that capacity
/// (stdout's, an output file's) passes a write that size straight on, without first copying it
/// into its own buffer as it does each document's few kilobytes.
pub struct JsonlWriter<W: Write> {
    out: W,
    buffer: Vec<u8>,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        JsonlWriter {
            out,
            // Grown once to its mark (and a line past it), then reused for the whole run.
            buffer: Vec::new(),
        }
    }

    /// Writes `mentions`, one object per line.
    ///
    /// # Errors
    /// If writing to `out` fails.
    pub fn write(&mut self, mentions: &[Mention]) -> std::io::Result<()> {
        for mention in mentions {
            push_mention(&mut self.buffer, mention);
            self.buffer.push(b'\n');
            if self.buffer.len() >= WRITE_BUFFER_BYTES {
                self.hand_on()?;
            }
        }
        Ok(())
    }

    /// Hands `out` what is still buffered.
    ///
    /// # Errors
    /// If writing to `out` fails.
    pub fn finish(&mut self) -> std::io::Result<()> {
        self.hand_on()
    }

    /// Writes the buffer to `out` and empties it, even when the write fails: a write that
    /// failed part-way must not be repeated (by `finish` or on drop) and its start duplicated.
    fn hand_on(&mut self) -> std::io::Result<()> {
        let written = self.out.write_all(&self.buffer);
        self.buffer.clear();
        written
    }
}

impl<W: Write> Drop for JsonlWriter<W> {
    /// Hands on what is still buffered, as a `BufWriter` does when dropped (errors are lost:
    /// call [`JsonlWriter::finish`] to see them).
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

/// One mention as a JSON object, its fields in the order `Mention` declares them, `evidence`
/// and `candidates` left out when empty (as its `Serialize` does).
fn push_mention(out: &mut Vec<u8>, m: &Mention) {
    out.extend_from_slice(b"{\"doc\":");
    push_str(out, &m.doc);
    out.extend_from_slice(b",\"start_byte\":");
    push_u64(out, m.start_byte as u64);
    out.extend_from_slice(b",\"end_byte\":");
    push_u64(out, m.end_byte as u64);
    out.extend_from_slice(b",\"start_char\":");
    push_u64(out, m.start_char as u64);
    out.extend_from_slice(b",\"end_char\":");
    push_u64(out, m.end_char as u64);
    out.extend_from_slice(b",\"surface\":");
    push_str(out, &m.surface);
    out.extend_from_slice(b",\"entity_id\":");
    push_optional_str(out, m.entity_id.as_ref().map(|id| id.0.as_str()));
    out.extend_from_slice(b",\"name\":");
    push_str(out, &m.name);
    out.extend_from_slice(b",\"kind\":");
    push_str(out, m.kind.as_str());
    out.extend_from_slice(b",\"lon\":");
    push_optional_f64(out, m.lon);
    out.extend_from_slice(b",\"lat\":");
    push_optional_f64(out, m.lat);
    out.extend_from_slice(b",\"country_code\":");
    push_optional_str(out, m.country_code.as_deref());
    out.extend_from_slice(b",\"feature_code\":");
    push_optional_str(out, m.feature_code.as_deref());
    out.extend_from_slice(b",\"alias\":");
    push_optional_str(out, m.alias.as_deref());
    out.extend_from_slice(b",\"confidence\":");
    push_f64(out, m.confidence);
    out.extend_from_slice(b",\"method\":");
    push_str(out, m.method.as_str());
    out.extend_from_slice(if m.ambiguous {
        b",\"ambiguous\":true"
    } else {
        b",\"ambiguous\":false"
    });
    if !m.evidence.is_empty() {
        out.extend_from_slice(b",\"evidence\":");
        push_str(out, &m.evidence);
    }
    if !m.candidates.is_empty() {
        out.extend_from_slice(b",\"candidates\":[");
        for (i, candidate) in m.candidates.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_candidate(out, candidate);
        }
        out.push(b']');
    }
    out.push(b'}');
}

fn push_candidate(out: &mut Vec<u8>, c: &Candidate) {
    out.extend_from_slice(b"{\"entity_id\":");
    push_str(out, &c.entity_id.0);
    out.extend_from_slice(b",\"name\":");
    push_str(out, &c.name);
    out.extend_from_slice(b",\"country_code\":");
    push_optional_str(out, c.country_code.as_deref());
    out.extend_from_slice(b",\"score\":");
    push_f64(out, c.score);
    out.push(b'}');
}

fn push_optional_str(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        Some(text) => push_str(out, text),
        None => out.extend_from_slice(b"null"),
    }
}

fn push_optional_f64(out: &mut Vec<u8>, value: Option<f64>) {
    match value {
        Some(x) => push_f64(out, x),
        None => out.extend_from_slice(b"null"),
    }
}

/// As `serde_json` writes an `f64`: `null` unless finite.
fn push_f64(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        CompactFormatter
            .write_f64(out, x)
            .expect("writing to a Vec cannot fail");
    } else {
        out.extend_from_slice(b"null");
    }
}

fn push_u64(out: &mut Vec<u8>, n: u64) {
    CompactFormatter
        .write_u64(out, n)
        .expect("writing to a Vec cannot fail");
}

/// A JSON string, escaped as `serde_json` escapes: `"` and `\`, and the control characters
/// below U+0020 (`\b \t \n \f \r` by name, the others as `\u00XX`); everything else, non-ASCII
/// included, as it is. Runs with nothing to escape are copied whole.
fn push_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut copied = 0;
    while let Some(at) = next_to_escape(bytes, copied) {
        out.extend_from_slice(&bytes[copied..at]);
        copied = at + 1;
        let byte = bytes[at];
        let short: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => b"",
        };
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]);
        } else {
            out.extend_from_slice(short);
        }
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// The first byte from `from` on that a JSON string must escape: `"`, `\` or one below 0x20.
/// Eight bytes are looked at at once while none of them is one (the evidence of a mention runs
/// to a hundred bytes and more, and almost never holds one).
fn next_to_escape(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    // Whether a byte of `word` is below `n` (n <= 0x80): the subtraction borrows into a byte's
    // high bit only there, or past such a byte; `!word` drops bytes that had it set already.
    let any_below =
        |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH_BITS != 0;
    let any_equal = |word: u64, b: u8| any_below(word ^ (ONES * u64::from(b)), 1);
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if any_below(word, 0x20) || any_equal(word, b'"') || any_equal(word, b'\\') {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{EntityId, EntityKind};
    use crate::mention::Method;
    use proptest::prelude::*;
    use std::sync::Arc;

    fn serde_lines(mentions: &[Mention]) -> Vec<u8> {
        let mut out = Vec::new();
        for m in mentions {
            serde_json::to_writer(&mut out, m).expect("a mention serializes");
            out.push(b'\n');
        }
        out
    }

    fn hand_lines(mentions: &[Mention]) -> Vec<u8> {
        let mut out = Vec::new();
        write_mentions_jsonl(&mut out, mentions).expect("writing to a Vec");
        out
    }

    fn mention(text: &str, number: f64, full: bool) -> Mention {
        let doc: Arc<str> = format!("doc {text}").into();
        let kind = [
            EntityKind::Place,
            EntityKind::Person,
            EntityKind::Organisation,
            EntityKind::Demonym,
        ][text.len() % 4];
        let method = [
            Method::Exact,
            Method::Variant,
            Method::Fuzzy,
            Method::Coref,
            Method::Unlinked,
        ][text.len() % 5];
        let mut m = Mention::new(&doc, 3, 3 + text.len(), text, kind, method);
        m.start_char = 2;
        m.end_char = 2 + text.chars().count();
        m.confidence = number;
        if full {
            m.entity_id = Some(EntityId(format!("gn:{text}").into()));
            m.name = format!("{text}{text}").into();
            m.lon = Some(number * 180.0);
            m.lat = Some(-number / 3.0);
            m.country_code = Some(text.chars().take(2).collect());
            m.feature_code = Some("PPLA".into());
            m.alias = Some(text.into());
            m.ambiguous = true;
            m.evidence = format!("spelled \"{text}\" (+{number})");
            m.candidates = vec![
                Candidate {
                    entity_id: EntityId("gn:1".into()),
                    name: text.into(),
                    country_code: None,
                    score: number * 7.0,
                },
                Candidate {
                    entity_id: EntityId("local:x".into()),
                    name: "Şuşa \\ \"x\"".into(),
                    country_code: Some("AZ".into()),
                    score: f64::NAN,
                },
            ];
        }
        m
    }

    #[test]
    fn every_character_class_is_written_as_serde_json_writes_it() {
        let texts = [
            "Shusha",
            "Şuşa / Шуша / Շուշի",
            "quote \" backslash \\ slash /",
            "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}\u{80}",
            "",
            "emoji 🌍 and \u{2028}",
        ];
        let mentions: Vec<Mention> = texts
            .iter()
            .flat_map(|t| [mention(t, 0.25, false), mention(t, 1.0 / 3.0, true)])
            .collect();
        assert_eq!(
            String::from_utf8(hand_lines(&mentions)).unwrap(),
            String::from_utf8(serde_lines(&mentions)).unwrap()
        );
    }

    #[test]
    fn non_finite_numbers_are_null_and_a_big_document_is_written_whole() {
        let mut mentions = vec![mention("Baku", f64::INFINITY, true); 1000];
        mentions[7].lon = Some(f64::NEG_INFINITY);
        let hand = hand_lines(&mentions);
        assert!(hand.len() > WRITE_BUFFER_BYTES, "written in several chunks");
        assert_eq!(hand, serde_lines(&mentions));
    }

    #[test]
    fn every_byte_that_needs_escaping_is_found_wherever_it_is() {
        for byte in 0..=u8::MAX {
            let needs = byte < 0x20 || byte == b'"' || byte == b'\\';
            for at in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[at] = byte;
                assert_eq!(
                    next_to_escape(&bytes, 0),
                    needs.then_some(at),
                    "{byte:#x} at {at}"
                );
                // Bytes before the start are not looked at.
                assert_eq!(next_to_escape(&bytes, at + 1), None);
            }
        }
        // Non-ASCII bytes next to one another are not taken for control characters.
        assert_eq!(
            next_to_escape("Şuşa Шуша Շուշի \u{a0}\u{ff}".as_bytes(), 0),
            None
        );
        assert_eq!(next_to_escape(b"0123456789\"\"", 3), Some(10));
    }

    #[test]
    fn the_run_writer_writes_what_serde_json_writes_in_large_writes() {
        let mentions = vec![mention("Şuşa \"x\"", 0.5, true); 2000];
        let mut sizes = Vec::new();
        let mut whole = Vec::new();
        {
            struct Recorder<'a>(&'a mut Vec<usize>, &'a mut Vec<u8>);
            impl Write for Recorder<'_> {
                fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                    self.0.push(buf.len());
                    self.1.extend_from_slice(buf);
                    Ok(buf.len())
                }
                fn flush(&mut self) -> std::io::Result<()> {
                    Ok(())
                }
            }
            let mut writer = JsonlWriter::new(Recorder(&mut sizes, &mut whole));
            for chunk in mentions.chunks(7) {
                writer.write(chunk).unwrap();
            }
            writer.finish().unwrap();
        }
        assert_eq!(whole, serde_lines(&mentions));
        let (last, rest) = sizes.split_last().unwrap();
        assert!(
            !rest.is_empty() && rest.iter().all(|&n| n >= WRITE_BUFFER_BYTES),
            "{sizes:?}"
        );
        assert!(*last < WRITE_BUFFER_BYTES);
    }

    #[test]
    fn a_failed_write_is_not_repeated_on_drop() {
        /// Takes 100 bytes, then fails every write.
        struct Full<'a>(&'a mut Vec<u8>, &'a mut usize);
        impl Write for Full<'_> {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                *self.1 += 1;
                let room = 100usize.saturating_sub(self.0.len());
                if room == 0 {
                    return Err(std::io::Error::other("disk full"));
                }
                let n = room.min(buf.len());
                self.0.extend_from_slice(&buf[..n]);
                Ok(n)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let (mut got, mut calls) = (Vec::new(), 0);
        {
            let mut writer = JsonlWriter::new(Full(&mut got, &mut calls));
            writer.write(&[mention("Baku", 0.5, true)]).unwrap();
            assert!(writer.finish().is_err());
        }
        // Two calls by `finish` (100 bytes, then the error), none on drop.
        assert_eq!(calls, 2);
        assert_eq!(got, serde_lines(&[mention("Baku", 0.5, true)])[..100]);
    }

    proptest! {
        #[test]
        fn any_text_and_number_is_written_as_serde_json_writes_it(
            text in any::<String>(),
            number in any::<f64>(),
            full in any::<bool>(),
        ) {
            let mentions = [mention(&text, number, full)];
            prop_assert_eq!(hand_lines(&mentions), serde_lines(&mentions));
        }
    }
}
