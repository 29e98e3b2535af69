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

from dataclasses import dataclass

from budgetlens.figures import parse_score
from budgetlens.i18n import Message
from budgetlens.model import Location, PerformanceTable
from budgetlens.recognize.lazy_pattern import lazy
from budgetlens.recognize.measures import compact_value, shared_measure, tidy
from budgetlens.recognize.perf_body import make_indicator, read_grade
from budgetlens.recognize.perf_columns import (
    FIT_MAX,
    FRAGMENT_TAILS,
    LEVEL1_WORDS,
    LEVEL2_WORDS,
    NEG,
    fit,
    is_group_label,
    is_level_word,
    level_fit,
    level_name,
)
from budgetlens.recognize.perf_rows import where

_MAX_SPAN = 10
# How many chunks one cell of each column may take (a value is short; names and texts wrap).
_SPAN: dict[str, int] = {
    "level1": 4, "level2": 4, "target": 4, "actual": 4, "prior_year": 4, "weight": 1, "stated_score": 1,
    "completion_rate": 1, "comparator": 1, "unit": 1, "core": 1, "rule": 4, "evidence": 5, "basis": 8, "name": 8, "deviation": 12,
}
_JUNK = -6.0
_BEAM = 8.0
_SAME_LINE_JOIN = -1.5
_NEW_INDICATOR = -4.0  # an indicator must pay for itself: no splitting one into two
_FIT_MAX_ANY = max(FIT_MAX.values())  # a column without a bound of its own
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
    "comparator": -0.2,  # a comparator glued to its value is read with the value
    "unit": -0.2,
    "core": -0.2,
}
_STANDARD = lazy(r"^[\u4e00-\u9fff]{2,6}标准$")
_TOTAL = ("总分", "合计", "总计", "综合得分")
_TOTAL_CELL = 6  # the longest cell of a 总分 row printed a cell a line (自评等级, 99.50分)

_COMPARATOR_ONLY = lazy(r"^(?:>=|<=|>|<|=|≥|≤|＞|＜|＝)$")
_MEASURE_HEAD = lazy(r"^(?:>=|<=|>|<|=|≥|≤)?[-+]?\d+(?:\.\d+)?(?:万|亿|千)?$")
_MEASURE_HEAD_MULTIPLE = lazy(r"^(?:>=|<=|>|<|=)?[-+]?\d+(?:\.\d+)?[万亿千]$")
LEVEL_WORDS = LEVEL1_WORDS | LEVEL2_WORDS
_UNIT = lazy(
    r"^(?:%|‰|个|台|套|次|人|人次|件|篇|家|份|条|辆|批|项|天|日|小时|分钟|秒|毫秒|月|年|周|万元|元|亿元|千元|"
    r"户|张|本|册|场|期|所|处|座|公里|千米|米|平方米|亩|吨|GB|TB|G|T|M|MB|兆|个月|课时|学时|名|班|起|例|"
    r"万人次|万人|点|分|页|栏目|篇次|期次|元/[^\s]{1,3}|次/[^\s]{1,3}|个/[^\s]{1,3}|万元/[^\s]{1,3}|人/[^\s]{1,3})$"
)


@dataclass(slots=True)
class _Chunk:
    text: str
    line: int  # index of the printed line
    location: Location


def _join_broken_levels(rows: list[tuple[list[str], list[Location]]]) -> list[tuple[list[str], list[Location]]]:
    """Level names broken over two printed lines (``产出`` / ``指标``, ``服务对象满`` / ``意度指标``):
    the second parts open the next line, before the cells that follow the first parts on theirs.
    Each leading piece of a line that completes a level name with a piece at the start of the line
    before (in order) is glued to it, so the stream holds the level name whole."""
    out: list[tuple[list[str], list[Location]]] = []
    for cells, locs in rows:
        filled = [(compact_value(c), loc) for c, loc in zip(cells, locs, strict=False) if compact_value(c)]
        if out and filled:
            prev_cells = out[-1][0]
            at, taken = 0, 0
            for text, _ in filled:
                hit = next(
                    (
                        j for j in range(at, min(len(prev_cells), 3))
                        if text not in LEVEL_WORDS and (prev_cells[j] + text) in LEVEL_WORDS
                    ),
                    None,
                )
                if hit is None:
                    break
                prev_cells[hit] += text
                at, taken = hit + 1, taken + 1
            filled = filled[taken:]
            if not filled:
                continue
        out.append(([t for t, _ in filled], [loc for _, loc in filled]))
    return out


