#!/usr/bin/env python3
"""Writes DXF drawings of some sample floors, the way CAD exports look, from the floors'
GeoJSON (so areas agree to the last digit), plus drawings.csv and the README's DXF section.

    python3 sample_plans/tools/make_dxf.py      (make_sample.py also runs it at its end)

Python 3.11, standard library only, deterministic. Coordinates are written in millimetres
(integers: the GeoJSON has 0.01 m), outer rings counter-clockwise and holes clockwise in
the GeoJSON's vertex order. Planted problems (listed in README.md) are checked here.
"""

import csv
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent


def load_floor(building: str, floor: str) -> list[dict]:
    path = OUT / "plans" / building / f"{floor}.geojson"
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def mm(v: float) -> int:
    return int(round(v * 1000))


def open_ring(ring):
    return ring[:-1] if ring[0] == ring[-1] else ring


def inside_ring(p, ring) -> bool:
    x, y = p
    hit = False
    pts = open_ring(ring)
    for i in range(len(pts)):
        (x1, y1), (x2, y2) = pts[i], pts[(i + 1) % len(pts)]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def inside(p, rings) -> bool:
    return inside_ring(p, rings[0]) and not any(inside_ring(p, h) for h in rings[1:])


def edge_distance(p, rings) -> float:
    best = float("inf")
    for ring in rings:
        pts = open_ring(ring)
        for i in range(len(pts)):
            (x1, y1), (x2, y2) = pts[i], pts[(i + 1) % len(pts)]
            dx, dy = x2 - x1, y2 - y1
            t = max(0.0, min(1.0, ((p[0] - x1) * dx + (p[1] - y1) * dy) / (dx * dx + dy * dy)))
            best = min(best, ((p[0] - x1 - t * dx) ** 2 + (p[1] - y1 - t * dy) ** 2) ** 0.5)
    return best


def label_point(rings):
    """The grid point inside the room (not in a hole) furthest from its edges."""
    xs = [c[0] for c in rings[0]]
    ys = [c[1] for c in rings[0]]
    best, at = -1.0, None
    for i in range(1, 40):
        for j in range(1, 40):
            p = (min(xs) + (max(xs) - min(xs)) * i / 40, min(ys) + (max(ys) - min(ys)) * j / 40)
            if inside(p, rings):
                d = edge_distance(p, rings)
                if d > best:
                    best, at = d, p
    assert at is not None
    return (round(at[0], 2), round(at[1], 2))


def gap_points(features, count):
    """Points in the corridor (inside the floor's extent, at least 0.5 m from every room)."""
    xs = [c[0] for f in features for c in f["geometry"]["coordinates"][0]]
    ys = [c[1] for f in features for c in f["geometry"]["coordinates"][0]]
    found = []
    for i in range(1, 200):
        for j in range(1, 60):
            p = (round(min(xs) + (max(xs) - min(xs)) * i / 200, 2),
                 round(min(ys) + (max(ys) - min(ys)) * j / 60, 2))
            rings_all = [f["geometry"]["coordinates"] for f in features]
            if any(inside_ring(p, r[0]) for r in rings_all):
                continue
            if min(edge_distance(p, [r[0]]) for r in rings_all) < 0.5:
                continue
            if all(abs(p[0] - q[0]) > 8 for q in found):
                found.append(p)
            if len(found) == count:
                return found
    raise AssertionError("no corridor points found")


