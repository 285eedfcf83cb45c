#!/usr/bin/env python3
"""Deterministic generator for the officeplan sample county 湖北省示范县 (fictional).

Writes region.toml, sites.csv, buildings.csv, buildings.geojson, floors.csv,
plans/<building>/<floor>.geojson, units.csv, posts.csv, persons.csv and README.md
(static prose from tools/README.head.md + computed counts and findings) into sample_plans/.  It then checks the 2014 office-space rules itself and stops
with an error unless it finds exactly the planted problems.
Python 3.11, standard library only.  Run:  python3 sample_plans/tools/make_sample.py
"""
from __future__ import annotations

import calendar
import csv
import json
import math
import random
import shutil
from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

OUT = Path(__file__).resolve().parents[1]          # sample_plans/
RNG = random.Random(2014)
AS_OF = date(2026, 9, 30)
OW, WALL = 0.3, 0.2                                 # outer wall / partition thickness, m

ROW = {"县": {"县处级正职": 30, "县处级副职": 24, "乡科级正职": 18, "乡科级副职": 12, "科员级": 9, "办事员级": 9},
       "乡": {"乡科级正职": 24, "乡科级副职": 18, "科员级": 9, "办事员级": 9}}
ROW_LABEL = {"县": {"县处级正职": "县级正职", "县处级副职": "县级副职", "乡科级正职": "正科级",
                   "乡科级副职": "副科级", "科员级": "科级以下", "办事员级": "科级以下"},
             "乡": {"乡科级正职": "乡级正职", "乡科级副职": "乡级副职", "科员级": "乡级以下", "办事员级": "乡级以下"}}
GRADES = ["县处级正职", "县处级副职", "乡科级正职", "乡科级副职", "科员级", "办事员级"]
SUB_USES = {
    "办公室": ["领导办公室", "一般办公室", "休息室", "卫生间"],
    "服务用房": ["会议室", "接待室", "档案室", "图书资料室", "信息网络用房", "机要保密室", "文印室", "收发室",
             "医务室", "值班室", "储藏室", "物业及工勤用房", "开水间", "卫生间"],
    "设备用房": ["变配电室", "水泵房", "空调机房", "通信机房", "电梯机房", "弱电间"],
    "附属用房": ["食堂", "汽车库", "非机动车库", "警卫用房", "人防设施"],
    "技术业务用房": ["档案库房", "审讯室", "检验检测室", "调解室", "指挥中心"],
}
STATUSES = ["在用", "闲置", "出租", "出借", "维修", "待处置"]
SERVICE_PER_POST = 7           # m² 服务用房 per (approved post + 工勤编制), 县/乡 lower bound of 6–8
TOILET_MAX = 6.0
TOILET_TITLES = {"县委书记", "县长"}   # 党政正职 (2014 table note 4)

# ───────────────────────────── data model ─────────────────────────────
@dataclass(eq=False)
class Unit:
    name: str
    cat: str
    kind: str
    parent: str = ""
    service_posts: int = 0
    note: str = ""
    vacant: dict = field(default_factory=dict)
    posts: dict = field(default_factory=dict)

@dataclass(eq=False)
class Person:
    name: str
    grade: str
    title: str
    unit: Unit
    status: str = "在职"
    status_date: str = ""
    concurrent: list = field(default_factory=list)
    approval: str = ""
    offices: list = field(default_factory=list)

@dataclass(eq=False)
class Room:
    name: str
    category: str
    sub_use: str
    unit: Unit | None = None
    occ: list = field(default_factory=list)
    status: str = "在用"
    since: str = ""
    note: str = ""
    cols: int = 0
    building: str = ""
    floor: str = ""
    number: str = ""
    rings: list = field(default_factory=list)
    area: float = 0.0
    surveyed: float | None = None

    @property
    def key(self) -> str:
        return f"{self.building}/{self.floor}/{self.number}"

@dataclass(eq=False)
class Item:                 # one slot along a row of rooms
    kind: str               # room | gap | suite | L | hall
    w: float
    room: Room | None = None
    ow: float = 0.0         # suite: width of the office itself
    parts: list = field(default_factory=list)   # suite: [(Room, w, h)] stacked from the outer wall
    notch: tuple | None = None                   # L: (Room, w, h) cut out at the corridor-side east corner
    flex: bool = False      # widened to absorb the floor's spare length

Roster = namedtuple("Roster", "unit top heads deps staff")     # a unit's people by rank group


UNITS: dict[str, Unit] = {}
PERSONS: list[Person] = []
ROS: dict[str, Roster] = {}
PLANT: dict = {}
_used_names: set[str] = set()
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
            "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴向汤")
GIVEN = ("伟强磊军洋勇杰涛明超刚辉鹏华飞斌宇浩凯健俊帆旭宁龙林波海峰志文建国荣东新家振松亮清立德卫胜兴学正少平晨",
         "芳娜敏静丽艳娟霞玉红欣佳雪琳婷倩琴云燕梅晓春秀兰慧莉萍颖丹洁")       # male-ish, female-ish

def new_name() -> str:
    weights = [max(2, 70 - i) for i in range(len(SURNAMES))]
    while True:
        s = RNG.choices(SURNAMES, weights)[0]
        pool = GIVEN[RNG.random() < 0.4]
        g = RNG.choice(pool) if RNG.random() < 0.3 else RNG.choice(pool) + RNG.choice(pool)
        if len(g) == 2 and g[0] == g[1]:
            continue
        if s + g not in _used_names:
            _used_names.add(s + g)
            return s + g

def person(u: Unit, grade: str, title: str) -> Person:
    p = Person(new_name(), grade, title, u)
    PERSONS.append(p)
    return p

def rv(p: Person) -> float:
    return ROW[p.unit.cat][p.grade]

