//! The ceiling for `benches/compare.sh`: a plain Aho-Corasick scan of the gazetteer's aliases,
//! leftmost-longest, ASCII case-insensitive, keeping matches on word boundaries, on one thread.
//! No folding, no resolution, no people or fuzzy passes: what any scan of these names costs.
//!
//! `cargo run --release --example ac_ceiling -- FILE...` reads each file (a `.jsonl` file: the
//! `text` field of each line), builds the automaton and scans, and prints the matches found and
//! the bytes scanned, with the wall and CPU seconds of the build and of the scan apart (the
//! CPU split is what `benches/compare.sh` sets the pipeline's scan against, start-up excluded on
//! both sides). `--dump-aliases FILE` writes the aliases one per line instead (for the flashtext
//! comparison) and exits.

use std::io::{BufRead, Write};
use std::time::Instant;

use aho_corasick::{AhoCorasickBuilder, MatchKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let started = Instant::now();
    let gazetteer = mentionmap::Gazetteer::embedded()?;
    let mut aliases: Vec<&str> = gazetteer
        .aliases()
        .iter()
        .map(|a| a.text.as_str())
        // The same floor as the matcher: one letter is an initial, not a name.
        .filter(|a| a.chars().count() >= mentionmap::matcher::MIN_ALIAS_CHARS)
        .collect();
    aliases.sort_unstable();
    aliases.dedup();
    if args.first().map(String::as_str) == Some("--dump-aliases") {
        let path = args.get(1).ok_or("--dump-aliases needs a file")?;
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        for alias in &aliases {
            writeln!(out, "{alias}")?;
        }
        out.flush()?;
        return Ok(());
    }
    let automaton = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&aliases)?;
    let built = started.elapsed();
    let built_cpu = cpu_seconds();
    let (mut bytes, mut found) = (0usize, 0usize);
    for path in &args {
        for text in texts(path)? {
            bytes += text.len();
            found += automaton
                .find_iter(&text)
                .filter(|m| on_word_boundaries(&text, m.start(), m.end()))
                .count();
        }
    }
    let all_cpu = cpu_seconds();
    eprintln!(
        "ac_ceiling: {} aliases, load and build {:.2} s, {found} matches in {bytes} bytes, {:.2} s in all",
        aliases.len(),
        built.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    eprintln!(
        "ac_ceiling: cpu seconds: build {built_cpu:.3}, scan {:.3}",
        all_cpu - built_cpu
    );
    println!("{found}");
    Ok(())
}

/// User and system CPU seconds of this process so far (its threads included): on a shared
/// machine the scan's wall time says more about the neighbours than about the scan.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct it is given and reads nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Elsewhere libc is not a dependency: no CPU figures (`compare.sh` runs on Linux).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn cpu_seconds() -> f64 {
    f64::NAN
}

/// The documents of one file: the whole file, or the `text` of each line of a `.jsonl` file.
fn texts(path: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    if !path.ends_with(".jsonl") {
        return Ok(vec![std::fs::read_to_string(path)?]);
    }
    let mut out = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let value: serde_json::Value = serde_json::from_str(&line?)?;
        if let Some(text) = value["text"].as_str() {
            out.push(text.to_string());
        }
    }
    Ok(out)
}

/// True when neither the character before `start` nor the one at `end` is a letter or digit.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}
