"""Project rows that share one function 项 code add up to that code's row.

A project expense table (一般公共预算项目支出表 and its kin) may print, for each function 项, a row
with the code and its amount and, under it, one row per project classified to that 项. Where it does,
the projects under the code are its breakdown: their amounts, column by column, add up to the code's
row. The rule reads only what the table prints: a code row with no project rows under it, a column
whose project cells are all blank, or a table whose reading did not verify is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.numeric import round_like, sum_gaps
from budgetlens.check.registry import rule
from budgetlens.check.rules.tables import row_evidence
from budgetlens.model import Disclosure, Table, TableRow
from budgetlens.patterns import lazy

# a unit named with its place (云岭县林业站, 西安市某某局), or a unit's own level (机关本级): a unit's
# subtotal row, not a project
_PLACE_UNIT = lazy(r"^(?:中共)?[\u4e00-\u9fff]{1,10}?(?:省|市|县|区|州|盟|旗)[\u4e00-\u9fff（）()]*"
                         r"(?:局|厅|委员会|办公室|人民政府|委|部|院|中心|站|队|处|所|署|办|会|校|馆)$")


_OWN_LEVEL = lazy(r"(?:本级|机关)$")


def _unit_names(d: Disclosure) -> set[str]:
    return {re.sub(r"\s+", "", n) for n in (d.unit.name, *d.unit.sub_units) if n}


def _project_row(r: TableRow, units: set[str]) -> bool:
    """A row naming a project: its project cell, or (PDF text, where nothing marks the project column)
    a row with no code and a name that is neither a total nor a unit."""
    if r.is_total:
        return False
    if r.project:
        return True
    name = re.sub(r"\s+", "", r.name)
    return (not r.code and bool(name) and name not in units and not _PLACE_UNIT.match(name)
            and not _OWN_LEVEL.search(name)
            and any(v is not None for v in r.values.values()))


def _is_code_row(r: TableRow) -> bool:
    """A function 项 row with no project: the row the projects under it break down."""
    return bool(r.code and r.code.isdigit() and len(r.code) == 7 and r.code[0] == "2"
                and not r.project and not r.is_total)


def project_groups(t: Table, units: set[str] | None = None) -> Iterator[tuple[TableRow, list[TableRow]]]:
    """(code row, the project rows printed under it) for every 项 code row that has projects: the
    rows right after it that name a project and carry no other code (the same code repeated on each
    project row, or none). A row with no code and no figure (a header repeated at a page break, the
    wrapped end of a name) is passed over; any other row ends the group: another code, a unit's
    subtotal, a total. A code whose row the table prints more than once (a page break, two units)
    and a group with an item printed under a project (其中…) are not given: what belongs to which
    row cannot be told."""
    rows = t.rows
    seen = [r.code for r in rows if _is_code_row(r)]
    for i, r in enumerate(rows):
        if not _is_code_row(r) or seen.count(r.code) > 1:
            continue
        group: list[TableRow] = []
        for x in rows[i + 1:]:
            if not x.code and not x.project and not x.is_total and all(v is None for v in x.values.values()):
                continue
            if not _project_row(x, units or set()) or (x.code and x.code != r.code):
                break
            group.append(x)
        if group and not any(re.match(r"\s*其中", x.project or x.name) for x in group):
            yield r, group


@rule("BL206", "project-code-sum", "Projects under one 项 code ≠ the code's row",
      severity="error", group="tables",
      basis="项目支出表：项目按支出功能分类项级科目归集，科目行金额为其下各项目之和")
def project_code_sum(ctx: DocContext) -> Iterator[Finding]:
    """In a project expense table that prints a function 项 code's row and, under it, the projects
    classified to that code, the project rows add up to the code's row in every column where at
    least one project cell is printed (a blank project cell counts as zero). Tables whose reading
    did not verify are not judged."""
    units = _unit_names(ctx.disclosure)
    for t in ctx.disclosure.tables:
        if not t.verified or not (t.id == "B07" or any(r.project for r in t.rows)):
            continue
        for code_row, projects in project_groups(t, units):
            for key, value, s in sum_gaps(code_row.values, [p.values for p in projects]):
                yield ctx.finding(
                    "BL206.project_sum",
                    {"table": ctx.table_name(t), "code": code_row.code, "row": code_row.name, "column": key,
                     "value": value, "count": len(projects), "sum": s, "diff": abs(value - s)},
                    location=ctx.loc(table=t, row=code_row, column=key),
                    expected=round_like(s, value), actual=value, evidence=row_evidence(code_row),
                )
