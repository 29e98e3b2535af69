"""Recompute the scores of a 绩效自评表 under a profile and compare them with the stated ones.

Every recomputed score is an interval: the published inputs (amounts, 完成率, 执行率) are rounded,
so the score they imply is a range. A stated score agrees when its own rounding interval meets
that range; honest rounding is never a difference, a one-cent error is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from budgetlens.figures import Interval, decimals_of
from budgetlens.i18n import msg, t
from budgetlens.model.performance import FundingRow, Indicator, PerformanceTable
from budgetlens.score.measure import (
    DateValue,
    Parsed,
    Qualitative,
    Quantity,
    convert,
    parse_measure,
    units_compatible,
)
from budgetlens.score.profile import ROUNDINGS, ExecutionRule, Grade, Method, Profile

HUNDRED = Decimal(100)
ONE = Decimal(1)
ZERO = Decimal(0)
CENT = Decimal("0.01")

AGREE = "agree"
DIFFER = "differ"
NO_STATED = "no_stated"  # recomputed, but the table states no score
UNSCORED = "unscored"  # the inputs do not allow a recomputation

# A formula or a note is a message (``budgetlens.i18n.msg``: an id of data/i18n/scoring.yaml with its
# parameters, which may be messages themselves), rendered in the reader's language when it is shown;
# its figures are passed as the strings a formula prints (``fmt``: 10, 8.9, 97.53%).
Msg = dict[str, Any]


def plain(text: str) -> Msg:
    """A formula that is figures and signs only, the same in every language."""
    return msg("score.formula.plain", text=text)


def then(first: Msg | str, second: Msg | str) -> Msg:
    """Two steps of one computation: “a；b” / “a; b”."""
    return msg("score.formula.then", first=first, second=second)


def render_msg(value: Msg | None, lang: str | None = None) -> str:
    """A formula or note in ``lang`` (the current language by default); "" for none."""
    if not value:
        return ""
    return t(value["id"], lang, **dict(value.get("params") or {}))


@dataclass(slots=True)
class IndicatorScore:
    indicator: Indicator
    method: str  # the profile's method name (proportional, graded, …)
    basis: str  # "ratio" | "graded" | "direct" | "none"
    stated: Decimal | None
    recomputed: Decimal | None
    low: Decimal | None
    high: Decimal | None
    formula_msg: Msg | None  # how the score was recomputed, or why it could not be (a message)
    status: str
    stated_rate: Decimal | None = None  # percent as printed
    computed_rate: Decimal | None = None  # percent, from the figures
    rate_agrees: bool | None = None
    grade: str | None = None
    note_msg: Msg | None = None

    @property
    def formula(self) -> str:
        """The formula in the current language."""
        return render_msg(self.formula_msg)

    @property
    def note(self) -> str:
        return render_msg(self.note_msg)

    @property
    def difference(self) -> Decimal | None:
        if self.stated is None or self.recomputed is None:
            return None
        return self.stated - self.recomputed


@dataclass(slots=True)
class ExecutionScore:
    label: str
    weight: Decimal
    annual_budget: Decimal | None
    executed: Decimal | None
    stated_rate: Decimal | None
    computed_rate: Decimal | None
    rate_agrees: bool | None
    stated: Decimal | None
    recomputed: Decimal | None
    low: Decimal | None
    high: Decimal | None
    formula_msg: Msg | None
    status: str
    rounding: str = "half_up"

    @property
    def formula(self) -> str:
        """The formula in the current language."""
        return render_msg(self.formula_msg)

    @property
    def difference(self) -> Decimal | None:
        if self.stated is None or self.recomputed is None:
            return None
        return self.stated - self.recomputed


@dataclass(slots=True)
class TableScore:
    table: PerformanceTable
    profile: str
    indicators: list[IndicatorScore] = field(default_factory=list)
    execution: ExecutionScore | None = None
    weight_sum: Decimal | None = None
    stated_total: Decimal | None = None
    recomputed_total: Decimal | None = None
    total_low: Decimal | None = None
    total_high: Decimal | None = None
    total_formula_msg: Msg | None = None
    total_status: str = UNSCORED
    stated_sum: Decimal | None = None  # Σ stated scores (+ stated execution score)
    sum_agrees: bool | None = None  # stated total = Σ stated scores, profile-independent

    @property
    def total_formula(self) -> str:
        return render_msg(self.total_formula_msg)

    def items(self) -> list[IndicatorScore | ExecutionScore]:
        out: list[IndicatorScore | ExecutionScore] = []
        if self.execution is not None:
            out.append(self.execution)
        out.extend(self.indicators)
        return out

    @property
    def compared(self) -> int:
        return sum(1 for i in self.items() if i.status in (AGREE, DIFFER))

    @property
    def agreeing(self) -> int:
        return sum(1 for i in self.items() if i.status == AGREE)

    @property
    def differing(self) -> list[IndicatorScore | ExecutionScore]:
        return [i for i in self.items() if i.status == DIFFER]


# -------------------------------------------------------------------------------------- utilities


def fmt(value: Decimal | None, places: int = 2) -> str:
    """A number as a person writes it: ``4.45``, ``10``, ``8.9``."""
    if value is None:
        return "—"
    q = value.quantize(Decimal(10) ** -places, rounding=ROUND_HALF_UP)
    text = format(q, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def pct(value: Decimal | None, places: int = 2) -> str:
    return "—" if value is None else f"{fmt(value, places)}%"


def round_score(value: Decimal, rounding: str = "half_up") -> Decimal:
    return value.quantize(CENT, rounding=ROUND_DOWN if rounding == "down" else ROUND_HALF_UP)


def stated_interval(value: Decimal, rounding: str = "half_up", min_places: int = 2) -> Interval:
    """The true values a printed score stands for. Scores are kept to at least 0.01 even when
    printed as ``10`` or ``8.9``; a profile whose documents cut (truncate) rounds ``down``."""
    places = max(decimals_of(value), min_places)
    unit = Decimal(10) ** -places
    if rounding == "down":
        return Interval(value, value + unit)
    return Interval(value - unit / 2, value + unit / 2)


def agrees(stated: Decimal, low: Decimal, high: Decimal, rounding: str = "half_up") -> bool:
    s = stated_interval(stated, rounding)
    if rounding == "down":
        return s.lo <= high and low < s.hi
    return s.overlaps(Interval(low, high))


def _band_of(grades: tuple[Grade, ...], rate_pct: Decimal) -> Grade:
    """The grade whose band holds a completion rate (bands are percent of the weight)."""
    ordered = sorted(grades, key=lambda g: g.band[0])
    for g in reversed(ordered):
        if rate_pct >= g.band[0]:
            return g
    return ordered[0]


def grade_of_text(grades: tuple[Grade, ...], text: str) -> Grade | None:
    """The grade a qualitative actual value names; grades are tried in profile order, so
    “未达到” and “基本达到” are recognised before “达到”."""
    for g in grades:
        if any(w in text for w in g.words):
            return g
    return None


def _is_cost(ind: Indicator) -> bool:
    return "成本" in ind.level1 or "成本" in ind.level2


# ----------------------------------------------------------------------------- ratio scoring


def _ratio_value(x: Decimal, w: Decimal, method: Method | ExecutionRule, overshoot: str) -> Decimal:
    """Score for completion ``x`` (a fraction) under a ratio method."""
    if x >= ONE:
        if overshoot == "deviation":
            return w * max(ZERO, ONE - (x - ONE))
        return w
    if x <= ZERO:
        return ZERO
    if method.shortfall == "linear_floor":
        f = method.floor / HUNDRED
        return w * max(ZERO, (x - f) / (ONE - f))
    return w * x


def _ratio_interval(r: Interval, w: Decimal, method: Method | ExecutionRule, overshoot: str) -> Interval:
    points = [r.lo, r.hi]
    if r.lo < ONE < r.hi:
        points.append(ONE)
    values = [_ratio_value(p, w, method, overshoot) for p in points]
    return Interval(min(values), max(values))


def _ratio_formula(w: Decimal, x_text: str, x: Decimal, score: Decimal,
                   method: Method | ExecutionRule, overshoot: str) -> Msg:
    """The computation for completion ``x`` shown as ``x_text``."""
    ws = fmt(w)
    if x >= ONE:
        if overshoot == "deviation":
            if x > ONE:
                if score <= ZERO:
                    return plain(f"{ws} × max(0, 1 − ({x_text} − 100%)) = 0")
                return plain(f"{ws} × (1 − ({x_text} − 100%)) = {fmt(score)}")
            return msg("score.formula.full_marks", rate=x_text, weight=ws)
        if x > ONE:
            return msg("score.formula.full_marks_over", rate=x_text, weight=ws)
        return msg("score.formula.full_marks", rate=x_text, weight=ws)
    if method.shortfall == "linear_floor":
        fl = method.floor
        if x * HUNDRED <= fl:
            return plain(f"{x_text} ≤ {fmt(fl)}% → 0")
        return plain(f"{ws} × ({x_text} − {fmt(fl)}%) ÷ {fmt(HUNDRED - fl)}% = {fmt(score)}")
    return plain(f"{ws} × {x_text} = {fmt(score)}")



# ------------------------------------------------------------------------------------ inputs


@dataclass(slots=True)
class QuantityInputs:
    """What a quantity indicator's figures say whatever the profile (read once per document)."""

    target: Quantity
    actual: Quantity  # in the target's unit when the two convert
    note: Msg | None  # why the two cannot be compared (units that do not convert), else None
    lower: bool  # a “≤”/“<” target, or a cost target printed without a comparator
    cost: bool
    ratio_iv: Interval | None  # actual ÷ target; computed only when the target is positive
    inverse_iv: Interval | None  # target ÷ actual; computed only for a missed lower target, actual > 0


