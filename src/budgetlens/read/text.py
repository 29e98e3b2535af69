"""Reader for extracted text. Three layouts are detected per region of the file:

* ``cells``  — one table cell per tab-indented line, rows separated by a blank line, tables by
  two or more blank lines; merged cells appear as empty cells.
* ``tabs``   — one table row per line, cells separated by tabs; a long cell wraps onto following
  lines that hold only its continuation, in the same column.
* ``spaces`` — text extracted from PDF: no tabs, cells separated by spaces, empty cells gone,
  running text wrapped at the page width. Tables are found by their titles and read as unaligned
  grids (one row of tokens per printed line) for the recogniser to place into columns.

Running text becomes paragraphs; lines wrapped inside a sentence are joined again.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from charset_normalizer import from_bytes

from budgetlens.errors import InputError
from budgetlens.figures import NUMBER_PATTERN, normalize, strip_bullet
from budgetlens.i18n import Message
from budgetlens.model import Block, Cell, Grid, Location, Paragraph, Source
from budgetlens.patterns import lazy


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or a detected legacy
    encoding such as GB18030; refuse binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(name, Message("read.utf16_invalid"), Message("read.where.byte", byte=exc.start)) from None
    if b"\x00" in data[:65536]:
        raise InputError(name, Message("read.binary"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # GB18030 is a superset of GBK/GB2312 and the commonest legacy encoding of these documents.
    try:
        text = data.decode("gb18030")
        if _looks_like_text(text):
            return text
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:1_000_000]).best()
    if best is not None:
        text = data.decode(best.encoding, errors="replace")
        if _looks_like_text(text):
            return text
    raise InputError(name, Message("read.undecodable"))


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return control / len(sample) < 0.01


class _Line:
    """One input line with its layout traits, computed once (a document has thousands)."""

    __slots__ = ("blank", "cell_line", "no", "raw", "text")

    def __init__(self, no: int, raw: str, text: str) -> None:
        self.no = no  # 1-based
        self.raw = raw
        self.text = text  # normalised, trailing spaces removed
        has_tab = "\t" in text
        self.blank = not has_tab and not text.strip()
        # a line of the cells layout: one leading tab, no other tab
        self.cell_line = has_tab and text[0] == "\t" and "\t" not in text[1:]


# 第X部分 / 一、 / （一）: the part and section markers; numbered items (1. / （1）) are list items.
_SECTION_MARKER = r"第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"
_HEADING = lazy(rf"^\s*(?:{_SECTION_MARKER}|\d{{1,2}}[、.．](?!\d)|[（(]\d{{1,2}}[）)])")
_TABLE_NO = lazy(r"^\s*(?:附)?表\s*[0-9一二三四五六七八九十]+(?:[-－—]\d+)?\s*$")
_TABLE_TITLE = lazy(r"^\s*\S.{1,40}表\s*$")
_TERMINAL = tuple("。；;！!？?：:")


def _is_table_title(text: str) -> bool:
    t = text.strip()
    if _TABLE_NO.match(t):
        return True
    # one qualifier in parentheses after 表 belongs to the title (…基本支出表（按经济分类）, …表（续）)
    t = re.sub(r"(?<=表)\s*[（(][^（）()。，]{1,20}[）)]$", "", t)
    if len(t) > 42 or not t.endswith("表") or "。" in t or "，" in t:
        return False
    # "…情况表", "…决算表", "…目标表", "…自评表", "…明细表", "…总表": titles name what the table shows.
    return bool(_TABLE_TITLE.match(t)) and not _HEADING.match(t)


def _is_heading_title(text: str) -> bool:
    """A section heading naming a table (``三、部门支出总体情况表``): its words after the marker are
    a table title."""
    t = text.strip()
    m = _HEADING.match(t)
    return m is not None and _is_table_title(t[m.end():])


def read_text(path: Path) -> Source:
    name = str(path)
    text = decode(path.read_bytes(), name)
    return parse_text(text, name)


def parse_text(text: str, name: str = "<text>") -> Source:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = text.split("\n")
    # Normalising never adds or removes a line break, so the whole text is normalised at once.
    norm_lines = normalize(text).split("\n")
    if len(norm_lines) != len(raw_lines):  # pragma: no cover - guarded invariant
        norm_lines = [normalize(raw) for raw in raw_lines]
    lines = [_Line(i + 1, raw, norm.rstrip(" \u3000")) for i, (raw, norm) in enumerate(zip(raw_lines, norm_lines, strict=True))]
    if not any(ln.text.strip() for ln in lines):
        raise InputError(name, Message("read.text_empty"))
    blocks: list[Block] = []
    layouts: list[str] = []
    has_tabs = any("\t" in ln.text for ln in lines)
    # Some extractors put a blank line after every printed line: then blanks between lines of
    # running text carry no paragraph structure (inside cell-per-line tables they still do).
    transparent = _blank_interleaved([ln for ln in lines if "\t" not in ln.text])
    if not has_tabs and transparent:
        lines = [ln for ln in lines if not ln.blank]
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if ln.blank:
            i += 1
            continue
        if "\t" in ln.text:
            j = _end_of_tabbed_region(lines, i)
            region = lines[i:j]
            if _is_cells_layout(region):
                blocks.extend(_cells_grids(region, name))
                _note(layouts, "cells")
            else:
                blocks.append(_tabs_grid(region, name))
                _note(layouts, "tabs")
            i = j
            continue
        if not has_tabs and (_is_table_title(ln.text) or _is_heading_title(ln.text)) and _spaces_table_ahead(lines, i):
            if _is_heading_title(ln.text):
                # a section heading that is the table's title (三、部门支出总体情况表): the heading
                # stays a paragraph of its own, and titles the table below it -- unless the table
                # prints a title of its own (第三部分 2024年度部门决算表 / 支出决算表)
                blocks.append(_paragraph([ln], name))
                if _own_title_follows(lines, i):
                    i += 1
                    continue
            j = _end_of_spaces_region(lines, i)
            blocks.extend(_spaces_blocks(lines[i:j], name))
            _note(layouts, "spaces")
            i = j
            continue
        j = _end_of_paragraph(lines, i, transparent)
        blocks.append(_paragraph([ln for ln in lines[i:j] if not ln.blank], name))
        i = j
    if not layouts:
        layouts.append("spaces" if not has_tabs else "text")
    return Source(path=name, format="text", blocks=blocks, layouts=layouts)


def _blank_interleaved(lines: list[_Line]) -> bool:
    followed_by_blank = 0
    nonblank = 0
    for a, b in itertools.pairwise(lines):
        if not a.blank:
            nonblank += 1
            followed_by_blank += b.blank
    return nonblank >= 10 and followed_by_blank >= 0.8 * nonblank


def _note(layouts: list[str], layout: str) -> None:
    if layout not in layouts:
        layouts.append(layout)


# ---------------------------------------------------------------- cells layout


def _end_of_tabbed_region(lines: list[_Line], i: int) -> int:
    """Tab-bearing lines and the blank lines between them, up to the next plain text line."""
    j = i
    last = i
    while j < len(lines):
        ln = lines[j]
        if "\t" in ln.text:
            last = j
        elif not ln.blank:
            break
        j += 1
    return last + 1


def _is_cells_layout(region: list[_Line]) -> bool:
    """One cell per line: nearly every line holds a single tab-indented cell."""
    nonblank = [ln for ln in region if not ln.blank]
    single = sum(1 for ln in nonblank if ln.cell_line)
    blanks = len(region) - len(nonblank)
    return single >= 0.6 * len(nonblank) and (blanks > 0 or len(nonblank) == 1)


def _cells_grids(region: list[_Line], name: str) -> list[Grid]:
    """Rows are runs of cell lines separated by blank lines. A row holding only a table title
    starts a new table (blank-line counts are not reliable: long cells leave extra blanks)."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    for ln in region:
        if ln.blank:
            if row:
                rows.append(row)
                row = []
            continue
        # A cell copied from a merged region can carry stray tabs inside its text.
        body = ln.text[1:].replace("\t", "").strip() if ln.text.startswith("\t") else ln.text.strip()
        row.append(Cell(strip_bullet(body) if body else "", Location(file=name, line=ln.no)))
    if row:
        rows.append(row)
    grids: list[Grid] = []
    current: list[list[Cell]] = []
    for r in rows:
        filled = [c for c in r if c.text]
        if current and len(filled) == 1 and _is_table_title(filled[0].text):
            grids.append(_grid_of(current, name, "cells"))
            current = []
        current.append(r)
    if current:
        grids.append(_grid_of(current, name, "cells"))
    return grids


