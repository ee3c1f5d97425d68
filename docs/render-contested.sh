#!/usr/bin/env bash
# Regenerates docs/contested.png, the README's picture of `audit --spellings`: contested.html of
# the sample feed (scripts/sample_feed.py, 3,000 documents over three outlets), rendered by
# headless Chromium (Debian package chromium) with the flags the browser test uses.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/sample_feed.py 3000 "$work/feed.jsonl"
cargo run --release -q -- audit -q --date-field date --source-field outlet --spellings \
  --country AZ,AM --out "$work/out" "$work/feed.jsonl"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size=1000,1050 --screenshot="$work/contested.png" \
  "file://$work/out/contested.html" 2>/dev/null
mv "$work/contested.png" docs/contested.png
echo "wrote docs/contested.png" >&2
