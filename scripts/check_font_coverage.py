#!/usr/bin/env python3
"""Report non-ASCII characters in text files that a font cannot display.

Usage:
    scripts/check_font_coverage.py FONT PATH [PATH ...]

FONT is an OpenType/TrueType font (e.g. assets/fonts/NotoSansSC-subset.otf;
for a .ttc collection pass --font-number N). Each PATH is a UTF-8 text file
(YAML, CSV, GeoJSON, TOML, ...) or a directory, which is searched recursively
(hidden files and directories are skipped).

Every non-ASCII character that occurs in the files but has no entry in the
font's cmap is printed once, sorted by code point, with its Unicode name, how
often it occurs and where it first occurs.

Exit status:
    0  every non-ASCII character is covered
    1  at least one character is missing from the font
    2  usage error, or some file could not be read / was not UTF-8
       (and nothing was missing)

Needs fontTools (pip install fonttools).
"""

import argparse
import os
import sys
import unicodedata

from fontTools.ttLib import TTFont


def iter_files(paths):
    """Yield files named on the command line, expanding directories."""
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        else:
            yield path


def describe(ch):
    name = unicodedata.name(ch, None)
    if name is None:
        name = f"<unnamed, category {unicodedata.category(ch)}>"
    # Show invisible characters (controls, format chars, spaces) by code only.
    shown = ch if unicodedata.category(ch)[0] not in "CZ" else " "
    return shown, name


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Print non-ASCII characters in text files that are missing from a font's cmap.")
    parser.add_argument("font", help="font file (.otf/.ttf/.ttc)")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="text files or directories")
    parser.add_argument("--font-number", type=int, default=0,
                        help="face index inside a .ttc collection (default 0)")
    args = parser.parse_args(argv)

    try:
        font = TTFont(args.font, fontNumber=args.font_number, lazy=True)
        cmap = font.getBestCmap()
    except Exception as exc:  # noqa: BLE001 - report any font-loading failure
        print(f"error: cannot read font {args.font}: {exc}", file=sys.stderr)
        return 2
    if not cmap:
        print(f"error: font {args.font} has no Unicode cmap", file=sys.stderr)
        return 2

    # ch -> [count, "file:line:col" of first occurrence]
    missing = {}
    files_checked = 0
    unreadable = []
    non_ascii_total = set()

    for path in iter_files(args.paths):
        try:
            with open(path, encoding="utf-8-sig") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as exc:
            unreadable.append((path, exc))
            continue
        files_checked += 1
        for lineno, line in enumerate(text.splitlines(), 1):
            for col, ch in enumerate(line, 1):
                if ord(ch) < 0x80:
                    continue
                non_ascii_total.add(ch)
                if ord(ch) in cmap:
                    continue
                entry = missing.setdefault(ch, [0, f"{path}:{lineno}:{col}"])
                entry[0] += 1

    for path, exc in unreadable:
        print(f"warning: skipped {path}: {exc}", file=sys.stderr)

    for ch in sorted(missing, key=ord):
        count, first = missing[ch]
        shown, name = describe(ch)
        print(f"U+{ord(ch):04X} {shown} {name}  x{count}  first at {first}")

    print(f"{files_checked} file(s) checked, {len(non_ascii_total)} distinct non-ASCII "
          f"character(s), {len(missing)} missing from {os.path.basename(args.font)}"
          + (f", {len(unreadable)} file(s) skipped" if unreadable else ""))

    if missing:
        return 1
    if unreadable:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
