#!/usr/bin/env bash
# Times `officeplan import-dxf` of a 10,000-room DXF into a GeoPackage against
# `ogr2ogr -f GPKG` on the same drawing, in one run, and prints the ratio (target: officeplan
# at least 3× faster). Needs gdal-bin (scripts/setup.sh) and a release build.
#
#   scripts/bench_dxf_vs_ogr2ogr.sh [ROOMS]
set -euo pipefail
cd "$(dirname "$0")/.."
rooms="${1:-10000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/officeplan"
export OFFICEPLAN_LANG=en

# The drawing both tools read: one floor, mm, outlines on 房间轮廓, columns on 柱, stamps.
"$bin" generate-dxf --rooms "$rooms" --seed 42 "$work/floor.dxf" >/dev/null
ls -l "$work/floor.dxf" | awk '{printf "input: %s bytes of DXF, '"$rooms"' rooms\n", $5}'

# Target for our import: a small project with a building whose floor 2F is created.
"$bin" generate --rooms 1 --seed 42 "$work/target.gpkg" >/dev/null
building=$("$bin" summary "$work/target.gpkg" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["sites"][0]["buildings"][0]["name"])')

now() { date +%s.%N; }
t0=$(now)
"$bin" import-dxf "$work/target.gpkg" "$work/floor.dxf" --building "$building" --floor 2F \
    --room-layer 房间轮廓 --hole-layer 柱 --label-block 房间标注 >/dev/null
t1=$(now)
ogr2ogr -f GPKG "$work/ogr.gpkg" "$work/floor.dxf"
t2=$(now)

imported=$("$bin" summary "$work/target.gpkg" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rooms"])')
echo "rooms in the project after the import: $imported (1 generated + $rooms imported)"
python3 - "$t0" "$t1" "$t2" <<'PY'
import sys
t0, t1, t2 = map(float, sys.argv[1:])
ours, gdal = t1 - t0, t2 - t1
print(f"officeplan import-dxf: {ours:.3f} s")
print(f"ogr2ogr -f GPKG:       {gdal:.3f} s")
print(f"ratio (officeplan / ogr2ogr): {ours / gdal:.2f}  ({gdal / ours:.2f}x the speed of ogr2ogr)")
PY
