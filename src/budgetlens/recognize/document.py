"""Document-level recognition: kind (budget/final), year, unit name, level word, title, headings."""

from __future__ import annotations

import re
from collections import Counter

from budgetlens.model import Disclosure, Heading, Kind, Paragraph
from budgetlens.recognize.lazy_pattern import lazy
from budgetlens.recognize.segment import Segment, TableRegion, compact

_PART = lazy(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
_SECTION = lazy(r"^([一二三四五六七八九十]+)、\s*(.*)$")
_SUBSECTION = lazy(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$")

# "XX单位2024年度部门决算", "XX 2024 年部门预算公开", "2024年XX部门预算"
_TITLE_YEAR = lazy(r"(20\d{2})\s*年度?")
_KIND_WORDS = {
    Kind.FINAL: ("决算",),
    Kind.BUDGET: ("预算",),
}
# "X 2026年度部门预算", "X2022年部门综合预算", "X2026部门预算情况的说明", "X2021年度决算公开说明"
_UNIT_BEFORE_YEAR = lazy(r"^(.{4,60}?)\s*(20\d{2}|二[〇○零][〇○零一二三四五六七八九]{2})\s*(?:年度?)?\s*(?:市级|区级|县级)?(部门|单位)?\s*(?:综合)?(预算|决算)")
# "2026年广州市交通运输局部门预算", "2026年度苏州市交通运输局部门预算公开"
_UNIT_AFTER_YEAR = lazy(r"(20\d{2}|二[〇○零][〇○零一二三四五六七八九]{2})\s*年度?\s*(.{4,60}?)(部门|单位)(?:综合)?(?:预算|决算|概况)")
_UNIT_SUFFIX = ("局", "委员会", "办公室", "中心", "厅", "院", "所", "站", "队", "会", "委", "处", "馆", "部", "室", "校", "社", "团", "署", "台", "公司")
_HAN_NAME = lazy(r"[\u4e00-\u9fff（）()]+")
_NAME_BEFORE_STAFF = lazy(r"([\u4e00-\u9fff（）()]{4,40}?(?:" + "|".join(_UNIT_SUFFIX) + r"))(?:20\d{2}|无下属|下设|编制数|实有)")


def _is_list_item(title: str) -> bool:
    """Glossary definitions ("财政拨款收入：指…") and lists of attached tables ("《收入决算表》")
    use heading markers but are not headings."""
    return title.startswith("《") or bool(re.search(r"[：:]\s*指", title))


# A heading printed with a full stop ("（一）“三公”经费财政拨款支出决算总体情况说明。"): a section noun
# before the stop and no clause inside.
_HEADING_STOP = lazy(r"(?<=说明|情况|概况|解释)[。.]$")


def _is_sentence(text: str) -> bool:
    return text.endswith("。") and not (_HEADING_STOP.search(text) and not re.search(r"[，,；;：:]", text))


def _with_unmarked(headings: list[Heading], segments: list[Segment], name: str) -> list[Heading]:
    """The headings with markers, and those the 目录 lists but the body prints without one."""
    from budgetlens.recognize.toc import unmarked_headings

    names = [name, re.sub(r"[（(][^（）()]*[）)]$", "", name)] if name else []
    extra = unmarked_headings(segments, names)
    if not extra:
        return headings
    order = {id(seg.location): i for i, seg in enumerate(segments)}
    merged = headings + extra
    return sorted(merged, key=lambda h: order.get(id(h.location), 0))


def _headings(segments: list[Segment]) -> list[Heading]:
    out: list[Heading] = []
    for seg in segments:
        if not isinstance(seg, Paragraph):
            continue
        text = compact(seg.text)
        for level, pattern in ((0, _PART), (1, _SECTION), (2, _SUBSECTION)):
            m = pattern.match(text)
            if m and len(text) <= 80 and not _is_sentence(text) and not _is_list_item(m.group(2)):
                title = _HEADING_STOP.sub("", m.group(2)).lstrip("：:、.． ")
                out.append(Heading(level=level, marker=text[: len(text) - len(title)], title=title, location=seg.location))
                break
    return out


# A cover header printed above the title ("保密审查情况：已审查", "审签情况：经局长审签"); a reader may
# have joined it to the title lines.
_REVIEW_HEADER = lazy(
    r"^(?:(?:保密审查|审查|审签|审核|签发|公开审查)(?:情况|意见)?[：:]"
    r"(?:已|未|经|无|不)?[^\s，,。；;：:]{0,10}?(?:审查|审签|签发|审核|同意|通过|涉密|秘密))+"
)
# Word field codes left in text by a converter: "TOC \o "1-3" \h \z \u", "HYPERLINK \l "_Toc25831"",
# "PAGEREF _Toc25831 \h 3" (the backslashes sometimes lost).
FIELD_CODE = lazy(
    r"\s*(?:TOC(?:\s+\\?[a-z](?:\s+\"[^\"]*\")?)+|HYPERLINK\s+\\?l\s+\"?_Toc\d+\"?"
    r"|PAGEREF\s*_Toc\d+(?:\s*\\?h)?(?:\s*\d+)?)"
)


def strip_field_codes(text: str) -> str:
    return FIELD_CODE.sub("", text)


def _first_texts(segments: list[Segment], limit: int = 12) -> list[str]:
    texts: list[str] = []
    for seg in segments:
        if isinstance(seg, Paragraph):
            t = _REVIEW_HEADER.sub("", strip_field_codes(compact(seg.text)))
            if t:
                texts.append(t)
        if len(texts) >= limit:
            break
    return texts


# Lines of a cover that name the unit: "预算单位：X", "预算主管部门：X", "部门名称：X", "编制单位：X"
_LABEL = lazy(
    r"^(?:(预算单位|单位名称|编制单位|填报单位|决算单位)|(预算主管部门|主管部门|部门名称|编制部门))[：:](.{2,40})$"
)
_DATE_LINE = lazy(r"^(?:20\d{2}|二[〇○零][一二三四五六七八九〇○零]{2})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月")
_TRAILING_DATE = lazy(
    r"(?<=[预决]算|公开|说明)(?:20\d{2}|二[〇○零][一二三四五六七八九〇○零]{2})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}日)?$"
)
_ANNEX = lazy(r"^附件\d*$|^附表\d*$")


def _cover(texts: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The title groups of the cover (consecutive short lines joined: "2026年度" / "XX局" /
    "部门预算公开") and its labelled lines (label word, name), up to the 目录 or the first heading."""
    groups: list[str] = []
    labels: list[tuple[str, str]] = []
    current = ""
    for t in texts:
        if t in ("目录", "目次") or _PART.match(t) or _SECTION.match(t) or _SUBSECTION.match(t):
            break
        if len(t) > 60 or t.endswith(("。", "；", "：")) or re.search(r"[，,；;]", t):
            break
        # a date of publication run on to the title ("…单位决算二〇二五年八月")
        t = _TRAILING_DATE.sub("", t) or t
        m = _LABEL.match(t)
        if m or _DATE_LINE.match(t) or _ANNEX.match(t) or re.search(r"[：:]", t):
            if current:
                groups.append(current)
                current = ""
            if m:
                labels.append((m.group(1) or m.group(2), m.group(3)))
            continue
        current += t
        if re.search(r"(?:预算|决算|公开|说明|报表)$", current):
            groups.append(current)
            current = ""
    if current:
        groups.append(current)
    return groups, labels


def _kind(texts: list[str], segments: list[Segment]) -> Kind | None:
    """Decide from the title lines first, then from the words the whole document uses most."""
    for t in texts[:6]:
        has_final = "决算" in t
        has_budget = "预算" in t and "预算绩效" not in t
        if has_final and not has_budget:
            return Kind.FINAL
        if has_budget and not has_final:
            return Kind.BUDGET
    counts: Counter[Kind] = Counter()
    for seg in segments:
        if isinstance(seg, TableRegion):
            title = seg.title
            if "决算" in title:
                counts[Kind.FINAL] += 3
            elif "预算" in title or "情况表" in title:
                counts[Kind.BUDGET] += 1
            continue
        t = compact(seg.text)
        if _PART.match(t) or _SECTION.match(t):
            counts[Kind.FINAL] += t.count("决算")
            counts[Kind.BUDGET] += t.count("预算") - t.count("预算绩效") - t.count("一般公共预算") - t.count("政府性基金预算") - t.count("国有资本经营预算")
    if counts:
        kind, n = counts.most_common(1)[0]
        if n > 0:
            return kind
    return None


_CN_NUMERAL = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
# the year a title names for its budget or final account: "2026部门预算", "二〇二五年度部门决算"
_KIND_YEAR = lazy(
    r"(20\d{2}|二[〇○零][〇○零一二三四五六七八九]{2})\s*(?:年度?)?\s*(?:市级|区级|县级)?(?:部门|单位)?(?:综合)?(?:预算|决算)"
)


def _title_year(title: str) -> int | None:
    m = _KIND_YEAR.search(title)
    if not m:
        return None
    digits = "".join(_CN_NUMERAL.get(c, c) for c in m.group(1))
    return int(digits) if digits.isdigit() else None


def _year(texts: list[str], segments: list[Segment]) -> int | None:
    groups, _ = _cover(texts)
    for g in groups:
        y = _title_year(g)
        if y is not None:
            return y
    for t in texts[:6]:
        m = _TITLE_YEAR.search(t)
        if m:
            return int(m.group(1))
    counts: Counter[int] = Counter()
    for seg in segments:
        if isinstance(seg, Paragraph):
            for m in _TITLE_YEAR.finditer(seg.text):
                counts[int(m.group(1))] += 1
    return counts.most_common(1)[0][0] if counts else None


def _clean_unit(name: str) -> str:
    name = re.sub(r"^(?:第[一二三四五六七八九十]+部分|关于)", "", name)
    name = name.strip(" ：:，,")
    # "北京市信访办公室部门 2026 年度部门预算": the level word after the name is not part of it
    m = re.match(r"^(.+?)(?:部门|单位)$", name)
    if m and m.group(1).endswith(_UNIT_SUFFIX):
        name = m.group(1)
    return name


# Words of a sentence, never of a unit's name: "原因是局属事业单位X中心", "增加的主要原因是一是…"
_NOT_A_NAME = lazy(r"原因|增加|减少|其中|包括|一是|二是|本单位|本部门|主要|是")
# and, for a name guessed from running text, words of the budget it speaks about
_NOT_A_NAME_IN_TEXT = lazy(r"预算|决算|支出|收入|经费|积极|谋划|推进|负责|安排")


def _plausible_unit(name: str, strict: bool = False) -> bool:
    """A unit's name: 4–40 characters of Chinese (brackets allowed, as in （本级）) and no word of a
    sentence; a name guessed from running text (``strict``) must also end with an organisation
    word (局, 委员会, 中心 …)."""
    if not (4 <= len(name) <= 40) or not _HAN_NAME.fullmatch(name):
        return False
    bare = re.sub(r"[（(][^（）()]*[）)]", "", name)
    if _NOT_A_NAME.search(bare) or (strict and _NOT_A_NAME_IN_TEXT.search(bare)):
        return False
    return not strict or re.sub(r"[（(][^（）()]*[）)]$", "", name).endswith(_UNIT_SUFFIX)


_LEVEL_OF_LABEL = {"预算单位": "单位", "单位名称": "单位", "编制单位": "单位", "填报单位": "单位", "决算单位": "单位"}


def _unit_name(texts: list[str], segments: list[Segment]) -> tuple[str, str]:
    """The unit name and the level word (部门/单位) the document uses for itself: from the cover's
    labelled line (预算单位：X), the title, a table preamble (编制部门：X), or — as a last resort —
    the organisation most often named as a sentence's subject."""
    groups, labels = _cover(texts)
    for label, value in labels:
        name = _clean_unit(value)
        if _plausible_unit(name):
            return name, _LEVEL_OF_LABEL.get(label, "部门")
    for t in groups + texts[:8]:
        if _PART.match(t):
            continue
        m = _UNIT_BEFORE_YEAR.search(t)
        if m and _plausible_unit(_clean_unit(m.group(1))):
            return _clean_unit(m.group(1)), m.group(3) or ""
        m2 = _UNIT_AFTER_YEAR.search(t)
        if m2 and _plausible_unit(_clean_unit(m2.group(2))):
            return _clean_unit(m2.group(2)), m2.group(3)
    for seg in segments:
        lines = seg.preamble if isinstance(seg, TableRegion) else [compact(seg.text)]
        for line in lines:
            m3 = re.search(r"(?:编制|预算)?(部门|单位)(?:名称)?[：:]\s*([^\s：:]+?)(?:\s|单位[：:]|金额单位|$)", line)
            if m3 and _plausible_unit(_clean_unit(m3.group(2))):
                return _clean_unit(m3.group(2)), m3.group(1)
    counts: Counter[str] = Counter()
    for seg in segments:
        if isinstance(seg, Paragraph):
            for m4 in _NAME_BEFORE_STAFF.finditer(compact(seg.text)):
                name = m4.group(1)
                # the longest tail that is a name: "原因是局属事业单位X中心" names X中心
                tails = [name[k:] for k in range(len(name) - 3) if _plausible_unit(name[k:], strict=True)]
                if tails:
                    counts[tails[0]] += 1
    if counts:
        return counts.most_common(1)[0][0], ""
    return "", ""


def _level_word(title: str, texts: list[str]) -> str:
    for t in [title, *texts[:4]]:
        m = re.search(r"(部门|单位)(?:综合)?(?:预算|决算)", t)
        if m:
            return m.group(1)
    return ""


# Placeholders a template puts where names and figures belong: "上海市XX局", "X万元", "××%", "某某单位".
_PLACEHOLDER = lazy(r"[XxＸｘ×]{2,}|某某|[XxＸｘ×]+(?:\.[XxＸｘ×]+)?\s*(?:万元|%|％|人|辆|个)")


def _is_template(name: str, segments: list[Segment]) -> bool:
    """A template (national or regional model disclosure) rather than a published one: the unit
    name is a placeholder, or the text puts placeholders where figures belong."""
    if _PLACEHOLDER.search(name):
        return True
    hits = 0
    for seg in segments:
        if isinstance(seg, Paragraph):
            hits += len(_PLACEHOLDER.findall(seg.text))
            if hits >= 3:
                return True
    return False


def recognize_document(doc: Disclosure, segments: list[Segment]) -> Disclosure:
    texts = _first_texts(segments)
    doc.kind = _kind(texts, segments)
    doc.year = _year(texts, segments)
    name, word = _unit_name(texts, segments)
    doc.unit.name = name
    groups, _ = _cover(texts)
    doc.title = next((g for g in groups if ("预算" in g or "决算" in g or "公开" in g) and len(g) <= 60), "") or next(
        (
            t
            for t in texts
            if t
            and not (_PART.match(t) or _SECTION.match(t) or _SUBSECTION.match(t))
            and t not in ("目录", "目次")
            and ("预算" in t or "决算" in t or "公开" in t)
            and len(t) <= 60
            and not t.endswith(("。", "；", "："))
        ),
        "",
    )
    doc.unit.level_word = _level_word(doc.title, texts) or word
    doc.headings = _with_unmarked(_headings(segments), segments, name)
    doc.is_template = _is_template(name, segments)
    return doc
