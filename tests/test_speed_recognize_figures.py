"""The interval of a rounded figure, with its half unit taken from a per-places memo, is the one
computed afresh: the same bounds, printed the same way."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from budgetlens.figures import Interval, _half_unit, decimals_of

SEEDS = sorted((Path(__file__).resolve().parent / "data" / "seeds").glob("*.txt"))


def _reference(value: Decimal, places: int | None = None) -> Interval:
    p = decimals_of(value) if places is None else places
    half = Decimal(5) * Decimal(10) ** (-(p + 1))
    return Interval(value - half, value + half)


def test_half_unit_memo_equals_expression() -> None:
    for places in range(-4, 30):
        expected = Decimal(5) * Decimal(10) ** (-(places + 1))
        assert str(_half_unit(places)) == str(expected)


def test_interval_of_equals_reference_on_seed_figures() -> None:
    figures = {m.group(0) for path in SEEDS for m in re.finditer(r"-?\d+(?:\.\d+)?", path.read_text(encoding="utf-8"))}
    assert len(figures) > 500
    for text in sorted(figures):
        value = Decimal(text)
        for places in (None, 0, 2, 4):
            got, want = Interval.of(value, places), _reference(value, places)
            assert (str(got.lo), str(got.hi)) == (str(want.lo), str(want.hi)), (text, places)
