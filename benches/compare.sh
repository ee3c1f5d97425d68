#!/usr/bin/env bash
# End-to-end scan throughput, in one run: `mentionmap scan` (1 and every thread, fuzzy on and
# off, many small documents and one big one) against the ceiling, a plain Aho-Corasick
# leftmost-longest word-boundary scan of the same aliases (examples/ac_ceiling.rs), and Python
# flashtext with the same aliases (in a temporary virtual environment).
#
#   benches/compare.sh                      # ~100 MB of small documents, one 20 MB document
#   CORPUS_MB=20 BIG_MB=5 LANG_MB=5 ROUNDS=1 benches/compare.sh
#
# News in languages whose names inflect (Russian FactRuEval and Armenian ArmTDP texts, LANG_MB
# of each, 20 by default, when ../shared/data/corpora/multilingual is there) is scanned on one
# thread beside the English small documents, and its cost per byte given against theirs.
#
# The corpus is made of the text the project has: the sample articles, and the GeoWebNews and
# GUM texts when ../shared/data/corpora is there, repeated to size. Every figure is a whole
# process (start-up, gazetteer load, automaton build included) timed by wall clock, so compare
# ratios within one run: the machine may be shared. Every command runs ROUNDS times (5 by
# default), the rounds one after the other over all commands, so that a slow spell on a shared
# machine falls on every command alike; the table gives each command's median round and the
# range. (On the project's 2-core machine the same command's wall time varies by 25% from one
# run to the next: one round cannot show a 25% difference.)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS_MB="${CORPUS_MB:-100}"
BIG_MB="${BIG_MB:-20}"
LANG_MB="${LANG_MB:-20}"
ROUNDS="${ROUNDS:-5}"
SHARED="${SHARED:-../shared/data/corpora}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --locked --quiet --bin mentionmap --example ac_ceiling
bin=target/release/mentionmap
ceiling=target/release/examples/ac_ceiling

# The corpus: small.jsonl (documents as written, a few KB each) and big.txt (one document).
python3 - "$work" "$CORPUS_MB" "$BIG_MB" "$SHARED" <<'EOF'
import glob, json, os, sys, xml.etree.ElementTree as ET
work, corpus_mb, big_mb, shared = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob("data/articles/*.txt"))]
gwn = os.path.join(shared, "geowebnews/data/GWN.xml")
if os.path.exists(gwn):
    texts += [t.text for t in ET.parse(gwn).getroot().iter("text") if t.text]
for path in sorted(glob.glob(os.path.join(shared, "gum-news/dep/*.conllu"))):
    sentences = [l[len("# text = "):].strip() for l in open(path, encoding="utf-8") if l.startswith("# text = ")]
    texts.append("\n".join(sentences))
target = int(corpus_mb * 1e6)
written = 0
with open(os.path.join(work, "small.jsonl"), "w", encoding="utf-8") as out:
    i = 0
    while written < target:
        text = texts[i % len(texts)]
        out.write(json.dumps({"id": f"doc{i}", "text": text}, ensure_ascii=False) + "\n")
        written += len(text.encode("utf-8"))
        i += 1
big, size = [], 0
i = 0
while size < big_mb * 1e6:
    big.append(texts[i % len(texts)])
    size += len(texts[i % len(texts)].encode("utf-8")) + 2
    i += 1
with open(os.path.join(work, "big.txt"), "w", encoding="utf-8") as out:
    out.write("\n\n".join(big))
with open(os.path.join(work, "sizes"), "w") as out:
    out.write(f"{written} {os.path.getsize(os.path.join(work, 'big.txt'))} {i} {len(texts)}\n")
EOF
# Russian and Armenian news, as small documents (the corpora's own texts repeated to size).
python3 - "$work" "$LANG_MB" "$SHARED" <<'EOF'
import glob, json, os, sys
work, lang_mb, shared = sys.argv[1], float(sys.argv[2]), sys.argv[3]
sources = {
    "ru": [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(shared, "multilingual/ru-factrueval/devset/*.txt")))],
    "hy": [],
}
armtdp = os.path.join(shared, "multilingual/hy-armtdp/ArmNER-HY.json1")
if os.path.exists(armtdp):
    sources["hy"] = [json.loads(l)["text"] for l in open(armtdp, encoding="utf-8") if l.strip()]
