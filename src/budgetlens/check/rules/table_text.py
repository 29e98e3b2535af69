"""Table ↔ text: every figure the explanation restates must equal the table."""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.numeric import fmt, sum_fits
from budgetlens.check.registry import rule
from budgetlens.check.rules._facts import conflicts
from budgetlens.model import Statement, Table, TableRow


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
            f"the text states {cand.key} = {fmt(cand.value)}, the table ({ref.location.describe()}) {fmt(ref.value)}",
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


@rule("BL402", "coded-amount-vs-table", "A 类/款/项 amount in the text differs from its table row",
      severity="error", group="table_text",
      basis="The explanation of 一般公共预算支出 restates table rows by classification code")
def coded_amount_vs_table(ctx: DocContext) -> Iterator[Finding]:
    """A statement naming a classification code (“一般公共服务支出（类）500.80万元”) must equal the
    row of that code in the table of the same scope (一般公共预算 → B05/F05; whole department → B03/F03)."""
    for s in _walk(ctx.disclosure.statements):
        if not s.code or s.amount is None or s.scope not in _CODE_TABLES:
            continue
        for tid, col in _CODE_TABLES[s.scope]:
            t = ctx.table(tid)
            if t is None:
                continue
            row = _row_of(t, s.code)
            value = row.values.get(col) if row else None
            if value is None:
                continue
            if not sum_fits([value], s.amount):
                yield ctx.finding(
                    f"the text gives {s.code} {s.subject} {fmt(s.amount)}, table {tid} {fmt(value)}",
                    location=ctx.loc(s.location), expected=value, actual=s.amount, evidence=s.evidence,
                    highlight=[f"{s.amount:f}"],
                )
            break
