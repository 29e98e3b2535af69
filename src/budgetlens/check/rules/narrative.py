"""Narrative self-consistency: shares, changes, 预决算差异率, listed parts, staff, repeated figures,
comparison words, rates against a zero base."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding, Severity
from budgetlens.check.numeric import (
    HUNDRED,
    ROUND,
    TRUNCATE,
    change_rate_interval,
    choose_practice,
    diff_rate_interval,
    evidence_of,
    fits_practice,
    fmt,
    iv,
    ratio_interval,
    round_like,
    share_interval,
    stated_fits,
    sum_interval,
)
from budgetlens.check.registry import rule
from budgetlens.check.rules._facts import conflicts
from budgetlens.figures import Interval, decimals_of
from budgetlens.model import FactOccurrence, Statement
from budgetlens.patterns import lazy


def walk(statements: list[Statement], parent: Statement | None = None) -> Iterator[tuple[Statement, Statement | None]]:
    for s in statements:
        yield s, parent
        yield from walk(s.parts, s)


def _norm(text: str) -> str:
    return text.replace(" ", "").replace("的", "")


# wholes named after 占 (“占政府采购支出总额的…”) that are canonical facts
SHARE_OF_FACTS: dict[str, str] = {
    "政府采购支出总额": "procurement.total",
    "本年支出合计": "expense.current",
    "本年收入合计": "income.current",
    "收入总计": "income.total",
    "支出总计": "expense.total",
    "一般公共预算财政拨款支出": "gpb.expense",
    "“三公”经费支出": "sangong.total",
}


def _denominator(ctx: DocContext, s: Statement, parent: Statement | None) -> Decimal | None:
    """The whole a share is of; ``None`` when it cannot be told (then the share is not checked)."""
    if s.share_of:
        facts = ctx.disclosure.facts
        if s.share_of in facts:
            return facts[s.share_of]
        target = _norm(s.share_of)
        if parent is not None and parent.amount is not None and _norm(parent.subject) == target:
            return parent.amount
        alias = SHARE_OF_FACTS.get(target) or SHARE_OF_FACTS.get(target.replace("财政拨款", "", 1))
        if alias and alias in facts:
            return facts[alias]
        candidates = [c for c, _ in walk(ctx.disclosure.statements)
                      if c is not s and c.amount is not None and _norm(c.subject) == target]
        same_scope = [c for c in candidates if c.scope == s.scope]
        pick = same_scope or candidates
        return pick[0].amount if pick else None
    if parent is not None and parent.amount is not None:
        return parent.amount
    return None


def _implied_wholes(ctx: DocContext) -> dict[int, Decimal]:
    """The whole of each top-level share that names none (“一般公共服务支出（类）1,410.17万元，占88.66%”
    under a section heading): among the document's facts and the section's own amounts, the figure
    that most of the section's shares are of, when at least two of them and more than half agree on
    it, else the figure the listed amounts add up to. Keyed by ``id(statement)``."""
    groups: dict[str, list[Statement]] = {}
    for s in ctx.disclosure.statements:
        if s.share is not None and s.amount is not None and not s.share_of:
            groups.setdefault(s.scope, []).append(s)
    out: dict[int, Decimal] = {}
    candidates = {v for v in ctx.disclosure.facts.values() if v > 0}
    for scope, members in groups.items():
        if len(members) < 2:
            continue
        pool = candidates | {c.amount for c, _ in walk(ctx.disclosure.statements)
                             if c.scope == scope and c.amount is not None and c.amount > 0}
        best: tuple[int, Decimal] | None = None
        for whole in sorted(pool):
            fits = 0
            for m in members:
                if m.share is not None and m.amount is not None and m.amount <= whole:
                    fits += stated_fits(m.share, share_interval(m.amount, whole))
            if fits >= 2 and 2 * fits > len(members) and (best is None or fits > best[0]):
                best = (fits, whole)
        if best is None:
            # the list exhausts a known figure: its amounts add up to it
            amounts = [m.amount for m in members if m.amount is not None]
            total_iv = sum_interval(amounts)
            exhausted = sorted(w for w in pool if iv(w).meets(total_iv))
            if exhausted:
                best = (0, exhausted[0])
        if best is not None:
            out.update({id(m): best[1] for m in members})
    return out


def _parent_of(ctx: DocContext, target: Statement) -> Statement | None:
    return next((p for s, p in walk(ctx.disclosure.statements) if s is target), None)


# ---- the practice the document prints its rates by ------------------------------------------------

SHARES, CHANGES, DIFFS, COMPLETIONS = "shares", "change rates", "预决算差异率", "completion rates"


def _rate_checks(ctx: DocContext) -> Iterator[tuple[str, Decimal, Interval | None]]:
    """(group, stated rate, interval its own figures give) for every rate the text states that its
    own figures can check: shares of a whole the text names, change rates, 预决算差异率, 完成预算的%."""
    for s, parent in walk(ctx.disclosure.statements):
        if s.share is not None and s.amount is not None:
            whole = _denominator(ctx, s, parent)
            if whole is not None:
                yield SHARES, s.share, share_interval(s.amount, whole)
        c = s.change
        if c is not None and c.rate is not None and c.amount is not None and s.amount is not None \
                and c.direction in ("increase", "decrease"):
            yield CHANGES, c.rate, (ratio_interval(c.amount, c.prior) if c.prior is not None
                                    else change_rate_interval(s.amount, c.amount, c.direction == "increase"))
        elif c is not None and c.rate is not None and c.amount is None and c.prior is not None and s.amount is not None \
                and (s.amount > c.prior) == (c.direction == "increase") and s.amount != c.prior:
            yield CHANGES, c.rate, ratio_interval(abs(s.amount - c.prior), c.prior)
        actual = s.actual if s.actual is not None else s.amount
        if s.budget is not None and actual is not None:
            if s.diff_rate is not None:
                yield DIFFS, s.diff_rate, diff_rate_interval(s.budget, actual)
            if s.completion_rate is not None:
                yield COMPLETIONS, s.completion_rate, ratio_interval(actual, s.budget)


def practices(ctx: DocContext) -> dict[str, str]:
    """The practice (ROUND or TRUNCATE) of each group of rates, and of the document under the key
    ``"document"``: a group cuts when some of its rates fit only cutting and none fits only rounding;
    a group its own rates cannot tell follows the document. Worked out once per document (four
    rules and the report ask)."""
    return dict(ctx.shared("narrative.practices", _practices))


def _practices(ctx: DocContext) -> dict[str, str]:
    evidence: dict[str, list[str | None]] = {}
    for group, stated, computed in _rate_checks(ctx):
        evidence.setdefault(group, []).append(evidence_of(stated, computed))
    doc = choose_practice([e for es in evidence.values() for e in es]) or ROUND
    out = {g: choose_practice(es) or doc for g, es in evidence.items()}
    out["document"] = doc
    return out


def describe_practice(ctx: DocContext) -> str | None:
    """The practice assumed, in words, for the report: 'round', 'truncate', or per group when the
    groups differ; None when the text states no checkable rate."""
    found = practices(ctx)
    doc = found.pop("document")
    if not found:
        return None
    if all(p == doc for p in found.values()):
        return doc
    return "; ".join(f"{g}: {p}" for g, p in sorted(found.items()))


def _cut(message_id: str, practice: str) -> str:
    """The message id, or its ``_cut`` variant when the document cuts its rates (the message then
    says that neither cutting nor rounding gives the stated figure)."""
    return message_id + "_cut" if practice == TRUNCATE else message_id


@rule("BL501", "share", "A stated share (占X%) does not match its figures",
      severity="error", group="narrative", basis="share = part / whole × 100, from the rounded figures")
def share(ctx: DocContext) -> Iterator[Finding]:
    """Each “X万元，占Y%” is checked against X / whole, where the whole is the statement the part is
    listed under, or the quantity named after 占 (占本年支出合计的…), or — for a section's list of
    shares naming no whole — the figure most of the list's shares are of. Computed with intervals, so a
    share that holds after rounding is never flagged. A share that misses by one unit of its last
    digit while the shares listed with it add up to exactly 100% is not reported either: rounding
    shares so that the printed list totals 100% (largest remainder) is an accepted practice. A document
    that cuts its rates (72.468% printed 72.46%) is recognised from its own rates — some fit only
    cutting, none only rounding — and its cut shares are accepted; the practice assumed is reported
    with the document (``practice``). The same holds for BL502, BL503 and BL510."""
    implied: dict[int, Decimal] | None = None
    practice = practices(ctx).get(SHARES, ROUND)
    for s, parent in walk(ctx.disclosure.statements):
        if s.share is None or s.amount is None:
            continue
        whole = _denominator(ctx, s, parent)
        if whole is None and parent is None and not s.share_of:
            if implied is None:
                implied = _implied_wholes(ctx)
            whole = implied.get(id(s))
        if whole is None:
            continue
        computed = share_interval(s.amount, whole)
        if computed is None or fits_practice(s.share, computed, practice):
            continue
        # “其中：B…，占总额的Y%” under “A…，占总额的X%”: a part's share may be of its parent's whole
        if parent is not None and parent.share is not None:
            grand = _denominator(ctx, parent, _parent_of(ctx, parent))
            alt = share_interval(s.amount, grand) if grand is not None else None
            if alt is not None and fits_practice(s.share, alt, practice):
                continue
        expected = round_like(computed.mid, s.share)
        if _balanced_to_hundred(ctx, s, parent, expected):
            continue
        yield ctx.finding(
            _cut("BL501.share", practice),
            {"subject": s.subject, "amount": s.amount, "whole": whole, "unit": s.unit, "expected": expected,
             "stated": s.share},
            location=ctx.loc(s.location), expected=expected, actual=s.share, evidence=s.evidence,
            highlight=[f"{s.share:f}%"],
        )


def _balanced_to_hundred(ctx: DocContext, s: Statement, parent: Statement | None, expected: Decimal) -> bool:
    """Shares rounded so that the list totals exactly 100% (the largest-remainder practice: one
    share is moved by one unit of its last digit so that the printed shares add up): the share is
    off by at most one unit of its last digit and the shares listed with it (the parts of the same
    total, or the figures of the same sentence) add up to 100% exactly as printed."""
    assert s.share is not None
    unit = Decimal(1).scaleb(-max(0, -int(s.share.as_tuple().exponent)))
    if abs(expected - s.share) > unit:
        return False
    if parent is not None:
        shares = [p.share for p in parent.parts if p.share is not None]
        return len(shares) >= 2 and abs(sum(shares, Decimal(0)) - HUNDRED) < unit
    # a list with no total above it: the consecutive shares of its scope around it, one line each
    # or one sentence; two lists may follow each other, so any stretch of them holding it counts
    run, at = _share_run(ctx.disclosure.statements, s)
    shares = [c.share for c in run if c.share is not None]
    for i in range(at + 1):
        for j in range(max(at, i + 1), len(shares)):
            if abs(sum(shares[i : j + 1], Decimal(0)) - HUNDRED) < unit:
                return True
    return False


def _share_run(statements: list[Statement], s: Statement) -> tuple[list[Statement], int]:
    """The consecutive top-level statements of the share's scope that state a share of no named
    whole, and the share's position among them."""
    at = next((i for i, c in enumerate(statements) if c is s), None)
    if at is None:
        return [], 0

    def listed(c: Statement) -> bool:
        return c.share is not None and not c.share_of and c.scope == s.scope

    lo, hi = at, at
    while lo > 0 and listed(statements[lo - 1]):
        lo -= 1
    while hi + 1 < len(statements) and listed(statements[hi + 1]):
        hi += 1
    return statements[lo : hi + 1], at - lo


