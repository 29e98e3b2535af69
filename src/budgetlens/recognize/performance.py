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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from budgetlens.figures import parse_number, parse_percent, parse_score
from budgetlens.i18n import Message, as_param, msg
from budgetlens.model import Cell, Disclosure, FundingRow, Grid, Indicator, Location, PerformanceTable
from budgetlens.recognize.lazy_pattern import lazy
from budgetlens.recognize.measures import (
    compact_value,
    is_blank,
    join_measure,
    parse_measure,
    parse_scope,
    tidy,
)
from budgetlens.recognize.perf_columns import (
    GROUP_LABELS,
    HEADER_WORDS,
    NEG,
    fit,
    header_key,
    is_group_label,
    is_level_word,
    level_name,
)
from budgetlens.recognize.segment import Segment, TableRegion, compact, is_preamble

_PERF_TITLE = lazy(r"绩效.{0,6}(?:目标|自评|评价)|(?:目标|自评|评价).{0,4}绩效")
_TOTAL_LABELS = ("总分", "合计得分", "总得分", "综合得分", "合计", "总计")

# Head labels -> attribute. Checked in order on the compact start of a cell.
_INFO_LABELS: tuple[tuple[str, str], ...] = (
    ("项目名称", "name"),
    ("专项名称", "name"),
    ("单位名称", "unit_name"),
    ("部门名称", "unit_name"),
    ("主管部门", "department"),
    ("主管单位", "department"),
    ("实施单位", "implementer"),
    ("预算单位", "implementer"),
    ("项目单位", "implementer"),
    ("项目负责人", "contact"),
    ("单位联系人", "contact"),
    ("部门联系人", "contact"),
    ("联系人", "contact"),
    ("联系电话", "phone"),
)
_GOAL_LABELS = ("年度总体目标", "项目总体目标", "年度绩效目标", "总体目标", "绩效目标", "整体目标")
_GENERIC_BUDGET = "预算数"
_FUNDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("年初预算", "initial_budget"),
    ("全年预算", "annual_budget"),
    ("调整后预算", "annual_budget"),
    ("调整预算", "annual_budget"),
    (_GENERIC_BUDGET, "annual_budget"),  # 决算 self-evaluations: 资金来源 | 预算数 | 执行数 | 执行率
    ("全年执行", "executed"),
    ("执行数", "executed"),
    ("实际支出", "executed"),
    ("执行率", "execution_rate"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("得分", "score"),
)
_AMOUNT_LABELS: tuple[tuple[str, str], ...] = (
    ("年度预算总额", "amount"),
    ("年度资金总额", "amount"),
    ("预算总额", "amount"),
    ("资金总额", "amount"),
    ("总额", "amount"),
    ("财政拨款", "amount_fiscal"),
    ("财政资金", "amount_fiscal"),
    ("其他资金", "amount_other"),
)
# The 年度主要任务 block of unit target tables: task rows (任务名称 | 主要内容 | 预算金额 总额 /
# 财政拨款 / 其他资金) and a 合计 row, before the goal.
_TASK_LABELS = ("年度主要任务", "年度重点任务", "主要任务", "重点任务")
_TASK_TOTALS = ("金额合计", "合计", "总计", "小计")
# Head rows that start a new head section (they end a goal text that runs over several rows).
_HEAD_STARTS = (
    "年度预算", "资金来源", "项目资金", "部门资金", "单位资金", "财政资金", "其他资金", "上级", "本级",
    "年度资金总额", "预算总额", "一级指标", "一级",
)
_LABEL_TAIL = lazy(r"^(?:[及和与](?:代码|编码|编号)|(?:代码|编码|编号|名称)(?![\u4e00-\u9fff]))")
_LABEL_ALTERNATIVE = lazy(r"^([\u4e00-\u9fff]{2,4})[（(][\u4e00-\u9fff]{2,4}[）)](?=[\u4e00-\u9fff]{2})")
_CONTINUED_TITLE = lazy(r"^[（(]?续(?:表|上表)")
_YEAR_LINE = lazy(r"[（(]\s*\d{4}\s*年度?\s*[)）]")
_TITLE_YEAR_TAIL = lazy(r"[（(]\s*\d{4}\s*年度?\s*[)）]$")
_UNIT_SUFFIX = lazy(r"^.*[（(]\s*(?:万元|元)\s*[)）]")


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


