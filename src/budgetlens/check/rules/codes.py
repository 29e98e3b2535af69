"""Classification codes: valid for the year, name matching the code, depth as required."""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.classification import for_year, names_match
from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.registry import rule
from budgetlens.check.standard import BASIC_ECONOMIC_TABLES, GPB_FUNCTION_TABLES
from budgetlens.model import Table, TableRow

BASIS_CODES = "财政部《政府收支分类科目》for the document's year (see budgetlens/data/classification)"


def _kind(row: TableRow) -> str | None:
    if row.code_kind in ("function", "economic"):
        return row.code_kind
    code = row.code or ""
    if code.startswith("2") and len(code) in (3, 5, 7):
        return "function"
    if code.startswith("3") and len(code) in (3, 5):
        return "economic"
    return None


def _coded_rows(ctx: DocContext) -> Iterator[tuple[Table, TableRow]]:
    for t in ctx.disclosure.tables:
        for r in t.rows:
            if r.code and r.code.isdigit():
                yield t, r


@rule("BL901", "code-unknown", "Classification code not found in the 科目 data for the year",
      severity="info", group="codes", basis=BASIS_CODES)
def code_unknown(ctx: DocContext) -> Iterator[Finding]:
    """A code absent from the shipped 科目 data. The data hold only codes known for certain, so this
    is information for a reviewer, never an error."""
    data, exact = for_year(ctx.year)
    if data is None:
        return
    seen: set[str] = set()
    for t, r in _coded_rows(ctx):
        kind = _kind(r)
        assert r.code is not None
        if kind is None or r.code in seen:
            continue
        seen.add(r.code)
        if data.name(r.code, kind) is None:
            note = "" if exact else f" (no data for {ctx.year}; checked against {data.year})"
            yield ctx.finding(f"{kind} code {r.code} “{r.name}” is not in the {data.year} 科目 data{note}",
                              location=ctx.loc(table=t, row=r), evidence=r.name, actual=r.code)


@rule("BL902", "code-name-mismatch", "The name printed with a code is not the code's name",
      severity="warning", group="codes", basis=BASIS_CODES)
def code_name_mismatch(ctx: DocContext) -> Iterator[Finding]:
    """The row name printed beside a classification code must be the 科目 name of that code
    (brackets, spacing and 类/款/项 markers aside; truncated names accepted)."""
    data, _ = for_year(ctx.year)
    if data is None:
        return
    for t, r in _coded_rows(ctx):
        kind = _kind(r)
        assert r.code is not None
        official = data.name(r.code, kind) if kind else None
        if official is None or not r.name or names_match(r.name, official):
            continue
        yield ctx.finding(f"{r.code} is “{official}” in the {data.year} 科目, printed as “{r.name}”",
                          location=ctx.loc(table=t, row=r), expected=official, actual=r.name, evidence=r.name,
                          highlight=[r.name])


@rule("BL903", "code-depth", "Classification not broken down to the required level",
      severity="warning", group="codes",
      basis="公开要求: 一般公共预算支出 by function to 项级; 基本支出 by economic classification to 款级")
def code_depth(ctx: DocContext) -> Iterator[Finding]:
    """In the 一般公共预算 function table every 款 must be broken down into 项 rows; in the basic
    expense table every economic 类 into 款 rows."""
    for ids, kind, parent_len, child_len, label in ((GPB_FUNCTION_TABLES, "function", 5, 7, "项"),
                                                    (BASIC_ECONOMIC_TABLES, "economic", 3, 5, "款")):
        t = ctx.table(*ids)
        if t is None:
            continue
        codes = [r.code for r in t.rows if r.code and r.code.isdigit()]
        for r in t.rows:
            if not r.code or len(r.code) != parent_len or _kind(r) != kind:
                continue
            if any(v is not None and v != 0 for v in r.values.values()) and not any(
                    c.startswith(r.code) and len(c) == child_len for c in codes):
                yield ctx.finding(f"{t.id}: {r.code} {r.name} has an amount but no {label}-level rows",
                                  location=ctx.loc(table=t, row=r), evidence=r.name)


@rule("BL904", "code-format", "Malformed classification code",
      severity="warning", group="codes", basis=BASIS_CODES)
def code_format(ctx: DocContext) -> Iterator[Finding]:
    """Expenditure function codes have 3, 5 or 7 digits and start with 2; economic codes have 3 or 5
    digits and start with 3 (or 5 for 政府预算支出经济分类)."""
    for t, r in _coded_rows(ctx):
        code = r.code or ""
        ok = (code[0] == "2" and len(code) in (3, 5, 7)) or (code[0] in "35" and len(code) in (3, 5))
        if not ok:
            yield ctx.finding(f"code {code} “{r.name}” is not a valid expenditure classification code",
                              location=ctx.loc(table=t, row=r), actual=code, evidence=r.name)
