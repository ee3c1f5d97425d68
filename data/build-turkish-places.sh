#!/usr/bin/env bash
# Rebuilds data/languages/tr/learned-places.csv: Turkish names of places that the gazetteer
# lacks, learned from the TRAIN split of Turkish-Wiki-NER (Turkish NLP Suite, CC BY-SA 4.0; see
# data/README.md) and linked to a gazetteer entity only where the evidence is unambiguous. The
# dev split is left for evaluation.
#
# A name is learned when
#   - it is a place span (GPE, LOC) of the train split, its ending after an apostrophe cut off
#     ("Saksonya'da" is "Saksonya"), every word capitalised, written in the Turkish alphabet (no
#     q, w, x, ä: a foreign spelling the gazetteer would have as written);
#   - at least half of the times its words occur in that order they lie inside a place span
#     (not an organisation's or a person's name);
#   - the gazetteer does not have it already (compared folded, as the matcher compares);
#   - spelled back the way Turkish writes foreign names (c before e/i as s, else k; x as ks;
#     sh and ch as ş; w as v; y and i alike, so that -ia and -ya agree; double letters single),
#     it is the name of exactly one major place (a country, continent, region, first-order
#     division, capital, or city of 100,000) in some other language or the gazetteer's own:
#     "Saksonya" is Saxony, "Karelya" Karelia, "Konstantinopolis" Constantinopolis (Istanbul);
#     a y-final name may take an -a, as Turkish gives it (Normandy, Normandiya);
#   - no more important major place has a name nearly as close (Jaro-Winkler 0.92 or more):
#     "Britanya" spells Brittany exactly, but Turkish means Britain by it, so it is left out.
# The names are kept to Turkish and Azerbaijani paragraphs (`tr-x-only`).
#
# It reads the gazetteer the importer wrote (data/gazetteer/, or GAZETTEER_DIR); the names it
# learned before (the file it rewrites) are no evidence, and names kept to one language's text
# (`-x-only`) name no major place, so a rebuild learns the same names. After the importer's inputs change: data/build-gazetteer.sh, this
# script, then data/build-gazetteer.sh again.
#
# Usage: data/build-turkish-places.sh [TRAIN_CONLL]
set -euo pipefail
cd "$(dirname "$0")/.."
train=${1:-${REFERENCE_DATA:-../shared/data}/corpora/multilingual/tr-wikiner/train.conll}
gazetteer=${GAZETTEER_DIR:-data/gazetteer}
python3 - "$train" "$gazetteer/entities.csv" "$gazetteer/aliases.csv" \
  data/languages/tr/learned-places.csv <<'PY'
import collections, csv, re, sys, unicodedata

train, entities_path, aliases_path, out_path = sys.argv[1:]
# How close a more important place's name may be before a link is ambiguous (Jaro-Winkler on
# the spelled-back forms): "britania" (Britanya) against "britain" is 0.95; 0.92 still parts
# Katanya from Kazan, which it is not.
SIMILAR = 0.92
# A name must lie inside a place span at least this share of the times its words occur.
PLACE_SHARE = 0.5
TURKISH = re.compile(r"^[A-PR-VYZa-pr-vyzÇçĞğİıÖöŞşÜüÂâÎîÛû .-]+$")
LATIN = re.compile(r"^[A-Za-zÀ-ɏ' .-]+$")


def tr_lower(word):
    """Turkish lower case: I is the capital of ı, İ of i."""
    return word.replace("I", "ı").replace("İ", "i").lower()


def strip_marks(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def folded(s):
    """Roughly what the matcher compares: case and diacritics folded."""
    return strip_marks(tr_lower(s)).replace("ı", "i")


def single(s):
    return re.sub(r"(.)\1+", r"\1", s)


def spelled_turkish(name):
    """A Turkish name in the shared spelling: ç and ş as one sound class, c and j as another."""
    s = tr_lower(name)
    for a, b in (("ç", "S"), ("ş", "S"), ("c", "J"), ("j", "J"), ("ğ", ""), ("ı", "i"), ("y", "i")):
        s = s.replace(a, b)
    return single(strip_marks(s))


def spelled_foreign(name):
    """A name of another language, spelled as Turkish writes foreign names (see above)."""
    s = strip_marks(name.lower()).replace("ı", "i")
    for a, b in (("tsch", "S"), ("sch", "S"), ("sh", "S"), ("ch", "S"), ("ph", "f"), ("th", "t"),
                 ("ck", "k"), ("qu", "kv"), ("q", "k"), ("x", "ks"), ("w", "v"), ("ou", "u"),
                 ("j", "J")):
        s = s.replace(a, b)
    s = single(re.sub(r"c(?=[eiy])", "s", s).replace("c", "k").replace("y", "i"))
    return {s, s + "a"} if s.endswith("i") else {s}


def jaro_winkler(a, b):
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    reach = max(len(a), len(b)) // 2 - 1
    used_a, used_b, matches = [False] * len(a), [False] * len(b), 0
    for i, c in enumerate(a):
        for j in range(max(0, i - reach), min(len(b), i + reach + 1)):
            if not used_b[j] and b[j] == c:
                used_a[i] = used_b[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    half_swaps, j = 0, 0
    for i in range(len(a)):
        if used_a[i]:
            while not used_b[j]:
                j += 1
            half_swaps += a[i] != b[j]
            j += 1
    jaro = (matches / len(a) + matches / len(b) + (matches - half_swaps / 2) / matches) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4]):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


