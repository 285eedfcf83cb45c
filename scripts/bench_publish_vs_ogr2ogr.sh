#!/usr/bin/env bash
# Times `officeplan publish` against `ogr2ogr -f PostgreSQL` of the same file's rooms table, on
# one throw-away PostGIS cluster this script starts (initdb in a temporary directory, as the
# postgres user when run as root; stopped on exit), and prints the ratio. Needs
# postgresql-15-postgis-3 and gdal-bin (scripts/setup.sh) and an optimised build.
#
#   scripts/bench_publish_vs_ogr2ogr.sh [ROOMS]        (default 1000000)
#   BIN=path/to/officeplan scripts/bench_publish_vs_ogr2ogr.sh 100000
set -euo pipefail
cd "$(dirname "$0")/.."
rooms="${1:-1000000}"
bin="${BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/officeplan"
fi
pgbin="${OFFICEPLAN_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
work="$(mktemp -d)"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$work"; as_pg=(runuser -u postgres --); fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
stop() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap stop EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$work/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
"$pgbin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE bench" postgres
"$pgbin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE EXTENSION postgis; CREATE SCHEMA ogr" bench
export OFFICEPLAN_LANG=en
file="$work/rooms-$rooms.gpkg"
"$bin" generate --rooms "$rooms" --seed 1 "$file" >/dev/null
ls -l "$file" | awk '{printf "input: %s bytes of GeoPackage, '"$rooms"' rooms\n", $5}'

conn="host=127.0.0.1 port=$port dbname=bench user=postgres"
now() { date +%s.%N; }
t0=$(now)
"$bin" publish "$file" --pg "$conn" --schema officeplan
t1=$(now)
ogr2ogr -f PostgreSQL PG:"$conn schemas=ogr" "$file" rooms -lco SCHEMA=ogr -overwrite
t2=$(now)
"$bin" publish "$file" --pg "$conn" --schema officeplan >/dev/null
t3=$(now)
"$pgbin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -At -c \
  "SELECT 'server rooms: ' || (SELECT count(*) FROM officeplan.rooms) || ' (ours), ' || (SELECT count(*) FROM ogr.rooms) || ' (ogr2ogr)'" bench

python3 - "$t0" "$t1" "$t2" "$t3" <<'PY'
import sys
t0, t1, t2, t3 = map(float, sys.argv[1:])
ours, gdal, again = t1 - t0, t2 - t1, t3 - t2
print(f"officeplan publish (first):      {ours:.2f} s")
print(f"officeplan publish (unchanged):  {again:.2f} s")
print(f"ogr2ogr -f PostgreSQL (rooms):   {gdal:.2f} s")
print(f"ogr2ogr / officeplan: {gdal / ours:.2f}x (goal >= 2x)")
PY
