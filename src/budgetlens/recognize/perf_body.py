"""The body of a performance table printed in an aligned grid: one indicator per row under the
header's columns (a shifted row realigned by the content of its cells), then the 总分 row; and
the indicators made from the values read, by either reader."""

from __future__ import annotations

import re
from decimal import Decimal

from budgetlens.figures import parse_number, parse_percent, parse_score
from budgetlens.i18n import Message
from budgetlens.model import Indicator, Location, PerformanceTable
from budgetlens.recognize.measures import compact_value, is_blank, join_measure, parse_measure, tidy
from budgetlens.recognize.perf_columns import NEG, fit, is_group_label, level_name
from budgetlens.recognize.perf_rows import _is_indicator_header, _is_number, _Row, unsure, where

_TOTAL_LABELS = ("总分", "合计得分", "总得分", "综合得分", "合计", "总计")


def _read_body_aligned(
    table: PerformanceTable, rows: list[_Row], columns: list[tuple[int, str]], header: _Row | None = None
) -> bool:
    """Read indicator rows; true when the 总分 row was reached. A row from another grid than the
    header's (a page's last rows found as a grid of their own), of another width, is placed cell
    by cell."""
    width = max(k for k, _ in columns) + 1
    keys: list[str | None] = [None] * width
    for k, key in columns:
        keys[k] = key
    for row in rows:
        first = compact_value(row.filled[0]) if row.filled else ""
        if any(first.startswith(t) for t in _TOTAL_LABELS):
            _read_total(table, row, keys)
            return True
        if _is_indicator_header(row):
            continue
        if header is not None and row.part != header.part and len(row.cells) != len(header.cells):
            cells = _align_in_order(row.cells, keys)
        else:
            cells = _align(row.cells, keys)
        values = {key: cells[k] for k, key in enumerate(keys) if key and k < len(cells)}
        if not values.get("name"):
            if _is_continuation(values) and table.indicators:
                _append_continuation(table.indicators[-1], values)
            elif any(values.values()):
                table.warnings.append(Message("parse.perf.row_without_name", where=where(row.location),
                                              cells=" | ".join(row.filled)))
                if any(_is_number(c) for c in row.filled):
                    # its weight or score belongs to an indicator the reader could not place
                    unsure(table, "weights", Message("parse.perf.reason.row_without_name", where=where(row.location)))
            continue
        loc = row.locs[min(keys.index("name"), len(row.locs) - 1)] if "name" in keys else row.location
        table.indicators.append(make_indicator(values, loc if loc.line is not None else row.location))
    return False


def _align(cells: list[str], keys: list[str | None]) -> list[str]:
    """Realign a row whose cells are shifted against the header, by what the cells contain.

    Candidates: the row as it is, the row with an empty cell inserted at any position (a merged
    cell printed as nothing), and the row with one empty or row-label cell removed (a leading
    merged label). The best fit over all columns wins; the row as it is wins ties.
    """
    n = len(keys)
    base = (cells + [""] * n)[: max(n, len(cells))]
    # Each candidate puts cell k, k-1 or k+1 (or nothing) under column k: the fits of the three
    # placements are looked up once and summed per candidate in column order.
    columns = [(k, key) for k, key in enumerate(keys) if key is not None]
    width = len(cells)

    def fits_at(shift: int) -> dict[int, float]:
        return {k: fit(key, cells[k + shift]) if 0 <= k + shift < width else 0.0 for k, key in columns}

    here = fits_at(0)
    blank = {k: fit(key, "") for k, key in columns}
    filled_from = [0] * (width + 1)  # filled cells at index >= m
    for m in range(width - 1, -1, -1):
        filled_from[m] = filled_from[m + 1] + (1 if cells[m] else 0)

    def filled_after(m: int) -> int:
        return filled_from[m] if m <= width else 0

    # (each sum in column order; cells that fall beyond the last column are lost)
    base_score = 0.0
    for k, _ in columns:
        base_score += here[k] if k < width else blank[k]
    base_score -= 3.0 * filled_after(n)
    best, best_score = base, base_score
    if best_score > NEG / 2 and all(here[k] > 0 or not base[k] for k, _ in columns if k < width):
        return base
    before, after = fits_at(-1), fits_at(1)
    for p in range(width + 1):
        # an empty cell inserted at p: columns before p keep their cell, p is blank, the rest
        # take the cell before
        s = 0.0
        for k, _ in columns:
            s += (here[k] if k < width else blank[k]) if k < p else blank[k] if k == p else before[k]
        s -= 3.0 * (filled_after(n - 1) if p < n else filled_after(n))
        if s > best_score + 0.5:
            best, best_score = [*cells[:p], "", *cells[p:]], s
    for p, c in enumerate(cells):
        if not c or is_group_label(c):
            # cell p removed (an empty cell appended): columns from p on take the cell after
            s = 0.0
            for k, _ in columns:
                s += (here[k] if k < width else blank[k]) if k < p else (after[k] if k + 1 < width else blank[k])
            s -= 3.0 * (filled_after(n + 1) if p <= n else filled_after(n) - (1 if c else 0))
            if s > best_score + 0.5:
                best, best_score = cells[:p] + cells[p + 1 :] + [""], s
    return best


def _is_continuation(values: dict[str, str]) -> bool:
    return not any(values.get(k) for k in ("weight", "target", "actual", "stated_score", "completion_rate"))


