"""Format equivalence: the same disclosure as text, DOCX, XLSX, HTML and PDF parses to the same model.

tests/data/formats holds variants of the five seeds written by scripts/make_format_variants.py
(DOCX with python-docx, XLSX with openpyxl, HTML, and PDF converted from the DOCX by LibreOffice).
For every seed and format, ``recognize(read_source(variant))`` must give the text seed's facts, its
standard tables cell by cell, its performance tables (names, indicators, weights, scores), and
``check_documents`` the same findings, compared by what they say (rule, table, row, column,
expected, actual) and not where they point (locations differ by format by design).

``<seed>.tables.xlsx`` is the workbook of tables alone (one sheet per table, as departments publish
it beside the PDF): only its tables and performance tables are compared.

Gaps that remain are strict xfails naming their cause; ``python tests/read_formats/test_equivalence.py``
prints the match counts per seed x format.
"""

from __future__ import annotations

import functools
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from budgetlens.check import Report, check_documents
from budgetlens.model import Disclosure
from budgetlens.read import read_source
from budgetlens.recognize import recognize

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = {p.stem[:3]: p for p in sorted((DATA / "seeds").glob("*.txt"))}
FORMATS = DATA / "formats"
# ``.model.*``: written from the parsed model by ``budgetlens render`` (used for the seed whose
# tables are PDF-extracted text, which the line-by-line variant writer cannot turn into tables).
WHOLE = [".docx", ".xlsx", ".html", ".pdf", ".model.docx", ".model.xlsx", ".model.html", ".model.pdf"]
TABLES_ONLY = [".tables.xlsx"]
ASPECTS = ["facts", "tables", "performance", "findings"]

# ------------------------------------------------------------------ what is compared

Cells = dict[tuple[str, int, str], Any]
Perf = dict[tuple[str, int, str], Any]
Findings = Counter[tuple[Any, ...]]


@functools.cache
def _parse(path: Path) -> tuple[Disclosure, Report]:
    doc = recognize(read_source(path))
    return doc, check_documents([doc])


def facts_of(doc: Disclosure) -> dict[str, Decimal]:
    return dict(doc.facts)


def table_cells(doc: Disclosure) -> Cells:
    """Every standard table cell: (table, row index, field) -> value; fields are the row's name and
    code and each recognised column key."""
    out: Cells = {}
    seen: Counter[str] = Counter()
    for t in doc.tables:
        tid = t.id or t.title
        seen[tid] += 1
        key = tid if seen[tid] == 1 else f"{tid}#{seen[tid]}"
        out[(key, -1, "rows")] = len(t.rows)
        for i, row in enumerate(t.rows):
            out[(key, i, "name")] = row.name
            out[(key, i, "code")] = row.code
            for col, value in row.values.items():
                out[(key, i, col)] = value
    return out


def performance_items(doc: Disclosure) -> Perf:
    """Each performance table's kind, name and stated total, and per indicator its levels, name,
    weight and stated score: (table index, indicator index or -1, field) -> value."""
    out: Perf = {}
    for ti, p in enumerate(doc.performance):
        tkey = f"{ti}"
        out[(tkey, -1, "table")] = (p.table_kind, p.level, p.name)
        out[(tkey, -1, "stated_total")] = p.stated_total
        out[(tkey, -1, "indicators")] = len(p.indicators)
        for ii, ind in enumerate(p.indicators):
            out[(tkey, ii, "name")] = (ind.level1, ind.level2, ind.name)
            out[(tkey, ii, "weight")] = ind.weight
            out[(tkey, ii, "score")] = ind.stated_score
    return out


def finding_identities(report: Report) -> Findings:
    return Counter(
        (f.rule, f.location.table, f.location.row, f.location.column, _num(f.expected), _num(f.actual))
        for f in report.findings
    )


def _num(v: Any) -> Any:
    return v.normalize() if isinstance(v, Decimal) else v


def aspect(path: Path, name: str) -> Any:
    doc, report = _parse(path)
    if name == "facts":
        return facts_of(doc)
    if name == "tables":
        return table_cells(doc)
    if name == "performance":
        return performance_items(doc)
    return finding_identities(report)


