"""Classification codes: valid for the year, name matching the code, depth as required.

Each rule reads a table's coded rows against the 科目 data first (``classification.read_codes``):
a code joined to a row number or another column, a name with a figure or a second code read into
its end, a line of a sentence taken for a coded row, or a table whose names follow another scheme
is a doubt about the reading. Those rows are never findings; ``reading_doubts`` turns them into the
document's parse warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from budgetlens.check.classification import (
    Classification,
    TableCodes,
    codes_named,
    for_year,
    names_match,
    read_codes,
)
from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.registry import rule
from budgetlens.check.standard import BASIC_ECONOMIC_TABLES, GPB_FUNCTION_TABLES
from budgetlens.i18n import Message, as_param, msg
from budgetlens.model import Disclosure, Table, TableRow

BASIS_CODES = "财政部《政府收支分类科目》for the document's year (see budgetlens/data/classification)"


def _unit_names(d: Disclosure) -> set[str]:
    names = {d.unit.name, *d.unit.sub_units}
    return {re.sub(r"\s+", "", n) for n in names if n}


def _coded(t: Table) -> list[TableRow]:
    return [r for r in t.rows if r.code and r.code.isdigit()]


def table_codes(d: Disclosure, data: Classification) -> list[tuple[Table, TableCodes]]:
    """Every table with coded rows, read against ``data``."""
    units = _unit_names(d)
    out = []
    for t in d.tables:
        rows = _coded(t)
        if rows:
            out.append((t, read_codes([(id(r), r.code or "", r.name) for r in rows], data, units)))
    return out


def _note(year: int | None, data: Classification, exact: bool) -> dict[str, Any] | str:
    """How the 科目 data's year relates to the document's, as a message parameter ("" when the same)."""
    if exact:
        return ""
    if year is None:
        return msg("codes.note.year_unknown", data_year=data.year)
    return msg("codes.note.latest" if year > data.year else "codes.note.earliest", year=year, data_year=data.year)


def _where(t: Table, r: TableRow | None = None) -> dict[str, Any]:
    """The table (and its page) a doubt is about, as a message parameter."""
    page = (r.location.page if r is not None else None) or t.location.page
    label = t.id or " ".join(t.title.split()) or "?"
    return msg("codes.where.table_page", table=label, page=page) if page else msg("codes.where.table", table=label)


def _depth_gaps(t: Table, kind: str, parent_len: int, child_len: int) -> Iterator[tuple[TableRow, bool]]:
    """Rows of ``parent_len`` digits with an amount and no ``child_len``-digit row under them (a
    code printed twice is its own child: a 款 without 项 in the 科目, repeated at the 项 level); the
    flag says whether that is certain (False: the next row has no code that could be read, or the
    table ends with that row, so its children may stand where the reader lost them)."""
    codes = [r.code for r in t.rows if r.code and r.code.isdigit()]
    for i, r in enumerate(t.rows):
        if not r.code or len(r.code) != parent_len or (r.code_kind or ("function" if r.code[0] == "2" else "economic")) != kind:
            continue
        if not any(v is not None and v != 0 for v in r.values.values()):
            continue
        if any(c.startswith(r.code) and len(c) == child_len for c in codes):
            continue
        if codes.count(r.code) > 1:
            continue  # printed again at the level below: the document's own 项 of a 款 that has none
        after = t.rows[i + 1:]
        nxt = next((x for x in after if x.name or x.code), None)
        sure = nxt is not None and not nxt.is_total and bool(nxt.code)
        sure = sure or (nxt is not None and nxt.is_total)
        yield r, sure


def reading_doubts(d: Disclosure) -> list[str]:
    """Parse warnings about the codes of ``d``'s tables: the rows the code rules did not judge."""
    data, _ = for_year(d.year)
    if data is None:
        return []
    out: list[str] = []
    for t, tc in table_codes(d, data):
        doubts = [x for x in tc.rows.values() if x.doubt]
        for w in tc.warnings:
            out.append(Message("codes.warning", where=_where(t), warning=as_param(w)))
        if doubts:
            examples = [as_param(x.doubt or "") for x in doubts[:2]] + (["…"] if len(doubts) > 2 else [])
            out.append(Message("codes.warning.not_judged", where=_where(t), count=len(doubts), examples=examples))
    for ids, kind, parent_len, child_len, label in ((GPB_FUNCTION_TABLES, "function", 5, 7, "项"),
                                                    (BASIC_ECONOMIC_TABLES, "economic", 3, 5, "款")):
        found = next((x for x in d.tables if x.id in ids), None)
        if found is None:
            continue
        for r, sure in _depth_gaps(found, kind, parent_len, child_len):
            if not sure:
                out.append(Message("codes.warning.depth_not_judged", where=_where(found, r), code=r.code or "",
                                   name=r.name, level="xiang" if label == "项" else "kuan"))
    return out


