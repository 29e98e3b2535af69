"""Shortcuts in reading tables give what the plain tests give: a column's code test settled by
its first name or figure, a funding header's cells longer than any heading skipped whole, and a
performance table's head labels and a table row's body test memoised."""

from __future__ import annotations

import random
from pathlib import Path

from budgetlens.model import Location
from budgetlens.recognize import codes
from budgetlens.recognize.measures import compact_value
from budgetlens.recognize.perf_head import (
    _FUNDING_COLUMNS,
    _GENERIC_BUDGET,
    _INFO_LABELS,
    _funding_header,
    _label_of,
    info_label,
)
from budgetlens.recognize.perf_rows import _Row
from budgetlens.recognize.table_columns import _CODE_HEADS, _cells_are_data, _is_code_column, _row_is_data
from budgetlens.recognize.table_rows import is_total_name

SEEDS = sorted((Path(__file__).resolve().parent / "data" / "seeds").glob("*.txt"))

_CODE_VALUES = ["201", "03", "50", "2010350", "301 01", "30101", "5", "205", "07", "2080505", "3", "999", "12"]
_OTHER_VALUES = ["类", "款", "项", "合计", "总计", "小计", "一般公共服务支出", "1,234.56", "0.00", "-", "", "事业运行",
                 "支出合计", "本年收入合计", "12.5", "（万元）"]


def _code_column_reference(vals: list[str]) -> bool:
    coded = [bool(codes.join_parts([v]) or codes.is_part_token(v)) for v in vals]
    return any(coded) and all(c or v in _CODE_HEADS or is_total_name(v) for c, v in zip(coded, vals, strict=True))


def _seed_cells() -> list[str]:
    out: list[str] = []
    for path in SEEDS:
        for line in path.read_text(encoding="utf-8").splitlines():
            out.extend(t.strip() for t in line.replace("\t", "|").split("|") if t.strip())
    return out


def test_code_column_test_is_the_plain_test() -> None:
    rng = random.Random(11)
    cells = _seed_cells()
    assert cells
    vocabulary = _CODE_VALUES + _OTHER_VALUES
    cases = [[v] for v in vocabulary + cells[:2000]]
    cases += [rng.choices(vocabulary, k=rng.randint(1, 8)) for _ in range(3000)]
    cases += [rng.choices([*_CODE_VALUES, "类", "合计"], k=rng.randint(1, 6)) for _ in range(1000)]
    cases += [rng.choices(cells, k=rng.randint(1, 6)) + rng.choices(_CODE_VALUES, k=2) for _ in range(500)]
    results = [_is_code_column(vals) for vals in cases]
    assert results == [_code_column_reference(vals) for vals in cases]
    assert any(results) and not all(results)


def _funding_header_reference(row: _Row) -> list[tuple[int, str]] | None:
    cols: list[tuple[int, str]] = []
    generic: set[int] = set()
    for k, c in enumerate(row.cells):
        t = compact_value(c)
        for word, key in _FUNDING_COLUMNS:
            if word in t and len(t) <= 12:
                cols.append((k, key))
                if word == _GENERIC_BUDGET:
                    generic.add(k)
                break
    if generic and any(key == "annual_budget" and k not in generic for k, key in cols):
        cols = [(k, key) for k, key in cols if k not in generic]
    keys = {key for _, key in cols}
    if len(keys & {"initial_budget", "annual_budget", "executed"}) >= 2:
        return cols
    return None


def test_funding_header_is_the_plain_test() -> None:
    rng = random.Random(12)
    words = [w for w, _ in _FUNDING_COLUMNS]
    padding = ["", "（万元）", "资金来源", "其中：财政拨款", "年度", "本部门全年预算执行情况说明及其他", "a b", " "]
    cells = [rng.choice(padding) + w + rng.choice(padding) for w in words for _ in range(6)] + padding
    cells += _seed_cells()[:1000]
    rows = [_Row(rng.choices(cells, k=rng.randint(1, 9)), [], Location()) for _ in range(4000)]
    results = [_funding_header(row) for row in rows]
    assert results == [_funding_header_reference(row) for row in rows]
    assert any(r is not None for r in results) and any(r is None for r in results)


def test_memoised_head_label_is_the_label() -> None:
    words = [w for w, _ in _INFO_LABELS]
    cells = [*_seed_cells()[:3000], *words, *(w + "（代码）XX单位" for w in words), *(w + "：" for w in words)]
    info_label.cache_clear()
    first = [info_label(c) for c in cells]
    again = [info_label(c) for c in reversed(cells)]
    plain = [_label_of(c, _INFO_LABELS) for c in cells]
    assert first == plain and again == plain[::-1]
    assert any(x is not None for x in plain) and any(x is None for x in plain)


def test_memoised_body_row_test_is_the_test() -> None:
    rng = random.Random(13)
    cells = _seed_cells()
    vocabulary = [*_CODE_VALUES, *_OTHER_VALUES, " 201 一般公共服务支出", "合计 ", "  "]
    rows = [rng.choices(vocabulary + cells[:500], k=rng.randint(0, 7)) for _ in range(3000)]
    rows += [line.split("\t") for path in SEEDS for line in path.read_text(encoding="utf-8").splitlines()]
    _cells_are_data.cache_clear()
    memoised = [_row_is_data(row) for row in rows + rows[::-1]]
    plain = [_cells_are_data.__wrapped__(tuple(t.strip() for t in row if t.strip())) for row in rows + rows[::-1]]
    assert memoised == plain
    assert any(plain) and not all(plain)
