"""Narrative self-consistency, continued: comparison words against the figures they describe
(BL507), rates stated against a base of zero (BL508), a 类 amount against its 项 (BL509)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding, Severity
from budgetlens.check.numeric import (
    fmt,
    iv,
    round_like,
    sum_interval,
)
from budgetlens.check.registry import rule
from budgetlens.check.rules.narrative import _BUDGET_FIGURE, _UNIT_TO_WAN, _figure_beside, walk
from budgetlens.model import Statement
from budgetlens.patterns import lazy

_WORDS = {"increase": "增加/增长", "decrease": "减少/下降", "flat": "持平"}


@rule("BL507", "direction-words", "A comparison word contradicts the figures it describes",
      severity="error", group="narrative", basis="增加/增长 need a positive change, 减少/下降 a negative one, 持平 none")
def direction_words(ctx: DocContext) -> Iterator[Finding]:
    """增加 paired with 下降 (or 减少 with 增长), 持平 with a non-zero change, and a signed figure
    after a direction word (“下降-5%”). “增加0.00万元，增长0.00%” is the templates' way of writing
    持平 and is not reported. A comparison of 决算 with 预算 (决算数大于/小于/等于年初预算数, 与预算持平,
    较预算增加/减少), in the same sentence as the figures or a later one before the next 预算 figure,
    is judged against the 预算 and 决算 figures it follows: 大于 with 决算 < 预算 is an error (equal
    printed figures are not judged against 大于/小于: rounding may hide the difference)."""
    for s, _ in walk(ctx.disclosure.statements):
        c = s.change
        if c is None:
            continue
        loc = ctx.loc(s.location)
        if c.rate_direction and c.direction in ("increase", "decrease") and c.rate_direction in ("increase", "decrease") \
                and c.rate_direction != c.direction:
            yield ctx.finding("BL507.amount_vs_rate_words",
                              {"subject": s.subject, "amount_words": _WORDS[c.direction],
                               "rate_words": _WORDS[c.rate_direction]},
                              location=loc, evidence=s.evidence)
            continue
        values = [v for v in (c.amount, c.rate) if v is not None]
        if c.direction == "flat" and any(v != 0 for v in values):
            yield ctx.finding("BL507.flat_but_changed",
                              {"subject": s.subject,
                               "change": [f"{fmt(v)}{s.unit}" for v in (c.amount,) if v is not None]
                               + [f"{fmt(v)}%" for v in (c.rate,) if v is not None]},
                              location=loc, evidence=s.evidence)
        elif c.direction in ("increase", "decrease") and any(v < 0 for v in values):
            yield ctx.finding("BL507.negative_after_word", {"subject": s.subject, "words": _WORDS[c.direction]},
                              location=loc, evidence=s.evidence, severity=Severity.WARNING)
    for s, _ in walk(ctx.disclosure.statements):
        actual = s.actual if s.actual is not None else s.amount
        if s.budget is None or actual is None:
            continue
        said = _budget_actual_comparison(s, s.budget)
        if said is None:
            continue
        word, relation, base = said
        holds = {">": actual >= base, "<": actual <= base, "=": actual == base}[relation]
        if not holds:
            yield ctx.finding(
                "BL507.budget_actual_word",
                {"subject": s.subject, "budget": base, "actual": actual, "unit": s.unit, "word": word},
                location=ctx.loc(s.location), expected=base, actual=actual,
                evidence=s.evidence + (s.followed_by or ""),
                highlight=[word],
            )


@rule("BL508", "zero-base", "A rate stated against a base of zero",
      severity="warning", group="narrative",
      basis="A change rate, share or 差异率 is undefined when its base is 0")
def zero_base(ctx: DocContext) -> Iterator[Finding]:
    """增长 Z% when the prior figure was 0 (current = change), or 预决算差异率 or 完成预算的X% when the
    budget was 0, with a non-zero rate: the rate is undefined, and 增长100.00% from nothing misstates the change.
    0.00% on a base of 0 (0.00 → 0.00, “增加0.00万元，增长0.00%”) is no change and is not reported."""
    for s, _ in walk(ctx.disclosure.statements):
        c = s.change
        checks: list[tuple[str, Decimal, bool]] = []  # (message id, rate, nothing changed)
        if c is not None and c.rate is not None and s.amount is not None and c.amount is not None:
            prior = s.amount - c.amount if c.direction == "increase" else s.amount + c.amount
            if c.direction in ("increase", "decrease", "flat") and prior == 0:
                checks.append(("BL508.change_rate", c.rate, c.amount == 0))
        actual = s.actual if s.actual is not None else s.amount
        if s.diff_rate is not None and s.budget is not None and s.budget == 0:
            checks.append(("BL508.diff_rate", s.diff_rate, actual is not None and actual == 0))
        if s.completion_rate is not None and s.budget is not None and s.budget == 0:
            checks.append(("BL508.completion_rate", s.completion_rate, actual is not None and actual == 0))
        for what, rate, unchanged in checks:
            if rate == 0 and unchanged:
                continue
            yield ctx.finding(what, {"subject": s.subject, "rate": rate},
                              location=ctx.loc(s.location), actual=rate, evidence=s.evidence,
                              highlight=[f"{rate:f}%"])


_ACTUAL_SIDE = r"(?:支出)?决算(?:数|支出)?|实际支出(?:数)?|执行数"
_BUDGET_SIDE = r"(?:年初|全年|调整)?预算(?:数)?"
_RELATION = {"大于": ">", "高于": ">", "超过": ">", "超出": ">", "多于": ">", "增加": ">", "增长": ">",
             "小于": "<", "低于": "<", "少于": "<", "减少": "<", "下降": "<",
             "等于": "=", "持平": "=", "相等": "=", "一致": "="}
_REL = "|".join(_RELATION)
# "决算数大于年初预算数", "决算数较年初预算增加", "决算数与预算数持平" — the 决算 side first
# (both sides named: "决算增加的主要原因" may be against the prior year)
_REL_CMP = "大于|高于|超过|超出|多于|小于|低于|少于|等于"
_COMPARED = lazy(
    rf"(?:{_ACTUAL_SIDE})(?:(?:比|较|与|同)(?P<b1>年初|全年|调整)?预算(?:数)?(?:相比)?(?P<r1>{_REL})"
    rf"|(?P<r2>{_REL_CMP})(?P<b2>年初|全年|调整)?预算(?:数)?)")
# "预算数大于决算数": the 预算 side first (the relation reversed)
_COMPARED_REVERSED = lazy(rf"(?P<b1>年初|全年|调整)?预算(?:数)?(?P<r1>大于|高于|超过|多于|小于|低于|少于)(?:{_ACTUAL_SIDE})")
_REVERSE = {">": "<", "<": ">", "=": "="}


def _budget_segments(text: str) -> list[tuple[str | None, Decimal, str]]:
    """(budget word 年初/全年/调整 or None, 预算 figure in 万元, the text from it to the next 预算
    figure) for each 预算 figure of a paragraph: a comparison sentence belongs to the figures before
    it, wherever the sentence breaks."""
    marks = list(_BUDGET_FIGURE.finditer(text))
    out: list[tuple[str | None, Decimal, str]] = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        try:
            value = Decimal(m.group(2).replace(",", "")) * _UNIT_TO_WAN[m.group(3)]
        except ArithmeticError:
            continue
        out.append((m.group(1), value, text[m.end():end]))
    return out


def _budget_actual_comparison(s: Statement, budget: Decimal) -> tuple[str, str, Decimal] | None:
    """(word, relation '>'/'<'/'=' of 决算 to 预算, the 预算 figure it is of) that the text says of this
    statement's figures: in the stretch after its 预算 figure (the only one of the paragraph with
    that value), the first comparison of 决算 with 预算 — of the 预算 it names (年初/全年) when the
    sentence prints that one beside the statement's own. None when there is none or the stretch
    cannot be told."""
    text = re.sub(r"\s+", "", s.evidence + (s.followed_by or ""))
    mine = [seg for _, value, seg in _budget_segments(text) if value == budget]
    if len(mine) != 1:
        return None
    seg = mine[0]
    hits: list[tuple[int, str, str, str | None]] = []
    for m in _COMPARED.finditer(seg):
        word = m.group("r1") or m.group("r2")
        hits.append((m.start(), word, _RELATION[word], m.group("b1") or m.group("b2")))
    for m in _COMPARED_REVERSED.finditer(seg):
        hits.append((m.start(), m.group("r1"), _REVERSE[_RELATION[m.group("r1")]], m.group("b1")))
    if not hits:
        return None
    _, word, relation, named = min(hits)
    base = _figure_beside(text, budget, named) if named else None
    return word, relation, budget if base is None else base


_LEVEL_MARK = lazy(r"[(（]\s*(类|款|项)\s*[)）]")


def _levels(subject: str) -> list[tuple[str, str]]:
    """(level, name) pairs of a subject written “A(类)B(款)C(项)”; [] when it is not written so."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _LEVEL_MARK.finditer(subject):
        out.append((m.group(1), re.sub(r"\s+", "", subject[pos:m.start()])))
        pos = m.end()
    return out if out and pos == len(subject.rstrip()) else []


