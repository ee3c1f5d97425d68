//! [`Documents`]: the documents of many sources, read one at a time in bounded memory.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::{is_jsonl, Document, JsonlFields, Source};
use crate::date::Date;
use crate::{Error, Result};

/// The largest document read by default, in bytes (64 MiB): a book or a day's transcript fits
/// many times over, while a whole feed dumped into one line is refused with a message instead of
/// exhausting memory (a scan holds a small multiple of its document).
pub const DEFAULT_MAX_DOC_BYTES: usize = 64 << 20;

/// The documents of a list of sources, read lazily: a text file is one document, a JSONL file
/// one per line, and only the document being returned is in memory.
///
/// Each item is one document or the error that stopped one; reading goes on after an error
/// (with the next line of a JSONL file, or the next source when the source itself failed), so a
/// caller can report a bad document and skip it, or stop at the first.
///
/// ```
/// use mentionmap::input::{Documents, JsonlFields, Source};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("feed.jsonl");
/// std::fs::write(&path, "{\"id\":\"a\",\"text\":\"Baku\"}\nnot json\n{\"id\":\"b\",\"text\":\"Ganja\"}\n")?;
/// let read: Vec<_> = Documents::new(vec![Source::File(path)], JsonlFields::default()).collect();
/// assert_eq!(read[0].as_ref().unwrap().text, "Baku");
/// assert!(read[1].as_ref().unwrap_err().to_string().contains("feed.jsonl: line 2: "));
/// assert_eq!(read[2].as_ref().unwrap().id, "b");
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Documents {
    sources: std::vec::IntoIter<Source>,
    fields: JsonlFields,
    max_doc_bytes: usize,
    /// The JSONL source being read, if any.
    jsonl: Option<JsonlReader>,
    /// Sources read to the end (or abandoned on an error), for progress reports.
    sources_done: Arc<AtomicUsize>,
}

struct JsonlReader {
    label: PathBuf,
    reader: Box<dyn BufRead + Send>,
    /// Lines read so far (the number of the line just read).
    line: u64,
    /// The current line's bytes, reused from line to line.
    buffer: Vec<u8>,
}

impl Documents {
    /// Reads `sources` in order, with JSONL fields named by `fields`, and documents of at most
    /// [`DEFAULT_MAX_DOC_BYTES`].
    pub fn new(sources: Vec<Source>, fields: JsonlFields) -> Self {
        Documents {
            sources: sources.into_iter(),
            fields,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            jsonl: None,
            sources_done: Arc::default(),
        }
    }

    /// Refuses documents (text files, or JSONL lines) longer than `bytes`: each is reported as
    /// an error naming its file (and line) without being held in memory, and reading goes on.
    pub fn max_doc_bytes(mut self, bytes: usize) -> Self {
        self.max_doc_bytes = bytes;
        self
    }

    /// A counter of the sources read to the end so far, readable from another thread while the
    /// documents are consumed (for a progress bar).
    pub fn sources_done(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.sources_done)
    }

    fn finish_source(&self) {
        self.sources_done.fetch_add(1, Ordering::Relaxed);
    }

    /// Opens one source: a text source is read whole (it is one document), a JSONL source
    /// becomes the current reader.
    fn open(&mut self, source: Source) -> Option<Result<Document>> {
        // The length of a plain file, to read it into one buffer of its size.
        let mut size_hint = None;
        let (label, jsonl, reader): (PathBuf, bool, Box<dyn Read + Send>) = match &source {
            Source::Stdin => (
                PathBuf::from("<stdin>"),
                self.fields.stdin_is_jsonl,
                Box::new(std::io::stdin()),
            ),
            Source::File(path) => {
                let file = match std::fs::File::open(path) {
                    Ok(file) => file,
                    Err(e) => return Some(Err(Error::io(path, e))),
                };
                let gz = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
                let reader: Box<dyn Read + Send> = if gz {
                    Box::new(flate2::read::MultiGzDecoder::new(file))
                } else {
                    size_hint = file.metadata().ok().map(|m| m.len());
                    Box::new(file)
                };
                (path.clone(), is_jsonl(path), reader)
            }
        };
        if jsonl {
            self.jsonl = Some(JsonlReader {
                label,
                reader: Box::new(BufReader::with_capacity(1 << 16, reader)),
                line: 0,
                buffer: Vec::new(),
            });
            return None;
        }
        let id = match source {
            Source::Stdin => "stdin".to_string(),
            Source::File(path) => path.to_string_lossy().into_owned(),
        };
        Some(
            read_text(&label, reader, self.max_doc_bytes, size_hint).map(|(text, warning)| {
                Document {
                    id,
                    text,
                    warning,
                    ..Document::default()
                }
            }),
        )
    }
}

