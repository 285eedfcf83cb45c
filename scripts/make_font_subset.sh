#!/usr/bin/env bash
# make_font_subset.sh — regenerate assets/fonts/NotoSansSC-subset.otf
#
# The egui app bundles a subset of Noto Sans CJK SC (Simplified Chinese) as a
# fallback font, so Chinese text renders without relying on system fonts.
# The full face is ~16 MB; this subset keeps only:
#   * all 7,445 GB2312 characters (6,763 hanzi + 682 symbols),
#   * printable ASCII U+0020–U+007E,
#   * a hand-picked list of units / math / arrows / shapes / circled numbers,
#   * CJK Symbols and Punctuation U+3000–U+303F,
#   * full-width ASCII forms U+FF01–U+FF5E,
#   * common name / domain characters outside GB2312 (镕 堃 喆 ...).
#
# Requirements (Debian/Ubuntu):
#   apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-noto-cjk
#   pip install fonttools          # provides pyftsubset and the fontTools module
#
# Usage (from anywhere):
#   scripts/make_font_subset.sh [OUTPUT]        # default: assets/fonts/NotoSansSC-subset.otf
# Environment overrides:
#   SOURCE_TTC=/path/to/NotoSansCJK-Regular.ttc  # source collection
#   KEEP_CHARLIST=path.txt                        # also save the character list there
#
# After adding characters below, run the script, then
# scripts/check_font_coverage.py to confirm that the app's text is covered.

set -euo pipefail

# Resolve the repository root (this script lives in <repo>/scripts/).
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="${1:-$repo_root/assets/fonts/NotoSansSC-subset.otf}"

# Pin the output's timestamps so that re-running gives an identical file.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-0}"

# Tools we need.
command -v python3 >/dev/null || { echo "error: python3 not found" >&2; exit 1; }
command -v pyftsubset >/dev/null || { echo "error: pyftsubset not found (pip install fonttools)" >&2; exit 1; }

# --- 1. Locate the source font collection -----------------------------------
# Debian's fonts-noto-cjk installs it here; fall back to fontconfig if not.
source_ttc="${SOURCE_TTC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"
if [[ ! -f "$source_ttc" ]]; then
    if command -v fc-list >/dev/null; then
        # fc-list prints "path: family:style=..."; take the Regular SC face's file.
        source_ttc="$(fc-list | grep -i 'Sans CJK SC' | grep -i 'style=Regular' \
                      | grep -vi mono | head -n1 | cut -d: -f1 || true)"
    fi
fi
if [[ -z "$source_ttc" || ! -f "$source_ttc" ]]; then
    echo "error: NotoSansCJK-Regular.ttc not found; install fonts-noto-cjk or set SOURCE_TTC" >&2
    exit 1
fi

# --- 2. Find the "Noto Sans CJK SC" face inside the collection --------------
# In Debian's NotoSansCJK-Regular.ttc it is face 2 (JP=0, KR=1, SC=2, TC=3, HK=4, Mono…),
# but look it up by name (name ID 4, full name) rather than trusting the index.
font_number="$(python3 - "$source_ttc" <<'PY'
import sys
from fontTools.ttLib import TTCollection
coll = TTCollection(sys.argv[1], lazy=True)
for i, face in enumerate(coll.fonts):
    if face["name"].getDebugName(4) == "Noto Sans CJK SC":
        print(i)
        break
else:
    sys.exit("error: no 'Noto Sans CJK SC' face in " + sys.argv[1])
PY
)"
echo "source: $source_ttc (face $font_number = Noto Sans CJK SC)"

# --- 3. Build the character list --------------------------------------------
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
charlist="$workdir/chars.txt"

python3 - "$charlist" <<'PY'
import sys

chars = set()

# All GB2312 characters: decode every two-byte code in rows 0xA1–0xF7,
# cells 0xA1–0xFE; unassigned codes raise and are skipped. Gives 7,445.
gb = set()
for a in range(0xA1, 0xF8):
    for b in range(0xA1, 0xFF):
        try:
            gb.add(bytes([a, b]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
assert len(gb) == 7445, f"expected 7445 GB2312 characters, got {len(gb)}"
chars |= gb

# Printable ASCII.
chars |= {chr(c) for c in range(0x20, 0x7F)}

# Units, math, punctuation, arrows, check marks, shapes, circled numbers.
extra = ("㎡ ℃ × ± ÷ ≤ ≥ ≠ ≈ ° ² ³ · — – … ‰ ← → ↑ ↓ ↔ ✓ ✗ ▲ ▼ ● ○ ■ □ ◆ ★ ☆ ※ "
         "① ② ③ ④ ⑤ ⑥ ⑦ ⑧ ⑨ ⑩ ‐")
chars |= set(extra.split())

# CJK Symbols and Punctuation, and full-width ASCII forms.
chars |= {chr(c) for c in range(0x3000, 0x3040)}
chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}

# Characters common in personal names and domain text that GB2312 lacks
# (a few are in GB2312 already; the set removes duplicates).
names = "镕 堃 喆 昇 玥 珺 昱 旻 琛 犇 垚 淼 鑫 焱 燚 赟 祎 玮 琪 瑶 璐 颖 彧 翀 翊 珏 玙 喆"
chars |= set(names.split())

# One file, sorted by code point, no newlines needed (pyftsubset reads every char).
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("".join(sorted(chars)))
print(f"character list: {len(chars)} code points")
PY

if [[ -n "${KEEP_CHARLIST:-}" ]]; then
    cp "$charlist" "$KEEP_CHARLIST"
fi

# --- 4. Subset -----------------------------------------------------------------
#   --layout-features=''  drop all OpenType GSUB/GPOS features (egui does no shaping)
#   --no-hinting          drop hints (egui rasterises without them)
#   --desubroutinize      flatten CFF subroutines (smaller after compression)
mkdir -p "$(dirname "$output")"
pyftsubset "$source_ttc" \
    --font-number="$font_number" \
    --text-file="$charlist" \
    --layout-features='' \
    --no-hinting \
    --desubroutinize \
    --output-file="$output"

# --- 5. Verify and summarise -------------------------------------------------
python3 - "$output" "$charlist" <<'PY'
import os, sys
from fontTools.ttLib import TTFont
path, charlist = sys.argv[1], sys.argv[2]
font = TTFont(path)
cmap = font.getBestCmap()
wanted = open(charlist, encoding="utf-8").read()
missing = [c for c in wanted if ord(c) not in cmap]
print(f"output: {path}")
print(f"  family: {font['name'].getDebugName(4)}")
print(f"  size: {os.path.getsize(path)} bytes")
print(f"  glyphs: {font['maxp'].numGlyphs}, cmap entries: {len(cmap)}")
if missing:
    # Code points the source face itself lacks, e.g. U+2717 (✗) in Noto Sans CJK
    # 2.004; these are reported, not fatal. Use ╳ (U+2573) or × (U+00D7) instead.
    print("  requested but not in the source face: "
          + " ".join(f"U+{ord(c):04X}" for c in missing))
# Every GB2312 character must be present.
gb_missing = []
for a in range(0xA1, 0xF8):
    for b in range(0xA1, 0xFF):
        try:
            ch = bytes([a, b]).decode("gb2312")
        except UnicodeDecodeError:
            continue
        if ord(ch) not in cmap:
            gb_missing.append(ch)
if gb_missing:
    sys.exit(f"error: {len(gb_missing)} GB2312 characters missing from subset")
PY
