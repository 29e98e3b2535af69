"""Performance tables: 绩效目标表 (targets) and 绩效自评表 (self-evaluation), unit-level
(单位/部门整体) and per project.

A table is read in two parts. The *head* holds labelled facts (项目名称, 主管部门, 实施单位,
联系人), the funding block (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 rows, or
年度预算总额 / 财政拨款 / 其他资金 of a target table, or 上级安排 / 本级安排 / 其他 of a unit target
table) and the goal / outcome texts. The *body* starts at the indicator header (一级指标 …) and
holds one indicator per row, then the 总分 row.

Aligned grids (cell-per-line text, tab-separated text, DOCX, XLSX) are read row by row with the
columns named by the header; a row whose cells are shifted (a merged cell dropped or doubled) is
realigned by the content of its cells. Unaligned grids (PDF text, where every printed line is a
list of tokens and empty cells vanish) are read as a token stream, cut into cells by the order of
the header's columns and the shape of each column's values (see :mod:`perf_stream`).

A table broken across pages arrives as several grids, the later ones marked ``continues`` by the
reader (or titled 续表). Their rows are joined to the first part's before anything is read, so a
continuation is read with the first part's header columns, level names and goal text; an
indicator header repeated on a later page is skipped, and a title row or a 项目名称 row after an
indicator header starts the next table.

This module finds the tables and cuts them into head and body; :mod:`perf_head` reads the head,
:mod:`perf_body` an aligned body (and makes the indicators), :mod:`perf_stream` an unaligned one;
:mod:`perf_rows` holds the rows they share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.i18n import Message
from budgetlens.model import Disclosure, Grid, Location, PerformanceTable
from budgetlens.recognize.lazy_pattern import lazy
from budgetlens.recognize.measures import compact_value, is_blank, parse_scope
from budgetlens.recognize.perf_body import _align as _align  # kept importable from here
from budgetlens.recognize.perf_body import _fill_levels, _read_body_aligned, make_indicator, read_grade
from budgetlens.recognize.perf_columns import GROUP_LABELS, HEADER_WORDS, header_key, is_level_word
from budgetlens.recognize.perf_head import (
    _AMOUNT_LABELS,
    _FUNDING_COLUMNS,
    _GOAL_LABELS,
    _TASK_LABELS,
    _UNIT_SUFFIX,
    _is_value_cell,
    _read_head,
    info_label,
)
from budgetlens.recognize.perf_rows import _is_indicator_header, _Row, _rows_of, unsure, where
from budgetlens.recognize.segment import Segment, TableRegion, compact, is_preamble

_PERF_TITLE = lazy(r"绩效.{0,6}(?:目标|自评|评价)|(?:目标|自评|评价).{0,4}绩效")

_CONTINUED_TITLE = lazy(r"^[（(]?续(?:表|上表)")

_YEAR_LINE = lazy(r"[（(]\s*\d{4}\s*年度?\s*[)）]")

_TITLE_YEAR_TAIL = lazy(r"[（(]\s*\d{4}\s*年度?\s*[)）]$")


def is_performance_title(title: str) -> bool:
    # the year printed on the title's own line after it (…自评表（2024年度）) is not part of the name
    t = _TITLE_YEAR_TAIL.sub("", compact(title))
    return bool(_PERF_TITLE.search(t)) and t.endswith("表")


def recognize_performance(doc: Disclosure, segments: list[Segment]) -> list[PerformanceTable]:
    """Read every performance table. A table broken across pages (its later parts are grids
    marked ``continues``, with no title of their own) is read as one: the rows of all its parts
    are joined before reading, so the header's columns, the level-1/level-2 names merged down
    their column and a goal text broken at the page end carry over into the later parts."""
    with parse_scope():
        tables = _recognize_performance(segments)
    doc.performance = tables
    for t in tables:
        doc.warnings.extend(w for w in t.warnings if " not checked: " in w)
    return tables



def _recognize_performance(segments: list[Segment]) -> list[PerformanceTable]:
    tables: list[PerformanceTable] = []
    # (first region, its grids[, the location of an untitled grid that follows unjoined])
    groups: list[tuple[TableRegion, list[Grid]] | tuple[TableRegion, list[Grid], Location]] = []
    open_group = False
    for seg in segments:
        if not isinstance(seg, TableRegion):
            continue
        marked = bool(_CONTINUED_TITLE.match(compact(seg.title)))
        if is_performance_title(seg.title) and not marked:
            groups.append((seg, [seg.grid]))
            open_group = True
            continue
        if open_group and ((not seg.title and (seg.grid.continues or _opens_with_indicator_header(seg.grid)
                                                or _opens_with_indicator_row(seg.grid))) or marked):
            # the rest of the table on the next page (the reader's flag, or a 续表 title)
            groups[-1][1].append(seg.grid)
            continue
        if open_group and not seg.title and _rows_of(seg.grid):
            # an untitled grid right after the table that was not joined to it: it may hold the
            # table's last rows, printed without a header or a level name
            groups[-1] = (groups[-1][0], groups[-1][1], seg.location)
        open_group = False
    for region, grids, *after in groups:
        rows = [row for n, g in enumerate(grids) for row in _rows_of(g, n)]
        read = _read_region(region.title, rows, all(g.aligned for g in grids), region.location)
        if after and read:
            last = read[-1]
            if last.stated_total is None and last.indicators:
                unsure(last, "weights", Message("parse.perf.reason.untitled_grid", where=where(after[0])))
        tables.extend(read)
    return tables


def _opens_with_indicator_header(grid: Grid) -> bool:
    """An untitled grid whose first rows repeat the indicator header (一级指标 | 二级指标 | …) is
    the rest of the table before it, printed on the next page with its header again: the reader
    may not flag it as continuing when the page's grid was found afresh."""
    rows = _rows_of(grid)[:3]
    if any(_is_indicator_header(r) for r in rows):
        return True
    return bool(rows) and not grid.aligned and _header_run(rows, 0) > 0


