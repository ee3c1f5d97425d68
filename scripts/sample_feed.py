"""A dated, sourced feed built from the sample articles (benches/audit.sh and benches/spellings.sh run on it).

    python3 scripts/sample_feed.py N OUT.jsonl

N documents, one JSON object per line (id, text, date, outlet): each three paragraphs of
data/articles drawn at random (seed 16), dated evenly over 2020-2021, spread over three outlets
(outlet-0, outlet-1, outlet-2) in turn. The outlets are assigned blindly, so they cannot
disagree on a name beyond chance: a baseline for `audit --spellings`.
"""
import datetime
import json
import pathlib
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
paragraphs = [p.strip() for f in sorted(pathlib.Path("data/articles").glob("*.txt"))
              for p in f.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
rng = random.Random(16)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        text = "\n\n".join(rng.sample(paragraphs, 3))
        day = 1 + i * 730 // n
        year, doy = (2020, day) if day <= 366 else (2021, day - 366)
        date = datetime.date(year, 1, 1) + datetime.timedelta(days=doy - 1)
        f.write(json.dumps({"id": f"d{i:06}", "text": text, "date": date.isoformat() + "T12:00:00Z",
                            "outlet": f"outlet-{i % 3}"}) + "\n")
