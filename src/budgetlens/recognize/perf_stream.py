"""Indicator rows of PDF-extracted text: cut a token stream into cells.

In PDF text every printed line of a table becomes one list of space-separated tokens; empty cells
vanish and every multi-word cell is broken over several lines (``产出`` / ``指标``, ``按照完成比例赋``
/ ``分``, ``>`` / ``=90%``). What is left is the order of the columns, given by the header, and the
shape of each column's values. The body is read as one stream of *chunks* (tokens, with a
comparator or a unit glued to its number) and cut by dynamic programming into a sequence of
indicators, each a run of columns in header order where any column but the name may be empty,
maximising how well every cell fits its column (:func:`perf_columns.fit`). Joining two chunks of
one printed line into one cell is penalised: on one line, a space separates cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlens.figures import parse_score
from budgetlens.model import Location, PerformanceTable
from budgetlens.recognize.measures import compact_value, tidy
from budgetlens.recognize.perf_columns import FRAGMENT_TAILS, GROUP_LABELS, NEG, fit, is_level_word, level_fit

_MAX_SPAN = 10
# How many chunks one cell of each column may take (a value is short; names and texts wrap).
_SPAN: dict[str, int] = {
    "level1": 4, "level2": 4, "target": 4, "actual": 4, "prior_year": 4, "weight": 1, "stated_score": 1,
    "completion_rate": 1, "rule": 4, "evidence": 5, "basis": 8, "name": 8, "deviation": 12,
}
_JUNK = -6.0
_BEAM = 8.0
_SAME_LINE_JOIN = -1.5
_NEW_INDICATOR = -4.0  # an indicator must pay for itself: no splitting one into two
_SKIP: dict[str, float] = {
    "level1": 0.0,
    "level2": 0.0,
    "target": -2.0,
    "actual": -2.0,
    "weight": -2.0,
    "stated_score": -1.5,
    "completion_rate": -1.0,
    "basis": -1.0,
    "prior_year": -0.3,
    "rule": -1.0,
    "evidence": -1.0,
    "deviation": -0.1,
}
_STANDARD = re.compile(r"^[\u4e00-\u9fff]{2,6}标准$")
_TOTAL = ("总分", "合计", "总计", "综合得分")

_COMPARATOR_ONLY = re.compile(r"^(?:>=|<=|>|<|=|≥|≤|＞|＜|＝)$")
_MEASURE_HEAD = re.compile(r"^(?:>=|<=|>|<|=|≥|≤)?[-+]?\d+(?:\.\d+)?(?:万|亿|千)?$")
_UNIT = re.compile(
    r"^(?:%|‰|个|台|套|次|人|人次|件|篇|家|份|条|辆|批|项|天|日|小时|分钟|秒|毫秒|月|年|周|万元|元|亿元|千元|"
    r"户|张|本|册|场|期|所|处|座|公里|千米|米|平方米|亩|吨|GB|TB|G|T|M|MB|兆|个月|课时|学时|名|班|起|例|"
    r"万人次|万人|点|分|页|栏目|篇次|期次|元/[^\s]{1,3}|次/[^\s]{1,3}|个/[^\s]{1,3}|万元/[^\s]{1,3}|人/[^\s]{1,3})$"
)


@dataclass(slots=True)
class _Chunk:
    text: str
    line: int  # index of the printed line
    location: Location


def _chunks(rows: list[tuple[list[str], list[Location]]]) -> list[_Chunk]:
    raw: list[_Chunk] = []
    for n, (cells, locs) in enumerate(rows):
        for c, loc in zip(cells, locs, strict=False):
            t = compact_value(c)
            if t:
                raw.append(_Chunk(t, n, loc))
    out: list[_Chunk] = []
    for ch in raw:
        if out:
            prev = out[-1]
            if _COMPARATOR_ONLY.match(prev.text) or (
                _MEASURE_HEAD.match(prev.text) and (_UNIT.match(ch.text) or (prev.text[-1] in "万亿千" and ch.text.startswith("元")))
            ):
                out[-1] = _Chunk(prev.text + ch.text, prev.line, prev.location)
                continue
            if re.match(r"^(?:>=|<=|>|<|=)?[-+]?\d+(?:\.\d+)?[万亿千]$", prev.text) and ch.text == "元":
                out[-1] = _Chunk(prev.text + ch.text, prev.line, prev.location)
                continue
        out.append(ch)
    return out


def read_body_stream(table: PerformanceTable, body: list[tuple[list[str], list[Location]]], keys: list[str]) -> None:
    """Read the indicator rows (cells of each printed line) after the header into ``table``."""
    rows: list[tuple[list[str], list[Location]]] = []
    total_row: list[str] | None = None
    for cells, locs in body:
        first = compact_value(next((c for c in cells if c), ""))
        if any(first.startswith(t) for t in _TOTAL):
            total_row = [c for c in cells if c]
            break
        rows.append((cells, locs))
    chunks = [c for c in _chunks(rows) if c.text not in GROUP_LABELS]
    for values, loc in cut(chunks, keys, table):
        from budgetlens.recognize.performance import make_indicator

        table.indicators.append(make_indicator(values, loc))
    if total_row is not None:
        numbers = [(c, parse_score(c)) for c in total_row[1:] if parse_score(c) is not None]
        if numbers:
            marked = [v for c, v in numbers if compact_value(c).endswith("分")]
            table.stated_total = marked[-1] if marked else numbers[-1][1]
            if len(numbers) > 1:
                table.total_weight = numbers[0][1]


def _field_score(key: str, all_chunks: list[_Chunk], i: int, j: int, text: str, joins: int) -> float:
    """Score of chunks ``i..j`` (joined ``text``, ``joins`` of them on one printed line) as one
    cell of column ``key``."""
    if key in ("level1", "level2"):
        if any(len(c.text) > 6 for c in all_chunks[i:j]):
            return NEG
        s = level_fit(text, 1 if key == "level1" else 2)
    else:
        s = fit(key, text)
    if s <= NEG / 2:
        return NEG
    first, last = all_chunks[i], all_chunks[j - 1]
    if key == "name" and (first.text in FRAGMENT_TAILS or is_level_word(first.text)):
        s -= 3.0
    if key == "basis" and j - i > 1 and any(_STANDARD.match(c.text) for c in all_chunks[i:j]):
        s -= 2.0  # a standard (计划标准) fills its cell alone
    s += _SAME_LINE_JOIN * joins
    # A value cell printed over several lines has its lines to itself; when its last piece
    # shares a line with the next cell, the first pieces belong to the cell before (a name's
    # last line), not to this one.
    if key != "name" and first.line != last.line and j < len(all_chunks) and all_chunks[j].line == last.line:
        s -= 1.5
    return s


def cut(chunks: list[_Chunk], keys: list[str], table: PerformanceTable) -> list[tuple[dict[str, str], Location]]:
    """Cut chunks into indicators (dynamic programming over (chunk, column))."""
    n, k_count = len(chunks), len(keys)
    if n == 0 or "name" not in keys:
        return []
    name_at = keys.index("name")
    minus = float("-inf")
    best = [[minus] * (k_count + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, str] | None]] = [[None] * (k_count + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    order = [*range(name_at + 1, k_count), k_count, *range(0, name_at + 1)]
    cache: dict[tuple[str, int, int], float] = {}

    def relax(i: int, k: int, j: int, k2: int, score: float, action: str) -> None:
        if score > best[j][k2]:
            best[j][k2] = score
            back[j][k2] = (i, k, action)

    for i in range(n + 1):
        floor = minus
        for k in order:
            cur = best[i][k]
            if k == order[0] or k == k_count:
                # states far behind the best one at this chunk cannot win (prune the search)
                floor = max(best[i]) - _BEAM
            if cur == minus or cur < floor:
                continue
            if k == k_count:
                relax(i, k, i, 0, cur + _NEW_INDICATOR, "wrap")
                continue
            key = keys[k]
            if key != "name":
                relax(i, k, i, k + 1, cur + _SKIP.get(key, -1.0), "skip")
            text, joins = "", 0
            for j in range(i + 1, min(n, i + _SPAN.get(key, _MAX_SPAN)) + 1):
                text += chunks[j - 1].text
                if j - 1 > i and chunks[j - 1].line == chunks[j - 2].line:
                    joins += 1
                ck = (key, i, j)
                s = cache.get(ck)
                if s is None:
                    s = _field_score(key, chunks, i, j, text, joins)
                    cache[ck] = s
                if s > NEG / 2:
                    relax(i, k, j, k + 1, cur + s, "take")
            if i < n:
                relax(i, k, i + 1, k, cur + _JUNK, "junk")
    end_k = k_count if best[n][k_count] >= best[n][0] else 0
    if best[n][end_k] == minus:
        table.warnings.append("indicator rows could not be cut into cells")
        return []
    # walk back
    steps: list[tuple[int, int, int, int, str]] = []
    j, k2 = n, end_k
    while (j, k2) != (0, 0):
        prev = back[j][k2]
        if prev is None:
            break
        i, k, action = prev
        steps.append((i, k, j, k2, action))
        j, k2 = i, k
    steps.reverse()
    out: list[tuple[dict[str, str], Location]] = []
    values: dict[str, str] = {}
    loc: Location | None = None
    for i, k, j, _k2, action in steps:
        if action == "wrap":
            if values:
                out.append((values, loc or chunks[min(i, n - 1)].location))
            values, loc = {}, None
        elif action == "take":
            key = keys[k]
            values[key] = tidy("".join(c.text for c in chunks[i:j]))
            if key == "name":
                loc = chunks[i].location
        elif action == "junk":
            table.warnings.append(f"unplaced text '{chunks[i].text}' at {chunks[i].location.describe()}")
    if values:
        out.append((values, loc or chunks[-1].location))
    return out
