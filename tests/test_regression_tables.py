"""Standard tables as other regions and years print them (tests/data/regression_tables).

Each variant is a small disclosure written for these tests (invented unit, internally consistent
figures) in two text layouts: ``<variant>.tabs.txt`` (one row per line, tab-separated cells) and
``<variant>.spaces.txt`` (PDF text: cells separated by spaces, empty cells gone). ``<variant>.yaml``
states the table id the variant must be read as, its column keys, the number of rows and the
values of some rows, in 万元 whatever unit the table prints.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetlens.model import Table, TableRow
from budgetlens.read import read_source
from budgetlens.recognize import recognize

DATA = Path(__file__).resolve().parent / "data" / "regression_tables"
VARIANTS = sorted(p.stem for p in DATA.glob("*.yaml"))
LAYOUTS = ("tabs", "spaces")


def _expected(variant: str) -> dict[str, Any]:
    with (DATA / f"{variant}.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def _find(table: Table, want: dict[str, Any]) -> TableRow:
    if "index" in want:
        return table.rows[int(want["index"])]
    hits = [
        r for r in table.rows
        if ("side" not in want or r.side == want["side"])
        and ("code" not in want or r.code == want["code"])
        and ("name" not in want or r.name == want["name"])
        and ("project" not in want or r.project == want["project"])
    ]
    assert len(hits) == 1, f"{len(hits)} rows match {want}: {[(r.side, r.code, r.name, r.project) for r in table.rows]}"
    return hits[0]


def test_every_variant_has_both_layouts() -> None:
    assert len(VARIANTS) >= 10
    for variant in VARIANTS:
        for layout in LAYOUTS:
            assert (DATA / f"{variant}.{layout}.txt").is_file(), (variant, layout)


def _cases() -> list[Any]:
    """Every variant in every layout; a layout the yaml lists under ``known_limits`` (what the
    reader cannot know from that layout) must still fail, so a fix is noticed."""
    out = []
    for variant in VARIANTS:
        limits = _expected(variant).get("known_limits") or {}
        for layout in LAYOUTS:
            reason = limits.get(layout)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(variant, layout, marks=marks, id=f"{variant}-{layout}"))
    return out


@pytest.mark.parametrize(("variant", "layout"), _cases())
def test_variant(variant: str, layout: str) -> None:
    exp = _expected(variant)
    doc = recognize(read_source(DATA / f"{variant}.{layout}.txt"))
    found = [t.id for t in doc.tables]
    assert found == [exp["table"]], f"tables read: {found}"
    table = doc.tables[0]
    assert table.unit_of_amount == exp["unit_of_amount"]
    assert [c.key for c in table.columns] == exp["columns"]
    count = exp["row_count"]
    if isinstance(count, dict):
        for side, n in count.items():
            assert sum(1 for r in table.rows if r.side == side) == n, side
    else:
        assert len(table.rows) == count
    for want in exp["rows"]:
        row = _find(table, want)
        for key, value in want["values"].items():
            got = row.values.get(key, "absent")
            expected = None if value is None else Decimal(str(value))
            assert got == expected, f"{row.name or row.project} {key}: {got} != {expected}"
    assert not [w for w in table.warnings if "not determined" not in w], table.warnings