def _grid_of(rows: list[list[Cell]], name: str, layout: str) -> Grid:
    lines = [c.location.line for r in rows for c in r if c.location.line is not None]
    return Grid(rows=rows, location=Location(file=name, line=min(lines), line_end=max(lines)), layout=layout)


# ---------------------------------------------------------------- tabs layout


def _split_tabs(ln: _Line, name: str) -> list[Cell]:
    return [
        Cell(strip_bullet(part.strip()), Location(file=name, line=ln.no, column=k))
        for k, part in enumerate(ln.text.split("\t"))
    ]


# A figure cell: optional comparator, a number, and at most a short unit ("≥12项", "3场", "95%").
_NUMERIC_CELL = lazy(rf"^[<>=≤≥]*\s*{NUMBER_PATTERN}\s*(?:%|[\u4e00-\u9fff]{{1,3}}(?:[（(][^）)]{{1,3}}[）)])?)?$")


def _is_continuation(prev: list[Cell], cells: list[Cell]) -> bool:
    """A wrapped line holds only text continuing cells of the previous row, in the same columns."""
    filled = [k for k, c in enumerate(cells) if c.text]
    if not filled or filled[0] == 0:
        # the first column holds row labels ("年度绩效目标", "合计"): a filled one starts a row
        return False
    prev_filled = [k for k, c in enumerate(prev) if c.text]
    if len(filled) * 2 > len(prev_filled):
        return False
    for k in filled:
        if k >= len(prev) or not prev[k].text:
            return False
        if cells[k].text[:1].isdigit():
            return False  # "230 转移性支出": a coded row, not the tail of a wrapped cell
        if _NUMERIC_CELL.match(cells[k].text) or _NUMERIC_CELL.match(prev[k].text):
            return False
        if prev[k].text.endswith(("。", "表")):
            return False
    return True


