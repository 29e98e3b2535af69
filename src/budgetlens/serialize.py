"""One JSON-ready serialisation of the model, used by the CLI, the reports and the tests."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from enum import Enum
from typing import Any

from budgetlens.model import Disclosure, PerformanceTable, ProjectListItem


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
    """The contract's ``projects``: each project once — its performance table(s) and its row(s) of
    budget table 7 joined by ``recognize.projects`` even where printed under different names — with
    ``names``, every name it was printed under."""
    from budgetlens.recognize.projects import Entry, group

    entries = [Entry(p.name, p.amount, p.table_kind, p, owner=p.implementer or "")
               for p in disclosure.performance if p.level == "project"]
    entries += [Entry(i.name, i.amount, "list", i) for i in disclosure.project_list]
    out: list[dict[str, Any]] = []
    for project in group(entries, disclosure.unit.name):
        tables = [e.ref for e in project.entries if isinstance(e.ref, PerformanceTable)]
        items = [e.ref for e in project.entries if isinstance(e.ref, ProjectListItem)]
        if tables:
            entry = project_view(tables[0])
        else:
            first = items[0]
            entry = {
                "name": first.name,
                "table_kind": None,
                "level": "project",
                "amount": None,
                "initial_budget": None,
                "annual_budget": None,
                "executed": None,
                "stated_score": None,
                "computed_score": None,
                "indicators": [],
                "location": jsonable(first.location),
            }
        if entry["amount"] is None and items:
            listed = [i.amount for i in items]
            if all(a is not None for a in listed):
                entry["amount"] = jsonable(sum((a for a in listed if a is not None), Decimal(0)))
        entry["names"] = project.names
        out.append(entry)
    return out


def disclosure_to_dict(d: Disclosure) -> dict[str, Any]:
    """The model as JSON; its parse warnings (made once, in English) rendered in the reader's language."""
    from budgetlens.i18n import localized

    out = _disclosure_dict(d)
    out["warnings"] = [localized(w) for w in d.warnings]
    for item, table in zip(out["tables"], d.tables, strict=True):
        item["warnings"] = [localized(w) for w in table.warnings]
    for item, perf in zip(out["performance"], d.performance, strict=True):
        item["warnings"] = [localized(w) for w in perf.warnings]
    return out


def _disclosure_dict(d: Disclosure) -> dict[str, Any]:
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
