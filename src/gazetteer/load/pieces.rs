//! Alias files read in pieces, in parallel.
//!
//! Most rows of a gazetteer are aliases (238,399 of the embedded one's 280,861 names), and read
//! one by one they were the longest step of start-up that used one core. So an alias file is
//! cut into pieces of about [`PIECE_BYTES`], each starting after a newline, and the pieces are
//! read at once.
//!
//! Whether a newline ends a record, rather than sitting inside a quoted field, only a reader
//! that has read the file up to it can tell: the reader of the piece before. So each piece is
//! read until its reader stands exactly at the next piece's start (or only line ends lie
//! between); if a record runs across it, the cut was wrong and the file is read again as one
//! piece. Every piece's reader is handed the header first, so that it checks each row's field
//! count as a reader of the whole file does, and the lines of its problems are shifted by the
//! lines before the piece: messages are those of a reading from the top.
//!
//! Aliases go straight into their place in the alias list, in room made beforehand (a piece
//! holds at most one record per line end): no piece's list is copied into another.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use compact_str::CompactString;
use foldhash::fast::RandomState as FastHash;
use rayon::prelude::*;

use super::rows::{alias_row, headers_of, next_record, BuildState};
use super::{RowProblem, Source};
use crate::gazetteer::{Alias, AliasType, CaseRule, EntityId, EntityIndex};
use crate::Result;

/// Alias files are read in pieces of about this many bytes (the embedded one in nine).
pub(super) const PIECE_BYTES: usize = 1 << 20;

/// One piece of an alias file.
struct Span {
    /// Byte range in the file: `start` follows a newline (or the header).
    start: usize,
    end: usize,
    /// Most records the piece can hold: one per line end (`\n` or `\r`), and one more if it
    /// does not end with a line end. Each record takes the line end that closes it, and a last
    /// record with none either has the piece's last byte or holds its last line end quoted.
    room: usize,
    /// Lines of the file before the piece's first line, less the header's.
    lines_before: u64,
}

/// What reading one piece gave.
struct Piece {
    /// Aliases written, at the front of the piece's room.
    written: usize,
    /// Its invalid rows, in order (only the first unless bad rows are skipped).
    problems: Vec<RowProblem>,
    /// `problems[0]` is the piece's first record's (see [`read_spans`]).
    first_record_problem: bool,
    /// Where the reader stopped: the end of the piece's last record.
    stopped_at: usize,
    /// A record ran past the piece's end: the next piece did not start at a record.
    overran: bool,
}

/// Reads the rows of an alias file into `state`, in pieces of about `piece_bytes`.
pub(super) fn read_aliases(
    state: &mut BuildState,
    source: &Source,
    piece_bytes: usize,
) -> Result<()> {
    let bytes: &[u8] = &source.bytes;
    let (headers, data_start) = {
        let mut reader = csv::Reader::from_reader(bytes);
        let headers = headers_of(&mut reader, &source.path)?;
        (headers, reader.position().byte() as usize)
    };
    let file = File {
        bytes,
        header: &bytes[..data_start],
        headers: &headers,
        path: &source.path,
    };
    if !read_spans(state, &file, &spans(bytes, data_start, piece_bytes))? {
        // A cut fell inside a quoted field: read the file whole (one piece cannot overrun).
        read_spans(state, &file, &spans(bytes, data_start, usize::MAX))?;
    }
    Ok(())
}

/// The file being read, as every piece's reader needs it.
struct File<'a> {
    bytes: &'a [u8],
    /// The bytes of the header line (up to where its reader stopped).
    header: &'a [u8],
    headers: &'a csv::StringRecord,
    path: &'a Path,
}

/// The pieces of `bytes` from `data_start` on, each about `piece_bytes` long and cut after a
/// newline.
fn spans(bytes: &[u8], data_start: usize, piece_bytes: usize) -> Vec<Span> {
    let mut starts = vec![data_start];
    let mut at = data_start.saturating_add(piece_bytes);
    while at < bytes.len() {
        let Some(newline) = memchr::memchr(b'\n', &bytes[at..]) else {
            break;
        };
        let start = at + newline + 1;
        if start < bytes.len() {
            starts.push(start);
        }
        at = start.saturating_add(piece_bytes);
    }
    let ends: Vec<usize> = starts[1..].iter().copied().chain([bytes.len()]).collect();
    let counts: Vec<(usize, usize)> = starts
        .par_iter()
        .zip(&ends)
        .map(|(&start, &end)| line_ends(&bytes[start..end]))
        .collect();
    let mut lines_before = 0;
    starts
        .iter()
        .zip(&ends)
        .zip(counts)
        .map(|((&start, &end), (newlines, any))| {
            let open_end = !matches!(bytes[start..end].last(), Some(b'\n' | b'\r'));
            let span = Span {
                start,
                end,
                room: any + usize::from(open_end),
                lines_before,
            };
            lines_before += newlines as u64;
            span
        })
        .collect()
}

