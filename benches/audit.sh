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
python3 - "$n" "$work/docs.jsonl" <<'PY'
import json, pathlib, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
paragraphs = [p.strip() for f in sorted(pathlib.Path("data/articles").glob("*.txt"))
              for p in f.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
rng = random.Random(16)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        text = "\n\n".join(rng.sample(paragraphs, 3))
        day = 1 + i * 730 // n
        year, doy = (2020, day) if day <= 366 else (2021, day - 366)
        import datetime
        date = datetime.date(year, 1, 1) + datetime.timedelta(days=doy - 1)
        f.write(json.dumps({"id": f"d{i:06}", "text": text, "date": date.isoformat() + "T12:00:00Z",
                            "outlet": f"outlet-{i % 3}"}) + "\n")
PY
size=$(du -m "$work/docs.jsonl" | cut -f1)
echo "input: $n documents, ${size} MB of JSONL"
/usr/bin/time -f "wall %e s, peak RSS %M KB" target/release/mentionmap audit -q \
  --date-field date --source-field outlet --by month --country AZ,AM \
  --out "$work/out" "$work/docs.jsonl"
echo "coverage_by_month.csv: $(($(wc -l < "$work/out/coverage_by_month.csv") - 1)) rows"