# ───────────────────────────── units & people ─────────────────────────────
V1 = {"科员级": 1}
P0, G0 = "中共示范县委员会", "示范县人民政府"
UNIT_DEFS = [  # name, cat, kind, parent, 工勤编制, vacant posts, head title, deputy title, heads, deputies, staff
    (P0, "县", "机关本级", "", 0, {"县处级副职": 1}, "", "", 0, 0, 0),
    (G0, "县", "机关本级", "", 0, {"县处级副职": 1}, "", "", 0, 0, 0),
    ("示范县人大常委会", "县", "机关本级", "", 1, V1, "办公室主任", "办公室副主任", 1, 1, 4),
    ("政协示范县委员会", "县", "机关本级", "", 1, {"县处级副职": 1, "科员级": 1}, "秘书长", "副秘书长", 1, 1, 4),
    ("县纪委监委", "县", "机关本级", "", 1, V1, "县纪委副书记、县监委副主任", "室主任", 2, 3, 10),
    ("县委办公室", "县", "机关本级", P0, 3, V1, "常务副主任", "副主任", 1, 3, 8),
    ("县委组织部", "县", "机关本级", P0, 1, V1, "常务副部长", "副部长", 1, 2, 7),
    ("县委宣传部", "县", "机关本级", P0, 1, {"科员级": 2}, "常务副部长", "副部长", 1, 2, 5),
    ("县委统战部", "县", "机关本级", P0, 0, V1, "常务副部长", "副部长", 1, 1, 3),
    ("县委政法委", "县", "机关本级", P0, 0, V1, "常务副书记", "副书记", 1, 1, 3),
    ("县政府办公室", "县", "机关本级", G0, 3, V1, "常务副主任", "副主任", 1, 3, 8),
    ("县发展和改革局", "县", "机关本级", G0, 1, V1, "局长", "副局长", 1, 2, 7),
    ("县财政局", "县", "机关本级", G0, 1, {"乡科级副职": 1, "科员级": 1}, "局长", "副局长", 1, 3, 10),
    ("县教育局", "县", "机关本级", G0, 1, V1, "局长", "副局长", 1, 2, 7),
    ("县公安局", "县", "机关本级", G0, 4, {"科员级": 2}, "局长", "副局长", 2, 3, 19),
    ("县民政局", "县", "机关本级", G0, 1, V1, "局长", "副局长", 1, 2, 5),
    ("县人社局", "县", "机关本级", G0, 1, V1, "局长", "副局长", 1, 2, 7),
    ("县自然资源和规划局", "县", "机关本级", G0, 1, V1, "局长", "副局长", 1, 3, 8),
    ("县住建局", "县", "机关本级", G0, 1, {}, "局长", "副局长", 1, 3, 8),
    ("县交通运输局", "县", "机关本级", G0, 1, V1, "局长", "副局长", 1, 2, 6),
    ("县农业农村局", "县", "机关本级", G0, 1, V1, "局长", "副局长", 1, 3, 8),
    ("县水利和湖泊局", "县", "机关本级", G0, 1, V1, "局长", "副局长", 1, 2, 6),
    ("县卫健局", "县", "机关本级", G0, 1, V1, "局长", "副局长", 1, 2, 7),
    ("县审计局", "县", "机关本级", G0, 0, V1, "局长", "副局长", 1, 2, 5),
    ("县市场监管局", "县", "机关本级", G0, 1, V1, "局长", "副局长", 1, 3, 8),
    ("县统计局", "县", "机关本级", G0, 0, V1, "局长", "副局长", 1, 2, 5),
    ("县机关事务服务中心", "县", "参公事业", "县政府办公室", 6, V1, "主任", "副主任", 1, 2, 7),
    ("县档案馆", "县", "参公事业", "县委办公室", 1, V1, "馆长", "副馆长", 1, 1, 5),
    ("县融媒体中心", "县", "直属", "县委宣传部", 2, V1, "主任", "副主任", 1, 2, 7),
    ("县信访局", "县", "机关本级", G0, 0, V1, "局长", "副局长", 1, 1, 4),
    ("青山镇党委", "乡", "机关本级", "", 0, {}, "党委书记", "党委副书记", 1, 3, 4),
    ("青山镇人民政府", "乡", "机关本级", "", 2, V1, "镇长", "副镇长", 1, 3, 10),
]
TOPS = {
    "中共示范县委员会": [("县处级正职", "县委书记"), ("县处级副职", "县委副书记"),
                  ("县处级副职", "县委常委、组织部部长"), ("县处级副职", "县委常委、宣传部部长"),
                  ("县处级副职", "县委常委、统战部部长"), ("县处级副职", "县委常委、政法委书记"),
                  ("县处级副职", "县委常委、县委办公室主任")],
    "示范县人民政府": [("县处级正职", "县长"), ("县处级副职", "县委常委、常务副县长")] + [("县处级副职", "副县长")] * 5,
    "示范县人大常委会": [("县处级正职", "县人大常委会主任")] + [("县处级副职", "县人大常委会副主任")] * 3,
    "政协示范县委员会": [("县处级正职", "县政协主席")] + [("县处级副职", "县政协副主席")] * 4,
    "县纪委监委": [("县处级副职", "县委常委、县纪委书记、县监委主任")],
}
UNIT_NOTES = {
    "县委宣传部": "部长由县委常委兼任", "县公安局": "含技术业务用房（审讯室、110指挥中心）",
    "县机关事务服务中心": "统一管理公共用房（会议室、食堂、车库等，unit 为空）", "县档案馆": "参照公务员法管理，含档案库房",
    "县统计局": "租用城东老办公楼", "县信访局": "租用城东老办公楼", "县住建局": "", "青山镇人民政府": "含便民服务大厅",
}

def make_people() -> None:
    for name, cat, kind, parent, sp, vac, ht, dt_, nh, nd, ns in UNIT_DEFS:
        u = UNITS[name] = Unit(name, cat, kind, parent, sp, UNIT_NOTES.get(name, ""), vacant=dict(vac))
        top = [person(u, g, t) for g, t in TOPS.get(u.name, [])]
        heads = [person(u, "乡科级正职", ht) for _ in range(nh)]
        if u.name == "县公安局":
            heads[1].title = "政委"
        deps = [person(u, "乡科级副职", dt_) for _ in range(nd)]
        staff = []
        for _ in range(ns):
            g = "办事员级" if RNG.random() < 0.25 else "科员级"
            staff.append(person(u, g, "科员" if g == "科员级" else "办事员"))
        ROS[u.name] = Roster(u, top, heads, deps, staff)
    xw = ROS["中共示范县委员会"].top
    for p, c in zip(xw[2:], ["县委组织部", "县委宣传部", "县委统战部", "县委政法委", "县委办公室"]):
        p.concurrent = [c]
    PLANT["p5"] = xw[3]                                   # 县委常委、宣传部部长: second office, no approval
    PLANT["county_head"] = ROS["示范县人民政府"].top[0]
    PLANT["toilet_vice"] = ROS["示范县人民政府"].top[4]
    PLANT["big_head"] = ROS["县农业农村局"].heads[0]
    ret = PLANT["retired"] = ROS["政协示范县委员会"].top[4]
    ret.status, ret.status_date = "退休", "2026-03-31"
    moved = PLANT["moved"] = ROS["县财政局"].deps[2]
    moved.status, moved.status_date = "调离", "2026-09-20"
    for u in UNITS.values():            # approved posts = serving staff per grade + vacancies
        for p in PERSONS:
            if p.unit is u and p.status == "在职":
                u.posts[p.grade] = u.posts.get(p.grade, 0) + 1
        for g, n in u.vacant.items():
            u.posts[g] = u.posts.get(g, 0) + n

# ───────────────────────────── room constructors ─────────────────────────────
# Each returns an Item (a slot along a row); w is the clear width in metres.
def R(w, name, cat, sub, unit=None, occ=(), **kw): return Item("room", w, Room(name, cat, sub, unit, list(occ), **kw))
def office(w, name, unit, occ, sub="一般办公室", **kw): return R(w, name, "办公室", sub, unit, occ, **kw)
def svc(w, name, sub, unit=None, **kw): return R(w, name, "服务用房", sub, unit, **kw)
def equip(w, name, sub, **kw): return R(w, name, "设备用房", sub, **kw)
def anc(w, name, sub, **kw): return R(w, name, "附属用房", sub, **kw)
def tech(w, name, sub, unit, **kw): return R(w, name, "技术业务用房", sub, unit, **kw)
def gap(w): return Item("gap", w)                      # stair, lift core, entrance hall: not a room
def short(p: Person) -> str: return p.title.split("、")[-1]
def lead(p, name=None): return Room(name or f"{short(p)}办公室", "办公室", "领导办公室", p.unit, [p])
def lead_item(w, p): return Item("room", w, lead(p))
def rest(p): return Room("休息室", "办公室", "休息室", p.unit, [p])
def wc(p): return Room("卫生间", "办公室", "卫生间", p.unit, [p])

def idle(w, name, since, note, cat="办公室", sub="一般办公室") -> Item:
    return R(w, name, cat, sub, status="闲置", since=since, note=note)

def lshape(it: Item, nw, nh, name, cat, sub, unit=None) -> Item:
    """Cut an nw × nh corner room out of `it` at its corridor-side east end (L-shaped outline)."""
    it.kind, it.notch = "L", (Room(name, cat, sub, unit), nw, nh)
    return it

def hall(it: Item, cols=True, flex=False) -> Item:
    """A full-depth room across the corridor, at the east end; free-standing columns on the corridor lines."""
    it.kind, it.room.cols, it.flex = "hall", (1 if cols else 0), flex
    return it

def flex(it: Item) -> Item:
    it.flex = True
    return it

def suite(ow, cw, office_room, parts) -> Item:
    """Leader's office (ow wide) plus a cw-wide column of 休息室/卫生间 stacked from the outer wall."""
    return Item("suite", round(ow + WALL + cw, 2), office_room, ow=ow, parts=parts)

# ───────────────────────────── buildings & floors ─────────────────────────────
class Building:
    def __init__(self, site, name, year, structure, title, cert, rented, dS, dN, corr, anchor, rot):
        self.site, self.name, self.year, self.structure = site, name, year, structure
        self.title, self.cert, self.rented = title, cert, rented
        self.dS, self.dN, self.corr, self.anchor, self.rot = dS, dN, corr, anchor, rot
        self.W = round(OW + dS + WALL + corr + WALL + dN + OW, 2)
        self.L = 0.0
        self.floors: list[Floor] = []

    def floor(self, name, level, elev, height) -> "Floor":
        fl = Floor(self, name, level, elev, height)
        self.floors.append(fl)
        return fl

    def ybounds(self, side):
        if side == "S":
            return OW, OW + self.dS
        y0 = OW + self.dS + WALL + self.corr + WALL
        return y0, y0 + self.dN

