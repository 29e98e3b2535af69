"""Invariants the fast paths of the performance recogniser rely on.

The stream cutter skips scoring a cell when even its column's best fit (``FIT_MAX``) could not
improve the state it leads to, so ``fit`` must never score above that bound; ``tidy`` is memoised
for one parse only; ``_align`` must pick the same realignment as scoring every candidate in full.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from budgetlens.recognize import measures
from budgetlens.recognize.measures import compact_value, parse_scope, tidy
from budgetlens.recognize.perf_columns import (
    FIT_MAX,
    GROUP_LABELS,
    LEVEL1_WORDS,
    LEVEL2_WORDS,
    NEG,
    fit,
    level_fit,
)
from budgetlens.recognize.performance import _align

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
KEYS = sorted(FIT_MAX)


def _cells() -> list[str]:
    cells: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = [p for p in line.replace("\t", " ").split(" ") if p]
            cells.update(parts)
            # joined pieces, as the stream cutter builds a cell from several chunks
            cells.update(a + b for a, b in pairwise(parts))
            cells.add(line.strip())
    cells.update(LEVEL1_WORDS | LEVEL2_WORDS)
    cells.update(["", "-", "无", "新增", ">=90%", "95%", "10", "10分", "计划标准", "按照完成比例赋分", "佐证资料"])
    return sorted(cells)


CELLS = _cells()


@pytest.mark.parametrize("key", KEYS)
def test_fit_never_exceeds_the_column_bound(key: str) -> None:
    top = max(fit(key, c) for c in CELLS)
    assert top <= FIT_MAX[key]
    assert top > NEG / 2  # the column accepts something


@pytest.mark.parametrize("level", [1, 2])
def test_level_fit_never_exceeds_the_level_bound(level: int) -> None:
    bound = FIT_MAX["level1" if level == 1 else "level2"]
    assert max(level_fit(c, level) for c in CELLS) <= bound
    # a word of both sets reaches the bound of level 1
    both = next(iter(LEVEL1_WORDS & LEVEL2_WORDS))
    assert level_fit(both, 1) == FIT_MAX["level1"]


def test_tidy_is_memoised_for_one_parse_only() -> None:
    text = "EMS  邮寄 ＞= 90 %"
    assert measures._tidy_memo is None
    with parse_scope():
        first = tidy(text)
        assert measures._tidy_memo == {text: first}
        with parse_scope():  # a nested scope shares the parse's memo
            assert tidy(text) is first
    assert measures._tidy_memo is None
    assert tidy(text) == first == "EMS邮寄>=90%"


def _align_in_full(cells: list[str], keys: list[str | None]) -> list[str]:
    """The realignment by scoring every candidate row in full (the definition ``_align`` keeps)."""
    n = len(keys)
    base = (cells + [""] * n)[: max(n, len(cells))]

    def score(cand: list[str]) -> float:
        total = 0.0
        for k, key in enumerate(keys):
            if key is not None:
                total += fit(key, cand[k]) if k < len(cand) else 0.0
        return total - 3.0 * sum(1 for c in cand[n:] if c)

    best, best_score = base, score(base)
    if best_score > NEG / 2 and all(fit(key, base[k]) > 0 or not base[k] for k, key in enumerate(keys) if key):
        return base
    for p in range(len(cells) + 1):
        cand = [*cells[:p], "", *cells[p:]]
        if score(cand) > best_score + 0.5:
            best, best_score = cand, score(cand)
    for p, c in enumerate(cells):
        if not c or compact_value(c) in GROUP_LABELS:
            cand = cells[:p] + cells[p + 1 :] + [""]
            if score(cand) > best_score + 0.5:
                best, best_score = cand, score(cand)
    return best


HEADER: list[str | None] = ["level1", "level2", "name", "weight", "target", "actual", "stated_score", "deviation"]


@pytest.mark.parametrize(
    ("cells", "keys"),
    [
        (["产出指标", "数量指标", "培训人数", "10", ">=100人", "120人", "10", ""], HEADER),
        # a merged level cell printed as nothing: everything shifted left by one
        (["数量指标", "培训人数", "10", ">=100人", "120人", "10", ""], HEADER),
        # a leading group label and a lost level cell
        (["年度绩效指标", "", "数量指标", "培训人数", "10", ">=100人", "120人", "10"], HEADER),
        # more cells than columns: the ones beyond the last column are lost
        (["产出指标", "数量指标", "培训人数", "10", ">=100人", "120人", "10", "", "备注", "多余"], HEADER),
        (["", "培训人数", ">=100人", "120人"], [None, "name", "target", "actual"]),
        ([], HEADER),
    ],
)
def test_align_matches_scoring_every_candidate(cells: list[str], keys: list[str | None]) -> None:
    assert _align(cells, keys) == _align_in_full(cells, keys)