def _chunks(rows: list[tuple[list[str], list[Location]]]) -> list[_Chunk]:
    raw: list[_Chunk] = []
    for n, (cells, locs) in enumerate(_join_broken_levels(rows)):
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
            if ch.text == "元" and _MEASURE_HEAD_MULTIPLE.match(prev.text):
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
        if total_row is not None:
            # text printing a cell a line: the 总分 row's weight, score and grade follow it
            if all(len(compact_value(c)) <= _TOTAL_CELL for c in cells if c):
                total_row.extend(c for c in cells if c)
                continue
            break
        if any(first.startswith(t) for t in _TOTAL):
            total_row = [c for c in cells if c]
            if len(total_row) > 1:
                break
            continue
        rows.append((cells, locs))
    chunks = [c for c in _chunks(rows) if not is_group_label(c.text)]
    previous_level1 = ""
    for values, loc in cut(chunks, keys, table):
        level1 = level_name(compact_value(values.get("level1", "")))
        if level1 in LEVEL1_WORDS and level1 in LEVEL2_WORDS and not values.get("level2") and previous_level1 and "level2" in keys:
            # a word of both levels (成本指标, 满意度指标) with no level-2 name after it is the
            # level-2 name under the level-1 name above (its own level-1 cell merged, so empty)
            values = {**values, "level2": values["level1"], "level1": ""}
        elif level1:
            previous_level1 = level1
        if "unit" in keys and not values.get("unit"):
            # the 度量单位 glued to the target's number in PDF text (≥ 24 个 → ≥24个): it is the
            # unit column's, so it serves the actual value too
            target = shared_measure(values.get("target", ""))
            if target is not None and target.unit and target.date is None:
                values = {**values, "unit": target.unit}
        table.indicators.append(make_indicator(values, loc))
    if total_row is not None:
        table.grade = read_grade(total_row)
        numbers = [(c, parse_score(c)) for c in total_row[1:] if parse_score(c) is not None]
        if numbers:
            marked = [v for c, v in numbers if compact_value(c).endswith("分")]
            table.stated_total = marked[-1] if marked else numbers[-1][1]
            if len(numbers) > 1:
                table.total_weight = numbers[0][1]


@dataclass(slots=True)
class _Traits:
    """What the cell scores ask of every chunk, computed once per cut."""

    texts: list[str]
    lines: list[int]
    long: list[bool]  # longer than any level name piece and not a whole level name
    standard: list[bool]  # a standard (计划标准)
    not_a_name_start: list[bool]  # a fragment tail or a level word

    @classmethod
    def of(cls, chunks: list[_Chunk]) -> _Traits:
        texts = [c.text for c in chunks]
        return cls(
            texts=texts,
            lines=[c.line for c in chunks],
            long=[len(t) > 6 and not is_level_word(t) for t in texts],
            standard=[bool(_STANDARD.match(t)) for t in texts],
            not_a_name_start=[t in FRAGMENT_TAILS or is_level_word(t) for t in texts],
        )


def _adjusted(s: float, name_start: bool, standards: bool, joins: int, shared_end: bool) -> float:
    """A column fit ``s`` adjusted for how the cell's chunks lie. Each step only lowers the score
    and keeps order, so adjusting the column's best fit bounds the adjusted score from above."""
    if name_start:
        s -= 3.0  # a name does not start with a fragment tail or a level word
    if standards:
        s -= 2.0  # a standard (计划标准) fills its cell alone
    s += _SAME_LINE_JOIN * joins
    if shared_end:
        s -= 1.5
    return s


