"""A 三公 table printed across (the items as columns) in groups of years, whose 合计 adds 会议费 and
培训费: the 三公 facts are the report year's 三公 小计 and items."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.read import read_source
from budgetlens.recognize import recognize
from budgetlens.recognize.table_columns import _match_columns
from budgetlens.recognize.table_specs import BY_ID

DATA = Path(__file__).resolve().parents[1] / "data" / "regression_tables"


@pytest.mark.parametrize("layout", ["tabs", "spaces"])
def test_sangong_facts_come_from_this_years_subtotal(layout: str) -> None:
    doc = recognize(read_source(DATA / f"rd_B10_year_groups_sangong_subtotal.{layout}.txt"))
    facts = doc.facts
    assert facts["sangong.total"] == Decimal("6.10")  # not the 合计 12.70, not last year's 10.00
    assert facts["sangong.reception"] == Decimal("1.60")
    assert facts["sangong.vehicle"] == Decimal("4.50")
    assert facts["meeting.total"] == Decimal("2.00")
    assert facts["training.total"] == Decimal("4.60")


def test_a_change_group_beside_years_takes_no_key() -> None:
    paths = [("合计", "2025年合计"), ("合计", "增减变化情况合计"), ("会议费", "增减变化情况会议费")]
    assert _match_columns(paths, BY_ID["B10"].read_columns) == ["total", None, None]


def test_a_change_column_without_year_groups_is_left_as_before() -> None:
    # no year printed anywhere: nothing tells which group is the report's
    paths = [("合计", "合计"), ("会议费", "会议费")]
    assert _match_columns(paths, BY_ID["B10"].read_columns) == ["total", "meeting"]


@pytest.mark.parametrize("layout", ["tabs", "spaces"])
def test_transposed_final_sangong_table_gives_both_phases(layout: str) -> None:
    doc = recognize(read_source(DATA / f"rd_F09_transposed_phase_rows.{layout}.txt"))
    facts = doc.facts
    assert facts["sangong.total"] == Decimal("23.15")
    assert facts["sangong.vehicle"] == Decimal("21.30")
    assert facts["sangong.budget.total"] == Decimal("24.60")
    assert facts["sangong.budget.vehicle"] == Decimal("22.00")
    assert "sangong.overseas" not in facts  # the empty cell is read as empty, not as the next figure


def test_an_across_row_that_does_not_add_up_gives_no_facts() -> None:
    # a header read wrongly (its words stacked one character a line) put the 三公 小计 under the
    # vehicle column: the row's items do not add up, and nothing is read from it
    from budgetlens.model import Location, TableRow
    from budgetlens.recognize.facts import _adds_up_across

    def row(**values: str) -> TableRow:
        return TableRow(name="合计", values={k: Decimal(v) for k, v in values.items()}, location=Location())

    assert _adds_up_across(row(sangong="6.10", overseas="0", vehicle="4.50", reception="1.60",
                               vehicle_purchase="0", vehicle_operation="4.50"))
    assert not _adds_up_across(row(overseas="0", vehicle="16.84", reception="1.84"))
    assert not _adds_up_across(row(sangong="6.10", overseas="0", vehicle="6.10", reception="1.60"))
    assert not _adds_up_across(row(sangong="6.10", overseas="0", vehicle="4.50", reception="1.60",
                                   vehicle_purchase="1.00", vehicle_operation="4.50"))


def test_a_change_row_under_the_phase_rows_is_a_figure_of_neither(tmp_path: Path) -> None:
    text = (DATA / "rd_F09_transposed_phase_rows.tabs.txt").read_text(encoding="utf-8")
    text = text.rstrip("\n") + "\n决算数比预算数增减\t-1.45\t\t-0.70\t0.00\t-0.70\t-0.75\t-0.15\t-0.28\n"
    path = tmp_path / "f09.tabs.txt"
    path.write_text(text, encoding="utf-8")
    doc = recognize(read_source(path))
    (table,) = doc.tables
    change = table.rows[-1]
    assert change.name == "决算数比预算数增减"
    assert all(v is None for v in change.values.values())
    assert doc.facts["sangong.total"] == Decimal("23.15")
    assert doc.facts["sangong.budget.total"] == Decimal("24.60")


@pytest.mark.parametrize("layout", ["tabs", "spaces"])
def test_one_unnamed_row_across_gives_the_sangong_facts(layout: str) -> None:
    doc = recognize(read_source(DATA / f"rd_B10_across_one_row.{layout}.txt"))
    assert doc.facts["sangong.total"] == Decimal("9.80")  # its 合计: no 会议费 or 培训费 beside the items
    assert doc.facts["sangong.vehicle_operation"] == Decimal("6.00")
    assert doc.facts["sangong.reception"] == Decimal("1.80")
