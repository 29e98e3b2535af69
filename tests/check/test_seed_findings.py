"""The seeds: every finding is listed and judged; statements that hold must not be flagged.

The expected list is complete: the test fails when a listed finding is no longer reported and when
an unlisted one appears (see the header of seed_findings.yaml)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetlens.check import check_documents
from budgetlens.check.api import load

HERE = Path(__file__).parent
SEEDS = HERE.parent / "data" / "seeds"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "seed_findings.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reports() -> dict[str, Any]:
    out = {}
    for name in EXPECTED:
        d, s = load(str(SEEDS / name))
        out[name] = check_documents([d], sources=[s])
    return out


def test_every_seed_is_listed() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_findings_are_exactly_the_listed_ones(name: str, reports: dict[str, Any]) -> None:
    report = reports[name]
    found = Counter((f.rule, f.location.line, f.severity.value) for f in report.findings)
    listed = Counter((i["rule"], i.get("line"), i["severity"]) for i in EXPECTED[name]["flag"])
    messages = {(f.rule, f.location.line, f.severity.value): f.message for f in report.findings}
    missing = listed - found
    unlisted = found - listed
    assert not missing, f"{name}: expected findings no longer reported: {sorted(missing, key=str)}"
    assert not unlisted, f"{name}: new findings, judge and list them or fix the false alarm: " + "; ".join(
        f"{k} {messages[k]}" for k in sorted(unlisted, key=str))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_statements_that_hold_are_not_flagged(name: str, reports: dict[str, Any]) -> None:
    report = reports[name]
    found = [(f.rule, f.location.line) for f in report.findings]
    for item in EXPECTED[name]["no_flag"]:
        hit = [x for x in found if x[0] == item["rule"] and ("line" not in item or x[1] == item["line"])]
        assert not hit, f"{name}: {item['rule']} must not fire: {[f.message for f in report.findings if f.rule == item['rule']]}"
