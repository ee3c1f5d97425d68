"""The API: scanning, streaming, counting, merging, resolving, in Python's habits."""

import datetime
import gc
import json

import pytest

import mentionmap
from mentionmap import Counts, Mention, Resolver, Scanner


def test_scan_gives_mentions_whose_offsets_slice_the_text(scanner):
    text = "Ermənistan: Şuşa, Шуша and SHUSHA; 🙂 Sergei Lavrov met Zohrab Mnatsakanyan in Moscow."
    mentions = scanner.scan(text, doc_id="d1")
    assert mentions and all(isinstance(m, Mention) for m in mentions)
    encoded = text.encode("utf-8")
    for m in mentions:
        assert text[m.start_char : m.end_char] == m.surface
        assert encoded[m.start_byte : m.end_byte].decode("utf-8") == m.surface
        assert m.doc == "d1"
    names = [m.name for m in mentions]
    assert names.count("Shusha") == 3
    assert "Sergey Lavrov" in names and "Moscow" in names
    shusha = next(m for m in mentions if m.name == "Shusha")
    # A known point, the right way round (CONVENTIONS.md).
    assert abs(shusha.lat - 39.76) < 0.05 and abs(shusha.lon - 46.75) < 0.05
    assert shusha.kind == "place" and shusha.country_code == "AZ"


def test_scan_defaults_and_empty_text(scanner):
    assert scanner.scan("") == []
    assert scanner.scan("Baku.")[0].doc == ""


def test_to_dict_has_the_keys_of_mentions_jsonl(scanner):
    d = scanner.scan("Shelling hit Şuşa.", doc_id="x")[0].to_dict()
    assert list(d)[:8] == [
        "doc", "start_byte", "end_byte", "start_char", "end_char", "surface", "entity_id", "name",
    ]
    assert d["method"] == "exact" and d["confidence"] <= 1.0
    assert isinstance(d["candidates"], list)
    json.dumps(d)  # plain JSON types only


def test_mentions_compare_by_value(scanner):
    a = scanner.scan("Baku and Ganja.", doc_id="a")
    b = scanner.scan("Baku and Ganja.", doc_id="a")
    assert a == b
    assert a != scanner.scan("Baku and Ganja.", doc_id="b")
    assert "Baku" in repr(a[0])


def test_scan_many_keeps_input_order_and_ids(scanner):
    docs = ["Baku.", ("x", "Moscow and Paris."), (7, "Yerevan."), (None, "Ganja.")]
    out = list(scanner.scan_many(docs, threads=2))
    assert [doc for doc, _ in out] == ["0", "x", "7", "3"]
    assert [[m.name for m in ms] for _, ms in out] == [
        ["Baku"], ["Moscow", "Paris"], ["Yerevan"], ["Ganja"],
    ]
    assert all(m.doc == doc for doc, ms in out for m in ms)


def test_scan_many_of_nothing(scanner):
    assert list(scanner.scan_many([])) == []
    assert scanner.count([]).documents == 0


def test_scan_many_streams_a_generator_in_bounded_memory(scanner):
    """Items are taken as the scanners need them, not all at once: after the first result,
    only a window of a few hundred documents has been taken from a long generator."""
    taken = []

    def feed():
        for i in range(100_000):
            taken.append(i)
            yield (str(i), "News from Baku.")

    results = scanner.scan_many(feed(), threads=2)
    doc, mentions = next(results)
    assert doc == "0" and mentions[0].name == "Baku"
    assert len(taken) <= 2 * 2 * 64 + 1, len(taken)
    del results
    gc.collect()


def test_a_stopped_iteration_leaves_the_scanner_usable(scanner):
    it = scanner.scan_many((f"Baku {i}." for i in range(5000)), threads=2)
    for _ in range(3):
        next(it)
    del it
    gc.collect()
    assert [m.name for m in scanner.scan("Ganja.")] == ["Ganja"]


def test_count_counts_documents_mentions_and_spellings(scanner):
    counts = scanner.count(
        [("a", "Stepanakert (Khankendi) was shelled."), ("b", "Stepanakert again."), ("c", "No names.")]
    )
    assert counts.documents == 3
    place = next(p for p in counts.places() if p["name"] == "Stepanakert")
    assert place["mentions"] == 3 and place["documents"] == 2
    assert place["variants"] == {"Khankendi": 1, "Stepanakert": 2}
    assert place["first_doc"] == "a" and place["last_doc"] == "b"
    assert isinstance(place["longitude"], float) and isinstance(place["latitude"], float)
    assert counts.gazetteer == scanner.checksum
    assert len(counts) == len(counts.entities())


def test_count_by_day_and_source(scanner):
    counts = scanner.count(
        [
            ("a", "Baku.", "2020-10-05", "AP"),
            ("b", "Baku and Baku.", datetime.date(2020, 10, 6), "AP"),
            ("c", "Baku.", None, "BBC"),
        ]
    )
    baku = json.loads(counts.to_json())["entities"]["gn:587084"]
    assert baku["by_day"] == {
        "2020-10-05": {"mentions": 1, "documents": 1},
        "2020-10-06": {"mentions": 2, "documents": 1},
    }
    assert baku["by_source"]["AP"] == {"mentions": 3, "documents": 2}


