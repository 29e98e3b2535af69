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
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from budgetlens.figures import parse_number
from budgetlens.model import Cell, Column, Disclosure, Grid, Location, ProjectListItem, Table, TableRow
from budgetlens.recognize import codes
from budgetlens.recognize.segment import Segment, TableRegion, compact, is_preamble, is_title
from budgetlens.recognize.table_specs import SPECS, ColumnSpec, TableSpec, identify, norm

_TOTAL = re.compile(
    r"^(?:合计|总计|收入总计|支出总计|收入合计|支出合计|本年收入合计|本年支出合计|收支总计|"
    r"人员经费合计|公用经费合计|[一二三]?、?(?:本年)?(?:收入|支出)?(?:总计|合计))$"
)
_EMPTY_NOTE = re.compile(
    r"为空表|空白表|本表无数据|故本表无数据|本表为空|无数据|表内无数据|(?:没有|无)[^。]{0,40}(?:收入|支出|结余|经费)[^。]{0,30}(?:故|因此|所以)?[^。]{0,10}(?:空表|无数据)"
)
_INDEX_TOKEN = re.compile(r"^(?:※|\*|栏次|行次|\d{1,2})$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PROSE = re.compile(r"[，。；]")
_ENUM_START = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|其中[:：])")
_EXPENSE_LABEL = re.compile(r"(?:支出|支)$|^支出|结余分配|年末|下年|支出总计|支出合计|用事业基金弥补|^结余")
_CODE_HEADS = ("类", "款", "项", "类款项", "类款")
_MERGED_CODES = re.compile(r"(?<=[\u4e00-\u9fff）)])\s*(?=[2-5]\d{2}\s*[\u4e00-\u9fff])")
_DECIMAL_TOKEN = re.compile(r"^[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$|^[-−+]?\d{1,3}(?:,\d{3})+$")


# ----------------------------------------------------------------------------- helpers


def _is_number(text: str) -> bool:
    t = text.strip()
    return t in {"-", "—", "——", "–", "－"} or parse_number(t) is not None


def _value(text: str) -> Decimal | None:
    return parse_number(text)


def _has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def is_total_name(name: str) -> bool:
    return bool(_TOTAL.match(norm(name)))


def _tol(n: int) -> Decimal:
    return Decimal("0.005") * (n + 1) + Decimal("0.0001")


def _is_index_row(texts: Sequence[str]) -> bool:
    """The column-number row printed under many headers: ``※ ※ ※ 1 2 3`` / ``栏次 1 2 3``."""
    toks = [t for t in texts if t.strip()]
    if len(toks) < 2 or not all(_INDEX_TOKEN.match(t.strip()) for t in toks):
        return False
    ints = [int(t) for t in toks if t.strip().isdigit()]
    return any(t.strip() in ("※", "*", "栏次", "行次") for t in toks) or ints == list(range(1, len(ints) + 1))


_NOTE_START = re.compile(r"^(?:备注|注|说明)\d?[:：]")


def _is_prose(texts: Sequence[str]) -> bool:
    joined = "".join(texts)
    if _NOTE_START.match(norm(joined)) and _has_cjk(joined):
        return True  # 注：… under a table, however short
    return bool(_PROSE.search(joined)) and len(norm(joined)) >= 12


_ROW_NUMBER = re.compile(r"^\d{1,3}$")
_ROW_NUMBER_HEADS = ("行次", "栏次")


def _is_row_number(text: str) -> bool:
    """The row number printed in a 行次 column (``1``, ``29``): a bare integer."""
    return bool(_ROW_NUMBER.match(text.strip()))


@dataclass(slots=True)
class _Value:
    value: Decimal | None
    location: Location | None


@dataclass(slots=True)
class _Row:
    """A body row before its numbers are placed."""

    side: str | None
    code: str | None
    name: str
    project: str | None
    location: Location
    raw: list[str]
    keys: list[str]  # the value columns of this row (its side's columns)
    fixed: dict[str, _Value] | None = None  # aligned grids: values already in their columns
    numbers: list[_Value] = field(default_factory=list)  # unaligned: numbers in printed order
    candidates: list[tuple[int, ...]] = field(default_factory=list)
    is_group: bool = False  # codeless subtotal row (a unit name in budget table 7)

    @property
    def is_total(self) -> bool:
        return is_total_name(self.name)


# ----------------------------------------------------------------------------- entry point


def recognize_tables(doc: Disclosure, segments: list[Segment]) -> list[Table]:
    kind = doc.kind.value if doc.kind else None
    known: dict[str, str] = {}
    tables: list[Table] = []
    for spec, pieces in _group_pieces(segments, kind):
        try:
            table = _read_pieces(pieces, spec, known)
        except Exception as exc:
            first = pieces[0]
            table = Table(id=spec.id, title=first.title or spec.name, columns=[], rows=[], location=first.location,
                          number=first.number)
            table.warnings.append(f"table {spec.id} not read: {type(exc).__name__}: {exc}")
        tables.append(table)
    for t in tables:
        _finish_empty(t)
    doc.tables = tables
    doc.project_list = [
        ProjectListItem(name=r.project, amount=r.values.get("total"), code=r.code, location=r.location)
        for t in tables
        if t.id == "B07"
        for r in t.rows
        if r.project and not r.is_total
    ]
    for t in tables:
        doc.warnings.extend(f"table {t.id}: {w}" for w in t.warnings)
    return tables


# A line that marks the piece after it as the continuation of the table before: 续表, （续）,
# 续上表, 表7（续）, 表七续表, 一般公共预算支出情况表（续）.
_CONTINUED_MARK = re.compile(
    r"^[（(]?续(?:表|上表|前表)?[）)]?(?:[0-9一二三四五六七八九十]+(?:[-－—]\d+)?)?[）)]?$"
    r"|^(?:附)?表?[0-9一二三四五六七八九十]*(?:[-－—]\d+)?\S{0,40}?[（(]续(?:表)?[）)]$"
    r"|^(?:附)?表[0-9一二三四五六七八九十]+(?:[-－—]\d+)?续(?:表)?$"
)


def is_continued_mark(text: str) -> bool:
    """``续表`` and its variants printed above a piece of a table broken across pages."""
    t = compact(text)
    return len(t) <= 48 and bool(_CONTINUED_MARK.match(t))


def _group_pieces(segments: list[Segment], kind: str | None) -> list[tuple[TableSpec, list[TableRegion]]]:
    """Standard tables in printed order, each with the regions it is printed in: a table broken
    across pages (a grid marked ``continues``, a piece right after it without a title of its own,
    a piece under a 续表 line, a piece repeating the same title) is one table of several pieces."""
    groups: list[tuple[TableSpec, list[TableRegion]]] = []
    last: tuple[TableSpec, list[TableRegion]] | None = None
    after_table = False  # the previous segment was a table region (nothing printed between)
    marked = False  # a 续表 line since the last table region
    for seg in segments:
        if not isinstance(seg, TableRegion):
            if is_continued_mark(seg.text):
                marked = True
                continue
            after_table = False
            marked = False
            continue
        region = seg
        follows, was_marked = after_table, marked
        after_table, marked = True, False
        title = region.title
        if title and is_continued_mark(title):
            was_marked, title = True, ""
        if "绩效" in norm(title) or "绩效" in norm(region.heading if not title else ""):
            last = None
            continue
        spec = identify(title, kind) if title else None
        continues = bool(getattr(region.grid, "continues", False)) or was_marked
        if last is not None:
            prev_spec, pieces = last
            untitled = spec is None and (continues or (not title and not region.number))
            if untitled and (continues or follows or _header_matches(region, prev_spec)):
                pieces.append(region)
                continue
            if spec is prev_spec and _repeats_title(region, pieces[0]) and (continues or follows):
                pieces.append(region)  # the title (and header) printed again on every page
                continue
        if spec is None and not title:
            spec = identify(region.heading, kind) if region.heading else None
            if spec is None:
                spec = _identify_by_header(region, kind)
        if spec is None:
            last = None
            continue
        last = (spec, [region])
        groups.append(last)
    return groups


