"""Which figure a change, a prior figure or a "其中" list belongs to (tests/data/regression/nv_*).

A statement's parts and its change are only paired with it when the sentence says so; where the
reader cannot tell (a list after "；", a change after a list of figures, the prior year's parts), it
pairs nothing, and the narrative rules then have nothing to compare."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from budgetlens.check import check_documents
from budgetlens.model import Disclosure, Statement
from budgetlens.read import read_source
from budgetlens.recognize import recognize

CORPUS = Path(__file__).parents[1] / "data" / "regression"
NV = sorted(p.stem for p in CORPUS.glob("nv_*.txt"))
NARRATIVE = ["BL501", "BL502", "BL503", "BL504", "BL505", "BL506", "BL507", "BL508", "BL509", "BL510"]


@cache
def _doc(name: str) -> Disclosure:
    return recognize(read_source(CORPUS / f"{name}.txt"))


def _walk(statements: list[Statement]) -> Iterator[Statement]:
    for s in statements:
        yield s
        yield from _walk(s.parts)


def _one(doc: Disclosure, subject: str, amount: str) -> Statement:
    found = [s for s in _walk(doc.statements) if subject in s.subject and s.amount == Decimal(amount)]
    assert len(found) == 1, [(s.subject, s.amount) for s in _walk(doc.statements)]
    return found[0]


@pytest.mark.parametrize("name", NV)
def test_no_narrative_finding(name: str) -> None:
    """Every nv_ document is internally consistent: a finding means a figure was paired wrongly."""
    doc = _doc(name)
    report = check_documents([doc], select=NARRATIVE)
    assert [f.message for f in report.findings] == []


def test_prior_figure_is_the_base_of_the_change() -> None:
    doc = _doc("nv_change_with_prior_figure")
    income = _one(doc, "收入预算", "820.40")
    assert income.change is not None and income.change.prior == Decimal("700.40")
    assert not any(s.subject.startswith("比") for s in _walk(doc.statements))


def test_each_total_keeps_its_own_list() -> None:
    doc = _doc("nv_lists_per_total_in_one_sentence")
    top = [s.subject for s in doc.statements]
    assert "当年预算收入" in top and "当年预算支出" in top
    income = _one(doc, "当年预算收入", "1260.50")
    assert [p.subject for p in income.parts] == ["一般公共预算拨款", "其他收入"]
    # the change after the list may be the total's or the last part's: it is given to neither
    assert all(p.change is None for p in income.parts) and income.change is None


def test_list_after_semicolon_pairs_nothing() -> None:
    doc = _doc("nv_procurement_sub_scope_after_semicolon")
    assert _one(doc, "政府采购服务预算", "150.50").parts == []


def test_change_after_a_sentence_of_several_figures_is_anchored_to_none() -> None:
    doc = _doc("nv_change_after_listed_figures")
    assert _one(doc, "住房保障支出", "60.00").change is None


def test_prior_years_parts_are_not_parts() -> None:
    doc = _doc("nv_prior_year_parts_listed")
    assert _one(doc, "机关商品和服务支出", "420.00").parts == []


def test_unnamed_figure_is_not_read() -> None:
    doc = _doc("nv_unnamed_second_figure")
    whole = _one(doc, "对个人和家庭的补助", "530.00")
    assert [p.amount for p in whole.parts] == [Decimal("130.00"), Decimal("400.00")]
    assert not any(s.amount == Decimal("480.00") for s in _walk(doc.statements))


def test_parenthetical_qizhong_opens_no_list() -> None:
    doc = _doc("nv_note_in_parentheses_is_no_list")
    assert _one(doc, "当年一般公共预算拨款", "2450.00").parts == []


def test_misprinted_figure_is_not_read() -> None:
    doc = _doc("nv_misprinted_figure_not_read")
    amounts = {s.amount for s in _walk(doc.statements)}
    assert Decimal("30.00") not in amounts and Decimal("1520.30") not in amounts


def test_meeting_and_training_are_not_parts_of_sangong() -> None:
    doc = _doc("nv_meeting_training_beside_sangong")
    assert _one(doc, "三公", "0.50").parts == []


def test_each_projects_own_budget_is_no_summary_fact() -> None:
    doc = _doc("nv_performance_each_project_summary")
    assert "performance.project_annual_budget" not in doc.facts
    assert not [o for o in doc.fact_occurrences if o.key.startswith("performance.project_")]