def _tabs_grid(region: list[_Line], name: str) -> Grid:
    rows: list[list[Cell]] = []
    for ln in region:
        if ln.blank:
            continue
        cells = _split_tabs(ln, name)
        if rows and _is_continuation(rows[-1], cells):
            prev = rows[-1]
            for k, cell in enumerate(cells):
                if cell.text:
                    prev[k] = Cell(prev[k].text + cell.text, prev[k].location)
            continue
        rows.append(cells)
    return Grid(
        rows=rows,
        location=Location(file=name, line=region[0].no, line_end=region[-1].no),
        layout="tabs",
    )


# ---------------------------------------------------------------- spaces layout (PDF text)


_TOKEN_SPLIT = lazy(r"[ \u3000]+")
_NUMBERISH = lazy(rf"^(?:{NUMBER_PATTERN}|[※-]+)$")


def _own_title_follows(lines: list[_Line], i: int) -> bool:
    """The next non-blank line after line ``i`` is a table title or number of its own."""
    for ln in lines[i + 1 : i + 4]:
        t = ln.text.strip()
        if t:
            return _is_table_title(t) or _is_heading_title(t)
    return False


def _spaces_table_ahead(lines: list[_Line], i: int) -> bool:
    """A table title followed within a few lines by its unit line or by rows of figures."""
    for ln in lines[i + 1 : i + 12]:
        t = ln.text.strip()
        if not t:
            continue
        if "单位：" in t or "单位:" in t or ("万元" in t and len(t) < 60):
            return True
        tokens = _TOKEN_SPLIT.split(t)
        if sum(1 for tok in tokens if _NUMBERISH.match(tok)) >= 2:
            return True
        if "（" in t and "年" in t and len(t) < 16:  # "（2024 年）" under a performance table title
            return True
    return False