class Floor:
    def __init__(self, b, name, level, elev, height):
        self.b, self.name, self.level, self.elev, self.height = b, name, level, elev, height
        self.rows = {"S": [], "N": []}
        self.halls: list[Item] = []
        self.rooms: list[Room] = []

    def depth(self, side):
        return self.b.dS if side == "S" else self.b.dN

    def items(self, side):                 # the south row always ends with the east stair
        return self.rows[side] + ([gap(3.6)] if side == "S" else [])

    def rowlen(self, side):
        it = self.items(side)
        return sum(i.w for i in it) + WALL * max(len(it) - 1, 0)

    def add(self, side, *items):
        self.rows[side].extend(items)

    def shorter(self):
        return "S" if self.rowlen("S") <= self.rowlen("N") else "N"

    def need(self):
        return OW + max(self.rowlen("S"), self.rowlen("N")) + sum(h.w + WALL for h in self.halls) + OW

def std_core(fl: Floor, entrance=False):
    fl.add("S", gap(7.2 if entrance else 3.6))                       # 门厅 / west stair
    fl.add("N", svc(3.2, "男卫生间", "卫生间"), svc(3.2, "女卫生间", "卫生间"),
           svc(1.8, "开水间", "开水间"), equip(1.6, "弱电间", "弱电间"), gap(2.8))   # … lift core

def pick(depth, limit, lo=2.4, hi=3.9) -> float:
    w = hi
    while w >= lo - 1e-9:
        if round(w * depth, 4) <= limit - 0.05:        # keep clear of the limit (float noise)
            return round(w, 1)
        w = round(w - 0.1, 1)
    raise AssertionError(f"no width for {limit} m² at depth {depth}")

def groups(n: int) -> list[int]:
    assert n != 1, "a lone staff member would need a room under 9 m²"
    out = []
    while n > 5:
        out.append(3)
        n -= 3
    return out + {0: [], 2: [2], 3: [3], 4: [2, 2], 5: [3, 2]}[n]

SECTIONS = ["综合股", "业务股", "规划股", "法规股", "财务股", "信息股", "人事股", "监督股", "项目股", "政策股",
            "计划股", "审批股", "督查股", "宣传股"]

def dept(fl: Floor, u_name, heads=None, deps=None, staff=None, svc_rooms=(), big_open=False,
         head_w=None, single=False):
    """Append a unit's offices: heads alone, deputies in pairs, staff 2–5 per room."""
    ro = ROS[u_name]
    u = ro.unit
    heads = ro.heads if heads is None else heads
    deps = ro.deps if deps is None else deps
    staff = ro.staff if staff is None else staff
    for h in heads:
        side = fl.shorter()
        w = head_w or pick(fl.depth(side), rv(h), hi=4.4)
        fl.add(side, office(w, f"{short(h)}办公室", u, [h], "领导办公室"))
    deps = list(deps)
    while deps:
        if len(deps) >= 2 and not single:
            pair, deps = deps[:2], deps[2:]
            side = fl.shorter()
            fl.add(side, office(pick(fl.depth(side), 2 * min(map(rv, pair))), f"{short(pair[0])}办公室",
                                u, pair, "领导办公室"))
        else:
            p = deps.pop(0)
            side = "N" if rv(p) <= 12 else fl.shorter()
            fl.add(side, office(pick(fl.depth(side), rv(p), hi=4.4), f"{short(p)}办公室", u, [p], "领导办公室"))
    secs = iter(RNG.sample(SECTIONS, len(SECTIONS)))
    i = 0
    if big_open and len(staff) >= 7:
        fl.add("S", office(7.0, "大开间办公室", u, staff[:5], cols=1, note="大开间，中部一根独立柱"))
        i = 5
    for k in groups(len(staff) - i):
        side = "N" if k == 4 else fl.shorter()
        w = pick(fl.depth(side), 9 * k, lo=6.4, hi=7.6) if k == 4 else pick(fl.depth(side), 9 * k)
        fl.add(side, office(w, next(secs), u, staff[i:i + k]))
        i += k
    for it in svc_rooms:
        fl.add(fl.shorter(), it)

# ───────────────────────────── the six buildings ─────────────────────────────
def b_main() -> Building:
    b = Building("县委县政府大院", "综合办公楼", 1998, "框架", "已登记", "鄂(2019)示范县不动产权第0000112号", "否",
                 5.6, 4.6, 2.4, (112.20012, 30.90041), 0.0)
    UJ, UZ = UNITS["县委办公室"], UNITS["县政府办公室"]
    fl = b.floor("B1", -1, -4.5, 4.5)
    fl.add("S", gap(3.6), equip(7.0, "变配电室", "变配电室"), equip(4.6, "水泵房", "水泵房"),
           equip(7.0, "空调机房", "空调机房"), equip(2.6, "电梯机房", "电梯机房"))
    fl.halls.append(hall(anc(10.8, "人防设施（一）", "人防设施", note="战时人员掩蔽部，平时兼作储藏"), flex=True))
    fl.add("N", svc(3.6, "储藏室", "储藏室"), gap(2.8),
           svc(7.0, "档案室（地下）", "档案室", status="维修", since="2026-08-10", note="地下室防潮改造，档案已临时转移"),
           flex(lshape(anc(7.4, "人防设施（二）", "人防设施"), 1.8, 2.0, "弱电间", "设备用房", "弱电间")))
    fl = b.floor("1F", 1, 0.0, 4.2)
    std_core(fl, entrance=True)
    fl.add("S", svc(7.0, "接待室", "接待室"), svc(3.4, "值班室", "值班室"), svc(3.4, "收发室", "收发室"),
           svc(3.6, "医务室", "医务室"), svc(3.4, "文印室", "文印室", UJ),
           svc(3.6, "信息网络用房", "信息网络用房", UZ))
    fl.add("N", equip(3.4, "通信机房", "通信机房"),
           lshape(svc(7.4, "县委办档案室", "档案室", UJ), 1.8, 2.0, "档案室储藏间", "服务用房", "储藏室"),
           svc(3.4, "机要保密室", "机要保密室", UJ), svc(3.6, "县政府办档案室", "档案室", UZ))
    jb, zb = ROS["县委办公室"], ROS["县政府办公室"]
    dept(fl, "县委办公室", heads=[], deps=[], staff=jb.staff[:3])
    dept(fl, "县政府办公室", heads=[], deps=[], staff=zb.staff[:3])

    fl = b.floor("2F", 2, 4.2, 3.6)                                  # 县政府 leaders
    std_core(fl)
    g = ROS["示范县人民政府"].top
    fl.add("S", suite(5.1, 2.6, lead(g[0]), [(rest(g[0]), 2.6, 3.6), (wc(g[0]), 2.6, 1.8)]),
           lead_item(4.0, g[1]), lead_item(4.0, g[2]),
           suite(3.0, 1.8, lead(g[3]), [(rest(g[3]), 1.8, 3.4)]),
           suite(3.0, 1.8, lead(g[4]), [(wc(g[4]), 1.8, 2.2)]),
           lead_item(3.8, g[5]), lead_item(3.8, g[6]))
    dept(fl, "县政府办公室", staff=zb.staff[3:], svc_rooms=[svc(7.0, "县政府常务会议室", "会议室", UZ)])

    fl = b.floor("3F", 3, 7.8, 3.6)                                  # 县委 leaders
    std_core(fl)
    x = ROS["中共示范县委员会"].top
    fl.add("S", suite(3.4, 2.0, lead(x[0]), [(rest(x[0]), 2.0, 3.2), (wc(x[0]), 2.0, 2.2)]))
    for p, w in zip(x[1:], [4.0, 3.9, 4.0, 3.8, 3.9, 4.0]):
        fl.add("S", lead_item(w, p))
    dept(fl, "县委办公室", staff=jb.staff[3:], svc_rooms=[svc(7.0, "县委常委会议室", "会议室", UJ)])

    for un, fname, elev, extra in (("示范县人大常委会", "4F", 11.4, ("县委组织部",)),      # 人大 / 政协 floors
                                   ("政协示范县委员会", "5F", 15.0, ("县委统战部", "县委政法委"))):
        fl = b.floor(fname, int(fname[0]), elev, 3.6)
        std_core(fl)
        t = ROS[un].top
        fl.add("S", suite(4.2, 1.8, lead(t[0]), [(rest(t[0]), 1.8, 3.4)]))
        for p, w in zip(t[1:], [4.0, 3.9, 4.0, 3.8]):
            fl.add("S", lead_item(w, p))
        dept(fl, un, svc_rooms=[svc(3.6, "档案室", "档案室", UNITS[un])])
        for d in extra:
            rooms_ = {"县委组织部": [svc(3.6, "组织部档案室", "档案室", UNITS[d]),
                                svc(3.4, "干部档案查阅室", "接待室", UNITS[d])],
                      "县委政法委": [svc(3.6, "政法委会议室", "会议室", UNITS[d])]}.get(d, [])
            dept(fl, d, svc_rooms=rooms_)

    fl = b.floor("6F", 6, 18.6, 4.2)                                 # meeting floor
    std_core(fl)
    fl.halls.append(hall(svc(14.4, "大会议室", "会议室", note="跨廊大空间，走廊轴线上两排独立柱"), flex=True))
    fl.add("S", lshape(svc(7.4, "第一会议室", "会议室"), 2.0, 2.4, "会议室储藏间", "服务用房", "储藏室"),
           svc(7.0, "第二会议室", "会议室"), svc(3.6, "图书资料室", "图书资料室"),
           idle(3.4, "办公室", "2025-11-01", "原县委办综合科，2025年合并后腾出"))
    fl.add("N", svc(3.4, "文印室", "文印室"), idle(3.4, "办公室", "2026-02-15", "原县政府办信息科用房"),
           svc(3.6, "储藏室", "储藏室"))
    return b

