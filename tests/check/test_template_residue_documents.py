"""The wording rules on whole documents (tests/data/regression/aw_*.txt): read, recognised and
checked like a published file; the findings of the template-residue rules must be exactly those the
``findings`` list of the YAML beside each names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetlens.check import check_documents
from budgetlens.check.api import load

CORPUS = Path(__file__).parent.parent / "data" / "regression"
RULES = {"BL956", "BL958", "BL959", "BL961", "BL962", "BL963", "BL964", "BL965"}
NAMES = sorted(p.stem for p in CORPUS.glob("aw_*.txt"))


def test_there_are_documents() -> None:
    assert len(NAMES) >= 2


@pytest.mark.parametrize("name", NAMES)
def test_document(name: str) -> None:
    expected: list[dict[str, Any]] = yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))["findings"]
    d, s = load(str(CORPUS / f"{name}.txt"))
    report = check_documents([d], sources=[s])
    found = [f for f in report.findings if f.rule in RULES]
    left = list(found)
    for e in expected:
        hit = next((f for f in left if all(str(getattr(f, k) if k != "rule" else f.rule) == str(v)
                                           for k, v in e.items())), None)
        assert hit is not None, f"{name}: no finding {e}; got {[(f.rule, f.actual, f.message) for f in found]}"
        left.remove(hit)
    assert not left, f"{name}: unexpected {[(f.rule, f.actual, f.message) for f in left]}"