@rule("BL509", "class-vs-items", "A 类 (or 款) amount in the text ≠ the sum of its 项 stated below",
      severity="error", group="narrative",
      basis="政府收支分类科目: a 类 is the sum of its 款 and 项; the text states both levels")
def class_vs_items(ctx: DocContext) -> Iterator[Finding]:
    """The text states “一般公共服务支出(类)469.31万元” and, further on, every “一般公共服务支出(类)…(款)
    …(项)” amount. On the same base (scope) and unit, the 项 amounts under a 类 (or 款) add up to it:
    more is an error; less is a warning (the text may list only the main 项)."""
    stated: dict[tuple[str, str, tuple[str, ...]], Statement] = {}
    items: dict[tuple[str, str], list[tuple[tuple[str, ...], Statement]]] = {}
    for s, _ in walk(ctx.disclosure.statements):
        if s.amount is None:
            continue
        lv = _levels(s.subject)
        if not lv:
            continue
        path = tuple(name for _, name in lv)
        if lv[-1][0] == "项":
            items.setdefault((s.scope, s.unit), []).append((path, s))
        else:
            stated.setdefault((s.scope, s.unit, path), s)
    for (scope, unit, path), whole in stated.items():
        assert whole.amount is not None
        kids = [s for p, s in items.get((scope, unit), []) if p[:len(path)] == path and len(p) > len(path)]
        if not kids:
            continue
        amounts = [k.amount for k in kids if k.amount is not None]
        total_iv = sum_interval(amounts)
        stated_iv = iv(whole.amount)
        if stated_iv.meets(total_iv):
            continue
        added = sum(amounts, Decimal(0))
        over = total_iv.lo >= stated_iv.hi
        yield ctx.finding(
            "BL509.items_over" if over else "BL509.items_short",
            {"subject": whole.subject, "amount": whole.amount, "unit": whole.unit, "n": len(kids), "total": added},
            location=ctx.loc(whole.location), expected=round_like(added, whole.amount), actual=whole.amount,
            evidence=whole.evidence, highlight=[f"{whole.amount:f}"], severity=None if over else Severity.WARNING,
        )
