"""docs/rules.md is generated from the registry and must be current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_rules_doc", ROOT / "scripts" / "gen_rules_doc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_doc_is_current() -> None:
    gen = _generator()
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == gen.render(), (
        "docs/rules.md is stale: run python scripts/gen_rules_doc.py")


def test_every_rule_is_documented() -> None:
    from budgetlens.check import all_rules

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for r in all_rules():
        assert f"### {r.code} " in text
        assert r.basis, r.code