for lang, texts in sources.items():
    if not texts:
        continue
    written, i = 0, 0
    with open(os.path.join(work, f"{lang}.jsonl"), "w", encoding="utf-8") as out:
        while written < lang_mb * 1e6:
            text = texts[i % len(texts)]
            out.write(json.dumps({"id": f"{lang}{i}", "text": text}, ensure_ascii=False) + "\n")
            written += len(text.encode("utf-8"))
            i += 1
    with open(os.path.join(work, f"{lang}.bytes"), "w") as out:
        out.write(f"{written}\n")
EOF
read -r small_bytes big_bytes _ sources <"$work/sizes"
: >"$work/empty.txt"
docs=$(wc -l <"$work/small.jsonl")

# flashtext with the same aliases, in a temporary virtual environment.
"$ceiling" --dump-aliases "$work/aliases.txt"
flashtext=""
if python3 -m venv "$work/venv" >/dev/null 2>&1 &&
  "$work/venv/bin/python" -m pip install -q flashtext==2.7 >/dev/null 2>&1; then
  flashtext="$work/venv/bin/python"
  cat >"$work/flash.py" <<'EOF'
import json, sys
from flashtext import KeywordProcessor
kp = KeywordProcessor(case_sensitive=False)
kp.add_keywords_from_list([l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()])
found = 0
path = sys.argv[2]
if path.endswith(".jsonl"):
    for line in open(path, encoding="utf-8"):
        found += len(kp.extract_keywords(json.loads(line)["text"]))
else:
    found += len(kp.extract_keywords(open(path, encoding="utf-8").read()))
print(found)
EOF
else
  echo "compare.sh: flashtext could not be installed from PyPI: its rows are left out" >&2
fi

cores=$(nproc)
labels=()
declare -A bytes_of times_of rss_of cpu_of
# run LABEL BYTES COMMAND...: wall seconds, CPU seconds (user + system, every thread) and peak
# RSS of one process, kept per label (every round's seconds, and the largest RSS).
run() {
  local label="$1" bytes="$2"
  shift 2
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
    echo "compare.sh: $label failed:" >&2
    cat "$work/err" >&2
    exit 1
  }
  read -r seconds rss_kb user system <"$work/time"
  local cpu
  cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')
  if [ -z "${bytes_of[$label]:-}" ]; then
    labels+=("$label")
    bytes_of[$label]=$bytes times_of[$label]=$seconds rss_of[$label]=$rss_kb cpu_of[$label]=$cpu
  else
    times_of[$label]+=" $seconds"
    cpu_of[$label]+=" $cpu"
    rss_of[$label]=$((rss_kb > rss_of[$label] ? rss_kb : rss_of[$label]))
  fi
}
# The ceiling's own CPU seconds for its scan alone (it prints its build and scan apart), per
# round: what the pipeline's scan after start-up is set against.
ceiling_scan_cpu=""
ceiling_scan() {
  run "$@"
  ceiling_scan_cpu+=" $(sed -n 's/^ac_ceiling: cpu seconds: build [0-9.]*, scan \([0-9.]*\)$/\1/p' "$work/err")"
}
big_limit=$((big_bytes + 1))
# One thread, and every core when there is more than one.
thread_counts="1"
[ "$cores" -gt 1 ] && thread_counts="1 $cores"
for round in $(seq "$ROUNDS"); do
  echo "compare.sh: round $round of $ROUNDS" >&2
  ceiling_scan "ceiling: plain aho-corasick, 1 thread, small docs" "$small_bytes" "$ceiling" "$work/small.jsonl"
  run "ceiling: plain aho-corasick, 1 thread, one big doc" "$big_bytes" "$ceiling" "$work/big.txt"
  run "mentionmap scan, 1 thread, start-up only (one empty document)" 0 \
    "$bin" scan -q --threads 1 "$work/empty.txt"
  for input in small big; do
    for fuzzy in "" "--no-fuzzy"; do
      for threads in $thread_counts; do
        if [ "$input" = small ]; then file="$work/small.jsonl" bytes=$small_bytes what="small docs"; else file="$work/big.txt" bytes=$big_bytes what="one big doc"; fi
        run "mentionmap scan${fuzzy:+ $fuzzy}, $threads thread$([ "$threads" = 1 ] || echo s), $what" "$bytes" \
          "$bin" scan -q --threads "$threads" --max-doc-bytes "$big_limit" $fuzzy "$file"
      done
    done
  done
  for lang in ru hy; do
    [ -f "$work/$lang.jsonl" ] || continue
    run "mentionmap scan, 1 thread, $lang news" "$(cat "$work/$lang.bytes")" \
      "$bin" scan -q --threads 1 "$work/$lang.jsonl"
  done
  if [ -n "$flashtext" ]; then
    run "flashtext 2.7, 1 thread, small docs" "$small_bytes" "$flashtext" "$work/flash.py" "$work/aliases.txt" "$work/small.jsonl"
    run "flashtext 2.7, 1 thread, one big doc" "$big_bytes" "$flashtext" "$work/flash.py" "$work/aliases.txt" "$work/big.txt"
  fi
