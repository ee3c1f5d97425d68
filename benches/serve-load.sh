#!/usr/bin/env bash
# `mentionmap serve` under load beside slow clients (issue 30): 200 connections of wrk asking
# single-name queries, while 50 slow clients each hold a connection by sending a request head a
# byte at a time, and 50 more start 4 MB uploads and stall. Reports wrk's throughput and
# latency percentiles, the server's resident memory before and after, and how long the stop
# takes with the slow clients still connected. Loopback only; every part bounded in time.
#
#   benches/serve-load.sh
#   SECONDS_OF_LOAD=10 CONNECTIONS=200 SLOW=50 benches/serve-load.sh
#
# Needs Debian's `wrk` (apt-get install wrk) and python3 (the slow clients).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_OF_LOAD="${SECONDS_OF_LOAD:-10}"
CONNECTIONS="${CONNECTIONS:-200}"
SLOW="${SLOW:-50}"
PORT="${PORT:-18092}"
BIN="${BIN:-target/release/mentionmap}"

[ -x "$BIN" ] || cargo build --release --locked --quiet
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
SERVER=""
SLOWPID=""
cleanup() {
  if [ -n "$SLOWPID" ]; then kill "$SLOWPID" 2>/dev/null || true; fi
  if [ -n "$SERVER" ]; then kill -KILL "$SERVER" 2>/dev/null || true; fi
}
trap cleanup EXIT

"$BIN" serve --quiet --bind "127.0.0.1:$PORT" --shutdown-timeout 5 2>/dev/null &
SERVER=$!
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/reconcile" >/dev/null 2>&1 && break
  sleep 0.2
done
rss() { awk '/VmRSS/ {print $2 / 1024 " MB"}' "/proc/$SERVER/status"; }
echo "RSS after start: $(rss)"

# Slow clients for the length of the run plus the stop: half trickle a head, half stall uploads.
python3 - "$PORT" "$SLOW" "$((SECONDS_OF_LOAD + 20))" <<'EOF' &
import socket, sys, time
port, slow, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
socks = []
for i in range(slow * 2):
    s = socket.create_connection(("127.0.0.1", port))
    if i % 2:
        s.sendall(b"POST /reconcile HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: 4000000\r\n\r\nqueries=" + b"x" * 65536)
    socks.append(s)
head = b"GET /reconcile?query=Baku HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4096
end = time.time() + seconds
k = 0
while time.time() < end:
    for s in socks[::2]:
        try:
            s.send(head[k % len(head):k % len(head) + 1])
        except OSError:
            pass
    k += 1
    time.sleep(0.5)
EOF
SLOWPID=$!
sleep 1

wrk -t 2 -c "$CONNECTIONS" -d "${SECONDS_OF_LOAD}s" --latency \
  "http://127.0.0.1:$PORT/reconcile?query=Khankendi" | sed -n '1,/Requests\/sec/p'
echo "RSS after the load, slow clients still connected: $(rss)"

start=$(date +%s.%N)
kill -TERM "$SERVER"
wait "$SERVER" && status=0 || status=$?
SERVER=""
echo "stopped with status $status, $(echo "$(date +%s.%N) - $start" | bc) s after SIGTERM (limit 5 s)"