def b_dept() -> Building:
    b = Building("县委县政府大院", "部门办公楼", 2006, "框架", "已登记", "鄂(2019)示范县不动产权第0000113号", "否",
                 5.6, 4.6, 2.4, (112.20105, 30.90002), 0.0)
    fl = b.floor("1F", 1, 0.0, 3.9)
    std_core(fl, entrance=True)
    ua = UNITS["县档案馆"]
    fl.add("S", svc(3.4, "值班室", "值班室"), svc(3.4, "收发室", "收发室"),
           lshape(tech(7.4, "档案库房（一）", "档案库房", ua), 2.0, 2.2, "恒温恒湿机房", "设备用房", "空调机房"),
           tech(7.0, "档案库房（二）", "档案库房", ua, cols=1, note="密集架库房，中部一根独立柱"))
    fl.add("N", equip(3.6, "配电室", "变配电室"), svc(3.6, "档案查阅室", "接待室", ua))
    dept(fl, "县档案馆")
    fl = b.floor("2F", 2, 3.9, 3.6)
    std_core(fl)
    dept(fl, "县发展和改革局", svc_rooms=[svc(3.6, "发改局档案室", "档案室", UNITS["县发展和改革局"])])
    dept(fl, "县财政局", svc_rooms=[lshape(svc(7.4, "财政局会议室", "会议室", UNITS["县财政局"]), 1.8, 2.0,
                                          "财政局文印间", "服务用房", "文印室", UNITS["县财政局"])])
    fl = b.floor("3F", 3, 7.5, 3.6)
    std_core(fl)
    dept(fl, "县审计局", svc_rooms=[svc(3.6, "审计局档案室", "档案室", UNITS["县审计局"])])
    dept(fl, "县人社局", svc_rooms=[svc(3.6, "人社局档案室", "档案室", UNITS["县人社局"])])
    dept(fl, "县民政局")
    fl = b.floor("4F", 4, 11.1, 3.6)
    std_core(fl)
    dept(fl, "县教育局", svc_rooms=[svc(3.6, "教育局档案室", "档案室", UNITS["县教育局"])])
    note = "原县科协用房，2025年机构改革后腾出"
    fl.add("S", idle(3.2, "办公室", "2025-06-30", note))
    fl.add("N", idle(3.4, "办公室", "2025-06-30", note), idle(3.4, "办公室", "2025-06-30", note),
           idle(3.2, "办公室", "2025-06-30", note),
           idle(3.4, "文印室", "2025-06-30", "原县科协文印室", "服务用房", "文印室"))
    fl.add("S", svc(7.0, "部门联合会议室", "会议室"))
    fl = b.floor("5F", 5, 14.7, 3.6)
    std_core(fl)
    t = ROS["县纪委监委"].top[0]
    fl.add("S", lead_item(4.0, t))
    dept(fl, "县纪委监委", svc_rooms=[svc(3.6, "纪委档案室", "档案室", UNITS["县纪委监委"]),
                                 svc(7.0, "纪委会议室", "会议室", UNITS["县纪委监委"])])
    dept(fl, "县机关事务服务中心", svc_rooms=[svc(3.4, "物业及工勤用房", "物业及工勤用房", UNITS["县机关事务服务中心"])])
    return b

def b_canteen() -> Building:
    b = Building("县委县政府大院", "机关食堂", 2010, "框架", "已登记", "鄂(2019)示范县不动产权第0000114号", "否",
                 6.0, 6.0, 2.4, (112.20080, 30.89948), 90.0)
    fl = b.floor("B1", -1, -4.2, 4.2)
    fl.halls.append(hall(anc(18.0, "地下汽车库", "汽车库", note="跨廊大空间，独立柱网"), flex=True))
    fl.add("S", gap(3.6), anc(7.0, "人防设施", "人防设施"), equip(4.2, "水泵房", "水泵房"),
           anc(5.0, "原洗车间", "汽车库", status="待处置", since="2025-12-01", note="拟改建为电动车充电间，待审批处置"))
    fl.add("N", flex(lshape(anc(7.4, "非机动车库", "非机动车库"), 1.8, 2.0, "弱电间", "设备用房", "弱电间")),
           svc(3.6, "储藏室", "储藏室"))
    fl = b.floor("1F", 1, 0.0, 4.5)
    fl.halls.append(hall(anc(18.0, "职工餐厅", "食堂", note="跨廊大空间，独立柱网"), flex=True))
    fl.add("S", gap(3.6), anc(7.0, "厨房", "食堂"), anc(3.6, "备餐间", "食堂"),
           anc(3.6, "门卫及监控室", "警卫用房"))
    fl.add("N", svc(3.2, "男卫生间", "卫生间"), svc(3.2, "女卫生间", "卫生间"), anc(3.6, "食品库房", "食堂"),
           anc(3.6, "洗消间", "食堂"), flex(anc(5.0, "主食加工间", "食堂")),
           svc(3.4, "更衣室", "物业及工勤用房", UNITS["县机关事务服务中心"]))
    fl = b.floor("2F", 2, 4.5, 3.9)
    fl.halls.append(hall(anc(14.4, "多功能餐厅", "食堂"), flex=True))
    fl.add("S", gap(3.6), anc(5.0, "小餐厅（一）", "食堂"),
           anc(5.0, "小餐厅（二）", "食堂", status="维修", since="2026-09-01", note="吊顶及空调更换"),
           idle(3.6, "储藏室", "2024-10-01", "原食堂杂物间，已清空", "服务用房", "储藏室"))
    fl.add("N", svc(3.2, "卫生间", "卫生间"), flex(anc(5.0, "包间（一）", "食堂")), anc(5.0, "包间（二）", "食堂"),
           anc(3.6, "二层备餐间", "食堂"), svc(3.4, "物业及工勤用房", "物业及工勤用房", UNITS["县机关事务服务中心"]))
    return b

