#!/usr/bin/env bash
# Installs the system packages officeplan's tests need on Debian/Ubuntu:
#   gdal-bin  — ogrinfo/ogr2ogr, the independent judge of our GeoPackage files and areas.
#   python3-gdal — GDAL's validate_gpkg.py, which tests/gdal.rs runs on our files.
#   mesa-vulkan-drivers libvulkan1 — a CPU Vulkan driver (lavapipe) so the egui_kittest
#                snapshot tests render the app's views without a GPU.
#   cmake g++ libclang-dev — build HiGHS, the MIP solver of 智能调剂 (good_lp's `highs`
#                feature compiles it from source; bindgen needs libclang).
#   libreoffice-calc — opens the national tables we write (soffice --headless --convert-to pdf),
#                the test that they open without repair and print on A4 landscape.
#   postgresql-15-postgis-3 — PostgreSQL 15 with PostGIS 3 (pulls in postgresql-15): tests/postgis.rs
#                starts a throw-away cluster of its own (initdb, pg_ctl, as the postgres user when
#                run as root) to test `officeplan publish`/`pull`; benches/publish.rs compares
#                publishing with ogr2ogr -f PostgreSQL on it. No server is left running.
# The app itself needs only what a desktop already has (X11/Wayland, OpenGL).
# Safe to run again; does nothing when everything is present.
set -euo pipefail

packages=(gdal-bin python3-gdal mesa-vulkan-drivers libvulkan1 libreoffice-calc cmake g++ libclang-dev postgresql-15-postgis-3)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all system packages present (${packages[*]})"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
