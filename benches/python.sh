#!/usr/bin/env bash
# The Python package against the CLI on the same news (a benchmark, not a test):
#
#   - throughput: `Scanner.scan_many` (every mention turned into a Python `Mention` and looked
#     at) and `Scanner.count` from Python, against `mentionmap scan` (JSONL to /dev/null) and
#     `mentionmap count`, on one thread and on two;
#   - start-up: `import mentionmap` + `Scanner()`, in a new process each round.
#
#   benches/python.sh                        # 30 MB of news, 5 rounds
#   CORPUS_MB=10 ROUNDS=3 PYTHON=target/py-test/bin/python benches/python.sh
#
# PYTHON is a Python with the package installed (.ci/run leaves one in target/py-test);
# without it the wheel is built (maturin, as .ci/run does) and installed into a temporary
# virtual environment.
#
# The documents are those of benches/compare.sh: the sample articles, and the GeoWebNews and
# GUM news texts when ../shared/data/corpora is there, repeated to CORPUS_MB, as JSONL. The CLI's
# figures are a whole process less its start-up (the same command on an empty input, timed in
# the same round); Python's are the loop alone, over documents already in a list (reading a
# JSONL file is the caller's business in Python: json.loads costs more than the scan). The
# rounds run one after another over all commands, so a slow spell on this shared machine falls
# on each alike; each figure is the median round. Wall time follows the machine's load (other
# builds share its two cores), so CPU time (user + system, all threads) is given beside it: the
# work each side does per byte, which the load does not change.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS_MB="${CORPUS_MB:-30}"
ROUNDS="${ROUNDS:-5}"
SHARED="${SHARED:-../shared/data/corpora}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --locked --quiet --bin mentionmap
bin=target/release/mentionmap
python="${PYTHON:-}"
if [ -z "$python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/python" -m pip install -q maturin==1.9.6
  "$work/venv/bin/maturin" build --release --locked --quiet -m python/Cargo.toml \
    --compatibility manylinux_2_34 --out "$work/wheels"
  "$work/venv/bin/python" -m pip install -q "$work"/wheels/mentionmap-*.whl
  python="$work/venv/bin/python"
fi

python3 - "$work" "$CORPUS_MB" "$SHARED" <<'EOF'
import glob, json, os, sys, xml.etree.ElementTree as ET
work, corpus_mb, shared = sys.argv[1], float(sys.argv[2]), sys.argv[3]
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob("data/articles/*.txt"))]
gwn = os.path.join(shared, "geowebnews/data/GWN.xml")
if os.path.exists(gwn):
    texts += [t.text for t in ET.parse(gwn).getroot().iter("text") if t.text]
for path in sorted(glob.glob(os.path.join(shared, "gum-news/dep/*.conllu"))):
    sentences = [l[len("# text = "):].strip() for l in open(path, encoding="utf-8") if l.startswith("# text = ")]
    texts.append("\n".join(sentences))
written, i = 0, 0
with open(os.path.join(work, "news.jsonl"), "w", encoding="utf-8") as out:
    while written < corpus_mb * 1e6:
        text = texts[i % len(texts)]
        out.write(json.dumps({"id": f"doc{i}", "text": text}, ensure_ascii=False) + "\n")
        written += len(text.encode("utf-8"))
        i += 1
with open(os.path.join(work, "sizes"), "w") as out:
    out.write(f"{written} {i} {len(texts)}\n")
EOF
read -r bytes docs sources <"$work/sizes"
: >"$work/empty.jsonl"

cat >"$work/py_scan.py" <<'EOF'
import json, sys, time
import mentionmap
what, threads, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
docs = []
with open(path, encoding="utf-8") as lines:
    for line in lines:
        record = json.loads(line)
        docs.append((record["id"], record["text"]))
scanner = mentionmap.Scanner()
start, cpu = time.perf_counter(), time.process_time()
if what == "scan_many":
    found = 0
    for doc_id, mentions in scanner.scan_many(docs, threads=threads):
        for m in mentions:
            found += m.end_char > m.start_char
