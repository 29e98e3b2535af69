"""Document-level recognition: kind (budget/final), year, unit name, level word, title, headings."""

from __future__ import annotations

import re
from collections import Counter

from budgetlens.model import Disclosure, Heading, Kind, Paragraph
from budgetlens.recognize.segment import Segment, TableRegion, compact

_PART = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
_SECTION = re.compile(r"^([一二三四五六七八九十]+)、\s*(.*)$")
_SUBSECTION = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$")

# "XX单位2024年度部门决算", "XX 2024 年部门预算公开", "2024年XX部门预算"
_TITLE_YEAR = re.compile(r"(20\d{2})\s*年度?")
_KIND_WORDS = {
    Kind.FINAL: ("决算",),
    Kind.BUDGET: ("预算",),
}
_UNIT_BEFORE_YEAR = re.compile(r"^(.{4,60}?)\s*(20\d{2})\s*年度?\s*(部门|单位)?\s*(预算|决算)")
_UNIT_AFTER_YEAR = re.compile(r"(20\d{2})\s*年度?\s*(.{4,60}?)(部门|单位)(?:预算|决算|概况)")
_UNIT_SUFFIX = ("局", "委员会", "办公室", "中心", "厅", "院", "所", "站", "队", "会", "委", "处", "馆", "部", "室", "校", "社", "团", "署", "台", "公司")


def _is_list_item(title: str) -> bool:
    """Glossary definitions ("财政拨款收入：指…") and lists of attached tables ("《收入决算表》")
    use heading markers but are not headings."""
    return title.startswith("《") or bool(re.search(r"[：:]\s*指", title))


# A heading printed with a full stop ("（一）“三公”经费财政拨款支出决算总体情况说明。"): a section noun
# before the stop and no clause inside.
_HEADING_STOP = re.compile(r"(?<=说明|情况|概况|解释)[。.]$")


def _is_sentence(text: str) -> bool:
    return text.endswith("。") and not (_HEADING_STOP.search(text) and not re.search(r"[，,；;：:]", text))


def _headings(segments: list[Segment]) -> list[Heading]:
    out: list[Heading] = []
    for seg in segments:
        if not isinstance(seg, Paragraph):
            continue
        text = compact(seg.text)
        for level, pattern in ((0, _PART), (1, _SECTION), (2, _SUBSECTION)):
            m = pattern.match(text)
            if m and len(text) <= 80 and not _is_sentence(text) and not _is_list_item(m.group(2)):
                title = _HEADING_STOP.sub("", m.group(2))
                out.append(Heading(level=level, marker=text[: len(text) - len(title)], title=title, location=seg.location))
                break
    return out


# A cover header printed above the title ("保密审查情况：已审查", "审签情况：经局长审签"); a reader may
# have joined it to the title lines.
_REVIEW_HEADER = re.compile(
    r"^(?:(?:保密审查|审查|审签|审核|签发|公开审查)(?:情况|意见)?[：:]"
    r"(?:已|未|经|无|不)?[^\s，,。；;：:]{0,10}?(?:审查|审签|签发|审核|同意|通过|涉密|秘密))+"
)
# Word field codes left in text by a converter: "TOC \o "1-3" \h \z \u", "HYPERLINK \l "_Toc25831"",
# "PAGEREF _Toc25831 \h 3" (the backslashes sometimes lost).
FIELD_CODE = re.compile(
    r"\s*(?:TOC(?:\s+\\?[a-z](?:\s+\"[^\"]*\")?)+|HYPERLINK\s+\\?l\s+\"?_Toc\d+\"?"
    r"|PAGEREF\s*_Toc\d+(?:\s*\\?h)?(?:\s*\d+)?)"
)


def strip_field_codes(text: str) -> str:
    return FIELD_CODE.sub("", text)


def _title_line(t: str) -> bool:
    return bool(re.match(r"^20\d{2}年度?", t)) and ("预算" in t or "决算" in t) and len(t) <= 30


def _name_piece(t: str) -> bool:
    """A short line of a title printed over several lines ("鹭江市" / "港航管理局")."""
    return 2 <= len(t) <= 24 and re.fullmatch(r"[\u4e00-\u9fff（）()]+", t) is not None and t not in ("目录", "目次")


def _first_texts(segments: list[Segment], limit: int = 12) -> list[str]:
    texts: list[str] = []
    for seg in segments:
        if isinstance(seg, Paragraph):
            t = _REVIEW_HEADER.sub("", strip_field_codes(compact(seg.text)))
            if t:
                texts.append(t)
        if len(texts) >= limit:
            break
    # "鹭江市" / "港航管理局" / "2023年度部门决算": the name lines joined to the year line
    for i, t in enumerate(texts):
        if _title_line(t):
            k = i
            while k > 0 and _name_piece(texts[k - 1]) and not (_PART.match(texts[k - 1]) or _SECTION.match(texts[k - 1])):
                k -= 1
            if k < i:
                texts[k : i + 1] = ["".join(texts[k : i + 1])]
            break
    return texts


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


def _year(texts: list[str], segments: list[Segment]) -> int | None:
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
    return name.strip(" ：:，,")


def _unit_name(texts: list[str], segments: list[Segment]) -> tuple[str, str]:
    """The unit name and the level word (部门/单位) the document uses for itself."""
    for t in texts[:8]:
        m = _UNIT_BEFORE_YEAR.search(t)
        if m and not _PART.match(t):
            return _clean_unit(m.group(1)), m.group(3) or ""
        m2 = _UNIT_AFTER_YEAR.search(t)
        if m2:
            return _clean_unit(m2.group(2)), m2.group(3)
    # Fall back to the name stated in a table preamble (编制部门：X) or the commonest
    # organisation-like subject of sentences.
    for seg in segments:
        if isinstance(seg, TableRegion):
            for line in seg.preamble:
                m3 = re.search(r"编制(部门|单位)[：:]\s*(\S+)", line)
                if m3:
                    return m3.group(2), m3.group(1)
    counts: Counter[str] = Counter()
    for seg in segments:
        if isinstance(seg, Paragraph):
            for m4 in re.finditer(r"([\u4e00-\u9fff（）()]{4,40}?(?:" + "|".join(_UNIT_SUFFIX) + r"))(?:20\d{2}|无下属|下设|编制数|实有)", compact(seg.text)):
                counts[m4.group(1)] += 1
    if counts:
        return counts.most_common(1)[0][0], ""
    return "", ""


def _level_word(texts: list[str], segments: list[Segment]) -> str:
    for t in texts[:4]:
        for word in ("部门", "单位"):
            if re.search(word + r"(?:预算|决算)", t):
                return word
    return ""


# Placeholders a template puts where names and figures belong: "上海市XX局", "X万元", "××%", "某某单位".
_PLACEHOLDER = re.compile(r"[XxＸｘ×]{2,}|某某|[XxＸｘ×]+(?:\.[XxＸｘ×]+)?\s*(?:万元|%|％|人|辆|个)")


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
    doc.unit.level_word = _level_word(texts, segments) or word
    doc.title = next(
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
    doc.headings = _headings(segments)
    doc.is_template = _is_template(name, segments)
    return doc