def _repeats_title(region: TableRegion, first: TableRegion) -> bool:
    if compact(region.title) != compact(first.title) or region.number not in (None, first.number):
        return False
    units = [{compact(p) for p in r.preamble if compact(p).startswith(("编制部门", "编制单位"))} for r in (region, first)]
    return not (units[0] and units[1] and units[0] != units[1])


def _finish_empty(table: Table) -> None:
    has_figures = any(v is not None for r in table.rows for v in r.values.values())
    if table.empty_note and not has_figures:
        table.empty = True
    elif not has_figures and not table.empty:
        table.warnings.append("no figures in the table and no note saying it is empty")


def _header_matches(region: TableRegion, spec: TableSpec) -> bool:
    head = norm("".join(c.text for row in region.grid.rows[:8] for c in row))
    hits = sum(1 for c in spec.columns if any(norm(a) in head for a in c.aliases))
    return hits >= max(1, len(spec.columns) // 2)


def _identify_by_header(region: TableRegion, kind: str | None) -> TableSpec | None:
    head = norm("".join(c.text for row in region.grid.rows[:10] for c in row))
    best: tuple[float, TableSpec] | None = None
    for spec in SPECS:
        if kind and spec.kind != kind:
            continue
        if spec.header_keys and not all(norm(k) in head for k in spec.header_keys):
            continue
        found = len(_detect_keys(head, spec.read_columns))
        if found < 2:
            continue
        score = found / len(spec.columns) + 0.01 * found
        if best is None or score > best[0]:
            best = (score, spec)
    return best[1] if best else None


# ----------------------------------------------------------------------------- region reading


def _read_pieces(pieces: list[TableRegion], spec: TableSpec, known: dict[str, str]) -> Table:
    """Read a table printed in one or more pieces. Pieces of the same kind (aligned or not) whose
    columns line up with the first piece's are stitched into one grid before reading, so every
    piece is read with the first piece's header (column map, header rows) and the identities
    span the page breaks: a piece's repeated header rows and title lines are dropped, the first
    rows of a piece continue the header when the piece before ended inside it, and a name cell
    broken at the page break is joined. A piece that cannot be lined up is read on its own."""
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
    table = _read_region(dataclasses.replace(first, grid=grid, notes=notes), spec, known)
    for piece in apart:
        try:
            extra = _read_region(piece, spec, known, continuation=True)
        except Exception as exc:  # a malformed piece must not lose the table
            table.warnings.append(f"continuation not read: {type(exc).__name__}: {exc}")
            continue
        table.warnings.append(f"a piece on page {piece.location.page or '?'} (line {piece.location.line or '?'}) "
                              "does not line up with the first piece's columns; read on its own")
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


def _read_region(region: TableRegion, spec: TableSpec, known: dict[str, str], continuation: bool = False) -> Table:
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
    _to_wan(table, _unit_of([*region.preamble, *(" ".join(_texts(r)) for r in grid.rows[:4])]))
    return table


def _unit_of(lines: Iterable[str]) -> str:
    """The amount unit a table states (``单位：元``, ``金额单位：万元``); 万元 when none."""
    for line in lines:
        m = re.search(r"单位[：:]\s*(万元|元|千元|亿元)", line)
        if m:
            return m.group(1)
    return "万元"


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


# ----------------------------------------------------------------------------- column mapping


def _match_columns(paths: list[tuple[str, str]], specs: Sequence[ColumnSpec],
                   fallback: set[str] | None = None) -> list[str | None]:
    """Map header paths ``(leaf, full path)`` of value columns to keys; best alias first. Columns
    no alias names take the unused ``fallback`` keys (all keys when None) in template order."""
    scored: list[tuple[int, int, int, str]] = []
    for j, (leaf, path) in enumerate(paths):
        for si, cs in enumerate(specs):
            if any(norm(w) not in path for w in cs.context) or any(norm(w) in path for w in cs.exclude):
                continue
            best = 0
            for a in cs.aliases:
                na = norm(a)
                if na in (leaf or path):
                    best = max(best, len(na) * 2 + (1 if na == leaf else 0))
            if best:
                scored.append((-best, j, si, cs.key))
    scored.sort()
    out: list[str | None] = [None] * len(paths)
    used: set[str] = set()
    for _, j, _, key in scored:
        if out[j] is None and key not in used:
            out[j] = key
            used.add(key)
    # Unmatched columns take the unused keys in template order when that is unambiguous.
    free = [cs.key for cs in specs if cs.key not in used and (fallback is None or cs.key in fallback)]
    missing = [j for j, k in enumerate(out) if k is None]
    if missing and len(free) >= len(missing):
        for j in missing:
            before = [out[i] for i in range(j) if out[i]]
            order = [cs.key for cs in specs]
            lo = max((order.index(k) for k in before if k in order), default=-1)
            pick = next((k for k in free if order.index(k) > lo), None) or free[0]
            out[j] = pick
            free.remove(pick)
    return out


def _detect_keys(header: str, specs: Sequence[ColumnSpec]) -> list[str]:
    """Value columns named anywhere in a header text whose cells were broken over lines: each
    alias occurrence is claimed once, longest aliases first; result in template order."""
    return _detect(header, specs)[0]


# Header words that name no value column: the label columns, groupings and filler words.
_HEADER_FILLER = re.compile(
    r"功能分类|经济分类|政府预算|部门预算|支出|收入|科目|编码|名称|项目|类别|类|款|项|单位|金额|栏次|行次|本年|"
    r"预算数|决算数|预算|决算|其中|资金来源|拨款|财政|补助|情况|内容|经费|[:：()（）※*、\d]"
)


def _explained(header: str, specs: Sequence[ColumnSpec]) -> bool:
    """Whether the columns found in ``header`` account for all of its words (apart from label
    and grouping words): then they are the table's columns, however few of the spec's."""
    _keys, claimed = _detect(header, specs)
    rest = "".join(ch if not any(s <= i < e for s, e in claimed) else " " for i, ch in enumerate(header))
    return len(_CJK.findall(_HEADER_FILLER.sub("", rest))) <= 4


def _detect(header: str, specs: Sequence[ColumnSpec]) -> tuple[list[str], list[tuple[int, int]]]:
    claimed: list[tuple[int, int]] = []
    found: set[int] = set()
    items = sorted(
        ((len(norm(a)), si, norm(a)) for si, cs in enumerate(specs) for a in cs.aliases), reverse=True
    )
    for _, si, alias in items:
        if si in found or any(norm(w) not in header for w in specs[si].context):
            continue  # a column whose context words the header never prints is not there
        start = 0
        while True:
            pos = header.find(alias, start)
            if pos < 0:
                break
            end = pos + len(alias)
            if not any(pos < e and s < end for s, e in claimed):
                claimed.append((pos, end))
                found.add(si)
                break
            start = pos + 1
    return [cs.key for si, cs in enumerate(specs) if si in found], claimed


# ----------------------------------------------------------------------------- aligned grids


_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、\S")


def _numbered_label(texts: list[str]) -> bool:
    """A row led by a numbered label (``一、一般公共预算财政拨款``): a body row even without figures,
    as in a blank template or an all-empty page of a two-sided table."""
    first = next((t.strip() for t in texts if t.strip()), "")
    return bool(_NUMBERED.match(norm(first)))


def _row_is_data(texts: list[str]) -> bool:
    cells = [t.strip() for t in texts if t.strip()]
    if not cells:
        return False
    if any(_DECIMAL_TOKEN.match(c.replace(" ", "")) for c in cells):
        return True
    first = cells[0]
    code, rest = codes.split_code_prefix(first)
    if code and len(code) >= 3 and (rest or len(cells) > 1) and codes.is_class_token(code[:3]):
        return True
    return is_total_name(first) and all(_is_number(c) for c in cells[1:])


def _read_aligned(
    grid_rows: list[list[Cell]], spec: TableSpec, warnings: list[str], continuation: bool = False
) -> tuple[list[_Row], list[Column], list[str]]:
    width = max((len(r) for r in grid_rows), default=0)
    texts = [[(r[j].text if j < len(r) else "") for j in range(width)] for r in grid_rows]
    prose: list[str] = []
    header: list[list[str]] = []
    body: list[int] = []
    # A piece continued after a page break starts with body rows unless it repeats the header.
    first = next((r for r in texts if any(t.strip() for t in r)), [])
    in_body = continuation and not _looks_like_header(first, spec)
    for i, row in enumerate(texts):
        filled = [t for t in row if t.strip()]
        if not filled:
            continue
        if _is_prose(filled) and len(filled) <= 2:
            prose.append("".join(filled))
            continue
        if _is_index_row(filled):
            in_body = True
            continue
        if not in_body and not _row_is_data(row) and not _numbered_label(row):
            if len(filled) == 1 and (is_preamble(filled[0]) or is_title(filled[0])):
                continue
            header.append(row)
            continue
        if in_body and (all(is_preamble(t) or is_title(t) for t in filled)):
            continue  # a repeated title/preamble after a page break
        if in_body and not _row_is_data(row) and _looks_like_header(row, spec):
            continue  # header rows repeated after a page break
        in_body = True
        body.append(i)
    # Column roles from the body.
    label_cols: list[int] = []
    code_like: list[int] = []
    for j in range(width):
        vals = [texts[i][j].strip() for i in body if texts[i][j].strip()]
        if not vals:
            continue
        n_codes = sum(1 for v in vals if codes.join_parts([v]) or codes.is_part_token(v))
        if n_codes and all(codes.join_parts([v]) or codes.is_part_token(v) or v in _CODE_HEADS or
                           is_total_name(v) for v in vals):
            code_like.append(j)  # total labels merged across the code columns are no names
            continue
        cjk = sum(1 for v in vals if _has_cjk(v) and v not in _CODE_HEADS)
        if cjk * 2 >= len(vals) and cjk:
            label_cols.append(j)
    # Header paths with group cells carried to the right over the columns they span.
    paths = _header_paths(header, width)
    head_codes = {j for j in range(width) if paths[j][0] in _CODE_HEADS}
    code_like = sorted(set(code_like) | head_codes)
    label_cols = [j for j in label_cols if j not in head_codes]
    if not label_cols:
        # No text in the body (an empty table): the name column is the one headed 名称/项目.
        label_cols = [j for j in range(width) if j not in code_like and
                      ("名称" in paths[j][1] or paths[j][0] in ("项目", "项目名称"))][:1]
        if not label_cols and any(_has_cjk(texts[i][0]) for i in body):
            label_cols = [0]
    sides: list[tuple[str | None, int, int, Sequence[ColumnSpec]]] = []
    if spec.two_sided and label_cols:
        # The expense side starts at the first label or code column after the income labels.
        split = next((j for j in sorted(set(label_cols + code_like)) if j > label_cols[0]), width)
        sides = [("income", 0, split, spec.income_columns), ("expense", split, width, spec.read_columns)]
    elif len(label_cols) > 1 and not spec.has_project and not spec.two_sided:
        # Blocks of (code, name, figures) printed side by side (final table 6): one block each.
        starts = [0]
        for lab in label_cols[1:]:
            b = lab
            while b - 1 in code_like and b - 1 > starts[-1]:
                b -= 1
            starts.append(b)
        sides = [(None, lo, hi, spec.read_columns) for lo, hi in zip(starts, [*starts[1:], width], strict=True)]
    else:
        sides = [(None, 0, width, spec.read_columns)]
    columns: list[Column] = []
    side_layout: list[tuple[str | None, list[int], int | None, int | None, dict[int, str]]] = []
    for side, lo, hi, cspecs in sides:
        labels = [j for j in label_cols if lo <= j < hi]
        name_col = labels[0] if labels else None
        project_col = labels[1] if spec.has_project and len(labels) > 1 else None
        last_label = max(labels) if labels else lo - 1
        code_cols = [j for j in range(lo, name_col if name_col is not None else lo) if j in code_like or
                     any(w in paths[j][1] for w in ("类", "款", "项", "编码"))]
        value_cols = [j for j in range(last_label + 1, hi) if j not in code_cols and
                      paths[j][0] not in _ROW_NUMBER_HEADS]
        # Drop trailing columns that are empty in header and body alike.
        value_cols = [j for j in value_cols if paths[j][1] or any(texts[i][j].strip() for i in body)]
        standard = {cs.key for cs in (spec.income_columns if side == "income" else spec.columns)}
        keys = _match_columns([paths[j] for j in value_cols], cspecs, standard)
        mapping = {j: k for j, k in zip(value_cols, keys, strict=True) if k}
        if len(value_cols) > len(cspecs):
            warnings.append(f"{len(value_cols)} value columns for {len(cspecs)} known ones on side {side or '-'}")
        for j in value_cols:
            if j in mapping:
                columns.append(Column(key=mapping[j], label=paths[j][0] or paths[j][1]))
        side_layout.append((side, code_cols, name_col, project_col, mapping))
    per_block: list[list[_Row]] = [[] for _ in side_layout]
    for i in body:
        cells = grid_rows[i]
        row_texts = texts[i]
        for block, (side, code_cols, name_col, project_col, mapping) in enumerate(side_layout):
            rows = per_block[block]
            cspecs = spec.income_columns if side == "income" else spec.read_columns
            # the standard columns, and the variant columns this side prints
            mapped = set(mapping.values())
            standard = {cs.key for cs in (spec.income_columns if side == "income" else spec.columns)}
            row_keys = [cs.key for cs in cspecs if cs.key in standard or cs.key in mapped]
            name_text = row_texts[name_col].strip() if name_col is not None else ""
            if not name_text:
                # A total label printed in the merged code cells (``合计`` spanning 类/款/项).
                name_text = next((row_texts[j].strip() for j in code_cols if _has_cjk(row_texts[j])
                                  and row_texts[j].strip() not in _CODE_HEADS), "")
            pieces = _MERGED_CODES.split(name_text) if name_text else []
            code = codes.join_parts([row_texts[j] for j in code_cols]) if code_cols else None
            if name_text:
                c2, rest = codes.split_code_prefix(name_text)
                if c2 and (rest or not code) and code is None:
                    code, name_text = c2, rest
            project = compact(row_texts[project_col]) if project_col is not None and row_texts[project_col].strip() else None
            fixed: dict[str, _Value] = {}
            for j, key in mapping.items():
                if j < len(cells):
                    v = _value(row_texts[j])
                    fixed[key] = _Value(v, _at_column(cells[j].location, j))
            if not name_text and not code and not project and all(v.value is None for v in fixed.values()):
                continue
            if not name_text and project and spec.has_project and is_total_name(project):
                name_text, project = project, None
            loc = cells[0].location if cells else Location()
            if len(pieces) > 1 and code is not None:
                # Several "code name" cells run together (lines joined by a reader as one wrapped
                # cell): one row each; the figures stay with the first.
                name_text = codes.split_code_prefix(pieces[0])[1]
                warnings.append(f"line {loc.line}: {len(pieces)} coded rows found in one cell; split")
            rows.append(_Row(side=side, code=code, name=compact(name_text), project=project, location=loc,
                             raw=[t for t in row_texts if t.strip()], keys=row_keys, fixed=fixed))
            for piece in pieces[1:]:
                c3, rest3 = codes.split_code_prefix(piece)
                rows.append(_Row(side=side, code=c3, name=compact(rest3), project=None, location=loc,
                                 raw=[piece], keys=row_keys, fixed={}))
    rows = [r for block_rows in per_block for r in block_rows]
    _mark_groups(rows, spec)
    return rows, _dedupe(columns), prose


def _at_column(loc: Location, column: int) -> Location:
    """``loc`` with its grid column set (locations are immutable: an equal one is reused)."""
    return loc if loc.column == column else dataclasses.replace(loc, column=column)


def _dedupe(columns: list[Column]) -> list[Column]:
    seen: set[str] = set()
    out: list[Column] = []
    for c in columns:
        if c.key not in seen:
            seen.add(c.key)
            out.append(c)
    return out


def _looks_like_header(row: list[str], spec: TableSpec) -> bool:
    t = norm("".join(row))
    if any(w in t for w in ("科目编码", "科目名称", "类款项")) or t in ("类款项", "类款"):
        return True
    hits = sum(1 for c in spec.columns if any(norm(a) in t for a in c.aliases))
    return hits >= 2 and not any(_is_number(x) for x in row if x.strip())


def _header_paths(header: list[list[str]], width: int) -> list[tuple[str, str]]:
    grid = [[norm(r[j]) if j < len(r) else "" for j in range(width)] for r in header]
    carried = [row[:] for row in grid]
    for i, row in enumerate(grid):
        for j in range(width):
            if row[j]:
                k = j + 1
                while k < width and not row[k] and any(grid[x][k] for x in range(i + 1, len(grid))):
                    carried[i][k] = row[j]
                    k += 1
    out: list[tuple[str, str]] = []
    for j in range(width):
        own = [grid[i][j] for i in range(len(grid)) if grid[i][j]]
        path = "".join(carried[i][j] for i in range(len(grid)))
        out.append((own[-1] if own else "", path))
    return out


# ----------------------------------------------------------------------------- unaligned grids


@dataclass(slots=True)
class _Tok:
    text: str
    location: Location


def _merge_tokens(cells: list[Cell]) -> list[_Tok]:
    """Join characters printed with spaces between them (``收 入 总 计``) into one token."""
    out: list[_Tok] = []
    run: list[Cell] = []

    def flush() -> None:
        if run:
            out.append(_Tok("".join(c.text for c in run), run[0].location))
            run.clear()

    for c in cells:
        t = c.text.strip()
        if not t:
            continue
        if len(t) == 1 and _has_cjk(t):
            run.append(c)
            continue
        flush()
        out.append(_Tok(t, c.location))
    flush()
    return out


def _unaligned_header_end(lines: list[list[_Tok]]) -> tuple[int, int | None]:
    """Index of the first body line, and the number of value columns an index row states."""
    for i, toks in enumerate(lines):
        texts = [t.text for t in toks]
        if _is_index_row(texts):
            ints = [x for x in texts if x.isdigit()]
            return i + 1, len(ints) or None
    for i, toks in enumerate(lines):
        texts = [t.text for t in toks]
        if _is_prose(texts) or _row_is_data(texts):
            return i, None
        if texts and is_total_name(texts[0]) and len(texts) > 1 and all(_is_number(x) for x in texts[1:]):
            return i, None
    return len(lines), None


def _read_unaligned(
    grid_rows: list[list[Cell]], spec: TableSpec, known: dict[str, str], warnings: list[str]
) -> tuple[list[_Row], list[Column], list[str]]:
    lines = [_merge_tokens(r) for r in grid_rows]
    lines = [ln for ln in lines if ln]
    start, n_index = _unaligned_header_end(lines)
    header_text = norm("".join(t.text for ln in lines[:start] if not _is_preamble_line(ln)
                               for t in ln if not _is_index_row([t.text])))
    prose: list[str] = []
    # Body lines: drop repeated preamble/header blocks after page breaks, collect prose notes.
    body: list[list[_Tok]] = []
    skipping = False
    pending_prose: list[str] = []
    for ln in lines[start:]:
        texts = [t.text for t in ln]
        if pending_prose:
            pending_prose.append("".join(texts))
            if "。" in "".join(texts) or not _PROSE.search("".join(pending_prose)):
                prose.append("".join(pending_prose))
                pending_prose = []
            continue
        if _is_prose(texts) and not _row_is_data([t for t in texts if not _DECIMAL_TOKEN.match(t)] or texts):
            joined = "".join(texts)
            if "。" in joined:
                prose.append(joined)
            else:
                pending_prose = [joined]
            continue
        if all(is_preamble(t) or is_title(t) for t in texts):
            skipping = True
            continue
        if skipping:
            if _is_index_row(texts):
                skipping = False
                continue
            if _row_is_data(texts):
                skipping = False
            else:
                continue
        body.append(ln)
    if pending_prose:
        prose.append("".join(pending_prose))
    # Which value columns the header names.
    columns: list[Column] = []
    income_keys = [c.key for c in spec.income_columns]
    detected = _detect_keys(header_text, spec.read_columns)
    # Index rows of two-sided tables count the income side's columns too.
    n_expense = n_index - len(income_keys) if n_index and spec.two_sided else n_index
    if any(k in spec.alone for k in detected):
        detected = [k for k in detected if k in spec.alone]
    if n_expense is None and detected and _explained(header_text, spec.read_columns):
        keys = detected
    else:
        keys = _choose_keys(detected, spec, n_expense, warnings)
    if spec.alt_order and _alt_order_applies(header_text, spec):
        keys = [k for k in spec.alt_order if k in keys]
    for k in income_keys if spec.two_sided else []:
        columns.append(Column(key=k, label=k))
    columns.extend(Column(key=k, label=k) for k in keys)
    numbered = "行次" in header_text
    if numbered:
        body = [_drop_row_numbers(ln) for ln in body]
    if spec.two_sided:
        rows = _two_sided_rows(body, spec, income_keys, keys)
    else:
        n_blocks = max(header_text.count("科目名称"), header_text.count("科目编码"), 1) if not spec.has_project else 1
        rows = []
        for block in _split_blocks(body, n_blocks):
            rows.extend(_one_sided_rows(block, spec, keys, known))
    _mark_groups(rows, spec)
    for r in rows:
        r.candidates = _candidates(r, spec, warnings)
    return rows, _dedupe(columns), prose


_UNIT_LINE = re.compile(r"^(?:单位名称|部门名称|编制单位|编制部门|预算单位|填报单位)[:：]")


def _is_preamble_line(line: list[_Tok]) -> bool:
    """A line naming the unit or the amount unit above the header (``单位名称：…  单位：元``)."""
    return bool(line) and all(is_preamble(t.text) or _UNIT_LINE.match(norm(t.text)) for t in line)


def _alt_order_applies(header: str, spec: TableSpec) -> bool:
    """Whether the header names ``spec.order_marker`` before any alias of the columns other than
    the words many columns share (预算数/决算数 name half the 三公 columns): the blocks on top."""
    counts: dict[str, int] = {}
    for cs in spec.read_columns:
        for a in set(cs.aliases):
            counts[norm(a)] = counts.get(norm(a), 0) + 1
    own = [a for a, n in counts.items() if n * 2 < len(spec.read_columns)]
    at = header.find(norm(spec.order_marker))
    first = min((p for p in (header.find(a) for a in own) if p >= 0), default=-1)
    return at >= 0 and (first < 0 or at < first)


def _drop_row_numbers(line: list[_Tok]) -> list[_Tok]:
    """PDF text of a table with a 行次 column: the bare integer printed right after each label
    (a side's label in two-sided tables) is the row number, not a figure."""
    out: list[_Tok] = []
    for i, t in enumerate(line):
        if i and _is_row_number(t.text) and _has_cjk(line[i - 1].text) and not codes.is_class_token(t.text):
            continue
        out.append(t)
    return out


def _split_blocks(body: list[list[_Tok]], n_blocks: int) -> list[list[list[_Tok]]]:
    """PDF text of a table printed as blocks side by side (final table 6: 科目编码 科目名称 决算数
    for 人员经费, again for 公用经费): each line is cut where a code followed by a name, or a total
    label, starts after a name of the block before; the blocks' lines are read one block after
    the other, as the aligned reader does."""
    if n_blocks < 2:
        return [body]
    blocks: list[list[list[_Tok]]] = [[] for _ in range(n_blocks)]
    for ln in body:
        parts: list[list[_Tok]] = [[]]
        for i, t in enumerate(ln):
            cur = parts[-1]
            starts = (
                len(parts) < n_blocks and any(_has_cjk(x.text) for x in cur) and (
                    (bool(codes.join_parts([t.text]) or codes.split_code_prefix(t.text)[0])
                     and i + 1 < len(ln) and _has_cjk(ln[i + 1].text) and not _has_cjk(t.text))
                    or (is_total_name(t.text) and _has_cjk(t.text))
                    or bool(codes.split_code_prefix(t.text)[0] and _has_cjk(codes.split_code_prefix(t.text)[1]))
                )
            )
            if starts:
                parts.append([t])
            else:
                cur.append(t)
        for b, part in enumerate(parts):
            if part:
                blocks[b].append(part)
    return [b for b in blocks if b]


def _choose_keys(detected: list[str], spec: TableSpec, n: int | None, warnings: list[str]) -> list[str]:
    full = spec.keys
    if n is None:
        return detected if len(detected) >= max(1, len(full) - 2) else full
    if len(detected) == n:
        return detected
    if len(full) == n:
        return full
    if len(detected) > n:
        warnings.append(f"header names {len(detected)} value columns, the column numbers say {n}")
        return detected[:n]
    warnings.append(f"the column numbers say {n} value columns; header recognised {len(detected)}")
    extra = [k for k in full if k not in detected]
    return [k for k in full if k in detected or k in extra[: n - len(detected)]]


def _split_line(toks: list[_Tok]) -> tuple[str | None, list[str], list[_Tok], list[_Tok]]:
    """Classify one printed line: leading code parts, text tokens and trailing numbers."""
    i = 0
    parts: list[str] = []
    if toks and codes.is_class_token(toks[0].text):
        parts.append(toks[0].text)
        i = 1
        while i < len(toks) and codes.is_part_token(toks[i].text) and len(parts) < 3:
            parts.append(toks[i].text)
            i += 1
    elif toks and len(toks) > 1 and codes.join_parts([toks[0].text]) and _has_cjk(toks[1].text):
        parts.append(toks[0].text)  # a code printed joined (2130201) before its name
        i = 1
    elif toks:
        c, rest = codes.split_code_prefix(toks[0].text)
        if c and rest and _has_cjk(rest):
            parts.append(c)
            toks = [_Tok(rest, toks[0].location), *toks[1:]]
    code = codes.join_parts(parts) if parts else None
    rest_toks = toks[i:]
    # Trailing numbers; numbers before a text token belong to the text (a year inside a name).
    j = len(rest_toks)
    while j > 0 and _is_number(rest_toks[j - 1].text):
        j -= 1
    texts = rest_toks[:j]
    nums = rest_toks[j:]
    return code, parts, texts, nums


def _one_sided_rows(body: list[list[_Tok]], spec: TableSpec, keys: list[str], known: dict[str, str]) -> list[_Row]:
    rows: list[_Row] = []
    frags: list[list[str]] = []  # text fragments per line of the current row
    width = max((len(compact(t.text)) for ln in body for t in ln if _has_cjk(t.text)), default=0)
    cur: _Row | None = None

    def close() -> None:
        nonlocal cur, frags
        if cur is not None:
            _assign_texts(cur, frags, spec, known)
            rows.append(cur)
        cur = None
        frags = []

    for ln in body:
        code, _parts, texts, nums = _split_line(ln)
        text_vals = [t.text for t in texts]
        starts_new = (
            code is not None
            or cur is None
            or bool(cur.numbers)
            or (text_vals and is_total_name(text_vals[0]))
            or (cur.code is None and not cur.numbers and not frags and not text_vals)
        )
        if cur is not None and not cur.numbers and code is None and text_vals and not is_total_name(text_vals[0]):
            starts_new = _starts_row_without_code(cur, frags, text_vals, width, known)
        if starts_new:
            close()
            cur = _Row(side=None, code=code, name="", project=None, location=ln[0].location,
                       raw=[t.text for t in ln], keys=list(keys))
        else:
            assert cur is not None
            cur.raw.extend(t.text for t in ln)
            cur.location = dataclasses.replace(cur.location, line_end=ln[-1].location.line)
        if text_vals:
            frags.append(text_vals)
        for t in nums:
            cur.numbers.append(_Value(_value(t.text), t.location))
    close()
    return rows


def _starts_row_without_code(cur: _Row, frags: list[list[str]], texts: list[str], width: int,
                             known: dict[str, str]) -> bool:
    """A text-only line after a row that has no numbers yet: a wrapped continuation, or a new
    row (a codeless row such as 因公出国（境）费 that printed no figures)?"""
    if cur.code is not None:
        return False  # coded rows always get their numbers, or the next code starts a row
    if not frags:
        return False
    first = frags[0][0]
    last = frags[-1][-1]
    name = compact("".join(f[0] for f in frags))
    if _ENUM_START.match(texts[0]) or texts[0].startswith(("其中", "其他")):
        return True
    if any(n.startswith(name) and n != name for n in known.values()):
        return False
    # A wrapped cell fills its column: its lines but the last are as wide as the widest text
    # printed in that column; a shorter line ended its cell.
    if len(frags) > 1 and len(compact(last)) < len(compact(first)):
        return True
    return len(compact(last)) < width - 1


def _assign_texts(row: _Row, frags: list[list[str]], spec: TableSpec, known: dict[str, str]) -> None:
    if not spec.has_project:
        row.name = compact("".join(t for f in frags for t in f))
        return
    name_parts: list[str] = []
    project_parts: list[str] = []
    target = known.get(row.code or "")
    name_done = False
    for f in frags:
        if len(f) >= 2 and not name_done:
            name_parts.append(f[0])
            project_parts.extend(f[1:])
            continue
        for t in f:
            if name_done:
                project_parts.append(t)
                continue
            name_parts.append(t)
            joined = compact("".join(name_parts))
            if target is not None:
                name_done = joined == target or not target.startswith(joined)
            elif len(name_parts) > 1 and len(norm(t)) < len(norm(name_parts[0])):
                name_done = True
    if row.code is None or len(row.code) < 7:
        row.name = compact("".join(name_parts + project_parts))
        return
    if not project_parts and len(name_parts) > 1 and target is None:
        project_parts = name_parts[1:]
        name_parts = name_parts[:1]
    row.name = compact("".join(name_parts))
    row.project = compact("".join(project_parts)) or None


def _two_sided_rows(body: list[list[_Tok]], spec: TableSpec, income_keys: list[str],
                    expense_keys: list[str]) -> list[_Row]:
    income: list[_Row] = []
    expense: list[_Row] = []
    for ln in body:
        toks = list(ln)
        # Income part: a leading label that is not an expense label, then at most as many
        # numbers as the income side has columns.
        inc: list[_Tok] = []
        k = 0
        if toks and not codes.is_class_token(toks[0].text) and _has_cjk(toks[0].text) and \
                not _is_expense_label(toks[0].text, bool(income)):
            inc.append(toks[0])
            k = 1
            while k < len(toks) and _has_cjk(toks[k].text) and not codes.is_class_token(toks[k].text) \
                    and not _is_expense_label(toks[k].text, True) and not _ENUM_START.match(toks[k].text):
                inc.append(toks[k])
                k += 1
            n = 0
            while k < len(toks) and n < len(income_keys) and _is_number(toks[k].text) \
                    and not codes.is_class_token(toks[k].text):
                inc.append(toks[k])
                k += 1
                n += 1
        exp = toks[k:]
        if not inc and not exp:
            continue
        if inc:
            labels = [t for t in inc if _has_cjk(t.text)]
            nums = [t for t in inc if not _has_cjk(t.text)]
            if not nums and len(labels) == 1 and len(norm(labels[0].text)) <= 3 and income and not exp \
                    and not is_total_name(labels[0].text):
                income[-1].name += compact(labels[0].text)
                continue
            income.append(_Row(side="income", code=None, name=compact("".join(t.text for t in labels)), project=None,
                               location=inc[0].location, raw=[t.text for t in inc], keys=list(income_keys),
                               numbers=[_Value(_value(t.text), t.location) for t in nums]))
        if exp:
            code, _parts, texts, nums = _split_line(exp)
            name = compact("".join(t.text for t in texts))
            if code is None and not nums and expense and len(name) <= 3 and not is_total_name(name) \
                    and not _ENUM_START.match(name):
                expense[-1].name += name  # a wrapped expense label
                continue
            expense.append(_Row(side="expense", code=code, name=name, project=None, location=exp[0].location,
                                raw=[t.text for t in exp], keys=list(expense_keys),
                                numbers=[_Value(_value(t.text), t.location) for t in nums]))
    return income + expense


def _is_expense_label(text: str, income_seen: bool) -> bool:
    t = norm(text)
    if codes.split_code_prefix(t)[0]:
        return True
    if "收入" in t or "拨款" in t or "年初" in t or "上年" in t:
        return False
    return bool(_EXPENSE_LABEL.search(t))


# ----------------------------------------------------------------------------- placement


def _candidates(row: _Row, spec: TableSpec, warnings: list[str]) -> list[tuple[int, ...]]:
    """The order-preserving placements of the row's numbers into its columns: those that satisfy
    the row identities first, each group by the spec's column preference (then leftmost)."""
    n = len(row.keys)
    k = len(row.numbers)
    if k == 0:
        return [()]
    if k > n:
        warnings.append(f"line {row.location.line}: {k} numbers for {n} columns; the last {n} kept")
        row.numbers = row.numbers[-n:]
        k = n
    if k == n:
        return [tuple(range(n))]
    ranked, patterns, joint, tests = _placement_plan(tuple(row.keys), k, spec.prefer, spec.identities)
    if not tests:
        return list(ranked)
    values = [num.value for num in row.numbers]
    # each identity is decided by which numbers land on its columns: decide every such pattern
    # once, then every combination of patterns (one per identity) that some placement has
    held = [[_signature_holds(sig, values, tol) for sig in sigs] for sigs, tol in tests]
    holds = [all(h[x] for h, x in zip(held, pattern, strict=True)) for pattern in patterns]
    ok: list[tuple[int, ...]] = []
    rest: list[tuple[int, ...]] = []
    for c, p in zip(ranked, joint, strict=True):
        (ok if holds[p] else rest).append(c)
    return ok + rest if ok else rest


# which numbers (by index) land on each column an identity names: (lhs, (part, part, …))
_Signature = tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]