impl Iterator for Documents {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        loop {
            if let Some(jsonl) = &mut self.jsonl {
                match jsonl.next_document(&self.fields, self.max_doc_bytes) {
                    Some(Next::Document(item)) => return Some(item),
                    Some(Next::Broken(error)) => {
                        // The reader itself failed (a corrupt .gz, a read error): no later line
                        // of this source can be trusted to be where it seems.
                        self.jsonl = None;
                        self.finish_source();
                        return Some(Err(error));
                    }
                    None => {
                        self.jsonl = None;
                        self.finish_source();
                    }
                }
            }
            let source = self.sources.next()?;
            if let Some(item) = self.open(source) {
                self.finish_source();
                return Some(item);
            }
        }
    }
}

/// Reads a whole text source, refusing one longer than `limit` after reading at most one byte
/// past it; with a warning if it had to be decoded lossily. `size_hint`, the file's length when
/// known, sizes the buffer up front: growing a 20 MB document's buffer by doubling copied it
/// several times and left the old buffers' pages with the allocator (issue 12).
fn read_text(
    label: &std::path::Path,
    reader: Box<dyn Read + Send>,
    limit: usize,
    size_hint: Option<u64>,
) -> Result<(String, Option<String>)> {
    let limit_plus_one = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    // One byte more than the file: `read_to_end` then sees the end without growing the buffer.
    let capacity = size_hint.map_or(0, |len| len.saturating_add(1).min(limit_plus_one));
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    BufReader::new(reader)
        .take(limit_plus_one)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(label, e))?;
    if bytes.len() > limit {
        return Err(Error::io(
            label,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("document longer than {limit} bytes (raise --max-doc-bytes to read it)"),
            ),
        ));
    }
    Ok(decode(bytes))
}

/// Decodes a text file: UTF-8 (a byte-order mark is dropped), or UTF-16 when it starts with a
/// UTF-16 byte-order mark. Invalid sequences become U+FFFD and the warning says where the first
/// one was: one bad byte in a scraped page should not cost the document.
fn decode(bytes: Vec<u8>) -> (String, Option<String>) {
    let utf16 = |big_endian: bool, body: &[u8]| {
        let units = body.chunks(2).map(|pair| match (pair, big_endian) {
            ([a, b], true) => u16::from_be_bytes([*a, *b]),
            ([a, b], false) => u16::from_le_bytes([*a, *b]),
            // An odd last byte: not a whole code unit.
            _ => 0xDC00,
        });
        let mut bad = None;
        let text: String = char::decode_utf16(units)
            .enumerate()
            .map(|(i, c)| {
                c.unwrap_or_else(|_| {
                    bad.get_or_insert(i * 2 + 2);
                    char::REPLACEMENT_CHARACTER
                })
            })
            .collect();
        let warning = bad.map(|at| format!("invalid UTF-16 at byte {at}: replaced by U+FFFD"));
        (text, warning)
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, body @ ..] => return utf16(false, body),
        [0xFE, 0xFF, body @ ..] => return utf16(true, body),
        _ => {}
    }
    match String::from_utf8(bytes) {
        Ok(text) => match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest.to_string(), None),
            None => (text, None),
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            (
                text,
                Some(format!(
                    "not UTF-8 at byte {at}: decoded with U+FFFD for invalid bytes"
                )),
            )
        }
    }
}

/// What reading the next JSONL line gave.
enum Next {
    /// A document, or the error of its line (reading goes on with the next line).
    Document(Result<Document>),
    /// The source cannot be read further.
    Broken(Error),
}

/// How one line was read.
enum Line {
    /// The line is in the buffer (without its line feed).
    Read,
    /// The line was longer than the limit: it was skipped, and was this long.
    TooLong(u64),
}