def b_center() -> Building:
    b = Building("城东行政服务中心院", "行政服务中心主楼", 2012, "框架剪力墙", "已登记", "鄂(2020)示范县不动产权第0003306号",
                 "否", 5.6, 4.6, 2.4, (112.23580, 30.90512), -15.0)
    U = UNITS
    fl = b.floor("1F", 1, 0.0, 4.5)
    std_core(fl, entrance=True)
    fl.halls.append(hall(tech(10.8, "指挥中心", "指挥中心", U["县公安局"], note="公安局110指挥中心"), flex=True))
    fl.add("S", office(7.0, "示范农商银行城东支行营业网点", None, [], status="出租", since="2024-07-01",
                       note="出租给湖北示范农村商业银行，租期2024-07-01至2029-06-30"),
           svc(3.6, "公安接待室", "接待室", U["县公安局"]), svc(3.4, "公安值班室", "值班室", U["县公安局"]),
           anc(3.4, "警卫用房", "警卫用房"))
    fl.add("N", tech(3.4, "审讯室（一）", "审讯室", U["县公安局"]), tech(3.4, "审讯室（二）", "审讯室", U["县公安局"]),
           lshape(tech(7.4, "检验检测室", "检验检测室", U["县市场监管局"]), 2.0, 2.2, "样品储藏间", "服务用房", "储藏室"),
           office(3.6, "便利店", None, [], status="出租", since="2025-01-01", note="出租给个体经营者，租期三年"),
           equip(3.6, "变配电室", "变配电室"))
    fl = b.floor("2F", 2, 4.5, 3.6)
    std_core(fl)
    dept(fl, "县公安局", big_open=True, svc_rooms=[svc(3.6, "公安档案室", "档案室", U["县公安局"]),
                                                equip(3.4, "通信机房", "通信机房")])
    note = "原县工商联用房，2024年搬迁后腾出"
    fl.add("S", idle(3.4, "办公室", "2024-09-01", note), idle(3.6, "办公室", "2024-09-01", note),
           idle(3.2, "办公室", "2024-09-01", note))
    fl.add("N", idle(3.6, "办公室", "2024-09-01", note), idle(3.4, "办公室", "2024-09-01", note))
    fl = b.floor("3F", 3, 8.1, 3.6)
    std_core(fl)
    dept(fl, "县自然资源和规划局", svc_rooms=[svc(3.6, "自然资源档案室", "档案室", U["县自然资源和规划局"])])
    dept(fl, "县住建局")
    fl.add("S", *[office(3.4, "业务办公室", U["县住建局"], [], note="住建局自用，无固定人员") for _ in range(2)])
    fl = b.floor("4F", 4, 11.7, 3.6)
    std_core(fl)
    dept(fl, "县交通运输局")
    dept(fl, "县农业农村局", heads=[], svc_rooms=[svc(3.6, "农业农村局档案室", "档案室", U["县农业农村局"])])
    fl.add("S", office(4.6, "局长办公室", U["县农业农村局"], [PLANT["big_head"]], "领导办公室"))
    dept(fl, "县水利和湖泊局")
    fl = b.floor("5F", 5, 15.3, 3.6)
    std_core(fl)
    dept(fl, "县卫健局")
    dept(fl, "县市场监管局", svc_rooms=[svc(3.6, "市场监管档案室", "档案室", U["县市场监管局"])])
    fl.add("N", *[office(3.6, "县残联办公室", None, [], status="出借", since="2025-03-01",
                         note="出借给县残疾人联合会（非本级党政机关），借用协议至2027-02-28") for _ in range(2)])
    fl = b.floor("6F", 6, 18.9, 4.2)
    std_core(fl)
    fl.halls.append(hall(svc(7.2, "大会议室", "会议室", note="跨廊大空间，走廊轴线上两排独立柱"), flex=True))
    fl.add("S", svc(7.0, "第二会议室", "会议室", status="维修", since="2026-07-01", note="音视频系统改造"))
    dept(fl, "县委宣传部", svc_rooms=[svc(3.6, "宣传部资料室", "图书资料室", U["县委宣传部"])])
    fl.add("N", office(3.4, "部长办公室", U["县委宣传部"], [PLANT["p5"]], "领导办公室",
                       note="县委常委、宣传部部长在宣传部的第二办公室"))
    dept(fl, "县融媒体中心", svc_rooms=[svc(3.6, "融媒体资料室", "图书资料室", U["县融媒体中心"])])
    return b

def b_rented() -> Building:
    b = Building("城东行政服务中心院", "城东老办公楼", 1992, "砖混", "未办证", "", "是",
                 4.8, 4.0, 1.8, (112.23655, 30.90433), -15.0)
    U = UNITS
    fl = b.floor("1F", 1, 0.0, 3.3)
    fl.add("S", gap(3.0), svc(7.0, "信访接待室", "接待室", U["县信访局"]), tech(3.4, "调解室", "调解室", U["县信访局"]))
    fl.add("N", svc(2.8, "卫生间", "卫生间"), gap(2.6))
    dept(fl, "县信访局")
    fl = b.floor("2F", 2, 3.3, 3.3)
    fl.add("S", gap(3.0))
    fl.add("N", svc(2.8, "卫生间", "卫生间"), gap(2.6))
    dept(fl, "县统计局", svc_rooms=[svc(3.4, "统计局档案室", "档案室", U["县统计局"])])
    return b

def b_town() -> Building:
    b = Building("青山镇政府院", "青山镇政府办公楼", 2008, "框架", "已登记", "鄂(2018)示范县不动产权第0021045号", "否",
                 5.4, 4.4, 2.1, (112.15412, 30.87021), 8.0)
    U = UNITS
    zf, dw = ROS["青山镇人民政府"], ROS["青山镇党委"]
    fl = b.floor("1F", 1, 0.0, 3.9)
    std_core(fl, entrance=True)
    fl.add("S", svc(7.0, "便民服务大厅", "接待室", U["青山镇人民政府"]), svc(3.4, "值班室", "值班室"),
           office(3.4, "原广播站播音室", None, [], status="待处置", since="2025-05-20", note="镇广播站撤销，拟报废设备后调剂"),
           office(3.6, "原广播站机房", None, [], status="待处置", since="2025-05-20", note="镇广播站撤销，拟报废设备后调剂"))
    fl.add("N", equip(3.4, "配电室", "变配电室"), svc(3.6, "档案室", "档案室", U["青山镇人民政府"]))
    dept(fl, "青山镇人民政府", heads=[], deps=[], staff=zf.staff[:5])
    fl = b.floor("2F", 2, 3.9, 3.6)
    std_core(fl)
    dept(fl, "青山镇党委", single=True)
    dept(fl, "青山镇人民政府", staff=[], single=True)
    fl = b.floor("3F", 3, 7.5, 3.6)
    std_core(fl)
    fl.halls.append(hall(svc(10.8, "镇会议室", "会议室")))
    fl.add("S", idle(3.6, "办公室", "2026-01-10", "原镇农技站用房，并入县农业农村局后腾出"),
           idle(3.4, "办公室", "2026-01-10", "原镇农技站用房，并入县农业农村局后腾出"),
           svc(3.6, "图书资料室", "图书资料室"))
    dept(fl, "青山镇人民政府", heads=[], deps=[], staff=zf.staff[5:])
    return b

SITES = [("县委县政府大院", "湖北省示范县城关镇人民大道1号", 26800, 112.2000, 30.9000),
         ("城东行政服务中心院", "湖北省示范县城关镇东湖路88号", 18500, 112.2360, 30.9050),
         ("青山镇政府院", "湖北省示范县青山镇青山街16号", 5200, 112.1540, 30.8700)]

# ───────────────────────────── geometry ─────────────────────────────
def r2(v):
    return round(v + 0.0, 2) + 0.0

def rect(x0, y0, x1, y1):                  # counter-clockwise
    return [[r2(x0), r2(y0)], [r2(x1), r2(y0)], [r2(x1), r2(y1)], [r2(x0), r2(y1)], [r2(x0), r2(y0)]]

def hole(cx, cy, s=0.5):                   # clockwise
    h = s / 2
    return [[r2(cx - h), r2(cy - h)], [r2(cx - h), r2(cy + h)], [r2(cx + h), r2(cy + h)],
            [r2(cx + h), r2(cy - h)], [r2(cx - h), r2(cy - h)]]

def signed(ring):
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2

def poly_area(rings):
    return signed(rings[0]) + sum(signed(h) for h in rings[1:])

def fillers(avail) -> list[Item]:
    if avail < 2.6:
        return []
    n = max(1, round((avail + WALL) / 3.8))
    w = math.floor(((avail + WALL) / n - WALL) * 10 + 1e-6) / 10
    return [svc(w, "储藏室", "储藏室") if i % 2 == 0 else svc(w, "物业及工勤用房", "物业及工勤用房") for i in range(n)]

