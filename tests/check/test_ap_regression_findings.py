"""The audit on the ap_ regression documents of tests/data/regression_performance, in both layouts:
each reproduces a defect class and names, in its yaml comment, the lines it must be found on."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.check import check_documents
from budgetlens.check.api import load

DATA = Path(__file__).resolve().parent.parent / "data" / "regression_performance"

CASES: dict[str, tuple[str, list[int] | None]] = {
    # ceilings met, 完成率 printed as actual ÷ ceiling (时效 150 of ≤180天 → 83%, 成本 32.4 of ≤36 → 90%)
    "ap_ceiling_met_rate_actual_over_ceiling": ("BL717", [16, 17]),
    # a cost ceiling met at 20 of ≤25万元, scored 16 of 20 = 20 × 20 ÷ 25
    "ap_ceiling_met_scored_actual_over_ceiling": ("BL717", [17]),
    # the text's 整体支出绩效自评得分 98.50 against the unit table's 总分 99.50
    "ap_unit_score_text_differs": ("BL718", [3]),
    # a 绩效目标表's goal text: 总投资24万元，其中：财政资金24 + 其他资金24 (reported at the table's
    # first line, which the two layouts place differently: only the count is compared)
    "ap_target_goal_amounts_exceed_total": ("BL719", None),
    # table 7's 森林防火巡护经费 26.00 above its 绩效目标表's (2025年森林防火巡护项目) 年度资金总额 20.00
    "ap_budget_project_list_exceeds_target": ("BL720", [5]),
}

# layouts whose reading of a table the rule needs is still short: must still fail (strict)
KNOWN_LIMITS = {
    ("ap_budget_project_list_exceeds_target", "spaces"):
        "table 7 in PDF text with an empty 政府性基金预算 cell is not read as a project list",
}


def _params() -> list[object]:
    out: list[object] = []
    for variant in sorted(CASES):
        for layout in ("tabs", "spaces"):
            reason = KNOWN_LIMITS.get((variant, layout))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(variant, layout, marks=marks, id=f"{variant}-{layout}"))
    return out


@pytest.mark.parametrize(("variant", "layout"), _params())
def test_regression_document_findings(variant: str, layout: str) -> None:
    code, lines = CASES[variant]
    doc, source = load(str(DATA / f"{variant}.{layout}.txt"))
    report = check_documents([doc], select=[code], sources=[source])
    if lines is None:
        assert len(report.findings) == 1, [f.message for f in report.findings]
    else:
        assert sorted(f.location.line for f in report.findings if f.location) == lines