else:
    found = len(scanner.count(docs, threads=threads))
print(f"{time.perf_counter() - start:.3f} {time.process_time() - cpu:.3f} {found}")
EOF
cat >"$work/py_start.py" <<'EOF'
import time
start, cpu = time.perf_counter(), time.process_time()
import mentionmap
mentionmap.Scanner()
print(f"{time.perf_counter() - start:.3f} {time.process_time() - cpu:.3f}")
EOF

# seconds COMMAND...: the wall time and the CPU time (user + system) of one process.
seconds() {
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null
  awk '{printf "%s %.3f\n", $1, $2 + $3}' "$work/time"
}
declare -A rounds
keep() { rounds[$1]+="$2 "; }
for round in $(seq "$ROUNDS"); do
  for threads in 1 2; do
    for cmd in scan count; do
      flags=(--threads "$threads")
      [ "$cmd" = scan ] && flags+=(--quiet)
      read -r empty empty_cpu < <(seconds "$bin" "$cmd" "${flags[@]}" "$work/empty.jsonl")
      read -r whole whole_cpu < <(seconds "$bin" "$cmd" "${flags[@]}" "$work/news.jsonl")
      keep "cli_${cmd}_$threads" "$(echo "$whole - $empty" | bc -l)"
      keep "cli_cpu_${cmd}_$threads" "$(echo "$whole_cpu - $empty_cpu" | bc -l)"
      py=scan_many
      [ "$cmd" = count ] && py=count
      read -r loop loop_cpu _ < <("$python" "$work/py_scan.py" "$py" "$threads" "$work/news.jsonl")
      keep "py_${cmd}_$threads" "$loop"
      keep "py_cpu_${cmd}_$threads" "$loop_cpu"
    done
  done
  read -r start_wall start_cpu < <("$python" "$work/py_start.py")
  keep start "$start_wall"
  keep start_cpu "$start_cpu"
  read -r process _ < <(seconds "$python" "$work/py_start.py")
  keep start_process "$process"
  read -r cli_start _ < <(seconds "$bin" count "$work/empty.jsonl")
  keep cli_start "$cli_start"
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mb=$(echo "$bytes / 1000000" | bc -l)
printf 'python.sh: %d documents (%s sources), %.1f MB of news, %d rounds, %d cores\n\n' "$docs" "$sources" "$mb" "$ROUNDS" "$(nproc)"
printf '| threads | CLI | wall, MB/s | CPU s | Python | wall, MB/s | CPU s | Python / CLI, wall | Python / CLI, CPU per byte |\n|---|---|---|---|---|---|---|---|---|\n'
for threads in 1 2; do
  for cmd in scan count; do
    c=$(echo "${rounds[cli_${cmd}_$threads]}" | median)
    cc=$(echo "${rounds[cli_cpu_${cmd}_$threads]}" | median)
    p=$(echo "${rounds[py_${cmd}_$threads]}" | median)
    pc=$(echo "${rounds[py_cpu_${cmd}_$threads]}" | median)
    py=scan_many
    [ "$cmd" = count ] && py=count
    printf '| %d | `%s` %.2f s | %.1f | %.2f | `%s` %.2f s | %.1f | %.2f | %.0f%% | %.0f%% |\n' "$threads" "$cmd" "$c" \
      "$(echo "$mb / $c" | bc -l)" "$cc" "$py" "$p" "$(echo "$mb / $p" | bc -l)" "$pc" \
      "$(echo "100 * $c / $p" | bc -l)" "$(echo "100 * $cc / $pc" | bc -l)"
  done
done
printf '\n(Python / CLI: the throughput ratio, over 100%% when Python is faster.)\n'
printf '\nstart-up, import mentionmap + Scanner(): median %.2f s wall (%s), %.2f s CPU; the whole process %.2f s; the CLI on an empty input %.2f s\n' \
  "$(echo "${rounds[start]}" | median)" "${rounds[start]% }" "$(echo "${rounds[start_cpu]}" | median)" \
  "$(echo "${rounds[start_process]}" | median)" "$(echo "${rounds[cli_start]}" | median)"
