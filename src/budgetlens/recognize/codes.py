"""Government revenue/expenditure classification codes (政府收支分类科目).

功能分类 (functional) codes are 类 3 digits (201–234), 款 +2, 项 +2: ``201 03 50`` → ``2010350``.
经济分类 (economic) codes are 类 3 digits (301–399 for 部门预算支出经济分类, 501–599 for 政府预算),
款 +2: ``301 01`` → ``30101``. Tables print them split across 类/款/项 columns, as one cell with
spaces, joined, or in front of the name in the same cell (``201 一般公共服务支出``).
"""

from __future__ import annotations

import re

from budgetlens.recognize.lazy_pattern import lazy

_CLASS = lazy(r"^[2-5]\d{2}$")
_PART = lazy(r"^\d{2}$")
_JOINED = lazy(r"^(?:[2-5]\d{2})(?:\d{2}){0,2}$")
# classification names carry no sentence punctuation; a figure's unit never starts one
_NOT_A_NAME = lazy(r"[，。；！？;!?]")
_FIGURE_UNIT = lazy(r"^(?:万元|亿元|元|%|％)")
_LEAD = lazy(r"^\s*([2-5]\d{2}(?:\s*\d{2}){0,2})(?=\s|[^\d.,%]|$)\s*(.*)$")


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
    cleaned = ["".join(p.split()) for p in parts if p and p.strip()]
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
    code = "".join(m.group(1).split())
    rest = m.group(2).strip()
    if not _JOINED.match(code) or _NOT_A_NAME.search(rest) or _FIGURE_UNIT.match(rest):
        # "400个全市信息化项目的立项、…，…" / "440万元。": a figure leading a sentence, not a code
        return None, text.strip()
    return code, rest


def parent_code(code: str) -> str | None:
    return code[:-2] if len(code) > 3 else None


def level(code: str) -> int:
    """0 for 类, 1 for 款, 2 for 项."""
    return (len(code) - 3) // 2


# 政府收支分类科目 支出功能分类 类 (stable across 2020–2025 editions).
FUNCTION_CLASSES: dict[str, str] = {
    "一般公共服务支出": "201",
    "外交支出": "202",
    "国防支出": "203",
    "公共安全支出": "204",
    "教育支出": "205",
    "科学技术支出": "206",
    "文化旅游体育与传媒支出": "207",
    "社会保障和就业支出": "208",
    "社会保险基金支出": "209",
    "卫生健康支出": "210",
    "节能环保支出": "211",
    "城乡社区支出": "212",
    "农林水支出": "213",
    "交通运输支出": "214",
    "资源勘探工业信息等支出": "215",
    "商业服务业等支出": "216",
    "金融支出": "217",
    "援助其他地区支出": "219",
    "自然资源海洋气象等支出": "220",
    "住房保障支出": "221",
    "粮油物资储备支出": "222",
    "国有资本经营预算支出": "223",
    "灾害防治及应急管理支出": "224",
    "预备费": "227",
    "其他支出": "229",
    "转移性支出": "230",
    "债务还本支出": "231",
    "债务付息支出": "232",
    "债务发行费用支出": "233",
}


_LEAD_NUMBER = lazy(r"^(?:[一二三四五六七八九十]+、|\d+[.、]|[（(][一二三四五六七八九十\d]+[)）])")


def class_code(name: str) -> str | None:
    """The 类 code of a row printed with its class name and no code ("一般公共服务支出")."""
    return FUNCTION_CLASSES.get(_LEAD_NUMBER.sub("", re.sub(r"\s+", "", name)).removesuffix("(类)").removesuffix("（类）"))