def _opens_with_indicator_row(grid: Grid) -> bool:
    """An untitled grid whose first cell is an indicator level name (满意度指标 | 服务对象满意度指标 |
    …): the last indicator rows of the table before it, pushed onto the next page."""
    rows = _rows_of(grid)[:1]
    return bool(rows) and bool(rows[0].filled) and is_level_word(rows[0].filled[0]) and len(rows[0].filled) >= 3



def _read_region(title: str, rows: list[_Row], aligned: bool, location: Location) -> list[PerformanceTable]:
    """Cut the rows of one region (with its continuations) into tables and read each.

    A new table starts at a title row (…绩效自评表 / …绩效目标表) and at a 项目名称 head row that
    follows an indicator header: the next project's table printed without a title of its own.
    """
    pieces: list[_Piece] = [_Piece(compact(title), location)]
    for row in rows:
        filled = row.filled
        if _is_title_row(filled) and pieces[-1].rows:
            pieces.append(_Piece(compact(filled[0]), row.location))
            continue
        if len(filled) == 1 and _YEAR_LINE.fullmatch(compact(filled[0])):
            continue
        if pieces[-1].has_header and _starts_project(row):
            pieces.append(_Piece(pieces[-1].title, row.location, level="project"))
        pieces[-1].rows.append(row)
        if _is_indicator_header(row) or (not aligned and compact_value(row.cells[0]).startswith("一级")):
            pieces[-1].has_header = True
    return [_read_table(p.title, p.rows, aligned, p.location, p.level) for p in pieces if p.rows]


@dataclass(slots=True)
class _Piece:
    title: str
    location: Location
    level: str = ""
    rows: list[_Row] = field(default_factory=list)
    has_header: bool = False


def _is_title_row(filled: list[str]) -> bool:
    """A row holding a table title (and maybe its year or unit line) and nothing else."""
    return bool(filled) and is_performance_title(filled[0]) and not _CONTINUED_TITLE.match(compact(filled[0])) and all(
        is_preamble(c) or _YEAR_LINE.fullmatch(compact(c)) for c in filled[1:]
    )


def _starts_project(row: _Row) -> bool:
    first = compact_value(row.filled[0]) if row.filled else ""
    return first.startswith("项目名称")


# ----------------------------------------------------------------------------------- table


_PROJECT_TITLE = lazy(r"项目|专项|业务经费")


def _classify(title: str) -> tuple[str, str]:
    """Kind and level a title names. 整体 names a unit table (部门整体支出 / 单位整体); 项目,
    专项, 业务经费 name a project table (部门专项业务经费绩效目标表 is one project's, 部门 there is
    the owner, not the scope; 专项资金整体绩效目标表 is one fund's, not the unit's). 部门 / 单位 alone decide nothing: the head does (a 项目名称 row)."""
    kind = "self_evaluation" if re.search(r"自评|评价", title) else "target"
    if _PROJECT_TITLE.search(title):
        level = "project"
    elif "整体" in title:
        level = "unit"
    else:
        level = ""
    return kind, level