done

aliases=$(wc -l <"$work/aliases.txt")
echo
echo "Corpus: $((small_bytes / 1000000)) MB in $docs documents (from $sources texts), and one document of $((big_bytes / 1000000)) MB; $aliases aliases; $cores cores; $ROUNDS rounds; $(date -u +%Y-%m-%d)."
echo
echo "| what | MB/s | × ceiling (same input) | wall s (median round) | wall s (fastest–slowest) | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|"
ceil_small="" ceil_big=""
for label in "${labels[@]}"; do
  bytes=${bytes_of[$label]} rss_kb=${rss_of[$label]}
  # The median round (the lower middle one for an even count), and the range.
  read -r seconds range < <(tr ' ' '\n' <<<"${times_of[$label]}" | sort -g |
    awk '{ t[NR] = $1 } END { printf "%s %s–%s\n", t[int((NR + 1) / 2)], t[1], t[NR] }')
  rate=$(awk -v b="$bytes" -v s="$seconds" 'BEGIN { print b / 1e6 / (s > 0 ? s : 0.01) }')
  case "$label" in
    ceiling*"small docs") ceil_small=$rate ;;
    ceiling*"big doc") ceil_big=$rate ;;
  esac
  case "$label" in *"small docs" | *" news") base=$ceil_small ;; *) base=$ceil_big ;; esac
  awk -v l="$label" -v r="$rate" -v c="$base" -v s="$seconds" -v z="$range" -v m="$rss_kb" -v b="$bytes" \
    'BEGIN { if (b > 0) printf "| %s | %.3g | %.2f× | %s | %s | %d |\n", l, r, r / c, s, z, m / 1024
             else printf "| %s | – | – | %s | %s | %d |\n", l, s, z, m / 1024 }'
done

# The issue's ratios, taken within each round (the two commands ran one after the other, so a
# slow spell of the machine falls on both) and given as the median round's with the range.
# Medians of separate commands can disagree with these: each command's median may come from a
# different round.
# paired NAME A B [SCALE]: per round, SCALE × A's seconds / B's seconds.
paired() {
  local name="$1" a="$2" b="$3" scale="${4:-1}"
  paste -d' ' <(tr ' ' '\n' <<<"${times_of[$a]}") <(tr ' ' '\n' <<<"${times_of[$b]}") |
    awk -v s="$scale" '{ printf "%.4f\n", s * $1 / ($2 > 0 ? $2 : 0.01) }' | sort -g |
    awk -v n="$name" '{ r[NR] = $1 } END { printf "| %s | %.2f× | %.2f–%.2f× |\n", n, r[int((NR + 1) / 2)], r[1], r[NR] }'
}
echo
echo "Ratios within each round:"
echo
echo "| ratio | median round | lowest–highest round |"
echo "|---|---:|---:|"
if [ "$cores" -gt 1 ]; then
  many="$cores threads"
  paired "$many over 1 thread, small docs (speed-up)" \
    "mentionmap scan, 1 thread, small docs" "mentionmap scan, $many, small docs"
  paired "$many over 1 thread, small docs, --no-fuzzy (speed-up)" \
    "mentionmap scan --no-fuzzy, 1 thread, small docs" "mentionmap scan --no-fuzzy, $many, small docs"
  paired "fuzzy over --no-fuzzy, 1 thread, small docs (cost)" \
    "mentionmap scan, 1 thread, small docs" "mentionmap scan --no-fuzzy, 1 thread, small docs"
  paired "fuzzy over --no-fuzzy, $many, small docs (cost)" \
    "mentionmap scan, $many, small docs" "mentionmap scan --no-fuzzy, $many, small docs"
