#!/usr/bin/env bash
# Benchmark (not a test): `audit --by month` over N generated JSONL documents (default 100,000),
# reporting wall time and peak resident memory. The documents are the sample articles' paragraphs
# recombined, one per line, dated over two years and spread over three outlets.
#
#   benches/audit.sh [N]        (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --locked -q
python3 scripts/sample_feed.py "$n" "$work/docs.jsonl"
size=$(du -m "$work/docs.jsonl" | cut -f1)
echo "input: $n documents, ${size} MB of JSONL"
/usr/bin/time -f "wall %e s, peak RSS %M KB" target/release/mentionmap audit -q \
  --date-field date --source-field outlet --by month --country AZ,AM \
  --out "$work/out" "$work/docs.jsonl"
echo "coverage_by_month.csv: $(($(wc -l < "$work/out/coverage_by_month.csv") - 1)) rows"