def place(it: Item, x, y0, y1, side) -> list[list[Room]]:
    r, x1 = it.room, x + it.w
    if it.kind == "gap":
        return []
    if it.kind == "room":
        r.rings = [rect(x, y0, x1, y1)] + [hole(x + it.w * k / (r.cols + 1), (y0 + y1) / 2) for k in range(1, r.cols + 1)]
        return [[r]]
    if it.kind == "suite":
        r.rings = [rect(x, y0, x + it.ow, y1)]
        cx, grp = x + it.ow + WALL, [r]
        y = y0 if side == "S" else y1
        for pr, pw, ph in it.parts:
            pr.rings = [rect(cx, y, cx + pw, y + ph)] if side == "S" else [rect(cx, y - ph, cx + pw, y)]
            y = y + ph + WALL if side == "S" else y - ph - WALL
            assert cx + pw <= x1 + 1e-6 and y0 - WALL - 1e-6 <= y <= y1 + WALL + 1e-6, pr.name
            grp.append(pr)
        return [grp]
    nr, nw, nh = it.notch                                   # L-shaped room around a small corner room
    xn = x1 - nw - WALL
    if side == "S":
        yn = y1 - nh - WALL
        r.rings = [[[r2(x), r2(y0)], [r2(x1), r2(y0)], [r2(x1), r2(yn)], [r2(xn), r2(yn)], [r2(xn), r2(y1)],
                    [r2(x), r2(y1)], [r2(x), r2(y0)]]]
        nr.rings = [rect(x1 - nw, y1 - nh, x1, y1)]
    else:
        yn = y0 + nh + WALL
        r.rings = [[[r2(x), r2(y0)], [r2(xn), r2(y0)], [r2(xn), r2(yn)], [r2(x1), r2(yn)], [r2(x1), r2(y1)],
                    [r2(x), r2(y1)], [r2(x), r2(y0)]]]
        nr.rings = [rect(x1 - nw, y0, x1, y0 + nh)]
    return [[r], [nr]]

def place_hall(it: Item, x, b: Building) -> list[list[Room]]:
    r = it.room
    r.rings = [rect(x, OW, x + it.w, b.W - OW)]
    if r.cols:
        for yc in (OW + b.dS + WALL / 2, OW + b.dS + WALL + b.corr + WALL / 2):
            xc = x + 3.6
            while xc < x + it.w - 1.0:
                r.rings.append(hole(xc, yc))
                xc += 7.2
    return [[r]]

def realise(b: Building) -> None:
    b.L = math.ceil(max(fl.need() for fl in b.floors) * 10 - 1e-6) / 10
    for fl in b.floors:
        spare = b.L - fl.need()
        for h in fl.halls:
            if h.flex:
                h.w, spare = round(h.w + spare, 2), 0
        xr = b.L - OW - sum(h.w + WALL for h in fl.halls)
        placed = {}
        for side in "SN":
            items = fl.items(side)
            avail = (xr - OW) - fl.rowlen(side) - (WALL if items else 0)
            fx = [i for i in items if i.flex]
            if fx:
                fx[0].w, avail = round(fx[0].w + avail + WALL, 2), 0
            fill = fillers(avail)
            if items and items[-1].kind == "gap":
                items[-1:-1] = fill
            else:
                items += fill
            x, (y0, y1), placed[side] = OW, b.ybounds(side), []
            for it in items:
                placed[side] += place(it, x, y0, y1, side)
                x += it.w + WALL
            assert x - WALL <= xr + 1e-6, (b.name, fl.name, side)
        x, placed["H"] = xr + WALL, []
        for h in fl.halls:
            placed["H"] += place_hall(h, x, b)
            x += h.w + WALL
        prefix = str(fl.level) if fl.level > 0 else f"B{-fl.level}"
        groups_ = placed["S"] + placed["H"] + placed["N"][::-1]   # numbering runs round the corridor
        for i, grp in enumerate(groups_, 1):
            for j, r in enumerate(grp):
                r.building, r.floor = b.name, fl.name
                r.number = f"{prefix}{i:02d}" + ("" if j == 0 else "ABCD"[j - 1])
                r.area = poly_area(r.rings)
                fl.rooms.append(r)
                for p in r.occ:
                    p.offices.append(r)

# ───────────────────────────── rule check ─────────────────────────────
def add_month(d: date) -> date:
    y, m = d.year + d.month // 12, d.month % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))

def office_allowance(u: Unit) -> float:
    return sum(n * ROW[u.cat][g] for g, n in u.posts.items())

def service_allowance(u: Unit) -> float:
    return SERVICE_PER_POST * (sum(u.posts.values()) + u.service_posts)

def check(rooms, area) -> set[tuple[str, str]]:
    """All rule findings as (rule, subject); `area` maps a room to the area to use."""
    f = set()
    listers = {}
    for p in PERSONS:
        for r in p.offices:
            listers[id(r)] = listers.get(id(r), 0) + 1
    for p in PERSONS:
        own = [r for r in p.offices if r.unit is p.unit]
        if sum(area(r) / listers[id(r)] for r in own) > rv(p) + 1e-9:
            f.add(("个人超标", p.name))
        for r in p.offices:
            if r.sub_use == "卫生间" and p.title not in TOILET_TITLES:
                f.add(("卫生间不符合条件", p.name))
            if r.sub_use == "卫生间" and area(r) > TOILET_MAX:
                f.add(("卫生间超6", p.name))
            if r.sub_use == "休息室" and not p.grade.startswith("县处级"):
                f.add(("休息室不符合条件", p.name))
        second = [r for r in p.offices if r.unit is not p.unit and r.unit and r.unit.name in p.concurrent]
        if len(second) + len(own) != len(p.offices):
            f.add(("非本单位用房", p.name))
        if second and not p.approval:
            f.add(("一人多处", p.name))
        if second and p.approval and sum(map(area, second)) >= rv(p):
            f.add(("第二办公室不小于标准", p.name))
        if p.status in ("调离", "退休") and p.offices and AS_OF > add_month(date.fromisoformat(p.status_date)):
            f.add(("未腾退", p.name))
    for r in rooms:
        if len(r.occ) > 1 and area(r) > sum(map(rv, r.occ)) + 1e-9:
            f.add(("合用超标", r.key))
    for u in UNITS.values():
        if sum(area(r) for r in rooms if r.unit is u and r.category == "办公室") > office_allowance(u) + 1e-9:
            f.add(("单位办公室超标", u.name))
        if sum(area(r) for r in rooms if r.unit is u and r.category == "服务用房") > service_allowance(u) + 1e-9:
            f.add(("单位服务用房超标", u.name))
        for g in GRADES:
            if sum(1 for p in PERSONS if p.unit is u and p.grade == g and p.status == "在职") > u.posts.get(g, 0):
                f.add(("实有超编", f"{u.name}/{g}"))
    return f

def validate(buildings, rooms) -> None:
    assert len({b.name for b in buildings}) == len(buildings)
    assert len({p.name for p in PERSONS}) == len(PERSONS)
    for b in buildings:
        assert (b.cert != "") == (b.title == "已登记") and b.rented in ("是", "否")
        for fl in b.floors:
            nums = [r.number for r in fl.rooms]
            assert len(nums) == len(set(nums)), (b.name, fl.name)
            boxes = []
            for r in fl.rooms:
                outer = r.rings[0]
                assert outer[0] == outer[-1] and signed(outer) > 0, r.key
                xs, ys = [c[0] for c in outer], [c[1] for c in outer]
                assert min(xs) >= OW - 1e-6 and max(xs) <= b.L - OW + 1e-6 and min(ys) >= OW - 1e-6 \
                    and max(ys) <= b.W - OW + 1e-6, r.key
                for h in r.rings[1:]:
                    assert h[0] == h[-1] and signed(h) < 0 and min(xs) < h[0][0] < max(xs), r.key
                boxes.append((min(xs), min(ys), max(xs), max(ys), r))
            for i, a in enumerate(boxes):                       # rooms keep ≥ 0.2 m apart
                for c in boxes[i + 1:]:
                    gx = max(a[0], c[0]) - min(a[2], c[2])
                    gy = max(a[1], c[1]) - min(a[3], c[3])
                    if gx < WALL - 1e-6 and gy < WALL - 1e-6:     # only L-room + its notch room may get close
                        assert {a[4].rings[0].__len__(), c[4].rings[0].__len__()} == {5, 7}, (a[4].key, c[4].key)
    for r in rooms:
        assert r.status in STATUSES and r.sub_use in SUB_USES[r.category], r.key
        if r.status != "在用":
            assert r.since and r.unit is None and not r.occ, r.key
        if r.occ:
            assert r.category == "办公室" and r.unit is not None, r.key
        if r.sub_use in ("休息室", "卫生间") and r.category == "办公室":
            assert len(r.occ) == 1, r.key
        if r.surveyed is not None:
            assert abs(r.surveyed - r.area) <= 0.01 * r.area, r.key
    for p in PERSONS:
        assert p.offices, p.name
        assert all(c in UNITS for c in p.concurrent)
        assert (p.status == "在职") == (p.status_date == "")
    assert {r.category for r in rooms} == set(SUB_USES) and {r.status for r in rooms} == set(STATUSES)
    assert len(buildings) >= 6 and sum(len(b.floors) for b in buildings) >= 20 and len(rooms) >= 400
    assert sum(len(r.rings[0]) == 7 for r in rooms) >= 3 and sum(len(r.rings) > 1 for r in rooms) >= 3
    assert 250 <= len(PERSONS) <= 360 and len(UNITS) == 32

