//! Alias files read in pieces, in parallel.
//!
//! Most rows of a gazetteer are aliases (238,399 of the embedded one's 280,861 names), and read
//! one by one they were start-up's longest step on one core. So an alias file is cut into
//! pieces of about [`PIECE_BYTES`] and the pieces are read at once. (Entity files are read
//! whole: whether an id is new depends on every row before it, and a parallel reading with a
//! serial pass for that was slower on the embedded file than the plain one.)
//!
//! A piece starts after a line feed, before a line with something on it. Whether that line
//! feed ends a record, rather than sitting inside a quoted field, only a reader that has read
//! the file up to it can tell: the reader of the piece before. So each piece is read until its
//! reader stands at the next piece's start (or only line ends lie between); if a record runs
//! across it, the cut was wrong and the file is read again as one piece. Every piece's reader
//! is handed the header first, so that it checks each row's field count as a reader of the
//! whole file does, and its lines are shifted by the lines before the piece: rows and messages
//! are those of a reading from the top.
//!
//! Rows go straight into their place in the caller's list, in room made beforehand (a piece
//! holds at most one record per line end): no piece's list is copied into another.

use rayon::prelude::*;

use super::records::{read_stretch, File};
use super::rows::headers_of;
use super::{RowProblem, Source};
use crate::Result;

/// Alias files are read in pieces of about this many bytes (the embedded one in nine).
pub(super) const PIECE_BYTES: usize = 1 << 20;

/// Reads the rows of `source` in pieces of about `piece_bytes`, each record through `row`
/// (given the header, the record and its line), onto the end of `list`. `placeholder` fills the
/// room not read into; none is left in `list` after. Returns the invalid rows in file order
/// (only the first unless bad rows are skipped).
///
/// # Errors
/// If the header cannot be read.
pub(super) fn read_rows<T: Send>(
    source: &Source,
    piece_bytes: usize,
    skip_bad_rows: bool,
    list: &mut Vec<T>,
    placeholder: impl Fn() -> T + Sync + Send,
    row: impl Fn(&csv::StringRecord, &csv::StringRecord, u64) -> Result<T, RowProblem> + Sync,
) -> Result<Vec<RowProblem>> {
    let bytes: &[u8] = &source.bytes;
    let (headers, data_start) = headers_of(bytes, &source.path)?;
    let file = File {
        bytes,
        header: &bytes[..data_start],
        headers: &headers,
        path: &source.path,
        skip_bad_rows,
    };
    let cut = spans(bytes, data_start, piece_bytes);
    let (spans, pieces) = match read_spans(&file, &cut, list, &placeholder, &row) {
        Some(pieces) => (cut, pieces),
        None => {
            // A cut fell inside a quoted field: read the file whole.
            let whole = spans(bytes, data_start, usize::MAX);
            let pieces = read_spans(&file, &whole, list, &placeholder, &row)
                .expect("one piece reaches the end of the file: it cannot overrun");
            (whole, pieces)
        }
    };
    Ok(settle(list, &spans, pieces, skip_bad_rows))
}

/// One piece of a file.
struct Span {
    /// Byte range in the file: `start` is the header's end or a cut.
    start: usize,
    end: usize,
    /// Most records the piece can hold: one per line end (`\n` or `\r`), and one more if it
    /// does not end with a line end. Each record takes the line end that closes it, and a last
    /// record with none either has the piece's last byte or holds its last line end quoted.
    room: usize,
    /// Lines of the file before the piece, less the header's.
    lines_before: u64,
}

/// What reading one piece gave.
struct Piece {
    /// Rows read, at the front of the piece's room.
    written: usize,
    /// Its invalid rows, in order.
    problems: Vec<RowProblem>,
    /// A record ran past the piece's end: the next piece did not start at a record.
    overran: bool,
}