@rule("BL502", "change-rate", "A change rate does not match the change amount",
      severity="error", group="narrative",
      basis="rate = change / (current − change) × 100 for 增加; change / (current + change) for 减少")
def change_rate(ctx: DocContext) -> Iterator[Finding]:
    """“X万元，比上年增加Y万元，增长Z%” implies a prior value X − Y and Z = Y / (X − Y). Checked with
    exact interval bounds over the three rounded figures. Where the prior figure is printed (“X万元，
    比上年预算数P万元增加Y万元”), Y must be X − P and Z = Y / P. An increase larger than the figure
    itself (a negative prior value) is reported too. Whatever base the sentence names (上年预算数,
    上年执行数, 上年决算数), the rate is the change over that base — also when the base is printed in a
    clause of its own before the rate (“2023年预算执行数为P万元，2024年预算安排X万元，比2023年预算执行数
    增加Z%”: Z = (X − P) / P, and 增加 needs X > P). A document that cuts its rates
    is held to cutting (see BL501); the message shows the division."""
    practice = practices(ctx).get(CHANGES, ROUND)
    for s, _ in walk(ctx.disclosure.statements):
        c = s.change
        if c is not None and s.amount is not None and c.amount is None and c.prior is not None and c.rate is not None \
                and c.direction in ("increase", "decrease"):
            yield from _rate_from_prior(ctx, s, s.amount, c.prior, c.rate, c.direction == "increase", practice)
            continue
        if c is None or s.amount is None or c.amount is None or c.direction not in ("increase", "decrease"):
            continue
        increase = c.direction == "increase"
        if increase and iv(c.amount).lo >= iv(s.amount).hi:
            yield ctx.finding(
                "BL502.negative_prior", {"subject": s.subject, "amount": s.amount, "change": c.amount, "unit": s.unit},
                location=ctx.loc(s.location), actual=c.amount, evidence=s.evidence, highlight=[f"{c.amount:f}"],
            )
            continue
        if c.prior is not None:
            # "X万元，比上年预算数Y万元增加Z万元": the prior figure is printed, so Z = X − Y
            moved = iv(s.amount) - iv(c.prior) if increase else iv(c.prior) - iv(s.amount)
            if not moved.meets(iv(c.amount)):
                diff = s.amount - c.prior if increase else c.prior - s.amount
                yield ctx.finding(
                    "BL502.change_amount_increase" if increase else "BL502.change_amount_decrease",
                    {"subject": s.subject, "amount": s.amount, "prior": c.prior, "unit": s.unit,
                     "expected": round_like(diff, c.amount), "stated": c.amount},
                    location=ctx.loc(s.location), expected=round_like(diff, c.amount), actual=c.amount,
                    evidence=s.evidence, highlight=[f"{c.amount:f}"],
                )
                continue
        if c.rate is None:
            continue
        computed = (ratio_interval(c.amount, c.prior) if c.prior is not None
                    else change_rate_interval(s.amount, c.amount, increase))
        if computed is None or fits_practice(c.rate, computed, practice):
            continue
        prior = c.prior if c.prior is not None else s.amount - c.amount if increase else s.amount + c.amount
        expected = round_like(computed.mid, c.rate)
        # the prior figure printed, or implied by the change (上年数 = 本年数 ∓ 增减额): the message says which
        which = ("BL502.change_rate" if c.prior is not None
                 else "BL502.rate_of_increase" if increase else "BL502.rate_of_decrease")
        yield ctx.finding(
            _cut(which, practice),
            {"subject": s.subject, "amount": s.amount, "prior": prior, "change": c.amount, "unit": s.unit,
             "expected": expected, "stated": c.rate},
            location=ctx.loc(s.location), expected=expected, actual=c.rate, evidence=s.evidence,
            highlight=[f"{c.rate:f}%"],
        )


