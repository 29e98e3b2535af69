"""Parts the text leaves out: a listing of a total's parts that omits a part its table carries.

“支出预算X万元，其中：基本支出A万元、项目支出B万元” lists the parts of X. When A + B falls short of X
and the table that prints X breaks it down into A, B and a further non-zero part C that makes up the
difference exactly, the text has left C out. The evidence bar, so that an honest document never
meets it:

- the statement names a total and at least two parts, in the same unit, and does not say itself
  that it lists only some (“…万元等”, a part named 其他…);
- the listed parts fall short of the total by more than rounding (over is another defect, BL504);
- one table row prints the stated total in a total column (合计/总计) and, in its other columns,
  each listed part, matched by amount and by name (one column each);
- the row's other non-zero columns include exactly one set of one to three columns that makes up
  the shortfall within rounding, and no column of that set is named in the statement's own clause.

Columns read only by amount (a part whose name matches no column) or a shortfall no set of columns
explains are not judged: the reading may have paired the text with the wrong table.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.numeric import iv, round_like, sum_interval
from budgetlens.check.registry import rule
from budgetlens.figures import Interval
from budgetlens.model import Column, Statement, Table, TableRow
from budgetlens.recognize.table_specs import SPECS

_SOME_ONLY = re.compile(r"(?:万元|元|%)等|等[^\d]{0,6}(?:支出|收入|费用|项目)|其他")
# words a part's name and a column's label add to the same core (基本支出 / 基本支出合计)
_AFFIX = re.compile(r"(?:合计|小计|收入|支出|预算|拨款|资金|经费|安排|类|数|费用)$")
_LEAD = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、]|[(（][一二三四五六七八九十\d]+[)）]|其中[:：]?|本年|年初)")
_TOTAL_LABEL = re.compile(r"^(?:合计|总计|金额合计|支出合计|收入合计|项目支出合计)$")
_TOTAL_KEYS = {"total", "amount"}


def _core(name: str) -> str:
    s = re.sub(r"\s+", "", name)
    s = _LEAD.sub("", s)
    while True:
        t = _AFFIX.sub("", s)
        if t == s or len(t) < 2:
            return s
        s = t


def _named(a: str, b: str) -> bool:
    """Whether two names are one part's name (one core within the other, two characters at least)."""
    ca, cb = _core(a), _core(b)
    return len(ca) >= 2 and len(cb) >= 2 and (ca in cb or cb in ca)


def _names(t: Table, c: Column) -> list[str]:
    """A column's names: its printed header, or (where the reader kept only the column's meaning)
    the header texts the table's template gives that column."""
    if c.label and c.label != c.key:
        return [c.label]
    for spec in SPECS:
        if spec.id == t.id:
            for col in (*spec.columns, *spec.variant_columns):
                if col.key == c.key:
                    return list(col.aliases)
    return []


def _equal(stated: Decimal, printed: Decimal) -> bool:
    return iv(stated).meets(iv(printed))


def _total_column(t: Table) -> Column | None:
    for c in t.columns:
        if c.key in _TOTAL_KEYS or any(_TOTAL_LABEL.match(re.sub(r"\s+", "", n)) for n in _names(t, c)[:1]):
            return c
    return None


def _clause(s: Statement) -> str:
    """The statement's own clause: from its subject to the end of its last part's figure (the
    sentence may go on to other totals, which may name the omitted part for themselves)."""
    text = re.sub(r"\s+", "", s.evidence)
    start = text.find(re.sub(r"\s+", "", s.subject)) if s.subject else -1
    start = max(start, 0)
    end = len(text)
    last = s.parts[-1]
    if last.subject:
        at = text.find(re.sub(r"\s+", "", last.subject), start)
        if at >= 0:
            stop = re.search(r"[。；;]", text[at:])
            end = at + stop.start() if stop else len(text)
    return text[start:end]


def _match_parts(t: Table, parts: list[Statement], row: TableRow, columns: list[Column]) -> dict[int, Column] | None:
    """Each listed part to one column of ``row`` printing its amount under its name; None if any
    part has no such column or two parts want the same one."""
    out: dict[int, Column] = {}
    used: set[str] = set()
    for i, p in enumerate(parts):
        assert p.amount is not None
        hits = [c for c in columns if c.key not in used and row.values.get(c.key) is not None
                and _equal(p.amount, row.values[c.key] or Decimal(0))
                and any(_named(p.subject, n) for n in _names(t, c))]
        if len(hits) != 1:
            return None
        out[i] = hits[0]
        used.add(hits[0].key)
    return out


