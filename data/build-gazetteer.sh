#!/usr/bin/env bash
# Rebuilds the embedded default gazetteer (data/gazetteer/) from the GeoNames and Natural Earth
# files in the shared reference data, plus the curated overlay in data/curated/.
#
#   data/build-gazetteer.sh [EXTRA IMPORT OPTIONS]
#
# REFERENCE_DATA names the reference data directory (default: ../shared/data). Extra options are
# passed to `mentionmap gazetteer import` (e.g. --person-name-exempt-population 300000).
#
# The output is deterministic: the same inputs give byte-identical CSV files.
set -euo pipefail
cd "$(dirname "$0")/.."
ref="${REFERENCE_DATA:-../shared/data}"
# Word lists to drop minor places named by common words ("Bank", "Central", "Centre", "Of"):
# American and British spellings (Debian packages wamerican and wbritish).
for list in american-english british-english; do
  [ -f "/usr/share/dict/$list" ] || { echo "build-gazetteer: missing /usr/share/dict/$list (apt-get install wamerican wbritish)" >&2; exit 1; }
done
words=$(mktemp)
demonyms=$(mktemp)
languages=$(mktemp)
trap 'rm -f "$words" "$demonyms" "$languages"' EXIT
sort -u /usr/share/dict/american-english /usr/share/dict/british-english > "$words"
for f in cldr-48.2.0/territories/en.json iso-codes-4.15.0/json/iso_3166-2.json geonames/nationalities-geotext.txt geonames/countryInfo.txt geonames/admin1CodesASCII.txt geonames/admin2Codes.txt geonames/cities500-2025-partial.txt.gz \
         geonames/cities15000-2014.txt geonames/top-level-records.tsv naturalearth/ne_50m_admin_0_countries.json \
         naturalearth-physical/ne_10m_geography_marine_polys.json.gz naturalearth-physical/ne_10m_lakes.json.gz \
         naturalearth-physical/ne_10m_rivers_lake_centerlines.json.gz naturalearth-physical/ne_10m_geography_regions_polys.json.gz \
         naturalearth-physical/ne_10m_geography_regions_points.json naturalearth-physical/ne_10m_geography_regions_elevation_points.json \
         us-atlas-3.0.1/counties-10m.json us-atlas-3.0.1/states-10m.json; do
  [ -f "$ref/$f" ] || { echo "build-gazetteer: missing $ref/$f (pass the reference data directory)" >&2; exit 1; }
done
# geotext's nationality list files five words under the wrong country code: "thai" and
# "tuvaluan" under Taiwan, a second "swiss" under Eswatini (SZ), "mauritian" under Mauritania
# (MR), "breton" under the United Kingdom. Corrected here, so that "Thai officials" are Thailand's.
sed -e 's/^thai:TW$/thai:TH/' -e 's/^tuvaluan:TW$/tuvaluan:TV/' -e '/^swiss:SZ$/d' \
    -e 's/^mauritian:MR$/mauritian:MU/' -e 's/^breton:GB$/breton:FR/' \
    "$ref/geonames/nationalities-geotext.txt" > "$demonyms"
for fix in thai:TH tuvaluan:TV mauritian:MU breton:FR; do
  grep -qx "$fix" "$demonyms" || { echo "build-gazetteer: the nationality list changed; check the corrections ($fix)" >&2; exit 1; }
done
# Language names (ISO 639-2, Debian iso-codes): an alternate name that is one ("Igbo" for the town
# of Igbo-Ukwu) means the language or its people in English text.
tr_dictionary=/usr/share/hunspell/tr_TR.dic
ru_dictionary=/usr/share/hunspell/ru_RU.dic
for dic in "$tr_dictionary" "$ru_dictionary"; do
  [ -f "$dic" ] || { echo "build-gazetteer: missing $dic (apt-get install hunspell-tr hunspell-ru)" >&2; exit 1; }