def _rate_from_prior(ctx: DocContext, s: Statement, current: Decimal, prior: Decimal, rate: Decimal,
                     increase: bool, practice: str) -> Iterator[Finding]:
    """“…执行数为P万元，…安排X万元，比…执行数增加Z%”: Z = (X − P) / P, and the word's direction is the
    figures'."""
    if current == prior:
        return
    if (current > prior) != increase:
        yield ctx.finding(
            "BL502.said_increase_but_fell" if increase else "BL502.said_decrease_but_rose",
            {"subject": s.subject, "amount": current, "prior": prior, "unit": s.unit, "stated": rate},
            location=ctx.loc(s.location), actual=rate, evidence=s.evidence, highlight=[f"{rate:f}%"],
        )
        return
    moved = current - prior if increase else prior - current
    computed = ratio_interval(moved, prior)
    if computed is None or fits_practice(rate, computed, practice):
        return
    expected = round_like(computed.mid, rate)
    yield ctx.finding(
        _cut("BL502.change_rate", practice),
        {"subject": s.subject, "amount": current, "prior": prior, "change": moved, "unit": s.unit,
         "expected": expected, "stated": rate},
        location=ctx.loc(s.location), expected=expected, actual=rate, evidence=s.evidence, highlight=[f"{rate:f}%"],
    )