@dataclass(slots=True)
class IndicatorInputs:
    """An indicator's target and actual value as read, and its stated score's rounding interval."""

    target: Parsed | None
    actual: Parsed | None
    stated_iv: Interval | None  # half-up, as every indicator score is compared
    quantity: QuantityInputs | None = None


def prepare_indicator(ind: Indicator) -> IndicatorInputs:
    target = parse_measure(ind.target)
    actual = parse_measure(ind.actual)
    stated = ind.stated_score
    inputs = IndicatorInputs(target, actual, None if stated is None else stated_interval(stated))
    if isinstance(target, Quantity) and isinstance(actual, Quantity):
        note = None if units_compatible(actual, target) else msg(
            "score.note.units_differ", actual=actual.unit or "", target=target.unit or "")
        converted = convert(actual, target)
        cost = _is_cost(ind)
        cmp = target.comparator
        lower = cmp in ("<=", "<") or (cmp is None and cost)
        t, a = target.value, converted.value
        t_iv, a_iv = target.interval, converted.interval
        ratio_iv = a_iv / t_iv if t > ZERO else None
        inverse_iv = t_iv / a_iv if lower and a > t and a > ZERO else None
        inputs.quantity = QuantityInputs(target, converted, note, lower, cost, ratio_iv, inverse_iv)
    return inputs