class Dxf:
    """Group-code/value lines with incrementing handles."""

    def __init__(self):
        self.lines = []
        self.handle = 0x1F0

    def p(self, code, value):
        self.lines.append(f"{code:>3}")
        self.lines.append(str(value))

    def h(self):
        self.handle += 1
        self.p(5, f"{self.handle:X}")

    def header(self, version, code_page):
        for c, v in ((0, "SECTION"), (2, "HEADER"), (9, "$ACADVER"), (1, version),
                     (9, "$DWGCODEPAGE"), (3, code_page), (9, "$INSUNITS"), (70, 4),
                     (0, "ENDSEC")):
            self.p(c, v)

    def tables(self, layers):
        for c, v in ((0, "SECTION"), (2, "TABLES"), (0, "TABLE"), (2, "LAYER"), (70, len(layers))):
            self.p(c, v)
        for name, colour in layers:
            self.p(0, "LAYER")
            self.h()
            for c, v in ((2, name), (70, 0), (62, colour), (6, "CONTINUOUS")):
                self.p(c, v)
        for c, v in ((0, "ENDTAB"), (0, "ENDSEC")):
            self.p(c, v)

    def stamp_block(self, name, layer):
        self.p(0, "SECTION")
        self.p(2, "BLOCKS")
        self.p(0, "BLOCK")
        self.h()
        for c, v in ((8, "0"), (2, name), (70, 2), (10, 0), (20, 0), (30, 0), (3, name)):
            self.p(c, v)
        for tag, dy in (("编号", 0), ("名称", -450)):
            self.p(0, "ATTDEF")
            self.h()
            for c, v in ((8, layer), (10, 0), (20, dy), (30, 0), (40, 350), (1, ""), (3, tag),
                         (2, tag), (70, 0)):
                self.p(c, v)
        self.p(0, "ENDBLK")
        self.h()
        self.p(8, "0")
        self.p(0, "ENDSEC")

    def lwpolyline(self, layer, ring, closed=True, extra=None):
        pts = open_ring(ring) + ([extra] if extra else [])
        self.p(0, "LWPOLYLINE")
        self.h()
        for c, v in ((8, layer), (90, len(pts)), (70, 1 if closed else 0)):
            self.p(c, v)
        for x, y in pts:
            self.p(10, mm(x))
            self.p(20, mm(y))

    def polyline(self, layer, ring):
        self.p(0, "POLYLINE")
        self.h()
        for c, v in ((8, layer), (66, 1), (10, 0), (20, 0), (30, 0), (70, 1)):
            self.p(c, v)
        for x, y in open_ring(ring):
            self.p(0, "VERTEX")
            self.h()
            for c, v in ((8, layer), (10, mm(x)), (20, mm(y)), (30, 0)):
                self.p(c, v)
        self.p(0, "SEQEND")
        self.h()
        self.p(8, layer)

    def stamp(self, layer, block, at, number, name):
        self.p(0, "INSERT")
        self.h()
        for c, v in ((8, layer), (66, 1), (2, block), (10, mm(at[0])), (20, mm(at[1])), (30, 0)):
            self.p(c, v)
        for tag, value, dy in (("编号", number, 0.0), ("名称", name, -0.45)):
            self.p(0, "ATTRIB")
            self.h()
            for c, v in ((8, layer), (10, mm(at[0] - 0.6)), (20, mm(at[1] + dy)), (30, 0),
                         (40, 350), (1, value), (2, tag), (70, 0)):
                self.p(c, v)
        self.p(0, "SEQEND")
        self.h()
        self.p(8, layer)

    def text(self, layer, at, value, height=350):
        self.p(0, "TEXT")
        self.h()
        for c, v in ((8, layer), (10, mm(at[0])), (20, mm(at[1])), (30, 0), (40, height),
                     (1, value), (72, 1), (11, mm(at[0])), (21, mm(at[1])), (31, 0)):
            self.p(c, v)

    def mtext(self, layer, at, value):
        self.p(0, "MTEXT")
        self.h()
        for c, v in ((8, layer), (10, mm(at[0])), (20, mm(at[1])), (30, 0), (40, 350),
                     (71, 5), (1, value)):
            self.p(c, v)

    def line(self, layer, a, b):
        self.p(0, "LINE")
        self.h()
        for c, v in ((8, layer), (10, mm(a[0])), (20, mm(a[1])), (30, 0), (11, mm(b[0])),
                     (21, mm(b[1])), (31, 0)):
            self.p(c, v)

    def text_out(self) -> str:
        return "\r\n".join(self.lines + ["  0", "EOF"]) + "\r\n"


def frame(d: Dxf, features, layer="墙体"):
    """The floor's outer wall line (noise on another layer, as real drawings have)."""
    xs = [c[0] for f in features for c in f["geometry"]["coordinates"][0]]
    ys = [c[1] for f in features for c in f["geometry"]["coordinates"][0]]
    x0, y0, x1, y1 = min(xs) - 0.3, min(ys) - 0.3, max(xs) + 0.3, max(ys) + 0.3
    for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
        d.line(layer, a, b)
    return (x0, y0, x1, y1)