fi
# The issue-29 target: the pipeline's scan on one thread against the ceiling's scan alone, start-up
# excluded on both sides, in CPU seconds (wall seconds on a shared machine measure the
# neighbours): the ceiling's scan over (mentionmap's run less the same round's start-up run).
paste -d' ' <(tr ' ' '\n' <<<"${ceiling_scan_cpu# }") \
  <(tr ' ' '\n' <<<"${cpu_of["mentionmap scan, 1 thread, small docs"]}") \
  <(tr ' ' '\n' <<<"${cpu_of["mentionmap scan, 1 thread, start-up only (one empty document)"]}") |
  awk '{ d = $2 - $3; printf "%.4f\n", $1 / (d > 0 ? d : 0.01) }' | sort -g |
  awk '{ r[NR] = $1 } END { printf "| mentionmap scan over the plain scan, 1 thread, small docs, CPU after start-up (speed) | %.2f× | %.2f–%.2f× |\n", r[int((NR + 1) / 2)], r[1], r[NR] }'
paste -d' ' <(tr ' ' '\n' <<<"${cpu_of["mentionmap scan, 1 thread, start-up only (one empty document)"]}") |
  sort -g | awk '{ r[NR] = $1 } END { printf "| start-up CPU seconds, 1 thread (load, build) | %.2f | %.2f–%.2f |\n", r[int((NR + 1) / 2)], r[1], r[NR] }'
# One big document against small ones, per byte of text, each run less the same round's
# start-up (loading the gazetteer and building the matcher are the same for any input).
paste -d' ' <(tr ' ' '\n' <<<"${times_of["mentionmap scan, 1 thread, one big doc"]}") \
  <(tr ' ' '\n' <<<"${times_of["mentionmap scan, 1 thread, small docs"]}") \
  <(tr ' ' '\n' <<<"${times_of["mentionmap scan, 1 thread, start-up only (one empty document)"]}") |
  awk -v sb="$small_bytes" -v bb="$big_bytes" '{ d = $2 - $3; printf "%.4f\n", (($1 - $3) / bb) / ((d > 0 ? d : 0.01) / sb) }' |
  sort -g | awk '{ r[NR] = $1 } END { printf "| one big doc over small docs, 1 thread, per byte after start-up (cost) | %.2f× | %.2f–%.2f× |\n", r[int((NR + 1) / 2)], r[1], r[NR] }'
# News in other languages against English small documents, per byte after start-up.
for lang in ru hy; do
  label="mentionmap scan, 1 thread, $lang news"
  [ -n "${times_of[$label]:-}" ] || continue
  paste -d' ' <(tr ' ' '\n' <<<"${times_of[$label]}") \
    <(tr ' ' '\n' <<<"${times_of["mentionmap scan, 1 thread, small docs"]}") \
    <(tr ' ' '\n' <<<"${times_of["mentionmap scan, 1 thread, start-up only (one empty document)"]}") |
    awk -v sb="$small_bytes" -v lb="${bytes_of[$label]}" '{ d = $2 - $3; printf "%.4f\n", (($1 - $3) / lb) / ((d > 0 ? d : 0.01) / sb) }' |
    sort -g | awk -v l="$lang" '{ r[NR] = $1 } END { printf "| %s news over English small docs, 1 thread, per byte after start-up (cost) | %.2f× | %.2f–%.2f× |\n", l, r[int((NR + 1) / 2)], r[1], r[NR] }'
done
