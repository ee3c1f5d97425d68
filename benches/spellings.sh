#!/usr/bin/env bash
# Benchmark (not a test): `audit --spellings --by month` over N documents of the sample feed
# (scripts/sample_feed.py: the sample articles' paragraphs recombined, dated over two years,
# three outlets), reporting CPU time and peak resident memory, and the same for `audit --by
# month` without spellings, from the same run, for the ratio.
#
#   benches/spellings.sh [N]        (builds the release binary first; default 100,000)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --locked -q
python3 scripts/sample_feed.py "$n" "$work/docs.jsonl"
echo "input: $n documents, $(du -m "$work/docs.jsonl" | cut -f1) MB of JSONL"
for spellings in "" --spellings; do
  /usr/bin/time -f "audit ${spellings:-(no spellings)}: cpu %U+%S s, peak RSS %M KB" \
    target/release/mentionmap audit -q --date-field date --source-field outlet --by month \
    --country AZ,AM $spellings --out "$work/out$spellings" "$work/docs.jsonl"
done
echo "spellings.csv: $(($(wc -l < "$work/out--spellings/spellings.csv") - 1)) rows;" \
  "contested.csv: $(($(wc -l < "$work/out--spellings/contested.csv") - 1)) rows;" \
  "contested.html: $(du -k "$work/out--spellings/contested.html" | cut -f1) KB"
