"""The head of a performance table: labelled facts (项目名称, 主管部门, 实施单位, 联系人), the
funding block (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分, or 年度预算总额 / 财政拨款 /
其他资金, or 上级安排 / 本级安排 / 其他), the 年度主要任务 block and the goal / outcome texts."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from budgetlens.figures import parse_number, parse_percent, parse_score
from budgetlens.i18n import Message
from budgetlens.model import FundingRow, Location, PerformanceTable
from budgetlens.recognize.lazy_pattern import lazy
from budgetlens.recognize.measures import compact_value, is_blank, tidy
from budgetlens.recognize.perf_rows import _is_number, _Row, unsure, where

# Head labels -> attribute. Checked in order on the compact start of a cell.
_INFO_LABELS: tuple[tuple[str, str], ...] = (
    ("项目名称", "name"),
    ("专项名称", "name"),
    ("单位名称", "unit_name"),
    ("部门名称", "unit_name"),
    ("主管部门", "department"),
    ("主管单位", "department"),
    ("实施单位", "implementer"),
    ("预算单位", "implementer"),
    ("项目单位", "implementer"),
    ("项目负责人", "contact"),
    ("单位联系人", "contact"),
    ("部门联系人", "contact"),
    ("联系人", "contact"),
    ("联系电话", "phone"),
)

_GOAL_LABELS = ("年度总体目标", "项目总体目标", "年度绩效目标", "总体目标", "绩效目标", "整体目标")

_GENERIC_BUDGET = "预算数"

_FUNDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("年初预算", "initial_budget"),
    ("全年预算", "annual_budget"),
    ("调整后预算", "annual_budget"),
    ("调整预算", "annual_budget"),
    (_GENERIC_BUDGET, "annual_budget"),  # 决算 self-evaluations: 资金来源 | 预算数 | 执行数 | 执行率
    ("全年执行", "executed"),
    ("执行数", "executed"),
    ("实际支出", "executed"),
    ("执行率", "execution_rate"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("得分", "score"),
)

_AMOUNT_LABELS: tuple[tuple[str, str], ...] = (
    ("年度预算总额", "amount"),
    ("年度资金总额", "amount"),
    ("预算总额", "amount"),
    ("资金总额", "amount"),
    ("总额", "amount"),
    ("财政拨款", "amount_fiscal"),
    ("财政资金", "amount_fiscal"),
    ("其他资金", "amount_other"),
)

# The 年度主要任务 block of unit target tables: task rows (任务名称 | 主要内容 | 预算金额 总额 /
# 财政拨款 / 其他资金) and a 合计 row, before the goal.
_TASK_LABELS = ("年度主要任务", "年度重点任务", "主要任务", "重点任务")

_TASK_TOTALS = ("金额合计", "合计", "总计", "小计")

# Head rows that start a new head section (they end a goal text that runs over several rows).
_HEAD_STARTS = (
    "年度预算", "资金来源", "项目资金", "部门资金", "单位资金", "财政资金", "其他资金", "上级", "本级",
    "年度资金总额", "预算总额", "一级指标", "一级",
)

_LABEL_TAIL = lazy(r"^(?:[及和与](?:代码|编码|编号)|(?:代码|编码|编号|名称)(?![\u4e00-\u9fff]))")

_LABEL_ALTERNATIVE = lazy(r"^([\u4e00-\u9fff]{2,4})[（(][\u4e00-\u9fff]{2,4}[）)](?=[\u4e00-\u9fff]{2})")

_UNIT_SUFFIX = lazy(r"^.*[（(]\s*(?:万元|元)\s*[)）]")


def _label_of(text: str, labels: tuple[tuple[str, str], ...]) -> tuple[str, str, str] | None:
    # a bracketed alternative inside the label (部门（单位）名称, 专项（项目）名称) is dropped
    t = _LABEL_ALTERNATIVE.sub(r"\1", compact_value(text))
    for word, attr in labels:
        if t.startswith(word):
            # the label's own tail (主管部门及代码, 实施单位名称, 项目名称（代码）) is not the value
            rest = _LABEL_TAIL.sub("", t[len(word) :])
            rest = re.sub(r"^[（(][^）)]*[）)]", "", rest).lstrip("：:")
            return word, attr, rest
    return None


@functools.lru_cache(maxsize=4096)  # a head cell is asked again by the row joiner, the info and funding readers (pure)
def info_label(text: str) -> tuple[str, str, str] | None:
    """The head label (项目名称, 主管部门 …) ``text`` starts with: (label, field, the rest)."""
    return _label_of(text, _INFO_LABELS)


def _read_head(table: PerformanceTable, rows: list[_Row], aligned: bool) -> dict[str, str]:
    info: dict[str, str] = {}
    funding_cols: list[tuple[int, str]] | None = None
    goal_cols: tuple[int, int] | None = None
    pending = ""  # label text carried over lines (PDF text breaks labels: 其中：财政拨 / 款)
    goal_parts: list[str] = []
    outcome_parts: list[str] = []
    in_goal = False
    tasks: _Tasks | None = None
    for row in rows:
        cells = row.cells
        first = compact_value(row.filled[0]) if row.filled else ""
        if first.startswith(_TASK_LABELS):
            tasks, in_goal = tasks or _Tasks(), False
            tasks.read(row)
            continue
        fcols = _funding_header(row)
        if tasks is not None and tasks.open:
            if any(first.startswith(g) for g in _GOAL_LABELS) or first.startswith(_HEAD_STARTS) or fcols:
                tasks.open = False
            else:
                tasks.read(row)
                continue
        # funding header row
        if fcols:
            funding_cols = fcols
            in_goal = False
            pending = ""
            continue
        # goal header row: 年度总体目标 | 预期目标 | 实际完成情况
        if any(first.startswith(g) for g in _GOAL_LABELS):
            in_goal = True
            pending = ""
            exp = [k for k, c in enumerate(cells) if compact_value(c).startswith("预期目标")]
            act = [k for k, c in enumerate(cells) if compact_value(c).startswith("实际完成")]
            if exp and act:
                goal_cols = (exp[0], act[0])
                continue
            rest = [c for c in cells[1:] if c and not info_label(c)]
            label = _label_of(cells[0] if cells[0] else row.filled[0], tuple((g, "goal") for g in _GOAL_LABELS))
            if label and label[2]:
                rest.insert(0, label[2])
            goal_parts.extend(_strip_funding_label(c) for c in rest if not _is_number(c))
            continue
        glued = next((g for g in _GOAL_LABELS if g in first and not first.startswith(g)), None)
        if glued is not None:
            # a goal row glued by the reader to the row above (项目资金（万元）项目总体目标 | …):
            # the long text cells are the goal, the label/number cells stay with their row
            long_texts = [
                c for c in cells[1:]
                if not _is_number(c) and (len(compact_value(c)) > 20 or _strip_funding_label(c) != c)
                and compact_value(_strip_funding_label(c))
            ]
            goal_parts.extend(_strip_funding_label(c) for c in long_texts)
            if first.startswith(tuple(w for w, _ in _INFO_LABELS)):
                _read_info_cells(info, _Row([c if c not in long_texts else "" for c in cells], row.locs, row.location))
                continue
            row = _Row([c if c not in long_texts else _funding_label_only(c) for c in cells], row.locs, row.location)
            cells = row.cells
        if in_goal and first and any(first.startswith(h) for h in _HEAD_STARTS):
            in_goal = False
        if in_goal:
            if goal_cols is not None and aligned:
                g, a = goal_cols
                goal_parts.extend(c for c in cells[g:a] if c)
                outcome_parts.extend(c for c in cells[a:] if c)
                if not any(cells[:g]) and g > 0:
                    pass
            else:
                goal_parts.append(" ".join(row.filled))
            continue
        if _read_info_cells(info, row, aligned):
            pending = ""
            continue
        pending = _read_funding_cells(table, row, funding_cols, pending, aligned)
    if tasks is not None:
        tasks.apply(table, aligned)
    for attr in ("department", "implementer", "contact", "phone"):
        if attr in info:
            setattr(table, attr, info[attr])
    if "name" in info:
        table.name = info["name"]
    elif "unit_name" in info and not table.implementer:
        table.implementer = info["unit_name"]
    if goal_parts:
        table.goal = _join_text(goal_parts)
    if outcome_parts:
        table.outcome = _join_text(outcome_parts)
    return info


@dataclass(slots=True)
class _Tasks:
    """The 年度主要任务 block: the amount columns named by its header (总额 / 财政拨款 / 其他资金),
    the 合计 row's amounts, and the sums of the task rows when no 合计 row is printed."""

    keys: list[str] = field(default_factory=list)
    total: list[Decimal] | None = None
    sums: list[Decimal] = field(default_factory=list)
    open: bool = True
    # a self-evaluation's block: 全年预算数 / 全年执行数 (each 总额 / 财政拨款 / 其他资金) | 分值 |
    # 执行率 | 得分 columns, and its 合计 row
    funding_cols: list[tuple[int, str]] | None = None
    total_row: _Row | None = None
    header_width: int = 0

    def read(self, row: _Row) -> None:
        texts = [compact_value(c) for c in row.filled]
        numbers = [v for v in (parse_number(t) for t in texts) if v is not None]
        if not numbers:
            fcols = _funding_header(row)
            if fcols:
                self.funding_cols, self.header_width = fcols, len(row.cells)
            keys = [attr for t in texts for word, attr in _AMOUNT_LABELS if t.startswith(word) and len(t) <= len(word) + 6]
            if keys:
                self.keys = list(dict.fromkeys(keys))
            return
        if texts and any(texts[0].startswith(w) or texts[0].endswith(w) for w in _TASK_TOTALS):
            self.total_row = row
        # the amounts are the trailing number cells of the row
        tail: list[Decimal] = []
        for t in reversed(texts):
            v = parse_number(t)
            if v is None:
                break
            tail.insert(0, v)
        if texts and any(texts[0].startswith(w) or texts[0].endswith(w) for w in _TASK_TOTALS):
            self.total = tail
        else:
            self.sums = [a + b for a, b in zip(self.sums, tail, strict=False)] + tail[len(self.sums):] if self.sums else tail

    def apply(self, table: PerformanceTable, aligned: bool) -> None:
        if table.table_kind == "self_evaluation" and self.funding_cols:
            self._apply_funding(table, aligned)
            return
        amounts = self.total if self.total is not None else self.sums
        keys = self.keys or ["amount", "amount_fiscal", "amount_other"]
        for key, value in zip(keys, amounts, strict=False):
            if getattr(table, key) is None:
                setattr(table, key, value)
                table.amount_from_tasks = True


    def _apply_funding(self, table: PerformanceTable, aligned: bool) -> None:
        """The 合计 row of a self-evaluation's task block as the table's funding row: by the
        header's positions in an aligned grid, else by count (each money column split into as
        many parts as the sub-header names, 分值 / 执行率 / 得分 one figure each)."""
        cols, row = self.funding_cols or [], self.total_row
        if row is None or table.funding:
            return
        fr = FundingRow(label=compact_value(row.filled[0]), location=row.location)
        if aligned and len(row.cells) == self.header_width:
            for k, key in cols:
                if k < len(row.cells):
                    _set_funding(fr, key, row.cells[k])
        else:
            values = [c for c in row.filled[1:] if _is_value_cell(c)]
            per = max(1, len(self.keys))
            money = ("initial_budget", "annual_budget", "executed")
            if len(values) != sum(per if key in money else 1 for _, key in cols):
                unsure(table, "funding", Message("parse.perf.reason.funding_row", where=where(row.location)))
                return
            at = 0
            for _, key in cols:
                _set_funding(fr, key, values[at])
                at += per if key in money else 1
        table.funding.append(fr)