def _omitted(row: TableRow, rest: list[Column], shortfall: Interval) -> list[Column] | None:
    """The one set of one to three non-zero columns among ``rest`` that makes up ``shortfall``."""
    nonzero = [c for c in rest if (row.values.get(c.key) or Decimal(0)) != 0]
    found: list[list[Column]] = []
    for n in (1, 2, 3):
        for combo in itertools.combinations(nonzero, n):
            vals = [row.values[c.key] or Decimal(0) for c in combo]
            if sum_interval(vals).meets(shortfall):
                found.append(list(combo))
        if found:
            break
    return found[0] if len(found) == 1 else None


def _candidates(ctx: DocContext, s: Statement) -> Iterator[tuple[Table, TableRow, dict[int, Column], list[Column]]]:
    assert s.amount is not None
    parts = [p for p in s.parts if p.amount is not None]
    listed = sum_interval([p.amount for p in parts if p.amount is not None])
    shortfall = Interval(iv(s.amount).lo - listed.hi, iv(s.amount).hi - listed.lo)
    for t in ctx.disclosure.tables:
        if not t.verified:
            continue
        total_col = _total_column(t)
        if total_col is None:
            continue
        others = [c for c in t.columns if c.key != total_col.key]
        for row in t.rows:
            value = row.values.get(total_col.key)
            if value is None or not _equal(s.amount, value):
                continue
            matched = _match_parts(t, parts, row, others)
            if matched is None:
                continue
            taken = {c.key for c in matched.values()}
            omitted = _omitted(row, [c for c in others if c.key not in taken], shortfall)
            if omitted:
                yield t, row, matched, omitted


@rule("BL403", "parts-left-out", "The text lists a total's parts and leaves out a part its table carries",
      severity="warning", group="table_text",
      basis="“X万元，其中：A…、B…” lists the parts of X; the table that prints X prints its parts")
def parts_left_out(ctx: DocContext) -> Iterator[Finding]:
    """A statement listing the parts of a total (基本支出/项目支出, 收入 by source, 三公 items) whose
    parts fall short of the total, where the table row that prints the total and each listed part
    also prints a further non-zero part that makes up the difference and the statement's own
    clause does not name it. Not judged when the list says it names only some parts (…等, 其他),
    when the parts exceed the total, when a listed part matches no column by both amount and name,
    or when no single set of the table's other parts makes up the difference."""
    stack = list(ctx.disclosure.statements)
    while stack:
        s = stack.pop(0)
        stack[:0] = s.parts
        parts = [p for p in s.parts if p.amount is not None and p.unit == s.unit]
        if s.amount is None or s.unit != "万元" or len(parts) < 2 or len(parts) != len(s.parts):
            continue
        listed = sum_interval([p.amount for p in parts if p.amount is not None])
        if listed.hi >= iv(s.amount).lo:
            continue  # the parts reach the total (or exceed it: BL504)
        clause = _clause(s)
        if _SOME_ONLY.search(clause) or any(_SOME_ONLY.search(p.subject) for p in parts):
            continue
        found = list(_candidates(ctx, s))
        if not found:
            continue
        t, row, _matched, omitted = found[0]
        if any(_core(n) in clause for c in omitted for n in _names(t, c)):
            continue  # the clause names the part after all
        missing = [row.values[c.key] or Decimal(0) for c in omitted]
        listed_sum = sum((p.amount for p in parts if p.amount is not None), Decimal(0))
        yield ctx.finding(
            "BL403.left_out",
            {"subject": s.subject, "amount": s.amount, "listed": [p.subject for p in parts],
             "listed_sum": listed_sum, "table": ctx.table_name(t),
             "omitted": [re.sub(r"\s+", "", (_names(t, c) or [c.key])[0]) for c in omitted],
             "omitted_sum": round_like(sum(missing, Decimal(0)), s.amount)},
            location=ctx.loc(s.location), expected=round_like(listed_sum + sum(missing, Decimal(0)), s.amount),
            actual=round_like(listed_sum, s.amount), evidence=s.evidence,
            highlight=[f"{s.amount:f}"],
        )
