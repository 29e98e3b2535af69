"""Interval comparisons over rounded published figures.

Every printed figure stands for the interval of true values that round to it (``564.71`` ↦
[564.705, 564.715]). A derived quantity (sum, share, change rate, execution rate) is computed as an
interval from its inputs' intervals, and a stated value is flagged only when its own interval cannot
meet the derived one. Honest rounding never fires; a one-cent error does.

For quotients such as ``d / (c − d)`` the plain interval product over-widens when a variable appears
twice. When the function is monotone in each variable over the box (no input interval crosses
zero and the denominator keeps its sign), evaluating it at the box's corners gives the exact range;
otherwise ordinary interval arithmetic gives a safe enclosure.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation

from budgetlens.figures import Interval, decimals_of, sum_intervals

HUNDRED = Decimal(100)
ZERO = Decimal(0)


def iv(value: Decimal) -> Interval:
    return Interval.of(value)


def stated_fits(stated: Decimal, computed: Interval | None) -> bool:
    """True when the stated figure (± half its last digit) can meet the computed interval."""
    if computed is None:
        return True
    return Interval.of(stated).meets(computed)


def round_like(value: Decimal, like: Decimal) -> Decimal:
    """``value`` rounded to as many decimals as ``like`` was printed with (for 'expected')."""
    places = decimals_of(like)
    q = Decimal(1).scaleb(-places)
    try:
        return value.quantize(q, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value


def sum_interval(values: Sequence[Decimal]) -> Interval:
    return sum_intervals([iv(v) for v in values])


def sum_fits(parts: Sequence[Decimal], total: Decimal) -> bool:
    return stated_fits(total, sum_interval(parts))


def sum_gaps(total: Mapping[str, Decimal | None],
             parts: Sequence[Mapping[str, Decimal | None]]) -> Iterator[tuple[str, Decimal, Decimal]]:
    """Each column where the parts that print a figure do not add up to the total's figure within
    rounding: (column, the total's figure, the sum of the parts)."""
    for key, value in total.items():
        if value is None:
            continue
        printed = [v for v in (p.get(key) for p in parts) if v is not None]
        if printed and not sum_fits(printed, value):
            yield key, value, sum(printed, Decimal(0))


def _crosses_zero(i: Interval) -> bool:
    return i.lo <= 0 <= i.hi


def corner_range(func: Callable[..., Decimal], boxes: Sequence[Interval]) -> Interval | None:
    """Exact range of a function monotone in each argument over the box, from its corners."""
    values: list[Decimal] = []
    for corner in itertools.product(*[(b.lo, b.hi) for b in boxes]):
        try:
            values.append(func(*corner))
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None
    return Interval(min(values), max(values))


def share_interval(part: Decimal, whole: Decimal) -> Interval | None:
    """Interval of 100·part/whole; ``None`` when the whole may be zero."""
    p, w = iv(part), iv(whole)
    if _crosses_zero(w):
        return None
    if not _crosses_zero(p):
        return corner_range(lambda a, b: a / b * HUNDRED, [p, w])
    q = p / w
    return q.scale(HUNDRED) if q else None


def ratio_interval(numerator: Decimal, denominator: Decimal) -> Interval | None:
    """Interval of 100·numerator/denominator (execution rate, completion rate)."""
    return share_interval(numerator, denominator)


def change_rate_interval(current: Decimal, change: Decimal, increase: bool) -> Interval | None:
    """Interval of the change rate (percent, unsigned) for ``current`` that changed by ``change``.

    The prior value is ``current − change`` for an increase and ``current + change`` for a decrease;
    the rate is ``change / prior``. ``None`` when the prior value may be zero.
    """
    c, d = iv(current), iv(change)
    prior = c - d if increase else c + d
    if _crosses_zero(prior):
        return None

    def rate(cv: Decimal, dv: Decimal) -> Decimal:
        return dv / ((cv - dv) if increase else (cv + dv)) * HUNDRED

    if not _crosses_zero(c) and not _crosses_zero(d):
        return corner_range(rate, [c, d])
    q = d / prior
    return q.scale(HUNDRED) if q else None


def diff_rate_interval(budget: Decimal, actual: Decimal) -> Interval | None:
    """Interval of 预决算差异率 = (actual − budget) / budget · 100."""
    b, a = iv(budget), iv(actual)
    if _crosses_zero(b):
        return None

    def rate(bv: Decimal, av: Decimal) -> Decimal:
        return (av - bv) / bv * HUNDRED

    if not _crosses_zero(a):
        return corner_range(rate, [b, a])
    q = (a - b) / b
    return q.scale(HUNDRED) if q else None


def fmt(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value:,f}" if abs(value) >= 1000 else f"{value:f}"


# ---- the practice a document prints its rates by --------------------------------------------------
#
# Documents round their percentages (72.468% → 72.47%) or cut them (72.468% → 72.46%). Both are
# honest; what is not honest is a figure that neither explains. The practice is recognised from the
# document's own checkable rates: a rate that fits cutting and not rounding is evidence of cutting, one
# that fits rounding and not cutting is evidence of rounding. A group of rates (or the document) cuts
# when it has evidence of cutting and none of rounding; otherwise it rounds.

ROUND = "round"
TRUNCATE = "truncate"


def _unit(stated: Decimal) -> Decimal:
    return Decimal(1).scaleb(-decimals_of(stated))


def truncated_interval(stated: Decimal) -> Interval:
    """The true values a figure cut to its printed digits stands for: [p, p + u] for p ≥ 0; for a
    negative figure cut toward zero or floored, [p − u, p + u]."""
    u = _unit(stated)
    return Interval(stated - u if stated < 0 else stated, stated + u)


def truncated_fits(stated: Decimal, computed: Interval | None) -> bool:
    if computed is None:
        return True
    return truncated_interval(stated).meets(computed)


def fits_practice(stated: Decimal, computed: Interval | None, practice: str) -> bool:
    """True when the stated rate is what the practice prints for the computed interval."""
    if stated_fits(stated, computed):
        return True
    return practice == TRUNCATE and truncated_fits(stated, computed)


def evidence_of(stated: Decimal, computed: Interval | None) -> str | None:
    """ROUND or TRUNCATE when the rate fits one practice only; None when it fits both or neither."""
    r, t = stated_fits(stated, computed), truncated_fits(stated, computed)
    if r == t:
        return None
    return ROUND if r else TRUNCATE


def choose_practice(evidence: Sequence[str | None]) -> str | None:
    """TRUNCATE when there is evidence of cutting and none of rounding; ROUND when there is evidence
    of rounding; None when nothing tells (then the document's practice applies)."""
    if ROUND in evidence:
        return ROUND
    if TRUNCATE in evidence:
        return TRUNCATE
    return None