def _strip_funding_label(text: str) -> str:
    """A goal cell that the reader glued to a funding label (``年度预算总额:该项目…``)."""
    t = compact_value(text)
    for word, _ in _AMOUNT_LABELS:
        if t.startswith(word):
            return re.sub(r"^[:：]", "", t[len(word) :])
    return text


def _funding_label_only(text: str) -> str:
    t = compact_value(text)
    for word, _ in _AMOUNT_LABELS:
        if t.startswith(word):
            return word
    return ""


def _join_text(parts: list[str]) -> str:
    return tidy(" ".join(p for p in parts if p and not is_blank(p)))


def _read_info_cells(info: dict[str, str], row: _Row, aligned: bool = True) -> bool:
    """Read labelled head cells (项目名称 X, 主管部门 Y …); true when the row had any."""
    cells = [c for c in row.cells if c]
    found = False
    for k, c in enumerate(cells):
        label = info_label(c)
        if label is None:
            continue
        found = True
        _, attr, rest = label
        value = "" if any(rest.startswith(g) for g in _GOAL_LABELS) else rest
        if not value:
            # the value cell; in PDF text a value printed with spaces is several tokens
            following = []
            for c2 in cells[k + 1 : len(cells) if not aligned else k + 2]:
                if info_label(c2) is not None:
                    break
                following.append(c2)
            value = " ".join(following)
        value = tidy(value)
        if value and attr not in info and not is_blank(value):
            info[attr] = value
    return found