def main_office_6f():
    """综合办公楼/6F: AutoCAD 2013, UTF-8, LWPOLYLINE, columns on 柱, room stamps."""
    building, floor = "综合办公楼", "6F"
    features = load_floor(building, floor)
    d = Dxf()
    d.header("AC1027", "ANSI_936")
    d.tables([("0", 7), ("房间轮廓", 4), ("柱", 8), ("房间编号", 3), ("墙体", 7), ("文字", 2)])
    d.stamp_block("房间标注", "房间编号")
    d.p(0, "SECTION")
    d.p(2, "ENTITIES")
    x0, y0, x1, y1 = frame(d, features)
    d.text("文字", ((x0 + x1) / 2, y0 - 1.5), "综合办公楼六层平面图", 600)
    near_closed = features[0]["properties"]["number"]
    duplicate = "605"
    plants = {}
    for f in features:
        rings = f["geometry"]["coordinates"]
        number, name = f["properties"]["number"], f["properties"]["name"]
        if number == near_closed:
            # Drawn back to 2 mm short of the start and not closed (no "C" typed).
            first = rings[0][0]
            d.lwpolyline("房间轮廓", rings[0], closed=False, extra=(first[0], round(first[1] + 0.002, 3)))
        else:
            d.lwpolyline("房间轮廓", rings[0])
        for hole in rings[1:]:
            d.lwpolyline("柱", hole)
        at = label_point(rings)
        d.stamp("房间编号", "房间标注", at, number, name)
        if number == duplicate:
            # The stamp copied twice (a copy-paste leftover), 0.6 m lower, still in the room.
            again = (at[0], round(at[1] - 0.6, 2))
            assert inside(again, rings)
            d.stamp("房间编号", "房间标注", again, number, name)
    orphans = [("LT-1", "楼梯间"), ("DT-1", "电梯厅")]
    for (number, name), at in zip(orphans, gap_points(features, len(orphans))):
        d.stamp("房间编号", "房间标注", at, number, name)
    d.p(0, "ENDSEC")
    holes = sum(len(f["geometry"]["coordinates"]) - 1 for f in features)
    plants.update(rooms=len(features), holes=holes, labels=len(features) + 1 + len(orphans),
                  near_closed=near_closed, duplicate=duplicate,
                  orphans=[f"{n} {m}" for n, m in orphans])
    return building, floor, d.text_out().encode("utf-8"), plants, {
        "room_layer": "房间轮廓", "hole_layer": "柱", "label_layer": "",
        "label_block": "房间标注", "label_attr": "编号", "name_attr": "名称"}


def canteen_1f():
    """机关食堂/1F: AutoCAD 2010, UTF-8, MTEXT labels with formatting codes, columns on 柱."""
    building, floor = "机关食堂", "1F"
    features = load_floor(building, floor)
    d = Dxf()
    d.header("AC1024", "ANSI_936")
    d.tables([("0", 7), ("房间轮廓", 4), ("柱", 8), ("房间名称", 3), ("墙体", 7)])
    d.p(0, "SECTION")
    d.p(2, "ENTITIES")
    frame(d, features)
    for f in features:
        rings = f["geometry"]["coordinates"]
        number, name = f["properties"]["number"], f["properties"]["name"]
        d.lwpolyline("房间轮廓", rings[0])
        for hole in rings[1:]:
            d.lwpolyline("柱", hole)
        d.mtext("房间名称", label_point(rings), "{\\fSimHei|b1|i0|c134|p2;\\H1.2x;" + number + "}\\P" + name)
    d.p(0, "ENDSEC")
    holes = sum(len(f["geometry"]["coordinates"]) - 1 for f in features)
    return building, floor, d.text_out().encode("utf-8"), {
        "rooms": len(features), "holes": holes, "labels": len(features)}, {
        "room_layer": "房间轮廓", "hole_layer": "柱", "label_layer": "房间名称",
        "label_block": "", "label_attr": "", "name_attr": ""}


def old_office_1f():
    """城东老办公楼/1F: AutoCAD 2000 (AC1015), GBK ($DWGCODEPAGE ANSI_936), POLYLINE, TEXT."""
    building, floor = "城东老办公楼", "1F"
    features = load_floor(building, floor)
    d = Dxf()
    d.header("AC1015", "ANSI_936")
    d.tables([("0", 7), ("房间轮廓", 4), ("房间编号", 3), ("墙体", 7)])
    d.p(0, "SECTION")
    d.p(2, "ENTITIES")
    frame(d, features)
    for f in features:
        rings = f["geometry"]["coordinates"]
        assert len(rings) == 1
        d.polyline("房间轮廓", rings[0])
        d.text("房间编号", label_point(rings), f'{f["properties"]["number"]} {f["properties"]["name"]}')
    (orphan_at,) = gap_points(features, 1)
    d.text("房间编号", orphan_at, "门厅")
    d.p(0, "ENDSEC")
    return building, floor, d.text_out().encode("gbk"), {
        "rooms": len(features), "holes": 0, "labels": len(features) + 1, "orphans": ["门厅"],
        "names": {f["properties"]["number"]: f["properties"]["name"] for f in features}}, {
        "room_layer": "房间轮廓", "hole_layer": "", "label_layer": "房间编号",
        "label_block": "", "label_attr": "", "name_attr": ""}


def area(rings) -> float:
    def signed(r):
        return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(r, r[1:])) / 2
    return abs(signed(rings[0])) - sum(abs(signed(h)) for h in rings[1:])