def unsure(table: PerformanceTable, part: str, reason: str) -> None:
    """The reader cannot place ``part`` ("weights", "funding") of ``table`` with confidence: the
    rules leave that part unchecked, and the reason goes into the document's warnings."""
    if part in table.unsure:
        return
    table.unsure.append(part)
    table.warnings.append(Message("parse.perf.unsure", table=table.name or table.title, where=where(table.location),
                                  part=msg(f"parse.perf.part.{part}"), reason=as_param(reason)))


def where(loc: Location) -> list[dict[str, Any]]:
    """Where ``loc`` is, as message parameters (page, sheet, cell, lines) in the reader's language."""
    out: list[dict[str, Any]] = []
    if loc.page is not None:
        out.append(msg("parse.where.page", page=loc.page))
    if loc.sheet:
        out.append(msg("parse.where.sheet", sheet=loc.sheet))
    if loc.cell:
        out.append(msg("parse.where.cell", cell=loc.cell))
    if loc.line is not None:
        out.append(msg("parse.where.line", line=loc.line) if not loc.line_end or loc.line_end == loc.line
                   else msg("parse.where.lines", line=loc.line, end=loc.line_end))
    return out or [msg("parse.where.unknown")]


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


# ------------------------------------------------------------------------------------ rows


@dataclass(slots=True)
class _Row:
    """One row of cells (never changed once made: its filled cells and joined text are kept)."""

    cells: list[str]
    locs: list[Location]
    location: Location
    part: int = 0  # which grid of a table broken across pages the row comes from
    _filled: list[str] | None = field(default=None, repr=False, compare=False)
    _joined: str | None = field(default=None, repr=False, compare=False)

    @property
    def filled(self) -> list[str]:
        if self._filled is None:
            self._filled = [c for c in self.cells if c]
        return list(self._filled)

    @property
    def joined(self) -> str:
        if self._joined is None:
            self._joined = "".join(compact_value(c) for c in self.cells)
        return self._joined


def _rows_of(grid: Grid, part: int = 0) -> list[_Row]:
    rows: list[_Row] = []
    for raw in grid.rows:
        if not raw:
            continue
        cells = [tidy(c.text) for c in raw]
        if not any(cells):
            continue
        rows.append(_Row(cells, [c.location for c in raw], _row_location(raw, grid.location), part))
    return rows


def _row_location(row: list[Cell], fallback: Location) -> Location:
    for c in row:
        if c.location.line is not None:
            return c.location
    return row[0].location if row else fallback


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


def _is_indicator_header(row: _Row) -> bool:
    """一级指标 | 二级指标 | 三级指标 | 指标值 …, or a flat list of indicators without levels
    (指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重, as some 整体绩效目标表 print them)."""
    j = row.joined
    return ("一级指标" in j and ("三级指标" in j or "二级指标" in j or "指标值" in j)) or (
        "指标名称" in j and ("指标值" in j or "权重" in j) and not _is_number(j))


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
        label = _label_of(text, _INFO_LABELS) if text else None
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