def _read_table(title: str, rows: list[_Row], aligned: bool, location: Location, level: str = "") -> PerformanceTable:
    kind, title_level = _classify(title)
    level = level or title_level
    table = PerformanceTable(table_kind=kind, level=level or "project", title=title, location=location)
    header_at, header_end = _find_header(rows, aligned)
    head = rows if header_at is None else rows[:header_at]
    if not aligned:
        head = _regroup_cell_lines(head)
    body = [] if header_at is None else _drop_repeated_headers(rows[header_end:], aligned)
    info = _read_head(table, head, aligned)
    if not level:
        # no level in the title: a 项目名称 row names a project; a 部门/单位 title without one,
        # or a 单位名称 head, is the unit's
        table.level = "project" if "name" in info else "unit"
    if table.level == "unit" and not table.name:
        table.name = info.get("unit_name", "") or table.implementer or ""
    elif not table.name:
        table.name = info.get("name", "")
    if header_at is None:
        table.warnings.append(Message("parse.perf.no_header"))
        return table
    columns = _header_columns(rows[header_at:header_end], aligned)
    if not any(k == "name" for _, k in columns):
        table.warnings.append(Message("parse.perf.no_name_column"))
        return table
    if aligned:
        for part_columns, part, header in _aligned_parts(rows[header_at:header_end], rows[header_end:], columns):
            if _read_body_aligned(table, part, part_columns, header):
                break  # the 总分 row ends the table
    else:
        from budgetlens.recognize.perf_stream import read_body_stream

        read_body_stream(table, [(r.cells, r.locs) for r in body], [k for _, k in columns])
    _fill_levels(table)
    return table


_CELL_LINES_SHARE = 0.8  # of the head's lines holding one cell each: the text prints a cell a line
_CELL_LINES_MIN = 6


def _merged(a: _Row, b: _Row) -> _Row:
    pairs = [(c, loc) for c, loc in zip(b.cells, b.locs, strict=False) if c]
    return _Row([*a.cells, *(c for c, _ in pairs)], [*a.locs, *(loc for _, loc in pairs)], a.location, a.part)


def _is_funding_word(text: str) -> bool:
    t = compact_value(text)
    return len(t) <= 12 and any(word in t for word, _ in _FUNDING_COLUMNS)


_TASK_HEADER_WORDS = ("任务名称", "主要内容", "任务内容", "完成情况", "预算金额", "资金", "金额")


def _is_task_header_word(text: str) -> bool:
    """A column word of the 年度主要任务 block's header (任务名称, 主要内容, 预算金额（万元）,
    总额 / 财政拨款 / 其他资金, 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分)."""
    t = _UNIT_SUFFIX.sub("", text) or text
    return not re.search(r"\d", t) and (
        _is_funding_word(t)
        or t.startswith(_TASK_HEADER_WORDS)
        or any(t.startswith(word) and len(t) <= len(word) + 2 for word, _ in _AMOUNT_LABELS)
    )


def _opens_tasks(row: _Row) -> bool:
    """The 年度主要任务 label row with its header words so far (no figure yet)."""
    filled = row.filled
    return bool(filled) and compact_value(filled[0]).startswith(_TASK_LABELS) and not any(
        _is_value_cell(c) for c in filled
    )


def _regroup_cell_lines(rows: list[_Row]) -> list[_Row]:
    """Text that prints every cell of the head on a line of its own (text taken from a PDF
    without its layout, or from HTML): the rows are made again from what the cells are. A
    label alone takes the next line as its value (项目名称 / X); figures and dashes join the row
    before them (年度资金总额 / 40.00 / 40.00 …); column words join the header they continue
    (项目资金（万元） / 年初预算数 / 全年预算数 …), and 预期目标 / 实际完成情况 their goal label."""
    single = sum(1 for r in rows if len(r.filled) == 1)
    if len(rows) < _CELL_LINES_MIN or single < _CELL_LINES_SHARE * len(rows):
        return rows
    out: list[_Row] = []
    takes_value = False
    for row in rows:
        filled = row.filled
        text = compact_value(filled[0]) if len(filled) == 1 else ""
        prev = out[-1] if out else None
        last = compact_value(prev.filled[-1]) if prev is not None and prev.filled else ""
        joins = prev is not None and bool(text) and (
            takes_value
            or _is_value_cell(text)
            or is_blank(text)
            or (_is_funding_word(text) and (_is_funding_word(last) or bool(_UNIT_SUFFIX.match(last))))
            or (text.startswith(("预期目标", "实际完成")) and any(last.startswith(g) or last.startswith(("预期目标", "实际完成")) for g in _GOAL_LABELS))
            or (_is_task_header_word(text) and _opens_tasks(prev))
        )
        if prev is not None and joins:
            out[-1] = _merged(prev, row)
            takes_value = False
            continue
        out.append(row)
        label = info_label(text) if text else None
        takes_value = label is not None and not label[2]
    return out


