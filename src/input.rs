//! Reading documents: plain text files, directories of them, `.gz`, JSONL, and standard input.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::{Error, Result};

/// One document: an id (the path, or the JSONL id field), its text, and the date and source a
/// JSONL line may give.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Stable identifier used in mentions and counts.
    pub id: String,
    /// The full text, as read.
    pub text: String,
    /// The day it is dated (JSONL `--date-field`).
    pub date: Option<Date>,
    /// Where it comes from: an outlet, a feed (JSONL `--source-field`).
    pub source: Option<String>,
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

/// How to read JSONL inputs.
#[derive(Debug, Clone)]
pub struct JsonlFields {
    /// The field that holds the text.
    pub text: String,
    /// The field that holds the id; missing ids become `<file>:<line>`.
    pub id: String,
    /// Read standard input as JSONL (files are told by their extension).
    pub stdin_is_jsonl: bool,
    /// The field that holds an ISO 8601 date or datetime, if any.
    pub date: Option<String>,
    /// The field that names the source, if any.
    pub source: Option<String>,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            text: "text".into(),
            id: "id".into(),
            stdin_is_jsonl: false,
            date: None,
            source: None,
        }
    }
}

/// File extensions read from directories (after removing a `.gz`).
const TEXT_EXTENSIONS: &[&str] = &["txt", "text"];
const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];

/// Expands inputs into sources: `-` is standard input, a directory is every text or JSONL file
/// under it (sorted, hidden files skipped), a file is itself. No inputs means standard input.
///
/// # Errors
/// If an input does not exist or a directory cannot be listed.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<Source>> {
    if inputs.is_empty() {
        return Ok(vec![Source::Stdin]);
    }
    let mut sources = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if input.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files)?;
            files.sort();
            sources.extend(files.into_iter().map(Source::File));
        } else if input.is_file() {
            sources.push(Source::File(input.clone()));
        } else {
            return Err(Error::io(
                input,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
            ));
        }
    }
    Ok(sources)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if is_text(&path) || is_jsonl(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// The extension of a path with any `.gz` removed.
fn inner_extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.').map(|(_, ext)| ext.to_string())
}

fn is_text(path: &Path) -> bool {
    inner_extension(path).is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str()))
}

fn is_jsonl(path: &Path) -> bool {
    inner_extension(path).is_some_and(|e| JSONL_EXTENSIONS.contains(&e.as_str()))
}

/// Reads every document of one source.
///
/// # Errors
/// If the source cannot be read, is not UTF-8, or a JSONL line is invalid (with its line number).
pub fn read(source: &Source, fields: &JsonlFields) -> Result<Vec<Document>> {
    let (label, jsonl, reader): (PathBuf, bool, Box<dyn Read>) = match source {
        Source::Stdin => (
            PathBuf::from("<stdin>"),
            fields.stdin_is_jsonl,
            Box::new(std::io::stdin().lock()),
        ),
        Source::File(path) => {
            let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            let gz = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
            let reader: Box<dyn Read> = if gz {
                Box::new(flate2::read::MultiGzDecoder::new(file))
            } else {
                Box::new(file)
            };
            (path.clone(), is_jsonl(path), reader)
        }
    };
    if jsonl {
        read_jsonl(&label, reader, fields)
    } else {
        let mut bytes = Vec::new();
        BufReader::new(reader)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(&label, e))?;
        let text = into_utf8(&label, bytes)?;
        let id = match source {
            Source::Stdin => "stdin".to_string(),
            Source::File(path) => path.to_string_lossy().into_owned(),
        };
        Ok(vec![Document {
            id,
            text,
            ..Document::default()
        }])
    }
}

fn into_utf8(label: &Path, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Error::io(
            label,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not UTF-8 (byte {at})"),
            ),
        )
    })
}

fn read_jsonl(label: &Path, reader: Box<dyn Read>, fields: &JsonlFields) -> Result<Vec<Document>> {
    let mut documents = Vec::new();
    for (i, line) in BufReader::new(reader).lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = line.map_err(|e| Error::io(label, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| Error::Json {
            path: label.to_path_buf(),
            line: line_no,
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
        let text = value
            .get(&fields.text)
            .and_then(|v| v.as_str())
            .ok_or_else(|| {
                bad(format!(
                    "no string field {:?} (set --text-field)",
                    fields.text
                ))
            })?;
        let id = match value.get(&fields.id) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => format!("{}:{line_no}", label.display()),
        };
        let (date, source) = date_and_source(&value, fields).map_err(bad)?;
        documents.push(Document {
            id,
            text: text.to_string(),
            date,
            source,
        });
    }
    Ok(documents)
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

    #[test]
    fn reads_text_gzip_and_jsonl_and_skips_other_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Baku").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all("Ganja".as_bytes()).unwrap();
        std::fs::write(dir.path().join("b.txt.gz"), gz.finish().unwrap()).unwrap();
        std::fs::write(
            dir.path().join("c.jsonl"),
            "{\"id\":\"x1\",\"text\":\"Shusha\"}\n\n{\"text\":\"Yerevan\"}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.csv"), "ignored").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "ignored").unwrap();
        let sources = expand(&[dir.path().to_path_buf()]).unwrap();
        let docs: Vec<Document> = sources
            .iter()
            .flat_map(|s| read(s, &JsonlFields::default()).unwrap())
            .collect();
        let texts: Vec<_> = docs.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["Baku", "Ganja", "Shusha", "Yerevan"]);
        assert_eq!(docs[2].id, "x1");
        assert!(
            docs[3].id.ends_with("c.jsonl:3"),
            "missing ids fall back to file:line, got {}",
            docs[3].id
        );
    }

    #[test]
    fn a_bad_jsonl_line_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        std::fs::write(&path, "{\"text\":\"ok\"}\n{\"body\":\"no text\"}\n").unwrap();
        let err = read(&Source::File(path.clone()), &JsonlFields::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: line 2: no string field \"text\" (set --text-field)",
                path.display()
            )
        );
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
            "{\"text\":\"a\",\"published\":\"2020-10-05T09:00:00+04:00\",\"outlet\":\"AP\"}\n{\"text\":\"b\"}\n",
        )
        .unwrap();
        let docs = read(&Source::File(path.clone()), &fields).unwrap();
        assert_eq!(docs[0].date, Date::new(2020, 10, 5));
        assert_eq!(docs[0].source.as_deref(), Some("AP"));
        assert_eq!((docs[1].date, docs[1].source.as_deref()), (None, None));
        std::fs::write(
            &path,
            "{\"text\":\"a\"}\n{\"text\":\"b\",\"published\":\"5 Oct 2020\"}\n",
        )
        .unwrap();
        let err = read(&Source::File(path.clone()), &fields).unwrap_err();
        assert!(
            err.to_string().starts_with(&format!(
                "{}: line 2: cannot read date \"5 Oct 2020\"",
                path.display()
            )),
            "{err}"
        );
    }

    #[test]
    fn a_missing_input_is_an_error() {
        let err = expand(&[PathBuf::from("no/such/dir")]).unwrap_err();
        assert!(err.to_string().starts_with("no/such/dir: "));
    }
}