def matches(base: Any, got: Any) -> tuple[int, int]:
    """(items of the text seed reproduced, items of the text seed) — plus extra items in the
    variant count against it as misses."""
    if isinstance(base, Counter):
        same = sum((base & got).values())
        return same, max(sum(base.values()), sum(got.values()))
    same = sum(1 for k, v in base.items() if k in got and got[k] == v)
    extra = sum(1 for k in got if k not in base)
    return same, len(base) + extra


def differences(base: Any, got: Any, limit: int = 8) -> str:
    if isinstance(base, Counter):
        lines = [f"  only in text:    {k}" for k in (base - got)] + [f"  only in variant: {k}" for k in (got - base)]
    else:
        lines = [f"  {k}: text {base.get(k)!r} / variant {got.get(k)!r}"
                 for k in sorted(set(base) | set(got), key=str) if base.get(k) != got.get(k)]
    more = f"\n  … {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


# ------------------------------------------------------------------ known gaps

# Seed 001 is PDF-extracted text (cells separated by spaces, empty cells gone). Only the text
# reader re-reads such lines under a table title as token rows; in DOCX/XLSX/HTML/PDF they stay
# lines of text, so its tables and performance tables are not found.
_SPACES_SEED = "the seed's tables are space-separated PDF text; only the text reader reads such lines as table rows"

GAPS: dict[tuple[str, str, str], str] = {}


def _gap(seeds: str, exts: list[str], aspects: list[str], reason: str) -> None:
    for s in seeds.split():
        for e in exts:
            for a in aspects:
                GAPS.setdefault((s, e, a), reason)


_gap("001", [".docx", ".xlsx", ".html", ".pdf"], ["tables", "performance", "facts", "findings"],
     _SPACES_SEED)


def _cases() -> list[Any]:
    out = []
    for seed, text in SEEDS.items():
        for ext in WHOLE + TABLES_ONLY:
            if not (FORMATS / (text.stem + ext)).exists():
                continue
            for name in ASPECTS if ext in WHOLE else ["tables", "performance"]:
                reason = GAPS.get((seed, ext, name))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                out.append(pytest.param(seed, ext, name, marks=marks, id=f"{seed}{ext}-{name}"))
    return out


@pytest.mark.parametrize(("seed", "ext", "name"), _cases())
def test_same_model_in_every_format(seed: str, ext: str, name: str) -> None:
    text = SEEDS[seed]
    variant = FORMATS / (text.stem + ext)
    if not variant.exists():
        pytest.skip(f"{variant.name} not generated (scripts/make_format_variants.py)")
    base, got = aspect(text, name), aspect(variant, name)
    assert base == got, f"{name} of {variant.name} differ from the text seed:\n{differences(base, got)}"


def test_comparison_can_fail() -> None:
    """The comparison sees a changed figure, a lost indicator and a moved finding."""
    base = {"income.total": Decimal("1.00")}
    assert matches(base, {"income.total": Decimal("1.01")}) == (0, 1)
    assert matches(base, {"income.total": Decimal("1.00"), "x": Decimal(1)}) == (1, 2)
    found: Findings = Counter({("BL101", "F01", "合计", None, 1, 2): 2})
    assert matches(found, Counter({("BL101", "F01", "合计", None, 1, 2): 1})) == (1, 2)


def matrix() -> str:
    head = f"{'seed':<5}{'format':<14}" + "".join(f"{a:>16}" for a in ASPECTS)
    lines = [head]
    for seed, text in SEEDS.items():
        for ext in WHOLE + TABLES_ONLY:
            variant = FORMATS / (text.stem + ext)
            if not variant.exists():
                continue
            row = f"{seed:<5}{ext:<14}"
            for name in ASPECTS:
                if ext in TABLES_ONLY and name in ("facts", "findings"):
                    row += f"{'—':>16}"
                    continue
                same, total = matches(aspect(text, name), aspect(variant, name))
                row += f"{f'{same}/{total}':>16}"
            lines.append(row)
    return "\n".join(lines)


if __name__ == "__main__":
    print(matrix())