@rule("BL503", "budget-final-diff-rate", "预决算差异率 does not match 预算数 and 决算数",
      severity="error", group="narrative", kinds=("final",),
      basis="预决算差异率 = (决算数 − 预算数) / 预算数 × 100 (部门决算公开模板)")
def diff_rate(ctx: DocContext) -> Iterator[Finding]:
    """The stated 预决算差异率 must equal (决算数 − 预算数) / 预算数. The same magnitude with the
    opposite sign is a warning (a reversed sign convention)."""
    practice = practices(ctx).get(DIFFS, ROUND)
    for s, _ in walk(ctx.disclosure.statements):
        actual = s.actual if s.actual is not None else s.amount
        if s.diff_rate is None or s.budget is None or actual is None:
            continue
        computed = diff_rate_interval(s.budget, actual)
        if computed is None or fits_practice(s.diff_rate, computed, practice):
            continue
        expected = round_like(computed.mid, s.diff_rate)
        reversed_sign = fits_practice(-s.diff_rate, computed, practice)
        yield ctx.finding(
            "BL503.diff_rate_sign_reversed" if reversed_sign else _cut("BL503.diff_rate", practice),
            {"subject": s.subject, "budget": s.budget, "actual": actual, "unit": s.unit, "expected": expected,
             "stated": s.diff_rate},
            location=ctx.loc(s.location), expected=expected, actual=s.diff_rate, evidence=s.evidence,
            highlight=[f"{s.diff_rate:f}%"], severity=Severity.WARNING if reversed_sign else None,
        )


