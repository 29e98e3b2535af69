"""Text normalisation and number parsing shared by every stage.

Disclosures mix full-width and half-width characters, CJK radical look-alikes produced by PDF
extraction, thousands separators, stray spaces inside numbers and Markdown/HTML debris. Everything
downstream works on the normalised text; the original text is kept on each block for evidence.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from budgetlens.patterns import lazy

# Full-width ASCII (U+FF01..U+FF5E) maps to ASCII, except the punctuation that carries sentence
# structure in Chinese prose; those stay as they are so clause splitting keeps working.
_KEEP_FULLWIDTH = set("，；：（）！？")
_TRANSLATE: dict[int, str] = {
    cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULLWIDTH
}
_TRANSLATE.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",
        0x200B: "",
        0x200C: "",
        0x200D: "",
        0xFEFF: "",
        # CJK radicals supplement / Kangxi radicals that PDF extraction emits for ordinary characters
        0x2E94: "彐",
        0x2EA0: "民",
        0x2EC1: "虎",
        0x2ECA: "足",
        0x2ED4: "门",
        0x2EDA: "页",
        0x2EDB: "风",
        0x2EDD: "食",
        0x2EE2: "马",
        0x2EE9: "黄",
        0x2EEC: "齐",
        0x2EED: "齿",
        0x2EEF: "龙",
        0x2EC5: "见",
        0x2EC8: "讠",
        0x2ECB: "车",
        0x2ED3: "长",
        0x2ED7: "雨",
        0x2EE3: "骨",
        0x2EE4: "鬼",
        0xFFE5: "¥",
        0x2264: "<=",
        0x2265: ">=",
        0x2266: "<=",
        0x2267: ">=",
    }
)

# Kangxi radicals decompose to their unified ideographs under NFKC.
_TRANSLATE.update({cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)})

# Most text needs few or no replacements: finding them with one character-class scan and replacing
# only those is several times faster than str.translate over every character.
_BY_CHAR: dict[str, str] = {chr(cp): repl for cp, repl in _TRANSLATE.items()}
_NEEDS_TRANSLATION = lazy("[" + "".join(re.escape(ch) for ch in _BY_CHAR) + "]")

_MARKUP = lazy(r"</?(?:p|br|span|div|strong|b|em|i|u|font)(?:\s[^>]*)?/?>", re.I)
_BOLD = lazy(r"\*\*(.+?)\*\*")
_BULLET_CHARS = frozenset("-*+•·")
_BULLET = lazy(r"^\s*(?:[-*+•·]\s+)")


def normalize(text: str) -> str:
    """Normalise one line or cell: widths, radicals, invisible characters, markup debris."""
    out = _NEEDS_TRANSLATION.sub(lambda m: _BY_CHAR[m.group()], text)
    if "<" in out:
        out = _MARKUP.sub(" ", out).replace("&nbsp;", " ")
    if "**" in out:
        out = _BOLD.sub(r"\1", out)
    return out


def strip_bullet(line: str) -> str:
    """Remove a Markdown list marker at the start of a line (``- 一、…``)."""
    head = line.lstrip()[:1]
    if head not in _BULLET_CHARS:
        return line
    return _BULLET.sub("", line, count=1)


# A number as printed in disclosures: optional sign, digits with optional thousands separators
# (possibly with stray spaces after the comma), optional decimals.
NUMBER_PATTERN = r"[-−+]?(?:\d{1,3}(?:,\s?\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_FULL = lazy(rf"^\s*({NUMBER_PATTERN})\s*$")
_DASHES = {"", "-", "—", "——", "–", "/", "－", "…", "×", "※", "--", "-—"}


def parse_number(token: str) -> Decimal | None:
    """Parse a bare number cell (``1,535.81``, ``-6.53``); ``None`` for blanks and dashes."""
    t = token.strip()
    if t in _DASHES:
        return None
    m = _NUMBER_FULL.match(t)
    if not m:
        return None
    return to_decimal(m.group(1))


def to_decimal(text: str) -> Decimal | None:
    cleaned = text.replace(",", "").replace(" ", "").replace("−", "-")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


_PERCENT_FULL = lazy(rf"^\s*({NUMBER_PATTERN})\s*%\s*$")


def parse_percent(token: str) -> Decimal | None:
    """Parse ``97.53%`` as ``Decimal('97.53')``; ``None`` when the cell is not a percentage."""
    m = _PERCENT_FULL.match(token.strip())
    return to_decimal(m.group(1)) if m else None


_SCORE = lazy(rf"^\s*({NUMBER_PATTERN})\s*分?\s*$")


def parse_score(token: str) -> Decimal | None:
    """Parse a score cell, which may carry the unit 分 (``98.35分``)."""
    m = _SCORE.match(token.strip())
    return to_decimal(m.group(1)) if m else None


def decimals_of(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


@functools.lru_cache(maxsize=64)
def _half_unit(places: int) -> Decimal:
    """Half a unit of the last printed place (0.005 for two decimals)."""
    return Decimal(5) * Decimal(10) ** (-(places + 1))


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval of possible true values behind a rounded published figure."""

    lo: Decimal
    hi: Decimal

    @staticmethod
    def of(value: Decimal, places: int | None = None) -> Interval:
        """The interval a figure printed with ``places`` decimals stands for."""
        half = _half_unit(decimals_of(value) if places is None else places)
        return Interval(value - half, value + half)

    @staticmethod
    def exact(value: Decimal) -> Interval:
        return Interval(value, value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: Interval) -> Interval:
        products = [self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi]
        return Interval(min(products), max(products))

    def __truediv__(self, other: Interval) -> Interval | None:
        """``None`` when the divisor interval contains zero (the quotient is unbounded)."""
        if other.lo <= 0 <= other.hi:
            return None
        quotients = [self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi]
        return Interval(min(quotients), max(quotients))

    def scale(self, k: Decimal) -> Interval:
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def meets(self, other: Interval) -> bool:
        """Whether two intervals of rounded figures can hold the same true value.

        A figure rounded half-up to ``x`` stands for [x − h, x + h): the upper end is never reached,
        so intervals that only touch at an end do not meet (``579.00`` and ``579.01`` are different
        figures). Exact values (zero-width intervals) are compared as points.
        """
        if self.lo == self.hi or other.lo == other.hi:
            return self.overlaps(other)
        return self.lo < other.hi and other.lo < self.hi

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2


def sum_intervals(items: list[Interval]) -> Interval:
    total = Interval.exact(Decimal(0))
    for item in items:
        total = total + item
    return total
