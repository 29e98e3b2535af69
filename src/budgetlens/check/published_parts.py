"""One disclosure published as several files.

The explanation (情况说明) and its tables are often published as separate files: a PDF of text
whose tables are "见附表", and a PDF or spreadsheet of the tables. Checked one by one, each would
be a disclosure missing half of itself. Files of the same kind, year and unit where one part has
narrative and no standard table and the other has standard (or performance) tables and next to no
narrative are read as one disclosure: their blocks, each keeping its file in its location, are
recognised together.

Which files belong together is decided from a few facts of each (``PartFacts``), so that a batch
need not keep a file's model to decide it; only the sources of the files joined are read again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from budgetlens.i18n import Message, msg
from budgetlens.model import Disclosure, Source

_FEW_STATEMENTS = 3  # a table file may carry a note or two read as statements


def unit_key(name: str) -> str:
    """A unit name reduced for matching documents of the same unit across years and kinds."""
    s = re.sub(r"\s+", "", name)
    s = re.sub(r"(20\d\d)年?度?", "", s)
    s = re.sub(r"[（(][^）)]*[）)]$", "", s)
    return s


def _standard_tables(d: Disclosure) -> int:
    return sum(1 for t in d.tables if t.id and t.rows)


def is_text_part(d: Disclosure) -> bool:
    return _standard_tables(d) == 0 and len(d.statements) > _FEW_STATEMENTS


def is_table_part(d: Disclosure) -> bool:
    """Standard tables, or performance tables (绩效目标表 / 自评表 published apart), and next to no
    narrative."""
    return (_standard_tables(d) > 0 or bool(d.performance)) and len(d.statements) <= _FEW_STATEMENTS


def _identity(d: Disclosure) -> tuple[str | None, int | None, frozenset[str]]:
    """(kind, year, unit keys) as recognised; a file of performance tables alone names its unit in
    the tables (实施单位, 主管部门, the unit-level table) and its kind by the tables' kind (目标表 of
    a budget, 自评表 of a final account)."""
    kind = d.kind.value if d.kind is not None else None
    year = d.year
    units = {unit_key(d.unit.name)} - {""}
    if d.performance and kind is None:
        kinds = {"budget" if p.table_kind == "target" else "final" for p in d.performance}
        kind = kinds.pop() if len(kinds) == 1 else None
    if d.performance and not units:
        for p in d.performance:
            names = [p.implementer, p.department] + ([p.name] if p.level == "unit" else [])
            units |= {unit_key(n) for n in names if n}
    return kind, year, frozenset(units)


@dataclass(frozen=True, slots=True)
class PartFacts:
    """What deciding the joins reads of a file that may be a part of a disclosure."""

    text: bool  # may be the explanation (narrative, no standard table)
    table: bool  # may be the tables (standard or performance tables, next to no narrative)
    standard: bool  # has standard tables (else performance tables only)
    kind: str | None  # as recognised
    year: int | None
    unit: str  # unit_key of its unit's name
    identity: tuple[str | None, int | None, frozenset[str]]  # as a table part names itself

    @staticmethod
    def of(d: Disclosure) -> PartFacts:
        return PartFacts(text=is_text_part(d), table=is_table_part(d), standard=_standard_tables(d) > 0,
                         kind=d.kind.value if d.kind is not None else None, year=d.year,
                         unit=unit_key(d.unit.name), identity=_identity(d))


def _same_disclosure(text: PartFacts, part: PartFacts) -> bool:
    """Same kind and year as recognised (the part's year may be unknown), and the same unit where
    both name one."""
    kind, year, units = part.identity
    if text.kind is None or text.kind != kind or text.year is None:
        return False
    if year is not None and year != text.year:
        return False
    if year is None and not units:
        return False  # nothing but the kind in common
    return not text.unit or not units or text.unit in units


def joins(parts: Sequence[PartFacts | None]) -> dict[int, list[int]]:
    """For each text file (by index) the table files (indices) read together with it; ``None``
    stands for a file that cannot be joined (no source). A table file whose unit is not named joins
    a text file only when exactly one text file fits it."""
    texts = [i for i, p in enumerate(parts) if p is not None and p.text]
    joined: dict[int, list[int]] = {i: [] for i in texts}
    for j, p in enumerate(parts):
        if p is None or j in joined or not p.table:
            continue
        fits = [i for i in texts if _same_disclosure(_facts(parts[i]), p)]
        named = [i for i in fits if _facts(parts[i]).unit and p.identity[2]]
        choice = named if len(named) == 1 else (fits if len(fits) == 1 else [])
        if choice:
            joined[choice[0]].append(j)
    return joined


def _facts(p: PartFacts | None) -> PartFacts:
    assert p is not None
    return p


def file_name(path: str) -> str:
    from pathlib import Path

    return Path(path).name or path


def read_together(sources: Sequence[Source], tables_standard: Sequence[bool]) -> tuple[Disclosure, Source, list[str]]:
    """The explanation's source and its table files' read as one disclosure: (disclosure, the
    combined source, the files' names). ``tables_standard`` tells for each table file whether it
    holds standard tables (else performance tables only)."""
    from budgetlens.recognize import recognize

    combined = Source(
        path=sources[0].path,
        format="+".join(dict.fromkeys(s.format for s in sources)),
        blocks=[b for s in sources for b in s.blocks],
        layouts=list(dict.fromkeys(x for s in sources for x in s.layouts)),
        warnings=[w for s in sources for w in s.warnings],
        pages=None,
    )
    d = recognize(combined)
    names = [file_name(s.path) for s in sources]
    roles = ["check.part.explanation"] + ["check.part.tables" if std else "check.part.performance"
                                          for std in tables_standard]
    d.warnings.insert(0, Message("check.read_together", count=len(names),
                                 files=[msg("check.part", file=n, role=msg(r)) for n, r in zip(names, roles, strict=True)]))
    return d, combined, names


def merge_parts(
    disclosures: Sequence[Disclosure], sources: Sequence[Source | None],
) -> list[tuple[Disclosure, Source | None, list[str]]]:
    """Group the files that are parts of one disclosure: (disclosure, source, part files), where
    the part files are empty for a disclosure read from one file."""
    items = list(zip(disclosures, sources, strict=True))
    facts = [PartFacts.of(d) if s is not None else None for d, s in items]
    joined = joins(facts)
    used = {j for js in joined.values() for j in js}
    out: list[tuple[Disclosure, Source | None, list[str]]] = []
    for i, (d, s) in enumerate(items):
        if i in used:
            continue
        if not joined.get(i):
            out.append((d, s, []))
            continue
        srcs = [items[k][1] for k in [i, *joined[i]]]
        out.append(read_together([s for s in srcs if s is not None], [_facts(facts[j]).standard for j in joined[i]]))
    return out
