"""The rule list comes from the rules' data (check/rule_catalogue.py) instead of importing every rule
module: that data is the registered rules', and the list is the one the registered rules give."""

from __future__ import annotations

import pytest

from budgetlens.check import registry
from budgetlens.check.registry import (
    Rule,
    all_rules,
    catalogue_source,
    render_rule_list,
    rule_catalogue,
    select_rules,
)
from budgetlens.i18n import use_lang


def _reference_listing(fmt: str, select: list[str] | None) -> str:
    """The list as the registered rules themselves give it."""
    return render_rule_list(select_rules(select) if select else all_rules(), fmt)


def test_the_catalogue_file_is_current() -> None:
    from budgetlens.check import rule_catalogue as module

    assert module.__file__ is not None
    with open(module.__file__, encoding="utf-8") as f:
        assert f.read() == catalogue_source(), "check/rule_catalogue.py is stale: run python scripts/gen_rule_catalogue.py"


def test_the_catalogue_holds_every_registered_rule_with_the_same_data() -> None:
    registered = all_rules()
    listed = rule_catalogue()
    assert listed == registered  # every field but the function
    assert [r.code for r in listed] == [r.code for r in registered]
    assert all(r.func is None for r in listed) and all(r.func is not None for r in registered)


def test_a_changed_rule_makes_the_catalogue_stale() -> None:  # the staleness test above can fail
    registered = all_rules()
    changed = [Rule(**{**{f: getattr(r, f) for f in r.__slots__}, "title": r.title + "!"}) if i == 3 else r
               for i, r in enumerate(registered)]
    assert catalogue_source(changed) != catalogue_source(registered)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("select", [None, ["BL5"], ["narrative,BL101"], ["sangong", "wording"], ["kind-year-known"]])
def test_the_list_equals_the_one_of_the_registered_rules(lang: str, fmt: str, select: list[str] | None) -> None:
    with use_lang(lang):
        assert registry.list_rules(fmt, select) == _reference_listing(fmt, select)


def test_an_unknown_selection_is_refused_as_before() -> None:
    with pytest.raises(ValueError) as listed:
        registry.list_rules("text", ["BL9", "nonsense"])
    with pytest.raises(ValueError) as reference:
        select_rules(["BL9", "nonsense"])
    assert str(listed.value) == str(reference.value)
