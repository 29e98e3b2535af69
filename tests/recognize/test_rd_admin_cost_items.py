"""会议费 and 培训费 listed as items of the 机关运行经费 are parts of the admin cost, never a second
reading of the department's 会议费 and 培训费 totals (which a check compares with the tables)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetlens.read import read_source
from budgetlens.recognize import recognize

DOC = Path(__file__).resolve().parents[1] / "data" / "regression" / "rd_budget_admin_cost_items_meeting_training.txt"


def test_admin_cost_items_are_no_meeting_or_training_totals() -> None:
    doc = recognize(read_source(DOC))
    found = sorted((o.key, o.value) for o in doc.fact_occurrences if o.key in ("meeting.total", "training.total"))
    assert found == [("meeting.total", Decimal("12.40")), ("training.total", Decimal("20.60"))]
    assert doc.facts["admin_cost.total"] == Decimal("86.30")
