#!/usr/bin/env bash
# Two (or more) builds of `mentionmap` against each other on the same input, interleaved round by
# round so that a slow spell of a shared machine falls on every binary alike:
#
#   benches/before-after.sh INPUT.jsonl BIN_BEFORE BIN_AFTER...      # ROUNDS=5 by default
#   PERF=1 benches/before-after.sh INPUT.jsonl BIN_BEFORE BIN_AFTER  # perf samples per part too
#
# (Copy the binary of each commit aside first: `cp target/release/mentionmap /tmp/mm-before`.)
# INPUT is JSONL of small documents, as benches/compare.sh makes them (its `small.jsonl`).
#
# Each round, for each binary: CPU seconds (user + system) of `scan -q --threads 1` over INPUT,
# less those of the same binary's start-up (an empty input), and with `--no-fuzzy`; and, when
# examples/ac_ceiling is built, the plain automaton's scan CPU of the same round, so each line
# gives issue 29's ratio (the ceiling's scan over the pipeline's, start-up excluded on both sides).
#
# CPU seconds on a machine running other builds vary by a third from run to run: a difference
# of a few per cent in one stage does not show in them. With PERF=1 each run is also sampled by
# `perf record` (1,999 Hz, no call graphs) and the samples of the hot path's parts are summed by
# symbol: matching (the walk, `find_into` and the first-word filter), hashing (hashbrown and
# SipHash), resolution, the person passes and the allocator. Those counts, interleaved, are what
# shows a step of 2-3% of the process.
set -euo pipefail
input="$1"
shift
ROUNDS="${ROUNDS:-5}"
ceiling="$(dirname "$0")/../target/release/examples/ac_ceiling"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
: >"$work/empty.txt"

# cpu COMMAND...: user + system seconds of one run.
cpu() {
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err"
  awk '{ printf "%.2f", $1 + $2 }' "$work/time"
}
# samples DATA PATTERN: perf samples of the symbols matching PATTERN.
samples() {
  grep -E "$2" "$1" | awk '{ s += $1 } END { print s + 0 }'
}

for round in $(seq "$ROUNDS"); do
  ceiling_cpu="-"
  if [ -x "$ceiling" ]; then
    "$ceiling" "$input" >/dev/null 2>"$work/err"
    ceiling_cpu=$(sed -n 's/^ac_ceiling: cpu seconds: build [0-9.]*, scan \([0-9.]*\)$/\1/p' "$work/err")
  fi
  for bin in "$@"; do
    start=$(cpu "$bin" scan -q --threads 1 "$work/empty.txt")
    whole=$(cpu "$bin" scan -q --threads 1 "$input")
    no_fuzzy=$(cpu "$bin" scan -q --threads 1 --no-fuzzy "$input")
    awk -v r="$round" -v b="$bin" -v s="$start" -v w="$whole" -v n="$no_fuzzy" -v c="$ceiling_cpu" 'BEGIN {
      scan = w - s
      printf "round %s %s: start-up %.2f s, scan %.2f s, --no-fuzzy scan %.2f s, fuzzy cost %.2fx", r, b, s, scan, n - s, scan / (n - s)
      if (c != "-") printf ", ceiling scan %.2f s, ratio %.3fx", c, c / scan
      printf "\n" }'
    if [ -n "${PERF:-}" ]; then
      perf record -q -F 1999 -o "$work/perf.data" "$bin" scan -q --threads 1 "$input" >/dev/null 2>&1
      perf report -i "$work/perf.data" --stdio --no-children -F sample,sym --sort sym 2>/dev/null |
        grep -E '^ +[0-9]' >"$work/symbols"
      echo "  samples: total $(samples "$work/symbols" .)," \
        "matching $(samples "$work/symbols" 'Starting|find_into|first_word|may_start')," \
        "hashing $(samples "$work/symbols" 'hashbrown|sip::')," \
        "resolve $(samples "$work/symbols" 'resolve::')," \
        "people $(samples "$work/symbols" 'people::')," \
        "allocator $(samples "$work/symbols" 'malloc|_int_free|cfree')"
    fi
  done
done
