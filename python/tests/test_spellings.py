"""The spelling report for notebooks: Counts.spellings() and Counts.contested() give the rows
`audit --spellings` writes to spellings.csv and contested.csv, with numbers as numbers."""

import csv
import json
import subprocess
import sys

import pytest

from mentionmap import Scanner


def as_written(value):
    """A value as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def test_rows_equal_audit_spellings(cli, root, scanner, tmp_path):
    feed = tmp_path / "feed.jsonl"
    subprocess.run(
        [sys.executable, "scripts/sample_feed.py", "300", str(feed)], cwd=root, check=True
    )
    out = tmp_path / "out"
    cli("audit", "-q", "--date-field", "date", "--source-field", "outlet", "--spellings",
        "--country", "AZ,AM", "--min-outlet-mentions", "3", "--out", str(out), str(feed))
    docs = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    counts = scanner.count((d["id"], d["text"], d["date"], d["outlet"]) for d in docs)
    for name, rows in [
        ("spellings.csv", counts.spellings(country="AZ,AM")),
        ("contested.csv", counts.contested(country=["AZ", "AM"], min_outlet_mentions=3)),
    ]:
        with open(out / name, encoding="utf-8", newline="") as f:
            expected = list(csv.DictReader(f))
        assert expected, name
        assert [{k: as_written(v) for k, v in r.items()} for r in rows] == expected, name
    first = counts.spellings(country="AZ,AM")[0]
    assert isinstance(first["mentions"], int) and isinstance(first["share"], float)
    assert isinstance(first["contested"], bool)


def test_contested_rows_say_whose_name_each_outlet_writes():
    docs = [(f"a{i}", "Talks in Stepanakert and Shushi.", "2020-10-02", "yerevan") for i in range(4)]
    docs += [(f"b{i}", "Talks in Khankendi and Shusha.", "2020-10-02", "baku") for i in range(3)]
    docs += [("b9", "Talks in Stepanakert.", "2020-10-03", "baku")]
    counts = Scanner().count(docs)
    rows = counts.contested(min_outlet_mentions=2)
    stepanakert = {r["source"]: r for r in rows if r["entity_id"] == "gn:146970"}
    assert stepanakert["yerevan"]["preferred"] == "Stepanakert"
    assert stepanakert["yerevan"]["preferred_side"] == "armenian"
    assert stepanakert["baku"]["preferred_side"] == "azerbaijani"
    assert stepanakert["baku"]["side_shares"] == "azerbaijani 0.7500; armenian 0.2500"
    assert stepanakert["baku"]["switch_period"] is None
    sides = {(r["spelling"], r["side"]) for r in counts.spellings()
             if r["source"] == "(all)" and r["period"] == "(all)"}
    assert {("Shushi", "armenian"), ("Shusha", "azerbaijani")} <= sides
    # Days as periods; an unknown period is refused.
    assert {r["period"] for r in counts.spellings(by="day")} >= {"2020-10-02", "2020-10-03"}
    with pytest.raises(ValueError, match="unknown period"):
        counts.spellings(by="fortnight")
