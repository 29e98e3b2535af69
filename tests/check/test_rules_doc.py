"""docs/rules.md is generated from the registry and must be current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_rules_doc", ROOT / "scripts" / "gen_rules_doc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("lang", "name"), [("zh", "rules.md"), ("en", "rules.en.md")])
def test_rules_doc_is_current(lang: str, name: str) -> None:
    gen = _generator()
    assert (ROOT / "docs" / name).read_text(encoding="utf-8") == gen.render(lang), (
        f"docs/{name} is stale: run python scripts/gen_rules_doc.py")


@pytest.mark.parametrize("name", ["rules.md", "rules.en.md"])
def test_every_rule_is_documented(name: str) -> None:
    from budgetlens.check import all_rules

    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    for r in all_rules():
        assert f"### {r.code} " in text
        assert r.basis, r.code


def test_every_rule_has_a_chinese_title_and_basis() -> None:
    from budgetlens.check import all_rules
    from budgetlens.i18n import has, t

    missing = [f"{r.code}.{part}" for r in all_rules() for part in ("title", "basis") if not has(f"{r.code}.{part}")]
    assert not missing, f"no catalogue entry for {missing}"
    for r in all_rules():
        assert r.title_text("zh") == t(f"{r.code}.title", "zh")
        assert r.title_text("en") == t(f"{r.code}.title", "en")


def test_catalogue_descriptions_copy_the_docstring_in_english() -> None:
    """A rule's English description is its docstring; a ``<code>.description`` entry leaves its
    English empty or keeps a copy of the docstring beside the Chinese, which must not drift."""
    from budgetlens.check import all_rules
    from budgetlens.i18n import has, t

    stale = [r.code for r in all_rules()
             if has(f"{r.code}.description") and t(f"{r.code}.description", "en") not in ("", r.doc)]
    assert not stale, f"update the English of <code>.description to the docstring: {stale}"


def test_every_rule_is_described_in_chinese() -> None:
    """docs/rules.md explains each rule in Chinese (an identity shows its formula instead)."""
    from budgetlens.check import all_rules
    from budgetlens.check.identities import IDENTITIES
    from budgetlens.i18n import has, t

    identities = {i.code for i in IDENTITIES}
    missing = [r.code for r in all_rules() if r.code not in identities
               and not (has(f"{r.code}.description") and t(f"{r.code}.description", "zh").strip())]
    assert not missing, f"no Chinese <code>.description for {missing}"