def cut(chunks: list[_Chunk], keys: list[str], table: PerformanceTable) -> list[tuple[dict[str, str], Location]]:
    """Cut chunks into indicators (dynamic programming over (chunk, column)).

    States are visited chunk by chunk; a state far behind the best one at its chunk is dropped
    (beam), and a cell is not scored when even the best score its column can give
    (:data:`FIT_MAX`) would not improve the state it leads to.
    """
    n, k_count = len(chunks), len(keys)
    if n == 0 or "name" not in keys:
        return []
    name_at = keys.index("name")
    minus = float("-inf")
    best = [[minus] * (k_count + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, str] | None]] = [[None] * (k_count + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    # the best score reached so far at each chunk: a lower bound of the one its beam is cut from
    top = [minus] * (n + 1)
    top[0] = 0.0
    order = [*range(name_at + 1, k_count), k_count, *range(0, name_at + 1)]
    tr = _Traits.of(chunks)
    texts, lines, long, standard = tr.texts, tr.lines, tr.long, tr.standard
    same_line = [m > 0 and lines[m] == lines[m - 1] for m in range(n)]  # chunk m shares the line of m-1
    spans = [_SPAN.get(key, _MAX_SPAN) for key in keys]
    skips = [_SKIP.get(key, -1.0) for key in keys]
    bounds = [FIT_MAX.get(key, _FIT_MAX_ANY) for key in keys]
    half_neg = NEG / 2

    for i in range(n + 1):
        row, row_back = best[i], back[i]
        floor = minus
        for k in order:
            cur = row[k]
            if k == order[0] or k == k_count:
                # states far behind the best one at this chunk cannot win (prune the search)
                floor = max(row) - _BEAM
            if cur == minus or cur < floor:
                continue
            if k == k_count:
                score = cur + _NEW_INDICATOR
                if score > row[0]:
                    row[0], row_back[0] = score, (i, k, "wrap")
                continue
            key = keys[k]
            k2 = k + 1
            if key != "name":
                score = cur + skips[k]
                if score > row[k2]:
                    row[k2], row_back[k2] = score, (i, k, "skip")
            level = key in ("level1", "level2")
            level_no = 1 if key == "level1" else 2
            name_start = key == "name" and i < n and tr.not_a_name_start[i]
            check_standards = key == "basis"
            value_cell = key != "name"
            bound = bounds[k]
            text, joins, standards = "", 0, False
            first_line = lines[i] if i < n else -1
            for j in range(i + 1, min(n, i + spans[k]) + 1):
                if level and long[j - 1]:
                    break  # no level name holds this chunk, nor any longer run with it
                text += texts[j - 1]
                if j - 1 > i and same_line[j - 1]:
                    joins += 1
                if check_standards and standard[j - 1]:
                    standards = True
                # A value cell printed over several lines has its lines to itself; when its last
                # piece shares a line with the next cell, the first pieces belong to the cell
                # before (a name's last line), not to this one.
                shared_end = value_cell and j < n and same_line[j] and lines[j - 1] != first_line
                in_cell = standards and j - i > 1
                adjust = name_start or in_cell or joins > 0 or shared_end
                target = best[j]
                ceiling = cur + (_adjusted(bound, name_start, in_cell, joins, shared_end) if adjust else bound)
                if ceiling <= target[k2] or (j < n and ceiling < top[j] - _BEAM):
                    # even the column's best fit would not improve this state, or would leave it
                    # below the beam at its chunk (the last chunk's states all count)
                    continue
                s = level_fit(text, level_no) if level else fit(key, text)
                if s <= half_neg:
                    continue
                score = cur + (_adjusted(s, name_start, in_cell, joins, shared_end) if adjust else s)
                if score > target[k2]:
                    target[k2], back[j][k2] = score, (i, k, "take")
                    if score > top[j]:
                        top[j] = score
            if i < n:
                score = cur + _JUNK
                if score > best[i + 1][k]:
                    best[i + 1][k], back[i + 1][k] = score, (i, k, "junk")
                    if score > top[i + 1]:
                        top[i + 1] = score
    end_k = k_count if best[n][k_count] >= best[n][0] else 0
    if best[n][end_k] == minus:
        table.warnings.append(Message("parse.perf.not_cut"))
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
            table.warnings.append(Message("parse.perf.unplaced", text=chunks[i].text, where=where(chunks[i].location)))
    if values:
        out.append((values, loc or chunks[-1].location))
    return out
