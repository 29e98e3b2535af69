"""Rows of the library made from one parsed document and its findings.

Amounts stay exact: decimals are written as their text ("604.13"), never through floats.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from budgetlens.check.findings import Finding
from budgetlens.library.models import DocTable, Fact, FactOccurrence, FindingRow, Project
from budgetlens.model import Disclosure


def plain(obj: Any) -> Any:
    """JSON-ready copy: decimals as exact text, enums as values, None fields left out."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, Decimal):
        return format(obj, "f")
    if isinstance(obj, Enum):
        return obj.value
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if value is None or value == [] or value == {}:
                continue
            out[f.name] = plain(value)
        return out
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    return str(obj)


def location_json(location: Any, display: str) -> dict[str, Any]:
    """A model Location as JSON, naming the document by the path it was added from."""
    out = plain(location) if location is not None else {}
    if "file" in out:
        out["file"] = display
    return out


def text_value(v: Decimal | str | None) -> str | None:
    if v is None:
        return None
    return format(v, "f") if isinstance(v, Decimal) else str(v)


def fingerprint(document_sha: str, finding: Finding, other_sha: str | None = None) -> str:
    """Stable across re-checks: the document's content (and the other document's, for a
    cross-document finding), the rule, where, expected and actual. A finding that points nowhere
    (no page, table, row…) is told apart from the rule's others by its evidence."""
    where = finding.location.to_dict()
    parts = [document_sha, other_sha or "", finding.rule,
             json.dumps(where, sort_keys=True, ensure_ascii=False),
             text_value(finding.expected) or "", text_value(finding.actual) or ""]
    if not any(v is not None for v in where.values()):
        parts.append(finding.evidence)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def finding_row(document_id: int, document_sha: str, f: Finding, other: tuple[int, str] | None = None) -> FindingRow:
    return FindingRow(
        document_id=document_id,
        other_document_id=other[0] if other else None,
        rule=f.rule,
        severity=f.severity.value,
        grp=f.group,
        title=f.title,
        message=f.message,
        message_id=f.message_id if f.message_override is None else None,
        params=encode_params(f.params) if f.message_override is None else None,
        location=f.location.to_dict(),
        expected=text_value(f.expected),
        actual=text_value(f.actual),
        evidence=f.evidence,
        fingerprint=fingerprint(document_sha, f, other[1] if other else None),
    )


def encode_params(value: Any) -> Any:
    """A finding's parameters as JSON that gives them back exactly: a Decimal as ``{"$decimal":
    "1535.80"}`` (its printed decimals kept), an enum as its value, lists and mappings inside."""
    if isinstance(value, Decimal):
        return {"$decimal": format(value, "f")}
    if isinstance(value, Enum):
        return encode_params(value.value)
    if isinstance(value, dict):
        return {str(k): encode_params(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [encode_params(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value)]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def decode_params(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$decimal"}:
            return Decimal(value["$decimal"])
        return {k: decode_params(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_params(v) for v in value]
    return value


def finding_text(message_id: str | None, params: Any, stored: str) -> str:
    """A stored finding's sentence in the current language (the stored text when it has no id)."""
    if not message_id:
        return stored
    from budgetlens.i18n import has, t

    if not has(message_id):
        return stored
    return t(message_id, **(decode_params(params) or {}))


def content_rows(document_id: int, d: Disclosure, display: str) -> list[Any]:
    """Facts, their occurrences, tables and projects of a document."""
    rows: list[Any] = []
    scopes: dict[str, str] = {}
    for o in d.fact_occurrences:
        scopes.setdefault(o.key, o.scope)
        rows.append(FactOccurrence(document_id=document_id, key=o.key, value=o.value, scope=o.scope,
                                   origin=o.origin, unit=o.unit, evidence=o.evidence,
                                   location=location_json(o.location, display)))
    for key, value in sorted(d.facts.items()):
        rows.append(Fact(document_id=document_id, key=key, value=value, scope=scopes.get(key, "document")))
    for t in d.tables:
        rows.append(DocTable(document_id=document_id, table_id=t.id, number=t.number, title=t.title,
                             page=t.location.page, unit_of_amount=t.unit_of_amount,
                             columns=plain(t.columns),
                             rows=[_row(r, display) for r in t.rows], warnings=list(t.warnings)))
    rows.extend(project_rows(document_id, d))
    return rows


def _row(r: Any, display: str) -> dict[str, Any]:
    out = {"name": r.name, "values": plain(r.values), "code": r.code, "code_kind": r.code_kind,
           "is_total": r.is_total, "project": r.project, "side": r.side,
           "location": location_json(r.location, display)}
    return {k: v for k, v in out.items() if v is not None}


def project_rows(document_id: int, d: Disclosure) -> list[Project]:
    """Every project-level performance table, then each project of budget table 7 without one
    (the contract's ``projects``), with exact amounts and scores."""
    amounts = {i.name: i.amount for i in d.project_list}
    out = []
    named = set()
    for p in d.performance:
        named.add(p.name)
        if p.level != "project":
            continue
        out.append(Project(document_id=document_id, name=p.name, table_kind=p.table_kind,
                           amount=p.amount if p.amount is not None else amounts.get(p.name),
                           stated_score=p.stated_total, computed_score=p.computed_score))
    for item in d.project_list:
        if item.name not in named:
            out.append(Project(document_id=document_id, name=item.name, table_kind=None, amount=item.amount))
    return out


def pages_of(d: Disclosure) -> int | None:
    """The highest page any located element of the document stands on (None for paged-less input)."""
    pages = [o.location.page for o in d.fact_occurrences if o.location.page] + \
        [t.location.page for t in d.tables if t.location.page] + \
        [h.location.page for h in d.headings if h.location.page]
    return max(pages) if pages else None


def context_name(d: Disclosure) -> str:
    """The name the check engine gives the document in findings (its file name)."""
    return Path(d.source_path).name
