"""BL206 and BL403 on their regression documents (tests/data/regression_tables/au_*), in both text
layouts: each document reproduces the defect once, beside a passing instance of the same pattern."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.check import check_documents
from budgetlens.check.api import load

DATA = Path(__file__).resolve().parent.parent / "data" / "regression_tables"

CASES: dict[str, tuple[str, int, str | None]] = {
    # the projects under 2130209 add up to 29.00, its row prints 30.00; those under 2130234 agree
    "au_B07_projects_under_code": ("BL206", 7, "森林生态效益补偿"),
    # 本年支出合计527.40 listed as 基本支出412.60 + 项目支出96.30; the table's 上缴上级支出18.50 left out
    "au_parts_text_leaves_out_remit": ("BL403", 4, None),
}


@pytest.mark.parametrize("layout", ["tabs", "spaces"])
@pytest.mark.parametrize("variant", sorted(CASES))
def test_regression_document_findings(variant: str, layout: str) -> None:
    code, line, row = CASES[variant]
    doc, source = load(str(DATA / f"{variant}.{layout}.txt"))
    report = check_documents([doc], select=[code], sources=[source])
    found = [f for f in report.findings if f.rule == code]
    assert [f.location.line for f in found] == [line], [f.message for f in found]
    if row is not None:
        assert found[0].location.row == row


def test_project_sum_names_the_figures() -> None:
    doc, source = load(str(DATA / "au_B07_projects_under_code.tabs.txt"))
    f = next(x for x in check_documents([doc], select=["BL206"], sources=[source]).findings if x.rule == "BL206")
    assert f.message_id == "BL206.project_sum"
    assert f.params["code"] == "2130209" and f.params["count"] == 2
    assert str(f.expected) in ("29.00", "29.0") and str(f.actual) in ("30.00", "30.0")