@rule("BL901", "code-unknown", "Classification code not found in the 科目 data for the year",
      severity="info", group="codes", basis=BASIS_CODES)
def code_unknown(ctx: DocContext) -> Iterator[Finding]:
    """A code absent from the shipped 科目 data. The data hold only codes known for certain, so this
    is information for a reviewer, never an error. A 7-digit economic code under a 款 of the data is
    a local subdivision (3010301 under 30103) and is not reported."""
    data, exact = for_year(ctx.year)
    if data is None:
        return
    note = _note(ctx.year, data, exact)
    seen: set[str] = set()
    for t, tc in table_codes(ctx.disclosure, data):
        for r in _coded(t):
            x = tc.rows[id(r)]
            if x.status != "unknown" or x.code in seen:
                continue
            seen.add(x.code)
            params = {"kind": x.kind, "code": x.code, "name": x.printed, "data_year": data.year, "note": note}
            if x.kind == "economic" and len(x.code) == 7 and data.name(x.code[:3], "economic"):
                what = "BL901.unknown_subdivision"
                params["parent"] = x.code[:5]
            else:
                what = "BL901.unknown"
            yield ctx.finding(what, params, location=ctx.loc(table=t, row=r), evidence=r.name, actual=x.code)


@rule("BL902", "code-name-mismatch", "The name printed with a code is not the code's name",
      severity="warning", group="codes", basis=BASIS_CODES)
def code_name_mismatch(ctx: DocContext) -> Iterator[Finding]:
    """The row name printed beside a classification code names another 科目 item: the printed name
    is the 科目 name of a different code. Wording variants, truncated names, local subdivisions and
    names the reader is unsure of (a figure or code read into them, a table whose names follow
    another scheme) are not compared."""
    data, exact = for_year(ctx.year)
    if data is None:
        return
    note = _note(ctx.year, data, exact)
    for t, tc in table_codes(ctx.disclosure, data):
        for r in _coded(t):
            x = tc.rows[id(r)]
            if x.status != "known" or not x.compare or not x.official or names_match(x.printed, x.official):
                continue
            others = sorted(codes_named(data, x.printed) - {x.code})
            if not others:
                continue
            yield ctx.finding("BL902.other_name",
                              {"code": x.code, "official": x.official, "data_year": data.year, "note": note,
                               "printed": x.printed, "other": others[0]},
                              location=ctx.loc(table=t, row=r), expected=x.official, actual=x.printed,
                              evidence=r.name, highlight=[x.printed])


@rule("BL903", "code-depth", "Classification not broken down to the required level",
      severity="warning", group="codes",
      basis="公开要求: 一般公共预算支出 by function to 项级; 基本支出 by economic classification to 款级")
def code_depth(ctx: DocContext) -> Iterator[Finding]:
    """In the 一般公共预算 function table every 款 must be broken down into 项 rows; in the basic
    expense table every economic 类 into 款 rows. Not claimed when the row after the 款 has no
    readable code or the table ends with it (a parse warning instead)."""
    for ids, kind, parent_len, child_len, label in ((GPB_FUNCTION_TABLES, "function", 5, 7, "项"),
                                                    (BASIC_ECONOMIC_TABLES, "economic", 3, 5, "款")):
        t = ctx.table(*ids)
        if t is None:
            continue
        for r, sure in _depth_gaps(t, kind, parent_len, child_len):
            if sure:
                yield ctx.finding("BL903.no_children",
                                  {"table": ctx.table_name(t), "code": r.code, "row": r.name,
                                   "level": "xiang" if label == "项" else "kuan"},
                                  location=ctx.loc(table=t, row=r), evidence=r.name)


@rule("BL904", "code-format", "Malformed classification code",
      severity="warning", group="codes", basis=BASIS_CODES)
def code_format(ctx: DocContext) -> Iterator[Finding]:
    """Expenditure function codes have 3, 5 or 7 digits and start with 2; economic codes have 3 or 5
    digits and start with 3 (or 5 for 政府预算支出经济分类), or 7 for a local subdivision of a 款.
    Claimed only in a table whose code column reads as codes (most codes known) and for a row whose
    name is an item's name; otherwise the code is a doubt about the reading."""
    data, _ = for_year(ctx.year)
    if data is None:
        return
    for t, tc in table_codes(ctx.disclosure, data):
        if not tc.sound:
            continue
        for r in _coded(t):
            x = tc.rows[id(r)]
            if x.status == "malformed":
                yield ctx.finding("BL904.malformed", {"code": x.code, "name": x.printed},
                                  location=ctx.loc(table=t, row=r), actual=x.code, evidence=r.name)
