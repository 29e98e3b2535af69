"""Read a target or actual value (目标值 / 实际完成值) as a quantity, a date or qualitative text.

The recogniser fills :class:`~budgetlens.model.performance.Measure`; scoring re-reads its text so
that it does not depend on how far the recogniser got (``≥15 个``, ``不低于90%``, ``779 毫秒``,
``2024年12月1日前`` and ``达到预期指标`` all occur in published tables).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from budgetlens.figures import NUMBER_PATTERN, Interval, decimals_of, normalize, to_decimal
from budgetlens.model.performance import Measure
from budgetlens.patterns import lazy

_COMPARATOR_WORDS: list[tuple[str, str]] = [
    (">=", ">="),
    ("<=", "<="),
    ("大于等于", ">="),
    ("小于等于", "<="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("至少", ">="),
    ("不高于", "<="),
    ("不超过", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("低于", "<"),
    ("少于", "<"),
    ("小于", "<"),
    ("高于", ">"),
    ("大于", ">"),
    ("超过", ">"),
    ("等于", "="),
    ("达到", ">="),
    ("==", "="),
    ("=", "="),
    (">", ">"),
    ("<", "<"),
]
_SUFFIX_WORDS: list[tuple[str, str]] = [
    ("及以上", ">="),
    ("以上", ">="),
    ("及以下", "<="),
    ("以下", "<="),
    ("以内", "<="),
    ("之内", "<="),
]
_QUANTITY = lazy(rf"^(?P<num>{NUMBER_PATTERN})\s*(?P<unit>[^\d\s][^\d]{{0,11}})?$")
_DATE = lazy(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?(?P<before>前|之前|以前)?")

# Units that convert into one another; a value is converted into the target's unit before comparing.
_CONVERSIONS: dict[str, tuple[str, Decimal]] = {
    "毫秒": ("s", Decimal("0.001")),
    "ms": ("s", Decimal("0.001")),
    "秒": ("s", Decimal(1)),
    "s": ("s", Decimal(1)),
    "分钟": ("s", Decimal(60)),
    "小时": ("s", Decimal(3600)),
    "h": ("s", Decimal(3600)),
    "元": ("yuan", Decimal(1)),
    "万元": ("yuan", Decimal(10000)),
    "亿元": ("yuan", Decimal(100000000)),
}
MONEY_UNITS = ("元", "万元", "亿元")


@dataclass(frozen=True, slots=True)
class Quantity:
    comparator: str | None  # ">=", "<=", ">", "<", "=" or None
    value: Decimal
    unit: str
    text: str

    @property
    def interval(self) -> Interval:
        """Integers (counts, set targets) are exact; decimals stand for a rounded figure."""
        return Interval.of(self.value) if decimals_of(self.value) else Interval.exact(self.value)

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS

    def shown(self) -> str:
        return f"{_plain(self.value)}{self.unit}"


@dataclass(frozen=True, slots=True)
class DateValue:
    day: date  # the latest day the text can mean (“2024年11月” → 2024-11-30)
    text: str


@dataclass(frozen=True, slots=True)
class Qualitative:
    text: str


Parsed = Quantity | DateValue | Qualitative


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _strip_comparator(text: str) -> tuple[str | None, str]:
    for word, comparator in _COMPARATOR_WORDS:
        if text.startswith(word):
            return comparator, text[len(word) :].strip()
    return None, text


@lru_cache(maxsize=4096)
def parse_text(raw: str) -> Parsed | None:
    text = normalize(raw).strip().replace("％", "%").replace("（", "(").replace("）", ")")
    if not text or text in {"-", "—", "/", "无"}:
        return None
    dates = list(_DATE.finditer(text))
    # a period (2022年5月1日-2022年12月31日) is due at its end
    m = dates[-1] if len(dates) > 1 and re.search(r"[-—~～至到]", text[dates[0].end():dates[-1].start()]) else (
        dates[0] if dates else None)
    if m:
        y, mo = int(m.group("y")), int(m.group("m"))
        if 1 <= mo <= 12:
            d = int(m.group("d")) if m.group("d") else calendar.monthrange(y, mo)[1]
            try:
                return DateValue(date(y, mo, d), text)
            except ValueError:
                pass
    comparator, rest = _strip_comparator(text)
    for word, suffix_cmp in _SUFFIX_WORDS:
        if rest.endswith(word):
            rest = rest[: -len(word)].strip()
            comparator = comparator or suffix_cmp
            break
    qm = _QUANTITY.match(rest)
    if qm:
        value = to_decimal(qm.group("num"))
        if value is not None:
            unit = (qm.group("unit") or "").strip()
            return Quantity(comparator, value, unit, text)
    return Qualitative(text.lstrip("=").strip())


def parse_measure(measure: Measure | None) -> Parsed | None:
    """The measure's text read as a quantity, a date or qualitative text; ``None`` when empty."""
    if measure is None:
        return None
    parsed = parse_text(measure.text) if measure.text else None
    if parsed is None and measure.value is not None:
        return Quantity(measure.comparator, measure.value, measure.unit or "", measure.text)
    if isinstance(parsed, Qualitative) and measure.qualitative:
        return Qualitative(measure.qualitative)
    return parsed


_MULTIPLES = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}


def _conversion(unit: str) -> tuple[str, Decimal] | None:
    """The base unit and factor of a unit: 万元 → (yuan, 10000), 万人 → (人, 10000), 人 → (人, 1)."""
    unit = re.sub(r"(?:左右|上下)$", "", unit)  # 9000人左右: about 9000 人
    known = _CONVERSIONS.get(unit)
    if known is not None:
        return known
    if len(unit) > 1 and unit[0] in _MULTIPLES:
        return unit[1:], _MULTIPLES[unit[0]]
    return (unit, Decimal(1)) if unit else None


def convert(actual: Quantity, target: Quantity) -> Quantity:
    """``actual`` in the target's unit when the two units convert (毫秒 → 秒, 元 → 万元, 万人 → 人)."""
    if actual.unit == target.unit:
        return actual
    a = _conversion(actual.unit)
    t = _conversion(target.unit)
    if a is None or t is None or a[0] != t[0]:
        return actual
    return Quantity(actual.comparator, actual.value * a[1] / t[1], target.unit, actual.text)


def units_compatible(actual: Quantity, target: Quantity) -> bool:
    if not actual.unit or not target.unit or actual.unit == target.unit:
        return True
    a = _conversion(actual.unit)
    t = _conversion(target.unit)
    return a is not None and t is not None and a[0] == t[0]