@dataclass(slots=True)
class ExecutionInputs:
    """The 预算执行率 row's figures, whatever the profile."""

    label: str
    level: str
    weight: Decimal
    annual: Decimal | None
    executed: Decimal | None
    stated_rate: Decimal | None
    computed_rate: Decimal | None
    rate_iv: Interval | None  # percent
    rate_agrees: bool | None
    stated: Decimal | None
    stated_ivs: dict[str, Interval]  # the stated score's interval by rounding


def prepare_execution(table: PerformanceTable) -> ExecutionInputs | None:
    rows = _execution_rows(table)
    if rows is None:
        return None
    scored, figures = rows
    w = scored.weight if scored.weight is not None else Decimal(10)
    annual, executed = figures.annual_budget, figures.executed
    stated_rate = scored.execution_rate
    computed_rate: Decimal | None = None
    rate_iv: Interval | None = None
    if annual is not None and executed is not None and annual > ZERO:
        computed_rate = executed / annual * HUNDRED
        q = Interval.of(executed, 2) / Interval.of(annual, 2)
        rate_iv = q.scale(HUNDRED) if q is not None else None
    rate_agrees = (Interval.of(stated_rate).overlaps(rate_iv)
                   if stated_rate is not None and rate_iv is not None else None)
    stated = scored.score
    ivs = {} if stated is None else {r: stated_interval(stated, r) for r in ROUNDINGS}
    return ExecutionInputs(scored.label, table.level, w, annual, executed, stated_rate, computed_rate,
                           rate_iv, rate_agrees, stated, ivs)


class ScoringInputs:
    """The profile-independent readings of one document's tables, computed on first use and shared
    by every candidate profile. Keyed by object identity (the objects are held, so an id is never
    reused while it lives); make one per document and let it go with the document."""

    __slots__ = ("_executions", "_indicators", "_methods")

    def __init__(self) -> None:
        self._indicators: dict[int, tuple[Indicator, IndicatorInputs]] = {}
        self._executions: dict[int, tuple[PerformanceTable, ExecutionInputs | None]] = {}
        self._methods: dict[tuple[int, str | None], tuple[Profile, Method]] = {}

    def indicator(self, ind: Indicator) -> IndicatorInputs:
        hit = self._indicators.get(id(ind))
        if hit is None:
            hit = self._indicators[id(ind)] = (ind, prepare_indicator(ind))
        return hit[1]

    def execution(self, table: PerformanceTable) -> ExecutionInputs | None:
        hit = self._executions.get(id(table))
        if hit is None:
            hit = self._executions[id(table)] = (table, prepare_execution(table))
        return hit[1]

    def method(self, profile: Profile, rule: str | None) -> Method:
        key = (id(profile), rule)
        hit = self._methods.get(key)
        if hit is None:
            hit = self._methods[key] = (profile, profile.method_for_rule(rule))
        return hit[1]


