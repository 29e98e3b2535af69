"""Table rows before their numbers are placed, and the small tests every table reader shares."""


from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from budgetlens.figures import parse_number
from budgetlens.model import Location
from budgetlens.recognize.lazy_pattern import lazy
from budgetlens.recognize.table_specs import TableSpec, norm

_TOTAL = lazy(
    r"^(?:合计|总计|收入总计|支出总计|收入合计|支出合计|本年收入合计|本年支出合计|收支总计|"
    r"人员经费合计|公用经费合计|[一二三]?、?(?:本年)?(?:收入|支出)?(?:总计|合计))$"
)
_INDEX_TOKEN = lazy(r"^(?:※|\*|栏次|行次|\d{1,2})$")
_CJK = lazy(r"[\u4e00-\u9fff]")
_PROSE = lazy(r"[，。；]")



# --------------------------------------------------------------------------- utilities


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


_NOTE_START = lazy(r"^(?:备注|注|说明)\d?[:：]")


def _is_prose(texts: Sequence[str]) -> bool:
    joined = "".join(texts)
    if _NOTE_START.match(norm(joined)) and _has_cjk(joined):
        return True  # 注：… under a table, however short
    return bool(_PROSE.search(joined)) and len(norm(joined)) >= 12


_ROW_NUMBER = lazy(r"^\d{1,3}$")
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





def _mark_groups(rows: list[_Row], spec: TableSpec) -> None:
    if spec.code_kind is None:
        return
    side_has_codes = {r.side for r in rows if r.code}
    for r in rows:
        if r.side in side_has_codes and r.code is None and not r.is_total and r.name:
            r.is_group = True


def _at_column(loc: Location, column: int) -> Location:
    """``loc`` with its grid column set (locations are immutable: an equal one is reused)."""
    return loc if loc.column == column else dataclasses.replace(loc, column=column)
