"""Python gives the CLI's results, byte for byte where the CLI writes JSON, on the sample
articles: the scan, the counts, the map layer and the resolver."""

import json

import pytest

import mentionmap
from mentionmap import Counts, Scanner


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "options, flags",
    [
        ({}, []),
        ({"country": ["LB", "US"], "fuzzy": False}, ["--country", "LB,US", "--no-fuzzy"]),
        ({"bbox": (40, 35, 52, 45), "variants": False}, ["--bbox", "40,35,52,45", "--no-variants"]),
    ],
)
def test_scan_equals_the_cli(cli, articles, options, flags):
    expected = jsonl(cli("scan", "--quiet", *flags, "data/articles"))
    scanner = mentionmap.Scanner(**options)
    got = [m.to_dict() for _, ms in scanner.scan_many(articles) for m in ms]
    assert len(got) > 200
    assert got == expected


def test_count_equals_the_cli_byte_for_byte(cli, scanner, articles):
    expected = cli("count", "data/articles")
    counts = scanner.count(articles)
    assert counts.to_json() + "\n" == expected
    # Merged halves as `merge` gives them.
    halves = scanner.count(articles[:2]).to_json() + "\n" + scanner.count(articles[2:]).to_json() + "\n"
    assert cli("merge", "-", input=halves) == expected


def test_geojson_equals_export(cli, scanner, articles, tmp_path):
    counts = scanner.count(articles)
    (tmp_path / "counts.json").write_text(counts.to_json() + "\n", encoding="utf-8")
    cli("export", str(tmp_path / "counts.json"), "--out", str(tmp_path / "out"))
    expected = json.loads((tmp_path / "out" / "places.geojson").read_text(encoding="utf-8"))
    assert counts.to_geojson() == expected
    assert Counts.load(tmp_path / "counts.json").to_geojson() == expected
    assert [p["entity_id"] for p in counts.places()] == [f["id"] for f in expected["features"]]


def test_resolve_equals_the_cli(cli):
    names = ["Khankendi", "Xankəndi", "", "Stepanakert", "Mnatskanyan", "Paris", "Lavrov", "Tripoli", "Gyumrri"]
    for flags, options in [([], {}), (["--kind", "place", "--country", "AZ,LB"], {"kind": "place", "country": "AZ,LB"})]:
        expected = jsonl(cli("resolve", "--quiet", "--format", "jsonl", *flags, input="\n".join(names) + "\n"))
        for row in expected:
            del row["row"]
        assert mentionmap.resolve(names, **options) == expected
