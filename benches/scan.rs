//! Start-up and scan throughput on the sample articles.
//!
//! `cargo bench --bench scan`. Figures belong here, never in tests: machines are shared and noisy.
//! Compare ratios measured in one run (e.g. scan vs. normalize alone), not absolute times.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mentionmap::normalize::NormalizedText;
use mentionmap::{Gazetteer, GazetteerBuilder, Scanner};

fn articles() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .expect("data/articles exists")
        .map(|e| e.expect("readable entry").path())
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("UTF-8 article"),
            )
        })
        .collect();
    out.sort();
    out
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.sample_size(10);
    group.bench_function("load embedded gazetteer", |b| {
        b.iter(|| Gazetteer::embedded().expect("valid"))
    });
    group.bench_function("load + build matcher", |b| {
        b.iter(|| Scanner::new(Gazetteer::embedded().expect("valid")).expect("builds"))
    });
    group.finish();
}

fn scan(c: &mut Criterion) {
    let docs = articles();
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let scanner = Scanner::new(Gazetteer::embedded().expect("valid")).expect("builds");
    // Sanity: the benchmark measures real work, not an empty scan.
    let found: usize = docs
        .iter()
        .map(|(id, text)| scanner.scan(id, text).len())
        .sum();
    assert!(found > 150, "only {found} mentions in the sample articles");

    let mut group = c.benchmark_group("scan");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("normalize only", |b| {
        let mut text = NormalizedText::new();
        b.iter(|| {
            for (_, t) in &docs {
                text.normalize(t);
            }
        })
    });
    group.bench_function("full scan (variants, fuzzy, people)", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(id, text)| scanner.scan(id, text).len())
                .sum::<usize>()
        })
    });
    group.finish();

    // What the variant and fuzzy passes cost against the exact matcher alone: same documents,
    // same run; compare the ratios.
    let exact_only = Scanner::new(
        GazetteerBuilder::new()
            .with_embedded()
            .variant_rules(None)
            .build()
            .expect("valid"),
    )
    .expect("builds")
    .with_fuzzy(false);
    let with_variants = Scanner::new(Gazetteer::embedded().expect("valid"))
        .expect("builds")
        .with_fuzzy(false);
    let mut group = c.benchmark_group("passes");
    group.throughput(Throughput::Bytes(bytes as u64));
    for (name, s) in [
        ("exact only", &exact_only),
        ("+ variants", &with_variants),
        ("+ variants + fuzzy", &scanner),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                docs.iter()
                    .map(|(id, text)| s.scan(id, text).len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, startup, scan);
criterion_main!(benches);