# ------------------------------------------------------------------------------- indicators


def _agrees_iv(s: Interval, low: Decimal, high: Decimal, rounding: str) -> bool:
    """:func:`agrees` with the stated interval already computed."""
    if rounding == "down":
        return s.lo <= high and low < s.hi
    return s.lo <= high and low <= s.hi


def _finish(ind: Indicator, method: Method, basis: str, low: Decimal | None, high: Decimal | None,
            point: Decimal | None, formula: Msg | None, stated_iv: Interval | None = None,
            **extra: object) -> IndicatorScore:
    stated = ind.stated_score
    if point is None or low is None or high is None:
        status = UNSCORED
    elif stated is None:
        status = NO_STATED
    elif stated_iv is not None:
        status = AGREE if _agrees_iv(stated_iv, low, high, "half_up") else DIFFER
    else:
        status = AGREE if agrees(stated, low, high) else DIFFER
    score = IndicatorScore(
        indicator=ind,
        method=method.name,
        basis=basis,
        stated=stated,
        recomputed=None if point is None else round_score(point),
        low=low,
        high=high,
        formula_msg=formula,
        status=status,
        stated_rate=ind.completion_rate,
    )
    for key, value in extra.items():
        setattr(score, key, value)
    return score


def _unscored(ind: Indicator, method: Method, why: Msg) -> IndicatorScore:
    return _finish(ind, method, "none", None, None, None, why)


def _graded_band(ind: Indicator, method: Method, w: Decimal, grade: Grade, lead: Msg | str,
                 fallback_pct: Decimal, stated_iv: Interval | None, describe: bool,
                 **extra: object) -> IndicatorScore:
    lo, hi = grade.band
    low, high = w * lo / HUNDRED, w * hi / HUNDRED
    stated = ind.stated_score
    if stated is not None:
        point = min(max(stated, low), high)
    else:
        point = w * min(max(fallback_pct, lo), hi) / HUNDRED
    formula: Msg | None = None
    if not describe:
        pass
    elif low == high:
        formula = msg("score.formula.grade_point", lead=lead, grade=grade.name,
                      computation=f"{fmt(w)} × {fmt(lo)}% = {fmt(low)}")
    else:
        formula = msg("score.formula.grade_band", lead=lead, grade=grade.name, band=f"{fmt(lo)}–{fmt(hi)}%",
                      computation=f"{fmt(w)} × [{fmt(lo)}%, {fmt(hi)}%] = {fmt(low)}–{fmt(high)}")
    return _finish(ind, method, "graded", low, high, point, formula, stated_iv, grade=grade.name, **extra)


def _top_grade(profile: Profile) -> Grade:
    return max(profile.grades, key=lambda g: (g.band[1], g.band[0]))


def _score_qualitative(ind: Indicator, profile: Profile, method: Method, w: Decimal,
                       target: Parsed | None, actual: Parsed | None, stated_iv: Interval | None,
                       describe: bool) -> IndicatorScore:
    actual_text = ind.actual.text.strip() if ind.actual and ind.actual.text else ""
    if isinstance(actual, Qualitative):
        actual_text = actual.text
    grade = grade_of_text(profile.grades, actual_text) if actual_text else None
    lead: Msg | str = msg("score.formula.quoted", text=actual_text) if describe else ""
    if grade is None and isinstance(target, Qualitative) and actual_text and actual_text == target.text:
        grade = _top_grade(profile)
        if describe:
            lead = msg("score.formula.as_targeted", text=actual_text)
    if grade is None and ind.completion_rate is not None:
        rate = ind.completion_rate
        if method.kind == "ratio" and profile.use_stated_rate:
            x = rate / HUNDRED
            r = Interval.exact(x)
            iv = _ratio_interval(r, w, method, method.overshoot)
            point = _ratio_value(x, w, method, method.overshoot)
            formula: Msg | None = None
            if describe:
                formula = msg("score.formula.text_scored_at_rate", text=actual_text, rate=pct(rate),
                              computation=_ratio_formula(w, f"{fmt(rate)}%", x, point, method, method.overshoot))
            return _finish(ind, method, "ratio", iv.lo, iv.hi, point, formula, stated_iv)
        grade = _band_of(profile.grades, min(rate, HUNDRED))
        if describe:
            lead = msg("score.formula.text_at_rate", text=actual_text, rate=pct(rate))
    if grade is None:
        return _unscored(ind, method, msg("score.note.no_grade", text=actual_text))
    if method.kind == "direct":
        top = grade == _top_grade(profile)
        point = w if top else ZERO
        formula = msg("score.formula.direct_grade", lead=lead, grade=grade.name, score=fmt(point)) if describe else None
        return _finish(ind, method, "direct", point, point, point, formula, stated_iv, grade=grade.name)
    return _graded_band(ind, method, w, grade, lead, grade.nominal, stated_iv, describe)


