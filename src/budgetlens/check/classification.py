"""政府收支分类科目 data: function classification (类/款/项) and 部门预算支出经济分类 per year.

Files live in ``budgetlens/data/classification/<year>.yaml``. A file may ``extends`` an earlier
year and then list ``add``/``remove``/``rename`` changes. The data are deliberately incomplete:
they hold the codes their authors are sure of, so a code absent from the data is reported at most
as info, never as an error.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass(slots=True)
class Classification:
    year: int
    source: str
    function: dict[str, str] = field(default_factory=dict)
    economic: dict[str, str] = field(default_factory=dict)
    complete_classes: set[str] = field(default_factory=set)  # 类 codes whose 款 list is complete

    def name(self, code: str, kind: str) -> str | None:
        table = self.economic if kind == "economic" else self.function
        return table.get(code)


DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "classification"


def available_years() -> list[int]:
    years = []
    for entry in DATA_DIR.iterdir():
        m = re.fullmatch(r"(\d{4})\.yaml", entry.name)
        if m:
            years.append(int(m.group(1)))
    return sorted(years)


def _raw(year: int) -> dict[str, Any]:
    data = yaml.safe_load((DATA_DIR / f"{year}.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"classification {year}: not a mapping")
    return data


def _codes(section: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in (section or {}).items()}


@functools.lru_cache(maxsize=16)
def load(year: int) -> Classification:
    data = _raw(year)
    if "extends" in data:
        base = load(int(data["extends"]))
        c = Classification(year=year, source=str(data.get("source", "")), function=dict(base.function),
                           economic=dict(base.economic), complete_classes=set(base.complete_classes))
    else:
        c = Classification(year=year, source=str(data.get("source", "")))
    for kind in ("function", "economic"):
        target: dict[str, str] = getattr(c, kind)
        target.update(_codes(data.get(kind)))
        changes = data.get("changes", {}) or {}
        for code in (changes.get("remove", {}) or {}).get(kind, []) or []:
            target.pop(str(code), None)
        target.update(_codes((changes.get("add", {}) or {}).get(kind)))
        target.update(_codes((changes.get("rename", {}) or {}).get(kind)))
    c.complete_classes.update(str(x) for x in data.get("complete_classes", []) or [])
    return c


def for_year(year: int | None) -> tuple[Classification | None, bool]:
    """The data for ``year``, or for the nearest earlier (else later) year; the flag says whether
    the year itself is covered."""
    years = available_years()
    if not years:
        return None, False
    if year in years:
        return load(year), True
    if year is None:
        return load(years[-1]), False
    earlier = [y for y in years if y < year]
    return load(earlier[-1] if earlier else years[0]), False


_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"})


def normalize_name(name: str) -> str:
    s = name.translate(_BRACKETS)
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"\((类|款|项)\)$", "", s)
    s = re.sub(r"^(其中[:：]?)", "", s)
    s = s.replace("“", "").replace("”", "").replace('"', "")
    return s


def names_match(printed: str, official: str) -> bool:
    a, b = normalize_name(printed), normalize_name(official)
    if not a:
        return True
    if a == b:
        return True
    # printed names are often truncated in narrow columns, or drop the bracketed part
    a2, b2 = re.sub(r"\([^)]*\)", "", a), re.sub(r"\([^)]*\)", "", b)
    return a2 == b2 or (len(a) >= 4 and b.startswith(a))