@functools.lru_cache(maxsize=256)
def _placement_plan(
    keys: tuple[str, ...], k: int, prefer: tuple[str, ...], identities: tuple[tuple[str, tuple[str, ...]], ...]
) -> tuple[
    tuple[tuple[int, ...], ...],
    tuple[tuple[int, ...], ...],
    tuple[int, ...],
    tuple[tuple[tuple[_Signature, ...], Decimal], ...],
]:
    """What placing k numbers into the columns ``keys`` needs, whatever the numbers are: every
    placement in preference order (stable, so ties stay leftmost first); per identity, the distinct
    patterns of which numbers land on its columns (columns left empty add 0 and are left out),
    with its tolerance; the distinct combinations of one pattern per identity, and each
    placement's combination."""
    order = [prefer.index(key) if key in prefer else len(prefer) + i for i, key in enumerate(keys)]
    ranked = tuple(sorted(itertools.combinations(range(len(keys)), k), key=lambda c: sorted(order[i] for i in c)))
    checks = _identity_checks(identities, keys)
    tests: list[tuple[tuple[_Signature, ...], Decimal]] = []
    per_check: list[list[int]] = []
    for lhs, parts, tol in checks:
        index: dict[_Signature, int] = {}
        column: list[int] = []
        for c in ranked:
            # the numbers placed on a column name, in printed order (a later figure replaces an
            # earlier one on the same name, as a dict of placed values would)
            on = {key: tuple(j for j, pos in enumerate(c) if keys[pos] == key) for key in (lhs, *parts)}
            sig = (on[lhs], tuple(on[r] for r in parts if on[r]))
            column.append(index.setdefault(sig, len(index)))
        tests.append((tuple(index), tol))
        per_check.append(column)
    combos: dict[tuple[int, ...], int] = {}
    joint = tuple(combos.setdefault(p, len(combos)) for p in zip(*per_check, strict=True)) if per_check else ()
    return ranked, tuple(combos), joint, tuple(tests)


