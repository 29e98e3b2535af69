"""Standard tables (budget B01–B11, final account F01–F09).

For each table region found by :mod:`budgetlens.recognize.segment` the recogniser

1. identifies the table by its title (else the nearest heading, else its header words) against
   the declarations in :mod:`budgetlens.recognize.table_specs`; 绩效 tables are left alone;
2. splits header rows from body rows and maps header cells to column keys by their aliases —
   per grid column for aligned grids (merged group cells carried over the columns they span),
   over the whole header text for PDF text where the header is broken over many lines;
3. reads rows: classification codes (类/款/项 across cells or in one cell, joined to 3/5/7
   digits), names (spaces removed, wrapped parts joined), the 项目名称 of budget table 7, the
   income/expense side of two-sided tables, total rows;
4. for PDF text (``Grid.aligned`` false) assigns each row's numbers to value columns: every
   order-preserving placement that satisfies the row identities of the table is a candidate, and
   one placement per row is chosen jointly so that the hierarchy identities hold per column
   (类 = Σ款 = Σ项, 合计 = Σ类, a unit subtotal = Σ its 类). A backtracking search with partial-sum
   pruning finds it; when several placements fit, the spec's documented preference decides and
   a warning names the rows;
5. marks tables explained as empty (``…为空表``, ``本表无数据``) and fills ``doc.project_list``
   from budget table 7.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from budgetlens.i18n import Message, as_param
from budgetlens.model import Cell, Column, Disclosure, Grid, Location, ProjectListItem, Table, TableRow
from budgetlens.recognize import codes
from budgetlens.recognize.lazy_pattern import lazy
from budgetlens.recognize.segment import (
    Segment,
    TableRegion,
    compact,
    heading_title,
    is_page_number,
    is_preamble,
    is_title,
)
from budgetlens.recognize.table_columns import (
    _detect_keys,
    _looks_like_header,
    _numbered_label,
    _read_aligned,
    _row_is_data,
)
from budgetlens.recognize.table_placement import _solve
from budgetlens.recognize.table_rows import (
    _has_cjk,
    _is_index_row,
    _is_number,
    _is_prose,
    _Row,
    _value,
    is_total_name,
)
from budgetlens.recognize.table_specs import SPECS, TableSpec, identify, norm, norm_word, title_match
from budgetlens.recognize.table_unaligned import _merge_tokens, _read_unaligned, _split_line
from budgetlens.recognize.table_verify import verify_table

_EMPTY_NOTE = lazy(
    r"为空表|空白表|本表无数据|故本表无数据|本表为空|无数据|表内无数据|(?:没有|无)[^。]{0,40}(?:收入|支出|结余|经费)[^。]{0,30}(?:故|因此|所以)?[^。]{0,10}(?:空表|无数据)"
)
_CODE_CELL = lazy(r"^[23]\d{2}(?:\d{2}){0,2}$")  # 201, 20101, 2010101 / 301, 30101
_ENUM_START = lazy(r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|其中[:：])")
_CODE_HEADS = ("类", "款", "项", "类款项", "类款")


# ----------------------------------------------------------------------------- entry point


def recognize_tables(doc: Disclosure, segments: list[Segment]) -> list[Table]:
    kind = doc.kind.value if doc.kind else None
    known: dict[str, str] = {}
    tables: list[Table] = []
    groups = _group_pieces(segments, kind)
    # A table printed without its amount unit (the unit line printed only with the part of a wide
    # table on another page) counts in the unit most tables of the document state, when more tables
    # state it than state none.
    stated = Counter(u for _, pieces in groups for u in [next(filter(None, map(_stated_unit, pieces)), None)] if u)
    ranked = stated.most_common(2)
    silent = len(groups) - sum(stated.values())
    default_unit = ("万元" if not ranked or ranked[0][1] <= silent or (len(ranked) > 1 and ranked[0][1] == ranked[1][1])
                    else ranked[0][0])
    for spec, pieces in groups:
        try:
            table = _read_pieces(pieces, spec, known, default_unit)
        except Exception as exc:
            first = pieces[0]
            table = Table(id=spec.id, title=first.title or spec.name, columns=[], rows=[], location=first.location,
                          number=first.number)
            table.warnings.append(Message("parse.table.not_read", table=spec.id, error=f"{type(exc).__name__}: {exc}"))
        tables.append(table)
    for t in tables:
        _finish_empty(t)
        verify_table(t)
    doc.tables = tables
    doc.project_list = [
        ProjectListItem(name=r.project, amount=r.values.get("total"), code=r.code, location=r.location)
        for t in tables
        if t.id == "B07"
        for r in t.rows
        if r.project and not r.is_total
    ]
    for t in tables:
        doc.warnings.extend(Message("parse.table.warning", table=t.id or "?", warning=as_param(w)) for w in t.warnings)
    return tables


# A line that marks the piece after it as the continuation of the table before: 续表, （续）,
# 续上表, 表7（续）, 表七续表, 一般公共预算支出情况表（续）.
_CONTINUED_MARK = lazy(
    r"^[（(]?续(?:表|上表|前表)?[）)]?(?:[0-9一二三四五六七八九十]+(?:[-－—]\d+)?)?[）)]?$"
    r"|^(?:附)?表?[0-9一二三四五六七八九十]*(?:[-－—]\d+)?\S{0,40}?[（(]续(?:表)?[）)]$"
    r"|^(?:附)?表[0-9一二三四五六七八九十]+(?:[-－—]\d+)?续(?:表)?$"
)


def is_continued_mark(text: str) -> bool:
    """``续表`` and its variants printed above a piece of a table broken across pages."""
    t = compact(text)
    return len(t) <= 48 and bool(_CONTINUED_MARK.match(t))


def _group_pieces(segments: list[Segment], kind: str | None) -> list[tuple[TableSpec, list[TableRegion]]]:
    """Standard tables in printed order, each with the regions it is printed in.

    Table boundaries come from what the page prints, never from columns that look alike: a region
    with a title or a number of its own starts a new table, unless it repeats the title (and
    number) of the table before on its next page. A region without a title continues the table
    before when the grid was cut at the page foot (``continues``), when nothing was printed
    between, under a 续表 line, or when it repeats that table's header. A table whose title names
    no standard table (政府采购预算明细表, a 绩效 table, a table of both 功能 and 经济 classification)
    is left out together with its continued pieces, so they never join a standard table."""
    groups: list[tuple[TableSpec, list[TableRegion]]] = []
    last: tuple[TableSpec | None, list[TableRegion]] | None = None
    furniture = _running_lines(segments)
    after_table = False  # the previous segment was a table region (nothing printed between)
    marked = False  # a 续表 line since the last table region
    for seg in segments:
        if not isinstance(seg, TableRegion):
            if is_continued_mark(seg.text):
                marked = True
                continue
            if is_page_number(seg.text) or compact(seg.text) in furniture:
                continue  # a page number or running head between two pieces prints nothing between them
            after_table = False
            marked = False
            continue
        region = seg
        follows, was_marked = after_table, marked
        after_table, marked = True, False
        title = region.title
        if title and is_continued_mark(title):
            was_marked, title = True, ""
        continues = bool(getattr(region.grid, "continues", False)) or was_marked
        if last is not None:
            prev_spec, pieces = last
            untitled = not title and (not region.number or was_marked or region.number == pieces[0].number)
            if untitled and (continues or follows or _header_matches(region, prev_spec, pieces[0])):
                pieces.append(region)
                continue
            same_kind = prev_spec is None or identify(title, kind) is prev_spec
            if title and same_kind and _repeats_title(region, pieces[0]) and (
                continues or follows or _header_matches(region, prev_spec, pieces[0])
            ):
                pieces.append(region)  # the title (and header) printed again on every page
                continue
        if "绩效" in norm(title) or "绩效" in norm(region.heading if not title else ""):
            last = (None, [region])
            continue
        spec = identify(title, kind) if title else None
        if spec is None and not title:
            spec = identify(heading_title(region.heading), kind) if region.heading else None
            if spec is None:
                spec = _identify_by_header(region, kind)
        if spec is None:
            last = (None, [region])  # a table of its own kind: its pieces stay out of the others
            continue
        last = (spec, [region])
        groups.append((spec, last[1]))
    return _one_per_title(groups)


def _one_per_title(groups: list[tuple[TableSpec, list[TableRegion]]]) -> list[tuple[TableSpec, list[TableRegion]]]:
    """Tables read as the same standard table under different titles: the one whose title names it
    most fully is that table (表7 一般公共预算项目支出情况表 rather than 表12 部门预算项目支出及其他支出
    预算表); of titles naming it equally, the one that is not its 明细表 (一般公共预算财政拨款支出
    决算表 rather than the …决算明细表 printed beside it, a breakdown of it); a grid identified by
    its heading or header alone is not, when a titled table is."""
    def score(title: str, spec: TableSpec) -> tuple[int, int]:
        return title_match(title, spec), -int("明细" in title)

    best: dict[str, tuple[int, int]] = {}
    for spec, pieces in groups:
        if pieces[0].title:
            best[spec.id] = max(best.get(spec.id, (0, 0)), score(pieces[0].title, spec))
    return [(spec, pieces) for spec, pieces in groups
            if spec.id not in best or (pieces[0].title and score(pieces[0].title, spec) >= best[spec.id])]


def _running_lines(segments: list[Segment]) -> set[str]:
    """Lines printed on three or more pages as a running head or foot ("X局2026年度部门预算公开")."""
    pages: dict[str, set[int]] = {}
    for seg in segments:
        if isinstance(seg, TableRegion) or seg.location.page is None:
            continue
        t = compact(seg.text)
        if 0 < len(t) <= 40:
            pages.setdefault(t, set()).add(seg.location.page)
    return {t for t, p in pages.items() if len(p) >= 3}


_YEAR_PREFIX = lazy(r"^\d{4}年度?")


def _repeats_title(region: TableRegion, first: TableRegion) -> bool:
    """The same title as the piece before (the year or a qualifier may be left out on later
    pages), and no other number."""
    a, b = (_YEAR_PREFIX.sub("", compact(r.title)) for r in (region, first))
    if not a or not b or not (a == b or (len(min(a, b, key=len)) >= 6 and (a in b or b in a))):
        return False
    if region.number not in (None, first.number):
        return False
    units = [{compact(p) for p in r.preamble if compact(p).startswith(("编制部门", "编制单位"))} for r in (region, first)]
    return not (units[0] and units[1] and units[0] != units[1])


def _finish_empty(table: Table) -> None:
    has_figures = any(v is not None for r in table.rows for v in r.values.values())
    if table.empty_note and not has_figures:
        table.empty = True
    elif not has_figures and not table.empty:
        table.warnings.append(Message("parse.table.no_figures"))


def _header_matches(region: TableRegion, spec: TableSpec | None, first: TableRegion) -> bool:
    """Whether an untitled region prints the header of the table before: the first piece's header
    rows again, or (for a standard table) enough of its columns' names."""
    own = _head_rows(region)
    if own and own == _head_rows(first):
        return True
    if spec is None:
        return False
    head = norm("".join(c.text for row in region.grid.rows[:8] for c in row))
    hits = sum(1 for c in spec.columns if any(norm_word(a) in head for a in c.aliases))
    return hits >= max(1, len(spec.columns) // 2)


def _head_rows(region: TableRegion) -> list[str]:
    """The texts of a region's rows before its first data row (its header as printed)."""
    out: list[str] = []
    for row in region.grid.rows[:8]:
        texts = [c.text.strip() for c in row]
        if _row_is_data(texts) or any(codes.split_code_prefix(t)[0] for t in texts if t):
            break
        joined = norm("".join(texts))
        if joined:
            out.append(joined)
    return out


def _identify_by_header(region: TableRegion, kind: str | None) -> TableSpec | None:
    cells = [c.text for row in region.grid.rows[:10] for c in row if c.text.strip()]
    if sum(1 for t in cells if is_title(t) and identify(t, kind) is not None) >= 2:
        return None  # a list of tables (目录, 公开报表 list with 是否空表), not a table
    head = norm("".join(cells))
    # codes stand first in a row (类 款 项 cells or one code cell, or glued before the name)
    has_codes = any(_CODE_CELL.match(compact(c.text)) or codes.split_code_prefix(c.text.strip())[0]
                    for row in region.grid.rows for c in [c for c in row if c.text.strip()][:1])
    best: tuple[float, TableSpec] | None = None
    for spec in SPECS:
        if kind and spec.kind != kind:
            continue
        if spec.header_keys and not all(norm(k) in head for k in spec.header_keys):
            continue
        found = len(_detect_keys(head, spec.read_columns))
        if found < 2:
            continue
        if spec.code_kind and not has_codes:
            continue  # a table by 科目 shows its codes; a grid without them is another table
        score = found / len(spec.columns) + 0.01 * found
        if best is None or score > best[0]:
            best = (score, spec)
    return best[1] if best else None


# ----------------------------------------------------------------------------- region reading


def _read_pieces(pieces: list[TableRegion], spec: TableSpec, known: dict[str, str], default_unit: str = "万元") -> Table:
    """Read a table printed in one or more pieces. Pieces of the same kind (aligned or not) whose
    columns line up with the first piece's are stitched into one grid before reading, so every
    piece is read with the first piece's header (column map, header rows) and the identities
    span the page breaks: a piece's repeated header rows and title lines are dropped, the first
    rows of a piece continue the header when the piece before ended inside it, and a name cell
    broken at the page break is joined. A piece that cannot be lined up is read on its own."""
    pieces = [dataclasses.replace(p, grid=_join_split_columns(p.grid)) for p in pieces]
    first = pieces[0]
    rows = [list(r) for r in first.grid.rows]
    width = max((len(r) for r in rows), default=0)
    header = _header_block(rows, first.grid.aligned)
    header_done = _has_body(rows, first.grid.aligned)
    apart: list[TableRegion] = []
    for piece in pieces[1:]:
        fitted = _fit_piece(piece.grid, first.grid, width)
        if fitted is None:
            apart.append(piece)
            continue
        if header_done:
            fitted = _drop_repeated_header(fitted, header, spec, first.grid.aligned)
            if fitted and first.grid.aligned:
                _join_broken_cell(rows, fitted, spec, header)
            elif fitted:
                _join_broken_line(rows, fitted, spec)
        else:
            header = _header_block(rows + fitted, first.grid.aligned)
        rows.extend(fitted)
        header_done = header_done or _has_body(fitted, first.grid.aligned)
    grid = dataclasses.replace(first.grid, rows=rows, continues=False)
    notes = [n for p in pieces for n in p.notes]
    unit = next(filter(None, map(_stated_unit, pieces)), None)
    table = _read_region(dataclasses.replace(first, grid=grid, notes=notes), spec, known, unit=unit,
                         default_unit=default_unit)
    for piece in apart:
        try:
            extra = _read_region(piece, spec, known, continuation=True, unit=unit, default_unit=default_unit)
        except Exception as exc:  # a malformed piece must not lose the table
            table.warnings.append(Message("parse.table.continuation_failed", error=f"{type(exc).__name__}: {exc}"))
            continue
        table.warnings.append(Message("parse.table.piece_apart", page=piece.location.page or "?",
                                      line=piece.location.line or "?"))
        table.rows.extend(extra.rows)
        if spec.two_sided:  # keep each side's rows together, in printed order
            table.rows.sort(key=lambda r: r.side != "income")
        table.warnings.extend(extra.warnings)
        table.empty_note = table.empty_note or extra.empty_note
    return table


def _texts(row: Sequence[Cell]) -> list[str]:
    return [c.text.strip() for c in row]


def _has_body(rows: list[list[Cell]], aligned: bool) -> bool:
    """Whether the header of a table ended within ``rows`` (a data row or a column-number row)."""
    for r in rows:
        texts = _texts(r) if aligned else [t.text for t in _merge_tokens(r)]
        filled = [t for t in texts if t]
        if filled and (_is_index_row(filled) or _row_is_data(texts) or _is_prose(filled) or _numbered_label(texts)):
            return True
    return False


def _header_block(rows: list[list[Cell]], aligned: bool) -> set[str]:
    """The header of the first piece as the set of its rows' joined texts and of its cell texts."""
    out: set[str] = set()
    for r in rows:
        texts = _texts(r) if aligned else [t.text for t in _merge_tokens(r)]
        filled = [t for t in texts if t]
        if not filled:
            continue
        if _is_index_row(filled) or _row_is_data(texts) or _is_prose(filled) or _numbered_label(texts):
            break
        out.add("|" + norm("".join(filled)))
        out.update(norm(t) for t in filled)
    return out


def _drop_repeated_header(rows: list[list[Cell]], header: set[str], spec: TableSpec, aligned: bool) -> list[list[Cell]]:
    """Leading rows of a later piece that repeat the title, preamble, header or column numbers."""
    k = 0
    for r in rows:
        texts = _texts(r) if aligned else [t.text for t in _merge_tokens(r)]
        filled = [t for t in texts if t]
        if not filled or _is_index_row(filled) or all(is_preamble(t) or is_title(t) for t in filled):
            k += 1
            continue
        if _row_is_data(texts):
            break
        joined = norm("".join(filled))
        if "|" + joined in header or _looks_like_header(texts, spec) or all(norm(t) in header for t in filled):
            k += 1
            continue
        break
    return rows[k:]


def _join_split_columns(grid: Grid) -> Grid:
    """A ruled grid cut into narrow cells: its header words sit in small boxes inset in each
    column (a 5-point strip either side of 预算数), so the reader cut every column into several,
    while each body cell spans the whole column. The columns are those the body rows start a cell
    at (a cell covering the next ones has no box of its own there); a header word moves to the
    column its box starts in. Grids without cell boxes, or whose body starts a cell in every
    column, are returned as they are."""
    if not grid.aligned or not grid.rows:
        return grid
    width = max(len(r) for r in grid.rows)
    body = [r for r in grid.rows if _row_is_data([c.text for c in r])]
    if len(body) < 2 or any(c.text.strip() and c.location.bbox is None for r in body for c in r):
        return grid
    starts = sorted({j for r in body for j, c in enumerate(r) if c.location.bbox is not None})
    if not starts or len(starts) == width or starts[0] != 0:
        return grid
    if any(len(r) < width for r in body):
        return grid
    target = [max(k for k, b in enumerate(starts) if b <= j) for j in range(width)]
    rows: list[list[Cell]] = []
    for r in grid.rows:
        texts = [""] * len(starts)
        locs: list[Location | None] = [None] * len(starts)
        for j, c in enumerate(r):
            k = target[j]
            if c.text.strip():
                texts[k] = texts[k] + c.text if texts[k] else c.text
            # the cell's box: the column's own cell, else the first word's
            if c.location.bbox is not None and (j == starts[k] or (locs[k] is None and c.text.strip())):
                locs[k] = c.location
        fallback = r[0].location if r else grid.location
        rows.append([Cell(texts[k], locs[k] or fallback) for k in range(len(starts))])
    return dataclasses.replace(grid, rows=rows)


def _fit_piece(grid: Grid, first: Grid, width: int) -> list[list[Cell]] | None:
    """The rows of a later piece in the first piece's columns, or None when they do not line up:
    the same number of columns, or (ruled PDF) each column under the first piece's column it
    overlaps most."""
    if grid.aligned != first.aligned:
        return None
    rows = [list(r) for r in grid.rows]
    if not grid.aligned:
        return rows
    own = max((len(r) for r in rows), default=0)
    if own == width or not rows:
        return [r + [Cell("", r[-1].location if r else grid.location)] * (width - len(r)) for r in rows]
    ref = _column_spans(first.rows, width)
    mine = _column_spans(rows, own)
    if any(s is None for s in ref) or any(s is None for s in mine):
        return None
    target: list[int] = []
    for span in mine:
        assert span is not None
        best = max(range(width), key=lambda j: _overlap(span, ref[j]))
        if _overlap(span, ref[best]) <= 0:
            return None
        target.append(best)
    out: list[list[Cell]] = []
    for r in rows:
        texts = [""] * width
        locs: list[Location | None] = [None] * width
        for k, c in enumerate(r):
            j = target[k]
            if c.text.strip():
                texts[j] = (texts[j] + c.text) if texts[j] else c.text
                locs[j] = locs[j] or c.location
        fallback = r[0].location if r else grid.location
        out.append([Cell(texts[j], locs[j] or fallback) for j in range(width)])
    return out


def _column_spans(rows: list[list[Cell]], width: int) -> list[tuple[float, float] | None]:
    """Each grid column's horizontal extent: its narrowest cell box (merged cells are wider)."""
    spans: list[tuple[float, float] | None] = [None] * width
    for r in rows:
        for j, c in enumerate(r[:width]):
            box = c.location.bbox
            if box is None:
                continue
            cur = spans[j]
            if cur is None or box[2] - box[0] < cur[1] - cur[0]:
                spans[j] = (box[0], box[2])
    return spans


def _overlap(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    if a is None or b is None:
        return 0.0
    return min(a[1], b[1]) - max(a[0], b[0])


def _join_broken_cell(rows: list[list[Cell]], piece: list[list[Cell]], spec: TableSpec, header: set[str]) -> None:
    """A row broken at the page break: the first row of the next piece holds the rest of the
    previous row's text cells (no code, no total label, no numbering of its own; figures only when
    the part before printed none). Its texts are appended to the previous row's cells, the figures
    taken over, and the row is removed from the piece. In a table with codes the previous row must
    carry a code; without codes its broken cell must fill its column (be as wide as the widest
    text printed in that column)."""
    prev_i = next((i for i in range(len(rows) - 1, -1, -1) if any(_texts(rows[i]))), None)
    nxt_i = next((i for i, r in enumerate(piece) if any(_texts(r))), None)
    if prev_i is None or nxt_i is None:
        return
    prev, nxt = rows[prev_i], piece[nxt_i]
    pt, nt = _texts(prev), _texts(nxt)
    texts = [j for j, t in enumerate(nt) if t and _has_cjk(t)]
    if not texts:
        return
    label_from = min(j for j, t in enumerate(pt) if t and _has_cjk(t)) if any(_has_cjk(t) for t in pt) else len(pt)
    if any(t and not _has_cjk(t) and (j < texts[0] or not _is_number(t)) for j, t in enumerate(nt)):
        return  # a code or something else that is not a figure
    if any(t and not _has_cjk(t) for t in nt) and any(
        t and _value(t) is not None for j, t in enumerate(pt) if j > label_from
    ):
        return  # figures on both parts: two rows
    for j in texts:
        t = nt[j]
        if j >= len(pt) or not pt[j] or is_total_name(t) or is_total_name(pt[j]) or t in _CODE_HEADS:
            return
        if codes.split_code_prefix(t)[0] or _ENUM_START.match(norm(t)) or norm(t).startswith(("其中", "其他")):
            return
    prev_code = any(codes.join_parts([t]) or codes.split_code_prefix(t)[0] for t in pt[: label_from + 1] if t)
    if not (spec.code_kind and prev_code):
        for j in texts:
            widest = max((len(compact(r[j].text)) for r in rows if j < len(r) and r[j].text.strip() and
                          "|" + norm("".join(_texts(r))) not in header), default=0)
            if len(compact(pt[j])) < widest - 1:
                return
    merged: list[Cell] = []
    for j in range(max(len(prev), len(nxt))):
        a = prev[j] if j < len(prev) else None
        b = nxt[j] if j < len(nxt) else None
        if a is None or not a.text.strip():
            merged.append(b if b is not None else Cell("", prev[0].location))
        elif b is None or not b.text.strip():
            merged.append(a)
        else:
            merged.append(Cell(a.text + b.text, a.location))
    rows[prev_i] = merged
    del piece[nxt_i]


def _join_broken_line(rows: list[list[Cell]], piece: list[list[Cell]], spec: TableSpec) -> None:
    """PDF text: a coded row with its figures at the foot of a page and the rest of its name as
    the first line of the next page (text only: no code, figures, total label or numbering). The
    text joins the row's last text token, which keeps its place before the figures."""
    if not spec.code_kind or not rows or not piece:
        return
    prev = _merge_tokens(rows[-1])
    code, _parts, texts, nums = _split_line(prev)
    tail = _merge_tokens(piece[0])
    if code is None or not nums or not texts or not tail:
        return
    if any(not _has_cjk(t.text) or _is_number(t.text) for t in tail):
        return
    head = norm(tail[0].text)
    if is_total_name(head) or _ENUM_START.match(head) or head.startswith(("其中", "其他")) or codes.split_code_prefix(head)[0]:
        return
    at = len(prev) - len(nums) - 1  # the last text token stands right before the trailing figures
    more = "".join(t.text for t in tail)
    rows[-1] = [Cell(t.text + more if i == at else t.text, t.location) for i, t in enumerate(prev)]
    del piece[0]


def _read_region(region: TableRegion, spec: TableSpec, known: dict[str, str], continuation: bool = False,
                 unit: str | None = None, default_unit: str = "万元") -> Table:
    grid = region.grid
    warnings: list[str] = []
    note = _note_from(region)
    if grid.aligned:
        rows, columns, prose = _read_aligned(grid.rows, spec, warnings, continuation)
    else:
        rows, columns, prose = _read_unaligned(grid.rows, spec, known, warnings)
    if note is None:
        for text in prose:
            if _EMPTY_NOTE.search(norm(text)):
                note = _sentence(text)
                break
    _solve(rows, spec, warnings)
    out_rows = [_to_table_row(r) for r in rows]
    columns = _phase_rows(out_rows, columns)
    out_rows = _report_year_row(out_rows)
    if _by_unit(grid):
        for r in out_rows:  # a unit's code (253, 253001) classifies nothing
            r.code, r.code_kind = None, None
            r.name = _UNIT_CODE.sub("", r.name)
    for r in out_rows:
        if r.code and r.name and not r.project:
            known.setdefault(r.code, r.name)
    table = Table(
        id=spec.id,
        title=region.title or spec.name,
        columns=columns,
        rows=out_rows,
        location=region.location,
        number=region.number,
        unit_of_amount="万元",
        empty_note=note,
        warnings=warnings,
    )
    unit = unit or _stated_unit(region)
    if unit is None and default_unit != "万元":
        table.warnings.append(Message("parse.table.default_unit", unit=default_unit))
    _to_wan(table, unit or default_unit)
    return table


def _stated_unit(region: TableRegion) -> str | None:
    """The amount unit a region states in its preamble or first rows, None when it states none."""
    lines = [*region.preamble, *(" ".join(_texts(r)) for r in region.grid.rows[:4])]
    return next((m.group(1) for line in lines for m in [_UNIT_RE.search(line)] if m), None)


_UNIT_CODE = lazy(r"^\d{3,12}(?=[^\d.,])")
_UNIT_HEADS = {"单位编码", "单位代码", "单位名称", "部门编码", "部门代码", "部门名称", "预算单位", "单位名称(科目)"}
_SUBJECT_HEADS = ("科目编码", "科目代码", "科目名称", "功能分类", "经济分类", "功能科目", "经济科目", "类款项")


def _by_unit(grid: Grid) -> bool:
    """A table broken down by unit (单位编码/单位名称 where other templates print 科目): its rows are
    the department and its subordinate units, and the codes before their names are unit codes."""
    texts = {norm(c.text) for row in grid.rows[:6] for c in row if c.text.strip()}
    return bool(texts & _UNIT_HEADS) and not any(h in t for t in texts for h in _SUBJECT_HEADS)


_UNIT_RE = lazy(r"单位[：:]\s*(万元|元|千元|亿元)")


# Powers of ten from a printed amount unit to 万元.
_TO_WAN = {"元": -4, "千元": -1, "万元": 0, "亿元": 4}


def _to_wan(table: Table, unit: str) -> None:
    """Amounts are kept in 万元 (the unit of the narrative and of every fact): a table printed
    in 元/千元/亿元 has its values shifted exactly (``1,250,000.00`` 元 → ``125.000000`` 万元);
    the printed figures stay in ``row.raw``."""
    shift = _TO_WAN.get(unit, 0)
    if not shift:
        return
    for row in table.rows:
        row.values = {k: (None if v is None else v.scaleb(shift)) for k, v in row.values.items()}


def _sentence(text: str) -> str:
    t = norm(text)
    t = re.sub(r"^(?:备注|注|说明)[:：]", "", t)
    return t


def _note_from(region: TableRegion) -> str | None:
    for p in region.notes:
        if _EMPTY_NOTE.search(norm(p.text)):
            return _sentence(p.text)
    return None


_BUDGET_PHASE = lazy(r"^(?:全年|年初|调整后)?预算(?:数|金额)?$")
_ACTUAL_PHASE = lazy(r"^(?:决算(?:数|金额)?|实际支出(?:数)?|支出决算数?)$")
_CHANGE_ROW = lazy(r"增减|差额|差异|增长|变动")


def _phase_rows(rows: list[TableRow], columns: list[Column]) -> list[Column]:
    """A table of 预算数 and 决算数 columns per item printed transposed: the items as columns
    (no phase word above them, so read as 决算数) and one row per phase (预算数 / 决算数). The
    预算数 row's figures are the items' 预算数: its values move to the ``budget_`` keys."""
    actual = [c.key for c in columns if c.key.startswith("actual_")]
    if not actual or any(c.key.startswith("budget_") for c in columns):
        return columns
    named = [r for r in rows if any(v is not None for v in r.values.values())]
    phases = [norm(r.name) for r in named]
    if not any(_BUDGET_PHASE.match(p) for p in phases) or not any(_ACTUAL_PHASE.match(p) for p in phases) or \
            not all(_BUDGET_PHASE.match(p) or _ACTUAL_PHASE.match(p) or _CHANGE_ROW.search(p) for p in phases):
        return columns
    for r in named:
        if _CHANGE_ROW.search(norm(r.name)) and not _BUDGET_PHASE.match(norm(r.name)):
            for key in actual:  # a row of differences (决算数比预算数增减) is a figure of neither
                r.values[key] = None
                r.cells.pop(key, None)
            continue
        if not _BUDGET_PHASE.match(norm(r.name)):
            continue
        for key in actual:
            twin = "budget_" + key.removeprefix("actual_")
            r.values[twin] = r.values.pop(key, None)
            r.values[key] = None
            if key in r.cells:
                r.cells[twin] = r.cells.pop(key)
    budget = [Column(key="budget_" + c.key.removeprefix("actual_"), label=c.label)
              for c in columns if c.key in actual]
    return budget + columns


_YEAR_ROW = lazy(r"^(?:(20\d{2})|([上本]))年度?(?:预算|决算|执行|预计|安排)*数?$")


def _report_year_row(rows: list[TableRow]) -> list[TableRow]:
    """A table printed with one row per year (2025年预算数 / 2026年预算数 / 增减额, or 上年 / 本年):
    only the latest year's row is the table's; the earlier year's restates last year and the
    change row is a difference, as the columns of an earlier year or a change block are not read."""
    named = [r for r in rows if any(v is not None for v in r.values.values())]
    if len(named) < 2 or any(r.code for r in rows):
        return rows
    years: dict[int, TableRow] = {}
    for r in named:
        m = _YEAR_ROW.match(norm(r.name))
        if m:
            years[int(m.group(1)) if m.group(1) else (0 if m.group(2) == "本" else -1)] = r
        elif not _CHANGE_ROW.search(norm(r.name)):
            return rows
    numeric = [y for y in years if y > 0]
    if len(years) < 2 or (numeric and len(numeric) < len(years)):
        return rows
    latest = years[max(years)]
    return [r for r in rows if r is latest or r not in named]


def _to_table_row(r: _Row) -> TableRow:
    values: dict[str, Decimal | None] = {}
    cells: dict[str, Location] = {}
    src = r.fixed or {}
    for k in r.keys:
        v = src.get(k)
        values[k] = v.value if v else None
        if v and v.location is not None:
            cells[k] = v.location
    return TableRow(
        name=r.name,
        values=values,
        location=r.location,
        code=r.code,
        code_kind=codes.kind_of(r.code) if r.code else None,
        cells=cells,
        is_total=r.is_total,
        project=r.project,
        side=r.side,
        raw=r.raw,
    )