def _score_date(ind: Indicator, method: Method, w: Decimal, target: Parsed | None,
                actual: Parsed | None, stated_iv: Interval | None, describe: bool) -> IndicatorScore:
    if not isinstance(target, DateValue) or not isinstance(actual, DateValue):
        return _unscored(ind, method, msg("score.note.date_needs_date"))
    met = actual.day <= target.day
    point = w if met else ZERO
    formula: Msg | None = None
    if describe:
        formula = (msg("score.formula.date_met", actual=actual.day.isoformat(), target=target.day.isoformat(),
                       weight=fmt(w)) if met
                   else msg("score.formula.date_late", actual=actual.day.isoformat(), target=target.day.isoformat()))
    return _finish(ind, method, "direct", point, point, point, formula, stated_iv)


_EXACT_ONE = Interval.exact(ONE)


def _score_quantity(ind: Indicator, profile: Profile, method: Method, w: Decimal,
                    q: QuantityInputs, stated_iv: Interval | None, describe: bool) -> IndicatorScore:
    target, actual = q.target, q.actual
    if q.note:
        return _unscored(ind, method, q.note)  # 1.2万人 against 9000人左右 cannot be compared unread
    if actual.comparator in (("<", "<=") if not q.lower else (">", ">=")):
        # an actual printed as a bound on the side that can miss (＜90% for a ≥90% target): how
        # far it falls short is not printed
        return _unscored(ind, method, msg("score.note.actual_is_bound", actual=actual.text))
    cmp = target.comparator
    lower = q.lower
    spending = method.cost_as_spending if method.cost_as_spending is not None else profile.cost_as_spending
    # a cost target printed in bare 万 or 亿 (采购金额 840万) is an amount of money too, and one
    # printed as a bare percentage (100%, no ≤) the share of the cost's money to be spent
    as_spending = spending and lower and q.cost and (
        target.is_money or target.unit in ("万", "亿") or (target.unit == "%" and target.comparator is None)
    )
    t, a = target.value, actual.value

    # completion as a fraction (point and interval) and how it was obtained
    rate_iv: Interval | None
    how: Msg | str = ""
    if lower and not as_spending:
        met = a <= t
        if met:
            x, rate_iv = ONE, _EXACT_ONE
            if describe:
                how = f"{actual.shown()} ≤ {target.shown()}"
        elif a > ZERO:
            x, rate_iv = t / a, q.inverse_iv
            if describe:
                how = f"{target.shown()} ÷ {actual.shown()} = {pct(t / a * HUNDRED)}"
        else:
            x, rate_iv = ONE, _EXACT_ONE
            if describe:
                how = f"{actual.shown()} ≤ {target.shown()}"
    else:
        met = a >= t if cmp != "=" else a == t
        if t > ZERO:
            x, rate_iv = a / t, q.ratio_iv
            if describe:
                how = f"{actual.shown()} ÷ {target.shown()} = {pct(a / t * HUNDRED)}"
        elif t == ZERO:
            x, rate_iv = ONE, _EXACT_ONE
            if describe:
                how = msg("score.formula.target_zero", actual=actual.shown())
        else:
            return _unscored(ind, method, msg("score.note.negative_target", target=target.shown()))
    stated_rate = ind.completion_rate
    extra: dict[str, object] = {}
    if describe:
        rate_agrees: bool | None = None
        if stated_rate is not None and rate_iv is not None:
            # a "≤" target's 完成率 is printed either as met = 100 % or as actual ÷ target; accept both
            candidates: list[Interval | None] = [rate_iv]
            if lower and t > ZERO:
                candidates.append(q.ratio_iv)
            printed = Interval.of(stated_rate)
            rate_agrees = any(c is not None and printed.overlaps(c.scale(HUNDRED)) for c in candidates)
        extra = {"computed_rate": x * HUNDRED, "rate_agrees": rate_agrees, "note_msg": q.note}

    use_stated = profile.use_stated_rate and stated_rate is not None
    lead: Msg | str = ""
    x_text = ""
    if use_stated and stated_rate is not None:
        # the printed rate is the input the document scored from (97 % → 7 × 92.5 % = 6.48, not
        # 38 ÷ 39); whether it matches actual ÷ target is reported separately (rate_agrees)
        x_point = stated_rate / HUNDRED
        x_iv = Interval.exact(x_point)
        if describe:
            lead = msg("score.formula.stated_rate", rate=pct(stated_rate))
            x_text = f"{fmt(stated_rate)}%"
    else:
        x_point, x_iv = x, rate_iv if rate_iv is not None else Interval.exact(x)
        if describe:
            lead = how
            x_text = pct(x * HUNDRED)

    if method.kind == "direct":
        point = w if met else ZERO
        formula = msg("score.formula.direct_met" if met else "score.formula.direct_not_met", how=how,
                      score=fmt(point)) if describe else None
        return _finish(ind, method, "direct", point, point, point, formula, stated_iv, **extra)
    if method.kind == "graded":
        capped = min(x_point * HUNDRED, HUNDRED)
        if capped >= HUNDRED:
            formula = msg("score.formula.met_full_marks", lead=lead, weight=fmt(w)) if describe else None
            return _finish(ind, method, "graded", w, w, w, formula, stated_iv, **extra)
        return _graded_band(ind, method, w, _band_of(profile.grades, capped), lead, capped, stated_iv,
                            describe, **extra)
    iv = _ratio_interval(x_iv, w, method, method.overshoot)
    point = _ratio_value(x_point, w, method, method.overshoot)
    formula = None
    if describe:
        formula = _ratio_formula(w, x_text, x_point, point, method, method.overshoot)
        if not use_stated and lower and not as_spending and met:
            formula = msg("score.formula.met_full_marks", lead=how, weight=fmt(w))
        elif not use_stated:
            formula = then(how, formula)
    return _finish(ind, method, "ratio", iv.lo, iv.hi, point, formula, stated_iv, **extra)


