"""The narrative (BL501–BL510) and performance (BL701–BL720) rules speak both languages: every
failing case renders in Chinese and in English from catalogue entries, with every placeholder filled
(also those of nested messages: a table's name, a profile's formula), and the Chinese carries no
English word but the scoring profiles' names and a formula's min/max."""

from __future__ import annotations

import re
from typing import Any

import pytest

from budgetlens.check import all_rules
from budgetlens.i18n import has, use_lang
from check.test_rule_cases import ALL, _run

MODULES = ("budgetlens.check.rules.narrative", "budgetlens.check.rules.narrative_comparisons",
           "budgetlens.check.rules.performance",
           "budgetlens.check.rules.performance_scores")
CODES = {r.code for r in all_rules() if getattr(r.func, "__module__", "") in MODULES}
FAILING = [(c, n, case) for c, n, case in ALL if c in CODES and case.get("expect")]
# words a Chinese message may carry: the profiles' names (proper names) and a formula's functions
ALLOWED = {"national", "xinjiang", "deviation", "min", "max"}


def test_the_modules_have_rules() -> None:
    assert {"BL501", "BL510", "BL701", "BL713", "BL720"} <= CODES


@pytest.mark.parametrize("code", sorted(CODES))
def test_title_and_basis_in_both_languages(code: str) -> None:
    assert has(f"{code}.title") and has(f"{code}.basis"), code
    rule = next(r for r in all_rules() if r.code == code)
    with use_lang("zh"):
        zh_title = rule.title_text()
    with use_lang("en"):
        en_title = rule.title_text()
    assert zh_title != en_title and not re.search(r"[A-Za-z]{3,}", zh_title), zh_title


@pytest.mark.parametrize(("code", "name", "case"), FAILING, ids=[f"{c}:{n}" for c, n, _ in FAILING])
def test_failing_case_renders_in_both_languages(code: str, name: str, case: dict[str, Any]) -> None:
    found = [f for f in _run(code, case).findings if f.rule == code]
    assert found, f"{code} {name}: no finding"
    for f in found:
        assert f.message_id.startswith(code + ".") and has(f.message_id), f.message_id
        zh, en = f.text("zh"), f.text("en")
        for text in (zh, en):
            assert not re.search(r"\{[A-Za-z_|]+\}", text), f"unfilled placeholder in {text!r}"
            assert "score." not in text and "performance." not in text, f"a nested id left unrendered: {text!r}"
        words = set(re.findall(r"[A-Za-z]{2,}", zh)) - ALLOWED
        assert not words, f"English in the Chinese message {zh!r}: {sorted(words)}"
        assert zh != en


def test_a_recomputed_score_shows_its_formula_in_the_readers_language() -> None:
    """BL713 keeps the profile's formula as a message: the computation is the same, its words follow
    the language the finding is read in, and the JSON params are the same in both."""
    case = next(case for c, n, case in ALL if c == "BL713" and n == "national, every score as recomputed")
    f = next(f for f in _run("BL713", case).findings if f.message_id == "BL713.indicator_score")
    zh, en = f.text("zh"), f.text("en")
    assert "按评分方案“全国通行做法（财预〔2020〕10号）”（national）" in zh and "重算应为40.00分" in zh
    assert "95% ÷ 90% = 105.56%；105.56% ≥ 100% → 得满分40" in zh
    assert "under profile national (proportional) 95% ÷ 90% = 105.56%; 105.56% ≥ 100% → full marks 40" in en
    with use_lang("zh"):
        zh_params = f.params_dict()
    with use_lang("en"):
        assert f.params_dict() == zh_params
