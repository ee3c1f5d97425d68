"""Errors are Python exceptions carrying the library's message: the file and the line."""

import pytest

from mentionmap import Counts, MentionmapError, Resolver, Scanner

HEADER = "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n"


def test_a_bad_gazetteer_row_names_its_file_and_line(tmp_path):
    bad = tmp_path / "entities.csv"
    bad.write_text(
        HEADER
        + "local:a,place,Alpha,40.1,45.2,AM,PPL,10\n"
        + "local:b,place,Beta,146,45.0,AM,PPL,10\n",
        encoding="utf-8",
    )
    with pytest.raises(MentionmapError) as caught:
        Scanner(gazetteer=bad)
    message = str(caught.value)
    assert str(bad) in message and "line 3" in message and "146" in message
    assert caught.value.path == str(bad) and caught.value.line == 3
    assert isinstance(caught.value, ValueError)
    # The same gazetteer with the row skipped on request.
    assert Scanner(gazetteer=bad, skip_bad_rows=True).scan("Alpha.")[0].name == "Alpha"
    with pytest.raises(MentionmapError, match="line 3"):
        Resolver(extend=bad)


def test_a_missing_gazetteer_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        Scanner(extend=tmp_path / "nowhere.csv")


def test_a_bad_counts_line_names_its_file_and_line(scanner, tmp_path):
    path = tmp_path / "counts.json"
    path.write_text(scanner.count(["Baku."]).to_json() + "\n{\"not\": 1}\n", encoding="utf-8")
    with pytest.raises(MentionmapError) as caught:
        Counts.load(path)
    assert f"{path}: line 2: not counts" in str(caught.value)
    assert caught.value.line == 2
    with pytest.raises(FileNotFoundError):
        Counts.load(tmp_path / "missing.json")
    with pytest.raises(MentionmapError, match="not counts"):
        Counts.from_json("[]")


def test_counts_of_other_gazetteers_refuse_to_merge(scanner, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text(HEADER + "local:a,place,Baku,40.1,45.2,AM,PPL,10\n", encoding="utf-8")
    a = scanner.count(["Baku."])
    b = Scanner(gazetteer=other).count(["Baku."])
    with pytest.raises(MentionmapError, match="cannot merge counts made with gazetteer"):
        a + b


def test_a_point_off_the_globe_is_refused(scanner):
    text = scanner.count(["Baku."]).to_json().replace("49.89201", "999")
    with pytest.raises(MentionmapError, match="out of range"):
        Counts.from_json(text)


def test_bad_documents_name_their_position(scanner):
    with pytest.raises(TypeError, match="item 1"):
        list(scanner.scan_many(["Baku.", 42]))
    with pytest.raises(TypeError, match=r"item 0 \(a\): the text is int"):
        scanner.count([("a", 3)])
    with pytest.raises(ValueError, match=r"item 0 \(a\).*05/10/2020"):
        scanner.count([("a", "Baku.", "05/10/2020")])
    with pytest.raises(TypeError):
        scanner.scan_many(42)


def test_an_exception_of_the_iterable_reaches_the_caller(scanner):
    def feed():
        yield "Baku."
        raise RuntimeError("the feed broke")

    with pytest.raises(RuntimeError, match="the feed broke"):
        list(scanner.scan_many(feed()))


def test_bad_options():
    with pytest.raises(ValueError, match="bbox"):
        Scanner(bbox=(50, 40, 40, 30))
    with pytest.raises(TypeError, match="country"):
        Scanner(country=3)
    with pytest.raises(ValueError, match="min_score"):
        Resolver().resolve("Baku", min_score=2)
    with pytest.raises(TypeError, match="name 1"):
        Resolver().resolve(["Baku", 3])