def _funding_header(row: _Row) -> list[tuple[int, str]] | None:
    cols: list[tuple[int, str]] = []
    generic: set[int] = set()
    for k, c in enumerate(row.cells):
        t = compact_value(c)
        if not t or len(t) > 12:
            continue  # a heading is short: an empty or longer cell names no column
        for word, key in _FUNDING_COLUMNS:
            if word in t:
                cols.append((k, key))
                if word == _GENERIC_BUDGET:
                    generic.add(k)
                break
    if generic and any(key == "annual_budget" and k not in generic for k, key in cols):
        # a bare 预算数 beside a 全年/调整后预算 column is the heading over the amounts
        # (年度预算数（万元） | 年初预算 | 调整后预算数 …), standing over the label column
        cols = [(k, key) for k, key in cols if k not in generic]
    keys = {key for _, key in cols}
    if len(keys & {"initial_budget", "annual_budget", "executed"}) >= 2:
        return cols
    return None


def _read_funding_cells(
    table: PerformanceTable, row: _Row, cols: list[tuple[int, str]] | None, pending: str, aligned: bool
) -> str:
    cells = row.cells
    first_num = next((k for k, c in enumerate(cells) if c and _is_value_cell(c)), None)
    texts = [compact_value(c) for c in (cells if first_num is None else cells[:first_num]) if c]
    if first_num is None:
        if any(info_label(c) for c in cells if c):
            return ""
        if aligned and cols is not None:
            # a funding row with no figures (上年结转资金 left blank): a row of its own, its label
            # whole in its cell, never the start of the next row's label
            label = _UNIT_SUFFIX.sub("", "".join(texts))
            if label:
                table.funding.append(FundingRow(label=label, location=row.location))
            return ""
        return pending + "".join(texts)
    label = _UNIT_SUFFIX.sub("", pending + "".join(texts))
    if cols is not None:
        fr = FundingRow(label=label, location=row.location)
        values = [(k, c) for k, c in enumerate(cells) if k >= first_num and c]
        header_positions = [k for k, _ in cols]
        by_position = aligned and all(k in header_positions for k, _ in values)
        for n, (k, c) in enumerate(values):
            if by_position:
                key = next(key for pos, key in cols if pos == k)
            elif n < len(cols):
                key = cols[n][1]
            else:
                break
            _set_funding(fr, key, c)
        if label:
            table.funding.append(fr)
        return ""
    # target tables: label value pairs (年度预算总额 18.00 其中：财政拨款 18.00 其他资金 0.00)
    k = first_num
    while k < len(cells):
        value = parse_number(cells[k]) if cells[k] else None
        if value is not None:
            _set_amount(table, label, value, row.location)
            label = ""
        elif cells[k] and not is_blank(cells[k]):
            label = _UNIT_SUFFIX.sub("", label + compact_value(cells[k]))
        k += 1
    return label


def _is_value_cell(text: str) -> bool:
    t = compact_value(text)
    return _is_number(t) or t in {"-", "—", "——", "－", "/"}


def _set_funding(fr: FundingRow, key: str, text: str) -> None:
    if is_blank(text):
        return
    if key == "execution_rate":
        value = parse_percent(text) or parse_number(text)
    elif key in ("weight", "score"):
        value = parse_score(text)
    else:
        value = parse_number(text)
    if value is not None:
        setattr(fr, key, value)


def _set_amount(table: PerformanceTable, label: str, value: Decimal, location: Location) -> None:
    for word, attr in _AMOUNT_LABELS:
        if word in label:
            if getattr(table, attr) is None:
                setattr(table, attr, value)
            return
    if label:
        # 上级安排 / 本级安排 / 其他 of a unit target table
        table.funding.append(FundingRow(label=label, location=location, annual_budget=value))
