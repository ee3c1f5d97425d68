#!/usr/bin/env python3
"""The README's Python example, run as a script: a JSONL feed read with pandas, counted, the
places drawn with GeoPandas over the Natural Earth borders the project ships (docs/python.png),
and a spreadsheet column resolved.

    pip install target/wheels/mentionmap-*.whl pandas geopandas matplotlib
    python3 docs/render-python.py            # writes docs/python.png

The feed is the five sample articles as JSONL (data/articles), written to a temporary file.
"""

import json
import pathlib
import tempfile

import geopandas
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import mentionmap  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]

with tempfile.TemporaryDirectory() as tmp:
    feed_path = pathlib.Path(tmp) / "feed.jsonl"
    with feed_path.open("w", encoding="utf-8") as out:
        for path in sorted((ROOT / "data" / "articles").glob("*.txt")):
            record = {"url": path.name, "published": "2020-10-05", "body": path.read_text(encoding="utf-8")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    # --- the README's example, as in a notebook ---
    feed = pd.read_json(feed_path, lines=True, dtype={"published": str})
    scanner = mentionmap.Scanner(country="AZ,AM")
    counts = scanner.count(zip(feed["url"], feed["body"], feed["published"]))
    places = counts.to_pandas()
    print(places[["name", "country_code", "mentions", "documents", "spellings"]].head(10).to_string())

    layer = counts.to_geopandas()
    world = geopandas.read_file(ROOT / "data" / "naturalearth" / "countries-110m.geojson")
    ax = world.plot(color="#f2efe9", edgecolor="#9a9a9a", linewidth=0.6, figsize=(8, 6))
    layer.plot(ax=ax, markersize=layer["mentions"] * 12, color="#c0392b", alpha=0.6, edgecolor="white")
    labelled = []
    for _, place in layer.nlargest(10, "mentions").iterrows():
        x, y = place.geometry.x, place.geometry.y
        # One label where points crowd (Stepanakert, Shusha and Nagorno-Karabakh's point).
        if all(abs(x - lx) + abs(y - ly) > 0.5 for lx, ly in labelled):
            labelled.append((x, y))
            ax.annotate(place["name"], (x, y), xytext=(5, 5), textcoords="offset points", fontsize=8)
    ax.set_xlim(43, 51.5)
    ax.set_ylim(37.5, 42.5)
    ax.set_facecolor("#dde9f2")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"Places in {counts.documents} articles, circles sized by mentions")
    plt.savefig(ROOT / "docs" / "python.png", dpi=100, bbox_inches="tight")

    sources = pd.DataFrame({"city": ["Khankendi", "Xankəndi", "Stepanakert", "Mnatskanyan", None]})
    resolved = pd.DataFrame(mentionmap.resolve(sources["city"]))
    print(sources.join(resolved[["entity_id", "name", "method", "score", "match"]]).to_string())