done
iso639=/usr/share/iso-codes/json/iso_639-2.json
[ -f "$iso639" ] || { echo "build-gazetteer: missing $iso639 (apt-get install iso-codes)" >&2; exit 1; }
python3 - "$iso639" > "$languages" <<'PY'
import json, sys

(entries,) = json.load(open(sys.argv[1], encoding="utf-8")).values()
names = {n.strip() for e in entries for n in e["name"].split(";")}
print("\n".join(sorted(n for n in names if n and not any(c in n for c in "(),-"))))
PY
# GeoNames' own records of countries, first-order divisions, continents and regions
# (top-level-records.tsv) give those their GeoNames points; the curated overlay names the
# continents and regions it keeps by their GeoNames ids.
# Natural Earth's 1:10m physical layers add seas, lakes, rivers, peaks, ranges, islands and other
# named regions (public domain); curated/physical-abbreviations.csv writes out their abbreviations.
# The Census Bureau's county boundaries (npm us-atlas, public domain data) give every US county a
# point inside its polygon: GeoNames' admin2 codes have none, so only a third of them were kept.
# Names in Russian, Armenian, Azerbaijani and Turkish, each tagged with its language, for the
# matcher's inflected forms (Москве, Հայաստանում, Şuşaya): CLDR's country, region and
# exemplar-city names, iso-codes' ISO 3166 translations, and curated/regional-names.csv.
# Turkey's towns and villages under 15,000 people (Kuyucak, Buharkent), which Turkish text names,
# come under their own names only: their GeoNames alternates are old names, often words.
# Turkish names learned from the train split of Turkish-Wiki-NER (data/build-turkish-places.sh)
# are read in Turkish and Azerbaijani paragraphs only.
# The 2025 partial dump comes first (newer names and populations: Stepanakert is "Khankendi"
# there); the 2014 full dump fills in what it leaves empty (feature codes such as PPLC/PPLA,
# ASCII names) and adds places it lacks.
cargo run --release --quiet -- gazetteer import "$@" \
  --country-info "$ref/geonames/countryInfo.txt" \
  --admin1 "$ref/geonames/admin1CodesASCII.txt" \
  --admin1-countries '*' \
  --admin2 "$ref/geonames/admin2Codes.txt" \
  --places "$ref/geonames/cities500-2025-partial.txt.gz" \
  --places "$ref/geonames/cities15000-2014.txt" \
  --include 'AM,AZ,GE:0' \
  --include '*:15000' \
  --own-name-places 'TR:0' \
  --countries-geojson "$ref/naturalearth/ne_50m_admin_0_countries.json" \
  --top-level "$ref/geonames/top-level-records.tsv" \
  --physical "$ref/naturalearth-physical" \
  --us-counties "$ref/us-atlas-3.0.1" \
  --common-words "$words" \
  --person-names data/curated/given-names.txt \
  --person-names data/curated/surnames.txt \
  --rare-person-names data/curated/given-names-world.txt \
  --language-names "$languages" \
  --demonyms "$demonyms" \
  --cldr "$ref/cldr-48.2.0" \
  --iso-codes "$ref/iso-codes-4.15.0" \
  --name-languages ru,hy,az,tr \
  --curated data/curated \
  --learned-names data/languages/tr/learned-places.csv \
  --postal-codes US \
  --small-places US:0 \
  --small-places 'GB,IE,CA,AU,NZ:0' \
  --out data/gazetteer \
  --force
# Each language's common words that the new names read as (data/languages/<lang>/words.txt),
# from the Hunspell dictionaries of Debian's hunspell-tr and hunspell-ru: in a Turkish
# paragraph "Valisi" is "its governor", not The Valley's alternate name Valis with an ending.
cargo run --release --quiet -- gazetteer check data/gazetteer \
  --dictionary "tr:$tr_dictionary" --dictionary "ru:$ru_dictionary" \
  --words-out data/languages > /dev/null
# The binary embeds the gazetteer and the word lists: rebuild it so that it carries the new ones.
cargo build --release --quiet
