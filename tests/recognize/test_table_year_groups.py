"""A header printing groups of two years is read in the latest year's group (the report's own)."""

from __future__ import annotations

from collections.abc import Sequence

from budgetlens.recognize.table_columns import _match_columns
from budgetlens.recognize.table_specs import SPECS, ColumnSpec


def _specs(table_id: str) -> Sequence[ColumnSpec]:
    return next(s for s in SPECS if s.id == table_id).columns


def test_last_years_group_takes_no_key() -> None:
    paths = [("合计", "2025年预算数合计"), ("一般公共预算", "2025年预算数一般公共预算"),
             ("合计", "2026年预算数合计"), ("一般公共预算", "2026年预算数一般公共预算")]
    assert _match_columns(paths, _specs("B10")) == [None, None, "total", "gpb"]


def test_a_single_year_header_is_unchanged() -> None:
    paths = [("合计", "2026年预算数合计"), ("一般公共预算", "2026年预算数一般公共预算")]
    assert _match_columns(paths, _specs("B10")) == ["total", "gpb"]


def test_a_change_group_without_a_year_does_not_displace_the_years_group() -> None:
    paths = [("合计", "2019年合计"), ("合计", "2020年合计"), ("合计", "增减变化情况合计")]
    assert _match_columns(paths, _specs("B10")) == [None, "total", None]
