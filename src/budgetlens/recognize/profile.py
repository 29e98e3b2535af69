"""Unit profile: main functions, internal departments, sub-units and staff figures."""

from __future__ import annotations

import re

from budgetlens.model import Disclosure, Paragraph, Staff, Unit
from budgetlens.recognize.lazy_pattern import LazyPattern, lazy
from budgetlens.recognize.segment import Segment, TableRegion, compact

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def cn_int(text: str) -> int | None:
    """Parse "12", "十二", "二十三" (small counts as written in profiles)."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS for ch in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[text] if len(text) == 1 else None


_NUM = r"(\d+|[零一二两三四五六七八九十]+)"
_DEPT_NOUN = r"(?:职能)?(?:科室|处室|内设机构|机构|部门|科|处|股|室)"
# "下设4个处室", "内设机构7个", "内设科室共5个"
_DEPTS = lazy(r"(?:内设|下设)(?:" + _NUM + r"个" + _DEPT_NOUN + r"|(?:机构|科室|处室|职能科室|职能部门)(?:共|有)?" + _NUM + r"个)")
# "共设办公室、财务科（审计科）…5个内设机构": the list before its count
_DEPTS_LISTED = lazy(r"(?:共设|设有|内设|下设)(?P<list>[^。；;：:]{2,300}?)(?:等)?" + _NUM + r"个" + _DEPT_NOUN)
_HAN = lazy(r"[\u4e00-\u9fff]")
_DEPT_LIST = lazy(r"(?:分别(?:是|为)|包括|即)[：:]?(.+?)(?:。|$)")
_NO_SUBUNITS = lazy(r"无下属(?:预算)?单位|没有下属(?:预算)?单位|下属(?:预算)?单位[0-9零]个|无所属(?:预算)?单位")
_SUBUNITS = lazy(
    r"(?:下属|所属|二级)(?:二级)?(?:预算)?单位(?:共|有)?" + _NUM + r"个"
    + r"|(?:包括|及|和)(?:下属|所属)?" + _NUM + r"个(?:下属|所属)?(?:二级)?(?:预算)?单位"
)
_CHANGE = r"(?:[，,]?(增加|减少|持平)(\d+)?人?)?"
_STAFF_PATTERNS: list[tuple[str, LazyPattern]] = [
    # "编制数30", "编制人数45人", "核定编制48人" (not a part: "行政编制36人")
    ("authorized", lazy(r"(?<!行政)(?<!事业)(?<!工勤)编制(?:(?:总|人)?数(?:为|是|共)?(\d+)|(?:为|是|共)?(\d+)(?=人|名))")),
    ("actual", lazy(r"实有(?:在编)?人数(?:为|是)?(\d+)人?")),
    ("in_service", lazy(r"在职(?:人员|职工)?(?:为|是)?(\d+)人" + _CHANGE)),
    ("retired", lazy(r"(?<!离)退休(?:人员|职工)?(?:为|是)?(\d+)人" + _CHANGE)),
    ("retired_cadre", lazy(r"离休(?:人员|干部)?(?:为|是)?(\d+)人" + _CHANGE)),
]


def _signed(direction: str | None, amount: str | None) -> int | None:
    if direction is None:
        return None
    if direction == "持平":
        return 0
    value = int(amount) if amount else 0
    return -value if direction == "减少" else value


def _staff(text: str, staff: Staff, para: Paragraph) -> None:
    found = False
    for field_name, pattern in _STAFF_PATTERNS:
        m = pattern.search(text)
        if not m or getattr(staff, field_name) is not None:
            continue
        if field_name == "authorized":
            staff.authorized = int(m.group(1) or m.group(2))
            found = True
            continue
        setattr(staff, field_name, int(m.group(1)))
        found = True
        if m.lastindex and m.lastindex >= 2 and m.group(2):
            setattr(staff, field_name + "_change", _signed(m.group(2), m.group(3)))
    if found and staff.location is None:
        staff.location = para.location
        staff.evidence = para.text


def _split_names(text: str) -> list[str]:
    """Split a list of names at 、，； outside brackets ("安全督察科（执法科、法制科）" is one name)."""
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        if ch in "、，,；;" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    names = []
    for part in parts:
        name = part.strip().strip("。.")
        name = re.sub(r"^(?:和|及|以及)", "", name)
        if name:
            names.append(name)
    return names


def _functions(paragraphs: list[Paragraph]) -> list[str]:
    """Paragraphs under the 主要职能 heading, up to the next heading."""
    out: list[str] = []
    inside = False
    for p in paragraphs:
        t = compact(p.text)
        if re.match(r"^[一二三四五六七八九十]+、", t) or re.match(r"^第[一二三四五六七八九十]+部分", t):
            if inside:
                break
            inside = "职能" in t and len(t) < 30
            continue
        if inside:
            out.append(p.text.strip())
    return out


def recognize_profile(doc: Disclosure, segments: list[Segment]) -> Unit:
    unit = doc.unit
    paragraphs = [s for s in segments if isinstance(s, Paragraph)]
    unit.functions = _functions(paragraphs)
    for para in paragraphs:
        text = compact(para.text)
        if len(text) > 600:
            continue
        if unit.department_count is None:
            listed = _DEPTS_LISTED.search(text)
            if listed and not re.search(r"\d|个", listed.group("list")) and "、" in listed.group("list"):
                names = _split_names(listed.group("list"))
                count = cn_int(listed.group(2))
                if count == len(names):
                    unit.department_count = count
                    unit.departments = names
                    unit.structure_location = para.location
                    unit.structure_evidence = para.text
        if unit.department_count is None:
            m = _DEPTS.search(text)
            if m:
                unit.department_count = cn_int(m.group(1) or m.group(2))
                unit.structure_location = para.location
                unit.structure_evidence = para.text
                rest = text[m.end():]
                lm = _DEPT_LIST.search(rest)
                if lm:
                    unit.departments = _split_names(lm.group(1))
        if unit.sub_unit_count is None:
            if _NO_SUBUNITS.search(text):
                unit.sub_unit_count = 0
            else:
                sm = _SUBUNITS.search(text)
                if sm:
                    unit.sub_unit_count = cn_int(sm.group(1) or sm.group(2))
                    lm = _DEPT_LIST.search(text[sm.end():])
                    if lm and not unit.sub_units:
                        unit.sub_units = _split_names(lm.group(1))
            if unit.sub_unit_count is not None and unit.structure_location is None:
                unit.structure_location = para.location
                unit.structure_evidence = para.text
        if "人" in text and ("在职" in text or "编制" in text or "实有" in text):
            _staff(text, unit.staff, para)
    if unit.sub_unit_count is None:
        _composition_table(unit, segments)
    return unit


def _composition_table(unit: Unit, segments: list[Segment]) -> None:
    """A list of the units the disclosure covers (部门决算/预算单位构成: 序号 | 单位名称 | 备注): the
    rows other than the department's own 本级 are its subordinate units."""
    for seg in segments:
        if not isinstance(seg, TableRegion) or not seg.grid.rows:
            continue
        header = [compact(c.text) for c in seg.grid.rows[0]]
        if "单位名称" not in header or not ({"序号", "备注"} & set(header)):
            continue
        col = header.index("单位名称")
        names = [compact(r[col].text) for r in seg.grid.rows[1:] if col < len(r) and compact(r[col].text)]
        own = {unit.name, f"{unit.name}本级"} if unit.name else set()
        # "。。。" rows of a template are not units
        subs = [n for n in names if "本级" not in n and n not in own and _HAN.search(n)]
        unit.sub_unit_count = len(subs)
        unit.sub_units = subs
        return