@rule("BL510", "budget-completion-rate", "完成预算的% does not match 预算数 and 决算数",
      severity="error", group="narrative", kinds=("final",),
      basis="完成预算的比例 / 预算执行率 = 决算数 / 预算数 × 100")
def completion_rate(ctx: DocContext) -> Iterator[Finding]:
    """A stated share of the budget completed ("完成年初预算的98.20%", "预算执行率90.00%") must equal
    决算数 / 预算数 of the same statement. Where the sentence prints two 预算 figures (年初预算A万元，
    全年预算B万元) and the rate names one (完成年初预算的X%), X is checked against that one, and the
    message says when X is in fact the rate against the other."""
    practice = practices(ctx).get(COMPLETIONS, ROUND)
    for s, _ in walk(ctx.disclosure.statements):
        actual = s.actual if s.actual is not None else s.amount
        if s.completion_rate is None or s.budget is None or actual is None:
            continue
        named = _named_budget(s, s.budget)
        if named is not None:
            word, base = named
            if base == 0:
                continue  # a rate against a budget of 0: BL508
            computed = ratio_interval(actual, base)
            if computed is None or fits_practice(s.completion_rate, computed, practice):
                continue
            expected = round_like(computed.mid, s.completion_rate)
            against = ratio_interval(actual, s.budget)
            other = against is not None and fits_practice(s.completion_rate, against, practice)
            yield ctx.finding(
                "BL510.named_rate_of_other" if other else "BL510.named_rate",
                {"subject": s.subject, "actual": actual, "word": word, "base": base, "unit": s.unit,
                 "expected": expected, "stated": s.completion_rate, "other": s.budget},
                location=ctx.loc(s.location), expected=expected, actual=s.completion_rate, evidence=s.evidence,
                highlight=[f"{s.completion_rate:f}%"],
            )
            continue
        computed = ratio_interval(actual, s.budget)
        if computed is None or fits_practice(s.completion_rate, computed, practice):
            continue
        expected = round_like(computed.mid, s.completion_rate)
        yield ctx.finding(
            _cut("BL510.rate", practice),
            {"subject": s.subject, "actual": actual, "budget": s.budget, "unit": s.unit, "expected": expected,
             "stated": s.completion_rate},
            location=ctx.loc(s.location), expected=expected, actual=s.completion_rate, evidence=s.evidence,
            highlight=[f"{s.completion_rate:f}%"],
        )


_COMPLETION_NAMED = lazy(r"完成(?:了)?(年初|全年|调整)预算(?:数)?的?\s*(-?[\d.]+)\s*[%％]")


