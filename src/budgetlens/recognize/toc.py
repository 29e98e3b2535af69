"""The table of contents (目录): its entries, and whether each is present in the body."""

from __future__ import annotations

import difflib
import re

from budgetlens.model import Disclosure, Paragraph, TocEntry
from budgetlens.recognize.document import strip_field_codes
from budgetlens.recognize.segment import Segment, compact

_MARKERS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(r"^第[一二三四五六七八九十]+部分")),
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
]


def _entry(text: str) -> tuple[int, str] | None:
    t = _clean(text)
    for level, pattern in _MARKERS:
        m = pattern.match(t)
        if m:
            title = t[m.end():].strip("《》")
            return level, title
    return None


def _clean(text: str) -> str:
    """A 目录 line without Word field codes ("PAGEREF _Toc25831 \\h 3", page number included)."""
    return compact(strip_field_codes(text))


def _toc_paragraphs(segments: list[Segment]) -> list[Paragraph]:
    paras = [s for s in segments if isinstance(s, Paragraph)]
    start = next((i for i, p in enumerate(paras) if compact(p.text) in ("目录", "目次")), None)
    if start is None:
        return []
    entries: list[Paragraph] = []
    first: str | None = None
    for p in paras[start + 1 :]:
        t = _clean(p.text)
        if _entry(t) is None or len(t) > 80:
            break
        if first is not None and t == first:
            break  # the body starts by repeating the first entry
        first = first or t
        entries.append(p)
    return entries


# Filler that 目录 and body use interchangeably ("其他重要事项说明" / "其他重要事项的情况说明").
_FILLER = re.compile(r"的|情况")


def _similar(a: str, b: str) -> bool:
    if a == b or _FILLER.sub("", a) == _FILLER.sub("", b):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _strip_level_word(title: str) -> str:
    return re.sub(r"^(?:部门|单位)", "", title)


def resolve_toc(doc: Disclosure, segments: list[Segment]) -> list[TocEntry]:
    paras = _toc_paragraphs(segments)
    if not paras:
        return doc.toc
    # Whole locations, not line numbers: PDF paragraphs have a page and a box but no line.
    toc_lines = {p.location for p in paras}
    doc.headings = [h for h in doc.headings if h.location not in toc_lines]
    body = [(h.level, h.title) for h in doc.headings]
    table_titles = [( _strip_level_word(t.title), t) for t in doc.tables]
    perf_titles = [compact(p.title) for p in doc.performance]
    entries: list[TocEntry] = []
    for p in paras:
        parsed = _entry(p.text)
        if parsed is None:
            continue
        level, title = parsed
        entry = TocEntry(level=level, title=title, location=p.location)
        if level >= 1 and title.endswith("表"):
            # Titles of different standard tables differ by a word or two (收入/支出), so tables
            # are matched by their identified standard id, never by string similarity.
            key = _strip_level_word(title)
            table_id = _table_id_for(title, doc)
            if table_id is not None:
                entry.target = table_id
                entry.present = any(t.id == table_id for t in doc.tables)
            else:
                entry.present = any(name == key for name, _ in table_titles) or any(
                    _strip_level_word(pt) == key for pt in perf_titles
                )
        else:
            entry.present = any(lv == level and _similar(t, title) for lv, t in body)
        entries.append(entry)
    doc.toc = entries
    return entries


def _table_id_for(title: str, doc: Disclosure) -> str | None:
    """The standard id of a listed table that is not in the body, when the catalogue knows it."""
    from budgetlens.recognize.table_specs import identify

    spec = identify(title, str(doc.kind) if doc.kind else None)
    return spec.id if spec else None