def _end_of_spaces_region(lines: list[_Line], i: int) -> int:
    """A table runs until the next part/section heading or the next table's title."""
    j = i + 1
    while j < len(lines):
        t = lines[j].text.strip()
        if t and _HEADING.match(t) and _looks_like_section_heading(t) and not _has_figures(t) \
                and not _continues_row_labels(lines, i, j):
            break
        if t and _is_table_title(t) and j > i + 1 and not _TABLE_NO.match(lines[j - 1].text.strip()):
            # a new title, unless it directly follows a "表 N" line (which already started this one)
            break
        if t and _TABLE_NO.match(t):
            break
        j += 1
    return j


_NUMERALS = "一二三四五六七八九十"


def _continues_row_labels(lines: list[_Line], i: int, j: int) -> bool:
    """A numbered label without figures inside a table (``四、事业收入``, the income side printing
    more items than the expense side, its amount empty) is a row, not a section heading: the item
    of the list before it starts with the numeral before its own (``三、…``, its sub-items between)
    and a line of figures follows."""
    own = re.match(rf"^([{_NUMERALS}])、", lines[j].text.strip())
    # the list's item before it, its sub-items （一）（二） between them (一、本年收入 and its 拨款 rows)
    prev = next((ln.text.strip() for ln in reversed(lines[i + 1:j])
                 if re.match(rf"^[{_NUMERALS}]、", ln.text.strip())), "")
    nxt = next((ln.text.strip() for ln in lines[j + 1:] if ln.text.strip()), "")
    if own is None or own.group(1) == _NUMERALS[0]:
        return False
    before = _NUMERALS[_NUMERALS.index(own.group(1)) - 1]
    row_of_figures = _has_figures(nxt) and not re.search(r"[，。；]", nxt)  # a table row, not a sentence
    return prev.startswith(before + "、") and (row_of_figures or _continues_from(nxt, own.group(1)))


def _continues_from(text: str, numeral: str) -> bool:
    """``text`` starts with the numeral after ``numeral`` (another empty row of the same list)."""
    k = _NUMERALS.index(numeral)
    return k + 1 < len(_NUMERALS) and text.startswith(_NUMERALS[k + 1] + "、")


_FIGURE_TOKEN = lazy(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])(?!\s*年)")


def _has_figures(text: str) -> bool:
    """Any number that is not a year: a table row label such as "一、本年收入 604.13" or
    "二、上年结转结余 219 援助其他地区支出" is not a section heading."""
    return bool(_FIGURE_TOKEN.search(_HEADING.sub("", text, count=1)))


def _looks_like_section_heading(t: str) -> bool:
    """Section headings inside a PDF text: 第X部分 / 一、 / （一） followed by words, not figures."""
    body = _HEADING.sub("", t, count=1).strip()
    if not body or len(t) > 60 or "。" in t or "；" in t:
        return False  # a long numbered sentence inside a table cell is not a heading
    if re.match(r"^第[一二三四五六七八九十]+部分", t) or re.match(r"^[一二三四五六七八九十]+、", t):
        return True
    return bool(re.match(r"^[（(][一二三四五六七八九十]+[）)]", t))


def _spaces_blocks(region: list[_Line], name: str) -> list[Block]:
    rows: list[list[Cell]] = []
    for ln in region:
        t = ln.text.strip()
        if not t:
            continue
        tokens = [tok for tok in _TOKEN_SPLIT.split(t) if tok]
        rows.append([Cell(tok, Location(file=name, line=ln.no, column=col)) for col, tok in enumerate(tokens)])
    grid = Grid(
        rows=rows,
        location=Location(file=name, line=region[0].no, line_end=region[-1].no),
        aligned=False,
        layout="spaces",
    )
    return [grid]