def _align_in_order(cells: list[str], keys: list[str | None]) -> list[str]:
    """Place the filled cells of a row printed in a grid of another width (the last rows of a
    table pushed onto the next page, found as a grid of their own) under the header's columns:
    in order, each under the column it fits best (dynamic programming over cells × columns)."""
    filled = [c for c in cells if c]
    columns = [k for k, key in enumerate(keys) if key is not None]
    n, m = len(filled), len(columns)
    minus = float("-inf")
    best = [[minus] * (m + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[-1] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            key = keys[columns[j - 1]]
            assert key is not None
            take = best[i - 1][j - 1] + fit(key, filled[i - 1])
            skip = best[i][j - 1]
            best[i][j], back[i][j] = (take, 1) if take >= skip else (skip, 0)
    out = [""] * len(keys)
    if n > m or best[n][m] <= NEG / 2:
        return (cells + out)[: len(keys)]
    i, j = n, m
    while i > 0 and j > 0:
        if back[i][j] == 1:
            out[columns[j - 1]] = filled[i - 1]
            i -= 1
        j -= 1
    return out


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


# ------------------------------------------------------------------------------------ head


def _label_of(text: str, labels: tuple[tuple[str, str], ...]) -> tuple[str, str, str] | None:
    # a bracketed alternative inside the label (部门（单位）名称, 专项（项目）名称) is dropped
    t = _LABEL_ALTERNATIVE.sub(r"\1", compact_value(text))
    for word, attr in labels:
        if t.startswith(word):
            # the label's own tail (主管部门及代码, 实施单位名称, 项目名称（代码）) is not the value
            rest = _LABEL_TAIL.sub("", t[len(word) :])
            rest = re.sub(r"^[（(][^）)]*[）)]", "", rest).lstrip("：:")
            return word, attr, rest
    return None


def _read_head(table: PerformanceTable, rows: list[_Row], aligned: bool) -> dict[str, str]:
    info: dict[str, str] = {}
    funding_cols: list[tuple[int, str]] | None = None
    goal_cols: tuple[int, int] | None = None
    pending = ""  # label text carried over lines (PDF text breaks labels: 其中：财政拨 / 款)
    goal_parts: list[str] = []
    outcome_parts: list[str] = []
    in_goal = False
    tasks: _Tasks | None = None
    for row in rows:
        cells = row.cells
        first = compact_value(row.filled[0]) if row.filled else ""
        if first.startswith(_TASK_LABELS):
            tasks, in_goal = tasks or _Tasks(), False
            tasks.read(row)
            continue
        if tasks is not None and tasks.open:
            if any(first.startswith(g) for g in _GOAL_LABELS) or first.startswith(_HEAD_STARTS) or _funding_header(row):
                tasks.open = False
            else:
                tasks.read(row)
                continue
        # funding header row
        fcols = _funding_header(row)
        if fcols:
            funding_cols = fcols
            in_goal = False
            pending = ""
            continue
        # goal header row: 年度总体目标 | 预期目标 | 实际完成情况
        if any(first.startswith(g) for g in _GOAL_LABELS):
            in_goal = True
            pending = ""
            exp = [k for k, c in enumerate(cells) if compact_value(c).startswith("预期目标")]
            act = [k for k, c in enumerate(cells) if compact_value(c).startswith("实际完成")]
            if exp and act:
                goal_cols = (exp[0], act[0])
                continue
            rest = [c for c in cells[1:] if c and not _label_of(c, _INFO_LABELS)]
            label = _label_of(cells[0] if cells[0] else row.filled[0], tuple((g, "goal") for g in _GOAL_LABELS))
            if label and label[2]:
                rest.insert(0, label[2])
            goal_parts.extend(_strip_funding_label(c) for c in rest if not _is_number(c))
            continue
        glued = next((g for g in _GOAL_LABELS if g in first and not first.startswith(g)), None)
        if glued is not None:
            # a goal row glued by the reader to the row above (项目资金（万元）项目总体目标 | …):
            # the long text cells are the goal, the label/number cells stay with their row
            long_texts = [
                c for c in cells[1:]
                if not _is_number(c) and (len(compact_value(c)) > 20 or _strip_funding_label(c) != c)
                and compact_value(_strip_funding_label(c))
            ]
            goal_parts.extend(_strip_funding_label(c) for c in long_texts)
            if first.startswith(tuple(w for w, _ in _INFO_LABELS)):
                _read_info_cells(info, _Row([c if c not in long_texts else "" for c in cells], row.locs, row.location))
                continue
            row = _Row([c if c not in long_texts else _funding_label_only(c) for c in cells], row.locs, row.location)
            cells = row.cells
        if in_goal and first and any(first.startswith(h) for h in _HEAD_STARTS):
            in_goal = False
        if in_goal:
            if goal_cols is not None and aligned:
                g, a = goal_cols
                goal_parts.extend(c for c in cells[g:a] if c)
                outcome_parts.extend(c for c in cells[a:] if c)
                if not any(cells[:g]) and g > 0:
                    pass
            else:
                goal_parts.append(" ".join(row.filled))
            continue
        if _read_info_cells(info, row, aligned):
            pending = ""
            continue
        pending = _read_funding_cells(table, row, funding_cols, pending, aligned)
    if tasks is not None:
        tasks.apply(table, aligned)
    for attr in ("department", "implementer", "contact", "phone"):
        if attr in info:
            setattr(table, attr, info[attr])
    if "name" in info:
        table.name = info["name"]
    elif "unit_name" in info and not table.implementer:
        table.implementer = info["unit_name"]
    if goal_parts:
        table.goal = _join_text(goal_parts)
    if outcome_parts:
        table.outcome = _join_text(outcome_parts)
    return info


@dataclass(slots=True)
class _Tasks:
    """The 年度主要任务 block: the amount columns named by its header (总额 / 财政拨款 / 其他资金),
    the 合计 row's amounts, and the sums of the task rows when no 合计 row is printed."""

    keys: list[str] = field(default_factory=list)
    total: list[Decimal] | None = None
    sums: list[Decimal] = field(default_factory=list)
    open: bool = True
    # a self-evaluation's block: 全年预算数 / 全年执行数 (each 总额 / 财政拨款 / 其他资金) | 分值 |
    # 执行率 | 得分 columns, and its 合计 row
    funding_cols: list[tuple[int, str]] | None = None
    total_row: _Row | None = None
    header_width: int = 0

    def read(self, row: _Row) -> None:
        texts = [compact_value(c) for c in row.filled]
        numbers = [v for v in (parse_number(t) for t in texts) if v is not None]
        if not numbers:
            fcols = _funding_header(row)
            if fcols:
                self.funding_cols, self.header_width = fcols, len(row.cells)
            keys = [attr for t in texts for word, attr in _AMOUNT_LABELS if t.startswith(word) and len(t) <= len(word) + 6]
            if keys:
                self.keys = list(dict.fromkeys(keys))
            return
        if texts and any(texts[0].startswith(w) or texts[0].endswith(w) for w in _TASK_TOTALS):
            self.total_row = row
        # the amounts are the trailing number cells of the row
        tail: list[Decimal] = []
        for t in reversed(texts):
            v = parse_number(t)
            if v is None:
                break
            tail.insert(0, v)
        if texts and any(texts[0].startswith(w) or texts[0].endswith(w) for w in _TASK_TOTALS):
            self.total = tail
        else:
            self.sums = [a + b for a, b in zip(self.sums, tail, strict=False)] + tail[len(self.sums):] if self.sums else tail

    def apply(self, table: PerformanceTable, aligned: bool) -> None:
        if table.table_kind == "self_evaluation" and self.funding_cols:
            self._apply_funding(table, aligned)
            return
        amounts = self.total if self.total is not None else self.sums
        keys = self.keys or ["amount", "amount_fiscal", "amount_other"]
        for key, value in zip(keys, amounts, strict=False):
            if getattr(table, key) is None:
                setattr(table, key, value)
                table.amount_from_tasks = True


    def _apply_funding(self, table: PerformanceTable, aligned: bool) -> None:
        """The 合计 row of a self-evaluation's task block as the table's funding row: by the
        header's positions in an aligned grid, else by count (each money column split into as
        many parts as the sub-header names, 分值 / 执行率 / 得分 one figure each)."""
        cols, row = self.funding_cols or [], self.total_row
        if row is None or table.funding:
            return
        fr = FundingRow(label=compact_value(row.filled[0]), location=row.location)
        if aligned and len(row.cells) == self.header_width:
            for k, key in cols:
                if k < len(row.cells):
                    _set_funding(fr, key, row.cells[k])
        else:
            values = [c for c in row.filled[1:] if _is_value_cell(c)]
            per = max(1, len(self.keys))
            money = ("initial_budget", "annual_budget", "executed")
            if len(values) != sum(per if key in money else 1 for _, key in cols):
                unsure(table, "funding", Message("parse.perf.reason.funding_row", where=where(row.location)))
                return
            at = 0
            for _, key in cols:
                _set_funding(fr, key, values[at])
                at += per if key in money else 1
        table.funding.append(fr)


def _strip_funding_label(text: str) -> str:
    """A goal cell that the reader glued to a funding label (``年度预算总额:该项目…``)."""
    t = compact_value(text)
    for word, _ in _AMOUNT_LABELS:
        if t.startswith(word):
            return re.sub(r"^[:：]", "", t[len(word) :])
    return text


def _funding_label_only(text: str) -> str:
    t = compact_value(text)
    for word, _ in _AMOUNT_LABELS:
        if t.startswith(word):
            return word
    return ""


def _join_text(parts: list[str]) -> str:
    return tidy(" ".join(p for p in parts if p and not is_blank(p)))


def _read_info_cells(info: dict[str, str], row: _Row, aligned: bool = True) -> bool:
    """Read labelled head cells (项目名称 X, 主管部门 Y …); true when the row had any."""
    cells = [c for c in row.cells if c]
    found = False
    for k, c in enumerate(cells):
        label = _label_of(c, _INFO_LABELS)
        if label is None:
            continue
        found = True
        _, attr, rest = label
        value = "" if any(rest.startswith(g) for g in _GOAL_LABELS) else rest
        if not value:
            # the value cell; in PDF text a value printed with spaces is several tokens
            following = []
            for c2 in cells[k + 1 : len(cells) if not aligned else k + 2]:
                if _label_of(c2, _INFO_LABELS) is not None:
                    break
                following.append(c2)
            value = " ".join(following)
        value = tidy(value)
        if value and attr not in info and not is_blank(value):
            info[attr] = value
    return found


def _funding_header(row: _Row) -> list[tuple[int, str]] | None:
    cols: list[tuple[int, str]] = []
    generic: set[int] = set()
    for k, c in enumerate(row.cells):
        t = compact_value(c)
        for word, key in _FUNDING_COLUMNS:
            if word in t and len(t) <= 12:
                cols.append((k, key))
                if word == _GENERIC_BUDGET:
                    generic.add(k)
                break
    if generic and any(key == "annual_budget" and k not in generic for k, key in cols):
        # a bare 预算数 beside a 全年/调整后预算 column is the heading over the amounts
        # (年度预算数（万元） | 年初预算 | 调整后预算数 …), standing over the label column
        cols = [(k, key) for k, key in cols if k not in generic]
    keys = {key for _, key in cols}
    if len(keys & {"initial_budget", "annual_budget", "executed"}) >= 2:
        return cols
    return None


def _is_number(text: str) -> bool:
    return parse_number(text) is not None or parse_percent(text) is not None or (
        parse_score(text) is not None
    )


def _read_funding_cells(
    table: PerformanceTable, row: _Row, cols: list[tuple[int, str]] | None, pending: str, aligned: bool
) -> str:
    cells = row.cells
    first_num = next((k for k, c in enumerate(cells) if c and _is_value_cell(c)), None)
    texts = [compact_value(c) for c in (cells if first_num is None else cells[:first_num]) if c]
    if first_num is None:
        if any(_label_of(c, _INFO_LABELS) for c in cells if c):
            return ""
        if aligned and cols is not None:
            # a funding row with no figures (上年结转资金 left blank): a row of its own, its label
            # whole in its cell, never the start of the next row's label
            label = _UNIT_SUFFIX.sub("", "".join(texts))
            if label:
                table.funding.append(FundingRow(label=label, location=row.location))
            return ""
        return pending + "".join(texts)
    label = _UNIT_SUFFIX.sub("", pending + "".join(texts))
    if cols is not None:
        fr = FundingRow(label=label, location=row.location)
        values = [(k, c) for k, c in enumerate(cells) if k >= first_num and c]
        header_positions = [k for k, _ in cols]
        by_position = aligned and all(k in header_positions for k, _ in values)
        for n, (k, c) in enumerate(values):
            if by_position:
                key = next(key for pos, key in cols if pos == k)
            elif n < len(cols):
                key = cols[n][1]
            else:
                break
            _set_funding(fr, key, c)
        if label:
            table.funding.append(fr)
        return ""
    # target tables: label value pairs (年度预算总额 18.00 其中：财政拨款 18.00 其他资金 0.00)
    k = first_num
    while k < len(cells):
        value = parse_number(cells[k]) if cells[k] else None
        if value is not None:
            _set_amount(table, label, value, row.location)
            label = ""
        elif cells[k] and not is_blank(cells[k]):
            label = _UNIT_SUFFIX.sub("", label + compact_value(cells[k]))
        k += 1
    return label


def _is_value_cell(text: str) -> bool:
    t = compact_value(text)
    return _is_number(t) or t in {"-", "—", "——", "－", "/"}


def _set_funding(fr: FundingRow, key: str, text: str) -> None:
    if is_blank(text):
        return
    if key == "execution_rate":
        value = parse_percent(text) or parse_number(text)
    elif key in ("weight", "score"):
        value = parse_score(text)
    else:
        value = parse_number(text)
    if value is not None:
        setattr(fr, key, value)


def _set_amount(table: PerformanceTable, label: str, value: Decimal, location: Location) -> None:
    for word, attr in _AMOUNT_LABELS:
        if word in label:
            if getattr(table, attr) is None:
                setattr(table, attr, value)
            return
    if label:
        # 上级安排 / 本级安排 / 其他 of a unit target table
        table.funding.append(FundingRow(label=label, location=location, annual_budget=value))


# ---------------------------------------------------------------------------- aligned body


def _read_body_aligned(
    table: PerformanceTable, rows: list[_Row], columns: list[tuple[int, str]], header: _Row | None = None
) -> bool:
    """Read indicator rows; true when the 总分 row was reached. A row from another grid than the
    header's (a page's last rows found as a grid of their own), of another width, is placed cell
    by cell."""
    width = max(k for k, _ in columns) + 1
    keys: list[str | None] = [None] * width
    for k, key in columns:
        keys[k] = key
    for row in rows:
        first = compact_value(row.filled[0]) if row.filled else ""
        if any(first.startswith(t) for t in _TOTAL_LABELS):
            _read_total(table, row, keys)
            return True
        if _is_indicator_header(row):
            continue
        if header is not None and row.part != header.part and len(row.cells) != len(header.cells):
            cells = _align_in_order(row.cells, keys)
        else:
            cells = _align(row.cells, keys)
        values = {key: cells[k] for k, key in enumerate(keys) if key and k < len(cells)}
        if not values.get("name"):
            if _is_continuation(values) and table.indicators:
                _append_continuation(table.indicators[-1], values)
            elif any(values.values()):
                table.warnings.append(Message("parse.perf.row_without_name", where=where(row.location),
                                              cells=" | ".join(row.filled)))
                if any(_is_number(c) for c in row.filled):
                    # its weight or score belongs to an indicator the reader could not place
                    unsure(table, "weights", Message("parse.perf.reason.row_without_name", where=where(row.location)))
            continue
        loc = row.locs[min(keys.index("name"), len(row.locs) - 1)] if "name" in keys else row.location
        table.indicators.append(make_indicator(values, loc if loc.line is not None else row.location))
    return False


def _align(cells: list[str], keys: list[str | None]) -> list[str]:
    """Realign a row whose cells are shifted against the header, by what the cells contain.

    Candidates: the row as it is, the row with an empty cell inserted at any position (a merged
    cell printed as nothing), and the row with one empty or row-label cell removed (a leading
    merged label). The best fit over all columns wins; the row as it is wins ties.
    """
    n = len(keys)
    base = (cells + [""] * n)[: max(n, len(cells))]
    # Each candidate puts cell k, k-1 or k+1 (or nothing) under column k: the fits of the three
    # placements are looked up once and summed per candidate in column order.
    columns = [(k, key) for k, key in enumerate(keys) if key is not None]
    width = len(cells)

    def fits_at(shift: int) -> dict[int, float]:
        return {k: fit(key, cells[k + shift]) if 0 <= k + shift < width else 0.0 for k, key in columns}

    here = fits_at(0)
    blank = {k: fit(key, "") for k, key in columns}
    filled_from = [0] * (width + 1)  # filled cells at index >= m
    for m in range(width - 1, -1, -1):
        filled_from[m] = filled_from[m + 1] + (1 if cells[m] else 0)

    def filled_after(m: int) -> int:
        return filled_from[m] if m <= width else 0

    # (each sum in column order; cells that fall beyond the last column are lost)
    base_score = 0.0
    for k, _ in columns:
        base_score += here[k] if k < width else blank[k]
    base_score -= 3.0 * filled_after(n)
    best, best_score = base, base_score
    if best_score > NEG / 2 and all(here[k] > 0 or not base[k] for k, _ in columns if k < width):
        return base
    before, after = fits_at(-1), fits_at(1)
    for p in range(width + 1):
        # an empty cell inserted at p: columns before p keep their cell, p is blank, the rest
        # take the cell before
        s = 0.0
        for k, _ in columns:
            s += (here[k] if k < width else blank[k]) if k < p else blank[k] if k == p else before[k]
        s -= 3.0 * (filled_after(n - 1) if p < n else filled_after(n))
        if s > best_score + 0.5:
            best, best_score = [*cells[:p], "", *cells[p:]], s
    for p, c in enumerate(cells):
        if not c or is_group_label(c):
            # cell p removed (an empty cell appended): columns from p on take the cell after
            s = 0.0
            for k, _ in columns:
                s += (here[k] if k < width else blank[k]) if k < p else (after[k] if k + 1 < width else blank[k])
            s -= 3.0 * (filled_after(n + 1) if p <= n else filled_after(n) - (1 if c else 0))
            if s > best_score + 0.5:
                best, best_score = cells[:p] + cells[p + 1 :] + [""], s
    return best


def _is_continuation(values: dict[str, str]) -> bool:
    return not any(values.get(k) for k in ("weight", "target", "actual", "stated_score", "completion_rate"))


def _append_continuation(ind: Indicator, values: dict[str, str]) -> None:
    for key in ("basis", "prior_year", "rule", "evidence", "deviation"):
        text = values.get(key)
        if text:
            setattr(ind, key, tidy((getattr(ind, key) or "") + text))


def _read_total(table: PerformanceTable, row: _Row, keys: list[str | None]) -> None:
    by_key = {key: row.cells[k] for k, key in enumerate(keys) if key and k < len(row.cells) and row.cells[k]}
    weight = parse_score(by_key.get("weight", "")) if "weight" in by_key else None
    total = parse_score(by_key.get("stated_score", "")) if "stated_score" in by_key else None
    if weight is None or total is None:
        numbers = [(c, parse_score(c)) for c in row.cells[1:] if c and parse_score(c) is not None]
        if total is None and numbers:
            marked = [v for c, v in numbers if compact_value(c).endswith("分")]
            total = marked[-1] if marked else (numbers[-1][1] if len(numbers) > 1 or table.table_kind == "self_evaluation" else None)
        if weight is None and len(numbers) > 1:
            weight = numbers[0][1]
    table.stated_total = total
    table.total_weight = weight
    table.grade = read_grade(row.filled)


_GRADES = ("优秀", "良好", "合格", "不合格", "优", "良", "中", "差")


def read_grade(cells: list[str]) -> str | None:
    """The 自评等级 printed on the 总分 row (``自评等级 | 优`` or ``自评等级：良``)."""
    texts = [compact_value(c) for c in cells if c]
    for n, t in enumerate(texts):
        if "等级" not in t:
            continue
        rest = re.sub(r"^.*等级[:：]?", "", t)
        value = rest or (texts[n + 1] if n + 1 < len(texts) else "")
        if value in _GRADES:
            return value
    return None


# ------------------------------------------------------------------------------ indicators


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    t = tidy(value)
    return None if is_blank(t) else t


def make_indicator(values: dict[str, str], location: Location) -> Indicator:
    ind = Indicator(
        level1=level_name(tidy(values.get("level1", ""))),
        level2=level_name(tidy(values.get("level2", ""))),
        name=tidy(values.get("name", "")),
        location=location,
    )
    ind.weight = parse_score(values.get("weight", "")) if values.get("weight") else None
    comparator, unit = values.get("comparator", ""), values.get("unit", "")
    ind.target = parse_measure(join_measure(comparator, values.get("target", ""), unit))
    ind.actual = parse_measure(join_measure("", values.get("actual", ""), unit))
    rate = values.get("completion_rate", "")
    ind.completion_rate = (parse_percent(rate) or parse_number(rate)) if rate else None
    ind.stated_score = parse_score(values.get("stated_score", "")) if values.get("stated_score") else None
    ind.basis = _text(values.get("basis"))
    ind.prior_year = _text(values.get("prior_year"))
    ind.rule = _text(values.get("rule"))
    ind.evidence = _text(values.get("evidence"))
    ind.deviation = _text(values.get("deviation"))
    return ind


def _fill_levels(table: PerformanceTable) -> None:
    """Level-1/level-2 names merged down their column are repeated on every indicator."""
    l1, l2 = "", ""
    for ind in table.indicators:
        if ind.level1:
            if ind.level1 != l1 and not ind.level2:
                l2 = ""
            l1 = ind.level1
        else:
            ind.level1 = l1
        if ind.level2:
            l2 = ind.level2
        else:
            ind.level2 = l2
    # total_weight: as printed on the 总分 row, else the sum of the weights the table gives
    # (indicators plus the budget-execution row of a self-evaluation)
    weights = [i.weight for i in table.indicators if i.weight is not None]
    if table.total_weight is None and weights:
        execution = table.funding[0].weight if table.funding and table.funding[0].weight is not None else Decimal(0)
        table.total_weight = sum(weights, Decimal(0)) + execution
    levelled = any(i.level1 or i.level2 for i in table.indicators)  # a flat list has no levels at all
    for ind in table.indicators if levelled else []:
        if not ind.level1 or not ind.level2:
            table.warnings.append(Message("parse.perf.no_levels", name=ind.name, where=where(ind.location)))


__all__ = ["is_performance_title", "make_indicator", "read_grade", "recognize_performance"]