def _find_header(rows: list[_Row], aligned: bool) -> tuple[int | None, int]:
    for i, row in enumerate(rows):
        if _is_indicator_header(row):
            end = i + 1
            # a header printed over two rows (一级指标 | … on one, the sub-labels on the next)
            while end < len(rows) and _header_only(rows[end]) and aligned:
                end += 1
            return i, end
        if not aligned:
            end = _header_run(rows, i)
            if end > i:
                return i, end
    return None, 0


def _header_run(rows: list[_Row], i: int) -> int:
    """End of the header of PDF text lines (unaligned) starting at ``rows[i]``, or ``i`` when
    no header starts there: a run of lines whose text is cut into header words only."""
    if not compact_value(rows[i].cells[0]).startswith(("一级", "指标名称")):
        return i
    end, text = i, ""
    while end < len(rows):
        candidate = text + rows[end].joined
        if _cover(candidate) is None:
            break
        text = candidate
        end += 1
    flat = text.startswith("指标名称") and ("指标值" in text or "权重" in text)
    return end if "一级指标" in text or flat else i


def _aligned_parts(
    header: list[_Row], rows: list[_Row], columns: list[tuple[int, str]]
) -> list[tuple[list[tuple[int, str]], list[_Row], _Row]]:
    """The body of an aligned table cut at every indicator header printed again (a table broken
    across pages): the rows after a repeated header are read with that header's columns, which
    may stand at other positions on the later page (a group-label column added or dropped)."""
    parts: list[tuple[list[tuple[int, str]], list[_Row], _Row]] = [(columns, [], header[0])]
    i = 0
    while i < len(rows):
        if _is_indicator_header(rows[i]):
            end = i + 1
            while end < len(rows) and _header_only(rows[end]):
                end += 1
            again = _header_columns(rows[i:end], True)
            if any(k == "name" for _, k in again):
                parts.append((again, [], rows[i]))
            else:
                parts.append((parts[-1][0], [], parts[-1][2]))
            i = end
            continue
        parts[-1][1].append(rows[i])
        i += 1
    return [(c, r, h) for c, r, h in parts if r]


def _drop_repeated_headers(rows: list[_Row], aligned: bool) -> list[_Row]:
    """The indicator header printed again on every page of a table broken across pages."""
    out: list[_Row] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if _is_indicator_header(row):
            i += 1
            while aligned and i < len(rows) and _header_only(rows[i]):
                i += 1
            continue
        if not aligned:
            end = _header_run(rows, i)
            if end > i:
                i = end
                continue
        out.append(row)
        i += 1
    return out


def _header_only(row: _Row) -> bool:
    filled = row.filled
    return bool(filled) and all(header_key(c) is not None and compact_value(c) in HEADER_WORDS for c in filled)


# Header words longest first (two words of one length never both match at one place), and every
# start of one (a header line may end inside a word).
_COVER_WORDS: tuple[str, ...] = tuple(sorted(set(HEADER_WORDS) | set(GROUP_LABELS), key=len, reverse=True))
_HEADER_SHARE = lazy(r"[（(]\s*(?:\d+(?:\.\d+)?\s*分?|%)\s*[)）]")
_COVER_PREFIXES = frozenset(w[:m] for w in _COVER_WORDS for m in range(1, len(w) + 1))


def _cover(text: str) -> list[str] | None:
    """Cut a compact header string into header words; a trailing prefix of a word is allowed
    (the rest is on the next line). ``None`` when the text is not a header. A share printed in a
    header word (分值权重（90分）, 分值（100）) is not a word of its own."""
    text = _HEADER_SHARE.sub("", text)

    def walk(i: int) -> list[str] | None:
        if i == len(text):
            return []
        rest = text[i:]
        if rest in _COVER_PREFIXES:
            return [rest]
        for w in _COVER_WORDS:
            if text.startswith(w, i):
                tail = walk(i + len(w))
                if tail is not None:
                    return [w, *tail]
        return None

    return walk(0) if text else None


def _header_columns(rows: list[_Row], aligned: bool) -> list[tuple[int, str]]:
    if aligned:
        labels: dict[int, str] = {}
        for row in rows:
            for k, c in enumerate(row.cells):
                if c:
                    labels[k] = labels.get(k, "") + compact_value(c)
        cols = []
        seen: set[str] = set()
        for k in sorted(labels):
            key = header_key(labels[k])
            if key and key not in seen:
                cols.append((k, key))
                seen.add(key)
        return cols
    words = _cover("".join(r.joined for r in rows)) or []
    keys: list[str] = []
    for w in words:
        key = header_key(w)
        if key and key not in keys:
            keys.append(key)
    return list(enumerate(keys))



__all__ = ["is_performance_title", "make_indicator", "read_grade", "recognize_performance"]