def _named_budget(s: Statement, budget: Decimal) -> tuple[str, Decimal] | None:
    """(年初/全年/调整, its figure) when the completion rate names which 预算 it is of (完成年初预算的X%)
    and the sentence prints that 预算 figure beside another (年初预算A万元，全年预算B万元): the figure
    the rate names, the one printed just before or after the statement's own 预算 figure. None
    when the rate names none, or the named figure is the statement's own, or it cannot be told."""
    assert s.completion_rate is not None
    text = re.sub(r"\s+", "", s.evidence)
    said = [m for m in _COMPLETION_NAMED.finditer(text) if Decimal(m.group(2)) == s.completion_rate]
    if len(said) != 1:
        return None
    word = said[0].group(1)
    value = _figure_beside(text, budget, word)
    return (word, value) if value is not None else None


# a 预算 figure opening a 预决算 comparison: "年初预算为2993.92万元", "全年预算数100万元"
_BUDGET_FIGURE = lazy(r"(年初|全年|调整)?预算(?:数)?(?:为|是)?[:：]?\s*(-?[\d,]+(?:\.\d+)?)\s*(亿元|万元|元)")
_UNIT_TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


def _figure_beside(text: str, budget: Decimal, word: str) -> Decimal | None:
    """The 预算 figure of the kind ``word`` (年初/全年/调整) printed just before or after the
    statement's own 预算 figure ``budget`` (with no 决算 between them), when that one is of another
    kind; None otherwise."""
    marks = list(_BUDGET_FIGURE.finditer(text))
    values: list[Decimal | None] = []
    for m in marks:
        try:
            values.append(Decimal(m.group(2).replace(",", "")) * _UNIT_TO_WAN[m.group(3)])
        except ArithmeticError:
            values.append(None)
    own = [i for i, v in enumerate(values) if v == budget]
    if len(own) != 1 or marks[own[0]].group(1) == word:
        return None
    i = own[0]
    beside = [j for j in (i - 1, i + 1) if 0 <= j < len(marks) and marks[j].group(1) == word and values[j] is not None
              and not re.search(r"决算", text[min(marks[i].end(), marks[j].end()):max(marks[i].start(), marks[j].start())])]
    return values[beside[0]] if len(beside) == 1 else None


@rule("BL504", "parts-sum", "Listed parts do not add up to their stated total",
      severity="error", group="narrative", basis="“X万元，其中：A…、B…、C…” lists the parts of X")
def parts_sum(ctx: DocContext) -> Iterator[Finding]:
    """When a statement lists two or more parts (其中：…), their sum cannot exceed the total; when
    it falls short, it is an error if the parts' shares total 100% and a warning otherwise (the
    list may name only the main parts) — nothing when the list says so itself (“…万元等”). Parts that
    add up to their total cannot have shares of it that add up to more than 100% plus what rounding
    each share can add (half a unit of its last digit each)."""
    for s, _ in walk(ctx.disclosure.statements):
        parts = [p for p in s.parts if p.amount is not None and p.unit == s.unit]
        if s.amount is None or len(parts) < 2:
            continue
        amounts = [p.amount for p in parts if p.amount is not None]
        total_iv = sum_interval(amounts)
        stated = iv(s.amount)
        if stated.meets(total_iv):
            over_shares = _shares_over_hundred(s, parts)
            if over_shares is not None:
                yield ctx.finding(
                    "BL504.shares_over_hundred",
                    {"subject": s.subject, "amount": s.amount, "unit": s.unit, "n": len(parts),
                     "shares": " + ".join(f"{fmt(p.share)}%" for p in parts if p.share is not None),
                     "total": over_shares},
                    location=ctx.loc(s.location), expected=HUNDRED, actual=over_shares, evidence=s.evidence,
                )
            continue
        total = sum(amounts, Decimal(0))
        shares = [p.share for p in parts if p.share is not None]
        exhaustive = len(shares) == len(parts) and abs(sum(shares, Decimal(0)) - HUNDRED) <= Decimal("0.1")
        over = total_iv.lo >= stated.hi
        if not over and not exhaustive and re.search(r"(?:万元|元|%)等", re.sub(r"\s+", "", s.evidence)):
            continue  # "其中：…0.70万元，…56.25万元等": the list says it names only some parts
        severity = None if over or exhaustive else Severity.WARNING
        yield ctx.finding(
            "BL504.parts_over" if over else "BL504.parts_short",
            {"subject": s.subject, "amount": s.amount, "unit": s.unit, "n": len(parts), "total": total,
             "parts": [p.subject for p in parts]},
            location=ctx.loc(s.location), expected=round_like(total, s.amount), actual=s.amount,
            evidence=s.evidence, highlight=[f"{s.amount:f}"], severity=severity,
        )


