#!/usr/bin/env python3
"""Derives data/naturalearth/country-neighbours.csv: which countries share a land border.

Input: Natural Earth 1:50m Admin 0 countries (public domain), as GeoJSON. Natural Earth draws
each border once and gives both countries the same vertices along it, so two countries are
neighbours when their outlines share at least MIN_SHARED vertices (rounded to 6 decimals, about
10 cm): a border, not a single corner where three countries meet. Codes as
build-countries.py sets them (ISO_A2; France and Norway from ADM0_A3); a unit without a code
(Northern Cyprus, Somaliland) is skipped.

Output: `country,neighbour` rows (ISO 3166-1 alpha-2), each pair once in each direction, sorted.

Usage: data/naturalearth/build-neighbours.py [NE_50M_JSON] [OUTPUT]
"""

import collections
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_INPUT = os.path.join(
    HERE, "..", "..", "..", "shared", "data", "naturalearth", "ne_50m_admin_0_countries.json"
)
DEFAULT_OUTPUT = os.path.join(HERE, "country-neighbours.csv")

ALPHA2_BY_ADM0_A3 = {"FRA": "FR", "NOR": "NO"}

# Two vertices in common make a border segment; one is a tripoint or a touching corner.
MIN_SHARED = 2


def alpha2(props):
    code = props.get("ISO_A2")
    if code and code != "-99":
        return code
    return ALPHA2_BY_ADM0_A3.get(props.get("ADM0_A3"))


def rings(geometry):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_INPUT
    output = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTPUT
    with open(source, encoding="utf-8") as f:
        features = json.load(f)["features"]
    owners = collections.defaultdict(set)
    for feature in features:
        code = alpha2(feature["properties"])
        if code is None or feature["geometry"] is None:
            continue
        for ring in rings(feature["geometry"]):
            for lon, lat in ring:
                owners[(round(lon, 6), round(lat, 6))].add(code)
    shared = collections.Counter()
    for codes in owners.values():
        for a in codes:
            for b in codes:
                if a != b:
                    shared[(a, b)] += 1
    pairs = sorted(pair for pair, n in shared.items() if n >= MIN_SHARED)
    with open(output, "w", encoding="utf-8", newline="") as f:
        f.write("# Land neighbours, derived from Natural Earth 1:50m Admin 0 countries (public domain)\n")
        f.write("# by data/naturalearth/build-neighbours.py; see data/README.md.\n")
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["country", "neighbour"])
        writer.writerows(pairs)
    print(f"{len(pairs) // 2} borders of {len({a for a, _ in pairs})} countries -> {output}")


if __name__ == "__main__":
    main()
