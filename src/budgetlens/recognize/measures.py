"""Indicator values: parse a target or actual cell into comparator + number + unit, a date, or
qualitative text.

Performance tables print values as ``>=90%``, ``＜=2 小时``, ``≥15 个``, ``=1套``, ``1500台``,
``<=7万元``, ``=100.07分``, ``779 毫秒``, ``2024年12月31日前`` or words (``完全达到预期``,
``有效保障``). Comparators also come as words (``不低于``, ``不超过``, ``以上``). The text is kept,
normalised (full width to half width, ``≥`` to ``>=``, spaces removed), so nothing is lost when a
value does not parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from budgetlens.figures import normalize
from budgetlens.model import Measure
from budgetlens.recognize.lazy_pattern import lazy

# Words that stand for a comparator, before or after the number.
_PREFIX_WORDS: tuple[tuple[str, str], ...] = (
    ("大于等于", ">="),
    ("大于或等于", ">="),
    ("小于等于", "<="),
    ("小于或等于", "<="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("不高于", "<="),
    ("不超过", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("至少", ">="),
    ("最多", "<="),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("等于", "="),
    ("达到", ">="),
)
_SUFFIX_WORDS: tuple[tuple[str, str], ...] = (
    ("及以上", ">="),
    ("以上", ">="),
    ("及以下", "<="),
    ("以下", "<="),
    ("以内", "<="),
    ("之内", "<="),
    ("内", "<="),
)
_FILLER = lazy(r"^(?:控制在|保持在|维持在|稳定在|在)(?=\d)")
_INCLUSIVE = lazy(r"[（(]含[)）](?=(?:及以上|以上|及以下|以下|以内)?$)")
_SYMBOLS = lazy(r"^(>=|<=|=>|=<|==|≧|≦|>|<|=)")
_SYMBOL_MAP = {"=>": ">=", "=<": "<=", "==": "=", "≧": ">=", "≦": "<="}

_NUMBER = r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?"
# A unit: letters/CJK with an optional "/per" part (元/月, 次/月, 万元/人); no digits.
_VALUE = lazy(rf"^({_NUMBER})\s*(%|‰|[^\d\s,，。；;]{{1,8}}?)?$")
_DATE = lazy(r"^(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?)?\s*(底|末)?\s*(前|之前|以前|内|完成|截止)?$")
_MONTH_DAY = lazy(r"^(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?\s*(底|末)?\s*(前|之前|以前|内)?$")
_DATE_ISO = lazy(r"^(\d{4})[-./](\d{1,2})(?:[-./](\d{1,2}))?\s*(前|之前|以前)?$")

_EMPTY = {"", "-", "—", "——", "/", "－", "无", "…"}
_SPACES = lazy(r"\s+")
_LOOSE_SPACE = lazy(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")
_DIGIT = lazy(r"\d")
_SENTENCE_MARK = lazy(r"[，。；、（）()]")

# Tidy texts of the parse under way (see :func:`parse_scope`): reading a table asks for the same
# cell's tidy text several times (row, realignment, indicator). Kept for one parse only.
_tidy_memo: dict[str, str] | None = None


@contextmanager
def parse_scope() -> Iterator[None]:
    """Memoise :func:`tidy` by text while the block runs (one parse); nested scopes share it."""
    global _tidy_memo
    outer = _tidy_memo
    if outer is None:
        _tidy_memo = {}
    try:
        yield
    finally:
        _tidy_memo = outer


def tidy(text: str) -> str:
    """Normalise a cell and remove the spaces that wrapping and PDF extraction put into it; a
    space between two Latin letters or digits is kept (``EMS 邮寄`` → ``EMS邮寄``, ``IP v6`` stays)."""
    memo = _tidy_memo
    if memo is None:
        return _tidy(text)
    out = memo.get(text)
    if out is None:
        out = memo[text] = _tidy(text)
    return out


def _tidy(text: str) -> str:
    t = normalize(text).strip()
    if " " in t or not t.isprintable():
        t = _LOOSE_SPACE.sub("", _SPACES.sub(" ", t))
    return t


@lru_cache(maxsize=65536)
def compact_value(text: str) -> str:
    """A value cell with every space removed (``> =90 %`` → ``>=90%``)."""
    return _SPACES.sub("", normalize(text))


def is_blank(text: str) -> bool:
    return compact_value(text) in _EMPTY


def parse_measure(text: str) -> Measure | None:
    """Parse one target/actual cell; ``None`` for a blank or dash cell."""
    m = _parse_measure(text)
    return None if m is None else replace(m)  # a fresh object: Measures are mutable


def shared_measure(text: str) -> Measure | None:
    """:func:`parse_measure` for a caller that only reads the result: the shared object, which
    must not be changed (no copy is made)."""
    return _parse_measure(text)


@lru_cache(maxsize=16384)
def _parse_measure(text: str) -> Measure | None:
    t = compact_value(text)
    if t in _EMPTY:
        return None
    t = t.replace("＝", "=").replace("％", "%")
    comparator: str | None = None
    body = _INCLUSIVE.sub("", t) if _DIGIT.search(t) else t  # ≥95%（含）: the bound counts
    filler = _FILLER.match(body)
    if filler:
        # 控制在5%以内, 保持在98%以上, 在50万元以内: the verb before the number is no part of it;
        # 控制在 alone (控制在50万元) names a ceiling
        body = body[filler.end():]
        comparator = "<=" if filler.group(0).startswith("控制") and not body.endswith(tuple(w for w, _ in _SUFFIX_WORDS)) else None
    m = _SYMBOLS.match(body)
    if m:
        comparator = _SYMBOL_MAP.get(m.group(1), m.group(1))
        body = body[m.end():]
    else:
        for word, comp in _PREFIX_WORDS:
            if body.startswith(word) and len(body) > len(word) and (body[len(word)].isdigit()):
                comparator, body = comp, body[len(word):]
                break
    if not _DIGIT.search(body):
        return Measure(text=t, comparator=comparator, qualitative=t)  # no date, number or unit
    date = _parse_date(body)
    if date is not None:
        iso, before = date
        return Measure(text=t, comparator=comparator or ("<=" if before else None), unit="date", date=iso)
    suffix_comp: str | None = None
    for word, comp in _SUFFIX_WORDS:
        if body.endswith(word) and len(body) > len(word) and _DIGIT.search(body):
            suffix_comp, body = comp, body[: -len(word)]
            break
    vm = _VALUE.match(body)
    if vm:
        value = _decimal(vm.group(1))
        unit = vm.group(2) or None
        if value is not None and (unit is None or _plausible_unit(unit)):
            return Measure(text=t, comparator=comparator or suffix_comp, value=value, unit=unit)
    return Measure(text=t, comparator=comparator, qualitative=t)


def _plausible_unit(unit: str) -> bool:
    """A unit is short and is not a sentence (``个``, ``万元``, ``元/月``, ``TB``, ``分``)."""
    return len(unit) <= 6 and not _SENTENCE_MARK.search(unit)


_RANGE = lazy(r"^(\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月(?:\d{1,2}日)?)\s*[-—~～至到]\s*(\d{4}年)?(\d{1,2}月(?:\d{1,2}日)?(?:底|末)?)$")


def _parse_date(body: str) -> tuple[str, bool] | None:
    r = _RANGE.match(body)
    if r and _parse_date(r.group(1)) is not None:
        # a period (2022年5月1日-2022年12月31日, 1月-11月): its end is the deadline
        year = r.group(2) or (re.match(r"\d{4}年", r.group(1)) or [""])[0]
        end = _parse_date(year + r.group(3))
        if end is not None:
            return end[0], True
    m = _DATE.match(body)
    if m and (m.group(2) or m.group(5) or m.group(4)):
        year, month, day = m.group(1), m.group(2), m.group(3)
        iso = year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")
        return iso, bool(m.group(5) and m.group(5) != "完成") or bool(m.group(4))
    m = _MONTH_DAY.match(body)
    if m and (m.group(2) or m.group(3) or m.group(4)):
        # no year printed: ISO 8601's "--MM-DD" form
        iso = f"--{int(m.group(1)):02d}" + (f"-{int(m.group(2)):02d}" if m.group(2) else "")
        return iso, bool(m.group(3) or m.group(4))
    m = _DATE_ISO.match(body)
    if m:
        iso = f"{m.group(1)}-{int(m.group(2)):02d}" + (f"-{int(m.group(3)):02d}" if m.group(3) else "")
        return iso, bool(m.group(4))
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


# The 指标性质 column of templates that print the comparator apart from the value: a symbol, a
# comparator word, or the kind of indicator (定量/定性, 正向/反向) that adds no comparator.
_KIND_WORDS: dict[str, str] = {"定性": "", "定量": "", "正向": ">=", "反向": "<=", "正向指标": ">=", "反向指标": "<="}
_UNIT_WORD = lazy(r"^(?:%|‰|[A-Za-z]{1,4}|[\u4e00-\u9fff]{1,4})(?:/[\u4e00-\u9fffA-Za-z]{1,3})?$")


def comparator_word(text: str) -> str | None:
    """The comparator a 指标性质 cell stands for (``""`` for 定性/定量), ``None`` when the cell is
    not a comparator cell."""
    t = compact_value(text).replace("＝", "=")
    if t in _KIND_WORDS:
        return _KIND_WORDS[t]
    m = _SYMBOLS.fullmatch(t)
    if m:
        return _SYMBOL_MAP.get(t, t)
    if t in ("≥", "≤"):
        return ">=" if t == "≥" else "<="
    for word, comp in _PREFIX_WORDS + _SUFFIX_WORDS:
        if t == word and word not in ("内", "达到"):
            return comp
    return None


def is_unit_word(text: str) -> bool:
    """A 度量单位 cell: a short unit (``个``, ``%``, ``万元``, ``元/人``, ``km``)."""
    t = compact_value(text)
    return bool(_UNIT_WORD.match(t)) and comparator_word(t) is None


def join_measure(comparator: str, value: str, unit: str) -> str:
    """A target printed over three columns (指标性质 | 指标值 | 度量单位) as one value text: the
    comparator goes before a value that has none, the unit after a bare number."""
    v = compact_value(value)
    if is_blank(v):
        return value
    comp = comparator_word(comparator) if comparator else None
    if comp and not has_comparator(v):
        v = comp + v
    u = compact_value(unit)
    if u and not is_blank(u):
        m = _parse_measure(v)
        if m is not None and m.qualitative is None and m.unit is None and m.date is None:
            v += u
    return v


def looks_like_measure(text: str) -> bool:
    """A value with a comparator or a number (and maybe a unit), or a date: the shape of a
    target/actual cell as opposed to a name or a sentence."""
    m = _parse_measure(text)
    return m is not None and m.qualitative is None


def has_comparator(text: str) -> bool:
    t = compact_value(text)
    return bool(_SYMBOLS.match(t)) or t.startswith(("≥", "≤"))
