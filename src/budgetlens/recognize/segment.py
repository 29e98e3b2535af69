"""Segment a Source into running text and table regions, each table with its title.

Table titles reach us in three ways: as paragraphs just before a grid (tab-separated text, DOCX,
HTML), as one-cell rows at the top of a grid (cell-per-line text), or as the first token rows of
an unaligned grid (PDF text). Either way a :class:`TableRegion` carries the title, the preamble
lines (``（2024年度）``, ``编制单位：…``, ``单位：万元``), the grid body and any notes after it
(``备注：…为空表。``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from budgetlens.model import Grid, Location, Paragraph, Source
from budgetlens.recognize.lazy_pattern import lazy

# The number of a table as printed: 表1, 表一, 表 3-2, 附表1-1, and the local numbering of some
# templates: 公开01表, 财决01表, 单位预算01表, 部门公开表1.
_NUM = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})(?:[-－—][0-9]{1,2})?"
_TABLE_NO = lazy(rf"^(?:附|(?:部门|单位)?公开)?表({_NUM})$|^[\u4e00-\u9fff]{{1,6}}?([0-9]{{1,3}}(?:[-－—][0-9]{{1,2}})?)表$")
# A number printed before the title on the same line: "表3 本年支出总体情况表", "公开01表 收支总表";
# without a space only where the title cannot be read as part of the number ("表3本年…").
_NO_BEFORE_TITLE = lazy(
    rf"^\s*((?:附)?表\s*{_NUM}|[\u4e00-\u9fff]{{1,6}}?\s*[0-9]{{1,3}}\s*表)\s+(\S.*)$"
    rf"|^\s*((?:附)?表{_NUM})[：:、.．]?([^0-9\s\-－—、.．：:].*)$"
)
# A title ends with 表, optionally followed by one qualifier in parentheses
# ("…支出情况表（按功能分类科目）", "…绩效目标表（一级项目）", "…表（续）").
_TITLE = lazy(r"^.{2,60}表(?:[（(][^（）()]{1,40}[）)])?$")
_QUALIFIER = lazy(r"^[（(][^（）()]{1,40}[）)]$")
_HEADING = lazy(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_PREAMBLE = lazy(
    r"^(?:[（(]\s*\d{4}\s*年度?\s*[）)]|编制(?:部门|单位)[：:].*|(?:金额)?单位[：:]\s*(?:万元|元|千元|亿元).*|\d{4}\s*年度?)$"
)
# Lines above a grid that say whose table it is or in which unit it counts: "单位名称：X  单位：万元",
# "部门（单位）名称：X", "预算单位：X", "填报单位：X", "资金主管部门：X".
_PREAMBLE_LABEL = lazy(
    r"^(?:(?:部门|单位|预算|填报|编报|编制|资金主管|主管|报送)(?:部门|单位)?(?:[（(](?:单位|部门)[）)])?(?:名称|编码)?"
    r"|部门名称|单位名称)[：:]"
)
_UNIT_STATED = lazy(r"(?:金额)?单位[：:]\s*(?:万元|元|千元|亿元)")
_NOTE = lazy(r"^(?:备注|注|说明)[：:]|为空(?:白)?表|空(?:白)?表。?$|无(?:此|该)?(?:项)?(?:收支|支出|数据)")


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


def compact(text: str) -> str:
    """Remove all whitespace: titles and labels are compared without the spaces that PDF and
    spreadsheet layouts put between characters ("收 入 总 计"). ``str.split`` and the regular
    expression ``\\s`` know the same whitespace; splitting is the cheaper of the two."""
    return "".join(text.split())


def is_title(text: str) -> bool:
    t = compact(text)
    return bool(_TABLE_NO.match(t)) or (bool(_TITLE.match(t)) and "。" not in t and "，" not in t and not _HEADING.match(t))


_PAGE_NUMBER = lazy(r"^[-—－–_]*(?:第)?\d{1,3}(?:页)?(?:共\d{1,3}页)?[-—－–_]*$")


def is_page_number(text: str) -> bool:
    """A page footer or header that is only the page number ("— 9 —", "- 12 -", "第3页")."""
    return bool(_PAGE_NUMBER.match(compact(text)))


def heading_title(text: str) -> str:
    """The table title a heading names ("五、一般公共预算支出情况表" → "一般公共预算支出情况表"), or ""
    when the heading names a section of the text ("（三）一般公共预算拨款支出明细情况")."""
    t = compact(text)
    m = _HEADING.match(t)
    rest = t[m.end():] if m else t
    return rest if _TITLE.match(rest) and "。" not in rest and "，" not in rest else ""


def table_number(text: str) -> str | None:
    """The number of a line that is only a table number (表1, 表一, 附表1-1, 公开01表)."""
    m = _TABLE_NO.match(compact(text))
    return (m.group(1) or m.group(2)) if m else None


def split_number(text: str) -> tuple[str | None, str]:
    """A title line that begins with the table's number ("表3 本年支出总体情况表"): (number, title).
    (None, text) when the line does not begin with a number followed by a title."""
    m = _NO_BEFORE_TITLE.match(text)
    if not m:
        return None, text
    number_text, rest = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    rest = rest.lstrip("：:、.． ")  # "表1 ：收支总表"
    number = table_number(number_text)
    if number is None or not is_title(rest) or table_number(rest) is not None:
        return None, text
    return number, rest.strip()


def is_preamble(text: str) -> bool:
    c = compact(text)
    if bool(_PREAMBLE.match(c)) or c.startswith(("编制部门", "编制单位", "单位：", "单位:")):
        return True
    # a label line or a line stating the unit of amounts, never a sentence
    if len(c) > 80 or "。" in c or "；" in c:
        return False
    return bool(_PREAMBLE_LABEL.match(c)) or bool(_UNIT_STATED.search(c)) or bool(_QUALIFIER.match(c) and len(c) <= 20)


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
        if block.rows and k == len(block.rows):
            # a grid of title lines only (a cover "部门预算表" over a number line): lines above
            # the next grid, which takes the title and number nearest to it
            out.extend(Paragraph(text=line, location=block.location) for line in lead)
            continue
        # Title and preamble printed as paragraphs just before the grid.
        # One table has one title and one number: an earlier title or number line belongs to
        # something else (a cover page "部门预算表", the table before) and is left in the text.
        before: list[str] = []
        have_title = any(_line_kind(t)[1] for t in lead)
        have_number = any(_line_kind(t)[0] for t in lead)
        while out and isinstance(out[-1], Paragraph):
            t = out[-1].text.strip()
            if _HEADING.match(compact(t)):
                # a heading that is the table's title ("五、一般公共预算支出情况表") names it and
                # stays a heading of the text; nothing above it belongs to the table
                ht = heading_title(t)
                if ht and not have_title:
                    before.insert(0, ht)
                break
            if not ((is_title(t) or is_preamble(t)) and len(compact(t)) <= 80):
                break
            numbered, titled = _line_kind(t)
            if (titled and have_title) or (numbered and have_number):
                break
            have_title, have_number = have_title or titled, have_number or numbered
            before.insert(0, t)
            out.pop()
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


_SENTENCE_END = lazy(r"[。；;！!？?：:）)”]$")
_ITEM_START = lazy(r"^(?:\d+[、.．]|第[一二三四五六七八九十]+条)")


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


# A title glued to the preamble on one printed line: "…收支预算总表编制单位：X单位：元".
_TITLE_THEN_PREAMBLE = lazy(
    r"^([^：:]{2,60}?表(?:[（(][^（）()]{1,40}[）)])?)"
    r"((?:编制单位|编制部门|单位名称|部门名称|填报单位|编报单位|预算单位|金额单位|单位|部门)[：:].*)$"
)


def _title_glued(line: str) -> tuple[str, str] | None:
    """(title, preamble) of a preamble line that begins with the table's title."""
    m = _TITLE_THEN_PREAMBLE.match(compact(line))
    if not m or not is_title(m.group(1)) or table_number(m.group(1)) is not None:
        return None
    return m.group(1), m.group(2)