def _signature_holds(sig: _Signature, values: list[Decimal | None], tol: Decimal) -> bool:
    """Whether lhs = Σ parts within ``tol`` when the numbers land as ``sig`` says (a column with no
    figure counts 0; leaving a 0 out of the sum does not change its value)."""
    lhs, parts = sig
    total = sum((_last_value(js, values) for js in parts), _ZERO)
    return not abs(_last_value(lhs, values) - total) > tol


def _last_value(js: tuple[int, ...], values: list[Decimal | None]) -> Decimal:
    out = _ZERO
    for j in js:
        v = values[j]
        if v is not None:
            out = v
    return out


_ZERO = Decimal(0)
_IdentityCheck = tuple[str, tuple[str, ...], Decimal]


@functools.cache
def _identity_checks(
    identities: tuple[tuple[str, tuple[str, ...]], ...], keys: tuple[str, ...]
) -> tuple[_IdentityCheck, ...]:
    """Row identities restricted to the columns ``keys``, each with its tolerance."""
    present = set(keys)
    out: list[_IdentityCheck] = []
    for lhs, rhs in identities:
        if lhs not in present:
            continue
        parts = tuple(r for r in rhs if r in present)
        if parts:
            out.append((lhs, parts, _tol(len(parts))))
    return tuple(out)