def test_counts_merge_exactly_whatever_the_split(scanner, articles):
    whole = scanner.count(articles)
    for cut in range(len(articles) + 1):
        a, b = scanner.count(articles[:cut]), scanner.count(articles[cut:])
        assert a + b == whole
        assert b + a == whole
    parts = [scanner.count([doc]) for doc in articles]
    assert sum(parts) == whole
    total = Counts()
    for part in parts:
        total += part
    assert total == whole


def test_counts_round_trip_through_json_and_files(scanner, articles, tmp_path):
    counts = scanner.count(articles)
    assert Counts.from_json(counts.to_json()) == counts
    path = tmp_path / "counts.json"
    halves = [scanner.count(articles[:2]), scanner.count(articles[2:])]
    path.write_text("".join(h.to_json() + "\n" for h in halves), encoding="utf-8")
    loaded = Counts.load(path)
    assert loaded == counts
    # Counts read from a file export with the embedded gazetteer, as `export` does.
    assert loaded.places() == counts.places()
    assert loaded.to_geojson() == counts.to_geojson()


def test_geojson_layer_follows_the_conventions(scanner, articles):
    layer = scanner.count(articles).to_geojson(layer_name="news")
    assert layer["type"] == "FeatureCollection" and layer["name"] == "news"
    assert "crs" not in layer
    for feature in layer["features"]:
        assert isinstance(feature["id"], str) and "id" not in feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert isinstance(feature["properties"]["mentions"], int)


def test_entities_by_kind(scanner):
    counts = scanner.count(["Sergei Lavrov met Jeyhun Bayramov in Moscow. Lavrov said..."])
    people = counts.entities("person")
    assert [p["name"] for p in people] == ["Sergey Lavrov", "Jeyhun Bayramov"]
    assert people[0]["mentions"] == 2
    assert {e["kind"] for e in counts.entities()} == {"person", "place"}
    with pytest.raises(ValueError, match="kind"):
        counts.entities("planet")


def test_resolve_one_name_and_a_column():
    row = mentionmap.resolve("Khankendi")
    assert row["name"] == "Stepanakert" and row["match"] is True
    assert row["input"] == "Khankendi"
    rows = mentionmap.resolve(["Xankəndi", " Stepanakert ", None, float("nan"), "Mnatskanyan"])
    assert [r["name"] for r in rows] == [
        "Stepanakert", "Stepanakert", None, None, "Zohrab Mnatsakanyan",
    ]
    assert rows[1]["input"] == " Stepanakert "
    assert rows[2]["match"] is False and rows[2]["runners_up"] == []
    assert rows[4]["match"] is False  # a variant of a surname is never sure


def test_resolve_kind_country_and_bias():
    resolver = Resolver()
    tripoli = resolver.resolve("Tripoli")
    assert tripoli["country_code"] == "LY" and tripoli["runners_up"]
    assert resolver.resolve("Tripoli", country="lb")["country_code"] == "LB"
    assert resolver.resolve("Tripoli", bbox=(35, 33, 37, 35))["country_code"] == "LB"
    assert resolver.resolve("Lavrov", kind="place")["entity_id"] is None
    assert resolver.resolve("Lavrov", kind=["person"])["name"] == "Sergey Lavrov"
    assert resolver.resolve("Baku", min_score=1.0)["name"] == "Baku"


def test_scanner_options_bias_and_passes():
    assert Scanner().scan("Clashes in Tripoli.")[0].country_code == "LY"
    assert Scanner(country="LB").scan("Clashes in Tripoli.")[0].country_code == "LB"
    assert Scanner(bbox="35,33,37,35").scan("Clashes in Tripoli.")[0].country_code == "LB"
    fuzzy_text = "Zohrab Mnatsakanyian spoke."
    assert any(m.method == "fuzzy" for m in Scanner().scan(fuzzy_text))
    assert not any(m.method == "fuzzy" for m in Scanner(fuzzy=False).scan(fuzzy_text))


def test_extend_adds_names(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "entity_id,kind,name,latitude,longitude,country_code,feature_code,population,aliases\n"
        "local:zangilan-bridge,place,Zangilan Bridge,39.1,46.6,AZ,BDG,0,Zangilan Bridge|Z-Bridge\n",
        encoding="utf-8",
    )
    scanner = Scanner(extend=[extra])
    # The user's own entity: its names are trusted without support from the document (issue
    # 31's support rule gates GeoNames' alternates only).
    assert [m.entity_id for m in scanner.scan("Troops crossed the Z-Bridge.")] == [
        "local:zangilan-bridge"
    ]
    assert Scanner(extend=str(extra)).checksum == scanner.checksum


def test_shared_scanner_is_one_per_options():
    a = mentionmap.shared_scanner(country=["AZ"])
    assert mentionmap.shared_scanner(country=["AZ"]) is a
    assert mentionmap.shared_scanner() is not a


def test_version():
    assert mentionmap.__version__.count(".") == 2