impl JsonlReader {
    fn next_document(&mut self, fields: &JsonlFields, limit: usize) -> Option<Next> {
        loop {
            let line = match self.read_line(limit) {
                Ok(Some(line)) => line,
                Ok(None) => return None,
                Err(e) => return Some(Next::Broken(Error::io(&self.label, e))),
            };
            let bad = |message: String| Error::Json {
                path: self.label.clone(),
                line: self.line,
                message,
            };
            if let Line::TooLong(length) = line {
                return Some(Next::Document(Err(bad(format!(
                    "a line of {length} bytes is longer than the limit of {limit} (raise --max-doc-bytes to read it)"
                )))));
            }
            let mut bytes = &self.buffer[..];
            if self.line == 1 {
                // A byte-order mark some editors write at the start of a UTF-8 file.
                bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let document = parse_line(bytes, fields, &self.label, self.line).map_err(bad);
            return Some(Next::Document(document));
        }
    }

    /// Reads the next line into the buffer, holding at most `limit` bytes of it: a longer line
    /// is consumed and dropped. `None` at the end of the input.
    fn read_line(&mut self, limit: usize) -> std::io::Result<Option<Line>> {
        self.buffer.clear();
        let mut length: u64 = 0;
        let mut too_long = false;
        let mut any = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            any = true;
            // memchr: a byte-by-byte search for the line feed was a fifth of the reader's time.
            let (chunk, used, end) = match memchr::memchr(b'\n', available) {
                Some(i) => (&available[..i], i + 1, true),
                None => (available, available.len(), false),
            };
            length += chunk.len() as u64;
            if !too_long && self.buffer.len() + chunk.len() > limit {
                too_long = true;
                // Give the memory of a long line back: the next line starts small again.
                self.buffer = Vec::new();
            }
            if !too_long {
                self.buffer.extend_from_slice(chunk);
            }
            self.reader.consume(used);
            if end {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        self.line += 1;
        if self.buffer.last() == Some(&b'\r') {
            self.buffer.pop();
        }
        Ok(Some(if too_long {
            Line::TooLong(length)
        } else {
            Line::Read
        }))
    }
}

/// One JSONL line as a document: the text field moved out of the parsed object, not copied.
fn parse_line(
    bytes: &[u8],
    fields: &JsonlFields,
    label: &std::path::Path,
    line: u64,
) -> std::result::Result<Document, String> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if !value.is_object() {
        return Err("not a JSON object".to_string());
    }
    let id = match value.get(&fields.id) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{}:{line}", label.display()),
    };
    let (date, source) = date_and_source(&value, fields)?;
    match value
        .as_object_mut()
        .and_then(|object| object.remove(&fields.text))
    {
        Some(serde_json::Value::String(text)) => Ok(Document {
            id,
            text,
            date,
            source,
            warning: None,
        }),
        _ => Err(format!(
            "no string field {:?} (set --text-field)",
            fields.text
        )),
    }
}

