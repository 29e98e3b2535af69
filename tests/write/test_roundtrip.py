"""Round trip of the writer: parse -> render -> parse gives the same model.

For each seed and the Shanghai sample (from ../shared/samples, skipped when absent), the disclosure parsed from the original is rendered in every
format and parsed again; kind, year, unit name, facts, every standard table cell by cell (code,
name, values), the project list and every performance table (name, funding, indicators with
weights, targets, actuals and scores, totals) must be equal. ``python tests/write/test_roundtrip.py``
prints the matrix of matched / total items per document x format x section.
"""

from __future__ import annotations

import functools
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from budgetlens.model import Disclosure
from budgetlens.read import read_source
from budgetlens.recognize import recognize
from budgetlens.write import SUFFIX, find_soffice, render

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, when run as a script

from conftest import SHANGHAI_SAMPLE, shared_dir, shared_sample

DATA = Path(__file__).resolve().parents[1] / "data"
DOCS = {p.stem[:3]: p for p in sorted((DATA / "seeds").glob("*.txt"))}
DOCS["shanghai"] = shared_dir() / "samples" / SHANGHAI_SAMPLE
FORMATS = ["cells", "tabs", "html", "docx", "xlsx"]
PDF_DOCS = ["001", "004", "shanghai"]  # the PDF round trip runs LibreOffice: a few documents

Items = dict[tuple[Any, ...], Any]


def header_items(doc: Disclosure) -> Items:
    return {("kind",): doc.kind, ("year",): doc.year, ("unit",): doc.unit.name}


def fact_items(doc: Disclosure) -> Items:
    return {(k,): v for k, v in doc.facts.items()}


def table_items(doc: Disclosure) -> Items:
    out: Items = {}
    for t in doc.tables:
        tid = t.id or t.title
        out[(tid, "rows")] = len(t.rows)
        out[(tid, "empty")] = t.empty
        for i, row in enumerate(t.rows):
            out[(tid, i, "name")] = row.name
            out[(tid, i, "code")] = row.code
            out[(tid, i, "side")] = row.side
            out[(tid, i, "project")] = row.project
            for col, value in row.values.items():
                out[(tid, i, col)] = value
    return out


def project_list_items(doc: Disclosure) -> Items:
    return {(i, "item"): (p.name, p.amount, p.code) for i, p in enumerate(doc.project_list)}


def performance_items(doc: Disclosure) -> Items:
    out: Items = {}
    for ti, p in enumerate(doc.performance):
        out[(ti, "table")] = (p.table_kind, p.level, p.name)
        out[(ti, "head")] = (p.department, p.implementer, p.contact, p.phone)
        out[(ti, "amounts")] = (p.amount, p.amount_fiscal, p.amount_other)
        out[(ti, "total")] = (p.stated_total, p.total_weight)
        out[(ti, "goal")] = (p.goal or "", p.outcome or "")
        for fi, f in enumerate(p.funding):
            out[(ti, "funding", fi)] = (f.label.replace(" ", ""), f.initial_budget, f.annual_budget, f.executed,
                                         f.weight, f.execution_rate, f.score)
        out[(ti, "indicators")] = len(p.indicators)
        for ii, ind in enumerate(p.indicators):
            out[(ti, ii, "levels")] = (ind.level1, ind.level2, ind.name)
            out[(ti, ii, "weight")] = ind.weight
            out[(ti, ii, "target")] = ind.target.text if ind.target else None
            out[(ti, ii, "actual")] = ind.actual.text if ind.actual else None
            out[(ti, ii, "score")] = (ind.completion_rate, ind.stated_score)
            out[(ti, ii, "texts")] = (ind.basis, ind.prior_year, ind.rule, ind.evidence, ind.deviation)
    return out


SECTIONS: dict[str, Callable[[Disclosure], Items]] = {
    "header": header_items,
    "facts": fact_items,
    "tables": table_items,
    "project_list": project_list_items,
    "performance": performance_items,
}


@functools.cache
def original(name: str) -> Disclosure:
    path = DOCS[name] if name != "shanghai" else shared_sample(SHANGHAI_SAMPLE)  # skips when absent
    return recognize(read_source(path))


@functools.cache
def rendered(name: str, fmt: str) -> Disclosure:
    data = render(original(name), fmt)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}{SUFFIX[fmt]}"
        path.write_bytes(data)
        return recognize(read_source(path))


def differences(a: Items, b: Items) -> list[str]:
    out = []
    for key in sorted(set(a) | set(b), key=repr):
        if a.get(key, "<missing>") != b.get(key, "<missing>"):
            out.append(f"{key}: {a.get(key, '<missing>')!r} != {b.get(key, '<missing>')!r}")
    return out


def matched(a: Items, b: Items) -> tuple[int, int]:
    keys = set(a) | set(b)
    return sum(1 for k in keys if a.get(k, "<missing>") == b.get(k, "<missing>")), len(keys)


CASES = [(n, f) for n in DOCS for f in FORMATS] + [(n, "pdf") for n in PDF_DOCS]


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}-{f}" for n, f in CASES])
@pytest.mark.parametrize("section", list(SECTIONS))
def test_roundtrip(name: str, fmt: str, section: str) -> None:
    if fmt == "pdf" and find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    items = SECTIONS[section]
    diff = differences(items(original(name)), items(rendered(name, fmt)))
    assert not diff, f"{len(diff)} differences, first: " + "; ".join(diff[:8])


def test_sections_are_not_empty() -> None:
    """The comparison has something to compare: every document has facts, and tables or
    performance tables."""
    for name in DOCS:
        if not DOCS[name].is_file():
            continue  # a shared sample that is absent: its own round-trip cases are skipped
        doc = original(name)
        assert doc.facts and (doc.tables or doc.performance), name


def main(argv: list[str]) -> None:
    names = argv or [n for n in DOCS if DOCS[n].is_file()]
    formats = FORMATS + (["pdf"] if find_soffice() else [])
    print(f"{'doc':10} {'format':6} " + " ".join(f"{s:>14}" for s in SECTIONS))
    for name in names:
        for fmt in formats:
            if fmt == "pdf" and name not in PDF_DOCS and not argv:
                continue
            cells = []
            for items in SECTIONS.values():
                m, t = matched(items(original(name)), items(rendered(name, fmt)))
                cells.append(f"{m}/{t}")
            print(f"{name:10} {fmt:6} " + " ".join(f"{c:>14}" for c in cells), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
