"""Government revenue/expenditure classification codes (政府收支分类科目).

功能分类 (functional) codes are 类 3 digits (201–234), 款 +2, 项 +2: ``201 03 50`` → ``2010350``.
经济分类 (economic) codes are 类 3 digits (301–399 for 部门预算支出经济分类, 501–599 for 政府预算),
款 +2: ``301 01`` → ``30101``. Tables print them split across 类/款/项 columns, as one cell with
spaces, joined, or in front of the name in the same cell (``201 一般公共服务支出``).
"""

from __future__ import annotations

import re

_CLASS = re.compile(r"^[2-5]\d{2}$")
_PART = re.compile(r"^\d{2}$")
_JOINED = re.compile(r"^(?:[2-5]\d{2})(?:\d{2}){0,2}$")
_SPACE = re.compile(r"\s+")
_LEAD = re.compile(r"^\s*([2-5]\d{2}(?:\s*\d{2}){0,2})(?=\s|[^\d.,%]|$)\s*(.*)$")


def is_class_token(text: str) -> bool:
    """A 3-digit 类 code as a token of its own."""
    return bool(_CLASS.match(text.strip()))


def is_part_token(text: str) -> bool:
    """A 2-digit 款/项 part."""
    return bool(_PART.match(text.strip()))


def kind_of(code: str) -> str:
    """"economic" for 3xx/5xx codes, "function" for 2xx (the functional classification)."""
    return "economic" if code[:1] in "35" else "function"


def join_parts(parts: list[str]) -> str | None:
    """Join 类/款/项 parts (``["201", "03", "50"]`` or ``["2010350"]``) into one code."""
    cleaned = [_SPACE.sub("", p) for p in parts if p and p.strip()]
    if not cleaned:
        return None
    joined = "".join(cleaned)
    if not _JOINED.match(joined):
        return None
    if not (_JOINED.match(cleaned[0]) and all(_PART.match(p) for p in cleaned[1:])):
        return None
    return joined


def split_code_prefix(text: str) -> tuple[str | None, str]:
    """Split ``"201 03 一般公共服务支出"`` / ``"2010350事业运行"`` into (code, rest)."""
    m = _LEAD.match(text)
    if not m:
        return None, text.strip()
    code = _SPACE.sub("", m.group(1))
    if not _JOINED.match(code):
        return None, text.strip()
    return code, m.group(2).strip()


def parent_code(code: str) -> str | None:
    return code[:-2] if len(code) > 3 else None


def level(code: str) -> int:
    """0 for 类, 1 for 款, 2 for 项."""
    return (len(code) - 3) // 2
