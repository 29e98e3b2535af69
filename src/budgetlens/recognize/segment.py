"""Segment a Source into running text and table regions, each table with its title.

Table titles reach us in three ways: as paragraphs just before a grid (tab-separated text, DOCX,
HTML), as one-cell rows at the top of a grid (cell-per-line text), or as the first token rows of
an unaligned grid (PDF text). Either way a :class:`TableRegion` carries the title, the preamble
lines (``（2024年度）``, ``编制单位：…``, ``单位：万元``), the grid body and any notes after it
(``备注：…为空表。``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from budgetlens.model import Grid, Location, Paragraph, Source

_TABLE_NO = re.compile(r"^(?:附)?表\s*([0-9一二三四五六七八九十]+(?:[-－—]\d+)?)$")
_TITLE = re.compile(r"^.{2,40}表$")
_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_PREAMBLE = re.compile(
    r"^(?:[（(]\s*\d{4}\s*年度?\s*[）)]|编制(?:部门|单位)[：:].*|(?:金额)?单位[：:]\s*(?:万元|元|千元|亿元).*|\d{4}\s*年度?)$"
)
_NOTE = re.compile(r"^(?:备注|注|说明)[：:]|为空(?:白)?表|空(?:白)?表。?$|无(?:此|该)?(?:项)?(?:收支|支出|数据)")


@dataclass(slots=True)
class TableRegion:
    title: str
    grid: Grid
    location: Location
    number: str | None = None
    preamble: list[str] = field(default_factory=list)
    notes: list[Paragraph] = field(default_factory=list)
    heading: str = ""  # the nearest heading before the table
    kind: str = "table"


Segment = Paragraph | TableRegion


_SPACE = re.compile(r"\s+")


def compact(text: str) -> str:
    """Remove all whitespace: titles and labels are compared without the spaces that PDF and
    spreadsheet layouts put between characters ("收 入 总 计")."""
    return _SPACE.sub("", text)


def is_title(text: str) -> bool:
    t = compact(text)
    return bool(_TABLE_NO.match(t)) or (bool(_TITLE.match(t)) and "。" not in t and "，" not in t and not _HEADING.match(t))


def is_preamble(text: str) -> bool:
    return bool(_PREAMBLE.match(compact(text))) or compact(text).startswith(("编制部门", "编制单位", "单位：", "单位:"))


def _row_text(row: list[str]) -> str:
    return " ".join(t for t in row if t)


def _take_title_rows(grid: Grid) -> tuple[list[str], int]:
    """Leading rows that hold only a title or preamble (one filled cell, or for unaligned grids
    a line that is a title/preamble as a whole)."""
    taken: list[str] = []
    k = 0
    for row in grid.rows:
        texts = [c.text for c in row if c.text]
        if not texts:
            k += 1
            continue
        joined = _row_text(texts)
        whole = compact(joined)
        single = len(texts) == 1 or not grid.aligned
        if single and (is_title(whole) or is_preamble(joined)):
            taken.append(joined)
            k += 1
            continue
        # "编制部门：X 单位：万元" printed on one line splits into two cells
        if all(is_preamble(t) for t in texts):
            taken.extend(texts)
            k += 1
            continue
        break
    return taken, k


def segment(source: Source) -> list[Segment]:
    out: list[Segment] = []
    heading = ""
    blocks = source.blocks
    for block in blocks:
        if isinstance(block, Paragraph):
            text = compact(block.text)
            if out and isinstance(out[-1], TableRegion) and _NOTE.search(text) and len(text) < 200 and not _HEADING.match(text):
                out[-1].notes.append(block)
                continue
            if _HEADING.match(text):
                heading = block.text
            prev = out[-1] if out else None
            if isinstance(prev, Paragraph) and _continues(prev, block):
                out[-1] = _join(prev, block)
                continue
            out.append(block)
            continue
        lead, k = _take_title_rows(block)
        # Title and preamble printed as paragraphs just before the grid.
        before: list[str] = []
        while out and isinstance(out[-1], Paragraph):
            prev = out[-1]
            t = prev.text.strip()
            if (is_title(t) or is_preamble(t)) and len(compact(t)) <= 60:
                before.insert(0, t)
                out.pop()
                continue
            break
        lines = before + lead
        title, number, preamble = _split_title(lines)
        body = Grid(
            rows=block.rows[k:],
            location=block.location,
            aligned=block.aligned,
            layout=block.layout,
            continues=block.continues,
        )
        out.append(
            TableRegion(
                title=title,
                grid=body,
                location=block.location,
                number=number,
                preamble=preamble,
                heading=heading,
            )
        )
    return out


_SENTENCE_END = re.compile(r"[。；;！!？?：:）)”]$")
_ITEM_START = re.compile(r"^(?:\d+[、.．]|第[一二三四五六七八九十]+条)")


def _continues(prev: Paragraph, block: Paragraph) -> bool:
    """A PDF paragraph cut mid-sentence at a page or box edge ("…单价100万元" / "（含）以上设备…"):
    the previous one is running text that stops without punctuation on the same page, and the next
    does not start a heading or a numbered item. Text input keeps its own line structure."""
    a, b = compact(prev.text), compact(block.text)
    if prev.location.bbox is None or block.location.bbox is None or prev.location.page != block.location.page:
        return False
    if len(a) < 40 or _SENTENCE_END.search(a) or _HEADING.match(a) or _HEADING.match(b) or _ITEM_START.match(b):
        return False
    return not is_title(b)


def _join(prev: Paragraph, block: Paragraph) -> Paragraph:
    pb, bb = prev.location.bbox, block.location.bbox
    loc = prev.location
    if pb is not None and bb is not None:
        box = (min(pb[0], bb[0]), min(pb[1], bb[1]), max(pb[2], bb[2]), max(pb[3], bb[3]))
        loc = dataclasses.replace(loc, bbox=box)
    return Paragraph(text=prev.text + block.text, location=loc, raw=prev.raw + block.raw)


def _split_title(lines: list[str]) -> tuple[str, str | None, list[str]]:
    title = ""
    number: str | None = None
    preamble: list[str] = []
    for line in lines:
        c = compact(line)
        m = _TABLE_NO.match(c)
        if m:
            number = m.group(1)
            continue
        if is_title(c) and not title:
            title = c
            continue
        preamble.append(line)
    return title, number, preamble


def regions(segments: list[Segment]) -> list[TableRegion]:
    return [s for s in segments if isinstance(s, TableRegion)]


def paragraphs(segments: list[Segment]) -> list[Paragraph]:
    return [s for s in segments if isinstance(s, Paragraph)]