def main() -> str:
    rows, sections = [], []
    for make in (main_office_6f, canteen_1f, old_office_1f):
        building, floor, data, facts, options = make()
        rel = f"drawings/{building}/{floor}.dxf"
        (OUT / rel).parent.mkdir(parents=True, exist_ok=True)
        (OUT / rel).write_bytes(data)
        rows.append({"building": building, "floor": floor, "drawing": rel, **options})
        total = sum(area(f["geometry"]["coordinates"]) for f in load_floor(building, floor))
        facts["area"] = round(total, 2)
        sections.append((building, floor, rel, facts, options))
    with open(OUT / "drawings.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    md = readme_section(sections)
    readme = OUT / "README.md"
    text = readme.read_text(encoding="utf-8")
    marker = "## DXF drawings"
    if marker in text:
        text = text[: text.index(marker)]
    readme.write_text(text.rstrip("\n") + "\n\n" + md, encoding="utf-8")
    return md


def readme_section(sections) -> str:
    (a, fa), (b, fb), (c, fc) = [((s[0], s[1]), s[3]) for s in sections]
    lines = [
        "## DXF drawings",
        "",
        "`drawings/<building>/<floor>.dxf` are three floors drawn the way CAD exports look, written by",
        "`tools/make_dxf.py` from the floors' GeoJSON (coordinates in mm, integers, the same vertices in",
        "the same order, so every area agrees with the GeoJSON to the last digit). `drawings.csv` names",
        "each drawing's layers: `building,floor,drawing,room_layer,hole_layer,label_layer,label_block,label_attr,name_attr`.",
        "The sample builder reads these floors' room outlines from the drawings with the DXF importer and",
        "takes the attributes from the GeoJSON; it stops if the two disagree on any room.",
        "",
        "| drawing | format | outlines | labels | rooms | holes | area m² |",
        "|---|---|---|---|---:|---:|---:|",
        f"| {a[0]}/{a[1]} | AC1027 (AutoCAD 2013), UTF-8, `$INSUNITS` 4 (mm) | LWPOLYLINE on `房间轮廓`, columns on `柱` | block `房间标注`, attributes `编号`/`名称` on `房间编号` | {fa['rooms']} | {fa['holes']} | {fa['area']:.2f} |",
        f"| {b[0]}/{b[1]} | AC1024 (AutoCAD 2010), UTF-8, mm | LWPOLYLINE on `房间轮廓`, columns on `柱` | MTEXT on `房间名称` with formatting codes (`{{\\fSimHei…;\\H1.2x;101}}\\P餐厅`) | {fb['rooms']} | {fb['holes']} | {fb['area']:.2f} |",
        f"| {c[0]}/{c[1]} | AC1015 (AutoCAD 2000), **GBK**, `$DWGCODEPAGE` ANSI_936, mm | POLYLINE + VERTEX on `房间轮廓` | TEXT `104 信访接待室` on `房间编号` | {fc['rooms']} | {fc['holes']} | {fc['area']:.2f} |",
        "",
        "Each drawing also has the outer wall on `墙体` (LINE) and, in the first, a title TEXT on `文字`.",
        "",
        "### Planted in the drawings",
        "",
        f"1. **Near-closed outline** — {a[0]}/{a[1]} room {fa['near_closed']}: an LWPOLYLINE without the closed flag whose last vertex stops 2 mm from its first; closed within the 5 cm tolerance (`closed_within_tolerance`), the 2 mm end vertex dropped, so the area is the GeoJSON's.",
        f"2. **Duplicate label** — {a[0]}/{a[1]} room {fa['duplicate']}: its stamp is there twice (0.6 m apart, both inside the room): `duplicate_labels` = [{fa['duplicate']}]; the room is numbered once.",
        f"3. **Orphan labels** — {a[0]}/{a[1]}: stamps `{fa['orphans'][0]}` and `{fa['orphans'][1]}` stand in the corridor, inside no room; {c[0]}/{c[1]}: the TEXT `{fc['orphans'][0]}` likewise.",
        f"4. **Column holes** — {a[0]}/{a[1]}: {fa['holes']} columns (0.5 × 0.5 m) on layer `柱`; {b[0]}/{b[1]}: {fb['holes']}. They are subtracted from the room they stand in.",
        f"5. **GBK text** — {c[0]}/{c[1]} is an AutoCAD 2000 file whose strings are GBK bytes (the `dxf` crate alone would read them as Windows-1252): room 104 is `{fc['names']['104']}`.",
        "",
        f"So: {a[0]}/{a[1]} — {fa['rooms']} rooms, {fa['labels']} labels, {fa['labels'] - 2} in rooms, 2 orphans, 1 duplicate, 0 unlabelled, 1 closed within tolerance; "
        f"{b[0]}/{b[1]} — {fb['rooms']} rooms, {fb['labels']} labels all matched; "
        f"{c[0]}/{c[1]} — {fc['rooms']} rooms, {fc['labels']} labels, 1 orphan.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
