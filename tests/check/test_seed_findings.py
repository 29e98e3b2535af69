"""The seeds: real defects must be found, statements that hold must not be flagged."""

from __future__ import annotations

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


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_findings(name: str, reports: dict[str, Any]) -> None:
    report = reports[name]
    found = [(f.rule, f.location.line) for f in report.findings]
    assert not [f for f in report.findings if f.rule == "BL000"], [f.message for f in report.findings if f.rule == "BL000"]
    for item in EXPECTED[name]["flag"]:
        hit = [x for x in found if x[0] == item["rule"] and ("line" not in item or x[1] == item["line"])]
        assert hit, f"{name}: expected {item} among {sorted(set(found), key=str)}"
    for item in EXPECTED[name]["no_flag"]:
        hit = [x for x in found if x[0] == item["rule"] and ("line" not in item or x[1] == item["line"])]
        assert not hit, f"{name}: {item['rule']} must not fire: {[f.message for f in report.findings if f.rule == item['rule']]}"
