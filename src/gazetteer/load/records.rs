//! The records of a stretch of a gazetteer CSV file, one per line.
//!
//! CSV lets a quoted field run over line ends, but no field of a gazetteer (an id, a name, a
//! code, a number) holds a line break. A quote opened and never closed (`a,"Shusha,az,variant`)
//! would make the csv reader take every row after it into one field, up to the next quote or
//! the end of the file: hundreds of rows lost under one bad line. So a record that runs over a
//! line end is a bad row, reported with the lines it spans, and reading goes on at the line
//! after its first, where the rows it swallowed are read as what they are.

use std::io::Read;
use std::path::Path;

use super::rows::record_line;
use super::RowProblem;

/// The file being read, as every reader of a stretch of it needs it.
pub(super) struct File<'a> {
    pub(super) bytes: &'a [u8],
    /// The bytes of the header line (up to where its reader stopped).
    pub(super) header: &'a [u8],
    pub(super) headers: &'a csv::StringRecord,
    pub(super) path: &'a Path,
    pub(super) skip_bad_rows: bool,
}

/// One thing read from a stretch: a record with its line, or a row that cannot be read.
pub(super) type Got<'r> = Result<(&'r csv::StringRecord, u64), RowProblem>;

/// Reads the records of `file` from byte `start` (a record's start: the header's end or a line
/// start) while they start before `end`, handing each to `each` until it returns false.
/// `lines_before` is the number of line feeds in the file between the header's end and
/// `start`. Returns true if a record ran past `end` (then `start` was not a record's start).
pub(super) fn read_stretch(
    file: &File,
    start: usize,
    end: usize,
    lines_before: u64,
    mut each: impl FnMut(Got) -> bool,
) -> bool {
    let header_bytes = file.header.len() as u64;
    let (mut start, mut lines_before) = (start, lines_before);
    // Each turn reads from `start` until a record runs over a line end; the next turn starts
    // at the line after that record's first.
    loop {
        // Only line ends left: the record after them is the next stretch's.
        if only_line_ends(&file.bytes[start.min(end)..end]) {
            return false;
        }
        let mut reader = csv::Reader::from_reader(file.header.chain(&file.bytes[start..]));
        // The header first, as a reader of the whole file meets it, so that each row's field
        // count is checked against it (these bytes were read as the header before).
        if let Err(error) = reader.byte_headers() {
            each(Err(RowProblem {
                path: file.path.to_path_buf(),
                line: 1,
                message: error.to_string(),
            }));
            return false;
        }
        // The reader's positions are in the header and then the file from `start`.
        let in_file = |p: &csv::Position| (start as u64 + p.byte()).saturating_sub(header_bytes);
        let line_of =
            |p: &csv::Position| record_line(file.bytes, in_file(p), p.line() + lines_before);
        let mut record = csv::StringRecord::new();
        let restart = loop {
            let read = reader.read_record(&mut record);
            // Where the reader stands in the file.
            let at = start + (reader.position().byte() - header_bytes) as usize;
            // Where the record (read, or not readable) began.
            let position = match &read {
                Ok(false) => return false,
                Ok(true) => record.position().cloned(),
                Err(error) => error.position().cloned(),
            };
            let line = position.as_ref().map_or(0, line_of);
            let record_at = position
                .as_ref()
                .map_or(at, |p| in_file(p) as usize)
                .min(at);
            if let Some((second, inner)) = over_lines(&file.bytes[record_at..at]) {
                let last = line + inner;
                let message = if last > line {
                    format!(
                        "the row runs over lines {line} to {last}: a quote opened on line {line} \
                         is not closed on it, and a gazetteer field holds no line break"
                    )
                } else {
                    "a quoted field holds a carriage return: a gazetteer field holds no line break"
                        .to_string()
                };
                let problem = RowProblem {
                    path: file.path.to_path_buf(),
                    line,
                    message,
                };
                if !each(Err(problem)) {
                    return false;
                }
                break record_at + second;
            }
            if at > end {
                return true;
            }
            let go_on = match read {
                Ok(_) => each(Ok((&record, line))),
                Err(error) => each(Err(super::rows::row_problem(&error, file.path, line_of))),
            };
            // Only line ends up to the stretch's end: the next stretch starts at a record.
            if !go_on || only_line_ends(&file.bytes[at.min(end)..end]) {
                return false;
            }
        };
        lines_before += newlines(&file.bytes[start..restart]);
        start = restart;
    }
}

/// Whether the bytes of one record (`bytes`: from where the reader met it to where it stopped)
/// run over a line end: then the offset of its second line's start, and the number of line
/// feeds inside it (its last line is its first plus that).
fn over_lines(bytes: &[u8]) -> Option<(usize, u64)> {
    let is_end = |b: &u8| *b == b'\n' || *b == b'\r';
    let first = bytes.iter().position(|b| !is_end(b))?;
    let last = bytes.iter().rposition(|b| !is_end(b))?;
    let inside = &bytes[first..=last];
    let end_of_first = first + inside.iter().position(is_end)?;
    // Past the line end (`\r\n` counted as one): the next line's first byte.
    let second = if bytes[end_of_first] == b'\r' && bytes.get(end_of_first + 1) == Some(&b'\n') {
        end_of_first + 2
    } else {
        end_of_first + 1
    };
    Some((second, newlines(inside)))
}

fn only_line_ends(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| b == b'\n' || b == b'\r')
}

fn newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}
