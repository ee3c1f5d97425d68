//! Where start-up time goes: `cargo run --release --example startup_profile`.
use std::time::Instant;
fn main() {
    let t = Instant::now();
    let g = mentionmap::Gazetteer::embedded().unwrap();
    let load = t.elapsed();
    let t = Instant::now();
    let m = mentionmap::matcher::Matcher::new(&g).unwrap();
    let build = t.elapsed();
    println!(
        "load {load:?}, matcher {build:?}, {} patterns, automata {} MB",
        m.pattern_count(),
        m.memory_usage() / 1_000_000
    );
}