def _shares_over_hundred(s: Statement, parts: list[Statement]) -> Decimal | None:
    """The sum of the parts' shares of their total when it exceeds 100% by more than rounding each
    can add; None otherwise (or when a part states no share, or a share of another whole)."""
    shares = [p.share for p in parts if p.share is not None and (not p.share_of or _norm(p.share_of) == _norm(s.subject))]
    if len(shares) != len(parts):
        return None
    total = sum(shares, Decimal(0))
    slack = sum((Decimal(1).scaleb(-decimals_of(x)) / 2 for x in shares), Decimal(0))
    return total if total > HUNDRED + slack else None


@rule("BL505", "staff-counts", "Staff and organisation counts do not add up",
      severity="error", group="narrative",
      basis="实有人数 = 在职 + 退休 + 离休 (or 在职 alone); 下设N个科室 lists N names")
def staff_counts(ctx: DocContext) -> Iterator[Finding]:
    """实有人数 must equal 在职 + 退休 + 离休 (or, where the document counts only serving staff,
    在职); the number of 内设科室/下属单位 stated must equal the names listed — the names it counts:
    not those it leaves out itself (“机关党委（不纳入内设机构数）”, “24个处室和机关党委”), nor what
    follows the list (“；此外，纳入…的还有…”). A list whose reading is in doubt (a piece that is no
    name, a single name, names joined by 和 that could be one or two) is not compared."""
    unit = ctx.disclosure.unit
    st = unit.staff
    if st.actual is not None and st.in_service is not None:
        total = st.in_service + (st.retired or 0) + (st.retired_cadre or 0)
        if st.actual not in (total, st.in_service):
            yield ctx.finding(
                "BL505.staff",
                {"actual": st.actual, "in_service": st.in_service, "retired": st.retired or 0,
                 "retired_cadre": st.retired_cadre or 0, "total": total},
                location=ctx.loc(st.location), expected=Decimal(total), actual=Decimal(st.actual),
                evidence=st.evidence, highlight=[str(st.actual)],
            )
    where = unit.structure_location or st.location
    evidence = unit.structure_evidence or st.evidence
    for label, count, names in (("departments", unit.department_count, unit.departments),
                                ("sub_units", unit.sub_unit_count, unit.sub_units)):
        if count is None or not names:
            continue
        counted = _counted_names(names, evidence, count)
        if counted is not None and count != len(counted):
            yield ctx.finding(f"BL505.{label}", {"count": count, "listed": len(counted), "names": counted},
                              location=ctx.loc(where), expected=Decimal(len(counted)), actual=Decimal(count),
                              evidence=evidence)


# after the last name: "；此外，纳入…预算的还有…", "以上内设处室均纳入…", "；下设自收自支二级预算单位3个：…"
_LIST_ENDED = lazy(r"此外|以上|纳入|还有|下设|另设|另有")
# named but not counted, as the document says: "机关党委（不纳入内设机构数）"
_NOT_COUNTED = lazy(r"不纳入|不计入|不含|不占")
_NOT_A_NAME = lazy(r"[：:\d—－]|^.$")
_NAMED_BESIDE = lazy(r"\d+个[\u4e00-\u9fff]{1,6}?(?:和|及|以及)([\u4e00-\u9fff]{2,12}?)(?=[，,；;：:。]|分别|$)")


