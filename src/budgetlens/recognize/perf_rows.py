"""The rows of a performance table as the reader gives them (cells tidied, empty rows left out),
and how a table's warnings say where something is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from budgetlens.figures import parse_number, parse_percent, parse_score
from budgetlens.i18n import Message, as_param, msg
from budgetlens.model import Cell, Grid, Location, PerformanceTable
from budgetlens.recognize.measures import compact_value, tidy


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


def _is_number(text: str) -> bool:
    return parse_number(text) is not None or parse_percent(text) is not None or (
        parse_score(text) is not None
    )


def _is_indicator_header(row: _Row) -> bool:
    """一级指标 | 二级指标 | 三级指标 | 指标值 …, or a flat list of indicators without levels
    (指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重, as some 整体绩效目标表 print them)."""
    j = row.joined
    return ("一级指标" in j and ("三级指标" in j or "二级指标" in j or "指标值" in j)) or (
        "指标名称" in j and ("指标值" in j or "权重" in j) and not _is_number(j))
