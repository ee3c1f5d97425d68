"""pandas and GeoPandas, the optional extras: a DataFrame of places, a resolved column."""

import json

import pytest


def need(module):
    try:
        return __import__(module)
    except ImportError:
        from conftest import missing

        missing(f"{module} (pip install {module})")


def test_to_pandas_and_a_resolved_column(scanner, articles):
    pd = need("pandas")
    feed = pd.DataFrame({"url": [a for a, _ in articles], "body": [t for _, t in articles]})
    counts = scanner.count(zip(feed["url"], feed["body"]))
    places = counts.to_pandas()
    assert list(places.columns[:3]) == ["entity_id", "name", "feature_code"]
    assert {"longitude", "latitude", "mentions"} <= set(places.columns)
    assert places["mentions"].dtype.kind == "i"
    assert places["mentions"].is_monotonic_decreasing
    assert places.iloc[0]["mentions"] == counts.places()[0]["mentions"]

    import mentionmap

    sources = pd.DataFrame({"city": ["Khankendi", "Xankəndi", None, "Stepanakert"]})
    resolved = pd.DataFrame(mentionmap.resolve(sources["city"]))
    assert list(resolved["name"]) == ["Stepanakert", "Stepanakert", None, "Stepanakert"]
    one_by_one = sources["city"].map(lambda c: mentionmap.resolve(c)["entity_id"] if isinstance(c, str) else None)
    assert list(one_by_one) == list(resolved["entity_id"])


def test_to_geopandas(scanner, articles):
    need("pandas")
    gpd = need("geopandas")
    frame = scanner.count(articles).to_geopandas()
    assert isinstance(frame, gpd.GeoDataFrame)
    assert frame.crs.to_epsg() == 4326
    shusha = frame[frame["name"] == "Shusha"].geometry.iloc[0]
    assert abs(shusha.y - 39.76) < 0.05 and abs(shusha.x - 46.75) < 0.05
    assert len(frame) == len(scanner.count(articles).places())