def _placed_values(values: list[tuple[list[str], Decimal | None]], cand: tuple[int, ...]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for pos, (keys, value) in zip(cand, values, strict=True):
        if value is not None:
            out[keys[pos]] = value
    return out


def _identities_hold(checks: tuple[_IdentityCheck, ...], vals: dict[str, Decimal]) -> bool:
    for lhs, parts, tol in checks:
        total = sum((vals.get(r, _ZERO) for r in parts), _ZERO)
        if abs(vals.get(lhs, _ZERO) - total) > tol:
            return False
    return True


def _placed(row: _Row, cand: tuple[int, ...]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for pos, num in zip(cand, row.numbers, strict=True):
        if num.value is not None:
            out[row.keys[pos]] = num.value
    return out



def _mark_groups(rows: list[_Row], spec: TableSpec) -> None:
    if spec.code_kind is None:
        return
    side_has_codes = {r.side for r in rows if r.code}
    for r in rows:
        if r.side in side_has_codes and r.code is None and not r.is_total and r.name:
            r.is_group = True


def _constraints(rows: list[_Row], spec: TableSpec) -> list[tuple[int, list[int]]]:
    """(parent row, child rows) pairs whose values must add up per column."""
    out: list[tuple[int, list[int]]] = []
    for side in {r.side for r in rows}:
        idx = [i for i, r in enumerate(rows) if r.side == side]
        coded = [i for i in idx if rows[i].code]
        if not coded:
            continue
        children: dict[int, list[int]] = {}
        for i in coded:
            r = rows[i]
            code = r.code or ""
            parent: int | None = None
            if r.project:
                parent = next((p for p in reversed(coded) if p < i and rows[p].code == code and not rows[p].project), None)
            if parent is None and len(code) > 3:
                pc = codes.parent_code(code)
                parent = next((p for p in reversed(coded) if p < i and rows[p].code == pc), None)
                if parent is None:
                    continue
            if parent is None:  # a 类 row: under the nearest unit subtotal, else the table total
                group = next((p for p in reversed(idx) if p < i and rows[p].is_group), None)
                parent = group if group is not None else -1
            children.setdefault(parent, []).append(i)
        totals = [i for i in idx if rows[i].is_total]
        total = _main_total(rows, totals)
        groups = [i for i in idx if rows[i].is_group]
        if total is not None:
            if groups:
                children[total] = groups + children.pop(-1, [])
            elif -1 in children:
                children[total] = children.pop(-1)
        children.pop(-1, None)
        out.extend((p, c) for p, c in children.items() if c)
    return out


def _main_total(rows: list[_Row], totals: list[int]) -> int | None:
    if len(totals) == 1:
        return totals[0]
    for i in totals:
        if "本年" in rows[i].name and "合计" in rows[i].name:
            return i
    plain = [i for i in totals if rows[i].name in ("合计", "总计", "支出总计")]
    return plain[0] if len(plain) == 1 else None


def _scale_of(rows: list[_Row]) -> int:
    """Decimal places needed to hold every number of the table as an integer."""
    places = 0
    for r in rows:
        for v in r.numbers:
            if v.value is not None:
                exp = v.value.as_tuple().exponent
                if isinstance(exp, int) and -exp > places:
                    places = -exp
    return places


def _as_int(value: Decimal, places: int) -> int:
    """``value`` × 10**places exactly (``places`` covers every decimal of ``value``)."""
    sign, digits, exp = value.as_tuple()
    assert isinstance(exp, int)
    n = int("".join(map(str, digits)) or "0") * 10 ** (exp + places)
    return -n if sign else n


_STEP_BUDGET = 200_000  # candidates tried before the placement search gives up


def _solve(rows: list[_Row], spec: TableSpec, warnings: list[str]) -> None:
    """Choose one placement per unaligned row so that every hierarchy identity holds.

    Depth-first over the rows in printed order, each row's candidates in preference order; the
    first two complete solutions are kept (two mean the identities leave the placement open).
    A constraint (parent, children) is checked in full when its last row is placed, and, when no
    figure is negative, as a running bound (children may not exceed the parent) whenever a child
    after the parent is placed. Figures are exact integers in the table's smallest unit and every
    constraint keeps its running column sums, so a step costs a few additions per constraint.
    """
    if not any(r.fixed is None for r in rows):
        return
    cons = _constraints(rows, spec)
    nonneg = all((v.value or 0) >= 0 for r in rows for v in r.numbers)
    for r in rows:
        if not r.candidates:
            r.candidates = [()] if not r.numbers else [tuple(range(len(r.numbers)))]
    places = _scale_of(rows)
    ints = [[None if v.value is None else _as_int(v.value, places) for v in r.numbers] for r in rows]
    scale = Decimal(10) ** places
    # Per constraint: the parent's columns, the tolerance in table units, running child sums.
    con_keys = [rows[p].keys for p, _ in cons]
    con_tol = [int(_tol(len(ch)) * scale) for _, ch in cons]  # |difference| is an integer: floor
    con_sum = [[0] * len(keys) for keys in con_keys]
    con_parent: list[list[int]] = [[0] * len(keys) for keys in con_keys]
    child_of: list[list[int]] = [[] for _ in rows]
    parent_of: list[list[int]] = [[] for _ in rows]
    by_last: list[list[int]] = [[] for _ in rows]
    partial: list[list[int]] = [[] for _ in rows]
    for q, (p, ch) in enumerate(cons):
        parent_of[p].append(q)
        by_last[max([p, *ch])].append(q)
        for c in ch:
            child_of[c].append(q)
            if c > p and nonneg:  # without the sign bound a partial check never fails
                partial[c].append(q)
    # Placed figures of (row, candidate) over a constraint's columns, computed when first tried;
    # each of the row's positions feeds the constraint columns of the same key.
    vectors: dict[tuple[int, int, int], list[int]] = {}
    targets: dict[tuple[int, int], list[list[int]]] = {}

    def vector(i: int, ci: int, q: int) -> list[int]:
        key = (i, ci, q)
        vec = vectors.get(key)
        if vec is None:
            cols = targets.get((i, q))
            if cols is None:
                qkeys = con_keys[q]
                cols = targets[i, q] = [[k for k, name in enumerate(qkeys) if name == own] for own in rows[i].keys]
            vec = [0] * len(con_keys[q])
            for pos, v in zip(rows[i].candidates[ci], ints[i], strict=True):
                if v is not None:
                    for k in cols[pos]:
                        vec[k] = v
            vectors[key] = vec
        return vec

    # Which candidates fit, as bit masks over the row's candidate list: for each (row, number,
    # position) the candidates that put that number there, and per position the candidates that
    # leave it without a figure. A constraint column takes the row's figure from the one position
    # of the same name (a row with repeated column names is tested candidate by candidate).
    full = [(1 << len(r.candidates)) - 1 for r in rows]
    masks_of: dict[int, tuple[list[list[int]], list[int]]] = {}

    def masks(i: int) -> tuple[list[list[int]], list[int]]:
        """Row i's (number → position → candidates, position → candidates without a figure)."""
        hit = masks_of.get(i)
        if hit is None:
            r = rows[i]
            at = [[0] * len(r.keys) for _ in r.numbers]
            for ci, cand in enumerate(r.candidates):
                bit = 1 << ci
                for j, pos in enumerate(cand):
                    at[j][pos] |= bit
            filled = [0] * len(r.keys)
            for j, v in enumerate(ints[i]):
                if v is not None:
                    for pos, m in enumerate(at[j]):
                        filled[pos] |= m
            hit = masks_of[i] = (at, [full[i] & ~m for m in filled])
        return hit

    own_pos: dict[tuple[int, int], list[int | None] | None] = {}

    def positions(i: int, q: int) -> list[int | None] | None:
        """Per column of constraint q, row i's position of the same name (None: no such column);
        None when a name occurs twice among the row's columns."""
        key = (i, q)
        if key not in own_pos:
            own = rows[i].keys
            found: list[int | None] = []
            unique = True
            for name in con_keys[q]:
                hits = [pos for pos, k in enumerate(own) if k == name]
                unique = unique and len(hits) < 2
                found.append(hits[0] if hits else None)
            own_pos[key] = found if unique else None
        return own_pos[key]

    def fitting(i: int, limits: list[tuple[int, list[int], list[int] | None]]) -> int:
        """The mask of row i's candidates whose placed figures are within ``limits``."""
        mask = full[i]
        figs = ints[i]
        at, empty_at = masks(i)
        for q, upper, lower in limits:
            cols = positions(i, q)
            if cols is None:
                for ci in range(len(rows[i].candidates)):
                    vec = vector(i, ci, q)
                    if lower is None:
                        fits = all(v <= hi for v, hi in zip(vec, upper, strict=True))
                    else:
                        fits = all(lo <= v <= hi for v, lo, hi in zip(vec, lower, upper, strict=True))
                    if not fits:
                        mask &= ~(1 << ci)
                if not mask:
                    return 0
                continue
            for k, pos in enumerate(cols):
                hi = upper[k]
                lo = None if lower is None else lower[k]
                zero_fits = hi >= 0 and (lo is None or lo <= 0)
                if pos is None:  # the row has no such column: it puts 0 there
                    if not zero_fits:
                        return 0
                    continue
                allowed = empty_at[pos] if zero_fits else 0
                for j, v in enumerate(figs):
                    if v is not None and v <= hi and (lo is None or lo <= v):
                        allowed |= at[j][pos]
                mask &= allowed
                if not mask:
                    return 0
        return mask

    choice: list[tuple[int, ...] | None] = [None] * len(rows)
    solutions: list[list[tuple[int, ...]]] = []
    budget = [_STEP_BUDGET]
    # What placing row i must satisfy, as bounds on its own placed figures per constraint column:
    # (constraint, row is its parent, bounds are two-sided).
    checks: list[list[tuple[int, bool, bool]]] = [
        [(q, cons[q][0] == i, True) for q in by_last[i]] + [(q, False, False) for q in partial[i] if q not in by_last[i]]
        for i in range(len(rows))
    ]

    def bounds(i: int) -> list[tuple[int, list[int], list[int] | None]]:
        """(constraint, upper, lower) bounds on row i's figures given the rows placed before it."""
        out: list[tuple[int, list[int], list[int] | None]] = []
        for q, is_parent, exact in checks[i]:
            tol = con_tol[q]
            if is_parent:  # |v - Σ children| <= tol
                out.append((q, [s + tol for s in con_sum[q]], [s - tol for s in con_sum[q]]))
                continue
            room = [pv - s for pv, s in zip(con_parent[q], con_sum[q], strict=True)]
            out.append((q, [r + tol for r in room], [r - tol for r in room] if exact else None))
        return out

    # Rows with one candidate and nothing to check always take it at one step each: a run of
    # them is passed in one go, adding what the whole run adds to each constraint's sums.
    runs = [0] * (len(rows) + 1)
    for i in range(len(rows) - 1, -1, -1):
        if len(rows[i].candidates) == 1 and not checks[i]:
            runs[i] = runs[i + 1] + 1
    run_added: dict[int, list[tuple[int, list[int]]]] = {}
    run_parent: dict[int, list[tuple[int, list[int]]]] = {}

    def through(i: int) -> None:
        """search(i) for a run of single-candidate rows without checks starting at row i."""
        m = runs[i]
        if i not in run_added:
            added: dict[int, list[int]] = {}
            parents: dict[int, list[int]] = {}
            for j in range(i, i + m):
                for q in parent_of[j]:
                    parents[q] = vector(j, 0, q)
                for q in child_of[j]:
                    vec = vector(j, 0, q)
                    acc = added.setdefault(q, [0] * len(vec))
                    for k, v in enumerate(vec):
                        acc[k] += v
            run_added[i] = list(added.items())
            run_parent[i] = list(parents.items())
        for j in range(i, i + m):
            choice[j] = rows[j].candidates[0]
        for q, vec in run_parent[i]:
            con_parent[q] = vec
        for q, vec in run_added[i]:
            sums = con_sum[q]
            for k, v in enumerate(vec):
                sums[k] += v
        budget[0] = max(budget[0] - m, 0)  # one step per row; search(i + m) stops at once at 0
        search(i + m)
        for q, vec in run_added[i]:
            sums = con_sum[q]
            for k, v in enumerate(vec):
                sums[k] -= v
        for j in range(i, i + m):
            choice[j] = None

    def search(i: int) -> None:
        """Every candidate tried costs one step of the budget, fitting or not. Only the fitting
        ones are visited; the ones skipped between them are charged as if tried one by one (the
        search stops where the budget runs out, as it would have, and no skipped candidate could
        have added a solution)."""
        if len(solutions) >= 2 or budget[0] <= 0:
            return
        if i == len(rows):
            solutions.append([c or () for c in choice])
            return
        if runs[i]:
            through(i)
            return
        cands = rows[i].candidates
        mask = fitting(i, bounds(i)) if checks[i] else full[i]
        last = -1
        while mask:
            low = mask & -mask
            mask ^= low
            ci = low.bit_length() - 1
            skipped = ci - last - 1
            last = ci
            if budget[0] <= skipped:  # the budget ran out on a candidate that does not fit
                budget[0] = 0
                break
            budget[0] -= skipped + 1
            choice[i] = cands[ci]
            for q in parent_of[i]:
                con_parent[q] = vector(i, ci, q)
            added = [(con_sum[q], vector(i, ci, q)) for q in child_of[i]]
            for sums, vec in added:
                for k, v in enumerate(vec):
                    sums[k] += v
            search(i + 1)
            for sums, vec in added:
                for k, v in enumerate(vec):
                    sums[k] -= v
            if len(solutions) >= 2 or budget[0] <= 0:
                break
        else:
            budget[0] = max(budget[0] - (len(cands) - 1 - last), 0)
        choice[i] = None

    search(0)
    if solutions:
        best = solutions[0]
        if len(solutions) > 1:
            differing = [rows[i] for i in range(len(rows)) if solutions[0][i] != solutions[1][i]]
            if differing:
                warnings.append(
                    "column placement not determined by the table's identities for "
                    + ", ".join(f"line {r.location.line} ({r.name or r.code})" for r in differing[:5])
                    + (" …" if len(differing) > 5 else "")
                    + f"; used the {spec.id} default preference ({', '.join(spec.prefer) or 'leftmost columns'})"
                )
    else:
        best = [r.candidates[0] for r in rows]
        ambiguous = [r for r in rows if len(r.candidates) > 1]
        if ambiguous:
            warnings.append(
                "no placement satisfies every identity of the table; rows placed by their own identities "
                f"and the default preference ({len(ambiguous)} rows)"
            )
    for r, cand in zip(rows, best, strict=True):
        if r.fixed is not None:
            continue
        fixed: dict[str, _Value] = {}
        for pos, num in zip(cand, r.numbers, strict=False):
            loc = _at_column(num.location, pos) if num.location is not None else None
            fixed[r.keys[pos]] = _Value(num.value, loc)
        r.fixed = fixed