def _score_indicator(ind: Indicator, profile: Profile, method: Method, inputs: IndicatorInputs,
                     describe: bool) -> IndicatorScore:
    w = ind.weight
    if w is None:
        return _unscored(ind, method, msg("score.note.no_weight"))
    if w == ZERO:
        return _finish(ind, method, "none", ZERO, ZERO, ZERO, msg("score.formula.weight_zero"), inputs.stated_iv)
    target, actual = inputs.target, inputs.actual
    if isinstance(target, DateValue) or isinstance(actual, DateValue):
        return _score_date(ind, method, w, target, actual, inputs.stated_iv, describe)
    if inputs.quantity is not None:
        return _score_quantity(ind, profile, method, w, inputs.quantity, inputs.stated_iv, describe)
    if isinstance(actual, Qualitative) or isinstance(target, Qualitative):
        return _score_qualitative(ind, profile, method, w, target, actual, inputs.stated_iv, describe)
    return _unscored(ind, method, msg("score.note.values_missing"))


def score_indicator(ind: Indicator, profile: Profile, inputs: ScoringInputs | None = None) -> IndicatorScore:
    if inputs is None:
        return _score_indicator(ind, profile, profile.method_for_rule(ind.rule), prepare_indicator(ind), True)
    return _score_indicator(ind, profile, inputs.method(profile, ind.rule), inputs.indicator(ind), True)


# -------------------------------------------------------------------------------- execution


def _execution_rows(table: PerformanceTable) -> tuple[FundingRow, FundingRow] | None:
    """(the row carrying 分值/得分, the row whose figures the rate is computed from).

    Unit tables print the score on their first row (often 上级资金, all zeros) while the rate is
    that of 合计; project tables print both on 年度资金总额."""
    scored = next((r for r in table.funding if r.weight is not None or r.score is not None), None)
    if scored is None:
        return None
    total = next((r for r in table.funding if "合计" in r.label or "总额" in r.label or "总计" in r.label), None)
    if total is None or total.annual_budget is None:
        total = scored
    return scored, total


