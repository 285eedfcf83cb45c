#!/usr/bin/env bash
# Starts the real app under Xvfb (on the bundled sample, or FILE) and writes a PNG of the screen.
#
#   scripts/screenshot.sh OUT.png [FILE.gpkg] [--click X,Y ...]
#
# Debian packages it needs (scripts/setup.sh does not install them; CI does not take screenshots):
#   apt-get install xvfb x11-apps imagemagick libgl1-mesa-dri libegl1 libxkbcommon-x11-0 \
#                   libxcursor1 libxi6 xdotool
# Each --click X,Y moves the pointer there and clicks before the screenshot (e.g. a floor in the
# navigator), with a pause for the app to draw.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: scripts/screenshot.sh OUT.png [FILE.gpkg] [--click X,Y ...]}"
shift
file=()
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then file=("$1"); shift; fi
clicks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --click) clicks+=("$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

cargo build --release --quiet
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp &
xvfb=$!
trap 'kill "${app:-}" "$xvfb" 2>/dev/null || true' EXIT
export DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1
sleep 1
target/release/officeplan "${file[@]}" &
app=$!
sleep 6
for c in "${clicks[@]}"; do
  xdotool mousemove "${c%,*}" "${c#*,}"
  sleep 0.3
  xdotool click 1
  sleep 1.5
done
xwd -root -silent | convert xwd:- "$out"
echo "wrote $out"