# ---------------------------------------------------------------- running text


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


_SECTION_HEADING = lazy(rf"^\s*(?:{_SECTION_MARKER})")
_LIST_ITEM = lazy(r"^\s*\d{1,2}[、.](?!\d)")
_LABEL = lazy(r"^(?:[\u4e00-\u9fff]{2,10}[：:]|目\s*录$)")
_CONTINUES = tuple("，,、")


def _is_section_heading(text: str) -> bool:
    t = text.strip()
    return bool(_SECTION_HEADING.match(t)) and len(t) <= 48 and not _ends_sentence(t)


def _starts_item(text: str) -> bool:
    """A line that begins something new: a heading or list marker, a table title, a label."""
    return bool(_HEADING.match(text)) or _is_table_title(text) or bool(_LABEL.match(text))


def _end_of_paragraph(lines: list[_Line], i: int, transparent: bool = False) -> int:
    """Join lines wrapped inside a sentence. A line that ends a sentence, or a heading, ends the
    paragraph; so does a next line that starts a new item (unless the line ends with a comma)."""
    j = i
    while True:
        cur = strip_bullet(lines[j].text.strip())
        nxt_index = j + 1
        # One blank line between wrapped pieces is common in extracted text; more than one
        # separates paragraphs unless the whole text is blank-interleaved.
        skip = len(lines) if transparent else 1
        while skip and nxt_index < len(lines) and lines[nxt_index].blank:
            nxt_index += 1
            skip -= 1
        if nxt_index >= len(lines):
            return j + 1
        nxt_line = lines[nxt_index]
        if nxt_line.blank or "\t" in nxt_line.text:
            return j + 1
        nxt = strip_bullet(nxt_line.text.strip())
        if _is_table_title(cur) or cur.replace(" ", "") == "目录":
            return j + 1
        if _ends_sentence(cur) and not (_LIST_ITEM.match(cur) and cur.endswith(("：", ":")) and not _starts_item(nxt)):
            # "6、卫生健康支出（类）…（项）：" continues with its figures on the next line
            return j + 1
        if cur.endswith(_CONTINUES) and not _HEADING.match(nxt):
            j = nxt_index  # a clause broken after a comma always continues
            continue
        if _is_section_heading(cur) and not _wrapped_paragraph(cur, nxt):
            return nxt_index + 1 if _wrapped_heading(cur, nxt) else j + 1
        if _HEADING.match(nxt) or (_starts_item(nxt) and not cur.endswith(_CONTINUES)):
            return j + 1
        j = nxt_index


_HEADING_ENDINGS = ("说明", "情况", "概况", "职能", "解释", "事项", "表", "设置", "分析", "目标", "措施", "问题", "成效", "总体", "附表）", "附表)")


def _wrapped_paragraph(cur: str, nxt: str) -> bool:
    """A numbered paragraph ("（六）协调推进…产业数字" / "化；推动…") broken at the page width looks
    like a heading on its first line; headings end with words such as 说明/情况, wrapped text does not."""
    return len(cur) >= 24 and not cur.endswith(_HEADING_ENDINGS) and not _starts_item(nxt) and len(nxt) > 12


def _wrapped_heading(cur: str, nxt: str) -> bool:
    """A long heading broken at the page width continues with a short line that ends nothing."""
    return len(cur) >= 26 and len(nxt) <= 12 and not _ends_sentence(nxt) and not _starts_item(nxt)


def _paragraph(lines: list[_Line], name: str) -> Paragraph:
    parts = [strip_bullet(ln.text.strip()) for ln in lines]
    text = parts[0]
    for part in parts[1:]:
        # Chinese text joins without a space; keep one between two Latin letters or digits.
        if text and part and text[-1].isascii() and text[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            text += " " + part
        else:
            text += part
    loc = Location(file=name, line=lines[0].no, line_end=lines[-1].no)
    return Paragraph(text=text, location=loc, raw="\n".join(ln.raw for ln in lines))