# The train split: sentences of (token, tag).
sentences, current = [], []
with open(train, encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        token, tag = line.split("\t")
        current.append((token, tag.strip()))
if current:
    sentences.append(current)


def name_of(tokens):
    """The words of a span, the ending after an apostrophe cut off the last."""
    tokens = list(tokens)
    tokens[-1] = re.split("['’]", tokens[-1], maxsplit=1)[0]
    return tuple(tokens)


place_spans = []  # per sentence, the (start, end) of its place spans
names = set()
for sentence in sentences:
    spans, i = [], 0
    while i < len(sentence):
        tag = sentence[i][1]
        if tag.startswith("B-"):
            label, j = tag[2:], i + 1
            while j < len(sentence) and sentence[j][1] == "I-" + label:
                j += 1
            if label in ("GPE", "LOC"):
                spans.append((i, j))
                names.add(name_of(t for t, _ in sentence[i:j]))
            i = j
        else:
            i += 1
    place_spans.append(spans)
longest = max(len(n) for n in names)
occurs, as_place = collections.Counter(), collections.Counter()
for sentence, spans in zip(sentences, place_spans):
    tokens = [t for t, _ in sentence]
    for i in range(len(tokens)):
        for n in range(1, min(longest, len(tokens) - i) + 1):
            name = name_of(tokens[i : i + n])
            if name in names:
                occurs[name] += 1
                as_place[name] += any(a <= i and i + n <= b for a, b in spans)

# The gazetteer.
entities = {r["entity_id"]: r for r in csv.DictReader(open(entities_path, encoding="utf-8"))}


def rank(e):
    code = e["feature_code"]
    kind = 4 if code.startswith("PCL") or code == "CONT" else 3 if code in ("ADM1", "RGN", "PPLC") else 2 if code == "PPLA" else 1
    return (kind, int(e["population"] or 0))


def major(e):
    code = e["feature_code"]
    return (code.startswith("PCL") or code in ("ADM1", "PPLC", "CONT", "RGN")
            or e["entity_id"].startswith("local:")
            or (code.startswith("PPL") and int(e["population"] or 0) >= 100_000))


# The names this script learned before are in the gazetteer now: they are no evidence.
learned_before = set()
try:
    with open(out_path, encoding="utf-8") as f:
        learned_before = {(r["entity_id"], r["alias"]) for r in csv.DictReader(f)}
except FileNotFoundError:
    pass
present = set()
spelled = collections.defaultdict(set)  # spelled-back name -> major entities
via = {}
for row in csv.DictReader(open(aliases_path, encoding="utf-8")):
    if (row["entity_id"], row["alias"]) in learned_before:
        continue
    present.add(folded(row["alias"]))
    if row["lang"].endswith("-x-only"):
        continue
    e = entities.get(row["entity_id"])
    if e is None or e["kind"] != "place" or row["type"] == "demonym" or not major(e):
        continue
    if LATIN.match(row["alias"]):
        for key in spelled_foreign(row["alias"]):
            spelled[key].add(row["entity_id"])
            via.setdefault((key, row["entity_id"]), row["alias"])

rows = []
for words in sorted(names):
    name = " ".join(words)
    if len(name) < 4 or not TURKISH.match(name) or not all(w[:1].isupper() for w in words):
        continue
    if folded(name) in present or as_place[words] < PLACE_SHARE * occurs[words]:
        continue
    key = spelled_turkish(name)
    found = spelled.get(key, set())
    if len(found) != 1:
        continue
    (entity_id,) = found
    closer = {
        other
        for other_key, ids in spelled.items()
        if other_key[:1] == key[:1] and jaro_winkler(key, other_key) >= SIMILAR
        for other in ids
        if other != entity_id and rank(entities[other]) > rank(entities[entity_id])
    }
    if closer:
        continue
    rows.append((entity_id, name, "tr-x-only", "variant",
                 f"Turkish-Wiki-NER train: a place {as_place[words]} of {occurs[words]} times; "
                 f"spelled as {via[(key, entity_id)]}"))

with open(out_path, "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity_id", "alias", "lang", "type", "source"])
    writer.writerows(sorted(rows, key=lambda r: (r[1], r[0])))
print(f"wrote {out_path} ({len(rows)} names)")
PY
