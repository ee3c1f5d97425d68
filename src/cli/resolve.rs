//! `mentionmap resolve`: a list or a CSV column of names → canonical entities.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use mentionmap::gazetteer::EntityKind;
use mentionmap::reconcile::{
    layer, record, Doubt, NameQuery, NameResolver, Resolution, RowContext,
};
use serde_json::json;

use super::GazetteerArgs;

/// Options of `resolve`.
#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// A file of names, one per line, or a CSV file with --column; stdin when omitted or `-`.
    #[arg(value_name = "INPUT")]
    input: Option<PathBuf>,
    /// Read the input as CSV and resolve this column: its header name, or its 1-based index.
    /// The output is the same CSV, every field and its quoting kept, with the result columns
    /// appended.
    #[arg(long, value_name = "NAME|INDEX")]
    column: Option<String>,
    /// The CSV has no header row (--column is then an index).
    #[arg(long, requires = "column")]
    no_header: bool,
    /// A column of the same CSV that says each row's country (a name, "Azerbaijan", or an ISO
    /// 3166-1 alpha-2 code, "AZ"): it narrows that row's candidates to the country, as a
    /// country written in the cell does ("Baku, Azerbaijan").
    #[arg(long, requires = "column", value_name = "NAME|INDEX")]
    country_column: Option<String>,
    /// A column of the same CSV that says where each row's name lies: a country, or a
    /// first-order division by name or abbreviation ("Texas", "Tex.", "TX"). It narrows as
    /// --country-column does.
    #[arg(long, requires = "column", value_name = "NAME|INDEX")]
    context_column: Option<String>,
    /// Also write the rows that are not sure matches to this CSV, one line per distinct cell,
    /// with the reason and the best candidate, for curation into a gazetteer extension.
    #[arg(long, value_name = "FILE")]
    unresolved: Option<PathBuf>,
    /// Output: csv (the rows with result columns), jsonl (one object per row), or geojson (a
    /// map layer of the places resolved, one point per place).
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Only entities of these kinds (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KIND")]
    kind: Vec<Kind>,
    /// Leave a name unresolved when its best candidate scores below this, in [0, 1].
    #[arg(long, default_value_t = 0.0, value_name = "SCORE")]
    min_score: f64,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
    /// Print nothing on stderr but errors.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Csv,
    Jsonl,
    Geojson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Kind {
    Place,
    Person,
    #[value(alias = "organization")]
    Organisation,
}

impl From<Kind> for EntityKind {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Place => EntityKind::Place,
            Kind::Person => EntityKind::Person,
            Kind::Organisation => EntityKind::Organisation,
        }
    }
}

/// The columns appended to each row, in order.
const RESULT_COLUMNS: [&str; 12] = [
    "entity_id",
    "name",
    "kind",
    "longitude",
    "latitude",
    "country_code",
    "feature_code",
    "method",
    "score",
    "match",
    "runners_up",
    "notes",
];

/// How many rows of each reason the summary on stderr shows.
const SUMMARY_EXAMPLES: usize = 3;

/// The input's rows: the name cell of each, and for CSV the raw bytes around it.
struct Table {
    /// The name of each data row, in order (empty for an empty cell or line).
    names: Vec<String>,
    /// Per data row, the values of the context columns (none without them).
    context: Vec<Vec<RowContext>>,
    /// For CSV input: how to write each row back.
    csv: Option<CsvLayout>,
}

/// A CSV input as byte ranges, so each record is written back exactly as it came.
struct CsvLayout {
    input: Vec<u8>,
    /// The header record (when there is one) and then one per data row: the record's bytes
    /// without its line terminator, and the terminator.
    records: Vec<RawRecord>,
    has_header: bool,
    header_len: usize,
}

struct RawRecord {
    /// Bytes before the record that belong to no record (blank lines), kept as they are.
    gap: std::ops::Range<usize>,
    body: std::ops::Range<usize>,
    terminator: std::ops::Range<usize>,
}