def consolidation(rooms, bld):
    """Map every office room of the rented building's units onto a distinct idle office room elsewhere."""
    units = []
    for r in rooms:
        if r.building == bld.name and r.unit and r.unit not in units:
            units.append(r.unit)
    idle_off = [r for r in rooms if r.status == "闲置" and r.category == "办公室" and r.building != bld.name]
    prefer = {"县统计局": ("行政服务中心主楼", "2F"), "县信访局": ("部门办公楼", "4F")}
    used, plan = set(), []
    for u in units:
        mine = sorted((r for r in rooms if r.unit is u and r.category == "办公室"), key=lambda r: -r.area)
        assert all(r.building == bld.name for r in mine), u.name
        for r in mine:
            cands = sorted((c for c in idle_off if id(c) not in used and c.area >= r.area),
                           key=lambda c: ((c.building, c.floor) != prefer.get(u.name), c.area))
            assert cands, f"no idle room for {r.key}"
            used.add(id(cands[0]))
            plan.append((u, r, cands[0]))
    need = sum(r.area for _, r, _ in plan)
    have = sum(c.area for c in idle_off)
    assert need < have
    return units, plan, need, have

# ───────────────────────────── output ─────────────────────────────
def write_csv(name, header, rows):
    with open(OUT / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

def write_fc(path: Path, features):
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    path.write_text('{"type": "FeatureCollection", "features": [\n' + body + "\n]}\n", encoding="utf-8")

def fmt(v):
    return f"{v:.2f}"

def write_all(buildings, rooms):
    (OUT / "region.toml").write_text(
        '[region]\nname = "示范县"\nlevel = "县"\ncode = "429999000000"\n[project]\n'
        'standard = "cn-2014"          # the standard set this file is checked against\n'
        'province = "湖北"             # selects township rows\n'
        'as_of = "2026-09-30"          # statistics date (统计截止日期) used for the 1-month 腾退 rule\n',
        encoding="utf-8")
    write_csv("sites.csv", ["name", "address", "land_area_m2", "lon", "lat"], SITES)
    rows = []
    for b in buildings:
        gross = b.L * b.W * len(b.floors)
        use = sum(r.area for fl in b.floors for r in fl.rooms)
        rows.append([b.site, b.name, b.year, sum(fl.level > 0 for fl in b.floors), b.structure, fmt(gross),
                     f"{use / gross:.2f}", b.title, b.cert, b.rented, f"{b.anchor[0]:.5f}", f"{b.anchor[1]:.5f}",
                     f"{b.rot:g}"])
    write_csv("buildings.csv", ["site", "name", "year_built", "storeys", "structure", "gross_area_m2",
                                "usable_coefficient", "title_status", "certificate_no", "rented", "anchor_lon",
                                "anchor_lat", "rotation_deg"], rows)
    write_fc(OUT / "buildings.geojson", [{"type": "Feature", "properties": {"site": b.site, "building": b.name},
                                          "geometry": {"type": "Polygon", "coordinates": [rect(0, 0, b.L, b.W)]}}
                                         for b in buildings])
    write_csv("floors.csv", ["building", "floor", "level", "elevation_m", "storey_height_m", "plan"],
              [[b.name, fl.name, fl.level, f"{fl.elev:g}", f"{fl.height:g}", f"plans/{b.name}/{fl.name}.geojson"]
               for b in buildings for fl in b.floors])
    shutil.rmtree(OUT / "plans", ignore_errors=True)
    for b in buildings:
        for fl in b.floors:
            feats = []
            for r in fl.rooms:
                pr = {"number": r.number, "name": r.name, "category": r.category, "sub_use": r.sub_use,
                      "status": r.status, "status_since": r.since}
                if r.surveyed is not None:
                    pr["surveyed_area_m2"] = r.surveyed
                pr |= {"unit": r.unit.name if r.unit else "", "note": r.note}
                feats.append({"type": "Feature", "properties": pr,
                              "geometry": {"type": "Polygon", "coordinates": r.rings}})
            write_fc(OUT / "plans" / b.name / f"{fl.name}.geojson", feats)
    write_csv("units.csv", ["name", "organ_category", "kind", "parent", "service_posts", "headcount", "note"],
              [[u.name, u.cat, u.kind, u.parent, u.service_posts,
                sum(1 for p in PERSONS if p.unit is u and p.status == "在职"), u.note] for u in UNITS.values()])
    write_csv("posts.csv", ["unit", "grade", "count"],
              [[u.name, g, u.posts[g]] for u in UNITS.values() for g in GRADES if u.posts.get(g)])
    write_csv("persons.csv", ["name", "grade", "title", "unit", "status", "status_date", "concurrent_units",
                              "offices", "second_office_approval"],
              [[p.name, p.grade, p.title, p.unit.name, p.status, p.status_date, ";".join(p.concurrent),
                ";".join(r.key for r in p.offices), p.approval] for p in PERSONS])

def room_sum(rs) -> str:
    return " + ".join(f"{r.number} {fmt(r.area)}" for r in rs) + f" = {fmt(sum(r.area for r in rs))} m²"

def report(buildings, rooms, units8, plan, need, have) -> str:
    """Markdown for README.md (also printed); every number computed here."""
    P, L = PLANT, []
    ap = L.append
    ap("## Counts (computed by the generator)\n")
    ap(f"- compounds (院落): {len(SITES)}; buildings: {len(buildings)}; floors: {sum(len(b.floors) for b in buildings)}; "
       f"rooms: {len(rooms)}; total room area (使用面积, polygon): **{fmt(sum(r.area for r in rooms))} m²**")
    ap(f"- units: {len(UNITS)} ({sum(u.cat == '县' for u in UNITS.values())} 县级, "
       f"{sum(u.cat == '乡' for u in UNITS.values())} 乡级); persons: {len(PERSONS)} "
       + "(" + ", ".join(f"{s} {sum(p.status == s for p in PERSONS)}" for s in ("在职", "调离", "退休")) + ")")
    ap(f"- rooms with an L-shaped outline: {sum(len(r.rings[0]) == 7 for r in rooms)}; with column holes: "
       f"{sum(len(r.rings) > 1 for r in rooms)}; with surveyed_area_m2: {sum(r.surveyed is not None for r in rooms)}\n")
    ap("| category | rooms | area m² |\n|---|---:|---:|")
    for c in SUB_USES:
        rs = [r for r in rooms if r.category == c]
        ap(f"| {c} | {len(rs)} | {fmt(sum(r.area for r in rs))} |")
    ap("\n| status | rooms | area m² |\n|---|---:|---:|")
    for s in STATUSES:
        rs = [r for r in rooms if r.status == s]
        ap(f"| {s} | {len(rs)} | {fmt(sum(r.area for r in rs))} |")
    ap("\n| building | compound | floors | rooms | room area m² |\n|---|---|---:|---:|---:|")
    for b in buildings:
        rs = [r for fl in b.floors for r in fl.rooms]
        ap(f"| {b.name} | {b.site} | {len(b.floors)} | {len(rs)} | {fmt(sum(r.area for r in rs))} |")
    ap("\n## Planted problems\n")
    ap("Areas are polygon areas (shoelace, outer ring minus holes); rows are the 2014 table "
       "(发改投资〔2014〕2674号) for 县级机关, or the Hubei 乡级 values for the township.\n")
    xz = P["county_head"]
    ap(f"1. **Person over standard (个人超标)** — {xz.unit.name} {xz.title} **{xz.name}**, "
       f"{xz.offices[0].building}/{xz.offices[0].floor}: {room_sum(xz.offices)} > 30 m² (县级正职). "
       "The 卫生间 (≤ 6 m²) and 休息室 are allowed for a 县长; only the total is over.")
    bh = P["big_head"]
    ap(f"2. **Person over standard (个人超标)** — {bh.unit.name} {bh.title} **{bh.name}** (乡科级正职): "
       f"{bh.offices[0].key} {fmt(bh.offices[0].area)} m² > 18 m² (正科级).")
    u3 = UNITS["县住建局"]
    rs3 = [r for r in rooms if r.unit is u3 and r.category == "办公室"]
    posts = " + ".join(f"{u3.posts[g]}×{ROW['县'][g]:g} ({g}→{ROW_LABEL['县'][g]})" for g in GRADES if u3.posts.get(g))
    worst = max(sum(r.area / len(r.occ) for r in p.offices) / rv(p) for p in PERSONS if p.unit is u3)
    extra = [r for r in rs3 if not r.occ]
    ap(f"3. **Unit over standard (单位办公室超标)** — **{u3.name}**: {len(rs3)} 办公室 rooms on "
       f"{rs3[0].building}/{rs3[0].floor} total {fmt(sum(r.area for r in rs3))} m² > approved "
       f"{posts} = {office_allowance(u3):g} m² (excess {fmt(sum(r.area for r in rs3) - office_allowance(u3))} m²). "
       f"The two staff rooms {', '.join(r.number for r in extra)} ({' + '.join(fmt(r.area) for r in extra)} m², "
       f"name 业务办公室) are held with nobody assigned; every person is within their row "
       f"(highest use {worst * 100:.1f} % of row), so this is a unit-level finding only.")
    tv = P["toilet_vice"]
    ap(f"4. **Toilet for an ineligible person (卫生间不符合条件)** — 示范县人民政府 {tv.title} **{tv.name}** (县处级副职): "
       f"{room_sum(tv.offices)} ≤ 24 m² (县级副职), but {tv.offices[1].number} is a private 卫生间 "
       f"({fmt(tv.offices[1].area)} m²); only 党政正职 (县委书记, 县长) may have one (2014 table note 4).")
    p5 = P["p5"]
    main, sec = p5.offices
    ap(f"5. **一人多处 (second office without approval)** — 中共示范县委员会 {p5.title} **{p5.name}** (县处级副职, "
       f"concurrent_units {';'.join(p5.concurrent)}): main office {main.key} {fmt(main.area)} m² ≤ 24 m²; "
       f"second office {sec.key} {fmt(sec.area)} m² (< 24 m², occupied by {sec.unit.name}, in the 城东 compound "
       "about 3.5 km away); second_office_approval is empty, so only the 一人多处 rule fires.")
    rt, mv = P["retired"], P["moved"]
    dl = add_month(date.fromisoformat(rt.status_date))
    ap(f"6. **腾退 not done (未腾退)** — {rt.unit.name} {rt.title} **{rt.name}**, status {rt.status} "
       f"{rt.status_date}; deadline {dl} (1 month) < as_of 2026-09-30, still listed with "
       f"{', '.join(f'{r.key} ({fmt(r.area)} m²)' for r in rt.offices)} (within 24 m², so no area finding).  \n"
       f"   *Control case (not a problem)*: {mv.unit.name} {mv.title} **{mv.name}**, status {mv.status} "
       f"{mv.status_date}, still in {mv.offices[0].key} ({fmt(mv.offices[0].area)} m²); "
       f"deadline {add_month(date.fromisoformat(mv.status_date))} is after as_of, "
       "so no finding yet.")
    idle_rs = [r for r in rooms if r.status == "闲置"]
    io = [r for r in idle_rs if r.category == "办公室"]
    ap(f"7. **Idle rooms (闲置)** — {len(idle_rs)} rooms in {len({r.building for r in idle_rs})} buildings, "
       f"total **{fmt(sum(r.area for r in idle_rs))} m²** (办公室 {len(io)} rooms, {fmt(sum(r.area for r in io))} m²); "
       "unit empty:\n")
    ap("   | room | name | category | area m² | since | note |\n   |---|---|---|---:|---|---|")
    for r in idle_rs:
        ap(f"   | {r.key} | {r.name} | {r.category} | {fmt(r.area)} | {r.since} | {r.note} |")
    ap(f"\n8. **Consolidation candidate (整合腾退租用房)** — 城东老办公楼 (1992, 砖混, 2 floors, rented=是: "
       f"租(借)用 from a private owner, hence title_status 未办证) houses {', '.join(u.name for u in units8)}; their {len(plan)} 办公室 rooms total "
       f"{fmt(need)} m² < {fmt(have)} m² of idle 办公室 rooms elsewhere. Room-by-room (each idle room used once, "
       "idle ≥ current):\n")
    ap("   | unit | current room | m² | → idle room | m² |\n   |---|---|---:|---|---:|")
    for u, r, c in plan:
        ap(f"   | {u.name} | {r.key} | {fmt(r.area)} | {c.key} | {fmt(c.area)} |")
    dest = {u.name: sorted({f"{c.building} {c.floor}" for v, _, c in plan if v is u}) for u in units8}
    ap("\n   So " + " and ".join(f"{n} would move to {' + '.join(d)}" for n, d in dest.items())
       + "; their service and technical rooms (接待室, 调解室, 档案室) need separate placement, "
       "after which the lease of 城东老办公楼 could end.")
    ap("\n### Inventory facts that are *not* problems\n")
    for r in rooms:
        if r.status in ("出租", "出借", "维修", "待处置"):
            ap(f"- {r.status} since {r.since}: {r.key} {r.name} ({r.category}, {fmt(r.area)} m²) — {r.note}")
    return "\n".join(L) + "\n"


def main() -> None:
    make_people()
    buildings = [b_main(), b_dept(), b_canteen(), b_center(), b_rented(), b_town()]
    for b in buildings:
        realise(b)
    rooms = [r for b in buildings for fl in b.floors for r in fl.rooms]
    for r in rooms:                       # a contractor survey covered some rooms (测绘面积, within 1 %)
        if RNG.random() < 0.2:
            r.surveyed = round(r.area * (1 + RNG.uniform(-0.009, 0.003)), 2)
    validate(buildings, rooms)
    P = PLANT
    expected = {("个人超标", P["county_head"].name), ("个人超标", P["big_head"].name),
                ("单位办公室超标", "县住建局"), ("卫生间不符合条件", P["toilet_vice"].name),
                ("一人多处", P["p5"].name), ("未腾退", P["retired"].name)}
    for label, fn in (("polygon", lambda r: r.area),
                      ("surveyed", lambda r: r.surveyed if r.surveyed is not None else r.area)):
        got = check(rooms, fn)
        assert got == expected, f"{label} areas: unexpected {sorted(got - expected)}, missing {sorted(expected - got)}"
    idle_rs = [r for r in rooms if r.status == "闲置"]
    assert len(idle_rs) >= 12 and len({r.building for r in idle_rs}) >= 3
    assert sum(r.category == "办公室" for r in idle_rs) > len(idle_rs) / 2
    rented = next(b for b in buildings if b.rented == "是")
    units8, plan, need, have = consolidation(rooms, rented)
    assert 2 <= len(units8) <= 3
    write_all(buildings, rooms)
    body = report(buildings, rooms, units8, plan, need, have)
    head = (Path(__file__).parent / "README.head.md").read_text(encoding="utf-8")   # static prose
    (OUT / "README.md").write_text(head + body, encoding="utf-8")
    print(body)
    # DXF drawings of some floors, from the GeoJSON just written (appends the README's DXF section).
    import make_dxf
    print(make_dxf.main())

if __name__ == "__main__":
    main()