def _score_execution(e: ExecutionInputs, profile: Profile, describe: bool) -> ExecutionScore:
    rule = profile.execution(e.level)
    w = e.weight
    annual, executed = e.annual, e.executed
    stated_rate, computed_rate, rate_iv = e.stated_rate, e.computed_rate, e.rate_iv
    lead: Msg | str = ""
    x_text = ""
    if profile.use_stated_rate and stated_rate is not None:
        x_point = stated_rate / HUNDRED
        x_iv = Interval.exact(x_point)
        if describe:
            lead = msg("score.formula.execution_rate", rate=pct(stated_rate))
            x_text = f"{fmt(stated_rate)}%"
    elif computed_rate is not None and rate_iv is not None and annual is not None and executed is not None:
        x_point, x_iv = computed_rate / HUNDRED, rate_iv.scale(ONE / HUNDRED)
        if describe:
            lead = f"{fmt(executed)} ÷ {fmt(annual)} = {pct(computed_rate)}"
            x_text = pct(computed_rate)
    else:
        return ExecutionScore(
            label=e.label, weight=w, annual_budget=annual, executed=executed,
            stated_rate=stated_rate, computed_rate=None, rate_agrees=None, stated=e.stated,
            recomputed=None, low=None, high=None,
            formula_msg=msg("score.note.no_annual_budget"), status=UNSCORED, rounding=rule.rounding,
        )
    iv = _ratio_interval(x_iv, w, rule, "cap")
    point = _ratio_value(x_point, w, rule, "cap")
    formula: Msg | None = None
    if describe:
        if rule.shortfall == "linear_floor":
            body = _ratio_formula(w, x_text, x_point, point, rule, "cap")
        else:
            body = plain(f"{fmt(w)} × min({x_text}, 100%) = {fmt(round_score(point, rule.rounding))}")
        if rule.rounding == "down":
            body = msg("score.formula.cut", computation=body)
        formula = then(lead, body) if not (profile.use_stated_rate and stated_rate is not None) else body
    stated = e.stated
    if stated is None:
        status = NO_STATED
    else:
        status = AGREE if _agrees_iv(e.stated_ivs[rule.rounding], iv.lo, iv.hi, rule.rounding) else DIFFER
    return ExecutionScore(
        label=e.label, weight=w, annual_budget=annual, executed=executed,
        stated_rate=stated_rate, computed_rate=computed_rate, rate_agrees=e.rate_agrees,
        stated=stated, recomputed=round_score(point, rule.rounding), low=iv.lo, high=iv.hi,
        formula_msg=formula, status=status, rounding=rule.rounding,
    )


def score_execution(table: PerformanceTable, profile: Profile,
                    inputs: ScoringInputs | None = None) -> ExecutionScore | None:
    e = prepare_execution(table) if inputs is None else inputs.execution(table)
    return None if e is None else _score_execution(e, profile, True)


def count_agreements(table: PerformanceTable, profile: Profile, inputs: ScoringInputs) -> tuple[int, int]:
    """(agreeing, compared) of :func:`score_table` for one table, without its formulas, rates or
    totals: what choosing a profile needs."""
    if table.table_kind != "self_evaluation":
        return 0, 0
    agreeing = compared = 0
    e = inputs.execution(table)
    statuses = [] if e is None else [_score_execution(e, profile, False).status]
    for ind in table.indicators:
        method = inputs.method(profile, ind.rule)
        statuses.append(_score_indicator(ind, profile, method, inputs.indicator(ind), False).status)
    for status in statuses:
        if status == AGREE:
            agreeing += 1
            compared += 1
        elif status == DIFFER:
            compared += 1
    return agreeing, compared


# ------------------------------------------------------------------------------------ tables