/// The date and source fields of a JSONL line; absent or null fields are `None`.
fn date_and_source(
    value: &serde_json::Value,
    fields: &JsonlFields,
) -> std::result::Result<(Option<Date>, Option<String>), String> {
    let date = match fields.date.as_ref().and_then(|f| value.get(f)) {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(Date::parse_iso8601(s)?),
        Some(other) => {
            return Err(format!(
                "cannot read date {other}: expected an ISO 8601 string"
            ))
        }
    };
    let source = match fields.source.as_ref().and_then(|f| value.get(f)) {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    Ok((date, source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(sources: Vec<Source>, limit: usize) -> Vec<Result<Document>> {
        Documents::new(sources, JsonlFields::default())
            .max_doc_bytes(limit)
            .collect()
    }

    #[test]
    fn reads_text_gzip_and_jsonl_and_skips_other_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Baku").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all("Ganja".as_bytes()).unwrap();
        std::fs::write(dir.path().join("b.txt.gz"), gz.finish().unwrap()).unwrap();
        std::fs::write(
            dir.path().join("c.jsonl"),
            "{\"id\":\"x1\",\"text\":\"Shusha\"}\n\n{\"text\":\"Yerevan\"}\r\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.csv"), "ignored").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "ignored").unwrap();
        let sources = super::super::expand(&[dir.path().to_path_buf()]).unwrap();
        let documents = Documents::new(sources, JsonlFields::default());
        let done = documents.sources_done();
        let docs: Vec<Document> = documents.map(|d| d.unwrap()).collect();
        let texts: Vec<_> = docs.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["Baku", "Ganja", "Shusha", "Yerevan"]);
        assert_eq!(docs[2].id, "x1");
        assert!(
            docs[3].id.ends_with("c.jsonl:3"),
            "missing ids fall back to file:line, got {}",
            docs[3].id
        );
        assert_eq!(done.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn a_bad_jsonl_line_names_file_and_line_and_reading_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        std::fs::write(
            &path,
            b"{\"text\":\"ok\"}\n{\"body\":\"no text\"}\n{\"text\":\"bad \xff\"}\n{\"text\":\"fine\"}\n",
        )
        .unwrap();
        let read = read_all(vec![Source::File(path.clone())], 1000);
        assert_eq!(read.len(), 4);
        assert_eq!(
            read[1].as_ref().unwrap_err().to_string(),
            format!(
                "{}: line 2: no string field \"text\" (set --text-field)",
                path.display()
            )
        );
        let invalid = read[2].as_ref().unwrap_err().to_string();
        assert!(
            invalid.starts_with(&format!("{}: line 3: ", path.display())),
            "{invalid}"
        );
        assert_eq!(read[3].as_ref().unwrap().text, "fine");
    }

    #[test]
    fn dates_and_sources_are_read_and_a_bad_date_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        let fields = JsonlFields {
            date: Some("published".into()),
            source: Some("outlet".into()),
            ..JsonlFields::default()
        };
        std::fs::write(
            &path,
            "{\"text\":\"a\",\"published\":\"2020-10-05T09:00:00+04:00\",\"outlet\":\"AP\"}\n{\"text\":\"b\"}\n{\"text\":\"c\",\"published\":\"5 Oct 2020\"}\n",
        )
        .unwrap();
        let read: Vec<_> = Documents::new(vec![Source::File(path.clone())], fields).collect();
        let docs: Vec<&Document> = read[..2].iter().map(|d| d.as_ref().unwrap()).collect();
        assert_eq!(docs[0].date, Date::new(2020, 10, 5));
        assert_eq!(docs[0].source.as_deref(), Some("AP"));
        assert_eq!((docs[1].date, docs[1].source.as_deref()), (None, None));
        let err = read[2].as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "{}: line 3: cannot read date \"5 Oct 2020\"",
                path.display()
            )),
            "{err}"
        );
    }

    #[test]
    fn a_line_over_the_limit_is_refused_by_line_and_the_next_one_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let huge = format!("{{\"text\":\"{}\"}}", "Baku ".repeat(20_000));
        std::fs::write(
            &path,
            format!("\u{feff}{{\"text\":\"first\"}}\n{huge}\n{{\"text\":\"last\"}}\n"),
        )
        .unwrap();
        let read = read_all(vec![Source::File(path.clone())], 1000);
        let texts: Vec<_> = read
            .iter()
            .map(|d| d.as_ref().map(|d| d.text.as_str()).ok())
            .collect();
        assert_eq!(texts, [Some("first"), None, Some("last")]);
        assert_eq!(
            read[1].as_ref().unwrap_err().to_string(),
            format!(
                "{}: line 2: a line of {} bytes is longer than the limit of 1000 (raise --max-doc-bytes to read it)",
                path.display(),
                huge.len()
            )
        );
    }

    #[test]
    fn a_text_file_over_the_limit_is_refused_and_the_next_source_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        let small = dir.path().join("small.txt");
        std::fs::write(&big, "x".repeat(2000)).unwrap();
        std::fs::write(&small, "Baku").unwrap();
        let read = read_all(vec![Source::File(big.clone()), Source::File(small)], 1000);
        assert_eq!(
            read[0].as_ref().unwrap_err().to_string(),
            format!(
                "{}: document longer than 1000 bytes (raise --max-doc-bytes to read it)",
                big.display()
            )
        );
        assert_eq!(read[1].as_ref().unwrap().text, "Baku");
    }

    #[test]
    fn an_unreadable_source_is_one_error_and_the_rest_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.txt");
        std::fs::write(&good, "Ganja").unwrap();
        let read = read_all(
            vec![
                Source::File(dir.path().join("gone.jsonl")),
                Source::File(good),
            ],
            1000,
        );
        assert!(read[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("gone.jsonl: "));
        assert_eq!(read[1].as_ref().unwrap().text, "Ganja");
    }
}