/// The `\n` bytes of `bytes`, and its line ends of either kind (`\n` or `\r`): the csv reader
/// counts lines by the first and ends records at both.
fn line_ends(bytes: &[u8]) -> (usize, usize) {
    bytes.iter().fold((0, 0), |(newlines, any), &b| {
        (
            newlines + usize::from(b == b'\n'),
            any + usize::from(b == b'\n' || b == b'\r'),
        )
    })
}

/// Reads `spans` in parallel into room made at the end of `state`'s aliases. False, with the
/// aliases as they were, if a piece did not start at a record.
fn read_spans(state: &mut BuildState, file: &File, spans: &[Span]) -> Result<bool> {
    let first = state.aliases.len();
    let room: usize = spans.iter().map(|s| s.room).sum();
    // Made in parallel: the room is most of the list's memory, touched here first.
    state
        .aliases
        .par_extend((0..room).into_par_iter().map(|_| placeholder()));
    let mut rooms = Vec::with_capacity(spans.len());
    let mut rest = &mut state.aliases[first..];
    for span in spans {
        let (piece_room, after) = rest.split_at_mut(span.room);
        rooms.push(piece_room);
        rest = after;
    }
    let (by_id, skip_bad_rows) = (&state.by_id, state.skip_bad_rows);
    let pieces: Vec<Piece> = spans
        .par_iter()
        .zip(rooms)
        .map(|(span, room)| read_piece(file, span, room, by_id, skip_bad_rows))
        .collect();
    for piece in &pieces {
        if !skip_bad_rows && !piece.problems.is_empty() {
            // This problem ends the load: the cuts after it do not matter.
            break;
        }
        if piece.overran {
            state.aliases.truncate(first);
            return Ok(false);
        }
    }
    let mut all_full = true;
    let mut previous_end = file.header.len();
    for (mut piece, span) in pieces.into_iter().zip(spans) {
        // The csv reader gives a record the line where the record before it ended: its line
        // ends (the `\n` of a `\r\n`, blank lines) count towards the record after them. The
        // piece's reader started after those of its first record, so they are taken back.
        if piece.first_record_problem {
            let (uncounted, _) = line_ends(&file.bytes[previous_end..span.start]);
            let line = &mut piece.problems[0].line;
            *line = line.saturating_sub(uncounted as u64);
        }
        for problem in piece.problems {
            state.reject(problem.into())?;
        }
        all_full &= piece.written == span.room;
        previous_end = piece.stopped_at;
    }
    if !all_full {
        state.aliases.retain(|alias| !is_placeholder(alias));
    }
    Ok(true)
}

/// Reads one piece's rows into `room`.
fn read_piece(
    file: &File,
    span: &Span,
    room: &mut [Alias],
    by_id: &HashMap<EntityId, EntityIndex, FastHash>,
    skip_bad_rows: bool,
) -> Piece {
    let mut piece = Piece {
        written: 0,
        problems: Vec::new(),
        first_record_problem: false,
        stopped_at: span.start,
        overran: false,
    };
    let mut reader = csv::Reader::from_reader(file.header.chain(&file.bytes[span.start..]));
    // The header first, as a reader of the whole file meets it (these bytes were read as the
    // header before, without error).
    if let Err(error) = reader.byte_headers() {
        piece.problems.push(RowProblem {
            path: file.path.to_path_buf(),
            line: 1,
            message: error.to_string(),
        });
        return piece;
    }
    let header_bytes = file.header.len() as u64;
    let shift = |line: u64| {
        if line > 0 {
            line + span.lines_before
        } else {
            0
        }
    };
    let mut record = csv::StringRecord::new();
    loop {
        let read = next_record(&mut reader, &mut record, file.path);
        // Where the reader stands in the file.
        let at = span.start + (reader.position().byte() - header_bytes) as usize;
        if at > span.end {
            piece.overran = true;
            return piece;
        }
        piece.stopped_at = at;
        let problems_before = piece.problems.len();
        match read {
            Ok(None) => return piece,
            Ok(Some(())) => {
                let line = shift(record.position().map_or(0, |p| p.line()));
                match alias_row(file.headers, &record, line, file.path, by_id) {
                    Ok(alias) => {
                        // Each record but the last ends at a line end of the piece: room
                        // holds them all.
                        room[piece.written] = alias;
                        piece.written += 1;
                    }
                    Err(problem) => piece.problems.push(problem),
                }
            }
            Err(mut problem) => {
                problem.line = shift(problem.line);
                piece.problems.push(problem);
            }
        }
        let first_record = piece.written + problems_before == 0;
        piece.first_record_problem |= first_record && piece.problems.len() > problems_before;
        if !skip_bad_rows && !piece.problems.is_empty() {
            return piece;
        }
        // Only line ends up to the piece's end: the next piece starts at a record.
        if file.bytes[at..span.end]
            .iter()
            .all(|&b| b == b'\n' || b == b'\r')
        {
            return piece;
        }
    }
}

