#!/usr/bin/env bash
# Times `officeplan import-dxf` of a 10,000-room DXF into a GeoPackage against
# `ogr2ogr -f GPKG` on the same drawing and prints the ratio of their CPU seconds (user +
# system, the process and its threads; target: officeplan at least 3× faster). Each tool runs
# RUNS times (default 5), the two interleaved so that both see the same machine; the medians
# are compared. Wall seconds are printed beside them. Needs gdal-bin (scripts/setup.sh) and a
# release build.
#
#   scripts/bench_dxf_vs_ogr2ogr.sh [ROOMS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rooms="${1:-10000}"
runs="${2:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/officeplan"
export OFFICEPLAN_LANG=en

# The drawing both tools read: one floor, mm, outlines on 房间轮廓, columns on 柱, stamps.
"$bin" generate-dxf --rooms "$rooms" --seed 42 "$work/floor.dxf" >/dev/null
ls -l "$work/floor.dxf" | awk '{printf "input: %s bytes of DXF, '"$rooms"' rooms\n", $5}'

# Target for our import: a small project with a building; each run imports into a fresh copy
# of it, creating floor 2F.
"$bin" generate --rooms 1 --seed 42 "$work/target0.gpkg" >/dev/null
building=$("$bin" summary "$work/target0.gpkg" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["sites"][0]["buildings"][0]["name"])')

python3 - "$bin" "$work" "$building" "$runs" "$rooms" <<'PY'
import os, resource, shutil, statistics, subprocess, sys, time

bin, work, building, runs, rooms = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
drawing = os.path.join(work, "floor.dxf")

def timed(args):
    """CPU seconds (user + system of the child and its threads) and wall seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall

ours, gdal = [], []
for i in range(runs):
    target = os.path.join(work, "target.gpkg")
    shutil.copyfile(os.path.join(work, "target0.gpkg"), target)
    ours.append(timed([bin, "import-dxf", target, drawing, "--building", building, "--floor", "2F",
                       "--room-layer", "房间轮廓", "--hole-layer", "柱", "--label-block", "房间标注"]))
    out = os.path.join(work, "ogr.gpkg")
    if os.path.exists(out):
        os.remove(out)
    gdal.append(timed(["ogr2ogr", "-f", "GPKG", out, drawing]))

summary = subprocess.run([bin, "summary", target, "--json"], check=True, capture_output=True, text=True)
import json
imported = json.loads(summary.stdout)["rooms"]
print(f"rooms in the project after the import: {imported} (1 generated + {rooms} imported)")
assert imported == rooms + 1, "the import lost rooms"

def median(values, k):
    return statistics.median(v[k] for v in values)

for name, values in (("officeplan import-dxf", ours), ("ogr2ogr -f GPKG", gdal)):
    cpus = ", ".join(f"{c:.3f}" for c, _ in values)
    print(f"{name:22} CPU s median {median(values, 0):.3f} (runs: {cpus}); wall s median {median(values, 1):.3f}")
ratio = median(gdal, 0) / median(ours, 0)
print(f"ratio of CPU seconds (ogr2ogr / officeplan): {ratio:.2f}x  (goal: at least 3x)")
print(f"ratio of wall seconds: {median(gdal, 1) / median(ours, 1):.2f}x")
PY