/// The pieces of `bytes` from `data_start` on, each about `piece_bytes` long.
fn spans(bytes: &[u8], data_start: usize, piece_bytes: usize) -> Vec<Span> {
    let mut starts = vec![data_start];
    let mut at = data_start.saturating_add(piece_bytes);
    while at < bytes.len() {
        let Some(newline) = memchr::memchr(b'\n', &bytes[at..]) else {
            break;
        };
        let start = at + newline + 1;
        // Before a line with something on it: a record that ends at the line feed (or the
        // `\r` before it) is read up to at most here, and the next one starts here.
        if start < bytes.len() && !matches!(bytes[start], b'\n' | b'\r') {
            starts.push(start);
            at = start.saturating_add(piece_bytes);
        } else {
            at = start;
        }
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

/// Reads `spans` in parallel into room made at the end of `list`. `None`, with `list` as it
/// was, if a piece did not start at a record.
fn read_spans<T: Send>(
    file: &File,
    spans: &[Span],
    list: &mut Vec<T>,
    placeholder: &(impl Fn() -> T + Sync + Send),
    row: &(impl Fn(&csv::StringRecord, &csv::StringRecord, u64) -> Result<T, RowProblem> + Sync),
) -> Option<Vec<Piece>> {
    let first = list.len();
    let room: usize = spans.iter().map(|s| s.room).sum();
    // Made in parallel: the room is most of the list's memory, touched here first.
    list.par_extend((0..room).into_par_iter().map(|_| placeholder()));
    let mut rooms = Vec::with_capacity(spans.len());
    let mut rest = &mut list[first..];
    for span in spans {
        let (piece_room, after) = rest.split_at_mut(span.room);
        rooms.push(piece_room);
        rest = after;
    }
    let pieces: Vec<Piece> = spans
        .par_iter()
        .zip(rooms)
        .map(|(span, room)| read_piece(file, span, room, row))
        .collect();
    for piece in &pieces {
        if !file.skip_bad_rows && !piece.problems.is_empty() {
            // This problem ends the load: the cuts after it do not matter.
            break;
        }
        if piece.overran {
            list.truncate(first);
            return None;
        }
    }
    Some(pieces)
}

/// Drops the room left unread at the end of each piece from `list` (whose last rows are the
/// pieces'), and gathers the pieces' problems in file order.
fn settle<T>(
    list: &mut Vec<T>,
    spans: &[Span],
    pieces: Vec<Piece>,
    skip_bad_rows: bool,
) -> Vec<RowProblem> {
    let room: usize = spans.iter().map(|s| s.room).sum();
    let first = list.len() - room;
    if pieces.iter().zip(spans).any(|(p, s)| p.written < s.room) {
        let mut kept = spans
            .iter()
            .zip(&pieces)
            .flat_map(|(span, piece)| (0..span.room).map(move |i| i < piece.written));
        let mut index = 0;
        list.retain(|_| {
            index += 1;
            index <= first || kept.next().unwrap_or(true)
        });
    }
    let mut problems = Vec::new();
    for piece in pieces {
        let stop = !skip_bad_rows && !piece.problems.is_empty();
        problems.extend(piece.problems);
        if stop {
            // That problem ends the load: the pieces after it do not matter.
            break;
        }
    }
    problems
}

/// Reads one piece's rows into `room`.
fn read_piece<T>(
    file: &File,
    span: &Span,
    room: &mut [T],
    row: &(impl Fn(&csv::StringRecord, &csv::StringRecord, u64) -> Result<T, RowProblem> + Sync),
) -> Piece {
    let mut piece = Piece {
        written: 0,
        problems: Vec::new(),
        overran: false,
    };
    piece.overran = read_stretch(file, span.start, span.end, span.lines_before, |read| {
        let problem = match read.and_then(|(record, line)| row(file.headers, record, line)) {
            Ok(value) => {
                // Each record but the last ends at a line end of the piece: room holds them all.
                room[piece.written] = value;
                piece.written += 1;
                return true;
            }
            Err(problem) => problem,
        };
        piece.problems.push(problem);
        file.skip_bad_rows
    });
    piece
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use proptest::prelude::*;

    use super::super::rows::BuildState;
    use super::super::Form;
    use super::*;
    use crate::gazetteer::{Alias, Entity};

    const ENTITIES: &str = "entity_id,kind,name,latitude,longitude\n\
                            a,place,Alpha,1,1\n\
                            b,place,Beta,2,2\n";

    fn source(name: &str, csv: &str, form: Form) -> Source {
        Source {
            path: name.into(),
            bytes: Cow::Owned(csv.as_bytes().to_vec()),
            form,
        }
    }

    type Read = Result<(Vec<Entity>, Vec<Alias>, Vec<RowProblem>), String>;

    /// What reading `entities` then `aliases` in pieces of `piece_bytes` gives: the entities,
    /// the aliases and the skipped rows, or the error.
    fn read(entities: &str, aliases: &str, piece_bytes: usize, skip: bool) -> Read {
        let mut state = BuildState::new(skip);
        state.piece_bytes = piece_bytes;
        let error = |e: crate::Error| e.to_string();
        state
            .read_entities(&source("entities.csv", entities, Form::Entities))
            .map_err(error)?;
        state
            .read_aliases(&source("aliases.csv", aliases, Form::Aliases))
            .map_err(error)?;
        Ok((state.entities, state.aliases, state.skipped))
    }

    #[test]
    fn a_quote_left_open_spoils_its_row_only_however_the_file_is_cut() {
        // Issue 30: the quote opened on line 3 is closed on line 5; read as CSV, lines 3 to 5
        // are one record, and an unclosed one would take every row to the end of the file.
        let csv = "entity_id,alias,lang,type\na,Alpha 1,,variant\na,\"Alp,en,variant\n\
                   b,Bêta,,short\na,Alpha \"2\",,variant\nb,Beta 3,,short\n";
        let whole = read(ENTITIES, csv, usize::MAX, true).unwrap();
        for piece_bytes in [1, 8, 30] {
            assert_eq!(read(ENTITIES, csv, piece_bytes, true).unwrap(), whole);
        }
        let (_, aliases, skipped) = whole;
        let texts: Vec<&str> = aliases.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Alpha", "Beta", "Alpha 1", "Bêta", "Alpha \"2\"", "Beta 3"]
        );
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert_eq!(skipped[0].line, 3);
        assert!(
            skipped[0].message.contains("runs over lines 3 to 5"),
            "{}",
            skipped[0].message
        );
        // Without --skip-bad-rows the load stops there, naming the lines.
        for piece_bytes in [8, usize::MAX] {
            let error = read(ENTITIES, csv, piece_bytes, false).unwrap_err();
            assert!(
                error.contains("aliases.csv: line 3: the row runs over lines 3 to 5"),
                "{error}"
            );
        }
        // Never closed: the rows after it are read all the same, in entity files too.
        let entities = format!("{ENTITIES}c,place,\"Gamma,3,3\nd,place,Delta,4,4\n");
        let (read_entities, _, skipped) = read(&entities, "entity_id,alias\n", 16, true).unwrap();
        let names: Vec<&str> = read_entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Alpha", "Beta", "Delta"]);
        assert_eq!((skipped[0].line, skipped.len()), (4, 1), "{skipped:?}");
        assert!(skipped[0].message.contains("lines 4 to 5"), "{skipped:?}");
        let header = read("entity_id,\"kind,name\na,place,A\n", "", 8, true).unwrap_err();
        assert!(
            header.contains("line 1: the header runs over a line end"),
            "{header}"
        );
    }

    #[test]
    fn a_bad_row_in_a_late_piece_is_reported_at_its_line_in_the_file() {
        let mut csv = String::from("entity_id,alias,lang,type\n");
        for i in 0..40 {
            csv.push_str(&format!("a,Alpha {i},,variant\n"));
        }
        csv.push_str("c,Gamma,,variant\n");
        let error = read(ENTITIES, &csv, 16, false).unwrap_err();
        assert!(
            error.contains("aliases.csv: line 42") && error.contains("unknown entity c"),
            "{error}"
        );
        let (_, aliases, skipped) = read(ENTITIES, &csv, 16, true).unwrap();
        assert_eq!(aliases.len(), 2 + 40);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].line, 42);
    }

    #[test]
    fn lines_are_those_an_editor_shows_after_crlf_and_blank_lines() {
        let entities = "entity_id,kind,name,latitude,longitude\r\na,place,Alpha,1,1\r\n\r\n\
                        b,place,Beta,2,2\r\nb,place,Again,3,3\r\n";
        let error = read(entities, "entity_id,alias\n", usize::MAX, false).unwrap_err();
        assert!(
            error.contains("entities.csv: line 5: duplicate entity_id b")
                && error.contains("first defined at entities.csv: line 4"),
            "{error}"
        );
        for end in ["\r\n", "\n"] {
            let aliases = [
                "entity_id,alias,lang,type",
                "a,A1,,variant",
                "",
                "",
                "c,Gamma,,variant",
                "",
            ]
            .join(end);
            for piece_bytes in [1, 8, usize::MAX] {
                let error = read(ENTITIES, &aliases, piece_bytes, false).unwrap_err();
                assert!(
                    error.contains("aliases.csv: line 5: "),
                    "{end:?} {piece_bytes}: {error}"
                );
            }
        }
    }

    /// A field as it may appear in a hand-made file: plain, quoted (its quotes doubled), or
    /// with stray quotes, commas, line ends and non-ASCII letters.
    fn field(plain: &'static [&'static str]) -> impl Strategy<Value = String> {
        let raw =
            || proptest::string::string_regex("[ab\"\n\r, éɡ1]{0,6}").expect("a valid pattern");
        prop_oneof![
            proptest::sample::select(plain).prop_map(str::to_string),
            raw(),
            raw().prop_map(|text| format!("\"{}\"", text.replace('"', "\"\""))),
        ]
    }

    /// A file of `rows` under `header`, with `\n` or `\r\n` line ends, the last one or not.
    fn file(header: &str, rows: &[Vec<String>], crlf: bool, last_line_end: bool) -> String {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut csv = format!("{header}{end}");
        for row in rows {
            csv.push_str(&row.join(","));
            csv.push_str(end);
        }
        if !last_line_end {
            csv.truncate(csv.len() - end.len());
        }
        csv
    }

    fn rows(plain: &'static [&'static str]) -> impl Strategy<Value = Vec<Vec<String>>> {
        proptest::collection::vec(proptest::collection::vec(field(plain), 1..7), 0..30)
    }

    proptest! {
        #[test]
        fn pieces_read_what_the_whole_file_reads(
            entity_rows in rows(&["a", "c", "d", "place", "person", "1", "2", "", "Name"]),
            alias_rows in rows(&["a", "b", "variant", "", "x"]),
            crlf in any::<bool>(),
            last_line_end in any::<bool>(),
            piece_bytes in 1usize..40,
            skip in any::<bool>(),
        ) {
            let entities = format!(
                "{}{}",
                ENTITIES,
                file("", &entity_rows, crlf, last_line_end).trim_start_matches(['\r', '\n'])
            );
            let aliases = file("entity_id,alias,lang,type", &alias_rows, crlf, last_line_end);
            prop_assert_eq!(
                read(&entities, &aliases, piece_bytes, skip),
                read(&entities, &aliases, usize::MAX, skip)
            );
        }
    }
}