def _line_kind(line: str) -> tuple[bool, bool]:
    """(carries a table number, carries a title) for a title or preamble line."""
    if table_number(line) is not None:
        return True, False
    number, _rest = split_number(line)
    if number is not None:
        return True, True
    if _title_glued(line) is not None:
        return False, True
    return False, is_title(line) and not is_preamble(line)


def _split_title(lines: list[str]) -> tuple[str, str | None, list[str]]:
    """Title, number and preamble of the lines above a grid. A qualifier in parentheses printed
    on the line after the title ("（按功能分类科目）") is part of the title."""
    title = ""
    number: str | None = None
    preamble: list[str] = []
    last_title = False
    for line in lines:
        c = compact(line)
        no = table_number(c)
        if no is not None:
            number = number or no
            last_title = False
            continue
        glued, rest = split_number(line)
        if glued is not None and not title:
            number = number or glued
            title = compact(rest)
            last_title = True
            continue
        if is_title(c) and not is_preamble(c) and not title:
            title = c
            last_title = True
            continue
        glued_title = _title_glued(line) if not title else None
        if glued_title is not None:
            title = glued_title[0]
            preamble.append(glued_title[1])
            last_title = False
            continue
        if last_title and _QUALIFIER.match(c) and not _PREAMBLE.match(c):
            title += c
            last_title = False
            continue
        last_title = False
        preamble.append(line)
    return title, number, preamble


def regions(segments: list[Segment]) -> list[TableRegion]:
    return [s for s in segments if isinstance(s, TableRegion)]


def paragraphs(segments: list[Segment]) -> list[Paragraph]:
    return [s for s in segments if isinstance(s, Paragraph)]
