#!/usr/bin/env bash
# Throughput of `mentionmap resolve` (names per second, one thread, embedded gazetteer) and of
# `mentionmap serve` (single-name queries per second on loopback, 99th-percentile latency, and
# resident memory over a longer run). Loopback only, every run bounded in time.
#
#   benches/resolve.sh                 # all of it (about 2 minutes)
#   SERVE_SECONDS=10 RSS_SECONDS=60 NAMES=100000 benches/resolve.sh
#
# Needs a load tool: Debian's `wrk` (apt-get install wrk) or `oha` (cargo install oha).
set -euo pipefail
cd "$(dirname "$0")/.."

NAMES="${NAMES:-100000}"
SERVE_SECONDS="${SERVE_SECONDS:-10}"
RSS_SECONDS="${RSS_SECONDS:-60}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-18088}"

cargo build --release --locked --quiet
BIN=target/release/mentionmap
WORK="$(mktemp -d)"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill -TERM "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Distinct names from the embedded gazetteer's aliases (every script it holds), in a fixed
# shuffled order, every tenth one misspelt (a letter dropped) so the fuzzy path is measured too.
python3 - "$NAMES" > "$WORK/names.txt" <<'EOF'
import csv, random, sys
n = int(sys.argv[1])
with open("data/gazetteer/aliases.csv", newline="", encoding="utf-8") as f:
    names = sorted({row["alias"] for row in csv.DictReader(f)})
random.Random(15).shuffle(names)
out = []
for i, name in enumerate(names[:n]):
    if i % 10 == 9 and len(name) > 8:
        k = len(name) // 2
        name = name[:k] + name[k + 1:]
    out.append(name)
print("\n".join(out))
EOF
COUNT=$(wc -l < "$WORK/names.txt")

seconds() { # wall-clock seconds of a command, output discarded
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

# One core, one thread: the resolve loop is sequential; start-up (loading the gazetteer,
# building the automata) is measured apart with an empty input and subtracted.
echo -n > "$WORK/empty.txt"
startup=$(seconds taskset -c 0 env RAYON_NUM_THREADS=1 "$BIN" resolve -q "$WORK/empty.txt")
full=$(seconds taskset -c 0 env RAYON_NUM_THREADS=1 "$BIN" resolve -q "$WORK/names.txt")
rate=$(echo "$COUNT / ($full - $startup)" | bc -l)
printf 'resolve: %d distinct names in %.2f s (start-up %.2f s): %.0f names/s on one thread\n' \
  "$COUNT" "$full" "$startup" "$rate"

# The server, on loopback.
"$BIN" serve --bind "127.0.0.1:$PORT" --quiet 2> "$WORK/serve.log" &
SERVER=$!
for _ in $(seq 1 100); do
  grep -q "http://" "$WORK/serve.log" 2>/dev/null && break
  sleep 0.1
done
URL="http://127.0.0.1:$PORT/reconcile?query=Khankendi"
curl -sf "$URL" > /dev/null

load() { # seconds -> the load tool's report
  if command -v oha > /dev/null; then
    oha --no-tui -z "${1}s" -c "$CONNECTIONS" "$URL"
  elif command -v wrk > /dev/null; then
    wrk --latency -t 2 -c "$CONNECTIONS" -d "${1}s" "$URL"
  else
    echo "no load tool: apt-get install wrk, or cargo install oha" >&2
    exit 1
  fi
}

echo "serve: ${SERVE_SECONDS} s, $CONNECTIONS connections, GET $URL"
load "$SERVE_SECONDS" | tee "$WORK/short.txt"

rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }
echo "serve: ${RSS_SECONDS} s under load, resident memory every 10 s (KiB):"
samples="$(rss)"
load "$RSS_SECONDS" > "$WORK/long.txt" &
LOAD=$!
for _ in $(seq 1 $((RSS_SECONDS / 10))); do
  sleep 10
  samples="$samples $(rss)"
done
wait "$LOAD"
samples="$samples $(rss)"
echo "  $samples"
grep -E "Requests/sec|99%|Requests/s" "$WORK/long.txt" | sed 's/^/  60 s run: /'
