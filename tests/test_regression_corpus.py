"""Phrasing patterns of disclosures from other regions and years (tests/data/regression).

Each ``<pattern>.txt`` is a short document written for this suite (own unit names, own and
internally consistent figures) that reproduces one way real disclosures phrase a figure; the
``<pattern>.yaml`` beside it holds what a reader takes from it: kind, year, unit and staff, the
canonical facts (``null``: must not be set) and, where the phrasing carries more than a figure,
statements (subject, scope, amount, share, budget/actual, change). Every expected value must match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetlens.model import Disclosure, Statement
from budgetlens.read import read_source
from budgetlens.recognize import recognize
from expectations import compare, same

CORPUS = Path(__file__).parent / "data" / "regression"
PATTERNS = sorted(p.stem for p in CORPUS.glob("*.txt"))


@cache
def _parsed(name: str) -> Disclosure:
    return recognize(read_source(CORPUS / f"{name}.txt"))


def _expected(name: str) -> dict[str, Any]:
    with (CORPUS / f"{name}.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def _walk(statements: list[Statement]) -> Iterator[Statement]:
    for st in statements:
        yield st
        yield from _walk(st.parts)


def _norm_subject(text: str) -> str:
    t = re.sub(r"[“”\"'‘’\s]", "", text)
    return t.replace("(", "（").replace(")", "）")


def compact_title(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


def _statement_matches(expected: dict[str, Any], st: Statement) -> bool:
    for key, value in expected.items():
        if key == "subject":
            if _norm_subject(str(value)) not in _norm_subject(st.subject):
                return False
        elif key == "change":
            if st.change is None:
                return False
            for ck, cv in value.items():
                if not same(cv, getattr(st.change, ck)):
                    return False
        elif not same(value, getattr(st, key)):
            return False
    return True


def _describe(st: Statement) -> str:
    change = st.change
    ch = f" change={change.direction}/{change.amount}/{change.rate}/{change.base}" if change else ""
    return f"[{st.scope}] {st.subject}: amount={st.amount} share={st.share} budget={st.budget} actual={st.actual} count={st.count}{ch}"


def test_corpus_is_complete() -> None:
    assert len(PATTERNS) >= 25
    for name in PATTERNS:
        assert (CORPUS / f"{name}.yaml").is_file(), f"{name}.txt has no expected YAML"
    assert sorted(p.stem for p in CORPUS.glob("*.yaml")) == PATTERNS


@pytest.mark.parametrize("name", PATTERNS)
def test_pattern(name: str) -> None:
    exp = _expected(name)
    doc = _parsed(name)
    problems: list[str] = []
    for section, tally in compare(exp, doc).items():
        problems.extend(f"{section}: {m}" for m in tally.mismatches)
    if "title" in exp and compact_title(exp["title"]) != compact_title(doc.title):
        problems.append(f"title: expected {exp['title']!r}, got {doc.title!r}")
    statements = list(_walk(doc.statements))
    for want in exp.get("statements") or []:
        if not any(_statement_matches(want, st) for st in statements):
            problems.append(f"no statement {want}")
    if problems:
        got = "\n".join(_describe(st) for st in statements)
        facts = {k: str(v) for k, v in doc.facts.items()}
        pytest.fail("\n".join(problems) + f"\n-- facts: {facts}\n-- statements:\n{got}")


def test_matching_can_fail() -> None:
    """A statement that differs in one field is not taken for the expected one."""
    doc = _parsed("final_totals_separate_with_yoy")
    statements = list(_walk(doc.statements))
    wrong = {"subject": "收入总计", "amount": str(Decimal("860.43"))}
    assert not any(_statement_matches(wrong, st) for st in statements)