def _append_continuation(ind: Indicator, values: dict[str, str]) -> None:
    for key in ("basis", "prior_year", "rule", "evidence", "deviation"):
        text = values.get(key)
        if text:
            setattr(ind, key, tidy((getattr(ind, key) or "") + text))


def _read_total(table: PerformanceTable, row: _Row, keys: list[str | None]) -> None:
    by_key = {key: row.cells[k] for k, key in enumerate(keys) if key and k < len(row.cells) and row.cells[k]}
    weight = parse_score(by_key.get("weight", "")) if "weight" in by_key else None
    total = parse_score(by_key.get("stated_score", "")) if "stated_score" in by_key else None
    if weight is None or total is None:
        numbers = [(c, parse_score(c)) for c in row.cells[1:] if c and parse_score(c) is not None]
        if total is None and numbers:
            marked = [v for c, v in numbers if compact_value(c).endswith("分")]
            total = marked[-1] if marked else (numbers[-1][1] if len(numbers) > 1 or table.table_kind == "self_evaluation" else None)
        if weight is None and len(numbers) > 1:
            weight = numbers[0][1]
    table.stated_total = total
    table.total_weight = weight
    table.grade = read_grade(row.filled)


_GRADES = ("优秀", "良好", "合格", "不合格", "优", "良", "中", "差")


def read_grade(cells: list[str]) -> str | None:
    """The 自评等级 printed on the 总分 row (``自评等级 | 优`` or ``自评等级：良``)."""
    texts = [compact_value(c) for c in cells if c]
    for n, t in enumerate(texts):
        if "等级" not in t:
            continue
        rest = re.sub(r"^.*等级[:：]?", "", t)
        value = rest or (texts[n + 1] if n + 1 < len(texts) else "")
        if value in _GRADES:
            return value
    return None


def _align_in_order(cells: list[str], keys: list[str | None]) -> list[str]:
    """Place the filled cells of a row printed in a grid of another width (the last rows of a
    table pushed onto the next page, found as a grid of their own) under the header's columns:
    in order, each under the column it fits best (dynamic programming over cells × columns)."""
    filled = [c for c in cells if c]
    columns = [k for k, key in enumerate(keys) if key is not None]
    n, m = len(filled), len(columns)
    minus = float("-inf")
    best = [[minus] * (m + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[-1] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            key = keys[columns[j - 1]]
            assert key is not None
            take = best[i - 1][j - 1] + fit(key, filled[i - 1])
            skip = best[i][j - 1]
            best[i][j], back[i][j] = (take, 1) if take >= skip else (skip, 0)
    out = [""] * len(keys)
    if n > m or best[n][m] <= NEG / 2:
        return (cells + out)[: len(keys)]
    i, j = n, m
    while i > 0 and j > 0:
        if back[i][j] == 1:
            out[columns[j - 1]] = filled[i - 1]
            i -= 1
        j -= 1
    return out


# ------------------------------------------------------------------------------ indicators


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    t = tidy(value)
    return None if is_blank(t) else t


def make_indicator(values: dict[str, str], location: Location) -> Indicator:
    ind = Indicator(
        level1=level_name(tidy(values.get("level1", ""))),
        level2=level_name(tidy(values.get("level2", ""))),
        name=tidy(values.get("name", "")),
        location=location,
    )
    ind.weight = parse_score(values.get("weight", "")) if values.get("weight") else None
    comparator, unit = values.get("comparator", ""), values.get("unit", "")
    ind.target = parse_measure(join_measure(comparator, values.get("target", ""), unit))
    ind.actual = parse_measure(join_measure("", values.get("actual", ""), unit))
    rate = values.get("completion_rate", "")
    ind.completion_rate = (parse_percent(rate) or parse_number(rate)) if rate else None
    ind.stated_score = parse_score(values.get("stated_score", "")) if values.get("stated_score") else None
    ind.basis = _text(values.get("basis"))
    ind.prior_year = _text(values.get("prior_year"))
    ind.rule = _text(values.get("rule"))
    ind.evidence = _text(values.get("evidence"))
    ind.deviation = _text(values.get("deviation"))
    return ind


def _fill_levels(table: PerformanceTable) -> None:
    """Level-1/level-2 names merged down their column are repeated on every indicator."""
    l1, l2 = "", ""
    for ind in table.indicators:
        if ind.level1:
            if ind.level1 != l1 and not ind.level2:
                l2 = ""
            l1 = ind.level1
        else:
            ind.level1 = l1
        if ind.level2:
            l2 = ind.level2
        else:
            ind.level2 = l2
    # total_weight: as printed on the 总分 row, else the sum of the weights the table gives
    # (indicators plus the budget-execution row of a self-evaluation)
    weights = [i.weight for i in table.indicators if i.weight is not None]
    if table.total_weight is None and weights:
        execution = table.funding[0].weight if table.funding and table.funding[0].weight is not None else Decimal(0)
        table.total_weight = sum(weights, Decimal(0)) + execution
    levelled = any(i.level1 or i.level2 for i in table.indicators)  # a flat list has no levels at all
    for ind in table.indicators if levelled else []:
        if not ind.level1 or not ind.level2:
            table.warnings.append(Message("parse.perf.no_levels", name=ind.name, where=where(ind.location)))