/// What fills the room not yet read into: no alias read has empty text.
fn placeholder() -> Alias {
    Alias {
        entity: EntityIndex(0),
        text: CompactString::const_new(""),
        lang: None,
        alias_type: AliasType::Variant,
        case_rule: CaseRule::Any,
        generated: false,
    }
}

fn is_placeholder(alias: &Alias) -> bool {
    alias.text.is_empty()
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use proptest::prelude::*;

    use super::super::Form;
    use super::*;

    const ENTITIES: &str = "entity_id,kind,name,latitude,longitude\n\
                            a,place,Alpha,1,1\n\
                            b,place,Beta,2,2\n";

    /// What reading `csv` as an alias file in pieces of `piece_bytes` gives: the aliases and
    /// the skipped rows, or the error.
    fn read(
        csv: &str,
        piece_bytes: usize,
        skip: bool,
    ) -> Result<(Vec<Alias>, Vec<RowProblem>), String> {
        let mut state = BuildState::new(skip);
        let entities = Source {
            path: "entities.csv".into(),
            bytes: Cow::Borrowed(ENTITIES.as_bytes()),
            form: Form::Entities,
        };
        state
            .read_entities(&entities)
            .expect("the entities are valid");
        let aliases = Source {
            path: "aliases.csv".into(),
            bytes: Cow::Owned(csv.as_bytes().to_vec()),
            form: Form::Aliases,
        };
        read_aliases(&mut state, &aliases, piece_bytes).map_err(|e| e.to_string())?;
        Ok((state.aliases, state.skipped))
    }

    #[test]
    fn a_cut_inside_a_quoted_field_is_found_and_the_file_read_whole() {
        // Pieces of 8 bytes cut after the newline inside the quoted alias.
        let csv = "entity_id,alias,lang,type\na,\"Alp\nha, the first\",en,variant\nb,Bêta,,short\n";
        let (whole, _) = read(csv, usize::MAX, false).unwrap();
        let (pieces, _) = read(csv, 8, false).unwrap();
        assert_eq!(pieces, whole);
        let texts: Vec<&str> = pieces.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["Alpha", "Beta", "Alp\nha, the first", "Bêta"]);
    }

    #[test]
    fn a_bad_row_in_a_late_piece_is_reported_at_its_line_in_the_file() {
        let mut csv = String::from("entity_id,alias,lang,type\n");
        for i in 0..40 {
            csv.push_str(&format!("a,Alpha {i},,variant\n"));
        }
        csv.push_str("c,Gamma,,variant\n");
        let error = read(&csv, 16, false).unwrap_err();
        assert!(
            error.contains("aliases.csv: line 42") && error.contains("unknown entity c"),
            "{error}"
        );
        let (aliases, skipped) = read(&csv, 16, true).unwrap();
        assert_eq!(aliases.len(), 2 + 40);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].line, 42);
    }

    /// A field as it may appear in a hand-made file: plain, quoted (its quotes doubled), or
    /// with stray quotes, commas, line ends and non-ASCII letters.
    fn field() -> impl Strategy<Value = String> {
        let raw =
            || proptest::string::string_regex("[ab\"\n\r, éɡ]{0,6}").expect("a valid pattern");
        prop_oneof![
            Just("a".to_string()),
            Just("b".to_string()),
            Just(String::new()),
            raw(),
            raw().prop_map(|text| format!("\"{}\"", text.replace('"', "\"\""))),
        ]
    }

    proptest! {
        #[test]
        fn pieces_read_what_the_whole_file_reads(
            rows in proptest::collection::vec(proptest::collection::vec(field(), 1..6), 0..30),
            crlf in any::<bool>(),
            ends_with_line_end in any::<bool>(),
            piece_bytes in 1usize..40,
            skip in any::<bool>(),
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut csv = format!("entity_id,alias,lang,type{end}");
            for row in &rows {
                csv.push_str(&row.join(","));
                csv.push_str(end);
            }
            if !ends_with_line_end {
                csv.truncate(csv.len() - end.len());
            }
            prop_assert_eq!(read(&csv, piece_bytes, skip), read(&csv, usize::MAX, skip));
        }
    }
}