def _counted_names(names: list[str], evidence: str, count: int) -> list[str] | None:
    """The names a stated count counts, or ``None`` when the list read cannot be trusted to be the
    one counted: a piece that is no name (a page number, a lone colon), fewer than two names, or a
    difference that names joined by 和 (“机关服务中心和信息中心”: one name or two) could explain.
    The list ends where the sentence moves on (此外…, 以上…); names the document itself leaves out
    of the count (“（不纳入内设机构数）”, “内设24个处室和机关党委”) are not counted."""
    text = re.sub(r"\s+", "", evidence)
    beside = set(_NAMED_BESIDE.findall(text))
    out: list[str] = []
    for name in names:
        if _NOT_COUNTED.search(name) or name in beside:
            continue
        if _LIST_ENDED.search(name):
            break
        if _NOT_A_NAME.search(name):
            return None
        out.append(name)
    if len(out) < 2:
        return None
    joined = sum(1 for n in out if re.search(r"[和及与]", re.sub(r"[（(][^）)]*[）)]", "", n)))
    if len(out) < count <= len(out) + joined:
        return None
    return out


@rule("BL506", "restated-differently", "The same quantity is stated twice in the text with two values",
      severity="error", group="narrative", basis="One quantity, one figure")
def restated_differently(ctx: DocContext) -> Iterator[Finding]:
    """Two text statements of the same fact must agree. Most keys name their base (budget.gpb,
    sangong.total, procurement.total…) and are compared whatever scope the sentence was read in;
    keys whose base the sentence gives (budget.basic, budget.function.201… of the whole department or
    of 一般公共预算) only on the same base. 一般公共预算 stated in the section on 一般公共预算当年拨款
    may exceed its 拨款收入 by at most the 上年结转 the document states (templates define 当年拨款 with
    or without the fund's carryover). Facts that also appear in a table are left to BL401, which
    compares each text statement with the table."""
    occs = ctx.disclosure.fact_occurrences
    in_tables = {o.key for o in occs if o.origin == "table"}
    text = [o for o in occs if o.origin == "text" and o.key not in in_tables]
    pos = {id(o): i for i, o in enumerate(text)}
    based = [o for o in text if o.key.startswith(BASE_DEPENDENT_KEYS)]
    named = [o for o in text if not o.key.startswith(BASE_DEPENDENT_KEYS)]
    pairs = [*conflicts(based, lambda o: True, lambda o: True, lambda a, b: pos[id(a)] < pos[id(b)]),
             *conflicts(named, lambda o: True, lambda o: True, lambda a, b: pos[id(a)] < pos[id(b)], any_scope=True)]
    carried = _carryover(ctx)
    for ref, cand in pairs:
        if _with_carryover(ref, cand, carried):
            continue
        yield ctx.finding(
            "BL506.restated",
            {"key": cand.key, "value": cand.value, "unit": cand.unit, "ref_value": ref.value,
             "where": ctx.loc(ref.location).where("BL506.elsewhere")},
            location=ctx.occurrence_loc(cand), expected=ref.value, actual=cand.value, evidence=cand.evidence,
        )



# keys whose figure depends on the base the sentence names (the whole department, 财政拨款, 一般公共预算)
BASE_DEPENDENT_KEYS = ("budget.basic", "budget.project", "budget.function.", "expense.basic", "expense.project",
                       "expense.function.", "income.function.")
# keys stated on one base everywhere but in one section: 一般公共预算 is this year's 拨款收入 in the
# income and 财政拨款 sections, but the section on 一般公共预算当年拨款 (scope gpb) states it with or
# without the fund's 上年结转, as the template defines 当年拨款
SECTION_BASED_KEYS = {"budget.gpb": "gpb"}
_CARRYOVER = lazy(r"上年结转(?:结余)?(?:收入|资金)?$")


def _carryover(ctx: DocContext) -> Decimal | None:
    """The largest 上年结转(结余) the text states, the most a fund's carryover can be."""
    amounts = [s.amount for s, _ in walk(ctx.disclosure.statements)
               if s.amount is not None and _CARRYOVER.search(_norm(s.subject))]
    return max(amounts) if amounts else None


def _with_carryover(a: FactOccurrence, b: FactOccurrence, carried: Decimal | None) -> bool:
    """一般公共预算当年拨款 (its own section) = the fund's 拨款收入 (stated elsewhere) + at most the
    上年结转 the document states: the template counts the fund's carryover in 当年拨款."""
    section = SECTION_BASED_KEYS.get(a.key)
    if section is None or carried is None or (a.scope == section) == (b.scope == section):
        return False
    inner, outer = (a, b) if a.scope == section else (b, a)
    return iv(outer.value).lo <= iv(inner.value).hi and iv(inner.value).lo <= (iv(outer.value) + iv(carried)).hi
