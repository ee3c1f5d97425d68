#!/usr/bin/env bash
# Rebuilds the embedded default gazetteer (data/gazetteer/) from the GeoNames and Natural Earth
# files in the shared reference data, plus the curated overlay in data/curated/.
#
#   data/build-gazetteer.sh [REFERENCE_DATA_DIR]     (default: ../shared/data)
#
# The output is deterministic: the same inputs give byte-identical CSV files.
set -euo pipefail
cd "$(dirname "$0")/.."
ref="${1:-../shared/data}"
for f in geonames/countryInfo.txt geonames/admin1CodesASCII.txt geonames/cities500-2025-partial.txt.gz \
         geonames/cities15000-2014.txt naturalearth/ne_50m_admin_0_countries.json; do
  [ -f "$ref/$f" ] || { echo "build-gazetteer: missing $ref/$f (pass the reference data directory)" >&2; exit 1; }
done
# The 2025 partial dump comes first (newer names and populations: Stepanakert is "Khankendi"
# there); the 2014 full dump fills in what it leaves empty (feature codes such as PPLC/PPLA,
# ASCII names) and adds places it lacks.
cargo run --release --quiet -- gazetteer import \
  --country-info "$ref/geonames/countryInfo.txt" \
  --admin1 "$ref/geonames/admin1CodesASCII.txt" \
  --admin1-countries AM,AZ,GE,TR,IR,RU \
  --places "$ref/geonames/cities500-2025-partial.txt.gz" \
  --places "$ref/geonames/cities15000-2014.txt" \
  --include 'AM,AZ,GE:0' \
  --include 'TR,IR,RU:15000' \
  --include '*:1000000' \
  --countries-geojson "$ref/naturalearth/ne_50m_admin_0_countries.json" \
  --curated data/curated \
  --out data/gazetteer \
  --force