pub fn run(args: ResolveArgs) -> Result<()> {
    // The output file is checked before the names are read and resolved.
    let mut outputs = super::output_file(args.output.as_deref(), args.force)?;
    if let Some(path) = &args.unresolved {
        outputs.add(path)?;
    }
    if !(0.0..=1.0).contains(&args.min_score) {
        bail!("--min-score {} is not in [0, 1]", args.min_score);
    }
    let input = read_input(args.input.as_ref())?;
    let source = args
        .input
        .as_ref()
        .map_or("stdin".to_string(), |p| p.display().to_string());
    let table = match &args.column {
        Some(column) => read_csv(
            input,
            column,
            !args.no_header,
            args.country_column.as_deref(),
            args.context_column.as_deref(),
        )
        .with_context(|| format!("cannot read {source} as CSV"))?,
        None => read_lines(&input).with_context(|| format!("cannot read {source}"))?,
    };
    let (resolver, defaults) = args.gazetteer.name_resolver(args.quiet)?;
    let query = NameQuery {
        kinds: args.kind.iter().map(|&k| k.into()).collect(),
        min_score: args.min_score,
        ..defaults
    };

    // Each distinct name (with its row's context) is resolved once; rows point at their
    // resolution.
    let mut cache: HashMap<String, usize> = HashMap::new();
    let mut resolutions: Vec<Resolution> = Vec::new();
    let mut distinct_names: std::collections::HashSet<&str> = Default::default();
    let no_context = Vec::new();
    let rows: Vec<usize> = table
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name = name.trim();
            distinct_names.insert(name);
            let context = table.context.get(i).unwrap_or(&no_context);
            let mut key = name.to_string();
            for c in context {
                key.push('\u{1f}');
                key.push_str(&c.text);
            }
            *cache.entry(key).or_insert_with(|| {
                let query = NameQuery {
                    context: context.clone(),
                    ..query.clone()
                };
                resolutions.push(resolver.resolve(name, &query));
                resolutions.len() - 1
            })
        })
        .collect();

    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        match args.format {
            Format::Csv => write_csv(out, &resolver, &table, &rows, &resolutions),
            Format::Jsonl => write_jsonl(out, &resolver, &table, &rows, &resolutions),
            Format::Geojson => {
                let named = table
                    .names
                    .iter()
                    .zip(&rows)
                    .map(|(name, &r)| (name.as_str(), &resolutions[r]));
                let layer = layer::places(&resolver, named, "mentionmap resolved names");
                serde_json::to_writer(&mut *out, &layer)?;
                out.write_all(b"\n")
            }
        }
    };
    if let Some(path) = &args.output {
        outputs.write(path, write)?;
    } else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        write(&mut out)?;
        out.flush()?;
    }
    if let Some(path) = &args.unresolved {
        outputs.write(path, |out| {
            write_unresolved(out, &resolver, &table, &rows, &resolutions)
        })?;
    }
    outputs.commit()?;
    if !args.quiet {
        let filled = table.names.iter().filter(|n| !n.trim().is_empty()).count();
        let resolved = rows
            .iter()
            .filter(|&&r| resolutions[r].best().is_some())
            .count();
        let sure = rows
            .iter()
            .filter(|&&r| resolutions[r].best().is_some_and(|c| c.sure))
            .count();
        eprintln!(
            "mentionmap: {} rows, {filled} names ({} distinct): {resolved} resolved, {sure} sure",
            table.names.len(),
            distinct_names.len() - usize::from(distinct_names.contains("")),
        );
        eprint!("{}", summary(&table, &rows, &resolutions));
    }
    // As in `scan`: the process is about to exit; freeing the gazetteer only costs time.
    std::mem::forget(resolver);
    Ok(())
}

/// The longest line `resolve` reads. A name is a few hundred bytes at most and a spreadsheet
/// row a few KiB; a line past this is not a list of names (`resolve /dev/zero` would otherwise
/// fill the memory with one line that never ends).
const MAX_LINE_BYTES: usize = 1 << 20;

fn read_input(path: Option<&PathBuf>) -> Result<Vec<u8>> {
    let (name, reader): (String, Box<dyn std::io::Read>) = match path {
        Some(path) if path.as_os_str() != "-" => (
            path.display().to_string(),
            Box::new(
                std::fs::File::open(path)
                    .with_context(|| format!("cannot read {}", path.display()))?,
            ),
        ),
        _ => ("stdin".to_string(), Box::new(std::io::stdin())),
    };
    let mut reader = std::io::BufReader::new(reader);
    let mut bytes = Vec::new();
    let mut line = 1u64;
    loop {
        let start = bytes.len();
        let read = std::io::BufRead::read_until(
            &mut (&mut reader).take(MAX_LINE_BYTES as u64 + 1),
            b'\n',
            &mut bytes,
        )
        .with_context(|| format!("cannot read {name}"))?;
        if read == 0 {
            return Ok(bytes);
        }
        let this = &bytes[start..];
        if this.len() > MAX_LINE_BYTES && this.last() != Some(&b'\n') {
            bail!(
                "{name}: line {line} is longer than {} MiB: not a list of names or a CSV file",
                MAX_LINE_BYTES >> 20
            );
        }
        line += 1;
    }
}

