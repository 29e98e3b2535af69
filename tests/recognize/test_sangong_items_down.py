"""A 三公 table printed down (the items as rows — numbered 1. / （1） — and 预算数 / 决算数 as
columns) gives each item's facts, so the item-by-item rules (BL601 …) judge it as they judge a
table printed across."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.check import check_documents
from budgetlens.read import read_source
from budgetlens.read.text import parse_text
from budgetlens.recognize import recognize

CASE = Path(__file__).resolve().parents[1] / "data" / "regression_tables" / "fa_F09_items_as_rows"


@pytest.mark.parametrize("layout", ["tabs", "spaces"])
def test_each_item_row_is_a_fact(layout: str) -> None:
    facts = recognize(read_source(CASE.with_name(f"{CASE.name}.{layout}.txt"))).facts
    assert facts["sangong.reception"] == Decimal("2.20")
    assert facts["sangong.budget.reception"] == Decimal("3.00")
    assert facts["sangong.vehicle_operation"] == Decimal("8.30")
    assert facts["sangong.budget.vehicle"] == Decimal("9.00")
    assert facts["sangong.vehicle_purchase"] == Decimal("0.00")


def test_an_item_over_its_budget_is_found() -> None:
    text = CASE.with_name(f"{CASE.name}.tabs.txt").read_text(encoding="utf-8")
    over = text.replace("合计\t12.00\t10.50", "合计\t12.00\t11.80").replace("3.公务接待费\t3.00\t2.20", "3.公务接待费\t3.00\t3.50")
    assert over != text
    doc = recognize(parse_text(over, "over.txt"))
    assert doc.facts["sangong.reception"] == Decimal("3.50")
    report = check_documents([doc], select=["BL601"])
    assert [(f.rule, f.actual, f.expected) for f in report.findings] == [("BL601", Decimal("3.50"), Decimal("3.00"))]
    assert not check_documents([recognize(parse_text(text, "ok.txt"))], select=["BL601"]).findings
