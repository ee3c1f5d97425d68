#!/usr/bin/env bash
# Regenerates docs/map.png, the README's picture: the main job's map.html on the sample articles,
# rendered by headless Chromium (Debian package chromium) with the flags the browser test uses.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --release -q -- map data/articles --out "$work" --force -q "$@"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size=960,900 --screenshot="$work/map.png" \
  "file://$work/map.html" 2>/dev/null
mv "$work/map.png" docs/map.png
echo "wrote docs/map.png" >&2
