"""Compare a parsed Disclosure with an expected-result YAML written by reading the document.

Every expected value is one *check*; numeric values (non-null figures) are also counted as
*figures*. The comparison returns per-section counts and the list of mismatches, so the suite can
say how many figures each seed has and how many the parser matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from budgetlens.model import Disclosure, Measure
from budgetlens.serialize import jsonable
from conftest import shared_dir

EXPECTED_DIR = Path(__file__).parent / "expected"
DATA_DIR = Path(__file__).parent / "data"
SEEDS_DIR = DATA_DIR / "seeds"


@dataclass
class Tally:
    checks: int = 0
    matched: int = 0
    figures: int = 0
    figures_matched: int = 0
    mismatches: list[str] = field(default_factory=list)

    def add(self, where: str, expected: Any, actual: Any) -> None:
        ok = same(expected, actual)
        self.checks += 1
        self.matched += ok
        if _is_figure(expected):
            self.figures += 1
            self.figures_matched += ok
        if not ok:
            self.mismatches.append(f"{where}: expected {expected!r}, got {actual!r}")


def _is_figure(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str):
        try:
            Decimal(value)
            return True
        except InvalidOperation:
            return False
    return False


def norm_text(value: Any) -> str:
    text = str(value)
    text = text.replace("≥", ">=").replace("≤", "<=").replace("＜", "<").replace("＞", ">").replace("％", "%")
    return re.sub(r"\s+", "", text)


def same(expected: Any, actual: Any) -> bool:
    if isinstance(actual, Measure):
        actual = actual.text
    if expected is None:
        return actual is None or actual == "" or actual == []
    if isinstance(expected, bool):
        return actual is expected
    if _is_figure(expected) and actual is not None:
        try:
            return Decimal(str(expected)) == Decimal(str(actual))
        except InvalidOperation:
            return False
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(
            same(e, a) for e, a in zip(expected, actual, strict=True)
        )
    return actual is not None and norm_text(expected) == norm_text(actual)


def load_expected(name: str) -> dict[str, Any]:
    with (EXPECTED_DIR / name).open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def document_path(expected: dict[str, Any]) -> Path:
    """The document an expected file describes: ``path`` relative to the shared folder (a sample in
    ../shared/samples, not committed), else ``document`` in the seeds directory."""
    if "path" in expected:
        return shared_dir() / expected["path"]
    return SEEDS_DIR / expected["document"]


def expected_files() -> list[str]:
    return sorted(p.name for p in EXPECTED_DIR.glob("*.yaml"))


def compare(expected: dict[str, Any], doc: Disclosure) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}

    def tally(section: str) -> Tally:
        return tallies.setdefault(section, Tally())

    t = tally("document")
    for key in ("kind", "year"):
        if key in expected:
            t.add(key, expected[key], jsonable(getattr(doc, key)))
    unit = expected.get("unit", {})
    for key in ("name", "level_word", "department_count", "departments", "sub_unit_count"):
        if key in unit:
            t.add(f"unit.{key}", unit[key], getattr(doc.unit, key))
    for key, value in (unit.get("staff") or {}).items():
        t.add(f"staff.{key}", value, getattr(doc.unit.staff, key, None))

    if "headings" in expected:
        t = tally("headings")
        got = [(h.level, h.title) for h in doc.headings]
        _compare_sequence(t, "heading", [(e[0], e[1]) for e in expected["headings"]], got)

    if "toc" in expected:
        t = tally("toc")
        got_toc = [(e.level, e.title, e.present) for e in doc.toc]
        exp_toc = [(e["level"], e["title"], e.get("present")) for e in expected["toc"]]
        _compare_sequence(t, "toc", exp_toc, got_toc)

    t = tally("facts")
    for key, value in (expected.get("facts") or {}).items():
        t.add(f"facts[{key}]", value, doc.facts.get(key))

    if "tables" in expected:
        _compare_tables(tally("tables"), expected["tables"], doc)
    if "project_list" in expected:
        t = tally("project_list")
        for k, item in enumerate(expected["project_list"]):
            got = doc.project_list[k] if k < len(doc.project_list) else None
            for key, value in item.items():
                t.add(f"project_list[{k}].{key}", value, getattr(got, key, None) if got else None)
    if "performance" in expected:
        _compare_performance(tally("performance"), expected["performance"], doc)
    return tallies


def _compare_sequence(t: Tally, label: str, expected: list[Any], got: list[Any]) -> None:
    """Each expected item counts once; matched when it appears in order in the parsed list."""
    pos = 0
    for item in expected:
        found = None
        for k in range(pos, len(got)):
            if all(same(e, a) for e, a in zip(item, got[k], strict=True)):
                found = k
                break
        t.checks += 1
        if found is None:
            t.mismatches.append(f"{label} missing: {item!r}")
        else:
            t.matched += 1
            pos = found + 1
    extra = len(got) - t.matched
    if extra > 0:
        t.mismatches.append(f"{label}: {extra} parsed items not in the expected list")


def _row_key(row: dict[str, Any]) -> str:
    return f"{row.get('side') or ''}|{row.get('code') or ''}|{norm_text(row.get('name') or '')}|{norm_text(row.get('project') or '')}"


def _compare_tables(t: Tally, expected_tables: list[dict[str, Any]], doc: Disclosure) -> None:
    for et in expected_tables:
        tid = et["id"]
        table = doc.table(tid)
        if table is None:
            t.add(f"{tid}", "present", None)
            for row in et.get("rows", []):
                for key, value in row.items():
                    if key not in ("code", "name", "side", "project"):
                        t.add(f"{tid}.{row.get('name')}.{key}", value, "<table missing>")
            continue
        if "empty" in et:
            t.add(f"{tid}.empty", et["empty"], table.empty)
        got_rows = [
            {"side": r.side, "code": r.code, "name": r.name, "project": r.project, **{k: v for k, v in r.values.items()}}
            for r in table.rows
        ]
        used: set[int] = set()
        for k, row in enumerate(et.get("rows", [])):
            match = _find_row(row, got_rows, used, k)
            for key, value in row.items():
                if key == "name" or key == "side":
                    continue
                actual = got_rows[match].get(key) if match is not None else "<row missing>"
                t.add(f"{tid}[{k}:{row.get('name')}].{key}", value, actual)


def _find_row(row: dict[str, Any], got: list[dict[str, Any]], used: set[int], hint: int) -> int | None:
    key = _row_key(row)
    candidates = [i for i, g in enumerate(got) if i not in used and _row_key(g) == key]
    if not candidates:
        name = norm_text(row.get("name") or "")
        candidates = [i for i, g in enumerate(got) if i not in used and norm_text(g.get("name") or "") == name]
    if not candidates:
        return None
    best = min(candidates, key=lambda i: abs(i - hint))
    used.add(best)
    return best


_PERF_FIELDS = ("table_kind", "level", "name", "amount", "stated_total")
_FUNDING_FIELDS = ("initial_budget", "annual_budget", "executed", "weight", "execution_rate", "score")


def _compare_performance(t: Tally, expected: list[dict[str, Any]], doc: Disclosure) -> None:
    for k, ep in enumerate(expected):
        got = doc.performance[k] if k < len(doc.performance) else None
        where = f"perf[{k}:{ep.get('name')}]"
        for key in _PERF_FIELDS:
            if key in ep:
                t.add(f"{where}.{key}", ep[key], getattr(got, key, None) if got else None)
        for j, fr in enumerate(ep.get("funding", [])):
            gf = got.funding[j] if got and j < len(got.funding) else None
            for key, value in fr.items():
                t.add(f"{where}.funding[{j}].{key}", value, getattr(gf, key, None) if gf else None)
        for j, ei in enumerate(ep.get("indicators", [])):
            gi = got.indicators[j] if got and j < len(got.indicators) else None
            for key, value in ei.items():
                t.add(f"{where}.ind[{j}:{ei.get('name')}].{key}", value, getattr(gi, key, None) if gi else None)


def summarize(results: Iterable[tuple[str, dict[str, Tally]]]) -> str:
    lines = [f"{'seed':32} {'section':14} {'checks':>7} {'matched':>8} {'figures':>8} {'matched':>8}"]
    for name, tallies in results:
        for section, t in tallies.items():
            lines.append(f"{name:32} {section:14} {t.checks:7d} {t.matched:8d} {t.figures:8d} {t.figures_matched:8d}")
    return "\n".join(lines)
