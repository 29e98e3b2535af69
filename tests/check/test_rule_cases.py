"""Runs tests/check/cases/<CODE>.yaml: for each case, the findings of that rule must be exactly the
expected ones (count, and per finding the listed fields)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetlens.check import all_rules, check_documents
from check.builder import disclosure

CASES = Path(__file__).parent / "cases"


def _load() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for f in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append((data["rule"], case["name"], case))
    return out


ALL = _load()


def _run(code: str, case: dict[str, Any]):
    docs = case["docs"] if "docs" in case else [case["doc"]]
    built = [disclosure(d, path=d.get("path", f"doc{i}.txt")) for i, d in enumerate(docs)]
    report = check_documents([b[0] for b in built], select=[code], sources=[b[1] for b in built],
                             profile=case.get("profile"))
    return report


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except Exception:
            return False
    return a == b


@pytest.mark.parametrize(("code", "name", "case"), ALL, ids=[f"{c}:{n}" for c, n, _ in ALL])
def test_case(code: str, name: str, case: dict[str, Any]) -> None:
    report = _run(code, case)
    internal = [f for f in report.findings if f.rule == "BL000"]
    assert not internal, internal[0].message
    found = [f for f in report.findings if f.rule == code]
    if "profile_used" in case:
        assert report.profile == case["profile_used"], f"{code} {name}: profile {report.profile}"
    expect = case.get("expect") or []
    assert len(found) == len(expect), f"{code} {name}: expected {len(expect)} findings, got {[f.message for f in found]}"
    unmatched = list(found)
    for e in expect:
        hit = next((f for f in unmatched if not _mismatch(f, e or {})), None)
        assert hit is not None, f"{code} {name}: no finding matches {e}: " + "; ".join(
            f"{f.message} -> {_mismatch(f, e or {})}" for f in unmatched)
        unmatched.remove(hit)


def _mismatch(f: Any, e: dict[str, Any]) -> str | None:
    """Why finding ``f`` does not meet expectation ``e`` (None when it does)."""
    for field, want in e.items():
        if field == "message_contains":  # in either language
            if want not in f.text("en") and want not in f.text("zh"):
                return f"message lacks {want!r}"
        elif field == "message_id":
            if f.message_id != want:
                return f"message_id {f.message_id} != {want}"
        elif field in ("expected", "actual"):
            if not _same(getattr(f, field), want):
                return f"{field} {getattr(f, field)} != {want}"
        elif field == "severity":
            if f.severity.value != want:
                return f"severity {f.severity.value} != {want}"
        elif field in ("line", "table", "row", "column"):
            if getattr(f.location, field) != want:
                return f"{field} {getattr(f.location, field)} != {want}"
        else:
            raise AssertionError(f"unknown expectation field {field}")
    return None


def test_every_rule_has_passing_and_failing_cases() -> None:
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for code, _, case in ALL:
        by_rule.setdefault(code, []).append(case)
    missing = []
    for r in all_rules():
        cases = by_rule.get(r.code, [])
        if not any(c.get("expect") for c in cases) or not any(not c.get("expect") for c in cases):
            missing.append(r.code)
    assert not missing, f"rules without both a passing and a failing case: {missing}"
