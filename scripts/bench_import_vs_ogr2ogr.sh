#!/usr/bin/env bash
# Times `officeplan import-geojson` against `ogr2ogr -f GPKG` on the same 100,000-room GeoJSON,
# in one run, and prints the ratio. Needs gdal-bin (scripts/setup.sh) and a release build.
#
#   scripts/bench_import_vs_ogr2ogr.sh [ROOMS]
set -euo pipefail
cd "$(dirname "$0")/.."
rooms="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=target/release/officeplan
export OFFICEPLAN_LANG=en

# One floor with all the rooms, exported as GeoJSON: the input both tools read.
"$bin" generate --rooms "$rooms" --large-floor-rooms "$rooms" --seed 42 "$work/source.gpkg" >/dev/null
building=$("$bin" summary "$work/source.gpkg" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["sites"][0]["buildings"][0]["name"])')
"$bin" export-geojson "$work/source.gpkg" --building "$building" --floor 1F "$work/rooms.geojson" >/dev/null
ls -l "$work/rooms.geojson" | awk '{printf "input: %s bytes of GeoJSON, '"$rooms"' rooms\n", $5}'

# Target for our import: a small file with the same building and an empty floor to fill.
"$bin" generate --rooms 1 --seed 42 "$work/target.gpkg" >/dev/null

now() { date +%s.%N; }
t0=$(now)
"$bin" import-geojson "$work/target.gpkg" --building "$building" --floor 2F "$work/rooms.geojson" >/dev/null
t1=$(now)
ogr2ogr -f GPKG "$work/ogr.gpkg" "$work/rooms.geojson"
t2=$(now)

python3 - "$t0" "$t1" "$t2" <<'PY'
import sys
t0, t1, t2 = map(float, sys.argv[1:])
ours, gdal = t1 - t0, t2 - t1
print(f"officeplan import-geojson: {ours:.3f} s")
print(f"ogr2ogr -f GPKG:           {gdal:.3f} s")
print(f"ratio (officeplan / ogr2ogr): {ours / gdal:.2f}  ({gdal / ours:.2f}x the speed of ogr2ogr)")
PY
