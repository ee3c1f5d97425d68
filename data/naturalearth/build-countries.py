#!/usr/bin/env python3
"""Derives data/naturalearth/countries-110m.geojson, the country outlines the project ships.

Input: Natural Earth 1:110m Admin 0 countries (public domain), as GeoJSON. Output: an RFC 7946
FeatureCollection, one feature per country, with only what mentionmap needs:

- feature `id` and property `iso_a2`: the ISO 3166-1 alpha-2 code the gazetteer uses
  (`country_code`); Natural Earth writes -99 for France and Norway (their overseas parts make the
  code ambiguous to it), which are set from ISO_A3 here; a territory without a code (Northern
  Cyprus, Somaliland) gets `iso_a2: null` and its ADM0_A3 as `id`;
- `iso_a3`, `adm0_a3`, `name` (Natural Earth's short English name);
- coordinates rounded to 3 decimals (about 100 m, far below the 1:110m generalisation), points
  that become equal dropped, exterior rings counter-clockwise and holes clockwise (RFC 7946 3.1.6).

Usage: data/naturalearth/build-countries.py [NE_110M_JSON] [OUTPUT]
(defaults: ../shared/data/naturalearth/ne_110m_admin_0_countries.json and the shipped file).
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_INPUT = os.path.join(
    HERE, "..", "..", "..", "shared", "data", "naturalearth", "ne_110m_admin_0_countries.json"
)
DEFAULT_OUTPUT = os.path.join(HERE, "countries-110m.geojson")

# ISO_A2 is -99 for these in Natural Earth 5.x; their ISO_A3 is -99 too, so ADM0_A3 is the key.
ALPHA2_BY_ADM0_A3 = {"FRA": "FR", "NOR": "NO"}

DECIMALS = 3


def signed_area(ring):
    """Twice the signed planar area: positive for a counter-clockwise ring."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))


def simplify_ring(ring, exterior):
    out = []
    for lon, lat in ring:
        point = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    if len(out) < 4:
        return None
    ccw = signed_area(out) > 0
    if ccw != exterior:
        out.reverse()
    return out


def simplify_polygon(rings):
    exterior = simplify_ring(rings[0], True)
    if exterior is None:
        return None
    holes = [h for h in (simplify_ring(r, False) for r in rings[1:]) if h is not None]
    return [exterior] + holes


def simplify_geometry(geometry):
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        sys.exit(f"unexpected geometry type {geometry['type']}")
    kept = [p for p in (simplify_polygon(p) for p in polygons) if p is not None]
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def code(value):
    return None if value in (None, "", "-99") else value


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_INPUT
    target = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTPUT
    with open(source, encoding="utf-8") as f:
        countries = json.load(f)
    features = []
    for feature in countries["features"]:
        p = feature["properties"]
        adm0 = p["ADM0_A3"]
        iso_a2 = code(p["ISO_A2"]) or ALPHA2_BY_ADM0_A3.get(adm0)
        features.append(
            {
                "type": "Feature",
                "id": iso_a2 or adm0,
                "properties": {
                    "iso_a2": iso_a2,
                    "iso_a3": code(p["ISO_A3"]) or adm0,
                    "adm0_a3": adm0,
                    "name": p["NAME"],
                },
                "geometry": simplify_geometry(feature["geometry"]),
            }
        )
    ids = [f["id"] for f in features]
    if len(ids) != len(set(ids)):
        sys.exit("two countries share an id")
    if len(features) < 170:
        sys.exit(f"only {len(features)} countries: is {source} the 1:110m countries file?")
    features.sort(key=lambda f: f["id"])
    collection = {
        "type": "FeatureCollection",
        "name": "Natural Earth countries 1:110m",
        "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), simplified by "
        "data/naturalearth/build-countries.py",
        "features": features,
    }
    with open(target, "w", encoding="utf-8") as f:
        json.dump(collection, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"{len(features)} countries -> {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
