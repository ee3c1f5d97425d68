#!/usr/bin/env python3
"""Perf samples of the scan by pipeline stage, from call graphs.

    perf record -F 1999 --call-graph dwarf,16384 -o perf.data \
        target/release/mentionmap scan -q --threads 1 small.jsonl >/dev/null
    perf script -i perf.data > stacks.txt
    python3 benches/perf-stages.py stacks.txt

A sample counts for the scan when `Scanner::scan_at_home` is on its stack; its stage is the
first function called from there (inlined frames included: perf script names them), such as
`find_into` (matching), `resolve_checked`, `place_locally` (the local-news pass), `recover`
(fuzzy), `classify_into` (the words' classes), `find_people`, `tokenize_into`, `normalize`.
Symbol totals (`perf report --sort sym`) cannot say this: most of a stage is inlined into its
caller or spent in shared code (hash look-ups, memcmp) that any stage may call.
"""
import collections
import re
import sys

# Frames between scan_at_home and the stage: the thread-local scratch and its closure.
PLUMBING = ("{closure", "with<", "try_with<", "std::thread::local")

samples, scan = 0, 0
stages = collections.Counter()
for stack in open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n\n"):
    lines = [l.strip() for l in stack.strip().split("\n")[1:] if l.strip()]
    frames = [re.sub(r"^[0-9a-f]+ ", "", l).split("+0x")[0] for l in lines]
    if not frames:
        continue
    samples += 1
    at = [i for i, f in enumerate(frames) if "scan_at_home" in f]
    if not at:
        continue
    scan += 1
    stage = "scan_at_home itself"
    for frame in reversed(frames[: at[-1]]):
        if frame.startswith(PLUMBING) or "scan::" in frame:
            continue
        stage = frame.split("<")[0].split("::")[-1] if not frame.startswith("mentionmap") else frame.split("::")[-1]
        break
    stages[stage] += 1
print(f"samples {samples}, in the scan {scan}")
for stage, n in stages.most_common():
    print(f"{n:7} {n / max(scan, 1):6.1%}  {stage}")