def score_table(table: PerformanceTable, profile: Profile, apply: bool = True,
                inputs: ScoringInputs | None = None) -> TableScore:
    """Recompute every score of one self-evaluation table under ``profile``.

    With ``apply`` (the default) the recomputed scores are written to ``Indicator.computed_score``
    and ``PerformanceTable.computed_score``. ``inputs`` shares what was read from the table with
    other profiles' scorings of the same document."""
    result = TableScore(table=table, profile=profile.name)
    if table.table_kind != "self_evaluation":
        return result
    if inputs is None:
        inputs = ScoringInputs()
    result.execution = score_execution(table, profile, inputs)
    result.indicators = [score_indicator(ind, profile, inputs) for ind in table.indicators]

    weights = [i.weight for i in table.indicators if i.weight is not None]
    if result.execution is not None:
        weights.append(result.execution.weight)
    result.weight_sum = sum(weights, ZERO) if weights else None

    # recomputed total: ratio scores carry their rounding interval; graded scores count at the
    # point the profile accepts; rows that cannot be recomputed count at their stated score.
    total = ZERO
    iv = Interval.exact(ZERO)
    parts: list[str] = []
    any_part = False
    items: list[IndicatorScore | ExecutionScore] = result.items()
    for item in items:
        if item.recomputed is not None and item.low is not None and item.high is not None:
            value = item.recomputed
            graded = isinstance(item, IndicatorScore) and item.basis == "graded"
            part_iv = Interval.exact(value) if graded else Interval(item.low, item.high)
        elif item.stated is not None:
            value = item.stated
            part_iv = stated_interval(value)
        else:
            continue
        any_part = True
        total += value
        iv = iv + part_iv
        parts.append(fmt(value))
    if any_part:
        result.recomputed_total = round_score(total)
        result.total_low, result.total_high = iv.lo, iv.hi
        result.total_formula_msg = plain(" + ".join(parts) + f" = {fmt(total)}")
    result.stated_total = table.stated_total
    stated_scores = [i.stated for i in items if i.stated is not None]
    if stated_scores:
        result.stated_sum = sum(stated_scores, ZERO)
        if table.stated_total is not None:
            s_iv = Interval.exact(ZERO)
            for s in stated_scores:
                s_iv = s_iv + stated_interval(s)
            result.sum_agrees = stated_interval(table.stated_total).overlaps(s_iv)
    if result.recomputed_total is None:
        result.total_status = UNSCORED
    elif table.stated_total is None:
        result.total_status = NO_STATED
    else:
        # agree when the exact range meets the stated total, or when the recomputed scores, rounded
        # as a table prints them, add up to it
        s_total = stated_interval(table.stated_total)
        ok = s_total.overlaps(iv) or s_total.contains(round_score(total))
        result.total_status = AGREE if ok else DIFFER

    if apply:
        for score in result.indicators:
            score.indicator.computed_score = score.recomputed
        table.computed_score = result.recomputed_total
    return result


# ------------------------------------------------------------------------------------ practices


def practice_variants(profile: Profile) -> list[Profile]:
    """The documented practices a table may follow beside its profile's, one switch each: a cost
    target in money scored by what was spent (完成比例 = 实际完成值 ÷ 指标值, ``cost_as_spending``,
    docs/scoring.md) where the profile scores it as met. A 部门 document gathers the tables of many
    implementers, and one may keep this practice while the others keep the profile's."""
    out: list[Profile] = []
    if not profile.cost_as_spending or any(m.cost_as_spending is False for m in profile.methods.values()):
        methods = {k: replace(m, cost_as_spending=None) for k, m in profile.methods.items()}
        out.append(replace(profile, name=f"{profile.name}+cost_as_spending", cost_as_spending=True, methods=methods))
    return out


def table_practices(table: PerformanceTable, profile: Profile, chosen: TableScore) -> list[TableScore]:
    """The scorings of ``table`` under the practice variants of ``profile`` that explain it at
    least as well as the profile does (as profiles are chosen: by how many stated scores agree).
    A score counts as agreeing when it is the recomputation rounded or cut to the decimals the
    table prints its indicator scores with (whole points throughout: 8.35 printed 8); a score the
    variant recomputes otherwise than the profile, and so counted, is marked agreeing in the
    returned scoring. A variant that explains fewer of the table's scores is not the table's
    practice and is not returned."""
    stated = [s.stated for s in chosen.indicators if s.stated is not None]
    places = 0 if stated and all(v == v.to_integral_value() for v in stated) else 2

    def printed(s: IndicatorScore) -> bool:
        if s.status == AGREE:
            return True
        if s.status != DIFFER or s.stated is None or places >= 2:
            return False
        return any(s.stated in (v.quantize(ONE, rounding=ROUND_HALF_UP), v.quantize(ONE, rounding=ROUND_DOWN))
                   for v in (s.recomputed, s.low, s.high) if v is not None)

    base = sum(1 for s in chosen.indicators if printed(s))
    out: list[TableScore] = []
    for variant in practice_variants(profile):
        alt = score_table(table, variant, apply=False)
        if sum(1 for s in alt.indicators if printed(s)) < base:
            continue
        for s, own in zip(alt.indicators, chosen.indicators, strict=True):
            if s.recomputed != own.recomputed and printed(s):
                s.status = AGREE  # the table's own practice, printed as the table prints its scores
        out.append(alt)
    return out