/// One name per line; a final line terminator does not start another row.
fn read_lines(input: &[u8]) -> Result<Table> {
    let text = std::str::from_utf8(input).map_err(|e| {
        let line = input[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        anyhow::anyhow!("line {line}: not UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let names = text.lines().map(|line| line.trim().to_string()).collect();
    Ok(Table {
        names,
        context: Vec::new(),
        csv: None,
    })
}

fn read_csv(
    input: Vec<u8>,
    column: &str,
    has_header: bool,
    country_column: Option<&str>,
    context_column: Option<&str>,
) -> Result<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&input[..]);
    let mut record = csv::StringRecord::new();
    let mut records = Vec::new();
    let mut names = Vec::new();
    let mut cursor = 0usize;
    let mut header: Option<csv::StringRecord> = None;
    let mut index: Option<usize> = None;
    // (column index, source as the evidence names it, country only)
    let mut given: Vec<(usize, String, bool)> = Vec::new();
    let mut context = Vec::new();
    while reader.read_record(&mut record)? {
        let start = record
            .position()
            .expect("a record read from a reader has a position")
            .byte() as usize;
        let end = reader.position().byte() as usize;
        let raw = &input[start..end];
        let body_len = raw.len()
            - if raw.ends_with(b"\r\n") {
                2
            } else if raw.ends_with(b"\n") || raw.ends_with(b"\r") {
                1
            } else {
                0
            };
        records.push(RawRecord {
            gap: cursor..start,
            body: start..start + body_len,
            terminator: start + body_len..end,
        });
        cursor = end;
        if index.is_none() {
            let header_row = has_header.then_some(&record);
            let found = find_column(column, header_row, record.len())?;
            index = Some(found);
            for (name, country_only) in [(country_column, true), (context_column, false)] {
                if let Some(name) = name {
                    let i = find_column(name, header_row, record.len())?;
                    let label = match header_row.and_then(|h| h.get(i)) {
                        Some(h) => h.trim_start_matches('\u{feff}').trim().to_string(),
                        None => (i + 1).to_string(),
                    };
                    given.push((i, format!("column {label}"), country_only));
                }
            }
            if has_header {
                header = Some(record.clone());
                continue;
            }
        }
        let i = index.expect("set at the first record");
        names.push(record.get(i).unwrap_or("").trim().to_string());
        if !given.is_empty() {
            context.push(
                given
                    .iter()
                    .map(|(i, source, country_only)| RowContext {
                        text: record.get(*i).unwrap_or("").trim().to_string(),
                        source: source.clone(),
                        country_only: *country_only,
                    })
                    .collect(),
            );
        }
    }
    // Trailing bytes that form no record (blank lines at the end).
    if cursor < input.len() {
        records.push(RawRecord {
            gap: cursor..input.len(),
            body: input.len()..input.len(),
            terminator: input.len()..input.len(),
        });
    }
    let header_len = header.as_ref().map_or(0, |h| h.len());
    Ok(Table {
        names,
        context,
        csv: Some(CsvLayout {
            input,
            records,
            has_header,
            header_len,
        }),
    })
}

/// The 0-based index of `column` among the header's names, or as a 1-based index.
fn find_column(column: &str, header: Option<&csv::StringRecord>, width: usize) -> Result<usize> {
    if let Some(header) = header {
        let clean = |h: &str| h.trim_start_matches('\u{feff}').trim().to_string();
        let named: Vec<usize> = (0..header.len())
            .filter(|&i| clean(&header[i]) == column.trim())
            .collect();
        match named[..] {
            [i] => return Ok(i),
            [] => {}
            _ => {
                // Taking the first would be a guess: the user says which, by its place.
                let places: Vec<String> = named.iter().map(|i| (i + 1).to_string()).collect();
                bail!(
                    "the header names {} columns {column:?} (columns {}): say which with --column {}",
                    named.len(),
                    places.join(", "),
                    places.join(" or --column ")
                );
            }
        }
    }
    match column.trim().parse::<usize>() {
        Ok(n) if (1..=width).contains(&n) => Ok(n - 1),
        Ok(n) => bail!("column {n} does not exist: the first row has {width} fields"),
        Err(_) => match header {
            Some(header) => bail!(
                "no column named {column:?}; the header has: {}",
                header.iter().collect::<Vec<_>>().join(", ")
            ),
            None => bail!("--no-header needs --column as a 1-based index, not {column:?}"),
        },
    }
}

/// The result fields of one row, in [`RESULT_COLUMNS`] order.
fn result_fields(resolver: &NameResolver, resolution: &Resolution) -> [String; 12] {
    let notes = resolution.notes.join("; ");
    let Some(best) = resolution.best() else {
        return std::array::from_fn(|i| match RESULT_COLUMNS[i] {
            "match" => "false".into(),
            "notes" => notes.clone(),
            _ => String::new(),
        });
    };
    let g = resolver.gazetteer();
    let entity = g.entity(best.entity);
    let coordinate = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x:.6}"));
    let runners_up = resolution
        .runners_up()
        .iter()
        .map(|c| {
            let other = g.entity(c.entity);
            format!(
                "{} ({}, {}) {:.3}",
                other.name,
                other.id,
                other.country_code.as_deref().unwrap_or("-"),
                c.score
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    [
        entity.id.to_string(),
        entity.name.to_string(),
        entity.kind.as_str().to_string(),
        coordinate(entity.point.map(|p| p.lon)),
        coordinate(entity.point.map(|p| p.lat)),
        entity.country_code.as_deref().unwrap_or_default().into(),
        entity.feature_code.as_deref().unwrap_or_default().into(),
        resolution
            .method
            .map(|m| format!("{m:?}").to_lowercase())
            .unwrap_or_default(),
        format!("{:.3}", best.score),
        best.sure.to_string(),
        runners_up,
        notes,
    ]
}

/// `fields` as one CSV record without its line end, each quoted only where it must be (by the
/// csv crate: a comma, a quote or a line break inside).
fn csv_record<I: AsRef<[u8]>>(fields: impl IntoIterator<Item = I>) -> std::io::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record(fields)?;
    let mut line = writer.into_inner().map_err(|e| e.into_error())?;
    line.pop();
    Ok(line)
}

fn write_csv(
    out: &mut dyn Write,
    resolver: &NameResolver,
    table: &Table,
    rows: &[usize],
    resolutions: &[Resolution],
) -> std::io::Result<()> {
    let Some(layout) = &table.csv else {
        // A plain list: the name as given, then the results.
        writeln!(out, "input,{}", RESULT_COLUMNS.join(","))?;
        for (name, &r) in table.names.iter().zip(rows) {
            let fields = result_fields(resolver, &resolutions[r]);
            out.write_all(&csv_record(std::iter::once(name).chain(&fields))?)?;
            out.write_all(b"\n")?;
        }
        return Ok(());
    };
    let mut data_rows = rows.iter();
    let mut first = true;
    for record in &layout.records {
        out.write_all(&layout.input[record.gap.clone()])?;
        if record.body.is_empty() && record.terminator.is_empty() {
            continue;
        }
        out.write_all(&layout.input[record.body.clone()])?;
        let appended: Vec<String> = if first && layout.has_header {
            header_names(layout)
        } else {
            let r = *data_rows.next().expect("one data row per record");
            result_fields(resolver, &resolutions[r]).to_vec()
        };
        first = false;
        out.write_all(b",")?;
        out.write_all(&csv_record(&appended)?)?;
        let terminator = &layout.input[record.terminator.clone()];
        out.write_all(if terminator.is_empty() {
            b"\n"
        } else {
            terminator
        })?;
    }
    Ok(())
}

/// The appended header names; a name the input's header already uses takes a `resolved_`
/// prefix, so no column is shadowed.
fn header_names(layout: &CsvLayout) -> Vec<String> {
    let first = &layout.records[0];
    let header: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&layout.input[first.body.clone()])
        .records()
        .next()
        .and_then(|r| r.ok())
        .map(|r| {
            r.iter()
                .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    debug_assert_eq!(header.len(), layout.header_len);
    RESULT_COLUMNS
        .iter()
        .map(|c| {
            if header.iter().any(|h| h == c) {
                format!("resolved_{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn write_jsonl(
    out: &mut dyn Write,
    resolver: &NameResolver,
    table: &Table,
    rows: &[usize],
    resolutions: &[Resolution],
) -> std::io::Result<()> {
    for (i, (name, &r)) in table.names.iter().zip(rows).enumerate() {
        // The row number first, then the record the library makes of the name's resolution.
        let mut row = serde_json::Map::new();
        row.insert("row".into(), json!(i + 1));
        row.extend(record(resolver, name, &resolutions[r]));
        serde_json::to_writer(&mut *out, &row)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The rows not resolved surely, counted by reason, with the first few of each: what a user
/// curates next.
fn summary(table: &Table, rows: &[usize], resolutions: &[Resolution]) -> String {
    // Per reason: its rows, and its distinct cells with the first row of each.
    type Cells<'t> = Vec<(usize, &'t str)>;
    let mut by_reason: std::collections::BTreeMap<Doubt, (usize, Cells)> = Default::default();
    for (i, (name, &r)) in table.names.iter().zip(rows).enumerate() {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        if let Some(doubt) = resolutions[r].doubt() {
            let (count, cells) = by_reason.entry(doubt).or_default();
            *count += 1;
            if !cells.iter().any(|(_, n)| *n == name) {
                cells.push((i + 1, name));
            }
        }
    }
    let mut out = String::new();
    for (doubt, (count, cells)) in by_reason {
        let shown: Vec<String> = cells
            .iter()
            .take(SUMMARY_EXAMPLES)
            .map(|(row, name)| format!("row {row} {name:?}"))
            .collect();
        out.push_str(&format!(
            "mentionmap:   {count} {}: {}{}\n",
            doubt.as_str(),
            shown.join(", "),
            if cells.len() > shown.len() {
                ", ..."
            } else {
                ""
            }
        ));
    }
    out
}

/// The columns of the `--unresolved` file: a gazetteer extension's alias columns first
/// (`entity_id` the best candidate, to confirm or replace), then why and how often.
const UNRESOLVED_COLUMNS: [&str; 8] = [
    "entity_id",
    "alias",
    "lang",
    "type",
    "reason",
    "candidate",
    "score",
    "rows",
];

/// One line per distinct cell not resolved surely, most rows first.
fn write_unresolved(
    out: &mut dyn Write,
    resolver: &NameResolver,
    table: &Table,
    rows: &[usize],
    resolutions: &[Resolution],
) -> std::io::Result<()> {
    let mut per_cell: Vec<(usize, &str, usize)> = Vec::new();
    let mut seen: HashMap<(&str, usize), usize> = HashMap::new();
    for (name, &r) in table.names.iter().zip(rows) {
        let name = name.trim();
        if name.is_empty() || resolutions[r].doubt().is_none() {
            continue;
        }
        match seen.get(&(name, r)) {
            Some(&at) => per_cell[at].2 += 1,
            None => {
                seen.insert((name, r), per_cell.len());
                per_cell.push((r, name, 1));
            }
        }
    }
    per_cell.sort_by_key(|c| std::cmp::Reverse(c.2));
    out.write_all(&csv_record(UNRESOLVED_COLUMNS)?)?;
    out.write_all(b"\n")?;
    let g = resolver.gazetteer();
    for (r, name, count) in per_cell {
        let resolution = &resolutions[r];
        let best = resolution.best();
        let entity = best.map(|c| g.entity(c.entity));
        let fields = [
            entity.map(|e| e.id.to_string()).unwrap_or_default(),
            name.to_string(),
            String::new(),
            "variant".to_string(),
            resolution
                .doubt()
                .map(Doubt::as_str)
                .unwrap_or_default()
                .to_string(),
            entity
                .map(|e| format!("{} ({})", e.name, e.country_code.as_deref().unwrap_or("-")))
                .unwrap_or_default(),
            best.map(|c| format!("{:.3}", c.score)).unwrap_or_default(),
            count.to_string(),
        ];
        out.write_all(&csv_record(&fields)?)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
