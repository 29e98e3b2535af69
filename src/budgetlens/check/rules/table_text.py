"""Table ↔ text: every figure the explanation restates must equal the table."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding, Severity
from budgetlens.check.numeric import sum_fits
from budgetlens.check.registry import rule
from budgetlens.check.rules._facts import conflicts
from budgetlens.model import Statement, Table, TableRow
from budgetlens.patterns import lazy


@rule("BL401", "text-restates-table", "A figure in the text differs from the table",
      severity="error", group="table_text",
      basis="部门预决算公开: the explanation restates the tables' figures; the two must agree")
def text_restates_table(ctx: DocContext) -> Iterator[Finding]:
    """A canonical fact stated in the text must equal a table figure of the same key within
    rounding. Table occurrences have the scope ``table`` and the text names its own base, but the key
    already fixes the quantity, so the text is compared with the tables whatever its scope; a text
    figure matching any table occurrence of its key is consistent (two tables may print the key on
    two bases)."""
    occs = ctx.disclosure.fact_occurrences
    for ref, cand in conflicts(occs, lambda o: o.origin == "table", lambda o: o.origin == "text", any_scope=True):
        yield ctx.finding(
            "BL401.differs",
            {"key": cand.key, "value": cand.value, "table": ctx.place(ref.location, "place.a_table"), "table_value": ref.value,
             "diff": abs(cand.value - ref.value)},
            location=ctx.occurrence_loc(cand), expected=ref.value, actual=cand.value, evidence=cand.evidence,
        )


def _walk(statements: list[Statement]) -> Iterator[Statement]:
    for s in statements:
        yield s
        yield from _walk(s.parts)


# statement scope → tables holding amounts by function code, and the column to read
_CODE_TABLES: dict[str, list[tuple[str, str]]] = {
    "gpb": [("B05", "total"), ("F05", "total")],
    "document": [("B03", "total"), ("F03", "total")],
    "fiscal": [("B04", "total")],
}


def _row_of(t: Table, code: str) -> TableRow | None:
    rows = [r for r in t.rows if r.code == code]
    return rows[0] if len(rows) == 1 else None


_LEVEL = lazy(r"[(（]\s*(类|款|项)\s*[)）]")


def _code_by_names(t: Table, subject: str) -> str | None:
    """The code of the row a subject written “A（类）B（款）C（项）” names, when the table has exactly one
    项 row named C whose 款 and 类 rows are named B and A; None otherwise."""
    names: list[str] = []
    pos = 0
    for m in _LEVEL.finditer(subject):
        names.append(re.sub(r"\s+", "", subject[pos:m.start()]))
        pos = m.end()
    levels = [m.group(1) for m in _LEVEL.finditer(subject)]
    if levels != ["类", "款", "项"] or pos != len(subject.rstrip()):
        return None
    by_code = {r.code: re.sub(r"\s+", "", r.name) for r in t.rows if r.code}
    hits = [c for c, n in by_code.items()
            if len(c) == 7 and n == names[2] and by_code.get(c[:5]) == names[1] and by_code.get(c[:3]) == names[0]]
    return hits[0] if len(hits) == 1 else None


def _printed_elsewhere(ctx: DocContext, code: str) -> bool:
    """True when a table that holds amounts by function code prints a figure in the code's row."""
    for tid, col in {pair for pairs in _CODE_TABLES.values() for pair in pairs}:
        t = ctx.table(tid)
        row = _row_of(t, code) if t is not None else None
        if row is not None and row.values.get(col) is not None:
            return True
    return False


@rule("BL402", "coded-amount-vs-table", "A 类/款/项 amount in the text differs from its table row",
      severity="error", group="table_text",
      basis="The explanation of 一般公共预算支出 restates table rows by classification code")
def coded_amount_vs_table(ctx: DocContext) -> Iterator[Finding]:
    """A statement naming a classification code (“一般公共服务支出（类）500.80万元”) must equal the
    row of that code in the table of the same scope (一般公共预算 → B05/F05; whole department → B03/F03).
    A subject written “A（类）B（款）C（项）” with no code printed is matched to the one row so named, and
    judged only when no such table prints a figure in that row. A non-zero figure where the row
    prints its cell blank is a warning (a table read with doubts is
    not judged so)."""
    for s in _walk(ctx.disclosure.statements):
        if s.amount is None or s.scope not in _CODE_TABLES:
            continue
        for tid, col in _CODE_TABLES[s.scope]:
            t = ctx.table(tid)
            if t is None:
                continue
            code = s.code or _code_by_names(t, s.subject)
            if not code:
                continue
            row = _row_of(t, code)
            value = row.values.get(col) if row else None
            if not s.code and (value is not None or _printed_elsewhere(ctx, code)):
                # matched by its names only: the text's base (all funds, 一般公共预算, 财政拨款) may be
                # misread, so only a row that no table prints a figure for is judged
                break
            if row is not None and value is None and col in row.values and s.amount != 0 and not t.warnings:
                # the row is printed with the cell left blank (nothing, or 0 in templates that leave
                # zeros blank), and the text states a figure for it
                yield ctx.finding(
                    "BL402.blank_cell",
                    {"code": code, "subject": s.subject, "value": s.amount, "table": ctx.table_name(t)},
                    location=ctx.loc(s.location), expected=None, actual=s.amount, evidence=s.evidence,
                    highlight=[f"{s.amount:f}"], severity=Severity.WARNING,
                )
                break
            if value is None:
                continue
            if not sum_fits([value], s.amount):
                yield ctx.finding(
                    "BL402.differs",
                    {"code": code, "subject": s.subject, "value": s.amount, "table": ctx.table_name(t),
                     "table_value": value, "diff": abs(s.amount - value)},
                    location=ctx.loc(s.location), expected=value, actual=s.amount, evidence=s.evidence,
                    highlight=[f"{s.amount:f}"],
                )
            break
