"""One JSON-ready serialisation of the model, used by the CLI, the reports and the tests."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from enum import Enum
from typing import Any

from budgetlens.model import Disclosure, PerformanceTable


def jsonable(obj: Any) -> Any:
    """Convert dataclasses, Decimals and enums to plain JSON types; drop empty optionals."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, Decimal):
        return int(obj) if obj == obj.to_integral_value() and obj.as_tuple().exponent == 0 else float(obj)
    if isinstance(obj, Enum):
        return obj.value
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if value is None and f.name in _OMIT_WHEN_NONE:
                continue
            out[f.name] = jsonable(value)
        return out
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    return str(obj)


# Location fields that are absent for a format are left out to keep the JSON readable.
_OMIT_WHEN_NONE = {"file", "page", "line", "line_end", "table", "row", "column", "bbox", "sheet", "cell"}


def project_view(perf: PerformanceTable) -> dict[str, Any]:
    total = perf.total_funding
    return {
        "name": perf.name,
        "table_kind": perf.table_kind,
        "level": perf.level,
        "amount": jsonable(perf.amount),
        "initial_budget": jsonable(total.initial_budget) if total else None,
        "annual_budget": jsonable(total.annual_budget) if total else None,
        "executed": jsonable(total.executed) if total else None,
        "stated_score": jsonable(perf.stated_total),
        "computed_score": jsonable(perf.computed_score),
        "indicators": jsonable(perf.indicators),
        "location": jsonable(perf.location),
    }


def projects(disclosure: Disclosure) -> list[dict[str, Any]]:
    """The contract's ``projects``: every project-level performance table, then every project of
    budget table 7 that has no performance table of its own."""
    out = [project_view(p) for p in disclosure.performance if p.level == "project"]
    named = {p.name for p in disclosure.performance}
    for item in disclosure.project_list:
        if item.name in named:
            continue
        out.append(
            {
                "name": item.name,
                "table_kind": None,
                "level": "project",
                "amount": jsonable(item.amount),
                "initial_budget": None,
                "annual_budget": None,
                "executed": None,
                "stated_score": None,
                "computed_score": None,
                "indicators": [],
                "location": jsonable(item.location),
            }
        )
    amounts = {i.name: i.amount for i in disclosure.project_list}
    for entry in out:
        if entry["amount"] is None and entry["name"] in amounts:
            entry["amount"] = jsonable(amounts[entry["name"]])
    return out


def disclosure_to_dict(d: Disclosure) -> dict[str, Any]:
    return {
        "source": {"path": d.source_path, "format": d.source_format, "layouts": d.layouts},
        "kind": jsonable(d.kind),
        "year": d.year,
        "title": d.title,
        "is_template": d.is_template,
        "unit": jsonable(d.unit),
        "facts": {k: jsonable(v) for k, v in sorted(d.facts.items())},
        "projects": projects(d),
        "scoring_profile": d.scoring_profile,
        "toc": jsonable(d.toc),
        "headings": jsonable(d.headings),
        "tables": jsonable(d.tables),
        "project_list": jsonable(d.project_list),
        "performance": jsonable(d.performance),
        "statements": jsonable(d.statements),
        "fact_occurrences": jsonable(d.fact_occurrences),
        "warnings": d.warnings,
    }
